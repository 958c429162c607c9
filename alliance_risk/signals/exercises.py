"""The ``exercises`` signal: joint exercises and patrols, decaying and saturating.

An exercise counts from its first day; the defaults match summits (half-life 365
days, scale 2).
"""

from __future__ import annotations

from .events import event_signal

__all__ = ["EXERCISES"]

EXERCISES = event_signal(
    "exercises",
    "joint exercises, each decaying with exercise_half_life, saturating",
    "exercises",
)
