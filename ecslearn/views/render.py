"""From structure to drawing: a networkx graph becomes a Graphviz picture.

Every picture is first a `networkx.DiGraph` (what is connected to what, what is inside what:
the thing tests check), then drawn by Graphviz. The convention for the graph:

- ``graph.graph``: ``title``, ``rankdir`` (``TB``/``LR``), ``legend`` (a list of
  ``(label, kind, overrides)`` entries);
- node attributes: ``kind`` (a key of `style.KINDS`), ``label``, ``parent`` (the node it sits
  inside, or None), ``group`` (True: drawn as a box around its children), ``attrs`` (extra
  Graphviz attributes);
- edge attributes: ``kind`` (a key of `style.EDGES`), ``label``, ``attrs``.

Without Graphviz's ``dot`` the library still works: pictures show their text and one line on
how to install it.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import graphviz
import networkx as nx

from ecslearn.views.style import FONT, edge_attributes, node_attributes
from ecslearn.words.render import RENDER

#: How to get Graphviz, in English: errors and a picture's text repr say it (the player says it
#: in its own language).
GRAPHVIZ_HINT = RENDER["en"]["graphviz_hint"]


class GraphvizMissing(RuntimeError):
    """Drawing needs Graphviz's ``dot`` program."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def _escape(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("\n", "\\n")


class _Ids:
    """Stable Graphviz IDs for arbitrary node keys."""

    def __init__(self) -> None:
        self._ids: dict[Any, str] = {}

    def __call__(self, key: Any) -> str:
        if key not in self._ids:
            self._ids[key] = f"n{len(self._ids)}"
        return self._ids[key]


def to_graphviz(graph: nx.DiGraph) -> graphviz.Digraph:
    """Draw `graph` following the module's conventions."""
    title = graph.graph.get("title", "")
    dot = graphviz.Digraph(
        graph_attr={
            "rankdir": graph.graph.get("rankdir", "TB"),
            "compound": "true",
            "fontname": FONT,
            "fontsize": "14",
            "label": _escape(title),
            "labelloc": "t",
            "nodesep": "0.25",
            "ranksep": "0.35",
            "newrank": "true",
        },
        node_attr={"fontname": FONT},
        edge_attr={"fontname": FONT},
    )
    ids = _Ids()
    children: dict[Any, list[Any]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        children[data.get("parent")].append(node)

    def anchor(node: Any) -> str:
        return ids(("anchor", node)) if graph.nodes[node].get("group") else ids(node)

    def emit(target: graphviz.Digraph, node: Any) -> None:
        data = graph.nodes[node]
        attrs = node_attributes(data.get("kind", ""), **data.get("attrs", {}))
        label = _escape(data.get("label", str(node)))
        if data.get("group"):
            with target.subgraph(name=f"cluster_{ids(node)}") as box:
                attrs.pop("shape", None)
                box.attr(label=label, labeljust="l", **attrs)
                box.node(
                    anchor(node), label="", shape="point", style="invis", width="0", height="0"
                )
                for child in children[node]:
                    emit(box, child)
        else:
            target.node(ids(node), label=label, **attrs)

    for root in children[None]:
        emit(dot, root)
    for source, target, data in graph.edges(data=True):
        extra: dict[str, Any] = dict(data.get("attrs", {}))
        if graph.nodes[source].get("group"):
            extra["ltail"] = f"cluster_{ids(source)}"
        if graph.nodes[target].get("group"):
            extra["lhead"] = f"cluster_{ids(target)}"
        label = data.get("label")
        dot.edge(
            anchor(source),
            anchor(target),
            label=_escape(label) if label else None,
            **edge_attributes(data.get("kind", ""), **extra),
        )
    _legend(dot, graph.graph.get("legend") or [], graph.graph.get("legend_title", "Legend"))
    return dot


LEGEND_COLUMNS = 2


def _html(text: str) -> str:
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<BR/>")


def _legend(dot: graphviz.Digraph, entries: list[tuple], title: str) -> None:
    """One compact table: each entry drawn in its kind's colours, a few to a row."""
    if not entries:
        return
    cells = []
    for label, kind, *rest in entries:
        attrs = node_attributes(kind, **(rest[0] if rest else {}))
        fill = (
            attrs.get("fillcolor", "#ffffff") if "filled" in attrs.get("style", "") else "#ffffff"
        )
        border = attrs.get("color", "#334155")
        font = attrs.get("fontcolor", "#111827")
        cells.append(
            f'<TD BGCOLOR="{fill}" COLOR="{border}"><FONT COLOR="{font}">{_html(label)}</FONT></TD>'
        )
    rows = [
        "<TR>" + "".join(cells[start : start + LEGEND_COLUMNS]) + "</TR>"
        for start in range(0, len(cells), LEGEND_COLUMNS)
    ]
    width = min(LEGEND_COLUMNS, len(cells))
    table = (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="3">'
        f'<TR><TD COLSPAN="{width}" BORDER="0"><B>{_html(title)}</B></TD></TR>'
        + "".join(rows)
        + "</TABLE>>"
    )
    dot.node("legend", label=table, shape="plaintext", fontname=FONT, fontsize="9")


class Picture:
    """A picture: its structure (`graph`), its Graphviz source, SVG and PNG, and a Jupyter view."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph

    def __repr__(self) -> str:
        return (
            f"<Picture {self.graph.graph.get('title', '')!r}: {self.graph.number_of_nodes()} "
            f"nodes, {self.graph.number_of_edges()} edges>"
        )

    @property
    def source(self) -> str:
        """The DOT text Graphviz draws."""
        return to_graphviz(self.graph).source

    def render(self, fmt: str = "svg") -> bytes:
        if not dot_available():
            raise GraphvizMissing(GRAPHVIZ_HINT)
        return to_graphviz(self.graph).pipe(format=fmt)

    def svg(self) -> str:
        return self.render("svg").decode("utf-8")

    def save(self, path: str | Path) -> Path:
        """Write the picture as SVG, PNG or PDF, chosen by the file's suffix."""
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower() or "svg"
        if fmt not in ("svg", "png", "pdf"):
            raise ValueError(f"Save as .svg, .png or .pdf, not .{fmt}.")
        target.write_bytes(self.render(fmt))
        return target

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if dot_available():
            return {"image/svg+xml": self.svg(), "text/plain": repr(self)}
        return {"text/plain": f"{self!r}\n{GRAPHVIZ_HINT}"}
