"""Turning a placement into tasks: what a task reserves, what placement sees, and the new Task.

RunTask, StartTask and (later) the service scheduler all create tasks the same way: build a
`PlacementRequest` from the definition and the call, let the placement engine choose, then
create each task here, reserve its resources and hand it to the instance's agent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.state import RegionState
from ecslearn.model.base import plain_copy
from ecslearn.model.common import dict_to_tags
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task import Container, Task
from ecslearn.model.task_definition import ContainerDefinition, PlacementConstraint, TaskDefinition

if TYPE_CHECKING:
    from ecslearn.services.handlers import RequestContext


@dataclass
class TaskSpec:
    """Everything about the tasks to create that does not depend on where they land."""

    definition: TaskDefinition
    group: str
    started_by: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    network_configuration: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    service_name: str | None = None
    service_arn: str | None = None
    #: container name -> pinned image digest (a service's deployment's, or resolved by RunTask)
    image_digests: dict[str, str] = field(default_factory=dict)
    #: Fargate: the platform version asked for (None: LATEST), and the cluster the tasks join
    #: (None: the service's, else ``default``), as placement on an instance tells it otherwise
    platform_version: str | None = None
    cluster_name: str | None = None
    #: ECS Exec: the tasks may run commands through ExecuteCommand
    enable_execute_command: bool = False
    _containers: list[ContainerDefinition] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def containers(self) -> list[ContainerDefinition]:
        """The container definitions with the call's containerOverrides applied (read-only;
        worked out once per spec, since every task the spec creates asks for them)."""
        if self._containers is None:
            self._containers = [
                self._overridden(definition) for definition in self.definition.container_definitions
            ]
        return self._containers

    def _overridden(self, definition: ContainerDefinition) -> ContainerDefinition:
        by_name = {o.get("name"): o for o in self.overrides.get("containerOverrides", [])}
        override = by_name.get(definition.name, {})
        if not override:
            return definition
        merged = definition.copy()
        for member in ("cpu", "memory", "memory_reservation", "command"):
            key = "memoryReservation" if member == "memory_reservation" else member
            if key in override:
                setattr(merged, member, override[key])
        return merged

    def reserved_cpu(self) -> int:
        if self.overrides.get("cpu"):
            return int(self.overrides["cpu"])
        if self.definition.cpu:
            return int(self.definition.cpu)
        return sum(c.cpu or 0 for c in self.containers())

    def reserved_memory(self) -> int:
        if self.overrides.get("memory"):
            return int(self.overrides["memory"])
        if self.definition.memory:
            return int(self.definition.memory)
        return sum(c.reserved_memory for c in self.containers())

    def static_ports(self, protocol: str) -> list[int]:
        """Host ports this task holds for its whole life (not the dynamic ones)."""
        mode = self.definition.effective_network_mode
        if mode in ("awsvpc", "none"):
            return []
        ports = []
        for container in self.definition.container_definitions:
            for mapping in container.port_mappings or []:
                if mapping.effective_protocol != protocol:
                    continue
                port = mapping.container_port if mode == "host" else mapping.host_port
                if port:
                    ports.append(port)
        return ports

    def placement_request(
        self,
        constraints: list[PlacementConstraint],
        strategies: list[PlacementStrategy],
    ) -> PlacementRequest:
        return PlacementRequest(
            cpu=self.reserved_cpu(),
            memory=self.reserved_memory(),
            tcp_ports=frozenset(self.static_ports("tcp")),
            udp_ports=frozenset(self.static_ports("udp")),
            uses_eni=self.definition.effective_network_mode == "awsvpc",
            required_attributes=tuple(a.name for a in self.definition.requires_attributes or []),
            constraints=tuple([*(self.definition.placement_constraints or []), *constraints]),
            strategies=tuple(strategies),
            group=self.group,
        )


def instance_facts(
    state: RegionState, cluster_name: str, arns: Collection[str] | None = None
) -> list[InstanceFacts]:
    """A read-only snapshot of the cluster's instances, as placement sees them.

    With `arns`, only those instances (each keeps its registration index in the cluster), so a
    caller can refresh a few instances without redoing the whole cluster. The region's
    `InstanceIndex` keeps the facts: only instances that changed are built again.
    """
    return state.placement_facts(cluster_name, arns)


def _eni_attachment(ctx: RequestContext, spec: TaskSpec) -> tuple[list[dict], str]:
    config = (spec.network_configuration or {}).get("awsvpcConfiguration", {})
    address = f"10.0.{ctx.rng.randrange(256)}.{ctx.rng.randrange(1, 255)}"
    attachment = {
        "id": _uuid(ctx),
        "type": "ElasticNetworkInterface",
        "status": "ATTACHED",
        "details": [
            {"name": "subnetId", "value": (config.get("subnets") or ["subnet-0"])[0]},
            {"name": "networkInterfaceId", "value": f"eni-{ctx.rng.getrandbits(68):017x}"},
            {"name": "privateIPv4Address", "value": address},
        ],
    }
    return [attachment], address


def _uuid(ctx: RequestContext) -> str:
    raw = f"{ctx.rng.getrandbits(128):032x}"
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def new_task(
    ctx: RequestContext,
    cluster_name: str,
    spec: TaskSpec,
    attachments: list[dict],
    address: str,
    **placed: Any,
) -> Task:
    """A new task of `spec` and its containers, not yet filed or started; `placed` says where
    it runs (container_instance_arn, launch_type, availability_zone, ...)."""
    task_id = ctx.new_id()
    task_arn = ctx.arn(f"task/{cluster_name}/{task_id}")
    awsvpc = spec.definition.effective_network_mode == "awsvpc"
    cpu, memory = spec.reserved_cpu(), spec.reserved_memory()
    containers = [
        Container(
            container_arn=ctx.arn(f"container/{cluster_name}/{task_id}/{_uuid(ctx)}"),
            task_arn=task_arn,
            name=definition.name,
            image=definition.image,
            pinned_digest=spec.image_digests.get(definition.name or ""),
            last_status="PENDING",
            network_bindings=[],
            network_interfaces=[
                {"attachmentId": attachments[0]["id"], "privateIpv4Address": address}
            ]
            if awsvpc
            else [],
            health_status="UNKNOWN",
            cpu=str(definition.cpu or 0),
            memory=None if definition.memory is None else str(definition.memory),
            memory_reservation=None
            if definition.memory_reservation is None
            else str(definition.memory_reservation),
            essential=definition.is_essential,
        )
        for definition in spec.containers()
    ]
    overrides = plain_copy(spec.overrides)
    overrides.setdefault("containerOverrides", [])
    overrides.setdefault("inferenceAcceleratorOverrides", [])
    return Task(
        task_arn=task_arn,
        cluster_arn=ctx.arn(f"cluster/{cluster_name}"),
        task_definition_arn=spec.definition.task_definition_arn,
        overrides=overrides,
        last_status="PROVISIONING" if awsvpc else "PENDING",
        desired_status="RUNNING",
        cpu=str(cpu),
        memory=str(memory),
        containers=containers,
        started_by=spec.started_by,
        version=1,
        created_at=ctx.now,
        group=spec.group,
        attachments=attachments,
        health_status="UNKNOWN",
        tags=[],
        attributes=[{"name": "ecs.cpu-architecture", "value": "x86_64"}],
        enable_execute_command=spec.enable_execute_command,
        cluster_name=cluster_name,
        network_mode=spec.definition.effective_network_mode,
        reserved_cpu=cpu,
        reserved_memory=memory,
        static_tcp_ports=spec.static_ports("tcp"),
        static_udp_ports=spec.static_ports("udp"),
        service_name=spec.service_name,
        service_arn=spec.service_arn,
        **placed,
    )


def create_task(
    ctx: RequestContext,
    cluster_name: str,
    instance: ContainerInstance,
    spec: TaskSpec,
    capacity_provider: str | None = None,
) -> Task:
    """Create the task on `instance` (for `capacity_provider`, if it came through one), reserve
    its resources and give it to the agent."""
    state = ctx.state
    awsvpc = spec.definition.effective_network_mode == "awsvpc"
    attachments, address = _eni_attachment(ctx, spec) if awsvpc else ([], "")
    task = new_task(
        ctx,
        cluster_name,
        spec,
        attachments,
        address,
        container_instance_arn=instance.container_instance_arn,
        launch_type="EC2",
        capacity_provider_name=capacity_provider,
        availability_zone=instance.attribute("ecs.availability-zone"),
    )
    state.add_task(task)
    state.tags[task.task_arn or ""] = dict(spec.tags)
    start_on(ctx.world, state, task, instance)
    return task


def eni_attachment(ctx: RequestContext, spec: TaskSpec) -> tuple[list[dict], str]:
    """The task's ENI attachment and address (awsvpc), or none."""
    if spec.definition.effective_network_mode != "awsvpc":
        return [], ""
    return _eni_attachment(ctx, spec)


def start_on(world: Any, state: RegionState, task: Task, instance: ContainerInstance) -> None:
    """Reserve the task's resources on `instance` and hand it to the instance's agent."""
    lifecycle.reserve(instance, task)
    lifecycle.record(
        world,
        task,
        "task",
        f"{task.id[:8]} created on {instance.id[:8]} "
        f"({task.availability_zone}), {task.last_status}",
    )
    world.plane.agent_for(state, instance.container_instance_arn or "").start_task(task)


def task_json(ctx: RequestContext, task: Task, include: list[str] | tuple[str, ...] = ()) -> dict:
    data = task.to_json()
    data.pop("tags", None)  # only with include=["TAGS"] (RunTask and StartTask answer them)
    if "TAGS" in include:
        data["tags"] = [
            t.to_json() for t in dict_to_tags(ctx.state.tags.get(task.task_arn or "", {}))
        ]
    return data
