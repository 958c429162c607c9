"""Loaders for real data: ATOP 5.1 alliances and COW state-system and capability data.

Beside the data flow: each ``read_*`` turns a file into typed arrays or records, and
:func:`atop_world` turns them into a World that the scoring engine reads.
:func:`dyad_years` builds the classic dyad-year panel. No COW Formal Alliances loader
exists, by design: its maintainer asked software not to facilitate its use.
"""

from ._csv import DataFileError, ReadReport
from .atop import (
    ATOP_OBLIGATIONS,
    AtopData,
    AtopDyadYears,
    AtopMembers,
    PactsReport,
    atop_pacts,
    read_atop,
    read_atop_alliances,
    read_atop_dyad_years,
    read_atop_members,
)
from .cow import CowCapabilities, CowStates, read_cow_capabilities, read_cow_states
from .panel import VALUATIONS, DyadYears, atop_pacts_report, atop_portfolios, atop_world, dyad_years

__all__ = [
    "ATOP_OBLIGATIONS",
    "VALUATIONS",
    "AtopData",
    "AtopDyadYears",
    "AtopMembers",
    "CowCapabilities",
    "CowStates",
    "DataFileError",
    "DyadYears",
    "PactsReport",
    "ReadReport",
    "atop_pacts",
    "atop_pacts_report",
    "atop_portfolios",
    "atop_world",
    "dyad_years",
    "read_atop",
    "read_atop_alliances",
    "read_atop_dyad_years",
    "read_atop_members",
    "read_cow_capabilities",
    "read_cow_states",
]
