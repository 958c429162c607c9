"""Analysis on top of the scores: what-if, uncertainty, sensitivity and momentum.

Beside the data flow, downstream of scoring. Every function here takes a World, calls
the same engine, and returns a small frozen result with ``to_dict()``.

- :func:`what_if`: before and after scores when records are added or removed.
- :func:`simulate`: Monte Carlo over contested ranges and over the weights (a Dirichlet
  around the configured weights), vectorised over draws, seeded.
- :func:`rank_stability`: how stable the top triads are under that uncertainty.
- :func:`weight_sensitivity`: Sobol indices of a trio's score w.r.t. the signal weights.
- :func:`momentum`: the change of a score over a trailing window, with a flag and the
  records responsible.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from ._errors import InvalidParameterError
from ._parallel import dask_client, n_workers
from ._types import FloatArray, IntArray
from ._validation import (
    check_as_of,
    check_bool,
    check_dates,
    check_float,
    check_int,
    check_seed,
)
from .compile import CompiledWorld, compile_world, day_numbers, restrict
from .config import Link, ScoringConfig
from .engine import (
    AnySignal,
    PairForm,
    aggregate,
    coverage_weights,
    pair_form,
    pair_index,
    resolve_config,
    scope,
    shared_stack,
    shared_trios,
    signal_stack,
    triad_values,
    weighted_signals,
)
from .models import Record, states_tied
from .results import Milestone, frozen_array, frozen_mapping, require_pandas
from .scoring import (
    score_dyads,
    score_triad,
    timeline,
    top_triads,
)
from .signals import (
    SIGNALS,
    DerivedSignal,
    PairRows,
    RowDraws,
    Signal,
    TrioRows,
    combine_cells,
    finish_cells,
    record_factor,
)
from .states import index_of, resolve_members
from .world import RECORD_KINDS, World

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Momentum",
    "RankStability",
    "Sensitivity",
    "Simulation",
    "TrioUncertainty",
    "WhatIf",
    "WhatIfChange",
    "momentum",
    "rank_stability",
    "simulate",
    "simulate_trios",
    "weight_sensitivity",
    "what_if",
]

Group = tuple[str, ...]


#: The most Monte Carlo draws one call takes: beyond, memory (draws x groups x dates)
#: and time run out long before the bands get any sharper.
MAX_DRAWS = 1_000_000

#: The smallest and largest Sobol base samples: below 64 the estimates are noise (first
#: order indices above 1 or far below 0); above 2**20 the score matrices fill memory.
MIN_SOBOL_N, MAX_SOBOL_N = 64, 2**20


def _rng(rng: np.random.Generator | int, func: str) -> np.random.Generator:
    return check_seed(rng, func)


def _check_world(world: Any, func: str) -> World:
    if not isinstance(world, World):
        raise InvalidParameterError(
            f"The 'world' parameter of {func} must be a World. Got {type(world).__name__} instead."
        )
    return world


def _check_scored_world(world: Any, func: str) -> World | CompiledWorld:
    """Return ``world`` if the scoring functions take it: a World or a CompiledWorld."""
    if not isinstance(world, World | CompiledWorld):
        raise InvalidParameterError(
            f"The 'world' parameter of {func} must be a World or a CompiledWorld. "
            f"Got {type(world).__name__} instead."
        )
    return world


def _check_config(config: Any, func: str) -> None:
    if config is not None and not isinstance(config, ScoringConfig | Link):
        raise InvalidParameterError(
            f"The 'config' parameter of {func} must be a ScoringConfig, a calibrated model "
            f"or None. Got {type(config).__name__} instead."
        )


# --- what-if -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhatIfChange:
    """How one pair's or trio's score moves in a what-if.

    Attributes
    ----------
    members : tuple of str
        The pair or trio.
    before, after : float
        Its score without and with the change.
    contributions : mapping of str to float
        Per signal, the change of its contribution; they sum to ``delta``.
    """

    members: Group
    before: float
    after: float
    contributions: Any

    @property
    def delta(self) -> float:
        """``after - before``."""
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> WhatIfChange(("A", "B"), 0.1, 0.3, {"pact": 0.2}).to_dict()["members"]
        ['A', 'B']
        """
        return {
            "members": list(self.members),
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
            "contributions": dict(self.contributions),
        }


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Before and after scores of the pairs and trios a change concerns.

    Attributes
    ----------
    as_of : date
        The scoring date.
    added, removed : tuple of str
        Ids of the records added and removed: what caused the changes.
    changes : tuple of WhatIfChange
        One per pair and trio concerned, largest move first.
    world : World
        The World after the change.
    left_out_before, left_out_after : tuple of str
        Weighted signals the World has no data for at ``as_of`` (left out, with the
        weights renormalised over the rest), before and after the change: adding the
        first record of a kind brings its signals in.
    """

    as_of: date
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changes: tuple[WhatIfChange, ...]
    world: World
    left_out_before: tuple[str, ...] = ()
    left_out_after: tuple[str, ...] = ()

    def change(self, *members: str) -> WhatIfChange:
        """Return the change of one pair or trio (members in any order).

        Examples
        --------
        >>> import alliance_risk as ar
        >>> w = ar.load_scenario("axis-of-upheaval")
        >>> r = what_if(w, remove=["D1-PRK-RUS-troops"], as_of="2025-06-01")
        >>> r.change("PRK", "RUS").delta < 0
        True
        """
        want = set(members)
        for c in self.changes:
            if set(c.members) == want:
                return c
        raise InvalidParameterError(f"{'-'.join(members)} is not concerned by this what-if")

    def to_frame(self) -> pd.DataFrame:
        """Return one row per group: ``members``, ``before``, ``after``, ``delta``.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> w = ar.load_scenario("axis-of-upheaval")
        >>> r = what_if(w, remove=["D1-PRK-RUS-troops"], as_of="2025-06-01",
        ...             members=("RUS", "PRK"))
        >>> list(r.to_frame().columns)
        ['members', 'before', 'after', 'delta']
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "members": ["-".join(c.members) for c in self.changes],
                "before": [c.before for c in self.changes],
                "after": [c.after for c in self.changes],
                "delta": [c.after - c.before for c in self.changes],
            }
        )
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> w = ar.load_scenario("axis-of-upheaval")
        >>> sorted(what_if(w, remove=["P2-RUS-PRK-CSP"], as_of="2025-06-01").to_dict())
        ['added', 'as_of', 'changes', 'left_out_after', 'left_out_before', 'removed']
        """
        return {
            "as_of": self.as_of.isoformat(),
            "added": list(self.added),
            "removed": list(self.removed),
            "changes": [c.to_dict() for c in self.changes],
            "left_out_before": list(self.left_out_before),
            "left_out_after": list(self.left_out_after),
        }


def _kind_of(record: Any) -> str:
    kind = next((k for k, m in RECORD_KINDS.items() if isinstance(record, m)), None)
    if kind is None:
        raise InvalidParameterError(
            f"The 'add' parameter of what_if must hold records (Pact, Deployment, ...). "
            f"Got {record!r} ({type(record).__name__}) instead."
        )
    return kind


def _check_changes(
    world: World, add: Any, remove: Any
) -> tuple[tuple[Record, ...], tuple[str, ...]]:
    """Return ``add`` and ``remove`` as tuples, or say what is wrong with them."""
    if isinstance(add, str | bytes | Record) or not isinstance(add, Sequence):
        raise InvalidParameterError(
            f"The 'add' parameter of what_if must be a sequence of records (a list, even "
            f"of one). Got {add!r} instead."
        )
    if isinstance(remove, str | bytes):
        raise InvalidParameterError(
            f"The 'remove' parameter of what_if must be a sequence of record ids, not one "
            f"string (it would be read as the ids {list(remove[:3])!r}...); write "
            f"remove=[{remove!r}]. Got {remove!r} instead."
        )
    if not isinstance(remove, Sequence | set | frozenset):
        raise InvalidParameterError(
            f"The 'remove' parameter of what_if must be a sequence of record ids. "
            f"Got {remove!r} instead."
        )
    adds, removes = tuple(add), tuple(remove)
    for record in adds:
        _kind_of(record)
    ids = {r.id: r for r in world.records()}
    for rid in removes:
        if not isinstance(rid, str):
            raise InvalidParameterError(
                f"The 'remove' parameter of what_if must hold record ids (str). "
                f"Got {rid!r} in {remove!r} instead."
            )
        if rid not in ids:
            close = difflib.get_close_matches(rid, sorted(ids), n=2)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise InvalidParameterError(f"what_if: no record has id {rid!r} to remove{hint}")
    twice = [rid for rid, n in Counter(removes).items() if n > 1]
    if twice:
        raise InvalidParameterError(
            f"The 'remove' parameter of what_if names {twice[0]!r} twice; expected each id once."
        )
    kept = set(ids) - set(removes)
    seen: set[str] = set()
    for i, record in enumerate(adds):
        if record.id in kept:
            old = type(ids[record.id]).__name__
            raise InvalidParameterError(
                f"The 'add' parameter of what_if: add[{i}] ({type(record).__name__}) has id "
                f"{record.id!r}, already used by {old} {record.id!r} of the World; expected "
                f"a new id (or remove the old record in the same call)."
            )
        if record.id in seen:
            raise InvalidParameterError(
                f"The 'add' parameter of what_if: add[{i}] has id {record.id!r}, already "
                f"used by an earlier added record; expected distinct ids."
            )
        seen.add(record.id)
    return adds, removes


def what_if(
    world: World,
    *,
    add: Sequence[Record] = (),
    remove: Sequence[str] = (),
    as_of: date | str,
    members: Sequence[str] | None = None,
    config: ScoringConfig | None = None,
) -> WhatIf:
    """Score a World before and after adding and removing records.

    Parameters
    ----------
    world : World
        The records as they are.
    add : sequence of records
        Records to add (validated with the rest of the World: an id already used, by
        the World or by another added record, an unknown state... are errors).
    remove : sequence of str
        Ids of records to remove (unknown ids are errors, with close matches). A bare
        string is refused, not read as one id: ``remove="P2"`` would otherwise be read
        as the ids ``"P"`` and ``"2"``; write ``remove=["P2"]``.
    as_of : date or str
        The scoring date.
    members : sequence of two or three str, optional
        The pair or trio to report. By default every pair and trio among the states the
        added and removed records tie.
    config : ScoringConfig, optional
        Weights and shapes.

    Returns
    -------
    WhatIf

    Raises
    ------
    InvalidParameterError
        For a bad parameter, and when the World after the change would not be valid
        (every problem is listed, one per line, naming the record, field and value).

    Examples
    --------
    >>> import alliance_risk as ar
    >>> w = ar.load_scenario("axis-of-upheaval")
    >>> drill = ar.Exercise(id="E-CRK-2026", participants=("CHN", "RUS", "PRK"),
    ...                     start="2025-10-01", domain="naval", source=("what-if",),
    ...                     confidence="reported")
    >>> r = what_if(w, add=[drill], as_of="2025-12-31", members=("CHN", "RUS", "PRK"))
    >>> r.changes[0].delta > 0
    True
    """
    world = _check_world(world, "what_if")
    day = check_as_of(as_of, "what_if")
    _check_config(config, "what_if")
    add, remove = _check_changes(world, add, remove)
    gone = set(remove)
    update: dict[str, list[Any]] = {
        k: [r for r in getattr(world, k) if r.id not in gone] for k in RECORD_KINDS
    }
    where: dict[str, str] = {}  # the place of an added record in the new World -> add[i]
    for i, record in enumerate(add):
        kind = _kind_of(record)
        where[f"{kind}[{len(update[kind])}]"] = f"add[{i}]"
        update[kind].append(record)
    data = {**world.model_dump(exclude=set(RECORD_KINDS)), **update}
    try:
        after = World.model_validate(data)
    except ValidationError as exc:
        from .world import world_problems

        def located(message: str) -> str:
            for place, arg in where.items():
                message = message.replace(f"({place})", f"({arg})")
            return message

        problems = "\n".join(f"  - {located(str(p))}" for p in world_problems(exc, data))
        raise InvalidParameterError(
            f"The 'add' parameter of what_if gives records the World cannot take; "
            f"expected records valid with the rest of the World:\n{problems}"
        ) from None
    touched = set().union(
        *(states_tied(r) for r in add), *(states_tied(r) for r in world.records() if r.id in gone)
    )
    if members is not None:
        groups: list[Group] = [resolve_members(world, members, "what_if", (2, 3))]
    else:
        ordered = [c for c in world.codes if c in touched]
        groups = [*combinations(ordered, 2), *combinations(ordered, 3)]
    cfg = ScoringConfig() if config is None else config
    before_d, after_d = score_dyads(world, day, cfg), score_dyads(after, day, cfg)
    out = []
    for g in groups:
        if len(g) == 2:
            i, j = world.codes.index(g[0]), world.codes.index(g[1])
            b, a = before_d.score(*g), after_d.score(*g)
            parts = {
                k: float(after_d.contributions[k][i, j] - v[i, j])
                for k, v in before_d.contributions.items()
            }
        else:
            tb, ta = score_triad(world, g, day, cfg), score_triad(after, g, day, cfg)
            b, a = tb.score, ta.score
            parts = {k: ta.contributions[k] - v for k, v in tb.contributions.items()}
        out.append(WhatIfChange(g, b, a, frozen_mapping(parts)))
    out.sort(key=lambda c: (-abs(c.delta), c.members))
    return WhatIf(
        as_of=day,
        added=tuple(r.id for r in add),
        removed=tuple(remove),
        changes=tuple(out),
        world=after,
        left_out_before=before_d.left_out,
        left_out_after=after_d.left_out,
    )


# --- Monte Carlo -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Simulation:
    """Monte Carlo draws of the scores of pairs or trios over dates.

    Attributes
    ----------
    groups : tuple of tuple of str
        The pairs and trios, in the order of the ``draws`` axis 1.
    dates : tuple of date
        The scoring dates.
    draws : numpy.ndarray
        ``(n_draws, n_groups, n_dates)`` scores, in [-1, 1].
    point : numpy.ndarray
        ``(n_groups, n_dates)`` scores with no uncertainty (the engine's own).
    varied : str
        What was varied, and how, in words.
    left_out : tuple of str
        Weighted signals the World has no data for at one or more of the dates: left
        out there in the point scores and in every draw (they never get weight).
    """

    groups: tuple[Group, ...]
    dates: tuple[date, ...]
    draws: FloatArray
    point: FloatArray
    varied: str
    left_out: tuple[str, ...] = ()

    def _g(self, group: Sequence[str]) -> int:
        want = set(group)
        for k, g in enumerate(self.groups):
            if set(g) == want:
                return k
        raise InvalidParameterError(f"{'-'.join(group)} is not one of the simulated groups")

    def interval(self, group: Sequence[str], low: float = 0.05, high: float = 0.95) -> FloatArray:
        """Return ``(2, n_dates)``: the ``low`` and ``high`` quantiles of a group's score.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = simulate(ar.load_scenario("axis-of-upheaval"), [("RUS", "PRK")], ["2025-06-01"],
        ...              n_draws=200, rng=1)
        >>> lo, hi = s.interval(("RUS", "PRK"))
        >>> bool(lo[0] < s.point[0, 0] < hi[0])
        True
        """
        k = self._g(group)
        low = check_float(low, "low", "Simulation.interval", low=0.0, high=1.0)
        high = check_float(high, "high", "Simulation.interval", low=low, high=1.0)
        return np.asarray(np.quantile(self.draws[:, k, :], [low, high], axis=0), dtype=np.float64)

    def prob_outranks(self, first: Sequence[str], second: Sequence[str]) -> FloatArray:
        """Return, per date, the probability that ``first`` scores above ``second``.

        Ties count half.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = simulate(ar.load_scenario("axis-of-upheaval"),
        ...              [("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR")], ["2025-06-01"],
        ...              n_draws=200, rng=1)
        >>> float(s.prob_outranks(("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR"))[0]) > 0.9
        True
        """
        a, b = self.draws[:, self._g(first), :], self.draws[:, self._g(second), :]
        return np.asarray((a > b).mean(axis=0) + 0.5 * (a == b).mean(axis=0), dtype=np.float64)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per group and date: point score, mean, ``p05``, ``p95``.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = simulate(ar.load_scenario("axis-of-upheaval"), [("RUS", "PRK")], ["2025-06-01"],
        ...              n_draws=50, rng=1)
        >>> list(s.to_frame().columns)
        ['members', 'date', 'point', 'mean', 'p05', 'p95']
        """
        pandas = require_pandas()
        rows = []
        for k, g in enumerate(self.groups):
            lo, hi = self.interval(g)
            for t, day in enumerate(self.dates):
                rows.append(("-".join(g), day, self.point[k, t], self.draws[:, k, t].mean(),
                             lo[t], hi[t]))  # fmt: skip
        frame: pd.DataFrame = pandas.DataFrame(
            rows, columns=["members", "date", "point", "mean", "p05", "p95"]
        )
        frame["date"] = pandas.to_datetime(frame["date"])
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary: point scores and 5th-95th percentile intervals.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = simulate(ar.load_scenario("axis-of-upheaval"), [("RUS", "PRK")], ["2025-06-01"],
        ...              n_draws=50, rng=1)
        >>> sorted(s.to_dict())
        ['dates', 'groups', 'left_out', 'n_draws', 'varied']
        """
        groups = []
        for k, g in enumerate(self.groups):
            lo, hi = self.interval(g)
            groups.append(
                {
                    "members": list(g),
                    "point": self.point[k].tolist(),
                    "p05": lo.tolist(),
                    "p95": hi.tolist(),
                }
            )
        return {
            "dates": [d.isoformat() for d in self.dates],
            "n_draws": int(self.draws.shape[0]),
            "varied": self.varied,
            "groups": groups,
            "left_out": list(self.left_out),
        }


def _trio_scores(
    friend: FloatArray, enemy: FloatArray, shared: FloatArray, cfg: ScoringConfig
) -> FloatArray:
    """Triad scores from weighted parts summed over the signals of each sign.

    ``friend`` ``(..., 3)``: per pair, the weighted parts of the ties that draw states
    together, summed (>= 0); ``enemy`` ``(..., 3)``: those of enmity, summed (<= 0);
    ``shared`` ``(...)``: the weighted trilateral parts, summed. This is the score of
    :func:`~alliance_risk.scoring._triad_values`, ``(1 - λ) g + λ Σ_s w_s Y_s`` with
    ``g = M_p(P) - mean(N)`` over all signals, without the ``2^S`` coalitions its
    Shapley split needs (draws need scores only).
    """
    lam = cfg.triad_shared_weight
    g = aggregate(np.clip(friend, 0.0, 1.0), cfg) + enemy.mean(axis=-1)
    return np.asarray((1.0 - lam) * g + lam * shared, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class _Draws:
    """The random inputs of ``n`` draws, drawn in a fixed order from one generator.

    ``weights`` ``(D, S)``: the signal weights of each draw (the configured ones when
    not drawn). ``records`` (sorted) and ``figures`` ``(D, R)``: every contested
    deployment of the whole World and its figure in each draw. ``odds``: every record's
    confidence weight. ``doubted`` (sorted) and ``kept`` ``(D, Q)``: the records whose
    presence is drawn (those with a weight below 1) and whether each draw keeps them.
    Drawn for the whole World, weights first, then figures, then which records hold,
    whatever is scored: the draws of a pair or trio do not depend on what else is in the
    call.
    """

    weights: FloatArray
    records: IntArray
    figures: FloatArray
    odds: FloatArray
    doubted: IntArray
    kept: npt.NDArray[np.bool_]

    def varying(self) -> IntArray:
        """Return the records whose rows may differ between draws, sorted."""
        return np.union1d(self.records, self.doubted)

    def record_weights(self, d: int) -> FloatArray:
        """Return each record's weight in draw ``d``: 1 or 0 if drawn, else its confidence."""
        out = self.odds.copy()
        out[self.doubted] = self.kept[d]
        return out

    def rows(self, records: IntArray, kept: npt.NDArray[np.bool_]) -> RowDraws:
        """Return the weights per draw of rows from ``records`` (``kept``: ``self.kept.T``)."""
        column = np.searchsorted(self.doubted, records)
        hit = column < self.doubted.size
        hit[hit] = self.doubted[column[hit]] == records[hit]
        return RowDraws(self.odds[records], np.where(hit, column, -1), kept)


