"""PutAttributes, ListAttributes, DeleteAttributes: custom labels on container instances."""

from __future__ import annotations

import re
from typing import Any

from ecslearn.control.paging import paged_response
from ecslearn.control.services import reconcile
from ecslearn.errors import (
    AttributeLimitExceededException,
    InvalidParameterException,
    TargetNotFoundException,
)
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.services.handlers import RequestContext, operation

ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_./\\-]{1,128}$")
ATTRIBUTE_VALUE = re.compile(r"^[A-Za-z0-9_.@/:()\\ -]{1,128}$")
MAX_CUSTOM_ATTRIBUTES = 10
#: Attributes ECS and the agent set; they do not count against the custom limit.
BUILT_IN_PREFIXES = ("ecs.", "com.amazonaws.ecs.")
TARGET_TYPE = "container-instance"


def is_custom(name: str) -> bool:
    return not name.startswith(BUILT_IN_PREFIXES)


def check_attribute(name: str, value: str | None) -> None:
    if not ATTRIBUTE_NAME.match(name):
        raise InvalidParameterException(
            f"Attribute name '{name}' is invalid: use 1-128 letters, numbers, hyphens, "
            "underscores, periods and slashes."
        )
    if value is not None and not ATTRIBUTE_VALUE.match(value):
        raise InvalidParameterException(
            f"Attribute value '{value}' of '{name}' is invalid: use 1-128 letters, numbers, "
            "hyphens, underscores, periods, at signs, slashes, colons, parentheses and spaces."
        )


def _target(ctx: RequestContext, cluster_name: str, raw: dict[str, Any]) -> ContainerInstance:
    target_type = raw.get("targetType") or TARGET_TYPE
    if target_type != TARGET_TYPE:
        raise InvalidParameterException(
            f"targetType must be '{TARGET_TYPE}'; it was '{target_type}'."
        )
    target_id = raw.get("targetId")
    if not target_id:
        raise InvalidParameterException(  # ecslearn's wording
            f"Attribute '{raw['name']}' needs a 'targetId'.",
            hint="The targetId is the container instance's ID or ARN.",
        )
    instance = ctx.state.find_instance(cluster_name, target_id)
    if instance is None or instance.status == "INACTIVE":
        raise TargetNotFoundException(  # ecslearn's wording
            f"Could not find {target_id} in cluster '{cluster_name}'.",
            hint="Check the container instance ID and that it is registered in this cluster.",
        )
    return instance


def _echo(instance: ContainerInstance, name: str, value: str | None) -> dict[str, Any]:
    out = {"name": name, "targetType": TARGET_TYPE, "targetId": instance.container_instance_arn}
    if value is not None:
        out["value"] = value
    return out


@operation("PutAttributes")
def put_attributes(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    name = cluster.cluster_name or ""
    planned: list[tuple[ContainerInstance, str, str | None]] = []
    for raw in request["attributes"]:
        check_attribute(raw["name"], raw.get("value"))
        planned.append((_target(ctx, name, raw), raw["name"], raw.get("value")))
    # Check the limit on the result before changing anything.
    for instance in {id(i): i for i, _, _ in planned}.values():
        custom = {a.name for a in instance.attributes or [] if is_custom(a.name)}
        custom |= {n for i, n, _ in planned if i is instance and is_custom(n)}
        if len(custom) > MAX_CUSTOM_ATTRIBUTES:
            raise AttributeLimitExceededException(  # ecslearn's wording
                f"Container instance {instance.id} would have {len(custom)} custom attributes; "
                f"the limit is {MAX_CUSTOM_ATTRIBUTES}.",
                hint="Delete some with delete_attributes first.",
            )
    for instance, attr_name, value in planned:
        instance.set_attribute(attr_name, value)
        instance.version = (instance.version or 0) + 1
    reconcile.attributes_changed(ctx.world, ctx.state)
    return {"attributes": [_echo(i, n, v) for i, n, v in planned]}


@operation("DeleteAttributes")
def delete_attributes(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    name = cluster.cluster_name or ""
    planned = [
        (_target(ctx, name, raw), raw["name"], raw.get("value")) for raw in request["attributes"]
    ]
    for instance, attr_name, _ in planned:
        if instance.remove_attribute(attr_name):
            instance.version = (instance.version or 0) + 1
    reconcile.attributes_changed(ctx.world, ctx.state)
    return {"attributes": [_echo(i, n, v) for i, n, v in planned]}


@operation("ListAttributes")
def list_attributes(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    if request["targetType"] != TARGET_TYPE:
        raise InvalidParameterException(f"targetType must be '{TARGET_TYPE}'.")
    wanted_name, wanted_value = request.get("attributeName"), request.get("attributeValue")
    if wanted_value is not None and wanted_name is None:
        raise InvalidParameterException(
            "attributeValue can only be used together with attributeName."
        )
    found = [
        _echo(instance, attr.name, attr.value)
        for instance in ctx.state.instances_in(cluster.cluster_name or "")
        if instance.status != "INACTIVE"
        for attr in instance.attributes or []
        if (wanted_name is None or attr.name == wanted_name)
        and (wanted_value is None or attr.value == wanted_value)
    ]
    return paged_response("attributes", found, request)
