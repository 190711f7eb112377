"""CreateService's and UpdateService's checks of the deployment strategy: BLUE_GREEN, LINEAR and
CANARY with their bake times, lifecycle hooks and the load balancers' advancedConfiguration.

What botocore's ECS model and AWS's API reference say, checked at the door (the engine,
`ecslearn.control.services.traffic_shift`, reads every field later and must never meet one it
cannot use):

- ``bakeTimeInMinutes`` "must be provided when you use the BLUE_GREEN deployment strategy";
  ecslearn accepts 0 to 1440 minutes (AWS leaves the range unsaid: ecslearn uses the range the
  linear and canary bake times document). With LINEAR or CANARY it may be left out: 0.
- ``linearConfiguration`` is "only valid when the deployment strategy is LINEAR": stepPercent a
  multiple of 0.1 from 3.0 to 100.0 (default 10.0), stepBakeTimeInMinutes 0 to 1440 (default 6).
- ``canaryConfiguration`` is "only valid when the deployment strategy is CANARY": canaryPercent
  a multiple of 0.1 from 0.1 to 100.0 (default 5.0), canaryBakeTimeInMinutes 0 to 1440
  (default 10). The defaults are written into the configuration, as DescribeServices echoes it.
- A lifecycle hook: ``targetType`` AWS_LAMBDA (the default) needs ``hookTargetArn``; a PAUSE hook
  takes none; each needs ``lifecycleStages``. ecslearn refuses hooks on a ROLLING service (AWS
  documents them for blue/green, linear and canary deployments).
- ``advancedConfiguration`` on a load balancer needs ``alternateTargetGroupArn`` (an existing
  target group other than the primary one), ``productionListenerRule`` (an existing listener
  rule, or a listener for a Network Load Balancer, whose forward action names both the primary
  and the alternate target group, weights 100 and 0, as AWS's set-up guide builds it: a target
  group no rule forwards to gets no health checks, so green could never turn healthy) and
  ``roleArn``; ``testListenerRule`` is optional and must exist.
  A BLUE_GREEN, LINEAR or CANARY service without any load balancer is accepted: AWS documents
  such "headless" services as deployed by stages without managed traffic shifting.

Messages are ecslearn's wording unless marked: AWS's exact texts are not published.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.load_balancing.traffic_weights import rule_actions
from ecslearn.control.services.traffic_shift import CANARY_DEFAULTS, LINEAR_DEFAULTS, SHIFTING
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.elbv2 import forwarded_groups
from ecslearn.model.service import DeploymentConfiguration, LoadBalancer

MAX_BAKE_MINUTES = 1440


def _minutes(value: Any, what: str) -> None:
    if value is not None and not 0 <= value <= MAX_BAKE_MINUTES:
        raise InvalidParameterException(
            f"{what} must be between 0 and {MAX_BAKE_MINUTES} minutes; it was {value}."
        )


def _percent(value: Any, what: str, low: float) -> None:
    tenths = round(value * 10)
    if not low <= value <= 100.0 or abs(value * 10 - tenths) > 1e-6:
        raise InvalidParameterException(
            f"{what} must be a multiple of 0.1 from {low} to 100.0; it was {value}."
        )


def check(config: DeploymentConfiguration) -> None:
    """The strategy's own settings, with their defaults filled in (changes `config`)."""
    strategy = config.strategy or "ROLLING"
    if config.linear_configuration is not None and strategy != "LINEAR":
        raise InvalidParameterException(
            "linearConfiguration is only valid when the deployment strategy is LINEAR.",
            hint="Set deploymentConfiguration.strategy to LINEAR, or leave it out.",
        )
    if config.canary_configuration is not None and strategy != "CANARY":
        raise InvalidParameterException(
            "canaryConfiguration is only valid when the deployment strategy is CANARY.",
            hint="Set deploymentConfiguration.strategy to CANARY, or leave it out.",
        )
    if strategy == "BLUE_GREEN" and config.bake_time_in_minutes is None:
        raise InvalidParameterException(
            "bakeTimeInMinutes must be provided when you use the BLUE_GREEN deployment strategy.",
            hint="How long both revisions keep running after production traffic shifted: "
            "deploymentConfiguration={'strategy': 'BLUE_GREEN', 'bakeTimeInMinutes': 5}.",
        )
    _minutes(config.bake_time_in_minutes, "bakeTimeInMinutes")
    if strategy == "LINEAR":
        linear = {**LINEAR_DEFAULTS, **(config.linear_configuration or {})}
        _percent(linear["stepPercent"], "linearConfiguration.stepPercent", 3.0)
        _minutes(linear["stepBakeTimeInMinutes"], "linearConfiguration.stepBakeTimeInMinutes")
        config.linear_configuration = linear
    if strategy == "CANARY":
        canary = {**CANARY_DEFAULTS, **(config.canary_configuration or {})}
        _percent(canary["canaryPercent"], "canaryConfiguration.canaryPercent", 0.1)
        _minutes(canary["canaryBakeTimeInMinutes"], "canaryConfiguration.canaryBakeTimeInMinutes")
        config.canary_configuration = canary
    _hooks(config.lifecycle_hooks or [], strategy)
    alarms = config.alarms
    if alarms is not None and alarms.get("enable") and not alarms.get("alarmNames"):
        raise InvalidParameterException(
            "alarms.alarmNames must name at least one CloudWatch alarm when alarms are enabled."
        )


