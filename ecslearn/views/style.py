"""One table of styles: the same colour means the same thing in every picture and lesson."""

from __future__ import annotations

from typing import Any

FONT = "Helvetica"

#: Task (and container) lastStatus -> fill colour: grey before, green running, red leaving.
STATUS_COLOURS: dict[str, str] = {
    "PROVISIONING": "#e5e7eb",
    "PENDING": "#fde68a",
    "ACTIVATING": "#bfdbfe",
    "RUNNING": "#86efac",
    "DEACTIVATING": "#fed7aa",
    "STOPPING": "#fca5a5",
    "DEPROVISIONING": "#e5e7eb",
    "STOPPED": "#d1d5db",
}

#: Border colours told apart per task definition revision (1st, 2nd, ... revision in view).
REVISION_COLOURS = ("#1d4ed8", "#b45309", "#7c3aed", "#0f766e", "#be123c", "#4d7c0f")

#: Node kind -> Graphviz attributes. Groups (drawn as boxes around their children) use the
#: same keys for the surrounding box.
KINDS: dict[str, dict[str, str]] = {
    "cluster": {
        "style": "rounded,filled",
        "fillcolor": "#f8fafc",
        "color": "#334155",
        "penwidth": "2",
    },
    "zone": {"style": "dashed,rounded", "color": "#64748b"},
    "instance": {"style": "rounded,filled", "fillcolor": "#ffffff", "color": "#475569"},
    "task": {"style": "rounded,filled", "fillcolor": STATUS_COLOURS["RUNNING"], "color": "#166534"},
    "container": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#ffffff",
        "color": "#334155",
    },
    "agent": {"shape": "component", "style": "filled", "fillcolor": "#e0e7ff", "color": "#3730a3"},
    "docker": {"shape": "box3d", "style": "filled", "fillcolor": "#dbeafe", "color": "#1e40af"},
    "control_plane": {
        "shape": "hexagon",
        "style": "filled",
        "fillcolor": "#fef3c7",
        "color": "#92400e",
    },
    "service": {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": "#ede9fe",
        "color": "#5b21b6",
    },
    "task_definition": {
        "shape": "note",
        "style": "filled",
        "fillcolor": "#fefce8",
        "color": "#854d0e",
    },
    "registry": {
        "shape": "cylinder",
        "style": "filled",
        "fillcolor": "#ecfeff",
        "color": "#155e75",
    },
    "image": {"shape": "box", "style": "filled", "fillcolor": "#cffafe", "color": "#155e75"},
    "load_balancer": {
        "shape": "doublecircle",
        "style": "filled",
        "fillcolor": "#fae8ff",
        "color": "#86198f",
    },
    "target_group": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#fdf4ff",
        "color": "#86198f",
    },
    "summary": {
        "shape": "box",
        "style": "rounded,filled,dashed",
        "fillcolor": "#f1f5f9",
        "color": "#64748b",
    },
    "note": {"shape": "plaintext", "fontcolor": "#475569"},
    "kubernetes": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#dbeafe",
        "color": "#1d4ed8",
    },
}

#: Edge kind -> Graphviz attributes.
EDGES: dict[str, dict[str, str]] = {
    "uses": {"color": "#854d0e", "style": "dashed"},
    "runs": {"color": "#5b21b6"},
    "reports": {"color": "#3730a3", "style": "dotted", "dir": "both"},
    "pulls": {"color": "#155e75", "style": "dashed"},
    "routes": {"color": "#86198f"},
    "depends": {"color": "#334155"},
    "maps_to": {
        "color": "#64748b",
        "style": "dashed",
        "dir": "both",
        "arrowhead": "none",
        "arrowtail": "none",
    },
    "contains": {"color": "#94a3b8"},
}

#: What changed since the previous picture -> extra attributes on the node.
CHANGES: dict[str, dict[str, str]] = {
    "new": {"penwidth": "3", "color": "#2563eb"},
    "stopping": {"style": "rounded,filled,dashed"},
    "stopped": {"style": "rounded,filled,dotted", "fontcolor": "#6b7280"},
}


def node_attributes(kind: str, **overrides: Any) -> dict[str, str]:
    attrs = {"fontname": FONT, "fontsize": "11", "shape": "box"}
    attrs.update(KINDS.get(kind, {}))
    attrs.update({k: str(v) for k, v in overrides.items() if v is not None})
    return attrs


def edge_attributes(kind: str, **overrides: Any) -> dict[str, str]:
    attrs = {"fontname": FONT, "fontsize": "9"}
    attrs.update(EDGES.get(kind, {}))
    attrs.update({k: str(v) for k, v in overrides.items() if v is not None})
    return attrs
