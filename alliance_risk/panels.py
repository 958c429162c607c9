"""Score panels: the library's own pair and trio scores over many dates, in long format.

A panel is one row per (date, pair) or (date, trio) of the states *in the system* on
that date, with the score :func:`~alliance_risk.score_dyads` or
:func:`~alliance_risk.score_triads` gives there. Dates are scored a chunk at a time
from one compiled World, the whole chunk's signal stack at once (as :func:`timeline`
does), so a panel costs what its distinct dates cost. Panels write CSV (no extra
needed) or Parquet (the ``parquet`` extra), show a progress bar on long work (the
``progress`` extra) and map chunks of dates to a Dask cluster (the ``dask`` extra).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ._errors import InvalidParameterError, MissingDataError
from ._parallel import dask_client
from ._types import FloatArray, IntArray
from ._validation import check_bool, check_dates, check_float, check_int
from .compile import CompiledWorld, date_of, day_number, day_numbers
from .config import Link, ScoringConfig
from .engine import (
    aggregate,
    as_compiled,
    coverage_weights,
    resolve_config,
    shared_trios,
    signal_stack,
    triad_values,
    weighted_signals,
)
from .results import frozen_array, frozen_mapping, require_pandas
from .states import index_of, resolve_members
from .world import World

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_ROWS", "ScorePanel", "score_panel"]

#: Rows a panel may hold: about 32 bytes a dyad row (40 a trio row) plus 8 per signal
#: with contributions, so some 300 MB to 1 GB. Larger panels are refused before any
#: work unless ``k=`` or ``min_score=`` keeps fewer rows per date.
MAX_ROWS = 10_000_000

# Trio rows scored at once by the exact Shapley kernel: its (2^S, rows, 3) arrays stay
# some tens of MB with nine signals.
_TRIO_BLOCK = 1024

_KINDS = ("dyads", "trios")


# --- output: CSV without pandas, Parquet with pyarrow -------------------------------------


def _quoted(text: str) -> str:
    """Quote a CSV field as the csv module does (minimal quoting), where it needs it."""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _field(value: Any) -> str:
    """Format one value as a CSV field: floats shortest round-trip text, NaN empty."""
    if isinstance(value, float):
        return "" if value != value else repr(value)  # NaN: an undefined measure
    return _quoted(str(value))


def _text(column: npt.NDArray[Any]) -> list[str]:
    """Format one column as CSV fields, each distinct value once.

    Panels repeat their values (dates, state codes, the many scores of 0), so formatting
    the distinct values and gathering them costs a fraction of formatting every cell.
    Dates are written ``YYYY-MM-DD``; a negative zero is written ``0.0`` (``-0.0 + 0.0``
    is ``0.0``), so that every zero reads alike.
    """
    if column.dtype.kind == "f":
        column = column + 0.0
    values, inverse = np.unique(column, return_inverse=True)
    if values.dtype.kind == "M":
        values = values.astype(str)
    fields = np.array([_field(v) for v in values.tolist()], dtype=object)
    texts: list[str] = fields[inverse.reshape(-1)].tolist()
    return texts


def write_columns(
    columns: Mapping[str, npt.NDArray[Any]], path: str | Path, func: str, *, fmt: str | None = None
) -> Path:
    """Write equal-length columns to ``path``: CSV or Parquet, chosen by the suffix.

    ``fmt`` (``"csv"`` or ``"parquet"``) chooses the format whatever the suffix.

    ``.csv`` is written with the csv module's quoting in chunks of rows, each column
    formatted at once by numpy (floats as their shortest round-trip text, NaN as an
    empty field, datetime64 as ISO dates). ``.parquet`` needs pyarrow (``pip install
    'alliance_risk[parquet]'``); dates become Parquet dates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_columns({"a": np.array(["X", "Y"]), "s": np.array([0.1, np.nan])}, p, "f")
    >>> p.read_bytes().splitlines()
    [b'a,s', b'X,0.1', b'Y,']
    """
    out = Path(path)
    suffix = {"csv": ".csv", "parquet": ".parquet"}.get(fmt or "", out.suffix.lower())
    if suffix == ".csv":
        _write_csv(columns, out)
    elif suffix in (".parquet", ".pq"):
        _write_parquet(columns, out, func)
    else:
        raise InvalidParameterError(
            f"The 'path' parameter of {func} must end in .csv or .parquet (the format is "
            f"chosen by the suffix). Got {str(path)!r} instead."
        )
    return out


def _write_csv(columns: Mapping[str, npt.NDArray[Any]], path: Path, step: int = 200_000) -> None:
    names = list(columns)
    n = len(next(iter(columns.values()))) if columns else 0
    # Joined by hand: every field is already quoted where it needs it, and the csv
    # module's writer costs some 7 microseconds a row. Lines end as its do (RFC 4180).
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(",".join(_quoted(c) for c in names) + "\r\n")
        for lo in range(0, n, step):
            cells = [_text(columns[c][lo : lo + step]) for c in names]
            f.write("\r\n".join(map(",".join, zip(*cells, strict=True))) + "\r\n")


def _write_parquet(columns: Mapping[str, npt.NDArray[Any]], path: Path, func: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(
            f"{func} writes Parquet with pyarrow: pip install 'alliance_risk[parquet]' "
            "(or write to a .csv path)"
        ) from exc
    # NaN (an undefined measure) is a null in Parquet, as it is an empty field in CSV.
    arrays = {
        k: pa.array(v, from_pandas=True) if v.dtype.kind == "f" else pa.array(v)
        for k, v in columns.items()
    }
    pq.write_table(pa.table(arrays), path)


# --- progress --------------------------------------------------------------------------------


class _NoBar:
    """What a bar does when there is none."""

    def update(self, n: int) -> None:
        """Do nothing."""

    def close(self) -> None:
        """Do nothing."""


def progress_bar(progress: Any, total: int, func: str, unit: str = "dates") -> Any:
    """Return a tqdm bar over ``total`` units, or an object that shows nothing.

    ``progress=None`` shows a bar only when standard error is a terminal and tqdm is
    installed (``pip install 'alliance_risk[progress]'``): silent in logs, pipes and
    tests. ``True`` asks for one (and says how to install tqdm if it is missing);
    ``False`` never shows one.

    Examples
    --------
    >>> bar = progress_bar(False, 10, "score_panel")
    >>> bar.update(10); bar.close()
    """
    if progress is not None:
        progress = check_bool(progress, "progress", func)
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return _NoBar()
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError as exc:
        if progress is None:
            return _NoBar()
        raise ImportError(
            f"{func}(progress=True) needs tqdm: pip install 'alliance_risk[progress]'"
        ) from exc
    return tqdm(total=total, desc=func, unit=unit, file=sys.stderr, leave=False)


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScorePanel:
    """Pair or trio scores over many dates, one row per (date, pair or trio).

    Attributes
    ----------
    kind : str
        ``"dyads"`` or ``"trios"``.
    dates : numpy.ndarray
        ``(T,)`` datetime64[D], the scoring dates, increasing.
    states : tuple of str
        The World's state codes; ``members`` index into it.
    date_index : numpy.ndarray
        ``(R,)`` each row's position in ``dates``; rows are in date order.
    members : numpy.ndarray
        ``(R, 2)`` or ``(R, 3)`` state positions; within a date, rows follow the
        World's state order (a trio list keeps the order it was given in).
    scores : numpy.ndarray
        ``(R,)``: what :func:`~alliance_risk.score_dyads` (or
        :func:`~alliance_risk.score_triads`) gives for that pair (trio) on that date.
    contributions : mapping of str to numpy.ndarray
        Per signal, ``(R,)`` parts that sum to ``scores``; empty unless asked for.
    config : ScoringConfig
        The configuration used.
    left_out : tuple of str
        Weighted signals the World has no data for at one or more of the dates.
    system : str
        The membership rule: which states each date's rows are among.
    outside : int
        Rows of a given trio list left out because a member was not in the system on
        that date (0 otherwise).
    """

    kind: str
    dates: npt.NDArray[np.datetime64]
    states: tuple[str, ...]
    date_index: IntArray
    members: IntArray
    scores: FloatArray
    contributions: Mapping[str, FloatArray]
    config: ScoringConfig
    left_out: tuple[str, ...] = ()
    system: str = "all states"
    outside: int = 0

    def __len__(self) -> int:
        return int(self.scores.size)

    def __repr__(self) -> str:
        span = f"{self.dates[0]} to {self.dates[-1]}" if self.dates.size else "no dates"
        return (
            f"ScorePanel({self.kind}, {len(self)} rows, {self.dates.size} dates, {span}; "
            f"{self.system})"
        )

    def columns(self, *, contributions: bool = True) -> dict[str, npt.NDArray[Any]]:
        """Return the long-format columns as numpy arrays (what ``write`` writes).

        ``date`` (datetime64[D]), ``a``, ``b`` (and ``c``) state codes, ``score``, then
        one column per signal if the panel has contributions.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> p = score_panel(load_scenario("axis-of-upheaval"), ["2025-06-01"])
        >>> list(p.columns())
        ['date', 'a', 'b', 'score']
        """
        codes = np.asarray(self.states, dtype=str)
        out: dict[str, npt.NDArray[Any]] = {"date": self.dates[self.date_index]}
        for k, name in enumerate("abc"[: self.members.shape[1]]):
            out[name] = codes[self.members[:, k]]
        out["score"] = self.scores
        if contributions:
            out.update(self.contributions)
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return one row per (date, pair or trio): ``date``, ``a``, ``b``, (``c``), ``score``.

        And one column per signal if the panel has contributions; ``date`` is a
        datetime64 column.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> w = load_scenario("axis-of-upheaval")
        >>> p = score_panel(w, ["2024-06-01", "2025-06-01"])
        >>> n = len(w.codes)
        >>> p.to_frame().shape == (2 * n * (n - 1) // 2, 4)  # two dates, every pair
        True
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(self.columns())
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: kind, rule, dates and the columns as lists.

        Examples
        --------
        >>> from alliance_risk import load_scenario
        >>> d = score_panel(load_scenario("axis-of-upheaval"), ["2025-06-01"]).to_dict()
        >>> sorted(d), d["columns"]["date"][0]
        (['columns', 'dates', 'kind', 'left_out', 'outside', 'system'], '2025-06-01')
        """
        cols = self.columns()
        return {
            "kind": self.kind,
            "system": self.system,
            "dates": [str(d) for d in self.dates],
            "columns": {
                k: v.astype(str).tolist() if k == "date" else v.tolist() for k, v in cols.items()
            },
            "left_out": list(self.left_out),
            "outside": self.outside,
        }

    def write(self, path: str | Path) -> Path:
        """Write the panel as CSV (``.csv``) or Parquet (``.parquet``, needs pyarrow).

        The columns are :meth:`columns`'. CSV needs no extra package; Parquet needs
        ``pip install 'alliance_risk[parquet]'``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from alliance_risk import load_scenario
        >>> p = score_panel(load_scenario("axis-of-upheaval"), ["2025-06-01"])
        >>> out = p.write(pathlib.Path(tempfile.mkdtemp()) / "panel.csv")
        >>> out.read_text().splitlines()[0]
        'date,a,b,score'
        """
        return write_columns(self.columns(), path, "ScorePanel.write")


