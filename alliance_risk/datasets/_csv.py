"""Strict CSV reading into numpy columns, with errors that name file, line and column.

Known files are recognised by their header, so that passing the wrong one (the ATOP
alliance-level file as the member-level one) is named as such.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from .._errors import AllianceRiskError, MissingDataError

__all__ = ["DataFileError", "ReadReport", "Table", "read_table"]

Kind = Literal["int", "float", "str", "int?"]

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
    """Columns of a file as numpy arrays, and the bytes' hash."""

    path: str
    columns: Mapping[str, npt.NDArray[np.generic]]
    rows: int
    sha256: str


def _identify(header: set[str]) -> str | None:
    for name, cols in SIGNATURES.items():
        if set(cols) <= header:
            return name
    return None


def read_table(path: str | Path, columns: Mapping[str, Kind], *, expected: str) -> Table:
    """Read the named ``columns`` of a CSV file, strictly.

    ``int?`` columns may be empty (read as NaN in a float array); any other empty or
    malformed value is an error naming the file, line and column.
    """
    p = Path(path)
    if not p.is_file():
        raise MissingDataError(f"{expected} not found at {p}")
    raw = p.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DataFileError(f"{p}: the file is empty; expected the {expected}") from None
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        found = _identify(set(header))
        hint = (
            f"; this looks like the {found}"
            if found and found != expected
            else f"; its header starts {header[:6]}"
        )
        raise DataFileError(f"{p}: not the {expected}: column(s) {missing} are missing{hint}")
    index = {name: header.index(name) for name in columns}
    if all(kind == "int" for kind in columns.values()):
        fast = _all_ints(text, [index[c] for c in columns])
        if fast is not None:  # well-formed: numpy's C parser; else the strict path below
            quick = {c: fast[:, k] for k, c in enumerate(columns)}
            return Table(path=str(p), columns=quick, rows=fast.shape[0], sha256=digest)
    values: dict[str, list[object]] = {name: [] for name in columns}
    width = len(header)
    line = 1
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != width:
            raise DataFileError(
                f"{p}, line {line}: {len(row)} fields; expected {width} as in the header"
            )
        for name, kind in columns.items():
            cell = row[index[name]].strip()
            values[name].append(_parse(cell, kind, p, line, name))
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    for name, kind in columns.items():
        if kind == "str":
            arrays[name] = np.array(values[name], dtype=object)
        elif kind == "int":
            arrays[name] = np.array(values[name], dtype=np.int64)
        else:
            arrays[name] = np.array(values[name], dtype=np.float64)
    n = len(next(iter(values.values()))) if values else 0
    return Table(path=str(p), columns=arrays, rows=n, sha256=digest)


def _all_ints(text: str, usecols: list[int]) -> npt.NDArray[np.int64] | None:
    try:
        data = np.loadtxt(
            io.StringIO(text), delimiter=",", skiprows=1, usecols=usecols, dtype=np.int64, ndmin=2
        )
    except ValueError:
        return None
    return np.asarray(data, dtype=np.int64)


def _parse(cell: str, kind: Kind, path: Path, line: int, column: str) -> object:
    if kind == "str":
        if not cell:
            raise DataFileError(f"{path}, line {line}, column {column!r}: empty; expected text")
        return cell
    if cell == "":
        if kind == "int?":
            return float("nan")
        raise DataFileError(f"{path}, line {line}, column {column!r}: empty; expected a number")
    try:
        number = float(cell)
    except ValueError:
        raise DataFileError(
            f"{path}, line {line}, column {column!r}: {cell!r} is not a number"
        ) from None
    if kind == "int" and number != int(number):
        raise DataFileError(
            f"{path}, line {line}, column {column!r}: {cell!r}; expected a whole number"
        )
    return int(number) if kind == "int" else number
