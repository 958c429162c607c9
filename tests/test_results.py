"""Tests for :mod:`alliance_risk.results`: frozen, serialisable result objects."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk import load_scenario, score_dyads, score_triad, timeline, top_triads
from alliance_risk.results import MIN_CHANGE
from alliance_risk.testing.strategies import scoring_configs, worlds
from alliance_risk.world import RECORD_KINDS, summarize

AXIS = load_scenario("axis-of-upheaval")


def test_arrays_are_read_only_and_results_frozen() -> None:
    s = score_dyads(AXIS, "2025-01-01")
    with pytest.raises(ValueError, match="read-only"):
        s.matrix[0, 1] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        s.contributions["pact"][0, 1] = 1.0
    with pytest.raises(TypeError):
        s.contributions["new"] = s.matrix  # type: ignore[index]
    t = score_triad(AXIS, ("CHN", "RUS", "PRK"), "2025-01-01")
    with pytest.raises(AttributeError):
        t.score = 1.0  # type: ignore[misc]


def test_to_dict_is_json_ready_everywhere() -> None:
    s = score_dyads(AXIS, "2025-01-01")
    t = score_triad(AXIS, ("CHN", "RUS", "PRK"), "2025-01-01")
    tl = timeline(AXIS, ("RUS", "PRK"), ["2024-01-01", "2025-01-01"])
    for result in (s, t, tl, *top_triads(AXIS, "2025-01-01", k=2)):
        text = json.dumps(result.to_dict())
        assert "NaN" not in text
    assert json.loads(json.dumps(t.to_dict()))["dyads"]["CHN-RUS"] == pytest.approx(
        t.dyads[("CHN", "RUS")]
    )


def test_scalar_accessors_return_python_floats() -> None:
    s = score_dyads(AXIS, "2025-01-01")
    assert type(s.score("RUS", "PRK")) is float
    t = score_triad(AXIS, ("CHN", "RUS", "PRK"), "2025-01-01")
    assert type(t.score) is float and all(type(v) is float for v in t.contributions.values())


def test_to_frame_with_pandas() -> None:
    pd = pytest.importorskip("pandas", reason="to_frame needs the frames extra")
    s = score_dyads(AXIS, "2025-01-01").to_frame()
    assert isinstance(s, pd.DataFrame) and len(s) == len(AXIS.codes) * (len(AXIS.codes) - 1) // 2
    assert set(s.columns) >= {"a", "b", "score", "pact", "troops"}
    tl = timeline(AXIS, ("RUS", "PRK"), ["2024-01-01", "2025-01-01"]).to_frame()
    signals = [c for c in tl.columns if c not in ("date", "score")]
    assert "cobelligerence" in signals  # RUS and PRK fight on one side from October 2024
    assert list(tl["score"].round(12)) == list(tl[signals].sum(axis=1).round(12))


def test_changes_explain_moves_with_milestones() -> None:
    tl = timeline(AXIS, ("RUS", "PRK"), ["2024-06-01", "2024-12-31", "2025-06-01"])
    changes = tl.changes(min_change=0)
    assert len(changes) == 2
    for c in changes:
        assert sum(c.contributions.values()) == pytest.approx(c.delta, abs=1e-12)
    assert {"D1-PRK-RUS-troops", "P2-RUS-PRK-CSP"} <= {m.record for m in changes[0].milestones}
    assert tl.changes(min_change=1.0) == ()


def test_changes_skip_moves_below_the_command_lines_threshold_by_default() -> None:
    months = ar.month_starts("2022-01-01", "2024-12-01")
    tl = timeline(AXIS, ("CHN", "RUS"), months)
    every = tl.changes(min_change=0)
    assert len(every) == len(months) - 1  # decay moves the score a little every month
    news = tl.changes()
    assert all(abs(c.delta) >= MIN_CHANGE == 0.01 for c in news)
    assert 0 < len(news) < len(every)


# --- notebooks: short reprs and HTML tables --------------------------------------------------


def test_reprs_are_short_summaries_and_notebooks_get_tables() -> None:
    d = score_dyads(AXIS, "2025-06-01")
    t = score_triad(AXIS, ("CHN", "RUS", "PRK"), "2025-06-01")
    tl = timeline(AXIS, ("CHN", "RUS"), ar.month_starts("2024-01-01", "2025-12-01"))
    n, span = len(AXIS.codes), summarize(AXIS)
    rus_prk, chn_rus = d.score("RUS", "PRK"), t.dyads[("CHN", "RUS")]
    for obj, words in (
        (AXIS, [f"World({n} states", f"{len(AXIS.pacts)} pacts", f"{span.first} to {span.last}"]),
        (
            d,
            ["DyadScores(as_of=2025-06-01", f"{n * (n - 1) // 2} pairs", f"RUS-PRK {rus_prk:+.3f}"],
        ),
        (d, ["left out: rivalry"]),
        (t, [f"CHN-RUS-PRK on 2025-06-01: {t.score:+.3f}", f"pairs CHN-RUS {chn_rus:+.3f}"]),
        (t, [f"pact {t.contributions['pact']:+.3f}"]),
        (tl, ["Timeline(CHN-RUS, 24 dates, 2024-01-01 to 2025-12-01", "milestones"]),
    ):
        text = repr(obj)
        assert len(text) < 300, text
        for word in words:
            assert word in text, (word, text)
        html = obj._repr_html_()  # type: ignore[union-attr]
        assert html.startswith("<table>") and html.count("<tr>") >= 3
    assert str(AXIS) == repr(AXIS)
    assert d._repr_html_().count("<tr>") == 11  # header and the 10 strongest pairs
    assert tl._repr_html_().count("<tr>") == 13  # header, first and last six dates


def test_html_tables_escape_what_they_show() -> None:
    from alliance_risk.results import _html_table

    html = _html_table("<caption>", ("a&b",), [("<script>alert(1)</script>",)])
    assert "<script>" not in html and "&lt;script&gt;" in html and "a&amp;b" in html


def test_every_result_has_to_dict_and_to_frame() -> None:
    pd = pytest.importorskip("pandas", reason="the frames extra")
    from alliance_risk.analysis import (
        momentum,
        rank_stability,
        simulate,
        simulate_trios,
        weight_sensitivity,
        what_if,
    )

    crk = ("CHN", "RUS", "PRK")
    day = "2025-06-01"
    results = [
        score_dyads(AXIS, day),
        score_triad(AXIS, crk, day),
        ar.score_triads(AXIS, [crk], day),
        ar.top_triads(AXIS, day, k=3),
        timeline(AXIS, crk, ["2024-06-01", day]),
        what_if(AXIS, remove=["D1-PRK-RUS-troops"], as_of=day, members=crk),
        simulate(AXIS, [crk], ["2024-06-01", day], n_draws=20, rng=1),
        rank_stability(AXIS, day, k=3, n_draws=20, rng=1),
        weight_sensitivity(AXIS, crk, day, n=64),
        momentum(AXIS, ("RUS", "PRK"), day),
        simulate_trios(AXIS, [day], n_draws=10, rng=1),
    ]
    for r in results:
        assert isinstance(r.to_dict(), dict), type(r).__name__
        frame = r.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, type(r).__name__
    best = results[3]
    assert isinstance(best, tuple) and best[0].members == crk and len(best) == 3
    assert best.to_frame()["rank"].tolist() == [1, 2, 3]
    sim = results[6].to_frame()
    assert str(sim["date"].dtype).startswith("datetime64")
    assert (sim["p05"] <= sim["point"]).all() and (sim["point"] <= sim["p95"]).all()


# --- honest explanations: a timeline's changes (issue 12) ------------------------------------


def check_changes_are_honest(tl: ar.Timeline, world: ar.World) -> None:
    """Every step's parts sum to its move; only signals with changed records have one.

    A signal's records are records of its own kinds (a second-order signal's, of the
    kinds it reads); a pact's value is a step function of its dates, so a pact part
    needs a pact milestone between the two dates.
    """
    from alliance_risk.results import REWEIGHTING
    from alliance_risk.signals import CustomSignal, get_signal

    kind_of = {r.id: kind for kind in RECORD_KINDS for r in getattr(world, kind)}
    assert len(tl.steps) == max(len(tl.dates) - 1, 0)
    for c in tl.steps:
        assert set(c.contributions) == {*tl.contributions, REWEIGHTING}
        assert math.fsum(c.contributions.values()) == pytest.approx(c.delta, abs=1e-12)
        for name, part in c.contributions.items():
            if name == REWEIGHTING:
                continue
            sig = get_signal(name)
            if part == 0.0:
                assert name not in c.records
                continue
            if isinstance(sig, CustomSignal):
                continue
            assert c.records[name], (name, part, c)  # a part only with changed records
            assert {kind_of[r] for r in c.records[name]} <= set(sig.kinds), (name, c.records)
            if name == "pact":
                dated = {m.record for m in c.milestones}
                assert dated & set(c.records[name]), (c.records[name], c.milestones)


def test_changes_on_the_scenario_come_from_changed_records() -> None:
    dates = ar.month_starts("2018-01-01", "2025-12-31")[::3]
    for members in (("CHN", "RUS", "PRK"), ("RUS", "PRK"), ("USA", "JPN", "KOR"), ("CHN", "RUS")):
        check_changes_are_honest(timeline(AXIS, members, dates), AXIS)
    # The filed symptom: in 2023-Q3 no pact of the trio changed, so no pact part.
    crk = timeline(AXIS, ("CHN", "RUS", "PRK"), ["2023-07-01", "2023-10-01"])
    (step,) = crk.steps
    assert step.contributions["pact"] == 0.0 and "pact" not in step.records
    assert step.delta > 0 and "D4-PRK-RUS-shells" in step.records["materiel"]


def test_a_move_of_the_coverage_weights_is_re_weighting() -> None:
    # No record changes between the two dates, but conflicts stop being covered: the
    # weights move, and the whole move is re-weighting.
    from alliance_risk.results import REWEIGHTING

    src = {"source": ("test",), "confidence": "confirmed"}
    world = ar.World(
        states=[ar.State(code=c, name=c) for c in ("AAA", "BBB")],
        pacts=[
            ar.Pact(
                id="P",
                name="p",
                parties=("AAA", "BBB"),
                obligations=("consultation",),
                signed="2010-01-01",
                **src,
            )
        ],
        conflicts=[
            ar.Conflict(
                id="W",
                name="w",
                kind="war",
                start="2015-01-01",
                hostility=5,
                sides=(
                    [{"state": "AAA", "joined": "2015-01-01"}],
                    [{"state": "BBB", "joined": "2015-01-01"}],
                ),
                **src,
            )
        ],
        coverage={"conflicts": ar.Coverage(first="2010-01-01", last="2019-12-31")},
    )
    tl = timeline(world, ("AAA", "BBB"), ["2019-12-31", "2020-01-01"])
    (step,) = tl.steps
    assert step.delta != 0.0
    assert step.contributions[REWEIGHTING] == step.delta
    assert all(v == 0.0 for k, v in step.contributions.items() if k != REWEIGHTING)


@settings(max_examples=40, deadline=None)
@given(
    worlds(
        min_states=3, max_states=4, max_records=4, date_range=(date(2000, 1, 1), date(2010, 12, 31))
    ),
    st.lists(st.dates(date(1999, 1, 1), date(2015, 1, 1)), min_size=2, max_size=5, unique=True),
    st.booleans(),
    scoring_configs(),
)
def test_changes_on_drawn_worlds_sum_to_the_move_and_come_from_changed_records(
    world: ar.World, dates: list[date], trio: bool, cfg: ar.ScoringConfig
) -> None:
    members = world.codes[:3] if trio else world.codes[:2]
    tl = timeline(world, members, sorted(dates), cfg)
    check_changes_are_honest(tl, world)
