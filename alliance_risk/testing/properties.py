"""Checks that a scoring rule behaves: one function per invariant, and ``check_rule``.

Each ``check_*`` function takes a World (and what the invariant needs), scores it with a
configuration, and raises :class:`PropertyViolationError` (an ``AssertionError``) with a
message in domain terms when the invariant fails — so it works inside a user's own
hypothesis test, or on its own. :func:`check_rule` runs them all on random Worlds for a
signal, a configuration or an aggregation, and reports each violated property with the
smallest World that shows it (hypothesis shrinks it).

Examples
--------
>>> import alliance_risk as ar
>>> world = ar.load_scenario("axis-of-upheaval")
>>> check_bounded(world, "2025-06-01")  # passes silently
>>> print(check_rule(ar.ScoringConfig(), max_examples=10).summary())  # doctest: +ELLIPSIS
all 10 properties hold (bounded, symmetric, ...)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from .._errors import InvalidParameterError
from .._validation import check_as_of
from ..config import ScoringConfig
from ..models import Deployment, Exercise, Pact, Record, State, Summit, states_tied
from ..scoring import score_dyads, score_triad
from ..signals import registered_signals
from ..world import RECORD_KINDS, World
from . import strategies as ars

__all__ = [
    "PROPERTIES",
    "PropertyViolationError",
    "RuleReport",
    "Violation",
    "check_bounded",
    "check_contributions_sum",
    "check_decaying",
    "check_irrelevant_states",
    "check_monotone",
    "check_no_look_ahead",
    "check_order_independent",
    "check_permutation_invariant",
    "check_rule",
    "check_symmetric",
    "check_weight_scale_invariant",
]

_TOL = 1e-9


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


def _describe(record: Record) -> str:
    kind = type(record).__name__
    if isinstance(record, Pact):
        what = f"{', '.join(o.value for o in record.obligations)} among {'-'.join(record.parties)}"
        when = f"signed {record.signed}"
    elif isinstance(record, Deployment):
        what = f"{record.amount:g} {record.kind.value} {record.supplier}->{record.recipient}"
        when = f"from {record.start}"
    elif isinstance(record, Summit):
        what, when = "-".join(record.participants), f"on {record.date}"
    elif isinstance(record, Exercise):
        what, when = "-".join(record.participants), f"from {record.start}"
    else:
        what, when = f"{getattr(record, 'supplier', '')}->{getattr(record, 'buyer', '')}", ""
    return f"{kind.lower()} {record.id!r} ({what}, {when})".replace(", )", ")")


def _add(world: World, record: Record) -> World:
    kind = next(k for k, model in RECORD_KINDS.items() if isinstance(record, model))
    return world.model_copy(update={kind: (*getattr(world, kind), record)})


def _first_day(record: Record) -> date:
    return min(
        d for f in ("signed", "start", "date") if isinstance(d := getattr(record, f, None), date)
    )


def _fmt(x: float) -> str:
    return f"{x:.4f}"


# --- the invariants ------------------------------------------------------------------------


def check_bounded(world: World, as_of: date | str, config: ScoringConfig | None = None) -> None:
    """Check that every pair score, and every trio score, is a number in [0, 1].

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_bounded(ar.load_scenario("axis-of-upheaval"), "2024-01-01")
    """
    day = check_as_of(as_of, "check_bounded")
    s = score_dyads(world, day, config)
    m = s.matrix
    bad = np.isnan(m) | (m < -_TOL) | (m > 1 + _TOL)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise PropertyViolationError(
            "bounded", f"{s.states[i]}-{s.states[j]} scores {m[i, j]!r} on {day}; expected a "
            "value in [0, 1]", world, day,
        )  # fmt: skip
    for trio in combinations(world.codes, 3):
        t = score_triad(world, trio, day, config).score
        if not -_TOL <= t <= 1 + _TOL:
            raise PropertyViolationError(
                "bounded", f"{'-'.join(trio)} scores {t!r} on {day}; expected [0, 1]", world, day
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
            "symmetric", f"{s.states[i]}-{s.states[j]} scores {_fmt(s.matrix[i, j])} but "
            f"{s.states[j]}-{s.states[i]} scores {_fmt(s.matrix[j, i])} on {day}", world, day,
        )  # fmt: skip


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
                "permutation_invariant", f"{'-'.join((a, b, c))} scores {_fmt(base)} but "
                f"{'-'.join(order)} scores {_fmt(other)} on {day}", world, day,
            )  # fmt: skip


def check_monotone(
    world: World, record: Record, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that adding ``record`` never lowers the scores of the states it ties.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> w = ar.load_scenario("axis-of-upheaval")
    >>> extra = ar.Exercise(id="E-new", participants=("RUS", "PRK"), start="2025-03-01",
    ...                     source=("what-if",), confidence="reported")
    >>> check_monotone(w, extra, "2025-06-01")
    """
    day = check_as_of(as_of, "check_monotone")
    bigger = _add(world, record)
    tied = [c for c in world.codes if c in states_tied(record)]
    before, after = score_dyads(world, day, config), score_dyads(bigger, day, config)
    for a, b in combinations(tied, 2):
        x, y = before.score(a, b), after.score(a, b)
        if y < x - _TOL:
            raise PropertyViolationError(
                "monotone", f"adding {_describe(record)} lowered {a}-{b} from {_fmt(x)} to "
                f"{_fmt(y)} on {day}", bigger, day,
            )  # fmt: skip
    for trio in combinations(tied, 3):
        x = score_triad(world, trio, day, config).score
        y = score_triad(bigger, trio, day, config).score
        if y < x - _TOL:
            raise PropertyViolationError(
                "monotone", f"adding {_describe(record)} lowered the trio {'-'.join(trio)} "
                f"from {_fmt(x)} to {_fmt(y)} on {day}", bigger, day,
            )  # fmt: skip


