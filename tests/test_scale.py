"""Work beyond one process: simulate_trios and dyad_years on a Dask cluster.

A LocalCluster of two worker processes on the loopback (no other network); the results
must be the single-process ones, to the last bit. Skipped where dask.distributed is
not installed (it is an optional extra; CI installs it with the dev extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import alliance_risk as ar

distributed = pytest.importorskip("dask.distributed", reason="the 'dask' extra")

AXIS = ar.load_scenario("axis-of-upheaval")


def test_simulate_trios_on_a_cluster_gives_the_same_numbers(client: Any) -> None:
    days = ["2024-06-01", "2025-06-01"]
    kwargs: dict[str, Any] = {"n_draws": 120, "rng": 3, "k": 4, "block_size": 3_000}
    here = ar.simulate_trios(AXIS, days, **kwargs)
    there = ar.simulate_trios(AXIS, days, client=client, **kwargs)
    for name in ("trios", "point", "mean", "low", "high", "p_top"):
        np.testing.assert_array_equal(getattr(there, name), getattr(here, name))
    assert len(client.scheduler_info()["workers"]) == 2


def test_a_scheduler_address_is_accepted(client: Any) -> None:
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    u = ar.simulate_trios(
        AXIS, ["2025-06-01"], n_draws=20, trios=[("CHN", "RUS", "PRK")], client=address
    )
    assert u.p_top[0, 0] == 1.0


def test_a_client_of_another_kind_is_refused() -> None:
    with pytest.raises(ar.InvalidParameterError, match="'client' parameter must be"):
        ar.simulate_trios(AXIS, ["2025-06-01"], n_draws=2, client=42)


def test_a_panel_built_on_a_cluster_is_the_same_panel(client: Any) -> None:
    from alliance_risk.datasets import dyad_years

    fixtures = Path(__file__).parent / "fixtures"
    years = [1913, 1914, 1960]  # 1960: no state of this small system file
    here = dyad_years(fixtures / "atop", fixtures / "cow", years)
    there = dyad_years(fixtures / "atop", fixtures / "cow", years, client=client)
    np.testing.assert_array_equal(there.data, here.data)
