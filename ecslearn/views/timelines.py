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

Languages: every function takes ``lang="en"`` or ``lang="ko"`` for the words it shows (titles,
axis labels, series names, markers), and without it uses the session's language
(`ecslearn.set_language`); ECS's own words (RUNNING, revisions such as ``web:2``) stay as ECS
writes them. matplotlib draws Korean only with a font that has Hangul: the figures
use the first one `hangul_font` finds (Noto Sans CJK KR, NanumGothic, Malgun Gothic, ... or any
installed font with Hangul), and when there is none a ``lang="ko"`` figure keeps its words in
English rather than draw them as empty boxes (the ``*_series`` labels are Korean either way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from matplotlib import font_manager
from matplotlib.figure import Figure

from ecslearn.control.state import region_of
from ecslearn.control.timeline import Event
from ecslearn.model.service import Service
from ecslearn.views.cluster_labels import PENDING_STATES, family_revision
from ecslearn.views.style import REVISION_COLOURS, TIMELINE_COLOURS
from ecslearn.views.timeline_drawing import (
    FigureText,
    Series,
    finish,
    mark_deployments,
    new_figure,
    to_png,
)
from ecslearn.words import resolve, words
from ecslearn.words.timelines import TIMELINES

__all__ = [
    "Series",
    "desired_vs_running",
    "desired_vs_running_series",
    "hangul_font",
    "tasks_per_revision",
    "tasks_per_revision_series",
    "to_png",
]

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

#: The key (and English label) of the line for tasks ECS no longer describes.
REVISION_UNKNOWN = TIMELINES["en"]["revision_unknown"]
#: Fonts with Hangul to try first, by family name, before looking through every font.
HANGUL_FONTS = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans K",
    "Source Han Sans KR",
    "NanumGothic",
    "NanumBarunGothic",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "UnDotum",
    "Baekmuk Gulim",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Serif CJK KR",
)
#: A Hangul syllable a font must have to count (한).
HANGUL_PROBE = 0xD55C


def _words(lang: str | None) -> dict[str, str]:
    return words(TIMELINES, lang)


@cache
def hangul_font() -> str | None:
    """The family name of an installed font that has Hangul (one of `HANGUL_FONTS` first),
    or None when there is none."""
    entries = {entry.name: entry for entry in font_manager.fontManager.ttflist}
    preferred = [entries[name] for name in HANGUL_FONTS if name in entries]
    others = sorted(
        (entry for name, entry in entries.items() if name not in HANGUL_FONTS),
        key=lambda entry: entry.name,
    )
    for entry in [*preferred, *others]:
        if _has_hangul(entry):
            return entry.name
    return None


def _has_hangul(entry: Any) -> bool:
    try:
        return HANGUL_PROBE in font_manager.get_font(entry.fname).get_charmap()
    except (OSError, RuntimeError, TypeError, ValueError):
        return False


def _text(lang: str | None) -> FigureText:
    """Korean words and a Hangul font for ``lang="ko"`` when there is one; English otherwise."""
    lang = resolve(lang)
    chosen = _words(lang)
    if lang == "en":
        return FigureText("en", chosen)
    font = hangul_font()
    if font is None:
        return FigureText("en", _words("en"))
    return FigureText(lang, chosen, [font, "DejaVu Sans"])


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
    sim: Simulation,
    service: str,
    cluster: str | None = None,
    *,
    region: str | None = None,
    lang: str | None = None,
) -> dict[str, Series]:
    """RUNNING tasks of each revision (``"web:2"``) over time, oldest revision first. Tasks ECS
    has forgotten are counted under the key `REVISION_UNKNOWN` (labelled in `lang`)."""
    unknown = _words(lang)["revision_unknown"]
    svc = _service(sim, service, cluster, region)
    state = region_of(sim, region)
    revision_of = {
        task.id: family_revision(task.task_definition_arn)
        for arn in state.tasks_of(svc.service_arn or "")
        if (task := state.tasks.get(arn)) is not None
    }
    counts: Counter[str] = Counter()
    series: dict[str, Series] = {}
    for event, before, after in _phase_changes(_task_events(sim, svc)):
        if "running" not in (before, after):
            continue
        revision = revision_of.get(event.task or "", REVISION_UNKNOWN)
        counts[revision] += 1 if after == "running" else -1
        label = unknown if revision == REVISION_UNKNOWN else revision
        line = series.setdefault(revision, Series(label, [event.time], [0]))
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
    lang: str | None = None,
) -> dict[str, Series]:
    """``desired``, ``running`` and ``pending`` (and ``load`` when known) over time; the keys
    stay these, the series' labels are in `lang`."""
    said = _words(lang)
    svc = _service(sim, service, cluster, region)
    start = _created(sim, svc)
    running = Series(said["running"], [start], [0])
    pending = Series(said["pending"], [start], [0])
    counts = {"running": 0, "pending": 0}
    for event, before, after in _phase_changes(_task_events(sim, svc)):
        for phase, step in ((before, -1), (after, 1)):
            if phase is not None:
                counts[phase] += step
        running.add(event.time, counts["running"])
        pending.add(event.time, counts["pending"])
    out = {
        "desired": _desired(sim, svc, start, desired, said),
        "running": running,
        "pending": pending,
    }
    loads = load if load is not None else _from_details(sim, svc, "load")
    if loads:
        out["load"] = Series(said["load"], [t for t, _ in loads], [v for _, v in loads])
    for line in out.values():
        line.add(max(sim.now, line.times[-1]), line.values[-1])
    return out


