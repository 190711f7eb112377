"""Requests drawn from botocore's input shapes: right member names, mostly right types, and
values chosen to be wrong in the ways that matter (empty, too long, negative, huge, names of
things that do not exist, names of things that do), so a handler's own checks are reached
rather than only the dispatcher's shape check."""

from __future__ import annotations

from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

from tests.control.examples import CLUSTER

#: Strings worth trying anywhere: existing names and ARNs, near-misses, junk.
STRINGS = [
    "",
    " ",
    CLUSTER,
    "web",
    "web:1",
    "web:2",
    "web:0",
    "web:x",
    "api",
    "missing",
    "default",
    "arn:aws:ecs:us-east-1:123456789012:cluster/web",
    "arn:aws:ecs:us-east-1:123456789012:service/web/api",
    "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
    "arn:aws:ecs:us-east-1:123456789012:task/web/0123",
    "arn:aws:ecs:eu-west-1:123456789012:cluster/web",
    "arn:aws:iam::123456789012:role/x",
    "arn:bad",
    "service/web/api",
    "ecs:service:DesiredCount",
    "ecs",
    "ECSServiceAverageCPUUtilization",
    "us-east-1a",
    "us-east-1z",
    "latest",
    "sha256:" + "0" * 64,
    "x" * 300,
    "attribute:stack == blue",
    "attribute:stack ==",
    "memory",
    "ALL",
    "ACTIVE",
    "DRAINING",
]
NUMBERS = [-(2**31), -1, 0, 1, 2, 10, 11, 100, 101, 5001, 2**31 - 1]


#: Member names whose values should mostly name what the prepared world has.
LIKELY = {
    "cluster": CLUSTER,
    "service": "api",
    "serviceName": "api",
    "taskDefinition": "web",
    "repositoryName": "web",
    "ResourceId": f"service/{CLUSTER}/api",
    "ServiceNamespace": "ecs",
    "ScalableDimension": "ecs:service:DesiredCount",
}


def value_for(shape: Shape, depth: int = 0, name: str = "") -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        return structure(shape, depth)
    if kind == "list":
        if depth > 4:
            return st.just([])
        return st.lists(value_for(shape.member, depth + 1), max_size=3)
    if kind == "map":
        if depth > 4:
            return st.just({})
        return st.dictionaries(
            st.sampled_from(STRINGS[:12]), value_for(shape.value, depth + 1), max_size=2
        )
    if kind == "string":
        junk = st.sampled_from(STRINGS) | st.text(max_size=8)
        if shape.enum:  # mostly right, or the shape check is all that is reached
            return st.one_of(*[st.sampled_from(shape.enum)] * 5, junk)
        if name in LIKELY:
            return st.one_of(*[st.just(LIKELY[name])] * 3, junk)
        return junk
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return st.sampled_from(NUMBERS) | st.integers(-5, 5000)
    if kind in ("double", "float"):
        return st.sampled_from([-1.0, 0.0, 0.5, 50.0, 1e9]) | st.floats(-10, 1e4)
    if kind == "timestamp":
        return st.sampled_from([0, 1.7e9, -1])
    if kind == "blob":
        return st.sampled_from(["", "e30=", "not base64!"])
    return st.none()


def structure(shape: Shape, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with the required members (mostly) and some optional ones."""
    if depth > 5:
        return st.just({})
    members = shape.members
    required = set(shape.required_members)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, member in members.items():
            likely = name in required or name in LIKELY
            wanted = draw(st.integers(0, 19)) < (19 if likely else 6)
            if wanted:
                out[name] = draw(value_for(member, depth + 1, name))
        return out

    return build()
