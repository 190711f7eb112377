"""CloudWatch's records, as plain data: metrics with their datapoints, metric alarms and their
history, and the traffic an ALB served this minute (what its metrics will say).

Datapoints are not kept one by one. Each metric keeps, per minute, one aggregate
``[SampleCount, Sum, Minimum, Maximum]`` (CloudWatch's statistic set; every statistic but a
percentile is exact from it), for 15 days, as CloudWatch keeps 60-second data; and per hour the
same aggregate for 455 days, as CloudWatch keeps 1-hour data. Storage per metric is therefore
bounded (at most 21,600 minutes and 10,920 hours) whatever the learner or ecslearn puts.
CloudWatch's middle tier (5-minute data for 63 days) is not kept: a query older than 15 days is
answered from the hours. Data with a resolution under a minute (StorageResolution 1) is stored
by the minute too, so sub-minute periods answer per-minute points, as they would for a
standard-resolution metric on AWS.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

MINUTE, HOUR = 60, 3600
MINUTE_RETENTION = 15 * 24 * HOUR  # 60-second data: 15 days
HOUR_RETENTION = 455 * 24 * HOUR  # 1-hour data: 455 days (15 months)
LISTED_FOR = 14 * 24 * HOUR  # ListMetrics shows metrics with data in the last two weeks
MAX_HISTORY = 10_000  # alarm history items kept per region (AWS: 30 days)

#: alarm states
OK, ALARM, INSUFFICIENT_DATA = "OK", "ALARM", "INSUFFICIENT_DATA"

#: [SampleCount, Sum, Minimum, Maximum]; a single value v is kept as [v] (what most minutes of
#: AWS's own metrics hold), which halves a saved world's size. `full` reads either form.
Aggregate = list[float]
MINUTES_KEPT = MINUTE_RETENTION // MINUTE
HOURS_KEPT = HOUR_RETENTION // HOUR
PRUNE_SLACK = 60  # prune once this many buckets past the limit (amortised: no scan per put)


def full(aggregate: Aggregate) -> Aggregate:
    """The statistic set, whichever form it is kept in."""
    if len(aggregate) == 1:
        value = aggregate[0]
        return [1.0, value, value, value]
    return aggregate


def merge(into: Aggregate | None, more: Aggregate) -> Aggregate:
    """Two statistic sets as one (`into` None: `more` as it is kept)."""
    if into is None:
        return list(more)
    a, b = full(into), full(more)
    return [a[0] + b[0], a[1] + b[1], min(a[2], b[2]), max(a[3], b[3])]


def metric_key(namespace: str, name: str, dimensions: list[dict[str, str]]) -> str:
    """One string per metric: a metric is its namespace, name and exact set of dimensions."""
    pairs = tuple((d["Name"], d["Value"]) for d in dimensions)
    return _key(namespace, name, pairs)


@functools.lru_cache(maxsize=8192)
def _key(namespace: str, name: str, pairs: tuple[tuple[str, str], ...]) -> str:
    dims = ",".join(f"{n}={v}" for n, v in sorted(pairs))
    return f"{namespace}|{name}|{dims}"


def sorted_dimensions(dimensions: list[dict[str, str]] | None) -> list[dict[str, str]]:
    return sorted(
        ({"Name": d["Name"], "Value": d["Value"]} for d in dimensions or []),
        key=lambda d: d["Name"],
    )


def runs_of(buckets: dict[int, Aggregate], step: int) -> list[list[Any]]:
    """Buckets as runs ``[start, count, aggregate]`` of equal aggregates `step` seconds apart:
    how a saved world keeps them. A steady metric (most of AWS's own, minute after minute) is
    one run instead of one entry a minute, which keeps a day of 50 services' metrics small."""
    runs: list[list[Any]] = []
    for start in sorted(buckets):
        aggregate = buckets[start]
        last = runs[-1] if runs else None
        if last is not None and last[2] == aggregate and last[0] + last[1] * step == start:
            last[1] += 1
        else:
            runs.append([start, 1, aggregate])
    return runs


def buckets_of(runs: list[list[Any]] | dict[str, Aggregate], step: int) -> dict[int, Aggregate]:
    """The inverse of `runs_of` (each bucket its own list: buckets are merged in place). Files
    saved before runs kept a dict of buckets; those still load."""
    if isinstance(runs, dict):
        return {int(k): list(v) for k, v in runs.items()}
    return {
        int(start) + i * step: list(aggregate)
        for start, count, aggregate in runs
        for i in range(int(count))
    }


@dataclass
class MetricSeries:
    """One metric and its minute and hour aggregates, keyed by the start of each (epoch s)."""

    namespace: str
    name: str
    dimensions: list[dict[str, str]] = field(default_factory=list)
    unit: str | None = None
    minutes: dict[int, Aggregate] = field(default_factory=dict)
    hours: dict[int, Aggregate] = field(default_factory=dict)
    last_at: float = 0.0  # when the newest datapoint was put (epoch s)

    #: how `ecslearn.control.snapshot` saves the buckets: as runs, (encode, decode) per field
    SNAPSHOT_FIELDS: ClassVar[dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]] = {
        "minutes": (lambda b: runs_of(b, MINUTE), lambda r: buckets_of(r, MINUTE)),
        "hours": (lambda b: runs_of(b, HOUR), lambda r: buckets_of(r, HOUR)),
    }

    def add(self, when: float, values: Aggregate, now: float) -> None:
        """Fold one statistic set, measured at `when`, into its minute and hour; forget what
        is older than CloudWatch keeps (measured from `now`)."""
        if len(values) == 4 and values[0] == 1 and values[2] == values[3] == values[1]:
            values = [values[1]]  # one sample: kept compactly
        minute = int(when // MINUTE) * MINUTE
        hour = int(when // HOUR) * HOUR
        minutes, hours = self.minutes, self.hours
        found = minutes.get(minute)
        minutes[minute] = list(values) if found is None else merge(found, values)
        found = hours.get(hour)
        if found is None:
            hours[hour] = list(values)
        elif len(found) == 4:  # the usual case after an hour's first minute: merge in place
            more = full(values)
            found[0] += more[0]
            found[1] += more[1]
            found[2] = min(found[2], more[2])
            found[3] = max(found[3], more[3])
        else:
            hours[hour] = merge(found, values)
        if now > self.last_at:
            self.last_at = now
        if len(minutes) > MINUTES_KEPT + PRUNE_SLACK:
            self.minutes = {k: v for k, v in minutes.items() if k >= now - MINUTE_RETENTION}
        if len(hours) > HOURS_KEPT + PRUNE_SLACK:
            self.hours = {k: v for k, v in hours.items() if k >= now - HOUR_RETENTION}

    def aggregate(self, start: float, end: float, now: float) -> Aggregate | None:
        """The statistic set of every datapoint in [start, end): from the minutes while they
        are kept, else from whole hours."""
        total: Aggregate | None = None
        if start >= now - MINUTE_RETENTION:
            first = math.ceil(start / MINUTE) * MINUTE
            if (end - first) / MINUTE <= len(self.minutes):  # look up each minute of the range
                for minute in range(first, math.ceil(end), MINUTE):
                    found = self.minutes.get(minute)
                    if found is not None and minute < end:
                        total = merge(total, found)
                return None if total is None else full(total)
            buckets = self.minutes  # a long range over few minutes: scan what is kept
        else:
            buckets = self.hours
        for start_of, found in buckets.items():
            if start <= start_of < end:
                total = merge(total, found)
        return None if total is None else full(total)

    def values_in(self, start: float, end: float) -> list[tuple[float, int]]:
        """(value, weight) per kept minute in [start, end): what a percentile is estimated
        from (each minute's average, weighted by its sample count)."""
        found = [full(agg) for minute, agg in sorted(self.minutes.items()) if start <= minute < end]
        return [(agg[1] / agg[0], int(agg[0])) for agg in found if agg[0] > 0]

    def describe(self) -> dict[str, Any]:
        return {
            "Namespace": self.namespace,
            "MetricName": self.name,
            "Dimensions": [dict(d) for d in self.dimensions],
        }


@dataclass
class MetricAlarm:
    """A metric alarm: its configuration exactly as PutMetricAlarm took it (defaults filled),
    and its state."""

    name: str
    arn: str
    config: dict[str, Any] = field(default_factory=dict)
    period: int = 60  # of its metric, or of a metric math alarm's returned query
    state: str = INSUFFICIENT_DATA
    reason: str = "Unchecked: Initial alarm creation"
    reason_data: str | None = None
    state_updated: float = 0.0
    state_transitioned: float = 0.0
    configuration_updated: float = 0.0
    #: the newest datapoint the last evaluation saw (None: all missing), for alarm actions
    latest: float | None = None

    @property
    def actions_enabled(self) -> bool:
        return bool(self.config.get("ActionsEnabled", True))

    def actions_for(self, state: str) -> list[str]:
        member = {OK: "OKActions", ALARM: "AlarmActions"}.get(state, "InsufficientDataActions")
        return list(self.config.get(member) or [])

    def describe(self) -> dict[str, Any]:
        shown = {k: v for k, v in self.config.items() if k != "Tags"}
        shown.update(
            {
                "AlarmName": self.name,
                "AlarmArn": self.arn,
                "AlarmConfigurationUpdatedTimestamp": self.configuration_updated,
                "ActionsEnabled": self.actions_enabled,
                "OKActions": self.actions_for(OK),
                "AlarmActions": self.actions_for(ALARM),
                "InsufficientDataActions": self.actions_for(INSUFFICIENT_DATA),
                "StateValue": self.state,
                "StateReason": self.reason,
                "StateUpdatedTimestamp": self.state_updated,
                "StateTransitionedTimestamp": self.state_transitioned,
            }
        )
        if self.reason_data is not None:
            shown["StateReasonData"] = self.reason_data
        return shown


@dataclass
class Traffic:
    """What a target group's load balancer saw this minute (ALB metrics are sums per minute)."""

    requests: int = 0
    target_5xx: int = 0
    elb_5xx: int = 0
    #: load balancer ARN -> requests it forwarded to this group (RequestCount per LB dimension)
    by_balancer: dict[str, int] = field(default_factory=dict)


@dataclass
class CloudWatchState:
    """One region's CloudWatch."""

    metrics: dict[str, MetricSeries] = field(default_factory=dict)
    alarms: dict[str, MetricAlarm] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)  # newest first
    #: target group ARN -> what its load balancers served it since the last minute's metrics
    traffic: dict[str, Traffic] = field(default_factory=dict)
    #: load balancer ARN -> 5XX it answered itself with no target group to blame
    balancer_5xx: dict[str, int] = field(default_factory=dict)
    ticking: bool = False  # whether the once-a-minute metrics and alarm evaluation is queued

    def put(
        self,
        namespace: str,
        name: str,
        dimensions: list[dict[str, str]],
        when: float,
        values: Aggregate,
        now: float,
        unit: str | None = None,
    ) -> MetricSeries:
        key = metric_key(namespace, name, dimensions)
        series = self.metrics.get(key)
        if series is None:
            series = MetricSeries(namespace, name, sorted_dimensions(dimensions), unit)
            self.metrics[key] = series
        series.add(when, values, now)
        if unit is not None:
            series.unit = unit
        return series

    def series(
        self, namespace: str, name: str, dimensions: list[dict[str, str]] | None
    ) -> MetricSeries | None:
        return self.metrics.get(metric_key(namespace, name, dimensions or []))

    def remember(self, item: dict[str, Any]) -> None:
        self.history.insert(0, item)
        del self.history[MAX_HISTORY:]

    def tally(self, group_arn: str, balancer_arn: str | None, status: int, by_target: bool) -> None:
        """One request a load balancer forwarded to a target group (or to no target)."""
        traffic = self.traffic.setdefault(group_arn, Traffic())
        traffic.requests += 1
        if balancer_arn is not None:
            traffic.by_balancer[balancer_arn] = traffic.by_balancer.get(balancer_arn, 0) + 1
        if status >= 500:
            if by_target:
                traffic.target_5xx += 1
            else:
                traffic.elb_5xx += 1
