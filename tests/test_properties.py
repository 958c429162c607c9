"""Tests for :mod:`alliance_risk.testing.properties`, custom signals and aggregations.

The toolkit must pass the engine's own rule and catch rules that are broken on purpose,
with a minimal World and a message in domain terms.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from datetime import date

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk.compile import CompiledWorld, day_number
from alliance_risk.signals import SIGNALS
from alliance_risk.testing.properties import (
    PROPERTIES,
    PropertyViolationError,
    _days_after,
    check_enemies_below_strangers,
    check_irrelevant_states,
    check_monotone,
    check_permutation_invariant,
    check_rule,
    check_weight_scale_invariant,
)
from alliance_risk.testing.strategies import MIN_SHAPE, scoring_configs, triad_powers

AXIS = ar.load_scenario("axis-of-upheaval")


@pytest.fixture
def registry() -> Iterator[list[str]]:
    """Names registered during a test, removed afterwards."""
    names: list[str] = []
    yield names
    for n in names:
        if n in ar.registered_signals():
            ar.unregister_signal(n)
        if n in ar.registered_aggregations():
            ar.unregister_aggregation(n)


def signal(registry: list[str], name: str, func: object, **kw: object) -> str:
    ar.register_signal(name, func, **kw)  # type: ignore[arg-type]
    registry.append(name)
    return name


def summit_counts(cw: CompiledWorld, as_of: date, *, peek: bool = False) -> np.ndarray:
    m = np.zeros((cw.n_states, cw.n_states))
    seen = np.ones(cw.summits.day.size, bool) if peek else cw.summits.day <= day_number(as_of)
    np.add.at(m, (cw.summits.i[seen], cw.summits.j[seen]), 1.0)
    return m + m.T


# --- the engine's own rule passes everything ------------------------------------------------


def test_the_default_rule_holds_every_property() -> None:
    cfg = ar.ScoringConfig()
    report = check_rule(cfg, max_examples=40)
    assert report.ok, report.summary()
    assert set(report.held) == set(PROPERTIES)
    assert {"enemies_below_strangers", "left_out", "evidence_complete"} <= set(PROPERTIES)


def test_conflicts_see_no_future() -> None:
    # A state that left a war and rejoined after the scoring date: the later spell must
    # not reach back (it once did, through merged spells).
    cfg = ar.ScoringConfig(weights={"antagonism": 1, "cobelligerence": 1, "ally_of_enemy": 1})
    assert check_rule(cfg, properties=["no_look_ahead"], max_examples=60).ok


@pytest.mark.parametrize("name", list(SIGNALS))
def test_each_built_in_signal_alone_holds_every_property(name: str) -> None:
    report = check_rule(name, max_examples=10)
    assert report.ok, report.summary()


def test_other_configurations_hold() -> None:
    cfg = ar.ScoringConfig(triad_power="min", asymmetric_rule="max", triad_shared_weight=0.6)
    assert check_rule(cfg, max_examples=20).ok
    signed = ar.ScoringConfig(
        weights={
            "pact": 2,
            "antagonism": 2,
            "rivalry": 1,
            "cobelligerence": 1,
            "summits": 1,
            "allies_in_common": 1,
            "enemies_in_common": 1,
        },
        triad_power=1.0,
        conflict_half_life=365.0,
        rivalry_half_life=365.0,
    )
    report = check_rule(signed, max_examples=20)
    assert report.ok, report.summary()


# --- broken rules are caught, with a minimal World and a domain message ----------------------


def test_summit_fatigue_breaks_monotonicity(registry: list[str]) -> None:
    def fatigue(cw: CompiledWorld, as_of: date) -> np.ndarray:
        k = summit_counts(cw, as_of)
        return np.where(k <= 1, k, 0.5**k)  # a second summit *lowers* alignment

    report = check_rule(signal(registry, "fatigue", fatigue), max_examples=50)
    assert [v.property for v in report.violations] == ["monotone"]
    v = report.violations[0]
    assert "adding summit 'NEW'" in v.message and "lowered" in v.message
    assert len(v.world.summits) == 2 and len(v.world.states) <= 3  # the smallest case
    assert "1 of 13 properties violated" in report.summary()
    with pytest.raises(PropertyViolationError, match="monotone: adding summit"):
        report.raise_if_violated()


def test_reading_future_records_breaks_no_look_ahead(registry: list[str]) -> None:
    def peek(cw: CompiledWorld, as_of: date) -> np.ndarray:
        return np.asarray(1 - np.exp(-summit_counts(cw, as_of, peek=True)))

    report = check_rule(signal(registry, "peek", peek), max_examples=50)
    assert "no_look_ahead" in [v.property for v in report.violations]
    v = next(v for v in report.violations if v.property == "no_look_ahead")
    assert "dated after the scoring date" in v.message


def test_depending_on_other_states_breaks_independence(registry: list[str]) -> None:
    def crowd(cw: CompiledWorld, as_of: date) -> np.ndarray:
        k = summit_counts(cw, as_of)
        return np.where(k > 0, 1.0 / cw.n_states, 0.0)  # dilutes as states are added

    report = check_rule(
        signal(registry, "crowd", crowd), properties=["irrelevant_states"], max_examples=100
    )
    assert not report.ok and "a state with no records" in report.violations[0].message


def test_growing_with_time_breaks_decay(registry: list[str]) -> None:
    def ripening(cw: CompiledWorld, as_of: date) -> np.ndarray:
        n = cw.n_states
        m = np.zeros((n, n))
        age = day_number(as_of) - cw.summits.day
        seen = age >= 0
        np.add.at(m, (cw.summits.i[seen], cw.summits.j[seen]), age[seen] / 10_000.0)
        return np.minimum(m + m.T, 1.0)

    report = check_rule(
        signal(registry, "ripening", ripening), properties=["decaying"], max_examples=100
    )
    assert not report.ok and "grew from" in report.violations[0].message


def test_hidden_state_breaks_determinism(registry: list[str]) -> None:
    calls = itertools.count()

    def restless(cw: CompiledWorld, as_of: date) -> np.ndarray:
        k = summit_counts(cw, as_of)
        return np.where(k > 0, 0.5 + 0.1 * (next(calls) % 2), 0.0)

    report = check_rule(
        signal(registry, "restless", restless), properties=["order_independent"], max_examples=100
    )
    assert not report.ok and "moved" in report.violations[0].message


def test_an_order_dependent_aggregation_breaks_permutation_invariance(registry: list[str]) -> None:
    ar.register_aggregation("first_pair", lambda x: x[..., 0])
    registry.append("first_pair")
    report = check_rule(
        ar.ScoringConfig(),
        aggregation="first_pair",
        properties=["permutation_invariant", "bounded"],
        max_examples=100,
    )
    assert [v.property for v in report.violations] == ["permutation_invariant"]


def rival_matrix(cw: CompiledWorld, as_of: date) -> np.ndarray:
    """1 for pairs with a rivalry in force on ``as_of``."""
    day = day_number(as_of)
    r = cw.rivalries
    live = (r.start <= day) & (day <= r.end)
    m = np.zeros((cw.n_states, cw.n_states))
    m[r.i[live], r.j[live]] = 1.0
    return np.maximum(m, m.T)


def test_a_custom_enmity_signal_that_declares_its_data_holds_every_property(
    registry: list[str],
) -> None:
    name = signal(registry, "feud", rival_matrix, sign=-1, kinds=("rivalries",))
    report = check_rule(name, max_examples=10)
    assert report.ok, report.summary()


def test_enmity_registered_as_friendship_puts_enemies_above_strangers(
    registry: list[str],
) -> None:
    name = signal(registry, "bond", rival_matrix, kinds=("rivalries",))  # sign +1: wrong
    report = check_rule(
        name, properties=["enemies_below_strangers", "monotone", "left_out"], max_examples=50
    )
    assert [v.property for v in report.violations] == ["enemies_below_strangers"]
    v = report.violations[0]
    assert "whose only records are enmity (rivalry" in v.message
    assert "expected at most 0, the score of strangers" in v.message
    assert len(v.world.rivalries) == 1 and sum(1 for _ in v.world.records()) == 1


def test_a_custom_signal_that_reads_undeclared_data_is_not_left_out(registry: list[str]) -> None:
    # It reads rivalries but declares pacts: where pacts are covered it scores rivals, where
    # they are not it is left out. check_left_out holds (that is the declared contract), and
    # the scores show the signal used only where pacts are known.
    name = signal(registry, "misfiled", rival_matrix, sign=-1, kinds=("pacts",))
    w = ar.World.model_validate(
        {
            "states": [{"code": c, "name": c} for c in ("AAA", "BBB")],
            "rivalries": [
                {
                    "id": "R",
                    "rivals": ["AAA", "BBB"],
                    "start": "2000-01-01",
                    "source": ["s"],
                    "confidence": "confirmed",
                }
            ],
        }
    )
    cfg = ar.ScoringConfig(weights={name: 1})
    assert ar.score_dyads(w, "2001-01-01", cfg).left_out == (name,)
    known = w.model_copy(
        update={"coverage": {"pacts": ar.Coverage(first=date(1990, 1, 1), last=date(2030, 12, 31))}}
    )
    assert ar.score_dyads(known, "2001-01-01", cfg).score("AAA", "BBB") == -1.0


def test_monotone_claims_nothing_where_second_order_structure_reads_the_record() -> None:
    # A pact AAA-CCC makes AAA the ally of BBB's rival: ally_of_enemy lowers AAA-BBB. Not
    # monotone by nature, and not a violation; the pact signal alone makes its claims.
    src = {"source": ["s"], "confidence": "confirmed"}
    w = ar.World.model_validate(
        {
            "states": [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")],
            "rivalries": [{"id": "R", "rivals": ["BBB", "CCC"], "start": "2000-01-01", **src}],
        }
    )
    pact = ar.Pact.model_validate(
        {
            "id": "NEW",
            "name": "p",
            "parties": ("AAA", "CCC"),
            "signed": "2000-01-01",
            "in_force": "2000-01-01",
            "obligations": ("defence",),
            **src,
        }
    )
    cfg = ar.ScoringConfig(weights={"ally_of_enemy": 1, "pact": 1})
    after = w.model_copy(update={"pacts": (pact,)})
    assert ar.score_dyads(after, "2001-01-01", cfg).score("AAA", "BBB") < 0
    assert ar.score_dyads(w, "2001-01-01", cfg).score("AAA", "BBB") == 0.0
    check_monotone(w, pact, "2001-01-01", cfg)


# --- at the boundary of what is valid -------------------------------------------------------
# The strategies draw extreme but valid values (figures up to MAX_FIGURE, triad_power next
# to 0, weights 600 orders of magnitude apart, dates on 0001-01-01 and 9999-12-31, events
# of every state); the engine holds every property there, and the checks claim nothing
# that floats cannot hold.


@given(data=st.data(), cfg=scoring_configs())
def test_the_engine_holds_every_property_at_the_boundary(
    data: st.DataObject, cfg: ar.ScoringConfig
) -> None:
    # One property per example (each is checked on its own, with drawn configurations,
    # in test_scoring.py): here the cases of check_rule, some over the whole calendar.
    name = data.draw(st.sampled_from(list(PROPERTIES)), label="property")
    strategy, check = PROPERTIES[name]
    check(data.draw(strategy, label="case"), cfg)


def naive_power_mean(x: npt.ArrayLike, p: float | str) -> npt.NDArray[np.float64]:
    """Compute the power mean as the engine did before it was made stable near p = 0."""
    arr = np.asarray(x, dtype=np.float64)
    if p == "min":
        return np.asarray(np.min(arr, axis=-1), dtype=np.float64)
    q = float(p)
    if q > 0:  # x**1e-12 keeps 4 digits, x**1e-300 none: every pair becomes 1
        return np.asarray(np.mean(arr**q, axis=-1) ** (1.0 / q), dtype=np.float64)
    has_zero = np.any(arr <= 0.0, axis=-1)
    safe = np.where(has_zero[..., None], 1.0, arr)
    if q == 0.0:
        return np.asarray(np.where(has_zero, 0.0, np.exp(np.mean(np.log(safe), axis=-1))))
    m = np.min(safe, axis=-1, keepdims=True)
    with np.errstate(over="ignore"):
        value = m[..., 0] * np.mean((safe / m) ** q, axis=-1) ** (1.0 / q)
    return np.asarray(np.where(has_zero, 0.0, value), dtype=np.float64)


PAIRS = np.array([[0.3, 0.5, 0.7], [0.7, 0.3, 0.5], [0.5, 0.7, 0.3]])  # one trio, 3 orders
LOOK = settings(max_examples=2_000, phases=[Phase.generate], database=None, derandomize=True)


def test_drawn_powers_expose_a_power_mean_unstable_near_0() -> None:
    # Before the power mean was made stable, triad_power next to 0 made a trio's score
    # depend on the order of its pairs, or put it above all three. The drawn powers reach
    # both (the old strategies drew only 0, 1, -1, 0.5, -3 and "min"); the engine's power
    # mean does neither, and a trio scores the same in any order.
    def order_dependent(p: float | str) -> bool:
        return p != "min" and float(np.ptp(naive_power_mean(PAIRS, p))) > 1e-9

    def above_every_pair(p: float | str) -> bool:
        return p != "min" and bool((naive_power_mean(PAIRS, p) > PAIRS.max()).any())

    for defect in (order_dependent, above_every_pair):
        p = find(triad_powers(), defect, settings=LOOK)
        assert p != "min" and 0 < abs(p) < 1e-3, p
        stable = ar.power_mean(PAIRS, p)
        assert np.ptp(stable) == 0 and PAIRS.min() < stable[0] < PAIRS.max()
        check_permutation_invariant(
            AXIS, ("CHN", "RUS", "PRK"), "2025-06-01", ar.ScoringConfig(triad_power=p)
        )


def test_scaling_weights_stays_within_the_floats() -> None:
    # Weights near the float limit times 3 were infinite (NaN scores); tiny ones times
    # 0.01 were 0 (no signal left): the check now divides instead, or has nothing to do.
    world = AXIS
    for weights, factor in (
        ({"pact": 1.5e308, "summits": 1e308}, 3.0),
        ({"pact": 5e-324, "summits": 1e-323}, 0.01),
        ({"pact": sys.float_info.max, "antagonism": 5e-324}, 100.0),
    ):
        cfg = ar.ScoringConfig(weights=weights)
        check_weight_scale_invariant(world, "2025-06-01", cfg, factor=factor)
    with pytest.raises(ar.InvalidParameterError, match=r"factor=0\.0; expected a finite number"):
        check_weight_scale_invariant(world, "2025-06-01", factor=0.0)


def test_enmity_too_light_to_show_in_a_float_is_not_a_violation() -> None:
    # antagonism weighs 1e-300 against 1.7e308: its part of the score is below the
    # smallest float, so the pair scores 0, not below; that is floats, not the rule.
    src = {"source": ["s"], "confidence": "confirmed"}
    w = ar.World.model_validate(
        {
            "states": [{"code": c, "name": c} for c in ("AAA", "AAB", "AAC")],
            "conflicts": [
                {
                    "id": "C0",
                    "name": "c",
                    "kind": "dispute",
                    "start": "2000-01-01",
                    "hostility": 1,
                    **src,
                    "sides": [
                        [{"state": "AAA", "joined": "2000-01-01"}],
                        [
                            {"state": "AAB", "joined": "2000-01-01"},
                            {"state": "AAC", "joined": "2000-01-01"},
                        ],
                    ],
                }
            ],
        }
    )
    cfg = ar.ScoringConfig(weights={"pact": 1.7e308, "antagonism": 1e-300})
    assert ar.score_dyads(w, "2000-01-01", cfg).score("AAA", "AAB") == 0.0
    check_enemies_below_strangers(w, "2000-01-01", cfg)
    heavier = ar.ScoringConfig(weights={"pact": 1.0, "antagonism": 1e-300})
    assert ar.score_dyads(w, "2000-01-01", heavier).score("AAA", "AAB") < 0
    check_enemies_below_strangers(w, "2000-01-01", heavier)


def test_a_newcomer_state_finds_a_free_code() -> None:
    codes = ("ZZZ", "ZZZZ", "ZZZZZ", "ZZZZZZ")
    w = ar.World.model_validate({"states": [{"code": c, "name": c} for c in codes]})
    check_irrelevant_states(w, "2000-01-01")  # once: StopIteration


def test_check_rule_dates_no_later_than_the_last_day_of_the_calendar() -> None:
    # check_rule's Worlds may be scored on 9999-12-31: the later date of `decaying` stops
    # there (it was day + timedelta, an OverflowError).
    assert _days_after(date.max, 1) == date.max == _days_after(date(9999, 12, 30), 2_000)
    assert _days_after(date(2000, 1, 1), 31) == date(2000, 2, 1)
    world = ar.World.model_validate({"states": [{"code": "AAA", "name": "A"}]})
    PROPERTIES["decaying"][1]((world, date.max, _days_after(date.max, 5)), ar.ScoringConfig())


def test_the_smallest_shapes_score_without_warnings() -> None:
    # Half-lives and scales of MIN_SHAPE divide every age and figure without overflow
    # (below it the signals warn; see strategies.MIN_SHAPE).
    cfg = ar.ScoringConfig(
        summit_half_life=MIN_SHAPE,
        supply_half_life=MIN_SHAPE,
        troops_scale=MIN_SHAPE,
        antagonism_scale=MIN_SHAPE,
        conflict_half_life=MIN_SHAPE,
    )
    s = ar.score_dyads(AXIS, "2025-06-01", cfg)
    assert np.isfinite(s.matrix).all()


@pytest.mark.parametrize("shape", ["summit_half_life", "supply_half_life", "antagonism_scale"])
def test_the_tiniest_shapes_score_without_warnings(shape: str) -> None:
    ar.score_dyads(AXIS, "2025-06-01", ar.ScoringConfig.model_validate({shape: 5e-324}))


# --- custom signals and aggregations: used by the same functions, checked on use -------------


def test_a_custom_signal_scores_through_the_public_functions(registry: list[str]) -> None:
    signal(
        registry,
        "same_initial",
        lambda cw, as_of: np.array(
            [[float(a[0] == b[0] and a != b) for b in cw.codes] for a in cw.codes]
        ),
    )
    cfg = ar.ScoringConfig(weights={"pact": 1, "same_initial": 1})
    s = ar.score_dyads(AXIS, "2025-01-01", cfg)
    assert s.contributions["same_initial"][AXIS.codes.index("KOR"), AXIS.codes.index("KAZ")] == 0.5
    assert ("signal:same_initial", "same_initial") in {
        (e.record, e.signal) for e in s.explain("KOR", "KAZ")
    }
    t = ar.score_triad(AXIS, ("KOR", "KAZ", "KGZ"), "2025-01-01", cfg)
    assert t.score > 0 and sum(e.share for e in t.evidence) == pytest.approx(t.score)
    assert ar.timeline(AXIS, ("KOR", "KAZ"), ["2024-01-01", "2025-01-01"], cfg).scores[0] > 0


@pytest.mark.parametrize(
    ("func", "fragment"),
    [
        (
            lambda cw, d: np.zeros((2, 3)),
            f"returned an array of shape (2, 3); expected ({len(AXIS.codes)}, {len(AXIS.codes)})",
        ),
        (lambda cw, d: np.full((cw.n_states,) * 2, np.nan), "returned NaN"),
        (
            lambda cw, d: np.full((cw.n_states,) * 2, 1.5),
            "a value outside [0, 1] (1.5) for CHN-RUS",
        ),
        (
            lambda cw, d: np.triu(np.full((cw.n_states,) * 2, 0.5)),
            "is not symmetric: CHN-RUS = 0.5",
        ),
    ],
)
def test_bad_custom_signals_get_clear_errors(
    registry: list[str], func: object, fragment: str
) -> None:
    signal(registry, "bad", func)
    with pytest.raises(ar.InvalidParameterError) as info:
        ar.score_dyads(AXIS, "2025-01-01", ar.ScoringConfig(weights={"bad": 1}))
    assert "custom signal 'bad' on 2025-01-01" in str(info.value) and fragment in str(info.value)


def test_asymmetric_custom_signal_declared_so_is_averaged(registry: list[str]) -> None:
    signal(
        registry, "oneway", lambda cw, d: np.triu(np.full((cw.n_states,) * 2, 0.5)), symmetric=False
    )
    s = ar.score_dyads(AXIS, "2025-01-01", ar.ScoringConfig(weights={"oneway": 1}))
    assert s.score("CHN", "RUS") == s.score("RUS", "CHN") == 0.25


@pytest.mark.parametrize(
    ("name", "func", "fragment"),
    [
        ("Bad Name", lambda cw, d: 0, "lower-case letters"),
        ("pact", lambda cw, d: 0, "'pact' is a built-in signal"),
        ("lonely", lambda cw: 0, "func must take (compiled, as_of)"),
        ("thing", 42, "func is not callable"),
    ],
)
def test_register_signal_refuses(name: str, func: object, fragment: str) -> None:
    with pytest.raises(
        ar.InvalidParameterError, match=fragment.replace("(", r"\(").replace(")", r"\)")
    ):
        ar.register_signal(name, func)  # type: ignore[arg-type]


def test_weights_may_name_registered_signals_only(registry: list[str]) -> None:
    with pytest.raises(ValueError, match="'sanctions', which is not a signal"):
        ar.ScoringConfig(weights={"sanctions": 1})
    signal(registry, "sanctions", lambda cw, d: np.zeros((cw.n_states,) * 2))
    assert ar.ScoringConfig(weights={"sanctions": 1}).normalized_weights() == {"sanctions": 1.0}
    with pytest.raises(ar.InvalidParameterError, match="already registered"):
        ar.register_signal("sanctions", lambda cw, d: 0)


def test_custom_aggregations(registry: list[str]) -> None:
    with pytest.raises(ar.InvalidParameterError, match=r"gives 1\.0 for three zero pairs"):
        ar.register_aggregation("optimist", lambda x: np.ones(x.shape[:-1]))
    with pytest.raises(ar.InvalidParameterError, match="returned shape"):
        ar.register_aggregation("flat", lambda x: x)
    ar.register_aggregation("weakest", lambda x: np.min(x, axis=-1))
    registry.append("weakest")
    cfg = ar.ScoringConfig(triad_aggregation="weakest")
    same = ar.ScoringConfig(triad_power="min")
    for trio in (("CHN", "RUS", "PRK"), ("USA", "JPN", "KOR")):
        assert ar.score_triad(AXIS, trio, "2025-06-01", cfg).score == pytest.approx(
            ar.score_triad(AXIS, trio, "2025-06-01", same).score
        )
    with pytest.raises(
        ValueError, match="'weakst' is not a registered aggregation; did you mean 'weakest'"
    ):
        ar.ScoringConfig(triad_aggregation="weakst")


def test_custom_aggregation_output_is_checked_on_use(registry: list[str]) -> None:
    with pytest.raises(ar.InvalidParameterError, match=r"aggregation 'wild' returned 2\.0"):
        ar.register_aggregation("wild", lambda x: np.where(x.sum(axis=-1) > 0.5, 2.0, 0.0))

    def sneaky(x: np.ndarray) -> np.ndarray:  # passes the probes, fails on real scores
        low = x.min(axis=-1)
        return np.where((low > 0.2) & (low < 0.35), 1.5, x.mean(axis=-1))

    ar.register_aggregation("sneaky", sneaky)
    registry.append("sneaky")
    with pytest.raises(ar.InvalidParameterError, match=r"aggregation 'sneaky' returned 1\.5"):
        ar.score_triad(
            AXIS, ("CHN", "RUS", "PRK"), "2025-06-01", ar.ScoringConfig(triad_aggregation="sneaky")
        )


def test_check_rule_refuses_unknown_names() -> None:
    with pytest.raises(ar.InvalidParameterError, match="'sanction' is not a registered signal"):
        check_rule("sanction")
    with pytest.raises(ar.InvalidParameterError, match="'bounds' is not a property"):
        check_rule(properties=["bounds"])


# --- the hypothesis entry point -------------------------------------------------------------


@given(
    st.from_type(ar.World),
    st.from_type(ar.ScoringConfig),
    st.from_type(ar.Pact),
    st.from_type(ar.Conflict),
)
def test_types_are_registered_with_hypothesis(
    world: ar.World, cfg: ar.ScoringConfig, pact: ar.Pact, conflict: ar.Conflict
) -> None:
    assert isinstance(world, ar.World) and isinstance(cfg, ar.ScoringConfig)
    assert len(set(pact.parties)) >= 2
    assert conflict.sides[0] and conflict.sides[1]
