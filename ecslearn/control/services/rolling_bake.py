"""Deployment alarms on a ROLLING deployment (`deployment_alarms` says what ECS does and what
ecslearn chose): watched while the deployment is under way and through its bake time, which
holds the deployment IN_PROGRESS after the new tasks run everything; an alarm in ALARM fails it
and, with ``rollback``, rolls the service back to its last completed deployment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.control.services import deployment_alarms, deployments, events, service_history
from ecslearn.model.service import Service

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

ROLLBACK_REASON = "A CloudWatch alarm of the deployment initiated the rollback."


def _record(state: RegionState, service: Service) -> dict | None:
    """The service deployment under way that alarms watch: not the service's first (CreateService
    has no revision to return to; alarm-based rollback applies to updates)."""
    record = state.service_deployments.get(service.primary.service_deployment_arn or "")
    if record is None or record["status"] != "IN_PROGRESS" or not record["_sources"]:
        return None
    return record


def check(world: World, state: RegionState, service: Service) -> None:
    """Fail the deployment under way if a watched alarm went to ALARM."""
    if not service.deployments or not deployment_alarms.watched(service):
        return
    primary = service.primary
    record = _record(state, service) if primary.rollout_state == "IN_PROGRESS" else None
    if record is None:
        return
    alarms = deployment_alarms.triggered(state, service, record)
    if not alarms:
        return
    name = service.service_name or ""
    deployment_alarms.mark_triggered(record, alarms)
    primary.rollout_state = "FAILED"
    primary.rollout_state_reason = f"ECS deployment {primary.id} failed: alarm(s) detected."
    primary.updated_at = world.clock.timestamp
    events.add_event(world, None, service, deployment_alarms.failed_event(name, primary.id or ""))
    target = deployments.last_completed(service)
    if not deployment_alarms.rolls_back(service) or target is None:
        service_history.stopped(
            record,
            f"Service deployment failed: CloudWatch alarm(s) in ALARM: {', '.join(alarms)}.",
            world.clock.timestamp,
        )
        return
    record.update(status="ROLLBACK_REQUESTED", updatedAt=world.clock.timestamp)
    events.add_event(world, None, service, events.rolling_back(name, target.id or ""))
    deployments.new_deployment(
        world,
        service,
        target.task_definition or "",
        image_digests=target.image_digests,
        rollback_of=record["serviceDeploymentArn"],
        rollback_reason=ROLLBACK_REASON,
    )
    state.deployment_load_balancers[service.primary.id or ""] = list(
        state.deployment_load_balancers.get(target.id or "") or service.load_balancers or []
    )


def baked(world: World, state: RegionState, service: Service) -> bool:
    """Whether the deployment may complete: at once without alarms, else after its bake time
    (which starts the first time the new tasks run everything)."""
    if not deployment_alarms.watched(service):
        return True
    record = _record(state, service)
    if record is None:
        return True
    until = record.get("_bakeUntil")
    if until is None:
        record["_bakeUntil"] = world.now + deployment_alarms.rolling_bake_seconds(state, service)
        record["lifecycleStage"] = "BAKE_TIME"
        world.record(
            "service",
            f"(service {service.service_name}) (deployment {service.primary.id}) baking: "
            "watching its alarms before it completes",
            cluster=service.cluster_name,
            service=service.service_name,
            details={"bakeUntil": record["_bakeUntil"]},
        )
        return False
    return world.now >= until
