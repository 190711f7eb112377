"""A task definition as a Docker Compose file, the way ECS's own local tooling
(``ecs-cli local``) turned one into Compose, so a learner can run a task on their laptop.

One Compose service per container. What maps, and how:

* ``image``, ``command``, ``entryPoint`` -> ``image``, ``command``, ``entrypoint`` (lists, so
  no shell re-splitting); ``environment`` -> a mapping; ``dockerLabels`` -> ``labels``;
  ``links`` -> ``links``; ``user``/``workingDirectory``/``hostname``/``privileged``/
  ``readonlyRootFilesystem`` -> ``user``/``working_dir``/``hostname``/``privileged``/``read_only``.
  Every ``$`` is written ``$$``: Compose would otherwise substitute it from the host's
  environment, which ECS never does.
* Ports follow the network mode. ``bridge``: ``"hostPort:containerPort/proto"``, or just
  ``"containerPort/proto"`` for a dynamic host port (Docker picks one, as ECS does).
  ``host``: ``network_mode: host`` and no ``ports`` (the container binds the host's ports
  directly). ``none``: ``network_mode: none``. ``awsvpc``: every container of a task shares one
  network namespace (one ENI, one IP, reach each other on localhost). ECS does this with a
  hidden "pause" container that owns the namespace; the export does the same: a first service
  :data:`AWSVPC_NETWORK_SERVICE` running a pause image publishes the ports, and every container
  joins it with ``network_mode: "service:<that service>"`` and lists the ports it listens on
  under ``expose``.
* ``dependsOn`` -> ``depends_on`` with a condition: START -> ``service_started``,
  HEALTHY -> ``service_healthy``, SUCCESS -> ``service_completed_successfully``. COMPLETE
  (exited with *any* code) has no Compose condition; it becomes
  ``service_completed_successfully`` too, because keeping the order matters more than
  starting after a failure: the exported file is stricter (a non-zero exit blocks the
  dependent) but never starts a container too early. The original condition is kept in the
  service's ``x-ecs`` extension, so importing the file gives COMPLETE back.
* ``healthCheck`` -> ``healthcheck``: the command is the same list (Compose uses Docker's
  ``CMD``/``CMD-SHELL`` convention too); interval/timeout/startPeriod become durations
  (``"30s"``), retries stays a number.
* ``memory`` -> ``mem_limit`` (hard, like ``docker run --memory``), ``memoryReservation`` ->
  ``mem_reservation`` (soft), ``cpu`` -> ``cpu_shares`` (ECS's container cpu *is* Docker's CPU
  shares, a weight). ``stopTimeout`` -> ``stop_grace_period``.

What has no Compose equivalent, and goes into ``x-ecs`` extensions (ignored by Docker, read
back by :func:`to_task_definition`): ``essential`` (Compose never stops the other services
when one exits), task-level ``cpu``/``memory`` (a task is a cgroup; Compose has none above a
service), roles, ``requiresCompatibilities``, placement, log and secret settings. A top-level
``name:`` is left out because Compose v1 (Debian's ``docker-compose``) rejects it: pass the
project with ``docker compose -p``.
"""

from __future__ import annotations

from typing import Any

import yaml

# The other direction, Compose -> task definition, lives beside this module; re-exported here.
from ecslearn.export.compose_import import (
    DEFAULT_MEMORY_RESERVATION,
    ComposeImportError,
    to_task_definition,
)
from ecslearn.model.task_definition import ContainerDefinition, HealthCheck, TaskDefinition

#: The service that owns an awsvpc task's network namespace, as ECS's pause container does.
AWSVPC_NETWORK_SERVICE = "ecs-task-network"
#: A small public image that sleeps forever: Kubernetes' pause image, ECS's is not public.
PAUSE_IMAGE = "registry.k8s.io/pause:3.9"

#: dependsOn condition -> Compose depends_on condition.
CONDITIONS = {
    "START": "service_started",
    "HEALTHY": "service_healthy",
    "SUCCESS": "service_completed_successfully",
    "COMPLETE": "service_completed_successfully",
}

#: Container members copied one to one: ECS name -> Compose name.
_PLAIN_MEMBERS = {
    "user": "user",
    "workingDirectory": "working_dir",
    "privileged": "privileged",
    "readonlyRootFilesystem": "read_only",
}


