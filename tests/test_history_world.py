"""Behaviour tests for :func:`alliance_risk.datasets.history_world` and ``history_report``.

Always-on tests use the fixtures in ``tests/fixtures`` (``tests/fixtures/HISTORY.md``);
the real-data tests skip with a reason when ``../shared/data`` is absent. Figures on the
real data were checked against the raw CSV files and the records before being written
down here.
"""

from __future__ import annotations

import csv
import math
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from alliance_risk import (
    InvalidParameterError,
    MissingDataError,
    ScoringConfig,
    World,
    score_dyads,
    states_tied,
)
from alliance_risk.datasets import atop_world, history_report, history_world
from alliance_risk.datasets.history import HISTORY_FOLDERS

from .conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures"
FOLDERS = {
    "atop": "atop",
    "cow_states": "cow",
    "cow_mid": "mid",
    "cow_wars": "wars",
    "rivalries": "rivalries",
    "cow_contiguity": "contiguity",
    "cow_igo": "igo",
}
DATA = SHARED / "data"
KINDS = {"pacts", "conflicts", "rivalries", "contiguities", "joint_igos"}
DATASETS = (
    "atop",
    "cow_states",
    "cow_mid",
    "cow_wars",
    "td_rivalries",
    "tss_rivalries",
    "cow_contiguity",
    "cow_igo",
)
# A year's IGO count is known on its last day: the IGO data cover 1816 from 1816-12-31.
FIRST_DAY = {"joint_igos": date(1816, 12, 31)}

# file read by each mapper report, relative to its data set's folder
FILES = {
    "atop": ("atop", "atop5_1m.csv"),
    "cow_mid": ("cow_mid", "MIDB_5.0.csv"),
    "cow_wars": ("cow_wars", "Inter-StateWarData_v4.0.csv"),
    "td_rivalries": ("rivalries", "td_rivalries.csv"),
    "tss_rivalries": ("rivalries", "tss_rivalries.csv"),
    "cow_contiguity": ("cow_contiguity", "contdir_peacesciencer.csv"),
    "cow_igo": ("cow_igo", "igo_ndy_peacesciencer.csv"),
}


def data_rows(path: Path) -> int:
    """Count the data rows of a CSV file independently of the loaders."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return sum(1 for row in csv.reader(f) if row) - 1


def read_and_used(report: Any) -> tuple[int, int]:
    """``(rows read, rows used)`` of a mapper report (ATOP's counts member rows)."""
    read = report.rows if hasattr(report, "rows") else report.read
    return int(read), int(report.used)


def check_accounted(root: Path, folders: dict[str, str], report: Any) -> None:
    """Every row of every file is read, and each is used or dropped with a reason."""
    assert set(report.reports) == set(FILES)
    for name, rep in report.reports.items():
        read, used = read_and_used(rep)
        assert read == used + sum(rep.dropped.values()), name
        key, file = FILES[name]
        assert read == data_rows(root / folders[key] / file), name
        assert all(n >= 0 for n in rep.dropped.values()), name


def check_records(report: Any) -> None:
    """Check: records in the World plus those outside the period are those the mappers made."""
    r = report.reports
    made = {
        "pacts": r["atop"].pacts,
        "conflicts": r["cow_mid"].records + r["cow_wars"].records,
        "rivalries": r["td_rivalries"].records + r["tss_rivalries"].records,
        "contiguities": r["cow_contiguity"].records,
        "joint_igos": r["cow_igo"].records,
    }
    for kind in KINDS:
        assert report.records[kind] + report.outside[kind] == made[kind], kind


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> World:
    return history_world(FIXTURES, folders=FOLDERS)


def test_fixture_world_states_kinds_and_coverage(small: World) -> None:
    assert small.codes == ("USA", "UKG", "GMY", "RUS", "CHN", "PRK", "JPN")
    assert [s.ccode for s in small.states] == [2, 200, 255, 365, 710, 731, 740]
    assert all(s.name for s in small.states)
    assert small.datasets == DATASETS
    kinds = {str(c.kind) for c in small.conflicts}
    assert kinds == {"dispute", "war"}
    assert small.pacts and small.rivalries and small.contiguities
    assert set(small.coverage) == KINDS
    for kind in KINDS:  # the data sets' coverage intersected with 1816-2014
        first = FIRST_DAY.get(kind, date(1816, 1, 1))
        assert small.covered(kind) == (first, date(2014, 12, 31)), kind
    ids = {c.id for c in small.conflicts}
    assert {"MID-2", "MID-258", "WAR-139"} <= ids
    assert {r.id for r in small.rivalries} >= {"TD-99", "TSS-100"}
    assert next(r for r in small.rivalries if r.id == "TD-99").rivals == ("USA", "RUS")


def test_fixture_report_accounts_for_every_row() -> None:
    report = history_report(FIXTURES, folders=FOLDERS)
    check_accounted(FIXTURES, FOLDERS, report)
    check_records(report)
    w = history_world(FIXTURES, folders=FOLDERS)
    assert report.records == {
        "pacts": len(w.pacts),
        "conflicts": len(w.conflicts),
        "rivalries": len(w.rivalries),
        "contiguities": len(w.contiguities),
        "joint_igos": len(w.joint_igos),
    }
    # the fixtures hold rows that must be dropped, each with its reason
    assert sum(report.reports["cow_mid"].dropped.values()) > 0
    assert sum(report.reports["cow_contiguity"].dropped.values()) > 0
    assert str(report)  # a readable summary


def test_fixture_period_keeps_records_that_last_into_it() -> None:
    w = history_world(FIXTURES, 1900, 1950, folders=FOLDERS)
    report = history_report(FIXTURES, 1900, 1950, folders=FOLDERS)
    check_records(report)
    assert report.outside["conflicts"] > 0 and report.outside["pacts"] > 0
    for kind in KINDS:
        assert w.covered(kind) == (date(1900, 1, 1), date(1950, 12, 31)), kind
    assert {c.id for c in w.conflicts} == {"MID-2", "MID-258", "MID-9001", "WAR-108", "WAR-139"}
    # 1816-1904: began before the period and lasts into it, so kept
    assert "TD-27" in {r.id for r in w.rivalries}
    assert "ATOP-3375" not in {p.id for p in w.pacts}  # 1960: after the period


def test_bad_period_and_missing_folders_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match="first=1950, last=1900"):
        history_world(FIXTURES, 1950, 1900, folders=FOLDERS)
    with pytest.raises(InvalidParameterError, match="first <= last"):
        history_report(FIXTURES, "1900", 1950, folders=FOLDERS)  # type: ignore[arg-type]
    with pytest.raises(MissingDataError, match="no data folder at"):
        history_world(tmp_path / "nowhere")
    with pytest.raises(MissingDataError, match=r"states2016\.csv"):
        history_world(FIXTURES, folders={**FOLDERS, "cow_states": "absent"})
    with pytest.raises(MissingDataError, match=r"MIDB_5\.0\.csv"):
        history_world(FIXTURES, folders={**FOLDERS, "cow_mid": "absent"})
    with pytest.raises(InvalidParameterError, match=r"folders names 'mids'.*cow_mid"):
        history_world(FIXTURES, folders={**FOLDERS, "mids": "mid"})


