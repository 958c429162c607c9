"""Tests for :mod:`alliance_risk.models`: the typed records."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from alliance_risk import Deployment, Exercise, Lifeline, Obligation, Pact, State, Summit

PACT = {
    "id": "P7",
    "name": "US-Japan treaty",
    "parties": ("USA", "JPN"),
    "signed": date(1960, 1, 19),
    "in_force": date(1960, 6, 23),
    "obligations": ("consultation", "defence"),
    "party_obligations": {"JPN": ("consultation",)},
    "source": ("S43",),
    "confidence": "confirmed",
}


def test_records_are_frozen() -> None:
    p = Pact(**PACT)
    with pytest.raises(ValidationError, match="frozen"):
        p.name = "other"  # type: ignore[misc]


def test_obligations_are_stored_strongest_first_whatever_the_input_order() -> None:
    p = Pact(**PACT)
    assert p.obligations == (Obligation.DEFENCE, Obligation.CONSULTATION)
    q = Pact(**{**PACT, "obligations": ["defence", "consultation"]})
    assert p == q


def test_asymmetric_pledge() -> None:
    p = Pact(**PACT)
    assert p.obligations_of("USA") == (Obligation.DEFENCE, Obligation.CONSULTATION)
    assert p.obligations_of("JPN") == (Obligation.CONSULTATION,)
    with pytest.raises(KeyError, match="'KOR' is not a party to pact 'P7'"):
        p.obligations_of("KOR")


def test_multilateral_pact_keeps_party_order() -> None:
    p = Pact(**{**PACT, "parties": ("AUS", "GBR", "USA"), "party_obligations": {}})
    assert p.parties == ("AUS", "GBR", "USA")


def test_optional_fields_default_to_absent_not_zero() -> None:
    d = Deployment(
        id="D1",
        supplier="PRK",
        recipient="RUS",
        kind="troops",
        amount=6000,
        unit="personnel",
        start=date(2025, 6, 17),
        source=("S68",),
        confidence="confirmed",
    )
    assert d.low is None and d.high is None and d.end is None and d.note is None
    ll = Lifeline(
        id="L1",
        supplier="CHN",
        buyer="RUS",
        commodity="microelectronics",
        share=0.9,
        start=date(2023, 1, 1),
        source=("S117",),
        confidence="reported",
    )
    assert ll.volume is None and ll.unit is None


def test_contested_range_may_touch_the_amount() -> None:
    d = Deployment(
        id="D1",
        supplier="PRK",
        recipient="RUS",
        kind="missiles",
        amount=100,
        unit="KN-23",
        low=100,
        high=100,
        start=date(2023, 12, 30),
        source=("S96",),
        confidence="contested",
    )
    assert d.low == d.high == d.amount


def test_zero_amount_is_allowed_and_is_not_missing() -> None:
    d = Deployment(
        id="D0",
        supplier="PRK",
        recipient="RUS",
        kind="advisers",
        amount=0,
        unit="personnel",
        start=date(2024, 1, 1),
        source=("x",),
        confidence="reported",
    )
    assert d.amount == 0.0


def test_one_day_exercise_and_same_day_pact_dates() -> None:
    e = Exercise(
        id="E1",
        participants=("CHN", "RUS"),
        start=date(2019, 7, 23),
        end=date(2019, 7, 23),
        source=("S185",),
        confidence="confirmed",
    )
    assert e.start == e.end
    p = Pact(**{**PACT, "signed": date(2022, 2, 4), "in_force": date(2022, 2, 4)})
    assert p.in_force == p.signed


@pytest.mark.parametrize("code", ["prk", "P", "TOOLONG7", "1AB", "P-K"])
def test_state_code_format(code: str) -> None:
    with pytest.raises(ValidationError, match="code"):
        State(code=code, name="x")


def test_sources_are_trimmed_and_blank_ones_refused() -> None:
    s = Summit(
        id="S1",
        participants=("RUS", "PRK"),
        date=date(2019, 4, 25),
        source=("  S123 ",),
        confidence="confirmed",
    )
    assert s.source == ("S123",)
    with pytest.raises(ValidationError, match="at least 1 character"):
        Summit(
            id="S1",
            participants=("RUS", "PRK"),
            date=date(2019, 4, 25),
            source=("  ",),
            confidence="confirmed",
        )


def test_record_ids_are_restricted_to_safe_characters() -> None:
    with pytest.raises(ValidationError, match="id"):
        Summit(
            id="has space",
            participants=("RUS", "PRK"),
            date=date(2019, 4, 25),
            source=("x",),
            confidence="confirmed",
        )
