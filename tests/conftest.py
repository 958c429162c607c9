"""Shared test set-up: hypothesis profiles and paths to the optional reference data."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI runs every property on at least 500 examples, derandomized so that a run on the
# same commit always draws the same examples (a red CI is reproducible, never flaky);
# local runs stay quick and random, to keep exploring.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALLIANCE_RISK_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def facts_sheet() -> Path:
    """Return the scenario facts sheet, or skip when the shared folder is absent."""
    path = SHARED / "scenarios" / "facts.md"
    if not path.is_file():
        pytest.skip(f"facts sheet not found at {path} (a fresh clone has no ../shared)")
    return path


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """Start one LocalCluster of two worker processes on the loopback for the Dask tests."""
    distributed = pytest.importorskip("dask.distributed", reason="the 'dask' extra")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # start-up notices of the cluster, not ours
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        c = distributed.Client(cluster)
    yield c
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c.close()
        cluster.close()
