"""How ECS moves traffic between a service's blue and green target groups: it rewrites the
forward action of a listener rule (ELB's ModifyRule) or, for a listener's default rule (a
Network Load Balancer's production "rule" is its listener), the listener's default actions
(ModifyListener), through ELB's own API as ECS's infrastructure role does. The change is real:
DescribeRules shows the new weights and requests sent afterwards follow them.

Weights are ELB's integers 0 to 999. A whole percentage p is written as weights 100-p and p; a
percentage with tenths (a canary of 2.5%) as 1000-10p and 10p, which stays within 999 for every
percentage between 0.1 and 99.9. Other actions on the rule (say, authentication before the
forward) are kept in their place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.errors import EcsError

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World


def weights(green_percent: float) -> tuple[int, int]:
    """(blue, green) ELB weights for `green_percent` of the traffic on green."""
    if abs(green_percent - round(green_percent)) < 1e-9:
        green = round(green_percent)
        return 100 - green, green
    green = round(green_percent * 10)
    return 1000 - green, green


def rule_actions(state: RegionState, arn: str) -> list[dict[str, Any]] | None:
    """A listener rule's actions, or a listener's default actions (None: neither exists)."""
    rule = state.elbv2.rules.get(arn)
    if rule is not None:
        return rule.actions
    if arn in state.elbv2.listeners:
        return state.elbv2.default_rule(arn).actions
    return None


def forward_to(
    world: World, state: RegionState, arn: str, blue: str, green: str, green_percent: float
) -> str | None:
    """Make the rule (or listener) `arn` forward `green_percent` of its requests to the target
    group `green` and the rest to `blue`. None when done; otherwise why it could not be (the
    rule was deleted, or ELB refused the change)."""
    actions = rule_actions(state, arn)
    if actions is None:
        return f"The listener rule {arn} was not found."
    blue_weight, green_weight = weights(green_percent)
    forward = {
        "Type": "forward",
        "ForwardConfig": {
            "TargetGroups": [
                {"TargetGroupArn": blue, "Weight": blue_weight},
                {"TargetGroupArn": green, "Weight": green_weight},
            ]
        },
    }
    rewritten = [dict(a) for a in actions if a.get("Type") != "forward"]
    position = next((i for i, a in enumerate(actions) if a.get("Type") == "forward"), None)
    if position is None:
        position = len(rewritten)
    rewritten.insert(position, forward)
    for order, action in enumerate(rewritten, start=1):
        action["Order"] = order
    if arn in state.elbv2.rules and not state.elbv2.rules[arn].is_default:
        operation, request = "ModifyRule", {"RuleArn": arn, "Actions": rewritten}
    else:
        listener = arn if arn in state.elbv2.listeners else state.elbv2.rules[arn].listener_arn
        operation, request = (
            "ModifyListener",
            {"ListenerArn": listener, "DefaultActions": rewritten},
        )
    try:
        world.dispatcher.call("elbv2", operation, request, state.region)
    except EcsError as error:
        return f"Elastic Load Balancing refused to change {arn}: {error.message}"
    return None