# --- membership ----------------------------------------------------------------------------


def _system(
    world: World | CompiledWorld,
    cw: CompiledWorld,
    system: Any,
    carry_forward_to: int | None,
    days: IntArray,
) -> tuple[list[IntArray], str]:
    """Per date, the sorted positions of the states in the system; and the rule, in words."""
    everyone = np.arange(cw.n_states)
    if isinstance(system, str) and system == "all":
        return [everyone] * days.size, "all states"
    if system is None:
        if isinstance(world, World) and "cow_states" in world.datasets:
            raise InvalidParameterError(
                "score_panel: this World's states are the COW state list (every state that "
                "ever existed); pass system=read_cow_states(...) to list each date's COW "
                "system members, or system='all' for every state at every date"
            )
        return [everyone] * days.size, "all states"
    if not all(hasattr(system, f) for f in ("spell_ccode", "spell_start", "spell_end")):
        raise InvalidParameterError(
            "The 'system' parameter of score_panel must be None, 'all' or the COW state "
            f"system (read_cow_states(...)). Got {type(system).__name__} instead."
        )
    if not isinstance(world, World):
        raise InvalidParameterError(
            "score_panel: system= (COW membership) needs the World, whose states carry "
            "their COW ccode; got a CompiledWorld"
        )
    missing = [s.code for s in world.states if s.ccode is None]
    if missing:
        raise InvalidParameterError(
            f"score_panel: states {missing[:5]} have no ccode, so COW system membership "
            "cannot place them; give them ccode= or pass system='all'"
        )
    position = {int(s.ccode): k for k, s in enumerate(world.states) if s.ccode is not None}
    who = np.array([position.get(int(c), -1) for c in system.spell_ccode], dtype=np.int64)
    lo = day_numbers(list(system.spell_start))
    hi = day_numbers(list(system.spell_end))
    first = day_number(date(system.first_year, 1, 1))
    last = day_number(date(system.last_year, 12, 31))
    allowed = last
    if carry_forward_to is not None:
        year = check_int(carry_forward_to, "carry_forward_to", "score_panel", 1, 9999)
        allowed = max(last, day_number(date(year, 12, 31)))
    bad = days[(days < first) | (days > allowed)]
    if bad.size:
        late = int(bad[0]) > last  # dates are increasing: all bad dates are late
        hint = (
            f"; pass carry_forward_to={date_of(int(bad[-1])).year} to use the membership "
            f"of {system.last_year}-12-31"
            if late
            else ""
        )
        raise MissingDataError(
            f"COW system membership covers {system.first_year}-{system.last_year}; no data "
            f"for {date_of(int(bad[0]))}{hint}"
        )
    seen = np.minimum(days, last)  # carried forward: the file's last day
    inside = (lo[:, None] <= seen[None, :]) & (seen[None, :] <= hi[:, None]) & (who >= 0)[:, None]
    rule = f"COW system members on each date (system file {system.first_year}-{system.last_year})"
    if carry_forward_to is not None:
        rule += f", carried forward from {system.last_year}"
    return [np.unique(who[inside[:, t]]) for t in range(days.size)], rule


