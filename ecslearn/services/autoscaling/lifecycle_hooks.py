"""Lifecycle hooks: PutLifecycleHook, DescribeLifecycleHooks, DeleteLifecycleHook,
CompleteLifecycleAction and RecordLifecycleActionHeartbeat, and the wait they put instances in.

As the EC2 Auto Scaling user guide ("Amazon EC2 Auto Scaling lifecycle hooks") describes it: a
group with a hook for ``autoscaling:EC2_INSTANCE_TERMINATING`` does not terminate an instance at
once. The instance is ``Terminating:Wait``, one lifecycle action per hook is outstanding (each
with its LifecycleActionToken), and an event goes to EventBridge ("EC2 Instance-terminate
Lifecycle Action", `ecslearn.control.event_bus`); Amazon ECS's managed instance draining hook
(``ecs-managed-draining-termination-hook``) is answered that way. Once every action is completed
(CompleteLifecycleAction) or has timed out, the instance is ``Terminating:Proceed`` and its EC2
instance is terminated; its termination activity waits meanwhile with StatusCode
``MidLifecycleAction``. A launching hook holds a new instance in ``Pending:Wait`` the same way;
ABANDON from it terminates the instance (and the group launches another), CONTINUE puts it in
service.

Timeouts are AWS's: an action with no heartbeat for the hook's HeartbeatTimeout (default 3600 s,
30 to 7200) ends with the hook's DefaultResult (default ABANDON); RecordLifecycleActionHeartbeat
restarts that wait; no action outlives the global timeout, 100 heartbeat timeouts or 48 hours,
whichever is smaller. For a terminating instance ABANDON and CONTINUE both end in termination;
ABANDON also ends the instance's other hooks' actions. DeleteLifecycleHook completes the hook's
outstanding actions first (ABANDON for launching instances, CONTINUE for terminating ones), as
the API reference says.

AWS's texts: "No active Lifecycle Action found with instance ID i-..." and "... with token ..."
(ValidationError, quoted by clients that hit them). ecslearn's words: a hook or group that is
not there, the 50-hook limit, a timeout out of range. Notification targets and roles are stored
and answered, not used: the event bus delivers to AWS's own rules only.
"""

from __future__ import annotations

import re
from typing import Any

from ecslearn.errors import LimitExceededFault, ValidationError
from ecslearn.model.autoscaling import (
    LAUNCHING,
    TERMINATING,
    AutoScalingGroup,
    GroupInstance,
    LifecycleHook,
)
from ecslearn.services.autoscaling import lifecycle_wait
from ecslearn.services.autoscaling.common import find_group
from ecslearn.services.autoscaling.lifecycle_wait import DETAIL_TYPES, hook_event, schedule_timeout
from ecslearn.services.handlers import RequestContext, operation

MAX_HOOKS = 50
NAME = re.compile(r"^[A-Za-z0-9\-_/]{1,255}$")


def hook_json(group: AutoScalingGroup, hook: LifecycleHook) -> dict[str, Any]:
    data: dict[str, Any] = {
        "LifecycleHookName": hook.name,
        "AutoScalingGroupName": group.name,
        "LifecycleTransition": hook.transition,
        "HeartbeatTimeout": hook.heartbeat_timeout,
        "GlobalTimeout": hook.global_timeout,
        "DefaultResult": hook.default_result,
    }
    for key, value in (
        ("NotificationTargetARN", hook.notification_target_arn),
        ("RoleARN", hook.role_arn),
        ("NotificationMetadata", hook.notification_metadata),
    ):
        if value is not None:
            data[key] = value
    return data


def checked_hook(raw: dict[str, Any], existing: LifecycleHook | None = None) -> LifecycleHook:
    """A hook from PutLifecycleHook's (or a LifecycleHookSpecification's) members, over the
    hook it replaces."""
    name = raw["LifecycleHookName"]
    if not NAME.match(name):
        raise ValidationError(  # ecslearn's wording of the API reference's pattern
            f"Lifecycle hook name {name!r} is invalid: use 1 to 255 letters, numbers, hyphens "
            "(-), underscores (_) and slashes (/)."
        )
    transition = raw.get("LifecycleTransition") or (existing.transition if existing else None)
    if transition not in DETAIL_TYPES:
        raise ValidationError(  # ecslearn's wording
            f"LifecycleTransition must be {LAUNCHING} or {TERMINATING}; it was {transition}."
        )
    timeout = raw.get("HeartbeatTimeout", existing.heartbeat_timeout if existing else 3600)
    if not 30 <= timeout <= 7200:
        raise ValidationError(  # ecslearn's wording of the documented range
            f"HeartbeatTimeout must be between 30 and 7200 seconds; it was {timeout}."
        )
    result = raw.get("DefaultResult", existing.default_result if existing else "ABANDON")
    if result not in ("CONTINUE", "ABANDON"):
        raise ValidationError(f"DefaultResult must be CONTINUE or ABANDON; it was {result}.")
    kept = existing or LifecycleHook(name=name, transition=transition)
    return LifecycleHook(
        name=name,
        transition=transition,
        heartbeat_timeout=timeout,
        default_result=result,
        notification_target_arn=raw.get("NotificationTargetARN", kept.notification_target_arn),
        role_arn=raw.get("RoleARN", kept.role_arn),
        notification_metadata=raw.get("NotificationMetadata", kept.notification_metadata),
    )


def _waiting_member(
    group: AutoScalingGroup, hook: str, instance_id: str | None, token: str | None
) -> GroupInstance:
    """The instance whose action of `hook` the request names (by instance ID or token)."""
    for member in group.instances.values():
        action = member.lifecycle_actions.get(hook)
        if action is None:
            continue
        if (instance_id is None or member.instance_id == instance_id) and (
            token is None or action.token == token
        ):
            return member
    if instance_id is not None:
        raise ValidationError(f"No active Lifecycle Action found with instance ID {instance_id}")
    raise ValidationError(f"No active Lifecycle Action found with token {token}")


