"""Services and their deployments, in ECS's shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal, named
from ecslearn.model.common import Tag
from ecslearn.model.task_definition import PlacementConstraint


@dataclass(kw_only=True)
class PlacementStrategy(EcsObject):
    """``{"type": "spread"|"binpack"|"random", "field": ...}``."""

    type: str | None = None
    field: str | None = None


@dataclass(kw_only=True)
class LoadBalancer(EcsObject):
    target_group_arn: str | None = None
    load_balancer_name: str | None = None
    container_name: str | None = None
    container_port: int | None = None
    #: blue/green, linear and canary: alternateTargetGroupArn, productionListenerRule,
    #: testListenerRule, roleArn (ECS's AdvancedConfiguration, kept as sent)
    advanced_configuration: dict[str, Any] | None = None


@dataclass(kw_only=True)
class DeploymentCircuitBreaker(EcsObject):
    enable: bool = False
    rollback: bool = False


@dataclass(kw_only=True)
class DeploymentConfiguration(EcsObject):
    maximum_percent: int | None = None
    minimum_healthy_percent: int | None = None
    deployment_circuit_breaker: DeploymentCircuitBreaker | None = None
    alarms: dict[str, Any] | None = None
    strategy: str | None = None  # ROLLING | BLUE_GREEN | LINEAR | CANARY
    bake_time_in_minutes: int | None = None
    lifecycle_hooks: list[dict[str, Any]] | None = None
    linear_configuration: dict[str, Any] | None = None
    canary_configuration: dict[str, Any] | None = None
    early_success_criteria: dict[str, Any] | None = None


@dataclass(kw_only=True)
class ServiceEvent(EcsObject):
    id: str | None = None
    created_at: float | None = None
    message: str | None = None


@dataclass(kw_only=True)
class Deployment(EcsObject):
    """One generation of a service's configuration (``ecs-svc/<digits>``)."""

    id: str | None = None
    status: str | None = None
    task_definition: str | None = None
    desired_count: int | None = None
    pending_count: int | None = None
    running_count: int | None = None
    failed_tasks: int | None = None
    created_at: float | None = None
    updated_at: float | None = None
    launch_type: str | None = None
    capacity_provider_strategy: list[dict[str, Any]] | None = None
    platform_version: str | None = None
    platform_family: str | None = None
    network_configuration: dict[str, Any] | None = None
    rollout_state: str | None = None
    rollout_state_reason: str | None = None
    #: Service Connect as this deployment runs it, and the Cloud Map services it registers in
    service_connect_configuration: dict[str, Any] | None = None
    service_connect_resources: list[dict[str, Any]] | None = None
    # ecslearn's bookkeeping: the circuit breaker's count of failures since the last RUNNING.
    consecutive_failures: int = internal(0)
    # Container name -> the image digest its tag resolved to when the deployment began (ECS's
    # software version consistency): every task of the deployment runs that exact image.
    image_digests: dict[str, str] = internal(default_factory=dict)
    # The service deployment (ListServiceDeployments) this deployment carries out, and the
    # service revision it deploys (`ecslearn.control.services.service_history`).
    service_deployment_arn: str | None = internal(None)
    service_revision_arn: str | None = internal(None)


@dataclass(kw_only=True)
class TaskSet(EcsObject):
    """A set of a service's tasks under the EXTERNAL or CODE_DEPLOY deployment controller
    (``ecs-svc/<digits>``):
    its own task definition, launch and load balancers, sized as a percentage (`scale`) of the
    service's desiredCount. Its tasks are started with ``startedBy`` = its ID."""

    id: str | None = None
    task_set_arn: str | None = None
    service_arn: str | None = None
    cluster_arn: str | None = None
    external_id: str | None = None
    status: str | None = None  # PRIMARY | ACTIVE | DRAINING
    task_definition: str | None = None
    computed_desired_count: int | None = None
    pending_count: int | None = None
    running_count: int | None = None
    created_at: float | None = None
    updated_at: float | None = None
    launch_type: str | None = None
    capacity_provider_strategy: list[dict[str, Any]] | None = None
    platform_version: str | None = None
    platform_family: str | None = None
    network_configuration: dict[str, Any] | None = None
    load_balancers: list[LoadBalancer] | None = None
    service_registries: list[dict[str, Any]] | None = None
    scale: dict[str, Any] | None = None  # {"value": 0-100, "unit": "PERCENT"}
    stability_status: str | None = None  # STEADY_STATE | STABILIZING
    stability_status_at: float | None = None
    # The image digest each container's tag resolved to at CreateTaskSet (as deployments pin).
    image_digests: dict[str, str] = internal(default_factory=dict)


@dataclass(kw_only=True)
class Service(EcsObject):
    """A service: keeps desiredCount copies (REPLICA) or one per instance (DAEMON) running."""

    service_arn: str | None = None
    service_name: str | None = None
    cluster_arn: str | None = None
    load_balancers: list[LoadBalancer] | None = None
    service_registries: list[dict[str, Any]] | None = None
    status: str | None = None
    desired_count: int | None = None
    running_count: int | None = None
    pending_count: int | None = None
    launch_type: str | None = None
    capacity_provider_strategy: list[dict[str, Any]] | None = None
    platform_version: str | None = None
    platform_family: str | None = None
    task_definition: str | None = None
    deployment_configuration: DeploymentConfiguration | None = None
    deployments: list[Deployment] | None = None
    role_arn: str | None = None
    events: list[ServiceEvent] | None = None
    created_at: float | None = None
    placement_constraints: list[PlacementConstraint] | None = None
    placement_strategy: list[PlacementStrategy] | None = None
    network_configuration: dict[str, Any] | None = None
    health_check_grace_period_seconds: int | None = None
    scheduling_strategy: str | None = None
    deployment_controller: dict[str, Any] | None = None
    tags: list[Tag] | None = None
    created_by: str | None = None
    enable_ecs_managed_tags: bool | None = named("enableECSManagedTags")
    propagate_tags: str | None = None
    enable_execute_command: bool | None = None
    #: EXTERNAL deployment controller only: the service's task sets (DRAINING ones until their
    #: tasks have stopped)
    task_sets: list[TaskSet] | None = None
    # The scheduler's memory between ticks (derivable from events, kept for speed).
    cluster_name: str = internal("")
    steady: bool = internal(False)
    start_failures: int = internal(0)  # consecutive tasks that stopped before RUNNING
    throttle_until: float = internal(0.0)
    stuck_reported: bool = internal(False)
    #: how many protected tasks the last "unable to scale in" event named (0: none reported)
    protection_reported: int = internal(0)
    last_placement_message: str | None = internal(None)
    #: the service deployment (its ARN) a blue/green, linear or canary rollout is carrying out
    #: or rolling back (`ecslearn.control.services.traffic_shift`)
    shifting: str | None = internal(None)
    #: Service Connect as the latest Create/UpdateService set it (each new deployment copies
    #: it), and the Cloud Map services it registers tasks in
    service_connect: dict[str, Any] | None = internal(None)
    service_connect_resources: list[dict[str, Any]] | None = internal(None)

    @property
    def is_daemon(self) -> bool:
        return self.scheduling_strategy == "DAEMON"

    @property
    def primary(self) -> Deployment:
        return (self.deployments or [])[0]
