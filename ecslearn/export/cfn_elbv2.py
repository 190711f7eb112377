"""Elastic Load Balancing v2 in a CloudFormation template: load balancers, target groups,
listeners and listener rules.

ELBv2's API already speaks PascalCase, and CloudFormation's properties carry the same names, so
most of an answer is copied; what changes is references (a listener names its load balancer and
target groups by ``Ref``) and what only exists in one account (subnets, security groups, the
VPC: parameters). Describe answers show a rule condition both as ``Values`` and as its
``...Config``; the template keeps the ``...Config`` form only, which says the same thing.
"""

from __future__ import annotations

from typing import Any

from ecslearn.export.cfn_names import Template, ref
from ecslearn.export.cfn_world import Gathered

#: DescribeTargetGroups members that are properties of AWS::ElasticLoadBalancingV2::TargetGroup.
TARGET_GROUP_MEMBERS = (
    "Protocol",
    "Port",
    "TargetType",
    "HealthCheckProtocol",
    "HealthCheckPort",
    "HealthCheckEnabled",
    "HealthCheckPath",
    "HealthCheckIntervalSeconds",
    "HealthCheckTimeoutSeconds",
    "HealthyThresholdCount",
    "UnhealthyThresholdCount",
    "Matcher",
    "ProtocolVersion",
    "IpAddressType",
)
_CONDITION_CONFIGS = (
    "HostHeaderConfig",
    "PathPatternConfig",
    "HttpHeaderConfig",
    "QueryStringConfig",
    "HttpRequestMethodConfig",
    "SourceIpConfig",
)


def load_balancers(template: Template, world: Gathered) -> None:
    for lb in world.load_balancers:
        props: dict[str, Any] = {
            "Name": lb["LoadBalancerName"],
            "Type": lb.get("Type", "application"),
            "Scheme": lb.get("Scheme", "internet-facing"),
            "Subnets": template.subnets(for_load_balancer=True),
        }
        if lb.get("IpAddressType"):
            props["IpAddressType"] = lb["IpAddressType"]
        if lb.get("SecurityGroups"):
            props["SecurityGroups"] = template.security_groups(for_load_balancer=True)
        logical = template.add(
            "LoadBalancer",
            lb["LoadBalancerName"],
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            props,
            keys=(lb["LoadBalancerArn"],),
        )
        full_name = lb["LoadBalancerArn"].split(":loadbalancer/", 1)[-1]
        template.ids[("LoadBalancerFullName", full_name)] = logical


def target_groups(template: Template, world: Gathered) -> None:
    for group in world.target_groups:
        props: dict[str, Any] = {"Name": group["TargetGroupName"]}
        props.update({k: group[k] for k in TARGET_GROUP_MEMBERS if group.get(k) is not None})
        if group.get("TargetType") != "lambda":
            props["VpcId"] = template.vpc()
        attributes = world.target_group_attributes.get(group["TargetGroupArn"])
        if attributes:
            props["TargetGroupAttributes"] = attributes
        logical = template.add(
            "TargetGroup",
            group["TargetGroupName"],
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            props,
            keys=(group["TargetGroupArn"],),
        )
        full_name = group["TargetGroupArn"].split(":", 5)[-1]
        template.ids[("TargetGroupFullName", full_name)] = logical


def _only_repeats(action: dict[str, Any]) -> bool:
    """Whether a ForwardConfig says no more than the action's TargetGroupArn (DescribeRules
    shows a one-group forward both ways)."""
    forward = action["ForwardConfig"]
    groups = forward.get("TargetGroups", [])
    sticky = (forward.get("TargetGroupStickinessConfig") or {}).get("Enabled")
    return bool(action.get("TargetGroupArn")) and len(groups) == 1 and not sticky


def _actions(template: Template, actions: list[dict[str, Any]]) -> tuple[list, list[str]]:
    """Actions with target groups as ``Ref``s, and the target groups' logical ids."""
    out, groups = [], []
    for action in actions:
        action = {k: v for k, v in action.items()}
        logical = template.find("TargetGroup", action.get("TargetGroupArn"))
        if logical:
            action["TargetGroupArn"] = ref(logical)
            groups.append(logical)
        forward = action.get("ForwardConfig")
        if forward and _only_repeats(action):
            del action["ForwardConfig"]
        elif forward:
            forward = dict(forward)
            weighted = []
            for item in forward.get("TargetGroups", []):
                logical = template.find("TargetGroup", item["TargetGroupArn"])
                if logical:
                    groups.append(logical)
                    item = {**item, "TargetGroupArn": ref(logical)}
                weighted.append(item)
            forward["TargetGroups"] = weighted
            action["ForwardConfig"] = forward
        out.append(action)
    return out, groups


def _forwards(template: Template, logical: str, groups: list[str]) -> None:
    for group in groups:
        template.forwarders.setdefault(group, []).append(logical)


def listeners(template: Template, world: Gathered) -> None:
    for listener in world.listeners:
        lb = template.find("LoadBalancer", listener["LoadBalancerArn"])
        actions, groups = _actions(template, listener["DefaultActions"])
        props: dict[str, Any] = {
            "LoadBalancerArn": ref(lb or ""),
            "Port": listener["Port"],
            "Protocol": listener["Protocol"],
            "DefaultActions": actions,
        }
        for key in ("SslPolicy", "Certificates", "AlpnPolicy"):
            if listener.get(key):
                props[key] = listener[key]
        name = f"{lb or 'Listener'}{listener['Port']}"
        logical = template.add(
            "Listener",
            name.removeprefix("LoadBalancer"),
            "AWS::ElasticLoadBalancingV2::Listener",
            props,
            keys=(listener["ListenerArn"],),
        )
        _forwards(template, logical, groups)


def _condition(condition: dict[str, Any]) -> dict[str, Any]:
    out = dict(condition)
    if any(key in out for key in _CONDITION_CONFIGS):
        out.pop("Values", None)
    return out


def rules(template: Template, world: Gathered) -> None:
    for rule in world.rules:
        listener = template.find("Listener", rule["ListenerArn"])
        actions, groups = _actions(template, rule["Actions"])
        props = {
            "ListenerArn": ref(listener or ""),
            "Priority": int(rule["Priority"]),
            "Conditions": [_condition(c) for c in rule["Conditions"]],
            "Actions": actions,
        }
        logical = template.add(
            "ListenerRule",
            f"{listener or ''}{rule['Priority']}".removeprefix("Listener"),
            "AWS::ElasticLoadBalancingV2::ListenerRule",
            props,
            keys=(rule["RuleArn"],),
        )
        _forwards(template, logical, groups)
