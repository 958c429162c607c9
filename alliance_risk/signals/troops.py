"""The ``troops`` signal: personnel (troops and advisers) one state sends to another.

The pair's personnel in either direction add up, then saturate:
``1 - exp(-personnel / troops_scale)``; with the default scale of 5,000, 1,000 troops
give 0.18 and 15,000 give 0.95.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ..models import DeploymentKind
from ._base import PairRows, Signal, saturate
from .supply import active_then_decaying, chosen_amount

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["PERSONNEL_KINDS", "TROOPS"]

#: Deployment kinds that count as personnel.
PERSONNEL_KINDS = (DeploymentKind.TROOPS, DeploymentKind.ADVISERS)
_CODES = np.array([tuple(DeploymentKind).index(k) for k in PERSONNEL_KINDS])


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    s = cw.supply
    mine = np.isin(s.kind, _CODES)
    time = active_then_decaying(days, s.start[mine], s.end[mine], config.supply_half_life)
    amount = chosen_amount(cw, config)[mine]
    return PairRows(s.i[mine], s.j[mine], s.record[mine], time * amount[None, :])


def _finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, config.troops_scale)


TROOPS = Signal(
    name="troops",
    summary="personnel supplied either way, active then decaying, saturating",
    pair_rows=_pair_rows,
    combine="sum",
    pair_finish=_finish,
    kinds=("deployments",),
)
