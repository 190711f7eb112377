"""What Cloud Map's handlers share: IDs and ARNs as AWS writes them, lookups that raise Cloud
Map's errors, tags, paging, and the JSON of a namespace and a service.

IDs: ``ns-`` and ``srv-`` followed by 16 lower-case letters and digits (AWS's documented
examples: ``ns-e4anhexample0004``, ``srv-e4anhexample0004``); an operation's ID is 32 such
characters, a hyphen and 8 more (as GetOperation's examples show). ARNs:
``arn:aws:servicediscovery:<region>:<account>:namespace/<id>`` and ``.../service/<id>``.
Wherever Cloud Map takes an ``Id`` it takes the resource's ARN too (shared namespaces), so both
are accepted.

Messages: "Namespace not found" is AWS's text (quoted in kubernetes-sigs/external-dns#5180);
the other not-found messages follow it ("Service not found", "Instance not found", "Operation
not found"); the rest are ecslearn's wording.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from ecslearn.control.paging import offset_page
from ecslearn.errors import (
    CloudMapServiceNotFound,
    InstanceNotFound,
    InvalidInput,
    NamespaceNotFound,
    TooManyTagsException,
)
from ecslearn.model.service_discovery import (
    MAX_TAGS,
    CloudMapInstance,
    CloudMapNamespace,
    CloudMapService,
    ServiceDiscoveryState,
)

if TYPE_CHECKING:
    from ecslearn.services.handlers import RequestContext

ALPHABET = string.ascii_lowercase + string.digits


def cloud_map(ctx: RequestContext) -> ServiceDiscoveryState:
    return ctx.state.service_discovery


def random_id(ctx: RequestContext, length: int) -> str:
    return "".join(ctx.rng.choice(ALPHABET) for _ in range(length))


def arn(ctx: RequestContext, kind: str, resource_id: str) -> str:
    return f"arn:aws:servicediscovery:{ctx.region}:{ctx.account}:{kind}/{resource_id}"


def _id_of(reference: str) -> str:
    """An ID from an ID or an ARN."""
    return reference.rsplit("/", 1)[-1] if reference.startswith("arn:") else reference


def find_namespace(ctx: RequestContext, reference: str) -> CloudMapNamespace:
    namespace = cloud_map(ctx).namespaces.get(_id_of(reference))
    if namespace is None or not namespace.visible:
        raise NamespaceNotFound(
            "Namespace not found",
            hint="list_namespaces shows the namespaces whose creation has finished; a new one "
            "appears when its operation (get_operation) reaches SUCCESS.",
        )
    return namespace


def find_service(ctx: RequestContext, reference: str) -> CloudMapService:
    service = cloud_map(ctx).services.get(_id_of(reference))
    if service is None:
        raise CloudMapServiceNotFound(
            "Service not found", hint="list_services shows the Cloud Map services' IDs (srv-...)."
        )
    return service


def find_instance(service: CloudMapService, instance_id: str) -> CloudMapInstance:
    instance = service.instances.get(instance_id)
    if instance is None:
        raise InstanceNotFound(
            "Instance not found",
            hint=f"list_instances(ServiceId='{service.id}') shows the registered instances.",
        )
    return instance


def checked_tags(raw: list[dict[str, Any]] | None, existing: dict[str, str]) -> dict[str, str]:
    """`existing` with `raw` (``[{"Key", "Value"}]``) added; Cloud Map allows 50 tags."""
    merged = dict(existing)
    for tag in raw or []:
        if tag["Key"].lower().startswith("aws:"):
            raise InvalidInput(  # ecslearn's wording
                f"Tag key '{tag['Key']}' starts with 'aws:', a prefix AWS reserves for itself."
            )
        merged[tag["Key"]] = tag["Value"]
    if len(merged) > MAX_TAGS:
        raise TooManyTagsException(
            f"A resource can have at most {MAX_TAGS} tags; this would give it {len(merged)}."
        )
    return merged


def tags_json(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def page(
    items: list[Any], request: dict[str, Any], size: int = 100
) -> tuple[list[Any], str | None]:
    """One page of a List* answer (MaxResults, NextToken; Cloud Map's default page is 100)."""

    def bad(token: str) -> InvalidInput:
        return InvalidInput("Invalid NextToken.")  # ecslearn's wording

    return offset_page(items, request.get("MaxResults", size), request.get("NextToken"), bad)


def namespace_json(ctx: RequestContext, namespace: CloudMapNamespace) -> dict[str, Any]:
    properties: dict[str, Any] = {"HttpProperties": {"HttpName": namespace.name}}
    if namespace.is_dns:
        dns: dict[str, Any] = {"HostedZoneId": namespace.hosted_zone_id}
        if namespace.soa_ttl is not None:
            dns["SOA"] = {"TTL": namespace.soa_ttl}
        properties["DnsProperties"] = dns
    data: dict[str, Any] = {
        "Id": namespace.id,
        "Arn": namespace.arn,
        "ResourceOwner": ctx.account,
        "Name": namespace.name,
        "Type": namespace.type,
        "ServiceCount": len(cloud_map(ctx).services_in(namespace.id)),
        "Properties": properties,
        "CreateDate": namespace.created_at,
    }
    if namespace.description is not None:
        data["Description"] = namespace.description
    if namespace.creator_request_id is not None:
        data["CreatorRequestId"] = namespace.creator_request_id
    return data


def service_json(ctx: RequestContext, service: CloudMapService) -> dict[str, Any]:
    data: dict[str, Any] = {
        "Id": service.id,
        "Arn": service.arn,
        "ResourceOwner": ctx.account,
        "Name": service.name,
        "NamespaceId": service.namespace_id,
        "InstanceCount": len(service.instances),
        "Type": service.type,
        "CreateDate": service.created_at,
        "CreatedByAccount": ctx.account,
    }
    for key, value in (
        ("Description", service.description),
        ("DnsConfig", service.dns_config),
        ("HealthCheckConfig", service.health_check_config),
        ("HealthCheckCustomConfig", service.health_check_custom_config),
        ("CreatorRequestId", service.creator_request_id),
    ):
        if value is not None:
            data[key] = value
    return data
