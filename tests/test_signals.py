"""Tests for :mod:`alliance_risk.signals`: each signal's documented formula on small Worlds."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk import Confidence, ScoringConfig, World, score_dyads, score_triad
from alliance_risk.signals import SIGNALS, registered_signals
from alliance_risk.testing.strategies import dates, scoring_configs, worlds

from . import reference_engine as ref

STATES = [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")]
SRC = {"source": ["test"], "confidence": "confirmed"}
RANGE = (date(1990, 1, 1), date(2030, 12, 31))


def world(**records: Any) -> World:
    return World.model_validate({"states": STATES, **records})


def only(signal: str, **extra: Any) -> ScoringConfig:
    return ScoringConfig(weights={signal: 1.0}, **extra)


def pair(w: World, day: str, cfg: ScoringConfig, a: str = "AAA", b: str = "BBB") -> float:
    return score_dyads(w, day, cfg).score(a, b)


def test_registry_lists_every_signal_in_order() -> None:
    # direct ties, then the history of conflict, then second-order structure
    assert registered_signals() == tuple(SIGNALS)
    assert registered_signals() == (
        "pact",
        "troops",
        "materiel",
        "summits",
        "exercises",
        "lifelines",
        "antagonism",
        "rivalry",
        "cobelligerence",
        "joint_igos",
        "allies_in_common",
        "enemies_in_common",
        "ally_of_enemy",
    )


@pytest.mark.parametrize("name", list(ref.SIGNALS))
def test_each_signal_declares_its_sign_and_the_kinds_it_reads(name: str) -> None:
    # The reference engine's table is the documented contract: enmity has sign -1, and a
    # signal is left out where none of the record kinds it reads is covered.
    sign, kinds = ref.SIGNALS[name]
    assert (SIGNALS[name].sign, SIGNALS[name].kinds) == (sign, kinds)
    assert set(ref.SIGNALS) == set(SIGNALS)


def pact(**kw: Any) -> dict[str, Any]:
    base = {
        "id": "P",
        "name": "p",
        "parties": ["AAA", "BBB"],
        "signed": "2020-01-01",
        "obligations": ["defence"],
        **SRC,
    }
    return {**base, **kw}


def test_pact_phases_pending_in_force_and_ended() -> None:
    w = world(pacts=[pact(in_force="2020-06-01", ended="2022-01-01")])
    cfg = only("pact", pending_pact_factor=0.5)
    assert pair(w, "2019-12-31", cfg) == 0.0
    assert pair(w, "2020-01-01", cfg) == 0.5  # signed, not in force
    assert pair(w, "2020-06-01", cfg) == 1.0
    assert pair(w, "2021-12-31", cfg) == 1.0
    assert pair(w, "2022-01-01", cfg) == 0.0  # ended


def test_pact_without_entry_into_force_stays_pending() -> None:
    w = world(pacts=[pact()])
    assert pair(w, "2030-01-01", only("pact", pending_pact_factor=0.3)) == pytest.approx(0.3)


def test_pact_takes_the_strongest_obligation_and_the_strongest_pact() -> None:
    w = world(
        pacts=[
            pact(id="P1", obligations=["consultation", "non_aggression"], in_force="2020-01-01"),
            pact(id="P2", obligations=["partnership"], in_force="2020-01-01"),
        ]
    )
    assert pair(w, "2021-01-01", only("pact")) == pytest.approx(0.5)


@pytest.mark.parametrize(("rule", "expected"), [("mean", 0.7), ("max", 1.0), ("min", 0.4)])
def test_asymmetric_rule(rule: str, expected: float) -> None:
    w = world(
        pacts=[
            pact(
                obligations=["defence", "consultation"],
                in_force="2020-01-01",
                party_obligations={"BBB": ["consultation"]},
            )
        ]
    )
    assert pair(w, "2021-01-01", only("pact", asymmetric_rule=rule)) == pytest.approx(expected)


def test_multilateral_pact_ties_every_pair_and_the_trio() -> None:
    w = world(pacts=[pact(parties=["AAA", "BBB", "CCC"], in_force="2020-01-01")])
    cfg = only("pact", triad_shared_weight=0.5)
    s = score_dyads(w, "2021-01-01", cfg)
    assert s.score("AAA", "CCC") == s.score("BBB", "CCC") == 1.0
    t = score_triad(w, ("AAA", "BBB", "CCC"), "2021-01-01", cfg)
    assert t.shared == 1.0 and t.score == pytest.approx(1.0)
    assert {e.record for e in t.evidence} == {"P"}


def deployment(**kw: Any) -> dict[str, Any]:
    base = {
        "id": "D",
        "supplier": "AAA",
        "recipient": "BBB",
        "kind": "troops",
        "amount": 1000,
        "unit": "personnel",
        "start": "2024-01-01",
        **SRC,
    }
    return {**base, **kw}


@pytest.mark.parametrize(("amount", "expected"), [(1000, 0.18), (5000, 0.63), (15000, 0.95)])
def test_troops_saturate_on_the_documented_scale(amount: int, expected: float) -> None:
    w = world(deployments=[deployment(amount=amount)])
    assert pair(w, "2024-06-01", only("troops")) == pytest.approx(expected, abs=0.005)


def test_troops_count_either_way_and_add_up() -> None:
    w = world(
        deployments=[deployment(id="D1"), deployment(id="D2", supplier="BBB", recipient="AAA")]
    )
    assert pair(w, "2024-06-01", only("troops")) == pytest.approx(1 - math.exp(-2000 / 5000))


def test_supply_decays_after_it_ends() -> None:
    w = world(deployments=[deployment(end="2024-12-31")])
    cfg = only("troops", supply_half_life=365.0)
    during = pair(w, "2024-12-31", cfg)
    year_after = pair(w, "2025-12-31", cfg)
    assert during == pytest.approx(1 - math.exp(-1000 / 5000))
    assert year_after == pytest.approx(1 - math.exp(-500 / 5000))
    assert pair(w, "2023-12-31", cfg) == 0.0


@pytest.mark.parametrize(
    ("contested", "used"), [("midpoint", 1500), ("amount", 1000), ("low", 900), ("high", 2100)]
)
def test_contested_figure_choice(contested: str, used: float) -> None:
    w = world(deployments=[deployment(amount=1000, low=900, high=2100, confidence="contested")])
    cfg = only("troops", contested=contested)
    weight = cfg.confidence_weights[Confidence.CONTESTED]  # a contested record weighs 0.5
    assert pair(w, "2024-06-01", cfg) == pytest.approx(1 - math.exp(-used * weight / 5000))


def test_materiel_scales_per_kind_and_adds_kinds() -> None:
    w = world(
        deployments=[
            deployment(id="D1", kind="munitions", amount=1_000_000, unit="shells"),
            deployment(id="D2", kind="missiles", amount=100, unit="missiles"),
            deployment(id="D3", kind="troops", amount=99_999),  # not materiel
        ]
    )
    assert pair(w, "2024-06-01", only("materiel")) == pytest.approx(1 - math.exp(-2.0))


def summit(**kw: Any) -> dict[str, Any]:
    return {"id": "S", "participants": ["AAA", "BBB"], "date": "2024-01-01", **SRC, **kw}


def test_summits_decay_and_saturate() -> None:
    w = world(summits=[summit()])
    cfg = only("summits", summit_half_life=365.0, summit_scale=2.0)
    assert pair(w, "2024-01-01", cfg) == pytest.approx(1 - math.exp(-0.5))  # ~0.39
    assert pair(w, "2024-12-31", cfg) == pytest.approx(1 - math.exp(-0.25))  # one year: half
    two = world(summits=[summit(id="S1"), summit(id="S2")])
    assert pair(two, "2024-01-01", cfg) == pytest.approx(1 - math.exp(-1.0))  # ~0.63


def test_exercises_count_from_their_first_day() -> None:
    w = world(
        exercises=[
            {
                "id": "E",
                "participants": ["AAA", "BBB"],
                "start": "2024-03-01",
                "end": "2024-03-05",
                **SRC,
            }
        ]
    )
    cfg = only("exercises")
    assert pair(w, "2024-02-29", cfg) == 0.0
    assert pair(w, "2024-03-01", cfg) == pytest.approx(1 - math.exp(-0.5))


def lifeline(**kw: Any) -> dict[str, Any]:
    base = {
        "id": "L",
        "supplier": "AAA",
        "buyer": "BBB",
        "commodity": "oil",
        "start": "2023-01-01",
        "end": "2023-12-31",
        **SRC,
    }
    return {**base, **kw}


def test_lifeline_share_volume_and_strongest() -> None:
    share = world(lifelines=[lifeline(share=0.19, volume=107, unit="mt/yr")])
    assert pair(share, "2023-06-01", only("lifelines")) == pytest.approx(1 - math.exp(-0.95))
    volume = world(lifelines=[lifeline(volume=1.0, unit="mb/d")])
    assert pair(volume, "2023-06-01", only("lifelines")) == pytest.approx(1 - math.exp(-1.0))
    both = world(lifelines=[lifeline(id="L1", share=0.1), lifeline(id="L2", share=0.4)])
    assert pair(both, "2023-06-01", only("lifelines")) == pytest.approx(1 - math.exp(-2.0))


def test_lifeline_unit_without_scale_is_an_error_not_a_zero() -> None:
    w = world(lifelines=[lifeline(volume=3.0, unit="kb/d")])
    with pytest.raises(ValueError, match="Lifeline 'L' gives a volume in unit 'kb/d'"):
        score_dyads(w, "2023-06-01")
    # a config that knows the unit scores it; one that does not use lifelines ignores it
    assert pair(w, "2023-06-01", only("lifelines", volume_scales={"kb/d": 3.0})) > 0
    assert pair(w, "2023-06-01", only("pact")) == 0.0


def test_a_party_that_pledges_nothing_only_receives() -> None:
    # France guarantees Belgium (1832); Belgium pledges nothing in return.
    w = world(pacts=[pact(in_force="2020-01-01", party_obligations={"BBB": []})])
    assert pair(w, "2021-01-01", only("pact")) == pytest.approx(0.5)  # mean of 1.0 and 0
    assert pair(w, "2021-01-01", only("pact", asymmetric_rule="min")) == 0.0


# --- directed pledges ----------------------------------------------------------------------


def test_a_directed_pledge_replaces_what_a_party_owes_one_partner() -> None:
    # AAA pledges defence to BBB; BBB pledges AAA nothing: a one-way guarantee.
    w = world(pacts=[pact(in_force="2020-01-01", pledges=[{"party": "BBB", "toward": "AAA"}])])
    assert pair(w, "2021-01-01", only("pact")) == pytest.approx(0.5)  # mean of 1.0 and 0
    assert pair(w, "2021-01-01", only("pact", asymmetric_rule="max")) == 1.0
    assert pair(w, "2021-01-01", only("pact", asymmetric_rule="min")) == 0.0


def test_a_guarantee_pact_does_not_tie_guarantors_that_owe_each_other_nothing() -> None:
    # Locarno-style: AAA and BBB guarantee CCC, not each other.
    w = world(
        pacts=[
            pact(
                parties=["AAA", "BBB", "CCC"],
                in_force="2020-01-01",
                pledges=[{"party": "AAA", "toward": "BBB"}, {"party": "BBB", "toward": "AAA"}],
            )
        ]
    )
    s = score_dyads(w, "2021-01-01", only("pact"))
    assert s.score("AAA", "BBB") == 0.0 and s.explain("AAA", "BBB") == ()
    assert s.score("AAA", "CCC") == s.score("BBB", "CCC") == 1.0
    t = score_triad(w, ("AAA", "BBB", "CCC"), "2021-01-01", only("pact", triad_shared_weight=0.5))
    assert t.shared == 0.0  # the pact does not tie all three pairs: no trilateral part


def test_a_members_trilateral_pledge_is_what_it_owes_both_others() -> None:
    # AAA owes BBB consultation only, CCC defence and consultation: towards both, 0.4.
    w = world(
        pacts=[
            pact(
                parties=["AAA", "BBB", "CCC"],
                in_force="2020-01-01",
                obligations=["defence", "consultation"],
                pledges=[{"party": "AAA", "toward": "BBB", "obligations": ["consultation"]}],
            )
        ]
    )
    t = score_triad(w, ("AAA", "BBB", "CCC"), "2021-01-01", only("pact", triad_shared_weight=1))
    assert t.shared == pytest.approx((0.4 + 1.0 + 1.0) / 3)
    assert t.score == pytest.approx(t.shared)


# --- the history of enmity -----------------------------------------------------------------


def conflict(sides: list[list[Any]], **kw: Any) -> dict[str, Any]:
    """Return a conflict; a participant is a code (joined at the start) or a dict."""
    start = kw.pop("start", "2000-01-01")
    spell = [
        [p if isinstance(p, dict) else {"state": p, "joined": start} for p in side]
        for side in sides
    ]
    base = {
        "id": "C",
        "name": "c",
        "kind": "dispute",
        "start": start,
        "hostility": 5,
        "sides": spell,
        **SRC,
    }
    return {**base, **kw}


def test_antagonism_weighs_hostility_over_five_and_saturates() -> None:
    w = world(conflicts=[conflict([["AAA"], ["BBB"]], hostility=3)])
    assert pair(w, "2000-06-01", only("antagonism")) == pytest.approx(-(1 - math.exp(-0.6)))
    two = world(
        conflicts=[
            conflict([["AAA"], ["BBB"]], id="C1", hostility=3),
            conflict([["BBB"], ["AAA"]], id="C2", kind="war"),
        ]
    )
    cfg = only("antagonism", antagonism_scale=2.0)
    assert pair(two, "2000-06-01", cfg) == pytest.approx(-(1 - math.exp(-1.6 / 2.0)))
    assert pair(two, "1999-12-31", cfg) == 0.0  # before it started


def test_a_conflict_counts_while_both_take_part_then_decays() -> None:
    w = world(
        conflicts=[
            conflict([["AAA"], [{"state": "BBB", "joined": "2000-03-01", "left": "2000-12-31"}]])
        ]
    )
    cfg = only("antagonism", conflict_half_life=365.0)
    assert pair(w, "2000-02-29", cfg) == 0.0  # BBB had not joined yet
    assert pair(w, "2000-12-31", cfg) == pytest.approx(-(1 - math.exp(-1.0)))
    assert pair(w, "2001-12-31", cfg) == pytest.approx(-(1 - math.exp(-0.5)))  # a year on


def test_the_same_side_is_cobelligerence_and_opposite_sides_antagonism() -> None:
    w = world(conflicts=[conflict([["AAA", "CCC"], ["BBB"]], kind="war")])
    cfg = ScoringConfig(weights={"antagonism": 1, "cobelligerence": 1})
    s = score_dyads(w, "2000-06-01", cfg)
    x = 0.5 * (1 - math.exp(-1.0))
    assert s.score("AAA", "CCC") == pytest.approx(x)
    assert s.score("AAA", "BBB") == s.score("BBB", "CCC") == pytest.approx(-x)
    assert s.contributions["cobelligerence"][0, 1] == 0.0  # AAA-BBB: opposed only


def test_a_pairs_spells_in_one_conflict_count_once_by_the_strongest() -> None:
    # AAA leaves and comes back: the conflict counts once for AAA-BBB, by its strongest
    # spell at the date; in the gap the first spell decays (the rejoin is not yet known).
    w = world(
        conflicts=[
            conflict(
                [
                    [
                        {"state": "AAA", "joined": "2000-01-01", "left": "2000-02-01"},
                        {"state": "AAA", "joined": "2000-06-01", "left": "2000-07-01"},
                    ],
                    ["BBB"],
                ],
                hostility=4,
            )
        ]
    )
    cfg = only("antagonism", conflict_half_life=30.0)
    one = -(1 - math.exp(-0.8))
    assert pair(w, "2000-07-01", cfg) == pytest.approx(one)  # once, not twice
    assert pair(w, "2000-07-31", cfg) == pytest.approx(-(1 - math.exp(-0.4)))  # 30 days on
    decayed = -(1 - math.exp(-0.8 * 2 ** (-29 / 30)))  # 29 days after the first spell
    assert pair(w, "2000-03-01", cfg) == pytest.approx(decayed)  # no look-ahead in the gap


def test_a_side_switcher_is_both_ally_and_enemy() -> None:
    w = world(
        conflicts=[
            conflict(
                [
                    [{"state": "AAA", "joined": "2000-01-01", "left": "2000-02-01"}, "CCC"],
                    [{"state": "AAA", "joined": "2000-03-01"}, "BBB"],
                ]
            )
        ]
    )
    cfg = ScoringConfig(weights={"antagonism": 1, "cobelligerence": 1})
    s = score_dyads(w, "2000-06-01", cfg)
    c = s.contributions
    # AAA-BBB: opposed while AAA was on side A, together since AAA switched
    assert c["antagonism"][0, 1] < 0 < c["cobelligerence"][0, 1]


def rivalry(**kw: Any) -> dict[str, Any]:
    return {"id": "R", "rivals": ["AAA", "BBB"], "start": "2000-01-01", **SRC, **kw}


def test_rivalry_is_one_while_it_lasts_then_decays_and_counts_against() -> None:
    w = world(rivalries=[rivalry(end="2009-12-31")])
    cfg = only("rivalry", rivalry_half_life=365.0)
    assert pair(w, "1999-12-31", cfg) == 0.0
    assert pair(w, "2009-12-31", cfg) == -1.0
    assert pair(w, "2010-12-31", cfg) == pytest.approx(-0.5)
    two = world(rivalries=[rivalry(id="R1"), rivalry(id="R2", rivals=["BBB", "AAA"])])
    assert pair(two, "2005-01-01", cfg) == -1.0  # the strongest rivalry, not a sum


# --- second-order structure ----------------------------------------------------------------


def defence(pid: str, a: str, b: str) -> dict[str, Any]:
    return pact(id=pid, parties=[a, b], signed="2000-01-01", in_force="2000-01-01")


def test_allies_in_common_sum_friend_ties_through_third_states() -> None:
    w = world(pacts=[defence("P1", "AAA", "CCC"), defence("P2", "BBB", "CCC")])
    cfg = only("allies_in_common", allies_scale=2.0)
    assert pair(w, "2001-01-01", cfg) == pytest.approx(1 - math.exp(-0.5))
    assert pair(w, "2001-01-01", cfg, "AAA", "CCC") == 0.0  # no third state tied to both


def test_the_enemy_of_my_enemy_draws_together_and_the_friend_of_my_enemy_apart() -> None:
    w = world(
        rivalries=[rivalry(id="R1", rivals=["AAA", "CCC"]), rivalry(id="R2", rivals=["BBB", "CCC"])]
    )
    assert pair(w, "2001-01-01", only("enemies_in_common")) == pytest.approx(1 - math.exp(-1.0))
    mixed = world(
        pacts=[defence("P1", "AAA", "CCC")], rivalries=[rivalry(id="R2", rivals=["BBB", "CCC"])]
    )
    s = score_dyads(mixed, "2001-01-01", only("ally_of_enemy"))
    assert s.score("AAA", "BBB") == pytest.approx(-(1 - math.exp(-0.5)))  # ½ (F·E + E·F)
    shares = {e.record: e.share for e in s.explain("AAA", "BBB")}
    assert set(shares) == {"P1", "R2"} and all(v < 0 for v in shares.values())
    assert sum(shares.values()) == pytest.approx(s.score("AAA", "BBB"))


def test_second_order_ties_use_only_components_with_data() -> None:
    # Pacts are complete only up to 2000-12-31: after that, F comes from conflicts only.
    w = World.model_validate(
        {
            "states": STATES,
            "pacts": [defence("P1", "AAA", "CCC"), defence("P2", "BBB", "CCC")],
            "conflicts": [conflict([["AAA"], ["BBB"]], start="1990-01-01", end="1990-01-02")],
            "coverage": {"pacts": {"first": "1900-01-01", "last": "2000-12-31"}},
        }
    )
    cfg = only("allies_in_common")
    assert pair(w, "2000-12-31", cfg) > 0
    late = score_dyads(w, "2001-01-01", cfg)
    assert late.score("AAA", "BBB") == 0.0 and late.left_out == ()


# --- custom signals: sign and kinds ------------------------------------------------------------


@pytest.fixture
def grudge() -> Any:
    """Register a custom enmity signal that reads rivalries: 1 for every pair."""
    import numpy as np

    from alliance_risk import register_signal, unregister_signal

    register_signal(
        "grudge", lambda cw, d: np.ones((cw.n_states,) * 2), sign=-1, kinds=("rivalries",)
    )
    yield "grudge"
    unregister_signal("grudge")


def test_a_custom_enmity_signal_counts_against_and_is_left_out_without_data(grudge: str) -> None:
    cfg = ScoringConfig(weights={grudge: 1, "pact": 1})
    rivals = world(rivalries=[rivalry()], pacts=[defence("P1", "AAA", "CCC")])
    s = score_dyads(rivals, "2001-01-01", cfg)
    assert s.score("AAA", "BBB") == -0.5 and s.score("AAA", "CCC") == 0.0  # 0.5 - 0.5
    assert s.explain("AAA", "BBB")[0].record == "signal:grudge"
    without = score_dyads(world(pacts=[defence("P1", "AAA", "CCC")]), "2001-01-01", cfg)
    assert without.score("AAA", "CCC") == 1.0 and without.left_out == (grudge,)


def test_a_config_weighting_a_signal_unregistered_since_is_refused_when_used() -> None:
    import numpy as np

    from alliance_risk import (
        InvalidParameterError,
        register_signal,
        signal_panel,
        timeline,
        top_triads,
        unregister_signal,
    )

    register_signal("fleeting", lambda cw, d: np.ones((cw.n_states,) * 2))
    try:
        cfg = ScoringConfig(weights={"fleeting": 1, "pact": 1})
    finally:
        unregister_signal("fleeting")
    w = world(pacts=[defence("P1", "AAA", "CCC")])
    calls = [
        lambda: score_dyads(w, "2001-01-01", cfg),
        lambda: score_triad(w, ("AAA", "BBB", "CCC"), "2001-01-01", cfg),
        lambda: top_triads(w, "2001-01-01", config=cfg),
        lambda: timeline(w, ("AAA", "CCC"), ["2001-01-01"], cfg),
        lambda: signal_panel(w, ["AAA"], ["CCC"], ["2001-01-01"], cfg),
    ]
    for call in calls:
        with pytest.raises(InvalidParameterError, match="'fleeting', which is no longer a regis"):
            call()


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [({"sign": 0}, "sign=0; expected 1 or -1"), ({"sign": True}, "expected 1 or -1"),
     ({"kinds": ("rivalry",)}, "expected a tuple of record kinds"),
     ({"kinds": "pacts"}, "expected a tuple of record kinds")],
)  # fmt: skip
def test_register_signal_refuses_bad_signs_and_kinds(kw: dict[str, Any], fragment: str) -> None:
    from alliance_risk import InvalidParameterError, register_signal

    with pytest.raises(InvalidParameterError, match=fragment):
        register_signal("odd", lambda cw, d: 0, **kw)
    assert "odd" not in registered_signals()


# --- issue 12: materiel by kind, peacetime basing, events by size, token participation ----


def _w(**records: Any) -> ar.World:
    states = [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC", "DDD", "EEE")]
    return ar.World.model_validate({"states": states, **records})


SRC = {"source": ["test"], "confidence": "confirmed"}


def _value(world: ar.World, signal: str, a: str, b: str, day: str) -> float:
    cfg = ar.ScoringConfig(weights={signal: 1.0})
    return float(ar.signal_panel(world, [a], [b], [day], cfg).values[0, 0])


@given(st.floats(0.0, 1e12))
def test_no_components_record_outweighs_a_consultation_pact_or_a_troop_deployment(
    amount: float,
) -> None:
    world = _w(
        deployments=[
            {"id": "D-parts", "supplier": "AAA", "recipient": "BBB", "kind": "components",
             "amount": amount, "unit": "sets", "start": "2020-01-01", **SRC},
            {"id": "D-troops", "supplier": "CCC", "recipient": "DDD", "kind": "troops",
             "amount": 1000, "unit": "troops", "start": "2020-01-01", **SRC},
        ],
        pacts=[{"id": "P-talk", "name": "t", "parties": ["AAA", "EEE"], "signed": "2019-01-01",
                "in_force": "2019-01-01", "obligations": ["consultation"], **SRC}],
    )  # fmt: skip
    s = ar.score_dyads(world, "2020-06-01")
    parts = s.contributions["materiel"][0, 1]
    assert parts <= s.contributions["pact"][0, 4] and parts <= s.contributions["troops"][2, 3]
    assert _value(world, "materiel", "AAA", "BBB", "2020-06-01") <= 1 - math.exp(-0.25) + 1e-12


def test_stationed_forces_count_by_their_own_scale() -> None:
    def dep(kind: str, n: float) -> dict[str, Any]:
        return {"id": f"D-{kind}", "supplier": "AAA", "recipient": "BBB", "kind": kind,
                "amount": n, "unit": "personnel", "start": "2020-01-01", **SRC}  # fmt: skip

    based = _w(deployments=[dep("basing", 28_500)])
    assert _value(based, "troops", "AAA", "BBB", "2021-01-01") == pytest.approx(
        1 - math.exp(-28_500 / 20_000)
    )
    at_war = _w(deployments=[dep("troops", 28_500)])
    assert _value(at_war, "troops", "AAA", "BBB", "2021-01-01") > _value(
        based, "troops", "AAA", "BBB", "2021-01-01"
    )
    both = _w(deployments=[dep("basing", 20_000), dep("troops", 5_000)])  # one unit each
    assert _value(both, "troops", "AAA", "BBB", "2021-01-01") == pytest.approx(1 - math.exp(-2))
    with pytest.raises(ValueError, match="basing basing_scale"):
        ar.ScoringConfig.model_validate({"materiel_scales": {"basing": 1.0}})


@pytest.mark.parametrize("n", [2, 3, 5, 10])
def test_a_bigger_summit_says_less_about_each_pair(n: int) -> None:
    codes = ["AAA", "BBB", "CCC", "DDD", "EEE"] + [f"F{k:02d}" for k in range(5)]
    world = ar.World.model_validate(
        {"states": [{"code": c, "name": c} for c in codes],
         "summits": [{"id": "S", "participants": codes[:n], "date": "2020-01-01", **SRC}]}
    )  # fmt: skip
    raw = 1 - math.exp(-(2 / n) / 2.0)  # one event today, scale 2, pair weight 2/n
    assert _value(world, "summits", "AAA", "BBB", "2020-01-01") == pytest.approx(raw)
    flat = ar.ScoringConfig(weights={"summits": 1.0}, event_size_exponent=0)
    full = ar.signal_panel(world, ["AAA"], ["BBB"], ["2020-01-01"], flat).values[0, 0]
    assert full == pytest.approx(1 - math.exp(-1 / 2.0))
    if n >= 3:  # the trio's shared part: weight 3/n
        t = ar.score_triad(world, ("AAA", "BBB", "CCC"), "2020-01-01",
                           ar.ScoringConfig(weights={"summits": 1.0}))  # fmt: skip
        assert t.shared == pytest.approx(1 - math.exp(-(3 / n) / 2.0))


def test_a_token_contingent_counts_token_weight_of_the_exercise() -> None:
    def world(token: list[str]) -> ar.World:
        return _w(exercises=[{"id": "E", "participants": ["AAA", "BBB", "CCC"], "token": token,
                              "start": "2022-09-01", **SRC}])  # fmt: skip

    full, token = world([]), world(["CCC"])
    day = "2022-09-01"
    assert _value(token, "exercises", "AAA", "BBB", day) == _value(
        full, "exercises", "AAA", "BBB", day
    )
    assert _value(token, "exercises", "AAA", "CCC", day) == pytest.approx(
        1 - math.exp(-0.25 * (2 / 3) / 2.0)
    )
    with pytest.raises(ValueError, match=r"token\[0\]='DDD' is not a participant"):
        world(["DDD"])


def test_a_config_written_before_components_existed_still_loads() -> None:
    old = {"materiel_scales": {"munitions": 1e6, "missiles": 100, "drones": 1000, "equipment": 100}}
    cfg = ar.ScoringConfig.model_validate(old)
    assert cfg.materiel_scales[ar.DeploymentKind.COMPONENTS] == 10_000


@st.composite
def _rows_and_draws(draw: Any) -> tuple[Any, ...]:
    """Rows of ``n`` states over ``T`` dates, draws weighing them, and the pairs read."""
    import numpy as np

    n = draw(st.integers(2, 5))
    n_rows = draw(st.integers(0, 12))
    n_days, n_draws = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    ends = st.lists(st.integers(0, n - 1), min_size=n_rows, max_size=n_rows)
    i, j = np.array(draw(ends), dtype=np.int64), np.array(draw(ends), dtype=np.int64)
    j = np.where(i == j, (j + 1) % n, j)  # no row ties a state to itself
    value = st.sampled_from([0.0, 0.25, 0.5, 1.0, 3.0, 1e300, math.inf])
    values = np.array(draw(st.lists(value, min_size=n_rows * n_days, max_size=n_rows * n_days)))
    scale = np.array(
        draw(st.lists(st.sampled_from([0.0, 0.5, 0.75, 1.0]), min_size=n_rows, max_size=n_rows))
    )
    column = np.array(draw(st.lists(st.integers(-1, 2), min_size=n_rows, max_size=n_rows)))
    kept = np.array(draw(st.lists(st.booleans(), min_size=3 * n_draws, max_size=3 * n_draws)))
    all_pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    read = draw(st.lists(st.sampled_from(all_pairs), min_size=1, unique=True))
    rule = draw(st.sampled_from(["mean", "max", "min"]))
    return (
        n,
        i,
        j,
        values.reshape(n_days, n_rows),
        scale,
        column.astype(np.int64),
        kept.reshape(3, n_draws),
        np.array(read, dtype=np.int64),
        rule,
    )


@given(_rows_and_draws(), st.sampled_from(sorted(SIGNALS)), st.booleans())
def test_the_monte_carlo_cells_give_the_engines_values_to_the_last_bit(
    case: tuple[Any, ...], name: str, blocks: bool
) -> None:
    # combine_cells + finish_cells (every draw at once, only the pairs read) against
    # the engine's aggregate + finish (one weighting at a time, every pair).
    import dataclasses

    import numpy as np

    from alliance_risk.signals import (
        PairRows,
        RowDraws,
        Signal,
        combine_cells,
        finish_cells,
        finish_rows,
    )

    n, i, j, values, scale, column, kept, read, rule = case
    sig = SIGNALS[name]
    if not isinstance(sig, Signal):
        return  # second-order signals are scored draw by draw
    if blocks:  # a directed signal without direction_finish: 2 x 2 blocks
        sig = dataclasses.replace(sig, direction_finish=None)
    cfg = ScoringConfig(asymmetric_rule=rule)
    draws = RowDraws(scale, column, kept)
    pos = np.full((n, n), -1)
    pos[read[:, 0], read[:, 1]] = np.arange(len(read))
    p = pos[np.minimum(i, j), np.maximum(i, j)]
    cell = np.where(p >= 0, 2 * p + (i > j), -1)
    with np.errstate(invalid="ignore", over="ignore"):
        got = finish_cells(sig, combine_cells(values, cell, 2 * len(read), draws, sig.combine), cfg)
        for d in range(kept.shape[1]):
            weight = np.where(column >= 0, kept[np.maximum(column, 0), d], scale)
            weighed = np.zeros(values.shape)
            np.multiply(values, weight[None, :], out=weighed, where=weight[None, :] > 0)
            want = finish_rows(sig, n, PairRows(i, j, np.arange(i.size), weighed), cfg)
            np.testing.assert_array_equal(got[:, :, d], want[:, read[:, 0], read[:, 1]].T)


@given(
    st.data(),
    st.lists(scoring_configs(), min_size=2, max_size=3),
)
def test_factors_kept_between_scores_never_outlive_their_configuration(
    data: st.DataObject, configs: list[ScoringConfig]
) -> None:
    # A compiled World keeps per-row factors that do not depend on the date (pact
    # strength, event size, lifeline strength, supply units, confidence). Scoring it
    # with one configuration, then others, then the first again must give, each time,
    # what a World compiled afresh gives: a factor kept for one configuration that a
    # later one read would show here as a different score.
    import numpy as np

    w = data.draw(
        worlds(max_states=4, min_records=1, max_records=8, date_range=RANGE), label="world"
    )
    day = data.draw(dates(date_range=RANGE), label="as_of")
    shared = ar.compile_world(w)
    for cfg in [*configs, configs[0]]:
        kept = score_dyads(shared, day, cfg)
        fresh = score_dyads(ar.compile_world(w.model_copy()), day, cfg)
        np.testing.assert_array_equal(kept.matrix, fresh.matrix)
        for name, part in fresh.contributions.items():
            np.testing.assert_array_equal(kept.contributions[name], part)


def _another(name: str, value: Any) -> Any:
    """Another valid value of the configuration field ``name`` (now ``value``)."""
    import typing

    if isinstance(value, dict):
        first = next(iter(value))  # one entry changed: scaling all weights changes nothing
        return {k: v * 0.6 if k == first or name != "weights" else v for k, v in value.items()}
    if isinstance(value, float):
        return value * 0.6
    annotation = ScoringConfig.model_fields[name].annotation
    return next(v for v in typing.get_args(annotation) if v != value)


# triad_aggregation: one is registered, and pair scores never read it
@pytest.mark.parametrize("field", sorted(set(ScoringConfig.model_fields) - {"triad_aggregation"}))
def test_a_kept_factor_follows_every_configuration_field(field: str) -> None:
    # The property test above draws whole configurations; here each field changes on
    # its own, on the scenario (tokens, basing, components, volumes, contested figures),
    # so a factor whose key left out the field it reads is caught by name.
    import numpy as np

    scenario = ar.load_scenario("axis-of-upheaval")
    base = ScoringConfig()
    changed = base.model_copy(update={field: _another(field, getattr(base, field))})
    changed = ScoringConfig.model_validate(changed.model_dump())
    assert changed != base
    shared = ar.compile_world(scenario.model_copy())
    for day in ("2023-03-01", "2025-12-31"):
        score_dyads(shared, day, base)  # keeps the factors of the defaults
        kept = score_dyads(shared, day, changed)
        fresh = score_dyads(ar.compile_world(scenario.model_copy()), day, changed)
        np.testing.assert_array_equal(kept.matrix, fresh.matrix, err_msg=field)
    # the scores above read kept factors: every one a pair score uses was made
    made = {
        "confidence weight",
        "pact strength",
        "lifeline strength",
        "troops units",
        "materiel units",
        "summit weight 2",
        "exercise weight 2",
    }
    assert made <= set(shared.memo)


def test_decay_takes_one_age_or_many_and_is_never_nan() -> None:
    import numpy as np

    from alliance_risk.signals._base import decay

    assert float(decay(365, 365.0)) == 0.5  # one age, as a number
    ages = np.array([np.nan, -1.0, 0.0, 730.0, 1e308])
    assert decay(ages, 365.0).tolist() == [0.0, 0.0, 1.0, 0.25, 0.0]
    assert decay(np.array([-(2**62), 2**62]), 5e-324).tolist() == [0.0, 0.0]
