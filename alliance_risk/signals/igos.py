"""Joint memberships of intergovernmental organisations: ``joint_igos``.

Two states that sit together in many IGOs share institutions, habits of consultation
and, often, a camp. The count is read relative to its time: in 1850 a pair sharing two
IGOs was unusually close, in 1990 a pair sharing two was a pair of strangers. So a
pair's count is divided by the mean count over every pair the World holds a count for
on the scoring date, and saturates: ``1 - exp(-count / (igo_scale * mean))``. A pair
sharing the typical number scores 0.63 at the default ``igo_scale`` of 1.

The mean is taken over the whole World (restricting the states scored does not change
it), and is meaningful when the World holds a count for every pair of the system, as
the COW IGO data do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, saturate

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["JOINT_IGOS"]


def _igo_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    g = cw.joint_igos
    # Only the spells that hold on some of these days: a pair has one spell per date.
    if days.size:
        live = np.nonzero((g.start <= days.max()) & (g.end >= days.min()))[0]
    else:
        live = np.zeros(0, dtype=np.int64)
    held = (g.start[live][None, :] <= days[:, None]) & (days[:, None] <= g.end[live][None, :])
    mean = g.mean_at(days)
    # A scale near the float limits: a huge one gives inf (value 0), a tiny one x / 0+ = inf
    # (value 1): the limits, without a warning.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scale = config.igo_scale * mean
        values = np.where(held & (scale[:, None] > 0), g.count[live][None, :] / scale[:, None], 0.0)
    return PairRows(g.i[live], g.j[live], g.record[live], values)


def _igo_finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, 1.0)


JOINT_IGOS = Signal(
    name="joint_igos",
    summary="IGOs both states belong to, relative to the typical pair at the date",
    pair_rows=_igo_rows,
    combine="max",
    pair_finish=_igo_finish,
    kinds=("joint_igos",),
    relative_to=("joint_igos",),
)
