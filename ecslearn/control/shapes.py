"""Checking request and response dicts against botocore's service models, the authority on
every simulated service's shapes.

The same walk serves both directions: requests are checked before a handler sees them (so
handlers can trust types), and in strict mode responses are checked before they leave (so
ecslearn never answers with a member or an enum value real ECS would not send).
"""

from __future__ import annotations

import functools
import math
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
    """Every way `value` differs from `shape`, as sentences naming the member's path."""
    if shape is None:
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
