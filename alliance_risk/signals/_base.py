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
    "Signal",
    "TrioRows",
    "aggregate_pairs",
    "aggregate_trios",
    "covered_days",
    "decay",
    "finish_rows",
    "finished_pairs",
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
        array is directed (row pledges/supplies to column) when ``directed``.
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


def decay(age_days: FloatArray | IntArray, half_life: float) -> FloatArray:
    """Return ``2 ** (-age / half_life)`` for ``age >= 0``, and 0 for negative ages.

    Negative ages are events after the scoring date: never seen.

    Examples
    --------
    >>> decay(np.array([-1, 0, 365]), 365.0).tolist()
    [0.0, 1.0, 0.5]
    """
    age = np.asarray(age_days, dtype=np.float64)
    with np.errstate(over="ignore"):  # a tiny half-life: age / half_life is inf, 2**-inf is 0
        out = np.exp2(-np.maximum(age, 0.0) / half_life)
    return np.where(age >= 0, out, 0.0)


def saturate(x: FloatArray, scale: float) -> FloatArray:
    """Return ``1 - exp(-x / scale)``: 0 at 0, ``1 - 1/e`` at ``scale``, below 1 always.

    Examples
    --------
    >>> round(float(saturate(np.array(5000.0), 5000.0)), 4)
    0.6321
    """
    with np.errstate(over="ignore"):  # a tiny scale: x / scale is inf, the value 1
        return -np.expm1(-np.asarray(x, dtype=np.float64) / scale)


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
    out = np.zeros(t_count * cells, dtype=np.float64)
    if values.size:
        keep = values > 0  # most rows are zero at most dates: skip them
        t_idx, r_idx = np.nonzero(keep)
        flat = t_idx * cells + i[r_idx] * n + j[r_idx]
        if combine == "sum":
            out += np.bincount(flat, weights=values[keep], minlength=out.size)
        else:
            np.maximum.at(out, flat, values[keep])
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

    table = np.array([config.confidence_weights[c] for c in Confidence], dtype=np.float64)
    out: FloatArray = table[cw.confidence[records]]
    return out


def _scaled(values: FloatArray, factor: FloatArray) -> FloatArray:
    """``values * factor`` per row (column), with 0 where the factor is 0 (never 0 * inf)."""
    if bool((factor == 1.0).all()):
        return values  # weight 1: the rows exactly as the signal made them
    out = np.zeros(values.shape)
    np.multiply(values, factor[None, :], out=out, where=factor[None, :] > 0)
    return out


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
    combined = aggregate_pairs(n, rows.i, rows.j, rows.values, sig.combine)
    if not sig.directed:
        back = np.swapaxes(combined, -1, -2)
        combined = combined + back if sig.combine == "sum" else np.maximum(combined, back)
    return sig.pair_finish(combined, config)


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
