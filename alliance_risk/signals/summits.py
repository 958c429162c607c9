"""The ``summits`` signal: meetings of leaders or ministers, decaying and saturating.

With the defaults (half-life 365 days, scale 2), one summit today gives 0.39, two
give 0.63, and a summit a year old counts half.
"""

from __future__ import annotations

from .events import event_signal

__all__ = ["SUMMITS"]

SUMMITS = event_signal(
    "summits",
    "summits, each decaying with summit_half_life, saturating at summit_scale",
    "summits",
)
