#!/usr/bin/env python3
"""Check the layering of bot/ from its source (ast only: nothing is imported or run).

Rules, each failing with the module, line and what to do instead:

1. The engine side never imports `telegram`, `sqlite3` or `bot.state` (the SQLite state), at
   module level or inside a function: it answers the same for every front end and keeps its
   context and gaps behind the ContextStore and GapRecorder protocols. The engine side is
   ENGINE_SIDE below: the engine, the answering pipeline, the dialogue, the knowledge model,
   its loading and validation, the replies and their rendering, the gap records and the
   service calls (reload, /stats). Front ends, bot.state and the tools around them
   (cli, console, telegram_*, state, evaluation, curation, compiled, jsonlines...) are not;
   nor are the state stores beside bot.state (stores, store_protocol, redis_state,
   redis_dispatch, redis_gaps): they import telegram and bot.state, the engine only sees
   them through its ContextStore and GapRecorder protocols.
2. No import cycle among bot's modules. Module-level imports must form no cycle at all;
   imports inside functions (deferred so that a command loads only what it needs) count too,
   since a cycle through one is still a circle of responsibilities (validation that loads
   that validates). Imports under `if TYPE_CHECKING:` are left out: they never run.
3. One function assembles an engine: front ends (FRONT_ENDS) call bot.assembly.build_engine,
   never `Engine(...)`, `Engine.from_directory/compiled(...)`, `load_knowledge(...)` or
   `Pipeline(...)` themselves.
4. Reload and /stats are service calls: the Telegram front end does not check the knowledge
   base (`check_knowledge`), swap knowledge into an engine (`with_knowledge`) or group gaps
   (`group_gaps`, `format_groups`) itself, nor hand these to a thread; bot.service does.

Run: `python scripts/check_layers.py` (./scripts/test does); exit status 1 with the
problems listed when a rule is broken. tests/test_layers.py calls `check` in-process.
"""

from __future__ import annotations

import ast
import itertools
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENGINE_SIDE = (
    "bot.engine",
    "bot.answering",  # and every module under it
    "bot.dialogue",
    "bot.knowledge",
    "bot.kbcheck",
    "bot.kblayout",
    "bot.phrasebook",
    "bot.replies",
    "bot.render",
    "bot.text",
    "bot.gaps",
    "bot.assembly",
    "bot.service",
)
FORBIDDEN_FOR_ENGINE = ("telegram", "sqlite3", "bot.state")
FRONT_ENDS = ("bot.cli", "bot.console", "bot.telegram_app")
# Calls that build an engine (or its parts) and belong in bot.assembly.build_engine alone.
ASSEMBLY_CALLS = ("Engine", "from_directory", "compiled", "load_knowledge", "Pipeline")
# Calls that make reload and /stats; bot.service makes them, the Telegram front end calls it.
SERVICE_CALLS = ("check_knowledge", "with_knowledge", "group_gaps", "format_groups")
TELEGRAM_FRONT_ENDS = ("bot.telegram_app",)


@dataclass(frozen=True)
class Import:
    module: str  # what is imported, as written (absolute)
    line: int
    deferred: bool  # inside a function


def _matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _package_of(module: str, is_package: bool) -> str:
    return module if is_package else module.rpartition(".")[0]


def imports_of(tree: ast.Module, module: str, is_package: bool = False) -> list[Import]:
    """Every import of a module, relative ones made absolute, with whether it is deferred."""
    found: list[Import] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child, deferred)
            return  # the body never runs
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, deferred) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package_of(module, is_package)
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            found.append(Import(base, node.lineno, deferred))
            # `from bot import service` imports the module bot.service
            found.extend(Import(f"{base}.{alias.name}", node.lineno, deferred) for alias in node.names)
        inner = deferred or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return found


def _called_names(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                yield node.func.id, node.lineno
            elif isinstance(node.func, ast.Attribute):
                yield node.func.attr, node.lineno


def _referenced_names(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Names used at all: called, or handed on (`asyncio.to_thread(check_knowledge, ...)`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node.lineno
        elif isinstance(node, ast.Attribute):
            yield node.attr, node.lineno


def load_sources(root: Path = ROOT) -> dict[str, str]:
    """bot's modules by dotted name (a package by its own name), their source as the value."""
    sources = {}
    for path in sorted((root / "bot").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle for each strongly connected component that has one (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_one_cycle(graph, set(component)) for component in components]


def _one_cycle(graph: Mapping[str, set[str]], component: set[str]) -> list[str]:
    """A path from the component's first module back to it, through the component."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph.get(node, ())):
            if target == start:
                return [*paths[node], start]
            if target in component and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return sorted(component)  # unreachable for a real component


def check(sources: Mapping[str, str]) -> list[str]:
    """The layering problems of a set of modules (dotted name -> source); empty when it holds."""
    problems: list[str] = []
    trees = {name: ast.parse(source, filename=name) for name, source in sources.items()}
    packages = {name.rpartition(".")[0] for name in sources if "." in name}
    graph: dict[str, set[str]] = {}
    deferred_edges: dict[tuple[str, str], int] = {}
    for name, tree in sorted(trees.items()):
        imports = imports_of(tree, name, is_package=name in packages)
        graph[name] = set()
        reported: set[int] = set()  # one problem a line: `from telegram import Bot` is telegram and telegram.Bot
        for imported in imports:
            if (
                _matches(name, ENGINE_SIDE)
                and _matches(imported.module, FORBIDDEN_FOR_ENGINE)
                and imported.line not in reported
            ):
                reported.add(imported.line)
                problems.append(
                    f"{name}:{imported.line}: the engine side imports {imported.module}; "
                    "it must work without Telegram and SQLite (take a protocol instead)"
                )
            if imported.module in sources and imported.module != name:
                graph[name].add(imported.module)
                if imported.deferred:
                    deferred_edges.setdefault((name, imported.module), imported.line)
        if _matches(name, FRONT_ENDS):
            for called, line in _called_names(tree):
                if called in ASSEMBLY_CALLS:
                    problems.append(
                        f"{name}:{line}: a front end calls {called}(...); "
                        "engines are built by bot.assembly.build_engine alone"
                    )
        if _matches(name, TELEGRAM_FRONT_ENDS):
            for used, line in _referenced_names(tree):
                if used in SERVICE_CALLS:
                    problems.append(
                        f"{name}:{line}: Telegram code uses {used}; reload and /stats are bot.service calls"
                    )
    for cycle in _cycles(graph):
        steps = []
        for source, target in itertools.pairwise(cycle):
            line = deferred_edges.get((source, target))
            steps.append(f"{source} -> {target}" + (f" (inside a function, line {line})" if line else ""))
        problems.append("import cycle: " + "; ".join(steps))
    return problems


def main() -> int:
    problems = check(load_sources())
    for problem in problems:
        print(f"check_layers: {problem}", file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} problem(s); see scripts/check_layers.py for the rules", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
