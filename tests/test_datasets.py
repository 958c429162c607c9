"""Tests for :mod:`alliance_risk.datasets` and :mod:`alliance_risk.provenance`.

Always-on tests use the small fixtures in ``tests/fixtures``; tests against the real
ATOP, COW and published S-score files skip with a reason when ``../shared/data`` is
absent (a fresh clone).
"""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import alliance_risk as ar
from alliance_risk import InvalidParameterError, MissingDataError, Obligation
from alliance_risk.compile import compile_world
from alliance_risk.datasets import (
    AtopDyadYears,
    DataFileError,
    atop_pacts,
    atop_portfolios,
    atop_world,
    dyad_years,
    read_atop,
    read_atop_alliances,
    read_atop_dyad_years,
    read_atop_members,
    read_cow_capabilities,
    read_cow_states,
)
from alliance_risk.similarity import s_score

from .conftest import SHARED

FIX = Path(__file__).parent / "fixtures"
ATOP, COW = FIX / "atop", FIX / "cow"
DATA = SHARED / "data"


@pytest.fixture(scope="module")
def real() -> Path:
    if not (DATA / "atop_v5.1" / "atop5_1m.csv").is_file():
        pytest.skip(f"real data not found at {DATA} (a fresh clone has no ../shared/data)")
    return DATA


# --- fixtures: always on ---------------------------------------------------------------


def test_member_file_quirks() -> None:
    m = read_atop_members(ATOP)
    rows = list(zip(m.atopid.tolist(), m.member.tolist(), strict=True))
    k = rows.index((3375, 2))
    assert m.exit[k] is None  # exit year 0: still in force, not missing
    k = rows.index((2005, 200))
    assert m.exit[k] == date(1917, 11, 30)  # exit day missing: last day of the month
    k = rows.index((2005, 365))
    assert m.entry[k] == date(1907, 8, 1)  # entry day missing: the 1st
    notes = m.report.notes
    assert notes["entry day missing: read as the 1st"] == 1
    assert notes["exit day missing: read as the month's last day"] == 1
    assert m.report.read == m.report.used == 19


def test_pacts_keep_asymmetry_phases_and_membership_changes() -> None:
    pacts, report = atop_pacts(read_atop_members(ATOP), read_cow_states(COW))
    by_id = {p.id: p for p in pacts}
    us_japan = by_id["ATOP-3375"]
    assert us_japan.obligations_of("USA") == (Obligation.DEFENCE, Obligation.CONSULTATION)
    assert us_japan.obligations_of("JPN") == (Obligation.CONSULTATION,)
    assert us_japan.ended is None
    guarantee = by_id["ATOP-1060"]
    assert guarantee.obligations_of("GMY") == ()  # pledges nothing, receives a pledge
    phase2 = sorted((p for p in pacts if p.id.startswith("ATOP-4810-p2")), key=lambda p: p.signed)
    assert [(p.signed, p.ended, set(p.parties)) for p in phase2] == [
        (date(2001, 6, 15), date(2005, 1, 1), {"RUS", "CHN"}),
        (date(2005, 1, 1), date(2010, 1, 1), {"RUS", "CHN", "JPN"}),
        (date(2010, 1, 1), date(2012, 1, 1), {"RUS", "CHN"}),
        (date(2012, 1, 1), None, {"RUS", "CHN", "JPN"}),
    ]
    # nothing is dropped silently: rows read = rows used + rows reported
    assert report.rows == report.used + sum(report.dropped.values())
    assert report.dropped["member rows of states outside the COW state list"] == 1


def test_atop_world_scores_history() -> None:
    w = atop_world(ATOP, COW)
    assert w.state("PRK").ccode == 731 and w.datasets == ("atop", "cow_states")
    cfg = ar.ScoringConfig(weights={"pact": 1})
    s = ar.score_dyads(w, "1962-01-01", cfg)
    assert s.score("CHN", "PRK") == 1.0
    assert s.score("USA", "JPN") == pytest.approx(0.7)
    assert ar.score_dyads(w, "1880-12-01", cfg).score("UKG", "GMY") == pytest.approx(0.5)


