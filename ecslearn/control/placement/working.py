"""The working copy of one container instance during a single `place` call.

Placing several tasks is sequential: the second task must see the CPU, memory, ports and ENI the
first one took. The inputs are frozen snapshots owned by the control plane, so each call keeps
its own mutable `Slot` per instance and never touches the `InstanceFacts` it was given.
"""

from __future__ import annotations

import dataclasses

from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest


class Slot:
    """One instance's remaining capacity and task counts, as tasks are placed on it."""

    __slots__ = (
        "_current",
        "active",
        "cpu",
        "enis",
        "facts",
        "group",
        "group_count",
        "index",
        "memory",
        "placed",
        "position",
        "tcp",
        "udp",
    )

    def __init__(self, facts: InstanceFacts, group: str, position: int) -> None:
        self.facts = facts
        self.index = facts.index
        #: order in the call's index-sorted list: breaks ties between equal indexes
        self.position = position
        self.active = facts.status == "ACTIVE"
        self.cpu = facts.remaining_cpu
        self.memory = facts.remaining_memory
        self.tcp = facts.used_tcp_ports
        self.udp = facts.used_udp_ports
        self.enis = facts.free_enis
        self.group = group
        #: tasks of the request's group on this instance: what spread and distinctInstance count
        self.group_count = facts.task_groups.get(group, 0)
        self.placed = 0  # tasks placed here by this call
        self._current: InstanceFacts | None = facts

    def take(self, request: PlacementRequest) -> None:
        """Reserve one task's resources here, as ECS does before placing the next task."""
        self.cpu -= request.cpu
        self.memory -= request.memory
        if request.tcp_ports:
            self.tcp = self.tcp | request.tcp_ports
        if request.udp_ports:
            self.udp = self.udp | request.udp_ports
        if request.uses_eni and self.enis is not None:
            self.enis -= 1
        self.group_count += 1
        self.placed += 1
        self._current = None

    def current(self) -> InstanceFacts:
        """The instance as it would be described now, for the cluster query language.

        Built lazily: only memberOf constraints need it, and only on instances that changed.
        """
        if self._current is None:
            groups = dict(self.facts.task_groups)
            if self.group:
                groups[self.group] = self.group_count
            self._current = dataclasses.replace(
                self.facts,
                remaining_cpu=self.cpu,
                remaining_memory=self.memory,
                used_tcp_ports=self.tcp,
                used_udp_ports=self.udp,
                free_enis=self.enis,
                running_tasks_count=self.facts.running_tasks_count + self.placed,
                task_groups=groups,
            )
        return self._current

    def __repr__(self) -> str:
        return f"Slot({self.facts.id}, cpu={self.cpu}, memory={self.memory})"


def working_copies(instances: list[InstanceFacts], group: str) -> list[Slot]:
    """One slot per instance, in index order (the order every tie is finally broken by)."""
    ordered = sorted(instances, key=lambda facts: facts.index)
    return [Slot(facts, group, position) for position, facts in enumerate(ordered)]
