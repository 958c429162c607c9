"""ATOP 5.1 loaders, and the mapping of ATOP alliances to Pact records.

The member-level, alliance-level and directed dyad-year files are read strictly;
:func:`atop_pacts` turns member rows into :class:`~alliance_risk.models.Pact` records.

Quirks handled (see ``docs/data.md``): an exit or end year of 0 means still in force
at the end of the data (2018), not missing; obligations are member-specific and may be
asymmetric; phased alliances have one row per member per phase; a missing entry day is
read as the 1st of the month and a missing exit day as the last day of the month, and
both are counted in the report.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from .._types import IntArray
from ..models import Confidence, Obligation, Pact
from ._csv import Kind, ReadReport, read_table
from .cow import CowStates, _find

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


def _entry(y: float, m: float, d: float, notes: dict[str, int]) -> date:
    if np.isnan(d) or d == 0:
        notes["entry day missing: read as the 1st"] += 1
        d = 1
    if np.isnan(m) or m == 0:
        notes["entry month missing: read as January"] += 1
        m = 1
    return date(int(y), int(m), int(d))


def _exit(y: float, m: float, d: float, notes: dict[str, int]) -> date | None:
    if y == 0:
        notes["in force at the end of the data (exit year 0)"] += 1
        return None
    if np.isnan(m) or m == 0:
        notes["exit month missing: read as December"] += 1
        m = 12
    if np.isnan(d) or d == 0:
        notes["exit day missing: read as the month's last day"] += 1
        d = calendar.monthrange(int(y), int(m))[1]
    return date(int(y), int(m), int(d))


def read_atop_members(path: str | Path) -> AtopMembers:
    """Read the ATOP member-level file (``atop5_1m.csv``).

    Raises
    ------
    DataFileError
        For a malformed file, naming line and column, or another file (named).

    Notes
    -----
    ATOP version 5.1 (Leeds et al. 2002); citation key ``leeds2002atop``.

    Examples
    --------
    >>> m = read_atop_members("tests/fixtures/atop")
    >>> int(m.report.read) == int(m.report.used)
    True
    """
    p = _find(path, "atop5_1m.csv", "ATOP member-level file (atop5_1m.csv)")
    cols: dict[str, Kind] = {
        "atopid": "int", "member": "int", "phase": "int", "yrent": "int", "moent": "int?",
        "dayent": "int?", "yrexit": "int", "moexit": "int?", "dayexit": "int?",
        **dict.fromkeys(_FLAGS, "int"),
    }  # fmt: skip
    t = read_table(p, cols, expected="ATOP member-level file (atop5_1m.csv)")
    c = t.columns
    notes: dict[str, int] = defaultdict(int)
    entry = tuple(
        _entry(y, m, d, notes) for y, m, d in zip(c["yrent"], c["moent"], c["dayent"], strict=True)
    )
    exit_ = tuple(
        _exit(y, m, d, notes)
        for y, m, d in zip(c["yrexit"], c["moexit"], c["dayexit"], strict=True)
    )
    return AtopMembers(
        atopid=np.asarray(c["atopid"], dtype=np.int64),
        member=np.asarray(c["member"], dtype=np.int64),
        phase=np.asarray(c["phase"], dtype=np.int64),
        entry=entry,
        exit=exit_,
        flags={f: np.asarray(c[f], dtype=np.int64) for f in _FLAGS},
        report=ReadReport(t.path, t.rows, t.rows, {}, dict(notes), t.sha256),
    )


def read_atop_alliances(path: str | Path) -> AtopAlliances:
    """Read the ATOP alliance-level file (``atop5_1a.csv``).

    Examples
    --------
    >>> a = read_atop_alliances("tests/fixtures/atop")
    >>> a.end[list(a.atopid).index(3445)] is None  # China-DPRK 1961: still in force
    True
    """
    p = _find(path, "atop5_1a.csv", "ATOP alliance-level file (atop5_1a.csv)")
    cols: dict[str, Kind] = {
        "atopid": "int", "begyr": "int", "begmo": "int?", "begday": "int?", "endyr": "int",
        "endmo": "int?", "endday": "int?", "asymm": "int", **dict.fromkeys(_FLAGS, "int"),
    }  # fmt: skip
    t = read_table(p, cols, expected="ATOP alliance-level file (atop5_1a.csv)")
    c = t.columns
    notes: dict[str, int] = defaultdict(int)
    begin = tuple(
        _entry(y, m, d, notes) for y, m, d in zip(c["begyr"], c["begmo"], c["begday"], strict=True)
    )
    end = tuple(
        _exit(y, m, d, notes) for y, m, d in zip(c["endyr"], c["endmo"], c["endday"], strict=True)
    )
    return AtopAlliances(
        atopid=np.asarray(c["atopid"], dtype=np.int64),
        begin=begin,
        end=end,
        asymmetric=np.asarray(c["asymm"], dtype=np.int64),
        flags={f: np.asarray(c[f], dtype=np.int64) for f in _FLAGS},
        report=ReadReport(t.path, t.rows, t.rows, {}, dict(notes), t.sha256),
    )


def read_atop_dyad_years(path: str | Path) -> AtopDyadYears:
    """Read the directed ATOP dyad-year file (peacesciencer's ``atop_alliance`` columns).

    Each row holds the obligations ``ccode1`` has toward ``ccode2`` in ``year``.

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

    ``rows == used + sum(dropped.values())``.
    """

    rows: int
    used: int
    pacts: int
    dropped: Mapping[str, int]

    def __str__(self) -> str:
        left = "; ".join(f"{n} {why}" for why, n in self.dropped.items() if n) or "none left out"
        return f"{self.rows} member rows -> {self.pacts} pacts from {self.used} rows; {left}"


def atop_pacts(members: AtopMembers, states: CowStates) -> tuple[tuple[Pact, ...], PactsReport]:
    """Map ATOP member rows to Pact records with COW abbreviations as state codes.

    Each alliance phase becomes one pact per stretch of time in which its membership is
    constant (members join and leave at their own dates), so every pair of parties is
    tied exactly while both are members. Each member keeps its own obligations
    (``party_obligations``); a member with none pledges nothing but receives pledges.

    Returns
    -------
    pacts : tuple of Pact
    report : PactsReport
        Member rows read, used and left out (members that are not COW states).

    Examples
    --------
    >>> from alliance_risk.datasets import read_cow_states
    >>> m = read_atop_members("tests/fixtures/atop")
    >>> pacts, report = atop_pacts(m, read_cow_states("tests/fixtures/cow"))
    >>> us_japan = next(p for p in pacts if p.id == "ATOP-3375")
    >>> [str(o) for o in us_japan.obligations_of("JPN")]
    ['consultation']
    """
    known = set(states.ccode.tolist())
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    dropped = {"member rows of states outside the COW state list": 0, _NO_PACT: 0}
    for k in range(members.atopid.size):
        if int(members.member[k]) not in known:
            dropped["member rows of states outside the COW state list"] += 1
            continue
        groups[(int(members.atopid[k]), int(members.phase[k]))].append(k)

    pacts: list[Pact] = []
    used = 0
    for (atopid, phase), rows in sorted(groups.items()):
        # A member may leave and rejoin within a phase: it then has several spans.
        pledged: dict[str, set[Obligation]] = defaultdict(set)
        spans: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for k in rows:
            code = states.abbrev_of(int(members.member[k]))
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
        for n, (start, stop, active) in enumerate(merged):
            union = {o for m in active for o in pledges[m]}
            own = {m: pledges[m] for m in active}
            common = tuple(o for o in Obligation if o in union)
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
                    source=(f"ATOP 5.1 (Leeds et al. 2002), atopid {atopid}, member-level file",),
                    confidence=Confidence.CONFIRMED,
                )
            )
        if merged:
            used += len(rows)
        else:
            dropped[_NO_PACT] += len(rows)
    report = PactsReport(rows=int(members.atopid.size), used=used, pacts=len(pacts),
                         dropped=dropped)  # fmt: skip
    return tuple(pacts), report
