"""The history of enmity: ``antagonism``, ``cobelligerence`` and ``rivalry``.

``antagonism`` and ``cobelligerence`` read the same conflict rows: every pair of
states that took part in a dispute or war, on opposite sides or on the same side.
A row weighs the conflict's hostility over 5 (a war weighs 1, a use of force 0.8, a
show of force 0.6, a threat 0.4); it counts in full while both states are in the
conflict, then decays with ``conflict_half_life``; a conflict counts once per pair, by
its strongest spell (a state that left and rejoined); a pair's conflicts add up and saturate
at ``antagonism_scale`` or ``cobelligerence_scale``. ``rivalry`` is 1 while a strategic
rivalry lasts and decays with ``rivalry_half_life`` after it ends.

Antagonism and rivalry are enmity: their values, in [0, 1], enter scores with a
minus sign, so that enemies score below strangers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, saturate
from .supply import active_then_decaying

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["ANTAGONISM", "COBELLIGERENCE", "RIVALRY"]


def _conflict_rows(
    cw: CompiledWorld, days: IntArray, config: ScoringConfig, opposed: int
) -> PairRows:
    c = cw.conflicts
    mine = np.nonzero(c.opposed == opposed)[0]
    time = active_then_decaying(days, c.start[mine], c.end[mine], config.conflict_half_life)
    values = time * c.hostility[mine][None, :]
    if mine.size == 0:
        return PairRows(c.i[mine], c.j[mine], c.record[mine], values)
    # A conflict counts once per pair: its strongest spell-pair at each date (rows of one
    # group are contiguous).
    group = c.group[mine]
    starts = np.concatenate([[0], np.nonzero(group[1:] != group[:-1])[0] + 1])
    pick = mine[starts]
    return PairRows(
        c.i[pick], c.j[pick], c.record[pick], np.maximum.reduceat(values, starts, axis=1)
    )


def _antagonism_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    return _conflict_rows(cw, days, config, 1)


def _cobelligerence_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    return _conflict_rows(cw, days, config, 0)


def _antagonism_finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, config.antagonism_scale)


def _cobelligerence_finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, config.cobelligerence_scale)


def _rivalry_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    r = cw.rivalries
    time = active_then_decaying(days, r.start, r.end, config.rivalry_half_life)
    return PairRows(r.i, r.j, r.record, time)


def _identity(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return np.minimum(x, 1.0)


ANTAGONISM = Signal(
    name="antagonism",
    summary="opposed in disputes and wars, by hostility, active then decaying (enmity)",
    pair_rows=_antagonism_rows,
    combine="sum",
    pair_finish=_antagonism_finish,
    kinds=("conflicts",),
    sign=-1,
)

COBELLIGERENCE = Signal(
    name="cobelligerence",
    summary="on the same side in disputes and wars, by hostility, active then decaying",
    pair_rows=_cobelligerence_rows,
    combine="sum",
    pair_finish=_cobelligerence_finish,
    kinds=("conflicts",),
)

RIVALRY = Signal(
    name="rivalry",
    summary="a strategic rivalry: 1 while it lasts, decaying after (enmity)",
    pair_rows=_rivalry_rows,
    combine="max",
    pair_finish=_identity,
    kinds=("rivalries",),
    sign=-1,
)
