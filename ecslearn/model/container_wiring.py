"""RegisterTaskDefinition's rules about how a task's containers connect: host and container
ports (per network mode), links (bridge only) and the dependsOn graph (no cycles, conditions
that fit the container).

Split from `ecslearn.model.validation` (which runs every rule in ECS's order and fills in the
defaults), so each module reads in one sitting.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ecslearn.errors import ClientException
from ecslearn.model.task_definition import ContainerDefinition

#: dependsOn conditions that wait for the target to exit, so the target may not be essential.
EXIT_CONDITIONS = ("COMPLETE", "SUCCESS")


def container_error(container: ContainerDefinition, problem: str, fix: str) -> ClientException:
    """ECS's ClientException for one container's setting: "Invalid setting for container 'x'."
    and the problem, as AWS words it (sil-org/ecs-deploy#59 quotes the memory one; the other
    problems are ecslearn's wording), with how to fix it as the error's hint."""
    return ClientException(f"Invalid setting for container '{container.name}'. {problem}", hint=fix)


def check_ports(containers: list[ContainerDefinition], mode: str) -> None:
    static_ports: dict[tuple[int, str], str] = {}
    for container in containers:
        protocols_by_port: dict[int, str] = {}
        for mapping in container.port_mappings or []:
            if mode == "none":
                raise container_error(
                    container,
                    "Port mappings are not supported when networkMode=none.",
                    "Remove 'portMappings', or use another network mode.",
                )
            port = mapping.container_port
            if port is None:
                if mapping.container_port_range:
                    continue
                raise container_error(
                    container,
                    "A port mapping needs a 'containerPort'.",
                    "Give the port the container listens on.",
                )
            if not 1 <= port <= 65535:
                raise container_error(
                    container,
                    f"containerPort {port} is out of range.",
                    "Use a port from 1 to 65535.",
                )
            host = mapping.host_port
            if host is not None and not 0 <= host <= 65535:
                raise container_error(
                    container,
                    f"hostPort {host} is out of range.",
                    "Use 0 (dynamic) or a port up to 65535.",
                )
            if mode in ("host", "awsvpc") and host not in (None, port):
                raise ClientException(  # AWS's text (quoted in Terraform configurations)
                    f"When networkMode={mode}, the host ports and container ports in port "
                    "mappings must match.",
                    hint=f"Container '{container.name}' maps containerPort {port} to hostPort "
                    f"{host}: leave hostPort out or set it to {port}.",
                )
            protocol = mapping.effective_protocol
            if protocols_by_port.get(port, protocol) != protocol:
                raise container_error(
                    container,
                    f"containerPort {port} is mapped for both tcp and udp.",
                    "A container port can use one protocol; map the other to a different port.",
                )
            protocols_by_port[port] = protocol
            published = port if mode in ("host", "awsvpc") else host
            if published:
                owner = static_ports.get((published, protocol))
                if owner == container.name:
                    raise container_error(
                        container,
                        f"Host port {published}/{protocol} is mapped twice in 'portMappings'.",
                        "Publish each host port once.",
                    )
                if owner is not None:
                    raise ClientException(  # ecslearn's wording
                        f"Host port {published}/{protocol} is used twice in this task definition "
                        f"(containers '{owner}' and '{container.name}').",
                        hint="Two containers of one task cannot publish the same host port; "
                        "pick another port.",
                    )
                static_ports[(published, protocol)] = container.name or ""


def check_links(containers: list[ContainerDefinition], mode: str) -> None:
    names = {c.name for c in containers}
    for container in containers:
        if not container.links:
            continue
        if mode != "bridge":
            raise ClientException(  # AWS's text (the ECS CLI's docs quote it for awsvpc)
                f"Links are not supported when networkMode={mode}.",
                hint=f"Container '{container.name}' has 'links'; remove them (containers of a "
                "task reach each other on localhost in awsvpc and host mode) or use "
                "networkMode=bridge.",
            )
        for link in container.links:
            target = link.split(":", 1)[0]
            if target not in names or target == container.name:
                raise container_error(
                    container,
                    f"Link '{link}' names no other container of this task definition.",
                    "A link is 'containerName' or 'containerName:alias'.",
                )


def dependency_graph(containers: Iterable[ContainerDefinition]) -> nx.DiGraph:
    """Edges point from a container to the one it waits for, labelled with the condition."""
    graph = nx.DiGraph()
    for container in containers:
        graph.add_node(container.name)
        for dep in container.depends_on or []:
            graph.add_edge(container.name, dep.container_name, condition=dep.condition)
    return graph


def check_dependencies(containers: list[ContainerDefinition]) -> None:
    by_name = {c.name: c for c in containers}
    for container in containers:
        for dep in container.depends_on or []:
            target = by_name.get(dep.container_name)
            if target is None:
                raise container_error(
                    container,
                    f"dependsOn names container '{dep.container_name}', which is not in this "
                    "task definition.",
                    "Name one of the task's containers.",
                )
            if target is container:
                raise container_error(
                    container, "A container cannot depend on itself.", "Remove that dependsOn."
                )
            if dep.condition in EXIT_CONDITIONS and target.is_essential:
                raise container_error(
                    container,
                    f"dependsOn condition {dep.condition} needs container '{target.name}' to exit, "
                    "but it is essential: its exit would stop the whole task.",
                    f"Set 'essential': false on '{target.name}', or use START or HEALTHY.",
                )
            if dep.condition == "HEALTHY" and target.health_check is None:
                raise container_error(
                    container,
                    f"dependsOn condition HEALTHY needs a healthCheck on container "
                    f"'{target.name}', which has none.",
                    f"Add a 'healthCheck' to '{target.name}', or use START.",
                )
    if not any(container.depends_on for container in containers):
        return  # no edges, no circle (and networkx's machinery costs milliseconds a call)
    graph = dependency_graph(containers)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    path = " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    raise ClientException(  # ecslearn's wording
        f"Circular dependency in dependsOn: {path}.",
        hint="Containers cannot wait for each other in a circle; remove one of these dependsOn "
        "entries.",
    )


def check_wiring(containers: list[ContainerDefinition], mode: str) -> None:
    """How the containers meet each other: ports, links and dependsOn."""
    check_ports(containers, mode)
    check_links(containers, mode)
    check_dependencies(containers)
