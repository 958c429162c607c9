"""The ``lifelines`` signal: the strongest energy or trade dependence between two states.

A lifeline's strength is ``1 - exp(-share / share_scale)`` when its share is known
(19% of China's crude imports gives 0.61 with the default scale of 0.2), else
``1 - exp(-volume / volume_scales[unit])``. It counts in full over its period and
decays with ``supply_half_life`` after the period ends. The pair takes its strongest
lifeline in either direction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, remembered, saturate
from .supply import active_then_decaying

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["LIFELINES", "lifeline_strength"]


def lifeline_strength(cw: CompiledWorld, config: ScoringConfig) -> FloatArray:
    """Per lifeline, its strength in [0, 1] (share if known, else scaled volume).

    Units must have been checked against ``config.volume_scales`` beforehand.
    """
    ll = cw.lifelines
    per_unit = [config.volume_scales.get(u, np.nan) for u in ll.units]
    scale = np.array(per_unit, dtype=np.float64)[ll.unit]
    with np.errstate(over="ignore"):  # a tiny scale: inf, which saturates to 1
        by_volume = saturate(np.nan_to_num(ll.volume / scale, nan=0.0, posinf=np.inf), 1.0)
    has_share = ~np.isnan(ll.share)
    by_share = saturate(np.where(has_share, ll.share, 0.0), config.share_scale)
    return np.where(has_share, by_share, by_volume)


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    ll = cw.lifelines
    time = active_then_decaying(days, ll.start, ll.end, config.supply_half_life)
    key = (config.share_scale, *sorted(config.volume_scales.items()))
    time *= remembered(cw, "lifeline strength", key, lambda: lifeline_strength(cw, config))
    return PairRows(ll.i, ll.j, ll.record, time)


def _symmetric_max(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return x


LIFELINES = Signal(
    name="lifelines",
    summary="strongest energy/trade dependence either way, active then decaying",
    pair_rows=_pair_rows,
    combine="max",
    pair_finish=_symmetric_max,
    kinds=("lifelines",),
)
