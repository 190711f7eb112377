"""A container definition's ``secrets``: refused without an execution role (AWS's text, nothing
registered), read from the simulated Parameter Store when a task starts and handed to the
container as environment variables, and a missing parameter stopping the task before any
container starts with the agent's reason (EC2's and Fargate's)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.agents.task_secrets import resolve
from ecslearn.model.secrets import NO_EXECUTION_ROLE, source

ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"


def app(*secrets: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"name": "app", "image": "nginx:1.27", "memory": 128, "secrets": list(secrets), **extra}


@pytest.fixture
def shop(sim: Simulation) -> Simulation:
    sim.client().create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=1)
    return sim


def run(sim: Simulation, family: str, **options: Any) -> dict[str, Any]:
    ecs = sim.client()
    arn = ecs.run_task(cluster="shop", taskDefinition=family, **options)["tasks"][0]["taskArn"]
    sim.advance(30)
    return ecs.describe_tasks(cluster="shop", tasks=[arn])["tasks"][0]


def run_on_fargate(sim: Simulation, *secrets: dict[str, str]) -> str:
    """RunTask of a Fargate task definition whose container reads `secrets`; its ARN."""
    ecs = sim.client()
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[app(*secrets)],
    )
    subnets = [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]]
    network = {"awsvpcConfiguration": {"subnets": subnets[:1]}}
    return ecs.run_task(
        cluster="shop", taskDefinition="app", launchType="FARGATE", networkConfiguration=network
    )["tasks"][0]["taskArn"]


def test_secrets_without_an_execution_role_are_refused_with_aws_text(shop) -> None:
    ecs = shop.client()
    before = copy.deepcopy(shop.world._regions)
    for launch in ({}, {"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc"}):
        sizes = {"cpu": "256", "memory": "512"} if launch else {}
        with pytest.raises(ecs.exceptions.ClientException) as err:
            ecs.register_task_definition(
                family="app",
                containerDefinitions=[app({"name": "DB", "valueFrom": "/shop/db"})],
                **launch,
                **sizes,
            )
        assert err.value.response["Error"]["Message"] == NO_EXECUTION_ROLE
    assert NO_EXECUTION_ROLE == (
        "When you are specifying container secrets, you must also specify a value for "
        "'executionRoleArn'."
    )
    assert shop.world._regions == before  # nothing registered, no revision number used


def test_an_empty_secret_name_or_value_from_is_refused(shop) -> None:
    ecs = shop.client()
    for secret in ({"name": "", "valueFrom": "/x"}, {"name": "X", "valueFrom": ""}):
        with pytest.raises(ecs.exceptions.ClientException, match="every secret needs"):
            ecs.register_task_definition(
                family="app", containerDefinitions=[app(secret)], executionRoleArn=ROLE
            )
    assert ecs.list_task_definitions()["taskDefinitionArns"] == []


def test_a_secret_becomes_the_containers_environment_variable(shop) -> None:
    ecs, ssm = shop.client(), shop.client("ssm")
    ssm.put_parameter(Name="/shop/db-password", Value="s3cret", Type="SecureString")
    ssm.put_parameter(Name="api-key", Value="k-1", Type="String")
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[
            app(
                {"name": "DB_PASSWORD", "valueFrom": "/shop/db-password"},
                {
                    "name": "API_KEY",
                    "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/api-key",
                },
                {"name": "MODE", "valueFrom": "/shop/db-password"},
                environment=[{"name": "MODE", "value": "plain"}, {"name": "TIER", "value": "web"}],
            )
        ],
    )
    task = run(shop, "app")
    assert task["lastStatus"] == "RUNNING"
    env = shop.container_environment(task["taskArn"], "app")
    assert env["DB_PASSWORD"] == "s3cret" and env["API_KEY"] == "k-1"
    assert env["MODE"] == "s3cret" and env["TIER"] == "web"  # a secret wins over environment
    described = ecs.describe_task_definition(taskDefinition="app")["taskDefinition"]
    assert described["containerDefinitions"][0]["secrets"][0] == {
        "name": "DB_PASSWORD",
        "valueFrom": "/shop/db-password",
    }  # the reference, never the value
    assert "s3cret" not in str(task)


def test_a_missing_parameter_stops_the_task_on_ec2_with_the_agents_reason(shop) -> None:
    ecs = shop.client()
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[app({"name": "DB", "valueFrom": "/shop/db-pasword"})],
    )
    task = run(shop, "app")
    reason = "Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: "
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "TaskFailedToStart"
    assert task["stoppedReason"] == reason + "/shop/db-pasword"
    [container] = task["containers"]
    assert container["lastStatus"] == "STOPPED" and "exitCode" not in container
    [instance] = ecs.describe_container_instances(
        cluster="shop", containerInstances=[task["containerInstanceArn"]]
    )["containerInstances"]
    memory = {r["name"]: r["integerValue"] for r in instance["remainingResources"]}["MEMORY"]
    registered = {r["name"]: r["integerValue"] for r in instance["registeredResources"]}
    assert memory == registered["MEMORY"]  # the stopped task gave its reservation back
    with pytest.raises(Exception, match="not RUNNING"):
        shop.container_environment(task["taskArn"], "app")


def test_a_missing_parameter_stops_a_fargate_task_with_resource_initialization_error(
    shop,
) -> None:
    ecs = shop.client()
    arn = run_on_fargate(shop, {"name": "DB", "valueFrom": "/shop/nope"})
    shop.advance(120)
    task = ecs.describe_tasks(cluster="shop", tasks=[arn])["tasks"][0]
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "TaskFailedToStart"
    assert task["stoppedReason"] == (
        "ResourceInitializationError: unable to pull secrets or registry auth: execution "
        "resource retrieval failed: unable to retrieve secrets from ssm: service call has been "
        "retried 1 time(s): invalid ssm parameters: /shop/nope"
    )
    assert "pullStartedAt" not in task  # Fargate reads secrets before it pulls


def test_a_fargate_task_gets_its_secret_and_says_it_runs_on_fargate(shop) -> None:
    shop.client("ssm").put_parameter(Name="/shop/db", Value="v", Type="String")
    arn = run_on_fargate(shop, {"name": "DB", "valueFrom": "/shop/db"})
    shop.advance(120)
    env = shop.container_environment(arn, "app")
    assert env["DB"] == "v" and env["AWS_EXECUTION_ENV"] == "AWS_ECS_FARGATE"


def test_a_secret_read_when_the_task_started_survives_save_and_load(shop, tmp_path) -> None:
    ecs = shop.client()
    shop.client("ssm").put_parameter(Name="/shop/db", Value="v1", Type="String")
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[app({"name": "DB", "valueFrom": "/shop/db"})],
    )
    task = run(shop, "app")
    shop.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json")
    assert loaded.container_environment(task["taskArn"], "app")["DB"] == "v1"
    stored = loaded.client("ssm").get_parameter(Name="/shop/db")["Parameter"]
    assert stored["Value"] == "v1" and stored["Version"] == 1


def test_value_from_names_the_store_and_region() -> None:
    ssm_arn = source({"name": "A", "valueFrom": "arn:aws:ssm:eu-west-1:1:parameter/x/y"})
    assert (ssm_arn.store, ssm_arn.region, ssm_arn.name) == ("ssm", "eu-west-1", "/x/y")
    plain = source({"name": "B", "valueFrom": "db"})
    assert (plain.store, plain.region, plain.name) == ("ssm", None, "db")
    asm = source({"name": "C", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCd"})
    assert asm.store == "secretsmanager" and asm.region == "us-east-1"


def test_secrets_manager_is_not_simulated_so_its_secrets_are_never_found(shop) -> None:
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
    ecs = shop.client()
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[app({"name": "DB", "valueFrom": arn})],
    )
    task = run(shop, "app")
    assert task["stopCode"] == "TaskFailedToStart"
    assert arn in task["stoppedReason"]
    assert "Secrets Manager can't find the specified secret." in task["stoppedReason"]
    definition = shop.world.region_state().task_definitions["app"][1]
    with pytest.raises(Exception, match="unable to retrieve secret from asm"):
        resolve(shop.world, "us-east-1", definition, fargate=True)


def test_a_parameter_in_another_region_is_read_there(shop) -> None:
    shop.client("ssm", region_name="eu-west-1").put_parameter(
        Name="/shared/key", Value="west", Type="String"
    )
    ecs = shop.client()
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[
            app(
                {
                    "name": "K",
                    "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/shared/key",
                }
            )
        ],
    )
    task = run(shop, "app")
    assert shop.container_environment(task["taskArn"], "app")["K"] == "west"


def test_a_service_retries_until_the_parameter_exists(shop) -> None:
    ecs = shop.client()
    ecs.register_task_definition(
        family="app",
        executionRoleArn=ROLE,
        containerDefinitions=[app({"name": "DB", "valueFrom": "/shop/db"})],
    )
    ecs.create_service(cluster="shop", serviceName="app", taskDefinition="app", desiredCount=1)
    shop.advance(120)
    stopped = ecs.list_tasks(cluster="shop", desiredStatus="STOPPED")["taskArns"]
    assert (
        stopped
        and ecs.describe_services(cluster="shop", services=["app"])["services"][0]["runningCount"]
        == 0
    )
    shop.client("ssm").put_parameter(Name="/shop/db", Value="v", Type="String")
    shop.run_until_stable()
    [service] = ecs.describe_services(cluster="shop", services=["app"])["services"]
    assert service["runningCount"] == 1
    [running] = ecs.list_tasks(cluster="shop", serviceName="app")["taskArns"]
    assert shop.container_environment(running, "app")["DB"] == "v"


def test_secrets_require_the_agent_capability_each_store_needs_and_instances_have_it(
    shop,
) -> None:
    """DescribeTaskDefinition's requiresAttributes names the capability each store's secrets
    need (as AWS's does), and the instances ecslearn's agents register advertise both, so a task
    reading secrets still places."""
    ecs = shop.client()
    secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf"
    registered = ecs.register_task_definition(
        family="both",
        executionRoleArn=ROLE,
        containerDefinitions=[
            app({"name": "P", "valueFrom": "/shop/p"}, {"name": "S", "valueFrom": secret_arn})
        ],
    )["taskDefinition"]
    names = [a["name"] for a in registered["requiresAttributes"]]
    assert "ecs.capability.secrets.ssm.environment-variables" in names
    assert "ecs.capability.secrets.asm.environment-variables" in names
    plain = ecs.register_task_definition(
        family="plain", executionRoleArn=ROLE, containerDefinitions=[app()]
    )["taskDefinition"]
    assert not [a for a in plain["requiresAttributes"] if "secrets" in a["name"]]
    [instance] = ecs.describe_container_instances(
        cluster="shop",
        containerInstances=ecs.list_container_instances(cluster="shop")["containerInstanceArns"],
    )["containerInstances"]
    advertised = {a["name"] for a in instance["attributes"]}
    assert set(names) <= advertised
