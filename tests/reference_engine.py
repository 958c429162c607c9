"""A straightforward, per-record, pure-Python scoring engine: the oracle for the fast one.

It reads the World's records directly (no compiled arrays, no numpy, no signal
registry) and follows the formulas of docs/scoring.md line by line: every signal's
value in [0, 1], each entering scores with its sign; signals whose record kinds the
World does not cover at the date left out and the weights renormalised over the rest;
second-order structure summed over third states; the signed triad formula. The engine
must agree with it to 1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from itertools import combinations

from alliance_risk import Obligation, ScoringConfig, World
from alliance_risk.models import Conflict, Deployment, DeploymentKind, Pact

PERSONNEL = {DeploymentKind.TROOPS, DeploymentKind.ADVISERS}

#: Per built-in signal: its sign and the record kinds it reads (its data).
SIGNALS: dict[str, tuple[int, tuple[str, ...]]] = {
    "pact": (1, ("pacts",)),
    "troops": (1, ("deployments",)),
    "materiel": (1, ("deployments",)),
    "summits": (1, ("summits",)),
    "exercises": (1, ("exercises",)),
    "lifelines": (1, ("lifelines",)),
    "antagonism": (-1, ("conflicts",)),
    "rivalry": (-1, ("rivalries",)),
    "cobelligerence": (1, ("conflicts",)),
    "joint_igos": (1, ("joint_igos",)),
    "allies_in_common": (1, ("pacts", "conflicts")),
    "enemies_in_common": (1, ("conflicts", "rivalries")),
    "ally_of_enemy": (-1, ("conflicts", "rivalries")),
}
#: Friend ties ``F`` and enemy ties ``E`` of the second-order signals, with the kind each reads.
FRIEND = (("pact", "pacts"), ("cobelligerence", "conflicts"))
ENEMY = (("antagonism", "conflicts"), ("rivalry", "rivalries"))

NEVER = None  # an end that never comes


def _decay(age: int, half_life: float) -> float:
    return 0.0 if age < 0 else 2.0 ** (-age / half_life)


def _saturate(x: float, scale: float) -> float:
    # -expm1, not 1 - exp: for tiny x the subtraction loses every digit, and a geometric
    # mean of three pairs turns that relative error into a visible one (found by the CI
    # profile: 1.18e-7 vs 1.20e-7).
    return -math.expm1(-x / scale)


def _active_then_decaying(day: date, start: date, end: date | None, half_life: float) -> float:
    """0 before ``start``, 1 from ``start`` to ``end`` inclusive (or for ever), then decaying."""
    if day < start:
        return 0.0
    if end is None or day <= end:
        return 1.0
    return _decay((day - end).days, half_life)


def _weight(record: object, cfg: ScoringConfig) -> float:
    """Return a record's confidence weight: the factor each of its rows is multiplied by."""
    return cfg.confidence_weights[record.confidence]  # type: ignore[attr-defined]


def _pledge(obligations: Iterable[Obligation], cfg: ScoringConfig) -> float:
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


def _amount(d: Deployment, cfg: ScoringConfig) -> float:
    if d.low is None or d.high is None or cfg.contested == "amount":
        return float(d.amount)
    return {"midpoint": (d.low + d.high) / 2, "low": d.low, "high": d.high}[cfg.contested]


def covered(world: World, kind: str, day: date) -> bool:
    """Whether the World's records of ``kind`` are complete on ``day``.

    Inside a declared coverage period; or, for a kind with no declared period, at every
    date if the World holds a record of the kind, and never if it holds none.
    """
    if kind in world.coverage:
        return world.coverage[kind].first <= day <= world.coverage[kind].last
    return bool(getattr(world, kind))


def weights_at(world: World, day: date, cfg: ScoringConfig) -> dict[str, float]:
    """Normalised weights on ``day``, renormalised over the signals the World covers then.

    A signal none of whose kinds is covered is left out (weight 0); with nothing covered,
    every weight is 0.
    """
    base = cfg.normalized_weights()
    live = {s: w for s, w in base.items() if any(covered(world, k, day) for k in SIGNALS[s][1])}
    total = sum(live.values())
    return {s: (live.get(s, 0.0) / total if total > 0 else 0.0) for s in base}


def left_out(world: World, day: date, cfg: ScoringConfig) -> set[str]:
    """Return the weighted signals the World has no data for on ``day``."""
    return {
        s
        for s in cfg.normalized_weights()
        if not any(covered(world, k, day) for k in SIGNALS[s][1])
    }


# --- first-order signals ---------------------------------------------------------------------


