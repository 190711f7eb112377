"""Tasks (running copies of a task definition) and their containers, in ECS's shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal, named
from ecslearn.model.common import Tag

#: The order a task moves through; states with nothing to do are skipped, never revisited.
TASK_STATES = (
    "PROVISIONING",
    "PENDING",
    "ACTIVATING",
    "RUNNING",
    "DEACTIVATING",
    "STOPPING",
    "DEPROVISIONING",
    "STOPPED",
    "DELETED",
)


@dataclass(kw_only=True)
class NetworkBinding(EcsObject):
    """Where a container port is published: host IP and port, protocol."""

    bind_ip: str | None = named("bindIP")
    container_port: int | None = None
    host_port: int | None = None
    protocol: str | None = None


@dataclass(kw_only=True)
class Container(EcsObject):
    """A container of a task, as DescribeTasks reports it."""

    container_arn: str | None = None
    task_arn: str | None = None
    name: str | None = None
    image: str | None = None
    image_digest: str | None = None
    runtime_id: str | None = None
    last_status: str | None = None
    exit_code: int | None = None
    reason: str | None = None
    network_bindings: list[NetworkBinding] | None = None
    network_interfaces: list[dict[str, Any]] | None = None
    health_status: str | None = None
    cpu: str | None = None
    memory: str | None = None
    memory_reservation: str | None = None
    # What the control plane keeps about the container (never on the wire): whether it is
    # essential (the task's health follows its essential containers) and the digest ECS pinned
    # for its image (None: pulled by tag, as written). What only the agent needs to run it (a
    # start under way, a stop signal sent, when its run began) is the agent's own state
    # (`ecslearn.agents.agent_state`), not ECS's.
    essential: bool = internal(True)
    pinned_digest: str | None = internal(None)


@dataclass(kw_only=True)
class Task(EcsObject):
    """A task. Timestamps are epoch seconds on the simulation's virtual clock."""

    task_arn: str | None = None
    cluster_arn: str | None = None
    task_definition_arn: str | None = None
    container_instance_arn: str | None = None
    overrides: dict[str, Any] | None = None
    last_status: str | None = None
    desired_status: str | None = None
    cpu: str | None = None
    memory: str | None = None
    containers: list[Container] | None = None
    started_by: str | None = None
    version: int | None = None
    stop_code: str | None = None
    stopped_reason: str | None = None
    stopping_at: float | None = None
    stopped_at: float | None = None
    connectivity: str | None = None
    connectivity_at: float | None = None
    pull_started_at: float | None = None
    pull_stopped_at: float | None = None
    execution_stopped_at: float | None = None
    created_at: float | None = None
    started_at: float | None = None
    group: str | None = None
    launch_type: str | None = None
    capacity_provider_name: str | None = None
    availability_zone: str | None = None
    attachments: list[dict[str, Any]] | None = None
    health_status: str | None = None
    tags: list[Tag] | None = None
    attributes: list[dict[str, Any]] | None = None
    enable_execute_command: bool | None = None
    # Fargate's (absent on EC2 tasks): the platform it runs on, the capacity provider that ran it
    # (absent when run by launch type), and its task storage.
    platform_version: str | None = None
    platform_family: str | None = None
    capacity_provider_name: str | None = None
    ephemeral_storage: dict[str, Any] | None = None
    fargate_ephemeral_storage: dict[str, Any] | None = None
    # The control plane's bookkeeping, never sent on the wire: where the task belongs, what it
    # reserved on its instance, whether it ever reached RUNNING (a service counts start failures
    # by it). The agent's own bookkeeping is `ecslearn.agents.agent_state.TaskState`.
    cluster_name: str = internal("")
    network_mode: str = internal("bridge")
    reserved_cpu: int = internal(0)
    reserved_memory: int = internal(0)
    static_tcp_ports: list[int] = internal(default_factory=list)
    static_udp_ports: list[int] = internal(default_factory=list)
    reached_running: bool = internal(False)
    service_name: str | None = internal(None)
    service_arn: str | None = internal(None)
    #: FARGATE_SPOT: when AWS's two-minute interruption warning came (None: never)
    spot_warned_at: float | None = internal(None)
    #: a task waiting in PROVISIONING for its capacity provider: the placement constraints and
    #: strategies it was launched with, as JSON, to place it by when room appears
    waiting_placement: dict[str, Any] | None = internal(None)
    #: task scale-in protection (UpdateTaskProtection): when it lapses, in the simulation's
    #: seconds (`World.now`); None: not protected
    protected_until: float | None = internal(None)

    @property
    def waiting_for_capacity(self) -> bool:
        """PROVISIONING with no instance yet: its capacity provider is finding room for it."""
        return (
            self.container_instance_arn is None
            and self.launch_type == "EC2"
            and self.waiting_placement is not None
            and not self.is_stopped
        )

    @property
    def id(self) -> str:
        return (self.task_arn or "").rsplit("/", 1)[-1]

    @property
    def is_fargate(self) -> bool:
        return self.launch_type == "FARGATE"

    @property
    def agent_key(self) -> str:
        """Whose agent runs the task: its container instance's, or on Fargate (one micro-VM per
        task, no instance) its own, named by the task's ARN."""
        return self.container_instance_arn or self.task_arn or ""

    @property
    def uses_eni(self) -> bool:
        return self.network_mode == "awsvpc"

    def container(self, name: str) -> Container:
        for container in self.containers or []:
            if container.name == name:
                return container
        raise KeyError(name)

    @property
    def is_stopped(self) -> bool:
        return self.last_status in ("STOPPED", "DELETED")
