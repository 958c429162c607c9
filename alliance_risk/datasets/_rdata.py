"""Read the one data frame of an R data file (``.rda``) and write it as CSV text.

Several data sets reach alliance_risk only as R data files (peacesciencer's ``data/``
folder): :func:`~alliance_risk.datasets.fetch` converts them with :func:`rda_to_csv`
into the CSV files the loaders read. Only what such files hold is read: R's XDR
serialization (format 2 or 3, compressed with bzip2, gzip or xz, or not at all) of
one data frame whose columns are plain logical, integer, double or character
vectors, factors, dates, or compact integer sequences. Anything else (a function, an
environment, a list column, a second object) is refused with a
:class:`~alliance_risk.datasets.DataFileError` naming it: nothing in the file is ever
run.

The CSV is written as the files in ``shared/data`` were made: the header, then one
line per row ending in a line feed; a double column whose values are all whole numbers is
written as integers (R stores most counts and years as doubles); other doubles in
Python's shortest round-trip form; dates as ISO dates; factors as their labels; a
missing value (``NA``) as an empty field; fields quoted only where needed. A value
that holds a line break is refused: the loaders read one record per line.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ._csv import DataFileError

__all__ = ["rda_to_csv"]

# Type codes of R's serialization (R Internals, "Serialization Formats").
_SYM, _LIST, _CHAR, _LGL, _INT, _REAL, _STR, _VEC = 1, 2, 9, 10, 13, 14, 16, 19
_ALTREP, _REF, _NIL = 238, 255, 254
_NAMES = {3: "a function", 4: "an environment", 6: "a call", 15: "a complex vector",
          20: "an expression", 24: "a raw vector", 25: "an S4 object"}  # fmt: skip
_NA_INT = -(2**31)
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class _Vector:
    kind: int
    values: list[Any]
    attributes: dict[str, Any] = field(default_factory=dict)

    def classes(self) -> list[str]:
        cls = self.attributes.get("class")
        return list(cls.values) if isinstance(cls, _Vector) else []


@dataclass(frozen=True, slots=True)
class _Symbol:
    name: str


class _Reader:
    """Reads R's XDR serialization from ``data``, starting after the format header."""

    def __init__(self, data: bytes, source: str) -> None:
        self.data, self.at, self.source = data, 0, source
        self.refs: list[_Symbol] = []

    def fail(self, what: str) -> DataFileError:
        return DataFileError(
            f"{self.source}: {what} at byte {self.at} of the decompressed data; expected an "
            "R data file holding one data frame of plain columns"
        )

    def word(self) -> int:
        if self.at + 4 > len(self.data):
            raise self.fail("the data end too early")
        (v,) = struct.unpack_from(">i", self.data, self.at)
        self.at += 4
        return int(v)

    def ints(self, n: int, code: str, size: int) -> list[Any]:
        if n < 0 or self.at + n * size > len(self.data):
            raise self.fail(f"a vector of {n} values does not fit in the data")
        values = list(struct.unpack_from(f">{n}{code}", self.data, self.at))
        self.at += n * size
        return values

    def length(self) -> int:
        n = self.word()
        if n == -1:  # a long vector: the length follows as two 32-bit halves
            n = (self.word() << 32) + self.word()
        return n

    def item(self) -> Any:
        flags = self.word()
        kind = flags & 0xFF
        has_attr, has_tag = bool(flags & (1 << 9)), bool(flags & (1 << 10))
        if kind == _NIL:
            return None
        if kind == _REF:
            k = flags >> 8 or self.word()
            if not 1 <= k <= len(self.refs):
                raise self.fail(f"a reference to object {k}, which was not read")
            return self.refs[k - 1]
        if kind == _SYM:
            sym = _Symbol(str(self.item()))
            self.refs.append(sym)
            return sym
        if kind == _CHAR:
            n = self.word()
            if n == -1:
                return None  # NA_character_
            raw = self.data[self.at : self.at + n]
            self.at += n
            return raw.decode("latin-1" if flags & (1 << 14) else "utf-8")
        if kind == _LIST:
            return self.pairlist(has_attr, has_tag)
        if kind in (_LGL, _INT, _REAL, _STR, _VEC):
            n = self.length()
            if kind == _REAL:
                values = self.ints(n, "d", 8)
            elif kind in (_LGL, _INT):
                values = self.ints(n, "i", 4)
            else:
                values = [self.item() for _ in range(n)]
            attributes = dict(self.item()) if has_attr else {}
            return _Vector(kind, values, attributes)
        if kind == _ALTREP:
            return self.altrep()
        raise self.fail(f"{_NAMES.get(kind, f'an object of R type {kind}')} (not data)")

    def pairlist(self, has_attr: bool, has_tag: bool) -> list[tuple[str | None, Any]]:
        out: list[tuple[str | None, Any]] = []
        while True:
            if has_attr:
                self.item()  # attributes of a pairlist cell: none that matter here
            tag = self.item() if has_tag else None
            out.append((tag.name if isinstance(tag, _Symbol) else None, self.item()))
            flags = self.word()
            if flags & 0xFF == _NIL:
                return out
            if flags & 0xFF != _LIST:
                raise self.fail("a pairlist that does not end in NULL")
            has_attr, has_tag = bool(flags & (1 << 9)), bool(flags & (1 << 10))

    def altrep(self) -> _Vector:
        info, state, attributes = self.item(), self.item(), self.item()
        name = info[0][1].name if isinstance(info, list) and info else None
        if name == "compact_intseq" and isinstance(state, _Vector) and len(state.values) == 3:
            n, start, step = (int(v) for v in state.values)
            values: list[Any] = [start + k * step for k in range(n)]
            return _Vector(_INT, values, dict(attributes) if attributes else {})
        if name == "compact_realseq" and isinstance(state, _Vector) and len(state.values) == 3:
            n, first, by = state.values
            return _Vector(_REAL, [first + k * by for k in range(int(n))], {})
        if name is not None and name.startswith("wrap_") and isinstance(state, list):
            inner = state[0][1]
            if isinstance(inner, _Vector):
                return _Vector(inner.kind, inner.values, dict(attributes or inner.attributes))
        raise self.fail(f"a compact R vector of kind {name!r} that this reader does not know")


