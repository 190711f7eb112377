"""CreateService, UpdateService, DescribeServices, ListServices, DeleteService."""

from __future__ import annotations

import re
from typing import Any

from ecslearn.control import fargate
from ecslearn.control.arns import name_from
from ecslearn.control.fargate import fargate_service
from ecslearn.control.load_balancing.service_tasks import checked_load_balancers
from ecslearn.control.paging import paged_response
from ecslearn.control.services import deployments, reconcile, task_set_scheduling, traffic_shift
from ecslearn.control.state import RegionState
from ecslearn.errors import (
    InvalidParameterException,
    ServiceNotActiveException,
    ServiceNotFoundException,
)
from ecslearn.model.service import (
    Service,
)
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.services.ecs import (
    checks,
    code_deploy_services,
    discovery_settings,
    external_services,
    launch_strategy,
    strategy_checks,
)
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.ecs.task_definitions import resolve
from ecslearn.services.ecs.tasks import (
    _check_launch,
    checked_constraints,
    checked_strategies,
    updated_placement,
)
from ecslearn.services.handlers import RequestContext, operation

SERVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
MAX_TASKS_PER_SERVICE = 5000
#: AWS's text, verified: fabfuel/ecs-deploy#59, aws/aws-cdk#1197 (no final period).
DAEMON_DESIRED_COUNT = (
    "The daemon scheduling strategy does not support a desired count for services. Remove the "
    "desired count value and try again"
)
#: Its first sentence as a CloudFormation linter quotes AWS; the rest follows the desired-count
#: message above (unverified).
DAEMON_STRATEGIES = (
    "The daemon scheduling strategy does not support placement strategies. Remove the placement "
    "strategy and try again"
)


def service_json(ctx: RequestContext, service: Service, include: list[str] | tuple = ()) -> dict:
    """A service as DescribeServices shows it, with its counts derived from its tasks. A read
    never writes: the counts go into the answer, not into the model (a journal replays only
    the calls that change the world, so a read that changed it would make replay inexact)."""
    counts = ctx.state.index.counts(service.service_arn or "")
    data = service.to_json()
    for deployment in data.get("deployments", []) + data.get("taskSets", []):
        running, pending = counts.get(deployment.get("id", ""), (0, 0))
        deployment["runningCount"], deployment["pendingCount"] = running, pending
    data["runningCount"] = sum(r for r, _ in counts.values())
    data["pendingCount"] = sum(p for _, p in counts.values())
    if "TAGS" in include:
        data["tags"] = tags_json(ctx, service.service_arn or "")
    return data


def record_desired_count(ctx: RequestContext, service: Service) -> None:
    """Put the desired count on the timeline, so pictures can draw it over time."""
    ctx.world.record(
        "api",
        f"(service {service.service_name}) desired count set to {service.desired_count}",
        cluster=service.cluster_name,
        service=service.service_name,
        details={"desiredCount": service.desired_count},
    )


def find_service(ctx: RequestContext, cluster_name: str, reference: str) -> Service:
    name = name_from(reference, "service")
    service = ctx.state.services.get(ctx.arn(f"service/{cluster_name}/{name}"))
    if service is None:
        # AWS's text: getmoto/moto's ServiceNotFoundException, remind101/empire (matches it)
        raise ServiceNotFoundException(
            "Service not found.", hint="List the cluster's services with list_services."
        )
    return service


def _check_common(
    request: dict, td: TaskDefinition, daemon: bool, state: RegionState | None = None
) -> None:
    if state is not None and (
        request.get("launchType") == "FARGATE" or request.get("platformVersion")
    ):
        fargate.check_launch(request, td, state.ec2)  # Fargate's own rules first
    _check_launch(request, td)
    if daemon and request.get("placementStrategy"):
        raise InvalidParameterException(DAEMON_STRATEGIES)
    count = request.get("desiredCount")
    if count is not None and not 0 <= count <= MAX_TASKS_PER_SERVICE:
        raise InvalidParameterException(
            f"desiredCount must be between 0 and {MAX_TASKS_PER_SERVICE}; it was {count}."
        )


