"""The documentation site as a reader gets it.

Built once, its HTML is checked for formulas, tables and markup left as raw text and for
anything loaded from another host; headless Chromium checks that the formulas of the
scoring pages are typeset, with every host but loopback unreachable.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = ROOT / "docs" / "node_modules" / "mathjax" / "es5" / "tex-chtml.js"
# Pages whose formulas Chromium must typeset: the scoring rules and their docstrings.
MATH_PAGES = (
    "scoring/index.html",
    "api/scoring/index.html",
    "api/similarity/index.html",
    "api/calibrate/index.html",
)
# Elements whose text is not prose: scripts and styles are not shown, code is shown as
# written (and elements of class arithmatex hold TeX for MathJax).
_KIND = {"script": "hidden", "style": "hidden", "code": "verbatim", "pre": "verbatim"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr"}
# What the reader must never see: TeX delimiters, reStructuredText markup, escapes.
_RAW_MATH = ("$$", "\\(", "\\)", "\\[", "\\]", ".. math::")
# A Sphinx role as Markdown renders it: the role's name, then the target as code.
_RST_ROLE = re.compile(r":(?:py:)?(?:func|meth|class|attr|mod|exc|data|obj|const|ref|math|doc):")
_URL_ATTRS = {"src", "href", "data", "poster", "srcset"}


class _Page(HTMLParser):
    """One HTML page: its prose, all its visible text, its formulas, what it loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, what its text is: see _KIND)
        self.depth = dict.fromkeys(("hidden", "verbatim", "math"), 0)
        self.prose: list[str] = []  # text outside code and formulas
        self.visible: list[str] = []  # all text a reader sees (before MathJax)
        self.formulas: list[str] = []  # the TeX of each formula
        self.resources: list[tuple[str, str]] = []  # (tag, url) loaded by the page
        self.first_cells: list[str] = []  # text of each table row's first cell
        self._cell = 0  # index of the open <td> in its row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        loads = tag in {"script", "img", "iframe", "source", "audio", "video", "object"} or (
            tag == "link" and a.get("rel", "") not in {"canonical", "next", "prev"}
        )
        if loads:
            self.resources += [(tag, v) for k, v in a.items() if k in _URL_ATTRS and v]
        if tag in _VOID:
            return
        if tag == "tr":
            self._cell = 0
        elif tag == "td":
            self._cell += 1
            if self._cell == 1:
                self.first_cells.append("")
        if "arithmatex" in a.get("class", "").split():
            kind = "math"
            self.formulas.append("")
        else:
            kind = _KIND.get(tag, "")
        if kind:
            self.depth[kind] += 1
        self.stack.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:  # close what HTML left open, up to this tag
            open_tag, kind = self.stack.pop()
            if kind:
                self.depth[kind] -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.depth["hidden"]:
            return
        self.visible.append(data)
        if self._cell == 1 and any(t == "td" for t, _ in self.stack):
            self.first_cells[-1] += data
        if self.depth["math"]:
            self.formulas[-1] += data
        elif not self.depth["verbatim"]:
            self.prose.append(data)


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "scripts/mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _require(what: str, present: bool, how: str) -> None:
    """Skip when ``what`` is missing on a user's machine; fail in CI, which must have it."""
    if present:
        return
    message = f"{what} is not installed: {how}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run this check, so it must be there)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, strictly, as `make docs` does."""
    _require("MathJax", MATHJAX.is_file(), "run `npm ci` in docs/ (`make docs` does)")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    return {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}


def _lines(texts: list[str]) -> Iterator[str]:
    for line in "".join(texts).splitlines():
        if line.strip():
            yield line.strip()


# --- the Markdown rewrite of numpydoc's reStructuredText ---------------------------------


def test_math_directive_becomes_display_math() -> None:
    rewrite = _load_hooks().rst_to_markdown
    lines = ["Notes", "-----", ".. math:: a = b, \\quad", "    c = d", "", "After."]
    assert rewrite(lines) == [
        "Notes",
        "-----",
        "",
        "$$",
        "a = b, \\quad",
        "c = d",
        "$$",
        "",
        "After.",
    ]
    assert rewrite(["x", ".. math::", "", "   a = 1", "", "   b = 2", "y"]) == [
        "x",
        *["", "$$", "a = 1", "$$", ""],
        *["", "$$", "b = 2", "$$", ""],
        "y",
    ]


def test_roles_become_code_or_math() -> None:
    rewrite = _load_hooks().rst_to_markdown
    line = "See :func:`~alliance_risk.score_dyads`, :class:`RiskModel`, :math:`x^2`."
    assert rewrite([line]) == ["See `score_dyads`, `RiskModel`, $x^2$."]
    assert rewrite([":ref:`the rules <scoring>` and :py:meth:`a.b`"]) == ["`the rules` and `a.b`"]
    assert rewrite(["no `code` role: here"]) == ["no `code` role: here"]


def test_literal_block_marker_becomes_a_colon() -> None:
    rewrite = _load_hooks().rst_to_markdown
    block = ["", "    T = 1", "", "After."]
    assert rewrite(["all three share::", *block]) == ["all three share:", *block]
    assert rewrite(["::", *block]) == ["", *block]
    # Not before an indented block: left as written.
    assert rewrite(["a::", "", "b"]) == ["a::", "", "b"]
    assert rewrite(["a::"]) == ["a::"]


