"""Task definitions and the container definitions inside them, in ECS's own shape.

Only the members the simulator acts on are named fields; everything else (log configuration,
secrets, volumes, ulimits, ...) rides along in ``extra`` and is returned exactly as registered.
Some of those are still checked and acted on, read from ``extra`` by their own modules:
``logConfiguration`` (`ecslearn.model.log_configuration`) and ``secrets``
(`ecslearn.model.secrets`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecslearn.model.base import EcsObject
from ecslearn.model.common import Attribute


@dataclass(kw_only=True)
class KeyValuePair(EcsObject):
    """One environment variable: ``{"name": ..., "value": ...}``."""

    name: str | None = None
    value: str | None = None


@dataclass(kw_only=True)
class PortMapping(EcsObject):
    """A container port and (in bridge/host mode) the host port it is published on.

    ``host_port`` None or 0 in bridge mode means a dynamic port from the ephemeral range.
    """

    container_port: int | None = None
    host_port: int | None = None
    protocol: str | None = None
    name: str | None = None
    app_protocol: str | None = None
    container_port_range: str | None = None

    @property
    def effective_protocol(self) -> str:
        return self.protocol or "tcp"


@dataclass(kw_only=True)
class HealthCheck(EcsObject):
    """A container health check; ECS fills in the defaults shown here at registration."""

    command: list[str] = field(default_factory=list)
    interval: int | None = None
    timeout: int | None = None
    retries: int | None = None
    start_period: int | None = None


@dataclass(kw_only=True)
class ContainerDependency(EcsObject):
    """``dependsOn`` entry: start this container once ``container_name`` meets ``condition``."""

    container_name: str
    condition: str


@dataclass(kw_only=True)
class ContainerDefinition(EcsObject):
    """One container of a task definition."""

    name: str | None = None
    image: str | None = None
    cpu: int | None = None
    memory: int | None = None
    memory_reservation: int | None = None
    essential: bool | None = None
    port_mappings: list[PortMapping] | None = None
    links: list[str] | None = None
    command: list[str] | None = None
    entry_point: list[str] | None = None
    environment: list[KeyValuePair] | None = None
    depends_on: list[ContainerDependency] | None = None
    health_check: HealthCheck | None = None
    start_timeout: int | None = None
    stop_timeout: int | None = None
    docker_labels: dict[str, str] | None = None
    hostname: str | None = None

    @property
    def is_essential(self) -> bool:
        """``essential`` defaults to true when left out."""
        return self.essential is not False

    @property
    def reserved_memory(self) -> int:
        """What placement subtracts: the soft limit if set, else the hard limit."""
        return self.memory_reservation or self.memory or 0


@dataclass(kw_only=True)
class PlacementConstraint(EcsObject):
    """A placement constraint: ``distinctInstance`` or ``memberOf`` with an expression."""

    type: str | None = None
    expression: str | None = None


@dataclass(kw_only=True)
class TaskDefinition(EcsObject):
    """A registered (or about to be registered) revision of a task definition family."""

    family: str | None = None
    container_definitions: list[ContainerDefinition] = field(default_factory=list)
    task_role_arn: str | None = None
    execution_role_arn: str | None = None
    network_mode: str | None = None
    cpu: str | None = None
    memory: str | None = None
    requires_compatibilities: list[str] | None = None
    placement_constraints: list[PlacementConstraint] | None = None
    volumes: list[dict[str, Any]] | None = None
    pid_mode: str | None = None
    ipc_mode: str | None = None
    # Output members, set by RegisterTaskDefinition.
    task_definition_arn: str | None = None
    revision: int | None = None
    status: str | None = None
    compatibilities: list[str] | None = None
    requires_attributes: list[Attribute] | None = None
    registered_at: float | None = None
    registered_by: str | None = None
    deregistered_at: float | None = None
    delete_requested_at: float | None = None

    @property
    def effective_network_mode(self) -> str:
        return self.network_mode or "bridge"

    def container(self, name: str) -> ContainerDefinition:
        for definition in self.container_definitions:
            if definition.name == name:
                return definition
        raise KeyError(name)

    @property
    def reserved_cpu(self) -> int:
        """CPU units placement reserves: the task-level value, else the containers' sum."""
        if self.cpu:
            return int(self.cpu)
        return sum(c.cpu or 0 for c in self.container_definitions)

    @property
    def reserved_memory(self) -> int:
        """MiB placement reserves: the task-level value, else each container's reservation."""
        if self.memory:
            return int(self.memory)
        return sum(c.reserved_memory for c in self.container_definitions)

    @property
    def family_revision(self) -> str:
        return f"{self.family}:{self.revision}"

    def to_request(self) -> dict[str, Any]:
        """The RegisterTaskDefinition request for this definition: its JSON without the members
        ECS sets on registration (ARN, revision, status, timestamps, ...)."""
        data = self.to_json()
        for member in OUTPUT_MEMBERS:
            data.pop(member, None)
        return data


#: Members of a task definition that only ECS writes (RegisterTaskDefinition does not take them).
OUTPUT_MEMBERS = (
    "taskDefinitionArn",
    "revision",
    "status",
    "compatibilities",
    "requiresAttributes",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
)
