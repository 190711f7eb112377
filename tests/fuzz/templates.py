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

from tests.fuzz.names import ACCOUNT, FRESH, Definition, Names, identity_document

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


#: How a simulated container behaves (`ecslearn.agents.simulated`): exits, fails its health
#: check, answers the load balancer with an error, takes long to stop.
BEHAVIOURS = (
    {},
    {},
    {"ecslearn.exit-after": "5"},
    {"ecslearn.exit-after": "30", "ecslearn.exit-code": "1"},
    {"ecslearn.exit-after": "300"},
    {"ecslearn.unhealthy-after": "20"},
    {"ecslearn.http-status": "500"},
    {"ecslearn.stop-delay": "40"},
)


def _container(rng: random.Random, names: Names, name: str, mode: str | None) -> dict[str, Any]:
    port = rng.choice([80, 8080, 53])
    mapping: dict[str, Any] = {"containerPort": port, "protocol": rng.choice(["tcp", "udp"])}
    if mode in (None, "bridge"):
        mapping["hostPort"] = rng.choice([0, 0, port, 8081])
    registry = f"{ACCOUNT}.dkr.ecr.{names.region}.amazonaws.com"
    image = rng.choice(
        ["nginx:1.27", "busybox", f"{registry}/app:latest", f"{registry}/app:missing"]
    )
    container = _maybe(
        rng,
        {"name": name, "image": image, "memory": rng.choice([32, 64, 128, 256, 3000])},
        memoryReservation=rng.choice([16, 32]),
        cpu=rng.choice([0, 128, 256, 1024]),
        portMappings=[mapping],
        essential=rng.random() < 0.8,
        dockerLabels=rng.choice(BEHAVIOURS),
        stopTimeout=rng.choice([2, 30]),
        healthCheck={"command": ["CMD-SHELL", "true"], "interval": 5, "retries": 2},
    )
    return container


@template("RegisterTaskDefinition")
def _task_definition(rng: random.Random, names: Names) -> dict[str, Any]:
    mode = rng.choice([None, None, "bridge", "host", "awsvpc"])
    containers = [_container(rng, names, "web", mode)]
    containers[0]["essential"] = True
    if rng.random() < 0.3:
        sidecar = _container(rng, names, "side", mode)
        sidecar.pop("portMappings", None)
        containers.append(sidecar)
        if rng.random() < 0.5:
            condition = rng.choice(["START", "HEALTHY", "COMPLETE", "SUCCESS"])
            containers[0]["dependsOn"] = [{"containerName": "side", "condition": condition}]
    request = {"family": rng.choice([*names.families, *FRESH]), "containerDefinitions": containers}
    if mode:
        request["networkMode"] = mode
    if mode == "awsvpc" and rng.random() < 0.5:  # a Fargate definition (most sizes fit)
        request["requiresCompatibilities"] = ["FARGATE"]
        request["cpu"], request["memory"] = rng.choice([("256", "512"), ("1024", "4096")])
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


def _placement(
    rng: random.Random, names: Names, request: dict[str, Any], *, service: bool = False
) -> dict[str, Any]:
    """Placement and networking for the request's task definition, as a careful user writes
    them: a network configuration exactly when the definition uses awsvpc (now and then the
    other way round), a load balancer on a port a container maps (services)."""
    definition = names.definitions.get(request.get("taskDefinition", ""), Definition())
    ports = definition.ports
    if definition.fargate and names.subnets and rng.random() < 0.6:
        return _fargate(rng, names, request)
    if (definition.network_mode == "awsvpc") != (rng.random() < 0.05):
        request["networkConfiguration"] = NETWORK
    if service and ports and names.target_groups and rng.random() < 0.3:
        container, port = rng.choice(ports)
        group = rng.choice(names.target_groups)
        request["loadBalancers"] = [
            {"targetGroupArn": group, "containerName": container, "containerPort": port}
        ]
    return _maybe(
        rng,
        request,
        placementStrategy=rng.choice(STRATEGIES),
        placementConstraints=rng.choice(CONSTRAINTS),
    )


