"""Tests for :mod:`alliance_risk.similarity`.

Published values, the spec's worked examples and edge cases, scipy's tau-b, and a
per-pair pure-Python reference.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.stats import kendalltau

from alliance_risk import InvalidParameterError
from alliance_risk.similarity import (
    kappa,
    kappa_pair,
    measure_matrices,
    pi,
    pi_pair,
    s_score,
    s_score_pair,
    tau_b,
    tau_b_pair,
)

# Signorino & Ritter (1999) Table 6: Germany and Russia, 1914, 20 European states.
CAP = [
    0.25,
    0.21,
    0.20,
    0.08,
    0.08,
    0.05,
    0.03,
    0.03,
    0.02,
    0.01,
    0.01,
    0.01,
    0.01,
    0.01,
    0,
    0,
    0,
    0,
    0,
    0,
]
GMY = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
RUS = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

# The spec's toy system T5 (rows and partners A..E, self-ties 3).
T5 = np.array(
    [
        [3, 3, 1, 0, 0],
        [3, 3, 2, 0, 0],
        [1, 2, 3, 3, 0],
        [0, 0, 3, 3, 0],
        [0, 0, 0, 0, 3],
    ],
    dtype=float,
)
W5 = np.array([0.40, 0.25, 0.15, 0.12, 0.08])
# Upper triangle of the spec's table: tau_b, S_abs, S_sq, S_abs_w, S_sq_w, k_sq, pi_sq, k_abs, pi_abs
T5_TABLE = {
    (0, 1): (1, 0.866667, 0.955556, 0.90, 0.966667, 0.946237, 0.945946, 0.864865, 0.863014),
    (0, 2): (-0.117851, -0.066667, 0.2, -0.14, 0.215556, -0.071429, -0.097561, -0.111111, -0.142857),
    (0, 3): (-0.433013, -0.466667, -0.377778, -0.74, -0.673333, -0.534653, -0.542289, -0.486486, -0.506849),
    (0, 4): (-0.530330, -0.333333, -0.244444, -0.56, -0.493333, -0.428571, -0.555556, -0.388889, -0.515152),
    (1, 2): (-0.117851, 0.066667, 0.333333, -0.04, 0.315556, 0.074074, 0.068323, 0, -0.014493),
    (1, 3): (-0.433013, -0.333333, -0.244444, -0.64, -0.573333, -0.346154, -0.372549, -0.315789, -0.351351),
    (1, 4): (-0.530330, -0.466667, -0.377778, -0.66, -0.593333, -0.448598, -0.640212, -0.410256, -0.594203),
    (2, 3): (0.816497, 0.6, 0.777778, 0.40, 0.688889, 0.742268, 0.729730, 0.615385, 0.589041),
    (2, 4): (-0.666667, -0.6, -0.422222, -0.30, -0.011111, -0.509434, -0.818182, -0.428571, -0.714286),
    (3, 4): (-0.408248, -0.2, -0.2, 0.30, 0.30, -0.363636, -0.428571, -0.363636, -0.428571),
}  # fmt: skip


def test_signorino_ritter_1914_germany_russia() -> None:
    pair = [GMY, RUS]
    assert tau_b(pair)[0, 1] == pytest.approx(0.03031695, abs=1e-8)
    assert s_score(pair)[0, 1] == pytest.approx(0.40, abs=1e-12)
    assert s_score(pair, weights=CAP)[0, 1] == pytest.approx(-0.46, abs=1e-12)
    assert s_score(pair, distance="squared")[0, 1] == pytest.approx(4 / 9, abs=1e-12)
    assert s_score(pair, distance="squared", weights=CAP)[0, 1] == pytest.approx(
        -0.348889, abs=1e-6
    )
    assert kappa(pair)[0, 1] == pytest.approx(-0.07758621, abs=1e-8)
    assert pi(pair)[0, 1] == pytest.approx(-2 / 23, abs=1e-12)
    assert kappa(pair, distance="absolute")[0, 1] == pytest.approx(-1 / 14, abs=1e-12)
    assert pi(pair, distance="absolute")[0, 1] == pytest.approx(-7 / 83, abs=1e-12)
    assert pi(pair, distance="nominal")[0, 1] == pytest.approx(-0.04477612, abs=1e-8)
    assert kappa(pair, distance="nominal")[0, 1] == pytest.approx(-0.0294118, abs=1e-7)


def test_signorino_ritter_1914_binary() -> None:
    pair = (np.array([GMY, RUS]) > 0).astype(float)
    assert s_score(pair, levels=1)[0, 1] == pytest.approx(0.40)
    assert kappa(pair, levels=1)[0, 1] == pytest.approx(0.0625)
    assert pi(pair, levels=1)[0, 1] == pytest.approx(0.0625)
    assert tau_b(pair, levels=1)[0, 1] == pytest.approx(0.0625)
    assert s_score(pair, levels=1, weights=CAP)[0, 1] == pytest.approx(-0.66)


@pytest.mark.parametrize(("pair", "values"), sorted(T5_TABLE.items()))
def test_toy_system_t5_full_table(pair: tuple[int, int], values: tuple[float, ...]) -> None:
    i, j = pair
    got = (
        tau_b(T5)[i, j],
        s_score(T5)[i, j],
        s_score(T5, distance="squared")[i, j],
        s_score(T5, weights=W5)[i, j],
        s_score(T5, distance="squared", weights=W5)[i, j],
        kappa(T5)[i, j],
        pi(T5)[i, j],
        kappa(T5, distance="absolute")[i, j],
        pi(T5, distance="absolute")[i, j],
    )
    np.testing.assert_allclose(got, values, atol=1e-6)


def test_t5_weighted_kappa_pi_and_binary() -> None:
    assert kappa(T5, weights=W5)[0, 1] == pytest.approx(0.95, abs=1e-6)
    assert pi(T5, weights=W5)[0, 1] == pytest.approx(0.949812, abs=1e-6)
    assert kappa(T5, weights=W5)[2, 3] == pytest.approx(0.598831, abs=1e-6)
    assert pi(T5, weights=W5)[3, 4] == pytest.approx(-0.212121, abs=1e-6)
    b = (T5 > 0).astype(float)
    assert s_score(b, levels=1)[2, 3] == pytest.approx(0.2)
    assert kappa(b, levels=1)[2, 3] == pytest.approx(2 / 7)
    assert pi(b, levels=1)[2, 3] == pytest.approx(1 / 6)
    assert tau_b(b, levels=1)[2, 3] == pytest.approx(0.408248, abs=1e-6)
    assert s_score(b, levels=1, weights=W5)[2, 3] == pytest.approx(-0.30)
    assert kappa(b, levels=1)[3, 4] == pytest.approx(-4 / 11)
    assert pi(b, levels=1)[0, 4] == pytest.approx(-2 / 3)
    # FPSIM v2's srswba does not divide by the total weight
    w = W5 * 1.07
    assert s_score(b, levels=1, weights=w, weight_normalization="none")[3, 4] == pytest.approx(
        0.251
    )
    assert s_score(b, levels=1, weights=w)[3, 4] == pytest.approx(0.30)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0, 3), (1, 2), (2, 1), (3, 0)], -1 / 3),
        ([(1, 3), (2, 2), (2, 2), (3, 1)], 1 / 3),
        ([(2, 3), (2, 3), (3, 2), (3, 2)], 1 / 3),
        ([(3, 3)] * 4, 1.0),
        ([(0, 0)] * 10 + [(0, 3), (3, 0)], 2 / 3),
        ([(0, 3)] + [(1, 1)] * 10 + [(3, 0)], 2 / 3),
        ([(0, 3)] + [(2, 2)] * 10 + [(3, 0)], 2 / 3),
        ([(0, 3), (3, 0)] + [(3, 3)] * 10, 2 / 3),
    ],
)
def test_signorino_ritter_table_5(pairs: list[tuple[int, int]], expected: float) -> None:
    x, y = zip(*pairs, strict=True)
    assert s_score_pair(x, y) == pytest.approx(expected, abs=1e-12)


def test_signorino_header_example_with_weights() -> None:
    assert s_score_pair([3, 3, 2, 2], [2, 2, 3, 3], weights=[0.5, 0.3, 0.1, 0.1]) == pytest.approx(
        1 / 3
    )


@pytest.mark.parametrize(
    ("n", "s", "other"), [(5, 0.2, -0.25), (20, 0.8, -1 / 19), (200, 0.98, -0.0050251)]
)
def test_two_isolates(n: int, s: float, other: float) -> None:
    x = np.zeros((2, n))
    x[0, 0] = x[1, 1] = 3
    assert s_score(x)[0, 1] == pytest.approx(s)
    for f in (tau_b, kappa, pi):
        assert f(x)[0, 1] == pytest.approx(other, abs=1e-7)


def test_edge_cases_of_the_spec() -> None:
    same = np.array([[3, 3], [3, 3]], dtype=float)  # 2-state mutual defence
    assert math.isnan(tau_b(same)[0, 1]) and s_score(same)[0, 1] == 1.0
    assert math.isnan(kappa(same)[0, 1]) and math.isnan(pi(same)[0, 1])
    opposite = np.array([[3, 0], [0, 3]], dtype=float)
    for f in (tau_b, s_score, kappa, pi):
        assert f(opposite)[0, 1] == pytest.approx(-1.0)
    one_constant = np.array([[3, 3, 3, 3], [3, 0, 1, 0]], dtype=float)
    assert math.isnan(tau_b(one_constant)[0, 1])
    assert kappa(one_constant)[0, 1] == 0.0
    assert not math.isnan(pi(one_constant)[0, 1]) and not math.isnan(s_score(one_constant)[0, 1])
    both_constant = np.array([[3, 3, 3], [1, 1, 1]], dtype=float)
    assert s_score(both_constant)[0, 1] == pytest.approx(1 - 2 * 2 / 3)
    assert kappa(both_constant)[0, 1] == 0.0 and pi(both_constant)[0, 1] == pytest.approx(-1.0)
    assert kappa(same, zero_division="zero")[0, 1] == 0.0
    nothing = np.full((2, 3), np.nan)
    for f in (tau_b, s_score, kappa, pi):
        assert math.isnan(f(nothing)[0, 1])
    assert math.isnan(s_score(T5, weights=np.zeros(5))[0, 1])  # no weight: undefined
    assert s_score(T5, weights=W5 * 7)[0, 1] == pytest.approx(s_score(T5, weights=W5)[0, 1])


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ([[3, 1.5], [0, 3]], "integer levels 0..3"),
        ([[3, 4], [0, 3]], "Got 4.0 at [0, 1] instead"),
        ([[3, -1], [0, 3]], "integer levels"),
        ([3, 0, 1], "must be a 2-D array"),
    ],
)
def test_bad_portfolios(bad: list[object], fragment: str) -> None:
    for f in (tau_b, s_score, kappa, pi):
        with pytest.raises(InvalidParameterError, match="portfolios") as info:
            f(bad)
        assert fragment in str(info.value)


def test_bad_options() -> None:
    with pytest.raises(InvalidParameterError, match="'distance' parameter of s_score"):
        s_score(T5, distance="nominal")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="'levels' parameter of kappa"):
        kappa(T5, levels=0)
    with pytest.raises(InvalidParameterError, match=r"one weight per partner, shape \(5,\)"):
        pi(T5, weights=[1, 2])
    with pytest.raises(InvalidParameterError, match="finite and >= 0"):
        s_score(T5, weights=[1, -1, 1, 1, 1])
    with pytest.raises(InvalidParameterError, match="names 'tau'"):
        measure_matrices(T5, ("tau",))
    with pytest.raises(InvalidParameterError, match="two 1-D portfolios"):
        tau_b_pair([1, 2], [1, 2, 3])


# --- agreement with scipy and with a per-pair reference ------------------------------------

PORTFOLIOS = hnp.arrays(
    np.float64,
    st.tuples(st.integers(2, 7), st.integers(2, 12)),
    elements=st.sampled_from([0.0, 0.0, 1.0, 2.0, 3.0, np.nan]),
)


def _reference(x: np.ndarray, y: np.ndarray, w: np.ndarray, p: float) -> tuple[float, ...]:
    """Per-pair S, kappa and pi from the spec's disagreement form, by plain loops."""
    keep = [k for k in range(len(x)) if not (math.isnan(x[k]) or math.isnan(y[k]))]
    total = sum(w[k] for k in keep)
    if total == 0:
        return (math.nan, math.nan, math.nan)
    d = lambda a, b: abs(a - b) ** p  # noqa: E731
    omega = {k: w[k] / total for k in keep}
    observed = sum(omega[k] * d(x[k], y[k]) for k in keep)
    levels = range(4)
    px = {a: sum(omega[k] for k in keep if x[k] == a) for a in levels}
    py = {a: sum(omega[k] for k in keep if y[k] == a) for a in levels}
    e_k = sum(px[a] * py[b] * d(a, b) for a in levels for b in levels)
    pm = {a: (px[a] + py[a]) / 2 for a in levels}
    e_p = sum(pm[a] * pm[b] * d(a, b) for a in levels for b in levels)
    s = 1 - 2 * observed / 3**p
    return (
        s,
        1 - observed / e_k if e_k > 0 else math.nan,
        1 - observed / e_p if e_p > 0 else math.nan,
    )


