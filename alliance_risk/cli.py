"""The ``alliance-risk`` command line: each subcommand calls one public function.

Exit codes: 0 success; 1 an input file is not valid (an invalid World file); 2 a usage
error (an unknown scenario, a missing file, a bad option value, an unreadable config,
model or what-if file); 3 an internal error (a bug: please report it). Every error is
one message, one line per problem; ``--debug`` shows the Python traceback instead.
Option values are checked when the command line is read, before anything is computed
or printed: ``--plot`` into a missing folder fails before the table is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import numpy as np
from pydantic import ValidationError

from ._errors import (
    AllianceRiskError,
    InvalidParameterError,
    InvalidWorldError,
    UnknownScenarioError,
)
from ._validation import parse_date
from .analysis import momentum, rank_stability, simulate, weight_sensitivity, what_if
from .config import read_config
from .models import Record
from .results import MIN_CHANGE, Evidence, TriadScore
from .scenarios import list_scenarios, load_scenario
from .scoring import month_starts, score_dyads, score_triad, timeline, top_triads
from .states import resolve_members
from .world import RECORD_KINDS, World, read_world, summarize, world_schema

__all__ = ["main"]


class _UsageError(Exception):
    """An input the user named cannot be used; exit code 2."""


class _InvalidInputError(Exception):
    """A file the user named is not valid input (an invalid World); exit code 1."""


class _InternalError(Exception):
    """The library produced something it promises never to (a NaN score); exit code 3."""


# --- option values: checked as the command line is read ------------------------------------

_INT = re.compile(r"[+-]?[0-9]+")
_REAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _int_option(low: int, what: str) -> Callable[[str], int]:
    """Return an argparse type: an int (ASCII digits) of at least ``low``."""

    def parse(text: str) -> int:
        if not _INT.fullmatch(text):
            raise argparse.ArgumentTypeError(f"expected {what}; got {text!r}")
        value = int(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"expected {what}; got {value}")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse


_count = _int_option(0, "an int >= 0")
_positive = _int_option(1, "an int >= 1")
_seed = _int_option(0, "a seed: an int >= 0")


def _float_option(low: float | None) -> Callable[[str], float]:
    """Return an argparse type: a finite decimal number (no nan, no inf), >= ``low``."""
    what = "a finite number" + ("" if low is None else f" >= {low:g}")

    def parse(text: str) -> float:
        value = float(text) if _REAL.fullmatch(text) else math.nan
        if not math.isfinite(value) or (low is not None and value < low):
            raise argparse.ArgumentTypeError(f"expected {what}; got {text!r}")
        return value

    parse.__name__ = what
    return parse


_finite = _float_option(None)
_non_negative = _float_option(0.0)


def _date(text: str) -> str:
    """Read a date written YYYY-MM-DD, or a year YYYY (its 31 December): an argparse type.

    No week dates, no ``20250101``; a year means the state of things at its end, as the
    library reads years everywhere.
    """
    if re.fullmatch(r"[0-9]{4}", text) and int(text) >= 1:
        return f"{text}-12-31"
    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (or a year, YYYY)") from None


#: Image formats ``--plot`` writes (by file name ending): those matplotlib writes on
#: its own, with no LaTeX or image plugin.
PLOT_FORMATS = ("png", "pdf", "svg", "svgz", "eps", "ps", "jpg", "jpeg", "tif", "tiff", "webp")


def _plot_file(text: str) -> str:
    """Check a file an image can be written to, before any work: an argparse type."""
    path = Path(text)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        got = f"'.{suffix}'" if suffix else "no extension"
        raise argparse.ArgumentTypeError(
            f"{text!r} has {got}; expected a file name ending in "
            f"{', '.join('.' + f for f in PLOT_FORMATS)}"
        )
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; expected an image file name")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text!r}: no folder {str(folder)!r} to write it into; expected an existing folder"
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"{text!r} cannot be written (permission denied)")
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        raise argparse.ArgumentTypeError(
            "plots need matplotlib: pip install 'alliance_risk[plot]'"
        ) from None
    if suffix not in FigureCanvasBase.get_supported_filetypes():  # pragma: no cover
        raise argparse.ArgumentTypeError(f"this matplotlib cannot write '.{suffix}' files")
    return text


def _panel_file(text: str) -> str:
    """Check a file a panel can be written to (.csv, or .parquet with pyarrow): an argparse type."""
    path = Path(text)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        got = f"'{suffix}'" if suffix else "no extension"
        raise argparse.ArgumentTypeError(
            f"{text!r} has {got}; expected a name ending in .csv or .parquet"
        )
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; expected a file name")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text!r}: no folder {str(path.parent)!r} to write it into; expected an "
            "existing folder"
        )
    if suffix == ".parquet":
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:
            raise argparse.ArgumentTypeError(
                "Parquet needs pyarrow: pip install 'alliance_risk[parquet]' (or write .csv)"
            )
    return text


def _plot(write: Callable[[], object], path: str, out: TextIO) -> None:
    """Write a chart to ``path`` (checked already); a failure to write is one message."""
    try:
        write()
    except OSError as exc:  # the disk filled, the folder went away meanwhile
        raise _UsageError(f"could not write {path!r}: {exc.strerror or exc}") from exc
    out.write(f"wrote {path}\n")


def _world(name_or_path: str) -> World:
    try:
        return load_scenario(name_or_path)
    except UnknownScenarioError as exc:
        raise _UsageError(str(exc)) from exc
    except InvalidWorldError as exc:
        raise _InvalidInputError(str(exc)) from exc
    except IsADirectoryError as exc:
        raise _UsageError(f"{name_or_path!r} is a folder; expected a World file") from exc
    except OSError as exc:
        raise _UsageError(f"{name_or_path!r} could not be read: {exc.strerror}") from exc


_DECIMAL = re.compile(r"[-+]?\d+\.\d+")


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Write rows as columns, decimal numbers right-aligned (negatives line up)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    numeric = [
        len(rows) > 1 and all(_DECIMAL.fullmatch(r[i]) for r in rows[1:])
        for i in range(len(rows[0]))
    ]
    for r in rows:
        cells = (
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(r, widths, numeric, strict=True)
        )
        out.write("  ".join(cells).rstrip() + "\n")


def _cmd_scenarios(args: argparse.Namespace, out: TextIO) -> int:
    infos = list_scenarios()
    if args.json:
        return _json(
            [{"name": s.name, "title": s.title, "coverage": s.coverage} for s in infos], out
        )
    _table([("name", "title", "coverage"), *((s.name, s.title, s.coverage) for s in infos)], out)
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    world = _world(args.scenario)
    summary = summarize(world)
    if args.json:
        return _json(summary.to_dict(), out)
    out.write(f"{args.scenario}\n")
    out.write(f"states ({len(world.states)}): {', '.join(world.codes)}\n")
    held = [f"{summary.counts[k]} {k}" for k in RECORD_KINDS if world.covered(k) is not None]
    out.write(f"records: {', '.join(held) or 'none'}\n")
    missing = [k for k in RECORD_KINDS if world.covered(k) is None]
    if missing:  # a kind with no record and no coverage says nothing: its signals are left out
        out.write(f"no data (left out of scores): {', '.join(missing)}\n")
    for kind, c in world.coverage.items():
        out.write(f"{kind} complete only from {c.first} to {c.last}\n")
    span = "no dated records" if summary.first is None else f"{summary.first} to {summary.last}"
    out.write(f"dates: {span}\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        world = read_world(args.path)
    except FileNotFoundError as exc:
        raise _UsageError(f"no file at {args.path!r}") from exc
    except IsADirectoryError as exc:
        raise _UsageError(f"{args.path!r} is a folder; expected a World file") from exc
    except OSError as exc:
        raise _UsageError(f"{args.path!r} could not be read: {exc.strerror or exc}") from exc
    except InvalidWorldError as exc:
        if args.json:
            problems = [
                {"location": p.location, "record": p.record, "message": p.message}
                for p in exc.problems
            ]
            _json({"valid": False, "problems": problems}, out)
        else:
            out.write(f"{exc}\n")
        return 1
    n = sum(1 for _ in world.records())
    if args.json:
        _json({"valid": True, "states": len(world.states), "records": n}, out)
    else:
        out.write(f"{args.path}: valid ({len(world.states)} states, {n} records)\n")
    return 0


def _config(args: argparse.Namespace) -> Any:
    """Return the ``--config`` file, or the ``--model`` (a calibrated RiskModel), or None."""
    model = getattr(args, "model", None)
    if model is not None:
        if args.config is not None:
            raise _UsageError("give --config or --model, not both (a model has its own config)")
        from .calibrate import read_model

        try:
            return read_model(model)
        except InvalidParameterError as exc:
            raise _UsageError(str(exc)) from exc
    if args.config is None:
        return None
    try:
        return read_config(args.config)
    except FileNotFoundError as exc:
        raise _UsageError(f"no config file at {args.config!r}") from exc
    except IsADirectoryError as exc:
        raise _UsageError(f"config {args.config!r} is a folder; expected a file") from exc
    except ValidationError as exc:  # one line per problem, without pydantic's boilerplate
        lines = []
        for err in exc.errors():
            where = ".".join(map(str, err["loc"]))
            msg = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"config {args.config!r}: {where + ': ' if where else ''}{msg}")
        raise _UsageError("\n".join(lines)) from exc
    except InvalidParameterError as exc:
        msg = str(exc)
        raise _UsageError(msg if args.config in msg else f"config {args.config!r}: {msg}") from exc
    except (ValueError, OSError) as exc:  # TOML or JSON syntax, not UTF-8, unreadable
        raise _UsageError(f"config {args.config!r} could not be read: {exc}") from exc


def _non_finite(data: object, where: str = "") -> Iterator[str]:
    """Yield where ``data`` holds a NaN or an infinity (``evidence[2].share``)."""
    if isinstance(data, float) and not math.isfinite(data):
        yield f"{where or '(top level)'} is {data!r}"
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _non_finite(v, f"{where}.{k}" if where else str(k))
    elif isinstance(data, list | tuple):
        for i, v in enumerate(data):
            yield from _non_finite(v, f"{where}[{i}]")


def _json(data: object, out: TextIO) -> int:
    """Write ``data`` as JSON: always valid JSON, so never NaN or Infinity.

    The text is built before anything is written: a value JSON cannot hold is one
    message (exit 3, a bug: scores are finite by construction), never half a document.
    """
    try:
        text = json.dumps(data, indent=2, allow_nan=False)
    except ValueError as exc:
        where = next(_non_finite(data), "a value")
        raise _InternalError(
            f"the result cannot be written as JSON: {where} (JSON has no NaN or "
            f"infinity); this is a bug, please report it"
        ) from exc
    out.write(text + "\n")
    return 0


def _fmt(x: float) -> str:
    """Format a score, share or contribution (in [-1, 1]) to 3 decimals, never ``-0.000``."""
    text = f"{x:.3f}"
    return "0.000" if text == "-0.000" else text


def _signed(x: float) -> str:
    """Format a change with its sign, never ``-0.000``."""
    text = f"{x:+.3f}"
    return "+0.000" if text == "-0.000" else text


def _by_signal(parts: dict[str, float], signed: bool = False) -> str:
    """Nonzero per-signal parts, largest in size first (enmity's are negative)."""
    show = _signed if signed else _fmt
    ranked = sorted(parts.items(), key=lambda kv: -abs(kv[1]))
    return ", ".join(f"{k} {show(v)}" for k, v in ranked if abs(v) >= 0.0005)


def _left_out(names: Sequence[str], out: TextIO, *, dates: bool = False) -> None:
    """Say which weighted signals were left out because the World has no data for them."""
    if names:
        where = " at one or more of these dates" if dates else ""
        out.write(f"left out (no data in this World{where}): {', '.join(names)}\n")


def _shown(contributions: dict[str, Any], left_out: Sequence[str]) -> list[str]:
    """Return the signals to give a column: all but those left out, zero throughout."""
    return [k for k, v in contributions.items() if k not in left_out or np.any(v)]


def _evidence_rows(evidence: Sequence[Evidence], limit: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("share", "signal", "states", "record")]
    rows += [(_fmt(e.share), e.signal, "-".join(e.states), e.record) for e in evidence[:limit]]
    return rows


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    scores = score_dyads(_world(args.scenario), args.as_of, _config(args))
    if args.json:
        return _json(scores.to_dict(), out)
    n = len(scores.states)
    pairs = sorted(
        ((scores.matrix[i, j], i, j) for i in range(n) for j in range(i + 1, n)),
        key=lambda t: (-t[0], t[1], t[2]),
    )[: args.limit]
    names = _shown(dict(scores.contributions), scores.left_out)
    probs = scores.probabilities
    rows = [("pair", "score", *(("P(same side)",) if probs is not None else ()), *names)]
    for value, i, j in pairs:
        parts = [_fmt(scores.contributions[k][i, j]) for k in names]
        p = (f"{probs[i, j]:.2f}",) if probs is not None else ()
        rows.append((f"{scores.states[i]}-{scores.states[j]}", _fmt(value), *p, *parts))
    out.write(f"pair scores on {scores.as_of} (top {len(pairs)} of {n * (n - 1) // 2})\n")
    _table(rows, out)
    _left_out(scores.left_out, out)
    if args.plot:
        from .plots import plot_heatmap

        _plot(lambda: plot_heatmap(scores, path=args.plot), args.plot, out)
    return 0


def _write_triad(t: TriadScore, out: TextIO, limit: int, band: str = "") -> None:
    weights = " (under the model's weights)" if t.probability is not None else ""
    out.write(f"{'-'.join(t.members)} on {t.as_of}: {_fmt(t.score)}{weights}\n")
    if t.probability is not None:
        out.write(
            f"  P(all three on one side, were they in one dispute): {t.probability:.2f}{band}\n"
        )
    # Every part printed is a share of the score (they add up to it); the pair scores are
    # inputs to the power mean, not parts, and are labelled so.
    lam = t.config.triad_shared_weight
    shared = lam * t.shared
    out.write(
        f"  parts: pairs {_fmt(t.score - shared)} + shared events {_fmt(shared)} "
        f"(triad_shared_weight {lam:g} x shared value {_fmt(t.shared)})\n"
    )
    dyads = ", ".join(f"{'-'.join(k)} {_fmt(v)}" for k, v in t.dyads.items())
    out.write(f"  pair scores (combined by the triad aggregation): {dyads}\n")
    out.write(f"  by signal: {_by_signal(dict(t.contributions))}\n")
    if limit:
        _table([("", *r) for r in _evidence_rows(t.evidence, limit)], out)
    _left_out(t.left_out, out)


def _model_band(model: Any, world: World, members: Sequence[str], as_of: str) -> str:
    """Return the model's 90% interval for a trio from its bootstrap refits, or ""."""
    if not getattr(model, "draws", ()):
        return ""
    row = {"a": [members[0]], "b": [members[1]], "c": [members[2]], "as_of": [as_of]}
    low, high = model.interval(world, row, level=0.9)
    return f" [{low[0]:.2f}-{high[0]:.2f}, 90% over the model's refits]"


def _cmd_triad(args: argparse.Namespace, out: TextIO) -> int:
    world, cfg = _world(args.scenario), _config(args)
    t = score_triad(world, args.members, args.as_of, cfg)
    band = _model_band(cfg, world, t.members, args.as_of) if t.probability is not None else ""
    if args.json:
        data = t.to_dict()
        if band:
            low, high = cfg.interval(
                world,
                {
                    "a": [t.members[0]],
                    "b": [t.members[1]],
                    "c": [t.members[2]],
                    "as_of": [args.as_of],
                },
            )
            data["probability_interval"] = [float(low[0]), float(high[0])]
        return _json(data, out)
    _write_triad(t, out, args.evidence, band)
    if getattr(args, "plot", None):
        from .plots import plot_contributions

        _plot(lambda: plot_contributions(t, path=args.plot), args.plot, out)
    return 0


def _cmd_top(args: argparse.Namespace, out: TextIO) -> int:
    best = top_triads(_world(args.scenario), args.as_of, k=args.k, config=_config(args))
    if args.json:
        return _json([t.to_dict() for t in best], out)
    out.write(f"top {len(best)} triads on {args.as_of}\n")
    has_p = bool(best) and best[0].probability is not None
    rows = [
        (
            "rank",
            "triad",
            "score",
            *(("P(one side)",) if has_p else ()),
            "strongest signals",
            "leading record",
        )
    ]
    for rank, t in enumerate(best, 1):
        parts = sorted(t.contributions.items(), key=lambda kv: -abs(kv[1]))[:2]
        lead = t.evidence[0].record if t.evidence else ""
        p = (f"{t.probability:.2f}",) if t.probability is not None else ()
        rows.append(
            (str(rank), "-".join(t.members), _fmt(t.score), *p, _by_signal(dict(parts)), lead)
        )
    _table(rows, out)
    if best:
        _left_out(best[0].left_out, out)
    if args.plot:
        from .plots import plot_ranking

        _plot(lambda: plot_ranking(best, path=args.plot), args.plot, out)
    return 0


def _steps(start: str, end: str, every: str) -> list[str]:
    months = month_starts(start, end)
    keep = {"month": 1, "quarter": 3, "year": 12}[every]
    return [d.isoformat() for d in months if (d.month - 1) % keep == 0]


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    dates = _dates(args)
    world, cfg = _world(args.scenario), _config(args)
    t = timeline(world, args.members, dates, cfg)
    sim = None
    if args.draws:
        sim = simulate(world, [t.members], list(t.dates), cfg, n_draws=args.draws, rng=args.seed)
    if args.json:
        data = t.to_dict()
        if sim is not None:
            data["uncertainty"] = sim.to_dict()
        return _json(data, out)
    out.write(f"{'-'.join(t.members)}: alignment from {t.dates[0]} to {t.dates[-1]}\n")
    band = sim.interval(t.members) if sim is not None else None
    head = ("p05", "p95") if band is not None else ()
    names = _shown(dict(t.contributions), t.left_out)
    probs = t.probabilities
    p_head = (
        ("P(same side)" if len(t.members) == 2 else "P(one side)",) if probs is not None else ()
    )
    rows = [("date", "score", *head, *p_head, *names)]
    for k, d in enumerate(t.dates):
        low_high = (_fmt(band[0][k]), _fmt(band[1][k])) if band is not None else ()
        p = (f"{probs[k]:.2f}",) if probs is not None else ()
        rows.append(
            (
                d.isoformat(),
                _fmt(t.scores[k]),
                *low_high,
                *p,
                *(_fmt(t.contributions[n][k]) for n in names),
            )
        )
    _table(rows, out)
    if sim is not None:
        out.write(f"(p05-p95: {args.draws} draws; varied: {sim.varied})\n")
    _left_out(t.left_out, out, dates=True)
    moves = t.changes(min_change=args.min_change)
    if moves:
        out.write(f"\nwhat moved it (changes of at least {args.min_change}):\n")
    for c in moves:
        why = _by_signal(dict(c.contributions), signed=True)
        out.write(
            f"  {c.start} -> {c.end}: {_fmt(c.before)} -> {_fmt(c.after)} "
            f"({_signed(c.delta)}; {why})\n"
        )
        for m in c.milestones:
            out.write(f"      {m.day} {m.what}: {m.record}\n")
    if args.plot:
        from .plots import plot_timeline

        _plot(lambda: plot_timeline(t, band=sim, path=args.plot), args.plot, out)
    return 0


def _cmd_panel(args: argparse.Namespace, out: TextIO) -> int:
    from .panels import score_panel

    if args.trio and args.kind != "trios":
        raise _UsageError("--trio goes with --kind trios")
    system: Any = None
    if args.cow is not None:
        from .datasets import read_cow_states

        system = read_cow_states(args.cow)
    elif args.all_states:
        system = "all"
    panel = score_panel(
        _world(args.scenario),
        _dates(args),
        args.kind,
        _config(args),
        trios=[tuple(t) for t in args.trio] if args.trio else None,
        system=system,
        carry_forward_to=args.carry_forward_to,
        contributions=args.contributions,
        min_score=args.min_score,
        k=args.k,
    )
    try:
        panel.write(args.output)
    except OSError as exc:  # the disk filled, the folder went away meanwhile
        raise _UsageError(f"could not write {args.output!r}: {exc.strerror or exc}") from exc
    summary = {
        "path": args.output,
        "kind": panel.kind,
        "rows": len(panel),
        "dates": panel.dates.size,
        "system": panel.system,
        "left_out": list(panel.left_out),
    }
    if args.json:
        return _json(summary, out)
    out.write(
        f"wrote {args.output}: {len(panel)} {panel.kind} rows over {panel.dates.size} dates "
        f"({panel.system})\n"
    )
    _left_out(panel.left_out, out, dates=True)
    return 0


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    groups = [tuple(g) for g in args.group]
    for g in groups:
        first = next(h for h in groups if set(h) == set(g))
        if first is not g:
            raise _UsageError(
                f"--group {' '.join(g)} repeats --group {' '.join(first)}; expected distinct groups"
            )
    dates = _dates(args)
    world, cfg = _world(args.scenario), _config(args)
    lines = [timeline(world, g, dates, cfg) for g in groups]
    sim = (
        simulate(world, groups, dates, cfg, n_draws=args.draws, rng=args.seed)
        if args.draws
        else None
    )
    left_out = tuple(dict.fromkeys(s for t in lines for s in t.left_out))
    if args.json:
        data: dict[str, object] = {
            "timelines": [t.to_dict() for t in lines],
            "left_out": list(left_out),
        }
        if sim is not None:
            data["uncertainty"] = sim.to_dict()
        return _json(data, out)
    rows = [("date", *("-".join(g) for g in groups))]
    bands = [sim.interval(g) for g in groups] if sim is not None else None
    for k, d in enumerate(lines[0].dates):
        cells = [_fmt(t.scores[k]) for t in lines]
        if bands is not None:  # the 5-95% band of each group beside its score
            cells = [
                f"{c} [{_fmt(b[0][k])}, {_fmt(b[1][k])}]" for c, b in zip(cells, bands, strict=True)
            ]
        rows.append((d.isoformat(), *cells))
    _table(rows, out)
    if sim is not None:
        out.write(f"([p05, p95]: {args.draws} draws; varied: {sim.varied})\n")
    _left_out(left_out, out, dates=True)
    if sim is not None and len(groups) >= 2:
        p = sim.prob_outranks(groups[0], groups[1])[-1]
        out.write(
            f"P({'-'.join(groups[0])} > {'-'.join(groups[1])}) on {lines[0].dates[-1]}: "
            f"{p:.2f} ({args.draws} draws)\n"
        )
    if args.plot:
        from .plots import plot_comparison

        _plot(lambda: plot_comparison(lines, band=sim, path=args.plot), args.plot, out)
    return 0


def _cmd_what_if(args: argparse.Namespace, out: TextIO) -> int:
    world = _world(args.scenario)
    add, remove = _read_changes(args.changes)
    result = what_if(
        world,
        add=add,
        remove=remove,
        as_of=args.as_of,
        members=args.members or None,
        config=_config(args),
    )
    if args.json:
        return _json(result.to_dict(), out)
    out.write(
        f"what-if on {result.as_of}: added {', '.join(result.added) or 'nothing'}; "
        f"removed {', '.join(result.removed) or 'nothing'}\n"
    )
    rows = [("members", "before", "after", "change", "by signal")]
    for c in result.changes[: args.limit]:
        why = _by_signal(dict(c.contributions), signed=True)
        rows.append(("-".join(c.members), _fmt(c.before), _fmt(c.after), _signed(c.delta), why))
    _table(rows, out)
    if result.left_out_before == result.left_out_after:
        _left_out(result.left_out_after, out)
    else:
        for when, names in (("before", result.left_out_before), ("after", result.left_out_after)):
            if names:
                out.write(
                    f"left out {when} the change (no data in this World): {', '.join(names)}\n"
                )
    return 0


_CHANGES_SHAPE = '{"add": {"summits": [{...}, ...], ...}, "remove": ["record id", ...]}'


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object with each key once: a second ``"add"`` would erase the first."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} is given twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is too large for a float")
    return value