def _draw_inputs(
    cw: CompiledWorld,
    cfg: ScoringConfig,
    base: FloatArray,
    n_draws: int,
    rng: np.random.Generator,
    ranges: bool,
    concentration: float | None,
    amounts: str,
    presence: bool,
) -> _Draws:
    if concentration is not None:
        weights = rng.dirichlet(concentration * base, size=n_draws)  # (D, S)
    else:
        weights = np.broadcast_to(base, (n_draws, base.size))
    s = cw.supply
    ranged = ~np.isnan(s.low) if ranges else np.zeros(s.low.size, dtype=bool)
    u = rng.random((n_draws, int(ranged.sum())))
    figures = _draw_in_ranges(u, s.low[ranged], s.amount[ranged], s.high[ranged], amounts)
    order = np.argsort(s.record[ranged], kind="stable")
    # A record holds with probability its confidence weight (drawn after the figures,
    # so that a World with every record certain draws what it drew before).
    odds = record_factor(cw, np.arange(len(cw.record_ids)), cfg)
    doubted = np.nonzero(odds < 1.0)[0] if presence else np.zeros(0, dtype=np.int64)
    kept = rng.random((n_draws, doubted.size)) < odds[doubted][None, :]
    return _Draws(weights, s.record[ranged][order], figures[:, order], odds, doubted, kept)