def _pact(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> float:
    """Strongest directed pledge each way over all pacts, then the asymmetric rule."""
    best = {a: 0.0, b: 0.0}
    for p in world.pacts:
        if a in p.parties and b in p.parties and p.ties(a, b):
            phase = _phase(day, p.signed, p.in_force, p.ended, cfg)
            best[a] = max(best[a], phase * _pledge(p.owed(a, b), cfg) * _weight(p, cfg))
            best[b] = max(best[b], phase * _pledge(p.owed(b, a), cfg) * _weight(p, cfg))
    return _rule([best[a], best[b]], cfg)


def conflict_spans(c: Conflict, a: str, b: str) -> dict[bool, list[tuple[date, date | None]]]:
    """Return the spans of pair ``(a, b)`` in conflict ``c``, per relation (True: opposed).

    Every pair of spells, one of each state: its start is the later join, its end the
    first leave (a spell with no leave date lasts to the conflict's end, or for ever),
    never before its start.
    """
    spells = [(s, p) for s, side in enumerate(c.sides) for p in side]
    out: dict[bool, list[tuple[date, date | None]]] = {}
    for (sa, p), (sb, q) in ((x, y) for x in spells for y in spells):
        if p.state != a or q.state != b:
            continue
        start = max(p.joined, q.joined)
        ends = [e for e in (p.left or c.end, q.left or c.end) if e is not None]
        end = max(start, min(ends)) if ends else NEVER
        out.setdefault(sa != sb, []).append((start, end))
    return out


def _conflict(world: World, a: str, b: str, day: date, cfg: ScoringConfig, opposed: bool) -> float:
    total = 0.0
    for c in world.conflicts:
        spans = conflict_spans(c, a, b).get(opposed, [])
        if spans:  # a conflict counts once: its strongest spell-pair at this date
            time = max(_active_then_decaying(day, s, e, cfg.conflict_half_life) for s, e in spans)
            total += c.hostility / 5 * time * _weight(c, cfg)
    scale = cfg.antagonism_scale if opposed else cfg.cobelligerence_scale
    return _saturate(total, scale)


def _rivalry(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> float:
    return max(
        (
            _active_then_decaying(day, r.start, r.end, cfg.rivalry_half_life) * _weight(r, cfg)
            for r in world.rivalries
            if set(r.rivals) == {a, b}
        ),
        default=0.0,
    )


def _joint_igos(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> float:
    # The mean count over every pair of the World with a count on the day (not only a, b).
    held = [
        (g.members, c.count, _weight(g, cfg))
        for g in world.joint_igos
        for c in g.counts
        if c.start <= day <= c.end
    ]
    if not held:
        return 0.0
    mean = math.fsum(n for _, n, _ in held) / len(held)  # the reference: counts as recorded
    if mean == 0:
        return 0.0
    mine = max(
        (n / (cfg.igo_scale * mean) * w for m, n, w in held if set(m) == {a, b} and w > 0),
        default=0.0,
    )
    return _saturate(mine, 1.0)


def _event_weight(n: int, k: int, token: bool, cfg: ScoringConfig) -> float:
    """Return the weight of an event of ``n`` states for a pair (k = 2) or trio (3)."""
    factor = (k / n) ** cfg.event_size_exponent
    return cfg.token_weight * factor if token else factor


def first_order(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> dict[str, float]:
    """Each first-order signal's value in [0, 1] for the pair (a, b) on ``day``."""
    personnel = 0.0
    materiel = 0.0
    for d in world.deployments:
        if {d.supplier, d.recipient} != {a, b}:
            continue
        # a record of weight 0 counts 0, however large its figure (never 0 * inf)
        time = _active_then_decaying(day, d.start, d.end, cfg.supply_half_life) * _weight(d, cfg)
        if time == 0:
            continue
        amount = _amount(d, cfg)
        if d.kind == DeploymentKind.BASING:
            personnel += time * (amount / cfg.basing_scale)
        elif d.kind in PERSONNEL:
            personnel += time * (amount / cfg.troops_scale)
        elif d.kind == DeploymentKind.COMPONENTS:
            materiel += time * min(amount / cfg.materiel_scales[d.kind], cfg.component_cap)
        else:
            materiel += time * (amount / cfg.materiel_scales[d.kind])

    def events(records, when, half_life: float, scale: float) -> float:  # type: ignore[no-untyped-def]
        total = 0.0
        for r in records:
            if a in r.participants and b in r.participants:
                token = {a, b} & set(getattr(r, "token", ()))
                total += (
                    _decay((day - when(r)).days, half_life)
                    * _event_weight(len(r.participants), 2, bool(token), cfg)
                    * _weight(r, cfg)
                )
        return _saturate(total, scale)

    lifeline = 0.0
    for ll in world.lifelines:
        if {ll.supplier, ll.buyer} != {a, b}:
            continue
        if ll.share is not None:
            strength = _saturate(ll.share, cfg.share_scale)
        else:
            assert ll.volume is not None and ll.unit is not None  # a share, a volume, or both
            strength = _saturate(ll.volume / cfg.volume_scales[ll.unit], 1.0)
        time = _active_then_decaying(day, ll.start, ll.end, cfg.supply_half_life)
        lifeline = max(lifeline, strength * time * _weight(ll, cfg))

    return {
        "pact": _pact(world, a, b, day, cfg),
        "troops": _saturate(personnel, 1.0),
        "materiel": _saturate(materiel, 1.0),
        "summits": events(world.summits, lambda r: r.date, cfg.summit_half_life, cfg.summit_scale),
        "exercises": events(
            world.exercises, lambda r: r.start, cfg.exercise_half_life, cfg.exercise_scale
        ),
        "lifelines": lifeline,
        "antagonism": _conflict(world, a, b, day, cfg, opposed=True),
        "rivalry": _rivalry(world, a, b, day, cfg),
        "cobelligerence": _conflict(world, a, b, day, cfg, opposed=False),
        "joint_igos": _joint_igos(world, a, b, day, cfg),
    }


# --- second-order signals and pair scores ----------------------------------------------------


class Reference:
    """Every pair's signals in one World, on one date, under one configuration."""

    def __init__(self, world: World, day: date, cfg: ScoringConfig) -> None:
        self.world, self.day, self.cfg = world, day, cfg
        self.weights = weights_at(world, day, cfg)
        self.first: Callable[[str, str], dict[str, float]] = cache(
            lambda a, b: first_order(world, a, b, day, cfg)
        )

    def tie(self, parts: tuple[tuple[str, str], ...], a: str, b: str) -> float:
        """``F`` or ``E`` for (a, b): the largest of its parts whose kind is covered."""
        values = self.first(a, b)
        return max(
            (values[s] for s, kind in parts if covered(self.world, kind, self.day)), default=0.0
        )

    def signals(self, a: str, b: str) -> dict[str, float]:
        """Every signal's value in [0, 1] for (a, b), second-order ones included."""
        out = dict(self.first(a, b))
        friends = enemies = mixed = 0.0
        for k in self.world.codes:
            if k in (a, b):
                continue
            fa, fb = self.tie(FRIEND, a, k), self.tie(FRIEND, k, b)
            ea, eb = self.tie(ENEMY, a, k), self.tie(ENEMY, k, b)
            friends += fa * fb
            enemies += ea * eb
            mixed += 0.5 * (fa * eb + ea * fb)
        out["allies_in_common"] = _saturate(friends, self.cfg.allies_scale)
        out["enemies_in_common"] = _saturate(enemies, self.cfg.enemies_scale)
        out["ally_of_enemy"] = _saturate(mixed, self.cfg.ally_of_enemy_scale)
        return out

    def parts(self, a: str, b: str) -> dict[str, float]:
        """Each weighted signal's signed part ``w_s σ_s X_s`` of the pair score."""
        values = self.signals(a, b)
        return {s: w * SIGNALS[s][0] * values[s] for s, w in self.weights.items()}

    def dyad(self, a: str, b: str) -> float:
        return math.fsum(self.parts(a, b).values())


def pair_signals(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> dict[str, float]:
    """Each built-in signal's value in [0, 1] for the pair (a, b) at ``day``."""
    return Reference(world, day, cfg).signals(a, b)


def dyad_score(world: World, a: str, b: str, day: date, cfg: ScoringConfig) -> float:
    return Reference(world, day, cfg).dyad(a, b)


def dyad_matrix(world: World, day: date, cfg: ScoringConfig) -> list[list[float]]:
    ref = Reference(world, day, cfg)
    codes = list(world.codes)
    n = len(codes)
    out = [[0.0] * n for _ in range(n)]
    for i, j in combinations(range(n), 2):
        out[i][j] = out[j][i] = ref.dyad(codes[i], codes[j])
    return out


# --- triads ------------------------------------------------------------------------------------


def _pact_trio(p: Pact, trio: tuple[str, str, str], cfg: ScoringConfig) -> float | None:
    """Return a pact's strength for a trio, or None if it does not tie all three pairs.

    Each member's trilateral pledge is what it owes both of the others.
    """
    if not set(trio) <= set(p.parties):
        return None
    if not all(p.ties(x, y) for x, y in combinations(trio, 2)):
        return None
    own = []
    for m in trio:
        x, y = (o for o in trio if o != m)
        own.append(_pledge(set(p.owed(m, x)) & set(p.owed(m, y)), cfg))
    return _rule(own, cfg)


def trio_signals(
    world: World, trio: tuple[str, str, str], day: date, cfg: ScoringConfig
) -> dict[str, float]:
    """Each signal's trilateral value Y_s for a trio at ``day`` (0 for bilateral signals)."""
    members = set(trio)
    pact = 0.0
    for p in world.pacts:
        strength = _pact_trio(p, trio, cfg)
        if strength is not None:
            phase = _phase(day, p.signed, p.in_force, p.ended, cfg)
            pact = max(pact, phase * strength * _weight(p, cfg))

    def events(records, when, half_life: float, scale: float) -> float:  # type: ignore[no-untyped-def]
        total = sum(
            _decay((day - when(r)).days, half_life)
            * _event_weight(
                len(r.participants), 3, bool(members & set(getattr(r, "token", ()))), cfg
            )
            * _weight(r, cfg)
            for r in records
            if members <= set(r.participants)
        )
        return _saturate(total, scale)

    out = dict.fromkeys(SIGNALS, 0.0)
    out["pact"] = pact
    out["summits"] = events(world.summits, lambda r: r.date, cfg.summit_half_life, cfg.summit_scale)
    out["exercises"] = events(
        world.exercises, lambda r: r.start, cfg.exercise_half_life, cfg.exercise_scale
    )
    return out


#: Below this ``|q| * max|log x - mean log x|`` the power mean is its expansion about the
#: geometric mean (the next term is below 1e-16 times the spread of the logs).
_EXPANSION_BELOW = 1e-8


def _power_mean(xs: list[float], p: float | str) -> float:
    """``(mean x^q)^(1/q)`` for values in [0, 1], accurate for every finite ``q`` <= 1.

    Written from the definition, not from the engine: ``x**q`` and ``log(mean)/q`` lose
    every digit for tiny ``q`` (``x**1e-12`` is 1 to 12 digits; ``q = 1e-300`` gives 1
    for any ``x``) and overflow for ``q`` near -1.8e308. In logs ``L = log x``:

    - ``|q| * spread(L)`` tiny: the cumulant expansion
      ``log M_q = mean(L) + q var(L) / 2 + O(q^2)`` (``q = 0`` is the geometric mean);
    - otherwise, about the log ``R`` that makes every ``q (L - R) <= 0`` (the largest for
      ``q > 0``, the smallest for ``q < 0``):
      ``log M_q = R + log1p(mean(expm1(q (L - R)))) / q``, whose terms share a sign, so
      nothing cancels and nothing overflows.
    """
    if p == "min":
        return min(xs)
    q = float(p)
    lo, hi = min(xs), max(xs)
    if hi <= 0 or (q <= 0 and lo <= 0):
        return 0.0  # the limit of the formula: any zero pulls p <= 0 to 0
    if q == 1:
        return math.fsum(xs) / len(xs)
    logs = [math.log(x) if x > 0 else -math.inf for x in xs]
    if lo > 0:
        mean = math.fsum(logs) / len(logs)
        if abs(q) * max(abs(v - mean) for v in logs) < _EXPANSION_BELOW:
            var = math.fsum((v - mean) ** 2 for v in logs) / len(logs)
            return min(max(math.exp(mean + q * var / 2), lo), hi)
    ref = max(logs) if q > 0 else min(logs)
    m = math.fsum(math.expm1(q * (v - ref)) for v in logs) / len(logs)
    return min(max(math.exp(ref + math.log1p(m) / q), lo), hi)


def ties_and_enmity(ref: Reference, a: str, b: str) -> tuple[float, float]:
    """Return ``(P, N)`` for a pair.

    ``P``: the weighted signals that draw it together, clipped to [0, 1]; ``N``: the
    weighted enmity, as a positive number.
    """
    parts = ref.parts(a, b)
    positive = math.fsum(v for s, v in parts.items() if SIGNALS[s][0] > 0)
    negative = -math.fsum(v for s, v in parts.items() if SIGNALS[s][0] < 0)
    return min(max(positive, 0.0), 1.0), negative


def triad_score(world: World, trio: tuple[str, str, str], day: date, cfg: ScoringConfig) -> float:
    """``(1 - λ)(M_p(P_ab, P_ac, P_bc) - mean(N_ab, N_ac, N_bc)) + λ Σ_s w_s σ_s Y_s``."""
    a, b, c = trio
    ref = Reference(world, day, cfg)
    pn = [ties_and_enmity(ref, x, y) for x, y in ((a, b), (a, c), (b, c))]
    shared = trio_signals(world, trio, day, cfg)
    lam = cfg.triad_shared_weight
    bilateral = _power_mean([p for p, _ in pn], cfg.triad_power) - sum(n for _, n in pn) / 3
    return (1 - lam) * bilateral + lam * math.fsum(
        w * SIGNALS[s][0] * shared[s] for s, w in ref.weights.items()
    )
