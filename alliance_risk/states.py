"""One resolver of the states users name, and the crosswalk of state codes it reads.

Whatever names a state (an argument of the API, a state on the command line, a hint in
a file's error), it goes through :func:`resolve_state`. It accepts, in any letter case:
the World's codes, the states' names and aliases, COW numbers (``731`` or ``"731"``), and
codes of the other coding (``GBR`` in a COW-coded World, ``ROK`` in an ISO-coded one)
where the crosswalk maps them to one state of the World. A code that means a *different*
state in the World's coding is an error naming the state probably meant.

The crosswalk (``alliance_risk/data/states.csv``, built by ``scripts/build_states.py``)
has one row per spell of a state in the COW state system, with its ISO 3166-1 alpha-3
code and Gleditsch-Ward number, the dates the row holds and the source of each mapping
(:data:`CROSSWALK_SOURCES`).
"""

from __future__ import annotations

import csv
import difflib
import io
import numbers
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from ._errors import InvalidParameterError, UnknownStateError
from ._validation import close_codes

if TYPE_CHECKING:
    from .compile import CompiledWorld
    from .world import World

__all__ = [
    "CODINGS",
    "CROSSWALK_SOURCES",
    "Coding",
    "CrosswalkRow",
    "crosswalk",
    "resolve_state",
]

#: How a World's state codes are written: ISO 3166-1 alpha-3 (``"iso3"``, the built-in
#: scenario), COW abbreviations (``"cow"``, the worlds built from COW and ATOP data), or
#: codes of the user's own (``"custom"``: no crosswalk is consulted).
Coding = Literal["iso3", "cow", "custom"]
#: The codings, in the order the docs list them.
CODINGS: tuple[Coding, ...] = ("iso3", "cow", "custom")

#: Where each mapping of the crosswalk comes from, by the key its rows carry.
CROSSWALK_SOURCES: Mapping[str, str] = {
    "cow_states": (
        "Correlates of War Project. 2017. State System Membership List, v2016. "
        "correlatesofwar.org (states2016.csv): COW abbreviation, number, name and dates."
    ),
    "iso3166": (
        "ISO 3166-1 alpha-3 country codes (ISO 3166 Maintenance Agency), as listed with "
        "each country's M49 code by the UN Statistics Division: Standard Country or Area "
        "Codes for Statistical Use (M49), unstats.un.org/unsd/methodology/m49/."
    ),
    "gleditsch_ward": (
        "Gleditsch, Kristian S. and Michael D. Ward. 1999. Interstate System Membership: "
        "A Revised List of the Independent States since 1816. International Interactions "
        "25: 393-413 (list of independent states, ksgleditsch.com/data-4.html)."
    ),
}

