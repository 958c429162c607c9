"""Checks that a scoring rule behaves: one function per invariant, and ``check_rule``.

Each ``check_*`` function takes a World (and what the invariant needs), scores it with a
configuration, and raises :class:`PropertyViolationError` (an ``AssertionError``) with a
message in domain terms when the invariant fails — so it works inside a user's own
hypothesis test, or on its own. :func:`check_rule` runs them all on random Worlds for a
signal, a configuration or an aggregation, and reports each violated property with the
smallest World that shows it (hypothesis shrinks it).

Scores are signed. Ties that draw states together (pacts, supply, summits, exercises,
lifelines, fighting on the same side) count positively; enmity (``antagonism``,
``rivalry``, ``ally_of_enemy``) negatively: pair and trio scores lie in [-1, 1],
strangers score 0 and enemies below them. A signal whose record kinds the World does not
cover on the scoring date is left out, and the weights are renormalised over the rest
(:attr:`World.coverage <alliance_risk.world.World.coverage>`). Invariants that compare
two Worlds hold that coverage fixed, so that they compare what is known, not what is
covered.

Examples
--------
>>> import alliance_risk as ar
>>> world = ar.load_scenario("axis-of-upheaval")
>>> check_bounded(world, "2025-06-01")  # passes silently
>>> print(check_rule(ar.ScoringConfig(), max_examples=10).summary())  # doctest: +ELLIPSIS
all 13 properties hold (bounded, symmetric, ...)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, combinations, count
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from .._errors import InvalidParameterError
from .._validation import check_as_of
from ..config import ScoringConfig
from ..models import (
    Conflict,
    Contiguity,
    Deployment,
    DeploymentKind,
    Exercise,
    JointIgos,
    Lifeline,
    Pact,
    Record,
    Rivalry,
    State,
    Summit,
    states_tied,
)
from ..scoring import score_dyads, score_triad, signal_panel
from ..signals import CustomSignal, DerivedSignal, Signal, get_signal, registered_signals
from ..world import RECORD_KINDS, Coverage, World
from . import strategies as ars

__all__ = [
    "PROPERTIES",
    "PropertyViolationError",
    "RuleReport",
    "Violation",
    "check_bounded",
    "check_contributions_sum",
    "check_decaying",
    "check_enemies_below_strangers",
    "check_evidence_complete",
    "check_irrelevant_states",
    "check_left_out",
    "check_monotone",
    "check_no_look_ahead",
    "check_order_independent",
    "check_permutation_invariant",
    "check_rule",
    "check_symmetric",
    "check_weight_scale_invariant",
]

_TOL = 1e-9
_ALWAYS = Coverage(first=date.min, last=date.max)
_PERSONNEL = (DeploymentKind.TROOPS, DeploymentKind.ADVISERS)
_ENMITY_NAMES = ("antagonism", "rivalry")  # first-order built-in signals of enmity
# The kinds second-order signals read their friend and enemy ties from (pact and
# cobelligerence, antagonism and rivalry), whatever kinds they declare for coverage.
_TIE_KINDS = ("pacts", "conflicts", "rivalries")


class PropertyViolationError(AssertionError):
    """A scoring rule broke an invariant; the message says how, in domain terms.

    Attributes
    ----------
    property : str
        The invariant's name (``"monotone"``).
    world : World
        The World that shows it.
    as_of : date
        The scoring date.
    """

    def __init__(self, prop: str, message: str, world: World, as_of: date) -> None:
        super().__init__(f"{prop}: {message}")
        self.property = prop
        self.world = world
        self.as_of = as_of
        self.message = message


# --- records, in domain terms ----------------------------------------------------------------


def _describe(record: Record) -> str:
    kind = type(record).__name__
    if isinstance(record, Pact):
        what = f"{', '.join(o.value for o in record.obligations)} among {'-'.join(record.parties)}"
        if record.pledges:
            what += f", {len(record.pledges)} directed pledges"
        when = f"signed {record.signed}"
    elif isinstance(record, Deployment):
        what = f"{record.amount:g} {record.kind.value} {record.supplier}->{record.recipient}"
        when = f"from {record.start}"
    elif isinstance(record, Summit):
        what, when = "-".join(record.participants), f"on {record.date}"
    elif isinstance(record, Exercise):
        what, when = "-".join(record.participants), f"from {record.start}"
    elif isinstance(record, Lifeline):
        what, when = f"{record.supplier}->{record.buyer}", f"from {record.start}"
    elif isinstance(record, Conflict):
        a, b = ("+".join(dict.fromkeys(p.state for p in side)) for side in record.sides)
        what = f"{record.kind.value}, {a} against {b}, hostility {record.hostility}"
        when = f"from {record.start}"
    elif isinstance(record, Rivalry):
        what, when = "-".join(record.rivals), f"from {record.start}"
    elif isinstance(record, Contiguity):
        what = f"{'-'.join(record.neighbours)}, level {record.level}"
        when = f"from {record.start}"
    else:
        what, when = "-".join(sorted(states_tied(record))), ""
    return f"{kind.lower()} {record.id!r} ({what}, {when})".replace(", )", ")")


def _kind(record: Record) -> str:
    return next(k for k, model in RECORD_KINDS.items() if isinstance(record, model))


def _add(world: World, record: Record) -> World:
    kind = _kind(record)
    return world.model_copy(update={kind: (*getattr(world, kind), record)})


def _first_day(record: Record) -> date:
    return min(
        d for f in ("signed", "start", "date") if isinstance(d := getattr(record, f, None), date)
    )


def _record_dates(record: Record) -> list[date]:
    """Every date a record carries, its participants' joining and leaving included."""
    fields = ("signed", "in_force", "ended", "start", "end", "date")
    out = [d for f in fields if isinstance(d := getattr(record, f, None), date)]
    if isinstance(record, JointIgos):  # a count holds through its end: it changes the day after
        out += [c.start for c in record.counts]
        out += [c.end + timedelta(days=1) for c in record.counts if c.end < date.max]
    if isinstance(record, Conflict):
        for side in record.sides:
            out += [p.joined for p in side] + [p.left for p in side if p.left is not None]
    return out


def _covered(world: World, kind: str, day: date) -> bool:
    span = world.covered(kind)
    return span is not None and span[0] <= day <= span[1]


def _signal_covered(world: World, name: str, day: date) -> bool:
    """Whether the World has data for signal ``name`` on ``day`` (any of its kinds covered)."""
    kinds = get_signal(name).kinds
    return not kinds or any(_covered(world, k, day) for k in kinds)


