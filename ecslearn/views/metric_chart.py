"""A CloudWatch metric over simulated time, beside what it set off: the thresholds of the
alarms that watch it, the stretches those alarms spent in ALARM, and the scaling activities
that followed. It answers the lessons' question "why did my service scale?" with what a learner
would open in the CloudWatch console.

Everything comes through the API or the timeline, as a view should read it: datapoints from
GetMetricStatistics, the alarms from DescribeAlarmsForMetric, alarm state changes and
Application Auto Scaling's desired count changes from ``sim.events``. `metric_chart_data`
returns the plotted data (`MetricChart`, which tests check); `metric_chart` draws it as a
matplotlib figure (Agg, no pyplot state); `service_metric_chart` is the one-liner for an ECS
service's CPUUtilization or MemoryUtilization. Words in English or Korean (`lang`), as the
timelines choose them (a Hangul font when there is one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from ecslearn.views.timeline_drawing import FigureText
from ecslearn.views.timelines import hangul_font
from ecslearn.words import resolve, words
from ecslearn.words.metric_chart import METRIC_CHART

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

MAX_POINTS = 1440  # GetMetricStatistics' limit
COLOURS = {"metric": "#2563eb", "threshold": "#dc2626", "scaled": "#15803d"}
#: The ALARM stretches' shades, one per alarm in turn (a policy's AlarmHigh, then AlarmLow).
SPAN_COLOURS = ("#fecaca", "#bfdbfe", "#fde68a", "#ddd6fe")
ABOVE = ("GreaterThanThreshold", "GreaterThanOrEqualToThreshold")


@dataclass
class MetricChart:
    """What the chart shows, in simulated seconds."""

    metric: str
    stat: str
    period: int
    points: list[tuple[float, float]] = field(default_factory=list)
    #: (alarm name, ``above`` or ``below``, threshold)
    thresholds: list[tuple[str, str, float]] = field(default_factory=list)
    #: (alarm name, from, to): the stretches an alarm spent in ALARM
    alarm_spans: list[tuple[str, float, float]] = field(default_factory=list)
    #: (time, desired count before, after)
    scalings: list[tuple[float, int, int]] = field(default_factory=list)


def metric_chart_data(
    sim: Simulation,
    namespace: str,
    metric: str,
    dimensions: list[dict[str, str]],
    *,
    stat: str = "Average",
    period: int = 60,
    service: str | None = None,
    region: str | None = None,
) -> MetricChart:
    """The metric's datapoints up to now (at most 1,440 periods back), its alarms' thresholds
    and ALARM stretches, and `service`'s scaling activities (when a service is named)."""
    world = sim.world
    region = world.region_state(region).region
    epoch, now = world.clock.epoch_start, world.now
    start = max(0.0, now - MAX_POINTS * period)
    call = world.dispatcher.call
    metric_id = {"Namespace": namespace, "MetricName": metric, "Dimensions": dimensions}
    chart = MetricChart(metric, stat, period)
    if now > start:
        answer = call(
            "cloudwatch",
            "GetMetricStatistics",
            {
                **metric_id,
                "StartTime": epoch + start,
                "EndTime": epoch + now,
                "Period": period,
                "Statistics": [stat],
            },
            region,
        )
        chart.points = sorted((p["Timestamp"] - epoch, p[stat]) for p in answer["Datapoints"])
    alarms = call("cloudwatch", "DescribeAlarmsForMetric", metric_id, region)["MetricAlarms"]
    names = set()
    for alarm in alarms:
        names.add(alarm["AlarmName"])
        side = "above" if alarm["ComparisonOperator"] in ABOVE else "below"
        chart.thresholds.append((alarm["AlarmName"], side, float(alarm["Threshold"])))
    opened: dict[str, float] = {}
    for event in sim.events:
        details = event.details
        if event.kind == "cloudwatch" and details.get("alarm") in names and "to" in details:
            name = details["alarm"]
            if details["to"] == "ALARM":
                opened[name] = event.time
            elif name in opened:
                chart.alarm_spans.append((name, opened.pop(name), event.time))
        elif (
            event.kind == "autoscaling"
            and service is not None
            and event.service == service
            and details.get("status") == "Successful"
        ):
            chart.scalings.append((event.time, int(details["from"]), int(details["to"])))
    chart.alarm_spans += [(name, since, now) for name, since in opened.items()]
    return chart