_LABEL = {"iso3": "ISO", "cow": "COW", "custom": "custom"}


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One spell of a state in the COW state system and its codes in other codings.

    Attributes
    ----------
    cow_code, cow_number, name : str, int, str
        COW abbreviation, number and name.
    start : date
        First day the row holds.
    end : date or None
        Last day the row holds; ``None`` while the state is still a member (the COW
        data end on 2016-12-31).
    iso3 : str or None
        ISO 3166-1 alpha-3 code of the state, ``None`` where ISO has no current code
        for it (historic states): never guessed.
    gw_number : int or None
        Gleditsch-Ward number, ``None`` where not checked.
    cow_source, iso3_source, gw_source : str or None
        Keys of :data:`CROSSWALK_SOURCES`, one per mapping given.

    Examples
    --------
    >>> row = next(r for r in crosswalk() if r.cow_code == "ROK")
    >>> row.cow_number, row.iso3, row.gw_number, row.holds_on(date(2015, 1, 1))
    (732, 'KOR', 732, True)
    """

    cow_code: str
    cow_number: int
    name: str
    start: date
    end: date | None
    iso3: str | None
    gw_number: int | None
    cow_source: str
    iso3_source: str | None
    gw_source: str | None

    def holds_on(self, day: date) -> bool:
        """Whether the row holds on ``day``.

        Examples
        --------
        >>> next(r for r in crosswalk() if r.cow_code == "KOR").holds_on(date(2015, 1, 1))
        False
        """
        return self.start <= day and (self.end is None or day <= self.end)

    def code(self, coding: Coding) -> str | None:
        """Return the state's code in ``coding`` (``None`` for ``"custom"`` or no code).

        Examples
        --------
        >>> row = next(r for r in crosswalk() if r.cow_code == "UKG")
        >>> row.code("iso3"), row.code("cow")
        ('GBR', 'UKG')
        """
        if coding == "cow":
            return self.cow_code
        if coding == "iso3":
            return self.iso3
        return None

    @property
    def span(self) -> str:
        """The dates the row holds, in words: ``1887-01-01 to 1905-11-17``."""
        return f"{self.start} to {self.end}" if self.end else f"from {self.start}"


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def crosswalk() -> tuple[CrosswalkRow, ...]:
    """Return the rows of the crosswalk shipped in the package, in COW number order.

    Examples
    --------
    >>> rows = crosswalk()
    >>> [(r.cow_code, r.iso3) for r in rows if r.cow_number == 200]
    [('UKG', 'GBR')]
    >>> sorted({r.gw_number for r in rows if r.cow_number == 255})
    [255, 260]
    """
    text = resources.files("alliance_risk").joinpath("data", "states.csv").read_text("utf-8")
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        start = _date(r["start"])
        assert start is not None  # every row has a first day (checked by the tests)
        out.append(
            CrosswalkRow(
                cow_code=r["cow_code"],
                cow_number=int(r["cow_number"]),
                name=r["name"],
                start=start,
                end=_date(r["end"]),
                iso3=r["iso3"] or None,
                gw_number=int(r["gw_number"]) if r["gw_number"] else None,
                cow_source=r["cow_source"],
                iso3_source=r["iso3_source"] or None,
                gw_source=r["gw_source"] or None,
            )
        )
    return tuple(out)


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class _Index:
    """What the resolver knows of one World's states (built once per call)."""

    coding: Coding
    codes: tuple[str, ...]
    folded: Mapping[str, str]  # code in any case -> code
    spelled: Mapping[str, tuple[str, ...]]  # name or alias, folded -> codes
    numbers: Mapping[int, str]  # COW number -> code
    rows: Mapping[str, tuple[CrosswalkRow, ...]]  # code -> the crosswalk rows of its state
    known: frozenset[str]  # the codes

    def of_row(self, row: CrosswalkRow) -> str | None:
        """Return the World's code of the state a crosswalk row describes, or ``None``."""
        if row.cow_number in self.numbers:
            return self.numbers[row.cow_number]
        code = row.code(self.coding)
        return code if code is not None and code in self.known else None


def state_index(states: Iterable[Any], coding: Any = "custom") -> _Index:
    """Index the states of a World, or of a file's raw ``states`` list.

    Items that are not readable states (a file's malformed entries) are skipped: they
    are reported on their own.
    """
    coding_ok: Coding = coding if coding in CODINGS else "custom"
    codes: list[str] = []
    spelled: dict[str, list[str]] = {}
    numbers_: dict[int, str] = {}
    for s in states:
        code = _get(s, "code")
        if not isinstance(code, str):
            continue
        codes.append(code)
        aliases = _get(s, "aliases")
        names = [_get(s, "name"), *(aliases if isinstance(aliases, list | tuple) else ())]
        for n in names:
            if isinstance(n, str) and _fold(n) != code.casefold():
                spelled.setdefault(_fold(n), []).append(code)
        ccode = _get(s, "ccode")
        if isinstance(ccode, int) and not isinstance(ccode, bool):
            numbers_.setdefault(ccode, code)
    folded = {c.casefold(): c for c in codes}
    known = frozenset(codes)
    # The rows of a state are those with its code in the World's coding (its COW
    # number, if any, is not trusted alone: a made-up World may give any number).
    by_code: dict[str, list[CrosswalkRow]] = {}
    if coding_ok != "custom":
        for row in crosswalk():
            code = row.code(coding_ok)
            if code is not None and code in known:
                by_code.setdefault(code, []).append(row)
    return _Index(
        coding=coding_ok,
        codes=tuple(codes),
        folded=folded,
        spelled={k: tuple(dict.fromkeys(v)) for k, v in spelled.items()},
        numbers=numbers_,
        rows={k: tuple(v) for k, v in by_code.items()},
        known=known,
    )


def _index_of(world: World | CompiledWorld) -> _Index:
    states = getattr(world, "states", None)
    if isinstance(states, tuple):
        return state_index(states, getattr(world, "coding", "custom"))
    # A CompiledWorld keeps only its codes: they are resolved in any letter case.
    return state_index(({"code": c} for c in world.codes), "custom")


def _other(coding: Coding) -> Coding:
    return "iso3" if coding == "cow" else "cow"


def _said(row: CrosswalkRow) -> str:
    return f"{row.name} ({row.cow_number}, {row.span})"


