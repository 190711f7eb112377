"""How a metric alarm decides its state, as CloudWatch documents it ("Evaluating an alarm",
"Configuring how CloudWatch alarms treat missing data").

Each minute the alarm looks at its last EvaluationPeriods whole periods (the newest ends at the
last whole period before now). A datapoint breaches when ComparisonOperator holds between it and
Threshold. The alarm is ALARM when at least DatapointsToAlarm of them breach (M out of N), OK
otherwise. Missing periods count as TreatMissingData says:

- ``breaching``: as breaching; ``notBreaching``: as within the threshold;
- ``ignore``: if every period is missing the alarm keeps its state; otherwise the periods that
  have data decide;
- ``missing`` (the default): if every period is missing the alarm is INSUFFICIENT_DATA;
  otherwise the periods that have data decide.

When fewer periods have data than DatapointsToAlarm, those that do decide: the alarm goes to
ALARM if all of them breach (AWS's own history shows "1 out of the last 3 datapoints [0.0] was
less than the threshold (minimum 3 datapoints for OK -> ALARM transition)"). AWS then also
looks further back for more data; ecslearn does not.

StateReason texts are CloudWatch's, as its alarms' histories and notifications show them:
"Threshold Crossed: 3 out of the last 3 datapoints [91.0 (06/01/25 09:04:00), ...] were greater
than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).", "... was not
greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).", and
"Insufficient Data: 3 datapoints were unknown.". The datapoints listed are those the sentence
is about, newest first.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecslearn.model.cloudwatch import ALARM, INSUFFICIENT_DATA, OK, CloudWatchState, MetricAlarm
from ecslearn.services.cloudwatch.queries import run_queries, stat_series

COMPARISONS: dict[str, tuple[Callable[[float, float], bool], str]] = {
    "GreaterThanOrEqualToThreshold": (operator.ge, "greater than or equal to"),
    "GreaterThanThreshold": (operator.gt, "greater than"),
    "LessThanThreshold": (operator.lt, "less than"),
    "LessThanOrEqualToThreshold": (operator.le, "less than or equal to"),
}


@dataclass
class Verdict:
    """What one evaluation found: the state, CloudWatch's reason and reason data, and the
    newest datapoint (None when every period was missing)."""

    state: str
    reason: str
    reason_data: str
    latest: float | None


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%d/%m/%y %H:%M:%S")


def iso(epoch: float) -> str:
    """CloudWatch's timestamps in reason data: ``2019-10-01T13:56:40.985+0000``."""
    moment = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def _plural(n: int, word: str = "datapoint") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def datapoints(
    alarm: MetricAlarm, state: CloudWatchState, now: float
) -> list[tuple[int, float | None]]:
    """(period start, value or None) for each evaluated period, newest first."""
    config = alarm.config
    period, count = alarm.period, config["EvaluationPeriods"]
    end = int(now // max(period, 60)) * max(period, 60)
    start = end - count * period
    if "Metrics" in config:
        results = run_queries(state, config["Metrics"], start, end, now)
        returned = next(q for q in config["Metrics"] if q.get("ReturnData", True))
        found = results[returned["Id"]]
    else:
        stat = config.get("Statistic") or config.get("ExtendedStatistic")
        metric = {
            "Namespace": config["Namespace"],
            "MetricName": config["MetricName"],
            "Dimensions": config.get("Dimensions", []),
        }
        query = {"Metric": metric, "Period": period, "Stat": stat}
        if "Unit" in config:
            query["Unit"] = config["Unit"]
        found = stat_series(state, query, start, end, now)
    starts = [end - (i + 1) * period for i in range(count)]
    return [(at, found.get(at)) for at in starts]


def evaluate(alarm: MetricAlarm, state: CloudWatchState, now: float) -> Verdict | None:
    """The alarm's state now, or None when it keeps the one it has (``ignore``, no data)."""
    config = alarm.config
    points = datapoints(alarm, state, now)
    total = len(points)
    needed = config.get("DatapointsToAlarm", config["EvaluationPeriods"])
    compare, words = COMPARISONS[config["ComparisonOperator"]]
    threshold = float(config["Threshold"])
    present = [(at, v) for at, v in points if v is not None]
    missing = total - len(present)
    breaching = [(at, v) for at, v in present if compare(v, threshold)]
    good = [(at, v) for at, v in present if not compare(v, threshold)]
    treat = config.get("TreatMissingData", "missing")
    data = _reason_data(alarm, points, present, threshold, now)
    latest = present[0][1] if present else None
    if not present and treat in ("missing", "ignore"):
        if treat == "ignore":
            return None
        verb = "was" if missing == 1 else "were"
        return Verdict(
            INSUFFICIENT_DATA,
            f"Insufficient Data: {_plural(missing)} {verb} unknown.",
            data,
            None,
        )
    bad = len(breaching) + (missing if treat == "breaching" else 0)
    enough = min(needed, len(present)) if treat in ("missing", "ignore") else needed
    if bad >= enough:
        listed = ", ".join(f"{v!r} ({_when(at)})" for at, v in breaching)
        reason = (
            f"Threshold Crossed: {bad} out of the last {total} datapoints [{listed}] "
            f"{'was' if bad == 1 else 'were'} {words} the threshold ({threshold!r}) "
            f"(minimum {_plural(needed)} for OK -> ALARM transition)."
        )
        return Verdict(ALARM, reason, data, latest)
    fine = len(good) + (missing if treat == "notBreaching" else 0)
    listed = ", ".join(f"{v!r} ({_when(at)})" for at, v in good)
    reason = (
        f"Threshold Crossed: {fine} out of the last {total} datapoints [{listed}] "
        f"{'was' if fine == 1 else 'were'} not {words} the threshold ({threshold!r}) "
        f"(minimum {_plural(total - needed + 1)} for ALARM -> OK transition)."
    )
    return Verdict(OK, reason, data, latest)


def _reason_data(
    alarm: MetricAlarm,
    points: list[tuple[int, float | None]],
    present: list[tuple[int, float]],
    threshold: float,
    now: float,
) -> str:
    """StateReasonData as CloudWatch writes it (a JSON document, newest datapoints first)."""
    data: dict[str, Any] = {"version": "1.0", "queryDate": iso(now)}
    if present:
        data["startDate"] = iso(present[-1][0])
    stat = alarm.config.get("Statistic") or alarm.config.get("ExtendedStatistic")
    if stat:
        data["statistic"] = stat
    data["period"] = alarm.period
    data["recentDatapoints"] = [v for _, v in reversed(present)]
    data["threshold"] = threshold
    data["evaluatedDatapoints"] = [
        {"timestamp": iso(at), **({"value": v} if v is not None else {})} for at, v in points
    ]
    return json.dumps(data, separators=(",", ":"))
