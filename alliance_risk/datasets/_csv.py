r"""Strict CSV reading into numpy columns, with errors that name file, line and column.

Known files are recognised by their header, so that passing the wrong one (the ATOP
alliance-level file as the member-level one) is named as such.

What every loader accepts, on both reading paths alike:

- UTF-8 text (a byte-order mark is allowed at the start), lines ending in ``\\n`` or
  ``\\r\\n``; blank lines only at the end of the file; one record per line, quoted with
  ``"`` where needed.
- Whole numbers written in digits, with an optional sign (``-9``, ``+5``) and an
  optional all-zero decimal part (``1914.0``, as some statistics packages write them);
  decimal numbers in the usual notation (``0.0962``, ``1.2e-05``). Never ``nan``,
  ``inf``, ``_`` separators or digits of other scripts, never a value that does not
  fit in 64 bits.

Anything else is a :class:`DataFileError` naming the file, the line, the column, the
value and what was expected. All-integer files are read by numpy's C parser when the
file is plainly well formed (digits, ``-`` and ``,`` only, the header's number of fields
on every line), and by the strict row-by-row reader otherwise: both accept and refuse
exactly the same files and give the same arrays.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .._errors import AllianceRiskError, InvalidParameterError, MissingDataError

__all__ = ["DataFileError", "ReadReport", "Table", "read_table"]

Kind = Literal["int", "float", "str", "int?", "str?"]

# Columns that identify each known file (all must be present).
SIGNATURES: Mapping[str, tuple[str, ...]] = {
    "ATOP member-level file (atop5_1m.csv)": ("atopid", "member", "yrent", "phase"),
    "ATOP alliance-level file (atop5_1a.csv)": ("atopid", "begyr", "mem1"),
    "ATOP state-year file (atop5_1sy.csv)": ("state", "year", "atopally"),
    "ATOP directed dyad-year file": ("ccode1", "ccode2", "year", "atop_defense"),
    "COW state list (states2016.csv)": ("stateabb", "ccode", "statenme", "styear"),
    "COW major powers (majors2016.csv)": ("stateabb", "ccode", "styear", "endyear"),
    "COW National Material Capabilities (NMC)": ("ccode", "year", "cinc"),
    "COW system membership (system2016.csv)": ("stateabb", "ccode", "year", "version"),
    "COW MID 5.0 participant file (MIDB_5.0.csv)": ("dispnum", "ccode", "sidea", "hostlev"),
    "COW Inter-State War file (Inter-StateWarData_v4.0.csv)": ("WarNum", "Side", "BatDeath"),
    "COW directed dyadic war file (directed_dyadic_war.csv)": ("warnum", "statea", "stateb"),
    "Thompson-Dreyer rivalries (td_rivalries.csv)": ("rivalryno", "ccode1", "ccode2", "styear"),
    "Thompson-Sakuwa-Suhas rivalries (tss_rivalries.csv)": ("tssr_id", "ccode1", "ccode2"),
    "COW direct contiguity, directed (contdir_peacesciencer.csv)": ("ccode1", "conttype"),
    "COW IGO non-directed dyad-years (igo_ndy_peacesciencer.csv)": ("ccode1", "dyadigos"),
}  # most specific first: NMC files also have the system file's columns

#: Read all-integer files with numpy's C parser when they are plainly well formed.
#: Tests switch it off to check that both paths accept and refuse the same files.
FAST_PATH = True

_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT64 = (-(2**63), 2**63 - 1)
_NUMERIC = b"0123456789,-\n"  # the only bytes of a body that the fast path reads
_BINARY = {
    b"\x1f\x8b": "a gzip-compressed file (decompress it first)",
    b"PK\x03\x04": "a ZIP archive, such as an Excel workbook (export it as CSV)",
    b"\xff\xfe": "UTF-16 text (re-save it as UTF-8)",
    b"\xfe\xff": "UTF-16 text (re-save it as UTF-8)",
    b"BZh": "a bzip2-compressed file (decompress it first)",
    b"\xfd7zXZ": "an xz-compressed file (decompress it first)",
}


class DataFileError(AllianceRiskError, ValueError):
    """A data file is malformed, or is not the file expected: names file, line, column."""


@dataclass(frozen=True, slots=True)
class ReadReport:
    """What happened to the rows of a file: nothing is dropped without being counted.

    Attributes
    ----------
    path : str
        The file read.
    read : int
        Data rows in the file.
    used : int
        Rows that became data.
    dropped : dict
        Rows left out, by reason; ``read == used + sum(dropped.values())``.
    notes : dict
        Counts of documented conventions applied (missing values kept as NaN, ...).
    sha256 : str
        Hash of the file's bytes, for provenance.
    """

    path: str
    read: int
    used: int
    dropped: Mapping[str, int]
    notes: Mapping[str, int]
    sha256: str

    def __str__(self) -> str:
        parts = [f"{self.path}: {self.read} rows read, {self.used} used"]
        parts += [f"{n} dropped ({why})" for why, n in self.dropped.items() if n]
        parts += [f"{n} {what}" for what, n in self.notes.items() if n]
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Table:
    """Columns of a file as numpy arrays, and the bytes' hash.

    Data row ``k`` (0-based) is on line ``k + 2`` of the file: blank lines are allowed
    only at the end and a record never spans two lines, so this always holds.
    ``fast`` says whether numpy's C parser read it (the answer is the same either way).
    """

    path: str
    columns: Mapping[str, npt.NDArray[np.generic]]
    rows: int
    sha256: str
    fast: bool = False


def _identify(header: set[str]) -> str | None:
    for name, cols in SIGNATURES.items():
        if set(cols) <= header:
            return name
    return None


# --- errors naming the row, the column, the value and what was expected ------------------


def bad_cell(path: str, k: int, column: str, value: object, expected: str) -> DataFileError:
    """Return the error for data row ``k`` (0-based; the header is line 1).

    Examples
    --------
    >>> print(bad_cell("f.csv", 0, "year", 1914.0, "a year 1815-2018"))
    f.csv, line 2, column 'year': 1914; expected a year 1815-2018
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return DataFileError(f"{path}, line {k + 2}, column {column!r}: {value!r}; expected {expected}")


