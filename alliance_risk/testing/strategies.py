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
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..config import ScoringConfig
from ..models import (
    Confidence,
    Deployment,
    DeploymentKind,
    Exercise,
    Lifeline,
    Obligation,
    Pact,
    State,
    Summit,
)
from ..signals import registered_signals
from ..world import World

__all__ = [
    "DEFAULT_DATE_RANGE",
    "dates",
    "deployments",
    "exercises",
    "lifelines",
    "pacts",
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


@st.composite
def pacts(
    draw: st.DrawFn,
    *,
    parties: st.SearchStrategy[str],
    min_parties: int = 2,
    max_parties: int = 3,
    date_range: tuple[dt.date, dt.date] | None = None,
    asymmetric: bool = True,
) -> Pact:
    """Generate pacts among distinct ``parties``, with obligations.

    If ``asymmetric``, some parties get obligations of their own. Signed, in-force and
    end dates are ordered; ``in_force`` and ``ended`` may be absent.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from hypothesis import find
    >>> p = find(pacts(parties=st.sampled_from(["AAA", "BBB", "CCC"])), lambda p: True)
    >>> p.parties, [str(o) for o in p.obligations]
    (('AAA', 'BBB'), ['defence'])
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
            party_obligations[code] = tuple(draw(_OBLIGATION_SETS))
    return Pact(
        id=draw(_ids("P")),
        name="pact",
        parties=members,
        signed=signed,
        in_force=in_force,
        ended=ended,
        obligations=tuple(draw(_OBLIGATION_SETS)),
        party_obligations=party_obligations,
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
    date_range: tuple[dt.date, dt.date] | None = None,
) -> World:
    """Generate valid Worlds: states first, then records that use only their codes.

    ``min_records``/``max_records`` bound each kind of record; ``min_pacts``,
    ``max_summits``, ... override them for one kind (``max_pacts=0``: no pacts). Record
    ids are made unique across the World. ``states`` draws the states (for instance
    ``st.sampled_from(world.states)``). Shrinks toward fewer states and records and
    earlier dates.

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
    """
    _check_bounds("states", min_states, max_states)
    _check_bounds("records", min_records, max_records)
    per_kind = {
        "pacts": (min_pacts, max_pacts), "deployments": (min_deployments, max_deployments),
        "summits": (min_summits, max_summits), "exercises": (min_exercises, max_exercises),
        "lifelines": (min_lifelines, max_lifelines),
    }  # fmt: skip
    bounds = []
    for kind, (lo, hi) in per_kind.items():
        lo = min_records if lo is None else lo
        hi = max_records if hi is None else hi
        _check_bounds(kind, lo, hi)
        if lo > 0 and max_states < 2:
            raise InvalidArgument(
                f"min_{kind}={lo} needs at least two states, but max_states={max_states}"
            )
        bounds.append((lo, hi))
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

    def some(strategy: st.SearchStrategy[Any], lo: int | None, hi: int | None) -> list[Any]:
        return draw(st.lists(strategy, min_size=lo, max_size=hi))  # type: ignore[arg-type]

    drawn = {
        "pacts": some(pacts(parties=codes, max_parties=min(3, n), date_range=rng), *bounds[0]),
        "deployments": some(deployments(states=codes, date_range=rng), *bounds[1]),
        "summits": some(
            summits(participants=codes, max_participants=min(3, n), date_range=rng), *bounds[2]
        ),
        "exercises": some(
            exercises(participants=codes, max_participants=min(3, n), date_range=rng), *bounds[3]
        ),
        "lifelines": some(lifelines(states=codes, date_range=rng), *bounds[4]),
    }
    counter = 0
    renamed: dict[str, list[Any]] = {}
    for kind, records in drawn.items():
        renamed[kind] = []
        for rec in records:
            renamed[kind].append(rec.model_copy(update={"id": f"{rec.id[0]}{counter}"}))
            counter += 1
    return World.model_validate({"states": pool, **renamed})


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


@st.composite
def scoring_configs(draw: st.DrawFn, *, min_signals: int = 1) -> ScoringConfig:
    """Generate valid scoring configurations: weights, half-lives, scales and triad rule.

    At least ``min_signals`` signals get a positive weight. Shrinks toward the default
    configuration with equal weights.

    Examples
    --------
    >>> from hypothesis import find
    >>> cfg = find(scoring_configs(), lambda c: True)
    >>> sorted(cfg.normalized_weights()) == sorted(cfg.weights)
    True
    """
    names = registered_signals()
    if not 1 <= min_signals <= len(names):
        raise InvalidArgument(f"min_signals={min_signals} must be in [1, {len(names)}]")
    used = draw(st.lists(st.sampled_from(names), min_size=min_signals, unique=True))
    weights = {n: draw(st.floats(0.1, 10.0)) for n in used}
    days = st.floats(30.0, 3_650.0)
    return ScoringConfig(
        weights=weights,
        pending_pact_factor=draw(st.floats(0.0, 1.0)),
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
        triad_shared_weight=draw(st.floats(0.0, 1.0)),
    )
