"""AddTags, RemoveTags and DescribeTags: tags on ELBv2's load balancers, target groups,
listeners and rules (ELB's API reference).

A resource carries at most 50 tags; AddTags with a key the resource already has replaces its
value; keys beginning ``aws:`` are AWS's own. DescribeTags takes at most 20 ARNs. Every ARN of a
call must name an existing resource, or nothing changes (the not-found error is the resource
type's: LoadBalancerNotFound, TargetGroupNotFound, ListenerNotFound, RuleNotFound). The
messages of the tag refusals are ecslearn's wording; AWS does not publish them.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import DuplicateTagKeys, TooManyTags, ValidationError
from ecslearn.services.elbv2.common import find_balancer, find_group, find_listener, find_rule
from ecslearn.services.handlers import RequestContext, operation

MAX_TAGS = 50
MAX_DESCRIBED = 20


def _tags_of(ctx: RequestContext, resource_arn: str) -> dict[str, str]:
    """The tag dict of the resource `resource_arn` names, by the kind its ARN says."""
    kind = resource_arn.split(":", 5)[-1].split("/", 1)[0]
    if kind == "loadbalancer":
        return find_balancer(ctx, resource_arn).tags
    if kind == "targetgroup":
        return find_group(ctx, resource_arn).tags
    if kind == "listener":
        return find_listener(ctx, resource_arn).tags
    if kind == "listener-rule":
        return find_rule(ctx, resource_arn).tags
    raise ValidationError(f"'{resource_arn[:200]}' is not a valid load balancing resource ARN")


@operation("AddTags", "elbv2")
def add_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    keys = [tag["Key"] for tag in request["Tags"]]
    for key in keys:
        if keys.count(key) > 1:
            raise DuplicateTagKeys(f"Tag key '{key}' is specified more than once")
        if key.lower().startswith("aws:"):
            raise ValidationError("Tag keys starting with 'aws:' are reserved for AWS's use")
    targets = [_tags_of(ctx, arn) for arn in request["ResourceArns"]]
    for tags in targets:
        if len(set(tags) | set(keys)) > MAX_TAGS:
            raise TooManyTags(f"A resource can have at most {MAX_TAGS} tags")
    for tags in targets:
        tags.update({tag["Key"]: tag.get("Value", "") for tag in request["Tags"]})
    return {}


@operation("RemoveTags", "elbv2")
def remove_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    targets = [_tags_of(ctx, arn) for arn in request["ResourceArns"]]
    for tags in targets:
        for key in request["TagKeys"]:
            tags.pop(key, None)
    return {}


@operation("DescribeTags", "elbv2")
def describe_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    arns = request["ResourceArns"]
    if len(arns) > MAX_DESCRIBED:
        raise ValidationError(f"You can describe the tags of at most {MAX_DESCRIBED} resources")
    described = []
    for arn in arns:
        tags = _tags_of(ctx, arn)
        described.append(
            {"ResourceArn": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
        )
    return {"TagDescriptions": described}
