"""EC2's CreateTags and DeleteTags, for the resources ecslearn keeps: instances, security
groups, VPCs, subnets and launch templates. Keys starting with ``aws:`` are AWS's own."""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidParameterValue
from ecslearn.model.ec2 import Ec2State
from ecslearn.services.ec2 import launch_templates
from ecslearn.services.ec2.common import dry_run, ec2_state
from ecslearn.services.ec2.instances import find_instances
from ecslearn.services.ec2.network import find_subnet, find_vpc
from ecslearn.services.ec2.security_groups import find_group
from ecslearn.services.handlers import RequestContext, operation


def _tags_of(ec2: Ec2State, resource: str) -> dict[str, str]:
    """The tag dict of a resource, by its ID (EC2's not-found error for its kind)."""
    if resource.startswith("i-"):
        return find_instances(ec2, [resource])[0].tags
    if resource.startswith("sg-"):
        return find_group(ec2, resource).tags
    if resource.startswith("vpc-"):
        return find_vpc(ec2, resource).tags
    if resource.startswith("subnet-"):
        return find_subnet(ec2, resource).tags
    if resource.startswith("lt-"):
        return launch_templates.find(ec2, resource, None).tags
    raise InvalidParameterValue(f"The ID '{resource}' is not valid")


def _reserved(key: str) -> None:
    if not key:
        raise InvalidParameterValue("Tag keys must not be empty.")
    if key.startswith("aws:"):
        raise InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")


@operation("CreateTags", service="ec2")
def create_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    targets = [_tags_of(ec2, resource) for resource in request["Resources"]]
    for tag in request["Tags"]:
        _reserved(tag.get("Key", ""))
    dry_run(request)
    for tags in targets:
        for tag in request["Tags"]:
            tags[tag["Key"]] = tag.get("Value", "")
    return {}


@operation("DeleteTags", service="ec2")
def delete_tags(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    targets = [_tags_of(ec2, resource) for resource in request["Resources"]]
    for tag in request.get("Tags") or []:
        _reserved(tag.get("Key", ""))
    dry_run(request)
    for tags in targets:
        if not request.get("Tags"):
            for key in [k for k in tags if not k.startswith("aws:")]:
                del tags[key]
        for tag in request.get("Tags") or []:
            if tag.get("Key") in tags and tag.get("Value") in (None, tags[tag["Key"]]):
                del tags[tag["Key"]]
    return {}
