"""ECS capacity providers over `ecslearn serve`: every capacity provider operation round-trips
through a stock boto3 client pointed at the server, and through the AWS CLI
(``aws ecs describe-capacity-providers --endpoint-url ...``); a service on an empty provider
runs once managed scaling has grown the group, on the server's wall-clock-driven clock."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import AL2023, SENT, client, wait_for

OPERATIONS = {
    "CreateCapacityProvider",
    "DescribeCapacityProviders",
    "UpdateCapacityProvider",
    "DeleteCapacityProvider",
    "PutClusterCapacityProviders",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 200 simulated seconds a wall second (managed scaling runs each minute)."""
    running = launch(tmp_path_factory.mktemp("serve-capacity"), "--speed", "200")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_every_capacity_provider_operation_round_trips_over_http(server: Server) -> None:
    ecs, ec2, asg = client(server, "ecs"), client(server, "ec2"), client(server, "autoscaling")
    ami = client(server, "ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]
    script = b"#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n"
    ec2.create_launch_template(
        LaunchTemplateName="web",
        LaunchTemplateData={
            "ImageId": ami,
            "InstanceType": "t3.small",
            "UserData": base64.b64encode(script).decode(),
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
        },
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName="web-asg",
        LaunchTemplate={"LaunchTemplateName": "web", "Version": "$Latest"},
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=0,
        AvailabilityZones=["us-east-1a", "us-east-1b"],
        NewInstancesProtectedFromScaleIn=True,
    )
    arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web-asg"])["AutoScalingGroups"][
        0
    ]["AutoScalingGroupARN"]
    made = ecs.create_capacity_provider(
        name="web-cp",
        autoScalingGroupProvider={
            "autoScalingGroupArn": arn,
            "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
            "managedTerminationProtection": "ENABLED",
        },
        tags=[{"key": "team", "value": "web"}],
    )["capacityProvider"]
    assert made["status"] == "ACTIVE"
    updated = ecs.update_capacity_provider(
        name="web-cp", autoScalingGroupProvider={"managedScaling": {"instanceWarmupPeriod": 60}}
    )["capacityProvider"]
    assert updated["autoScalingGroupProvider"]["managedScaling"]["instanceWarmupPeriod"] == 60
    ecs.create_cluster(clusterName="web")
    cluster = ecs.put_cluster_capacity_providers(
        cluster="web",
        capacityProviders=["web-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "web-cp", "weight": 1}],
    )["cluster"]
    assert cluster["capacityProviders"] == ["web-cp"]
    ecs.register_task_definition(
        family="app",
        containerDefinitions=[{"name": "app", "image": "nginx", "cpu": 256, "memory": 512}],
    )
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=4)
    wait_for(
        lambda: (
            ecs.describe_services(cluster="web", services=["app"])["services"][0]["runningCount"]
            == 4
        ),
        60,
    )
    described = ecs.describe_capacity_providers(capacityProviders=["web-cp"], include=["TAGS"])
    assert described["capacityProviders"][0]["tags"] == [{"key": "team", "value": "web"}]
    ecs.update_service(cluster="web", service="app", desiredCount=0)
    ecs.delete_service(cluster="web", service="app")
    wait_for(lambda: not ecs.list_tasks(cluster="web")["taskArns"], 30)
    ecs.put_cluster_capacity_providers(
        cluster="web", capacityProviders=[], defaultCapacityProviderStrategy=[]
    )
    gone = ecs.delete_capacity_provider(capacityProvider="web-cp")["capacityProvider"]
    assert gone["status"] == "INACTIVE"
    assert SENT["ecs"] >= OPERATIONS


def test_the_aws_cli_describes_capacity_providers(server: Server) -> None:
    found = aws(server, "describe-capacity-providers", "--capacity-providers", "FARGATE")
    assert found.returncode == 0, found.stderr
    [provider] = json.loads(found.stdout)["capacityProviders"]
    assert provider["name"] == "FARGATE" and provider["status"] == "ACTIVE"
    refused = aws(
        server,
        "create-capacity-provider",
        "--name",
        "ecs-pool",
        "--auto-scaling-group-provider",
        "autoScalingGroupArn=arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:"
        "autoScalingGroupName/none",
    )
    assert refused.returncode != 0 and "InvalidParameterException" in refused.stderr
