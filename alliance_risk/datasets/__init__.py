"""Loaders for real data: ATOP 5.1 alliances, COW data, and the history of enmity.

Beside the data flow: each ``read_*`` turns a file into typed arrays or records, and
:func:`atop_world` turns them into a World that the scoring engine reads.
:func:`dyad_years` builds the classic dyad-year panel. For the history of enmity,
``read_cow_mids``, ``read_cow_wars``, ``read_rivalries``, ``read_cow_contiguity`` and
``read_cow_igo`` read COW disputes and wars, strategic rivalries, contiguity and IGO
dyad-years; ``mid_conflicts``, ``war_conflicts``, ``rivalry_records`` and
``contiguity_records`` and ``igo_records`` map them to Conflict, Rivalry, Contiguity and
JointIgos records. :func:`fetch` downloads the files they read, pinned by address
and SHA-256, into a cache (only when called). No COW
Formal Alliances loader exists, by design: its maintainer asked software not to
facilitate its use.
"""

from ._csv import DataFileError, ReadReport
from ._fetch import CACHE_ENV, DATA_FILES, URL_ENV, DataFile, cache_folder, fetch, fetch_all
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
from .history import (
    CONTIGUITY_LEVELS,
    HISTORY_FOLDERS,
    RIVALRY_TYPES,
    CowContiguity,
    CowIgo,
    CowMids,
    CowWars,
    HistoryReport,
    RecordsReport,
    Rivalries,
    contiguity_records,
    history_report,
    history_world,
    igo_records,
    mid_conflicts,
    read_cow_contiguity,
    read_cow_igo,
    read_cow_mids,
    read_cow_wars,
    read_rivalries,
    rivalry_records,
    war_conflicts,
)
from .panel import VALUATIONS, DyadYears, atop_pacts_report, atop_portfolios, atop_world, dyad_years

__all__ = [
    "ATOP_OBLIGATIONS",
    "CACHE_ENV",
    "CONTIGUITY_LEVELS",
    "DATA_FILES",
    "HISTORY_FOLDERS",
    "RIVALRY_TYPES",
    "URL_ENV",
    "VALUATIONS",
    "AtopData",
    "AtopDyadYears",
    "AtopMembers",
    "CowCapabilities",
    "CowContiguity",
    "CowIgo",
    "CowMids",
    "CowStates",
    "CowWars",
    "DataFile",
    "DataFileError",
    "DyadYears",
    "HistoryReport",
    "PactsReport",
    "ReadReport",
    "RecordsReport",
    "Rivalries",
    "atop_pacts",
    "atop_pacts_report",
    "atop_portfolios",
    "atop_world",
    "cache_folder",
    "contiguity_records",
    "dyad_years",
    "fetch",
    "fetch_all",
    "history_report",
    "history_world",
    "igo_records",
    "mid_conflicts",
    "read_atop",
    "read_atop_alliances",
    "read_atop_dyad_years",
    "read_atop_members",
    "read_cow_capabilities",
    "read_cow_contiguity",
    "read_cow_igo",
    "read_cow_mids",
    "read_cow_states",
    "read_cow_wars",
    "read_rivalries",
    "rivalry_records",
    "war_conflicts",
]
