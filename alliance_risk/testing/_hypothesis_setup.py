"""Registers alliance_risk's types with hypothesis (run by its entry point).

After this, ``st.from_type(World)`` and ``st.builds(...)`` draw valid records and Worlds
with no further set-up.
"""

from __future__ import annotations

__all__: list[str] = []


def _register() -> None:
    """Register a strategy for every record type, the World and ScoringConfig."""
    from hypothesis import strategies as st

    from ..config import ScoringConfig
    from ..models import Deployment, Exercise, Lifeline, Pact, State, Summit
    from ..world import World
    from . import strategies as ars

    codes = st.sampled_from(["AAA", "AAB", "AAC", "AAD"])
    st.register_type_strategy(State, ars.states())
    st.register_type_strategy(Pact, ars.pacts(parties=codes))
    st.register_type_strategy(Deployment, ars.deployments(states=codes))
    st.register_type_strategy(Summit, ars.summits(participants=codes))
    st.register_type_strategy(Exercise, ars.exercises(participants=codes))
    st.register_type_strategy(Lifeline, ars.lifelines(states=codes))
    st.register_type_strategy(World, ars.worlds())
    st.register_type_strategy(ScoringConfig, ars.scoring_configs())
