"""The ``troops`` signal: personnel one state sends to another, or stations in it.

Troops and advisers sent to a war count ``personnel / troops_scale`` units; forces
stationed in peacetime (``basing``) count ``personnel / basing_scale``. The pair's
units in either direction add up, then saturate: ``1 - exp(-units)``. With the default
scales (5,000 and 20,000), 1,000 troops at war give 0.18 and 15,000 give 0.95; 28,500
stationed give 0.76.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ..models import DeploymentKind
from ._base import PairRows, Signal, product, remembered, saturate
from .supply import active_then_decaying, chosen_amount

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["PERSONNEL_KINDS", "TROOPS"]

#: Deployment kinds that count as personnel.
PERSONNEL_KINDS = (DeploymentKind.TROOPS, DeploymentKind.ADVISERS, DeploymentKind.BASING)
#: Per deployment kind code, whether it is personnel (a lookup: np.isin sorts).
_IS_PERSONNEL = np.isin(
    np.arange(len(DeploymentKind)), [tuple(DeploymentKind).index(k) for k in PERSONNEL_KINDS]
)
_BASING = tuple(DeploymentKind).index(DeploymentKind.BASING)


def _deployments(cw: CompiledWorld, config: ScoringConfig) -> tuple[IntArray, FloatArray]:
    """Return the supply rows that are personnel, and the units each one counts."""
    s = cw.supply
    mine = np.nonzero(_IS_PERSONNEL.take(s.kind))[0]
    scale = np.where(s.kind[mine] == _BASING, config.basing_scale, config.troops_scale)
    with np.errstate(over="ignore"):  # a tiny scale: inf units, which saturate to 1
        units = chosen_amount(cw, config)[mine] / scale
    return mine, units


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    s = cw.supply
    key = (config.contested, config.basing_scale, config.troops_scale)
    mine, units = remembered(cw, "troops units", key, lambda: _deployments(cw, config))
    if mine.size == 0:
        return PairRows(s.i[mine], s.j[mine], s.record[mine], np.zeros((days.size, 0)))
    time = active_then_decaying(days, s.start[mine], s.end[mine], config.supply_half_life)
    values = product(time, units[None, :])  # no 0 * inf: a delivery not yet begun counts 0
    return PairRows(s.i[mine], s.j[mine], s.record[mine], values)


def _finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, 1.0)


TROOPS = Signal(
    name="troops",
    summary="personnel supplied either way, active then decaying, saturating",
    pair_rows=_pair_rows,
    combine="sum",
    pair_finish=_finish,
    kinds=("deployments",),
)
