"""Jupyter display: a task definition or a placement explanation shows as a picture once
`register()` ran, and as its usual text when its view (or Graphviz) is not there."""

from __future__ import annotations

import ast
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from IPython.core.formatters import DisplayFormatter

import ecslearn
from ecslearn.control.placement.explain import Explanation
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views import concepts, jupyter
from tests.views import require_dot


class Shell:
    """Just enough of an IPython shell: its display formatter."""

    def __init__(self) -> None:
        self.display_formatter = DisplayFormatter()


def shown(shell: Shell, obj: Any) -> dict[str, Any]:
    data, _ = shell.display_formatter.format(obj)
    return data


def fake_view(monkeypatch: pytest.MonkeyPatch, module: str, function: str) -> list[Any]:
    """Stand in for a view module: draws a concept map and remembers what it was given."""
    drawn: list[Any] = []

    def draw(obj: Any) -> Any:
        drawn.append(obj)
        return concepts.overview()

    view = types.ModuleType(module)
    setattr(view, function, draw)
    monkeypatch.setitem(sys.modules, module, view)
    return drawn


OBJECTS = [
    (
        TaskDefinition(family="web"),
        "ecslearn.views.task_definition",
        "task_definition_picture",
    ),
    (
        Explanation(task=0, steps=(), strategies=(), instances=(), chosen_arn=None),
        "ecslearn.views.placement",
        "placement_picture",
    ),
]
ids = ["task definition", "placement explanation"]


def test_outside_ipython_register_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert jupyter.register() is False


@pytest.mark.parametrize(("obj", "module", "function"), OBJECTS, ids=ids)
def test_a_registered_object_shows_its_picture(
    monkeypatch: pytest.MonkeyPatch, obj: Any, module: str, function: str
) -> None:
    require_dot()
    drawn = fake_view(monkeypatch, module, function)
    shell = Shell()
    assert jupyter.register(shell) is True
    assert jupyter.register(shell) is True, "registering twice is harmless"
    data = shown(shell, obj)
    assert drawn == [obj]
    assert ET.fromstring(data["image/svg+xml"]).tag.endswith("svg")
    assert data["text/plain"] == repr(obj)


@pytest.mark.parametrize(("obj", "module", "function"), OBJECTS, ids=ids)
def test_without_its_view_an_object_shows_its_repr(
    monkeypatch: pytest.MonkeyPatch, obj: Any, module: str, function: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    shell = Shell()
    jupyter.register(shell)
    data = shown(shell, obj)
    assert "image/svg+xml" not in data
    assert data["text/plain"] == repr(obj)


def test_without_graphviz_an_object_shows_its_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    obj, module, function = OBJECTS[0]
    drawn = fake_view(monkeypatch, module, function)
    monkeypatch.setattr("ecslearn.views.render.dot_available", lambda: False)
    shell = Shell()
    jupyter.register(shell)
    assert "image/svg+xml" not in shown(shell, obj)
    assert drawn == []


def test_unregister_brings_back_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    obj, module, function = OBJECTS[0]
    fake_view(monkeypatch, module, function)
    shell = Shell()
    jupyter.register(shell)
    shown(shell, obj)  # resolves the by-name registration to the class
    jupyter.unregister(shell)
    assert "image/svg+xml" not in shown(shell, obj)


def test_the_model_never_imports_a_view() -> None:
    """Read the imports, not sys.modules: the package's __init__ may register the views."""
    root = Path(ecslearn.__file__).parent
    sources = [*sorted((root / "model").rglob("*.py")), root / "control/placement/explain.py"]
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(name.startswith("ecslearn.views") for name in names), source


def test_a_timeline_figure_shows_as_a_png() -> None:
    from matplotlib.figure import Figure

    shell = Shell()
    jupyter.register(shell)
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    assert shown(shell, figure)["image/png"].startswith(b"\x89PNG")
    jupyter.unregister(shell)
    assert "image/png" not in shown(shell, Figure())