def test_guarantors_owe_each_other_nothing() -> None:
    # Fixture alliance 1495 (invented, after Locarno): Britain and Russia guarantee
    # Germany; the directed file records no obligation between the two guarantors.
    m, cow, dy = read_atop_members(ATOP), read_cow_states(COW), read_atop_dyad_years(ATOP)
    before, _ = atop_pacts(m, cow)  # member-level only: every member owes every other
    pacts, report = atop_pacts(m, cow, dy)
    old, by_id = {p.id: p for p in before}, {p.id: p for p in pacts}
    assert old["ATOP-1495-1"].ties("UKG", "RUS") and old["ATOP-1495-2"].ties("UKG", "RUS")
    g = by_id["ATOP-1495-1"]
    assert g.owed("UKG", "RUS") == () == g.owed("RUS", "UKG") and not g.ties("UKG", "RUS")
    assert g.owed("UKG", "GMY") == (Obligation.DEFENCE,) == g.owed("RUS", "GMY")
    assert g.owed("GMY", "UKG") == () and g.ties("UKG", "GMY") and g.ties("RUS", "GMY")
    assert {(p.party, p.toward) for p in g.pledges} == {("UKG", "RUS"), ("RUS", "UKG")}
    # after Germany leaves, the stretch ties no two parties: left out and counted; the
    # other ids stay as they were, and pacts stay sorted
    assert [p.id for p in pacts] == [p.id for p in before if p.id != "ATOP-1495-2"]
    assert all(not p.pledges and p.parties == old[p.id].parties for p in pacts if p is not g)
    assert report.directed and report.rows == 19 == report.used + sum(report.dropped.values())
    assert (report.pledged_pacts, report.pairs_uncredited, report.pairs_narrowed) == (1, 4, 0)
    assert report.untied_stretches == 1
    assert report.dyad_years_changed == 8  # UKG->RUS and RUS->UKG, 1890-1893
    assert report.dyad_years_overcredited == 0 and sum(report.unmatched.values()) == 0
    assert "4 ordered pairs un-credited" in str(report)

    # The engine reads the pledges: the guarantors are not tied, each is tied to Germany.
    w = atop_world(ATOP, COW)
    cw = compile_world(w)
    rows = {
        (cw.codes[i], cw.codes[j])
        for i, j, r in zip(cw.pacts.i, cw.pacts.j, cw.pacts.record, strict=True)
        if cw.record_ids[r] == "ATOP-1495-1"
    }
    assert rows == {("UKG", "GMY"), ("GMY", "UKG"), ("RUS", "GMY"), ("GMY", "RUS")}
    s = ar.score_dyads(w, "1891-06-30", ar.ScoringConfig(weights={"pact": 1}))
    assert s.score("UKG", "RUS") == 0.0
    assert s.score("UKG", "GMY") == pytest.approx(0.5) == s.score("RUS", "GMY")


def test_a_phase_the_directed_file_never_ties_is_dropped_and_counted() -> None:
    m, cow, dy = read_atop_members(ATOP), read_cow_states(COW), read_atop_dyad_years(ATOP)
    guarantee = (dy.year >= 1890) & (dy.year <= 1893)
    quiet = replace(dy, flags={f: np.where(guarantee, 0, v) for f, v in dy.flags.items()})
    assert isinstance(quiet, AtopDyadYears)
    pacts, report = atop_pacts(m, cow, quiet)
    assert not any(p.id.startswith("ATOP-1495") for p in pacts)
    why = "member rows of alliance phases whose every stretch the directed file leaves untied"
    assert report.dropped[why] == 3 and report.untied_stretches == 2
    assert report.rows == report.used + sum(report.dropped.values())
    assert report.dyad_years_changed == 2 * 4 + 2 * 3  # guarantors 1890-93, to GMY 1890-92


def test_portfolios_and_cow_states() -> None:
    cow = read_cow_states(COW)
    assert cow.members(1961).tolist() == [2, 200, 365, 710, 731, 740]
    with pytest.raises(MissingDataError, match="no data for 2017; pass carry_forward_to=2017"):
        cow.members(2017)
    codes, x = atop_portfolios(read_atop_dyad_years(ATOP), cow, 1961)
    k = {int(c): i for i, c in enumerate(codes)}
    assert x[k[2], k[740]] == 3 and x[k[740], k[2]] == 2  # directed: row = obligations held
    assert x[k[710], k[731]] == 3 and np.all(np.diag(x) == 3)
    _, b = atop_portfolios(read_atop_dyad_years(ATOP), cow, 1961, valuation="binary")
    assert b.max() == 1
    with pytest.raises(InvalidParameterError, match="'valuation' parameter"):
        atop_portfolios(read_atop_dyad_years(ATOP), cow, 1961, valuation="cow")


