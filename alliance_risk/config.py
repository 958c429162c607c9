"""Scoring configuration: signal weights, pact scale, half-lives and saturation scales.

A :class:`ScoringConfig` is a frozen pydantic model, validated when built and loadable
from TOML or JSON. Every default is stated, with its rationale, in ``docs/scoring.md``;
what a configuration refuses is listed in ``docs/refusals-files.md``.
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from collections.abc import Mapping
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BeforeValidator, Field, ValidationError, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from ._errors import InvalidParameterError, did_you_mean, field_path, named_error
from .models import VOLUME_UNITS, Confidence, DeploymentKind, FrozenModel, Obligation, as_number

__all__ = ["Link", "ScoringConfig", "read_config"]


def _finite(value: object) -> object:
    """Accept a finite number; refuse true/false, text, NaN and infinities."""
    number = as_number(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError("is not a finite number; expected a finite number")
    return number


#: A number: never true/false or text ("5000").
Number = Annotated[float, BeforeValidator(as_number)]
Finite = Annotated[float, BeforeValidator(_finite), Field(allow_inf_nan=False)]
PositiveDays = Annotated[Finite, Field(gt=0)]
PositiveScale = Annotated[Finite, Field(gt=0)]
Fraction = Annotated[Finite, Field(ge=0, le=1)]

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
    DeploymentKind.COMPONENTS: 10_000.0,
}
_DEFAULT_VOLUME_SCALES = {"mt/yr": 50.0, "mb/d": 1.0, "bcm/yr": 20.0}
# The odds that a record holds, by how well it is established (rationale in docs/scoring.md).
_DEFAULT_CONFIDENCE_WEIGHTS = {
    Confidence.CONFIRMED: 1.0,
    Confidence.REPORTED: 0.75,
    Confidence.CONTESTED: 0.5,
}
_EXPECT_POWER = (
    "expected a finite number less than or equal to 1 (1 arithmetic mean, 0 geometric, "
    "-1 harmonic), or 'min'"
)


def _triad_power(value: object) -> object:
    """Accept ``"min"`` or a finite number <= 1, with one message for both forms."""
    if isinstance(value, str):
        if value == "min":
            return value
        raise ValueError(
            f"is neither a number nor 'min'; {_EXPECT_POWER}{did_you_mean(value, ['min'])}"
        )
    number = as_number(value)
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValueError(f"is not finite; {_EXPECT_POWER}")
        if number > 1:
            raise ValueError(f"is above 1; {_EXPECT_POWER}")
    return number


class ScoringConfig(FrozenModel):
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
    basing_scale : float
        Personnel stationed in peacetime (``basing``) that count as one unit of the
        troops signal, as ``troops_scale`` sent to a war does: a garrison is a
        commitment, but a lesser one than troops at war.
    materiel_scales : dict
        Per kind of materiel, the amount that counts as one unit of supply; a kind not
        named keeps its default scale.
    component_cap : float
        The most units one ``components`` record counts: parts and machine tools feed
        a war industry but are not weapons, so no single such record can make the
        materiel signal exceed ``1 - exp(-component_cap)`` (0.22 at the default 0.25).
    supply_half_life : float
        Days over which a deployment or lifeline's weight halves after it ends.
    summit_half_life, exercise_half_life : float
        Days over which one event's weight halves.
    summit_scale, exercise_scale : float
        Decayed event count at which the signal reaches 1 - 1/e.
    event_size_exponent : float
        An event of ``n`` states counts ``(2 / n) ** event_size_exponent`` for each of
        its pairs (``(3 / n) ** ...`` for its trios): 1 by default, so a ten-member
        summit counts a fifth of a bilateral one per pair; 0 counts every event in full.
    token_weight : float
        In [0, 1]: the share an event counts for a pair or trio including a state that
        took part only with a token contingent (an exercise's ``token``).
    share_scale : float
        Import share at which the lifelines signal reaches 1 - 1/e.
    volume_scales : dict
        For lifelines with a volume and no share: the volume per unit that counts as
        one unit of dependence. Keys are units of
        :data:`~alliance_risk.models.VOLUME_UNITS`; scoring a lifeline whose unit has
        no scale here is an error.
    contested : {"midpoint", "amount", "low", "high"}
        Which figure of a deployment with a range is used.
    confidence_weights : dict
        Per confidence level, in [0, 1], the weight of a record of that level: every
        row a record gives a signal is multiplied by it, so a ``reported`` record
        (0.75) weighs less than a ``confirmed`` one (1.0) and a ``contested`` one (0.5)
        less still. Read as the probability that the record holds: each Monte Carlo
        draw keeps the record, at full strength, with that probability. Every level
        is required, and a less established level may not weigh more than a better
        established one.
    triad_aggregation : str
        How a trio's three pair scores combine: ``"power_mean"`` (built in) or the name
        of an aggregation registered with
        :func:`~alliance_risk.aggregations.register_aggregation`.
    triad_power : float or "min"
        Exponent ``p`` of the power mean (1: arithmetic, 0: geometric, -1: harmonic, the
        default, "min": the weakest link); any finite number <= 1, close to 0 included.
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
    igo_scale : float
        Joint IGO count, in multiples of the mean count over all pairs at the date, at
        which ``joint_igos`` reaches 1 - 1/e.

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
      ScoringConfig: weights names 'pacts', which is not a signal; did you mean 'pact'? ...
    >>> ScoringConfig.model_validate({"triad_powr": 0.5})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ScoringConfig
    triad_powr
      ScoringConfig: triad_powr=0.5 is not a field: ...; did you mean 'triad_power'? ...
    """

    weights: dict[str, Number] = Field(default_factory=lambda: dict(_DEFAULT_WEIGHTS))
    pact_scale: dict[Obligation, Fraction] = Field(
        default_factory=lambda: dict(_DEFAULT_PACT_SCALE)
    )
    pending_pact_factor: Fraction = 0.5
    asymmetric_rule: Literal["mean", "max", "min"] = "mean"
    troops_scale: PositiveScale = 5_000.0
    basing_scale: PositiveScale = 20_000.0
    materiel_scales: dict[DeploymentKind, PositiveScale] = Field(
        default_factory=lambda: dict(_DEFAULT_MATERIEL_SCALES)
    )
    component_cap: PositiveScale = 0.25
    supply_half_life: PositiveDays = 365.0
    summit_half_life: PositiveDays = 365.0
    exercise_half_life: PositiveDays = 365.0
    summit_scale: PositiveScale = 2.0
    exercise_scale: PositiveScale = 2.0
    event_size_exponent: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 1.0
    token_weight: Fraction = 0.25
    share_scale: PositiveScale = 0.2
    volume_scales: dict[str, PositiveScale] = Field(
        default_factory=lambda: dict(_DEFAULT_VOLUME_SCALES)
    )
    contested: Literal["midpoint", "amount", "low", "high"] = "midpoint"
    confidence_weights: dict[Confidence, Fraction] = Field(
        default_factory=lambda: dict(_DEFAULT_CONFIDENCE_WEIGHTS)
    )
    triad_aggregation: str = "power_mean"
    triad_power: Annotated[
        Annotated[float, Field(le=1, allow_inf_nan=False)] | Literal["min"],
        BeforeValidator(_triad_power),
    ] = -1.0
    triad_shared_weight: Fraction = 0.2
    conflict_half_life: PositiveDays = 3652.5
    antagonism_scale: PositiveScale = 1.0
    cobelligerence_scale: PositiveScale = 1.0
    rivalry_half_life: PositiveDays = 1826.25
    allies_scale: PositiveScale = 2.0
    enemies_scale: PositiveScale = 1.0
    ally_of_enemy_scale: PositiveScale = 1.0
    igo_scale: PositiveScale = 1.0

    @field_validator("weights")
    @classmethod
    def _check_weights(cls, value: dict[str, float]) -> dict[str, float]:
        from .signals import registered_signals  # the registry may hold custom signals

        known = registered_signals()
        for name, w in value.items():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=2)
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                raise named_error(
                    f"weights names {name!r}, which is not a signal{hint} "
                    f"(signals: {', '.join(known)})"
                )
            if not math.isfinite(w) or w < 0:
                raise named_error(f"weights[{name!r}]={w!r}; expected a finite number >= 0")
        if not any(w > 0 for w in value.values()):
            raise named_error(f"weights={value!r} are all zero; expected at least one > 0")
        return value

    @field_validator("triad_aggregation")
    @classmethod
    def _check_aggregation(cls, value: str) -> str:
        from .aggregations import registered_aggregations

        known = registered_aggregations()
        if value not in known:
            close = difflib.get_close_matches(value, known, n=2)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise named_error(
                f"triad_aggregation={value!r} is not a registered aggregation{hint} "
                f"(known: {', '.join(known)})"
            )
        return value

    @field_validator("pact_scale")
    @classmethod
    def _check_pact_scale(cls, value: dict[Obligation, float]) -> dict[Obligation, float]:
        missing = [o.value for o in Obligation if o not in value]
        if missing:
            raise named_error(
                f"pact_scale has no strength for {missing}; expected every obligation"
            )
        return value

    @field_validator("confidence_weights")
    @classmethod
    def _check_confidence(cls, value: dict[Confidence, float]) -> dict[Confidence, float]:
        missing = [c.value for c in Confidence if c not in value]
        if missing:
            raise named_error(
                f"confidence_weights has no weight for {missing}; expected a weight in "
                f"[0, 1] for each of {[c.value for c in Confidence]}"
            )
        levels = list(Confidence)  # best established first
        for better, worse in pairwise(levels):
            if value[worse] > value[better]:
                raise named_error(
                    f"confidence_weights[{worse.value!r}]={value[worse]!r} is above "
                    f"confidence_weights[{better.value!r}]={value[better]!r}; expected a "
                    f"{worse.value} record to weigh no more than a {better.value} one"
                )
        return {c: value[c] for c in levels}

    @field_validator("materiel_scales")
    @classmethod
    def _check_materiel(cls, value: dict[DeploymentKind, float]) -> dict[DeploymentKind, float]:
        kinds = set(_DEFAULT_MATERIEL_SCALES)
        wrong = [k.value for k in value if k not in kinds]
        missing = [k.value for k in kinds if k not in value]
        if wrong:
            raise named_error(
                f"materiel_scales names {wrong}, which are not materiel; expected "
                f"{sorted(k.value for k in kinds)} (troops and advisers use troops_scale, "
                "basing basing_scale)"
            )
        # A kind not named keeps its default scale: a config (or saved model) written
        # before a kind existed still loads, and means what it meant.
        return {**{k: _DEFAULT_MATERIEL_SCALES[k] for k in kinds if k.value in missing}, **value}

    @field_validator("volume_scales")
    @classmethod
    def _check_volume(cls, value: dict[str, float]) -> dict[str, float]:
        for unit in value:
            if unit not in VOLUME_UNITS:
                raise named_error(
                    f"volume_scales names {unit!r}, which is not a unit of volume; expected "
                    f"units of {', '.join(VOLUME_UNITS)}{did_you_mean(unit, list(VOLUME_UNITS))}"
                )
        return value

    def normalized_weights(self) -> dict[str, float]:
        """Return the weights of the signals in use, scaled to sum to 1.

        Examples
        --------
        >>> round(ScoringConfig().normalized_weights()["pact"], 3)  # 0.30 of 1.50
        0.2
        """
        # Divided by the largest first, so that huge weights (1e308) cannot overflow the
        # sum: only the ratios matter.
        top = max(self.weights.values())
        scaled = {name: w / top for name, w in self.weights.items() if w > 0}
        total = math.fsum(scaled.values())
        return {name: w / total for name, w in scaled.items()}


