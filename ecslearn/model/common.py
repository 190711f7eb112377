"""Small shapes shared by several ECS objects."""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.model.base import EcsObject


@dataclass(kw_only=True)
class Attribute(EcsObject):
    """A name (and optional value) on a container instance, like a Kubernetes node label."""

    name: str
    value: str | None = None
    target_type: str | None = None
    target_id: str | None = None


@dataclass(kw_only=True)
class Tag(EcsObject):
    """A resource tag: ``{"key": ..., "value": ...}``."""

    key: str | None = None
    value: str | None = None


def tags_to_dict(tags: list[Tag] | None) -> dict[str, str]:
    return {t.key or "": t.value or "" for t in tags or []}


def dict_to_tags(mapping: dict[str, str]) -> list[Tag]:
    return [Tag(key=k, value=v) for k, v in mapping.items()]
