"""ContinueServiceDeployment: the answer to a PAUSE lifecycle hook (ECS's developer guide,
"Continuing Amazon ECS service deployments"). ``CONTINUE`` (the default) lets the paused stage
end, ``ROLLBACK`` rolls the deployment back to blue (`ecslearn.control.services.shift_rollback`).

The hook is found by its ``hookId`` among the service deployment's lifecycleHookDetails. A hook
that is not awaiting action (it already continued, or is a Lambda hook), or a deployment that is
no longer under way, answers InvalidParameterException (ecslearn's wording; AWS's text is not
published).
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.services import reconcile, shift_rollback
from ecslearn.errors import InvalidParameterException, ServiceDeploymentNotFoundException
from ecslearn.services.handlers import RequestContext, operation


@operation("ContinueServiceDeployment")
def continue_service_deployment(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    arn = request["serviceDeploymentArn"]
    record = ctx.state.service_deployments.get(arn)
    if record is None:
        raise ServiceDeploymentNotFoundException(f"The service deployment {arn} does not exist.")
    hook_id = request.get("hookId")
    detail = next(
        (d for d in record.get("lifecycleHookDetails") or [] if d["hookId"] == hook_id), None
    )
    if detail is None:
        raise InvalidParameterException(
            f"The service deployment has no lifecycle hook {hook_id}.",
            hint="Find the paused hook's hookId in describe_service_deployments(...)"
            "['serviceDeployments'][0]['lifecycleHookDetails'].",
        )
    if record["status"] != "IN_PROGRESS" or detail["status"] != "AWAITING_ACTION":
        raise InvalidParameterException(
            f"The lifecycle hook {hook_id} is {detail['status']}, not AWAITING_ACTION, and "
            f"the service deployment is {record['status']}."
        )
    service = ctx.state.services[record["serviceArn"]]
    if request.get("action", "CONTINUE") == "ROLLBACK":
        detail["status"] = "FAILED"
        shift_rollback.roll_back(
            ctx.world,
            ctx.state,
            service,
            record,
            f"ContinueServiceDeployment rolled back at {record.get('lifecycleStage')}.",
        )
    else:
        detail["status"] = "SUCCEEDED"
    ctx.world.record(
        "api",
        f"(service {service.service_name}) paused lifecycle hook {hook_id}: "
        f"{request.get('action', 'CONTINUE')}",
        cluster=service.cluster_name,
        service=service.service_name,
    )
    reconcile.request_tick(ctx.world, ctx.state, service)
    return {"serviceDeploymentArn": arn}
