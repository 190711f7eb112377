"""FARGATE and FARGATE_SPOT as capacity providers: a cluster's default strategy of base 2 on
FARGATE and weights 1:3 with FARGATE_SPOT splits RunTask's and a service's tasks as AWS
documents, each task naming its provider, with no container instance."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation

STRATEGY = [
    {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
    {"capacityProvider": "FARGATE_SPOT", "weight": 3},
]


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    client = sim.client()
    client.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}],
    )
    client.create_cluster(
        clusterName="spot",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=STRATEGY,
    )
    return client


@pytest.fixture
def network(sim: Simulation) -> dict[str, Any]:
    subnets = sim.client("ec2").describe_subnets()["Subnets"]
    return {"awsvpcConfiguration": {"subnets": [s["SubnetId"] for s in subnets]}}


def providers(ecs: Any, cluster: str = "spot") -> dict[str, int]:
    arns = ecs.list_tasks(cluster=cluster)["taskArns"]
    tasks = ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
    assert all("containerInstanceArn" not in t for t in tasks)
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task["capacityProviderName"]] = counts.get(task["capacityProviderName"], 0) + 1
    return counts


def test_run_task_without_launch_type_uses_the_default_strategy_base_first(
    sim, ecs, network
) -> None:
    tasks = ecs.run_task(
        cluster="spot", taskDefinition="web", count=2, networkConfiguration=network
    )["tasks"]
    assert [t["capacityProviderName"] for t in tasks] == ["FARGATE", "FARGATE"]
    assert {t["launchType"] for t in tasks} == {"FARGATE"}


def test_a_service_of_ten_tasks_runs_four_on_fargate_and_six_on_fargate_spot(
    sim, ecs, network
) -> None:
    service = ecs.create_service(
        cluster="spot",
        serviceName="web",
        taskDefinition="web",
        desiredCount=10,
        networkConfiguration=network,
    )["service"]
    assert service["capacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 2},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    assert sim.run_until_stable(timeout=900).stable
    assert providers(ecs) == {"FARGATE": 4, "FARGATE_SPOT": 6}
