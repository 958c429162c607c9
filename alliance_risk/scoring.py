"""Dyadic and trilateral alignment scores at any date: the fifth stage of the data flow.

A pair's score is the signed, weighted sum of its signals, ``D = Σ_s w_s σ_s X_s``, with
weights normalised to sum to 1 over the signals covered at the date. A trio's score
combines the parts of its three pair scores that draw states together (``P``) by a power
mean, subtracts their mean enmity (``N``, so ``D = P - N``), and adds the events all
three share::

    T = (1 - λ) · [M_p(P_ab, P_ac, P_bc) - (N_ab + N_ac + N_bc) / 3] + λ · Σ_s w_s σ_s Y_s

Contributions are exact: linear for pairs, Shapley values over signals for trios.
Records dated after the scoring date are never seen. All formulas and defaults are
stated in ``docs/scoring.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import numpy as np

from ._errors import InvalidParameterError
from ._types import FloatArray, IntArray
from ._validation import check_as_of, check_dates, check_int
from .aggregations import power_mean, trio_probability
from .compile import CompiledWorld, date_of, day_numbers, restrict
from .config import Link, ScoringConfig
from .engine import (
    AnySignal,
    PairForm,
    aggregate,
    as_compiled,
    coverage_weights,
    link_of,
    link_probabilities,
    no_rows,
    pair_form,
    pair_index,
    resolve_config,
    scope,
    shapley_weights,
    shared_stack,
    shared_trios,
    signal_stack,
    triad_values,
    weighted_signals,
)
from .results import (
    REWEIGHTING,
    Change,
    DyadScores,
    Evidence,
    Milestone,
    Timeline,
    TopTriads,
    TriadScore,
    TriadScores,
    frozen_array,
    frozen_mapping,
)
from .signals import (
    SIGNALS,
    CustomSignal,
    DerivedSignal,
    PairRows,
    Signal,
    row_credit,
    weighted_rows,
    weighted_trio_rows,
)
from .states import index_of, resolve_members
from .world import World

__all__ = [
    "SignalPanel",
    "month_starts",
    "power_mean",
    "score_dyads",
    "score_triad",
    "signal_panel",
    "timeline",
    "top_triads",
]


def _credit(
    sig: AnySignal,
    rows: PairRows,
    t: int,
    a: int,
    b: int,
    cw: CompiledWorld,
    days: IntArray,
    config: ScoringConfig,
) -> list[tuple[tuple[str, ...], IntArray, FloatArray]]:
    """Return the records of one signal behind pair ``(a, b)`` at date ``t``.

    Parts are ``(states, record indices, credit)``.

    Credit is positive and only its proportions matter. A custom signal has no records
    (it is credited as a whole); a second-order signal credits the records behind each
    tie of every path ``a - k - b``, naming that tie's two states.
    """
    if isinstance(sig, CustomSignal):
        return [((cw.codes[a], cw.codes[b]), np.zeros(0, dtype=np.int64), np.zeros(0))]
    if isinstance(sig, DerivedSignal):
        parts = sig.credit(cw, days[t : t + 1], config, a, b)
        if not parts:
            return [((cw.codes[a], cw.codes[b]), np.zeros(0, dtype=np.int64), np.zeros(0))]
        return [((cw.codes[u], cw.codes[v]), recs, c) for (u, v), recs, c in parts]
    recs, credit = row_credit(sig, rows, t, a, b)
    return [((cw.codes[a], cw.codes[b]), recs, credit)]


def _distribute(
    cw: CompiledWorld,
    signal: str,
    total: float,
    parts: Sequence[tuple[tuple[str, ...], IntArray, FloatArray]],
) -> list[Evidence]:
    """Split ``total`` over records in proportion to their credit.

    A custom signal has no records: its part is credited to ``signal:<name>`` as a whole,
    so that evidence shares still sum to the score.

    Credits are raw figures (personnel, shells) that may reach the float limit: they are
    made relative first (:func:`_relative`).
    """
    if total == 0.0:
        return []
    credits = _relative([c for _, _, c in parts])
    grand = sum(float(c.sum()) for c in credits)
    if grand <= 0.0:
        states = tuple(dict.fromkeys(s for st, _, _ in parts for s in st))
        return [Evidence(f"signal:{signal}", signal, states, total)]
    out = []
    for (states, recs, _), credit in zip(parts, credits, strict=True):
        for r, c in zip(recs.tolist(), credit.tolist(), strict=True):
            out.append(Evidence(cw.record_ids[r], signal, states, total * (c / grand)))
    return out


def _relative(credits: Sequence[FloatArray]) -> list[FloatArray]:
    """Scale credits (raw figures, up to the float limit) into [0, 1] by the largest.

    So that two credits of ``1e308`` share a total rather than overflow its sum to
    ``inf``. An infinite credit takes the whole part (shared with the other infinite
    ones); NaN and negative credits count as none.
    """
    if not credits:
        return []
    arrays = [np.asarray(c, dtype=np.float64).ravel() for c in credits]
    flat = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
    flat = np.where(flat > 0.0, flat, 0.0)  # NaN and negatives fail the test: none
    infinite = np.isinf(flat)
    if infinite.any():
        flat = infinite.astype(np.float64)
    top = float(flat.max(initial=0.0))
    if top > 0.0:
        flat = flat / top  # the sum is at most the count
    ends = np.cumsum([c.size for c in arrays]).tolist()
    return [flat[lo:hi] for lo, hi in zip([0, *ends[:-1]], ends, strict=True)]


def _merge(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    """One entry per (record, signal, states), largest share first, ties by id."""
    merged: dict[tuple[str, str, tuple[str, ...]], float] = {}
    for e in evidence:
        key = (e.record, e.signal, e.states)
        merged[key] = merged.get(key, 0.0) + e.share
    items = [Evidence(r, s, st, v) for (r, s, st), v in merged.items() if v != 0.0]
    return tuple(sorted(items, key=lambda e: (-e.share, e.record, e.signal)))


# --- public API ---------------------------------------------------------------------------


def score_dyads(
    world: World | CompiledWorld,
    as_of: date | str,
    config: ScoringConfig | Link | None = None,
) -> DyadScores:
    r"""Score every pair of states at one date.

    Parameters
    ----------
    world : World or CompiledWorld
        The records (compile once with :func:`compile_world` to score many dates).
    as_of : date or str
        The scoring date; records dated after it are never seen.
    config : ScoringConfig or RiskModel, optional
        Weights and shapes; the documented defaults if omitted. A calibrated model
        (:class:`~alliance_risk.calibrate.RiskModel`) scores with its configuration and
        adds probabilities to the result.

    Returns
    -------
    DyadScores
        ``.matrix`` (N x N, symmetric, in [0, 1]) and per-signal ``.contributions``
        that sum to it exactly.

    Raises
    ------
    InvalidParameterError
        For a bad ``as_of`` or ``config``.

    See Also
    --------
    score_triad, top_triads, timeline

    Notes
    -----
    .. math:: D_{ij} = \sum_s w_s \sigma_s X^s_{ij}, \qquad \sum_s w_s = 1

    over the signals ``s`` covered at the date, each with its sign ``σ_s`` (−1 for
    enmity); see the scoring page of the documentation.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> s = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01")
    >>> round(s.score("USA", "JPN"), 3) > round(s.score("USA", "RUS"), 3)
    True
    """
    cw = as_compiled(world, "score_dyads")
    day = check_as_of(as_of, "score_dyads")
    cfg = resolve_config(config, cw, "score_dyads")
    signals, base = weighted_signals(cfg)
    days = day_numbers([day])
    weights, left_out = coverage_weights(cw, signals, base, days)
    # A signal left out at this date weighs 0: its values are not needed.
    live = [k for k in range(len(signals)) if weights[k, 0] > 0]
    stack, live_rows = signal_stack(cw, days, cfg, [signals[k] for k in live])
    live_parts = stack[:, 0]  # weighed in place: the stack is this call's own
    live_parts *= weights[live, 0, None, None]
    diagonal = np.arange(cw.n_states)
    live_parts[:, diagonal, diagonal] = 0.0
    matrix = live_parts.sum(axis=0)
    none = np.zeros((cw.n_states, cw.n_states))  # the part of a signal left out
    for array in (live_parts, none, matrix):
        array.setflags(write=False)  # results hold read-only views, not copies
    parts = [none] * len(signals)
    rows = [no_rows()] * len(signals)
    for n_live, k in enumerate(live):
        parts[k], rows[k] = live_parts[n_live], live_rows[n_live]

    def explain(a: str, b: str) -> tuple[Evidence, ...]:
        i, j = cw.codes.index(a), cw.codes.index(b)
        ev: list[Evidence] = []
        for k, sig in enumerate(signals):
            credit = _credit(sig, rows[k], 0, i, j, cw, days, cfg)
            ev += _distribute(cw, sig.name, float(parts[k][i, j]), credit)
        return _merge(ev)

    return DyadScores(
        states=cw.codes,
        as_of=day,
        matrix=matrix,
        contributions=frozen_mapping({sig.name: parts[k] for k, sig in enumerate(signals)}),
        config=cfg,
        left_out=left_out,
        probabilities=None
        if (lk := link_of(config)) is None
        else frozen_array(np.where(np.eye(cw.n_states, dtype=bool), 0.0, lk.probability(matrix))),
        _explain=explain,
    )


@dataclass(frozen=True, slots=True)
class _TrioBatch:
    """Scores of given trios at given dates, with what is needed to explain them."""

    scores: FloatArray  # (T,)
    contributions: FloatArray  # (S, T)
    pairs: FloatArray  # (T, 3) pair scores
    shared: FloatArray  # (T,)
    evidence: tuple[Evidence, ...]  # at the last date
    left_out: tuple[str, ...]  # signals not covered at some date
    values: FloatArray  # (S, T, 3) signed pair values
    shared_values: FloatArray  # (S, T) signed trilateral values
    weights: FloatArray  # (S, T) coverage weights


def _score_trio(
    cw: CompiledWorld,
    members: tuple[str, str, str],
    days: IntArray,
    config: ScoringConfig,
    explain: bool,
) -> _TrioBatch:
    return _score_trios(cw, [members], days, config, explain)[0]


def _score_trios(
    cw: CompiledWorld,
    groups: Sequence[tuple[str, str, str]],
    days: IntArray,
    config: ScoringConfig,
    explain: bool,
) -> list[_TrioBatch]:
    """Score (and explain) trios at ``days``: one restriction and one stack for all."""
    if not groups:
        return []
    signals, base = weighted_signals(config)
    members_at = np.unique([cw.codes.index(m) for g in groups for m in g])
    # only the records among these matter (and no milestones: nothing here reads them)
    sub = restrict(cw, scope(cw, members_at, signals), milestones=False)
    weights, left_out = coverage_weights(sub, signals, base, days)  # (S, T)
    stack, rows = signal_stack(sub, days, config, signals)
    where = [[sub.codes.index(m) for m in g] for g in groups]
    shared_all = shared_stack(sub, days, config, signals, np.sort(where, axis=1))  # (S, T, K)
    return [
        _trio_batch(
            sub,
            cw,
            g,
            pos,
            days,
            config,
            explain,
            signals,
            weights,
            left_out,
            stack,
            rows,
            shared_all[:, :, i],
        )
        for i, (g, pos) in enumerate(zip(groups, where, strict=True))
    ]


def _trio_batch(
    sub: CompiledWorld,
    cw: CompiledWorld,
    members: tuple[str, str, str],
    pos: list[int],
    days: IntArray,
    config: ScoringConfig,
    explain: bool,
    signals: list[AnySignal],
    weights: FloatArray,
    left_out: tuple[str, ...],
    stack: FloatArray,
    rows: list[PairRows],
    shared_vals: FloatArray,
) -> _TrioBatch:
    """One trio's scores and evidence from the stack of the states it depends on."""
    pairs = [(pos[0], pos[1]), (pos[0], pos[2]), (pos[1], pos[2])]
    pair_vals = np.stack([stack[:, :, a, b] for a, b in pairs], axis=-1)  # (S, T, 3)
    pair_parts = weights[:, :, None] * pair_vals
    shared_parts = weights * shared_vals
    scores, contributions = triad_values(pair_parts, shared_parts, config)

    evidence: tuple[Evidence, ...] = ()
    if explain:
        t = days.size - 1
        ev: list[Evidence] = []
        lam = config.triad_shared_weight
        for k, sig in enumerate(signals):
            bilateral = contributions[k, t] - lam * shared_parts[k, t]
            credit: list[tuple[tuple[str, ...], IntArray, FloatArray]] = []
            for n_pair, (a, b) in enumerate(pairs):
                parts = _credit(sig, rows[k], t, a, b, sub, days, config)
                relative = _relative([c for _, _, c in parts])  # no overflow in the sum
                parts = [(st, recs, c) for (st, recs, _), c in zip(parts, relative, strict=True)]
                grand = sum(float(c.sum()) for _, _, c in parts)
                # each pair's records share that pair's weighted signal value
                scale = abs(pair_parts[k, t, n_pair]) / grand if grand > 0 else 0.0
                credit += [(st, recs, c * scale) for st, recs, c in parts]
            ev += _distribute(sub, sig.name, float(bilateral), credit)
            if isinstance(sig, Signal) and sig.trio_rows is not None and shared_parts[k, t] != 0:
                trows = weighted_trio_rows(sig, sub, days[t : t + 1], config)
                live = trows.values[0] > 0
                recs = trows.record[live]
                vals = trows.values[0][live]
                if sig.combine == "max":
                    top = vals.max()
                    recs, vals = recs[vals == top], np.ones(int((vals == top).sum()))
                ev += _distribute(
                    sub,
                    sig.name,
                    float(lam * shared_parts[k, t]),
                    [(tuple(sorted(members, key=cw.codes.index)), recs, vals)],
                )
        evidence = _merge(ev)
    pair_scores = pair_parts.sum(axis=0)  # (T, 3)
    total = weights.sum(axis=0)
    return _TrioBatch(
        scores=scores,
        contributions=contributions,
        pairs=pair_scores,
        shared=np.divide(
            shared_parts.sum(axis=0), total, out=np.zeros_like(total), where=total > 0
        ),
        evidence=evidence,
        left_out=left_out,
        values=pair_vals,
        shared_values=shared_vals,
        weights=weights,
    )


