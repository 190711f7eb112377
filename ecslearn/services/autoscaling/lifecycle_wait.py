"""An instance held by its group's lifecycle hooks: ``Pending:Wait`` / ``Terminating:Wait``
while the hooks' actions are outstanding, ``...:Proceed`` once the last one ends (completed, or
timed out with its hook's DefaultResult). The rules are AWS's; `lifecycle_hooks` says them
and holds the operations.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ecslearn.control import event_bus
from ecslearn.control.queue import action_handler
from ecslearn.model.autoscaling import (
    LAUNCHING,
    TERMINATING,
    AutoScalingGroup,
    GroupInstance,
    LifecycleAction,
    LifecycleHook,
)
from ecslearn.services.autoscaling import activities
from ecslearn.services.ec2 import transitions

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: EventBridge's detail-type of each transition's event.
DETAIL_TYPES = {
    LAUNCHING: "EC2 Instance-launch Lifecycle Action",
    TERMINATING: "EC2 Instance-terminate Lifecycle Action",
}


def hook_event(world: World, region: str, message: str, words: str, **values: Any) -> None:
    """An Auto Scaling event on the timeline, its sentence `words` in
    `ecslearn.words.capacity_events` filled in by `values` (``group`` among them)."""
    world.record(
        "autoscaling",
        message,
        details={"autoscaling_group": values["group"], "region": region, "words": words, **values},
    )


def wait(
    world: World, region: str, group: AutoScalingGroup, member: GroupInstance, transition: str
) -> bool:
    """Hold `member` for the group's hooks of `transition`: True when it now waits
    (``Pending:Wait`` / ``Terminating:Wait``), False when the group has no such hook."""
    hooks = [h for h in group.lifecycle_hooks.values() if h.transition == transition]
    if not hooks:
        return False
    phase = "Pending" if transition == LAUNCHING else "Terminating"
    member.lifecycle_state = f"{phase}:Wait"
    activity = activities.find(world.region_state(region).autoscaling, member.activity_id)
    if activity is not None:
        activity.status_code = "MidLifecycleAction"
    for hook in hooks:
        token = str(uuid.UUID(int=world.rng.getrandbits(128), version=4))
        action = LifecycleAction(
            hook=hook.name,
            token=token,
            started_at=world.now,
            heartbeat_deadline=world.now + hook.heartbeat_timeout,
        )
        member.lifecycle_actions[hook.name] = action
        schedule_timeout(world, region, group, member, hook, action)
        detail: dict[str, Any] = {
            "Origin": "EC2" if transition == LAUNCHING else "AutoScalingGroup",
            "Destination": "AutoScalingGroup" if transition == LAUNCHING else "EC2",
            "LifecycleActionToken": token,
            "AutoScalingGroupName": group.name,
            "LifecycleHookName": hook.name,
            "EC2InstanceId": member.instance_id,
            "LifecycleTransition": transition,
        }
        if hook.notification_metadata is not None:
            detail["NotificationMetadata"] = hook.notification_metadata
        event_bus.put_event(world, region, "aws.autoscaling", DETAIL_TYPES[transition], detail)
    names = ", ".join(h.name for h in hooks)
    hook_event(
        world,
        region,
        f"Auto Scaling group {group.name}: instance {member.instance_id} is {phase}:Wait for "
        f"lifecycle hook(s) {names}",
        "hook_wait",
        group=group.name,
        ec2_instance=member.instance_id,
        phase=phase,
        hooks=names,
    )
    return True


def schedule_timeout(
    world: World,
    region: str,
    group: AutoScalingGroup,
    member: GroupInstance,
    hook: LifecycleHook,
    action: LifecycleAction,
) -> None:
    ends = min(action.heartbeat_deadline, action.started_at + hook.global_timeout)
    world.queue.push(
        ends,
        "autoscaling.hook_timeout",
        region=region,
        group=group.name,
        instance=member.instance_id,
        hook=hook.name,
        token=action.token,
    )


@action_handler("autoscaling.hook_timeout")
def _timeout(world: World, args: dict[str, Any]) -> None:
    group = world.region_state(args["region"]).autoscaling.groups.get(args["group"])
    member = group.instances.get(args["instance"]) if group else None
    action = member.lifecycle_actions.get(args["hook"]) if member else None
    hook = group.lifecycle_hooks.get(args["hook"]) if group else None
    if group is None or member is None or action is None or action.token != args["token"]:
        return
    result = hook.default_result if hook else "CONTINUE"
    timeout = hook.global_timeout if hook else 0
    if world.now < min(action.heartbeat_deadline, action.started_at + timeout):
        return  # a heartbeat moved the deadline; its own timeout is queued
    hook_event(
        world,
        args["region"],
        f"Auto Scaling group {group.name}: lifecycle hook {action.hook} timed out for instance "
        f"{member.instance_id}: {result}",
        "hook_timeout",
        group=group.name,
        ec2_instance=member.instance_id,
        hook=action.hook,
        result=result,
    )
    complete(world, args["region"], group, member, action.hook, result)


def complete(
    world: World,
    region: str,
    group: AutoScalingGroup,
    member: GroupInstance,
    hook_name: str,
    result: str,
) -> None:
    """End `hook_name`'s action on `member` with `result`; the last one lets it proceed."""
    member.lifecycle_actions.pop(hook_name, None)
    terminating = member.lifecycle_state.startswith("Terminating")
    if result == "ABANDON":
        member.lifecycle_actions.clear()
        member.abandoned = member.abandoned or not terminating
    if member.lifecycle_actions:
        return
    phase = "Terminating" if terminating else "Pending"
    member.lifecycle_state = f"{phase}:Proceed"
    activity = activities.find(world.region_state(region).autoscaling, member.activity_id)
    if activity is not None and activity.end_time is None:
        activity.status_code = "InProgress"
    hook_event(
        world,
        region,
        f"Auto Scaling group {group.name}: instance {member.instance_id} is {phase}:Proceed",
        "hook_proceed",
        group=group.name,
        ec2_instance=member.instance_id,
        phase=phase,
    )
    if terminating:
        instance = world.region_state(region).ec2.instances.get(member.instance_id)
        if instance is not None:
            transitions.terminate(world, region, instance)
    world.queue.push(world.now, "autoscaling.reconcile", region=region, group=group.name)
