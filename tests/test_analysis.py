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
    simulate_trios,
    weight_sensitivity,
    what_if,
)
from alliance_risk.testing.strategies import worlds
from alliance_risk.world import RECORD_KINDS

AXIS = ar.load_scenario("axis-of-upheaval")
CRK, CRI, UJK = ("CHN", "RUS", "PRK"), ("CHN", "RUS", "IRN"), ("USA", "JPN", "KOR")
LEVELS = tuple(ar.Confidence)
DRILL = ar.Exercise(
    id="E-CRK-drill",
    participants=CRK,
    start="2025-10-01",
    domain="naval",
    source=("what-if",),
    confidence="reported",
)


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


def test_what_if_a_first_rivalry_brings_enmity_in() -> None:
    rivalry = ar.Rivalry(
        id="R-what-if",
        rivals=("RUS", "JPN"),
        start="2025-01-01",
        source=("what-if",),
        confidence="reported",
    )
    r = what_if(AXIS, add=[rivalry], as_of="2025-06-01")
    assert r.left_out_before == ("rivalry",) and r.left_out_after == ()
    c = r.change("RUS", "JPN")
    assert c.before >= 0 > c.after and c.contributions["rivalry"] < 0
    assert r.to_dict()["left_out_after"] == []


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
    # no rivalry in this World, and no conflict among these members: no enmity, so every
    # score is in [0, 1]
    assert a.left_out == ("rivalry",)
    assert np.all((a.draws >= 0) & (a.draws <= 1))


def test_contested_ranges_alone_move_only_supply_signals() -> None:
    fixed = simulate(
        AXIS,
        [("RUS", "PRK"), ("USA", "KOR")],
        ["2025-06-01"],
        n_draws=200,
        concentration=None,
        presence=False,
    )
    assert fixed.draws[:, 0, 0].std() > 0  # contested troops and shells
    assert np.ptp(fixed.draws[:, 1, 0]) < 1e-12  # nothing contested between the US and Korea
    # every record at full weight: the troops draws lie between the ranges' ends
    cfg = ar.ScoringConfig(weights={"troops": 1}, confidence_weights=dict.fromkeys(LEVELS, 1.0))
    troops = simulate(AXIS, [("RUS", "PRK")], ["2025-06-01"], cfg, n_draws=2000, concentration=None)
    # on 2025-06-01: [11,000, 12,000] + [1,000, 3,000]; the engineers (6,000) come on 06-17
    expected = 1 - np.exp(-np.array([12_000, 15_000]) / 5_000)
    assert expected[0] - 1e-9 <= troops.draws.min() and troops.draws.max() <= expected[1] + 1e-9
    tri = simulate(
        AXIS,
        [("RUS", "PRK")],
        ["2025-06-01"],
        cfg,
        n_draws=2000,
        concentration=None,
        amounts="triangular",
    )
    assert expected[0] - 1e-9 <= tri.draws.min() and tri.draws.max() <= expected[1] + 1e-9


def test_weight_uncertainty_alone() -> None:
    s = simulate(
        AXIS, [CRK], ["2025-06-01"], n_draws=300, ranges=False, concentration=50, presence=False
    )
    assert "Dirichlet(50" in s.varied and "contested" not in s.varied
    assert s.draws.std() > 0


def test_outranking_probabilities() -> None:
    crm, aukus = ("CHN", "RUS", "MNG"), ("USA", "AUS", "GBR")
    s = simulate(AXIS, [CRK, CRI, UJK, crm, aukus], ["2025-12-31"], n_draws=500)
    assert s.prob_outranks(CRK, UJK)[0] == 1.0
    p = s.prob_outranks(crm, aukus)[0]
    assert p + s.prob_outranks(aukus, crm)[0] == pytest.approx(1.0)
    assert 0 < p < 1  # genuinely uncertain


def test_a_group_draws_the_same_whatever_else_is_simulated() -> None:
    alone = simulate(AXIS, [("RUS", "PRK")], ["2025-06-01"], n_draws=300, rng=5)
    crowd = simulate(
        AXIS, [UJK, ("RUS", "PRK"), CRI, ("IND", "RUS")], ["2025-06-01"], n_draws=300, rng=5
    )
    np.testing.assert_array_equal(alone.draws[:, 0], crowd.draws[:, 1])


# --- every trio ----------------------------------------------------------------------------