def _triad_result(
    members: tuple[str, str, str],
    day: date,
    batch: _TrioBatch,
    config: ScoringConfig,
    link: Link | None,
) -> TriadScore:
    signals, _ = weighted_signals(config)
    prob = link_probabilities(link, batch.pairs[-1])
    a, b, c = members
    return TriadScore(
        members=members,
        as_of=day,
        score=float(batch.scores[-1]),
        dyads=MappingProxyType(
            {
                (a, b): float(batch.pairs[-1, 0]),
                (a, c): float(batch.pairs[-1, 1]),
                (b, c): float(batch.pairs[-1, 2]),
            }
        ),
        shared=float(batch.shared[-1]),
        contributions=frozen_mapping(
            {sig.name: float(batch.contributions[k, -1]) for k, sig in enumerate(signals)}
        ),
        evidence=batch.evidence,
        config=config,
        left_out=batch.left_out,
        probability=None if prob is None else float(trio_probability(*prob)),
    )


def score_triad(
    world: World | CompiledWorld,
    members: Sequence[str],
    as_of: date | str,
    config: ScoringConfig | Link | None = None,
) -> TriadScore:
    r"""Score a trio of states at one date, with its pair scores, contributions and evidence.

    Parameters
    ----------
    world : World or CompiledWorld
        The records.
    members : sequence of three str
        Distinct state codes.
    as_of : date or str
        The scoring date; records dated after it are never seen.
    config : ScoringConfig or RiskModel, optional
        Weights and shapes; the documented defaults if omitted. A calibrated model
        (:class:`~alliance_risk.calibrate.RiskModel`) scores with its configuration and
        adds probabilities to the result.

    Returns
    -------
    TriadScore

    Raises
    ------
    UnknownStateError
        For a code not in the World (close matches are named).
    InvalidParameterError
        For a wrong number of members, repeated members, a bad date or config.

    Notes
    -----
    .. math:: T_{abc} = (1 - \lambda)\,\big[M_p(P_{ab}, P_{ac}, P_{bc})
        - \tfrac13 (N_{ab} + N_{ac} + N_{bc})\big] + \lambda \sum_s w_s \sigma_s Y^s_{abc}

    where ``P`` is the part of a pair score from the signals that draw states together
    and ``N`` the part from enmity (``D = P - N``), ``M_p`` the power mean of
    ``triad_power`` and ``λ`` the ``triad_shared_weight``.

    ``contributions`` are Shapley values of the signals for the power-mean part plus
    each signal's own trilateral part: they sum to ``score`` exactly.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> before = score_triad(w, ("CHN", "RUS", "PRK"), "2024-06-01").score
    >>> after = score_triad(w, ("CHN", "RUS", "PRK"), "2025-06-01").score
    >>> after > before
    True
    """
    cw = as_compiled(world, "score_triad")
    day = check_as_of(as_of, "score_triad")
    trio = resolve_members(world, members, "score_triad", (3,), (day,))
    cfg = resolve_config(config, cw, "score_triad")
    batch = _score_trio(cw, (trio[0], trio[1], trio[2]), day_numbers([day]), cfg, True)
    return _triad_result((trio[0], trio[1], trio[2]), day, batch, cfg, link_of(config))


