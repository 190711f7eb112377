"""What placement sees: a read-only snapshot of each container instance and of the request.

The control plane builds these from its state; placement, the cluster query language and the
explanations never touch the model objects themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task_definition import PlacementConstraint


@dataclass(frozen=True)
class InstanceFacts:
    """One container instance as placement and the cluster query language see it."""

    arn: str
    id: str  # the short ID at the end of the ARN
    ec2_instance_id: str
    index: int  # registration order in the cluster: the final, deterministic tie-break
    status: str  # ACTIVE, DRAINING, ...
    agent_connected: bool
    agent_version: str
    registered_at: float  # epoch seconds
    attributes: Mapping[str, str | None]  # name -> value (None for a name-only attribute)
    running_tasks_count: int
    #: task groups of the instance's live (not STOPPED) tasks, with how many tasks each
    task_groups: Mapping[str, int]
    remaining_cpu: int
    remaining_memory: int
    #: host ports in use (reserved ports plus static ports of live tasks)
    used_tcp_ports: frozenset[int]
    used_udp_ports: frozenset[int]
    #: awsvpc tasks the instance can still take (ENIs left), None when not limited
    free_enis: int | None = None

    @property
    def zone(self) -> str | None:
        return self.attributes.get("ecs.availability-zone")


@dataclass(frozen=True)
class PlacementRequest:
    """What a task needs, and the rules it is placed by."""

    cpu: int
    memory: int
    tcp_ports: frozenset[int] = frozenset()  # static host ports
    udp_ports: frozenset[int] = frozenset()
    uses_eni: bool = False  # awsvpc: needs a free ENI
    required_attributes: tuple[str, ...] = ()  # requiresAttributes names
    #: task definition constraints and the call's constraints together
    constraints: tuple[PlacementConstraint, ...] = ()
    strategies: tuple[PlacementStrategy, ...] = ()
    group: str = ""  # the task group that spread counts and distinctInstance separates
    extra: dict = field(default_factory=dict, compare=False)


class RandomSource(Protocol):
    """Where placement's draws come from: the simulation's seeded `random.Random`, or a source
    that records or replays its draws (`ecslearn.control.placement.replay`)."""

    def random(self) -> float: ...
