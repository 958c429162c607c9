"""alliance_risk: alignment scores for every pair and trio of states, with the reasons.

Data flows one way: records (:mod:`alliance_risk.models`) -> :class:`World`
(:mod:`alliance_risk.world`) -> compiled arrays -> signals -> scores -> results.
"""

from ._errors import (
    AllianceRiskError,
    InvalidParameterError,
    InvalidWorldError,
    MissingDataError,
    Problem,
    UnknownScenarioError,
)
from .models import (
    Confidence,
    Deployment,
    DeploymentKind,
    Exercise,
    Lifeline,
    Obligation,
    Pact,
    Record,
    State,
    Summit,
)
from .scenarios import list_scenarios, load_scenario
from .world import (
    World,
    WorldSummary,
    read_world,
    summarize,
    world_from_json,
    world_schema,
    world_to_json,
    write_world,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "AllianceRiskError",
    "Confidence",
    "Deployment",
    "DeploymentKind",
    "Exercise",
    "InvalidParameterError",
    "InvalidWorldError",
    "Lifeline",
    "MissingDataError",
    "Obligation",
    "Pact",
    "Problem",
    "Record",
    "State",
    "Summit",
    "UnknownScenarioError",
    "World",
    "WorldSummary",
    "__version__",
    "list_scenarios",
    "load_scenario",
    "read_world",
    "summarize",
    "world_from_json",
    "world_schema",
    "world_to_json",
    "write_world",
]