def _text(lang: str | None) -> FigureText:
    lang = resolve(lang)
    if lang != "en" and hangul_font() is None:
        lang = "en"
    family = [hangul_font() or "DejaVu Sans", "DejaVu Sans"] if lang != "en" else None
    return FigureText(lang, words(METRIC_CHART, lang), family)


def draw(chart: MetricChart, lang: str | None = None) -> Figure:
    """The chart as a matplotlib figure."""
    text = _text(lang)
    said = text.words
    figure = Figure(figsize=(8, 3.6), layout="constrained")
    axes = figure.add_subplot()
    title = said["title"].format(metric=chart.metric, stat=chart.stat, period=chart.period)
    axes.set_title(title, loc="left", **text.font)
    axes.set_xlabel(said["seconds"], **text.font)
    axes.set_ylabel(chart.metric)
    axes.grid(True, color="#e5e7eb")
    axes.spines[["top", "right"]].set_visible(False)
    if chart.points:
        times, values = zip(*chart.points, strict=True)
        axes.plot(times, values, marker=".", color=COLOURS["metric"], label=chart.metric)
    else:
        axes.text(0.5, 0.5, said["no_data"], transform=axes.transAxes, ha="center", **text.font)
    for name, side, threshold in chart.thresholds:
        label = said["threshold"].format(
            alarm=_short(name), comparison=said[side], threshold=threshold
        )
        axes.axhline(threshold, color=COLOURS["threshold"], linestyle="--", lw=1, label=label)
    shades: dict[str, str] = {}
    for name, since, until in chart.alarm_spans:
        first = name not in shades
        shade = shades.setdefault(name, SPAN_COLOURS[len(shades) % len(SPAN_COLOURS)])
        label = said["alarm_on"].format(alarm=_short(name)) if first else None
        axes.axvspan(since, until, color=shade, alpha=0.6, lw=0, label=label)
    for time, before, after in chart.scalings:
        axes.axvline(time, color=COLOURS["scaled"], linestyle=":", lw=1.2)
        axes.annotate(
            said["scaled"].format(before=before, after=after),
            (time, 0.97),
            xycoords=("data", "axes fraction"),
            xytext=(3, 0),
            textcoords="offset points",
            va="top",
            fontsize=8,
            color=COLOURS["scaled"],
            **text.font,
        )
    legend = {"family": text.family, "size": 8} if text.family else {"size": 8}
    figure.legend(loc="outside lower center", ncols=2, frameon=False, prop=legend)
    return figure


def _short(alarm: str) -> str:
    """A target tracking alarm's name without its UUID (``TargetTracking-...-AlarmHigh``)."""
    parts = alarm.split("-")
    if alarm.startswith("TargetTracking-") and len(parts) > 5:
        return "-".join(parts[:-5])
    return alarm


def metric_chart(
    sim: Simulation,
    namespace: str,
    metric: str,
    dimensions: list[dict[str, str]],
    *,
    stat: str = "Average",
    period: int = 60,
    service: str | None = None,
    region: str | None = None,
    lang: str | None = None,
) -> Figure:
    """Draw `metric_chart_data`'s chart."""
    chart = metric_chart_data(
        sim, namespace, metric, dimensions, stat=stat, period=period, service=service, region=region
    )
    return draw(chart, lang)


def service_metric_chart(
    sim: Simulation,
    service: str,
    cluster: str = "default",
    *,
    metric: str = "CPUUtilization",
    region: str | None = None,
    lang: str | None = None,
) -> Figure:
    """An ECS service's AWS/ECS utilisation metric, its target tracking alarms and its scaling."""
    dims = [{"Name": "ClusterName", "Value": cluster}, {"Name": "ServiceName", "Value": service}]
    return metric_chart(sim, "AWS/ECS", metric, dims, service=service, region=region, lang=lang)