# --- the kernel of one chunk of dates ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Spec:
    """What every chunk needs besides its dates: the same on every worker."""

    kind: str
    config: ScoringConfig
    trios: IntArray | None  # (M, 3) chosen trios, or None for all among members
    contributions: bool
    min_score: float | None
    k: int | None


def _all_trios(m: IntArray) -> IntArray:
    """Every trio ``a < b < c`` of the sorted positions ``m``, ``(C(n, 3), 3)``, vectorised.

    Trios with first member ``a`` are the pairs ``(b, c)`` of ``triu_indices`` from the
    first pair with ``b > a`` on: one slice per first member, not a Python loop per trio.
    """
    n = m.size
    b, c = np.triu_indices(n, 1)
    starts = np.searchsorted(b, np.arange(n) + 1)
    first = np.repeat(np.arange(n), b.size - starts)
    rest = np.concatenate([np.arange(int(s), b.size) for s in starts]) if n else b
    return np.stack([m[first], m[b[rest]], m[c[rest]]], axis=1).reshape(-1, 3)


def _candidates(spec: _Spec, m: IntArray) -> IntArray:
    """Return the rows of one date before scoring: its system's pairs, or trios."""
    if spec.kind == "dyads":
        i, j = np.triu_indices(m.size, 1)
        return np.stack([m[i], m[j]], axis=1)
    if spec.trios is not None:
        return spec.trios[np.isin(spec.trios, m).all(axis=1)]
    return _all_trios(m)


