"""CloudWatch Logs over `ecslearn serve`: every Logs operation ecslearn simulates round-trips
through a stock boto3 client pointed at the server and through the AWS CLI (``aws logs
create-log-group --endpoint-url ...``), and a task's container logs arrive while the server's
clock runs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import SENT, client


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = launch(tmp_path_factory.mktemp("serve-logs"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_every_logs_operation_round_trips_over_http(server: Server) -> None:
    logs = client(server, "logs")
    logs.create_log_group(logGroupName="/http/app", tags={"team": "a"})
    logs.create_log_stream(logGroupName="/http/app", logStreamName="web")
    [group] = logs.describe_log_groups(logGroupNamePrefix="/http/")["logGroups"]
    arn = group["logGroupArn"]
    clock = group["creationTime"]  # the server's virtual clock, in milliseconds
    answer = logs.put_log_events(
        logGroupName="/http/app",
        logStreamName="web",
        logEvents=[
            {"timestamp": clock, "message": "ERROR over http"},
            {"timestamp": clock + 1, "message": "INFO fine"},
        ],
    )
    assert "nextSequenceToken" in answer
    events = logs.get_log_events(logGroupName="/http/app", logStreamName="web")["events"]
    assert [e["message"] for e in events] == ["ERROR over http", "INFO fine"]
    found = logs.filter_log_events(logGroupName="/http/app", filterPattern="ERROR")["events"]
    assert [e["message"] for e in found] == ["ERROR over http"]
    assert logs.describe_log_streams(logGroupName="/http/app")["logStreams"][0]["logStreamName"]
    logs.put_retention_policy(logGroupName="/http/app", retentionInDays=7)
    logs.delete_retention_policy(logGroupName="/http/app")
    logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
    logs.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "dev"}
    logs.delete_log_stream(logGroupName="/http/app", logStreamName="web")
    logs.delete_log_group(logGroupName="/http/app")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as gone:
        logs.delete_log_group(logGroupName="/http/app")
    assert gone.value.response["Error"]["Message"] == "The specified log group does not exist."
    assert set(Simulation().world.dispatcher.implemented("logs")) <= SENT["logs"]


def test_the_aws_cli_writes_and_reads_a_log_stream(server: Server) -> None:
    made = aws(server, "create-log-group", "--log-group-name", "/cli/app", service="logs")
    assert made.returncode == 0, made.stderr
    again = aws(server, "create-log-group", "--log-group-name", "/cli/app", service="logs")
    assert again.returncode != 0 and "ResourceAlreadyExistsException" in again.stderr
    assert "The specified log group already exists" in again.stderr
    stream = aws(
        server,
        "create-log-stream",
        "--log-group-name",
        "/cli/app",
        "--log-stream-name",
        "web",
        service="logs",
    )
    assert stream.returncode == 0, stream.stderr
    described = aws(
        server, "describe-log-groups", "--log-group-name-prefix", "/cli", service="logs"
    )
    clock = json.loads(described.stdout)["logGroups"][0]["creationTime"]
    put = aws(
        server,
        "put-log-events",
        "--log-group-name",
        "/cli/app",
        "--log-stream-name",
        "web",
        "--log-events",
        json.dumps([{"timestamp": clock, "message": "hello from the CLI"}]),
        service="logs",
    )
    assert put.returncode == 0, put.stderr
    got = aws(
        server,
        "get-log-events",
        "--log-group-name",
        "/cli/app",
        "--log-stream-name",
        "web",
        "--start-from-head",
        service="logs",
    )
    assert got.returncode == 0, got.stderr
    answer = json.loads(got.stdout)
    assert [e["message"] for e in answer["events"]] == ["hello from the CLI"]
    assert answer["nextForwardToken"].startswith("f/")
    missing = aws(
        server,
        "get-log-events",
        "--log-group-name",
        "/cli/none",
        "--log-stream-name",
        "web",
        service="logs",
    )
    assert missing.returncode != 0 and "The specified log group does not exist." in missing.stderr


def test_a_served_tasks_container_logs_reach_its_stream(server: Server) -> None:
    ecs, logs = client(server, "ecs"), client(server, "logs")
    ecs.create_cluster(clusterName="logged")
    ecs.register_task_definition(
        family="logged",
        containerDefinitions=[
            {
                "name": "web",
                "image": "nginx:latest",
                "memory": 64,
                "dockerLabels": {"ecslearn.log": "served and logged"},
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": "/ecs/logged",
                        "awslogs-region": "us-east-1",
                        "awslogs-stream-prefix": "ecs",
                        "awslogs-create-group": "true",
                    },
                },
            }
        ],
    )
    ec2 = client(server, "ec2")
    ami = client(server, "ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    )["Parameter"]["Value"]
    ec2.run_instances(
        ImageId=ami,
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.small",
        IamInstanceProfile={"Name": "ecsInstanceRole"},
        UserData="#!/bin/bash\necho ECS_CLUSTER=logged >> /etc/ecs/ecs.config\n",
    )
    deadline = time.monotonic() + 30
    while not ecs.list_container_instances(cluster="logged")["containerInstanceArns"]:
        assert time.monotonic() < deadline, "no instance joined"
        time.sleep(0.2)
    [task] = ecs.run_task(cluster="logged", taskDefinition="logged")["tasks"]
    task_id = task["taskArn"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 30
    while True:
        try:
            events = logs.get_log_events(
                logGroupName="/ecs/logged", logStreamName=f"ecs/web/{task_id}"
            )["events"]
        except logs.exceptions.ResourceNotFoundException:
            events = []
        if events:
            break
        assert time.monotonic() < deadline, "no log events arrived"
        time.sleep(0.2)
    assert [e["message"] for e in events] == ["served and logged"]
