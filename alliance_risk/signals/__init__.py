"""Named signals: pure, vectorised functions of the compiled arrays and dates.

The fourth stage of the data flow. Each built-in signal is one module; the registry
maps a name to its :class:`Signal`. Signals read the compiled arrays and check
nothing: everything was checked when the World was built and compiled.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import PairRows, Signal, TrioRows, aggregate_pairs, aggregate_trios
from .exercises import EXERCISES
from .lifelines import LIFELINES
from .materiel import MATERIEL
from .pact import PACT
from .summits import SUMMITS
from .troops import TROOPS

__all__ = [
    "SIGNALS",
    "PairRows",
    "Signal",
    "TrioRows",
    "aggregate_pairs",
    "aggregate_trios",
    "registered_signals",
]

#: Built-in signals by name, in the order results list them.
SIGNALS = MappingProxyType(
    {s.name: s for s in (PACT, TROOPS, MATERIEL, SUMMITS, EXERCISES, LIFELINES)}
)


def registered_signals() -> tuple[str, ...]:
    """Return the names of the signals weights may name.

    Examples
    --------
    >>> registered_signals()
    ('pact', 'troops', 'materiel', 'summits', 'exercises', 'lifelines')
    """
    return tuple(SIGNALS)
