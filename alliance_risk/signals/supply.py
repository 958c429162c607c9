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
from ._base import decay

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["active_then_decaying", "chosen_amount"]


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
