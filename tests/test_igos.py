"""Joint IGO memberships: the ``JointIgos`` record and the ``joint_igos`` signal."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk import JointIgos, ScoringConfig, World, compile_world, signal_panel

SRC = {"source": ("COW IGO 3.0",), "confidence": "confirmed"}
CODES = ("AAA", "BBB", "CCC", "DDD")
ONLY = ScoringConfig(weights={"joint_igos": 1.0})


def spell(start: str, end: str, count: float) -> dict[str, Any]:
    return {"start": start, "end": end, "count": count}


def ties(*pairs: tuple[str, str, list[dict[str, Any]]], **extra: Any) -> World:
    return World.model_validate(
        {
            "states": [{"code": c, "name": c.title()} for c in CODES],
            "joint_igos": [
                {"id": f"IGO-{a}-{b}", "members": (a, b), "counts": counts, **SRC}
                for a, b, counts in pairs
            ],
            **extra,
        }
    )


def value(world: World, a: str, b: str, day: str, config: ScoringConfig = ONLY) -> float:
    return float(signal_panel(world, [a], [b], [day], config).values[0, 0])


# --- the record ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ({"members": ("AAA", "AAA"), "counts": [spell("1950-12-31", "1951-12-30", 3)]},
         "members=('AAA', 'AAA') names one state twice"),
        ({"members": ("AAA", "BBB"), "counts": []}, "counts"),
        ({"members": ("AAA", "BBB"), "counts": [spell("1950-12-31", "1951-12-30", -1)]},
         "count"),
        ({"members": ("AAA", "BBB"), "counts": [spell("1950-12-31", "1951-12-30", 1.5)]},
         "count"),
        ({"members": ("AAA", "BBB"), "counts": [spell("1951-12-31", "1950-12-30", 2)]},
         "end=1950-12-30 is before start=1951-12-31"),
        ({"members": ("AAA", "BBB"),
          "counts": [spell("1950-12-31", "1951-12-30", 2), spell("1951-06-01", "1952-12-30", 3)]},
         "counts[1].start=1951-06-01 is not after counts[0].end=1951-12-30"),
    ],
)  # fmt: skip
def test_bad_joint_igos_are_refused_naming_the_record_and_field(
    record: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValueError, match="JointIgos 'IGO-1'") as exc:
        JointIgos.model_validate({"id": "IGO-1", **record, **SRC})
    assert fragment in str(exc.value)


def test_an_unknown_member_is_refused_with_a_close_match() -> None:
    with pytest.raises(ValueError, match=r"members\[1\]='BBC' is not a state.*'BBB'"):
        ties(("AAA", "BBC", [spell("1950-12-31", "1951-12-30", 3)]))


def test_two_counts_for_one_pair_on_one_day_are_refused() -> None:
    with pytest.raises(ValueError, match="one joint IGO count per pair and day") as exc:
        ties(
            ("AAA", "BBB", [spell("1950-12-31", "1951-12-30", 3)]),
            (
                "BBB",
                "AAA",
                [spell("1949-12-31", "1950-12-30", 1), spell("1951-12-30", "1952-12-30", 2)],
            ),
        )
    assert str(exc.value).count("JointIgos") == 1
    assert (
        "JointIgos 'IGO-BBB-AAA' (joint_igos[1]): counts[1].start=1951-12-30 falls in counts[0] "
        "(to 1951-12-30) of 'IGO-AAA-BBB', another record of AAA-BBB; expected one joint IGO "
        "count per pair and day" in str(exc.value)
    )
    # the same pair in two records whose spells do not meet is one history, split
    w = ties(
        ("AAA", "BBB", [spell("1950-12-31", "1951-12-30", 3)]),
        ("BBB", "AAA", [spell("1951-12-31", "1952-12-30", 2)]),
    )
    assert value(w, "AAA", "BBB", "1952-06-01") == pytest.approx(1 - math.exp(-1))


def test_joint_igos_round_trip_through_json() -> None:
    w = ties(("AAA", "BBB", [spell("1950-12-31", "1951-12-30", 3)]))
    back = ar.world_from_json(ar.world_to_json(w))
    assert back.joint_igos == w.joint_igos and back.joint_igos[0].end == date(1951, 12, 30)


# --- the signal -------------------------------------------------------------------------


def test_a_count_is_read_against_the_mean_count_of_the_day() -> None:
    w = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 6)]),
        ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 2)]),
        ("BBB", "CCC", [spell("1950-01-01", "1960-12-31", 1)]),
    )
    mean = (6 + 2 + 1) / 3
    assert value(w, "AAA", "BBB", "1955-01-01") == pytest.approx(1 - math.exp(-6 / mean))
    assert value(w, "BBB", "CCC", "1955-01-01") == pytest.approx(1 - math.exp(-1 / mean))
    # igo_scale stretches the curve; a pair with no count (DDD) scores 0.
    cfg = ONLY.model_copy(update={"igo_scale": 2.0})
    assert value(w, "AAA", "BBB", "1955-01-01", cfg) == pytest.approx(1 - math.exp(-6 / (2 * mean)))
    assert value(w, "AAA", "DDD", "1955-01-01") == 0.0


def test_doubling_every_count_changes_nothing() -> None:
    # Only counts relative to their time matter: an era with twice as many IGOs for
    # every pair scores the same.
    one = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 4)]),
        ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 1)]),
    )
    two = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 8)]),
        ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 2)]),
    )
    for pair in (("AAA", "BBB"), ("AAA", "CCC")):
        assert value(one, *pair, "1955-06-01") == pytest.approx(value(two, *pair, "1955-06-01"))


def test_a_pair_scored_alone_scores_as_among_all_states() -> None:
    w = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 6)]),
        ("CCC", "DDD", [spell("1950-01-01", "1960-12-31", 1)]),
    )
    whole = ar.score_dyads(w, "1955-01-01", ONLY)
    trio = ar.score_triad(w, ("AAA", "BBB", "CCC"), "1955-01-01", ONLY)
    assert trio.dyads["AAA", "BBB"] == pytest.approx(whole.score("AAA", "BBB"))
    assert whole.score("AAA", "BBB") == pytest.approx(1 - math.exp(-6 / 3.5))


def test_no_look_ahead_a_later_spell_changes_nothing_before_it() -> None:
    early = [spell("1950-01-01", "1960-12-31", 6)]
    w = ties(("AAA", "BBB", early), ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 2)]))
    later = ties(
        ("AAA", "BBB", [*early, spell("1961-01-01", "1970-12-31", 40)]),
        ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 2)]),
        ("BBB", "CCC", [spell("1965-01-01", "1970-12-31", 90)]),
    )
    for pair in (("AAA", "BBB"), ("AAA", "CCC"), ("BBB", "CCC")):
        assert value(w, *pair, "1960-12-31") == value(later, *pair, "1960-12-31")


def test_the_signal_is_left_out_where_no_count_is_held() -> None:
    w = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 6)]),
        coverage={"joint_igos": {"first": "1950-01-01", "last": "1960-12-31"}},
    )
    cfg = ScoringConfig(weights={"joint_igos": 1.0, "pact": 1.0})
    assert "joint_igos" in ar.score_dyads(w, "1970-01-01", cfg).left_out
    assert "joint_igos" not in ar.score_dyads(w, "1955-01-01", cfg).left_out


def test_the_evidence_names_the_record_behind_the_value() -> None:
    w = ties(
        ("AAA", "BBB", [spell("1950-01-01", "1960-12-31", 6)]),
        ("AAA", "CCC", [spell("1950-01-01", "1960-12-31", 2)]),
    )
    ev = ar.score_dyads(w, "1955-01-01", ONLY).explain("AAA", "BBB")
    assert [(e.record, e.signal) for e in ev] == [("IGO-AAA-BBB", "joint_igos")]
    assert math.fsum(e.share for e in ev) == pytest.approx(
        ar.score_dyads(w, "1955-01-01", ONLY).score("AAA", "BBB")
    )


@given(
    counts=st.lists(st.integers(0, 10**6), min_size=2, max_size=4),
    day=st.dates(date(1949, 1, 1), date(1962, 1, 1)),
)
def test_values_are_in_unit_interval_and_never_nan(counts: list[int], day: date) -> None:
    pairs = [("AAA", "BBB"), ("AAA", "CCC"), ("BBB", "CCC"), ("CCC", "DDD")]
    w = ties(
        *(
            (a, b, [spell("1950-01-01", "1960-12-31", n)])
            for (a, b), n in zip(pairs, counts, strict=False)
        )
    )
    cw = compile_world(w)
    v = signal_panel(cw, ["AAA", "AAA", "CCC"], ["BBB", "DDD", "DDD"], [day] * 3, ONLY).values
    assert np.all(np.isfinite(v)) and np.all((v >= 0) & (v < 1))
    assert compile_world(w).joint_igos.mean_at(np.array([-(10**6)])).tolist() == [0.0]


@st.composite
def igo_worlds(draw: st.DrawFn) -> World:
    """Worlds of four states whose pairs hold a few spells of joint IGO counts."""
    pairs = [(a, b) for k, a in enumerate(CODES) for b in CODES[k + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=6, unique=True))
    out = []
    for a, b in chosen:
        years = sorted(draw(st.sets(st.integers(1900, 1910), min_size=1, max_size=4)))
        counts = [spell(f"{y}-12-31", f"{y + 1}-12-30", draw(st.integers(0, 100))) for y in years]
        out.append((a, b, counts))
    return ties(*out)


@given(w=igo_worlds(), day=st.dates(date(1899, 6, 1), date(1912, 6, 1)), scale=st.floats(0.1, 10))
def test_the_engine_agrees_with_the_reference_engine(w: World, day: date, scale: float) -> None:
    from . import reference_engine as ref

    cfg = ONLY.model_copy(update={"igo_scale": scale})
    a, b = zip(*[(x, y) for k, x in enumerate(CODES) for y in CODES[k + 1 :]], strict=True)
    got = signal_panel(w, list(a), list(b), [day] * len(a), cfg).values[:, 0]
    want = [ref.pair_signals(w, x, y, day, cfg)["joint_igos"] for x, y in zip(a, b, strict=True)]
    assert got == pytest.approx(want, abs=1e-12)


def test_a_timeline_lists_each_change_of_the_count_as_a_milestone() -> None:
    w = ties(
        ("AAA", "BBB", [spell("1950-12-31", "1951-12-30", 3), spell("1951-12-31", "1953-12-30", 5)])
    )
    t = ar.timeline(w, ("AAA", "BBB"), ["1951-06-01", "1952-06-01"], ONLY)
    assert [(m.day, m.what) for m in t.milestones] == [
        (date(1950, 12, 31), "3 joint IGOs"),
        (date(1951, 12, 31), "5 joint IGOs"),
    ]
