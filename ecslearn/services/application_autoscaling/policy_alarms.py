"""A target tracking policy's two CloudWatch alarms, and what happens when they invoke it.

PutScalingPolicy creates the alarms through CloudWatch's PutMetricAlarm, as Application Auto
Scaling does, and DeleteScalingPolicy (or DeregisterScalableTarget) deletes them. What AWS
documents (Application Auto Scaling's and ECS's guides, the API reference): that it "creates and
manages the CloudWatch alarms that trigger the scaling policy", their names
(``TargetTracking-<resource ID>-AlarmHigh-<UUID>`` and ``-AlarmLow-``, returned in
PutScalingPolicy's Alarms), that the service scales out "proportionally to the metric as fast as
it can, but scales in more gradually", that it does not scale on insufficient data, and that
scale-in waits while an ECS deployment is in progress. What ecslearn chose where the guides are
silent, from the alarms AWS is seen creating for ECS services (their descriptions say "DO NOT
EDIT OR DELETE"): one-minute periods; AlarmHigh ``GreaterThanThreshold`` the target for 3 of 3
datapoints; AlarmLow ``LessThanThreshold`` 90 % of the target for 15 of 15; statistic Average
for the ECS utilisation metrics (AWS/ECS, dimensions ClusterName and ServiceName) and Sum for
ALBRequestCountPerTarget (AWS/ApplicationELB, dimension TargetGroup); missing data treated as
missing; the policy's ARN as the alarm action.

When alarms invoke policies (every minute an alarm stays in ALARM), the invocations of one
minute are weighed per scalable target: scale out if any policy's AlarmHigh fired; otherwise
scale in if every policy that may scale in has its AlarmLow firing (`target_tracking.Scaler`).
A step scaling policy acts on each invocation at once (`step_scaling`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import ecs_arn
from ecslearn.model.cloudwatch import MetricAlarm
from ecslearn.model.scaling import ScalableTarget, ScalingPolicy
from ecslearn.services.application_autoscaling.step_scaling import run_step_policy
from ecslearn.services.application_autoscaling.target_tracking import (
    CPU,
    MEMORY,
    Scaler,
    new_uuid,
    running_count,
)
from ecslearn.services.cloudwatch.alarm_actions import Invocation, alarm_action

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World
    from ecslearn.services.handlers import RequestContext

LOW_THRESHOLD = 0.9
HIGH_PERIODS, LOW_PERIODS = 3, 15
ECS_METRICS = {CPU: "CPUUtilization", MEMORY: "MemoryUtilization"}


def alarm_names(ctx: RequestContext, target: ScalableTarget) -> list[dict[str, str]]:
    """New names and ARNs for a policy's AlarmHigh and AlarmLow."""
    named = []
    for kind in ("AlarmHigh", "AlarmLow"):
        name = f"TargetTracking-{target.resource_id}-{kind}-{new_uuid(ctx.world)}"
        arn = f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"
        named.append({"AlarmName": name, "AlarmARN": arn})
    return named


def _metric(target: ScalableTarget, policy: ScalingPolicy) -> dict[str, Any]:
    spec = policy.configuration["PredefinedMetricSpecification"]
    if policy.metric_type in ECS_METRICS:
        return {
            "Namespace": "AWS/ECS",
            "MetricName": ECS_METRICS[policy.metric_type],
            "Dimensions": [
                {"Name": "ClusterName", "Value": target.cluster_name},
                {"Name": "ServiceName", "Value": target.service_name},
            ],
            "Statistic": "Average",
        }
    group = spec["ResourceLabel"].split("/", 3)[3]  # app/<lb>/<id>/targetgroup/<name>/<id>
    return {
        "Namespace": "AWS/ApplicationELB",
        "MetricName": "RequestCountPerTarget",
        "Dimensions": [{"Name": "TargetGroup", "Value": group}],
        "Statistic": "Sum",
    }


def put_alarms(ctx: RequestContext, target: ScalableTarget, policy: ScalingPolicy) -> None:
    """Create (or, for a policy put again, update) the policy's two alarms in CloudWatch."""
    metric = _metric(target, policy)
    high, low = policy.alarms
    common = {
        **metric,
        "AlarmDescription": "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy "
        f"{policy.arn}.",
        "ActionsEnabled": True,
        "AlarmActions": [policy.arn],
        "Period": 60,
    }
    for alarm, periods, threshold, comparison in (
        (high, HIGH_PERIODS, policy.target_value, "GreaterThanThreshold"),
        (low, LOW_PERIODS, LOW_THRESHOLD * policy.target_value, "LessThanThreshold"),
    ):
        ctx.world.dispatcher.call(
            "cloudwatch",
            "PutMetricAlarm",
            {
                **common,
                "AlarmName": alarm["AlarmName"],
                "EvaluationPeriods": periods,
                "DatapointsToAlarm": periods,
                "Threshold": threshold,
                "ComparisonOperator": comparison,
            },
            ctx.region,
        )


