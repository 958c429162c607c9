"""How aligned are China, Russia and North Korea? A worked study, 2018-2025.

Compares China-Russia-North Korea with China-Russia-Iran and US-Japan-South Korea on the
built-in scenario: monthly timelines with 5-95% uncertainty bands (contested figures and
weights), the jumps explained by the records that caused them (the June 2024 treaty's
signature and its entry into force in December, the troop deployment from October 2024,
the September 2025 Beijing parade), how sure the ranking is, which weight matters most,
momentum, the calibrated probability that each trio stands on one side, and a what-if
for the trilateral exercises that analysts expect.

Run: python examples/flagship_crk.py [OUT_DIR]
(the three figures are written to OUT_DIR; by default to docs/img/, where the docs page
docs/flagship.md shows them)
"""

from __future__ import annotations

import sys
from pathlib import Path

import alliance_risk as ar
from alliance_risk.analysis import momentum, simulate, weight_sensitivity, what_if

FIGURES = Path(__file__).resolve().parents[1] / "docs" / "img"
CRK, CRI, UJK = ("CHN", "RUS", "PRK"), ("CHN", "RUS", "IRN"), ("USA", "JPN", "KOR")
GROUPS = [CRK, CRI, UJK]
TODAY = "2025-12-31"  # the end of the scenario's window: dates are explicit, never "today"


def main(out: Path) -> None:
    world = ar.load_scenario("axis-of-upheaval")
    dates = ar.month_starts("2018-01-01", TODAY)
    lines = {g: ar.timeline(world, g, dates) for g in GROUPS}
    sim = simulate(world, GROUPS, dates, n_draws=1000, rng=2025)

    print("How aligned are China, Russia and North Korea? (scores in [-1, 1])\n")
    for year in ("2018-01-01", "2022-01-01", "2024-06-01", "2025-01-01", "2025-12-01"):
        k = [d.isoformat() for d in dates].index(year)
        cells = []
        for g in GROUPS:
            lo, hi = sim.interval(g)
            cells.append(f"{'-'.join(g)} {lines[g].scores[k]:.2f} [{lo[k]:.2f}-{hi[k]:.2f}]")
        print(f"  {year}:  " + "   ".join(cells))
    print(f"  (bands: 5th-95th percentile of 1,000 draws; varied: {sim.varied})")
    if sim.left_out:
        print(
            f"  (left out, no data in this World: {', '.join(sim.left_out)}; the weights "
            "are renormalised over the other signals)"
        )
    print()

    print("What moved China-Russia-North Korea (monthly moves of at least 0.01):")
    for c in lines[CRK].changes(min_change=0.01):
        top = max(c.contributions, key=lambda s: abs(c.contributions[s]))
        causes = ", ".join(f"{m.record} ({m.what} {m.day})" for m in c.milestones[:4])
        print(
            f"  {c.end}: {c.before:.3f} -> {c.after:.3f} ({c.delta:+.3f}, mostly {top}): {causes}"
        )

    p = sim.prob_outranks(CRK, UJK)[-1], sim.prob_outranks(CRI, UJK)[-1]
    print(
        f"\nP(CRK above US-Japan-ROK) on {dates[-1]}: {p[0]:.2f}; "
        f"P(China-Russia-Iran above US-Japan-ROK): {p[1]:.2f}"
    )

    s = weight_sensitivity(world, CRK, TODAY, n=1024)
    ranked = sorted(zip(s.signals, s.total_order, strict=True), key=lambda x: -x[1])
    print(
        "Which weight matters most (total Sobol index): "
        + ", ".join(f"{n} {v:.2f}" for n, v in ranked[:3])
    )

    m = momentum(world, CRK, "2025-01-01")
    print(
        f"Momentum over 2024: {m.change:+.3f} ({'consolidating' if m.consolidating else 'steady'})"
    )

    # The calibrated view: the shipped history model (fitted on every COW dispute,
    # 1816-2014; docs/validation.md) turns the same records into probabilities.
    from alliance_risk.calibrate import load_model

    model = load_model("history")
    print(
        f"\nCalibrated (history model): P(all three on one side, were they in one dispute) "
        f"on {TODAY}, with the 90% interval of the model's refits:"
    )
    for g in GROUPS:
        t = ar.score_triad(world, g, TODAY, model)
        row = {"a": [g[0]], "b": [g[1]], "c": [g[2]], "as_of": [TODAY]}
        lo, hi = model.interval(world, row, level=0.9)
        index = ar.score_triad(world, g, TODAY).score
        print(
            f"  {'-'.join(g)}: {t.probability:.2f} [{lo[0]:.2f}-{hi[0]:.2f}]   (index {index:.2f})"
        )

    drills = ar.Exercise(
        id="E-CRK-trilateral-what-if",
        name="hypothetical trilateral naval drill",
        participants=CRK,
        start="2025-10-15",
        domain="naval",
        source=("what-if: Shoigu's 2023 proposal of trilateral drills (facts sheet S199)",),
        confidence="reported",
    )
    w = what_if(world, add=[drills], as_of=TODAY, members=CRK)
    c = w.changes[0]
    print(
        f"What if they hold the trilateral exercise analysts expect? {c.before:.3f} -> "
        f"{c.after:.3f} ({c.delta:+.3f})"
    )

    try:
        from alliance_risk.plots import plot_comparison, plot_contributions, plot_timeline
    except ImportError:  # pragma: no cover - the plot extra is optional
        print("\n(install alliance_risk[plot] for the figures)")
        return
    out.mkdir(parents=True, exist_ok=True)
    plot_timeline(
        lines[CRK],
        band=sim,
        min_change=0.03,
        title="China-Russia-North Korea alignment, 2018-2025",
        path=out / "crk_timeline.png",
    )
    plot_comparison(
        list(lines.values()),
        band=sim,
        title="Three blocs compared",
        path=out / "blocs_compared.png",
    )
    plot_contributions(ar.score_triad(world, CRK, TODAY), path=out / "crk_contributions.png")
    print(
        f"\nwrote {out / 'crk_timeline.png'}, {out / 'blocs_compared.png'}, "
        f"{out / 'crk_contributions.png'}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FIGURES)
