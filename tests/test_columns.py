"""Columns compile to the arrays of a World of the same records.

Bad columns give the World's own errors, at the row of the table.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from alliance_risk import compile_world, load_scenario, score_dyads
from alliance_risk._errors import InvalidParameterError, InvalidWorldError
from alliance_risk.columns import COLUMNS, compile_columns
from alliance_risk.testing.strategies import worlds
from alliance_risk.world import World, world_problems, world_to_json

_COMMON = ("source", "confidence", "note")


def as_columns(data: dict[str, Any], form: str = "lists") -> dict[str, Any]:
    """Return the records of a World's JSON form as tables, in one form users hold.

    Pacts with per-party terms and conflicts stay records.
    """
    kwargs: dict[str, Any] = {"states": data["states"], "records": {}}
    if data.get("coverage"):
        kwargs["coverage"] = data["coverage"]
    for kind in COLUMNS:
        recs = list(data.get(kind) or [])
        if kind == "pacts" and any(
            isinstance(p, dict) and (p.get("party_obligations") or p.get("pledges")) for p in recs
        ):
            kwargs["records"]["pacts"] = recs
            continue
        if not recs:
            continue
        if kind == "joint_igos":
            recs = [
                {**{k: v for k, v in r.items() if k != "counts"}, **c}
                for r in recs
                for c in r["counts"]
            ]
        names = (*COLUMNS[kind], *_COMMON)  # every column, missing values as None
        table = {n: [r.get(n) for r in recs] for n in names}
        kwargs[kind] = _form(table, form)
    if data.get("conflicts"):
        kwargs["records"]["conflicts"] = data["conflicts"]
    return kwargs


def _form(table: dict[str, list[Any]], form: str) -> Any:
    if form == "lists":
        return table
    if form == "numpy":
        out: dict[str, Any] = {}
        for name, values in table.items():
            if any(isinstance(v, list) for v in values):
                out[name] = values
            elif all(isinstance(v, str) for v in values):
                out[name] = np.asarray(values, dtype=str)
            elif all(isinstance(v, float) for v in values):
                out[name] = np.asarray(values, dtype=np.float64)
            else:
                arr = np.empty(len(values), dtype=object)
                arr[:] = values
                out[name] = arr
        return out
    if form == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(table)
    pa = pytest.importorskip("pyarrow")
    return pa.table(table)


def assert_same(a: Any, b: Any, path: str = "cw") -> None:
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.compare:  # not the memo: what was kept depends on what was scored
                assert_same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, np.ndarray):
        assert a.shape == b.shape, path
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), path
    else:
        assert a == b, path


def test_the_scenario_compiles_the_same_from_columns() -> None:
    w = load_scenario("axis-of-upheaval")
    cw = compile_columns(**as_columns(json.loads(world_to_json(w)), "numpy"))
    assert_same(compile_world(w), cw)
    a = score_dyads(w, "2025-12-31")
    b = score_dyads(cw, "2025-12-31")
    assert np.array_equal(a.matrix, b.matrix)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    w=worlds(max_states=6, max_records=8),
    form=st.sampled_from(["lists", "numpy", "pandas", "pyarrow"]),
)
def test_columns_compile_to_the_arrays_of_the_same_world(w: World, form: str) -> None:
    data = json.loads(world_to_json(w))
    assert_same(compile_world(w), compile_columns(**as_columns(data, form)))


_BAD = (
    None, "", "   ", "ZZZ", "rus", "State", 1.5, -3.0, 0, True, float("nan"), float("inf"),
    1e13, "2025-02-30", "2025/01/01", "1 June 2024", [], ["AAA"], ["AAA", "AAA"],
    "bad id!", "x" * 90, "confirmd", "troop", "mt/year", 7, -1, 2.0,
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    w=worlds(min_states=3, max_states=5, min_records=1, max_records=6),
    data=st.data(),
)
def test_bad_columns_give_the_worlds_errors_at_their_rows(w: World, data: st.DataObject) -> None:
    records = json.loads(world_to_json(w))
    # a joint IGO record is several rows: its errors name its first row, not its place
    kinds = [k for k in COLUMNS if records.get(k) and k != "joint_igos"]
    assume(kinds)
    kind = data.draw(st.sampled_from(kinds))
    rows = records[kind]
    r = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from((*COLUMNS[kind], *_COMMON)))
    bad = data.draw(st.sampled_from(_BAD) | st.just(rows[0]["id"]) | st.sampled_from(list(w.codes)))
    if field == "source" and isinstance(bad, str):
        bad = [bad]  # a column may hold one citation as a string: the same as a list of it
    if bad is None or (isinstance(bad, float) and bad != bad):
        rows[r].pop(field, None)  # in a column, None and NaN are a missing value
    else:
        rows[r][field] = bad
    try:
        World.model_validate(records)
        expected: list[str] = []
    except ValidationError as exc:
        expected = [p.message for p in world_problems(exc, records)]
    kwargs = as_columns(records)
    if kind == "pacts" and "pacts" in kwargs["records"]:
        return  # read as records: nothing of the column path to compare
    if data.draw(st.booleans()):  # as a pyarrow table, where arrow can hold the values
        pa = pytest.importorskip("pyarrow")
        with contextlib.suppress(pa.ArrowException):
            kwargs[kind] = pa.table(kwargs[kind])
    try:
        compile_columns(**kwargs)
        got: list[str] = []
    except InvalidWorldError as exc:
        got = [p.message for p in exc.problems]
    assert got == expected


def test_a_missing_column_and_an_unknown_one_are_named() -> None:
    states = [{"code": "RUS", "name": "Russia"}, {"code": "PRK", "name": "North Korea"}]
    with pytest.raises(InvalidWorldError) as err:
        compile_columns(
            states,
            summits={"id": ["S1"], "participants": [["RUS", "PRK"]], "dat": ["2019-04-25"],
                     "source": ["x"], "confidence": ["confirmed"]},
        )  # fmt: skip
    text = str(err.value)
    assert "column 'dat' is not a field of summits; did you mean 'date'?" in text
    assert "column 'date' is missing" in text


def test_joint_igo_rows_of_one_id_are_one_record() -> None:
    states = [{"code": "USA", "name": "United States"}, {"code": "JPN", "name": "Japan"}]
    table = {
        "id": ["G1", "G1"],
        "members": np.array([["USA", "JPN"], ["USA", "JPN"]]),
        "start": np.array(["2000-12-31", "2001-12-31"], dtype="datetime64[D]"),
        "end": np.array(["2001-12-30", "2002-12-30"], dtype="datetime64[D]"),
        "count": np.array([40, 41]),
        "source": ["COW IGO 3.0"] * 2,
        "confidence": ["confirmed"] * 2,
    }
    cw = compile_columns(states, joint_igos=table)
    assert cw.record_ids == ("G1",)
    assert cw.joint_igos.count.tolist() == [40.0, 41.0]
    overlap = dict(  # a second record of the pair whose spell starts inside the first's
        table,
        id=["G1", "G2"],
        start=np.array(["2000-12-31", "2001-06-30"], dtype="datetime64[D]"),
    )
    with pytest.raises(InvalidWorldError, match="another record of JPN-USA"):
        compile_columns(states, joint_igos=overlap)


def test_a_kind_given_twice_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="both as a table and in 'records'"):
        compile_columns([], summits={"id": []}, records={"summits": []})


_TWO = [{"code": "USA", "name": "United States"}, {"code": "JPN", "name": "Japan"}]


def test_ids_in_messages_are_the_ids_as_given() -> None:
    # ids are held as ASCII bytes inside: messages must still quote the string
    igo = {
        "id": np.array(["G1", "G1"]),
        "members": [["USA", "JPN"], ["JPN", "USA"]],
        "start": ["2000-01-01", "2001-01-01"],
        "end": ["2000-12-31", "2001-12-31"],
        "count": [40, 41],
        "source": ["x", "x"],
        "confidence": ["confirmed", "confirmed"],
    }
    with pytest.raises(InvalidWorldError) as err:
        compile_columns(_TWO, joint_igos=igo)
    assert "JointIgos 'G1' (joint_igos[1]): members differs from row 0" in str(err.value)
    pact = {
        "id": "S1", "name": "p", "parties": ["USA", "JPN"], "signed": "2000-01-01",
        "obligations": ["defence"], "party_obligations": {"USA": ["defence"]},
        "source": ["x"], "confidence": "confirmed",
    }  # fmt: skip
    summits = {
        "id": np.array(["S1"]), "participants": [["USA", "JPN"]], "date": ["2001-01-01"],
        "source": ["x"], "confidence": ["confirmed"],
    }  # fmt: skip
    with pytest.raises(InvalidWorldError) as err:
        compile_columns(_TWO, summits=summits, records={"pacts": [pact]})
    assert "id='S1' is used by a record given in 'records'" in str(err.value)


def test_a_datetime_beyond_the_years_of_a_date_is_refused_as_its_text() -> None:
    row = {
        "id": "D1", "supplier": "USA", "recipient": "JPN", "kind": "troops", "amount": 1.0,
        "unit": "u", "source": ["x"], "confidence": "confirmed",
    }  # fmt: skip
    for text in ("20000-01-01", "-3000-01-01"):
        data = {"states": _TWO, "deployments": [{**row, "start": text}]}
        with pytest.raises(ValidationError) as record_err:
            World.model_validate(data)
        expected = [p.message for p in world_problems(record_err.value, data)]
        table = {k: [v] for k, v in row.items()} | {"start": np.array([text], "datetime64[D]")}
        with pytest.raises(InvalidWorldError) as column_err:
            compile_columns(_TWO, deployments=table)
        assert [p.message for p in column_err.value.problems] == expected


def test_an_arrow_integer_column_with_a_missing_value_is_still_integers() -> None:
    pa = pytest.importorskip("pyarrow")
    states = [*_TWO, {"code": "CHN", "name": "China"}]
    table = {
        "id": ["C1", "C2"], "neighbours": [["USA", "JPN"], ["USA", "CHN"]],
        "level": pa.array([1, None], pa.int64()), "start": ["2000-01-01", "2000-01-01"],
        "source": ["x", "x"], "confidence": ["confirmed", "confirmed"],
    }  # fmt: skip
    with pytest.raises(InvalidWorldError) as err:
        compile_columns(states, contiguities=pa.table(table))
    assert [p.location for p in err.value.problems] == ["contiguities[1].level"]
