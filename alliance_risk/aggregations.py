"""Triad aggregations: how a trio's three pair scores combine into one.

Beside the signals stage. The built-in ``power_mean`` takes its exponent from
``ScoringConfig.triad_power``; users may register their own with
:func:`register_aggregation` and select it with ``ScoringConfig.triad_aggregation``.
An aggregation must be symmetric in its three arguments, non-decreasing in each,
bounded in [0, 1] and 0 when all three pairs are 0 (so that contributions stay exact);
``alliance_risk.testing.properties.check_rule`` checks these on random Worlds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._errors import InvalidParameterError
from ._types import FloatArray
from ._validation import check_new_name

__all__ = [
    "Aggregation",
    "get_aggregation",
    "power_mean",
    "register_aggregation",
    "registered_aggregations",
    "trio_probability",
    "unregister_aggregation",
]

#: ``func(pairs) -> scores``: ``pairs`` has shape ``(..., 3)``, scores ``(...)``.
AggregationFunction = Callable[[FloatArray], npt.ArrayLike]


def power_mean(x: npt.ArrayLike, p: float | str) -> FloatArray:
    """Return the power mean of ``x`` over its last axis, for values in [0, 1].

    ``p = 1`` is the arithmetic mean, ``0`` the geometric, ``-1`` the harmonic and
    ``"min"`` the minimum (the limit as ``p -> -inf``). For ``p <= 0`` any zero gives 0,
    the limit of the formula.

    Examples
    --------
    >>> power_mean([0.2, 0.4, 0.6], 1).round(6).tolist()
    0.4
    >>> power_mean([[0.0, 0.5, 0.5], [0.5, 0.5, 0.5]], 0).tolist()
    [0.0, 0.5]
    >>> float(power_mean([0.2, 0.4, 0.6], "min"))
    0.2
    """
    arr = np.asarray(x, dtype=np.float64)
    if p == "min":
        return np.asarray(np.min(arr, axis=-1), dtype=np.float64)
    q = float(p)
    if q > 0:
        return np.asarray(np.mean(arr**q, axis=-1) ** (1.0 / q), dtype=np.float64)
    has_zero = np.any(arr <= 0.0, axis=-1)
    safe = np.where(has_zero[..., None], 1.0, arr)  # rows with a zero are 0: set below
    if q == 0.0:
        value = np.exp(np.mean(np.log(safe), axis=-1))
    else:
        # Scale by the minimum so that (x / m)**q <= 1 for q < 0: no overflow for tiny x.
        # (With a subnormal minimum x / m may still overflow to inf; inf**q is then 0,
        # the right, negligible, term.)
        m = np.min(safe, axis=-1, keepdims=True)
        with np.errstate(over="ignore"):
            value = m[..., 0] * np.mean((safe / m) ** q, axis=-1) ** (1.0 / q)
    return np.asarray(np.where(has_zero, 0.0, value), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Aggregation:
    """A registered triad aggregation."""

    name: str
    func: AggregationFunction
    summary: str = ""


_CUSTOM: dict[str, Aggregation] = {}
BUILT_IN = ("power_mean",)


def register_aggregation(name: str, func: AggregationFunction, *, summary: str = "") -> Aggregation:
    """Register a custom triad aggregation, selected by ``ScoringConfig.triad_aggregation``.

    ``func`` receives an array of shape ``(..., 3)`` of pair scores in [0, 1] and returns
    the trio scores, shape ``(...)``, in [0, 1]. It is checked here on a few inputs (it
    must give 0 for three zero pairs, so that Shapley contributions sum to the score)
    and its output is checked each time it is used.

    Raises
    ------
    InvalidParameterError
        For a bad or taken name, or a function that fails the checks above.

    Examples
    --------
    >>> import numpy as np
    >>> _ = register_aggregation("median", lambda x: np.median(x, axis=-1))
    >>> "median" in registered_aggregations()
    True
    >>> unregister_aggregation("median")
    """
    check_new_name(name, "aggregation")
    if name in BUILT_IN or name in _CUSTOM:
        raise InvalidParameterError(f"an aggregation named {name!r} is already registered")
    agg = Aggregation(name, func, summary)
    probe = np.array([[0.0, 0.0, 0.0], [0.2, 0.5, 0.9], [1.0, 1.0, 1.0]])
    out = apply_aggregation(agg, probe)
    if out[0] != 0.0:
        raise InvalidParameterError(
            f"aggregation {name!r} gives {float(out[0])!r} for three zero pairs; expected 0 "
            "(a trio with no ties is not aligned, and contributions must sum to the score)"
        )
    _CUSTOM[name] = agg
    return agg


def unregister_aggregation(name: str) -> None:
    """Remove a custom aggregation.

    Examples
    --------
    >>> unregister_aggregation("power_mean")
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: 'power_mean' is not a custom aggregation
    """
    del _CUSTOM[get_aggregation(name).name]


def registered_aggregations() -> tuple[str, ...]:
    """Return the aggregation names ``triad_aggregation`` may take.

    Examples
    --------
    >>> registered_aggregations()
    ('power_mean',)
    """
    return (*BUILT_IN, *_CUSTOM)


def get_aggregation(name: str) -> Aggregation:
    """Return a custom aggregation by name.

    Examples
    --------
    >>> get_aggregation("nope")
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: 'nope' is not a custom aggregation
    """
    if name not in _CUSTOM:
        raise InvalidParameterError(f"{name!r} is not a custom aggregation")
    return _CUSTOM[name]


def apply_aggregation(agg: Aggregation, pairs: FloatArray) -> FloatArray:
    """Call a custom aggregation and check its output: shape, NaN, range."""
    out = np.asarray(agg.func(pairs), dtype=np.float64)
    want = pairs.shape[:-1]
    if out.shape != want:
        raise InvalidParameterError(
            f"aggregation {agg.name!r} returned shape {out.shape} for pair scores of shape "
            f"{pairs.shape}; expected {want}"
        )
    if np.isnan(out).any():
        k = tuple(int(v) for v in np.argwhere(np.isnan(out))[0])
        raise InvalidParameterError(
            f"aggregation {agg.name!r} returned NaN for pair scores {pairs[k].tolist()}"
        )
    bad = (out < 0) | (out > 1)
    if bad.any():
        k = tuple(int(v) for v in np.argwhere(bad)[0])
        raise InvalidParameterError(
            f"aggregation {agg.name!r} returned {float(out[k])!r} for pair scores "
            f"{pairs[k].tolist()}; expected a value in [0, 1]"
        )
    return out


def trio_probability(p_ab: npt.ArrayLike, p_ac: npt.ArrayLike, p_bc: npt.ArrayLike) -> FloatArray:
    """Return P(all three on one side) from the three pair probabilities of standing together.

    With two sides, either all three pairs agree or exactly one does, so
    ``P(all) = (p_ab + p_ac + p_bc - 1) / 2`` when the pair probabilities are consistent.
    Fitted pair models are not exactly consistent, so this is mapped into (0, 1) by a
    smooth clip (softplus with temperature 0.02 at both ends), which keeps the order of
    trios whose pair probabilities sum below 1 instead of sending them all to 0.

    Examples
    --------
    >>> round(float(trio_probability(0.9, 0.9, 0.9)), 3)
    0.85
    >>> bool(trio_probability(0.2, 0.2, 0.1) > trio_probability(0.1, 0.1, 0.1) > 0)
    True
    """
    x = (np.asarray(p_ab, dtype=np.float64) + np.asarray(p_ac) + np.asarray(p_bc) - 1.0) / 2.0
    tau = 0.02
    low = tau * np.logaddexp(0.0, x / tau)  # > 0, ≈ x above 0
    out: FloatArray = 1.0 - tau * np.logaddexp(0.0, (1.0 - low) / tau)  # < 1, ≈ low below 1
    return np.clip(out, 0.0, 1.0)
