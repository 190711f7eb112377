"""Resizing a group and choosing its instances' fate: SetDesiredCapacity, SetInstanceProtection,
TerminateInstanceInAutoScalingGroup, and DescribeAutoScalingInstances.

These are the calls other code (ECS capacity providers' managed scaling) makes through
``world.dispatcher.call("autoscaling", ...)``; each change is carried out by the group's next
reconcile pass (`group_reconcile`), at once on the clock.

AWS's texts: "New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup."
(kubernetes/autoscaler#943) and its "below min value" twin; "Instance Id not found - No managed
instance found for instance ID: i-..." for an instance in no group; "Currently, desiredSize
equals minSize (1). Terminating instance without replacement will violate group's min size
constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size."
HonorCooldown: AWS refuses with ScalingActivityInProgress while an activity is in progress or
the group's DefaultCooldown has not passed since the last one ended; the wording of the cooldown
case is ecslearn's.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import LimitExceededFault, ScalingActivityInProgressFault, ValidationError
from ecslearn.services.autoscaling import activities, group_reconcile
from ecslearn.services.autoscaling.common import asg_state, find_group, iso, page
from ecslearn.services.handlers import RequestContext, operation

#: SetInstanceProtection takes at most 50 instances a call.
PROTECTION_LIMIT = 50


def _cooldown(ctx: RequestContext, name: str) -> None:
    state = asg_state(ctx)
    group = state.groups[name]
    running = activities.in_progress(state, name)
    if running is not None:
        raise ScalingActivityInProgressFault(
            f"Scaling activity {running.activity_id} is in progress and blocks this action."
        )
    ended = group.last_activity_end
    if ended is not None and ctx.now < ended + group.default_cooldown:
        raise ScalingActivityInProgressFault(
            f"The Auto Scaling group {name} is in its cooldown period: "
            f"{ended + group.default_cooldown - ctx.now:.0f} s of its DefaultCooldown "
            f"({group.default_cooldown} s) remain.",
            hint="Call again later, or without HonorCooldown.",
        )


@operation("SetDesiredCapacity", service="autoscaling")
def set_desired_capacity(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["AutoScalingGroupName"])
    desired = request["DesiredCapacity"]
    if desired > group.max_size:
        raise ValidationError(
            f"New SetDesiredCapacity value {desired} is above max value {group.max_size} for "
            "the AutoScalingGroup."
        )
    if desired < group.min_size:
        raise ValidationError(
            f"New SetDesiredCapacity value {desired} is below min value {group.min_size} for "
            "the AutoScalingGroup."
        )
    if request.get("HonorCooldown"):
        _cooldown(ctx, group.name)
    if desired != group.desired_capacity:
        group.cause = (
            f"At {iso(ctx.now)} a user request explicitly set group desired capacity changing "
            f"the desired capacity from {group.desired_capacity} to {desired}."
        )
        ctx.world.record(
            "autoscaling",
            f"Auto Scaling group {group.name}: desired capacity {group.desired_capacity} -> "
            f"{desired}",
            details={"autoscaling_group": group.name, "region": ctx.region},
        )
        group.desired_capacity = desired
    group_reconcile.request(ctx.world, ctx.region, group.name)
    return {}


@operation("SetInstanceProtection", service="autoscaling")
def set_instance_protection(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Every instance must be the group's (checked before any changes)."""
    group = find_group(ctx, request["AutoScalingGroupName"])
    ids = request["InstanceIds"]
    if len(ids) > PROTECTION_LIMIT:
        raise LimitExceededFault(
            f"The number of instances ({len(ids)}) exceeds the maximum of {PROTECTION_LIMIT} "
            "in one request."
        )
    for instance_id in ids:
        if instance_id not in group.instances:
            raise ValidationError(
                f"The instance {instance_id} is not part of Auto Scaling group {group.name}."
            )
    for instance_id in ids:
        group.instances[instance_id].protected_from_scale_in = request["ProtectedFromScaleIn"]
    group_reconcile.request(ctx.world, ctx.region, group.name)
    return {}


@operation("TerminateInstanceInAutoScalingGroup", service="autoscaling")
def terminate_instance_in_auto_scaling_group(
    ctx: RequestContext, request: dict[str, Any]
) -> dict[str, Any]:
    """Terminates the instance now (protection from scale in does not apply: this is not a
    scale-in); without ShouldDecrementDesiredCapacity the group launches a replacement."""
    state = asg_state(ctx)
    instance_id = request.get("InstanceId")
    if not instance_id:  # required by the API reference, though not by botocore's model
        raise ValidationError(
            "1 validation error detected: Value null at 'instanceId' failed to satisfy "
            "constraint: Member must not be null"
        )
    group = state.group_of(instance_id)
    if group is None:
        raise ValidationError(
            f"Instance Id not found - No managed instance found for instance ID: {instance_id}"
        )
    member = group.instances[instance_id]
    decrement = request["ShouldDecrementDesiredCapacity"]
    if member.lifecycle_state.startswith("Terminating"):
        running = activities.find(state, member.activity_id)
        if running is not None:
            return {"Activity": activities.activity_json(running)}
    if decrement and group.desired_capacity <= group.min_size:
        raise ValidationError(
            f"Currently, desiredSize equals minSize ({group.min_size}). Terminating instance "
            "without replacement will violate group's min size constraint. Either set "
            "shouldDecrementDesiredCapacity flag to false or lower group's min size."
        )
    before = len(group.counted())
    sentence = f"instance {instance_id} was taken out of service in response to a user request"
    if decrement:
        sentence += f", shrinking the capacity from {before} to {before - 1}."
        group.desired_capacity -= 1
    else:
        sentence += "."
    group.cause = None
    group_reconcile.terminate(ctx.world, ctx.region, state, group, member, sentence)
    group_reconcile.request(ctx.world, ctx.region, group.name)
    activity = activities.find(state, member.activity_id)
    assert activity is not None  # terminate() started it
    return {"Activity": activities.activity_json(activity)}


@operation("DescribeAutoScalingInstances", service="autoscaling")
def describe_auto_scaling_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Every instance of every group (or those named; unknown IDs are left out). HealthStatus
    is upper case here (HEALTHY), as AWS answers it, and Healthy in DescribeAutoScalingGroups."""
    state = asg_state(ctx)
    wanted = request.get("InstanceIds")
    rows = []
    for group in sorted(state.groups.values(), key=lambda g: g.name):
        for member in group.instances.values():
            if wanted and member.instance_id not in wanted:
                continue
            row: dict[str, Any] = {
                "InstanceId": member.instance_id,
                "InstanceType": member.instance_type,
                "AutoScalingGroupName": group.name,
                "AvailabilityZone": member.zone,
                "LifecycleState": member.lifecycle_state,
                "HealthStatus": member.health_status.upper(),
                "ProtectedFromScaleIn": member.protected_from_scale_in,
            }
            if member.launch_template:
                row["LaunchTemplate"] = dict(member.launch_template)
            rows.append(row)
    shown, token = page(rows, request)
    answer: dict[str, Any] = {"AutoScalingInstances": shown}
    if token:
        answer["NextToken"] = token
    return answer
