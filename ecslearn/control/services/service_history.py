"""Service revisions and service deployments: the history ECS keeps of every deployment of a
service (ECS's developer guide, "View service history using Amazon ECS service deployments";
the API reference's ServiceDeployment and ServiceRevision).

Each ecslearn deployment (``ecs-svc/...``, the ``deployments`` of DescribeServices) deploys one
*service revision*: the task definition and the configuration it was made with (launch type or
capacity providers, load balancers, registries, network, the images with their pinned
digests). A *service deployment* records one change from the revisions running before (its
sources) to the new one (its target): created ``IN_PROGRESS``; ``SUCCESSFUL`` when the target
runs everything; ``STOPPED`` when a newer deployment replaces it before it finished; when the
circuit breaker trips (or StopServiceDeployment asks) with a rollback, ``ROLLBACK_IN_PROGRESS``
with its ``rollback`` (reason, start, the revision rolled back to) and then
``ROLLBACK_SUCCESSFUL``. Its circuit breaker block counts failures against the threshold
(``MONITORING``, ``TRIGGERED``, ``MONITORING_COMPLETE``, or ``DISABLED``).

What AWS leaves unsaid and ecslearn chose: a circuit breaker that trips without rollback leaves
the service deployment ``STOPPED`` (ECS's docs list no "failed" state but ROLLBACK_FAILED); the
``statusReason`` texts are ecslearn's wording; IDs are derived from the ``ecs-svc`` deployment
ID (not drawn from the seeded random source, so adding this history changed no other ID):
a revision's is that deployment's digits, a service deployment's a
``XXXXXXXX-xxxxxxxxxxxx`` string as AWS's look. Task counts per revision are read live from
the tasks each revision's deployment started.
"""

from __future__ import annotations

import hashlib
import string
from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import ecs_arn, parse_arn
from ecslearn.model.service import Deployment, Service

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

#: Service deployments still under way (StopServiceDeployment acts on these).
UNDER_WAY = (
    "PENDING",
    "IN_PROGRESS",
    "STOP_REQUESTED",
    "ROLLBACK_REQUESTED",
    "ROLLBACK_IN_PROGRESS",
)
_ALPHABET = string.ascii_letters + string.digits


def _state(world: World, service: Service) -> RegionState:
    return world.region_state((parse_arn(service.service_arn or "") or {})["region"])


def _short_id(deployment_id: str) -> str:
    digest = hashlib.sha256(deployment_id.encode()).digest()
    chars = "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:20])
    return f"{chars[:8].upper()}-{chars[8:20]}"


def _path(service: Service) -> str:
    cluster = (service.cluster_arn or "").rsplit("/", 1)[-1]
    return f"{cluster}/{service.service_name}"


def _revision(state: RegionState, service: Service, deployment: Deployment) -> dict[str, Any]:
    number = (deployment.id or "").rsplit("/", 1)[-1]
    arn = ecs_arn(state.region, f"service-revision/{_path(service)}/{number}")
    definition = state.task_definition_by_arn(deployment.task_definition or "")
    images = [
        {
            "containerName": c.name,
            "image": c.image,
            **(
                {"imageDigest": deployment.image_digests[c.name or ""]}
                if (c.name or "") in deployment.image_digests
                else {}
            ),
        }
        for c in definition.container_definitions or []
    ]
    revision: dict[str, Any] = {
        "serviceRevisionArn": arn,
        "serviceArn": service.service_arn,
        "clusterArn": service.cluster_arn,
        "taskDefinition": deployment.task_definition,
        "launchType": deployment.launch_type,
        "capacityProviderStrategy": deployment.capacity_provider_strategy,
        "platformVersion": deployment.platform_version,
        "platformFamily": deployment.platform_family,
        "loadBalancers": [lb.to_json() for lb in service.load_balancers or []] or None,
        "serviceRegistries": service.service_registries,
        "serviceConnectConfiguration": deployment.service_connect_configuration,
        "networkConfiguration": deployment.network_configuration,
        "containerImages": images,
        "createdAt": deployment.created_at,
        "_deploymentId": deployment.id,
    }
    return {k: v for k, v in revision.items() if v is not None}