def _varying_signals(
    cw: CompiledWorld,
    days: IntArray,
    cfg: ScoringConfig,
    signals: Sequence[AnySignal],
    draws: _Draws,
) -> list[int]:
    """Return the positions in ``signals`` of those whose values may differ between draws.

    A built-in signal varies when one of its rows in ``cw`` (pair or trio) comes from a
    record a draw varies (a contested figure, a record that may not hold); a second-order
    signal when a built-in signal reading one of its kinds varies. A custom signal reads
    the compiled World as it likes: it is not varied.
    """
    varying = draws.varying()
    if varying.size == 0:
        return []
    moved: dict[str, bool] = {}
    for builtin in SIGNALS.values():
        if isinstance(builtin, Signal):
            recs = _records_in(cw, days, cfg, [builtin])
            moved[builtin.name] = bool(np.isin(recs, varying).any())
    out = []
    for k, sig in enumerate(signals):
        if isinstance(sig, Signal):
            hit = moved.get(sig.name, False)
        elif isinstance(sig, DerivedSignal):
            hit = any(
                moved[other.name]
                for other in SIGNALS.values()
                if isinstance(other, Signal) and set(other.kinds) & set(sig.kinds)
            )
        else:
            hit = False
        if hit:
            out.append(k)
    return out


def _record_draws(
    cw: CompiledWorld,
    days: IntArray,
    cfg: ScoringConfig,
    signals: Sequence[AnySignal],
    chosen: Sequence[int],
    a: IntArray,
    b: IntArray,
    draws: _Draws,
    trios: IntArray | None = None,
) -> tuple[dict[int, FloatArray], dict[int, FloatArray]]:
    """Per draw, the signed values of ``signals[k]`` for ``k`` in ``chosen``, pairs ``(a, b)``.

    Each draw scores a copy of ``cw`` whose contested figures are the drawn ones
    (whatever ``config.contested`` picks) and whose records weigh 1 if the draw keeps
    them, 0 if not, through the engine's own kernels. A signal no drawn figure feeds
    makes its rows once; every draw re-weighs them, all draws at once, and only the
    cells of the pairs ``(a, b)`` (and of ``trios``) are combined and finished
    (:func:`combine_cells`, :func:`finish_cells`: the values of :func:`finish_rows` and
    :func:`trio_values`, to the last bit). A signal reading drawn figures, or a
    second-order one, is scored draw by draw by :func:`signal_stack`. Returns
    ``(P, T, D)`` per chosen signal and, when ``trios`` are given, the ``(K, T, D)``
    signed trilateral values of each chosen signal that has any (draws last: a date's
    table of pairs by draws is one slice).
    """
    n_draws, n = draws.weights.shape[0], cw.n_states
    s = cw.supply
    mine = np.isin(s.record, draws.records)
    figures = bool(mine.any())
    kept = np.ascontiguousarray(draws.kept.T)  # (Q, D): one record's draws side by side
    pos = np.full((n, n), -1, dtype=np.int64)
    pos[np.minimum(a, b), np.maximum(a, b)] = np.arange(a.size)
    out: dict[int, FloatArray] = {}
    redo = []  # second-order, or reading drawn figures
    for k in chosen:
        sig = signals[k]
        if not isinstance(sig, Signal) or (figures and "deployments" in sig.kinds):
            redo.append(k)
            continue
        rows = sig.pair_rows(cw, days, cfg)
        p = pos[np.minimum(rows.i, rows.j), np.maximum(rows.i, rows.j)]
        cell = np.where(p >= 0, 2 * p + (rows.i > rows.j), -1)
        combined = combine_cells(
            rows.values, cell, 2 * a.size, draws.rows(rows.record, kept), sig.combine
        )
        out[k] = finish_cells(sig, combined, cfg)
        if sig.sign < 0:
            np.negative(out[k], out=out[k])
    shared: dict[int, FloatArray] = {}
    if trios is not None:
        want = (trios[:, 0] * n + trios[:, 1]) * n + trios[:, 2]
        order = np.argsort(want, kind="stable")
        for k in chosen:
            sig = signals[k]
            if isinstance(sig, Signal) and sig.trio_rows is not None:  # they read no figures
                assert sig.trio_finish is not None
                trows = sig.trio_rows(cw, days, cfg)
                key = (trows.a * n + trows.b) * n + trows.c
                at = np.minimum(np.searchsorted(want[order], key), max(want.size - 1, 0))
                hit = want[order][at] == key if want.size else np.zeros(key.size, dtype=bool)
                cell = np.where(hit, order[at] if want.size else -1, -1)
                combined = combine_cells(
                    trows.values, cell, want.size, draws.rows(trows.record, kept), sig.combine
                )
                shared[k] = np.asarray(sig.sign * sig.trio_finish(combined, cfg))
    if redo:
        for k in redo:
            out[k] = np.empty((a.size, days.size, n_draws))
        amount = s.amount.copy()
        column = np.searchsorted(draws.records, s.record[mine])
        for d in range(n_draws):  # one draw at a time: each is one (T, n, n) kernel call
            varied = replace(cw, record_weights=draws.record_weights(d))
            if figures:
                amount[mine] = draws.figures[d, column]
                pinned = np.where(mine, amount, np.nan)  # low = high = the drawn figure
                varied = replace(
                    varied, supply=replace(s, amount=amount.copy(), low=pinned, high=pinned)
                )
            stack, _ = signal_stack(varied, days, cfg, [signals[k] for k in redo])
            for j, k in enumerate(redo):
                out[k][:, :, d] = stack[j][:, a, b].T
    return out, shared


def _draw_in_ranges(
    u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray, amounts: str
) -> FloatArray:
    """Figures in ``[low, high]`` from uniform ``u`` ``(D, R)``: uniform or triangular.

    Safe up to the largest floats: the range is scaled to ``[0, 1]`` first (by its
    largest magnitude), drawn there, and scaled back, so no square or difference
    overflows (``high - low`` and ``width ** 2`` would for ``high = 1e300``). The draws
    are clipped to the range against the last rounding. Rows without a range give NaN
    (the caller keeps their own figure).
    """
    with np.errstate(invalid="ignore"):
        scale = np.fmax(np.abs(low), np.abs(high))
        scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
        lo, hi, mo = low / scale, high / scale, mode / scale  # within [-1, 1]
        width = hi - lo  # <= 2: never overflows
        if amounts == "triangular":
            # inverse CDF of the triangular distribution on [lo, hi] with mode mo
            c = np.clip(
                np.where(width > 0, (mo - lo) / np.where(width > 0, width, 1.0), 0.5), 0.0, 1.0
            )
            left = lo + width * np.sqrt(u * c)
            right = hi - width * np.sqrt((1.0 - u) * (1.0 - c))
            unit = np.where(u < c, left, right)
        else:
            unit = lo + u * width
        out = np.clip(unit * scale, low, high)
    return np.asarray(out, dtype=np.float64)


