"""Result objects: small, frozen, typed, with ``to_dict()`` and ``to_frame()``.

The last stage of the data flow. Arrays in results are read-only; scalar accessors
return Python floats. ``to_frame()`` imports pandas when called (``pip install
alliance_risk[frames]``); nothing else here needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ._errors import InvalidParameterError, UnknownStateError, did_you_mean
from ._types import FloatArray
from .config import ScoringConfig

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "DyadScores", "Evidence", "Milestone", "Timeline", "TriadScore"]


def frozen_array(values: Any) -> FloatArray:
    """Return a read-only float64 copy of ``values``."""
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out


def frozen_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a read-only view of a dict."""
    return MappingProxyType(dict(values))


def require_pandas() -> Any:
    """Return the pandas module, or say how to install it (for ``to_frame()``).

    Examples
    --------
    >>> require_pandas().__name__
    'pandas'
    """
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'alliance_risk[frames]'") from exc
    return pandas


def _html_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Return a small HTML table (for notebooks' ``_repr_html_``), values escaped."""
    from html import escape

    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _signed(parts: Mapping[str, float], n: int = 3) -> str:
    """Return the ``n`` largest parts by size, as ``pact +0.120, troops +0.080``."""
    top = sorted(parts.items(), key=lambda kv: -abs(kv[1]))[:n]
    return ", ".join(f"{name} {value:+.3f}" for name, value in top if value != 0.0)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A record credited with part of a score.

    Attributes
    ----------
    record : str
        The record's id.
    signal : str
        The signal through which it counts.
    states : tuple of str
        The pair or trio of states it ties in this score.
    share : float
        The part of the score credited to it; the shares of a score's evidence sum to
        the score.
    """

    record: str
    signal: str
    states: tuple[str, ...]
    share: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> Evidence("P2", "pact", ("RUS", "PRK"), 0.3).to_dict()["share"]
        0.3
        """
        return {
            "record": self.record,
            "signal": self.signal,
            "states": list(self.states),
            "share": self.share,
        }


@dataclass(frozen=True, slots=True)
class DyadScores:
    """Alignment of every pair of states at one date.

    Attributes
    ----------
    states : tuple of str
        State codes in World order; row and column ``k`` are ``states[k]``.
    as_of : date
        The scoring date; no record dated after it was seen.
    matrix : numpy.ndarray
        ``(N, N)``, symmetric, in [-1, 1]: positive for allies, negative for enemies,
        0 for strangers; the diagonal is 0 (no record ties a state to itself).
    contributions : mapping of str to numpy.ndarray
        Per signal, its ``(N, N)`` part of ``matrix`` (negative for enmity); they sum to
        ``matrix``.
    config : ScoringConfig
        The configuration used.
    left_out : tuple of str
        Weighted signals the World has no data for at the scoring date (no record of
        their kinds, or outside their coverage): they were left out and the weights
        renormalised over the rest.
    probabilities : numpy.ndarray or None
        With a calibrated model as the configuration, ``(N, N)`` probabilities that
        each pair acts together (0 on the diagonal); else ``None``.
    """

    states: tuple[str, ...]
    as_of: date
    matrix: FloatArray
    contributions: Mapping[str, FloatArray]
    config: ScoringConfig
    left_out: tuple[str, ...]
    probabilities: FloatArray | None
    _explain: Callable[[str, str], tuple[Evidence, ...]] = field(repr=False, compare=False)

    def _pairs(self, n: int) -> list[tuple[str, str, float]]:
        """Return the ``n`` pairs farthest from 0 (allies and enemies), largest first."""
        i, j = np.triu_indices(len(self.states), 1)
        values = self.matrix[i, j]
        order = np.lexsort((j, i, -np.abs(values)))[:n]
        return [(self.states[i[k]], self.states[j[k]], float(values[k])) for k in order]

    def __repr__(self) -> str:
        n = len(self.states)
        top = "; ".join(f"{a}-{b} {v:+.3f}" for a, b, v in self._pairs(3))
        left = f"; left out: {', '.join(self.left_out)}" if self.left_out else ""
        return (
            f"DyadScores(as_of={self.as_of}, {n} states, {n * (n - 1) // 2} pairs; "
            f"strongest: {top or 'none'}{left})"
        )

    def _repr_html_(self) -> str:
        rows = []
        for a, b, v in self._pairs(10):
            i, j = self._index(a), self._index(b)
            parts = {k: float(c[i, j]) for k, c in self.contributions.items()}
            rows.append((f"{a}-{b}", f"{v:+.3f}", _signed(parts)))
        caption = f"Pair scores on {self.as_of} ({len(self.states)} states): the 10 strongest"
        return _html_table(caption, ("pair", "score", "largest parts"), rows)

    def _index(self, code: str) -> int:
        # Scores keep only codes (no names or coding): a code is found in any letter case.
        folded = {c.casefold(): k for k, c in enumerate(self.states)}
        if isinstance(code, str) and code.strip().casefold() in folded:
            return folded[code.strip().casefold()]
        raise UnknownStateError(
            f"{code!r} is not a state of these scores{did_you_mean(code, self.states)}"
        )

    def score(self, a: str, b: str) -> float:
        """Return the score of the pair ``(a, b)``.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_dyads
        >>> s = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01")
        >>> s.score("RUS", "PRK") == s.score("prk", "rus") > s.score("RUS", "JPN")
        True
        """
        if a == b:
            raise InvalidParameterError(f"a pair needs two different states; got {a!r} twice")
        return float(self.matrix[self._index(a), self._index(b)])

    def probability(self, a: str, b: str) -> float:
        """Return the calibrated probability that ``a`` and ``b`` act together.

        Raises
        ------
        InvalidParameterError
            If the scores were not made with a calibrated model.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_dyads
        >>> from alliance_risk.calibrate import load_model
        >>> s = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01", load_model())
        >>> 0 < s.probability("RUS", "PRK") < 1
        True
        """
        if self.probabilities is None:
            raise InvalidParameterError(
                "these scores have no probabilities: pass a calibrated model as the config "
                "(alliance_risk.calibrate.load_model())"
            )
        self.score(a, b)
        return float(self.probabilities[self._index(a), self._index(b)])

    def explain(self, a: str, b: str) -> tuple[Evidence, ...]:
        """Return the records behind the score of ``(a, b)``, largest share first.

        Their shares sum to :meth:`score`.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_dyads
        >>> s = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01")
        >>> top = s.explain("RUS", "PRK")[0]
        >>> top.record, top.signal
        ('P2-RUS-PRK-CSP', 'pact')
        """
        self.score(a, b)  # checks the codes
        return self._explain(a, b)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: states, date, matrix and contributions as lists.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_dyads
        >>> d = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01").to_dict()
        >>> sorted(d)
        ['as_of', 'contributions', 'left_out', 'matrix', 'states']
        """
        return {
            "states": list(self.states),
            "as_of": self.as_of.isoformat(),
            "matrix": self.matrix.tolist(),
            "contributions": {k: v.tolist() for k, v in self.contributions.items()},
            "left_out": list(self.left_out),
            **(
                {} if self.probabilities is None else {"probabilities": self.probabilities.tolist()}
            ),
        }

    def to_frame(self) -> pd.DataFrame:
        """Return one row per unordered pair: ``a``, ``b``, ``score`` and one column per signal.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_dyads
        >>> s = score_dyads(load_scenario("axis-of-upheaval"), "2025-06-01")
        >>> n = len(s.states)
        >>> s.to_frame().shape[0] == n * (n - 1) // 2
        True
        """
        pandas = require_pandas()
        a, b = np.triu_indices(len(self.states), 1)
        data: dict[str, Any] = {
            "a": [self.states[k] for k in a],
            "b": [self.states[k] for k in b],
            "score": self.matrix[a, b],
        }
        data.update({k: v[a, b] for k, v in self.contributions.items()})
        frame: pd.DataFrame = pandas.DataFrame(data)
        return frame


@dataclass(frozen=True, slots=True)
class TriadScore:
    """Alignment of a trio of states at one date, with what drives it.

    Attributes
    ----------
    members : tuple of str
        The three states, in the order given.
    as_of : date
        The scoring date.
    score : float
        In [-1, 1]: ``(1 - λ) · (power_mean(ties) - mean(enmity)) + λ · shared``.
    dyads : mapping
        The three pair scores, keyed by pair of codes.
    shared : float
        The trilateral part in [0, 1]: events all three members share, weighted.
    contributions : mapping of str to float
        Per signal, its exact (Shapley) part of ``score``; they sum to ``score``.
    evidence : tuple of Evidence
        The records behind the score, largest share first; shares sum to ``score``.
    config : ScoringConfig
        The configuration used.
    probability : float or None
        With a calibrated model as the configuration, the probability that all three
        stand on one side (:func:`~alliance_risk.aggregations.trio_probability` of the
        three pair probabilities); else ``None``.
    left_out : tuple of str
        Weighted signals the World has no data for at the scoring date (no record of
        their kinds, or outside their coverage): they were left out and the weights
        renormalised over the rest.
    """

    members: tuple[str, str, str]
    as_of: date
    score: float
    dyads: Mapping[tuple[str, str], float]
    shared: float
    contributions: Mapping[str, float]
    evidence: tuple[Evidence, ...]
    config: ScoringConfig
    left_out: tuple[str, ...] = ()
    probability: float | None = None

    def __repr__(self) -> str:
        pairs = ", ".join(f"{a}-{b} {v:+.3f}" for (a, b), v in self.dyads.items())
        p = "" if self.probability is None else f", P(one side) {self.probability:.2f}"
        return (
            f"TriadScore({'-'.join(self.members)} on {self.as_of}: {self.score:+.3f}{p}; "
            f"pairs {pairs}; largest parts {_signed(self.contributions) or 'none'})"
        )

    def _repr_html_(self) -> str:
        parts = sorted(self.contributions.items(), key=lambda kv: -abs(kv[1]))
        rows = [(name, f"{v:+.4f}") for name, v in parts if v != 0.0]
        rows += [(f"pair {a}-{b}", f"{v:+.4f}") for (a, b), v in self.dyads.items()]
        rows += [(f"record {e.record}", f"{e.share:+.4f}") for e in self.evidence[:5]]
        return _html_table(
            f"{'-'.join(self.members)} on {self.as_of}: {self.score:+.4f}", ("part", "value"), rows
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_triad
        >>> t = score_triad(load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"), "2025-06-01")
        >>> t.to_dict()["members"]
        ['CHN', 'RUS', 'PRK']
        """
        return {
            "members": list(self.members),
            "as_of": self.as_of.isoformat(),
            "score": self.score,
            "dyads": {"-".join(k): v for k, v in self.dyads.items()},
            "shared": self.shared,
            "contributions": dict(self.contributions),
            "evidence": [e.to_dict() for e in self.evidence],
            "left_out": list(self.left_out),
            "probability": self.probability,
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the evidence as a table: record, signal, states, share.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_triad
        >>> t = score_triad(load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"), "2025-06-01")
        >>> list(t.to_frame().columns)
        ['record', 'signal', 'states', 'share']
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(
            [
                {
                    "record": e.record,
                    "signal": e.signal,
                    "states": "-".join(e.states),
                    "share": e.share,
                }
                for e in self.evidence
            ],
            columns=["record", "signal", "states", "share"],
        )
        return frame


class TopTriads(tuple[TriadScore, ...]):
    """The ``k`` highest-scoring trios at one date (:func:`~alliance_risk.top_triads`).

    A tuple of :class:`TriadScore`, highest first (index, iterate and ``len`` as
    before), with ``to_dict()`` and ``to_frame()`` for the ranking as a table.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        if not self:
            return "TopTriads(no trios)"
        shown = ", ".join(f"{'-'.join(t.members)} {t.score:+.3f}" for t in self[:5])
        more = ", ..." if len(self) > 5 else ""
        return f"TopTriads({len(self)} on {self[0].as_of}: {shown}{more})"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: the date and each trio's ``to_dict()``, in rank order.

        Examples
        --------
        >>> from alliance_risk import load_scenario, top_triads
        >>> best = top_triads(load_scenario("axis-of-upheaval"), "2025-06-01", k=2)
        >>> [t["members"] for t in best.to_dict()["trios"]]
        [['CHN', 'RUS', 'PRK'], ['USA', 'JPN', 'KOR']]
        """
        return {
            "as_of": self[0].as_of.isoformat() if self else None,
            "trios": [t.to_dict() for t in self],
        }

    def to_frame(self) -> pd.DataFrame:
        """Return one row per trio: ``rank``, ``a``, ``b``, ``c``, ``score`` and each signal.

        Examples
        --------
        >>> from alliance_risk import load_scenario, top_triads
        >>> best = top_triads(load_scenario("axis-of-upheaval"), "2025-06-01", k=3)
        >>> best.to_frame()["rank"].tolist()
        [1, 2, 3]
        """
        pandas = require_pandas()
        rows = []
        for rank, t in enumerate(self, 1):
            row: dict[str, Any] = {"rank": rank, "a": t.members[0], "b": t.members[1],
                                   "c": t.members[2], "score": t.score}  # fmt: skip
            if t.probability is not None:
                row["probability"] = t.probability
            row.update(t.contributions)
            rows.append(row)
        frame: pd.DataFrame = pandas.DataFrame(rows)
        return frame


@dataclass(frozen=True, slots=True)
class TriadScores:
    """Scores of a chosen list of trios at one date (:func:`~alliance_risk.score_triads`).

    Attributes
    ----------
    members : tuple of tuple of str
        The trios, each in the order given.
    as_of : date
        The scoring date.
    scores : numpy.ndarray
        ``(M,)``, as :attr:`TriadScore.score`.
    dyads : numpy.ndarray
        ``(M, 3)``: each trio's pair scores, pairs ``(a, b)``, ``(a, c)``, ``(b, c)``.
    shared : numpy.ndarray
        ``(M,)``: the trilateral parts.
    contributions : mapping of str to numpy.ndarray
        Per signal, ``(M,)`` exact (Shapley) parts; they sum to ``scores``.
    config : ScoringConfig
        The configuration used.
    left_out : tuple of str
        Weighted signals the World has no data for at the date.
    probabilities : numpy.ndarray or None
        With a calibrated model, ``(M,)`` probabilities that all three stand on one side.
    """

    members: tuple[tuple[str, str, str], ...]
    as_of: date
    scores: FloatArray
    dyads: FloatArray
    shared: FloatArray
    contributions: Mapping[str, FloatArray]
    config: ScoringConfig
    left_out: tuple[str, ...] = ()
    probabilities: FloatArray | None = None

    def __len__(self) -> int:
        return len(self.members)

    def __repr__(self) -> str:
        best = int(np.argmax(self.scores)) if len(self) else -1
        top = (
            f"; highest {'-'.join(self.members[best])} {self.scores[best]:+.3f}"
            if len(self)
            else ""
        )
        return f"TriadScores({len(self)} trios on {self.as_of}{top})"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: per trio, members, score, pairs and contributions.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_triads
        >>> w = load_scenario("axis-of-upheaval")
        >>> s = score_triads(w, [("CHN", "RUS", "PRK")], "2025-06-01")
        >>> sorted(s.to_dict())
        ['as_of', 'left_out', 'trios']
        """
        trios = []
        for m, members in enumerate(self.members):
            row: dict[str, Any] = {
                "members": list(members),
                "score": float(self.scores[m]),
                "dyads": [float(v) for v in self.dyads[m]],
                "shared": float(self.shared[m]),
                "contributions": {k: float(v[m]) for k, v in self.contributions.items()},
            }
            if self.probabilities is not None:
                row["probability"] = float(self.probabilities[m])
            trios.append(row)
        return {"as_of": self.as_of.isoformat(), "left_out": list(self.left_out), "trios": trios}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per trio: ``a``, ``b``, ``c``, ``score`` and one column per signal.

        Examples
        --------
        >>> from alliance_risk import load_scenario, score_triads
        >>> w = load_scenario("axis-of-upheaval")
        >>> s = score_triads(w, [("CHN", "RUS", "PRK")], "2025-06-01")
        >>> list(s.to_frame().columns)[:4]
        ['a', 'b', 'c', 'score']
        """
        pandas = require_pandas()
        data: dict[str, Any] = {
            "a": [t[0] for t in self.members],
            "b": [t[1] for t in self.members],
            "c": [t[2] for t in self.members],
            "score": self.scores,
        }
        if self.probabilities is not None:
            data["probability"] = self.probabilities
        data.update(self.contributions)
        frame: pd.DataFrame = pandas.DataFrame(data)
        return frame


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated change in a record: signed, in force, ended, start, end, or the event itself."""

    day: date
    record: str
    what: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> Milestone(date(2024, 12, 4), "P2", "in force").to_dict()["day"]
        '2024-12-04'
        """
        return {"day": self.day.isoformat(), "record": self.record, "what": self.what}


@dataclass(frozen=True, slots=True)
class Change:
    """How a timeline's score moved between two consecutive dates, and why.

    Attributes
    ----------
    start, end : date
        The two dates.
    before, after : float
        The scores at ``start`` and ``end``.
    contributions : mapping of str to float
        Per signal, the part of the move that its changed records made (0 for a signal
        no record of whose kind changed), and under :data:`REWEIGHTING` the rest: moved
        coverage weights, a value read against a moved reference (the day's mean IGO
        count). They sum to ``after - before``. Within a trio, a signal's part is its
        Shapley value over the inputs that moved, so the power mean's interaction is
        shared among the signals that moved, never given to one that did not.
    milestones : tuple of Milestone
        Dated changes in the members' records within ``(start, end]``: what caused it.
    records : mapping of str to tuple of str
        Per signal with a part, the ids of the records behind it whose rows changed
        between the two dates (started, ended, decayed); empty for a custom signal.
    """

    start: date
    end: date
    before: float
    after: float
    contributions: Mapping[str, float]
    milestones: tuple[Milestone, ...]
    records: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def delta(self) -> float:
        """``after - before``."""
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> c = Change(date(2024, 1, 1), date(2025, 1, 1), 0.2, 0.5, {"pact": 0.3}, ())
        >>> round(c.to_dict()["delta"], 6)
        0.3
        """
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
            "contributions": dict(self.contributions),
            "milestones": [m.to_dict() for m in self.milestones],
            "records": {k: list(v) for k, v in self.records.items()},
        }


#: The label of the part of a timeline's change that no changed record explains: moved
#: coverage weights, or a value read against a moved reference (see :class:`Change`).
REWEIGHTING = "re-weighting"

#: The smallest move of a score that ``Timeline.changes`` and ``alliance-risk timeline``
#: explain by default.
MIN_CHANGE = 0.01


@dataclass(frozen=True, slots=True)
class Timeline:
    """Scores and contributions of a pair or a trio over many dates.

    Attributes
    ----------
    members : tuple of str
        Two or three states.
    dates : tuple of date
        Strictly increasing.
    scores : numpy.ndarray
        ``(T,)`` in [-1, 1].
    contributions : mapping of str to numpy.ndarray
        Per signal, ``(T,)``; they sum to ``scores`` at every date.
    milestones : tuple of Milestone
        Every dated change in records among the members, in date order.
    config : ScoringConfig
        The configuration used.
    left_out : tuple of str
        Weighted signals the World has no data for at one or more of the dates: left
        out there, with the weights renormalised over the rest.
    probabilities : numpy.ndarray or None
        With a calibrated model as the configuration, ``(T,)`` probabilities of acting
        together (a pair) or of standing all on one side (a trio); else ``None``.
    """

    members: tuple[str, ...]
    dates: tuple[date, ...]
    scores: FloatArray
    contributions: Mapping[str, FloatArray]
    milestones: tuple[Milestone, ...]
    config: ScoringConfig
    left_out: tuple[str, ...] = ()
    probabilities: FloatArray | None = None
    # Computes the steps on request: splitting each move over what moved costs more than
    # the scores themselves, and most timelines are never explained.
    _steps: Callable[[], tuple[Change, ...]] = field(default=lambda: (), repr=False, compare=False)

    @property
    def steps(self) -> tuple[Change, ...]:
        """Every move between consecutive dates, split over the records that changed.

        See :class:`Change`; :meth:`changes` keeps the larger moves. Computed on each
        call.

        Examples
        --------
        >>> from alliance_risk import load_scenario, timeline
        >>> t = timeline(load_scenario("axis-of-upheaval"), ("CHN", "RUS", "PRK"),
        ...              ["2023-07-01", "2023-10-01"])
        >>> (step,) = t.steps
        >>> step.contributions["pact"], "D4-PRK-RUS-shells" in step.records["materiel"]
        (0.0, True)
        """
        return self._steps()

    def __repr__(self) -> str:
        span = f"{self.dates[0]} to {self.dates[-1]}" if self.dates else "no dates"
        move = ""
        if self.dates:
            move = f"; score {float(self.scores[0]):+.3f} -> {float(self.scores[-1]):+.3f}"
        return (
            f"Timeline({'-'.join(self.members)}, {len(self.dates)} dates, {span}{move}; "
            f"{len(self.milestones)} milestones)"
        )

    def _repr_html_(self) -> str:
        n = len(self.dates)
        picks = [*range(6), *range(n - 6, n)] if n > 12 else list(range(n))  # first, last six
        rows = [
            (
                self.dates[t].isoformat(),
                f"{float(self.scores[t]):+.4f}",
                _signed({k: float(v[t]) for k, v in self.contributions.items()}),
            )
            for t in picks
        ]
        caption = f"{'-'.join(self.members)}: {len(self.dates)} dates"
        return _html_table(caption, ("date", "score", "largest parts"), rows)

    def changes(self, *, min_change: float = MIN_CHANGE) -> tuple[Change, ...]:
        """Return the moves between consecutive dates of at least ``min_change``.

        The default, :data:`MIN_CHANGE` (0.01), is the command line's: smaller moves are
        the slow decay of past events, not news; ``min_change=0`` lists every move.

        Examples
        --------
        >>> from alliance_risk import load_scenario, timeline
        >>> t = timeline(load_scenario("axis-of-upheaval"), ("RUS", "PRK"),
        ...              ["2024-06-01", "2025-01-01"])
        >>> c = t.changes()[0]
        >>> c.delta > 0 and "P2-RUS-PRK-CSP" in {m.record for m in c.milestones}
        True
        """
        from ._validation import check_float

        min_change = check_float(min_change, "min_change", "Timeline.changes", low=0.0)
        return tuple(c for c in self.steps if not abs(c.delta) < min_change)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> from alliance_risk import load_scenario, timeline
        >>> t = timeline(load_scenario("axis-of-upheaval"), ("RUS", "PRK"), ["2025-01-01"])
        >>> t.to_dict()["dates"]
        ['2025-01-01']
        """
        return {
            "members": list(self.members),
            "dates": [d.isoformat() for d in self.dates],
            "scores": self.scores.tolist(),
            "contributions": {k: v.tolist() for k, v in self.contributions.items()},
            "changes": [c.to_dict() for c in self.changes()],
            "left_out": list(self.left_out),
            "probabilities": None if self.probabilities is None else self.probabilities.tolist(),
        }

    def to_frame(self) -> pd.DataFrame:
        """Return one row per date: ``date``, ``score`` and one column per signal.

        Examples
        --------
        >>> from alliance_risk import load_scenario, timeline
        >>> t = timeline(load_scenario("axis-of-upheaval"), ("RUS", "PRK"), ["2025-01-01"])
        >>> t.to_frame().shape[0]
        1
        """
        pandas = require_pandas()
        data: dict[str, Any] = {"date": list(self.dates), "score": self.scores}
        data.update({k: v for k, v in self.contributions.items()})
        frame: pd.DataFrame = pandas.DataFrame(data)
        return frame
