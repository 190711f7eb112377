"""What the whole-world fuzzer (tests/fuzz, `./dev bench fuzz`) found, each as ECS behaves."""

from __future__ import annotations

import json

import pytest

from ecslearn import Simulation
from tests.conftest import error_code

IDENTITY = json.dumps({"instanceId": "i-0123456789abcdef0", "instanceType": "t3.small"})


def _register(ecs, *extra: dict) -> dict:
    return ecs.register_container_instance(
        cluster="web",
        instanceIdentityDocument=IDENTITY,
        totalResources=[
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 1900},
            *extra,
        ],
    )["containerInstance"]


@pytest.fixture
def ecs(sim: Simulation):
    client = sim.client()
    client.create_cluster(clusterName="web")
    return client


def test_an_instance_reserves_each_port_once_however_often_its_agent_lists_it(ecs) -> None:
    ports = {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "22"]}
    instance = _register(ecs, ports)
    for resources in (instance["registeredResources"], instance["remainingResources"]):
        [registered] = [r for r in resources if r["name"] == "PORTS"]
        assert registered["stringSetValue"] == ["22", "2375"]


@pytest.mark.parametrize(
    "ports",
    [
        {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "ssh"]},
        {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": ["70000"]},
        {"name": "PORTS", "type": "INTEGER", "integerValue": 22},
    ],
)
def test_reserved_ports_are_a_set_of_port_numbers(ecs, ports) -> None:
    with pytest.raises(ecs.exceptions.ClientException):
        _register(ecs, ports)


def test_a_resource_is_registered_once(ecs) -> None:
    with pytest.raises(ecs.exceptions.ClientException) as err:
        _register(ecs, {"name": "CPU", "type": "INTEGER", "integerValue": 99999})
    assert error_code(err) == "ClientException"


def test_an_awsvpc_service_keeps_its_network_configuration_when_an_update_names_none(
    sim: Simulation, ecs
) -> None:
    sim.launch_instances("web", 1)
    ecs.register_task_definition(
        family="vpc",
        networkMode="awsvpc",
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 64}],
    )
    network = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"]}}
    ecs.create_service(
        cluster="web",
        serviceName="api",
        taskDefinition="vpc",
        desiredCount=1,
        networkConfiguration=network,
    )
    ecs.register_task_definition(
        family="vpc",
        networkMode="awsvpc",
        containerDefinitions=[{"name": "app", "image": "nginx:2", "memory": 64}],
    )
    ecs.update_service(cluster="web", service="api", forceNewDeployment=True)
    service = ecs.update_service(cluster="web", service="api", taskDefinition="vpc:2")["service"]
    assert service["networkConfiguration"] == network
    assert service["deployments"][0]["networkConfiguration"] == network
    assert sim.run_until_stable(600)