def _simulate(
    cw: CompiledWorld,
    groups: Sequence[Group],
    days: IntArray,
    cfg: ScoringConfig,
    n_draws: int,
    rng: np.random.Generator,
    ranges: bool,
    concentration: float | None,
    amounts: str,
    presence: bool,
) -> tuple[FloatArray, FloatArray, str, tuple[str, ...]]:
    """Scores of ``groups`` per draw and date, the engine's scores, what varied, what was left out.

    Returns draws ``(D, G, T)``, point scores ``(G, T)``, ``varied`` in words, and the
    signals left out. The point scores are the engine's: signed signal values, weights
    renormalised at each date over the signals the World covers, second-order signals
    computed over every third state they need. A draw varies the contested figures
    (through the signals that read deployments), which of the records short of certain
    hold (through every signal with rows from them), and the weights: a Dirichlet draw
    of the configured weights, then, at each date, kept for the covered signals only and
    renormalised, so that a signal left out never gets weight.
    """
    signals, base = weighted_signals(cfg)
    members = np.array(sorted({cw.codes.index(m) for g in groups for m in g}), dtype=np.int64)
    sub = restrict(cw, scope(cw, members, signals), milestones=False)
    pos = {c: k for k, c in enumerate(sub.codes)}
    weights, left_out = coverage_weights(sub, signals, base, days)  # (S, T)
    covered = weights > 0  # base weights are > 0: exactly the signals covered at each date
    stack, _ = signal_stack(sub, days, cfg, signals)  # (S, T, n, n), signed
    pairs = sorted({tuple(sorted((pos[a], pos[b]))) for g in groups for a, b in combinations(g, 2)})
    pair_arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    p_index = {p: k for k, p in enumerate(pairs)}
    x = stack[:, :, pair_arr[:, 0], pair_arr[:, 1]]  # (S, T, P)

    draws = _draw_inputs(cw, cfg, base, n_draws, rng, ranges, concentration, amounts, presence)
    # Which signals vary is read from the whole World, not the groups' states: so that
    # each group's draws are summed in the same order whatever else is simulated.
    chosen = [k for k in _varying_signals(cw, days, cfg, signals, draws) if covered[k].any()]
    trios = [g for g in groups if len(g) == 3]
    trio_idx = np.array([sorted(pos[m] for m in g) for g in trios], dtype=np.int64).reshape(-1, 3)
    # signal -> (D, T, P) signed values per draw; (D, S, T, K) trilateral parts per draw
    drawn, shared_drawn = (
        {k: v.transpose(2, 1, 0) for k, v in part.items()}  # (D, T, P) and (D, T, K)
        for part in _record_draws(
            sub,
            days,
            cfg,
            signals,
            chosen,
            pair_arr[:, 0],
            pair_arr[:, 1],
            draws,
            trio_idx if trios else None,
        )
    )
    own = restrict(cw, members)  # contested figures are counted among the members' records
    varied = _varied_words(sub, own, days, cfg, signals, chosen, draws, amounts)
    if concentration is not None:
        varied.append(f"weights ~ Dirichlet({concentration:g} x configured weights)")
    w = draws.weights[:, :, None] * covered[None]  # (D, S, T): left-out signals get no weight
    total = w.sum(axis=1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)

    def pooled(sign: int) -> FloatArray:
        """``(D, T, P)``: the weighted parts of the signals of one sign, summed."""
        out = np.zeros((n_draws, days.size, len(pairs)))
        fixed = [k for k, sig in enumerate(signals) if sig.sign == sign and k not in drawn]
        if fixed:
            out += np.einsum("dst,stp->dtp", w[:, fixed], x[fixed])
        for k, v in drawn.items():
            if signals[k].sign == sign:
                out += w[:, k, :, None] * v
        return out

    friend, enemy = pooled(1), pooled(-1)  # (D, T, P), >= 0 and <= 0
    point_parts = weights[:, :, None] * x  # (S, T, P): the engine's pair parts
    shared = np.zeros((len(signals), days.size, 0))
    if trios:
        shared = shared_stack(sub, days, cfg, signals, trio_idx)  # (S, T, K), signed
    out = np.zeros((n_draws, len(groups), days.size))
    point = np.zeros((len(groups), days.size))
    # Pairs and trios each in one vectorised step (no loop over groups).
    two = [g_i for g_i, g in enumerate(groups) if len(g) == 2]
    three = [g_i for g_i, g in enumerate(groups) if len(g) == 3]

    def pair_of(a: str, b: str) -> int:
        return p_index[(min(pos[a], pos[b]), max(pos[a], pos[b]))]

    if two:
        ps = np.array([pair_of(*groups[g_i]) for g_i in two], dtype=np.int64)
        out[:, two] = (friend + enemy)[:, :, ps].transpose(0, 2, 1)
        point[two] = point_parts[:, :, ps].sum(axis=0).T
    if three:
        pt = np.array(
            [[pair_of(a, b) for a, b in combinations(groups[g_i], 2)] for g_i in three],
            dtype=np.int64,
        )
        y = _shared_draws(w, shared, shared_drawn)  # (D, T, K): K trios in group order
        out[:, three] = _trio_scores(friend[:, :, pt], enemy[:, :, pt], y, cfg).transpose(0, 2, 1)
        parts = point_parts[:, :, pt]  # (S, T, K, 3)
        n_sig, n_t, n_k = parts.shape[:3]
        scores, _ = triad_values(
            parts.reshape(n_sig, n_t * n_k, 3),
            (weights[:, :, None] * shared).reshape(n_sig, -1),
            cfg,
        )
        point[three] = scores.reshape(n_t, n_k).T
    what = "; ".join(varied) or _NOTHING_VARIED
    return out, point, what, left_out


def _shared_draws(w: FloatArray, shared: FloatArray, drawn: dict[int, FloatArray]) -> FloatArray:
    """``(D, T, K)`` weighted trilateral parts of each draw: ``Σ_s w_s σ_s Y_s``.

    ``w`` ``(D, S, T)``: the weights of each draw; ``shared`` ``(S, T, K)``: the engine's
    signed values; ``drawn``: the values of some signals in each draw ``(D, T, K)``,
    which replace theirs.
    """
    fixed = [s for s in range(shared.shape[0]) if s not in drawn]
    out = np.einsum("dst,stk->dtk", w[:, fixed], shared[fixed])
    for k, v in drawn.items():
        out += w[:, k, :, None] * v
    return np.asarray(out, dtype=np.float64)


#: What a Monte Carlo says it varied when nothing did.
_NOTHING_VARIED = "nothing (no contested figures, every record certain, fixed weights)"


def _varied_words(
    sub: CompiledWorld,
    own: CompiledWorld,
    days: IntArray,
    cfg: ScoringConfig,
    signals: Sequence[AnySignal],
    chosen: Sequence[int],
    draws: _Draws,
    amounts: str,
) -> list[str]:
    """Say what the draws of the chosen signals vary: figures, and records that may not hold.

    ``own``: the members' own records (contested figures are counted there); ``sub``:
    the states the scores depend on (records that may not hold are counted there).
    """
    if not chosen:
        return []
    words = []
    n_ranged = int(np.isin(own.supply.record, draws.records).sum())
    if n_ranged:
        words.append(f"{n_ranged} contested figures, {amounts} within [low, high]")
    if draws.doubted.size:
        seen = _records_in(sub, days, cfg, [signals[k] for k in chosen])
        n_doubted = int(np.isin(draws.doubted, seen).sum())
        if n_doubted:
            words.append(
                f"{n_doubted} reported or contested records, each kept with probability "
                "its confidence weight"
            )
    return words


def _records_in(
    cw: CompiledWorld, days: IntArray, cfg: ScoringConfig, signals: Sequence[AnySignal]
) -> IntArray:
    """Return the records in the rows of ``signals`` (or of those a second-order one reads).

    Only rows with a value at one of ``days`` count: a signal may keep a row that adds
    nothing there (a pact not yet signed).
    """
    recs = [np.zeros(0, dtype=np.int64)]
    derived_kinds = {k for sig in signals if isinstance(sig, DerivedSignal) for k in sig.kinds}
    for sig in SIGNALS.values():
        if not isinstance(sig, Signal):
            continue
        if sig in signals or set(sig.kinds) & derived_kinds:
            every: list[PairRows | TrioRows] = [sig.pair_rows(cw, days, cfg)]
            if sig.trio_rows is not None:
                every.append(sig.trio_rows(cw, days, cfg))
            recs += [r.record[(r.values > 0).any(axis=0)] for r in every]
    return np.unique(np.concatenate(recs))


def _groups(world: World, groups: Sequence[Sequence[str]], func: str) -> tuple[Group, ...]:
    if isinstance(groups, str) or not isinstance(groups, Sequence) or not groups:
        raise InvalidParameterError(
            f"The 'groups' parameter of {func} must be a non-empty list of pairs or trios. "
            f"Got {groups!r} instead."
        )
    if all(isinstance(m, str) for m in groups):  # one group, not a list of them
        raise InvalidParameterError(
            f"The 'groups' parameter of {func} must be a list of pairs or trios, not one "
            f"group; write [{tuple(groups)!r}]. Got {groups!r} instead."
        )
    names = index_of(world)  # built once for all groups
    out = tuple(resolve_members(world, g, func, (2, 3), index=names) for g in groups)
    seen: set[frozenset[str]] = set()
    for g in out:
        if frozenset(g) in seen:
            raise InvalidParameterError(
                f"The 'groups' parameter of {func} names {'-'.join(g)} twice; expected "
                f"distinct groups."
            )
        seen.add(frozenset(g))
    return out


def _draw_options(
    func: str,
    n_draws: int,
    rng: np.random.Generator | int,
    ranges: bool,
    amounts: str,
    concentration: float | None,
) -> tuple[int, np.random.Generator, bool, float | None]:
    """Check the options every Monte Carlo function takes; return them checked."""
    n_draws = check_int(n_draws, "n_draws", func, 2, MAX_DRAWS)
    generator = _rng(rng, func)
    ranges = check_bool(ranges, "ranges", func)
    if concentration is not None:
        concentration = check_float(
            concentration, "concentration", func, low=0.0, low_open=True, high=1e12
        )
    if not isinstance(amounts, str) or amounts not in ("uniform", "triangular"):
        raise InvalidParameterError(
            f"The 'amounts' parameter of {func} must be 'uniform' or 'triangular'. "
            f"Got {amounts!r} instead."
        )
    return n_draws, generator, ranges, concentration


def simulate(
    world: World,
    groups: Sequence[Sequence[str]],
    dates: Sequence[date | str],
    config: ScoringConfig | None = None,
    *,
    n_draws: int = 1000,
    rng: np.random.Generator | int = 0,
    ranges: bool = True,
    amounts: Literal["uniform", "triangular"] = "uniform",
    concentration: float | None = 200.0,
    presence: bool = True,
) -> Simulation:
    """Monte Carlo over contested figures and weights, for pairs or trios over dates.

    Parameters
    ----------
    world : World
        The records.
    groups : sequence of pairs or trios
        What to score.
    dates : sequence of date or str
        Strictly increasing scoring dates.
    config : ScoringConfig, optional
        The weights and shapes (the weights are the centre of the Dirichlet).
    n_draws : int
        Draws, from 2 to 1,000,000 (``MAX_DRAWS``).
    rng : numpy.random.Generator or int
        The source of randomness (an int >= 0 is a seed); the default seed makes results
        reproducible.
    ranges : bool
        Draw each contested deployment's figure within its ``[low, high]``.
    amounts : {"uniform", "triangular"}
        Distribution within the range: uniform, or triangular with its mode at the
        record's ``amount``.
    concentration : float or None
        Draw weights from a Dirichlet with parameters ``concentration x weights``: the
        larger, the closer to the configured weights (200 gives a coefficient of
        variation of about 0.13 for a weight of 0.3). ``None`` keeps weights fixed.
        A finite number in ``(0, 1e12]``: beyond, the draws are the configured weights
        to the last digit (use ``None``), and infinity would make every draw NaN.
        At each date, the drawn weights of the signals the World has no data for are
        dropped and the rest renormalised, as the engine does with the configured ones.
    presence : bool
        Draw whether each record with a confidence weight below 1 (by default every
        ``reported`` and ``contested`` one) holds: each draw keeps it, at full strength,
        with probability its weight (``config.confidence_weights``), and drops it
        otherwise. ``False`` keeps every record at its confidence weight in every draw.

    Returns
    -------
    Simulation
        ``.draws`` ``(n_draws, n_groups, n_dates)`` in [-1, 1], ``.interval(group)``,
        ``.prob_outranks(a, b)``; ``.point`` is the engine's score: exactly that of
        :func:`~alliance_risk.timeline` over the same dates.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> s = simulate(ar.load_scenario("axis-of-upheaval"), [("CHN", "RUS", "PRK")],
    ...              ["2024-06-01", "2025-06-01"], n_draws=300, rng=7)
    >>> s.draws.shape
    (300, 1, 2)
    """
    world = _check_world(world, "simulate")
    g = _groups(world, groups, "simulate")
    when = check_dates(dates, "simulate")
    _check_config(config, "simulate")
    n_draws, generator, ranges, concentration = _draw_options(
        "simulate", n_draws, rng, ranges, amounts, concentration
    )
    cw = compile_world(world)
    cfg = resolve_config(config, cw, "simulate")
    presence = check_bool(presence, "presence", "simulate")
    draws, point, varied, left_out = _simulate(
        cw,
        g,
        day_numbers(list(when)),
        cfg,
        n_draws,
        generator,
        ranges,
        concentration,
        amounts,
        presence,
    )
    return Simulation(
        groups=g,
        dates=when,
        draws=frozen_array(draws),
        point=frozen_array(point),
        varied=varied,
        left_out=left_out,
    )