def trio_row(u: object, members: tuple[str, ...]) -> int:
    codes = [AXIS.codes.index(m) for m in members]
    return int(np.nonzero((u.trios == sorted(codes)).all(axis=1))[0][0])  # type: ignore[attr-defined]


def test_every_trio_is_simulated_once_in_world_order() -> None:
    u = simulate_trios(AXIS, ["2025-06-01"], n_draws=50, rng=1)
    n = len(AXIS.codes)
    assert u.trios.shape == (n * (n - 1) * (n - 2) // 6, 3)
    assert (np.diff(u.trios, axis=1) > 0).all()  # a < b < c
    assert len({tuple(t) for t in u.trios.tolist()}) == u.trios.shape[0]
    assert (np.diff(u.trios[:, 0] * n * n + u.trios[:, 1] * n + u.trios[:, 2]) > 0).all()


def test_with_nothing_varied_every_draw_is_the_engines_score() -> None:
    days = ["2024-06-01", "2025-06-01"]
    u = simulate_trios(AXIS, days, n_draws=5, k=3, concentration=None, ranges=False, presence=False)
    assert u.varied.startswith("nothing")
    for m, trio in enumerate(u.trios.tolist()):
        members = tuple(AXIS.codes[x] for x in trio)
        for t, day in enumerate(days):
            assert u.point[m, t] == pytest.approx(
                ar.score_triad(AXIS, members, day).score, abs=1e-12
            )
    np.testing.assert_allclose(u.mean, u.point, atol=1e-12)
    np.testing.assert_allclose(u.low, u.point, atol=1e-12)
    np.testing.assert_allclose(u.high, u.point, atol=1e-12)
    # fixed scores: the k best in every draw are the k best by score
    best = {tuple(r["members"]) for r in u.top(3, by="point")}
    assert {tuple(r["members"]) for r in u.top(3)} == best
    assert sorted(u.p_top[:, 1].tolist())[-4:] == [0.0, 1.0, 1.0, 1.0]


def test_every_trio_draws_what_simulate_draws_for_it() -> None:
    u = simulate_trios(AXIS, ["2025-06-01"], n_draws=400, k=3, rng=11)
    s = simulate(AXIS, [CRK, UJK, CRI], ["2025-06-01"], n_draws=400, rng=11)
    for g, trio in enumerate((CRK, UJK, CRI)):
        m = trio_row(u, trio)
        lo, hi = s.interval(trio)
        assert u.low[m, 0] == pytest.approx(lo[0], abs=1e-12)
        assert u.high[m, 0] == pytest.approx(hi[0], abs=1e-12)
        assert u.mean[m, 0] == pytest.approx(s.draws[:, g, 0].mean(), abs=1e-12)
    assert u.p_top[trio_row(u, CRK), 0] == 1.0
    assert u.p_top.sum() == pytest.approx(3.0)  # k trios in the top k of every draw
    assert "contested figures" in u.varied and "Dirichlet" in u.varied


def test_p_top_counts_each_draws_k_best() -> None:
    s = simulate(
        AXIS,
        [CRK, UJK, CRI, ("USA", "AUS", "GBR"), ("CHN", "RUS", "IND")],
        ["2025-06-01"],
        n_draws=300,
        rng=2,
    )
    u = simulate_trios(AXIS, ["2025-06-01"], n_draws=300, k=2, rng=2)
    # these five are the only contenders: the two best of each draw are among them
    second = np.sort(s.draws[:, :, 0], axis=1)[:, -2]
    for g, trio in enumerate(s.groups):
        want = float((s.draws[:, g, 0] >= second).mean())
        assert u.p_top[trio_row(u, trio), 0] == pytest.approx(want), trio


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"k": 0}, "'k' parameter of simulate_trios"),
        ({"n_draws": 1}, "'n_draws' parameter of simulate_trios"),
        ({"block_size": 0}, "'block_size' parameter of simulate_trios"),
        ({"amounts": "normal"}, "'amounts' parameter of simulate_trios"),
        ({"concentration": 0.0}, "'concentration' parameter of simulate_trios"),
    ],
)
def test_simulate_trios_refuses_bad_options(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(ar.InvalidParameterError, match=fragment):
        simulate_trios(AXIS, ["2025-06-01"], **kwargs)  # type: ignore[arg-type]


def test_small_blocks_give_the_same_statistics() -> None:
    a = simulate_trios(AXIS, ["2025-06-01"], n_draws=60, rng=4)
    b = simulate_trios(AXIS, ["2025-06-01"], n_draws=60, rng=4, block_size=7)
    for name in ("point", "mean", "low", "high", "p_top"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_a_list_of_trios_gets_the_statistics_it_gets_among_all() -> None:
    days = ["2024-06-01", "2025-06-01"]
    every = simulate_trios(AXIS, days, n_draws=150, rng=8)
    chosen = [UJK, CRK, ("CHN", "IND", "PAK"), ("IRN", "PRK", "RUS")]
    some = simulate_trios(AXIS, days, n_draws=150, rng=8, trios=chosen, k=2)
    assert some.trios.shape == (4, 3)
    for m, trio in enumerate(some.trios.tolist()):
        i = int(np.nonzero((every.trios == trio).all(axis=1))[0][0])
        for name in ("point", "mean", "low", "high"):
            np.testing.assert_array_equal(getattr(some, name)[m], getattr(every, name)[i])
    assert some.p_top.sum(axis=0).tolist() == [2.0, 2.0]  # ranked among the four
    with pytest.raises(ar.InvalidParameterError, match="names CHN-RUS-PRK twice"):
        simulate_trios(AXIS, days, trios=[CRK, ("PRK", "CHN", "RUS")])
    with pytest.raises(ar.InvalidParameterError, match="'trios' parameter of simulate_trios"):
        simulate_trios(AXIS, days, trios=[])


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
    assert np.all((s.draws >= -1) & (s.draws <= 1))


@st.composite
def worlds_at_war(draw: st.DrawFn) -> ar.World:
    """Random Worlds with one conflict, and maybe a rivalry, among their first states."""
    world = draw(worlds(min_states=4, max_states=5, max_records=2))
    a, b, c, d = world.codes[:4]
    start = draw(st.dates(date(2000, 1, 1), date(2025, 1, 1)))
    late = draw(st.dates(start, date(2026, 1, 1)))
    war = ar.Conflict(
        id="W-random",
        name="a war",
        kind=draw(st.sampled_from(["war", "dispute"])),
        start=start,
        hostility=draw(st.integers(1, 5)),
        sides=(
            [{"state": a, "joined": start}, {"state": d, "joined": late}],
            [{"state": b, "joined": start}],
        ),
        source=("test",),
        confidence="confirmed",
    )
    rivalries = []
    if draw(st.booleans()):
        rivalries = [
            ar.Rivalry(
                id="R-random", rivals=(c, b), start=start, source=("test",), confidence="confirmed"
            )
        ]
    return world.model_copy(update={"conflicts": (war,), "rivalries": tuple(rivalries)})


@settings(max_examples=20, deadline=None)
@given(worlds_at_war(), st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.booleans())
def test_simulation_point_matches_the_engine_on_random_worlds_at_war(
    world: ar.World, day: date, derived: bool
) -> None:
    world = ar.World.model_validate(world.model_dump())  # validated as a whole
    cfg = DERIVED if derived else None
    trio, pair = world.codes[:3], world.codes[:2]
    s = simulate(world, [trio, pair], [day], cfg, n_draws=20, rng=0)
    assert s.point[0, 0] == pytest.approx(ar.score_triad(world, trio, day, cfg).score, abs=1e-12)
    assert s.point[1, 0] == pytest.approx(ar.score_dyads(world, day, cfg).score(*pair), abs=1e-12)
    assert np.all((s.draws >= -1) & (s.draws <= 1))
    # nothing drawn (every record at its confidence weight): every draw is the point
    fixed = simulate(
        world, [trio, pair], [day], cfg, n_draws=3, ranges=False, concentration=None, presence=False
    )
    np.testing.assert_allclose(fixed.draws, np.broadcast_to(s.point, fixed.draws.shape), atol=1e-12)


# --- enmity, second-order signals, coverage ----------------------------------------------------

SRC = {"source": ("test",), "confidence": "confirmed"}
AT_WAR = ar.World(
    states=[ar.State(code=c, name=c) for c in ("AAA", "BBB", "CCC", "DDD", "EEE")],
    pacts=[
        ar.Pact(
            id="P-AC",
            name="A-C",
            parties=("AAA", "CCC"),
            signed="2010-01-01",
            in_force="2010-01-01",
            obligations=("defence",),
            **SRC,
        )
    ],
    deployments=[
        ar.Deployment(
            id="D-AB",
            supplier="AAA",
            recipient="BBB",
            kind="troops",
            amount=1000,
            unit="personnel",
            low=500,
            high=2000,
            start="2015-01-01",
            **SRC,
        )
    ],
    summits=[ar.Summit(id="S-ABD", participants=("AAA", "BBB", "DDD"), date="2017-05-01", **SRC)],
    conflicts=[
        ar.Conflict(
            id="W-BC",
            name="B against C and D",
            kind="war",
            start="2018-01-01",
            hostility=5,
            sides=(
                [{"state": "BBB", "joined": "2018-01-01"}],
                [
                    {"state": "CCC", "joined": "2018-01-01"},
                    {"state": "DDD", "joined": "2019-01-01"},
                ],
            ),
            **SRC,
        )
    ],
    rivalries=[ar.Rivalry(id="R-BE", rivals=("BBB", "EEE"), start="2000-01-01", **SRC)],
)
DERIVED = ar.ScoringConfig(
    weights={
        **ar.ScoringConfig().weights,
        "allies_in_common": 0.1,
        "enemies_in_common": 0.1,
        "ally_of_enemy": 0.2,
    }
)
ABD = ("AAA", "BBB", "DDD")
WAR_DATES = ["2016-01-01", "2018-06-01", "2020-01-01", "2025-01-01"]


@pytest.mark.parametrize("cfg", [None, DERIVED], ids=["default", "second-order"])
def test_simulation_point_is_the_engine_in_a_world_at_war(cfg: ar.ScoringConfig | None) -> None:
    groups = [ABD, ("BBB", "CCC"), ("AAA", "BBB")]
    s = simulate(AT_WAR, groups, WAR_DATES, cfg, n_draws=200, rng=1)
    for k, g in enumerate(groups):
        t = ar.timeline(AT_WAR, g, WAR_DATES, cfg)
        assert s.point[k].tolist() == t.scores.tolist()  # the engine's own numbers
        assert s.left_out == t.left_out == ("exercises", "lifelines")
    for t_i, day in enumerate(WAR_DATES):
        triad = ar.score_triad(AT_WAR, ABD, day, cfg)
        assert s.point[0, t_i] == pytest.approx(triad.score, abs=1e-15)
        assert s.point[1, t_i] == pytest.approx(
            ar.score_dyads(AT_WAR, day, cfg).score("BBB", "CCC")
        )
    assert s.point[1, -1] < 0 and s.point[0, -1] < 0  # enemies score below strangers
    lo, hi = s.interval(("BBB", "CCC"))
    assert hi[-1] < 0 and lo[-1] >= -1
    assert np.all((s.draws >= -1) & (s.draws <= 1)) and s.draws.max() > 0
    # with nothing varied, every draw is the point: the pooled score is the engine's
    fixed = simulate(AT_WAR, groups, WAR_DATES, cfg, n_draws=3, ranges=False, concentration=None)
    np.testing.assert_allclose(fixed.draws, np.broadcast_to(s.point, fixed.draws.shape), atol=1e-15)


def test_second_order_signals_reach_third_states_outside_the_groups() -> None:
    # A is C's ally and B is C's enemy: "ally of enemy" ties A and B through C, which is
    # in no group. Restricting the World to the members would lose it.
    t = ar.timeline(AT_WAR, ("AAA", "BBB"), WAR_DATES, DERIVED)
    assert t.contributions["ally_of_enemy"][-1] < 0
    s = simulate(AT_WAR, [("AAA", "BBB")], WAR_DATES, DERIVED, n_draws=50)
    assert s.point[0].tolist() == t.scores.tolist()
    sens = weight_sensitivity(AT_WAR, ("AAA", "BBB"), WAR_DATES[-1], DERIVED, n=256)
    assert "ally_of_enemy" in sens.signals and sens.left_out == ("exercises", "lifelines")
    assert sens.total_order[sens.signals.index("ally_of_enemy")] > 0.01


PACTS_ONLY = ar.World(
    states=[ar.State(code=c, name=c) for c in ("AAA", "BBB", "CCC")],
    pacts=[
        ar.Pact(
            id="P-ABC",
            name="A-B-C",
            parties=("AAA", "BBB", "CCC"),
            signed="2010-01-01",
            in_force="2011-01-01",
            obligations=("consultation",),
            **SRC,
        ),
        ar.Pact(
            id="P-AB",
            name="A-B",
            parties=("AAA", "BBB"),
            signed="2012-01-01",
            obligations=("defence",),
            **SRC,
        ),
    ],
    conflicts=[
        ar.Conflict(
            id="M-AC",
            name="A against C",
            kind="dispute",
            start="2019-01-01",
            end="2019-12-31",
            hostility=5,
            sides=(
                [{"state": "AAA", "joined": "2019-01-01"}],
                [{"state": "CCC", "joined": "2019-01-01"}],
            ),
            **SRC,
        )
    ],
    coverage={"conflicts": ar.Coverage(first="2018-01-01", last="2020-12-31")},
)


def test_left_out_signals_never_get_weight_in_any_draw() -> None:
    abc, ab, ac = ("AAA", "BBB", "CCC"), ("AAA", "BBB"), ("AAA", "CCC")
    dates = ["2017-01-01", "2019-06-01", "2022-01-01"]  # conflicts are covered 2018-2020
    s = simulate(PACTS_ONLY, [ab, ac, abc], dates, n_draws=500, rng=5)
    assert "Dirichlet" in s.varied and "contested" not in s.varied
    assert s.left_out == (
        "troops",
        "materiel",
        "summits",
        "exercises",
        "lifelines",
        "antagonism",
        "rivalry",
        "cobelligerence",
    )
    # Outside the conflicts' coverage only the pact signal is in use: whatever weights
    # are drawn, it gets all the weight, so no draw moves.
    for k in range(3):
        for t in (0, 2):
            assert np.all(s.draws[:, k, t] == s.point[k, t])
    assert s.point[0, 0] > 0 and s.point[1, 2] > 0
    # Inside it, antagonism and cobelligerence share the weight: draws move, and the
    # dispute pulls A and C below what their pact alone gives, in every draw.
    assert np.ptp(s.draws[:, 0, 1]) > 0 and np.all(s.draws[:, 0, 1] < s.point[0, 0])
    assert s.point[1, 1] < 0 and np.all(s.draws[:, 1, 1] < s.point[1, 2])
    for t, day in enumerate(dates):
        assert s.point[1, t] == pytest.approx(ar.score_dyads(PACTS_ONLY, day).score(*ac))
        assert s.point[2, t] == pytest.approx(ar.score_triad(PACTS_ONLY, abc, day).score)


def test_sensitivity_and_momentum_say_what_was_left_out() -> None:
    s = weight_sensitivity(PACTS_ONLY, ("AAA", "BBB"), "2022-01-01", n=64)
    assert s.signals == ("pact",) and s.total_order.tolist() == [0.0]
    assert "antagonism" in s.left_out and s.to_dict()["left_out"] == list(s.left_out)
    inside = weight_sensitivity(PACTS_ONLY, ("AAA", "CCC"), "2019-06-01", n=64)
    assert inside.signals == ("pact", "antagonism", "cobelligerence")
    m = momentum(PACTS_ONLY, ("AAA", "CCC"), "2019-06-01", window_days=730)
    assert (
        m.change < 0
        and m.left_out == ar.timeline(PACTS_ONLY, ("AAA", "CCC"), [m.start, m.end]).left_out
    )
    assert "antagonism" in m.left_out  # left out at the window's start (before 2018)
    assert m.to_dict()["left_out"] == list(m.left_out)


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


# --- records short of certain (issue 12) ------------------------------------------------------


def _one_summit(level: str) -> ar.World:
    return ar.World.model_validate(
        {
            "states": [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")],
            "summits": [
                {
                    "id": "S1",
                    "date": "2020-01-01",
                    "participants": ["AAA", "BBB"],
                    "level": "leaders",
                    "source": ["test"],
                    "confidence": level,
                }
            ],
        }
    )


@pytest.mark.parametrize(("level", "odds"), [("reported", 0.75), ("contested", 0.5)])
def test_a_draw_keeps_a_doubtful_record_with_probability_its_weight(
    level: str, odds: float
) -> None:
    world, cfg = _one_summit(level), ar.ScoringConfig(weights={"summits": 1})
    s = simulate(world, [("AAA", "BBB")], ["2020-01-01"], cfg, n_draws=4000, concentration=None)
    full = 1 - np.exp(-0.5)  # the summit at full strength, scale 2
    values = s.draws[:, 0, 0]
    kept = values == full
    assert np.all(kept | (values == 0.0))  # kept at full strength, or dropped
    assert abs(kept.mean() - odds) < 4 * np.sqrt(odds * (1 - odds) / values.size)
    assert s.point[0, 0] == pytest.approx(1 - np.exp(-odds / 2))  # the point weighs it by odds
    assert "1 reported or contested records" in s.varied
    # not drawn: every draw keeps the record at its weight, so every draw is the point
    fixed = simulate(
        world, [("AAA", "BBB")], ["2020-01-01"], cfg, n_draws=5, concentration=None, presence=False
    )
    assert np.all(fixed.draws == fixed.point) and fixed.varied.startswith("nothing")


def test_a_trio_draws_its_doubtful_shared_events_too() -> None:
    summit = {
        "id": "S3",
        "date": "2020-01-01",
        "participants": ["AAA", "BBB", "CCC"],
        "level": "leaders",
        "source": ["test"],
        "confidence": "contested",
    }
    world = ar.World.model_validate({**_one_summit("confirmed").model_dump(), "summits": [summit]})
    cfg = ar.ScoringConfig(weights={"summits": 1})
    trio = ("AAA", "BBB", "CCC")
    s = simulate(world, [trio], ["2020-01-01"], cfg, n_draws=400, concentration=None)
    u = simulate_trios(world, ["2020-01-01"], cfg, n_draws=400, concentration=None)
    values = s.draws[:, 0, 0]
    assert set(np.round(values, 12).tolist()) == {
        0.0,
        round(ar.score_triad(world, trio, "2020-01-01", cfg.model_copy(
            update={"confidence_weights": dict.fromkeys(ar.Confidence, 1.0)})).score, 12),
    }  # fmt: skip
    assert u.mean[0, 0] == pytest.approx(values.mean(), abs=1e-12)


@settings(max_examples=20, deadline=None)
@given(
    worlds(min_states=3, max_states=4, max_records=4), st.dates(date(2000, 1, 1), date(2030, 1, 1))
)
def test_with_every_record_confirmed_and_fixed_weights_every_draw_is_the_point(
    world: ar.World, day: date
) -> None:
    data = world.model_dump()
    for kind in RECORD_KINDS:
        data[kind] = [{**r, "confidence": "confirmed"} for r in data[kind]]
    sure = ar.World.model_validate(data)
    trio, pair = sure.codes[:3], sure.codes[:2]
    s = simulate(sure, [trio, pair], [day], n_draws=3, ranges=False, concentration=None)
    # the same numbers, up to the order in which the draws sum the signals' parts
    np.testing.assert_allclose(s.draws, np.broadcast_to(s.point, s.draws.shape), rtol=0, atol=1e-15)
    assert s.varied.startswith("nothing")


def test_without_presence_draws_every_record_keeps_its_confidence_weight() -> None:
    # A confirmed deployment with a contested range and a reported one without: with
    # presence=False the reported one counts at its confidence weight (0.75) in every
    # draw, as in the point score, not at full strength.
    src = {"source": ["test"], "start": "2020-01-01"}
    world = ar.World.model_validate(
        {
            "states": [{"code": c, "name": c} for c in ("AAA", "BBB")],
            "deployments": [
                {
                    "id": "D1",
                    "supplier": "AAA",
                    "recipient": "BBB",
                    "kind": "troops",
                    "amount": 1_500,
                    "low": 1_000,
                    "high": 2_000,
                    "unit": "personnel",
                    "confidence": "confirmed",
                    **src,
                },
                {
                    "id": "D2",
                    "supplier": "AAA",
                    "recipient": "BBB",
                    "kind": "troops",
                    "amount": 10_000,
                    "unit": "personnel",
                    "confidence": "reported",
                    **src,
                },
            ],
        }
    )
    cfg = ar.ScoringConfig(weights={"troops": 1})
    s = simulate(
        world,
        [("AAA", "BBB")],
        ["2021-01-01"],
        cfg,
        n_draws=200,
        concentration=None,
        presence=False,
    )
    lo, hi = 1 - np.exp(-np.array([1_000 + 7_500, 2_000 + 7_500]) / 5_000)
    assert s.draws.std() > 0  # the contested range moves the draws
    assert lo - 1e-12 <= s.draws.min() and s.draws.max() <= hi + 1e-12
    assert lo <= s.point[0, 0] <= hi
