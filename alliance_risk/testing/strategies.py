"""Hypothesis strategies for alliance_risk records and Worlds.

Every strategy returns a ``SearchStrategy`` of valid objects, so a property that fails
fails because of the rule under test, never because of bad input. They compose:
element arguments take a strategy (``pacts(parties=states_from(world))``) and bounds
are keyword-only plain values named ``min_*``/``max_*``. Impossible combinations raise
:class:`hypothesis.errors.InvalidArgument` rather than generating nothing.

Examples shrink toward fewer states and records, earlier dates, smaller amounts and
the first obligation, so a counterexample is small and readable.

This module is not imported by ``import alliance_risk``; import it in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..config import ScoringConfig
from ..models import (
    Confidence,
    Conflict,
    ConflictKind,
    Contiguity,
    Deployment,
    DeploymentKind,
    Exercise,
    Lifeline,
    Obligation,
    Pact,
    Participant,
    Pledge,
    Rivalry,
    State,
    Summit,
)
from ..signals import registered_signals
from ..world import RECORD_KINDS, Coverage, World

__all__ = [
    "DEFAULT_DATE_RANGE",
    "SECOND_ORDER",
    "conflicts",
    "contiguities",
    "coverages",
    "dates",
    "deployments",
    "exercises",
    "lifelines",
    "pacts",
    "rivalries",
    "scoring_configs",
    "state_codes",
    "states",
    "states_from",
    "summits",
    "worlds",
]

#: Dates drawn when no ``date_range`` is given.
DEFAULT_DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2030, 12, 31))

_SOURCES = st.lists(
    st.sampled_from(["S01", "S02 (tier A): wire copy", "official text", "ATOP 5.1"]),
    min_size=1,
    max_size=2,
).map(tuple)


def _check_range(date_range: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date]:
    lo, hi = DEFAULT_DATE_RANGE if date_range is None else date_range
    if lo > hi:
        raise InvalidArgument(f"Cannot have date_range=({lo}, {hi}) with start after end")
    return lo, hi


def _check_bounds(name: str, lo: int, hi: int | None) -> None:
    if lo < 0:
        raise InvalidArgument(f"min_{name}={lo} must be >= 0")
    if hi is not None and hi < lo:
        raise InvalidArgument(f"Cannot have max_{name}={hi} < min_{name}={lo}")


def dates(*, date_range: tuple[dt.date, dt.date] | None = None) -> st.SearchStrategy[dt.date]:
    """Dates within ``date_range`` (inclusive); shrink toward its start.

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import find
    >>> find(dates(date_range=(dt.date(2020, 1, 1), dt.date(2020, 12, 31))), lambda d: True)
    datetime.date(2020, 1, 1)
    """
    lo, hi = _check_range(date_range)
    return st.dates(min_value=lo, max_value=hi)


def state_codes() -> st.SearchStrategy[str]:
    """State codes: three upper-case letters (``"AAB"``); shrink toward ``"AAA"``.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(state_codes(), lambda c: True)
    'AAA'
    """
    return st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)


@st.composite
def states(draw: st.DrawFn, *, codes: st.SearchStrategy[str] | None = None) -> State:
    """States with a code from ``codes`` (default :func:`state_codes`).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(states(), lambda s: True)
    State(code='AAA', name='State AAA', ccode=None, aliases=())
    """
    code = draw(state_codes() if codes is None else codes)
    ccode = draw(st.none() | st.integers(1, 999))
    return State(code=code, name=f"State {code}", ccode=ccode)


_any_state = states  # ``worlds`` takes an argument of the same name


def states_from(world: World) -> st.SearchStrategy[str]:
    """Codes of the states of ``world``, like ``sampled_from``.

    Raises
    ------
    InvalidArgument
        If the World has no states.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> from hypothesis import find
    >>> find(states_from(load_scenario("axis-of-upheaval")), lambda c: True)
    'CHN'
    """
    if not world.states:
        raise InvalidArgument("states_from(world) needs a World with at least one state")
    return st.sampled_from(world.codes)


def _distinct(codes: st.SearchStrategy[str], min_size: int, max_size: int) -> Any:
    return st.lists(codes, min_size=min_size, max_size=max_size, unique=True).map(tuple)


def _span(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date | None]:
    start = draw(st.dates(min_value=lo, max_value=hi))
    end = draw(st.none() | st.dates(min_value=start, max_value=hi))
    return start, end


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 10_000).map(lambda i: f"{prefix}{i}")


_OBLIGATION_SETS = st.lists(st.sampled_from(list(Obligation)), min_size=1, max_size=3, unique=True)
_SOME_OBLIGATIONS = st.lists(st.sampled_from(list(Obligation)), max_size=2, unique=True)


def _owes_something(
    members: tuple[str, ...],
    obligations: tuple[Obligation, ...],
    party_obligations: dict[str, tuple[Obligation, ...]],
    pledges: list[Pledge],
) -> bool:
    """Whether some party pledges something to some other party (as :meth:`Pact.owed`)."""
    directed = {(p.party, p.toward): p.obligations for p in pledges}
    return any(
        directed.get((a, b), party_obligations.get(a, obligations))
        for a in members
        for b in members
        if a != b
    )


@st.composite
def pacts(
    draw: st.DrawFn,
    *,
    parties: st.SearchStrategy[str],
    min_parties: int = 2,
    max_parties: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
    asymmetric: bool = True,
    pledges: bool = True,
) -> Pact:
    """Generate pacts among distinct ``parties``, with obligations.

    If ``asymmetric``, some parties get obligations of their own (possibly none: a party
    that only receives pledges). If ``pledges``, some ordered pairs of parties get a
    directed pledge (possibly empty: a guarantee pact that does not tie that pair).
    Every pact still pledges something. Signed, in-force and end dates are ordered;
    ``in_force`` and ``ended`` may be absent.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> p = find(pacts(parties=st.sampled_from(["AAA", "BBB", "CCC"])), lambda p: True)
    >>> p.parties, [str(o) for o in p.obligations], p.pledges
    (('AAA', 'BBB'), ['defence'], ())
    >>> q = find(pacts(parties=st.sampled_from(["AAA", "BBB", "CCC"])),
    ...          lambda p: not all(p.ties(a, b) for a in p.parties for b in p.parties if a < b))
    >>> len(q.parties)  # some pair is not tied: that takes a third party that is
    3
    """
    if min_parties < 2:
        raise InvalidArgument(f"min_parties={min_parties} must be >= 2: a pact needs two parties")
    if max_parties < min_parties:
        raise InvalidArgument(f"Cannot have max_parties={max_parties} < min_parties={min_parties}")
    lo, hi = _check_range(date_range)
    members = draw(_distinct(parties, min_parties, max_parties))
    signed = draw(st.dates(min_value=lo, max_value=hi))
    in_force = draw(st.none() | st.dates(min_value=signed, max_value=hi))
    ended = draw(st.none() | st.dates(min_value=in_force or signed, max_value=hi))
    party_obligations = {}
    if asymmetric:
        for code in draw(st.lists(st.sampled_from(members), unique=True, max_size=len(members))):
            party_obligations[code] = tuple(draw(_SOME_OBLIGATIONS))
    obligations = tuple(draw(_OBLIGATION_SETS))
    directed: list[Pledge] = []
    if pledges:
        pairs = [(a, b) for a in members for b in members if a != b]
        for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))):
            directed.append(Pledge(party=a, toward=b, obligations=tuple(draw(_SOME_OBLIGATIONS))))
    if not _owes_something(members, obligations, party_obligations, directed):
        party_obligations, directed = {}, []  # the drawn pledges cancel out: keep the pact
    return Pact(
        id=draw(_ids("P")),
        name="pact",
        parties=members,
        signed=signed,
        in_force=in_force,
        ended=ended,
        obligations=obligations,
        party_obligations=party_obligations,
        pledges=tuple(directed),
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


def _two(codes: st.SearchStrategy[str]) -> Any:
    return _distinct(codes, 2, 2)


@st.composite
def deployments(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[str],
    date_range: tuple[dt.date, dt.date] | None = None,
    max_amount: float = 50_000.0,
) -> Deployment:
    """Deployments between two distinct ``states``; contested ones carry a range.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> d = find(deployments(states=st.sampled_from(["AAA", "BBB"])), lambda d: d.amount > 10)
    >>> d.supplier, d.recipient, d.amount
    ('AAA', 'BBB', 11.0)
    """
    if not max_amount >= 0:
        raise InvalidArgument(f"max_amount={max_amount} must be >= 0")
    lo, hi = _check_range(date_range)
    supplier, recipient = draw(_two(states))
    start, end = _span(draw, lo, hi)
    amount = draw(st.floats(0, max_amount, allow_nan=False))
    ranged = draw(st.booleans())
    low = draw(st.floats(0, amount)) if ranged else None
    high = draw(st.floats(amount, max_amount)) if ranged else None
    return Deployment(
        id=draw(_ids("D")),
        supplier=supplier,
        recipient=recipient,
        kind=draw(st.sampled_from(list(DeploymentKind))),
        amount=amount,
        unit="units",
        low=low,
        high=high,
        start=start,
        end=end,
        source=draw(_SOURCES),
        confidence=Confidence.CONTESTED if ranged else draw(st.sampled_from(list(Confidence))),
    )


@st.composite
def summits(
    draw: st.DrawFn,
    *,
    participants: st.SearchStrategy[str],
    min_participants: int = 2,
    max_participants: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Summit:
    """Summits of distinct ``participants``.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> find(summits(participants=st.sampled_from(["AAA", "BBB"])), lambda s: True).participants
    ('AAA', 'BBB')
    """
    _check_participants(min_participants, max_participants)
    lo, hi = _check_range(date_range)
    return Summit(
        id=draw(_ids("S")),
        participants=draw(_distinct(participants, min_participants, max_participants)),
        date=draw(st.dates(min_value=lo, max_value=hi)),
        level=draw(st.none() | st.sampled_from(["leaders", "ministers"])),
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


def _check_participants(lo: int, hi: int) -> None:
    if lo < 2:
        raise InvalidArgument(f"min_participants={lo} must be >= 2")
    if hi < lo:
        raise InvalidArgument(f"Cannot have max_participants={hi} < min_participants={lo}")


@st.composite
def exercises(
    draw: st.DrawFn,
    *,
    participants: st.SearchStrategy[str],
    min_participants: int = 2,
    max_participants: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Exercise:
    """Joint exercises of distinct ``participants``, with ordered start and end.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> e = find(exercises(participants=st.sampled_from(["AAA", "BBB"])), lambda e: e.end)
    >>> e.start == e.end
    True
    """
    _check_participants(min_participants, max_participants)
    lo, hi = _check_range(date_range)
    start, end = _span(draw, lo, hi)
    return Exercise(
        id=draw(_ids("E")),
        participants=draw(_distinct(participants, min_participants, max_participants)),
        start=start,
        end=end,
        domain=draw(st.none() | st.sampled_from(["naval", "air", "land"])),
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


@st.composite
def lifelines(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[str],
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Lifeline:
    """Lifelines between two distinct ``states`` with a share, a volume, or both.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> ll = find(lifelines(states=st.sampled_from(["AAA", "BBB"])), lambda ll: True)
    >>> ll.share
    0.0
    """
    lo, hi = _check_range(date_range)
    supplier, buyer = draw(_two(states))
    start, end = _span(draw, lo, hi)
    which = draw(st.sampled_from(["share", "volume", "both"]))
    share = draw(st.floats(0, 1)) if which != "volume" else None
    volume = draw(st.floats(0, 500)) if which != "share" else None
    return Lifeline(
        id=draw(_ids("L")),
        supplier=supplier,
        buyer=buyer,
        commodity="crude oil",
        volume=volume,
        unit="mt/yr" if volume is not None else None,
        share=share,
        start=start,
        end=end,
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


@st.composite
def conflicts(
    draw: st.DrawFn,
    *,
    participants: st.SearchStrategy[str],
    min_participants: int = 2,
    max_participants: int = 4,
    max_spells: int = 2,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Conflict:
    """Disputes and wars between two sides of distinct ``participants``.

    The first state drawn stands on side A and the second on side B, so both sides have
    a member; the others join either side. Every participant joins on a day within the
    conflict and may leave before its end; with ``max_spells`` above 1, a state that
    left may come back later, on either side (rejoining, or switching sides), in spells
    that do not overlap. A war has hostility 5; a dispute 1 to 5.

    Raises
    ------
    InvalidArgument
        For ``min_participants < 2``, ``max_participants < min_participants`` or
        ``max_spells < 1``.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> c = find(conflicts(participants=st.sampled_from(["AAA", "BBB", "CCC"])),
    ...          lambda c: True)
    >>> [[p.state for p in side] for side in c.sides], c.kind.value, c.hostility
    ([['AAA'], ['BBB']], 'dispute', 1)
    >>> s = find(conflicts(participants=st.sampled_from(["AAA", "BBB"])),
    ...          lambda c: len(c.sides[0]) + len(c.sides[1]) > 2)
    >>> sorted(p.state for side in s.sides for p in side)
    ['AAA', 'BBB', 'BBB']
    """
    _check_participants(min_participants, max_participants)
    if max_spells < 1:
        raise InvalidArgument(f"max_spells={max_spells} must be >= 1: a participant has a spell")
    lo, hi = _check_range(date_range)
    states = draw(_distinct(participants, min_participants, max_participants))
    start, end = _span(draw, lo, hi)
    last = end or hi
    kind = draw(st.sampled_from(list(ConflictKind)))
    hostility = draw(st.integers(1, 5))
    if kind == ConflictKind.WAR:
        hostility = 5  # COW: a war is the highest level
    sides: tuple[list[Participant], list[Participant]] = ([], [])
    for k, code in enumerate(states):
        side = k if k < 2 else draw(st.integers(0, 1))
        joined = draw(st.dates(min_value=start, max_value=last))
        for spell in range(max_spells):
            left = draw(st.none() | st.dates(min_value=joined, max_value=last))
            sides[side].append(
                Participant(
                    state=code,
                    joined=joined,
                    left=left,
                    hostility=draw(st.none() | st.integers(1, 5)),
                )
            )
            if spell + 1 == max_spells or left is None or left >= last:
                break
            if not draw(st.booleans()):
                break
            joined = draw(st.dates(min_value=left + dt.timedelta(days=1), max_value=last))
            side = draw(st.integers(0, 1))
    return Conflict(
        id=draw(_ids("C")),
        name="conflict",
        kind=kind,
        start=start,
        end=end,
        hostility=hostility,
        sides=(tuple(sides[0]), tuple(sides[1])),
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


@st.composite
def rivalries(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[str],
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Rivalry:
    """Strategic rivalries between two distinct ``states``, ongoing or ended.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> r = find(rivalries(states=st.sampled_from(["AAA", "BBB"])), lambda r: True)
    >>> r.rivals, r.end
    (('AAA', 'BBB'), None)
    """
    lo, hi = _check_range(date_range)
    rivals = draw(_two(states))
    start, end = _span(draw, lo, hi)
    return Rivalry(
        id=draw(_ids("R")),
        rivals=rivals,
        start=start,
        end=end,
        types=tuple(draw(st.lists(st.sampled_from(_RIVALRY_TYPES), unique=True, max_size=2))),
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


_RIVALRY_TYPES = ["spatial", "positional", "ideological", "interventionary"]


@st.composite
def contiguities(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[str],
    date_range: tuple[dt.date, dt.date] | None = None,
) -> Contiguity:
    """Contiguity spells between two distinct ``states``, levels 1 (land) to 5.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> c = find(contiguities(states=st.sampled_from(["AAA", "BBB"])), lambda c: True)
    >>> c.neighbours, c.level
    (('AAA', 'BBB'), 1)
    """
    lo, hi = _check_range(date_range)
    neighbours = draw(_two(states))
    start, end = _span(draw, lo, hi)
    return Contiguity(
        id=draw(_ids("N")),
        neighbours=neighbours,
        level=draw(st.integers(1, 5)),
        start=start,
        end=end,
        source=draw(_SOURCES),
        confidence=draw(st.sampled_from(list(Confidence))),
    )


@st.composite
def coverages(
    draw: st.DrawFn,
    *,
    kinds: st.SearchStrategy[str] | None = None,
    max_kinds: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> dict[str, Coverage]:
    """Coverage of a World: for up to ``max_kinds`` record kinds, a period of completeness.

    ``kinds`` draws the kinds (default: every record kind). Shrinks toward no coverage
    at all (every kind then covered exactly where the World has records of it).

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import find
    >>> window = (dt.date(2000, 1, 1), dt.date(2000, 12, 31))
    >>> find(coverages(date_range=window), lambda c: True)
    {}
    >>> c = find(coverages(date_range=window), lambda c: "rivalries" in c)
    >>> c["rivalries"].first, c["rivalries"].last
    (datetime.date(2000, 1, 1), datetime.date(2000, 1, 1))
    """
    _check_bounds("kinds", 0, max_kinds)
    lo, hi = _check_range(date_range)
    element = st.sampled_from(list(RECORD_KINDS)) if kinds is None else kinds
    out = {}
    for kind in draw(st.lists(element, unique=True, max_size=max_kinds)):
        first = draw(st.dates(min_value=lo, max_value=hi))
        out[kind] = Coverage(first=first, last=draw(st.dates(min_value=first, max_value=hi)))
    return out


@st.composite
def worlds(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[State] | None = None,
    min_states: int = 2,
    max_states: int = 6,
    min_records: int = 0,
    max_records: int = 4,
    min_pacts: int | None = None,
    max_pacts: int | None = None,
    min_deployments: int | None = None,
    max_deployments: int | None = None,
    min_summits: int | None = None,
    max_summits: int | None = None,
    min_exercises: int | None = None,
    max_exercises: int | None = None,
    min_lifelines: int | None = None,
    max_lifelines: int | None = None,
    min_conflicts: int | None = None,
    max_conflicts: int | None = None,
    min_rivalries: int | None = None,
    max_rivalries: int | None = None,
    min_contiguities: int | None = None,
    max_contiguities: int | None = None,
    coverage: bool = True,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> World:
    """Generate valid Worlds: states first, then records that use only their codes.

    ``min_records``/``max_records`` bound each kind of record; ``min_pacts``,
    ``max_summits``, ``max_conflicts``, ... override them for one kind (``max_pacts=0``:
    no pacts). Record ids are made unique across the World. ``states`` draws the states
    (for instance ``st.sampled_from(world.states)``). If ``coverage``, some record kinds
    may get a period of completeness (:func:`coverages`); otherwise a kind is covered
    exactly where the World has records of it. Shrinks toward fewer states and records,
    no coverage and earlier dates.

    Raises
    ------
    InvalidArgument
        If the bounds are impossible (fewer than two states with records asked for).

    Examples
    --------
    >>> from hypothesis import find
    >>> w = find(worlds(), lambda w: len(w.summits) > 0)
    >>> w.codes, [s.participants for s in w.summits]
    (('AAA', 'AAB'), [('AAA', 'AAB')])
    >>> w = find(worlds(max_records=0, min_rivalries=1, max_rivalries=2), lambda w: True)
    >>> len(w.rivalries), len(w.pacts), w.coverage
    (1, 0, {})
    """
    _check_bounds("states", min_states, max_states)
    _check_bounds("records", min_records, max_records)
    per_kind = {
        "pacts": (min_pacts, max_pacts), "deployments": (min_deployments, max_deployments),
        "summits": (min_summits, max_summits), "exercises": (min_exercises, max_exercises),
        "lifelines": (min_lifelines, max_lifelines),
        "conflicts": (min_conflicts, max_conflicts), "rivalries": (min_rivalries, max_rivalries),
        "contiguities": (min_contiguities, max_contiguities),
    }  # fmt: skip
    bounds = {}
    for kind, (lo, hi) in per_kind.items():
        lo = min_records if lo is None else lo
        hi = max_records if hi is None else hi
        _check_bounds(kind, lo, hi)
        if lo > 0 and max_states < 2:
            raise InvalidArgument(
                f"min_{kind}={lo} needs at least two states, but max_states={max_states}"
            )
        bounds[kind] = (lo, hi)
    rng = _check_range(date_range)
    element = _any_state() if states is None else states
    pool = draw(
        st.lists(element, min_size=min_states, max_size=max_states, unique_by=lambda s: s.code)
    )
    pool = _unique_ccodes(pool)
    if len(pool) < 2:
        return World(states=tuple(pool))
    codes = st.sampled_from([s.code for s in pool])
    n = len(pool)
    kinds: dict[str, st.SearchStrategy[Any]] = {
        "pacts": pacts(parties=codes, max_parties=min(3, n), date_range=rng),
        "deployments": deployments(states=codes, date_range=rng),
        "summits": summits(participants=codes, max_participants=min(3, n), date_range=rng),
        "exercises": exercises(participants=codes, max_participants=min(3, n), date_range=rng),
        "lifelines": lifelines(states=codes, date_range=rng),
        "conflicts": conflicts(participants=codes, max_participants=min(4, n), date_range=rng),
        "rivalries": rivalries(states=codes, date_range=rng),
        "contiguities": contiguities(states=codes, date_range=rng),
    }
    counter = 0
    renamed: dict[str, list[Any]] = {}
    for kind, strategy in kinds.items():
        lo, hi = bounds[kind]
        renamed[kind] = []
        for rec in draw(st.lists(strategy, min_size=lo, max_size=hi)):
            renamed[kind].append(rec.model_copy(update={"id": f"{rec.id[0]}{counter}"}))
            counter += 1
    spans = draw(coverages(date_range=rng)) if coverage else {}
    return World.model_validate({"states": pool, **renamed, "coverage": spans})


def _unique_ccodes(pool: list[State]) -> list[State]:
    seen: set[int] = set()
    out = []
    for s in pool:
        if s.ccode is not None and s.ccode in seen:
            s = s.model_copy(update={"ccode": None})
        if s.ccode is not None:
            seen.add(s.ccode)
        out.append(s)
    return out


#: The second-order signals, computed from every third state's friend and enemy ties.
SECOND_ORDER = ("allies_in_common", "enemies_in_common", "ally_of_enemy")


@st.composite
def scoring_configs(
    draw: st.DrawFn, *, min_signals: int = 1, signals: Sequence[str] | None = None
) -> ScoringConfig:
    """Generate valid scoring configurations: weights, half-lives, scales and triad rule.

    Weights go to signals drawn from ``signals`` (default: every registered signal,
    built-in and custom, enmity and second-order included); at least ``min_signals`` of
    them get a positive weight. Every numeric parameter is drawn, the conflict and
    rivalry half-lives and saturation scales included; the pact scale is either the
    default or drawn. Fractions are never subnormal floats (below 2.2e-308), which mean
    nothing as parameters. Shrinks toward the default shapes with equal weights.

    Raises
    ------
    InvalidArgument
        For a name in ``signals`` that is not a registered signal, or ``min_signals``
        outside ``[1, len(signals)]``.

    Examples
    --------
    >>> from hypothesis import find
    >>> cfg = find(scoring_configs(), lambda c: True)
    >>> sorted(cfg.normalized_weights()) == sorted(cfg.weights)
    True
    >>> cfg = find(scoring_configs(signals=["rivalry", "pact"], min_signals=2), lambda c: True)
    >>> sorted(cfg.weights)
    ['pact', 'rivalry']
    """
    known = registered_signals()
    names = known if signals is None else tuple(signals)
    unknown = [n for n in names if n not in known]
    if unknown or isinstance(signals, str):
        raise InvalidArgument(
            f"signals={signals!r} names {unknown or signals!r}, which are not registered "
            f"signals; expected some of {list(known)}"
        )
    if not 1 <= min_signals <= len(names):
        raise InvalidArgument(f"min_signals={min_signals} must be in [1, {len(names)}]")
    used = draw(st.lists(st.sampled_from(names), min_size=min_signals, unique=True))
    weights = {n: draw(st.floats(0.1, 10.0)) for n in used}
    days = st.floats(30.0, 3_650.0)
    scale = st.floats(0.2, 5.0)
    pact_scale = draw(
        st.none() | st.fixed_dictionaries({o: st.floats(0.0, 1.0) for o in Obligation})
    )
    return ScoringConfig(
        weights=weights,
        pending_pact_factor=draw(st.floats(0.0, 1.0, allow_subnormal=False)),
        asymmetric_rule=draw(st.sampled_from(["mean", "max", "min"])),
        troops_scale=draw(st.floats(100.0, 50_000.0)),
        supply_half_life=draw(days),
        summit_half_life=draw(days),
        exercise_half_life=draw(days),
        summit_scale=draw(st.floats(0.5, 10.0)),
        exercise_scale=draw(st.floats(0.5, 10.0)),
        share_scale=draw(st.floats(0.05, 1.0)),
        contested=draw(st.sampled_from(["midpoint", "amount", "low", "high"])),
        triad_power=draw(st.sampled_from([0.0, 1.0, -1.0, 0.5, -3.0, "min"])),
        triad_shared_weight=draw(st.floats(0.0, 1.0, allow_subnormal=False)),
        conflict_half_life=draw(st.floats(30.0, 7_305.0)),
        antagonism_scale=draw(scale),
        cobelligerence_scale=draw(scale),
        rivalry_half_life=draw(st.floats(30.0, 7_305.0)),
        allies_scale=draw(scale),
        enemies_scale=draw(scale),
        ally_of_enemy_scale=draw(scale),
        pact_scale=ScoringConfig().pact_scale if pact_scale is None else pact_scale,
    )
