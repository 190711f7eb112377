"""PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
EnableAlarmActions and DisableAlarmActions.

A new alarm starts in INSUFFICIENT_DATA ("Unchecked: Initial alarm creation") and is evaluated
at the next whole minute (`evaluation`); putting an existing alarm again replaces its
configuration and keeps its state, as AWS documents. Messages are AWS's where its text is
known, else ecslearn's (marked). ecslearn stores data by the minute, so an alarm's period is a
multiple of 60 seconds (AWS also has 10, 20 and 30 for high-resolution metrics).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from ecslearn.control.metrics_clock import wake_metrics
from ecslearn.control.paging import offset_page
from ecslearn.errors import (
    InvalidFormat,
    InvalidNextToken,
    InvalidParameterCombination,
    InvalidParameterValue,
    LimitExceededFault,
    MissingParameter,
    ResourceNotFound,
    ValidationError,
)
from ecslearn.model.cloudwatch import MetricAlarm, sorted_dimensions
from ecslearn.services.cloudwatch.alarm_actions import change_state, history_item, run_actions
from ecslearn.services.cloudwatch.evaluation import COMPARISONS, Verdict
from ecslearn.services.cloudwatch.metrics import check_dimensions
from ecslearn.services.cloudwatch.queries import check_queries
from ecslearn.services.cloudwatch.statistics import STATISTICS, check_statistic
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "cloudwatch"
MAX_ALARMS = 10_000  # ecslearn's ceiling per region (AWS's quota is adjustable)
MAX_ACTIONS = 5  # per state
SINGLE_METRIC = (
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
)
NOT_SIMULATED = (
    "ThresholdMetricId",
    "EvaluationWindow",
    "WarmUpConfiguration",
    "EvaluationCriteria",
    "EvaluationInterval",
    "ActionConfiguration",
)
ACTION_ARN = re.compile(
    r"^arn:aws:(sns|autoscaling|lambda|ssm|ssm-incidents|swf|automate|ec2):([a-z0-9-]*):"
)


def _period(request: dict[str, Any]) -> int:
    """The alarm's period: its own, or the period of a metric math alarm's returned query."""
    if "Metrics" not in request:
        if "Period" not in request:
            raise MissingParameter("The parameter Period is required.")
        return request["Period"]
    returned = [q for q in request["Metrics"] if q.get("ReturnData", True)]
    if len(returned) != 1:
        raise ValidationError(  # ecslearn's wording of AWS's rule
            "Exactly one element of the Metrics list must have ReturnData set to true; "
            f"{len(returned)} do."
        )
    query = returned[0]
    stats = [q["MetricStat"]["Period"] for q in request["Metrics"] if "MetricStat" in q]
    return query.get("MetricStat", {}).get("Period") or query.get("Period") or min(stats or [60])


def _check_metric(request: dict[str, Any]) -> None:
    if "Metrics" in request:
        clashing = [m for m in SINGLE_METRIC if m in request]
        if clashing:
            raise InvalidParameterCombination(  # ecslearn's wording
                f"Metrics cannot go with {', '.join(clashing)}: a metric math alarm names its "
                "metrics in Metrics."
            )
        check_queries(request["Metrics"], "Metrics")
        return
    for member in ("MetricName", "Namespace"):
        if member not in request:
            raise MissingParameter(f"The parameter {member} is required.")
    if ("Statistic" in request) == ("ExtendedStatistic" in request):
        raise InvalidParameterCombination(  # ecslearn's wording
            "Exactly one of Statistic and ExtendedStatistic must be given."
        )
    if "Statistic" in request and request["Statistic"] not in STATISTICS:
        raise InvalidParameterValue(
            f"The value {request['Statistic']} for parameter Statistic is invalid."
        )
    if "ExtendedStatistic" in request:
        check_statistic(request["ExtendedStatistic"], "ExtendedStatistic")
    check_dimensions(request.get("Dimensions") or [], "Dimensions")


def _check_actions(ctx: RequestContext, request: dict[str, Any]) -> None:
    for member in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        actions = request.get(member) or []
        if len(actions) > MAX_ACTIONS:
            raise InvalidParameterValue(  # ecslearn's wording of AWS's limit
                f"{member} can have at most {MAX_ACTIONS} actions; it has {len(actions)}."
            )
        for arn in actions:
            match = ACTION_ARN.match(arn)
            if match is None or match.group(2) not in ("", ctx.region):
                raise InvalidParameterValue(
                    f"The value {arn} for parameter {member} is invalid.",
                    hint="An action is the ARN of an SNS topic, an Application Auto Scaling or "
                    f"EC2 Auto Scaling policy, ... in the alarm's region ({ctx.region}).",
                )


def check_alarm(ctx: RequestContext, request: dict[str, Any]) -> int:
    """Everything PutMetricAlarm checks; the alarm's period."""
    for member in NOT_SIMULATED:
        if member in request:
            raise InvalidParameterValue(
                f"ecslearn does not simulate {member} (anomaly detection, evaluation windows, "
                "warm-up and action configurations).",
                hint="Use a static Threshold with a ComparisonOperator.",
            )
    _check_metric(request)
    period = _period(request)
    if period < 60 or period % 60:
        raise InvalidParameterValue(
            f"The value {period} for parameter Period is invalid.",
            hint="ecslearn keeps data by the minute: use a multiple of 60 seconds.",
        )
    evaluations = request["EvaluationPeriods"]
    longest = 7 * 86400 if period >= 3600 else 86400
    if evaluations * period > longest:
        raise ValidationError(  # AWS's text (its 1-day rule)
            "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must "
            f"be <= {longest})"
        )
    needed = request.get("DatapointsToAlarm", evaluations)
    if not 1 <= needed <= evaluations:
        raise ValidationError(  # ecslearn's wording
            f"DatapointsToAlarm ({needed}) must be between 1 and EvaluationPeriods ({evaluations})."
        )
    if request["ComparisonOperator"] not in COMPARISONS:
        raise InvalidParameterValue(
            f"The value {request['ComparisonOperator']} for parameter ComparisonOperator is "
            "invalid without ThresholdMetricId.",
            hint="ecslearn does not simulate anomaly detection bands.",
        )
    if "Threshold" not in request:
        raise MissingParameter("The parameter Threshold is required.")
    _check_actions(ctx, request)
    return period


