"""Tests for :mod:`alliance_risk.plots`: files are written, figures carry the right parts."""

from __future__ import annotations

from pathlib import Path

import pytest

import alliance_risk as ar
from alliance_risk.analysis import simulate

pytest.importorskip("matplotlib", reason="plots need the plot extra (matplotlib)")

from alliance_risk.plots import (
    plot_comparison,
    plot_contributions,
    plot_heatmap,
    plot_timeline,
)

AXIS = ar.load_scenario("axis-of-upheaval")
CRK = ("CHN", "RUS", "PRK")
DATES = ar.month_starts("2023-01-01", "2025-12-31")


def test_timeline_with_band_and_markers(tmp_path: Path) -> None:
    t = ar.timeline(AXIS, CRK, DATES)
    band = simulate(AXIS, [CRK], DATES, n_draws=100)
    path = tmp_path / "t.png"
    fig = plot_timeline(t, band=band, path=path)
    assert path.stat().st_size > 5_000
    ax = fig.axes[0]
    assert ax.get_title() == "Alignment of CHN-RUS-PRK"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("date", "alignment score")
    assert ax.get_lines()[0].get_label() == "CHN-RUS-PRK"
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(list(t.scores))
    assert any(c.get_label() == "CHN-RUS-PRK 5-95%" for c in ax.collections)
    notes = [a.get_text() for a in ax.texts]
    assert any(n.startswith("P2-RUS-PRK-CSP") or "P2-RUS-PRK-CSP" in n for n in notes) or any(
        "D1-PRK-RUS-troops" in n for n in notes
    )


def test_contributions_chart(tmp_path: Path) -> None:
    t = ar.score_triad(AXIS, CRK, "2025-06-01")
    fig = plot_contributions(t, path=tmp_path / "c.svg")
    assert (tmp_path / "c.svg").read_text().startswith("<?xml")
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    # one bar per signal in use: those left out (no data in this World) get none
    used = [k for k in t.contributions if k not in t.left_out]
    assert [b.get_text() for b in ax.get_yticklabels()] == used
    assert widths == pytest.approx([t.contributions[k] for k in used])
    assert ax.get_title().startswith("CHN-RUS-PRK on 2025-06-01:")
    assert ax.get_title().endswith("(left out, no data: rivalry)")


def test_heatmap(tmp_path: Path) -> None:
    s = ar.score_dyads(AXIS, "2025-06-01")
    fig = plot_heatmap(s, states=["CHN", "RUS", "PRK"], path=tmp_path / "h.png")
    image = fig.axes[0].get_images()[0]
    assert image.get_array()[1, 2] == pytest.approx(s.score("RUS", "PRK"))
    assert image.get_clim() == (-1, 1)  # scores are in [-1, 1]: 0 (strangers) mid-scale
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["CHN", "RUS", "PRK"]
    assert (tmp_path / "h.png").exists()


def test_comparison(tmp_path: Path) -> None:
    groups = [CRK, ("CHN", "RUS", "IRN"), ("USA", "JPN", "KOR")]
    lines = [ar.timeline(AXIS, g, DATES) for g in groups]
    band = simulate(AXIS, groups, DATES, n_draws=50)
    fig = plot_comparison(lines, band=band, path=tmp_path / "cmp.png")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["-".join(g) for g in groups]
    assert len(ax.collections) == 3 and ax.get_title() == "Alignment compared"


SRC = {"source": ("test",), "confidence": "confirmed"}
AT_WAR = ar.World(
    states=[ar.State(code=c, name=c) for c in ("AAA", "BBB", "CCC")],
    pacts=[
        ar.Pact(
            id="P-AB",
            name="A-B",
            parties=("AAA", "BBB"),
            signed="2010-01-01",
            in_force="2010-01-01",
            obligations=("defence",),
            **SRC,
        )
    ],
    conflicts=[
        ar.Conflict(
            id="W-AC",
            name="A against C",
            kind="war",
            start="2020-01-01",
            hostility=5,
            sides=(
                [{"state": "AAA", "joined": "2020-01-01"}],
                [{"state": "CCC", "joined": "2020-01-01"}],
            ),
            **SRC,
        )
    ],
)
WAR_DATES = ar.month_starts("2019-01-01", "2021-12-31")


