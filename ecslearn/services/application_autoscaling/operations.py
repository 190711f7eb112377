"""Application Auto Scaling for ECS services: RegisterScalableTarget, DescribeScalableTargets,
DeregisterScalableTarget, PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy and
DescribeScalingActivities.

Only what scales an ECS service is simulated: ServiceNamespace ``ecs``, ScalableDimension
``ecs:service:DesiredCount``, ResourceId ``service/<cluster>/<service>``, and target tracking
policies on the predefined ECS metrics, whose two alarms live in CloudWatch
(`ecslearn.services.application_autoscaling.policy_alarms`). What the policies then do lives in
`ecslearn.services.application_autoscaling.target_tracking`.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ecslearn.control.paging import paginate
from ecslearn.errors import (
    InvalidNextTokenException,
    InvalidParameterException,
    LimitExceededException,
    ObjectNotFoundException,
    ValidationException,
)
from ecslearn.model.scaling import DIMENSION, NAMESPACE, ScalableTarget, ScalingPolicy
from ecslearn.services.application_autoscaling.policy_alarms import (
    alarm_names,
    delete_alarms,
    described,
    put_alarms,
)
from ecslearn.services.application_autoscaling.step_scaling import checked_step_configuration
from ecslearn.services.application_autoscaling.target_tracking import (
    METRICS,
    REQUESTS,
    SERVICE_LINKED_ROLE,
    Scaler,
    new_uuid,
)
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "application-autoscaling"
MAX_POLICIES_PER_TARGET = 50
MAX_FILTER_NAMES = 50
SUSPENDED_STATES = (
    "DynamicScalingInSuspended",
    "DynamicScalingOutSuspended",
    "ScheduledScalingSuspended",
)
RESOURCE_LABEL = re.compile(r"^app/[^/]+/[^/]+/(targetgroup/[^/]+/[^/]+)$")
CONFIGURATIONS = {
    "TargetTrackingScaling": "TargetTrackingScalingPolicyConfiguration",
    "StepScaling": "StepScalingPolicyConfiguration",
}
OTHER_POLICY_CONFIGURATIONS = (*CONFIGURATIONS.values(), "PredictiveScalingPolicyConfiguration")


def _identify(request: dict) -> str:
    """The resource ID of an ECS service's desiredCount, or why the request names something else."""
    namespace = request["ServiceNamespace"]
    dimension, resource_id = request["ScalableDimension"], request["ResourceId"]
    if namespace != NAMESPACE:
        raise ValidationException(
            "ecslearn simulates Application Auto Scaling for ECS services only: "
            f"ServiceNamespace must be 'ecs', not '{namespace}'."
        )
    parts = resource_id.split("/")
    if dimension != DIMENSION or len(parts) != 3 or parts[0] != "service" or not all(parts):
        raise ValidationException(
            # AWS's words (getmoto/moto and Terraform's errors quote them)
            "Unsupported service namespace, resource type or scalable dimension",
            hint=f"An ECS service is ServiceNamespace='ecs', ScalableDimension='{DIMENSION}' and "
            "ResourceId='service/<cluster name>/<service name>' (names, not ARNs); this request "
            f"has ScalableDimension='{dimension}' and ResourceId='{resource_id}'.",
        )
    return resource_id


def _not_registered(resource_id: str) -> ObjectNotFoundException:
    # AWS's text: AWS CLI output and Terraform docs quote it (for PutScalingPolicy,
    # PutScheduledAction); DeregisterScalableTarget's is taken to be the same
    return ObjectNotFoundException(
        f"No scalable target registered for service namespace: {NAMESPACE}, resource ID: "
        f"{resource_id}, scalable dimension: {DIMENSION}",
        hint="Register it first with register_scalable_target.",
    )


def _registered(ctx: RequestContext, request: dict) -> ScalableTarget:
    resource_id = _identify(request)
    target = ctx.state.scalable_targets.get(resource_id)
    if target is None:
        raise _not_registered(resource_id)
    return target