def score_triads(
    world: World | CompiledWorld,
    trios: Sequence[Sequence[str]],
    as_of: date | str,
    config: ScoringConfig | Link | None = None,
) -> TriadScores:
    """Score a chosen list of trios at one date, all at once.

    The same scores and exact contributions as :func:`score_triad` for each trio (to
    about 1e-15), without the evidence (ask :func:`score_triad` for one trio's records):
    the signals are computed once over the states the trios depend on, and the trios'
    Shapley splits in one vectorised step.

    Parameters
    ----------
    world : World or CompiledWorld
        The records.
    trios : sequence of trios
        Each three distinct state codes.
    as_of : date or str
        The scoring date.
    config : ScoringConfig or RiskModel, optional
        Weights and shapes; a calibrated model adds probabilities.

    Returns
    -------
    TriadScores

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> s = score_triads(load_scenario("axis-of-upheaval"),
    ...                  [("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR")], "2025-06-01")
    >>> s.members[int(s.scores.argmax())]  # the scenario's strongest of the two
    ('CHN', 'RUS', 'PRK')
    """
    cw = as_compiled(world, "score_triads")
    if isinstance(trios, str) or not isinstance(trios, Sequence):
        raise InvalidParameterError(
            f"The 'trios' parameter of score_triads must be a list of trios. Got {trios!r} instead."
        )
    day = check_as_of(as_of, "score_triads")
    index = index_of(world)
    groups = tuple(
        resolve_members(world, t, "score_triads", (3,), (day,), index=index) for t in trios
    )
    cfg = resolve_config(config, cw, "score_triads")
    signals, base = weighted_signals(cfg)
    days = day_numbers([day])
    idx = np.array([[cw.codes.index(m) for m in g] for g in groups], dtype=np.int64).reshape(-1, 3)
    # the states the trios depend on (no milestones: nothing here reads them)
    sub = restrict(cw, scope(cw, np.unique(idx), signals), milestones=False)
    local = np.searchsorted(np.array([cw.codes.index(c) for c in sub.codes]), idx)
    weights, left_out = coverage_weights(sub, signals, base, days)  # (S, 1)
    stack, _ = signal_stack(sub, days, cfg, signals)  # (S, 1, n, n)
    a, b, c = local[:, 0], local[:, 1], local[:, 2]
    pair_vals = np.stack([stack[:, 0, a, b], stack[:, 0, a, c], stack[:, 0, b, c]], axis=-1)
    pair_parts = weights[:, 0, None, None] * pair_vals  # (S, M, 3)
    shared_parts = (
        weights[:, :1] * shared_stack(sub, days, cfg, signals, np.sort(local, axis=1))[:, 0]
    )
    scores, contributions = triad_values(pair_parts, shared_parts, cfg)
    total = float(weights[:, 0].sum())
    link = link_of(config)
    dyads = pair_parts.sum(axis=0)  # (M, 3)
    pair_p = link_probabilities(link, dyads)
    return TriadScores(
        members=tuple((g[0], g[1], g[2]) for g in groups),
        as_of=day,
        scores=frozen_array(scores),
        dyads=frozen_array(dyads),
        shared=frozen_array(
            shared_parts.sum(axis=0) / total if total > 0 else np.zeros(len(groups))
        ),
        contributions=frozen_mapping(
            {sig.name: frozen_array(contributions[k]) for k, sig in enumerate(signals)}
        ),
        config=cfg,
        left_out=left_out,
        probabilities=None
        if pair_p is None
        else frozen_array(trio_probability(pair_p[:, 0], pair_p[:, 1], pair_p[:, 2])),
    )


