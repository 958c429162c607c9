"""Tests for :mod:`alliance_risk.signals`: each signal's documented formula on small Worlds."""

from __future__ import annotations

import math
from typing import Any

import pytest

from alliance_risk import ScoringConfig, World, score_dyads, score_triad
from alliance_risk.signals import SIGNALS, registered_signals

STATES = [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")]
SRC = {"source": ["test"], "confidence": "confirmed"}


def world(**records: Any) -> World:
    return World.model_validate({"states": STATES, **records})


def only(signal: str, **extra: Any) -> ScoringConfig:
    return ScoringConfig(weights={signal: 1.0}, **extra)


def pair(w: World, day: str, cfg: ScoringConfig, a: str = "AAA", b: str = "BBB") -> float:
    return score_dyads(w, day, cfg).score(a, b)


def test_registry_lists_every_signal_in_order() -> None:
    assert registered_signals() == tuple(SIGNALS)
    assert registered_signals() == (
        "pact",
        "troops",
        "materiel",
        "summits",
        "exercises",
        "lifelines",
    )


def pact(**kw: Any) -> dict[str, Any]:
    base = {"id": "P", "name": "p", "parties": ["AAA", "BBB"], "signed": "2020-01-01",
            "obligations": ["defence"], **SRC}  # fmt: skip
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
    w = world(pacts=[pact(id="P1", obligations=["consultation", "non_aggression"], in_force="2020-01-01"),
                     pact(id="P2", obligations=["partnership"], in_force="2020-01-01")])  # fmt: skip
    assert pair(w, "2021-01-01", only("pact")) == pytest.approx(0.5)


@pytest.mark.parametrize(("rule", "expected"), [("mean", 0.7), ("max", 1.0), ("min", 0.4)])
def test_asymmetric_rule(rule: str, expected: float) -> None:
    w = world(pacts=[pact(obligations=["defence", "consultation"], in_force="2020-01-01",
                          party_obligations={"BBB": ["consultation"]})])  # fmt: skip
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
    base = {"id": "D", "supplier": "AAA", "recipient": "BBB", "kind": "troops", "amount": 1000,
            "unit": "personnel", "start": "2024-01-01", **SRC}  # fmt: skip
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
    assert pair(w, "2024-06-01", only("troops", contested=contested)) == pytest.approx(
        1 - math.exp(-used / 5000)
    )


def test_materiel_scales_per_kind_and_adds_kinds() -> None:
    w = world(deployments=[
        deployment(id="D1", kind="munitions", amount=1_000_000, unit="shells"),
        deployment(id="D2", kind="missiles", amount=100, unit="missiles"),
        deployment(id="D3", kind="troops", amount=99_999),  # not materiel
    ])  # fmt: skip
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
    w = world(exercises=[{"id": "E", "participants": ["AAA", "BBB"], "start": "2024-03-01",
                          "end": "2024-03-05", **SRC}])  # fmt: skip
    cfg = only("exercises")
    assert pair(w, "2024-02-29", cfg) == 0.0
    assert pair(w, "2024-03-01", cfg) == pytest.approx(1 - math.exp(-0.5))


def lifeline(**kw: Any) -> dict[str, Any]:
    base = {"id": "L", "supplier": "AAA", "buyer": "BBB", "commodity": "oil",
            "start": "2023-01-01", "end": "2023-12-31", **SRC}  # fmt: skip
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
