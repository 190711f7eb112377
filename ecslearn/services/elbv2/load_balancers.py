"""CreateLoadBalancer, DescribeLoadBalancers and DeleteLoadBalancer.

What AWS documents and ecslearn does:

- An Application Load Balancer needs subnets in at least two zones ("At least two subnets in two
  different Availability Zones must be specified", ValidationError) and at most one subnet a
  zone ("A load balancer cannot be attached to multiple subnets in the same Availability Zone",
  InvalidConfigurationRequest), both AWS's texts as clients quote them; a Network Load Balancer
  needs one subnet. Without security groups an ALB gets its VPC's default group.
- Its DNS name is ``<name>-<10 digits>.<region>.elb.amazonaws.com`` for an ALB and
  ``<name>-<16 hex>.elb.<region>.amazonaws.com`` for an NLB, with ``internal-`` in front for an
  internal scheme (the formats of AWS's docs and consoles); it is ``provisioning`` until
  `PROVISIONING_SECONDS` (jittered) have passed, then ``active``.
- CreateLoadBalancer is idempotent (the API reference: calls with the same settings succeed and
  answer the same load balancer); the same name with other settings is
  DuplicateLoadBalancerName. DeleteLoadBalancer deletes its listeners and their rules, and
  succeeds for a load balancer that does not exist (the API reference says so).

ecslearn's choices: provisioning takes 120 s (AWS says "a few minutes"); the canonical hosted
zone IDs are AWS's for the regions in `HOSTED_ZONES`, a stable made-up one elsewhere; Gateway
Load Balancers, IPv6 and customer-owned pools are not simulated.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler
from ecslearn.errors import (
    DuplicateLoadBalancerName,
    InvalidConfigurationRequest,
    InvalidSecurityGroup,
    LoadBalancerNotFound,
    SubnetNotFound,
    UnsupportedFeatureException,
    ValidationError,
)
from ecslearn.model.ec2 import Subnet
from ecslearn.model.elbv2 import ACTIVE, ElbLoadBalancer
from ecslearn.services.elbv2.common import arn, checked_name, elb, hex_id, paged, tags_of
from ecslearn.services.handlers import RequestContext, operation

if TYPE_CHECKING:
    from ecslearn.control.world import World

PROVISIONING_SECONDS = 120.0
#: AWS's canonical hosted zone IDs of load balancers: (application, network) by region.
HOSTED_ZONES = {
    "us-east-1": ("Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"),
    "ap-northeast-2": ("ZWKZPGTI48KDX", "ZIBE1TIR4HY56"),
}


def _subnets(ctx: RequestContext, request: dict[str, Any]) -> list[Subnet]:
    ids = list(request.get("Subnets") or [])
    ids += [m["SubnetId"] for m in request.get("SubnetMappings") or [] if m.get("SubnetId")]
    subnets = []
    for subnet_id in ids:
        subnet = ctx.state.ec2.subnets.get(subnet_id)
        if subnet is None:
            raise SubnetNotFound(
                "The specified subnet does not exist.",
                hint=f"{subnet_id} is not a subnet of {ctx.region}: ec2.describe_subnets() "
                "lists them (the default VPC has one in each zone).",
            )
        subnets.append(subnet)
    return subnets


def _checked_subnets(subnets: list[Subnet], kind: str) -> None:
    zones = [s.zone for s in subnets]
    if len(set(zones)) != len(zones):
        raise InvalidConfigurationRequest(
            "A load balancer cannot be attached to multiple subnets in the same Availability Zone"
        )
    if kind == "application" and len(zones) < 2:
        raise ValidationError(
            "At least two subnets in two different Availability Zones must be specified",
            hint="Give Subnets from two zones, e.g. the default VPC's subnets "
            "(ec2.describe_subnets()).",
        )
    if not zones:
        raise ValidationError("At least one subnet must be specified")  # ecslearn's wording
    if len({s.vpc_id for s in subnets}) > 1:
        raise InvalidConfigurationRequest(  # ecslearn's wording
            "The subnets of a load balancer must all be in the same VPC"
        )


def _security_groups(
    ctx: RequestContext, request: dict[str, Any], vpc_id: str, kind: str
) -> list[str]:
    given = list(request.get("SecurityGroups") or [])
    for group_id in given:
        group = ctx.state.ec2.security_groups.get(group_id)
        if group is None or group.vpc_id != vpc_id:
            raise InvalidSecurityGroup(
                "One or more security groups are invalid",
                hint=f"{group_id} is not a security group of the load balancer's VPC {vpc_id}.",
            )
    if given or kind != "application":
        return given
    default = ctx.state.ec2.group_named(vpc_id, "default")
    return [default.group_id] if default else []


def _dns(ctx: RequestContext, name: str, kind: str, scheme: str) -> tuple[str, str]:
    """The DNS name and canonical hosted zone ID of a new load balancer."""
    prefix = "internal-" if scheme == "internal" else ""
    zones = HOSTED_ZONES.get(ctx.region)
    if zones is None:
        digest = hashlib.sha256(f"{ctx.region}/{kind}".encode()).hexdigest().upper()
        zones = (f"Z{digest[:13]}", f"Z{digest[13:26]}")
    if kind == "network":
        return f"{prefix}{name}-{hex_id(ctx)}.elb.{ctx.region}.amazonaws.com", zones[1]
    digits = ctx.rng.randrange(10**9, 10**10)
    return f"{prefix}{name}-{digits}.{ctx.region}.elb.amazonaws.com", zones[0]


def balancer_json(balancer: ElbLoadBalancer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "LoadBalancerArn": balancer.arn,
        "DNSName": balancer.dns_name,
        "CanonicalHostedZoneId": balancer.hosted_zone_id,
        "CreatedTime": balancer.created_at,
        "LoadBalancerName": balancer.name,
        "Scheme": balancer.scheme,
        "VpcId": balancer.vpc_id,
        "State": {"Code": balancer.state},
        "Type": balancer.type,
        "AvailabilityZones": [{**z, "LoadBalancerAddresses": []} for z in balancer.zones],
        "IpAddressType": balancer.ip_address_type,
    }
    if balancer.security_groups or balancer.type == "application":
        data["SecurityGroups"] = list(balancer.security_groups)
    return data


def _same(
    balancer: ElbLoadBalancer,
    kind: str,
    scheme: str,
    zones: list[dict[str, str]],
    groups: list[str],
) -> bool:
    return (balancer.type, balancer.scheme, balancer.zones, balancer.security_groups) == (
        kind,
        scheme,
        zones,
        groups,
    )


@operation("CreateLoadBalancer", "elbv2")
def create_load_balancer(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    name = checked_name(request["Name"], "Load balancer")
    if name.startswith("internal-"):
        raise ValidationError("Load balancer name cannot begin with 'internal-'")
    kind = request.get("Type") or "application"
    if kind == "gateway":
        raise UnsupportedFeatureException("ecslearn does not simulate Gateway Load Balancers.")
    if (request.get("IpAddressType") or "ipv4") != "ipv4":
        raise UnsupportedFeatureException("ecslearn simulates IPv4 load balancers only.")
    scheme = request.get("Scheme") or "internet-facing"
    subnets = _subnets(ctx, request)
    _checked_subnets(subnets, kind)
    vpc_id = subnets[0].vpc_id
    groups = _security_groups(ctx, request, vpc_id, kind)
    zones = [{"ZoneName": s.zone, "SubnetId": s.subnet_id} for s in subnets]
    existing = next((b for b in elb(ctx).load_balancers.values() if b.name == name), None)
    if existing is not None:
        if _same(existing, kind, scheme, zones, groups):
            return {"LoadBalancers": [balancer_json(existing)]}
        raise DuplicateLoadBalancerName("A load balancer with the specified name already exists.")
    short = "app" if kind == "application" else "net"
    dns_name, hosted_zone = _dns(ctx, name, kind, scheme)
    balancer = ElbLoadBalancer(
        arn=arn(ctx, f"loadbalancer/{short}/{name}/{hex_id(ctx)}"),
        name=name,
        type=kind,
        scheme=scheme,
        vpc_id=vpc_id,
        dns_name=dns_name,
        hosted_zone_id=hosted_zone,
        created_at=ctx.now,
        zones=zones,
        security_groups=groups,
        tags=tags_of(request),
    )
    elb(ctx).load_balancers[balancer.arn] = balancer
    world = ctx.world
    world.queue.push(
        world.now + world.jittered(PROVISIONING_SECONDS),
        "elbv2.active",
        region=ctx.region,
        balancer=balancer.arn,
    )
    world.record(
        "elb",
        f"load balancer {name} ({kind}, {scheme}) is provisioning in "
        f"{', '.join(sorted(balancer.zone_names))}: {dns_name}",
        details={"load_balancer": balancer.arn},
    )
    return {"LoadBalancers": [balancer_json(balancer)]}


@action_handler("elbv2.active")
def _active(world: World, args: dict[str, Any]) -> None:
    """The load balancer's nodes are up: its DNS name answers."""
    balancer = world.region_state(args["region"]).elbv2.load_balancers.get(args["balancer"])
    if balancer is None or balancer.state == ACTIVE:
        return
    balancer.state = ACTIVE
    world.record(
        "elb", f"load balancer {balancer.name} is active", details={"load_balancer": balancer.arn}
    )


