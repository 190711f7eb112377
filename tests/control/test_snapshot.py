"""The whole world saves to one JSON document and loads back to carry on exactly."""

from __future__ import annotations

import json

import pytest

from ecslearn import Simulation
from ecslearn.control import snapshot
from ecslearn.model.builders import container, health_check, task_definition


def busy_world(seed: int = 5) -> Simulation:
    sim = Simulation(seed=seed)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "a"}])
    instances = sim.launch_instances("web", count=3, attributes={"stack": "blue"})
    sim.register(
        task_definition(
            "app",
            container("db", "postgres", memory=128, health=health_check("pg_isready", interval=5)),
            container("web", "nginx", memory=64, ports=[80], depends_on={"db": "HEALTHY"}),
        )
    )
    sim.register(
        task_definition(
            "job", container("job", "busybox", memory=32, labels={"ecslearn.exit-after": "30"})
        )
    )
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="app", desiredCount=3)
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="job", schedulingStrategy="DAEMON"
    )
    ecs.run_task(cluster="web", taskDefinition="job", count=2)
    sim.advance(25)
    sim.disconnect_agent(instances[2])
    sim.advance(7)
    return sim


def test_a_saved_world_loads_back_equal(tmp_path) -> None:
    sim = busy_world()
    path = snapshot.save(sim.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(path))
    assert loaded.world._regions == sim.world._regions
    assert loaded.now == sim.now and loaded.world.rng.getstate() == sim.world.rng.getstate()
    assert list(loaded.events) == list(sim.events)
    assert json.loads(path.read_text())["format"] == snapshot.FORMAT


def test_a_loaded_world_carries_on_exactly_as_the_original(tmp_path) -> None:
    original = busy_world()
    loaded = Simulation.from_world(
        snapshot.load(snapshot.save(original.world, tmp_path / "w.json"))
    )
    for sim in (original, loaded):
        sim.reconnect_agent(next(iter(sim.region_state().instances.values())))
        sim.client().update_service(cluster="web", service="web", desiredCount=5)
        sim.advance(300)
    assert [str(e) for e in loaded.events] == [str(e) for e in original.events]
    assert loaded.world._regions == original.world._regions


def test_saving_is_atomic_and_leaves_no_partial_file(tmp_path) -> None:
    target = tmp_path / "world.json"
    snapshot.save(busy_world().world, target)
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]


def test_a_document_of_another_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Not an ecslearn state document"):
        snapshot.from_document({"format": "something-else"})


def test_simulation_save_and_load_are_the_lesson_friendly_way(tmp_path) -> None:
    sim = busy_world()
    loaded = Simulation.load(sim.save(tmp_path / "lesson.json"))
    assert loaded.now == sim.now and loaded.world._regions == sim.world._regions


def ec2_world() -> Simulation:
    """Instances booting, an agent that cannot register, a stopped instance, a security group
    and a launch template: EC2's state in flight."""
    sim = Simulation(seed=3)
    ec2, ecs = sim.client("ec2"), sim.client()
    ami = sim.client("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    )["Parameter"]["Value"]
    ecs.create_cluster(clusterName="web")
    group = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group, IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0"
    )
    ec2.create_launch_template(LaunchTemplateName="hosts", LaunchTemplateData={"ImageId": ami})
    user_data = "#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"
    profile = {"Name": "ecsInstanceRole"}
    stopped = ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, UserData=user_data, IamInstanceProfile=profile
    )["Instances"][0]["InstanceId"]
    ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, UserData=user_data)  # no profile
    sim.advance(60)
    ec2.stop_instances(InstanceIds=[stopped])
    ec2.run_instances(
        ImageId=ami,
        MinCount=2,
        MaxCount=2,
        UserData=user_data,
        IamInstanceProfile=profile,
        SecurityGroupIds=[group],
    )
    sim.advance(7)  # the last two are still pending
    return sim


def test_ec2_state_in_flight_saves_and_carries_on_exactly(tmp_path) -> None:
    original = ec2_world()
    loaded = Simulation.load(original.save(tmp_path / "ec2.json"))
    assert loaded.world._regions == original.world._regions
    assert loaded.region_state().ec2.security_groups == original.region_state().ec2.security_groups
    for sim in (original, loaded):
        sim.advance(300)
    assert [str(e) for e in loaded.events] == [str(e) for e in original.events]
    assert loaded.world._regions == original.world._regions
    ec2 = loaded.region_state().ec2
    assert sorted(i.state for i in ec2.instances.values()) == [
        "running",
        "running",
        "running",
        "stopped",
    ]
    assert sum(i.agent == "registered" for i in ec2.instances.values()) == 2
    assert sum(i.agent == "failed" for i in ec2.instances.values()) == 1


def test_a_file_saved_before_ec2_loads_with_the_default_network(tmp_path) -> None:
    document = snapshot.to_document(busy_world().world)
    for region in document["regions"].values():
        del region["ec2"]
    loaded = snapshot.from_document(document)
    assert loaded.region_state().ec2.default_vpc is not None
