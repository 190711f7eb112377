"""What exists in the world, as the values a request can name: the fuzzer fills members with these
so that many calls reach the code behind the door instead of stopping at "not found".

A `Names` is read from the simulation before each request; `Names.for_member` answers the
candidates for a member of botocore's input shapes by the member's name (``cluster``,
``taskDefinition``, ``containerInstances``, ``ResourceId``, ...), or None for a member it knows
nothing about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ecslearn import Simulation

ACCOUNT = "123456789012"
#: Names the fuzzer may create, so "create" calls sometimes make something new.
FRESH = ("web", "batch", "api", "worker", "shop", "job", "new-1", "new-2")


@dataclass
class Definition:
    """What a request naming a task definition must fit: its network mode, its containers and
    the (container, container port) pairs it maps."""

    network_mode: str = "bridge"
    containers: list[str] = field(default_factory=list)
    ports: list[tuple[str, int]] = field(default_factory=list)
    fargate: bool = False  # ECS validated it for FARGATE (its compatibilities)


@dataclass
class Names:
    """The names and ARNs of one region's resources, each list in a stable order."""

    region: str
    subnets: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    instances: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    repositories: list[str] = field(default_factory=list)
    image_tags: list[str] = field(default_factory=list)
    image_digests: list[str] = field(default_factory=list)
    scalable: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    arns: list[str] = field(default_factory=list)
    #: task definition reference (family, family:revision, ARN) -> what a request for it needs
    definitions: dict[str, Definition] = field(default_factory=dict)

    @classmethod
    def of(cls, sim: Simulation, region: str) -> Names:
        state = sim.region_state(region)
        names = cls(region)
        for cluster in state.clusters.values():
            names.clusters += [cluster.cluster_name or "", cluster.cluster_arn or ""]
            names.arns.append(cluster.cluster_arn or "")
        for family, revisions in state.task_definitions.items():
            names.families.append(family)
            for revision, definition in revisions.items():
                names.revisions += [f"{family}:{revision}", definition.task_definition_arn or ""]
                ports = [
                    (c.name or "", m.container_port or 0)
                    for c in definition.container_definitions or []
                    for m in c.port_mappings or []
                ]
                containers = [c.name or "" for c in definition.container_definitions or []]
                fargate = "FARGATE" in (definition.compatibilities or [])
                mode = definition.network_mode or "bridge"
                shape = Definition(mode, containers, ports, fargate)
                for ref in (family, f"{family}:{revision}", definition.task_definition_arn or ""):
                    names.definitions[ref] = shape
                names.arns.append(definition.task_definition_arn or "")
                names.containers += [c.name or "" for c in definition.container_definitions or []]
        for service in state.services.values():
            names.services += [service.service_name or "", service.service_arn or ""]
            names.arns.append(service.service_arn or "")
            names.scalable.append(f"service/{service.cluster_name}/{service.service_name}")
        for task in list(state.tasks.values())[-12:]:
            names.tasks += [task.id, task.task_arn or ""]
            names.arns.append(task.task_arn or "")
        for instance in state.instances.values():
            names.instances += [instance.id, instance.container_instance_arn or ""]
            names.arns.append(instance.container_instance_arn or "")
        for repository, images in state.images.items():
            names.repositories.append(repository)
            for image in images:
                names.image_tags += image.image_tags or []
                names.image_digests.append(image.image_digest or "")
        for target in state.scalable_targets.values():
            names.policies += list(target.policies)
        names.target_groups = list(state.target_groups)
        names.subnets = sorted(state.ec2.subnets)
        names.containers = sorted(set(names.containers))
        return names

    def for_member(self, member: str | None) -> list[Any] | None:
        """Candidate values for a member called `member`, or None when it names nothing known."""
        if member is None:
            return None
        pools: dict[str, list[Any]] = {
            "cluster": self.clusters,
            "clusters": self.clusters,
            "clusterName": [*self.clusters[::2], *FRESH],
            "taskDefinition": [*self.families, *self.revisions],
            "taskDefinitions": self.revisions,
            "family": [*self.families, *FRESH],
            "familyPrefix": [f[:2] for f in self.families] + self.families,
            "service": self.services,
            "services": self.services,
            "serviceName": [*self.services[::2], *FRESH],
            "task": self.tasks,
            "tasks": self.tasks,
            "containerInstance": self.instances,
            "containerInstances": self.instances,
            "targetId": self.instances,
            "resourceArn": self.arns,
            "containerName": self.containers,
            "repositoryName": [*self.repositories, *FRESH[:3]],
            "repositoryNames": self.repositories,
            "imageTag": [*self.image_tags, "latest", "v2"],
            "imageDigest": self.image_digests,
            "ResourceId": self.scalable,
            "ResourceIds": self.scalable,
            "ServiceNamespace": ["ecs"],
            "ScalableDimension": ["ecs:service:DesiredCount"],
            "PolicyName": [*self.policies, "cpu"],
            "PolicyNames": self.policies,
            "targetGroupArn": self.target_groups,
            "image": [
                "nginx:1.27",
                "busybox",
                f"{ACCOUNT}.dkr.ecr.{self.region}.amazonaws.com/app",
            ],
            "startedBy": ["me", "batch"],
            "group": ["batch", "family:web"],
            "registryId": [ACCOUNT],
            "registryIds": [ACCOUNT],
            "instanceIdentityDocument": [identity_document(self.region, len(self.instances))],
            "expression": list(EXPRESSIONS),
            "field": ["memory", "cpu", "instanceId", "host", "attribute:ecs.availability-zone"],
            "hostPort": [0, 80, 8080, 22, 51678, 65535],
            "containerPort": [80, 8080, 53, 1],
            "memory": [32, 64, 128, 512, 4096, "512", "1 GB", "1024"],
            "memoryReservation": [16, 64, 256],
            "cpu": [0, 128, 256, 1024, "256", "1 vCPU", "4096"],
            "desiredCount": [0, 1, 2, 3],
            "count": [1, 2, 3, 10],
        }
        found = pools.get(member)
        return [v for v in found if v not in ("", None)] if found else None


#: Cluster query language expressions for memberOf constraints: valid ones, and broken ones.
EXPRESSIONS = (
    "attribute:ecs.instance-type =~ t3.*",
    "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
    "attribute:stack == blue or attribute:stack == green",
    "not(attribute:stack exists)",
    "task:group == service:api",
    "agentConnectedAt > 2020-01-01T00:00:00Z",
    "runningTasksCount < 3",
    "ec2InstanceId in [i-1, i-2]",
    "attribute:",
    "(",
    "attribute:x in [",
    "attribute:x =~ (",
    "attribute:ecs.instance-type =~ *",
    "runningTasksCount > -1",
    "attribute:x == y and",
)


def identity_document(region: str, n: int, instance_type: str = "t3.small") -> str:
    """The EC2 instance identity document an agent sends when it registers an instance."""
    return json.dumps(
        {
            "instanceId": f"i-{n + 1:017x}",
            "instanceType": instance_type,
            "availabilityZone": f"{region}{'abc'[n % 3]}",
            "region": region,
            "accountId": ACCOUNT,
            "imageId": "ami-0ecs1earn0a1b2c3d",
            "privateIp": f"10.0.9.{n % 250 + 1}",
        }
    )
