"""History-of-conflict loaders: COW disputes and wars, strategic rivalries, contiguity, IGOs.

Each ``read_*`` reads one file strictly into typed arrays with a :class:`ReadReport`;
``*_conflicts`` and ``*_records`` map them to :class:`~alliance_risk.models.Conflict`,
:class:`~alliance_risk.models.Rivalry` and :class:`~alliance_risk.models.Contiguity`
records with COW abbreviations as state codes, and a :class:`RecordsReport` in which
every row is accounted for: ``read == used + sum(dropped.values())``.

Quirks handled (see ``docs/data.md``): MID -9 days (1st of the month for starts, the
month's last day for ends); a state with several rows in one dispute (separate spells);
states that switch sides; COW war second spells, -7 (ongoing), -8 (not applicable) and
-9 (unknown) codes; rivalries right-bounded at the end of their data (ongoing);
contiguity listed in both directions and its conttype 0 (not contiguous).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .._errors import InvalidParameterError, MissingDataError
from .._types import FloatArray, IntArray
from ..models import (
    Confidence,
    Conflict,
    ConflictKind,
    Contiguity,
    IgoCount,
    JointIgos,
    Participant,
    Rivalry,
)
from ..world import World
from ._csv import (
    DataFileError,
    Kind,
    ReadReport,
    _identify,
    bad_cell,
    find_file,
    header_of,
    read_table,
    require,
    require_between,
)
from .cow import CowStates

__all__ = [
    "CONTIGUITY_LEVELS",
    "HISTORY_FOLDERS",
    "RIVALRY_TYPES",
    "CowContiguity",
    "CowIgo",
    "CowMids",
    "CowWars",
    "HistoryReport",
    "RecordsReport",
    "Rivalries",
    "contiguity_records",
    "history_report",
    "history_world",
    "mid_conflicts",
    "read_cow_contiguity",
    "read_cow_igo",
    "read_cow_mids",
    "read_cow_wars",
    "read_rivalries",
    "rivalry_records",
    "war_conflicts",
]

BoolArray = npt.NDArray[np.bool_]

#: COW contiguity types (``conttype``); 0 is peacesciencer's "more than 400 miles of water".
CONTIGUITY_LEVELS: Mapping[int, str] = {
    1: "land border",
    2: "separated by 12 miles of water or less",
    3: "separated by 24 miles of water or less",
    4: "separated by 150 miles of water or less",
    5: "separated by 400 miles of water or less",
}
#: The rivalry types both rivalry data sets code.
RIVALRY_TYPES: tuple[str, ...] = ("positional", "spatial", "ideological", "interventionary")

# File names, as the signatures in ``_csv.SIGNATURES`` name them.
_MID = "COW MID 5.0 participant file (MIDB_5.0.csv)"
_WARS = "COW Inter-State War file (Inter-StateWarData_v4.0.csv)"
_TD = "Thompson-Dreyer rivalries (td_rivalries.csv)"
_TSS = "Thompson-Sakuwa-Suhas rivalries (tss_rivalries.csv)"
_CONT = "COW direct contiguity, directed (contdir_peacesciencer.csv)"
_IGO = "COW IGO non-directed dyad-years (igo_ndy_peacesciencer.csv)"

# Citations put into every record's ``source``, followed by the row's key.
_CITE_MID = "COW MID 5.0 (Palmer et al. 2022)"
_CITE_WARS = "COW Inter-State War 4.0 (Sarkees and Wayman 2010)"
_CITE_TD = "Strategic rivalries (Thompson and Dreyer 2012)"
_CITE_TSS = "Strategic rivalries (Thompson, Sakuwa and Suhas 2021)"
_CITE_CONT = "COW Direct Contiguity 3.2 (Stinnett et al. 2002)"
_CITE_IGO = "COW IGO 3.0 (Pevehouse et al. 2020)"

#: Lower bound of each MID fatality band (``fatality`` 0-6): 6 is "more than 999".
_BAND_LOW = (0, 1, 26, 101, 251, 501, 1000)
_BAND_HIGH = (0, 25, 100, 250, 500, 999, None)

# The last year of each rivalry data set: rivalries ending then are ongoing.
_RIVALRY_LAST = {"TD": 2010, "TSS": 2020}
# COW Direct Contiguity 3.2 ends in December 2016: spells ending then are ongoing.
_CONTIGUITY_END = date(2016, 12, 1)

_NOT_COW = "rows of states not in the COW state list"
_OTHER_SIDE = "participant rows overlapping the same state's spell on the other side"
_REFUSED = "rows of conflicts the Conflict model refused"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- reports and shared checks -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordsReport(ReadReport):
    """What became of the rows when mapped to records: nothing is left out uncounted.

    ``read == used + sum(dropped.values())``, where ``read`` counts the rows handed to the
    mapper and ``used`` the rows behind the records made.

    Attributes
    ----------
    records : int
        Records made.
    details : tuple of str
        One sentence per exceptional case: a conflict that could not be made (and why),
        spells merged or dropped, a spell with no mirror row.
    """

    records: int = 0
    details: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{ReadReport.__str__(self)}; {self.records} records"


_bad = bad_cell
_require = require
_CCODES = "a state code 1-999"


def _ints(columns: Mapping[str, npt.NDArray[np.generic]], name: str) -> IntArray:
    return np.asarray(columns[name], dtype=np.int64)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --- COW Militarized Interstate Disputes -------------------------------------------------


@dataclass(frozen=True, slots=True)
class CowMids:
    """COW MID 5.0 participant rows (MIDB): one row per state per spell in a dispute.

    Attributes
    ----------
    dispnum, ccode : IntArray
        Dispute number and COW state code.
    start, end : tuple of date
        The participant's first and last day; a missing day (-9) is read as the 1st
        (start) or the month's last day (end), flagged in ``start_day_missing`` and
        ``end_day_missing``.
    start_day_missing, end_day_missing : BoolArray
        Where the file has -9 for the day.
    sidea : BoolArray
        True on side A (``sidea == 1``).
    hostlev : IntArray
        Highest hostility level the participant reached, 1-5.
    hiact : IntArray
        Highest action, 0-21.
    fatality : FloatArray
        Fatality band 0-6 (0 none, 1: 1-25, ..., 6: more than 999); NaN where the file
        has -9 (missing), never 0.
    fatalpre : FloatArray
        Precise fatalities where coded; NaN where the file has -9.
    orig, revstate : BoolArray
        Originator of the dispute; revisionist state.
    report : ReadReport
        Rows read and used, and the conventions applied.
    """

    dispnum: IntArray
    ccode: IntArray
    start: tuple[date, ...]
    end: tuple[date, ...]
    start_day_missing: BoolArray
    end_day_missing: BoolArray
    sidea: BoolArray
    hostlev: IntArray
    hiact: IntArray
    fatality: FloatArray
    fatalpre: FloatArray
    orig: BoolArray
    revstate: BoolArray
    report: ReadReport


def _mid_dates(
    path: str, y: IntArray, m: IntArray, d: IntArray, cols: tuple[str, str, str], *, end: bool
) -> tuple[date, ...]:
    """Dates of MID starts or ends; years and months were checked, days are 1-31 or -9."""
    out: list[date] = []
    for k, (yy, mm, dd) in enumerate(zip(y.tolist(), m.tolist(), d.tolist(), strict=True)):
        day = (_last_day(yy, mm) if end else 1) if dd == -9 else dd
        try:
            out.append(date(yy, mm, day))
        except ValueError:
            raise _bad(
                path, k, cols[2], dd, f"a day that exists in {yy}-{mm:02d} (or -9, missing)"
            ) from None
    return tuple(out)


def read_cow_mids(path: str | Path) -> CowMids:
    """Read the COW MID 5.0 participant-level file (``MIDB_5.0.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, or the folder holding it.

    Returns
    -------
    CowMids

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For a malformed file, naming the line, column, value and what was expected, or
        for another file (named). A missing (-9) month or year is an error: MID 5.0
        codes only days as missing, and a participant with no month has no date. So
        are a day that does not exist (30 February), a dispute number below 1, a ccode
        outside 1-999, and any code outside its documented range.

    Notes
    -----
    A missing start day (-9) is read as the 1st of the month and a missing end day as
    the month's last day (the widest reading); both are counted in ``report.notes``.
    Missing fatality codes stay NaN, never 0. ``fatalpre`` must lie within its
    ``fatality`` band. Data version 5.0 (Palmer et al. 2022); cite with
    ``alliance_risk.cite("cow_mid")``.

    Examples
    --------
    >>> mids = read_cow_mids("tests/fixtures/mid")
    >>> mids.report.notes["start day missing (-9): read as the 1st"]
    2
    >>> mids.start[0], mids.end[0]  # MID 2: "-9 July 1902" to 24 January 1903
    (datetime.date(1902, 7, 1), datetime.date(1903, 1, 24))
    """
    p = find_file(path, "MIDB_5.0.csv", _MID)
    names = (
        "dispnum",
        "ccode",
        "stday",
        "stmon",
        "styear",
        "endday",
        "endmon",
        "endyear",
        "sidea",
        "revstate",
        "fatality",
        "fatalpre",
        "hiact",
        "hostlev",
        "orig",
    )
    t = read_table(p, dict.fromkeys(names, "int"), expected=_MID)
    c = {n: _ints(t.columns, n) for n in names}
    path_ = t.path
    _require(path_, "dispnum", c["dispnum"], c["dispnum"] >= 1, "a dispute number >= 1")
    require_between(path_, "ccode", c["ccode"], 1, 999, _CCODES)
    for y, m, d in (("styear", "stmon", "stday"), ("endyear", "endmon", "endday")):
        _require(path_, y, c[y], c[y] != -9, "a year; MID 5.0 codes only days as missing (-9)")
        _require(path_, y, c[y], (c[y] >= 1) & (c[y] <= 9999), "a year")
        _require(
            path_, m, c[m], c[m] != -9, "a month 1-12; MID 5.0 codes only days as missing (-9)"
        )
        _require(path_, m, c[m], (c[m] >= 1) & (c[m] <= 12), "a month 1-12")
        _require(
            path_,
            d,
            c[d],
            (c[d] == -9) | ((c[d] >= 1) & (c[d] <= 31)),
            "a day 1-31, or -9 (missing)",
        )
    for name in ("sidea", "revstate", "orig"):
        _require(path_, name, c[name], np.isin(c[name], (0, 1)), "0 or 1")
    _require(
        path_,
        "hostlev",
        c["hostlev"],
        (c["hostlev"] >= 1) & (c["hostlev"] <= 5),
        "a hostility level 1-5",
    )
    _require(
        path_, "hiact", c["hiact"], (c["hiact"] >= 0) & (c["hiact"] <= 21), "a highest action 0-21"
    )
    band, pre = c["fatality"], c["fatalpre"]
    _require(
        path_,
        "fatality",
        band,
        (band == -9) | ((band >= 0) & (band <= 6)),
        "a fatality band 0-6, or -9 (missing)",
    )
    _require(
        path_, "fatalpre", pre, (pre == -9) | (pre >= 0), "a number of deaths >= 0, or -9 (missing)"
    )
    known = (pre >= 0) & (band >= 0)
    low = np.array(_BAND_LOW)[np.clip(band, 0, 6)]
    high = np.array([h if h is not None else np.iinfo(np.int64).max for h in _BAND_HIGH])
    inside = (pre == -9) | (known & (pre >= low) & (pre <= high[np.clip(band, 0, 6)]))
    _require(path_, "fatalpre", pre, inside, "a count within the row's fatality band (or -9)")
    start = _mid_dates(
        path_, c["styear"], c["stmon"], c["stday"], ("styear", "stmon", "stday"), end=False
    )
    end = _mid_dates(
        path_, c["endyear"], c["endmon"], c["endday"], ("endyear", "endmon", "endday"), end=True
    )
    for k, (s, e) in enumerate(zip(start, end, strict=True)):
        if e < s:
            raise _bad(path_, k, "endyear", f"{e}", f"an end on or after the start {s}")
    notes = {
        "start day missing (-9): read as the 1st": int((c["stday"] == -9).sum()),
        "end day missing (-9): read as the month's last day": int((c["endday"] == -9).sum()),
        "fatality band missing (-9 -> NaN)": int((band == -9).sum()),
        "precise fatalities missing (-9 -> NaN)": int((pre == -9).sum()),
    }
    return CowMids(
        dispnum=c["dispnum"],
        ccode=c["ccode"],
        start=start,
        end=end,
        start_day_missing=c["stday"] == -9,
        end_day_missing=c["endday"] == -9,
        sidea=c["sidea"] == 1,
        hostlev=c["hostlev"],
        hiact=c["hiact"],
        fatality=np.where(band == -9, np.nan, band.astype(np.float64)),
        fatalpre=np.where(pre == -9, np.nan, pre.astype(np.float64)),
        orig=c["orig"] == 1,
        revstate=c["revstate"] == 1,
        report=ReadReport(t.path, t.rows, t.rows, {}, notes, t.sha256),
    )


# --- sides and spells, shared by disputes and wars ---------------------------------------


@dataclass(slots=True)
class _Spell:
    side: int  # 0 = side A, 1 = side B
    state: str
    joined: date
    left: date | None
    hostility: int | None
    rows: set[int]  # data rows behind it (0-based)


def _overlaps(a: _Spell, b: _Spell) -> bool:
    return a.joined <= (b.left or date.max) and b.joined <= (a.left or date.max)


def _span(s: _Spell) -> str:
    return f"{s.joined} to {s.left or 'ongoing'}"


def _lines(rows: set[int]) -> str:
    ls = sorted(r + 2 for r in rows)
    return f"line{'s' if len(ls) > 1 else ''} {', '.join(map(str, ls))}"


def _arrange(
    label: str, spells: list[_Spell], notes: Counter[str], details: list[str]
) -> list[_Spell]:
    """Keep each state's spells apart: merge same-side overlaps, drop other-side ones.

    Spells of one state are taken in order of joining; since kept spells never overlap,
    a new spell can overlap only the state's latest kept spell.
    """
    kept: dict[str, list[_Spell]] = defaultdict(list)
    for s in sorted(spells, key=lambda s: (s.state, s.joined, min(s.rows))):
        mine = kept[s.state]
        last = mine[-1] if mine else None
        if last is None or not _overlaps(last, s):
            mine.append(s)
            continue
        if last.side == s.side:
            notes["overlapping spells of one state on one side: merged"] += 1
            details.append(
                f"{label}: {s.state}'s spells {_span(last)} ({_lines(last.rows)}) and "
                f"{_span(s)} ({_lines(s.rows)}) overlap on side {'AB'[s.side]}; merged"
            )
            last.left = None if last.left is None or s.left is None else max(last.left, s.left)
            if s.hostility is not None:
                last.hostility = max(last.hostility or 0, s.hostility)
            last.rows |= s.rows
        else:
            notes["spells dropped: overlapping the same state's spell on the other side"] += 1
            details.append(
                f"{label}: {s.state}'s spell {_span(s)} on side {'AB'[s.side]} "
                f"({_lines(s.rows)}) overlaps its spell {_span(last)} on side "
                f"{'AB'[last.side]} ({_lines(last.rows)}); dropped (a state switching "
                "sides must leave first)"
            )
    return [s for state in sorted(kept) for s in kept[state]]


_Sides = tuple[tuple[Participant, ...], tuple[Participant, ...]]
# Makes the record from the two sides, the spells kept and the data rows behind them.
_Make = Callable[[_Sides, list[_Spell], set[int]], Conflict]


def _participants(spells: list[_Spell], side: int) -> tuple[Participant, ...]:
    mine = sorted((s for s in spells if s.side == side), key=lambda s: (s.joined, s.state))
    return tuple(
        Participant(state=s.state, joined=s.joined, left=s.left, hostility=s.hostility)
        for s in mine
    )


def _switched(spells: list[_Spell]) -> int:
    sides: dict[str, set[int]] = defaultdict(set)
    for s in spells:
        sides[s.state].add(s.side)
    return sum(len(v) == 2 for v in sides.values())


@dataclass(slots=True)
class _Tally:
    """Running counts for a mapper's report."""

    read: int
    used: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)

    def report(self, base: ReadReport, reasons: Sequence[str], records: int) -> RecordsReport:
        dropped = {r: self.dropped[r] for r in reasons} | dict(self.dropped)
        return RecordsReport(
            path=base.path,
            read=self.read,
            used=self.used,
            dropped=dropped,
            notes=dict(self.notes),
            sha256=base.sha256,
            records=records,
            details=tuple(self.details),
        )


