"""The service scheduler for a service with the EXTERNAL deployment controller: task sets.

An EXTERNAL service has no deployments: whoever controls it (a third-party deployment tool, or a
learner) creates task sets, each with its own task definition and launch, and sizes each as a
percentage of the service's desiredCount. ECS keeps every task set at its computedDesiredCount
(``ceil(desiredCount x scale%)``, AWS's TaskSet reference: "The result is always rounded up"),
starting its tasks with ``startedBy`` = the task set's ID in the group ``service:<name>``, and
stops the tasks of a DRAINING (deleted) task set, which leaves the service once they are gone.

What AWS leaves unsaid, and ecslearn chooses: scale-in takes the same victims the replica
scheduler would (`replica.choose_victims`); a task that fails its container health check or its
load balancer target's, or whose instance drains, is replaced at once (task sets have no
minimumHealthyPercent: the controller moves traffic between them); a task set is STEADY_STATE
when exactly computedDesiredCount of its tasks are RUNNING and none is pending or stopping, else
STABILIZING. The service's events name the task set as ECS's do
("(service web, taskSet ecs-svc/...) has started 2 tasks: ...").
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ecslearn.control.load_balancing import service_tasks
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import common, events, replica
from ecslearn.control.state import RegionState
from ecslearn.model.service import Deployment, Service, TaskSet
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World


def is_external(service: Service) -> bool:
    """Whether the service uses the EXTERNAL deployment controller (task sets, no deployments)."""
    return (service.deployment_controller or {}).get("type") == "EXTERNAL"


def has_task_sets(service: Service) -> bool:
    """Whether the service runs task sets instead of deployments: the EXTERNAL controller's, or
    the CODE_DEPLOY controller's (whose task sets CodeDeploy makes)."""
    return (service.deployment_controller or {}).get("type") in ("EXTERNAL", "CODE_DEPLOY")


def computed_desired_count(service: Service, task_set: TaskSet) -> int:
    """``ceil(desiredCount x scale%)``; 0 for a DRAINING task set. The product is rounded to six
    places first, so 10 x 70% is 7 tasks, not the 8 a float's 7.000000000000001 would give."""
    if task_set.status == "DRAINING":
        return 0
    percent = float((task_set.scale or {}).get("value", 100.0))
    return math.ceil(round((service.desired_count or 0) * percent / 100, 6))


def tasks_of(state: RegionState, service: Service, task_set: TaskSet) -> list[Task]:
    """The task set's tasks that are not STOPPED yet, oldest first."""
    return [t for t in common.service_tasks(state, service) if t.started_by == task_set.id]


def as_deployment(task_set: TaskSet) -> Deployment:
    """The task set as `common.launch` reads a deployment: what its tasks run, and how."""
    return Deployment(
        id=task_set.id,
        task_definition=task_set.task_definition,
        network_configuration=task_set.network_configuration,
        platform_version=task_set.platform_version,
        image_digests=task_set.image_digests,
    )


@contextmanager
def launching_as(service: Service, task_set: TaskSet) -> Iterator[None]:
    """The service's launch type and capacity provider strategy are the task set's while its
    tasks are placed (each task set has its own; the service shows the PRIMARY's)."""
    kept = service.launch_type, service.capacity_provider_strategy
    service.launch_type = task_set.launch_type
    service.capacity_provider_strategy = task_set.capacity_provider_strategy
    try:
        yield
    finally:
        service.launch_type, service.capacity_provider_strategy = kept


def reconcile(
    world: World, state: RegionState, service: Service, facts: list[InstanceFacts]
) -> None:
    """Bring each task set to its computedDesiredCount; let drained task sets go."""
    live = common.live(common.service_tasks(state, service))
    known = {ts.id for ts in service.task_sets or []}
    orphans = [t for t in live if t.started_by not in known]  # a force-deleted set's leftovers
    common.stop(world, state, service, orphans, "Task set deleted")
    for task_set in list(service.task_sets or []):
        mine = [t for t in live if t.started_by == task_set.id]
        _reconcile_one(world, state, service, task_set, mine, facts)
    settle(world, state, service)


