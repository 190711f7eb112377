"""Who is at a target's address, and what a simulated container there answers ELB.

A target is an address (an EC2 instance's host port, or a task's IP and container port); the
task behind it is found by who listens there, as ELB reaches whatever answers at the address
(ELB itself never knows the task). A simulated container answers with the status in its
``ecslearn.http-status`` docker label (200 by default) whatever the path, times out when its
task is UNHEALTHY, and refuses when it is not running. A health check goes to the group's
HealthCheckPort when that names a port: the container listening there answers, and with none
the connection is refused (Target.FailedHealthChecks), as a check on a wrong port is on AWS.
Real containers (the Docker agent's) answer for themselves (`target_answers`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ecslearn.control.state import RegionState
from ecslearn.model.load_balancing import Target, TargetGroup
from ecslearn.model.task import Container, Task

#: The docker label that sets the HTTP status a container answers with (default 200).
HTTP_STATUS_LABEL = "ecslearn.http-status"


def container_named(task: Task | None, name: str) -> Container | None:
    return next((c for c in (task.containers or []) if c.name == name), None) if task else None


def _at_address(state: RegionState, group: TargetGroup, target: Target, task: Task) -> str | None:
    """The name of the task's container that listens at the target's address, if one does."""
    if group.target_type == "ip":
        ips = [
            d.get("value")
            for a in task.attachments or []
            for d in a.get("details", [])
            if d.get("name") == "privateIPv4Address"
        ]
        if target.id not in ips:
            return None
        definition = state.task_definition_by_arn(task.task_definition_arn or "")
        for spec in definition.container_definitions or []:
            if any(m.container_port == target.port for m in spec.port_mappings or []):
                return spec.name
        return None
    for container in task.containers or []:
        for binding in container.network_bindings or []:
            if binding.host_port == target.port and binding.protocol != "udp":
                return container.name
    return None


def resolve(state: RegionState, group: TargetGroup, target: Target) -> Task | None:
    """The live task listening at the target's address (remembered on the target), or None."""
    known = state.tasks.get(target.task_arn)
    if known is not None and not known.is_stopped and target.container_name:
        return known
    candidates: list[Task]
    if group.target_type == "ip":
        candidates = [t for t in state.tasks.values() if t.network_mode == "awsvpc"]
    else:
        instance = next(iter(state.instances_of_ec2(target.id)[-1:]), None)
        candidates = state.tasks_on(instance.container_instance_arn or "") if instance else []
    return _listening(state, group, target, reversed(candidates))


def _listening(
    state: RegionState, group: TargetGroup, target: Target, candidates: Iterable[Task]
) -> Task | None:
    """The first live task of `candidates` with a container at the target's address (noted on
    the target)."""
    for task in candidates:
        name = None if task.is_stopped else _at_address(state, group, target, task)
        if name is not None:
            target.task_arn, target.container_name = task.task_arn or "", name
            target.availability_zone = target.availability_zone or task.availability_zone
            return task
    return None


def _health_check_address(state: RegionState, group: TargetGroup, target: Target) -> Target | None:
    """Where a simulated health check lands when the group checks another port than the
    target's (HealthCheckPort set to a number): the same host at that port. On an ``ip`` target
    that is the target's own task (the IP is its ENI's) listening on that container port; on an
    ``instance`` target, whichever task on the instance maps that host port. None when nothing
    listens there: the connection is refused, as on AWS."""
    at = Target(id=target.id, port=group.health_port(target))
    if group.target_type == "ip":
        own = state.tasks.get(target.task_arn)
        candidates = [own] if own is not None else []
    else:
        instance = next(iter(state.instances_of_ec2(target.id or "")[-1:]), None)
        candidates = state.tasks_on(instance.container_instance_arn or "") if instance else []
    return at if _listening(state, group, at, candidates) is not None else None


def answer(state: RegionState, target: Target) -> tuple[int | None, str | None]:
    """What the target's container answers: (HTTP status, None), or (None, ELB's reason) when
    nothing answers (connection refused when it is not running, a timeout when it is hung).
    A simulated app answers every path alike; a real one (the Docker agent's) decides itself."""
    task = state.tasks.get(target.task_arn)
    container = container_named(task, target.container_name)
    if task is None or container is None or container.last_status != "RUNNING":
        return None, "Target.FailedHealthChecks"
    if task.health_status == "UNHEALTHY":
        return None, "Target.Timeout"
    spec = state.task_definition_by_arn(task.task_definition_arn or "").container(
        target.container_name
    )
    raw = (spec.docker_labels or {}).get(HTTP_STATUS_LABEL, "200")
    return (int(raw) if raw.isdigit() else 200), None


def simulated_check(
    state: RegionState, group: TargetGroup, target: Target
) -> tuple[int | None, str | None]:
    if group.health_port(target) == target.port:
        return answer(state, target)
    at = _health_check_address(state, group, target)
    return answer(state, at) if at is not None else (None, "Target.FailedHealthChecks")
