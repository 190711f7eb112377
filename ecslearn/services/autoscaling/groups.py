"""CreateAutoScalingGroup, UpdateAutoScalingGroup, DeleteAutoScalingGroup and
DescribeAutoScalingGroups.

AWS's texts (quoted from clients' reports of them): "AutoScalingGroup by this name already
exists - A group with the name X already exists" (hashicorp/terraform#17489); "Desired
capacity:10 must be between the specified min size:1 and max size:1" (hashicorp/terraform,
traveloka/terraform-aws-autoscaling#56); "Valid requests must contain either LaunchTemplate,
LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."; "You cannot delete an
AutoScalingGroup while there are instances or pending Spot instance request(s) still in the
group." (ResourceInUse) and "You cannot delete an AutoScalingGroup while there are scaling
activities in progress for that group." (ScalingActivityInProgress; cloud-custodian#1686,
#1689); a launch template EC2 refuses is "You must use a valid fully-formed launch template. "
and EC2's message (ryanmurakami/hbfl#58).

What ecslearn chose where AWS is silent or where it simulates less:

- Launch configurations are not simulated (AWS deprecates them): every LaunchConfigurationName
  is "not found", in AWS's words for a missing one; InstanceId (a group made from a running
  instance's settings) is refused with ValidationError in ecslearn's words.
- PropagateAtLaunch defaults to false; HealthCheckGracePeriod to 0 and DefaultCooldown to
  300 s (the API reference's defaults).
- A group given both AvailabilityZones and VPCZoneIdentifier takes its zones from the subnets.
- Load balancers, target groups and warm pools are stored and echoed, not acted on.
  LifecycleHookSpecificationList makes the group's first lifecycle hooks (`lifecycle_hooks`).
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    AlreadyExistsFault,
    EcsError,
    ResourceInUseFault,
    ScalingActivityInProgressFault,
    ValidationError,
)
from ecslearn.model.autoscaling import AutoScalingGroup
from ecslearn.model.ec2 import zone_names
from ecslearn.services.autoscaling import (
    activities,
    group_reconcile,
    lifecycle_hooks,
    termination,
)
from ecslearn.services.autoscaling.common import (
    asg_state,
    find_group,
    group_arn,
    group_json,
    iso,
    page,
)
from ecslearn.services.ec2 import launch_templates
from ecslearn.services.ec2.launch import plan
from ecslearn.services.handlers import RequestContext, operation

#: Request members stored and echoed back as given.
ECHOED = (
    "LoadBalancerNames",
    "TargetGroupARNs",
    "CapacityRebalance",
    "MaxInstanceLifetime",
    "Context",
    "DefaultInstanceWarmup",
    "PlacementGroup",
    "TrafficSources",
)


def checked_template(ctx: RequestContext, request: dict[str, Any]) -> dict[str, str] | None:
    """The launch template a request gives the group (directly or by its MixedInstancesPolicy),
    checked as EC2 would launch it; None when the request gives none."""
    spec = request.get("LaunchTemplate")
    if spec is None and request.get("MixedInstancesPolicy"):
        policy = request["MixedInstancesPolicy"].get("LaunchTemplate") or {}
        spec = policy.get("LaunchTemplateSpecification")
        if not spec:
            raise ValidationError(
                "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
                "InstanceId or MixedInstancesPolicy parameter."
            )
    if spec is None:
        return None
    if spec.get("LaunchTemplateId") and spec.get("LaunchTemplateName"):
        raise ValidationError(
            "You must use a valid fully-formed launch template. Both launch template ID and "
            "launch template name were provided. Specify one of them."
        )
    try:
        plan(ctx.state.ec2, ctx.region, {"LaunchTemplate": spec})
    except EcsError as error:
        raise ValidationError(
            "You must use a valid fully-formed launch template. " + error.message,
            hint="ec2.describe_launch_templates() lists the launch templates of this region.",
        ) from None
    return spec


def _launch_source(ctx: RequestContext, request: dict[str, Any]) -> dict[str, str] | None:
    if request.get("LaunchConfigurationName"):
        name = request["LaunchConfigurationName"]
        raise ValidationError(
            f"Launch configuration name not found - Launch configuration {name} not found",
            hint="ecslearn simulates launch templates, not launch configurations (which AWS "
            "deprecates): make one with ec2.create_launch_template and pass LaunchTemplate.",
        )
    if request.get("InstanceId"):
        raise ValidationError(
            "ecslearn does not simulate creating a group from an instance (InstanceId); give "
            "a LaunchTemplate."
        )
    spec = checked_template(ctx, request)
    if spec is None and not request.get("MixedInstancesPolicy"):
        raise ValidationError(
            "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
            "InstanceId or MixedInstancesPolicy parameter."
        )
    return spec


def placement(ctx: RequestContext, request: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The zones and subnets a request places the group in."""
    ec2 = ctx.state.ec2
    subnet_ids = [s.strip() for s in (request.get("VPCZoneIdentifier") or "").split(",")]
    subnet_ids = [s for s in subnet_ids if s]
    for subnet_id in subnet_ids:
        if subnet_id not in ec2.subnets:
            raise ValidationError(f"The subnet ID '{subnet_id}' does not exist")
    if subnet_ids:
        zones = sorted({ec2.subnets[s].zone for s in subnet_ids})
        return zones, subnet_ids
    zones = list(dict.fromkeys(request.get("AvailabilityZones") or []))
    if not zones:
        raise ValidationError("At least one Availability Zone or VPC Subnet is required.")
    known = zone_names(ctx.region)
    for zone in zones:
        if zone not in known:
            raise ValidationError(f"The availability zone '{zone}' is not legal")
    return sorted(zones), []


