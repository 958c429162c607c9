"""Speed figures for alliance_risk. Prints figures and ratios; asserts nothing.

Run: make bench   (or: python benchmarks/run.py [--quick])

1. Files: validating and round-tripping Worlds through their JSON form. Columns:
   compile_columns on 100,000 and 1M synthetic records [1M: <= 3 s, <= 400 MB peak];
   with --large also 10M [<= 30 s, <= 4 GB].
2. Scoring, on a synthetic World of 200 states and 100,000 records (targets from issue
   11 in brackets): score_dyads at one date [<= 4 ms], timeline of a trio over 120
   monthly dates from a World [<= 40 ms], top_triads over all 1,313,400 trios
   [<= 35 ms]; each also as a ratio to a floor measured in the same run (reading the
   bytes it must read once, at this machine's memory bandwidth); peak memory; and the
   engine's speed-up over the per-record pure-Python reference in tests/.
   Then simulate_trios over all those trios with 1,000 draws [<= 60 s, <= 3 GB], and
   over the 1,000 highest trios at 120 monthly dates with 1,000 draws [<= 60 s].
   Then score_dyads on 1,000,000 records compiled from columns [<= 30 ms].
   With --large: top_triads over the 166 million trios of 1,000 states [<= 4 s].
3. Panels: dyad-years of the classic measures; score_panel over 41 quarterly dates of
   the scenario (against a loop of score_dyads) and over 1816-2018 COW dyads, written
   to CSV and Parquet.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from math import comb
from pathlib import Path
from typing import Any

import numpy as np

import alliance_risk as ar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import reference_engine


def timed(func: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def synthetic(n_states: int, n_records: int, seed: int = 0) -> dict[str, Any]:
    """Return a valid World as JSON-ready data: states AAA..., records of every kind.

    Records are spread over 2000-2025; a fifth of each kind, so 20,000 pacts,
    deployments, summits, exercises and lifelines for 100,000 records.
    """
    rng = np.random.default_rng(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = [a + b + c for a in letters for b in letters for c in letters][:n_states]
    day0 = date(2000, 1, 1)

    def day(i: int) -> str:
        return (day0 + timedelta(days=int(i))).isoformat()

    pairs = rng.integers(0, n_states, size=(n_records, 3))
    pairs[:, 1] = (pairs[:, 0] + 1 + pairs[:, 1] % (n_states - 1)) % n_states
    starts = rng.integers(0, 9_000, size=n_records)
    src = ["synthetic"]
    data: dict[str, list[dict[str, Any]]] = {
        "states": [{"code": c, "name": f"State {c}"} for c in codes],
        "pacts": [],
        "deployments": [],
        "summits": [],
        "exercises": [],
        "lifelines": [],
    }
    kinds = ["troops", "munitions", "missiles", "drones", "equipment"]
    for i, ((a, b, c), s) in enumerate(zip(pairs, starts, strict=True)):
        x, y, common = codes[a], codes[b], {"source": src, "confidence": "reported"}
        third = codes[c] if c not in (a, b) else None
        many = [x, y] + ([third] if third and i % 7 == 0 else [])
        kind = i % 5
        if kind == 0:
            data["pacts"].append(
                {
                    "id": f"P{i}",
                    "name": "p",
                    "parties": many,
                    "signed": day(s),
                    "in_force": day(s + 30),
                    "obligations": ["defence" if i % 3 else "consultation"],
                    **common,
                }
            )
        elif kind == 1:
            data["deployments"].append(
                {
                    "id": f"D{i}",
                    "supplier": x,
                    "recipient": y,
                    "kind": kinds[i % 5],
                    "amount": 1000.0,
                    "unit": "u",
                    "start": day(s),
                    "end": day(s + 400),
                    **common,
                }
            )
        elif kind == 2:
            data["summits"].append({"id": f"S{i}", "participants": many, "date": day(s), **common})
        elif kind == 3:
            data["exercises"].append(
                {"id": f"E{i}", "participants": many, "start": day(s), "end": day(s + 5), **common}
            )
        else:
            data["lifelines"].append(
                {
                    "id": f"L{i}",
                    "supplier": x,
                    "buyer": y,
                    "commodity": "oil",
                    "share": 0.3,
                    "start": day(s),
                    "end": day(s + 365),
                    **common,
                }
            )
    return data


def synthetic_columns(n_states: int, n_records: int, seed: int = 0) -> dict[str, Any]:
    """Return the records of :func:`synthetic` as columns (numpy arrays, lists per row)."""
    rng = np.random.default_rng(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = np.array([a + b + c for a in letters for b in letters for c in letters][:n_states])
    a = rng.integers(0, n_states, n_records)
    b = (a + 1 + rng.integers(0, n_states - 1, n_records)) % n_states
    c = rng.integers(0, n_states, n_records)
    start = np.datetime64("2000-01-01") + rng.integers(0, 9000, n_records)
    kind = np.arange(n_records) % 5
    ids = np.char.add(np.array(["P", "D", "S", "E", "L"])[kind], np.arange(n_records).astype(str))

    def common(m: Any) -> dict[str, Any]:
        k = int(m.sum())
        return {"source": np.full(k, "synthetic"), "confidence": np.full(k, "reported")}

    names = codes.tolist()  # one str per state, shared by every list: 10M rows stay lean

    def parts(m: Any) -> list[list[str]]:
        third = (np.nonzero(m)[0] % 7 == 0) & (c[m] != a[m]) & (c[m] != b[m])
        return [
            [names[p], names[q], names[r]] if t else [names[p], names[q]]
            for p, q, r, t in zip(*(x[m].tolist() for x in (a, b, c)), third.tolist(), strict=True)
        ]

    out = {"states": [{"code": s, "name": f"State {s}"} for s in codes.tolist()]}
    both = (["consultation"], ["defence"])  # rows share these lists (none is changed)
    m = kind == 0
    out["pacts"] = {
        "id": ids[m],
        "name": np.full(m.sum(), "p"),
        "parties": parts(m),
        "signed": start[m],
        "in_force": start[m] + 30,
        "obligations": [both[k] for k in (np.nonzero(m)[0] % 3 != 0).tolist()],
        **common(m),
    }
    m = kind == 1
    kinds = np.array(["troops", "munitions", "missiles", "drones", "equipment"])
    out["deployments"] = {
        "id": ids[m],
        "supplier": codes[a[m]],
        "recipient": codes[b[m]],
        "kind": kinds[np.nonzero(m)[0] % 5],
        "amount": np.full(m.sum(), 1000.0),
        "unit": np.full(m.sum(), "u"),
        "start": start[m],
        "end": start[m] + 400,
        **common(m),
    }
    m = kind == 2
    out["summits"] = {"id": ids[m], "participants": parts(m), "date": start[m], **common(m)}
    m = kind == 3
    out["exercises"] = {
        "id": ids[m],
        "participants": parts(m),
        "start": start[m],
        "end": start[m] + 5,
        **common(m),
    }
    m = kind == 4
    out["lifelines"] = {
        "id": ids[m],
        "supplier": codes[a[m]],
        "buyer": codes[b[m]],
        "commodity": np.full(m.sum(), "oil"),
        "share": np.full(m.sum(), 0.3),
        "start": start[m],
        "end": start[m] + 365,
        **common(m),
    }
    return out


def columns(large: bool) -> None:
    """Columnar ingestion: synthetic records to compiled arrays.

    Targets (issue 11): 1M records in 3 s and 400 MB peak; with ``large``, 10M records
    in 30 s and 4 GB. Peak is what tracemalloc traces during the call (numpy and Python
    allocations; the input columns are not counted); RSS is the growth of the process's
    peak resident size over its size before the call (Linux), in the untraced run. Up to
    1M, the same columns are also given as pyarrow tables (as read from Parquet), if
    installed.
    """
    import gc

    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - depends on the environment
        pa = None
    print("== compile_columns: synthetic columns, 200 states ==")
    targets = {1_000_000: (3.0, 400), 10_000_000: (30.0, 4000)}
    for n in (100_000, 1_000_000, *((10_000_000,) if large else ())):
        cols = synthetic_columns(200, n)
        states = cols.pop("states")
        forms = {"numpy": cols}
        if pa is not None and n <= 1_000_000:
            forms["pyarrow"] = {kind: pa.table(table) for kind, table in cols.items()}
        del cols
        for form, tables in forms.items():
            gc.collect()
            t, cpu, peak, rss = _measure(partial(ar.compile_columns, states, **tables))
            target = " (target {:g} s, {:,} MB)".format(*targets[n]) if n in targets else ""
            print(
                f"  {n:>10,} records, {form:<7}: {t:.2f} s ({cpu:.2f} s CPU), peak "
                f"{peak:,.0f} MB traced, RSS +{rss:,.0f} MB{target}"
            )
        del forms, tables


def _measure(func: Callable[[], object]) -> tuple[float, float, float, float]:
    """Return wall and CPU seconds and RSS growth (MB) of one call, then its traced peak."""
    import tracemalloc

    before = rss_mb(reset_peak=True)
    t0, c0 = time.perf_counter(), time.process_time()
    func()
    t, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = rss_mb(peak=True) - before
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return t, cpu, peak, rss


def rss_mb(*, peak: bool = False, reset_peak: bool = False) -> float:
    """Return this process's resident size now, or its peak since the last reset.

    Linux: the peak (VmHWM) is reset by writing 5 to /proc/self/clear_refs, so each
    measurement sees its own peak. Elsewhere: the peak over the whole run.
    """
    try:
        if reset_peak:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:" if peak else "VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def files() -> None:
    print("== files ==")
    world = ar.load_scenario("axis-of-upheaval")
    text = ar.world_to_json(world)
    n = sum(1 for _ in world.records())
    print(
        f"built-in scenario ({n} records): parse + validate "
        f"{timed(lambda: ar.world_from_json(text)) * 1e3:.1f} ms"
    )
    for n_records in (10_000, 100_000):
        blob = json.dumps(synthetic(200, n_records))
        t_parse = timed(lambda blob=blob: ar.world_from_json(blob), repeat=1)
        big = ar.world_from_json(blob)
        t_dump = timed(lambda big=big: ar.world_to_json(big), repeat=1)
        print(
            f"synthetic 200 states, {n_records:>7,} records: parse + validate {t_parse:.2f} s "
            f"({n_records / t_parse:,.0f} records/s), write JSON {t_dump:.2f} s"
        )


def nbytes(obj: object) -> int:
    """Bytes of the numpy arrays a compiled World (or part of it) holds."""
    if isinstance(obj, np.ndarray):
        return obj.nbytes
    fields = getattr(obj, "__dataclass_fields__", None)
    return sum(nbytes(getattr(obj, f)) for f in fields) if fields else 0


def read_floor(n_bytes: int) -> float:
    """Seconds to read ``n_bytes`` once (a sum over an array that size): a lower bound.

    Above 256 MB, measured on 256 MB and scaled: the bandwidth is the same.
    """
    cap = 256 * 2**20
    block = np.ones(max(min(n_bytes, cap) // 8, 1))
    return timed(lambda: block.sum(), repeat=5) * max(n_bytes / cap, 1.0)


def report(name: str, seconds: float, target: float | None, floor: float | None) -> None:
    mark = (
        ""
        if target is None
        else (f"  [target <= {target * 1e3:g} ms: {'met' if seconds <= target else 'MISSED'}]")
    )
    ratio = "" if floor is None else f"  {seconds / floor:6.1f}x floor"
    print(f"  {name:<44} {seconds * 1e3:9.1f} ms{ratio}{mark}")


def scoring(quick: bool) -> None:
    print("== scoring: synthetic World, 200 states, 100,000 records ==")
    world = ar.World.model_validate(synthetic(200, 100_000))
    t_compile = timed(lambda: ar.compile_world(world), repeat=1)  # first call compiles
    cw = ar.compile_world(world)
    day = date(2020, 6, 1)
    months = ar.month_starts("2015-01-01", "2024-12-31")
    assert len(months) == 120
    t_dyads = timed(lambda: ar.score_dyads(cw, day), repeat=7)
    # The same on arrays that have kept nothing yet (each call a copy with an empty memo):
    # what the first date scored with a configuration costs.
    t_dyads_first = timed(lambda: ar.score_dyads(replace(cw), day), repeat=7)
    fresh = ar.World.model_validate(synthetic(200, 100_000))
    t_dyads_cold = timed(lambda: ar.score_dyads(fresh, day), repeat=1)  # compiles first
    t_dyads_world = timed(lambda: ar.score_dyads(fresh, day), repeat=7)  # arrays are kept
    trio = ("AAA", "AAB", "AAC")
    t_timeline = timed(lambda: ar.timeline(world, trio, months), repeat=7)
    t_top = timed(lambda: ar.top_triads(cw, day, k=10), repeat=7)
    n = cw.n_states
    trios = n * (n - 1) * (n - 2) // 6
    # Floors: score_dyads and timeline read every compiled array once; top_triads reads
    # three pair values per trio (8 bytes each) and writes a score.
    compiled = read_floor(nbytes(cw))
    per_trio = read_floor(trios * 4 * 8)
    report("compile_world (once per World)", t_compile, None, None)
    report("score_dyads, one date (compiled)", t_dyads, 0.004, compiled)
    report("  same, factors not kept yet (first date)", t_dyads_first, None, compiled)
    report("score_dyads, first call on a new World", t_dyads_cold, None, None)
    report("score_dyads, later calls on that World", t_dyads_world, 0.004, compiled)
    report("timeline, trio, 120 monthly dates, World", t_timeline, 0.040, compiled)
    report(f"top_triads over {trios:,} trios, k=10", t_top, 0.035, per_trio)
    print(
        f"  compiled arrays: {nbytes(cw) / 1e6:.1f} MB ({nbytes(cw) / 100_000:.0f} bytes per "
        f"record); read floor {compiled * 1e3:.2f} ms; trio floor {per_trio * 1e3:.2f} ms"
    )
    print(f"  peak memory (whole run so far)               {peak_mb():9.0f} MB")

    draws = 200 if quick else 1_000
    print(f"== uncertainty for every trio: {trios:,} trios x {draws:,} draws, one date ==")
    before = peak_mb()
    t0 = time.perf_counter()
    u = ar.simulate_trios(world, [day], n_draws=draws, k=10, rng=1)
    t_sim = time.perf_counter() - t0
    report("simulate_trios (mean, p05, p95, P(top 10))", t_sim, None, None)
    print(
        f"  {trios * draws / t_sim / 1e6:.1f} million trio-draws per second; peak memory "
        f"{max(peak_mb(), before):,.0f} MB [target for 1,000 draws: <= 60 s, <= 3 GB]"
    )
    print(
        f"  most often in the top 10: {'-'.join(u.top(1)[0]['members'])} "
        f"(P = {u.top(1)[0]['p_top']:.2f})"
    )

    # The 1,000 highest trios followed over 120 monthly dates (issue 11: <= 60 s).
    best = [t.members for t in ar.top_triads(world, day, k=1_000)]
    months = [date(2010, 1, 1) + timedelta(days=round(30.44 * m)) for m in range(120)]
    # Every record of this World is "reported": with presence draws (the default) each
    # draw keeps or drops every record, so every row of every date is re-weighed.
    for presence in (True, False):
        before = peak_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        ar.simulate_trios(world, months, trios=best, n_draws=draws, k=10, rng=1, presence=presence)
        t_many, c_many = time.perf_counter() - t0, time.process_time() - c0
        report(
            f"simulate_trios, {len(best):,} trios x 120 dates x {draws:,} draws, "
            f"presence={presence}",
            t_many,
            60.0,
            None,
        )
        print(
            f"  (CPU time {c_many:.1f} s: on a busy machine wall time runs above it); "
            f"process peak so far {max(peak_mb(), before):,.0f} MB"
        )

    print("== speed-up over the pure-Python reference engine (tests/reference_engine.py) ==")
    small = ar.World.model_validate(synthetic(40 if quick else 60, 4_000))
    cfg = ar.ScoringConfig()
    t_ref = timed(lambda: reference_engine.dyad_matrix(small, day, cfg), repeat=1)
    # a fresh copy each time, so that every run compiles: the fair comparison
    t_fast = timed(lambda: ar.score_dyads(small.model_copy(), day, cfg))
    n = len(small.states)
    print(
        f"  all {n * (n - 1) // 2:,} pairs of {n} states, 4,000 records: reference {t_ref:.2f} s, "
        f"engine {t_fast * 1e3:.1f} ms (compile included): {t_ref / t_fast:,.0f}x"
    )


def measures_panel() -> None:
    data = Path(__file__).resolve().parents[2] / "shared" / "data"
    print("== classic measures: every COW dyad-year 1816-2018, from raw ATOP 5.1 ==")
    if not (data / "atop_v5.1").is_dir():
        print(f"  skipped: real data not found at {data}")
        return
    from alliance_risk.datasets import dyad_years, read_atop, read_cow_states

    t0 = time.perf_counter()
    atop, cow = read_atop(data / "atop_v5.1"), read_cow_states(data / "cow_state_system_v2016")
    t_read = time.perf_counter() - t0
    years = range(1816, 2019)
    kwargs: dict[str, Any] = {"carry_forward_to": 2018, "pact_alignment": False}
    t_panel = timed(lambda: dyad_years(atop, cow, years, **kwargs), repeat=1)
    panel = dyad_years(atop, cow, years, **kwargs)
    t_directed = timed(lambda: dyad_years(atop, cow, years, directed=True, **kwargs), repeat=1)
    t_pact = timed(lambda: dyad_years(atop, cow, years, carry_forward_to=2018), repeat=1)
    # BLAS threads: one (the default, with threadpoolctl) against the library's own setting
    t_free = timed(lambda: dyad_years(atop, cow, years, threads=None, **kwargs), repeat=1)
    n = len(panel.data)
    print(f"  read ATOP + COW files                  {t_read:8.2f} s")
    print(
        f"  tau-b, S, kappa, pi: {n:,} dyad-years  {t_panel:8.2f} s  [target < 5 s: "
        f"{'met' if t_panel < 5 else 'MISSED'}]"
    )
    print(f"  same, directed ({2 * n:,} rows)       {t_directed:8.2f} s")
    print(f"  with the engine's pact alignment       {t_pact:8.2f} s")
    print(
        f"  BLAS threads left free (threads=None)  {t_free:8.2f} s  "
        f"({t_free / t_panel:.2f}x the one-thread default)"
    )


def score_panels() -> None:
    print("== score panels: the library's own scores over many dates (issue 14) ==")
    import tempfile

    world = ar.load_scenario("axis-of-upheaval")
    cw = ar.compile_world(world)
    days = [date(2015 + q // 4, 3 * (q % 4) + 1, 1) for q in range(41)]
    t_loop = timed(lambda: [ar.score_dyads(cw, d) for d in days], repeat=1)
    t_dyads = timed(lambda: ar.score_panel(cw, days))
    t_trios = timed(lambda: ar.score_panel(cw, days, "trios"))
    t_top = timed(lambda: ar.score_panel(cw, days, "trios", k=10, contributions=True))
    t_parts = timed(lambda: ar.score_panel(cw, days, "trios", contributions=True), repeat=1)
    rows = [
        ("scenario, 41 quarterly dates: score_dyads in a loop", t_loop, ""),
        ("score_panel, dyads", t_dyads, f"  ({t_loop / t_dyads:.0f}x the loop)"),
        (f"score_panel, all {comb(len(world.codes), 3):,} trios", t_trios, ""),
        ("same, best 10 a date with contributions", t_top, ""),
        ("same, all with contributions (exact Shapley)", t_parts, ""),
    ]
    for label, seconds, note in rows:
        print(f"  {label:<52}{seconds * 1e3:8.1f} ms{note}")
    data = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not (data / "atop_v5.1").is_dir():
        print(f"  history: skipped, real data not found at {data}")
        return
    from alliance_risk.datasets import history_world, read_cow_states

    history = history_world(data, 1816, 2018)
    ar.compile_world(history)  # kept while the World lives: the panel does not compile it
    cow = read_cow_states(data / "cow_state_system_v2016")
    t0 = time.perf_counter()
    panel = ar.score_panel(history, range(1816, 2019), system=cow, carry_forward_to=2018)
    t_hist = time.perf_counter() - t0
    label = f"1816-2018 COW dyads, {len(panel):,} rows"
    print(f"  {label:<52}{t_hist * 1e3:8.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".csv", ".parquet"):
            path = Path(folder) / f"panel{suffix}"
            t_write = timed(lambda p=path: panel.write(p), repeat=1)
            size = path.stat().st_size / 1e6
            label = f"write {suffix} ({size:.1f} MB)"
            print(f"  {label:<52}{t_write * 1e3:8.1f} ms")


def million() -> None:
    """Scoring a World of 1M records (compiled from columns): score_dyads [<= 30 ms]."""
    print("== scoring 1,000,000 records, 200 states (compiled from columns) ==")
    cols = synthetic_columns(200, 1_000_000)
    states = cols.pop("states")
    cw = ar.compile_columns(states, **cols)
    day = date(2025, 1, 1)
    runs = sorted(timed(lambda: ar.score_dyads(cw, day), repeat=1) for _ in range(11))
    report("score_dyads, one date (compiled)", runs[5], 0.030, read_floor(nbytes(cw)))
    runs = sorted(timed(lambda: ar.top_triads(cw, day, k=10), repeat=1) for _ in range(5))
    report("top_triads over 1,313,400 trios, k=10", runs[2], None, None)


def large() -> None:
    print("== top_triads: 1,000 states ==")
    world = ar.World.model_validate(synthetic(1_000, 100_000, seed=1))
    cw = ar.compile_world(world)
    n = cw.n_states
    trios = n * (n - 1) * (n - 2) // 6
    t_top = timed(lambda: ar.top_triads(cw, date(2020, 6, 1), k=10), repeat=1)
    report(f"top_triads over {trios:,} trios, k=10", t_top, 4.0, read_floor(trios * 4 * 8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller reference comparison")
    parser.add_argument(
        "--large", action="store_true", help="also 1,000 states and 10M columnar records (~3 min)"
    )
    args = parser.parse_args()
    files()
    scoring(args.quick)
    million()
    if args.large:
        large()
    columns(args.large)  # after scoring: 10M records would raise the peak memory it reports
    measures_panel()
    score_panels()


if __name__ == "__main__":
    main()