def top_triads(
    world: World | CompiledWorld,
    as_of: date | str,
    k: int = 10,
    config: ScoringConfig | Link | None = None,
    *,
    chunk_size: int = 1_000_000,
) -> TopTriads:
    """Return the ``k`` highest-scoring trios of the World at one date.

    All ``N choose 3`` trios are scored, vectorised in chunks of about ``chunk_size``
    trios so that memory stays bounded; only the top ``k`` are explained.

    Parameters
    ----------
    world : World or CompiledWorld
        The records.
    as_of : date or str
        The scoring date.
    k : int
        How many trios, at least 1 (fewer if the World has fewer trios).
    config : ScoringConfig or RiskModel, optional
        Weights and shapes; a calibrated model adds probabilities (and, for
        :func:`top_triads`, ranks trios by their probability of acting together).
    chunk_size : int
        Trios scored at once, at least 1.

    Returns
    -------
    TopTriads
        A tuple of TriadScore, highest first; ties broken by member order in the
        World. ``to_frame()`` gives the ranking as a table.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> best = top_triads(load_scenario("axis-of-upheaval"), "2025-06-01", k=3)
    >>> [t.members for t in best][0]
    ('CHN', 'RUS', 'PRK')
    """
    cw = as_compiled(world, "top_triads")
    day = check_as_of(as_of, "top_triads")
    k = check_int(k, "k", "top_triads", 1)
    chunk_size = check_int(chunk_size, "chunk_size", "top_triads", 1)
    cfg = resolve_config(config, cw, "top_triads")
    n = cw.n_states
    if n < 3:
        return TopTriads()
    signals, base = weighted_signals(cfg)
    days = day_numbers([day])
    weights = coverage_weights(cw, signals, base, days)[0][:, 0]
    live = weights > 0  # the signals left out at this date weigh 0: not computed
    signals, weights = [sig for sig, on in zip(signals, live, strict=True) if on], weights[live]
    stack, _ = signal_stack(cw, days, cfg, signals)
    # Ties that draw states together go through the power mean, enmity through the mean.
    friend = np.tensordot(weights, np.maximum(stack[:, 0], 0.0), axes=(0, 0))  # (N, N)
    enemy = np.tensordot(weights, np.maximum(-stack[:, 0], 0.0), axes=(0, 0))
    keys, y = shared_trios(cw, days, cfg, signals)  # sparse: trios with shared events
    shared = (keys, np.tensordot(weights, y[:, 0], axes=(0, 0)))
    lam = cfg.triad_shared_weight
    link = link_of(config)
    # With a calibrated model, trios rank by P(all on one side), which grows with the sum
    # of their three pair probabilities.
    pair_p = None if link is None else np.asarray(link.probability(friend - enemy))

    if pair_p is not None:  # ranked by the sum of the three pair probabilities
        ranking: PairForm | None = ("sum", pair_p, lambda x: x)
    else:
        ranking = pair_form(np.clip(friend, 0.0, 1.0), cfg)
    shared_at = _shared_positions(n, shared) if pair_p is None else None
    best_scores, best_trios = _scan_trios(
        n,
        k,
        chunk_size,
        ranking,
        lambda x: aggregate(np.clip(x, 0.0, 1.0), cfg),
        friend,
        1.0 if pair_p is not None else 1.0 - lam,
        enemy if pair_p is None and enemy.any() else None,
        lam,
        shared_at,
    )
    out = []
    chosen = best_trios[_top_k(best_scores, best_trios, min(k, best_scores.size))]
    # Explained among the states they depend on: one restriction and stack for all.
    groups = [(cw.codes[t[0]], cw.codes[t[1]], cw.codes[t[2]]) for t in chosen]
    for members, batch in zip(groups, _score_trios(cw, groups, days, cfg, True), strict=True):
        out.append(_triad_result(members, day, batch, cfg, link))
    # Ranked with the scan's arithmetic, reported with the exact one: order by the latter
    # (the two differ in the last digits at most; ties keep member order).
    if link is None:
        out.sort(key=lambda t: -t.score)
    return TopTriads(out)