def _breaker(service: Service, threshold: int) -> dict[str, Any]:
    config = service.deployment_configuration
    breaker = config.deployment_circuit_breaker if config else None
    if breaker is None or not breaker.enable:
        return {"status": "DISABLED", "failureCount": 0, "threshold": 0}
    return {"status": "MONITORING", "failureCount": 0, "threshold": threshold}


def _alarms(service: Service) -> dict[str, Any]:
    config = service.deployment_configuration
    alarms = (config.alarms if config else None) or {}
    if not alarms.get("enable"):
        return {"status": "DISABLED"}
    return {"status": "MONITORING", "alarmNames": list(alarms.get("alarmNames") or [])}


def _finish(record: dict[str, Any], status: str, reason: str, now: float) -> None:
    record.update(status=status, statusReason=reason, updatedAt=now)
    record["finishedAt" if status.endswith("SUCCESSFUL") else "stoppedAt"] = now
    if record["deploymentCircuitBreaker"]["status"] == "MONITORING":
        record["deploymentCircuitBreaker"]["status"] = "MONITORING_COMPLETE"
    if record["alarms"]["status"] == "MONITORING":
        record["alarms"]["status"] = "MONITORING_COMPLETE"


def started(
    world: World,
    service: Service,
    deployment: Deployment,
    sources: list[Deployment],
    *,
    threshold: int,
    rollback_of: str | None = None,
    rollback_reason: str = "",
) -> None:
    """Record `deployment`'s revision and either a new service deployment from `sources`
    (its circuit breaker's `threshold` as the service counts it), or, with `rollback_of`, the
    rollback of that service deployment to this revision."""
    state = _state(world, service)
    now = world.clock.timestamp
    revision = _revision(state, service, deployment)
    state.service_revisions[revision["serviceRevisionArn"]] = revision
    deployment.service_revision_arn = revision["serviceRevisionArn"]
    rolled = state.service_deployments.get(rollback_of or "")
    if rolled is not None:
        rolled.update(status="ROLLBACK_IN_PROGRESS", statusReason=rollback_reason, updatedAt=now)
        rolled["rollback"] = {
            "reason": rollback_reason,
            "startedAt": now,
            "serviceRevisionArn": revision["serviceRevisionArn"],
        }
        rolled["_deploymentIds"].append(deployment.id)
        deployment.service_deployment_arn = rolled["serviceDeploymentArn"]
        return
    for earlier in state.service_deployments.values():
        if earlier["serviceArn"] == service.service_arn and earlier["status"] in UNDER_WAY:
            _finish(earlier, "STOPPED", "Service deployment stopped by a newer deployment.", now)
    arn = ecs_arn(
        state.region, f"service-deployment/{_path(service)}/{_short_id(deployment.id or '')}"
    )
    config = service.deployment_configuration
    state.service_deployments[arn] = {
        "serviceDeploymentArn": arn,
        "serviceArn": service.service_arn,
        "clusterArn": service.cluster_arn,
        "createdAt": now,
        "startedAt": now,
        "updatedAt": now,
        "status": "IN_PROGRESS",
        "statusReason": "Service deployment in progress.",
        "deploymentConfiguration": config.to_json() if config else {},
        "deploymentCircuitBreaker": _breaker(service, threshold),
        "alarms": _alarms(service),
        "_sources": [s.service_revision_arn for s in sources if s.service_revision_arn],
        "_target": revision["serviceRevisionArn"],
        "_deploymentIds": [deployment.id],
    }
    deployment.service_deployment_arn = arn


def _record(world: World, service: Service, deployment: Deployment) -> dict[str, Any] | None:
    return _state(world, service).service_deployments.get(deployment.service_deployment_arn or "")


def record_of(world: World, service: Service, deployment: Deployment) -> dict[str, Any] | None:
    """The service deployment `deployment` carries out (or rolls back), if recorded."""
    return _record(world, service, deployment)


