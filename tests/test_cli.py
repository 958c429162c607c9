"""Tests for :mod:`alliance_risk.cli`: the ``alliance-risk`` command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_risk import load_scenario, world_schema, world_to_json
from alliance_risk.cli import main


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
    assert "dates: 1953-10-01 to 2025-10-02" in text
    code, text = run("show", "axis-of-upheaval", "--json")
    assert json.loads(text)["counts"]["summits"] == len(world.summits)


def test_show_a_file(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(world_to_json(load_scenario("axis-of-upheaval")))
    code, text = run("show", str(path))
    assert code == 0 and "13 pacts" in text


def test_show_unknown_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("show", "axis-of-upheavel")
    assert info.value.code == 2
    assert "did you mean 'axis-of-upheaval'" in capsys.readouterr().err


def test_validate_good_and_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(world_to_json(load_scenario("axis-of-upheaval")))
    code, text = run("validate", str(good))
    assert code == 0 and "valid (17 states, 81 records)" in text

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