def _on(days: Collection[date]) -> str:
    if len(days) == 1:
        return f" on {next(iter(days))}"
    return f" from {min(days)} to {max(days)}" if days else ""


def _wrong_meaning(index: _Index, code: str, days: Collection[date]) -> str | None:
    """Say so if ``code`` names, on ``days``, a state other than the World's.

    That is when the World's state with this code (its crosswalk rows) was no state on
    any of the days, while the state the code names in the other coding was.
    """
    if not days or index.coding == "custom":
        return None
    mine = index.rows.get(code, ())
    if not mine or any(r.holds_on(d) for r in mine for d in days):
        return None
    other = _other(index.coding)
    meant = [
        r
        for r in crosswalk()
        if r.code(other) == code
        and r.cow_number not in {m.cow_number for m in mine}
        and any(r.holds_on(d) for d in days)
    ]
    if not meant:
        return None
    r = meant[0]
    here = index.of_row(r)
    spans = ", ".join(m.span for m in mine)
    use = f"{here!r}" if here is not None else "not in this World"
    return (
        f"{code!r} in this {_LABEL[index.coding]}-coded World is {mine[0].name} "
        f"({mine[0].cow_number}, {spans}), no state{_on(days)}; {r.name} (the "
        f"{_LABEL[other]} code {code!r}) is {use}"
    )


def _translated(index: _Index, text: str, days: Collection[date]) -> str | UnknownStateError | None:
    """Map a code or name of the other coding to the World's code, if it means one state."""
    if index.coding == "custom":
        return None
    upper, folded = text.upper(), _fold(text)
    other = _other(index.coding)
    own = [r for r in crosswalk() if r.code(index.coding) == upper]
    if own:  # a code of the World's own coding for a state the World does not hold
        there = [r for r in crosswalk() if r.code(other) == upper and index.of_row(r)]
        also = (
            f"; the {_LABEL[other]} code {upper!r} is {there[0].name}, here "
            f"{index.of_row(there[0])!r}"
            if there
            else ""
        )
        return UnknownStateError(
            f"{text!r} is not a state in this World: in {_LABEL[index.coding]} coding it is "
            f"{_said(own[0])}{also}"
        )
    rows = [r for r in crosswalk() if r.code(other) == upper or _fold(r.name) == folded]
    if days:
        rows = [r for r in rows if any(r.holds_on(d) for d in days)] or rows
    targets: dict[str, list[CrosswalkRow]] = {}
    for r in rows:
        if (c := index.of_row(r)) is not None:
            targets.setdefault(c, []).append(r)
    if len(targets) == 1:
        return next(iter(targets))
    if len(targets) > 1:
        options = " or ".join(
            f"{c!r} ({rs[0].name}, {rs[0].cow_number}: {', '.join(r.span for r in rs)})"
            for c, rs in targets.items()
        )
        return UnknownStateError(
            f"{text!r} names more than one state of this World{_on(days)}: {options}; "
            "pass the code, or a date on which only one of them was a state"
        )
    return None


def hint(index: _Index, text: str) -> str:
    """Say what an unknown state code probably meant (for messages): ``; did you mean ...``.

    That is the state its name or alias gives, or codes close to it, by letters, by
    name, and through the crosswalk (``GBR`` near ``UKG`` in a COW-coded World).
    """
    folded = _fold(text)
    named = index.spelled.get(folded, ())
    same = index.folded.get(text.casefold())
    if len(named) == 1 and same is None:
        return f"; it names {named[0]!r}: use the code"
    close = [c for c in ([same] if same else []) + close_codes(text, index.codes)]
    near = difflib.get_close_matches(folded, list(index.spelled), cutoff=0.8)
    close += [c for n in near for c in index.spelled[n]]
    if index.coding != "custom":
        other = _other(index.coding)
        for r in crosswalk():
            named_here = r.code(other) == text.upper() or _fold(r.name) == folded
            if named_here and (c := index.of_row(r)) is not None:
                close.insert(0, c)
    close = [c for c in dict.fromkeys(close) if c != text][:3]
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


