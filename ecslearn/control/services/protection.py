"""Task scale-in protection: tasks of a service that scale-in and deployments leave running
until their protection is removed or lapses (ECS's developer guide, "Protect your Amazon ECS
tasks from being terminated by scale-in events").

Protection lasts 120 minutes unless ``expiresInMinutes`` (1 to 2,880) says otherwise; setting
it again restarts the period. It guards a task against the service scheduler choosing it when
the service scales in (a lower desiredCount, from a person or Service Auto Scaling) and when a
deployment replaces old tasks. It does not keep a task whose containers fail their health
checks, nor one whose instance is draining or gone: those are replacements, not scale-in.

When a scale-in is held back the service records an event naming how many tasks are under
protection (ecslearn's wording, modelled on ECS's service events; it is recorded again only
when that number changes). When protection lapses the scheduler looks at the service at once:
the lapse is on the clock, so a waiting scale-in finishes at the right virtual moment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler
from ecslearn.control.services import quiet
from ecslearn.control.state import RegionState
from ecslearn.model.service import Service
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

DEFAULT_MINUTES = 120
MIN_MINUTES = 1
MAX_MINUTES = 2880


def is_protected(task: Task, now: float) -> bool:
    return task.protected_until is not None and now < task.protected_until


def protect(world: World, state: RegionState, task: Task, minutes: int) -> None:
    """Protect `task` for `minutes` from now (restarting any protection it had)."""
    task.protected_until = world.now + minutes * 60
    world.queue.push(
        task.protected_until, "services.protection_lapsed", region=state.region, task=task.task_arn
    )


def unprotect(world: World, state: RegionState, task: Task) -> None:
    """Remove `task`'s protection now; its service may scale in at once."""
    task.protected_until = None
    _wake_service(world, state, task)


def _wake_service(world: World, state: RegionState, task: Task) -> None:
    """Reconcile the task's service now (one extra scheduler tick; its regular ticks already
    run, since the service exists)."""
    service = state.services.get(task.service_arn or "")
    if service is not None:
        quiet.mark_region(world, state, service)
        world.queue.push(world.now, "services.tick", region=state.region, recurring=False)


@action_handler("services.protection_lapsed")
def _lapsed(world: World, args: dict[str, Any]) -> None:
    """The end of a protection period, unless it was extended or removed since."""
    state = world.region_state(args["region"])
    task = state.tasks.get(args["task"])
    if task is None or task.protected_until is None or task.protected_until > world.now:
        return
    task.protected_until = None
    _wake_service(world, state, task)


def held_back(world: World, service: Service, protected: int) -> str | None:
    """The event to record when `protected` tasks kept a scale-in from finishing (None when
    that count was already reported)."""
    if protected == service.protection_reported:
        return None
    service.protection_reported = protected
    if protected == 0:
        return None
    return (
        f"(service {service.service_name}) was unable to scale in due to "
        f"(reason: {protected} tasks under protection)."
    )
