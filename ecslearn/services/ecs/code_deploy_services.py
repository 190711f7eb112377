"""CreateService and UpdateService for a service with the CODE_DEPLOY deployment controller:
ECS's side of a blue/green deployment run by AWS CodeDeploy.

From ECS's API reference: CreateService's answer for such a service returns
``deploymentController``, ``taskSets`` and ``deployments``, "however the deployments parameter
will be an empty list": its tasks belong to a task set. ECS makes the first one, PRIMARY, from
what CreateService named (the task definition, launch, network and load balancers), at 100% of
the desired count. UpdateService changes "only the desired count, deployment configuration,
health check grace period, task placement constraints and strategies, enable ECS managed tags
option, and propagate tags"; a new task definition, network configuration, platform version or
load balancer needs a CodeDeploy deployment, and ECS refuses them with the texts below (two are
AWS's, as engineers quote them). CodeDeploy itself (CreateDeployment, its AppSpec, the
replacement task set and the traffic shift) is not simulated: DescribeTaskSets shows the task
set, and ECS's own BLUE_GREEN strategy (`deploymentConfiguration.strategy`) is the way to
practise a blue/green release here. What AWS leaves unsaid and ecslearn chooses: the first task
set has no ``externalId``, and a DAEMON service is refused (CodeDeploy deploys REPLICA services).
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidParameterException
from ecslearn.model.service import Service
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.services.ecs import external_services
from ecslearn.services.ecs.task_definitions import resolve
from ecslearn.services.ecs.task_set_records import DEFAULT_SCALE, add_task_set
from ecslearn.services.ecs.tasks import updated_placement
from ecslearn.services.handlers import RequestContext

USE_CODEDEPLOY = "Use AWS CodeDeploy to trigger a new deployment."
#: AWS's texts (hashicorp/terraform-provider-aws issues; AWS's CloudFormation migration guide).
TASK_DEFINITION_REFUSED = (
    "Unable to update task definition on services with a CODE_DEPLOY deployment controller. "
    + USE_CODEDEPLOY
)
FORCE_REFUSED = (
    "Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. "
    + USE_CODEDEPLOY
)
#: What only a CodeDeploy deployment changes (the task definition and forceNewDeployment have
#: AWS's own refusals above).
DEPLOYMENT_FIELDS = (
    "networkConfiguration",
    "platformVersion",
    "loadBalancers",
    "serviceRegistries",
    "capacityProviderStrategy",
    "launchType",
)


def requested(request: dict[str, Any]) -> bool:
    """Whether a CreateService asks for the CODE_DEPLOY deployment controller."""
    return (request.get("deploymentController") or {}).get("type") == "CODE_DEPLOY"


def controls(service: Service) -> bool:
    """Whether `service` uses the CODE_DEPLOY deployment controller."""
    return (service.deployment_controller or {}).get("type") == "CODE_DEPLOY"


def refuse_daemon(request: dict[str, Any]) -> None:
    if (request.get("schedulingStrategy") or "REPLICA") != "REPLICA":
        raise InvalidParameterException(  # ecslearn's wording
            "The CODE_DEPLOY deployment controller does not support the DAEMON scheduling strategy."
        )


def start(ctx: RequestContext, service: Service, td: TaskDefinition, launch: dict) -> None:
    """Give the new service its first task set, PRIMARY, in place of a deployment."""
    service.deployment_controller = {"type": "CODE_DEPLOY"}
    service.deployments = []
    service.task_definition = td.task_definition_arn  # the PRIMARY task set's, as ECS shows
    add_task_set(
        ctx,
        service,
        td,
        launch,
        list(service.load_balancers or []),
        service.network_configuration,
        dict(DEFAULT_SCALE),
        status="PRIMARY",
    )


def update(ctx: RequestContext, service: Service, request: dict[str, Any]) -> bool:
    """Apply an UpdateService to a CODE_DEPLOY service; True when its desiredCount changed."""
    if request.get("taskDefinition"):
        wanted = resolve(ctx.state, request["taskDefinition"]).task_definition_arn
        if wanted != service.task_definition:
            raise InvalidParameterException(
                TASK_DEFINITION_REFUSED,
                hint="This service's deployments belong to CodeDeploy. To practise blue/green "
                "here, use deploymentConfiguration={'strategy': 'BLUE_GREEN', ...} on a "
                "service with the ECS controller.",
            )
    if request.get("forceNewDeployment"):
        raise InvalidParameterException(FORCE_REFUSED)
    named = [f for f in DEPLOYMENT_FIELDS if request.get(f) not in (None, [], {})]
    if named:
        raise InvalidParameterException(  # ecslearn's wording, with AWS's advice
            f"{', '.join(named)} cannot be updated on services with a CODE_DEPLOY deployment "
            f"controller. {USE_CODEDEPLOY}"
        )
    # Checked as for any service before anything changes: bad input leaves the service as it was.
    td = resolve(ctx.state, service.task_definition or "")
    constraints, strategies = updated_placement(request, service, td)
    changed = external_services.apply_update(service, request)
    service.placement_constraints, service.placement_strategy = constraints, strategies
    if request.get("propagateTags") is not None:
        service.propagate_tags = request["propagateTags"]
    if request.get("enableECSManagedTags") is not None:
        service.enable_ecs_managed_tags = bool(request["enableECSManagedTags"])
    return changed