def _launch_fields(request: dict, capacity: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The new service's launch type (none with a capacity provider strategy, as ECS shows it)
    and strategy; a Fargate one's platform either way."""
    fields = fargate_service.launch_fields(request)
    if capacity:
        fields["launch_type"] = None
    fields["capacity_provider_strategy"] = capacity
    return fields


def _deployment_capacity(service: Service) -> None:
    """The new deployment runs the service's launch type or capacity provider strategy."""
    service.primary.capacity_provider_strategy = service.capacity_provider_strategy
    service.primary.launch_type = service.launch_type


def _updated_capacity(
    ctx: RequestContext, cluster: Any, service: Service, request: dict
) -> list[dict[str, Any]] | None:
    """The service's new capacity provider strategy ([]: back to the EC2 launch type), or None
    when the update leaves it as it is. A change takes effect only with a new deployment, so
    ECS needs forceNewDeployment with it (the parameter "doesn't trigger a new service
    deployment"; Terraform's provider forces one for that reason)."""
    if "capacityProviderStrategy" not in request:
        return None
    raw = request["capacityProviderStrategy"] or []
    wanted = (
        launch_strategy.check_strategy(ctx.state, raw, list(cluster.capacity_providers or []))
        if raw
        else []
    )
    if wanted == (service.capacity_provider_strategy or []):
        return None
    if not request.get("forceNewDeployment"):
        raise InvalidParameterException(  # ecslearn's wording
            "Changing a service's capacity provider strategy (or its launch type) takes effect "
            "with a new deployment: pass forceNewDeployment=true with it.",
            hint="update_service(..., capacityProviderStrategy=[...], forceNewDeployment=True)",
        )
    return wanted


@operation("CreateService")
def create_service(ctx: RequestContext, request: dict) -> dict:
    checks.service(request)
    cluster = ctx.state.cluster(request.get("cluster"))
    cluster_name = cluster.cluster_name or ""
    name = request["serviceName"]
    if not SERVICE_NAME.match(name):
        raise InvalidParameterException(
            f"Service name '{name}' is invalid: use 1-255 letters, numbers, hyphens and "
            "underscores."
        )
    arn = ctx.arn(f"service/{cluster_name}/{name}")
    existing = ctx.state.services.get(arn)
    if existing is not None and existing.status in ("ACTIVE", "DRAINING"):
        raise InvalidParameterException(
            # AWS's text: hashicorp/terraform-provider-aws#23462, #14168
            "Creation of service was not idempotent.",
            hint=f"A service named '{name}' already exists in '{cluster_name}' "
            f"({existing.status}): update it, or choose another name.",
        )
    if external_services.requested(request):  # task sets carry what tasks run
        service = external_services.new_service(ctx, request, cluster, arn)
        return _created(ctx, service, checked_tags(request.get("tags"), {}))
    code_deploy = code_deploy_services.requested(request)
    if code_deploy:
        code_deploy_services.refuse_daemon(request)
    strategy = request.get("schedulingStrategy") or "REPLICA"
    daemon = strategy == "DAEMON"
    if not request.get("taskDefinition"):
        raise InvalidParameterException("taskDefinition is required for the ECS controller.")
    td = resolve(ctx.state, request["taskDefinition"], for_new_tasks=True)
    capacity = launch_strategy.resolve(ctx.state, cluster, request)
    launch_request = launch_strategy.as_launch(request, capacity)
    _check_common(launch_request, td, daemon, ctx.state)
    balancers = checked_load_balancers(ctx.state, request.get("loadBalancers") or [], td)
    config = checks.deployment_configuration(request.get("deploymentConfiguration"), daemon)
    strategy_checks.check_balancers(ctx.state, balancers, config)
    discovery = discovery_settings.for_create(ctx, cluster, request, td, arn)
    if daemon and request.get("desiredCount") is not None:
        raise InvalidParameterException(DAEMON_DESIRED_COUNT)
    if not daemon and request.get("desiredCount") is None:
        raise InvalidParameterException(  # ecslearn's wording
            "desiredCount is required for a REPLICA service.",
            hint="Say how many tasks the service keeps running, e.g. desiredCount=2.",
        )
    service = Service(
        service_arn=arn,
        service_name=name,
        cluster_arn=cluster.cluster_arn,
        load_balancers=balancers,
        service_registries=[],
        status="ACTIVE",
        desired_count=0 if daemon else request["desiredCount"],
        running_count=0,
        pending_count=0,
        **_launch_fields(launch_request, capacity),
        deployment_configuration=config,
        events=[],
        created_at=ctx.now,
        placement_constraints=checked_constraints(request.get("placementConstraints"), td),
        placement_strategy=checked_strategies(request.get("placementStrategy")),
        network_configuration=request.get("networkConfiguration"),
        health_check_grace_period_seconds=request.get("healthCheckGracePeriodSeconds"),
        scheduling_strategy=strategy,
        deployment_controller={"type": "ECS"},
        created_by=f"arn:aws:iam::{ctx.account}:user/learner",
        enable_ecs_managed_tags=bool(request.get("enableECSManagedTags", False)),
        propagate_tags=request.get("propagateTags") or "NONE",
        enable_execute_command=bool(request.get("enableExecuteCommand", False)),
        cluster_name=cluster_name,
        role_arn=checks.role_arn(ctx.account, request.get("role")),
    )
    tags = checked_tags(request.get("tags"), {})
    discovery.apply(ctx, service)
    if code_deploy:  # a task set, not a deployment, carries its tasks
        code_deploy_services.start(ctx, service, td, _launch_fields(launch_request, capacity))
        return _created(ctx, service, tags)
    deployments.new_deployment(ctx.world, service, td.task_definition_arn or "")
    _deployment_capacity(service)
    traffic_shift.started(ctx.world, ctx.state, service, balancers)
    return _created(ctx, service, tags)


def _created(ctx: RequestContext, service: Service, tags: dict[str, str]) -> dict:
    """Add the new service to the region, and start reconciling it."""
    ctx.state.services[service.service_arn or ""] = service
    record_desired_count(ctx, service)
    ctx.state.tags[service.service_arn or ""] = tags
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"service": service_json(ctx, service)}


