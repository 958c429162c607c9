"""Tests for :mod:`alliance_risk.world`: the validated World and its JSON form."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from alliance_risk import (
    State,
    World,
    load_scenario,
    read_world,
    summarize,
    world_from_json,
    world_schema,
    world_to_json,
    write_world,
)
from alliance_risk.testing.strategies import worlds
from alliance_risk.world import RECORD_KINDS


@given(worlds())
def test_any_valid_world_survives_a_json_round_trip(world: World) -> None:
    text = world_to_json(world)
    again = world_from_json(text)
    assert again == world
    assert world_to_json(again) == text  # byte-identical the second time round


@given(worlds())
def test_any_valid_world_survives_a_file_round_trip(world: World) -> None:
    # Path.write_text/read_bytes, as users do, not only strings.
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.json"
        write_world(world, path)
        assert read_world(path) == world


def test_built_in_scenario_round_trips_exactly(tmp_path: Path) -> None:
    world = load_scenario("axis-of-upheaval")
    path = tmp_path / "w.json"
    write_world(world, path)
    assert read_world(path) == world
    assert path.read_text(encoding="utf-8") == world_to_json(world)


def test_json_form_omits_defaults_and_empty_lists() -> None:
    data = json.loads(world_to_json(World(states=[State(code="USA", name="United States")])))
    assert data == {"states": [{"code": "USA", "name": "United States"}]}


def test_every_list_may_be_left_out() -> None:
    assert world_from_json("{}") == World()
    assert world_from_json('{"states": [{"code": "USA", "name": "US"}]}').pacts == ()


def test_schema_describes_the_file_format() -> None:
    schema = world_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {
        "states",
        "pacts",
        "deployments",
        "summits",
        "exercises",
        "lifelines",
        "conflicts",
        "rivalries",
        "contiguities",
        "joint_igos",
        "coverage",
        "datasets",
        "coding",
    }
    pact = schema["$defs"]["Pact"]
    assert set(pact["required"]) >= {"id", "name", "parties", "signed", "obligations", "source"}
    obligations = schema["$defs"]["Obligation"]["enum"]
    assert obligations == [
        "defence",
        "offence",
        "neutrality",
        "non_aggression",
        "consultation",
        "partnership",
    ]
    assert schema["$defs"]["Confidence"]["enum"] == ["confirmed", "reported", "contested"]
    json.dumps(schema)  # serialisable as is


def test_schema_accepts_the_built_in_scenario_shape() -> None:
    # Every key the shipped file uses is declared by the schema.
    schema = world_schema()
    data = json.loads(world_to_json(load_scenario("axis-of-upheaval")))
    for kind, records in data.items():
        if kind not in RECORD_KINDS and kind != "states":  # "coding": a plain value
            continue
        ref = schema["properties"][kind]["items"]["$ref"].rsplit("/", 1)[1]
        declared = set(schema["$defs"][ref]["properties"])
        for rec in records:
            assert set(rec) <= declared, (kind, set(rec) - declared)


def test_lookups() -> None:
    world = load_scenario("axis-of-upheaval")
    assert world.state("KOR").name == "South Korea"
    with pytest.raises(KeyError, match="did you mean 'PRK'"):
        world.state("PKR")
    assert world.state("DPRK").code == "PRK"  # one resolver: aliases name states
    with pytest.raises(KeyError, match="did you mean 'P2-RUS-PRK-CSP'"):
        world.record("P2-RUS-PRK-CPS")
    assert [r.id for r in world.records()][:2] == ["P1-CHN-PRK-1961", "P2-RUS-PRK-CSP"]


def test_summary_counts_and_span() -> None:
    world = load_scenario("axis-of-upheaval")
    s = summarize(world)
    assert s.counts["states"] == len(world.states)
    assert sum(v for k, v in s.counts.items() if k != "states") == len(list(world.records()))
    named = [getattr(r, f) for r in world.records() for f, _ in r.date_fields]
    dates = [d for d in named if d is not None]
    assert s.first == min(dates) == date(1953, 10, 1)  # US-ROK treaty signature
    assert s.last == max(dates)
    assert s.to_dict()["first"] == "1953-10-01"
    empty = summarize(World())
    assert empty.first is None and empty.last is None
    assert empty.counts == {k: 0 for k in empty.counts}


@given(worlds(min_records=1))
def test_record_order_in_world_is_file_order(world: World) -> None:
    ids = [r.id for r in world.records()]
    assert len(ids) == len(set(ids))
    assert ids == [r.id for k in RECORD_KINDS for r in getattr(world, k)]
    assert list(RECORD_KINDS) == [
        "pacts",
        "deployments",
        "summits",
        "exercises",
        "lifelines",
        "conflicts",
        "rivalries",
        "contiguities",
        "joint_igos",
    ]
