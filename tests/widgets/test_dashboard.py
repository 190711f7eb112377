"""The dashboard wires the forms to the player: every change through ECS redraws the cluster."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from ecslearn import Simulation
from ecslearn.views.render import dot_available
from ecslearn.widgets import Dashboard


def test_the_app_is_one_root_widget_with_every_part(cluster_sim: Simulation) -> None:
    dashboard = Dashboard(cluster_sim, "web")
    assert isinstance(dashboard.app, widgets.AppLayout)
    assert dashboard.tabs.children == (
        dashboard.configurator.app,
        dashboard.editor.app,
        dashboard.faults.app,
    )
    assert dashboard.app.center is dashboard.player.app
    assert "application/vnd.jupyter.widget-view+json" in dashboard._repr_mimebundle_()


@pytest.mark.skipif(not dot_available(), reason="needs Graphviz's dot")
def test_apply_then_step_changes_the_diagram_and_the_log(cluster_sim: Simulation) -> None:
    dashboard = Dashboard(cluster_sim, "web")
    diagram, log = dashboard.player.diagram.value, dashboard.player.log.value
    dashboard.configurator.apply_button.click()
    assert dashboard.player.log.value != log
    assert "desired count set to 2" in dashboard.player.log.value
    assert len(dashboard.player.frames) == 2
    dashboard.player.step_button.click()
    assert dashboard.player.diagram.value != diagram
    assert "has started 2 tasks" in dashboard.player.log.value
    assert len(dashboard.player.frames) == 3


def test_a_registered_revision_is_offered_to_the_service(cluster_sim: Simulation) -> None:
    dashboard = Dashboard(cluster_sim, "web")
    dashboard.editor.containers[0].image.value = "nginx:1.28"
    dashboard.editor.register_button.click()
    assert "web:2" in dashboard.configurator.revision.options


def test_time_moving_refreshes_the_fault_panel(cluster_sim: Simulation) -> None:
    dashboard = Dashboard(cluster_sim, "web")
    dashboard.configurator.apply()
    assert dashboard.faults.task.options == ()
    dashboard.player.advance(60)
    assert len(dashboard.faults.task.options) == 2


def test_a_broken_deployment_is_what_the_configurator_then_shows(cluster_sim: Simulation) -> None:
    dashboard = Dashboard(cluster_sim, "web")
    dashboard.configurator.apply()
    assert dashboard.faults.deploy_broken() == "web:2"
    assert dashboard.configurator.revision.value == "web:2"  # Apply would not roll it back
