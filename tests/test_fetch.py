"""Tests of the modules alliance_risk.datasets._fetch and alliance_risk.datasets._rdata.

Downloads come only from an HTTP server on 127.0.0.1 that serves the repository's own
test fixtures as the publishers serve the real files (raw CSV, CSV with old-Mac line
endings, R data files made here); a guard makes any other host an error.
"""

from __future__ import annotations

import bz2
import csv
import dataclasses
import hashlib
import http.server
import io
import re
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliance_risk as ar
from alliance_risk._errors import InvalidParameterError, MissingDataError
from alliance_risk.datasets import (
    CACHE_ENV,
    DATA_FILES,
    HISTORY_FOLDERS,
    URL_ENV,
    DataFile,
    DataFileError,
    cache_folder,
    fetch,
    fetch_all,
    history_report,
    read_atop,
)
from alliance_risk.datasets import _fetch as fetch_module
from alliance_risk.datasets._rdata import rda_to_csv

from .conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# --- no host but loopback, ever --------------------------------------------------------------


@pytest.fixture(autouse=True)
def refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse every host but loopback (before any name is looked up); list those refused."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
    hosts: list[str] = []

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            hosts.append(str(address[0]))
            raise OSError(f"tests may reach loopback only; tried {address!r}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            hosts.append(str(host))
            raise OSError(f"tests may reach loopback only; tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return hosts


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    monkeypatch.delenv(URL_ENV, raising=False)
    return folder


def test_the_guard_refuses_other_hosts(refused: list[str]) -> None:
    with pytest.raises(OSError, match="loopback only"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert refused == ["192.0.2.1"]


# --- R data files, made here ------------------------------------------------------------------


class _RWriter:
    """Writes R's XDR serialization of one data frame (the subset rda_to_csv reads)."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.symbols: dict[str, int] = {}

    def word(self, v: int) -> None:
        self.out.write(struct.pack(">i", v))

    def char(self, s: str | None) -> None:
        self.word(9 | (1 << 15))  # CHARSXP, UTF-8
        if s is None:
            self.word(-1)
            return
        raw = s.encode("utf-8")
        self.word(len(raw))
        self.out.write(raw)

    def symbol(self, name: str) -> None:
        if name in self.symbols:  # a repeated symbol is a reference, as R writes it
            self.word(255 | (self.symbols[name] << 8))
            return
        self.symbols[name] = len(self.symbols) + 1
        self.word(1)
        self.char(name)

    def pairs(self, items: list[tuple[str, Any]]) -> None:
        for tag, value in items:
            self.word(2 | (1 << 10))
            self.symbol(tag)
            self.value(value)
        self.word(254)

    def value(self, v: Any) -> None:
        kind, values, attrs = v
        self.word(kind | ((1 << 9) if attrs else 0))
        self.word(len(values))
        if kind == 14:
            self.out.write(struct.pack(f">{len(values)}d", *values))
        elif kind in (10, 13):
            self.out.write(struct.pack(f">{len(values)}i", *values))
        elif kind == 19:
            for column in values:
                self.value(column)
        else:
            for s in values:
                self.char(s)
        if attrs:
            self.pairs(attrs)


NA_REAL = struct.unpack(">d", bytes.fromhex("7ff00000000007a2"))[0]  # R's NA_real_
ISO = re.compile(r"\d{4}-\d\d-\d\d")


def _r_column(cells: list[str]) -> tuple[int, list[Any], list[tuple[str, Any]]]:
    """Store a CSV column as R would read it: numbers as doubles, ISO dates as Date."""
    filled = [c for c in cells if c]
    if filled and all(re.fullmatch(r"-?\d+", c) for c in filled):
        return (14, [float(c) if c else NA_REAL for c in cells], [])
    if filled and all(ISO.fullmatch(c) for c in filled):
        from datetime import date

        days = [float(date.fromisoformat(c).toordinal() - 719163) if c else NA_REAL for c in cells]
        return (14, days, [("class", (16, ["Date"], []))])
    return (16, [c or None for c in cells], [])


def to_rda(columns: Mapping[str, tuple[int, list[Any], list[tuple[str, Any]]]]) -> bytes:
    """Return a bzip2-compressed R data file (format 2) holding one data frame."""
    w = _RWriter()
    w.out.write(b"RDX2\nX\n")
    for v in (2, 0x40002, 0x20300):
        w.word(v)
    n = len(next(iter(columns.values()))[1]) if columns else 0
    frame = (
        19,
        list(columns.values()),
        [
            ("names", (16, list(columns), [])),
            ("class", (16, ["tbl_df", "tbl", "data.frame"], [])),
            ("row.names", (13, [-(2**31), -n], [])),
        ],
    )
    w.pairs([("frame", frame)])
    return bz2.compress(w.out.getvalue())


def csv_to_rda(text: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    return to_rda({h: _r_column([r[k] for r in body]) for k, h in enumerate(header)})


def test_rda_to_csv_gives_back_each_fixture_byte_for_byte() -> None:
    converted = [f for files in DATA_FILES.values() for f in files if f.conversion == "rda"]
    assert len(converted) == 6
    for f in converted:
        original = _fixture(f).read_bytes()
        assert rda_to_csv(csv_to_rda(original), source=f.name) == original, f.name


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(-(10**12), 10**12)),
            st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
            st.one_of(
                st.none(),
                st.text(
                    st.characters(
                        codec="utf-8", exclude_categories=["Cs"], exclude_characters="\r\n"
                    )
                ),
            ),
        ),
        max_size=20,
    )
)
def test_rda_to_csv_round_trips_any_frame(rows: list[tuple[Any, Any, Any]]) -> None:
    ints = [r[0] for r in rows]
    reals = [r[1] for r in rows]
    texts = [r[2] for r in rows]
    rda = to_rda(
        {
            "whole": (14, [NA_REAL if v is None else float(v) for v in ints], []),
            "real": (14, [NA_REAL if v is None else v for v in reals], []),
            "text": (16, texts, []),
        }
    )
    out = rda_to_csv(rda, source="x.rda").decode("utf-8")
    back = list(csv.reader(io.StringIO(out, newline="")))
    assert back[0] == ["whole", "real", "text"] and len(back) == len(rows) + 1
    real_whole = all(v is None or float(v).is_integer() for v in reals)
    for (i, x, s), (bi, bx, bs) in zip(rows, back[1:], strict=True):
        assert bi == ("" if i is None else str(i))
        if x is None:
            assert bx == ""
        else:  # a column of whole numbers is written as integers, any other exactly
            assert bx == str(int(x)) if real_whole else float(bx) == x
        assert bs == (s or "")  # NA and "" both read back as an empty field


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"RDX2\nX\n" + struct.pack(">iiii", 2, 0, 0, 3), "a function"),
        (bz2.compress(b"RDX2\nX\n" + struct.pack(">iiii", 2, 0, 0, 4)), "an environment"),
        (b"RDA2\nA\n", "expected an R data file"),
        (b"RDX2\nX\n" + struct.pack(">iii", 2, 0, 0), "end too early"),
    ],
)
def test_rda_to_csv_refuses_what_is_not_a_plain_frame(raw: bytes, expected: str) -> None:
    with pytest.raises(DataFileError, match=expected):
        rda_to_csv(raw, source="x.rda")


@pytest.mark.parametrize("text", ["two\nlines", "old\rMac", "\r\n"])
def test_rda_to_csv_refuses_a_line_break_in_a_value(text: str) -> None:
    rda = to_rda({"name": (16, ["fine", text], [])})
    with pytest.raises(DataFileError, match=r"column 'name', row 2: .* holds a line break"):
        rda_to_csv(rda, source="x.rda")


def test_rda_to_csv_refuses_a_list_column() -> None:
    rda = to_rda({"a": (14, [1.0], []), "b": (19, [(14, [1.0], [])], [])})
    with pytest.raises(DataFileError, match="column 'b' is a list"):
        rda_to_csv(rda, source="x.rda")


# --- a loopback mirror of the fixtures --------------------------------------------------------


def _fixture(f: DataFile) -> Path:
    found = list(FIXTURES.rglob(f.name))
    assert len(found) == 1, f"no single fixture named {f.name}"
    return found[0]


def _published(f: DataFile) -> bytes:
    """Return the fixture as the publisher serves the real file."""
    data = _fixture(f).read_bytes()
    if f.conversion == "cr-to-lf":
        assert b"\r" not in data
        return data.replace(b"\n", b"\r")
    if f.conversion == "rda":
        return csv_to_rda(data)
    return data


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[DataFile, ...]]:
    """Serve the fixtures at the mirror paths; pin their hashes in place of the real ones."""
    root = tmp_path / "mirror"
    pins: dict[str, tuple[DataFile, ...]] = {}
    for key, files in DATA_FILES.items():
        mine = []
        for f in files:
            data = _published(f)
            out = root / f.mirror_path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            csv_hash = _sha(_fixture(f).read_bytes())
            mine.append(dataclasses.replace(f, sha256=_sha(data), csv_sha256=csv_hash))
        pins[key] = tuple(mine)
    monkeypatch.setattr(fetch_module, "DATA_FILES", pins)
    return pins


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requests.append(self.path)


@contextmanager
def serving(folder: Path) -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_Handler,), {"requests": seen})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port() -> str:
    """Return a loopback address where nothing listens: every connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- fetch ------------------------------------------------------------------------------------


def test_fetch_downloads_into_the_cache_with_the_pinned_hash(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pooch")
    with serving(tmp_path / "mirror") as (url, seen):
        folder = fetch("atop", base_url=url)
    assert folder == cache / "atop_v5.1"
    assert sorted(seen) == sorted(f"/{f.mirror_path}" for f in mirror["atop"])
    for f in mirror["atop"]:
        assert _sha((folder / f.name).read_bytes()) == f.csv_sha256
        assert (folder / f.name).read_bytes() == _fixture(f).read_bytes()
    here, there = read_atop(folder), read_atop(FIXTURES / "atop")
    assert here.members.atopid.tolist() == there.members.atopid.tolist()


def test_fetched_files_are_what_the_loaders_read_and_work_offline(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pooch")
    with serving(tmp_path / "mirror") as (url, seen):
        root = fetch_all(base_url=url)
    assert root == cache and len(seen) == sum(len(v) for v in mirror.values())
    # every file, converted or not, is the fixture the publisher's file stands for
    for files in mirror.values():
        for f in files:
            assert (cache / f.folder / f.name).read_bytes() == _fixture(f).read_bytes(), f.name
    fixtures = {"atop": "atop", "cow_states": "cow", "cow_mid": "mid", "cow_wars": "wars",
                "rivalries": "rivalries", "cow_contiguity": "contiguity", "cow_igo": "igo"}  # fmt: skip
    assert history_report(root).records == history_report(FIXTURES, folders=fixtures).records
    # the server is gone: a second call reads the cache and asks no one
    assert fetch_all(base_url=closed_port()) == cache
    assert fetch("cow_igo") == cache / "cow_igo_v3"


def test_a_mirror_can_be_named_by_the_environment(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    pytest.importorskip("pooch")
    with serving(tmp_path / "mirror") as (url, seen):
        monkeypatch.setenv(URL_ENV, url + "/")
        fetch("cow_mid")
    assert seen == ["/cow_mid_v5.0/MIDB%205.0.csv"]
    assert (cache / "cow_mid_v5.0" / "MIDB_5.0.csv").is_file()


def test_a_download_with_another_hash_is_refused_and_not_kept(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pooch")
    served = tmp_path / "mirror" / mirror["cow_mid"][0].mirror_path
    served.write_bytes(served.read_bytes() + b"1,2,3\n")  # the file changed at the source
    with serving(tmp_path / "mirror") as (url, _), pytest.raises(DataFileError) as err:
        fetch("cow_mid", base_url=url)
    message = str(err.value)
    assert f"{url}/cow_mid_v5.0/MIDB%205.0.csv" in message
    assert mirror["cow_mid"][0].sha256 in message and "not kept" in message
    assert not (cache / "cow_mid_v5.0" / "MIDB_5.0.csv").exists()
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_offline_and_not_cached_says_what_where_and_how(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path
) -> None:
    pytest.importorskip("pooch")
    url = closed_port()
    with pytest.raises(MissingDataError) as err:
        fetch("cow_igo", base_url=url)
    message = str(err.value)
    f = mirror["cow_igo"][0]
    for part in (f.name, f"{url}/cow_igo_v3/cow_igo_ndy.rda", str(cache), f.url,
                 str(cache / "cow_igo_v3" / f.name), f.csv_sha256, CACHE_ENV):  # fmt: skip
        assert part in message, part
    assert "ConnectionError" in message


def test_the_pinned_addresses_are_used_without_a_mirror(
    mirror: dict[str, tuple[DataFile, ...]], refused: list[str]
) -> None:
    pytest.importorskip("pooch")
    with pytest.raises(MissingDataError) as err:
        fetch("cow_nmc")  # the guard makes the real address an offline error
    assert mirror["cow_nmc"][0].url in str(err.value)
    assert refused == ["raw.githubusercontent.com"]


def test_a_file_placed_by_hand_is_used_and_a_wrong_one_is_left_alone(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path
) -> None:
    f = mirror["cow_wars"][0]
    target = cache / f.folder / f.name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"WarNum,Side\n1,1\n")
    with pytest.raises(DataFileError, match="left as it is"):
        fetch("cow_wars", base_url=closed_port())
    assert target.read_bytes() == b"WarNum,Side\n1,1\n"
    target.write_bytes(_fixture(f).read_bytes())
    assert fetch("cow_wars", base_url=closed_port()) == target.parent


def test_unknown_names_are_refused_with_the_names_and_close_matches() -> None:
    with pytest.raises(InvalidParameterError) as err:
        fetch("cow_igos")
    message = str(err.value)
    assert "did you mean 'cow_igo'" in message
    assert all(repr(k) in message for k in DATA_FILES)
    with pytest.raises(InvalidParameterError, match="did you mean 'atop'"):
        fetch_all("cow_states", "ATOP")  # refused before anything is downloaded
    with pytest.raises(InvalidParameterError):
        fetch(3)  # type: ignore[arg-type]


def test_without_pooch_a_download_names_the_extra(
    mirror: dict[str, tuple[DataFile, ...]], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pooch", None)
    with pytest.raises(ImportError, match=re.escape("alliance_risk[fetch]")):
        fetch("cow_mid", base_url=closed_port())
    # cached files need no pooch
    f = mirror["cow_mid"][0]
    (cache / f.folder).mkdir(parents=True)
    (cache / f.folder / f.name).write_bytes(_fixture(f).read_bytes())
    assert fetch("cow_mid") == cache / f.folder


def test_the_cache_folder_is_the_environment_s_or_the_os_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache_folder() == cache
    pooch = pytest.importorskip("pooch")
    monkeypatch.delenv(CACHE_ENV)
    assert cache_folder() == Path(pooch.os_cache("alliance_risk"))


def test_importing_the_package_downloads_nothing_and_loads_no_pooch() -> None:
    code = (
        "import sys, alliance_risk, alliance_risk.datasets; "
        "print([m for m in ('pooch', 'requests') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the real pins ----------------------------------------------------------------------------


def test_every_pinned_data_set_is_a_known_data_set_in_the_loaders_folders() -> None:
    keys = {v.key for v in ar.data_versions()}
    assert set(DATA_FILES) == keys - {"s_scores"}  # no loader reads the S-score file
    history = {**HISTORY_FOLDERS, "td_rivalries": HISTORY_FOLDERS["rivalries"],
               "tss_rivalries": HISTORY_FOLDERS["rivalries"], "cow_nmc": "cow_nmc_v6.0"}  # fmt: skip
    for key, files in DATA_FILES.items():
        assert {f.folder for f in files} == {history[key]}, key
        for f in files:
            assert f.dataset == key
            assert re.fullmatch(r"[0-9a-f]{40}", f.commit) and f.commit in f.url
            assert re.fullmatch(r"[0-9a-f]{40}", f.blob) and f.blob in f.hash_from
            assert re.fullmatch(r"[0-9a-f]{64}", f.sha256)
            assert re.fullmatch(r"[0-9a-f]{64}", f.csv_sha256)
            assert (f.sha256 == f.csv_sha256) == (f.conversion == "none")


def test_the_pins_are_the_files_in_shared_data() -> None:
    data = SHARED / "data"
    if not (data / "atop_v5.1").is_dir():
        pytest.skip(f"real data not found at {data} (a fresh clone has no ../shared/data)")
    for files in DATA_FILES.values():
        for f in files:
            path = data / f.folder / f.name
            assert _sha(path.read_bytes()) == f.csv_sha256, path
