"""Starting tasks on Fargate: no container instance, one micro-VM and one ENI per task.

`start_fargate_tasks` is the one door: RunTask with launchType FARGATE, a FARGATE service's
scheduler and (later) the FARGATE and FARGATE_SPOT capacity providers all come through it.

Where a task lands: AWS spreads a Fargate service's tasks over the Availability Zones of its
subnets and says no more. ecslearn puts each new task in the zone with the fewest live tasks of
its group (the service, or the RunTask group), then the subnet of that zone with the fewest,
then the subnet listed first; no random draw, so the same calls land the same way.

What a task gets: a private address of its subnet from EC2's own pool (`allocate_address`, so
no task ENI and no instance ever share one), a public one when awsvpcConfiguration asks for
assignPublicIp ENABLED (AWS shows it on the ENI, not in DescribeTasks), the VPC's default
security group when none is named, the platform version (LATEST is 1.4.0) and family (Linux),
20 GiB of ephemeral storage unless asked for more. `capacityProviderName` is set only for tasks
a capacity provider ran (FARGATE or FARGATE_SPOT), as DescribeTasks shows it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.fargate.fargate_rules import (
    CAPACITY_PROVIDERS,
    PLATFORM_FAMILY,
    ephemeral_gib,
    platform_version,
)
from ecslearn.control.state import RegionState
from ecslearn.control.task_factory import TaskSpec, new_task
from ecslearn.model.ec2 import Subnet, TaskInterface, allocate_address
from ecslearn.model.task import Task
from ecslearn.services.handlers import RequestContext

if TYPE_CHECKING:
    from ecslearn.control.world import World


def start_fargate_tasks(
    world: World,
    state: RegionState,
    spec: TaskSpec,
    count: int,
    *,
    capacity_provider: str | None = None,
) -> list[Task]:
    """Create `count` Fargate tasks of `spec` and start each in its own micro-VM. The caller
    has checked the request (`fargate_rules.check_launch`): the subnets exist."""
    if capacity_provider is not None and capacity_provider not in CAPACITY_PROVIDERS:
        raise ValueError(f"not a Fargate capacity provider: {capacity_provider!r}")
    ctx = RequestContext(world, state.region)
    cluster = _cluster_of(state, spec)
    config = (spec.network_configuration or {}).get("awsvpcConfiguration") or {}
    subnets = [state.ec2.subnets[s] for s in dict.fromkeys(config.get("subnets") or [])]
    zones, in_subnet = _live_counts(state, cluster, spec)
    tasks = []
    for _ in range(count):
        subnet = min(
            subnets,
            key=lambda s: (zones[s.zone], in_subnet[s.subnet_id], subnets.index(s)),
        )
        zones[subnet.zone] += 1
        in_subnet[subnet.subnet_id] += 1
        tasks.append(_start_one(ctx, cluster, spec, subnet, config, capacity_provider))
    return tasks


def _cluster_of(state: RegionState, spec: TaskSpec) -> str:
    if spec.cluster_name:
        return spec.cluster_name
    service = state.services.get(spec.service_arn or "")
    return service.cluster_name if service is not None else "default"


def _live_counts(state: RegionState, cluster: str, spec: TaskSpec) -> tuple[Counter, Counter]:
    """Live tasks of the spec's group per zone and per subnet (the spread's counts)."""
    arns = (
        state.tasks_of(spec.service_arn)
        if spec.service_arn
        else state.index.by_cluster.get(cluster, {})
    )
    zones: Counter = Counter()
    subnets: Counter = Counter()
    for arn in arns:
        task = state.tasks[arn]
        if task.is_stopped or task.desired_status != "RUNNING" or task.group != spec.group:
            continue
        zones[task.availability_zone] += 1
        subnets[subnet_of(task)] += 1
    return zones, subnets


def subnet_of(task: Task) -> str | None:
    """The subnet of a task's ENI (awsvpc tasks)."""
    return _detail(task, "subnetId")


def eni_of(task: Task) -> str | None:
    return _detail(task, "networkInterfaceId")


def _detail(task: Task, name: str) -> str | None:
    for attachment in task.attachments or []:
        for detail in attachment.get("details", []):
            if detail.get("name") == name:
                return detail.get("value")
    return None


def _start_one(
    ctx: RequestContext,
    cluster: str,
    spec: TaskSpec,
    subnet: Subnet,
    config: dict[str, Any],
    capacity_provider: str | None,
) -> Task:
    state, world = ctx.state, ctx.world
    interface = _interface(ctx, subnet, config)
    attachment = {
        "id": _uuid(ctx),
        "type": "ElasticNetworkInterface",
        "status": "PRECREATED",
        "details": [
            {"name": "subnetId", "value": subnet.subnet_id},
            {"name": "networkInterfaceId", "value": interface.eni_id},
            {"name": "macAddress", "value": interface.mac_address},
            {"name": "privateDnsName", "value": private_dns(state.region, interface.private_ip)},
            {"name": "privateIPv4Address", "value": interface.private_ip},
        ],
    }
    storage = {"sizeInGiB": ephemeral_gib(spec.definition, spec.overrides)}
    task = new_task(
        ctx,
        cluster,
        spec,
        [attachment],
        interface.private_ip,
        container_instance_arn=None,
        launch_type="FARGATE",
        availability_zone=subnet.zone,
        platform_version=platform_version(spec.platform_version),
        platform_family=PLATFORM_FAMILY,
        capacity_provider_name=capacity_provider,
        ephemeral_storage=dict(storage),
        fargate_ephemeral_storage=dict(storage),
    )
    interface.task_arn = task.task_arn or ""
    state.ec2.add_interface(interface)
    state.add_task(task)
    state.tags[task.task_arn or ""] = dict(spec.tags)
    where = f"on {capacity_provider}" if capacity_provider else "on Fargate"
    public = f", public {interface.public_ip}" if interface.public_ip else ""
    lifecycle.record(
        world,
        task,
        "task",
        f"{task.id[:8]} created {where} in {subnet.zone} ({subnet.subnet_id}, "
        f"{interface.private_ip}{public}), {task.last_status}",
        subnet=subnet.subnet_id,
        address=interface.private_ip,
        capacity_provider=capacity_provider or "",
    )
    world.plane.agent_for(state, task.agent_key).start_task(task)
    return task


def _interface(ctx: RequestContext, subnet: Subnet, config: dict[str, Any]) -> TaskInterface:
    ec2 = ctx.state.ec2
    eni_id = f"eni-{ctx.rng.getrandbits(68):017x}"
    groups = list(config.get("securityGroups") or [])
    if not groups:
        default = ec2.group_named(subnet.vpc_id, "default")
        groups = [default.group_id] if default else []
    digest = hashlib.sha256(eni_id.encode()).digest()
    public = None
    if config.get("assignPublicIp") == "ENABLED":
        public = f"54.{digest[5]}.{digest[6]}.{max(1, digest[7])}"
    return TaskInterface(
        eni_id=eni_id,
        subnet_id=subnet.subnet_id,
        private_ip=allocate_address(ec2, subnet, ctx.rng),
        mac_address="0e:" + ":".join(f"{b:02x}" for b in digest[:5]),
        task_arn="",
        security_group_ids=groups,
        public_ip=public,
    )


def private_dns(region: str, address: str) -> str:
    """EC2's internal host name for an address."""
    where = "ec2.internal" if region == "us-east-1" else f"{region}.compute.internal"
    return f"ip-{address.replace('.', '-')}.{where}"


def _uuid(ctx: RequestContext) -> str:
    raw = f"{ctx.rng.getrandbits(128):032x}"
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
