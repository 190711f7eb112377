"""A task set as a record: making one (CreateTaskSet, and CreateService for a CODE_DEPLOY
service's first) and its stability status. Apart from `task_sets` so that CreateService can make
a task set without importing the task set operations, which import the service lookups."""

from __future__ import annotations

from typing import Any

from ecslearn.control.services import task_set_scheduling
from ecslearn.model.service import LoadBalancer, Service, TaskSet
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.services.ecr import rules as ecr
from ecslearn.services.handlers import RequestContext

DEFAULT_SCALE = {"value": 100.0, "unit": "PERCENT"}


def add_task_set(
    ctx: RequestContext,
    service: Service,
    td: TaskDefinition,
    launch: dict[str, Any],
    balancers: list[LoadBalancer],
    network: dict[str, Any] | None,
    scale: dict[str, Any],
    external_id: str | None = None,
    status: str = "ACTIVE",
) -> TaskSet:
    """A new task set of `service`, running `td` with `launch` (its launch type or capacity
    provider strategy and platform), kept at `scale` of the service's desired count: CreateTaskSet
    makes one, and CreateService makes the first PRIMARY one of a CODE_DEPLOY service."""
    task_set_id = f"ecs-svc/{ctx.world.rng.randrange(10**18, 10**19)}"
    task_set = TaskSet(
        id=task_set_id,
        task_set_arn=ctx.arn(
            f"task-set/{service.cluster_name}/{service.service_name}/{task_set_id}"
        ),
        service_arn=service.service_arn,
        cluster_arn=service.cluster_arn,
        external_id=external_id,
        status=status,
        task_definition=td.task_definition_arn,
        pending_count=0,
        running_count=0,
        created_at=ctx.now,
        updated_at=ctx.now,
        network_configuration=network,
        load_balancers=balancers,
        service_registries=[],
        scale=scale,
        stability_status_at=ctx.now,
        image_digests=ecr.pin_images(ctx.state, td.container_definitions),
        **launch,
    )
    task_set.computed_desired_count = task_set_scheduling.computed_desired_count(service, task_set)
    service.task_sets = [*(service.task_sets or []), task_set]
    stability(ctx, service, task_set)
    service.steady = False
    ctx.state.deployment_load_balancers[task_set_id] = list(balancers)
    return task_set


def stability(ctx: RequestContext, service: Service, task_set: TaskSet) -> None:
    """STEADY_STATE or STABILIZING, as the task set's tasks stand now (the time it changed)."""
    status = (
        "STEADY_STATE"
        if task_set_scheduling.is_stable(ctx.state, service, task_set)
        else "STABILIZING"
    )
    if status != task_set.stability_status:
        task_set.stability_status, task_set.stability_status_at = status, ctx.now
