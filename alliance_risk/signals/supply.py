"""Shared kernel of the ``troops`` and ``materiel`` signals: supply that saturates.

A deployment counts in full from its start while it lasts and decays with
``supply_half_life`` after it ends. Contested figures use ``config.contested``
(the midpoint of the range by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, decay, product

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["active_then_decaying", "chosen_amount", "supply_pair_rows", "supply_units"]


def active_then_decaying(
    days: IntArray, start: IntArray, end: IntArray, half_life: float
) -> FloatArray:
    """``(T, R)`` factor: 0 before start, 1 from start to end (inclusive), then decaying."""
    t = days[:, None]
    out = decay(t - end[None, :], half_life)  # 0 before the end, 1 on it
    np.maximum(out, t <= end[None, :], out=out)  # 1 up to the end
    out *= t >= start[None, :]  # 0 before the start
    return out


def chosen_amount(cw: CompiledWorld, config: ScoringConfig) -> FloatArray:
    """Per deployment, the figure ``config.contested`` selects (amount where no range)."""
    s = cw.supply
    ranged = ~np.isnan(s.low)
    if config.contested == "amount":
        return s.amount.copy()
    # low + (high - low) / 2, not (low + high) / 2: the sum overflows to inf for figures
    # near the float limit (low = 1e308, high = 1.7e308); the width of a range of
    # figures >= 0 never does (and halving it keeps the smallest ranges exact).
    with np.errstate(invalid="ignore", over="ignore"):
        midpoint = np.clip(s.low + 0.5 * (s.high - s.low), s.low, s.high)
    pick = {"midpoint": midpoint, "low": s.low, "high": s.high}[config.contested]
    return np.where(ranged, pick, s.amount)


def supply_units(
    cw: CompiledWorld, config: ScoringConfig, per_kind: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Return the supply rows whose kind has a scale, and the units each one counts.

    ``per_kind`` holds each deployment kind's scale (NaN: a kind the signal does not
    read); a row's units are its chosen figure (:func:`chosen_amount`) over its scale.
    """
    s = cw.supply
    row_scale = per_kind.take(s.kind)
    mine = np.nonzero(~np.isnan(row_scale))[0]
    with np.errstate(over="ignore"):  # a tiny scale: inf units, which saturate to 1
        units = chosen_amount(cw, config)[mine] / row_scale[mine]
    return mine, units


def supply_pair_rows(
    cw: CompiledWorld, days: IntArray, config: ScoringConfig, mine: IntArray, units: FloatArray
) -> PairRows:
    """Return rows of the supply rows ``mine``: their ``units`` times the time factor."""
    s = cw.supply
    time = active_then_decaying(days, s.start[mine], s.end[mine], config.supply_half_life)
    values = product(time, units[None, :])  # no 0 * inf: a delivery not yet begun counts 0
    return PairRows(s.i[mine], s.j[mine], s.record[mine], values)
