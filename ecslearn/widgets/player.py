"""`SimulationPlayer`: move the virtual clock and watch the cluster, or scrub back through time.

The simulation's state is plain data, so after every move the player keeps a snapshot
(`snapshot.to_document`) and the cluster's task statuses. Scrubbing the time slider back rebuilds
a separate, read-only simulation from the snapshot and draws that: the live simulation is never
touched by looking at its past. Play is an ``ipywidgets.Play`` whose every tick runs one batch of
`speed` steps through `tick`, so the same clicks always give the same history (and tests can
call `tick` directly).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ecslearn.control import snapshot as state_snapshot
from ecslearn.control.state import region_of
from ecslearn.simulation import Simulation
from ecslearn.views.cluster import ClusterSnapshot, cluster_picture, snapshot
from ecslearn.views.render import dot_available
from ecslearn.widgets.common import Displayable, Signals, fit_labels
from ecslearn.words import resolve, words
from ecslearn.words.render import RENDER
from ecslearn.words.widgets import PLAYER

#: Snapshots kept for scrubbing; the oldest are dropped beyond this (each is the whole world).
MAX_FRAMES = 500
ALL = PLAYER["en"]["all"]
#: How many silent actions (recurring health checks...) one step runs through at most.
MAX_QUIET_ACTIONS = 1000


class Frame:
    """One moment of history: the whole world as a document, and the cluster's task statuses."""

    def __init__(self, sim: Any, cluster: str, region: str | None) -> None:
        self.time = sim.now
        self.document = state_snapshot.to_document(sim.world)
        self.tasks = snapshot(sim, cluster, region=region)

    def rebuild(self) -> Any:
        """A separate simulation in this moment's state (changing it changes nothing else)."""
        return Simulation.from_world(state_snapshot.from_document(self.document))


