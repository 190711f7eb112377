"""Task sets over `ecslearn serve`: stock boto3 makes an EXTERNAL service and two task sets,
scales and switches them, and the AWS CLI's describe-task-sets sees the tasks each runs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.api.test_serve import Server, aws, launch, register_instance, web_definition


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """100 simulated seconds a wall second: tasks run within a wall second."""
    running = launch(tmp_path_factory.mktemp("serve-task-sets"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def described(server: Server, *task_sets: str) -> dict[str, dict]:
    done = aws(
        server,
        "describe-task-sets",
        "--cluster",
        "blue-green",
        "--service",
        "web",
        *(["--task-sets", *task_sets] if task_sets else []),
        "--include",
        "TAGS",
    )
    assert done.returncode == 0, done.stderr
    return {t["id"]: t for t in json.loads(done.stdout)["taskSets"]}


def test_task_sets_round_trip_through_boto3_and_the_aws_cli(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="blue-green")
    register_instance(ecs, "blue-green", 1)
    ecs.register_task_definition(**web_definition())
    ecs.register_task_definition(**web_definition(colour="green"))
    ecs.create_service(
        cluster="blue-green",
        serviceName="web",
        desiredCount=2,
        deploymentController={"type": "EXTERNAL"},
    )
    blue = ecs.create_task_set(
        cluster="blue-green",
        service="web",
        taskDefinition="web:1",
        scale={"value": 100.0, "unit": "PERCENT"},
        tags=[{"key": "colour", "value": "blue"}],
    )["taskSet"]
    green = ecs.create_task_set(
        cluster="blue-green",
        service="web",
        taskDefinition="web:2",
        scale={"value": 50.0, "unit": "PERCENT"},
    )["taskSet"]
    ecs.update_service_primary_task_set(
        cluster="blue-green", service="web", primaryTaskSet=blue["taskSetArn"]
    )
    deadline = time.monotonic() + 30
    while True:
        seen = described(server)
        if seen[blue["id"]]["runningCount"] == 2 and seen[green["id"]]["runningCount"] == 1:
            break
        assert time.monotonic() < deadline, f"task sets did not reach their counts: {seen}"
        time.sleep(0.2)
    assert seen[blue["id"]]["status"] == "PRIMARY"
    assert seen[blue["id"]]["tags"] == [{"key": "colour", "value": "blue"}]
    assert seen[green["id"]]["computedDesiredCount"] == 1

    # Shift everything to green: scale it up, make it primary, delete blue.
    ecs.update_task_set(
        cluster="blue-green", service="web", taskSet=green["id"], scale={"value": 100.0}
    )
    switched = ecs.update_service_primary_task_set(
        cluster="blue-green", service="web", primaryTaskSet=green["id"]
    )["taskSet"]
    assert switched["status"] == "PRIMARY"
    ecs.delete_task_set(cluster="blue-green", service="web", taskSet=blue["id"], force=True)
    deadline = time.monotonic() + 30
    while list(described(server)) != [green["id"]]:
        assert time.monotonic() < deadline, "the deleted task set did not drain"
        time.sleep(0.2)
    [service] = ecs.describe_services(cluster="blue-green", services=["web"])["services"]
    assert service["taskDefinition"].endswith("task-definition/web:2")
    assert [t["status"] for t in service["taskSets"]] == ["PRIMARY"]


def test_a_code_deploy_service_round_trips_through_boto3_and_the_aws_cli(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="codedeploy")
    register_instance(ecs, "codedeploy", 1)
    ecs.register_task_definition(**web_definition())
    created = ecs.create_service(
        cluster="codedeploy",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=1,
        deploymentController={"type": "CODE_DEPLOY"},
    )["service"]
    assert created["deployments"] == [] and created["taskSets"][0]["status"] == "PRIMARY"
    done = aws(
        server,
        "update-service",
        "--cluster",
        "codedeploy",
        "--service",
        "web",
        "--force-new-deployment",
    )
    assert done.returncode != 0
    assert "Cannot force a new deployment on services with a CODE_DEPLOY" in done.stderr
    done = aws(server, "describe-task-sets", "--cluster", "codedeploy", "--service", "web")
    assert done.returncode == 0, done.stderr
    [task_set] = json.loads(done.stdout)["taskSets"]
    assert task_set["id"] == created["taskSets"][0]["id"]