def _trio_parts(
    stack: FloatArray,
    weights: FloatArray,
    shared: tuple[IntArray, FloatArray],
    t: int,
    rows: IntArray,
    n: int,
) -> tuple[FloatArray, FloatArray]:
    """``(S, R, 3)`` weighted pair parts and ``(S, R)`` shared parts of trios at date ``t``."""
    a, b, c = rows[:, 0], rows[:, 1], rows[:, 2]
    on_day = stack[:, t]  # (S, N, N)
    pair_parts = weights[:, t, None, None] * np.stack(
        [on_day[:, a, b], on_day[:, a, c], on_day[:, b, c]], axis=-1
    )  # as score_triads
    keys, y = shared
    out = np.zeros(pair_parts.shape[:2])
    if keys.size:
        ordered = np.sort(rows, axis=1)
        key = (ordered[:, 0] * n + ordered[:, 1]) * n + ordered[:, 2]
        at = np.minimum(np.searchsorted(keys, key), keys.size - 1)
        has = keys[at] == key
        out[:, has] = weights[:, t, None] * y[:, t, at[has]]
    return pair_parts, out


def _trio_scores(
    pair_parts: FloatArray, shared_parts: FloatArray, config: ScoringConfig
) -> FloatArray:
    """Return trio scores alone, without the ``2^S`` coalitions of their Shapley split.

    The value :func:`~alliance_risk.engine.triad_values` gives the coalition of all
    signals: ties that draw states together combine by the triad aggregation, enmity by
    the mean. (The tests hold it to :func:`~alliance_risk.score_triads`.)
    """
    positive = np.maximum(pair_parts, 0.0).sum(axis=0)
    negative = np.maximum(-pair_parts, 0.0).sum(axis=0)
    g = aggregate(np.clip(positive, 0.0, 1.0), config) - negative.mean(axis=-1)
    lam = config.triad_shared_weight
    out: FloatArray = (1.0 - lam) * g + lam * shared_parts.sum(axis=0)
    return out


