"""Timelines rebuilt from ``sim.events``: the plotted series are checked, never the pixels."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure

from ecslearn import Simulation
from ecslearn.control.timeline import Event
from ecslearn.views.timelines import (
    REVISION_UNKNOWN,
    desired_vs_running,
    desired_vs_running_series,
    tasks_per_revision,
    tasks_per_revision_series,
    to_png,
)
from tests.views.test_cluster_picture import deploy_web_2, web_cluster


@pytest.fixture(scope="module")
def deployed() -> tuple[Simulation, float]:
    """Service web rolled from web:1 to web:2 (at most 6 tasks, at least 2 running); returns
    the simulation and the second the deployment started."""
    sim = web_cluster(daemon=False)
    started = sim.now
    deploy_web_2(sim)
    assert sim.run_until_stable()
    return sim, started


def test_a_rolling_deployment_hands_running_tasks_from_one_revision_to_the_next(
    deployed: tuple[Simulation, float],
) -> None:
    sim, started = deployed
    series = tasks_per_revision_series(sim, "web", "web")
    assert list(series) == ["web:1", "web:2"]
    old, new = series["web:1"], series["web:2"]
    assert (old.at(started - 1), new.at(started - 1)) == (4, 0)
    assert (old.values[-1], new.values[-1]) == (0, 4)
    assert max(old.values) == max(new.values) == 4
    for time in old.times + new.times:  # maximumPercent 150: never more than 6 running
        assert old.at(time) + new.at(time) <= 6
    assert min(old.times) < started <= min(new.times)
    assert old.times[-1] == new.times[-1] == sim.now


def test_the_figure_plots_one_line_per_revision(deployed: tuple[Simulation, float]) -> None:
    sim, _ = deployed
    figure = tasks_per_revision(sim, "web")
    assert isinstance(figure, Figure)
    series = tasks_per_revision_series(sim, "web")
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    for label, expected in series.items():
        assert list(lines[label].get_xdata()) == expected.times
        assert list(lines[label].get_ydata()) == expected.values


def test_desired_running_and_pending_follow_the_deployment(
    deployed: tuple[Simulation, float],
) -> None:
    sim, started = deployed
    series = desired_vs_running_series(sim, "web")
    running, pending, desired = series["running"], series["pending"], series["desired"]
    assert running.at(started - 1) == 4 and running.values[-1] == 4
    assert max(running.values) == 6  # 150% of 4 while both revisions run
    assert max(pending.values) == 4 and pending.values[-1] == 0
    assert pending.at(started + 0.1) == 4  # the four web:2 tasks start PENDING
    assert desired.values == [4, 4]  # CreateService recorded 4, and nothing changed it since
    assert desired.label == "desired"
    assert "load" not in series


def test_a_given_desired_series_and_a_load_series_are_plotted(
    deployed: tuple[Simulation, float],
) -> None:
    sim, _ = deployed
    figure = desired_vs_running(sim, "web", desired=[(0, 4), (30, 6)], load=[(0, 10), (60, 55)])
    main, twin = figure.axes
    lines = {line.get_label(): line for line in main.get_lines()}
    assert list(lines["desired"].get_ydata()) == [4, 6, 6]
    assert list(lines["desired"].get_xdata()) == [0, 30, sim.now]
    assert list(twin.get_lines()[0].get_ydata()) == [10, 55, 55]


def test_events_carrying_a_desired_count_or_a_load_feed_the_series() -> None:
    """The hook auto scaling will use: events whose details carry desiredCount or load."""
    sim = web_cluster(daemon=False)
    sim.events.append(Event(sim.now, "scaling", "scale out", cluster="web", service="web",
                            details={"desiredCount": 6, "load": 80.0}))  # fmt: skip
    series = desired_vs_running_series(sim, "web")
    assert series["desired"].values[-1] == 6 and series["desired"].label == "desired"
    assert series["load"].values[0] == 80.0


def test_tasks_forgotten_by_ecs_keep_their_counts_under_an_unknown_revision() -> None:
    sim = web_cluster(daemon=False)
    deploy_web_2(sim)
    sim.run_until_stable()
    sim.advance(3700)  # ECS forgets stopped tasks an hour after they stop
    assert all(t.task_definition_arn.endswith("web:2") for t in sim.region_state().tasks.values())
    series = tasks_per_revision_series(sim, "web")
    assert list(series) == ["web:2", REVISION_UNKNOWN]
    assert max(series[REVISION_UNKNOWN].values) == 4 and series[REVISION_UNKNOWN].values[-1] == 0


def test_an_unknown_service_is_named_with_the_ones_there_are(
    deployed: tuple[Simulation, float],
) -> None:
    with pytest.raises(ValueError, match=r"No service 'api'.*Services: web"):
        tasks_per_revision(deployed[0], "api")


def test_to_png_writes_a_png(deployed: tuple[Simulation, float], tmp_path: Path) -> None:
    path = to_png(tasks_per_revision(deployed[0], "web"), tmp_path / "revisions.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
