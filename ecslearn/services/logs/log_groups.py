"""Log groups: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, the retention policy, and
tags (TagResource/UntagResource/ListTagsForResource; AWS's deprecated TagLogGroup, UntagLogGroup
and ListTagsLogGroup are not simulated)."""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    InvalidParameterException,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    TooManyTagsException,
)
from ecslearn.model.logs import RETENTION_DAYS, LogGroup
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.logs.common import (
    NO_GROUP,
    SERVICE,
    group_arn,
    limited_page,
    logs_of,
    now_ms,
    require_group,
)

MAX_TAGS = 50


@operation("CreateLogGroup", SERVICE)
def create_log_group(ctx: RequestContext, request: dict) -> dict[str, Any]:
    name = request["logGroupName"]
    logs = logs_of(ctx)
    if name in logs.groups:
        # AWS's text (ecs-cli's "Failed to create log group catlogs: The specified log group
        # already exists", aws/amazon-ecs-cli#389)
        raise ResourceAlreadyExistsException("The specified log group already exists")
    tags = dict(request.get("tags") or {})
    if len(tags) > MAX_TAGS:  # CreateLogGroup models no TooManyTagsException
        raise InvalidParameterException(f"A log group can have at most {MAX_TAGS} tags.")
    group = logs.create_group(group_arn(ctx.region, name), name, now_ms(ctx))
    group.tags = tags
    group.log_group_class = request.get("logGroupClass") or "STANDARD"
    ctx.world.record("logs", f"log group {name} created")
    return {}


@operation("DeleteLogGroup", SERVICE)
def delete_log_group(ctx: RequestContext, request: dict) -> dict[str, Any]:
    name = request["logGroupName"]
    require_group(ctx, name)
    del logs_of(ctx).groups[name]
    ctx.world.record("logs", f"log group {name} deleted, with its streams and events")
    return {}


@operation("DescribeLogGroups", SERVICE)
def describe_log_groups(ctx: RequestContext, request: dict) -> dict[str, Any]:
    """Groups in name order; ``logGroupNamePrefix`` or ``logGroupNamePattern`` (a
    case-sensitive substring, as AWS's reference says), never both."""
    prefix, pattern = request.get("logGroupNamePrefix"), request.get("logGroupNamePattern")
    if prefix and pattern:
        # ecslearn's wording (AWS refuses the pair; its text is not known)
        raise InvalidParameterException(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."
        )
    wanted = set(request.get("logGroupIdentifiers") or [])
    names = sorted(logs_of(ctx).groups)
    chosen = [
        n
        for n in names
        if n.startswith(prefix or "")
        and (pattern or "") in n
        and (not wanted or n in wanted or group_arn(ctx.region, n) in wanted)
    ]
    page, token = limited_page(chosen, request, 50, 50)
    now = now_ms(ctx)
    groups = [logs_of(ctx).log_group_named(n, now) for n in page]
    response: dict[str, Any] = {"logGroups": [g.to_json() for g in groups if g is not None]}
    if token:
        response["nextToken"] = token
    return response


@operation("PutRetentionPolicy", SERVICE)
def put_retention_policy(ctx: RequestContext, request: dict) -> dict[str, Any]:
    days = request["retentionInDays"]
    if days not in RETENTION_DAYS:
        # the shape of AWS's validation messages; the set is botocore's model of ``Days``
        raise InvalidParameterException(
            f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to "
            "satisfy constraint: Member must satisfy enum value set: "
            f"[{', '.join(str(d) for d in RETENTION_DAYS)}]"
        )
    group = require_group(ctx, request["logGroupName"])
    group.retention_in_days = days
    group.expire(now_ms(ctx))
    ctx.world.record("logs", f"log group {group.name} keeps events for {days} days")
    return {}


@operation("DeleteRetentionPolicy", SERVICE)
def delete_retention_policy(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, request["logGroupName"])
    group.retention_in_days = None
    ctx.world.record("logs", f"log group {group.name} keeps events for ever")
    return {}


# -- tags ----------------------------------------------------------------------------------------
def _tagged(ctx: RequestContext, arn: str) -> LogGroup:
    """The log group a tagging ARN names (``arn:aws:logs:...:log-group:NAME``, ``:*`` allowed)."""
    marker = ":log-group:"
    if not arn.startswith("arn:") or marker not in arn or ":log-stream:" in arn:
        # ecslearn's wording: only log groups are tagged here
        raise InvalidParameterException(f"{arn} is not a valid log group ARN.")
    name = arn.partition(marker)[2].removesuffix(":*")
    group = logs_of(ctx).groups.get(name)
    if group is None or group.arn != arn.removesuffix(":*"):
        raise ResourceNotFoundException(NO_GROUP)
    return group


def _add_tags(group: LogGroup, tags: dict[str, str]) -> None:
    merged = {**group.tags, **tags}
    if len(merged) > MAX_TAGS:
        # ecslearn's wording; the quota is AWS's (50 tags a log group)
        raise TooManyTagsException(f"A log group can have at most {MAX_TAGS} tags.")
    group.tags = merged


@operation("TagResource", SERVICE)
def tag_resource(ctx: RequestContext, request: dict) -> dict[str, Any]:
    _add_tags(_tagged(ctx, request["resourceArn"]), request["tags"])
    return {}


@operation("UntagResource", SERVICE)
def untag_resource(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = _tagged(ctx, request["resourceArn"])
    for key in request["tagKeys"]:
        group.tags.pop(key, None)
    return {}


@operation("ListTagsForResource", SERVICE)
def list_tags_for_resource(ctx: RequestContext, request: dict) -> dict[str, Any]:
    return {"tags": dict(_tagged(ctx, request["resourceArn"]).tags)}
