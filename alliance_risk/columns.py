"""Compile columns of records straight into the arrays that signals read.

The record path (:class:`~alliance_risk.world.World`, then
:func:`~alliance_risk.compile.compile_world`) builds one validated object per record:
about 2 KB each, and most of the time of a million-record World. This module takes the
same records as columns (numpy arrays, a pandas ``DataFrame``, a pyarrow ``Table`` or a
Parquet file per record kind) and builds the same :class:`~alliance_risk.compile.CompiledWorld`
without a Python object per row.

Validation is vectorised and gives the errors of the record path: every check of the
record path is made on whole columns; the rows that fail (and only those) are then read
as records by the World itself, which words the errors, so that a column and a file
holding the same bad value give the same sentence, located at the row of the table.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, combinations, permutations, repeat
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from ._errors import InvalidParameterError, InvalidWorldError, Problem, did_you_mean
from ._types import IntArray
from .compile import (
    NEVER,
    CompiledWorld,
    IgoRows,
    LifelineRows,
    MilestoneRows,
    PactRows,
    PactTrios,
    PairEvents,
    SpellRows,
    SupplyRows,
    TrioEvents,
    conflict_rows,
    day_number,
    igo_table,
    milestone_parts,
    milestones_from_keys,
    pact_rows,
)
from .models import (
    MAX_FIGURE,
    Confidence,
    DeploymentKind,
    IgoCount,
    Obligation,
    Record,
    field_adapter,
    iso_date,
)
from .world import RECORD_KINDS, World, world_problems

__all__ = ["COLUMNS", "compile_columns"]

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

#: The columns each record kind is read from, as the record's own fields. A list column
#: (``parties``) holds a sequence per row (a Python list, a pyarrow list, or one row of
#: a 2-D array); ``source`` may be one citation per row. A joint IGO record is one row
#: per spell (``start``, ``end``, ``count``), its rows sharing its ``id``. Pacts whose
#: obligations differ by party (``party_obligations``, ``pledges``) and conflicts (with
#: their sides) are read as records: pass them in ``records``.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "pacts": ("id", "name", "parties", "signed", "in_force", "ended", "obligations"),
    "deployments": (
        *("id", "supplier", "recipient", "kind", "amount", "unit", "low", "high"),
        *("start", "end"),
    ),
    "summits": ("id", "participants", "date", "name", "level", "location"),
    "exercises": ("id", "participants", "start", "end", "domain", "name", "token"),
    "lifelines": (
        *("id", "supplier", "buyer", "commodity", "volume", "unit", "share"),
        *("start", "end"),
    ),
    "rivalries": ("id", "rivals", "start", "end", "types", "name"),
    "contiguities": ("id", "neighbours", "level", "start", "end"),
    "joint_igos": ("id", "members", "start", "end", "count"),
}
_COMMON = ("source", "confidence", "note")
_CODE_LISTS = frozenset({"parties", "participants", "token", "rivals", "neighbours", "members"})
_TEXT_LISTS = frozenset({"obligations", "types", "source"})
_NUMBERS: Mapping[str, tuple[float, float, bool]] = {  # (low, high, integer), by field
    "amount": (0.0, MAX_FIGURE, False),
    "low": (0.0, MAX_FIGURE, False),
    "high": (0.0, MAX_FIGURE, False),
    "volume": (0.0, MAX_FIGURE, False),
    "share": (0.0, 1.0, False),
    "level": (1, 5, True),
    "count": (0, MAX_FIGURE, True),
}
_DATES = frozenset({"signed", "in_force", "ended", "date", "start", "end"})
_CODES = frozenset({"supplier", "recipient", "buyer"})
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
_NAT = np.iinfo(np.int64).min
_OBLIGATIONS = tuple(Obligation)
_KIND_INDEX = {k: i for i, k in enumerate(DeploymentKind)}


def _day(d: date | None) -> int:
    return int(NEVER) if d is None else day_number(d)


def _model_of(kind: str, field: str) -> type[Record] | type[IgoCount]:
    if kind == "joint_igos" and field in ("start", "end", "count"):
        return IgoCount
    return RECORD_KINDS[kind]


def _required(kind: str, field: str) -> bool:
    if kind == "joint_igos" and field == "members":
        return True
    return bool(_model_of(kind, field).model_fields[field].is_required())


# --- columns as given -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lists:
    """A list column: row ``r`` holds ``flat[offsets[r]:offsets[r + 1]]``."""

    flat: np.ndarray[Any, Any]
    offsets: IntArray
    bad: BoolArray  # rows that hold something else than a list
    missing: BoolArray  # rows that hold nothing (None, a null list)
    given: np.ndarray[Any, Any] | None  # the rows as given, where they are not lists

    def row(self, r: int) -> Any:
        if self.missing[r]:
            return None
        if self.given is not None and self.bad[r]:
            return self.given[r]
        return list(self.flat[self.offsets[r] : self.offsets[r + 1]].tolist())

    @property
    def rows(self) -> IntArray:
        """The row of each element of ``flat``."""
        return np.repeat(np.arange(self.offsets.size - 1), np.diff(self.offsets))


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _table(kind: str, table: Any) -> dict[str, Any]:
    """Return the columns of a table as numpy arrays (or pyarrow arrays for list columns)."""
    if isinstance(table, str | Path):
        try:
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                f"reading {kind} from {str(table)!r} needs pyarrow: pip install "
                "'alliance_risk[parquet]'"
            ) from None
        table = pq.read_table(table)
    mod = type(table).__module__
    if mod.startswith("pyarrow"):
        return {name: table.column(name) for name in table.column_names}
    if mod.startswith("pandas"):
        return {str(name): table[name].to_numpy() for name in table.columns}
    if isinstance(table, Mapping):
        return {str(k): v for k, v in table.items()}
    raise InvalidParameterError(
        f"The {kind!r} parameter of compile_columns must be a mapping of column names to "
        f"arrays, a pandas DataFrame, a pyarrow Table or the path of a Parquet file. Got "
        f"{type(table).__name__} instead."
    )


def _arrow_numpy(arr: Any) -> np.ndarray[Any, Any]:
    """Return a pyarrow array as numpy; text as objects sharing one str per distinct value.

    A Parquet column of a million state codes holds two hundred strings then, not a
    million (about 60 bytes each); missing values are ``None`` either way.
    """
    import pyarrow as pa

    if pa.types.is_integer(arr.type) and arr.null_count:
        # numpy would make floats (and NaN) of them, and floats are not integers
        out = np.asarray(arr.fill_null(0).to_numpy()).astype(object)
        out[np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)] = None
        return out
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return np.asarray(arr.to_numpy(zero_copy_only=False))
    coded = arr.dictionary_encode()
    k = len(coded.dictionary)
    table = np.empty(k + 1, dtype=object)
    table[:k] = coded.dictionary.to_numpy(zero_copy_only=False)
    table[k] = None  # for the missing values
    return table[np.asarray(coded.indices.fill_null(k).to_numpy(), dtype=np.intp)]


def _scalars(col: Any) -> np.ndarray[Any, Any]:
    if type(col).__module__.startswith("pyarrow"):
        if hasattr(col, "combine_chunks"):
            col = col.combine_chunks()
        return _arrow_numpy(col)
    if isinstance(col, np.ndarray) and col.ndim == 1:
        return col
    # A Python sequence: as objects, so that numpy never turns [nan, "D1"] into strings
    out = np.empty(len(col), dtype=object)
    for r, v in enumerate(col):  # element-wise: a row may itself be a list
        out[r] = v
    return out


def _lists(col: Any, *, one_is_list: bool) -> _Lists:
    """Read a list column; ``one_is_list``: a plain string is a list of one (citations)."""
    if type(col).__module__.startswith("pyarrow"):
        import pyarrow as pa

        if hasattr(col, "combine_chunks"):
            col = col.combine_chunks()
        if pa.types.is_list(col.type) or pa.types.is_large_list(col.type):
            null = np.asarray(col.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            offsets = np.asarray(col.offsets.to_numpy(), dtype=np.int64)
            offsets = offsets - offsets[0]
            flat = _arrow_numpy(col.flatten())
            return _Lists(flat, offsets, np.zeros(null.size, dtype=bool), null, None)
        col = _arrow_numpy(col)
    arr = np.asarray(col) if not isinstance(col, list | tuple) else None
    if arr is not None and arr.ndim == 2:  # fixed-length lists: one row of a 2-D array
        n, k = arr.shape
        offsets = np.arange(0, n * k + 1, k, dtype=np.int64) if k else np.zeros(n + 1, np.int64)
        return _Lists(arr.reshape(-1), offsets, np.zeros(n, bool), np.zeros(n, bool), None)
    n = len(col)
    none = np.zeros(n, dtype=bool)
    if arr is not None and arr.dtype.kind == "U" and one_is_list:  # one citation per row
        return _Lists(arr, np.arange(n + 1, dtype=np.int64), none, none, None)
    rows = list(col)
    types = set(map(type, rows))
    if one_is_list and types == {str}:
        flat = np.fromiter(rows, dtype=object, count=n)
        return _Lists(flat, np.arange(n + 1, dtype=np.int64), none, none, None)
    if types <= {list, tuple}:  # the usual case, without a Python step per row
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=n)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        flat = np.fromiter(chain.from_iterable(rows), dtype=object, count=int(offsets[-1]))
        return _Lists(flat, offsets, none, none.copy(), None)
    bad = np.zeros(len(rows), dtype=bool)
    missing = np.zeros(len(rows), dtype=bool)
    items: list[Sequence[Any]] = []
    for r, v in enumerate(rows):  # one pass over rows: lists have no vectorised form here
        if _missing(v):
            missing[r] = True
            items.append(())
        elif isinstance(v, str) and one_is_list:
            items.append((v,))
        elif isinstance(v, list | tuple | np.ndarray) and not isinstance(v, str):
            items.append(v.tolist() if isinstance(v, np.ndarray) else v)
        else:
            bad[r] = True
            items.append(())
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    flat = np.fromiter(chain.from_iterable(items), dtype=object, count=int(offsets[-1]))
    given = np.empty(len(rows), dtype=object)
    given[:] = rows if bad.any() else [None] * len(rows)
    return _Lists(flat, offsets, bad, missing, given if bad.any() else None)


def _factorize(values: np.ndarray[Any, Any]) -> tuple[IntArray, list[Any]]:
    """Return (index of each value's unique, the uniques), exactly: ``1`` is not ``True``."""
    if values.dtype.kind in "US":
        uniques, inverse = np.unique(values, return_inverse=True)
        return inverse.astype(np.int64).reshape(-1), uniques.tolist()
    items = values.tolist()
    if set(map(type, items)) <= {str, type(None)}:  # no two distinct values are equal
        index: dict[str, int] = {}
        codes = np.fromiter(
            (index.setdefault(v, len(index)) for v in items), dtype=np.int64, count=len(items)
        )
        return codes, list(index)
    seen: dict[tuple[type, Any], int] = {}
    keys: list[Any] = []
    out = np.empty(values.size, dtype=np.int64)
    for r, v in enumerate(items):
        try:
            key = (type(v), v)
            k = seen.get(key)
        except TypeError:  # unhashable: a value of its own
            k, key = None, None
        if k is None:
            k = len(keys)
            keys.append(v)
            if key is not None:
                seen[key] = k
        out[r] = k
    return out, keys


# --- vectorised checks -----------------------------------------------------------------


@dataclass(slots=True)
class _Read:
    """One kind's columns read and checked: parsed values and the rows that failed."""

    n: int
    bad: BoolArray
    cols: dict[str, Any]  # as given, to read a failed row back as a record
    values: dict[str, Any]  # parsed: int64 codes/days, float64 figures, python values
    lists: dict[str, _Lists]


def _check_texts(kind: str, field: str, values: np.ndarray[Any, Any], bad: BoolArray) -> Any:
    """Validate each distinct value once with the field's own type; return them parsed."""
    inverse, uniques = _factorize(values)
    adapter = field_adapter(_model_of(kind, field), field)
    required = _required(kind, field)
    parsed: list[Any] = []
    ok = np.ones(len(uniques), dtype=bool)
    for k, v in enumerate(uniques):
        if _missing(v):
            parsed.append(None)
            ok[k] = not required
            continue
        try:
            parsed.append(adapter.validate_python(v))
        except ValidationError:
            parsed.append(None)
            ok[k] = False
    bad |= ~ok[inverse]
    out = np.empty(len(uniques), dtype=object)
    out[:] = parsed
    return out[inverse]


def _check_numbers(kind: str, field: str, values: np.ndarray[Any, Any], bad: BoolArray) -> Any:
    lo, hi, integer = _NUMBERS[field]
    required = _required(kind, field)
    kind_ = values.dtype.kind
    if kind_ in "iu":
        out = values.astype(np.int64 if integer else np.float64)
        missing = np.zeros(values.size, dtype=bool)
    elif kind_ == "f" and integer:  # floats are not integers, as in records
        missing = np.isnan(values.astype(np.float64))
        bad |= ~missing
        out = np.zeros(values.size, dtype=np.int64)
    elif kind_ == "f":
        out = values.astype(np.float64)
        missing = np.isnan(out)
        with np.errstate(invalid="ignore"):
            bad |= np.isinf(out)
    else:  # objects (mixed, or missing values in an integer column), text, booleans
        items = values.tolist() if kind_ == "O" else [values[r] for r in range(values.size)]
        missing = np.fromiter(map(_missing, items), dtype=bool, count=len(items))
        ok_type = np.fromiter(
            (
                isinstance(
                    v, (int, np.integer) if integer else (int, np.integer, float, np.floating)
                )
                and type(v).__name__ not in ("bool", "bool_")
                for v in items
            ),
            dtype=bool,
            count=len(items),
        )
        bad |= ~ok_type & ~missing
        good = [v if ok else 0 for v, ok in zip(items, ok_type, strict=True)]
        try:
            out = np.asarray(good, dtype=np.int64 if integer else np.float64).reshape(-1)
        except OverflowError:  # an integer beyond int64: out of range whatever it is
            big = np.fromiter((abs(int(v)) > 2**62 for v in good), dtype=bool, count=len(good))
            bad |= big
            good = [0 if b else v for v, b in zip(good, big, strict=True)]
            out = np.asarray(good, dtype=np.int64 if integer else np.float64).reshape(-1)
        if not integer:
            with np.errstate(invalid="ignore"):
                bad |= ~np.isfinite(out) & ~missing
    with np.errstate(invalid="ignore"):
        bad |= ~missing & ((out < lo) | (out > hi))
    if required:
        bad |= missing
    if not integer:
        out = np.where(missing, np.nan, out)
    return out, missing


def _check_dates(kind: str, field: str, values: np.ndarray[Any, Any], bad: BoolArray) -> IntArray:
    """Return day numbers (``_NAT`` where missing); failed values mark their rows bad."""
    required = _required(kind, field)
    if values.dtype.kind == "M":
        days = values.astype("datetime64[D]")
        missing = np.isnat(days)
        bad |= ~missing & (days != values)  # a time of day, as records refuse
        out = days.astype(np.int64)
        # beyond years 1-9999 no date holds it: a record cannot say it either
        bad |= ~missing & ((out < day_number(date.min)) | (out > day_number(date.max)))
    else:
        inverse, uniques = _factorize(values)
        parsed = np.empty(len(uniques), dtype=np.int64)
        ok = np.ones(len(uniques), dtype=bool)
        missing_u = np.zeros(len(uniques), dtype=bool)
        for k, v in enumerate(uniques):
            if _missing(v):
                missing_u[k] = True
                parsed[k] = _NAT
                continue
            try:
                d = iso_date(v)
                assert isinstance(d, date)
                parsed[k] = day_number(d)
            except (ValueError, TypeError):
                ok[k] = False
                parsed[k] = _NAT
        bad |= ~ok[inverse]
        out = parsed[inverse]
        missing = missing_u[inverse]
    if required:
        bad |= missing
    out = np.where(missing, _NAT, out)
    return out


def _check_codes(
    values: np.ndarray[Any, Any], index: Mapping[str, int], bad: BoolArray
) -> IntArray:
    if values.dtype.kind == "O":
        items = values.tolist()
        if set(map(type, items)) <= {str}:  # the usual case: one dict lookup per code
            out = np.fromiter(map(index.get, items, repeat(-1)), dtype=np.int64, count=len(items))
            bad |= out < 0
            return out
    inverse, uniques = _factorize(values)
    table = np.fromiter(
        (index.get(u, -1) if isinstance(u, str) else -1 for u in uniques),
        dtype=np.int64,
        count=len(uniques),
    )
    out = table[inverse] if inverse.size else np.zeros(0, dtype=np.int64)
    bad |= out < 0
    return out


def _check_ids(values: np.ndarray[Any, Any], bad: BoolArray) -> np.ndarray[Any, Any]:
    """Return the ids as a numpy string array; malformed ones mark their rows bad."""
    if values.dtype.kind == "U":
        ids = values
    else:
        items = values.tolist()
        is_str = np.fromiter((type(v) is str for v in items), dtype=bool, count=len(items))
        bad |= ~is_str
        ids = np.asarray([v if s else "" for v, s in zip(items, is_str, strict=True)], dtype=str)
        if ids.size and ids.dtype.kind != "U":  # no rows: numpy picks float
            ids = ids.astype(str)
    if ids.size == 0:
        return ids.astype("U1")
    width = ids.dtype.itemsize // 4
    chars = ids.view(np.uint32).reshape(ids.size, width)
    allowed = np.zeros(128, dtype=bool)
    for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-":
        allowed[ord(c)] = True
    length = np.count_nonzero(chars, axis=1)
    inside = np.arange(width)[None, :] < length[:, None]
    ascii_ok = np.where(chars < 128, allowed[np.minimum(chars, 127)], False)
    first_ok = np.isin(chars[:, 0], [ord(c) for c in "_.:-"], invert=True) & (length > 0)
    ok = np.all(ascii_ok | ~inside, axis=1) & first_ok & (length <= 80)
    # numpy drops trailing NULs when it makes a string array: compare the lengths
    if values.dtype.kind != "U":
        lens = np.fromiter(
            (len(v) if type(v) is str else 0 for v in values.tolist()), dtype=np.int64
        )
        ok &= lens == length
    bad |= ~ok
    if ok.all():  # ASCII: as bytes, as wide as the longest id (not 4 bytes a character)
        # by the code points (numpy's own cast encodes one string at a time)
        w = max(int(length.max()), 1)
        ids = np.ascontiguousarray(chars[:, :w], dtype=np.uint8).view(f"S{w}").reshape(-1)
    return ids


def _read_kind(kind: str, table: Any, index: Mapping[str, int], problems: list[Problem]) -> _Read:
    cols = _table(kind, table)
    fields = (*COLUMNS[kind], *_COMMON)
    for name in cols:
        if name not in fields:
            problems.append(
                Problem(
                    f"{kind}.{name}",
                    None,
                    f"{kind}: column {name!r} is not a field of {kind}"
                    + (
                        did_you_mean(name, list(fields)) or "; expected one of " + ", ".join(fields)
                    ),
                )
            )
    for name in fields:
        if name not in cols and _required(kind, name):
            problems.append(
                Problem(
                    f"{kind}.{name}",
                    None,
                    f"{kind}: column {name!r} is missing; expected a column of {name}",
                )
            )
    sizes = {name: len(col) for name, col in cols.items()}
    if len(set(sizes.values())) > 1:
        problems.append(
            Problem(
                kind,
                None,
                f"{kind}: columns of different lengths "
                f"({', '.join(f'{k}={v}' for k, v in sizes.items())}); "
                "expected one value per row in every column",
            )
        )
    n = next(iter(sizes.values()), 0)
    bad = np.zeros(n, dtype=bool)
    read = _Read(n=n, bad=bad, cols={}, values={}, lists={})
    if any(p.location.startswith(kind) for p in problems):
        return read
    for name in fields:
        if name not in cols:
            if _required(kind, name):
                continue
            col = _absent(kind, name, n)  # an optional column not given: all missing
            if name not in _DATES and name not in _NUMBERS and not isinstance(col, _Lists):
                read.cols[name] = read.values[name] = col  # text: nothing to check
                continue
            if isinstance(col, _Lists):
                read.lists[name] = col
                read.values[name] = (
                    np.zeros(0, np.int64) if name in _CODE_LISTS else np.full(n, None, object)
                )
                continue
        else:
            col = cols[name]
        if name in _CODE_LISTS or name in _TEXT_LISTS:
            lst = _lists(col, one_is_list=name == "source")
            read.lists[name] = lst
            bad |= lst.bad
            if _required(kind, name):
                bad |= lst.missing
            if name in _CODE_LISTS:
                read.values[name] = _check_codes(lst.flat, index, np.zeros(lst.flat.size, bool))
                unknown = read.values[name] < 0
                if unknown.any():
                    bad[lst.rows[unknown]] = True
            else:
                read.values[name] = _check_text_lists(kind, name, lst, bad)
            continue
        values = _scalars(col)
        read.cols[name] = values
        if name == "id":
            read.values[name] = _check_ids(values, bad)
        elif name in _CODES:
            read.values[name] = _check_codes(values, index, bad)
        elif name in _DATES:
            read.values[name] = _check_dates(kind, name, values, bad)
        elif name in _NUMBERS and (name != "level" or kind == "contiguities"):
            number, missing = _check_numbers(kind, name, values, bad)
            read.values[name], read.values[name + ":missing"] = number, missing
        else:
            read.values[name] = _check_texts(kind, name, values, bad)
    return read


def _absent(kind: str, name: str, n: int) -> Any:
    if name in _CODE_LISTS or name in _TEXT_LISTS:
        none = np.zeros(n, dtype=bool)
        return _Lists(np.zeros(0, dtype=object), np.zeros(n + 1, np.int64), none, ~none, None)
    if name in _DATES:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if name in _NUMBERS and (name != "level" or kind == "contiguities"):
        return np.full(n, np.nan)
    return np.full(n, None, dtype=object)


def _check_text_lists(kind: str, field: str, lst: _Lists, bad: BoolArray) -> Any:
    """Validate each distinct list (obligations, citations) once; return them parsed."""
    n = lst.offsets.size - 1
    adapter = field_adapter(_model_of(kind, field), field)
    if np.all(np.diff(lst.offsets) == 1) and not lst.missing.any():  # one item per row
        inverse, uniques = _factorize(lst.flat)
        good = np.ones(len(uniques), dtype=bool)
        values: list[Any] = []
        for u, v in enumerate(uniques):
            try:
                values.append(adapter.validate_python((v,)))
            except (ValidationError, ValueError):
                values.append(None)
                good[u] = False
        bad |= ~good[inverse]
        table = np.empty(len(values), dtype=object)
        table[:] = values
        return table[inverse]
    flat = lst.flat.tolist()
    rows = [tuple(flat[lst.offsets[r] : lst.offsets[r + 1]]) for r in range(n)]
    seen: dict[Any, int] = {}
    parsed: list[Any] = []
    ok: list[bool] = []
    inverse = np.empty(n, dtype=np.int64)
    for r, row in enumerate(rows):
        key = tuple((type(v), v) for v in row)
        hit: int | None
        try:
            hit = seen.get(key)
        except TypeError:
            hit = None
        k = len(parsed) if hit is None else hit
        if hit is None:
            try:
                parsed.append(adapter.validate_python(row))
                ok.append(True)
            except (ValidationError, ValueError):
                parsed.append(None)
                ok.append(False)
            with contextlib.suppress(TypeError):  # an unhashable list is its own value
                seen[key] = k
        inverse[r] = k
    bad |= ~np.asarray(ok, dtype=bool)[inverse] if n else np.zeros(0, dtype=bool)
    out = np.empty(len(parsed), dtype=object)
    out[:] = parsed
    return out[inverse]


def _cross_field(kind: str, read: _Read) -> None:
    """Make the records' own checks (models' ``_checks``) on whole columns."""
    v, bad = read.values, read.bad
    order = {"pacts": (("signed", "in_force"), ("signed", "ended"), ("in_force", "ended"))}
    for first, second in order.get(kind, (("start", "end"),)):
        if first in v and second in v:
            a, b = v[first], v[second]
            bad |= (a != _NAT) & (b != _NAT) & (b < a)
    for a, b in (("supplier", "recipient"), ("supplier", "buyer")):
        if a in v and b in v:
            bad |= v[a] == v[b]
    for name, lst in read.lists.items():
        if name not in _CODE_LISTS:
            continue
        sizes = np.diff(lst.offsets)
        if name in ("rivals", "neighbours", "members"):
            bad |= sizes != 2
        elif name in ("parties", "participants"):
            bad |= sizes < 2
        codes, rows = v[name], lst.rows
        order_ = np.lexsort((codes, rows))
        same = (codes[order_][1:] == codes[order_][:-1]) & (rows[order_][1:] == rows[order_][:-1])
        bad[rows[order_][1:][same]] = True  # a state twice in one record
    if "token" in read.lists and "participants" in read.lists:
        tok, par = read.lists["token"], read.lists["participants"]
        m = int(max(v["token"].max(initial=0), v["participants"].max(initial=0))) + 2
        if v["token"].size:
            key_t = tok.rows * m + v["token"]
            key_p = par.rows * m + v["participants"]
            outside = ~np.isin(key_t, key_p)
            bad[tok.rows[outside]] = True
    if kind == "deployments":
        low, high, amount = v["low"], v["high"], v["amount"]
        lm, hm = np.isnan(low), np.isnan(high)
        with np.errstate(invalid="ignore"):
            bad |= lm != hm
            bad |= ~lm & ~hm & ((low > high) | (amount < low) | (amount > high))
    if kind == "lifelines":
        vm, sm = v["volume:missing"], v["share:missing"]
        bad |= vm & sm
        unit = v.get("unit")
        if unit is not None:
            bad |= ~vm & np.fromiter((u is None for u in unit.tolist()), dtype=bool, count=read.n)
        else:
            bad |= ~vm


# --- the record path, for the rows that failed -----------------------------------------


def _row_record(kind: str, read: _Read, r: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, values in read.cols.items():
        value = values[r]
        if isinstance(value, np.generic):
            item = value.item()
            # a datetime64 beyond Python's dates comes out as a number: give it as written
            value = str(value) if isinstance(value, np.datetime64) and type(item) is int else item
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if not _missing(value):
            out[name] = value
    for name, lst in read.lists.items():
        value = lst.row(r)
        if not _missing(value):
            out[name] = value
    return out


def _records_of(kind: str, read: _Read, rows: IntArray) -> tuple[list[dict[str, Any]], list[int]]:
    """Rows as records (joint IGO rows grouped by id), with the table row of each."""
    if kind != "joint_igos":
        return [_row_record(kind, read, int(r)) for r in rows], [int(r) for r in rows]
    groups: dict[Any, list[int]] = {}
    for r in rows.tolist():
        rid = read.cols["id"][r]
        key = rid.item() if isinstance(rid, np.generic) else rid
        try:
            groups.setdefault(key, []).append(r)
        except TypeError:
            groups.setdefault(id(key), []).append(r)
    records, where = [], []
    for members in groups.values():
        first = _row_record(kind, read, members[0])
        counts = []
        for r in members:
            row = _row_record(kind, read, r)
            counts.append({k: row[k] for k in ("start", "end", "count") if k in row})
        rec = {k: x for k, x in first.items() if k not in ("start", "end", "count")}
        rec["counts"] = counts
        records.append(rec)
        where.append(members[0])
    return records, where


def _relocate(problems: list[Problem], where: Mapping[str, list[int]]) -> list[Problem]:
    """Say where each problem is in the tables, not among the rows read back.

    ``deployments[0]`` of the rows read back as records is row
    ``where['deployments'][0]`` of the deployments table.
    """
    kinds = "|".join(where)
    if not kinds:
        return problems
    pattern = re.compile(rf"\b({kinds})\[(\d+)\]")

    def sub(m: re.Match[str]) -> str:
        return f"{m.group(1)}[{where[m.group(1)][int(m.group(2))]}]"

    return [
        Problem(pattern.sub(sub, p.location), p.record, pattern.sub(sub, p.message))
        for p in problems
    ]


# --- building the arrays ----------------------------------------------------------------


def _days(values: IntArray) -> IntArray:
    return np.where(values == _NAT, NEVER, values).astype(np.int64)


def _combos(
    codes: IntArray, offsets: IntArray, rank: IntArray, r: int, *, ordered: bool
) -> tuple[IntArray, IntArray, IntArray]:
    """Every pair (``r=2``) or trio of each record's states, records in id order.

    Returns (states, shape (rows, r); the record row of each; the record's size). Members
    are taken in their given order (``ordered``: ordered pairs, as pacts' pledges) or
    sorted by state index (as events' combinations are). Grouped by size: no loop over
    records.
    """
    sizes = np.diff(offsets)
    parts_s, parts_r, parts_k, parts_n = [], [], [], []
    for size in np.unique(sizes).tolist():
        if size < r:
            continue
        rows = np.nonzero(sizes == size)[0]
        members = codes[offsets[rows][:, None] + np.arange(size)[None, :]]
        if not ordered:
            members = np.sort(members, axis=1)
        combo = np.asarray(
            list(permutations(range(size), r) if ordered else combinations(range(size), r)),
            dtype=np.int64,
        ).reshape(-1, r)
        states = members[:, combo]  # (records, combos, r)
        parts_s.append(states.reshape(-1, r))
        parts_r.append(np.repeat(rows, combo.shape[0]))
        parts_k.append(np.tile(np.arange(combo.shape[0]), rows.size))
        parts_n.append(np.full(rows.size * combo.shape[0], size, dtype=np.int64))
    if not parts_s:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros((0, r), dtype=np.int64), empty, empty
    states = np.concatenate(parts_s)
    rows = np.concatenate(parts_r)
    k = np.concatenate(parts_k)
    n = np.concatenate(parts_n)
    order = np.lexsort((k, rank[rows]))
    return states[order], rows[order], n[order]


def _by_rank(rank: IntArray) -> IntArray:
    return np.argsort(rank, kind="stable")


def _pacts(read: _Read, rank: IntArray) -> tuple[PactRows, PactTrios]:
    v = read.values
    offsets = read.lists["parties"].offsets
    bits_of: dict[Any, int] = {}
    obligations = v["obligations"].tolist()
    for obl in obligations:
        if obl not in bits_of:
            bits_of[obl] = sum(1 << _OBLIGATIONS.index(o) for o in obl)
    bits = np.fromiter(map(bits_of.__getitem__, obligations), dtype=np.int64, count=read.n)
    signed, in_force, ended = (_days(v[f]) for f in ("signed", "in_force", "ended"))
    pairs, rows, _ = _combos(v["parties"], offsets, rank, 2, ordered=True)
    pr = PactRows(
        i=pairs[:, 0].copy(),
        j=pairs[:, 1].copy(),
        record=rank[rows],
        bits=bits[rows],
        signed=signed[rows],
        in_force=in_force[rows],
        ended=ended[rows],
    )
    trios, rows, _ = _combos(v["parties"], offsets, rank, 3, ordered=False)
    pt = PactTrios(
        a=trios[:, 0].copy(),
        b=trios[:, 1].copy(),
        c=trios[:, 2].copy(),
        record=rank[rows],
        bits_a=bits[rows],
        bits_b=bits[rows],
        bits_c=bits[rows],
        signed=signed[rows],
        in_force=in_force[rows],
        ended=ended[rows],
    )
    return pr, pt


def _events(read: _Read, rank: IntArray, day_field: str) -> tuple[PairEvents, TrioEvents]:
    v = read.values
    members = v["participants"]
    offsets = read.lists["participants"].offsets
    day = _days(v[day_field])
    width = int(members.max(initial=0)) + 1
    tok = read.lists.get("token")
    # (record row, state) of every token participant, as one integer key
    token_keys = tok.rows * width + v["token"] if tok is not None else np.zeros(0, np.int64)

    def flagged(states: IntArray, rows: IntArray) -> IntArray:
        hit = np.zeros(rows.size, dtype=bool)
        if token_keys.size:
            for c in range(states.shape[1]):
                hit |= np.isin(rows * width + states[:, c], token_keys)
        return hit.astype(np.int64)

    pairs, prow, psize = _combos(members, offsets, rank, 2, ordered=False)
    trios, trow, tsize = _combos(members, offsets, rank, 3, ordered=False)
    return (
        PairEvents(
            i=pairs[:, 0].copy(),
            j=pairs[:, 1].copy(),
            record=rank[prow],
            day=day[prow],
            size=psize,
            token=flagged(pairs, prow),
        ),
        TrioEvents(
            a=trios[:, 0].copy(),
            b=trios[:, 1].copy(),
            c=trios[:, 2].copy(),
            record=rank[trow],
            day=day[trow],
            size=tsize,
            token=flagged(trios, trow),
        ),
    )


def _supply(read: _Read, rank: IntArray) -> SupplyRows:
    v = read.values
    o = _by_rank(rank)
    kind = np.fromiter((_KIND_INDEX[k] for k in v["kind"].tolist()), dtype=np.int64, count=read.n)
    return SupplyRows(
        i=v["supplier"][o],
        j=v["recipient"][o],
        record=rank[o],
        kind=kind[o],
        amount=v["amount"][o],
        low=v["low"][o] if "low" in v else np.full(read.n, np.nan),
        high=v["high"][o] if "high" in v else np.full(read.n, np.nan),
        start=_days(v["start"])[o],
        end=_days(v["end"])[o] if "end" in v else np.full(read.n, NEVER),
    )


def _lifelines(read: _Read, rank: IntArray) -> LifelineRows:
    v = read.values
    o = _by_rank(rank)
    given = v["unit"].tolist() if "unit" in v else [None] * read.n
    units = ["" if u is None else str(u) for u in given]
    names = sorted(set(units))
    code = {u: k for k, u in enumerate(names)}
    unit = np.fromiter((code[u] for u in units), dtype=np.int64, count=read.n)
    nan = np.full(read.n, np.nan)
    return LifelineRows(
        i=v["supplier"][o],
        j=v["buyer"][o],
        record=rank[o],
        share=v.get("share", nan)[o],
        volume=v.get("volume", nan)[o],
        unit=unit[o],
        units=tuple(names),
        start=_days(v["start"])[o],
        end=(_days(v["end"]) if "end" in v else np.full(read.n, NEVER))[o],
    )


def _spells(read: _Read, rank: IntArray, field: str) -> SpellRows:
    v = read.values
    o = _by_rank(rank)
    pair = v[field].reshape(-1, 2)
    level = v["level"] if "level" in v else np.ones(read.n, dtype=np.int64)
    return SpellRows(
        i=pair.min(axis=1)[o],
        j=pair.max(axis=1)[o],
        record=rank[o],
        level=level[o].astype(np.int64),
        start=_days(v["start"])[o],
        end=(_days(v["end"]) if "end" in v else np.full(read.n, NEVER))[o],
    )


def _igos(read: _Read, rank: IntArray) -> IgoRows:
    """``rank`` is per row (each spell carries its record's rank); spells keep table order."""
    v = read.values
    o = _by_rank(rank)
    pair = v["members"].reshape(-1, 2)
    return igo_table(
        pair.min(axis=1)[o],
        pair.max(axis=1)[o],
        rank[o],
        v["count"][o].astype(np.float64),
        _days(v["start"])[o],
        _days(v["end"])[o],
    )


# --- the public function ---------------------------------------------------------------


def compile_columns(
    states: Any,
    *,
    pacts: Any = None,
    deployments: Any = None,
    summits: Any = None,
    exercises: Any = None,
    lifelines: Any = None,
    rivalries: Any = None,
    contiguities: Any = None,
    joint_igos: Any = None,
    records: Any = None,
    coverage: Mapping[str, Any] | None = None,
    source: str = "<columns>",
) -> CompiledWorld:
    """Compile records held as columns, one table per kind, without a Python object per row.

    The result is what :func:`~alliance_risk.compile.compile_world` gives for a World of
    the same records (the same arrays, so the same scores to the last bit), and every
    scoring function takes it.

    Parameters
    ----------
    states : sequence of State (or mappings), or a table
        The states, as a World takes them (few: read as records).
    pacts, deployments, summits, exercises, lifelines, rivalries, contiguities, joint_igos
        Tables of records: a mapping of column names to arrays (numpy, lists), a pandas
        ``DataFrame``, a pyarrow ``Table``, or the path of a Parquet file (needs pyarrow:
        ``pip install 'alliance_risk[parquet]'``). Columns are the records' fields
        (:data:`COLUMNS`, plus ``source``, ``confidence`` and ``note``). Missing values
        (``None``, ``NaN``, ``NaT``) stand for an absent optional field; in a required
        one they are an error, never a 0.
    records : mapping, optional
        Records that have no column form, as a World takes them: ``{"conflicts": [...]}``
        (conflicts, with their sides), and pacts with per-party obligations or pledges
        (``{"pacts": [...]}``, when ``pacts`` holds no table).
    coverage : mapping, optional
        As :attr:`World.coverage <alliance_risk.world.World>`.
    source : str
        Name used in error messages.

    Raises
    ------
    InvalidWorldError
        Listing every problem, as the World would for the same records; each names the
        table row (``deployments[41]``) where the World names the record's position.

    Examples
    --------
    >>> import numpy as np
    >>> from alliance_risk import score_dyads
    >>> cw = compile_columns(
    ...     [{"code": "RUS", "name": "Russia"}, {"code": "PRK", "name": "North Korea"}],
    ...     deployments={
    ...         "id": ["D1"], "supplier": ["PRK"], "recipient": ["RUS"], "kind": ["troops"],
    ...         "amount": np.array([11000.0]), "unit": ["personnel"],
    ...         "start": np.array(["2024-10-08"], dtype="datetime64[D]"),
    ...         "source": ["S62"], "confidence": ["contested"],
    ...     },
    ... )
    >>> cw.n_states, int(cw.supply.i.size)
    (2, 1)
    >>> bool(score_dyads(cw, "2025-01-01").matrix[0, 1] > 0)
    True
    >>> compile_columns([{"code": "RUS", "name": "Russia"}],
    ...     summits={"id": ["S1"], "participants": [["RUS", "PKR"]], "date": ["2019-04-25"],
    ...              "source": ["x"], "confidence": ["confirmed"]})
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidWorldError: <columns>: 1 problem
      - Summit 'S1' (summits[0]): participants[1]='PKR' is not a state in this World
    """
    tables = {
        "pacts": pacts,
        "deployments": deployments,
        "summits": summits,
        "exercises": exercises,
        "lifelines": lifelines,
        "rivalries": rivalries,
        "contiguities": contiguities,
        "joint_igos": joint_igos,
    }
    extra = dict(records or {})
    for kind in extra:
        if kind not in RECORD_KINDS:
            raise InvalidParameterError(
                f"The 'records' parameter of compile_columns names {kind!r}, which is not a "
                f"record kind{did_you_mean(kind, list(RECORD_KINDS))}."
            )
        if tables.get(kind) is not None:
            raise InvalidParameterError(
                f"compile_columns got {kind} both as a table and in 'records'; give each kind "
                "one way."
            )
    state_list = _state_records(states)
    head: dict[str, Any] = {"states": state_list}
    if coverage is not None:
        head["coverage"] = dict(coverage)
    try:
        base = World.model_validate(head)
    except ValidationError as exc:
        raise InvalidWorldError(source, world_problems(exc, head)) from None
    index = {code: k for k, code in enumerate(base.codes)}

    problems: list[Problem] = []
    reads = {
        kind: _read_kind(kind, table, index, problems)
        for kind, table in tables.items()
        if table is not None
    }
    if problems:
        raise InvalidWorldError(source, problems)
    for kind, read in reads.items():
        _cross_field(kind, read)

    # Ids: one space over every kind; a joint IGO record is all the rows of its id.
    if "joint_igos" in reads:
        _igo_ids(reads["joint_igos"])
    parts: list[np.ndarray[Any, Any]] = []
    spans: dict[str, tuple[int, int]] = {}
    at = 0
    for kind in COLUMNS:
        got = reads.get(kind)
        ids = np.zeros(0, dtype="S1") if got is None else got.values["id"]
        if kind == "joint_igos" and got is not None:
            ids = ids[got.values["id:first"]]
        parts.append(ids)
        spans[kind] = (at, at + ids.size)
        at += ids.size
    all_ids = np.concatenate(parts) if at else np.zeros(0, dtype="S1")
    del parts, ids, got
    if all_ids.dtype.kind not in "US":
        all_ids = all_ids.astype(str)
    order = np.argsort(all_ids, kind="stable")
    if all_ids.size > 1:
        sorted_ids = all_ids[order]
        same = sorted_ids[1:] == sorted_ids[:-1]
        del sorted_ids
        dup = np.zeros(all_ids.size, dtype=bool)
        dup[order[1:][same]] = True
        dup[order[:-1][same]] = True
        for kind, read in reads.items():
            mark = dup[spans[kind][0] : spans[kind][1]]
            read.bad |= mark[read.values["id:group"]] if kind == "joint_igos" else mark
        del dup, same
    if "joint_igos" in reads:
        _igo_checks(reads["joint_igos"])

    # The rows that failed, and the records with no column form, go to the World, which
    # words their errors (and checks the records given as such: ids against the tables'
    # ids too, as those rows are then in it).
    mini: dict[str, Any] = dict(head)
    where: dict[str, list[int]] = {}
    for kind, read in reads.items():
        rows = np.nonzero(read.bad)[0]
        if kind == "joint_igos" and rows.size:
            group = read.values["id:group"]
            rows = np.nonzero(np.isin(group, group[rows]))[0]
        if rows.size:
            mini[kind], where[kind] = _records_of(kind, read, rows)
    for kind, items in extra.items():
        mini[kind] = list(items)
    try:
        checked = World.model_validate(mini)
    except ValidationError as exc:
        raise InvalidWorldError(source, _relocate(world_problems(exc, mini), where)) from None
    if where:  # rows a check here failed and the World accepts: the two disagree
        raise AssertionError(  # pragma: no cover - a defect of this module
            f"compile_columns: rows of {sorted(where)} failed a column check that the World "
            "accepts; please report this"
        )
    given = [r.id for r in (*checked.pacts, *checked.conflicts)]
    spans["records"] = (at, at + len(given))
    if given:  # a given record may share an id with a table's row
        kind_ = "S" if all_ids.dtype.kind == "S" else "U"  # ids the World accepts are ASCII
        all_ids = np.concatenate([all_ids, np.asarray(given, dtype=kind_)])
        order = np.argsort(all_ids, kind="stable")
        _check_unique(all_ids, order, source)
    if reads:  # the loops' last read: _assemble drops each kind as it builds it
        del read
    return _assemble(base, checked, reads, all_ids, order, spans)


def _check_unique(ids: np.ndarray[Any, Any], o: IntArray, source: str) -> None:
    same = np.nonzero(ids[o][1:] == ids[o][:-1])[0]
    if same.size:
        rid = _id_text(ids[o][same[0]])
        raise InvalidWorldError(
            source,
            [
                Problem(
                    "records",
                    rid,
                    f"id={rid!r} is used by a record given in 'records' and by a row of a "
                    "table; expected ids unique across all records",
                )
            ],
        )


def _state_records(states: Any) -> list[Any]:
    mod = type(states).__module__
    if mod.startswith(("pandas", "pyarrow")) or isinstance(states, Mapping):
        cols = _table("states", states)
        names = list(cols)
        values = [_scalars(cols[k]).tolist() for k in names]
        return [
            {k: v for k, v in zip(names, row, strict=True) if not _missing(v)}
            for row in zip(*values, strict=True)
        ]
    if isinstance(states, str | bytes) or not isinstance(states, Sequence):
        raise InvalidParameterError(
            "The 'states' parameter of compile_columns must be a sequence of states (State "
            f"records or mappings) or a table. Got {type(states).__name__} instead."
        )
    return list(states)


def _igo_ids(read: _Read) -> np.ndarray[Any, Any]:
    """Group joint IGO rows by id; return the ids of the records (first appearance order)."""
    ids = read.values["id"]
    uniques, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # records in order of first appearance
    group_of_unique = np.empty(order.size, dtype=np.int64)
    group_of_unique[order] = np.arange(order.size)
    read.values["id:group"] = group_of_unique[inverse.reshape(-1)]
    read.values["id:first"] = first[order]
    return np.asarray(uniques[order])


def _igo_checks(read: _Read) -> None:
    """Spells of one record in order; one count per pair and day across records."""
    v = read.values
    group = v["id:group"]
    bad = read.bad
    pair = v["members"].reshape(-1, 2)
    # rows of one record must agree on what is said once per record
    first = v["id:first"][group]
    for name in ("members", "source", "confidence", "note"):
        if name in read.lists:
            lst = read.lists[name]
            same = np.array(
                [lst.row(r) == lst.row(f) for r, f in enumerate(first.tolist())],
                dtype=bool,
            ).reshape(-1)
        elif name in v:
            x = v[name]
            same = (
                np.asarray(x == x[first], dtype=bool)
                if x.dtype != object
                else np.array(
                    [a == b for a, b in zip(x.tolist(), x[first].tolist(), strict=True)], dtype=bool
                ).reshape(-1)
            )
        else:
            continue
        if not same.all():
            r = int(np.nonzero(~same)[0][0])
            rid = _id_text(v["id"][r])
            raise InvalidWorldError(
                "<columns>",
                [
                    Problem(
                        f"joint_igos[{r}].{name}",
                        rid,
                        f"JointIgos {rid!r} (joint_igos[{r}]): {name} differs from "
                        f"row {int(first[r])} of the same id; expected one {name} per record "
                        "(a record is all the rows of its id)",
                    )
                ],
            )
    # spells of one record in table order: each starts after the previous one ends
    o = np.lexsort((np.arange(read.n), group))
    g, s, e = group[o], v["start"][o], v["end"][o]
    later = (g[1:] == g[:-1]) & (s[1:] <= e[:-1])
    bad[o[1:][later]] = True
    # across records of one pair: no two counts on one day
    lo, hi = pair.min(axis=1), pair.max(axis=1)
    o = np.lexsort((s := v["start"], hi, lo))
    lo_o, hi_o, s_o, e_o, g_o = lo[o], hi[o], s[o], v["end"][o], group[o]
    same_pair = np.concatenate([[False], (lo_o[1:] == lo_o[:-1]) & (hi_o[1:] == hi_o[:-1])])
    # the furthest end so far within the pair: a running maximum reset at each new pair
    start_of = np.maximum.accumulate(np.where(~same_pair, np.arange(o.size), 0))
    shifted = e_o - e_o.min(initial=0) + 1
    reach = np.maximum.accumulate(shifted + start_of * (shifted.max(initial=0) + 1))
    reach = reach - start_of * (shifted.max(initial=0) + 1) + e_o.min(initial=0) - 1
    prev = np.concatenate([[_NAT], reach[:-1]])
    clash = same_pair & (s_o <= prev) & (g_o != np.concatenate([[-1], g_o[:-1]]))
    if clash.any():
        pairs = set(zip(lo_o[clash].tolist(), hi_o[clash].tolist(), strict=True))
        bad |= np.fromiter(
            ((a, b) in pairs for a, b in zip(lo.tolist(), hi.tolist(), strict=True)), dtype=bool
        )


def _empty(kind: str) -> _Read:
    """Return a kind with no rows, read like any other."""
    cols: dict[str, Any] = {}
    for name in (*COLUMNS[kind], *_COMMON):
        if name in _CODE_LISTS or name in _TEXT_LISTS:
            cols[name] = np.zeros((0, 2), dtype=object)
        elif name in _NUMBERS and (name != "level" or kind == "contiguities"):
            cols[name] = np.zeros(0, dtype=np.int64 if _NUMBERS[name][2] else np.float64)
        elif name in _DATES:
            cols[name] = np.zeros(0, dtype="datetime64[D]")
        else:
            cols[name] = np.zeros(0, dtype=object)
    read = _read_kind(kind, cols, {}, [])
    if kind == "joint_igos":
        _igo_ids(read)
    return read


def _assemble(
    base: World,
    checked: World,
    reads: dict[str, _Read],
    ids: np.ndarray[Any, Any],
    order: IntArray,
    spans: Mapping[str, tuple[int, int]],
) -> CompiledWorld:
    """Build the arrays.

    ``ids``: every record's id (tables, then records given as such); ``order``: their
    stable sort; ``spans[kind]``: where the kind's records sit in ``ids``. ``reads`` is
    emptied as it goes: a kind's columns are dropped once its arrays are built, so a
    million records never hold their columns and all their arrays at once.
    """
    n = ids.size
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[order] = np.arange(n)
    index = {code: k for k, code in enumerate(base.codes)}
    given = [*checked.pacts, *checked.conflicts]  # records with no column form
    rec_index = {r.id: int(rank_of[spans["records"][0] + k]) for k, r in enumerate(given)}
    coverage: dict[str, tuple[int, int]] = {}
    for kind in RECORD_KINDS:
        if kind in base.coverage:
            lo, hi = base.coverage[kind].first, base.coverage[kind].last
            coverage[kind] = (
                -int(NEVER) if lo == date.min else _day(lo),
                int(NEVER) if hi == date.max else _day(hi),
            )
        elif (kind in reads and reads[kind].n) or getattr(checked, kind):
            coverage[kind] = (-int(NEVER), int(NEVER))

    milestones = _Milestones(reads, index, [(rec_index[x.id], x) for x in given])
    first_day = np.empty(n, dtype=np.int64)
    confidence = np.empty(n, dtype=np.int64)  # as a position in tuple(Confidence)
    level_of = {c: k for k, c in enumerate(Confidence)}
    for r in given:
        first_day[rec_index[r.id]] = _day(r.seen_from)
        confidence[rec_index[r.id]] = level_of[r.confidence]
    built: dict[str, Any] = {}
    # pacts last: their pairs and trios take the most room while built, by then the
    # other kinds' columns are dropped
    for kind in sorted(COLUMNS, key=lambda k: k == "pacts"):
        read = reads.pop(kind, None) or _empty(kind)
        per_record = rank_of[spans[kind][0] : spans[kind][1]]
        # the rank of each row (a joint IGO spell carries its record's)
        rank = per_record[read.values["id:group"]] if kind == "joint_igos" else per_record
        days = _days(read.values[RECORD_KINDS[kind].date_fields[0][0]])
        levels = read.values["confidence"]
        if kind == "joint_igos":  # a record is seen from its first spell
            days, levels = days[read.values["id:first"]], levels[read.values["id:first"]]
        first_day[per_record] = days
        confidence[per_record] = np.fromiter(
            map(level_of.__getitem__, levels.tolist()), dtype=np.int64, count=levels.size
        )
        del days, levels
        if kind == "pacts" and checked.pacts:
            pacts = sorted(checked.pacts, key=lambda p: p.id)
            built["pacts"], built["pact_trios"] = pact_rows(index, rec_index, pacts)
        elif kind == "pacts":
            built["pacts"], built["pact_trios"] = _pacts(read, rank)
        elif kind == "deployments":
            built["supply"] = _supply(read, rank)
        elif kind == "summits":
            built["summits"], built["summit_trios"] = _events(read, rank, "date")
        elif kind == "exercises":
            built["exercises"], built["exercise_trios"] = _events(read, rank, "start")
        elif kind == "lifelines":
            built["lifelines"] = _lifelines(read, rank)
        elif kind == "rivalries":
            built["rivalries"] = _spells(read, rank, "rivals")
        elif kind == "contiguities":
            built["contiguities"] = _spells(read, rank, "neighbours")
        else:
            built["joint_igos"] = _igos(read, rank)
        milestones.add(kind, read, rank)
        del read, rank

    built["milestones"] = milestones.table(n)
    del milestones  # its keys
    return CompiledWorld(
        codes=base.codes,
        # last: a Python string per record is the largest part of the result (65 MB a
        # million records), better not held while the rest is built
        record_ids=_strings(ids[order]),
        first_day=first_day,
        conflicts=conflict_rows(index, rec_index, sorted(checked.conflicts, key=lambda c: c.id)),
        coverage=coverage,
        confidence=confidence,
        **built,
    )


def _strings(ids: np.ndarray[Any, Any]) -> tuple[str, ...]:
    """Return ids as Python strings.

    A block at a time: as one unicode array, ten million ids would take four bytes a
    character at once.
    """
    if ids.dtype.kind != "S":
        return tuple(ids.tolist())
    out: list[str] = []
    block, w = 1 << 16, ids.dtype.itemsize
    for at in range(0, ids.size, block):
        part = np.ascontiguousarray(ids[at : at + block]).view(np.uint8)
        out += part.astype(np.uint32).view(f"U{w}").tolist()  # ASCII: bytes are code points
    return tuple(out)


def _id_text(value: Any) -> str:
    """Return an id as read (ASCII ids are kept as bytes) as a string."""
    return value.decode() if isinstance(value, bytes) else str(value)


class _Milestones:
    """The milestones' keys, filled kind by kind (see :func:`milestones_from_keys`).

    Sizes are known from the columns before any kind is built, so each key column is
    allocated once and filled in place: no list of parts, no concatenated copy.
    """

    def __init__(
        self,
        reads: Mapping[str, _Read],
        index: dict[str, int],
        given: list[tuple[int, Record]],
    ) -> None:
        n_tied = n_changes = 0
        for kind, read in reads.items():
            for field, _many in RECORD_KINDS[kind].state_fields:
                if field in read.lists:
                    n_tied += int(read.lists[field].offsets[-1])
                elif field in read.values:
                    n_tied += read.n
            if kind == "joint_igos":
                n_changes += read.n
                continue
            for field, _word in RECORD_KINDS[kind].date_fields:
                if field in read.values:
                    n_changes += int(np.count_nonzero(read.values[field] != _NAT))
        (g_rec, g_state), g_changes, g_labels = milestone_parts(index, given)
        self.labels: dict[str, int] = {w: k for k, w in enumerate(g_labels)}
        self.spell = np.zeros(0, dtype=np.int64)  # a joint IGO row's spell within its record
        if "joint_igos" in reads:
            group = reads["joint_igos"].values["id:group"]
            o = np.lexsort((np.arange(group.size), group))
            new = np.ones(group.size, dtype=bool)
            new[1:] = group[o][1:] != group[o][:-1]
            at = np.arange(group.size)
            self.spell = np.empty(group.size, dtype=np.int64)
            self.spell[o] = at - np.maximum.accumulate(np.where(new, at, 0))
        self.width = max(len(index), 1)
        self.span = 1 + max(
            max(len(RECORD_KINDS[k].date_fields) for k in COLUMNS),
            int(self.spell.max(initial=0)),
            int(g_changes[1].max(initial=0)),
        )
        self.tied = np.empty(n_tied + g_rec.size, dtype=np.int64)
        self.changes = np.empty(n_changes + g_changes[0].size, dtype=np.int64)
        # day numbers of dates (years 1-9999) and labels fit 32 bits: half the room
        self.day = np.empty(self.changes.size, dtype=np.int32)
        self.label = np.empty(self.changes.size, dtype=np.int32)
        self.at_tied = self.at_change = 0
        self._tie(g_rec, g_state)
        self._change(g_changes[0], g_changes[1], g_changes[2], g_changes[3])

    def _tie(self, record: IntArray, state: IntArray) -> None:
        m = record.size
        part = self.tied[self.at_tied : self.at_tied + m]
        np.multiply(record, self.width, out=part)
        part += state
        self.at_tied += m

    def _change(self, record: IntArray, pos: Any, day: IntArray, label: Any) -> None:
        m = record.size
        at = slice(self.at_change, self.at_change + m)
        np.multiply(record, self.span, out=self.changes[at])
        self.changes[at] += pos
        self.day[at] = day
        self.label[at] = label  # a scalar (one label for the whole part) fills its slice
        self.at_change += m

    def add(self, kind: str, read: _Read, rank: IntArray) -> None:
        """Add a kind's milestones; ``rank``: each row's record."""
        v = read.values
        for field, _many in RECORD_KINDS[kind].state_fields:
            if field in read.lists:
                self._tie(np.repeat(rank, np.diff(read.lists[field].offsets)), v[field])
            elif field in v:
                self._tie(rank, v[field])
        if kind == "joint_igos":  # each spell is a change of the count
            counts, which = np.unique(v["count"], return_inverse=True)
            words = [f"{c} joint IGOs" for c in counts.tolist()]
            label = np.array([self._label(w) for w in words], dtype=np.int64)
            self._change(rank, self.spell, v["start"], label[which.reshape(-1)])
            return
        for pos, (field, word) in enumerate(RECORD_KINDS[kind].date_fields):
            if field not in v:
                continue
            day = v[field]
            here = day != _NAT
            if here.all():
                self._change(rank, pos, day, self._label(word))
            else:
                self._change(rank[here], pos, day[here], self._label(word))

    def _label(self, word: str) -> int:
        return self.labels.setdefault(word, len(self.labels))

    def table(self, n_records: int) -> MilestoneRows:
        assert self.at_tied == self.tied.size and self.at_change == self.changes.size
        return milestones_from_keys(
            n_records,
            self.tied,
            self.width,
            self.changes,
            self.span,
            self.day,
            self.label,
            list(self.labels),
        )
