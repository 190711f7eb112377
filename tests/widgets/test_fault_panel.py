"""The fault panel breaks things the way they break on AWS, and ECS recovers."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.widgets import BROKEN_IMAGE, FaultPanel


@pytest.fixture
def steady(cluster_sim: Simulation) -> Simulation:
    cluster_sim.client().create_service(
        cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=2
    )
    cluster_sim.run_until_stable()
    return cluster_sim


def test_the_panel_offers_running_tasks_instances_and_services(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web")
    assert len(panel.task.options) == 2
    assert panel.container.options == ("web",)
    assert len(panel.instance.options) == 3
    assert panel.service.options == ("web",)


def test_killing_a_container_stops_its_task_and_the_service_replaces_it(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web")
    task = panel.task.value
    panel.kill_button.click()
    assert "Killed container web" in panel.status.value
    steady.run_until_stable()
    state = steady.region_state()
    assert state.tasks[task].last_status == "STOPPED"
    running = [t for t in state.tasks.values() if t.last_status == "RUNNING"]
    assert len(running) == 2


def test_terminating_an_instance_removes_it(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web")
    arn = panel.instance.value
    panel.terminate_button.click()
    assert panel.error.value == ""
    listed = steady.client().list_container_instances(cluster="web")["containerInstanceArns"]
    assert arn not in listed


def test_disconnecting_and_reconnecting_an_agent(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web")
    arn = panel.instance.value
    panel.disconnect_button.click()
    assert steady.region_state().instances[arn].agent_connected is False
    panel.reconnect_button.click()
    assert steady.region_state().instances[arn].agent_connected is True


def test_draining_goes_through_update_container_instances_state(steady: Simulation, spy) -> None:
    panel = FaultPanel(steady, "web")
    calls = spy(panel.ecs)
    arn = panel.instance.value
    panel.drain_button.click()
    assert calls.operations == ["UpdateContainerInstancesState"]
    described = steady.client().describe_container_instances(
        cluster="web", containerInstances=[arn]
    )
    assert described["containerInstances"][0]["status"] == "DRAINING"
    panel.instance.value = arn
    panel.activate_button.click()
    described = steady.client().describe_container_instances(
        cluster="web", containerInstances=[arn]
    )
    assert described["containerInstances"][0]["status"] == "ACTIVE"


def test_a_revision_that_cannot_start_never_replaces_the_old_tasks(steady: Simulation, spy) -> None:
    panel = FaultPanel(steady, "web")
    calls = spy(panel.ecs)
    assert panel.image.value == BROKEN_IMAGE
    assert panel.deploy_broken() == "web:2"
    assert calls.operations[-2:] == ["RegisterTaskDefinition", "UpdateService"]
    steady.advance(120)
    state = steady.region_state()
    stopped = [t for t in state.tasks.values() if t.task_definition_arn.endswith("web:2")]
    assert stopped and all(t.last_status != "RUNNING" for t in stopped)
    reasons = " ".join(t.stopped_reason or "" for t in stopped)
    assert "CannotPullContainerError" in reasons
    old = [t for t in state.tasks.values() if t.task_definition_arn.endswith("web:1")]
    assert sum(t.last_status == "RUNNING" for t in old) == 2  # minimumHealthyPercent 100


def test_a_fault_that_ecs_refuses_shows_inline(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web")
    task = panel.task.value
    panel.kill_button.click()
    panel.task.options = [("gone", task)]  # a stale list: the container is no longer RUNNING
    panel.task.value = task
    panel.container.value = "web"
    assert panel.kill_container() is False
    assert "ClientException" in panel.error.value and "not RUNNING" in panel.error.value


def test_nothing_to_choose_says_so(cluster_sim: Simulation) -> None:
    panel = FaultPanel(cluster_sim, "web")
    assert panel.kill_container() is False
    assert "Choose a running task first" in panel.error.value
    assert panel.deploy_broken() is None
