"""Citations and versions of the data sets alliance_risk reads.

Like peacesciencer's ``ps_cite()`` and ``ps_version()``.

``cite`` returns BibTeX text and never prints; ``data_versions`` returns typed rows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ._errors import InvalidParameterError

__all__ = ["DataVersion", "cite", "data_versions"]


@dataclass(frozen=True, slots=True)
class DataVersion:
    """One data set: what it is, which version, what it covers, and how to cite it.

    Attributes
    ----------
    key : str
        The name alliance_risk uses (``"atop"``).
    name : str
        The data set's name.
    version : str
        Its version.
    coverage : str
        Years covered.
    citation_key : str
        BibTeX key of its reference.
    """

    key: str
    name: str
    version: str
    coverage: str
    citation_key: str

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict.

        Examples
        --------
        >>> data_versions()[0].to_dict()["version"]
        '5.1'
        """
        return {
            "key": self.key,
            "name": self.name,
            "version": self.version,
            "coverage": self.coverage,
            "citation_key": self.citation_key,
        }


_VERSIONS = (
    DataVersion("atop", "Alliance Treaty Obligations and Provisions (ATOP)", "5.1",
                "1815-2018", "leeds2002atop"),
    DataVersion("cow_states", "Correlates of War State System Membership", "2016",
                "1816-2016", "cow2016states"),
    DataVersion("cow_nmc", "Correlates of War National Material Capabilities", "6.0",
                "1816-2016", "singer1972capability"),
    DataVersion("s_scores", "Signorino-Ritter S scores from ATOP 5.1 (Miller, fpsim)",
                "2025-07-23", "17 years, 1816-2018", "signorino1999tau"),
    DataVersion("cow_mid", "Correlates of War Militarized Interstate Disputes (MIDB)", "5.0",
                "1816-2014", "palmer2022mid5"),
    DataVersion("cow_wars", "Correlates of War Inter-State War Data", "4.0", "1823-2003",
                "sarkees2010resort"),
    DataVersion("td_rivalries", "Strategic rivalries (Thompson and Dreyer)", "2012",
                "1494-2010", "thompson2012handbook"),
    DataVersion("tss_rivalries", "Strategic rivalries (Thompson, Sakuwa and Suhas)", "2021",
                "1494-2020", "thompson2021analyzing"),
    DataVersion("cow_contiguity", "Correlates of War Direct Contiguity", "3.2", "1816-2016",
                "stinnett2002contiguity"),
    DataVersion("cow_igo", "Correlates of War Intergovernmental Organizations (dyad-years)",
                "3.0", "1816-2014", "pevehouse2020igo"),
)  # fmt: skip

_BIBTEX = {
    "leeds2002atop": """@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and
            Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815--1944},
  journal = {International Interactions},
  volume = {28},
  pages = {237--260},
  year = {2002},
  note = {ATOP version 5.1}
}""",
    "cow2016states": """@misc{cow2016states,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  howpublished = {correlatesofwar.org}
}""",
    "singer1972capability": """@incollection{singer1972capability,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},
  booktitle = {Peace, War, and Numbers},
  editor = {Russett, Bruce},
  publisher = {Sage},
  pages = {19--48},
  year = {1972},
  note = {National Material Capabilities version 6.0 (Greig and Enterline 2021)}
}""",
    "signorino1999tau": """@article{signorino1999tau,
  author = {Signorino, Curtis S. and Ritter, Jeffrey M.},
  title = {Tau-b or Not Tau-b: Measuring the Similarity of Foreign Policy Positions},
  journal = {International Studies Quarterly},
  volume = {43},
  number = {1},
  pages = {115--144},
  year = {1999}
}""",
    "palmer2022mid5": """@article{palmer2022mid5,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and
            Kenwick, Michael R. and Karstens, Mikaela and Bloch, Chase and
            Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},
  title = {The {MID5} Dataset, 2011--2014: Procedures, Coding Rules, and Description},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {4},
  pages = {470--482},
  year = {2022},
  note = {Militarized Interstate Disputes version 5.0, participant-level file (MIDB)}
}""",
    "sarkees2010resort": """@book{sarkees2010resort,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-state, Extra-state, Intra-state, and
           Non-state Wars, 1816--2007},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2010},
  note = {Correlates of War Inter-State War Data version 4.0}
}""",
    "thompson2012handbook": """@book{thompson2012handbook,
  author = {Thompson, William R. and Dreyer, David},
  title = {Handbook of International Rivalries, 1494--2010},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2012}
}""",
    "thompson2021analyzing": """@book{thompson2021analyzing,
  author = {Thompson, William R. and Sakuwa, Kentaro and Suhas, Prashant Hosur},
  title = {Analyzing Strategic Rivalries in World Politics: Types of Rivalry, Regional
           Variation, and Escalation/De-escalation},
  publisher = {Springer},
  year = {2021}
}""",
    "stinnett2002contiguity": """@article{stinnett2002contiguity,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and
            Diehl, Paul F. and Gochman, Charles},
  title = {The Correlates of War Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19},
  number = {2},
  pages = {58--66},
  year = {2002},
  note = {Direct Contiguity data version 3.2}
}""",
    "pevehouse2020igo": """@article{pevehouse2020igo,
  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and
            Jamison, Anne Spencer},
  title = {Tracking Organizations in the World: The Correlates of War {IGO}
           Version 3.0 Datasets},
  journal = {Journal of Peace Research},
  volume = {57},
  number = {3},
  pages = {492--503},
  year = {2020}
}""",
}


def data_versions() -> tuple[DataVersion, ...]:
    """Return the data sets alliance_risk can read, with versions and citation keys.

    Examples
    --------
    >>> [v.key for v in data_versions()][:4]
    ['atop', 'cow_states', 'cow_nmc', 's_scores']
    >>> [v.key for v in data_versions()][4:]  # the history of enmity
    ['cow_mid', 'cow_wars', 'td_rivalries', 'tss_rivalries', 'cow_contiguity', 'cow_igo']
    """
    return _VERSIONS


def _keys(item: Any) -> tuple[str, ...]:
    if isinstance(item, str):
        return (item,)
    datasets = getattr(item, "datasets", None)
    if isinstance(datasets, tuple) and all(isinstance(k, str) for k in datasets):
        return datasets
    raise InvalidParameterError(
        f"cite takes data set keys, Worlds or panels; got {type(item).__name__}"
    )


def cite(*what: Any) -> str:
    """Return BibTeX for data sets, by key or for the Worlds and panels that used them.

    Parameters
    ----------
    *what : str, World or DyadYears
        Data set keys (see :func:`data_versions`) or objects with a ``datasets`` field.
        With nothing, every data set is cited.

    Returns
    -------
    str
        BibTeX entries, one per reference, in a stable order; empty if the objects used
        no published data set (a hand-made scenario: cite its records' sources).

    Raises
    ------
    InvalidParameterError
        For an unknown key (close matches are named).

    Examples
    --------
    >>> print(cite("atop").splitlines()[0])
    @article{leeds2002atop,
    """
    by_key = {v.key: v for v in _VERSIONS}
    keys = [k for item in what for k in _keys(item)] if what else list(by_key)
    refs: list[str] = []
    for k in keys:
        if k not in by_key:
            close = difflib.get_close_matches(k, list(by_key), n=2)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise InvalidParameterError(f"{k!r} is not a data set alliance_risk knows{hint}")
        ref = by_key[k].citation_key
        if ref not in refs:
            refs.append(ref)
    return "\n\n".join(_BIBTEX[r] for r in refs)
