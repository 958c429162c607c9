"""The ``pact`` signal: the strongest obligation in force between two states.

Each party's pledge has the strength of its strongest obligation on the configured
scale (defence and offence 1.0, ..., partnership 0.25 by default). A pact counts in
full from entry into force until it ends, at ``pending_pact_factor`` of its strength
while signed but not in force, and not at all before signature or after it ends.
Between two states the strongest pact in each direction counts; the two directions
combine by ``asymmetric_rule`` (the mean, by default: the US-Japan treaty ties the
pair at (1.0 + 0.4) / 2 = 0.7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ..models import Obligation
from ._base import PairRows, Signal, TrioRows, remembered

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["PACT"]


def _strength(bits: IntArray, config: ScoringConfig) -> FloatArray:
    """Strongest pledged obligation per row: max over the set bits of the scale."""
    scale = np.array([config.pact_scale[o] for o in Obligation], dtype=np.float64)
    # One entry per possible set of obligations (2**6), then a gather per row.
    sets = np.arange(2**scale.size)
    has = (sets[:, None] >> np.arange(scale.size)[None, :]) & 1
    table = (has * scale[None, :]).max(axis=1)
    out: FloatArray = table[bits]
    return out


def _phase(
    days: IntArray, signed: IntArray, in_force: IntArray, ended: IntArray, pending: float
) -> FloatArray:
    """``(T, R)`` factor: 1 in force, ``pending`` signed but not in force, else 0."""
    t = days[:, None]
    live = t < ended[None, :]
    full = (t >= in_force[None, :]) & live
    part = (t >= signed[None, :]) & ~full & live
    out = np.multiply(part, pending)  # the two are exclusive: exactly 1, pending or 0
    out += full
    return out


def _pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
    p = cw.pacts
    phase = _phase(days, p.signed, p.in_force, p.ended, config.pending_pact_factor)
    scale = tuple(float(config.pact_scale[o]) for o in Obligation)
    strength = remembered(cw, "pact strength", scale, lambda: _strength(p.bits, config))
    live = phase.any(axis=0)  # pacts not signed yet or ended at every date add nothing
    if 2 * np.count_nonzero(live) > live.size:
        # Mostly live: a zero row changes no value, and dropping the few dead ones would
        # cost a copy of every column. (Two centuries of pacts are mostly dead.)
        phase *= strength
        return PairRows(p.i, p.j, p.record, phase)
    return PairRows(p.i[live], p.j[live], p.record[live], phase[:, live] * strength[live])


def _directions(there: FloatArray, back: FloatArray, config: ScoringConfig) -> FloatArray:
    if config.asymmetric_rule == "max":
        return np.maximum(there, back)
    if config.asymmetric_rule == "min":
        return np.minimum(there, back)
    return 0.5 * (there + back)


def _combine_directions(directed: FloatArray, config: ScoringConfig) -> FloatArray:
    return _directions(directed, np.swapaxes(directed, -1, -2), config)


def _trio_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> TrioRows:
    p = cw.pact_trios
    phase = _phase(days, p.signed, p.in_force, p.ended, config.pending_pact_factor)
    live = phase.any(axis=0)
    phase = phase[:, live]
    members = np.stack(
        [_strength(b[live], config) for b in (p.bits_a, p.bits_b, p.bits_c)]
    ).reshape(3, -1)
    if config.asymmetric_rule == "max":
        strength = members.max(axis=0, initial=0.0)
    elif config.asymmetric_rule == "min":
        strength = members.min(axis=0, initial=1.0)
    else:
        strength = members.mean(axis=0) if members.size else np.zeros(0)
    return TrioRows(p.a[live], p.b[live], p.c[live], p.record[live], phase * strength[None, :])


def _identity(x: FloatArray, config: ScoringConfig) -> FloatArray:
    return x


PACT = Signal(
    name="pact",
    summary="strongest obligation in force between two states (directed, then combined)",
    pair_rows=_pair_rows,
    combine="max",
    pair_finish=_combine_directions,
    directed=True,
    direction_finish=_directions,
    trio_rows=_trio_rows,
    trio_finish=_identity,
    kinds=("pacts",),
)
