"""Tests for :mod:`alliance_risk.config`: the validated scoring configuration."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from alliance_risk import InvalidParameterError, ScoringConfig, read_config


def test_defaults_are_valid_and_weights_normalise() -> None:
    cfg = ScoringConfig()
    assert cfg.weights == {
        "pact": 0.30,
        "troops": 0.20,
        "materiel": 0.15,
        "summits": 0.15,
        "exercises": 0.10,
        "lifelines": 0.10,
        "antagonism": 0.25,
        "rivalry": 0.15,
        "cobelligerence": 0.10,
    }
    w = cfg.normalized_weights()
    assert math.isclose(sum(w.values()), 1.0)
    assert w["pact"] == pytest.approx(0.30 / 1.50) and w["antagonism"] == pytest.approx(0.25 / 1.50)
    # second-order structure is available but not used by default
    assert not {"allies_in_common", "enemies_in_common", "ally_of_enemy"} & set(w)


def test_enmity_and_structure_defaults() -> None:
    cfg = ScoringConfig()
    assert (cfg.conflict_half_life, cfg.rivalry_half_life) == (3652.5, 1826.25)
    assert (cfg.antagonism_scale, cfg.cobelligerence_scale) == (1.0, 1.0)
    assert (cfg.allies_scale, cfg.enemies_scale, cfg.ally_of_enemy_scale) == (2.0, 1.0, 1.0)
    structure = ScoringConfig(weights={"pact": 1, "ally_of_enemy": 1})
    assert structure.normalized_weights() == {"pact": 0.5, "ally_of_enemy": 0.5}


def test_signals_left_out_are_not_used() -> None:
    assert ScoringConfig(weights={"pact": 3, "summits": 0}).normalized_weights() == {"pact": 1.0}


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ({"pacts": 1}, "weights names 'pacts', which is not a signal; did you mean 'pact'?"),
        ({"pact": -1}, "weights['pact']=-1.0; expected a finite number >= 0"),
        ({"pact": float("nan")}, "weights['pact']=nan; expected a finite number >= 0"),
        ({"pact": float("inf")}, "expected a finite number >= 0"),
        ({"pact": 0, "troops": 0}, "are all zero; expected at least one > 0"),
        ({}, "are all zero"),
    ],
)
def test_bad_weights_are_refused(weights: dict[str, float], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        ScoringConfig(weights=weights)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("pending_pact_factor", 1.5, "less than or equal to 1"),
        ("troops_scale", 0, "greater than 0"),
        ("summit_half_life", -3, "greater than 0"),
        ("asymmetric_rule", "average", "'mean', 'max' or 'min'"),
        ("contested", "median", "'midpoint'"),
        ("triad_power", 2.0, "less than or equal to 1"),
        ("triad_power", "max", "'min'"),
        ("triad_shared_weight", -0.1, "greater than or equal to 0"),
        ("pact_scale", {"defence": 1.0}, "pact_scale has no strength for"),
        ("pact_scale", {"defence": 2.0}, "less than or equal to 1"),
        ("materiel_scales", {"troops": 1.0}, "troops and advisers use troops_scale"),
        ("volume_scales", {"mt/yr": 0}, "greater than 0"),
        ("colour", "red", "Extra inputs are not permitted"),
        ("conflict_half_life", 0, "greater than 0"),
        ("rivalry_half_life", float("inf"), "finite number"),
        ("antagonism_scale", -1.0, "greater than 0"),
        ("cobelligerence_scale", 0, "greater than 0"),
        ("allies_scale", 0, "greater than 0"),
        ("enemies_scale", float("nan"), "finite number"),
        ("ally_of_enemy_scale", -0.5, "greater than 0"),
        ("confidence_weights", {"confirmed": 1.0}, "confidence_weights has no weight for"),
        (
            "confidence_weights",
            {"confirmed": 1.0, "reported": 1.2, "contested": 0.5},
            "less than or equal to 1",
        ),
        (
            "confidence_weights",
            {"confirmed": 1.0, "reported": 0.5, "contested": 0.75},
            "confidence_weights['contested']=0.75 is above confidence_weights['reported']=0.5",
        ),
        (
            "confidence_weights",
            {"confirmed": 1.0, "reported": 0.5, "rumoured": 0.1},
            "'confirmed', 'reported' or 'contested'",
        ),
    ],
)
def test_bad_fields_are_refused(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        ScoringConfig.model_validate({field: value})
    assert fragment in str(info.value)


def test_config_is_frozen() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        ScoringConfig().troops_scale = 1.0  # type: ignore[misc]


def test_read_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "cfg.toml"
    toml.write_text(
        'triad_power = "min"\ntroops_scale = 2000\n[weights]\npact = 2\ntroops = 1\n'
        "[pact_scale]\ndefence = 1.0\noffence = 1.0\nneutrality = 0.5\nnon_aggression = 0.5\n"
        "consultation = 0.3\npartnership = 0.1\n"
    )
    cfg = read_config(toml)
    assert cfg.triad_power == "min" and cfg.troops_scale == 2000
    assert cfg.normalized_weights() == pytest.approx({"pact": 2 / 3, "troops": 1 / 3})
    js = tmp_path / "cfg.json"
    js.write_text(json.dumps(cfg.model_dump(mode="json")))
    assert read_config(js) == cfg


def test_read_refuses_other_extensions_and_bad_values(tmp_path: Path) -> None:
    yml = tmp_path / "cfg.yaml"
    yml.write_text("weights: {}")
    with pytest.raises(InvalidParameterError, match=r"expected \.toml or \.json"):
        read_config(yml)
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\npact = -1\n")
    with pytest.raises(ValidationError, match="expected a finite number >= 0"):
        read_config(bad)


def test_confidence_weights_default_and_read_from_a_file(tmp_path: Path) -> None:
    assert {k.value: v for k, v in ScoringConfig().confidence_weights.items()} == {
        "confirmed": 1.0,
        "reported": 0.75,
        "contested": 0.5,
    }
    p = tmp_path / "cfg.toml"
    p.write_text("[confidence_weights]\nconfirmed = 1\nreported = 1\ncontested = 0.25\n")
    assert list(read_config(p).confidence_weights.values()) == [1.0, 1.0, 0.25]
