"""ECS's ordering rules for a task's containers, as pure functions.

dependsOn decides when a container may start (and when it never will); its reverse decides the
order containers stop in. The task runner applies them; keeping them free of any state makes
them the same for every runtime and easy to test on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecslearn.model.task import Container
    from ecslearn.model.task_definition import TaskDefinition


def dependency(
    condition: str,
    target: Container,
    started_time: float | None,
    start_timeout: int | None,
    now: float,
) -> str:
    """ "ready", "wait" or "never" for one dependsOn entry on `target`, which started at
    `started_time` (None: not yet). START: it started; COMPLETE: it ran and stopped; SUCCESS:
    it stopped with exit code 0; HEALTHY: its health check passes. The target's startTimeout
    gives up on a condition not met that long after it started."""
    started = started_time is not None
    if condition == "START":
        met = started
    elif condition == "COMPLETE":
        met = started and target.last_status == "STOPPED"
    elif condition == "SUCCESS":
        if started and target.last_status == "STOPPED" and target.exit_code != 0:
            return "never"
        met = target.last_status == "STOPPED" and target.exit_code == 0
    else:  # HEALTHY
        met = target.health_status == "HEALTHY"
    if met:
        return "ready"
    if target.last_status == "STOPPED":
        return "never"
    if start_timeout and started_time is not None and now >= started_time + start_timeout:
        return "never"
    return "wait"


def dependents(definition: TaskDefinition) -> dict[str, set[str]]:
    """For each container, the containers that depend on it: it stops only after they have."""
    found: dict[str, set[str]] = {}
    for spec in definition.container_definitions:
        for dep in spec.depends_on or []:
            found.setdefault(dep.container_name, set()).add(spec.name or "")
    return found
