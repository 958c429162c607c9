r"""Calibrated risk: fit signal weights to who fought beside whom, predict, validate.

Beside the data flow, on top of the scoring stage. A :class:`RiskModel` is a scoring
configuration plus a logistic link: for a pair of states at a date,

.. math:: P(\text{same side}) = \operatorname{logistic}(\beta_0 + \beta D), \qquad
          D = \sum_s w_s \sigma_s X_s

where ``D`` is the pair score of :func:`~alliance_risk.score_dyads` under the model's
weights ``w`` (so every probability decomposes into the same signals and records as a
score). :func:`fit` estimates ``β_s = β w_s >= 0`` per signal by penalised maximum
likelihood; signs are the signals' own (enmity lowers the probability), so the fitted
model stays a monotone, explainable score. Optionally it also picks the signals'
half-lives from a small grid by the same likelihood (on the fitting rows only).

A trio's probability of standing all on one side follows from its three pair
probabilities: with two sides, exactly one or all three pairs agree, so
``E[#agreeing pairs] = 1 + 2 P(all)`` and ``P(all) = (p_ab + p_ac + p_bc - 1) / 2``;
pair models that are not exactly consistent are mapped smoothly into [0, 1].

Outcome tables for history (:func:`conflict_outcomes`) and :func:`evaluate` (ROC AUC
with a bootstrap interval clustered by conflict, Brier score, expected calibration error,
reliability curve, against the classic measures) complete the loop.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from ._errors import InvalidParameterError
from ._types import FloatArray, IntArray
from ._validation import check_as_of, check_int
from .aggregations import trio_probability
from .compile import CompiledWorld, compile_world
from .config import ScoringConfig
from .models import Conflict
from .scoring import signal_panel
from .signals import get_signal, registered_signals
from .world import World

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SHIPPED_SIGNALS",
    "TARGETS",
    "Evaluation",
    "MeasureReport",
    "Outcomes",
    "RiskModel",
    "baseline_measures",
    "conflict_outcomes",
    "conflict_trio_outcomes",
    "evaluate",
    "fit",
    "load_model",
    "read_model",
    "roc_auc",
    "trio_probability",
]

_FORMAT = "alliance_risk.RiskModel/1"


# --- outcome tables ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcomes:
    """A table of observed outcomes: pairs (or trios) of states, a date and a label.

    Attributes
    ----------
    columns : mapping of str to numpy.ndarray
        ``a``, ``b`` (and ``c`` for trios): state codes; ``as_of``: the scoring dates
        (``datetime64[D]``); ``label``: 1 acted together (same side), 0 opposed;
        ``conflict``: the id of the conflict the row comes from (the bootstrap
        cluster), and ``year``: its start year.
    dropped : mapping of str to int
        Rows left out when the table was built, by reason.
    """

    columns: Mapping[str, npt.NDArray[Any]]
    dropped: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(next(iter(self.columns.values())).shape[0]) if self.columns else 0

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.columns[name]

    @property
    def trios(self) -> bool:
        """Whether the rows are trios (a ``c`` column)."""
        return "c" in self.columns

    def select(self, mask: npt.ArrayLike) -> Outcomes:
        """Return the rows where ``mask`` is true (a boolean array or row indices).

        Examples
        --------
        >>> t = Outcomes({"a": np.array(["A", "B"]), "b": np.array(["C", "C"]),
        ...               "as_of": np.array(["2000-01-01"] * 2, dtype="datetime64[D]"),
        ...               "label": np.array([1, 0])})
        >>> len(t.select(t["label"] == 1))
        1
        """
        m = np.asarray(mask)
        return Outcomes({k: v[m] for k, v in self.columns.items()}, dict(self.dropped))

    def to_dict(self) -> dict[str, list[Any]]:
        """Return the columns as JSON-ready lists.

        Examples
        --------
        >>> Outcomes({"label": np.array([1])}).to_dict()
        {'label': [1]}
        """
        out: dict[str, list[Any]] = {}
        for k, v in self.columns.items():
            out[k] = [str(x) for x in v] if v.dtype.kind == "M" else v.tolist()
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a pandas DataFrame (needs the ``frames`` extra).

        Examples
        --------
        >>> Outcomes({"label": np.array([1, 0])}).to_frame().shape
        (2, 1)
        """
        from .results import require_pandas

        frame: pd.DataFrame = require_pandas().DataFrame(dict(self.columns))
        return frame


def _as_table(table: Any, trios: bool, func: str) -> Outcomes:
    """Accept an Outcomes, a mapping of columns, a record array or a pandas frame."""
    if isinstance(table, Outcomes):
        cols: Mapping[str, Any] = table.columns
    elif isinstance(table, np.ndarray) and table.dtype.names:
        cols = {n: table[n] for n in table.dtype.names}
    elif hasattr(table, "columns") and hasattr(table, "to_numpy"):  # a pandas frame
        cols = {str(n): table[n].to_numpy() for n in table.columns}
    elif isinstance(table, Mapping):
        cols = table
    else:
        raise InvalidParameterError(
            f"{func}: the outcomes must be a mapping of columns, a record array or a pandas "
            f"DataFrame; got {type(table).__name__}"
        )
    need = ["a", "b", "c", "as_of"] if trios else ["a", "b", "as_of"]
    missing = [c for c in need if c not in cols]
    if missing:
        raise InvalidParameterError(
            f"{func}: the outcomes have no column(s) {missing}; expected {need} (and 'label')"
        )
    out = {k: np.asarray(v) for k, v in cols.items()}
    n = {k: v.shape[0] if v.ndim else 1 for k, v in out.items()}
    if len(set(n.values())) > 1:
        raise InvalidParameterError(f"{func}: the outcome columns differ in length: {n}")
    out["as_of"] = _dates(out["as_of"], func)
    if "label" in out:
        lab = out["label"]
        if lab.dtype.kind == "b":
            lab = lab.astype(np.int64)
        if lab.dtype.kind not in "iuf" or not np.all(np.isin(lab, (0, 1))):
            bad = lab[~np.isin(lab, (0, 1))][:1] if lab.dtype.kind in "iuf" else lab[:1]
            raise InvalidParameterError(
                f"{func}: column 'label' holds {bad.tolist()}; expected 1 (together) or 0 (opposed)"
            )
        out["label"] = lab.astype(np.int64)
    return Outcomes(out, dict(table.dropped) if isinstance(table, Outcomes) else {})


def _is_trio(table: Any) -> bool:
    """Return whether an outcome table holds trios (a ``c`` column)."""
    return bool(
        (isinstance(table, Outcomes) and table.trios)
        or (isinstance(table, Mapping) and "c" in table)
    )


def _trio_pairs(t: Outcomes) -> dict[str, npt.NDArray[Any]]:
    """Return the three pairs of every trio row, stacked: a-b, then a-c, then b-c."""
    return {
        "a": np.concatenate([t["a"], t["a"], t["b"]]),
        "b": np.concatenate([t["b"], t["c"], t["c"]]),
        "as_of": np.concatenate([t["as_of"]] * 3),
    }