@operation("PutMetricAlarm", service=SERVICE)
def put_metric_alarm(ctx: RequestContext, request: dict) -> dict:
    period = check_alarm(ctx, request)
    alarms, name, now = ctx.state.cloudwatch.alarms, request["AlarmName"], ctx.now
    alarm = alarms.get(name)
    if alarm is None and len(alarms) >= MAX_ALARMS:
        raise LimitExceededFault(f"The maximum number of alarms ({MAX_ALARMS}) has been reached.")
    config = copy.deepcopy(request)
    config.pop("AlarmName")
    if "Dimensions" in config:
        config["Dimensions"] = sorted_dimensions(config["Dimensions"])
    elif "Metrics" not in config:
        config["Dimensions"] = []
    created = alarm is None
    if alarm is None:
        arn = f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"
        alarm = MetricAlarm(name, arn, config, period, state_updated=now, state_transitioned=now)
        alarms[name] = alarm
    else:
        alarm.config, alarm.period = config, period
    alarm.configuration_updated = now
    shown = alarm.describe()
    data = {
        "type": "Create" if created else "Update",
        ("createdAlarm" if created else "updatedAlarm"): shown,
    }
    summary = f'Alarm "{name}" {"created" if created else "updated"}'
    ctx.state.cloudwatch.remember(history_item(alarm, "ConfigurationUpdate", summary, data, now))
    ctx.world.record(
        "cloudwatch",
        f"CloudWatch alarm {name} {'created' if created else 'updated'}: "
        f"{_describe_condition(alarm)}",
        details={"alarm": name},
    )
    wake_metrics(ctx.world, ctx.state)
    return {}


def _describe_condition(alarm: MetricAlarm) -> str:
    config = alarm.config
    what = config.get("MetricName", "a metric math expression")
    stat = config.get("Statistic") or config.get("ExtendedStatistic") or ""
    words = COMPARISONS[config["ComparisonOperator"]][1]
    needed = config.get("DatapointsToAlarm", config["EvaluationPeriods"])
    return (
        f"ALARM when {stat} {what} is {words} {config['Threshold']} for {needed} of "
        f"{config['EvaluationPeriods']} periods of {alarm.period} s"
    ).replace("  ", " ")


def _page(items: list[Any], request: dict, default: int) -> tuple[list[Any], dict[str, str]]:
    size = request.get("MaxRecords", default)
    page, token = offset_page(
        items,
        size,
        request.get("NextToken"),
        lambda bad: InvalidNextToken("The service returned an invalid NextToken."),  # ecslearn's
    )
    return page, ({"NextToken": token} if token else {})


