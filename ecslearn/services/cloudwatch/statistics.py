"""CloudWatch's statistics over a metric's stored aggregates, and its rules for periods.

Every statistic but a percentile is exact from the per-minute statistic sets
(`ecslearn.model.cloudwatch`). A percentile (``p90``, ``p99.9``) is estimated from each minute's
average weighted by its sample count: exact for metrics with one value a minute (what ecslearn
publishes itself), an approximation for metrics put many times a minute (AWS keeps a
distribution; ecslearn does not). The other extended statistics (``tm``, ``wm``, ``tc``, ``ts``,
``pr``) are refused as ecslearn does not compute them.
"""

from __future__ import annotations

import math
import re

from ecslearn.errors import InvalidParameterCombination, InvalidParameterValue
from ecslearn.model.cloudwatch import Aggregate, MetricSeries

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d{1,10})?|100)$")
SUB_MINUTE_PERIODS = (1, 5, 10, 30)
MAX_DATAPOINTS = 1440  # GetMetricStatistics' limit per call


def check_statistic(name: str, member: str) -> None:
    """A statistic ecslearn computes: one of the five, or a percentile pNN."""
    if name in STATISTICS or PERCENTILE.match(name):
        return
    raise InvalidParameterValue(
        f"The value {name} for parameter {member} is not supported.",
        hint="Use SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p90; "
        "ecslearn does not compute trimmed means (tm), winsorized means (wm), trimmed counts "
        "(tc), trimmed sums (ts) or percentile ranks (pr).",
    )


def check_period(period: int, member: str = "Period") -> None:
    """1, 5, 10, 30 or a multiple of 60 seconds."""
    if period in SUB_MINUTE_PERIODS or (period >= 60 and period % 60 == 0):
        return
    raise InvalidParameterValue(
        # AWS's rule (GetMetricStatistics' Period); ecslearn's wording
        f"The parameter {member} must be 1, 5, 10, 30, or a multiple of 60; it was {period}.",
    )


def check_range(start: float, end: float, period: int) -> None:
    if start >= end:
        raise InvalidParameterValue(  # AWS's text (as quoted in AWS CLI issues)
            "The parameter StartTime must be less than the parameter EndTime."
        )
    requested = math.ceil((end - start) / period)
    if requested > MAX_DATAPOINTS:
        raise InvalidParameterCombination(
            # AWS's text (moto and AWS CLI users quote it)
            f"You have requested up to {requested:,} datapoints, which exceeds the limit of "
            f"{MAX_DATAPOINTS:,}. You may reduce the datapoints requested by increasing Period, "
            "or decreasing the time range."
        )


def value_of(
    stat: str, aggregate: Aggregate, series: MetricSeries, start: float, end: float
) -> float:
    """`stat` of the datapoints in [start, end), whose statistic set is `aggregate`."""
    count, total, low, high = aggregate
    if stat == "SampleCount":
        return count
    if stat == "Sum":
        return total
    if stat == "Average":
        return total / count if count else 0.0
    if stat == "Minimum":
        return low
    if stat == "Maximum":
        return high
    return percentile(series.values_in(start, end), float(stat[1:]))


def percentile(weighted: list[tuple[float, int]], rank: float) -> float:
    """The value below which `rank` percent of the weighted samples lie (nearest rank)."""
    if not weighted:
        return 0.0
    ordered = sorted(weighted)
    total = sum(w for _, w in ordered)
    needed = max(1.0, math.ceil(rank / 100.0 * total))
    seen = 0
    for value, weight in ordered:
        seen += weight
        if seen >= needed:
            return value
    return ordered[-1][0]


def period_starts(start: float, end: float, period: int, now: float) -> list[int]:
    """The starts of the periods of [start, end). CloudWatch rounds StartTime down to the
    whole minute when it is less than 15 days ago, to 5 minutes up to 63 days, else to the hour
    (GetMetricStatistics' documentation), and steps by the period from there (ecslearn stores by
    the minute, so a sub-minute period steps by a minute)."""
    age = now - start
    align = 60 if age < 15 * 86400 else 300 if age < 63 * 86400 else 3600
    first = int(start // align) * align
    return list(range(first, math.ceil(end), max(period, 60)))
