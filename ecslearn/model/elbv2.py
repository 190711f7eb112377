"""Load balancers, listeners and listener rules of ELBv2, as plain data.

Target groups and their targets live in `ecslearn.model.load_balancing` (ECS's side has always
read them there); this module holds what stands in front of them. Actions and conditions are
kept exactly as ELBv2's JSON writes them (``{"Type": "forward", "ForwardConfig": {...}}``,
``{"Field": "path-pattern", "PathPatternConfig": {"Values": [...]}}``), normalised once when a
request is accepted, so a describe answers what a create took and the router reads one shape.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from ecslearn.model.ec2 import Ec2State, Subnet

#: ELB's states of a load balancer (``State.Code``).
PROVISIONING, ACTIVE = "provisioning", "active"


@dataclass
class ElbLoadBalancer:
    """An Application or Network Load Balancer."""

    arn: str
    name: str
    type: str  # application | network
    scheme: str  # internet-facing | internal
    vpc_id: str
    dns_name: str
    hosted_zone_id: str
    created_at: float  # epoch seconds
    #: [{"ZoneName": ..., "SubnetId": ...}], in the order the subnets were given
    zones: list[dict[str, str]] = field(default_factory=list)
    security_groups: list[str] = field(default_factory=list)
    ip_address_type: str = "ipv4"
    state: str = PROVISIONING
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def zone_names(self) -> set[str]:
        return {z["ZoneName"] for z in self.zones}

    @property
    def short_type(self) -> str:
        """``app`` or ``net``, as ARNs write the type."""
        return "app" if self.type == "application" else "net"

    @property
    def id_path(self) -> str:
        """``app/<name>/<id>``: the part of the ARN listeners' and rules' ARNs repeat."""
        return self.arn.split(":loadbalancer/", 1)[1]


@dataclass
class ListenerRule:
    """A listener rule; the default rule (priority ``default``) holds the listener's default
    actions. `credits` is the weighted round robin's bookkeeping per target group (see
    `ecslearn.control.load_balancing.request_routing`)."""

    arn: str
    listener_arn: str
    priority: str  # "1".."50000", or "default"
    conditions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    credits: dict[str, float] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def is_default(self) -> bool:
        return self.priority == "default"

    @property
    def order(self) -> int:
        """Where the rule is evaluated: by priority, the default rule last."""
        return 50001 if self.is_default else int(self.priority)


@dataclass
class Listener:
    """A listener: a port and protocol of a load balancer and the rules behind it."""

    arn: str
    load_balancer_arn: str
    port: int
    protocol: str
    certificates: list[dict[str, Any]] = field(default_factory=list)
    ssl_policy: str | None = None
    alpn_policy: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class ElbState:
    """One region's ELBv2 (besides target groups, which `RegionState.target_groups` holds)."""

    load_balancers: dict[str, ElbLoadBalancer] = field(default_factory=dict)
    listeners: dict[str, Listener] = field(default_factory=dict)
    rules: dict[str, ListenerRule] = field(default_factory=dict)

    def listeners_of(self, balancer_arn: str) -> list[Listener]:
        """The load balancer's listeners, by port."""
        found = [x for x in self.listeners.values() if x.load_balancer_arn == balancer_arn]
        return sorted(found, key=lambda listener: listener.port)

    def rules_of(self, listener_arn: str) -> list[ListenerRule]:
        """The listener's rules in evaluation order: by priority, the default rule last."""
        found = [r for r in self.rules.values() if r.listener_arn == listener_arn]
        return sorted(found, key=lambda rule: rule.order)

    def default_rule(self, listener_arn: str) -> ListenerRule:
        return next(r for r in self.rules_of(listener_arn) if r.is_default)

    def balancers_forwarding_to(self, group_arn: str) -> list[str]:
        """The ARNs of the load balancers with a rule that forwards to the target group."""
        found: list[str] = []
        for rule in self.rules.values():
            if group_arn in forwarded_groups(rule.actions):
                listener = self.listeners.get(rule.listener_arn)
                if listener is not None and listener.load_balancer_arn not in found:
                    found.append(listener.load_balancer_arn)
        return found


def forward_weights(action: dict[str, Any]) -> list[tuple[str, int]]:
    """(target group ARN, weight) of a forward action, in either of ELB's two spellings."""
    if action.get("Type") != "forward":
        return []
    groups = (action.get("ForwardConfig") or {}).get("TargetGroups")
    if groups:
        return [(g["TargetGroupArn"], int(g.get("Weight", 1))) for g in groups]
    return [(action["TargetGroupArn"], 1)] if action.get("TargetGroupArn") else []


def forwarded_groups(actions: list[dict[str, Any]]) -> list[str]:
    return [arn for action in actions for arn, _ in forward_weights(action)]


def subnet_of(ec2: Ec2State, vpc_id: str | None, address: str) -> Subnet | None:
    """The subnet of the VPC that holds `address` (None outside the VPC, or not an address)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    return next(
        (
            s
            for s in ec2.subnets.values()
            if s.vpc_id == vpc_id and ip in ipaddress.ip_network(s.cidr_block)
        ),
        None,
    )


def private_address(address: str) -> bool:
    """Whether `address` is in the ranges ELB takes outside a VPC (RFC 1918 and RFC 6598)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    ranges = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
    return any(ip in ipaddress.ip_network(r) for r in ranges)