def _dates(values: npt.NDArray[Any], func: str) -> npt.NDArray[np.datetime64]:
    if values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    out = [np.datetime64(check_as_of(v, func), "D") for v in values.tolist()]
    return np.array(out, dtype="datetime64[D]")


def _membership(world: World, system: Any) -> dict[int, set[str]] | None:
    """Per year, the codes of the World's states that were system members."""
    if system is None:
        return None
    by_ccode = {s.ccode: s.code for s in world.states if s.ccode is not None}
    out: dict[int, set[str]] = {}
    for y in range(int(system.first_year), int(system.last_year) + 1):
        out[y] = {by_ccode[int(c)] for c in system.members(y) if int(c) in by_ccode}
    return out


def _conflicts(world: World, kind: str, func: str) -> list[Conflict]:
    if kind not in ("dispute", "war"):
        raise InvalidParameterError(f"{func}: kind={kind!r}; expected 'dispute' or 'war'")
    return [c for c in world.conflicts if c.kind == kind]


def _sides(c: Conflict) -> dict[str, int]:
    """Each participant's side at first entry."""
    out: dict[str, int] = {}
    for state in {p.state for side in c.sides for p in side}:
        side = c.first_side(state)
        assert side is not None
        out[state] = side
    return out


def conflict_outcomes(
    world: World,
    *,
    kind: Literal["dispute", "war"] = "dispute",
    system: Any = None,
) -> Outcomes:
    """Build the pair outcome table of a World's disputes or wars.

    The protocol: each unordered pair of distinct participants is counted once per
    conflict; a state's side is its side at first entry; ``as_of`` is 31 December of
    the year before the conflict's start year (so the conflict itself is never seen);
    with ``system`` (a :class:`~alliance_risk.datasets.CowStates`), pairs in which a
    state was not a system member in the start year are dropped and counted.

    Parameters
    ----------
    world : World
        A World with conflict records (:func:`~alliance_risk.datasets.history_world`).
    kind : {"dispute", "war"}
        Which conflicts.
    system : CowStates, optional
        System membership; requires states with ``ccode``.

    Returns
    -------
    Outcomes
        Columns ``a``, ``b``, ``as_of``, ``label``, ``conflict``, ``year``.

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import State
    >>> c = Conflict(id="M1", name="MID 1", kind="dispute", start=date(1900, 5, 1),
    ...              hostility=3, source=("COW",), confidence="confirmed",
    ...              sides=([{"state": "AAA", "joined": "1900-05-01"},
    ...                      {"state": "BBB", "joined": "1900-05-01"}],
    ...                     [{"state": "CCC", "joined": "1900-05-01"}]))
    >>> w = World(states=[State(code=x, name=x) for x in ("AAA", "BBB", "CCC")],
    ...           conflicts=[c])
    >>> t = conflict_outcomes(w)
    >>> t["label"].tolist(), str(t["as_of"][0])
    ([1, 0, 0], '1899-12-31')
    """
    members = _membership(world, system)
    rows: list[tuple[str, str, np.datetime64, int, str, int]] = []
    dropped = {"pairs with a state outside the COW system that year": 0}
    for c in _conflicts(world, kind, "conflict_outcomes"):
        sides = _sides(c)
        as_of = np.datetime64(date(c.start.year - 1, 12, 31), "D")
        order = {code: k for k, code in enumerate(world.codes)}
        for x, y in combinations(sorted(sides, key=order.__getitem__), 2):
            if members is not None and not {x, y} <= members.get(c.start.year, set()):
                dropped["pairs with a state outside the COW system that year"] += 1
                continue
            rows.append((x, y, as_of, int(sides[x] == sides[y]), c.id, c.start.year))
    return _table(rows, ("a", "b"), dropped)


def conflict_trio_outcomes(
    world: World,
    *,
    kind: Literal["dispute", "war"] = "war",
    system: Any = None,
) -> Outcomes:
    """Build the trio outcome table of a World's wars (or disputes).

    Every trio of participants of a conflict with three or more is labelled 1 if all
    three stood on one side (at first entry).

    The protocol is that of :func:`conflict_outcomes`; a trio is dropped (and counted)
    if one of its states was outside the system in the start year.

    Examples
    --------
    >>> from datetime import date
    >>> from alliance_risk import State
    >>> c = Conflict(id="W1", name="War 1", kind="war", start=date(1900, 5, 1),
    ...              hostility=5, source=("COW",), confidence="confirmed",
    ...              sides=([{"state": "AAA", "joined": "1900-05-01"},
    ...                      {"state": "BBB", "joined": "1900-05-01"},
    ...                      {"state": "DDD", "joined": "1900-05-01"}],
    ...                     [{"state": "CCC", "joined": "1900-05-01"}]))
    >>> w = World(states=[State(code=x, name=x) for x in ("AAA", "BBB", "CCC", "DDD")],
    ...           conflicts=[c])
    >>> conflict_trio_outcomes(w)["label"].tolist()
    [0, 1, 0, 0]
    """
    members = _membership(world, system)
    rows: list[tuple[str, str, str, np.datetime64, int, str, int]] = []
    dropped = {"trios with a state outside the COW system that year": 0}
    order = {code: k for k, code in enumerate(world.codes)}
    for c in _conflicts(world, kind, "conflict_trio_outcomes"):
        sides = _sides(c)
        if len(sides) < 3:
            continue
        as_of = np.datetime64(date(c.start.year - 1, 12, 31), "D")
        for x, y, z in combinations(sorted(sides, key=order.__getitem__), 3):
            if members is not None and not {x, y, z} <= members.get(c.start.year, set()):
                dropped["trios with a state outside the COW system that year"] += 1
                continue
            same = int(sides[x] == sides[y] == sides[z])
            rows.append((x, y, z, as_of, same, c.id, c.start.year))
    return _table(rows, ("a", "b", "c"), dropped)


def _table(
    rows: Sequence[tuple[Any, ...]], states: tuple[str, ...], dropped: dict[str, int]
) -> Outcomes:
    names = (*states, "as_of", "label", "conflict", "year")
    cols: dict[str, npt.NDArray[Any]] = {}
    for k, name in enumerate(names):
        values = [r[k] for r in rows]
        if name == "as_of":
            cols[name] = np.array(values, dtype="datetime64[D]")
        elif name in ("label", "year"):
            cols[name] = np.array(values, dtype=np.int64)
        else:
            cols[name] = np.array(values, dtype=object).astype(str)
    return Outcomes(cols, dropped)


# --- the model -----------------------------------------------------------------------------


def _sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for any z
    return out