def require(
    path: str, column: str, values: npt.NDArray[Any], ok: npt.NDArray[np.bool_], expected: str
) -> None:
    """Raise for the first row where ``ok`` is False, saying how many more there are.

    Examples
    --------
    >>> import numpy as np
    >>> require("f.csv", "flag", np.array([0, 1]), np.array([True, True]), "0 or 1")
    >>> require("f.csv", "flag", np.array([0, -7, 2]), np.array([True, False, False]),
    ...         "0 or 1")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    alliance_risk.datasets._csv.DataFileError: f.csv, line 3, column 'flag': -7; expected 0 or 1
    (1 more row(s) like it)
    """
    bad = np.flatnonzero(~ok)
    if bad.size:
        more = f" ({bad.size - 1} more row(s) like it)" if bad.size > 1 else ""
        raise bad_cell(path, int(bad[0]), column, values[int(bad[0])], expected + more)


def require_between(
    path: str, column: str, values: npt.NDArray[Any], low: int, high: int, expected: str
) -> None:
    """Raise unless every value lies in ``low..high`` (NaN, a missing value, passes)."""
    v = np.asarray(values)
    ok = (v >= low) & (v <= high)
    if v.dtype.kind == "f":
        ok |= np.isnan(v)
    require(path, column, v, ok, expected)


def require_unique(path: str, keys: Sequence[tuple[str, npt.NDArray[Any]]], what: str) -> None:
    """Raise for the first row that repeats the key columns of an earlier row."""
    if not keys or keys[0][1].size < 2:
        return
    arrays = [np.asarray(a) for _, a in keys]
    order = np.lexsort(arrays[::-1])  # stable: equal keys stay in file order
    same = np.ones(order.size - 1, dtype=bool)
    for a in arrays:
        same &= a[order][1:] == a[order][:-1]
    if same.any():
        later, earlier = order[1:][same], order[:-1][same]
        q = int(np.argmin(later))
        k = int(later[q])
        names = ", ".join(f"{n}={a[k].item()!r}" for n, a in keys)
        raise bad_cell(
            path,
            k,
            keys[-1][0],
            arrays[-1][k],
            f"one row per {what}; {names} is already on line {int(earlier[q]) + 2}",
        )


