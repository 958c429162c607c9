"""Scoring configuration: signal weights, pact scale, half-lives and saturation scales.

A :class:`ScoringConfig` is a frozen pydantic model, validated when built and loadable
from TOML or JSON. Every default is stated, with its rationale, in ``docs/scoring.md``.
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ._errors import InvalidParameterError
from .models import DeploymentKind, Obligation

__all__ = ["Link", "ScoringConfig", "read_config"]

PositiveDays = Annotated[float, Field(gt=0, allow_inf_nan=False)]
PositiveScale = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]

_DEFAULT_WEIGHTS = {
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
_DEFAULT_PACT_SCALE = {
    Obligation.DEFENCE: 1.0,
    Obligation.OFFENCE: 1.0,
    Obligation.NEUTRALITY: 0.6,
    Obligation.NON_AGGRESSION: 0.5,
    Obligation.CONSULTATION: 0.4,
    Obligation.PARTNERSHIP: 0.25,
}
_DEFAULT_MATERIEL_SCALES = {
    DeploymentKind.MUNITIONS: 1_000_000.0,
    DeploymentKind.MISSILES: 100.0,
    DeploymentKind.DRONES: 1_000.0,
    DeploymentKind.EQUIPMENT: 100.0,
}
_DEFAULT_VOLUME_SCALES = {"mt/yr": 50.0, "mb/d": 1.0, "bcm/yr": 20.0}


class ScoringConfig(BaseModel):
    """How signals are weighted and shaped into alignment scores.

    Parameters
    ----------
    weights : dict
        Weight of each signal, by name. Signals left out are not used (weight 0).
        Weights are normalised to sum to 1, so only their ratios matter; negative,
        non-finite, all-zero and unknown names are refused.
    pact_scale : dict
        Strength in [0, 1] of each obligation; a pact ties two parties at the strength
        of the strongest obligation each pledges.
    pending_pact_factor : float
        Fraction of its strength a pact carries while signed but not in force.
    asymmetric_rule : {"mean", "max", "min"}
        How the two directions of an asymmetric pledge combine into one pair strength.
    troops_scale : float
        Personnel at which the troops signal reaches 1 - 1/e (~0.63).
    materiel_scales : dict
        Per kind of materiel, the amount that counts as one unit of supply.
    supply_half_life : float
        Days over which a deployment or lifeline's weight halves after it ends.
    summit_half_life, exercise_half_life : float
        Days over which one event's weight halves.
    summit_scale, exercise_scale : float
        Decayed event count at which the signal reaches 1 - 1/e.
    share_scale : float
        Import share at which the lifelines signal reaches 1 - 1/e.
    volume_scales : dict
        For lifelines with a volume and no share: the volume per unit that counts as
        one unit of dependence. A lifeline whose unit is not listed is an error.
    contested : {"midpoint", "amount", "low", "high"}
        Which figure of a deployment with a range is used.
    triad_aggregation : str
        How a trio's three pair scores combine: ``"power_mean"`` (built in) or the name
        of an aggregation registered with
        :func:`~alliance_risk.aggregations.register_aggregation`.
    triad_power : float or "min"
        Exponent ``p`` of the power mean (1: arithmetic, 0: geometric, -1: harmonic,
        "min": the weakest link).
    triad_shared_weight : float
        Weight in [0, 1] of the events all three members share, against the power mean.
    conflict_half_life : float
        Days over which a dispute's or war's weight halves after the pair's part in it
        ends (``antagonism``, ``cobelligerence``).
    antagonism_scale, cobelligerence_scale : float
        Hostility-weighted conflict count (a war is 1) at which the signal reaches
        1 - 1/e.
    rivalry_half_life : float
        Days over which a rivalry's weight halves after it ends.
    allies_scale, enemies_scale, ally_of_enemy_scale : float
        Sum over third states at which the second-order signals reach 1 - 1/e.

    Examples
    --------
    >>> cfg = ScoringConfig(weights={"pact": 2, "summits": 2})
    >>> cfg.normalized_weights()
    {'pact': 0.5, 'summits': 0.5}
    >>> ScoringConfig(weights={"pacts": 1})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ScoringConfig
    weights
      Value error, weights names 'pacts', which is not a signal; did you mean 'pact'? ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, float] = Field(default_factory=lambda: dict(_DEFAULT_WEIGHTS))
    pact_scale: dict[Obligation, Fraction] = Field(
        default_factory=lambda: dict(_DEFAULT_PACT_SCALE)
    )
    pending_pact_factor: Fraction = 0.5
    asymmetric_rule: Literal["mean", "max", "min"] = "mean"
    troops_scale: PositiveScale = 5_000.0
    materiel_scales: dict[DeploymentKind, PositiveScale] = Field(
        default_factory=lambda: dict(_DEFAULT_MATERIEL_SCALES)
    )
    supply_half_life: PositiveDays = 365.0
    summit_half_life: PositiveDays = 365.0
    exercise_half_life: PositiveDays = 365.0
    summit_scale: PositiveScale = 2.0
    exercise_scale: PositiveScale = 2.0
    share_scale: PositiveScale = 0.2
    volume_scales: dict[str, PositiveScale] = Field(
        default_factory=lambda: dict(_DEFAULT_VOLUME_SCALES)
    )
    contested: Literal["midpoint", "amount", "low", "high"] = "midpoint"
    triad_aggregation: str = "power_mean"
    triad_power: Annotated[float, Field(le=1, allow_inf_nan=False)] | Literal["min"] = 0.0
    triad_shared_weight: Fraction = 0.2
    conflict_half_life: PositiveDays = 3652.5
    antagonism_scale: PositiveScale = 1.0
    cobelligerence_scale: PositiveScale = 1.0
    rivalry_half_life: PositiveDays = 1826.25
    allies_scale: PositiveScale = 2.0
    enemies_scale: PositiveScale = 1.0
    ally_of_enemy_scale: PositiveScale = 1.0

    @field_validator("weights")
    @classmethod
    def _check_weights(cls, value: dict[str, float]) -> dict[str, float]:
        from .signals import registered_signals  # the registry may hold custom signals

        known = registered_signals()
        for name, w in value.items():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=2)
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                raise ValueError(
                    f"weights names {name!r}, which is not a signal{hint} "
                    f"(signals: {', '.join(known)})"
                )
            if not math.isfinite(w) or w < 0:
                raise ValueError(f"weights[{name!r}]={w!r}; expected a finite number >= 0")
        if not any(w > 0 for w in value.values()):
            raise ValueError(f"weights={value!r} are all zero; expected at least one > 0")
        return value

    @field_validator("triad_aggregation")
    @classmethod
    def _check_aggregation(cls, value: str) -> str:
        from .aggregations import registered_aggregations

        known = registered_aggregations()
        if value not in known:
            close = difflib.get_close_matches(value, known, n=2)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise ValueError(
                f"triad_aggregation={value!r} is not a registered aggregation{hint} "
                f"(known: {', '.join(known)})"
            )
        return value

    @field_validator("pact_scale")
    @classmethod
    def _check_pact_scale(cls, value: dict[Obligation, float]) -> dict[Obligation, float]:
        missing = [o.value for o in Obligation if o not in value]
        if missing:
            raise ValueError(f"pact_scale has no strength for {missing}; expected every obligation")
        return value

    @field_validator("materiel_scales")
    @classmethod
    def _check_materiel(cls, value: dict[DeploymentKind, float]) -> dict[DeploymentKind, float]:
        kinds = set(_DEFAULT_MATERIEL_SCALES)
        wrong = [k.value for k in value if k not in kinds]
        missing = [k.value for k in kinds if k not in value]
        if wrong:
            raise ValueError(
                f"materiel_scales names {wrong}, which are not materiel; expected "
                f"{sorted(k.value for k in kinds)} (troops and advisers use troops_scale)"
            )
        if missing:
            raise ValueError(f"materiel_scales has no scale for {sorted(missing)}")
        return value

    def normalized_weights(self) -> dict[str, float]:
        """Return the weights of the signals in use, scaled to sum to 1.

        Examples
        --------
        >>> round(ScoringConfig().normalized_weights()["pact"], 3)  # 0.30 of 1.50
        0.2
        """
        total = math.fsum(self.weights.values())
        return {name: w / total for name, w in self.weights.items() if w > 0}


