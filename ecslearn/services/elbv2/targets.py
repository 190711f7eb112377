"""RegisterTargets, DeregisterTargets and DescribeTargetHealth.

An ``instance`` target is an EC2 instance of the target group's VPC (its ID, and the port the
target listens on: the group's port unless given); an ``ip`` target is an address inside the
VPC's subnets (or, with ``AvailabilityZone="all"``, a private address outside it, as the API
reference allows). What follows registration (the first health check, draining for the
deregistration delay) is `ecslearn.control.load_balancing.alb`. Registering a registered target
again changes nothing; registering a draining one starts it over (``initial``). A target that is not
registered is ``unused`` with Target.NotRegistered in DescribeTargetHealth.

AWS's texts: "The following targets are not in a running state and can not be registered:
'<id>'" (as clients quote it); for the rest, the API reference's description of InvalidTarget
("The specified target does not exist, is not in the same VPC as the target group, or has an
unsupported instance type."). ECS's service scheduler calls these same handlers for its tasks.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.load_balancing import alb
from ecslearn.errors import InvalidTarget
from ecslearn.model.elbv2 import private_address, subnet_of
from ecslearn.model.load_balancing import Target, TargetGroup, TargetHealth
from ecslearn.services.elbv2.common import find_group
from ecslearn.services.handlers import RequestContext, operation

NOT_VALID = (
    "The specified target does not exist, is not in the same VPC as the target group, or has an "
    "unsupported instance type."
)


def _zone(ctx: RequestContext, group: TargetGroup, wanted: dict[str, Any]) -> str:
    """The target's zone, checking that it can be a target of the group."""
    ec2, target_id = ctx.state.ec2, wanted["Id"]
    if group.target_type == "ip":
        subnet = subnet_of(ec2, group.vpc_id, target_id)
        if subnet is not None:
            return subnet.zone
        if wanted.get("AvailabilityZone") == "all" and private_address(target_id):
            return "all"
        raise InvalidTarget(
            NOT_VALID,
            hint=f"{target_id} is in no subnet of {group.vpc_id}; an address outside the VPC "
            "(RFC 1918 or RFC 6598) needs AvailabilityZone='all'.",
        )
    instance = ec2.instances.get(target_id)
    if instance is not None and instance.vpc_id == group.vpc_id:
        if instance.state != "running":
            raise InvalidTarget(
                "The following targets are not in a running state and can not be registered: "
                f"'{target_id}'"
            )
        return instance.zone
    registered = next(iter(ctx.state.instances_of_ec2(target_id)), None)
    if registered is None:  # an instance registered in ECS by hand has no EC2 side
        raise InvalidTarget(NOT_VALID, hint="ec2.describe_instances() lists the instances.")
    return registered.attribute("ecs.availability-zone") or ""


@operation("RegisterTargets", "elbv2")
def register_targets(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["TargetGroupArn"])
    wanted = [(t["Id"], t.get("Port", group.port or 0), t) for t in request["Targets"]]
    zones = [_zone(ctx, group, target) for _, _, target in wanted]  # all checked first
    for (target_id, port, _), zone in zip(wanted, zones, strict=True):
        existing = group.find(target_id, port)
        if existing is not None and existing.state != "draining":
            continue
        target = Target(id=target_id, port=port, availability_zone=zone or None)
        alb.register(ctx.world, ctx.state, group, target)
    return {}


@operation("DeregisterTargets", "elbv2")
def deregister_targets(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["TargetGroupArn"])
    found = []
    for wanted in request["Targets"]:
        target = group.find(wanted["Id"], wanted.get("Port", group.port or 0))
        if target is None:
            raise InvalidTarget(
                NOT_VALID, hint=f"{wanted['Id']} is not registered in {group.name}."
            )
        found.append(target)
    for target in found:
        if target.state != "draining":
            alb.deregister(ctx.world, ctx.state, group, target)
    return {}


@operation("DescribeTargetHealth", "elbv2")
def describe_target_health(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["TargetGroupArn"])
    if not request.get("Targets"):
        return {
            "TargetHealthDescriptions": [t.description(group.health_port(t)) for t in group.targets]
        }
    descriptions = []
    for wanted in request["Targets"]:
        port = wanted.get("Port", group.port or 0)
        target = group.find(wanted["Id"], port)
        if target is None:
            target = Target(id=wanted["Id"], port=port)
            target.health = TargetHealth.of("unused", "Target.NotRegistered")
        descriptions.append(target.description(group.health_port(target)))
    return {"TargetHealthDescriptions": descriptions}