def _conflict(
    tally: _Tally,
    what: str,
    plural: str,
    rows: list[int],
    spells: list[_Spell],
    make: _Make,
) -> Conflict | None:
    """Arrange spells into two sides and make the Conflict, or count why not."""
    kept = _arrange(what, spells, tally.notes, tally.details)
    behind = set().union(*(s.rows for s in kept)) if kept else set()
    lost = [k for k in rows if k not in behind]
    tally.dropped[_OTHER_SIDE] += len(lost)
    sides: _Sides = (_participants(kept, 0), _participants(kept, 1))
    empty = [n for n, side in zip("AB", sides, strict=True) if not side]
    if empty:
        tally.dropped[f"rows of {plural} left with an empty side"] += len(behind)
        tally.details.append(
            f"{what}: no record: side {' and '.join(empty)} has no participant that is a "
            "COW state (see the rows dropped)"
        )
        return None
    try:
        record = make(sides, kept, behind)
    except ValueError as err:  # pydantic's ValidationError is a ValueError
        tally.dropped[_REFUSED] += len(behind)
        tally.details.append(f"{what}: no record: {err}")
        return None
    tally.used += len(behind)
    tally.notes["states on both sides (switched sides)"] += _switched(kept)
    return record


def mid_conflicts(mids: CowMids, states: CowStates) -> tuple[tuple[Conflict, ...], RecordsReport]:
    """Map MID participant rows to one :class:`~alliance_risk.models.Conflict` per dispute.

    Each dispute becomes a Conflict of kind ``dispute`` with id ``MID-<dispnum>``: side A
    holds the participants with ``sidea == 1``; each participant row is one spell
    (a state that rejoins has several), with its own ``hostlev`` as hostility.

    Parameters
    ----------
    mids : CowMids
        From :func:`read_cow_mids`.
    states : CowStates
        From :func:`~alliance_risk.datasets.read_cow_states`: codes are COW abbreviations.

    Returns
    -------
    conflicts : tuple of Conflict
        Sorted by dispute number.
    report : RecordsReport
        Rows read, used and dropped by reason; conventions applied; ``details`` says
        exactly why any dispute could not become a record.

    Notes
    -----
    - start and end: the earliest participant start and the latest participant end.
    - hostility: the highest ``hostlev``.
    - fatalities: the sum over participant rows of the precise count (``fatalpre``)
      where coded, else the lower bound of the row's fatality band (1, 26, 101, 251,
      501, 1000); rows with a missing band are left out of the sum and named in the
      record's ``note``; ``None`` if no row's fatalities are known (never 0).
    - Overlapping spells of one state on one side are merged; a spell overlapping the
      same state's spell on the other side is dropped (the later one). Both are
      counted and described in ``details``. MID 5.0 has neither.
    - Rows of states outside the COW state list are dropped and counted; a dispute
      left with an empty side is not made, and its rows are counted.

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> mids = read_cow_mids("tests/fixtures/mid")
    >>> conflicts, report = mid_conflicts(mids, read_cow_states("tests/fixtures/cow"))
    >>> ww2 = next(c for c in conflicts if c.id == "MID-258")
    >>> [(p.state, str(p.joined)) for p in ww2.sides[0] if p.state == "RUS"]
    [('RUS', '1941-06-22')]
    >>> ww2.first_side("RUS")  # with Germany in September 1939
    1
    >>> report.read == report.used + sum(report.dropped.values())
    True
    """
    known = set(states.ccode.tolist())
    tally = _Tally(read=int(mids.dispnum.size))
    groups: dict[int, list[int]] = defaultdict(list)
    for k, (disp, code) in enumerate(zip(mids.dispnum.tolist(), mids.ccode.tolist(), strict=True)):
        if code not in known:
            tally.dropped[_NOT_COW] += 1
            tally.details.append(
                f"MID {disp}: ccode {code} (line {k + 2}) is not a COW state; row dropped"
            )
        groups[disp].append(k)
    conflicts: list[Conflict] = []
    for disp in sorted(groups):
        rows = [k for k in groups[disp] if int(mids.ccode[k]) in known]
        spells = [
            _Spell(
                side=0 if mids.sidea[k] else 1,
                state=states.abbrev_of(int(mids.ccode[k])),
                joined=mids.start[k],
                left=mids.end[k],
                hostility=int(mids.hostlev[k]),
                rows={k},
            )
            for k in rows
        ]
        extra = len(rows) - len({s.state for s in spells})
        tally.notes["rows that are a state's second or later spell in a dispute"] += extra

        def make(sides: _Sides, kept: list[_Spell], behind: set[int], disp: int = disp) -> Conflict:
            order = sorted(behind)
            deaths, banded = 0, 0
            unknown: list[str] = []
            for k in order:
                pre, band = float(mids.fatalpre[k]), float(mids.fatality[k])
                if not np.isnan(pre):
                    deaths += int(pre)
                elif not np.isnan(band):
                    deaths += _BAND_LOW[int(band)]
                    banded += int(band) > 0
                else:
                    unknown.append(states.abbrev_of(int(mids.ccode[k])))
            tally.notes["participant rows counted at their fatality band's lower bound"] += banded
            tally.notes["participant rows with unknown fatalities, not counted"] += len(unknown)
            note = []
            if banded:
                note.append("fatalities are a lower bound (MID fatality bands)")
            if unknown and len(unknown) < len(order):
                note.append(
                    f"fatalities unknown for {', '.join(sorted(set(unknown)))}: not counted"
                )
            if len(unknown) == len(order):
                tally.notes["disputes with no known fatalities (fatalities None)"] += 1
            return Conflict(
                id=f"MID-{disp}",
                name=f"MID {disp}",
                kind=ConflictKind.DISPUTE,
                start=min(s.joined for s in kept),
                end=max(s.left for s in kept if s.left is not None),
                hostility=max(int(mids.hostlev[k]) for k in order),
                fatalities=None if len(unknown) == len(order) else deaths,
                sides=sides,
                source=(f"{_CITE_MID}, dispnum {disp}",),
                confidence=Confidence.CONFIRMED,
                note="; ".join(note) or None,
            )

        made = _conflict(tally, f"MID {disp}", "disputes", rows, spells, make)
        if made is not None:
            conflicts.append(made)
    report = tally.report(mids.report, (_NOT_COW, _OTHER_SIDE), len(conflicts))
    return tuple(conflicts), report