# --- real data: skipped without ../shared/data ---------------------------------------------


@pytest.fixture(scope="module")
def real() -> Path:
    if not (DATA / "cow_mid_v5.0" / "MIDB_5.0.csv").is_file():
        pytest.skip(f"real data not found at {DATA} (a fresh clone has no ../shared/data)")
    return DATA


@pytest.fixture(scope="module")
def built(real: Path) -> tuple[World, float]:
    start = time.perf_counter()
    world = history_world(real)
    return world, time.perf_counter() - start


def test_real_world_builds_quickly_with_every_conflict(built: tuple[World, float]) -> None:
    world, seconds = built
    assert seconds < 30, f"history_world took {seconds:.1f} s; the requirement is < 30 s"
    kinds = [str(c.kind) for c in world.conflicts]
    assert kinds.count("dispute") == 2436 and kinds.count("war") == 95
    assert len(world.states) == 217 and all(s.ccode is not None for s in world.states)
    assert set(world.coverage) == KINDS
    assert world.covered("conflicts") == (date(1816, 1, 1), date(2014, 12, 31))


def test_real_report_accounts_for_every_row(real: Path) -> None:
    report = history_report(real)
    check_accounted(real, dict(HISTORY_FOLDERS), report)
    check_records(report)
    assert read_and_used(report.reports["cow_mid"]) == (5883, 5883)
    assert read_and_used(report.reports["cow_wars"]) == (337, 337)
    assert report.records["conflicts"] == 2436 + 95 and report.outside["conflicts"] == 0


def test_real_cold_war_scores_sign_and_evidence(built: tuple[World, float]) -> None:
    world, _ = built
    s = score_dyads(world, "1962-12-31")
    usa_rus, usa_swz = s.score("USA", "RUS"), s.score("USA", "SWZ")
    assert usa_rus < 0  # antagonism and rivalry outweigh the wartime alliance
    assert usa_rus < usa_swz < 0  # Switzerland: two WWII-era disputes with the US
    evidence = s.explain("USA", "RUS")
    assert math.isclose(sum(e.share for e in evidence), usa_rus, abs_tol=1e-9)
    by_signal = {e.signal for e in evidence}
    assert {"antagonism", "rivalry"} <= by_signal
    assert all(e.share < 0 for e in evidence if e.signal in ("antagonism", "rivalry"))
    assert {"TD-99", "TSS-100"} <= {e.record for e in evidence if e.signal == "rivalry"}
    assert any(e.share > 0 for e in evidence)  # the rest (a 1962 consultation pact, WWII) pulls up
    swz = s.explain("USA", "SWZ")
    assert swz and all(e.signal == "antagonism" for e in swz)
    assert math.isclose(sum(e.share for e in swz), usa_swz, abs_tol=1e-9)


def test_real_strangers_score_exactly_zero(built: tuple[World, float]) -> None:
    world, _ = built
    s = score_dyads(world, "1962-12-31")
    records = [*world.pacts, *world.conflicts, *world.rivalries, *world.contiguities]
    for a, b in [("ICE", "NEP"), ("NEP", "URU")]:
        assert not [r.id for r in records if {a, b} <= states_tied(r)]  # truly strangers
        assert any(a in states_tied(r) for r in records)  # yet each has records
        assert any(b in states_tied(r) for r in records)
        assert s.score(a, b) == 0.0 and s.explain(a, b) == ()


def test_real_pact_only_world_is_not_capped(real: Path) -> None:
    w = atop_world(real / HISTORY_FOLDERS["atop"], real / HISTORY_FOLDERS["cow_states"])
    s = score_dyads(w, "1962-12-31")
    assert s.matrix.max() > 0.3  # the pact weight is renormalised, not capped at 0.3
    assert s.score("USA", "UKG") > 0.3
    assert {"antagonism", "rivalry", "cobelligerence", "troops"} <= set(s.left_out)
    assert "pact" not in s.left_out
    one = score_dyads(w, "1926-12-31", ScoringConfig(weights={"pact": 1}))
    assert one.score("UKG", "ITA") == 0.0  # Locarno's guarantors owe each other nothing
    assert one.left_out == ()
