"""Fargate over `ecslearn serve`: the AWS CLI runs a task with ``--launch-type FARGATE`` and
sees it reach RUNNING with its ENI and no container instance; ECS's refusal of a FARGATE task
without a network configuration comes back over the wire."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.api.test_serve import Server, aws, launch

DEFINITION = {
    "family": "web",
    "requiresCompatibilities": ["FARGATE"],
    "networkMode": "awsvpc",
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """100 simulated seconds a wall second: a Fargate task runs within a wall second."""
    running = launch(tmp_path_factory.mktemp("serve-fargate"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def cli(server: Server, *args: str, service: str = "ecs") -> dict:
    done = aws(server, *args, service=service)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else {}


def test_the_aws_cli_runs_a_fargate_task(server: Server) -> None:
    cli(server, "create-cluster", "--cluster-name", "default")
    cli(server, "register-task-definition", "--cli-input-json", json.dumps(DEFINITION))
    [subnet] = cli(
        server,
        "describe-subnets",
        "--filters",
        "Name=availability-zone,Values=us-east-1a",
        service="ec2",
    )["Subnets"]
    network = f"awsvpcConfiguration={{subnets=[{subnet['SubnetId']}],assignPublicIp=ENABLED}}"
    [task] = cli(
        server,
        "run-task",
        "--launch-type",
        "FARGATE",
        "--task-definition",
        "web",
        "--network-configuration",
        network,
    )["tasks"]
    assert task["launchType"] == "FARGATE" and "containerInstanceArn" not in task
    assert task["platformVersion"] == "1.4.0"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        [described] = cli(server, "describe-tasks", "--tasks", task["taskArn"])["tasks"]
        if described["lastStatus"] == "RUNNING":
            break
        time.sleep(0.2)
    assert described["lastStatus"] == "RUNNING"
    details = {d["name"]: d["value"] for d in described["attachments"][0]["details"]}
    assert details["subnetId"] == subnet["SubnetId"]
    assert described["availabilityZone"] == "us-east-1a"


def test_the_aws_cli_hears_ecs_refuse_a_fargate_task_without_a_network(server: Server) -> None:
    cli(server, "create-cluster", "--cluster-name", "default")
    cli(server, "register-task-definition", "--cli-input-json", json.dumps(DEFINITION))
    refused = aws(server, "run-task", "--launch-type", "FARGATE", "--task-definition", "web")
    assert refused.returncode != 0
    assert "InvalidParameterException" in refused.stderr
    assert "Network Configuration must be provided" in refused.stderr
