"""A Docker container's real output reaches CloudWatch Logs through the awslogs driver.

Needs a running Docker engine (never faked); without one these tests skip with a one-line
reason, except in CI (CI=true), where they must run (the ``engine`` fixture decides)."""

from __future__ import annotations

import pytest

from ecslearn.agents.docker_logs import docker_nanoseconds
from tests.agents.helpers import container, worker

pytestmark = pytest.mark.docker

AWSLOGS = {
    "logDriver": "awslogs",
    "options": {
        "awslogs-group": "/ecs/lab",
        "awslogs-region": "us-east-1",
        "awslogs-stream-prefix": "ecs",
        "awslogs-create-group": "true",
    },
}


def test_a_docker_containers_stdout_appears_in_get_log_events(sim, run) -> None:
    task = run(
        worker(
            "app",
            command=["sh", "-c", "echo hello from docker; sleep 0.2; echo to stderr >&2; exit 3"],
            logConfiguration=AWSLOGS,
        ),
        until="STOPPED",
    )
    assert container(task, "app")["exitCode"] == 3
    task_id = task["taskArn"].rsplit("/", 1)[1]
    events = sim.client("logs").get_log_events(
        logGroupName="/ecs/lab", logStreamName=f"ecs/app/{task_id}", startFromHead=True
    )["events"]
    assert [e["message"] for e in events] == ["hello from docker", "to stderr"]
    started, stopped = task["startedAt"].timestamp() * 1000, task["stoppedAt"].timestamp() * 1000
    assert all(started - 1000 <= e["timestamp"] <= stopped for e in events)
    assert sim.logs(task) == ["hello from docker", "to stderr"]


def test_a_docker_task_whose_log_group_is_missing_cannot_start(sim, run) -> None:
    options = {"awslogs-group": "/ecs/absent", "awslogs-stream-prefix": "ecs"}
    task = run(
        worker("app", sleep=30, logConfiguration={"logDriver": "awslogs", "options": options}),
        until="STOPPED",
    )
    assert container(task, "app")["reason"] == (
        "CannotStartContainerError: Error response from daemon: failed to initialize logging "
        "driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The "
        "specified log group does not exist."
    )


def test_docker_timestamps_are_read_to_the_nanosecond() -> None:
    assert docker_nanoseconds("1970-01-01T00:00:01.5Z") == 1_500_000_000
    assert docker_nanoseconds("1970-01-01T00:00:00.000000001Z") == 1
    assert docker_nanoseconds("not a stamp") is None
