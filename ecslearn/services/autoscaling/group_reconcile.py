"""A group on the virtual clock: a level-triggered loop that keeps its instances at its desired
capacity, and watches them the way Auto Scaling's EC2 health check does.

Each pass over a group (`reconcile`):

1. **Follow EC2.** A Pending instance whose EC2 instance runs is InService (its launch activity
   Successful); a Terminating one EC2 has terminated leaves the group (Successful). An instance
   that EC2 says is stopping, stopped, shutting down or gone while it is Pending or InService
   failed the EC2 health check: it is Unhealthy, and Auto Scaling terminates it ("... in
   response to a EC2 health check indicating it has been terminated or stopped."), after which
   the next step launches its replacement. Protection from scale in does not stop this.
2. **Delete.** A group being force-deleted terminates every instance, and goes once they are
   gone.
3. **Scale.** Fewer Pending + InService instances than desired: launch the difference, one at a
   time, each in the group's zone with the fewest instances (then the first in the group's
   order), through EC2's own launch path (`ecslearn.services.ec2.launch.launch_from_template`,
   what RunInstances runs), so the instance boots, reads its user data and its ECS agent
   registers. More than desired: terminate the excess through EC2's TerminateInstances path
   (`ecslearn.services.ec2.transitions.terminate`, so ECS sees the host go and its tasks
   stop), choosing per `termination`; protected instances are never chosen.

A group with lifecycle hooks (`lifecycle_hooks`) holds an instance on its way in
(``Pending:Wait``, once EC2 runs it) or out (``Terminating:Wait``, its EC2 instance still
running) until the hooks' actions are completed; ECS's managed instance draining is such a hook.
A ForceDelete skips them.

A launch EC2 refuses (a launch template deleted since, a subnet full...) is a Failed activity
with EC2's message, once per distinct problem; the next pass tries again. Nothing raised here
reaches a caller: the request that asked for the change was accepted already.

When it runs: at once after each request that changes a group (``autoscaling.reconcile``), and
every `TICK_SECONDS` for each region with groups (``autoscaling.tick``). AWS does not document
how often its EC2 health check looks; ecslearn's 10 s means an instance terminated from EC2 is
replaced within about 10 s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler
from ecslearn.errors import EcsError
from ecslearn.model.autoscaling import (
    LAUNCHING,
    TERMINATING,
    AutoScalingGroup,
    AutoScalingState,
    GroupInstance,
)
from ecslearn.services.autoscaling import activities, lifecycle_wait, termination
from ecslearn.services.autoscaling.common import iso
from ecslearn.services.ec2 import launch_templates, transitions
from ecslearn.services.ec2.launch import launch_from_template

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.model.ec2 import Ec2State

TICK_SECONDS = 10.0
GONE = ("stopping", "stopped", "shutting-down", "terminated")
HEALTH_CAUSE = (
    "an instance was taken out of service in response to a EC2 health check indicating it has "
    "been terminated or stopped."
)
#: ecslearn's wording: AWS's Cause for an instance a launching hook abandoned is not documented.
ABANDON_CAUSE = "an instance was taken out of service because a launch lifecycle hook abandoned it."


def request(world: World, region: str, name: str) -> None:
    """Reconcile `name` in the next step, and keep the region's tick going."""
    world.queue.push(world.now, "autoscaling.reconcile", region=region, group=name)
    state = world.region_state(region).autoscaling
    if not state.ticking:
        state.ticking = True
        world.queue.push(world.now + TICK_SECONDS, "autoscaling.tick", region=region)


@action_handler("autoscaling.reconcile")
def _reconcile_one(world: World, args: dict[str, Any]) -> None:
    group = world.region_state(args["region"]).autoscaling.groups.get(args["group"])
    if group is not None:
        reconcile(world, args["region"], group)


