"""ECS services in Cloud Map: serviceRegistries registers each running task and deregisters it
when it stops, with the attributes ECS sets; custom health follows the task's health; and
ECS's rules for registries against the task definition's network mode and ports."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from tests.conftest import error_code, error_message


@pytest.fixture
def sd(sim: Simulation) -> Any:
    return sim.client("servicediscovery")


def subnets(sim: Simulation) -> list[str]:
    return [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]][:2]


def private_namespace(sim: Simulation, sd: Any, name: str = "shop.local") -> str:
    vpc = sim.client("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]
    op = sd.create_private_dns_namespace(Name=name, Vpc=vpc)["OperationId"]
    sim.run_until_stable()
    return sd.get_operation(OperationId=op)["Operation"]["Targets"]["NAMESPACE"]


def registry(sd: Any, namespace_id: str, *records: str, custom: bool = False) -> dict:
    more: dict[str, Any] = {"HealthCheckCustomConfig": {"FailureThreshold": 1}} if custom else {}
    return sd.create_service(
        Name="api",
        NamespaceId=namespace_id,
        DnsConfig={"DnsRecords": [{"Type": r, "TTL": 10} for r in records]},
        **more,
    )["Service"]


def fargate_family(ecs: Any, family: str = "api", port: int = 8080, **container: Any) -> None:
    ecs.register_task_definition(
        family=family,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": "app",
                "image": "nginx",
                "portMappings": [{"containerPort": port, "name": family}],
                **container,
            }
        ],
    )


def fargate_service(sim: Simulation, ecs: Any, name: str = "api", **options: Any) -> None:
    ecs.create_service(
        cluster="shop",
        serviceName=name,
        taskDefinition=options.pop("family", name),
        desiredCount=options.pop("desiredCount", 2),
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets(sim)}},
        **options,
    )


@pytest.fixture
def shop(ecs: Any) -> None:
    ecs.create_cluster(clusterName="shop")


def test_service_registries_register_each_running_tasks_ip_with_ecs_attributes(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "A")
    fargate_family(ecs)
    fargate_service(sim, ecs, serviceRegistries=[{"registryArn": srv["Arn"]}])
    sim.run_until_stable()
    tasks = ecs.describe_tasks(cluster="shop", tasks=ecs.list_tasks(cluster="shop")["taskArns"])
    addresses = {
        t["taskArn"].rsplit("/", 1)[-1]: next(
            d["value"] for d in t["attachments"][0]["details"] if d["name"] == "privateIPv4Address"
        )
        for t in tasks["tasks"]
    }
    found = sd.discover_instances(NamespaceName="shop.local", ServiceName="api")["Instances"]
    assert {i["InstanceId"]: i["Attributes"]["AWS_INSTANCE_IPV4"] for i in found} == addresses
    attributes = found[0]["Attributes"]
    assert attributes["ECS_CLUSTER_NAME"] == "shop"
    assert attributes["ECS_SERVICE_NAME"] == "api"
    assert attributes["ECS_TASK_DEFINITION_FAMILY"] == "api"
    assert attributes["AVAILABILITY_ZONE"].startswith("us-east-1")
    assert attributes["REGION"] == "us-east-1"
    service = ecs.describe_services(cluster="shop", services=["api"])["services"][0]
    assert service["serviceRegistries"] == [{"registryArn": srv["Arn"]}]
    assert any(
        "registered 1 tasks in (Cloud Map service" in e["message"] for e in service["events"]
    )


def test_a_bridge_task_registers_its_instance_address_and_host_port_in_an_srv_record(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "SRV")
    sim.launch_instances("shop", count=1, instance_type="m5.large")
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {
                "name": "app",
                "image": "nginx",
                "memory": 128,
                "portMappings": [{"containerPort": 80, "hostPort": 0}],
            }
        ],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        serviceRegistries=[
            {"registryArn": srv["Arn"], "containerName": "app", "containerPort": 80}
        ],
    )
    sim.run_until_stable()
    task = ecs.describe_tasks(cluster="shop", tasks=ecs.list_tasks(cluster="shop")["taskArns"])[
        "tasks"
    ][0]
    host_port = task["containers"][0]["networkBindings"][0]["hostPort"]
    instance = ecs.describe_container_instances(
        cluster="shop", containerInstances=[task["containerInstanceArn"]]
    )["containerInstances"][0]
    ec2 = sim.client("ec2").describe_instances(InstanceIds=[instance["ec2InstanceId"]])
    address = ec2["Reservations"][0]["Instances"][0]["PrivateIpAddress"]
    found = sd.list_instances(ServiceId=srv["Id"])["Instances"][0]["Attributes"]
    assert found["AWS_INSTANCE_IPV4"] == address
    assert found["AWS_INSTANCE_PORT"] == str(host_port)
    assert found["EC2_INSTANCE_ID"] == instance["ec2InstanceId"]


def test_a_task_is_deregistered_when_it_stops(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "A")
    fargate_family(ecs)
    fargate_service(sim, ecs, serviceRegistries=[{"registryArn": srv["Arn"]}])
    sim.run_until_stable()
    assert len(sd.list_instances(ServiceId=srv["Id"])["Instances"]) == 2
    ecs.update_service(cluster="shop", service="api", desiredCount=0)
    sim.run_until_stable()
    assert sd.list_instances(ServiceId=srv["Id"])["Instances"] == []
    deregistered = sd.list_operations(
        Filters=[{"Name": "TYPE", "Values": ["DEREGISTER_INSTANCE"]}]
    )["Operations"]
    assert len(deregistered) == 2


def test_custom_health_follows_the_tasks_container_health(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "A", custom=True)
    fargate_family(
        ecs,
        healthCheck={"command": ["CMD-SHELL", "true"], "interval": 5, "retries": 1},
        dockerLabels={"ecslearn.unhealthy-after": "60"},
    )
    fargate_service(sim, ecs, desiredCount=1, serviceRegistries=[{"registryArn": srv["Arn"]}])
    state = sim.region_state()
    for _ in range(2000):
        sim.step()
        tasks = [t for t in state.tasks.values() if t.health_status == "UNHEALTHY"]
        if tasks:
            break
    unhealthy = tasks[0]
    instance = state.service_discovery.services[srv["Id"]].instances.get(unhealthy.id)
    assert instance is not None and instance.custom_status == "UNHEALTHY"


def test_one_registry_per_service(sim: Simulation, ecs: Any, sd: Any, shop: None) -> None:
    srv = registry(sd, private_namespace(sim, sd), "A")
    fargate_family(ecs)
    with pytest.raises(ClientError) as refused:
        fargate_service(
            sim, ecs, serviceRegistries=[{"registryArn": srv["Arn"]}, {"registryArn": srv["Arn"]}]
        )
    assert error_code(refused) == "InvalidParameterException"


def test_a_registry_that_is_not_a_cloud_map_service_is_refused(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_family(ecs)
    arn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa"
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, serviceRegistries=[{"registryArn": arn}])
    assert error_code(refused) == "InvalidParameterException"
    assert ecs.list_services(cluster="shop")["serviceArns"] == []


def test_bridge_mode_needs_container_name_and_port_and_an_srv_record(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    a_record = registry(sd, private_namespace(sim, sd), "A")
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {
                "name": "app",
                "image": "nginx",
                "memory": 128,
                "portMappings": [{"containerPort": 80}],
            }
        ],
    )
    for entry, words in (
        ({"registryArn": a_record["Arn"]}, "containerName and containerPort"),
        (
            {"registryArn": a_record["Arn"], "containerName": "app", "containerPort": 80},
            "SRV record",
        ),
    ):
        with pytest.raises(ClientError) as refused:
            ecs.create_service(
                cluster="shop",
                serviceName="web",
                taskDefinition="web",
                desiredCount=1,
                serviceRegistries=[entry],
            )
        assert error_code(refused) == "InvalidParameterException"
        assert words in error_message(refused)


def test_a_registry_port_must_be_a_container_port_of_the_task_definition(
    sim: Simulation, ecs: Any, sd: Any, shop: None
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "SRV")
    fargate_family(ecs)
    with pytest.raises(ClientError) as refused:
        fargate_service(
            sim,
            ecs,
            serviceRegistries=[
                {"registryArn": srv["Arn"], "containerName": "app", "containerPort": 9}
            ],
        )
    assert error_message(refused) == "The container app did not have a container port 9 defined."


def test_registrations_survive_a_save_and_load_mid_flight(
    sim: Simulation, ecs: Any, sd: Any, shop: None, tmp_path: Any
) -> None:
    srv = registry(sd, private_namespace(sim, sd), "A")
    fargate_family(ecs)
    fargate_service(sim, ecs, serviceRegistries=[{"registryArn": srv["Arn"]}])
    sim.run_until_stable()
    ecs.update_service(cluster="shop", service="api", desiredCount=1)
    sim.advance(1)
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    loaded.run_until_stable()
    again = loaded.client("servicediscovery")
    assert len(again.list_instances(ServiceId=srv["Id"])["Instances"]) == 1
    assert again.get_service(Id=srv["Id"])["Service"]["InstanceCount"] == 1
