"""PutMetricData, GetMetricStatistics and ListMetrics.

Where AWS's rule is documented but its wording is not, the message is ecslearn's and says so.
PutMetricData's timestamps: AWS accepts data up to two weeks old and up to two hours ahead;
`ecslearn.model.cloudwatch` says how the data is kept.
"""

from __future__ import annotations

import math
from typing import Any

from ecslearn.control.metrics_clock import wake_metrics
from ecslearn.control.paging import offset_page
from ecslearn.errors import (
    InvalidParameterCombination,
    InvalidParameterValue,
    MissingParameter,
)
from ecslearn.model.cloudwatch import LISTED_FOR, Aggregate
from ecslearn.services.cloudwatch.statistics import (
    STATISTICS,
    check_period,
    check_range,
    check_statistic,
    period_starts,
    value_of,
)
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "cloudwatch"
MAX_DIMENSIONS = 30
MAX_DATUMS = 1000
MAX_PAST, MAX_FUTURE = 14 * 86400, 2 * 3600
LIST_PAGE = 500
RECENTLY = 3 * 3600  # RecentlyActive PT3H


def _invalid(value: Any, member: str) -> InvalidParameterValue:
    # AWS's pattern for a bad value ("The value X for parameter Y is invalid.")
    return InvalidParameterValue(f"The value {value} for parameter {member} is invalid.")


def _finite(value: float, member: str) -> float:
    if not math.isfinite(value) or abs(value) > 2**360:
        raise _invalid(value, member)
    return float(value)


def check_namespace(namespace: str) -> None:
    if namespace.startswith("AWS/"):
        raise InvalidParameterValue(
            f"The value {namespace} for parameter Namespace is invalid.",
            hint="Namespaces starting with AWS/ are AWS's own; put your metrics in your own "
            "namespace, such as MyApp.",
        )


def check_dimensions(dimensions: list[dict[str, str]], member: str) -> None:
    if len(dimensions) > MAX_DIMENSIONS:
        raise InvalidParameterValue(  # ecslearn's wording of AWS's limit
            f"{member} has {len(dimensions)} dimensions; a metric can have at most "
            f"{MAX_DIMENSIONS}."
        )
    names = [d["Name"] for d in dimensions]
    if len(set(names)) != len(names):
        raise InvalidParameterValue(  # ecslearn's wording
            f"{member} names the same dimension twice: {', '.join(sorted(names))}."
        )


def _statistic_set(datum: dict[str, Any], member: str) -> Aggregate:
    """The datum's values as one statistic set [SampleCount, Sum, Minimum, Maximum]."""
    given = [k for k in ("Value", "StatisticValues", "Values") if k in datum]
    if len(given) > 1:
        raise InvalidParameterCombination(
            f"The parameters {member}.{given[0]} and {member}.{given[1]} are mutually exclusive "
            "and you have specified both."
        )
    if not given:
        raise MissingParameter(  # ecslearn's wording
            f"{member} needs one of Value, StatisticValues or Values."
        )
    if "Counts" in datum and "Values" not in datum:
        raise InvalidParameterCombination(f"{member}.Counts goes with {member}.Values only.")
    if "Value" in datum:
        value = _finite(datum["Value"], f"{member}.Value")
        return [1.0, value, value, value]
    if "StatisticValues" in datum:
        stats = datum["StatisticValues"]
        count = _finite(stats["SampleCount"], f"{member}.StatisticValues.SampleCount")
        total = _finite(stats["Sum"], f"{member}.StatisticValues.Sum")
        low = _finite(stats["Minimum"], f"{member}.StatisticValues.Minimum")
        high = _finite(stats["Maximum"], f"{member}.StatisticValues.Maximum")
        if count <= 0 or low > high:
            raise InvalidParameterValue(  # ecslearn's wording
                f"{member}.StatisticValues needs SampleCount > 0 and Minimum <= Maximum."
            )
        return [count, total, low, high]
    values = [_finite(v, f"{member}.Values") for v in datum["Values"]]
    counts = [_finite(c, f"{member}.Counts") for c in datum.get("Counts", [1.0] * len(values))]
    if len(counts) != len(values) or not values or any(c <= 0 for c in counts):
        raise InvalidParameterValue(  # ecslearn's wording
            f"{member}.Counts must give one positive count per value of {member}.Values."
        )
    total = sum(v * c for v, c in zip(values, counts, strict=True))
    return [sum(counts), total, min(values), max(values)]


