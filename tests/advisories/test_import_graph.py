"""The app's modules import each other without a cycle.

The graph is read from the source (nothing is imported): every `import` and `from … import`
anywhere in a module, at its top or deferred inside a function, since a deferred import that
only dodges a cycle is still a cycle. Relative imports are resolved; `from . import x` counts
as depending on the module `x`; and importing `advisories.services.receipts` depends on
`advisories/services/__init__.py` too (Python runs it first), which depends on everything it
imports. A package a module lives in is already being imported when the module runs, so it is
not counted as a dependency of that module.
"""

import ast
from pathlib import Path

import advisories

ROOT = Path(advisories.__file__).resolve().parent
APP = "advisories"


def _module_name(path: Path) -> str:
    parts = [APP, *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    """Every Import/ImportFrom node, except under `if TYPE_CHECKING:` (never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _with_packages(name: str) -> list[str]:
    """`a.b.c` → ['a', 'a.b', 'a.b.c']: importing a module runs each package's __init__."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _ancestors(name: str, *, is_package: bool) -> set[str]:
    packages = _with_packages(name)
    return set(packages if is_package else packages[:-1])


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for node in _imports(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
        inside = _ancestors(name, is_package=is_package)
        graph[name] = {
            dependency
            for target in targets
            for dependency in _with_packages(target)
            if dependency in modules and dependency not in inside and dependency != name
        }
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), each shown
    as a path a → b → … → a through the component."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
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
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(set(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(graph, component) for component in components]


def _cycle_through(graph, component):
    """A shortest path from the component's first module back to itself (breadth first)."""
    start = min(component)
    previous, queue = {}, [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return sorted(component)


def test_the_graph_sees_deferred_relative_and_package_imports(tmp_path):
    graph = import_graph()
    # `from . import audit, …` in the admin package counts each module.
    assert "advisories.admin.receipts" in graph["advisories.admin"]
    # `from ..services import x` depends on the package's __init__ …
    assert "advisories.services" in graph["advisories.views.receipts"]
    # … which depends on what it imports.
    assert "advisories.services.receipts" in graph["advisories.services"]
    # A module does not depend on the package it lives in.
    assert "advisories.services" not in graph["advisories.services.receipts"]


def test_finding_a_cycle_shows_it():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_app():
    cycles = find_cycles(import_graph())
    assert cycles == [], "Import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)
