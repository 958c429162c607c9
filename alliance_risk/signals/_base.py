"""What a signal is, and the vectorised kernels that aggregate its rows.

A signal turns the compiled arrays and a stack of ``T`` dates into, for every pair of
states, a strength in [0, 1]. Built-in signals are declared in three steps so that every
value can be traced to records:

1. ``pair_rows`` gives per-record inputs: ``values[t, r] >= 0`` ties states ``i[r]`` and
   ``j[r]`` at date ``t``; :func:`weighted_rows` multiplies each row by its record's
   confidence weight (``config.confidence_weights``), the one place where a record's
   confidence enters;
2. the rows of each pair are combined (``"sum"`` or ``"max"``), into a ``(T, N, N)`` array;
3. ``pair_finish`` maps that array into [0, 1] (a saturating curve, or for directed
   pledges the rule that combines both directions).

Trilateral events (``trio_rows``/``trio_finish``) work the same way per trio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar

import numpy as np
import numpy.typing as npt

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = [
    "PairRows",
    "RowDraws",
    "Signal",
    "TrioRows",
    "aggregate_pairs",
    "aggregate_trios",
    "combine_cells",
    "covered_days",
    "decay",
    "finish_cells",
    "finish_rows",
    "finished_pairs",
    "product",
    "record_factor",
    "row_credit",
    "saturate",
    "weigh_rows",
    "weighted_rows",
    "weighted_trio_rows",
]


@dataclass(frozen=True, slots=True)
class PairRows:
    """Per-record inputs to a signal: ``values[t, r]`` ties ``i[r]`` and ``j[r]`` at date t."""

    i: IntArray
    j: IntArray
    record: IntArray
    values: FloatArray  # (T, R)


@dataclass(frozen=True, slots=True)
class TrioRows:
    """Per-record inputs for trios ``a < b < c``: ``values[t, r]``."""

    a: IntArray
    b: IntArray
    c: IntArray
    record: IntArray
    values: FloatArray  # (T, R)


Combine = Literal["sum", "max"]


@dataclass(frozen=True, slots=True)
class Signal:
    """A named signal: how its rows are made, combined and finished into [0, 1].

    Attributes
    ----------
    name : str
        The name weights use.
    summary : str
        One line for docs and ``--help``.
    pair_rows : callable
        ``(compiled, days, config) -> PairRows``.
    combine : {"sum", "max"}
        How the rows of one pair combine.
    pair_finish : callable
        ``(combined (T, N, N), config) -> (T, N, N)`` in [0, 1], symmetric. The combined
        array is directed (row pledges/supplies to column) when ``directed``. A pair's
        value may read its own cell and its mirror only (``[t, i, j]``, ``[t, j, i]``):
        the Monte Carlo finishes the pairs it reads alone.
    directed : bool
        Whether rows are directed pledges combined by ``pair_finish`` (pacts), rather
        than ties whose two directions simply add up or take the larger.
    trio_rows, trio_finish : callable, optional
        Rows and finish for events tying three or more states; ``None`` when the
        signal is bilateral by nature.
    kinds : tuple of str
        The record kinds it reads (``"pacts"``). It is left out of a score at a date
        that none of them covers (see :attr:`World.coverage`).
    sign : {1, -1}
        +1 for ties that draw states together, -1 for enmity, which pulls them apart:
        the signal's value is in [0, 1] and enters the score as ``sign * value``.
    relative_to : tuple of str
        Record kinds whose records, over the whole World, set a reference a pair's value
        is read against (``joint_igos``: the day's mean count). Such a record moves every
        pair's value a little, but is evidence only for the pair it ties.
    direction_finish : callable, optional
        For a directed signal, ``pair_finish`` of one pair from its two directions:
        ``(there, back, config) -> value``, elementwise, so that ``pair_finish(x)`` is
        ``direction_finish(x, x.swapaxes(-1, -2))``. Lets the Monte Carlo finish only
        the pairs it reads (:func:`finish_cells`); without it, each pair is finished as
        a 2 x 2 block.
    """

    name: str
    summary: str
    pair_rows: Callable[[CompiledWorld, IntArray, ScoringConfig], PairRows]
    combine: Combine
    pair_finish: Callable[[FloatArray, ScoringConfig], FloatArray]
    directed: bool = False
    trio_rows: Callable[[CompiledWorld, IntArray, ScoringConfig], TrioRows] | None = None
    trio_finish: Callable[[FloatArray, ScoringConfig], FloatArray] | None = None
    kinds: tuple[str, ...] = ()
    sign: int = 1
    relative_to: tuple[str, ...] = ()
    direction_finish: Callable[[FloatArray, FloatArray, ScoringConfig], FloatArray] | None = None


def decay(age_days: FloatArray | IntArray, half_life: float) -> FloatArray:
    """Return ``2 ** (-age / half_life)`` for ``age >= 0``, and 0 for negative ages.

    Negative ages are events after the scoring date: never seen.

    Examples
    --------
    >>> decay(np.array([-1, 0, 365]), 365.0).tolist()
    [0.0, 1.0, 0.5]
    """
    age = np.asarray(age_days)
    # Arithmetic, not np.where: a branch per row mispredicts on unsorted ages (5x slower).
    with np.errstate(over="ignore"):  # a tiny half-life: age / half_life is inf, 2**-inf is 0
        out = np.divide(age, -half_life, out=np.empty(age.shape))  # a 0-d age too
        np.fmin(out, 0.0, out=out)  # a negative (or NaN) age gives 2**0, then times 0
        np.exp2(out, out=out)
    out *= age >= 0
    return out


def saturate(x: FloatArray, scale: float) -> FloatArray:
    """Return ``1 - exp(-x / scale)``: 0 at 0, ``1 - 1/e`` at ``scale``, below 1 always.

    Examples
    --------
    >>> round(float(saturate(np.array(5000.0), 5000.0)), 4)
    0.6321
    """
    with np.errstate(over="ignore"):  # a tiny scale: x / scale is inf, the value 1
        # in place: the arrays of a Monte Carlo are large
        x = np.asarray(x, dtype=np.float64)
        out = np.divide(x, -scale, out=np.empty(x.shape))
        np.expm1(out, out=out)
        return np.negative(out, out=out)


def aggregate_pairs(
    n: int, i: IntArray, j: IntArray, values: FloatArray, combine: Combine
) -> FloatArray:
    """Combine row values into a ``(T, n, n)`` array indexed ``[t, i, j]``.

    Shapes: ``i``, ``j`` ``(R,)``; ``values`` ``(T, R)``. Rows of the same ``(i, j)``
    are summed or maximised; cells without rows are 0.

    Examples
    --------
    >>> v = np.array([[1.0, 2.0, 4.0]])
    >>> aggregate_pairs(2, np.array([0, 0, 1]), np.array([1, 1, 0]), v, "sum")[0].tolist()
    [[0.0, 3.0], [4.0, 0.0]]
    """
    t_count = values.shape[0]
    cells = n * n
    if values.size == 0:  # no rows (or no dates): every cell 0
        return np.zeros((t_count, n, n))
    # Every row, zeros too: a zero changes no sum and no maximum (values are >= 0), and
    # finding the zeros to skip them costs more than it saves.
    flat = i * n + j
    if t_count > 1:
        flat = ((np.arange(t_count) * cells)[:, None] + flat[None, :]).ravel()
    if combine == "sum":  # the counts are the sums, cells without rows 0
        out = np.bincount(flat, weights=values.ravel(), minlength=t_count * cells).astype(
            np.float64, copy=False
        )
    else:
        out = np.zeros(t_count * cells, dtype=np.float64)
        np.maximum.at(out, flat, values.ravel())
    return out.reshape(t_count, n, n)


def aggregate_trios(n: int, rows: TrioRows, trios: IntArray, combine: Combine) -> FloatArray:
    """Combine trio rows for the requested ``trios`` (``(K, 3)``, sorted a < b < c).

    Returns ``(T, K)``; trios with no rows get 0.

    Examples
    --------
    >>> r = TrioRows(np.array([0]), np.array([1]), np.array([2]), np.array([0]),
    ...              np.array([[0.5]]))
    >>> aggregate_trios(3, r, np.array([[0, 1, 2], [0, 1, 3]]), "sum").tolist()
    [[0.5, 0.0]]
    """
    t_count = rows.values.shape[0]
    k = trios.shape[0]
    out = np.zeros((t_count, k), dtype=np.float64)
    if rows.values.size == 0 or k == 0:
        return out
    key_rows = (rows.a * n + rows.b) * n + rows.c
    key_want = (trios[:, 0] * n + trios[:, 1]) * n + trios[:, 2]
    order = np.argsort(key_want, kind="stable")
    pos = np.searchsorted(key_want[order], key_rows)
    pos = np.minimum(pos, k - 1)
    hit = key_want[order][pos] == key_rows
    if not hit.any():
        return out
    col = order[pos[hit]]
    vals = rows.values[:, hit]
    flat = (np.arange(t_count)[:, None] * k + col[None, :]).ravel()
    flat_out = out.ravel()
    if combine == "sum":
        flat_out += np.bincount(flat, weights=vals.ravel(), minlength=flat_out.size)
    else:
        np.maximum.at(flat_out, flat, vals.ravel())
    return flat_out.reshape(t_count, k)


Kept = TypeVar("Kept")


def remembered(
    cw: CompiledWorld, name: str, key: tuple[object, ...], make: Callable[[], Kept]
) -> Kept:
    """Return ``make()``, kept on ``cw`` (``cw.memo``) under ``name`` while ``key`` is equal.

    For per-row factors that depend on the compiled arrays and the configuration but
    not on the date (a pact's strength, an event's size factor): scoring another date,
    or the same one again, reads them instead of computing them anew. ``key`` holds
    every configuration value ``make`` reads; one value is kept per name, so a loop over
    configurations holds one set. Arrays kept are read-only.

    Examples
    --------
    >>> from alliance_risk import World, compile_world
    >>> cw = compile_world(World())
    >>> a = remembered(cw, "example", (2.0,), lambda: np.full(3, 2.0))
    >>> a is remembered(cw, "example", (2.0,), lambda: np.full(3, 2.0))
    True
    >>> remembered(cw, "example", (3.0,), lambda: np.full(3, 3.0)).tolist()
    [3.0, 3.0, 3.0]
    """
    hit = cw.memo.get(name)
    if hit is not None and hit[0] == key:
        kept: Kept = hit[1]
        return kept
    value = make()
    for array in value if isinstance(value, tuple) else (value,):
        if isinstance(array, np.ndarray):
            array.setflags(write=False)  # shared by every later call
    cw.memo[name] = (key, value)
    return value


def record_factor(cw: CompiledWorld, records: IntArray, config: ScoringConfig) -> FloatArray:
    """Return the weight of each of ``records``: its confidence weight, or a draw's.

    ``cw.record_weights`` (a Monte Carlo draw's 1 or 0 per record) replaces the
    configuration's ``confidence_weights`` when set.

    Examples
    --------
    >>> from alliance_risk import ScoringConfig, compile_world, load_scenario
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> k = cw.record_ids.index("D2-PRK-RUS-troops-2")  # a reported deployment
    >>> record_factor(cw, np.array([k]), ScoringConfig()).tolist()
    [0.75]
    """
    if cw.record_weights is not None:
        return np.asarray(cw.record_weights[records], dtype=np.float64)
    from ..models import Confidence

    table = tuple(float(config.confidence_weights[c]) for c in Confidence)
    per_record: FloatArray = remembered(
        cw, "confidence weight", table, lambda: np.array(table).take(cw.confidence)
    )
    return per_record.take(records)


def product(x: FloatArray, y: FloatArray) -> FloatArray:
    """Return ``x * y`` (broadcast, both >= 0), with 0 wherever either is 0: never 0 * inf.

    Examples
    --------
    >>> product(np.array([0.0, 2.0]), np.array([np.inf, 3.0])).tolist()
    [0.0, 6.0]
    """
    if bool(np.isfinite(x).all() and np.isfinite(y).all()):
        return np.asarray(x * y, dtype=np.float64)
    out = np.zeros(np.broadcast_shapes(x.shape, y.shape))
    np.multiply(x, y, out=out, where=(x > 0) & (y > 0))
    return out


def _scaled(values: FloatArray, factor: FloatArray) -> FloatArray:
    """``values * factor`` per row (column), with 0 where the factor is 0 (never 0 * inf)."""
    if bool((factor == 1.0).all()):
        return values  # weight 1: the rows exactly as the signal made them
    return product(values, factor[None, :])


Rows = TypeVar("Rows", PairRows, TrioRows)


def weigh_rows(rows: Rows, cw: CompiledWorld, config: ScoringConfig) -> Rows:
    """Return ``rows`` with each row scaled by its record's weight (:func:`record_factor`).

    Examples
    --------
    >>> from alliance_risk import ScoringConfig, compile_world, load_scenario
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> k = cw.record_ids.index("D2-PRK-RUS-troops-2")  # reported
    >>> rows = PairRows(np.array([1]), np.array([2]), np.array([k]), np.array([[2.0]]))
    >>> weigh_rows(rows, cw, ScoringConfig()).values.tolist()
    [[1.5]]
    """
    return replace(rows, values=_scaled(rows.values, record_factor(cw, rows.record, config)))


def weighted_rows(
    sig: Signal, cw: CompiledWorld, days: IntArray, config: ScoringConfig
) -> PairRows:
    """Return a signal's pair rows, each scaled by its record's weight (:func:`record_factor`).

    Every path reads rows through this function (and :func:`weighted_trio_rows`): a
    record's confidence enters the scores, the evidence and the Monte Carlo at one place.

    Examples
    --------
    >>> from alliance_risk import ScoringConfig, compile_world, load_scenario
    >>> from alliance_risk.signals import get_signal
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> days = np.array([20089])  # 2025-01-01
    >>> raw = get_signal("troops").pair_rows(cw, days, ScoringConfig())
    >>> rows = weighted_rows(get_signal("troops"), cw, days, ScoringConfig())
    >>> bool((rows.values <= raw.values).all())
    True
    """
    return weigh_rows(sig.pair_rows(cw, days, config), cw, config)


def weighted_trio_rows(
    sig: Signal, cw: CompiledWorld, days: IntArray, config: ScoringConfig
) -> TrioRows:
    """Return a signal's trio rows (it must have ``trio_rows``), scaled as :func:`weighted_rows`.

    Examples
    --------
    >>> from alliance_risk import ScoringConfig, compile_world, load_scenario
    >>> from alliance_risk.signals import get_signal
    >>> cw = compile_world(load_scenario("axis-of-upheaval"))
    >>> rows = weighted_trio_rows(get_signal("summits"), cw, np.array([20089]), ScoringConfig())
    >>> rows.values.shape[1] == rows.record.size
    True
    """
    assert sig.trio_rows is not None
    return weigh_rows(sig.trio_rows(cw, days, config), cw, config)


def finished_pairs(
    sig: Signal, cw: CompiledWorld, days: IntArray, config: ScoringConfig
) -> tuple[FloatArray, PairRows]:
    """Return a built-in signal's ``(T, N, N)`` values in [0, 1] and the rows behind them.

    The one kernel every path uses: rows weighted by confidence, then combine per pair,
    then finish.
    """
    rows = weighted_rows(sig, cw, days, config)
    return finish_rows(sig, cw.n_states, rows, config), rows


def finish_rows(sig: Signal, n: int, rows: PairRows, config: ScoringConfig) -> FloatArray:
    """Combine a signal's (weighted) rows per pair of ``n`` states and finish them.

    The second half of :func:`finished_pairs`, for callers that vary the rows' weights
    and not the rows (the Monte Carlo). Returns ``(T, n, n)`` in [0, 1].

    Examples
    --------
    >>> from alliance_risk import ScoringConfig
    >>> from alliance_risk.signals import get_signal
    >>> rows = PairRows(np.array([0]), np.array([1]), np.array([0]), np.array([[1.0]]))
    >>> finish_rows(get_signal("troops"), 2, rows, ScoringConfig())[0].round(3).tolist()
    [[0.0, 0.632], [0.632, 0.0]]
    """
    if rows.values.shape[1] == 0:
        # No rows: every pair is finished from nothing (a finish reads a cell and its
        # mirror only), once instead of over n x n zeros.
        empty = sig.pair_finish(np.zeros((rows.values.shape[0], 1, 1)), config)
        return np.broadcast_to(empty, (rows.values.shape[0], n, n)).copy()
    combined = aggregate_pairs(n, rows.i, rows.j, rows.values, sig.combine)
    if not sig.directed:
        combined = _join(combined, np.swapaxes(combined, -1, -2), sig.combine)
    return sig.pair_finish(combined, config)


def _join(there: FloatArray, back: FloatArray, combine: Combine) -> FloatArray:
    """Both directions of an undirected signal: their sum, or the larger."""
    with np.errstate(over="ignore"):  # two figures near the float limit: inf, value 1
        return there + back if combine == "sum" else np.maximum(there, back)


@dataclass(frozen=True, slots=True)
class RowDraws:
    """How much each row of a signal weighs in each of ``D`` draws.

    A row whose ``column`` is ``-1`` weighs its ``scale`` in every draw; another weighs
    1 in draw ``d`` if ``kept[column, d]`` (the draw keeps its record), else 0.
    """

    scale: FloatArray  # (R,)
    column: IntArray  # (R,)
    kept: npt.NDArray[np.bool_]  # (Q, D)

    def factor(self, rows: IntArray) -> FloatArray:
        """Return ``(len(rows), D)``: the weight of each of ``rows`` in each draw."""
        col = self.column[rows]
        out = np.repeat(self.scale[rows][:, None], self.kept.shape[1], axis=1)
        drawn = col >= 0
        out[drawn] = self.kept[col[drawn]]
        return out


#: Elements of one step of :func:`combine_cells` (rows x draws x dates): bounds memory.
_CELL_STEP = 1 << 22


def combine_cells(
    values: FloatArray, cell: IntArray, n_cells: int, draws: RowDraws, combine: Combine
) -> FloatArray:
    """Combine weighted rows per cell, in every draw at once: ``(n_cells, T, D)``.

    ``values`` ``(T, R)`` are rows' values, ``cell`` ``(R,)`` the cell each row feeds
    (``-1``: none), ``draws`` the rows' weights per draw. Each cell sums (or takes the
    largest of) its rows as :func:`aggregate_pairs` does, in the same order (rows by
    position), so that a draw that weighs every row as the engine does gives the engine's
    values to the last bit. Vectorised over cells, draws and dates; the loop runs over
    the number of rows a cell has (the first row of every cell, then the second, ...).

    Examples
    --------
    >>> rows = RowDraws(np.array([1.0, 0.5]), np.array([-1, 0]), np.array([[True, False]]))
    >>> combine_cells(np.array([[2.0, 4.0]]), np.array([0, 0]), 1, rows, "sum")[0].tolist()
    [[6.0, 2.0]]
    """
    t_count, n_draws = values.shape[0], draws.kept.shape[1]
    out = np.zeros((n_cells, t_count, n_draws))
    live = np.nonzero((cell >= 0) & (values > 0).any(axis=0))[0]  # rows that add nothing: out
    if live.size == 0:
        return out
    by_cell = live[np.argsort(cell[live], kind="stable")]  # rows of a cell stay in order
    c = cell[by_cell]
    rank = np.arange(c.size) - np.searchsorted(c, c, side="left")
    by_rank = by_cell[np.argsort(rank, kind="stable")]
    ends = np.cumsum(np.bincount(rank))
    step = max(_CELL_STEP // (n_draws * t_count), 1)
    finite = bool(np.isfinite(values[:, live]).all())
    for j, (first, last) in enumerate(zip(np.concatenate([[0], ends[:-1]]), ends, strict=True)):
        for lo in range(int(first), int(last), step):
            rows = by_rank[lo : min(lo + step, int(last))]  # at most one row per cell
            factor = draws.factor(rows)[:, None, :]  # (n, 1, D)
            value = values[:, rows].T[:, :, None]  # (n, t, 1)
            part = factor * value if finite else product(factor, value)
            where = cell[rows]
            if j == 0:  # the first row of each cell: 0 + x is x
                out[where] = part
            elif combine == "sum":
                out[where] += part
            else:
                out[where] = np.maximum(out[where], part)
    return out


def finish_cells(sig: Signal, combined: FloatArray, config: ScoringConfig) -> FloatArray:
    """Finish pairs from :func:`combine_cells` over cells ``2p`` (``i -> j``), ``2p + 1``.

    ``combined`` is ``(2P, ...)``: the rows from the lower state of pair ``p`` to the
    higher, then back. Returns ``(P, ...)`` in [0, 1]: each pair's value as
    :func:`finish_rows` gives it at ``[t, i, j]`` (a finish reads a cell and its mirror
    only, so each pair is finished as a 2 x 2 block, or, once its directions are
    joined, as a 1 x 1 one).

    Examples
    --------
    >>> from alliance_risk import ScoringConfig
    >>> from alliance_risk.signals import get_signal
    >>> combined = np.array([[1.0], [0.0]])  # one pair: troops one way only
    >>> finish_cells(get_signal("troops"), combined, ScoringConfig()).round(3).tolist()
    [[0.632]]
    """
    there, back = combined[0::2], combined[1::2]
    if not sig.directed:
        joined = _join(there, back, sig.combine)
        return np.asarray(sig.pair_finish(joined[..., None, None], config)[..., 0, 0])
    if sig.direction_finish is not None:
        return np.asarray(sig.direction_finish(there, back, config))
    out = np.empty(there.shape)
    step = max(_CELL_STEP // max(there[:1].size, 1), 1)
    for lo in range(0, there.shape[0], step):  # 2 x 2 blocks of a slice of pairs at a time
        block = np.zeros((*there[lo : lo + step].shape, 2, 2))
        block[..., 0, 1], block[..., 1, 0] = there[lo : lo + step], back[lo : lo + step]
        out[lo : lo + step] = sig.pair_finish(block, config)[..., 0, 1]
    return out


def covered_days(
    cw: CompiledWorld, kinds: tuple[str, ...], days: IntArray
) -> npt.NDArray[np.bool_]:
    """Return, per date, whether any of ``kinds`` is covered by the compiled World.

    A signal that reads no kind (a custom one) is covered everywhere.

    Examples
    --------
    >>> from alliance_risk import World, compile_world
    >>> covered_days(compile_world(World()), ("pacts",), np.array([0])).tolist()
    [False]
    """
    if not kinds:
        return np.ones(days.size, dtype=bool)
    out = np.zeros(days.size, dtype=bool)
    for kind in kinds:
        if kind in cw.coverage:
            lo, hi = cw.coverage[kind]
            out |= (days >= lo) & (days <= hi)
    return out


def row_credit(sig: Signal, rows: PairRows, t: int, a: int, b: int) -> tuple[IntArray, FloatArray]:
    """Return the records of a signal behind pair ``(a, b)`` at date ``t``, with credit.

    For a summed signal every row counts by its value; for a maximum, the strongest row
    in each direction (ties share its value).
    """
    forward = (rows.i == a) & (rows.j == b)
    backward = (rows.i == b) & (rows.j == a)
    values = rows.values[t] if rows.values.size else np.zeros(0)
    if sig.combine == "sum":
        mask = (forward | backward) & (values > 0)
        return rows.record[mask], values[mask]
    records, credit = [], []
    for direction in (forward, backward) if sig.directed else (forward | backward,):
        vals = np.where(direction, values, 0.0)
        top = vals.max(initial=0.0)
        if top > 0:
            winners = direction & (vals == top)
            records.append(rows.record[winners])
            credit.append(np.full(int(winners.sum()), top / int(winners.sum())))
    if not records:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(records), np.concatenate(credit)