def _read_changes(path: str) -> tuple[list[Record], list[str]]:
    """Read a what-if file: records to add by kind, ids to remove; usage errors (exit 2)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise _UsageError(f"no what-if file at {path!r}") from exc
    except IsADirectoryError as exc:
        raise _UsageError(f"what-if file {path!r} is a folder; expected a JSON file") from exc
    except OSError as exc:
        raise _UsageError(f"what-if file {path!r} could not be read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _UsageError(
            f"{path}: byte {exc.start} is not UTF-8 text; expected a JSON file in UTF-8"
        ) from exc
    try:
        data = json.loads(
            text,
            object_pairs_hook=_strict_object,
            parse_constant=_no_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise _UsageError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
            f"expected {_CHANGES_SHAPE}"
        ) from exc
    except ValueError as exc:  # a duplicate key, NaN, 1e999
        raise _UsageError(f"{path}: {exc}; expected {_CHANGES_SHAPE}") from exc
    except RecursionError as exc:
        raise _UsageError(f"{path}: nested too deeply; expected {_CHANGES_SHAPE}") from exc
    if not isinstance(data, dict):
        raise _UsageError(
            f"{path}: the top level is a JSON {_json_type(data)}; expected {_CHANGES_SHAPE}"
        )
    unknown = sorted(set(data) - {"add", "remove"})
    if unknown:
        raise _UsageError(
            f"{path}: unknown key {unknown[0]!r}; expected only 'add' and 'remove' in "
            f"{_CHANGES_SHAPE}"
        )
    adds = data.get("add", {})
    if not isinstance(adds, dict):
        raise _UsageError(
            f"{path}: add is a JSON {_json_type(adds)}; expected an object of record kinds "
            f"({', '.join(RECORD_KINDS)}) to lists of records"
        )
    add: list[Record] = []
    for kind, items in adds.items():
        if kind not in RECORD_KINDS:
            raise _UsageError(
                f"{path}: add.{kind} is not a kind of record ({', '.join(RECORD_KINDS)})"
            )
        if not isinstance(items, list):
            raise _UsageError(
                f"{path}: add.{kind} is a JSON {_json_type(items)}; expected a list of records"
            )
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise _UsageError(
                    f"{path}: add.{kind}[{i}] is a JSON {_json_type(item)}; expected a record "
                    f"(an object)"
                )
            try:
                add.append(RECORD_KINDS[kind].model_validate(item))
            except ValidationError as exc:
                lines = []
                for err in exc.errors():
                    where = ".".join(map(str, err["loc"]))
                    field = f" {where}" if where else ""
                    got = (
                        ""
                        if "input" not in err or isinstance(err["input"], dict)
                        else (f" (got {err['input']!r})")
                    )
                    msg = str(err["msg"]).removeprefix("Value error, ")
                    lines.append(f"{path}: add.{kind}[{i}]{field}: {msg}{got}")
                raise _UsageError("\n".join(lines)) from exc
    remove = data.get("remove", [])
    if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
        raise _UsageError(
            f"{path}: remove is {json.dumps(remove)[:60]}; expected a list of record ids "
            f'(strings: ["P2-RUS-PRK-CSP"])'
        )
    return add, remove


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _cmd_momentum(args: argparse.Namespace, out: TextIO) -> int:
    m = momentum(
        _world(args.scenario),
        args.members,
        args.as_of,
        _config(args),
        window_days=args.window,
        threshold=args.threshold,
    )
    if args.json:
        return _json(m.to_dict(), out)
    flag = "CONSOLIDATING" if m.consolidating else "not consolidating"
    out.write(
        f"{'-'.join(m.members)}: {_fmt(m.before)} on {m.start} -> {_fmt(m.after)} on "
        f"{m.end} ({_signed(m.change)}; {flag} at threshold {m.threshold:g})\n"
    )
    why = _by_signal(dict(m.contributions), signed=True)
    if why:
        out.write(f"  by signal: {why}\n")
    for rec in m.milestones:
        out.write(f"  {rec.day} {rec.what}: {rec.record}\n")
    _left_out(m.left_out, out, dates=True)
    return 0


def _cmd_sensitivity(args: argparse.Namespace, out: TextIO) -> int:
    s = weight_sensitivity(
        _world(args.scenario),
        args.members,
        args.as_of,
        _config(args),
        spread=args.spread,
        n=args.n,
        rng=args.seed,
    )
    if args.json:
        return _json(s.to_dict(), out)
    out.write(f"{'-'.join(s.members)} on {s.as_of}: Sobol indices of the score w.r.t. weights\n")
    rows = [("signal", "first order", "total order")]
    rows += [
        (n, _fmt(f), _fmt(t))
        for n, f, t in zip(s.signals, s.first_order, s.total_order, strict=True)
    ]
    _table(rows, out)
    out.write(f"(varied: {s.varied})\n")
    _left_out(s.left_out, out)
    return 0


def _cmd_rank(args: argparse.Namespace, out: TextIO) -> int:
    r = rank_stability(
        _world(args.scenario),
        args.as_of,
        k=args.k,
        config=_config(args),
        n_draws=args.draws,
        rng=args.seed,
    )
    if args.json:
        return _json(r.to_dict(), out)
    out.write(f"top {r.k} triads on {args.as_of} under uncertainty ({r.varied})\n")
    rows = [("rank", "triad", "rank 5-95%", f"P(top {r.k})")]
    for row in r.to_dict()["trios"]:
        span = f"{row['rank_p05']:.0f}-{row['rank_p95']:.0f}"
        rows.append((str(row["rank"]), "-".join(row["members"]), span, f"{row['p_top_k']:.2f}"))
    _table(rows, out)
    _left_out(r.left_out, out)
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    world = _world(args.scenario)
    if len(args.members) == 3:
        return _cmd_triad(args, out)
    if len(args.members) != 2:
        raise _UsageError(f"explain takes 2 or 3 states; got {len(args.members)}")
    scores = score_dyads(world, args.as_of, _config(args))
    a, b = resolve_members(world, args.members, "explain", (2,), (scores.as_of,))
    value = scores.score(a, b)
    evidence = scores.explain(a, b)
    if args.json:
        return _json(
            {
                "members": [a, b],
                "as_of": scores.as_of.isoformat(),
                "score": value,
                "evidence": [e.to_dict() for e in evidence],
                "left_out": list(scores.left_out),
                **(
                    {"probability": scores.probability(a, b)}
                    if scores.probabilities is not None
                    else {}
                ),
            },
            out,
        )
    out.write(f"{a}-{b} on {scores.as_of}: {_fmt(value)}\n")
    if scores.probabilities is not None:
        out.write(f"  P(same side, were they in one dispute): {scores.probability(a, b):.2f}\n")
    parts = {
        k: float(v[scores.states.index(a), scores.states.index(b)])
        for k, v in scores.contributions.items()
    }
    out.write(f"  by signal: {_by_signal(parts)}\n")
    _table(_evidence_rows(evidence, args.evidence), out)
    _left_out(scores.left_out, out)
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    return _json(world_schema(), out)


_Command = Callable[[argparse.Namespace, TextIO], int]

_FIRST, _LAST, _EVERY = "2014-01-01", "2025-12-31", "quarter"


def _spacing(p: argparse.ArgumentParser) -> None:
    """``--from``, ``--to``, ``--every`` or ``--dates`` (not both: one would be ignored)."""
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="YYYY-MM-DD",
        help=f"first date (default {_FIRST})",
    )
    p.add_argument(
        "--to", dest="end", type=_date, metavar="YYYY-MM-DD", help=f"last date (default {_LAST})"
    )
    p.add_argument(
        "--every",
        choices=["month", "quarter", "year"],
        help=f"spacing of dates (default {_EVERY})",
    )
    p.add_argument(
        "--dates",
        nargs="+",
        type=_date,
        metavar="DATE",
        help="explicit dates instead (not with --from, --to or --every)",
    )


def _dates(args: argparse.Namespace) -> list[str]:
    """Return the dates of ``timeline``, ``compare``: ``--dates`` or ``--from --to --every``."""
    spaced = [
        f"--{n}"
        for n, v in (("from", args.start), ("to", args.end), ("every", args.every))
        if v is not None
    ]
    if args.dates:
        if spaced:
            raise _UsageError(
                f"give --dates or {'/'.join(spaced)}, not both (one of them would be ignored)"
            )
        return list(args.dates)
    start, end = args.start or _FIRST, args.end or _LAST
    dates = _steps(start, end, args.every or _EVERY)
    if not dates:
        if start > end:
            raise _UsageError(f"--from {start} is after --to {end}; expected it on or before")
        raise _UsageError(
            f"no {args.every or _EVERY} begins between --from {start} and --to {end} (dates "
            f"are first days of a {args.every or _EVERY}); expected a longer span, or --dates"
        )
    return dates


def _version() -> str:
    """Return the installed version (package metadata, as ``alliance_risk.__version__``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("alliance_risk")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown (not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-risk",
        description="Alignment scores for every pair and trio of states, with the reasons.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show Python tracebacks instead of one-line errors"
    )
    parser.add_argument("--version", action="version", version=f"alliance-risk {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: _Command, help: str, calls: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=f"{help} (Python: {calls})")
        p.set_defaults(func=func)
        return p

    p = add(
        "scenarios", _cmd_scenarios, "list the built-in scenarios", "alliance_risk.list_scenarios()"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = add(
        "show",
        _cmd_show,
        "summarise a scenario: states, record counts, date span",
        "alliance_risk.summarize(alliance_risk.load_scenario(NAME_OR_PATH))",
    )
    p.add_argument("scenario", metavar="NAME|PATH", help="built-in scenario name or file path")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = add(
        "validate",
        _cmd_validate,
        "check a scenario file and list every problem (exit 1 if any)",
        "alliance_risk.read_world(PATH)",
    )
    p.add_argument("path", metavar="PATH", help="scenario file (JSON)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = add(
        "schema",
        _cmd_schema,
        "print the JSON Schema of the scenario file format",
        "alliance_risk.world_schema()",
    )

    def scorer(
        name: str, func: _Command, help: str, calls: str, members: str = "", dated: bool = True
    ) -> argparse.ArgumentParser:
        """Add a scoring subcommand: scenario, members, --as-of, --config, --json."""
        p = add(name, func, help, calls)
        p.add_argument("scenario", metavar="NAME|PATH", help="built-in scenario name or file path")
        if members:
            nargs: int | str = 3 if members == "3" else "+"
            p.add_argument("members", metavar="STATE", nargs=nargs, help=f"{members} state codes")
        if dated:
            p.add_argument(
                "--as-of",
                required=True,
                type=_date,
                metavar="YYYY-MM-DD",
                help="scoring date (required); a year YYYY means its 31 December",
            )
        p.add_argument("--config", metavar="FILE", help="scoring config (TOML or JSON)")
        p.add_argument(
            "--model",
            metavar="FILE|history",
            help="a calibrated risk model (a saved JSON file, or 'history' for the shipped "
            "one): score with it and print probabilities of acting together",
        )
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        return p

    p = scorer(
        "score",
        _cmd_score,
        "score every pair of states on a date",
        "alliance_risk.score_dyads(world, as_of, config)",
    )
    p.add_argument("--limit", type=_count, default=20, help="pairs to show (default 20)")
    p.add_argument(
        "--plot", metavar="FILE.png", type=_plot_file, help="also write a heat map of pair scores"
    )
    p = scorer(
        "triad",
        _cmd_triad,
        "score a trio of states on a date, with its evidence",
        "alliance_risk.score_triad(world, members, as_of, config)",
        members="3",
    )
    p.add_argument("--evidence", type=_count, default=8, help="records to list (default 8)")
    p.add_argument(
        "--plot",
        metavar="FILE.png",
        type=_plot_file,
        help="also write a chart of its contributions",
    )
    p = scorer(
        "top",
        _cmd_top,
        "the highest-scoring trios on a date",
        "alliance_risk.top_triads(world, as_of, k, config)",
    )
    p.add_argument("-k", type=_positive, default=10, help="how many trios (default 10)")
    p.add_argument(
        "--plot",
        metavar="FILE.png",
        type=_plot_file,
        help="also write a chart of the ranking, each bar split by signal",
    )
    p = scorer(
        "explain",
        _cmd_explain,
        "the records behind a pair or trio score on a date",
        "alliance_risk.score_dyads(...).explain(a, b) or alliance_risk.score_triad(...)",
        members="2 or 3",
    )
    p.add_argument("--evidence", type=_count, default=15, help="records to list (default 15)")
    p = scorer(
        "timeline",
        _cmd_timeline,
        "score a pair or trio over time, with what moved it",
        "alliance_risk.timeline(world, members, dates, config)",
        members="2 or 3",
        dated=False,
    )
    _spacing(p)
    p.add_argument(
        "--min-change",
        type=_non_negative,
        default=MIN_CHANGE,
        help=f"smallest move to explain (default {MIN_CHANGE})",
    )
    p.add_argument(
        "--draws",
        type=_count,
        default=0,
        help="Monte Carlo draws for a 5-95%% band (default 0: none)",
    )
    p.add_argument("--seed", type=_seed, default=0, help="random seed for --draws (default 0)")
    p.add_argument(
        "--plot", metavar="FILE.png", type=_plot_file, help="also write the timeline chart"
    )

    p = scorer(
        "panel",
        _cmd_panel,
        "write the scores of every pair or trio over many dates to CSV or Parquet",
        "alliance_risk.score_panel(world, dates, kind, config, ...).write(path)",
        dated=False,
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=_panel_file,
        metavar="FILE.csv|FILE.parquet",
        help="where to write the panel (Parquet needs the 'parquet' extra)",
    )
    p.add_argument(
        "--kind", choices=["dyads", "trios"], default="dyads", help="pairs or trios (default dyads)"
    )
    _spacing(p)
    p.add_argument(
        "--trio",
        nargs=3,
        action="append",
        metavar="STATE",
        help="with --kind trios: score this trio only (repeat for more)",
    )
    p.add_argument("-k", type=_positive, help="keep the k highest-scoring rows of each date")
    p.add_argument("--min-score", type=_finite, help="keep rows scoring at least this")
    p.add_argument("--contributions", action="store_true", help="add one column per signal")
    p.add_argument(
        "--cow",
        metavar="DIR",
        help="list each date's COW system members (the folder of states2016.csv, system2016.csv)",
    )
    p.add_argument(
        "--carry-forward-to",
        type=_positive,
        metavar="YEAR",
        help="with --cow: dates up to this year use the last COW year's members",
    )
    p.add_argument(
        "--all-states",
        action="store_true",
        help="every state of the World on every date (needed for a World of the COW state list)",
    )

    p = scorer(
        "compare",
        _cmd_compare,
        "compare pairs or trios over time, with bands",
        "alliance_risk.timeline(...) for each, alliance_risk.analysis.simulate(...)",
        dated=False,
    )
    p.add_argument(
        "--group",
        nargs="+",
        action="append",
        required=True,
        metavar="STATE",
        help="a pair or trio (repeat: --group CHN RUS PRK --group USA JPN KOR)",
    )
    _spacing(p)
    p.add_argument("--draws", type=_count, default=0, help="Monte Carlo draws for bands")
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    p.add_argument(
        "--plot", metavar="FILE.png", type=_plot_file, help="also write the comparison chart"
    )

    p = scorer(
        "what-if",
        _cmd_what_if,
        "before and after scores when records change",
        "alliance_risk.analysis.what_if(world, add=..., remove=..., as_of=...)",
    )
    p.add_argument(
        "changes",
        metavar="CHANGES.json",
        help='{"add": {"exercises": [...], ...}, "remove": ["record id", ...]}',
    )
    p.add_argument("--members", nargs="+", metavar="STATE", help="the pair or trio to report")
    p.add_argument("--limit", type=_count, default=20, help="rows to show (default 20)")

    p = scorer(
        "momentum",
        _cmd_momentum,
        "change over a trailing window, flagged if fast",
        "alliance_risk.analysis.momentum(world, members, as_of, ...)",
        members="2 or 3",
    )
    p.add_argument("--window", type=_positive, default=365, help="window in days (default 365)")
    p.add_argument(
        "--threshold", type=_non_negative, default=0.05, help="flag rises >= this (default 0.05)"
    )

    p = scorer(
        "sensitivity",
        _cmd_sensitivity,
        "Sobol indices of a score w.r.t. the weights",
        "alliance_risk.analysis.weight_sensitivity(world, members, as_of, ...)",
        members="2 or 3",
    )
    p.add_argument(
        "--spread", type=_finite, default=0.5, help="weights vary by +/- this share, in (0, 1)"
    )
    p.add_argument(
        "-n", type=_positive, default=1024, help="base sample size, a power of 2 from 64"
    )
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")

    p = scorer(
        "rank",
        _cmd_rank,
        "how stable the top triads are under uncertainty",
        "alliance_risk.analysis.rank_stability(world, as_of, k, ...)",
    )
    p.add_argument("-k", type=_positive, default=5, help="top how many (default 5)")
    p.add_argument("--draws", type=_positive, default=1000, help="Monte Carlo draws (default 1000)")
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.
    out : file, optional
        Where output goes; standard output by default. Errors go to standard error.

    Examples
    --------
    >>> main(["show", "axis-of-upheaval"])  # doctest: +ELLIPSIS
    axis-of-upheaval
    states (23): CHN, RUS, PRK, IRN, USA, JPN, KOR, IND, ...
    records: 17 pacts, 17 deployments, 70 summits, 50 exercises, 36 lifelines, 5 conflicts
    no data (left out of scores): rivalries, contiguities, joint_igos
    dates: 1953-10-01 to 2025-12-09
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    stream = sys.stdout if out is None else out
    where = f"alliance-risk {args.command}"
    try:
        code: int = args.func(args, stream)
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        if args.debug:
            raise
        parser.exit(130, f"{where}: interrupted\n")
    except (_InvalidInputError, InvalidWorldError) as exc:
        if args.debug:
            cause = exc.__cause__ if isinstance(exc, _InvalidInputError) else None
            raise (cause or exc) from None  # the library's own error
        parser.exit(1, f"{where}: {exc}\n")
    except (_UsageError, AllianceRiskError) as exc:
        if args.debug:
            raise
        # a bad date, an unknown state, a bad option value: the user's input, not the data
        parser.exit(2, f"{where}: error: {exc}\n")
    except _InternalError as exc:
        if args.debug:
            raise
        parser.exit(3, f"{where}: internal error: {exc}\n")
    except MemoryError:
        if args.debug:
            raise
        parser.exit(3, f"{where}: out of memory; expected fewer draws, dates or states\n")
    except Exception as exc:  # a bug: one line, and the way to the traceback
        if args.debug:
            raise
        text = " ".join(str(exc).split()) or "no message"
        parser.exit(
            3,
            f"{where}: internal error: {type(exc).__name__}: {text} (a bug: please report "
            f"it with the output of `alliance-risk --debug {args.command} ...`)\n",
        )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
