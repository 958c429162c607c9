"""Tests for :mod:`alliance_risk.scenarios`: the built-in, cited scenarios."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from alliance_risk import (
    Confidence,
    Obligation,
    UnknownScenarioError,
    list_scenarios,
    load_scenario,
)

ROOT = Path(__file__).resolve().parents[1]
AXIS = "axis-of-upheaval"


def test_list_and_load() -> None:
    names = [s.name for s in list_scenarios()]
    assert AXIS in names
    for info in list_scenarios():
        assert load_scenario(info.name).states


def test_unknown_name_suggests_close_names() -> None:
    with pytest.raises(UnknownScenarioError, match="did you mean 'axis-of-upheaval'"):
        load_scenario("axis-of-upheavel")


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text('{"states": [{"code": "USA", "name": "United States"}]}')
    assert load_scenario(path).codes == ("USA",)
    assert load_scenario(str(path)).codes == ("USA",)


def test_axis_has_the_states_and_at_least_130_cited_records() -> None:
    world = load_scenario(AXIS)
    assert {"CHN", "RUS", "PRK", "IRN", "USA", "JPN", "KOR", "IND"} <= set(world.codes)
    records = list(world.records())
    assert len(records) >= 130
    for r in records:
        assert r.source and all(s.strip() for s in r.source), r.id
        assert isinstance(r.confidence, Confidence)


def test_every_kind_of_record_is_present() -> None:
    world = load_scenario(AXIS)
    for kind in ("pacts", "deployments", "summits", "exercises", "lifelines"):
        assert getattr(world, kind), kind


def test_treaty_facts_match_the_sheet() -> None:
    world = load_scenario(AXIS)
    p2 = world.record("P2-RUS-PRK-CSP")
    assert (p2.signed, p2.in_force) == (date(2024, 6, 19), date(2024, 12, 4))  # type: ignore[attr-defined]
    assert Obligation.DEFENCE in p2.obligations  # type: ignore[attr-defined]
    p5 = world.record("P5-RUS-IRN-CSP")
    assert (p5.signed, p5.in_force) == (date(2025, 1, 17), date(2025, 10, 2))  # type: ignore[attr-defined]
    assert Obligation.DEFENCE not in p5.obligations  # type: ignore[attr-defined]
    p3 = world.record("P3-CHN-RUS-2001")
    assert p3.obligations == (Obligation.CONSULTATION,)  # type: ignore[attr-defined]
    p7 = world.record("P7-USA-JPN-1960")
    assert Obligation.DEFENCE in p7.obligations_of("USA")  # type: ignore[attr-defined]
    assert Obligation.DEFENCE not in p7.obligations_of("JPN")  # type: ignore[attr-defined]


def test_contested_figures_carry_their_ranges_or_say_why_not() -> None:
    world = load_scenario(AXIS)
    contested = [d for d in world.deployments if d.confidence is Confidence.CONTESTED]
    assert contested
    for d in contested:
        has_range = d.low is not None and d.high is not None
        assert has_range or (d.note or "").startswith("No range:"), d.id
    # the first 1,500 (from 2024-10-08) and the rest from 2024-11-04 give the sourced total
    first, rest = world.record("D1a-PRK-RUS-troops-first"), world.record("D1-PRK-RUS-troops")
    assert first.start < rest.start == date(2024, 11, 4)  # type: ignore[attr-defined]
    total = (first.amount + rest.low, first.amount + rest.high)  # type: ignore[attr-defined]
    assert total == (11_000, 12_000)


def test_the_audit_of_issue_12_is_applied() -> None:
    world = load_scenario(AXIS)
    # Shoigu's announced 6,000: the 1,000 sappers from when they were reported in Russia
    sappers, builders = world.record("D3-PRK-RUS-engineers"), world.record("D3b-PRK-RUS-builders")
    assert (sappers.amount, sappers.start) == (1_000, date(2025, 9, 2))  # type: ignore[attr-defined]
    assert sappers.confidence is builders.confidence is Confidence.REPORTED
    assert world.record("P6-CHN-IRN-25yr").confidence is Confidence.CONFIRMED
    for rid in ("L-CHN-RUS-microelectronics-2023", "L-CHN-RUS-machine-tools-2023Q4"):
        assert world.record(rid).confidence is Confidence.CONFIRMED  # repeated official figures
    # no share for January-September 2025: it is known only month by month
    assert world.record("L-RUS-IND-crude-2025").share is None  # type: ignore[attr-defined]
    monthly = [ll for ll in world.lifelines if ll.buyer == "IND" and ll.start.year == 2025]
    assert {ll.start.month for ll in monthly if ll.share is not None} >= {7, 9}
    # China's 2025 crude imports from Russia go past the first quarter
    crude = [ll for ll in world.lifelines if (ll.supplier, ll.buyer) == ("RUS", "CHN")]
    assert max(ll.end for ll in crude if ll.commodity == "crude oil" and ll.end) > date(2025, 3, 31)


def test_token_contingents_are_participants_that_sent_few() -> None:
    world = load_scenario(AXIS)
    zapad = world.record("E-Zapad-2025")
    assert "IND" in zapad.token and "IRN" not in zapad.token  # type: ignore[attr-defined]
    assert world.record("E-Vostok-2022").token == ("IND",)  # type: ignore[attr-defined]


def test_approximate_dates_say_so() -> None:
    world = load_scenario(AXIS)
    firsts = [r for r in world.records() if "1st stands in" in (r.note or "")]
    assert firsts  # month-only dates exist in the sheet and are flagged
    for r in firsts:
        dates = [getattr(r, f, None) for f in ("signed", "start", "date")]
        assert any(isinstance(d, date) and d.day == 1 for d in dates), r.id


def test_trilateral_events_for_the_comparison_blocs() -> None:
    world = load_scenario(AXIS)
    fe = [e for e in world.exercises if (e.name or "").startswith("Freedom Edge")]
    assert len(fe) == 3 and all(set(e.participants) == {"USA", "JPN", "KOR"} for e in fe)
    parade = world.record("S-CHN-RUS-PRK-2025-09-03")
    assert set(parade.participants) == {"CHN", "RUS", "PRK"}  # type: ignore[attr-defined]


def test_provenance_page_lists_every_record() -> None:
    page = (ROOT / "docs" / "scenarios" / "axis-of-upheaval.md").read_text(encoding="utf-8")
    world = load_scenario(AXIS)
    for r in world.records():
        assert f"**{r.id}**" in page, r.id
    cited = set(re.findall(r"\bS\d{2,3}\b", page))
    used = {s.split(" ")[0] for r in world.records() for s in r.source if s.startswith("S")}
    assert used <= cited


def test_provenance_page_lists_what_was_left_out_and_why() -> None:
    page = (ROOT / "docs" / "scenarios" / "axis-of-upheaval.md").read_text(encoding="utf-8")
    data = ROOT / "alliance_risk" / "scenarios" / "data" / f"{AXIS}.left-out.json"
    left_out = json.loads(data.read_text(encoding="utf-8"))
    assert len(left_out) >= 20
    section = page.split("## Left out, and why", 1)[1].split("\n## ", 1)[0]
    for fact in left_out:
        assert fact["what"].strip() and fact["why"].strip(), fact
        assert fact["what"].replace("|", "/").replace("[", "\\[") in section, fact["what"]


def test_scenario_pages_are_what_their_data_make() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "scenario_pages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_page_out_of_step_with_its_data_is_caught(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import scenario_pages
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    (page, text), *_ = scenario_pages.pages().items()
    assert page.read_text(encoding="utf-8") == text
    world = load_scenario(AXIS)
    about = (scenario_pages.DATA / f"{AXIS}.about.md").read_text(encoding="utf-8")
    fewer = world.model_copy(update={"summits": world.summits[1:]})
    assert scenario_pages.provenance_page(AXIS, fewer, about) != text
    assert f"**{world.summits[0].id}**" not in scenario_pages.provenance_page(AXIS, fewer, about)


def test_citations_from_the_facts_sheet_quote_its_source_list(facts_sheet: Path) -> None:
    row = re.compile(r"^\|\s*(S\d+)\s*\|\s*([ABC])\s*\|\s*(.+?)\s*\|\s*(\S+)\s*\|\s*$")
    sheet = {}
    for line in facts_sheet.read_text(encoding="utf-8").splitlines():
        if m := row.match(line):
            sid, tier, title, address = m.groups()
            sheet[sid] = f"{sid} (tier {tier}): {title}. {address}"
    assert len(sheet) >= 200
    cited = [c for r in load_scenario(AXIS).records() for c in r.source]
    from_sheet = [c for c in cited if re.match(r"S\d+ \(tier", c)]
    assert from_sheet, "the scenario cites the facts sheet"
    for c in from_sheet:
        assert sheet.get(c.split(" ")[0]) == c, c
