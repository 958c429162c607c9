"""The scoring kernels that every path shares: scores, Monte Carlo, what-if, panels.

Internal surface (not re-exported by ``alliance_risk``; documented so that each stage
calls the same kernel instead of keeping its own copy): resolve a configuration, weigh
the signals covered at each date, stack the finished signal values, and combine them
into pair and trio scores. :mod:`alliance_risk.scoring` builds its results from these,
and :mod:`alliance_risk.analysis` varies their inputs and calls them again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from math import factorial

import numpy as np

from ._errors import InvalidParameterError
from ._types import FloatArray, IntArray
from .aggregations import GEOMETRIC_BELOW, apply_aggregation, get_aggregation, power_mean
from .compile import CompiledWorld, compile_world, date_of
from .config import Link, ScoringConfig
from .signals import (
    CustomSignal,
    DerivedSignal,
    PairRows,
    Signal,
    TrioRows,
    aggregate_trios,
    covered_days,
    finished_pairs,
    get_signal,
    registered_signals,
    weighted_trio_rows,
)
from .world import World

__all__ = [
    "AnySignal",
    "PairForm",
    "aggregate",
    "as_compiled",
    "coverage_weights",
    "link_of",
    "link_probabilities",
    "no_rows",
    "pair_form",
    "pair_index",
    "resolve_config",
    "scope",
    "shapley_weights",
    "shared_stack",
    "shared_trios",
    "signal_stack",
    "triad_values",
    "trio_values",
    "weighted_signals",
]


# --- entry checks -----------------------------------------------------------------------


def as_compiled(world: World | CompiledWorld, func: str) -> CompiledWorld:
    """Return the compiled arrays of a World (compiled once), or refuse another type.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> as_compiled(load_scenario("axis-of-upheaval"), "score_dyads").n_states
    23
    """
    if isinstance(world, CompiledWorld):
        return world
    if isinstance(world, World):
        return compile_world(world)
    raise InvalidParameterError(
        f"The 'world' parameter of {func} must be a World or a CompiledWorld. "
        f"Got {type(world).__name__} instead."
    )


def resolve_config(
    config: ScoringConfig | Link | None, cw: CompiledWorld, func: str
) -> ScoringConfig:
    """Return the configuration to score with, checked against the registry and ``cw``.

    ``None`` is the default configuration; a calibrated model scores with its own.
    Refused: another type, a weight on a signal no longer registered, a lifeline volume
    in a unit the configuration has no scale for.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> resolve_config(None, cw, "example").weights["pact"]
    0.3
    """
    if config is None:
        config = ScoringConfig()
    elif isinstance(config, Link) and not isinstance(config, ScoringConfig):
        config = config.config  # a calibrated model scores with its own configuration
    if not isinstance(config, ScoringConfig):
        raise InvalidParameterError(
            f"The 'config' parameter of {func} must be a ScoringConfig, a calibrated model "
            f"or None. Got {type(config).__name__} instead."
        )
    known = registered_signals()
    gone = [n for n, w in config.weights.items() if w > 0 and n not in known]
    if gone:
        # Checked at use, not only when built: a signal unregistered since would
        # otherwise drop out of every score without a word.
        raise InvalidParameterError(
            f"{func}: the config weights {', '.join(map(repr, gone))}, which "
            f"{'is' if len(gone) == 1 else 'are'} no longer a registered signal (signals: "
            f"{', '.join(known)}); register it again or drop it from the weights"
        )
    if "lifelines" in config.normalized_weights():
        ll = cw.lifelines
        by_volume = np.isnan(ll.share)
        needs = {ll.units[u] for u in np.unique(ll.unit[by_volume])}
        missing = sorted(needs - set(config.volume_scales))
        if missing:
            first = np.nonzero(by_volume & (ll.unit == ll.units.index(missing[0])))[0][0]
            rid = cw.record_ids[ll.record[first]]
            raise InvalidParameterError(
                f"Lifeline {rid!r} gives a volume in unit {missing[0]!r}, which has no scale "
                f"in config.volume_scales (known: {', '.join(sorted(config.volume_scales))}); "
                "add one, or give the lifeline a share"
            )
    return config


AnySignal = Signal | DerivedSignal | CustomSignal


def link_of(config: object) -> Link | None:
    """Return the calibrated link of a model passed as ``config``, if it is one.

    Examples
    --------
    >>> link_of(ScoringConfig()) is None
    True
    """
    return config if isinstance(config, Link) and not isinstance(config, ScoringConfig) else None


def link_probabilities(link: Link | None, scores: FloatArray) -> FloatArray | None:
    """Return the link's probabilities for ``scores``, or ``None`` without a link.

    Examples
    --------
    >>> link_probabilities(None, np.zeros(2)) is None
    True
    """
    return None if link is None else np.asarray(link.probability(scores), dtype=np.float64)


def weighted_signals(config: ScoringConfig) -> tuple[list[AnySignal], FloatArray]:
    """Return the signals with a positive weight, in registry order, and their weights.

    Examples
    --------
    >>> signals, base = weighted_signals(ScoringConfig(weights={"summits": 1, "pact": 3}))
    >>> [s.name for s in signals], base.tolist()
    (['pact', 'summits'], [0.75, 0.25])
    """
    weights = config.normalized_weights()
    names = [n for n in registered_signals() if n in weights]
    return [get_signal(n) for n in names], np.array([weights[n] for n in names])


def coverage_weights(
    cw: CompiledWorld, signals: list[AnySignal], base: FloatArray, days: IntArray
) -> tuple[FloatArray, tuple[str, ...]]:
    """``(S, T)`` weights at each date, renormalised over the signals the World covers.

    A signal whose record kinds the World does not cover at a date is left out there
    and its weight spread over the rest: a World with no data of a kind says nothing
    about it, which is not the same as "none". Also returns the names of the signals
    left out at any date. With no signal covered at a date, every weight there is 0.

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import load_scenario
    >>> from alliance_risk.compile import day_numbers
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> days = day_numbers([date(2025, 1, 1)])
    >>> signals, base = weighted_signals(ScoringConfig())
    >>> w, left_out = coverage_weights(cw, signals, base, days)
    >>> round(float(w.sum()), 6), left_out
    (1.0, ('rivalry',))
    """
    live = np.stack([covered_days(cw, sig.kinds, days) for sig in signals]).astype(np.float64)
    w = base[:, None] * live
    total = w.sum(axis=0)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    left_out = tuple(sig.name for k, sig in enumerate(signals) if not live[k].all())
    return w, left_out


def _custom_matrices(sig: CustomSignal, cw: CompiledWorld, days: IntArray) -> FloatArray:
    """Call a custom signal at each date and check what it returns."""
    n = cw.n_states
    out = np.zeros((days.size, n, n))
    for t, day in enumerate(days.tolist()):  # a user's function takes one date at a time
        as_of = date_of(day)
        m = np.array(sig.func(cw, as_of), dtype=np.float64)
        where = f"custom signal {sig.name!r} on {as_of}"
        if m.shape != (n, n):
            raise InvalidParameterError(
                f"{where} returned an array of shape {m.shape}; expected ({n}, {n}), "
                "one row and column per state of the compiled World it was given"
            )
        np.fill_diagonal(m, 0.0)
        for bad, what in ((np.isnan(m), "NaN"), ((m < 0) | (m > 1), "a value outside [0, 1]")):
            if bad.any():
                i, j = (int(v) for v in np.argwhere(bad)[0])
                raise InvalidParameterError(
                    f"{where} returned {what} ({float(m[i, j])!r}) for "
                    f"{cw.codes[i]}-{cw.codes[j]}; expected values in [0, 1]"
                )
        if sig.symmetric:
            gap = np.abs(m - m.T)
            if gap.max(initial=0.0) > 1e-12:
                i, j = (int(v) for v in np.unravel_index(int(np.argmax(gap)), gap.shape))
                raise InvalidParameterError(
                    f"{where} is not symmetric: {cw.codes[i]}-{cw.codes[j]} = {float(m[i, j])!r} "
                    f"but {cw.codes[j]}-{cw.codes[i]} = {float(m[j, i])!r}; register it with "
                    "symmetric=False to average the two directions"
                )
        else:
            m = 0.5 * (m + m.T)
        out[t] = m
    return out


def no_rows() -> PairRows:
    """Return the rows of a signal with no records behind it (custom, second-order, unused).

    Examples
    --------
    >>> no_rows().record.size
    0
    """
    empty = np.zeros(0, dtype=np.int64)
    return PairRows(empty, empty, empty, np.zeros((0, 0)))


def aggregate(pairs: FloatArray, config: ScoringConfig) -> FloatArray:
    """Apply the triad aggregation of ``config`` over the last axis (three pair scores).

    Examples
    --------
    >>> aggregate(np.array([[0.5, 0.5, 0.5]]), ScoringConfig()).round(6).tolist()
    [0.5]
    """
    if config.triad_aggregation == "power_mean":
        return power_mean(pairs, config.triad_power)
    return apply_aggregation(get_aggregation(config.triad_aggregation), pairs)


# --- kernels ------------------------------------------------------------------------------


def signal_stack(
    cw: CompiledWorld, days: IntArray, config: ScoringConfig, signals: list[AnySignal]
) -> tuple[FloatArray, list[PairRows]]:
    """``(S, T, N, N)`` signed signals (``sign * value``), and each signal's rows.

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import load_scenario
    >>> from alliance_risk.compile import day_numbers
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> days = day_numbers([date(2025, 1, 1)])
    >>> signals, base = weighted_signals(ScoringConfig())
    >>> stack, rows = signal_stack(cw, days, ScoringConfig(), signals)
    >>> stack.shape == (len(signals), 1, cw.n_states, cw.n_states), len(rows) == len(signals)
    (True, True)
    """
    n = cw.n_states
    out = np.zeros((len(signals), days.size, n, n))
    all_rows = []
    for k, sig in enumerate(signals):
        if isinstance(sig, CustomSignal):
            out[k] = _custom_matrices(sig, cw, days)
            all_rows.append(no_rows())
        elif isinstance(sig, DerivedSignal):
            out[k] = sig.matrices(cw, days, config)
            all_rows.append(no_rows())
        else:
            out[k], rows = finished_pairs(sig, cw, days, config)
            all_rows.append(rows)
        if sig.sign < 0:
            out[k] *= -1.0
    return out, all_rows


def shared_stack(
    cw: CompiledWorld,
    days: IntArray,
    config: ScoringConfig,
    signals: list[AnySignal],
    trios: IntArray,
) -> FloatArray:
    """``(S, T, K)`` trilateral part of each signal for ``trios`` (sorted index triples).

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import load_scenario
    >>> from alliance_risk.compile import day_numbers
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> days = day_numbers([date(2025, 1, 1)])
    >>> signals, base = weighted_signals(ScoringConfig())
    >>> shared_stack(cw, days, ScoringConfig(), signals, np.array([[0, 1, 2]])).shape
    (9, 1, 1)
    """
    out = np.zeros((len(signals), days.size, trios.shape[0]))
    for k, sig in enumerate(signals):
        if not isinstance(sig, Signal) or sig.trio_rows is None or sig.trio_finish is None:
            continue
        rows = weighted_trio_rows(sig, cw, days, config)
        out[k] = trio_values(sig, cw.n_states, rows, trios, config)
    return out


def trio_values(
    sig: Signal, n: int, rows: TrioRows, trios: IntArray, config: ScoringConfig
) -> FloatArray:
    """``(T, K)`` signed trilateral values ``sign * Y`` of ``trios`` from a signal's rows.

    Examples
    --------
    >>> from alliance_risk.signals import get_signal
    >>> rows = TrioRows(*(np.array([k]) for k in (0, 1, 2, 0)), np.array([[2.0]]))
    >>> trio_values(get_signal("summits"), 3, rows, np.array([[0, 1, 2]]),
    ...             ScoringConfig()).round(3).tolist()
    [[0.632]]
    """
    assert sig.trio_finish is not None
    values = sig.trio_finish(aggregate_trios(n, rows, trios, sig.combine), config)
    return np.asarray(sig.sign * values, dtype=np.float64)


def triad_values(
    pair_parts: FloatArray, shared_parts: FloatArray, config: ScoringConfig
) -> tuple[FloatArray, FloatArray]:
    """Triad scores and their exact Shapley decomposition over signals.

    ``pair_parts``: ``(S, M, 3)`` weighted signed pair contributions ``w_s σ_s X_s`` of
    each of a batch of ``M`` trios (or dates); ``shared_parts``: ``(S, M)`` weighted
    trilateral parts ``w_s Y_s``. Returns scores ``(M,)`` and contributions ``(S, M)``.

    The ties that draw states together combine by the triad aggregation (the power
    mean); enmity, which has no weakest link, by the plain mean of the three pairs:
    ``g(C) = M_p(P_C) - mean(N_C)`` for every coalition ``C`` of signals.

    Examples
    --------
    >>> parts = np.array([[[0.4, 0.4, 0.4]], [[0.2, 0.2, 0.2]]])  # two signals, one trio
    >>> scores, contributions = triad_values(parts, np.zeros((2, 1)), ScoringConfig())
    >>> round(float(scores[0]), 6), round(float(contributions.sum()), 6)
    (0.48, 0.48)
    """
    # A signal with no part in any trio of the batch is a null player: its Shapley value
    # is 0 and leaving it out changes no other's. Each one left out halves the coalitions.
    active = np.nonzero(np.any(pair_parts != 0, axis=(1, 2)) | np.any(shared_parts != 0, axis=1))[0]
    if active.size < pair_parts.shape[0]:
        scores, part = triad_values(pair_parts[active], shared_parts[active], config)
        contributions = np.zeros(pair_parts.shape[:2])
        contributions[active] = part
        return scores, contributions
    n_sig = pair_parts.shape[0]
    lam = config.triad_shared_weight
    masks = (np.arange(2**n_sig)[:, None] >> np.arange(n_sig)[None, :]) & 1
    fmask = masks.astype(np.float64)
    positive = np.tensordot(fmask, np.maximum(pair_parts, 0.0), axes=(1, 0))
    negative = np.tensordot(fmask, np.maximum(-pair_parts, 0.0), axes=(1, 0))
    g = aggregate(np.clip(positive, 0.0, 1.0), config) - negative.mean(axis=-1)  # (2^S, M)
    phi = np.zeros(pair_parts.shape[:2])
    for s in range(n_sig):
        without = masks[:, s] == 0
        coef = shapley_weights(n_sig)[masks[without].sum(axis=1)]
        idx = np.nonzero(without)[0]
        phi[s] = coef @ (g[idx | (1 << s)] - g[idx])
    contributions = (1.0 - lam) * phi + lam * shared_parts
    scores = (1.0 - lam) * g[-1] + lam * shared_parts.sum(axis=0)
    return scores, contributions


#: A per-pair form of a triad aggregation: ``("sum", T, finish)`` scores a trio
#: ``finish(T_ab + T_ac + T_bc)`` from a per-pair table ``T``; ``("min", X, _)`` by the
#: smallest of its pairs in ``X``.
PairForm = tuple[str, FloatArray, Callable[[FloatArray], FloatArray]]


def pair_form(x: FloatArray, config: ScoringConfig) -> PairForm | None:
    """Return a per-pair form of the power mean of pair values ``x`` in [0, 1], if exact.

    The power mean of three values is ``((x^p + y^p + z^p) / 3)^(1/p)``: raising each
    pair to ``p`` once, not once per trio, leaves a sum per trio, so that scoring every
    trio is two gathers and an add. Used for ``p`` = 1, 0 (logs), "min", and
    ``1e-3 <= |p|`` where ``x^p`` stays finite and non-zero; ``None`` elsewhere (a tiny
    ``|p|`` loses digits in ``x^p``) and for custom aggregations: then the exact
    aggregation runs on each trio. Agrees with :func:`aggregate` to about 1e-13.

    Examples
    --------
    >>> x = np.array([0.2, 0.4, 0.6])
    >>> cfg = ScoringConfig(triad_power=0.0)
    >>> kind, table, finish = pair_form(x, cfg)
    >>> round(float(finish(table.sum())), 6) == round(float(aggregate(x, cfg)), 6)
    True
    """
    if config.triad_aggregation != "power_mean":
        return None
    p = config.triad_power
    if p == "min":
        return ("min", x, lambda v: v)
    q = float(p)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        if q == 1.0:
            return ("sum", x, lambda v: v / 3.0)
        if abs(q) < GEOMETRIC_BELOW:
            return ("sum", np.log(x), lambda v: np.exp(v / 3.0))
        t = np.power(x, q)
    positive = x > 0
    if abs(q) < 1e-3 or not np.isfinite(t[positive]).all() or (t[positive] <= 0).any():
        return None
    if q < 0:  # 0 ** q is inf: any zero pair gives the trio 0, the power mean's limit
        t = np.where(positive, t, np.inf)

    def finish(v: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", over="ignore"):
            return np.asarray(np.power(v / 3.0, 1.0 / q), dtype=np.float64)

    return ("sum", t, finish)


def pair_index(n: int, a: IntArray, b: IntArray) -> IntArray:
    """Return the position of pair ``a < b`` in ``np.triu_indices(n, 1)`` order.

    Examples
    --------
    >>> pair_index(4, np.array([0, 1, 2]), np.array([1, 3, 3])).tolist()
    [0, 4, 5]
    """
    return np.asarray(a * (2 * n - a - 1) // 2 + (b - a - 1), dtype=np.int64)


def shared_trios(
    cw: CompiledWorld, days: IntArray, config: ScoringConfig, signals: list[AnySignal]
) -> tuple[IntArray, FloatArray]:
    """Trios with shared events: sorted keys ``(a*n + b)*n + c`` and ``(S, T, K)`` values.

    The values are each signal's signed trilateral part ``sign * Y`` (see
    :func:`shared_stack`); every other trio has none. Sparse: a World has far fewer
    multilateral events than trios.

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import load_scenario
    >>> from alliance_risk.compile import day_numbers
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> signals, _ = weighted_signals(ScoringConfig())
    >>> keys, y = shared_trios(cw, day_numbers([date(2025, 1, 1)]), ScoringConfig(), signals)
    >>> y.shape == (len(signals), 1, keys.size)
    True
    """
    n = cw.n_states
    keys = []
    for sig in signals:
        if isinstance(sig, Signal) and sig.trio_rows is not None:
            r = weighted_trio_rows(sig, cw, days, config)
            keys.append((r.a * n + r.b) * n + r.c)
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros((len(signals), days.size, 0))
    uniq = np.unique(np.concatenate(keys))
    trios = np.stack([uniq // (n * n), (uniq // n) % n, uniq % n], axis=1)
    return uniq, shared_stack(cw, days, config, signals, trios)


@functools.cache
def shapley_weights(n: int) -> FloatArray:
    """``c! (n - c - 1)! / n!`` for ``c = 0 .. n - 1``: the Shapley weight of a coalition.

    Examples
    --------
    >>> shapley_weights(3).tolist() == [1 / 3, 1 / 6, 1 / 3]
    True
    """
    return np.array([factorial(c) * factorial(n - c - 1) / factorial(n) for c in range(n)])


# --- evidence ----------------------------------------------------------------------------


def scope(cw: CompiledWorld, members: IntArray, signals: list[AnySignal]) -> IntArray:
    """Return the state indices a group's scores depend on, sorted.

    They are the members and, when a second-order signal is used, every state tied to a
    member by a friend or enemy tie (the third states ``k`` of the paths ``i - k - j``).

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import load_scenario
    >>> from alliance_risk.compile import day_numbers
    >>> cw = as_compiled(load_scenario("axis-of-upheaval"), "example")
    >>> days = day_numbers([date(2025, 1, 1)])
    >>> signals, base = weighted_signals(ScoringConfig())
    >>> scope(cw, np.array([2, 0]), signals).tolist()  # no second-order signal: members
    [0, 2]
    """
    if not any(isinstance(sig, DerivedSignal) for sig in signals):
        return np.sort(members)
    mine = np.zeros(cw.n_states, dtype=bool)
    mine[members] = True
    near = mine.copy()
    for rows in (cw.pacts, cw.conflicts, cw.rivalries):
        near[rows.j[mine[rows.i]]] = True
        near[rows.i[mine[rows.j]]] = True
    return np.nonzero(near)[0]
