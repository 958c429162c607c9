"""Catch a broken scoring rule with the property-testing toolkit.

Two custom signals, each broken on purpose:

- "summit fatigue": a second summit *lowers* alignment (breaks monotonicity);
- "peek": counts every summit in the World, even those dated after the scoring date
  (breaks no-look-ahead).

check_rule searches random Worlds for each invariant and shows the smallest World
that breaks it, in domain terms: the first signal breaks only `monotone`, the second only
`no_look_ahead`. A correct rule (the built-in summits signal) passes all of them.

Run: python examples/broken_rule.py [--max-examples N]

N is how many random Worlds check_rule tries per invariant (60 by default). The search is
deterministic: the same N gives the same report.
"""

from __future__ import annotations

import argparse
from datetime import date

import numpy as np

import alliance_risk as ar
from alliance_risk.compile import CompiledWorld, day_number
from alliance_risk.testing.properties import check_rule


def summit_counts(cw: CompiledWorld, as_of: date, *, seen_only: bool = True) -> np.ndarray:
    m = np.zeros((cw.n_states, cw.n_states))
    seen = cw.summits.day <= day_number(as_of) if seen_only else np.ones(cw.summits.day.size, bool)
    np.add.at(m, (cw.summits.i[seen], cw.summits.j[seen]), 1.0)
    return m + m.T


def fatigue(cw: CompiledWorld, as_of: date) -> np.ndarray:
    k = summit_counts(cw, as_of)
    return np.where(k <= 1, k, 0.5**k)


def peek(cw: CompiledWorld, as_of: date) -> np.ndarray:
    k = summit_counts(cw, as_of, seen_only=False)
    return np.asarray(1 - np.exp(-k))


def main(max_examples: int = 60) -> None:
    ar.register_signal("summit_fatigue", fatigue, summary="broken: summits lower alignment")
    ar.register_signal("peek", peek, summary="broken: reads records after the scoring date")
    try:
        for name in ("summit_fatigue", "peek", "summits"):
            report = check_rule(name, max_examples=max_examples)
            print(f"== {name} ==")
            print(report.summary())
            for v in report.violations:
                print(
                    f"    records: {', '.join(r.id for r in v.world.records())}; "
                    f"scored on {v.as_of}"
                )
            print()
    finally:
        ar.unregister_signal("summit_fatigue")
        ar.unregister_signal("peek")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Catch a broken scoring rule with check_rule.")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=60,
        metavar="N",
        help="random Worlds tried per invariant (default: 60)",
    )
    args = parser.parse_args()
    if args.max_examples < 1:
        parser.error("--max-examples must be at least 1")
    main(args.max_examples)