def _keep(spec: _Spec, scores: FloatArray) -> IntArray:
    """Positions of one date's rows kept by ``min_score`` and ``k`` (ties in row order)."""
    keep = np.arange(scores.size)
    if spec.min_score is not None:
        keep = keep[scores >= spec.min_score]
    if spec.k is not None:
        keep = np.sort(keep[np.argsort(-scores[keep], kind="stable")[: spec.k]])
    return keep


def _chunk(
    cw: CompiledWorld, spec: _Spec, days: IntArray, members: list[IntArray]
) -> tuple[IntArray, IntArray, FloatArray, FloatArray | None]:
    """Score one chunk of dates: rows' dates (in the chunk), states, scores, contributions.

    The chunk's signal stack is computed once; each date's rows are then gathered from it
    at once (trios in blocks, scores first, so that ``k`` and ``min_score`` leave only the
    kept trios to the exact Shapley split of their contributions).
    """
    signals, base = weighted_signals(spec.config)
    weights, _ = coverage_weights(cw, signals, base, days)  # (S, T)
    stack, _ = signal_stack(cw, days, spec.config, signals)  # (S, T, N, N)
    shared = shared_trios(cw, days, spec.config, signals) if spec.kind == "trios" else None
    when: list[IntArray] = []
    who: list[IntArray] = []
    scores: list[FloatArray] = []
    parts: list[FloatArray] = []
    for t, m in enumerate(members):  # each date vectorised over its rows
        rows = _candidates(spec, m)
        if shared is None:
            part = weights[:, t, None] * stack[:, t, rows[:, 0], rows[:, 1]]  # as score_dyads
            score = part.sum(axis=0)
            keep = _keep(spec, score)
            rows, score, part = rows[keep], score[keep], part[:, keep]
        else:
            score = np.zeros(rows.shape[0])
            for lo in range(0, rows.shape[0], _TRIO_BLOCK * 16):
                block = slice(lo, lo + _TRIO_BLOCK * 16)
                pp, sp = _trio_parts(stack, weights, shared, t, rows[block], cw.n_states)
                score[block] = _trio_scores(pp, sp, spec.config)
            keep = _keep(spec, score)
            rows, score = rows[keep], score[keep]
            part = np.zeros((len(signals), rows.shape[0] if spec.contributions else 0))
            for lo in range(0, part.shape[1], _TRIO_BLOCK):
                block = slice(lo, lo + _TRIO_BLOCK)
                pp, sp = _trio_parts(stack, weights, shared, t, rows[block], cw.n_states)
                part[:, block] = triad_values(pp, sp, spec.config)[1]
        when.append(np.full(rows.shape[0], t, dtype=np.int64))
        who.append(rows)
        scores.append(score)
        if spec.contributions:
            parts.append(part)
    contributions = np.concatenate(parts, axis=1) if spec.contributions else None
    return np.concatenate(when), np.concatenate(who), np.concatenate(scores), contributions