def _decompress(raw: bytes, source: str) -> bytes:
    try:
        if raw.startswith(b"BZh"):
            return bz2.decompress(raw)
        if raw.startswith(b"\x1f\x8b"):
            return gzip.decompress(raw)
        if raw.startswith(b"\xfd7zXZ"):
            return lzma.decompress(raw)
    except (OSError, EOFError, lzma.LZMAError) as err:
        raise DataFileError(f"{source}: cannot be decompressed ({err})") from None
    return raw


def _column(name: str, v: Any, rows: int, source: str) -> list[object]:
    """Return the CSV fields of one column (``""`` for a missing value)."""
    if not isinstance(v, _Vector) or v.kind not in (_LGL, _INT, _REAL, _STR):
        what = "a list" if isinstance(v, _Vector) and v.kind == _VEC else type(v).__name__
        raise DataFileError(
            f"{source}: column {name!r} is {what}; expected a logical, integer, double or "
            "character vector"
        )
    if len(v.values) != rows:
        raise DataFileError(
            f"{source}: column {name!r} has {len(v.values)} values; expected {rows}, as the "
            "first column has"
        )
    if v.kind == _STR:
        for k, s in enumerate(v.values):
            if s is not None and ("\n" in s or "\r" in s):  # the loaders read a row a line
                raise DataFileError(
                    f"{source}: column {name!r}, row {k + 1}: {s[:60]!r} holds a line break; "
                    "expected one line per value"
                )
        return ["" if s is None else s for s in v.values]
    if v.kind in (_LGL, _INT):
        levels = v.attributes.get("levels")
        if "factor" in v.classes() and isinstance(levels, _Vector):
            return ["" if k == _NA_INT else levels.values[k - 1] for k in v.values]
        if v.kind == _LGL:
            return ["" if k == _NA_INT else ("TRUE" if k else "FALSE") for k in v.values]
        return ["" if k == _NA_INT else k for k in v.values]
    if "Date" in v.classes():
        return ["" if math.isnan(x) else (_EPOCH + timedelta(days=x)).isoformat() for x in v.values]
    whole = all(math.isnan(x) or x.is_integer() for x in v.values)
    if whole:
        return ["" if math.isnan(x) else int(x) for x in v.values]
    return ["" if math.isnan(x) else repr(x) for x in v.values]


def rda_to_csv(raw: bytes, *, source: str) -> bytes:
    """Return the one data frame of an R data file as CSV bytes (UTF-8).

    Parameters
    ----------
    raw : bytes
        The file's bytes, compressed or not.
    source : str
        What to call the file in errors (its path or address).

    Returns
    -------
    bytes
        The CSV text: the header, then one line per row.

    Raises
    ------
    DataFileError
        If the bytes are not an R data file in XDR format holding exactly one data
        frame of plain columns (the error names what was found instead).

    Examples
    --------
    >>> rda_to_csv(b"not R data", source="x.rda")
    Traceback (most recent call last):
    ...
    alliance_risk.datasets._csv.DataFileError: x.rda: starts with b'not R'; expected ...
    """
    data = _decompress(raw, source)
    if data[:7] not in (b"RDX2\nX\n", b"RDX3\nX\n"):
        raise DataFileError(
            f"{source}: starts with {data[:5]!r}; expected an R data file (RDX2 or RDX3, "
            "XDR format)"
        )
    r = _Reader(data[7:], source)
    version = r.word()
    r.word(), r.word()  # the versions of R that wrote it and can read it
    if version == 3:
        skip = r.word()  # the length of the native encoding's name, which follows
        r.at += skip
    top = r.item()
    if not isinstance(top, list) or len(top) != 1:
        n = len(top) if isinstance(top, list) else 0
        raise DataFileError(f"{source}: holds {n} objects; expected one data frame")
    name, frame = top[0]
    if not isinstance(frame, _Vector) or "data.frame" not in frame.classes():
        raise DataFileError(f"{source}: {name!r} is not a data frame; expected one")
    names = frame.attributes.get("names")
    headers: Sequence[str] = names.values if isinstance(names, _Vector) else []
    if len(headers) != len(frame.values) or not headers:
        raise DataFileError(f"{source}: data frame {name!r} has no column names")
    first = frame.values[0]
    rows = len(first.values) if isinstance(first, _Vector) else 0
    columns = [_column(h, v, rows, source) for h, v in zip(headers, frame.values, strict=True)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")
