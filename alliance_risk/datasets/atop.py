"""ATOP 5.1 loaders, and the mapping of ATOP alliances to Pact records.

The member-level, alliance-level and directed dyad-year files are read strictly;
:func:`atop_pacts` turns member rows into :class:`~alliance_risk.models.Pact` records.

Quirks handled (see ``docs/data.md``): an exit or end year of 0 means still in force
at the end of the data (2018), not missing; obligations are member-specific and may be
asymmetric; phased alliances have one row per member per phase; a missing entry day is
read as the 1st of the month and a missing exit day as the last day of the month, and
both are counted in the report.

A file that is plainly corrupt is refused with a :class:`DataFileError` naming the file,
the line, the column, the value and what was expected: an exit before the entry, an
obligation flag other than 0 or 1, a month or day that is not one (months and days are
whole numbers), a year outside 1815-2018.

Given the directed dyad-year file, :func:`atop_pacts` also sets what each party owes
each other party (directed pledges), so that the guarantors of a guarantee treaty are
not tied to each other: the file says who owes whom, the member file what under which
alliance.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .._errors import InvalidParameterError
from .._types import IntArray
from ..models import Confidence, Obligation, Pact, Pledge
from ._csv import (
    DataFileError,
    Kind,
    ReadReport,
    Table,
    bad_cell,
    find_file,
    read_table,
    require,
    require_between,
    require_unique,
)
from .cow import CowStates

__all__ = [
    "ATOP_OBLIGATIONS",
    "AtopData",
    "AtopDyadYears",
    "AtopMembers",
    "atop_pacts",
    "read_atop",
    "read_atop_alliances",
    "read_atop_dyad_years",
    "read_atop_members",
]


#: ATOP obligation columns and the obligation each codes.
ATOP_OBLIGATIONS: Mapping[str, Obligation] = {
    "defense": Obligation.DEFENCE,
    "offense": Obligation.OFFENCE,
    "neutral": Obligation.NEUTRALITY,
    "nonagg": Obligation.NON_AGGRESSION,
    "consul": Obligation.CONSULTATION,
}
_FLAGS = tuple(ATOP_OBLIGATIONS)
_NO_PACT = "member rows of alliance phases with fewer than two COW members or no pledge"
_NO_DAY = "member rows whose exit is not after their entry (no day of membership)"


@dataclass(frozen=True, slots=True)
class AtopMembers:
    """The ATOP member-level file: one row per member per alliance phase.

    Dates are split as in the file; ``exit_year == 0`` means still in force in 2018.
    Obligation flags are 0/1 arrays named as ATOP names them.
    """

    atopid: IntArray
    member: IntArray
    phase: IntArray
    entry: tuple[date, ...]
    exit: tuple[date | None, ...]
    flags: Mapping[str, IntArray]
    report: ReadReport


@dataclass(frozen=True, slots=True)
class AtopAlliances:
    """The ATOP alliance-level file: one row per alliance."""

    atopid: IntArray
    begin: tuple[date, ...]
    end: tuple[date | None, ...]
    asymmetric: IntArray
    flags: Mapping[str, IntArray]
    report: ReadReport


@dataclass(frozen=True, slots=True)
class AtopDyadYears:
    """Directed ATOP dyad-years: the obligations ``ccode1`` holds toward ``ccode2``."""

    ccode1: IntArray
    ccode2: IntArray
    year: IntArray
    flags: Mapping[str, IntArray]
    report: ReadReport


@dataclass(frozen=True, slots=True)
class AtopData:
    """All three ATOP files of a folder."""

    members: AtopMembers
    alliances: AtopAlliances
    dyad_years: AtopDyadYears
    version: str = "5.1"


_FIRST_YEAR, _LAST_YEAR = 1815, 2018  # ATOP 5.1's coverage
_YEARS = f"a year {_FIRST_YEAR}-{_LAST_YEAR} (ATOP 5.1's coverage)"
_CCODES = "a state code 1-9999"
_FLAG = "0 or 1 (the obligation is absent or present)"
_ENTRY, _EXIT = ("yrent", "moent", "dayent"), ("yrexit", "moexit", "dayexit")
_BEGIN, _END = ("begyr", "begmo", "begday"), ("endyr", "endmo", "endday")


def _missing(v: float) -> bool:
    return bool(np.isnan(v)) or v == 0


def _dates(
    t: Table, cols: tuple[str, ...], *, end: bool, notes: dict[str, int]
) -> tuple[date | None, ...]:
    """Entry (or exit) dates of an ATOP file, checked; ``None`` for exit year 0.

    A missing (0 or empty) month is read as January for an entry, December for an
    exit; a missing day as the 1st, or the month's last day. Each is counted in
    ``notes``. Anything that is not a date is an error naming line, column and value.
    """
    yc, mc, dc = cols
    y = np.asarray(t.columns[yc], dtype=np.int64)
    m = np.asarray(t.columns[mc], dtype=np.float64)
    d = np.asarray(t.columns[dc], dtype=np.float64)
    path = t.path
    if end:
        still = y == 0
        for col, v in ((mc, m), (dc, d)):
            require(
                path,
                col,
                v,
                ~still | np.isnan(v) | (v == 0),
                f"0 or empty: {yc} 0 means in force at the end of the data",
            )
        require(
            path,
            yc,
            y,
            still | ((y >= _FIRST_YEAR) & (y <= _LAST_YEAR)),
            f"{_YEARS}, or 0 (still in force)",
        )
    else:
        require_between(path, yc, y, _FIRST_YEAR, _LAST_YEAR, _YEARS)
    require(
        path, mc, m, np.isnan(m) | ((m >= 0) & (m <= 12)), "a month 1-12, or 0 or empty (missing)"
    )
    require(
        path, dc, d, np.isnan(d) | ((d >= 0) & (d <= 31)), "a day 1-31, or 0 or empty (missing)"
    )
    what = "exit" if end else "entry"
    out: list[date | None] = []
    for k, (yy, mm, dd) in enumerate(zip(y.tolist(), m.tolist(), d.tolist(), strict=True)):
        if end and yy == 0:
            notes["in force at the end of the data (exit year 0)"] += 1
            out.append(None)
            continue
        if _missing(mm):
            notes[f"{what} month missing: read as {'December' if end else 'January'}"] += 1
            mm = 12 if end else 1
        if _missing(dd):
            widest = "the month's last day" if end else "the 1st"
            notes[f"{what} day missing: read as {widest}"] += 1
            dd = calendar.monthrange(yy, int(mm))[1] if end else 1
        try:
            out.append(date(yy, int(mm), int(dd)))
        except ValueError:
            raise bad_cell(
                path, k, dc, dd, f"a day that exists in {yy}-{int(mm):02d}, or 0 or empty (missing)"
            ) from None
    return tuple(out)


def _in_order(
    t: Table,
    start: tuple[date | None, ...],
    stop: tuple[date | None, ...],
    cols: tuple[str, ...],
    words: tuple[str, str],
) -> None:
    """Refuse a row whose exit (end) is before its entry (beginning): the file is corrupt."""
    for k, (s, e) in enumerate(zip(start, stop, strict=True)):
        if s is not None and e is not None and e < s:
            given = ", ".join(f"{c}={_shown(t.columns[c][k])}" for c in cols)
            raise DataFileError(
                f"{t.path}, line {k + 2}, columns {', '.join(map(repr, cols[3:]))}: {given} "
                f"puts the {words[1]} ({e}) before the {words[0]} ({s}); expected an "
                f"{words[1]} on or after the {words[0]}"
            )


def _shown(v: object) -> str:
    f = float(v)  # type: ignore[arg-type]
    return "empty" if np.isnan(f) else str(int(f))


def _check_flags(t: Table, names: tuple[str, ...]) -> None:
    for name in names:
        require(t.path, name, t.columns[name], np.isin(t.columns[name], (0, 1)), _FLAG)


def read_atop_members(path: str | Path) -> AtopMembers:
    """Read the ATOP member-level file (``atop5_1m.csv``).

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For another file (named), or a malformed one, naming the line, column, value and
        what was expected: a year outside 1815-2018, a month or day that is not one
        (months and days are whole numbers; 0 or empty means missing), an exit before the
        entry, an obligation flag other than 0 or 1, a state code outside 1-9999.

    Notes
    -----
    ATOP version 5.1 (Leeds et al. 2002); citation key ``leeds2002atop``.

    Examples
    --------
    >>> m = read_atop_members("tests/fixtures/atop")
    >>> int(m.report.read) == int(m.report.used)
    True
    """
    p = find_file(path, "atop5_1m.csv", "ATOP member-level file (atop5_1m.csv)")
    cols: dict[str, Kind] = {
        "atopid": "int",
        "member": "int",
        "phase": "int",
        "yrent": "int",
        "moent": "int?",
        "dayent": "int?",
        "yrexit": "int",
        "moexit": "int?",
        "dayexit": "int?",
        **dict.fromkeys(_FLAGS, "int"),
    }
    t = read_table(p, cols, expected="ATOP member-level file (atop5_1m.csv)")
    c = t.columns
    atopid, phase = np.asarray(c["atopid"], np.int64), np.asarray(c["phase"], np.int64)
    require(t.path, "atopid", atopid, atopid >= 1, "an ATOP id >= 1")
    require_between(t.path, "member", c["member"], 1, 9999, _CCODES)
    require(t.path, "phase", phase, phase >= 0, "a phase >= 0 (0: no phases)")
    _check_flags(t, _FLAGS)
    notes: dict[str, int] = defaultdict(int)
    entry = _dates(t, _ENTRY, end=False, notes=notes)
    exit_ = _dates(t, _EXIT, end=True, notes=notes)
    _in_order(t, entry, exit_, (*_ENTRY, *_EXIT), ("entry", "exit"))
    return AtopMembers(
        atopid=np.asarray(c["atopid"], dtype=np.int64),
        member=np.asarray(c["member"], dtype=np.int64),
        phase=np.asarray(c["phase"], dtype=np.int64),
        entry=tuple(e for e in entry if e is not None),
        exit=exit_,
        flags={f: np.asarray(c[f], dtype=np.int64) for f in _FLAGS},
        report=ReadReport(t.path, t.rows, t.rows, {}, dict(notes), t.sha256),
    )


def read_atop_alliances(path: str | Path) -> AtopAlliances:
    """Read the ATOP alliance-level file (``atop5_1a.csv``).

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        As :func:`read_atop_members`: for another file or a malformed one (an end
        before the beginning, a flag or ``asymm`` other than 0 or 1, ...).

    Examples
    --------
    >>> a = read_atop_alliances("tests/fixtures/atop")
    >>> a.end[list(a.atopid).index(3445)] is None  # China-DPRK 1961: still in force
    True
    """
    p = find_file(path, "atop5_1a.csv", "ATOP alliance-level file (atop5_1a.csv)")
    cols: dict[str, Kind] = {
        "atopid": "int",
        "begyr": "int",
        "begmo": "int?",
        "begday": "int?",
        "endyr": "int",
        "endmo": "int?",
        "endday": "int?",
        "asymm": "int",
        **dict.fromkeys(_FLAGS, "int"),
    }
    t = read_table(p, cols, expected="ATOP alliance-level file (atop5_1a.csv)")
    c = t.columns
    atopid = np.asarray(c["atopid"], np.int64)
    require(t.path, "atopid", atopid, atopid >= 1, "an ATOP id >= 1")
    require_unique(t.path, [("atopid", atopid)], "alliance")
    _check_flags(t, ("asymm", *_FLAGS))
    notes: dict[str, int] = defaultdict(int)
    begin = _dates(t, _BEGIN, end=False, notes=notes)
    end = _dates(t, _END, end=True, notes=notes)
    _in_order(t, begin, end, (*_BEGIN, *_END), ("beginning", "end"))
    return AtopAlliances(
        atopid=np.asarray(c["atopid"], dtype=np.int64),
        begin=tuple(b for b in begin if b is not None),
        end=end,
        asymmetric=np.asarray(c["asymm"], dtype=np.int64),
        flags={f: np.asarray(c[f], dtype=np.int64) for f in _FLAGS},
        report=ReadReport(t.path, t.rows, t.rows, {}, dict(notes), t.sha256),
    )


def read_atop_dyad_years(path: str | Path) -> AtopDyadYears:
    """Read the directed ATOP dyad-year file (peacesciencer's ``atop_alliance`` columns).

    Each row holds the obligations ``ccode1`` has toward ``ccode2`` in ``year``.

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For another file (named), or a malformed one, naming the line, column, value and
        what was expected: a flag other than 0 or 1, a year outside 1815-2018, a state
        code outside 1-9999, a state paired with itself, a directed dyad-year given
        twice.

    Examples
    --------
    >>> dy = read_atop_dyad_years("tests/fixtures/atop")
    >>> sorted(dy.flags)
    ['consul', 'defense', 'neutral', 'nonagg', 'offense']
    """
    p = Path(path)
    if p.is_dir():
        p = p / "atop5_1_ddyr_peacesciencer.csv"
    cols: dict[str, Kind] = {
        "ccode1": "int",
        "ccode2": "int",
        "year": "int",
        **{f"atop_{f}": "int" for f in _FLAGS},
    }
    t = read_table(p, cols, expected="ATOP directed dyad-year file")
    c = t.columns
    for name in ("ccode1", "ccode2"):
        require_between(t.path, name, c[name], 1, 9999, _CCODES)
    require(t.path, "ccode2", c["ccode2"], c["ccode1"] != c["ccode2"], "a state other than ccode1")
    require_between(t.path, "year", c["year"], _FIRST_YEAR, _LAST_YEAR, _YEARS)
    _check_flags(t, tuple(f"atop_{f}" for f in _FLAGS))
    require_unique(t.path, [(n, c[n]) for n in ("ccode1", "ccode2", "year")], "directed dyad-year")
    return AtopDyadYears(
        ccode1=np.asarray(c["ccode1"], dtype=np.int64),
        ccode2=np.asarray(c["ccode2"], dtype=np.int64),
        year=np.asarray(c["year"], dtype=np.int64),
        flags={f: np.asarray(c[f"atop_{f}"], dtype=np.int64) for f in _FLAGS},
        report=ReadReport(t.path, t.rows, t.rows, {}, {}, t.sha256),
    )


def read_atop(atop_dir: str | Path) -> AtopData:
    """Read the ATOP member-level, alliance-level and directed dyad-year files of a folder.

    Parameters
    ----------
    atop_dir : str or pathlib.Path
        Folder with ``atop5_1m.csv``, ``atop5_1a.csv`` and
        ``atop5_1_ddyr_peacesciencer.csv``.

    Returns
    -------
    AtopData

    Notes
    -----
    ATOP version 5.1, 1815-2018 (Leeds, Ritter, Mitchell and Long 2002); cite with
    ``alliance_risk.cite("atop")``.

    Examples
    --------
    >>> atop = read_atop("tests/fixtures/atop")
    >>> atop.version, len(set(atop.members.atopid.tolist())) == len(atop.alliances.atopid)
    ('5.1', True)
    """
    return AtopData(
        members=read_atop_members(atop_dir),
        alliances=read_atop_alliances(atop_dir),
        dyad_years=read_atop_dyad_years(atop_dir),
    )


@dataclass(frozen=True, slots=True)
class PactsReport:
    """What became of the ATOP member rows when mapped to pacts.

    ``rows == used + sum(dropped.values())``. When the directed dyad-year file refined
    the mapping (``directed``), the other figures say what that changed against the
    member-level mapping, in which every member owes its obligations to every other.

    Attributes
    ----------
    rows, used, pacts : int
        Member rows read, member rows that became pacts, and pacts made.
    dropped : dict
        Member rows left out, by reason.
    directed : bool
        Whether the directed dyad-year file set what each party owes each other party.
    pledged_pacts : int
        Pacts with directed pledges (a party owing some parties less than its obligations).
    pairs_uncredited : int
        Ordered pairs of parties of a pact in which the first owed the second something
        under the member-level mapping and owes it nothing now.
    pairs_narrowed : int
        Ordered pairs in which the first still owes the second something, but less.
    untied_stretches : int
        Stretches of constant membership left out because the file ties no two of their
        parties (their rows are in ``dropped`` only if the whole alliance phase goes).
    dyad_years_changed : int
        Directed dyad-years (ordered pair x year, 1815-2018) whose tie differs between
        the two mappings. A directed dyad-year is tied when some pact in force that year
        has the first state owe the second something.
    dyad_years_overcredited : int
        Directed dyad-years in which the pacts credit an obligation that the file does
        not record that year (the price of attributing over a stretch's years).
    unmatched : dict
        Directed dyad-years in which the file records an obligation of ``ccode1`` toward
        ``ccode2`` but no pact in force that year has ``ccode1`` owe ``ccode2`` anything,
        by reason (a consistency check of the two files; empty when all match).

    Examples
    --------
    >>> r = PactsReport(rows=3, used=2, pacts=1, dropped={"outside": 1})
    >>> r.rows == r.used + sum(r.dropped.values()), r.directed
    (True, False)
    """

    rows: int
    used: int
    pacts: int
    dropped: Mapping[str, int]
    directed: bool = False
    pledged_pacts: int = 0
    pairs_uncredited: int = 0
    pairs_narrowed: int = 0
    untied_stretches: int = 0
    dyad_years_changed: int = 0
    dyad_years_overcredited: int = 0
    unmatched: Mapping[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        left = "; ".join(f"{n} {why}" for why, n in self.dropped.items() if n) or "none left out"
        text = f"{self.rows} member rows -> {self.pacts} pacts from {self.used} rows; {left}"
        if not self.directed:
            return text
        odd = "; ".join(f"{n} {why}" for why, n in self.unmatched.items() if n) or "none"
        return (
            f"{text}. Directed: {self.pledged_pacts} pacts with pledges, "
            f"{self.pairs_uncredited} ordered pairs un-credited, {self.pairs_narrowed} "
            f"narrowed, {self.untied_stretches} stretches untied, "
            f"{self.dyad_years_changed} directed dyad-years changed, "
            f"{self.dyad_years_overcredited} over-credited; file obligations "
            f"without a pact: {odd}"
        )


_SPAN = 10_000  # ccodes and years are below this, so (ccode1, ccode2, year) is one int64
_OBLIGATIONS = tuple(ATOP_OBLIGATIONS[f] for f in _FLAGS)
_BIT = np.int64(1) << np.arange(len(_FLAGS), dtype=np.int64)  # flag k -> bit k
_UNTIED = "member rows of alliance phases whose every stretch the directed file leaves untied"
_OUTSIDE = "a state outside the COW state list"
_NO_SHARED = "no pact that year with both states in which ccode1 pledges anything"
_DISJOINT = "ccode1's member-level obligations in their pacts are none the directed file records"

BoolArray = npt.NDArray[np.bool_]


def _key(c1: IntArray | int, c2: IntArray | int, year: IntArray | int) -> IntArray:
    return np.asarray((np.asarray(c1) * _SPAN + c2) * _SPAN + year, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _DyadIndex:
    """The directed file sorted by (ccode1, ccode2, year), with running flag counts.

    The obligations ``ccode1`` holds toward ``ccode2`` over a span of years are then two
    binary searches and a difference of counts, for any number of pairs at once.
    """

    keys: IntArray  # sorted (ccode1, ccode2, year) keys
    bits: IntArray  # each row's flags as bits
    counts: IntArray  # (rows + 1, 5): row r counts each flag over the first r rows

    @classmethod
    def build(cls, dy: AtopDyadYears) -> _DyadIndex:
        for name, col in (("ccode1", dy.ccode1), ("ccode2", dy.ccode2), ("year", dy.year)):
            if col.size and (int(col.min()) < 0 or int(col.max()) >= _SPAN):
                raise InvalidParameterError(
                    f"the directed dyad-year file's {name} runs {col.min()}..{col.max()}; "
                    f"expected 0..{_SPAN - 1}"
                )
        keys = _key(dy.ccode1, dy.ccode2, dy.year)
        order = np.argsort(keys, kind="stable")
        flags = np.stack([dy.flags[f][order] > 0 for f in _FLAGS], axis=1)
        counts = np.zeros((keys.size + 1, len(_FLAGS)), dtype=np.int64)
        np.cumsum(flags, axis=0, out=counts[1:])
        return cls(keys[order], flags @ _BIT, counts)

    def held(self, c1: IntArray, c2: IntArray, first: int, last: int) -> BoolArray:
        """Return ``(pairs, 5)``: what ``c1`` holds toward ``c2`` in ``first..last``.

        An obligation is held if the file records it in some year of the span.
        """
        lo = np.searchsorted(self.keys, _key(c1, c2, first), side="left")
        hi = np.searchsorted(self.keys, _key(c1, c2, last), side="right")
        return np.asarray(self.counts[hi] - self.counts[lo] > 0)

    def bits_at(self, keys: IntArray) -> IntArray:
        """Return the flag bits of sorted ``keys`` (0 where the file has no row)."""
        if not self.keys.size:
            return np.zeros(keys.size, np.int64)
        pos = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        return np.where(self.keys[pos] == keys, self.bits[pos], 0)


@dataclass(slots=True)
class _Tally:
    """What the directed mapping changed, gathered stretch by stretch."""

    pledged_pacts: int = 0
    uncredited: int = 0
    narrowed: int = 0
    untied: int = 0
    old: list[IntArray] = field(default_factory=list)  # directed dyad-years tied before
    new: list[IntArray] = field(default_factory=list)  # ... and now
    new_bits: list[IntArray] = field(default_factory=list)  # ... with what is owed

    def add(
        self, c1: IntArray, c2: IntArray, first: int, last: int, before: BoolArray, owed: BoolArray
    ) -> None:
        """Add the directed dyad-years (1815-2018) of one stretch's ordered pairs."""
        span = np.arange(max(first, _FIRST_YEAR), min(last, _LAST_YEAR) + 1, dtype=np.int64)
        keys = _key(c1[:, None], c2[:, None], span[None, :])
        after = owed.any(axis=1)
        self.old.append(keys[before].ravel())
        self.new.append(keys[after].ravel())
        self.new_bits.append(np.repeat(owed[after] @ _BIT, span.size))


def _directed(
    index: _DyadIndex,
    tally: _Tally,
    active: list[str],
    ccodes: IntArray,
    own: Mapping[str, tuple[Obligation, ...]],
    first: int,
    last: int,
) -> tuple[Pledge, ...] | None:
    """Return the pledges of one stretch, or ``None`` if the file ties no two parties."""
    n = len(active)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    member = np.array([[o in own[m] for o in _OBLIGATIONS] for m in active], dtype=bool)[i]
    owed = np.logical_and(member, index.held(ccodes[i], ccodes[j], first, last))
    before, after = np.asarray(member.any(axis=1), bool), np.asarray(owed.any(axis=1), bool)
    differ = (owed != member).any(axis=1)
    tally.uncredited += int(np.sum(before & ~after))
    tally.narrowed += int(np.sum(differ & after))
    tally.add(ccodes[i], ccodes[j], first, last, before, owed)
    if not after.any():
        tally.untied += 1
        return None
    pledges = tuple(
        Pledge(
            party=active[i[q]],
            toward=active[j[q]],
            obligations=tuple(o for o, h in zip(_OBLIGATIONS, owed[q], strict=True) if h),
        )
        for q in np.flatnonzero(differ)
    )
    tally.pledged_pacts += bool(pledges)
    return pledges


def _firsts(keys: IntArray) -> IntArray:
    """Return where each run of equal values of sorted ``keys`` starts."""
    if not keys.size:
        return np.empty(0, np.int64)
    return np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))