def test_capabilities_missing_is_nan_never_zero() -> None:
    cap = read_cow_capabilities(COW)
    assert math.isnan(cap.milex[cap.ccode == 255][0])
    assert cap.report.notes["missing milex (-9 -> NaN)"] == 1
    assert cap.cinc_of([2, 365], 1914).tolist() == [0.14621, 0.0962]


def test_panel_from_fixtures(tmp_path: Path) -> None:
    panel = dyad_years(
        ATOP,
        COW,
        [1913, 1914],
        capabilities=read_cow_capabilities(COW),
        measures=("tau_b", "s_abs", "s_abs_weighted", "kappa_sq", "pi_sq"),
    )
    d = panel.data
    assert len(d) == 2 * 6 and set(d["year"].tolist()) == {1913, 1914}
    row = d[(d["ccode1"] == 200) & (d["ccode2"] == 365) & (d["year"] == 1914)][0]
    assert row["s_abs"] == pytest.approx(1 - 2 * 2 / (3 * 4))
    assert row["pact_alignment"] == pytest.approx(0.4)  # consultation both ways
    assert math.isnan(d[d["year"] == 1913]["s_abs_weighted"][0])  # no CINC for 1913: undefined
    out = tmp_path / "panel.csv"
    panel.to_csv(out)
    lines = out.read_text().splitlines()
    assert lines[0].split(",")[:3] == ["ccode1", "ccode2", "year"] and len(lines) == 13
    assert "nan" not in out.read_text().lower()
    directed = dyad_years(
        ATOP, COW, [1914], measures=("s_abs",), pact_alignment=False, directed=True
    )
    assert len(directed.data) == 12
    assert "leeds2002atop" in ar.cite(panel) and "singer1972capability" in ar.cite(panel)


def test_wrong_and_malformed_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="looks like the ATOP alliance-level file"):
        read_atop_members(ATOP / "atop5_1a.csv")
    with pytest.raises(DataFileError, match="looks like the ATOP member-level file"):
        read_atop_alliances(ATOP / "atop5_1m.csv")
    with pytest.raises(DataFileError, match="looks like the COW National Material Capabilities"):
        read_cow_states_file(COW / "NMC-60-abridged.csv", tmp_path)
    bad = tmp_path / "atop5_1m.csv"
    text = (ATOP / "atop5_1m.csv").read_text().splitlines()
    text[3] = text[3].replace(",1874,", ",18x4,", 1)
    bad.write_text("\n".join(text) + "\n")
    with pytest.raises(DataFileError, match=r"line 4, column 'yrent': '18x4' is not a number"):
        read_atop_members(bad)
    short = tmp_path / "short" / "atop5_1m.csv"
    short.parent.mkdir()
    short.write_text("\n".join([*text[:2], "1060,,,200"]) + "\n")
    with pytest.raises(DataFileError, match="line 3: 4 fields; expected 21"):
        read_atop_members(short.parent)
    with pytest.raises(MissingDataError, match="ATOP member-level file"):
        read_atop(tmp_path / "nowhere")


def read_cow_states_file(path: Path, tmp: Path) -> object:
    folder = tmp / "cow"
    folder.mkdir(exist_ok=True)
    (folder / "states2016.csv").write_text(path.read_text())
    (folder / "system2016.csv").write_text((COW / "system2016.csv").read_text())
    return read_cow_states(folder)


def test_cite_and_versions() -> None:
    # the data sets of this module come first; other loaders add theirs after
    keys = [v.key for v in ar.data_versions()]
    assert keys[:4] == ["atop", "cow_states", "cow_nmc", "s_scores"]
    assert ar.cite("atop", "atop").count("@article") == 1
    assert "cow2016states" in ar.cite(atop_world(ATOP, COW))
    assert ar.cite(ar.load_scenario("axis-of-upheaval")) == ""
    with pytest.raises(InvalidParameterError, match="did you mean 'atop'"):
        ar.cite("atopp")


# --- real data: skipped without ../shared/data --------------------------------------------


def _published(path: Path) -> dict[int, dict[tuple[int, int], tuple[float, float]]]:
    out: dict[int, dict[tuple[int, int], tuple[float, float]]] = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            y = int(row["year"])
            out.setdefault(y, {})[(int(row["ccode1"]), int(row["ccode2"]))] = (
                float(row["s_valued_abs"]),
                float(row["s_valued_sq"]),
            )
    return out


