"""Tools for testing scoring rules: hypothesis strategies and invariant checks.

- :mod:`alliance_risk.testing.strategies`: strategies for records, Worlds and configs.
- :mod:`alliance_risk.testing.properties`: one check per invariant, and ``check_rule``.

Not imported by ``import alliance_risk``: it is for test suites.
"""

__all__: list[str] = []
