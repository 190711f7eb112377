"""CreateService and UpdateService for a service with the EXTERNAL deployment controller.

AWS's developer guide ("Deploy Amazon ECS services using a third-party controller"): the service
management actions and the task set actions "each manage a subset of the service definition
parameters". CreateService takes what is not decided per task set (the name, desiredCount,
deploymentConfiguration, placement, tags, the health check grace period...); the task
definition, launch type or capacity provider strategy, platform version, load balancers,
network configuration and service registries come with each task set (Terraform's provider:
"you can specify only parameters that aren't controlled at the task set level"). UpdateService
"updates the desired count and health check grace period parameters": anything a task set
decides needs a new task set. AWS's texts for these refusals are not published: the messages
are ecslearn's wording. The DAEMON strategy is refused, as the guide says EXTERNAL does not
support it.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.services import task_set_scheduling
from ecslearn.errors import InvalidParameterException
from ecslearn.model.cluster import Cluster
from ecslearn.model.service import DeploymentConfiguration, Service
from ecslearn.services.ecs import checks
from ecslearn.services.ecs.tasks import checked_constraints, checked_strategies
from ecslearn.services.handlers import RequestContext

#: Decided by each task set, so refused at CreateService and UpdateService.
TASK_SET_FIELDS = (
    "taskDefinition",
    "launchType",
    "capacityProviderStrategy",
    "platformVersion",
    "loadBalancers",
    "networkConfiguration",
    "serviceRegistries",
)
#: What UpdateService may change on an EXTERNAL service (besides naming it and its cluster).
UPDATABLE = (
    "cluster",
    "service",
    "desiredCount",
    "deploymentConfiguration",
    "healthCheckGracePeriodSeconds",
)


def requested(request: dict[str, Any]) -> bool:
    """Whether a CreateService asks for the EXTERNAL deployment controller."""
    return (request.get("deploymentController") or {}).get("type") == "EXTERNAL"


def _refuse_task_set_fields(request: dict[str, Any], operation: str) -> None:
    named = [f for f in TASK_SET_FIELDS if request.get(f) not in (None, [], {})]
    if named:
        raise InvalidParameterException(  # ecslearn's wording: AWS's is not published
            f"{', '.join(named)} cannot be specified in {operation} for a service that uses the "
            "EXTERNAL deployment controller: each task set specifies it.",
            hint="Create the service with a name and desiredCount, then call create_task_set "
            "with the task definition, launch type, network and load balancers.",
        )


def new_service(
    ctx: RequestContext, request: dict[str, Any], cluster: Cluster, arn: str
) -> Service:
    """The EXTERNAL service CreateService makes: no task definition and no deployment, no task
    sets yet (its launch fields stay empty until a task set is made PRIMARY)."""
    _refuse_task_set_fields(request, "CreateService")
    if (request.get("schedulingStrategy") or "REPLICA") != "REPLICA":
        raise InvalidParameterException(  # ecslearn's wording
            "The EXTERNAL deployment controller does not support the DAEMON scheduling strategy."
        )
    if request.get("desiredCount") is None:
        raise InvalidParameterException(  # ecslearn's wording, as for an ECS-controlled service
            "desiredCount is required for a REPLICA service.",
            hint="Say how many tasks the service's task sets share, e.g. desiredCount=4.",
        )
    count = request["desiredCount"]
    if not 0 <= count <= 5000:
        raise InvalidParameterException(f"desiredCount must be between 0 and 5000; it was {count}.")
    return Service(
        service_arn=arn,
        service_name=request["serviceName"],
        cluster_arn=cluster.cluster_arn,
        load_balancers=[],
        service_registries=[],
        status="ACTIVE",
        desired_count=count,
        running_count=0,
        pending_count=0,
        deployment_configuration=checks.deployment_configuration(
            request.get("deploymentConfiguration"), False
        ),
        deployments=[],
        task_sets=[],
        events=[],
        created_at=ctx.now,
        placement_constraints=checked_constraints(request.get("placementConstraints"), None),
        placement_strategy=checked_strategies(request.get("placementStrategy")),
        health_check_grace_period_seconds=request.get("healthCheckGracePeriodSeconds"),
        scheduling_strategy="REPLICA",
        deployment_controller={"type": "EXTERNAL"},
        created_by=f"arn:aws:iam::{ctx.account}:user/learner",
        enable_ecs_managed_tags=bool(request.get("enableECSManagedTags", False)),
        propagate_tags=request.get("propagateTags") or "NONE",
        enable_execute_command=bool(request.get("enableExecuteCommand", False)),
        cluster_name=cluster.cluster_name or "",
        role_arn=checks.role_arn(ctx.account, request.get("role")),
    )


def update(ctx: RequestContext, service: Service, request: dict[str, Any]) -> bool:
    """Apply an UpdateService to an EXTERNAL service; True when its desiredCount changed (every
    task set's computedDesiredCount follows it)."""
    _refuse_task_set_fields(request, "UpdateService")
    others = [k for k, v in request.items() if k not in UPDATABLE and v not in (None, False)]
    if others:
        raise InvalidParameterException(  # ecslearn's wording
            f"{', '.join(sorted(others))} cannot be updated on a service that uses the EXTERNAL "
            "deployment controller: UpdateService changes only its desired count, deployment "
            "configuration and health check grace period.",
        )
    return apply_update(service, request)


def apply_update(service: Service, request: dict[str, Any]) -> bool:
    """What UpdateService may change on a service whose task sets carry its tasks (EXTERNAL or
    CODE_DEPLOY): desiredCount (every task set's computedDesiredCount follows), the deployment
    configuration and the grace period. True when desiredCount changed."""
    count = request.get("desiredCount")
    if count is not None and not 0 <= count <= 5000:
        raise InvalidParameterException(f"desiredCount must be between 0 and 5000; it was {count}.")
    config: DeploymentConfiguration | None = service.deployment_configuration
    if request.get("deploymentConfiguration") is not None:
        merged = {**(config.to_json() if config else {}), **request["deploymentConfiguration"]}
        config = checks.deployment_configuration(merged, False)
    service.deployment_configuration = config
    if request.get("healthCheckGracePeriodSeconds") is not None:
        service.health_check_grace_period_seconds = request["healthCheckGracePeriodSeconds"]
    if count is None or count == service.desired_count:
        return False
    service.desired_count = count
    service.steady = service.stuck_reported = False
    for task_set in service.task_sets or []:
        task_set.computed_desired_count = task_set_scheduling.computed_desired_count(
            service, task_set
        )
    return True