@operation("DescribeLoadBalancers", "elbv2")
def describe_load_balancers(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    balancers = list(elb(ctx).load_balancers.values())
    arns, names = request.get("LoadBalancerArns"), request.get("Names")
    if arns and names:
        raise ValidationError(  # ecslearn's wording
            "Load balancer names and load balancer ARNs cannot be specified at the same time"
        )
    if arns:
        missing = [a for a in arns if a not in elb(ctx).load_balancers]
        if missing:
            raise LoadBalancerNotFound("One or more load balancers not found")
        balancers = [elb(ctx).load_balancers[a] for a in dict.fromkeys(arns)]
    elif names:
        known = {b.name: b for b in balancers}
        missing = [n for n in names if n not in known]
        if missing:
            raise LoadBalancerNotFound(f"Load balancers '[{', '.join(missing)}]' not found")
        balancers = [known[n] for n in dict.fromkeys(names)]
    return paged("LoadBalancers", [balancer_json(b) for b in balancers], request)


@operation("DeleteLoadBalancer", "elbv2")
def delete_load_balancer(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    state = elb(ctx)
    balancer = state.load_balancers.pop(request["LoadBalancerArn"], None)
    if balancer is None:
        return {}
    for listener in state.listeners_of(balancer.arn):
        for rule in state.rules_of(listener.arn):
            del state.rules[rule.arn]
        del state.listeners[listener.arn]
    ctx.world.record(
        "elb", f"load balancer {balancer.name} deleted", details={"load_balancer": balancer.arn}
    )
    return {}
