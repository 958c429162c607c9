"""Built-in, cited scenarios that load offline with no set-up.

Each scenario is a World stored as package data in the scenario file format, built by
a script in ``scripts/`` from a dated, sourced facts sheet (see ``docs/scenarios/``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .._errors import UnknownScenarioError
from ..world import World, read_world, world_from_json

__all__ = ["ScenarioInfo", "list_scenarios", "load_scenario"]


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A built-in scenario: its name, a one-line title and what it covers.

    Attributes
    ----------
    name : str
        What :func:`load_scenario` takes.
    title : str
        One line.
    coverage : str
        The states and years it covers.
    """

    name: str
    title: str
    coverage: str


_BUILT_IN = (
    ScenarioInfo(
        name="axis-of-upheaval",
        title="China, Russia, North Korea and Iran, with the US, Japan, South Korea and India",
        coverage="2014-2025 (older treaties still in force included); 23 states",
    ),
)


def list_scenarios() -> tuple[ScenarioInfo, ...]:
    """Return the built-in scenarios.

    Examples
    --------
    >>> [s.name for s in list_scenarios()]
    ['axis-of-upheaval']
    """
    return _BUILT_IN


@cache
def _load_built_in(name: str) -> World:
    data = resources.files(__name__).joinpath("data", f"{name}.json").read_bytes()
    return world_from_json(data, source=f"built-in scenario {name!r}")


def load_scenario(name_or_path: str | Path) -> World:
    """Load a built-in scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A name from :func:`list_scenarios` or the path of a JSON scenario file.

    Returns
    -------
    World

    Raises
    ------
    UnknownScenarioError
        If it is neither a built-in name nor an existing file (close names are suggested).
    InvalidWorldError
        If the file does not make a valid World.

    Examples
    --------
    >>> w = load_scenario("axis-of-upheaval")
    >>> w.state("PRK").ccode
    731
    """
    names = [s.name for s in _BUILT_IN]
    if isinstance(name_or_path, str) and name_or_path in names:
        return _load_built_in(name_or_path)
    path = Path(name_or_path)
    if path.is_file():
        return read_world(path)
    close = difflib.get_close_matches(str(name_or_path), names, n=2)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    raise UnknownScenarioError(
        f"{str(name_or_path)!r} is neither a built-in scenario ({', '.join(names)}) "
        f"nor a file{hint}"
    )