def _compare(index: _DyadIndex, tally: _Tally, known: IntArray) -> tuple[int, int, dict[str, int]]:
    """Compare the two mappings with each other and with the directed file.

    Returns the directed dyad-years whose tie changed, those in which the pacts credit
    an obligation the file does not record that year, and the file's dyad-years with an
    obligation that no pact credits, by reason.
    """
    empty = np.empty(0, np.int64)
    old = np.sort(np.concatenate([empty, *tally.old]))
    old = old[_firsts(old)]
    keys = np.concatenate([empty, *tally.new])
    order = np.argsort(keys, kind="stable")
    keys, bits = keys[order], np.concatenate([empty, *tally.new_bits])[order]
    first = _firsts(keys)
    new = keys[first]
    credited = np.bitwise_or.reduceat(bits, first) if keys.size else empty
    overcredited = int(np.count_nonzero(credited & ~index.bits_at(new)))
    changed = int(np.setxor1d(old, new, assume_unique=True).size)
    odd = np.setdiff1d(index.keys[index.bits != 0], new, assume_unique=True)
    c1, c2 = odd // (_SPAN * _SPAN), odd // _SPAN % _SPAN
    outside = ~np.isin(c1, known) | ~np.isin(c2, known)
    disjoint = ~outside & np.isin(odd, old, assume_unique=True)
    unmatched = {
        _OUTSIDE: int(outside.sum()),
        _DISJOINT: int(disjoint.sum()),
        _NO_SHARED: int((~outside & ~disjoint).sum()),
    }
    return changed, overcredited, unmatched


