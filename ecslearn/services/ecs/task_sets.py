"""CreateTaskSet, UpdateTaskSet, DeleteTaskSet, DescribeTaskSets, UpdateServicePrimaryTaskSet.

Task sets belong to a service with the EXTERNAL deployment controller (`external_services`);
the scheduler keeps each at its computedDesiredCount (`control.services.task_set_scheduling`).
From AWS's API reference and developer guide: a task set's ID is ``ecs-svc/<digits>`` and its
ARN ``arn:aws:ecs:<region>:<account>:task-set/<cluster>/<service>/<id>``; ``scale`` is a
percentage (unit PERCENT, 0-100) of the service's desiredCount; UpdateTaskSet changes only the
scale; DeleteTaskSet needs ``force`` for a task set not scaled down to zero;
UpdateServicePrimaryTaskSet makes one task set PRIMARY (the former PRIMARY becomes ACTIVE) and
the service shows the PRIMARY's task definition, launch, network and load balancers.

What AWS leaves unsaid, and ecslearn chooses: a new task set is ACTIVE (none is PRIMARY until
UpdateServicePrimaryTaskSet names one); ``scale`` defaults to 100 PERCENT; ``clientToken`` is
accepted and not used for idempotency; a deleted task set is DRAINING until its tasks have
stopped, then leaves the service. The refusal messages are ecslearn's wording (AWS's are not
published), except where a comment says otherwise.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control import fargate
from ecslearn.control.fargate import fargate_service
from ecslearn.control.load_balancing.service_tasks import checked_load_balancers
from ecslearn.control.services import reconcile, task_set_scheduling
from ecslearn.errors import (
    InvalidParameterException,
    ServiceNotActiveException,
    TaskSetNotFoundException,
    UnsupportedFeatureException,
)
from ecslearn.model.service import Service, TaskSet
from ecslearn.services.ecs import checks, launch_strategy
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.services import find_service
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.ecs.task_definitions import resolve
from ecslearn.services.ecs.task_set_records import DEFAULT_SCALE, add_task_set, stability
from ecslearn.services.ecs.tasks import _check_launch
from ecslearn.services.handlers import RequestContext, operation


def task_set_json(
    ctx: RequestContext, service: Service, task_set: TaskSet, include: list[str] | tuple = ()
) -> dict[str, Any]:
    """A task set as ECS shows it, its counts derived from its tasks (a read never writes)."""
    running, pending = ctx.state.index.counts(service.service_arn or "").get(
        task_set.id or "", (0, 0)
    )
    data = task_set.to_json()
    data["runningCount"], data["pendingCount"] = running, pending
    data["computedDesiredCount"] = task_set_scheduling.computed_desired_count(service, task_set)
    if "TAGS" in include:
        data["tags"] = tags_json(ctx, task_set.task_set_arn or "")
    return data


def _external_service(ctx: RequestContext, request: dict[str, Any], active: bool = True) -> Service:
    """The request's service, which must use the EXTERNAL deployment controller (to read its
    task sets, with `active` False, the CODE_DEPLOY controller's are shown too)."""
    cluster = ctx.state.cluster(request.get("cluster"))
    service = find_service(ctx, cluster.cluster_name or "", request["service"])
    if active and service.status != "ACTIVE":
        raise ServiceNotActiveException(
            "Service was not ACTIVE.",  # AWS's text, as UpdateService answers it
            hint=f"Service {service.service_name} is {service.status}.",
        )
    readable = not active and task_set_scheduling.has_task_sets(service)
    if not task_set_scheduling.is_external(service) and not readable:
        kind = (service.deployment_controller or {}).get("type", "ECS")
        raise InvalidParameterException(
            "Task sets can only be used with a service that uses the EXTERNAL deployment "
            f"controller; service {service.service_name} uses {kind}.",
            hint="Create the service with deploymentController={'type': 'EXTERNAL'} to manage "
            "its task sets yourself.",
        )
    return service


