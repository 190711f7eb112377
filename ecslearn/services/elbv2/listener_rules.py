"""CreateRule, ModifyRule, DescribeRules and DeleteRule: an Application Load Balancer's listener
rules.

A rule has a priority (1-50000, unique in its listener: PriorityInUse otherwise), conditions
(`ecslearn.services.elbv2.condition_checks`) and actions; ELB evaluates rules from the lowest
priority to the highest and the default rule last
(`ecslearn.control.load_balancing.request_routing`). The default rule cannot be changed with
ModifyRule or deleted (ModifyListener changes its actions).
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    InvalidConfigurationRequest,
    OperationNotPermitted,
    PriorityInUse,
    RuleNotFound,
    ValidationError,
)
from ecslearn.model.elbv2 import Listener, ListenerRule
from ecslearn.services.elbv2 import condition_checks
from ecslearn.services.elbv2.actions import checked_actions
from ecslearn.services.elbv2.common import (
    arn,
    balancer_of,
    elb,
    find_listener,
    find_rule,
    hex_id,
    paged,
    tags_of,
)
from ecslearn.services.handlers import RequestContext, operation


def rule_json(rule: ListenerRule) -> dict[str, Any]:
    return {
        "RuleArn": rule.arn,
        "Priority": rule.priority,
        "Conditions": rule.conditions,
        "Actions": rule.actions,
        "IsDefault": rule.is_default,
    }


def checked_conditions(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conditions in ELB's answer's shape (`condition_checks.answered`), checked against
    the user guide's rules."""
    return condition_checks.checked(conditions)


def _application_listener(ctx: RequestContext, listener: Listener) -> None:
    if balancer_of(ctx, listener).type != "application":
        raise InvalidConfigurationRequest(  # ecslearn's wording
            "Rules are supported only on listeners of Application Load Balancers"
        )


@operation("CreateRule", "elbv2")
def create_rule(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    listener = find_listener(ctx, request["ListenerArn"])
    _application_listener(ctx, listener)
    priority = str(request["Priority"])
    if any(r.priority == priority for r in elb(ctx).rules_of(listener.arn)):
        raise PriorityInUse(f"Priority '{priority}' is currently in use")
    balancer = balancer_of(ctx, listener)
    conditions = checked_conditions(request["Conditions"])
    actions = checked_actions(ctx, request["Actions"], balancer)
    listener_id = listener.arn.rsplit("/", 1)[1]
    rule = ListenerRule(
        arn=arn(ctx, f"listener-rule/{balancer.id_path}/{listener_id}/{hex_id(ctx)}"),
        listener_arn=listener.arn,
        priority=priority,
        conditions=conditions,
        actions=actions,
        tags=tags_of(request),
    )
    elb(ctx).rules[rule.arn] = rule
    return {"Rules": [rule_json(rule)]}


@operation("ModifyRule", "elbv2")
def modify_rule(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    rule = find_rule(ctx, request["RuleArn"])
    if rule.is_default:
        raise OperationNotPermitted(  # ecslearn's wording
            "The default rule cannot be modified",
            hint="elbv2.modify_listener(ListenerArn=..., DefaultActions=[...]) changes it.",
        )
    if "Conditions" not in request and "Actions" not in request:
        raise ValidationError("Either conditions or actions must be specified")
    balancer = balancer_of(ctx, elb(ctx).listeners[rule.listener_arn])
    conditions = checked_conditions(request.get("Conditions") or rule.conditions)
    actions = checked_actions(ctx, request.get("Actions") or rule.actions, balancer)
    rule.conditions, rule.actions, rule.credits = conditions, actions, {}
    return {"Rules": [rule_json(rule)]}


@operation("DescribeRules", "elbv2")
def describe_rules(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    listener_arn, arns = request.get("ListenerArn"), request.get("RuleArns")
    if bool(listener_arn) == bool(arns):
        raise ValidationError("You must specify either listener rule ARNs or a listener ARN")
    if listener_arn:
        rules = elb(ctx).rules_of(find_listener(ctx, listener_arn).arn)
    else:
        rules = [find_rule(ctx, a) for a in dict.fromkeys(arns or [])]
    return paged("Rules", [rule_json(r) for r in rules], request)


@operation("DeleteRule", "elbv2")
def delete_rule(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    rule = elb(ctx).rules.get(request["RuleArn"])
    if rule is None:
        raise RuleNotFound("One or more rules not found")
    if rule.is_default:
        raise OperationNotPermitted("The default rule cannot be deleted")  # ecslearn's wording
    del elb(ctx).rules[rule.arn]
    return {}


@operation("SetRulePriorities", "elbv2")
def set_rule_priorities(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """New priorities for rules, all at once: every rule must exist and not be a default rule,
    and no two rules of a listener may end with the same priority (checked against the
    listener's other rules as they will be after the change); nothing changes otherwise."""
    wanted: dict[str, str] = {}
    for pair in request["RulePriorities"]:
        if "Priority" not in pair:
            raise ValidationError("A rule priority must be specified")  # ecslearn's wording
        rule = find_rule(ctx, pair.get("RuleArn") or "")
        if rule.is_default:
            raise OperationNotPermitted("Default rule priority cannot be modified")
        wanted[rule.arn] = str(pair["Priority"])
    rules = [elb(ctx).rules[arn] for arn in wanted]
    for listener_arn in {rule.listener_arn for rule in rules}:
        taken: set[str] = set()
        for rule in elb(ctx).rules_of(listener_arn):
            if rule.is_default:
                continue
            priority = wanted.get(rule.arn, rule.priority)
            if priority in taken:
                raise PriorityInUse(f"Priority '{priority}' is currently in use")
            taken.add(priority)
    for rule in rules:
        rule.priority = wanted[rule.arn]
    return {"Rules": [rule_json(rule) for rule in rules]}
