"""EC2 and Systems Manager over `ecslearn serve`: every EC2 and SSM operation ecslearn simulates
round-trips through stock boto3 clients pointed at the server, and through the AWS CLI
(``aws ec2 describe-instances --endpoint-url ...``, ``aws ssm get-parameter ...``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second, so instances boot in a blink."""
    running = launch(tmp_path_factory.mktemp("serve-ec2"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


#: The operations the tests here sent, by service (to check that every one was sent).
SENT: dict[str, set[str]] = {}


def client(server: Server, service: str, **config: Any) -> Any:
    made = boto3.client(
        service,
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(
            retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=15, **config
        ),
    )
    made.meta.events.register(
        "before-call", lambda model, **_: SENT.setdefault(service, set()).add(model.name)
    )
    return made


def wait_for(check: Any, seconds: float = 20.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the server did not get there in time")


def test_every_ec2_and_ssm_operation_round_trips_over_http(server: Server) -> None:
    ec2, ssm, ecs = client(server, "ec2"), client(server, "ssm"), client(server, "ecs")
    ami = ssm.get_parameter(Name=AL2023)["Parameter"]["Value"]
    assert ssm.get_parameters(Names=[AL2023, "/nope"])["InvalidParameters"] == ["/nope"]
    assert ssm.get_parameters_by_path(Path=AL2023.rsplit("/", 1)[0])["Parameters"]
    assert ssm.put_parameter(Name="/shop/db", Value="pw", Type="SecureString")["Version"] == 1
    assert ssm.get_parameter(Name="/shop/db", WithDecryption=True)["Parameter"]["Value"] == "pw"
    ssm.put_parameter(Name="/shop/other", Value="o", Type="String")
    assert ssm.delete_parameters(Names=["/shop/other"])["DeletedParameters"] == ["/shop/other"]
    ssm.delete_parameter(Name="/shop/db")
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.delete_parameter(Name="/shop/db")
    assert ec2.describe_images(ImageIds=[ami])["Images"][0]["ImageId"] == ami
    assert ec2.describe_instance_types(InstanceTypes=["t3.small"])["InstanceTypes"]
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 80,
                "ToPort": 80,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    described = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]
    assert described["IpPermissions"][0]["FromPort"] == 80
    template = ec2.create_launch_template(
        LaunchTemplateName="web-hosts",
        LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.small"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(
        LaunchTemplateId=template, SourceVersion="1", LaunchTemplateData={"KeyName": "mine"}
    )
    ec2.modify_launch_template(LaunchTemplateId=template, DefaultVersion="2")
    assert ec2.describe_launch_templates()["LaunchTemplates"][0]["DefaultVersionNumber"] == 2
    versions = ec2.describe_launch_template_versions(LaunchTemplateId=template)
    assert len(versions["LaunchTemplateVersions"]) == 2
    ecs.create_cluster(clusterName="web")
    [instance] = ec2.run_instances(
        MinCount=1,
        MaxCount=1,
        LaunchTemplate={"LaunchTemplateId": template},
        SubnetId=subnet["SubnetId"],
        SecurityGroupIds=[group],
        UserData="#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n",
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}],
    )["Instances"]
    instance_id = instance["InstanceId"]
    ec2.get_waiter("instance_running").wait(
        InstanceIds=[instance_id], WaiterConfig={"Delay": 1, "MaxAttempts": 20}
    )
    ec2.associate_iam_instance_profile(
        IamInstanceProfile={"Name": "ecsInstanceRole"}, InstanceId=instance_id
    )
    wait_for(lambda: ecs.list_container_instances(cluster="web")["containerInstanceArns"], 30)
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "Name", "Value": "web-1"}])
    ec2.delete_tags(Resources=[instance_id], Tags=[{"Key": "app"}])
    [tagged] = [
        i
        for r in ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["web-1"]}])[
            "Reservations"
        ]
        for i in r["Instances"]
    ]
    assert {t["Key"] for t in tagged["Tags"]} >= {"Name", "aws:ec2launchtemplate:id"}
    ec2.stop_instances(InstanceIds=[instance_id])
    ec2.get_waiter("instance_stopped").wait(
        InstanceIds=[instance_id], WaiterConfig={"Delay": 1, "MaxAttempts": 20}
    )
    ec2.start_instances(InstanceIds=[instance_id])
    ec2.terminate_instances(InstanceIds=[instance_id])
    ec2.get_waiter("instance_terminated").wait(
        InstanceIds=[instance_id], WaiterConfig={"Delay": 1, "MaxAttempts": 20}
    )
    ec2.delete_security_group(GroupId=group)
    ec2.delete_launch_template(LaunchTemplateId=template)
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    assert err.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    assert ec2.describe_availability_zones()["AvailabilityZones"]
    dispatcher = Simulation().world.dispatcher
    for service in ("ec2", "ssm"):
        assert set(dispatcher.implemented(service)) <= SENT[service], service


def test_the_aws_cli_launches_and_describes_instances(server: Server) -> None:
    found = aws(server, "get-parameter", "--name", AL2023, service="ssm")
    assert found.returncode == 0, found.stderr
    ami = json.loads(found.stdout)["Parameter"]["Value"]
    ran = aws(
        server,
        "run-instances",
        "--image-id",
        ami,
        "--count",
        "1",
        "--instance-type",
        "t3.micro",
        service="ec2",
    )
    assert ran.returncode == 0, ran.stderr
    instance_id = json.loads(ran.stdout)["Instances"][0]["InstanceId"]
    described = aws(
        server,
        "describe-instances",
        "--instance-ids",
        instance_id,
        "--filters",
        "Name=instance-type,Values=t3.micro",
        service="ec2",
    )
    assert described.returncode == 0, described.stderr
    [reservation] = json.loads(described.stdout)["Reservations"]
    assert reservation["Instances"][0]["InstanceId"] == instance_id
    refused = aws(
        server, "terminate-instances", "--instance-ids", "i-0123456789abcdef0", service="ec2"
    )
    assert refused.returncode != 0 and "InvalidInstanceID.NotFound" in refused.stderr
