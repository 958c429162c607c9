"""Behaviour tests for :mod:`alliance_risk.calibrate` and the scoring functions with a model.

Outcome tables, the trio probability, the fit, the JSON form and the evaluation are
tested on small hand-made Worlds whose answers are known; the shipped model and the
documented validation figures are tested against ``../shared/data`` when it is there
(skipped with a reason otherwise).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from alliance_risk import (
    Conflict,
    InvalidParameterError,
    Pact,
    ScoringConfig,
    State,
    World,
    data_versions,
    load_scenario,
    score_dyads,
    score_triad,
    timeline,
    top_triads,
)
from alliance_risk.calibrate import (
    TARGETS,
    Outcomes,
    RiskModel,
    conflict_outcomes,
    conflict_trio_outcomes,
    evaluate,
    fit,
    load_model,
    read_model,
    roc_auc,
    trio_probability,
)
from alliance_risk.datasets import CowStates

from .conftest import ROOT, SHARED

DATA = SHARED / "data"
BASELINES = ["s_abs", "kappa", "pi", "tau_b", "strongest_pact", "default_score"]
CLASSIC = ["s_abs", "kappa", "pi", "tau_b"]


# --- small hand-made Worlds ----------------------------------------------------------------


def conflict(
    cid: str,
    start: date,
    side_a: Sequence[tuple[str, str] | tuple[str, str, str]],
    side_b: Sequence[tuple[str, str] | tuple[str, str, str]],
    kind: str = "dispute",
) -> Conflict:
    """Return a conflict; each participant is (state, joined) or (state, joined, left)."""

    def side(ps: Sequence[tuple[str, ...]]) -> list[dict[str, str]]:
        out = []
        for p in ps:
            d = {"state": p[0], "joined": p[1]}
            if len(p) == 3:
                d["left"] = p[2]
            out.append(d)
        return out

    return Conflict.model_validate(
        {
            "id": cid,
            "name": f"Conflict {cid}",
            "kind": kind,
            "start": start,
            "hostility": 5 if kind == "war" else 3,
            "sides": (side(side_a), side(side_b)),
            "source": ("test",),
            "confidence": "confirmed",
        }
    )


def pact(pid: str, *parties: str, signed: date = date(1990, 1, 1)) -> Pact:
    return Pact.model_validate(
        {
            "id": pid,
            "name": f"Pact {pid}",
            "parties": parties,
            "signed": signed,
            "in_force": signed,
            "obligations": ("defence",),
            "source": ("test",),
            "confidence": "confirmed",
        }
    )


CODES = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG")
CCODES = dict(zip(CODES, (10, 20, 30, 40, 50, 60, 70), strict=True))


@pytest.fixture(scope="module")
def history() -> World:
    """One dispute with a late joiner and two side-switchers, one two-state war."""
    m1 = conflict(
        "M1",
        date(1900, 5, 1),
        # EEE starts on side A, leaves, then joins side B: first side A.
        # FFF is listed on side A but first entered on side B: first side B.
        [
            ("AAA", "1900-05-01"),
            ("BBB", "1900-05-01"),
            ("EEE", "1900-05-01", "1900-06-01"),
            ("FFF", "1900-09-01"),
        ],
        [
            ("CCC", "1900-05-01"),
            ("DDD", "1900-08-15"),
            ("EEE", "1900-07-01"),
            ("FFF", "1900-05-02", "1900-06-30"),
        ],
    )
    w1 = conflict("W1", date(1910, 1, 1), [("AAA", "1910-01-01")], [("GGG", "1910-02-01")], "war")
    states = tuple(State(code=c, name=c, ccode=CCODES[c]) for c in CODES)
    return World(states=states, conflicts=(m1, w1))


def system(members: dict[int, Sequence[str]]) -> CowStates:
    """Return a COW system made by hand: per year, the member states."""
    codes = np.array(sorted(CCODES.values()))
    abbrev = tuple(c for c in CODES)
    year_ccode = np.array([CCODES[c] for y in sorted(members) for c in members[y]])
    year = np.array([y for y in sorted(members) for _ in members[y]])
    return CowStates(
        codes, abbrev, abbrev, codes, (), (), year_ccode, year, min(members), max(members), ()
    )


def rows(t: Outcomes) -> dict[frozenset[str], int]:
    keys = ["a", "b", "c"] if t.trios else ["a", "b"]
    out: dict[frozenset[str], int] = {}
    for k in range(len(t)):
        key = frozenset(str(t[x][k]) for x in keys)
        assert key not in out, f"{sorted(key)} appears twice"
        out[key] = int(t["label"][k])
    return out


# --- 1. outcome tables ---------------------------------------------------------------------


def test_pair_outcomes_one_row_per_pair_side_at_first_entry(history: World) -> None:
    t = conflict_outcomes(history)
    assert not t.trios and len(t) == 15  # 6 participants: C(6, 2) pairs, each once
    got = rows(t)
    side = {"AAA": 0, "BBB": 0, "EEE": 0, "CCC": 1, "DDD": 1, "FFF": 1}
    want = {frozenset((x, y)): int(side[x] == side[y]) for x, y in itertools.combinations(side, 2)}
    assert got == want
    # the late joiner DDD is counted; the switchers by their first side
    assert got[frozenset(("CCC", "DDD"))] == 1 and got[frozenset(("AAA", "EEE"))] == 1
    assert got[frozenset(("CCC", "FFF"))] == 1 and got[frozenset(("AAA", "FFF"))] == 0
    # as_of: 31 December of the year before the start; never the conflict's own year
    assert set(t["as_of"].astype(str).tolist()) == {"1899-12-31"}
    assert set(t["conflict"].tolist()) == {"M1"} and set(t["year"].tolist()) == {1900}
    # a before b in World order
    order = {c: k for k, c in enumerate(CODES)}
    assert all(order[a] < order[b] for a, b in zip(t["a"], t["b"], strict=True))
    assert t.dropped == {"pairs with a state outside the COW system that year": 0}


def test_war_outcomes_start_on_first_january(history: World) -> None:
    t = conflict_outcomes(history, kind="war")
    assert len(t) == 1 and (t["a"][0], t["b"][0], t["label"][0]) == ("AAA", "GGG", 0)
    assert str(t["as_of"][0]) == "1909-12-31"  # start 1 Jan 1910: still the year before


def test_trio_outcomes_labels(history: World) -> None:
    t = conflict_trio_outcomes(history, kind="dispute")
    assert t.trios and len(t) == 20  # C(6, 3)
    got = rows(t)
    together = {k for k, v in got.items() if v == 1}
    # side A at first entry: AAA, BBB, EEE; side B: CCC, DDD, FFF
    assert together == {frozenset(("AAA", "BBB", "EEE")), frozenset(("CCC", "DDD", "FFF"))}
    assert set(t["as_of"].astype(str).tolist()) == {"1899-12-31"}


def test_two_participant_conflict_gives_no_trio(history: World) -> None:
    t = conflict_trio_outcomes(history, kind="war")
    assert len(t) == 0 and t.trios


def test_outcomes_drop_and_count_states_outside_the_system(history: World) -> None:
    everyone_but_ddd = [c for c in CODES if c != "DDD"]
    cow = system({1899: CODES, 1900: everyone_but_ddd, 1910: CODES})
    t = conflict_outcomes(history, system=cow)
    assert len(t) == 10 and "DDD" not in set(t["a"]) | set(t["b"])  # C(5, 2)
    assert t.dropped == {"pairs with a state outside the COW system that year": 5}
    trios = conflict_trio_outcomes(history, kind="dispute", system=cow)
    assert len(trios) == 10  # C(5, 3)
    assert trios.dropped == {"trios with a state outside the COW system that year": 10}
    # the start year decides, not the as_of year: DDD was a member in 1899
    assert len(conflict_outcomes(history, kind="war", system=cow)) == 1


def test_outcomes_refuse_an_unknown_kind(history: World) -> None:
    with pytest.raises(InvalidParameterError, match="kind='battle'"):
        conflict_outcomes(history, kind="battle")  # type: ignore[arg-type]


# --- 2. ROC AUC ----------------------------------------------------------------------------


def brute_auc(score: Sequence[float], label: Sequence[int]) -> float:
    pos = [s for s, y in zip(score, label, strict=True) if y == 1]
    neg = [s for s, y in zip(score, label, strict=True) if y == 0]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(-3, 3).map(float), st.floats(-1e6, 1e6)), st.integers(0, 1)
        ),
        min_size=2,
        max_size=40,
    )
)
def test_roc_auc_is_the_pairwise_count(data: list[tuple[float, int]]) -> None:
    score, label = [s for s, _ in data], [y for _, y in data]
    assume(0 < sum(label) < len(label))
    assert roc_auc(score, label) == pytest.approx(brute_auc(score, label), abs=1e-12)


def test_roc_auc_known_values_and_one_label() -> None:
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert roc_auc([1, 1, 1], [0, 1, 0]) == 0.5  # all tied: half
    assert roc_auc([3, 2, 1], [0, 0, 1]) == 0.0
    with pytest.raises(InvalidParameterError, match="both labels"):
        roc_auc([0.1, 0.2], [1, 1])
    with pytest.raises(InvalidParameterError, match="both labels"):
        roc_auc([0.1, 0.2], [0, 0])


# --- 3. trio probability -------------------------------------------------------------------

prob = st.floats(0.0, 1.0, allow_nan=False)


@given(prob, prob, prob)
def test_trio_probability_in_unit_interval_and_symmetric(a: float, b: float, c: float) -> None:
    p = float(trio_probability(a, b, c))
    assert 0.0 <= p <= 1.0
    for perm in itertools.permutations((a, b, c)):
        assert float(trio_probability(*perm)) == pytest.approx(p, abs=1e-15)


@given(prob, prob, prob, prob, st.integers(0, 2))
def test_trio_probability_non_decreasing(a: float, b: float, c: float, d: float, k: int) -> None:
    low = [a, b, c]
    high = list(low)
    high[k] = max(low[k], d)
    assert float(trio_probability(*high)) >= float(trio_probability(*low))


@given(prob, prob, prob)
def test_trio_probability_close_to_the_two_sided_identity(a: float, b: float, c: float) -> None:
    exact = (a + b + c - 1.0) / 2.0
    assume(0.1 <= exact <= 0.9)
    assert abs(float(trio_probability(a, b, c)) - exact) <= 0.02


@given(prob, prob, prob)
def test_trio_probability_never_collapses_to_zero(a: float, b: float, c: float) -> None:
    assume(a + b + c < 1.0)
    p = float(trio_probability(a, b, c))
    assert p > 0.0
    # and it keeps the order of such trios
    assert float(trio_probability(min(a + 0.05, 1.0), b, c)) > p


def test_trio_probability_vectorised_and_known_values() -> None:
    assert float(trio_probability(0.9, 0.9, 0.9)) == pytest.approx(0.85, abs=1e-3)
    p = trio_probability(np.array([0.2, 0.9]), np.array([0.2, 0.9]), np.array([0.1, 0.9]))
    assert p.shape == (2,) and 0 < p[0] < p[1] < 1
    assert float(trio_probability(0.0, 0.0, 0.0)) > 0.0


# --- 4. fit on a World where the labels follow the signals ---------------------------------

STATES = tuple(f"S{k}" for k in range(10))
AS_OF = "2000-12-31"
ALLIED = [("S0", "S1"), ("S2", "S3"), ("S4", "S5"), ("S6", "S7")]
OPPOSED = [("S0", "S6"), ("S0", "S8"), ("S2", "S6"), ("S2", "S8"),
           ("S1", "S7"), ("S3", "S9"), ("S1", "S9"), ("S3", "S7")]  # fmt: skip
STRANGERS = [("S4", "S8"), ("S5", "S9"), ("S4", "S9"), ("S5", "S8")]


@pytest.fixture(scope="module")
def synthetic() -> World:
    """Allied pairs fight together later; pairs opposed in 1995-96 fight apart later."""
    past = [
        conflict(
            "C1",
            date(1995, 3, 1),
            [("S0", "1995-03-01"), ("S2", "1995-03-01")],
            [("S6", "1995-03-01"), ("S8", "1995-03-01")],
        ),
        conflict(
            "C2",
            date(1996, 3, 1),
            [("S1", "1996-03-01"), ("S3", "1996-03-01")],
            [("S7", "1996-03-01"), ("S9", "1996-03-01")],
        ),
    ]
    pacts = tuple(pact(f"P{k}", a, b) for k, (a, b) in enumerate(ALLIED))
    states = tuple(State(code=c, name=c) for c in STATES)
    return World(states=states, pacts=pacts, conflicts=tuple(past))


@pytest.fixture(scope="module")
def table() -> dict[str, list[Any]]:
    labelled = (
        [(a, b, 1) for a, b in ALLIED]
        + [(a, b, 0) for a, b in OPPOSED]
        + [(a, b, y) for (a, b), y in zip(STRANGERS, (1, 0, 1, 0), strict=True)]
    )
    return {
        "a": [r[0] for r in labelled],
        "b": [r[1] for r in labelled],
        "as_of": [AS_OF] * len(labelled),
        "label": [r[2] for r in labelled],
        "conflict": [f"X{k // 2}" for k in range(len(labelled))],
    }


@pytest.fixture(scope="module")
def model(synthetic: World, table: dict[str, list[Any]]) -> RiskModel:
    return fit(synthetic, table, n_boot=40, seed=7)


def test_fit_coefficients_non_negative_and_ranking(
    model: RiskModel, synthetic: World, table: dict[str, list[Any]]
) -> None:
    assert all(v >= 0 for v in model.coefficients.values())
    assert {"pact", "antagonism"} <= set(model.coefficients)
    assert "rivalry" not in model.coefficients  # no rivalry records: not a candidate
    assert model.coefficients["pact"] > 0 and model.coefficients["antagonism"] > 0
    p = model.predict(synthetic, table)
    n1, n0 = len(ALLIED), len(OPPOSED)
    allied, opposed, strangers = p[:n1], p[n1 : n1 + n0], p[n1 + n0 :]
    assert allied.min() > strangers.max() and strangers.min() > opposed.max()
    assert allied.min() > 0.5 > opposed.max()
    assert model.fitted_on["rows"] == 16 and model.fitted_on["together"] == 6


def test_fit_config_weights_are_the_normalised_coefficients(model: RiskModel) -> None:
    positive = {n: v for n, v in model.coefficients.items() if v > 1e-9}
    assert model.slope == pytest.approx(sum(positive.values()), rel=1e-12)
    assert set(model.config.weights) == set(positive)
    for n, v in positive.items():
        assert model.config.weights[n] == pytest.approx(v / model.slope, rel=1e-12)
    assert sum(model.config.weights.values()) == pytest.approx(1.0, abs=1e-12)
    assert model.config.conflict_half_life in (730.5, 1826.25, 3652.5, 7305.0)


def test_predict_is_the_probability_of_the_pair_score(
    model: RiskModel, synthetic: World, table: dict[str, list[Any]]
) -> None:
    p = model.predict(synthetic, table)
    s = score_dyads(synthetic, AS_OF, model)
    for k, (a, b) in enumerate(zip(table["a"], table["b"], strict=True)):
        via_score = float(model.probability(s.score(a, b)))
        assert p[k] == pytest.approx(via_score, abs=1e-12)
        assert s.probability(a, b) == pytest.approx(p[k], abs=1e-12)
    # the scores are those of the model's configuration, weights and all
    plain = score_dyads(synthetic, AS_OF, model.config)
    assert np.allclose(plain.matrix, s.matrix, atol=1e-15)


def test_fit_interval_contains_the_prediction_and_is_reproducible(
    model: RiskModel, synthetic: World, table: dict[str, list[Any]]
) -> None:
    assert len(model.draws) >= 30
    assert all(len(d) == 1 + len(model.coefficients) for d in model.draws)
    p = model.predict(synthetic, table)
    low, high = model.interval(synthetic, table)
    assert np.all((low >= 0) & (low <= high) & (high <= 1))
    inside = (low - 1e-9 <= p) & (p <= high + 1e-9)
    assert inside.mean() >= 0.8
    wide_low, wide_high = model.interval(synthetic, table, level=0.99)
    assert np.all(wide_low <= low + 1e-12) and np.all(wide_high >= high - 1e-12)
    again = fit(synthetic, table, n_boot=40, seed=7)
    assert again.draws == model.draws
    l2, h2 = again.interval(synthetic, table)
    assert np.array_equal(low, l2) and np.array_equal(high, h2)
    other = fit(synthetic, table, n_boot=40, seed=8)
    assert other.draws != model.draws
    with pytest.raises(InvalidParameterError, match="level"):
        model.interval(synthetic, table, level=1.5)


def test_interval_needs_draws(synthetic: World, table: dict[str, list[Any]]) -> None:
    m = fit(synthetic, table, half_lives=None)
    assert m.draws == ()
    with pytest.raises(InvalidParameterError, match="no bootstrap draws"):
        m.interval(synthetic, table)


def test_fit_refuses_bad_inputs(synthetic: World, table: dict[str, list[Any]]) -> None:
    one = {**table, "label": [1] * len(table["a"])}
    with pytest.raises(InvalidParameterError, match="all the same"):
        fit(synthetic, one)
    with pytest.raises(InvalidParameterError, match="'pactt' is not a signal"):
        fit(synthetic, table, signals=["pactt"])
    with pytest.raises(InvalidParameterError, match=r"l2=-0\.1"):
        fit(synthetic, table, l2=-0.1)
    with pytest.raises(InvalidParameterError, match="l2=nan"):
        fit(synthetic, table, l2=float("nan"))
    no_label = {k: v for k, v in table.items() if k != "label"}
    with pytest.raises(InvalidParameterError, match="'label'"):
        fit(synthetic, no_label)
    with pytest.raises(InvalidParameterError, match=r"\['b'\]"):
        fit(synthetic, {k: v for k, v in table.items() if k != "b"})
    with pytest.raises(InvalidParameterError, match="holds \\[2\\]"):
        fit(synthetic, {**table, "label": [2, *table["label"][1:]]})


def test_fit_unknown_signal_names_a_close_match(
    synthetic: World, table: dict[str, list[Any]]
) -> None:
    with pytest.raises(InvalidParameterError, match="did you mean 'pact'"):
        fit(synthetic, table, signals=["pactt"])


# --- 5. trios: no collapse -----------------------------------------------------------------


@pytest.fixture(scope="module")
def hub_world() -> World:
    """A-B and A-C allied, B-C not (hub and spoke); D, E, F all allied."""
    codes = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")
    pacts = (pact("P1", "AAA", "BBB"), pact("P2", "AAA", "CCC"), pact("P3", "DDD", "EEE"),
             pact("P4", "DDD", "FFF"), pact("P5", "EEE", "FFF"))  # fmt: skip
    return World(states=tuple(State(code=c, name=c) for c in codes), pacts=pacts)


TRIOS = {"a": ["AAA", "DDD"], "b": ["BBB", "EEE"], "c": ["CCC", "FFF"], "as_of": ["2000-01-01"] * 2}


@pytest.mark.parametrize("which", ["pact only", "shipped"])
def test_hub_and_spoke_trio_does_not_collapse(hub_world: World, which: str) -> None:
    m = (
        RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
        if which == "pact only"
        else load_model("history")
    )
    hub, full = m.predict_trios(hub_world, TRIOS)
    assert 0.3 < hub < full < 1.0
    pairs = m.predict(
        hub_world,
        {"a": ["AAA", "AAA", "BBB"], "b": ["BBB", "CCC", "CCC"], "as_of": ["2000-01-01"] * 3},
    )
    assert hub == pytest.approx(float(trio_probability(*pairs)), abs=1e-12)


def test_hub_and_spoke_pact_only_figures(hub_world: World) -> None:
    m = RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
    hub, _ = m.predict_trios(hub_world, TRIOS)
    allied, stranger = 1 / (1 + np.exp(-3.0)), 1 / (1 + np.exp(1.0))
    assert hub == pytest.approx((2 * allied + stranger - 1) / 2, abs=0.02)


# --- 6. JSON -------------------------------------------------------------------------------


def test_save_read_round_trip(model: RiskModel, tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    model.save(path)
    back = read_model(path)
    assert back == model
    assert list(back.coefficients) == list(model.coefficients)
    assert back.draws == model.draws and len(back.draws) > 0
    assert back.config == model.config and back.fitted_on == model.fitted_on
    # key order in the file carries meaning: coefficients in their fitted order
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["draw_order"] == list(model.coefficients)
    # a file whose coefficients are listed in another order reads back in draw order
    data["coefficients"] = dict(reversed(list(data["coefficients"].items())))
    path.write_text(json.dumps(data), encoding="utf-8")
    assert list(read_model(path).coefficients) == list(model.coefficients)
    assert read_model(path).draws == model.draws


def test_round_trip_of_a_non_alphabetical_model(tmp_path: Path) -> None:
    m = RiskModel(
        ScoringConfig(weights={"pact": 0.25, "antagonism": 0.75}),
        0.5,
        4.0,
        {"pact": 1.0, "antagonism": 3.0},
        {"note": "x"},
        ((0.4, 1.1, 2.9), (0.6, 0.9, 3.1)),
    )
    m.save(tmp_path / "m.json")
    back = read_model(tmp_path / "m.json")
    assert back == m and list(back.coefficients) == ["pact", "antagonism"]


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "model.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def valid() -> dict[str, Any]:
    m = RiskModel(
        ScoringConfig(weights={"pact": 0.25, "antagonism": 0.75}),
        0.5,
        4.0,
        {"pact": 1.0, "antagonism": 3.0},
        {},
        ((0.4, 1.1, 2.9),),
    )
    return m.to_dict()


def test_read_model_errors_name_the_problem(tmp_path: Path, valid: dict[str, Any]) -> None:
    with pytest.raises(InvalidParameterError, match="could not be read"):
        read_model(write(tmp_path, "{not json"))
    with pytest.raises(InvalidParameterError, match="could not be read"):
        read_model(tmp_path / "absent.json")
    with pytest.raises(InvalidParameterError, match=r"not a saved risk model.*format"):
        read_model(write(tmp_path, {**valid, "format": "something else"}))
    with pytest.raises(InvalidParameterError, match="not a saved risk model"):
        read_model(write(tmp_path, [1, 2, 3]))
    for key in ("intercept", "slope", "coefficients", "config"):
        missing = {k: v for k, v in valid.items() if k != key}
        with pytest.raises(InvalidParameterError, match=f"not a valid risk model: '{key}'"):
            read_model(write(tmp_path, missing))
    with pytest.raises(InvalidParameterError, match=r"slope=-1\.0.*slope >= 0"):
        read_model(write(tmp_path, {**valid, "slope": -1.0}))
    with pytest.raises(InvalidParameterError, match="each draw must hold"):
        read_model(write(tmp_path, {**valid, "draws": [[0.4, 1.1]]}))
    with pytest.raises(InvalidParameterError, match="draw_order must name the coefficients"):
        read_model(write(tmp_path, {**valid, "draw_order": ["pact", "rivalry"]}))
    assert read_model(write(tmp_path, valid)).slope == 4.0  # the valid one reads


def test_shipped_model_loads_and_names_its_data() -> None:
    m = read_model("history")
    assert m == load_model("history") == load_model()
    assert m.slope > 0 and all(v >= 0 for v in m.coefficients.values())
    assert len(m.draws) == 200
    versions = {v.key: v.version for v in data_versions()}
    datasets = m.fitted_on["datasets"]
    assert set(datasets) >= {"atop", "cow_states", "cow_mid", "cow_wars"}
    assert all(datasets[k] == versions[k] for k in datasets)
    assert datasets["atop"] == "5.1" and datasets["cow_mid"] == "5.0"
    assert m.fitted_on["years"] == [1816, 2014]
    with pytest.raises(InvalidParameterError, match="no shipped model named 'future'"):
        load_model("future")


# --- 7. scoring with a model ---------------------------------------------------------------

WHEN = "2025-06-01"


@pytest.fixture(scope="module")
def axis() -> World:
    return load_scenario("axis-of-upheaval")


@pytest.fixture(scope="module")
def shipped() -> RiskModel:
    return load_model("history")


def test_score_dyads_probability_in_unit_interval_and_monotone(
    axis: World, shipped: RiskModel
) -> None:
    s = score_dyads(axis, WHEN, shipped)
    a, b = np.triu_indices(len(s.states), 1)
    scores, probs = s.matrix[a, b], np.asarray(s.probabilities)[a, b]
    assert np.all((probs > 0) & (probs < 1))
    order = np.argsort(scores, kind="stable")
    assert np.all(np.diff(probs[order]) >= 0)  # monotone in the score
    assert np.all(np.diff(probs[order])[np.diff(scores[order]) > 1e-12] > 0)  # strictly
    assert np.allclose(probs, shipped.probability(scores), atol=1e-15)
    assert s.probability("RUS", "PRK") == s.probability("PRK", "RUS")
    assert s.probability("RUS", "PRK") > s.probability("RUS", "USA")
    assert "probabilities" in s.to_dict()


def test_score_dyads_without_a_model_has_no_probability(axis: World) -> None:
    s = score_dyads(axis, WHEN)
    assert s.probabilities is None and "probabilities" not in s.to_dict()
    with pytest.raises(InvalidParameterError, match="calibrated model"):
        s.probability("RUS", "PRK")


def test_score_triad_probability_is_the_trio_probability(axis: World, shipped: RiskModel) -> None:
    s = score_dyads(axis, WHEN, shipped)
    for trio in [("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR"), ("USA", "RUS", "IRN")]:
        t = score_triad(axis, trio, WHEN, shipped)
        a, b, c = trio
        pairs = [s.probability(a, b), s.probability(a, c), s.probability(b, c)]
        assert t.probability == pytest.approx(float(trio_probability(*pairs)), abs=1e-12)
        from_dyads = shipped.probability(list(t.dyads.values()))
        assert t.probability == pytest.approx(float(trio_probability(*from_dyads)), abs=1e-12)
        assert t.to_dict()["probability"] == t.probability
    assert score_triad(axis, ("CHN", "RUS", "PRK"), WHEN).probability is None


def test_timeline_probabilities_one_per_date(axis: World, shipped: RiskModel) -> None:
    dates = ["2018-01-01", "2022-01-01", "2024-01-01", "2025-06-01"]
    pair = timeline(axis, ("CHN", "RUS"), dates, shipped)
    assert pair.probabilities is not None and pair.probabilities.shape == (4,)
    assert np.allclose(pair.probabilities, shipped.probability(pair.scores), atol=1e-15)
    trio = timeline(axis, ("CHN", "RUS", "PRK"), dates, shipped)
    assert trio.probabilities is not None and trio.probabilities.shape == (4,)
    for k, d in enumerate(dates):
        one = score_triad(axis, ("CHN", "RUS", "PRK"), d, shipped).probability
        assert trio.probabilities[k] == pytest.approx(one, abs=1e-12)
    assert timeline(axis, ("CHN", "RUS"), dates).probabilities is None


def test_top_triads_with_a_model_rank_by_pair_probability_sums(
    axis: World, shipped: RiskModel
) -> None:
    k = 6
    top = top_triads(axis, WHEN, k, shipped)
    assert len(top) == k
    s = score_dyads(axis, WHEN, shipped)

    def total(members: Sequence[str]) -> float:
        a, b, c = members
        return s.probability(a, b) + s.probability(a, c) + s.probability(b, c)

    sums = [total(t.members) for t in top]
    assert all(x >= y - 1e-12 for x, y in itertools.pairwise(sums))
    best = sorted((total(m) for m in itertools.combinations(axis.codes, 3)), reverse=True)
    assert np.allclose(sums, best[:k], atol=1e-12)  # they are the top k of all trios
    assert top[0].members == ("CHN", "RUS", "PRK")
    probs = [t.probability for t in top]
    assert all(p is not None and 0 < p < 1 for p in probs)
    assert all(p is not None and q is not None and p >= q for p, q in itertools.pairwise(probs))


# --- 8. evaluate ---------------------------------------------------------------------------


def test_evaluate_reports(model: RiskModel, synthetic: World, table: dict[str, list[Any]]) -> None:
    e = evaluate(model, synthetic, table, n_boot=100, seed=1)
    assert [m.name for m in e.measures] == ["model", *BASELINES]
    assert e.rows == 16 and e.together == 6
    assert 0 <= e.base_rate_brier <= 1
    assert e.base_rate_brier == pytest.approx(6 / 16 * (10 / 16), abs=1e-12)
    for m in e.measures:
        assert m.auc_low <= m.auc <= m.auc_high, m.name
        assert 0 <= m.brier <= 1 and 0 <= m.ece <= 1, m.name
        assert sum(n for _, _, n in m.reliability) == 16
    mod = e.measure("model")
    p = model.predict(synthetic, table)
    assert mod.auc == roc_auc(p, table["label"])
    assert mod.brier == pytest.approx(float(np.mean((p - np.array(table["label"])) ** 2)))
    assert mod.auc > e.measure("s_abs").auc
    with pytest.raises(InvalidParameterError, match="no measure 'nope'"):
        e.measure("nope")
    d = e.to_dict()
    assert set(d) == {"rows", "together", "base_rate_brier", "measures"}
    assert len(d["measures"]) == 7 and d["measures"][0]["auc_interval"] == [
        mod.auc_low,
        mod.auc_high,
    ]
    json.dumps(d)  # JSON-ready
    pytest.importorskip("pandas")
    frame = e.to_frame()
    assert frame.shape == (7, 6)
    assert list(frame.columns) == ["measure", "auc", "auc_low", "auc_high", "brier", "ece"]
    assert frame["measure"].tolist() == ["model", *BASELINES]


def test_evaluate_without_baselines_and_on_trios(hub_world: World, history: World) -> None:
    m = RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
    trios = {**TRIOS, "label": [0, 1]}
    e = evaluate(m, hub_world, trios, baselines=False, n_boot=20)
    assert [x.name for x in e.measures] == ["model"] and e.measure("model").auc == 1.0
    e = evaluate(m, hub_world, trios, n_boot=20)
    assert [x.name for x in e.measures] == ["model", *BASELINES]
    t = conflict_outcomes(history)
    assert len(t.to_dict()["a"]) == 15 and t.to_dict()["as_of"][0] == "1899-12-31"
    pytest.importorskip("pandas")
    assert t.to_frame().shape == (15, 6)


# --- 9. real data: skipped without ../shared/data ------------------------------------------

BEGIN = "<!-- validation table: generated by benchmarks/validate_history.py -->"
END = "<!-- end of the generated table -->"
FORWARD = "MID pairs, fit < 1946, test >= 1946"


@pytest.fixture(scope="module")
def real() -> Path:
    if not (DATA / "cow_mid_v5.0" / "MIDB_5.0.csv").is_file():
        pytest.skip(f"real data not found at {DATA} (a fresh clone has no ../shared/data)")
    return DATA


def _script(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def validation(real: Path) -> tuple[str, Any, ModuleType]:
    """Run ``benchmarks/validate_history.table`` once (1-2 minutes), keeping its result."""
    bench = _script(ROOT / "benchmarks" / "validate_history.py", "_validate_history_bench")
    seen: list[Any] = []
    original = bench.validate_history

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(original(*args, **kwargs))
        return seen[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bench, "validate_history", recording)
        text = bench.table(real)
    assert len(seen) == 2  # every signal, then the shipped model's signals
    return text, seen[0], bench


def test_real_shipped_model_matches_a_refit(real: Path) -> None:
    venv = ROOT / ".venv" / "bin" / "python"
    python = str(venv) if venv.is_file() else sys.executable
    done = subprocess.run(
        [python, str(ROOT / "scripts" / "fit_history_model.py"), "--check", "--data", str(real)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "shipped model matches a refit" in done.stdout


def test_real_validation_page_holds_the_generated_table(
    validation: tuple[str, Any, ModuleType],
) -> None:
    text, _, bench = validation
    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert bench.BEGIN == BEGIN and bench.END == END
    block = page.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block == "\n" + text, (
        "docs/validation.md is stale: run benchmarks/validate_history.py --write"
    )
    assert bench.with_table(page, text) == page


def test_real_forward_mid_auc_is_the_documented_figure(
    validation: tuple[str, Any, ModuleType],
) -> None:
    text, result, _ = validation
    line = next(x for x in text.splitlines() if x.startswith(f"| {FORWARD} |"))
    documented = re.search(r"\| (\d\.\d{3}) \[(\d\.\d{3}), (\d\.\d{3})\] \| (\d\.\d{2}) \|", line)
    assert documented is not None, line
    auc_doc, target_doc = float(documented.group(1)), float(documented.group(4))
    row = next(r for r in result.rows if r.test_set == FORWARD)
    model = row.evaluation.measure("model")
    assert f"{model.auc:.3f}" == documented.group(1)
    assert f"{model.auc_low:.3f}" == documented.group(2)
    assert row.target == target_doc == TARGETS["MID pairs, fit < split, test >= split"] == 0.85
    assert auc_doc >= 0.85 and model.auc >= 0.85
    for name in BASELINES:  # the classic measures (and the others) on the same rows
        assert model.auc > row.evaluation.measure(name).auc, name
    best_classic = max(row.evaluation.measure(n).auc for n in CLASSIC)
    assert model.auc - best_classic > 0.15
    assert row.evaluation.rows == 6319