def _hook(group: AutoScalingGroup, name: str) -> LifecycleHook:
    hook = group.lifecycle_hooks.get(name)
    if hook is None:
        raise ValidationError(  # ecslearn's wording
            f"No Lifecycle Hook found with name {name} for group {group.name}",
            hint="describe_lifecycle_hooks lists the group's hooks.",
        )
    return hook


def _target(request: dict[str, Any]) -> tuple[str | None, str | None]:
    instance_id, token = request.get("InstanceId"), request.get("LifecycleActionToken")
    if instance_id is None and token is None:
        raise ValidationError(  # ecslearn's wording of the API reference's rule
            "Either InstanceId or LifecycleActionToken must be given."
        )
    return instance_id, token


@operation("PutLifecycleHook", service="autoscaling")
def put_lifecycle_hook(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Creates the hook, or updates the one of that name (members left out keep their values).
    Instances already waiting keep the actions they have."""
    group = find_group(ctx, request["AutoScalingGroupName"])
    existing = group.lifecycle_hooks.get(request["LifecycleHookName"])
    if existing is None and len(group.lifecycle_hooks) >= MAX_HOOKS:
        raise LimitExceededFault(  # ecslearn's wording
            f"The Auto Scaling group {group.name} already has {MAX_HOOKS} lifecycle hooks, the "
            "most a group can have."
        )
    if existing is None and not request.get("LifecycleTransition"):
        raise ValidationError(  # ecslearn's wording
            "LifecycleTransition is required to create a lifecycle hook."
        )
    hook = checked_hook(request, existing)
    group.lifecycle_hooks[hook.name] = hook
    hook_event(
        ctx.world,
        ctx.region,
        f"Auto Scaling group {group.name}: lifecycle hook {hook.name} "
        f"({hook.transition}, {hook.heartbeat_timeout} s, {hook.default_result}) "
        f"{'updated' if existing else 'added'}",
        "hook_updated" if existing else "hook_put",
        group=group.name,
        hook=hook.name,
        transition=hook.transition,
        heartbeat=hook.heartbeat_timeout,
        result=hook.default_result,
    )
    return {}


@operation("DescribeLifecycleHooks", service="autoscaling")
def describe_lifecycle_hooks(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Named hooks that do not exist are left out."""
    group = find_group(ctx, request["AutoScalingGroupName"])
    names = request.get("LifecycleHookNames")
    hooks = [h for h in group.lifecycle_hooks.values() if not names or h.name in names]
    return {"LifecycleHooks": [hook_json(group, h) for h in hooks]}


@operation("DeleteLifecycleHook", service="autoscaling")
def delete_lifecycle_hook(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["AutoScalingGroupName"])
    hook = _hook(group, request["LifecycleHookName"])
    del group.lifecycle_hooks[hook.name]
    hook_event(
        ctx.world,
        ctx.region,
        f"Auto Scaling group {group.name}: lifecycle hook {hook.name} deleted",
        "hook_deleted",
        group=group.name,
        hook=hook.name,
    )
    result = "ABANDON" if hook.transition == LAUNCHING else "CONTINUE"
    for member in list(group.instances.values()):
        if hook.name in member.lifecycle_actions:
            lifecycle_wait.complete(ctx.world, ctx.region, group, member, hook.name, result)
    return {}


@operation("CompleteLifecycleAction", service="autoscaling")
def complete_lifecycle_action(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    group = find_group(ctx, request["AutoScalingGroupName"])
    hook = _hook(group, request["LifecycleHookName"])
    result = request["LifecycleActionResult"]
    if result not in ("CONTINUE", "ABANDON"):
        raise ValidationError(
            f"LifecycleActionResult must be CONTINUE or ABANDON; it was {result}."
        )
    member = _waiting_member(group, hook.name, *_target(request))
    hook_event(
        ctx.world,
        ctx.region,
        f"Auto Scaling group {group.name}: lifecycle action of {hook.name} on instance "
        f"{member.instance_id} completed: {result}",
        "hook_completed",
        group=group.name,
        ec2_instance=member.instance_id,
        hook=hook.name,
        result=result,
    )
    lifecycle_wait.complete(ctx.world, ctx.region, group, member, hook.name, result)
    return {}


@operation("RecordLifecycleActionHeartbeat", service="autoscaling")
def record_lifecycle_action_heartbeat(ctx: RequestContext, request: dict[str, Any]) -> dict:
    """The action's heartbeat timeout starts again; the global timeout does not move."""
    group = find_group(ctx, request["AutoScalingGroupName"])
    hook = _hook(group, request["LifecycleHookName"])
    member = _waiting_member(group, hook.name, *_target(request))
    action = member.lifecycle_actions[hook.name]
    action.heartbeat_deadline = ctx.world.now + hook.heartbeat_timeout
    schedule_timeout(ctx.world, ctx.region, group, member, hook, action)
    return {}


def hooks_at_creation(ctx: RequestContext, request: dict[str, Any]) -> dict[str, LifecycleHook]:
    """CreateAutoScalingGroup's LifecycleHookSpecificationList, checked."""
    specs = request.get("LifecycleHookSpecificationList") or []
    if len(specs) > MAX_HOOKS:
        raise LimitExceededFault(
            f"A group can have at most {MAX_HOOKS} lifecycle hooks; {len(specs)} were given."
        )
    hooks = {}
    for spec in specs:
        hook = checked_hook(spec)
        hooks[hook.name] = hook
    return hooks
