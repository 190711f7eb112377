"""Step scaling policies: a learner's own CloudWatch alarm names the policy's ARN in its
AlarmActions, and each time the alarm invokes it (on entering ALARM, then every minute it stays
there) the policy changes the service's desiredCount by the step its breach falls in.

As Application Auto Scaling's user guide describes step scaling:

- The breach is the alarm's newest datapoint minus its threshold. Each step adjustment covers a
  range of the breach, ``[MetricIntervalLowerBound, MetricIntervalUpperBound)`` (a missing lower
  bound is minus infinity, a missing upper bound infinity); the steps may not overlap.
- AdjustmentType ``ChangeInCapacity`` adds ScalingAdjustment tasks to the current desired count,
  ``ExactCapacity`` sets it, ``PercentChangeInCapacity`` adds that percent of it (rounded toward
  zero, but at least one task either way, and at least MinAdjustmentMagnitude); the result is
  clamped to [MinCapacity, MaxCapacity].
- Cooldown (default 300 s for ECS): after a scale-out, another scale-out within the cooldown
  only goes beyond what the last one set; after a scale-in, scale-in waits out the cooldown.

ecslearn chose: the step is chosen from the breach at the alarm's newest datapoint (AWS uses the
MetricAggregationType of the alarm's datapoints, which for one-minute alarms is that value); a
step policy invoked by a target tracking policy's alarm acts like any other alarm's.
"""

from __future__ import annotations

import copy
import itertools
import math
from typing import TYPE_CHECKING, Any

from ecslearn.errors import ValidationException
from ecslearn.model.cloudwatch import MetricAlarm
from ecslearn.model.scaling import DEFAULT_COOLDOWN, ScalableTarget, ScalingPolicy

if TYPE_CHECKING:
    from ecslearn.services.application_autoscaling.target_tracking import Scaler

INF = math.inf


def _bounds(step: dict[str, Any]) -> tuple[float, float]:
    return (
        step.get("MetricIntervalLowerBound", -INF),
        step.get("MetricIntervalUpperBound", INF),
    )


def checked_step_configuration(config: dict[str, Any]) -> dict[str, Any]:
    """A StepScalingPolicyConfiguration Application Auto Scaling accepts (ecslearn's wording)."""
    if "AdjustmentType" not in config:
        raise ValidationException("StepScalingPolicyConfiguration needs an AdjustmentType.")
    steps = config.get("StepAdjustments") or []
    if not steps:
        raise ValidationException("StepScalingPolicyConfiguration needs StepAdjustments.")
    ordered = sorted(steps, key=lambda s: _bounds(s)[0])
    for step in ordered:
        low, high = _bounds(step)
        if low >= high:
            raise ValidationException(
                f"A step adjustment's lower bound ({low}) must be below its upper bound ({high})."
            )
    for before, after in itertools.pairwise(ordered):
        if _bounds(before)[1] > _bounds(after)[0]:
            raise ValidationException("Step adjustments may not overlap.")
    if "MinAdjustmentMagnitude" in config and config["AdjustmentType"] != "PercentChangeInCapacity":
        raise ValidationException(
            "MinAdjustmentMagnitude goes with AdjustmentType PercentChangeInCapacity only."
        )
    if config.get("Cooldown", 0) < 0:
        raise ValidationException(
            f"Cooldown must be 0 or more seconds; it was {config['Cooldown']}."
        )
    return copy.deepcopy(config)


def _step_for(config: dict[str, Any], breach: float) -> dict[str, Any] | None:
    for step in config["StepAdjustments"]:
        low, high = _bounds(step)
        if low <= breach < high:
            return step
    return None


def wanted(config: dict[str, Any], current: int, adjustment: int) -> int:
    """The desired count the step asks for, before MinCapacity and MaxCapacity."""
    kind = config["AdjustmentType"]
    if kind == "ExactCapacity":
        return adjustment
    if kind == "ChangeInCapacity":
        return current + adjustment
    change = current * adjustment / 100.0
    step = math.trunc(change) or (1 if change > 0 else -1 if change < 0 else 0)
    least = config.get("MinAdjustmentMagnitude", 0)
    if step and abs(step) < least:
        step = least if step > 0 else -least
    return current + step


def run_step_policy(
    scaler: Scaler, target: ScalableTarget, policy: ScalingPolicy, alarm: MetricAlarm
) -> None:
    """What one invocation of a step policy by `alarm` does to the service."""
    if alarm.latest is None or "Threshold" not in alarm.config:
        return
    config = policy.configuration
    step = _step_for(config, alarm.latest - float(alarm.config["Threshold"]))
    if step is None:
        return
    current = scaler.desired
    goal = target.clamp(wanted(config, current, int(step["ScalingAdjustment"])))
    cooldown = config.get("Cooldown", DEFAULT_COOLDOWN)
    now = scaler.world.now
    cause = f"monitor alarm {alarm.name} in state ALARM triggered policy {policy.name}"
    if goal > current:
        if target.suspended.get("DynamicScalingOutSuspended"):
            return
        cooling = target.scaled_out_at is not None and now < target.scaled_out_at + cooldown
        if cooling and goal <= target.scaled_out_to:
            return
        if scaler.set_desired_count(goal, cause):
            target.scaled_out_at, target.scaled_out_to = now, goal
            target.scaled_in_at = None
    elif goal < current:
        if target.suspended.get("DynamicScalingInSuspended"):
            return
        if target.scaled_in_at is not None and now < target.scaled_in_at + cooldown:
            return
        if scaler.set_desired_count(goal, cause):
            target.scaled_in_at = now