def read_config(path: str | Path) -> ScoringConfig:
    r"""Read a :class:`ScoringConfig` from a TOML or JSON file (by its extension).

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    InvalidParameterError
        Naming the file and the problem, if the extension is neither ``.toml`` nor
        ``.json``, or the file is a folder, cannot be read, is not UTF-8 text, is not
        valid TOML or JSON, repeats a key, or does not hold a table of settings.
    pydantic.ValidationError
        Titled with the file's name, listing every value that is not a valid
        configuration (each naming the field, the value and what was expected).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cfg.toml"
    >>> _ = p.write_text('triad_power = "min"\n[weights]\npact = 1\nsummits = 1\n')
    >>> read_config(p).triad_power
    'min'
    >>> _ = p.write_text('triad_power = "min\n')
    >>> read_config(p)
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: config file '...cfg.toml' is not valid TOML: ...
    """
    p = Path(path)
    name = str(p)
    if p.suffix not in (".toml", ".json"):
        raise InvalidParameterError(
            f"config file {name!r} has extension {p.suffix!r}; expected .toml or .json"
        )
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise InvalidParameterError(
            f"config file {name!r} is a folder; expected a TOML or JSON file"
        ) from None
    except OSError as exc:
        raise InvalidParameterError(
            f"config file {name!r} could not be read: {exc.strerror or exc}"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidParameterError(
            f"config file {name!r}: byte {exc.start} is not UTF-8 text; expected a UTF-8 "
            f"{p.suffix[1:].upper()} file"
        ) from None
    data = _parse_config(text, name, p.suffix)
    try:
        return ScoringConfig.model_validate(data)
    except ValidationError as exc:
        raise _titled(exc, f"ScoringConfig from {name}") from None


def _parse_config(text: str, name: str, suffix: str) -> Mapping[str, Any]:
    """Parse a config file's text; any failure is an InvalidParameterError naming it."""
    from .world import load_json  # the World's reader: repeated keys, huge numbers

    kind = suffix[1:].upper()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        else:
            data, repeated = load_json(text)
            if repeated:
                path, _, key, n = repeated[0]
                where = f" in {field_path(path)}" if path else ""
                raise InvalidParameterError(
                    f"config file {name!r}: key {key!r} appears {n} times{where}; expected "
                    "each key once (JSON keeps only the last value)"
                )
    except tomllib.TOMLDecodeError as exc:
        raise InvalidParameterError(f"config file {name!r} is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InvalidParameterError(
            f"config file {name!r} is not valid JSON: line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}"
        ) from None
    except RecursionError:
        raise InvalidParameterError(
            f"config file {name!r} is nested too deeply; expected a {kind} table of settings"
        ) from None
    except InvalidParameterError:
        raise
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InvalidParameterError(
            f"config file {name!r} could not be read as {kind}: {exc}"
        ) from None
    if not isinstance(data, dict):
        raise InvalidParameterError(
            f"config file {name!r} holds a JSON {type(data).__name__}; expected an object "
            "of settings"
        )
    return data


def _titled(exc: ValidationError, title: str) -> ValidationError:
    """Return the same errors under another title (the file they come from)."""
    details = []
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        message = str(ctx.get("message", err["msg"]))
        details.append(
            InitErrorDetails(
                type=PydanticCustomError(
                    str(err["type"]), "{message}", {**ctx, "message": message}
                ),
                loc=tuple(err["loc"]),
                input=err.get("input"),
            )
        )
    return ValidationError.from_exception_data(title, details)


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
