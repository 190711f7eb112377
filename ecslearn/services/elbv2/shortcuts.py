"""`Simulation.create_target_group`'s calls: ELBv2's CreateTargetGroup in the region's default
VPC, and ModifyTargetGroupAttributes for a deregistration delay other than ELB's default.

Both go through the dispatcher, so the group is exactly what ``elbv2.create_target_group``
would make and a bad setting is refused with ELB's error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.model.load_balancing import DEFAULT_DEREGISTRATION_DELAY

if TYPE_CHECKING:
    from ecslearn.control.world import World


def create_target_group(
    world: World,
    region: str,
    name: str,
    *,
    port: int,
    protocol: str,
    target_type: str,
    health_check_path: str,
    interval: int,
    healthy_threshold: int,
    unhealthy_threshold: int,
    deregistration_delay: int,
    matcher: str,
) -> str:
    """The new target group's ARN."""
    vpc = world.region_state(region).ec2.default_vpc
    request = {
        "Name": name,
        "Protocol": protocol,
        "Port": port,
        "VpcId": vpc.vpc_id if vpc else None,
        "TargetType": target_type,
        "HealthCheckIntervalSeconds": interval,
        "HealthyThresholdCount": healthy_threshold,
        "UnhealthyThresholdCount": unhealthy_threshold,
    }
    if protocol in ("HTTP", "HTTPS"):
        request.update(HealthCheckPath=health_check_path, Matcher={"HttpCode": matcher})
    answer = world.dispatcher.call("elbv2", "CreateTargetGroup", request, region)
    arn = answer["TargetGroups"][0]["TargetGroupArn"]
    if deregistration_delay != DEFAULT_DEREGISTRATION_DELAY:
        delay = {"Key": "deregistration_delay.timeout_seconds", "Value": str(deregistration_delay)}
        world.dispatcher.call(
            "elbv2",
            "ModifyTargetGroupAttributes",
            {"TargetGroupArn": arn, "Attributes": [delay]},
            region,
        )
    return arn