def check_sizes(minimum: int, maximum: int, desired: int) -> None:
    if maximum < minimum:
        raise ValidationError(
            f"Max bound, {maximum}, must be greater than or equal to min bound, {minimum}"
        )
    if not minimum <= desired <= maximum:
        raise ValidationError(
            f"Desired capacity:{desired} must be between the specified min size:{minimum} and "
            f"max size:{maximum}"
        )


def check_policies(policies: list[str]) -> None:
    for policy in policies:
        if policy not in termination.POLICIES and not policy.startswith("arn:aws:lambda:"):
            raise ValidationError(f"Termination policy {policy} is not valid.")


def tags_from(name: str, tags: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for tag in tags:
        key = tag.get("Key", "")
        if key.startswith("aws:"):
            raise ValidationError("Tag keys starting with 'aws:' are reserved for internal use")
        if tag.get("ResourceId") not in (None, name):
            raise ValidationError(
                f"The tag's ResourceId {tag['ResourceId']} is not the group's name {name}."
            )
        found[key] = {
            "Value": tag.get("Value", ""),
            "PropagateAtLaunch": bool(tag.get("PropagateAtLaunch", False)),
        }
    return found


@operation("CreateAutoScalingGroup", service="autoscaling")
def create_auto_scaling_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    state = asg_state(ctx)
    name = request["AutoScalingGroupName"]
    if name in state.groups:
        raise AlreadyExistsFault(
            f"AutoScalingGroup by this name already exists - A group with the name {name} "
            "already exists"
        )
    spec = _launch_source(ctx, request)
    zones, subnets = placement(ctx, request)
    minimum, maximum = request["MinSize"], request["MaxSize"]
    desired = request.get("DesiredCapacity", minimum)
    check_sizes(minimum, maximum, desired)
    policies = list(request.get("TerminationPolicies") or ["Default"])
    check_policies(policies)
    group = AutoScalingGroup(
        name=name,
        arn=group_arn(ctx, name),
        created_at=ctx.now,
        min_size=minimum,
        max_size=maximum,
        desired_capacity=desired,
        zones=zones,
        subnet_ids=subnets,
        launch_template=dict(spec) if request.get("LaunchTemplate") else None,
        mixed_instances_policy=request.get("MixedInstancesPolicy"),
        default_cooldown=request.get("DefaultCooldown", 300),
        health_check_type=request.get("HealthCheckType", "EC2"),
        health_check_grace_period=request.get("HealthCheckGracePeriod", 0),
        new_instances_protected=bool(request.get("NewInstancesProtectedFromScaleIn")),
        termination_policies=policies,
        tags=tags_from(name, request.get("Tags") or []),
        settings={k: request[k] for k in ECHOED if k in request},
        lifecycle_hooks=lifecycle_hooks.hooks_at_creation(ctx, request),
        cause=(
            f"At {iso(ctx.now)} a user request created an AutoScalingGroup changing the desired "
            f"capacity from 0 to {desired}."
        ),
    )
    state.groups[name] = group
    ctx.world.record(
        "autoscaling",
        f"Auto Scaling group {name} created: min {minimum}, max {maximum}, desired {desired} "
        f"in {', '.join(zones)}",
        details={"autoscaling_group": name, "region": ctx.region},
    )
    group_reconcile.request(ctx.world, ctx.region, name)
    return {}


@operation("UpdateAutoScalingGroup", service="autoscaling")
def update_auto_scaling_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """As AWS documents: a new MinSize above the desired capacity raises it, a new MaxSize
    below it lowers it, unless DesiredCapacity is given."""
    name = request["AutoScalingGroupName"]
    group = asg_state(ctx).groups.get(name)
    if group is None:
        raise ValidationError("AutoScalingGroup name not found - null")
    minimum = request.get("MinSize", group.min_size)
    maximum = request.get("MaxSize", group.max_size)
    desired = request.get("DesiredCapacity")
    if desired is None:
        desired = min(max(group.desired_capacity, minimum), maximum)
    check_sizes(minimum, maximum, desired)
    spec = None
    if request.get("LaunchTemplate") or request.get("MixedInstancesPolicy"):
        spec = checked_template(ctx, request)
    zones, subnets = group.zones, group.subnet_ids
    if request.get("VPCZoneIdentifier") or request.get("AvailabilityZones"):
        zones, subnets = placement(ctx, request)
    policies = request.get("TerminationPolicies")
    if policies:
        check_policies(policies)
        group.termination_policies = list(policies)
    if request.get("LaunchTemplate"):
        group.launch_template, group.mixed_instances_policy = dict(spec or {}), None
    elif request.get("MixedInstancesPolicy"):
        group.mixed_instances_policy, group.launch_template = request["MixedInstancesPolicy"], None
    group.zones, group.subnet_ids = zones, subnets
    for member, attr in (
        ("DefaultCooldown", "default_cooldown"),
        ("HealthCheckType", "health_check_type"),
        ("HealthCheckGracePeriod", "health_check_grace_period"),
        ("NewInstancesProtectedFromScaleIn", "new_instances_protected"),
    ):
        if member in request:
            setattr(group, attr, request[member])
    group.settings.update({k: request[k] for k in ECHOED if k in request})
    if desired != group.desired_capacity:
        group.cause = (
            f"At {iso(ctx.now)} a user request update of AutoScalingGroup constraints to min: "
            f"{minimum}, max: {maximum}, desired: {desired} changing the desired capacity from "
            f"{group.desired_capacity} to {desired}."
        )
    group.min_size, group.max_size, group.desired_capacity = minimum, maximum, desired
    group_reconcile.request(ctx.world, ctx.region, name)
    return {}


@operation("DeleteAutoScalingGroup", service="autoscaling")
def delete_auto_scaling_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """ForceDelete terminates the group's instances and deletes the group once they are gone
    (its Status is "Delete in progress" meanwhile); without it a group with instances stays."""
    state = asg_state(ctx)
    group = find_group(ctx, request["AutoScalingGroupName"])
    if group.status:
        raise ScalingActivityInProgressFault(
            "You cannot delete an AutoScalingGroup while there are scaling activities in "
            "progress for that group."
        )
    if group.instances and not request.get("ForceDelete"):
        if activities.in_progress(state, group.name) is not None:
            raise ScalingActivityInProgressFault(
                "You cannot delete an AutoScalingGroup while there are scaling activities in "
                "progress for that group.",
                hint="Wait for the group's activities to finish (describe_scaling_activities), "
                "or pass ForceDelete=True to terminate its instances with it.",
            )
        raise ResourceInUseFault(
            "You cannot delete an AutoScalingGroup while there are instances or pending Spot "
            "instance request(s) still in the group.",
            hint="Set its desired capacity (and MinSize) to 0 and wait, or pass ForceDelete=True.",
        )
    if not group.instances:
        del state.groups[group.name]
        ctx.world.record(
            "autoscaling",
            f"Auto Scaling group {group.name} deleted",
            details={"autoscaling_group": group.name, "region": ctx.region},
        )
        return {}
    group.status = "Delete in progress"
    group.min_size = group.max_size = group.desired_capacity = 0
    group_reconcile.request(ctx.world, ctx.region, group.name)
    return {}


def _filtered(groups: list[AutoScalingGroup], filters: list[dict[str, Any]]) -> list:
    """DescribeAutoScalingGroups' filters: ``tag:<key>``, ``tag-key``, ``tag-value``."""
    for item in filters:
        name, values = item.get("Name", ""), set(item.get("Values") or [])
        if name.startswith("tag:"):
            key = name[4:]
            groups = [g for g in groups if key in g.tags and g.tags[key]["Value"] in values]
        elif name == "tag-key":
            groups = [g for g in groups if values & set(g.tags)]
        elif name == "tag-value":
            groups = [g for g in groups if values & {t["Value"] for t in g.tags.values()}]
        else:
            raise ValidationError(
                f"Filter type {name} is not correct. Allowed Filter types are: "
                "tag-key tag-value tag:<key>"
            )
    return groups


def template_of(ctx: RequestContext, group: AutoScalingGroup) -> dict[str, str] | None:
    """The group's LaunchTemplate as AWS answers it: ID, name and the Version as given."""
    if group.launch_template is None:
        return None
    answer = dict(group.launch_template)
    answer.setdefault("Version", "$Default")
    try:
        template = launch_templates.find(
            ctx.state.ec2, answer.get("LaunchTemplateId"), answer.get("LaunchTemplateName")
        )
    except EcsError:
        return answer
    answer["LaunchTemplateId"], answer["LaunchTemplateName"] = template.template_id, template.name
    return answer


@operation("DescribeAutoScalingGroups", service="autoscaling")
def describe_auto_scaling_groups(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Named groups that do not exist are left out, as AWS leaves them out."""
    state = asg_state(ctx)
    names = request.get("AutoScalingGroupNames")
    groups = (
        [state.groups[n] for n in names if n in state.groups]
        if names
        else list(state.groups.values())
    )
    groups = _filtered(sorted(groups, key=lambda g: g.name), request.get("Filters") or [])
    shown, token = page(groups, request)
    answer: dict[str, Any] = {
        "AutoScalingGroups": [group_json(g, template_of(ctx, g)) for g in shown]
    }
    if request.get("IncludeInstances") is False:
        for data in answer["AutoScalingGroups"]:
            data["Instances"] = []
    if token:
        answer["NextToken"] = token
    return answer
