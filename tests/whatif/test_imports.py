"""The rules take plain arrays: ``kosh.rules`` reaches neither the synthetic data, the case
engine nor the what-if, and the case engine does not reach the synthetic data — checked on
the import graph of the source (every import statement, also those inside functions)."""

import ast
from pathlib import Path

import kosh

ROOT = Path(kosh.__file__).resolve().parent


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """kosh module → the kosh modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {m for m in found if m.startswith("kosh")}
    return graph


def _reached(graph: dict[str, set[str]], start: str) -> set[str]:
    todo = [m for m in graph if m == start or m.startswith(start + ".")]
    seen = set(todo)
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target in graph and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _within(modules: set[str], package: str) -> set[str]:
    return {m for m in modules if m == package or m.startswith(package + ".")}


def test_rules_import_neither_synth_cases_nor_whatif():
    reached = _reached(_graph(), "kosh.rules")
    for package in ("kosh.synth", "kosh.cases", "kosh.whatif"):
        assert not _within(reached, package), package


def test_cases_do_not_import_synth_or_whatif():
    reached = _reached(_graph(), "kosh.cases")
    for package in ("kosh.synth", "kosh.whatif"):
        assert not _within(reached, package), package
