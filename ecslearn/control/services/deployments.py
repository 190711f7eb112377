"""Deployments: one per configuration of a service, newest first (the PRIMARY).

A new deployment starts when the task definition, network configuration, load balancers or
placement change, or on forceNewDeployment; changing only desiredCount scales the PRIMARY.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ecslearn.control.arns import parse_arn
from ecslearn.control.fargate import fargate_service
from ecslearn.control.services import events, service_history
from ecslearn.model.service import Deployment, Service
from ecslearn.model.task import Task
from ecslearn.services.ecr import rules as ecr

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: The circuit breaker trips after this many failures at least. The current API reference says
#: 3; the 2023 developer guide said 10. One constant, so a lesson can show either.
CIRCUIT_BREAKER_MIN_THRESHOLD = 3
CIRCUIT_BREAKER_MAX_THRESHOLD = 200


def circuit_breaker_threshold(desired_count: int) -> int:
    """``clamp(ceil(0.5 x desiredCount), MIN, 200)``."""
    return max(
        CIRCUIT_BREAKER_MIN_THRESHOLD,
        min(CIRCUIT_BREAKER_MAX_THRESHOLD, math.ceil(0.5 * desired_count)),
    )


def new_deployment(
    world: World,
    service: Service,
    task_definition_arn: str,
    *,
    image_digests: dict[str, str] | None = None,
    rollback_of: str | None = None,
    rollback_reason: str = "",
) -> Deployment:
    """Make a PRIMARY deployment; the previous PRIMARY becomes ACTIVE while it has tasks.

    The deployment pins each ECR image tag to the digest it points at now (or keeps the
    `image_digests` given, when rolling back to an earlier deployment), so a tag re-pushed later
    reaches the service only through a new deployment (``forceNewDeployment``).

    Its service revision and service deployment are recorded (`service_history`); with
    `rollback_of` (a service deployment's ARN) it is that deployment's rollback.
    """
    now = world.clock.timestamp
    if image_digests is None:
        state = world.region_state((parse_arn(service.service_arn or "") or {})["region"])
        definition = state.task_definition_by_arn(task_definition_arn)
        image_digests = ecr.pin_images(state, definition.container_definitions)
    deployment_id = f"ecs-svc/{world.rng.randrange(10**18, 10**19)}"
    deployment = Deployment(
        id=deployment_id,
        status="PRIMARY",
        task_definition=task_definition_arn,
        desired_count=service.desired_count or 0,
        pending_count=0,
        running_count=0,
        failed_tasks=0,
        created_at=now,
        updated_at=now,
        network_configuration=service.network_configuration,
        rollout_state="IN_PROGRESS",
        rollout_state_reason=f"ECS deployment {deployment_id} in progress.",
        image_digests=dict(image_digests),
    )
    fargate_service.stamp(service, deployment)
    deployment.service_connect_configuration = service.service_connect
    deployment.service_connect_resources = service.service_connect_resources
    sources = list(service.deployments or [])
    service_history.started(
        world,
        service,
        deployment,
        sources,
        threshold=circuit_breaker_threshold(service.desired_count or 0),
        rollback_of=rollback_of,
        rollback_reason=rollback_reason,
    )
    for old in service.deployments or []:
        if old.status == "PRIMARY":
            old.status = "ACTIVE"
            old.updated_at = now
    service.deployments = [deployment, *(service.deployments or [])]
    service.task_definition = task_definition_arn
    service.steady = False
    service.stuck_reported = False
    return deployment


def complete(world: World, service: Service) -> None:
    """The PRIMARY runs everything: older deployments leave, the rollout is COMPLETED."""
    primary = service.primary
    now = world.clock.timestamp
    service.deployments = [primary]
    if primary.rollout_state != "COMPLETED":
        primary.rollout_state = "COMPLETED"
        primary.rollout_state_reason = f"ECS deployment {primary.id} completed."
        primary.updated_at = now
        service_history.completed(world, service, primary)
        events.add_event(
            world,
            None,
            service,
            events.deployment_completed(service.service_name or "", primary.id or ""),
        )


def last_completed(service: Service) -> Deployment | None:
    """The newest deployment that completed, to roll back to."""
    for deployment in (service.deployments or [])[1:]:
        if deployment.rollout_state == "COMPLETED":
            return deployment
    return None


def record_failure(world: World, service: Service, task: Task) -> None:
    """Add a failed task to its deployment; trip the circuit breaker at the threshold."""
    deployment = next((d for d in service.deployments or [] if d.id == task.started_by), None)
    if deployment is None:
        return
    deployment.failed_tasks = (deployment.failed_tasks or 0) + 1
    deployment.consecutive_failures += 1
    service_history.failure_counted(world, service, deployment)
    breaker = (service.deployment_configuration or None) and (
        service.deployment_configuration.deployment_circuit_breaker  # type: ignore[union-attr]
    )
    if (
        breaker is None
        or not breaker.enable
        or deployment is not service.primary
        or deployment.rollout_state != "IN_PROGRESS"
        or deployment.consecutive_failures < circuit_breaker_threshold(service.desired_count or 0)
    ):
        return
    name = service.service_name or ""
    record = service_history.record_of(world, service, deployment)
    if service.shifting and record is not None and "_shift" in record:
        # A blue/green, linear or canary rollout: it rolls back to blue on its next tick
        record["deploymentCircuitBreaker"]["status"] = "TRIGGERED"
        record["_pendingFailure"] = "The deployment circuit breaker initiated the rollback."
        events.add_event(world, None, service, events.deployment_failed(name, deployment.id or ""))
        return
    deployment.rollout_state = "FAILED"
    deployment.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start."
    events.add_event(world, None, service, events.deployment_failed(name, deployment.id or ""))
    target = last_completed(service)
    rolls_back = bool(breaker.rollback and target is not None)
    history = service_history.breaker_tripped(world, service, deployment, rolls_back)
    if rolls_back and target is not None:
        events.add_event(world, None, service, events.rolling_back(name, target.id or ""))
        new_deployment(
            world,
            service,
            target.task_definition or "",
            image_digests=target.image_digests,
            rollback_of=history,
            rollback_reason="The deployment circuit breaker initiated the rollback.",
        )
        service.start_failures = 0
        service.throttle_until = 0.0
