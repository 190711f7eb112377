"""The ECS agent on an EC2 instance: user data's ecs.config picks its cluster and settings, an
instance without an instance profile never registers (and says why), a plain AMI has no agent,
and what EC2 does to an instance (terminate, stop, start) is what ECS sees."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from ecslearn import Simulation, explain
from ecslearn.model.builders import container, task_definition

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
PROFILE = {"Name": "ecsInstanceRole"}


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    return sim.client()


def script(*lines: str) -> str:
    return "#!/bin/bash\n" + "\n".join(lines) + "\n"


def launch(ec2: Any, ami: str, user_data: str | None = None, **more: Any) -> str:
    request: dict[str, Any] = {"ImageId": ami, "MinCount": 1, "MaxCount": 1, **more}
    if user_data is not None:
        request["UserData"] = user_data
    return ec2.run_instances(**request)["Instances"][0]["InstanceId"]


def registered(ecs: Any, cluster: str) -> list[dict[str, Any]]:
    if not any(a.endswith(f"/{cluster}") for a in ecs.list_clusters()["clusterArns"]):
        return []
    arns = ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
    if not arns:
        return []
    return ecs.describe_container_instances(
        cluster=cluster, containerInstances=arns, include=["TAGS"]
    )["containerInstances"]


def test_user_datas_ecs_cluster_picks_the_cluster(sim, ec2, ecs, ami) -> None:
    ecs.create_cluster(clusterName="web")
    instance_id = launch(
        ec2, ami, script("echo ECS_CLUSTER=web >> /etc/ecs/ecs.config"), IamInstanceProfile=PROFILE
    )
    assert registered(ecs, "web") == []  # the agent starts after the instance boots
    sim.run_until_stable()
    [joined] = registered(ecs, "web")
    assert joined["ec2InstanceId"] == instance_id
    assert joined["agentConnected"] and joined["status"] == "ACTIVE"
    assert any("registered in cluster web" in e.message for e in sim.events)


def test_without_ecs_cluster_the_agent_joins_default_and_creates_it(sim, ec2, ecs, ami) -> None:
    launch(ec2, ami, IamInstanceProfile=PROFILE)
    sim.run_until_stable()
    assert ecs.list_clusters()["clusterArns"][0].endswith(":cluster/default")
    assert len(registered(ecs, "default")) == 1


def test_an_instance_without_an_instance_profile_never_registers(sim, ec2, ecs, ami) -> None:
    ecs.create_cluster(clusterName="web")
    instance_id = launch(ec2, ami, script("echo ECS_CLUSTER=web >> /etc/ecs/ecs.config"))
    sim.advance(600)
    assert registered(ecs, "web") == []
    log = sim.agent_log(instance_id)
    assert any("NoCredentialProviders: no valid providers in chain" in line for line in log)
    [event] = [e for e in sim.events if e.kind == "agent"]
    assert "no instance profile" in event.message  # once on the timeline, not every retry
    web = task_definition("web", container("web", "nginx", memory=128))
    ecs.register_task_definition(**web.to_request())
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.run_task(cluster="web", taskDefinition="web")
    assert "No Container Instances were found in your cluster" in str(err.value)
    assert "IamInstanceProfile" in explain(err.value) and "agent_log" in explain(err.value)


def test_associating_an_instance_profile_lets_the_agent_register_on_its_next_try(
    sim, ec2, ecs, ami
) -> None:
    instance_id = launch(ec2, ami)
    sim.run_until_stable()
    assert registered(ecs, "default") == []
    ec2.associate_iam_instance_profile(IamInstanceProfile=PROFILE, InstanceId=instance_id)
    sim.advance(90)
    assert [i["ec2InstanceId"] for i in registered(ecs, "default")] == [instance_id]


def test_a_cluster_that_does_not_exist_is_joined_once_it_is_created(sim, ec2, ecs, ami) -> None:
    instance_id = launch(
        ec2,
        ami,
        script("echo ECS_CLUSTER=later >> /etc/ecs/ecs.config"),
        IamInstanceProfile=PROFILE,
    )
    sim.run_until_stable()
    assert any("ClusterNotFoundException" in line for line in sim.agent_log(instance_id))
    ecs.create_cluster(clusterName="later")
    sim.advance(90)
    assert len(registered(ecs, "later")) == 1


def test_a_plain_amazon_linux_instance_never_registers(sim, ec2, ecs) -> None:
    plain = sim.client("ssm").get_parameter(
        Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    )["Parameter"]["Value"]
    instance_id = launch(
        ec2,
        plain,
        script("echo ECS_CLUSTER=default >> /etc/ecs/ecs.config"),
        IamInstanceProfile=PROFILE,
    )
    sim.advance(600)
    assert ecs.list_clusters()["clusterArns"] == []
    assert sim.agent_log(instance_id) == []


def test_ecs_config_settings_become_the_registration(sim, ec2, ecs, ami) -> None:
    ecs.create_cluster(clusterName="api")
    user_data = script(
        "CLUSTER=api",
        "cat <<'EOF' >> /etc/ecs/ecs.config",
        "ECS_CLUSTER=api",
        "ECS_RESERVED_MEMORY=256",
        'ECS_INSTANCE_ATTRIBUTES={"stack": "blue"}',
        'ECS_CONTAINER_INSTANCE_TAGS={"owner": "team-a"}',
        "ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM=ec2_instance",
        "ECS_RESERVED_PORTS=[22, 8080]",
        "EOF",
    )
    tags = [{"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "prod"}]}]
    launch(
        ec2,
        ami,
        user_data,
        InstanceType="m4.large",
        IamInstanceProfile=PROFILE,
        TagSpecifications=tags,
    )
    sim.run_until_stable()
    [instance] = registered(ecs, "api")
    resources = {r["name"]: r for r in instance["registeredResources"]}
    assert resources["MEMORY"]["integerValue"] == 7985 - 256
    assert resources["PORTS"]["stringSetValue"] == ["22", "8080"]
    attributes = {a["name"]: a.get("value") for a in instance["attributes"]}
    assert attributes["stack"] == "blue" and attributes["ecs.instance-type"] == "m4.large"
    assert {t["key"]: t["value"] for t in instance["tags"]} == {"owner": "team-a", "env": "prod"}


def test_a_mime_multipart_user_data_is_read_part_by_part(sim, ec2, ecs, ami) -> None:
    ecs.create_cluster(clusterName="batch")
    mime = (
        'Content-Type: multipart/mixed; boundary="==B=="\nMIME-Version: 1.0\n\n'
        '--==B==\nContent-Type: text/cloud-config; charset="us-ascii"\n\npackages: [jq]\n\n'
        '--==B==\nContent-Type: text/x-shellscript; charset="us-ascii"\n\n'
        "#!/bin/bash\necho ECS_CLUSTER=batch >> /etc/ecs/ecs.config\n\n--==B==--\n"
    )
    launch(ec2, ami, mime, IamInstanceProfile=PROFILE)
    sim.run_until_stable()
    assert len(registered(ecs, "batch")) == 1


def test_an_ecs_config_the_agent_cannot_read_stops_it(sim, ec2, ami) -> None:
    instance_id = launch(
        ec2,
        ami,
        script("echo 'ECS_INSTANCE_ATTRIBUTES=not json' >> /etc/ecs/ecs.config"),
        IamInstanceProfile=PROFILE,
    )
    sim.run_until_stable()
    assert any(
        "ECS_INSTANCE_ATTRIBUTES must be a JSON object" in x for x in sim.agent_log(instance_id)
    )


def running_service(sim: Simulation, ecs: Any, ec2: Any, ami: str) -> list[str]:
    ecs.create_cluster(clusterName="web")
    ids = [
        launch(
            ec2,
            ami,
            script("echo ECS_CLUSTER=web >> /etc/ecs/ecs.config"),
            IamInstanceProfile=PROFILE,
        )
        for _ in range(2)
    ]
    ecs.register_task_definition(
        **task_definition("web", container("web", "nginx", memory=256)).to_request()
    )
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="web", desiredCount=4)
    sim.run_until_stable()
    return ids


def tasks_on(sim: Simulation, ecs: Any, instance_id: str) -> list[dict[str, Any]]:
    """The running tasks on an EC2 instance (through its container instance)."""
    arn = sim.region_state().ec2.instances[instance_id].container_instance_arn
    arns = ecs.list_tasks(cluster="web", containerInstance=arn)["taskArns"]
    return ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []


def test_terminating_an_instance_loses_its_tasks_and_deregisters_it(sim, ec2, ecs, ami) -> None:
    first, second = running_service(sim, ecs, ec2, ami)
    lost = tasks_on(sim, ecs, first)
    assert lost
    ec2.terminate_instances(InstanceIds=[first])
    stopped = ecs.describe_tasks(cluster="web", tasks=[t["taskArn"] for t in lost])["tasks"]
    assert {t["lastStatus"] for t in stopped} == {"STOPPED"}
    assert {t["stoppedReason"] for t in stopped} == {f"Host EC2 (instance {first}) terminated."}
    assert [i["ec2InstanceId"] for i in registered(ecs, "web")] == [second]
    sim.run_until_stable()
    assert len(tasks_on(sim, ecs, second)) == 4  # the service replaced them on the other instance


def test_stopping_an_instance_stops_its_tasks_and_keeps_its_registration(
    sim, ec2, ecs, ami
) -> None:
    first, _ = running_service(sim, ecs, ec2, ami)
    lost = tasks_on(sim, ecs, first)
    ec2.stop_instances(InstanceIds=[first])
    stopped = ecs.describe_tasks(cluster="web", tasks=[t["taskArn"] for t in lost])["tasks"]
    assert {t["stoppedReason"] for t in stopped} == {f"Host EC2 (instance {first}) stopped."}
    sim.run_until_stable()
    [kept] = [i for i in registered(ecs, "web") if i["ec2InstanceId"] == first]
    assert kept["status"] == "ACTIVE" and kept["agentConnected"] is False
    assert tasks_on(sim, ecs, first) == []  # nothing is placed on a disconnected instance
    ec2.start_instances(InstanceIds=[first])
    sim.run_until_stable()
    [back] = [i for i in registered(ecs, "web") if i["ec2InstanceId"] == first]
    assert back["containerInstanceArn"] == kept["containerInstanceArn"]
    assert back["agentConnected"] is True


def test_sim_terminate_instance_is_ec2s_terminate_instances(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    [instance] = sim.launch_instances("web")
    sim.terminate_instance(instance)
    [ec2_instance] = sim.region_state().ec2.instances.values()
    assert ec2_instance.state == "shutting-down"
    assert instance.status == "INACTIVE"
    sim.advance(30)
    assert ec2_instance.state == "terminated"


def test_sim_launch_instances_is_run_instances_with_user_data(sim, ec2, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    [instance] = sim.launch_instances("web", instance_type="t3.small", attributes={"a": "b"})
    [described] = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert described["InstanceId"] == instance.ec2_instance_id
    assert described["State"]["Name"] == "running"
    assert described["IamInstanceProfile"]["Arn"].endswith(":instance-profile/ecsInstanceRole")
    ami = sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]
    assert described["ImageId"] == ami and instance.attribute("ecs.ami-id") == ami
    user_data = sim.region_state().ec2.instances[described["InstanceId"]].user_data
    text = base64.b64decode(user_data).decode()
    assert "ECS_CLUSTER=web" in text and json.dumps({"a": "b"}) in text
