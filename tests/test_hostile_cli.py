"""Hostile inputs to the command line and to the parameters of the Python API.

A catalogue: every bad option value, date, file and parameter a hostile user tried
(issue 13), and what each must get. On the command line: exit 2 for a usage error, 1
for an invalid World file, one message naming the option, the value and what was
expected, never a traceback, and nothing printed before the refusal. In Python: the
library's own error class, with a message naming the parameter, the value and what
was expected. Then the numeric safety of the engine: figures near the float limit
give finite scores, evidence shares that sum to the score, and finite draws.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import alliance_risk as ar
from alliance_risk import cli
from alliance_risk._errors import InvalidParameterError, UnknownStateError
from alliance_risk.analysis import (
    momentum,
    rank_stability,
    simulate,
    weight_sensitivity,
    what_if,
)
from alliance_risk.cli import main
from alliance_risk.compile import compile_world
from alliance_risk.config import ScoringConfig
from alliance_risk.models import Deployment
from alliance_risk.scoring import month_starts, signal_panel

AXIS = ar.load_scenario("axis-of-upheaval")
DAY = "2025-06-01"
CRK = ("CHN", "RUS", "PRK")
DRILL = ar.Exercise.model_validate(
    {
        "id": "E-hostile-drill",
        "participants": CRK,
        "start": "2025-05-01",
        "domain": "naval",
        "source": ("what-if",),
        "confidence": "reported",
    }
)
EXISTING = AXIS.exercises[0]

# --- files the command lines below read ------------------------------------------------------

BAD_WORLD = (
    '{"states":[{"code":"AAA","name":"A"}],"pacts":[{"id":"P1","name":"p","parties":'
    '["AAA","ZZZ"],"signed":"2000-01-01","obligations":["defence"],"source":["s"],'
    '"confidence":"confirmed"}]}'
)


def _record(record: Any, **change: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", exclude_none=True)
    data.update(change)
    return data


NEW = _record(DRILL)
FILES: dict[str, bytes | str] = {
    "bad.json": BAD_WORLD,
    "passwd.json": "root:x:0:0:root:/root:/bin/bash\n",
    "add-list.json": json.dumps({"add": [1, 2]}),
    "add-existing.json": json.dumps({"add": {"exercises": [_record(EXISTING)]}}),
    "add-unknown-state.json": json.dumps(
        {"add": {"exercises": [dict(NEW, participants=["CHN", "XXX"])]}}
    ),
    "add-twice.json": json.dumps({"add": {"exercises": [NEW, NEW]}}),
    "add-kind.json": json.dumps({"add": {"parades": []}}),
    "add-object.json": json.dumps({"add": {"exercises": {"id": "x"}}}),
    "add-string.json": json.dumps({"add": {"exercises": ["E-1"]}}),
    "add-null.json": json.dumps({"add": None}),
    "add-no-source.json": json.dumps(
        {"add": {"exercises": [{k: v for k, v in NEW.items() if k != "source"}]}}
    ),
    "remove-string.json": json.dumps({"remove": "P2-RUS-PRK-CSP"}),
    "remove-ints.json": json.dumps({"remove": [1, 2]}),
    "remove-unknown.json": json.dumps({"remove": ["P2-RUS-PRK-CPS"]}),
    "ok.json": json.dumps({"remove": ["P2-RUS-PRK-CSP"]}),
    "remove-twice.json": json.dumps({"remove": ["P2-RUS-PRK-CSP", "P2-RUS-PRK-CSP"]}),
    "unknown-key.json": json.dumps({"dele": []}),
    "top-array.json": json.dumps([{"add": {}}]),
    "latin-1.json": b'{"remove": ["caf\xe9"]}',
    "utf-16.json": '{"remove": []}'.encode("utf-16"),
    "malformed.json": '{"remove": [}',
    "empty.json": "",
    "twice-key.json": '{"remove": ["P2-RUS-PRK-CSP"], "remove": []}',
    "nan.json": '{"add": {"exercises": [{"id": NaN}]}}',
    "huge.json": '{"add": {"exercises": [{"id": "x", "amount": 1e999}]}}',
    "deep.json": "[" * 100_000 + "]" * 100_000,
}


@pytest.fixture(scope="module")
def where(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding :data:`FILES` and two sub-folders named like files."""
    root = tmp_path_factory.mktemp("hostile")
    for name, content in FILES.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "folder.png").mkdir()
    (root / "folder.toml").mkdir()
    return root


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line; return its exit code, standard output and standard error."""
    out = io.StringIO()
    try:
        code = main(argv, out=out)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else -1
    captured = capsys.readouterr()
    return code, out.getvalue() + captured.out, captured.err


# --- the command line: (argv, exit code, words the message must hold) ------------------------
# "{d}" stands for the folder of FILES.

A = "axis-of-upheaval"
S = ["score", A, "--as-of", DAY]
T = ["timeline", A, "RUS", "PRK"]
M = ["momentum", A, "RUS", "PRK", "--as-of", DAY]
W = ["sensitivity", A, "RUS", "PRK", "--as-of", DAY]
R = ["rank", A, "--as-of", DAY]
C = ["compare", A, "--group", "RUS", "PRK", "--group", "USA", "JPN"]
WI = ["what-if", A]

CLI_CASES: list[tuple[str, list[str], int, list[str]]] = [
    # dates: YYYY-MM-DD only, as the help says
    (
        "as-of-week-date",
        ["score", A, "--as-of", "2025-W01-1"],
        2,
        ["--as-of", "YYYY-MM-DD", "'2025-W01-1'"],
    ),
    (
        "as-of-basic-form",
        ["score", A, "--as-of", "20250101"],
        2,
        ["--as-of", "YYYY-MM-DD", "'20250101'"],
    ),
    (
        "as-of-month-13",
        ["score", A, "--as-of", "2025-13-01"],
        2,
        ["--as-of", "'2025-13-01'", "month must be in 1..12"],
    ),
    (
        "as-of-30-february",
        ["triad", A, *CRK, "--as-of", "2025-02-30"],
        2,
        ["--as-of", "'2025-02-30'", "day is out of range"],
    ),
    (
        "as-of-year-0",
        ["top", A, "--as-of", "0000-01-01"],
        2,
        ["--as-of", "'0000-01-01'", "year 0 is out of range"],
    ),
    ("as-of-word", ["score", A, "--as-of", "yesterday"], 2, ["--as-of", "'yesterday'"]),
    ("as-of-empty", ["score", A, "--as-of", ""], 2, ["--as-of", "YYYY-MM-DD", "''"]),
    (
        "as-of-short",
        ["explain", A, "RUS", "PRK", "--as-of", "2025-1-1"],
        2,
        ["--as-of", "'2025-1-1'"],
    ),
    (
        "as-of-datetime",
        ["score", A, "--as-of", "2025-01-01T12:00"],
        2,
        ["--as-of", "'2025-01-01T12:00'"],
    ),
    ("as-of-space", ["score", A, "--as-of", " 2025-01-01"], 2, ["--as-of", "' 2025-01-01'"]),
    (
        "as-of-fullwidth-digits",
        ["score", A, "--as-of", "２０２５-01-01"],
        2,
        ["--as-of", "YYYY-MM-DD"],
    ),
    ("as-of-momentum", [*M[:4], "--as-of", "20250101"], 2, ["--as-of", "'20250101'"]),
    (
        "as-of-what-if",
        [*WI, "{d}/add-list.json", "--as-of", "2025-W01-1"],
        2,
        ["--as-of", "'2025-W01-1'"],
    ),
    ("from-week-date", [*T, "--from", "2025-W01-1"], 2, ["--from", "'2025-W01-1'"]),
    ("to-basic-form", [*T, "--to", "20251231"], 2, ["--to", "'20251231'"]),
    (
        "dates-month-13",
        [*T, "--dates", "2025-01-01", "2025-13-01"],
        2,
        ["--dates", "'2025-13-01'", "month must be in 1..12"],
    ),
    (
        "dates-decreasing",
        [*T, "--dates", "2025-06-01", "2025-01-01"],
        2,
        ["'dates'", "strictly increasing", "2025-01-01 follows 2025-06-01"],
    ),
    (
        "dates-and-from",
        [*T, "--from", "2024-01-01", "--dates", "2025-01-01"],
        2,
        ["--dates or --from", "not both"],
    ),
    (
        "dates-and-every",
        [*C, "--every", "year", "--dates", "2025-01-01"],
        2,
        ["--dates or --every", "not both"],
    ),
    (
        "from-after-to",
        [*T, "--from", "2025-06-01", "--to", "2025-01-01"],
        2,
        ["--from 2025-06-01 is after --to 2025-01-01"],
    ),
    (
        "no-quarter-in-span",
        [*T, "--from", "2025-02-01", "--to", "2025-03-01"],
        2,
        ["no quarter begins", "--dates"],
    ),
    (
        "end-of-calendar",
        [*T, "--from", "9999-12-15", "--to", "9999-12-31"],
        2,
        ["no quarter begins", "9999-12-15"],
    ),
    ("every-week", [*T, "--every", "week"], 2, ["--every", "invalid choice", "'week'"]),
    ("as-of-missing", ["score", A], 2, ["--as-of", "required"]),
    # counts: ints >= 0 (or >= 1), ASCII digits only
    ("limit-negative", [*S, "--limit", "-3"], 2, ["--limit", "int >= 0", "-3"]),
    ("limit-float", [*S, "--limit", "1.5"], 2, ["--limit", "int >= 0", "'1.5'"]),
    ("limit-exponent", [*S, "--limit", "1e3"], 2, ["--limit", "int >= 0", "'1e3'"]),
    ("limit-underscore", [*S, "--limit", "1_0"], 2, ["--limit", "'1_0'"]),
    ("limit-fullwidth", [*S, "--limit", "３"], 2, ["--limit", "'３'"]),
    ("limit-word", [*S, "--limit", "all"], 2, ["--limit", "'all'"]),
    (
        "what-if-limit-negative",
        [*WI, "{d}/add-list.json", "--as-of", DAY, "--limit", "-1"],
        2,
        ["--limit", "int >= 0", "-1"],
    ),
    (
        "triad-evidence-negative",
        ["triad", A, *CRK, "--as-of", DAY, "--evidence", "-2"],
        2,
        ["--evidence", "int >= 0", "-2"],
    ),
    (
        "explain-evidence-negative",
        ["explain", A, "RUS", "PRK", "--as-of", DAY, "--evidence", "-2"],
        2,
        ["--evidence", "int >= 0", "-2"],
    ),
    ("top-k-zero", ["top", A, "--as-of", DAY, "-k", "0"], 2, ["-k", "int >= 1", "0"]),
    ("top-k-negative", ["top", A, "--as-of", DAY, "-k", "-4"], 2, ["-k", "int >= 1", "-4"]),
    ("top-k-word", ["top", A, "--as-of", DAY, "-k", "ten"], 2, ["-k", "'ten'"]),
    ("rank-k-zero", [*R, "-k", "0"], 2, ["-k", "int >= 1"]),
    ("rank-draws-zero", [*R, "--draws", "0"], 2, ["--draws", "int >= 1", "0"]),
    (
        "rank-draws-one",
        [*R, "--draws", "1"],
        2,
        ["'n_draws'", "rank_stability", "[2, 1000000]", "Got 1"],
    ),
    (
        "rank-draws-huge",
        [*R, "--draws", "2000000"],
        2,
        ["'n_draws'", "[2, 1000000]", "Got 2000000"],
    ),
    ("rank-seed-negative", [*R, "--seed", "-1"], 2, ["--seed", "int >= 0", "-1"]),
    (
        "timeline-seed-negative",
        [*T, "--draws", "5", "--seed", "-1"],
        2,
        ["--seed", "int >= 0", "-1"],
    ),
    (
        "compare-seed-negative",
        [*C, "--draws", "5", "--seed", "-7"],
        2,
        ["--seed", "int >= 0", "-7"],
    ),
    ("sensitivity-seed-negative", [*W, "--seed", "-1"], 2, ["--seed", "int >= 0"]),
    ("timeline-draws-negative", [*T, "--draws", "-5"], 2, ["--draws", "int >= 0", "-5"]),
    (
        "timeline-draws-one",
        [*T, "--dates", DAY, "--draws", "1"],
        2,
        ["'n_draws'", "simulate", "[2, 1000000]", "Got 1"],
    ),
    (
        "momentum-window-huge",
        [*M, "--window", "99999999"],
        2,
        ["'window_days'", "momentum", "[1, 739402]", "0001-01-01", "Got 99999999"],
    ),
    ("momentum-window-zero", [*M, "--window", "0"], 2, ["--window", "int >= 1", "0"]),
    ("momentum-window-negative", [*M, "--window", "-30"], 2, ["--window", "int >= 1"]),
    (
        "sensitivity-n-2",
        [*W, "-n", "2"],
        2,
        ["'n'", "weight_sensitivity", "[64, 1048576]", "power of 2", "Got 2"],
    ),
    ("sensitivity-n-not-power", [*W, "-n", "100"], 2, ["'n'", "power of 2", "Got 100"]),
    ("sensitivity-n-huge", [*W, "-n", "4194304"], 2, ["'n'", "[64, 1048576]"]),
    ("sensitivity-n-zero", [*W, "-n", "0"], 2, ["-n", "int >= 1"]),
    # numbers: finite, no nan, no inf
    (
        "threshold-nan",
        [*M, "--threshold", "nan"],
        2,
        ["--threshold", "finite number >= 0", "'nan'"],
    ),
    ("threshold-inf", [*M, "--threshold", "inf"], 2, ["--threshold", "finite", "'inf'"]),
    ("threshold-minus-inf", [*M, "--threshold=-inf"], 2, ["--threshold", "'-inf'"]),
    (
        "threshold-minus-inf-spaced",
        [*M, "--threshold", "-inf"],
        2,
        ["--threshold", "expected one argument"],
    ),
    ("threshold-overflow", [*M, "--threshold", "1e999"], 2, ["--threshold", "'1e999'"]),
    ("threshold-negative", [*M, "--threshold", "-0.1"], 2, ["--threshold", ">= 0", "'-0.1'"]),
    ("threshold-word", [*M, "--threshold", "high"], 2, ["--threshold", "'high'"]),
    (
        "min-change-nan",
        [*T, "--min-change", "nan"],
        2,
        ["--min-change", "finite number >= 0", "'nan'"],
    ),
    ("min-change-inf", [*T, "--min-change", "Infinity"], 2, ["--min-change", "'Infinity'"]),
    ("min-change-negative", [*T, "--min-change", "-1"], 2, ["--min-change", "'-1'"]),
    ("spread-nan", [*W, "--spread", "nan"], 2, ["--spread", "finite number", "'nan'"]),
    ("spread-inf", [*W, "--spread", "inf"], 2, ["--spread", "'inf'"]),
    (
        "spread-too-wide",
        [*W, "--spread", "1.5"],
        2,
        ["'spread'", "weight_sensitivity", "(0, 1)", "Got 1.5"],
    ),
    ("spread-zero", [*W, "--spread", "0"], 2, ["'spread'", "(0, 1)", "Got 0.0"]),
    # --plot: checked before anything is computed or printed
    (
        "plot-missing-folder",
        [*S, "--plot", "{d}/nowhere/x.png"],
        2,
        ["--plot", "no folder", "nowhere", "existing folder"],
    ),
    (
        "plot-unknown-extension",
        [*S, "--plot", "{d}/x.xyz"],
        2,
        ["--plot", "'.xyz'", ".png", ".pdf", ".svg"],
    ),
    ("plot-no-extension", [*S, "--plot", "{d}/x"], 2, ["--plot", "no extension", ".png"]),
    ("plot-a-folder", [*S, "--plot", "{d}/folder.png"], 2, ["--plot", "is a folder"]),
    (
        "plot-triad-missing-folder",
        ["triad", A, *CRK, "--as-of", DAY, "--plot", "{d}/nowhere/t.png"],
        2,
        ["--plot", "no folder"],
    ),
    ("plot-timeline-text", [*T, "--plot", "{d}/t.txt"], 2, ["--plot", "'.txt'"]),
    (
        "plot-compare-missing-folder",
        [*C, "--plot", "{d}/nowhere/c.svg"],
        2,
        ["--plot", "no folder"],
    ),
    # what-if files: each problem named, with the file
    (
        "what-if-add-a-list",
        [*WI, "{d}/add-list.json", "--as-of", DAY],
        2,
        ["add-list.json", "add is a JSON array", "expected an object of record kinds"],
    ),
    (
        "what-if-existing-id",
        [*WI, "{d}/add-existing.json", "--as-of", DAY],
        2,
        ["add[0]", f"'{EXISTING.id}'", "already used", "expected a new id"],
    ),
    (
        "what-if-unknown-state",
        [*WI, "{d}/add-unknown-state.json", "--as-of", DAY],
        2,
        ["add[0]", "participants[1]='XXX'", "is not a state in this World"],
    ),
    (
        "what-if-same-id-twice",
        [*WI, "{d}/add-twice.json", "--as-of", DAY],
        2,
        ["add[1]", f"'{DRILL.id}'", "earlier added record"],
    ),
    (
        "what-if-unknown-kind",
        [*WI, "{d}/add-kind.json", "--as-of", DAY],
        2,
        ["add.parades", "not a kind of record", "exercises"],
    ),
    (
        "what-if-kind-not-a-list",
        [*WI, "{d}/add-object.json", "--as-of", DAY],
        2,
        ["add.exercises", "JSON object", "expected a list of records"],
    ),
    (
        "what-if-record-a-string",
        [*WI, "{d}/add-string.json", "--as-of", DAY],
        2,
        ["add.exercises[0]", "JSON string", "expected a record"],
    ),
    (
        "what-if-add-null",
        [*WI, "{d}/add-null.json", "--as-of", DAY],
        2,
        ["add is a JSON null", "expected an object"],
    ),
    (
        "what-if-record-missing-field",
        [*WI, "{d}/add-no-source.json", "--as-of", DAY],
        2,
        ["add.exercises[0] source", "Field required"],
    ),
    (
        "what-if-remove-a-string",
        [*WI, "{d}/remove-string.json", "--as-of", DAY],
        2,
        ['remove is "P2-RUS-PRK-CSP"', "expected a list of record ids"],
    ),
    (
        "what-if-remove-ints",
        [*WI, "{d}/remove-ints.json", "--as-of", DAY],
        2,
        ["remove is [1, 2]", "expected a list of record ids"],
    ),
    (
        "what-if-remove-unknown",
        [*WI, "{d}/remove-unknown.json", "--as-of", DAY],
        2,
        ["no record has id 'P2-RUS-PRK-CPS'", "did you mean 'P2-RUS-PRK-CSP'"],
    ),
    (
        "what-if-remove-twice",
        [*WI, "{d}/remove-twice.json", "--as-of", DAY],
        2,
        ["'remove'", "'P2-RUS-PRK-CSP' twice", "each id once"],
    ),
    (
        "what-if-unknown-key",
        [*WI, "{d}/unknown-key.json", "--as-of", DAY],
        2,
        ["unknown key 'dele'", "'add' and 'remove'"],
    ),
    (
        "what-if-top-level-array",
        [*WI, "{d}/top-array.json", "--as-of", DAY],
        2,
        ["top level is a JSON array", "expected"],
    ),
    (
        "what-if-latin-1",
        [*WI, "{d}/latin-1.json", "--as-of", DAY],
        2,
        ["latin-1.json", "byte 16", "not UTF-8"],
    ),
    ("what-if-utf-16", [*WI, "{d}/utf-16.json", "--as-of", DAY], 2, ["byte 0", "not UTF-8"]),
    (
        "what-if-malformed",
        [*WI, "{d}/malformed.json", "--as-of", DAY],
        2,
        ["malformed.json", "line 1, column 13", "not valid JSON"],
    ),
    (
        "what-if-empty-file",
        [*WI, "{d}/empty.json", "--as-of", DAY],
        2,
        ["line 1, column 1", "not valid JSON"],
    ),
    (
        "what-if-duplicate-key",
        [*WI, "{d}/twice-key.json", "--as-of", DAY],
        2,
        ["'remove' is given twice"],
    ),
    ("what-if-nan", [*WI, "{d}/nan.json", "--as-of", DAY], 2, ["NaN is not a number JSON allows"]),
    ("what-if-1e999", [*WI, "{d}/huge.json", "--as-of", DAY], 2, ["1e999 is too large"]),
    ("what-if-nested-deep", [*WI, "{d}/deep.json", "--as-of", DAY], 2, ["nested too deeply"]),
    (
        "what-if-missing-file",
        [*WI, "{d}/none.json", "--as-of", DAY],
        2,
        ["no what-if file", "none.json"],
    ),
    ("what-if-a-folder", [*WI, "{d}", "--as-of", DAY], 2, ["is a folder"]),
    (
        "what-if-unknown-member",
        [*WI, "{d}/ok.json", "--as-of", DAY, "--members", "RUS", "PKR"],
        2,
        ["'PKR'", "did you mean"],
    ),
    # World files, configs and models
    *(
        (
            f"invalid-world-{argv[0]}",
            [argv[0], "{d}/bad.json", *argv[1:]],
            1,
            ["parties[1]='ZZZ' is not a state in this World"],
        )
        for argv in (
            ["show"],
            ["score", "--as-of", DAY],
            ["triad", "AAA", "ZZZ", "YYY", "--as-of", DAY],
            ["top", "--as-of", DAY],
            ["timeline", "AAA", "ZZZ"],
            ["explain", "AAA", "ZZZ", "--as-of", DAY],
            ["compare", "--group", "AAA", "ZZZ"],
            ["what-if", "{d}/add-list.json", "--as-of", DAY],
            ["momentum", "AAA", "ZZZ", "--as-of", DAY],
            ["sensitivity", "AAA", "ZZZ", "--as-of", DAY],
            ["rank", "--as-of", DAY],
        )
    ),
    ("world-not-json", ["show", "{d}/passwd.json"], 1, ["passwd.json", "not valid JSON"]),
    ("world-a-folder", ["score", "{d}", "--as-of", DAY], 2, ["nor a file"]),
    ("validate-a-folder", ["validate", "{d}"], 2, ["is a folder", "World file"]),
    ("validate-missing", ["validate", "{d}/none.json"], 2, ["no file at"]),
    ("scenario-misspelt", ["show", "axis-of-upheavel"], 2, ["did you mean 'axis-of-upheaval'"]),
    ("config-missing", [*S, "--config", "{d}/none.toml"], 2, ["no config file", "none.toml"]),
    ("config-a-folder", [*S, "--config", "{d}"], 2, ["expected .toml or .json"]),
    ("config-a-folder-named-toml", [*S, "--config", "{d}/folder.toml"], 2, ["is a folder"]),
    ("config-not-utf-8", [*S, "--config", "{d}/latin-1.json"], 2, ["byte 16", "not UTF-8"]),
    (
        "config-and-model",
        [*S, "--config", "{d}/none.toml", "--model", "history"],
        2,
        ["--config or --model, not both"],
    ),
    ("model-missing", [*S, "--model", "{d}/none.json"], 2, ["none.json", "could not be read"]),
    # members
    (
        "triad-unknown-state",
        ["triad", A, "CHN", "RUS", "PKR", "--as-of", DAY],
        2,
        ["'PKR' is not a state", "did you mean 'PRK'"],
    ),
    ("triad-two-states", ["triad", A, "CHN", "RUS", "--as-of", DAY], 2, ["STATE"]),
    (
        "explain-one-state",
        ["explain", A, "CHN", "--as-of", DAY],
        2,
        ["explain takes 2 or 3 states", "got 1"],
    ),
    (
        "timeline-four-states",
        ["timeline", A, "CHN", "RUS", "PRK", "IRN"],
        2,
        ["'members'", "timeline", "2 or 3 states"],
    ),
    (
        "momentum-same-state",
        ["momentum", A, "RUS", "RUS", "--as-of", DAY],
        2,
        ["'members'", "distinct states"],
    ),
    ("compare-one-state", ["compare", A, "--group", "RUS"], 2, ["'members'", "2 or 3 states"]),
    (
        "compare-same-group",
        [*C[:5], "--group", "PRK", "RUS", "--dates", DAY],
        2,
        ["--group PRK RUS repeats --group RUS PRK", "distinct groups"],
    ),
    (
        "compare-unknown-state",
        ["compare", A, "--group", "RUS", "CHX"],
        2,
        ["'CHX' is not a state", "did you mean 'CHN'"],
    ),
    ("unknown-option", [*S, "--limt", "3"], 2, ["unrecognized arguments", "--limt"]),
    ("no-command", [], 2, ["COMMAND"]),
]


def _fill(argv: list[str], folder: Path) -> list[str]:
    return [a.replace("{d}", str(folder)) for a in argv]


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [pytest.param(argv, code, words, id=name) for name, argv, code, words in CLI_CASES],
)
def test_the_command_line_refuses_with_one_clear_message(
    argv: list[str],
    code: int,
    words: list[str],
    where: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    got, out, err = run_cli(_fill(argv, where), capsys)
    assert got == code, err
    assert "Traceback" not in err
    assert out == "", "nothing is printed before the refusal"
    text = " ".join(err.split())
    for word in words:
        assert " ".join(word.split()) in text, (word, err)
    # one message: after argparse's usage lines, a single line names the command
    lines = err.rstrip("\n").splitlines()
    named = [line for line in lines if line.startswith("alliance-risk")]
    assert len(named) == 1, err
    if not lines[0].startswith("usage:") and "problem" not in lines[0]:
        assert len(lines) == 1 or lines[1].startswith("  - "), err


def test_the_catalogue_covers_every_command() -> None:
    commands = {argv[0] for _, argv, _, _ in CLI_CASES if argv}
    assert commands >= {
        "score",
        "triad",
        "top",
        "timeline",
        "explain",
        "compare",
        "what-if",
        "momentum",
        "sensitivity",
        "rank",
        "show",
        "validate",
    }


def test_debug_shows_the_traceback_of_a_usage_error(where: Path) -> None:
    with pytest.raises(InvalidParameterError, match="'window_days'"):
        main(["--debug", "momentum", A, "RUS", "PRK", "--as-of", DAY, "--window", "99999999"])


def test_a_plot_error_prints_no_table(where: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The folder is checked first: no table, then a traceback (issue 13)."""
    code, out, err = run_cli(_fill([*S, "--plot", "{d}/nowhere/x.png"], where), capsys)
    assert code == 2 and out == "" and "pair scores" not in err


