"""EC2 Auto Scaling over `ecslearn serve`: every Auto Scaling operation ecslearn simulates
round-trips through a stock boto3 client pointed at the server (the query protocol, routed by
the signing name ``autoscaling``), and the AWS CLI's ``aws autoscaling ...`` works against it."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import AL2023, SENT, client, wait_for

ZONES = ["us-east-1a", "us-east-1b"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second."""
    running = launch(tmp_path_factory.mktemp("serve-asg"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_every_auto_scaling_operation_round_trips_over_http(server: Server) -> None:
    ec2, ssm, ecs = client(server, "ec2"), client(server, "ssm"), client(server, "ecs")
    asg = client(server, "autoscaling")
    ami = ssm.get_parameter(Name=AL2023)["Parameter"]["Value"]
    ecs.create_cluster(clusterName="web")
    script = "#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"
    ec2.create_launch_template(
        LaunchTemplateName="hosts",
        LaunchTemplateData={
            "ImageId": ami,
            "InstanceType": "t3.small",
            "UserData": base64.b64encode(script.encode()).decode(),
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
        },
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName="hosts",
        LaunchTemplate={"LaunchTemplateName": "hosts"},
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=2,
        AvailabilityZones=ZONES,
        Tags=[{"Key": "team", "Value": "blue", "PropagateAtLaunch": True}],
    )
    wait_for(lambda: len(ecs.list_container_instances(cluster="web")["containerInstanceArns"]) == 2)
    [group] = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["hosts"])["AutoScalingGroups"]
    ids = [i["InstanceId"] for i in group["Instances"]]
    assert len(asg.describe_auto_scaling_instances(InstanceIds=ids)["AutoScalingInstances"]) == 2
    asg.set_instance_protection(
        AutoScalingGroupName="hosts", InstanceIds=ids[:1], ProtectedFromScaleIn=True
    )
    asg.update_auto_scaling_group(AutoScalingGroupName="hosts", MaxSize=5)
    asg.set_desired_capacity(AutoScalingGroupName="hosts", DesiredCapacity=1)
    wait_for(
        lambda: (
            [
                i["InstanceId"]
                for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=["hosts"])[
                    "AutoScalingGroups"
                ][0]["Instances"]
            ]
            == ids[:1]
        )
    )
    asg.create_or_update_tags(
        Tags=[{"ResourceId": "hosts", "ResourceType": "auto-scaling-group", "Key": "env"}]
    )
    assert len(asg.describe_tags()["Tags"]) == 2
    asg.delete_tags(Tags=[{"ResourceId": "hosts", "Key": "env"}])
    asg.put_lifecycle_hook(
        AutoScalingGroupName="hosts",
        LifecycleHookName="hold",
        LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING",
        HeartbeatTimeout=300,
        DefaultResult="CONTINUE",
    )
    [hook] = asg.describe_lifecycle_hooks(AutoScalingGroupName="hosts")["LifecycleHooks"]
    assert hook["GlobalTimeout"] == 30000  # 100 heartbeat timeouts, under 48 hours
    activity = asg.terminate_instance_in_auto_scaling_group(
        InstanceId=ids[0], ShouldDecrementDesiredCapacity=True
    )["Activity"]
    assert activity["Description"] == f"Terminating EC2 instance: {ids[0]}"
    [held] = asg.describe_auto_scaling_instances(InstanceIds=ids[:1])["AutoScalingInstances"]
    assert held["LifecycleState"] == "Terminating:Wait"
    asg.record_lifecycle_action_heartbeat(
        AutoScalingGroupName="hosts", LifecycleHookName="hold", InstanceId=ids[0]
    )
    asg.complete_lifecycle_action(
        AutoScalingGroupName="hosts",
        LifecycleHookName="hold",
        InstanceId=ids[0],
        LifecycleActionResult="CONTINUE",
    )
    asg.delete_lifecycle_hook(AutoScalingGroupName="hosts", LifecycleHookName="hold")
    activities = asg.describe_scaling_activities(AutoScalingGroupName="hosts")["Activities"]
    assert {a["Description"].split(":")[0] for a in activities} == {
        "Launching a new EC2 instance",
        "Terminating EC2 instance",
    }
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.set_desired_capacity(AutoScalingGroupName="hosts", DesiredCapacity=9)
    assert refused.value.response["Error"]["Code"] == "ValidationError"
    asg.delete_auto_scaling_group(AutoScalingGroupName="hosts", ForceDelete=True)
    wait_for(lambda: asg.describe_auto_scaling_groups()["AutoScalingGroups"] == [])
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.attach_instances(AutoScalingGroupName="hosts", InstanceIds=ids[:1])
    assert refused.value.response["Error"]["Code"] == "InvalidAction"
    dispatcher = Simulation().world.dispatcher
    assert set(dispatcher.implemented("autoscaling")) <= SENT["autoscaling"]


def test_the_aws_cli_creates_and_describes_auto_scaling_groups(server: Server) -> None:
    found = aws(server, "get-parameter", "--name", AL2023, service="ssm")
    assert found.returncode == 0, found.stderr
    ami = json.loads(found.stdout)["Parameter"]["Value"]
    made = aws(
        server,
        "create-launch-template",
        "--launch-template-name",
        "cli-hosts",
        "--launch-template-data",
        json.dumps({"ImageId": ami, "InstanceType": "t3.micro"}),
        service="ec2",
    )
    assert made.returncode == 0, made.stderr
    created = aws(
        server,
        "create-auto-scaling-group",
        "--auto-scaling-group-name",
        "cli",
        "--launch-template",
        "LaunchTemplateName=cli-hosts,Version=$Latest",
        "--min-size",
        "1",
        "--max-size",
        "3",
        "--availability-zones",
        "us-east-1a",
        "us-east-1b",
        service="autoscaling",
    )
    assert created.returncode == 0, created.stderr
    described = aws(
        server,
        "describe-auto-scaling-groups",
        "--auto-scaling-group-names",
        "cli",
        service="autoscaling",
    )
    assert described.returncode == 0, described.stderr
    [group] = json.loads(described.stdout)["AutoScalingGroups"]
    assert group["DesiredCapacity"] == 1 and group["LaunchTemplate"]["Version"] == "$Latest"
    refused = aws(
        server,
        "set-desired-capacity",
        "--auto-scaling-group-name",
        "cli",
        "--desired-capacity",
        "7",
        service="autoscaling",
    )
    assert refused.returncode != 0 and "is above max value 3" in refused.stderr
