"""`Dashboard`: the four widgets for one cluster on one page (and a standalone page in Voila).

The forms sit in tabs on the left, the player (diagram, counters, event log) in the centre.
Whenever a form changes the simulation through ECS, the player records a new frame, so the
diagram and the event log show the effect of Apply, Register or a fault at once.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ecslearn.widgets.common import Displayable
from ecslearn.widgets.faults import FaultPanel
from ecslearn.widgets.player import SimulationPlayer
from ecslearn.widgets.service import ServiceConfigurator
from ecslearn.widgets.task_definition import TaskDefinitionEditor
from ecslearn.words import resolve, words
from ecslearn.words.widgets import DASHBOARD

#: What is simulated and what is real, in English (the page says it in its own language).
SIMULATED_NOTE = DASHBOARD["en"]["simulated"]


class Dashboard(Displayable):
    """Configurator, editor and fault panel in tabs beside the player; `app` is the root widget.
    `lang` (``"en"`` or ``"ko"``) is the language of the page and of every widget on it."""

    def __init__(
        self,
        sim: Any,
        cluster: str = "default",
        *,
        service: str = "web",
        family: str | None = None,
        region: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = lang = resolve(lang)
        self.words = w = words(DASHBOARD, lang)
        self.sim, self.cluster = sim, cluster
        self.configurator = ServiceConfigurator(sim, cluster, service, region=region, lang=lang)
        self.editor = TaskDefinitionEditor(sim, family or service, region=region, lang=lang)
        self.faults = FaultPanel(sim, cluster, region=region, lang=lang)
        self.player = SimulationPlayer(sim, cluster, region=region, lang=lang)
        self.configurator.applied.connect(self._changed)
        self.editor.registered.connect(self._changed)
        self.faults.changed.connect(self._changed)
        self.faults.changed.connect(self.configurator.follow_service)
        # After time moves, the tasks and instances to pick from change too.
        self.player.moved.connect(self.faults.refresh)
        self.tabs = widgets.Tab(
            children=[self.configurator.app, self.editor.app, self.faults.app],
            titles=(w["service"], w["task_definition"], w["faults"]),
        )
        self.app = widgets.AppLayout(
            header=widgets.HTML(f"<h3>{w['heading'].format(cluster=cluster)}</h3>{w['simulated']}"),
            left_sidebar=self.tabs,
            center=self.player.app,
            pane_widths=("560px", 1, 0),
            pane_heights=("70px", 1, 0),
        )

    def _changed(self) -> None:
        self.configurator.refresh_revisions()
        self.configurator.capacity.read_cluster()
        self.configurator.refresh_request()
        self.player.record()
