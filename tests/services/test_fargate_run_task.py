"""RunTask with launchType FARGATE through a stock boto3 client: ECS's refusals (definition
not Fargate-compatible, task sizes, no network configuration, unknown subnets and platform
versions, placement), and a task with no container instance, its own ENI with an address of
its subnet, a public address when asked, and Fargate's platform and storage."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ecslearn import Simulation


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def register(ecs: Any, family: str = "web", **more: Any) -> None:
    definition: dict[str, Any] = {
        "family": family,
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}],
    }
    ecs.register_task_definition(**(definition | more))


@pytest.fixture(autouse=True)
def cluster(ecs: Any) -> None:
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def subnets(ec2: Any) -> list[dict[str, Any]]:
    return sorted(ec2.describe_subnets()["Subnets"], key=lambda s: s["AvailabilityZone"])


def network(subnets: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {"awsvpcConfiguration": {"subnets": [s["SubnetId"] for s in subnets], **more}}


def details(task: dict[str, Any]) -> dict[str, str]:
    [attachment] = task["attachments"]
    assert attachment["type"] == "ElasticNetworkInterface"
    return {d["name"]: d["value"] for d in attachment["details"]}


def test_a_fargate_task_has_no_container_instance_and_its_own_eni(sim, ecs, subnets) -> None:
    register(ecs)
    [task] = ecs.run_task(
        taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets[:1])
    )["tasks"]
    assert "containerInstanceArn" not in task
    assert task["launchType"] == "FARGATE"
    assert task["platformVersion"] == "1.4.0" and task["platformFamily"] == "Linux"
    assert "capacityProviderName" not in task  # run by launch type, not a capacity provider
    assert task["ephemeralStorage"] == {"sizeInGiB": 20}
    assert task["lastStatus"] == "PROVISIONING"
    eni = details(task)
    assert eni["subnetId"] == subnets[0]["SubnetId"]
    assert task["availabilityZone"] == subnets[0]["AvailabilityZone"]
    address = ipaddress.ip_address(eni["privateIPv4Address"])
    assert address in ipaddress.ip_network(subnets[0]["CidrBlock"])
    assert eni["networkInterfaceId"].startswith("eni-")
    assert eni["privateDnsName"] == f"ip-{str(address).replace('.', '-')}.ec2.internal"
    assert task["containers"][0]["networkInterfaces"][0]["privateIpv4Address"] == str(address)


def test_a_fargate_task_provisions_pulls_and_runs_in_tens_of_seconds(sim, ecs, subnets) -> None:
    register(ecs)
    [task] = ecs.run_task(
        taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets[:1])
    )["tasks"]
    sim.advance(5)
    assert ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]["lastStatus"] == "PROVISIONING"
    sim.advance(15)
    pending = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]
    assert pending["lastStatus"] == "PENDING"
    assert pending["attachments"][0]["status"] == "ATTACHED"
    sim.advance(30)
    running = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]
    assert running["lastStatus"] == "RUNNING"
    assert ecs.list_tasks(launchType="FARGATE")["taskArns"] == [task["taskArn"]]
    assert ecs.list_tasks(launchType="EC2")["taskArns"] == []


def test_stopping_a_fargate_task_deletes_its_eni_and_frees_its_address(sim, ecs, subnets) -> None:
    register(ecs)
    [task] = ecs.run_task(
        taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets[:1])
    )["tasks"]
    sim.advance(60)
    ecs.stop_task(task=task["taskArn"])
    sim.advance(60)
    stopped = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]
    assert stopped["lastStatus"] == "STOPPED"
    assert stopped["stopCode"] == "UserInitiated"
    assert stopped["attachments"][0]["status"] == "DELETED"
    ec2_state = sim.world.region_state(sim.world.region).ec2
    assert details(task)["privateIPv4Address"] not in ec2_state.addresses_in(subnets[0]["SubnetId"])


def test_task_addresses_never_collide_with_each_other_or_instances(sim, ecs, ec2, subnets) -> None:
    register(ecs)
    arns = []
    for _ in range(5):
        tasks = ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            count=10,
            networkConfiguration=network(subnets[:1]),
        )["tasks"]
        arns += [details(t)["privateIPv4Address"] for t in tasks]
    assert len(set(arns)) == 50
    taken = sim.world.region_state(sim.world.region).ec2.addresses_in(subnets[0]["SubnetId"])
    assert set(arns) <= taken


def test_assign_public_ip_enabled_gives_the_eni_a_public_address(sim, ecs, subnets) -> None:
    register(ecs)
    [task] = ecs.run_task(
        taskDefinition="web",
        launchType="FARGATE",
        networkConfiguration=network(subnets[:1], assignPublicIp="ENABLED"),
    )["tasks"]
    ec2_state = sim.world.region_state(sim.world.region).ec2
    interface = ec2_state.task_interfaces[details(task)["networkInterfaceId"]]
    groups = ec2_state.security_groups
    assert interface.public_ip is not None
    assert not ipaddress.ip_address(interface.public_ip).is_private
    # no security group named: the VPC's default group
    assert [g.group_name for g in map(groups.get, interface.security_group_ids)] == ["default"]


def test_a_definition_that_is_not_fargate_compatible_is_refused(sim, ecs, subnets) -> None:
    ecs.register_task_definition(
        family="bridge", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}]
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
        ecs.run_task(
            taskDefinition="bridge", launchType="FARGATE", networkConfiguration=network(subnets)
        )
    assert error(refused) == (
        "InvalidParameterException",
        "Task definition does not support launch_type FARGATE.",
    )


def test_an_invalid_fargate_size_is_refused(sim, ecs, subnets) -> None:
    with pytest.raises(ecs.exceptions.ClientException) as refused:
        register(ecs, cpu="256", memory="4096")
    assert error(refused)[1] == "No Fargate configuration exists for given values."
    register(ecs)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as overridden:
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration=network(subnets),
            overrides={"cpu": "512", "memory": "512"},
        )
    assert error(overridden)[1] == "No Fargate configuration exists for given values."


def test_a_fargate_task_without_network_configuration_is_refused(sim, ecs) -> None:
    register(ecs)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
        ecs.run_task(taskDefinition="web", launchType="FARGATE")
    assert error(refused)[1] == (
        "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )


def test_an_unknown_subnet_or_security_group_is_refused(sim, ecs, subnets) -> None:
    register(ecs)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0000"]}},
        )
    assert error(refused)[1] == (
        "Error retrieving subnet information for [subnet-0000]: The subnet ID 'subnet-0000' "
        "does not exist (ErrorCode: InvalidSubnetID.NotFound)"
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration=network(subnets, securityGroups=["sg-0000"]),
        )
    assert ecs.list_tasks()["taskArns"] == []


def test_platform_versions_latest_known_and_unknown(sim, ecs, subnets) -> None:
    register(ecs)
    run = dict(taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets))
    [latest] = ecs.run_task(**run, platformVersion="LATEST")["tasks"]
    assert latest["platformVersion"] == "1.4.0"
    [older] = ecs.run_task(**run, platformVersion="1.3.0")["tasks"]
    assert older["platformVersion"] == "1.3.0"
    with pytest.raises(ecs.exceptions.PlatformUnknownException) as refused:
        ecs.run_task(**run, platformVersion="9.9.9")
    assert error(refused)[1] == "The specified platform version doesn't exist."
    with pytest.raises(ecs.exceptions.PlatformTaskDefinitionIncompatibilityException):
        ecs.run_task(
            **run, platformVersion="1.3.0", overrides={"ephemeralStorage": {"sizeInGiB": 50}}
        )


def test_ephemeral_storage_is_20_gib_unless_asked_for_21_to_200(sim, ecs, subnets) -> None:
    register(ecs)
    run = dict(taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets))
    [task] = ecs.run_task(**run, overrides={"ephemeralStorage": {"sizeInGiB": 100}})["tasks"]
    assert task["ephemeralStorage"] == {"sizeInGiB": 100}
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.run_task(**run, overrides={"ephemeralStorage": {"sizeInGiB": 201}})


def test_placement_constraints_and_strategies_are_refused_on_fargate(sim, ecs, subnets) -> None:
    register(ecs)
    run = dict(taskDefinition="web", launchType="FARGATE", networkConfiguration=network(subnets))
    with pytest.raises(ecs.exceptions.InvalidParameterException) as constrained:
        ecs.run_task(**run, placementConstraints=[{"type": "distinctInstance"}])
    assert error(constrained)[1] == (
        "Placement constraints are not supported with FARGATE launch type."
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.run_task(**run, placementStrategy=[{"type": "random"}])


def test_a_platform_version_on_the_ec2_launch_type_is_refused(sim: Simulation, ecs) -> None:
    ecs.register_task_definition(
        family="bridge", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}]
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
        ecs.run_task(taskDefinition="bridge", platformVersion="LATEST")
    assert error(refused)[1] == (
        "The platform version must be null when specifying an EC2 launch type."
    )


def test_start_task_refuses_a_fargate_only_definition(sim: Simulation, ecs) -> None:
    sim.launch_instances(count=1)
    register(ecs)
    instance = ecs.list_container_instances()["containerInstanceArns"][0]
    with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
        ecs.start_task(taskDefinition="web", containerInstances=[instance])
    assert error(refused)[1] == "Task definition does not support launch_type EC2."