# --- COW Inter-State Wars ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CowWars:
    """COW Inter-State War 4.0 participants: one row per state per side of a war.

    Attributes
    ----------
    warnum, ccode : IntArray
        War number and COW state code.
    name : tuple of str
        The war's name (``WarName``).
    side : IntArray
        1 or 2.
    start1, end1 : tuple
        The first spell; ``end1`` is ``None`` where the file codes -7 (ongoing).
    start2, end2 : tuple
        The second spell, ``None`` where the file codes -8 (not applicable); ``end2``
        is also ``None`` for an ongoing second spell.
    batdeath : FloatArray
        Battle deaths; NaN for -9 (unknown) and -8 (not applicable), never 0.
    initiator : BoolArray
        True where ``Initiator == 1``.
    outcome : IntArray
        COW outcome code.
    report : ReadReport
        Rows read and used, and the conventions applied.
    """

    warnum: IntArray
    name: tuple[str, ...]
    ccode: IntArray
    side: IntArray
    start1: tuple[date, ...]
    end1: tuple[date | None, ...]
    start2: tuple[date | None, ...]
    end2: tuple[date | None, ...]
    batdeath: FloatArray
    initiator: BoolArray
    outcome: IntArray
    report: ReadReport


def _war_date(
    path: str,
    k: int,
    ymd: tuple[int, int, int],
    cols: tuple[str, str, str],
    *,
    end: bool,
    notes: Counter[str],
) -> date | None:
    """One COW war date: -9 day or month read widest, -7 end = ongoing (None)."""
    y, m, d = ymd
    what = "end" if end else "start"
    if end and y == -7:
        if m not in (-7, -9) or d not in (-7, -9):
            raise _bad(
                path,
                k,
                cols[1],
                m if m not in (-7, -9) else d,
                "-7 (ongoing) in all three end fields, as in the year",
            )
        notes["end coded -7 (ongoing): None"] += 1
        return None
    if y < 1 or y > 9999:
        expected = "a year (a war date's year cannot be unknown)" if y == -9 else "a year"
        raise _bad(path, k, cols[0], y, expected)
    if m == -9:
        notes[f"{what} month unknown (-9): read as {'December' if end else 'January'}"] += 1
        m = 12 if end else 1
    elif not 1 <= m <= 12:
        raise _bad(path, k, cols[1], m, "a month 1-12, or -9 (unknown)")
    if d == -9:
        widest = "the month's last day" if end else "the 1st"
        notes[f"{what} day unknown (-9): read as {widest}"] += 1
        d = _last_day(y, m) if end else 1
    elif not 1 <= d <= 31:
        raise _bad(path, k, cols[2], d, "a day 1-31, or -9 (unknown)")
    try:
        return date(y, m, d)
    except ValueError:
        raise _bad(path, k, cols[2], d, f"a day that exists in {y}-{m:02d}") from None