def test_reproduces_every_published_s_score(real: Path) -> None:
    published = _published(
        real / "sscores_atop5.1_svmiller" / "sscore_atop5.1_valued_unweighted_selected_years.csv"
    )
    assert len(published) == 17
    dy = read_atop_dyad_years(real / "atop_v5.1")
    cow = read_cow_states(real / "cow_state_system_v2016")
    worst, count = 0.0, 0
    for year, values in published.items():
        codes, x = atop_portfolios(dy, cow, year, carry_forward_to=2018)
        k = {int(c): i for i, c in enumerate(codes)}
        assert len(values) == len(codes) * (len(codes) - 1) // 2, year  # same state set
        abs_, sq = s_score(x), s_score(x, distance="squared")
        i = np.array([k[a] for a, _ in values])
        j = np.array([k[b] for _, b in values])
        want = np.array(list(values.values()))
        worst = max(
            worst,
            float(np.abs(abs_[i, j] - want[:, 0]).max()),
            float(np.abs(sq[i, j] - want[:, 1]).max()),
        )
        count += len(values)
    assert count == 122_971
    assert worst <= 1e-9, worst


def test_spot_facts_of_the_data_readme(real: Path) -> None:
    dy = read_atop_dyad_years(real / "atop_v5.1")
    cow = read_cow_states(real / "cow_state_system_v2016")
    for year, a, b, want_abs, want_sq in [
        (1961, 710, 731, 0.957958, 0.985986),
        (2001, 365, 710, 0.602094, 0.785922),
        (1914, 2, 200, 0.733333, 0.762963),
        (1816, 2, 200, 0.565217, 0.565217),
    ]:
        codes, x = atop_portfolios(dy, cow, year)
        k = {int(c): i for i, c in enumerate(codes)}
        assert s_score(x)[k[a], k[b]] == pytest.approx(want_abs, abs=1e-6)
        assert s_score(x, distance="squared")[k[a], k[b]] == pytest.approx(want_sq, abs=1e-6)
    assert cow.members(1816).size == 23 and cow.members(2016).size == 195


def test_real_atop_world_and_report(real: Path) -> None:
    directed_drop = (
        "member rows of alliance phases whose every stretch the directed file leaves untied"
    )
    m = read_atop_members(real / "atop_v5.1")
    cow = read_cow_states(real / "cow_state_system_v2016")
    _, report = atop_pacts(m, cow)
    assert report.rows == 2510 == report.used + sum(report.dropped.values())
    assert report.dropped["member rows of states outside the COW state list"] == 1  # ccode 8152
    _, directed = atop_pacts(m, cow, read_atop_dyad_years(real / "atop_v5.1"))
    assert directed.rows == 2510 == directed.used + sum(directed.dropped.values())
    assert directed.dropped == {**report.dropped, directed_drop: 0}
    w = atop_world(real / "atop_v5.1", real / "cow_state_system_v2016")
    assert len(w.states) == 217
    cfg = ar.ScoringConfig(weights={"pact": 1})
    best = ar.top_triads(w, "1914-07-01", k=1, config=cfg)[0]
    assert set(best.members) == {"GMY", "AUH", "ITA"}  # the Triple Alliance
    s = ar.score_dyads(w, "2000-01-01", cfg)
    # asymmetric: the US pledges defence, Japan less, so the pair is below a mutual pact
    assert 0.7 <= s.score("USA", "JPN") < 1.0
    assert "ATOP-3375" in {e.record for e in s.explain("USA", "JPN")}
    assert s.score("CHN", "PRK") == 1.0


def _file_flags(dy: AtopDyadYears, c1: int, c2: int, year: int) -> set[str]:
    row = (dy.ccode1 == c1) & (dy.ccode2 == c2) & (dy.year == year)
    return {f for f, v in dy.flags.items() if v[row].any()}


