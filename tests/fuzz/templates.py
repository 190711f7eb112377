"""Sensible requests: what a learner following the lessons would send, naming what exists.

Random shapes rarely make a task definition ECS accepts or a service that places anything, so
for the operations that build the world there is a template here; every other operation gets its
required members and the members that name something (`names.Names.for_member`). The machine adds
random optional members on top of some of these, and mutates others.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from tests.fuzz.names import FRESH, Names, identity_document

Template = Callable[[random.Random, Names], dict[str, Any]]
TEMPLATES: dict[tuple[str, str], Template] = {}

STRATEGIES = (
    [{"type": "binpack", "field": "memory"}],
    [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
    [{"type": "spread", "field": "instanceId"}, {"type": "binpack", "field": "cpu"}],
    [{"type": "random"}],
)
CONSTRAINTS = (
    [{"type": "distinctInstance"}],
    [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
    [{"type": "memberOf", "expression": "attribute:stack == blue"}],
)
IMAGES = ["nginx:1.27", "busybox", "app"]
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"]}}


def template(operation: str, service: str = "ecs") -> Callable[[Template], Template]:
    def register(fn: Template) -> Template:
        TEMPLATES[(service, operation)] = fn
        return fn

    return register


def pick(rng: random.Random, values: list[Any], default: Any = "none") -> Any:
    return rng.choice(values) if values else default


def _maybe(rng: random.Random, request: dict[str, Any], **members: Any) -> dict[str, Any]:
    """`request` with each of `members` added half the time."""
    for name, value in members.items():
        if rng.random() < 0.5:
            request[name] = value
    return request


@template("RegisterTaskDefinition")
def _task_definition(rng: random.Random, names: Names) -> dict[str, Any]:
    mode = rng.choice([None, None, "bridge", "host", "awsvpc"])
    port = rng.choice([80, 8080, 53])
    mapping = {"containerPort": port}
    if mode in (None, "bridge"):
        mapping["hostPort"] = rng.choice([0, 0, port, 8081])
    containers = [
        _maybe(
            rng,
            {
                "name": rng.choice(["web", "app", "db"]),
                "image": pick(rng, names.for_member("image")),
            },
            memory=rng.choice([32, 64, 128, 256, 3000]),
            memoryReservation=rng.choice([16, 64]),
            cpu=rng.choice([0, 128, 256, 1024]),
            portMappings=[mapping],
            essential=True,
            dockerLabels={"ecslearn.exit-after": str(rng.choice([5, 30, 300]))},
        )
    ]
    if "memory" not in containers[0] and "memoryReservation" not in containers[0]:
        containers[0]["memory"] = 64
    request = {"family": rng.choice([*names.families, *FRESH]), "containerDefinitions": containers}
    if mode:
        request["networkMode"] = mode
    return request


@template("RegisterContainerInstance")
def _container_instance(rng: random.Random, names: Names) -> dict[str, Any]:
    kind = rng.choice(["t3.small", "t3.medium", "m5.large"])
    return {
        "cluster": pick(rng, names.clusters, "default"),
        "instanceIdentityDocument": identity_document(names.region, rng.randrange(10**6), kind),
        "totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": rng.choice([1024, 2048])},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": rng.choice([1900, 3800])},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "51678"]},
        ],
        "attributes": [{"name": "stack", "value": rng.choice(["blue", "green"])}],
    }


def _placement(rng: random.Random, request: dict[str, Any]) -> dict[str, Any]:
    return _maybe(
        rng,
        request,
        placementStrategy=rng.choice(STRATEGIES),
        placementConstraints=rng.choice(CONSTRAINTS),
        networkConfiguration=NETWORK,
    )


@template("CreateService")
def _create_service(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {
        "cluster": pick(rng, names.clusters),
        "serviceName": rng.choice([*names.services[::2], *FRESH]),
        "taskDefinition": pick(rng, names.families),
    }
    if rng.random() < 0.15:
        request["schedulingStrategy"] = "DAEMON"
    else:
        request["desiredCount"] = rng.choice([0, 1, 2, 3, 5])
    _maybe(
        rng,
        request,
        deploymentConfiguration={
            "minimumHealthyPercent": rng.choice([0, 50, 100]),
            "maximumPercent": rng.choice([100, 150, 200]),
            "deploymentCircuitBreaker": {"enable": True, "rollback": rng.random() < 0.5},
        },
        healthCheckGracePeriodSeconds=rng.choice([0, 30]),
        loadBalancers=[
            {
                "targetGroupArn": pick(rng, names.target_groups),
                "containerName": pick(rng, names.containers),
                "containerPort": rng.choice([80, 8080]),
            }
        ],
    )
    return _placement(rng, request)


@template("UpdateService")
def _update_service(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {"cluster": pick(rng, names.clusters), "service": pick(rng, names.services)}
    return _maybe(
        rng,
        request,
        desiredCount=rng.choice([0, 1, 2, 4]),
        taskDefinition=pick(rng, names.revisions),
        forceNewDeployment=True,
        placementStrategy=rng.choice(STRATEGIES),
        deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 200},
    )


@template("RunTask")
def _run_task(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {
        "cluster": pick(rng, names.clusters),
        "taskDefinition": pick(rng, [*names.families, *names.revisions]),
        "count": rng.choice([1, 1, 2, 3, 10]),
    }
    _maybe(
        rng,
        request,
        startedBy="me",
        group="batch",
        overrides={
            "containerOverrides": [{"name": pick(rng, names.containers), "memory": 100}],
            "cpu": rng.choice(["256", "1 vCPU"]),
        },
        tags=[{"key": "job", "value": "nightly"}],
    )
    return _placement(rng, request)


@template("StartTask")
def _start_task(rng: random.Random, names: Names) -> dict[str, Any]:
    return {
        "cluster": pick(rng, names.clusters),
        "taskDefinition": pick(rng, names.families),
        "containerInstances": [pick(rng, names.instances)],
    }


@template("PutAttributes")
@template("DeleteAttributes")
def _attributes(rng: random.Random, names: Names) -> dict[str, Any]:
    attribute = {"name": rng.choice(["stack", "team"]), "targetId": pick(rng, names.instances)}
    if rng.random() < 0.7:
        attribute["value"] = rng.choice(["blue", "green"])
    return {"cluster": pick(rng, names.clusters), "attributes": [attribute]}


@template("PutImage", "ecr")
def _put_image(rng: random.Random, names: Names) -> dict[str, Any]:
    layer = f"sha256:{rng.getrandbits(256):064x}"
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 100,
            "digest": layer,
        },
        "layers": [],
    }
    return {
        "repositoryName": pick(rng, names.repositories, "app"),
        "imageManifest": json.dumps(manifest),
        "imageTag": rng.choice(["latest", "v1", "v2"]),
    }


@template("RegisterScalableTarget", "application-autoscaling")
def _scalable_target(rng: random.Random, names: Names) -> dict[str, Any]:
    low = rng.choice([0, 1, 2])
    return {
        "ServiceNamespace": "ecs",
        "ResourceId": pick(rng, names.scalable),
        "ScalableDimension": "ecs:service:DesiredCount",
        "MinCapacity": low,
        "MaxCapacity": low + rng.choice([0, 1, 3]),
    }


@template("PutScalingPolicy", "application-autoscaling")
def _scaling_policy(rng: random.Random, names: Names) -> dict[str, Any]:
    metric = rng.choice(["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"])
    return {
        "PolicyName": rng.choice(["cpu", "memory"]),
        "ServiceNamespace": "ecs",
        "ResourceId": pick(rng, names.scalable),
        "ScalableDimension": "ecs:service:DesiredCount",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": rng.choice([10.0, 50.0, 90.0]),
            "PredefinedMetricSpecification": {"PredefinedMetricType": metric},
            "ScaleOutCooldown": 60,
            "ScaleInCooldown": 60,
        },
    }