def read_cow_wars(path: str | Path) -> CowWars:
    """Read COW Inter-State War 4.0 participants (``Inter-StateWarData_v4.0.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, or the folder holding it.

    Returns
    -------
    CowWars

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For a malformed file (naming line, column, value and what was expected), or
        another file (named): an unknown year, a month 13, a day that does not exist,
        a spell ending before it starts, a second spell only partly coded -8, a ccode
        outside 1-999, an ``Initiator`` other than 1 or 2, an ``Outcome`` outside 1-8.

    Notes
    -----
    -9 (unknown) days and months are read widest: a start on the 1st (of January), an
    end on the month's last day (of December); -7 in an end year means ongoing (the
    end is ``None``); -8 in all six second-spell fields means there is none. Each
    convention is counted in ``report.notes``. Battle deaths coded -8 or -9 are NaN.
    Data version 4.0 (Sarkees and Wayman 2010); cite with
    ``alliance_risk.cite("cow_wars")``.

    Examples
    --------
    >>> wars = read_cow_wars("tests/fixtures/wars")
    >>> k = next(k for k, w in enumerate(wars.warnum) if w == 139 and wars.ccode[k] == 365)
    >>> wars.start2[k], wars.end2[k]  # the USSR's war against Japan, August 1945
    (datetime.date(1945, 8, 8), datetime.date(1945, 8, 14))
    """
    p = find_file(path, "Inter-StateWarData_v4.0.csv", _WARS)
    spell_cols = [
        f"{part}{unit}{n}"
        for n in (1, 2)
        for part in ("Start", "End")
        for unit in ("Year", "Month", "Day")
    ]
    kinds: dict[str, Kind] = {
        "WarNum": "int",
        "WarName": "str",
        "ccode": "int",
        "Side": "int",
        **dict.fromkeys(spell_cols, "int"),
        "Initiator": "int",
        "Outcome": "int",
        "BatDeath": "int",
    }
    t = read_table(p, kinds, expected=_WARS)
    c = {n: _ints(t.columns, n) for n in kinds if kinds[n] == "int"}
    path_ = t.path
    _require(path_, "WarNum", c["WarNum"], c["WarNum"] >= 1, "a war number >= 1")
    require_between(path_, "ccode", c["ccode"], 1, 999, _CCODES)
    _require(path_, "Side", c["Side"], np.isin(c["Side"], (1, 2)), "1 or 2")
    _require(
        path_,
        "Initiator",
        c["Initiator"],
        np.isin(c["Initiator"], (1, 2)),
        "1 (initiator) or 2 (not)",
    )
    require_between(path_, "Outcome", c["Outcome"], 1, 8, "a COW outcome code 1-8")
    deaths = c["BatDeath"]
    _require(
        path_,
        "BatDeath",
        deaths,
        (deaths >= 0) | np.isin(deaths, (-8, -9)),
        "a number of deaths >= 0, -8 (not applicable) or -9 (unknown)",
    )
    notes: Counter[str] = Counter()
    spell2 = [f"{q}{u}2" for q in ("Start", "End") for u in ("Year", "Month", "Day")]
    none2 = np.all(np.stack([c[col] for col in spell2]) == -8, axis=0)
    dates: dict[str, list[date | None]] = {}
    for n in (1, 2):
        for part in ("Start", "End"):
            cols = (f"{part}Year{n}", f"{part}Month{n}", f"{part}Day{n}")
            out: list[date | None] = []
            for k, ymd in enumerate(zip(*(c[col].tolist() for col in cols), strict=True)):
                if n == 2 and none2[k]:
                    out.append(None)
                    continue
                if -8 in ymd:
                    raise _bad(
                        path_,
                        k,
                        cols[ymd.index(-8)],
                        -8,
                        "a date; -8 (not applicable) only in all six second-spell fields",
                    )
                out.append(_war_date(path_, k, ymd, cols, end=part == "End", notes=notes))
            dates[f"{part}{n}"] = out
    start1: list[date] = []
    for k, s in enumerate(dates["Start1"]):
        if s is None:  # a start is never None; -7 is refused in starts
            raise _bad(path_, k, "StartYear1", -7, "a year")
        start1.append(s)
    for n in (1, 2):
        for k, (s, e) in enumerate(zip(dates[f"Start{n}"], dates[f"End{n}"], strict=True)):
            if s is not None and e is not None and e < s:
                raise _bad(path_, k, f"EndYear{n}", str(e), f"an end on or after the start {s}")
    notes["participants with a second spell"] = int((~none2).sum())
    notes["battle deaths unknown (-9 -> NaN)"] = int((deaths == -9).sum())
    notes["battle deaths not applicable (-8 -> NaN)"] = int((deaths == -8).sum())
    return CowWars(
        warnum=c["WarNum"],
        name=tuple(str(v) for v in t.columns["WarName"]),
        ccode=c["ccode"],
        side=c["Side"],
        start1=tuple(start1),
        end1=tuple(dates["End1"]),
        start2=tuple(dates["Start2"]),
        end2=tuple(dates["End2"]),
        batdeath=np.where(deaths < 0, np.nan, deaths.astype(np.float64)),
        initiator=c["Initiator"] == 1,
        outcome=c["Outcome"],
        report=ReadReport(t.path, t.rows, t.rows, {}, dict(notes), t.sha256),
    )


def war_conflicts(wars: CowWars, states: CowStates) -> tuple[tuple[Conflict, ...], RecordsReport]:
    """Map COW war participants to one :class:`~alliance_risk.models.Conflict` per war.

    Each war becomes a Conflict of kind ``war`` with id ``WAR-<WarNum>``, hostility 5
    and the war's name: Side 1 is side A, Side 2 side B. A participant's second spell
    becomes a second Participant on the same side; a state that switched sides has a
    row, and Participants, on each side.

    Parameters
    ----------
    wars : CowWars
        From :func:`read_cow_wars`.
    states : CowStates
        From :func:`~alliance_risk.datasets.read_cow_states`.

    Returns
    -------
    conflicts : tuple of Conflict
        Sorted by war number.
    report : RecordsReport
        Rows read, used and dropped by reason; ``details`` says exactly why any war
        could not become a record.

    Notes
    -----
    - The war's span is the earliest participant start to the latest participant end
      (``None`` if a participant is ongoing), so every spell lies within it.
    - fatalities: the sum of ``BatDeath`` over the rows used where known; -8 and -9
      count no deaths and are named in the record's ``note``; ``None`` if no row's
      deaths are known (never 0).
    - Participants carry no hostility: COW war data code none per participant.
    - Overlapping spells are merged (same side) or dropped (other side) as in
      :func:`mid_conflicts`; COW 4.0 has none.

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> wars = read_cow_wars("tests/fixtures/wars")
    >>> conflicts, report = war_conflicts(wars, read_cow_states("tests/fixtures/cow"))
    >>> ww2 = next(c for c in conflicts if c.id == "WAR-139")
    >>> [(p.state, str(p.joined)) for p in ww2.sides[0] if p.state == "RUS"]
    [('RUS', '1941-06-22'), ('RUS', '1945-08-08')]
    >>> latvia = next(c for c in conflicts if c.id == "WAR-108")
    >>> latvia.first_side("GMY"), latvia.side_of("GMY", date(1919, 5, 1))  # switched
    (0, 1)
    """
    known = set(states.ccode.tolist())
    tally = _Tally(read=int(wars.warnum.size))
    groups: dict[int, list[int]] = defaultdict(list)
    for k, (num, code) in enumerate(zip(wars.warnum.tolist(), wars.ccode.tolist(), strict=True)):
        if code not in known:
            tally.dropped[_NOT_COW] += 1
            tally.details.append(
                f"War {num}: ccode {code} (line {k + 2}) is not a COW state; row dropped"
            )
        groups[num].append(k)
    conflicts: list[Conflict] = []
    for num in sorted(groups):
        rows = [k for k in groups[num] if int(wars.ccode[k]) in known]
        names = {wars.name[k] for k in groups[num]}
        if len(names) > 1:
            tally.notes["wars whose rows give different names: the first is used"] += 1
            tally.details.append(f"War {num}: rows name it {sorted(names)}; the first is used")
        spells: list[_Spell] = []
        for k in rows:
            code = states.abbrev_of(int(wars.ccode[k]))
            side = int(wars.side[k]) - 1
            spells.append(_Spell(side, code, wars.start1[k], wars.end1[k], None, {k}))
            s2 = wars.start2[k]
            if s2 is not None:
                tally.notes["second spells as a second Participant"] += 1
                spells.append(_Spell(side, code, s2, wars.end2[k], None, {k}))
        name = wars.name[groups[num][0]]

        def make(
            sides: _Sides, kept: list[_Spell], behind: set[int], num: int = num, name: str = name
        ) -> Conflict:
            order = sorted(behind)
            known_deaths = [float(wars.batdeath[k]) for k in order]
            unknown = [
                states.abbrev_of(int(wars.ccode[k])) for k in order if np.isnan(wars.batdeath[k])
            ]
            counted = [int(d) for d in known_deaths if not np.isnan(d)]
            ongoing = any(s.left is None for s in kept)
            if ongoing:
                tally.notes["ongoing wars (a participant's end coded -7): end None"] += 1
            if not counted:
                tally.notes["wars with no known battle deaths (fatalities None)"] += 1
            tally.notes["participant rows with battle deaths not known, not counted"] += len(
                unknown
            )
            note = (
                f"battle deaths not known (-8 or -9) for {', '.join(sorted(set(unknown)))}: "
                "not counted"
                if unknown and counted
                else None
            )
            return Conflict(
                id=f"WAR-{num}",
                name=name,
                kind=ConflictKind.WAR,
                start=min(s.joined for s in kept),
                end=None if ongoing else max(s.left for s in kept if s.left is not None),
                hostility=5,
                fatalities=sum(counted) if counted else None,
                sides=sides,
                source=(f"{_CITE_WARS}, WarNum {num}",),
                confidence=Confidence.CONFIRMED,
                note=note,
            )

        made = _conflict(tally, f"War {num}", "wars", rows, spells, make)
        if made is not None:
            conflicts.append(made)
    report = tally.report(wars.report, (_NOT_COW, _OTHER_SIDE), len(conflicts))
    return tuple(conflicts), report


