"""Plots of results (the optional ``plot`` extra: ``pip install 'alliance_risk[plot]'``).

matplotlib is imported inside each function, so ``import alliance_risk`` never needs it.
Each function returns the matplotlib ``Figure`` and, given ``path``, also writes it.
Each takes ``ax=``: draw into an existing matplotlib Axes (a panel of a notebook
figure) instead of a new figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .analysis import Momentum, Sensitivity, Simulation, WhatIf
from .results import DyadScores, Timeline, TriadScore

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "plot_comparison",
    "plot_contributions",
    "plot_heatmap",
    "plot_momentum",
    "plot_ranking",
    "plot_sensitivity",
    "plot_timeline",
    "plot_what_if",
]


_PRIORITY = {"in force": 0, "signed": 1, "start": 2, "held": 3, "end": 4, "ended": 5}


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files, not windows: works on machines with no display
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plots need matplotlib: pip install 'alliance_risk[plot]'") from exc
    return plt


def _axes(ax: Any, figsize: tuple[float, float]) -> tuple[Figure, Any]:
    """Return the figure and axes to draw on: ``ax``'s own, or a new figure."""
    if ax is not None:
        return ax.figure, ax
    fig, new = _pyplot().subplots(figsize=figsize)
    return fig, new


def _save(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig


def _dress(fig: Figure, ax: Any, title: str, lowest: float) -> None:
    """Title, axis labels, range and legend of a score-over-time chart.

    Scores are in [-1, 1]; the chart shows [0, 1] unless something plotted (a score or
    a band) is below 0, in which case it shows [-1, 1] with a line at 0 (strangers).
    """
    ax.set_title(title)
    ax.set_xlabel("date")
    ax.set_ylabel("alignment score")
    if lowest < 0:
        ax.set_ylim(-1, 1)
        ax.axhline(0.0, color="black", linewidth=0.6)
    else:
        ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    fig.autofmt_xdate()


def _band(sim: Simulation | None, members: Sequence[str]) -> Any:
    if sim is None:
        return None
    return sim.interval(members)


def plot_timeline(
    timeline: Timeline,
    *,
    band: Simulation | None = None,
    min_change: float = 0.02,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot a pair's or trio's score over time, with its band and what moved it.

    Parameters
    ----------
    timeline : Timeline
        From :func:`~alliance_risk.timeline`.
    band : Simulation, optional
        From :func:`~alliance_risk.analysis.simulate` on the same dates: a shaded
        5th-95th percentile band.
    min_change : float
        Moves at least this large get a marker naming the records dated in them.
    title : str, optional
        Defaults to "Alignment of A-B-C".
    ax : matplotlib Axes, optional
        Draw there instead of in a new figure (as every plot here takes).
    path : str or pathlib.Path, optional
        Write the figure there (PNG, SVG or PDF, by extension).

    Examples
    --------
    >>> import alliance_risk as ar
    >>> t = ar.timeline(ar.load_scenario("axis-of-upheaval"), ("RUS", "PRK"),
    ...                 ar.month_starts("2023-01-01", "2025-12-31"))
    >>> fig = plot_timeline(t)
    >>> fig.axes[0].get_ylabel()
    'alignment score'
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    fig, ax = _axes(ax, (9, 4.5))
    name = "-".join(timeline.members)
    x = list(timeline.dates)
    ax.plot(x, timeline.scores, color="C0", linewidth=2, label=name)
    interval = _band(band, timeline.members)
    lowest = float(np.min(timeline.scores, initial=0.0))
    if interval is not None:
        ax.fill_between(x, interval[0], interval[1], color="C0", alpha=0.2, label=f"{name} 5-95%")
        lowest = min(lowest, float(np.min(interval, initial=0.0)))
    for n, change in enumerate(timeline.changes(min_change=min_change)):
        ax.axvline(change.end, color="grey", linewidth=0.8, linestyle=":")
        # Name the record most likely to have caused the move: a pact entering into force
        # or signed, then a deployment starting, then a summit, before anything ending.
        causes = sorted(change.milestones, key=lambda m: (_PRIORITY.get(m.what, 9), m.record))
        others = len({m.record for m in causes}) - 1
        label = f"{causes[0].record} ({causes[0].what})" if causes else ""
        label += f" +{others}" if others > 0 else ""
        ax.annotate(
            label,
            (change.end, change.after),
            textcoords="offset points",
            xytext=(-4, 8 + 13 * (n % 4)),
            fontsize=7,
            ha="right",
        )
    _dress(fig, ax, title or f"Alignment of {name}", lowest)
    return _save(fig, path)


def plot_contributions(
    score: TriadScore,
    *,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot one trio's score as a bar per signal (its exact contributions).

    Enmity's contributions are negative: their bars go left of the line at 0. Signals
    left out (no data in the World) get no bar; the title names them.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> t = ar.score_triad(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
    ...                    "2025-06-01")
    >>> fig = plot_contributions(t)
    >>> [b.get_text() for b in fig.axes[0].get_yticklabels()][:2]
    ['pact', 'troops']
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    names = [n for n in score.contributions if n not in score.left_out]
    values = [score.contributions[n] for n in names]
    fig, ax = _axes(ax, (7, 0.5 * len(names) + 1.5))
    ax.barh(names, values, color=[f"C{k}" for k in range(len(names))], label="contribution")
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.invert_yaxis()
    if title is None:
        title = f"{'-'.join(score.members)} on {score.as_of}: {score.score:.3f}"
        if score.left_out:
            title += f"\n(left out, no data: {', '.join(score.left_out)})"
    ax.set_title(title)
    ax.set_xlabel("contribution to the score")
    return _save(fig, path)


def plot_ranking(
    trios: Sequence[TriadScore],
    *,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot a ranking of trios (``top_triads``) as stacked bars of their contributions.

    One bar per trio, highest at the top; each bar is split into its signals' exact
    parts (enmity's to the left of 0), so that the chart shows what puts each trio
    where it is, not only its score.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> best = ar.top_triads(ar.load_scenario("axis-of-upheaval"), "2025-06-01", k=3)
    >>> fig = plot_ranking(best)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['CHN-RUS-PRK', 'USA-JPN-KOR', 'CHN-RUS-IRN']
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    labels = ["-".join(t.members) for t in trios]
    names = list(dict.fromkeys(n for t in trios for n in t.contributions))
    fig, ax = _axes(ax, (8, 0.45 * len(trios) + 1.8))
    right = np.zeros(len(trios))
    left = np.zeros(len(trios))
    for k, name in enumerate(names):
        values = np.array([t.contributions.get(name, 0.0) for t in trios])
        if not values.any():
            continue
        start = np.where(values >= 0, right, left)
        ax.barh(labels, values, left=start, color=f"C{k % 10}", label=name)
        right += np.maximum(values, 0.0)
        left += np.minimum(values, 0.0)
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.invert_yaxis()
    day = trios[0].as_of if trios else ""
    ax.set_title(title or f"The {len(trios)} highest-scoring trios on {day}")
    ax.set_xlabel("score, split by signal")
    ax.legend(loc="lower right", fontsize="small")
    return _save(fig, path)


def plot_heatmap(
    scores: DyadScores,
    *,
    states: Sequence[str] | None = None,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot a heat map of pair scores, on a diverging scale from -1 (enemies) to 1.

    0 (strangers) is white, allies are blue and enemies red, whatever the World holds.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> s = ar.score_dyads(ar.load_scenario("axis-of-upheaval"), "2025-06-01")
    >>> fig = plot_heatmap(s, states=["CHN", "RUS", "PRK", "IRN"])
    >>> fig.axes[0].get_title()
    'Pair scores on 2025-06-01'
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    codes = list(states) if states is not None else list(scores.states)
    idx = [scores.states.index(c) for c in codes]
    m = scores.matrix[np.ix_(idx, idx)]
    fig, ax = _axes(ax, (0.45 * len(codes) + 2.5, 0.45 * len(codes) + 2))
    image = ax.imshow(m, vmin=-1, vmax=1, cmap="RdBu")
    ax.set_xticks(range(len(codes)), codes, rotation=90)
    ax.set_yticks(range(len(codes)), codes)
    ax.set_title(title or f"Pair scores on {scores.as_of}")
    fig.colorbar(image, ax=ax, label="alignment score")
    return _save(fig, path)


def plot_comparison(
    timelines: Sequence[Timeline],
    *,
    band: Simulation | None = None,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot several pairs' or trios' timelines on one chart, each with its band.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> w = ar.load_scenario("axis-of-upheaval")
    >>> dates = ar.month_starts("2022-01-01", "2025-12-31")
    >>> ts = [ar.timeline(w, g, dates) for g in [("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR")]]
    >>> fig = plot_comparison(ts)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['CHN-RUS-PRK', 'USA-JPN-KOR']
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    fig, ax = _axes(ax, (9, 4.5))
    lowest = 0.0
    for k, t in enumerate(timelines):
        name = "-".join(t.members)
        x = list(t.dates)
        ax.plot(x, t.scores, color=f"C{k}", linewidth=2, label=name)
        lowest = min(lowest, float(np.min(t.scores, initial=0.0)))
        interval = _band(band, t.members) if band is not None and _has(band, t.members) else None
        if interval is not None:
            ax.fill_between(x, interval[0], interval[1], color=f"C{k}", alpha=0.2)
            lowest = min(lowest, float(np.min(interval, initial=0.0)))
    _dress(fig, ax, title or "Alignment compared", lowest)
    return _save(fig, path)


def _has(sim: Simulation, members: Sequence[str]) -> bool:
    return any(set(g) == set(members) for g in sim.groups)


def plot_sensitivity(
    result: Sensitivity,
    *,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot the Sobol indices of a score w.r.t. the signal weights, first and total order.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> s = ar.weight_sensitivity(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
    ...                           "2025-06-01", n=64)
    >>> fig = plot_sensitivity(s)
    >>> fig.axes[0].get_xlabel()
    'Sobol index (share of the variance of the score)'
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    fig, ax = _axes(ax, (7, 0.45 * len(result.signals) + 1.6))
    y = np.arange(len(result.signals))
    ax.barh(y - 0.2, result.total_order, height=0.4, color="C1", label="total order")
    ax.barh(y + 0.2, result.first_order, height=0.4, color="C0", label="first order")
    ax.set_yticks(y, list(result.signals))
    ax.invert_yaxis()
    ax.set_xlim(0, max(1.0, float(np.max(result.total_order, initial=0.0))))
    ax.set_xlabel("Sobol index (share of the variance of the score)")
    ax.set_title(title or f"Which weight matters for {'-'.join(result.members)}, {result.as_of}")
    ax.legend(loc="lower right", fontsize="small")
    return _save(fig, path)


def plot_momentum(
    result: Momentum,
    *,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot what moved a score over a window: each signal's change, largest first.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> m = ar.momentum(ar.load_scenario("axis-of-upheaval"), ("RUS", "PRK"), "2025-01-01")
    >>> fig = plot_momentum(m)
    >>> fig.axes[0].get_xlabel()
    'change of its part of the score'
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    parts = sorted(result.contributions.items(), key=lambda kv: -abs(kv[1]))
    parts = [(k, v) for k, v in parts if v != 0.0]
    fig, ax = _axes(ax, (7, 0.45 * max(len(parts), 1) + 1.6))
    colours = ["C2" if v > 0 else "C3" for _, v in parts]
    ax.barh([k for k, _ in parts], [v for _, v in parts], color=colours)
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.invert_yaxis()
    ax.set_xlabel("change of its part of the score")
    flag = "consolidating" if result.consolidating else "no flag"
    default = (
        f"{'-'.join(result.members)}, {result.start} to {result.end}: "
        f"{result.before:+.3f} -> {result.after:+.3f} ({flag})"
    )
    ax.set_title(title or default)
    return _save(fig, path)


def plot_what_if(
    result: WhatIf,
    *,
    title: str | None = None,
    ax: Any = None,
    path: str | Path | None = None,
) -> Figure:
    """Plot each group's score before and after a what-if, as arrows from one to the other.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> r = ar.what_if(ar.load_scenario("axis-of-upheaval"), remove=["D1-PRK-RUS-troops"],
    ...                as_of="2025-06-01", members=("RUS", "PRK"))
    >>> fig = plot_what_if(r)
    >>> fig.axes[0].get_xlabel()
    'alignment score'
    >>> import matplotlib.pyplot as plt; plt.close(fig)  # a figure stays open until closed
    """
    changes = sorted(result.changes, key=lambda c: -abs(c.after - c.before))[:20]
    fig, ax = _axes(ax, (7, 0.45 * max(len(changes), 1) + 1.6))
    for y, c in enumerate(changes):
        colour = "C3" if c.after < c.before else "C2"
        arrow = {"arrowstyle": "->", "color": colour}
        ax.annotate("", xy=(c.after, y), xytext=(c.before, y), arrowprops=arrow)
        ax.plot([c.before], [y], "o", color="grey", markersize=4)
    ax.set_yticks(range(len(changes)), ["-".join(c.members) for c in changes])
    ax.set_ylim(len(changes) - 0.5, -0.5)
    low = min([0.0] + [min(c.before, c.after) for c in changes])
    high = max([0.0] + [max(c.before, c.after) for c in changes])
    ax.set_xlim(low - 0.05, high + 0.05)
    ax.set_xlabel("alignment score")
    what = ", ".join([f"+{r}" for r in result.added] + [f"-{r}" for r in result.removed])
    ax.set_title(title or f"What if ({what}) on {result.as_of}")
    return _save(fig, path)
