"""A straightforward, per-record, pure-Python scoring engine: the oracle for the fast one.

It reads the World's records directly (no compiled arrays, no numpy) and follows the
formulas of docs/scoring.md line by line. The engine must agree with it to 1e-9.
"""

from __future__ import annotations

import math
from datetime import date
from itertools import combinations

from alliance_risk import Obligation, ScoringConfig, World
from alliance_risk.models import DeploymentKind

PERSONNEL = {DeploymentKind.TROOPS, DeploymentKind.ADVISERS}


def _decay(age: int, half_life: float) -> float:
    return 0.0 if age < 0 else 2.0 ** (-age / half_life)


def _saturate(x: float, scale: float) -> float:
    # -expm1, not 1 - exp: for tiny x the subtraction loses every digit, and a geometric
    # mean of three pairs turns that relative error into a visible one (found by the CI
    # profile: 1.18e-7 vs 1.20e-7).
    return -math.expm1(-x / scale)


def _supply_time(day: date, start: date, end: date | None, half_life: float) -> float:
    if day < start:
        return 0.0
    if end is None or day <= end:
        return 1.0
    return _decay((day - end).days, half_life)


def _pledge(obligations: tuple[Obligation, ...], cfg: ScoringConfig) -> float:
    return max((cfg.pact_scale[o] for o in obligations), default=0.0)


def _phase(
    day: date, signed: date, in_force: date | None, ended: date | None, cfg: ScoringConfig
) -> float:
    if ended is not None and day >= ended:
        return 0.0
    if in_force is not None and day >= in_force:
        return 1.0
    if day >= signed:
        return cfg.pending_pact_factor
    return 0.0


def _rule(values: list[float], cfg: ScoringConfig) -> float:
    if cfg.asymmetric_rule == "max":
        return max(values)
    if cfg.asymmetric_rule == "min":
        return min(values)
    return sum(values) / len(values)


def _amount(d, cfg: ScoringConfig) -> float:  # type: ignore[no-untyped-def]
    if d.low is None or cfg.contested == "amount":
        return float(d.amount)
    return {"midpoint": (d.low + d.high) / 2, "low": d.low, "high": d.high}[cfg.contested]


def pair_signals(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> dict[str, float]:
    """Each built-in signal's value for the pair (a, b) at ``day``."""
    # pact: strongest pledge each way, then the asymmetric rule
    best = {a: 0.0, b: 0.0}
    for p in world.pacts:
        if a in p.parties and b in p.parties:
            phase = _phase(day, p.signed, p.in_force, p.ended, cfg)
            for x in (a, b):
                best[x] = max(best[x], phase * _pledge(p.obligations_of(x), cfg))
    pact = _rule([best[a], best[b]], cfg)

    personnel = 0.0
    materiel = 0.0
    for d in world.deployments:
        if {d.supplier, d.recipient} != {a, b}:
            continue
        amount = _amount(d, cfg) * _supply_time(day, d.start, d.end, cfg.supply_half_life)
        if d.kind in PERSONNEL:
            personnel += amount
        else:
            materiel += amount / cfg.materiel_scales[d.kind]

    def events(records, when, half_life: float, scale: float) -> float:  # type: ignore[no-untyped-def]
        total = 0.0
        for r in records:
            if a in r.participants and b in r.participants:
                total += _decay((day - when(r)).days, half_life)
        return _saturate(total, scale)

    lifeline = 0.0
    for ll in world.lifelines:
        if {ll.supplier, ll.buyer} != {a, b}:
            continue
        if ll.share is not None:
            strength = _saturate(ll.share, cfg.share_scale)
        else:
            strength = _saturate(ll.volume / cfg.volume_scales[ll.unit], 1.0)
        lifeline = max(
            lifeline, strength * _supply_time(day, ll.start, ll.end, cfg.supply_half_life)
        )

    return {
        "pact": pact,
        "troops": _saturate(personnel, cfg.troops_scale),
        "materiel": _saturate(materiel, 1.0),
        "summits": events(world.summits, lambda r: r.date, cfg.summit_half_life, cfg.summit_scale),
        "exercises": events(
            world.exercises, lambda r: r.start, cfg.exercise_half_life, cfg.exercise_scale
        ),
        "lifelines": lifeline,
    }


def trio_signals(
    world: World, trio: tuple[str, str, str], day: date, cfg: ScoringConfig
) -> dict[str, float]:
    """Each signal's trilateral value Y_s for a trio at ``day`` (0 for bilateral signals)."""
    members = set(trio)
    pact = 0.0
    for p in world.pacts:
        if members <= set(p.parties):
            phase = _phase(day, p.signed, p.in_force, p.ended, cfg)
            pact = max(
                pact, phase * _rule([_pledge(p.obligations_of(m), cfg) for m in sorted(trio)], cfg)
            )

    def events(records, when, half_life: float, scale: float) -> float:  # type: ignore[no-untyped-def]
        total = sum(
            _decay((day - when(r)).days, half_life)
            for r in records
            if members <= set(r.participants)
        )
        return _saturate(total, scale)

    return {
        "pact": pact,
        "troops": 0.0,
        "materiel": 0.0,
        "summits": events(world.summits, lambda r: r.date, cfg.summit_half_life, cfg.summit_scale),
        "exercises": events(
            world.exercises, lambda r: r.start, cfg.exercise_half_life, cfg.exercise_scale
        ),
        "lifelines": 0.0,
    }


def dyad_score(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> float:
    weights = cfg.normalized_weights()
    values = pair_signals(world, a, b, day, cfg)
    return math.fsum(w * values[s] for s, w in weights.items())


def dyad_matrix(world: World, day: date, cfg: ScoringConfig) -> list[list[float]]:
    codes = list(world.codes)
    n = len(codes)
    out = [[0.0] * n for _ in range(n)]
    for i, j in combinations(range(n), 2):
        out[i][j] = out[j][i] = dyad_score(world, codes[i], codes[j], day, cfg)
    return out


def _power_mean(xs: list[float], p: float | str) -> float:
    if p == "min":
        return min(xs)
    q = float(p)
    if q <= 0 and min(xs) <= 0:
        return 0.0
    if q == 0:
        return math.exp(sum(math.log(x) for x in xs) / len(xs))
    if q > 0:
        return (sum(x**q for x in xs) / len(xs)) ** (1 / q)
    # log-sum-exp: (mean x^q)^(1/q) without overflow for tiny x and negative q
    logs = [q * math.log(x) for x in xs]
    top = max(logs)
    log_mean = top + math.log(sum(math.exp(v - top) for v in logs)) - math.log(len(xs))
    return math.exp(log_mean / q)


def triad_score(world: World, trio: tuple[str, str, str], day: date, cfg: ScoringConfig) -> float:
    a, b, c = trio
    pairs = [dyad_score(world, x, y, day, cfg) for x, y in ((a, b), (a, c), (b, c))]
    weights = cfg.normalized_weights()
    shared = trio_signals(world, trio, day, cfg)
    lam = cfg.triad_shared_weight
    return (1 - lam) * _power_mean(pairs, cfg.triad_power) + lam * math.fsum(
        w * shared[s] for s, w in weights.items()
    )