def _shared_positions(
    n: int, shared: tuple[IntArray, FloatArray]
) -> tuple[IntArray, IntArray, FloatArray]:
    """For each trio with shared events: its first member, its pair index (b, c), value."""
    keys, values = shared
    a, b, c = keys // (n * n), (keys // n) % n, keys % n
    return a, pair_index(n, b, c), values


def _scan_trios(
    n: int,
    k: int,
    chunk_size: int,
    ranking: PairForm | None,
    exact: Callable[[FloatArray], FloatArray],
    friend: FloatArray,
    factor: float,
    enemy: FloatArray | None,
    lam: float,
    shared: tuple[IntArray, IntArray, FloatArray] | None,
) -> tuple[FloatArray, IntArray]:
    """Score every trio ``a < b < c`` and keep the ``k`` best (and any tied with the k-th).

    Trios with first member ``a`` are the pairs ``(b, c)`` of ``triu_indices`` from
    ``starts[a]`` on: a slice. So a pair table's ``T[b, c]`` is a slice, ``T[a, b]``
    and ``T[a, c]`` a take from one row; a loop over first members (not trios), in
    slices of at most ``chunk_size``, keeps memory bounded. Only trios at or above the
    current k-th best score are kept between slices. A trio scores ``factor *
    aggregate - (1 - lam) * mean enmity + lam * shared``.
    """
    b_all, c_all = np.triu_indices(n, 1)
    starts = np.searchsorted(b_all, np.arange(n) + 1)
    mode, table, finish = ranking if ranking is not None else ("stack", friend, exact)
    on_pairs = table[b_all, c_all]
    foe = None if enemy is None else enemy[b_all, c_all]
    firsts = np.zeros(0, dtype=np.int64) if shared is None else shared[0]
    kept_scores: list[FloatArray] = []
    kept_trios: list[IntArray] = []
    kept, threshold = 0, -np.inf

    def offer(
        x: FloatArray,
        y: FloatArray,
        z: FloatArray,
        foes: FloatArray | None,
        at: IntArray,
        worth: FloatArray,
        members: tuple[int | IntArray, IntArray, IntArray],
    ) -> None:
        """Score trios of pair values ``x``, ``y``, ``z`` (summed enmity ``foes``).

        The trios at ``at`` have shared events worth ``worth``; ``members`` are the
        trios' first (one for all, or one each), second and third members.
        """
        nonlocal kept, threshold, kept_scores, kept_trios
        if mode == "sum":
            with np.errstate(over="ignore"):  # x^p near the float limit: inf, limit 0
                score = finish(x + y + z)
        elif mode == "min":
            score = np.minimum(np.minimum(x, y), z)
        else:
            score = exact(np.stack([x, y, z], axis=-1))
        if factor != 1.0:
            score = factor * score
        if foes is not None:
            score -= (1.0 - lam) * foes / 3
        if at.size:
            np.add.at(score, at, lam * worth)
        hit = np.nonzero(score >= threshold)[0]
        if hit.size:
            kept_scores.append(score[hit])
            aa, bb, cc = members
            first = np.full(hit.size, aa) if isinstance(aa, int) else aa[hit]
            kept_trios.append(np.stack([first, bb[hit], cc[hit]], axis=1))
            kept += hit.size
        if kept > max(4 * k, 1024):
            threshold, kept_scores, kept_trios = _reduce(kept_scores, kept_trios, k)
            kept = kept_scores[0].size

    positions = np.zeros(0, dtype=np.int64) if shared is None else shared[1]
    worth = np.zeros(0) if shared is None else shared[2]
    flat, flat_foe = table.ravel(), None if enemy is None else enemy.ravel()
    counts = b_all.size - starts  # trios per first member
    # A first member with few trios costs more in calls than in arithmetic: those are
    # scored together, up to ``group`` trios at once.
    small, group = min(chunk_size, 2048), min(chunk_size, 1 << 15)
    a = 0
    while a < n - 2:
        if counts[a] > small:  # one first member, in slices of pairs (b, c)
            lo_s, hi_s = np.searchsorted(firsts, [a, a + 1])
            row = table[a]
            for lo in range(int(starts[a]), b_all.size, chunk_size):
                hi = min(lo + chunk_size, b_all.size)
                bb, cc = b_all[lo:hi], c_all[lo:hi]
                foes = None
                if enemy is not None and foe is not None:
                    foes = enemy[a].take(bb) + enemy[a].take(cc) + foe[lo:hi]
                at = positions[lo_s:hi_s] - lo
                inside = (at >= 0) & (at < hi - lo)
                offer(
                    row.take(bb),
                    row.take(cc),
                    on_pairs[lo:hi],
                    foes,
                    at[inside],
                    worth[lo_s:hi_s][inside],
                    (a, bb, cc),
                )
            a += 1
            continue
        # Many first members with few trios each, scored together: one step, not one
        # per first member.
        last, total = a, 0
        while last < n - 2 and counts[last] <= small and total + counts[last] <= group:
            total += counts[last]
            last += 1
        lens = counts[a:last]
        begin = np.cumsum(lens) - lens  # where each first member's trios begin
        aa = np.repeat(np.arange(a, last), lens)
        p = np.arange(total) - np.repeat(begin - starts[a:last], lens)
        bb, cc = b_all[p], c_all[p]
        ab, ac = aa * n + bb, aa * n + cc
        foes = None
        if flat_foe is not None and foe is not None:
            foes = flat_foe.take(ab) + flat_foe.take(ac) + foe.take(p)
        lo_s, hi_s = np.searchsorted(firsts, [a, last])
        f = firsts[lo_s:hi_s]
        offer(
            flat.take(ab),
            flat.take(ac),
            on_pairs.take(p),
            foes,
            begin[f - a] + positions[lo_s:hi_s] - starts[f],
            worth[lo_s:hi_s],
            (aa, bb, cc),
        )
        a = last
    if not kept_scores:
        return np.zeros(0), np.zeros((0, 3), dtype=np.int64)
    _, kept_scores, kept_trios = _reduce(kept_scores, kept_trios, k)
    return kept_scores[0], kept_trios[0]


