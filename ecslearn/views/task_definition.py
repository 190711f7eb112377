"""The task definition picture: its containers, what each depends on, and the order they start.

``dependsOn`` makes a graph: ``app`` waits for ``db`` to be HEALTHY, ``db`` waits for
``migrate`` to COMPLETE. The agent starts containers in that graph's topological order (every
container whose dependencies are met starts together) and stops them in the reverse order, so
that a container never outlives what it depends on. The picture shows each container (image,
CPU and memory, essential ★, ports, health check), one arrow per ``dependsOn`` entry labelled
with its condition, and both orders as numbered steps.
"""

from __future__ import annotations

import networkx as nx

from ecslearn.model.task_definition import ContainerDefinition, PortMapping, TaskDefinition
from ecslearn.views.render import Picture
from ecslearn.words import words
from ecslearn.words.task_definition import TASK_DEFINITION

ESSENTIAL_MARK = "★"


def dependency_graph(td: TaskDefinition) -> nx.DiGraph:
    """Containers as nodes; an edge ``dependency -> dependent`` (the way start order flows) per
    ``dependsOn`` entry, with its ``condition``. Names that are not containers of the task
    definition are left out (registration refuses them)."""
    graph = nx.DiGraph()
    names = [c.name or "" for c in td.container_definitions]
    graph.add_nodes_from(names)
    for container in td.container_definitions:
        for dependency in container.depends_on or []:
            if dependency.container_name in graph:
                graph.add_edge(
                    dependency.container_name, container.name, condition=dependency.condition
                )
    return graph


def start_order(td: TaskDefinition) -> list[list[str]]:
    """The steps the agent starts containers in: each step's containers start together, once
    everything they depend on has met its condition. Raises ValueError for a cycle."""
    graph = dependency_graph(td)
    position = {c.name: i for i, c in enumerate(td.container_definitions)}
    try:
        steps = list(nx.topological_generations(graph))
    except nx.NetworkXUnfeasible:
        cycle = " -> ".join(dependency for dependency, _ in nx.find_cycle(graph))
        raise ValueError(
            f"dependsOn has a cycle ({cycle}): no container of it could ever start. "
            "Remove one of the dependencies."
        ) from None
    return [sorted(step, key=lambda name: position[name]) for step in steps]


def stop_order(td: TaskDefinition) -> list[list[str]]:
    """Start order reversed: dependents stop before the containers they depend on."""
    return list(reversed(start_order(td)))


def _words(lang: str | None) -> dict[str, str]:
    return words(TASK_DEFINITION, lang)


def task_definition_picture(td: TaskDefinition, lang: str | None = None) -> Picture:
    """Draw `td`: containers, their dependsOn arrows with conditions, start and stop order."""
    return Picture(task_definition_graph(td, lang))


def task_definition_graph(td: TaskDefinition, lang: str | None = None) -> nx.DiGraph:
    """The structure `task_definition_picture` draws: a ``task_definition`` group holding one
    ``container`` node per container, ``depends`` edges from a container to each container it
    waits for (labelled with the condition), and a ``note`` with start and stop order."""
    words = _words(lang)
    name = td.family_revision if td.revision else td.family or "task definition"
    graph = nx.DiGraph(
        title=words["title"].format(name=name),
        legend_title=words["legend_title"],
        rankdir="TB",
        legend=[
            (f"{ESSENTIAL_MARK} {words['essential']}", "container", {"penwidth": "2"}),
            (words["not_essential"], "container", {"style": "rounded,filled,dashed"}),
            (words["waits"], "note", {}),
        ],
    )
    box = ("task_definition", name)
    graph.add_node(
        box, kind="task_definition", label=_header(td, name, words), parent=None, group=True
    )
    for container in td.container_definitions:
        graph.add_node(
            ("container", container.name),
            kind="container",
            label=container_label(container, td.effective_network_mode),
            parent=box,
            group=False,
            attrs=_container_attrs(container),
            essential=container.is_essential,
        )
    dependencies = dependency_graph(td)
    for dependency, dependent, data in dependencies.edges(data=True):
        graph.add_edge(
            ("container", dependent),
            ("container", dependency),
            kind="depends",
            label=data["condition"],
            condition=data["condition"],
        )
    try:
        order = order_text(start_order(td), stop_order(td), lang)
    except ValueError as error:
        order = str(error)
    graph.add_node(("order", name), kind="note", label=order, parent=None, group=False)
    return graph


def order_text(start: list[list[str]], stop: list[list[str]], lang: str | None = None) -> str:
    """``start order: 1. db, cache  2. app`` as lines, then the stop order the same way."""
    words = _words(lang)
    lines = [words["start"]]
    lines += [f"{i}. {', '.join(step)}" for i, step in enumerate(start, 1)]
    lines += ["", words["stop"]]
    lines += [f"{i}. {', '.join(step)}" for i, step in enumerate(stop, 1)]
    return "\n".join(lines)


def _header(td: TaskDefinition, name: str, words: dict[str, str]) -> str:
    parts = [
        words["header"].format(name=name),
        words["network"].format(mode=td.effective_network_mode),
    ]
    if td.cpu or td.memory:
        parts.append(f"task cpu {td.cpu or '-'} · memory {td.memory or '-'}")
    return "\n".join(parts)


def _container_attrs(container: ContainerDefinition) -> dict[str, str]:
    if container.is_essential:
        return {"penwidth": "2"}
    return {"style": "rounded,filled,dashed"}


def container_label(container: ContainerDefinition, network_mode: str = "bridge") -> str:
    mark = f"{ESSENTIAL_MARK} " if container.is_essential else ""
    lines = [f"{mark}{container.name}", container.image or "(no image)"]
    resources = []
    if container.cpu:
        resources.append(f"cpu {container.cpu}")
    if container.memory:
        resources.append(f"memory {container.memory}")
    if container.memory_reservation:
        resources.append(f"reservation {container.memory_reservation}")
    if resources:
        lines.append(" · ".join(resources))
    ports = [_port(mapping, network_mode) for mapping in container.port_mappings or []]
    if ports:
        lines.append("ports " + " ".join(ports))
    check = container.health_check
    if check is not None and check.command:
        command = check.command[1:] if check.command[0] in ("CMD", "CMD-SHELL") else check.command
        text = " ".join(command)
        if len(text) > 32:
            text = text[:31] + "…"
        every = f" every {check.interval}s" if check.interval else ""
        lines.append(f"health: {text}{every}")
    return "\n".join(lines)


def _port(mapping: PortMapping, network_mode: str) -> str:
    """``:8080→80`` (static host port), ``:dynamic→80`` (bridge mode, host port 0 or unset);
    in host and awsvpc mode the host port is the container port."""
    container_port = mapping.container_port
    host_port = mapping.host_port or (container_port if network_mode != "bridge" else None)
    host = str(host_port) if host_port else "dynamic"
    protocol = mapping.protocol
    suffix = f"/{protocol}" if protocol and protocol != "tcp" else ""
    return f":{host}→{container_port}{suffix}"