def read_config(path: str | Path) -> ScoringConfig:
    r"""Read a :class:`ScoringConfig` from a TOML or JSON file (by its extension).

    Raises
    ------
    InvalidParameterError
        If the extension is neither ``.toml`` nor ``.json``.
    pydantic.ValidationError
        If the file's values are not a valid configuration.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cfg.toml"
    >>> _ = p.write_text('triad_power = "min"\n[weights]\npact = 1\nsummits = 1\n')
    >>> read_config(p).triad_power
    'min'
    """
    p = Path(path)
    raw = p.read_bytes()
    data: Mapping[str, Any]
    if p.suffix == ".toml":
        data = tomllib.loads(raw.decode("utf-8"))
    elif p.suffix == ".json":
        data = json.loads(raw)
    else:
        raise InvalidParameterError(
            f"config file {str(p)!r} has extension {p.suffix!r}; expected .toml or .json"
        )
    return ScoringConfig.model_validate(data)


@runtime_checkable
class Link(Protocol):
    """A scoring configuration with a calibrated link from scores to probabilities.

    :class:`~alliance_risk.calibrate.RiskModel` is one. The scoring functions accept it
    wherever they accept a :class:`ScoringConfig`: they score with its ``config`` and add
    probabilities to their results.
    """

    @property
    def config(self) -> ScoringConfig:
        """The weights and shapes to score with."""
        ...

    def probability(self, score: Any) -> Any:
        """Return the probability of acting together for pair scores."""
        ...
