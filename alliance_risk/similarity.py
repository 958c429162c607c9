"""Classic alliance-portfolio similarity: Kendall's tau-b, Signorino-Ritter S, Häge's kappa and pi.

Beside the data flow: pure functions of a portfolio matrix. ``portfolios`` is an
``(N, K)`` array whose row ``i`` holds state ``i``'s coded tie (an integer level
``0..levels``) to each of ``K`` partners; for a state system ``K = N`` and the diagonal
holds each state's tie to itself (``levels``, by convention). Every measure returns
the ``(N, N)`` matrix of its value for every pair of rows; ``*_pair`` functions give
one pair. Missing ties (NaN) are dropped pairwise; a value is NaN only where the
measure is genuinely undefined (see ``docs/measures.md``).

All four measures are computed from one object, the pair's contingency table
``C[i, j, a, b] = Σ_k w_k 1[x_ik = a] 1[x_jk = b]`` (EUGene's ``gportu`` cells), built
with ``(levels + 1)**2`` matrix products and no loop over pairs.

References: Bueno de Mesquita (1975); Signorino and Ritter (1999); Häge (2011).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from ._errors import InvalidParameterError
from ._types import FloatArray

__all__ = [
    "MEASURES",
    "contingency",
    "kappa",
    "kappa_pair",
    "measure_matrices",
    "pi",
    "pi_pair",
    "s_score",
    "s_score_pair",
    "tau_b",
    "tau_b_pair",
]

Distance = Literal["absolute", "squared", "nominal"]


def _levels(value: object, func: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidParameterError(
            f"The 'levels' parameter of {func} must be an int in the range [1, inf). "
            f"Got {value!r} instead."
        )
    return value


def _portfolios(portfolios: npt.ArrayLike, levels: int, func: str) -> FloatArray:
    x = np.asarray(portfolios, dtype=np.float64)
    if x.ndim != 2:
        raise InvalidParameterError(
            f"The 'portfolios' parameter of {func} must be a 2-D array (states x partners). "
            f"Got an array of shape {x.shape} instead."
        )
    with np.errstate(invalid="ignore"):
        wrong = ~np.isnan(x) & ((x != np.round(x)) | (x < 0) | (x > levels))
    if wrong.any():
        i, k = (int(v) for v in np.argwhere(wrong)[0])
        raise InvalidParameterError(
            f"The 'portfolios' parameter of {func} must hold integer levels 0..{levels} "
            f"(or NaN for missing). Got {float(x[i, k])!r} at [{i}, {k}] instead."
        )
    return x


def _weights(weights: npt.ArrayLike | None, k: int, func: str) -> FloatArray:
    if weights is None:
        return np.ones(k)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (k,):
        raise InvalidParameterError(
            f"The 'weights' parameter of {func} must have one weight per partner, shape "
            f"({k},). Got shape {w.shape} instead."
        )
    if np.any(w[~np.isnan(w)] < 0) or np.any(np.isinf(w)):
        raise InvalidParameterError(
            f"The 'weights' parameter of {func} must be finite and >= 0 (NaN for missing)."
        )
    # A partner with a missing weight is left out of weighted measures.
    return np.where(np.isnan(w), 0.0, w)


def _distance_matrix(levels: int, distance: str, func: str) -> FloatArray:
    a = np.arange(levels + 1, dtype=np.float64)
    gap = np.abs(a[:, None] - a[None, :])
    if distance == "absolute":
        return gap
    if distance == "squared":
        return gap**2
    if distance == "nominal":
        return (gap > 0).astype(np.float64)
    raise InvalidParameterError(
        f"The 'distance' parameter of {func} must be one of 'absolute', 'squared' or "
        f"'nominal'. Got {distance!r} instead."
    )


def contingency(
    portfolios: npt.ArrayLike, *, weights: npt.ArrayLike | None = None, levels: int = 3
) -> FloatArray:
    """Return every pair's (weighted) contingency table of tie levels.

    ``C[i, j, a, b]`` is the (weighted) number of partners that row ``i`` ties at level
    ``a`` and row ``j`` at level ``b``; partners missing for either row are left out.
    Shape ``(N, N, levels + 1, levels + 1)``.

    Examples
    --------
    >>> c = contingency([[3, 3, 1, 0, 0], [3, 3, 2, 0, 0]])
    >>> c[0, 1].astype(int).tolist()
    [[2, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 2]]
    """
    levels = _levels(levels, "contingency")
    x = _portfolios(portfolios, levels, "contingency")
    w = _weights(weights, x.shape[1], "contingency")
    return _contingency(x, w, levels)


def _contingency(x: FloatArray, w: FloatArray, levels: int) -> FloatArray:
    n = x.shape[0]
    # Unit weights give integer counts, exact in float32 below 2**24: twice as fast.
    unit = bool(np.all(w == 1.0)) and x.shape[1] < 2**24
    dtype = np.float32 if unit else np.float64
    onehot = [(x == a).astype(dtype) for a in range(levels + 1)]  # NaN matches no level
    out = np.empty((n, n, levels + 1, levels + 1))
    for a in range(levels + 1):
        weighted = onehot[a] if unit else onehot[a] * w[None, :]
        for b in range(a, levels + 1):
            block = weighted @ onehot[b].T
            out[:, :, a, b] = block
            out[:, :, b, a] = block.T  # C[i, j, b, a] = C[j, i, a, b]
    return out


def _observed(c: FloatArray, d: FloatArray) -> FloatArray:
    """``Σ_ab C[i, j, a, b] d[a, b]`` for every pair."""
    k = d.size
    return np.asarray((c.reshape(-1, k) @ d.reshape(k)).reshape(c.shape[:2]))


def _ratio(num: FloatArray, den: FloatArray, zero_division: str = "nan") -> FloatArray:
    """``num / den`` where ``den > 0``; elsewhere NaN (undefined) or 0 by convention."""
    fill = np.nan if zero_division == "nan" else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), fill)
    return np.asarray(out, dtype=np.float64)


def s_score(
    portfolios: npt.ArrayLike,
    *,
    distance: Literal["absolute", "squared"] = "absolute",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    weight_normalization: Literal["sum", "none"] = "sum",
) -> FloatArray:
    r"""Signorino and Ritter's S for every pair of portfolios.

    Parameters
    ----------
    portfolios : array_like, shape (N, K)
        Integer tie levels ``0..levels``; NaN for missing (dropped pairwise).
    distance : {"absolute", "squared"}
        Per-partner distance ``|x - y|`` or ``(x - y)**2``.
    weights : array_like, shape (K,), optional
        Partner weights (capability shares, usually CINC); NaN drops the partner.
    levels : int
        The top level ``L`` of the coding (3 valued, 1 binary): ``d_max = L**p`` is the
        theoretical, not the observed, range.
    weight_normalization : {"sum", "none"}
        ``"sum"`` divides by the total weight (S&R, EUGene); ``"none"`` does not, which
        reproduces FPSIM v2's binary weighted ``srswba``.

    Returns
    -------
    numpy.ndarray, shape (N, N)
        In [-1, 1]; NaN where no partner (or no weight) is shared.

    Notes
    -----
    .. math:: S_{ij} = 1 - \frac{2 \sum_k w_k\, d(x_{ik}, x_{jk})}{d_{max} \sum_k w_k}

    Examples
    --------
    >>> gmy = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> rus = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> round(float(s_score([gmy, rus])[0, 1]), 6)
    0.4
    """
    if distance not in ("absolute", "squared"):
        raise InvalidParameterError(
            f"The 'distance' parameter of s_score must be 'absolute' or 'squared'. "
            f"Got {distance!r} instead."
        )
    if weight_normalization not in ("sum", "none"):
        raise InvalidParameterError(
            "The 'weight_normalization' parameter of s_score must be 'sum' or 'none'. "
            f"Got {weight_normalization!r} instead."
        )
    levels = _levels(levels, "s_score")
    x = _portfolios(portfolios, levels, "s_score")
    w = _weights(weights, x.shape[1], "s_score")
    return _s_from(_contingency(x, w, levels), levels, distance, weight_normalization)


def _s_from(c: FloatArray, levels: int, distance: str, weight_normalization: str) -> FloatArray:
    observed = _observed(c, _distance_matrix(levels, distance, "s_score"))
    total = c.sum(axis=(2, 3))
    d_max = float(levels if distance == "absolute" else levels**2)
    if weight_normalization == "none":
        return np.where(total > 0, 1.0 - 2.0 * observed / d_max, np.nan)
    return 1.0 - 2.0 * _ratio(observed, total) / d_max


def tau_b(portfolios: npt.ArrayLike, *, levels: int = 3) -> FloatArray:
    r"""Kendall's tau-b between every pair of portfolios (Bueno de Mesquita 1975).

    Partners are the observations; ties are corrected as in tau-b. Equal to
    ``scipy.stats.kendalltau(x, y, variant="b")`` on each pair. Never weighted.

    Returns
    -------
    numpy.ndarray, shape (N, N)
        In [-1, 1]; NaN where either portfolio is constant over the shared partners
        (EUGene writes -9 there).

    Notes
    -----
    .. math:: \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - T_x)(n_0 - T_y)}}

    Examples
    --------
    >>> gmy = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> rus = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> round(float(tau_b([gmy, rus])[0, 1]), 7)
    0.030317
    """
    levels = _levels(levels, "tau_b")
    x = _portfolios(portfolios, levels, "tau_b")
    return _tau_from(_contingency(x, np.ones(x.shape[1]), levels), levels)


def _tau_from(c: FloatArray, levels: int) -> FloatArray:
    a = np.arange(levels + 1)
    sign = np.sign(a[:, None] - a[None, :])
    # n_c - n_d = ½ Σ C_ab C_a'b' sgn(a - a') sgn(b - b')
    s = sign @ c @ sign.T  # for each pair: Σ_a'b' sgn(a - a') sgn(b - b') C_a'b'
    concordance = 0.5 * (c * s).sum(axis=(2, 3))
    n = c.sum(axis=(2, 3))
    n0 = n * (n - 1) / 2
    rows, cols = c.sum(axis=3), c.sum(axis=2)
    tx = (rows * (rows - 1) / 2).sum(axis=2)
    ty = (cols * (cols - 1) / 2).sum(axis=2)
    return _ratio(concordance, np.sqrt(np.maximum(n0 - tx, 0) * np.maximum(n0 - ty, 0)))


def _agreement(
    portfolios: npt.ArrayLike,
    distance: str,
    weights: npt.ArrayLike | None,
    levels: int,
    pooled: bool,
    zero_division: str,
    func: str,
) -> FloatArray:
    levels = _levels(levels, func)
    if zero_division not in ("nan", "zero"):
        raise InvalidParameterError(
            f"The 'zero_division' parameter of {func} must be 'nan' or 'zero'. "
            f"Got {zero_division!r} instead."
        )
    x = _portfolios(portfolios, levels, func)
    w = _weights(weights, x.shape[1], func)
    d = _distance_matrix(levels, distance, func)
    return _agreement_from(_contingency(x, w, levels), d, pooled, zero_division)


def _agreement_from(c: FloatArray, d: FloatArray, pooled: bool, zero_division: str) -> FloatArray:
    total = c.sum(axis=(2, 3))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = c / np.where(total > 0, total, 1.0)[:, :, None, None]
    px, py = p.sum(axis=3), p.sum(axis=2)  # each row's distribution over levels
    observed = _observed(p, d)
    if pooled:
        px = py = 0.5 * (px + py)
    expected = ((px @ d) * py).sum(axis=2)
    out = 1.0 - _ratio(observed, expected, "nan")
    if zero_division == "zero":
        out = np.where((expected <= 0) & (total > 0), 0.0, out)
    return out


def kappa(
    portfolios: npt.ArrayLike,
    *,
    distance: Distance = "squared",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    zero_division: Literal["nan", "zero"] = "nan",
) -> FloatArray:
    r"""Häge's chance-corrected Cohen's kappa for every pair of portfolios.

    Parameters
    ----------
    portfolios : array_like, shape (N, K)
        Integer tie levels; NaN for missing.
    distance : {"squared", "absolute", "nominal"}
        Disagreement weights: squared (Häge's ``kappava``; Cohen's quadratic weights),
        absolute (linear weights) or nominal (exact match).
    weights : array_like, shape (K,), optional
        Partner (capability) weights, normalised per pair.
    levels : int
        The top level of the coding.
    zero_division : {"nan", "zero"}
        Value where the expected disagreement is 0 (Häge's alliance files leave it
        missing; his UN-vote files use 0).

    Notes
    -----
    .. math:: \kappa = 1 - D_o / D_e, \quad
        D_e = \sum_{a,b} p_x(a)\, p_y(b)\, d(a, b)

    Examples
    --------
    >>> gmy = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> rus = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> round(float(kappa([gmy, rus])[0, 1]), 8)
    -0.07758621
    """
    return _agreement(portfolios, distance, weights, levels, False, zero_division, "kappa")


def pi(
    portfolios: npt.ArrayLike,
    *,
    distance: Distance = "squared",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    zero_division: Literal["nan", "zero"] = "nan",
) -> FloatArray:
    r"""Häge's chance-corrected Scott's pi for every pair of portfolios.

    As :func:`kappa`, but the expected disagreement uses the pair's pooled distribution
    of levels. ``distance="nominal"`` gives the exact-match Scott's pi of Miller's
    ``pallyv``; the default squared distance is Häge's ``piva``.

    Notes
    -----
    .. math:: \pi = 1 - D_o / D_e, \quad D_e = \sum_{a,b} \bar p(a)\, \bar p(b)\, d(a, b),
        \quad \bar p = (p_x + p_y) / 2

    Examples
    --------
    >>> gmy = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> rus = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    >>> round(float(pi([gmy, rus], distance="nominal")[0, 1]), 8)
    -0.04477612
    """
    return _agreement(portfolios, distance, weights, levels, True, zero_division, "pi")


def _pair(x: npt.ArrayLike, y: npt.ArrayLike, func: str) -> FloatArray:
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape:
        raise InvalidParameterError(
            f"{func} takes two 1-D portfolios of the same length. "
            f"Got shapes {a.shape} and {b.shape} instead."
        )
    return np.stack([a, b])


def s_score_pair(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    distance: Literal["absolute", "squared"] = "absolute",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    weight_normalization: Literal["sum", "none"] = "sum",
) -> float:
    """Return S for one pair of portfolios (see :func:`s_score`).

    Examples
    --------
    >>> round(s_score_pair([3, 0, 1], [0, 3, 1]), 12)
    -0.333333333333
    """
    m = s_score(
        _pair(x, y, "s_score_pair"),
        distance=distance,
        weights=weights,
        levels=levels,
        weight_normalization=weight_normalization,
    )
    return float(m[0, 1])


def tau_b_pair(x: npt.ArrayLike, y: npt.ArrayLike, *, levels: int = 3) -> float:
    """Return tau-b for one pair of portfolios (see :func:`tau_b`).

    Examples
    --------
    >>> tau_b_pair([0, 1, 2, 3], [0, 1, 3, 2])
    0.6666666666666666
    """
    return float(tau_b(_pair(x, y, "tau_b_pair"), levels=levels)[0, 1])


def kappa_pair(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    distance: Distance = "squared",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    zero_division: Literal["nan", "zero"] = "nan",
) -> float:
    """Return kappa for one pair of portfolios (see :func:`kappa`).

    Examples
    --------
    >>> round(kappa_pair([3, 3, 1, 0, 0], [3, 3, 2, 0, 0]), 6)
    0.946237
    """
    m = kappa(
        _pair(x, y, "kappa_pair"),
        distance=distance,
        weights=weights,
        levels=levels,
        zero_division=zero_division,
    )
    return float(m[0, 1])


def pi_pair(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    distance: Distance = "squared",
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
    zero_division: Literal["nan", "zero"] = "nan",
) -> float:
    """Return pi for one pair of portfolios (see :func:`pi`).

    Examples
    --------
    >>> round(pi_pair([3, 3, 1, 0, 0], [3, 3, 2, 0, 0]), 6)
    0.945946
    """
    m = pi(
        _pair(x, y, "pi_pair"),
        distance=distance,
        weights=weights,
        levels=levels,
        zero_division=zero_division,
    )
    return float(m[0, 1])


#: Named measure variants for panels: name -> (measure, distance, weighted).
MEASURES: dict[str, tuple[str, str, bool]] = {
    "tau_b": ("tau_b", "", False),
    "s_abs": ("s", "absolute", False),
    "s_sq": ("s", "squared", False),
    "s_abs_weighted": ("s", "absolute", True),
    "s_sq_weighted": ("s", "squared", True),
    "kappa_sq": ("kappa", "squared", False),
    "kappa_abs": ("kappa", "absolute", False),
    "kappa_nominal": ("kappa", "nominal", False),
    "pi_sq": ("pi", "squared", False),
    "pi_abs": ("pi", "absolute", False),
    "pi_nominal": ("pi", "nominal", False),
    "kappa_sq_weighted": ("kappa", "squared", True),
    "pi_sq_weighted": ("pi", "squared", True),
}


def measure_matrices(
    portfolios: npt.ArrayLike,
    measures: tuple[str, ...] = ("tau_b", "s_abs", "kappa_sq", "pi_sq"),
    *,
    weights: npt.ArrayLike | None = None,
    levels: int = 3,
) -> dict[str, FloatArray]:
    """Compute several measures at once, sharing the pairs' contingency tables.

    Parameters
    ----------
    portfolios : array_like, shape (N, K)
        Integer tie levels; NaN for missing.
    measures : tuple of str
        Names from :data:`MEASURES` (``"s_abs"``, ``"kappa_sq"``, ...); ``*_weighted``
        variants need ``weights``.
    weights : array_like, shape (K,), optional
        Partner weights for the weighted variants.
    levels : int
        The top level of the coding.

    Returns
    -------
    dict of str to numpy.ndarray
        Each ``(N, N)``, identical to the single-measure functions.

    Examples
    --------
    >>> m = measure_matrices([[3, 3, 1, 0, 0], [3, 3, 2, 0, 0]], ("s_abs", "kappa_sq"))
    >>> round(float(m["s_abs"][0, 1]), 6), round(float(m["kappa_sq"][0, 1]), 6)
    (0.866667, 0.946237)
    """
    levels = _levels(levels, "measure_matrices")
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InvalidParameterError(
            f"The 'measures' parameter of measure_matrices names {unknown[0]!r}, which is "
            f"not a measure; expected some of {sorted(MEASURES)}."
        )
    x = _portfolios(portfolios, levels, "measure_matrices")
    if weights is None and any(MEASURES[m][2] for m in measures):
        raise InvalidParameterError(
            "measure_matrices: weighted measures need 'weights' (capability shares)."
        )
    plain = _contingency(x, np.ones(x.shape[1]), levels)
    weighted = None
    if weights is not None and any(MEASURES[m][2] for m in measures):
        weighted = _contingency(x, _weights(weights, x.shape[1], "measure_matrices"), levels)
    out = {}
    for name in measures:
        kind, distance, is_weighted = MEASURES[name]
        c = weighted if is_weighted and weighted is not None else plain
        if kind == "tau_b":
            out[name] = _tau_from(c, levels)
        elif kind == "s":
            out[name] = _s_from(c, levels, distance, "sum")
        else:
            d = _distance_matrix(levels, distance, "measure_matrices")
            out[name] = _agreement_from(c, d, kind == "pi", "nan")
    return out
