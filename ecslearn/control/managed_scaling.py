"""Cluster auto scaling: managed scaling of each Auto Scaling group capacity provider.

Once a minute of virtual time ECS computes each provider's CapacityProviderReservation and
tracks its target with the group's desired capacity, as the cluster auto scaling guide and
"Deep Dive on Amazon ECS Cluster Auto Scaling" describe:

- ``CapacityProviderReservation = M / N x 100``, N the provider's instances already up and
  running (registered, ACTIVE or DRAINING, and not being terminated: an instance managed
  draining holds in Terminating:Wait is on its way out), M the instances needed. With no task
  waiting (PROVISIONING), M is the number of instances running at least one task that is not a
  daemon's. With tasks waiting, M = N + the estimated extra instances, at least
  minimumScalingStepSize and at most maximumScalingStepSize. Special cases, as documented:
  M = N = 0 gives 100; M > 0 and N = 0 gives 200.
- Target tracking asks for ``ceil(M x 100 / targetCapacity)`` instances (within the group's
  MinSize and MaxSize). It scales out at once when that is above the group's desired capacity;
  it scales in only after the metric has stayed below the target for 15 minutes (the low alarm's
  15 one-minute data points), and never by more than the instances without non-daemon tasks.
- instanceWarmupPeriod: instances the group is still launching (not yet registered) count
  toward the desired capacity but not the metric, so a scale-out is not asked for again while
  it warms up; a scale-in waits until no instance launched in the last warm-up period is still
  unregistered.

ecslearn's estimate of extra instances (AWS describes it only as a lower bound computed from the
waiting tasks' requirements): tasks grouped by their CPU and memory, each group's tasks packed
onto the group's instance type, the largest group's need taken.

Managed termination protection: instances running non-daemon tasks are protected from scale-in
(SetInstanceProtection) and unprotected once empty, so the group's scale-in takes only empty
instances. A scale-in asked for here lowers the group's desired capacity; the instances the
group then terminates go through managed instance draining when the provider has it
(`ecslearn.control.managed_draining`), as any other termination of the group does. Every
decision is a "capacity" event on the timeline with its numbers, its words in English and
Korean in `ecslearn.words.capacity_events` (the event's ``details["words"]``).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from ecslearn.control import asg_link
from ecslearn.control.capacity_placement import place_waiting, provider_of, waiting
from ecslearn.control.managed_draining import record
from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.model.capacity_provider import CapacityProvider
from ecslearn.model.cluster import Cluster
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.instance_types import instance_type
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

TICK_SECONDS = 60.0
SCALE_IN_MINUTES = 15


def ensure_ticks(world: World, state: RegionState) -> None:
    """Keep the once-a-minute evaluation queued while a cluster has a provider."""
    if state.capacity_ticks or not _associated(state):
        return
    state.capacity_ticks = True
    world.queue.push(world.now + TICK_SECONDS, "capacity.tick", region=state.region)


def _associated(state: RegionState) -> list[tuple[Cluster, CapacityProvider]]:
    pairs = []
    for cluster in state.clusters.values():
        if cluster.status != "ACTIVE":
            continue
        for name in cluster.capacity_providers or []:
            provider = state.capacity_providers.get(name)
            if provider is not None and provider.status == "ACTIVE":
                pairs.append((cluster, provider))
    return pairs


@action_handler("capacity.tick")
def _tick(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    try:
        place_waiting(world, state)
        for cluster, provider in _associated(state):
            if provider.scaling.enabled:
                evaluate(world, state, cluster, provider)
    finally:
        state.capacity_ticks = False
        ensure_ticks(world, state)


def _is_daemon_task(state: RegionState, task: Task) -> bool:
    service = state.services.get(task.service_arn or "")
    return service is not None and service.is_daemon


def reservation(m: int, n: int) -> float:
    """CapacityProviderReservation for M instances needed and N running (AWS's formula)."""
    if n == 0:
        return 100.0 if m == 0 else 200.0
    return m / n * 100


def estimate_extra(tasks: list[Task], cpu: int, memory: int) -> int:
    """Instances of `cpu` units and `memory` MiB needed for the waiting `tasks`."""
    if not tasks:
        return 0
    groups = Counter((t.reserved_cpu, t.reserved_memory) for t in tasks)
    need = 0
    for (task_cpu, task_memory), count in groups.items():
        per_instance = min(
            cpu // task_cpu if task_cpu else count,
            memory // task_memory if task_memory else count,
        )
        need = max(need, math.ceil(count / max(per_instance, 1)))
    return need


def _instance_size(
    state: RegionState, group: dict[str, Any], mine: list[ContainerInstance]
) -> tuple[int, int]:
    """CPU units and MiB of memory of one of the group's instances."""
    for instance in mine:
        return int(instance.registered("CPU") or 0), int(instance.registered("MEMORY") or 0)
    name = next((i.get("InstanceType") for i in group.get("Instances") or []), None)
    template = group.get("LaunchTemplate") or {}
    stored = state.ec2.launch_templates.get(template.get("LaunchTemplateId", ""))
    if name is None and stored is None:
        stored = next(
            (
                t
                for t in state.ec2.launch_templates.values()
                if t.name == template.get("LaunchTemplateName")
            ),
            None,
        )
    if name is None and stored is not None:
        version = stored.versions.get(stored.latest_version) or stored.versions.get(
            stored.default_version
        )
        name = (version.data if version else {}).get("InstanceType")
    kind = instance_type(name or "t3.micro")
    return kind.cpu_units, kind.registered_memory()


def evaluate(
    world: World, state: RegionState, cluster: Cluster, provider: CapacityProvider
) -> None:
    """One minute of managed scaling for one provider of one cluster."""
    group_provider = provider.auto_scaling_group_provider
    if group_provider is None:
        return
    name = group_provider.group_name
    group = asg_link.describe_group(world, state.region, name)
    if group is None:
        return
    scaling = provider.scaling
    cluster_name = cluster.cluster_name or ""
    mine = [
        i
        for i in state.instances_in(cluster_name)
        if i.status in ("ACTIVE", "DRAINING")
        and provider_of(state, i) == provider.name
        and (i.ec2_instance_id or "") not in state.managed_drains  # leaving: Terminating:Wait
    ]
    busy = {
        i.container_instance_arn
        for i in mine
        if any(
            not t.is_stopped and not _is_daemon_task(state, t)
            for t in state.tasks_on(i.container_instance_arn or "")
        )
    }
    waiting_tasks = [
        t for t in waiting(state, cluster_name) if t.capacity_provider_name == provider.name
    ]
    n = len(mine)
    if waiting_tasks:
        cpu, memory = _instance_size(state, group, mine)
        extra = estimate_extra(waiting_tasks, cpu, memory)
        extra = min(
            max(extra, scaling.minimum_scaling_step_size or 1),
            scaling.maximum_scaling_step_size or extra,
        )
        m = n + extra
    else:
        m = len(busy)
    metric = reservation(m, n)
    provider.last_metric = metric
    target = scaling.target_capacity or 100
    wanted = math.ceil(m * 100 / target)
    desired = int(group.get("DesiredCapacity") or 0)
    low, high = int(group.get("MinSize") or 0), int(group.get("MaxSize") or 0)
    details = {
        "capacityProvider": provider.name,
        "CapacityProviderReservation": round(metric, 2),
        "M": m,
        "N": n,
        "targetCapacity": target,
        "waiting": len(waiting_tasks),
        "desiredCapacity": desired,
    }
    if scaling.status == "ENABLED" and group_provider.managed_termination_protection == "ENABLED":
        _protect(world, state, name, group, mine, busy)
    if wanted > desired and desired < high:
        provider.low_minutes = 0
        new = min(wanted, high)
        asg_link.set_desired_capacity(world, state.region, name, new)
        provider.last_scale_out_at = world.now
        record(
            world,
            f"capacity provider {provider.name}: {len(waiting_tasks)} task(s) waiting, "
            f"reservation {metric:.0f}% for target {target}% needs {wanted} instance(s): scale "
            f"out group {name} from {desired} to {new} (+{new - desired})",
            "scale_out",
            cluster=cluster_name,
            **{**details, "provider": provider.name, "group": name, "metric": round(metric)},
            newDesiredCapacity=new,
            step=new - desired,
            wanted=wanted,
        )
        return
    if wanted < desired and metric < target:
        provider.low_minutes += 1
        empty = [i for i in mine if i.container_instance_arn not in busy]
        launching = desired - n  # in the group's desired capacity, not registered yet
        if provider.low_minutes < SCALE_IN_MINUTES or launching > 0 or not empty:
            return
        new = max(wanted, low, desired - len(empty))
        if new >= desired:
            return
        asg_link.set_desired_capacity(world, state.region, name, new)
        provider.low_minutes = 0
        record(
            world,
            f"capacity provider {provider.name}: reservation {metric:.0f}% below target "
            f"{target}% for {SCALE_IN_MINUTES} minutes: scale in group {name} from {desired} "
            f"to {new} (-{desired - new})",
            "scale_in",
            cluster=cluster_name,
            **{**details, "provider": provider.name, "group": name, "metric": round(metric)},
            newDesiredCapacity=new,
            step=desired - new,
            minutes=SCALE_IN_MINUTES,
        )
        return
    provider.low_minutes = 0


def _protect(
    world: World,
    state: RegionState,
    name: str,
    group: dict[str, Any],
    mine: list[ContainerInstance],
    busy: set[str | None],
) -> None:
    """Managed termination protection: protect instances with non-daemon tasks, and only them."""
    protected = {  # instances on their way out (Terminating:Wait...) are left as they are
        i["InstanceId"]: bool(i.get("ProtectedFromScaleIn"))
        for i in group.get("Instances") or []
        if i.get("LifecycleState") in ("Pending", "InService")
    }
    on, off = [], []
    for instance in mine:
        ec2_id = instance.ec2_instance_id or ""
        if ec2_id not in protected:
            continue
        should = instance.container_instance_arn in busy
        if should and not protected[ec2_id]:
            on.append(ec2_id)
        elif not should and protected[ec2_id]:
            off.append(ec2_id)
    for ids, flag in ((on, True), (off, False)):
        if ids:
            asg_link.set_protection(world, state.region, name, ids, flag)
            record(
                world,
                f"managed termination protection: {'protect' if flag else 'unprotect'} "
                f"{len(ids)} instance(s) of {name}",
                "protect" if flag else "unprotect",
                instances=ids,
                protectedFromScaleIn=flag,
                count=len(ids),
                group=name,
            )
