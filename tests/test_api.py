"""Tests of the package as a whole: its public names, its weight and its layering."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import alliance_risk

PACKAGE = Path(alliance_risk.__file__).parent

# Data flows one way. A module may import only from modules of a lower rank.
RANK = {
    "_errors": 0,
    "_validation": 1,
    "_types": 0,
    "_parallel": 1,
    "models": 1,
    "states": 1.5,  # the resolver: World.state and the files' hints use it
    "world": 2,
    "compile": 3,
    "columns": 3.5,  # columns -> compiled arrays, checked by the World
    "scenarios": 3,
    "similarity": 1,
    "provenance": 1,
    "datasets": 8,
    "analysis": 8,
    "calibrate": 9,
    "plots": 9,
    "signals": 4,
    "aggregations": 4,
    "config": 5,
    "results": 6,
    "engine": 6.5,  # the kernels scoring and analysis share
    "scoring": 7,
    "panels": 7.5,  # score panels: scoring over many dates; datasets write through it
    "testing.strategies": 8,
    "testing.properties": 9,
    "testing._hypothesis_setup": 9,
    "testing": 10,
    "cli": 10,
    "__init__": 12,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Package modules imported by ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    # Imports only for type checking never run: they may name a later stage.
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if target == "" or target == "__init__":
                found.update(alias.name for alias in node.names)
            else:
                found.add(target)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                if name and name.startswith("alliance_risk."):
                    found.add(name.removeprefix("alliance_risk."))
    return found


def _rank(module: str) -> int:
    # signals.pact and signals._base share the rank of the signals stage.
    for name in (module, module.split(".")[0]):
        if name in RANK:
            return RANK[name]
    raise AssertionError(f"module {module!r} has no rank in RANK; classify it")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=_module_name)
def test_imports_point_downstream_only(path: Path) -> None:
    me = _module_name(path) or "__init__"
    mine = RANK["__init__"] if me == "" else _rank(me)
    for target in _imports(path):
        same_stage = target.split(".")[0] == me.split(".")[0]  # within signals/, testing/
        assert same_stage or _rank(target) < mine or me == "__init__", f"{me} imports {target}"


def test_all_matches_the_public_namespace() -> None:
    public = {n for n in dir(alliance_risk) if not n.startswith("_")}
    modules = {n for n in public if inspect.ismodule(getattr(alliance_risk, n))}
    assert set(alliance_risk.__all__) - {"__version__"} == public - modules


def _public_callables() -> list[tuple[str, object]]:
    out = []
    for name in alliance_risk.__all__:
        obj = getattr(alliance_risk, name)
        if inspect.isfunction(obj):
            out.append((name, obj))
        elif inspect.isclass(obj) and not issubclass(obj, Exception):
            out.append((name, obj))
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    out.append((f"{name}.{attr}", member))
    return out


@pytest.mark.parametrize(("name", "obj"), _public_callables(), ids=lambda v: str(v)[:40])
def test_public_functions_have_docstrings_with_examples(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    if inspect.isfunction(obj) or name in {"World", "Pact", "Deployment", "Lifeline"}:
        assert ">>> " in doc, f"{name} has no runnable example"


def test_every_public_name_is_documented_in_the_api_pages() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs"
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    for name in alliance_risk.__all__:
        if name == "__version__":
            continue
        module = getattr(alliance_risk, name).__module__
        assert f"::: {module}" in text, f"{name} ({module}) is on no API page"


def test_import_is_light() -> None:
    code = (
        "import sys, alliance_risk; "
        "heavy = [m for m in ('pandas', 'matplotlib', 'hypothesis', 'scipy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_module_imports_another_modules_private_names() -> None:
    # Shared kernels and helpers have a public (internal-use) name in one module
    # (alliance_risk.engine, the private _csv, _errors... modules); no stage reaches into
    # another's private names.
    import ast
    from pathlib import Path

    import alliance_risk

    root = Path(alliance_risk.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.split(".")[-1].startswith("_"):
                    continue  # a private module: its names serve the package
                private = [a.name for a in node.names if a.name.startswith("_")]
                private = [n for n in private if not n.startswith("__")]
                if private:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {private}")
    assert not found, found
