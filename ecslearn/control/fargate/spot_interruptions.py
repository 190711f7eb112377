"""Fargate Spot interruptions: AWS takes the capacity back with a two-minute warning.

What AWS documents (the knowledge-center article "How do I handle Spot termination notices in
AWS Fargate Spot tasks?" and the Fargate capacity providers guide): the warning is sent as a
task state change event (EventBridge's "ECS Task State Change") and as a SIGTERM to the running
task; the task stops with stopCode ``SpotInterruption`` and stoppedReason "Your Spot Task was
interrupted."; containers get their stopTimeout (at most 120 s on Fargate) to exit; a service
starts replacements within its minimumHealthyPercent and maximumPercent.

ecslearn's choices where AWS says no more: the warning is a timeline event of kind ``task``
(with the state change's fields in its details) at the moment the task's desired status turns
STOPPED, so the agent's ordinary stop (SIGTERM, then SIGKILL at stopTimeout) does the rest; two
minutes after the warning AWS reclaims whatever is left (the task is STOPPED at once, as a host
that goes away stops its tasks). With a rate (`set_rate`), a once-a-minute check interrupts
each running FARGATE_SPOT task with probability 1 - exp(-rate/60), from the seeded source.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

STOP_CODE = "SpotInterruption"
STOPPED_REASON = "Your Spot Task was interrupted."
WARNING_SECONDS = 120.0
CHECK_SECONDS = 60.0


def spot_tasks(state: RegionState) -> list[Task]:
    """The region's FARGATE_SPOT tasks that still run (or are on their way) and were not
    warned yet, oldest first."""
    return [
        task
        for task in state.tasks.values()
        if task.capacity_provider_name == "FARGATE_SPOT"
        and not task.is_stopped
        and task.desired_status == "RUNNING"
    ]


def chosen(state: RegionState, target: Any) -> list[Task]:
    """What `target` names: a task (object, ARN or ID), a service (name or ARN), or None for
    every FARGATE_SPOT task of the region."""
    candidates = spot_tasks(state)
    if target is None:
        return candidates
    wanted = target.task_arn if isinstance(target, Task) else str(target)
    tasks = [t for t in candidates if wanted in (t.task_arn, t.id)]
    tasks = tasks or [t for t in candidates if wanted in (t.service_name, t.service_arn)]
    if tasks:
        return tasks
    known = [t for t in state.tasks.values() if wanted in (t.task_arn, t.id)]
    if known:
        raise InvalidParameterException(
            f"Task {known[0].id} is not a running FARGATE_SPOT task: only those are interrupted."
        )
    raise InvalidParameterException(f"No running FARGATE_SPOT task or service '{wanted}'.")


def interrupt(world: World, state: RegionState, task: Task) -> None:
    """The two-minute warning: the state change event, then the stop (SIGTERM) begins."""
    task.spot_warned_at = world.clock.timestamp
    lifecycle.record(
        world,
        task,
        "task",
        f"{task.id[:8]} Spot interruption warning: AWS reclaims its capacity in "
        f"{WARNING_SECONDS:g} seconds",
        event="ECS Task State Change",
        stop_code=STOP_CODE,
        stopped_reason=STOPPED_REASON,
        reclaim_at=world.clock.timestamp + WARNING_SECONDS,
    )
    lifecycle.request_stop(world, state, task, STOP_CODE, STOPPED_REASON)
    world.queue.push(
        world.now + WARNING_SECONDS, "fargate.spot_reclaim", region=state.region, task=task.task_arn
    )


def interrupt_spot(
    world: World, target: Any = None, *, count: int | None = None, region: str | None = None
) -> list[Task]:
    """Interrupt the FARGATE_SPOT tasks `target` names (`count` of them, chosen by the seeded
    source, when given); returns the tasks warned."""
    state = world.region_state(region or world.region)
    tasks = chosen(state, target)
    if count is not None:
        tasks = world.rng.sample(tasks, min(count, len(tasks)))
    for task in tasks:
        interrupt(world, state, task)
    return tasks


@action_handler("fargate.spot_reclaim")
def _reclaim(world: World, args: dict[str, Any]) -> None:
    """Two minutes are up: what is left of the task goes with the capacity."""
    state = world.region_state(args["region"])
    task = state.tasks.get(args["task"])
    if task is None or task.is_stopped:
        return
    for container in task.containers or []:
        if container.last_status != "STOPPED":
            container.last_status = "STOPPED"
            container.reason = STOPPED_REASON
    lifecycle.record(world, task, "task", f"{task.id[:8]} reclaimed by Fargate Spot")
    lifecycle.finish(world, state, task)


def set_rate(world: World, per_hour: float, region: str | None = None) -> None:
    """Interrupt running FARGATE_SPOT tasks at random, `per_hour` times per task-hour."""
    if per_hour < 0:
        raise InvalidParameterException("A Spot interruption rate cannot be negative.")
    state = world.region_state(region or world.region)
    ticking = state.spot_interruptions_per_hour > 0
    state.spot_interruptions_per_hour = per_hour
    world.record("fault", f"Fargate Spot interruptions: {per_hour:g} per task-hour")
    if per_hour > 0 and not ticking:
        world.queue.push(world.now + CHECK_SECONDS, "fargate.spot_check", region=state.region)


@action_handler("fargate.spot_check")
def _check(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    rate = state.spot_interruptions_per_hour
    if rate <= 0:
        return
    chance = 1 - math.exp(-rate * CHECK_SECONDS / 3600)
    for task in spot_tasks(state):
        if task.last_status == "RUNNING" and world.rng.random() < chance:
            interrupt(world, state, task)
    world.queue.push(world.now + CHECK_SECONDS, "fargate.spot_check", region=state.region)
