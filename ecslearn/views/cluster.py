"""The cluster picture: cluster → zones → instances → tasks → containers, and the services.

``cluster_picture(sim, "web")`` draws what ``describe_*`` would tell you, nested the way ECS
nests it: each zone's instances with their CPU and memory in use, each instance's tasks (fill:
``lastStatus``; border: task definition revision), each task's containers with their host
ports, and the services linked to the tasks they run and the task definitions they use.

- ``service="web"`` focuses on one service: the others' tasks are dimmed (``others="hide"``:
  left out).
- ``previous=snapshot(sim, "web")``, taken earlier, highlights what changed since: new tasks,
  tasks told to stop, tasks that stopped.
- Above ``group_above`` instances, each zone's instances are summarised per instance type, with
  their task counts per status and revision, so a 1,000-instance cluster stays readable.
- Stopped tasks are left out unless they stopped since ``previous`` (or ``show_stopped=True``);
  target groups are drawn when the region has them (`cluster_targets`).
- Instances of an Auto Scaling group sit in the group's box, which names its capacity provider;
  tasks waiting in PROVISIONING for capacity sit in a box per provider; Fargate tasks in
  AWS-managed capacity per zone (`cluster_asg`, `cluster_fargate`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from ecslearn.control.state import region_of
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.task import Task
from ecslearn.views.cluster_asg import ClusterCapacity, add_waiting
from ecslearn.views.cluster_changes import ClusterSnapshot, snapshot
from ecslearn.views.cluster_connect import add_service_connect
from ecslearn.views.cluster_fargate import add_fargate, fargate_zones
from ecslearn.views.cluster_labels import (
    container_label,
    counted,
    family_revision,
    instance_label,
    say,
    service_label,
    shift_now,
    summary_label,
    task_definition_label,
    task_label,
    tasks_text,
)
from ecslearn.views.cluster_targets import add_target_groups
from ecslearn.views.cluster_view import ClusterView
from ecslearn.views.render import Picture
from ecslearn.views.style import CHANGES, DIMMED, STATUS_COLOURS
from ecslearn.words import resolve

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

__all__ = ["ClusterSnapshot", "cluster_graph", "cluster_picture", "snapshot"]


# -- the picture -------------------------------------------------------------------------------
def cluster_picture(
    sim: Simulation,
    cluster: str = "default",
    *,
    service: str | None = None,
    previous: ClusterSnapshot | None = None,
    group_above: int = 40,
    region: str | None = None,
    others: Literal["dim", "hide"] = "dim",
    show_stopped: bool = False,
    lang: str | None = None,
) -> Picture:
    """Draw a cluster: zones, instances (CPU and memory in use), tasks, containers, services.
    ``lang="ko"`` draws it in Korean, and without `lang` it is in the session's language
    (`ecslearn.set_language`); ECS's own values, like RUNNING, stay as ECS writes them."""
    return Picture(
        cluster_graph(
            sim,
            cluster,
            service=service,
            previous=previous,
            group_above=group_above,
            region=region,
            others=others,
            show_stopped=show_stopped,
            lang=lang,
        )
    )


