"""Cloud Map's namespaces: CreatePrivateDnsNamespace, CreatePublicDnsNamespace,
CreateHttpNamespace, GetNamespace, ListNamespaces, DeleteNamespace.

Creating one answers an OperationId; the namespace is visible once the operation succeeds
(`ecslearn.services.servicediscovery.operations`). A retry with the same CreatorRequestId
answers the first request's operation instead of making a second namespace (what the parameter
is for: "allows failed requests to be retried without the risk of running the operation
twice"). A name already taken is NamespaceAlreadyExists, carrying the namespace's ID; ecslearn
treats names as unique in the region for every type (AWS allows the same private DNS name in
different VPCs; the simulation keeps one). Deleting one that still has services is
ResourceInUse, as AWS documents ("delete all the services in the namespace first").
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidInput, NamespaceAlreadyExists, ResourceInUseFault
from ecslearn.model.service_discovery import CloudMapNamespace
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery import operations
from ecslearn.services.servicediscovery.common import (
    arn,
    checked_tags,
    cloud_map,
    find_namespace,
    namespace_json,
    page,
    random_id,
)

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def create_namespace(
    ctx: RequestContext, request: dict[str, Any], kind: str, vpc: str | None = None
) -> dict[str, Any]:
    """Accept a new namespace of `kind`: its record now (not yet visible), its operation."""
    state = cloud_map(ctx)
    name, creator = request["Name"], request.get("CreatorRequestId")
    for existing in state.namespaces.values():
        if creator and existing.creator_request_id == creator and existing.name == name:
            done = next(
                o.id
                for o in state.operations.values()
                if o.type == "CREATE_NAMESPACE" and o.targets.get("NAMESPACE") == existing.id
            )
            return {"OperationId": done}
        if existing.name == name and not existing.deleting:
            raise NamespaceAlreadyExists(  # ecslearn's wording
                f"Namespace {name} already exists ({existing.id}).",
                hint="Use the existing namespace, or choose another name.",
            )
    if kind == "DNS_PRIVATE" and vpc not in ctx.state.ec2.vpcs:
        raise InvalidInput(  # ecslearn's wording
            f"The VPC {vpc} does not exist in {ctx.region}.",
            hint="ec2.describe_vpcs() lists the VPCs (the default one is there from the start).",
        )
    tags = checked_tags(request.get("Tags"), {})
    namespace_id = f"ns-{random_id(ctx, 16)}"
    soa = ((request.get("Properties") or {}).get("DnsProperties") or {}).get("SOA") or {}
    namespace = CloudMapNamespace(
        id=namespace_id,
        arn=arn(ctx, "namespace", namespace_id),
        name=name,
        type=kind,
        created_at=ctx.now,
        description=request.get("Description"),
        vpc=vpc,
        hosted_zone_id=(
            "Z" + "".join(ctx.rng.choice(UPPER) for _ in range(20)) if kind != "HTTP" else None
        ),
        soa_ttl=soa.get("TTL", 15 if kind != "HTTP" else None),
        creator_request_id=creator,
        tags=tags,
    )
    state.namespaces[namespace_id] = namespace
    op = operations.start(ctx, "CREATE_NAMESPACE", {"NAMESPACE": namespace_id}, kind)
    return {"OperationId": op.id}


@operation("CreatePrivateDnsNamespace", "servicediscovery")
def create_private_dns_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return create_namespace(ctx, request, "DNS_PRIVATE", request["Vpc"])


@operation("CreatePublicDnsNamespace", "servicediscovery")
def create_public_dns_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return create_namespace(ctx, request, "DNS_PUBLIC")


@operation("CreateHttpNamespace", "servicediscovery")
def create_http_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return create_namespace(ctx, request, "HTTP")


@operation("GetNamespace", "servicediscovery")
def get_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return {"Namespace": namespace_json(ctx, find_namespace(ctx, request["Id"]))}


def _kept(namespace: CloudMapNamespace, raw: dict[str, Any]) -> bool:
    """Whether a namespace passes one ListNamespaces filter (TYPE, NAME, HTTP_NAME,
    RESOURCE_OWNER)."""
    name, values = raw["Name"], raw["Values"]
    condition = raw.get("Condition", "EQ")
    if name == "TYPE":
        field = namespace.type
    elif name == "RESOURCE_OWNER":
        return "SELF" in values or "OTHER_ACCOUNTS" not in values
    else:
        field = namespace.name
    if condition == "BEGINS_WITH":
        return any(field.startswith(v) for v in values)
    return field in values


@operation("ListNamespaces", "servicediscovery")
def list_namespaces(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    filters = request.get("Filters") or []
    for raw in filters:
        allowed = ("EQ", "IN") if raw["Name"] == "TYPE" else ("EQ", "BEGINS_WITH")
        if raw.get("Condition", "EQ") not in allowed or not raw["Values"]:
            raise InvalidInput(  # ecslearn's wording
                f"The {raw['Name']} filter takes the condition {' or '.join(allowed)} and at "
                "least one value."
            )
    found = [
        n for n in cloud_map(ctx).visible_namespaces() if all(_kept(n, raw) for raw in filters)
    ]
    items, token = page(found, request)
    response: dict[str, Any] = {"Namespaces": []}
    for namespace in items:
        data = namespace_json(ctx, namespace)
        data.pop("CreatorRequestId", None)  # NamespaceSummary has no CreatorRequestId
        response["Namespaces"].append(data)
    if token:
        response["NextToken"] = token
    return response


@operation("DeleteNamespace", "servicediscovery")
def delete_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    namespace = find_namespace(ctx, request["Id"])
    services = cloud_map(ctx).services_in(namespace.id)
    if services:
        raise ResourceInUseFault(  # ecslearn's wording
            f"The namespace {namespace.id} has {len(services)} services; delete them first.",
            hint="list_services(Filters=[{'Name': 'NAMESPACE_ID', 'Values': [id]}]) names them.",
        )
    namespace.deleting = True
    op = operations.start(ctx, "DELETE_NAMESPACE", {"NAMESPACE": namespace.id})
    return {"OperationId": op.id}
