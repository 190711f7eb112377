"""What ECS reads of and asks of EC2 Auto Scaling, through Auto Scaling's public API.

ECS is a client of Auto Scaling, as on AWS: capacity providers read a group with
DescribeAutoScalingGroups and change it with SetDesiredCapacity and SetInstanceProtection,
all through `world.dispatcher.call("autoscaling", ...)`; nothing here reads Auto Scaling's
records directly. Which group an instance belongs to is read from the instance's
``aws:autoscaling:groupName`` tag, which Auto Scaling puts on every instance it launches (the
hot path of placement cannot afford an API call per instance).

An ecslearn without Auto Scaling (no ``autoscaling`` handlers) answers None for a group:
capacity providers are still created and placed on, but nothing can be checked or scaled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.state import RegionState
from ecslearn.errors import EcsError
from ecslearn.model.container_instance import ContainerInstance

if TYPE_CHECKING:
    from ecslearn.control.world import World

GROUP_TAG = "aws:autoscaling:groupName"


def group_name(arn_or_name: str) -> str:
    """``...:autoScalingGroupName/<name>`` -> ``<name>`` (a bare name is itself)."""
    return arn_or_name.rsplit("autoScalingGroupName/", 1)[-1]


def describe_group(world: World, region: str, name: str) -> dict[str, Any] | None:
    """The group as DescribeAutoScalingGroups shows it, or None (no such group, or no Auto
    Scaling in this ecslearn)."""
    try:
        answer = world.dispatcher.call(
            "autoscaling", "DescribeAutoScalingGroups", {"AutoScalingGroupNames": [name]}, region
        )
    except (EcsError, KeyError):
        return None
    groups = answer.get("AutoScalingGroups") or []
    return groups[0] if groups else None


def auto_scaling_simulated(world: World, region: str) -> bool:
    try:
        world.dispatcher.call("autoscaling", "DescribeAutoScalingGroups", {}, region)
    except (EcsError, KeyError):
        return False
    return True


def instance_group(state: RegionState, instance: ContainerInstance) -> str | None:
    """The Auto Scaling group the container instance's EC2 instance belongs to."""
    ec2 = state.ec2.instances.get(instance.ec2_instance_id or "")
    return ec2.tags.get(GROUP_TAG) if ec2 is not None else None


def set_desired_capacity(world: World, region: str, name: str, desired: int) -> None:
    world.dispatcher.call(
        "autoscaling",
        "SetDesiredCapacity",
        {"AutoScalingGroupName": name, "DesiredCapacity": desired, "HonorCooldown": False},
        region,
    )


def set_protection(
    world: World, region: str, name: str, instance_ids: list[str], protected: bool
) -> None:
    for start in range(0, len(instance_ids), 50):  # SetInstanceProtection takes 50 at a time
        world.dispatcher.call(
            "autoscaling",
            "SetInstanceProtection",
            {
                "AutoScalingGroupName": name,
                "InstanceIds": instance_ids[start : start + 50],
                "ProtectedFromScaleIn": protected,
            },
            region,
        )


#: The lifecycle hook ECS puts on a managed draining provider's group, as AWS names it (the
#: cluster's ``managed_draining`` attachment shows the same name), with the heartbeat timeout
#: and default result users find on it (3600 s, CONTINUE; AWS's guide does not list them).
DRAINING_HOOK = "ecs-managed-draining-termination-hook"
DRAINING_HEARTBEAT = 3600


def put_draining_hook(world: World, region: str, name: str) -> bool:
    """Add ECS's managed draining hook to group `name` (False: no such group here)."""
    try:
        world.dispatcher.call(
            "autoscaling",
            "PutLifecycleHook",
            {
                "AutoScalingGroupName": name,
                "LifecycleHookName": DRAINING_HOOK,
                "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING",
                "HeartbeatTimeout": DRAINING_HEARTBEAT,
                "DefaultResult": "CONTINUE",
            },
            region,
        )
    except (EcsError, KeyError):
        return False
    return True


def delete_draining_hook(world: World, region: str, name: str) -> bool:
    """Remove ECS's managed draining hook from group `name` (False: it was not there)."""
    try:
        world.dispatcher.call(
            "autoscaling",
            "DeleteLifecycleHook",
            {"AutoScalingGroupName": name, "LifecycleHookName": DRAINING_HOOK},
            region,
        )
    except (EcsError, KeyError):
        return False
    return True


def lifecycle_action(
    world: World, region: str, name: str, instance_id: str, token: str, result: str | None
) -> bool:
    """CompleteLifecycleAction with `result` (CONTINUE, ABANDON), or with None
    RecordLifecycleActionHeartbeat, for ECS's hook on `instance_id`; False when Auto Scaling
    has no such action any more (completed by someone else, or timed out)."""
    request = {
        "AutoScalingGroupName": name,
        "LifecycleHookName": DRAINING_HOOK,
        "InstanceId": instance_id,
        "LifecycleActionToken": token,
    }
    operation = "RecordLifecycleActionHeartbeat"
    if result is not None:
        operation, request["LifecycleActionResult"] = "CompleteLifecycleAction", result
    try:
        world.dispatcher.call("autoscaling", operation, request, region)
    except (EcsError, KeyError):
        return False
    return True