def _find(service: Service, reference: str) -> TaskSet:
    """A task set by its ID (``ecs-svc/...``) or ARN."""
    for task_set in service.task_sets or []:
        if reference in (task_set.id, task_set.task_set_arn):
            return task_set
    raise TaskSetNotFoundException(
        # the exception's description in ECS's API reference
        "The specified task set wasn't found.",
        hint=f"List the service's task sets with describe_task_sets(service="
        f"'{service.service_name}').",
    )


def _checked_scale(raw: dict[str, Any] | None) -> dict[str, Any]:
    if raw is None:
        return dict(DEFAULT_SCALE)
    unit = raw.get("unit") or "PERCENT"
    if unit != "PERCENT":
        raise InvalidParameterException(f"scale.unit must be PERCENT; it was {unit}.")
    value = raw.get("value")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not 0 <= float(value) <= 100:  # NaN and infinities fail the range too
        raise InvalidParameterException(
            f"scale.value must be a percentage between 0 and 100; it was {value}."
        )
    return {"value": float(value), "unit": unit}


def _launch(ctx: RequestContext, cluster: Any, request: dict[str, Any], td: Any) -> dict[str, Any]:
    """The task set's launch type or capacity provider strategy and platform, checked as a
    service's are."""
    checks.launch(request)
    capacity = launch_strategy.resolve(ctx.state, cluster, request)
    launch_request = launch_strategy.as_launch(request, capacity)
    if launch_request.get("launchType") == "FARGATE" or launch_request.get("platformVersion"):
        fargate.check_launch(launch_request, td, ctx.state.ec2)
    _check_launch(launch_request, td)
    fields = fargate_service.launch_fields(launch_request)
    if capacity:
        fields["launch_type"] = None
    fields["capacity_provider_strategy"] = capacity
    return fields


@operation("CreateTaskSet")
def create_task_set(ctx: RequestContext, request: dict) -> dict:
    service = _external_service(ctx, request)
    cluster = ctx.state.cluster(request.get("cluster"))
    td = resolve(ctx.state, request["taskDefinition"], for_new_tasks=True)
    launch = _launch(ctx, cluster, request, td)
    if request.get("serviceRegistries"):
        raise UnsupportedFeatureException("Service discovery (Cloud Map) is not simulated yet.")
    raw_balancers = request.get("loadBalancers") or []
    if len(raw_balancers) > 1:  # the developer guide: not supported for external deployments
        raise InvalidParameterException(
            "A task set of a service with the EXTERNAL deployment controller can use one target "
            f"group; loadBalancers lists {len(raw_balancers)}."
        )
    balancers = checked_load_balancers(ctx.state, raw_balancers, td)
    scale = _checked_scale(request.get("scale"))
    tags = checked_tags(request.get("tags"), {})
    task_set = add_task_set(
        ctx,
        service,
        td,
        launch,
        balancers,
        request.get("networkConfiguration"),
        scale,
        request.get("externalId"),
    )
    ctx.state.tags[task_set.task_set_arn or ""] = tags
    _record(ctx, service, task_set, f"created, scale {scale['value']:g}%")
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"taskSet": task_set_json(ctx, service, task_set)}


@operation("UpdateTaskSet")
def update_task_set(ctx: RequestContext, request: dict) -> dict:
    service = _external_service(ctx, request)
    task_set = _find(service, request["taskSet"])
    if task_set.status == "DRAINING":
        raise InvalidParameterException(
            f"Task set {task_set.id} is DRAINING (deleted): it cannot be scaled."
        )
    task_set.scale = _checked_scale(request["scale"])
    task_set.updated_at = ctx.now
    task_set.computed_desired_count = task_set_scheduling.computed_desired_count(service, task_set)
    stability(ctx, service, task_set)
    _record(ctx, service, task_set, f"scaled to {task_set.scale['value']:g}%")
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"taskSet": task_set_json(ctx, service, task_set)}


