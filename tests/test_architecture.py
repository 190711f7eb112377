"""The shape of the package, checked: the layers import only downwards, no module imports
itself back round a circle, and every module is small enough to read in one sitting.

Imports are read from the source with `ast`, all of them: at module level, inside functions, and
under ``if TYPE_CHECKING:`` (a type-only import still ties two modules together for a reader).
docs/architecture.md draws the layers these rules keep.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ecslearn"

#: Modules longer than this need a reason in their module docstring (see `LONG_MODULES`).
MAX_LINES = 400
#: Modules allowed past MAX_LINES, and the word their docstring must use to say why.
LONG_MODULES = {"ecslearn.control.placement.cql": "parser"}

#: What the lower layers must never import: the learner's front door and everything above it.
ABOVE_THE_ENGINE = (
    "ecslearn.simulation",
    "ecslearn.views",
    "ecslearn.widgets",
    "ecslearn.lessons",
    "ecslearn.demo",
    "ecslearn.api",
    "ecslearn.cli",
    "ecslearn.export",
    "ecslearn.client",
)
LOWER_LAYERS = (
    "ecslearn.model",
    "ecslearn.control",
    "ecslearn.agents",
    "ecslearn.services",
    "ecslearn.protocols",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(kept + ([node.module] if node.module else []))
            candidates = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in MODULES:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for name, path in MODULES.items():
        graph.add_edges_from((name, target) for target in _imports(name, path))
    return graph


GRAPH = import_graph()


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_no_module_imports_itself_back_round_a_circle() -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(GRAPH) if len(c) > 1]
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_the_engine_and_below_never_import_the_front_door_or_a_surface(layer: str) -> None:
    upward = sorted(
        f"{name} -> {target}"
        for name, target in GRAPH.edges
        if _within(name, (layer,)) and _within(target, ABOVE_THE_ENGINE)
    )
    assert not upward, upward


def test_the_model_imports_only_the_model_and_the_errors() -> None:
    allowed = ("ecslearn.model", "ecslearn.errors")
    outside = sorted(
        f"{name} -> {target}"
        for name, target in GRAPH.edges
        if _within(name, ("ecslearn.model",)) and not _within(target, allowed)
    )
    assert not outside, outside


def test_every_module_reads_in_one_sitting() -> None:
    long = {}
    for name, path in MODULES.items():
        lines = len(path.read_text().splitlines())
        if lines <= MAX_LINES:
            continue
        reason = LONG_MODULES.get(name)
        docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
        if reason is None or reason not in docstring.lower():
            long[name] = lines
    assert not long, f"modules over {MAX_LINES} lines: {long}"


#: Last names that stand in several places with ONE meaning: one subject seen by each layer (the
#: model's data, its view, the view's words, its widget), a package's command line, a package's
#: shared helpers, or each AWS service's handlers. A name not listed here may stand only once.
SHARED_BY_DESIGN = {
    "cli": "a package's command line",
    "common": "what a package's modules share",
    "operations": "an AWS service's handlers",
    "cluster": "the cluster as data, picture and words",
    "service": "the ECS service as data and widget",
    "task_definition": "the task definition as data, picture, words and widget",
    "placement": "placement's picture and its words",
    "timelines": "the timelines and their words",
    "metric_chart": "the metric chart and its words",
    "deployment_timeline": "the deployment timeline and its words",
    "concepts": "the concept maps and their words",
    "render": "rendering and its words",
    "faults": "injecting faults, and the panel that injects them",
    "strategy_split": "a capacity provider strategy's split, as tables and their words",
}


def test_no_two_modules_share_a_name_with_two_meanings() -> None:
    by_name: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        if path.name != "__init__.py":
            by_name.setdefault(name.rpartition(".")[2], []).append(name)
    shared = {
        short: sorted(names)
        for short, names in by_name.items()
        if len(names) > 1 and short not in SHARED_BY_DESIGN
    }
    assert not shared, shared