def escape_dollars(value: Any) -> Any:
    """``$`` -> ``$$`` in every string: Compose interpolates ``$VAR`` from the shell running it,
    ECS passes strings to Docker as they are (``echo $(date)`` is for the container's shell)."""
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, list):
        return [escape_dollars(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_dollars(v) for k, v in value.items()}
    return value


def seconds(value: int) -> str:
    """A Compose duration: ``30`` -> ``"30s"``."""
    return f"{value}s"


def healthcheck(check: HealthCheck) -> dict[str, Any]:
    """Compose's healthcheck, with the ECS defaults spelled out (ECS applies them anyway)."""
    out: dict[str, Any] = {"test": list(check.command)}
    out["interval"] = seconds(check.interval if check.interval is not None else 30)
    out["timeout"] = seconds(check.timeout if check.timeout is not None else 5)
    out["retries"] = check.retries if check.retries is not None else 3
    if check.start_period:
        out["start_period"] = seconds(check.start_period)
    return out


def _port(mapping: Any, *, publish_as_is: bool) -> str:
    protocol = mapping.effective_protocol
    if publish_as_is:  # host/awsvpc: the host port is the container port
        return f"{mapping.container_port}:{mapping.container_port}/{protocol}"
    if mapping.host_port:
        return f"{mapping.host_port}:{mapping.container_port}/{protocol}"
    return f"{mapping.container_port}/{protocol}"  # dynamic: Docker picks the host port


def _ports(container: ContainerDefinition, *, publish_as_is: bool) -> list[str]:
    return [
        _port(m, publish_as_is=publish_as_is)
        for m in container.port_mappings or []
        if m.container_port is not None
    ]


def _service(container: ContainerDefinition, mode: str) -> dict[str, Any]:
    out: dict[str, Any] = {"image": container.image}
    if container.entry_point:
        out["entrypoint"] = list(container.entry_point)
    if container.command:
        out["command"] = list(container.command)
    if container.environment:
        out["environment"] = {v.name: v.value or "" for v in container.environment if v.name}
    if mode == "bridge":
        ports = _ports(container, publish_as_is=False)
        if ports:
            out["ports"] = ports
        if container.links:
            out["links"] = list(container.links)
    elif mode in ("host", "none"):
        out["network_mode"] = mode
    else:  # awsvpc: the network service owns the namespace and publishes the ports
        out["network_mode"] = f"service:{AWSVPC_NETWORK_SERVICE}"
        exposed = [
            f"{m.container_port}/{m.effective_protocol}"
            for m in container.port_mappings or []
            if m.container_port is not None
        ]
        if exposed:  # which container listens on which of the task's ports
            out["expose"] = exposed
    depends: dict[str, Any] = {}
    if mode == "awsvpc":
        depends[AWSVPC_NETWORK_SERVICE] = {"condition": "service_started"}
    for dep in container.depends_on or []:
        depends[dep.container_name] = {"condition": CONDITIONS[dep.condition]}
    if depends:
        out["depends_on"] = depends
    if container.health_check and container.health_check.command:
        out["healthcheck"] = healthcheck(container.health_check)
    if container.memory:
        out["mem_limit"] = f"{container.memory}m"
    if container.memory_reservation:
        out["mem_reservation"] = f"{container.memory_reservation}m"
    if container.cpu:
        out["cpu_shares"] = container.cpu
    if container.stop_timeout is not None:
        out["stop_grace_period"] = seconds(container.stop_timeout)
    if container.docker_labels:
        out["labels"] = dict(container.docker_labels)
    if container.hostname and mode != "host":
        out["hostname"] = container.hostname
    for ecs_key, compose_key in _PLAIN_MEMBERS.items():
        if container.extra.get(ecs_key) is not None:
            out[compose_key] = container.extra[ecs_key]
    ecs: dict[str, Any] = {"essential": container.is_essential}
    complete = [d.container_name for d in container.depends_on or [] if d.condition == "COMPLETE"]
    if complete:
        ecs["completeDependencies"] = complete
    out["x-ecs"] = ecs
    return out


def _network_service(td: TaskDefinition) -> dict[str, Any]:
    ports = [p for c in td.container_definitions for p in _ports(c, publish_as_is=True)]
    service: dict[str, Any] = {"image": PAUSE_IMAGE}
    if ports:
        service["ports"] = ports
    service["x-ecs"] = {"role": "awsvpc network namespace (ECS's pause container)"}
    return service


def from_task_definition(td: TaskDefinition, *, project: str | None = None) -> dict[str, Any]:
    """The Compose file (as a dict) that runs one task of ``td`` on a single Docker host."""
    mode = td.effective_network_mode
    services: dict[str, Any] = {}
    if mode == "awsvpc":
        services[AWSVPC_NETWORK_SERVICE] = _network_service(td)
    for container in td.container_definitions:
        services[container.name or ""] = _service(container, mode)
    task: dict[str, Any] = {"family": td.family, "networkMode": mode}
    for key in ("cpu", "memory", "requiresCompatibilities", "taskRoleArn", "executionRoleArn"):
        value = td.to_json().get(key)
        if value:
            task[key] = value
    if td.revision:
        task["revision"] = td.revision
    if project:
        task["project"] = project
    return {"x-ecs": task, "services": escape_dollars(services)}


def to_yaml(compose: dict[str, Any]) -> str:
    """The Compose file as YAML, keys in the order they were built (image first)."""
    return yaml.safe_dump(compose, sort_keys=False, default_flow_style=False, width=100)


def from_task_definition_yaml(td: TaskDefinition, *, project: str | None = None) -> str:
    """:func:`from_task_definition` as the text of a ``compose.yaml``."""
    return to_yaml(from_task_definition(td, project=project))


__all__ = [
    "AWSVPC_NETWORK_SERVICE",
    "CONDITIONS",
    "DEFAULT_MEMORY_RESERVATION",
    "ComposeImportError",
    "from_task_definition",
    "from_task_definition_yaml",
    "healthcheck",
    "to_task_definition",
    "to_yaml",
]
