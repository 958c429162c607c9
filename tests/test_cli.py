"""Tests for :mod:`alliance_risk.cli`: the ``alliance-risk`` command line."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_risk import (
    Conflict,
    InvalidWorldError,
    Pact,
    State,
    World,
    load_scenario,
    score_dyads,
    score_triad,
    world_schema,
    world_to_json,
)
from alliance_risk.cli import main
from alliance_risk.world import summarize


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_scenarios_lists_built_ins() -> None:
    code, text = run("scenarios")
    assert code == 0 and "axis-of-upheaval" in text
    code, text = run("scenarios", "--json")
    assert json.loads(text)[0]["name"] == "axis-of-upheaval"


def test_show_summarises() -> None:
    code, text = run("show", "axis-of-upheaval")
    world = load_scenario("axis-of-upheaval")
    assert code == 0
    assert f"states ({len(world.states)})" in text
    assert f"{len(world.pacts)} pacts" in text
    span = summarize(world)
    assert f"dates: {span.first} to {span.last}" in text
    code, text = run("show", "axis-of-upheaval", "--json")
    assert json.loads(text)["counts"]["summits"] == len(world.summits)


def test_show_a_file(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(world_to_json(load_scenario("axis-of-upheaval")))
    code, text = run("show", str(path))
    assert code == 0 and f"{len(load_scenario('axis-of-upheaval').pacts)} pacts" in text


def test_show_unknown_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("show", "axis-of-upheavel")
    assert info.value.code == 2
    assert "did you mean 'axis-of-upheaval'" in capsys.readouterr().err


def test_validate_good_and_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    world = load_scenario("axis-of-upheaval")
    good.write_text(world_to_json(world))
    code, text = run("validate", str(good))
    counts = f"valid ({len(world.states)} states, {len(list(world.records()))} records)"
    assert code == 0 and counts in text

    bad = tmp_path / "bad.json"
    data = json.loads(good.read_text())
    data["deployments"][0]["supplier"] = "PKR"
    data["summits"][0]["participants"] = ["RUS"]
    bad.write_text(json.dumps(data))
    code, text = run("validate", str(bad))
    assert code == 1
    assert "2 problems" in text and "did you mean 'PRK'" in text and "at least 2" in text
    code, text = run("validate", str(bad), "--json")
    report = json.loads(text)
    assert code == 1 and report["valid"] is False and len(report["problems"]) == 2


def test_validate_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        run("validate", str(tmp_path / "none.json"))
    assert info.value.code == 2


def test_schema_prints_the_schema() -> None:
    code, text = run("schema")
    assert code == 0 and json.loads(text) == json.loads(json.dumps(world_schema()))


def test_help_names_the_python_function(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("validate", "--help")
    assert info.value.code == 0
    assert "alliance_risk.read_world" in capsys.readouterr().out


def test_no_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        run()
    assert info.value.code == 2


def test_console_script_runs() -> None:
    exe = Path(sys.executable).with_name("alliance-risk")
    if not exe.exists():
        pytest.skip(f"console script not installed beside {sys.executable}")
    result = subprocess.run([str(exe), "scenarios"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "axis-of-upheaval" in result.stdout


# --- scoring commands -----------------------------------------------------------------


def test_score_lists_pairs_by_score() -> None:
    code, text = run("score", "axis-of-upheaval", "--as-of", "2025-06-01", "--limit", "3")
    assert code == 0
    lines = text.splitlines()
    n = len(load_scenario("axis-of-upheaval").states)
    assert lines[0].startswith(f"pair scores on 2025-06-01 (top 3 of {n * (n - 1) // 2})")
    assert lines[2].startswith("PRK-RUS") or lines[2].startswith("RUS-PRK")
    code, text = run("score", "axis-of-upheaval", "--as-of", "2025-06-01", "--json")
    assert len(json.loads(text)["matrix"]) == n


def test_triad_and_explain_show_evidence() -> None:
    code, text = run("triad", "axis-of-upheaval", "CHN", "RUS", "PRK", "--as-of", "2025-06-01")
    assert code == 0 and "CHN-RUS-PRK on 2025-06-01" in text and "P2-RUS-PRK-CSP" in text
    code, text = run("explain", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-06-01")
    assert code == 0 and "D1-PRK-RUS-troops" in text
    code, text = run("explain", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-06-01", "--json")
    data = json.loads(text)
    assert sum(e["share"] for e in data["evidence"]) == pytest.approx(data["score"])


def test_top_and_timeline() -> None:
    code, text = run("top", "axis-of-upheaval", "--as-of", "2025-12-31", "-k", "3")
    assert code == 0 and "1     CHN-RUS-PRK" in text
    code, text = run(
        "timeline",
        "axis-of-upheaval",
        "CHN",
        "RUS",
        "PRK",
        "--from",
        "2024-01-01",
        "--to",
        "2025-12-31",
        "--every",
        "quarter",
    )
    assert code == 0 and "what moved it" in text and "in force: P2-RUS-PRK-CSP" in text
    _, text = run(
        "timeline",
        "axis-of-upheaval",
        "RUS",
        "PRK",
        "--dates",
        "2024-01-01",
        "2025-01-01",
        "--json",
    )
    assert json.loads(text)["dates"] == ["2024-01-01", "2025-01-01"]


def test_config_file_is_used(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("[weights]\npact = 1\n")
    code, text = run(
        "explain",
        "axis-of-upheaval",
        "USA",
        "JPN",
        "--as-of",
        "2025-01-01",
        "--config",
        str(cfg),
        "--json",
    )
    assert code == 0 and json.loads(text)["score"] == pytest.approx(0.7)
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\npacts = 1\n")
    with pytest.raises(SystemExit) as info:
        run("score", "axis-of-upheaval", "--as-of", "2025-01-01", "--config", str(bad))
    assert info.value.code == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["triad", "axis-of-upheaval", "CHN", "RUS", "PKR", "--as-of", "2025-01-01"],
            "did you mean 'PRK'",
        ),
        (
            ["score", "axis-of-upheaval", "--as-of", "yesterday"],
            "argument --as-of: expected a date written YYYY-MM-DD; got 'yesterday'",
        ),
        (
            ["top", "axis-of-upheaval", "--as-of", "2025-01-01", "-k", "0"],
            "argument -k: expected an int >= 1; got 0",
        ),
        (
            ["explain", "axis-of-upheaval", "CHN", "--as-of", "2025-01-01"],
            "explain takes 2 or 3 states",
        ),
    ],
)
def test_scoring_usage_errors_exit_2(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run(*args)
    assert info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_as_of_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("score", "axis-of-upheaval")
    assert info.value.code == 2 and "--as-of" in capsys.readouterr().err


# --- analysis commands ------------------------------------------------------------------


def test_what_if_command(tmp_path: Path) -> None:
    changes = tmp_path / "changes.json"
    changes.write_text(
        json.dumps(
            {
                "add": {
                    "exercises": [
                        {
                            "id": "E-new",
                            "participants": ["CHN", "RUS", "PRK"],
                            "start": "2025-10-15",
                            "source": ["what-if"],
                            "confidence": "reported",
                        }
                    ]
                },
                "remove": ["D3-PRK-RUS-engineers"],
            }
        )
    )
    code, text = run("what-if", "axis-of-upheaval", str(changes), "--as-of", "2025-12-31")
    assert code == 0 and "added E-new; removed D3-PRK-RUS-engineers" in text
    assert "CHN-RUS-PRK" in text
    code, text = run(
        "what-if",
        "axis-of-upheaval",
        str(changes),
        "--as-of",
        "2025-12-31",
        "--members",
        "RUS",
        "PRK",
        "--json",
    )
    assert json.loads(text)["changes"][0]["members"] == ["RUS", "PRK"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"add": {"parades": []}}))
    with pytest.raises(SystemExit) as info:
        run("what-if", "axis-of-upheaval", str(bad), "--as-of", "2025-12-31")
    assert info.value.code == 2


def test_momentum_sensitivity_rank_commands() -> None:
    code, text = run("momentum", "axis-of-upheaval", "CHN", "RUS", "PRK", "--as-of", "2025-01-01")
    assert code == 0 and "CONSOLIDATING" in text and "P2-RUS-PRK-CSP" in text
    code, text = run(
        "sensitivity", "axis-of-upheaval", "CHN", "RUS", "PRK", "--as-of", "2025-12-31", "-n", "128"
    )
    assert code == 0 and "Sobol" in text and "pact" in text
    code, text = run(
        "rank", "axis-of-upheaval", "--as-of", "2025-12-31", "-k", "2", "--draws", "100"
    )
    assert code == 0 and "P(top 2)" in text


def test_plots_and_bands_from_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "t.png"
    code, text = run(
        "timeline",
        "axis-of-upheaval",
        "CHN",
        "RUS",
        "PRK",
        "--from",
        "2024-01-01",
        "--every",
        "year",
        "--draws",
        "100",
        "--plot",
        str(png),
    )
    assert code == 0 and "p05" in text and png.stat().st_size > 0
    for args in (
        ["triad", "axis-of-upheaval", "CHN", "RUS", "PRK"],
        ["score", "axis-of-upheaval"],
        ["top", "axis-of-upheaval", "-k", "5"],
    ):
        out = tmp_path / f"{args[0]}.png"
        code, _ = run(*args, "--as-of", "2025-06-01", "--plot", str(out))
        assert code == 0 and out.exists()
    out = tmp_path / "cmp.png"
    code, text = run(
        "compare",
        "axis-of-upheaval",
        "--group",
        "CHN",
        "RUS",
        "PRK",
        "--group",
        "USA",
        "JPN",
        "KOR",
        "--from",
        "2024-01-01",
        "--every",
        "year",
        "--draws",
        "100",
        "--plot",
        str(out),
    )
    assert code == 0 and "P(CHN-RUS-PRK > USA-JPN-KOR)" in text and out.exists()
    # each score with its 5-95% band, read from the same draws
    row = next(line for line in text.splitlines() if line.startswith("2025-"))
    cells = re.findall(r"(-?\d\.\d+) \[(-?\d\.\d+), (-?\d\.\d+)\]", row)
    assert len(cells) == 2 and all(float(lo) <= float(hi) for _, lo, hi in cells)
    assert "[p05, p95]: 100 draws" in text


# --- signals left out, and enmity ----------------------------------------------------------

AXIS_LEFT_OUT = "left out (no data in this World): rivalry"
AT_SOME_DATES = "left out (no data in this World at one or more of these dates): rivalry"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["score", "axis-of-upheaval", "--as-of", "2025-06-01", "--limit", "3"], AXIS_LEFT_OUT),
        (["triad", "axis-of-upheaval", "CHN", "RUS", "PRK", "--as-of", "2025-06-01"],
         AXIS_LEFT_OUT),
        (["top", "axis-of-upheaval", "--as-of", "2025-06-01", "-k", "2"], AXIS_LEFT_OUT),
        (["explain", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-06-01"], AXIS_LEFT_OUT),
        (["explain", "axis-of-upheaval", "CHN", "RUS", "PRK", "--as-of", "2025-06-01"],
         AXIS_LEFT_OUT),
        (["timeline", "axis-of-upheaval", "RUS", "PRK", "--dates", "2024-01-01", "2025-01-01"],
         AT_SOME_DATES),
        (["compare", "axis-of-upheaval", "--group", "CHN", "RUS", "PRK", "--group", "USA", "JPN",
          "KOR", "--dates", "2024-01-01", "2025-01-01"], AT_SOME_DATES),
        (["momentum", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-01-01"], AT_SOME_DATES),
        (["sensitivity", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-01-01", "-n", "64"],
         AXIS_LEFT_OUT),
        (["rank", "axis-of-upheaval", "--as-of", "2025-01-01", "-k", "2", "--draws", "50"],
         AXIS_LEFT_OUT),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)  # fmt: skip
def test_scoring_commands_say_which_signals_were_left_out(args: list[str], line: str) -> None:
    code, text = run(*args)
    assert code == 0
    assert [row for row in text.splitlines() if row.startswith("left out")] == [line]
    code, text = run(*args, "--json")
    data = json.loads(text)
    for item in data if isinstance(data, list) else [data]:
        assert item["left_out"] == ["rivalry"]


def test_no_left_out_line_when_every_signal_has_data(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("[weights]\npact = 1\ntroops = 1\n")  # signals the World has data for
    code, text = run(
        "explain", "axis-of-upheaval", "RUS", "PRK", "--as-of", "2025-06-01", "--config", str(cfg)
    )
    assert code == 0 and "RUS-PRK on 2025-06-01" in text and "left out" not in text
    code, text = run(
        "explain",
        "axis-of-upheaval",
        "RUS",
        "PRK",
        "--as-of",
        "2025-06-01",
        "--config",
        str(cfg),
        "--json",
    )
    assert json.loads(text)["left_out"] == []


SRC = {"source": ("test",), "confidence": "confirmed"}
AT_WAR = World(
    states=[State(code=c, name=c) for c in ("AAA", "BBB", "CCC")],
    pacts=[
        Pact(
            id="P-AB",
            name="A-B",
            parties=("AAA", "BBB"),
            signed="2010-01-01",
            in_force="2010-01-01",
            obligations=("defence",),
            **SRC,
        )
    ],
    conflicts=[
        Conflict(
            id="W-AC",
            name="A against C",
            kind="war",
            start="2020-01-01",
            hostility=5,
            sides=(
                [{"state": "AAA", "joined": "2020-01-01"}],
                [{"state": "CCC", "joined": "2020-01-01"}],
            ),
            **SRC,
        )
    ],
)
WAR_LEFT_OUT = (
    "left out (no data in this World): troops, materiel, summits, exercises, lifelines, rivalry"
)


@pytest.fixture
def at_war(tmp_path: Path) -> str:
    path = tmp_path / "at_war.json"
    path.write_text(world_to_json(AT_WAR))
    return str(path)


def test_enemies_print_a_negative_score(at_war: str) -> None:
    enemies = score_dyads(AT_WAR, "2021-01-01").score("AAA", "CCC")
    assert enemies < 0
    shown = f"{enemies:.3f}"  # "-0.243"
    code, text = run("score", at_war, "--as-of", "2021-01-01")
    assert code == 0 and WAR_LEFT_OUT in text.splitlines()
    table = text.splitlines()[1:5]
    assert table[0].split() == ["pair", "score", "pact", "antagonism", "cobelligerence"]
    rows = {r.split()[0]: r.split()[1:] for r in table[1:]}
    assert list(rows) == ["AAA-BBB", "BBB-CCC", "AAA-CCC"]  # highest first, enemies last
    assert rows["AAA-CCC"] == [shown, "0.000", shown, "0.000"]
    # numbers are right-aligned: the minus sign does not push the column out of line
    ends = {r.index(rows[r.split()[0]][0]) + len(rows[r.split()[0]][0]) for r in table[1:]}
    assert len(ends) == 1
    assert "-0.000" not in text
    data = json.loads(run("score", at_war, "--as-of", "2021-01-01", "--json")[1])
    assert data["matrix"][0][2] == pytest.approx(enemies) and data["left_out"][-1] == "rivalry"

    code, text = run("explain", at_war, "AAA", "CCC", "--as-of", "2021-01-01")
    assert f"AAA-CCC on 2021-01-01: {shown}" in text
    assert f"by signal: antagonism {shown}" in text
    assert text.splitlines()[3].split() == [shown, "antagonism", "AAA-CCC", "W-AC"]
    data = json.loads(run("explain", at_war, "AAA", "CCC", "--as-of", "2021-01-01", "--json")[1])
    assert sum(e["share"] for e in data["evidence"]) == pytest.approx(data["score"]) == enemies


def test_a_trio_and_a_timeline_with_an_enemy_pair(at_war: str) -> None:
    trio = score_triad(AT_WAR, ("AAA", "BBB", "CCC"), "2021-01-01")
    code, text = run("triad", at_war, "AAA", "BBB", "CCC", "--as-of", "2021-01-01")
    assert code == 0 and trio.score < 0
    assert f"AAA-BBB-CCC on 2021-01-01: {trio.score:.3f}" in text
    assert f"AAA-CCC {trio.dyads[('AAA', 'CCC')]:.3f}" in text
    # every printed part is a share of the score: the shared events after the factor
    lam = trio.config.triad_shared_weight
    pairs, shared = trio.score - lam * trio.shared, lam * trio.shared
    assert f"parts: pairs {pairs:.3f} + shared events {shared:.3f} (" in text
    assert f"by signal: antagonism {trio.contributions['antagonism']:.3f}" in text
    code, text = run("timeline", at_war, "AAA", "CCC", "--dates", "2019-01-01", "2021-01-01")
    enemies = f"{score_dyads(AT_WAR, '2021-01-01').score('AAA', 'CCC'):.3f}"
    assert code == 0 and f"2021-01-01  {enemies}" in text
    assert f"0.000 -> {enemies} ({enemies}; antagonism {enemies})" in text
    assert "2020-01-01 start: W-AC" in text
    code, text = run("top", at_war, "--as-of", "2021-01-01")
    assert f"AAA-BBB-CCC  {trio.score:.3f}  antagonism {trio.score:.3f}" in text


def test_what_if_a_rivalry_brings_enmity_in(tmp_path: Path) -> None:
    # The scenario has no rivalry: the first one brings the signal in, for every pair.
    changes = tmp_path / "rivalry.json"
    changes.write_text(
        json.dumps(
            {
                "add": {
                    "rivalries": [
                        {
                            "id": "R-new",
                            "rivals": ["RUS", "JPN"],
                            "start": "2025-01-01",
                            "source": ["what-if"],
                            "confidence": "reported",
                        }
                    ]
                }
            }
        )
    )
    code, text = run(
        "what-if",
        "axis-of-upheaval",
        str(changes),
        "--as-of",
        "2025-06-01",
        "--members",
        "RUS",
        "JPN",
    )
    assert code == 0
    row = next(r for r in text.splitlines() if r.startswith("RUS-JPN")).split()
    assert float(row[2]) < 0 and row[3].startswith("-") and row[4:6] == ["rivalry", row[3]]
    assert "left out before the change (no data in this World): rivalry" in text
    assert "left out after" not in text
    data = json.loads(
        run(
            "what-if",
            "axis-of-upheaval",
            str(changes),
            "--as-of",
            "2025-06-01",
            "--members",
            "RUS",
            "JPN",
            "--json",
        )[1]
    )
    assert data["left_out_before"] == ["rivalry"]
    assert data["left_out_after"] == [] and data["changes"][0]["after"] < 0


# --- calibrated models: --model --------------------------------------------------------------


def test_triad_with_the_history_model_prints_a_probability_and_its_interval() -> None:
    code, text = run(
        "triad",
        "axis-of-upheaval",
        "CHN",
        "RUS",
        "PRK",
        "--as-of",
        "2025-12-31",
        "--model",
        "history",
    )
    assert code == 0
    line = next(x for x in text.splitlines() if "P(all three on one side" in x)
    p, low, high = (float(v) for v in __import__("re").findall(r"\d\.\d\d", line)[:3])
    assert 0 < low <= p <= high < 1


def test_triad_json_with_a_model_carries_probability_and_interval() -> None:
    code, text = run(
        "triad",
        "axis-of-upheaval",
        "USA",
        "JPN",
        "KOR",
        "--as-of",
        "2024-01-01",
        "--model",
        "history",
        "--json",
    )
    data = json.loads(text)
    low, high = data["probability_interval"]
    assert code == 0 and low <= data["probability"] <= high


def test_top_with_a_model_ranks_by_probability() -> None:
    code, text = run(
        "top",
        "axis-of-upheaval",
        "--as-of",
        "2025-12-31",
        "-k",
        "6",
        "--model",
        "history",
        "--json",
    )
    probs = [t["probability"] for t in json.loads(text)]
    assert code == 0 and len(probs) == 6
    assert probs == sorted(probs, reverse=True)


def test_score_and_explain_with_a_model_show_pair_probabilities() -> None:
    code, text = run("score", "axis-of-upheaval", "--as-of", "2025-12-31", "--model", "history")
    assert code == 0 and "P(same side)" in text.splitlines()[1]
    code, text = run(
        "explain",
        "axis-of-upheaval",
        "USA",
        "JPN",
        "--as-of",
        "2025-12-31",
        "--model",
        "history",
        "--json",
    )
    assert code == 0 and 0 < json.loads(text)["probability"] < 1


def test_model_and_config_together_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[weights]\npact = 1\n")
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "triad",
                "axis-of-upheaval",
                "CHN",
                "RUS",
                "PRK",
                "--as-of",
                "2025-12-31",
                "--model",
                "history",
                "--config",
                str(cfg),
            ]
        )
    assert exc.value.code == 2
    assert "--config or --model, not both" in capsys.readouterr().err


def test_a_model_file_that_is_not_a_model_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "m.json"
    bad.write_text('{"weights": {}}')
    with pytest.raises(SystemExit) as exc:
        main(["score", "axis-of-upheaval", "--as-of", "2025-12-31", "--model", str(bad)])
    assert exc.value.code == 2
    assert "m.json is not a saved risk model" in capsys.readouterr().err


# --- invalid input files: one clear message, no traceback --------------------------------


BAD_WORLD = (
    '{"states":[{"code":"AAA","name":"A"}],"pacts":[{"id":"P1","name":"p","parties":'
    '["AAA","ZZZ"],"signed":"2000-01-01","obligations":["defence"],"source":["s"],'
    '"confidence":"confirmed"}]}'
)


@pytest.mark.parametrize(
    "command",
    [["show"], ["score", "--as-of", "2020-01-01"], ["top", "--as-of", "2020-01-01"],
     ["timeline", "AAA", "ZZZ", "--dates", "2020-01-01"]],
    ids=lambda c: c[0],
)  # fmt: skip
def test_an_invalid_world_file_is_one_message_and_exit_1(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD_WORLD)
    with pytest.raises(SystemExit) as exc:
        main([command[0], str(path), *command[1:]])
    err = capsys.readouterr().err
    assert exc.value.code == 1
    assert "Pact 'P1' (pacts[0]): parties[1]='ZZZ' is not a state in this World" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"root:x:0:0:root:/root:/bin/bash\n", "not valid JSON"),
     (b'{"states": [{"code": "AAA", "name": "\xff\xfe"}]}', "not UTF-8"),
     (b"[" * 100_000 + b"]" * 100_000, "nested too deeply")],
    ids=["not-json", "latin-1", "deep"],
)  # fmt: skip
def test_files_that_are_not_worlds_are_named(
    content: bytes, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(content)
    with pytest.raises(SystemExit) as exc:
        main(["show", str(path)])
    assert exc.value.code == 1 and words in capsys.readouterr().err


def test_a_folder_or_a_bad_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", str(tmp_path), "--as-of", "2020-01-01"])
    assert exc.value.code == 2 and "Traceback" not in capsys.readouterr().err
    cfg = tmp_path / "c.toml"
    cfg.write_bytes(b"[weights\npact = 1\n")
    with pytest.raises(SystemExit) as exc:
        main(["score", "axis-of-upheaval", "--as-of", "2020-01-01", "--config", str(cfg)])
    assert exc.value.code == 2 and "not valid TOML" in capsys.readouterr().err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD_WORLD)
    with pytest.raises(InvalidWorldError):
        main(["--debug", "show", str(path)])


def test_version_prints_the_installed_version_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import alliance_risk

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"alliance-risk {alliance_risk.__version__}"


def test_what_moved_it_names_only_signals_whose_records_changed() -> None:
    # 2023-Q3: Russia's shells from North Korea moved the trio; no pact of it changed, so
    # the pact is not said to have moved (the power mean's interaction is not its move).
    code, text = run(
        "timeline", "axis-of-upheaval", "CHN", "RUS", "PRK", "--dates", "2023-07-01", "2023-10-01"
    )
    line = next(x for x in text.splitlines() if x.startswith("  2023-07-01 -> 2023-10-01"))
    assert code == 0 and "materiel +" in line and "pact" not in line