@dataclass(frozen=True, slots=True)
class TrioUncertainty:
    """Every trio's score under uncertainty, as statistics over the draws.

    Attributes
    ----------
    codes : tuple of str
        The states; ``trios`` index into them.
    dates : tuple of date
        The scoring dates.
    trios : numpy.ndarray
        ``(M, 3)``: every trio ``a < b < c`` of the World, in World order.
    point : numpy.ndarray
        ``(M, T)``: each trio's score with no uncertainty (the engine's, to about 1e-13).
    mean, low, high : numpy.ndarray
        ``(M, T)``: the mean and the 5th and 95th percentiles of its draws.
    p_top : numpy.ndarray
        ``(M, T)``: the share of draws in which it ranks among the ``k`` best (a tie at
        the k-th place goes to the trio first in World order).
    k : int
        The rank ``p_top`` counts.
    n_draws : int
        Draws per date.
    varied : str
        What was varied, and how, in words.
    left_out : tuple of str
        Weighted signals the World has no data for at one or more of the dates.
    """

    codes: tuple[str, ...]
    dates: tuple[date, ...]
    trios: IntArray
    point: FloatArray
    mean: FloatArray
    low: FloatArray
    high: FloatArray
    p_top: FloatArray
    k: int
    n_draws: int
    varied: str
    left_out: tuple[str, ...] = ()

    def top(
        self, n: int = 10, *, by: Literal["p_top", "mean", "point"] = "p_top", date: int = -1
    ) -> list[dict[str, Any]]:
        """Return the ``n`` trios first by ``by`` at date index ``date``, as rows.

        Ties are broken by the mean, then by World order.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> u = simulate_trios(ar.load_scenario("axis-of-upheaval"), ["2025-06-01"],
        ...                    n_draws=100, k=3, rng=1)
        >>> u.top(1)[0]["members"], u.top(1)[0]["p_top"]
        (['CHN', 'RUS', 'PRK'], 1.0)
        """
        n = check_int(n, "n", "TrioUncertainty.top", 1)
        if by not in ("p_top", "mean", "point"):
            raise InvalidParameterError(
                f"The 'by' parameter of TrioUncertainty.top must be 'p_top', 'mean' or "
                f"'point'. Got {by!r} instead."
            )
        t = check_int(date, "date", "TrioUncertainty.top", -len(self.dates), len(self.dates) - 1)
        key = getattr(self, by)[:, t]
        order = np.lexsort((np.arange(key.size), -self.mean[:, t], -key))[:n]
        return [
            {
                "members": [self.codes[x] for x in self.trios[m]],
                "point": float(self.point[m, t]),
                "mean": float(self.mean[m, t]),
                "p05": float(self.low[m, t]),
                "p95": float(self.high[m, t]),
                "p_top": float(self.p_top[m, t]),
            }
            for m in order
        ]

    def to_frame(self, date: int = -1) -> pd.DataFrame:
        """Return one row per trio at date index ``date``: point, mean, p05, p95, p_top.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> u = simulate_trios(ar.load_scenario("axis-of-upheaval"), ["2025-06-01"],
        ...                    n_draws=20, rng=1)
        >>> u.to_frame().shape == (len(u.trios), 8)  # every trio of the World
        True
        """
        pandas = require_pandas()
        t = check_int(date, "date", "TrioUncertainty.to_frame", -len(self.dates),
                      len(self.dates) - 1)  # fmt: skip
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "a": [self.codes[x] for x in self.trios[:, 0]],
                "b": [self.codes[x] for x in self.trios[:, 1]],
                "c": [self.codes[x] for x in self.trios[:, 2]],
                "point": self.point[:, t],
                "mean": self.mean[:, t],
                "p05": self.low[:, t],
                "p95": self.high[:, t],
                "p_top": self.p_top[:, t],
            }
        )
        return frame

    def to_dict(self, n: int = 20) -> dict[str, Any]:
        """Return a JSON-ready summary: the ``n`` trios most often in the top ``k``, per date.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> u = simulate_trios(ar.load_scenario("axis-of-upheaval"), ["2025-06-01"],
        ...                    n_draws=50, rng=1)
        >>> sorted(u.to_dict())
        ['dates', 'k', 'left_out', 'n_draws', 'n_trios', 'top', 'varied']
        """
        return {
            "dates": [d.isoformat() for d in self.dates],
            "k": self.k,
            "n_draws": self.n_draws,
            "n_trios": int(self.trios.shape[0]),
            "varied": self.varied,
            "left_out": list(self.left_out),
            "top": [self.top(n, date=t) for t in range(len(self.dates))],
        }


def _trio_block(
    form: PairForm | None,
    cfg: ScoringConfig,
    friend: FloatArray,
    enemy: FloatArray,
    pab: IntArray,
    pac: IntArray,
    pbc: IntArray,
) -> FloatArray:
    """``(B, D)`` trio scores from per-pair tables ``(P, D)``, before shared events.

    ``friend`` holds the per-pair form of the aggregation (:func:`pair_form`) when there
    is one, else the pair values; ``enemy`` the summed enmity magnitudes.
    """
    lam = cfg.triad_shared_weight
    x, y, z = friend[pab], friend[pac], friend[pbc]
    if form is None:
        g = aggregate(np.clip(np.stack([x, y, z], axis=-1), 0.0, 1.0), cfg)
    elif form[0] == "sum":
        with np.errstate(over="ignore"):  # x^p near the float limit: inf, limit 0
            g = form[2](x + y + z)
    else:
        g = np.minimum(np.minimum(x, y), z)
    return np.asarray((1.0 - lam) * (g - (enemy[pab] + enemy[pac] + enemy[pbc]) / 3.0))


@dataclass(frozen=True, slots=True)
class _TrioPlan:
    """Which trios to score, among ``n`` states, and the pairs their scores read.

    ``trios`` is ``None`` for every trio ``a < b < c`` (never held in memory: blocks
    are made from the pair order), else an ``(M, 3)`` array sorted in World order.
    ``pa``, ``pb``: the pairs read, ``pos[a, b]`` the position of pair ``a < b`` in them.
    A block is ``(m0, a, lo, hi)``: trios ``m0 ..`` whose first member is ``a`` and whose
    other two are the pairs ``lo .. hi`` of the pair order (every trio), or trios
    ``lo .. hi`` of the list (``a`` is -1).
    """

    n: int
    trios: IntArray | None
    pa: IntArray
    pb: IntArray
    pos: IntArray
    m_total: int

    @classmethod
    def make(cls, n: int, trios: IntArray | None) -> _TrioPlan:
        pos = np.full((n, n), -1, dtype=np.int64)
        if trios is None:
            pa, pb = np.triu_indices(n, 1)
            m_total = n * (n - 1) * (n - 2) // 6
        else:
            both = np.concatenate([trios[:, [0, 1]], trios[:, [0, 2]], trios[:, [1, 2]]])
            keys = np.unique(both[:, 0] * n + both[:, 1])
            pa, pb = keys // n, keys % n
            m_total = trios.shape[0]
        pos[pa, pb] = np.arange(pa.size)
        return cls(n, trios, pa.astype(np.int64), pb.astype(np.int64), pos, m_total)

    def blocks(self, rows: int) -> list[tuple[int, int, int, int]]:
        """Blocks of at most ``rows`` trios, in trio order."""
        if self.trios is not None:
            starts = range(0, self.m_total, rows)
            return [(lo, -1, lo, min(lo + rows, self.m_total)) for lo in starts]
        out, m0, n = [], 0, self.n
        for a in range(n - 2):
            first = int(pair_index(n, np.array(a + 1), np.array(a + 2)))  # pairs b > a
            for lo in range(first, self.pa.size, rows):
                hi = min(lo + rows, self.pa.size)
                out.append((m0, a, lo, hi))
                m0 += hi - lo
        return out

    def members(self, block: tuple[int, int, int, int]) -> tuple[IntArray, IntArray, IntArray]:
        """Return the three members of each trio of a block."""
        _, a, lo, hi = block
        if self.trios is not None:
            t = self.trios[lo:hi]
            return t[:, 0], t[:, 1], t[:, 2]
        bb, cc = self.pa[lo:hi], self.pb[lo:hi]
        return np.full(bb.size, a, dtype=np.int64), bb, cc


