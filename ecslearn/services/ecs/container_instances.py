"""RegisterContainerInstance (the agent's call); describing, listing, draining, deregistering."""

from __future__ import annotations

import json
from typing import Any

from ecslearn.control.capacity_placement import provider_of
from ecslearn.control.orphans import orphan_tasks
from ecslearn.control.paging import paged_response
from ecslearn.control.placement import cql
from ecslearn.control.services import reconcile
from ecslearn.control.task_factory import instance_facts
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.common import Attribute
from ecslearn.model.container_instance import ContainerInstance, Resource
from ecslearn.services.ecs import checks
from ecslearn.services.ecs.attributes import check_attribute
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.handlers import RequestContext, operation

DEFAULT_VERSION_INFO = {
    "agentVersion": "1.88.0",
    "agentHash": "ecslearn",
    "dockerVersion": "DockerVersion: 25.0.8",
}
LIVE_STATUSES = ("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")


def instance_json(
    ctx: RequestContext, instance: ContainerInstance, include: list[str] | tuple[str, ...] = ()
) -> dict[str, Any]:
    """An instance as DescribeContainerInstances shows it, with its task counts derived."""
    tasks = ctx.state.tasks_on(instance.container_instance_arn or "")
    data = instance.to_json()
    data["runningTasksCount"] = sum(t.last_status == "RUNNING" for t in tasks)
    data["pendingTasksCount"] = sum(t.last_status == "PENDING" for t in tasks)
    provider = instance.capacity_provider_name or provider_of(ctx.state, instance)
    if provider:  # the capacity provider whose Auto Scaling group launched the instance
        data["capacityProviderName"] = provider
    if "TAGS" in include:
        data["tags"] = tags_json(ctx, instance.container_instance_arn or "")
    return data


def _identity(document: str | None) -> dict[str, Any]:
    if not document:
        raise ClientException(  # ecslearn's wording
            "instanceIdentityDocument is required.",
            hint="The agent sends the EC2 instance identity document so ECS knows which instance "
            "is registering; sim.launch_instances builds one for you.",
        )
    try:
        identity = json.loads(document)
    except ValueError:
        identity = None
    if not isinstance(identity, dict) or not isinstance(identity.get("instanceId"), str):
        raise ClientException(  # ecslearn's wording
            "instanceIdentityDocument must be the EC2 identity document as JSON text, with at "
            "least 'instanceId'.",
            hint="Usually it also has availabilityZone, instanceType, region and imageId.",
        )
    return identity


def _resources(raw: list[dict[str, Any]] | None) -> list[Resource]:
    resources = [Resource.from_json(r) for r in raw or []]
    names = [r.name for r in resources]
    for required in ("CPU", "MEMORY"):
        if required not in names:
            raise ClientException(  # ecslearn's wording
                f"totalResources must include {required} (an INTEGER resource).",
                hint="Placement checks tasks against the instance's CPU and MEMORY.",
            )
    for resource in resources:
        if resource.type == "INTEGER" and (resource.integer_value or 0) < 0:
            raise ClientException(f"Resource {resource.name} cannot be negative.")
    for name in ("PORTS", "PORTS_UDP"):
        if name not in names:
            resources.append(Resource.string_set(name, []))
    for resource in resources:  # a STRINGSET is a set: a port listed twice is reserved once
        if resource.string_set_value is not None:
            resource.string_set_value = list(dict.fromkeys(resource.string_set_value))
    return resources


def _built_in_attributes(identity: dict[str, Any]) -> list[Attribute]:
    facts = {
        "ecs.availability-zone": identity.get("availabilityZone"),
        "ecs.instance-type": identity.get("instanceType"),
        "ecs.ami-id": identity.get("imageId"),
        "ecs.os-type": "linux",
        "ecs.os-family": "LINUX",
        "ecs.cpu-architecture": identity.get("architecture", "x86_64"),
    }
    return [Attribute(name=k, value=v) for k, v in facts.items() if v]


@operation("RegisterContainerInstance")
def register_container_instance(ctx: RequestContext, request: dict) -> dict:
    checks.register_container_instance(request)
    state = ctx.state
    cluster = state.cluster(request.get("cluster"))
    cluster_name = cluster.cluster_name or ""
    identity = _identity(request.get("instanceIdentityDocument"))
    resources = _resources(request.get("totalResources"))
    for raw in request.get("attributes") or []:
        check_attribute(raw["name"], raw.get("value"))
    tags = checked_tags(request.get("tags"), {})
    again = request.get("containerInstanceArn")
    if again:
        existing = state.find_instance(cluster_name, again)
        if existing is None or existing.status == "INACTIVE":
            raise ClientException(  # ecslearn's wording
                f"Container instance {again} is not registered in '{cluster_name}', so it "
                "cannot re-register.",
                hint="Leave containerInstanceArn out to register anew.",
            )
        existing.version_info = request.get("versionInfo") or existing.version_info
        existing.agent_connected = True
        existing.version = (existing.version or 0) + 1
        return {"containerInstance": instance_json(ctx, existing)}
    attributes = _built_in_attributes(identity)
    names = {a.name for a in attributes}
    attributes += [
        Attribute.from_json(raw)
        for raw in request.get("attributes") or []
        if raw["name"] not in names
    ]
    for attribute in attributes:
        attribute.target_type = attribute.target_id = None
    arn = ctx.arn(f"container-instance/{cluster_name}/{ctx.new_id()}")
    instance = ContainerInstance(
        container_instance_arn=arn,
        ec2_instance_id=identity["instanceId"],
        version=1,
        version_info=request.get("versionInfo") or dict(DEFAULT_VERSION_INFO),
        registered_resources=resources,
        remaining_resources=[r.copy() for r in resources],
        status="ACTIVE",
        agent_connected=True,
        running_tasks_count=0,
        pending_tasks_count=0,
        attributes=attributes,
        registered_at=ctx.now,
        attachments=[],
        cluster_name=cluster_name,
        instance_type=str(identity.get("instanceType", "")),
        zone=str(identity.get("availabilityZone", "")),
    )
    state.add_instance(instance)
    state.tags[arn] = tags
    reconcile.instances_changed(ctx.world, state)
    return {"containerInstance": instance_json(ctx, instance, ("TAGS",))}