class SimulationPlayer(Displayable):
    """Play, step and scrub a simulation; `app` is the widget to display. `lang` (``"en"`` or
    ``"ko"``) is the language of its labels, counters and diagram; ECS's event messages stay
    ECS's."""

    def __init__(
        self,
        sim: Any,
        cluster: str = "default",
        *,
        region: str | None = None,
        log_lines: int = 40,
        lang: str | None = None,
    ) -> None:
        self.lang = lang = resolve(lang)
        self.words = w = words(PLAYER, lang)
        self.sim, self.cluster, self.region, self.log_lines = sim, cluster, region, log_lines
        self.frames: list[Frame] = []
        self.moved = Signals()  # the live simulation has a new frame
        self.play = widgets.Play(value=0, min=0, max=10**9, step=1, interval=500)
        self.speed = widgets.IntSlider(value=1, min=1, max=50, description=w["speed"])
        self.step_button = widgets.Button(description=w["step"], icon="step-forward")
        self.seconds = widgets.BoundedFloatText(
            value=30, min=0, max=86400, description=w["seconds"]
        )
        self.advance_button = widgets.Button(description=w["advance"], icon="forward")
        self.time = widgets.IntSlider(value=0, min=0, max=0, description=w["history"])
        self.time_label = widgets.HTML("")
        self.diagram = widgets.HTML("")
        self.counters = widgets.HTML("")
        # The filters' "everything" choice, in the widget's language (ALL in English).
        self.all = every = w["all"]
        self.service_filter = widgets.Dropdown(
            options=[every], value=every, description=w["service"]
        )
        self.task_filter = widgets.Dropdown(options=[every], value=every, description=w["task"])
        self.instance_filter = widgets.Dropdown(
            options=[every], value=every, description=w["instance"]
        )
        self.log = widgets.HTML("")
        self.play.observe(lambda _: self.tick(), "value")
        self.step_button.on_click(lambda _: self.step())
        self.advance_button.on_click(lambda _: self.advance())
        self.time.observe(lambda _: self.show(), "value")
        for control in (self.service_filter, self.task_filter, self.instance_filter):
            control.observe(lambda _: self.show_log(), "value")
        controls = widgets.HBox(
            [self.play, self.speed, self.step_button, self.seconds, self.advance_button]
        )
        filters = widgets.HBox([self.service_filter, self.task_filter, self.instance_filter])
        self.app = widgets.VBox(
            [
                controls,
                widgets.HBox([self.time, self.time_label]),
                self.counters,
                self.diagram,
                filters,
                self.log,
            ]
        )
        fit_labels(self.app, lang)
        self._shown: Any = sim
        self.record()

    # -- moving the live simulation -----------------------------------------------------------
    def record(self) -> None:
        """Keep the live simulation's present as a frame and show it (after any change)."""
        self.frames.append(Frame(self.sim, self.cluster, self.region))
        del self.frames[:-MAX_FRAMES]
        at_end = len(self.frames) - 1
        self.time.max = at_end
        if self.time.value == at_end:
            self.show()
        else:
            self.time.value = at_end  # observing the slider shows it
        self.moved.emit()

    def step(self) -> None:
        """Run up to the next event (a pull finishing, a container exiting...): scheduled
        actions that change nothing visible, such as a quiet health check, are run through."""
        self._next_event()
        self.record()

    def _next_event(self) -> bool:
        """False when nothing is scheduled any more."""
        for _ in range(MAX_QUIET_ACTIONS):
            result = self.sim.step()
            if result.action is None:
                return False
            if result.events:
                return True
        return True

    def tick(self) -> None:
        """One tick of Play: `speed` events, then one frame."""
        for _ in range(self.speed.value):
            if not self._next_event():
                self.play.playing = False
                break
        self.record()

    def advance(self, seconds: float | None = None) -> None:
        self.sim.advance(self.seconds.value if seconds is None else seconds)
        self.record()

    # -- showing a moment -------------------------------------------------------------------------
    @property
    def live(self) -> bool:
        return self.time.value == len(self.frames) - 1

    def shown_simulation(self) -> Any:
        """The live simulation at the end of history, else a rebuilt copy of the past."""
        if self.live:
            return self.sim
        return self.frames[self.time.value].rebuild()

    def show(self) -> None:
        sim = self._shown = self.shown_simulation()
        index = self.time.value
        previous: ClusterSnapshot | None = self.frames[index - 1].tasks if index > 0 else None
        w = self.words
        self.time_label.value = w["time"].format(
            t=f"{sim.now:g}",
            state=w["live"] if self.live else w["past"],
            frame=index + 1,
            frames=len(self.frames),
        )
        self.counters.value = counters_html(sim, self.cluster, self.region, lang=self.lang)
        if dot_available():
            picture = cluster_picture(
                sim, self.cluster, previous=previous, region=self.region, lang=self.lang
            )
            self.diagram.value = picture.svg()
        else:
            hint = words(RENDER, self.lang)["graphviz_hint"]
            self.diagram.value = f"<p>{html.escape(hint)}</p>"
        self._update_filters()
        self.show_log()

    def _update_filters(self) -> None:
        # From the live simulation, whose history includes every past frame's: scrubbing back
        # keeps the chosen filter.
        events = self.sim.events.filter(cluster=self.cluster)
        for control, values in (
            (self.service_filter, {e.service for e in events}),
            (self.task_filter, {e.task for e in events}),
            (self.instance_filter, {e.instance for e in events}),
        ):
            options = [self.all, *sorted(v for v in values if v)]
            if list(control.options) != options:
                keep = control.value if control.value in options else self.all
                control.options = options
                control.value = keep

    def events(self) -> list[Any]:
        """The shown moment's events in the cluster, filtered, oldest first."""

        def pick(control: widgets.Dropdown) -> str | None:
            return None if control.value == self.all else control.value

        return list(
            self._shown.events.filter(
                cluster=self.cluster,
                service=pick(self.service_filter),
                task=pick(self.task_filter),
                instance=pick(self.instance_filter),
            )
        )

    def show_log(self) -> None:
        lines = [str(e) for e in self.events()[-self.log_lines :]]
        text = "\n".join(lines) or self.words["no_events"]
        self.log.value = (
            '<pre class="ecslearn-events" style="font-size:11px;max-height:300px;overflow:auto">'
            f"{html.escape(text)}</pre>"
        )


def counters(sim: Any, cluster: str, region: str | None = None) -> dict[str, int]:
    """Key numbers of a cluster: tasks by status and services steady."""
    state = region_of(sim, region)
    tasks = [t for t in state.tasks.values() if t.cluster_name == cluster]
    services = [
        s for s in state.services.values() if s.cluster_name == cluster and s.status == "ACTIVE"
    ]
    return {
        "running": sum(t.last_status == "RUNNING" for t in tasks),
        "pending": sum(t.last_status in ("PROVISIONING", "PENDING", "ACTIVATING") for t in tasks),
        "services": len(services),
        "steady": sum(bool(s.steady) for s in services),
    }


def counters_html(
    sim: Any, cluster: str, region: str | None = None, *, lang: str | None = None
) -> str:
    """The counters line (`counters`) in `lang`."""
    n = counters(sim, cluster, region)
    line = words(PLAYER, lang)["counters"].format(
        t=f"{sim.now:g}",
        running=n["running"],
        pending=n["pending"],
        steady=n["steady"],
        services=n["services"],
    )
    return f'<span class="ecslearn-counters">{line}</span>'
