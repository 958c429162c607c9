"""Tests for :mod:`alliance_risk.testing.strategies`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

import alliance_risk as ar
from alliance_risk import World, load_scenario
from alliance_risk.testing.strategies import (
    SECOND_ORDER,
    conflicts,
    contiguities,
    coverages,
    deployments,
    exercises,
    pacts,
    rivalries,
    scoring_configs,
    states_from,
    summits,
    worlds,
)
from alliance_risk.world import RECORD_KINDS

CODES = st.sampled_from(["AAA", "BBB", "CCC", "DDD"])
WINDOW = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))


def dates_of(record: object) -> list[dt.date]:
    fields = ("signed", "in_force", "ended", "start", "end", "date")
    out = [v for f in fields if isinstance(v := getattr(record, f, None), dt.date)]
    for side in getattr(record, "sides", ()):
        out += [p.joined for p in side] + [p.left for p in side if p.left is not None]
    return out


@given(worlds(min_states=2, min_records=1, date_range=WINDOW))
def test_worlds_are_valid_and_respect_bounds(world: World) -> None:
    assert 2 <= len(world.states) <= 6
    for kind in RECORD_KINDS:
        if kind == "joint_igos":  # worlds() draws no JointIgos yet: tests/test_igos.py has its own
            assert world.joint_igos == ()
            continue
        assert 1 <= len(getattr(world, kind)) <= 4, kind
    World.model_validate(world.model_dump())  # round-trips through validation
    for r in world.records():
        assert all(WINDOW[0] <= d <= WINDOW[1] for d in dates_of(r)), r.id
    for kind, span in world.coverage.items():
        assert kind in RECORD_KINDS and WINDOW[0] <= span.first <= span.last <= WINDOW[1]


@given(worlds(max_records=0, min_conflicts=2, max_conflicts=2, coverage=False))
def test_per_kind_bounds_override_the_common_ones(world: World) -> None:
    assert len(world.conflicts) == 2 and world.coverage == {}
    assert sum(1 for _ in world.records()) == 2


@given(pacts(parties=CODES, min_parties=3, max_parties=4))
def test_pacts_respect_party_bounds(pact: ar.Pact) -> None:
    assert 3 <= len(pact.parties) <= 4
    assert any(pact.owed(a, b) for a in pact.parties for b in pact.parties if a != b)


def test_pacts_draw_directed_pledges_and_untied_pairs() -> None:
    guarantee = find(
        pacts(parties=CODES),
        lambda p: any(not p.ties(a, b) for a in p.parties for b in p.parties if a < b),
    )
    assert len(guarantee.parties) == 3  # some pair is not tied, and the pact still ties some
    one_way = find(pacts(parties=CODES), lambda p: any(not pl.obligations for pl in p.pledges))
    assert one_way.pledges
    plain = find(pacts(parties=CODES, asymmetric=False, pledges=False), lambda p: True)
    assert plain.pledges == () and plain.party_obligations == {}


@given(conflicts(participants=CODES, max_participants=4, date_range=WINDOW))
def test_conflicts_are_valid_with_spells_inside_them(c: ar.Conflict) -> None:
    assert c.sides[0] and c.sides[1]
    assert c.hostility == 5 or c.kind == ar.ConflictKind.DISPUTE
    states = {p.state for side in c.sides for p in side}
    assert 2 <= len(states) <= 4
    for side in c.sides:
        for p in side:
            assert c.start <= p.joined and (c.end is None or (p.left or c.end) <= c.end)
    ar.Conflict.model_validate(c.model_dump())  # spells of one state do not overlap


def test_conflicts_draw_returning_and_side_switching_participants() -> None:
    def switches(c: ar.Conflict) -> bool:
        return bool({p.state for p in c.sides[0]} & {p.state for p in c.sides[1]})

    switcher = find(conflicts(participants=CODES), switches)
    assert switcher.first_side(switcher.sides[1][-1].state) is not None
    single = conflicts(participants=CODES, max_spells=1)
    with pytest.raises(NoSuchExample):
        find(single, switches, settings=settings(max_examples=100))


@given(rivalries(states=CODES, date_range=WINDOW), contiguities(states=CODES, date_range=WINDOW))
def test_rivalries_and_contiguities_tie_two_states(r: ar.Rivalry, c: ar.Contiguity) -> None:
    assert r.rivals[0] != r.rivals[1] and (r.end is None or r.start <= r.end)
    assert c.neighbours[0] != c.neighbours[1] and 1 <= c.level <= 5


@given(coverages(kinds=st.sampled_from(["pacts", "conflicts"]), date_range=WINDOW))
def test_coverages_name_record_kinds_with_ordered_periods(cov: dict[str, object]) -> None:
    assert set(cov) <= {"pacts", "conflicts"}
    World(coverage=cov)  # type: ignore[arg-type]


@given(pacts(parties=states_from(load_scenario("axis-of-upheaval"))))
def test_strategies_compose_with_a_world(pact: ar.Pact) -> None:
    assert set(pact.parties) <= set(load_scenario("axis-of-upheaval").codes)


@pytest.mark.parametrize("name", ar.registered_signals())
def test_scoring_configs_weigh_every_signal(name: str) -> None:
    cfg = find(scoring_configs(), lambda c: name in c.weights)
    assert cfg.normalized_weights()[name] > 0


@given(scoring_configs(signals=["pact", "rivalry", "antagonism"], min_signals=2))
def test_scoring_configs_can_be_limited_to_some_signals(cfg: ar.ScoringConfig) -> None:
    assert len(cfg.weights) >= 2 and set(cfg.weights) <= {"pact", "rivalry", "antagonism"}
    assert not set(SECOND_ORDER) & set(cfg.weights)


def test_scoring_configs_draw_the_enmity_parameters() -> None:
    cfg = find(
        scoring_configs(),
        lambda c: c.conflict_half_life > 1_000 and c.rivalry_half_life > 1_000
        and c.antagonism_scale > 1 and c.ally_of_enemy_scale > 1
        and c.pact_scale != ar.ScoringConfig().pact_scale,
    )  # fmt: skip
    assert cfg.cobelligerence_scale > 0 and cfg.allies_scale > 0 and cfg.enemies_scale > 0


@given(
    st.from_type(ar.Conflict),
    st.from_type(ar.Rivalry),
    st.from_type(ar.Contiguity),
    st.from_type(ar.World),
)
def test_new_record_types_are_registered_with_hypothesis(
    c: ar.Conflict, r: ar.Rivalry, n: ar.Contiguity, w: World
) -> None:
    assert isinstance(c, ar.Conflict) and isinstance(r, ar.Rivalry)
    assert isinstance(n, ar.Contiguity) and isinstance(w, World)


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (lambda: pacts(parties=CODES, min_parties=1), "min_parties=1 must be >= 2"),
        (
            lambda: pacts(parties=CODES, min_parties=3, max_parties=2),
            "max_parties=2 < min_parties=3",
        ),
        (lambda: summits(participants=CODES, min_participants=1), "min_participants=1"),
        (lambda: exercises(participants=CODES, max_participants=1), "max_participants=1"),
        (lambda: conflicts(participants=CODES, min_participants=1), "min_participants=1"),
        (lambda: conflicts(participants=CODES, max_spells=0), "max_spells=0 must be >= 1"),
        (lambda: deployments(states=CODES, max_amount=-1.0), "max_amount=-1.0"),
        (lambda: coverages(max_kinds=-1), "max_kinds=-1 < min_kinds=0"),
        (lambda: worlds(min_states=3, max_states=2), "max_states=2 < min_states=3"),
        (lambda: worlds(min_states=1, max_states=1, min_records=1), "needs at least two states"),
        (lambda: worlds(max_rivalries=0, min_rivalries=1), "max_rivalries=0 < min_rivalries=1"),
        (lambda: worlds(date_range=(dt.date(2021, 1, 1), dt.date(2020, 1, 1))), "start after end"),
        (lambda: states_from(World()), "at least one state"),
        (lambda: scoring_configs(signals=["pacts"]), "names ['pacts'], which are not registered"),
        (lambda: scoring_configs(signals=["pact"], min_signals=2), "min_signals=2 must be in"),
    ],
)
def test_impossible_combinations_raise(strategy: object, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(").replace("[", r"\[")):
        find(strategy(), lambda _: True)  # type: ignore[operator]
