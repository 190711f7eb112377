"""Managed instance draining: ECS drains an instance its Auto Scaling group is terminating, and
lets the termination go on once the instance is empty.

What AWS documents ("Safely stop Amazon ECS workloads running on EC2 instances", ECS developer
guide) and what ecslearn does with it:

- A capacity provider with ``managedDraining`` ENABLED (the default for a new provider) has ECS's
  lifecycle hook on its group, ``ecs-managed-draining-termination-hook`` for
  ``autoscaling:EC2_INSTANCE_TERMINATING`` (`asg_link.put_draining_hook`; DISABLED removes it).
  Every termination the group starts of a running instance (a scale-in, managed scaling's or a
  user's lowered desired capacity, TerminateInstanceInAutoScalingGroup) then waits in
  ``Terminating:Wait``; one EC2 already stopped or terminated (the EC2 health check's case)
  has nothing left to drain and goes at once (ecslearn's choice). Auto Scaling's event for the
  wait reaches ECS's managed EventBridge rule (`ecslearn.control.event_bus`), handled here.
- ECS sets the container instance to DRAINING: "Amazon ECS managed instance draining uses the
  existing draining feature found in container instances". The service scheduler replaces the
  instance's service tasks elsewhere within each service's minimumHealthyPercent and
  maximumPercent (`control/services/replica.py`), daemon tasks stop last; standalone tasks
  (RunTask) "remain unaffected. You have to wait for these to either complete or stop them
  manually."
- "The container instance remains in the DRAINING state until either all tasks are stopped or
  48 hours has passed." Then ECS completes the hook's action with CONTINUE and Auto Scaling
  terminates the instance (Terminating:Proceed). While it waits ECS records a heartbeat on the
  action every `HEARTBEAT_EVERY` seconds (the hook's own timeout is 3600 s, its global timeout
  48 hours, so the hook lasts exactly as long as the guide's limit). At its last look before
  the 48 hours are up ECS completes the action with CONTINUE itself (had it not, the global
  timeout would end it a few seconds later with the hook's default result, CONTINUE).
- An instance that is no container instance of a provider with managed draining (not
  registered, already gone, another cluster's) is let go at once.

ecslearn's choices where AWS is silent: ECS looks at a draining instance every
`CHECK_SECONDS` (AWS does not say how soon it notices the instance is empty), and heartbeats
every half hour. Each decision is a "capacity" event on the timeline, its words in English and
Korean in `ecslearn.words.capacity_events`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import asg_link, event_bus
from ecslearn.control.capacity_placement import provider_of
from ecslearn.control.queue import action_handler
from ecslearn.control.services import reconcile
from ecslearn.control.state import RegionState
from ecslearn.model.capacity_provider import ManagedDrain
from ecslearn.model.container_instance import ContainerInstance

if TYPE_CHECKING:
    from ecslearn.control.world import World

CHECK_SECONDS = 15.0
HEARTBEAT_EVERY = 1800.0
DRAIN_LIMIT_SECONDS = 48 * 3600.0


def record(world: World, message: str, words: str, cluster: str | None = None, **values: Any):
    """A capacity decision on the timeline: `message` in English, `words` the key of its
    sentence in `ecslearn.words.capacity_events` and `values` what fills it in."""
    world.record("capacity", message, cluster=cluster, details={"words": words, **values})


def _container_instance(state: RegionState, ec2_id: str) -> ContainerInstance | None:
    return next(
        (i for i in state.instances_of_ec2(ec2_id) if i.status in ("ACTIVE", "DRAINING")),
        None,
    )


def tasks_left(state: RegionState, instance: ContainerInstance) -> int:
    """Tasks on the instance not yet STOPPED (standalone, service and daemon tasks alike)."""
    return sum(not t.is_stopped for t in state.tasks_on(instance.container_instance_arn or ""))


@event_bus.rule("aws.autoscaling", "EC2 Instance-terminate Lifecycle Action")
def _terminating(world: World, region: str, detail: dict[str, Any]) -> None:
    """Auto Scaling holds an instance for ECS's hook: drain it, or let it go."""
    if detail.get("LifecycleHookName") != asg_link.DRAINING_HOOK:
        return
    state = world.region_state(region)
    ec2_id, group = detail["EC2InstanceId"], detail["AutoScalingGroupName"]
    instance = _container_instance(state, ec2_id)
    name = provider_of(state, instance) if instance is not None else None
    provider = state.capacity_providers.get(name or "")
    if instance is None or provider is None or not provider.draining:
        asg_link.lifecycle_action(
            world, region, group, ec2_id, detail["LifecycleActionToken"], "CONTINUE"
        )
        record(
            world,
            f"managed draining: instance {ec2_id} of group {group} runs no container instance "
            "of a capacity provider with managed draining: its termination continues",
            "drain_nothing",
            ec2_instance=ec2_id,
            group=group,
        )
        return
    arn = instance.container_instance_arn or ""
    state.managed_drains[ec2_id] = ManagedDrain(
        ec2_instance_id=ec2_id,
        container_instance_arn=arn,
        cluster_name=instance.cluster_name,
        capacity_provider=provider.name or "",
        group_name=group,
        hook_name=asg_link.DRAINING_HOOK,
        token=detail["LifecycleActionToken"],
        started_at=world.now,
        last_heartbeat=world.now,
    )
    if instance.status != "DRAINING":
        instance.status = "DRAINING"
        instance.version = (instance.version or 0) + 1
        reconcile.instances_changed(world, state)
    record(
        world,
        f"managed draining: Auto Scaling is terminating instance {ec2_id} of group {group}: "
        f"container instance {instance.id} of {provider.name} is DRAINING, "
        f"{tasks_left(state, instance)} task(s) on it",
        "drain_started",
        cluster=instance.cluster_name,
        ec2_instance=ec2_id,
        group=group,
        container_instance=instance.id,
        provider=provider.name,
        tasks=tasks_left(state, instance),
    )
    _ensure_checks(world, state)


