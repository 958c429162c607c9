"""Shared kernel of the ``summits`` and ``exercises`` signals: decaying, saturating events.

Each event adds ``2 ** (-age / half_life)`` to the pair (and, for events of three or
more states, to every trio) it ties, from its date on; the sum saturates:
``1 - exp(-sum / scale)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld, PairEvents, TrioEvents
from ._base import PairRows, Signal, TrioRows, decay, saturate

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["event_pair_rows", "event_signal", "event_trio_rows"]


def event_pair_rows(ev: PairEvents, days: IntArray, half_life: float) -> PairRows:
    """Rows of dated pair events at each of ``days``: ``(T, R)`` decayed weights."""
    return PairRows(ev.i, ev.j, ev.record, decay(days[:, None] - ev.day[None, :], half_life))


def event_trio_rows(ev: TrioEvents, days: IntArray, half_life: float) -> TrioRows:
    """Rows of dated trio events at each of ``days``."""
    weights: FloatArray = decay(days[:, None] - ev.day[None, :], half_life)
    return TrioRows(ev.a, ev.b, ev.c, ev.record, weights)


def event_signal(name: str, summary: str, kind: str) -> Signal:
    """Build an event signal over ``compiled.<kind>`` and ``compiled.<kind[:-1]>_trios``.

    Its half-life and scale are the configuration's ``<kind[:-1]>_half_life`` and
    ``<kind[:-1]>_scale`` (``summit_half_life``, ``exercise_scale``, ...).
    """
    one = kind[:-1]

    def pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
        return event_pair_rows(getattr(cw, kind), days, getattr(config, f"{one}_half_life"))

    def trio_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> TrioRows:
        half_life = getattr(config, f"{one}_half_life")
        return event_trio_rows(getattr(cw, f"{one}_trios"), days, half_life)

    def finish(x: FloatArray, config: ScoringConfig) -> FloatArray:
        return saturate(x, getattr(config, f"{one}_scale"))

    return Signal(
        name=name,
        summary=summary,
        pair_rows=pair_rows,
        combine="sum",
        pair_finish=finish,
        trio_rows=trio_rows,
        trio_finish=finish,
        kinds=(kind,),
    )
