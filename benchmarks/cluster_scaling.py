"""Cluster auto scaling: an empty Auto Scaling group grows from 0 to 200 instances for 2,000 tasks.

A capacity provider with managed scaling (targetCapacity 100) over a group of m5.large
instances (2 vCPU, 8 GiB); a service of 2,000 tasks of 200 CPU units and 700 MiB (10 to an
instance) starts with no instance at all. Its tasks wait in PROVISIONING (at most the
per-cluster quota at a time), managed scaling raises the group's desired capacity each minute,
the instances boot and register, and waiting tasks are placed on them until the service is
steady. Reported: the wall time to steady state, the virtual time it took, and how the group
grew (desired capacity after each scale-out).
"""

from __future__ import annotations

import base64
import time

from benchmarks import Table
from ecslearn import Simulation

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
TASKS = 2_000
INSTANCES = 200
STEP_SECONDS = 60.0


def scenario() -> tuple[Simulation, float]:
    """A cluster whose only capacity is an empty group behind a managed-scaling provider."""
    sim = Simulation(seed=0)
    ecs, ec2, asg = sim.client(), sim.client("ec2"), sim.client("autoscaling")
    ami = sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]
    script = b"#!/bin/bash\necho ECS_CLUSTER=bench >> /etc/ecs/ecs.config\n"
    ec2.create_launch_template(
        LaunchTemplateName="bench",
        LaunchTemplateData={
            "ImageId": ami,
            "InstanceType": "m5.large",
            "UserData": base64.b64encode(script).decode(),
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
        },
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName="bench-asg",
        LaunchTemplate={"LaunchTemplateName": "bench", "Version": "$Latest"},
        MinSize=0,
        MaxSize=INSTANCES,
        DesiredCapacity=0,
        AvailabilityZones=["us-east-1a", "us-east-1b", "us-east-1c"],
        NewInstancesProtectedFromScaleIn=True,
    )
    arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["bench-asg"])[
        "AutoScalingGroups"
    ][0]["AutoScalingGroupARN"]
    ecs.create_capacity_provider(
        name="bench-cp",
        autoScalingGroupProvider={
            "autoScalingGroupArn": arn,
            "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
            "managedTerminationProtection": "ENABLED",
        },
    )
    ecs.create_cluster(
        clusterName="bench",
        capacityProviders=["bench-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "bench-cp", "weight": 1}],
    )
    ecs.register_task_definition(
        family="work",
        containerDefinitions=[{"name": "work", "image": "nginx", "cpu": 200, "memory": 700}],
    )
    started = sim.now
    ecs.create_service(
        cluster="bench", serviceName="work", taskDefinition="work", desiredCount=TASKS
    )
    return sim, started


def tables() -> list[Table]:
    sim, started = scenario()
    asg = sim.client("autoscaling")
    steps: list[int] = []
    wall = time.perf_counter()
    while not sim.run_until_stable(timeout=0).stable:
        sim.advance(STEP_SECONDS)
        desired = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["bench-asg"])[
            "AutoScalingGroups"
        ][0]["DesiredCapacity"]
        if not steps or steps[-1] != desired:
            steps.append(desired)
    wall = time.perf_counter() - wall
    service = sim.client().describe_services(cluster="bench", services=["work"])["services"][0]
    table = Table(
        f"Cluster auto scaling: 0 to {INSTANCES} instances for {TASKS:,} tasks",
        [
            "running tasks",
            "instances",
            "virtual time to steady",
            "wall time to steady",
            "group grew",
        ],
    )
    table.add(
        service["runningCount"],
        steps[-1] if steps else 0,
        f"{sim.now - started:.0f} s",
        f"{wall:.1f} s",
        " -> ".join(map(str, [0, *steps])),
    )
    table.note = (
        "Steady: every task RUNNING and the service steady, checked each simulated minute. "
        "Tasks wait in PROVISIONING (at most 500 per cluster) until managed scaling's "
        "once-a-minute evaluation has launched instances for them."
    )
    return [table]
