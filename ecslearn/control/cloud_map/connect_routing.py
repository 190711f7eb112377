"""Requests from inside a task to another service by its Service Connect name, routed as the
Service Connect proxy routes them.

ECS's Service Connect guide: every task of a service with Service Connect enabled gets a proxy
that knows the endpoints of the namespace; "tasks that run in a namespace can use short names to
connect to services in the namespace". So a request from a task resolves when:

1. the task is RUNNING and belongs to an ECS service (Service Connect serves only tasks that
   services start) whose deployment has Service Connect enabled;
2. the host is a client alias's ``dnsName`` of a Service Connect service in the same namespace
   (ecslearn also takes its ``discoveryName``, or ``<discoveryName>.<namespace>``, as the
   hostname), and the port is the alias's port.

The proxy then spreads requests over the endpoints registered in that service's Cloud Map
service whose tasks are RUNNING and not UNHEALTHY, round robin (the proxy's balancing is
ecslearn's simplification; the round robin position is saved with the world). With none it
answers 503 "no healthy upstream" (the proxy's, Envoy's, words).

A request that cannot resolve raises `InvalidParameterException` with curl's words, "Could not
resolve host", and a hint that says why in plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.load_balancing import ServedRequest
from ecslearn.model.service import Deployment, Service
from ecslearn.model.service_discovery import CloudMapInstance
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

NO_HEALTHY_UPSTREAM = "no healthy upstream"


def find_task(world: World, reference: Any) -> tuple[RegionState, Task]:
    """A task by its ARN or ID, or a DescribeTasks entry (``{"taskArn": ...}``)."""
    if isinstance(reference, dict):
        reference = reference.get("taskArn", "")
    reference = getattr(reference, "task_arn", reference)
    for state in world.regions():
        task = state.tasks.get(reference)
        if task is None:
            task = next((t for t in state.tasks.values() if t.id == reference), None)
        if task is not None:
            return state, task
    raise InvalidParameterException(
        f"No task {reference} in the simulation.",
        hint="Pass a task's ARN, its ID, or an entry of ecs.describe_tasks()['tasks'].",
    )


def _deployment(service: Service, task: Task) -> Deployment | None:
    return next((d for d in service.deployments or [] if d.id == task.started_by), None)


def _client_namespace(state: RegionState, task: Task, host: str) -> str:
    """The namespace ARN the task's proxy knows, or an error saying why there is none."""
    unresolved = f"Could not resolve host: {host}"
    if task.last_status != "RUNNING":
        raise InvalidParameterException(
            unresolved, hint=f"The task {task.id[:8]} is {task.last_status}, not RUNNING."
        )
    service = state.services.get(task.service_arn or "")
    if service is None:
        raise InvalidParameterException(
            unresolved,
            hint=f"The task {task.id[:8]} was not started by a service: Service Connect gives "
            "its proxy only to the tasks of services that turn it on.",
        )
    deployment = _deployment(service, task)
    config = (deployment.service_connect_configuration if deployment else None) or {}
    if not config.get("enabled"):
        raise InvalidParameterException(
            unresolved,
            hint=f"The service {service.service_name} does not have Service Connect turned on "
            "for this task's deployment, so the task has no proxy to resolve names. Turn it on "
            "with update_service(serviceConnectConfiguration={'enabled': True, 'namespace': "
            "...}); tasks started after that can resolve.",
        )
    return config["namespace"]


def _endpoints(state: RegionState, namespace: str) -> list[tuple[dict[str, Any], str, Service]]:
    """Every (service entry, discovery ARN, ECS service) of Service Connect in the namespace,
    from each ECS service's newest deployment that has it."""
    found = []
    for service in state.services.values():
        if service.status == "INACTIVE":
            continue
        for deployment in service.deployments or []:
            config = deployment.service_connect_configuration or {}
            if config.get("enabled") and config.get("namespace") == namespace:
                entries = config.get("services") or []
                resources = deployment.service_connect_resources or []
                for entry, resource in zip(entries, resources, strict=False):
                    found.append((entry, resource["discoveryArn"], service))
                break
    return found