def _page(items: list[Any], request: dict, limit: int) -> tuple[list[Any], dict[str, str]]:
    """One page of `items` by MaxResults (1..`limit`, default `limit`) and NextToken."""
    size = request.get("MaxResults", limit)
    if not 1 <= size <= limit:
        raise ValidationException(f"MaxResults must be between 1 and {limit}; it was {size}.")
    try:
        page, token = paginate(
            items, {"maxResults": size, "nextToken": request.get("NextToken")}, limit, limit
        )
    except InvalidParameterException:
        raise InvalidNextTokenException(  # ecslearn's wording
            "Invalid NextToken.", hint="Pass the NextToken from the previous response unchanged."
        ) from None
    return page, ({"NextToken": token} if token else {})


def _filter_names(request: dict, member: str) -> list[str]:
    names = request.get(member) or []
    if len(names) > MAX_FILTER_NAMES:
        raise ValidationException(
            f"{member} can list at most {MAX_FILTER_NAMES} entries; it has {len(names)}."
        )
    return names


# -- scalable targets ------------------------------------------------------------------------------
@operation("RegisterScalableTarget", service=SERVICE)
def register_scalable_target(ctx: RequestContext, request: dict) -> dict:
    resource_id = _identify(request)
    _, cluster_name, service_name = resource_id.split("/")
    service = ctx.state.services.get(ctx.arn(resource_id))
    if service is None or service.status != "ACTIVE":
        raise ValidationException(
            # AWS's text: terraform-provider-aws retries on it; getmoto/moto
            f"ECS service doesn't exist: {resource_id}",
            hint=f"Create service '{service_name}' in cluster '{cluster_name}' first, in this "
            f"region ({ctx.region}).",
        )
    if service.is_daemon:
        raise ValidationException(  # ecslearn's wording
            f"Service {service_name} uses the DAEMON scheduling strategy, which has no desired "
            "count to scale.",
            hint="A DAEMON service runs one task per instance; only REPLICA services scale.",
        )
    existing = ctx.state.scalable_targets.get(resource_id)
    minimum = request.get("MinCapacity", existing.min_capacity if existing else None)
    maximum = request.get("MaxCapacity", existing.max_capacity if existing else None)
    if minimum is None or maximum is None:
        raise ValidationException(  # ecslearn's wording
            "MinCapacity and MaxCapacity are required to register a new scalable target.",
            hint="Say how few and how many tasks the service may be scaled to.",
        )
    for member, value in (("MinCapacity", minimum), ("MaxCapacity", maximum)):
        if value < 0:
            raise ValidationException(f"{member} must be 0 or more; it was {value}.")
    if minimum > maximum:
        raise ValidationException(
            f"Minimum capacity cannot be greater than maximum capacity (MinCapacity {minimum}, "
            f"MaxCapacity {maximum})."
        )
    role = request.get("RoleARN")
    if role is not None and not role.startswith("arn:aws:iam::"):
        raise ValidationException(  # ecslearn's wording
            f"RoleARN '{role}' is not an IAM role ARN.",
            hint="Leave it out to use the service-linked role, as ECS services do.",
        )
    suspended = dict.fromkeys(SUSPENDED_STATES, False)
    if existing is not None:
        suspended.update(existing.suspended)
    suspended.update(request.get("SuspendedState") or {})
    # Everything is checked: now register, or update what the request names.
    if existing is None:
        target = ScalableTarget(
            resource_id=resource_id,
            arn=(
                f"arn:aws:application-autoscaling:{ctx.region}:{ctx.account}:scalable-target/"
                f"{ctx.rng.getrandbits(144):036x}"
            ),
            min_capacity=minimum,
            max_capacity=maximum,
            role_arn=role or SERVICE_LINKED_ROLE,
            created_at=ctx.now,
            suspended=suspended,
            tags=dict(request.get("Tags") or {}),
        )
        ctx.state.scalable_targets[resource_id] = target
    else:
        target = existing
        target.min_capacity, target.max_capacity = minimum, maximum
        target.suspended = suspended
        target.role_arn = role or target.role_arn
    # AWS brings the service's current capacity into the new range at once.
    scaler = Scaler(ctx.world, ctx.state, target, service)
    if scaler.desired < minimum:
        scaler.set_desired_count(minimum, f"minimum capacity was set to {minimum}")
    elif scaler.desired > maximum:
        scaler.set_desired_count(maximum, f"maximum capacity was set to {maximum}")
    return {"ScalableTargetARN": target.arn}


