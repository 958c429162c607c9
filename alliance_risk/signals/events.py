"""Shared kernel of the ``summits`` and ``exercises`` signals: decaying, saturating events.

Each event adds ``2 ** (-age / half_life)`` to the pair (and, for events of three or
more states, to every trio) it ties, from its date on, times a size factor: an event
of ``n`` states counts ``(2 / n) ** event_size_exponent`` for each of its pairs and
``(3 / n) ** event_size_exponent`` for each of its trios (a ten-member summit counts a
fifth of a bilateral one per pair, at the default exponent 1: it says less about any
two of them). A pair or trio that includes a state taking part with a token contingent
(an exercise's ``token``) counts ``token_weight`` of that. The sum saturates:
``1 - exp(-sum / scale)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld, PairEvents, TrioEvents
from ._base import PairRows, Signal, TrioRows, decay, remembered, saturate

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["event_pair_rows", "event_signal", "event_trio_rows", "event_weight"]


def event_weight(size: IntArray, token: IntArray, k: int, config: ScoringConfig) -> FloatArray:
    """Per row, ``(k / size) ** event_size_exponent``, times ``token_weight`` for a token.

    ``k`` is 2 for pair rows, 3 for trio rows.
    """
    # One power per possible size, then a lookup per row: sizes are few, rows many.
    sizes = np.arange(int(size.max(initial=0)) + 1)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        per_size = np.power(k / np.maximum(sizes, k), config.event_size_exponent)
    out = np.asarray(per_size, dtype=np.float64).take(size)
    np.multiply(out, config.token_weight, out=out, where=token > 0)  # no branch per row
    return out


def event_pair_rows(
    ev: PairEvents,
    days: IntArray,
    half_life: float,
    config: ScoringConfig,
    weight: FloatArray | None = None,
) -> PairRows:
    """Rows of dated pair events at each of ``days``: ``(T, R)`` decayed, sized weights.

    ``weight``: each event's :func:`event_weight` for pairs, if already known.
    """
    if weight is None:
        weight = event_weight(ev.size, ev.token, 2, config)
    weights = decay(days[:, None] - ev.day[None, :], half_life)
    weights *= weight
    return PairRows(ev.i, ev.j, ev.record, weights)


def event_trio_rows(
    ev: TrioEvents,
    days: IntArray,
    half_life: float,
    config: ScoringConfig,
    weight: FloatArray | None = None,
) -> TrioRows:
    """Rows of dated trio events at each of ``days``; ``weight`` as for pairs (``k=3``)."""
    if weight is None:
        weight = event_weight(ev.size, ev.token, 3, config)
    weights: FloatArray = decay(days[:, None] - ev.day[None, :], half_life)
    weights *= weight
    return TrioRows(ev.a, ev.b, ev.c, ev.record, weights)


def event_signal(name: str, summary: str, kind: str) -> Signal:
    """Build an event signal over ``compiled.<kind>`` and ``compiled.<kind[:-1]>_trios``.

    Its half-life and scale are the configuration's ``<kind[:-1]>_half_life`` and
    ``<kind[:-1]>_scale`` (``summit_half_life``, ``exercise_scale``, ...).
    """
    one = kind[:-1]

    def sized(
        cw: CompiledWorld, ev: PairEvents | TrioEvents, k: int, config: ScoringConfig
    ) -> FloatArray:
        # the same at every date: kept on the compiled World for the next score
        key = (config.event_size_exponent, config.token_weight)
        return remembered(
            cw, f"{one} weight {k}", key, lambda: event_weight(ev.size, ev.token, k, config)
        )

    def pair_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> PairRows:
        ev = getattr(cw, kind)
        half_life = getattr(config, f"{one}_half_life")
        return event_pair_rows(ev, days, half_life, config, sized(cw, ev, 2, config))

    def trio_rows(cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> TrioRows:
        ev = getattr(cw, f"{one}_trios")
        half_life = getattr(config, f"{one}_half_life")
        return event_trio_rows(ev, days, half_life, config, sized(cw, ev, 3, config))

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
