"""Launch templates: made, versioned and described as EC2 does, and launched from, the
request's own parameters winning over the template's (what Auto Scaling will launch with)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.services.ec2.launch import launch_from_template

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


@pytest.fixture
def template(sim: Simulation, ec2: Any) -> dict[str, Any]:
    ami = sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]
    user_data = base64.b64encode(b"#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n")
    return ec2.create_launch_template(
        LaunchTemplateName="web-hosts",
        VersionDescription="first",
        LaunchTemplateData={
            "ImageId": ami,
            "InstanceType": "t3.small",
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
            "UserData": user_data.decode(),
            "TagSpecifications": [
                {"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}
            ],
        },
    )["LaunchTemplate"]


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_a_template_starts_at_version_one_which_is_its_default(ec2, template) -> None:
    assert template["LaunchTemplateId"].startswith("lt-")
    assert (template["DefaultVersionNumber"], template["LatestVersionNumber"]) == (1, 1)
    [listed] = ec2.describe_launch_templates(LaunchTemplateNames=["web-hosts"])["LaunchTemplates"]
    assert listed["LaunchTemplateId"] == template["LaunchTemplateId"]
    [version] = ec2.describe_launch_template_versions(LaunchTemplateName="web-hosts")[
        "LaunchTemplateVersions"
    ]
    assert version["DefaultVersion"] and version["VersionDescription"] == "first"
    assert version["LaunchTemplateData"]["InstanceType"] == "t3.small"


def test_a_new_version_builds_on_its_source_and_can_become_the_default(ec2, template) -> None:
    made = ec2.create_launch_template_version(
        LaunchTemplateId=template["LaunchTemplateId"],
        SourceVersion="1",
        LaunchTemplateData={"InstanceType": "m5.large"},
    )["LaunchTemplateVersion"]
    assert made["VersionNumber"] == 2 and not made["DefaultVersion"]
    assert made["LaunchTemplateData"]["ImageId"] == template_image(ec2)
    latest = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Latest"]
    )["LaunchTemplateVersions"]
    assert [v["VersionNumber"] for v in latest] == [2]
    ec2.modify_launch_template(LaunchTemplateId=template["LaunchTemplateId"], DefaultVersion="2")
    default = ec2.describe_launch_templates()["LaunchTemplates"][0]
    assert default["DefaultVersionNumber"] == 2


def template_image(ec2: Any) -> str:
    return ec2.describe_launch_template_versions(LaunchTemplateName="web-hosts", Versions=["1"])[
        "LaunchTemplateVersions"
    ][0]["LaunchTemplateData"]["ImageId"]


def test_template_names_are_unique_and_missing_ones_are_named(ec2, template) -> None:
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.create_launch_template(
            LaunchTemplateName="web-hosts", LaunchTemplateData={"InstanceType": "t3.micro"}
        )
    assert error(err) == (
        "InvalidLaunchTemplateName.AlreadyExistsException",
        "Launch template name already in use.",
    )
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.describe_launch_template_versions(LaunchTemplateName="api-hosts")
    assert error(err)[0] == "InvalidLaunchTemplateName.NotFoundException"
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.run_instances(
            MinCount=1,
            MaxCount=1,
            LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": "9"},
        )
    assert error(err)[0] == "InvalidLaunchTemplateId.VersionNotFound"


def test_run_instances_launches_from_a_template_with_the_request_winning(
    sim, ec2, template
) -> None:
    sim.client().create_cluster(clusterName="web")
    [instance] = ec2.run_instances(
        MinCount=1,
        MaxCount=1,
        LaunchTemplate={"LaunchTemplateName": "web-hosts"},
        InstanceType="m5.large",
    )["Instances"]
    assert instance["InstanceType"] == "m5.large"
    tags = {t["Key"]: t["Value"] for t in instance["Tags"]}
    assert tags == {
        "role": "web",
        "aws:ec2launchtemplate:id": template["LaunchTemplateId"],
        "aws:ec2launchtemplate:version": "1",
    }
    sim.run_until_stable()
    [joined] = sim.client().list_container_instances(cluster="web")["containerInstanceArns"]
    assert joined


def test_auto_scaling_can_launch_from_a_template_into_a_subnet(sim, ec2, template) -> None:
    subnet = ec2.describe_subnets(
        Filters=[{"Name": "availability-zone", "Values": ["us-east-1c"]}]
    )["Subnets"][0]["SubnetId"]
    reservation, made = launch_from_template(
        sim.world,
        "us-east-1",
        {"LaunchTemplateId": template["LaunchTemplateId"], "Version": "$Latest"},
        count_=2,
        overrides={"SubnetId": subnet},
    )
    assert reservation.startswith("r-") and [i.zone for i in made] == ["us-east-1c"] * 2
    assert {i.state for i in made} == {"pending"}
    sim.advance(60)
    assert {i.state for i in made} == {"running"}


def test_a_deleted_template_is_gone(ec2, template) -> None:
    ec2.delete_launch_template(LaunchTemplateId=template["LaunchTemplateId"])
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []


def test_versions_filter_by_instance_type_and_default(ec2, template) -> None:
    ec2.create_launch_template_version(
        LaunchTemplateName="web-hosts",
        SourceVersion="1",
        LaunchTemplateData={"InstanceType": "c5.large"},
    )

    def numbers(name: str, value: str) -> list[int]:
        answer = ec2.describe_launch_template_versions(
            LaunchTemplateName="web-hosts", Filters=[{"Name": name, "Values": [value]}]
        )
        return [v["VersionNumber"] for v in answer["LaunchTemplateVersions"]]

    assert numbers("instance-type", "c5.large") == [2]
    assert numbers("is-default-version", "true") == [1]
