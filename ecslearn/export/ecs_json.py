"""Task definitions and services as the JSON the AWS CLI's ``--cli-input-json`` takes.

What ecslearn holds is what DescribeTaskDefinition / DescribeServices return: input members
plus members only ECS writes (ARNs, revisions, counts, events, timestamps). Real ECS rejects a
request that carries an output member, so an export keeps exactly the members of the
request shape in ECS's own service model (botocore's), and nothing else. That makes the files
something a learner can take to a real account unchanged:

    aws ecs register-task-definition --cli-input-json file://web.json
    aws ecs create-service --cli-input-json file://web-service.json
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.shapes import operation_model
from ecslearn.model.service import Service
from ecslearn.model.task_definition import TaskDefinition


def input_members(operation: str) -> tuple[str, ...]:
    """The members an ECS request may carry, from botocore's model (so never out of date)."""
    return tuple(operation_model("ecs", operation).input_shape.members)


def _only_inputs(data: dict[str, Any], operation: str) -> dict[str, Any]:
    allowed = input_members(operation)
    return {key: value for key, value in data.items() if key in allowed}


def task_definition(td: TaskDefinition) -> dict[str, Any]:
    """The RegisterTaskDefinition request that registers this definition again.

    Works for a definition built in Python and for a registered revision alike: the ARN,
    revision, status, compatibilities and timestamps are ECS's to set, so they are left out.
    """
    return _only_inputs(td.to_request(), "RegisterTaskDefinition")


def task_definition_reference(reference: str | None) -> str:
    """``family:revision`` from a task definition ARN.

    An ARN names ecslearn's account and region; ``family:revision`` means the same revision in
    whichever account the learner registers the definition.
    """
    if not reference:
        return ""
    return reference.rsplit("/", 1)[-1] if reference.startswith("arn:") else reference


def cluster_name(cluster: str | None) -> str | None:
    """A cluster name from a name or an ARN (``arn:aws:ecs:...:cluster/demo`` -> ``demo``)."""
    if not cluster:
        return None
    return cluster.rsplit("/", 1)[-1] if cluster.startswith("arn:") else cluster


def service(svc: Service, cluster: str | None = None) -> dict[str, Any]:
    """The CreateService request that creates this service again, in ``cluster``.

    Counts, deployments, events and ARNs are the scheduler's, so they go. A DAEMON service
    gets no ``desiredCount`` (ECS rejects one: it runs a task per instance), and the task
    definition is named ``family:revision`` so the file is not tied to one account.
    """
    data = svc.to_json()
    data["taskDefinition"] = task_definition_reference(svc.task_definition)
    if svc.role_arn:
        data["role"] = svc.role_arn
    name = cluster_name(cluster or svc.cluster_name or svc.cluster_arn)
    if name:
        data["cluster"] = name
    if svc.is_daemon:
        data.pop("desiredCount", None)
    # Empty lists are how DescribeServices shows "none"; in a request they only add noise.
    for key in ("serviceRegistries", "loadBalancers", "placementConstraints", "tags"):
        if data.get(key) == []:
            data.pop(key)
    return _only_inputs(data, "CreateService")