def _reduce(
    scores: list[FloatArray], trios: list[IntArray], k: int
) -> tuple[float, list[FloatArray], list[IntArray]]:
    """Keep the ``k`` best (with ties); return the k-th best score as the new threshold."""
    s, t = np.concatenate(scores), np.concatenate(trios)
    if s.size > k:
        kth = float(np.partition(s, s.size - k)[s.size - k])
        keep = s >= kth
        s, t = s[keep], t[keep]
        return kth, [s], [t]
    return -np.inf, [s], [t]


def _top_k(scores: FloatArray, trios: IntArray, k: int) -> IntArray:
    """Return the indices of the ``k`` best, highest first, ties by (a, b, c)."""
    candidates = np.arange(scores.size)
    if scores.size > k:
        kth = np.partition(scores, scores.size - k)[scores.size - k]
        candidates = np.nonzero(scores >= kth)[0]  # the k best, and any tied with the k-th
    t = trios[candidates]
    order = np.lexsort((t[:, 2], t[:, 1], t[:, 0], -scores[candidates]))
    return candidates[order[:k]]


def _milestones(cw: CompiledWorld, members: tuple[str, ...]) -> tuple[Milestone, ...]:
    """Dated changes of the records that tie at least two of ``members``."""
    m = cw.milestones
    rows = m.of(np.array([cw.codes.index(x) for x in members]))
    out = [
        Milestone(date_of(int(m.day[r])), cw.record_ids[m.record[r]], m.whats[m.what[r]])
        for r in rows
    ]
    return tuple(sorted(out, key=lambda x: (x.day, x.record, x.what)))


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What a group's score is made of at each date (see :func:`_steps`)."""

    values: FloatArray  # (S, T) signed values of a pair, (S, T, 3) of a trio's pairs
    shared: FloatArray | None  # (S, T) signed trilateral values of a trio; None for a pair
    weights: FloatArray  # (S, T) coverage weights


#: Per signal, per step between consecutive dates, the ids of the records behind the group
#: whose rows changed (``None`` for a custom signal, whose records are unknown).
_Changed = list[list[tuple[str, ...]] | None]


def _changed_records(
    sub: CompiledWorld,
    days: IntArray,
    config: ScoringConfig,
    signals: list[AnySignal],
    mine: IntArray,
    milestones: tuple[Milestone, ...],
) -> _Changed:
    """Per signal and step, the records behind the group (``mine``) whose rows changed.

    A built-in signal's records are its rows tying two members (and, for a trio, its
    trilateral rows); a second-order signal's, the rows of the first-order signals of
    its kinds that touch a member (the ties ``a - k`` of every path). A row changed when
    its value differs at the two dates: a record starting, ending, decaying. For a
    signal read against a reference (``relative_to``: the day's mean IGO count), a row
    also moves when the reference does; its record changed only when it has a milestone
    between the two dates.
    """
    n_steps = max(days.size - 1, 0)
    trio = np.sort(mine) if mine.size == 3 else None
    out: _Changed = []
    for sig in signals:
        if isinstance(sig, CustomSignal):
            out.append(None)
            continue
        parts: list[tuple[IntArray, FloatArray]] = []  # (records, (T, R) values)
        own = [sig] if isinstance(sig, Signal) else []
        near = [
            x
            for x in SIGNALS.values()
            if isinstance(sig, DerivedSignal)
            and isinstance(x, Signal)
            and set(x.kinds) & set(sig.kinds)
        ]
        for first in (*own, *near):
            rows = weighted_rows(first, sub, days, config)
            ends = (np.isin(rows.i, mine), np.isin(rows.j, mine))
            keep = (ends[0] & ends[1]) if first in own else (ends[0] | ends[1])
            parts.append((rows.record[keep], rows.values[:, keep]))
            if first in own and trio is not None and first.trio_rows is not None:
                trows = weighted_trio_rows(first, sub, days, config)
                hit = (trows.a == trio[0]) & (trows.b == trio[1]) & (trows.c == trio[2])
                parts.append((trows.record[hit], trows.values[:, hit]))
        steps: list[tuple[str, ...]] = []
        for t in range(1, n_steps + 1):
            ids: set[str] = set()
            for recs, values in parts:
                if isinstance(sig, Signal) and sig.relative_to:
                    lo, hi = date_of(int(days[t - 1])), date_of(int(days[t]))
                    dated = {m.record for m in milestones if lo < m.day <= hi}
                    ids |= {sub.record_ids[r] for r in recs.tolist()} & dated
                else:
                    moved = recs[values[t] != values[t - 1]]
                    ids |= {sub.record_ids[r] for r in moved.tolist()}
            steps.append(tuple(sorted(ids)))
        out.append(steps)
    return out


def _coalition_scores(
    inputs: _Inputs,
    before: int,
    after: int,
    players: list[int],
    config: ScoringConfig,
) -> FloatArray:
    """Return the score for each coalition of ``players`` moved from ``before`` to ``after``.

    A player is a signal index (its values move) or -1 (the coverage weights move).
    Returns ``(2^n,)``, coalitions as bit masks over ``players``.
    """
    n = len(players)
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)
    x = np.repeat(inputs.values[None, :, before], 2**n, axis=0)  # (C, S[, 3])
    w = np.repeat(inputs.weights[None, :, before], 2**n, axis=0)  # (C, S)
    y = None if inputs.shared is None else np.repeat(inputs.shared[None, :, before], 2**n, axis=0)
    for j, k in enumerate(players):
        if k < 0:
            w[masks[:, j]] = inputs.weights[:, after]
            continue
        x[masks[:, j], k] = inputs.values[k, after]
        if y is not None and inputs.shared is not None:
            y[masks[:, j], k] = inputs.shared[k, after]
    if y is None:
        return np.asarray((w * x).sum(axis=1), dtype=np.float64)
    parts = w[:, :, None] * x  # (C, S, 3) weighted signed pair parts
    positive = np.maximum(parts, 0.0).sum(axis=1)
    negative = np.maximum(-parts, 0.0).sum(axis=1)
    g = aggregate(np.clip(positive, 0.0, 1.0), config) - negative.mean(axis=-1)
    lam = config.triad_shared_weight
    return np.asarray((1.0 - lam) * g + lam * (w * y).sum(axis=1), dtype=np.float64)