def check_no_look_ahead(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that records dated after ``as_of`` change no score on ``as_of``.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_no_look_ahead(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_no_look_ahead")
    future = [r for r in world.records() if _first_day(r) > day]
    if not future:
        return
    past = world.model_copy(
        update={
            k: tuple(r for r in getattr(world, k) if _first_day(r) <= day) for k in RECORD_KINDS
        }
    )
    a, b = score_dyads(world, day, config), score_dyads(past, day, config)
    gap = np.abs(a.matrix - b.matrix)
    if gap.max(initial=0.0) > _TOL:
        i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
        pair = {a.states[i], a.states[j]}
        culprit = next((r for r in future if pair <= states_tied(r)), future[0])
        raise PropertyViolationError(
            "no_look_ahead", f"{_describe(culprit)}, dated after the scoring date {day}, moved "
            f"{a.states[i]}-{a.states[j]} from {_fmt(b.matrix[i, j])} to {_fmt(a.matrix[i, j])}",
            world, day,
        )  # fmt: skip


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
    code = next(c for c in ("ZZZ", "ZZZZ", "ZZZZZ", "ZZZZZZ") if c not in world.codes)
    bigger = world.model_copy(update={"states": (*world.states, State(code=code, name="Newcomer"))})
    a, b = score_dyads(world, day, config), score_dyads(bigger, day, config)
    gap = np.abs(b.matrix[:-1, :-1] - a.matrix)
    if gap.max(initial=0.0) > _TOL or np.abs(b.matrix[-1]).max(initial=0.0) > _TOL:
        if gap.max(initial=0.0) > _TOL:
            i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
            what = (f"moved {a.states[i]}-{a.states[j]} from {_fmt(a.matrix[i, j])} to "
                    f"{_fmt(b.matrix[i, j])}")  # fmt: skip
        else:
            k = int(np.argmax(np.abs(b.matrix[-1])))
            what = f"is itself tied to {b.states[k]} at {_fmt(b.matrix[-1, k])}"
        raise PropertyViolationError(
            "irrelevant_states", f"adding {code}, a state with no records, {what} on {day}",
            bigger, day,
        )  # fmt: skip


def check_order_independent(
    world: World, as_of: date | str, config: ScoringConfig | None = None, *, seed: int = 0
) -> None:
    """Check that scores do not depend on record order and are identical when rerun.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_order_independent(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_order_independent")
    rng = random.Random(seed)
    shuffled = {}
    for kind in RECORD_KINDS:
        items = list(getattr(world, kind))
        rng.shuffle(items)
        shuffled[kind] = tuple(items[::-1])
    other = world.model_copy(update=shuffled)
    a = score_dyads(world, day, config).matrix
    for label, m in (("reordering the records", score_dyads(other, day, config).matrix),
                     ("scoring again", score_dyads(world, day, config).matrix)):  # fmt: skip
        if not np.array_equal(a, m):
            i, j = (int(v) for v in np.argwhere(a != m)[0])
            raise PropertyViolationError(
                "order_independent", f"{label} moved {world.codes[i]}-{world.codes[j]} from "
                f"{a[i, j]!r} to {m[i, j]!r} on {day}", world, day,
            )  # fmt: skip


def check_weight_scale_invariant(
    world: World, as_of: date | str, config: ScoringConfig | None = None, *, factor: float = 3.0
) -> None:
    """Check that multiplying every weight by ``factor`` changes no score.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_weight_scale_invariant(ar.load_scenario("axis-of-upheaval"), "2024-06-01")
    """
    day = check_as_of(as_of, "check_weight_scale_invariant")
    cfg = config or ScoringConfig()
    scaled = cfg.model_copy(update={"weights": {k: v * factor for k, v in cfg.weights.items()}})
    a, b = score_dyads(world, day, cfg), score_dyads(world, day, scaled)
    gap = np.abs(a.matrix - b.matrix)
    if gap.max(initial=0.0) > _TOL:
        i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
        raise PropertyViolationError(
            "weight_scale_invariant", f"multiplying every weight by {factor:g} moved "
            f"{a.states[i]}-{a.states[j]} from {_fmt(a.matrix[i, j])} to "
            f"{_fmt(b.matrix[i, j])} on {day}", world, day,
        )  # fmt: skip


def check_decaying(
    world: World, as_of: date | str, later: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that no signal's contribution grows while nothing happens.

    With no record dated in ``(as_of, later]``, every contribution at ``later`` must be
    at most its value at ``as_of``. Does nothing if some record has a date (signature,
    entry into force, end, start) in ``(as_of, later]``: those are new events.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> check_decaying(ar.load_scenario("axis-of-upheaval"), "2025-10-03", "2026-06-01")
    """
    day = check_as_of(as_of, "check_decaying")
    end = check_as_of(later, "check_decaying", "later")
    fields = ("signed", "in_force", "ended", "start", "end", "date")
    for r in world.records():
        if any(isinstance(d := getattr(r, f, None), date) and day < d <= end for f in fields):
            return
    a, b = score_dyads(world, day, config), score_dyads(world, end, config)
    for name, before in a.contributions.items():
        grew = b.contributions[name] - before
        if grew.max(initial=0.0) > _TOL:
            i, j = (int(v) for v in np.unravel_index(int(np.argmax(grew)), grew.shape))
            raise PropertyViolationError(
                "decaying", f"with no new event between {day} and {end}, the {name!r} "
                f"contribution to {a.states[i]}-{a.states[j]} grew from {_fmt(before[i, j])} "
                f"to {_fmt(b.contributions[name][i, j])}", world, end,
            )  # fmt: skip


def check_contributions_sum(
    world: World, as_of: date | str, config: ScoringConfig | None = None
) -> None:
    """Check that per-signal contributions (and evidence) sum to every score.

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
            "contributions_sum", f"{s.states[i]}-{s.states[j]} scores {_fmt(s.matrix[i, j])} "
            f"but its contributions sum to {_fmt(total[i, j])} on {day}", world, day,
        )  # fmt: skip
    for trio in combinations(world.codes, 3):
        t = score_triad(world, trio, day, config)
        parts = sum(t.contributions.values())
        shares = sum(e.share for e in t.evidence)
        if abs(parts - t.score) > _TOL or abs(shares - t.score) > _TOL:
            raise PropertyViolationError(
                "contributions_sum", f"{'-'.join(trio)} scores {_fmt(t.score)} but its "
                f"contributions sum to {_fmt(parts)} and its evidence to {_fmt(shares)} on "
                f"{day}", world, day,
            )  # fmt: skip


# --- check_rule -----------------------------------------------------------------------------

WINDOW = (date(2000, 1, 1), date(2010, 12, 31))


def _records_among(
    codes: st.SearchStrategy[str], window: tuple[date, date]
) -> st.SearchStrategy[Any]:
    return st.one_of(
        ars.summits(participants=codes, date_range=window),
        ars.exercises(participants=codes, date_range=window),
        ars.pacts(parties=codes, date_range=window),
        ars.deployments(states=codes, date_range=window),
    )


@st.composite
def _world_and_date(draw: st.DrawFn, min_states: int = 2) -> tuple[World, date]:
    world = draw(ars.worlds(min_states=min_states, max_states=4, max_records=3, date_range=WINDOW))
    return world, draw(ars.dates(date_range=WINDOW))


@st.composite
def _monotone_case(draw: st.DrawFn) -> tuple[World, date, Record]:
    # Everything dated on or before the scoring date: records after it change nothing,
    # so drawing them would only dilute the search.
    day = draw(ars.dates(date_range=WINDOW))
    seen = (WINDOW[0], day)
    world = draw(ars.worlds(min_states=2, max_states=4, max_records=3, date_range=seen))
    record = draw(_records_among(st.sampled_from(world.codes), seen))
    return world, day, record.model_copy(update={"id": "NEW"})


@st.composite
def _trio_case(draw: st.DrawFn) -> tuple[World, date, tuple[str, str, str]]:
    world, day = draw(_world_and_date(min_states=3))
    trio = draw(st.lists(st.sampled_from(world.codes), min_size=3, max_size=3, unique=True))
    return world, day, (trio[0], trio[1], trio[2])


@st.composite
def _decay_case(draw: st.DrawFn) -> tuple[World, date, date]:
    world, day = draw(_world_and_date())
    return world, day, day + timedelta(days=draw(st.integers(1, 2_000)))


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
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant and the smallest World found that shows it."""

    property: str
    message: str
    world: World
    as_of: date

    def __str__(self) -> str:
        kinds = ", ".join(f"{len(getattr(self.world, k))} {k}" for k in RECORD_KINDS
                          if getattr(self.world, k))  # fmt: skip
        return (f"{self.property}: {self.message}\n    smallest World: states "
                f"{', '.join(self.world.codes)}; {kinds or 'no records'}")  # fmt: skip


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
        lines = [f"{len(self.violations)} of {len(self.held) + len(self.violations)} "
                 "properties violated:"]  # fmt: skip
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)

    def raise_if_violated(self) -> None:
        """Raise :class:`PropertyViolationError` for the first violation, if any."""
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
        max_examples=max_examples, database=None, derandomize=True, deadline=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )  # fmt: skip
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
