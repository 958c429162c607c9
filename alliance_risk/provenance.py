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
        return {"key": self.key, "name": self.name, "version": self.version,
                "coverage": self.coverage, "citation_key": self.citation_key}  # fmt: skip


_VERSIONS = (
    DataVersion("atop", "Alliance Treaty Obligations and Provisions (ATOP)", "5.1",
                "1815-2018", "leeds2002atop"),
    DataVersion("cow_states", "Correlates of War State System Membership", "2016",
                "1816-2016", "cow2016states"),
    DataVersion("cow_nmc", "Correlates of War National Material Capabilities", "6.0",
                "1816-2016", "singer1972capability"),
    DataVersion("s_scores", "Signorino-Ritter S scores from ATOP 5.1 (Miller, fpsim)",
                "2025-07-23", "17 years, 1816-2018", "signorino1999tau"),
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
}


def data_versions() -> tuple[DataVersion, ...]:
    """Return the data sets alliance_risk can read, with versions and citation keys.

    Examples
    --------
    >>> [v.key for v in data_versions()]
    ['atop', 'cow_states', 'cow_nmc', 's_scores']
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