def _fargate(rng: random.Random, names: Names, request: dict[str, Any]) -> dict[str, Any]:
    """On Fargate: subnets that exist, a public address now and then, no placement."""
    subnets = rng.sample(names.subnets, rng.randint(1, len(names.subnets)))
    config: dict[str, Any] = {"subnets": subnets}
    if rng.random() < 0.3:
        config["assignPublicIp"] = "ENABLED"
    request["launchType"] = "FARGATE"
    request["networkConfiguration"] = {"awsvpcConfiguration": config}
    return _maybe(rng, request, platformVersion=rng.choice(["LATEST", "1.4.0", "1.3.0"]))


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
    )
    return _placement(rng, names, request, service=True)


@template("UpdateService")
def _update_service(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {"cluster": pick(rng, names.clusters), "service": pick(rng, names.services)}
    if rng.random() < 0.5:
        request["taskDefinition"] = pick(rng, names.revisions)
        if names.definitions.get(request["taskDefinition"], Definition()).network_mode == "awsvpc":
            request["networkConfiguration"] = NETWORK
    return _maybe(
        rng,
        request,
        desiredCount=rng.choice([0, 1, 2, 4]),
        forceNewDeployment=True,
        placementStrategy=rng.choice(STRATEGIES),
        deploymentConfiguration={
            "minimumHealthyPercent": rng.choice([0, 50, 100]),
            "maximumPercent": rng.choice([100, 200]),
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
    )


@template("DeleteService")
def _delete_service(rng: random.Random, names: Names) -> dict[str, Any]:
    return _maybe(
        rng,
        {"cluster": pick(rng, names.clusters), "service": pick(rng, names.services)},
        force=True,
    )


@template("RunTask")
def _run_task(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {
        "cluster": pick(rng, names.clusters),
        "taskDefinition": pick(rng, [*names.families, *names.revisions]),
        "count": rng.choice([1, 1, 2, 3, 10]),
    }
    definition = names.definitions.get(request["taskDefinition"], Definition())
    override = {"name": pick(rng, definition.containers), "memory": rng.choice([8, 100, 4000])}
    _maybe(
        rng,
        request,
        startedBy="me",
        group="batch",
        overrides={"containerOverrides": [override], "cpu": rng.choice(["256", "1 vCPU"])},
        tags=[{"key": "job", "value": "nightly"}],
    )
    return _placement(rng, names, request)


@template("StartTask")
def _start_task(rng: random.Random, names: Names) -> dict[str, Any]:
    request = {
        "cluster": pick(rng, names.clusters),
        "taskDefinition": pick(rng, names.families),
        "containerInstances": [pick(rng, names.instances)],
    }
    if names.definitions.get(request["taskDefinition"], Definition()).network_mode == "awsvpc":
        request["networkConfiguration"] = NETWORK
    return request


@template("PutAttributes")
@template("DeleteAttributes")
def _attributes(rng: random.Random, names: Names) -> dict[str, Any]:
    attribute = {"name": rng.choice(["stack", "team"]), "targetId": pick(rng, names.instances)}
    if rng.random() < 0.7:
        attribute["value"] = rng.choice(["blue", "green"])
    return {"cluster": pick(rng, names.clusters), "attributes": [attribute]}


def manifest(rng: random.Random) -> str:
    """A Docker image manifest (v2) with a random config digest: a new image each time."""
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 100,
                "digest": f"sha256:{rng.getrandbits(256):064x}",
            },
            "layers": [],
        }
    )


@template("PutImage", "ecr")
def _put_image(rng: random.Random, names: Names) -> dict[str, Any]:
    return {
        "repositoryName": pick(rng, names.repositories, "app"),
        "imageManifest": manifest(rng),
        "imageTag": rng.choice(["latest", "v1", "v2"]),
    }


@template("BatchDeleteImage", "ecr")
@template("BatchGetImage", "ecr")
def _image_ids(rng: random.Random, names: Names) -> dict[str, Any]:
    image_id = rng.choice(
        [{"imageTag": pick(rng, names.image_tags)}, {"imageDigest": pick(rng, names.image_digests)}]
    )
    return {"repositoryName": pick(rng, names.repositories, "app"), "imageIds": [image_id]}


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
