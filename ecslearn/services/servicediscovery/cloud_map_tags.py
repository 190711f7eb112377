"""Cloud Map's TagResource, UntagResource and ListTagsForResource, on namespaces and services
(the resources Cloud Map tags). An ARN of neither is ResourceNotFoundException."""

from __future__ import annotations

from typing import Any

from ecslearn.errors import ResourceNotFoundException
from ecslearn.model.service_discovery import CloudMapNamespace, CloudMapService
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery.common import checked_tags, cloud_map, tags_json


def _resource(ctx: RequestContext, arn: str) -> CloudMapNamespace | CloudMapService:
    state = cloud_map(ctx)
    resource_id = arn.rsplit("/", 1)[-1]
    found: CloudMapNamespace | CloudMapService | None = None
    if ":namespace/" in arn:
        namespace = state.namespaces.get(resource_id)
        found = namespace if namespace is not None and namespace.visible else None
    elif ":service/" in arn:
        found = state.services.get(resource_id)
    if found is None or found.arn != arn:
        raise ResourceNotFoundException(  # ecslearn's wording
            f"No Cloud Map namespace or service has the ARN {arn}."
        )
    return found


@operation("TagResource", "servicediscovery")
def tag_resource(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    resource = _resource(ctx, request["ResourceARN"])
    resource.tags = checked_tags(request["Tags"], resource.tags)
    return {}


@operation("UntagResource", "servicediscovery")
def untag_resource(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    resource = _resource(ctx, request["ResourceARN"])
    for key in request["TagKeys"]:
        resource.tags.pop(key, None)
    return {}


@operation("ListTagsForResource", "servicediscovery")
def list_tags_for_resource(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": tags_json(_resource(ctx, request["ResourceARN"]).tags)}
