"""A blue/green, linear or canary deployment over simulated time: blue's and green's running
tasks, the share of production (and test) traffic on green, the bake time shaded, and the
moments that mattered marked (each traffic shift, each lifecycle hook's answer, the outcome).

It answers the lesson's question "when did my users reach the new revision?". The service
deployment and its revisions come through the API (ListServiceDeployments,
DescribeServiceDeployments, DescribeServiceRevisions); the samples come from the deployment's
track (`ecslearn.control.services.deployment_track`), which the rollout records as it goes,
because AWS shows the counts and weights only as they are now. `deployment_timeline_data`
returns what is plotted (`DeploymentTimeline`, which tests check); `draw` makes a matplotlib
figure (Agg, no pyplot state). Words in English or Korean (`lang`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from ecslearn.control.services.deployment_track import deployment_track
from ecslearn.control.services.traffic_shift import HOOK_ONLY, STAGES
from ecslearn.views.cluster_labels import family_revision
from ecslearn.views.timeline_drawing import FigureText, mark_lines
from ecslearn.views.timelines import hangul_font
from ecslearn.words import resolve, words
from ecslearn.words.deployment_timeline import DEPLOYMENT_TIMELINE

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

COLOURS = {
    "blue": "#2563eb",
    "green": "#16a34a",
    "production": "#111827",
    "test": "#9ca3af",
    "bake": "#fde68a",
    "mark": "#6b7280",
}
#: Marks that only say a stage began: the stages are in the title and the shading, not lines.
STAGE_MARKS = frozenset(STAGES) - frozenset(HOOK_ONLY)


@dataclass
class DeploymentTimeline:
    """What the picture shows, in simulated seconds (each series a step function)."""

    service: str
    deployment_arn: str | None = None
    strategy: str | None = None
    status: str | None = None
    stage: str | None = None
    blue_revision: str = ""
    green_revision: str = ""
    times: list[float] = field(default_factory=list)
    blue: list[int] = field(default_factory=list)
    green: list[int] = field(default_factory=list)
    production: list[float] = field(default_factory=list)  # % of production traffic on green
    test: list[float] = field(default_factory=list)  # % of test traffic on green
    bake_spans: list[tuple[float, float]] = field(default_factory=list)
    marks: list[tuple[float, str]] = field(default_factory=list)
    now: float = 0.0


def deployment_timeline_data(
    sim: Simulation,
    service: str,
    cluster: str = "default",
    *,
    deployment_arn: str | None = None,
    region: str | None = None,
) -> DeploymentTimeline:
    """The newest service deployment of `service` that shifted traffic (or `deployment_arn`)."""
    world = sim.world
    state = world.region_state(region)
    call = world.dispatcher.call
    timeline = DeploymentTimeline(service, now=world.now)
    if deployment_arn is None:
        listed = call(
            "ecs", "ListServiceDeployments", {"cluster": cluster, "service": service}, state.region
        )["serviceDeployments"]
        arns = [d["serviceDeploymentArn"] for d in listed]
        deployment_arn = next((a for a in arns if deployment_track(state, a)), None)
        if deployment_arn is None:
            return timeline
    [described] = call(
        "ecs",
        "DescribeServiceDeployments",
        {"serviceDeploymentArns": [deployment_arn]},
        state.region,
    )["serviceDeployments"]
    timeline.deployment_arn = deployment_arn
    timeline.status = described.get("status")
    timeline.stage = described.get("lifecycleStage")
    timeline.strategy = (described.get("deploymentConfiguration") or {}).get("strategy")
    timeline.blue_revision = _revisions(call, described.get("sourceServiceRevisions"), state)
    timeline.green_revision = _revisions(call, [described.get("targetServiceRevision")], state)
    _fill(timeline, deployment_track(state, deployment_arn))
    return timeline


def _revisions(call: Any, summaries: list[dict[str, Any]] | None, state: Any) -> str:
    """The task definitions (``family:revision``) of service revision summaries."""
    arns = [s["arn"] for s in summaries or [] if s and s.get("arn")]
    if not arns:
        return ""
    answer = call("ecs", "DescribeServiceRevisions", {"serviceRevisionArns": arns}, state.region)
    return ", ".join(family_revision(r.get("taskDefinition")) for r in answer["serviceRevisions"])


def _fill(timeline: DeploymentTimeline, track: list) -> None:
    baking_since: float | None = None
    for sample in track:
        timeline.times.append(sample.time)
        timeline.blue.append(sample.blue_running)
        timeline.green.append(sample.green_running)
        timeline.production.append(sample.production_weight_to_green)
        timeline.test.append(sample.test_weight_to_green)
        if sample.stage == "BAKE_TIME" and baking_since is None:
            baking_since = sample.time
        elif sample.stage != "BAKE_TIME" and baking_since is not None:
            timeline.bake_spans.append((baking_since, sample.time))
            baking_since = None
        if sample.mark and sample.mark not in STAGE_MARKS:
            timeline.marks.append((sample.time, sample.mark))
    if baking_since is not None:
        timeline.bake_spans.append((baking_since, timeline.now))
    if timeline.times and timeline.now > timeline.times[-1]:  # hold the last values until now
        timeline.times.append(timeline.now)
        for series in (timeline.blue, timeline.green, timeline.production, timeline.test):
            series.append(series[-1])


def _text(lang: str | None) -> FigureText:
    lang = resolve(lang)
    if lang != "en" and hangul_font() is None:
        lang = "en"
    family = [hangul_font() or "DejaVu Sans", "DejaVu Sans"] if lang != "en" else None
    return FigureText(lang, words(DEPLOYMENT_TIMELINE, lang), family)


def _mark_label(mark: str, said: dict[str, str]) -> str:
    if mark.endswith("% to green"):
        return said["shifted"].format(percent=mark.split("%", 1)[0])
    return mark


def draw(timeline: DeploymentTimeline, lang: str | None = None) -> Figure:
    """The timeline as a matplotlib figure: task counts on the left axis, traffic on the right."""
    text = _text(lang)
    said = text.words
    figure = Figure(figsize=(8, 3.8), layout="constrained")
    axes = figure.add_subplot()
    axes.grid(True, color="#e5e7eb")
    axes.set_xlabel(said["seconds"], **text.font)
    if not timeline.times:
        axes.set_title(said["none"].format(service=timeline.service), loc="left", **text.font)
        return figure
    title = said["title"].format(
        service=timeline.service, strategy=timeline.strategy, status=timeline.status
    )
    if timeline.stage:
        title += " · " + said["stage"].format(stage=timeline.stage)
    axes.set_title(title, loc="left", **text.font)
    axes.set_ylabel(said["tasks"], **text.font)
    axes.yaxis.get_major_locator().set_params(integer=True)
    for name, values, revision in (
        ("blue", timeline.blue, timeline.blue_revision),
        ("green", timeline.green, timeline.green_revision),
    ):
        label = said[name].format(revision=revision)
        axes.step(timeline.times, values, where="post", color=COLOURS[name], lw=2, label=label)
    axes.set_ylim(0, max([1, *timeline.blue, *timeline.green]) * 1.5)
    traffic = axes.twinx()
    traffic.set_ylim(0, 150)  # headroom above 100% for the marks' labels
    traffic.set_yticks([0, 25, 50, 75, 100])
    traffic.set_ylabel(said["percent"], **text.font)
    for name, values, style in (
        ("production", timeline.production, "-"),
        ("test", timeline.test, ":"),
    ):
        traffic.step(
            timeline.times,
            values,
            where="post",
            color=COLOURS[name],
            linestyle=style,
            lw=1.5,
            label=said[name],
        )
    for index, (since, until) in enumerate(timeline.bake_spans):
        label = said["bake"] if index == 0 else None
        axes.axvspan(since, until, color=COLOURS["bake"], alpha=0.5, lw=0, label=label)
    start, end = timeline.times[0], max(timeline.times[-1], timeline.times[0] + 1)
    axes.set_xlim(start - 0.12 * (end - start), end)  # room for the first marks' labels
    marks = [(time, _mark_label(mark, said)) for time, mark in timeline.marks]
    mark_lines(axes, marks, text, COLOURS["mark"])
    handles, labels = [], []
    for each in (axes, traffic):
        h, lab = each.get_legend_handles_labels()
        handles += h
        labels += lab
    legend = {"family": text.family, "size": 8} if text.family else {"size": 8}
    figure.legend(handles, labels, loc="outside lower center", ncols=3, frameon=False, prop=legend)
    return figure


def deployment_timeline(
    sim: Simulation,
    service: str,
    cluster: str = "default",
    *,
    deployment_arn: str | None = None,
    region: str | None = None,
    lang: str | None = None,
) -> Figure:
    """Draw `deployment_timeline_data`'s timeline."""
    data = deployment_timeline_data(
        sim, service, cluster, deployment_arn=deployment_arn, region=region
    )
    return draw(data, lang)
