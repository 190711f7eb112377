"""Everything one region of the simulated AWS account holds, as plain data.

Lookups that can fail raise the ECS error a learner would get from AWS, so every operation
handler reads as "find the cluster, find the instance, change it", with no error plumbing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ecslearn.control.arns import ecs_arn, name_from
from ecslearn.control.indexes import TaskIndex
from ecslearn.errors import ClusterNotFoundException, InvalidParameterException
from ecslearn.model.cluster import Cluster
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.ec2 import Ec2State, default_network
from ecslearn.model.ecr import Image, Repository
from ecslearn.model.load_balancing import TargetGroup
from ecslearn.model.scaling import ScalableTarget, ServiceLoad
from ecslearn.model.service import LoadBalancer, Service
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
    #: instance ARN -> ARNs of the tasks placed on it (an index over `tasks`)
    tasks_by_instance: dict[str, dict[str, None]] = field(
        default_factory=dict, metadata=DERIVED, repr=False, compare=False
    )
    #: service ARN -> ARNs of its tasks (an index over `tasks`)
    tasks_by_service: dict[str, dict[str, None]] = field(
        default_factory=dict, metadata=DERIVED, repr=False, compare=False
    )
    #: the other indexes over `tasks` (by cluster, service name, desired status; per instance)
    index: TaskIndex = field(default_factory=TaskIndex, metadata=DERIVED, repr=False, compare=False)
    services: dict[str, Service] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    service_ticks: bool = False  # whether the service scheduler's regular tick is scheduled
    repositories: dict[str, Repository] = field(default_factory=dict)
    images: dict[str, list[Image]] = field(default_factory=dict)
    #: ELBv2 target groups by ARN (the simulated Application Load Balancers' side)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    #: deployment ID -> the load balancers its tasks register with
    deployment_load_balancers: dict[str, list[LoadBalancer]] = field(default_factory=dict)
    # Application Auto Scaling: targets by resource ID (service/<cluster>/<service>), with their
    # policies; activities newest first; simulated demand by service ARN.
    scalable_targets: dict[str, ScalableTarget] = field(default_factory=dict)
    scaling_activities: list[dict[str, Any]] = field(default_factory=list)
    service_loads: dict[str, ServiceLoad] = field(default_factory=dict)
    autoscaling_ticks: bool = False  # whether the once-a-minute evaluation is scheduled
    #: EC2: the default network, security groups, launch templates and instances (a region
    #: starts with AWS's default network, as a new account's regions do)
    ec2: Ec2State = field(default_factory=Ec2State)

    def __post_init__(self) -> None:
        if not self.ec2.vpcs:
            self.ec2 = default_network(self.region)

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
        return [i for i in self.instances.values() if i.cluster_name == cluster_name]

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

    def tasks_on(self, instance_arn: str) -> list[Task]:
        """The tasks placed on an instance, oldest first (stopped ones until they are purged)."""
        return [self.tasks[arn] for arn in self.tasks_by_instance.get(instance_arn, {})]

    def add_task(self, task: Task) -> None:
        self.tasks[task.task_arn or ""] = task
        self._file(task)

    def _file(self, task: Task) -> None:
        if task.container_instance_arn:
            index = self.tasks_by_instance.setdefault(task.container_instance_arn, {})
            index[task.task_arn or ""] = None
        if task.service_arn:
            self.tasks_by_service.setdefault(task.service_arn, {})[task.task_arn or ""] = None
        self.index.add(task)

    def remove_task(self, task: Task) -> None:
        if self.tasks.pop(task.task_arn or "", None) is None:
            return
        index = self.tasks_by_instance.get(task.container_instance_arn or "", {})
        index.pop(task.task_arn or "", None)
        self.tasks_by_service.get(task.service_arn or "", {}).pop(task.task_arn or "", None)
        self.index.remove(task)

    def task_changed(self, task: Task) -> None:
        """The task's status or desired status moved: the indexes re-file it."""
        self.index.changed(task)

    def reindex(self) -> None:
        """Rebuild every index from `tasks` (after a saved state is loaded)."""
        self.tasks_by_instance, self.tasks_by_service = {}, {}
        self.index = TaskIndex()
        for task in self.tasks.values():
            self._file(task)

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
