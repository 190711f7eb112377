"""What ELBv2's handlers share: ARNs, finding things, names, paging and tags.

AWS's texts: "A load balancer with the specified name already exists." and the other
not-found sentences of the API reference's error descriptions ("The specified load balancer
does not exist.", ...); DescribeLoadBalancers with names it does not know answers "Load
balancers '[name]' not found" (as clients quote it). Names follow the API reference: at most 32
alphanumeric characters or hyphens, not beginning or ending with a hyphen (and a load balancer's
not beginning with ``internal-``); the sentences for a bad name are moto's, which mirrors AWS's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import offset_page
from ecslearn.errors import (
    ListenerNotFound,
    LoadBalancerNotFound,
    RuleNotFound,
    TargetGroupNotFound,
    ValidationError,
)
from ecslearn.model.elbv2 import ElbLoadBalancer, ElbState, Listener, ListenerRule
from ecslearn.model.load_balancing import TargetGroup
from ecslearn.services.handlers import RequestContext

T = TypeVar("T")
_NAME = re.compile(r"^[A-Za-z0-9-]+$")


def elb(ctx: RequestContext) -> ElbState:
    return ctx.state.elbv2


def arn(ctx: RequestContext, resource: str) -> str:
    return f"arn:aws:elasticloadbalancing:{ctx.region}:{ACCOUNT_ID}:{resource}"


def hex_id(ctx: RequestContext) -> str:
    """A 16-hex-digit ID, as ELB's ARNs end (seeded)."""
    return f"{ctx.rng.getrandbits(64):016x}"


def checked_name(name: str, what: str) -> str:
    """A load balancer's or target group's name, checked as ELB checks it."""
    if len(name) > 32:
        raise ValidationError(f"{what} name '{name}' cannot be longer than '32' characters")
    if not _NAME.match(name):
        raise ValidationError(
            f"{what} name '{name}' can only contain characters that are alphanumeric "
            "characters or hyphens(-)"
        )
    if name.startswith("-") or name.endswith("-"):
        raise ValidationError(f"{what} name '{name}' cannot begin or end with '-'")
    return name


def find_balancer(ctx: RequestContext, balancer_arn: str) -> ElbLoadBalancer:
    balancer = elb(ctx).load_balancers.get(balancer_arn)
    if balancer is None:
        raise LoadBalancerNotFound(
            "The specified load balancer does not exist.",
            hint="elbv2.describe_load_balancers() lists the load balancers of this region.",
        )
    return balancer


def balancer_of(ctx: RequestContext, listener: Listener) -> ElbLoadBalancer:
    """A listener's load balancer (deleting a load balancer deletes its listeners, so there is
    always one)."""
    return elb(ctx).load_balancers[listener.load_balancer_arn]


def find_group(ctx: RequestContext, group_arn: str) -> TargetGroup:
    group = ctx.state.target_groups.get(group_arn)
    if group is None:
        raise TargetGroupNotFound(
            "One or more target groups not found",
            hint="elbv2.describe_target_groups() lists the target groups of this region.",
        )
    return group


def find_listener(ctx: RequestContext, listener_arn: str) -> Listener:
    listener = elb(ctx).listeners.get(listener_arn)
    if listener is None:
        raise ListenerNotFound(
            "One or more listeners not found",
            hint="elbv2.describe_listeners(LoadBalancerArn=...) lists a load balancer's.",
        )
    return listener


def find_rule(ctx: RequestContext, rule_arn: str) -> ListenerRule:
    rule = elb(ctx).rules.get(rule_arn)
    if rule is None:
        raise RuleNotFound(
            "One or more rules not found",
            hint="elbv2.describe_rules(ListenerArn=...) lists a listener's rules.",
        )
    return rule


def page(items: Sequence[T], request: dict[str, Any]) -> tuple[list[T], str | None]:
    """ELB's Marker/PageSize paging (at most 400 a page): one page and the next marker."""
    size = request.get("PageSize") or 400
    return offset_page(
        items,
        size,
        request.get("Marker"),
        lambda bad: ValidationError(f"The marker '{bad[:100]}' is not valid"),
    )


def paged(key: str, items: Sequence[Any], request: dict[str, Any]) -> dict[str, Any]:
    shown, marker = page(items, request)
    answer: dict[str, Any] = {key: shown}
    if marker:
        answer["NextMarker"] = marker
    return answer


def tags_of(request: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in request.get("Tags") or []}