@operation("DescribeScalableTargets", service=SERVICE)
def describe_scalable_targets(ctx: RequestContext, request: dict) -> dict:
    ids = _filter_names(request, "ResourceIds")
    dimension = request.get("ScalableDimension")
    targets = [
        t.describe()
        for t in ctx.state.scalable_targets.values()
        if request["ServiceNamespace"] == NAMESPACE
        and dimension in (None, DIMENSION)
        and (not ids or t.resource_id in ids)
    ]
    page, token = _page(targets, request, 50)
    return {"ScalableTargets": page, **token}


@operation("DeregisterScalableTarget", service=SERVICE)
def deregister_scalable_target(ctx: RequestContext, request: dict) -> dict:
    resource_id = _identify(request)
    if resource_id not in ctx.state.scalable_targets:
        raise _not_registered(resource_id)
    # Its policies (and their alarms) go with it; the service keeps its current desiredCount.
    target = ctx.state.scalable_targets.pop(resource_id)
    delete_alarms(ctx, list(target.policies.values()))
    return {}


# -- scaling policies --------------------------------------------------------------------------
def _checked_configuration(
    ctx: RequestContext, target: ScalableTarget, config: dict[str, Any]
) -> dict[str, Any]:
    if "CustomizedMetricSpecification" in config:
        raise ValidationException(
            "ecslearn simulates target tracking on the predefined ECS metrics only "
            f"({', '.join(METRICS)}); CustomizedMetricSpecification is not simulated."
        )
    spec = config.get("PredefinedMetricSpecification")
    if spec is None:
        raise ValidationException(  # ecslearn's wording
            "A target tracking policy needs a metric.",
            hint="Give PredefinedMetricSpecification, for example "
            "{'PredefinedMetricType': 'ECSServiceAverageCPUUtilization'}.",
        )
    metric, label = spec["PredefinedMetricType"], spec.get("ResourceLabel")
    if metric not in METRICS:
        raise ValidationException(  # ecslearn's wording
            f"{metric} is not a metric ecslearn simulates for ECS services.",
            hint=f"Use one of {', '.join(METRICS)}.",
        )
    if metric == REQUESTS:
        match = RESOURCE_LABEL.match(label or "")
        if match is None:
            raise ValidationException(
                "ALBRequestCountPerTarget needs a ResourceLabel naming the load balancer and "
                "target group: app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>, the ends "
                f"of their two ARNs joined by '/'. It was {label!r}."
            )
        service = ctx.state.services.get(ctx.arn(target.resource_id))
        balancers = service.load_balancers if service is not None else None
        attached = [lb.target_group_arn or "" for lb in balancers or []]
        if not any(arn.endswith(":" + match.group(1)) for arn in attached):
            raise ValidationException(
                f"The target group in ResourceLabel ({match.group(1)}) is not attached to "
                f"service {target.service_name}: ALBRequestCountPerTarget counts the requests "
                "of a target group the service registers its tasks in."
            )
    elif label is not None:
        raise ValidationException(
            f"A ResourceLabel only goes with ALBRequestCountPerTarget, not with {metric}."
        )
    if config["TargetValue"] <= 0:
        raise ValidationException(
            f"TargetValue must be greater than 0; it was {config['TargetValue']}."
        )
    for member in ("ScaleOutCooldown", "ScaleInCooldown"):
        if config.get(member, 0) < 0:
            raise ValidationException(
                f"{member} must be 0 or more seconds; it was {config[member]}."
            )
    return copy.deepcopy(config)


