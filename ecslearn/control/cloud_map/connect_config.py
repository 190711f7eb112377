"""ECS's checks of ``serviceRegistries`` and ``serviceConnectConfiguration``, the Cloud Map
services Service Connect makes, and a cluster's ``serviceConnectDefaults``.

serviceRegistries (ECS's ServiceRegistry reference): one registry per service; its
``registryArn`` is a Cloud Map service; with the bridge or host network mode a
``containerName`` and ``containerPort`` from the task definition are required, and the Cloud
Map service needs an SRV record (A records carry no port, and those tasks share their
instance's address); with awsvpc and an SRV record, either containerName and containerPort or
``port``, not both.

Service Connect (ECS's ServiceConnectService reference): the namespace is the configuration's,
else the cluster's default; each ``portName`` names a port mapping of the task definition;
``discoveryName`` defaults to the port name and names the Cloud Map service ECS creates in the
namespace (one ECS service's alone); at most one client alias, whose ``dnsName`` defaults to
``<discoveryName>.<namespace name>``. The host network mode is not supported. The
configuration a deployment shows has those defaults filled in and the namespace as its ARN
(ecslearn's choice, so a learner sees the names clients use). ECS tags the Cloud Map services it
creates ``AmazonECSManaged: true``.

A cluster's default namespace: an existing namespace's name or ARN, or a new name, for which ECS
creates an HTTP namespace (ClusterServiceConnectDefaultsRequest); "" removes the default.

The messages are ecslearn's wording: AWS's texts for these refusals are not published.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ecslearn.control.state import RegionState
from ecslearn.errors import EcsError, InvalidParameterException
from ecslearn.model.cluster import Cluster
from ecslearn.model.service import Service
from ecslearn.model.service_discovery import CloudMapNamespace
from ecslearn.model.task_definition import TaskDefinition

if TYPE_CHECKING:
    from ecslearn.control.world import World

MANAGED_TAG = {"Key": "AmazonECSManaged", "Value": "true"}


# -- serviceRegistries ---------------------------------------------------------------------------
def checked_registries(
    state: RegionState, raw: list[dict[str, Any]] | None, definition: TaskDefinition
) -> list[dict[str, Any]]:
    """A service's serviceRegistries, checked against Cloud Map and the task definition."""
    registries = list(raw or [])
    if len(registries) > 1:
        raise InvalidParameterException(
            f"A service can have one service registry; serviceRegistries lists {len(registries)}."
        )
    mode = definition.effective_network_mode
    for registry in registries:
        arn = registry.get("registryArn") or ""
        found = state.service_discovery.services.get(arn.rsplit("/", 1)[-1])
        if found is None or found.arn != arn:
            raise InvalidParameterException(
                f"The service registry {arn} was not found in {state.region}.",
                hint="Create a Cloud Map service (servicediscovery.create_service) and pass "
                "its Arn as registryArn.",
            )
        name, port = registry.get("containerName"), registry.get("containerPort")
        srv = "SRV" in found.record_types()
        if mode in ("bridge", "host") and (name is None or port is None):
            raise InvalidParameterException(
                f"With the {mode} network mode, serviceRegistries needs containerName and "
                "containerPort."
            )
        if mode in ("bridge", "host") and found.type != "HTTP" and not srv:
            raise InvalidParameterException(
                f"With the {mode} network mode, the service registry needs an SRV record.",
                hint="Tasks in bridge or host mode share their instance's address: only an "
                "SRV record carries the port. Use DnsRecords=[{'Type': 'SRV', 'TTL': 10}].",
            )
        if registry.get("port") is not None and (name is not None or port is not None):
            raise InvalidParameterException(
                "Give either containerName and containerPort, or port: not both."
            )
        if (name is None) != (port is None):
            raise InvalidParameterException("containerName and containerPort go together.")
        if name is not None:
            try:
                container = definition.container(name)
            except KeyError:
                raise InvalidParameterException(
                    f"The container {name} does not exist in the task definition."
                ) from None
            if port not in [m.container_port for m in container.port_mappings or []]:
                raise InvalidParameterException(
                    f"The container {name} did not have a container port {port} defined."
                )
    return registries


# -- Service Connect ------------------------------------------------------------------------------
def find_namespace(state: RegionState, reference: str) -> CloudMapNamespace | None:
    """A visible namespace by name or ARN."""
    for namespace in state.service_discovery.visible_namespaces():
        if reference in (namespace.arn, namespace.name):
            return namespace
    return None


def _port_names(definition: TaskDefinition) -> list[str]:
    return [
        m.name for c in definition.container_definitions for m in c.port_mappings or [] if m.name
    ]