def label(service: Service, task_set: TaskSet) -> str:
    """How ECS's service events name a task set: ``(service web, taskSet ecs-svc/...)``."""
    return f"{service.service_name}, taskSet {task_set.id}"


def _reconcile_one(
    world: World,
    state: RegionState,
    service: Service,
    task_set: TaskSet,
    mine: list[Task],
    facts: list[InstanceFacts],
) -> None:
    name = label(service, task_set)
    wanted = computed_desired_count(service, task_set)
    task_set.computed_desired_count = wanted
    failed = [
        t
        for t in mine
        if replica.displaced(state, t)
        or (t.health_status == "UNHEALTHY" and not common.in_grace_period(world, service, t))
    ]
    for task in failed:
        if task.health_status == "UNHEALTHY":
            events.add_event(world, None, service, events.failed_health_checks(name, task.id))
    common.stop(world, state, service, failed, "Task failed container health checks", name)
    stopped = {id(t) for t in failed}
    mine = [t for t in mine if id(t) not in stopped]
    for task, group, target in service_tasks.failed_targets(state, mine):
        if common.in_grace_period(world, service, task):
            continue
        events.add_event(world, None, service, service_tasks.unhealthy(name, task, group, target))
        common.stop(world, state, service, [task], service_tasks.failed_reason(group), name)
        failed.append(task)
        stopped.add(id(task))
    mine = [t for t in mine if id(t) not in stopped]
    if len(mine) > wanted:

        def healthy(task: Task) -> bool:
            return common.is_healthy(world, state, service, task)

        victims = replica.choose_victims(state, service, mine, len(mine) - wanted, healthy)
        reason = f"Scaling activity initiated by (deployment {task_set.id})"
        common.stop(world, state, service, victims, reason, name)
    elif len(mine) < wanted and world.now >= service.throttle_until:
        with launching_as(service, task_set):
            common.launch(
                world,
                state,
                service,
                as_deployment(task_set),
                wanted - len(mine),
                facts,
                replaced_unhealthy=len(failed),
                label=name,
            )


def is_stable(state: RegionState, service: Service, task_set: TaskSet) -> bool:
    """Exactly computedDesiredCount tasks, all RUNNING and wanted RUNNING."""
    tasks = tasks_of(state, service, task_set)
    return len(tasks) == computed_desired_count(service, task_set) and all(
        t.last_status == "RUNNING" and t.desired_status == "RUNNING" for t in tasks
    )


def settle(world: World, state: RegionState, service: Service) -> None:
    """Update each task set's stabilityStatus; a DRAINING one whose tasks have all stopped leaves
    the service (DescribeTaskSets then answers MISSING for it)."""
    kept = []
    for task_set in service.task_sets or []:
        if task_set.status == "DRAINING" and not tasks_of(state, service, task_set):
            state.deployment_load_balancers.pop(task_set.id or "", None)
            state.tags.pop(task_set.task_set_arn or "", None)
            world.record(
                "service",
                f"(service {service.service_name}) task set {task_set.id} deleted: its tasks "
                "have stopped",
                cluster=service.cluster_name,
                service=service.service_name,
                details={"taskSetArn": task_set.task_set_arn},
            )
            continue
        kept.append(task_set)
        status = "STEADY_STATE" if is_stable(state, service, task_set) else "STABILIZING"
        if status != task_set.stability_status:
            task_set.stability_status = status
            task_set.stability_status_at = world.clock.timestamp
    service.task_sets = kept


def is_steady(world: World, state: RegionState, service: Service) -> bool:
    """Every task set stable with healthy tasks, and no task set still draining."""
    if service.status != "ACTIVE":
        return service.status == "INACTIVE"
    task_sets = service.task_sets or []
    if any(ts.status == "DRAINING" for ts in task_sets):
        return False
    if not all(is_stable(state, service, ts) for ts in task_sets):
        return False
    known = {ts.id for ts in task_sets}
    tasks = common.service_tasks(state, service)
    return all(t.started_by in known and common.is_healthy(world, state, service, t) for t in tasks)