# --- reading -----------------------------------------------------------------------------


def _field_of(line: str, upto: int) -> int:
    """Return the 0-based field that character ``upto`` of ``line`` falls in."""
    try:
        return max(len(next(csv.reader([line[:upto]]), [""])) - 1, 0)
    except csv.Error:
        return line[:upto].count(",")


def _column_name(header: Sequence[str], index: int) -> str:
    return repr(header[index]) if index < len(header) else f"{index + 1} (past the header)"


def _decode(raw: bytes, p: Path, expected: str) -> str:
    """Decode the bytes as UTF-8 text, or say precisely why they are not."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            raise DataFileError(
                f"{p}, line 1: starts with the bytes {raw[:4]!r} of {what}; expected the "
                f"{expected} as a plain-text UTF-8 CSV file"
            )
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        start = body.rfind(b"\n", 0, err.start) + 1
        end = body.find(b"\n", err.start)
        line_bytes = body[start : end if end >= 0 else len(body)].rstrip(b"\r")
        line = body.count(b"\n", 0, err.start) + 1
        shown = line_bytes.decode("utf-8", "replace")
        index = _field_of(shown, len(body[start : err.start].decode("utf-8", "replace")))
        first = body.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
        header = [h.strip() for h in next(csv.reader([first]), [])]
        cell = line_bytes.split(b",")[index] if index < line_bytes.count(b",") + 1 else b""
        raise DataFileError(
            f"{p}, line {line}, column {_column_name(header, index)}: "
            f"{body[err.start : err.end]!r} in {cell[:60]!r} is not UTF-8; expected UTF-8 "
            "text (the file may be Latin-1 or Windows-1252: re-save it as UTF-8)"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise DataFileError(
            f"{p}, line {line}: a NUL byte ('\\x00'); expected text (is this a binary file?)"
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        cr = text.find("\r")
        if cr >= 0:
            line = text.count("\n", 0, cr) + 1
            raise DataFileError(
                f"{p}, line {line}: a carriage return ('\\r') that does not end a line "
                "with '\\r\\n'; expected lines ending in '\\n' or '\\r\\n'"
            )
    return text


def read_text(path: str | Path, expected: str) -> tuple[Path, str, str]:
    r"""Return the file's path, its text (``\\r\\n`` read as ``\\n``) and its bytes' hash.

    Raises
    ------
    MissingDataError
        If there is no file at ``path``.
    DataFileError
        If it cannot be read, or is not UTF-8 text (compressed, binary, UTF-16,
        Latin-1): names the line, the column and the bytes.
    """
    p = Path(path)
    if not p.is_file():
        raise MissingDataError(f"{expected} not found at {p}")
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise DataFileError(
            f"{p}: cannot be read ({err.strerror}); expected the {expected}, readable"
        ) from None
    return p, _decode(raw, p, expected), hashlib.sha256(raw).hexdigest()


def _records(p: Path, lines: Sequence[str], first: int) -> list[tuple[int, list[str]]]:
    """Parse ``lines`` (line ``first`` onward) as CSV records, one per line."""
    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(iter(lines), strict=True)
    line = first
    try:
        for row in reader:
            if reader.line_num != line - first + 1:  # a quoted field ran over a line end
                raise DataFileError(
                    f"{p}, line {line}: a quoted field is not closed before the end of the "
                    f"line: {lines[line - first][:80]!r}; expected one record per line"
                )
            out.append((line, row))
            line += 1
    except csv.Error as err:
        shown = lines[line - first][:80] if line - first < len(lines) else ""
        raise DataFileError(
            f"{p}, line {line}: {shown!r} is not valid CSV ({err}); expected fields "
            'separated by commas, quoted with " where needed, one record per line'
        ) from None
    return out


def header_of(path: str | Path, expected: str) -> list[str]:
    """Return the header's column names, stripped (``[]`` for an empty file)."""
    p, text, _ = read_text(path, expected)
    first = text.split("\n", 1)[0]
    if not first.strip():
        return []
    return [h.strip() for h in _records(p, [first], 1)[0][1]]