def _created(sim: Simulation, svc: Service) -> float:
    if svc.created_at is None:
        return 0.0
    return max(0.0, svc.created_at - sim.world.clock.epoch_start)


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
    sim: Simulation,
    svc: Service,
    start: float,
    given: Sequence[tuple[float, float]] | None,
    said: dict[str, str],
) -> Series:
    points = list(given) if given is not None else _from_details(sim, svc, "desiredCount")
    if points:
        return Series(said["desired"], [t for t, _ in points], [v for _, v in points])
    return Series(said["desired_flat"], [start], [svc.desired_count or 0])


# -- figures -----------------------------------------------------------------------------------
def tasks_per_revision(
    sim: Simulation,
    service: str,
    cluster: str | None = None,
    *,
    region: str | None = None,
    lang: str | None = None,
) -> Figure:
    """RUNNING tasks per task definition revision over simulated time (deployments marked),
    with its words in `lang` (English if no installed font has Hangul; see the module)."""
    text = _text(lang)
    series = tasks_per_revision_series(sim, service, cluster, region=region, lang=text.lang)
    said = text.words
    figure, axes = new_figure(
        said["revisions_title"].format(service=service), said["running_tasks"], text
    )
    for index, (key, line) in enumerate(series.items()):
        colour = (
            TIMELINE_COLOURS["unknown"]
            if key == REVISION_UNKNOWN
            else REVISION_COLOURS[index % len(REVISION_COLOURS)]
        )
        axes.step(line.times, line.values, where="post", label=line.label, color=colour, lw=2)
    rows = mark_deployments(axes, sim, _service(sim, service, cluster, region), text)
    finish(figure, axes, series.values(), text, rows)
    return figure


def desired_vs_running(
    sim: Simulation,
    service: str,
    cluster: str | None = None,
    *,
    desired: Sequence[tuple[float, float]] | None = None,
    load: Sequence[tuple[float, float]] | None = None,
    region: str | None = None,
    lang: str | None = None,
) -> Figure:
    """Desired, RUNNING and pending tasks over simulated time; a load series on a second axis
    when one is given or recorded. Its words are in `lang` (English if no installed font has
    Hangul; see the module)."""
    text = _text(lang)
    series = desired_vs_running_series(
        sim, service, cluster, desired=desired, load=load, region=region, lang=text.lang
    )
    said = text.words
    figure, axes = new_figure(said["desired_title"].format(service=service), said["tasks"], text)
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
        twin.plot(line.times, line.values, color=TIMELINE_COLOURS["load"], label=line.label, lw=1.5)
        twin.set_ylabel(said["load"], **text.font)
        twin.set_ylim(0, max(max(line.values, default=0), 1) * 1.3)
        twin.spines[["top"]].set_visible(False)
        more = [twin]
    else:
        more = []
    rows = mark_deployments(axes, sim, _service(sim, service, cluster, region), text)
    lines = [series[n] for n in ("desired", "running", "pending")]
    finish(figure, axes, lines, text, rows, *more)
    return figure
