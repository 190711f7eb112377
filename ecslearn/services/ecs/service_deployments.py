"""ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions and
StopServiceDeployment: a service's deployment history (recorded by
`ecslearn.control.services.service_history`) through the API.

ListServiceDeployments answers the newest first, filtered by status and by creation time
(``createdAt.before``/``after``), 20 a page by default and at most 100. The Describe calls take
at most 20 ARNs and answer a ``MISSING`` failure for each they do not know.
StopServiceDeployment rolls an under-way deployment back to the previous revision (the last
one that completed), whether or not the service asked for rollbacks (the developer guide,
"Stopping Amazon ECS service deployments"); ``ROLLBACK`` is its only valid stop type. A
deployment already rolling back goes on; a finished one, or one with no earlier revision to
return to, answers ConflictException (ecslearn's wording).
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.paging import paged_response
from ecslearn.control.services import deployments, reconcile, service_history, shift_rollback
from ecslearn.errors import (
    ConflictException,
    InvalidParameterException,
    ServiceDeploymentNotFoundException,
)
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.services import find_service
from ecslearn.services.handlers import RequestContext, operation

MAX_DESCRIBED = 20


@operation("ListServiceDeployments")
def list_service_deployments(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    cluster = ctx.state.cluster(request.get("cluster"), active_only=False)
    service = find_service(ctx, cluster.cluster_name or "", request["service"])
    statuses = set(request.get("status") or [])
    window = request.get("createdAt") or {}
    found = [
        record
        for record in ctx.state.service_deployments.values()
        if record["serviceArn"] == service.service_arn
        and (not statuses or record["status"] in statuses)
        and ("before" not in window or record["createdAt"] < window["before"])
        and ("after" not in window or record["createdAt"] > window["after"])
    ]
    found.reverse()  # newest first, also among deployments made at the same instant
    found.sort(key=lambda record: record["createdAt"], reverse=True)
    return paged_response(
        "serviceDeployments",
        found,
        request,
        shown=service_history.brief,
        default_size=20,
        max_size=100,
    )


@operation("DescribeServiceDeployments")
def describe_service_deployments(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    arns = ctx.state.require_list(request, "serviceDeploymentArns", MAX_DESCRIBED)
    found, failures = describe_each(
        arns,
        ctx.state.service_deployments.get,
        lambda record: service_history.shown(ctx.state, record),
    )
    return {"serviceDeployments": found, "failures": failures}


@operation("DescribeServiceRevisions")
def describe_service_revisions(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    arns = ctx.state.require_list(request, "serviceRevisionArns", MAX_DESCRIBED)
    found, failures = describe_each(
        arns, ctx.state.service_revisions.get, service_history.revision_shown
    )
    return {"serviceRevisions": found, "failures": failures}


@operation("StopServiceDeployment")
def stop_service_deployment(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    arn = request["serviceDeploymentArn"]
    if request.get("stopType", "ROLLBACK") != "ROLLBACK":
        raise InvalidParameterException("The valid value for stopType is ROLLBACK.")
    record = ctx.state.service_deployments.get(arn)
    if record is None:
        raise ServiceDeploymentNotFoundException(f"The service deployment {arn} does not exist.")
    if record["status"] not in service_history.UNDER_WAY:
        raise ConflictException(
            f"The service deployment is {record['status']} and cannot be stopped."
        )
    if record["status"] in ("ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "STOP_REQUESTED"):
        return {"serviceDeploymentArn": arn}  # already on its way back: it goes on
    service = ctx.state.services[record["serviceArn"]]
    if service.shifting == arn:  # blue/green, linear, canary: traffic back to blue
        shift_rollback.roll_back(
            ctx.world, ctx.state, service, record, "StopServiceDeployment requested a rollback."
        )
        reconcile.request_tick(ctx.world, ctx.state, service)
        return {"serviceDeploymentArn": arn}
    target = deployments.last_completed(service)
    if target is None:
        raise ConflictException(
            "The service deployment has no previous service revision to roll back to."
        )
    record.update(status="ROLLBACK_REQUESTED", updatedAt=ctx.now)
    deployments.new_deployment(
        ctx.world,
        service,
        target.task_definition or "",
        image_digests=target.image_digests,
        rollback_of=arn,
        rollback_reason="StopServiceDeployment requested a rollback.",
    )
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"serviceDeploymentArn": arn}