def _score_blocks(
    plan: _TrioPlan,
    blocks: Sequence[tuple[int, int, int, int]],
    keys: IntArray,
    tables: tuple[_Tables, _Tables],
    cfg: ScoringConfig,
    k: int,
) -> tuple[list[tuple[int, FloatArray]], tuple[FloatArray, IntArray, IntArray]]:
    """Score some blocks of trios in the draws and at the point.

    Returns, per block, its first trio and ``(4, B)`` point, mean, 5th and 95th
    percentiles; and the blocks' own ``k`` best of each draw (score, trio, draw). The
    one function both paths run, in this process or on Dask workers: the results are
    the same either way.
    """
    lam = cfg.triad_shared_weight
    n = plan.n
    n_draws = tables[0][1].shape[1]
    best = _TopK(n_draws, k)
    out = []
    for block in blocks:
        aa, bb, cc = plan.members(block)
        pab, pac, pbc = plan.pos[aa, bb], plan.pos[aa, cc], plan.pos[bb, cc]
        key = (aa * n + bb) * n + cc
        at = np.searchsorted(keys, key)
        hit = np.nonzero(keys[np.minimum(at, keys.size - 1)] == key)[0] if keys.size else at[:0]
        scores = []
        for form, friend, enemy, shared in tables:
            score = _trio_block(form, cfg, friend, enemy, pab, pac, pbc)
            score[hit] += lam * shared[at[hit]]
            scores.append(score)
        draws, point = scores
        stats = np.empty((4, aa.size))
        stats[0] = point[:, 0]
        stats[1] = draws.mean(axis=1)
        stats[2], stats[3] = np.quantile(draws, [0.05, 0.95], axis=1)
        out.append((block[0], stats))
        best.add(draws, block[0])
    return out, best.kept()