# --- strategic rivalries -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rivalries:
    """Strategic rivalries of one data set (Thompson and Dreyer, or Thompson et al.).

    Attributes
    ----------
    dataset : {"TD", "TSS"}
        ``td_rivalries.csv`` or ``tss_rivalries.csv``.
    rivalry_id : IntArray
        ``rivalryno`` (TD) or ``tssr_id`` (TSS).
    name : tuple of str
        The data set's name for the rivalry.
    ccode1, ccode2 : IntArray
        The rivals (lower ccode first in both files).
    start_year, end_year : IntArray
        As in the file: ``end_year == last_year`` means right-bounded (ongoing).
    types : tuple of tuple of str
        Types in the file's order: ``type1..type3`` (TD), or the set flag columns
        ``positional, spatial, ideological, interventionary`` (TSS).
    region : tuple of str
        TD's region; empty for TSS.
    flags : mapping of str to BoolArray
        TSS's ``principal`` and ``aprin`` flags (empty = False); empty for TD.
    last_year : int
        The data set's last year (2010 for TD, 2020 for TSS).
    report : ReadReport
        Rows read and used.
    """

    dataset: Literal["TD", "TSS"]
    rivalry_id: IntArray
    name: tuple[str, ...]
    ccode1: IntArray
    ccode2: IntArray
    start_year: IntArray
    end_year: IntArray
    types: tuple[tuple[str, ...], ...]
    region: tuple[str, ...]
    flags: Mapping[str, BoolArray]
    last_year: int
    report: ReadReport


def read_rivalries(path: str | Path) -> Rivalries:
    """Read a strategic-rivalries file: ``td_rivalries.csv`` or ``tss_rivalries.csv``.

    Which one is recognised by the header.

    Parameters
    ----------
    path : str or pathlib.Path
        The file (the folder holds both, so a folder is refused).

    Returns
    -------
    Rivalries

    Raises
    ------
    MissingDataError
        If there is no file at ``path``, or it is a folder.
    DataFileError
        For another file (named), or a malformed one: an unknown type, a flag other than
        1, 0 or empty, an end before the start or after the data's last year, one
        state twice, a ccode outside 1-999, a repeated id (each naming line, column
        and value).

    Notes
    -----
    Thompson and Dreyer (2012), 1494-2010; Thompson, Sakuwa and Suhas (2021),
    1494-2020. Cite with ``alliance_risk.cite("td_rivalries")`` or
    ``alliance_risk.cite("tss_rivalries")``.

    Examples
    --------
    >>> td = read_rivalries("tests/fixtures/rivalries/td_rivalries.csv")
    >>> td.dataset, td.last_year, td.types[list(td.rivalry_id).index(126)]
    ('TD', 2010, ('ideological', 'positional', 'spatial'))
    >>> tss = read_rivalries("tests/fixtures/rivalries/tss_rivalries.csv")
    >>> tss.dataset, tss.types[list(tss.rivalry_id).index(78)]
    ('TSS', ('ideological', 'interventionary'))
    """
    p = Path(path)
    if p.is_dir():
        raise MissingDataError(
            f"{p} is a folder; pass the file: {p / 'td_rivalries.csv'} or "
            f"{p / 'tss_rivalries.csv'} (see docs/data.md)"
        )
    if not p.is_file():
        raise MissingDataError(
            f"strategic rivalries file not found at {p}; pass td_rivalries.csv or "
            "tss_rivalries.csv (see docs/data.md)"
        )
    header = header_of(p, "strategic rivalries file (td_rivalries.csv or tss_rivalries.csv)")
    found = _identify(set(header))
    if found == _TD:
        dataset: Literal["TD", "TSS"] = "TD"
        cols = {"id": "rivalryno", "name": "rivalryname", "start": "styear", "end": "endyear"}
    elif found == _TSS:
        dataset = "TSS"
        cols = {"id": "tssr_id", "name": "rivalry", "start": "start", "end": "end"}
    else:
        hint = f"; this looks like the {found}" if found else f"; its header starts {header[:6]}"
        raise DataFileError(f"{p}: not a strategic rivalries file ({_TD} or {_TSS}){hint}")
    kinds: dict[str, Kind] = {cols["id"]: "int", cols["name"]: "str"}
    kinds |= {"ccode1": "int", "ccode2": "int", cols["start"]: "int", cols["end"]: "int"}
    if dataset == "TD":
        kinds |= dict.fromkeys(("type1", "type2", "type3", "region"), "str?")
    if dataset == "TSS":
        kinds |= dict.fromkeys((*RIVALRY_TYPES, "principal", "aprin"), "int?")
    t = read_table(p, kinds, expected=_TD if dataset == "TD" else _TSS)
    c = t.columns
    path_ = t.path
    ids, c1, c2 = _ints(c, cols["id"]), _ints(c, "ccode1"), _ints(c, "ccode2")
    start, end = _ints(c, cols["start"]), _ints(c, cols["end"])
    last = _RIVALRY_LAST[dataset]
    _, first = np.unique(ids, return_index=True)
    repeated = np.ones(ids.size, dtype=bool)
    repeated[first] = False
    _require(path_, cols["id"], ids, ~repeated, "an id not used on an earlier line")
    _require(path_, cols["id"], ids, ids >= 1, "an id >= 1")
    require_between(path_, "ccode1", c1, 1, 999, _CCODES)
    require_between(path_, "ccode2", c2, 1, 999, _CCODES)
    _require(path_, "ccode2", c2, c1 != c2, "a state other than ccode1")
    _require(path_, cols["start"], start, (start >= 1) & (start <= last), f"a year up to {last}")
    _require(
        path_,
        cols["end"],
        end,
        (end >= start) & (end <= last),
        f"a year on or after the start year, up to {last}",
    )
    types: list[tuple[str, ...]] = []
    flags: dict[str, BoolArray] = {}
    region: tuple[str, ...] = ()
    if dataset == "TD":
        region = tuple(str(v) for v in c["region"])
        for k in range(ids.size):
            own: list[str] = []
            for col in ("type1", "type2", "type3"):
                v = str(c[col][k])
                if not v:
                    if col == "type1":
                        raise _bad(path_, k, col, v, f"a type, one of {list(RIVALRY_TYPES)}")
                    continue
                if v not in RIVALRY_TYPES or v in own:
                    raise _bad(
                        path_,
                        k,
                        col,
                        v,
                        f"a type not given before, one of {list(RIVALRY_TYPES)}, or empty",
                    )
                own.append(v)
            types.append(tuple(own))
    else:
        for col in (*RIVALRY_TYPES, "principal", "aprin"):
            flag = np.asarray(c[col], dtype=np.float64)
            shown = np.array([f"{x:g}" for x in flag.tolist()], dtype=np.str_)
            ok = np.isnan(flag) | (flag == 0) | (flag == 1)
            _require(path_, col, shown, ok, "1, 0 or empty")
            flags[col] = flag == 1
        types = [tuple(ty for ty in RIVALRY_TYPES if flags[ty][k]) for k in range(ids.size)]
        flags = {"principal": flags["principal"], "aprin": flags["aprin"]}
    return Rivalries(
        dataset=dataset,
        rivalry_id=ids,
        name=tuple(str(v) for v in c[cols["name"]]),
        ccode1=c1,
        ccode2=c2,
        start_year=start,
        end_year=end,
        types=tuple(types),
        region=region,
        flags=flags,
        last_year=last,
        report=ReadReport(t.path, t.rows, t.rows, {}, {}, t.sha256),
    )


