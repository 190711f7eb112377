"""A small, realistic deploy script of the kind engineers test against a mock: it knows nothing
of ecslearn (plain ``boto3.client("ecs")``, a waiter, a rollback), so its tests show what a
test suite sees when ECS's scheduling is real."""

from __future__ import annotations

from dataclasses import dataclass

import boto3
from botocore.exceptions import WaiterError


class DeployFailed(Exception):
    """The new revision did not become stable, and there was nothing to roll back to."""


@dataclass
class Outcome:
    result: str  # "deployed", "rolled back" (by this script) or "rolled back by ECS"
    task_definition: str
    running: str  # the task definition the service runs afterwards


def deploy(
    cluster: str,
    service: str,
    image: str,
    *,
    count: int = 2,
    memory: int = 256,
    max_wait: int = 600,
) -> Outcome:
    """Register `image` as a new revision, create or update `service`, wait until stable; if
    it does not get there in `max_wait` seconds, put the previous revision back."""
    ecs = boto3.client("ecs")
    registered = ecs.register_task_definition(
        family=service,
        containerDefinitions=[{"name": "app", "image": image, "memory": memory, "essential": True}],
    )
    revision = registered["taskDefinition"]["taskDefinitionArn"]
    found = ecs.describe_services(cluster=cluster, services=[service])["services"]
    previous = next((s["taskDefinition"] for s in found if s["status"] == "ACTIVE"), None)
    if previous is None:
        ecs.create_service(
            cluster=cluster,
            serviceName=service,
            taskDefinition=revision,
            desiredCount=count,
            deploymentConfiguration={
                "deploymentCircuitBreaker": {"enable": True, "rollback": True},
                "minimumHealthyPercent": 100,
                "maximumPercent": 200,
            },
        )
    else:
        ecs.update_service(
            cluster=cluster, service=service, taskDefinition=revision, desiredCount=count
        )
    waiter = ecs.get_waiter("services_stable")
    config = {"Delay": 15, "MaxAttempts": max(1, max_wait // 15)}
    try:
        waiter.wait(cluster=cluster, services=[service], WaiterConfig=config)
    except WaiterError:
        if previous is None:
            raise DeployFailed(f"{service} did not become stable in {max_wait}s") from None
        ecs.update_service(cluster=cluster, service=service, taskDefinition=previous)
        waiter.wait(cluster=cluster, services=[service], WaiterConfig=config)
        return Outcome("rolled back", revision, previous)
    [now] = ecs.describe_services(cluster=cluster, services=[service])["services"]
    result = "deployed" if now["taskDefinition"] == revision else "rolled back by ECS"
    return Outcome(result, revision, now["taskDefinition"])
