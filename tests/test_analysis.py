"""Tests for :mod:`alliance_risk.analysis`: what-if, Monte Carlo, sensitivity, momentum."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk.analysis import (
    momentum,
    rank_stability,
    simulate,
    weight_sensitivity,
    what_if,
)
from alliance_risk.testing.strategies import worlds

AXIS = ar.load_scenario("axis-of-upheaval")
CRK, CRI, UJK = ("CHN", "RUS", "PRK"), ("CHN", "RUS", "IRN"), ("USA", "JPN", "KOR")
DRILL = ar.Exercise(id="E-CRK-drill", participants=CRK, start="2025-10-01", domain="naval",
                    source=("what-if",), confidence="reported")  # fmt: skip


# --- what-if ---------------------------------------------------------------------------------


def test_what_if_adding_a_trilateral_drill() -> None:
    r = what_if(AXIS, add=[DRILL], as_of="2025-12-31")
    assert r.added == ("E-CRK-drill",) and r.removed == ()
    assert {c.members for c in r.changes} == {("CHN", "RUS"), ("CHN", "PRK"), ("RUS", "PRK"), CRK}
    trio = r.change("PRK", "CHN", "RUS")
    assert trio.after > trio.before
    assert trio.after == pytest.approx(ar.score_triad(r.world, CRK, "2025-12-31").score)
    assert sum(trio.contributions.values()) == pytest.approx(trio.delta, abs=1e-12)
    assert all(c.delta >= 0 for c in r.changes)


def test_what_if_troops_go_home() -> None:
    troops = [d.id for d in AXIS.deployments if d.kind.value == "troops"]
    r = what_if(AXIS, remove=troops, as_of="2025-06-01", members=("RUS", "PRK"))
    (c,) = r.changes
    assert c.after < c.before and c.contributions["troops"] == pytest.approx(c.delta)
    json.dumps(r.to_dict())


def test_what_if_refuses_unknown_ids_and_bad_records() -> None:
    with pytest.raises(ar.InvalidParameterError, match="did you mean 'D1-PRK-RUS-troops'"):
        what_if(AXIS, remove=["D1-PRK-RUS-troop"], as_of="2025-06-01")
    bad = DRILL.model_copy(update={"participants": ("CHN", "XYZ")})
    with pytest.raises(ValueError, match="'XYZ' is not a state in this World"):
        what_if(AXIS, add=[bad], as_of="2025-06-01")
    with pytest.raises(ValueError, match="already used"):
        what_if(AXIS, add=[DRILL.model_copy(update={"id": "P2-RUS-PRK-CSP"})], as_of="2025-06-01")


# --- Monte Carlo ---------------------------------------------------------------------------------


def test_simulation_is_seeded_shaped_and_centred() -> None:
    dates = ["2024-06-01", "2025-06-01"]
    a = simulate(AXIS, [CRK, ("RUS", "PRK")], dates, n_draws=400, rng=3)
    b = simulate(AXIS, [CRK, ("RUS", "PRK")], dates, n_draws=400, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.draws, b.draws)  # reproducible
    assert a.draws.shape == (400, 2, 2)
    assert a.point[0, 1] == pytest.approx(ar.score_triad(AXIS, CRK, "2025-06-01").score)
    assert a.point[1, 1] == pytest.approx(ar.score_dyads(AXIS, "2025-06-01").score("RUS", "PRK"))
    lo, hi = a.interval(CRK)
    assert np.all(lo <= a.point[0]) and np.all(a.point[0] <= hi) and np.all(lo < hi)
    assert np.all((a.draws >= 0) & (a.draws <= 1))


def test_contested_ranges_alone_move_only_supply_signals() -> None:
    fixed = simulate(AXIS, [("RUS", "PRK"), ("USA", "JPN")], ["2025-06-01"], n_draws=200,
                     concentration=None)  # fmt: skip
    assert fixed.draws[:, 0, 0].std() > 0  # contested troops and shells
    assert np.ptp(fixed.draws[:, 1, 0]) < 1e-12  # nothing contested between the US and Japan
    cfg = ar.ScoringConfig(weights={"troops": 1})
    troops = simulate(AXIS, [("RUS", "PRK")], ["2025-06-01"], cfg, n_draws=2000,
                      concentration=None)  # fmt: skip
    # on 2025-06-01: [11,000, 12,000] + [1,000, 3,000]; the engineers (6,000) come on 06-17
    expected = 1 - np.exp(-np.array([12_000, 15_000]) / 5_000)
    assert expected[0] - 1e-9 <= troops.draws.min() and troops.draws.max() <= expected[1] + 1e-9
    tri = simulate(AXIS, [("RUS", "PRK")], ["2025-06-01"], cfg, n_draws=2000,
                   concentration=None, amounts="triangular")  # fmt: skip
    assert expected[0] - 1e-9 <= tri.draws.min() and tri.draws.max() <= expected[1] + 1e-9


def test_weight_uncertainty_alone() -> None:
    s = simulate(AXIS, [CRK], ["2025-06-01"], n_draws=300, ranges=False, concentration=50)
    assert "Dirichlet(50" in s.varied and "contested" not in s.varied
    assert s.draws.std() > 0


def test_outranking_probabilities() -> None:
    s = simulate(AXIS, [CRK, CRI, UJK], ["2025-12-31"], n_draws=500)
    assert s.prob_outranks(CRK, UJK)[0] == 1.0
    p = s.prob_outranks(CRI, UJK)[0]
    assert p + s.prob_outranks(UJK, CRI)[0] == pytest.approx(1.0)
    assert 0 < p < 1  # genuinely uncertain


def test_rank_stability() -> None:
    r = rank_stability(AXIS, "2025-12-31", k=3, extra=3, n_draws=300)
    assert r.trios[0] == CRK and r.p_top_k[0] == 1.0
    assert len(r.trios) == 6 and r.rank_draws.shape == (300, 6)
    assert set(np.unique(r.rank_draws)) <= set(range(1, 7))
    assert r.p_top_k.sum() == pytest.approx(3.0)  # exactly k candidates are top k per draw


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"n_draws": 1}, "'n_draws' parameter of simulate"),
        ({"concentration": 0}, "'concentration' parameter"),
        ({"amounts": "normal"}, "'amounts' parameter"),
        ({"rng": "seed"}, "'rng' parameter of simulate"),
    ],
)
def test_simulate_refuses_bad_options(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(ar.InvalidParameterError, match=fragment):
        simulate(AXIS, [CRK], ["2025-01-01"], **kwargs)  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None)
@given(
    worlds(min_states=3, max_states=4, max_records=3), st.dates(date(2000, 1, 1), date(2030, 1, 1))
)
def test_simulation_point_matches_the_engine_on_random_worlds(world: ar.World, day: date) -> None:
    trio = world.codes[:3]
    s = simulate(world, [trio], [day], n_draws=20, rng=0)
    assert s.point[0, 0] == pytest.approx(ar.score_triad(world, trio, day).score, abs=1e-12)
    assert np.all((s.draws >= 0) & (s.draws <= 1))


# --- sensitivity and momentum ----------------------------------------------------------------


def test_sobol_indices_name_the_weight_that_matters() -> None:
    s = weight_sensitivity(AXIS, CRK, "2025-12-31", n=1024)
    assert s.signals[int(np.argmax(s.total_order))] == "pact"
    assert np.all(s.total_order > -0.05) and np.all(s.first_order < 1.05)
    only_pact = weight_sensitivity(
        AXIS, CRK, "2025-12-31", ar.ScoringConfig(weights={"pact": 1}), n=64
    )
    assert only_pact.signals == ("pact",)
    assert only_pact.total_order.tolist() == [0.0] and "does not vary" in only_pact.varied
    with pytest.raises(ar.InvalidParameterError, match="power of 2"):
        weight_sensitivity(AXIS, CRK, "2025-12-31", n=1000)
    with pytest.raises(ar.InvalidParameterError, match=r"'spread' parameter"):
        weight_sensitivity(AXIS, CRK, "2025-12-31", spread=1.5)


def test_momentum_flags_consolidation_with_the_records_responsible() -> None:
    m = momentum(AXIS, CRK, "2025-01-01")
    assert m.consolidating and m.change > 0.05
    assert {"P2-RUS-PRK-CSP", "D1-PRK-RUS-troops"} <= {x.record for x in m.milestones}
    assert sum(m.contributions.values()) == pytest.approx(m.change)
    calm = momentum(AXIS, UJK, "2021-01-01", threshold=0.05)
    assert not calm.consolidating
    strict = momentum(AXIS, CRK, "2025-01-01", threshold=0.5)
    assert not strict.consolidating
    json.dumps(m.to_dict())