def read_table(path: str | Path, columns: Mapping[str, Kind], *, expected: str) -> Table:
    """Read the named ``columns`` of a CSV file, strictly.

    ``int?`` columns may be empty (read as NaN in a float array), ``str?`` columns too
    (read as ``""``); any other empty or malformed value is an error naming the file,
    line, column, value and what was expected. Columns not asked for are not parsed,
    but every line must have the header's number of fields.

    Examples
    --------
    >>> t = read_table("tests/fixtures/igo/igo_ndy_peacesciencer.csv",
    ...                {"ccode1": "int", "year": "int"}, expected="IGO file")
    >>> t.rows, t.columns["year"][:2].tolist(), t.fast
    (8, [1920, 1921], True)
    """
    p, text, digest = read_text(path, expected)
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()  # blank lines at the end
    if not lines:
        raise DataFileError(f"{p}: the file is empty; expected the {expected}")
    if not lines[0].strip():
        raise DataFileError(f"{p}, line 1: blank; expected the header of the {expected}")
    header = [h.strip() for h in _records(p, lines[:1], 1)[0][1]]
    missing = [c for c in columns if c not in header]
    if missing:
        found = _identify(set(header))
        hint = (
            f"; this looks like the {found}"
            if found and found != expected
            else f"; its header starts {header[:6]}"
        )
        raise DataFileError(f"{p}: not the {expected}: column(s) {missing} are missing{hint}")
    twice = [c for c in columns if header.count(c) > 1]
    if twice:
        raise DataFileError(
            f"{p}, line 1: column {twice[0]!r} is in the header {header.count(twice[0])} "
            "times; expected each column once"
        )
    body = lines[1:]
    if "" in body:
        raise DataFileError(
            f"{p}, line {body.index('') + 2}: blank; expected a row of {len(header)} fields "
            "(blank lines are allowed only at the end of the file)"
        )
    index = {name: header.index(name) for name in columns}
    if FAST_PATH and body and all(kind == "int" for kind in columns.values()):
        fast = _all_ints(body, len(header), [index[c] for c in columns])
        if fast is not None:  # plainly well formed: numpy's C parser; else the strict path
            quick = {c: np.ascontiguousarray(fast[:, k]) for k, c in enumerate(columns)}
            return Table(str(p), quick, fast.shape[0], digest, fast=True)
    values: dict[str, list[Any]] = {name: [] for name in columns}
    width = len(header)
    for line, row in _records(p, body, 2):
        if len(row) != width:
            shown = body[line - 2][:60] + ("..." if len(body[line - 2]) > 60 else "")
            raise DataFileError(f"{p}, line {line}: {_width(row, header)}; it reads {shown!r}")
        for name, kind in columns.items():
            values[name].append(_parse(row[index[name]], kind, p, line, name))
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    for name, kind in columns.items():
        if kind in ("str", "str?"):
            arrays[name] = np.array(values[name], dtype=object)
        elif kind == "int":
            arrays[name] = np.array(values[name], dtype=np.int64)
        else:
            arrays[name] = np.array(values[name], dtype=np.float64)
    return Table(str(p), arrays, len(body), digest)


def _width(row: Sequence[str], header: Sequence[str]) -> str:
    width = len(header)
    if len(row) > width:
        extra = f"the first extra field is {row[width][:40]!r}"
    else:
        lost = list(header[len(row) :])
        extra = f"column(s) {lost[:4]}{' ...' if len(lost) > 4 else ''} have no field"
    return f"{len(row)} fields; expected {width} as in the header ({extra})"


