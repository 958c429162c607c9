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
from ._base import PairRows, Signal, remembered, saturate
from .supply import supply_pair_rows, supply_units

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["PERSONNEL_KINDS", "TROOPS"]

#: Deployment kinds that count as personnel.
PERSONNEL_KINDS = (DeploymentKind.TROOPS, DeploymentKind.ADVISERS, DeploymentKind.BASING)
_KINDS = tuple(DeploymentKind)
_BASING = _KINDS.index(DeploymentKind.BASING)


def _deployments(cw: CompiledWorld, config: ScoringConfig) -> tuple[IntArray, FloatArray]:
    """Return the supply rows that are personnel, and the units each one counts."""
    per_kind = np.full(len(_KINDS), np.nan)
    per_kind[[_KINDS.index(k) for k in PERSONNEL_KINDS]] = config.troops_scale
    per_kind[_BASING] = config.basing_scale
    return supply_units(cw, config, per_kind)


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    key = (config.contested, config.basing_scale, config.troops_scale)
    mine, units = remembered(cw, "troops units", key, lambda: _deployments(cw, config))
    return supply_pair_rows(cw, days, config, mine, units)


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
