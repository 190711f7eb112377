"""A listener's and a rule's actions, checked as ELB checks them and written as ELB answers them.

AWS's texts: "The following target groups cannot be associated with more than one load
balancer: <arn>" (TargetGroupAssociationLimit, as clients quote it). ELB answers a forward to one
target group in both spellings (``TargetGroupArn`` and a ``ForwardConfig`` of weight 1) and
numbers actions by ``Order``; ecslearn does the same.

What ecslearn simulates: forward (one target group, or up to five with weights 0-999; a Network
Load Balancer forwards to one), fixed-response and redirect. Authentication actions are
refused as not simulated.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    IncompatibleProtocols,
    InvalidLoadBalancerAction,
    TargetGroupAssociationLimit,
    UnsupportedFeatureException,
    ValidationError,
)
from ecslearn.model.elbv2 import ElbLoadBalancer
from ecslearn.services.elbv2.common import elb, find_group
from ecslearn.services.handlers import RequestContext

TERMINAL = ("forward", "fixed-response", "redirect")


def _forward(
    ctx: RequestContext, action: dict[str, Any], balancer: ElbLoadBalancer
) -> dict[str, Any]:
    config = action.get("ForwardConfig") or {}
    listed = config.get("TargetGroups") or []
    single = action.get("TargetGroupArn")
    if single and listed and [g.get("TargetGroupArn") for g in listed] != [single]:
        raise ValidationError(  # ecslearn's wording
            "You cannot specify both a target group ARN and a ForwardConfig that names other "
            "target groups"
        )
    if not single and not listed:
        raise ValidationError("A forward action must specify a target group")  # ecslearn's
    groups = listed or [{"TargetGroupArn": single, "Weight": 1}]
    if len(groups) > 5 or (balancer.type == "network" and len(groups) > 1):
        raise ValidationError(  # ecslearn's wording
            "A forward action can name at most 5 target groups (1 on a Network Load Balancer)"
        )
    for entry in groups:
        weight = entry.get("Weight", 1)
        if not 0 <= weight <= 999:
            raise ValidationError(f"Target group weight '{weight}' must be between 0 and 999")
        _checked_group(ctx, entry["TargetGroupArn"], balancer)
    answer = {
        "Type": "forward",
        "ForwardConfig": {
            "TargetGroups": [
                {"TargetGroupArn": g["TargetGroupArn"], "Weight": g.get("Weight", 1)}
                for g in groups
            ],
            "TargetGroupStickinessConfig": config.get("TargetGroupStickinessConfig")
            or {"Enabled": False},
        },
    }
    if len(groups) == 1:
        answer["TargetGroupArn"] = groups[0]["TargetGroupArn"]
    return answer


def _checked_group(ctx: RequestContext, group_arn: str, balancer: ElbLoadBalancer) -> None:
    group = find_group(ctx, group_arn)
    elsewhere = [a for a in elb(ctx).balancers_forwarding_to(group_arn) if a != balancer.arn]
    if elsewhere:
        raise TargetGroupAssociationLimit(
            "The following target groups cannot be associated with more than one load "
            f"balancer: {group_arn}"
        )
    http = group.protocol in ("HTTP", "HTTPS")
    if http != (balancer.type == "application"):
        raise IncompatibleProtocols(  # ecslearn's wording
            f"The target group {group.name} uses {group.protocol}, which a "
            f"{balancer.type} load balancer cannot forward to"
        )
    if group.vpc_id != balancer.vpc_id:
        raise ValidationError(  # ecslearn's wording
            f"The target group {group.name} is in {group.vpc_id}, not in the load balancer's "
            f"VPC {balancer.vpc_id}"
        )


def _other(action: dict[str, Any], kind: str, balancer: ElbLoadBalancer) -> dict[str, Any]:
    if balancer.type == "network":
        raise InvalidLoadBalancerAction(  # ecslearn's wording
            f"A Network Load Balancer's listener can only forward; '{kind}' is not supported"
        )
    key = "FixedResponseConfig" if kind == "fixed-response" else "RedirectConfig"
    config = action.get(key)
    if config is None:
        raise ValidationError(f"A {kind} action must have a {key}")  # ecslearn's wording
    if kind == "fixed-response":
        config = {"ContentType": "text/plain", **config}
    else:
        config = {
            "Protocol": "#{protocol}",
            "Port": "#{port}",
            "Host": "#{host}",
            "Path": "/#{path}",
            "Query": "#{query}",
            **config,
        }
    return {"Type": kind, key: config}


def checked_actions(
    ctx: RequestContext, actions: list[dict[str, Any]], balancer: ElbLoadBalancer
) -> list[dict[str, Any]]:
    """`actions` checked against the load balancer, in ELB's answer's shape and order."""
    ordered = sorted(enumerate(actions), key=lambda item: (item[1].get("Order", 0), item[0]))
    checked = []
    for number, (_, action) in enumerate(ordered, start=1):
        kind = action.get("Type", "")
        if kind not in TERMINAL:
            raise UnsupportedFeatureException(
                f"ecslearn does not simulate '{kind}' actions; it simulates {', '.join(TERMINAL)}."
            )
        if kind == "forward":
            done = _forward(ctx, action, balancer)
        else:
            done = _other(action, kind, balancer)
        checked.append({**done, "Order": action.get("Order", number)})
    terminal = [a for a in checked if a["Type"] in TERMINAL]
    if len(terminal) != 1:
        raise InvalidLoadBalancerAction(  # ecslearn's wording
            "A rule must have exactly one forward, fixed-response or redirect action"
        )
    return checked
