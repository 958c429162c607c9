"""Correlates of War loaders: State System Membership v2016 and Capabilities v6.0.

The COW *Formal Alliances* data set is deliberately not supported: its maintainer
asked software not to facilitate its use. ATOP is the alliance source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .._errors import InvalidParameterError, MissingDataError
from .._types import FloatArray, IntArray
from ._csv import DataFileError, ReadReport, read_table

__all__ = ["CowCapabilities", "CowStates", "read_cow_capabilities", "read_cow_states"]


def _find(path: str | Path, name: str, what: str) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / name
    if not p.is_file():
        raise MissingDataError(
            f"{what} not found at {p}; pass the file or its folder (see docs/data.md)"
        )
    return p


@dataclass(frozen=True, slots=True)
class CowStates:
    """COW State System Membership: states, their membership spells, and state-years.

    Attributes
    ----------
    ccode, abbrev, name : arrays
        One entry per state (unique ``ccode``), sorted by ccode.
    spell_ccode, spell_start, spell_end : arrays
        One row per membership spell (Japan has two).
    year_ccode, year : arrays
        System membership by year (``system2016.csv``): a state is a member in a year if
        it was one at any time that year.
    first_year, last_year : int
        Coverage of the system file.
    reports : tuple of ReadReport
        What was read.
    """

    ccode: IntArray
    abbrev: tuple[str, ...]
    name: tuple[str, ...]
    spell_ccode: IntArray
    spell_start: tuple[date, ...]
    spell_end: tuple[date, ...]
    year_ccode: IntArray
    year: IntArray
    first_year: int
    last_year: int
    reports: tuple[ReadReport, ...]

    def members(self, year: int, *, carry_forward_to: int | None = None) -> IntArray:
        """Return the ccodes of the system members in ``year``, sorted.

        Parameters
        ----------
        year : int
            A year of the system file's coverage.
        carry_forward_to : int, optional
            Allow years after the file's last year, up to this one, using the last
            year's membership (as the published ATOP S-scores do for 2017-2018).

        Raises
        ------
        MissingDataError
            For a year outside the coverage (the data are not there: no guessing).

        Examples
        --------
        >>> import numpy as np
        >>> s = CowStates(np.array([2]), ("USA",), ("United States",), np.array([2]),
        ...               (date(1816, 1, 1),), (date(2016, 12, 31),), np.array([2, 2]),
        ...               np.array([1816, 1817]), 1816, 1817, ())
        >>> s.members(1817).tolist()
        [2]
        """
        target = year
        if year > self.last_year and carry_forward_to is not None and year <= carry_forward_to:
            target = self.last_year
        if not self.first_year <= target <= self.last_year:
            hint = (
                f"; pass carry_forward_to={year} to use {self.last_year}'s membership"
                if year > self.last_year
                else ""
            )
            raise MissingDataError(
                f"COW system membership covers {self.first_year}-{self.last_year}; "
                f"no data for {year}{hint}"
            )
        return np.sort(self.year_ccode[self.year == target])

    def abbrev_of(self, ccode: int) -> str:
        """Return the COW abbreviation of a ccode (``365 -> "RUS"``).

        Examples
        --------
        >>> import numpy as np
        >>> s = CowStates(np.array([2]), ("USA",), ("United States",), np.array([2]),
        ...               (), (), np.array([2]), np.array([1816]), 1816, 1816, ())
        >>> s.abbrev_of(2)
        'USA'
        """
        k = int(np.searchsorted(self.ccode, ccode))
        if k >= self.ccode.size or self.ccode[k] != ccode:
            raise InvalidParameterError(f"ccode {ccode} is not a COW state")
        return self.abbrev[k]


def _date(y: int, m: int, d: int) -> date:
    return date(int(y), int(m), int(d))


def read_cow_states(path: str | Path) -> CowStates:
    """Read COW State System Membership v2016 (``states2016.csv`` and ``system2016.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        The folder holding both files.

    Raises
    ------
    MissingDataError
        If a file is not there.
    DataFileError
        If a file is malformed or is another file (named, with line and column).

    Notes
    -----
    Data version v2016 (Correlates of War Project 2017); citation key ``cow2016states``.

    Examples
    --------
    >>> from pathlib import Path
    >>> fixtures = Path("tests/fixtures/cow")
    >>> read_cow_states(fixtures).members(1914).tolist()
    [2, 200, 255, 365]
    """
    folder = Path(path)
    states = read_table(
        _find(folder, "states2016.csv", "COW state list (states2016.csv)"),
        {"stateabb": "str", "ccode": "int", "statenme": "str", "styear": "int",
         "stmonth": "int", "stday": "int", "endyear": "int", "endmonth": "int",
         "endday": "int"},
        expected="COW state list (states2016.csv)",
    )  # fmt: skip
    system = read_table(
        _find(folder, "system2016.csv", "COW system membership (system2016.csv)"),
        {"stateabb": "str", "ccode": "int", "year": "int"},
        expected="COW system membership (system2016.csv)",
    )
    c = states.columns
    codes = np.asarray(c["ccode"], dtype=np.int64)
    uniq, first = np.unique(codes, return_index=True)
    abbrev = [str(c["stateabb"][k]) for k in first]
    for k, code in enumerate(codes):  # one abbreviation per ccode, or the file is wrong
        if str(c["stateabb"][k]) != abbrev[int(np.searchsorted(uniq, code))]:
            raise DataFileError(f"{states.path}, line {k + 2}: ccode {code} has two abbreviations")
    starts = tuple(_date(*v) for v in zip(c["styear"], c["stmonth"], c["stday"], strict=True))
    ends = tuple(_date(*v) for v in zip(c["endyear"], c["endmonth"], c["endday"], strict=True))
    years = np.asarray(system.columns["year"], dtype=np.int64)
    year_codes = np.asarray(system.columns["ccode"], dtype=np.int64)
    unknown = np.setdiff1d(year_codes, uniq)
    if unknown.size:
        raise DataFileError(
            f"{system.path}: ccode {int(unknown[0])} is in the system file but not in the "
            "state list"
        )
    report = [
        ReadReport(states.path, states.rows, states.rows, {}, {}, states.sha256),
        ReadReport(system.path, system.rows, system.rows, {}, {}, system.sha256),
    ]
    return CowStates(
        ccode=uniq,
        abbrev=tuple(abbrev),
        name=tuple(str(c["statenme"][k]) for k in first),
        spell_ccode=codes,
        spell_start=starts,
        spell_end=ends,
        year_ccode=year_codes,
        year=years,
        first_year=int(years.min()) if years.size else 0,
        last_year=int(years.max()) if years.size else -1,
        reports=tuple(report),
    )


@dataclass(frozen=True, slots=True)
class CowCapabilities:
    """COW National Material Capabilities: one row per state-year.

    ``cinc`` (and the components) are NaN where the file has -9 (missing), never 0.
    """

    ccode: IntArray
    year: IntArray
    cinc: FloatArray
    milex: FloatArray
    milper: FloatArray
    report: ReadReport

    def cinc_of(self, ccodes: npt.ArrayLike, year: int) -> FloatArray:
        """Return the CINC of each ccode in ``year`` (NaN where missing or absent).

        Examples
        --------
        >>> from pathlib import Path
        >>> cap = read_cow_capabilities(Path("tests/fixtures/cow"))
        >>> cap.cinc_of([2, 365, 999], 1914).round(3).tolist()
        [0.146, 0.096, nan]
        """
        want = np.asarray(ccodes, dtype=np.int64)
        out = np.full(want.size, np.nan)
        rows = np.nonzero(self.year == year)[0]
        lookup = {int(self.ccode[r]): float(self.cinc[r]) for r in rows}
        for k, code in enumerate(want.tolist()):
            out[k] = lookup.get(code, np.nan)
        return out


def read_cow_capabilities(path: str | Path) -> CowCapabilities:
    """Read COW National Material Capabilities v6.0 (``NMC-60-abridged.csv``).

    -9 marks a missing value: it becomes NaN and is counted in the report, never 0.

    Notes
    -----
    Data version 6.0 (Singer, Bremer and Stuckey 1972; Greig and Enterline 2021);
    citation key ``singer1972capability``.

    Examples
    --------
    >>> from pathlib import Path
    >>> cap = read_cow_capabilities(Path("tests/fixtures/cow"))
    >>> cap.report.notes["missing milex (-9 -> NaN)"]
    1
    """
    p = _find(path, "NMC-60-abridged.csv", "COW capabilities (NMC-60-abridged.csv)")
    t = read_table(
        p,
        {"ccode": "int", "year": "int", "milex": "float", "milper": "float", "cinc": "float"},
        expected="COW National Material Capabilities (NMC)",
    )
    notes = {}
    cols: dict[str, FloatArray] = {}
    for name in ("cinc", "milex", "milper"):
        v = np.asarray(t.columns[name], dtype=np.float64)
        missing = v == -9
        notes[f"missing {name} (-9 -> NaN)"] = int(missing.sum())
        cols[name] = np.where(missing, np.nan, v)
    return CowCapabilities(
        ccode=np.asarray(t.columns["ccode"], dtype=np.int64),
        year=np.asarray(t.columns["year"], dtype=np.int64),
        cinc=cols["cinc"],
        milex=cols["milex"],
        milper=cols["milper"],
        report=ReadReport(t.path, t.rows, t.rows, {}, notes, t.sha256),
    )