def test_enemies_below_zero_in_every_chart() -> None:
    enemies = ("AAA", "CCC")
    t = ar.timeline(AT_WAR, enemies, WAR_DATES)
    band = simulate(AT_WAR, [enemies, ("AAA", "BBB")], WAR_DATES, n_draws=50)
    ax = plot_timeline(t, band=band).axes[0]
    assert min(ax.get_lines()[0].get_ydata()) < 0 and ax.get_ylim() == (-1, 1)
    ax = plot_comparison([t, ar.timeline(AT_WAR, ("AAA", "BBB"), WAR_DATES)], band=band).axes[0]
    assert ax.get_ylim() == (-1, 1)
    friends = plot_timeline(ar.timeline(AT_WAR, ("AAA", "BBB"), WAR_DATES)).axes[0]
    assert friends.get_ylim() == (0, 1)  # nothing below 0: the chart keeps [0, 1]
    s = ar.score_dyads(AT_WAR, "2021-01-01")
    image = plot_heatmap(s).axes[0].get_images()[0]
    assert image.get_array()[0, 2] == pytest.approx(s.score("AAA", "CCC"))
    assert s.score("AAA", "CCC") < 0
    trio = ar.score_triad(AT_WAR, ("AAA", "BBB", "CCC"), "2021-01-01")
    bars = plot_contributions(trio).axes[0]
    widths = dict(
        zip(
            [b.get_text() for b in bars.get_yticklabels()],
            [p.get_width() for p in bars.patches],
            strict=True,
        )
    )
    assert widths["antagonism"] == pytest.approx(trio.contributions["antagonism"])
    assert widths["antagonism"] < 0
    assert "troops" not in widths and "rivalry" not in widths


def test_every_plot_draws_into_a_given_axes_and_the_analyses_have_plots(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    import alliance_risk as ar
    from alliance_risk import plots

    w = ar.load_scenario("axis-of-upheaval")
    crk, day = ("CHN", "RUS", "PRK"), "2025-06-01"
    dates = ar.month_starts("2024-01-01", "2025-06-01")
    made = {
        "plot_timeline": lambda ax: plots.plot_timeline(ar.timeline(w, crk, dates), ax=ax),
        "plot_contributions": lambda ax: plots.plot_contributions(
            ar.score_triad(w, crk, day), ax=ax
        ),
        "plot_ranking": lambda ax: plots.plot_ranking(ar.top_triads(w, day, k=4), ax=ax),
        "plot_heatmap": lambda ax: plots.plot_heatmap(ar.score_dyads(w, day), ax=ax),
        "plot_comparison": lambda ax: plots.plot_comparison([ar.timeline(w, crk, dates)], ax=ax),
        "plot_sensitivity": lambda ax: plots.plot_sensitivity(
            ar.weight_sensitivity(w, crk, day, n=64), ax=ax
        ),
        "plot_momentum": lambda ax: plots.plot_momentum(ar.momentum(w, ("RUS", "PRK"), day), ax=ax),
        "plot_what_if": lambda ax: plots.plot_what_if(
            ar.what_if(w, remove=["D1-PRK-RUS-troops"], as_of=day, members=crk), ax=ax
        ),
    }
    assert set(made) == set(plots.__all__)  # every plot is checked here
    fig, axes = plt.subplots(2, 4, figsize=(20, 8))
    for ax, (name, draw) in zip(axes.ravel(), made.items(), strict=True):
        assert draw(ax) is fig, name  # drawn into the panel, not a new figure
        assert ax.get_title(), name
    fig.savefig(tmp_path / "all.png")
    plt.close(fig)
    assert (tmp_path / "all.png").stat().st_size > 20_000
