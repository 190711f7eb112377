"""Every EC2 and SSM operation ecslearn simulates answers in its service's shape, and no input,
however wrong, gets anything back but that service's error, with the world left as it was."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslearn import Simulation
from ecslearn.errors import EcsError
from tests.control.test_every_operation import json_values, mutate

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended"


def prepared() -> tuple[Simulation, dict[tuple[str, str], dict[str, Any]]]:
    """A region with a running instance, a stopped one, a group, a template and a parameter,
    and one valid request for every EC2 and SSM operation."""
    sim = Simulation(seed=1, strict=True)
    call = sim.world.dispatcher.call
    ami = call("ssm", "GetParameter", {"Name": f"{AL2023}/image_id"}, "us-east-1")
    ami = ami["Parameter"]["Value"]
    call("ssm", "PutParameter", {"Name": "/shop/kept", "Value": "v", "Type": "String"}, "us-east-1")
    group = call(
        "ec2", "CreateSecurityGroup", {"GroupName": "web", "Description": "w"}, "us-east-1"
    )
    group_id = group["GroupId"]
    template = call(
        "ec2",
        "CreateLaunchTemplate",
        {"LaunchTemplateName": "hosts", "LaunchTemplateData": {"ImageId": ami}},
        "us-east-1",
    )["LaunchTemplate"]["LaunchTemplateId"]
    ran = call("ec2", "RunInstances", {"ImageId": ami, "MinCount": 2, "MaxCount": 2}, "us-east-1")
    running, stopped = (i["InstanceId"] for i in ran["Instances"])
    sim.advance(60)
    call("ec2", "StopInstances", {"InstanceIds": [stopped]}, "us-east-1")
    sim.advance(60)
    subnet = next(iter(sim.region_state().ec2.subnets))
    vpc = next(iter(sim.region_state().ec2.vpcs))
    examples: dict[tuple[str, str], dict[str, Any]] = {
        ("ec2", "DescribeAvailabilityZones"): {"ZoneNames": ["us-east-1a"]},
        ("ec2", "DescribeVpcs"): {
            "VpcIds": [vpc],
            "Filters": [{"Name": "is-default", "Values": ["true"]}],
        },
        ("ec2", "DescribeSubnets"): {"SubnetIds": [subnet]},
        ("ec2", "DescribeSecurityGroups"): {"GroupIds": [group_id]},
        ("ec2", "CreateSecurityGroup"): {"GroupName": "api", "Description": "api", "VpcId": vpc},
        ("ec2", "AuthorizeSecurityGroupIngress"): {
            "GroupId": group_id,
            "IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 80,
                    "ToPort": 80,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                }
            ],
        },
        ("ec2", "DeleteSecurityGroup"): {"GroupId": group_id},
        ("ec2", "CreateLaunchTemplate"): {
            "LaunchTemplateName": "more",
            "LaunchTemplateData": {"ImageId": ami, "InstanceType": "t3.small"},
        },
        ("ec2", "CreateLaunchTemplateVersion"): {
            "LaunchTemplateId": template,
            "SourceVersion": "1",
            "LaunchTemplateData": {"InstanceType": "m5.large"},
        },
        ("ec2", "ModifyLaunchTemplate"): {"LaunchTemplateId": template, "DefaultVersion": "1"},
        ("ec2", "DeleteLaunchTemplate"): {"LaunchTemplateName": "hosts"},
        ("ec2", "DescribeLaunchTemplates"): {"LaunchTemplateNames": ["hosts"]},
        ("ec2", "DescribeLaunchTemplateVersions"): {
            "LaunchTemplateId": template,
            "Versions": ["1"],
        },
        ("ec2", "RunInstances"): {
            "ImageId": ami,
            "MinCount": 1,
            "MaxCount": 2,
            "InstanceType": "t3.small",
            "SubnetId": subnet,
            "SecurityGroupIds": [group_id],
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
            "TagSpecifications": [
                {"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}
            ],
        },
        ("ec2", "DescribeInstances"): {
            "Filters": [{"Name": "instance-state-name", "Values": ["running"]}]
        },
        ("ec2", "TerminateInstances"): {"InstanceIds": [running]},
        ("ec2", "StopInstances"): {"InstanceIds": [running]},
        ("ec2", "StartInstances"): {"InstanceIds": [stopped]},
        ("ec2", "AssociateIamInstanceProfile"): {
            "InstanceId": running,
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
        },
        ("ec2", "DescribeImages"): {"ImageIds": [ami]},
        ("ec2", "DescribeInstanceTypes"): {"InstanceTypes": ["t3.small"]},
        ("ec2", "CreateTags"): {"Resources": [running], "Tags": [{"Key": "k", "Value": "v"}]},
        ("ec2", "DeleteTags"): {"Resources": [running], "Tags": [{"Key": "k"}]},
        ("ssm", "GetParameter"): {"Name": f"{AL2023}/image_id"},
        ("ssm", "GetParameters"): {"Names": [AL2023, "/nope"]},
        ("ssm", "GetParametersByPath"): {"Path": "/aws/service/ecs", "Recursive": True},
        ("ssm", "PutParameter"): {"Name": "/shop/db", "Value": "v", "Type": "SecureString"},
        ("ssm", "DeleteParameter"): {"Name": "/shop/kept"},
        ("ssm", "DeleteParameters"): {"Names": ["/shop/kept", "/nope"]},
    }
    return sim, examples


SIM, EXAMPLES = prepared()
OPERATIONS = sorted(EXAMPLES)


def test_every_ec2_and_ssm_operation_has_an_example_and_answers_in_shape() -> None:
    dispatcher = SIM.world.dispatcher
    simulated = {("ec2", op) for op in dispatcher.implemented("ec2")}
    simulated |= {("ssm", op) for op in dispatcher.implemented("ssm")}
    assert set(EXAMPLES) == simulated
    for service, operation in OPERATIONS:
        sim, examples = prepared()
        answer = sim.world.dispatcher.call(
            service, operation, examples[(service, operation)], "us-east-1"
        )
        assert isinstance(answer, dict)  # the dispatcher has checked it against botocore


def call_and_check(key: tuple[str, str], request: Any) -> None:
    sim, _ = prepared()
    before = copy.deepcopy(sim.world._regions)
    try:
        sim.world.dispatcher.call(key[0], key[1], request, "us-east-1")
    except EcsError as error:
        assert error.message or error.code == "ParameterNotFound"
        assert sim.world._regions == before, f"{key[1]} failed but changed the world"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(OPERATIONS), data=st.data())
def test_mutated_requests_get_an_answer_or_the_services_error(key, data) -> None:
    call_and_check(key, mutate(EXAMPLES[key], data))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(OPERATIONS), request=json_values)
def test_random_json_gets_an_answer_or_the_services_error(key, request: Any) -> None:
    call_and_check(key, request if isinstance(request, dict) else {"value": request})
