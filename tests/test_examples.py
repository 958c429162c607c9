"""The scripts in ``examples/`` and ``benchmarks/`` run to completion."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_explore_scenario_shows_the_2024_treaty_only_once_in_force() -> None:
    script = ROOT / "examples" / "explore_scenario.py"
    before = subprocess.run([sys.executable, str(script), "2024-12-03"], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    after = subprocess.run([sys.executable, str(script), "2024-12-04"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    section = "Contested"
    assert "P2-RUS-PRK-CSP " not in before.split(section)[0]
    assert "P2-RUS-PRK-CSP " in after.split(section)[0]
    assert "JPN: consultation" in after