def _all_ints(body: Sequence[str], width: int, usecols: list[int]) -> npt.NDArray[np.int64] | None:
    """Parse plainly well-formed all-integer lines with numpy, or return ``None``.

    Plainly well formed: only digits, ``-`` and ``,``, and the header's number of fields
    on every line. Anything else (a ``#``, a quote, a space, a decimal point, a missing
    or extra field, a number too large for 64 bits) goes to the strict path, which reads
    the same files the same way and names what is wrong with the others.
    """
    data = "\n".join(body).encode("utf-8")
    if data.translate(None, _NUMERIC):
        return None
    chars = np.frombuffer(data, dtype=np.uint8)
    commas = np.flatnonzero(chars == ord(","))
    before = np.searchsorted(commas, np.flatnonzero(chars == ord("\n")))  # commas before each
    per_line = np.diff(np.concatenate([[0], before, [commas.size]]))
    if per_line.size != len(body) or np.any(per_line != width - 1):
        return None
    try:
        parsed = np.loadtxt(
            io.StringIO(data.decode("ascii")),
            delimiter=",",
            usecols=usecols,
            dtype=np.int64,
            ndmin=2,
            comments=None,
            quotechar=None,
        )
    except (ValueError, OverflowError):
        return None
    if parsed.shape[0] != len(body):
        return None
    return np.asarray(parsed, dtype=np.int64)


def _hint(cell: str) -> str:
    low = cell.lower().lstrip("+-")
    if low in {"nan", "na", "inf", "infinity"}:
        return " (NaN and infinity are not data)"
    if "_" in cell:
        return " (no '_' separators)"
    if cell[:1] == "#":
        return " (a '#' does not start a comment in these files)"
    if any(not ch.isascii() for ch in cell):
        return " (digits 0-9 only)"
    return ""


def _parse(raw: str, kind: Kind, path: Path, line: int, column: str) -> object:
    where = f"{path}, line {line}, column {column!r}"
    if kind in ("str", "str?"):
        cell = raw.strip()
        if not cell and kind == "str":
            raise DataFileError(f"{where}: empty; expected text")
        return cell
    cell = raw.strip(" \t")
    if cell == "":
        if kind == "int?":
            return math.nan
        what = "a number" if kind == "float" else "a whole number"
        raise DataFileError(f"{where}: empty; expected {what}")
    if kind == "float":
        if not _DECIMAL.fullmatch(cell):
            raise DataFileError(
                f"{where}: {cell!r} is not a number; expected a decimal number such as "
                f"0.0962 or -9{_hint(cell)}"
            )
        number = float(cell)
        if not math.isfinite(number):
            raise DataFileError(f"{where}: {cell!r} is out of range; expected a finite number")
        return number
    expected = "a whole number" + (" or an empty field (missing)" if kind == "int?" else "")
    if not _WHOLE.fullmatch(cell):
        what = "a whole number" if _DECIMAL.fullmatch(cell) else "a number"
        raise DataFileError(f"{where}: {cell!r} is not {what}; expected {expected}{_hint(cell)}")
    whole = int(cell.split(".", 1)[0])
    if not _INT64[0] <= whole <= _INT64[1]:
        raise DataFileError(
            f"{where}: {cell[:40]!r} is out of range; expected {expected} that fits in 64 "
            f"bits ({_INT64[0]} to {_INT64[1]})"
        )
    return whole if kind == "int" else float(whole)


def find_file(path: str | Path, name: str, what: str) -> Path:
    """Return the file ``name`` at ``path`` (the file, or the folder holding it), or refuse.

    Examples
    --------
    >>> find_file("tests/fixtures/igo", "igo_ndy_peacesciencer.csv", "COW IGO").name
    'igo_ndy_peacesciencer.csv'
    """
    p = Path(path)
    if p.is_dir():
        p = p / name
    if not p.is_file():
        raise MissingDataError(
            f"{what} not found at {p}; pass the file or its folder (see docs/data.md)"
        )
    return p


def year_arg(function: str, name: str, value: object) -> int:
    """Return ``value`` as an int year, or refuse it (1914.5, "1914", True).

    Examples
    --------
    >>> year_arg("atop_portfolios", "year", 1914)
    1914
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidParameterError(
            f"The {name!r} parameter of {function} must be a whole-number year (an int). "
            f"Got {value!r} instead."
        )
    return int(value)
