"""The project's imports point one way: no module imports (directly or around a loop) one that imports it.

Every module's imports are read with `ast`, function-level imports included (a lazy import is still an
arrow), and the layer rules of the architecture are checked: transform/ imports no extract/, load/ or
flows/; nothing outside flows/ imports flows/ except the command line (pressroom/cli.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pressroom", "extract", "transform", "load", "flows", "sql")
# the one module outside flows/ that may start flows: the `pressroom` command
FLOW_CALLERS = {"pressroom.cli"}


def module_name(path: Path) -> str:
    """'load.warehouse' for ROOT/load/warehouse.py, 'transform.readers' for its __init__.py."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every .py module of the project's packages, by dotted name."""
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def imported(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports anywhere in it (top level or inside functions).

    `from extract import ksno` names the module extract.ksno; `from load.warehouse import connect` names
    load.warehouse; relative imports are resolved against the importing module's package.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports; package __init__ files that are empty are left out."""
    modules = project_modules()
    return {name: {t for t in imported(path, name, modules) if "." in t or modules[t].stat().st_size}
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_function_level_imports() -> None:
    """A lazy import inside a function counts: pressroom.cli imports flows.ingest only inside `run`."""
    graph = import_graph()
    assert "flows.ingest" in graph["pressroom.cli"]
    assert "extract.ksno" in graph["extract.live"]  # `from extract import ksno` names the module


def test_cycles_are_found() -> None:
    """The cycle finder reports a loop through three modules and leaves a one-way chain alone."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_module_imports_its_importer() -> None:
    """No two project modules reach each other through imports, at any depth."""
    graph = import_graph()
    found = cycles(graph)
    detail = ["; ".join(f"{m} -> {sorted(graph[m] & set(group))}" for m in group) for group in found]
    assert not found, "import cycles:\n" + "\n".join(detail)


@pytest.mark.parametrize("layer", ["extract", "load", "flows", "pressroom"])
def test_transform_imports_no_io_layer(layer: str) -> None:
    """transform/ is pure: it imports nothing from the I/O layers, the flows or the command line."""
    graph = import_graph()
    wrong = sorted(f"{m} -> {t}" for m, targets in graph.items() if m.startswith("transform")
                   for t in targets if t.split(".")[0] == layer)
    assert not wrong, wrong


def test_only_the_command_line_imports_flows() -> None:
    """flows/ wires the steps; only flows/ itself and pressroom/cli.py import it."""
    graph = import_graph()
    wrong = sorted(f"{m} -> {t}" for m, targets in graph.items()
                   if not m.startswith("flows") and m not in FLOW_CALLERS
                   for t in targets if t.split(".")[0] == "flows")
    assert not wrong, wrong
