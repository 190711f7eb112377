"""Sample values for any botocore shape, in the three forms a round trip needs: what a boto3
caller passes (datetimes, bytes), what ecslearn's handlers hold (epoch seconds, base64 text),
and what botocore's parsers return (datetimes, bytes)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from botocore.model import Shape

WHEN = dt.datetime(2025, 1, 6, 9, 0, 0, 125000, tzinfo=dt.timezone.utc)
BLOB = b"ecslearn \x00\xff"
#: Deep enough for every member of the shapes in these tests that are not recursive.
MAX_DEPTH = 8


def caller_value(shape: Shape, name: str = "v", depth: int = 0) -> Any:
    """A value botocore's serializers accept for `shape`: every member, two list items (None
    past `MAX_DEPTH`, and its container leaves it out)."""
    kind = shape.type_name
    if kind == "structure":
        if depth >= MAX_DEPTH:
            return None  # a recursive shape: stop (its container leaves it out)
        members = {
            member_name: caller_value(member, member_name, depth + 1)
            for member_name, member in shape.members.items()
            if not member.serialization.get("location")  # headers and URI: not query members
        }
        members = {k: v for k, v in members.items() if v is not None}
        if shape.metadata.get("union"):  # a tagged union has exactly one member set
            members = dict(list(members.items())[:1])
        # Emptied by the depth limit: leave it out too (an empty structure is not sent).
        return None if shape.members and not members else members
    if kind == "list":
        items = [caller_value(shape.member, name, depth + 1) for _ in range(2)]
        return None if None in items else items
    if kind == "map":
        items = {f"key<{i}>&": caller_value(shape.value, name, depth + 1) for i in range(2)}
        return None if None in items.values() else items
    if kind == "string":
        return shape.enum[0] if shape.enum else f"{name} <&> 'x'"
    if kind in ("integer", "long"):
        return 3
    if kind in ("float", "double"):
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return WHEN
    if kind == "blob":
        return BLOB
    raise AssertionError(f"no sample for {kind}")


def handler_value(value: Any, shape: Shape) -> Any:
    """`value` as ecslearn's handlers hold it (JSON's types)."""
    kind = shape.type_name
    if kind == "structure":
        return {k: handler_value(v, shape.members[k]) for k, v in value.items()}
    if kind == "list":
        return [handler_value(v, shape.member) for v in value]
    if kind == "map":
        return {k: handler_value(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        return value.timestamp()
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value