@operation("DeleteTaskSet")
def delete_task_set(ctx: RequestContext, request: dict) -> dict:
    service = _external_service(ctx, request)
    task_set = _find(service, request["taskSet"])
    scaled = float((task_set.scale or {}).get("value", 100.0))
    if task_set.status != "DRAINING" and scaled > 0 and not request.get("force"):
        raise InvalidParameterException(
            f"Task set {task_set.id} is scaled to {scaled:g}%: scale it down to zero first, or "
            "delete it with force.",
            hint="update_task_set(..., scale={'value': 0, 'unit': 'PERCENT'}), or "
            "delete_task_set(..., force=True).",
        )
    if task_set.status == "PRIMARY":
        _show_primary(service, None)
    task_set.status = "DRAINING"
    task_set.updated_at = ctx.now
    task_set.computed_desired_count = 0
    stability(ctx, service, task_set)
    _record(ctx, service, task_set, "deleted: DRAINING until its tasks stop")
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"taskSet": task_set_json(ctx, service, task_set)}


@operation("DescribeTaskSets")
def describe_task_sets(ctx: RequestContext, request: dict) -> dict:
    service = _external_service(ctx, request, active=False)
    include = request.get("include") or []
    references = request.get("taskSets")
    if references is None:
        found = [task_set_json(ctx, service, t, include) for t in service.task_sets or []]
        return {"taskSets": found, "failures": []}

    def lookup(reference: str) -> TaskSet | None:
        try:
            return _find(service, reference)
        except TaskSetNotFoundException:
            return None

    found, failures = describe_each(
        references, lookup, lambda task_set: task_set_json(ctx, service, task_set, include)
    )
    return {"taskSets": found, "failures": failures}


@operation("UpdateServicePrimaryTaskSet")
def update_service_primary_task_set(ctx: RequestContext, request: dict) -> dict:
    service = _external_service(ctx, request)
    task_set = _find(service, request["primaryTaskSet"])
    if task_set.status == "DRAINING":
        raise InvalidParameterException(
            f"Task set {task_set.id} is DRAINING (deleted): it cannot become the primary."
        )
    for other in service.task_sets or []:
        if other.status == "PRIMARY" and other is not task_set:
            other.status, other.updated_at = "ACTIVE", ctx.now
    if task_set.status != "PRIMARY":
        task_set.status, task_set.updated_at = "PRIMARY", ctx.now
    _show_primary(service, task_set)
    _record(ctx, service, task_set, "is now the PRIMARY task set")
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"taskSet": task_set_json(ctx, service, task_set)}


def _show_primary(service: Service, task_set: TaskSet | None) -> None:
    """ "Any parameters that are updated on the primary task set in a service will transition to
    the service" (the API reference): DescribeServices shows the PRIMARY's, and with no primary
    "the task set fields will be null" (the developer guide)."""
    shown = task_set or TaskSet()
    service.task_definition = shown.task_definition
    service.launch_type = shown.launch_type
    service.capacity_provider_strategy = shown.capacity_provider_strategy
    service.platform_version = shown.platform_version
    service.platform_family = shown.platform_family
    service.network_configuration = shown.network_configuration
    service.load_balancers = list(shown.load_balancers or [])
    service.service_registries = list(shown.service_registries or [])


def _record(ctx: RequestContext, service: Service, task_set: TaskSet, what: str) -> None:
    """Put the task set's change on the timeline, for the learner's story of the service."""
    ctx.world.record(
        "api",
        f"(service {service.service_name}) task set {task_set.id} {what}",
        cluster=service.cluster_name,
        service=service.service_name,
        details={
            "taskSetArn": task_set.task_set_arn,
            "status": task_set.status,
            "scale": task_set.scale,
            "computedDesiredCount": task_set.computed_desired_count,
        },
    )
