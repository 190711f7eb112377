"""Requests made from botocore's input shapes: valid-shaped ones, and mutations of them.

`shaped` walks an operation's input shape and fills every required member and some optional ones
with values of the right type and within the model's bounds (enum values from the enum, lengths
and ranges from ``min``/``max``), taking names from the world (`names.Names`) where a member names
something. botocore's own parameter validation accepts what it makes, so it can go through a stock
boto3 client. `mutate` then breaks such a request the ways a careless or hostile client would:
wrong types, missing required members, negative and huge numbers, garbage strings, unknown enum
values, empty and overlong lists, unknown members. Mutated requests go on the wire as JSON, past
botocore's validation, so the simulation's own door has to refuse them.
"""

from __future__ import annotations

import copy
import random
import string
from typing import Any

from botocore.model import Shape

from tests.fuzz.names import Names

#: How deep `shaped` goes into nested structures before it fills only required members.
MAX_DEPTH = 4
GARBAGE_STRINGS = (
    "",
    " ",
    "\x00",
    "null",
    "NaN",
    "-1",
    "💥" * 4,
    "../../etc/passwd",
    "arn:aws:ecs:us-east-1:123456789012:nothing/here",
    "a" * 5000,
    "%s%n",
    "{}",
)
WRONG_TYPES: tuple[Any, ...] = ("a string", 7, 2.5, True, None, [], {}, ["x"], {"k": "v"})
NUMBERS: tuple[Any, ...] = (-1, 0, -(2**31) - 1, 2**31, 2**63, 10**30, 1e308, -1e-9, 0.5)


def shaped(
    shape: Shape | None,
    rng: random.Random,
    names: Names,
    *,
    optional: float = 0.25,
    member: str | None = None,
    depth: int = 0,
) -> Any:
    """A value of `shape` that botocore's validation accepts; `optional` is the chance of each
    optional member being present."""
    if shape is None:
        return {}
    pool = names.for_member(member)
    kind = shape.type_name
    if pool and rng.random() < 0.9:
        typed = [v for v in pool if isinstance(v, int if kind in ("integer", "long") else str)]
        if kind in ("string", "integer", "long") and typed:
            return rng.choice(typed)
        if kind == "list" and shape.member.type_name == "string":
            low = shape.metadata.get("min", 1)
            return rng.sample(pool, min(len(pool), max(low, rng.choice([1, 1, 2, 3]))))
    if kind == "structure" and getattr(shape, "is_tagged_union", False):  # exactly one member
        name = rng.choice(list(shape.members))
        return {name: shaped(shape.members[name], rng, names, member=name, depth=depth + 1)}
    if kind == "structure":
        value = {}
        for name, inner in shape.members.items():
            wanted = name in shape.required_members or (
                depth < MAX_DEPTH and rng.random() < optional
            )
            if wanted:
                value[name] = shaped(
                    inner, rng, names, optional=optional, member=name, depth=depth + 1
                )
        return value
    if kind == "list":
        low, high = shape.metadata.get("min", 0), shape.metadata.get("max", 3)
        count = rng.randint(low, max(low, min(high, 3 if depth < MAX_DEPTH else low)))
        return [
            shaped(shape.member, rng, names, optional=optional, member=member, depth=depth + 1)
            for _ in range(count)
        ]
    if kind == "map":
        return {
            _text(rng, shape.key): shaped(shape.value, rng, names, depth=depth + 1)
            for _ in range(rng.randint(0, 2))
        }
    if kind == "string":
        enum = shape.enum
        return rng.choice(enum) if enum else _text(rng, shape)
    if kind in ("integer", "long"):
        low = shape.metadata.get("min", 0)
        high = shape.metadata.get("max", low + 10)
        return rng.choice([low, min(high, low + 1), rng.randint(low, min(high, low + 10)), high])
    if kind in ("double", "float"):
        return round(rng.uniform(0, 100), 2)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "timestamp":
        return rng.choice([0, 1_700_000_000])
    if kind == "blob":
        return b"ecslearn"
    return None


def _text(rng: random.Random, shape: Shape) -> str:
    low = shape.metadata.get("min", 1)
    length = max(low, rng.choice([1, 3, 8]))
    return "".join(rng.choice(string.ascii_lowercase + string.digits + "-") for _ in range(length))


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value that a mutation can touch (the root is the empty path)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def mutate(request: dict[str, Any], rng: random.Random, shape: Shape | None) -> Any:
    """`request` broken in one to three places."""
    request = copy.deepcopy(request)
    for _ in range(rng.randint(1, 3)):
        where = rng.choice(paths(request))
        if not where:  # the whole request
            if rng.random() < 0.3 and shape is not None and shape.members:
                request[rng.choice(list(shape.members))] = copy.deepcopy(rng.choice(WRONG_TYPES))
            continue
        parent: Any = request
        for step in where[:-1]:
            parent = parent[step]
        key, current = where[-1], parent[where[-1]]
        how = rng.choice(["type", "delete", "number", "garbage", "enum", "empty", "long", "add"])
        if how == "type":
            parent[key] = copy.deepcopy(
                rng.choice([t for t in WRONG_TYPES if type(t) is not type(current)])
            )
        elif how == "delete" and isinstance(parent, dict):
            del parent[key]
        elif how == "number":
            parent[key] = rng.choice(NUMBERS)
        elif how == "garbage":
            parent[key] = rng.choice(GARBAGE_STRINGS)
        elif how == "enum":
            parent[key] = "NOT_A_" + (str(current).upper()[:20] or "VALUE")
        elif how == "empty":
            parent[key] = [] if isinstance(current, list) or rng.random() < 0.5 else {}
        elif how == "long" and isinstance(current, list):
            parent[key] = (current or ["x"]) * rng.choice([2, 11, 101])
        elif how == "add" and isinstance(current, dict):
            current[rng.choice(["x", "unknownMember", "Name", ""])] = copy.deepcopy(
                rng.choice(WRONG_TYPES)
            )
    return request
