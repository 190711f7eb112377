"""The world each run of the fuzzer starts from, and what it looks for in it.

Two regions: us-east-1 with clusters ``web`` (three instances, three zones) and ``batch`` (one),
five task definitions (dynamic ports, a static host port, a short job, awsvpc, Fargate), a REPLICA
service behind a target group, a DAEMON service, a FARGATE service, an ECR repository with an
image and a scaling policy; eu-west-1 with one small cluster and service, so requests and the
clock span regions.
"""

from __future__ import annotations

import random
from typing import Any

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.fuzz import calls
from tests.fuzz.names import ACCOUNT
from tests.fuzz.templates import manifest

REGIONS = ("us-east-1", "eu-west-1")
#: The fuzzer launches instances only while fewer than this many are ACTIVE or DRAINING.
MAX_INSTANCES = 12

DEFINITIONS = (
    task_definition("web", container("web", "nginx", memory=128, cpu=128, ports=[80])),
    task_definition("static", container("api", "api", memory=96, ports=["8080:8080"])),
    task_definition(
        "job", container("job", "busybox", memory=64, labels={"ecslearn.exit-after": "30"})
    ),
    task_definition("vpc", container("svc", "svc", memory=64), network_mode="awsvpc"),
    task_definition("tiny", container("app", "nginx"), cpu=256, memory=512, fargate=True),
)


def build(seed: int) -> Simulation:
    sim = Simulation(seed=seed, strict=True)
    calls.WIRE.dispatcher = sim.world.dispatcher
    east, west = REGIONS
    ecs = calls.client("ecs", east)
    for name, count in (("web", 3), ("batch", 1)):
        ecs.create_cluster(clusterName=name)
        sim.launch_instances(name, count, attributes={"stack": "blue"})
    for definition in DEFINITIONS:
        sim.register(definition)
    group = sim.create_target_group("front", target_type="instance")
    ecs.create_service(
        cluster="web",
        serviceName="api",
        taskDefinition="web",
        desiredCount=2,
        loadBalancers=[{"targetGroupArn": group, "containerName": "web", "containerPort": 80}],
    )
    ecs.create_service(cluster="web", serviceName="static", taskDefinition="static", desiredCount=1)
    subnets = sorted(sim.region_state(east).ec2.subnets)
    ecs.create_service(
        cluster="batch",
        serviceName="tiny",
        taskDefinition="tiny",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
    )
    ecs.create_service(
        cluster="batch", serviceName="daemon", taskDefinition="job", schedulingStrategy="DAEMON"
    )
    ecr = calls.client("ecr", east)
    ecr.create_repository(repositoryName="app")
    ecr.put_image(
        repositoryName="app", imageManifest=manifest(random.Random(seed)), imageTag="latest"
    )
    scaling = calls.client("application-autoscaling", east)
    target = {
        "ServiceNamespace": "ecs",
        "ResourceId": "service/web/api",
        "ScalableDimension": "ecs:service:DesiredCount",
    }
    scaling.register_scalable_target(**target, MinCapacity=1, MaxCapacity=4)
    scaling.put_scaling_policy(
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 50.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
            },
        },
        **target,
    )
    far = calls.client("ecs", west)
    far.create_cluster(clusterName="web")
    sim.launch_instances("web", 1, region=west)
    sim.register(DEFINITIONS[0], region=west)
    far.create_service(cluster="web", serviceName="api", taskDefinition="web", desiredCount=1)
    sim.advance(60)
    assert ACCOUNT
    return sim


def steady_services(sim: Simulation) -> list[tuple[Any, Any]]:
    """(service, task) for each task of a steady service that can be killed: the service
    is ACTIVE with one COMPLETED deployment and runs its desired count, every task RUNNING on an
    ACTIVE instance whose agent is connected."""
    found = []
    for state in sim.regions():
        for service in state.services.values():
            if service.status != "ACTIVE" or not service.desired_count:
                continue
            deployments = service.deployments or []
            if len(deployments) != 1 or deployments[0].rollout_state != "COMPLETED":
                continue
            if service.throttle_until > sim.now:
                continue
            tasks = [
                t
                for arn in state.index.by_service.get(service.service_arn or "", {})
                if not (t := state.tasks[arn]).is_stopped
            ]
            if len(tasks) != service.desired_count:
                continue
            ready = all(
                t.last_status == "RUNNING"
                and t.desired_status == "RUNNING"
                and (i := state.instances.get(t.container_instance_arn or "")) is not None
                and i.status == "ACTIVE"
                and i.agent_connected
                and any(c.essential and c.last_status == "RUNNING" for c in t.containers or [])
                for t in tasks
            )
            if ready:
                found += [(service, task) for task in tasks]
    return found
