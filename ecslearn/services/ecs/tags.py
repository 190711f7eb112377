"""TagResource, UntagResource, ListTagsForResource, and the tag rules every create call shares."""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidParameterException, ResourceNotFoundException
from ecslearn.model.common import Tag, dict_to_tags, tags_to_dict
from ecslearn.services.handlers import RequestContext, operation

MAX_TAGS = 50
MAX_KEY = 128
MAX_VALUE = 256


def checked_tags(request_tags: list[dict[str, Any]] | None, existing: dict[str, str]) -> dict:
    """The tag set after adding `request_tags` to `existing`, or an error if a rule is broken."""
    merged = dict(existing)
    for raw in request_tags or []:
        tag = Tag.from_json(raw)
        if not tag.key:
            raise InvalidParameterException("A tag needs a non-empty 'key'.")
        if len(tag.key) > MAX_KEY or len(tag.value or "") > MAX_VALUE:
            raise InvalidParameterException(
                f"Tag '{tag.key[:40]}' is too long: keys can have {MAX_KEY} characters and "
                f"values {MAX_VALUE}."
            )
        if tag.key.lower().startswith("aws:"):
            raise InvalidParameterException(  # ecslearn's wording
                f"Tag key '{tag.key}' starts with 'aws:', a prefix AWS reserves for itself.",
                hint="Choose another key.",
            )
        merged[tag.key] = tag.value or ""
    if len(merged) > MAX_TAGS:
        raise InvalidParameterException(
            f"A resource can have at most {MAX_TAGS} tags; this would give it {len(merged)}."
        )
    return merged


def tags_json(ctx: RequestContext, arn: str) -> list[dict[str, Any]]:
    return [t.to_json() for t in dict_to_tags(ctx.state.tags.get(arn, {}))]


def _taggable(ctx: RequestContext, arn: str) -> None:
    state = ctx.state
    known = (
        {c.cluster_arn for c in state.clusters.values() if c.status != "INACTIVE"}
        | {i.container_instance_arn for i in state.instances.values() if i.status != "INACTIVE"}
        | {
            td.task_definition_arn
            for revisions in state.task_definitions.values()
            for td in revisions.values()
        }
        | set(state.tasks)
        | set(state.services)
        | {t.task_set_arn for s in state.services.values() for t in s.task_sets or []}
        | {
            p.capacity_provider_arn
            for p in state.capacity_providers.values()
            if p.status != "INACTIVE"
        }
    )
    if arn not in known:
        raise ResourceNotFoundException(  # ecslearn's wording
            f"The specified resource could not be found: '{arn}'.",
            hint="Tags go on an existing cluster, container instance, task definition, task, "
            "service or task set ARN.",
        )


@operation("TagResource")
def tag_resource(ctx: RequestContext, request: dict) -> dict:
    arn = request["resourceArn"]
    _taggable(ctx, arn)
    if not request["tags"]:
        raise InvalidParameterException("'tags' must list at least one tag.")
    ctx.state.tags[arn] = checked_tags(request["tags"], ctx.state.tags.get(arn, {}))
    return {}


@operation("UntagResource")
def untag_resource(ctx: RequestContext, request: dict) -> dict:
    arn = request["resourceArn"]
    _taggable(ctx, arn)
    remaining = {k: v for k, v in ctx.state.tags.get(arn, {}).items()}
    for key in request["tagKeys"]:
        remaining.pop(key, None)
    ctx.state.tags[arn] = remaining
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, request: dict) -> dict:
    arn = request["resourceArn"]
    try:
        _taggable(ctx, arn)
    except ResourceNotFoundException as error:  # not among ListTagsForResource's errors
        raise InvalidParameterException(error.message, error.hint) from None
    return {"tags": tags_json(ctx, arn)}


__all__ = ["checked_tags", "tags_json", "tags_to_dict"]
