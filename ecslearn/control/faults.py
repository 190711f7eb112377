"""Faults a lesson can inject: a container dies, an instance disappears, an agent disconnects.

Each goes through the same paths as the real thing: a killed container is reported by its
agent like any other exit; a terminated instance's tasks stop and the instance deregisters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.state import RegionState
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World


def find_task(world: World, reference: Task | str) -> tuple[RegionState, Task]:
    """A task given as the object, its ARN or its short ID, in any region."""
    wanted = reference.task_arn if isinstance(reference, Task) else reference
    for state in world.regions():
        for task in state.tasks.values():
            if wanted in (task.task_arn, task.id):
                return state, task
    raise InvalidParameterException(f"No task '{wanted}' in this simulation.")


def find_instance(world: World, reference: Any) -> tuple[RegionState, ContainerInstance]:
    """An instance given as the object, its ARN, its short ID or its EC2 instance ID."""
    wanted = (
        reference.container_instance_arn
        if isinstance(reference, ContainerInstance)
        else str(reference)
    )
    for state in world.regions():
        for instance in state.instances.values():
            if wanted in (instance.container_instance_arn, instance.id, instance.ec2_instance_id):
                return state, instance
    raise InvalidParameterException(f"No container instance '{wanted}' in this simulation.")


def _task_with(world: World, reference: Task | str, container: str) -> tuple[RegionState, Task]:
    """The task `reference` names, refused unless it has a container named `container`."""
    state, task = find_task(world, reference)
    names = [c.name for c in task.containers or []]
    if container not in names:
        raise InvalidParameterException(
            f"Task {task.id} has no container '{container}'; its containers: "
            f"{', '.join(map(str, names))}."
        )
    return state, task


def kill_container(world: World, reference: Task | str, container: str, exit_code: int) -> None:
    state, task = _task_with(world, reference, container)
    status = task.container(container).last_status
    if status != "RUNNING":
        raise ClientException(
            f"Container '{container}' of task {task.id} is {status}, not RUNNING: only a "
            "running container can be killed."
        )
    world.record(
        "fault",
        f"killed container {container} of task {task.id} (exit code {exit_code})",
        cluster=task.cluster_name,
        task=task.id,
        container=container,
    )
    world.plane.agent_for(state, task.agent_key).kill_container(task, container, exit_code)


def container_environment(world: World, reference: Task | str, container: str) -> dict[str, str]:
    """The environment a running container was started with, as ``docker exec CONTAINER env``
    would list it: its definition's ``environment`` with the task's containerOverrides, the
    ``secrets`` its agent read, and what the agent adds (``AWS_EXECUTION_ENV``, ``ECSLEARN_*``).
    ECS's API never shows it (DescribeTasks has no environment); this is the look inside."""
    state, task = _task_with(world, reference, container)
    status = task.container(container).last_status
    agent = world.plane.agent_for(state, task.agent_key)
    kept = getattr(agent, "state", None)
    progress = kept.tasks.get(task.task_arn or "") if kept is not None else None
    found = progress.containers.get(container) if progress is not None else None
    if status != "RUNNING" or found is None or found.environment is None:
        raise ClientException(
            f"Container '{container}' of task {task.id} is {status}, not RUNNING: only a "
            "running container has an environment to look at (a task that stopped before it "
            "ran says why in its stoppedReason)."
        )
    return dict(found.environment)


def terminate_instance(world: World, reference: Any) -> None:
    state, instance = find_instance(world, reference)
    if instance.status == "INACTIVE":
        raise ClientException(f"Container instance {instance.id} is already gone (INACTIVE).")
    world.record(
        "fault",
        f"EC2 instance {instance.ec2_instance_id} terminated",
        cluster=instance.cluster_name,
        instance=instance.id,
    )
    instance_gone(
        world, state, instance, f"Host EC2 (instance {instance.ec2_instance_id}) terminated."
    )


def stop_tasks_on(
    world: World, state: RegionState, instance: ContainerInstance, reason: str
) -> None:
    """The instance's host went away (terminated or stopped): its tasks stop at once, with
    `reason` (ECS's "Host EC2 (instance i-...) terminated."), their containers with it."""
    for task in state.tasks_on(instance.container_instance_arn or ""):
        if task.is_stopped:
            continue
        now = world.clock.timestamp
        task.desired_status = "STOPPED"
        state.task_changed(task)
        task.stop_code = task.stop_code or "TerminationNotice"
        task.stopped_reason = task.stopped_reason or reason
        task.stopping_at = task.stopping_at or now
        for container in task.containers or []:
            if container.last_status != "STOPPED":
                container.last_status = "STOPPED"
                container.reason = reason
        lifecycle.finish(world, state, task)


def instance_gone(
    world: World, state: RegionState, instance: ContainerInstance, reason: str
) -> None:
    """The EC2 instance under a container instance is terminated: its tasks stop, and ECS
    deregisters it (INACTIVE, no agent)."""
    stop_tasks_on(world, state, instance, reason)
    instance.status = "INACTIVE"
    instance.agent_connected = False
    instance.status_reason = "Instance terminated"
    instance.version = (instance.version or 0) + 1
    world.plane.agents.pop(instance.container_instance_arn or "", None)


def set_agent_connected(world: World, reference: Any, connected: bool) -> None:
    """A learner's fault: the agent of the instance they name drops or comes back."""
    state, instance = find_instance(world, reference)
    if instance.status == "INACTIVE":
        raise ClientException(f"Container instance {instance.id} is INACTIVE; it has no agent.")
    agent_connection(world, state, instance, connected)


def agent_connection(
    world: World, state: RegionState, instance: ContainerInstance, connected: bool
) -> None:
    """The agent of a live instance connects or disconnects (EC2's stop and start do this)."""
    if instance.status == "INACTIVE" or instance.agent_connected == connected:
        return
    instance.agent_connected = connected
    instance.version = (instance.version or 0) + 1
    word = "reconnected" if connected else "disconnected"
    world.record(
        "agent",
        f"agent on {instance.id} {word}",
        cluster=instance.cluster_name,
        instance=instance.id,
    )
    if connected:
        world.plane.agent_for(state, instance.container_instance_arn or "").reconnect()
