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

from ._errors import InvalidWorldError, UnknownScenarioError
from .scenarios import list_scenarios, load_scenario
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
    except _UsageError as exc:
        parser.exit(2, f"alliance-risk {args.command}: error: {exc}\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
