"""CreateTargetGroup, ModifyTargetGroup, DescribeTargetGroups, DeleteTargetGroup and the target
group attributes.

ELB's defaults (the API reference of CreateTargetGroup and the user guides): an HTTP or HTTPS
group checks over its own protocol every 30 s, times out after 5 s, needs 5 passes to recover
and 2 failures to turn unhealthy, asks ``/`` and expects 200, and speaks HTTP1; a TCP, TLS, UDP
or TCP_UDP group (a Network Load Balancer's) checks over TCP with a 10 s timeout. Attributes:
a 300 s deregistration delay (0-3600), no slow start (30-900 s when on, an Application Load
Balancer's only). "The TCP protocol is not supported for health checks if the protocol of the
target group is HTTP or HTTPS" (the API reference). "Health check timeout '6' must be smaller
than the interval '5'", "'deregistration_delay.timeout_seconds' value '4000' must be between
'0-3600' inclusive" and "Target group 'arn' is currently in use by a listener or a rule" are
AWS's texts as clients quote them.

ecslearn's choices: CreateTargetGroup is idempotent like CreateLoadBalancer (same name, same
settings: the same group); a group an ECS service still uses cannot be deleted either (on AWS
such a group is always behind a listener, so it never can); lambda, alb and GENEVE target
groups are not simulated. The attributes ecslearn does not act on are stored and echoed.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    DuplicateTargetGroupName,
    InvalidConfigurationRequest,
    ResourceInUseFault,
    TargetGroupNotFound,
    UnsupportedFeatureException,
    ValidationError,
)
from ecslearn.model.load_balancing import TargetGroup
from ecslearn.services.elbv2.common import (
    arn,
    checked_name,
    elb,
    find_balancer,
    find_group,
    hex_id,
    paged,
    tags_of,
)
from ecslearn.services.handlers import RequestContext, operation

HTTP_PROTOCOLS = ("HTTP", "HTTPS")
NETWORK_PROTOCOLS = ("TCP", "TLS", "UDP", "TCP_UDP")
#: The ranges of the API reference (AWS words a value outside one as its validation errors do).
RANGES = {
    "HealthCheckIntervalSeconds": (5, 300),
    "HealthCheckTimeoutSeconds": (2, 120),
    "HealthyThresholdCount": (2, 10),
    "UnhealthyThresholdCount": (2, 10),
}
HEALTH_SETTINGS = (
    "HealthCheckProtocol",
    "HealthCheckPort",
    "HealthCheckEnabled",
    "HealthCheckPath",
    "HealthCheckIntervalSeconds",
    "HealthCheckTimeoutSeconds",
    "HealthyThresholdCount",
    "UnhealthyThresholdCount",
    "Matcher",
)


def _defaults(protocol: str, target_type: str) -> dict[str, Any]:
    """ELB's settings for a new target group of `protocol`."""
    if protocol in HTTP_PROTOCOLS:
        return {
            "HealthCheckProtocol": protocol,
            "HealthCheckPort": "traffic-port",
            "HealthCheckEnabled": True,
            "HealthCheckPath": "/",
            "HealthCheckIntervalSeconds": 30,
            "HealthCheckTimeoutSeconds": 5,
            "HealthyThresholdCount": 5,
            "UnhealthyThresholdCount": 2,
            "Matcher": {"HttpCode": "200"},
            "ProtocolVersion": "HTTP1",
        }
    return {
        "HealthCheckProtocol": "TCP",
        "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True,
        "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 10,
        "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2,
    }


def other_attributes(protocol: str, target_type: str) -> dict[str, str]:
    """The attributes ecslearn echoes, with ELB's defaults."""
    common = {"load_balancing.cross_zone.enabled": "use_load_balancer_configuration"}
    if protocol in HTTP_PROTOCOLS:
        return {
            **common,
            "stickiness.enabled": "false",
            "stickiness.type": "lb_cookie",
            "stickiness.lb_cookie.duration_seconds": "86400",
            "load_balancing.algorithm.type": "round_robin",
        }
    return {
        **common,
        "stickiness.enabled": "false",
        "stickiness.type": "source_ip",
        "deregistration_delay.connection_termination.enabled": "false",
        "preserve_client_ip.enabled": "true" if target_type == "instance" else "false",
        "proxy_protocol_v2.enabled": "false",
    }


