"""Timelines: a service's tasks over simulated time, rebuilt from ``sim.events``, as matplotlib
figures.

- `tasks_per_revision`: RUNNING tasks of each task definition revision, so a rolling deployment
  reads as one revision's line climbing while the other's falls.
- `desired_vs_running`: desired, RUNNING and pending counts (and, when there is one, a load
  series on a second axis).

Each figure has a ``*_series`` twin returning the plotted data (`Series`), which is what tests
check. Figures are plain `matplotlib.figure.Figure` objects drawn with Agg (no pyplot state, no
window); Jupyter shows them, and `to_png(figure, path)` writes them out.

What the timeline holds, and what is rebuilt:

- Task events carry ``status`` and ``previous``; a task's first event is its creation, so a
  task counts as pending from its first event until it reaches RUNNING or stops.
- Events name a task but not its revision: the revision is read from the task in the region's
  state while ECS still describes it. ECS forgets a stopped task an hour after it stops; such a
  task's line is drawn under ``REVISION_UNKNOWN``.
- The timeline does not record desiredCount changes. The desired line comes, in order of
  preference, from ``desired=[(t, n), ...]``, from events whose details carry ``desiredCount``
  (the hook for auto scaling and UpdateService events), or else from the service's current
  desiredCount drawn flat from its creation (labelled so).
- A load series comes from ``load=[(t, value), ...]`` or from events whose details carry
  ``load``; without either, the load axis is not drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ecslearn.control.timeline import Event
from ecslearn.model.service import Service
from ecslearn.views.cluster import region_of
from ecslearn.views.cluster_labels import PENDING_STATES, family_revision
from ecslearn.views.style import REVISION_COLOURS, TIMELINE_COLOURS

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

REVISION_UNKNOWN = "revision unknown (task forgotten)"
#: Service event wording that marks a moment worth a vertical line on the timeline.
MARKED_EVENTS = {
    "deployment completed": "deployment completed",
    "rolling back": "rolling back",
    "deployment failed": "deployment failed",
}


@dataclass
class Series:
    """One plotted line: a step function (each value holds until the next time)."""

    label: str
    times: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    def add(self, time: float, value: float) -> None:
        self.times.append(time)
        self.values.append(value)

    def at(self, time: float) -> float:
        """The value in force at `time` (0 before the first point)."""
        value = 0.0
        for when, current in zip(self.times, self.values, strict=True):
            if when > time:
                break
            value = current
        return value


def to_png(figure: Figure, path: str | Path, dpi: int = 120) -> Path:
    """Write a timeline figure as PNG (or any format matplotlib knows, by suffix)."""
    target = Path(path)
    figure.savefig(target, dpi=dpi, bbox_inches="tight")
    return target


# -- rebuilding counts from the timeline -------------------------------------------------------
def _phase(status: str | None) -> str | None:
    if status in PENDING_STATES:
        return "pending"
    return "running" if status == "RUNNING" else None


def _service(sim: Simulation, service: str, cluster: str | None, region: str | None) -> Service:
    state = region_of(sim, region)
    for candidate in state.services.values():
        if service in (candidate.service_name, candidate.service_arn) and (
            cluster is None or candidate.cluster_name == cluster.rsplit("/", 1)[-1]
        ):
            return candidate
    raise ValueError(
        f"No service '{service}'"
        + (f" in cluster '{cluster}'" if cluster else "")
        + ". Services: "
        + (", ".join(sorted(s.service_name or "" for s in state.services.values())) or "none")
        + "."
    )


def _task_events(sim: Simulation, svc: Service) -> list[Event]:
    return [
        e
        for e in sim.events
        if e.kind == "task" and e.service == svc.service_name and e.cluster == svc.cluster_name
    ]


def _phase_changes(events: Iterable[Event]) -> Iterable[tuple[Event, str | None, str | None]]:
    """(event, phase before, phase after) for every event that moves a task between phases."""
    phases: dict[str, str | None] = {}
    for event in events:
        task = event.task or ""
        status = event.details.get("status")
        if task not in phases:
            first = event.details.get("previous", "PENDING") if status else "PENDING"
            phases[task] = _phase(first)
            if phases[task] is not None:
                yield event, None, phases[task]
        if status is None:
            continue
        before, after = phases[task], _phase(status)
        if before != after:
            phases[task] = after
            yield event, before, after


def tasks_per_revision_series(
    sim: Simulation, service: str, cluster: str | None = None, *, region: str | None = None
) -> dict[str, Series]:
    """RUNNING tasks of each revision (``"web:2"``) over time, oldest revision first."""
    svc = _service(sim, service, cluster, region)
    state = region_of(sim, region)
    revision_of = {
        task.id: family_revision(task.task_definition_arn)
        for arn in state.tasks_by_service.get(svc.service_arn or "", {})
        if (task := state.tasks.get(arn)) is not None
    }
    counts: Counter[str] = Counter()
    series: dict[str, Series] = {}
    for event, before, after in _phase_changes(_task_events(sim, svc)):
        if "running" not in (before, after):
            continue
        revision = revision_of.get(event.task or "", REVISION_UNKNOWN)
        counts[revision] += 1 if after == "running" else -1
        line = series.setdefault(revision, Series(revision, [event.time], [0]))
        line.add(event.time, counts[revision])
    for line in series.values():
        line.add(sim.now, line.values[-1])
    return dict(sorted(series.items(), key=lambda item: _revision_key(item[0])))


def _revision_key(label: str) -> tuple[int, str, int]:
    family, _, revision = label.rpartition(":")
    if label == REVISION_UNKNOWN or not revision.isdigit():
        return (1, label, 0)
    return (0, family, int(revision))


def desired_vs_running_series(
    sim: Simulation,
    service: str,
    cluster: str | None = None,
    *,
    desired: Sequence[tuple[float, float]] | None = None,
    load: Sequence[tuple[float, float]] | None = None,
    region: str | None = None,
) -> dict[str, Series]:
    """``desired``, ``running`` and ``pending`` (and ``load`` when known) over time."""
    svc = _service(sim, service, cluster, region)
    start = _created(sim, svc)
    running, pending = Series("running", [start], [0]), Series("pending", [start], [0])
    counts = {"running": 0, "pending": 0}
    for event, before, after in _phase_changes(_task_events(sim, svc)):
        for phase, step in ((before, -1), (after, 1)):
            if phase is not None:
                counts[phase] += step
        running.add(event.time, counts["running"])
        pending.add(event.time, counts["pending"])
    out = {"desired": _desired(sim, svc, start, desired), "running": running, "pending": pending}
    loads = load if load is not None else _from_details(sim, svc, "load")
    if loads:
        out["load"] = Series("load", [t for t, _ in loads], [v for _, v in loads])
    for line in out.values():
        line.add(max(sim.now, line.times[-1]), line.values[-1])
    return out


def _created(sim: Simulation, svc: Service) -> float:
    if svc.created_at is None:
        return 0.0
    return max(0.0, svc.created_at - sim.clock.epoch_start)


def _from_details(sim: Simulation, svc: Service, *keys: str) -> list[tuple[float, float]]:
    points = []
    for event in sim.events:
        if event.service != svc.service_name or event.cluster != svc.cluster_name:
            continue
        for key in keys:
            if key in event.details:
                points.append((event.time, float(event.details[key])))
                break
    return points


def _desired(
    sim: Simulation, svc: Service, start: float, given: Sequence[tuple[float, float]] | None
) -> Series:
    points = list(given) if given is not None else _from_details(sim, svc, "desiredCount")
    if points:
        return Series("desired", [t for t, _ in points], [v for _, v in points])
    return Series(
        "desired (current value; changes not recorded)", [start], [svc.desired_count or 0]
    )


# -- figures -----------------------------------------------------------------------------------
def tasks_per_revision(
    sim: Simulation, service: str, cluster: str | None = None, *, region: str | None = None
) -> Figure:
    """RUNNING tasks per task definition revision over simulated time (deployments marked)."""
    series = tasks_per_revision_series(sim, service, cluster, region=region)
    figure, axes = _figure(f"Service {service}: RUNNING tasks per revision", "RUNNING tasks")
    for index, line in enumerate(series.values()):
        colour = (
            TIMELINE_COLOURS["unknown"]
            if line.label == REVISION_UNKNOWN
            else REVISION_COLOURS[index % len(REVISION_COLOURS)]
        )
        axes.step(line.times, line.values, where="post", label=line.label, color=colour, lw=2)
    _mark(axes, sim, _service(sim, service, cluster, region))
    _finish(figure, axes, series.values())
    return figure


def desired_vs_running(
    sim: Simulation,
    service: str,
    cluster: str | None = None,
    *,
    desired: Sequence[tuple[float, float]] | None = None,
    load: Sequence[tuple[float, float]] | None = None,
    region: str | None = None,
) -> Figure:
    """Desired, RUNNING and pending tasks over simulated time; a load series on a second axis
    when one is given or recorded."""
    series = desired_vs_running_series(
        sim, service, cluster, desired=desired, load=load, region=region
    )
    figure, axes = _figure(f"Service {service}: desired and running tasks", "tasks")
    for name in ("desired", "running", "pending"):
        line = series[name]
        style = "--" if name == "desired" else "-"
        axes.step(
            line.times,
            line.values,
            where="post",
            label=line.label,
            color=TIMELINE_COLOURS[name],
            linestyle=style,
            lw=2,
        )
    if "load" in series:
        twin = axes.twinx()
        line = series["load"]
        twin.plot(line.times, line.values, color=TIMELINE_COLOURS["load"], label="load", lw=1.5)
        twin.set_ylabel("load")
        twin.set_ylim(0, max(max(line.values, default=0), 1) * 1.3)
        twin.spines[["top"]].set_visible(False)
        more = [twin]
    else:
        more = []
    _mark(axes, sim, _service(sim, service, cluster, region))
    _finish(figure, axes, [series[n] for n in ("desired", "running", "pending")], *more)
    return figure


def _figure(title: str, ylabel: str) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(8, 3.6), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title, loc="left")
    axes.set_xlabel("simulated seconds")
    axes.set_ylabel(ylabel)
    axes.grid(True, color="#e5e7eb")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    return figure, axes


def _mark(axes: Axes, sim: Simulation, svc: Service) -> None:
    """A dotted vertical line, labelled, where a deployment completed, failed or rolled back."""
    for event in sim.events:
        if event.kind != "service" or event.service != svc.service_name:
            continue
        for phrase, label in MARKED_EVENTS.items():
            if phrase in event.message:
                axes.axvline(event.time, color=TIMELINE_COLOURS["marker"], linestyle=":", lw=1)
                axes.annotate(
                    label,
                    (event.time, 0.97),
                    xycoords=("data", "axes fraction"),
                    xytext=(-3, 0),
                    textcoords="offset points",
                    va="top",
                    ha="right",
                    fontsize=8,
                    color=TIMELINE_COLOURS["marker"],
                )


def _finish(figure: Figure, axes: Axes, lines: Iterable[Series], *more: Axes) -> None:
    """Headroom for the markers' labels; one legend for every axis, below the plot."""
    top = max([1.0, *(max(line.values, default=0) for line in lines)])
    axes.set_ylim(0, top * 1.3)
    handles, labels = [], []
    for each in (axes, *more):
        h, lab = each.get_legend_handles_labels()
        handles += h
        labels += lab
    figure.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False, fontsize=9)
