"""Fit the shipped history model on every COW dispute, 1816-2014, and write it as JSON.

The model ``alliance_risk.calibrate.load_model("history")`` is this script's output:
one :func:`alliance_risk.calibrate.fit` on the pair table of every MID (the protocol of
``docs/validation.md``), on :data:`~alliance_risk.calibrate.SHIPPED_SIGNALS` (no
``joint_igos``: the built-in scenarios carry no IGO data), with 200 bootstrap refits
resampling whole disputes for its intervals. ``--check`` refits and compares with the
shipped file instead of writing it (a test runs it when the data are present).

Usage: python scripts/fit_history_model.py [--data DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from alliance_risk import data_versions
from alliance_risk.calibrate import (
    SHIPPED_SIGNALS,
    RiskModel,
    conflict_outcomes,
    fit,
    read_model,
)
from alliance_risk.datasets import history_world, read_cow_states
from alliance_risk.datasets.history import HISTORY_FOLDERS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "alliance_risk" / "data" / "history_model.json"
N_BOOT = 200


def fit_history(data: Path) -> RiskModel:
    world = history_world(data)
    system = read_cow_states(data / HISTORY_FOLDERS["cow_states"])
    table = conflict_outcomes(world, kind="dispute", system=system)
    versions = {v.key: v.version for v in data_versions() if v.key in world.datasets}
    return fit(
        world,
        table,
        signals=SHIPPED_SIGNALS,
        n_boot=N_BOOT,
        seed=0,
        fitted_on={
            "outcomes": "COW MID 5.0 disputes, pairs of participants",
            "protocol": "each unordered pair once per dispute; side at first entry; as_of "
            "31 December of the year before the start year; pairs with a state outside "
            "the COW system that year dropped",
            "dropped": dict(table.dropped),
            "datasets": versions,
            "script": "scripts/fit_history_model.py",
        },
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    model = fit_history(args.data)
    if not args.check:
        model.save(SHIPPED)
        print(f"wrote {SHIPPED.relative_to(ROOT)}: {json.dumps(model.coefficients)}")
        return 0
    shipped = read_model(SHIPPED)
    same = (
        shipped.fitted_on == json.loads(json.dumps(model.fitted_on))
        and shipped.config == model.config
        and np.allclose([shipped.intercept, shipped.slope], [model.intercept, model.slope])
        and list(shipped.coefficients) == list(model.coefficients)
        and np.allclose(list(shipped.coefficients.values()), list(model.coefficients.values()))
        and np.allclose(np.asarray(shipped.draws), np.asarray(model.draws))
    )
    print("shipped model matches a refit" if same else "out of date: rerun this script")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
