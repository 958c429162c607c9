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


#: Below this ``|p|`` the power mean is computed as the geometric mean (its limit at
#: ``p = 0``). For values in [5e-324, 1] the two differ by a factor below
#: ``exp(|p| * 745**2 / 2)``, which for ``|p| < 1e-100`` is 1 to far more digits than a
#: float holds; and a smaller ``|p|`` would lose precision in ``p * log(x)``.
GEOMETRIC_BELOW = 1e-100


def power_mean(x: npt.ArrayLike, p: float | str) -> FloatArray:
    """Return the power mean of ``x`` over its last axis, for values in [0, 1].

    ``p = 1`` is the arithmetic mean, ``0`` the geometric, ``-1`` the harmonic and
    ``"min"`` the minimum (the limit as ``p -> -inf``). For ``p <= 0`` any zero gives 0,
    the limit of the formula.

    The result is computed in the log domain, ``exp(log(mean(exp(p log x))) / p)``
    with ``expm1``/``log1p`` about the largest (``p > 0``) or smallest (``p < 0``) value,
    so that it is accurate for every ``p``, tiny ones included (``|p|`` below
    :data:`GEOMETRIC_BELOW` is the geometric mean). The values are sorted first, so the
    result does not depend on their order, and it always lies in ``[min(x), max(x)]``.

    Raises
    ------
    InvalidParameterError
        If ``p`` is neither ``"min"`` nor a finite number.

    Examples
    --------
    >>> power_mean([0.2, 0.4, 0.6], 1).round(6).tolist()
    0.4
    >>> power_mean([[0.0, 0.5, 0.5], [0.5, 0.5, 0.5]], 0).tolist()
    [0.0, 0.5]
    >>> float(power_mean([0.2, 0.4, 0.6], "min"))
    0.2
    >>> bool(power_mean([0.2, 0.4, 0.6], 1e-300) == power_mean([0.6, 0.2, 0.4], 0.0))
    True
    """
    arr = np.asarray(x, dtype=np.float64)
    if isinstance(p, str):
        if p != "min":
            raise InvalidParameterError(
                f"The 'p' parameter of power_mean must be a finite number or 'min'. Got {p!r} "
                "instead."
            )
        return np.asarray(np.min(arr, axis=-1), dtype=np.float64)
    q = float(p)
    if not np.isfinite(q):
        raise InvalidParameterError(
            f"The 'p' parameter of power_mean must be a finite number or 'min'. Got {p!r} instead."
        )
    if arr.ndim and arr.shape[-1] == 3:  # trios: a sorting network, no sort's copy
        x, y, z = arr[..., 0], arr[..., 1], arr[..., 2]
        small, large = np.minimum(x, y), np.maximum(x, y)
        arr = np.stack([np.minimum(small, z), np.maximum(small, np.minimum(large, z)),
                        np.maximum(large, z)], axis=-1)  # fmt: skip
    else:
        arr = np.sort(arr, axis=-1)  # one order for every permutation: exact symmetry
    lo, hi = arr[..., 0], arr[..., -1]
    if q == 1.0:
        value = np.mean(arr, axis=-1)
    else:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            logs = np.log(arr)  # -inf at 0
            if abs(q) < GEOMETRIC_BELOW:
                value = np.exp(np.mean(logs, axis=-1))
            else:
                # About the largest log for p > 0 (the smallest for p < 0), every
                # p * (log x - ref) is <= 0: no overflow, and expm1/log1p keep the digits
                # that exp/log would lose when p is small.
                ref = logs[..., -1:] if q > 0 else logs[..., :1]
                m = np.mean(np.expm1(q * (logs - ref)), axis=-1)
                value = np.exp(ref[..., 0] + np.log1p(m) / q)
        # p > 0: zeros count, and all zeros give 0; p <= 0: any zero gives 0.
        value = np.where(hi <= 0.0, 0.0, value)
        if q <= 0:
            value = np.where(lo <= 0.0, 0.0, value)
    return np.asarray(np.clip(value, lo, hi), dtype=np.float64)


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
    # 1 - tau * softplus((1 - low) / tau), written without the cancellation of 1 - (...)
    out: FloatArray = low - tau * np.logaddexp(0.0, (low - 1.0) / tau)  # < 1, ≈ low below 1
    return np.clip(out, 0.0, 1.0)