def checked_health(protocol: str, settings: dict[str, Any], given: bool = True) -> None:
    """Health check settings that fit together, as ELB checks them; `given`: whether the
    request set the timeout or the interval (ELB lets a default timeout equal the interval)."""
    for member, (low, high) in RANGES.items():
        value = settings.get(member)
        if value is not None and not low <= value <= high:
            bound = (
                f"greater than or equal to {low}"
                if value < low
                else f"less than or equal to {high}"
            )
            raise ValidationError(
                f"1 validation error detected: Value '{value}' at "
                f"'{member[0].lower()}{member[1:]}' failed to satisfy constraint: Member must "
                f"have value {bound}"
            )
    check = settings.get("HealthCheckProtocol")
    if protocol in HTTP_PROTOCOLS and check == "TCP":
        raise ValidationError(
            "The TCP protocol is not supported for health checks if the protocol of the target "
            "group is HTTP or HTTPS"
        )
    if check in ("TLS", "UDP", "TCP_UDP", "GENEVE"):
        raise ValidationError(f"Health check protocol '{check}' is not supported")
    if check == "TCP" and (settings.get("HealthCheckPath") or settings.get("Matcher")):
        raise ValidationError(  # ecslearn's wording
            "A health check path and matcher are supported only for HTTP and HTTPS health checks"
        )
    timeout = settings.get("HealthCheckTimeoutSeconds")
    interval = settings.get("HealthCheckIntervalSeconds")
    if timeout is not None and interval is not None and timeout >= interval and given:
        raise ValidationError(
            f"Health check timeout '{timeout}' must be smaller than the interval '{interval}'"
        )
    path = settings.get("HealthCheckPath")
    if path is not None and not path.startswith("/"):
        raise ValidationError("Health check path must begin with '/'")  # ecslearn's wording
    port = settings.get("HealthCheckPort")
    numbered = port is not None and port.isdigit() and 1 <= int(port) <= 65535
    if port is not None and port != "traffic-port" and not numbered:
        raise ValidationError("Health check port must be 'traffic-port' or a port from 1 to 65535")


def _apply(group: TargetGroup, settings: dict[str, Any]) -> None:
    fields = {
        "HealthCheckProtocol": "health_check_protocol",
        "HealthCheckPort": "health_check_port",
        "HealthCheckEnabled": "health_check_enabled",
        "HealthCheckPath": "health_check_path",
        "HealthCheckIntervalSeconds": "health_check_interval_seconds",
        "HealthCheckTimeoutSeconds": "health_check_timeout_seconds",
        "HealthyThresholdCount": "healthy_threshold_count",
        "UnhealthyThresholdCount": "unhealthy_threshold_count",
        "Matcher": "matcher",
        "ProtocolVersion": "protocol_version",
    }
    for member, name in fields.items():
        if member in settings:
            setattr(group, name, settings[member])


def group_json(ctx: RequestContext, group: TargetGroup) -> dict[str, Any]:
    data = group.to_json()
    data["LoadBalancerArns"] = elb(ctx).balancers_forwarding_to(group.target_group_arn or "")
    return data


def _settings(request: dict[str, Any], protocol: str, target_type: str) -> dict[str, Any]:
    settings = {**_defaults(protocol, target_type)}
    if request.get("HealthCheckProtocol") == "TCP":
        settings = {k: v for k, v in settings.items() if k not in ("HealthCheckPath", "Matcher")}
    settings.update({k: request[k] for k in (*HEALTH_SETTINGS, "ProtocolVersion") if k in request})
    if "HealthCheckTimeoutSeconds" not in request:  # the default never exceeds the interval
        settings["HealthCheckTimeoutSeconds"] = min(
            settings["HealthCheckTimeoutSeconds"], settings["HealthCheckIntervalSeconds"]
        )
    return settings


@operation("CreateTargetGroup", "elbv2")
def create_target_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    name = checked_name(request["Name"], "Target group")
    target_type = request.get("TargetType") or "instance"
    if target_type not in ("instance", "ip"):
        raise UnsupportedFeatureException(
            f"ecslearn simulates target groups of type instance and ip, not {target_type}."
        )
    protocol, port, vpc_id = request.get("Protocol"), request.get("Port"), request.get("VpcId")
    if protocol is None or port is None or vpc_id is None:
        raise ValidationError(  # ecslearn's wording
            f"A protocol, a port and a VPC ID must be specified for target groups of type "
            f"'{target_type}'"
        )
    if protocol not in (*HTTP_PROTOCOLS, *NETWORK_PROTOCOLS):
        raise UnsupportedFeatureException(f"ecslearn does not simulate {protocol} target groups.")
    if vpc_id not in ctx.state.ec2.vpcs:
        raise ValidationError(f"The VPC ID '{vpc_id}' is not found")
    settings = _settings(request, protocol, target_type)
    checked_health(protocol, settings, "HealthCheckTimeoutSeconds" in request)
    existing = next((g for g in ctx.state.target_groups.values() if g.name == name), None)
    if existing is not None:
        wanted = TargetGroup(
            target_group_name=name,
            protocol=protocol,
            port=port,
            vpc_id=vpc_id,
            target_type=target_type,
        )
        _apply(wanted, settings)
        wanted.target_group_arn = existing.target_group_arn
        if wanted.to_json() == existing.to_json():
            return {"TargetGroups": [group_json(ctx, existing)]}
        raise DuplicateTargetGroupName("A target group with the specified name already exists.")
    group = TargetGroup(
        target_group_arn=arn(ctx, f"targetgroup/{name}/{hex_id(ctx)}"),
        target_group_name=name,
        protocol=protocol,
        port=port,
        vpc_id=vpc_id,
        target_type=target_type,
        matcher=None,
        health_check_path=None,
    )
    _apply(group, settings)
    group.other_attributes = other_attributes(protocol, target_type)
    group.tags = tags_of(request)
    ctx.state.target_groups[group.target_group_arn or ""] = group
    return {"TargetGroups": [group_json(ctx, group)]}


