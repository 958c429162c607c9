"""Hypothesis strategies for alliance_risk records and Worlds.

Every strategy returns a ``SearchStrategy`` of valid objects, so a property that fails
fails because of the rule under test, never because of bad input. They compose:
element arguments take a strategy (``pacts(parties=states_from(world))``) and bounds
are keyword-only plain values named ``min_*``/``max_*``. Impossible combinations raise
:class:`hypothesis.errors.InvalidArgument` rather than generating nothing.

They draw the boundary of what is valid, not only typical values: figures from 0 and
the smallest positive float up to :data:`~alliance_risk.models.MAX_FIGURE`, contested
ranges as wide as allowed, names of any length and ids of the longest allowed, state
codes of 2 to 6 characters, pacts, summits, exercises and conflicts that tie every state
of a World, the first and last days of ``date_range``, and configurations with
``triad_power`` next to 0, just below 1 or as negative as a float goes and weights 600
orders of magnitude apart. :data:`FULL_DATE_RANGE` draws dates over the whole
calendar. Typical values still make most examples, and examples shrink toward them:
fewer states and records, earlier dates, smaller amounts, short names and the first
obligation, so a counterexample is small and readable.

This module is not imported by ``import alliance_risk``; import it in tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from collections.abc import Sequence
from typing import Any, Literal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..aggregations import GEOMETRIC_BELOW
from ..config import ScoringConfig
from ..models import (
    MAX_FIGURE,
    Confidence,
    Conflict,
    ConflictKind,
    Contiguity,
    Deployment,
    DeploymentKind,
    Exercise,
    IgoCount,
    JointIgos,
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
    "FULL_DATE_RANGE",
    "MIN_SHAPE",
    "POSITIVE_EDGES",
    "POWER_EDGES",
    "SECOND_ORDER",
    "conflicts",
    "contiguities",
    "coverages",
    "dates",
    "deployments",
    "exercises",
    "figures",
    "joint_igos",
    "lifelines",
    "magnitudes",
    "pacts",
    "rivalries",
    "scoring_configs",
    "state_codes",
    "states",
    "states_from",
    "summits",
    "triad_powers",
    "worlds",
]

#: Dates drawn when no ``date_range`` is given.
DEFAULT_DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2030, 12, 31))

#: Every date a record may carry, 0001-01-01 to 9999-12-31: pass it as ``date_range`` to
#: draw records and scoring dates at the edges of the calendar.
FULL_DATE_RANGE = (dt.date.min, dt.date.max)

_TINY = math.ulp(0.0)  # 5e-324, the smallest positive float
_NORMAL = sys.float_info.min  # 2.2e-308, the smallest positive normal float
_HUGE = sys.float_info.max  # 1.8e308, the largest finite float
#: Deployment amounts up to this make most examples (the scale of real deployments).
_TYPICAL_AMOUNT = 50_000.0
#: The longest tail a drawn name gets (names have no limit; ids have 80 characters).
_LONG_NAME = 1_000
_MAX_ID = 80  # the longest record id the models accept


def _mixed(typical: st.SearchStrategy[Any], full: st.SearchStrategy[Any], edges: Any) -> Any:
    """Typical values, one of the boundary values ``edges``, or any in the valid range.

    Typical values come first, so examples shrink toward them; then the boundary
    values, drawn every few examples rather than by luck, before the rest of the range,
    so that an example needing an extreme value shrinks to the first boundary value
    that will do.
    """
    return st.one_of(typical, st.sampled_from(list(dict.fromkeys(edges))), full)


@functools.cache  # one strategy per bound: hypothesis validates each new one, slowly
def _figures(max_value: float, typical: float) -> st.SearchStrategy[float]:
    edges = (0.0, _TINY, _NORMAL, 1.0, max_value / 2, math.nextafter(max_value, 0), max_value)
    return _mixed(  # type: ignore[no-any-return]
        st.floats(0.0, min(typical, max_value)),
        st.floats(0.0, max_value),
        [v for v in edges if 0 <= v <= max_value],
    )


def figures(*, max_value: float = MAX_FIGURE) -> st.SearchStrategy[float]:
    """Amounts, volumes and counts a record may carry: floats in ``[0, max_value]``.

    Most are typical (up to 50,000); many are anywhere in the range, which hypothesis
    draws close to its ends; and every few examples one is a boundary value: 0, the
    smallest positive float (5e-324), the smallest normal one (2.2e-308), 1, half of
    ``max_value``, the float just below it, or ``max_value`` itself. Shrinks toward 0.

    Raises
    ------
    InvalidArgument
        For ``max_value`` outside ``[0, MAX_FIGURE]`` (records refuse larger figures).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(figures(), lambda x: x > 10)
    11.0
    >>> find(figures(), lambda x: x >= MAX_FIGURE / 2)  # reaches the largest figures
    500000000000.0
    >>> find(figures(max_value=100.0), lambda x: 0 < x < 1e-300)  # and the smallest
    5e-324
    """
    if not 0 <= max_value <= MAX_FIGURE:
        raise InvalidArgument(
            f"max_value={max_value!r} must be in [0, MAX_FIGURE={MAX_FIGURE:g}]: records refuse "
            "larger figures"
        )
    return _figures(max_value, _TYPICAL_AMOUNT)


_SHARES = _mixed(st.floats(0.0, 1.0), st.floats(0.0, 1.0), [0.0, _TINY, math.nextafter(1, 0), 1.0])

_FILL = ("x", "é", "中", "🙂", "-")


#: The tail of a drawn name (names have no length limit): none (the simplest, which
#: examples shrink to), a little text, or up to 1,000 repeated characters (one number to
#: draw, not one choice per character, so that it never crowds the example out).
_LONG_TAILS = st.one_of(
    st.text(min_size=1, max_size=8).map(lambda t: f" {t}"),
    st.builds(lambda n, c: f" {c * n}", st.integers(1, _LONG_NAME), st.sampled_from(_FILL)),
)
_TAILS = st.just("") | _LONG_TAILS


def _name(draw: st.DrawFn, base: str) -> str:
    """Draw ``base``, or ``base`` with a tail (:data:`_TAILS`)."""
    return base + draw(_TAILS)


# The short citations come first: a drawn long one shrinks back to them.
_SOURCES = st.lists(
    st.one_of(
        st.sampled_from(["S01", "S02 (tier A): wire copy", "official text", "ATOP 5.1"]),
        _LONG_TAILS.map(lambda t: f"S03{t}"),
    ),
    min_size=1,
    max_size=2,
).map(tuple)


def _check_range(date_range: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date]:
    lo, hi = DEFAULT_DATE_RANGE if date_range is None else date_range
    if lo > hi:
        raise InvalidArgument(f"Cannot have date_range=({lo}, {hi}) with start after end")
    return lo, hi


#: Where a contested range's bound falls: anywhere, or at either end.
_WHERE = st.sampled_from(("any", "any", "any", "first", "last"))


def _day(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """Draw a day in ``[lo, hi]``; shrink toward ``lo``.

    One number of days after ``lo``, which hypothesis draws as 0 (``lo``) often and as
    the largest (``hi``) now and then (about 1 in 100): unlike ``st.dates``, which never
    draws either end. A separate choice of edge would stop shrinking at ``hi``.
    """
    return lo + dt.timedelta(days=draw(st.integers(0, (hi - lo).days)))


def _maybe_day(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date | None:
    """Draw ``None`` (the simplest) or a day in ``[lo, hi]``."""
    return _day(draw, lo, hi) if draw(st.booleans()) else None


def _check_bounds(name: str, lo: int, hi: int | None) -> None:
    if lo < 0:
        raise InvalidArgument(f"min_{name}={lo} must be >= 0")
    if hi is not None and hi < lo:
        raise InvalidArgument(f"Cannot have max_{name}={hi} < min_{name}={lo}")


@st.composite
def dates(draw: st.DrawFn, *, date_range: tuple[dt.date, dt.date] | None = None) -> dt.date:
    """Dates within ``date_range`` (inclusive), often its first day, now and then its last.

    Shrink toward its start.

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import find
    >>> find(dates(date_range=(dt.date(2020, 1, 1), dt.date(2020, 12, 31))), lambda d: True)
    datetime.date(2020, 1, 1)
    >>> find(dates(date_range=FULL_DATE_RANGE), lambda d: d.year > 9000)
    datetime.date(9001, 1, 1)
    """
    lo, hi = _check_range(date_range)
    return _day(draw, lo, hi)


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = _UPPER + "0123456789"


def _letter_first(code: str) -> str:
    """Turn a leading digit into a letter (``"9A"`` -> ``"JA"``): codes start with one."""
    return code if code[0] in _UPPER else _UPPER[_ALNUM.index(code[0]) - 26] + code[1:]


@functools.cache
def state_codes() -> st.SearchStrategy[str]:
    """State codes: mostly three upper-case letters (``"AAB"``), and any valid code.

    A valid code has 2 to 6 upper-case letters or digits and starts with a letter
    (``"A1"``, ``"ZZZZZ9"``). Shrink toward ``"AAA"``.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(state_codes(), lambda c: True)
    'AAA'
    >>> find(state_codes(), lambda c: len(c) == 6)
    'A00000'
    """
    # Each branch draws one string, so the first (three letters) is the simpler.
    return st.one_of(
        st.text(alphabet=_UPPER, min_size=3, max_size=3),
        st.text(alphabet=_ALNUM, min_size=2, max_size=6).map(_letter_first),
    )


@st.composite
def states(draw: st.DrawFn, *, codes: st.SearchStrategy[str] | None = None) -> State:
    """States with a code from ``codes`` (default :func:`state_codes`).

    Names are ``"State <code>"`` or longer (up to about 1,000 characters); some states
    have a COW code (1 to 999) and aliases.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(states(), lambda s: True)
    State(code='AAA', name='State AAA', ccode=None, aliases=())
    >>> len(find(states(), lambda s: len(s.name) > 500).name)
    501
    """
    code = draw(state_codes() if codes is None else codes)
    ccode = draw(st.none() | st.integers(1, 999))
    aliases = tuple(f"{code} alias{tail}" for tail in draw(st.lists(_TAILS, max_size=2)))
    return State(code=code, name=_name(draw, f"State {code}"), ccode=ccode, aliases=aliases)


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
    start = _day(draw, lo, hi)
    end = _maybe_day(draw, start, hi)
    return start, end


def _long_id(head: str, fill: str) -> str:
    """``head``, a dot and ``fill`` repeated up to the longest id the models accept."""
    return f"{head}.{fill * _MAX_ID}"[:_MAX_ID]


@functools.cache
def _ids(prefix: str) -> st.SearchStrategy[str]:
    """Ids ``<prefix><n>``, or ``<prefix><n>.`` padded to 80 characters, the longest allowed.

    The part before the first dot is unique per record, which :func:`worlds` keeps when
    it renumbers records.
    """
    number = st.integers(0, 10_000)
    return st.one_of(
        number.map(lambda i: f"{prefix}{i}"),
        st.builds(lambda i, c: _long_id(f"{prefix}{i}", c), number, st.sampled_from("x9Z_.:-")),
    )


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
    signed = _day(draw, lo, hi)
    in_force = _maybe_day(draw, signed, hi)
    ended = _maybe_day(draw, in_force or signed, hi)
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
        name=_name(draw, "pact"),
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
    max_amount: float = MAX_FIGURE,
) -> Deployment:
    """Deployments between two distinct ``states``; contested ones carry a range.

    Amounts are drawn by :func:`figures`, up to ``max_amount`` (by default
    :data:`~alliance_risk.models.MAX_FIGURE`, the largest a record may carry). A range
    ``[low, high]`` is often as wide as allowed (``low`` 0, ``high`` ``max_amount``) or
    closed on the amount (``low == amount`` or ``high == amount``).

    Raises
    ------
    InvalidArgument
        For ``max_amount`` outside ``[0, MAX_FIGURE]``.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> d = find(deployments(states=st.sampled_from(["AAA", "BBB"])), lambda d: d.amount > 10)
    >>> d.supplier, d.recipient, d.amount
    ('AAA', 'BBB', 11.0)
    >>> d = find(deployments(states=st.sampled_from(["AAA", "BBB"])),
    ...          lambda d: d.low == 0 and d.high == MAX_FIGURE)
    >>> d.low, d.amount, d.high
    (0.0, 0.0, 1000000000000.0)
    """
    if not 0 <= max_amount <= MAX_FIGURE:
        raise InvalidArgument(
            f"max_amount={max_amount} must be in [0, MAX_FIGURE={MAX_FIGURE:g}]: records refuse "
            "larger figures"
        )
    lo, hi = _check_range(date_range)
    supplier, recipient = draw(_two(states))
    start, end = _span(draw, lo, hi)
    amount = draw(_figures(max_amount, _TYPICAL_AMOUNT))
    ranged = draw(st.booleans())
    low = high = None
    if ranged:
        # anywhere, or at an end: [0, max_amount] is the widest range, low == amount or
        # high == amount the narrowest
        low = {"any": draw(st.floats(0.0, amount)), "first": 0.0, "last": amount}[draw(_WHERE)]
        high = {"any": draw(st.floats(amount, max_amount)), "first": amount, "last": max_amount}[
            draw(_WHERE)
        ]
    return Deployment(
        id=draw(_ids("D")),
        supplier=supplier,
        recipient=recipient,
        kind=draw(st.sampled_from(list(DeploymentKind))),
        amount=amount,
        unit=_name(draw, "units"),
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
        date=_day(draw, lo, hi),
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

    Some participants may have sent only a token contingent (``token``).

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
    members = draw(_distinct(participants, min_participants, max_participants))
    # now and then some took part with a token contingent (none: the simplest)
    token = draw(st.lists(st.sampled_from(members), unique=True, max_size=len(members)))
    return Exercise(
        id=draw(_ids("E")),
        participants=members,
        token=tuple(sorted(token, key=members.index)),
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

    Shares are fractions in [0, 1], 0, 5e-324, the float below 1 and 1 included;
    volumes are figures up to :data:`~alliance_risk.models.MAX_FIGURE` (mostly up to 500).

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
    share = draw(_SHARES) if which != "volume" else None
    volume = draw(_figures(MAX_FIGURE, 500.0)) if which != "share" else None
    return Lifeline(
        id=draw(_ids("L")),
        supplier=supplier,
        buyer=buyer,
        commodity=_name(draw, "crude oil"),
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
        joined = _day(draw, start, last)
        for spell in range(max_spells):
            left = _maybe_day(draw, joined, last)
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
            joined = _day(draw, left + dt.timedelta(days=1), last)
            side = draw(st.integers(0, 1))
    return Conflict(
        id=draw(_ids("C")),
        name=_name(draw, "conflict"),
        kind=kind,
        start=start,
        end=end,
        hostility=hostility,
        fatalities=draw(st.none() | st.integers(0, int(MAX_FIGURE))),
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


_IGO_COUNTS = _mixed(st.integers(0, 60), st.integers(0, int(MAX_FIGURE)), [0, 1, int(MAX_FIGURE)])


@st.composite
def joint_igos(
    draw: st.DrawFn,
    *,
    states: st.SearchStrategy[str],
    max_spells: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> JointIgos:
    """Two distinct ``states``' joint IGO memberships: 1 to ``max_spells`` spells in order.

    Spells do not overlap and may leave gaps (a year with no count); counts are
    integers, mostly up to 60, now and then 0, 1 or the largest allowed
    (:data:`~alliance_risk.models.MAX_FIGURE`).

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> g = find(joint_igos(states=st.sampled_from(["AAA", "BBB"])), lambda g: True)
    >>> sorted(g.members), all(c.count >= 0 for c in g.counts)
    (['AAA', 'BBB'], True)
    """
    _check_bounds("spells", 1, max_spells)
    lo, hi = _check_range(date_range)
    members = draw(_two(states))
    counts: list[IgoCount] = []
    start = _day(draw, lo, hi)
    for _ in range(draw(st.integers(1, max_spells))):
        end = _day(draw, start, hi)
        counts.append(IgoCount(start=start, end=end, count=draw(_IGO_COUNTS)))
        if end >= hi:
            break
        start = _day(draw, end + dt.timedelta(days=1), hi)
    return JointIgos(
        id=draw(_ids("G")),
        members=members,
        counts=tuple(counts),
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
        first = _day(draw, lo, hi)
        out[kind] = Coverage(first=first, last=_day(draw, first, hi))
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
    min_joint_igos: int | None = None,
    max_joint_igos: int | None = None,
    coverage: bool = True,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> World:
    """Generate valid Worlds: states first, then records that use only their codes.

    ``min_records``/``max_records`` bound each kind of record; ``min_pacts``,
    ``max_summits``, ``max_conflicts``, ... override them for one kind (``max_pacts=0``:
    no pacts). Record ids are made unique across the World (long ids stay up to 80
    characters). ``states`` draws the states (for instance
    ``st.sampled_from(world.states)``); by default they have three-letter codes, one of
    them often replaced by a code of 2 or 6 characters, the shortest and longest valid.
    A pact, summit, exercise or conflict ties any number of the World's states, often
    all of them: with ``min_states=20`` some tie 20 states or more. If ``coverage``, some
    record kinds may get a period of completeness (:func:`coverages`); otherwise a kind
    is covered exactly where the World has records of it. Joint IGO records tie
    distinct pairs (a World holds one count per pair and day). Shrinks toward fewer states
    and records, three-letter codes, no coverage and earlier dates.

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
    >>> from hypothesis import Phase, settings
    >>> crowd = worlds(min_states=20, max_states=20, max_records=0, min_summits=1, max_summits=1)
    >>> w = find(crowd, lambda w: len(w.summits[0].participants) == 20,
    ...          settings=settings(phases=[Phase.generate]))  # a big World: no shrinking
    >>> len(w.summits[0].participants), len(w.codes)
    (20, 20)
    """
    _check_bounds("states", min_states, max_states)
    _check_bounds("records", min_records, max_records)
    per_kind = {
        "pacts": (min_pacts, max_pacts), "deployments": (min_deployments, max_deployments),
        "summits": (min_summits, max_summits), "exercises": (min_exercises, max_exercises),
        "lifelines": (min_lifelines, max_lifelines),
        "conflicts": (min_conflicts, max_conflicts), "rivalries": (min_rivalries, max_rivalries),
        "contiguities": (min_contiguities, max_contiguities),
        "joint_igos": (min_joint_igos, max_joint_igos),
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
        if kind == "joint_igos" and lo > min_states * (min_states - 1) // 2:
            raise InvalidArgument(
                f"min_joint_igos={lo} needs that many pairs (one record per pair), but "
                f"min_states={min_states}"
            )
        bounds[kind] = (lo, hi)
    rng = _check_range(date_range)
    element = _any_state(codes=_LETTER_CODES) if states is None else states
    pool = draw(
        st.lists(element, min_size=min_states, max_size=max_states, unique_by=lambda s: s.code)
    )
    pool = _unique_ccodes(pool)
    if states is None:
        pool = _edge_code(draw, pool)
    if len(pool) < 2:
        return World(states=tuple(pool))
    codes = st.sampled_from([s.code for s in pool])
    n = len(pool)
    # Events of many states: any number of them, or all of them (shrinking to the first).
    kinds: dict[str, st.SearchStrategy[Any]] = {
        "pacts": st.one_of(
            pacts(parties=codes, max_parties=n, date_range=rng),
            pacts(parties=codes, min_parties=n, max_parties=n, date_range=rng),
        ),
        "deployments": deployments(states=codes, date_range=rng),
        "summits": st.one_of(
            summits(participants=codes, max_participants=n, date_range=rng),
            summits(participants=codes, min_participants=n, max_participants=n, date_range=rng),
        ),
        "exercises": st.one_of(
            exercises(participants=codes, max_participants=n, date_range=rng),
            exercises(participants=codes, min_participants=n, max_participants=n, date_range=rng),
        ),
        "lifelines": lifelines(states=codes, date_range=rng),
        "conflicts": st.one_of(
            conflicts(participants=codes, max_participants=n, date_range=rng),
            conflicts(participants=codes, min_participants=n, max_participants=n, date_range=rng),
        ),
        "rivalries": rivalries(states=codes, date_range=rng),
        "contiguities": contiguities(states=codes, date_range=rng),
        "joint_igos": joint_igos(states=codes, date_range=rng),
    }
    counter = 0
    renamed: dict[str, list[Any]] = {}
    for kind, strategy in kinds.items():
        lo, hi = bounds[kind]
        renamed[kind] = []
        # one joint IGO record per pair: a pair shares one number of IGOs on a day
        unique = (lambda r: frozenset(r.members)) if kind == "joint_igos" else None
        for rec in draw(st.lists(strategy, min_size=lo, max_size=hi, unique_by=unique)):
            # the part before the first dot is unique: the kind's letter and a counter
            _, dot, tail = rec.id.partition(".")
            new = f"{rec.id[0]}{counter}{dot}{tail}"[:_MAX_ID]
            renamed[kind].append(rec.model_copy(update={"id": new}))
            counter += 1
    spans = draw(coverages(date_range=rng)) if coverage else {}
    return World.model_validate({"states": pool, **renamed, "coverage": spans})


_LETTER_CODES = st.text(alphabet=_UPPER, min_size=3, max_size=3)
_CODE_EDGES = st.sampled_from((None, None, 2, 6))


def _edge_code(draw: st.DrawFn, pool: list[State]) -> list[State]:
    """Now and then give the last state a code of the shortest or longest valid length.

    Two characters (``"AA"``) or six (``"AAB9Z0"``). A choice of its own, after the
    states: a counterexample that does not need such a code shrinks back to three letters
    (``"AAA"``, ``"AAB"``), which one strategy of codes of every length does not reliably
    do (it stops at ``"A0"``).
    """
    size = draw(_CODE_EDGES)
    if size is None or not pool:
        return pool
    last = pool[-1]
    tail = "" if size == 2 else draw(st.text(alphabet=_ALNUM, min_size=3, max_size=3))
    code = (last.code + tail)[:size]
    if any(s.code == code for s in pool):
        return pool
    return [*pool[:-1], last.model_copy(update={"code": code})]


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


_DEFAULT = ScoringConfig()

_POWERS = st.sampled_from([0.0, 1.0, -1.0, 0.5, -3.0, "min"])
#: ``triad_power`` at the boundary: next to 0 on either side (where the power mean becomes
#: the geometric mean), around :data:`~alliance_risk.aggregations.GEOMETRIC_BELOW`, just
#: below 1, the largest allowed, and as negative as a float goes.
POWER_EDGES = (
    1e-6,
    -1e-6,
    1e-12,
    -1e-12,
    1e-300,
    -1e-300,
    _TINY,
    -_TINY,
    GEOMETRIC_BELOW,
    -GEOMETRIC_BELOW,
    math.nextafter(GEOMETRIC_BELOW, 1),
    math.nextafter(-GEOMETRIC_BELOW, -1),
    math.nextafter(1.0, 0.0),
    -1e6,
    -1e300,
    -_HUGE,
)
#: Weights, half-lives and scales at the boundary: positive floats from the smallest
#: (5e-324) to the largest (1.8e308).
POSITIVE_EDGES = (_TINY, _NORMAL, 1e-300, 1e-12, 1e12, 1e300, _HUGE)
#: The smallest half-life and saturation scale :func:`scoring_configs` draws: the
#: smallest positive float, like the weights (an age or a sum divided by it is inf;
#: scores are then 0 or 1, never NaN).
MIN_SHAPE = 5e-324


@functools.cache
def triad_powers() -> st.SearchStrategy[float | Literal["min"]]:
    """Values of ``ScoringConfig.triad_power``: ``"min"`` or any finite number <= 1.

    Mostly the usual exponents (0, 1, -1, 0.5, -3, ``"min"``); every few examples one of
    :data:`POWER_EDGES` (1e-12, -1e-300, 5e-324, the float just below 1, -1.8e308, ...);
    otherwise any float up to 1. Shrinks toward 0, the geometric mean.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(triad_powers(), lambda p: True)
    0.0
    >>> find(triad_powers(), lambda p: p != "min" and 0 < p < 1e-99)  # next to 0
    1e-300
    >>> find(triad_powers(), lambda p: p != "min" and p <= -1e300)  # far below it
    -1e+300
    """
    return _mixed(_POWERS, st.floats(-_HUGE, 1.0), POWER_EDGES)  # type: ignore[no-any-return]


@functools.cache
def magnitudes(
    *, typical: tuple[float, float] = (0.1, 10.0), min_value: float = _TINY
) -> st.SearchStrategy[float]:
    """Positive parameters (weights, half-lives, scales): positive finite floats.

    Mostly within ``typical``; every few examples ``min_value`` or one of
    :data:`POSITIVE_EDGES` above it (5e-324, 2.2e-308, 1e-300, 1e-12, 1e12, 1e300,
    1.8e308); otherwise any float from ``min_value`` to 1.8e308. Shrinks toward the
    simplest typical value.

    Raises
    ------
    InvalidArgument
        Unless ``0 < min_value <= typical[0] <= typical[1]`` are finite.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(magnitudes(), lambda w: True)
    1.0
    >>> find(magnitudes(), lambda w: w < 1e-300), find(magnitudes(), lambda w: w >= 1e300)
    (5e-324, 1e+300)
    >>> find(magnitudes(min_value=1e-9), lambda w: w < 1e-3)
    1e-09
    """
    lo, hi = typical
    if not 0 < min_value <= lo <= hi < math.inf:
        raise InvalidArgument(
            f"typical={typical!r}, min_value={min_value!r} must satisfy "
            "0 < min_value <= typical[0] <= typical[1] < inf"
        )
    return _mixed(  # type: ignore[no-any-return]
        st.floats(lo, hi),
        st.floats(min_value, _HUGE),
        [min_value, *(v for v in POSITIVE_EDGES if v > min_value)],
    )


@functools.cache
def _fraction() -> st.SearchStrategy[float]:
    """Fractions in [0, 1], never subnormal, often 0, 1 or next to them."""
    return _mixed(  # type: ignore[no-any-return]
        st.floats(0.0, 1.0, allow_subnormal=False),
        st.floats(0.0, 1.0, allow_subnormal=False),
        [0.0, _NORMAL, math.nextafter(1.0, 0.0), 1.0],
    )


@st.composite
def scoring_configs(
    draw: st.DrawFn, *, min_signals: int = 1, signals: Sequence[str] | None = None
) -> ScoringConfig:
    """Generate valid scoring configurations: weights, half-lives, scales and triad rule.

    Weights go to signals drawn from ``signals`` (default: every registered signal,
    built-in and custom, enmity and second-order included); at least ``min_signals`` of
    them get a positive weight. Every numeric parameter is drawn, the conflict and
    rivalry half-lives and saturation scales included; the pact scale is either the
    default or drawn; the confidence weights are three fractions, the largest for
    ``confirmed``. Fractions are never subnormal floats (below 2.2e-308), which mean
    nothing as parameters. Shrinks toward the default shapes with equal weights.

    Parameters are drawn up to the boundary of what :class:`ScoringConfig` accepts:
    weights by :func:`magnitudes`, from 5e-324 to 1.8e308, so that two weights may be
    600 orders of magnitude apart; half-lives and scales likewise, from
    :data:`MIN_SHAPE`; ``triad_power`` by
    :func:`triad_powers`, often next to 0 (1e-12, 1e-300, 5e-324), just below 1 or far
    below 0; fractions 0, 1 and next to them.

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
    weights = {n: draw(magnitudes(typical=(0.1, 10.0))) for n in used}
    days = magnitudes(typical=(30.0, 3_650.0), min_value=MIN_SHAPE)
    scale = magnitudes(typical=(0.2, 5.0), min_value=MIN_SHAPE)
    pact_scale = draw(
        st.none() | st.fixed_dictionaries({o: st.floats(0.0, 1.0) for o in Obligation})
    )
    return ScoringConfig(
        weights=weights,
        pending_pact_factor=draw(_fraction()),
        asymmetric_rule=draw(st.sampled_from(["mean", "max", "min"])),
        troops_scale=draw(magnitudes(typical=(100.0, 50_000.0), min_value=MIN_SHAPE)),
        basing_scale=draw(magnitudes(typical=(1_000.0, 100_000.0), min_value=MIN_SHAPE)),
        component_cap=draw(magnitudes(typical=(0.05, 2.0), min_value=MIN_SHAPE)),
        materiel_scales={
            kind: draw(magnitudes(typical=(v / 10, v * 10), min_value=MIN_SHAPE))
            for kind, v in _DEFAULT.materiel_scales.items()
        },
        volume_scales={
            unit: draw(magnitudes(typical=(v / 10, v * 10), min_value=MIN_SHAPE))
            for unit, v in _DEFAULT.volume_scales.items()
        },
        supply_half_life=draw(days),
        summit_half_life=draw(days),
        exercise_half_life=draw(days),
        summit_scale=draw(magnitudes(typical=(0.5, 10.0), min_value=MIN_SHAPE)),
        event_size_exponent=draw(st.sampled_from([1.0, 0.0, 2.0]) | st.floats(0.0, 10.0)),
        token_weight=draw(_fraction()),
        exercise_scale=draw(magnitudes(typical=(0.5, 10.0), min_value=MIN_SHAPE)),
        share_scale=draw(magnitudes(typical=(0.05, 1.0), min_value=MIN_SHAPE)),
        contested=draw(st.sampled_from(["midpoint", "amount", "low", "high"])),
        triad_power=draw(triad_powers()),
        triad_shared_weight=draw(_fraction()),
        conflict_half_life=draw(magnitudes(typical=(30.0, 7_305.0), min_value=MIN_SHAPE)),
        antagonism_scale=draw(scale),
        cobelligerence_scale=draw(scale),
        rivalry_half_life=draw(magnitudes(typical=(30.0, 7_305.0), min_value=MIN_SHAPE)),
        allies_scale=draw(scale),
        enemies_scale=draw(scale),
        ally_of_enemy_scale=draw(scale),
        igo_scale=draw(scale),
        pact_scale=_DEFAULT.pact_scale if pact_scale is None else pact_scale,
        # a less established level never weighs more: three fractions, largest first
        confidence_weights=dict(
            zip(
                Confidence,
                sorted((draw(_fraction()) for _ in Confidence), reverse=True),
                strict=True,
            )
        ),
    )
