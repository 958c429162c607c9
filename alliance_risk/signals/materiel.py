"""The ``materiel`` signal: munitions, missiles, drones, equipment and components supplied.

Each deployment's amount is divided by its kind's scale (``materiel_scales``: by
default 1,000,000 shells, 100 missiles, 1,000 drones, 100 pieces of equipment, 10,000
sets of components), the pair's scaled amounts in either direction add up, and
saturate: ``1 - exp(-total)``. One ``components`` record counts at most
``component_cap`` units: parts and tools feed a war industry, they are not weapons, and
no single such record should weigh like a treaty or a troop deployment.
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

__all__ = ["MATERIEL"]

_KINDS = tuple(DeploymentKind)
_COMPONENTS = _KINDS.index(DeploymentKind.COMPONENTS)


def _deliveries(cw: CompiledWorld, config: ScoringConfig) -> tuple[IntArray, FloatArray]:
    """Return the supply rows that are materiel, and the units each one delivers."""
    per_kind = np.full(len(_KINDS), np.nan)
    for kind, scale in config.materiel_scales.items():
        per_kind[_KINDS.index(kind)] = scale
    mine, units = supply_units(cw, config, per_kind)
    parts = cw.supply.kind[mine] == _COMPONENTS
    np.minimum(units, config.component_cap, out=units, where=parts)
    return mine, units


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    key = (config.contested, config.component_cap, *sorted(config.materiel_scales.items()))
    mine, units = remembered(cw, "materiel units", key, lambda: _deliveries(cw, config))
    return supply_pair_rows(cw, days, config, mine, units)


def _finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return saturate(x, 1.0)


MATERIEL = Signal(
    name="materiel",
    summary="munitions, missiles, drones and equipment supplied, scaled per kind, saturating",
    pair_rows=_pair_rows,
    combine="sum",
    pair_finish=_finish,
    kinds=("deployments",),
)
