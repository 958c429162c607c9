"""The ``exercises`` signal: joint exercises and patrols, decaying and saturating.

An exercise counts from its first day; the defaults match summits (half-life 365
days, scale 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, TrioRows, saturate
from .events import event_pair_rows, event_trio_rows

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["EXERCISES"]


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    return event_pair_rows(cw.exercises, days, config.exercise_half_life)


def _trio_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> TrioRows:
    return event_trio_rows(cw.exercise_trios, days, config.exercise_half_life)


def _finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, config.exercise_scale)


EXERCISES = Signal(
    name="exercises",
    summary="joint exercises, each decaying with exercise_half_life, saturating",
    pair_rows=_pair_rows,
    combine="sum",
    pair_finish=_finish,
    trio_rows=_trio_rows,
    trio_finish=_finish,
)
