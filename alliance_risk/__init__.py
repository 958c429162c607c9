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
    UnknownStateError,
)
from .aggregations import register_aggregation, registered_aggregations, unregister_aggregation
from .compile import CompiledWorld, compile_world
from .config import ScoringConfig, read_config
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
from .provenance import DataVersion, cite, data_versions
from .results import Change, DyadScores, Evidence, Milestone, Timeline, TriadScore
from .scenarios import ScenarioInfo, list_scenarios, load_scenario
from .scoring import month_starts, power_mean, score_dyads, score_triad, timeline, top_triads
from .signals import register_signal, registered_signals, unregister_signal
from .similarity import (
    kappa,
    kappa_pair,
    measure_matrices,
    pi,
    pi_pair,
    s_score,
    s_score_pair,
    tau_b,
    tau_b_pair,
)
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
    "Change",
    "CompiledWorld",
    "Confidence",
    "DataVersion",
    "Deployment",
    "DeploymentKind",
    "DyadScores",
    "Evidence",
    "Exercise",
    "InvalidParameterError",
    "InvalidWorldError",
    "Lifeline",
    "Milestone",
    "MissingDataError",
    "Obligation",
    "Pact",
    "Problem",
    "Record",
    "ScenarioInfo",
    "ScoringConfig",
    "State",
    "Summit",
    "Timeline",
    "TriadScore",
    "UnknownScenarioError",
    "UnknownStateError",
    "World",
    "WorldSummary",
    "__version__",
    "cite",
    "compile_world",
    "data_versions",
    "kappa",
    "kappa_pair",
    "list_scenarios",
    "load_scenario",
    "measure_matrices",
    "month_starts",
    "pi",
    "pi_pair",
    "power_mean",
    "read_config",
    "read_world",
    "register_aggregation",
    "register_signal",
    "registered_aggregations",
    "registered_signals",
    "s_score",
    "s_score_pair",
    "score_dyads",
    "score_triad",
    "summarize",
    "tau_b",
    "tau_b_pair",
    "timeline",
    "top_triads",
    "unregister_aggregation",
    "unregister_signal",
    "world_from_json",
    "world_schema",
    "world_to_json",
    "write_world",
]
