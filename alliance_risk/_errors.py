"""Exceptions raised by alliance_risk, all rooted in :class:`AllianceRiskError`."""

from __future__ import annotations

import difflib
import numbers
import re
import reprlib
from collections.abc import Mapping, Sequence, Sized
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = [
    "AllianceRiskError",
    "InvalidParameterError",
    "InvalidWorldError",
    "MissingDataError",
    "Problem",
    "UnknownScenarioError",
    "UnknownStateError",
]


class AllianceRiskError(Exception):
    """Root of every exception that alliance_risk raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a World or a file of records.

    Attributes
    ----------
    location : str
        Where it is, as ``kind[index].field`` (``"pacts[3].ended"``).
    record : str or None
        The id (or state code) of the record concerned, when it could be read.
    message : str
        The whole sentence: the record, the field, the value, and what was expected.
    """

    location: str
    record: str | None
    message: str

    def __str__(self) -> str:
        return self.message


class InvalidWorldError(AllianceRiskError, ValueError):
    """A file or mapping of records does not make a valid World.

    Every problem found is listed, not only the first: see ``.problems``.
    """

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        n = len(problems)
        lines = [f"{source}: {n} problem{'s' if n != 1 else ''}"]
        lines.extend(f"  - {p}" for p in problems)
        super().__init__("\n".join(lines))


class UnknownScenarioError(AllianceRiskError, LookupError):
    """No built-in scenario has that name and no file exists at that path."""


class InvalidParameterError(AllianceRiskError, ValueError, TypeError):
    """A parameter of a public function has the wrong type or value."""


class MissingDataError(AllianceRiskError):
    """A required data file or value is missing."""


class UnknownStateError(InvalidParameterError, LookupError):
    """A state code passed to a function is not in the World (close matches are named)."""


# --- the sentences errors carry ---------------------------------------------------------
#
# Every model of the package (records, the World, the scoring configuration) restates
# pydantic's errors as whole sentences: ``<label>: <field>=<value> <what>``, where the
# label names the record (``Pact 'P2'``, or ``Pact 'P2' (pacts[0])`` inside a World) and
# ``what`` says what is wrong and what was expected. The parts travel in the error's
# context (``what``, ``named``), so that a model holding another one can restate its
# errors with its own label and the full path of the field.

#: Fields holding a mapping: a string after one of them in a location is a key.
_MAPPING_FIELDS = frozenset(
    {"coverage", "party_obligations", "weights", "pact_scale", "materiel_scales", "volume_scales"}
)
#: ``what`` starting with one of these reads on from ``field=value`` without a colon.
_VERBS = ("is ", "has ", "are ", "names ", "lists ", "appears ", "gives ")


class JsonNumber:
    """A number in a JSON file too large to read (``1e400``, or an integer of 5,000 digits).

    Read as this marker instead of ``inf`` or an exception, so that the field holding
    it is named in the error like any other bad value.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        if len(self.text) <= 30:
            return self.text
        digits = sum(c.isdigit() for c in self.text)
        return f"<a number of {digits} digits>"


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _big_int_text(value: int) -> str:
    digits = int((value.bit_length() - 1) * 0.30102999566398120) + 1
    return f"<an integer of about {digits} digits>"


class _Repr(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = 60
        self.maxother = 60
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = 6
        self.maxdict = 6

    def repr_float(self, x: float, level: int) -> str:
        return _number_text(x)

    def repr_int(self, x: int, level: int) -> str:
        return _big_int_text(x) if x.bit_length() > 100 else repr(x)


_REPR = _Repr()


def show(value: object) -> str:
    """Return a short, safe text for a bad value: never long, never deeply nested.

    Examples
    --------
    >>> show(11500.0), show("PRK"), show([[[[1]]]]), show(10**5000)
    ('11500', "'PRK'", '[[[[...]]]]', '<an integer of about 5000 digits>')
    """
    if isinstance(value, date):
        return value.isoformat()
    if type(value).__name__ in ("bool", "bool_"):  # numpy's booleans too
        return str(bool(value))
    if isinstance(value, float):  # numpy's float64 too
        return _number_text(float(value))
    if isinstance(value, numbers.Integral):
        return _REPR.repr_int(int(value), 0)
    try:
        return _REPR.repr(value)
    except Exception:  # a hostile __repr__, or nesting reprlib cannot bound
        return f"<a {type(value).__name__}>"


def safe_input(value: object) -> object:
    """Return ``value`` if it is a plain scalar, else its short text (for error records)."""
    if value is None or (isinstance(value, bool | str | date) and len(str(value)) <= 200):
        return value
    if isinstance(value, int) and value.bit_length() <= 100:
        return value
    if isinstance(value, float):
        return value
    return show(value)


def field_path(loc: Sequence[object]) -> str:
    """Return a location as a path: ``sides[0][1].state``, ``weights['pact']``.

    Examples
    --------
    >>> field_path(("pacts", 0, "parties", 1)), field_path(("weights", "pact"))
    ('pacts[0].parties[1]', "weights['pact']")
    """
    parts = list(loc)
    if "[key]" in parts:  # (field, key, "[key]"): the key itself is the bad value
        k = parts.index("[key]")
        del parts[k - 1 : k]
    out = ""
    prev: object = None
    for part in parts:
        if part == "[key]":
            out += " key"
        elif isinstance(part, int):
            out += f"[{part}]"
        elif prev in _MAPPING_FIELDS:
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
        prev = part
    return out


def close_matches(value: object, options: Sequence[str], n: int = 2) -> list[str]:
    """Return the options ``value`` probably meant: same letters in another case first."""
    if not isinstance(value, str):
        return []
    folded = {o.casefold(): o for o in options}
    if value.casefold() in folded:  # the same in another case: nothing else is closer
        return [folded[value.casefold()]]
    same: list[str] = []
    near = difflib.get_close_matches(value.casefold(), list(folded), n=n, cutoff=0.6)
    return list(dict.fromkeys([*same, *(folded[m] for m in near)]))[:n]


def did_you_mean(value: object, options: Sequence[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest options, or ``""``."""
    close = [c for c in close_matches(value, options) if c != value]
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


