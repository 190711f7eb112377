"""How a container definition becomes Docker's configuration, as the ECS agent translates it.

Pure functions of the definition and the task, kept apart from the engine calls
(`ecslearn.agents.docker_runtime`): containerOverrides applied, the environment the agent adds,
the health check in Docker's units, link aliases, the names ECS gives containers, and the port
bindings read back from the engine.
"""

from __future__ import annotations

import secrets
from typing import Any

from ecslearn.model.task import NetworkBinding, Task
from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition


def effective(definition: TaskDefinition, task: Task, name: str) -> ContainerDefinition:
    """The container definition with the task's containerOverrides applied."""
    spec = definition.container(name).copy()
    overrides = {o.get("name"): o for o in (task.overrides or {}).get("containerOverrides", [])}
    override = overrides.get(name) or {}
    for member, key in (
        ("command", "command"),
        ("cpu", "cpu"),
        ("memory", "memory"),
        ("memory_reservation", "memoryReservation"),
    ):
        if key in override:
            setattr(spec, member, override[key])
    if override.get("environment"):
        from ecslearn.model.task_definition import KeyValuePair

        merged = {e.name: e.value for e in spec.environment or []}
        merged.update({e["name"]: e.get("value") for e in override["environment"]})
        spec.environment = [KeyValuePair(name=k, value=v) for k, v in merged.items()]
    return spec


def environment(task: Task, container: str, spec: ContainerDefinition) -> dict[str, str]:
    """The definition's environment plus what the agent tells every container about itself."""
    found = {e.name: e.value or "" for e in spec.environment or [] if e.name}
    found.update(
        {
            "AWS_EXECUTION_ENV": "AWS_ECS_EC2",
            "ECSLEARN_TASK_ID": task.id,
            "ECSLEARN_TASK_ARN": task.task_arn or "",
            "ECSLEARN_CLUSTER": task.cluster_name,
            "ECSLEARN_CONTAINER_NAME": container,
        }
    )
    return found


def health_check(spec: ContainerDefinition) -> dict[str, Any] | None:
    """The definition's healthCheck as Docker's HEALTHCHECK (nanoseconds, ECS's defaults)."""
    check = spec.health_check
    if check is None:
        return None
    return {
        "Test": list(check.command),
        "Interval": int((check.interval or 30) * 1e9),
        "Timeout": int((check.timeout or 5) * 1e9),
        "Retries": int(check.retries or 3),
        "StartPeriod": int((check.start_period or 0) * 1e9),
    }


def aliases(definition: TaskDefinition, spec: ContainerDefinition) -> list[str]:
    """A container answers to its name and to every alias another container links it by."""
    aliases = [spec.name or ""]
    for other in definition.container_definitions:
        for link in other.links or []:
            target, _, alias = link.partition(":")
            if target == spec.name and alias and alias not in aliases:
                aliases.append(alias)
    return aliases


def name(family: str, revision: int | None, container: str) -> str:
    """ECS's container naming: ecs-<family>-<revision>-<container>-<random>."""
    return f"ecs-{family}-{revision or 0}-{container}-{secrets.token_hex(8)}"


def bindings(
    task: Task, spec: ContainerDefinition, details: dict[str, Any]
) -> list[NetworkBinding]:
    """What the engine really bound: dynamic host ports are read back, not guessed."""
    if task.network_mode == "host":
        return [
            NetworkBinding(
                bind_ip="0.0.0.0",
                container_port=m.container_port,
                host_port=m.container_port,
                protocol=m.effective_protocol,
            )
            for m in spec.port_mappings or []
        ]
    if task.network_mode != "bridge":
        return []
    published = (details.get("NetworkSettings") or {}).get("Ports") or {}
    result = []
    for mapping in spec.port_mappings or []:
        for bound in published.get(f"{mapping.container_port}/{mapping.effective_protocol}") or []:
            if ":" in (bound.get("HostIp") or ""):
                continue  # the IPv6 twin of the same binding
            result.append(
                NetworkBinding(
                    bind_ip=bound.get("HostIp") or "0.0.0.0",
                    container_port=mapping.container_port,
                    host_port=int(bound["HostPort"]),
                    protocol=mapping.effective_protocol,
                )
            )
    return result