def _lookup(ctx: RequestContext, cluster_name: str, reference: str) -> ContainerInstance:
    instance = ctx.state.find_instance(cluster_name, reference)
    if instance is None:
        raise InvalidParameterException(  # ecslearn's wording
            f"Container instance '{reference}' is not registered in cluster '{cluster_name}'.",
            hint="List them with list_container_instances.",
        )
    return instance


@operation("DeregisterContainerInstance")
def deregister_container_instance(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    instance = _lookup(ctx, cluster.cluster_name or "", request["containerInstance"])
    live = [
        t
        for t in ctx.state.tasks_on(instance.container_instance_arn or "")
        if t.last_status != "STOPPED"
    ]
    if live and not request.get("force"):
        raise InvalidParameterException(
            # AWS's text: a script parsing the AWS CLI's output for it, getmoto/moto (which
            # answers it as InvalidParameterException)
            "Found running tasks on the instance.",
            hint=f"{len(live)} task(s) still run on {instance.id}. Drain it first "
            "(update_container_instances_state to DRAINING), or pass force=True to leave them "
            "orphaned.",
        )
    if instance.status != "INACTIVE":
        instance.status = "INACTIVE"
        instance.agent_connected = False
        instance.version = (instance.version or 0) + 1
    orphan_tasks(ctx.world, ctx.state, instance)
    reconcile.instances_changed(ctx.world, ctx.state)
    return {"containerInstance": instance_json(ctx, instance)}


@operation("DescribeContainerInstances")
def describe_container_instances(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    references = ctx.state.require_list(request, "containerInstances", 100)
    include = request.get("include") or []
    found, failures = describe_each(
        references,
        lambda reference: ctx.state.find_instance(cluster.cluster_name or "", reference),
        lambda instance: instance_json(ctx, instance, include),
    )
    return {"containerInstances": found, "failures": failures}


@operation("ListContainerInstances")
def list_container_instances(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    status = request.get("status")
    name = cluster.cluster_name or ""
    arns = [
        i.container_instance_arn
        for i in ctx.state.instances_in(name)
        if (i.status == status if status else i.status in LIVE_STATUSES)
    ]
    if request.get("filter"):
        expression = cql.parse(request["filter"])
        matching = {f.arn for f in instance_facts(ctx.state, name) if expression.matches(f)}
        arns = [arn for arn in arns if arn in matching]
    return paged_response("containerInstanceArns", arns, request)


@operation("UpdateContainerInstancesState")
def update_container_instances_state(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    references = ctx.state.require_list(request, "containerInstances", 10)
    status = request["status"]
    if status not in ("ACTIVE", "DRAINING"):
        raise InvalidParameterException(
            f"Container instances can be set to ACTIVE or DRAINING, not {status}."
        )
    found, failures = [], []
    for reference in references:
        instance = ctx.state.find_instance(cluster.cluster_name or "", reference)
        if instance is None:
            failures.append({"arn": reference, "reason": "MISSING"})
        elif instance.status not in ("ACTIVE", "DRAINING"):
            raise InvalidParameterException(
                f"Container instance {instance.id} is {instance.status}; only ACTIVE and "
                "DRAINING instances can change between ACTIVE and DRAINING."
            )
        else:
            found.append(instance)
    for instance in found:
        if instance.status != status:
            instance.status = status
            instance.version = (instance.version or 0) + 1
    reconcile.instances_changed(ctx.world, ctx.state)
    return {
        "containerInstances": [instance_json(ctx, i) for i in found],
        "failures": failures,
    }


@operation("DiscoverPollEndpoint")
def discover_poll_endpoint(ctx: RequestContext, request: dict) -> dict:
    """Where an ECS agent polls for work and sends telemetry (an agent's call, not a person's).

    AWS answers regional endpoints of its agent communication service; ecslearn answers the
    same form (``https://ecs-a-1.<region>.amazonaws.com/``, ``ecs-t-1`` for telemetry,
    ``ecs-sc`` for Service Connect), which nothing here connects to: ecslearn's agents are
    in-process. The cluster and instance named are not looked up: the operation models no
    not-found error, and AWS's answer does not depend on them."""
    region = ctx.region
    return {
        "endpoint": f"https://ecs-a-1.{region}.amazonaws.com/",
        "telemetryEndpoint": f"https://ecs-t-1.{region}.amazonaws.com/",
        "serviceConnectEndpoint": f"https://ecs-sc.{region}.amazonaws.com",
    }
