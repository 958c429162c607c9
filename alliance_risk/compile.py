"""Compile a World into flat numpy arrays: the third stage of the data flow.

This is the last place anything is checked. Signal kernels take these arrays and
trust them. Dates become integer days since 1970-01-01; an absent end or
entry-into-force date becomes :data:`NEVER`, a day after any real date.
Every pairwise record becomes one row per pair of states it ties (one row per
ordered pair for pacts, whose pledges are directed); events of three or more
states also become one row per trio they tie, for the trilateral part of triad scores.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations, permutations
from operator import attrgetter
from typing import Any

import numpy as np

from ._types import FloatArray, IntArray
from .models import (
    Confidence,
    Conflict,
    DeploymentKind,
    JointIgos,
    Obligation,
    Pact,
    Record,
    states_tied,
)
from .world import RECORD_KINDS, World

__all__ = [
    "NEVER",
    "CompiledWorld",
    "compile_world",
    "date_of",
    "day_number",
    "day_numbers",
    "milestone_table",
    "milestones_from_keys",
    "restrict",
]


_EPOCH = date(1970, 1, 1).toordinal()
#: Day number standing for "no such date" (never ends, never entered into force).
NEVER = np.int64(2**40)
_OBLIGATIONS = tuple(Obligation)
_KINDS = tuple(DeploymentKind)
_KIND_INDEX = {k: i for i, k in enumerate(_KINDS)}
_LEVEL_INDEX = {c: i for i, c in enumerate(Confidence)}


def day_number(d: date) -> int:
    """Return the day number of a date: days since 1970-01-01.

    Examples
    --------
    >>> day_number(date(1970, 1, 2))
    1
    """
    return d.toordinal() - _EPOCH


def date_of(day: int) -> date:
    """Return the date of a day number (the inverse of :func:`day_number`).

    Examples
    --------
    >>> date_of(365)
    datetime.date(1971, 1, 1)
    """
    return date.fromordinal(int(day) + _EPOCH)


def day_numbers(dates: list[date] | tuple[date, ...]) -> IntArray:
    """Return the day numbers of several dates as an int64 array.

    Examples
    --------
    >>> day_numbers([date(1970, 1, 1), date(1971, 1, 1)]).tolist()
    [0, 365]
    """
    return np.fromiter((d.toordinal() - _EPOCH for d in dates), dtype=np.int64, count=len(dates))


def _obligation_bits(obligations: tuple[Obligation, ...]) -> int:
    return sum(1 << _OBLIGATIONS.index(o) for o in obligations)


@dataclass(frozen=True, slots=True)
class PairEvents:
    """Dated events tying pairs of states (summits, exercises): one row per pair.

    ``size``: how many states the event tied; ``token``: 1 where one of the pair took
    part only with a token contingent (an exercise's ``token`` participants).
    """

    i: IntArray
    j: IntArray
    record: IntArray
    day: IntArray
    size: IntArray
    token: IntArray


@dataclass(frozen=True, slots=True)
class TrioEvents:
    """Events tying three or more states: one row per trio ``a < b < c`` they tie.

    ``size`` and ``token`` as for :class:`PairEvents` (``token``: one of the three took
    part with a token contingent).
    """

    a: IntArray
    b: IntArray
    c: IntArray
    record: IntArray
    day: IntArray
    size: IntArray
    token: IntArray


@dataclass(frozen=True, slots=True)
class PactRows:
    """Directed pledges: row ``r`` is what state ``i`` pledges state ``j`` under a pact.

    ``bits`` encodes the pledged obligations, bit ``k`` for ``tuple(Obligation)[k]``.
    """

    i: IntArray
    j: IntArray
    record: IntArray
    bits: IntArray
    signed: IntArray
    in_force: IntArray
    ended: IntArray


@dataclass(frozen=True, slots=True)
class PactTrios:
    """Pacts of three or more parties, one row per trio of parties ``a < b < c``."""

    a: IntArray
    b: IntArray
    c: IntArray
    record: IntArray
    bits_a: IntArray
    bits_b: IntArray
    bits_c: IntArray
    signed: IntArray
    in_force: IntArray
    ended: IntArray


@dataclass(frozen=True, slots=True)
class SupplyRows:
    """Deployments: supplier ``i`` to recipient ``j``; ``low``/``high`` NaN if no range."""

    i: IntArray
    j: IntArray
    record: IntArray
    kind: IntArray
    amount: FloatArray
    low: FloatArray
    high: FloatArray
    start: IntArray
    end: IntArray


@dataclass(frozen=True, slots=True)
class LifelineRows:
    """Lifelines: supplier ``i`` to buyer ``j``; ``share``/``volume`` NaN when not given.

    ``unit`` indexes ``units``, the distinct unit names ("" for none): scoring looks a
    scale up once per unit, not once per lifeline.
    """

    i: IntArray
    j: IntArray
    record: IntArray
    share: FloatArray
    volume: FloatArray
    unit: IntArray
    units: tuple[str, ...]
    start: IntArray
    end: IntArray


@dataclass(frozen=True, slots=True)
class ConflictRows:
    """Pairs of participants of a conflict: one row per pair of their spells.

    ``opposed`` is 1 when the two stood on opposite sides, 0 on the same side;
    ``hostility`` is the conflict's hostility level over 5 (a war is 1.0); ``start`` is
    the day the later of the two joined, ``end`` the day the first of them left (or
    the conflict ended; :data:`NEVER` while it goes on). Rows of the same conflict, pair
    and relation (a state that left and rejoined) share a ``group`` and are contiguous:
    a conflict counts once per pair, by its strongest spell at the scoring date.
    """

    i: IntArray
    j: IntArray
    record: IntArray
    group: IntArray
    opposed: IntArray
    war: IntArray
    hostility: FloatArray
    start: IntArray
    end: IntArray


@dataclass(frozen=True, slots=True)
class SpellRows:
    """Pair-level spells (rivalries, contiguity): ``i``-``j`` from ``start`` to ``end``."""

    i: IntArray
    j: IntArray
    record: IntArray
    level: IntArray
    start: IntArray
    end: IntArray


@dataclass(frozen=True, slots=True)
class IgoRows:
    """Joint IGO memberships: ``i``-``j`` shared ``count`` IGOs from ``start`` to ``end``.

    ``breaks`` and ``mean`` give, as a step function of the day, the mean count over
    every pair the World holds a count for (``mean[k]`` from ``breaks[k]`` until the
    next break; 0 before the first): how many IGOs the typical pair shared then. It is
    computed over the whole World, so restricting the states does not change it.
    """

    i: IntArray
    j: IntArray
    record: IntArray
    count: FloatArray
    start: IntArray
    end: IntArray
    breaks: IntArray
    mean: FloatArray

    def mean_at(self, days: IntArray) -> FloatArray:
        """Return the mean count over the pairs with a count on each of ``days``."""
        if self.breaks.size == 0:
            return np.zeros(np.shape(days))
        k = np.searchsorted(self.breaks, days, side="right") - 1
        out: FloatArray = np.where(k >= 0, self.mean[np.maximum(k, 0)], 0.0)
        return out


@dataclass(frozen=True, slots=True)
class MilestoneRows:
    """Which states each record ties, and the dated changes each record makes.

    Record ``r`` ties the states ``state[ptr[r]:ptr[r + 1]]``; milestone row ``m`` says
    record ``record[m]`` changed on ``day[m]`` (``whats[what[m]]``: "signed", "starts",
    "12 joint IGOs"). Compiled once, so a timeline finds the milestones of its members
    without walking the records.
    """

    ptr: IntArray
    state: IntArray
    record: IntArray
    day: IntArray
    what: IntArray
    whats: tuple[str, ...]

    def of(self, members: IntArray) -> IntArray:
        """Return the milestone rows of the records that tie two or more of ``members``."""
        n = int(max(self.state.max(initial=-1), members.max(initial=-1))) + 1
        mine = np.zeros(n, dtype=np.int64)
        mine[members] = 1
        per_record = np.diff(np.concatenate([[0], np.cumsum(mine[self.state])])[self.ptr])
        return np.nonzero(per_record[self.record] >= 2)[0]


@dataclass(frozen=True, slots=True)
class CompiledWorld:
    """A World as arrays, indexed by state position in ``codes``.

    Attributes
    ----------
    codes : tuple of str
        State codes; row/column ``k`` of every matrix is ``codes[k]``.
    record_ids : tuple of str
        Ids of all records, sorted; ``record`` arrays index into it. Rows follow this
        order too, so nothing depends on the order of records in the World.
    first_day : tuple of int
        Per record, the earliest day it carries (signature, start or date): the day
        from which the record may be seen.
    coverage : dict
        Per record kind whose records are complete somewhere, the first and last day
        of that period (``-NEVER`` and ``NEVER`` for "always"); kinds not listed are
        unknown at every date.
    confidence : numpy.ndarray
        Per record, its confidence level as a position in ``tuple(Confidence)``
        (0 confirmed, 1 reported, 2 contested).
    record_weights : numpy.ndarray or None
        Per record, a weight that replaces its confidence weight: a Monte Carlo draw
        sets 1 for a record it keeps and 0 for one it drops. ``None`` (as compiled):
        each record weighs ``config.confidence_weights`` of its level.
    memo : dict
        Per-row factors that depend on these arrays and the configuration but not on
        the date (see :func:`alliance_risk.signals.remembered`), kept for the next
        score. Not copied by :func:`dataclasses.replace`: a changed World starts empty.
    """

    codes: tuple[str, ...]
    record_ids: tuple[str, ...]
    first_day: IntArray
    pacts: PactRows
    pact_trios: PactTrios
    supply: SupplyRows
    summits: PairEvents
    summit_trios: TrioEvents
    exercises: PairEvents
    exercise_trios: TrioEvents
    lifelines: LifelineRows
    conflicts: ConflictRows
    rivalries: SpellRows
    contiguities: SpellRows
    joint_igos: IgoRows
    coverage: dict[str, tuple[int, int]]
    milestones: MilestoneRows
    confidence: IntArray
    record_weights: FloatArray | None = None
    memo: dict[str, tuple[tuple[object, ...], Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def n_states(self) -> int:
        """Number of states."""
        return len(self.codes)


def _ints(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _floats(values: list[float]) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _day(d: date | None) -> int:
    return int(NEVER) if d is None else d.toordinal() - _EPOCH


def _events(
    index: dict[str, int],
    records: list[tuple[int, tuple[str, ...], date, tuple[str, ...]]],
) -> tuple[PairEvents, TrioEvents]:
    pairs: list[tuple[int, ...]] = []
    trios: list[tuple[int, ...]] = []
    for rec, members, when, token in records:
        idx = sorted(index[m] for m in members)
        few = {index[m] for m in token}
        day, n = _day(when), len(idx)
        pairs.extend((a, b, rec, day, n, int(bool({a, b} & few))) for a, b in combinations(idx, 2))
        trios.extend(
            (a, b, c, rec, day, n, int(bool({a, b, c} & few))) for a, b, c in combinations(idx, 3)
        )
    p = np.asarray(pairs, dtype=np.int64).reshape(-1, 6)
    t = np.asarray(trios, dtype=np.int64).reshape(-1, 7)
    return (
        PairEvents(i=p[:, 0], j=p[:, 1], record=p[:, 2], day=p[:, 3], size=p[:, 4], token=p[:, 5]),
        TrioEvents(
            a=t[:, 0],
            b=t[:, 1],
            c=t[:, 2],
            record=t[:, 3],
            day=t[:, 4],
            size=t[:, 5],
            token=t[:, 6],
        ),
    )


_id = attrgetter("id")  # sort key: records in id order


# Compiled arrays of live Worlds, by id. A World is immutable, so its arrays never go
# stale; each entry is dropped when its World is garbage-collected (weakref.finalize
# runs before the id can be reused).
_COMPILED: dict[int, CompiledWorld] = {}


def compile_world(world: World) -> CompiledWorld:
    """Compile a World into the arrays that signals read.

    The result is kept while the World lives, so scoring the same World again does not
    compile it again.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> cw.n_states, len(cw.record_ids)
    (23, 195)
    >>> int(cw.pacts.i.size)  # one row per ordered pair of parties
    46
    """
    key = id(world)
    if (hit := _COMPILED.get(key)) is not None:
        return hit
    compiled = _compile(world)
    _COMPILED[key] = compiled
    weakref.finalize(world, _COMPILED.pop, key, None)
    return compiled


def _compile(world: World) -> CompiledWorld:
    index = {code: k for k, code in enumerate(world.codes)}
    # Records in id order: the arrays, and so every sum over them, do not depend on the
    # order of records in the file (results are bit-identical under reordering).
    records = sorted(world.records(), key=_id)
    rec_index = {r.id: k for k, r in enumerate(records)}
    # The day from which each record may be seen: its signature, start or date.
    first_day = _ints([_day(r.seen_from) for r in records])

    pacts, pact_trios = pact_rows(index, rec_index, sorted(world.pacts, key=_id))

    dep = sorted(world.deployments, key=_id)
    nan = float("nan")
    supply = SupplyRows(
        i=_ints([index[d.supplier] for d in dep]),
        j=_ints([index[d.recipient] for d in dep]),
        record=_ints([rec_index[d.id] for d in dep]),
        kind=_ints([_KIND_INDEX[d.kind] for d in dep]),
        amount=_floats([d.amount for d in dep]),
        low=_floats([nan if d.low is None else d.low for d in dep]),
        high=_floats([nan if d.high is None else d.high for d in dep]),
        start=_ints([_day(d.start) for d in dep]),
        end=_ints([_day(d.end) for d in dep]),
    )
    summit_list = sorted(world.summits, key=_id)
    exercise_list = sorted(world.exercises, key=_id)
    summits, summit_trios = _events(
        index, [(rec_index[s.id], s.participants, s.date, ()) for s in summit_list]
    )
    exercises, exercise_trios = _events(
        index, [(rec_index[e.id], e.participants, e.start, e.token) for e in exercise_list]
    )
    ll = sorted(world.lifelines, key=_id)
    unit_names = sorted({"" if x.unit is None else x.unit for x in ll})
    unit_index = {u: k for k, u in enumerate(unit_names)}
    lifelines = LifelineRows(
        i=_ints([index[x.supplier] for x in ll]),
        j=_ints([index[x.buyer] for x in ll]),
        record=_ints([rec_index[x.id] for x in ll]),
        share=_floats([nan if x.share is None else x.share for x in ll]),
        volume=_floats([nan if x.volume is None else x.volume for x in ll]),
        unit=_ints([unit_index["" if x.unit is None else x.unit] for x in ll]),
        units=tuple(unit_names),
        start=_ints([_day(x.start) for x in ll]),
        end=_ints([_day(x.end) for x in ll]),
    )
    conflicts = conflict_rows(index, rec_index, sorted(world.conflicts, key=_id))
    rivalries = _spell_rows(
        [
            (index[r.rivals[0]], index[r.rivals[1]], rec_index[r.id], 1, r.start, r.end)
            for r in sorted(world.rivalries, key=_id)
        ]
    )
    contiguities = _spell_rows(
        [
            (
                index[c.neighbours[0]],
                index[c.neighbours[1]],
                rec_index[c.id],
                c.level,
                c.start,
                c.end,
            )
            for c in sorted(world.contiguities, key=_id)
        ]
    )
    joint_igos = _igo_rows(index, rec_index, sorted(world.joint_igos, key=_id))
    coverage = {}
    for kind in RECORD_KINDS:
        span = world.covered(kind)
        if span is not None:
            lo = -int(NEVER) if span[0] == date.min else _day(span[0])
            hi = int(NEVER) if span[1] == date.max else _day(span[1])
            coverage[kind] = (lo, hi)
    return CompiledWorld(
        codes=world.codes,
        record_ids=tuple(r.id for r in records),
        first_day=first_day,
        pacts=pacts,
        pact_trios=pact_trios,
        supply=supply,
        summits=summits,
        summit_trios=summit_trios,
        exercises=exercises,
        exercise_trios=exercise_trios,
        lifelines=lifelines,
        conflicts=conflicts,
        rivalries=rivalries,
        contiguities=contiguities,
        joint_igos=joint_igos,
        coverage=coverage,
        milestones=_milestone_rows(index, records),
        confidence=_ints([_LEVEL_INDEX[r.confidence] for r in records]),
    )


def pact_rows(
    index: dict[str, int], rec_index: dict[str, int], pacts: list[Pact]
) -> tuple[PactRows, PactTrios]:
    """Return directed pledges, one row per ordered pair a pact ties, and its trios.

    Internal surface, shared by :func:`compile_world` and the column path; ``pacts`` in
    id order, ``rec_index`` the position of each id in the World's sorted ids.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> index = {c: k for k, c in enumerate(w.codes)}
    >>> rows, trios = pact_rows(index, {p.id: k for k, p in enumerate(w.pacts)}, list(w.pacts))
    >>> int(rows.i.size) == int(compile_world(w).pacts.i.size)
    True
    """
    pact_rows: list[tuple[int, ...]] = []
    pact_trios: list[tuple[int, ...]] = []
    coded: dict[tuple[Obligation, ...], int] = {}  # few distinct sets: encode each once
    for p in pacts:
        rec = rec_index[p.id]
        bits = {}
        for a, b in permutations(p.parties, 2):
            pledged = p.owed(a, b)
            if pledged not in coded:
                coded[pledged] = _obligation_bits(pledged)
            bits[a, b] = coded[pledged]
        dates = (_day(p.signed), _day(p.in_force), _day(p.ended))
        for a, b in permutations(p.parties, 2):
            if bits[a, b] or bits[b, a]:  # pairs a guarantee pact does not tie get no row
                pact_rows.append((index[a], index[b], rec, bits[a, b], *dates))
        for trio in combinations(sorted(p.parties, key=index.__getitem__), 3):
            if not all(bits[x, y] or bits[y, x] for x, y in combinations(trio, 2)):
                continue
            # A member's trilateral pledge: what it owes both of the others.
            own = [bits[m, trio[k - 1]] & bits[m, trio[k - 2]] for k, m in enumerate(trio)]
            pact_trios.append((*(index[m] for m in trio), rec, *own, *dates))
    pr = np.asarray(pact_rows, dtype=np.int64).reshape(-1, 7)
    pt = np.asarray(pact_trios, dtype=np.int64).reshape(-1, 10)

    return PactRows(*(pr[:, k] for k in range(7))), PactTrios(*(pt[:, k] for k in range(10)))


def _milestone_rows(index: dict[str, int], records: list[Record]) -> MilestoneRows:
    """Return the states each record ties and its dated changes, records in id order."""
    tied, changes, labels = milestone_parts(index, list(enumerate(records)))
    return milestone_table(len(records), tied, changes, labels)


#: (record, state) of each state a record ties, repeats allowed.
Tied = tuple[IntArray, IntArray]
#: (record, position among the record's changes, day, label) of each dated change.
Changes = tuple[IntArray, IntArray, IntArray, IntArray]


def milestone_parts(
    index: dict[str, int], records: list[tuple[int, Record]]
) -> tuple[Tied, Changes, list[str]]:
    """Return the states records tie, their dated changes and the changes' labels.

    ``records`` pairs each record with its position among the World's sorted ids.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> index = {c: k for k, c in enumerate(w.codes)}
    >>> tied, changes, labels = milestone_parts(index, [(0, w.pacts[0])])
    >>> labels[0]
    'signed'
    """
    tied: list[tuple[int, int]] = []
    rows: list[tuple[int, int, int, int]] = []
    labels: dict[str, int] = {}
    for k, r in records:
        tied.extend((k, index[s]) for s in states_tied(r))
        if isinstance(r, JointIgos):  # each spell is a change of the count
            changes = [(c.start, f"{c.count} joint IGOs") for c in r.counts]
        else:
            changes = [
                (d, w) for f, w in r.date_fields if isinstance(d := getattr(r, f, None), date)
            ]
        for pos, (d, what) in enumerate(changes):
            rows.append((k, pos, _day(d), labels.setdefault(what, len(labels))))
    t = np.asarray(tied, dtype=np.int64).reshape(-1, 2)
    c = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
    return (t[:, 0], t[:, 1]), (c[:, 0], c[:, 1], c[:, 2], c[:, 3]), list(labels)


def milestone_table(
    n_records: int, tied: Tied, changes: Changes, labels: Sequence[str]
) -> MilestoneRows:
    """Return :class:`MilestoneRows` from unordered parts (internal: compile and columns).

    Milestones come in record order, then position; ``whats`` in order of first
    appearance, so the result does not depend on the order of the parts. Columns are
    kept apart (no ``(rows, 4)`` table): a million records' milestones stay small.

    Examples
    --------
    >>> m = milestone_table(2, (np.array([1, 0, 1, 1]), np.array([4, 2, 3, 4])),
    ...                     (np.array([1, 0]), np.array([0, 0]), np.array([10, 5]),
    ...                      np.array([0, 1])), ["start", "signed"])
    >>> m.ptr.tolist(), m.state.tolist(), m.day.tolist(), m.whats
    ([0, 1, 3], [2, 3, 4], [5, 10], ('signed', 'start'))
    """
    t_record, t_state = tied
    width = int(t_state.max(initial=0)) + 1
    record, pos, day, label = changes
    span = int(pos.max(initial=0)) + 1
    return milestones_from_keys(
        n_records, t_record * width + t_state, width, record * span + pos, span, day, label, labels
    )


def milestones_from_keys(
    n_records: int,
    tied: IntArray,
    width: int,
    changes: IntArray,
    span: int,
    day: np.ndarray[Any, np.dtype[np.signedinteger[Any]]],
    label: np.ndarray[Any, np.dtype[np.signedinteger[Any]]],
    labels: Sequence[str],
) -> MilestoneRows:
    """Return :class:`MilestoneRows` from keys (internal: :func:`milestone_table`, columns).

    ``tied`` holds ``record * width + state`` per state a record ties (repeats allowed;
    sorted here in place); ``changes`` holds ``record * span + position`` per dated
    change, unique, with its ``day`` and ``label`` (an index into ``labels``; both may be
    32-bit: the result's columns are 64-bit whatever is given). Keys, not
    separate columns: a builder of ten million records fills four arrays, not six.

    Examples
    --------
    >>> m = milestones_from_keys(2, np.array([14, 2, 13, 14]), 10, np.array([4, 0]), 4,
    ...                          np.array([10, 5]), np.array([0, 1]), ["start", "signed"])
    >>> m.ptr.tolist(), m.state.tolist(), m.record.tolist(), m.whats
    ([0, 1, 3], [2, 3, 4], [0, 1], ('signed', 'start'))
    """
    tied.sort()  # by record, then state
    repeat = tied[1:] == tied[:-1]
    if repeat.any():
        tied = tied[np.concatenate([[True], ~repeat])]
    del repeat
    # a record's states start at the first key of the record: no per-key temporary
    ptr = np.searchsorted(tied, np.arange(n_records + 1, dtype=np.int64) * width)
    state = np.remainder(tied, width, dtype=np.int64)
    order = np.argsort(changes)  # (record, position): keys are unique, any sort agrees
    record = np.take(changes, order).astype(np.int64, copy=False)
    record //= span
    day = np.take(day, order).astype(np.int64, copy=False)
    label = np.take(label, order)
    del order
    first = np.full(len(labels), label.size, dtype=np.int64)
    np.minimum.at(first, label, np.arange(label.size))  # few labels: no sort of all rows
    used = np.nonzero(first < label.size)[0]
    by_first = used[np.argsort(first[used])]
    new = np.zeros(len(labels), dtype=np.int64)
    new[by_first] = np.arange(by_first.size)
    return MilestoneRows(
        ptr=ptr.astype(np.int64, copy=False),
        state=state,
        record=record,
        day=day,
        what=new[label],
        whats=tuple(labels[k] for k in by_first.tolist()),
    )


def _restrict_milestones(m: MilestoneRows, new: IntArray) -> MilestoneRows:
    """Keep the states ``new >= 0`` of the milestone rows; none at all if ``new`` is empty."""
    if new.size == 0:
        none = np.zeros(0, dtype=np.int64)
        return MilestoneRows(np.zeros_like(m.ptr), none, none, none, none, m.whats)
    kept = new[m.state] >= 0
    per_record = np.diff(np.concatenate([[0], np.cumsum(kept)])[m.ptr])
    ptr = np.concatenate([[0], np.cumsum(per_record)]).astype(np.int64)
    return MilestoneRows(ptr, new[m.state[kept]], m.record, m.day, m.what, m.whats)


def _igo_rows(
    index: dict[str, int], rec_index: dict[str, int], records: list[JointIgos]
) -> IgoRows:
    """One row per spell of a pair's joint IGO count, and the mean count over time."""
    n = sum(len(g.counts) for g in records)
    i = np.empty(n, dtype=np.int64)
    j = np.empty(n, dtype=np.int64)
    rec = np.empty(n, dtype=np.int64)
    count = np.empty(n, dtype=np.float64)
    start = np.empty(n, dtype=np.int64)
    end = np.empty(n, dtype=np.int64)
    k = 0
    for g in records:
        a, b = sorted((index[g.members[0]], index[g.members[1]]))
        m = len(g.counts)
        i[k : k + m], j[k : k + m], rec[k : k + m] = a, b, rec_index[g.id]
        count[k : k + m] = [c.count for c in g.counts]
        start[k : k + m] = [_day(c.start) for c in g.counts]
        end[k : k + m] = [_day(c.end) for c in g.counts]
        k += m
    return igo_table(i, j, rec, count, start, end)


def igo_table(
    i: IntArray, j: IntArray, rec: IntArray, count: FloatArray, start: IntArray, end: IntArray
) -> IgoRows:
    """Return joint IGO rows with the mean count over time (see :class:`IgoRows`).

    Examples
    --------
    >>> g = igo_table(np.array([0]), np.array([1]), np.array([0]), np.array([40.0]),
    ...               np.array([0]), np.array([364]))
    >>> g.mean_at(np.array([10, 400])).tolist()
    [40.0, 0.0]
    """
    n = i.size
    # The mean over the pairs with a count, as a step function: each spell adds its
    # count (and one pair) from its start to the day after its end.
    day = np.concatenate([start, end + 1])
    add = np.concatenate([count, -count])
    pairs = np.concatenate([np.ones(n), -np.ones(n)])
    order = np.argsort(day, kind="stable")
    breaks, first = np.unique(day[order], return_index=True)
    total = np.add.reduceat(add[order], first) if n else np.zeros(0)
    held = np.add.reduceat(pairs[order], first) if n else np.zeros(0)
    total, held = np.cumsum(total), np.cumsum(held)
    mean = np.where(held > 0, np.maximum(total, 0.0) / np.maximum(held, 1.0), 0.0)
    return IgoRows(i, j, rec, count, start, end, breaks.astype(np.int64), mean)


def conflict_rows(
    index: dict[str, int], rec_index: dict[str, int], conflicts: list[Conflict]
) -> ConflictRows:
    """Return one row per conflict, pair of states that took part and pair of their spells.

    Spells are not merged: a spell that begins after the scoring date must not reach
    back and extend one that ended before it.

    Examples
    --------
    >>> conflict_rows({}, {}, []).i.size
    0
    """
    rows: list[tuple[int, int, int, int, int, int, int, int]] = []
    for c in conflicts:
        rec = rec_index[c.id]
        stop = _day(c.end)
        spells = [
            (index[p.state], s, _day(p.joined), stop if p.left is None else _day(p.left))
            for s, side in enumerate(c.sides)
            for p in side
        ]
        for (a, sa, ja, la), (b, sb, jb, lb) in combinations(spells, 2):
            if a == b:
                continue  # one state's two spells (rejoining, or switching sides)
            i, j = min(a, b), max(a, b)
            start = max(ja, jb)
            end = max(start, min(la, lb))
            rows.append((rec, i, j, int(sa != sb), start, end, int(c.kind == "war"), c.hostility))
    arr = np.asarray(sorted(rows), dtype=np.int64).reshape(-1, 8)
    key = arr[:, :4]
    first = np.ones(arr.shape[0], dtype=bool)
    first[1:] = np.any(key[1:] != key[:-1], axis=1)
    return ConflictRows(
        i=arr[:, 1],
        j=arr[:, 2],
        record=arr[:, 0],
        group=np.cumsum(first) - 1,
        opposed=arr[:, 3],
        war=arr[:, 6],
        hostility=arr[:, 7].astype(np.float64) / 5.0,
        start=arr[:, 4],
        end=arr[:, 5],
    )


def _spell_rows(items: list[tuple[int, int, int, int, date, date | None]]) -> SpellRows:
    arr = np.asarray(
        [(min(a, b), max(a, b), r, lv, _day(s), _day(e)) for a, b, r, lv, s, e in items],
        dtype=np.int64,
    ).reshape(-1, 6)
    return SpellRows(*(arr[:, k] for k in range(6)))


def restrict(cw: CompiledWorld, keep: IntArray, *, milestones: bool = True) -> CompiledWorld:
    """Keep only the states ``keep`` (indices, in that order) and the rows among them.

    Signals tie pairs and trios only, so the scores among the kept states are the same
    as in the whole World: this makes scoring a pair or a trio cost what its own records
    cost. ``milestones=False`` leaves the milestones out (none): for a World that is
    only scored, not read for a timeline's milestones.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> sub = restrict(cw, np.array([1, 2]))  # RUS, PRK
    >>> sub.codes, int(sub.pacts.i.size)
    (('RUS', 'PRK'), 2)
    """
    new = np.full(cw.n_states, -1, dtype=np.int64)
    new[keep] = np.arange(keep.size)

    def rows(obj: Any, fields: tuple[str, ...]) -> Any:
        mask = np.ones(getattr(obj, fields[0]).size, dtype=bool)
        for f in fields:
            mask &= new[getattr(obj, f)] >= 0
        values = {}
        for name in obj.__dataclass_fields__:
            v = getattr(obj, name)
            if name in fields:
                values[name] = new[v[mask]]
            elif isinstance(v, tuple):
                values[name] = v  # a table rows index into (lifeline units), not rows
            else:
                values[name] = v[mask]
        return type(obj)(**values)

    return CompiledWorld(
        codes=tuple(cw.codes[k] for k in keep),
        record_ids=cw.record_ids,
        first_day=cw.first_day,
        pacts=rows(cw.pacts, ("i", "j")),
        pact_trios=rows(cw.pact_trios, ("a", "b", "c")),
        supply=rows(cw.supply, ("i", "j")),
        summits=rows(cw.summits, ("i", "j")),
        summit_trios=rows(cw.summit_trios, ("a", "b", "c")),
        exercises=rows(cw.exercises, ("i", "j")),
        exercise_trios=rows(cw.exercise_trios, ("a", "b", "c")),
        lifelines=rows(cw.lifelines, ("i", "j")),
        conflicts=rows(cw.conflicts, ("i", "j")),
        rivalries=rows(cw.rivalries, ("i", "j")),
        contiguities=rows(cw.contiguities, ("i", "j")),
        joint_igos=_restrict_igos(cw.joint_igos, new),
        coverage=cw.coverage,
        milestones=_restrict_milestones(cw.milestones, new if milestones else new[:0]),
        confidence=cw.confidence,
        record_weights=cw.record_weights,
    )


def _restrict_igos(g: IgoRows, new: IntArray) -> IgoRows:
    keep = (new[g.i] >= 0) & (new[g.j] >= 0)
    i, j = new[g.i[keep]], new[g.j[keep]]
    return IgoRows(
        i, j, g.record[keep], g.count[keep], g.start[keep], g.end[keep], g.breaks, g.mean
    )