def _hooks(hooks: list[dict[str, Any]], strategy: str) -> None:
    if hooks and strategy not in SHIFTING:
        raise InvalidParameterException(
            "lifecycleHooks are supported only with the BLUE_GREEN, LINEAR and CANARY "
            "deployment strategies.",
            hint="Set deploymentConfiguration.strategy to BLUE_GREEN, LINEAR or CANARY.",
        )
    for hook in hooks:
        kind = hook.get("targetType") or "AWS_LAMBDA"
        if not hook.get("lifecycleStages"):
            raise InvalidParameterException("A lifecycle hook needs at least one lifecycleStage.")
        if kind == "AWS_LAMBDA" and not hook.get("hookTargetArn"):
            raise InvalidParameterException(
                "hookTargetArn must be provided for an AWS_LAMBDA lifecycle hook.",
                hint="The Lambda function's ARN; in ecslearn, register its answer with "
                "sim.lifecycle_hooks.register(arn, answer).",
            )
        if kind == "PAUSE" and hook.get("hookTargetArn"):
            raise InvalidParameterException("A PAUSE lifecycle hook takes no hookTargetArn.")


def check_balancers(
    state: RegionState, balancers: list[LoadBalancer], config: DeploymentConfiguration | None
) -> None:
    """Each load balancer's advancedConfiguration: what traffic shifting will rewrite."""
    for balancer in balancers:
        advanced = balancer.advanced_configuration
        if advanced is None:
            continue
        primary = balancer.target_group_arn or ""
        alternate = advanced.get("alternateTargetGroupArn") or ""
        production = advanced.get("productionListenerRule") or ""
        for member, value in (
            ("alternateTargetGroupArn", alternate),
            ("productionListenerRule", production),
            ("roleArn", advanced.get("roleArn")),
        ):
            if not value:
                raise InvalidParameterException(
                    f"advancedConfiguration.{member} must be provided.",
                    hint="Blue/green traffic shifting needs an alternate target group, the "
                    "production listener rule and a role ECS uses to change it.",
                )
        if alternate not in state.target_groups:
            raise InvalidParameterException(f"The target group {alternate} was not found.")
        if alternate == primary:
            raise InvalidParameterException(
                "advancedConfiguration.alternateTargetGroupArn must differ from targetGroupArn."
            )
        actions = rule_actions(state, production)
        if actions is None:
            raise InvalidParameterException(f"The listener rule {production} was not found.")
        if not {primary, alternate} <= set(forwarded_groups(actions)):
            raise InvalidParameterException(
                f"The production listener rule {production} must forward to both target groups "
                f"{primary} and {alternate}.",
                hint="Forward the rule to the primary target group (weight 100) and the "
                "alternate one (weight 0), as AWS's blue/green set-up does.",
            )
        test = advanced.get("testListenerRule")
        if test and rule_actions(state, test) is None:
            raise InvalidParameterException(f"The listener rule {test} was not found.")


def merged(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """UpdateService's deploymentConfiguration over the service's: a changed strategy drops
    the old strategy's own configuration unless the update gives it again."""
    result = {**current, **update}
    if update.get("strategy") and update["strategy"] != current.get("strategy"):
        for member in ("linearConfiguration", "canaryConfiguration"):
            if member not in update:
                result.pop(member, None)
    return result
