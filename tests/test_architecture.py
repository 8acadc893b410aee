"""The pipeline as the code is laid out (docs/architecture.md): no import runs in a circle, and
nothing below load reads the catalog (resolve, papers and emit never import load or validate,
and no function of theirs takes the catalog root)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).parents[1] / "compiler" / "banshi"
BELOW_LOAD = ("resolve", "papers", "emit")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    """The package's modules ``path`` imports when it is imported (its top level)."""
    found = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("banshi"):
            named = {f"{node.module}.{a.name}" for a in node.names}
            found |= {n for n in named if _is_module(n)} or {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("banshi")}
    return found


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        graph.add_edges_from((_module(path), target) for target in _imports(path))
    return graph


def test_no_import_runs_in_a_circle():
    assert list(nx.simple_cycles(_graph())) == []


def test_nothing_below_load_imports_load_or_validate():
    graph = _graph()
    wrong = [
        (module, target)
        for module, target in graph.edges
        if module.split(".")[1:2]
        and module.split(".")[1] in BELOW_LOAD
        and target.startswith(("banshi.load", "banshi.validate"))
    ]
    assert wrong == []


def test_no_function_below_load_takes_the_catalog_root():
    takes = []
    for part in BELOW_LOAD:
        for path in (PACKAGE / part).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
                    if "root" in names:
                        takes.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert takes == []