@action_handler("autoscaling.tick")
def _tick(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"]).autoscaling
    for group in list(state.groups.values()):
        reconcile(world, args["region"], group)
    if state.groups:
        world.queue.push(world.now + TICK_SECONDS, "autoscaling.tick", region=args["region"])
    else:
        state.ticking = False


def _event(world: World, region: str, group: AutoScalingGroup, message: str, **more: Any) -> None:
    world.record(
        "autoscaling",
        message,
        details={"autoscaling_group": group.name, "region": region, **more},
    )


def current_template(ec2: Ec2State, group: AutoScalingGroup) -> tuple[str | None, int | None]:
    """The group's launch template ID and the version number it resolves to now (None, None
    when it no longer resolves)."""
    spec = launch_spec(group)
    try:
        template, version = launch_templates.resolve(ec2, spec)
    except EcsError:
        return None, None
    return template.template_id, version.number


def launch_spec(group: AutoScalingGroup) -> dict[str, str]:
    """The LaunchTemplateSpecification the group launches from."""
    if group.launch_template is not None:
        return dict(group.launch_template)
    policy = (group.mixed_instances_policy or {}).get("LaunchTemplate") or {}
    return dict(policy.get("LaunchTemplateSpecification") or {})


def _follow_ec2(
    world: World, region: str, state: AutoScalingState, group: AutoScalingGroup
) -> None:
    ec2 = world.region_state(region).ec2
    for member in list(group.instances.values()):
        instance = ec2.instances.get(member.instance_id)
        ec2_state = instance.state if instance is not None else "terminated"
        if member.lifecycle_state == "Terminating:Wait":
            continue  # its lifecycle hooks decide when (`lifecycle_wait`)
        if member.lifecycle_state.startswith("Terminating"):
            if ec2_state == "terminated":
                activities.finish(world, state, group, member.activity_id)
                del group.instances[member.instance_id]
                _event(
                    world,
                    region,
                    group,
                    f"Auto Scaling group {group.name}: instance {member.instance_id} terminated",
                    ec2_instance=member.instance_id,
                )
            continue
        if ec2_state in GONE:
            activities.finish(world, state, group, member.activity_id)
            member.health_status = "Unhealthy"
            member.lifecycle_actions.clear()
            terminate(world, region, state, group, member, HEALTH_CAUSE, user_prefix=False)
        elif member.lifecycle_state == "Pending:Proceed" and member.abandoned:
            activities.finish(world, state, group, member.activity_id)
            terminate(world, region, state, group, member, ABANDON_CAUSE, user_prefix=False)
        elif ec2_state == "running" and member.lifecycle_state in ("Pending", "Pending:Proceed"):
            if member.lifecycle_state == "Pending" and lifecycle_wait.wait(
                world, region, group, member, LAUNCHING
            ):
                continue
            member.lifecycle_state = "InService"
            activities.finish(world, state, group, member.activity_id)
            member.activity_id = None
            _event(
                world,
                region,
                group,
                f"Auto Scaling group {group.name}: instance {member.instance_id} is InService",
                ec2_instance=member.instance_id,
            )


def terminate(
    world: World,
    region: str,
    state: AutoScalingState,
    group: AutoScalingGroup,
    member: GroupInstance,
    sentence: str,
    *,
    user_prefix: bool = True,
    hooks: bool = True,
) -> None:
    """Take `member` out of service and terminate its EC2 instance (if it still runs), once the
    group's terminating lifecycle hooks let it (`hooks`: False for a ForceDelete, which skips
    them, as AWS's does)."""
    said = activities.cause(world, group, sentence) if user_prefix else None
    if said is None:
        said = f"At {iso(world.clock.timestamp)} {sentence}"
    activity = activities.start(
        world,
        state,
        group,
        f"Terminating EC2 instance: {member.instance_id}",
        said,
        **{"Availability Zone": member.zone},
    )
    member.lifecycle_state = "Terminating"
    member.activity_id = activity.activity_id
    instance = world.region_state(region).ec2.instances.get(member.instance_id)
    running = instance is not None and instance.state in ("pending", "running")
    _event(
        world,
        region,
        group,
        f"Auto Scaling group {group.name} is terminating instance {member.instance_id} "
        f"({member.zone})",
        ec2_instance=member.instance_id,
    )
    if hooks and running and lifecycle_wait.wait(world, region, group, member, TERMINATING):
        return
    if instance is not None:
        transitions.terminate(world, region, instance)


def _zone_to_launch(group: AutoScalingGroup) -> str:
    counts = {zone: 0 for zone in group.zones}
    for member in group.counted():
        counts[member.zone] = counts.get(member.zone, 0) + 1
    return min(group.zones, key=lambda zone: counts[zone])


def _overrides(world: World, region: str, group: AutoScalingGroup, zone: str) -> dict[str, Any]:
    """RunInstances members on top of the launch template: the zone's subnet, the propagated
    tags, the MixedInstancesPolicy's instance type."""
    ec2 = world.region_state(region).ec2
    subnet_id = next(
        (s for s in group.subnet_ids if s in ec2.subnets and ec2.subnets[s].zone == zone), None
    )
    if subnet_id is None:
        default = ec2.default_subnet(zone)
        subnet_id = default.subnet_id if default is not None else None
    overrides: dict[str, Any] = {}
    try:
        _, version = launch_templates.resolve(ec2, launch_spec(group))
        interfaces = version.data.get("NetworkInterfaces") or []
    except EcsError:
        interfaces = []
    if interfaces and subnet_id:
        overrides["NetworkInterfaces"] = [
            {**n, "SubnetId": subnet_id} if n.get("DeviceIndex", 0) == 0 else n for n in interfaces
        ]
    elif subnet_id:
        overrides["SubnetId"] = subnet_id
    tags = [
        {"Key": key, "Value": tag.get("Value", "")}
        for key, tag in group.tags.items()
        if tag.get("PropagateAtLaunch")
    ]
    if tags:
        overrides["TagSpecifications"] = [{"ResourceType": "instance", "Tags": tags}]
    kinds = ((group.mixed_instances_policy or {}).get("LaunchTemplate") or {}).get("Overrides")
    if kinds and kinds[0].get("InstanceType"):
        overrides["InstanceType"] = kinds[0]["InstanceType"]
    return overrides


def _launch(world: World, region: str, state: AutoScalingState, group: AutoScalingGroup) -> bool:
    """Launch one instance into the group; False when EC2 refused (a Failed activity says why)."""
    zone = _zone_to_launch(group)
    before = len(group.counted())
    try:
        _, [instance] = launch_from_template(
            world, region, launch_spec(group), overrides=_overrides(world, region, group, zone)
        )
    except EcsError as error:
        if group.launch_problem != error.message:
            group.launch_problem = error.message
            failed = activities.start(
                world,
                state,
                group,
                "Launching a new EC2 instance.  Status Reason: " + error.message,
                activities.cause(
                    world,
                    group,
                    "an instance was started in response to a difference between desired and "
                    f"actual capacity, increasing the capacity from {before} to "
                    f"{group.desired_capacity}.",
                ),
            )
            activities.finish(
                world,
                state,
                group,
                failed.activity_id,
                failed=error.message + " Launching EC2 instance failed.",
            )
            _event(
                world,
                region,
                group,
                f"Auto Scaling group {group.name} failed to launch an instance: {error.message}",
            )
        return False
    group.launch_problem = None
    instance.tags["aws:autoscaling:groupName"] = group.name
    activity = activities.start(
        world,
        state,
        group,
        f"Launching a new EC2 instance: {instance.instance_id}",
        activities.cause(
            world,
            group,
            "an instance was started in response to a difference between desired and actual "
            f"capacity, increasing the capacity from {before} to {before + 1}.",
        ),
        **{"Subnet ID": instance.subnet_id, "Availability Zone": instance.zone},
    )
    template = dict(instance.launch_template or {})
    group.instances[instance.instance_id] = GroupInstance(
        instance_id=instance.instance_id,
        zone=instance.zone,
        instance_type=instance.instance_type,
        launched_at=world.clock.timestamp,
        protected_from_scale_in=group.new_instances_protected,
        launch_template=template or None,
        activity_id=activity.activity_id,
    )
    _event(
        world,
        region,
        group,
        f"Auto Scaling group {group.name} launched instance {instance.instance_id} in {zone}",
        ec2_instance=instance.instance_id,
    )
    return True


def reconcile(world: World, region: str, group: AutoScalingGroup) -> None:
    """One pass over `group` (see the module)."""
    state = world.region_state(region).autoscaling
    _follow_ec2(world, region, state, group)
    if group.status:
        for member in list(group.instances.values()):
            if member.lifecycle_state == "Terminating:Wait":  # ForceDelete ends the actions
                member.lifecycle_actions.clear()
                member.lifecycle_state = "Terminating:Proceed"
                instance = world.region_state(region).ec2.instances.get(member.instance_id)
                if instance is not None:
                    transitions.terminate(world, region, instance)
            elif not member.lifecycle_state.startswith("Terminating"):
                before = len(group.counted())
                terminate(
                    world,
                    region,
                    state,
                    group,
                    member,
                    "an instance was taken out of service in response to a user request, "
                    f"shrinking the capacity from {before} to {before - 1}.",
                    hooks=False,
                )
        if not group.instances:
            del state.groups[group.name]
            _event(world, region, group, f"Auto Scaling group {group.name} deleted")
        return
    while len(group.counted()) < group.desired_capacity:
        if not _launch(world, region, state, group):
            break
    ec2 = world.region_state(region).ec2
    while len(group.counted()) > group.desired_capacity:
        before = len(group.counted())
        chosen = termination.choose(
            group, world.clock.timestamp, current_template(ec2, group), world.rng
        )
        if chosen is None:
            break  # every instance left is protected from scale in
        terminate(
            world,
            region,
            state,
            group,
            chosen,
            "an instance was taken out of service in response to a difference between desired "
            f"and actual capacity, shrinking the capacity from {before} to {before - 1}. At "
            f"{iso(world.clock.timestamp)} instance {chosen.instance_id} was "
            "selected for termination.",
        )
    group.cause = None
