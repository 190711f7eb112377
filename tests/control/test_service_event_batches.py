"""The service scheduler writes one "has started" event per launch batch (at most 10 tasks, the
batch ecslearn chose: RunTask's most tasks per call), and DescribeServices shows the newest 100
events: a service that starts thousands of tasks answers with a bounded list."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control.services.events import LAUNCH_BATCH, MAX_EVENTS, started_batches
from ecslearn.model.builders import container, task_definition

STARTED = re.compile(r"\(service web\) has started (\d+) tasks: ((?:\(task \w+\) ?)+)\.$")


@pytest.fixture
def cluster(sim: Simulation, ecs: Any) -> None:
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=10, instance_type="m5.4xlarge")
    sim.register(task_definition("app", container("web", "nginx:1", memory=16, cpu=8)))


def create_and_settle(sim: Simulation, ecs: Any, desired: int) -> dict:
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="app", desiredCount=desired)
    assert sim.run_until_stable(timeout=3600)
    return ecs.describe_services(cluster="web", services=["web"])["services"][0]


def started_events(described: dict) -> list[tuple[int, list[str]]]:
    """Each "has started" event's count and the task IDs it names, oldest first."""
    found = []
    for event in reversed(described["events"]):
        match = STARTED.match(event["message"])
        if match:
            found.append((int(match.group(1)), re.findall(r"\(task (\w+)\)", match.group(2))))
    return found


def test_a_service_short_of_25_tasks_says_so_in_launches_of_10_10_and_5(sim, ecs, cluster):
    described = create_and_settle(sim, ecs, 25)
    launches = started_events(described)
    assert [count for count, _ in launches] == [10, 10, 5]
    assert all(count == len(ids) for count, ids in launches)
    named = [task_id for _, ids in launches for task_id in ids]
    running = ecs.list_tasks(cluster="web", serviceName="web")["taskArns"]
    assert sorted(named) == sorted(arn.rsplit("/", 1)[1] for arn in running)


def test_the_launch_events_of_one_pass_are_also_on_the_timeline(sim, ecs, cluster):
    create_and_settle(sim, ecs, 25)
    on_timeline = [e for e in sim.events.filter(service="web") if "has started" in e.message]
    assert len(on_timeline) == 3


def test_describe_services_shows_the_newest_100_events_of_a_1500_task_service(sim, ecs, cluster):
    described = create_and_settle(sim, ecs, 1_500)
    assert described["runningCount"] == 1_500
    assert len(described["events"]) == MAX_EVENTS
    assert described["events"][0]["message"] == "(service web) has reached a steady state."
    launches = started_events(described)
    assert launches and all(count == LAUNCH_BATCH for count, _ in launches)
    times = [e["createdAt"] for e in described["events"]]
    assert times == sorted(times, reverse=True)  # newest first


def test_only_the_first_batch_carries_the_unhealthy_replacement_note():
    messages = started_batches("web", [f"t{n}" for n in range(12)], replaced_unhealthy=2)
    assert [m.endswith("due to an unhealthy status.") for m in messages] == [True, False]
    assert messages[1] == "(service web) has started 2 tasks: (task t10) (task t11)."
