"""Show model objects as pictures in Jupyter, without the model importing a view.

`register()` tells IPython's SVG formatter how to draw a `TaskDefinition` and a placement
`Explanation`. It registers by class *name* (``for_type_by_name``), so nothing is imported until
such an object is displayed, and each formatter imports its view lazily: when the view, or
Graphviz's ``dot``, is missing, the formatter returns None and Jupyter shows the object's usual
text repr instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: (module, class) of a model object -> (view module, function drawing it as a `Picture`).
PICTURES: dict[tuple[str, str], tuple[str, str]] = {
    ("ecslearn.model.task_definition", "TaskDefinition"): (
        "ecslearn.views.task_definition",
        "task_definition_picture",
    ),
    ("ecslearn.control.placement.explain", "Explanation"): (
        "ecslearn.views.placement",
        "placement_picture",
    ),
    ("ecslearn.simulation", "Simulation"): ("ecslearn.views.objects", "simulation_picture"),
    ("ecslearn.model.cluster", "Cluster"): ("ecslearn.views.objects", "cluster_object_picture"),
    ("ecslearn.model.service", "Service"): ("ecslearn.views.objects", "service_object_picture"),
    ("ecslearn.model.task", "Task"): ("ecslearn.views.objects", "task_object_picture"),
    ("ecslearn.model.container_instance", "ContainerInstance"): (
        "ecslearn.views.objects",
        "instance_object_picture",
    ),
}

SVG = "image/svg+xml"
PNG = "image/png"
#: The timelines are matplotlib Figures made without pyplot, which Jupyter's inline backend does
#: not know about: without this they would show as ``<Figure size ...>``.
FIGURE = ("matplotlib.figure", "Figure")


def _png_of_figure(figure: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _svg_formatter(view_module: str, function: str) -> Callable[[Any], str | None]:
    def svg(obj: Any) -> str | None:
        from ecslearn.views.render import GraphvizMissing, dot_available

        if not dot_available():
            return None
        try:
            draw = getattr(importlib.import_module(view_module), function)
        except (ImportError, AttributeError):
            return None  # the view is not there (yet): the text repr still shows
        try:
            picture = draw(obj)
            return None if picture is None else picture.svg()
        except GraphvizMissing:
            return None

    svg.__name__ = svg.__qualname__ = f"svg_of_{function}"
    return svg


def register(shell: Any = None) -> bool:
    """Draw task definitions and placement explanations as pictures in this IPython session.

    Returns False (and does nothing) outside IPython. Safe to call more than once.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters[SVG]
    for (module, name), (view_module, function) in PICTURES.items():
        formatter.for_type_by_name(module, name, _svg_formatter(view_module, function))
    shell.display_formatter.formatters[PNG].for_type_by_name(*FIGURE, _png_of_figure)
    return True


def unregister(shell: Any = None) -> None:
    """Undo `register()`: the objects show as text again."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    for mime, (module, name) in [(SVG, key) for key in PICTURES] + [(PNG, FIGURE)]:
        formatter = formatters[mime]
        formatter.deferred_printers.pop((module, name), None)
        for cls in list(formatter.type_printers):
            if (cls.__module__, cls.__name__) == (module, name):
                del formatter.type_printers[cls]
