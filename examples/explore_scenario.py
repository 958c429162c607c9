"""Explore the built-in scenario: pacts in force on a date, contested figures, sources.

Run: python examples/explore_scenario.py [YYYY-MM-DD]
"""

from __future__ import annotations

import sys
from datetime import date

import alliance_risk as ar


def pacts_in_force(world: ar.World, as_of: date) -> list[ar.Pact]:
    return [
        p
        for p in world.pacts
        if p.in_force is not None and p.in_force <= as_of and (p.ended is None or p.ended > as_of)
    ]


def main(as_of: date) -> None:
    world = ar.load_scenario("axis-of-upheaval")
    print(f"Pacts in force on {as_of}:")
    for p in pacts_in_force(world, as_of):
        pledges = "; ".join(
            f"{party}: {', '.join(o.value for o in p.obligations_of(party))}" for party in p.parties
        )
        print(f"  {p.id:<28} {pledges}")

    print("\nContested supply figures (best figure, range):")
    for d in world.deployments:
        if d.confidence is ar.Confidence.CONTESTED:
            rng = f"{d.low:,.0f} to {d.high:,.0f}" if d.low is not None else "no range"
            print(f"  {d.supplier}->{d.recipient} {d.kind.value:<10} {d.amount:>12,.0f}  ({rng})")

    treaty = world.record("P2-RUS-PRK-CSP")
    print(f"\n{treaty.id} rests on {len(treaty.source)} sources, first: {treaty.source[0]}")


if __name__ == "__main__":
    main(date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else date(2025, 1, 1))