@operation("UpdateService")
def update_service(ctx: RequestContext, request: dict) -> dict:
    checks.service(request)
    cluster = ctx.state.cluster(request.get("cluster"))
    service = find_service(ctx, cluster.cluster_name or "", request["service"])
    if service.status != "ACTIVE":
        raise ServiceNotActiveException(
            # AWS's text: remind101/empire matches "Service was not ACTIVE" (the final period is
            # as in ECS's other messages)
            "Service was not ACTIVE.",
            hint=f"Service {service.service_name} is {service.status}: only ACTIVE services can "
            "be updated. Create it again to use the name.",
        )
    if code_deploy_services.controls(service):
        if code_deploy_services.update(ctx, service, request):
            record_desired_count(ctx, service)
        reconcile.request_tick(ctx.world, ctx.state, service)
        return {"service": service_json(ctx, service)}
    if task_set_scheduling.is_external(service):
        if external_services.update(ctx, service, request):
            record_desired_count(ctx, service)
        reconcile.request_tick(ctx.world, ctx.state, service)
        return {"service": service_json(ctx, service)}
    daemon = service.is_daemon
    reference = request.get("taskDefinition") or service.task_definition or ""
    td = resolve(ctx.state, reference, for_new_tasks=bool(request.get("taskDefinition")))
    kept = service.network_configuration
    capacity = _updated_capacity(ctx, cluster, service, request)
    checked = launch_strategy.as_launch(
        fargate_service.update_request(service, request),
        service.capacity_provider_strategy if capacity is None else capacity,
    )
    if (
        request.get("networkConfiguration") is None
        and kept
        and td.effective_network_mode == "awsvpc"
    ):
        # An update that names no network configuration keeps the service's (as
        # `aws ecs update-service --force-new-deployment` relies on for awsvpc services).
        _check_common({**checked, "networkConfiguration": kept}, td, daemon, ctx.state)
    else:
        _check_common(checked, td, daemon, ctx.state)
    if daemon and request.get("desiredCount") is not None:
        raise InvalidParameterException(DAEMON_DESIRED_COUNT)
    config = service.deployment_configuration
    if request.get("deploymentConfiguration") is not None:
        merged = strategy_checks.merged(
            config.to_json() if config else {}, request["deploymentConfiguration"]
        )
        config = checks.deployment_configuration(merged, daemon)
    constraints, strategies = updated_placement(request, service, td)
    # The load balancers (new or kept) must fit the task definition the new tasks will run.
    current = [b.to_json() for b in service.load_balancers or []]
    wanted = request.get("loadBalancers")
    balancers = checked_load_balancers(ctx.state, current if wanted is None else wanted, td)
    balancers_changed = [b.to_json() for b in balancers] != current
    strategy_checks.check_balancers(ctx.state, balancers, config)
    discovery = discovery_settings.for_update(ctx, cluster, service, request, td)
    # Everything is checked: now change the service.
    service.deployment_configuration = config
    service.placement_constraints, service.placement_strategy = constraints, strategies
    if request.get("healthCheckGracePeriodSeconds") is not None:
        service.health_check_grace_period_seconds = request["healthCheckGracePeriodSeconds"]
    if request.get("enableExecuteCommand") is not None:
        # ECS Exec reaches tasks started from now on: a running task keeps what it started
        # with (forceNewDeployment replaces them), as the developer guide says.
        service.enable_execute_command = bool(request["enableExecuteCommand"])
    if request.get("desiredCount") is not None:
        service.desired_count = request["desiredCount"]
        service.primary.desired_count = request["desiredCount"]
        service.steady = service.stuck_reported = False
        record_desired_count(ctx, service)
    network_changed = (
        request.get("networkConfiguration") is not None
        and request["networkConfiguration"] != service.network_configuration
    )
    if network_changed:
        service.network_configuration = request["networkConfiguration"]
    if balancers_changed:
        service.load_balancers = balancers
    platform_changed = fargate_service.apply_platform(service, request)
    if (
        td.task_definition_arn != service.task_definition
        or platform_changed
        or network_changed
        or balancers_changed
        or discovery.changed
        or request.get("forceNewDeployment")
    ):
        discovery.apply(ctx, service)
        if td.task_definition_arn != service.task_definition:
            service.start_failures, service.throttle_until = 0, 0.0
        if capacity is not None:
            service.capacity_provider_strategy = capacity or None
            service.launch_type = None if capacity else "EC2"
        deployments.new_deployment(ctx.world, service, td.task_definition_arn or "")
        _deployment_capacity(service)
        traffic_shift.started(ctx.world, ctx.state, service, balancers)
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"service": service_json(ctx, service)}


