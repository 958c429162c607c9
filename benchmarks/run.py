"""Speed figures for alliance_risk. Prints figures and ratios; asserts nothing.

Run: make bench   (or: python benchmarks/run.py)

Measured here: validating and round-tripping Worlds through their JSON form, for the
built-in scenario and for a synthetic World of 200 states and 100,000 records.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

import alliance_risk as ar


def timed(func: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def synthetic(n_states: int, n_records: int, seed: int = 0) -> dict[str, object]:
    """Return a valid World as JSON-ready data: states AAA..., records of every kind."""
    rng = np.random.default_rng(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = [a + b + c for a in letters for b in letters for c in letters][:n_states]
    day0 = date(2000, 1, 1)

    def day(i: int) -> str:
        return (day0 + timedelta(days=int(i))).isoformat()

    pairs = rng.integers(0, n_states, size=(n_records, 2))
    pairs[:, 1] = (pairs[:, 0] + 1 + pairs[:, 1] % (n_states - 1)) % n_states
    starts = rng.integers(0, 9000, size=n_records)
    src = ["synthetic"]
    data: dict[str, list[dict[str, object]]] = {
        "states": [{"code": c, "name": f"State {c}"} for c in codes],
        "pacts": [], "deployments": [], "summits": [], "exercises": [], "lifelines": [],
    }  # fmt: skip
    for i, ((a, b), s) in enumerate(zip(pairs, starts, strict=True)):
        a_code, b_code, common = codes[a], codes[b], {"source": src, "confidence": "reported"}
        kind = i % 5
        if kind == 0:
            data["pacts"].append({"id": f"P{i}", "name": "p", "parties": [a_code, b_code],
                                  "signed": day(s), "in_force": day(s + 30),
                                  "obligations": ["defence"], **common})  # fmt: skip
        elif kind == 1:
            data["deployments"].append({"id": f"D{i}", "supplier": a_code, "recipient": b_code,
                                        "kind": "troops", "amount": 1000.0, "unit": "personnel",
                                        "start": day(s), **common})  # fmt: skip
        elif kind == 2:
            data["summits"].append({"id": f"S{i}", "participants": [a_code, b_code],
                                    "date": day(s), **common})  # fmt: skip
        elif kind == 3:
            data["exercises"].append({"id": f"E{i}", "participants": [a_code, b_code],
                                      "start": day(s), "end": day(s + 5), **common})  # fmt: skip
        else:
            data["lifelines"].append({"id": f"L{i}", "supplier": a_code, "buyer": b_code,
                                      "commodity": "oil", "share": 0.3, "start": day(s),
                                      **common})  # fmt: skip
    return data


def main() -> None:
    world = ar.load_scenario("axis-of-upheaval")
    text = ar.world_to_json(world)
    n = sum(1 for _ in world.records())
    t_load = timed(lambda: ar.world_from_json(text))
    print(f"built-in scenario ({n} records): parse + validate {t_load * 1e3:.1f} ms")

    for n_records in (10_000, 100_000):
        data = synthetic(200, n_records)
        blob = json.dumps(data)
        t_parse = timed(lambda blob=blob: ar.world_from_json(blob), repeat=1)
        big = ar.world_from_json(blob)
        t_dump = timed(lambda big=big: ar.world_to_json(big), repeat=1)
        rate = n_records / t_parse
        print(
            f"synthetic 200 states, {n_records:>7,} records: parse + validate {t_parse:.2f} s "
            f"({rate:,.0f} records/s), write JSON {t_dump:.2f} s"
        )


if __name__ == "__main__":
    main()
