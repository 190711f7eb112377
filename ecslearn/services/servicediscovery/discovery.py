"""Cloud Map's DiscoverInstances: the instances a client finds by namespace and service name.

``HealthStatus`` (AWS's API reference): HEALTHY (the default) answers healthy instances,
UNHEALTHY unhealthy ones, ALL every one, HEALTHY_OR_ELSE_ALL the healthy ones or, when none
is healthy, all. Instances of a service without a health check report UNKNOWN and count as
healthy. ``QueryParameters``: only instances whose attributes have every given value.
``OptionalParameters``: those matching all of them when any does, else the query's answer as
it was. AWS answers up to ``MaxResults`` (default 100) in no promised order; ecslearn answers
them in registration order. The namespace is found by its HTTP name (its name).
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import CloudMapServiceNotFound, NamespaceNotFound
from ecslearn.model.service_discovery import CloudMapInstance
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery.common import cloud_map


def _matching(instances: list[CloudMapInstance], wanted: dict[str, str]) -> list[CloudMapInstance]:
    return [i for i in instances if all(i.attributes.get(k) == v for k, v in wanted.items())]


@operation("DiscoverInstances", "servicediscovery")
def discover_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    state = cloud_map(ctx)
    namespace = state.namespace_named(request["NamespaceName"])
    if namespace is None:
        raise NamespaceNotFound(
            "Namespace not found",
            hint="NamespaceName is the namespace's name (list_namespaces), not its ID.",
        )
    service = state.service_named(namespace.id, request["ServiceName"])
    if service is None:
        raise CloudMapServiceNotFound(
            "Service not found",
            hint=f"list_services(Filters=[{{'Name': 'NAMESPACE_ID', 'Values': "
            f"['{namespace.id}']}}]) names the namespace's services.",
        )
    health = {i.id: i.health(ctx.now, service.custom_health) for i in service.instances.values()}
    found = _matching(list(service.instances.values()), request.get("QueryParameters") or {})
    optional = request.get("OptionalParameters") or {}
    if optional and _matching(found, optional):
        found = _matching(found, optional)
    wanted = request.get("HealthStatus", "HEALTHY")
    healthy = [i for i in found if health[i.id] != "UNHEALTHY"]
    if wanted == "HEALTHY" or (wanted == "HEALTHY_OR_ELSE_ALL" and healthy):
        found = healthy
    elif wanted == "UNHEALTHY":
        found = [i for i in found if health[i.id] == "UNHEALTHY"]
    found = found[: request.get("MaxResults", 100)]
    return {
        "Instances": [
            {
                "InstanceId": i.id,
                "NamespaceName": namespace.name,
                "ServiceName": service.name,
                "HealthStatus": health[i.id],
                "Attributes": dict(i.attributes),
            }
            for i in found
        ],
        "InstancesRevision": service.revision,
    }