def rivalry_records(
    rivalries: Rivalries, states: CowStates
) -> tuple[tuple[Rivalry, ...], RecordsReport]:
    """Map strategic rivalries to :class:`~alliance_risk.models.Rivalry` records.

    Ids are ``TD-<rivalryno>`` or ``TSS-<tssr_id>``. A rivalry starts on 1 January of
    its start year and ends on 31 December of its end year, except when the end year is
    the data's last (2010 for TD, 2020 for TSS): it is right-bounded there, so it is
    ongoing (``end=None``).

    Parameters
    ----------
    rivalries : Rivalries
        From :func:`read_rivalries`.
    states : CowStates
        From :func:`~alliance_risk.datasets.read_cow_states`.

    Returns
    -------
    records : tuple of Rivalry
        In file order.
    report : RecordsReport
        Rows read, used and dropped (a rival outside the COW state list, such as
        Venice, ccode 324); conventions counted in ``notes``.

    Notes
    -----
    A start year of 1494 or 1816 means "ongoing before then": the start stays 1 January
    of that year, the record's ``note`` says so, and it is counted.

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> td = read_rivalries("tests/fixtures/rivalries/td_rivalries.csv")
    >>> records, report = rivalry_records(td, read_cow_states("tests/fixtures/cow"))
    >>> r = next(r for r in records if r.id == "TD-189")
    >>> r.rivals, r.start, r.end
    (('CHN', 'JPN'), datetime.date(1996, 1, 1), None)
    >>> report.dropped
    {'rows of states not in the COW state list': 2}
    """
    known = set(states.ccode.tolist())
    cite = _CITE_TD if rivalries.dataset == "TD" else _CITE_TSS
    key = "rivalryno" if rivalries.dataset == "TD" else "tssr_id"
    last = rivalries.last_year
    first_years = (1494, 1816)
    tally = _Tally(read=int(rivalries.rivalry_id.size))
    tally.dropped[_NOT_COW] += 0
    records: list[Rivalry] = []
    for k in range(rivalries.rivalry_id.size):
        rid, a, b = (int(rivalries.rivalry_id[k]), int(rivalries.ccode1[k]),
                     int(rivalries.ccode2[k]))  # fmt: skip
        missing = [code for code in (a, b) if code not in known]
        if missing:
            tally.dropped[_NOT_COW] += 1
            tally.details.append(
                f"{rivalries.dataset}-{rid} ({rivalries.name[k]}, line {k + 2}): ccode "
                f"{' and '.join(map(str, missing))} not in the COW state list; row dropped"
            )
            continue
        y0, y1 = int(rivalries.start_year[k]), int(rivalries.end_year[k])
        note = []
        if y0 in first_years:
            tally.notes["start year 1494 or 1816: ongoing before then"] += 1
            note.append(f"ongoing before {y0} (the source codes no earlier start)")
        if y1 == last:
            tally.notes[f"end year {last}, the data's last: ongoing (end None)"] += 1
            note.append(f"ongoing in {last}, when the data end")
        else:
            tally.notes["end year read as 31 December"] += 1
        tally.notes["start year read as 1 January"] += 1
        try:
            records.append(
                Rivalry(
                    id=f"{rivalries.dataset}-{rid}",
                    rivals=(states.abbrev_of(a), states.abbrev_of(b)),
                    start=date(y0, 1, 1),
                    end=None if y1 == last else date(y1, 12, 31),
                    types=rivalries.types[k],
                    name=rivalries.name[k],
                    source=(f"{cite}, {key} {rid}",),
                    confidence=Confidence.CONFIRMED,
                    note="; ".join(note) or None,
                )
            )
        except ValueError as err:
            tally.dropped["rows the Rivalry model refused"] += 1
            tally.details.append(f"{rivalries.dataset}-{rid} (line {k + 2}): {err}")
            continue
        tally.used += 1
    return tuple(records), tally.report(rivalries.report, (_NOT_COW,), len(records))


# --- COW Direct Contiguity ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CowContiguity:
    """COW Direct Contiguity 3.2 master records, directed: every spell as (a, b) and (b, a).

    Attributes
    ----------
    ccode1, ccode2 : IntArray
        The two states, in the row's direction.
    conttype : IntArray
        0 (more than 400 miles of water: not contiguous), 1 (land), 2-5 (water, see
        :data:`CONTIGUITY_LEVELS`).
    start, end : tuple of date
        As in the file (the source is month-precise; the day is always the 1st).
    report : ReadReport
        Rows read and used.
    """

    ccode1: IntArray
    ccode2: IntArray
    conttype: IntArray
    start: tuple[date, ...]
    end: tuple[date, ...]
    report: ReadReport


def _iso(path: str, column: str, values: Sequence[object]) -> tuple[date, ...]:
    out: list[date] = []
    for k, v in enumerate(values):
        text = str(v)
        try:
            if not _ISO.match(text):
                raise ValueError(text)
            out.append(date.fromisoformat(text))
        except ValueError:
            raise _bad(path, k, column, text, "an ISO date YYYY-MM-DD") from None
    return tuple(out)


def read_cow_contiguity(path: str | Path) -> CowContiguity:
    """Read COW Direct Contiguity 3.2, directed (peacesciencer's ``contdir_peacesciencer.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, or the folder holding it.

    Returns
    -------
    CowContiguity

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For another file (named), or a malformed one: a conttype other than 0-5, a date
        that is not ``YYYY-MM-DD`` or does not exist, an end before the start, a state
        paired with itself, a ccode outside 1-999.

    Notes
    -----
    Stinnett et al. (2002), data version 3.2; cite with
    ``alliance_risk.cite("cow_contiguity")``.

    Examples
    --------
    >>> cont = read_cow_contiguity("tests/fixtures/contiguity")
    >>> cont.report.read, int((cont.conttype == 0).sum())
    (14, 2)
    """
    p = find_file(path, "contdir_peacesciencer.csv", _CONT)
    t = read_table(
        p,
        {"ccode1": "int", "ccode2": "int", "conttype": "int", "stdate": "str", "enddate": "str"},
        expected=_CONT,
    )
    c = t.columns
    c1, c2, kind = _ints(c, "ccode1"), _ints(c, "ccode2"), _ints(c, "conttype")
    require_between(t.path, "ccode1", c1, 1, 999, _CCODES)
    require_between(t.path, "ccode2", c2, 1, 999, _CCODES)
    _require(t.path, "ccode2", c2, c1 != c2, "a state other than ccode1")
    _require(t.path, "conttype", kind, (kind >= 0) & (kind <= 5), "a contiguity type 0-5")
    start = _iso(t.path, "stdate", list(c["stdate"]))
    end = _iso(t.path, "enddate", list(c["enddate"]))
    for k, (s, e) in enumerate(zip(start, end, strict=True)):
        if e < s:
            raise _bad(t.path, k, "enddate", e.isoformat(), f"a date on or after stdate {s}")
    return CowContiguity(
        ccode1=c1,
        ccode2=c2,
        conttype=kind,
        start=start,
        end=end,
        report=ReadReport(t.path, t.rows, t.rows, {}, {}, t.sha256),
    )


def contiguity_records(
    contiguity: CowContiguity, states: CowStates
) -> tuple[tuple[Contiguity, ...], RecordsReport]:
    """Map directed contiguity rows to one :class:`~alliance_risk.models.Contiguity` per spell.

    The file lists every spell twice, as (a, b) and (b, a): each unordered spell
    becomes one record, ``neighbours`` in ccode order, id
    ``CONT-<ccode1>-<ccode2>-<start>``. Both rows of a spell count as used.

    Parameters
    ----------
    contiguity : CowContiguity
        From :func:`read_cow_contiguity`.
    states : CowStates
        From :func:`~alliance_risk.datasets.read_cow_states`.

    Returns
    -------
    records : tuple of Contiguity
        Sorted by pair, then start.
    report : RecordsReport
        Rows read, used and dropped by reason; conventions and spells missing their
        mirror row counted in ``notes`` (and named in ``details``).

    Notes
    -----
    - conttype 0 ("more than 400 miles of water") is not contiguity: dropped, counted.
    - A spell whose mirror row is missing is kept (it is still a spell) and reported.
    - A spell ending 2016-12-01, the end of the data, is ongoing: ``end=None``, counted.
    - An exact repeat of a directed row is dropped and counted.

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> cont = read_cow_contiguity("tests/fixtures/contiguity")
    >>> records, report = contiguity_records(cont, read_cow_states("tests/fixtures/cow"))
    >>> [(r.neighbours, r.level, r.end) for r in records if "PRK" in r.neighbours]
    [(('CHN', 'PRK'), 1, None), (('PRK', 'JPN'), 5, None)]
    >>> report.notes["spells with no mirror row: kept"]
    1
    """
    known = set(states.ccode.tolist())
    water = "conttype 0: more than 400 miles of water, not contiguous"
    duplicate = "duplicate rows (the same directed spell twice)"
    tally = _Tally(read=int(contiguity.ccode1.size))
    for reason in (water, _NOT_COW, duplicate):
        tally.dropped[reason] += 0
    seen: set[tuple[int, int, int, date, date]] = set()
    spells: dict[tuple[int, int, int, date, date], list[int]] = defaultdict(list)
    for k in range(contiguity.ccode1.size):
        a, b, kind = (int(contiguity.ccode1[k]), int(contiguity.ccode2[k]),
                      int(contiguity.conttype[k]))  # fmt: skip
        if kind == 0:
            tally.dropped[water] += 1
            continue
        if a not in known or b not in known:
            tally.dropped[_NOT_COW] += 1
            continue
        directed = (a, b, kind, contiguity.start[k], contiguity.end[k])
        if directed in seen:
            tally.dropped[duplicate] += 1
            tally.details.append(
                f"line {k + 2} repeats the directed spell {a}-{b} type {kind} "
                f"{contiguity.start[k]} to {contiguity.end[k]}; dropped"
            )
            continue
        seen.add(directed)
        spells[(min(a, b), max(a, b), kind, contiguity.start[k], contiguity.end[k])].append(k)
    records: list[Contiguity] = []
    ids: Counter[str] = Counter()
    for (a, b, kind, start, end), rows in sorted(spells.items()):
        if len(rows) == 1:
            tally.notes["spells with no mirror row: kept"] += 1
            tally.details.append(
                f"spell {a}-{b} type {kind} {start} to {end} (line {rows[0] + 2}) has no "
                "mirror row in the other direction; kept"
            )
        else:
            tally.notes["mirror rows (b, a) of a spell kept as (a, b)"] += 1
        ongoing = end == _CONTIGUITY_END
        if ongoing:
            tally.notes[f"spells ending {_CONTIGUITY_END}, the data's end: ongoing (end None)"] += 1
        rid = f"CONT-{a}-{b}-{start.isoformat()}"
        ids[rid] += 1
        if ids[rid] > 1:
            rid += f"-t{kind}"
        record = Contiguity(
            id=rid,
            neighbours=(states.abbrev_of(a), states.abbrev_of(b)),
            level=kind,
            start=start,
            end=None if ongoing else end,
            source=(f"{_CITE_CONT}, ccode1 {a}, ccode2 {b}, conttype {kind}, stdate {start}",),
            confidence=Confidence.CONFIRMED,
        )
        records.append(record)
        tally.used += len(rows)
    return tuple(records), tally.report(contiguity.report, (), len(records))