@operation("ModifyTargetGroup", "elbv2")
def modify_target_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["TargetGroupArn"])
    current = {k: v for k, v in group.to_json().items() if k in HEALTH_SETTINGS}
    changes = {k: request[k] for k in HEALTH_SETTINGS if k in request}
    timing = {"HealthCheckTimeoutSeconds", "HealthCheckIntervalSeconds"} & set(changes)
    checked_health(group.protocol or "HTTP", {**current, **changes}, bool(timing))
    _apply(group, changes)
    return {"TargetGroups": [group_json(ctx, group)]}


@operation("DescribeTargetGroups", "elbv2")
def describe_target_groups(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    groups = list(ctx.state.target_groups.values())
    balancer, arns, names = (
        request.get("LoadBalancerArn"),
        request.get("TargetGroupArns"),
        request.get("Names"),
    )
    if sum(bool(x) for x in (balancer, arns, names)) > 1:
        raise ValidationError(
            "Target group names, target group ARNs, and a load balancer ARN cannot be specified "
            "at the same time"
        )
    if balancer:
        find_balancer(ctx, balancer)
        using = elb(ctx).balancers_forwarding_to
        groups = [g for g in groups if balancer in using(g.target_group_arn or "")]
    elif arns or names:
        by_key = {(g.target_group_arn if arns else g.name): g for g in groups}
        wanted = list(dict.fromkeys(arns or names or []))
        if any(key not in by_key for key in wanted):
            raise TargetGroupNotFound("One or more target groups not found")
        groups = [by_key[key] for key in wanted]
    return paged("TargetGroups", [group_json(ctx, g) for g in groups], request)


def _users(ctx: RequestContext, group_arn: str) -> bool:
    if elb(ctx).balancers_forwarding_to(group_arn):
        return True
    for service in ctx.state.services.values():
        if service.status == "INACTIVE":
            continue
        if any(b.target_group_arn == group_arn for b in service.load_balancers or []):
            return True
    return any(
        b.target_group_arn == group_arn
        for balancers in ctx.state.deployment_load_balancers.values()
        for b in balancers
    )


@operation("DeleteTargetGroup", "elbv2")
def delete_target_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group_arn = request["TargetGroupArn"]
    if group_arn not in ctx.state.target_groups:
        return {}
    if _users(ctx, group_arn):
        raise ResourceInUseFault(
            f"Target group '{group_arn}' is currently in use by a listener or a rule",
            hint="Delete the listeners and rules that forward to it (and the ECS services "
            "that register in it) first.",
        )
    del ctx.state.target_groups[group_arn]
    return {}


# -- attributes ---------------------------------------------------------------------------------
def _seconds(key: str, value: str, low: int, high: int, *, zero: bool = False) -> int:
    number = int(value) if value.lstrip("-").isdigit() else None
    if number is None or not (low <= number <= high or (zero and number == 0)):
        raise ValidationError(f"'{key}' value '{value}' must be between '{low}-{high}' inclusive")
    return number


@operation("ModifyTargetGroupAttributes", "elbv2")
def modify_target_group_attributes(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["TargetGroupArn"])
    changes: dict[str, Any] = {}
    others = dict(group.other_attributes)
    for attribute in request["Attributes"]:
        key, value = attribute.get("Key", ""), attribute.get("Value", "")
        if key == "deregistration_delay.timeout_seconds":
            changes["deregistration_delay"] = _seconds(key, value, 0, 3600)
        elif key == "slow_start.duration_seconds":
            if group.protocol not in HTTP_PROTOCOLS:
                raise InvalidConfigurationRequest(  # ecslearn's wording
                    f"Slow start is not supported for target groups with the {group.protocol} "
                    "protocol"
                )
            changes["slow_start"] = _seconds(key, value, 30, 900, zero=True)
        elif key in others:
            others[key] = value
        else:
            raise ValidationError(f"Target group attribute key '{key}' is not recognized")
    for name, value in changes.items():
        setattr(group, name, value)
    group.other_attributes = others
    return {"Attributes": group.attributes()}


@operation("DescribeTargetGroupAttributes", "elbv2")
def describe_target_group_attributes(
    ctx: RequestContext, request: dict[str, Any]
) -> dict[str, Any]:
    return {"Attributes": find_group(ctx, request["TargetGroupArn"]).attributes()}