def cluster_graph(
    sim: Simulation,
    cluster: str = "default",
    *,
    service: str | None = None,
    previous: ClusterSnapshot | None = None,
    group_above: int = 40,
    region: str | None = None,
    others: Literal["dim", "hide"] = "dim",
    show_stopped: bool = False,
    lang: str | None = None,
) -> nx.DiGraph:
    """The structure `cluster_picture` draws (see `ecslearn.views.render` for the convention).

    Nodes are keyed ``("cluster", name)``, ``("zone", zone)``, ``("instance", arn)``,
    ``("task", arn)``, ``("container", task_arn, name)``, ``("service", arn)``,
    ``("task_definition", arn)``, ``("summary", zone, instance_type)`` and
    ``("target_group", arn)``; with Auto Scaling groups and capacity providers (`cluster_asg`)
    also ``("asg", group)``, holding ``("zone", zone, group)`` and their instances (or
    ``("summary", zone, instance_type, group)``), ``("waiting", capacity_provider)`` and
    ``("capacity", cluster)``. Edges are ``runs`` (service -> task, summary or waiting box),
    ``uses`` (service -> task definition), ``routes`` (target group -> task), ``connects``
    (Service Connect: client service -> the service it reaches by name) and invisible
    ``layout``.
    """
    state = region_of(sim, region)
    record = state.cluster(cluster, active_only=False)
    name = record.cluster_name or cluster
    lang = resolve(lang)  # an unknown language is refused before anything is drawn
    view = ClusterView(state, name, service, previous, others == "hide", show_stopped, lang)
    instances = state.instances_in(name)
    capacity = ClusterCapacity(state, record, instances, lang)
    grouped = len(instances) > group_above
    graph = nx.DiGraph(rankdir="TB")
    root = ("cluster", name)
    graph.add_node(
        root, kind="cluster", label=say(lang, "cluster", name=name), parent=None, group=True
    )
    for zone in sorted(capacity.outside_groups(instances) | fargate_zones(view.tasks)):
        graph.add_node(("zone", zone), kind="zone", label=zone, parent=root, group=True)
    capacity.add_groups(graph, root, instances)
    if grouped:
        _add_summaries(graph, view, capacity, instances)
    else:
        _add_instances(graph, view, capacity, instances)
    add_fargate(graph, view, grouped, _add_task)
    add_waiting(graph, view, capacity, grouped, root)
    _add_services(graph, view, root)
    add_service_connect(graph, view.shown_services, lang)
    add_target_groups(graph, state, view.tasks, detailed=not grouped, lang=lang)
    zones = len({i.zone or "?" for i in instances} | fargate_zones(view.tasks))
    title = say(
        lang,
        "title",
        name=name,
        instances=counted(lang, "instances", len(instances)),
        zones=counted(lang, "zones", zones),
        tasks=tasks_text(len(view.tasks), lang),
        t=f"{sim.now:g}",
    )
    if view.focus is not None:
        title += "\n" + say(lang, "focus", name=view.focus.service_name)
    if previous is not None:
        title += "\n" + say(lang, "changes_since", t=f"{previous.time:g}")
        if view.purged:
            title += say(lang, "purged", tasks=tasks_text(view.purged, lang))
    graph.graph["title"] = title
    graph.graph["legend"] = view.legend(graph, grouped)
    graph.graph["legend_title"] = say(lang, "legend_title")
    return graph


def task_key(task: Task) -> tuple[str, str]:
    return ("task", task.task_arn or "")


# -- detailed: one node per instance, task and container ---------------------------------------
def _add_instances(
    graph: nx.DiGraph,
    view: ClusterView,
    capacity: ClusterCapacity,
    instances: list[ContainerInstance],
) -> None:
    by_instance: dict[str, list[Task]] = defaultdict(list)
    for task in view.tasks:
        by_instance[task.container_instance_arn or ""].append(task)
    for instance in instances:
        key = ("instance", instance.container_instance_arn or "")
        unusual = instance.status != "ACTIVE" or instance.agent_connected is False
        graph.add_node(
            key,
            kind="instance",
            label=instance_label(instance, view.lang),
            parent=capacity.zone_key(instance),
            group=True,
            attrs={"style": "rounded,filled,dashed", "fillcolor": "#f8fafc"} if unusual else {},
        )
        rows = [
            _add_task(graph, view, task, key)
            for task in by_instance.get(instance.container_instance_arn or "", [])
        ]
        # Graphviz would line an instance's tasks up in one row: invisible edges put every node
        # of a task above every node of the next, so they stack and the picture stays narrow.
        for upper, lower in pairwise(rows):
            for source in upper:
                for target in lower:
                    graph.add_edge(source, target, kind="layout")


def _add_task(
    graph: nx.DiGraph, view: ClusterView, task: Task, parent: tuple[str, str]
) -> list[Any]:
    """Add the task and its containers (not for dimmed tasks); returns their nodes."""
    key = task_key(task)
    shown_change = view.changes.get(task.task_arn)
    attrs = {
        "fillcolor": STATUS_COLOURS.get(task.last_status or "", "#ffffff"),
        "color": view.colours.get(task.task_definition_arn or "", "#475569"),
        "penwidth": "2",
    }
    attrs.update(CHANGES.get(shown_change or "", {}))
    dim = view.dimmed(task)
    if dim:
        attrs.update(DIMMED)
    containers = [] if dim else list(task.containers or [])
    graph.add_node(
        key,
        kind="task",
        label=task_label(task, shown_change, view.lang),
        parent=parent,
        group=bool(containers),
        attrs=attrs,
        status=task.last_status,
        change=shown_change,
    )
    nodes: list[Any] = [key]
    for container in containers:
        nodes.append(("container", task.task_arn or "", container.name or ""))
        graph.add_node(
            nodes[-1],
            kind="container",
            label=container_label(container, view.lang),
            parent=key,
            group=False,
            attrs={"fontsize": "10"},
        )
    return nodes