def _fixed_coverage(world: World, kinds: Sequence[str]) -> World:
    """Return the World with the coverage of ``kinds`` stated, whatever records it holds.

    A kind the World covers keeps its period (every date, for a kind covered by having
    records); a kind it does not cover becomes covered at every date, as in a World that
    knows there were no such records.
    """
    coverage = dict(world.coverage)
    for kind in kinds:
        if kind not in coverage:
            span = world.covered(kind)
            coverage[kind] = _ALWAYS if span is None else Coverage(first=span[0], last=span[1])
    return world.model_copy(update={"coverage": coverage})


def _spell_pairs(conflict: Conflict, a: str, b: str) -> Iterator[tuple[bool, date, date | None]]:
    """Every pair of spells of ``a`` and ``b`` in a conflict: ``(opposed, start, end)``.

    A spell-pair starts when the later of the two joined and ends when the first left
    (a spell with no leave date lasts to the conflict's end, or for ever).
    """
    spells = [(s, p) for s, side in enumerate(conflict.sides) for p in side]
    for sa, p in spells:
        for sb, q in spells:
            if p.state == a and q.state == b:
                start = max(p.joined, q.joined)
                ends = [e for e in (p.left or conflict.end, q.left or conflict.end) if e]
                yield sa != sb, start, max(start, min(ends)) if ends else None


def _relations(conflict: Conflict, a: str, b: str) -> set[bool]:
    """How ``a`` and ``b`` stood in a conflict: ``True`` opposed, ``False`` side by side."""
    return {opposed for opposed, _, _ in _spell_pairs(conflict, a, b)}


def _enmity(record: Record, a: str, b: str) -> bool | None:
    """Return whether ``record`` ties ``a`` and ``b`` as enemies.

    ``True`` as enemies, ``False`` otherwise (a tie, or contiguity), ``None`` not at all.
    """
    pair = {a, b}
    if isinstance(record, Pact):
        return False if pair <= set(record.parties) and record.ties(a, b) else None
    if isinstance(record, Deployment):
        return False if {record.supplier, record.recipient} == pair else None
    if isinstance(record, Lifeline):
        return False if {record.supplier, record.buyer} == pair else None
    if isinstance(record, Summit | Exercise):
        return False if pair <= set(record.participants) else None
    if isinstance(record, Rivalry):
        return True if set(record.rivals) == pair else None
    if isinstance(record, Contiguity):
        return False if set(record.neighbours) == pair else None
    if isinstance(record, Conflict):
        rel = _relations(record, a, b)
        return None if not rel else rel == {True}
    return False if pair <= states_tied(record) else None


def _reads(name: str, record: Record, a: str, b: str) -> bool | None:
    """Return whether built-in first-order signal ``name`` reads ``record`` for a-b.

    ``None`` if ``name`` is not a built-in first-order signal.
    """
    pair = {a, b}
    if name == "pact":
        return isinstance(record, Pact) and pair <= set(record.parties) and record.ties(a, b)
    if name in ("troops", "materiel"):
        return (
            isinstance(record, Deployment)
            and {record.supplier, record.recipient} == pair
            and (record.kind in _PERSONNEL) == (name == "troops")
        )
    if name == "summits":
        return isinstance(record, Summit) and pair <= set(record.participants)
    if name == "exercises":
        return isinstance(record, Exercise) and pair <= set(record.participants)
    if name == "lifelines":
        return isinstance(record, Lifeline) and {record.supplier, record.buyer} == pair
    if name in ("antagonism", "cobelligerence"):
        opposed = name == "antagonism"
        return isinstance(record, Conflict) and opposed in _relations(record, a, b)
    if name == "rivalry":
        return isinstance(record, Rivalry) and set(record.rivals) == pair
    return None


def _effect(name: str, record: Record, a: str, b: str) -> int | None:
    """How adding ``record`` may move signal ``name``'s part of the pair a-b.

    ``+1``: never down; ``-1``: never up; ``0``: not at all; ``None``: either way.
    """
    sig = get_signal(name)
    if isinstance(sig, DerivedSignal):  # paths a - k - b: second-order, not monotone
        return None if _kind(record) in (*sig.kinds, *_TIE_KINDS) else 0
    known = _reads(name, record, a, b)
    if known is not None:  # a built-in signal: its documented direction, whatever it declares
        return (-1 if name in _ENMITY_NAMES else 1) if known else 0
    if sig.kinds and _kind(record) not in sig.kinds:
        return 0
    # a custom signal that reads the record: its sign for states the record ties
    return sig.sign if {a, b} <= states_tied(record) else None


def _combine(effects: Sequence[int | None]) -> int | None:
    if None in effects:
        return None
    moving = {e for e in effects if e}
    return None if len(moving) > 1 else (moving.pop() if moving else 0)


def _fmt(x: float, *near: float) -> str:
    """Format ``x`` to 4 decimals, or to as many more as it takes to tell it from ``near``."""
    x = float(x) + 0.0  # no "-0.0000"
    for digits in range(4, 18):
        text = f"{x:.{digits}f}"
        if all(text != f"{y:.{digits}f}" for y in near if y != x):
            return text
    return repr(float(x))


def _span(x: float, y: float) -> str:
    """``"x to y"``, with enough digits to tell them apart."""
    return f"{_fmt(x, y)} to {_fmt(y, x)}"


# --- the invariants ------------------------------------------------------------------------


def check_bounded(world: World, as_of: date | str, config: ScoringConfig | None = None) -> None:
    """Check that every pair score, and every trio score, is a number in [-1, 1].

    Ties that draw states together count up to 1, enmity down to -1.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_bounded(ar.load_scenario("axis-of-upheaval"), "2024-01-01")
    """
    day = check_as_of(as_of, "check_bounded")
    s = score_dyads(world, day, config)
    m = s.matrix
    bad = np.isnan(m) | (m < -1 - _TOL) | (m > 1 + _TOL)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise PropertyViolationError(
            "bounded",
            f"{s.states[i]}-{s.states[j]} scores {m[i, j]!r} on {day}; expected a value in [-1, 1]",
            world,
            day,
        )
    for trio in combinations(world.codes, 3):
        t = score_triad(world, trio, day, config).score
        if not -1 - _TOL <= t <= 1 + _TOL:
            raise PropertyViolationError(
                "bounded", f"{'-'.join(trio)} scores {t!r} on {day}; expected [-1, 1]", world, day
            )