def completed(world: World, service: Service, deployment: Deployment) -> None:
    """`deployment` runs everything: its service deployment (or rollback) succeeded."""
    record = _record(world, service, deployment)
    if record is None or record["status"] not in UNDER_WAY:
        return
    if record["status"] == "ROLLBACK_IN_PROGRESS":
        _finish(
            record, "ROLLBACK_SUCCESSFUL", "Service deployment rolled back.", world.clock.timestamp
        )
    else:
        _finish(record, "SUCCESSFUL", "Service deployment completed.", world.clock.timestamp)


def stopped(record: dict[str, Any], reason: str, now: float) -> None:
    """The service deployment failed and stays where it is (nothing to roll back to)."""
    _finish(record, "STOPPED", reason, now)


def rolled_back(record: dict[str, Any], now: float) -> None:
    """Its rollback is done: the service runs the revision rolled back to."""
    if record["status"] == "ROLLBACK_IN_PROGRESS":
        _finish(record, "ROLLBACK_SUCCESSFUL", "Service deployment rolled back.", now)


def failure_counted(world: World, service: Service, deployment: Deployment) -> None:
    record = _record(world, service, deployment)
    if record is not None and record["deploymentCircuitBreaker"]["status"] == "MONITORING":
        record["deploymentCircuitBreaker"]["failureCount"] = deployment.consecutive_failures


def breaker_tripped(
    world: World, service: Service, deployment: Deployment, rolls_back: bool
) -> str | None:
    """The circuit breaker failed `deployment`; the service deployment to roll back (its ARN),
    or None when it stops without a rollback."""
    record = _record(world, service, deployment)
    if record is None:
        return None
    record["deploymentCircuitBreaker"]["status"] = "TRIGGERED"
    if rolls_back:
        record.update(status="ROLLBACK_REQUESTED", updatedAt=world.clock.timestamp)
        return record["serviceDeploymentArn"]
    _finish(
        record,
        "STOPPED",
        "Service deployment failed: the circuit breaker triggered.",
        world.clock.timestamp,
    )
    return None


def shown(state: RegionState, record: dict[str, Any]) -> dict[str, Any]:
    """A service deployment as DescribeServiceDeployments answers it, with live task counts."""
    answer = {k: v for k, v in record.items() if not k.startswith("_")}
    if "lifecycleHookDetails" in answer:
        answer["lifecycleHookDetails"] = [
            {k: v for k, v in d.items() if not k.startswith("_")}
            for d in answer["lifecycleHookDetails"]
        ]
    answer["sourceServiceRevisions"] = [_summary(state, arn) for arn in record["_sources"]]
    answer["targetServiceRevision"] = _summary(state, record["_target"])
    return answer


def brief(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("serviceDeploymentArn", "serviceArn", "clusterArn", "startedAt", "createdAt")
    answer = {k: record[k] for k in keys}
    answer.update(targetServiceRevisionArn=record["_target"], status=record["status"])
    answer["statusReason"] = record["statusReason"]
    if "finishedAt" in record:
        answer["finishedAt"] = record["finishedAt"]
    return answer


def revision_shown(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _summary(state: RegionState, revision_arn: str) -> dict[str, Any]:
    revision = state.service_revisions.get(revision_arn, {})
    deployment_id = revision.get("_deploymentId")
    service = state.services.get(revision.get("serviceArn") or "")
    deployment = next(
        (d for d in (service.deployments if service else None) or [] if d.id == deployment_id),
        None,
    )
    running = pending = 0
    if service is not None and deployment_id is not None:
        for arn in state.index.by_service_name.get(
            (service.cluster_name, service.service_name or ""), {}
        ):
            task = state.tasks[arn]
            if task.started_by != deployment_id or task.desired_status != "RUNNING":
                continue
            if task.last_status == "RUNNING":
                running += 1
            else:
                pending += 1
    requested = (deployment.desired_count or 0) if deployment is not None else 0
    return {
        "arn": revision_arn,
        "requestedTaskCount": requested,
        "runningTaskCount": running,
        "pendingTaskCount": pending,
    }
