"""Each cluster's container instances as placement sees them, kept up to date as they change.

Placement reads a snapshot of every instance of the cluster (`InstanceFacts`: free CPU and
memory, ports in use, free ENIs, task groups, attributes). Building it costs a few microseconds
an instance, so building it on every RunTask made a call on 1,000 instances cost milliseconds
before placement even started. Here each instance's facts are built once and rebuilt only when
the instance changed: a `ContainerInstance` adds its ARN to `dirty` whenever one of its fields
is set (`reserve` and `release` bump its version; a status, an attribute list, the agent's
connection are all set, never changed in place), and the region's `TaskIndex` adds the instance
whenever its live tasks change (their groups, how many are RUNNING or hold an ENI). A read
rebuilds the facts of the instances in `dirty` and nothing else.

Like the task indexes this is derived data: never saved, rebuilt on load (`RegionState.reindex`),
and tests/control/test_indexes.py checks it against facts built from scratch.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecslearn.control.placement.candidates import Eligibility
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.model.container_instance import ContainerInstance, resource_values
from ecslearn.model.instance_types import INSTANCE_TYPES

if TYPE_CHECKING:
    from ecslearn.control.indexes import TaskIndex


@dataclass
class ClusterInstances:
    """One cluster's instances: all of them in registration order (an instance's position here
    is its placement index), and the facts of those not INACTIVE, in the same order."""

    arns: list[str] = field(default_factory=list)
    #: instance ARN -> its position in `arns` (its placement index)
    positions: dict[str, int] = field(default_factory=dict)
    listing: list[InstanceFacts] = field(default_factory=list)
    #: instance ARN -> its place in `listing`
    where: dict[str, int] = field(default_factory=dict)
    #: `listing` was handed out: copy it before changing it (callers keep what they were given)
    shared: bool = False
    #: which instances pass each recent request's filter steps (places in `listing`)
    eligibility: Eligibility = field(default_factory=Eligibility)

    def facts(self) -> list[InstanceFacts]:
        """`listing`, handed out: it will never change (the index copies it first)."""
        self.shared = True
        return self.listing


@dataclass
class InstanceIndex:
    """Placement facts per instance and per cluster, rebuilt only for instances that changed."""

    clusters: dict[str, ClusterInstances] = field(default_factory=dict)
    facts: dict[str, InstanceFacts] = field(default_factory=dict)
    #: instance ARNs that changed since the last read (each instance and the `TaskIndex` add
    #: to this very set: it is only ever cleared, never replaced)
    dirty: set[str] = field(default_factory=set)
    known: int = 0  # how many of the region's instances have been filed
    #: EC2 instance ID -> the ARNs of the container instances it registered, oldest first (an
    #: instance deregistered and registered again has several; an EC2 ID never changes)
    by_ec2: dict[str, list[str]] = field(default_factory=dict)

    def add(self, instance: ContainerInstance) -> None:
        """File a newly registered instance (instances are never removed: INACTIVE stays)."""
        arn = instance.container_instance_arn or ""
        cluster = self.clusters.setdefault(instance.cluster_name, ClusterInstances())
        cluster.positions[arn] = len(cluster.arns)
        cluster.arns.append(arn)
        if instance.ec2_instance_id:
            self.by_ec2.setdefault(instance.ec2_instance_id, []).append(arn)
        instance.watch(self.dirty)
        self.dirty.add(arn)
        self.known += 1

    def sync(self, instances: dict[str, ContainerInstance], tasks: TaskIndex) -> None:
        """File instances added behind the index's back, then rebuild what changed."""
        if self.known != len(instances):  # start again, in the region's order
            self.clusters.clear()
            self.facts.clear()
            self.by_ec2.clear()
            self.known = 0
            for instance in instances.values():
                self.add(instance)
        if self.dirty:
            self._rebuild(instances, tasks)

    def of_cluster(
        self, instances: dict[str, ContainerInstance], tasks: TaskIndex, name: str
    ) -> ClusterInstances:
        """The cluster's instances, up to date (an empty one for a cluster with none)."""
        self.sync(instances, tasks)
        return self.clusters.get(name) or ClusterInstances()

    def listing(
        self,
        instances: dict[str, ContainerInstance],
        tasks: TaskIndex,
        name: str,
        arns: Collection[str] | None = None,
    ) -> list[InstanceFacts]:
        """The facts of the cluster's instances that are not INACTIVE, in registration order
        (only those in `arns` when given). The list is the caller's: it never changes."""
        cluster = self.of_cluster(instances, tasks, name)
        if arns is None:
            return cluster.facts()
        where = cluster.where
        return [cluster.listing[spot] for spot in sorted(where[a] for a in arns if a in where)]

    def _rebuild(self, instances: dict[str, ContainerInstance], tasks: TaskIndex) -> None:
        changed = list(self.dirty)
        self.dirty.clear()
        relist: set[str] = set()
        for arn in changed:
            instance = instances.get(arn)
            if instance is None:
                continue
            name = instance.cluster_name
            cluster = self.clusters[name]
            if instance.status == "INACTIVE":
                if self.facts.pop(arn, None) is not None:
                    relist.add(name)
                continue
            self.facts[arn] = fresh = build_facts(instance, cluster.positions[arn], tasks)
            spot = cluster.where.get(arn)
            if spot is None or name in relist:
                relist.add(name)  # it joins the listing: places move
                continue
            if cluster.shared:
                cluster.listing, cluster.shared = list(cluster.listing), False
            cluster.listing[spot] = fresh
            cluster.eligibility.changed(spot)
        for name in relist:
            self._relist(self.clusters[name])

    def _relist(self, cluster: ClusterInstances) -> None:
        """An instance joined the listing or left it: places moved, so start again."""
        cluster.listing = [self.facts[arn] for arn in cluster.arns if arn in self.facts]
        cluster.where = {facts.arn: spot for spot, facts in enumerate(cluster.listing)}
        cluster.shared = False
        cluster.eligibility.reset()


def build_facts(instance: ContainerInstance, position: int, tasks: TaskIndex) -> InstanceFacts:
    """One instance as placement sees it; its live tasks as the region's task index keeps them."""
    arn = instance.container_instance_arn or ""
    kind = INSTANCE_TYPES.get(instance.instance_type)
    eni_tasks = tasks.eni_tasks.get(arn, 0)
    left = resource_values(instance.remaining_resources)
    return InstanceFacts(
        arn=arn,
        id=instance.id,
        ec2_instance_id=instance.ec2_instance_id or "",
        index=position,
        status=instance.status or "",
        agent_connected=bool(instance.agent_connected),
        agent_version=str((instance.version_info or {}).get("agentVersion", "")),
        registered_at=instance.registered_at or 0.0,
        attributes={a.name: a.value for a in instance.attributes or []},
        running_tasks_count=tasks.running.get(arn, 0),
        task_groups=dict(tasks.live_groups.get(arn, {})),
        remaining_cpu=left.get("CPU") or 0,
        remaining_memory=left.get("MEMORY") or 0,
        used_tcp_ports=frozenset(map(int, left.get("PORTS") or ())),
        used_udp_ports=frozenset(map(int, left.get("PORTS_UDP") or ())),
        free_enis=None if kind is None else kind.enis - 1 - eni_tasks,
    )
