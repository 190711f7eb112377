"""EC2 Auto Scaling groups through a stock boto3 client: a group made from a launch template
launches its desired capacity through EC2, the instances' ECS agents join the cluster their user
data names, and Auto Scaling refuses what AWS refuses, in AWS's words."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.errors import EcsError

ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
PROFILE = {"Name": "ecsInstanceRole"}


def user_data(cluster: str) -> str:
    script = f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"
    return base64.b64encode(script.encode()).decode()


def template(ec2: Any, ami: str, name: str = "web", cluster: str = "web", **more: Any) -> str:
    data = {
        "ImageId": ami,
        "InstanceType": "t3.small",
        "UserData": user_data(cluster),
        "IamInstanceProfile": PROFILE,
        **more,
    }
    made = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)
    return made["LaunchTemplate"]["LaunchTemplateId"]


@pytest.fixture
def asg(sim: Simulation) -> Any:
    return sim.client("autoscaling")


def create(asg: Any, name: str = "web", **more: Any) -> None:
    request: dict[str, Any] = {
        "AutoScalingGroupName": name,
        "LaunchTemplate": {"LaunchTemplateName": "web", "Version": "$Latest"},
        "MinSize": 0,
        "MaxSize": 6,
        "DesiredCapacity": 3,
        "AvailabilityZones": ZONES,
        **more,
    }
    asg.create_auto_scaling_group(**{k: v for k, v in request.items() if v is not None})


def group(asg: Any, name: str = "web") -> dict[str, Any]:
    return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_a_group_launches_its_desired_capacity_whose_agents_join_the_cluster_in_user_data(
    sim, ec2, ami, asg
) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    template(ec2, ami)
    create(asg)
    assert group(asg)["Instances"] == []  # the group launches on the clock, not in the call
    sim.advance(1)
    launched = group(asg)["Instances"]
    assert len(launched) == 3 and {i["LifecycleState"] for i in launched} == {"Pending"}
    assert sim.run_until_stable().stable
    described = group(asg)
    assert {i["LifecycleState"] for i in described["Instances"]} == {"InService"}
    arns = ecs.list_container_instances(cluster="web")["containerInstanceArns"]
    joined = ecs.describe_container_instances(cluster="web", containerInstances=arns)
    assert sorted(c["ec2InstanceId"] for c in joined["containerInstances"]) == sorted(
        i["InstanceId"] for i in described["Instances"]
    )


def test_the_group_is_described_as_aws_describes_it(sim, ec2, ami, asg) -> None:
    template_id = template(ec2, ami)
    create(
        asg,
        DefaultCooldown=120,
        HealthCheckType="EC2",
        HealthCheckGracePeriod=60,
        NewInstancesProtectedFromScaleIn=True,
        Tags=[{"Key": "team", "Value": "blue", "PropagateAtLaunch": True}],
    )
    sim.advance(1)
    described = group(asg)
    assert described["LaunchTemplate"] == {
        "LaunchTemplateId": template_id,
        "LaunchTemplateName": "web",
        "Version": "$Latest",
    }
    assert (described["MinSize"], described["MaxSize"], described["DesiredCapacity"]) == (0, 6, 3)
    assert described["DefaultCooldown"] == 120 and described["HealthCheckGracePeriod"] == 60
    assert described["AvailabilityZones"] == ZONES
    assert described["AutoScalingGroupARN"].startswith("arn:aws:autoscaling:us-east-1:")
    assert described["AutoScalingGroupARN"].endswith(":autoScalingGroupName/web")
    assert all(i["ProtectedFromScaleIn"] for i in described["Instances"])
    assert described["Tags"][0]["Key"] == "team" and described["Tags"][0]["PropagateAtLaunch"]
    instance = described["Instances"][0]
    assert instance["LaunchTemplate"]["Version"] == "1"  # the version it was launched from
    [reservation] = ec2.describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"]
    ec2_tags = reservation["Instances"][0]["Tags"]
    assert {"team": "blue", "aws:autoscaling:groupName": "web"}.items() <= {
        t["Key"]: t["Value"] for t in ec2_tags
    }.items()


def test_vpc_zone_identifier_places_instances_in_the_subnets_named(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    subnets = ec2.describe_subnets()["Subnets"][:2]
    create(asg, AvailabilityZones=None, VPCZoneIdentifier=",".join(s["SubnetId"] for s in subnets))
    sim.advance(1)
    ids = [i["InstanceId"] for i in group(asg)["Instances"]]
    placed = ec2.describe_instances(InstanceIds=ids)["Reservations"]
    used = {i["SubnetId"] for r in placed for i in r["Instances"]}
    assert used == {s["SubnetId"] for s in subnets}
    assert group(asg)["VPCZoneIdentifier"] == ",".join(s["SubnetId"] for s in subnets)


def test_a_desired_capacity_outside_min_and_max_is_refused_in_aws_words(ec2, ami, asg) -> None:
    template(ec2, ami)
    with pytest.raises(asg.exceptions.ClientError) as refused:
        create(asg, MinSize=1, MaxSize=1, DesiredCapacity=10)
    assert error(refused) == (
        "ValidationError",
        "Desired capacity:10 must be between the specified min size:1 and max size:1",
    )
    with pytest.raises(asg.exceptions.ClientError) as refused:
        create(asg, MinSize=2, MaxSize=1)
    assert error(refused)[1] == "Max bound, 1, must be greater than or equal to min bound, 2"
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []


def test_set_desired_capacity_beyond_the_bounds_is_refused_in_aws_words(ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, MinSize=1, MaxSize=2, DesiredCapacity=1)
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=3)
    assert error(refused) == (
        "ValidationError",
        "New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup.",
    )
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    assert "is below min value 1" in error(refused)[1]
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.set_desired_capacity(AutoScalingGroupName="nope", DesiredCapacity=0)
    assert error(refused)[1] == "AutoScalingGroup name not found - AutoScalingGroup nope not found"


def test_a_taken_name_is_already_exists(ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg)
    with pytest.raises(asg.exceptions.AlreadyExistsFault) as refused:
        create(asg)
    assert error(refused) == (
        "AlreadyExists",
        "AutoScalingGroup by this name already exists - A group with the name web already exists",
    )


def test_a_group_needs_a_launch_template_that_ec2_could_launch(ec2, ami, asg) -> None:
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.create_auto_scaling_group(
            AutoScalingGroupName="web", MinSize=0, MaxSize=1, AvailabilityZones=ZONES
        )
    assert error(refused) == (
        "ValidationError",
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
        "InstanceId or MixedInstancesPolicy parameter.",
    )
    with pytest.raises(asg.exceptions.ClientError) as refused:
        create(asg, LaunchTemplate={"LaunchTemplateId": "lt-0123456789abcdef0"})
    assert error(refused)[1] == (
        "You must use a valid fully-formed launch template. The specified launch template, "
        "with template ID lt-0123456789abcdef0, does not exist."
    )
    with pytest.raises(asg.exceptions.ClientError) as refused:
        create(asg, LaunchTemplate=None, LaunchConfigurationName="old")
    assert "Launch configuration name not found" in error(refused)[1]


def test_describe_pages_and_filters_by_tag(ec2, ami, asg) -> None:
    template(ec2, ami)
    for index in range(5):
        team = "blue" if index % 2 else "green"
        create(asg, f"g{index}", DesiredCapacity=0, Tags=[{"Key": "team", "Value": team}])
    first = asg.describe_auto_scaling_groups(MaxRecords=2)
    assert [g["AutoScalingGroupName"] for g in first["AutoScalingGroups"]] == ["g0", "g1"]
    rest = asg.describe_auto_scaling_groups(MaxRecords=2, NextToken=first["NextToken"])
    assert [g["AutoScalingGroupName"] for g in rest["AutoScalingGroups"]] == ["g2", "g3"]
    blue = asg.describe_auto_scaling_groups(Filters=[{"Name": "tag:team", "Values": ["blue"]}])
    assert [g["AutoScalingGroupName"] for g in blue["AutoScalingGroups"]] == ["g1", "g3"]
    named = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["g4", "missing"])
    assert [g["AutoScalingGroupName"] for g in named["AutoScalingGroups"]] == ["g4"]
    paginated = asg.get_paginator("describe_auto_scaling_groups").paginate(
        PaginationConfig={"PageSize": 2}
    )
    assert sum(len(p["AutoScalingGroups"]) for p in paginated) == 5


def test_set_instance_protection_marks_only_the_groups_instances(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=2)
    sim.advance(1)
    first, second = (i["InstanceId"] for i in group(asg)["Instances"])
    asg.set_instance_protection(
        AutoScalingGroupName="web", InstanceIds=[first], ProtectedFromScaleIn=True
    )
    protected = {i["InstanceId"]: i["ProtectedFromScaleIn"] for i in group(asg)["Instances"]}
    assert protected == {first: True, second: False}
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.set_instance_protection(
            AutoScalingGroupName="web",
            InstanceIds=["i-0000000000000000a"],
            ProtectedFromScaleIn=True,
        )
    assert error(refused) == (
        "ValidationError",
        "The instance i-0000000000000000a is not part of Auto Scaling group web.",
    )


def test_control_code_resizes_a_group_through_the_dispatcher(sim, ec2, ami) -> None:
    """What ECS capacity providers' managed scaling does: Auto Scaling's own calls, answered
    with Auto Scaling's answers and errors."""
    template(ec2, ami)
    call = sim.world.dispatcher.call
    call(
        "autoscaling",
        "CreateAutoScalingGroup",
        {
            "AutoScalingGroupName": "cp",
            "LaunchTemplate": {"LaunchTemplateName": "web"},
            "MinSize": 0,
            "MaxSize": 4,
            "AvailabilityZones": ZONES,
        },
        "us-east-1",
    )
    call(
        "autoscaling",
        "SetDesiredCapacity",
        {"AutoScalingGroupName": "cp", "DesiredCapacity": 2},
        "us-east-1",
    )
    sim.run_until_stable()
    found = call(
        "autoscaling", "DescribeAutoScalingGroups", {"AutoScalingGroupNames": ["cp"]}, "us-east-1"
    )
    [described] = found["AutoScalingGroups"]
    assert described["DesiredCapacity"] == 2 and len(described["Instances"]) == 2
    ids = [i["InstanceId"] for i in described["Instances"]]
    call(
        "autoscaling",
        "SetInstanceProtection",
        {"AutoScalingGroupName": "cp", "InstanceIds": ids, "ProtectedFromScaleIn": True},
        "us-east-1",
    )
    with pytest.raises(EcsError) as refused:
        call(
            "autoscaling",
            "SetDesiredCapacity",
            {"AutoScalingGroupName": "cp", "DesiredCapacity": 9},
            "us-east-1",
        )
    assert refused.value.code == "ValidationError"


