"""Research script: ATOP 5.1 -> a dyad-year panel of alliance-portfolio similarity.

Builds tau-b, S (absolute), kappa and pi (squared) and the engine's pact alignment for
every COW system dyad in the years asked, writes the panel as CSV, prints a summary and
the BibTeX to cite.

Run: python examples/atop_panel.py [DATA_DIR [FIRST LAST] [OUT.csv]]
     (DATA_DIR holds atop_v5.1/ and cow_state_system_v2016/; defaults: 1946 1989.
     Without DATA_DIR, ATOP 5.1 and COW states are downloaded once into the cache folder
     and read from there: alliance_risk.datasets.fetch, with the fetch extra installed)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import alliance_risk as ar
from alliance_risk.datasets import cache_folder, dyad_years, fetch_all, read_atop, read_cow_states


def main(data: Path, first: int, last: int, out: Path | None) -> None:
    t0 = time.perf_counter()
    atop = read_atop(data / "atop_v5.1")
    cow = read_cow_states(data / "cow_state_system_v2016")
    panel = dyad_years(atop, cow, range(first, last + 1), carry_forward_to=2018)
    seconds = time.perf_counter() - t0
    d = panel.data
    print(f"{len(d):,} dyad-years, {first}-{last}, built in {seconds:.1f} s")
    print(atop.members.report)
    for m in (*panel.measures, "pact_alignment"):
        v = d[m][~np.isnan(d[m])]
        print(
            f"  {m:<15} mean {v.mean():+.3f}  sd {v.std():.3f}  undefined {np.isnan(d[m]).sum():,}"
        )
    us_ussr = d[(d["ccode1"] == 2) & (d["ccode2"] == 365)]
    print(
        "US-USSR S (absolute) by decade:",
        ", ".join(
            f"{y}: {s:+.2f}"
            for y, s in zip(us_ussr["year"], us_ussr["s_abs"], strict=True)
            if y % 10 == 0
        ),
    )
    if out is not None:
        panel.to_csv(out)
        print(f"wrote {out}")
    print("\nCite:\n" + ar.cite(panel))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        print(
            f"No DATA_DIR given: reading ATOP 5.1 and COW states from {cache_folder()}, downloading "
            "what is not there yet (alliance_risk.datasets.fetch)",
            file=sys.stderr,
        )
    data = Path(args[0]) if args else fetch_all("atop", "cow_states")
    first, last = (int(args[1]), int(args[2])) if len(args) >= 3 else (1946, 1989)
    main(data, first, last, Path(args[3]) if len(args) >= 4 else None)