@dataclass(frozen=True, slots=True)
class RiskModel:
    """A calibrated risk model: a scoring configuration and a logistic link.

    Attributes
    ----------
    config : ScoringConfig
        Weights (the fitted coefficients, normalised) and signal shapes. Use it with
        :func:`~alliance_risk.score_dyads` and the other scoring functions; the model's
        :meth:`probability` turns their scores into probabilities.
    intercept, slope : float
        ``P = sigmoid(intercept + slope * score)``.
    coefficients : mapping of str to float
        Per signal, ``slope * weight``: the change in log-odds per unit of the signal's
        value (signed: enmity lowers the odds).
    fitted_on : mapping
        What the model was fitted on: data sets and versions, rows, labels, years,
        the penalty and the half-lives chosen.
    draws : tuple of tuple of float
        Bootstrap refits (resampling whole conflicts): each is the intercept followed by
        the coefficients in the order of ``coefficients``. They give :meth:`interval`.

    Examples
    --------
    >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
    >>> round(float(m.probability(0.25)), 3)
    0.5
    """

    config: ScoringConfig
    intercept: float
    slope: float
    coefficients: Mapping[str, float]
    fitted_on: Mapping[str, Any]
    draws: tuple[tuple[float, ...], ...] = ()

    def probability(self, score: npt.ArrayLike) -> FloatArray:
        """Return the calibrated probability of acting together for pair scores.

        Examples
        --------
        >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), 0.0, 2.0, {"pact": 2.0}, {})
        >>> m.probability([0.0]).tolist()
        [0.5]
        """
        z = self.intercept + self.slope * np.asarray(score, dtype=np.float64)
        return _sigmoid(z)

    def predict(self, world: World | CompiledWorld, table: Any) -> FloatArray:
        """Return P(same side) for every row (``a``, ``b``, ``as_of``) of ``table``.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
        >>> p = m.predict(load_scenario("axis-of-upheaval"),
        ...               {"a": ["USA"], "b": ["JPN"], "as_of": ["2020-01-01"]})
        >>> bool(p[0] > 0.5)
        True
        """
        t = _as_table(table, False, "RiskModel.predict")
        return self.probability(_scores(world, t["a"], t["b"], t["as_of"], self.config))

    def predict_trios(self, world: World | CompiledWorld, table: Any) -> FloatArray:
        """Return P(all three on one side) for every row (``a``, ``b``, ``c``, ``as_of``).

        See :func:`trio_probability`.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), -1.0, 4.0, {"pact": 4.0}, {})
        >>> p = m.predict_trios(load_scenario("axis-of-upheaval"),
        ...     {"a": ["USA"], "b": ["JPN"], "c": ["KOR"], "as_of": ["2024-01-01"]})
        >>> bool(0 < p[0] < 1)
        True
        """
        t = _as_table(table, True, "RiskModel.predict_trios")
        n = len(t)
        pairs = _trio_pairs(t)
        p = self.probability(_scores(world, pairs["a"], pairs["b"], pairs["as_of"], self.config))
        return trio_probability(p[:n], p[n : 2 * n], p[2 * n :])

    def interval(
        self, world: World | CompiledWorld, table: Any, *, level: float = 0.9
    ) -> tuple[FloatArray, FloatArray]:
        """Return the ``level`` interval of P(same side) over the bootstrap refits.

        Pairs (``a``, ``b``, ``as_of``) or, with a ``c`` column, trios (P(all on one
        side)). The interval is the uncertainty of the fitted weights, resampling
        whole conflicts; it is not the uncertainty of the records (see
        :func:`~alliance_risk.simulate` for that).

        Raises
        ------
        InvalidParameterError
            If the model has no bootstrap draws, or ``level`` is not in (0, 1).

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> m = load_model("history")
        >>> low, high = m.interval(load_scenario("axis-of-upheaval"),
        ...     {"a": ["CHN"], "b": ["RUS"], "c": ["PRK"], "as_of": ["2025-12-31"]})
        >>> bool(0 <= low[0] <= high[0] <= 1)
        True
        """
        if not self.draws:
            raise InvalidParameterError("this model has no bootstrap draws: fit it with n_boot > 0")
        if not (isinstance(level, float | int) and 0 < level < 1):
            raise InvalidParameterError(f"interval: level={level!r}; expected a number in (0, 1)")
        is_trio = _is_trio(table)
        t = _as_table(table, is_trio, "RiskModel.interval")
        names = list(self.coefficients)
        rows = _trio_pairs(t) if is_trio else t.columns
        a, b, d = rows["a"], rows["b"], rows["as_of"]
        cfg = self.config.model_copy(update={"weights": {n: 1.0 for n in names}})
        panel = signal_panel(world, a.tolist(), b.tolist(), [x.item() for x in d], cfg)
        order = [panel.signals.index(n) for n in names]
        x = panel.values[:, order]  # (R, S)
        covered = panel.weights[:, order] > 0
        draws = np.asarray(self.draws)  # (K, 1 + S)
        beta = draws[:, 1:]
        # As for the point model: weights renormalised over the covered signals.
        num = np.einsum("ks,rs->kr", beta, x * covered)
        den = np.einsum("ks,rs->kr", beta, covered.astype(np.float64))
        slope = beta.sum(axis=1)[:, None]
        score = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
        p = _sigmoid(draws[:, :1] + slope * score)  # (K, R)
        if is_trio:
            n = len(t)
            p = trio_probability(p[:, :n], p[:, n : 2 * n], p[:, 2 * n :])
        tail = (1.0 - float(level)) / 2.0
        low, high = np.quantile(p, [tail, 1.0 - tail], axis=0)
        return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form that :func:`read_model` reads.

        Examples
        --------
        >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), 0.0, 2.0, {"pact": 2.0}, {})
        >>> m.to_dict()["format"]
        'alliance_risk.RiskModel/1'
        """
        return {
            "format": _FORMAT,
            "intercept": self.intercept,
            "slope": self.slope,
            "coefficients": dict(self.coefficients),
            "config": self.config.model_dump(mode="json"),
            "fitted_on": dict(self.fitted_on),
            "draw_order": list(self.coefficients),
            "draws": [list(d) for d in self.draws],
        }

    def save(self, path: str | Path) -> None:
        """Write the model as JSON (never pickle).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> m = RiskModel(ScoringConfig(weights={"pact": 1}), 0.0, 2.0, {"pact": 2.0}, {})
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.json"
        >>> m.save(p)
        >>> read_model(p) == m
        True
        """
        text = json.dumps(self.to_dict(), indent=2) + "\n"  # key order carries meaning
        Path(path).write_text(text, encoding="utf-8")


def read_model(path: str | Path) -> RiskModel:
    """Read a model written by :meth:`RiskModel.save`.

    Raises
    ------
    InvalidParameterError
        If the file is not a saved model, naming what is wrong.

    Examples
    --------
    >>> read_model("history").fitted_on["outcomes"]
    'COW MID 5.0 disputes, pairs of participants'
    """
    if str(path) == "history":
        return load_model("history")
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidParameterError(f"model file {str(p)!r} could not be read: {exc}") from exc
    return _model_from(data, str(p))


def _model_from(data: Any, source: str) -> RiskModel:
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise InvalidParameterError(
            f"{source} is not a saved risk model; expected a JSON object with format={_FORMAT!r}"
        )
    try:
        config = ScoringConfig.model_validate(data["config"])
        intercept, slope = float(data["intercept"]), float(data["slope"])
        coefficients = {str(k): float(v) for k, v in data["coefficients"].items()}
        order = [str(n) for n in data.get("draw_order", list(coefficients))]
        if sorted(order) != sorted(coefficients):
            raise ValueError("draw_order must name the coefficients")
        coefficients = {n: coefficients[n] for n in order}
        fitted_on = dict(data.get("fitted_on", {}))
        draws = tuple(tuple(float(v) for v in d) for d in data.get("draws", ()))
        if any(len(d) != len(coefficients) + 1 for d in draws):
            raise ValueError("each draw must hold the intercept and one value per coefficient")
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidParameterError(f"{source}: not a valid risk model: {exc}") from exc
    if not (math.isfinite(intercept) and math.isfinite(slope) and slope >= 0):
        raise InvalidParameterError(
            f"{source}: intercept={intercept!r}, slope={slope!r}; expected finite numbers, "
            "slope >= 0"
        )
    return RiskModel(config, intercept, slope, coefficients, fitted_on, draws)


def load_model(name: str = "history") -> RiskModel:
    """Load a model shipped with the package.

    ``"history"`` is fitted on two centuries of COW disputes (see ``docs/validation.md``
    and ``scripts/fit_history_model.py``).

    Examples
    --------
    >>> m = load_model("history")
    >>> m.slope > 0 and "antagonism" in m.coefficients
    True
    """
    from importlib import resources

    if name != "history":
        raise InvalidParameterError(f"no shipped model named {name!r}; shipped: ['history']")
    text = (
        resources.files("alliance_risk").joinpath("data", f"{name}_model.json").read_text("utf-8")
    )
    return _model_from(json.loads(text), f"shipped model {name!r}")


def _scores(
    world: World | CompiledWorld,
    a: npt.NDArray[Any],
    b: npt.NDArray[Any],
    as_of: npt.NDArray[np.datetime64],
    config: ScoringConfig,
) -> FloatArray:
    dates = [d.item() for d in as_of.astype("datetime64[D]")]
    return signal_panel(world, a.tolist(), b.tolist(), dates, config).scores


# --- fitting -------------------------------------------------------------------------------


def _features(
    world: World | CompiledWorld, table: Outcomes, names: Sequence[str], config: ScoringConfig
) -> FloatArray:
    """``(R, S)`` signed signal values, 0 where a signal's data do not cover the date."""
    cfg = config.model_copy(update={"weights": {n: 1.0 for n in names}})
    dates = [d.item() for d in table["as_of"]]
    panel = signal_panel(world, table["a"].tolist(), table["b"].tolist(), dates, cfg)
    order = [panel.signals.index(n) for n in names]
    covered = panel.weights[:, order] > 0
    out: FloatArray = np.where(covered, panel.values[:, order], 0.0)
    return out