@operation("PutMetricData", service=SERVICE)
def put_metric_data(ctx: RequestContext, request: dict) -> dict:
    namespace, now = request["Namespace"], ctx.now
    check_namespace(namespace)
    data = request.get("MetricData") or []
    if not data:
        raise MissingParameter("The parameter MetricData is required.")
    if len(data) > MAX_DATUMS:
        raise InvalidParameterValue(
            f"MetricData has {len(data)} values; PutMetricData takes at most {MAX_DATUMS}."
        )
    checked = []
    for n, datum in enumerate(data, 1):
        member = f"MetricData.member.{n}"
        dimensions = datum.get("Dimensions") or []
        check_dimensions(dimensions, f"{member}.Dimensions")
        when = datum.get("Timestamp", now)
        if not now - MAX_PAST <= when <= now + MAX_FUTURE:
            raise InvalidParameterValue(  # ecslearn's wording of AWS's documented window
                f"The parameter {member}.Timestamp must be a time within the last two weeks "
                "and no more than two hours ahead."
            )
        checked.append((datum, dimensions, when, _statistic_set(datum, member)))
    # Everything is checked: now store.
    for datum, dimensions, when, values in checked:
        ctx.state.cloudwatch.put(
            namespace, datum["MetricName"], dimensions, when, values, now, datum.get("Unit")
        )
    wake_metrics(ctx.world, ctx.state)
    return {}


@operation("GetMetricStatistics", service=SERVICE)
def get_metric_statistics(ctx: RequestContext, request: dict) -> dict:
    statistics = request.get("Statistics") or []
    extended = request.get("ExtendedStatistics") or []
    if not statistics and not extended:
        raise MissingParameter("Must specify either Statistics or ExtendedStatistics.")
    if statistics and extended:
        raise InvalidParameterCombination(
            "Must specify either Statistics or ExtendedStatistics, but not both."
        )
    for name in statistics:
        if name not in STATISTICS:
            raise _invalid(name, "Statistics")
    for name in extended:
        check_statistic(name, "ExtendedStatistics")
        if name in STATISTICS:
            raise _invalid(name, "ExtendedStatistics")
    period, start, end = request["Period"], request["StartTime"], request["EndTime"]
    check_period(period)
    check_range(start, end, period)
    check_dimensions(request.get("Dimensions") or [], "Dimensions")
    state, now = ctx.state.cloudwatch, ctx.now
    series = state.series(request["Namespace"], request["MetricName"], request.get("Dimensions"))
    unit = request.get("Unit")
    points: list[dict[str, Any]] = []
    if series is not None and unit in (None, series.unit):
        width = max(period, 60)
        for at in period_starts(start, end, period, now):
            aggregate = series.aggregate(at, at + width, now)
            if aggregate is None or aggregate[0] == 0:
                continue
            point: dict[str, Any] = {"Timestamp": float(at), "Unit": series.unit or "None"}
            for name in statistics:
                point[name] = value_of(name, aggregate, series, at, at + width)
            if extended:
                point["ExtendedStatistics"] = {
                    name: value_of(name, aggregate, series, at, at + width) for name in extended
                }
            points.append(point)
    return {"Label": request["MetricName"], "Datapoints": points}


@operation("ListMetrics", service=SERVICE)
def list_metrics(ctx: RequestContext, request: dict) -> dict:
    now = ctx.now
    wanted = request.get("Dimensions") or []
    active = request.get("RecentlyActive")
    since = now - (RECENTLY if active == "PT3H" else LISTED_FOR)
    found = []
    for key in sorted(ctx.state.cloudwatch.metrics):
        series = ctx.state.cloudwatch.metrics[key]
        if series.last_at < since:
            continue
        if request.get("Namespace") not in (None, series.namespace):
            continue
        if request.get("MetricName") not in (None, series.name):
            continue
        have = {d["Name"]: d["Value"] for d in series.dimensions}
        if all(f["Name"] in have and f.get("Value") in (None, have[f["Name"]]) for f in wanted):
            found.append(series.describe())
    page, token = offset_page(
        found,
        LIST_PAGE,
        request.get("NextToken"),
        lambda bad: InvalidParameterValue(f"The value {bad} for parameter NextToken is invalid."),
    )
    return {"Metrics": page, **({"NextToken": token} if token else {})}