@operation("DescribeAlarms", service=SERVICE)
def describe_alarms(ctx: RequestContext, request: dict) -> dict:
    names, prefix = request.get("AlarmNames"), request.get("AlarmNamePrefix")
    if names and prefix:
        raise InvalidParameterCombination(  # ecslearn's wording
            "AlarmNames and AlarmNamePrefix cannot be used together."
        )
    types = request.get("AlarmTypes") or ["MetricAlarm"]
    composite = "CompositeAlarm" in types
    related = "ChildrenOfAlarmName" in request or "ParentsOfAlarmName" in request
    found = [
        alarm
        for name, alarm in sorted(ctx.state.cloudwatch.alarms.items())
        if "MetricAlarm" in types
        and not related  # a metric alarm has no children, and no composite alarm is its parent
        and (not names or name in names)
        and (prefix is None or name.startswith(prefix))
        and request.get("StateValue") in (None, alarm.state)
        and (
            "ActionPrefix" not in request
            or any(
                a.startswith(request["ActionPrefix"])
                for member in ("OKActions", "AlarmActions", "InsufficientDataActions")
                for a in alarm.config.get(member) or []
            )
        )
    ]
    page, token = _page(found, request, 50)
    answer: dict[str, Any] = {"MetricAlarms": [a.describe() for a in page], **token}
    if composite:
        answer["CompositeAlarms"] = []
    return answer


def _watches(alarm: MetricAlarm, request: dict[str, Any]) -> bool:
    """Whether the alarm watches the metric (and statistic, period, unit) the request names."""
    wanted_dims = sorted_dimensions(request.get("Dimensions"))
    config = alarm.config
    stats = [q["MetricStat"] for q in config.get("Metrics", []) if "MetricStat" in q]
    candidates = [
        {**s["Metric"], "Stat": s["Stat"], "Period": s["Period"], "Unit": s.get("Unit")}
        for s in stats
    ] or [
        {
            "Namespace": config.get("Namespace"),
            "MetricName": config.get("MetricName"),
            "Dimensions": config.get("Dimensions", []),
            "Stat": config.get("Statistic") or config.get("ExtendedStatistic"),
            "Period": alarm.period,
            "Unit": config.get("Unit"),
        }
    ]
    for metric in candidates:
        if (metric["Namespace"], metric["MetricName"]) != (
            request["Namespace"],
            request["MetricName"],
        ):
            continue
        if "Dimensions" in request and sorted_dimensions(metric.get("Dimensions")) != wanted_dims:
            continue
        stat = request.get("Statistic") or request.get("ExtendedStatistic")
        if stat is not None and metric["Stat"] != stat:
            continue
        if request.get("Period") not in (None, metric["Period"]):
            continue
        if request.get("Unit") not in (None, metric["Unit"]):
            continue
        return True
    return False


@operation("DescribeAlarmsForMetric", service=SERVICE)
def describe_alarms_for_metric(ctx: RequestContext, request: dict) -> dict:
    alarms = sorted(ctx.state.cloudwatch.alarms.items())
    return {"MetricAlarms": [a.describe() for _, a in alarms if _watches(a, request)]}


@operation("DeleteAlarms", service=SERVICE)
def delete_alarms(ctx: RequestContext, request: dict) -> dict:
    names = request["AlarmNames"]
    alarms = ctx.state.cloudwatch.alarms
    missing = [n for n in names if n not in alarms]
    if missing:  # AWS deletes none of them when one is wrong
        raise ResourceNotFound(  # ecslearn's wording
            f"{len(missing)} of the alarms could not be found: {', '.join(missing)}"
        )
    for name in dict.fromkeys(names):
        del alarms[name]
        ctx.world.record("cloudwatch", f"CloudWatch alarm {name} deleted", details={"alarm": name})
    return {}


def _set_actions(ctx: RequestContext, request: dict, enabled: bool) -> dict:
    for name in request["AlarmNames"]:
        alarm = ctx.state.cloudwatch.alarms.get(name)
        if alarm is not None:  # AWS ignores names it does not know here
            alarm.config["ActionsEnabled"] = enabled
    return {}


@operation("EnableAlarmActions", service=SERVICE)
def enable_alarm_actions(ctx: RequestContext, request: dict) -> dict:
    return _set_actions(ctx, request, True)


@operation("DisableAlarmActions", service=SERVICE)
def disable_alarm_actions(ctx: RequestContext, request: dict) -> dict:
    return _set_actions(ctx, request, False)


@operation("SetAlarmState", service=SERVICE)
def set_alarm_state(ctx: RequestContext, request: dict) -> dict:
    name = request["AlarmName"]
    alarm = ctx.state.cloudwatch.alarms.get(name)
    if alarm is None:
        raise ResourceNotFound(f"Alarm {name} not found")  # ecslearn's wording
    data = request.get("StateReasonData")
    if data is not None:
        try:
            json.loads(data)
        except ValueError:
            raise InvalidFormat("StateReasonData is not valid JSON.") from None  # ecslearn's
    verdict = Verdict(request["StateValue"], request["StateReason"], data or "", alarm.latest)
    if change_state(ctx.world, ctx.state, alarm, verdict, ctx.now):
        if data is None:
            alarm.reason_data = None
        actions = alarm.actions_for(alarm.state) if alarm.actions_enabled else []
        run_actions(ctx.world, ctx.state, [(alarm, arn) for arn in actions], ctx.now)
    return {}