def _logistic(x: FloatArray, y: IntArray, l2: float) -> tuple[float, FloatArray, float]:
    """Penalised logistic regression with non-negative slopes; returns b0, β, loss."""
    from scipy.optimize import minimize

    n, k = x.shape

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        z = theta[0] + x @ theta[1:]
        # log(1 + e^z) - y z, summed, stable
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z)) / n
        p = _sigmoid(z)
        g0 = float(np.sum(p - y)) / n
        g = x.T @ (p - y) / n + 2.0 * l2 * theta[1:]
        return nll + l2 * float(theta[1:] @ theta[1:]), np.concatenate([[g0], g])

    theta0 = np.zeros(k + 1)
    bounds = [(None, None)] + [(0.0, None)] * k
    res = minimize(loss, theta0, jac=True, method="L-BFGS-B", bounds=bounds)
    theta = np.asarray(res.x, dtype=np.float64)
    return float(theta[0]), theta[1:], float(res.fun)


def fit(
    world: World | CompiledWorld,
    outcomes: Any,
    *,
    signals: Sequence[str] | None = None,
    config: ScoringConfig | None = None,
    l2: float = 1e-3,
    half_lives: Sequence[float] | None = (730.5, 1826.25, 3652.5, 7305.0),
    fitted_on: Mapping[str, Any] | None = None,
    n_boot: int = 0,
    seed: int = 0,
) -> RiskModel:
    """Fit a :class:`RiskModel` to observed outcomes of pairs of states.

    Parameters
    ----------
    world : World or CompiledWorld
        The records (a history World: :func:`~alliance_risk.datasets.history_world`).
    outcomes : table
        Columns ``a``, ``b``, ``as_of``, ``label`` (1 acted together, 0 opposed): an
        :class:`Outcomes`, a mapping of equal-length columns, a record array or a pandas
        DataFrame. The scores are taken on ``as_of`` from records dated before it.
    signals : sequence of str, optional
        The signals to fit; by default every built-in signal whose data cover some row.
    config : ScoringConfig, optional
        Signal shapes (scales, half-lives); its weights are ignored.
    l2 : float
        Ridge penalty on the per-signal coefficients (the intercept is free).
    half_lives : sequence of float, optional
        Candidate ``conflict_half_life`` values (days), chosen by the penalised
        likelihood on ``outcomes`` alone; ``None`` keeps the config's.
    fitted_on : mapping, optional
        Provenance to record (data sets and versions, the protocol).
    n_boot : int
        Bootstrap refits to keep for :meth:`RiskModel.interval`, resampling whole
        conflicts (the ``conflict`` column; rows otherwise). The half-life stays the one
        chosen on all rows.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    RiskModel

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> table = {"a": ["RUS", "USA", "RUS", "CHN"], "b": ["PRK", "JPN", "USA", "JPN"],
    ...          "as_of": ["2025-01-01"] * 4, "label": [1, 1, 0, 0]}
    >>> m = fit(w, table, signals=["pact", "summits"], half_lives=None)
    >>> p = m.predict(w, table)
    >>> bool(p[0] > p[2] and p[1] > p[3])
    True
    """
    t = _as_table(outcomes, False, "fit")
    if "label" not in t.columns:
        raise InvalidParameterError("fit: the outcomes have no 'label' column")
    y = t["label"]
    if len(np.unique(y)) < 2:
        raise InvalidParameterError("fit: the labels are all the same; expected both 1 and 0")
    if not (isinstance(l2, int | float) and math.isfinite(l2) and l2 >= 0):
        raise InvalidParameterError(f"fit: l2={l2!r}; expected a finite number >= 0")
    base = config or ScoringConfig()
    names = list(signals) if signals is not None else list(_available(world))
    for n in names:
        get_signal(n)  # names a signal, or fails with the list
    if not names:
        raise InvalidParameterError("fit: no signal has data in this World")
    candidates = (
        [base]
        if not half_lives
        else [base.model_copy(update={"conflict_half_life": float(h)}) for h in half_lives]
    )
    n_boot = check_int(n_boot, "n_boot", "fit", 0)
    best: tuple[float, ScoringConfig, float, FloatArray, FloatArray] | None = None
    for cfg in candidates:
        x = _features(world, t, names, cfg)
        b0, beta, loss = _logistic(x, y, float(l2))
        if best is None or loss < best[0] - 1e-12:
            best = (loss, cfg, b0, beta, x)
    assert best is not None
    loss, cfg, b0, beta, x = best
    draws = _bootstrap(x, y, t.columns.get("conflict"), float(l2), n_boot, seed)
    keep = {n: float(v) for n, v in zip(names, beta, strict=True) if v > 1e-9}
    if not keep:
        raise InvalidParameterError(
            "fit: every coefficient is 0: the signals carry no information about these labels"
        )
    slope = math.fsum(keep.values())
    final = cfg.model_copy(update={"weights": {n: v / slope for n, v in keep.items()}})
    ScoringConfig.model_validate(final.model_dump())  # the weights are a valid config
    info = dict(fitted_on or {})
    years = t.columns.get("year")
    info.update(
        {
            "rows": len(t),
            "together": int(y.sum()),
            "opposed": int(len(t) - y.sum()),
            "l2": float(l2),
            "conflict_half_life": cfg.conflict_half_life,
            "log_loss": round(loss, 6),
        }
    )
    if years is not None and len(years):
        info["years"] = [int(years.min()), int(years.max())]
    if isinstance(world, World):
        info.setdefault("datasets", list(world.datasets))
    coefficients = {n: float(v) for n, v in zip(names, beta, strict=True)}
    return RiskModel(final, b0, slope, coefficients, info, draws)