# --- COW IGO -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CowIgo:
    """COW IGO 3.0 non-directed dyad-years: the IGOs in which both states are full members.

    Attributes
    ----------
    ccode1, ccode2 : IntArray
        The pair, ``ccode1 < ccode2``.
    year : IntArray
        The year.
    dyadigos : IntArray
        Shared full IGO memberships.
    report : ReadReport
        Rows read, used and dropped.

    Notes
    -----
    A pair-year with no row means no shared IGO only if both states were system
    members that year; otherwise it is unknown (never fill it with 0 blindly).
    """

    ccode1: IntArray
    ccode2: IntArray
    year: IntArray
    dyadigos: IntArray
    report: ReadReport


def read_cow_igo(path: str | Path) -> CowIgo:
    """Read COW IGO 3.0 non-directed dyad-years (``igo_ndy_peacesciencer.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, or the folder holding it.

    Returns
    -------
    CowIgo

    Raises
    ------
    MissingDataError
        If the file is not there.
    DataFileError
        For another file (named), or a malformed one: a pair not in ccode order (a
        directed file), a pair-year given twice, a negative count other than -9, a
        ccode outside 1-999, a year before 1816.

    Notes
    -----
    Read with numpy's C parser (about 0.6 s for the 917,695 rows of IGO 3.0, checks included).
    ``dyadigos == -9`` (missing) rows are dropped and counted, never read as 0.
    Pevehouse et al. (2020); cite with ``alliance_risk.cite("cow_igo")``.

    Examples
    --------
    >>> igo = read_cow_igo("tests/fixtures/igo")
    >>> igo.report.used, igo.report.dropped
    (7, {'dyadigos -9 (missing)': 1})
    >>> int(igo.dyadigos[(igo.ccode1 == 710) & (igo.ccode2 == 731) & (igo.year == 1960)][0])
    2
    """
    p = find_file(path, "igo_ndy_peacesciencer.csv", _IGO)
    t = read_table(p, dict.fromkeys(("ccode1", "ccode2", "year", "dyadigos"), "int"), expected=_IGO)
    c1, c2, year, n = (_ints(t.columns, name) for name in ("ccode1", "ccode2", "year", "dyadigos"))
    require_between(t.path, "ccode1", c1, 1, 999, _CCODES)
    require_between(t.path, "ccode2", c2, 1, 999, _CCODES)
    require_between(t.path, "year", year, 1816, 9999, "a year 1816-9999")
    pair = "a ccode above ccode1 (a non-directed file lists each pair once, lower first)"
    _require(t.path, "ccode2", c2, c1 < c2, pair)
    _require(t.path, "dyadigos", n, (n >= 0) | (n == -9), "a count >= 0, or -9 (missing)")
    order = np.lexsort((year, c2, c1))
    same = (np.diff(c1[order]) == 0) & (np.diff(c2[order]) == 0) & (np.diff(year[order]) == 0)
    if same.any():
        k = int(order[1:][same].min())
        raise _bad(
            t.path,
            k,
            "year",
            int(year[k]),
            f"one row per pair-year; {int(c1[k])}-{int(c2[k])} is given twice",
        )
    keep = n != -9
    dropped = {"dyadigos -9 (missing)": int((~keep).sum())}
    return CowIgo(
        ccode1=c1[keep],
        ccode2=c2[keep],
        year=year[keep],
        dyadigos=n[keep],
        report=ReadReport(t.path, t.rows, int(keep.sum()), dropped, {}, t.sha256),
    )


def igo_records(igo: CowIgo, states: CowStates) -> tuple[tuple[JointIgos, ...], RecordsReport]:
    """Map IGO dyad-years to one :class:`~alliance_risk.models.JointIgos` per pair.

    Consecutive years with the same count make one spell. A year's count is known when
    the year ends, so the spell of years ``y0``-``y1`` holds from 31 December ``y0`` to
    30 December ``y1 + 1``: scores on any day use the last complete year, never the
    year in progress. A missing year breaks the spell (nothing is known about the pair
    that year). Ids are ``IGO-<ccode1>-<ccode2>``; ``members`` in ccode order.

    Parameters
    ----------
    igo : CowIgo
        From :func:`read_cow_igo`.
    states : CowStates
        From :func:`~alliance_risk.datasets.read_cow_states`.

    Returns
    -------
    records : tuple of JointIgos
        Sorted by pair.
    report : RecordsReport
        Rows read, used and dropped by reason (states not in the COW list).

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> igo = read_cow_igo("tests/fixtures/igo")
    >>> records, report = igo_records(igo, read_cow_states("tests/fixtures/cow"))
    >>> usa_ukg = records[0]
    >>> usa_ukg.members, [(c.start.isoformat(), c.count) for c in usa_ukg.counts]
    (('USA', 'UKG'), [('1816-12-31', 0), ('1914-12-31', 18), ('2014-12-31', 60)])
    >>> usa_ukg.counts[1].end  # 1914's count holds until 1915's is known
    datetime.date(1915, 12, 30)
    >>> report.read == report.used + sum(report.dropped.values())
    True
    """
    # The report covers the file's rows: those the reader dropped (-9) are counted here too.
    tally = _Tally(read=int(igo.report.read))
    tally.dropped.update(igo.report.dropped)
    tally.dropped[_NOT_COW] += 0
    known = np.isin(igo.ccode1, states.ccode) & np.isin(igo.ccode2, states.ccode)
    tally.dropped[_NOT_COW] += int((~known).sum())
    tally.used = int(known.sum())
    c1, c2, year, n = igo.ccode1[known], igo.ccode2[known], igo.year[known], igo.dyadigos[known]
    order = np.lexsort((year, c2, c1))
    c1, c2, year, n = c1[order], c2[order], year[order], n[order]
    # A new spell starts with a new pair, after a missing year, or when the count changes.
    new_pair = np.ones(c1.size, dtype=bool)
    new_pair[1:] = (c1[1:] != c1[:-1]) | (c2[1:] != c2[:-1])
    new_spell = new_pair.copy()
    new_spell[1:] |= (year[1:] != year[:-1] + 1) | (n[1:] != n[:-1])
    spell_at = np.nonzero(new_spell)[0]
    last_year = np.append(year[spell_at[1:] - 1], year[-1:]) if c1.size else year[:0]
    pair_of_spell = np.cumsum(new_pair)[spell_at] - 1
    records: list[JointIgos] = []
    cuts = np.searchsorted(pair_of_spell, np.arange(int(new_pair.sum()) + 1))
    for p in range(cuts.size - 1):
        ks = range(int(cuts[p]), int(cuts[p + 1]))
        k0 = int(spell_at[ks[0]])
        a, b = int(c1[k0]), int(c2[k0])
        counts = [
            IgoCount(
                start=date(int(year[spell_at[k]]), 12, 31),
                end=date(int(last_year[k]) + 1, 12, 30),
                count=int(n[spell_at[k]]),
            )
            for k in ks
        ]
        records.append(
            JointIgos(
                id=f"IGO-{a}-{b}",
                members=(states.abbrev_of(a), states.abbrev_of(b)),
                counts=tuple(counts),
                source=(f"{_CITE_IGO}, ccode1 {a}, ccode2 {b}",),
                confidence=Confidence.CONFIRMED,
            )
        )
    return tuple(records), tally.report(igo.report, (), len(records))