def _steps(
    scores: FloatArray, inputs: _Inputs, changed: _Changed, config: ScoringConfig
) -> list[tuple[list[float], dict[int, tuple[str, ...]]]]:
    """Split each move of the score between consecutive dates over what moved.

    The players are the signals whose values moved and, if they moved, the coverage
    weights; their Shapley values over the coalitions of moved inputs sum to the move. A
    signal keeps its value only if records of its kind changed (or it is a custom
    signal); the rest of the move (the weights, a value moved by a reference such as the
    day's mean IGO count, rounding) is re-weighting, the last entry, computed as the
    remainder so that the parts sum to the move. Returns, per step, the moves ``S + 1``
    and the changed records of the signals that moved.
    """
    n_sig = inputs.weights.shape[0]
    out = []
    for t in range(1, scores.size):
        moved_values = inputs.values[:, t] != inputs.values[:, t - 1]
        moved = moved_values.reshape(n_sig, -1).any(axis=1)
        if inputs.shared is not None:
            moved |= inputs.shared[:, t] != inputs.shared[:, t - 1]
        players = np.nonzero(moved)[0].tolist()
        if (inputs.weights[:, t] != inputs.weights[:, t - 1]).any():
            players.append(-1)
        moves = [0.0] * (n_sig + 1)
        records: dict[int, tuple[str, ...]] = {}
        if players:
            v = _coalition_scores(inputs, t - 1, t, players, config)
            n = len(players)
            masks = (np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1
            size = masks.sum(axis=1)
            for j, k in enumerate(players):
                if k < 0:
                    continue
                recs = None if changed[k] is None else changed[k][t - 1]  # type: ignore[index]
                if recs is not None and not recs:
                    continue  # no record of its kind changed: its move is re-weighting
                without = np.nonzero(masks[:, j] == 0)[0]
                phi = float(
                    shapley_weights(n)[size[without]] @ (v[without | (1 << j)] - v[without])
                )
                moves[k] = phi
                records[k] = () if recs is None else recs
        delta = float(scores[t]) - float(scores[t - 1])
        moves[-1] = delta - float(np.sum(moves[:-1]))
        out.append((moves, records))
    return out


def timeline(
    world: World | CompiledWorld,
    members: Sequence[str],
    dates: Sequence[date | str],
    config: ScoringConfig | Link | None = None,
) -> Timeline:
    """Score a pair or a trio over many dates at once, with contributions.

    Parameters
    ----------
    world : World or CompiledWorld
        The records. The timeline also lists the dated changes of the members' records
        (``milestones``) that explain each move.
    members : sequence of two or three str
        Distinct state codes.
    dates : sequence of date or str
        Strictly increasing scoring dates.
    config : ScoringConfig or RiskModel, optional
        Weights and shapes; a calibrated model adds probabilities (and, for
        :func:`top_triads`, ranks trios by their probability of acting together).

    Returns
    -------
    Timeline
        ``.scores`` ``(T,)`` and per-signal ``.contributions`` that sum to them;
        ``.changes()`` says what moved the score between consecutive dates.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> t = timeline(load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
    ...              ["2018-01-01", "2022-01-01", "2025-01-01"])
    >>> bool(t.scores[2] > t.scores[0])
    True
    """
    cw = as_compiled(world, "timeline")
    when = check_dates(dates, "timeline")
    group = resolve_members(world, members, "timeline", (2, 3), when)
    cfg = resolve_config(config, cw, "timeline")
    days = day_numbers(list(when))
    signals, base = weighted_signals(cfg)
    pair_scores: FloatArray | None = None  # (T, 3) for trios
    idx = scope(cw, np.array([cw.codes.index(m) for m in group]), signals)
    sub = restrict(cw, idx)
    mine = np.array([sub.codes.index(m) for m in group], dtype=np.int64)
    if len(group) == 3:
        batch = _score_trio(cw, (group[0], group[1], group[2]), days, cfg, False)
        scores, contributions, left_out = batch.scores, batch.contributions, batch.left_out
        pair_scores = batch.pairs
        inputs = _Inputs(batch.values, batch.shared_values, batch.weights)
    else:
        weights, left_out = coverage_weights(sub, signals, base, days)
        stack, _ = signal_stack(sub, days, cfg, signals)
        contributions = weights * stack[:, :, mine[0], mine[1]]
        scores = contributions.sum(axis=0)
        inputs = _Inputs(stack[:, :, mine[0], mine[1]], None, weights)
    milestones = _milestones(cw, group)

    def explain_steps() -> tuple[Change, ...]:
        """Every move between consecutive dates, split over what moved (on request)."""
        changed = _changed_records(sub, days, cfg, signals, mine, milestones)
        steps = _steps(scores, inputs, changed, cfg)
        return tuple(
            Change(
                start=when[t - 1],
                end=when[t],
                before=float(scores[t - 1]),
                after=float(scores[t]),
                contributions=frozen_mapping(
                    {
                        **{sig.name: moves[k] for k, sig in enumerate(signals)},
                        REWEIGHTING: moves[-1],
                    }
                ),
                milestones=tuple(m for m in milestones if when[t - 1] < m.day <= when[t]),
                records=frozen_mapping(
                    {signals[k].name: recs for k, recs in by_signal.items() if moves[k] != 0.0}
                ),
            )
            for t, (moves, by_signal) in enumerate(steps, start=1)
        )

    return Timeline(
        members=group,
        dates=when,
        scores=frozen_array(scores),
        contributions=frozen_mapping(
            {sig.name: frozen_array(contributions[k]) for k, sig in enumerate(signals)}
        ),
        milestones=milestones,
        config=cfg,
        left_out=left_out,
        probabilities=_timeline_probabilities(link_of(config), scores, pair_scores),
        _steps=explain_steps,
    )


@dataclass(frozen=True, slots=True)
class SignalPanel:
    """Signed signal values and coverage weights of many pairs, each at its own date.

    Attributes
    ----------
    signals : tuple of str
        Signal names, in registry order (the columns).
    values : numpy.ndarray
        ``(R, S)``: ``sign * value`` of each signal for row ``r``'s pair at its date.
    weights : numpy.ndarray
        ``(R, S)``: the configuration's weights renormalised over the signals covered
        at that date (0 for a signal left out); ``(values * weights).sum(1)`` is the
        pair score.
    """

    signals: tuple[str, ...]
    values: FloatArray
    weights: FloatArray

    @property
    def scores(self) -> FloatArray:
        """Pair scores, one per row: what :func:`score_dyads` gives."""
        out: FloatArray = (self.values * self.weights).sum(axis=1)
        return out


def signal_panel(
    world: World | CompiledWorld,
    a: Sequence[str],
    b: Sequence[str],
    as_of: Sequence[date | str],
    config: ScoringConfig | None = None,
    *,
    chunk_dates: int = 16,
) -> SignalPanel:
    """Return every signal's value for many pairs, each at its own date, vectorised.

    The kernel behind calibration and panels: the whole signal stack is computed once
    per distinct date (a few dates at a time) and the rows gathered from it, so a table
    of thousands of pairs over two centuries costs what its distinct dates cost.

    Parameters
    ----------
    world : World or CompiledWorld
        The records.
    a, b : sequence of str
        The two states of each row; equal lengths.
    as_of : sequence of date or str
        Each row's scoring date; records dated after it are never seen.
    config : ScoringConfig, optional
        Signal shapes, and the weights whose signals are returned (all registered
        signals with a positive weight).
    chunk_dates : int
        Distinct dates computed at once (memory grows with it).

    Returns
    -------
    SignalPanel

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> p = signal_panel(w, ["RUS", "USA"], ["PRK", "JPN"], ["2025-06-01", "2025-06-01"])
    >>> bool(abs(p.scores[0] - score_dyads(w, "2025-06-01").score("RUS", "PRK")) < 1e-12)
    True
    """
    cw = as_compiled(world, "signal_panel")
    cfg = resolve_config(config, cw, "signal_panel")
    chunk_dates = check_int(chunk_dates, "chunk_dates", "signal_panel", 1)
    for name, column in (("a", a), ("b", b), ("as_of", as_of)):
        if isinstance(column, str | bytes | date) or not hasattr(column, "__len__"):
            raise InvalidParameterError(
                f"The {name!r} parameter of signal_panel must be a sequence (one item per "
                f"row), not a single value. Got {column!r} instead."
            )
    if not (len(a) == len(b) == len(as_of)):
        raise InvalidParameterError(
            f"signal_panel: a, b and as_of must have equal lengths; got {len(a)}, {len(b)} "
            f"and {len(as_of)}"
        )
    index = {c: k for k, c in enumerate(cw.codes)}
    names = index_of(world)  # a name, alias or other case is read as the resolver reads it
    a, b = (
        [
            c if c in index else resolve_members(world, [c], "signal_panel", (1,), index=names)[0]
            for c in column
        ]
        for column in (a, b)
    )
    ia = np.array([index[c] for c in a], dtype=np.int64)
    ib = np.array([index[c] for c in b], dtype=np.int64)
    if np.any(ia == ib):
        r = int(np.argmax(ia == ib))
        raise InvalidParameterError(f"signal_panel: row {r} pairs {a[r]!r} with itself")
    days = np.array(
        [day_numbers([check_as_of(d, "signal_panel")])[0] for d in as_of], dtype=np.int64
    )
    signals, base = weighted_signals(cfg)
    values = np.zeros((ia.size, len(signals)))
    weights = np.zeros((ia.size, len(signals)))
    uniq, inverse = np.unique(days, return_inverse=True)
    for lo in range(0, uniq.size, chunk_dates):
        chunk = uniq[lo : lo + chunk_dates]
        stack, _ = signal_stack(cw, chunk, cfg, signals)  # (S, t, N, N)
        w, _ = coverage_weights(cw, signals, base, chunk)  # (S, t)
        rows = np.nonzero((inverse >= lo) & (inverse < lo + chunk.size))[0]
        t = inverse[rows] - lo
        values[rows] = stack[:, t, ia[rows], ib[rows]].T
        weights[rows] = w[:, t].T
    return SignalPanel(
        signals=tuple(sig.name for sig in signals),
        values=values,
        weights=weights,
    )


def _timeline_probabilities(
    link: Link | None, scores: FloatArray, pair_scores: FloatArray | None
) -> FloatArray | None:
    """Return per date P(acting together) for a pair, P(all on one side) for a trio."""
    if link is None:
        return None
    if pair_scores is None:
        return frozen_array(link.probability(scores))
    p = np.asarray(link.probability(pair_scores))
    return frozen_array(trio_probability(p[:, 0], p[:, 1], p[:, 2]))


def month_starts(start: date | str, end: date | str) -> list[date]:
    """Return the first day of every month from ``start`` to ``end`` inclusive.

    Examples
    --------
    >>> [d.isoformat() for d in month_starts("2024-11-15", "2025-01-31")]
    ['2024-12-01', '2025-01-01']
    """
    lo, hi = check_as_of(start, "month_starts", "start"), check_as_of(end, "month_starts", "end")
    if lo > date(9999, 12, 1):  # the calendar ends before another month begins
        return []
    first = date(lo.year, lo.month, 1)
    if first < lo:
        first = date(lo.year + lo.month // 12, lo.month % 12 + 1, 1)
    months = (hi.year - first.year) * 12 + hi.month - first.month + 1
    return [
        date(first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1, 1)
        for m in range(max(months, 0))
    ]
