"""Container instances register as the ECS agent registers them, and drain and leave as in ECS."""

from __future__ import annotations

import json

import pytest

from ecslearn.model.instance_types import INSTANCE_TYPES
from tests.conftest import error_message


def resources(instance: dict, kind: str = "registeredResources") -> dict:
    out = {}
    for r in instance[kind]:
        out[r["name"]] = r["stringSetValue"] if r["type"] == "STRINGSET" else r["integerValue"]
    return out


def test_launch_instances_registers_cpu_memory_and_reserved_ports(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    [launched] = sim.launch_instances("web", instance_type="m4.large")
    [instance] = ecs.describe_container_instances(cluster="web", containerInstances=[launched.id])[
        "containerInstances"
    ]
    registered = resources(instance)
    assert registered["CPU"] == 2048
    # AWS's guide: an m4.large (8 GiB) registers 7985 MiB.
    assert registered["MEMORY"] == 7985
    assert registered["PORTS"] == ["22", "2375", "2376", "51678", "51679"]
    assert registered["PORTS_UDP"] == []
    assert resources(instance, "remainingResources") == registered
    assert instance["status"] == "ACTIVE" and instance["agentConnected"] is True
    assert instance["ec2InstanceId"].startswith("i-") and len(instance["ec2InstanceId"]) == 19


def test_reserved_memory_is_taken_off_what_the_agent_registers(sim) -> None:
    [instance] = sim.launch_instances(instance_type="m4.large", reserved_memory=256)
    assert instance.registered("MEMORY") == 7985 - 256


def test_instances_spread_round_robin_over_zones_and_carry_ecs_attributes(sim) -> None:
    instances = sim.launch_instances(count=4, zones=["us-east-1a", "us-east-1b"])
    zones = [i.attribute("ecs.availability-zone") for i in instances]
    assert zones == ["us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b"]
    assert instances[0].attribute("ecs.instance-type") == "t3.medium"
    assert instances[0].attribute("ecs.os-type") == "linux"


def test_an_instance_cannot_launch_into_another_regions_zone(sim) -> None:
    from ecslearn.errors import InvalidParameterException

    with pytest.raises(InvalidParameterException, match=r"us-east-1a, us-east-1b, us-east-1c"):
        sim.launch_instances(zones=["eu-west-1a"])
    assert sim.region_state().ec2.instances == {}


def test_launching_into_default_creates_it_as_the_agent_does(sim, ecs) -> None:
    sim.launch_instances(count=1)
    assert ecs.list_clusters()["clusterArns"][0].endswith("cluster/default")


def test_launching_into_a_missing_named_cluster_fails(sim) -> None:
    from ecslearn.errors import ClusterNotFoundException

    with pytest.raises(ClusterNotFoundException):
        sim.launch_instances("nope")


def test_unknown_instance_type_names_the_known_ones(sim) -> None:
    from ecslearn.errors import InvalidParameterException

    with pytest.raises(InvalidParameterException, match=r"t3\.micro"):
        sim.launch_instances(instance_type="z9.huge")


def test_every_instance_type_registers_positive_resources() -> None:
    for kind in INSTANCE_TYPES.values():
        assert kind.cpu_units >= 1024 and kind.registered_memory() > 900


def test_register_container_instance_as_the_agent_calls_it(ecs) -> None:
    ecs.create_cluster(clusterName="web")
    identity = {
        "instanceId": "i-0123456789abcdef0",
        "availabilityZone": "us-east-1b",
        "instanceType": "c5.large",
        "region": "us-east-1",
        "imageId": "ami-1",
    }
    instance = ecs.register_container_instance(
        cluster="web",
        instanceIdentityDocument=json.dumps(identity),
        totalResources=[
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 3600},
        ],
        attributes=[{"name": "stack", "value": "blue"}],
        tags=[{"key": "owner", "value": "me"}],
    )["containerInstance"]
    assert instance["ec2InstanceId"] == "i-0123456789abcdef0"
    names = {a["name"]: a.get("value") for a in instance["attributes"]}
    assert names["stack"] == "blue" and names["ecs.availability-zone"] == "us-east-1b"
    assert resources(instance)["PORTS"] == []
    assert instance["tags"] == [{"key": "owner", "value": "me"}]


