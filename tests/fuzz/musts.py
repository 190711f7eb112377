"""Calls that must succeed: the fuzzer's oracle against refusals ECS would not give.

A refusal with a modelled error passes `calls.judge`, so an ecslearn that refused a valid call
would go unnoticed by the other rules. Each `must` here builds, from what exists, a call that ECS
accepts whatever state the world is in (describing what exists, forcing a new deployment of an
ACTIVE service, stopping a task, running a task of an ACTIVE definition in a cluster with
instances...), and `WorldMachine.call_that_must_succeed` requires an answer without error.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ecslearn import Simulation
from tests.fuzz.templates import NETWORK

#: (service, operation, request) or None when the world has nothing to make it from
Must = tuple[str, str, dict[str, Any]]
TAGS = [{"key": "team", "value": "fuzz"}]
MUSTS: list[Callable[[random.Random, Any], Must | None]] = []


def must(fn: Callable[[random.Random, Any], Must | None]) -> Callable:
    MUSTS.append(fn)
    return fn


def _clusters(state: Any) -> list[Any]:
    return [c for c in state.clusters.values() if c.status == "ACTIVE"]


def _services(state: Any) -> list[Any]:
    clusters = {c.cluster_name for c in _clusters(state)}
    return [
        s for s in state.services.values() if s.status == "ACTIVE" and s.cluster_name in clusters
    ]


def _active_definition(state: Any, arn: str | None) -> Any:
    for revisions in state.task_definitions.values():
        for definition in revisions.values():
            if definition.task_definition_arn == arn and definition.status == "ACTIVE":
                return definition
    return None


@must
def _describe(rng: random.Random, state: Any) -> Must | None:
    services = _services(state)
    if not services:
        return None
    service = rng.choice(services)
    cluster = service.cluster_arn if rng.random() < 0.5 else service.cluster_name
    tasks = [t for t in state.tasks.values() if t.cluster_name == service.cluster_name]
    instances = state.instances_in(service.cluster_name)
    choices: list[Must] = [
        ("ecs", "DescribeServices", {"cluster": cluster, "services": [service.service_name]}),
        ("ecs", "ListTasks", {"cluster": cluster, "serviceName": service.service_name}),
        ("ecs", "ListContainerInstances", {"cluster": cluster}),
        ("ecs", "DescribeClusters", {"clusters": [cluster], "include": ["STATISTICS", "TAGS"]}),
    ]
    if tasks:
        task = rng.choice(tasks)
        choices += [
            ("ecs", "DescribeTasks", {"cluster": cluster, "tasks": [task.task_arn]}),
            ("ecs", "StopTask", {"cluster": cluster, "task": task.id, "reason": "fuzz"}),
        ]
    if instances:
        instance = rng.choice(instances).container_instance_arn
        choices.append(
            (
                "ecs",
                "DescribeContainerInstances",
                {"cluster": cluster, "containerInstances": [instance]},
            )
        )
    return rng.choice(choices)


@must
def _update(rng: random.Random, state: Any) -> Must | None:
    services = [s for s in _services(state) if _active_definition(state, s.task_definition)]
    if not services:
        return None
    service = rng.choice(services)
    request: dict[str, Any] = {"cluster": service.cluster_name, "service": service.service_name}
    if service.is_daemon or rng.random() < 0.5:
        request["forceNewDeployment"] = True
    else:
        request["desiredCount"] = rng.choice([0, 1, 2])
    return ("ecs", "UpdateService", request)


@must
def _change(rng: random.Random, state: Any) -> Must | None:
    """Changes ECS makes to anything that exists and is ACTIVE."""
    choices: list[Must] = [
        ("ecs", "CreateCluster", {"clusterName": rng.choice(["web", "batch", "more"])}),
        (
            "ecs",
            "RegisterTaskDefinition",
            {
                "family": rng.choice(["web", "more"]),
                "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 64}],
            },
        ),
    ]
    services = _services(state)
    if services:
        service = rng.choice(services)
        where = {"cluster": service.cluster_name}
        choices.append(
            ("ecs", "DeleteService", {**where, "service": service.service_arn, "force": True})
        )
        choices.append(("ecs", "TagResource", {"resourceArn": service.service_arn, "tags": TAGS}))
    for cluster in _clusters(state):
        instances = [i for i in state.instances_in(cluster.cluster_name) if i.status != "INACTIVE"]
        if instances:
            instance = rng.choice(instances)
            attribute = {"name": "stack", "value": "green", "targetId": instance.id}
            where = {"cluster": cluster.cluster_name}
            choices += [
                ("ecs", "PutAttributes", {**where, "attributes": [attribute]}),
                (
                    "ecs",
                    "UpdateContainerInstancesState",
                    {
                        **where,
                        "containerInstances": [instance.container_instance_arn],
                        "status": rng.choice(["ACTIVE", "DRAINING"]),
                    },
                ),
            ]
        choices.append(("ecs", "TagResource", {"resourceArn": cluster.cluster_arn, "tags": TAGS}))
    revisions = [
        d.task_definition_arn
        for revisions in state.task_definitions.values()
        for d in revisions.values()
        if d.status == "ACTIVE"
    ]
    if revisions:
        choices.append(
            ("ecs", "DeregisterTaskDefinition", {"taskDefinition": rng.choice(revisions)})
        )
    return rng.choice(choices)


@must
def _run(rng: random.Random, state: Any) -> Must | None:
    # ECS refuses RunTask in a cluster without instances ("No Container Instances were found")
    clusters = [
        c
        for c in _clusters(state)
        if any(i.status != "INACTIVE" for i in state.instances_in(c.cluster_name))
    ]
    definitions = [
        d
        for revisions in state.task_definitions.values()
        for d in revisions.values()
        if d.status == "ACTIVE" and "EC2" in (d.requires_compatibilities or ["EC2"])
    ]
    if not clusters or not definitions:
        return None
    definition = rng.choice(definitions)
    request: dict[str, Any] = {
        "cluster": rng.choice(clusters).cluster_name,
        "taskDefinition": definition.task_definition_arn,
    }
    if definition.network_mode == "awsvpc":
        request["networkConfiguration"] = NETWORK
    return ("ecs", "RunTask", request)


@must
def _run_fargate(rng: random.Random, state: Any) -> Must | None:
    """Fargate needs no instances: a FARGATE-compatible definition runs in any ACTIVE cluster,
    in subnets that exist."""
    clusters = _clusters(state)
    definitions = [
        d
        for revisions in state.task_definitions.values()
        for d in revisions.values()
        if d.status == "ACTIVE" and "FARGATE" in (d.compatibilities or [])
    ]
    if not clusters or not definitions:
        return None
    subnets = sorted(state.ec2.subnets)
    request: dict[str, Any] = {
        "cluster": rng.choice(clusters).cluster_name,
        "taskDefinition": rng.choice(definitions).task_definition_arn,
        "launchType": "FARGATE",
        "count": rng.choice([1, 3]),
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": subnets[:2]}},
    }
    return ("ecs", "RunTask", request)


@must
def _elsewhere(rng: random.Random, state: Any) -> Must | None:
    choices: list[Must] = [
        ("application-autoscaling", "DescribeScalableTargets", {"ServiceNamespace": "ecs"}),
        ("ecr", "DescribeRepositories", {}),
        ("ecs", "ListClusters", {}),
        ("ecs", "ListTaskDefinitionFamilies", {}),
    ]
    for name in state.repositories:
        choices.append(("ecr", "ListImages", {"repositoryName": name}))
    return rng.choice(choices)


def pick_must(sim: Simulation, region: str, seed: int) -> Must | None:
    rng = random.Random(seed)
    return rng.choice(MUSTS)(rng, sim.region_state(region))