def _score_all(
    plan: _TrioPlan,
    keys: IntArray,
    tables: tuple[_Tables, _Tables],
    cfg: ScoringConfig,
    k: int,
    block_size: int,
    out: FloatArray,
    client: Any,
) -> None:
    """Score every planned trio at one date; write ``(5, M)`` statistics into ``out``.

    With a Dask ``client``, the tables are scattered once and groups of blocks are
    mapped to the workers; each returns its statistics and its own ``k`` best per draw,
    which are merged here. Without, the same function runs on all blocks here.
    """
    n_draws = tables[0][1].shape[1]
    blocks = plan.blocks(max(block_size // n_draws, 1))
    if client is None:
        parts = [_score_blocks(plan, blocks, keys, tables, cfg, k)]
    else:
        per_task = max(len(blocks) // (4 * n_workers(client)), 1)
        # hash=False: a key of its own, not shared with (and released by) an earlier call
        shared = client.scatter([plan, keys, tables, cfg], broadcast=True, hash=False)
        futures = [
            client.submit(
                _score_blocks,
                shared[0],
                blocks[i : i + per_task],
                shared[1],
                shared[2],
                shared[3],
                k,
                pure=False,
            )
            for i in range(0, len(blocks), per_task)
        ]
        parts = client.gather(futures)
    best = _TopK(n_draws, k)
    for stats, (score, trio, draw) in parts:
        for m0, block in stats:
            out[:4, m0 : m0 + block.shape[1]] = block
        best.offer(score, trio, draw)
    out[4] = best.counts(plan.m_total) / n_draws


def _trio_list(world: World, trios: Any, func: str) -> IntArray:
    """Check a list of trios; return their members as World indices, sorted, in order."""
    if isinstance(trios, str) or not isinstance(trios, Sequence) or not trios:
        raise InvalidParameterError(
            f"The 'trios' parameter of {func} must be a non-empty list of trios or None. "
            f"Got {trios!r} instead."
        )
    names = index_of(world)  # built once for all trios
    groups = [resolve_members(world, t, func, (3,), index=names) for t in trios]
    idx = np.array([sorted(world.codes.index(m) for m in g) for g in groups], dtype=np.int64)
    uniq, first = np.unique(idx, axis=0, return_index=True)
    if uniq.shape[0] < idx.shape[0]:
        twice = next(i for i in range(len(groups)) if i not in set(first.tolist()))
        raise InvalidParameterError(
            f"The 'trios' parameter of {func} names "
            f"{'-'.join(world.codes[x] for x in idx[twice])} twice; expected distinct trios."
        )
    return uniq  # sorted rows: World order


def simulate_trios(
    world: World,
    dates: Sequence[date | str],
    config: ScoringConfig | None = None,
    *,
    trios: Sequence[Sequence[str]] | None = None,
    k: int = 10,
    n_draws: int = 1000,
    rng: np.random.Generator | int = 0,
    ranges: bool = True,
    amounts: Literal["uniform", "triangular"] = "uniform",
    concentration: float | None = 200.0,
    presence: bool = True,
    block_size: int = 4_000_000,
    client: Any = None,
) -> TrioUncertainty:
    """Monte Carlo for every trio (or many): mean, 5-95% interval and P(rank <= k).

    The same draws as :func:`simulate` (a Dirichlet around the weights, contested figures
    within their ranges; same seed, same draws of a trio), scored for all ``N choose 3``
    trios, or those of ``trios``, without keeping the draws: trios are scored in blocks
    of at most ``block_size`` trio-draws, and only the statistics and each draw's ``k``
    best are kept. Memory is about ``3 x n_pairs x n_draws`` floats (the per-pair tables
    of the draws at one date) plus one block; time grows with ``n_trios x n_draws``.

    Parameters
    ----------
    world : World
        The records.
    dates : sequence of date or str
        Strictly increasing scoring dates.
    config : ScoringConfig, optional
        The weights (the centre of the Dirichlet) and shapes.
    trios : sequence of trios, optional
        Score only these (``p_top`` then ranks among them); default every trio.
    k : int
        ``p_top`` is the share of draws in which a trio ranks among the ``k`` best.
    n_draws, rng, ranges, amounts, concentration, presence
        As for :func:`simulate`.
    block_size : int
        Trio-draws scored at once (memory: a few arrays of this many floats).
    client : dask.distributed.Client or str, optional
        Score the blocks on a Dask cluster (a Client, or a scheduler address): the
        per-pair tables are scattered once per date, groups of blocks mapped to the
        workers, statistics gathered. The same numbers as without (``pip install
        'alliance_risk[dask]'``; see docs/scale.md).

    Returns
    -------
    TrioUncertainty
        ``.point``, ``.mean``, ``.low``, ``.high``, ``.p_top`` per trio and date;
        ``.top(n, by=...)``.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> u = simulate_trios(ar.load_scenario("axis-of-upheaval"), ["2025-06-01"], n_draws=200)
    >>> n = len(u.trios)  # every trio of the World's states
    >>> u.trios.shape == (n, 3), u.mean.shape == (n, 1)
    (True, True)
    """
    world = _check_world(world, "simulate_trios")
    when = check_dates(dates, "simulate_trios")
    _check_config(config, "simulate_trios")
    k = check_int(k, "k", "simulate_trios", 1)
    block_size = check_int(block_size, "block_size", "simulate_trios", 1)
    n_draws, generator, ranges, concentration = _draw_options(
        "simulate_trios", n_draws, rng, ranges, amounts, concentration
    )
    presence = check_bool(presence, "presence", "simulate_trios")
    chosen = None if trios is None else _trio_list(world, trios, "simulate_trios")
    with dask_client(client) as dask:
        return _simulate_trios(
            world,
            when,
            config,
            chosen,
            k,
            n_draws,
            generator,
            ranges,
            amounts,
            concentration,
            presence,
            block_size,
            dask,
        )


def _simulate_trios(
    world: World,
    when: tuple[date, ...],
    config: ScoringConfig | None,
    chosen: IntArray | None,
    k: int,
    n_draws: int,
    generator: np.random.Generator,
    ranges: bool,
    amounts: str,
    concentration: float | None,
    presence: bool,
    block_size: int,
    dask: Any,
) -> TrioUncertainty:
    """:func:`simulate_trios` after its arguments are checked."""
    cw = compile_world(world)
    cfg = resolve_config(config, cw, "simulate_trios")
    if cw.n_states < 3:
        raise InvalidParameterError(
            f"simulate_trios needs a World of at least 3 states; this one has {cw.n_states}"
        )
    days = day_numbers(list(when))
    signals, base = weighted_signals(cfg)
    draws = _draw_inputs(
        cw, cfg, base, n_draws, generator, ranges, concentration, amounts, presence
    )
    if chosen is None:
        sub, plan = cw, _TrioPlan.make(cw.n_states, None)
    else:  # only the states these trios' scores depend on
        keep = scope(cw, np.unique(chosen), signals)
        sub = restrict(cw, keep, milestones=False)
        plan = _TrioPlan.make(keep.size, np.searchsorted(keep, chosen))
    weights, left_out = coverage_weights(sub, signals, base, days)  # (S, T)
    covered = weights > 0
    moving = [i for i in _varying_signals(sub, days, cfg, signals, draws) if covered[i].any()]
    signs = [sig.sign for sig in signals]
    keys, y_shared = shared_trios(sub, days, cfg, signals)  # (S, T, K)
    n_sub = sub.n_states
    if plan.trios is not None:  # only the followed trios' shared events are read
        f = plan.trios
        read = np.isin(keys, (f[:, 0] * n_sub + f[:, 1]) * n_sub + f[:, 2])
        keys, y_shared = keys[read], y_shared[:, :, read]
    key_trios = np.stack([keys // (n_sub * n_sub), (keys // n_sub) % n_sub, keys % n_sub], axis=1)
    stats = np.zeros((5, plan.m_total, days.size))
    varied = _varied_words(sub, sub, days, cfg, signals, moving, draws, amounts)
    # Dates in chunks, so that each draw's varied signals (pairs, dates, D) stay small.
    per_chunk = max(64 * 2**20 // (8 * n_draws * max(plan.pa.size, 1)), 1)
    for t0 in range(0, days.size, per_chunk):
        chunk = days[t0 : t0 + per_chunk]
        stack, _ = signal_stack(sub, chunk, cfg, signals)  # (S, t, n, n), signed
        drawn, shared_drawn = _record_draws(
            sub, chunk, cfg, signals, moving, plan.pa, plan.pb, draws, key_trios
        )
        for j in range(chunk.size):
            t = t0 + j
            w = draws.weights * covered[:, t]
            total = w.sum(axis=1, keepdims=True)
            w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)  # (D, S)
            x = stack[:, j][:, plan.pa, plan.pb]  # (S, P)
            point_w = weights[None, :, t]
            y_draws = _shared_draws(
                w[:, :, None],
                y_shared[:, t : t + 1],
                {k: v[:, j : j + 1].T for k, v in shared_drawn.items()},
            )[:, 0]
            tables = (
                _pair_tables(x, w, {i: v[:, j] for i, v in drawn.items()}, y_draws, cfg, signs),
                _pair_tables(x, point_w, {}, point_w @ y_shared[:, t], cfg),
            )
            _score_all(plan, keys, tables, cfg, k, block_size, stats[:, :, t], dask)
    if concentration is not None:
        varied.append(f"weights ~ Dirichlet({concentration:g} x configured weights)")
    if chosen is None:
        n = cw.n_states
        counts = (n - 1 - np.arange(n)) * (n - 2 - np.arange(n)) // 2  # trios with first a
        starts = pair_index(n, np.arange(n) + 1, np.arange(n) + 2)  # pair (a + 1, a + 2)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        sel = np.arange(plan.m_total) - np.repeat(offsets[:-1], counts) + np.repeat(starts, counts)
        members = np.stack([np.repeat(np.arange(n), counts), plan.pa[sel], plan.pb[sel]], axis=1)
    else:
        members = chosen
    members.setflags(write=False)  # read-only, as every result array
    return TrioUncertainty(
        codes=cw.codes,
        dates=when,
        trios=members,
        point=frozen_array(stats[0]),
        mean=frozen_array(stats[1]),
        low=frozen_array(stats[2]),
        high=frozen_array(stats[3]),
        p_top=frozen_array(stats[4]),
        k=k,
        n_draws=n_draws,
        varied="; ".join(varied) or _NOTHING_VARIED,
        left_out=left_out,
    )


#: Per-pair tables of one date: the aggregation's per-pair form (``None``: none exact),
#: the friend table (in that form, else plain) and the enmity table, ``(P, D)`` each; and
#: the shared parts of the trios with shared events, ``(K, D)``.
_Tables = tuple[PairForm | None, FloatArray, FloatArray, FloatArray]


def _pair_tables(
    x: FloatArray,
    w: FloatArray,
    drawn: dict[int, FloatArray],
    shared: FloatArray,
    cfg: ScoringConfig,
    signs: Sequence[int] = (),
) -> _Tables:
    """Weighted pair tables ``(P, D)`` for weights ``w`` ``(D, S)`` over signals ``x`` ``(S, P)``.

    ``drawn`` replaces some signals by their signed values in each draw ``(P, D)``; a
    signal's values all have its sign (``signs``), so each adds to one table only.
    """
    fixed = [s for s in range(x.shape[0]) if s not in drawn]
    friend = np.maximum(x[fixed], 0.0).T @ w[:, fixed].T
    enemy = np.maximum(-x[fixed], 0.0).T @ w[:, fixed].T
    for s, v in drawn.items():
        if signs[s] > 0:
            friend += v * w[:, s]
        else:
            enemy -= v * w[:, s]
    form = pair_form(np.clip(friend, 0.0, 1.0), cfg)
    return form, friend if form is None else form[1], enemy, shared.T


class _TopK:
    """Each draw's ``k`` best trios, kept while blocks of scores stream past.

    Only scores at or above a draw's current k-th best are kept (ties included), and the
    candidates are cut back to ``k`` per draw, ties to the lower trio index, when they
    pile up.
    """

    def __init__(self, n_draws: int, k: int) -> None:
        self.k = k
        self.threshold = np.full(n_draws, -np.inf)
        self.score: list[FloatArray] = []
        self.trio: list[IntArray] = []
        self.draw: list[IntArray] = []
        self.size = 0

    def add(self, scores: FloatArray, first: int) -> None:
        """Offer ``(B, D)`` scores of trios ``first .. first + B - 1``."""
        above = scores >= self.threshold[None, :]
        if scores.shape[0] > 4 * self.k and np.count_nonzero(above) > 4 * self.k * scores.shape[1]:
            # Thresholds still low (the first blocks): the block's own k-th best of each
            # draw bounds what can be among the k best, so at most k per draw (and ties)
            # are kept, not the whole block.
            kth = np.partition(scores, scores.shape[0] - self.k, axis=0)[-self.k]
            above = scores >= np.maximum(self.threshold, kth)[None, :]
        r, d = np.nonzero(above)
        if r.size:
            self.score.append(scores[r, d])
            self.trio.append(r + first)
            self.draw.append(d)
            self.size += r.size
        if self.size > 4 * self.k * self.threshold.size + 100_000:
            self._cut()

    def offer(self, score: FloatArray, trio: IntArray, draw: IntArray) -> None:
        """Offer candidates already scored elsewhere (another process's :meth:`kept`)."""
        keep = score >= self.threshold[draw]
        self.score.append(score[keep])
        self.trio.append(trio[keep])
        self.draw.append(draw[keep])
        self.size += int(keep.sum())
        if self.size > 4 * self.k * self.threshold.size + 100_000:
            self._cut()

    def kept(self) -> tuple[FloatArray, IntArray, IntArray]:
        """Return each draw's ``k`` best so far: scores, trios, draws."""
        self._cut()
        if not self.score:
            return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return self.score[0], self.trio[0], self.draw[0]

    def _cut(self) -> None:
        if not self.score:
            return
        s, m, d = np.concatenate(self.score), np.concatenate(self.trio), np.concatenate(self.draw)
        order = np.lexsort((m, -s, d))  # by draw, best first, ties to the lower trio
        s, m, d = s[order], m[order], d[order]
        first = np.searchsorted(d, d, side="left")
        keep = (np.arange(d.size) - first) < self.k
        s, m, d = s[keep], m[keep], d[keep]
        self.score, self.trio, self.draw, self.size = [s], [m], [d], s.size
        full = np.bincount(d, minlength=self.threshold.size) >= self.k
        last = np.searchsorted(d, np.arange(self.threshold.size), side="right") - 1
        self.threshold = np.where(full, s[np.maximum(last, 0)], -np.inf)

    def counts(self, m_total: int) -> FloatArray:
        """How many draws rank each trio among their ``k`` best."""
        return np.bincount(self.kept()[1], minlength=m_total).astype(np.float64)


@dataclass(frozen=True, slots=True)
class RankStability:
    """How stable the top triads are under uncertainty.

    Attributes
    ----------
    trios : tuple of tuple of str
        The candidates: the top ``k`` by point score and the next few.
    point_rank : tuple of int
        Their ranks without uncertainty (1 = top).
    rank_draws : numpy.ndarray
        ``(n_draws, n_trios)`` ranks among the candidates in each draw.
    p_top_k : numpy.ndarray
        Per candidate, the share of draws in which it ranks in the top ``k``.
    k : int
    varied : str
    left_out : tuple of str
        Weighted signals the World has no data for at the date: left out of every draw.
    """

    trios: tuple[Group, ...]
    point_rank: tuple[int, ...]
    rank_draws: IntArray
    p_top_k: FloatArray
    k: int
    varied: str
    left_out: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Return one row per candidate trio: its point rank, rank band and P(top k).

        Examples
        --------
        >>> import alliance_risk as ar
        >>> r = rank_stability(ar.load_scenario("axis-of-upheaval"), "2025-06-01", k=3,
        ...                    n_draws=50, rng=1)
        >>> list(r.to_frame().columns)
        ['members', 'point_rank', 'rank_p05', 'rank_p95', 'p_top_k']
        """
        pandas = require_pandas()
        lo, hi = np.quantile(self.rank_draws, [0.05, 0.95], axis=0)
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "members": ["-".join(t) for t in self.trios],
                "point_rank": list(self.point_rank),
                "rank_p05": lo,
                "rank_p95": hi,
                "p_top_k": self.p_top_k,
            }
        )
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: per trio, its point rank, rank interval and P(top k).

        Examples
        --------
        >>> import alliance_risk as ar
        >>> r = rank_stability(ar.load_scenario("axis-of-upheaval"), "2025-06-01", k=2,
        ...                    n_draws=100)
        >>> r.to_dict()["trios"][0]["members"]
        ['CHN', 'RUS', 'PRK']
        """
        rows = []
        for k, t in enumerate(self.trios):
            lo, hi = np.quantile(self.rank_draws[:, k], [0.05, 0.95])
            rows.append(
                {
                    "members": list(t),
                    "rank": self.point_rank[k],
                    "rank_p05": float(lo),
                    "rank_p95": float(hi),
                    "p_top_k": float(self.p_top_k[k]),
                }
            )
        return {"k": self.k, "varied": self.varied, "trios": rows, "left_out": list(self.left_out)}


def rank_stability(
    world: World,
    as_of: date | str,
    *,
    k: int = 10,
    extra: int = 5,
    config: ScoringConfig | None = None,
    n_draws: int = 1000,
    rng: np.random.Generator | int = 0,
    ranges: bool = True,
    concentration: float | None = 200.0,
) -> RankStability:
    """Rank the top triads under uncertainty: rank intervals and P(in the top ``k``).

    The candidates are the top ``k + extra`` trios by point score; each draw (as in
    :func:`simulate`) re-ranks them.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> r = rank_stability(ar.load_scenario("axis-of-upheaval"), "2025-06-01", k=3,
    ...                    n_draws=200)
    >>> r.trios[0], float(r.p_top_k[0])
    (('CHN', 'RUS', 'PRK'), 1.0)
    """
    world = _check_world(world, "rank_stability")
    day = check_as_of(as_of, "rank_stability")
    k = check_int(k, "k", "rank_stability", 1)
    extra = check_int(extra, "extra", "rank_stability", 0)
    _check_config(config, "rank_stability")
    n_draws = check_int(n_draws, "n_draws", "rank_stability", 2, MAX_DRAWS)
    rng = _rng(rng, "rank_stability")
    ranges = check_bool(ranges, "ranges", "rank_stability")
    if concentration is not None:
        concentration = check_float(
            concentration, "concentration", "rank_stability", low=0.0, low_open=True, high=1e12
        )
    best = top_triads(world, day, k=k + extra, config=config)
    trios = tuple(t.members for t in best)
    sim = simulate(
        world,
        trios,
        [day],
        config,
        n_draws=n_draws,
        rng=rng,
        ranges=ranges,
        concentration=concentration,
    )
    scores = sim.draws[:, :, 0]  # (D, K)
    # rank 1 = highest; ties by candidate order (stable)
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, len(trios) + 1)[None, :], axis=1)
    return RankStability(
        trios=trios,
        point_rank=tuple(range(1, len(trios) + 1)),
        rank_draws=ranks.astype(np.int64),
        p_top_k=frozen_array((ranks <= k).mean(axis=0)),
        k=k,
        varied=sim.varied,
        left_out=sim.left_out,
    )


# --- sensitivity ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Sobol indices of a trio's score with respect to the signal weights.

    Attributes
    ----------
    members : tuple of str
    as_of : date
    signals : tuple of str
        The weights varied: those of the signals the World has data for at ``as_of``.
    first_order, total_order : numpy.ndarray
        Per signal (scipy's estimates; small negative values are sampling noise).
    varied : str
        What was varied and how much.
    left_out : tuple of str
        Weighted signals the World has no data for at ``as_of``: they have no weight to
        vary, and are not in ``signals``.
    """

    members: Group
    as_of: date
    signals: tuple[str, ...]
    first_order: FloatArray
    total_order: FloatArray
    varied: str
    left_out: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Return one row per signal: first- and total-order Sobol indices.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = weight_sensitivity(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
        ...                        "2025-06-01", n=64)
        >>> list(s.to_frame().columns)
        ['signal', 'first_order', 'total_order']
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "signal": list(self.signals),
                "first_order": self.first_order,
                "total_order": self.total_order,
            }
        )
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> s = weight_sensitivity(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
        ...                        "2025-06-01", n=256)
        >>> sorted(s.to_dict()["first_order"]) == sorted(s.signals)
        True
        """
        return {
            "members": list(self.members),
            "as_of": self.as_of.isoformat(),
            "first_order": dict(zip(self.signals, self.first_order.tolist(), strict=True)),
            "total_order": dict(zip(self.signals, self.total_order.tolist(), strict=True)),
            "varied": self.varied,
            "left_out": list(self.left_out),
        }


def weight_sensitivity(
    world: World,
    members: Sequence[str],
    as_of: date | str,
    config: ScoringConfig | None = None,
    *,
    spread: float = 0.5,
    n: int = 1024,
    rng: np.random.Generator | int = 0,
) -> Sensitivity:
    """Sobol indices of a pair's or trio's score with respect to the signal weights.

    The weight of each signal the World has data for at ``as_of`` (the others are left
    out of the score) varies independently and uniformly within
    ``[w (1 - spread), w (1 + spread)]`` (weights are normalised inside the score), and
    ``scipy.stats.sobol_indices`` estimates how much of the score's variance each
    weight explains alone (first order) and with interactions (total order). The score
    is evaluated for all samples at once.

    Parameters
    ----------
    n : int
        Base sample size, a power of 2 (scipy's requirement) from 64 to 2**20: fewer
        samples give indices that are noise (first order above 1 or well below 0).
    spread : float
        Relative half-width of each weight's range, in (0, 1).
    rng : numpy.random.Generator or int
        The source of randomness (an int >= 0 is a seed).

    Examples
    --------
    >>> import alliance_risk as ar
    >>> s = weight_sensitivity(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
    ...                        "2025-06-01", n=512)
    >>> s.signals[int(np.argmax(s.total_order))]
    'pact'
    """
    world = _check_world(world, "weight_sensitivity")
    day = check_as_of(as_of, "weight_sensitivity")
    group = resolve_members(world, members, "weight_sensitivity", (2, 3), (day,))
    _check_config(config, "weight_sensitivity")
    why = "a power of 2: Sobol' points need one, and fewer than 64 give noise"
    n = check_int(n, "n", "weight_sensitivity", MIN_SOBOL_N, MAX_SOBOL_N, why=why)
    if n & (n - 1):
        raise InvalidParameterError(
            f"The 'n' parameter of weight_sensitivity must be a power of 2 (Sobol' points "
            f"need one; 64, 128, ..., {MAX_SOBOL_N}). Got {n} instead."
        )
    spread = check_float(
        spread, "spread", "weight_sensitivity", low=0.0, high=1.0, low_open=True, high_open=True
    )
    generator = _rng(rng, "weight_sensitivity")
    cw = compile_world(world)
    cfg = resolve_config(config, cw, "weight_sensitivity")
    every, base = weighted_signals(cfg)
    days = day_numbers([day])
    sub = restrict(cw, scope(cw, np.array([cw.codes.index(m) for m in group]), every))
    # Only the weights of the signals the World has data for are varied: the others
    # are left out of the score whatever their weight.
    weights, left_out = coverage_weights(sub, every, base, days)
    live = np.nonzero(weights[:, 0] > 0)[0]
    signals = [every[k] for k in live]
    w0 = base[live] / base[live].sum() if live.size else base[live]
    # The signals do not depend on the weights: score them once, then weight them.
    stack, _ = signal_stack(sub, days, cfg, signals)  # signed
    pos = [sub.codes.index(m) for m in group]
    pairs = list(combinations(pos, 2))
    pv = np.stack([stack[:, 0, a, b] for a, b in pairs], axis=-1)  # (S, P)
    y = np.zeros(len(signals))
    if len(group) == 3:
        y = shared_stack(sub, days, cfg, signals, np.array([sorted(pos)]))[:, 0, 0]
    friends = np.array([sig.sign > 0 for sig in signals], dtype=bool)

    def score(w: FloatArray) -> FloatArray:  # w: (S, n) -> (1, n)
        wn = w / w.sum(axis=0, keepdims=True)
        friend = np.einsum("sn,sp->np", wn[friends], pv[friends])
        enemy = np.einsum("sn,sp->np", wn[~friends], pv[~friends])
        if len(group) == 2:
            return np.asarray((friend + enemy)[:, 0][None, :], dtype=np.float64)
        return _trio_scores(friend, enemy, y @ wn, cfg)[None, :]

    from scipy import stats  # imported here: `import alliance_risk` stays light

    varied = (
        f"each weight uniform within ±{spread:.0%} of its configured value, independently; "
        f"{n} base samples (Saltelli 2010 via scipy.stats.sobol_indices)"
    )
    probe = w0[:, None] * generator.uniform(1 - spread, 1 + spread, size=(w0.size, 64))
    if len(signals) < 2 or np.ptp(score(probe)) < 1e-12:
        # The score does not move with the weights (one signal normalises to 1, or every
        # pair scores 0): no variance to apportion, so every index is 0, not 0/0.
        zeros = frozen_array(np.zeros(len(signals)))
        return Sensitivity(
            group,
            day,
            tuple(s.name for s in signals),
            zeros,
            zeros,
            varied + "; the score does not vary with the weights",
            left_out,
        )
    dists = [stats.uniform(loc=w * (1 - spread), scale=2 * w * spread) for w in w0]
    res = stats.sobol_indices(func=score, n=n, dists=dists, rng=generator)
    return Sensitivity(
        members=group,
        as_of=day,
        signals=tuple(s.name for s in signals),
        first_order=frozen_array(np.asarray(res.first_order).reshape(-1)),
        total_order=frozen_array(np.asarray(res.total_order).reshape(-1)),
        varied=varied,
        left_out=left_out,
    )


# --- momentum -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Momentum:
    """The change of a score over a trailing window.

    Attributes
    ----------
    members : tuple of str
    start, end : date
        The window.
    before, after : float
        The scores at ``start`` and ``end``.
    contributions : mapping of str to float
        Per signal, its change.
    consolidating : bool
        Whether the score rose by at least ``threshold``.
    threshold : float
    milestones : tuple of Milestone
        The dated changes of the members' records within the window: what moved it.
    left_out : tuple of str
        Weighted signals the World has no data for at ``start`` or ``end``: left out
        there, with the weights renormalised over the rest.
    """

    members: Group
    start: date
    end: date
    before: float
    after: float
    contributions: Any
    consolidating: bool
    threshold: float
    milestones: tuple[Milestone, ...]
    left_out: tuple[str, ...] = ()

    @property
    def change(self) -> float:
        """``after - before``."""
        return self.after - self.before

    def to_frame(self) -> pd.DataFrame:
        """Return one row per signal: its change over the window.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> m = momentum(ar.load_scenario("axis-of-upheaval"), ("RUS", "PRK"), "2025-01-01")
        >>> list(m.to_frame().columns)
        ['signal', 'change']
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(
            {"signal": list(self.contributions), "change": list(self.contributions.values())}
        )
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> import alliance_risk as ar
        >>> m = momentum(ar.load_scenario("axis-of-upheaval"), ("RUS", "PRK"), "2025-01-01")
        >>> m.to_dict()["consolidating"]
        True
        """
        return {
            "members": list(self.members),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "consolidating": self.consolidating,
            "threshold": self.threshold,
            "contributions": dict(self.contributions),
            "milestones": [m.to_dict() for m in self.milestones],
            "left_out": list(self.left_out),
        }


def momentum(
    world: World | CompiledWorld,
    members: Sequence[str],
    as_of: date | str,
    config: ScoringConfig | None = None,
    *,
    window_days: int = 365,
    threshold: float = 0.05,
) -> Momentum:
    """Return the change of a pair's or trio's score over the ``window_days`` before ``as_of``.

    A bloc is flagged as consolidating when its score rose by at least ``threshold`` in
    the window; the records whose dates fall in the window are the ones responsible.

    Examples
    --------
    >>> import alliance_risk as ar
    >>> m = momentum(ar.load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"), "2025-01-01")
    >>> m.consolidating, "P2-RUS-PRK-CSP" in {x.record for x in m.milestones}
    (True, True)
    """
    world = _check_scored_world(world, "momentum")
    day = check_as_of(as_of, "momentum")
    group = resolve_members(world, members, "momentum", (2, 3), (day,))
    _check_config(config, "momentum")
    longest = (day - date.min).days  # the window may not start before 0001-01-01
    why = f"a window ending on {day} starts on 0001-01-01 at the earliest"
    window_days = check_int(window_days, "window_days", "momentum", 1, longest, why=why)
    threshold = check_float(threshold, "threshold", "momentum", low=0.0)
    start = day - timedelta(days=window_days)
    t = timeline(world, group, [start, day], config)
    change = t.changes(min_change=0)[0]
    return Momentum(
        members=group,
        start=start,
        end=day,
        before=change.before,
        after=change.after,
        contributions=change.contributions,
        consolidating=change.delta >= threshold,
        threshold=threshold,
        milestones=change.milestones,
        left_out=t.left_out,
    )
