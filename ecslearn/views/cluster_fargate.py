"""Fargate in the cluster picture: tasks with no instance, in AWS-managed capacity.

Each zone of the cluster picture gets one box per subnet its Fargate tasks run in, labelled as
AWS-managed capacity, holding those tasks, each with its ENI's private address (and ``Spot``
for FARGATE_SPOT tasks). Above `group_above` instances the boxes only count the tasks by status,
as the instances' summaries do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import networkx as nx

from ecslearn.model.task import Task
from ecslearn.views.cluster_labels import say, tasks_text
from ecslearn.views.cluster_view import ClusterView

AddTask = Callable[[nx.DiGraph, ClusterView, Task, Any], list[Any]]
CAPACITY_ATTRS = {"style": "rounded,filled,dashed", "fillcolor": "#eef6ff", "color": "#1d4ed8"}


def fargate_tasks(tasks: list[Task]) -> list[Task]:
    return [t for t in tasks if t.is_fargate and not t.container_instance_arn]


def fargate_zones(tasks: list[Task]) -> set[str]:
    return {t.availability_zone or "?" for t in fargate_tasks(tasks)}


def _detail(task: Task, name: str) -> str:
    for attachment in task.attachments or []:
        for detail in attachment.get("details", []):
            if detail.get("name") == name:
                return str(detail.get("value"))
    return "?"


def add_fargate(graph: nx.DiGraph, view: ClusterView, grouped: bool, add_task: AddTask) -> None:
    """Boxes of AWS-managed capacity per (zone, subnet), with their tasks (or their counts)."""
    boxes: dict[tuple[str, str], list[Task]] = defaultdict(list)
    for task in fargate_tasks(view.tasks):
        boxes[(task.availability_zone or "?", _detail(task, "subnetId"))].append(task)
    for (zone, subnet), tasks in sorted(boxes.items()):
        key = ("fargate", zone, subnet)
        if grouped:
            statuses = Counter(t.last_status or "?" for t in tasks)
            counts = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
            label = say(view.lang, "fargate_summary", tasks=tasks_text(len(tasks), view.lang))
            graph.add_node(
                key,
                kind="fargate",
                label=f"{label}\n{counts}",
                parent=("zone", zone),
                group=False,
                attrs=dict(CAPACITY_ATTRS),
                tasks=dict(statuses),
            )
            continue
        graph.add_node(
            key,
            kind="fargate",
            label=say(view.lang, "fargate", subnet=subnet),
            parent=("zone", zone),
            group=True,
            attrs=dict(CAPACITY_ATTRS),
        )
        rows = []
        for task in tasks:
            rows.append(add_task(graph, view, task, key))
            node = graph.nodes[rows[-1][0]]
            node["label"] += "\n" + say(
                view.lang, "eni", address=_detail(task, "privateIPv4Address")
            )
            interface = view.state.ec2.task_interfaces.get(_detail(task, "networkInterfaceId"))
            if interface is not None and interface.public_ip:
                node["label"] += " · " + say(view.lang, "public", address=interface.public_ip)
            if task.capacity_provider_name == "FARGATE_SPOT":
                node["label"] += " · Spot"
        for upper, lower in pairwise(rows):  # stacked, as an instance's tasks are
            for source in upper:
                for target in lower:
                    graph.add_edge(source, target, kind="layout")
