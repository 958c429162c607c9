"""Checks for the parameters of public functions, with one message template.

``The 'k' parameter of top_triads must be an int in the range [1, inf). Got 0 instead.``
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any

import numpy as np

from ._errors import InvalidParameterError

__all__ = [
    "check_as_of",
    "check_bool",
    "check_dates",
    "check_float",
    "check_int",
    "check_new_name",
    "check_seed",
    "parse_date",
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")


def _got(value: Any) -> str:
    return f"Got {value!r} instead."


def parse_date(text: str) -> date:
    """Return the date written ``YYYY-MM-DD``, or raise ``ValueError`` saying why not.

    Only that form is a date here: ``date.fromisoformat`` also reads ISO week dates
    (``2025-W01-1``) and the basic form (``20250101``), which the help never promises.

    Examples
    --------
    >>> parse_date("2025-01-31")
    datetime.date(2025, 1, 31)
    >>> parse_date("2025-W01-1")
    Traceback (most recent call last):
    ...
    ValueError: expected a date written YYYY-MM-DD; got '2025-W01-1'
    >>> parse_date("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a day of the calendar (day is out of range for month)
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date written YYYY-MM-DD; got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:  # month 13, 30 February, year 0
        raise ValueError(f"{text!r} is not a day of the calendar ({exc})") from None


def check_as_of(value: Any, func: str, name: str = "as_of") -> date:
    """Return ``value`` as a date, from any of the ways users hold a day.

    Accepted: a ``date``; a string written ``YYYY-MM-DD``; a year (an int, or four
    digits as a string), read as 31 December of that year, the state of things at its
    end, as the yearly panels read it; a ``datetime``, ``pandas.Timestamp`` or
    ``numpy.datetime64`` at midnight without a time zone (scores are daily: another
    time of day is refused, not rounded).

    Examples
    --------
    >>> check_as_of("2025-06-01", "score_dyads")
    datetime.date(2025, 6, 1)
    >>> check_as_of(2024, "score_dyads"), check_as_of(np.datetime64("2025-06-01"), "f")
    (datetime.date(2024, 12, 31), datetime.date(2025, 6, 1))
    >>> check_as_of("20250601", "score_dyads")
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: The 'as_of' parameter of score_dyads must be \
a date, an ISO date string ('YYYY-MM-DD') or a year. Got '20250601' instead.
    """
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime too
        if value.tzinfo is not None or value.time() != time(0):
            raise InvalidParameterError(
                f"The {name!r} parameter of {func} must be a date, not a datetime with a time "
                f"of day or a time zone (scores are daily; pass its date). {_got(value)}"
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        day = None if np.isnat(value) else value.astype("datetime64[D]")
        first, last = np.datetime64("0001-01-01"), np.datetime64("9999-12-31")
        if day is None or day != value or not first <= day <= last:
            raise InvalidParameterError(
                f"The {name!r} parameter of {func} must be a day: a datetime64 at midnight "
                f"between years 1 and 9999. {_got(value)}"
            )
        return date.fromisoformat(str(day))
    if _is_int(value) or (isinstance(value, str) and _YEAR.fullmatch(value)):
        year = int(value)
        if 1 <= year <= 9999:
            return date(year, 12, 31)
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as exc:
            if _ISO_DATE.fullmatch(value):  # the form is right, the day does not exist
                raise InvalidParameterError(
                    f"The {name!r} parameter of {func} must be a date or an ISO date string "
                    f"('YYYY-MM-DD'); {exc}."
                ) from None
    raise InvalidParameterError(
        f"The {name!r} parameter of {func} must be a date, an ISO date string "
        f"('YYYY-MM-DD') or a year. {_got(value)}"
    )


def check_dates(values: Any, func: str) -> tuple[date, ...]:
    """Return a non-empty, strictly increasing tuple of dates.

    Any sequence of what :func:`check_as_of` takes: a list, a numpy array of
    datetime64, a ``pandas.DatetimeIndex`` (``pd.date_range(...)``).

    Examples
    --------
    >>> check_dates(np.array(["2024-01-01", "2025-01-01"], dtype="datetime64[D]"), "timeline")
    (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))
    """
    iterable = isinstance(values, Sequence | np.ndarray) or (
        hasattr(values, "__iter__") and hasattr(values, "__len__") and hasattr(values, "dtype")
    )  # a numpy array or a pandas Index/Series of dates
    if isinstance(values, str | date | np.datetime64) or not iterable:
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


def _is_int(value: Any) -> bool:
    """Say whether ``value`` is an int or a numpy integer; never a bool (not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def check_int(
    value: Any, name: str, func: str, low: int, high: int | None = None, why: str = ""
) -> int:
    """Return ``value`` as an int if it is an int (or numpy integer) in ``[low, high]``.

    ``why`` is added to the message (the reason for the bounds).

    Examples
    --------
    >>> check_int(np.int64(3), "k", "top_triads", 1)
    3
    >>> check_int(True, "k", "top_triads", 1)
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: The 'k' parameter of top_triads must be an \
int in the range [1, inf). Got True instead.
    """
    bound = "inf)" if high is None else f"{high}]"
    if not _is_int(value) or value < low or (high is not None and value > high):
        reason = f" ({why})" if why else ""
        raise InvalidParameterError(
            f"The {name!r} parameter of {func} must be an int in the range [{low}, {bound}"
            f"{reason}. {_got(value)}"
        )
    return int(value)


def check_float(
    value: Any,
    name: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float if it is a finite real number within the bounds.

    NaN and infinities are refused everywhere: they would turn every score they touch
    into NaN. ``low_open``/``high_open`` exclude the bound itself.

    Examples
    --------
    >>> check_float(np.float32(0.5), "spread", "weight_sensitivity", low=0, high=1)
    0.5
    >>> check_float(float("nan"), "threshold", "momentum", low=0)
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: The 'threshold' parameter of momentum must \
be a finite number in the range [0, inf). Got nan instead.
    """
    lo = "(-inf" if low is None else f"{'(' if low_open else '['}{low:g}"
    hi = "inf)" if high is None else f"{high:g}{')' if high_open else ']'}"
    real = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    x = float(value) if real else math.nan
    ok = (
        real
        and math.isfinite(x)
        and (low is None or (x > low if low_open else x >= low))
        and (high is None or (x < high if high_open else x <= high))
    )
    if not ok:
        raise InvalidParameterError(
            f"The {name!r} parameter of {func} must be a finite number in the range "
            f"{lo}, {hi}. {_got(value)}"
        )
    return x


def check_bool(value: Any, name: str, func: str) -> bool:
    """Return ``value`` if it is a bool (or a numpy bool): ``"no"`` is not False.

    Examples
    --------
    >>> check_bool(np.bool_(False), "ranges", "simulate")
    False
    """
    if not isinstance(value, bool | np.bool_):
        raise InvalidParameterError(
            f"The {name!r} parameter of {func} must be True or False. {_got(value)}"
        )
    return bool(value)


def check_seed(value: Any, func: str, name: str = "rng") -> np.random.Generator:
    """Return a Generator: ``value`` itself, or one seeded with an int (or numpy int) >= 0.

    Examples
    --------
    >>> check_seed(np.int64(1), "simulate").random() == np.random.default_rng(1).random()
    True
    """
    if isinstance(value, np.random.Generator):
        return value
    if _is_int(value) and value >= 0:
        return np.random.default_rng(int(value))
    raise InvalidParameterError(
        f"The {name!r} parameter of {func} must be a numpy.random.Generator or an int seed "
        f">= 0. {_got(value)}"
    )


def close_codes(code: str, codes: Sequence[str], n: int = 3) -> list[str]:
    """Return up to ``n`` state codes close to ``code``, best first.

    A code with the same letters in another order (a transposition: ``PKR`` for ``PRK``)
    comes first, then difflib's closest matches.

    Examples
    --------
    >>> close_codes("PKR", ["UKR", "PRK", "PAK"])
    ['PRK', 'UKR', 'PAK']
    >>> close_codes("chn", ["CHN", "RUS"])
    ['CHN']
    """
    close = difflib.get_close_matches(code, list(codes), n=n, cutoff=0.5)
    upper = code.upper()
    same = [c for c in codes if c == upper and c != code]  # 'chn' for 'CHN'
    same += [c for c in codes if c != code and sorted(c) == sorted(upper)]
    return list(dict.fromkeys([*same, *close]))[:n]


def check_new_name(name: Any, what: str) -> str:
    """Return ``name`` if it can name a new registered ``what`` (signal, aggregation)."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise InvalidParameterError(
            f"A {what}'s name must be lower-case letters, digits and '_'. Got {name!r}."
        )
    return name
