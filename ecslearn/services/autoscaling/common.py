"""What Auto Scaling's handlers share: finding a group, its ARN, paging, and the JSON of a
group and its instances.

AWS's texts for a group that does not exist differ by operation: UpdateAutoScalingGroup says
"AutoScalingGroup name not found - null" (quoted in aws/aws-sdk-go#1151 and by fog's mock),
the others "AutoScalingGroup name not found - AutoScalingGroup <name> not found".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import offset_page
from ecslearn.errors import InvalidNextToken, ValidationError
from ecslearn.model.autoscaling import AutoScalingGroup, AutoScalingState, GroupInstance
from ecslearn.model.ec2 import zone_id
from ecslearn.services.handlers import RequestContext

T = TypeVar("T")


def asg_state(ctx: RequestContext) -> AutoScalingState:
    return ctx.state.autoscaling


def not_found(name: str) -> ValidationError:
    return ValidationError(
        f"AutoScalingGroup name not found - AutoScalingGroup {name} not found",
        hint="DescribeAutoScalingGroups lists the groups of this region.",
    )


def find_group(ctx: RequestContext, name: str) -> AutoScalingGroup:
    """The group named `name` (Auto Scaling's ValidationError when there is none)."""
    group = asg_state(ctx).groups.get(name)
    if group is None:
        raise not_found(name)
    return group


def group_arn(ctx: RequestContext, name: str) -> str:
    """``arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>``
    (the UUID drawn from the seeded random source)."""
    made = uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
    return (
        f"arn:aws:autoscaling:{ctx.region}:{ACCOUNT_ID}:autoScalingGroup:{made}:"
        f"autoScalingGroupName/{name}"
    )


def iso(timestamp: float) -> str:
    """An instant as activities' causes write it: ``2015-06-16T14:59:31Z``."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def page(
    items: Sequence[T], request: dict[str, Any], *, default: int = 50, high: int = 100
) -> tuple[list[T], str | None]:
    """Auto Scaling's MaxRecords/NextToken paging: one page and the token for the next."""
    size = request.get("MaxRecords") or default
    if not 1 <= size <= high:
        raise ValidationError(
            f"1 validation error detected: Value '{size}' at 'maxRecords' failed to satisfy "
            f"constraint: Member must have value less than or equal to {high}"
        )
    return offset_page(
        items,
        size,
        request.get("NextToken"),
        lambda bad: InvalidNextToken(f"The token '{bad[:100]}' is invalid."),
    )


def tag_json(group: AutoScalingGroup, key: str) -> dict[str, Any]:
    tag = group.tags[key]
    return {
        "ResourceId": group.name,
        "ResourceType": "auto-scaling-group",
        "Key": key,
        "Value": tag.get("Value", ""),
        "PropagateAtLaunch": bool(tag.get("PropagateAtLaunch")),
    }


def instance_json(instance: GroupInstance) -> dict[str, Any]:
    """An instance as DescribeAutoScalingGroups lists it."""
    data: dict[str, Any] = {
        "InstanceId": instance.instance_id,
        "InstanceType": instance.instance_type,
        "AvailabilityZone": instance.zone,
        "AvailabilityZoneId": zone_id(instance.zone),
        "LifecycleState": instance.lifecycle_state,
        "HealthStatus": instance.health_status,
        "ProtectedFromScaleIn": instance.protected_from_scale_in,
    }
    if instance.launch_template:
        data["LaunchTemplate"] = dict(instance.launch_template)
    return data


def group_json(group: AutoScalingGroup, template: dict[str, str] | None) -> dict[str, Any]:
    """A group as DescribeAutoScalingGroups answers it; `template` is its LaunchTemplate with
    both the template's ID and name filled in (as AWS answers it)."""
    data: dict[str, Any] = {
        "AutoScalingGroupName": group.name,
        "AutoScalingGroupARN": group.arn,
        "MinSize": group.min_size,
        "MaxSize": group.max_size,
        "DesiredCapacity": group.desired_capacity,
        "DefaultCooldown": group.default_cooldown,
        "AvailabilityZones": list(group.zones),
        "LoadBalancerNames": list(group.settings.get("LoadBalancerNames") or []),
        "TargetGroupARNs": list(group.settings.get("TargetGroupARNs") or []),
        "HealthCheckType": group.health_check_type,
        "HealthCheckGracePeriod": group.health_check_grace_period,
        "Instances": [instance_json(i) for i in group.instances.values()],
        "CreatedTime": group.created_at,
        "SuspendedProcesses": [],
        "VPCZoneIdentifier": ",".join(group.subnet_ids),
        "EnabledMetrics": [],
        "Tags": [tag_json(group, key) for key in sorted(group.tags)],
        "TerminationPolicies": list(group.termination_policies),
        "NewInstancesProtectedFromScaleIn": group.new_instances_protected,
        "ServiceLinkedRoleARN": (
            f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/"
            "AWSServiceRoleForAutoScaling"
        ),
        "CapacityRebalance": bool(group.settings.get("CapacityRebalance")),
        "TrafficSources": list(group.settings.get("TrafficSources") or []),
    }
    if template is not None:
        data["LaunchTemplate"] = template
    if group.mixed_instances_policy is not None:
        data["MixedInstancesPolicy"] = group.mixed_instances_policy
    if group.status:
        data["Status"] = group.status
    for member in ("MaxInstanceLifetime", "Context", "DefaultInstanceWarmup", "PlacementGroup"):
        if member in group.settings:
            data[member] = group.settings[member]
    return data