def _ensure_checks(world: World, state: RegionState) -> None:
    if state.managed_drains and not state.drain_checks:
        state.drain_checks = True
        world.queue.push(world.now + CHECK_SECONDS, "capacity.drain_check", region=state.region)


@action_handler("capacity.drain_check")
def _check(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    state.drain_checks = False
    for drain in list(state.managed_drains.values()):
        check(world, state, drain)
    _ensure_checks(world, state)


def check(world: World, state: RegionState, drain: ManagedDrain) -> None:
    """One look at a draining instance: empty (or gone) lets the termination go on; 48 hours
    end the wait; otherwise a heartbeat keeps the hook's action alive."""
    region, ec2_id = state.region, drain.ec2_instance_id
    instance = state.instances.get(drain.container_instance_arn)
    left = tasks_left(state, instance) if instance is not None else 0
    if left == 0:
        del state.managed_drains[ec2_id]
        asg_link.lifecycle_action(world, region, drain.group_name, ec2_id, drain.token, "CONTINUE")
        record(
            world,
            f"managed draining: container instance {drain.container_instance_arn.rsplit('/')[-1]} "
            f"has no task left: the termination of instance {ec2_id} continues",
            "drain_done",
            cluster=drain.cluster_name,
            ec2_instance=ec2_id,
            container_instance=drain.container_instance_arn.rsplit("/")[-1],
            seconds=round(world.now - drain.started_at),
        )
        return
    if world.now + CHECK_SECONDS >= drain.started_at + DRAIN_LIMIT_SECONDS:  # its last look
        del state.managed_drains[ec2_id]
        asg_link.lifecycle_action(world, region, drain.group_name, ec2_id, drain.token, "CONTINUE")
        record(
            world,
            f"managed draining: instance {ec2_id} still has {left} task(s) after 48 hours: its "
            "termination continues",
            "drain_timeout",
            cluster=drain.cluster_name,
            ec2_instance=ec2_id,
            tasks=left,
        )
        return
    if world.now >= drain.last_heartbeat + HEARTBEAT_EVERY:
        drain.last_heartbeat = world.now
        if not asg_link.lifecycle_action(
            world, region, drain.group_name, ec2_id, drain.token, None
        ):
            del state.managed_drains[ec2_id]  # completed by a user, or the group is gone