# --- public API ----------------------------------------------------------------------------


def _trio_rows(world: World | CompiledWorld, cw: CompiledWorld, trios: Any) -> IntArray:
    if isinstance(trios, str) or not isinstance(trios, Sequence) or not trios:
        raise InvalidParameterError(
            "The 'trios' parameter of score_panel must be a non-empty list of trios of "
            f"state codes, or None for all trios. Got {trios!r} instead."
        )
    names = index_of(world)  # the states are read as the resolver reads them
    groups = [resolve_members(world, g, "score_panel", (3,), index=names) for g in trios]
    index = {c: k for k, c in enumerate(cw.codes)}
    return np.array([[index[m] for m in g] for g in groups], dtype=np.int64)


def _count(spec: _Spec, members: Sequence[IntArray]) -> int:
    """Rows the panel would hold before any ``min_score`` or ``k``."""
    sizes = np.array([m.size for m in members], dtype=np.int64)
    if spec.kind == "dyads":
        return int((sizes * (sizes - 1) // 2).sum())
    if spec.trios is None:
        return int((sizes * (sizes - 1) * (sizes - 2) // 6).sum())
    return int(sum(np.isin(spec.trios, m).all(axis=1).sum() for m in members))


def _check_kept(parts: list[Any], spec: _Spec, max_rows: int) -> None:
    kept = sum(p[0].size for p in parts)
    if kept > max_rows:
        raise InvalidParameterError(
            f"score_panel: min_score={spec.min_score} keeps {kept:,} rows, more than "
            f"max_rows={max_rows:,}; pass a higher min_score=, k=, or a larger max_rows="
        )


def _chunks(n: int, step: int) -> Iterator[slice]:
    for lo in range(0, n, step):
        yield slice(lo, lo + step)


def score_panel(
    world: World | CompiledWorld,
    dates: Iterable[date | str | int] | Any,
    kind: str = "dyads",
    config: ScoringConfig | Link | None = None,
    *,
    trios: Sequence[Sequence[str]] | None = None,
    system: Any = None,
    carry_forward_to: int | None = None,
    contributions: bool = False,
    min_score: float | None = None,
    k: int | None = None,
    max_rows: int = MAX_ROWS,
    chunk_dates: int = 8,
    progress: bool | None = None,
    client: Any = None,
) -> ScorePanel:
    """Score every pair (or trio) of the states in the system on each of many dates.

    Parameters
    ----------
    world : World or CompiledWorld
        The records; compiled once for all dates.
    dates : sequence of dates
        Strictly increasing: dates, ISO strings, years (31 December), datetime64 or a
        ``pandas.DatetimeIndex``.
    kind : {"dyads", "trios"}
        One row per unordered pair, or per trio.
    config : ScoringConfig or RiskModel, optional
        Weights and shapes (a RiskModel scores with its configuration; the panel holds
        scores, not probabilities).
    trios : sequence of trios, optional
        With ``kind="trios"``: score these trios only (each on the dates its three
        states are in the system). ``None``: every trio of the system's states.
    system : None, "all" or CowStates
        Which states are in the system on a date. A :class:`CowStates`
        (``read_cow_states(...)``): the COW members on that day (a state is a member
        within one of its membership spells), matched to the World's states by
        ``ccode``. ``"all"``: every state of the World on every date. ``None``: every
        state, except for a World built from the COW state list (``datasets`` names
        ``cow_states``, as :func:`history_world` does), which is refused: it lists
        every state that ever existed, so pass the COW system. (A CompiledWorld does
        not say where its states come from: ``None`` is every state.)
    carry_forward_to : int, optional
        With the COW system: allow dates up to the end of this year, with the
        membership of the system file's last day.
    contributions : bool
        Keep each signal's part of every score (``(R,)`` per signal; more memory).
    min_score : float, optional
        Keep only rows scoring at least this.
    k : int, optional
        Keep only the ``k`` highest-scoring rows of each date (ties in row order).
    max_rows : int
        The most rows the panel may hold (:data:`MAX_ROWS`). A larger panel is refused
        before any work with what to pass instead; with ``min_score`` the bound is
        checked on the rows kept.
    chunk_dates : int
        Dates scored at once (memory grows with it, as ``signals x dates x N x N``).
    progress : bool, optional
        Show a progress bar over chunks of dates: ``None`` only when standard error is a
        terminal and tqdm is installed (the ``progress`` extra).
    client : dask.distributed.Client or str, optional
        Score chunks of dates on a Dask cluster: the compiled World is scattered once
        and chunks mapped to the workers; the panel is identical. Custom signals must
        be registered on the workers too.

    Returns
    -------
    ScorePanel

    Raises
    ------
    InvalidParameterError
        For a bad parameter, a panel larger than ``max_rows``, or a COW World without
        ``system=``.
    MissingDataError
        For a date outside the COW system file's coverage (see ``carry_forward_to``).

    Notes
    -----
    A row's score is computed over the whole World (second-order signals see every
    state); membership only chooses the rows. Scores equal :func:`score_dyads` and
    :func:`score_triads` on each date to about 1e-15.

    Examples
    --------
    >>> from alliance_risk import load_scenario
    >>> w = load_scenario("axis-of-upheaval")
    >>> p = score_panel(w, ["2024-06-01", "2025-06-01"])
    >>> p  # every pair of the scenario's 23 states, on two dates
    ScorePanel(dyads, 506 rows, 2 dates, 2024-06-01 to 2025-06-01; all states)
    >>> top = score_panel(w, [2023, 2024], kind="trios", k=1)  # the best trio each year
    >>> [tuple(w.codes[i] for i in m) for m in top.members]
    [('USA', 'JPN', 'KOR'), ('CHN', 'RUS', 'PRK')]
    """
    func = "score_panel"
    if kind not in _KINDS:
        raise InvalidParameterError(
            f"The 'kind' parameter of {func} must be one of {list(_KINDS)}. Got {kind!r} instead."
        )
    cw = as_compiled(world, func)
    when = check_dates(dates, func)
    cfg = resolve_config(config, cw, func)
    if trios is not None and kind != "trios":
        raise InvalidParameterError(f"{func}: trios= goes with kind='trios'; got kind={kind!r}")
    spec = _Spec(
        kind=kind,
        config=cfg,
        trios=None if trios is None else _trio_rows(world, cw, trios),
        contributions=check_bool(contributions, "contributions", func),
        min_score=None if min_score is None else check_float(min_score, "min_score", func),
        k=None if k is None else check_int(k, "k", func, 1),
    )
    max_rows = check_int(max_rows, "max_rows", func, 1)
    chunk_dates = check_int(chunk_dates, "chunk_dates", func, 1)
    days = day_numbers(list(when))
    members, rule = _system(world, cw, system, carry_forward_to, days)
    rows = _count(spec, members)
    bound = rows if spec.k is None else min(rows, spec.k * days.size)
    if bound > max_rows and (spec.min_score is None or spec.k is not None):
        raise InvalidParameterError(
            f"{func}: this {kind} panel would hold {bound:,} rows, more than max_rows="
            f"{max_rows:,}; pass trios=[...] to choose trios, k= to keep the best of each "
            "date, min_score= to keep high scores, fewer dates, or a larger max_rows="
        )
    signals, base = weighted_signals(cfg)
    left_out = coverage_weights(cw, signals, base, days)[1]
    pieces = list(_chunks(days.size, chunk_dates))
    bar = progress_bar(progress, days.size, func)
    try:
        with dask_client(client) as dask:
            if dask is None:
                parts = []
                for s in pieces:
                    parts.append(_chunk(cw, spec, days[s], members[s]))
                    _check_kept(parts, spec, max_rows)  # as soon as it is too many
                    bar.update(days[s].size)
            else:
                parts = _on_cluster(dask, cw, spec, days, members, pieces, bar)
    finally:
        bar.close()
    _check_kept(parts, spec, max_rows)
    offsets = [s.start for s in pieces]
    width = 2 if kind == "dyads" else 3
    index = np.concatenate([p[0] + off for p, off in zip(parts, offsets, strict=True)])
    who = np.concatenate([p[1] for p in parts]).reshape(-1, width)
    scores = np.concatenate([p[2] for p in parts])
    by_signal: dict[str, FloatArray] = {}
    if spec.contributions:
        stacked = np.concatenate([p[3] for p in parts if p[3] is not None], axis=1)
        by_signal = {sig.name: frozen_array(stacked[n]) for n, sig in enumerate(signals)}
    index.setflags(write=False)
    who.setflags(write=False)
    day_array = np.array([d.isoformat() for d in when], dtype="datetime64[D]")
    day_array.setflags(write=False)
    return ScorePanel(
        kind=kind,
        dates=day_array,
        states=cw.codes,
        date_index=index,
        members=who,
        scores=frozen_array(scores),
        contributions=frozen_mapping(by_signal),
        config=cfg,
        left_out=left_out,
        system=rule,
        outside=0 if spec.trios is None else int(spec.trios.shape[0] * days.size - rows),
    )


def _on_cluster(
    dask: Any,
    cw: CompiledWorld,
    spec: _Spec,
    days: IntArray,
    members: list[IntArray],
    pieces: list[slice],
    bar: Any,
) -> list[tuple[IntArray, IntArray, FloatArray, FloatArray | None]]:
    """Score the chunks of dates on a Dask cluster, the World and spec scattered once."""
    from dask.distributed import as_completed

    # The chunks are those of one process, so the panel is the same to the last bit.
    shared = dask.scatter([cw, spec], broadcast=True, hash=False)
    futures = [
        dask.submit(_chunk, shared[0], shared[1], days[s], members[s], pure=False) for s in pieces
    ]
    size = {f.key: days[s].size for f, s in zip(futures, pieces, strict=True)}
    for done in as_completed(futures):  # type: ignore[no-untyped-call]
        bar.update(size[done.key])
    parts: list[tuple[IntArray, IntArray, FloatArray, FloatArray | None]] = dask.gather(futures)
    return parts
