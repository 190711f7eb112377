"""ECS Exec through ExecuteCommand: a session for a running task started with
enableExecuteCommand, and AWS's refusal for any other task."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition

NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run "
    "or the execute command agent isn’t running. Wait and try again or run a new task with "
    "execute command enabled and try again."
)


@pytest.fixture
def lab(sim: Simulation, ecs: Any) -> Any:
    ecs.create_cluster(clusterName="lab")
    sim.launch_instances("lab", count=1, instance_type="m5.large")
    sim.register(task_definition("app", container("web", "nginx", memory=128)))
    sim.register(
        task_definition(
            "pair",
            container("web", "nginx", memory=128),
            container("sidecar", "busybox", memory=64),
        )
    )
    return ecs


def run(sim: Simulation, ecs: Any, family: str = "app", **options: Any) -> str:
    [task] = ecs.run_task(cluster="lab", taskDefinition=family, **options)["tasks"]
    sim.run_until_stable()
    return task["taskArn"]


def exec_(ecs: Any, task: str, **options: Any) -> dict:
    return ecs.execute_command(
        cluster="lab", task=task, command="/bin/sh", interactive=True, **options
    )


def test_a_task_started_with_exec_enabled_answers_a_session(sim: Simulation, lab: Any) -> None:
    task = run(sim, lab, enableExecuteCommand=True)
    assert lab.describe_tasks(cluster="lab", tasks=[task])["tasks"][0]["enableExecuteCommand"]
    answer = exec_(lab, task)
    assert (answer["taskArn"], answer["containerName"], answer["interactive"]) == (
        task,
        "web",
        True,
    )
    session = answer["session"]
    assert session["sessionId"].startswith("ecs-execute-command-")
    assert session["streamUrl"].startswith("wss://ssmmessages.us-east-1.amazonaws.com/")
    assert sim.events[-1].kind == "exec" and "/bin/sh" in sim.events[-1].message


def test_a_task_started_without_exec_is_refused_with_awss_text(sim: Simulation, lab: Any) -> None:
    task = run(sim, lab)
    with pytest.raises(lab.exceptions.InvalidParameterException) as refused:
        exec_(lab, task)
    assert refused.value.response["Error"]["Message"] == NOT_ENABLED


def test_a_services_tasks_follow_its_enable_execute_command(sim: Simulation, lab: Any) -> None:
    lab.create_service(
        cluster="lab",
        serviceName="web",
        taskDefinition="app",
        desiredCount=1,
        enableExecuteCommand=True,
    )
    sim.run_until_stable()
    [task] = lab.list_tasks(cluster="lab", serviceName="web")["taskArns"]
    assert exec_(lab, task)["containerName"] == "web"
    lab.update_service(cluster="lab", service="web", enableExecuteCommand=False)
    assert exec_(lab, task)["containerName"] == "web"  # a running task keeps what it had
    lab.update_service(cluster="lab", service="web", forceNewDeployment=True)
    sim.run_until_stable()
    [replaced] = lab.list_tasks(cluster="lab", serviceName="web")["taskArns"]
    with pytest.raises(lab.exceptions.InvalidParameterException):
        exec_(lab, replaced)


def test_several_containers_need_a_name_and_only_interactive_mode_exists(
    sim: Simulation, lab: Any
) -> None:
    task = run(sim, lab, "pair", enableExecuteCommand=True)
    with pytest.raises(lab.exceptions.InvalidParameterException, match="more than one"):
        exec_(lab, task)
    assert exec_(lab, task, container="sidecar")["containerName"] == "sidecar"
    with pytest.raises(lab.exceptions.InvalidParameterException, match="no container"):
        exec_(lab, task, container="db")
    with pytest.raises(lab.exceptions.InvalidParameterException, match="Interactive"):
        lab.execute_command(cluster="lab", task=task, command="ls", interactive=False)