def test_real_locarno_guarantors_are_not_tied(real: Path) -> None:
    atop_dir, cow_dir = real / "atop_v5.1", real / "cow_state_system_v2016"
    dy = read_atop_dyad_years(atop_dir)
    # ATOP's directed file: in 1926 Britain (200) and Italy (325), the two guarantors of
    # Locarno (atopid 2130), hold no obligation toward each other; Britain owes France.
    assert _file_flags(dy, 200, 325, 1926) == set() == _file_flags(dy, 325, 200, 1926)
    assert "defense" in _file_flags(dy, 200, 220, 1926)
    w = atop_world(atop_dir, cow_dir)
    s = ar.score_dyads(w, "1926-12-31", ar.ScoringConfig(weights={"pact": 1}))
    assert s.score("UKG", "ITA") == 0.0  # what the directed file implies: no tie
    assert s.score("UKG", "FRN") > 0  # Britain guarantees France: still tied
    assert "ATOP-2130-1" in {e.record for e in s.explain("UKG", "FRN")}
    assert s.score("ITA", "GMY") > 0  # Italy guarantees Germany's border
    locarno = next(p for p in w.pacts if p.id == "ATOP-2130-1")
    assert not locarno.ties("UKG", "ITA") and locarno.ties("UKG", "FRN")
    # the panel's pact column uses the same mapping
    panel = dyad_years(atop_dir, cow_dir, [1926], measures=("s_abs",))
    d = panel.data
    alignment = {
        (int(a), int(b)): float(v)
        for a, b, v in zip(d["ccode1"], d["ccode2"], d["pact_alignment"], strict=True)
    }
    assert alignment[(200, 325)] == 0.0 and alignment[(200, 220)] > 0


def test_real_directed_mapping_report(real: Path) -> None:
    atop_dir, cow_dir = real / "atop_v5.1", real / "cow_state_system_v2016"
    m, cow, dy = (
        read_atop_members(atop_dir),
        read_cow_states(cow_dir),
        read_atop_dyad_years(atop_dir),
    )
    before, _ = atop_pacts(m, cow)
    pacts, report = atop_pacts(m, cow, dy)
    assert report.rows == 2510 == report.used + sum(report.dropped.values())
    assert [p.id for p in pacts] == [p.id for p in before]  # ids stable, nothing untied
    assert report.untied_stretches == 0
    assert report.pledged_pacts == sum(1 for p in pacts if p.pledges) == 14
    assert (report.pairs_uncredited, report.pairs_narrowed) == (31, 42)
    # every dyad-year with an obligation in the directed file has a pact that credits it
    assert sum(report.unmatched.values()) == 0
    # the changed figure, recounted the slow way from the records themselves
    codes = {a: int(c) for c, a in zip(cow.ccode, cow.abbrev, strict=True)}

    def tied(ps: tuple[ar.Pact, ...]) -> set[tuple[int, int, int]]:
        out = set()
        for p in ps:
            assert p.in_force is not None
            last = 2018 if p.ended is None else p.ended.year
            for a in p.parties:
                for b in p.parties:
                    if a != b and p.owed(a, b):
                        out.update(
                            (codes[a], codes[b], y) for y in range(p.in_force.year, last + 1)
                        )
        return out

    changed = tied(before) ^ tied(pacts)
    assert report.dyad_years_changed == len(changed) == 110
    assert (200, 325, 1926) in changed and (200, 220, 1926) not in changed
    # the price of attributing over a stretch's years: a few dyad-years are over-credited
    assert report.dyad_years_overcredited == 17


def test_capabilities_real(real: Path) -> None:
    cap = read_cow_capabilities(real / "cow_nmc_v6.0")
    assert cap.report.read == 15_951
    assert cap.report.notes["missing milex (-9 -> NaN)"] == 2217
    assert not np.any(cap.cinc == -9)


def test_panels_hold_blas_to_the_threads_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl", reason="the 'threads' extra")
    import alliance_risk.datasets.panel as panel

    def blas() -> int:
        return min(
            i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"
        )

    outside = blas()
    if outside < 2:
        pytest.skip("the BLAS library runs one thread here: no limit to observe")
    seen: list[int] = []
    real = panel.measure_matrices

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(blas())
        return real(*args, **kwargs)

    monkeypatch.setattr(panel, "measure_matrices", spy)
    one = dyad_years(ATOP, COW, [1913, 1914])
    assert seen == [1, 1] and blas() == outside  # limited inside, restored after
    seen.clear()
    free = dyad_years(ATOP, COW, [1913, 1914], threads=None)
    assert seen == [outside, outside]
    np.testing.assert_array_equal(one.data, free.data)  # the same numbers either way
    with pytest.raises(InvalidParameterError, match=r"'threads' parameter of dyad_years"):
        dyad_years(ATOP, COW, [1913], threads=0)
