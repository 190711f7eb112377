"""What both schedulers need: a service's tasks, health, launching and stopping with events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecslearn.control import capacity_placement, lifecycle
from ecslearn.control.fargate import start_fargate_tasks
from ecslearn.control.placement.engine import place
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import events
from ecslearn.control.state import RegionState
from ecslearn.control.task_factory import TaskSpec, create_task
from ecslearn.model.service import Deployment, PlacementStrategy, Service
from ecslearn.model.task import Task
from ecslearn.services.handlers import RequestContext

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: With no load balancer and no essential health check, a task counts as healthy once it has
#: been RUNNING this long (ECS's rolling-update rule).
HEALTHY_AFTER_RUNNING_SECONDS = 40.0
#: Services place by zone, then instance, unless told otherwise.
DEFAULT_SERVICE_STRATEGY = (
    PlacementStrategy(type="spread", field="attribute:ecs.availability-zone"),
    PlacementStrategy(type="spread", field="instanceId"),
)


def service_tasks(state: RegionState, service: Service) -> list[Task]:
    """The service's tasks that are not STOPPED yet, oldest first."""
    return [
        state.tasks[arn]
        for arn in state.tasks_of(service.service_arn or "")
        if not state.tasks[arn].is_stopped
    ]


def live(tasks: Sequence[Task]) -> list[Task]:
    """Tasks the service still wants: desired RUNNING (stopping ones no longer count)."""
    return [t for t in tasks if t.desired_status == "RUNNING"]


def has_essential_health_check(state: RegionState, task: Task) -> bool:
    definition = state.task_definition_by_arn(task.task_definition_arn or "")
    return any(c.health_check and c.is_essential for c in definition.container_definitions)


def is_healthy(world: World, state: RegionState, service: Service, task: Task) -> bool:
    """ECS's "healthy" for deployments: RUNNING, and HEALTHY if an essential container has a
    health check, else RUNNING for 40 seconds; with a load balancer, its target healthy too."""
    if task.last_status != "RUNNING" or task.desired_status != "RUNNING":
        return False
    if has_essential_health_check(state, task):
        healthy = task.health_status == "HEALTHY"
    elif service.load_balancers:
        healthy = True
    else:
        healthy = world.clock.timestamp - (task.started_at or 0) >= HEALTHY_AFTER_RUNNING_SECONDS
    return healthy and world.plane.target_healthy(state, task)


def in_grace_period(world: World, service: Service, task: Task) -> bool:
    grace = service.health_check_grace_period_seconds or 0
    return task.started_at is None or world.clock.timestamp < task.started_at + grace


def task_spec(state: RegionState, service: Service, deployment: Deployment) -> TaskSpec:
    return TaskSpec(
        definition=state.task_definition_by_arn(deployment.task_definition or ""),
        group=f"service:{service.service_name}",
        started_by=deployment.id,
        network_configuration=deployment.network_configuration,
        service_name=service.service_name,
        service_arn=service.service_arn,
        image_digests=deployment.image_digests,
        platform_version=deployment.platform_version,
        cluster_name=service.cluster_name,
        enable_execute_command=bool(service.enable_execute_command),
    )


def launch(
    world: World,
    state: RegionState,
    service: Service,
    deployment: Deployment,
    count: int,
    facts: list[InstanceFacts],
    *,
    replaced_unhealthy: int = 0,
    label: str | None = None,
) -> list[Task]:
    """Place and start `count` tasks of `deployment`; report what could not be placed. `label`
    names the service in its events (a task set's: ``<service>, taskSet <id>``, as ECS says)."""
    if count <= 0:
        return []
    name = label or service.service_name or ""
    ctx = RequestContext(world, state.region)
    spec = task_spec(state, service, deployment)
    request = spec.placement_request(
        list(service.placement_constraints or []),
        list(service.placement_strategy or DEFAULT_SERVICE_STRATEGY),
    )
    strategy = service.capacity_provider_strategy
    if strategy:
        # Capacity providers: the split counts the tasks the service already has, so scaling
        # and replacing keep it; tasks without room wait in PROVISIONING (not a failure).
        existing = Counter(t.capacity_provider_name for t in live(service_tasks(state, service)))
        tasks, _failures, held = capacity_placement.launch(
            ctx,
            service.cluster_name,
            spec,
            count,
            strategy,
            request,
            facts,
            existing=dict(existing),
        )
        waiting = [t for t in tasks if t.waiting_for_capacity]
        if tasks:  # ECS's "has started" names every task created, PROVISIONING ones too
            events.add_started(
                world, ctx, service, [t.id for t in tasks], replaced_unhealthy, name=name
            )
        if waiting or held:
            world.record(
                "capacity",
                f"(service {service.service_name}) {len(waiting)} task(s) waiting in PROVISIONING "
                f"for capacity" + (f"; {held} held back by the PROVISIONING quota" if held else ""),
                cluster=service.cluster_name,
                service=service.service_name,
                details={"waiting": [t.id for t in waiting], "heldBack": held},
            )
        return tasks
    if service.launch_type == "FARGATE":
        tasks = start_fargate_tasks(world, state, spec, count)
        events.add_started(
            world, ctx, service, [t.id for t in tasks], replaced_unhealthy, name=name
        )
        return tasks
    result = place(facts, request, count, world.rng)
    tasks = [
        create_task(ctx, service.cluster_name, state.instances[arn], spec)
        for arn in result.placements
    ]
    if tasks:
        events.add_started(
            world, ctx, service, [t.id for t in tasks], replaced_unhealthy, name=name
        )
        service.last_placement_message = None
    if result.unplaced:
        message = events.unable_to_place(name, result.failures)
        if message != service.last_placement_message:
            events.add_event(world, ctx, service, message)
            service.last_placement_message = message
    return tasks


def stop(
    world: World,
    state: RegionState,
    service: Service,
    tasks: Sequence[Task],
    reason: str,
    label: str | None = None,
) -> None:
    """Stop tasks for the service, with ECS's events for running and pending ones (`label` as
    `launch`'s)."""
    if not tasks:
        return
    running = [t for t in tasks if t.last_status not in ("PROVISIONING", "PENDING")]
    pending = [t for t in tasks if t.last_status in ("PROVISIONING", "PENDING")]
    for task in tasks:
        lifecycle.request_stop(world, state, task, "ServiceSchedulerInitiated", reason)
    name = label or service.service_name or ""
    if running:
        events.add_event(
            world, None, service, events.stopped_running(name, [t.id for t in running])
        )
    if pending:
        events.add_event(world, None, service, events.stopped_pending(name, len(pending)))
