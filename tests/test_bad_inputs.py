"""Catalogue of refused inputs: each bad record and the message that names it.

Every message must name the record, the field, the bad value and what was expected.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import ValidationError

from alliance_risk import InvalidWorldError, World, world_from_json

BASE: dict[str, Any] = {
    "states": [
        {"code": "RUS", "name": "Russia", "aliases": ["Russian Federation"]},
        {"code": "PRK", "name": "North Korea", "aliases": ["DPRK"]},
        {"code": "CHN", "name": "China"},
    ],
    "pacts": [
        {
            "id": "P2",
            "name": "CSP treaty",
            "parties": ["RUS", "PRK"],
            "signed": "2024-06-19",
            "in_force": "2024-12-04",
            "obligations": ["defence", "consultation"],
            "source": ["S01"],
            "confidence": "confirmed",
        }
    ],
    "deployments": [
        {
            "id": "D1",
            "supplier": "PRK",
            "recipient": "RUS",
            "kind": "troops",
            "amount": 11500,
            "unit": "personnel",
            "low": 11000,
            "high": 12000,
            "start": "2024-10-08",
            "source": ["S62"],
            "confidence": "contested",
        }
    ],
    "summits": [
        {
            "id": "S1",
            "participants": ["RUS", "PRK"],
            "date": "2019-04-25",
            "source": ["S123"],
            "confidence": "confirmed",
        }
    ],
    "exercises": [
        {
            "id": "E1",
            "participants": ["RUS", "CHN"],
            "start": "2023-07-20",
            "end": "2023-07-23",
            "source": ["S182"],
            "confidence": "confirmed",
        }
    ],
    "lifelines": [
        {
            "id": "L1",
            "supplier": "RUS",
            "buyer": "CHN",
            "commodity": "crude oil",
            "volume": 107.0,
            "unit": "mt/yr",
            "share": 0.19,
            "start": "2023-01-01",
            "end": "2023-12-31",
            "source": ["S203"],
            "confidence": "confirmed",
        }
    ],
}


def with_change(path: str, value: Any) -> dict[str, Any]:
    """Return BASE with one field set (``"pacts.0.ended"``); value ``...`` deletes it."""
    data = copy.deepcopy(BASE)
    *head, last = path.split(".")
    target: Any = data
    for part in head:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidWorldError) as info:
        world_from_json(json.dumps(data), source="bad.json")
    assert isinstance(info.value, ValueError)
    return [str(p) for p in info.value.problems]


def test_base_is_valid() -> None:
    assert len(World.model_validate(BASE).pacts) == 1


# (change, value, fragments every message must contain)
CATALOGUE = [
    # unknown state codes, with close matches
    (
        "deployments.0.supplier",
        "PKR",
        ["(deployments[0])", "Deployment 'D1'", "supplier='PKR'", "did you mean 'PRK'"],
    ),
    ("pacts.0.parties", ["RUS", "DPRK"], ["Pact 'P2'", "parties[1]='DPRK'", "names 'PRK'"]),
    ("summits.0.participants", ["RUS", "Russia"], ["'Russia'", "names 'RUS'"]),
    ("lifelines.0.buyer", "XYZ", ["Lifeline 'L1'", "buyer='XYZ'", "is not a state"]),
    # duplicate ids, across kinds
    ("summits.0.id", "P2", ["Summit 'P2'", "id='P2' is already used by pacts[0]", "unique"]),
    (
        "states.2.code",
        "RUS",
        ["(states[2])", "State 'RUS'", "code='RUS'", "expected unique state codes"],
    ),
    # end before start
    (
        "pacts.0.in_force",
        "2024-01-01",
        [
            "Pact 'P2' (pacts[0]): in_force=2024-01-01 is before signed=2024-06-19",
            "expected in_force >= signed",
        ],
    ),
    (
        "exercises.0.end",
        "2023-07-01",
        ["Exercise 'E1'", "end=2023-07-01 is before start=2023-07-20", "expected end >= start"],
    ),
    ("deployments.0.end", "2024-01-01", ["Deployment 'D1'", "end=2024-01-01 is before start"]),
    ("lifelines.0.end", "2022-12-31", ["Lifeline 'L1'", "end=2022-12-31 is before start"]),
    # a state paired with itself
    (
        "deployments.0.recipient",
        "PRK",
        ["Deployment 'D1'", "supplier='PRK' equals recipient='PRK'", "two different states"],
    ),
    ("lifelines.0.buyer", "RUS", ["Lifeline 'L1'", "supplier='RUS' equals buyer='RUS'"]),
    (
        "pacts.0.parties",
        ["RUS", "RUS"],
        ["Pact 'P2'", "parties lists 'RUS' more than once", "distinct state codes"],
    ),
    # fewer than two participants
    (
        "summits.0.participants",
        ["RUS"],
        ["Summit 'S1' (summits[0])", "participants=['RUS']", "at least 2"],
    ),
    ("exercises.0.participants", ["CHN"], ["(exercises[0])", "at least 2"]),
    ("pacts.0.parties", ["RUS"], ["(pacts[0])", "at least 2"]),
    # negative amounts
    ("deployments.0.low", -5, ["Deployment 'D1'", "low=-5 is negative", "expected a value >= 0"]),
    ("lifelines.0.volume", -1.0, ["Lifeline 'L1'", "volume=-1 is negative"]),
    # low > high, and a figure outside its range
    (
        "deployments.0.high",
        10000,
        ["Deployment 'D1'", "low=11000 is above high=10000", "expected low <= high"],
    ),
    (
        "deployments.0.amount",
        15000,
        ["amount=15000 is outside [low, high] = [11000, 12000]", "low <= amount <= high"],
    ),
    ("deployments.0.high", ..., ["only low is given", "both low and high, or neither"]),
    # other field-level refusals
    ("lifelines.0.share", 1.5, ["Lifeline 'L1'", "share=1.5 is outside [0, 1]"]),
    ("lifelines.0.unit", ..., ["volume=107 has no unit"]),
    ("pacts.0.obligations", ["defence", "alliance"], ["(pacts[0])", "obligations[1]='alliance'"]),
    (
        "pacts.0.obligations",
        ["defence", "defence"],
        ["obligations=['defence', 'defence']", "expected each obligation once"],
    ),
    ("pacts.0.party_obligations", {"CHN": ["defence"]}, ["names 'CHN', which is not a party"]),
    (
        "pacts.0.party_obligations",
        {"RUS": [], "PRK": []},
        ["Pact 'P2' (pacts[0]): no party pledges anything", "expected at least one obligation"],
    ),
    ("deployments.0.kind", "tanks", ["(deployments[0])", "'tanks'", "troops"]),
    ("summits.0.confidence", "sure", ["(summits[0])", "'sure'", "confirmed"]),
    ("summits.0.source", [], ["(summits[0])", "at least 1"]),
    ("summits.0.date", "2019-13-01", ["(summits[0])", "'2019-13-01'"]),
    ("summits.0.colour", "red", ["(summits[0])", "Extra inputs are not permitted"]),
    ("deployments.0.amount", float("nan"), ["(deployments[0])", "finite"]),
]


@pytest.mark.parametrize(("change", "value", "fragments"), CATALOGUE)
def test_refused_with_a_message_naming_it(change: str, value: Any, fragments: list[str]) -> None:
    problems = problems_of(with_change(change, value))
    assert any(all(f in p for f in fragments) for p in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    data = with_change("pacts.0.in_force", "2024-01-01")  # a record-level problem
    data["deployments"][0]["supplier"] = "PKR"  # a cross-record problem
    data["summits"][0]["id"] = "P2"  # another
    data["exercises"][0]["participants"] = ["CHN"]  # a field-level problem
    problems = problems_of(data)
    assert len(problems) == 4
    text = "\n".join(problems)
    for fragment in ("in_force=2024-01-01", "supplier='PKR'", "id='P2'", "at least 2"):
        assert fragment in text


def test_problems_name_location_and_record() -> None:
    with pytest.raises(InvalidWorldError) as info:
        world_from_json(json.dumps(with_change("deployments.0.supplier", "PKR")), source="w.json")
    (problem,) = info.value.problems
    assert problem.location == "deployments[0].supplier"
    assert problem.record == "D1"
    assert str(info.value).startswith("w.json: 1 problem\n")


def test_validation_error_from_model_validate_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="is not a state in this World") as info:
        World.model_validate(with_change("deployments.0.supplier", "PKR"))
    assert isinstance(info.value, ValidationError)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"states": [', "line 1, column 13: not valid JSON"),
        ("[1, 2]", "the top level is a JSON list; expected an object"),
        ('{"stats": []}', "World: stats=[] is not a field: Extra inputs are not permitted"),
    ],
)
def test_malformed_files(text: str, fragment: str) -> None:
    with pytest.raises(InvalidWorldError, match=r"bad\.json") as info:
        world_from_json(text, source="bad.json")
    assert fragment in str(info.value)


# --- bad parameters of the scoring functions ---------------------------------------------

from datetime import date, datetime  # noqa: E402

from alliance_risk import (  # noqa: E402
    InvalidParameterError,
    UnknownStateError,
    load_scenario,
    score_dyads,
    score_triad,
    timeline,
    top_triads,
)

AXIS = load_scenario("axis-of-upheaval")

PARAMETERS = [
    (lambda: top_triads(AXIS, "2025-01-01", k=0),
     InvalidParameterError, "The 'k' parameter of top_triads must be an int in the range [1, inf). Got 0 instead."),
    (lambda: top_triads(AXIS, "2025-01-01", k=2.5),
     InvalidParameterError, "The 'k' parameter of top_triads must be an int"),
    (lambda: top_triads(AXIS, "2025-01-01", k=True),
     InvalidParameterError, "Got True instead."),
    (lambda: score_dyads(AXIS, "2025-13-01"),
     InvalidParameterError, "The 'as_of' parameter of score_dyads must be a date"),
    (lambda: score_dyads(AXIS, 2025.0),
     InvalidParameterError, "Got 2025.0 instead."),
    (lambda: score_dyads(AXIS, datetime(2025, 1, 1, 12)),
     InvalidParameterError, "must be a date, not a datetime"),
    (lambda: score_dyads({"states": []}, "2025-01-01"),
     InvalidParameterError, "The 'world' parameter of score_dyads must be a World or a CompiledWorld. Got dict instead."),
    (lambda: score_dyads(AXIS, "2025-01-01", config={"weights": {}}),
     InvalidParameterError, "The 'config' parameter of score_dyads must be a ScoringConfig, a calibrated model or None"),
    (lambda: score_triad(AXIS, ("CHN", "RUS", "PKR"), "2025-01-01"),
     UnknownStateError, "'PKR' is not a state in this World; did you mean 'PRK'"),
    (lambda: score_triad(AXIS, ("CHN", "RUS"), "2025-01-01"),
     InvalidParameterError, "The 'members' parameter of score_triad must name 3 states"),
    (lambda: score_triad(AXIS, ("CHN", "RUS", "CHN"), "2025-01-01"),
     InvalidParameterError, "must name distinct states"),
    (lambda: score_triad(AXIS, "CHN RUS PRK", "2025-01-01"),
     InvalidParameterError, "must be a sequence of state codes"),
    (lambda: timeline(AXIS, ("CHN", "RUS"), []),
     InvalidParameterError, "The 'dates' parameter of timeline must not be empty"),
    (lambda: timeline(AXIS, ("CHN", "RUS"), ["2025-01-01", "2024-01-01"]),
     InvalidParameterError, "must be strictly increasing; 2024-01-01 follows 2025-01-01"),
    (lambda: timeline(AXIS, ("CHN",), ["2025-01-01"]),
     InvalidParameterError, "must name 2 or 3 states"),
    (lambda: score_dyads(AXIS, date(2025, 1, 1)).score("RUS", "RUS"),
     InvalidParameterError, "a pair needs two different states"),
    (lambda: score_dyads(AXIS, date(2025, 1, 1)).score("RUS", "XXX"),
     UnknownStateError, "'XXX' is not a state of these scores"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "message"), PARAMETERS)
def test_bad_parameters_are_refused(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)