# --- the built HTML ------------------------------------------------------------------------


def test_site_has_the_pages_and_formulas(pages: dict[str, _Page]) -> None:
    assert {"index.html", "cli/index.html", *MATH_PAGES} <= pages.keys()
    for name in MATH_PAGES:
        assert pages[name].formulas, f"{name} has no formula for MathJax"


# What a reader must never see, and where: in prose (outside code and formulas) or in
# any visible text.
_SHOWN_RAW: dict[str, tuple[str, Callable[[str], bool]]] = {
    "raw TeX or reStructuredText": (
        "prose",
        lambda line: any(m in line for m in _RAW_MATH) or bool(_RST_ROLE.search(line)),
    ),
    "a table row": ("prose", lambda line: line.startswith("|") and line.count("|") >= 2),
    "a literal block's marker": ("prose", lambda line: line.endswith("::")),
    "a backslash before a pipe": ("visible", lambda line: "\\|" in line),
}


def test_formulas_are_tex_escaped_once(pages: dict[str, _Page]) -> None:
    # r"\\sigma" (a raw docstring escaped as if it were not) gives TeX a line break,
    # then the letters "sigma" as text: MathJax typesets that without an error.
    twice = [
        f"{name}: {tex!r}"
        for name, page in pages.items()
        for tex in page.formulas
        if re.search(r"\\\\[A-Za-z]", tex)
    ]
    assert not twice, "formulas with a doubled backslash:\n" + "\n".join(twice)


@pytest.mark.parametrize("what", _SHOWN_RAW)
def test_nothing_left_as_raw_text(what: str, pages: dict[str, _Page]) -> None:
    where, shows = _SHOWN_RAW[what]
    found = [
        f"{name}: {line!r}"
        for name, page in pages.items()
        for line in _lines(getattr(page, where))
        if shows(line)
    ]
    assert not found, f"{what} shown as text:\n" + "\n".join(found)


def test_cli_table_has_a_row_per_command(pages: dict[str, _Page]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from alliance_risk.cli import main; main(['--help'])"],
        capture_output=True,
        text=True,
        check=False,
    )
    # argparse lists the subcommands as "    name    help" under COMMAND.
    commands = re.findall(r"^ {4}([a-z][a-z-]*)(?: |$)", done.stdout, flags=re.MULTILINE)
    assert len(commands) > 10, done.stdout
    rows = {cell.split()[1] for cell in pages["cli/index.html"].first_cells if cell.strip()}
    assert rows >= set(commands), f"commands with no row: {set(commands) - rows}"
    show = next(
        c for c in pages["cli/index.html"].first_cells if c.startswith("alliance-risk show")
    )
    assert show.startswith("alliance-risk show NAME|PATH ")


def test_site_loads_nothing_from_another_host(site: Path, pages: dict[str, _Page]) -> None:
    outside: list[str] = []
    missing: list[str] = []
    for name, page in pages.items():
        for tag, url in page.resources:
            for one in [url] if tag != "source" else [u.split()[0] for u in url.split(",")]:
                parts = urlsplit(one)
                if parts.scheme or parts.netloc:
                    if parts.hostname not in {"localhost", "127.0.0.1"}:
                        outside.append(f"{name}: <{tag}> {one}")
                elif not one.startswith("#"):
                    base = site if one.startswith("/") else (site / name).parent
                    target = base / parts.path.lstrip("/")
                    if not target.exists():
                        missing.append(f"{name}: <{tag}> {one}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s*)['\"]?(https?:)?//", css.read_text("utf-8")):
            outside.append(f"{css.relative_to(site)}: {url}")
    assert not outside, "loaded from another host:\n" + "\n".join(outside)
    assert not missing, "loaded but not in the site:\n" + "\n".join(missing)


def test_mathjax_licence_ships_with_it(site: Path) -> None:
    licence = site / "javascripts" / "vendor" / "mathjax" / "LICENSE"
    assert "Apache License" in licence.read_text(encoding="utf-8")


# --- in a real browser ---------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.served.append((self.path, int(code)))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve the site on loopback; yield its root URL and the requests it answered."""
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_Quiet,), {"served": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", MATH_PAGES)
def test_chromium_typesets_the_formulas(
    name: str,
    pages: dict[str, _Page],
    served: tuple[str, list[tuple[str, int]]],
    tmp_path: Path,
) -> None:
    browser = _chromium()
    _require("Chromium", browser is not None, "`apt-get install chromium` to run this check")
    assert browser is not None
    root, log = served
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        # Any host but loopback fails to resolve: typeset formulas prove the site offline.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=15000",
    ]
    done = subprocess.run(
        [browser, *flags, "--dump-dom", root + name],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    typeset = _Page()
    typeset.feed(dom)
    containers = dom.count("<mjx-container")
    assert containers == len(pages[name].formulas), (
        f"{name}: {containers} formulas typeset of {len(pages[name].formulas)}"
    )
    assert "<mjx-merror" not in dom, f"{name}: MathJax reports a TeX error"
    left = [line for line in _lines(typeset.visible) if any(m in line for m in _RAW_MATH)]
    assert not left, f"{name}: TeX left untypeset: {left}"
    failed = [(path, code) for path, code in log if code >= 400]
    assert not failed, f"requests the site could not answer: {failed}"
