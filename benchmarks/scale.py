"""Speed-up on a Dask cluster: simulate_trios with 2 local workers against 1.

Run: python benchmarks/scale.py [--draws 200]   (needs the 'dask' extra)

A LocalCluster of worker processes on this machine (loopback only), one thread each,
on the synthetic World of benchmarks/run.py (200 states, 100,000 records, 1,313,400
trios). Prints seconds for the single-process path, 1 worker and 2 workers, and the
ratios; asserts that the three give the same numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from datetime import date
from pathlib import Path

import numpy as np

import alliance_risk as ar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    world = ar.World.model_validate(synthetic(200, 100_000))
    ar.compile_world(world)
    day = date(2020, 6, 1)
    kwargs = {"n_draws": args.draws, "rng": 1, "k": 10}
    t0 = time.perf_counter()
    here = ar.simulate_trios(world, [day], **kwargs)  # type: ignore[arg-type]
    times = {"this process": time.perf_counter() - t0}
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc map and
    # unmap every large numpy temporary: numpy-heavy tasks run at about half speed. The
    # second setting starts workers without it (docs/scale.md says how).
    import dask

    for env, label in (({}, "trim off"), (None, "Dask default")):
        for workers in (1, 2):
            with (
                warnings.catch_warnings(),
                dask.config.set(
                    {"distributed.nanny.pre-spawn-environ": env} if env is not None else {}
                ),
            ):
                warnings.simplefilter("ignore")
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                client = Client(cluster)
            t0 = time.perf_counter()
            there = ar.simulate_trios(world, [day], client=client, **kwargs)  # type: ignore[arg-type]
            times[f"{workers} worker{'s' * (workers > 1)}, {label}"] = time.perf_counter() - t0
            for name in ("point", "mean", "low", "high", "p_top"):
                assert np.array_equal(getattr(there, name), getattr(here, name)), name
            client.close()
            cluster.close()
    print(f"== simulate_trios: 1,313,400 trios x {args.draws:,} draws, one date ==")
    for name, seconds in times.items():
        print(f"  {name:<26} {seconds:7.1f} s")
    for label in ("trim off", "Dask default"):
        one, two = times[f"1 worker, {label}"], times[f"2 workers, {label}"]
        print(f"  {label}: 2 workers vs 1: {one / two:.2f}x faster (same numbers as here)")


if __name__ == "__main__":
    main()
