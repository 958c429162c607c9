"""Tests for :mod:`alliance_risk.scoring`.

Agreement with the reference engine, the invariants of the scoring rule (each a
hypothesis property), and the story the built-in scenario tells.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from alliance_risk.testing.properties import (
    PropertyViolationError,
    check_bounded,
    check_contributions_sum,
    check_decaying,
    check_irrelevant_states,
    check_monotone,
    check_no_look_ahead,
    check_order_independent,
    check_permutation_invariant,
    check_symmetric,
    check_weight_scale_invariant,
)
from alliance_risk.testing.strategies import (
    deployments,
    exercises,
    pacts,
    scoring_configs,
    summits,
    worlds,
)

from . import reference_engine as ref

WINDOW = (date(2000, 1, 1), date(2030, 12, 31))
DATES = st.dates(min_value=WINDOW[0], max_value=WINDOW[1])
WORLDS = worlds(min_states=2, max_states=5, max_records=4, date_range=WINDOW)
TRIO_WORLDS = worlds(min_states=3, max_states=5, max_records=4, date_range=WINDOW)


def trio_of(world: World, data: st.DataObject) -> tuple[str, str, str]:
    trio = data.draw(st.lists(st.sampled_from(world.codes), min_size=3, max_size=3, unique=True))
    return (trio[0], trio[1], trio[2])


# --- agreement with the pure-Python reference -------------------------------------------


@given(WORLDS, scoring_configs(), DATES)
def test_dyads_agree_with_the_reference_engine(world: World, cfg: ScoringConfig, day: date) -> None:
    fast = score_dyads(world, day, cfg).matrix
    slow = np.array(ref.dyad_matrix(world, day, cfg))
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-9)


@given(TRIO_WORLDS, scoring_configs(), DATES, st.data())
def test_triads_agree_with_the_reference_engine(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    trio = trio_of(world, data)
    assert score_triad(world, trio, day, cfg).score == pytest.approx(
        ref.triad_score(world, trio, day, cfg), abs=1e-9
    )


def test_reference_agreement_on_the_built_in_scenario() -> None:
    world = load_scenario("axis-of-upheaval")
    cfg = ScoringConfig()
    for day in (date(2019, 6, 1), date(2024, 12, 31), date(2025, 10, 2)):
        fast = score_dyads(world, day, cfg).matrix
        np.testing.assert_allclose(fast, ref.dyad_matrix(world, day, cfg), atol=1e-9)
        for trio in (("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR"), ("CHN", "RUS", "IRN")):
            expected = ref.triad_score(world, trio, day, cfg)
            assert score_triad(world, trio, day, cfg).score == pytest.approx(expected, abs=1e-9)


# --- invariants: the engine's own rule, checked with the public toolkit ---------------------
# Each property draws Worlds and configurations and calls the alliance_risk.testing
# check that users call on their own rules; a few direct assertions sit beside them.


@given(WORLDS, scoring_configs(), DATES)
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


@given(TRIO_WORLDS, scoring_configs(), DATES, st.data())
def test_triad_is_order_invariant_and_exactly_decomposed(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    trio = trio_of(world, data)
    check_permutation_invariant(world, trio, day, cfg)
    t = score_triad(world, trio, day, cfg)
    assert sum(t.contributions.values()) == pytest.approx(t.score, abs=1e-9)
    assert sum(e.share for e in t.evidence) == pytest.approx(t.score, abs=1e-9)


@given(TRIO_WORLDS, scoring_configs(), DATES, st.data())
def test_adding_a_record_among_members_never_lowers_their_scores(
    world: World, cfg: ScoringConfig, day: date, data: st.DataObject
) -> None:
    members = st.sampled_from(trio_of(world, data))
    record = data.draw(
        st.one_of(
            pacts(parties=members, max_parties=3, date_range=WINDOW),
            deployments(states=members, date_range=WINDOW),
            summits(participants=members, max_participants=3, date_range=WINDOW),
            exercises(participants=members, max_participants=3, date_range=WINDOW),
        )
    )
    check_monotone(world, record.model_copy(update={"id": "ADDED"}), day, cfg)


@given(TRIO_WORLDS, scoring_configs(), DATES)
def test_records_dated_after_as_of_change_nothing(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_no_look_ahead(world, day, cfg)


@given(WORLDS, scoring_configs(), DATES)
def test_a_state_with_no_records_changes_no_other_score(
    world: World, cfg: ScoringConfig, day: date
) -> None:
    check_irrelevant_states(world, day, cfg)


@given(WORLDS, scoring_configs(), DATES, st.integers(1, 5_000))
def test_without_new_events_no_contribution_grows(
    world: World, cfg: ScoringConfig, day: date, gap: int
) -> None:
    check_decaying(world, day, day + timedelta(days=gap), cfg)


@given(WORLDS, scoring_configs(), DATES, st.integers(0, 2**32 - 1))
def test_results_do_not_depend_on_record_order(
    world: World, cfg: ScoringConfig, day: date, seed: int
) -> None:
    check_order_independent(world, day, cfg, seed=seed)


@given(WORLDS, scoring_configs(), DATES, st.floats(0.01, 100.0))
def test_scaling_all_weights_changes_nothing(
    world: World, cfg: ScoringConfig, day: date, factor: float
) -> None:
    check_weight_scale_invariant(world, day, cfg, factor=factor)


def test_the_toolkit_catches_a_broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    # If the engine forgot to hide future records, the same checks would fail.
    import dataclasses
    from types import MappingProxyType

    from alliance_risk import signals
    from alliance_risk.signals.events import event_pair_rows

    def leaky(cw, days, config):  # type: ignore[no-untyped-def]
        rows = event_pair_rows(cw.summits, days, config.summit_half_life)
        return type(rows)(rows.i, rows.j, rows.record, np.ones_like(rows.values))

    broken = dataclasses.replace(signals.SIGNALS["summits"], pair_rows=leaky)
    monkeypatch.setattr(
        signals, "SIGNALS", MappingProxyType({**signals.SIGNALS, "summits": broken})
    )
    world = load_scenario("axis-of-upheaval")
    with pytest.raises(
        PropertyViolationError,
        match=r"no_look_ahead: summit 'S-SCO-2025-09-01' .*dated after the scoring date 2025-01-01",
    ):
        check_no_look_ahead(world, "2025-01-01", ScoringConfig(weights={"summits": 1}))


@given(worlds(min_states=3, max_records=0), scoring_configs(), DATES)
def test_an_empty_world_scores_zero(world: World, cfg: ScoringConfig, day: date) -> None:
    assert not score_dyads(world, day, cfg).matrix.any()
    assert all(t.score == 0.0 for t in top_triads(world, day, k=3, config=cfg))


@given(
    TRIO_WORLDS, scoring_configs(), st.lists(DATES, min_size=1, max_size=5, unique=True), st.data()
)
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


@given(TRIO_WORLDS, scoring_configs(), DATES, st.integers(1, 12))
def test_top_triads_are_the_best_trios(world: World, cfg: ScoringConfig, day: date, k: int) -> None:
    every = sorted(
        (score_triad(world, trio, day, cfg).score for trio in combinations(world.codes, 3)),
        reverse=True,
    )
    best = top_triads(world, day, k=k, config=cfg, chunk_size=3)
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
    assert s.score("USA", "KOR") == pytest.approx(1.0)


def test_scores_are_never_nan_and_compiled_worlds_give_the_same_answer() -> None:
    cw = compile_world(AXIS)
    for day in month_starts("2014-01-01", "2025-12-31")[::7]:
        a, b = score_dyads(AXIS, day).matrix, score_dyads(cw, day).matrix
        assert not np.isnan(a).any()
        np.testing.assert_array_equal(a, b)