#: What is said of a string that is not a state code.
NOT_A_STATE_CODE = (
    "is not a state code; expected 2 to 6 upper-case letters or digits, starting with a "
    "letter ('PRK')"
)
#: Patterns of the package's string types, described in words.
_PATTERNS: dict[str, str] = {
    r"^[A-Z][A-Z0-9]{1,5}$": NOT_A_STATE_CODE,
    r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$": (
        "is not a record id; expected letters, digits and _ . : -, starting with a "
        "letter or digit ('P2-RUS-PRK')"
    ),
}


def _pattern_what(pattern: str, value: object) -> str:
    what = _PATTERNS.get(pattern, f"does not match the pattern {pattern}")
    if isinstance(value, str) and pattern.startswith("^[A-Z]"):
        fixed = value.strip().upper()
        if fixed != value and re.fullmatch(pattern, fixed):
            what += f"; did you mean {fixed!r}?"
    return what


def _options(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def describe(err: Mapping[str, Any], fields: Sequence[str] = ()) -> tuple[str, bool]:
    """Return ``(what, named)`` for one of pydantic's errors.

    ``what`` says what is wrong and what was expected, without the record or the field;
    ``named`` is true when it names the field and value itself (a record's own checks).
    ``fields`` are the fields of the model the error is in, for suggestions.
    """
    ctx = err.get("ctx") or {}
    if "what" in ctx and "named" in ctx:
        return str(ctx["what"]), bool(ctx["named"])
    kind = str(err["type"])
    msg = str(err["msg"])
    value = err.get("input")
    if isinstance(value, JsonNumber) and kind != "extra_forbidden":
        return (
            "is a number too large to read (it overflows a float); expected a number of "
            "ordinary size"
        ), False
    if kind == "value_error":
        return msg.removeprefix("Value error, "), False
    if kind == "assertion_error":
        return msg.removeprefix("Assertion failed, "), False
    if kind == "string_pattern_mismatch":
        return _pattern_what(str(ctx.get("pattern", "")), value), False
    if kind == "extra_forbidden":
        loc = err.get("loc") or ()
        name = loc[-1] if loc else ""
        hint = did_you_mean(name, fields)
        if not hint and fields:
            hint = f"; expected one of the fields {', '.join(fields)}"
        return f"is not a field: Extra inputs are not permitted{hint}", False
    if kind in ("enum", "literal_error"):
        return msg + did_you_mean(value, _options(str(ctx.get("expected", "")))), False
    if kind == "missing":
        return "is missing: Field required; expected a value", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{msg}; expected an integer (a whole number, not true/false)", False
    if kind in ("float_type", "float_parsing"):
        return f"{msg}; expected a number", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{msg}; expected an object (a JSON {{...}})", False
    if kind in ("tuple_type", "list_type"):
        return f"{msg}; expected a list (a JSON [...])", False
    return msg, False


def shown(err: Mapping[str, Any]) -> str:
    """Return the text of an error's bad value (kept from the innermost model)."""
    ctx = err.get("ctx") or {}
    return str(ctx["shown"]) if "shown" in ctx else show(err.get("input"))


def compose(label: str, rel: Sequence[object], value: str, what: str, named: bool) -> str:
    """Return the whole sentence: ``label: field=value what`` (``value`` as shown)."""
    path = field_path(rel)
    if named:
        body = what
    elif not path:
        body = f"{value}: {what}"
    elif what.startswith("is missing"):
        body = f"{path} {what}"
    else:
        sep = " " if what.startswith(_VERBS) else ": "
        body = f"{path}={value}{sep}{what}"
    return f"{label}: {body}" if label else body


def custom(
    kind: str,
    loc: Sequence[str | int],
    message: str,
    what: str,
    named: bool,
    value: object,
    value_shown: str | None = None,
) -> InitErrorDetails:
    """Return an error for ``ValidationError.from_exception_data`` carrying its parts."""
    ctx = {
        "message": message,
        "what": what,
        "named": "yes" if named else "",
        "shown": show(value) if value_shown is None else value_shown,
    }
    return InitErrorDetails(
        type=PydanticCustomError(kind, "{message}", ctx),
        loc=tuple(loc),
        input=safe_input(value),
    )


def named_error(message: str, kind: str = "value_error") -> PydanticCustomError:
    """Return an error to raise in a validator whose message names the field and value."""
    return PydanticCustomError(
        kind, "{message}", {"message": message, "what": message, "named": "yes"}
    )


def spurious(err: Mapping[str, Any], errors: Sequence[Mapping[str, Any]]) -> bool:
    """Whether ``err`` only repeats others: a list "too short" because an item was bad.

    pydantic counts the items that survived validation; when the list given was long
    enough, the real error is the bad item, reported on its own.
    """
    if err["type"] != "too_short":
        return False
    loc = tuple(err["loc"])
    value = err.get("input")
    want = (err.get("ctx") or {}).get("min_length")
    deeper = any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors)
    return deeper and isinstance(value, Sized) and isinstance(want, int) and len(value) >= want
