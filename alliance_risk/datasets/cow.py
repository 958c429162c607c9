"""Correlates of War loaders: State System Membership v2016 and Capabilities v6.0.

The COW *Formal Alliances* data set is deliberately not supported: its maintainer
asked software not to facilitate its use. ATOP is the alliance source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .._errors import InvalidParameterError, MissingDataError
from .._types import FloatArray, IntArray
from ._csv import (
    ReadReport,
    Table,
    bad_cell,
    find_file,
    read_table,
    require,
    require_between,
    require_unique,
    year_arg,
)

__all__ = ["CowCapabilities", "CowStates", "read_cow_capabilities", "read_cow_states"]


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
        year = year_arg("CowStates.members", "year", year)
        if carry_forward_to is not None:
            carry_forward_to = year_arg("CowStates.members", "carry_forward_to", carry_forward_to)
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


_ABBREV = re.compile(r"[A-Z]{3}")
_CCODES = "a COW state code 1-999"
_YEARS = "a year 1816-9999 (the COW state system starts in 1816)"


def _spell_dates(t: Table, cols: tuple[str, str, str]) -> tuple[date, ...]:
    y, m, d = (np.asarray(t.columns[c], dtype=np.int64) for c in cols)
    require_between(t.path, cols[0], y, 1816, 9999, _YEARS)
    require_between(t.path, cols[1], m, 1, 12, "a month 1-12")
    require_between(t.path, cols[2], d, 1, 31, "a day 1-31")
    out = []
    for k, (yy, mm, dd) in enumerate(zip(y.tolist(), m.tolist(), d.tolist(), strict=True)):
        try:
            out.append(date(yy, mm, dd))
        except ValueError:
            raise bad_cell(t.path, k, cols[2], dd, f"a day that exists in {yy}-{mm:02d}") from None
    return tuple(out)


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
        If a file is malformed or is another file (named, with line, column, value and
        what was expected): an abbreviation that is not three upper-case letters, one
        ccode with two abbreviations or names, one abbreviation for two ccodes, a date
        that does not exist, a spell ending before it starts or overlapping another of
        the same state, a system-file row whose state or abbreviation is not the state
        list's, a state-year given twice.

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
        find_file(folder, "states2016.csv", "COW state list (states2016.csv)"),
        {
            "stateabb": "str",
            "ccode": "int",
            "statenme": "str",
            "styear": "int",
            "stmonth": "int",
            "stday": "int",
            "endyear": "int",
            "endmonth": "int",
            "endday": "int",
        },
        expected="COW state list (states2016.csv)",
    )
    system = read_table(
        find_file(folder, "system2016.csv", "COW system membership (system2016.csv)"),
        {"stateabb": "str", "ccode": "int", "year": "int"},
        expected="COW system membership (system2016.csv)",
    )
    c = states.columns
    path = states.path
    codes = np.asarray(c["ccode"], dtype=np.int64)
    require_between(path, "ccode", codes, 1, 999, _CCODES)
    abbrevs = [str(v) for v in c["stateabb"]]
    names = [str(v) for v in c["statenme"]]
    for k, a in enumerate(abbrevs):
        if not _ABBREV.fullmatch(a):
            expected = "a COW abbreviation: three upper-case letters, such as 'USA'"
            raise bad_cell(path, k, "stateabb", a, expected)
    uniq, first = np.unique(codes, return_index=True)
    abbrev = [abbrevs[k] for k in first]
    name = [names[k] for k in first]
    owner: dict[str, tuple[int, int]] = {}
    for k, code in enumerate(codes.tolist()):  # one abbreviation and name per ccode
        at = int(np.searchsorted(uniq, code))
        line = int(first[at]) + 2
        if abbrevs[k] != abbrev[at]:
            expected = f"{abbrev[at]!r}, ccode {code}'s abbreviation on line {line}: one per state"
            raise bad_cell(path, k, "stateabb", abbrevs[k], expected)
        if names[k] != name[at]:
            expected = f"{name[at]!r}, ccode {code}'s name on line {line}: one name per state"
            raise bad_cell(path, k, "statenme", names[k], expected)
        seen = owner.setdefault(abbrevs[k], (code, k))
        if seen[0] != code:
            expected = (
                f"an abbreviation of no other state; line {seen[1] + 2} gives it to ccode {seen[0]}"
            )
            raise bad_cell(path, k, "stateabb", abbrevs[k], expected)
    starts = _spell_dates(states, ("styear", "stmonth", "stday"))
    ends = _spell_dates(states, ("endyear", "endmonth", "endday"))
    last_end: dict[int, tuple[date, int]] = {}
    for k in sorted(range(codes.size), key=lambda k: (int(codes[k]), starts[k])):
        code = int(codes[k])
        if ends[k] < starts[k]:
            raise bad_cell(
                path, k, "endyear", ends[k].isoformat(), f"an end on or after the start {starts[k]}"
            )
        before = last_end.get(code)
        if before is not None and starts[k] <= before[0]:
            expected = f"a start after the end {before[0]} of ccode {code}'s spell on line "
            raise bad_cell(path, k, "styear", starts[k].isoformat(), f"{expected}{before[1] + 2}")
        last_end[code] = (ends[k], k)
    s = system.columns
    years = np.asarray(s["year"], dtype=np.int64)
    year_codes = np.asarray(s["ccode"], dtype=np.int64)
    require_between(system.path, "ccode", year_codes, 1, 999, _CCODES)
    require_between(system.path, "year", years, 1816, 9999, _YEARS)
    known = np.isin(year_codes, uniq)
    require(system.path, "ccode", year_codes, known, f"a ccode of the state list {path}")
    listed = [abbrev[int(np.searchsorted(uniq, v))] for v in year_codes.tolist()]
    given = [str(v) for v in s["stateabb"]]
    for k, (a, b) in enumerate(zip(given, listed, strict=True)):
        if a != b:
            expected = f"{b!r}, the state list's abbreviation of ccode {year_codes[k]}"
            raise bad_cell(system.path, k, "stateabb", a, expected)
    require_unique(system.path, [("ccode", year_codes), ("year", years)], "state-year")
    report = [
        ReadReport(states.path, states.rows, states.rows, {}, {}, states.sha256),
        ReadReport(system.path, system.rows, system.rows, {}, {}, system.sha256),
    ]
    return CowStates(
        ccode=uniq,
        abbrev=tuple(abbrev),
        name=tuple(name),
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
        year = year_arg("CowCapabilities.cinc_of", "year", year)
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

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For another file (named), or a malformed one, naming the line, column, value and
        what was expected: a negative value other than -9, a ``cinc`` above 1, ``nan`` or
        ``inf`` written as a value, a ccode outside 1-999, a state-year given twice.

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
    p = find_file(path, "NMC-60-abridged.csv", "COW capabilities (NMC-60-abridged.csv)")
    t = read_table(
        p,
        {"ccode": "int", "year": "int", "milex": "float", "milper": "float", "cinc": "float"},
        expected="COW National Material Capabilities (NMC)",
    )
    ccode = np.asarray(t.columns["ccode"], dtype=np.int64)
    year = np.asarray(t.columns["year"], dtype=np.int64)
    require_between(t.path, "ccode", ccode, 1, 999, _CCODES)
    require_between(t.path, "year", year, 1816, 9999, _YEARS)
    require_unique(t.path, [("ccode", ccode), ("year", year)], "state-year")
    notes = {}
    cols: dict[str, FloatArray] = {}
    for name, top, what in (
        ("cinc", 1.0, "a share 0-1"),
        ("milex", np.inf, "a value >= 0"),
        ("milper", np.inf, "a value >= 0"),
    ):
        v = np.asarray(t.columns[name], dtype=np.float64)
        missing = v == -9
        require(
            t.path,
            name,
            v,
            missing | ((v >= 0) & (v <= top)),
            f"{what}, or -9 (missing; the only missing-value code)",
        )
        notes[f"missing {name} (-9 -> NaN)"] = int(missing.sum())
        cols[name] = np.where(missing, np.nan, v)
    return CowCapabilities(
        ccode=ccode,
        year=year,
        cinc=cols["cinc"],
        milex=cols["milex"],
        milper=cols["milper"],
        report=ReadReport(t.path, t.rows, t.rows, {}, notes, t.sha256),
    )
