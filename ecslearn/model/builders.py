"""Short constructors for lessons: ``task_definition("web", container("web", "nginx", memory=256,
ports=[80]))`` builds the same `TaskDefinition` the ECS JSON would, with nothing hidden.

Defaults are ECS's own (essential containers, bridge mode); shorthand is only for what is
tedious to type: ports as ``80`` / ``"8080:80"`` / ``"53/udp"``, environment as a dict,
dependsOn as ``{"db": "HEALTHY"}``, a health check as a shell command string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ecslearn.model.task_definition import (
    ContainerDefinition,
    ContainerDependency,
    HealthCheck,
    KeyValuePair,
    PlacementConstraint,
    PortMapping,
    TaskDefinition,
)

PortSpec = int | str | PortMapping


def port(spec: PortSpec) -> PortMapping:
    """``80`` (dynamic host port in bridge mode), ``"8080:80"`` (host:container), ``"53/udp"``."""
    if isinstance(spec, PortMapping):
        return spec
    if isinstance(spec, int):
        return PortMapping(container_port=spec)
    text, _, protocol = str(spec).partition("/")
    host, _, container_port = text.rpartition(":")
    return PortMapping(
        container_port=int(container_port),
        host_port=int(host) if host else None,
        protocol=protocol or None,
    )


def health_check(
    command: str | list[str],
    *,
    interval: int | None = None,
    timeout: int | None = None,
    retries: int | None = None,
    start_period: int | None = None,
) -> HealthCheck:
    """A string runs in a shell (``CMD-SHELL``); a list is taken as the full ECS command."""
    full = ["CMD-SHELL", command] if isinstance(command, str) else list(command)
    return HealthCheck(
        command=full, interval=interval, timeout=timeout, retries=retries, start_period=start_period
    )


def container(
    name: str,
    image: str,
    *,
    memory: int | None = None,
    memory_reservation: int | None = None,
    cpu: int | None = None,
    ports: Iterable[PortSpec] = (),
    essential: bool | None = None,
    environment: Mapping[str, str] | None = None,
    command: list[str] | None = None,
    entry_point: list[str] | None = None,
    depends_on: Mapping[str, str] | None = None,
    health: str | list[str] | HealthCheck | None = None,
    links: list[str] | None = None,
    start_timeout: int | None = None,
    stop_timeout: int | None = None,
    labels: Mapping[str, str] | None = None,
    **extra: Any,
) -> ContainerDefinition:
    """One container definition; `extra` takes any other ECS member in camelCase."""
    check = health if isinstance(health, HealthCheck) or health is None else health_check(health)
    return ContainerDefinition(
        name=name,
        image=image,
        memory=memory,
        memory_reservation=memory_reservation,
        cpu=cpu,
        port_mappings=[port(p) for p in ports] or None,
        essential=essential,
        environment=[KeyValuePair(name=k, value=v) for k, v in (environment or {}).items()] or None,
        command=command,
        entry_point=entry_point,
        depends_on=[
            ContainerDependency(container_name=k, condition=v)
            for k, v in (depends_on or {}).items()
        ]
        or None,
        health_check=check,
        links=links,
        start_timeout=start_timeout,
        stop_timeout=stop_timeout,
        docker_labels=dict(labels) if labels else None,
        extra=dict(extra),
    )


def task_definition(
    family: str,
    *containers: ContainerDefinition,
    network_mode: str | None = None,
    cpu: int | str | None = None,
    memory: int | str | None = None,
    fargate: bool = False,
    task_role_arn: str | None = None,
    execution_role_arn: str | None = None,
    member_of: str | None = None,
    **extra: Any,
) -> TaskDefinition:
    """A task definition; ``fargate=True`` asks for FARGATE compatibility (and awsvpc)."""
    return TaskDefinition(
        family=family,
        container_definitions=list(containers),
        network_mode=network_mode or ("awsvpc" if fargate else None),
        cpu=None if cpu is None else str(cpu),
        memory=None if memory is None else str(memory),
        requires_compatibilities=["FARGATE"] if fargate else None,
        task_role_arn=task_role_arn,
        execution_role_arn=execution_role_arn,
        placement_constraints=[PlacementConstraint(type="memberOf", expression=member_of)]
        if member_of
        else None,
        extra=dict(extra),
    )
