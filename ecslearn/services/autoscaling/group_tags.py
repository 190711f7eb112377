"""A group's tags: CreateOrUpdateTags, DeleteTags, DescribeTags.

A tag with PropagateAtLaunch is copied onto the instances the group launches from then on
(instances already running keep theirs, as on AWS). DescribeTags' filters are AWS's:
``auto-scaling-group``, ``key``, ``value``, ``propagate-at-launch``.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import ValidationError
from ecslearn.services.autoscaling.common import asg_state, find_group, page, tag_json
from ecslearn.services.handlers import RequestContext, operation

FILTERS = ("auto-scaling-group", "key", "value", "propagate-at-launch")


def _checked(ctx: RequestContext, tags: list[dict[str, Any]]) -> None:
    """Every tag names an existing group and a key not reserved (before anything changes)."""
    for tag in tags:
        if tag.get("ResourceType", "auto-scaling-group") != "auto-scaling-group":
            raise ValidationError(f"Invalid resource type: {tag['ResourceType']}")
        find_group(ctx, tag.get("ResourceId") or "")
        if tag["Key"].startswith("aws:"):
            raise ValidationError("Tag keys starting with 'aws:' are reserved for internal use")


@operation("CreateOrUpdateTags", service="autoscaling")
def create_or_update_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    _checked(ctx, request["Tags"])
    for tag in request["Tags"]:
        group = asg_state(ctx).groups[tag["ResourceId"]]
        group.tags[tag["Key"]] = {
            "Value": tag.get("Value", ""),
            "PropagateAtLaunch": bool(tag.get("PropagateAtLaunch", False)),
        }
    return {}


@operation("DeleteTags", service="autoscaling")
def delete_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    _checked(ctx, request["Tags"])
    for tag in request["Tags"]:
        asg_state(ctx).groups[tag["ResourceId"]].tags.pop(tag["Key"], None)
    return {}


@operation("DescribeTags", service="autoscaling")
def describe_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    rows = [
        tag_json(group, key)
        for group in sorted(asg_state(ctx).groups.values(), key=lambda g: g.name)
        for key in sorted(group.tags)
    ]
    for item in request.get("Filters") or []:
        name, values = item.get("Name", ""), set(item.get("Values") or [])
        if name not in FILTERS:
            raise ValidationError(
                f"Filter type {name} is not correct. Allowed Filter types are: " + " ".join(FILTERS)
            )
        field = {"auto-scaling-group": "ResourceId", "key": "Key", "value": "Value"}.get(name)
        if field is None:
            rows = [r for r in rows if str(r["PropagateAtLaunch"]).lower() in values]
        else:
            rows = [r for r in rows if r[field] in values]
    shown, token = page(rows, request)
    answer: dict[str, Any] = {"Tags": shown}
    if token:
        answer["NextToken"] = token
    return answer
