"""Write the documentation page of each built-in scenario from its data file.

A scenario is data: ``alliance_risk/scenarios/data/<name>.json`` holds its states and
records with named fields (validated as a World when loaded), each citing its sources;
``<name>.about.md`` beside it holds the prose (what the scenario is, the conventions
where sources are not precise) and ``<name>.left-out.json`` the facts left out, each
with why (a list of ``{"what", "why", "noted_in"}``). This script renders them into
``docs/scenarios/<name>.md``: what was left out and why, every record in a table with
its sources and notes, and every source cited. Edit the data file, then run it from
the repository root::

    python scripts/scenario_pages.py [--check]

``--check`` writes nothing and exits 1 if a page differs from what its data make (the
test suite runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alliance_risk import list_scenarios, load_scenario  # noqa: E402
from alliance_risk.world import World, summarize  # noqa: E402

DATA = ROOT / "alliance_risk" / "scenarios" / "data"
DOCS = ROOT / "docs" / "scenarios"


def provenance_page(
    name: str, world: World, about: str, left_out: list[dict[str, str]] | None = None
) -> str:
    """Return the Markdown page of a scenario: its prose, what was left out, every record.

    ``about`` is the prose; ``left_out`` the facts left out, each with why.
    """
    s = summarize(world)
    intro, _, rest = about.partition("\n## ")
    lines = [
        f"# Scenario: {name}",
        "",
        intro.strip(),
        "",
        f"- States: {len(world.states)} ({', '.join(world.codes)})",
        "- Records: " + ", ".join(f"{n} {k}" for k, n in s.counts.items() if k != "states"),
        f"- Dates: {s.first} to {s.last}",
        "",
        f'Load it with `alliance_risk.load_scenario("{name}")` or',
        f"`alliance-risk show {name}`.",
        "",
        "## " + rest.strip(),
        "",
    ]
    if left_out:
        lines += [
            "## Left out, and why",
            "",
            "Facts found or expected that are not records, each with the reason and where it",
            "was noted.",
            "",
            "| left out | why | noted in |",
            "|---|---|---|",
        ]
        lines += [
            f"| {_cell(f['what'])} | {_cell(f['why'])} | {_cell(f.get('noted_in', ''))} |"
            for f in left_out
        ]
        lines.append("")
    head = {
        "pacts": "| id | pact | parties | signed | in force | obligations | confidence |",
        "deployments": "| id | supplier -> recipient | kind | amount (range) | from | confidence |",
        "summits": "| id | participants | date | where | confidence |",
        "exercises": "| id | exercise | participants | dates | domain | confidence |",
        "lifelines": "| id | supplier -> buyer | commodity | figure | period | confidence |",
        "conflicts": "| id | conflict | kind | side A | side B | from | confidence |",
    }
    for kind, header in head.items():
        lines += [f"## {kind.capitalize()}", "", header, "|" + "---|" * (header.count("|") - 1)]
        notes = []
        for r in getattr(world, kind):
            lines.append(_row(kind, r))
            cited = "; ".join(s.split(" (tier")[0] if s.startswith("S") else s for s in r.source)
            # "[S13][S14]" in a note would read as a Markdown reference link: escape it.
            note = f" {r.note.replace('[', chr(92) + '[')}" if r.note else ""
            notes.append(f"- **{r.id}**: sources {cited}.{note}")
        lines += ["", *notes, ""]
    lines += [
        "## Sources",
        "",
        "Each source as the facts sheet lists it (tier A: official or wire or",
        "major outlet; B: regional or secondary; C: aggregator, mirror or forum).",
        "",
    ]
    used = sorted({s for r in world.records() for s in r.source}, key=_source_order)
    lines += [f"- {s}" for s in used]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    # a "|" would end the table cell, a "[" start a Markdown link
    return text.replace("|", "/").replace("[", chr(92) + "[")


def _source_order(citation: str) -> tuple[int, str]:
    m = re.match(r"S(\d+) ", citation)
    return (int(m.group(1)) if m else 10_000, citation)


def _span(start: date, end: date | None) -> str:
    return f"{start}" + (f" to {end}" if end else "")


def _row(kind: str, r: Any) -> str:
    c = r.confidence.value
    if kind == "pacts":
        obl = ", ".join(o.value for o in r.obligations)
        if r.party_obligations:
            obl += "; " + "; ".join(
                f"{k}: {', '.join(o.value for o in v)}" for k, v in r.party_obligations.items()
            )
        return (
            f"| {r.id} | {r.name} | {'-'.join(r.parties)} | {r.signed} | "
            f"{r.in_force or 'not in force'} | {obl} | {c} |"
        )
    if kind == "deployments":
        rng = f" ({r.low:,.0f}-{r.high:,.0f})" if r.low is not None else ""
        return (
            f"| {r.id} | {r.supplier} -> {r.recipient} | {r.kind.value} | "
            f"{r.amount:,.0f}{rng} {r.unit} | {_span(r.start, r.end)} | {c} |"
        )
    if kind == "summits":
        return f"| {r.id} | {'-'.join(r.participants)} | {r.date} | {r.location or ''} | {c} |"
    if kind == "conflicts":
        sides = [", ".join(f"{p.state} (from {p.joined})" for p in side) for side in r.sides]
        return (
            f"| {r.id} | {r.name} | {r.kind.value} | {sides[0]} | {sides[1]} | "
            f"{_span(r.start, r.end)} | {c} |"
        )
    if kind == "exercises":
        parties = "-".join(r.participants)
        if r.token:  # token contingents count token_weight of the exercise
            parties += f" (token: {', '.join(r.token)})"
        span = _span(r.start, r.end)
        return f"| {r.id} | {r.name or ''} | {parties} | {span} | {r.domain or ''} | {c} |"
    fig = []
    if r.volume is not None:
        fig.append(f"{r.volume:g} {r.unit}")
    if r.share is not None:
        fig.append(f"{r.share:.0%} of imports")
    return (
        f"| {r.id} | {r.supplier} -> {r.buyer} | {r.commodity} | {', '.join(fig)} | "
        f"{r.start} to {r.end or 'open'} | {c} |"
    )


def pages() -> dict[Path, str]:
    """Return each built-in scenario's page path and the text its data make."""
    out = {}
    for info in list_scenarios():
        about = (DATA / f"{info.name}.about.md").read_text(encoding="utf-8")
        left = DATA / f"{info.name}.left-out.json"
        left_out = json.loads(left.read_text(encoding="utf-8")) if left.exists() else None
        world = load_scenario(info.name)
        out[DOCS / f"{info.name}.md"] = provenance_page(info.name, world, about, left_out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a page is out of date"
    )
    args = parser.parse_args(argv)
    outputs = pages()
    stale = [
        p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run python scripts/scenario_pages.py)")
        return 1 if stale else 0
    for p, text in outputs.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