def atop_pacts(
    members: AtopMembers, states: CowStates, dyad_years: AtopDyadYears | None = None
) -> tuple[tuple[Pact, ...], PactsReport]:
    """Map ATOP member rows to Pact records with COW abbreviations as state codes.

    Each alliance phase becomes one pact per stretch of time in which its membership is
    constant (members join and leave at their own dates), so every pair of parties is
    tied exactly while both are members. Each member keeps its own obligations
    (``party_obligations``); a member with none pledges nothing but receives pledges.

    Parameters
    ----------
    members : AtopMembers
        The member-level file (:func:`read_atop_members`).
    states : CowStates
        The COW state list; members outside it are left out (counted).
    dyad_years : AtopDyadYears, optional
        The directed dyad-year file (:func:`read_atop_dyad_years`). Without it every
        member owes its obligations to every other member. With it, what party ``a``
        owes party ``b`` is ``a``'s member-level obligations that the file also records
        from ``a`` toward ``b`` in some year of the stretch (entry year to exit year,
        both included, as ATOP codes dyad-years). Where that is less than ``a``'s
        obligations the pact gets a directed :class:`~alliance_risk.models.Pledge`;
        under a guarantee treaty the guarantors then owe each other nothing (Locarno:
        Britain and Italy guarantee France, Belgium and Germany, not each other). A
        stretch the file ties no pair of is left out (counted).

    Returns
    -------
    pacts : tuple of Pact
        Sorted by alliance, phase and start; ids do not depend on ``dyad_years``.
    report : PactsReport
        Member rows read, used and left out (members that are not COW states, rows
        whose exit is not after their entry), and what the directed file changed.

    Notes
    -----
    The directed file is per dyad-year and aggregates every alliance in force, so it
    cannot say which alliance an obligation comes from. Intersecting with the member's
    obligations in this alliance, over the years of the stretch, is the closest
    attribution the data allow: an obligation the dyad holds through another alliance
    in those years stays credited to this one too, if the member pledges it here.

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> m = read_atop_members("tests/fixtures/atop")
    >>> pacts, report = atop_pacts(m, read_cow_states("tests/fixtures/cow"))
    >>> us_japan = next(p for p in pacts if p.id == "ATOP-3375")
    >>> [str(o) for o in us_japan.obligations_of("JPN")]
    ['consultation']

    With the directed file, the two guarantors of fixture alliance 1495 owe each
    other nothing:

    >>> pacts, report = atop_pacts(m, read_cow_states("tests/fixtures/cow"),
    ...                            read_atop_dyad_years("tests/fixtures/atop"))
    >>> guarantee = next(p for p in pacts if p.id == "ATOP-1495-1")
    >>> guarantee.ties("UKG", "RUS"), guarantee.ties("UKG", "GMY")
    (False, True)
    """
    known = set(states.ccode.tolist())
    index = None if dyad_years is None else _DyadIndex.build(dyad_years)
    tally = _Tally()
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    dropped = {"member rows of states outside the COW state list": 0, _NO_PACT: 0, _NO_DAY: 0}
    if index is not None:
        dropped[_UNTIED] = 0
    for k in range(members.atopid.size):
        if int(members.member[k]) not in known:
            dropped["member rows of states outside the COW state list"] += 1
            continue
        stop = members.exit[k]
        if stop is not None and stop <= members.entry[k]:
            dropped[_NO_DAY] += 1
            continue
        groups[(int(members.atopid[k]), int(members.phase[k]))].append(k)

    pacts: list[Pact] = []
    used = 0
    for (atopid, phase), rows in sorted(groups.items()):
        # A member may leave and rejoin within a phase: it then has several spans.
        pledged: dict[str, set[Obligation]] = defaultdict(set)
        spans: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        ccode_of: dict[str, int] = {}
        for k in rows:
            code = states.abbrev_of(int(members.member[k]))
            ccode_of[code] = int(members.member[k])
            pledged[code].update(ATOP_OBLIGATIONS[f] for f in _FLAGS if members.flags[f][k])
            spans[code].append((members.entry[k], members.exit[k]))
        pledges = {m: tuple(o for o in Obligation if o in pledged[m]) for m in spans}

        def member_at(own: list[tuple[date, date | None]], day: date) -> bool:
            return any(s <= day and (e is None or e > day) for s, e in own)

        cuts = sorted({d for v in spans.values() for s, e in v for d in (s, e) if d is not None})
        stretches = []
        for i, start in enumerate(cuts):
            stop = cuts[i + 1] if i + 1 < len(cuts) else None
            active = [m for m, own in spans.items() if member_at(own, start)]
            if len(active) >= 2 and any(pledges[m] for m in active):
                stretches.append((start, stop, active))
        # Merge neighbouring stretches with the same members (a boundary of a
        # non-member), then make one pact per stretch.
        merged: list[tuple[date, date | None, list[str]]] = []
        for start, stop, active in stretches:
            if merged and merged[-1][1] == start and merged[-1][2] == active:
                merged[-1] = (merged[-1][0], stop, active)
            else:
                merged.append((start, stop, active))
        base = f"ATOP-{atopid}" + (f"-p{phase}" if phase else "")
        kept = 0
        for n, (start, stop, active) in enumerate(merged):
            union = {o for m in active for o in pledges[m]}
            own = {m: pledges[m] for m in active}
            common = tuple(o for o in Obligation if o in union)
            directed: tuple[Pledge, ...] = ()
            if index is not None:
                last = _LAST_YEAR if stop is None else stop.year
                ccodes = np.array([ccode_of[m] for m in active], dtype=np.int64)
                refined = _directed(index, tally, active, ccodes, own, start.year, last)
                if refined is None:  # the file ties no two parties in these years
                    continue
                directed = refined
            pacts.append(
                Pact(
                    id=base if len(merged) == 1 else f"{base}-{n + 1}",
                    name=f"ATOP alliance {atopid}" + (f", phase {phase}" if phase else ""),
                    parties=tuple(active),
                    signed=start,
                    in_force=start,
                    ended=stop,
                    obligations=common,
                    party_obligations={m: o for m, o in own.items() if o != common},
                    pledges=directed,
                    source=(_source(atopid, index is not None),),
                    confidence=Confidence.CONFIRMED,
                )
            )
            kept += 1
        if kept:
            used += len(rows)
        else:
            dropped[_UNTIED if merged else _NO_PACT] += len(rows)
    report = PactsReport(
        rows=int(members.atopid.size), used=used, pacts=len(pacts), dropped=dropped
    )
    if index is not None:
        changed, overcredited, unmatched = _compare(index, tally, states.ccode)
        report = replace(
            report,
            directed=True,
            pledged_pacts=tally.pledged_pacts,
            pairs_uncredited=tally.uncredited,
            pairs_narrowed=tally.narrowed,
            untied_stretches=tally.untied,
            dyad_years_changed=changed,
            dyad_years_overcredited=overcredited,
            unmatched=unmatched,
        )
    return tuple(pacts), report


def _source(atopid: int, directed: bool) -> str:
    files = "member-level and directed dyad-year files" if directed else "member-level file"
    return f"ATOP 5.1 (Leeds et al. 2002), atopid {atopid}, {files}"
