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

#: ELB target health state -> fill and border: green serving, grey waiting, red failing, orange
#: leaving (the same reading as a task's status colours).
TARGET_COLOURS: dict[str, dict[str, str]] = {
    "healthy": {"fillcolor": "#86efac", "color": "#166534"},
    "initial": {"fillcolor": "#e5e7eb", "color": "#475569"},
    "unhealthy": {"fillcolor": "#fca5a5", "color": "#b91c1c", "penwidth": "2"},
    "draining": {"fillcolor": "#fed7aa", "color": "#c2410c", "style": "rounded,filled,dashed"},
    "unused": {"fillcolor": "#f8fafc", "color": "#94a3b8", "fontcolor": "#64748b"},
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
    # The traffic picture: a listener, a listener rule, a fixed response or redirect (answered
    # by the load balancer itself), and a target, filled by its ELB health (TARGET_COLOURS).
    "listener": {"shape": "cds", "style": "filled", "fillcolor": "#fae8ff", "color": "#86198f"},
    # A Cloud Map namespace: the DNS names a service's tasks are found by.
    "namespace": {"shape": "folder", "style": "filled", "fillcolor": "#ecfdf5", "color": "#047857"},
    "rule": {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": "#86198f"},
    "fixed_response": {
        "shape": "box",
        "style": "filled,dashed",
        "fillcolor": "#f8fafc",
        "color": "#86198f",
    },
    "target": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#e5e7eb",
        "color": "#475569",
    },
    "summary": {
        "shape": "box",
        "style": "rounded,filled,dashed",
        "fillcolor": "#f1f5f9",
        "color": "#64748b",
    },
    "note": {"shape": "plaintext", "fontcolor": "#475569"},
    # Capacity: an Auto Scaling group's box (Auto Scaling's orange), tasks waiting in
    # PROVISIONING for capacity (PROVISIONING's grey, dashed: not on any instance yet), the
    # cluster's providers and default strategy, and one capacity provider in the split picture.
    "asg": {"style": "rounded,filled", "fillcolor": "#fff7ed", "color": "#c2410c", "penwidth": "2"},
    "waiting": {
        "shape": "box",
        "style": "rounded,filled,dashed",
        "fillcolor": STATUS_COLOURS["PROVISIONING"],
        "color": "#4b5563",
        "penwidth": "2",
    },
    "capacity": {"shape": "note", "style": "filled", "fillcolor": "#fff7ed", "color": "#c2410c"},
    "capacity_provider": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#fff7ed",
        "color": "#c2410c",
    },
    "kubernetes": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#dbeafe",
        "color": "#1d4ed8",
    },
    # Concept maps: a side-by-side panel, instance attributes, a warning about a misconception,
    # and the legend's line describing an edge kind (drawn as text in the edge's colour).
    "panel": {"style": "rounded", "color": "#cbd5e1", "fontsize": "13"},
    "attribute": {"shape": "cds", "style": "filled", "fillcolor": "#f0fdf4", "color": "#166534"},
    "warning": {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": "#fef2f2",
        "color": "#dc2626",
        "fontcolor": "#991b1b",
    },
    "legend_edge": {"shape": "plaintext"},
    # Placement explanations: a pipeline step's box, and each instance's verdict in it.
    "step": {"style": "rounded,dashed", "color": "#94a3b8", "fontcolor": "#334155"},
    "ruled_out": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#fee2e2",
        "color": "#b91c1c",
    },
    "candidate": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#f0fdf4",
        "color": "#15803d",
    },
    "chosen": {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": STATUS_COLOURS["RUNNING"],
        "color": "#166534",
        "penwidth": "3",
    },
}

#: Edge kind -> Graphviz attributes.
EDGES: dict[str, dict[str, str]] = {
    "uses": {"color": "#854d0e", "style": "dashed"},
    "runs": {"color": "#5b21b6"},
    "reports": {"color": "#3730a3", "style": "dotted", "dir": "both"},
    "pulls": {"color": "#155e75", "style": "dashed"},
    "routes": {"color": "#86198f"},
    "connects": {"color": "#0f766e", "style": "bold", "fontcolor": "#0f766e"},
    "depends": {"color": "#334155"},
    "maps_to": {
        "color": "#64748b",
        "style": "dashed",
        "dir": "both",
        "arrowhead": "none",
        "arrowtail": "none",
    },
    "contains": {"color": "#94a3b8"},
    "starts": {"color": "#3730a3"},
    "not_same": {
        "color": "#dc2626",
        "fontcolor": "#dc2626",
        "style": "bold",
        "penwidth": "2",
        "dir": "both",
        "arrowhead": "tee",
        "arrowtail": "tee",
    },
    # Not a relation: an invisible edge that only tells Graphviz what goes below (or, with
    # minlen=0, beside) what. Legends and tests ignore it.
    "layout": {"style": "invis"},
}

#: What changed since the previous picture -> extra attributes on the node. The border colour
#: stays the task's revision colour, so "new" is told apart by a thick border.
CHANGES: dict[str, dict[str, str]] = {
    "new": {"penwidth": "4"},
    "stopping": {"style": "rounded,filled,dashed"},
    "stopped": {"style": "rounded,filled,dotted", "fontcolor": "#6b7280"},
}

#: Timeline lines (matplotlib): desired dashed purple like a service, running green like a
#: RUNNING task, pending amber like a PENDING one; revisions use REVISION_COLOURS.
TIMELINE_COLOURS: dict[str, str] = {
    "desired": "#5b21b6",
    "running": "#15803d",
    "pending": "#d97706",
    "load": "#64748b",
    "unknown": "#9ca3af",
    "marker": "#475569",
}

#: Things outside the picture's focus (other services' tasks) -> attributes that fade them.
DIMMED: dict[str, str] = {"fillcolor": "#f8fafc", "color": "#cbd5e1", "fontcolor": "#94a3b8"}


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
