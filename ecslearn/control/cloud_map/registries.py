"""How ECS puts a service's tasks in Cloud Map: ``serviceRegistries`` (service discovery) and
Service Connect's services, registered when a task is RUNNING and deregistered when it stops.

ECS calls Cloud Map's RegisterInstance and DeregisterInstance through the dispatcher (the path
a learner's calls take), with the task's ID as the instance ID and the attributes ECS sets:
``AWS_INSTANCE_IPV4`` (the task's own address in awsvpc mode; its EC2 instance's private
address in bridge and host mode), ``AWS_INSTANCE_PORT`` (when there is a port: the container
port in awsvpc mode or ``port``, the host port Docker bound in bridge mode),
``AVAILABILITY_ZONE``, ``REGION``, ``ECS_CLUSTER_NAME``, ``ECS_SERVICE_NAME``,
``ECS_TASK_DEFINITION_FAMILY``, ``EC2_INSTANCE_ID`` on EC2 capacity, and, for a Cloud Map
service with a custom health check, ``AWS_INIT_HEALTH_STATUS``.

Health (ECS's developer guide, service discovery): for a Cloud Map service with
``HealthCheckCustomConfig`` ECS reports each task's health itself; ecslearn sends the task's
health (from its essential containers' health checks) with UpdateInstanceCustomHealthStatus
whenever it turns HEALTHY or UNHEALTHY. A task with no health check stays HEALTHY.

A Cloud Map refusal (the Cloud Map service was deleted meanwhile) leaves the task running,
unregistered, with the reason on the timeline: a task must never fail inside the clock for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.services import events
from ecslearn.control.state import RegionState
from ecslearn.errors import EcsError
from ecslearn.model.service import Service
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World


def task_address(state: RegionState, task: Task) -> str | None:
    """The address other tasks reach the task at: its ENI's in awsvpc mode, else its EC2
    instance's private address."""
    for attachment in task.attachments or []:
        for detail in attachment.get("details", []):
            if detail.get("name") == "privateIPv4Address" and detail.get("value"):
                return detail["value"]
    if task.network_mode == "awsvpc":
        return None
    instance = state.instances.get(task.container_instance_arn or "")
    ec2 = state.ec2.instances.get(instance.ec2_instance_id or "") if instance else None
    return ec2.private_ip if ec2 else None


def task_port(task: Task, container_name: str | None, container_port: int | None) -> int | None:
    """The port a container port is reached at: itself in awsvpc and host mode, the bound host
    port in bridge mode."""
    if container_port is None:
        return None
    if task.network_mode != "bridge":
        return container_port
    container = next((c for c in task.containers or [] if c.name == container_name), None)
    for binding in (container.network_bindings if container else None) or []:
        if binding.container_port == container_port and binding.protocol != "udp":
            return binding.host_port
    return None


def registrations(state: RegionState, service: Service, task: Task) -> list[dict[str, Any]]:
    """Where the task registers: ``{"serviceId", "port"}`` per Cloud Map service, from the
    service's registries and its deployment's Service Connect services."""
    found: list[dict[str, Any]] = []
    for registry in service.service_registries or []:
        service_id = (registry.get("registryArn") or "").rsplit("/", 1)[-1]
        port = registry.get("port")
        if port is None:
            port = task_port(task, registry.get("containerName"), registry.get("containerPort"))
        found.append({"serviceId": service_id, "port": port})
    deployment = next((d for d in service.deployments or [] if d.id == task.started_by), None)
    resources = (deployment.service_connect_resources if deployment else None) or []
    config = (deployment.service_connect_configuration if deployment else None) or {}
    try:
        definition = state.task_definition_by_arn(task.task_definition_arn or "")
    except (KeyError, ValueError):
        return found
    for entry, resource in zip(config.get("services") or [], resources, strict=False):
        for container in definition.container_definitions:
            mapping = next(
                (m for m in container.port_mappings or [] if m.name == entry["portName"]), None
            )
            if mapping is not None:
                port = task_port(task, container.name, mapping.container_port)
                service_id = resource["discoveryArn"].rsplit("/", 1)[-1]
                found.append({"serviceId": service_id, "port": port})
                break
    return found


