"""Tests for :mod:`alliance_risk.compile`: Worlds as arrays."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given

from alliance_risk import World, compile_world, load_scenario
from alliance_risk.compile import NEVER, day_number, restrict
from alliance_risk.testing.strategies import worlds


def test_rows_per_record() -> None:
    w = load_scenario("axis-of-upheaval")
    cw = compile_world(w)
    assert cw.record_ids == tuple(sorted(r.id for r in w.records()))
    expected_pact_rows = sum(len(p.parties) * (len(p.parties) - 1) for p in w.pacts)
    assert cw.pacts.i.size == expected_pact_rows
    sco = w.record("S-SCO-2025-09-01")
    n = len(sco.participants)  # type: ignore[attr-defined]
    rec = cw.record_ids.index("S-SCO-2025-09-01")
    assert int((cw.summits.record == rec).sum()) == n * (n - 1) // 2
    assert int((cw.summit_trios.record == rec).sum()) == n * (n - 1) * (n - 2) // 6


def test_absent_dates_are_never_and_ranges_are_nan_not_zero() -> None:
    w = load_scenario("axis-of-upheaval")
    cw = compile_world(w)
    p6 = cw.record_ids.index("P6-CHN-IRN-25yr")
    assert np.all(cw.pacts.in_force[cw.pacts.record == p6] == NEVER)
    d3 = cw.record_ids.index("D3-PRK-RUS-engineers")
    row = np.nonzero(cw.supply.record == d3)[0][0]
    assert np.isnan(cw.supply.low[row])
    assert cw.supply.amount[row] == w.record("D3-PRK-RUS-engineers").amount  # type: ignore[attr-defined]
    assert day_number(date(2024, 12, 4)) == int(
        cw.pacts.in_force[cw.pacts.record == cw.record_ids.index("P2-RUS-PRK-CSP")][0]
    )


@given(worlds(min_states=3, max_states=5))
def test_restrict_keeps_exactly_the_rows_among_kept_states(world: World) -> None:
    cw = compile_world(world)
    keep = np.array([0, 2])
    sub = restrict(cw, keep)
    assert sub.codes == (world.codes[0], world.codes[2])
    inside = np.isin(cw.pacts.i, keep) & np.isin(cw.pacts.j, keep)
    assert sub.pacts.i.size == int(inside.sum())
    assert sub.summit_trios.a.size == 0  # no trio among two states
    assert set(sub.lifelines.unit) <= set(cw.lifelines.unit)


def test_compiled_arrays_are_kept_while_the_world_lives() -> None:
    import gc

    from alliance_risk import compile as compile_module

    w = World.model_validate(
        {"states": [{"code": "AAA", "name": "A"}, {"code": "BBB", "name": "B"}]}
    )
    first = compile_world(w)
    assert compile_world(w) is first
    other = w.model_copy()  # a new World, even if equal, is compiled afresh
    assert compile_world(other) is not first
    key = id(w)
    del w, first
    gc.collect()
    assert key not in compile_module._COMPILED
