"""A Docker Compose file to a task definition: the other direction of :mod:`compose`.

Every service becomes a container of one task (so at most 10 services, ECS's limit). The
network mode is read from how the services network: all ``network_mode: host`` -> ``host``,
all ``none`` -> ``none``, all joined to one service with ``network_mode: "service:X"`` where X
only holds the namespace (a pause image, or the export's own network service) -> ``awsvpc``
with X dropped; otherwise ``bridge``.

Choices where Compose says less than ECS needs:

* A service with no memory setting gets ``memoryReservation``
  :data:`DEFAULT_MEMORY_RESERVATION` MiB (unless the file's ``x-ecs`` gives a task-level
  memory), because ECS on EC2 refuses a container without ``memory`` or
  ``memoryReservation``, and a soft limit restricts nothing.
* ``deploy.resources.limits.cpus`` (whole CPUs) becomes ``cpu`` shares at 1024 per CPU when
  ``cpu_shares`` is not given; ``deploy.resources.limits.memory`` / ``reservations.memory``
  stand in for ``mem_limit`` / ``mem_reservation``.
* ``essential``: a service other services wait on with ``service_completed_successfully``
  must be non-essential (ECS requires it of a container that is meant to exit); all others
  are essential, unless the service's ``x-ecs.essential`` says otherwise.
* ``service_completed_successfully`` imports as SUCCESS, or as COMPLETE where the service's
  ``x-ecs.completeDependencies`` says the export came from COMPLETE.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from ecslearn.model.task_definition import (
    ContainerDefinition,
    ContainerDependency,
    HealthCheck,
    KeyValuePair,
    PortMapping,
    TaskDefinition,
)

DEFAULT_MEMORY_RESERVATION = 128
_PAUSE_IMAGES = ("pause", "amazon-ecs-pause")
_FROM_CONDITION = {
    "service_started": "START",
    "service_healthy": "HEALTHY",
    "service_completed_successfully": "SUCCESS",
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(us|ms|h|m|s)")
_BYTES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([bkmg]?)b?\s*$", re.IGNORECASE)
_PLAIN = {
    "user": "user",
    "working_dir": "workingDirectory",
    "privileged": "privileged",
    "read_only": "readonlyRootFilesystem",
}


class ComposeImportError(ValueError):
    """The Compose file uses something a task definition cannot say."""


def duration_seconds(value: Any) -> int:
    """``"1m30s"`` -> 90; a bare number is seconds. ECS counts whole seconds, so round up."""
    if isinstance(value, int | float):
        return int(-(-value // 1))
    total = 0.0
    text = str(value).strip()
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ComposeImportError(f"Cannot read the duration {value!r}: use e.g. '30s' or '1m30s'.")
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
    for number, unit in parts:
        total += float(number) * scale[unit]
    return int(-(-total // 1))


def memory_mib(value: Any) -> int:
    """``"256m"`` / ``"1g"`` / ``"512MB"`` / bytes -> MiB (Compose's units are binary)."""
    if isinstance(value, int):
        return max(1, value // (1024 * 1024))
    match = _BYTES.match(str(value))
    if not match:
        raise ComposeImportError(f"Cannot read the memory size {value!r}: use e.g. '256m'.")
    number, unit = float(match.group(1)), match.group(2).lower()
    factor = {"": 1 / 1024 / 1024, "b": 1 / 1024 / 1024, "k": 1 / 1024, "m": 1, "g": 1024}[unit]
    return max(1, round(number * factor))


def _words(value: Any) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def _environment(value: Any) -> list[KeyValuePair]:
    if isinstance(value, dict):
        items = [(k, "" if v is None else str(v)) for k, v in value.items()]
    else:
        items = [tuple(entry.split("=", 1)) if "=" in entry else (entry, "") for entry in value]
    return [KeyValuePair(name=k, value=v) for k, v in items]


def _port(spec: Any, mode: str) -> PortMapping:
    if isinstance(spec, dict):  # long syntax
        target, published = int(spec["target"]), spec.get("published")
        protocol = spec.get("protocol") or "tcp"
    else:
        text, _, protocol = str(spec).partition("/")
        parts = text.split(":")  # [ip:]host:container, host:container, container
        target = int(parts[-1])
        published = parts[-2] if len(parts) > 1 else None
        protocol = protocol or "tcp"
    if published is not None and "-" in str(published):
        raise ComposeImportError(f"Port ranges ({spec!r}) have no single ECS hostPort.")
    host = int(published) if published not in (None, "") else None
    if mode in ("host", "awsvpc"):
        host = target
    return PortMapping(container_port=target, host_port=host, protocol=protocol)


def _healthcheck(value: dict[str, Any]) -> HealthCheck | None:
    test = value.get("test")
    if value.get("disable") or not test or test == ["NONE"]:
        return None
    command = ["CMD-SHELL", test] if isinstance(test, str) else [str(t) for t in test]
    check = HealthCheck(command=command)
    for key, attr in (("interval", "interval"), ("timeout", "timeout")):
        if key in value:
            setattr(check, attr, duration_seconds(value[key]))
    if "start_period" in value:
        check.start_period = duration_seconds(value["start_period"])
    if "retries" in value:
        check.retries = int(value["retries"])
    return check


def _depends(value: Any) -> dict[str, str]:
    if isinstance(value, list):
        return {name: "service_started" for name in value}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in value.items()}


def _network_mode(services: dict[str, Any]) -> tuple[str, str | None]:
    """The task's network mode, and the namespace-only service to drop (awsvpc)."""
    modes = {name: (svc or {}).get("network_mode") for name, svc in services.items()}
    joined = {m.split(":", 1)[1] for m in modes.values() if m and m.startswith("service:")}
    if len(joined) == 1:
        owner = joined.pop()
        image = str((services.get(owner) or {}).get("image", ""))
        others = [n for n in services if n != owner]
        is_pause = any(p in image.rsplit("/", 1)[-1].split(":")[0] for p in _PAUSE_IMAGES)
        if is_pause and all(modes[n] == f"service:{owner}" for n in others):
            return "awsvpc", owner
    values = set(modes.values())
    if values == {"host"}:
        return "host", None
    if values == {"none"}:
        return "none", None
    if values - {None, "bridge", "default"}:
        raise ComposeImportError(
            f"Network modes {sorted(v for v in values if v)} mix in one file; a task has one "
            "network mode (bridge, host, awsvpc or none)."
        )
    return "bridge", None


def _container(
    name: str, svc: dict[str, Any], mode: str, owner: str | None, task_memory: bool
) -> ContainerDefinition:
    ecs = svc.get("x-ecs") or {}
    deploy = ((svc.get("deploy") or {}).get("resources")) or {}
    container = ContainerDefinition(name=name, image=svc.get("image"))
    if "build" in svc and not svc.get("image"):
        raise ComposeImportError(
            f"Service '{name}' is built from source; ECS runs images: push it and name the image."
        )
    if svc.get("entrypoint") is not None:
        container.entry_point = _words(svc["entrypoint"])
    if svc.get("command") is not None:
        container.command = _words(svc["command"])
    if svc.get("environment"):
        container.environment = _environment(svc["environment"])
    ports = list(svc.get("ports") or [])
    if owner is not None:  # awsvpc: the owner publishes; `expose` says who listens where
        ports = [str(p) if "/" in str(p) else f"{p}/tcp" for p in svc.get("expose") or []]
    if ports:
        container.port_mappings = [_port(p, mode) for p in ports]
    if svc.get("links") and mode == "bridge":
        container.links = list(svc["links"])
    depends = {k: v for k, v in _depends(svc.get("depends_on") or {}).items() if k != owner}
    complete = set(ecs.get("completeDependencies") or [])
    container.depends_on = [
        ContainerDependency(
            container_name=target,
            condition="COMPLETE" if target in complete else _FROM_CONDITION.get(cond, "START"),
        )
        for target, cond in depends.items()
    ] or None
    if svc.get("healthcheck"):
        container.health_check = _healthcheck(svc["healthcheck"])
    limit = svc.get("mem_limit") or (deploy.get("limits") or {}).get("memory")
    reservation = svc.get("mem_reservation") or (deploy.get("reservations") or {}).get("memory")
    container.memory = memory_mib(limit) if limit else None
    container.memory_reservation = memory_mib(reservation) if reservation else None
    if container.memory is None and container.memory_reservation is None and not task_memory:
        container.memory_reservation = DEFAULT_MEMORY_RESERVATION
    cpus = (deploy.get("limits") or {}).get("cpus")
    if svc.get("cpu_shares") is not None:
        container.cpu = int(svc["cpu_shares"])
    elif cpus is not None:
        container.cpu = round(float(cpus) * 1024)
    if svc.get("stop_grace_period") is not None:
        container.stop_timeout = duration_seconds(svc["stop_grace_period"])
    labels = svc.get("labels")
    if labels:
        container.docker_labels = (
            {str(k): str(v) for k, v in labels.items()}
            if isinstance(labels, dict)
            else dict(entry.split("=", 1) if "=" in entry else (entry, "") for entry in labels)
        )
    if svc.get("hostname") and mode != "awsvpc":
        container.hostname = svc["hostname"]
    for compose_key, ecs_key in _PLAIN.items():
        if svc.get(compose_key) is not None:
            container.extra[ecs_key] = svc[compose_key]
    if "essential" in ecs:
        container.essential = bool(ecs["essential"])
    return container


def _unescape(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value


def to_task_definition(compose: dict[str, Any], family: str) -> TaskDefinition:
    """The task definition that runs the Compose file's services as one ECS task.

    ``$$`` becomes ``$``; a ``${VAR}`` stays as written, because ECS has no host environment
    to fill it from (run ``docker compose config`` first to resolve variables).
    """
    compose = _unescape(compose)
    services = compose.get("services") or {}
    if not services:
        raise ComposeImportError("The Compose file has no services.")
    mode, owner = _network_mode(services)
    task = compose.get("x-ecs") or {}
    containers = [
        _container(name, svc or {}, mode, owner, bool(task.get("memory")))
        for name, svc in services.items()
        if name != owner
    ]
    waited_to_exit = {
        dep.container_name
        for c in containers
        for dep in c.depends_on or []
        if dep.condition in ("SUCCESS", "COMPLETE")
    }
    for container in containers:
        if container.essential is None:
            container.essential = container.name not in waited_to_exit
    td = TaskDefinition(family=family, container_definitions=containers, network_mode=mode)
    for key, attr in (("cpu", "cpu"), ("memory", "memory")):
        if task.get(key):
            setattr(td, attr, str(task[key]))
    if task.get("requiresCompatibilities"):
        td.requires_compatibilities = list(task["requiresCompatibilities"])
    return td
