"""Checking request and response dicts against botocore's service models, the authority on
every simulated service's shapes.

The same walk serves both directions: requests are checked before a handler sees them (so
handlers can trust types), and in strict mode responses are checked before they leave (so
ecslearn never answers with a member or an enum value real ECS would not send).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape


@functools.cache
def service_model(name: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(name)


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def shape_problems(value: Any, shape: Shape | None, path: str = "") -> list[str]:
    """Every way `value` differs from `shape`, as sentences naming the member's path.

    Every call checks its request and its response, so the common case (nothing wrong) goes
    through a checker compiled once per shape (`conforms`), which builds no paths and no
    sentences; only a value it refuses is walked again to say why."""
    if shape is None or conforms(shape)(value):
        return []
    problems: list[str] = []
    _walk(value, shape, path or shape.name, problems)
    return problems


def _walk(value: Any, shape: Shape, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path} must be an object, not {_describe(value)}")
            return
        members = shape.members
        for name in shape.required_members:
            if name not in value or value[name] is None:
                problems.append(f"{path}.{name} is required")
        for name, item in value.items():
            if name not in members:
                problems.append(f"{path} has no member '{name}'")
            elif item is not None:
                _walk(item, members[name], f"{path}.{name}", problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path} must be a list, not {_describe(value)}")
            return
        for index, item in enumerate(value):
            if item is None:
                problems.append(f"{path}[{index}] must not be null")
            else:
                _walk(item, shape.member, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path} must be a map of keys to values, not {_describe(value)}")
            return
        for key, item in value.items():
            if item is None:
                problems.append(f"{path}[{key!r}] must not be null")
            else:
                _walk(item, shape.value, f"{path}[{key!r}]", problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path} must be a string, not {_describe(value)}")
        elif shape.enum and value not in shape.enum:
            problems.append(f"{path} is {value!r}; it must be one of {', '.join(shape.enum)}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path} must be true or false, not {_describe(value)}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{path} must be a whole number, not {_describe(value)}")
        elif kind == "integer" and not -(2**31) <= value < 2**31:
            problems.append(f"{path} is {value}, outside a 32-bit integer's range")
    elif kind in ("double", "float", "timestamp"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            what = "a timestamp (epoch seconds)" if kind == "timestamp" else "a number"
            problems.append(f"{path} must be {what}, not {_describe(value)}")
        elif not math.isfinite(value):
            problems.append(f"{path} must be a finite number")
    elif kind == "blob" and not isinstance(value, str):
        problems.append(f"{path} must be base64 text, not {_describe(value)}")


# -- the compiled check ------------------------------------------------------------------------
Check = Callable[[Any], bool]
#: id(shape) -> (the shape, kept alive so its id is not reused; its checker). botocore caches
#: its operation models and their shapes, so each shape is compiled once per process.
_COMPILED: dict[int, tuple[Shape, Check]] = {}


def conforms(shape: Shape) -> Check:
    """A predicate true exactly when `_walk` would find no problem with the value."""
    found = _COMPILED.get(id(shape))
    if found is not None:
        return found[1]
    # A placeholder first: a shape that contains itself (a recursive model) finds it.
    late: list[Check] = []
    _COMPILED[id(shape)] = (shape, lambda value: late[0](value))
    check = _compile(shape)
    late.append(check)
    _COMPILED[id(shape)] = (shape, check)
    return check


def _compile(shape: Shape) -> Check:
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape)
    if kind == "list":
        return _items(conforms(shape.member), list, list.__iter__)
    if kind == "map":
        return _items(conforms(shape.value), dict, dict.values)
    if kind == "string":
        if shape.enum:
            allowed = frozenset(shape.enum)
            return lambda value: isinstance(value, str) and value in allowed
        return lambda value: isinstance(value, str)
    if kind == "boolean":
        return lambda value: isinstance(value, bool)
    if kind == "integer":
        return lambda value: (
            isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
        )
    if kind == "long":
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if kind in ("double", "float", "timestamp"):
        return lambda value: (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
    if kind == "blob":
        return lambda value: isinstance(value, str)
    return lambda value: True


def _items(item: Check, kind: type, values: Callable[[Any], Any]) -> Check:
    """A list's (or a map's values') check: each item there and conforming."""

    def check(value: Any) -> bool:
        if not isinstance(value, kind):
            return False
        for each in values(value):  # noqa: SIM110 (a loop: no generator per list checked)
            if each is None or not item(each):
                return False
        return True

    return check


def _structure(shape: Shape) -> Check:
    members = {name: conforms(member) for name, member in shape.members.items()}
    required = tuple(shape.required_members)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for name in required:
            if value.get(name) is None:
                return False
        for name, item in value.items():
            member = members.get(name)
            if member is None or (item is not None and not member(item)):
                return False
        return True

    return check
