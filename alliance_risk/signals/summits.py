"""The ``summits`` signal: meetings of leaders or ministers, decaying and saturating.

With the defaults (half-life 365 days, scale 2), one summit today gives 0.39, two
give 0.63, and a summit a year old counts half.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, TrioRows, saturate
from .events import event_pair_rows, event_trio_rows

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["SUMMITS"]


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    return event_pair_rows(cw.summits, days, config.summit_half_life)


def _trio_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> TrioRows:
    return event_trio_rows(cw.summit_trios, days, config.summit_half_life)


def _finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, config.summit_scale)


SUMMITS = Signal(
    name="summits",
    summary="summits, each decaying with summit_half_life, saturating at summit_scale",
    pair_rows=_pair_rows,
    combine="sum",
    pair_finish=_finish,
    trio_rows=_trio_rows,
    trio_finish=_finish,
)