@operation("DescribeServices")
def describe_services(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    references = ctx.state.require_list(request, "services", 10)
    name = cluster.cluster_name or ""
    found, failures = describe_each(
        references,
        lambda reference: ctx.state.services.get(
            ctx.arn(f"service/{name}/{name_from(reference, 'service')}")
        ),
        lambda service: service_json(ctx, service, request.get("include") or []),
        lambda reference: ctx.arn(f"service/{name}/{name_from(reference, 'service')}"),
    )
    return {"services": found, "failures": failures}


@operation("ListServices")
def list_services(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    strategy = request.get("schedulingStrategy")
    arns = [
        s.service_arn
        for s in ctx.state.services.values()
        if s.cluster_name == cluster.cluster_name
        and s.status == "ACTIVE"
        and (strategy is None or s.scheduling_strategy == strategy)
        and (request.get("launchType") in (None, s.launch_type or "EC2"))
    ]
    return paged_response("serviceArns", arns, request, default_size=10)


@operation("DeleteService")
def delete_service(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    service = find_service(ctx, cluster.cluster_name or "", request["service"])
    if service.status == "INACTIVE":  # DeleteService's errors have no ServiceNotActive
        raise ServiceNotFoundException("Service not found.")  # AWS's text
    if service.status != "ACTIVE":  # ecslearn's wording
        raise InvalidParameterException(f"Service {service.service_name} is already DRAINING.")
    if not service.is_daemon and (service.desired_count or 0) > 0 and not request.get("force"):
        raise InvalidParameterException(
            # AWS's text, quoted by learners from the console and kept by getmoto/moto
            "The service cannot be stopped while it is scaled above 0.",
            hint="Set desiredCount to 0 first (update_service), or pass force=True.",
        )
    service.status = "DRAINING"
    service.desired_count = 0
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"service": service_json(ctx, service)}