def check_symmetric(world: World, as_of: date | str, config: ScoringConfig | None = None) -> None:
    """Check that the score of (a, b) equals the score of (b, a).

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_symmetric(ar.load_scenario("axis-of-upheaval"), "2024-01-01")
    """
    day = check_as_of(as_of, "check_symmetric")
    s = score_dyads(world, day, config)
    gap = np.abs(s.matrix - s.matrix.T)
    if gap.max(initial=0.0) > _TOL:
        i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
        raise PropertyViolationError(
            "symmetric",
            f"{s.states[i]}-{s.states[j]} scores "
            f"{_fmt(s.matrix[i, j], s.matrix[j, i])} but {s.states[j]}-{s.states[i]} scores "
            f"{_fmt(s.matrix[j, i], s.matrix[i, j])} on {day}",
            world,
            day,
        )


def check_permutation_invariant(
    world: World, members: Sequence[str], as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that a trio's score does not depend on the order of its members.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_permutation_invariant(ar.load_scenario("axis-of-upheaval"),
    ...                             ("CHN", "RUS", "PRK"), "2025-01-01")
    """
    day = check_as_of(as_of, "check_permutation_invariant")
    a, b, c = members
    base = score_triad(world, (a, b, c), day, config).score
    for order in ((b, c, a), (c, b, a)):
        other = score_triad(world, order, day, config).score
        if abs(other - base) > _TOL:
            raise PropertyViolationError(
                "permutation_invariant",
                f"{'-'.join((a, b, c))} scores {_fmt(base, other)} but "
                f"{'-'.join(order)} scores {_fmt(other, base)} on {day}",
                world,
                day,
            )


def _monotone_message(record: Record, what: str, direction: int, x: float, y: float) -> str:
    desc = _describe(record)
    if direction > 0:
        return f"adding {desc} lowered {what} from {_span(x, y)}"
    if direction < 0:
        return f"adding {desc}, which makes enemies of {what}, raised it from {_span(x, y)}"
    return (
        f"adding {desc} moved {what} from {_span(x, y)}, although no weighted signal reads it there"
    )


def _moved_wrongly(direction: int, x: float, y: float) -> bool:
    if direction > 0:
        return y < x - _TOL
    if direction < 0:
        return y > x + _TOL
    return abs(y - x) > _TOL


def check_monotone(
    world: World, record: Record, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that adding ``record`` moves scores only in the direction of its evidence.

    The statement, for every pair of states ``a, b``, with the weighted signals of the
    configuration:

    - a signal that reads the record for the pair draws it up (sign +1: a pact that ties
      them, a deployment, summit, exercise or lifeline between them, a conflict in which
      they stood on the same side) or pulls it down (sign -1: a conflict in which they
      stood on opposite sides, a rivalry between them). A custom signal is taken to
      read every record of its kinds (of any kind, if it names none) that ties both
      states, with its sign; whether it reads records for other pairs is unknown;
    - if every such signal draws the pair up, adding the record never lowers its score;
      if every one pulls it down, never raises it; if none reads it (a pair the
      record does not tie, a pair of parties a guarantee pact does not tie), the score
      does not move at all. A pair both drawn up and pulled down (a state that
      switched sides) gets no claim.
    - a trio with at least two members tied by the record follows its three pairs and
      the events all three share (which only draw up): the same three claims.

    Second-order structure (``allies_in_common``, ``enemies_in_common``,
    ``ally_of_enemy``) is **not** monotone by nature: a new pact between ``a`` and ``c``
    raises ``ally_of_enemy`` for ``a`` and every enemy of ``c``. When such a signal is
    weighted and reads the record's kind, no claim is made for any pair or trio; the
    statement is about configurations whose weights are on first-order signals.

    Coverage is held fixed: if the World has no record of the record's kind (and no
    coverage for it), it is compared as a World that covers the kind and holds no such
    record, so that the comparison is between knowing there was none and knowing there
    was this one, not between knowing nothing and knowing something.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> w = ar.load_scenario("axis-of-upheaval")
    >>> extra = ar.Exercise(id="E-new", participants=("RUS", "PRK"), start="2025-03-01",
    ...                     source=("what-if",), confidence="reported")
    >>> check_monotone(w, extra, "2025-06-01")
    >>> feud = ar.Rivalry(id="R-new", rivals=("RUS", "PRK"), start="2025-03-01",
    ...                   source=("what-if",), confidence="reported")
    >>> check_monotone(w, feud, "2025-06-01")
    """
    day = check_as_of(as_of, "check_monotone")
    cfg = config or ScoringConfig()
    weighted = list(cfg.normalized_weights())
    base = _fixed_coverage(world, (_kind(record),))
    bigger = _add(base, record)
    tied = states_tied(record)
    before, after = score_dyads(base, day, cfg), score_dyads(bigger, day, cfg)
    pair_effect: dict[frozenset[str], int | None] = {}
    for a, b in combinations(world.codes, 2):
        direction = _combine([_effect(n, record, a, b) for n in weighted])
        pair_effect[frozenset((a, b))] = direction
        if direction is None:
            continue
        x, y = before.score(a, b), after.score(a, b)
        if _moved_wrongly(direction, x, y):
            raise PropertyViolationError(
                "monotone",
                f"{_monotone_message(record, f'{a}-{b}', direction, x, y)} on {day}",
                bigger,
                day,
            )
    for trio in combinations(world.codes, 3):
        if len(tied.intersection(trio)) < 2:
            continue
        effects = [pair_effect[frozenset(p)] for p in combinations(trio, 2)]
        for name in weighted:
            sig = get_signal(name)
            if isinstance(sig, Signal) and sig.trio_rows is not None and set(trio) <= tied:
                effects.append(sig.sign if _kind(record) in sig.kinds else 0)
        direction = _combine(effects)
        if direction is None:
            continue
        x = score_triad(base, trio, day, cfg).score
        y = score_triad(bigger, trio, day, cfg).score
        if _moved_wrongly(direction, x, y):
            what = f"the trio {'-'.join(trio)}"
            raise PropertyViolationError(
                "monotone",
                f"{_monotone_message(record, what, direction, x, y)} on {day}",
                bigger,
                day,
            )


def _as_known_on(record: Record, day: date) -> Record:
    """Return the record as it stood on ``day``: later dates erased, later spells dropped.

    An entry into force, end or leave date after ``day`` becomes unknown (``None``), and
    a participant who joined a conflict after ``day`` is dropped, unless that would leave
    a side with nobody (the spells are then kept as they are).
    """
    update: dict[str, Any] = {}
    for f in ("in_force", "ended", "end"):
        if isinstance(d := getattr(record, f, None), date) and d > day:
            update[f] = None
    if isinstance(record, Conflict):
        sides = tuple(
            tuple(
                p if p.left is None or p.left <= day else p.model_copy(update={"left": None})
                for p in side
                if p.joined <= day
            )
            for side in record.sides
        )
        if all(sides) and sides != record.sides:
            update["sides"] = sides
    if not update:
        return record
    try:
        return type(record).model_validate({**record.model_dump(), **update})
    except ValueError:  # pragma: no cover - the erasures above keep records valid
        return record


