"""Everything one region of the simulated AWS account holds, as plain data.

Lookups that can fail raise the ECS error a learner would get from AWS, so every operation
handler reads as "find the cluster, find the instance, change it", with no error plumbing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Protocol

from ecslearn.control.arns import ecs_arn, name_from
from ecslearn.control.indexes import TaskIndex
from ecslearn.control.instance_index import ClusterInstances, InstanceIndex
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.errors import ClusterNotFoundException, InvalidParameterException
from ecslearn.model.autoscaling import AutoScalingState
from ecslearn.model.capacity_provider import CapacityProvider, ManagedDrain
from ecslearn.model.cloudwatch import CloudWatchState
from ecslearn.model.cluster import Cluster
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.ec2 import Ec2State, default_network
from ecslearn.model.ecr import Image, Repository
from ecslearn.model.elbv2 import ElbState
from ecslearn.model.load_balancing import TargetGroup
from ecslearn.model.logs import LogsState
from ecslearn.model.scaling import ScalableTarget, ServiceLoad
from ecslearn.model.service import LoadBalancer, Service
from ecslearn.model.service_discovery import ServiceDiscoveryState
from ecslearn.model.ssm import SsmState
from ecslearn.model.task import Task
from ecslearn.model.task_definition import TaskDefinition

#: Field metadata of an index: worked out from the other fields, so never saved (`reindex`
#: rebuilds it when a saved state is loaded).
DERIVED = {"derived": True}


@dataclass
class RegionState:
    """One region's clusters, task definitions, instances, tasks, services, tags and images."""

    region: str
    clusters: dict[str, Cluster] = field(default_factory=dict)
    #: family -> revision -> definition (deleted revisions leave, their numbers are never reused)
    task_definitions: dict[str, dict[int, TaskDefinition]] = field(default_factory=dict)
    last_revision: dict[str, int] = field(default_factory=dict)
    instances: dict[str, ContainerInstance] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    #: the indexes over `tasks` (by cluster, instance, service, service name, desired status;
    #: per instance its live task groups and counts)
    index: TaskIndex = field(default_factory=TaskIndex, metadata=DERIVED, repr=False, compare=False)
    #: placement's view of each instance, rebuilt only for instances that changed
    instance_index: InstanceIndex = field(
        default_factory=InstanceIndex, metadata=DERIVED, repr=False, compare=False
    )
    services: dict[str, Service] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    service_ticks: bool = False  # whether the service scheduler's regular tick is scheduled
    repositories: dict[str, Repository] = field(default_factory=dict)
    images: dict[str, list[Image]] = field(default_factory=dict)
    #: ELBv2 target groups by ARN, with their targets (ELB's API: `ecslearn.services.elbv2`)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    #: ELBv2 load balancers, listeners and listener rules
    elbv2: ElbState = field(default_factory=ElbState)
    #: deployment ID -> the load balancers its tasks register with
    deployment_load_balancers: dict[str, list[LoadBalancer]] = field(default_factory=dict)
    # Application Auto Scaling: targets by resource ID (service/<cluster>/<service>), with their
    # policies; activities newest first; simulated demand by service ARN.
    scalable_targets: dict[str, ScalableTarget] = field(default_factory=dict)
    scaling_activities: list[dict[str, Any]] = field(default_factory=list)
    service_loads: dict[str, ServiceLoad] = field(default_factory=dict)
    autoscaling_ticks: bool = False  # whether the once-a-minute evaluation is scheduled
    #: Fargate Spot: how many interruptions per running FARGATE_SPOT task per hour (0: none)
    spot_interruptions_per_hour: float = 0.0
    #: EC2: the default network, security groups, launch templates and instances (a region
    #: starts with AWS's default network, as a new account's regions do)
    ec2: Ec2State = field(default_factory=Ec2State)
    #: ECS capacity providers by name (the Auto Scaling group ones; FARGATE and FARGATE_SPOT
    #: are every account's and never stored)
    capacity_providers: dict[str, CapacityProvider] = field(default_factory=dict)
    capacity_ticks: bool = False  # whether managed scaling's once-a-minute evaluation is queued
    #: managed instance draining: the instances ECS drains for a lifecycle hook, by EC2 ID
    managed_drains: dict[str, ManagedDrain] = field(default_factory=dict)
    drain_checks: bool = False  # whether managed draining's check is queued
    #: ECS service revisions and service deployments by ARN, as DescribeServiceRevisions and
    #: DescribeServiceDeployments answer them (keys starting "_" are ecslearn's bookkeeping)
    service_revisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    service_deployments: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ECS deployment lifecycle hooks: a Lambda ARN -> the statuses it answers in turn
    #: (`ecslearn.control.services.deployment_hooks`; callables are the world's, never saved)
    lifecycle_hook_answers: dict[str, list[str]] = field(default_factory=dict)
    #: ECS account settings: principal ARN (or the root's) -> setting name -> value
    account_settings: dict[str, dict[str, str]] = field(default_factory=dict)
    #: EC2 Auto Scaling: groups and their scaling activities
    autoscaling: AutoScalingState = field(default_factory=AutoScalingState)
    #: AWS Cloud Map: namespaces, services, instances and operations
    service_discovery: ServiceDiscoveryState = field(default_factory=ServiceDiscoveryState)
    #: CloudWatch: metrics, alarms and their history, and this minute's load balancer traffic
    cloudwatch: CloudWatchState = field(default_factory=CloudWatchState)
    #: CloudWatch Logs: log groups, their streams and events
    logs: LogsState = field(default_factory=LogsState)
    #: Systems Manager Parameter Store: the account's own parameters (PutParameter)
    ssm: SsmState = field(default_factory=SsmState)

    def __post_init__(self) -> None:
        if not self.ec2.vpcs:
            self.ec2 = default_network(self.region)
        # The instance index hears of instances whose live tasks changed through the task
        # index: both hold the same set.
        self.index.touched = self.instance_index.dirty

    def cluster(self, reference: str | None, *, active_only: bool = True) -> Cluster:
        """The cluster named by a name or ARN (``default`` when omitted)."""
        name = name_from(reference or "default", "cluster")
        cluster = self.clusters.get(name)
        if cluster is None or (active_only and cluster.status != "ACTIVE"):
            # AWS's text: getmoto/moto's ClusterNotFoundException, issue 15 (ecslearn.explain
            # says what to do next)
            raise ClusterNotFoundException("Cluster not found.")
        return cluster

    def instances_in(self, cluster_name: str) -> list[ContainerInstance]:
        """The cluster's instances, in the order they registered."""
        cluster = self.instance_index.of_cluster(self.instances, self.index, cluster_name)
        return [self.instances[arn] for arn in cluster.arns]

    def add_instance(self, instance: ContainerInstance) -> None:
        """A newly registered instance."""
        self.instances[instance.container_instance_arn or ""] = instance
        self.instance_index.add(instance)

    def placement_view(self, cluster_name: str) -> ClusterInstances:
        """The cluster's placement facts and what the index knows of them, up to date."""
        return self.instance_index.of_cluster(self.instances, self.index, cluster_name)

    def placement_facts(
        self, cluster_name: str, arns: Collection[str] | None = None
    ) -> list[InstanceFacts]:
        """The cluster's instances that are not INACTIVE as placement sees them, in
        registration order (only those in `arns` when given); rebuilt only where they changed."""
        return self.instance_index.listing(self.instances, self.index, cluster_name, arns)

    def find_instance(self, cluster_name: str, reference: str) -> ContainerInstance | None:
        """An instance of the cluster by its ARN or its short ID."""
        if reference.startswith("arn:"):
            instance = self.instances.get(reference)
            if instance is None:
                name_from(reference, "container-instance")
        else:
            instance = next((i for i in self.instances.values() if i.id == reference), None)
        if instance is None or instance.cluster_name != cluster_name:
            return None
        return instance

    def instances_of_ec2(self, ec2_instance_id: str) -> list[ContainerInstance]:
        """The container instances an EC2 instance registered, oldest first (an index: no walk
        over the region's instances)."""
        self.instance_index.sync(self.instances, self.index)
        return [self.instances[a] for a in self.instance_index.by_ec2.get(ec2_instance_id, [])]

    def tasks_on(self, instance_arn: str) -> list[Task]:
        """The tasks placed on an instance, oldest first (stopped ones until they are purged)."""
        return [self.tasks[arn] for arn in self.index.by_instance.get(instance_arn, {})]

    def tasks_of(self, service_arn: str) -> dict[str, None]:
        """The ARNs of a service's tasks, oldest first (stopped ones until they are purged)."""
        return self.index.by_service.get(service_arn, {})

    def add_task(self, task: Task) -> None:
        self.tasks[task.task_arn or ""] = task
        self.index.add(task)

    def remove_task(self, task: Task) -> None:
        if self.tasks.pop(task.task_arn or "", None) is None:
            return
        self.index.remove(task)

    def task_changed(self, task: Task) -> None:
        """The task's status or desired status moved: the indexes re-file it."""
        self.index.changed(task)

    def reindex(self) -> None:
        """Rebuild every index from `tasks` and `instances` (after a saved state is loaded)."""
        self.index, self.instance_index = TaskIndex(), InstanceIndex()
        self.__post_init__()
        for task in self.tasks.values():
            self.index.add(task)
        for instance in self.instances.values():
            self.instance_index.add(instance)

    def task_definition_by_arn(self, arn: str) -> TaskDefinition:
        family, revision = arn.rsplit("/", 1)[-1].rsplit(":", 1)
        return self.task_definitions[family][int(revision)]

    def find_task(self, cluster_name: str, reference: str) -> Task | None:
        """A task of the cluster by its ARN or its short ID."""
        arn = reference
        if not reference.startswith("arn:"):
            arn = ecs_arn(self.region, f"task/{cluster_name}/{reference}")
        task = self.tasks.get(arn)
        if task is None or task.cluster_name != cluster_name:
            return None
        return task

    def require_list(self, request: dict, member: str, limit: int) -> list[str]:
        """A list parameter that must have 1..limit entries.

        An empty one is "<Member> cannot be empty.": AWS's text for DescribeTasks
        (aws/copilot-cli#3551, convox/rack#1908) and DescribeServices (quoted, without the final
        period, in a Go client's comment); the same pattern, unverified, for the others. Too many
        is ecslearn's wording."""
        values = request.get(member) or []
        if not values:
            raise InvalidParameterException(f"{member[0].upper()}{member[1:]} cannot be empty.")
        if len(values) > limit:
            raise InvalidParameterException(
                f"'{member}' must list between 1 and {limit} entries; it has {len(values)}."
            )
        return values


class HasRegions(Protocol):
    """A simulation or a world: a default region and the regions used so far."""

    region: str

    def regions(self) -> list[RegionState]: ...


def region_of(owner: HasRegions, region: str | None) -> RegionState:
    """The region's state, without creating it (for views, which never change the simulation):
    a region nothing was created in yet is an empty state, thrown away after, whose lookups say
    what is missing."""
    name = region or owner.region
    for state in owner.regions():
        if state.region == name:
            return state
    return RegionState(region=name)
