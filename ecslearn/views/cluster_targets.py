"""Load balancer target groups in the cluster picture: target group -> the tasks it routes to.

Drawn only when the region's state has ``target_groups``. The reading is deliberately loose:
a target group may be an object or an ELBv2-shaped dict, its targets a list or a mapping, each
naming an instance (bridge and host mode: EC2 instance ID and host port) or an IP (awsvpc:
the task's ENI address and the container port).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from ecslearn.control.state import RegionState
from ecslearn.model.task import Task
from ecslearn.views.cluster_labels import say

Target = tuple[str, int, Any]  # (instance ID or IP, port, health state)


def add_target_groups(
    graph: nx.DiGraph,
    state: RegionState,
    tasks: list[Task],
    *,
    detailed: bool,
    lang: str | None = None,
) -> None:
    """One node per target group; when `detailed`, an edge to each task node it routes to."""
    index = task_targets(state, tasks) if detailed else {}
    for arn, name, members in target_groups(state):
        key = ("target_group", arn)
        graph.add_node(key, kind="target_group", label="", parent=None, group=False)
        drawn = 0
        for ident, port, health in members:
            task = index.get((ident, port))
            if task is not None and task in graph:
                graph.add_edge(key, task, kind="routes", label=f":{port} {health or ''}".strip())
                drawn += 1
        healthy = sum(1 for *_, health in members if str(health).lower() == "healthy")
        label = say(lang, "target_group", name=name, n=len(members), healthy=healthy)
        if detailed and drawn < len(members):
            label += say(lang, "not_in_picture", n=len(members) - drawn)
        graph.nodes[key]["label"] = label


def task_targets(state: RegionState, tasks: list[Task]) -> dict[tuple[str, int], tuple[str, str]]:
    """(EC2 instance ID or task IP, port) -> task node: how a target group names a task."""
    index: dict[tuple[str, int], tuple[str, str]] = {}
    for task in tasks:
        node = ("task", task.task_arn or "")
        instance = state.instances.get(task.container_instance_arn or "")
        bindings = [b for c in task.containers or [] for b in c.network_bindings or []]
        for binding in bindings:
            if instance is not None and binding.host_port:
                index[(instance.ec2_instance_id or "", binding.host_port)] = node
            for ip in task_ips(task):
                index[(ip, binding.container_port or 0)] = node
    return index


def target_groups(state: RegionState) -> list[tuple[str, str, list[Target]]]:
    """(ARN, name, [(target ID, port, health)]) for each target group of the region."""
    groups = getattr(state, "target_groups", None)
    if not groups:
        return []
    out = []
    for group in groups.values() if isinstance(groups, Mapping) else groups:
        arn = str(_field(group, "target_group_arn", "TargetGroupArn", "arn") or "")
        name = _field(group, "target_group_name", "TargetGroupName", "name")
        if name is None:
            name = arn.split("/")[-2] if arn.count("/") >= 2 else arn
        raw = _field(group, "targets", "Targets", "target_health_descriptions") or []
        members = []
        for target in raw.values() if isinstance(raw, Mapping) else raw:
            inner = _field(target, "target", "Target") or target
            health = _field(target, "health", "health_state", "state", "TargetHealth")
            if health is not None and not isinstance(health, str):
                health = _field(health, "state", "State")
            port = int(_field(inner, "port", "Port") or 0)
            members.append((str(_field(inner, "id", "Id", "target_id")), port, health))
        out.append((arn, str(name), members))
    return out


def task_ips(task: Task) -> list[str]:
    """The private IPs of an awsvpc task's network interfaces."""
    return [
        detail["value"]
        for attachment in task.attachments or []
        for detail in attachment.get("details", [])
        if detail.get("name") == "privateIPv4Address" and detail.get("value")
    ]


def _field(thing: Any, *names: str) -> Any:
    for name in names:
        value = thing.get(name) if isinstance(thing, Mapping) else getattr(thing, name, None)
        if value is not None:
            return value
    return None
