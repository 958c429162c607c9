"""Tests for :mod:`alliance_risk.panels` (score panels) and the writing of dyad-year panels.

A panel's rows are the scores :func:`score_dyads` and :func:`score_triads` give on each
date (a hypothesis property over drawn Worlds), among the states in the system on that
date; they survive CSV and Parquet round trips, and a Dask cluster gives the same panel.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from itertools import combinations
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk import ScorePanel, score_dyads, score_panel, score_triads
from alliance_risk.datasets import CowStates, dyad_years, history_world, read_cow_states
from alliance_risk.testing.strategies import scoring_configs, worlds

from .test_history_world import FOLDERS as HISTORY_FOLDERS

FIXTURES = Path(__file__).parent / "fixtures"
AXIS = ar.load_scenario("axis-of-upheaval")
WINDOW = (date(2000, 1, 1), date(2030, 12, 31))
DATE_LISTS = st.lists(
    st.dates(min_value=WINDOW[0], max_value=WINDOW[1]), min_size=1, max_size=4, unique=True
).map(sorted)
WORLDS = worlds(min_states=2, max_states=5, max_records=4, date_range=WINDOW)
TRIO_WORLDS = worlds(min_states=3, max_states=5, max_records=4, date_range=WINDOW)


def _rows(panel: ScorePanel, t: int) -> tuple[np.ndarray, np.ndarray]:
    at = panel.date_index == t
    return panel.members[at], panel.scores[at]


# --- the panel is the library's own scores ----------------------------------------------------


@given(WORLDS, scoring_configs(), DATE_LISTS, st.integers(1, 3))
def test_dyad_panel_equals_score_dyads_on_each_date(
    world: ar.World, config: ar.ScoringConfig, dates: list[date], chunk: int
) -> None:
    panel = score_panel(world, dates, config=config, contributions=True, chunk_dates=chunk)
    n = len(world.states)
    assert len(panel) == len(dates) * comb(n, 2)
    for t, day in enumerate(dates):
        s = score_dyads(world, day, config)
        pairs, scores = _rows(panel, t)
        assert pairs.tolist() == [list(p) for p in combinations(range(n), 2)]
        np.testing.assert_allclose(scores, s.matrix[pairs[:, 0], pairs[:, 1]], rtol=0, atol=1e-12)
        for name, part in s.contributions.items():
            got = panel.contributions[name][panel.date_index == t]
            np.testing.assert_allclose(got, part[pairs[:, 0], pairs[:, 1]], rtol=0, atol=1e-12)


@given(TRIO_WORLDS, scoring_configs(), DATE_LISTS, st.integers(1, 3))
def test_trio_panel_equals_score_triads_on_each_date(
    world: ar.World, config: ar.ScoringConfig, dates: list[date], chunk: int
) -> None:
    panel = score_panel(world, dates, "trios", config, contributions=True, chunk_dates=chunk)
    for t, day in enumerate(dates):
        trios, scores = _rows(panel, t)
        assert len(trios) == comb(len(world.states), 3)
        s = score_triads(world, [tuple(world.codes[i] for i in m) for m in trios], day, config)
        np.testing.assert_allclose(scores, s.scores, rtol=0, atol=1e-12)
        for name, part in s.contributions.items():
            got = panel.contributions[name][panel.date_index == t]
            np.testing.assert_allclose(got, part, rtol=0, atol=1e-12)
    total = sum(panel.contributions.values())
    np.testing.assert_allclose(total, panel.scores, rtol=0, atol=1e-12)


@given(TRIO_WORLDS, DATE_LISTS, st.data())
def test_a_chosen_trio_list_and_the_filters_keep_the_full_panels_rows(
    world: ar.World, dates: list[date], data: st.DataObject
) -> None:
    full = score_panel(world, dates, "trios")
    codes = world.codes
    chosen = data.draw(
        st.lists(st.permutations(codes).map(lambda p: tuple(p[:3])), min_size=1, max_size=4)
    )
    some = score_panel(world, dates, "trios", trios=chosen)
    for t in range(len(dates)):
        got = dict(zip(map(tuple, _rows(some, t)[0].tolist()), _rows(some, t)[1], strict=True))
        whole = {
            frozenset(m): s for m, s in zip(*(x.tolist() for x in _rows(full, t)), strict=True)
        }
        for trio in chosen:
            key = tuple(codes.index(c) for c in trio)
            assert got[key] == pytest.approx(whole[frozenset(key)], abs=1e-12)
    k = data.draw(st.integers(1, 3))
    best = score_panel(world, dates, "trios", k=k)
    floor = data.draw(st.floats(-1, 1))
    high = score_panel(world, dates, "trios", min_score=floor)
    for t in range(len(dates)):
        all_scores = np.sort(_rows(full, t)[1])[::-1]
        np.testing.assert_array_equal(np.sort(_rows(best, t)[1])[::-1], all_scores[:k])
        assert (_rows(high, t)[1] >= floor).all()
        assert len(_rows(high, t)[1]) == int((all_scores >= floor).sum())


def test_a_trio_is_scored_only_where_its_states_are_in_the_system() -> None:
    cow = read_cow_states(FIXTURES / "cow")
    world = history_world(FIXTURES, folders=HISTORY_FOLDERS)
    panel = score_panel(world, [1914, 1950], "trios", trios=[("USA", "GMY", "RUS")], system=cow)
    # Germany was outside the system from 1945 to 1990 (two COW spells)
    assert panel.date_index.tolist() == [0] and panel.outside == 1


# --- membership ------------------------------------------------------------------------------


def test_a_history_panel_lists_the_cow_members_of_each_date() -> None:
    cow = read_cow_states(FIXTURES / "cow")
    world = history_world(FIXTURES, folders=HISTORY_FOLDERS)
    years = [1913, 1914, 1950, 1961]  # the fixture system file covers 1913-1961
    panel = score_panel(world, years, system=cow)
    for t, year in enumerate(years):
        members = {world.codes[i] for m in _rows(panel, t)[0] for i in m}
        on_day = {
            cow.abbrev_of(int(c))
            for c, lo, hi in zip(cow.spell_ccode, cow.spell_start, cow.spell_end, strict=True)
            if lo <= date(year, 12, 31) <= hi
        }
        assert members == on_day
        assert len(_rows(panel, t)[0]) == comb(len(on_day), 2)
    assert "GMY" not in {world.codes[i] for m in _rows(panel, 2)[0] for i in m}
    assert panel.system.startswith("COW system members")


def test_a_cow_world_needs_its_system_or_all_states() -> None:
    world = history_world(FIXTURES, folders=HISTORY_FOLDERS)
    with pytest.raises(ar.InvalidParameterError, match=r"system=read_cow_states\(\.\.\.\)"):
        score_panel(world, [1914])
    panel = score_panel(world, [1914], system="all")
    assert len(panel) == comb(len(world.states), 2) and panel.system == "all states"


def test_dates_outside_the_cow_file_are_refused_unless_carried_forward() -> None:
    cow = read_cow_states(FIXTURES / "cow")
    world = history_world(FIXTURES, folders=HISTORY_FOLDERS)
    with pytest.raises(ar.MissingDataError, match="carry_forward_to=2018"):
        score_panel(world, [1961, 2018], system=cow)
    with pytest.raises(ar.MissingDataError, match=r"no data for 1900-12-31$"):
        score_panel(world, [1900, 1914], system=cow)
    panel = score_panel(world, [1961, 2018], system=cow, carry_forward_to=2018)
    np.testing.assert_array_equal(_rows(panel, 1)[0], _rows(panel, 0)[0])


def test_cow_membership_needs_ccodes_and_a_world() -> None:
    cow = CowStates(
        np.array([2]),
        ("USA",),
        ("United States",),
        np.array([2]),
        (date(1816, 1, 1),),
        (date(2016, 12, 31),),
        np.array([2]),
        np.array([1816]),
        1816,
        2016,
        (),
    )
    world = ar.World(
        states=[ar.State(code="USA", name="United States", ccode=2), ar.State(code="XYZ", name="X")]
    )
    with pytest.raises(ar.InvalidParameterError, match=r"\[.XYZ.\] have no ccode"):
        score_panel(world, [2000], system=cow)
    assert score_panel(AXIS, [2000], system=cow).system.startswith("COW")
    with pytest.raises(ar.InvalidParameterError, match="needs the World"):
        score_panel(ar.compile_world(AXIS), [2000], system=cow)
    with pytest.raises(ar.InvalidParameterError, match="'system' parameter"):
        score_panel(AXIS, [2000], system="some")


def test_dyad_years_lists_the_system_members_of_each_year() -> None:
    cow = read_cow_states(FIXTURES / "cow")
    panel = dyad_years(FIXTURES / "atop", FIXTURES / "cow", [1914, 1950], pact_alignment=False)
    for year in (1914, 1950):
        rows = panel.data[panel.data["year"] == year]
        members = set(cow.members(year).tolist())
        assert set(rows["ccode1"]) | set(rows["ccode2"]) <= members
        assert rows.size == comb(len(members), 2)


# --- refusals --------------------------------------------------------------------------------


def test_bad_parameters_are_refused_with_what_to_pass() -> None:
    with pytest.raises(ar.InvalidParameterError, match="'kind' parameter of score_panel"):
        score_panel(AXIS, [2020], "triads")
    with pytest.raises(ar.InvalidParameterError, match="trios= goes with kind='trios'"):
        score_panel(AXIS, [2020], trios=[("CHN", "RUS", "PRK")])
    with pytest.raises(ar.UnknownStateError, match="did you mean 'PRK'"):
        score_panel(AXIS, [2020], "trios", trios=[("CHN", "RUS", "PKR")])
    with pytest.raises(ar.InvalidParameterError, match="strictly increasing"):
        score_panel(AXIS, [2021, 2020])
    with pytest.raises(ar.InvalidParameterError, match="'k' parameter of score_panel"):
        score_panel(AXIS, [2020], k=0)


def test_a_panel_over_the_row_bound_is_refused_before_any_work() -> None:
    trios = f"{comb(len(AXIS.codes), 3):,}"  # every trio of the scenario's states
    with pytest.raises(
        ar.InvalidParameterError, match=rf"{trios} rows, more than max_rows=100; pass"
    ):
        score_panel(AXIS, [2020], "trios", max_rows=100)
    assert len(score_panel(AXIS, [2020], "trios", k=5, max_rows=100)) == 5
    with pytest.raises(ar.InvalidParameterError, match=rf"min_score=-1\.0 keeps {trios} rows"):
        score_panel(AXIS, [2020], "trios", min_score=-1.0, max_rows=100)


# --- results and files -----------------------------------------------------------------------


def test_a_panel_is_a_frozen_result_with_a_frame_and_a_dict() -> None:
    panel = score_panel(AXIS, ["2024-06-01", "2025-06-01"], contributions=True)
    with pytest.raises(ValueError, match="read-only"):
        panel.scores[0] = 1.0
    frame = panel.to_frame()
    assert str(frame["date"].dtype).startswith("datetime64")
    assert list(frame.columns[:4]) == ["date", "a", "b", "score"]
    pairs = comb(len(AXIS.codes), 2)
    assert frame.shape[0] == len(panel) == 2 * pairs
    d = panel.to_dict()
    assert d["dates"] == ["2024-06-01", "2025-06-01"]
    assert d["columns"]["score"] == panel.scores.tolist()
    assert repr(panel) == (
        f"ScorePanel(dyads, {2 * pairs} rows, 2 dates, 2024-06-01 to 2025-06-01; all states)"
    )


def test_csv_round_trip_gives_back_every_value(tmp_path: Path) -> None:
    panel = score_panel(AXIS, [2019, 2024], "trios", contributions=True)
    path = panel.write(tmp_path / "panel.csv")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    cols = panel.columns()
    assert rows[0] == list(cols)
    assert len(rows) == len(panel) + 1
    for k, name in enumerate(cols):
        read = [r[k] for r in rows[1:]]
        if name == "date":
            assert read == [str(d) for d in cols["date"]]
        elif name in ("a", "b", "c"):
            assert read == cols[name].tolist()
        else:
            assert [float(v) for v in read] == cols[name].tolist()  # exact: round-trip text


def _csv_reference(columns: dict[str, np.ndarray], path: Path) -> None:
    """Write as the old writer did: the csv module, a row at a time, ``repr`` of floats."""

    def cell(v: object) -> str:
        if isinstance(v, float):
            return "" if v != v else repr(v + 0.0)
        return str(v)

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(list(columns))
        cols = [c.astype(str) if c.dtype.kind == "M" else c for c in columns.values()]
        for row in zip(*cols, strict=True):
            w.writerow([cell(v.item() if isinstance(v, np.generic) else v) for v in row])


def test_the_fast_csv_writer_writes_what_the_csv_module_writes(tmp_path: Path) -> None:
    panel = dyad_years(FIXTURES / "atop", FIXTURES / "cow", [1913, 1914, 1950])
    scores = score_panel(AXIS, [2019, 2024], "trios", contributions=True)
    names = panel.data.dtype.names or ()
    for columns in ({n: panel.data[n] for n in names}, scores.columns()):
        fast, slow = tmp_path / "fast.csv", tmp_path / "slow.csv"
        ar.panels.write_columns(columns, fast, "test")
        _csv_reference(columns, slow)
        assert fast.read_bytes() == slow.read_bytes()


def test_csv_fields_are_quoted_as_the_csv_module_reads_them(tmp_path: Path) -> None:
    from alliance_risk.panels import write_columns

    text = np.array(["a,b", 'say "no"', "two\nlines", "plain"])
    numbers = np.array([1.5, np.nan, -0.0, 1e-300])  # a negative zero reads as 0.0
    days = np.array(["1816-12-31", "2018-12-31", "1816-12-31", "9999-12-31"], dtype="datetime64[D]")
    path = write_columns({"x,y": text, "v": numbers, "d": days}, tmp_path / "q.csv", "test")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["x,y", "v", "d"]
    assert [r[0] for r in rows[1:]] == text.tolist()
    assert [r[1] for r in rows[1:]] == ["1.5", "", "0.0", "1e-300"]
    assert [r[2] for r in rows[1:]] == [str(d) for d in days]


def test_parquet_round_trip_gives_back_every_value(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="the 'parquet' extra (pyarrow)")
    panel = score_panel(AXIS, [2019, 2024], contributions=True)
    table = pq.read_table(panel.write(tmp_path / "panel.parquet"))
    cols = panel.columns()
    assert table.column_names == list(cols)
    assert table.column("date").to_pylist() == [date(2019, 12, 31)] * comb(len(AXIS.codes), 2) + [
        date(2024, 12, 31)
    ] * comb(len(AXIS.codes), 2)
    for name in cols:
        if name != "date":
            assert table.column(name).to_pylist() == cols[name].tolist()


def test_writing_needs_a_known_suffix_and_parquet_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = score_panel(AXIS, [2024])
    with pytest.raises(ar.InvalidParameterError, match=r"must end in \.csv or \.parquet"):
        panel.write(tmp_path / "panel.txt")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"alliance_risk\[parquet\]"):
        panel.write(tmp_path / "panel.parquet")


def test_dyad_years_write_csv_and_parquet(tmp_path: Path) -> None:
    panel = dyad_years(FIXTURES / "atop", FIXTURES / "cow", [1913, 1914])
    names = panel.data.dtype.names or ()
    panel.to_csv(tmp_path / "p.txt")  # to_csv writes CSV whatever the name
    with (tmp_path / "p.txt").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == names and len(rows) == panel.data.size + 1
    for k, name in enumerate(names):
        want = panel.data[name].tolist()
        got = [r[k] for r in rows[1:]]
        if panel.data[name].dtype.kind == "f":  # NaN (undefined) is an empty field
            assert [float(v) if v else None for v in got] == [None if v != v else v for v in want]
        else:
            assert [int(v) for v in got] == want
    pq = pytest.importorskip("pyarrow.parquet", reason="the 'parquet' extra (pyarrow)")
    table = pq.read_table(panel.write(tmp_path / "p.parquet"))
    for name in names:
        want = [None if v != v else v for v in panel.data[name].tolist()]
        assert table.column(name).to_pylist() == want


# --- progress --------------------------------------------------------------------------------


def test_progress_is_silent_off_a_terminal_and_explicit_asks_need_tqdm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    score_panel(AXIS, [2023, 2024])  # stderr is not a terminal here: no bar
    assert capsys.readouterr().err == ""
    pytest.importorskip("tqdm", reason="the 'progress' extra (tqdm)")
    score_panel(AXIS, [2023, 2024], progress=True, chunk_dates=1)
    assert "score_panel" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(ImportError, match=r"alliance_risk\[progress\]"):
        score_panel(AXIS, [2024], progress=True)
    with pytest.raises(ImportError, match=r"alliance_risk\[progress\]"):
        dyad_years(FIXTURES / "atop", FIXTURES / "cow", [1914], progress=True)
    assert len(score_panel(AXIS, [2024])) == comb(
        len(AXIS.codes), 2
    )  # by default: no bar, no error
    with pytest.raises(ar.InvalidParameterError, match="'progress' parameter"):
        score_panel(AXIS, [2024], progress="yes")


# --- the command line ------------------------------------------------------------------------


def test_the_panel_command_writes_what_score_panel_gives(tmp_path: Path) -> None:
    from alliance_risk.cli import main

    out = tmp_path / "p.csv"
    args = ["panel", "axis-of-upheaval", "--dates", "2024", "2025", "--kind", "trios", "-k", "2"]
    assert main([*args, "-o", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    want = score_panel(AXIS, [2024, 2025], "trios", k=2)
    assert [float(r[4]) for r in rows[1:]] == want.scores.tolist()
    assert rows[1][:4] == ["2024-12-31", "CHN", "RUS", "PRK"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "{d}/p.txt"], "'.txt'; expected a name ending in .csv or .parquet"),
        (["-o", "{d}/no/p.csv"], "expected an existing folder"),
        (["-o", "{d}/p.csv", "--trio", "CHN", "RUS", "PRK"], "--trio goes with --kind trios"),
        (["-o", "{d}/p.csv", "--kind", "trios", "--cow", "{d}/none"], "COW state list"),
        (["-o", "{d}/p.csv", "-k", "0"], "expected an int >= 1"),
    ],
)
def test_the_panel_command_refuses_with_one_line_and_exit_2(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alliance_risk.cli import main

    argv = ["panel", "axis-of-upheaval", *(a.replace("{d}", str(tmp_path)) for a in args)]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and words in " ".join(err.split()) and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing written


# --- Dask ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dyads", "trios"])
def test_a_panel_scored_on_a_cluster_is_the_same_panel(client: Any, kind: str) -> None:
    dates = [f"{y}-0{m}-01" for y in (2022, 2023, 2024) for m in (1, 4, 7)]
    here = score_panel(AXIS, dates, kind, contributions=True, chunk_dates=2)
    there = score_panel(AXIS, dates, kind, contributions=True, chunk_dates=2, client=client)
    for name in ("date_index", "members", "scores"):
        np.testing.assert_array_equal(getattr(there, name), getattr(here, name))
    for name, part in here.contributions.items():
        np.testing.assert_array_equal(there.contributions[name], part)
    address = score_panel(AXIS, dates[:2], kind, client=client.scheduler.address)
    np.testing.assert_array_equal(address.scores, here.scores[here.date_index < 2])