def delete_alarms(ctx: RequestContext, policies: list[ScalingPolicy]) -> None:
    """Delete the policies' alarms (those a learner deleted already are skipped)."""
    names = [
        alarm["AlarmName"]
        for policy in policies
        for alarm in policy.alarms
        if alarm["AlarmName"] in ctx.state.cloudwatch.alarms
    ]
    for start in range(0, len(names), 100):  # DeleteAlarms takes 100 names at a time
        ctx.world.dispatcher.call(
            "cloudwatch", "DeleteAlarms", {"AlarmNames": names[start : start + 100]}, ctx.region
        )


def _find(state: RegionState, arn: str) -> tuple[ScalableTarget, ScalingPolicy] | None:
    for target in state.scalable_targets.values():
        for policy in target.policies.values():
            if policy.arn == arn:
                return target, policy
    return None


@alarm_action("arn:aws:autoscaling:")
def invoked(world: World, state: RegionState, invocations: list[Invocation]) -> list[str | None]:
    """One minute's invocations of scaling policies by alarms: weigh them per scalable target."""
    outcomes: list[str | None] = []
    fired: dict[str, tuple[ScalableTarget, list[tuple[ScalingPolicy, MetricAlarm, int]]]] = {}
    for alarm, arn in invocations:
        found = _find(state, arn)
        if found is None:
            outcomes.append(f"No scaling policy found for {arn}")  # ecslearn's wording
            continue
        target, policy = found
        if not policy.tracks:  # a step policy acts on any alarm that names it, at once
            outcomes.append(None)
            _step(world, state, target, policy, alarm)
            continue
        names = [a["AlarmName"] for a in policy.alarms]
        if alarm.name not in names:
            outcomes.append(  # ecslearn's wording
                f"The target tracking policy {policy.name} acts on its own alarms only"
            )
            continue
        outcomes.append(None)
        fired.setdefault(target.resource_id, (target, []))[1].append(
            (policy, alarm, names.index(alarm.name))
        )
    for target, alarms in fired.values():
        _scale(world, state, target, alarms)
    return outcomes


def _step(
    world: World,
    state: RegionState,
    target: ScalableTarget,
    policy: ScalingPolicy,
    alarm: MetricAlarm,
) -> None:
    service = state.services.get(ecs_arn(state.region, target.resource_id))
    if service is not None and service.status == "ACTIVE":
        run_step_policy(Scaler(world, state, target, service), target, policy, alarm)


def described(state: RegionState, policy: ScalingPolicy) -> dict[str, Any]:
    """DescribeScalingPolicies' entry: a step policy's Alarms are the alarms that invoke it."""
    shown = policy.describe()
    if not policy.tracks:
        shown["Alarms"] = [
            {"AlarmName": alarm.name, "AlarmARN": alarm.arn}
            for alarm in state.cloudwatch.alarms.values()
            if any(policy.arn in alarm.actions_for(s) for s in ("OK", "ALARM", "INSUFFICIENT_DATA"))
        ]
    return shown


def _scale(
    world: World,
    state: RegionState,
    target: ScalableTarget,
    fired: list[tuple[ScalingPolicy, MetricAlarm, int]],
) -> None:
    service = state.services.get(ecs_arn(state.region, target.resource_id))
    if service is None or service.status != "ACTIVE":
        return
    running = running_count(state, service)
    if running == 0:
        return
    scaler = Scaler(world, state, target, service)
    high = [(p, a.latest) for p, a, kind in fired if kind == 0 and a.latest is not None]
    if high:
        if not target.suspended.get("DynamicScalingOutSuspended"):
            scaler.scale_out(high, running)
        return
    low = {p.name: a.latest for p, a, kind in fired if kind == 1 and a.latest is not None}
    voters = [p for p in target.policies.values() if p.scales_in]
    agreed = voters and all(p.name in low for p in voters)
    if agreed and not target.suspended.get("DynamicScalingInSuspended"):
        scaler.scale_in([(p, low[p.name]) for p in voters], running)
