"""What EC2's handlers share: DryRun, filters, tags, paging and the EC2 state of a request.

Filters follow EC2's rule: every filter must match, and a filter matches when any of its values
does; values may use ``*`` and ``?`` wildcards. ``tag:<key>`` matches a tag's value, ``tag-key``
a tag's key. A filter name the operation does not know is refused, as EC2 refuses it.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import offset_page
from ecslearn.errors import DryRunOperation, InvalidParameterException, InvalidParameterValue
from ecslearn.model.ec2 import Ec2State
from ecslearn.services.handlers import RequestContext

T = TypeVar("T")
#: A record's values for each filter name it answers (a list: a filter may match any of them).
Values = dict[str, list[str]]

OWNER_ID = ACCOUNT_ID


def ec2_state(ctx: RequestContext) -> Ec2State:
    return ctx.state.ec2


def dry_run(request: dict[str, Any]) -> None:
    """``DryRun=True``: EC2 answers DryRunOperation instead of doing anything."""
    if request.get("DryRun"):
        raise DryRunOperation("Request would have succeeded, but DryRun flag is set.")


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tags_for(
    request: dict[str, Any], resource_type: str, member: str = "TagSpecifications"
) -> dict:
    """The tags a request's TagSpecifications give resources of `resource_type`."""
    tags: dict[str, str] = {}
    for spec in request.get(member) or []:
        if spec.get("ResourceType") == resource_type:
            for tag in spec.get("Tags") or []:
                if not tag.get("Key"):
                    raise InvalidParameterValue("Tag keys must not be empty.")
                tags[tag["Key"]] = tag.get("Value", "")
    return tags


def _values_match(candidates: Iterable[str], wanted: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(c, w) for c in candidates for w in wanted)


def matches(values: Values, tags: dict[str, str], filters: list[dict[str, Any]]) -> bool:
    """Whether a record with these filter `values` and `tags` passes every filter."""
    for item in filters:
        name = item.get("Name", "")
        wanted = [str(v) for v in item.get("Values") or []]
        if name.startswith("tag:"):
            key = name[4:]
            candidates = [tags[key]] if key in tags else []
        elif name == "tag-key":
            candidates = list(tags)
        elif name == "tag-value":
            candidates = list(tags.values())
        elif name in values:
            candidates = values[name]
        else:
            raise InvalidParameterException(f"The filter '{name}' is invalid")
        if not _values_match(candidates, wanted):
            return False
    return True


def check_filters(filters: list[dict[str, Any]], known: Iterable[str]) -> None:
    """Refuse a filter name the operation does not know, even when nothing is there to filter."""
    names = set(known)
    for item in filters:
        name = item.get("Name", "")
        if not (name in names or name.startswith("tag:") or name in ("tag-key", "tag-value")):
            raise InvalidParameterException(f"The filter '{name}' is invalid")


def filtered(
    records: Iterable[T],
    request: dict[str, Any],
    values: Callable[[T], Values],
    tags: Callable[[T], dict[str, str]],
) -> list[T]:
    filters = request.get("Filters") or []
    return [r for r in records if matches(values(r), tags(r), filters)]


def page(
    items: Sequence[T], request: dict[str, Any], *, low: int = 5, high: int = 1000
) -> tuple[list[T], str | None]:
    """EC2's MaxResults/NextToken paging: one page and the token for the next."""
    size = request.get("MaxResults")
    if size is None:
        size = len(items) or 1
    elif not low <= size <= high:
        raise InvalidParameterValue(
            f"Value ( {size} ) for parameter maxResults is invalid. Parameter must be between "
            f"{low} and {high}."
        )
    return offset_page(
        items,
        size,
        request.get("NextToken"),
        lambda bad: InvalidParameterValue(f"The token '{bad[:100]}' is invalid"),
    )


def profile_arn(profile: dict[str, str] | None) -> str | None:
    """An IamInstanceProfile specification ({Arn} or {Name}) as the profile's ARN. ecslearn has
    no IAM: every profile is taken to exist and to carry AmazonEC2ContainerServiceforEC2Role."""
    if not profile:
        return None
    if profile.get("Arn"):
        arn = profile["Arn"]
        if not arn.startswith("arn:aws:iam::") or ":instance-profile/" not in arn:
            raise InvalidParameterValue(
                f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM "
                "Instance Profile ARN"
            )
        return arn
    if profile.get("Name"):
        return f"arn:aws:iam::{ACCOUNT_ID}:instance-profile/{profile['Name']}"
    return None


def profile_id(arn: str) -> str:
    """The profile's ID (``AIPA`` and 17 characters), derived from its ARN."""
    return "AIPA" + hashlib.sha256(arn.encode()).hexdigest()[:17].upper()
