"""Registers alliance_risk's types with hypothesis (run by its entry point).

After this, ``st.from_type(World)`` and ``st.builds(...)`` draw valid records and Worlds
with no further set-up.
"""

from __future__ import annotations

__all__: list[str] = []


def _register() -> None:
    """Register a strategy for every record type, the World and ScoringConfig.

    Each strategy is deferred: hypothesis runs this hook when it is first imported,
    which may be while :mod:`alliance_risk.testing.strategies` itself is being imported
    (it imports hypothesis), so its functions are looked up only when first drawn from.
    """
    from hypothesis import strategies as st

    from ..config import ScoringConfig
    from ..models import (
        Conflict,
        Contiguity,
        Deployment,
        Exercise,
        Lifeline,
        Pact,
        Rivalry,
        State,
        Summit,
    )
    from ..world import World
    from . import strategies as ars

    codes = st.sampled_from(["AAA", "AAB", "AAC", "AAD"])
    st.register_type_strategy(State, st.deferred(lambda: ars.states()))
    st.register_type_strategy(Pact, st.deferred(lambda: ars.pacts(parties=codes)))
    st.register_type_strategy(Deployment, st.deferred(lambda: ars.deployments(states=codes)))
    st.register_type_strategy(Summit, st.deferred(lambda: ars.summits(participants=codes)))
    st.register_type_strategy(Exercise, st.deferred(lambda: ars.exercises(participants=codes)))
    st.register_type_strategy(Lifeline, st.deferred(lambda: ars.lifelines(states=codes)))
    st.register_type_strategy(Conflict, st.deferred(lambda: ars.conflicts(participants=codes)))
    st.register_type_strategy(Rivalry, st.deferred(lambda: ars.rivalries(states=codes)))
    st.register_type_strategy(Contiguity, st.deferred(lambda: ars.contiguities(states=codes)))
    st.register_type_strategy(World, st.deferred(lambda: ars.worlds()))
    st.register_type_strategy(ScoringConfig, st.deferred(lambda: ars.scoring_configs()))
