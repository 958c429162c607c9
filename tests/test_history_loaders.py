"""Tests for :mod:`alliance_risk.datasets.history`: disputes, wars, rivalries, contiguity, IGOs.

Always-on tests use the small fixtures in ``tests/fixtures/{mid,wars,rivalries,contiguity,igo}``
(described in ``tests/fixtures/HISTORY.md``); tests against the real files skip with a
reason when ``../shared/data`` is absent (a fresh clone). Spot checks on the real data
were read off the raw CSV files.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

import alliance_risk as ar
from alliance_risk import MissingDataError
from alliance_risk.datasets import (
    CONTIGUITY_LEVELS,
    RIVALRY_TYPES,
    CowStates,
    DataFileError,
    ReadReport,
    RecordsReport,
    contiguity_records,
    igo_records,
    mid_conflicts,
    read_cow_contiguity,
    read_cow_igo,
    read_cow_mids,
    read_cow_states,
    read_cow_wars,
    read_rivalries,
    rivalry_records,
    war_conflicts,
)
from alliance_risk.models import Conflict

from .conftest import SHARED

FIX = Path(__file__).parent / "fixtures"
COW, MID, WARS = FIX / "cow", FIX / "mid", FIX / "wars"
RIV, CONT, IGO = FIX / "rivalries", FIX / "contiguity", FIX / "igo"
DATA = SHARED / "data"

NOT_COW = "rows of states not in the COW state list"
OTHER_SIDE = "participant rows overlapping the same state's spell on the other side"


@pytest.fixture(scope="module")
def states() -> CowStates:
    return read_cow_states(COW)


def accounted(report: ReadReport) -> bool:
    return report.read == report.used + sum(report.dropped.values())


def by_id(records: tuple[Conflict, ...]) -> dict[str, Conflict]:
    return {c.id: c for c in records}


def spells(c: Conflict, side: int, state: str) -> list[tuple[date, date | None]]:
    return [(p.joined, p.left) for p in c.sides[side] if p.state == state]


# --- MIDs: fixtures ----------------------------------------------------------------------


def test_read_cow_mids_days_missing_and_fatalities_kept_missing() -> None:
    mids = read_cow_mids(MID)
    assert mids.report.read == mids.report.used == 23 and accounted(mids.report)
    assert mids.start[0] == date(1902, 7, 1) and mids.start_day_missing[0]  # -9 -> the 1st
    k = 9  # line 11: PRK, MID 9001, ends "-9 October 1950"
    assert mids.end[k] == date(1950, 10, 31) and mids.end_day_missing[k]
    assert mids.report.notes["start day missing (-9): read as the 1st"] == 2
    assert mids.report.notes["end day missing (-9): read as the month's last day"] == 1
    assert math.isnan(mids.fatality[11]) and math.isnan(mids.fatalpre[11])  # never 0
    assert mids.fatalpre[9] == 30 and mids.fatality[9] == 2
    assert mids.sidea[1] and not mids.sidea[0] and mids.hostlev[1] == 3


def test_mid_conflicts_sides_spells_and_switches(states: CowStates) -> None:
    conflicts, report = mid_conflicts(read_cow_mids(MID), states)
    c = by_id(conflicts)
    assert sorted(c) == ["MID-2", "MID-258", "MID-9001", "MID-9002", "MID-9003", "MID-9004"]
    two = c["MID-2"]
    assert [p.state for p in two.sides[0]] == ["USA"] and [p.state for p in two.sides[1]] == ["UKG"]
    assert (two.start, two.end, two.hostility, two.fatalities) == (
        date(1902, 7, 1),
        date(1903, 1, 24),
        3,
        0,
    )
    assert [p.hostility for p in two.sides[1]] == [1]  # the participant's own hostlev
    assert two.source == ("COW MID 5.0 (Palmer et al. 2022), dispnum 2",)
    assert str(two.confidence) == "confirmed" and str(two.kind) == "dispute"
    # World War II: the USSR with Germany in September 1939, then against it
    ww2 = c["MID-258"]
    assert spells(ww2, 1, "RUS") == [(date(1939, 9, 17), date(1939, 9, 29))]
    assert spells(ww2, 0, "RUS") == [(date(1941, 6, 22), date(1945, 8, 14))]
    assert ww2.side_of("RUS", date(1939, 9, 20)) == 1 and ww2.side_of("RUS", date(1942, 1, 1)) == 0
    assert (ww2.start, ww2.end, ww2.hostility) == (date(1939, 3, 25), date(1945, 8, 14), 5)
    assert ww2.fatalities == 251 + 6 * 1000  # lower bounds of bands 4 and 6
    assert ww2.note is not None and "lower bound" in ww2.note
    # a state that rejoins: two spells on one side
    korea = c["MID-9001"]
    assert spells(korea, 0, "PRK") == [
        (date(1950, 6, 25), date(1950, 10, 31)),
        (date(1951, 1, 4), date(1951, 3, 15)),
    ]
    assert korea.fatalities == 30 + 1  # precise count, then band 1's lower bound
    assert korea.note is not None and "unknown for USA" in korea.note
    # overlapping spells on one side are merged; on the other side, the later is dropped
    assert [(p.joined, p.left, p.hostility) for p in c["MID-9002"].sides[0]] == [
        (date(1960, 1, 1), date(1960, 12, 31), 4)
    ]
    assert spells(c["MID-9003"], 1, "RUS") == [] and len(spells(c["MID-9003"], 0, "RUS")) == 1
    assert [p.state for p in c["MID-9004"].sides[0]] == ["GMY"]  # ccode 999 left out
    assert isinstance(report, RecordsReport) and report.records == 6
    assert report.read == 23 and report.used == 19 and accounted(report)
    assert report.dropped[NOT_COW] == 2 and report.dropped[OTHER_SIDE] == 1
    assert report.dropped["rows of disputes left with an empty side"] == 1
    assert report.notes["overlapping spells of one state on one side: merged"] == 1
    assert report.notes["states on both sides (switched sides)"] == 1
    assert any(d.startswith("MID 9005: no record: side B") for d in report.details)
    assert any("MID 9003: RUS's spell 1970-06-15" in d for d in report.details)
    assert "6 records" in str(report)


# --- wars: fixtures ----------------------------------------------------------------------


def test_read_cow_wars_codes() -> None:
    wars = read_cow_wars(WARS)
    rows = list(zip(wars.warnum.tolist(), wars.ccode.tolist(), strict=True))
    k = rows.index((139, 365))
    assert (wars.start2[k], wars.end2[k]) == (date(1945, 8, 8), date(1945, 8, 14))
    k = rows.index((900, 365))
    assert wars.start1[k] == date(2022, 2, 1) and wars.end1[k] is None  # -9 day, -7 end
    assert math.isnan(wars.batdeath[k])  # -9: unknown, never 0
    k = rows.index((900, 731))
    assert wars.start1[k] == date(2024, 1, 1) and math.isnan(wars.batdeath[k])  # -8
    k = rows.index((900, 740))
    assert wars.end1[k] == date(2023, 12, 31)
    assert wars.start2[rows.index((108, 255))] is None  # -8: no second spell
    notes = wars.report.notes
    assert notes["end coded -7 (ongoing): None"] == 2
    assert notes["start month unknown (-9): read as January"] == 1
    assert notes["end day unknown (-9): read as the month's last day"] == 1
    assert notes["participants with a second spell"] == 1
    assert wars.name[0] == "Spanish-American" and wars.report.read == 16


def test_war_conflicts_spells_switches_and_deaths(states: CowStates) -> None:
    conflicts, report = war_conflicts(read_cow_wars(WARS), states)
    c = by_id(conflicts)
    assert sorted(c) == ["WAR-108", "WAR-139", "WAR-900"]
    ww2 = c["WAR-139"]
    assert (str(ww2.kind), ww2.hostility, ww2.name) == ("war", 5, "World War II")
    assert spells(ww2, 0, "RUS") == [
        (date(1941, 6, 22), date(1945, 5, 7)),
        (date(1945, 8, 8), date(1945, 8, 14)),
    ]
    assert [p.state for p in ww2.sides[1]] == ["GMY", "JPN"]
    assert (ww2.start, ww2.end) == (date(1939, 9, 1), date(1945, 8, 14))
    assert ww2.fatalities == 405400 + 418765 + 7500000 + 3500000 + 1740000 + 1350000
    assert all(p.hostility is None for side in ww2.sides for p in side)
    latvia = c["WAR-108"]  # Germany fought on both sides
    assert spells(latvia, 0, "GMY") == [(date(1918, 12, 7), date(1919, 4, 15))]
    assert spells(latvia, 1, "GMY") == [(date(1919, 4, 16), date(1919, 7, 13))]
    assert latvia.fatalities == 450 + 8000 + 750  # Estonia and Latvia's rows are dropped
    assert (latvia.start, latvia.end) == (date(1918, 12, 2), date(1920, 2, 1))
    ongoing = c["WAR-900"]
    assert ongoing.end is None and ongoing.fatalities == 1200
    assert ongoing.note == "battle deaths not known (-8 or -9) for PRK, RUS: not counted"
    assert [(p.state, p.left) for p in ongoing.sides[0]] == [("RUS", None), ("PRK", None)]
    assert report.read == 16 and report.used == 12 and accounted(report)
    assert report.dropped[NOT_COW] == 3  # Spain, Estonia, Latvia: not in the fixture list
    assert report.dropped["rows of wars left with an empty side"] == 1
    assert any(d.startswith("War 79: no record: side B") for d in report.details)
    assert report.notes["second spells as a second Participant"] == 1
    assert report.notes["states on both sides (switched sides)"] == 1


# --- rivalries, contiguity, IGOs: fixtures -----------------------------------------------


def test_rivalries_recognised_by_header(states: CowStates) -> None:
    td = read_rivalries(RIV / "td_rivalries.csv")
    tss = read_rivalries(RIV / "tss_rivalries.csv")
    assert (td.dataset, td.last_year, tss.dataset, tss.last_year) == ("TD", 2010, "TSS", 2020)
    assert td.region[0] == "European GPs" and td.flags == {}
    assert sorted(tss.flags) == ["aprin", "principal"]
    records, report = rivalry_records(td, states)
    r = {x.id: x for x in records}
    assert r["TD-99"].rivals == ("USA", "RUS") and r["TD-99"].types == (
        "positional",
        "ideological",
    )
    assert (r["TD-99"].start, r["TD-99"].end) == (date(1945, 1, 1), date(1989, 12, 31))
    assert r["TD-197"].end is None and r["TD-189"].end is None  # right-bounded at 2010
    assert r["TD-27"].note == "ongoing before 1816 (the source codes no earlier start)"
    assert r["TD-126"].types == ("ideological", "positional", "spatial")
    assert r["TD-99"].source == ("Strategic rivalries (Thompson and Dreyer 2012), rivalryno 99",)
    assert report.dropped == {NOT_COW: 2} and report.used == 7 and accounted(report)
    assert report.notes["end year 2010, the data's last: ongoing (end None)"] == 2
    records, report = rivalry_records(tss, states)
    r = {x.id: x for x in records}
    assert r["TSS-78"].types == ("ideological", "interventionary")
    assert r["TSS-211"].end is None and r["TSS-100"].end == date(1989, 12, 31)
    assert report.read == 8 and report.used == 6 and accounted(report)
    assert set(RIVALRY_TYPES) >= {t for x in records for t in x.types}


def test_contiguity_one_record_per_spell(states: CowStates) -> None:
    cont = read_cow_contiguity(CONT)
    assert cont.report.read == 14 and cont.start[0] == date(1920, 1, 1)
    records, report = contiguity_records(cont, states)
    r = {x.id: x for x in records}
    assert sorted(r) == [
        "CONT-2-365-1959-01-01",
        "CONT-255-365-1816-01-01",
        "CONT-365-740-1860-01-01",
        "CONT-710-731-1948-09-01",
        "CONT-731-740-1952-04-01",
    ]
    land = r["CONT-710-731-1948-09-01"]
    assert (land.neighbours, land.level, land.start, land.end) == (
        ("CHN", "PRK"),
        1,
        date(1948, 9, 1),
        None,
    )
    assert r["CONT-255-365-1816-01-01"].end == date(1918, 11, 1)
    assert CONTIGUITY_LEVELS[r["CONT-365-740-1860-01-01"].level].endswith(
        "24 miles of water or less"
    )
    assert report.read == 14 and report.used == 9 and accounted(report)
    assert report.dropped == {
        "conttype 0: more than 400 miles of water, not contiguous": 2,
        NOT_COW: 2,
        "duplicate rows (the same directed spell twice)": 1,
    }
    assert report.notes["spells with no mirror row: kept"] == 1
    assert any("731-740" in d and "no mirror" in d for d in report.details)


def test_igo_missing_is_dropped_never_zero() -> None:
    igo = read_cow_igo(IGO)
    assert igo.report.read == 8 and igo.report.used == 7 and accounted(igo.report)
    assert igo.report.dropped == {"dyadigos -9 (missing)": 1}
    assert not ((igo.ccode1 == 2) & (igo.ccode2 == 365)).any()
    k = ((igo.ccode1 == 2) & (igo.ccode2 == 200) & (igo.year == 1914)).nonzero()[0]
    assert igo.dyadigos[k].tolist() == [18]


def test_exports_and_citations() -> None:
    import alliance_risk.datasets as ds

    for name in (
        "read_cow_mids",
        "mid_conflicts",
        "read_cow_wars",
        "war_conflicts",
        "read_rivalries",
        "rivalry_records",
        "read_cow_contiguity",
        "contiguity_records",
        "read_cow_igo",
        "RecordsReport",
    ):
        assert name in ds.__all__ and hasattr(ds, name)
    keys = [v.key for v in ar.data_versions()]
    new = ["cow_mid", "cow_wars", "td_rivalries", "tss_rivalries", "cow_contiguity", "cow_igo"]
    assert keys[-6:] == new
    refs = ar.cite(*new)
    for key in (
        "palmer2022mid5",
        "sarkees2010resort",
        "thompson2012handbook",
        "thompson2021analyzing",
        "stinnett2002contiguity",
        "pevehouse2020igo",
    ):
        assert f"{{{key}," in refs


# --- malformed and wrong files -----------------------------------------------------------


def edited(tmp: Path, src: Path, line: int, old: str, new: str) -> Path:
    """Copy ``src`` into ``tmp`` with one change on one (1-based) line."""
    lines = src.read_text().splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    out = tmp / src.name
    out.write_text("\n".join(lines) + "\n")
    return out


def test_wrong_files_are_named(tmp_path: Path) -> None:
    wars = WARS / "Inter-StateWarData_v4.0.csv"
    with pytest.raises(
        DataFileError, match=r"not the COW MID 5\.0.*looks like the COW Inter-State War"
    ):
        read_cow_mids(wars)
    with pytest.raises(DataFileError, match=r"looks like the COW MID 5\.0 participant file"):
        read_cow_wars(MID / "MIDB_5.0.csv")
    with pytest.raises(
        DataFileError, match=r"not a strategic rivalries file.*looks like the COW direct"
    ):
        read_rivalries(CONT / "contdir_peacesciencer.csv")
    with pytest.raises(DataFileError, match="looks like the COW IGO non-directed"):
        read_cow_contiguity(IGO / "igo_ndy_peacesciencer.csv")
    with pytest.raises(DataFileError, match="looks like the Thompson-Dreyer rivalries"):
        read_cow_igo(RIV / "td_rivalries.csv")
    with pytest.raises(MissingDataError, match="is a folder; pass the file"):
        read_rivalries(RIV)
    with pytest.raises(MissingDataError, match="not found"):
        read_cow_mids(tmp_path)
    with pytest.raises(MissingDataError, match="not found"):
        read_rivalries(tmp_path / "td_rivalries.csv")


@pytest.mark.parametrize(
    ("src", "reader", "line", "old", "new", "message"),
    [
        # a non-number
        (MID / "MIDB_5.0.csv", read_cow_mids, 4, "258,\"USR\",365,17,9,",
         "258,\"USR\",365,17,9x,", r"line 4, column 'stmon': '9x' is not a number"),
        # month 13
        (MID / "MIDB_5.0.csv", read_cow_mids, 5, ",25,3,1939,", ",25,13,1939,",
         r"line 5, column 'stmon': 13; expected a month 1-12"),
        # a missing month: MID 5.0 codes only days as missing
        (MID / "MIDB_5.0.csv", read_cow_mids, 3, ",-9,7,1902,", ",-9,-9,1902,",
         r"line 3, column 'stmon': -9; expected a month 1-12; MID 5.0 codes only days"),
        (MID / "MIDB_5.0.csv", read_cow_mids, 2, ",24,1,1903,", ",30,2,1903,",
         r"line 2, column 'endday': 30; expected a day that exists in 1903-02"),
        (MID / "MIDB_5.0.csv", read_cow_mids, 2, ",24,1,1903,", ",24,1,1901,",
         r"line 2, column 'endyear': '1901-01-24'; expected an end on or after the start"),
        (MID / "MIDB_5.0.csv", read_cow_mids, 11, ",-9,2,30,", ",-9,2,300,",
         r"line 11, column 'fatalpre': 300; expected a count within the row's fatality band"),
        (MID / "MIDB_5.0.csv", read_cow_mids, 3, "1903,1,1,1,", "1903,7,1,1,",
         r"line 3, column 'sidea': 7; expected 0 or 1"),
        (WARS / "Inter-StateWarData_v4.0.csv", read_cow_wars, 4, "1,255,Germany,1,12,7,1918",
         "1,255,Germany,1,13,7,1918", r"line 4, column 'StartMonth1': 13; expected a month"),
        (WARS / "Inter-StateWarData_v4.0.csv", read_cow_wars, 4, "1,255,Germany,1,12,7,1918",
         "1,255,Germany,1,12,7,-9", r"line 4, column 'StartYear1': -9; expected a year"),
        (WARS / "Inter-StateWarData_v4.0.csv", read_cow_wars, 4, "1919,-8,-8,-8,", "1919,5,-8,-8,",
         r"line 4, column 'StartYear2': -8; expected a date; -8 \(not applicable\) only in all"),
        (WARS / "Inter-StateWarData_v4.0.csv", read_cow_wars, 4, ",450,4", ",-5,4",
         r"line 4, column 'BatDeath': -5; expected a number of deaths >= 0"),
        (WARS / "Inter-StateWarData_v4.0.csv", read_cow_wars, 4, "1,255,Germany,1,",
         "1,255,Germany,3,", r"line 4, column 'Side': 3; expected 1 or 2"),
        (RIV / "td_rivalries.csv", read_rivalries, 4, "positional,spatial,", "positional,naval,",
         r"line 4, column 'type2': 'naval'; expected a type not given before"),
        (RIV / "td_rivalries.csv", read_rivalries, 4, ",1816,1904,", ",1816,1804,",
         r"line 4, column 'endyear': 1804; expected a year on or after the start year"),
        (RIV / "td_rivalries.csv", read_rivalries, 4, ",1816,1904,", ",1816,2012,",
         r"line 4, column 'endyear': 2012; expected a year on or after the start year, up to 2010"),
        (RIV / "tss_rivalries.csv", read_rivalries, 4, "1904,1,1,", "1904,2,1,",
         r"line 4, column 'positional': '2'; expected 1, 0 or empty"),
        (RIV / "tss_rivalries.csv", read_rivalries, 4, "30,Britain", "4,Britain",
         r"line 4, column 'tssr_id': 4; expected an id not used on an earlier line"),
        (CONT / "contdir_peacesciencer.csv", read_cow_contiguity, 2, "1920-01-01", "1920-13-01",
         r"line 2, column 'stdate': '1920-13-01'; expected an ISO date YYYY-MM-DD"),
        (CONT / "contdir_peacesciencer.csv", read_cow_contiguity, 2, "2,20,1,", "2,20,7,",
         r"line 2, column 'conttype': 7; expected a contiguity type 0-5"),
        (CONT / "contdir_peacesciencer.csv", read_cow_contiguity, 2, "2016-12-01", "1910-12-01",
         r"line 2, column 'enddate': '1910-12-01'; expected a date on or after stdate"),
        (IGO / "igo_ndy_peacesciencer.csv", read_cow_igo, 3, "2,20,1921", "20,2,1921",
         r"line 3, column 'ccode2': 2; expected a ccode above ccode1"),
        (IGO / "igo_ndy_peacesciencer.csv", read_cow_igo, 3, "2,20,1921", "2,20,1920",
         r"line 3, column 'year': 1920; expected one row per pair-year"),
        (IGO / "igo_ndy_peacesciencer.csv", read_cow_igo, 3, "1921,8", "1921,x",
         r"line 3, column 'dyadigos': 'x' is not a number"),
    ],
)  # fmt: skip
def test_malformed_files_name_file_line_column_value(
    tmp_path: Path, src: Path, reader: object, line: int, old: str, new: str, message: str
) -> None:
    path = edited(tmp_path, src, line, old, new)
    assert callable(reader)
    with pytest.raises(DataFileError, match=message) as err:
        reader(path)
    assert str(path) in str(err.value)  # the file is named


def test_no_silent_loss_when_mapping_fails(tmp_path: Path, states: CowStates) -> None:
    # A state on both sides on the very same days: kept once, the other spell reported.
    src = MID / "MIDB_5.0.csv"
    text = src.read_text() + '9006,"USA",2,1,1,2000,31,1,2000,1,0,0,-9,0,0,7,3,1,5\n'
    text += '9006,"USA",2,1,1,2000,31,1,2000,0,0,0,-9,0,0,7,3,1,5\n'
    (tmp_path / src.name).write_text(text)
    conflicts, report = mid_conflicts(read_cow_mids(tmp_path), states)
    assert "MID-9006" not in by_id(conflicts)  # side B lost its only participant
    assert accounted(report) and report.read == 25
    assert any(d.startswith("MID 9006: no record: side B") for d in report.details)


# --- real data: skipped without ../shared/data --------------------------------------------


@pytest.fixture(scope="module")
def real() -> Path:
    if not (DATA / "cow_mid_v5.0" / "MIDB_5.0.csv").is_file():
        pytest.skip(f"real data not found at {DATA} (a fresh clone has no ../shared/data)")
    return DATA


@pytest.fixture(scope="module")
def real_states(real: Path) -> CowStates:
    return read_cow_states(real / "cow_state_system_v2016")


def test_real_mids_every_dispute_is_a_record(real: Path, real_states: CowStates) -> None:
    mids = read_cow_mids(real / "cow_mid_v5.0")
    assert mids.report.read == 5883 and accounted(mids.report)
    assert mids.report.notes["start day missing (-9): read as the 1st"] == 596
    assert mids.report.notes["end day missing (-9): read as the month's last day"] == 552
    conflicts, report = mid_conflicts(mids, real_states)
    assert len(conflicts) == report.records == 2436 == len(set(mids.dispnum.tolist()))
    assert report.read == report.used == 5883 and sum(report.dropped.values()) == 0
    assert accounted(report)
    c = by_id(conflicts)
    # raw: 2,"UKG",200,-9,7,1902,24,1,1903,0,...,hostlev 1; 2,"USA",2,...,1,...,hostlev 3
    two = c["MID-2"]
    assert (two.start, two.end, two.hostility) == (date(1902, 7, 1), date(1903, 1, 24), 3)
    assert [p.state for p in two.sides[0]] == ["USA"] and [p.state for p in two.sides[1]] == ["UKG"]
    # raw: 258,"USR",365,17,9,1939,29,9,1939,0,... and 258,"USR",365,22,6,1941,14,8,1945,1,...
    ww2 = c["MID-258"]
    assert spells(ww2, 1, "RUS") == [(date(1939, 9, 17), date(1939, 9, 29))]
    assert spells(ww2, 0, "RUS") == [(date(1941, 6, 22), date(1945, 8, 14))]
    assert len(spells(ww2, 0, "FRN")) == 2 and len(spells(ww2, 1, "FRN")) == 1
    # raw: Syria has five rows in MID 4182, all on side B
    assert len(spells(c["MID-4182"], 1, "SYR")) == 5
    assert report.notes["states on both sides (switched sides)"] == 6


def test_real_wars_every_war_is_a_record(real: Path, real_states: CowStates) -> None:
    wars = read_cow_wars(real / "cow_wars_v4.0")
    assert wars.report.read == 337 and wars.report.notes["participants with a second spell"] == 19
    conflicts, report = war_conflicts(wars, real_states)
    assert len(conflicts) == report.records == 95 and report.used == 337 and accounted(report)
    c = by_id(conflicts)
    korea = c["WAR-151"]  # raw: Side 2 = China (27 Oct 1950) and North Korea (24 Jun 1950)
    assert korea.name == "Korean"
    assert sorted(p.state for p in korea.sides[1]) == ["CHN", "PRK"]
    assert {"USA", "ROK", "UKG", "TUR"} <= {p.state for p in korea.sides[0]}
    assert (korea.start, korea.end) == (date(1950, 6, 24), date(1953, 7, 27))
    assert korea.side_of("CHN", date(1950, 7, 1)) is None  # China joined in October
    ww2 = c["WAR-139"]
    assert spells(ww2, 0, "FRN") == [
        (date(1939, 9, 3), date(1940, 6, 22)),
        (date(1944, 10, 23), date(1945, 8, 14)),
    ]
    assert spells(ww2, 1, "FRN") == [(date(1940, 7, 7), date(1941, 7, 14))]  # Vichy
    assert ww2.first_side("ITA") == 1 and ww2.side_of("ITA", date(1944, 1, 1)) == 0
    assert ww2.fatalities == 16634907  # sum of BatDeath over the 35 rows of war 139
    spanish = c["WAR-79"]  # raw: "404, 410" in TransFrom is quoted
    assert spanish.fatalities == 775 + 2910
    laos = c["WAR-170"]  # raw: Thailand's BatDeath is -9
    assert laos.fatalities == 375 + 11250 + 2250 and laos.note is not None
    assert report.notes["states on both sides (switched sides)"] == 5


def test_real_rivalries(real: Path, real_states: CowStates) -> None:
    td = read_rivalries(real / "strategic_rivalries" / "td_rivalries.csv")
    records, report = rivalry_records(td, real_states)
    assert (report.read, report.used, report.dropped) == (197, 195, {NOT_COW: 2})  # Venice
    assert report.notes["end year 2010, the data's last: ongoing (end None)"] == 42
    r = {x.id: x for x in records}
    assert r["TD-99"].rivals == ("USA", "RUS") and r["TD-99"].end == date(1989, 12, 31)
    tss = read_rivalries(real / "strategic_rivalries" / "tss_rivalries.csv")
    records, report = rivalry_records(tss, real_states)
    assert (report.read, report.used, report.dropped) == (264, 262, {NOT_COW: 2})
    assert report.notes["end year 2020, the data's last: ongoing (end None)"] == 56
    assert all(accounted(x) for x in (report, td.report, tss.report))


def test_real_contiguity_and_igo(real: Path, real_states: CowStates) -> None:
    cont = read_cow_contiguity(real / "cow_contiguity_v3.2")
    records, report = contiguity_records(cont, real_states)
    assert report.read == 1874 and len(records) == 847 and accounted(report)
    assert report.dropped["conttype 0: more than 400 miles of water, not contiguous"] == 180
    assert "spells with no mirror row: kept" not in report.notes  # every spell has its mirror
    r = {x.id: x for x in records}
    assert r["CONT-710-731-1948-09-01"].neighbours == ("CHN", "PRK")  # raw: 710,731,1,...
    assert r["CONT-2-365-1959-01-01"].level == 2
    igo = read_cow_igo(real / "cow_igo_v3")
    assert igo.report.read == igo.report.used == 917695
    k = ((igo.ccode1 == 710) & (igo.ccode2 == 731) & (igo.year == 1960)).nonzero()[0]
    assert igo.dyadigos[k].tolist() == [2]  # raw: 710,731,1960,2


def test_igo_records_merge_equal_years_and_date_each_count_from_its_years_end(
    states: CowStates,
) -> None:
    records, report = igo_records(read_cow_igo(IGO), states)
    assert accounted(report)
    by_pair = {r.members: r for r in records}
    usa_ukg = by_pair["USA", "UKG"]
    # 1816 (0), 1914 (18), 2014 (60): three spells, the gaps between them unknown.
    assert [(c.start, c.end, c.count) for c in usa_ukg.counts] == [
        (date(1816, 12, 31), date(1817, 12, 30), 0),
        (date(1914, 12, 31), date(1915, 12, 30), 18),
        (date(2014, 12, 31), date(2015, 12, 30), 60),
    ]
    assert usa_ukg.id == "IGO-2-200" and "COW IGO 3.0" in usa_ukg.source[0]
    # A state outside the COW list (ccode 20 is not in the fixture) drops its rows, counted.
    assert report.dropped[NOT_COW] == 2
    assert report.records == len(records)


def test_igo_records_one_spell_for_a_run_of_equal_counts() -> None:
    import numpy as np

    from alliance_risk.datasets.history import CowIgo

    states = read_cow_states(COW)
    base = read_cow_igo(IGO)
    years = np.array([1950, 1951, 1952, 1953, 1955])
    igo = CowIgo(
        ccode1=np.full(5, 2),
        ccode2=np.full(5, 200),
        year=years,
        dyadigos=np.array([5, 5, 7, 7, 7]),
        report=base.report,
    )
    (rec,), report = igo_records(igo, states)
    assert [(c.start.year, c.end.year, c.count) for c in rec.counts] == [
        (1950, 1952, 5),  # 1950-1951 at 5, known from 1950-12-31 to 1952-12-30
        (1952, 1954, 7),  # 1952-1953 at 7
        (1955, 1956, 7),  # after the missing 1954: a new spell
    ]
    assert report.used == 5


def test_real_igo_records(real: Path, real_states: CowStates) -> None:
    records, report = igo_records(read_cow_igo(real / "cow_igo_v3"), real_states)
    assert accounted(report) and report.read == 917695
    assert len(records) == report.records > 20000
    r = {x.id: x for x in records}
    chn_prk = r["IGO-710-731"]
    assert chn_prk.members == ("CHN", "PRK")
    (spell,) = [c for c in chn_prk.counts if c.start.year <= 1960 <= c.end.year - 1]
    assert spell.count == 2  # raw: 710,731,1960,2
