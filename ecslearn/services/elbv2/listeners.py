"""CreateListener, ModifyListener, DescribeListeners and DeleteListener.

A listener listens on a port with a protocol (HTTP or HTTPS for an Application Load Balancer;
TCP, TLS, UDP or TCP_UDP for a Network Load Balancer) and owns a default rule that holds its
default actions: DescribeRules lists it last, with priority ``default``. "A listener with the
specified port already exists." is the API reference's description of DuplicateListener; like
CreateLoadBalancer, a call with the same settings answers the same listener. Deleting a listener
deletes its rules.

ecslearn's choices: certificates of HTTPS and TLS listeners are required and stored but not
checked (ACM is not simulated), and a request over ``https://`` is routed like one over
``http://``.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import DuplicateListener, ListenerNotFound, ValidationError
from ecslearn.model.elbv2 import ElbLoadBalancer, Listener, ListenerRule
from ecslearn.services.elbv2.actions import checked_actions
from ecslearn.services.elbv2.common import (
    arn,
    balancer_of,
    elb,
    find_balancer,
    find_listener,
    hex_id,
    paged,
    tags_of,
)
from ecslearn.services.handlers import RequestContext, operation

PROTOCOLS = {"application": ("HTTP", "HTTPS"), "network": ("TCP", "TLS", "UDP", "TCP_UDP")}
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"


def listener_json(ctx: RequestContext, listener: Listener) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ListenerArn": listener.arn,
        "LoadBalancerArn": listener.load_balancer_arn,
        "Port": listener.port,
        "Protocol": listener.protocol,
        "DefaultActions": elb(ctx).default_rule(listener.arn).actions,
    }
    if listener.certificates:
        data["Certificates"] = listener.certificates
        data["SslPolicy"] = listener.ssl_policy
    if listener.alpn_policy:
        data["AlpnPolicy"] = listener.alpn_policy
    return data


def _checked(balancer: ElbLoadBalancer, protocol: str, request: dict[str, Any]) -> None:
    allowed = PROTOCOLS[balancer.type]
    if protocol not in allowed:
        raise ValidationError(
            f"Listener protocol '{protocol}' must be one of '{', '.join(reversed(allowed))}'"
        )
    if protocol in ("HTTPS", "TLS") and not request.get("Certificates"):
        raise ValidationError(  # ecslearn's wording
            f"A certificate must be specified for {protocol} listeners"
        )


@operation("CreateListener", "elbv2")
def create_listener(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    balancer = find_balancer(ctx, request["LoadBalancerArn"])
    protocol = request.get("Protocol") or PROTOCOLS[balancer.type][0]
    port = request.get("Port")
    if port is None:
        raise ValidationError("A listener port must be specified")  # ecslearn's wording
    _checked(balancer, protocol, request)
    actions = checked_actions(ctx, request["DefaultActions"], balancer)
    existing = next(
        (known for known in elb(ctx).listeners_of(balancer.arn) if known.port == port), None
    )
    if existing is not None:
        same = existing.protocol == protocol and (
            elb(ctx).default_rule(existing.arn).actions == actions
        )
        if same:
            return {"Listeners": [listener_json(ctx, existing)]}
        raise DuplicateListener("A listener with the specified port already exists.")
    listener_id = hex_id(ctx)
    listener = Listener(
        arn=arn(ctx, f"listener/{balancer.id_path}/{listener_id}"),
        load_balancer_arn=balancer.arn,
        port=port,
        protocol=protocol,
        certificates=list(request.get("Certificates") or []),
        ssl_policy=(request.get("SslPolicy") or DEFAULT_SSL_POLICY)
        if request.get("Certificates")
        else None,
        alpn_policy=list(request.get("AlpnPolicy") or []),
        tags=tags_of(request),
    )
    rule = ListenerRule(
        arn=arn(ctx, f"listener-rule/{balancer.id_path}/{listener_id}/{hex_id(ctx)}"),
        listener_arn=listener.arn,
        priority="default",
        actions=actions,
    )
    elb(ctx).listeners[listener.arn] = listener
    elb(ctx).rules[rule.arn] = rule
    ctx.world.record(
        "elb",
        f"load balancer {balancer.name} listens on {protocol}:{port}",
        details={"load_balancer": balancer.arn},
    )
    return {"Listeners": [listener_json(ctx, listener)]}


@operation("ModifyListener", "elbv2")
def modify_listener(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    listener = find_listener(ctx, request["ListenerArn"])
    balancer = balancer_of(ctx, listener)
    protocol = request.get("Protocol") or listener.protocol
    port = request.get("Port") or listener.port
    merged = {"Certificates": request.get("Certificates") or listener.certificates}
    _checked(balancer, protocol, merged)
    if port != listener.port and any(
        other.port == port for other in elb(ctx).listeners_of(balancer.arn)
    ):
        raise DuplicateListener("A listener with the specified port already exists.")
    if "DefaultActions" in request:
        actions = checked_actions(ctx, request["DefaultActions"], balancer)
        elb(ctx).default_rule(listener.arn).actions = actions
    listener.protocol, listener.port = protocol, port
    listener.certificates = list(merged["Certificates"])
    return {"Listeners": [listener_json(ctx, listener)]}


@operation("DescribeListeners", "elbv2")
def describe_listeners(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    balancer_arn, arns = request.get("LoadBalancerArn"), request.get("ListenerArns")
    if bool(balancer_arn) == bool(arns):
        raise ValidationError(  # ecslearn's wording
            "You must specify either listener ARNs or a load balancer ARN"
        )
    if balancer_arn:
        listeners = elb(ctx).listeners_of(find_balancer(ctx, balancer_arn).arn)
    else:
        listeners = [find_listener(ctx, a) for a in dict.fromkeys(arns or [])]
    return paged("Listeners", [listener_json(ctx, one) for one in listeners], request)


@operation("DeleteListener", "elbv2")
def delete_listener(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    listener = elb(ctx).listeners.get(request["ListenerArn"])
    if listener is None:
        raise ListenerNotFound("One or more listeners not found")
    for rule in elb(ctx).rules_of(listener.arn):
        del elb(ctx).rules[rule.arn]
    del elb(ctx).listeners[listener.arn]
    return {}