def _attributes(
    world: World, state: RegionState, service: Service, task: Task, port: int | None
) -> dict[str, str]:
    address = task_address(state, task)
    attributes = {
        "AVAILABILITY_ZONE": task.availability_zone or "",
        "REGION": state.region,
        "ECS_CLUSTER_NAME": task.cluster_name,
        "ECS_SERVICE_NAME": service.service_name or "",
        "ECS_TASK_DEFINITION_FAMILY": (task.task_definition_arn or "")
        .rsplit("/", 1)[-1]
        .rsplit(":", 1)[0],
    }
    if address:
        attributes["AWS_INSTANCE_IPV4"] = address
    if port is not None:
        attributes["AWS_INSTANCE_PORT"] = str(port)
    instance = state.instances.get(task.container_instance_arn or "")
    if instance is not None and instance.ec2_instance_id:
        attributes["EC2_INSTANCE_ID"] = instance.ec2_instance_id
    return attributes


def _call(world: World, state: RegionState, operation: str, request: dict[str, Any]) -> str | None:
    """A Cloud Map call as ECS makes it; the refusal's message, or None when it was done."""
    try:
        world.dispatcher.call("servicediscovery", operation, request, state.region)
    except EcsError as error:
        return f"{error.code}: {error.message}"
    return None


def task_running(world: World, state: RegionState, task: Task) -> None:
    """The task reached RUNNING: register it in each of its service's Cloud Map services."""
    service = state.services.get(task.service_arn or "")
    if service is None:
        return
    for registration in registrations(state, service, task):
        cloud_map_service = state.service_discovery.services.get(registration["serviceId"])
        attributes = _attributes(world, state, service, task, registration["port"])
        if cloud_map_service is not None and cloud_map_service.custom_health:
            healthy = task.health_status != "UNHEALTHY"
            attributes["AWS_INIT_HEALTH_STATUS"] = "HEALTHY" if healthy else "UNHEALTHY"
        request = {
            "ServiceId": registration["serviceId"],
            "InstanceId": task.id,
            "Attributes": attributes,
        }
        refused = _call(world, state, "RegisterInstance", request)
        name = cloud_map_service.name if cloud_map_service else registration["serviceId"]
        if refused:
            lifecycle.record(world, task, "cloudmap", f"{task.id[:8]} not registered: {refused}")
            continue
        lifecycle.record(world, task, "cloudmap", f"{task.id[:8]} registered in Cloud Map {name}")
        events.add_event(world, None, service, registered(service, registration["serviceId"]))


def _registered_in(state: RegionState, task: Task) -> list[str]:
    return [s.id for s in state.service_discovery.services.values() if task.id in s.instances]


def task_leaving(world: World, state: RegionState, task: Task) -> None:
    """The task is stopping (or stopped): deregister it wherever ECS registered it."""
    service = state.services.get(task.service_arn or "")
    for service_id in _registered_in(state, task):
        instance = state.service_discovery.services[service_id].instances[task.id]
        if instance.attributes.get("ECS_CLUSTER_NAME") != task.cluster_name:
            continue  # someone else's instance that happens to have the task's ID
        request = {"ServiceId": service_id, "InstanceId": task.id}
        if _call(world, state, "DeregisterInstance", request) is None:
            lifecycle.record(world, task, "cloudmap", f"{task.id[:8]} deregistered from Cloud Map")
            if service is not None:
                events.add_event(world, None, service, deregistered(service, service_id))


def health_changed(world: World, state: RegionState, task: Task) -> None:
    """The task's health changed: tell Cloud Map, where its service has a custom health check."""
    if task.health_status not in ("HEALTHY", "UNHEALTHY"):
        return
    for service_id in _registered_in(state, task):
        if not state.service_discovery.services[service_id].custom_health:
            continue
        request = {"ServiceId": service_id, "InstanceId": task.id, "Status": task.health_status}
        _call(world, state, "UpdateInstanceCustomHealthStatus", request)


# -- the service's events (ecslearn's wording, after ECS's "registered 1 targets in ...") -------
def registered(service: Service, service_id: str) -> str:
    return (
        f"(service {service.service_name}) registered 1 tasks in (Cloud Map service {service_id})."
    )


def deregistered(service: Service, service_id: str) -> str:
    return (
        f"(service {service.service_name}) deregistered 1 tasks from (Cloud Map service "
        f"{service_id})."
    )
