"""The top alignment triads of 1914, 1941, 1955, 1990 and 2018, from ATOP alone.

Scores use only the pact signal (ATOP records pledges, not troops or summits). Ties are
common — a multilateral defence pact ties every trio of its members at 1 — so the script
also says how many trios share the top score.

Run: python examples/historic_triads.py [DATA_DIR]
     (DATA_DIR holds atop_v5.1/ and cow_state_system_v2016/. Without it, ATOP 5.1 and
     COW states are downloaded once into the cache folder and read from there:
     alliance_risk.datasets.fetch, with the fetch extra installed)
"""

from __future__ import annotations

import sys
from pathlib import Path

import alliance_risk as ar
from alliance_risk.datasets import atop_world, cache_folder, fetch_all


def main(data: Path) -> None:
    world = atop_world(data / "atop_v5.1", data / "cow_state_system_v2016")
    cw = ar.compile_world(world)
    cfg = ar.ScoringConfig(weights={"pact": 1})
    for year in (1914, 1941, 1955, 1990, 2018):
        best = ar.top_triads(cw, f"{year}-07-01", k=50, config=cfg)
        top = best[0].score
        tied = sum(1 for t in best if t.score == top)
        more = "+" if tied == len(best) else ""
        print(f"{year} (1 July): {tied}{more} trios at {top:.3f}")
        for t in best[:3]:
            pacts = sorted({e.record for e in t.evidence})
            print(f"    {'-'.join(t.members):<16} {t.score:.3f}  {', '.join(pacts[:3])}")
    print("\nCite:\n" + ar.cite(world))


if __name__ == "__main__":
    if len(sys.argv) > 2:
        raise SystemExit(__doc__)
    if len(sys.argv) == 1:
        print(
            f"No DATA_DIR given: reading ATOP 5.1 and COW states from {cache_folder()}, downloading "
            "what is not there yet (alliance_risk.datasets.fetch)",
            file=sys.stderr,
        )
    main(Path(sys.argv[1]) if len(sys.argv) == 2 else fetch_all("atop", "cow_states"))
