"""The player moves the live simulation, keeps every moment, and shows the past without
touching the present."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.views.render import dot_available
from ecslearn.widgets import SimulationPlayer
from ecslearn.widgets.player import counters

needs_dot = pytest.mark.skipif(not dot_available(), reason="needs Graphviz's dot")


@pytest.fixture
def started(cluster_sim: Simulation) -> Simulation:
    cluster_sim.client().create_service(
        cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=2
    )
    return cluster_sim


def test_step_runs_one_event_and_keeps_a_frame(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    upcoming = started.upcoming(1)
    player.step_button.click()
    assert len(player.frames) == 2 and player.live
    assert upcoming and started.upcoming(1) != upcoming
    assert player.time.max == 1 and player.time.value == 1


def test_advance_moves_the_clock_and_the_counters(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    player.seconds.value = 60
    player.advance_button.click()
    assert started.now == 60
    assert "tasks running <b>2</b>" in player.counters.value
    assert "services steady <b>1/1</b>" in player.counters.value


def test_play_ticks_run_speed_steps_each(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    player.speed.value = 3
    before = len(started.events)
    player.play.value += 1  # what the Play widget does on each tick
    assert len(player.frames) == 2
    assert len(started.events) > before


def test_same_clicks_give_the_same_history(cluster_sim: Simulation) -> None:
    def run() -> list[str]:
        sim = Simulation(seed=0)
        sim.client().create_cluster(clusterName="web")
        sim.launch_instances("web", count=2)
        sim.client().register_task_definition(
            family="web", containerDefinitions=[{"name": "w", "image": "nginx", "memory": 64}]
        )
        sim.client().create_service(
            cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=2
        )
        player = SimulationPlayer(sim, "web")
        for _ in range(5):
            player.tick()
        return [str(e) for e in sim.events]

    assert run() == run()


@needs_dot
def test_scrubbing_back_shows_the_past_and_leaves_the_live_simulation_alone(
    started: Simulation,
) -> None:
    player = SimulationPlayer(started, "web")
    player.advance(60)
    live_svg, now, events = player.diagram.value, started.now, len(started.events)
    player.time.value = 0
    assert not player.live
    assert "past (read-only)" in player.time_label.value
    assert player.diagram.value != live_svg
    assert "tasks running <b>0</b>" in player.counters.value
    assert started.now == now and len(started.events) == events
    player.time.value = player.time.max
    assert player.diagram.value == live_svg


def test_stepping_while_looking_at_the_past_jumps_to_the_present(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    player.advance(10)
    player.time.value = 0
    player.step()
    assert player.live and player.time.value == 2


@needs_dot
def test_the_diagram_is_the_cluster_picture(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    player.advance(60)
    assert player.diagram.value.lstrip().startswith("<?xml") or "<svg" in player.diagram.value
    assert "Cluster web" in player.diagram.value


def test_the_event_log_filters_by_service_task_and_instance(started: Simulation) -> None:
    started.client().create_service(
        cluster="web", serviceName="other", taskDefinition="web:1", desiredCount=1
    )
    player = SimulationPlayer(started, "web")
    player.advance(60)
    assert "other" in player.service_filter.options
    player.service_filter.value = "web"
    assert all(e.service == "web" for e in player.events())
    task = next(o for o in player.task_filter.options if o != "(all)")
    player.service_filter.value = "(all)"
    player.task_filter.value = task
    assert player.events() and all(e.task == task for e in player.events())
    assert task[:8] in player.log.value
    instance = next(o for o in player.instance_filter.options if o != "(all)")
    player.task_filter.value = "(all)"
    player.instance_filter.value = instance
    assert all(e.instance == instance for e in player.events())


def test_a_chosen_filter_survives_scrubbing(started: Simulation) -> None:
    player = SimulationPlayer(started, "web")
    player.advance(60)
    player.service_filter.value = "web"
    player.time.value = 0
    assert player.service_filter.value == "web"


def test_counters_count_tasks_and_steady_services(started: Simulation) -> None:
    assert counters(started, "web") == {"running": 0, "pending": 0, "services": 1, "steady": 0}
    started.run_until_stable()
    assert counters(started, "web") == {"running": 2, "pending": 0, "services": 1, "steady": 1}
