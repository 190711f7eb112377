"""Cloud Map's services: CreateService, GetService, ListServices, DeleteService.

A service's ``Type`` follows from its namespace and DnsConfig, as AWS describes it: ``HTTP`` in
an HTTP namespace (or with ``Type=HTTP`` in a DNS one: found only through DiscoverInstances),
``DNS_HTTP`` with DNS records in a DNS namespace. The rules checked (AWS's API reference):
DnsConfig only in a DNS namespace; a CNAME record alone and with the WEIGHTED routing policy;
HealthCheckConfig (Route 53 health checks) only in a public DNS namespace, and never with
HealthCheckCustomConfig. Names are unique within a namespace (ServiceAlreadyExists). A service
that still has instances cannot be deleted (ResourceInUse: "deregister all instances first").
The messages are ecslearn's wording.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidInput, ResourceInUseFault, ServiceAlreadyExists
from ecslearn.model.service_discovery import CloudMapNamespace, CloudMapService
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery.common import (
    arn,
    checked_tags,
    cloud_map,
    find_namespace,
    find_service,
    page,
    random_id,
    service_json,
)


def _checked_dns(namespace: CloudMapNamespace, dns: dict[str, Any] | None) -> dict[str, Any] | None:
    if dns is None:
        return None
    if not namespace.is_dns:
        raise InvalidInput(
            f"The namespace {namespace.id} is an HTTP namespace: its services have no DnsConfig.",
            hint="Leave DnsConfig out; clients find HTTP services with discover_instances.",
        )
    records = dns.get("DnsRecords") or []
    kinds = [r["Type"] for r in records]
    if not records or len(set(kinds)) != len(kinds):
        raise InvalidInput("DnsConfig needs DnsRecords, each record type at most once.")
    policy = dns.get("RoutingPolicy", "MULTIVALUE")
    if "CNAME" in kinds and (len(kinds) > 1 or policy != "WEIGHTED"):
        raise InvalidInput("A CNAME record stands alone, with the WEIGHTED routing policy.")
    return {"NamespaceId": namespace.id, "RoutingPolicy": policy, "DnsRecords": records}


def create(
    ctx: RequestContext, request: dict[str, Any], tags: dict[str, str] | None = None
) -> CloudMapService:
    """A new Cloud Map service from a CreateService request (ECS's Service Connect makes its
    services through the dispatcher, so through here)."""
    dns_request = request.get("DnsConfig")
    reference = request.get("NamespaceId") or (dns_request or {}).get("NamespaceId")
    if not reference:
        raise InvalidInput("CreateService needs a NamespaceId.")
    namespace = find_namespace(ctx, reference)
    name = request["Name"]
    existing = cloud_map(ctx).service_named(namespace.id, name)
    if existing is not None:
        if request.get("CreatorRequestId") and existing.creator_request_id == request.get(
            "CreatorRequestId"
        ):
            return existing  # a retry of the same request
        raise ServiceAlreadyExists(
            f"Service {name} already exists in namespace {namespace.name} ({existing.id}).",
            hint="Use the existing service (get_service), or choose another name.",
        )
    dns = _checked_dns(namespace, dns_request)
    if namespace.is_dns and dns is None and request.get("Type") != "HTTP":
        raise InvalidInput(
            "A service in a DNS namespace needs DnsConfig, unless its Type is HTTP.",
            hint="DnsConfig={'DnsRecords': [{'Type': 'A', 'TTL': 10}]}",
        )
    health, custom = request.get("HealthCheckConfig"), request.get("HealthCheckCustomConfig")
    if health is not None and custom is not None:
        raise InvalidInput("Give HealthCheckConfig or HealthCheckCustomConfig, not both.")
    if health is not None and namespace.type != "DNS_PUBLIC":
        raise InvalidInput(
            "HealthCheckConfig (a Route 53 health check) is for public DNS namespaces only.",
            hint="Use HealthCheckCustomConfig in a private DNS or HTTP namespace.",
        )
    service_id = f"srv-{random_id(ctx, 16)}"
    service = CloudMapService(
        id=service_id,
        arn=arn(ctx, "service", service_id),
        name=name,
        namespace_id=namespace.id,
        created_at=ctx.now,
        type="DNS_HTTP" if dns is not None else "HTTP",
        description=request.get("Description"),
        dns_config=dns,
        health_check_config=health,
        health_check_custom_config=custom,
        creator_request_id=request.get("CreatorRequestId"),
        tags=checked_tags(request.get("Tags"), tags or {}),
    )
    cloud_map(ctx).services[service_id] = service
    ctx.world.record(
        "cloudmap",
        f"Cloud Map service {name} created in {namespace.name}",
        details={"service": service_id, "namespace": namespace.id, "region": ctx.region},
    )
    return service


@operation("CreateService", "servicediscovery")
def create_service(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return {"Service": service_json(ctx, create(ctx, request))}


@operation("GetService", "servicediscovery")
def get_service(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return {"Service": service_json(ctx, find_service(ctx, request["Id"]))}


@operation("ListServices", "servicediscovery")
def list_services(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    services = list(cloud_map(ctx).services.values())
    for raw in request.get("Filters") or []:
        condition = raw.get("Condition", "EQ")
        values = raw["Values"]
        if condition not in ("EQ", "IN") or not values:
            raise InvalidInput(f"The {raw['Name']} filter takes EQ or IN and at least one value.")
        if raw["Name"] == "NAMESPACE_ID":
            services = [s for s in services if s.namespace_id in values]
    items, token = page(services, request)
    summaries = []
    for service in items:
        data = service_json(ctx, service)
        data.pop("CreatorRequestId", None)
        data.pop("NamespaceId", None)  # ServiceSummary has neither
        summaries.append(data)
    response: dict[str, Any] = {"Services": summaries}
    if token:
        response["NextToken"] = token
    return response


@operation("DeleteService", "servicediscovery")
def delete_service(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["Id"])
    if service.instances:
        raise ResourceInUseFault(
            f"The service {service.id} has {len(service.instances)} registered instances; "
            "deregister them first.",
            hint="An ECS service registers its tasks: scale it to 0 or delete it first.",
        )
    del cloud_map(ctx).services[service.id]
    ctx.world.record(
        "cloudmap",
        f"Cloud Map service {service.name} deleted",
        details={"service": service.id, "region": ctx.region},
    )
    return {}
