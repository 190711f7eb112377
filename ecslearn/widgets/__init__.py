"""Interactive lessons in Jupyter: configure a service, edit a task definition, play the clock,
inject faults, or all four at once in a `Dashboard` (``Dashboard(sim, "web").app``, also a
standalone page with Voila). Every widget speaks the session's language (English unless
``ecslearn.set_language("ko")`` was called) or the one its ``lang=`` says (``lang="ko"`` for the
Korean lessons; ``Dashboard(sim, "web", lang="ko")`` passes it on to all four), and keeps the
language it was made in; what ECS says and takes (field names, values, JSON, the ``aws ecs``
command, errors, events) stays ECS's.

Widgets read the simulation to draw it and change it only through the ECS calls (and, for faults,
the fault methods) a learner asks for, so every click is something real ECS would do.
"""

from ecslearn.widgets.dashboard import Dashboard
from ecslearn.widgets.faults import BROKEN_IMAGE, FaultPanel
from ecslearn.widgets.player import SimulationPlayer
from ecslearn.widgets.service import ServiceConfigurator
from ecslearn.widgets.task_definition import TaskDefinitionEditor

__all__ = [
    "BROKEN_IMAGE",
    "Dashboard",
    "FaultPanel",
    "ServiceConfigurator",
    "SimulationPlayer",
    "TaskDefinitionEditor",
]
