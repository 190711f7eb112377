"""Container instances: EC2 hosts whose ECS agent has registered them in a cluster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal
from ecslearn.model.common import Attribute

#: Ports the Linux agent reserves on every instance (docker, SSH and the agent's own).
DEFAULT_RESERVED_PORTS = ("22", "2375", "2376", "51678", "51679")


@dataclass(kw_only=True)
class Resource(EcsObject):
    """One of CPU, MEMORY (INTEGER) or PORTS, PORTS_UDP (STRINGSET)."""

    name: str | None = None
    type: str | None = None
    double_value: float | None = None
    long_value: int | None = None
    integer_value: int | None = None
    string_set_value: list[str] | None = None

    @classmethod
    def integer(cls, name: str, value: int) -> Resource:
        return cls(name=name, type="INTEGER", double_value=0.0, long_value=0, integer_value=value)

    @classmethod
    def string_set(cls, name: str, values: list[str]) -> Resource:
        return cls(
            name=name,
            type="STRINGSET",
            double_value=0.0,
            long_value=0,
            integer_value=0,
            string_set_value=list(values),
        )

    @property
    def value(self) -> Any:
        """An int for INTEGER (and LONG), a float for DOUBLE, a new list for STRINGSET."""
        if self.type == "STRINGSET":
            return list(self.string_set_value or [])
        if self.type == "LONG":
            return self.long_value
        if self.type == "DOUBLE":
            return self.double_value
        return self.integer_value


def resource_value(resources: list[Resource] | None, name: str) -> Any:
    """The value of resource `name` (`Resource.value`), None if absent."""
    for resource in resources or []:
        if resource.name == name:
            return resource.value
    return None


def resource_values(resources: list[Resource] | None) -> dict[str, Any]:
    """Every resource's value by name, in one pass (placement reads all four at once)."""
    return {resource.name or "": resource.value for resource in resources or []}


@dataclass(kw_only=True)
class ContainerInstance(EcsObject):
    """A registered host. ``remaining_resources`` is recomputed by the control plane."""

    container_instance_arn: str | None = None
    ec2_instance_id: str | None = None
    capacity_provider_name: str | None = None
    version: int | None = None
    version_info: dict[str, Any] | None = None
    remaining_resources: list[Resource] | None = None
    registered_resources: list[Resource] | None = None
    status: str | None = None
    status_reason: str | None = None
    agent_connected: bool | None = None
    running_tasks_count: int | None = None
    pending_tasks_count: int | None = None
    agent_update_status: str | None = None
    attributes: list[Attribute] | None = None
    registered_at: float | None = None
    attachments: list[dict[str, Any]] | None = None
    # ecslearn's own bookkeeping, never sent on the wire. (The images pulled onto the instance
    # are its agent's cache: `ecslearn.agents.agent_state.AgentState.images`.)
    cluster_name: str = internal("")
    instance_type: str = internal("")
    zone: str = internal("")

    def __setattr__(self, name: str, value: Any) -> None:
        # Whoever keeps derived data about the instance (the region's placement facts) is told
        # which instance changed: every change to an instance sets one of its fields (resources
        # change with its version, attribute lists are replaced), so this sees them all.
        object.__setattr__(self, name, value)
        watchers = self.__dict__.get("_watchers")
        if watchers is not None:
            watchers.add(self.container_instance_arn or "")

    def watch(self, changed: set[str]) -> None:
        """Add this instance's ARN to `changed` whenever one of its fields is set. (Not a field:
        never saved, compared or shown; a copy of the instance gets a copy of the set.)"""
        object.__setattr__(self, "_watchers", changed)

    @property
    def id(self) -> str:
        """The short ID at the end of the ARN, as the console shows it."""
        return (self.container_instance_arn or "").rsplit("/", 1)[-1]

    def attribute(self, name: str) -> str | None:
        for attr in self.attributes or []:
            if attr.name == name:
                return attr.value
        return None

    def set_attribute(self, name: str, value: str | None) -> None:
        attrs = [a for a in self.attributes or [] if a.name != name]
        attrs.append(Attribute(name=name, value=value))
        self.attributes = attrs

    def remove_attribute(self, name: str) -> bool:
        before = len(self.attributes or [])
        self.attributes = [a for a in self.attributes or [] if a.name != name]
        return len(self.attributes) != before

    def registered(self, name: str) -> Any:
        return resource_value(self.registered_resources, name)

    def remaining(self, name: str) -> Any:
        return resource_value(self.remaining_resources, name)


RESOURCE_NAMES = ("CPU", "MEMORY", "PORTS", "PORTS_UDP")
__all__ = ["DEFAULT_RESERVED_PORTS", "RESOURCE_NAMES", "ContainerInstance", "Resource"]
