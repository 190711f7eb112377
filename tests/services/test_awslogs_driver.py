"""The awslogs log driver of ECS containers on simulated agents: groups checked when the task
starts (AWS's reasons when one is missing), awslogs-create-group, streams named as ECS names
them, what simulated containers print, RegisterTaskDefinition's checks, `sim.logs`, and a
save/load round trip with a task running."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation

MISSING = (
    "failed to create Cloudwatch log stream: ResourceNotFoundException: "
    "The specified log group does not exist."
)


def awslogs(group: str = "/ecs/web", prefix: str | None = "ecs", **more: str) -> dict[str, Any]:
    options = {"awslogs-group": group, "awslogs-region": "us-east-1", **more}
    if prefix is not None:
        options["awslogs-stream-prefix"] = prefix
    return {"logDriver": "awslogs", "options": options}


def web(logging: dict[str, Any] | None = None, **labels: str) -> dict[str, Any]:
    definition: dict[str, Any] = {"name": "web", "image": "nginx:latest", "memory": 128}
    if logging is not None:
        definition["logConfiguration"] = logging
    if labels:
        definition["dockerLabels"] = {
            f"ecslearn.{k.replace('_', '-')}": v for k, v in labels.items()
        }
    return definition


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    client = sim.client("ecs")
    client.create_cluster(clusterName="lab")
    sim.launch_instances("lab", count=1)
    return client


@pytest.fixture
def logs(sim: Simulation) -> Any:
    return sim.client("logs")


def run(sim: Simulation, ecs: Any, *containers: dict[str, Any], **definition: Any) -> dict:
    ecs.register_task_definition(family="web", containerDefinitions=list(containers), **definition)
    [task] = ecs.run_task(cluster="lab", taskDefinition="web")["tasks"]
    sim.run_until_stable()
    return describe(ecs, task["taskArn"])


def describe(ecs: Any, arn: str) -> dict:
    return ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


# -- the log group --------------------------------------------------------------------------------
def test_a_task_whose_log_group_is_missing_fails_with_aws_reason(sim, ecs) -> None:
    task = run(sim, ecs, web(awslogs()))
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "TaskFailedToStart"
    reason = (
        "CannotStartContainerError: Error response from daemon: failed to initialize logging "
        f"driver: {MISSING}"
    )
    assert task["containers"][0]["reason"] == reason
    assert reason in task["stoppedReason"]


def test_a_fargate_task_whose_log_group_is_missing_fails_with_resource_initialization_error(
    sim, ecs
) -> None:
    ecs.register_task_definition(
        family="api",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        containerDefinitions=[web(awslogs("/ecs/api"))],
    )
    subnet = sim.client("ec2").describe_subnets()["Subnets"][0]["SubnetId"]
    [task] = ecs.run_task(
        cluster="lab",
        taskDefinition="api",
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet]}},
    )["tasks"]
    sim.run_until_stable()
    stopped = describe(ecs, task["taskArn"])
    assert stopped["lastStatus"] == "STOPPED" and stopped["stopCode"] == "TaskFailedToStart"
    assert stopped["stoppedReason"] == (
        "ResourceInitializationError: failed to validate logger args: create stream has been "
        f"retried 1 times: {MISSING} : exit status 1"
    )


def test_awslogs_create_group_creates_the_group(sim, ecs, logs) -> None:
    task = run(sim, ecs, web(awslogs(**{"awslogs-create-group": "true"})))
    assert task["lastStatus"] == "RUNNING"
    [group] = logs.describe_log_groups()["logGroups"]
    assert group["logGroupName"] == "/ecs/web"


def test_the_log_group_can_be_in_the_region_awslogs_region_names(sim, ecs) -> None:
    other = sim.client("logs", region_name="eu-west-1")
    other.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(**{"awslogs-region": "eu-west-1"})))
    assert task["lastStatus"] == "RUNNING"
    task_id = task["taskArn"].rsplit("/", 1)[1]
    streams = other.describe_log_streams(logGroupName="/ecs/web")["logStreams"]
    assert [s["logStreamName"] for s in streams] == [f"ecs/web/{task_id}"]


# -- stream names ---------------------------------------------------------------------------------
def test_a_stream_is_prefix_container_name_and_task_id(sim, ecs, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(prefix="shop")))
    task_id = task["taskArn"].rsplit("/", 1)[1]
    [stream] = logs.describe_log_streams(logGroupName="/ecs/web")["logStreams"]
    assert stream["logStreamName"] == f"shop/web/{task_id}"


def test_without_a_prefix_the_stream_is_named_after_the_docker_container_id(sim, ecs, logs):
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(prefix=None)))
    [stream] = logs.describe_log_streams(logGroupName="/ecs/web")["logStreams"]
    assert stream["logStreamName"] == task["containers"][0]["runtimeId"]


# -- what simulated containers print --------------------------------------------------------------
def test_a_simulated_container_prints_its_log_label_then_its_stop(sim, ecs, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(), log="listening on :80\nready"))
    assert sim.logs(task) == ["listening on :80", "ready"]
    ecs.stop_task(cluster="lab", task=task["taskArn"])
    sim.run_until_stable()
    assert sim.logs(task["taskArn"], container="web")[-1] == "received SIGTERM, shutting down"
    task_id = task["taskArn"].rsplit("/", 1)[1]
    events = logs.get_log_events(logGroupName="/ecs/web", logStreamName=f"ecs/web/{task_id}")
    assert [e["message"] for e in events["events"]] == sim.logs(task_id)


def test_a_simulated_container_without_a_label_says_it_started(sim, ecs, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs()))
    assert sim.logs(task) == ["web started (nginx:latest)"]


def test_a_container_that_exits_says_with_which_code(sim, ecs, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(), log="working", exit_after="20", exit_code="2"))
    sim.advance(30)
    assert sim.logs(task) == ["working", "exiting with code 2"]
    [exit_line] = logs.filter_log_events(logGroupName="/ecs/web", filterPattern="exiting")["events"]
    started_ms = describe(ecs, task["taskArn"])["startedAt"].timestamp() * 1000
    assert exit_line["timestamp"] == pytest.approx(started_ms + 20_000, abs=1)


def test_a_failing_health_check_is_logged_once(sim, ecs, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    check = {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 5, "retries": 3}
    task = run(sim, ecs, {**web(awslogs(), log="up", unhealthy_after="10"), "healthCheck": check})
    sim.advance(60)
    assert sim.logs(task).count("health check failed: CMD-SHELL curl -f localhost") == 1


# -- RegisterTaskDefinition -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"awslogs-region": "us-east-1"},
            "Log driver awslogs option 'awslogs-group' should not be null or empty.",
        ),
        (
            {"awslogs-group": "g", "awslogs-create-group": "false"},
            "Log driver awslogs option 'awslogs-create-group' should only be set to 'true', "
            "else omit option.",
        ),
        ({"awslogs-group": "g", "log_key": "log"}, "Log driver awslogs disallows options: log_key"),
    ],
)
def test_register_task_definition_checks_awslogs_options_as_ecs_does(ecs, options, message):
    with pytest.raises(ecs.exceptions.ClientException) as refused:
        ecs.register_task_definition(
            family="web", containerDefinitions=[web({"logDriver": "awslogs", "options": options})]
        )
    assert error(refused) == ("ClientException", message)


def test_fargate_needs_an_execution_role_for_awslogs(ecs) -> None:
    with pytest.raises(ecs.exceptions.ClientException) as refused:
        ecs.register_task_definition(
            family="api",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory="512",
            containerDefinitions=[web(awslogs())],
        )
    assert "execution role ARN to support log driver awslogs" in error(refused)[1]


def test_an_awslogs_definition_requires_the_awslogs_capability(ecs) -> None:
    ecs.register_task_definition(family="web", containerDefinitions=[web(awslogs())])
    definition = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
    names = [a["name"] for a in definition["requiresAttributes"]]
    assert "com.amazonaws.ecs.capability.logging-driver.awslogs" in names


# -- sim.logs -------------------------------------------------------------------------------------
def test_sim_logs_says_when_a_container_does_not_use_awslogs(sim, ecs) -> None:
    task = run(sim, ecs, web())
    with pytest.raises(ValueError, match="logDriver"):
        sim.logs(task)
    with pytest.raises(ValueError, match="awslogs"):
        sim.logs(task, container="web", lang="ko")
    with pytest.raises(ValueError, match="no container db"):
        sim.logs(task, container="db")


# -- saved with the world -------------------------------------------------------------------------
def test_a_running_tasks_logs_carry_on_after_save_and_load(sim, ecs, logs, tmp_path) -> None:
    logs.create_log_group(logGroupName="/ecs/web")
    task = run(sim, ecs, web(awslogs(), log="ready", exit_after="60"))
    path = tmp_path / "world.json"
    sim.save(path)
    loaded = Simulation.load(path)
    loaded.advance(90)
    assert loaded.logs(task) == ["ready", "exiting with code 0"]
    assert sim.logs(task) == ["ready"]