def _largest_gap(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> tuple[int, int] | None:
    gap = np.abs(a - b)
    if gap.max(initial=0.0) <= _TOL:
        return None
    i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
    return i, j


def check_no_look_ahead(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that nothing dated after ``as_of`` changes a score on ``as_of``.

    Two comparisons, both with the World's coverage held fixed (coverage describes the
    data set, not its records): dropping the records first dated after ``as_of`` changes
    no pair score; and neither does erasing, in the other records, every date after
    ``as_of`` (an entry into force, an end, a participant leaving a conflict, which
    become unknown) and every participant who joined a conflict after it. Such dates are
    only ever compared with the scoring date, so their values must never matter.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_no_look_ahead(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_no_look_ahead")
    future = [r for r in world.records() if _first_day(r) > day]
    fixed = _fixed_coverage(world, [k for k in RECORD_KINDS if world.covered(k) is not None])
    past = fixed.model_copy(
        update={
            k: tuple(r for r in getattr(world, k) if _first_day(r) <= day) for k in RECORD_KINDS
        }
    )
    actual = score_dyads(world, day, config)
    a = actual.matrix
    if future and (where := _largest_gap(a, b := score_dyads(past, day, config).matrix)):
        i, j = where
        pair = {actual.states[i], actual.states[j]}
        culprit = next((r for r in future if pair <= states_tied(r)), future[0])
        raise PropertyViolationError(
            "no_look_ahead",
            f"{_describe(culprit)}, dated after the scoring date {day}, moved "
            f"{actual.states[i]}-{actual.states[j]} from {_span(b[i, j], a[i, j])}",
            world,
            day,
        )
    erased = {k: tuple(_as_known_on(r, day) for r in getattr(past, k)) for k in RECORD_KINDS}
    changed = [r for k in RECORD_KINDS for r in getattr(past, k) if r not in erased[k]]
    if not changed:
        return
    known = past.model_copy(update=erased)
    if where := _largest_gap(a, b := score_dyads(known, day, config).matrix):
        i, j = where
        pair = {actual.states[i], actual.states[j]}
        culprit = next((r for r in changed if pair <= states_tied(r)), changed[0])
        later = sorted({str(d) for d in _record_dates(culprit) if d > day})
        raise PropertyViolationError(
            "no_look_ahead",
            f"{_describe(culprit)} holds dates after the scoring date {day} "
            f"({', '.join(later)}), which moved {actual.states[i]}-{actual.states[j]} from "
            f"{_fmt(b[i, j], a[i, j])} (the record as known on {day}) to {_fmt(a[i, j], b[i, j])}",
            world,
            day,
        )


def check_irrelevant_states(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that adding a state with no records changes no other score.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_irrelevant_states(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_irrelevant_states")
    candidates = chain(("ZZZ", "ZZZZ", "ZZZZZ", "ZZZZZZ"), (f"Z{k}" for k in count()))
    code = next(c for c in candidates if c not in world.codes)
    bigger = world.model_copy(update={"states": (*world.states, State(code=code, name="Newcomer"))})
    a, b = score_dyads(world, day, config), score_dyads(bigger, day, config)
    gap = np.abs(b.matrix[:-1, :-1] - a.matrix)
    if gap.max(initial=0.0) > _TOL or np.abs(b.matrix[-1]).max(initial=0.0) > _TOL:
        if gap.max(initial=0.0) > _TOL:
            i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
            what = f"moved {a.states[i]}-{a.states[j]} from {_span(a.matrix[i, j], b.matrix[i, j])}"
        else:
            k = int(np.argmax(np.abs(b.matrix[-1])))
            what = f"is itself tied to {b.states[k]} at {_fmt(b.matrix[-1, k])}"
        raise PropertyViolationError(
            "irrelevant_states",
            f"adding {code}, a state with no records, {what} on {day}",
            bigger,
            day,
        )


def _reordered(record: Record, rng: random.Random) -> Record:
    """Return the record with its parties, participants, pledges or sides reordered."""

    def shuffled(items: Sequence[Any]) -> tuple[Any, ...]:
        out = list(items)
        rng.shuffle(out)
        return tuple(out)

    if isinstance(record, Pact):
        update = {"parties": shuffled(record.parties), "pledges": shuffled(record.pledges)}
    elif isinstance(record, Summit | Exercise):
        update = {"participants": shuffled(record.participants)}
    elif isinstance(record, Conflict):
        update = {"sides": (shuffled(record.sides[1]), shuffled(record.sides[0]))}
    else:
        return record
    return record.model_copy(update=update)


def check_order_independent(
    world: World, as_of: date | str, config: ScoringConfig | None = None, *, seed: int = 0
) -> None:
    """Check that scores do not depend on order and are identical when rerun.

    Reordering the records, the parties and pledges of each pact, the participants of
    each event and of each side of a conflict, and swapping a conflict's two sides, must
    give bit-identical pair scores; so must scoring again.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_order_independent(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_order_independent")
    rng = random.Random(seed)
    shuffled = {}
    for kind in RECORD_KINDS:
        items = [_reordered(r, rng) for r in getattr(world, kind)]
        rng.shuffle(items)
        shuffled[kind] = tuple(items[::-1])
    other = world.model_copy(update=shuffled)
    a = score_dyads(world, day, config).matrix
    for label, m in (
        ("reordering the records", score_dyads(other, day, config).matrix),
        ("scoring again", score_dyads(world, day, config).matrix),
    ):
        if not np.array_equal(a, m):
            i, j = (int(v) for v in np.argwhere(a != m)[0])
            raise PropertyViolationError(
                "order_independent",
                f"{label} moved {world.codes[i]}-{world.codes[j]} from "
                f"{a[i, j]!r} to {m[i, j]!r} on {day}",
                world,
                day,
            )


def _scaled_weights(weights: dict[str, float], factor: float) -> dict[str, float] | None:
    """Return ``weights`` times ``factor``, or ``None`` where that changes their ratios.

    A product above the largest float is infinite, and one that falls among the
    subnormal floats keeps only a few of its digits (or none: 5e-324 * 0.5 is 0).
    """
    out = {name: w * factor for name, w in weights.items()}
    for name, w in weights.items():
        v = out[name]
        if not math.isfinite(v) or abs(v / factor - w) > 1e-12 * w:
            return None
    return out


def check_weight_scale_invariant(
    world: World, as_of: date | str, config: ScoringConfig | None = None, *, factor: float = 3.0
) -> None:
    """Check that multiplying every weight by ``factor`` changes no score.

    The weights must stay what they were up to the factor: where multiplying would
    take one out of the floats (above 1.8e308, or to a subnormal float that no longer
    holds its ratio to the others), the weights are divided by ``factor`` instead; if
    neither is possible there is nothing to compare.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_weight_scale_invariant(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    >>> huge = ar.ScoringConfig(weights={"pact": 1.5e308, "summits": 1e308})
    >>> check_weight_scale_invariant(ar.load_scenario("axis-of-upheaval"), "2024-06-01", huge)
    """
    day = check_as_of(as_of, "check_weight_scale_invariant")
    cfg = config or ScoringConfig()
    if factor <= 0 or not math.isfinite(factor):
        raise InvalidParameterError(
            f"check_weight_scale_invariant: factor={factor!r}; expected a finite number > 0"
        )
    for used in (factor, 1 / factor):
        if (weights := _scaled_weights(cfg.weights, used)) is not None:
            break
    else:
        return
    scaled = ScoringConfig.model_validate({**cfg.model_dump(), "weights": weights})
    a, b = score_dyads(world, day, cfg), score_dyads(world, day, scaled)
    gap = np.abs(a.matrix - b.matrix)
    if gap.max(initial=0.0) > _TOL:
        i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
        raise PropertyViolationError(
            "weight_scale_invariant",
            f"multiplying every weight by {used:g} moved "
            f"{a.states[i]}-{a.states[j]} from {_span(a.matrix[i, j], b.matrix[i, j])} on {day}",
            world,
            day,
        )


def check_decaying(
    world: World, as_of: date | str, later: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that no signal's contribution grows in size while nothing happens.

    Nothing happens in ``(as_of, later]`` when no record carries a date in it (signature,
    entry into force, end, start, a participant joining or leaving a conflict) and the
    World covers the same record kinds on both dates. Then every contribution at
    ``later`` must be at most its size at ``as_of``: ties fade, and so does enmity (its
    contributions are negative and rise toward 0). Does nothing otherwise.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_decaying(ar.load_scenario("axis-of-upheaval"), "2025-10-03", "2026-06-01")
    """
    day = check_as_of(as_of, "check_decaying")
    end = check_as_of(later, "check_decaying", "later")
    for r in world.records():
        if any(day < d <= end for d in _record_dates(r)):
            return
    if any(_covered(world, k, day) != _covered(world, k, end) for k in RECORD_KINDS):
        return
    a, b = score_dyads(world, day, config), score_dyads(world, end, config)
    for name, before in a.contributions.items():
        grew = np.abs(b.contributions[name]) - np.abs(before)
        if grew.max(initial=0.0) > _TOL:
            i, j = (int(v) for v in np.unravel_index(int(np.argmax(grew)), grew.shape))
            raise PropertyViolationError(
                "decaying",
                f"with no new event between {day} and {end}, the {name!r} "
                f"contribution to {a.states[i]}-{a.states[j]} grew from "
                f"{_span(before[i, j], b.contributions[name][i, j])}",
                world,
                end,
            )


def check_contributions_sum(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that contributions and evidence sum to every score, each with its sign.

    For every pair, the per-signal contributions and the evidence shares sum to the
    score, and each evidence share has the sign of its signal's contribution (negative
    for enmity). For every trio, contributions and evidence shares sum to the score, and
    each signal's contribution has the signal's sign (enmity never counts for a trio).

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_contributions_sum(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_contributions_sum")
    s = score_dyads(world, day, config)
    total = sum(s.contributions.values(), np.zeros_like(s.matrix))
    gap = np.abs(total - s.matrix)
    if gap.max(initial=0.0) > _TOL:
        i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
        raise PropertyViolationError(
            "contributions_sum",
            f"{s.states[i]}-{s.states[j]} scores "
            f"{_fmt(s.matrix[i, j], total[i, j])} but its contributions sum to "
            f"{_fmt(total[i, j], s.matrix[i, j])} on {day}",
            world,
            day,
        )
    for (i, a), (j, b) in combinations(enumerate(s.states), 2):
        evidence = s.explain(a, b)
        shares = sum(e.share for e in evidence)
        if abs(shares - s.matrix[i, j]) > _TOL:
            raise PropertyViolationError(
                "contributions_sum",
                f"{a}-{b} scores {_fmt(s.matrix[i, j], shares)} but its "
                f"evidence sums to {_fmt(shares, s.matrix[i, j])} on {day}",
                world,
                day,
            )
        for e in evidence:
            if e.share * s.contributions[e.signal][i, j] < 0:
                raise PropertyViolationError(
                    "contributions_sum",
                    f"{e.record} counts {e.share:+.4f} to {a}-{b} through "
                    f"{e.signal!r}, whose contribution is {_fmt(s.contributions[e.signal][i, j])}"
                    f" on {day}; expected shares of the same sign",
                    world,
                    day,
                )
    for trio in combinations(world.codes, 3):
        t = score_triad(world, trio, day, config)
        parts = sum(t.contributions.values())
        shares = sum(e.share for e in t.evidence)
        if abs(parts - t.score) > _TOL or abs(shares - t.score) > _TOL:
            raise PropertyViolationError(
                "contributions_sum",
                f"{'-'.join(trio)} scores {_fmt(t.score, parts, shares)} "
                f"but its contributions sum to {_fmt(parts, t.score)} and its evidence to "
                f"{_fmt(shares, t.score)} on {day}",
                world,
                day,
            )
        for name, part in t.contributions.items():
            if get_signal(name).sign * part < -_TOL:
                raise PropertyViolationError(
                    "contributions_sum",
                    f"{name!r} contributes {part:+.4f} to "
                    f"{'-'.join(trio)} on {day}, against its sign",
                    world,
                    day,
                )


def check_evidence_complete(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that every record that moves a pair's score is named in its evidence.

    For every record seen on ``as_of``, every built-in signal and every pair: if removing
    the record (coverage held fixed) changes the signal's contribution to the pair, the
    pair's evidence credits the record to that signal. Second-order signals are credited
    to the records behind both ties of every path ``a - k - b``, so a record on any path
    that counts must be named. A record that sets a World-wide reference of the signal
    (:attr:`~alliance_risk.signals.Signal.relative_to`: the day's mean joint IGO count)
    moves every pair's value, but need be named only for the pair it ties. Custom
    signals are credited as a whole (``signal:<name>``) and are not checked.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_evidence_complete(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_evidence_complete")
    cfg = config or ScoringConfig()
    fixed = _fixed_coverage(world, [k for k in RECORD_KINDS if world.covered(k) is not None])
    full = score_dyads(fixed, day, cfg)
    built_in = [n for n in full.contributions if not isinstance(get_signal(n), CustomSignal)]
    explained: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for r in fixed.records():
        if _first_day(r) > day:
            continue  # records not yet seen move nothing: that is no_look_ahead's concern
        kind = _kind(r)
        rest = tuple(x for x in getattr(fixed, kind) if x.id != r.id)
        less = score_dyads(fixed.model_copy(update={kind: rest}), day, cfg)
        for name in built_in:
            moved = np.abs(full.contributions[name] - less.contributions[name]) > _TOL
            for i, j in zip(*np.nonzero(np.triu(moved, 1)), strict=True):
                a, b = full.states[int(i)], full.states[int(j)]
                if kind in getattr(get_signal(name), "relative_to", ()) and not {
                    a,
                    b,
                } <= states_tied(r):
                    continue  # it moved the World-wide reference, not this pair's own value
                if (a, b) not in explained:
                    explained[a, b] = {(e.record, e.signal) for e in full.explain(a, b)}
                if (r.id, name) in explained[a, b]:
                    continue
                named = sorted({rec for rec, sig in explained[a, b] if sig == name})
                x, y = less.contributions[name][i, j], full.contributions[name][i, j]
                raise PropertyViolationError(
                    "evidence_complete",
                    f"{_describe(r)} moves the {name!r} contribution to "
                    f"{a}-{b} from {_span(x, y)} on {day}, but the pair's evidence does not "
                    f"name it (it names {', '.join(named) or 'no record'})",
                    world,
                    day,
                )


def _neighbours(world: World, code: str) -> set[str]:
    return {s for r in world.records() if code in (tied := states_tied(r)) for s in tied} - {code}


def _only_enemies(world: World, a: str, b: str, third: bool) -> list[Record] | None:
    """Return the enmity records of a pair whose only records are enmity, else ``None``.

    With ``third``, the pair must also have no third state tied to both of them.
    """
    enmity = []
    for r in world.records():
        kind = _enmity(r, a, b)
        if kind is False:
            return None
        if kind:
            enmity.append(r)
    if third and _neighbours(world, a) & _neighbours(world, b):
        return None
    return enmity


def _active_enmity(record: Record, a: str, b: str, day: date) -> bool:
    """Whether an enmity record of a-b is in force on ``day`` (not merely fading)."""
    if isinstance(record, Rivalry):
        return record.start <= day and (record.end is None or day <= record.end)
    if isinstance(record, Conflict):
        return any(
            opposed and start <= day and (end is None or day <= end)
            for opposed, start, end in _spell_pairs(record, a, b)
        )
    return False


_ENMITY_SIGNAL = {Rivalry: "rivalry", Conflict: "antagonism"}


def _enmity_row(record: Record, cfg: ScoringConfig) -> float:
    """Return the row an enmity record in force gives its signal, before saturation."""
    weight = cfg.confidence_weights[record.confidence]
    if isinstance(record, Conflict):  # in the kernel's order: hostility, weight, scale
        return (record.hostility / 5.0) * weight / cfg.antagonism_scale
    return weight


def check_enemies_below_strangers(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that enemies score below strangers: at most 0, and below 0 when it shows.

    A pair whose only records are enmity (rivalries between them, conflicts in which they
    only ever stood on opposite sides; no other record tying both) scores at most 0, the
    score of two strangers. While one of its records is in force on ``as_of``,
    ``antagonism`` or ``rivalry``, weighted and covered, reads a nonzero value for the
    pair (unless its row, weighed by its confidence level, is not a float above 0: a
    level may weigh 0, or so little that the row underflows); and the pair scores
    strictly below 0 when any signal of sign -1 counts against it (a weighted value whose
    product with its weight is a float above 0: with weights 600 orders of magnitude
    apart it may not be). A trio whose three pairs are such pairs
    scores at most 0 as well (below 0 when its enmity counts, unless the trio's score is
    all shared events).

    Second-order signals that draw states together (``allies_in_common``,
    ``enemies_in_common``) and custom signals of sign +1 may tie two enemies through a
    third state: when one is weighted, pairs with a third state tied to both are not
    checked.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_enemies_below_strangers(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_enemies_below_strangers")
    cfg = config or ScoringConfig()
    weights = cfg.normalized_weights()
    third = any(
        get_signal(n).sign > 0 and isinstance(get_signal(n), DerivedSignal | CustomSignal)
        for n in weights
    )
    s = score_dyads(world, day, cfg)
    enemies = {}
    for (i, a), (j, b) in combinations(enumerate(s.states), 2):
        if (enmity := _only_enemies(world, a, b, third)) is not None:
            enemies[i, j] = enmity
    if not enemies:
        return
    # each enmity signal's own value for the pairs, whatever its weight
    rows = list(enemies)
    panel = signal_panel(
        world,
        [s.states[i] for i, _ in rows],
        [s.states[j] for _, j in rows],
        [day] * len(rows),
        cfg,
    )
    below: dict[frozenset[str], float] = {}
    for row, ((i, j), enmity) in enumerate(enemies.items()):
        a, b = s.states[i], s.states[j]
        x = float(s.matrix[i, j])
        names = ", ".join(_describe(r) for r in enmity) or "none"
        if x > _TOL:
            raise PropertyViolationError(
                "enemies_below_strangers",
                f"{a}-{b}, whose only records are enmity ({names}), "
                f"scores {_fmt(x)} on {day}; expected at most 0, the score of strangers",
                world,
                day,
            )
        for r in enmity:
            n = _ENMITY_SIGNAL[type(r)]
            if not (
                _active_enmity(r, a, b, day)
                and n in weights
                and _signal_covered(world, n, day)
                and _enmity_row(r, cfg) > 0  # a level weighing 0 does not count
            ):
                continue
            k = panel.signals.index(n)
            if not panel.values[row, k] < 0:
                raise PropertyViolationError(
                    "enemies_below_strangers",
                    f"{a}-{b} are enemies on {day} ({_describe(r)} "
                    f"in force, with {n!r} weighted) but {n!r} reads "
                    f"{_fmt(-panel.values[row, k])} for them; expected a value above 0",
                    world,
                    day,
                )
            if panel.weights[row, k] * panel.values[row, k] < 0 and not x < 0:
                raise PropertyViolationError(
                    "enemies_below_strangers",
                    f"{a}-{b} are enemies on {day} ({_describe(r)} "
                    f"in force, with {n!r} weighted) but score {_fmt(x)}; expected below 0, "
                    "the score of strangers",
                    world,
                    day,
                )
        felt = [n for n, c in s.contributions.items() if get_signal(n).sign < 0 and c[i, j]]
        if felt and not x < 0:
            raise PropertyViolationError(
                "enemies_below_strangers",
                f"{a}-{b} are enemies on {day} ({felt[0]!r} counting "
                f"against them) but score {_fmt(x)}; expected below 0, the score of strangers",
                world,
                day,
            )
        # the enmity the pair brings to a trio: its negative contributions, as a size
        below[frozenset((a, b))] = -math.fsum(
            float(c[i, j]) for n, c in s.contributions.items() if get_signal(n).sign < 0
        )
    lam = cfg.triad_shared_weight
    for trio in combinations(world.codes, 3):
        pairs = [frozenset(p) for p in combinations(trio, 2)]
        if not all(p in below for p in pairs):
            continue
        t = score_triad(world, trio, day, cfg).score
        strict = (1 - lam) * (math.fsum(below[p] for p in pairs) / 3) > 0
        if t > _TOL or (strict and not t < 0):
            raise PropertyViolationError(
                "enemies_below_strangers",
                f"the trio {'-'.join(trio)}, whose only records are "
                f"enmity, scores {_fmt(t)} on {day}; expected "
                f"{'below' if strict else 'at most'} 0",
                world,
                day,
            )


def check_left_out(world: World, as_of: date | str, config: ScoringConfig | None = None) -> None:
    """Check that a signal the World has no data for never changes a score.

    A signal is without data on ``as_of`` when none of its record kinds is covered then
    (no record of them and no coverage, or a date outside their coverage). Giving every
    such signal weight, on top of the configuration's, must leave every pair and trio
    score unchanged, and results must name exactly the weighted signals without data in
    ``left_out``.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_left_out(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_left_out")
    cfg = config or ScoringConfig()
    idle = [n for n in registered_signals() if not _signal_covered(world, n, day)]
    if not idle:
        return
    top = max(cfg.weights.values())
    heavier = ScoringConfig.model_validate(
        {**cfg.model_dump(), "weights": {**cfg.weights, **{n: top for n in idle}}}
    )
    for used, scores in (
        (cfg, score_dyads(world, day, cfg)),
        (heavier, score_dyads(world, day, heavier)),
    ):
        expected = sorted(n for n in used.normalized_weights() if n in idle)
        if sorted(scores.left_out) != expected:
            raise PropertyViolationError(
                "left_out",
                f"on {day} the World has no data for {expected or 'no signal'} "
                f"among the weighted signals, but scores report left_out={list(scores.left_out)}",
                world,
                day,
            )
    a, b = score_dyads(world, day, cfg), score_dyads(world, day, heavier)
    if where := _largest_gap(a.matrix, b.matrix):
        i, j = where
        culprit = idle[0]
        for name in idle:  # find the signal that moves it
            one = ScoringConfig.model_validate(
                {**cfg.model_dump(), "weights": {**cfg.weights, name: top}}
            )
            if abs(score_dyads(world, day, one).matrix[i, j] - a.matrix[i, j]) > _TOL:
                culprit = name
                break
        raise PropertyViolationError(
            "left_out",
            f"weighting {culprit!r}, which the World has no data for on {day}, "
            f"moved {a.states[i]}-{a.states[j]} from {_span(a.matrix[i, j], b.matrix[i, j])}",
            world,
            day,
        )
    for trio in combinations(world.codes, 3):
        x, y = score_triad(world, trio, day, cfg), score_triad(world, trio, day, heavier)
        if abs(x.score - y.score) > _TOL or sorted(y.left_out) != sorted(
            n for n in heavier.normalized_weights() if n in idle
        ):
            raise PropertyViolationError(
                "left_out",
                f"weighting {', '.join(map(repr, idle))}, which the World has no "
                f"data for on {day}, moved the trio {'-'.join(trio)} from "
                f"{_span(x.score, y.score)} (left_out={list(y.left_out)})",
                world,
                day,
            )


# --- check_rule -----------------------------------------------------------------------------

WINDOW = (date(2000, 1, 1), date(2010, 12, 31))
#: Where check_rule dates its Worlds: mostly in WINDOW, one time in four over the whole
#: calendar, so that rules also meet records and scoring dates on 0001-01-01 and
#: 9999-12-31. Cases shrink toward WINDOW.
_WINDOWS = st.sampled_from((WINDOW, WINDOW, WINDOW, ars.FULL_DATE_RANGE))


def _records_among(
    codes: st.SearchStrategy[str], window: tuple[date, date]
) -> st.SearchStrategy[Any]:
    return st.one_of(
        ars.summits(participants=codes, date_range=window),
        ars.exercises(participants=codes, date_range=window),
        ars.pacts(parties=codes, date_range=window),
        ars.deployments(states=codes, date_range=window),
        ars.lifelines(states=codes, date_range=window),
        ars.rivalries(states=codes, date_range=window),
        ars.conflicts(participants=codes, date_range=window),
        ars.contiguities(states=codes, date_range=window),
    )


@st.composite
def _world_and_date(draw: st.DrawFn, min_states: int = 2) -> tuple[World, date]:
    window = draw(_WINDOWS)
    world = draw(ars.worlds(min_states=min_states, max_states=4, max_records=3, date_range=window))
    return world, draw(ars.dates(date_range=window))


@st.composite
def _monotone_case(draw: st.DrawFn) -> tuple[World, date, Record]:
    # Everything dated on or before the scoring date: records after it change nothing,
    # so drawing them would only dilute the search.
    window = draw(_WINDOWS)
    day = draw(ars.dates(date_range=window))
    seen = (window[0], day)
    world = draw(ars.worlds(min_states=2, max_states=4, max_records=3, date_range=seen))
    record = draw(_records_among(st.sampled_from(world.codes), seen))
    return world, day, record.model_copy(update={"id": "NEW"})


@st.composite
def _enmity_case(draw: st.DrawFn) -> tuple[World, date]:
    # Few ties or none, and enmity: pairs whose only records are enmity are common.
    ties = draw(st.integers(0, 1))
    window = draw(_WINDOWS)
    world = draw(
        ars.worlds(
            max_states=4,
            max_records=ties,
            min_rivalries=1 - ties,
            max_rivalries=2,
            max_conflicts=2,
            date_range=window,
        )
    )
    return world, draw(ars.dates(date_range=window))


@st.composite
def _trio_case(draw: st.DrawFn) -> tuple[World, date, tuple[str, str, str]]:
    world, day = draw(_world_and_date(min_states=3))
    trio = draw(st.lists(st.sampled_from(world.codes), min_size=3, max_size=3, unique=True))
    return world, day, (trio[0], trio[1], trio[2])


@st.composite
def _decay_case(draw: st.DrawFn) -> tuple[World, date, date]:
    world, day = draw(_world_and_date())
    return world, day, _days_after(day, draw(st.integers(1, 2_000)))


def _days_after(day: date, days: int) -> date:
    """Return ``day`` plus ``days``, or 9999-12-31 where that is past the calendar."""
    return date.fromordinal(min(day.toordinal() + days, date.max.toordinal()))


_Case = Callable[[Any, ScoringConfig], None]

#: Every invariant: name -> (strategy of cases, check on one case).
PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], _Case]] = {
    "bounded": (_world_and_date(), lambda c, cfg: check_bounded(c[0], c[1], cfg)),
    "symmetric": (_world_and_date(), lambda c, cfg: check_symmetric(c[0], c[1], cfg)),
    "permutation_invariant": (
        _trio_case(), lambda c, cfg: check_permutation_invariant(c[0], c[2], c[1], cfg)
    ),
    "monotone": (_monotone_case(), lambda c, cfg: check_monotone(c[0], c[2], c[1], cfg)),
    "no_look_ahead": (_world_and_date(), lambda c, cfg: check_no_look_ahead(c[0], c[1], cfg)),
    "irrelevant_states": (
        _world_and_date(), lambda c, cfg: check_irrelevant_states(c[0], c[1], cfg)
    ),
    "order_independent": (
        _world_and_date(), lambda c, cfg: check_order_independent(c[0], c[1], cfg)
    ),
    "weight_scale_invariant": (
        _world_and_date(), lambda c, cfg: check_weight_scale_invariant(c[0], c[1], cfg)
    ),
    "decaying": (_decay_case(), lambda c, cfg: check_decaying(c[0], c[1], c[2], cfg)),
    "contributions_sum": (
        _world_and_date(), lambda c, cfg: check_contributions_sum(c[0], c[1], cfg)
    ),
    "enemies_below_strangers": (
        _enmity_case(), lambda c, cfg: check_enemies_below_strangers(c[0], c[1], cfg)
    ),
    "left_out": (_world_and_date(), lambda c, cfg: check_left_out(c[0], c[1], cfg)),
    "evidence_complete": (
        _world_and_date(), lambda c, cfg: check_evidence_complete(c[0], c[1], cfg)
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant and the smallest World found that shows it."""

    property: str
    message: str
    world: World
    as_of: date

    def __str__(self) -> str:
        kinds = ", ".join(
            f"{len(getattr(self.world, k))} {k}" for k in RECORD_KINDS if getattr(self.world, k)
        )
        return (
            f"{self.property}: {self.message}\n    smallest World: states "
            f"{', '.join(self.world.codes)}; {kinds or 'no records'}"
        )


@dataclass(frozen=True, slots=True)
class RuleReport:
    """What :func:`check_rule` found: the properties that hold and those violated."""

    held: tuple[str, ...]
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Whether every property held."""
        return not self.violations

    def summary(self) -> str:
        """Return a readable report, one paragraph per violation.

        Examples
        --------
        >>> RuleReport(held=("bounded",)).summary()
        'all 1 properties hold (bounded)'
        """
        if self.ok:
            return f"all {len(self.held)} properties hold ({', '.join(self.held)})"
        lines = [
            f"{len(self.violations)} of {len(self.held) + len(self.violations)} "
            "properties violated:"
        ]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)

    def raise_if_violated(self) -> None:
        """Raise :class:`PropertyViolationError` for the first violation, if any.

        Examples
        --------
        >>> RuleReport(held=("bounded",)).raise_if_violated()
        """
        if self.violations:
            v = self.violations[0]
            raise PropertyViolationError(v.property, v.message, v.world, v.as_of)


def check_rule(
    rule: ScoringConfig | str | None = None,
    *,
    aggregation: str | None = None,
    properties: Sequence[str] | None = None,
    max_examples: int = 200,
) -> RuleReport:
    """Check a scoring rule against every invariant, on random Worlds.

    The Worlds hold every kind of record (pacts with directed pledges, conflicts whose
    participants join, leave and switch sides, rivalries, contiguity, ...) and sometimes
    coverage periods, so that signals are left out at some dates.

    Parameters
    ----------
    rule : ScoringConfig or str, optional
        A configuration, or the name of a signal (built-in or registered with
        :func:`~alliance_risk.register_signal`) to test on its own. The default
        configuration if omitted.
    aggregation : str, optional
        A triad aggregation (registered with
        :func:`~alliance_risk.register_aggregation`) to use with ``rule``.
    properties : sequence of str, optional
        Which invariants to check (names from :data:`PROPERTIES`); all by default.
    max_examples : int
        Random Worlds tried per property. Deterministic: the same rule gives the same
        report.

    Returns
    -------
    RuleReport
        ``.ok``, ``.violations`` (each with the smallest World found and a message such as
        "adding summit 'NEW' (AAA-AAB, on 2000-01-01) lowered AAA-AAB from 0.39 to 0.22"),
        and ``.summary()``.

    Examples
    --------
    >>> check_rule("summits", properties=["monotone", "no_look_ahead"], max_examples=20).ok
    True
    >>> check_rule("rivalry", properties=["enemies_below_strangers"], max_examples=20).ok
    True
    """
    if isinstance(rule, str):
        if rule not in registered_signals():
            raise InvalidParameterError(
                f"check_rule: {rule!r} is not a registered signal; signals: {registered_signals()}"
            )
        cfg = ScoringConfig(weights={rule: 1.0})
    else:
        cfg = rule or ScoringConfig()
    if aggregation is not None:
        cfg = ScoringConfig.model_validate({**cfg.model_dump(), "triad_aggregation": aggregation})
    names = list(PROPERTIES) if properties is None else list(properties)
    unknown = [n for n in names if n not in PROPERTIES]
    if unknown:
        raise InvalidParameterError(
            f"check_rule: {unknown[0]!r} is not a property; expected some of {list(PROPERTIES)}"
        )
    held, violations = [], []
    config = settings(
        max_examples=max_examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    for name in names:
        strategy, check = PROPERTIES[name]

        def broken(case: Any, check: _Case = check) -> bool:
            try:
                check(case, cfg)
            except PropertyViolationError:
                return True
            return False

        try:
            smallest = find(strategy, broken, settings=config)
        except NoSuchExample:
            held.append(name)
            continue
        try:
            check(smallest, cfg)
        except PropertyViolationError as exc:
            violations.append(Violation(name, exc.message, exc.world, exc.as_of))
    return RuleReport(held=tuple(held), violations=tuple(violations))
