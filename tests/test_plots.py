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
    assert widths == pytest.approx(list(t.contributions.values()))
    assert ax.get_title().startswith("CHN-RUS-PRK on 2025-06-01:")


def test_heatmap(tmp_path: Path) -> None:
    s = ar.score_dyads(AXIS, "2025-06-01")
    fig = plot_heatmap(s, states=["CHN", "RUS", "PRK"], path=tmp_path / "h.png")
    image = fig.axes[0].get_images()[0].get_array()
    assert image[1, 2] == pytest.approx(s.score("RUS", "PRK"))
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