@given(PORTFOLIOS, st.sampled_from([1.0, 2.0]), st.booleans())
def test_matrix_forms_agree_with_the_per_pair_reference(
    x: np.ndarray, p: float, weighted: bool
) -> None:
    w = np.linspace(0.5, 2.0, x.shape[1]) if weighted else np.ones(x.shape[1])
    distance = "absolute" if p == 1.0 else "squared"
    s = s_score(x, distance=distance, weights=w)  # type: ignore[arg-type]
    k = kappa(x, distance=distance, weights=w)  # type: ignore[arg-type]
    q = pi(x, distance=distance, weights=w)  # type: ignore[arg-type]
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):
            np.testing.assert_allclose(
                (s[i, j], k[i, j], q[i, j]), _reference(x[i], x[j], w, p), atol=1e-9
            )


@given(PORTFOLIOS)
def test_tau_b_equals_scipy(x: np.ndarray) -> None:
    t = tau_b(x)
    for i in range(x.shape[0]):
        for j in range(i + 1, x.shape[0]):
            keep = ~(np.isnan(x[i]) | np.isnan(x[j]))
            a, b = x[i][keep], x[j][keep]
            if len(a) < 2 or len(set(a)) < 2 or len(set(b)) < 2:
                assert math.isnan(t[i, j])
                continue
            assert t[i, j] == pytest.approx(kendalltau(a, b, variant="b").statistic, abs=1e-12)


@given(PORTFOLIOS)
def test_measures_are_symmetric_bounded_and_shared_kernel_agrees(x: np.ndarray) -> None:
    together = measure_matrices(x, ("tau_b", "s_abs", "s_sq", "kappa_sq", "pi_nominal"))
    alone = {
        "tau_b": tau_b(x), "s_abs": s_score(x), "s_sq": s_score(x, distance="squared"),
        "kappa_sq": kappa(x), "pi_nominal": pi(x, distance="nominal"),
    }  # fmt: skip
    for name, m in together.items():
        np.testing.assert_array_equal(m, alone[name])
        np.testing.assert_allclose(m, m.T, atol=1e-12)
        seen = m[~np.isnan(m)]
        assert np.all((seen >= -1 - 1e-12) & (seen <= 1 + 1e-12)), name


def test_pair_functions_match_matrix_forms() -> None:
    assert tau_b_pair(GMY, RUS) == pytest.approx(tau_b([GMY, RUS])[0, 1])
    assert kappa_pair(GMY, RUS, weights=CAP) == pytest.approx(kappa([GMY, RUS], weights=CAP)[0, 1])
    assert pi_pair(GMY, RUS, distance="nominal") == pytest.approx(-0.04477612, abs=1e-8)