@pytest.mark.parametrize(
    ("document", "resources_sent", "expected"),
    [
        (None, [{"name": "CPU", "type": "INTEGER", "integerValue": 1}], "instanceIdentityDocument"),
        ("not json", [], "instanceIdentityDocument"),
        (
            '{"instanceId": "i-1"}',
            [{"name": "CPU", "type": "INTEGER", "integerValue": 1}],
            "MEMORY",
        ),
    ],
    ids=["no identity document", "identity document not JSON", "no MEMORY resource"],
)
def test_register_container_instance_needs_identity_and_resources(
    ecs, document, resources_sent, expected
) -> None:
    ecs.create_cluster(clusterName="web")
    params = {"cluster": "web", "totalResources": resources_sent}
    if document is not None:
        params["instanceIdentityDocument"] = document
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.register_container_instance(**params)
    assert expected in error_message(err)
    assert ecs.list_container_instances(cluster="web")["containerInstanceArns"] == []


def test_draining_and_reactivating_an_instance(sim, ecs) -> None:
    [instance] = sim.launch_instances()
    response = ecs.update_container_instances_state(
        containerInstances=[instance.id, "0" * 32], status="DRAINING"
    )
    assert [i["status"] for i in response["containerInstances"]] == ["DRAINING"]
    assert response["failures"] == [{"arn": "0" * 32, "reason": "MISSING"}]
    assert ecs.list_container_instances(status="DRAINING")["containerInstanceArns"] == [
        instance.container_instance_arn
    ]
    ecs.update_container_instances_state(containerInstances=[instance.id], status="ACTIVE")
    assert instance.status == "ACTIVE"


def test_only_active_and_draining_can_be_set(sim, ecs) -> None:
    [instance] = sim.launch_instances()
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.update_container_instances_state(containerInstances=[instance.id], status="REGISTERING")


def test_an_inactive_instance_cannot_be_drained(sim, ecs) -> None:
    [instance] = sim.launch_instances()
    ecs.deregister_container_instance(containerInstance=instance.id)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.update_container_instances_state(containerInstances=[instance.id], status="DRAINING")
    assert "INACTIVE" in error_message(err)


def test_deregistered_instances_leave_the_default_listing(sim, ecs) -> None:
    first, second = sim.launch_instances(count=2)
    gone = ecs.deregister_container_instance(containerInstance=first.container_instance_arn)
    assert gone["containerInstance"]["status"] == "INACTIVE"
    assert gone["containerInstance"]["agentConnected"] is False
    assert ecs.list_container_instances()["containerInstanceArns"] == [
        second.container_instance_arn
    ]
    assert ecs.list_container_instances(status="ACTIVE")["containerInstanceArns"] == [
        second.container_instance_arn
    ]


def test_describing_unknown_instances_reports_failures(sim, ecs) -> None:
    sim.launch_instances()
    response = ecs.describe_container_instances(containerInstances=["f" * 32])
    assert response["containerInstances"] == []
    assert response["failures"][0]["reason"] == "MISSING"


def test_an_instance_is_only_found_in_its_own_cluster(sim, ecs) -> None:
    ecs.create_cluster(clusterName="other")
    [instance] = sim.launch_instances()
    response = ecs.describe_container_instances(cluster="other", containerInstances=[instance.id])
    assert response["failures"][0]["reason"] == "MISSING"


def test_list_container_instances_pages(sim, ecs) -> None:
    sim.launch_instances(count=5)
    paginator = ecs.get_paginator("list_container_instances")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["containerInstanceArns"]) for p in pages] == [2, 2, 1]


def test_the_same_seed_gives_the_same_instance_ids() -> None:
    from ecslearn import Simulation

    ids = [
        [i.container_instance_arn for i in Simulation(seed=7).launch_instances(count=3)]
        for _ in range(2)
    ]
    assert ids[0] == ids[1]
    other = [i.container_instance_arn for i in Simulation(seed=8).launch_instances(count=3)]
    assert other != ids[0]
