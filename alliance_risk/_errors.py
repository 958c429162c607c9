"""Exceptions raised by alliance_risk, all rooted in :class:`AllianceRiskError`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AllianceRiskError",
    "InvalidParameterError",
    "InvalidWorldError",
    "MissingDataError",
    "Problem",
    "UnknownScenarioError",
    "UnknownStateError",
]


class AllianceRiskError(Exception):
    """Root of every exception that alliance_risk raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a World or a file of records.

    Attributes
    ----------
    location : str
        Where it is, as ``kind[index].field`` (``"pacts[3].ended"``).
    record : str or None
        The id (or state code) of the record concerned, when it could be read.
    message : str
        The whole sentence: the record, the field, the value, and what was expected.
    """

    location: str
    record: str | None
    message: str

    def __str__(self) -> str:
        return self.message


class InvalidWorldError(AllianceRiskError, ValueError):
    """A file or mapping of records does not make a valid World.

    Every problem found is listed, not only the first: see ``.problems``.
    """

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        n = len(problems)
        lines = [f"{source}: {n} problem{'s' if n != 1 else ''}"]
        lines.extend(f"  - {p}" for p in problems)
        super().__init__("\n".join(lines))


class UnknownScenarioError(AllianceRiskError, LookupError):
    """No built-in scenario has that name and no file exists at that path."""


class InvalidParameterError(AllianceRiskError, ValueError, TypeError):
    """A parameter of a public function has the wrong type or value."""


class MissingDataError(AllianceRiskError):
    """A required data file or value is missing."""


class UnknownStateError(InvalidParameterError, LookupError):
    """A state code passed to a function is not in the World (close matches are named)."""
