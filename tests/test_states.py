"""Tests of :mod:`alliance_risk.states`: the state resolver and the crosswalk of codes."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_risk import (
    State,
    UnknownStateError,
    World,
    load_scenario,
    score_triad,
    timeline,
)
from alliance_risk.cli import main
from alliance_risk.datasets import atop_world
from alliance_risk.states import (
    CODINGS,
    CROSSWALK_SOURCES,
    crosswalk,
    resolve_members,
    resolve_state,
)
from alliance_risk.testing.strategies import worlds
from alliance_risk.world import world_from_json

from .conftest import SHARED

COW_STATES = SHARED / "data" / "cow_state_system_v2016" / "states2016.csv"
SCENARIO = load_scenario("axis-of-upheaval")


def _cow_world(*codes: str) -> World:
    """Return a COW-coded World of the named COW states (numbers and names from the crosswalk)."""
    first = {}
    for r in crosswalk():
        first.setdefault(r.cow_code, r)
    return World(
        coding="cow",
        states=[State(code=c, name=first[c].name, ccode=first[c].cow_number) for c in codes],
    )


COW = _cow_world("USA", "UKG", "JPN", "KOR", "ROK", "PRK", "GMY", "GFR", "AUS", "AUL")


# --- the crosswalk --------------------------------------------------------------------


def test_every_row_is_well_formed_and_cites_each_mapping() -> None:
    for r in crosswalk():
        assert r.end is None or r.start <= r.end, r
        assert r.cow_code.isupper() and 2 <= len(r.cow_code) <= 3, r
        assert r.cow_source in CROSSWALK_SOURCES
        assert (r.iso3 is None) == (r.iso3_source is None), r
        assert (r.gw_number is None) == (r.gw_source is None), r
        if r.iso3 is not None:
            assert len(r.iso3) == 3 and r.iso3.isalpha() and r.iso3.isupper(), r
            assert r.iso3_source in CROSSWALK_SOURCES
        if r.gw_source is not None:
            assert r.gw_source in CROSSWALK_SOURCES


def test_rows_of_one_state_do_not_overlap() -> None:
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for r in crosswalk():
        spans[r.cow_number].append((r.start, r.end or date.max))
    for number, rows in spans.items():
        rows.sort()
        for (_, end), (start, _) in pairwise(rows):
            assert end < start, (number, rows)


def test_an_iso_code_names_one_cow_state_on_any_day() -> None:
    days = sorted({r.start for r in crosswalk()} | {date(2025, 1, 1)})
    for day in days:
        states: dict[str, set[int]] = defaultdict(set)
        for r in crosswalk():
            if r.iso3 and r.holds_on(day):
                states[r.iso3].add(r.cow_number)
        assert all(len(v) == 1 for v in states.values()), (day, states)


def test_known_differences_between_the_lists() -> None:
    def row(number: int, day: date) -> tuple[str, str | None, int | None]:
        (r,) = [r for r in crosswalk() if r.cow_number == number and r.holds_on(day)]
        return r.cow_code, r.iso3, r.gw_number

    assert row(255, date(1900, 1, 1)) == ("GMY", "DEU", 255)
    assert row(255, date(2000, 1, 1)) == ("GMY", "DEU", 260)  # GW continues the FRG
    assert row(260, date(1970, 1, 1)) == ("GFR", "DEU", 260)
    assert row(345, date(1900, 1, 1)) == ("YUG", None, 340)  # GW: Serbia
    assert row(345, date(1970, 1, 1)) == ("YUG", None, 345)
    assert row(345, date(2010, 1, 1)) == ("YUG", "SRB", 340)
    assert row(679, date(2000, 1, 1)) == ("YEM", "YEM", 678)
    assert row(946, date(2005, 1, 1)) == ("KIR", "KIR", 970)
    assert row(730, date(1900, 1, 1)) == ("KOR", None, 730)  # historic: no ISO code
    assert row(732, date(2000, 1, 1)) == ("ROK", "KOR", 732)
    assert row(200, date(2025, 1, 1)) == ("UKG", "GBR", 200)  # still a member: open end


def test_the_codes_that_mean_different_states_in_the_two_codings_are_the_documented_six() -> None:
    iso = {r.iso3: r.cow_number for r in crosswalk() if r.iso3}
    clash = {r.cow_code for r in crosswalk() if iso.get(r.cow_code, r.cow_number) != r.cow_number}
    assert clash == {"AUS", "CZE", "KOR", "MNG", "SLV", "SWZ"}  # docs/data-model.md


def test_every_code_in_the_built_in_scenario_is_an_iso_code_of_its_ccode() -> None:
    for s in SCENARIO.states:
        assert s.ccode is not None
        assert s.code in {r.iso3 for r in crosswalk() if r.cow_number == s.ccode}, s


@pytest.mark.skipif(
    not COW_STATES.exists(),
    reason=f"the COW state system file is not at {COW_STATES} (a fresh clone has no ../shared)",
)
def test_every_cow_spell_is_covered_by_crosswalk_rows() -> None:
    rows: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for r in crosswalk():
        rows[r.cow_number].append((r.start, r.end, r.cow_code))
    with COW_STATES.open(newline="", encoding="utf-8") as f:
        spells = list(csv.DictReader(f))
    assert len(spells) == 243
    for spell in spells:
        n = int(spell["ccode"])
        start = date(int(spell["styear"]), int(spell["stmonth"]), int(spell["stday"]))
        end = date(int(spell["endyear"]), int(spell["endmonth"]), int(spell["endday"]))
        inside = sorted(r for r in rows[n] if start <= r[0] <= end)
        assert inside and inside[0][0] == start, spell
        for (_, last, code), (first, _, _) in pairwise(inside):
            assert last is not None and last + timedelta(days=1) == first, spell
            assert code == spell["stateabb"]
        assert inside[-1][1] == (None if end == date(2016, 12, 31) else end), spell
    assert sum(len(v) for v in rows.values()) >= len(spells)


# --- the resolver ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_", "code"),
    [
        ("PRK", "PRK"),
        ("prk", "PRK"),
        ("DPRK", "PRK"),
        ("dprk", "PRK"),
        ("North Korea", "PRK"),
        ("  north   korea ", "PRK"),
        (731, "PRK"),
        ("731", "PRK"),
        ("chn", "CHN"),
        ("ROK", "KOR"),  # COW code, translated in this ISO-coded World
        ("UKG", "GBR"),
        ("uk", "GBR"),  # an alias
        ("Republic of Korea", "KOR"),
    ],
)
def test_the_built_in_scenario_resolves_codes_names_aliases_and_numbers(
    given_: str | int, code: str
) -> None:
    assert resolve_state(SCENARIO, given_) == code


def test_score_triad_reads_states_as_the_resolver_does() -> None:
    exact = score_triad(SCENARIO, ("CHN", "RUS", "PRK"), "2025-06-01")
    loose = score_triad(SCENARIO, ("chn", "Russia", 731), "2025-06-01")
    assert loose.members == ("CHN", "RUS", "PRK")
    assert loose.score == exact.score


def test_kor_in_a_cow_world_on_a_day_it_was_no_state_is_refused_naming_rok() -> None:
    with pytest.raises(UnknownStateError) as info:
        score_triad(COW, ("USA", "JPN", "KOR"), "2015-01-01")
    message = str(info.value)
    assert "'KOR' in this COW-coded World is Korea (730, 1887-01-01 to 1905-11-17)" in message
    assert "South Korea" in message and "'ROK'" in message
    # On a day Korea was a state, KOR is Korea.
    assert score_triad(COW, ("USA", "JPN", "KOR"), "1900-01-01").members[2] == "KOR"
    assert resolve_state(COW, "kor", as_of="1900-01-01") == "KOR"
    # A timeline refuses it when none of its dates fits Korea.
    with pytest.raises(UnknownStateError, match="'ROK'"):
        timeline(COW, ("USA", "KOR"), ["2000-01-01", "2015-01-01"])


def test_a_cow_world_translates_iso_codes_that_name_one_of_its_states() -> None:
    assert resolve_state(COW, "GBR") == "UKG"
    assert resolve_state(COW, "gbr") == "UKG"
    assert resolve_state(COW, "United Kingdom") == "UKG"
    assert resolve_state(COW, "DEU", as_of="1970-01-01") == "GFR"
    assert resolve_state(COW, "DEU", as_of="2000-01-01") == "GMY"
    with pytest.raises(UnknownStateError, match=r"more than one state.*'GMY'.*'GFR'"):
        resolve_state(COW, "DEU")
    assert resolve_state(COW, "AUS") == "AUS"  # COW's Austria: the World's own code wins
    assert resolve_state(COW, "AUT") == "AUS"


def test_a_code_of_the_worlds_own_coding_for_a_state_it_lacks_is_not_translated() -> None:
    # AUS is COW's Austria; this World has Australia (AUL) only.
    w = _cow_world("USA", "AUL")
    with pytest.raises(UnknownStateError) as info:
        resolve_state(w, "AUS")
    assert "Austria (305" in str(info.value) and "here 'AUL'" in str(info.value)


def test_unknown_states_keep_suggestions() -> None:
    with pytest.raises(
        UnknownStateError, match=r"'PKR' is not a state in this World; did you mean 'PRK'"
    ):
        resolve_state(SCENARIO, "PKR")
    with pytest.raises(
        UnknownStateError,
        match="not the COW number of a state in this World: it is COW's number of Egypt",
    ):
        resolve_state(SCENARIO, 651)
    with pytest.raises(UnknownStateError, match="expected a state code, name or alias"):
        resolve_state(SCENARIO, True)
    with pytest.raises(UnknownStateError, match="expected a state code, name or alias"):
        resolve_state(SCENARIO, 7.0)


def test_a_name_given_to_two_states_is_refused_with_both() -> None:
    w = World(states=[State(code="AAA", name="Twin"), State(code="BBB", name="twin")])
    with pytest.raises(UnknownStateError, match="'AAA' or 'BBB'"):
        resolve_state(w, "TWIN")


def test_members_must_be_distinct_states_however_named() -> None:
    with pytest.raises(ValueError, match="distinct states"):
        resolve_members(SCENARIO, ["PRK", "dprk", "CHN"], "score_triad", (3,))


def test_a_custom_world_consults_no_crosswalk() -> None:
    w = World(states=[State(code="KOR", name="Korea"), State(code="GBR", name="UK", ccode=200)])
    assert w.coding == "custom"
    assert resolve_state(w, "KOR", as_of="1900-01-01") == "KOR"
    assert resolve_state(w, 200) == "GBR"
    with pytest.raises(UnknownStateError):
        resolve_state(w, "UKG")


def test_atop_world_is_cow_coded_and_resolves_iso_codes() -> None:
    w = atop_world("tests/fixtures/atop", "tests/fixtures/cow")
    assert w.coding == "cow"
    assert w.state("gbr").code == "UKG"
    assert w.state("2").code == "USA"


def test_a_file_names_the_code_a_cow_world_uses_for_an_iso_code() -> None:
    data = {
        "coding": "cow",
        "states": [
            {"code": "UKG", "name": "United Kingdom", "ccode": 200},
            {"code": "USA", "name": "United States", "ccode": 2},
        ],
        "summits": [
            {"id": "S1", "participants": ["GBR", "USA"], "date": "2019-04-25",
             "source": ["x"], "confidence": "confirmed"},
        ],
    }  # fmt: skip
    with pytest.raises(
        ValueError,
        match=r"participants\[0\]='GBR' is not a state in this World; did you mean 'UKG'",
    ):
        world_from_json(json.dumps(data))


def test_a_file_may_not_give_an_unknown_coding() -> None:
    with pytest.raises(ValueError, match="coding"):
        world_from_json('{"coding": "iso2"}')
    assert set(CODINGS) == {"iso3", "cow", "custom"}


def test_the_command_line_takes_names_numbers_and_any_case() -> None:
    out = io.StringIO()
    code = main(
        ["triad", "axis-of-upheaval", "chn", "Russia", "731", "--as-of", "2025-06-01"], out=out
    )
    assert code == 0 and out.getvalue().startswith("CHN-RUS-PRK on 2025-06-01")
    out = io.StringIO()
    code = main(["explain", "axis-of-upheaval", "rus", "DPRK", "--as-of", "2025-06-01"], out=out)
    assert code == 0 and out.getvalue().startswith("RUS-PRK on 2025-06-01")


# --- invariants --------------------------------------------------------------------------


def _spellings(world: World) -> list[tuple[str | int, str]]:
    out: list[tuple[str | int, str]] = []
    for s in world.states:
        out += [(s.code, s.code), (s.name, s.code), *((a, s.code) for a in s.aliases)]
        if s.ccode is not None:
            out += [(s.ccode, s.code), (str(s.ccode), s.code)]
    return out


@st.composite
def _recased(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.swapcase() if f else c for c, f in zip(text, flips, strict=True))


@given(st.sampled_from(_spellings(SCENARIO)), st.data())
def test_any_spelling_in_any_case_names_the_same_state(
    spelled: tuple[str | int, str], data: st.DataObject
) -> None:
    text, code = spelled
    given_ = data.draw(_recased(text)) if isinstance(text, str) else text
    assert resolve_state(SCENARIO, given_) == code
    assert resolve_state(SCENARIO, code) == code  # idempotent


@settings(max_examples=50)
@given(worlds(max_records=0), st.data())
def test_codes_and_numbers_resolve_to_themselves_in_any_world(
    world: World, data: st.DataObject
) -> None:
    state = data.draw(st.sampled_from(world.states))
    assert resolve_state(world, data.draw(_recased(state.code))) == state.code
    if state.ccode is not None:
        assert resolve_state(world, state.ccode) == state.code
    once = resolve_state(world, state.code)
    assert resolve_state(world, once) == once
