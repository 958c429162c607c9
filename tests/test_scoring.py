"""Tests for :mod:`alliance_risk.scoring`.

Agreement with the reference engine, the invariants of the scoring rule (each a
hypothesis property), and the story the built-in scenario tells.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from itertools import combinations
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk import (
    ScoringConfig,
    World,
    compile_world,
    load_scenario,
    month_starts,
    power_mean,
    score_dyads,
    score_triad,
    timeline,
    top_triads,
)
from alliance_risk.models import states_tied
from alliance_risk.signals import get_signal
from alliance_risk.testing.properties import (
    PropertyViolationError,
    check_bounded,
    check_contributions_sum,
    check_decaying,
    check_enemies_below_strangers,
    check_evidence_complete,
    check_irrelevant_states,
    check_left_out,
    check_monotone,
    check_no_look_ahead,
    check_order_independent,
    check_permutation_invariant,
    check_symmetric,
    check_weight_scale_invariant,
)
from alliance_risk.testing.strategies import (
    SECOND_ORDER,
    conflicts,
    contiguities,
    deployments,
    exercises,
    lifelines,
    pacts,
    rivalries,
    scoring_configs,
    summits,
    worlds,
)
from alliance_risk.world import RECORD_KINDS

from . import reference_engine as ref

WINDOW = (date(2000, 1, 1), date(2030, 12, 31))
DATES = st.dates(min_value=WINDOW[0], max_value=WINDOW[1])
WORLDS = worlds(min_states=2, max_states=5, max_records=4, date_range=WINDOW)
TRIO_WORLDS = worlds(min_states=3, max_states=5, max_records=4, date_range=WINDOW)
# Worlds where enmity is certain to be present, with few other records.
# (dated up to 2020, so that most are seen on dates drawn up to 2030)
ENMITY_WORLDS = worlds(
    min_states=3,
    max_states=5,
    max_records=1,
    min_conflicts=1,
    max_conflicts=3,
    min_rivalries=1,
    max_rivalries=3,
    date_range=(WINDOW[0], date(2020, 12, 31)),
)
FIRST_ORDER = [n for n in ref.SIGNALS if n not in SECOND_ORDER]
CONFIGS = scoring_configs()
# Any configuration, or one whose weights are on first-order signals only (monotone).
MIXED_CONFIGS = st.one_of(scoring_configs(signals=FIRST_ORDER), scoring_configs())
# ... or one that weighs enmity for sure (three of four, so antagonism or rivalry).
ENMITY_CONFIGS = st.one_of(
    MIXED_CONFIGS,
    scoring_configs(signals=["pact", "antagonism", "rivalry", "cobelligerence"], min_signals=3),
)


def trio_of(world: World, data: st.DataObject) -> tuple[str, str, str]:
    trio = data.draw(st.lists(st.sampled_from(world.codes), min_size=3, max_size=3, unique=True))
    return (trio[0], trio[1], trio[2])


# --- agreement with the pure-Python reference -------------------------------------------


@given(WORLDS, CONFIGS, DATES)
def test_dyads_agree_with_the_reference_engine(world: World, cfg: ScoringConfig, day: date) -> None:
    s = score_dyads(world, day, cfg)
    slow = np.array(ref.dyad_matrix(world, day, cfg))
    np.testing.assert_allclose(s.matrix, slow, rtol=0, atol=1e-9)
    assert set(s.left_out) == ref.left_out(world, day, cfg)


@given(TRIO_WORLDS, CONFIGS, DATES, st.data())
def test_triads_agree_with_the_reference_engine(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    trio = trio_of(world, data)
    t = score_triad(world, trio, day, cfg)
    assert t.score == pytest.approx(ref.triad_score(world, trio, day, cfg), abs=1e-9)
    assert set(t.left_out) == ref.left_out(world, day, cfg)


@given(ENMITY_WORLDS, CONFIGS, DATES, st.data())
def test_enmity_worlds_agree_with_the_reference_engine(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    # conflicts with side switchers, rivalries, guarantee pacts, coverage windows
    np.testing.assert_allclose(
        score_dyads(world, day, cfg).matrix, ref.dyad_matrix(world, day, cfg), atol=1e-9
    )
    trio = trio_of(world, data)
    expected = ref.triad_score(world, trio, day, cfg)
    assert score_triad(world, trio, day, cfg).score == pytest.approx(expected, abs=1e-9)
    assert timeline(world, trio, [day], cfg).scores[0] == pytest.approx(expected, abs=1e-9)


def test_reference_agreement_on_the_built_in_scenario() -> None:
    world = load_scenario("axis-of-upheaval")
    every = ScoringConfig(weights=dict.fromkeys(ref.SIGNALS, 1.0))
    for cfg in (ScoringConfig(), every):
        for day in (date(2019, 6, 1), date(2024, 12, 31), date(2025, 10, 2)):
            fast = score_dyads(world, day, cfg).matrix
            np.testing.assert_allclose(fast, ref.dyad_matrix(world, day, cfg), atol=1e-9)
            for trio in (("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR"), ("CHN", "RUS", "IRN")):
                expected = ref.triad_score(world, trio, day, cfg)
                assert score_triad(world, trio, day, cfg).score == pytest.approx(expected, abs=1e-9)


# --- invariants: the engine's own rule, checked with the public toolkit ---------------------
# Each property draws Worlds and configurations and calls the alliance_risk.testing
# check that users call on their own rules; a few direct assertions sit beside them.


@given(WORLDS, CONFIGS, DATES)
def test_pair_scores_are_bounded_symmetric_and_sum_their_contributions(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_bounded(world, day, cfg)
    check_symmetric(world, day, cfg)
    check_contributions_sum(world, day, cfg)
    s = score_dyads(world, day, cfg)
    np.testing.assert_array_equal(s.matrix, s.matrix.T)  # exactly, not within 1e-9
    for a, b in combinations(s.states, 2):
        assert sum(e.share for e in s.explain(a, b)) == pytest.approx(s.score(a, b), abs=1e-9)


@given(TRIO_WORLDS, CONFIGS, DATES, st.data())
def test_triad_is_order_invariant_and_exactly_decomposed(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    trio = trio_of(world, data)
    check_permutation_invariant(world, trio, day, cfg)
    t = score_triad(world, trio, day, cfg)
    assert sum(t.contributions.values()) == pytest.approx(t.score, abs=1e-9)
    assert sum(e.share for e in t.evidence) == pytest.approx(t.score, abs=1e-9)
    for name, part in t.contributions.items():  # enmity never counts for a trio
        assert ref.SIGNALS[name][0] * part >= -1e-12, name


@given(TRIO_WORLDS, MIXED_CONFIGS, DATES, st.data())
def test_adding_a_record_moves_scores_only_its_own_way(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    members = st.sampled_from(trio_of(world, data))
    record = data.draw(
        st.one_of(
            pacts(parties=members, max_parties=3, date_range=WINDOW),
            deployments(states=members, date_range=WINDOW),
            summits(participants=members, max_participants=3, date_range=WINDOW),
            exercises(participants=members, max_participants=3, date_range=WINDOW),
            lifelines(states=members, date_range=WINDOW),
            conflicts(participants=members, max_participants=3, date_range=WINDOW),
            rivalries(states=members, date_range=WINDOW),
            contiguities(states=members, date_range=WINDOW),
        )
    )
    check_monotone(world, record.model_copy(update={"id": "ADDED"}), day, cfg)


@given(TRIO_WORLDS, CONFIGS, DATES)
def test_records_dated_after_as_of_change_nothing(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_no_look_ahead(world, day, cfg)


@given(WORLDS, CONFIGS, DATES)
def test_a_state_with_no_records_changes_no_other_score(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_irrelevant_states(world, day, cfg)


@given(WORLDS, CONFIGS, DATES, st.integers(1, 5_000))
def test_without_new_events_no_contribution_grows(
    world: World, cfg: ScoringConfig, day: date, gap: int
) -> None:
    check_decaying(world, day, day + timedelta(days=gap), cfg)


@given(WORLDS, CONFIGS, DATES, st.integers(0, 2**32 - 1))
def test_results_do_not_depend_on_record_order(
    world: World, cfg: ScoringConfig, day: date, seed: int
) -> None:
    check_order_independent(world, day, cfg, seed=seed)


@given(WORLDS, CONFIGS, DATES, st.floats(0.01, 100.0))
def test_scaling_all_weights_changes_nothing(
    world: World, cfg: ScoringConfig, day: date, factor: float
) -> None:
    check_weight_scale_invariant(world, day, cfg, factor=factor)


@given(ENMITY_WORLDS, ENMITY_CONFIGS, st.dates(date(2010, 1, 1), WINDOW[1]))
def test_enemies_score_below_strangers(world: World, cfg: ScoringConfig, day: date) -> None:
    check_enemies_below_strangers(world, day, cfg)


@given(WORLDS, CONFIGS, DATES)
def test_a_signal_without_data_never_changes_a_score(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_left_out(world, day, cfg)


@given(WORLDS, CONFIGS, DATES)
def test_every_record_that_moves_a_score_is_in_its_evidence(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_evidence_complete(world, day, cfg)


# --- the checks are sharp: each catches the engine broken on purpose ---------------------


def with_signal(monkeypatch: pytest.MonkeyPatch, name: str, **changes: Any) -> None:
    from alliance_risk import signals

    broken = dataclasses.replace(signals.SIGNALS[name], **changes)
    monkeypatch.setattr(signals, "SIGNALS", MappingProxyType({**signals.SIGNALS, name: broken}))


def test_the_toolkit_catches_a_broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    # If the engine forgot to hide future records, the same checks would fail.
    from alliance_risk.signals.events import event_pair_rows

    def leaky(cw, days, config):  # type: ignore[no-untyped-def]
        rows = event_pair_rows(cw.summits, days, config.summit_half_life, config)
        return type(rows)(rows.i, rows.j, rows.record, np.ones_like(rows.values))

    with_signal(monkeypatch, "summits", pair_rows=leaky)
    world = load_scenario("axis-of-upheaval")
    with pytest.raises(
        PropertyViolationError,
        match=r"no_look_ahead: summit 'S-SCO-2025-09-01' .*dated after the scoring date 2025-01-01",
    ):
        check_no_look_ahead(world, "2025-01-01", ScoringConfig(weights={"summits": 1}))


SRC = {"source": ["test"], "confidence": "confirmed"}


def small_world(**records: Any) -> World:
    states = [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")]
    return World.model_validate({"states": states, **records})


def war(
    cid: str, a: list[str], b: list[str], start: str = "2001-01-01", **kw: Any
) -> dict[str, Any]:
    sides = [[{"state": x, "joined": start} for x in side] for side in (a, b)]
    return {
        "id": cid,
        "name": cid,
        "kind": "war",
        "start": start,
        "hostility": 5,
        "sides": sides,
        **SRC,
        **kw,
    }


def test_enmity_counted_as_friendship_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    with_signal(monkeypatch, "antagonism", sign=1)
    w = small_world(conflicts=[war("W1", ["AAA"], ["BBB"])])
    with pytest.raises(
        PropertyViolationError,
        match=r"enemies_below_strangers: AAA-BBB, whose "
        r"only records are enmity \(conflict 'W1'",
    ):
        check_enemies_below_strangers(w, "2001-06-01")
    feud = small_world(
        rivalries=[{"id": "R", "rivals": ["AAA", "BBB"], "start": "2000-01-01", **SRC}]
    )
    extra = war("W2", ["AAA"], ["BBB"]) | {"id": "NEW"}
    with pytest.raises(PropertyViolationError, match="which makes enemies of AAA-BBB, raised it"):
        check_monotone(
            feud,
            World.model_validate({"conflicts": [extra], "states": feud.states}).conflicts[0],
            "2001-06-01",
        )


def test_weighing_signals_without_data_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    from alliance_risk import engine

    monkeypatch.setattr(engine, "covered_days", lambda cw, kinds, days: np.ones(days.size, bool))
    pacts_only = World(states=AXIS.states, pacts=AXIS.pacts)
    with pytest.raises(
        PropertyViolationError, match="left_out: on 2025-01-01 the World has no data for"
    ):
        check_left_out(pacts_only, "2025-01-01")


# --- known engine bugs, pinned ------------------------------------------------------------


def test_a_spell_begun_after_as_of_does_not_reach_back() -> None:
    # AAA fights BBB from 2000-01-01, leaves on 2000-01-10 and comes back on 2001-01-01.
    # On 2000-06-01 the return has not happened: antagonism must have decayed for 143 days
    # (-0.0361 with a 30-day half-life), not be at full strength (-0.6321).
    w = small_world(
        conflicts=[
            {
                "id": "C",
                "name": "c",
                "kind": "war",
                "start": "2000-01-01",
                "hostility": 5,
                **SRC,
                "sides": [
                    [
                        {"state": "AAA", "joined": "2000-01-01", "left": "2000-01-10"},
                        {"state": "AAA", "joined": "2001-01-01"},
                    ],
                    [{"state": "BBB", "joined": "2000-01-01"}],
                ],
            }
        ]
    )
    check_no_look_ahead(
        w, "2000-06-01", ScoringConfig(weights={"antagonism": 1}, conflict_half_life=30)
    )


def four_states(**records: Any) -> World:
    states = [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC", "DDD")]
    return World.model_validate({"states": states, **records})


def defence(pid: str, a: str, b: str) -> dict[str, Any]:
    return {
        "id": pid,
        "name": pid,
        "parties": [a, b],
        "signed": "2000-01-01",
        "in_force": "2000-01-01",
        "obligations": ["defence"],
        **SRC,
    }


def rivals(rid: str, a: str, b: str) -> dict[str, Any]:
    return {"id": rid, "rivals": [a, b], "start": "2000-01-01", **SRC}


def test_ally_of_enemy_evidence_names_every_path() -> None:
    # AAA-BBB: AAA's ally CCC is BBB's rival, and BBB's ally DDD is AAA's rival. Both paths
    # count (score sat(1) = 0.632), but only P-AC and R-BC are named as the evidence.
    w = four_states(
        pacts=[defence("P-AC", "AAA", "CCC"), defence("P-BD", "BBB", "DDD")],
        rivalries=[rivals("R-BC", "BBB", "CCC"), rivals("R-AD", "AAA", "DDD")],
    )
    cfg = ScoringConfig(weights={"ally_of_enemy": 1})
    assert score_dyads(w, "2001-01-01", cfg).score("AAA", "BBB") == pytest.approx(
        -(1 - np.exp(-1.0))
    )
    check_evidence_complete(w, "2001-01-01", cfg)


def test_a_subnormal_parameter_gives_finite_evidence() -> None:
    w = small_world(
        pacts=[
            {
                "id": "P",
                "name": "p",
                "parties": ["AAA", "CCC"],
                "signed": "2000-01-01",
                "obligations": ["defence"],
                **SRC,
            }
        ],
        conflicts=[
            war("C1", ["AAA"], ["BBB"], "2000-01-01"),
            war("C2", ["CCC"], ["AAA", "BBB"], "2000-01-01"),
        ],
    )
    cfg = ScoringConfig(weights={"ally_of_enemy": 1}, pending_pact_factor=1e-320)
    t = score_triad(w, ("CCC", "AAA", "BBB"), "2000-01-01", cfg)
    assert sum(e.share for e in t.evidence) == pytest.approx(t.score, abs=1e-12)


# --- signed scores, coverage and left-out signals on hand-made Worlds -----------------------


def test_a_pact_only_world_scores_as_pacts_alone_and_reports_the_rest_left_out() -> None:
    pacts_only = World(states=AXIS.states, pacts=AXIS.pacts)
    alone = ScoringConfig(weights={"pact": 1})
    left = (
        "troops",
        "materiel",
        "summits",
        "exercises",
        "lifelines",
        "antagonism",
        "rivalry",
        "cobelligerence",
    )
    for day in ("2019-06-01", "2025-06-01"):
        s, p = score_dyads(pacts_only, day), score_dyads(pacts_only, day, alone)
        np.testing.assert_allclose(s.matrix, p.matrix, rtol=0, atol=1e-12)  # no cap at 0.2
        assert s.left_out == left and p.left_out == ()
        # a confirmed mutual defence treaty, its record at full weight: the pact signal's
        # ceiling, and the whole score when only pacts are scored
        treaty = AXIS.record("P8-USA-KOR-1953")
        weight = ScoringConfig().confidence_weights[treaty.confidence]
        assert s.score("USA", "KOR") == pytest.approx(weight)
        t = score_triad(pacts_only, CRK, day)
        assert t.score == pytest.approx(score_triad(pacts_only, CRK, day, alone).score, abs=1e-12)
        assert t.left_out == left
    line = timeline(pacts_only, ("USA", "JPN"), ["2019-06-01", "2025-06-01"])
    assert line.left_out == left and line.scores[1] == pytest.approx(0.7)


def test_no_covered_signal_means_weights_and_scores_of_zero() -> None:
    w = small_world(
        summits=[{"id": "S", "participants": ["AAA", "BBB"], "date": "2001-01-01", **SRC}]
    )
    s = score_dyads(w, "2001-06-01", ScoringConfig(weights={"pact": 1, "rivalry": 1}))
    assert not s.matrix.any() and s.left_out == ("pact", "rivalry")
    assert s.explain("AAA", "BBB") == ()


def test_signals_are_left_out_outside_their_coverage_and_the_rest_renormalised() -> None:
    w = small_world(
        conflicts=[war("W", ["AAA"], ["BBB"], end="2003-12-31")],
        rivalries=[rivals("R", "AAA", "BBB")],
        coverage={"conflicts": {"first": "2000-01-01", "last": "2004-12-31"}},
    )
    cfg = ScoringConfig(weights={"antagonism": 1, "rivalry": 1})
    inside = score_dyads(w, "2002-01-01", cfg)
    assert inside.score("AAA", "BBB") == pytest.approx(-0.5 * (1 - np.exp(-1.0)) - 0.5)
    outside = score_dyads(w, "2005-01-01", cfg)
    assert outside.left_out == ("antagonism",)
    assert outside.score("AAA", "BBB") == -1.0  # rivalry alone, at full weight
    t = timeline(w, ("AAA", "BBB"), ["2002-01-01", "2005-01-01"], cfg)
    assert t.left_out == ("antagonism",)
    np.testing.assert_allclose(t.scores, [inside.score("AAA", "BBB"), -1.0])


def test_enemies_score_below_strangers_and_their_records_say_why() -> None:
    # AAA and BBB are rivals and at war; CCC has no record with either.
    w = small_world(conflicts=[war("W1", ["AAA"], ["BBB"])], rivalries=[rivals("R1", "AAA", "BBB")])
    s = score_dyads(w, "2001-06-01")  # the default configuration
    # covered: antagonism 0.25, rivalry 0.15, cobelligerence 0.10, renormalised over 0.5
    expected = -(0.5 * (1 - np.exp(-1.0)) + 0.3 * 1.0)
    assert s.score("AAA", "BBB") == pytest.approx(expected)
    assert s.score("AAA", "CCC") == s.score("BBB", "CCC") == 0.0
    assert s.score("AAA", "BBB") < s.score("AAA", "CCC")
    evidence = s.explain("AAA", "BBB")
    assert {(e.record, e.signal) for e in evidence} == {("W1", "antagonism"), ("R1", "rivalry")}
    assert all(e.share < 0 for e in evidence)
    assert sum(e.share for e in evidence) == pytest.approx(expected)
    assert s.contributions["antagonism"][0, 1] == pytest.approx(-0.5 * (1 - np.exp(-1.0)))
    check_enemies_below_strangers(w, "2001-06-01")


def test_shapley_contributions_sum_to_the_triad_score_with_enmity() -> None:
    # AAA and BBB are allies; both fight CCC. The bloc AAA-BBB-CCC is no bloc.
    w = small_world(
        pacts=[defence("P", "AAA", "BBB")],
        conflicts=[war("W", ["AAA", "BBB"], ["CCC"])],
        rivalries=[rivals("R", "BBB", "CCC")],
    )
    weights = {"pact": 1, "antagonism": 1, "rivalry": 1, "cobelligerence": 1}
    geometric = score_triad(w, ("AAA", "BBB", "CCC"), "2001-06-01", ScoringConfig(weights=weights))
    # no tie with CCC: with the weakest link, the AAA-BBB alliance does not lift the trio
    assert geometric.contributions["pact"] == geometric.contributions["cobelligerence"] == 0.0
    assert sum(geometric.contributions.values()) == pytest.approx(geometric.score, abs=1e-12)
    cfg = ScoringConfig(weights=weights, triad_power=1.0)
    t = score_triad(w, ("AAA", "BBB", "CCC"), "2001-06-01", cfg)
    assert t.score == pytest.approx(
        ref.triad_score(w, ("AAA", "BBB", "CCC"), date(2001, 6, 1), cfg)
    )
    assert t.score < 0
    assert sum(t.contributions.values()) == pytest.approx(t.score, abs=1e-12)
    assert t.contributions["antagonism"] < 0 and t.contributions["rivalry"] < 0
    assert t.contributions["pact"] > 0 and t.contributions["cobelligerence"] > 0
    assert sum(e.share for e in t.evidence) == pytest.approx(t.score, abs=1e-12)
    assert {e.record for e in t.evidence if e.share < 0} == {"W", "R"}
    assert t.dyads[("BBB", "CCC")] < t.dyads[("AAA", "CCC")] < 0 < t.dyads[("AAA", "BBB")]


@given(worlds(min_states=3, max_records=0), CONFIGS, DATES)
def test_an_empty_world_scores_zero(world: World, cfg: ScoringConfig, day: date) -> None:
    s = score_dyads(world, day, cfg)
    assert not s.matrix.any()
    assert all(t.score == 0.0 for t in top_triads(world, day, k=3, config=cfg))
    # with no coverage stated, a World without records has no data: every signal is left out
    assert set(s.left_out) == ref.left_out(world, day, cfg)
    if not world.coverage:
        assert set(s.left_out) == set(cfg.normalized_weights())


@given(TRIO_WORLDS, CONFIGS, st.lists(DATES, min_size=1, max_size=5, unique=True), st.data())
def test_timeline_matches_single_date_scores(
    world: World, cfg: ScoringConfig, days: list[date], data: st.DataObject
) -> None:
    days = sorted(days)
    trio = trio_of(world, data)
    t = timeline(world, trio, days, cfg)
    for k, day in enumerate(days):
        assert t.scores[k] == pytest.approx(score_triad(world, trio, day, cfg).score, abs=1e-12)
    np.testing.assert_allclose(sum(t.contributions.values()), t.scores, atol=1e-9)
    pair = timeline(world, trio[:2], days, cfg)
    for k, day in enumerate(days):
        assert pair.scores[k] == pytest.approx(
            score_dyads(world, day, cfg).score(*trio[:2]), abs=1e-12
        )


@given(TRIO_WORLDS, CONFIGS, DATES, st.integers(1, 12), st.sampled_from([1, 3, 1_000_000]))
def test_top_triads_are_the_best_trios(
    world: World, cfg: ScoringConfig, day: date, k: int, chunk_size: int
) -> None:
    # small chunks: slices of one first member's trios; large: first members together
    every = sorted(
        (score_triad(world, trio, day, cfg).score for trio in combinations(world.codes, 3)),
        reverse=True,
    )
    best = top_triads(world, day, k=k, config=cfg, chunk_size=chunk_size)
    assert len(best) == min(k, len(every))
    np.testing.assert_allclose([t.score for t in best], every[: len(best)], atol=1e-12)


@given(
    st.lists(st.floats(0, 1), min_size=3, max_size=3), st.sampled_from([1.0, 0.0, -1.0, -4.0, 0.5])
)
def test_power_mean_lies_between_min_and_max_and_tends_to_min(xs: list[float], p: float) -> None:
    value = float(power_mean(xs, p))
    assert min(xs) - 1e-12 <= value <= max(xs) + 1e-12
    assert float(power_mean(xs, "min")) == min(xs)
    assert float(power_mean(xs, -200.0)) == pytest.approx(min(xs), abs=0.02)


# --- the scenario tells the analyst's story ------------------------------------------------


AXIS = load_scenario("axis-of-upheaval")
CRK = ("CHN", "RUS", "PRK")


def test_treaty_and_troops_raise_the_crk_triad_and_are_named_as_the_cause() -> None:
    before = score_triad(AXIS, CRK, "2024-06-01")
    signed = score_triad(AXIS, CRK, "2024-07-01")
    deployed = score_triad(AXIS, CRK, "2024-12-31")
    assert before.score < signed.score < deployed.score
    t = timeline(AXIS, CRK, ["2024-06-01", "2024-07-01", "2024-12-31"])
    first, second = t.changes()
    assert "P2-RUS-PRK-CSP" in {m.record for m in first.milestones}
    assert max(first.contributions, key=first.contributions.__getitem__) == "pact"
    causes = {m.record for m in second.milestones}
    assert {"P2-RUS-PRK-CSP", "D1-PRK-RUS-troops"} <= causes
    top = {e.record for e in deployed.evidence[:4]}
    assert {"P2-RUS-PRK-CSP", "P1-CHN-PRK-1961"} <= top


def test_crk_is_the_top_triad_in_2025_and_us_japan_korea_is_among_the_top() -> None:
    best = top_triads(AXIS, "2025-10-02", k=3)
    assert best[0].members == CRK
    assert ("USA", "JPN", "KOR") in [t.members for t in best]


def test_asymmetric_pledge_is_half_way_between_its_two_directions() -> None:
    s = score_dyads(AXIS, "2020-01-01", ScoringConfig(weights={"pact": 1}))
    assert s.score("USA", "JPN") == pytest.approx((1.0 + 0.4) / 2)
    # USA-KOR: a mutual defence treaty, confirmed: the pact signal's ceiling
    assert s.score("USA", "KOR") == pytest.approx(1.0)
    # were it contested, it would weigh the contested level's weight, unless every level
    # is given full weight
    doubted = World(
        states=AXIS.states,
        pacts=[
            p.model_copy(update={"confidence": ar.Confidence.CONTESTED})
            if p.id == "P8-USA-KOR-1953"
            else p
            for p in AXIS.pacts
        ],
    )
    cfg = ScoringConfig(weights={"pact": 1})
    half = cfg.confidence_weights[ar.Confidence.CONTESTED]
    assert score_dyads(doubted, "2020-01-01", cfg).score("USA", "KOR") == pytest.approx(half)
    every = dict.fromkeys(ar.Confidence, 1.0)
    full = score_dyads(
        doubted, "2020-01-01", ScoringConfig(weights={"pact": 1}, confidence_weights=every)
    )
    assert full.score("USA", "KOR") == pytest.approx(1.0)


def test_scores_are_never_nan_and_compiled_worlds_give_the_same_answer() -> None:
    cw = compile_world(AXIS)
    for day in month_starts("2014-01-01", "2025-12-31")[::7]:
        a, b = score_dyads(AXIS, day).matrix, score_dyads(cw, day).matrix
        assert not np.isnan(a).any()
        np.testing.assert_array_equal(a, b)


# --- time as users hold it --------------------------------------------------------------


def test_dates_are_taken_as_users_hold_them() -> None:
    pd = pytest.importorskip("pandas", reason="the frames extra")
    want = score_triad(AXIS, CRK, "2025-06-01").score
    for day in (date(2025, 6, 1), pd.Timestamp("2025-06-01"), np.datetime64("2025-06-01"),
                datetime(2025, 6, 1), np.datetime64("2025-06-01T00:00")):  # fmt: skip
        assert score_triad(AXIS, CRK, day).score == want, day
    # a year is its 31 December: the state of things at its end
    assert score_triad(AXIS, CRK, 2024).as_of == date(2024, 12, 31)
    assert score_triad(AXIS, CRK, "2024").as_of == date(2024, 12, 31)
    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    t = timeline(AXIS, CRK, months)
    assert t.dates == tuple(d.date() for d in months)
    assert timeline(AXIS, CRK, months.values).dates == t.dates  # datetime64[ns] array
    assert timeline(AXIS, CRK, [2022, 2023]).dates == (date(2022, 12, 31), date(2023, 12, 31))


# --- a chosen list of trios at once --------------------------------------------------------


@given(TRIO_WORLDS, CONFIGS, DATES, st.data())
def test_score_triads_is_score_triad_for_each(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    every = list(combinations(world.codes, 3))
    chosen = data.draw(st.lists(st.sampled_from(every), min_size=1, max_size=6, unique=True))
    chosen = [data.draw(st.permutations(t)) for t in chosen]  # members in any order
    batch = ar.score_triads(world, chosen, day, cfg)
    assert len(batch) == len(chosen)
    for m, trio in enumerate(chosen):
        one = score_triad(world, trio, day, cfg)
        assert batch.members[m] == tuple(trio)
        assert batch.scores[m] == pytest.approx(one.score, abs=1e-12)
        assert list(batch.dyads[m]) == pytest.approx(list(one.dyads.values()), abs=1e-12)
        for name, part in one.contributions.items():
            assert batch.contributions[name][m] == pytest.approx(part, abs=1e-12)
    total = sum(batch.contributions.values())
    np.testing.assert_allclose(total, batch.scores, atol=1e-12)


def test_score_triads_with_a_model_gives_each_trios_probability() -> None:
    from alliance_risk.calibrate import load_model

    model = load_model("history")
    trios = [CRK, ("USA", "JPN", "KOR"), ("CHN", "IND", "PAK")]
    batch = ar.score_triads(AXIS, trios, "2025-06-01", model)
    assert batch.probabilities is not None
    for m, trio in enumerate(trios):
        assert batch.probabilities[m] == pytest.approx(
            score_triad(AXIS, trio, "2025-06-01", model).probability, abs=1e-12
        )
    frame = batch.to_frame()
    assert list(frame.columns[:5]) == ["a", "b", "c", "score", "probability"]
    assert batch.to_dict()["trios"][0]["members"] == list(CRK)
    assert "TriadScores(3 trios on 2025-06-01; highest CHN-RUS-PRK" in repr(batch)


@pytest.mark.parametrize(
    ("trios", "fragment"),
    [
        ("CHN", "'trios' parameter of score_triads must be a list of trios"),
        ([("CHN", "RUS")], "score_triads"),
        ([("CHN", "RUS", "XXX")], "'XXX'"),
        ([("CHN", "CHN", "RUS")], "score_triads"),
    ],
)
def test_score_triads_refuses_what_is_not_a_list_of_trios(trios: object, fragment: str) -> None:
    with pytest.raises(ar.AllianceRiskError, match=re.escape(fragment)):
        ar.score_triads(AXIS, trios, "2025-06-01")  # type: ignore[arg-type]


# --- the scenario as an analyst would defend it (issue 12's done-means) ------------------


def _shared_by_all(world: World, trio: tuple[str, ...]) -> list[Any]:
    return [r for r in world.records() if set(trio) <= states_tied(r)]


def _rests_on_one_multilateral_summit(world: World, trio: tuple[str, ...]) -> bool:
    """Whether the only record all three share is a summit of more than the three."""
    only = _shared_by_all(world, trio)
    return len(only) == 1 and isinstance(only[0], ar.Summit) and len(only[0].participants) > 3


def test_the_analysts_ranking_holds_at_the_end_of_2025() -> None:
    best = top_triads(AXIS, "2025-12-31", k=20)
    assert best[0].members == CRK
    ujk = next(t.score for t in best if set(t.members) == {"USA", "JPN", "KOR"})
    for t in best:
        if _rests_on_one_multilateral_summit(AXIS, t.members):
            assert t.score < ujk, t.members  # below US-Japan-South Korea
    pairs = score_dyads(AXIS, "2025-12-31")
    assert pairs.score("USA", "JPN") > pairs.score("CHN", "PRK")  # the US forces in Japan


def test_the_blocs_keep_their_order_month_by_month() -> None:
    since_2018 = ar.month_starts("2018-01-01", "2025-12-01")
    assert (timeline(AXIS, ("USA", "JPN", "KOR"), since_2018).scores > 0).all()
    since_2022 = ar.month_starts("2022-01-01", "2025-12-01")
    crk = timeline(AXIS, CRK, since_2022).scores
    cri = timeline(AXIS, ("CHN", "RUS", "IND"), since_2022).scores  # a token at Vostok-2022
    assert (crk > cri).all()


def test_no_trio_resting_on_one_multilateral_summit_is_in_the_top_8() -> None:
    # (a summit of the three alone, as the Beijing parade is recorded, is their own)
    for t in top_triads(AXIS, "2025-12-31", k=8):
        assert not _rests_on_one_multilateral_summit(AXIS, t.members), t.members


# --- confidence counts (issue 12) ----------------------------------------------------------

LEVELS = tuple(ar.Confidence)
ALIGNMENT = [n for n in ar.registered_signals() if get_signal(n).sign > 0]
ENMITY = [n for n in ar.registered_signals() if get_signal(n).sign < 0]


def _lowered(world: World, data: st.DataObject) -> World:
    """Return the World with one drawn record moved to a drawn lower confidence level."""
    found = [
        (kind, k)
        for kind in RECORD_KINDS
        for k, r in enumerate(getattr(world, kind))
        if r.confidence != LEVELS[-1]
    ]
    assume(found)
    kind, k = data.draw(st.sampled_from(found))
    records = list(getattr(world, kind))
    level = data.draw(st.sampled_from(LEVELS[LEVELS.index(records[k].confidence) + 1 :]))
    records[k] = records[k].model_copy(update={"confidence": level})
    return World.model_validate({**world.model_dump(), kind: [r.model_dump() for r in records]})


def _all_confirmed(world: World) -> World:
    data = world.model_dump()
    for kind in RECORD_KINDS:
        data[kind] = [{**r, "confidence": "confirmed"} for r in data[kind]]
    return World.model_validate(data)


def _signal_values(world: World, day: date, cfg: ScoringConfig) -> np.ndarray:
    """``(S, N, N)`` unsigned values of every weighted signal (each in [0, 1])."""
    from alliance_risk.compile import day_numbers
    from alliance_risk.engine import signal_stack, weighted_signals

    signals, _ = weighted_signals(cfg)
    stack, _ = signal_stack(compile_world(world), day_numbers([day]), cfg, signals)
    signs = np.array([s.sign for s in signals], dtype=float)
    return stack[:, 0] * signs[:, None, None]


@given(WORLDS, CONFIGS, DATES, st.data())
def test_lowering_a_records_confidence_never_raises_any_signal(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    # Every signal is non-decreasing in each record's weight, second-order ones included:
    # so ties that draw states together never rise, and enmity never rises either (its
    # signed part, -value, never falls).
    before = _signal_values(world, day, cfg)
    after = _signal_values(_lowered(world, data), day, cfg)
    assert np.all(after <= before + 1e-12)


@given(
    WORLDS,
    st.one_of(
        scoring_configs(signals=[n for n in FIRST_ORDER if get_signal(n).sign > 0]),
        scoring_configs(signals=ALIGNMENT),
    ),
    DATES,
    st.data(),
)
def test_lowering_confidence_never_raises_a_score_of_alignment_signals(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    lowered = _lowered(world, data)
    before, after = score_dyads(world, day, cfg).matrix, score_dyads(lowered, day, cfg).matrix
    assert np.all(after <= before + 1e-12)


@given(ENMITY_WORLDS, scoring_configs(signals=ENMITY), DATES, st.data())
def test_lowering_confidence_never_lowers_a_score_of_enmity_signals(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    lowered = _lowered(world, data)
    before, after = score_dyads(world, day, cfg).matrix, score_dyads(lowered, day, cfg).matrix
    assert np.all(after >= before - 1e-12)  # less sure of an enmity: less enmity


@given(WORLDS, CONFIGS, DATES)
def test_weight_one_for_every_level_is_the_unweighted_kernel_exactly(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    # The signals' rows as they make them, combined and finished without any factor:
    # with weight 1 for every level, the scores are these, bit for bit.
    from alliance_risk.compile import day_numbers
    from alliance_risk.signals import Signal, aggregate_pairs, finished_pairs

    cw = compile_world(world)
    days = day_numbers([day])
    ones = cfg.model_copy(update={"confidence_weights": dict.fromkeys(LEVELS, 1.0)})
    for name in ar.registered_signals():
        sig = get_signal(name)
        if not isinstance(sig, Signal):
            continue
        rows = sig.pair_rows(cw, days, ones)
        raw = aggregate_pairs(cw.n_states, rows.i, rows.j, rows.values, sig.combine)
        if not sig.directed:
            back = np.swapaxes(raw, -1, -2)
            with np.errstate(over="ignore"):  # figures near the float limit: inf
                raw = raw + back if sig.combine == "sum" else np.maximum(raw, back)
        np.testing.assert_array_equal(
            finished_pairs(sig, cw, days, ones)[0], sig.pair_finish(raw, ones)
        )
    confirmed = _all_confirmed(world)
    np.testing.assert_array_equal(
        score_dyads(world, day, ones).matrix, score_dyads(confirmed, day, ones).matrix
    )


@given(TRIO_WORLDS, CONFIGS, DATES, st.data())
def test_a_world_of_confirmed_records_scores_as_before_whatever_the_other_levels_weigh(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    confirmed = _all_confirmed(world)
    sure = cfg.model_copy(
        update={"confidence_weights": {**cfg.confidence_weights, ar.Confidence.CONFIRMED: 1.0}}
    )
    ones = cfg.model_copy(update={"confidence_weights": dict.fromkeys(LEVELS, 1.0)})
    np.testing.assert_array_equal(
        score_dyads(confirmed, day, sure).matrix, score_dyads(confirmed, day, ones).matrix
    )
    trio = trio_of(world, data)
    assert (
        score_triad(confirmed, trio, day, sure).score
        == score_triad(confirmed, trio, day, ones).score
    )
    # ... and the evidence still sums to the score exactly as before
    check_evidence_complete(world, day, sure)


def test_reported_and_contested_records_weigh_less_by_the_configured_factor() -> None:
    base = {"source": ("test",), "participants": ("AAA", "BBB"), "level": "leaders"}
    states = [{"code": c, "name": c} for c in ("AAA", "BBB")]

    def one_summit(level: str) -> World:
        summit = {"id": "S1", "date": "2020-01-01", "confidence": level, **base}
        return World.model_validate({"states": states, "summits": [summit]})

    cfg = ScoringConfig(weights={"summits": 1})
    day = "2020-01-01"
    sure = score_dyads(one_summit("confirmed"), day, cfg).score("AAA", "BBB")
    assert sure == pytest.approx(1 - np.exp(-0.5))  # one summit today, scale 2
    for level, weight in (("reported", 0.75), ("contested", 0.5)):
        got = score_dyads(one_summit(level), day, cfg).score("AAA", "BBB")
        assert got == pytest.approx(1 - np.exp(-weight / 2))
        evidence = score_dyads(one_summit(level), day, cfg).explain("AAA", "BBB")
        assert [e.record for e in evidence] == ["S1"] and evidence[0].share == pytest.approx(got)
    zero = cfg.model_copy(
        update={"confidence_weights": {**cfg.confidence_weights, ar.Confidence.CONTESTED: 0.0}}
    )
    assert score_dyads(one_summit("contested"), day, zero).score("AAA", "BBB") == 0.0
