"""Faults a lesson injects behave as the real thing: a killed container, a lost instance, a
disconnected agent."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.builders import container, task_definition


@pytest.fixture
def running(sim: Simulation, ecs: Any) -> tuple[Any, str]:
    ecs.create_cluster(clusterName="web")
    instances = sim.launch_instances("web", count=2)
    sim.register(
        task_definition(
            "app",
            container("web", "nginx", memory=64),
            container("log", "busybox", memory=32, essential=False),
        )
    )
    [task] = ecs.start_task(
        cluster="web", taskDefinition="app", containerInstances=[instances[0].id]
    )["tasks"]
    sim.run_until_stable()
    return instances, task["taskArn"]


def describe(ecs: Any, arn: str) -> dict:
    return ecs.describe_tasks(cluster="web", tasks=[arn])["tasks"][0]


def test_killing_an_essential_container_stops_its_task(sim, ecs, running) -> None:
    _, arn = running
    sim.kill_container(arn, "web", exit_code=137)
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert task["stopCode"] == "EssentialContainerExited"
    web = next(c for c in task["containers"] if c["name"] == "web")
    assert web["exitCode"] == 137
    # A standalone task is not restarted: nothing manages it.
    assert ecs.list_tasks(cluster="web")["taskArns"] == []


def test_killing_a_non_essential_container_keeps_the_task(sim, ecs, running) -> None:
    _, arn = running
    sim.kill_container(arn, "log")
    sim.run_until_stable()
    assert describe(ecs, arn)["lastStatus"] == "RUNNING"


def test_killing_needs_a_running_container_that_exists(sim, running) -> None:
    _, arn = running
    with pytest.raises(InvalidParameterException, match="no container 'nope'"):
        sim.kill_container(arn, "nope")
    sim.kill_container(arn, "log")
    with pytest.raises(ClientException, match="not RUNNING"):
        sim.kill_container(arn, "log")


def test_a_terminated_instance_stops_its_tasks_and_deregisters(sim, ecs, running) -> None:
    instances, arn = running
    sim.terminate_instance(instances[0])
    task = describe(ecs, arn)
    assert task["lastStatus"] == "STOPPED"
    assert (
        task["stoppedReason"] == f"Host EC2 (instance {instances[0].ec2_instance_id}) terminated."
    )
    assert instances[0].status == "INACTIVE" and instances[0].agent_connected is False
    assert ecs.list_container_instances(cluster="web")["containerInstanceArns"] == [
        instances[1].container_instance_arn
    ]


def test_a_disconnected_agent_takes_no_new_tasks(sim, ecs, running) -> None:
    instances, _ = running
    sim.disconnect_agent(instances[1])
    response = ecs.start_task(
        cluster="web", taskDefinition="app", containerInstances=[instances[1].id]
    )
    assert response["tasks"] == []
    assert response["failures"][0]["reason"] == "AGENT"


def test_a_disconnected_agent_reports_what_it_missed_when_it_reconnects(sim, ecs, running) -> None:
    instances, arn = running
    sim.disconnect_agent(instances[0])
    ecs.stop_task(cluster="web", task=arn)
    sim.advance(120)
    task = describe(ecs, arn)
    assert task["desiredStatus"] == "STOPPED" and task["lastStatus"] == "RUNNING"
    sim.reconnect_agent(instances[0])
    sim.run_until_stable()
    assert describe(ecs, arn)["lastStatus"] == "STOPPED"


def test_faults_name_what_they_could_not_find(sim) -> None:
    with pytest.raises(InvalidParameterException):
        sim.terminate_instance("i-000")
    with pytest.raises(InvalidParameterException):
        sim.kill_container("0" * 32, "web")