def test_what_if_replacing_a_record_is_allowed(
    where: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id already used is fine when the same file removes the old record."""
    path = tmp_path / "replace.json"
    path.write_text(
        json.dumps({"add": {"exercises": [_record(EXISTING, end=None)]}, "remove": [EXISTING.id]})
    )
    code, out, err = run_cli(["what-if", A, str(path), "--as-of", DAY], capsys)
    assert code == 0, err
    assert f"added {EXISTING.id}; removed {EXISTING.id}" in out


def test_an_unexpected_error_is_one_line_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "score_dyads", broken)
    code, out, err = run_cli(S, capsys)
    assert code == 3 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1
    assert "internal error: ZeroDivisionError: division by zero" in err and "--debug" in err


def test_json_output_never_holds_nan(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A NaN the engine should never produce is one message naming it, not invalid JSON."""

    class Summary:
        def to_dict(self) -> dict[str, Any]:
            return {"counts": {"pacts": 1}, "evidence": [{"share": 0.5}, {"share": math.nan}]}

    monkeypatch.setattr(cli, "summarize", lambda world: Summary())
    code, out, err = run_cli(["show", A, "--json"], capsys)
    assert code == 3 and out == ""
    assert "evidence[1].share is nan" in err and "JSON has no NaN" in err


# --- the Python API: (call, error class, words the message must hold) -----------------------


def _sim(**kwargs: Any) -> Any:
    args: dict[str, Any] = {"groups": [("RUS", "PRK")], "dates": [DAY], "n_draws": 10}
    args.update(kwargs)
    return simulate(AXIS, **args)


def _sens(**kwargs: Any) -> Any:
    args: dict[str, Any] = {"n": 64}
    args.update(kwargs)
    return weight_sensitivity(AXIS, ("RUS", "PRK"), DAY, **args)


def _mom(**kwargs: Any) -> Any:
    return momentum(AXIS, ("RUS", "PRK"), DAY, **kwargs)


def _wi(**kwargs: Any) -> Any:
    args: dict[str, Any] = {"as_of": DAY}
    args.update(kwargs)
    return what_if(AXIS, **args)


def _rank(**kwargs: Any) -> Any:
    args: dict[str, Any] = {"k": 2, "n_draws": 10}
    args.update(kwargs)
    return rank_stability(AXIS, DAY, **args)


NAN, INF = math.nan, math.inf
IPE = InvalidParameterError


def _h(value: object) -> Any:
    """Return ``value`` untyped: hostile values break the annotations on purpose."""
    return value


API_CASES: list[tuple[str, Callable[[], Any], type[Exception], list[str]]] = [
    # dates
    ("as-of-week-date", lambda: ar.score_dyads(AXIS, "2025-W01-1"), IPE,
     ["'as_of'", "score_dyads", "'YYYY-MM-DD'", "'2025-W01-1'"]),
    ("as-of-basic-form", lambda: ar.score_triad(AXIS, CRK, "20250101"), IPE,
     ["'as_of'", "score_triad", "'20250101'"]),
    ("as-of-30-february", lambda: ar.top_triads(AXIS, "2025-02-30"), IPE,
     ["'as_of'", "top_triads", "'2025-02-30'", "day is out of range"]),
    ("as-of-int", lambda: ar.score_dyads(AXIS, _h(20250101)), IPE, ["'as_of'", "Got 20250101"]),
    ("as-of-numpy-datetime-noon", lambda: ar.score_dyads(AXIS, _h(np.datetime64("2025-01-01T12:00"))),
     IPE, ["'as_of'", "a datetime64 at midnight", "datetime64('2025-01-01T12:00')"]),
    ("as-of-numpy-nat", lambda: ar.score_dyads(AXIS, _h(np.datetime64("NaT"))), IPE,
     ["'as_of'", "datetime64('NaT'"]),
    ("as-of-year-0", lambda: ar.score_dyads(AXIS, _h(0)), IPE,
     ["'as_of'", "or a year", "Got 0 instead"]),
    ("dates-week-date", lambda: ar.timeline(AXIS, ("RUS", "PRK"), ["2025-W01-1"]), IPE,
     ["'dates'", "timeline", "'2025-W01-1'"]),
    ("month-starts-basic-end", lambda: month_starts("2025-01-01", "20251231"), IPE,
     ["'end'", "month_starts", "'20251231'"]),
    ("what-if-as-of", lambda: _wi(as_of="2025-W01-1"), IPE, ["'as_of'", "what_if"]),
    ("momentum-as-of", lambda: momentum(AXIS, ("RUS", "PRK"), "20250101"), IPE,
     ["'as_of'", "momentum", "'20250101'"]),
    # ints: numpy ints are ints, bools and floats are not
    ("k-numpy-bool", lambda: ar.top_triads(AXIS, DAY, k=_h(np.bool_(True))), IPE,
     ["'k'", "top_triads", "int in the range [1, inf)", "True"]),
    ("k-float", lambda: ar.top_triads(AXIS, DAY, k=_h(3.0)), IPE, ["'k'", "Got 3.0"]),
    ("k-numpy-float", lambda: ar.top_triads(AXIS, DAY, k=_h(np.float64(3))), IPE, ["'k'"]),
    ("k-string", lambda: ar.top_triads(AXIS, DAY, k=_h("3")), IPE, ["'k'", "Got '3'"]),
    ("k-numpy-zero", lambda: ar.top_triads(AXIS, DAY, k=_h(np.int64(0))), IPE,
     ["'k'", "[1, inf)", "Got np.int64(0)"]),
    ("chunk-size-zero", lambda: ar.top_triads(AXIS, DAY, chunk_size=0), IPE,
     ["'chunk_size'", "[1, inf)"]),
    ("rank-k-bool", lambda: _rank(k=True), IPE, ["'k'", "rank_stability", "Got True"]),
    ("rank-extra-negative", lambda: _rank(extra=-1), IPE, ["'extra'", "[0, inf)", "Got -1"]),
    ("rank-draws-one", lambda: _rank(n_draws=1), IPE,
     ["'n_draws'", "rank_stability", "[2, 1000000]"]),
    ("rank-seed-negative", lambda: _rank(rng=-1), IPE, ["'rng'", "rank_stability", ">= 0"]),
    ("rank-concentration-nan", lambda: _rank(concentration=NAN), IPE,
     ["'concentration'", "rank_stability", "finite number", "nan"]),
    ("rank-ranges-string", lambda: _rank(ranges="no"), IPE,
     ["'ranges'", "True or False", "'no'"]),
    ("simulate-draws-one", lambda: _sim(n_draws=1), IPE,
     ["'n_draws'", "simulate", "[2, 1000000]", "Got 1"]),
    ("simulate-draws-numpy-one", lambda: _sim(n_draws=np.int64(1)), IPE, ["'n_draws'"]),
    ("simulate-draws-huge", lambda: _sim(n_draws=10**7), IPE,
     ["'n_draws'", "[2, 1000000]", "Got 10000000"]),
    ("simulate-draws-bool", lambda: _sim(n_draws=True), IPE, ["'n_draws'", "Got True"]),
    ("simulate-draws-float", lambda: _sim(n_draws=100.0), IPE, ["'n_draws'", "Got 100.0"]),
    ("simulate-seed-negative", lambda: _sim(rng=-1), IPE,
     ["'rng'", "simulate", "int seed >= 0", "Got -1"]),
    ("simulate-seed-numpy-negative", lambda: _sim(rng=np.int64(-5)), IPE, ["'rng'", ">= 0"]),
    ("simulate-seed-bool", lambda: _sim(rng=True), IPE, ["'rng'", "Got True"]),
    ("simulate-seed-float", lambda: _sim(rng=1.5), IPE, ["'rng'", "Got 1.5"]),
    ("simulate-seed-string", lambda: _sim(rng="seed"), IPE, ["'rng'", "Got 'seed'"]),
    ("simulate-seed-legacy", lambda: _sim(rng=np.random.RandomState(0)), IPE, ["'rng'"]),
    # floats: finite, in range
    ("concentration-nan", lambda: _sim(concentration=NAN), IPE,
     ["'concentration'", "simulate", "finite number", "(0, 1e+12]", "Got nan"]),
    ("concentration-inf", lambda: _sim(concentration=INF), IPE,
     ["'concentration'", "Got inf"]),
    ("concentration-zero", lambda: _sim(concentration=0), IPE, ["'concentration'", "Got 0"]),
    ("concentration-negative", lambda: _sim(concentration=-5.0), IPE,
     ["'concentration'", "Got -5.0"]),
    ("concentration-huge", lambda: _sim(concentration=1e300), IPE,
     ["'concentration'", "1e+300"]),
    ("concentration-string", lambda: _sim(concentration="200"), IPE,
     ["'concentration'", "Got '200'"]),
    ("concentration-bool", lambda: _sim(concentration=True), IPE,
     ["'concentration'", "Got True"]),
    ("simulate-ranges-string", lambda: _sim(ranges="no"), IPE, ["'ranges'", "'no'"]),
    ("simulate-ranges-none", lambda: _sim(ranges=None), IPE, ["'ranges'", "None"]),
    ("simulate-amounts", lambda: _sim(amounts="normal"), IPE,
     ["'amounts'", "'uniform' or 'triangular'", "'normal'"]),
    ("simulate-amounts-list", lambda: _sim(amounts=["uniform"]), IPE, ["'amounts'"]),
    ("interval-low-nan", lambda: _sim().interval(("RUS", "PRK"), low=NAN), IPE,
     ["'low'", "Simulation.interval", "[0, 1]", "nan"]),
    ("interval-high-above-1", lambda: _sim().interval(("RUS", "PRK"), high=1.5), IPE,
     ["'high'", "Got 1.5"]),
    ("interval-crossed", lambda: _sim().interval(("RUS", "PRK"), low=0.9, high=0.1), IPE,
     ["'high'", "[0.9, 1]", "Got 0.1"]),
    ("spread-nan", lambda: _sens(spread=NAN), IPE,
     ["'spread'", "weight_sensitivity", "(0, 1)", "Got nan"]),
    ("spread-inf", lambda: _sens(spread=INF), IPE, ["'spread'", "Got inf"]),
    ("spread-one", lambda: _sens(spread=1.0), IPE, ["'spread'", "(0, 1)", "Got 1.0"]),
    ("spread-zero", lambda: _sens(spread=0), IPE, ["'spread'", "Got 0"]),
    ("spread-string", lambda: _sens(spread="0.5"), IPE, ["'spread'", "Got '0.5'"]),
    ("threshold-nan", lambda: _mom(threshold=NAN), IPE,
     ["'threshold'", "momentum", "finite number", "[0, inf)", "Got nan"]),
    ("threshold-inf", lambda: _mom(threshold=INF), IPE, ["'threshold'", "Got inf"]),
    ("threshold-negative", lambda: _mom(threshold=-0.1), IPE, ["'threshold'", "Got -0.1"]),
    ("threshold-none", lambda: _mom(threshold=None), IPE, ["'threshold'", "Got None"]),
    ("threshold-bool", lambda: _mom(threshold=True), IPE, ["'threshold'", "Got True"]),
    # Sobol sample sizes: a power of 2, large enough
    ("sobol-n-2", lambda: _sens(n=2), IPE,
     ["'n'", "weight_sensitivity", "[64, 1048576]", "power of 2", "Got 2"]),
    ("sobol-n-32", lambda: _sens(n=32), IPE, ["'n'", "Got 32"]),
    ("sobol-n-not-power", lambda: _sens(n=100), IPE, ["'n'", "power of 2", "Got 100"]),
    ("sobol-n-huge", lambda: _sens(n=2**21), IPE, ["'n'", "Got 2097152"]),
    ("sobol-n-float", lambda: _sens(n=128.0), IPE, ["'n'", "Got 128.0"]),
    ("sobol-seed-negative", lambda: _sens(rng=-3), IPE, ["'rng'", "weight_sensitivity"]),
    # windows
    ("window-huge", lambda: _mom(window_days=99_999_999), IPE,
     ["'window_days'", "momentum", "0001-01-01", "Got 99999999"]),
    ("window-past-year-1", lambda: _mom(window_days=739_403), IPE,
     ["'window_days'", "[1, 739402]"]),
    ("window-zero", lambda: _mom(window_days=0), IPE, ["'window_days'", "Got 0"]),
    ("window-float", lambda: _mom(window_days=30.0), IPE, ["'window_days'", "Got 30.0"]),
    ("window-bool", lambda: _mom(window_days=True), IPE, ["'window_days'", "Got True"]),
    # what-if: ids are a list, records are records
    ("remove-a-string", lambda: _wi(remove="P2-RUS-PRK-CSP"), IPE,
     ["'remove'", "what_if", "not one string", "remove=['P2-RUS-PRK-CSP']"]),
    ("remove-bytes", lambda: _wi(remove=b"P2"), IPE, ["'remove'", "not one string"]),
    ("remove-ints", lambda: _wi(remove=[1]), IPE, ["'remove'", "record ids (str)", "Got 1"]),
    ("remove-none", lambda: _wi(remove=None), IPE, ["'remove'", "sequence of record ids"]),
    ("remove-unknown", lambda: _wi(remove=["P2-RUS-PRK-CPS"]), IPE,
     ["no record has id 'P2-RUS-PRK-CPS'", "did you mean 'P2-RUS-PRK-CSP'"]),
    ("remove-twice", lambda: _wi(remove=["P2-RUS-PRK-CSP"] * 2), IPE,
     ["'remove'", "'P2-RUS-PRK-CSP' twice"]),
    ("add-one-record", lambda: _wi(add=DRILL), IPE,
     ["'add'", "what_if", "sequence of records", "even of one"]),
    ("add-a-string", lambda: _wi(add="E-1"), IPE, ["'add'", "sequence of records", "'E-1'"]),
    ("add-ints", lambda: _wi(add=[1, 2]), IPE, ["'add'", "must hold records", "int"]),
    ("add-a-dict", lambda: _wi(add=[{"id": "E-1"}]), IPE, ["'add'", "must hold records", "dict"]),
    ("add-existing-id", lambda: _wi(add=[EXISTING]), IPE,
     ["'add'", "add[0]", f"'{EXISTING.id}'", "already used", "expected a new id"]),
    ("add-same-id-twice", lambda: _wi(add=[DRILL, DRILL]), IPE,
     ["add[1]", f"'{DRILL.id}'", "earlier added record"]),
    ("add-unknown-state",
     lambda: _wi(add=[DRILL.model_copy(update={"participants": ("CHN", "XYZ")})]), IPE,
     ["'add'", "add[0]", "participants[1]='XYZ'", "is not a state in this World"]),
    ("what-if-world", lambda: what_if(_h({"states": []}), as_of=DAY), IPE,
     ["'world'", "what_if", "World", "dict"]),
    ("what-if-config", lambda: _wi(remove=["P2-RUS-PRK-CSP"], config={"weights": {}}), IPE,
     ["'config'", "what_if", "ScoringConfig", "dict"]),
    ("what-if-members-string", lambda: _wi(remove=["P2-RUS-PRK-CSP"], members="RUS PRK"),
     IPE, ["'members'", "what_if", "sequence of state codes"]),
    ("what-if-members-unknown", lambda: _wi(remove=["P2-RUS-PRK-CSP"], members=("RUS", "PKR")),
     UnknownStateError, ["'PKR' is not a state", "did you mean 'PRK'"]),
    # groups, worlds, configs
    ("groups-one-group", lambda: simulate(AXIS, ("RUS", "PRK"), [DAY]), IPE,
     ["'groups'", "simulate", "not one group", "[('RUS', 'PRK')]"]),
    ("groups-empty", lambda: simulate(AXIS, [], [DAY]), IPE, ["'groups'", "non-empty"]),
    ("groups-twice", lambda: simulate(AXIS, [("RUS", "PRK"), ("PRK", "RUS")], [DAY]), IPE,
     ["'groups'", "PRK-RUS twice"]),
    ("groups-a-string", lambda: simulate(AXIS, "RUS PRK", [DAY]), IPE, ["'groups'"]),
    ("simulate-world-name", lambda: simulate(_h(A), [("RUS", "PRK")], [DAY]), IPE,
     ["'world'", "simulate", "must be a World", "str"]),
    ("simulate-config-dict", lambda: _sim(config={"weights": {}}), IPE,
     ["'config'", "simulate", "dict"]),
    ("sensitivity-world", lambda: weight_sensitivity(_h(None), ("RUS", "PRK"), DAY), IPE,
     ["'world'", "weight_sensitivity", "NoneType"]),
    ("momentum-world", lambda: momentum(_h(A), ("RUS", "PRK"), DAY), IPE,
     ["'world'", "momentum", "World or a CompiledWorld", "str"]),
    ("rank-world", lambda: rank_stability(_h([]), DAY), IPE, ["'world'", "rank_stability"]),
    ("panel-a-string", lambda: signal_panel(AXIS, "RUS", "PRK", DAY), IPE,
     ["'a'", "signal_panel", "not a single value", "'RUS'"]),
    ("panel-dates-a-string", lambda: signal_panel(AXIS, ["RUS"], ["PRK"], DAY), IPE,
     ["'as_of'", "signal_panel", "single value"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [pytest.param(call, error, words, id=name) for name, call, error, words in API_CASES],
)
def test_the_api_refuses_with_the_parameter_the_value_and_what_was_expected(
    call: Callable[[], Any], error: type[Exception], words: list[str]
) -> None:
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_the_catalogue_has_at_least_110_hostile_inputs() -> None:
    assert len(CLI_CASES) + len(API_CASES) >= 110
    names = [n for n, *_ in CLI_CASES] + [n for n, *_ in API_CASES]
    assert len(set(n for n, *_ in CLI_CASES)) == len(CLI_CASES)
    assert len(set(n for n, *_ in API_CASES)) == len(API_CASES)
    assert names


# --- what is accepted: numpy ints where ints are, dates as dates, a replaced record ---------


def test_numpy_integers_are_ints() -> None:
    assert len(ar.top_triads(AXIS, DAY, k=_h(np.int64(3)))) == 3
    assert len(ar.top_triads(AXIS, DAY, k=_h(np.int32(2)), chunk_size=_h(np.uint16(500)))) == 2
    a = _sim(rng=np.int64(1), n_draws=np.int64(20))
    b = _sim(rng=1, n_draws=20)
    assert np.array_equal(a.draws, b.draws)
    r = _rank(k=np.int64(2), extra=np.int8(1), rng=np.int64(1), n_draws=np.int64(20))
    assert r.k == 2 and isinstance(r.k, int)
    s = _sens(n=np.int64(64), rng=np.int64(3), spread=np.float32(0.25))
    assert s.first_order.shape == (len(s.signals),)
    m = _mom(window_days=np.int64(30), threshold=np.float64(0.01))
    assert (m.end - m.start).days == 30 and isinstance(m.threshold, float)


def test_a_seed_and_its_generator_draw_alike() -> None:
    assert np.array_equal(_sim(rng=7).draws, _sim(rng=np.random.default_rng(7)).draws)


def test_what_if_can_replace_a_record_in_one_call() -> None:
    changed = EXISTING.model_copy(update={"end": None})
    r = _wi(add=[changed], remove=[EXISTING.id])
    assert r.added == (EXISTING.id,) and r.removed == (EXISTING.id,)
    assert r.world.record(EXISTING.id).end is None


def test_the_calendar_has_no_month_after_9999_12() -> None:
    assert month_starts("9999-12-15", "9999-12-31") == []
    assert month_starts("9999-11-15", "9999-12-31") == [date(9999, 12, 1)]


def test_a_window_back_to_year_1_is_allowed() -> None:
    m = _mom(window_days=739_402)  # 2025-06-01 back to 0001-01-01
    assert m.start.isoformat() == "0001-01-01"


# --- numeric safety: figures near the float limit ---------------------------------------------

BASE = next(d for d in AXIS.deployments if d.kind == "troops" and d.low is not None)
PAIR = (BASE.supplier, BASE.recipient)


def _huge(*figures: dict[str, float | None]) -> ar.World:
    """Return the axis World with its deployments replaced by ones of these figures.

    Built with ``model_construct``: the record checks may bound amounts (to 1e12), but the
    engine must stay safe whatever figures reach it.
    """
    deps = [
        Deployment.model_construct(**dict(BASE.model_dump(), id=f"X{k}", **f))
        for k, f in enumerate(figures)
    ]
    return AXIS.model_copy(update={"deployments": tuple(deps)})


HUGE: dict[str, list[dict[str, float | None]]] = {
    "midpoint-overflows": [{"low": 1e308, "amount": 1.5e308, "high": 1.7e308}],
    "range-1e200-1e300": [{"low": 1e200, "amount": 1e250, "high": 1e300}],
    "two-at-1e308": [{"amount": 1e308, "low": None, "high": None}] * 2,
    "largest-float": [{"amount": 1.7976931348623157e308, "low": None, "high": None}] * 3,
    "range-0-to-max": [{"low": 0.0, "amount": 1e300, "high": 1.7976931348623157e308}],
    "subnormal": [{"low": 5e-324, "amount": 5e-324, "high": 1e-323}],
}


def _assert_evidence_sums(score: float, shares: list[float]) -> None:
    assert math.isfinite(score)
    assert all(math.isfinite(s) for s in shares)
    assert sum(shares) == pytest.approx(score, abs=1e-12)


@pytest.mark.parametrize("name", list(HUGE))
def test_huge_figures_give_finite_pair_scores_and_evidence(name: str) -> None:
    world = _huge(*HUGE[name])
    scores = ar.score_dyads(world, DAY)
    assert np.isfinite(scores.matrix).all()
    for contribution in scores.contributions.values():
        assert np.isfinite(contribution).all()
    evidence = scores.explain(*PAIR)
    _assert_evidence_sums(scores.score(*PAIR), [e.share for e in evidence])
    data = scores.to_dict()
    json.dumps(data, allow_nan=False)  # valid JSON: no NaN anywhere


def test_two_deployments_of_1e308_share_the_evidence() -> None:
    """The credits overflowed their sum and vanished: shares summed to 0.08 of 0.28."""
    evidence = ar.score_dyads(_huge(*HUGE["two-at-1e308"]), DAY).explain(*PAIR)
    troops = {e.record: e.share for e in evidence if e.signal == "troops"}
    assert set(troops) == {"X0", "X1"}
    assert troops["X0"] == pytest.approx(troops["X1"]) and troops["X0"] > 0


def test_the_midpoint_of_a_range_near_the_float_limit_is_finite() -> None:
    from alliance_risk.signals.supply import chosen_amount

    cw = compile_world(_huge(*HUGE["midpoint-overflows"], *HUGE["subnormal"]))
    mid = chosen_amount(cw, ScoringConfig())
    assert np.isfinite(mid).all()
    assert mid[0] == pytest.approx(1.35e308)
    assert cw.supply.low[1] <= mid[1] <= cw.supply.high[1]


@pytest.mark.parametrize("name", ["midpoint-overflows", "range-1e200-1e300", "range-0-to-max"])
def test_huge_figures_give_finite_triad_scores_and_evidence(name: str) -> None:
    t = ar.score_triad(_huge(*HUGE[name]), (*PAIR, "CHN"), DAY)
    _assert_evidence_sums(t.score, [e.share for e in t.evidence])
    json.dumps(t.to_dict(), allow_nan=False)


def test_two_deployments_of_1e308_in_a_trio() -> None:
    t = ar.score_triad(_huge(*HUGE["two-at-1e308"]), (*PAIR, "CHN"), DAY)
    _assert_evidence_sums(t.score, [e.share for e in t.evidence])
    assert {"X0", "X1"} <= {e.record for e in t.evidence}


@pytest.mark.parametrize("amounts", ["uniform", "triangular"])
@pytest.mark.parametrize("name", ["midpoint-overflows", "range-1e200-1e300", "range-0-to-max",
                                  "subnormal"])  # fmt: skip
def test_huge_ranges_give_finite_draws_and_intervals(name: str, amounts: str) -> None:
    world = _huge(*HUGE[name])
    sim = simulate(
        world, [PAIR, (*PAIR, "CHN")], ["2025-01-01", DAY], n_draws=200, rng=1, amounts=amounts
    )  # type: ignore[arg-type]
    assert np.isfinite(sim.draws).all() and np.isfinite(sim.point).all()
    assert (np.abs(sim.draws) <= 1.0).all()
    for group in sim.groups:
        assert np.isfinite(sim.interval(group)).all()
    json.dumps(sim.to_dict(), allow_nan=False)


@pytest.mark.parametrize("amounts", ["uniform", "triangular"])
def test_drawn_figures_stay_within_their_range(amounts: str) -> None:
    from alliance_risk.analysis import _draw_in_ranges

    big = 1.7976931348623157e308
    low = np.array([1e200, 1e308, 0.0, 5e-324, 3.0, 0.0])
    mode = np.array([1e250, 1.5e308, 1e300, 5e-324, 3.0, big])
    high = np.array([1e300, big, big, 1e-323, 3.0, big])
    u = np.random.default_rng(0).random((2000, low.size))
    u[0], u[1] = 0.0, np.nextafter(1.0, 0.0)  # the ends of [0, 1)
    drawn = _draw_in_ranges(u, low, mode, high, amounts)
    assert np.isfinite(drawn).all()
    assert (drawn >= low).all() and (drawn <= high).all()
    assert (drawn[:, 4] == 3.0).all()  # low == high: that figure


def test_the_triangular_draw_centres_on_the_mode() -> None:
    from alliance_risk.analysis import _draw_in_ranges

    u = np.random.default_rng(1).random((20_000, 1))
    low, mode, high = np.array([1e300]), np.array([1.2e300]), np.array([1.6e300])
    drawn = _draw_in_ranges(u, low, mode, high, "triangular") / 1e300
    assert drawn.mean() == pytest.approx((1.0 + 1.2 + 1.6) / 3, abs=0.01)


def test_huge_figures_through_what_if_rank_and_momentum() -> None:
    world = _huge(*HUGE["midpoint-overflows"])
    extra = Deployment.model_construct(
        **dict(BASE.model_dump(), id="X-new", amount=1e308, low=None, high=None)
    )
    r = what_if(world, add=[extra], as_of=DAY)
    assert all(math.isfinite(c.before) and math.isfinite(c.after) for c in r.changes)
    json.dumps(r.to_dict(), allow_nan=False)
    rank = rank_stability(world, DAY, k=2, n_draws=50)
    assert np.isfinite(rank.p_top_k).all()
    m = momentum(world, PAIR, DAY)
    assert math.isfinite(m.change)


def test_explain_json_of_huge_figures_is_valid_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``explain --json`` wrote ``"share": NaN`` for low=1e308, high=1.7e308."""
    world = _huge(*HUGE["midpoint-overflows"])
    monkeypatch.setattr(cli, "_world", lambda name: world)
    for argv in (
        ["explain", "w", *PAIR, "--as-of", DAY, "--json"],
        ["explain", "w", *PAIR, "CHN", "--as-of", DAY, "--json"],
    ):
        code, out, err = run_cli(argv, capsys)
        assert code == 0, err

        def refuse(name: str) -> None:
            raise AssertionError(f"{name} in JSON output")

        data = json.loads(out, parse_constant=refuse)
        shares = [e["share"] for e in data["evidence"]]
        assert sum(shares) == pytest.approx(data["score"], abs=1e-12)


def test_distribute_normalises_credits_before_summing() -> None:
    from alliance_risk.scoring import _distribute

    cw = compile_world(AXIS)
    recs = np.array([0, 1, 2], dtype=np.int64)
    states = ("RUS", "PRK")
    cases = {
        "overflowing": (np.array([1e308, 1e308, 0.0]), [0.25, 0.25, 0.0]),
        "infinite": (np.array([np.inf, 1.0, np.inf]), [0.25, 0.0, 0.25]),
        "nan": (np.array([np.nan, 1.0, 3.0]), [0.0, 0.125, 0.375]),
        "subnormal": (np.array([5e-324, 5e-324, 0.0]), [0.25, 0.25, 0.0]),
    }
    for name, (credit, want) in cases.items():
        got = _distribute(cw, "troops", 0.5, [(states, recs, credit)])
        shares = {e.record: e.share for e in got}
        expected = {cw.record_ids[r]: w for r, w in zip(recs.tolist(), want, strict=True)}
        assert shares == pytest.approx(expected), name
    # no credit at all: the signal as a whole carries the part
    whole = _distribute(cw, "troops", 0.5, [(states, recs, np.zeros(3))])
    assert [(e.record, e.share) for e in whole] == [("signal:troops", 0.5)]


def test_timeline_changes_refuse_a_nan_threshold() -> None:
    t = ar.timeline(
        ar.load_scenario("axis-of-upheaval"), ("RUS", "PRK"), ["2024-06-01", "2025-01-01"]
    )
    with pytest.raises(ar.InvalidParameterError, match="min_change"):
        t.changes(min_change=float("nan"))
    with pytest.raises(ar.InvalidParameterError, match="min_change"):
        t.changes(min_change=-1.0)