@operation("PutScalingPolicy", service=SERVICE)
def put_scaling_policy(ctx: RequestContext, request: dict) -> dict:
    name = request["PolicyName"]
    if not 1 <= len(name) <= 256 or not name.isprintable():
        raise ValidationException(
            f"PolicyName must be 1 to 256 printable characters; {name!r} has {len(name)}."
        )
    target = _registered(ctx, request)
    policy_type = request.get("PolicyType", "StepScaling")
    if policy_type not in CONFIGURATIONS:
        raise ValidationException(  # ecslearn's wording
            f"ecslearn simulates TargetTrackingScaling and StepScaling policies, not {policy_type}."
        )
    member = CONFIGURATIONS[policy_type]
    default = "" if "PolicyType" in request else " (PolicyType defaults to StepScaling)"
    for other in OTHER_POLICY_CONFIGURATIONS:
        if other != member and other in request:
            raise ValidationException(
                f"{other} does not go with PolicyType {policy_type}{default}: give {member} only."
            )
    raw = request.get(member)
    if raw is None:
        raise ValidationException(  # ecslearn's wording
            f"{member} is required for a {policy_type} policy{default}.",
            hint="Pass PolicyType='TargetTrackingScaling' with a "
            "TargetTrackingScalingPolicyConfiguration, or a StepScalingPolicyConfiguration.",
        )
    if policy_type == "StepScaling":
        config = checked_step_configuration(raw)
    else:
        config = _checked_configuration(ctx, target, raw)
    policy = target.policies.get(name)
    if policy is None and len(target.policies) >= MAX_POLICIES_PER_TARGET:
        raise LimitExceededException(  # ecslearn's wording
            f"{target.resource_id} already has {MAX_POLICIES_PER_TARGET} scaling policies, the "
            "most a scalable target can have.",
            hint="Delete one first.",
        )
    if policy is not None:
        # Updating a policy keeps its ARN and alarms; the alarms take the new settings (and
        # keep their state, as an updated CloudWatch alarm does).
        if policy.policy_type != policy_type:
            delete_alarms(ctx, [policy])
            policy.alarms = alarm_names(ctx, target) if policy_type != "StepScaling" else []
        policy.policy_type, policy.configuration = policy_type, config
    else:
        policy_id = new_uuid(ctx.world)
        policy = ScalingPolicy(
            name=name,
            resource_id=target.resource_id,
            arn=(
                f"arn:aws:autoscaling:{ctx.region}:{ctx.account}:scalingPolicy:{policy_id}:"
                f"resource/{NAMESPACE}/{target.resource_id}:policyName/{name}"
            ),
            policy_type=policy_type,
            configuration=config,
            alarms=alarm_names(ctx, target) if policy_type != "StepScaling" else [],
            created_at=ctx.now,
        )
        target.policies[name] = policy
    if not policy.tracks:
        return {"PolicyARN": policy.arn}
    put_alarms(ctx, target, policy)
    return {"PolicyARN": policy.arn, "Alarms": copy.deepcopy(policy.alarms)}


@operation("DescribeScalingPolicies", service=SERVICE)
def describe_scaling_policies(ctx: RequestContext, request: dict) -> dict:
    names = _filter_names(request, "PolicyNames")
    resource_id, dimension = request.get("ResourceId"), request.get("ScalableDimension")
    policies = [
        described(ctx.state, policy)
        for target in ctx.state.scalable_targets.values()
        for policy in target.policies.values()
        if request["ServiceNamespace"] == NAMESPACE
        and resource_id in (None, target.resource_id)
        and dimension in (None, DIMENSION)
        and (not names or policy.name in names)
    ]
    page, token = _page(policies, request, 10)
    return {"ScalingPolicies": page, **token}


@operation("DeleteScalingPolicy", service=SERVICE)
def delete_scaling_policy(ctx: RequestContext, request: dict) -> dict:
    target = _registered(ctx, request)
    name = request["PolicyName"]
    if name not in target.policies:
        raise ObjectNotFoundException(
            f"No scaling policy found for service namespace: {NAMESPACE}, resource ID: "
            f"{target.resource_id}, scalable dimension: {DIMENSION}, policy name: {name}."
        )
    delete_alarms(ctx, [target.policies.pop(name)])
    return {}


@operation("DescribeScalingActivities", service=SERVICE)
def describe_scaling_activities(ctx: RequestContext, request: dict) -> dict:
    resource_id, dimension = request.get("ResourceId"), request.get("ScalableDimension")
    include_not_scaled = request.get("IncludeNotScaledActivities", False)
    activities = [
        copy.deepcopy(activity)
        for activity in ctx.state.scaling_activities
        if request["ServiceNamespace"] == NAMESPACE
        and resource_id in (None, activity["ResourceId"])
        and dimension in (None, activity["ScalableDimension"])
        and (include_not_scaled or "NotScaledReasons" not in activity)
    ]
    page, token = _page(activities, request, 50)
    return {"ScalingActivities": page, **token}