def test_update_raises_desired_to_a_new_min_and_lowers_it_to_a_new_max(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, MinSize=0, MaxSize=6, DesiredCapacity=3)
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=4)
    assert group(asg)["DesiredCapacity"] == 4
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, MaxSize=2)
    assert group(asg)["DesiredCapacity"] == 2
    sim.run_until_stable()
    assert len(group(asg)["Instances"]) == 2
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.update_auto_scaling_group(AutoScalingGroupName="nope", MinSize=1)
    assert error(refused) == ("ValidationError", "AutoScalingGroup name not found - null")


def test_a_mixed_instances_policy_launches_its_templates_first_override(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(
        asg,
        LaunchTemplate=None,
        DesiredCapacity=1,
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateName": "web"},
                "Overrides": [{"InstanceType": "m5.large"}, {"InstanceType": "t3.large"}],
            }
        },
    )
    sim.advance(1)
    [instance] = group(asg)["Instances"]
    assert instance["InstanceType"] == "m5.large"
    assert "MixedInstancesPolicy" in group(asg) and "LaunchTemplate" not in group(asg)


def test_tags_are_created_filtered_and_deleted(ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    asg.create_or_update_tags(
        Tags=[
            {
                "ResourceId": "web",
                "ResourceType": "auto-scaling-group",
                "Key": "env",
                "Value": "dev",
            },
            {"ResourceId": "web", "Key": "team", "Value": "a", "PropagateAtLaunch": True},
        ]
    )
    found = asg.describe_tags(Filters=[{"Name": "propagate-at-launch", "Values": ["true"]}])
    assert [t["Key"] for t in found["Tags"]] == ["team"]
    asg.delete_tags(Tags=[{"ResourceId": "web", "Key": "env"}])
    assert [t["Key"] for t in asg.describe_tags()["Tags"]] == ["team"]
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.create_or_update_tags(Tags=[{"ResourceId": "nope", "Key": "k"}])
    assert error(refused)[0] == "ValidationError"
