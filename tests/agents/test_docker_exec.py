"""ECS Exec on the Docker agent: ExecuteCommand answers a session for a task started with
enableExecuteCommand, and ``ecslearn exec`` runs the command in its real container; a task
started without it is refused with ECS's text.

Needs a running Docker engine (never faked); without one these tests skip with a one-line
reason, except in CI (CI=true), where they must run (the ``engine`` fixture decides)."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn.agents.docker import runtime
from ecslearn.agents.docker_exec import NOT_ENABLED, ExecRefused, run_in_task
from ecslearn.cli import main
from tests.agents.helpers import describe, wait_until, worker

pytestmark = pytest.mark.docker


def started(sim: Any, ecs: Any, **options: Any) -> str:
    ecs.register_task_definition(family="shell", containerDefinitions=[worker("app", sleep=60)])
    [task] = ecs.run_task(cluster="lab", taskDefinition="shell", **options)["tasks"]
    wait_until(sim, lambda: describe(ecs, task["taskArn"])["lastStatus"] == "RUNNING", 20)
    return task["taskArn"]


def test_ecslearn_exec_runs_the_command_in_the_real_container(
    sim: Any, ecs: Any, capsys: pytest.CaptureFixture
) -> None:
    task = started(sim, ecs, enableExecuteCommand=True)
    session = ecs.execute_command(cluster="lab", task=task, command="echo hi", interactive=True)[
        "session"
    ]
    assert session["sessionId"].startswith("ecs-execute-command-")
    # Another test's simulation with the same seed may run a task with the same ID right now:
    # name this simulation's containers, as a learner with two notebooks open would.
    token = runtime(sim.world).token
    code, output = run_in_task(task, "app", ["sh", "-c", "echo from inside; exit 4"], token)
    assert (code, output) == (4, b"from inside\n")
    task_id = task.rsplit("/", 1)[1]
    assert main(["exec", task_id, "--simulation", token, "--", "echo", "hello"]) == 0
    assert capsys.readouterr().out == "hello\n"
    ecs.stop_task(cluster="lab", task=task)


def test_a_task_started_without_exec_is_refused_with_ecss_text(sim: Any, ecs: Any) -> None:
    task = started(sim, ecs)
    with pytest.raises(ExecRefused) as refused:
        run_in_task(task, None, ["true"], runtime(sim.world).token)
    assert str(refused.value) == NOT_ENABLED
    ecs.stop_task(cluster="lab", task=task)
