"""The task lifecycle as the control plane keeps it: reservations, status changes, stops.

Agents report what happens on their hosts (a container started, exited, turned unhealthy) to the
control plane's report interface (`ecslearn.control.plane`), which applies them here: this module
moves the ECS state, enforces that a task's status only moves forward
(PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED),
writes the timeline, and gives resources back when a task stops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.model.container_instance import ContainerInstance, Resource
from ecslearn.model.task import TASK_STATES, Container, Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: How long a STOPPED task stays describable (ECS: at least an hour).
STOPPED_TASK_RETENTION_SECONDS = 3600.0
_ORDER = {state: index for index, state in enumerate(TASK_STATES)}


class LifecycleError(AssertionError):
    """A transition ECS never makes (a task moving backwards): a bug in ecslearn."""


def record(world: World, task: Task, kind: str, message: str, **details: Any) -> None:
    """Add an event about `task` (and its instance) to the timeline."""
    instance = (task.container_instance_arn or "").rsplit("/", 1)[-1] or None
    world.record(
        kind,
        message,
        cluster=task.cluster_name,
        task=task.id,
        instance=instance,
        service=task.service_name,
        container=details.pop("container", None),
        details=details,
    )


def set_status(world: World, state: RegionState, task: Task, status: str) -> None:
    """Move `task` forward to `status`; moving backwards is a bug and raises."""
    current = task.last_status or "PROVISIONING"
    if status == current:
        return
    if _ORDER[status] < _ORDER[current]:
        raise LifecycleError(f"task {task.id} cannot go from {current} back to {status}")
    task.last_status = status
    task.version = (task.version or 0) + 1
    if status == "RUNNING":
        task.reached_running = True
    state.task_changed(task)
    record(world, task, "task", f"{task.id[:8]} is {status}", status=status, previous=current)


def task_health(task: Task) -> str:
    """ECS's rule: over essential containers, any UNHEALTHY wins, then any UNKNOWN."""
    states = [c.health_status or "UNKNOWN" for c in task.containers or [] if c.essential]
    if "UNHEALTHY" in states:
        return "UNHEALTHY"
    if not states or "UNKNOWN" in states:
        return "UNKNOWN"
    return "HEALTHY"


def update_health(world: World, task: Task, container: Container, status: str) -> None:
    if container.health_status == status:
        return
    container.health_status = status
    record(
        world,
        task,
        "container",
        f"{task.id[:8]} {container.name} is {status}",
        container=container.name,
        health=status,
    )
    task.health_status = task_health(task)


def _remaining(instance: ContainerInstance) -> dict[str, Resource]:
    """The instance's remaining resources by name (CPU, MEMORY, PORTS, PORTS_UDP)."""
    return {r.name or "": r for r in instance.remaining_resources or []}


def reserve(instance: ContainerInstance, task: Task) -> None:
    """Take the task's CPU, memory and static host ports off the instance's remaining resources."""
    left = _remaining(instance)
    left["CPU"].integer_value -= task.reserved_cpu  # type: ignore[operator]
    left["MEMORY"].integer_value -= task.reserved_memory  # type: ignore[operator]
    for name, ports in (("PORTS", task.static_tcp_ports), ("PORTS_UDP", task.static_udp_ports)):
        if ports:
            resource = left[name]
            resource.string_set_value = [*(resource.string_set_value or []), *map(str, ports)]
    instance.version = (instance.version or 0) + 1


def release(instance: ContainerInstance, task: Task) -> None:
    """Give back what `reserve` took."""
    left = _remaining(instance)
    left["CPU"].integer_value += task.reserved_cpu  # type: ignore[operator]
    left["MEMORY"].integer_value += task.reserved_memory  # type: ignore[operator]
    for name, ports in (("PORTS", task.static_tcp_ports), ("PORTS_UDP", task.static_udp_ports)):
        if ports:
            resource = left[name]
            remaining = list(resource.string_set_value or [])
            for port in ports:
                remaining.remove(str(port))
            resource.string_set_value = remaining
    instance.version = (instance.version or 0) + 1


def request_stop(world: World, state: RegionState, task: Task, stop_code: str, reason: str) -> None:
    """Set the task's desired status to STOPPED and tell its agent; the agent does the rest.
    A service task behind a load balancer first deregisters its targets (DEACTIVATING)."""
    if task.desired_status == "STOPPED" or task.is_stopped:
        return
    task.desired_status = "STOPPED"
    task.stop_code = stop_code
    task.stopped_reason = reason
    task.stopping_at = world.clock.timestamp
    task.version = (task.version or 0) + 1
    state.task_changed(task)
    record(world, task, "task", f"{task.id[:8]} desired STOPPED: {reason}", stop_code=stop_code)
    if task.waiting_for_capacity:
        finish(world, state, task)  # never placed: no agent has it, nothing to stop
        return
    if world.plane.task_deactivating(state, task):
        return  # its agent is told once the load balancer has drained the task's targets
    world.plane.agent_for(state, task.agent_key).stop_task(task)


def finish(world: World, state: RegionState, task: Task) -> None:
    """All containers have stopped (and any ENI is gone): the task is STOPPED."""
    now = world.clock.timestamp
    if task.desired_status != "STOPPED":
        task.desired_status = "STOPPED"
        state.task_changed(task)
    task.execution_stopped_at = task.execution_stopped_at or now
    task.stopped_at = now
    task.stopping_at = task.stopping_at or now
    task.connectivity = "DISCONNECTED"
    task.connectivity_at = now
    set_status(world, state, task, "STOPPED")
    instance = state.instances.get(task.container_instance_arn or "")
    if instance is not None:
        release(instance, task)
    world.queue.push(
        world.now + STOPPED_TASK_RETENTION_SECONDS,
        "task.purge",
        region=state.region,
        task=task.task_arn,
    )
    world.plane.task_stopped(state, task)


@action_handler("task.purge")
def _purge(world: World, args: dict[str, Any]) -> None:
    """ECS forgets a stopped task about an hour after it stopped."""
    state = world.region_state(args["region"])
    task = state.tasks.get(args["task"])
    if task is not None and task.is_stopped:
        state.remove_task(task)
