"""Tools for testing scoring rules: hypothesis strategies (:mod:`.strategies`).

Not imported by ``import alliance_risk``: it is for test suites.
"""

__all__: list[str] = []
