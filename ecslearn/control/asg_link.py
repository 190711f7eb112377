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