def checked_connect(
    state: RegionState,
    cluster: Cluster,
    raw: dict[str, Any] | None,
    definition: TaskDefinition,
    service_arn: str,
) -> dict[str, Any] | None:
    """The Service Connect configuration a deployment runs, defaults filled in; None without
    one. Nothing changes here (`create_resources` makes the Cloud Map services)."""
    if raw is None:
        return None
    if not raw.get("enabled"):
        return {"enabled": False}
    reference = raw.get("namespace") or (cluster.service_connect_defaults or {}).get("namespace")
    if not reference:
        raise InvalidParameterException(
            "Service Connect needs a namespace: the configuration's, or the cluster's "
            "serviceConnectDefaults.",
            hint="Pass serviceConnectConfiguration={'enabled': True, 'namespace': 'name'}, or "
            "set the cluster's default namespace (update_cluster(serviceConnectDefaults=...)).",
        )
    namespace = find_namespace(state, reference)
    if namespace is None:
        raise InvalidParameterException(
            f"The Service Connect namespace {reference} was not found.",
            hint="Cloud Map namespaces appear when their creation operation succeeds: "
            "servicediscovery.list_namespaces() shows those ready.",
        )
    if definition.effective_network_mode == "host":
        raise InvalidParameterException(
            "Service Connect does not support the host network mode.",
            hint="Use awsvpc or bridge in the task definition.",
        )
    names = _port_names(definition)
    services = []
    for entry in raw.get("services") or []:
        port_name = entry["portName"]
        if port_name not in names:
            raise InvalidParameterException(
                f"The port name {port_name} is not a port mapping name of the task definition "
                f"(it has {', '.join(names) or 'no named port mappings'}).",
                hint="Name a port mapping in the container definition: portMappings=[{"
                "'containerPort': 8080, 'name': 'api'}].",
            )
        discovery = entry.get("discoveryName") or port_name
        aliases = entry.get("clientAliases") or []
        if len(aliases) > 1:
            raise InvalidParameterException("A Service Connect service has at most 1 client alias.")
        owner = _discovery_owner(state, namespace.id, discovery)
        if owner is not None and owner != service_arn:
            raise InvalidParameterException(
                f"The discovery name {discovery} is already used in the namespace "
                f"{namespace.name}.",
                hint="Each Service Connect service needs a discovery name of its own in the "
                "namespace: set discoveryName.",
            )
        filled = {**entry, "discoveryName": discovery}
        filled["clientAliases"] = [
            {"port": a["port"], "dnsName": a.get("dnsName") or f"{discovery}.{namespace.name}"}
            for a in aliases
        ]
        services.append(filled)
    config = {**raw, "enabled": True, "namespace": namespace.arn}
    if services:
        config["services"] = services
    return config


def _discovery_owner(state: RegionState, namespace_id: str, name: str) -> str | None:
    """The ECS service whose Service Connect uses the Cloud Map service `name`, "" for one made
    by someone else, None when there is none or ECS made it and no live service uses it now (a
    service created again with the same name takes it back)."""
    found = state.service_discovery.service_named(namespace_id, name)
    if found is None:
        return None
    for service in state.services.values():
        if service.status != "INACTIVE" and any(
            r["discoveryArn"] == found.arn for r in service.service_connect_resources or []
        ):
            return service.service_arn
    managed = found.tags.get(MANAGED_TAG["Key"]) == MANAGED_TAG["Value"]
    return None if managed else ""


def create_resources(
    world: World, state: RegionState, service: Service, config: dict[str, Any] | None
) -> None:
    """Make (or reuse) the Cloud Map service of each Service Connect service, through Cloud
    Map's CreateService, and keep the configuration on the ECS service for its deployments."""
    service.service_connect = config
    if config is None or not config.get("enabled"):
        service.service_connect_resources = None
        return
    namespace_id = config["namespace"].rsplit("/", 1)[-1]
    resources = []
    for entry in config.get("services") or []:
        name = entry["discoveryName"]
        found = state.service_discovery.service_named(namespace_id, name)
        if found is None:
            request = {
                "Name": name,
                "NamespaceId": namespace_id,
                "Description": "Managed by Amazon ECS",
                "Tags": [MANAGED_TAG],
            }
            arn = _cloud_map(world, state, "CreateService", request)["Service"]["Arn"]
        else:
            arn = found.arn
        resources.append({"discoveryName": name, "discoveryArn": arn})
    service.service_connect_resources = resources or None


#: Cloud Map's rule for a namespace name (CreateHttpNamespace's Name)
NAMESPACE_NAME = re.compile(r"^(?!arn:)[!-~]{1,1024}$")


def _existing(state: RegionState, reference: str) -> CloudMapNamespace | None:
    for namespace in state.service_discovery.namespaces.values():
        if reference in (namespace.arn, namespace.name) and not namespace.deleting:
            return namespace
    return None


def check_cluster_defaults(state: RegionState, raw: dict[str, Any] | None) -> None:
    """Refuse a default namespace ECS could neither find nor create, before anything changes:
    an ARN of no namespace, or a new name Cloud Map would not take."""
    reference = (raw or {}).get("namespace")
    if not reference or _existing(state, reference) is not None:
        return
    if reference.startswith("arn:"):
        raise InvalidParameterException(f"The namespace {reference} was not found.")
    if not NAMESPACE_NAME.match(reference):
        raise InvalidParameterException(
            f"The namespace name {reference[:100]} is not valid: up to 1024 visible ASCII "
            "characters, no spaces."
        )


def cluster_defaults(world: World, state: RegionState, raw: dict[str, Any] | None) -> Any:
    """A cluster's serviceConnectDefaults as ECS keeps it: ``{"namespace": <ARN>}``, making an
    HTTP namespace for a new name; None for none (or "" to remove it)."""
    if raw is None or not raw.get("namespace"):
        return None
    check_cluster_defaults(state, raw)
    reference = raw["namespace"]
    existing = _existing(state, reference)
    if existing is not None:
        return {"namespace": existing.arn}
    answer = _cloud_map(world, state, "CreateHttpNamespace", {"Name": reference})
    operation = state.service_discovery.operations[answer["OperationId"]]
    return {"namespace": state.service_discovery.namespaces[operation.targets["NAMESPACE"]].arn}


def _cloud_map(world: World, state: RegionState, operation: str, request: dict[str, Any]) -> dict:
    """A Cloud Map call ECS makes for the learner; Cloud Map's refusal (a name its rules do not
    allow) is ECS's InvalidParameterException with the same message."""
    try:
        return world.dispatcher.call("servicediscovery", operation, request, state.region)
    except EcsError as error:
        raise InvalidParameterException(f"AWS Cloud Map refused: {error.message}") from None
