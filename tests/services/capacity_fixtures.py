"""A cluster whose capacity comes from an Auto Scaling group, as a learner builds one: a launch
template with the ECS-optimized AMI and ECS_CLUSTER in its user data, a group, a capacity
provider over the group."""

from __future__ import annotations

import base64
from typing import Any

from ecslearn import Simulation

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]


def group_arn(sim: Simulation, name: str) -> str:
    groups = sim.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    return groups["AutoScalingGroups"][0]["AutoScalingGroupARN"]


def auto_scaled_cluster(
    sim: Simulation,
    cluster: str = "web",
    *,
    group: str = "web-asg",
    provider: str = "web-cp",
    instance_type: str = "t3.small",
    max_size: int = 10,
    target: int = 100,
    protect: bool = True,
    default: bool = True,
    scaling: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An empty group of `instance_type` behind capacity provider `provider` of `cluster`."""
    ecs, ec2, asg = sim.client(), sim.client("ec2"), sim.client("autoscaling")
    ami = sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]
    script = f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"
    ec2.create_launch_template(
        LaunchTemplateName=f"{group}-lt",
        LaunchTemplateData={
            "ImageId": ami,
            "InstanceType": instance_type,
            "UserData": base64.b64encode(script.encode()).decode(),
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
        },
    )
    ecs.create_cluster(clusterName=cluster)
    asg.create_auto_scaling_group(
        AutoScalingGroupName=group,
        LaunchTemplate={"LaunchTemplateName": f"{group}-lt", "Version": "$Latest"},
        MinSize=0,
        MaxSize=max_size,
        DesiredCapacity=0,
        AvailabilityZones=ZONES,
        NewInstancesProtectedFromScaleIn=protect,
    )
    made = ecs.create_capacity_provider(
        name=provider,
        autoScalingGroupProvider={
            "autoScalingGroupArn": group_arn(sim, group),
            "managedScaling": scaling or {"status": "ENABLED", "targetCapacity": target},
            "managedTerminationProtection": "ENABLED" if protect else "DISABLED",
        },
    )["capacityProvider"]
    ecs.put_cluster_capacity_providers(
        cluster=cluster,
        capacityProviders=[provider],
        defaultCapacityProviderStrategy=[{"capacityProvider": provider, "weight": 1}]
        if default
        else [],
    )
    return made


def register_app(sim: Simulation, family: str = "app", cpu: int = 256, memory: int = 512) -> None:
    sim.client().register_task_definition(
        family=family,
        containerDefinitions=[{"name": "app", "image": "nginx", "cpu": cpu, "memory": memory}],
    )


def desired_capacity(sim: Simulation, group: str = "web-asg") -> int:
    groups = sim.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[group])
    return groups["AutoScalingGroups"][0]["DesiredCapacity"]