# -- grouped: one node per (zone, instance type) -----------------------------------------------
def _add_summaries(
    graph: nx.DiGraph,
    view: ClusterView,
    capacity: ClusterCapacity,
    instances: list[ContainerInstance],
) -> None:
    """Count, per zone box (the cluster's, or an Auto Scaling group's) and instance type:
    instances, and tasks by status, revision, change and service (the focused one's only;
    others are one number)."""
    members: dict[tuple[Any, str], list[ContainerInstance]] = defaultdict(list)
    group_of: dict[str, tuple[Any, str]] = {}
    for instance in instances:
        key = (capacity.zone_key(instance), instance.instance_type or "?")
        members[key].append(instance)
        group_of[instance.container_instance_arn or ""] = key
    counts: dict[tuple[Any, str], dict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for task in view.tasks:
        key = group_of.get(task.container_instance_arn or "")
        if key is None:
            continue
        if view.dimmed(task):
            counts[key]["dimmed"]["tasks"] += 1
            continue
        counts[key]["status"][task.last_status or "?"] += 1
        counts[key]["revision"][task.task_definition_arn or ""] += 1
        if view.changes.get(task.task_arn):
            counts[key]["change"][view.changes[task.task_arn] or ""] += 1
        if task.service_arn:
            counts[key]["service"][task.service_arn] += 1
    for (zone_box, kind), group in members.items():
        count = counts[(zone_box, kind)]
        label = summary_label(
            kind, group, count["status"], count["revision"], count["change"], view.lang
        )
        if count["dimmed"]["tasks"]:
            others = tasks_text(count["dimmed"]["tasks"], view.lang)
            label += say(view.lang, "of_other_services", tasks=others)
        graph.add_node(
            ("summary", zone_box[1], kind, *zone_box[2:]),  # zone_box[2]: the group, if any
            kind="summary",
            label=label,
            parent=zone_box,
            group=False,
            instances=len(group),
            tasks=dict(count["status"]),
            revisions={family_revision(a): n for a, n in count["revision"].items()},
            changes=dict(count["change"]),
            services=dict(count["service"]),
        )


# -- services and task definitions -------------------------------------------------------------
def _add_services(graph: nx.DiGraph, view: ClusterView, root: tuple[str, str]) -> None:
    """Services inside the cluster, linked to their tasks (or the summaries and waiting boxes
    counting them) and task definitions."""
    summaries = [
        (n, d["services"]) for n, d in graph.nodes(data=True) if d["kind"] in ("summary", "waiting")
    ]
    runs: dict[str, list[Any]] = defaultdict(list)
    for task in view.tasks:
        if task.service_arn and task_key(task) in graph:
            runs[task.service_arn].append(task_key(task))
    # The focused service goes first, so a task definition it shares with others is not dimmed.
    for svc in sorted(view.shown_services, key=lambda s: s is not view.focus):
        key = ("service", svc.service_arn or "")
        dim = {"color": DIMMED["color"]} if view.focus not in (None, svc) else {}
        tasks = [t for t in view.tasks if t.service_arn == svc.service_arn and not t.is_stopped]
        graph.add_node(
            key,
            kind="service",
            label=service_label(svc, tasks, view.lang, shift_now(view.state, svc)),
            parent=root,
            group=False,
            attrs=dict(DIMMED) if dim else {},
        )
        for node, per_service in summaries:
            count = per_service.get(svc.service_arn, 0)
            if count:  # the count sits by the summary: labels mid-edge would overlap
                attrs = {"headlabel": tasks_text(count, view.lang), "labeldistance": "3", **dim}
                graph.add_edge(key, node, kind="runs", tasks=count, attrs=attrs)
        for node in runs.get(svc.service_arn or "", []):
            graph.add_edge(key, node, kind="runs", attrs=dim)
        deployments = svc.deployments or []
        for deployment in deployments:
            arn = deployment.task_definition or ""
            node = ("task_definition", arn)
            if node not in graph:
                attrs = {"color": view.colours.get(arn, "#854d0e"), "penwidth": "2"}
                graph.add_node(
                    node,
                    kind="task_definition",
                    label=task_definition_label(view.state, arn, view.lang),
                    parent=None,
                    group=False,
                    attrs={**attrs, **DIMMED} if dim else attrs,
                )
            label = (deployment.status or "").lower() if len(deployments) > 1 else None
            graph.add_edge(key, node, kind="uses", label=label, attrs=dim)