def _bootstrap(
    x: FloatArray,
    y: IntArray,
    cluster: npt.NDArray[Any] | None,
    l2: float,
    n_boot: int,
    seed: int,
) -> tuple[tuple[float, ...], ...]:
    """Refit on resampled clusters (whole conflicts): ``(intercept, *coefficients)`` each."""
    if n_boot == 0:
        return ()
    out = []
    ids = np.arange(y.size) if cluster is None else cluster
    for rows in _cluster_draws(ids, n_boot, seed):  # each refit: one small L-BFGS-B problem
        if np.unique(y[rows]).size < 2:
            continue
        b0, beta, _ = _logistic(x[rows], y[rows], l2)
        out.append((b0, *beta.tolist()))
    return tuple(out)


def _available(world: World | CompiledWorld) -> list[str]:
    cw = world if isinstance(world, CompiledWorld) else compile_world(world)
    out = []
    for name in registered_signals():
        sig = get_signal(name)
        kinds = getattr(sig, "kinds", ())
        if kinds and any(k in cw.coverage for k in kinds):
            out.append(name)
    return out


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasureReport:
    """How well one measure predicts the labels of an outcome table.

    Attributes
    ----------
    name : str
        The measure.
    auc, auc_low, auc_high : float
        ROC AUC and its 95% bootstrap interval (resampling whole conflicts).
    brier : float
        Mean squared error of the probabilities.
    ece : float
        Expected calibration error over equal-width bins.
    reliability : tuple of (float, float, int)
        Per non-empty bin: mean predicted probability, observed frequency, rows.
    calibrated_on : str
        How a measure that is not a probability was turned into one.
    """

    name: str
    auc: float
    auc_low: float
    auc_high: float
    brier: float
    ece: float
    reliability: tuple[tuple[float, float, int], ...]
    calibrated_on: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> MeasureReport("x", 0.5, 0.4, 0.6, 0.25, 0.0, (), "-").to_dict()["auc"]
        0.5
        """
        return {
            "name": self.name,
            "auc": self.auc,
            "auc_interval": [self.auc_low, self.auc_high],
            "brier": self.brier,
            "ece": self.ece,
            "reliability": [list(r) for r in self.reliability],
            "calibrated_on": self.calibrated_on,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The model and the baselines on one outcome table.

    Attributes
    ----------
    rows, together : int
        Rows, and rows labelled 1.
    base_rate_brier : float
        Brier score of always predicting the base rate (of the fitting rows where
        given, else of these rows).
    measures : tuple of MeasureReport
        The model first, then the baselines.
    """

    rows: int
    together: int
    base_rate_brier: float
    measures: tuple[MeasureReport, ...]

    def measure(self, name: str) -> MeasureReport:
        """Return the report of one measure by name.

        Examples
        --------
        >>> e = Evaluation(1, 1, 0.0, (MeasureReport("model", 1, 1, 1, 0, 0, (), "-"),))
        >>> e.measure("model").auc
        1
        """
        for m in self.measures:
            if m.name == name:
                return m
        raise InvalidParameterError(
            f"no measure {name!r}; measures: {[m.name for m in self.measures]}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> Evaluation(1, 1, 0.0, ()).to_dict()["rows"]
        1
        """
        return {
            "rows": self.rows,
            "together": self.together,
            "base_rate_brier": self.base_rate_brier,
            "measures": [m.to_dict() for m in self.measures],
        }

    def to_frame(self) -> pd.DataFrame:
        """Return one row per measure: AUC, its interval, Brier, ECE.

        Examples
        --------
        >>> r = MeasureReport("m", 0.5, 0.4, 0.6, 0.2, 0.1, (), "-")
        >>> Evaluation(1, 1, 0.0, (r,)).to_frame().shape
        (1, 6)
        """
        from .results import require_pandas

        frame: pd.DataFrame = require_pandas().DataFrame(
            [
                {
                    "measure": m.name,
                    "auc": m.auc,
                    "auc_low": m.auc_low,
                    "auc_high": m.auc_high,
                    "brier": m.brier,
                    "ece": m.ece,
                }
                for m in self.measures
            ]
        )
        return frame


def roc_auc(score: npt.ArrayLike, label: npt.ArrayLike) -> float:
    """Return the ROC AUC: P(score of a random positive > a random negative), ties half.

    Examples
    --------
    >>> roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    s = np.asarray(score, dtype=np.float64)
    y = np.asarray(label, dtype=np.int64)
    auc = _auc(s, y)
    if auc is None:
        raise InvalidParameterError("roc_auc needs both labels; got only one")
    return auc


def _cluster_draws(cluster: npt.NDArray[Any], n_boot: int, seed: int) -> Iterator[IntArray]:
    """Yield ``n_boot`` bootstrap samples of row indices that resample whole clusters."""
    rng = np.random.default_rng(seed)
    _, inverse = np.unique(cluster, return_inverse=True)
    members = np.argsort(inverse, kind="stable")
    sizes = np.bincount(inverse)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    for _ in range(n_boot):
        pick = rng.integers(0, sizes.size, sizes.size)
        yield np.concatenate([members[starts[k] : starts[k] + sizes[k]] for k in pick])


def _auc(score: FloatArray, y: IntArray) -> float | None:
    """ROC AUC from ranks (ties count half), or None with only one label."""
    from scipy.stats import rankdata

    pos = int(y.sum())
    neg = y.size - pos
    if pos == 0 or neg == 0:
        return None
    ranks = rankdata(score)
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _clustered_auc_interval(
    score: FloatArray, y: IntArray, cluster: npt.NDArray[Any], n_boot: int, seed: int
) -> tuple[float, float]:
    draws = [_auc(score[rows], y[rows]) for rows in _cluster_draws(cluster, n_boot, seed)]
    out = [d for d in draws if d is not None]
    if not out:  # every draw held one label: no spread to report
        auc = _auc(score, y)
        return (auc, auc) if auc is not None else (0.5, 0.5)
    lo, hi = np.percentile(out, [2.5, 97.5])
    return float(lo), float(hi)


def _calibration(
    p: FloatArray, y: IntArray, bins: int
) -> tuple[float, tuple[tuple[float, float, int], ...]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    curve = []
    ece = 0.0
    for k in range(bins):
        m = which == k
        if m.any():
            mean_p, freq = float(p[m].mean()), float(y[m].mean())
            curve.append((mean_p, freq, int(m.sum())))
            ece += m.sum() / p.size * abs(mean_p - freq)
    return float(ece), tuple(curve)


def _link(score: FloatArray, y: IntArray) -> tuple[float, float]:
    """Fit a one-feature logistic link (slope free in sign), for baselines."""
    from scipy.optimize import minimize

    def loss(theta: FloatArray) -> float:
        z = theta[0] + theta[1] * score
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    res = minimize(loss, np.zeros(2), method="BFGS")
    return float(res.x[0]), float(res.x[1])


def baseline_measures(
    world: World | CompiledWorld, table: Any, *, system: Any = None
) -> dict[str, FloatArray]:
    """Return the classic measures for every pair row of ``table``, at its date.

    The alliance portfolio of each state at ``as_of`` is built from the World's pacts
    with the valuation of the published S-scores (3 defence or offence, 2 neutrality or
    consultation, 1 non-aggression, 0 none; a state's tie to itself 3), over the COW
    system members of that year if ``system`` is given, else over every state of the
    World. Then: Signorino-Ritter S (valued, absolute), Häge's kappa and pi (squared),
    tau-b, the strongest pact between the two (``pact`` signal) and the default score.
    A measure undefined for a pair (tau-b of a constant portfolio) is set to 0, its
    value of no association, and the count is reported by :func:`evaluate`.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> b = baseline_measures(load_scenario("axis-of-upheaval"),
    ...                       {"a": ["USA"], "b": ["JPN"], "as_of": ["2020-01-01"]})
    >>> sorted(b)
    ['default_score', 'kappa', 'pi', 's_abs', 'strongest_pact', 'tau_b']
    """
    from .similarity import measure_matrices

    t = _as_table(table, False, "baseline_measures")
    cw = world if isinstance(world, CompiledWorld) else compile_world(world)
    index = {c: k for k, c in enumerate(cw.codes)}
    ia = np.array([index[x] for x in t["a"]])
    ib = np.array([index[x] for x in t["b"]])
    days = t["as_of"].astype(np.int64)  # days since 1970-01-01, the engine's day numbers
    out = {k: np.zeros(ia.size) for k in ("s_abs", "kappa", "pi", "tau_b")}
    names = {"s_abs": "s_abs", "kappa": "kappa_sq", "pi": "pi_sq", "tau_b": "tau_b"}
    ccode_of: list[int | None] = [None] * len(cw.codes)
    if isinstance(world, World):
        ccode_of = [s.ccode for s in world.states]
    elif system is not None:
        raise InvalidParameterError(
            "baseline_measures: system membership needs the World (its states' ccodes), "
            "not a CompiledWorld"
        )
    p = cw.pacts
    level_of_bits = _chiba_levels()
    for day in np.unique(days):
        rows = np.nonzero(days == day)[0]
        live = (p.in_force <= day) & (day < p.ended)
        n = cw.n_states
        x = np.zeros((n, n))
        np.maximum.at(x, (p.i[live], p.j[live]), level_of_bits[p.bits[live]])
        keep = np.arange(n)
        if system is not None:
            year = int(str(np.datetime64(int(day), "D"))[:4]) + 1  # the conflict's year
            year = min(max(year, int(system.first_year)), int(system.last_year))
            members = set(int(c) for c in system.members(year))
            keep = np.array([k for k in range(n) if ccode_of[k] in members], dtype=np.int64)
        pos = np.full(n, -1)
        pos[keep] = np.arange(keep.size)
        sub = x[np.ix_(keep, keep)]
        np.fill_diagonal(sub, 3)
        mats = measure_matrices(sub, tuple(names.values()), levels=3)
        ra, rb = pos[ia[rows]], pos[ib[rows]]
        ok = (ra >= 0) & (rb >= 0)
        for key, m in names.items():
            vals = np.zeros(rows.size)
            vals[ok] = mats[m][ra[ok], rb[ok]]
            out[key][rows] = np.nan_to_num(vals, nan=0.0)
    dates = [d.item() for d in t["as_of"]]
    pact = signal_panel(
        world, t["a"].tolist(), t["b"].tolist(), dates, ScoringConfig(weights={"pact": 1.0})
    ).values[:, 0]
    out["strongest_pact"] = pact
    out["default_score"] = signal_panel(world, t["a"].tolist(), t["b"].tolist(), dates).scores
    return out


def _chiba_levels() -> FloatArray:
    from .models import Obligation

    order = tuple(Obligation)
    out = np.zeros(2 ** len(order))
    for bits in range(out.size):
        has = {o for k, o in enumerate(order) if bits >> k & 1}
        if has & {Obligation.DEFENCE, Obligation.OFFENCE}:
            out[bits] = 3
        elif has & {Obligation.NEUTRALITY, Obligation.CONSULTATION}:
            out[bits] = 2
        elif Obligation.NON_AGGRESSION in has:
            out[bits] = 1
    return out


def evaluate(
    model: RiskModel,
    world: World | CompiledWorld,
    outcomes: Any,
    *,
    baselines: bool = True,
    fit_outcomes: Any = None,
    system: Any = None,
    n_boot: int = 500,
    bins: int = 10,
    seed: int = 0,
) -> Evaluation:
    """Evaluate a model on outcomes it was not fitted to, against the classic measures.

    Parameters
    ----------
    model : RiskModel
        The fitted model.
    world : World or CompiledWorld
        The records.
    outcomes : table
        Pairs (``a``, ``b``, ``as_of``, ``label``) or trios (with ``c``); a ``conflict``
        column, if present, clusters the bootstrap (else each row is its own cluster).
    baselines : bool
        Also report the classic measures (:func:`baseline_measures`; for trios, the
        mean of the three pairs' values).
    fit_outcomes : table, optional
        The fitting rows: each baseline's logistic link (to turn it into a probability
        for Brier and calibration) and the base rate are fitted there. Without it they
        are fitted on ``outcomes`` themselves, which favours the baselines.
    system : CowStates, optional
        System membership for the portfolios of the classic measures.
    n_boot : int
        Bootstrap draws for the AUC interval.
    bins : int
        Bins of the calibration error and reliability curve.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> table = {"a": ["RUS", "USA", "RUS", "CHN"], "b": ["PRK", "JPN", "USA", "JPN"],
    ...          "as_of": ["2025-01-01"] * 4, "label": [1, 1, 0, 0]}
    >>> m = fit(w, table, signals=["pact"], half_lives=None)
    >>> evaluate(m, w, table, n_boot=20).measure("model").auc
    1.0
    """
    n_boot = check_int(n_boot, "n_boot", "evaluate", 1)
    bins = check_int(bins, "bins", "evaluate", 2)
    trios = _is_trio(outcomes)
    t = _as_table(outcomes, trios, "evaluate")
    fit_t = _as_table(fit_outcomes, trios, "evaluate") if fit_outcomes is not None else None
    p_model = model.predict_trios(world, t) if trios else model.predict(world, t)
    test_b: dict[str, FloatArray] = {}
    fit_b: dict[str, FloatArray] | None = None
    if baselines:
        test_b = _trio_or_pair_baselines(world, t, trios, system)
        if fit_t is not None:
            fit_b = _trio_or_pair_baselines(world, fit_t, trios, system)
    return _evaluation(p_model, t, test_b, fit_t, fit_b, n_boot, bins, seed)


def _evaluation(
    p_model: FloatArray,
    t: Outcomes,
    test_b: Mapping[str, FloatArray],
    fit_t: Outcomes | None,
    fit_b: Mapping[str, FloatArray] | None,
    n_boot: int,
    bins: int,
    seed: int,
) -> Evaluation:
    """Return the figures of :func:`evaluate`, from predictions and baseline values."""
    y = t["label"]
    cluster = t.columns.get("conflict", np.arange(len(t)))
    rate = float((fit_t if fit_t is not None else t)["label"].mean())
    base_brier = float(np.mean((rate - y) ** 2))
    reports = [_report("model", p_model, p_model, y, cluster, n_boot, bins, seed, "fitted")]
    how = "fitting rows" if fit_t is not None else "these rows (favourable)"
    for name, score in test_b.items():
        if fit_t is not None and fit_b is not None:
            b0, b1 = _link(fit_b[name], fit_t["label"])
        else:
            b0, b1 = _link(score, y)
        prob = _sigmoid(b0 + b1 * score)
        reports.append(_report(name, score, prob, y, cluster, n_boot, bins, seed, how))
    return Evaluation(len(t), int(y.sum()), base_brier, tuple(reports))


def _trio_or_pair_baselines(
    world: World | CompiledWorld, t: Outcomes, trios: bool, system: Any
) -> dict[str, FloatArray]:
    if not trios:
        return baseline_measures(world, t, system=system)
    n = len(t)
    b = baseline_measures(world, _trio_pairs(t), system=system)
    return {k: (v[:n] + v[n : 2 * n] + v[2 * n :]) / 3.0 for k, v in b.items()}


def _report(
    name: str,
    score: FloatArray,
    prob: FloatArray,
    y: IntArray,
    cluster: npt.NDArray[Any],
    n_boot: int,
    bins: int,
    seed: int,
    how: str,
) -> MeasureReport:
    auc = roc_auc(score, y)
    lo, hi = _clustered_auc_interval(score, y, cluster, n_boot, seed)
    ece, curve = _calibration(prob, y, bins)
    return MeasureReport(
        name=name,
        auc=auc,
        auc_low=lo,
        auc_high=hi,
        brier=float(np.mean((prob - y) ** 2)),
        ece=ece,
        reliability=curve,
        calibrated_on=how,
    )


# --- validation on two centuries -----------------------------------------------------------

#: The signals of the shipped history model: every signal the history data carry except
#: ``joint_igos``. Worlds without IGO data (the built-in scenarios, ATOP-only worlds)
#: leave that signal out, and a model leaning on a typical pair's many shared IGOs would
#: then put every probability too low; :func:`validate_history` reports both sets.
SHIPPED_SIGNALS: tuple[str, ...] = (
    "pact",
    "antagonism",
    "rivalry",
    "cobelligerence",
    "allies_in_common",
    "enemies_in_common",
    "ally_of_enemy",
)

#: What the history model must reach, held out by time (ROC AUC).
TARGETS: Mapping[str, float] = {
    "MID pairs, fit < split, test >= split": 0.85,
    "MID pairs, fit >= split, test < split": 0.75,
    "war pairs, fit < split, test >= split": 0.83,
    "war pairs, fit >= split, test < split": 0.70,
    "war trios, fit < split, test >= split": 0.75,
    "war trios, fit >= split, test < split": 0.75,
}


@dataclass(frozen=True, slots=True)
class ValidationRow:
    """One held-out test set: what was fitted where, and how every measure did.

    Attributes
    ----------
    test_set : str
        The rows (a key of :data:`TARGETS`, with the split year written in).
    target : float
        The AUC the model must reach.
    evaluation : Evaluation
        The model and the baselines on the test rows.
    max_tie_share : float
        The largest share of test rows that share one predicted value (for trios: a
        score that collapses many trios to one value cannot rank them).
    """

    test_set: str
    target: float
    evaluation: Evaluation
    max_tie_share: float


@dataclass(frozen=True, slots=True)
class HistoryValidation:
    """The held-out validation of the history model: one row per test set.

    Attributes
    ----------
    rows : tuple of ValidationRow
    models : mapping of str to RiskModel
        The model fitted on each era (``"< 1946"``, ``">= 1946"``).
    counts : mapping of str to int
        Rows per table, and rows dropped by the protocol.
    """

    rows: tuple[ValidationRow, ...]
    models: Mapping[str, RiskModel]
    counts: Mapping[str, int]

    def to_markdown(self) -> str:
        """Return the tables of ``docs/validation.md``: targets, then every measure.

        Examples
        --------
        >>> HistoryValidation((), {}, {}).to_markdown().splitlines()[0][:40]
        '| test set | rows (together) | model AUC'
        """
        head = (
            "| test set | rows (together) | model AUC [95% CI] | target | met "
            "| best classic AUC | Brier: model / best classic / base rate | ECE "
            "| largest tie |"
        )
        lines = [head, "|---|---|---|---|---|---|---|---|---|"]
        for r in self.rows:
            e = r.evaluation
            m = e.measure("model")
            classic = [x for x in e.measures if x.name in ("s_abs", "kappa", "pi", "tau_b")]
            best = max(classic, key=lambda x: x.auc) if classic else None
            best_auc = f"{best.auc:.3f} ({best.name})" if best else "-"
            best_brier = f"{best.brier:.3f}" if best else "-"
            lines.append(
                f"| {r.test_set} | {e.rows:,} ({e.together:,}) "
                f"| {m.auc:.3f} [{m.auc_low:.3f}, {m.auc_high:.3f}] | {r.target:.2f} "
                f"| {'yes' if m.auc >= r.target else 'no'} | {best_auc} "
                f"| {m.brier:.3f} / {best_brier} / {e.base_rate_brier:.3f} | {m.ece:.3f} "
                f"| {r.max_tie_share:.1%} |"
            )
        lines += [
            "",
            "| test set | measure | AUC [95% CI] | Brier | ECE |",
            "|---|---|---|---|---|",
        ]
        for r in self.rows:
            for x in r.evaluation.measures:
                lines.append(
                    f"| {r.test_set} | {x.name} | {x.auc:.3f} [{x.auc_low:.3f}, {x.auc_high:.3f}] "
                    f"| {x.brier:.3f} | {x.ece:.3f} |"
                )
        fitted = [
            n
            for n in registered_signals()
            if any(n in m.coefficients for m in self.models.values())
        ]
        lines += ["", "| fitted on | intercept | " + " | ".join(fitted) + " | half-life |"]
        lines.append("|---" * (len(fitted) + 3) + "|")
        for era, model in self.models.items():
            coefs = " | ".join(f"{model.coefficients.get(n, 0.0):.2f}" for n in fitted)
            hl = model.config.conflict_half_life / 365.25
            lines.append(f"| {era} | {model.intercept:.2f} | {coefs} | {hl:g} y |")
        return "\n".join(lines) + "\n"


def _max_tie_share(p: FloatArray) -> float:
    if p.size == 0:
        return 0.0
    _, counts = np.unique(np.round(p, 12), return_counts=True)
    return float(counts.max() / p.size)


def validate_history(
    data_dir: str | Path,
    *,
    split: int = 1946,
    n_boot: int = 200,
    seed: int = 0,
    folders: Mapping[str, str] | None = None,
    signals: Sequence[str] | None = None,
) -> HistoryValidation:
    """Fit on one era of history and test on the other, both ways: ``docs/validation.md``.

    Each model is compared with the classic measures on the same rows.

    The protocol: pair and trio tables from :func:`conflict_outcomes` and
    :func:`conflict_trio_outcomes` over the COW system; one model per era, fitted on the
    era's MID pairs (:func:`fit`, half-life chosen on those rows); each model tested on
    the other era's MID pairs, war pairs and trios of wars with three or more
    participants. The baselines' links and the base rate come from the fitting era.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder (see :func:`~alliance_risk.datasets.history_world`).
    split : int
        First year of the second era.
    n_boot : int
        Bootstrap draws for the AUC intervals (clustered by conflict).
    seed : int
        Seed of the bootstrap.
    folders : mapping, optional
        Other folder names, as for :func:`~alliance_risk.datasets.history_world`.
    signals : sequence of str, optional
        The signals to fit (:func:`fit`); by default every signal the data carry.
        :data:`SHIPPED_SIGNALS` validates the shipped model's specification.

    Examples
    --------
    With ``shared/data`` beside the checkout (``benchmarks/validate_history.py`` prints the
    result; it takes about half a minute):

    >>> v = validate_history("../shared/data")  # doctest: +SKIP
    >>> print(v.to_markdown())  # doctest: +SKIP
    """
    from .datasets import history_world, read_cow_states
    from .datasets.history import HISTORY_FOLDERS

    where = {**HISTORY_FOLDERS, **(folders or {})}
    world = history_world(data_dir, folders=folders)
    cw = compile_world(world)
    system = read_cow_states(Path(data_dir) / where["cow_states"])
    tables = {
        "MID pairs": conflict_outcomes(world, kind="dispute", system=system),
        "war pairs": conflict_outcomes(world, kind="war", system=system),
        "war trios": conflict_trio_outcomes(world, kind="war", system=system),
    }
    counts = {name: len(t) for name, t in tables.items()}
    for name, t in tables.items():
        counts.update({f"{name}: {why}": n for why, n in t.dropped.items()})
    base = {name: _trio_or_pair_baselines(world, t, t.trios, system) for name, t in tables.items()}

    def before(y: IntArray) -> npt.NDArray[np.bool_]:
        return y < split

    def after(y: IntArray) -> npt.NDArray[np.bool_]:
        return y >= split

    eras = {f"< {split}": before, f">= {split}": after}
    models: dict[str, RiskModel] = {}
    mids = tables["MID pairs"]
    for era, inside in eras.items():
        rows = mids.select(inside(mids["year"]))
        models[era] = fit(
            cw,
            rows,
            signals=signals,
            fitted_on={
                "outcomes": f"COW MID 5.0 disputes starting {era}, pairs of participants",
                "datasets": list(world.datasets),
            },
        )
    out = []
    for fit_era, test_era in ((f"< {split}", f">= {split}"), (f">= {split}", f"< {split}")):
        model = models[fit_era]
        for name, t in tables.items():
            test = inside_rows(t, eras[test_era])
            fit_rows = inside_rows(t, eras[fit_era])
            if len(test) == 0 or len(np.unique(test["label"])) < 2:
                continue
            p = model.predict_trios(cw, test) if t.trios else model.predict(cw, test)
            m_test, m_fit = eras[test_era](t["year"]), eras[fit_era](t["year"])
            ev = _evaluation(
                p,
                test,
                {k: v[m_test] for k, v in base[name].items()},
                fit_rows if len(np.unique(fit_rows["label"])) == 2 else None,
                {k: v[m_fit] for k, v in base[name].items()}
                if len(np.unique(fit_rows["label"])) == 2
                else None,
                n_boot,
                10,
                seed,
            )
            key = f"{name}, fit {fit_era}, test {test_era}".replace(str(split), "split")
            label = key.replace("split", str(split))
            out.append(ValidationRow(label, TARGETS.get(key, float("nan")), ev, _max_tie_share(p)))
    return HistoryValidation(tuple(out), models, counts)


def inside_rows(t: Outcomes, inside: Any) -> Outcomes:
    """Return the rows of ``t`` whose conflict started in an era (a predicate on years).

    Examples
    --------
    >>> t = Outcomes({"year": np.array([1900, 1950]), "label": np.array([1, 0])})
    >>> len(inside_rows(t, lambda y: y < 1946))
    1
    """
    return t.select(inside(t["year"]))
