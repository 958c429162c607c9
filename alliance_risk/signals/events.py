"""Shared kernel of the ``summits`` and ``exercises`` signals: decaying, saturating events.

Each event adds ``2 ** (-age / half_life)`` to the pair (and, for events of three or
more states, to every trio) it ties, from its date on; the sum saturates:
``1 - exp(-sum / scale)``.
"""

from __future__ import annotations

from .._types import FloatArray, IntArray
from ..compile import PairEvents, TrioEvents
from ._base import PairRows, TrioRows, decay

__all__ = ["event_pair_rows", "event_trio_rows"]


def event_pair_rows(ev: PairEvents, days: IntArray, half_life: float) -> PairRows:
    """Rows of dated pair events at each of ``days``: ``(T, R)`` decayed weights."""
    return PairRows(ev.i, ev.j, ev.record, decay(days[:, None] - ev.day[None, :], half_life))


def event_trio_rows(ev: TrioEvents, days: IntArray, half_life: float) -> TrioRows:
    """Rows of dated trio events at each of ``days``."""
    weights: FloatArray = decay(days[:, None] - ev.day[None, :], half_life)
    return TrioRows(ev.a, ev.b, ev.c, ev.record, weights)
