"""The one piece of machinery every model class shares: conversion to and from ECS JSON.

A model class is a plain dataclass whose field names are the snake_case of ECS's camelCase
members (``memory_reservation`` <-> ``memoryReservation``). Members ecslearn does not model go
into ``extra`` and come back out unchanged, so a task definition copied from the AWS docs
survives a round trip even when it uses settings the simulator ignores.

Conversion is driven by the type hints, so a class declares its shape once and nothing else.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T", bound="EcsObject")


def camel(name: str) -> str:
    """``memory_reservation`` -> ``memoryReservation``; ``ec2_instance_id`` -> ``ec2InstanceId``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclasses.dataclass(frozen=True)
class _FieldSpec:
    attr: str
    key: str
    kind: str  # "plain", "object", "list", "dict"
    item: type | None  # the EcsObject class for object/list/dict kinds


def _unwrap_optional(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


_ATOMS = frozenset({str, int, float, bool, type(None)})


def plain_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (what `to_json` hands out), several times cheaper than
    `copy.deepcopy` for the strings and numbers most members are: every answer copies every
    member of every object in it. Anything else goes to `copy.deepcopy`."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    # The atoms are tested inline, not by a call per item: most items are strings.
    if kind is list:
        return [item if type(item) in _ATOMS else plain_copy(item) for item in value]
    if kind is dict:
        return {
            key: item if type(item) in _ATOMS else plain_copy(item) for key, item in value.items()
        }
    return copy.deepcopy(value)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, EcsObject)


@dataclasses.dataclass(kw_only=True)
class EcsObject:
    """Base of every ECS object; ``extra`` keeps the members ecslearn does not model."""

    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=True)

    @classmethod
    @functools.cache
    def _specs(cls) -> tuple[_FieldSpec, ...]:
        hints = typing.get_type_hints(cls)
        specs = []
        for f in dataclasses.fields(cls):
            if f.name == "extra" or f.metadata.get("internal"):
                continue
            hint = _unwrap_optional(hints[f.name])
            origin, args = typing.get_origin(hint), typing.get_args(hint)
            key = f.metadata.get("json", camel(f.name))
            if _is_model(hint):
                specs.append(_FieldSpec(f.name, key, "object", hint))
            elif origin is list and args and _is_model(args[0]):
                specs.append(_FieldSpec(f.name, key, "list", args[0]))
            elif origin is dict and len(args) == 2 and _is_model(args[1]):
                specs.append(_FieldSpec(f.name, key, "dict", args[1]))
            else:
                specs.append(_FieldSpec(f.name, key, "plain", None))
        return tuple(specs)

    @classmethod
    def from_json(cls: type[T], data: dict[str, Any]) -> T:
        """Build from the ECS JSON shape. The data must already match botocore's shape for it
        (the dispatcher checks requests against the service model before they get here)."""
        data = dict(data)
        kwargs: dict[str, Any] = {}
        for spec in cls._specs():
            if spec.key not in data:
                continue
            value = data.pop(spec.key)
            if value is None:
                kwargs[spec.attr] = None
            elif spec.kind == "object":
                kwargs[spec.attr] = spec.item.from_json(value)
            elif spec.kind == "list":
                kwargs[spec.attr] = [spec.item.from_json(v) for v in value]
            elif spec.kind == "dict":
                kwargs[spec.attr] = {k: spec.item.from_json(v) for k, v in value.items()}
            else:
                kwargs[spec.attr] = plain_copy(value)
        return cls(**kwargs, extra=plain_copy(data))

    def to_json(self) -> dict[str, Any]:
        """The ECS JSON shape: members that are None are left out, as AWS leaves them out."""
        return _writer(type(self))(self)

    def copy(self: T) -> T:
        """A deep copy. Model objects hold plain data (strings, numbers, lists, dicts and other
        model objects), which `deep_copy` copies directly, several times faster than
        `copy.deepcopy`'s generic reduce-and-rebuild (RegisterTaskDefinition and
        RegisterContainerInstance copy on every call); anything else goes to `copy.deepcopy`."""
        twin = object.__new__(type(self))
        twin.__dict__.update({name: deep_copy(value) for name, value in self.__dict__.items()})
        return twin


def deep_copy(value: Any) -> Any:
    """`plain_copy`, which also copies model objects (with `EcsObject.copy`)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [deep_copy(item) for item in value]
    if kind is dict:
        return {key: deep_copy(item) for key, item in value.items()}
    if isinstance(value, EcsObject):
        return value.copy()
    return copy.deepcopy(value)


@functools.cache
def _writer(cls: type[EcsObject]) -> Callable[[EcsObject], dict[str, Any]]:
    """`to_json` for one class, written out member by member from its field specs, once.

    Every answer converts every object in it, so the generic loop (a spec lookup, a getattr and
    a kind test per member) was a large part of what a Describe call costs. This is that loop
    unrolled: the same members, the same order, the same copies.
    """
    lines = ["def to_json(self):", "    out = {}"]
    for spec in cls._specs():
        key = repr(spec.key)
        lines += [f"    value = self.{spec.attr}", "    if value is not None:"]
        if spec.kind == "object":
            lines.append(f"        out[{key}] = value.to_json()")
        elif spec.kind == "list":
            lines.append(f"        out[{key}] = [item.to_json() for item in value]")
        elif spec.kind == "dict":
            lines.append(f"        out[{key}] = {{k: item.to_json() for k, item in value.items()}}")
        else:
            copied = "value if type(value) in ATOMS else plain_copy(value)"
            lines.append(f"        out[{key}] = {copied}")
    lines += [
        "    for key, value in self.extra.items():",
        "        if key not in out:",
        "            out[key] = plain_copy(value)",
        "    return out",
    ]
    namespace: dict[str, Any] = {"ATOMS": _ATOMS, "plain_copy": plain_copy}
    exec("\n".join(lines), namespace)  # the source is built from the class's own fields
    return namespace["to_json"]


def named(key: str, default: Any = None) -> Any:
    """A member whose ECS name is not the plain camelCase of the field (``bindIP``)."""
    return dataclasses.field(default=default, metadata={"json": key})


def internal(default: Any = None, **kwargs: Any) -> Any:
    """A field ecslearn keeps for itself and never shows in ECS JSON."""
    if "default_factory" in kwargs:
        return dataclasses.field(metadata={"internal": True}, repr=False, **kwargs)
    return dataclasses.field(default=default, metadata={"internal": True}, repr=False, **kwargs)
