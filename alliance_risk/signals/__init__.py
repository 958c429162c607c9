"""Named signals: pure, vectorised functions of the compiled arrays and dates.

The fourth stage of the data flow. Each built-in signal is one module; the registry
maps a name to its :class:`Signal`. Signals read the compiled arrays and check
nothing: everything was checked when the World was built and compiled.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import numpy.typing as npt

from .._errors import InvalidParameterError
from .._validation import check_new_name
from ..compile import CompiledWorld
from ._base import (
    PairRows,
    RowDraws,
    Signal,
    TrioRows,
    aggregate_pairs,
    aggregate_trios,
    combine_cells,
    covered_days,
    finish_cells,
    finish_rows,
    finished_pairs,
    record_factor,
    remembered,
    row_credit,
    weigh_rows,
    weighted_rows,
    weighted_trio_rows,
)
from .conflict import ANTAGONISM, COBELLIGERENCE, RIVALRY
from .exercises import EXERCISES
from .igos import JOINT_IGOS
from .lifelines import LIFELINES
from .materiel import MATERIEL
from .pact import PACT
from .structure import ALLIES_IN_COMMON, ALLY_OF_ENEMY, ENEMIES_IN_COMMON, DerivedSignal
from .summits import SUMMITS
from .troops import TROOPS

__all__ = [
    "SIGNALS",
    "CustomSignal",
    "DerivedSignal",
    "PairRows",
    "RowDraws",
    "Signal",
    "TrioRows",
    "aggregate_pairs",
    "aggregate_trios",
    "combine_cells",
    "covered_days",
    "finish_cells",
    "finish_rows",
    "finished_pairs",
    "get_signal",
    "record_factor",
    "register_signal",
    "registered_signals",
    "remembered",
    "row_credit",
    "unregister_signal",
    "weigh_rows",
    "weighted_rows",
    "weighted_trio_rows",
]

#: Built-in signals by name, in the order results list them: direct ties, the history
#: of conflict, then second-order structure.
SIGNALS: MappingProxyType[str, Signal | DerivedSignal] = MappingProxyType(
    {
        s.name: s
        for s in (
            PACT,
            TROOPS,
            MATERIEL,
            SUMMITS,
            EXERCISES,
            LIFELINES,
            ANTAGONISM,
            RIVALRY,
            COBELLIGERENCE,
            JOINT_IGOS,
            ALLIES_IN_COMMON,
            ENEMIES_IN_COMMON,
            ALLY_OF_ENEMY,
        )
    }
)

#: ``func(compiled, as_of) -> (N, N)`` array in [0, 1].
SignalFunction = Callable[[CompiledWorld, date], npt.ArrayLike]


@dataclass(frozen=True, slots=True)
class CustomSignal:
    """A signal registered by a user: a function of the compiled World and a date.

    Attributes
    ----------
    name : str
        The name weights use.
    func : callable
        ``func(compiled, as_of) -> (N, N)`` array in [0, 1]. It must compute from the
        compiled World it is given (a sub-World of the members when a pair or trio is
        scored: use ``compiled.codes`` to look states up) and see nothing dated after
        ``as_of``.
    symmetric : bool
        Whether the function promises a symmetric matrix (checked). If not, the two
        directions are averaged.
    summary : str
        One line for docs.
    sign : {1, -1}
        +1 if the signal draws states together, -1 if it is enmity.
    kinds : tuple of str
        Record kinds it reads; empty means it is used at every date.
    """

    name: str
    func: SignalFunction
    symmetric: bool = True
    summary: str = ""
    sign: int = 1
    kinds: tuple[str, ...] = ()


_CUSTOM: dict[str, CustomSignal] = {}


def register_signal(
    name: str,
    func: SignalFunction,
    *,
    symmetric: bool = True,
    summary: str = "",
    sign: int = 1,
    kinds: tuple[str, ...] = (),
) -> CustomSignal:
    """Register a custom signal so that weights may name it and every score uses it.

    Parameters
    ----------
    name : str
        Lower-case letters, digits and ``_``; not a built-in signal's name.
    func : callable
        ``func(compiled, as_of) -> (N, N)`` array in [0, 1] (see :class:`CustomSignal`).
        Its output is checked each time: shape, NaN, range and, if ``symmetric``,
        symmetry, with errors naming the signal, the states and the date.
    symmetric : bool
        Whether ``func`` promises a symmetric matrix.
    summary : str
        One line describing it.
    sign : {1, -1}
        +1 (default) for a tie that draws states together; -1 for enmity, whose value
        enters scores with a minus sign.
    kinds : tuple of str
        Record kinds it reads (``"pacts"``, ...): it is left out at dates none of them
        covers. Empty (default): used at every date.

    Returns
    -------
    CustomSignal

    Raises
    ------
    InvalidParameterError
        For a bad or taken name, or a function that does not take two arguments.

    Examples
    --------
    >>> import numpy as np
    >>> sig = register_signal("same_letter", lambda cw, as_of: np.zeros((cw.n_states,) * 2))
    >>> "same_letter" in registered_signals()
    True
    >>> unregister_signal("same_letter")
    """
    check_new_name(name, "custom signal")
    if name in SIGNALS or name in _CUSTOM:
        raise InvalidParameterError(
            f"A signal named {name!r} is already registered; unregister_signal({name!r}) first"
            if name in _CUSTOM
            else f"{name!r} is a built-in signal; choose another name"
        )
    if not callable(func):
        raise InvalidParameterError(f"register_signal({name!r}, func): func is not callable")
    try:
        inspect.signature(func).bind(object(), object())
    except TypeError:
        raise InvalidParameterError(
            f"register_signal({name!r}, func): func must take (compiled, as_of)"
        ) from None
    except ValueError:  # builtins without a signature: trust them
        pass
    if sign not in (1, -1) or isinstance(sign, bool):
        raise InvalidParameterError(f"register_signal({name!r}): sign={sign!r}; expected 1 or -1")
    from ..world import RECORD_KINDS

    bad = [k for k in kinds if k not in RECORD_KINDS]
    if isinstance(kinds, str) or bad:
        raise InvalidParameterError(
            f"register_signal({name!r}): kinds={kinds!r}; expected a tuple of record kinds "
            f"from {list(RECORD_KINDS)}"
        )
    sig = CustomSignal(
        name=name, func=func, symmetric=symmetric, summary=summary, sign=sign, kinds=tuple(kinds)
    )
    _CUSTOM[name] = sig
    return sig


def unregister_signal(name: str) -> None:
    """Remove a custom signal registered with :func:`register_signal`.

    Examples
    --------
    >>> unregister_signal("pact")
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: 'pact' is not a custom signal
    """
    if name not in _CUSTOM:
        raise InvalidParameterError(f"{name!r} is not a custom signal")
    del _CUSTOM[name]


def get_signal(name: str) -> Signal | DerivedSignal | CustomSignal:
    """Return the built-in or custom signal of that name.

    Examples
    --------
    >>> get_signal("pact").combine
    'max'
    """
    if name in SIGNALS:
        return SIGNALS[name]
    if name in _CUSTOM:
        return _CUSTOM[name]
    close = difflib.get_close_matches(str(name), registered_signals(), n=2)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    raise InvalidParameterError(
        f"{name!r} is not a signal{hint} (signals: {', '.join(registered_signals())})"
    )


def registered_signals() -> tuple[str, ...]:
    """Return the names of the signals weights may name: built-ins, then custom ones.

    Examples
    --------
    >>> registered_signals()[:6]
    ('pact', 'troops', 'materiel', 'summits', 'exercises', 'lifelines')
    """
    return (*SIGNALS, *_CUSTOM)
