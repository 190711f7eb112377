"""What a client can see of a world: every cluster, service, task, instance and task definition
as the Describe calls answer, plus the timeline and what the clock has queued. Two worlds that
answer the same here are the same world to anyone using it (`machine.WorldMachine.save_and_load`).
"""

from __future__ import annotations

from typing import Any

from ecslearn import Simulation


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def answers(sim: Simulation) -> dict[str, Any]:
    seen: dict[str, Any] = {
        "now": sim.now,
        "timeline": [str(event) for event in sim.events],
        "queue": sim.upcoming(10_000),
    }
    for state in sim.regions():
        region = state.region

        def call(operation: str, region: str = region, **request: Any) -> dict[str, Any]:
            return sim.call(operation, region=region, **request)

        clusters = call("ListClusters")["clusterArns"]
        for batch in _chunks(clusters, 100):
            include = ["ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS"]
            seen[f"{region} clusters"] = call("DescribeClusters", clusters=batch, include=include)
        seen[f"{region} families"] = call("ListTaskDefinitionFamilies", status="ALL")
        seen[f"{region} elsewhere"] = elsewhere(sim, region)
        seen[f"{region} targets"] = [
            sim.describe_target_health(arn) for arn in sorted(state.target_groups)
        ]
        seen[f"{region} definitions"] = call("ListTaskDefinitions", status="ACTIVE")
        for cluster in clusters:
            where = f"{region} {cluster}"
            services = call("ListServices", cluster=cluster)["serviceArns"]
            seen[f"{where} services"] = [
                call("DescribeServices", cluster=cluster, services=batch, include=["TAGS"])
                for batch in _chunks(services, 10)
            ]
            for desired in ("RUNNING", "STOPPED"):
                tasks = call("ListTasks", cluster=cluster, desiredStatus=desired)["taskArns"]
                seen[f"{where} {desired} tasks"] = [
                    call("DescribeTasks", cluster=cluster, tasks=batch, include=["TAGS"])
                    for batch in _chunks(tasks, 100)
                ]
            seen[f"{where} attributes"] = call(
                "ListAttributes", cluster=cluster, targetType="container-instance"
            )
            instances = call("ListContainerInstances", cluster=cluster)["containerInstanceArns"]
            seen[f"{where} instances"] = [
                call("DescribeContainerInstances", cluster=cluster, containerInstances=batch)
                for batch in _chunks(instances, 100)
            ]
    return seen


def elsewhere(sim: Simulation, region: str) -> list[Any]:
    """What ECR and Application Auto Scaling answer in `region`."""

    def call(service: str, operation: str, **request: Any) -> dict[str, Any]:
        return sim.world.dispatcher.call(service, operation, request, region)

    scaling = {"ServiceNamespace": "ecs"}
    found = [
        call("application-autoscaling", "DescribeScalableTargets", **scaling),
        call("application-autoscaling", "DescribeScalingPolicies", **scaling),
        call("application-autoscaling", "DescribeScalingActivities", **scaling),
    ]
    repositories = call("ecr", "DescribeRepositories")["repositories"]
    found.append(repositories)
    for repository in repositories:
        found.append(call("ecr", "DescribeImages", repositoryName=repository["repositoryName"]))
    return found
