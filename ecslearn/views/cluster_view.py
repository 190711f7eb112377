"""What the cluster picture shows of a cluster: which tasks (focus, dimming, stopped ones), the
colour of each task definition revision, what changed since a snapshot, and the legend for
exactly what is drawn. `ecslearn.views.cluster` builds the graph from it.
"""

from __future__ import annotations

import networkx as nx

from ecslearn.control.state import RegionState
from ecslearn.model.service import Service
from ecslearn.model.task import TASK_STATES, Task
from ecslearn.views.cluster_changes import ClusterSnapshot, change
from ecslearn.views.cluster_labels import family_revision, revision_order, say
from ecslearn.views.style import CHANGES, DIMMED, REVISION_COLOURS, STATUS_COLOURS
from ecslearn.words import resolve

Legend = list[tuple[str, str, dict[str, str]]]


class ClusterView:
    """What the picture shows of a cluster: which tasks, their colours, their changes."""

    def __init__(
        self,
        state: RegionState,
        cluster: str,
        service: str | None,
        previous: ClusterSnapshot | None,
        hide_others: bool,
        show_stopped: bool,
        lang: str | None = None,
    ) -> None:
        self.lang = resolve(lang)
        self.state = state
        self.previous = previous
        self.services = [s for s in state.services.values() if s.cluster_name == cluster]
        self.focus = _find_service(self.services, service) if service else None
        self.hide_others = hide_others
        every = [t for t in state.tasks.values() if t.cluster_name == cluster]
        self.changes = {t.task_arn: change(t, previous) for t in every}
        self.tasks = [
            t
            for t in every
            if (show_stopped or not t.is_stopped or self.changes[t.task_arn] == "stopped")
            and not (hide_others and self.dimmed(t))
        ]
        known = {t.task_arn for t in every}
        self.purged = sum(
            1 for arn in (previous.last_status if previous else {}) if arn not in known
        )
        revisions = {t.task_definition_arn or "" for t in self.tasks}
        for svc in self.shown_services:
            revisions |= {d.task_definition or "" for d in svc.deployments or []}
        self.revisions = sorted(revisions - {""}, key=revision_order)
        self.colours = {
            arn: REVISION_COLOURS[i % len(REVISION_COLOURS)] for i, arn in enumerate(self.revisions)
        }

    @property
    def shown_services(self) -> list[Service]:
        if self.focus is not None and self.hide_others:
            return [self.focus]
        return self.services

    def dimmed(self, task: Task) -> bool:
        return self.focus is not None and task.service_arn != self.focus.service_arn

    def legend(self, graph: nx.DiGraph, grouped: bool) -> Legend:
        """Only what the picture shows; words say what a border's width or dashes mean."""
        entries: Legend = []
        statuses = set() if grouped else {t.last_status for t in self.tasks}
        for status in TASK_STATES:
            if status in statuses and status in STATUS_COLOURS:
                label = say(self.lang, "legend_task", status=status)
                entries.append((label, "task", {"fillcolor": STATUS_COLOURS[status]}))
        for arn in self.revisions:
            if grouped and ("task_definition", arn) not in graph:
                continue  # summaries have no borders: only task definitions show revisions
            attrs = {"fillcolor": "#ffffff", "color": self.colours[arn], "penwidth": "2"}
            label = say(self.lang, "legend_border", revision=family_revision(arn))
            entries.append((label, "task", attrs))
        shown = {c for c in self.changes.values() if c}
        if self.previous is not None and not grouped:
            for name, attrs in CHANGES.items():
                if name in shown:
                    look = {"new": "thick border", "stopping": "dashed", "stopped": "dotted"}
                    label = say(
                        self.lang,
                        "legend_change",
                        look=say(self.lang, look[name]),
                        change=say(self.lang, name),
                        t=f"{self.previous.time:g}",
                    )
                    entries.append((label, "task", {"fillcolor": "#ffffff", **attrs}))
        if self.focus is not None and not self.hide_others:
            entries.append((say(self.lang, "legend_dimmed"), "task", dict(DIMMED)))
        kinds = {data.get("kind") for _, data in graph.nodes(data=True)}
        kinds_shown = (
            "asg",
            "summary",
            "fargate",
            "waiting",
            "container",
            "service",
            "task_definition",
            "capacity",
        )
        for kind in (*kinds_shown, "target_group"):
            if kind in kinds:
                entries.append((say(self.lang, f"legend_{kind}"), kind, {}))
        return entries


def _find_service(services: list[Service], reference: str) -> Service:
    for svc in services:
        if reference in (svc.service_name, svc.service_arn):
            return svc
    names = ", ".join(sorted(s.service_name or "" for s in services)) or "none"
    raise ValueError(f"The cluster has no service '{reference}'. Its services: {names}.")
