"""Checks for the parameters of public functions, with one message template.

``The 'k' parameter of top_triads must be an int in the range [1, inf). Got 0 instead.``
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from ._errors import InvalidParameterError, UnknownStateError

__all__ = ["check_as_of", "check_dates", "check_int", "check_members", "check_new_name"]


def _got(value: Any) -> str:
    return f"Got {value!r} instead."


def check_as_of(value: Any, func: str, name: str = "as_of") -> date:
    """Return ``value`` as a date; accept a date or an ISO date string."""
    if isinstance(value, datetime):
        raise InvalidParameterError(
            f"The {name!r} parameter of {func} must be a date, not a datetime "
            f"(scores are daily). {_got(value)}"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidParameterError(
        f"The {name!r} parameter of {func} must be a date or an ISO date string "
        f"('YYYY-MM-DD'). {_got(value)}"
    )


def check_dates(values: Any, func: str) -> tuple[date, ...]:
    """Return a non-empty, strictly increasing tuple of dates."""
    if isinstance(values, str | date) or not isinstance(values, Sequence):
        raise InvalidParameterError(
            f"The 'dates' parameter of {func} must be a sequence of dates. {_got(values)}"
        )
    out = tuple(check_as_of(v, func, name="dates") for v in values)
    if not out:
        raise InvalidParameterError(f"The 'dates' parameter of {func} must not be empty.")
    for a, b in pairwise(out):
        if b <= a:
            raise InvalidParameterError(
                f"The 'dates' parameter of {func} must be strictly increasing; {b} follows {a}."
            )
    return out


def check_int(value: Any, name: str, func: str, low: int, high: int | None = None) -> int:
    """Return ``value`` if it is an int in ``[low, high]``."""
    bound = "inf)" if high is None else f"{high}]"
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        raise InvalidParameterError(
            f"The {name!r} parameter of {func} must be an int in the range [{low}, {bound}. "
            f"{_got(value)}"
        )
    return int(value)


def close_codes(code: str, codes: Sequence[str], n: int = 3) -> list[str]:
    """Return up to ``n`` state codes close to ``code``, best first.

    A code with the same letters in another order (a transposition: ``PKR`` for ``PRK``)
    comes first, then difflib's closest matches.

    Examples
    --------
    >>> close_codes("PKR", ["UKR", "PRK", "PAK"])
    ['PRK', 'UKR', 'PAK']
    """
    close = difflib.get_close_matches(code, list(codes), n=n, cutoff=0.5)
    same = [c for c in codes if c != code and sorted(c) == sorted(code)]
    return list(dict.fromkeys([*same, *close]))[:n]


def check_members(
    members: Any, codes: Sequence[str], func: str, sizes: tuple[int, ...]
) -> tuple[str, ...]:
    """Return ``members`` as a tuple of distinct known state codes of an allowed size."""
    if isinstance(members, str) or not isinstance(members, Sequence):
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must be a sequence of state codes. {_got(members)}"
        )
    out = tuple(members)
    if len(out) not in sizes:
        want = " or ".join(map(str, sizes))
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must name {want} states. {_got(members)}"
        )
    known = set(codes)
    for m in out:
        if not isinstance(m, str) or m not in known:
            close = close_codes(str(m), codes)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise UnknownStateError(f"{m!r} is not a state in this World{hint}")
    if len(set(out)) != len(out):
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must name distinct states. {_got(members)}"
        )
    return out


def check_new_name(name: Any, what: str) -> str:
    """Return ``name`` if it can name a new registered ``what`` (signal, aggregation)."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise InvalidParameterError(
            f"A {what}'s name must be lower-case letters, digits and '_'. Got {name!r}."
        )
    return name