def _resolve(index: _Index, state: Any, days: Collection[date], func: str) -> str:
    """Return the World's code of ``state`` (see :func:`resolve_state`)."""
    if isinstance(state, numbers.Integral) and not isinstance(state, bool):
        return _by_number(index, int(state), state)
    if not isinstance(state, str):
        raise UnknownStateError(
            f"{func}: {state!r} is not a state: expected a state code, name or alias (a "
            "str) or a COW number (an int)"
        )
    text = state.strip()
    if text.isdecimal() and text.isascii():
        return _by_number(index, int(text), state)
    code = index.folded.get(text.casefold())
    if code is not None:
        wrong = _wrong_meaning(index, code, days)
        if wrong:
            raise UnknownStateError(wrong)
        return code
    named = index.spelled.get(_fold(text), ())
    if len(named) == 1:
        return named[0]
    if named:
        raise UnknownStateError(
            f"{state!r} names more than one state of this World: "
            f"{' or '.join(map(repr, named))}; pass the code"
        )
    found = _translated(index, text, days)
    if isinstance(found, str):
        return found
    if found is not None:
        raise found
    raise UnknownStateError(f"{state!r} is not a state in this World{hint(index, text)}")


def _by_number(index: _Index, number: int, given: object) -> str:
    if number in index.numbers:
        return index.numbers[number]
    rows = [r for r in crosswalk() if r.cow_number == number]
    targets = {c for r in rows if (c := index.of_row(r)) is not None}
    if len(targets) == 1:
        return targets.pop()
    said = f": it is COW's number of {rows[0].name}, not in this World" if rows else ""
    raise UnknownStateError(f"{given!r} is not the COW number of a state in this World{said}")


def resolve_state(
    world: World | CompiledWorld, state: Any, *, as_of: Any = None, func: str = "resolve_state"
) -> str:
    """Return the code, in ``world``, of the state that ``state`` names.

    Parameters
    ----------
    world : World or CompiledWorld
        Where to look (a CompiledWorld keeps only codes: only they are resolved).
    state : str or int
        A code of the World in any letter case (``"prk"``), a state's name or alias
        (``"North Korea"``, ``"DPRK"``), a COW number (``731`` or ``"731"``), or a code
        of the other coding that the crosswalk maps to one state of the World
        (``"GBR"`` in a COW-coded World gives ``"UKG"``).
    as_of : date or str, optional
        The day the state is named for: a code that means, on that day, a different
        state than the World's (``KOR`` in a COW-coded World is Korea of 1887-1905)
        is refused, and a code the crosswalk maps to several states picks the one of
        that day.

    Returns
    -------
    str
        The World's code of the state.

    Raises
    ------
    UnknownStateError
        If no state of the World is named, or more than one is, or the code names
        another state on ``as_of``; the message says which state was probably meant.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> [resolve_state(w, s) for s in ("prk", "DPRK", "North Korea", 731, "ROK")]
    ['PRK', 'PRK', 'PRK', 'PRK', 'KOR']
    >>> from alliance_risk import State, World
    >>> cow = World(coding="cow", states=[State(code="KOR", name="Korea", ccode=730),
    ...                                   State(code="ROK", name="South Korea", ccode=732),
    ...                                   State(code="UKG", name="United Kingdom", ccode=200)])
    >>> resolve_state(cow, "GBR")
    'UKG'
    >>> resolve_state(cow, "KOR", as_of="2015-01-01")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    alliance_risk._errors.UnknownStateError: 'KOR' in this COW-coded World is Korea
    (730, 1887-01-01 to 1905-11-17), no state on 2015-01-01; South Korea (the ISO code
    'KOR') is 'ROK'
    """
    from ._validation import check_as_of

    days = () if as_of is None else (check_as_of(as_of, func),)
    return _resolve(_index_of(world), state, days, func)


def resolve_members(
    world: World | CompiledWorld,
    members: Any,
    func: str,
    sizes: tuple[int, ...],
    days: Collection[date] = (),
    *,
    index: _Index | None = None,
) -> tuple[str, ...]:
    """Return ``members`` as the World's codes: distinct states, of an allowed number.

    The one place where the public functions read the states they are given.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> resolve_members(load_scenario("axis-of-upheaval"), ["chn", "Russia", 731], "f", (3,))
    ('CHN', 'RUS', 'PRK')
    """
    if isinstance(members, str) or not isinstance(members, Sequence):
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must be a sequence of state codes. "
            f"Got {members!r} instead."
        )
    given = tuple(members)
    if len(given) not in sizes:
        want = " or ".join(map(str, sizes))
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must name {want} states. Got {members!r} instead."
        )
    idx = index if index is not None else _index_of(world)
    out = tuple(_resolve(idx, m, days, func) for m in given)
    if len(set(out)) != len(out):
        raise InvalidParameterError(
            f"The 'members' parameter of {func} must name distinct states. Got {members!r} "
            f"instead (the states {out!r})."
        )
    return out


def index_of(world: World | CompiledWorld) -> _Index:
    """Return the resolver's index of a World's states, to resolve many names at once."""
    return _index_of(world)
