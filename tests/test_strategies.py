"""Tests for :mod:`alliance_risk.testing.strategies`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import find, given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from alliance_risk import World, load_scenario
from alliance_risk.testing.strategies import (
    deployments,
    exercises,
    pacts,
    states_from,
    summits,
    worlds,
)

CODES = st.sampled_from(["AAA", "BBB", "CCC", "DDD"])
WINDOW = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))


@given(worlds(min_states=2, min_records=1, date_range=WINDOW))
def test_worlds_are_valid_and_respect_bounds(world: World) -> None:
    assert 2 <= len(world.states) <= 6
    for kind in ("pacts", "deployments", "summits", "exercises", "lifelines"):
        assert 1 <= len(getattr(world, kind)) <= 4
    World.model_validate(world.model_dump())  # round-trips through validation
    for r in world.records():
        for field in ("signed", "in_force", "ended", "start", "end", "date"):
            value = getattr(r, field, None)
            assert value is None or WINDOW[0] <= value <= WINDOW[1]


@given(pacts(parties=CODES, min_parties=3, max_parties=4))
def test_pacts_respect_party_bounds(pact: object) -> None:
    assert 3 <= len(pact.parties) <= 4  # type: ignore[attr-defined]


@given(pacts(parties=states_from(load_scenario("axis-of-upheaval"))))
def test_strategies_compose_with_a_world(pact: object) -> None:
    assert set(pact.parties) <= set(load_scenario("axis-of-upheaval").codes)  # type: ignore[attr-defined]


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
        (lambda: deployments(states=CODES, max_amount=-1.0), "max_amount=-1.0"),
        (lambda: worlds(min_states=3, max_states=2), "max_states=2 < min_states=3"),
        (lambda: worlds(min_states=1, max_states=1, min_records=1), "needs at least two states"),
        (lambda: worlds(date_range=(dt.date(2021, 1, 1), dt.date(2020, 1, 1))), "start after end"),
        (lambda: states_from(World()), "at least one state"),
    ],
)
def test_impossible_combinations_raise(strategy: object, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(")):
        find(strategy(), lambda _: True)  # type: ignore[operator]