# --- one World of two centuries --------------------------------------------------------------

#: Folders of the data sets :func:`history_world` reads, under ``data_dir``.
HISTORY_FOLDERS: Mapping[str, str] = {
    "atop": "atop_v5.1",
    "cow_states": "cow_state_system_v2016",
    "cow_mid": "cow_mid_v5.0",
    "cow_wars": "cow_wars_v4.0",
    "rivalries": "strategic_rivalries",
    "cow_contiguity": "cow_contiguity_v3.2",
    "cow_igo": "cow_igo_v3",
}

# Where each data set's records are complete (the data sets' own coverage).
_COVERAGE: Mapping[str, tuple[date, date]] = {
    "pacts": (date(1815, 1, 1), date(2018, 12, 31)),
    "conflicts": (date(1816, 1, 1), date(2014, 12, 31)),
    "rivalries": (date(1816, 1, 1), date(2020, 12, 31)),
    "contiguities": (date(1816, 1, 1), date(2016, 12, 31)),
    # A year's count holds from its last day (igo_records): 1816's from 1816-12-31.
    "joint_igos": (date(1816, 12, 31), date(2015, 12, 30)),
}


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """What :func:`history_world` read and made, file by file, and what it left out.

    Attributes
    ----------
    reports : mapping of str to report
        Per data set, the mapper's report (rows read, used, dropped by reason).
    outside : mapping of str to int
        Per record kind, records left out because they lie wholly outside
        ``[first, last]``.
    records : mapping of str to int
        Per record kind, records in the World.
    """

    reports: Mapping[str, Any]
    outside: Mapping[str, int]
    records: Mapping[str, int]

    def __str__(self) -> str:
        lines = [f"{name}: {rep}" for name, rep in self.reports.items()]
        lines += [
            f"{kind}: {n} records outside the period" for kind, n in self.outside.items() if n
        ]
        return "\n".join(lines)


def _history_records(
    data_dir: str | Path, first: int, last: int, folders: Mapping[str, str] | None
) -> tuple[CowStates, dict[str, list[Any]], HistoryReport]:
    from .atop import atop_pacts, read_atop_dyad_years, read_atop_members
    from .cow import read_cow_states

    whole = all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last))
    if not (whole and 1 <= first <= last <= 9999):
        raise InvalidParameterError(
            f"history_world: first={first!r}, last={last!r}; expected int years 1-9999 "
            "with first <= last"
        )
    root = Path(data_dir)
    if not root.is_dir():
        raise MissingDataError(
            f"history_world: no data folder at {root}; expected the folders "
            f"{sorted(HISTORY_FOLDERS.values())} (see docs/data.md)"
        )
    where = dict(HISTORY_FOLDERS)
    for key, folder in (folders or {}).items():
        if key not in where:
            raise InvalidParameterError(
                f"history_world: folders names {key!r}; expected keys from {sorted(where)}"
            )
        where[key] = folder
    states = read_cow_states(root / where["cow_states"])
    atop = root / where["atop"]
    pacts, pact_report = atop_pacts(read_atop_members(atop), states, read_atop_dyad_years(atop))
    mids, mid_report = mid_conflicts(read_cow_mids(root / where["cow_mid"]), states)
    wars, war_report = war_conflicts(read_cow_wars(root / where["cow_wars"]), states)
    riv = root / where["rivalries"]
    td, td_report = rivalry_records(read_rivalries(riv / "td_rivalries.csv"), states)
    tss, tss_report = rivalry_records(read_rivalries(riv / "tss_rivalries.csv"), states)
    cont, cont_report = contiguity_records(
        read_cow_contiguity(root / where["cow_contiguity"]), states
    )
    igos, igo_report = igo_records(read_cow_igo(root / where["cow_igo"]), states)
    lo, hi = date(first, 1, 1), date(last, 12, 31)

    def start_of(r: Any) -> date:
        d: date = r.signed if hasattr(r, "signed") else r.start
        return d

    def end_of(r: Any) -> date | None:
        d: date | None = r.ended if hasattr(r, "ended") else r.end
        return d

    kinds: dict[str, list[Any]] = {
        "pacts": list(pacts),
        "conflicts": [*mids, *wars],
        "rivalries": [*td, *tss],
        "contiguities": list(cont),
        "joint_igos": list(igos),
    }
    outside = {}
    for kind, recs in kinds.items():
        keep = [r for r in recs if start_of(r) <= hi and ((e := end_of(r)) is None or e >= lo)]
        outside[kind] = len(recs) - len(keep)
        kinds[kind] = keep
    report = HistoryReport(
        reports={
            "atop": pact_report,
            "cow_mid": mid_report,
            "cow_wars": war_report,
            "td_rivalries": td_report,
            "tss_rivalries": tss_report,
            "cow_contiguity": cont_report,
            "cow_igo": igo_report,
        },
        outside=outside,
        records={k: len(v) for k, v in kinds.items()},
    )
    return states, kinds, report


def history_world(
    data_dir: str | Path,
    first: int = 1816,
    last: int = 2014,
    *,
    folders: Mapping[str, str] | None = None,
) -> World:
    """Build one World of two centuries: alliances, disputes, wars, rivalries, borders, IGOs.

    States are every COW state, keyed by COW abbreviation (``USA``, ``UKG``, ``RUS``,
    ``ROK``), with ``ccode``. Records: ATOP 5.1 pacts (obligations owed as the directed
    dyad-year file records them), every COW MID 5.0 dispute and every COW inter-state
    war 4.0 as a :class:`~alliance_risk.models.Conflict`, the Thompson-Dreyer and
    Thompson-Sakuwa-Suhas rivalries, COW direct contiguity, and COW IGO 3.0 joint
    memberships (:func:`igo_records`). ``coverage`` states where
    each kind is complete, intersected with ``[first, last]``: scores outside it leave
    that kind's signals out.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The folder holding the data sets' folders (:data:`HISTORY_FOLDERS`; the layout of
        ``shared/data``).
    first, last : int
        The years to cover. Records wholly outside are left out (and counted by
        :func:`history_report`); earlier records that last into the period are kept.
    folders : mapping of str to str, optional
        Other folder names under ``data_dir``, by data set (keys of
        :data:`HISTORY_FOLDERS`).

    Returns
    -------
    World

    Examples
    --------
    >>> fixtures = {"atop": "atop", "cow_states": "cow", "cow_mid": "mid", "cow_wars": "wars",
    ...             "rivalries": "rivalries", "cow_contiguity": "contiguity",
    ...             "cow_igo": "igo"}
    >>> w = history_world("tests/fixtures", folders=fixtures)
    >>> w.state("RUS").ccode, sorted(w.coverage)[:2]
    (365, ['conflicts', 'contiguities'])
    """
    from ..models import State

    states, kinds, _ = _history_records(data_dir, first, last, folders)
    lo, hi = date(first, 1, 1), date(last, 12, 31)
    coverage = {}
    for kind, (a, b) in _COVERAGE.items():
        if max(a, lo) <= min(b, hi):
            coverage[kind] = {"first": max(a, lo), "last": min(b, hi)}
    return World.model_validate(
        {
            "states": [
                State(code=a, name=n, ccode=int(c))
                for c, a, n in zip(states.ccode, states.abbrev, states.name, strict=True)
            ],
            **kinds,
            "coverage": coverage,
            "coding": "cow",
            "datasets": (
                "atop",
                "cow_states",
                "cow_mid",
                "cow_wars",
                "td_rivalries",
                "tss_rivalries",
                "cow_contiguity",
                "cow_igo",
            ),
        }
    )


def history_report(
    data_dir: str | Path,
    first: int = 1816,
    last: int = 2014,
    *,
    folders: Mapping[str, str] | None = None,
) -> HistoryReport:
    """Return what :func:`history_world` reads from each file and what it leaves out.

    Every row of every file is accounted for: each mapper's report has
    ``read == used + sum(dropped.values())``.

    Examples
    --------
    >>> fixtures = {"atop": "atop", "cow_states": "cow", "cow_mid": "mid", "cow_wars": "wars",
    ...             "rivalries": "rivalries", "cow_contiguity": "contiguity",
    ...             "cow_igo": "igo"}
    >>> history_report("tests/fixtures", folders=fixtures).records["conflicts"] > 0
    True
    """
    return _history_records(data_dir, first, last, folders)[2]