def _names(entry: dict[str, Any], namespace_name: str) -> set[str]:
    discovery = entry["discoveryName"]
    names = {discovery, f"{discovery}.{namespace_name}"}
    return names | {a["dnsName"] for a in entry.get("clientAliases") or []}


def resolve(state: RegionState, task: Task, host: str, port: int | None) -> str:
    """The Cloud Map service ID the task's proxy sends ``host:port`` to (see the module)."""
    namespace_arn = _client_namespace(state, task, host)
    namespace = state.service_discovery.namespaces.get(namespace_arn.rsplit("/", 1)[-1])
    namespace_name = namespace.name if namespace else ""
    for entry, discovery_arn, _service in _endpoints(state, namespace_arn):
        if host not in _names(entry, namespace_name):
            continue
        ports = [a["port"] for a in entry.get("clientAliases") or []]
        if port is not None and ports and port not in ports:
            raise InvalidParameterException(
                f"Failed to connect to {host} port {port}: Connection refused",
                hint=f"Service Connect listens for {host} on port {', '.join(map(str, ports))} "
                "(the client alias's port).",
            )
        return discovery_arn.rsplit("/", 1)[-1]
    raise InvalidParameterException(
        f"Could not resolve host: {host}",
        hint=f"No service with Service Connect in the namespace {namespace_name} has the name "
        f"{host}: a client alias's dnsName, or a discoveryName. A service outside the "
        "namespace, or one that only turned Service Connect on as a client, cannot be reached "
        "by name.",
    )


def send(world: World, url: str, count: int, from_task: Any) -> list[ServedRequest]:
    """`count` requests to `url` (``http://api:8080/path``) from inside `from_task`."""
    if count < 0:
        raise InvalidParameterException("send_requests needs a number of requests >= 0.")
    state, client = find_task(world, from_task)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    service_id = resolve(state, client, host, parts.port)
    cloud_map = state.service_discovery
    target = cloud_map.services[service_id]
    served = []
    for _ in range(count):
        ready = [
            i
            for i in target.instances.values()
            if i.health(world.clock.timestamp, target.custom_health) != "UNHEALTHY"
            and _running(_task(state, i))
        ]
        if not ready:
            served.append(ServedRequest(world.now, 503, error=NO_HEALTHY_UPSTREAM))
            continue
        position = cloud_map.connect_cursor.get(service_id, 0)
        chosen = ready[position % len(ready)]
        cloud_map.connect_cursor[service_id] = position + 1
        task = _task(state, chosen)
        port = chosen.attributes.get("AWS_INSTANCE_PORT")
        served.append(
            ServedRequest(
                world.now,
                200,
                task=chosen.id,
                target=chosen.attributes.get("AWS_INSTANCE_IPV4"),
                port=int(port) if port else None,
                container_instance=(task.container_instance_arn or "").rsplit("/", 1)[-1] or None
                if task
                else None,
                service_connect=target.name,
            )
        )
    ok = sum(1 for s in served if s.status == 200)
    world.record(
        "service-connect",
        f"{client.id[:8]} -> {host}: {count} requests through Service Connect, {ok} answered",
        cluster=client.cluster_name,
        task=client.id,
        details={"cloud_map_service": service_id, "host": host},
    )
    return served


def _task(state: RegionState, instance: CloudMapInstance) -> Task | None:
    """The ECS task behind an instance ECS registered (its ID is the task's)."""
    cluster = instance.attributes.get("ECS_CLUSTER_NAME")
    return state.find_task(cluster, instance.id) if cluster else None


def _running(task: Task | None) -> bool:
    return task is not None and task.last_status == "RUNNING" and task.desired_status == "RUNNING"
