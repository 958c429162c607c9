"""The ``alliance-risk`` command line: each subcommand calls one public function.

Exit codes: 0 success; 1 the input was read but is not valid (``validate``);
2 a usage error (unknown scenario, missing file, bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from pydantic import ValidationError

from ._errors import InvalidParameterError, InvalidWorldError, UnknownScenarioError
from .config import ScoringConfig, read_config
from .results import Evidence, TriadScore
from .scenarios import list_scenarios, load_scenario
from .scoring import month_starts, score_dyads, score_triad, timeline, top_triads
from .world import RECORD_KINDS, World, read_world, summarize, world_schema

__all__ = ["main"]


class _UsageError(Exception):
    """An input the user named cannot be used; exit code 2."""


def _world(name_or_path: str) -> World:
    try:
        return load_scenario(name_or_path)
    except UnknownScenarioError as exc:
        raise _UsageError(str(exc)) from exc


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")


def _cmd_scenarios(args: argparse.Namespace, out: TextIO) -> int:
    infos = list_scenarios()
    if args.json:
        json.dump(
            [{"name": s.name, "title": s.title, "coverage": s.coverage} for s in infos],
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    _table([("name", "title", "coverage"), *((s.name, s.title, s.coverage) for s in infos)], out)
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    world = _world(args.scenario)
    summary = summarize(world)
    if args.json:
        json.dump(summary.to_dict(), out, indent=2)
        out.write("\n")
        return 0
    out.write(f"{args.scenario}\n")
    out.write(f"states ({len(world.states)}): {', '.join(world.codes)}\n")
    out.write("records: " + ", ".join(f"{summary.counts[k]} {k}" for k in RECORD_KINDS) + "\n")
    span = "no dated records" if summary.first is None else f"{summary.first} to {summary.last}"
    out.write(f"dates: {span}\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        world = read_world(args.path)
    except FileNotFoundError as exc:
        raise _UsageError(f"no file at {args.path!r}") from exc
    except InvalidWorldError as exc:
        if args.json:
            problems = [
                {"location": p.location, "record": p.record, "message": p.message}
                for p in exc.problems
            ]
            json.dump({"valid": False, "problems": problems}, out, indent=2)
            out.write("\n")
        else:
            out.write(f"{exc}\n")
        return 1
    n = sum(1 for _ in world.records())
    if args.json:
        json.dump({"valid": True, "states": len(world.states), "records": n}, out, indent=2)
        out.write("\n")
    else:
        out.write(f"{args.path}: valid ({len(world.states)} states, {n} records)\n")
    return 0


def _config(args: argparse.Namespace) -> ScoringConfig | None:
    if args.config is None:
        return None
    try:
        return read_config(args.config)
    except FileNotFoundError as exc:
        raise _UsageError(f"no config file at {args.config!r}") from exc
    except (ValidationError, InvalidParameterError) as exc:
        raise _UsageError(f"config {args.config!r} is not valid:\n{exc}") from exc


def _json(data: object, out: TextIO) -> int:
    json.dump(data, out, indent=2)
    out.write("\n")
    return 0


def _fmt(x: float) -> str:
    return f"{x:.3f}"


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
    names = list(scores.contributions)
    rows = [("pair", "score", *names)]
    for value, i, j in pairs:
        parts = [_fmt(scores.contributions[k][i, j]) for k in names]
        rows.append((f"{scores.states[i]}-{scores.states[j]}", _fmt(value), *parts))
    out.write(f"pair scores on {scores.as_of} (top {len(pairs)} of {n * (n - 1) // 2})\n")
    _table(rows, out)
    return 0


def _write_triad(t: TriadScore, out: TextIO, limit: int) -> None:
    out.write(f"{'-'.join(t.members)} on {t.as_of}: {_fmt(t.score)}\n")
    dyads = ", ".join(f"{'-'.join(k)} {_fmt(v)}" for k, v in t.dyads.items())
    out.write(f"  pairs: {dyads}; shared events: {_fmt(t.shared)}\n")
    parts = sorted(t.contributions.items(), key=lambda kv: -kv[1])
    out.write("  by signal: " + ", ".join(f"{k} {_fmt(v)}" for k, v in parts if v) + "\n")
    if limit:
        _table([("", *r) for r in _evidence_rows(t.evidence, limit)], out)


def _cmd_triad(args: argparse.Namespace, out: TextIO) -> int:
    t = score_triad(_world(args.scenario), args.members, args.as_of, _config(args))
    if args.json:
        return _json(t.to_dict(), out)
    _write_triad(t, out, args.evidence)
    return 0


def _cmd_top(args: argparse.Namespace, out: TextIO) -> int:
    best = top_triads(_world(args.scenario), args.as_of, k=args.k, config=_config(args))
    if args.json:
        return _json([t.to_dict() for t in best], out)
    out.write(f"top {len(best)} triads on {args.as_of}\n")
    rows = [("rank", "triad", "score", "strongest signals", "leading record")]
    for rank, t in enumerate(best, 1):
        parts = sorted(t.contributions.items(), key=lambda kv: -kv[1])[:2]
        lead = t.evidence[0].record if t.evidence else ""
        rows.append(
            (str(rank), "-".join(t.members), _fmt(t.score),
             ", ".join(f"{k} {_fmt(v)}" for k, v in parts if v), lead)
        )  # fmt: skip
    _table(rows, out)
    return 0


def _steps(start: str, end: str, every: str) -> list[str]:
    months = month_starts(start, end)
    keep = {"month": 1, "quarter": 3, "year": 12}[every]
    return [d.isoformat() for d in months if (d.month - 1) % keep == 0]


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    dates = args.dates or _steps(args.start, args.end, args.every)
    if not dates:
        raise _UsageError(f"no dates between --from {args.start} and --to {args.end}")
    t = timeline(_world(args.scenario), args.members, dates, _config(args))
    if args.json:
        return _json(t.to_dict(), out)
    out.write(f"{'-'.join(t.members)}: alignment from {t.dates[0]} to {t.dates[-1]}\n")
    rows = [("date", "score", *t.contributions)]
    for k, d in enumerate(t.dates):
        rows.append(
            (d.isoformat(), _fmt(t.scores[k]), *(_fmt(v[k]) for v in t.contributions.values()))
        )
    _table(rows, out)
    moves = t.changes(min_change=args.min_change)
    if moves:
        out.write(f"\nwhat moved it (changes of at least {args.min_change}):\n")
    for c in moves:
        parts = sorted(c.contributions.items(), key=lambda kv: -abs(kv[1]))
        why = ", ".join(f"{k} {v:+.3f}" for k, v in parts if abs(v) >= 0.0005)
        out.write(
            f"  {c.start} -> {c.end}: {_fmt(c.before)} -> {_fmt(c.after)} ({c.delta:+.3f}; {why})\n"
        )
        for m in c.milestones:
            out.write(f"      {m.day} {m.what}: {m.record}\n")
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    world = _world(args.scenario)
    if len(args.members) == 3:
        return _cmd_triad(args, out)
    if len(args.members) != 2:
        raise _UsageError(f"explain takes 2 or 3 states; got {len(args.members)}")
    scores = score_dyads(world, args.as_of, _config(args))
    a, b = args.members
    value = scores.score(a, b)
    evidence = scores.explain(a, b)
    if args.json:
        return _json(
            {"members": [a, b], "as_of": scores.as_of.isoformat(), "score": value,
             "evidence": [e.to_dict() for e in evidence]}, out
        )  # fmt: skip
    out.write(f"{a}-{b} on {scores.as_of}: {_fmt(value)}\n")
    _table(_evidence_rows(evidence, args.evidence), out)
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    json.dump(world_schema(), out, indent=2)
    out.write("\n")
    return 0


_Command = Callable[[argparse.Namespace, TextIO], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-risk",
        description="Alignment scores for every pair and trio of states, with the reasons.",
    )
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
            p.add_argument("--as-of", required=True, help="scoring date, YYYY-MM-DD (required)")
        p.add_argument("--config", metavar="FILE", help="scoring config (TOML or JSON)")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        return p

    p = scorer(
        "score",
        _cmd_score,
        "score every pair of states on a date",
        "alliance_risk.score_dyads(world, as_of, config)",
    )
    p.add_argument("--limit", type=int, default=20, help="pairs to show (default 20)")
    p = scorer(
        "triad",
        _cmd_triad,
        "score a trio of states on a date, with its evidence",
        "alliance_risk.score_triad(world, members, as_of, config)",
        members="3",
    )
    p.add_argument("--evidence", type=int, default=8, help="records to list (default 8)")
    p = scorer(
        "top",
        _cmd_top,
        "the highest-scoring trios on a date",
        "alliance_risk.top_triads(world, as_of, k, config)",
    )
    p.add_argument("-k", type=int, default=10, help="how many trios (default 10)")
    p = scorer(
        "explain",
        _cmd_explain,
        "the records behind a pair or trio score on a date",
        "alliance_risk.score_dyads(...).explain(a, b) or alliance_risk.score_triad(...)",
        members="2 or 3",
    )
    p.add_argument("--evidence", type=int, default=15, help="records to list (default 15)")
    p = scorer(
        "timeline",
        _cmd_timeline,
        "score a pair or trio over time, with what moved it",
        "alliance_risk.timeline(world, members, dates, config)",
        members="2 or 3",
        dated=False,
    )
    p.add_argument(
        "--from", dest="start", default="2014-01-01", help="first date (default 2014-01-01)"
    )
    p.add_argument("--to", dest="end", default="2025-12-31", help="last date (default 2025-12-31)")
    p.add_argument(
        "--every",
        choices=["month", "quarter", "year"],
        default="quarter",
        help="spacing of dates (default quarter)",
    )
    p.add_argument("--dates", nargs="+", metavar="DATE", help="explicit dates instead")
    p.add_argument(
        "--min-change", type=float, default=0.01, help="smallest move to explain (default 0.01)"
    )
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
    states (17): CHN, RUS, PRK, IRN, USA, JPN, KOR, IND, ...
    records: 13 pacts, 11 deployments, 25 summits, 18 exercises, 14 lifelines
    dates: 1953-10-01 to 2025-10-02
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    stream = sys.stdout if out is None else out
    try:
        code: int = args.func(args, stream)
    except (_UsageError, InvalidParameterError) as exc:
        # a bad date, an unknown state, a bad option value: the user's input, not the data
        parser.exit(2, f"alliance-risk {args.command}: error: {exc}\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
