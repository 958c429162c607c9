"""MkDocs hooks (mkdocs.yml ``hooks:``): a documentation site that renders offline.

- MathJax is served by the site itself: the pinned npm package of ``docs/package.json``
  (installed by ``npm ci`` in ``docs/``; ``make docs`` does it) is copied into the site
  under ``javascripts/vendor/mathjax/``, with its licence. The build stops with the
  command to run when it is missing, rather than publish pages whose formulas stay raw.
- Code colours are written by Pygments at build time (``css/pygments.css``), in place
  of the theme's highlight.js, which it would load from a CDN.
- Docstrings are numpydoc, which is reStructuredText: ``.. math::`` directives,
  ``:func:`name``` roles and ``text::`` before a literal block would show as raw text in
  Markdown. A Markdown preprocessor turns them into what pymdownx.arithmatex typesets
  (``$$ ... $$``, ``$...$``), into inline code, and into ``text:``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from pygments.formatters import HtmlFormatter

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = ROOT / "docs" / "node_modules" / "mathjax"
MATHJAX_DEST = "javascripts/vendor/mathjax"
# What the tex-chtml component loads: itself, then on demand its TeX extensions, its
# fonts, and the accessibility and menu parts (speech when a reader turns it on).
MATHJAX_PARTS = ("tex-chtml.js", "input/tex", "output/chtml", "a11y", "ui", "sre")
PYGMENTS_CSS = "css/pygments.css"
PYGMENTS_STYLE = "default"

# `.. math:: first line`, continued by the lines indented deeper than the directive.
_MATH_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)$")
# `:func:`~pkg.name``, `:class:`Name``, `:math:`x``, ... (Sphinx roles).
_ROLE = re.compile(r":(?:py:)?(?P<role>[a-z]+):`(?P<text>[^`]+)`")


def _role_to_markdown(match: re.Match[str]) -> str:
    role, text = match["role"], match["text"]
    if role == "math":
        return f"${text}$"
    titled = re.fullmatch(r"(?P<title>.+?)\s*<[^>]+>", text)
    if titled:  # `title <target>`: the reader sees the title
        text = titled["title"]
    elif text.startswith("~"):  # `~pkg.mod.name`: the reader sees `name`
        text = text[1:].rsplit(".", 1)[-1]
    return f"`{text}`"


def _opens_literal_block(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` (ending in ``::``) is followed by an indented literal block."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    rest = [line for line in lines[i + 1 :] if line.strip()]
    return (
        i + 1 < len(lines)
        and not lines[i + 1].strip()
        and bool(rest)
        and (len(rest[0]) - len(rest[0].lstrip()) > indent)
    )


def rst_to_markdown(lines: list[str]) -> list[str]:
    """Rewrite ``.. math::`` directives and Sphinx roles in ``lines`` as Markdown.

    A directive becomes one ``$$ ... $$`` block per equation (equations are separated
    by blank lines, as in reStructuredText), set off by blank lines so that
    pymdownx.arithmatex takes it as display math. Roles become inline code (the last
    dotted part when written ``~pkg.name``, the title when ``title <target>``), and
    ``:math:`` roles inline math. A paragraph's closing ``::`` before an indented
    literal block becomes ``:`` (the block is then Markdown's indented code).
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        directive = _MATH_DIRECTIVE.match(lines[i])
        if directive is None:
            line = _ROLE.sub(_role_to_markdown, lines[i])
            if line.endswith("::") and _opens_literal_block(lines, i):
                line = line[:-2].rstrip() + (":" if line[:-2].strip() else "")
            out.append(line)
            i += 1
            continue
        indent = directive["indent"]
        body = [directive["first"]]
        i += 1
        while i < len(lines) and (
            not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > len(indent)
        ):
            body.append(lines[i])
            i += 1
        equations: list[list[str]] = [[]]
        for line in body:
            if line.strip():
                equations[-1].append(line.strip())
            elif equations[-1]:
                equations.append([])
        for equation in filter(None, equations):
            out += ["", f"{indent}$$", *(indent + e for e in equation), f"{indent}$$", ""]
    return out


class _RstPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return rst_to_markdown(lines)


class RstInDocstrings(Extension):
    """Markdown extension running :func:`rst_to_markdown` on every page and docstring."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        """Run after fenced_code (priority 25), so that code blocks are set aside."""
        md.preprocessors.register(_RstPreprocessor(md), "rst_in_docstrings", 15)


@event_priority(100)  # before mkdocstrings reads the extensions for its docstrings
def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    if not (MATHJAX / "es5" / "tex-chtml.js").is_file():
        raise PluginError(
            f"MathJax is not installed ({MATHJAX} is missing): run `npm ci` in docs/ "
            "(`make docs` does), so that the site serves it and works offline"
        )
    config.markdown_extensions.append(RstInDocstrings())
    return config


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    es5 = MATHJAX / "es5"
    for part in MATHJAX_PARTS:
        path = es5 / part
        if not path.exists():
            raise PluginError(f"MathJax has no {path}: is docs/package.json's version installed?")
        for src in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if src.is_file():
                uri = f"{MATHJAX_DEST}/{src.relative_to(es5).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(src)))
    files.append(
        File.generated(config, f"{MATHJAX_DEST}/LICENSE", abs_src_path=str(MATHJAX / "LICENSE"))
    )
    css = HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight")
    files.append(File.generated(config, PYGMENTS_CSS, content=css))
    return files
