"""From ATOP and COW files to a World, to alliance portfolios, and to a dyad-year panel."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .._errors import InvalidParameterError
from .._parallel import blas_threads, dask_client, n_workers
from .._types import FloatArray, IntArray
from ..compile import compile_world, day_numbers
from ..config import ScoringConfig
from ..engine import signal_stack
from ..models import State
from ..panels import progress_bar, write_columns
from ..signals.pact import PACT
from ..similarity import MEASURES, measure_matrices
from ..world import World
from ._csv import year_arg
from .atop import (
    AtopData,
    AtopDyadYears,
    PactsReport,
    atop_pacts,
    read_atop,
    read_atop_dyad_years,
    read_atop_members,
)
from .cow import CowCapabilities, CowStates, read_cow_states

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "VALUATIONS",
    "DyadYears",
    "atop_portfolios",
    "atop_world",
    "dyad_years",
]


#: Valuation presets: how a directed dyad's ATOP obligations become one tie level.
#: ``atop_chiba`` is the one the published S-scores use.
VALUATIONS: Mapping[str, str] = {
    "atop_chiba": "3 defence or offence; 2 neutrality or consultation; 1 non-aggression only",
    "atop_cow_analogue": "3 defence or offence; 2 neutrality or non-aggression; 1 consultation",
    "binary": "1 any obligation; 0 none",
}


def _levels(flags: Mapping[str, IntArray], valuation: str) -> tuple[IntArray, int]:
    d, o, n, a, c = (flags[k] > 0 for k in ("defense", "offense", "neutral", "nonagg", "consul"))
    if valuation == "atop_chiba":
        top = d | o
        return np.where(top, 3, np.where(n | c, 2, np.where(a, 1, 0))), 3
    if valuation == "atop_cow_analogue":
        top = d | o
        return np.where(top, 3, np.where(n | a, 2, np.where(c, 1, 0))), 3
    if valuation == "binary":
        return (d | o | n | a | c).astype(np.int64), 1
    raise InvalidParameterError(
        f"The 'valuation' parameter must be one of {sorted(VALUATIONS)}. Got {valuation!r} instead."
    )


def atop_portfolios(
    dyad_years: AtopDyadYears,
    states: CowStates,
    year: int,
    *,
    valuation: str = "atop_chiba",
    carry_forward_to: int | None = None,
) -> tuple[IntArray, FloatArray]:
    """Build the alliance portfolio matrix of the COW system in ``year``.

    Row ``i`` holds the tie level of state ``i`` (``ccode1``) toward each system member
    ``k`` (``ccode2``), valued by ``valuation``; a state's tie to itself is the top level.
    Dyads without an ATOP row have level 0: ATOP lists every dyad-year with an alliance,
    so absence is a known zero within ATOP's coverage (1815-2018).

    Returns
    -------
    ccodes : numpy.ndarray
        The system members, sorted.
    portfolios : numpy.ndarray
        ``(N, N)`` levels.

    Raises
    ------
    InvalidParameterError
        For a year that is not a whole-number ``int`` (``1914.5``), or outside 1815-2018,
        or an unknown ``valuation``.
    MissingDataError
        For a year outside the COW system file's coverage.

    Examples
    --------
    >>> from alliance_risk.datasets import read_atop_dyad_years, read_cow_states
    >>> codes, x = atop_portfolios(read_atop_dyad_years("tests/fixtures/atop"),
    ...                            read_cow_states("tests/fixtures/cow"), 1914)
    >>> codes.tolist(), x.astype(int).tolist()
    ([2, 200, 255, 365], [[3, 0, 0, 0], [0, 3, 0, 2], [0, 0, 3, 0], [0, 2, 0, 3]])
    """
    year = year_arg("atop_portfolios", "year", year)
    if carry_forward_to is not None:
        carry_forward_to = year_arg("atop_portfolios", "carry_forward_to", carry_forward_to)
    if not 1815 <= year <= 2018:
        raise InvalidParameterError(f"ATOP 5.1 covers 1815-2018; got year={year}")
    ccodes = states.members(year, carry_forward_to=carry_forward_to)
    if ccodes.size == 0:  # no state in the system that year (a partial COW file)
        return ccodes, np.zeros((0, 0))
    level, top = _levels(dyad_years.flags, valuation)
    x = np.zeros((ccodes.size, ccodes.size))
    sel = dyad_years.year == year
    i = np.searchsorted(ccodes, dyad_years.ccode1[sel])
    k = np.searchsorted(ccodes, dyad_years.ccode2[sel])
    inside = (i < ccodes.size) & (k < ccodes.size)
    inside &= ccodes[np.minimum(i, ccodes.size - 1)] == dyad_years.ccode1[sel]
    inside &= ccodes[np.minimum(k, ccodes.size - 1)] == dyad_years.ccode2[sel]
    np.maximum.at(x, (i[inside], k[inside]), level[sel][inside])
    np.fill_diagonal(x, top)
    return ccodes, x


def atop_world(atop_dir: str | Path, cow_dir: str | Path) -> World:
    """Build a World of all COW states and all ATOP pacts, to score real history.

    States use COW abbreviations as codes (``USA``, ``GMY``, ``RUS``, ``PRK``) with
    ``ccode`` set. Each ATOP alliance phase becomes pacts with member-specific
    obligations, owed to each other party as far as ATOP's directed dyad-year file
    records them: under a guarantee treaty the guarantors owe each other nothing (see
    :func:`~alliance_risk.datasets.atop_pacts`).

    Parameters
    ----------
    atop_dir : str or pathlib.Path
        Folder with the ATOP member-level file (``atop5_1m.csv``) and the directed
        dyad-year file (``atop5_1_ddyr_peacesciencer.csv``).
    cow_dir : str or pathlib.Path
        Folder with the COW state files.

    Returns
    -------
    World
        ``datasets`` names ATOP 5.1 and COW states v2016, for :func:`~alliance_risk.cite`.

    Examples
    --------
    >>> w = atop_world("tests/fixtures/atop", "tests/fixtures/cow")
    >>> w.state("RUS").ccode, w.datasets
    (365, ('atop', 'cow_states'))
    >>> guarantee = next(p for p in w.pacts if p.id == "ATOP-1495-1")
    >>> guarantee.ties("UKG", "RUS"), guarantee.ties("UKG", "GMY")
    (False, True)
    """
    states = read_cow_states(cow_dir)
    members, directed = read_atop_members(atop_dir), read_atop_dyad_years(atop_dir)
    pacts, _ = atop_pacts(members, states, directed)
    return _world(states, pacts)


def _world(states: CowStates, pacts: Sequence[Any]) -> World:
    records = [
        State(code=a, name=n, ccode=int(c))
        for c, a, n in zip(states.ccode, states.abbrev, states.name, strict=True)
    ]
    return World.model_validate(
        {
            "states": records,
            "pacts": list(pacts),
            "datasets": ("atop", "cow_states"),
            "coding": "cow",
        }
    )


def atop_pacts_report(atop_dir: str | Path, cow_dir: str | Path) -> PactsReport:
    """Return how the ATOP member rows map to pacts: rows read, used and left out.

    The mapping is the one :func:`atop_world` uses, refined by the directed dyad-year
    file; the report also says what that refinement changed.

    Examples
    --------
    >>> report = atop_pacts_report("tests/fixtures/atop", "tests/fixtures/cow")
    >>> print(report)  # doctest: +ELLIPSIS
    19 member rows -> 10 pacts from 17 rows; 1 member rows of states outside the COW ...
    >>> report.pledged_pacts, report.pairs_uncredited, report.dyad_years_changed
    (1, 4, 8)
    """
    members, directed = read_atop_members(atop_dir), read_atop_dyad_years(atop_dir)
    return atop_pacts(members, read_cow_states(cow_dir), directed)[1]


@dataclass(frozen=True, slots=True)
class DyadYears:
    """A dyad-year panel: every system dyad in every requested year, with measures.

    Attributes
    ----------
    data : numpy.ndarray
        A structured (record) array with fields ``ccode1``, ``ccode2``, ``year``, one
        float field per measure and, if requested, ``pact_alignment``.
    measures : tuple of str
        The measure columns.
    valuation : str
        The ATOP valuation preset of the portfolios.
    datasets : tuple of str
        Data sets used (keys for :func:`~alliance_risk.cite`).
    """

    data: npt.NDArray[Any]
    measures: tuple[str, ...]
    valuation: str
    datasets: tuple[str, ...]

    def to_csv(self, path: str | Path) -> None:
        """Write the panel as CSV (NaN written as an empty field).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> panel = dyad_years("tests/fixtures/atop", "tests/fixtures/cow", [1914],
        ...                    measures=("s_abs",), pact_alignment=False)
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "panel.csv"
        >>> panel.to_csv(p)
        >>> p.read_text().splitlines()[0]
        'ccode1,ccode2,year,s_abs'
        """
        write_columns(self._columns(), path, "DyadYears.to_csv", fmt="csv")

    def write(self, path: str | Path) -> Path:
        """Write the panel as CSV (``.csv``) or Parquet (``.parquet``, needs pyarrow).

        NaN (an undefined measure) is an empty CSV field and a Parquet null. Parquet
        needs ``pip install 'alliance_risk[parquet]'``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> panel = dyad_years("tests/fixtures/atop", "tests/fixtures/cow", [1914],
        ...                    measures=("s_abs",), pact_alignment=False)
        >>> panel.write(pathlib.Path(tempfile.mkdtemp()) / "panel.csv").suffix
        '.csv'
        """
        return write_columns(self._columns(), path, "DyadYears.write")

    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        return {name: self.data[name] for name in self.data.dtype.names or ()}

    def to_frame(self) -> pd.DataFrame:
        """Return the panel as a pandas DataFrame (needs the ``frames`` extra).

        Examples
        --------
        >>> panel = dyad_years("tests/fixtures/atop", "tests/fixtures/cow", [1914],
        ...                    measures=("s_abs",), pact_alignment=False)
        >>> panel.to_frame().shape
        (6, 4)
        """
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_frame() needs pandas: pip install 'alliance_risk[frames]'"
            ) from exc
        frame: pd.DataFrame = pandas.DataFrame(self.data)
        return frame


def dyad_years(
    atop: str | Path | AtopData,
    cow: str | Path | CowStates,
    years: Iterable[int],
    *,
    measures: Sequence[str] = ("tau_b", "s_abs", "kappa_sq", "pi_sq"),
    valuation: str = "atop_chiba",
    capabilities: CowCapabilities | None = None,
    pact_alignment: bool = True,
    config: ScoringConfig | None = None,
    carry_forward_to: int | None = None,
    directed: bool = False,
    threads: int | None = 1,
    client: Any = None,
    progress: bool | None = None,
) -> DyadYears:
    """Build a dyad-year panel of alliance-portfolio similarity over the COW system.

    Parameters
    ----------
    atop : path or AtopData
        The ATOP folder, or what :func:`read_atop` returned.
    cow : path or CowStates
        The COW state folder, or what :func:`read_cow_states` returned.
    years : iterable of int
        Years to include (ATOP covers 1815-2018; the COW system file 1816-2016).
    measures : sequence of str
        Names from :data:`alliance_risk.similarity.MEASURES`; ``*_weighted`` ones need
        ``capabilities`` (CINC shares; missing CINC drops the partner).
    valuation : str
        ATOP valuation preset (:data:`VALUATIONS`).
    capabilities : CowCapabilities, optional
        For capability-weighted measures.
    pact_alignment : bool
        Add the engine's ``pact`` signal for each dyad on 31 December of the year.
    config : ScoringConfig, optional
        Pact scale and rules for ``pact_alignment``.
    carry_forward_to : int, optional
        Allow years after the COW system file ends, with its last year's membership.
    directed : bool
        One row per ordered dyad (both directions) instead of per unordered pair.
    threads : int or None
        BLAS threads for the matrix products, 1 by default: one year's matrices are
        small, and more threads only contend on a busy machine. ``None`` leaves the
        BLAS library's own setting. Needs threadpoolctl (``pip install
        'alliance_risk[threads]'``); without it the default is skipped (same results,
        maybe slower) and an explicit number is refused with that hint.
    client : dask.distributed.Client or str, optional
        Build the years on a Dask cluster (a Client, or a scheduler address): the data
        are scattered once and chunks of years mapped to the workers; the panel is the
        same (``pip install 'alliance_risk[dask]'``; see docs/scale.md).
    progress : bool, optional
        Show a progress bar over the years: ``None`` only when standard error is a
        terminal and tqdm is installed (``pip install 'alliance_risk[progress]'``).

    Returns
    -------
    DyadYears
        One row per dyad of the states in the COW system that year (a member at any
        time of the year, ``system2016.csv``), never the whole state list.

    Examples
    --------
    >>> panel = dyad_years("tests/fixtures/atop", "tests/fixtures/cow", [1913, 1914])
    >>> panel.data.dtype.names
    ('ccode1', 'ccode2', 'year', 'tau_b', 's_abs', 'kappa_sq', 'pi_sq', 'pact_alignment')
    """
    data = atop if isinstance(atop, AtopData) else read_atop(atop)
    states = cow if isinstance(cow, CowStates) else read_cow_states(cow)
    names = tuple(measures)
    bad = [m for m in names if m not in MEASURES]
    if bad:
        raise InvalidParameterError(
            f"The 'measures' parameter of dyad_years names {bad[0]!r}; expected some of "
            f"{sorted(MEASURES)}."
        )
    weighted = any(MEASURES[m][2] for m in names)
    if weighted and capabilities is None:
        raise InvalidParameterError(
            "dyad_years: capability-weighted measures need capabilities=read_cow_capabilities(...)"
        )
    if isinstance(years, str | bytes):
        raise InvalidParameterError(
            f"The 'years' parameter of dyad_years must be an iterable of int years. Got "
            f"{years!r} instead."
        )
    year_list = sorted({year_arg("dyad_years", "years", y) for y in years})
    caps = capabilities if weighted else None
    bar = progress_bar(progress, len(year_list), "dyad_years", unit="years")
    try:
        with blas_threads(threads, "dyad_years", asked=threads != 1), dask_client(client) as dask:
            pact_fn = _pact_alignment(data, states, config, year_list) if pact_alignment else None
            rest = (names, valuation, caps, carry_forward_to, directed, pact_fn)
            if dask is None:
                chunks = []
                for lo in range(0, len(year_list), 16):  # chunks of years, for the bar
                    chunks += _panel_rows(data, states, year_list[lo : lo + 16], *rest)
                    bar.update(len(year_list[lo : lo + 16]))
            else:  # the data once to every worker, then chunks of years
                shared = dask.scatter([data, states, rest], broadcast=True, hash=False)
                step = max(len(year_list) // (4 * n_workers(dask)), 1)
                futures = [
                    dask.submit(
                        _panel_chunk,
                        shared[0],
                        shared[1],
                        year_list[i : i + step],
                        shared[2],
                        pure=False,
                    )
                    for i in range(0, len(year_list), step)
                ]
                chunks = [c for part in dask.gather(futures) for c in part]
                bar.update(len(year_list))
    finally:
        bar.close()
    fields = ["ccode1", "ccode2", "year", *names] + (["pact_alignment"] if pact_alignment else [])
    dtype = [
        (f, np.int64) if f in ("ccode1", "ccode2", "year") else (f, np.float64) for f in fields
    ]
    total = sum(c["ccode1"].size for c in chunks)
    out = np.zeros(total, dtype=dtype)
    start = 0
    for c in chunks:
        stop = start + c["ccode1"].size
        for f in fields:
            out[f][start:stop] = c[f]
        start = stop
    used = ("atop", "cow_states") + (("cow_nmc",) if weighted else ())
    return DyadYears(data=out, measures=names, valuation=valuation, datasets=used)


def _panel_chunk(
    data: AtopData, states: CowStates, years: list[int], rest: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """:func:`_panel_rows` for a chunk of years, as a Dask task."""
    return _panel_rows(data, states, years, *rest)


def _panel_rows(
    data: AtopData,
    states: CowStates,
    year_list: list[int],
    names: tuple[str, ...],
    valuation: str,
    capabilities: CowCapabilities | None,
    carry_forward_to: int | None,
    directed: bool,
    pact_fn: Any,
) -> list[dict[str, Any]]:
    """Return one dict of columns per year: the dyads, their measures, their pact signal."""
    chunks = []
    for year in year_list:  # one system per year: each is a separate matrix problem
        ccodes, x = atop_portfolios(
            data.dyad_years, states, year, valuation=valuation, carry_forward_to=carry_forward_to
        )
        levels = 1 if valuation == "binary" else 3
        w = capabilities.cinc_of(ccodes, year) if capabilities is not None else None
        mats = measure_matrices(x, names, weights=w, levels=levels)
        n = ccodes.size
        i, j = np.nonzero(~np.eye(n, dtype=bool)) if directed else np.triu_indices(n, 1)
        cols: dict[str, Any] = {
            "ccode1": ccodes[i],
            "ccode2": ccodes[j],
            "year": np.full(i.size, year),
        }
        cols.update({m: mats[m][i, j] for m in names})
        if pact_fn is not None:
            cols["pact_alignment"] = pact_fn(year, ccodes)[i, j]
        chunks.append(cols)
    return chunks


def _pact_alignment(
    data: AtopData, states: CowStates, config: ScoringConfig | None, years: list[int]
) -> Any:
    """Return ``f(year, ccodes) -> (N, N)``: the pact signal on 31 December of each year.

    Years are computed as stacks of dates, a chunk of years at a time so that the
    ``(dates, pact rows)`` array stays small.
    """
    pacts, _ = atop_pacts(data.members, states, data.dyad_years)
    cw = compile_world(_world(states, pacts))
    cfg = config or ScoringConfig()
    days = day_numbers([date(y, 12, 31) for y in years])
    n = cw.n_states
    stack = np.zeros((days.size, n, n))
    for lo in range(0, days.size, 16):
        # the engine's own kernel: the same rows, combination and finish as every score
        stack[lo : lo + 16] = signal_stack(cw, days[lo : lo + 16], cfg, [PACT])[0][0]
    position = {y: t for t, y in enumerate(years)}

    def at(year: int, ccodes: IntArray) -> FloatArray:
        idx = np.searchsorted(states.ccode, ccodes)
        return np.asarray(stack[position[year]][np.ix_(idx, idx)])

    return at
