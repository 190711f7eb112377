"""EC2 Auto Scaling's records as plain data: groups, the instances they hold, and the scaling
activities that launched and terminated them.

A group wants ``desired_capacity`` instances between ``min_size`` and ``max_size``. Its instances
move through Auto Scaling's lifecycle states: ``Pending`` (launched, the EC2 instance is booting)
-> ``InService`` (it is running) -> ``Terminating`` (Auto Scaling or EC2 is ending it) -> gone
from the group once EC2 says ``terminated``. A group with lifecycle hooks holds an instance in
``Pending:Wait`` or ``Terminating:Wait`` until every hook's action is completed (or times out),
then ``Pending:Proceed`` / ``Terminating:Proceed``. Only the Pending and InService states count
towards the desired capacity, as on AWS. The EC2 instance itself is EC2's record
(`ecslearn.model.ec2`); a `GroupInstance` holds only what Auto Scaling keeps about it.

Times are epoch seconds on the simulated clock. The services layer
(`ecslearn.services.autoscaling`) writes Auto Scaling's shapes from these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Lifecycle states that count towards the desired capacity.
COUNTED = ("Pending", "Pending:Wait", "Pending:Proceed", "InService")
LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING"
TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING"


@dataclass
class LifecycleHook:
    """One lifecycle hook of a group (PutLifecycleHook), with AWS's defaults: a heartbeat
    timeout of 3600 s, ABANDON when it passes, and a global timeout of 100 heartbeat timeouts
    or 48 hours, whichever is smaller."""

    name: str
    transition: str
    heartbeat_timeout: int = 3600
    default_result: str = "ABANDON"
    notification_target_arn: str | None = None
    role_arn: str | None = None
    notification_metadata: str | None = None

    @property
    def global_timeout(self) -> int:
        return min(172800, 100 * self.heartbeat_timeout)


@dataclass
class LifecycleAction:
    """A hook's action on one instance, outstanding until completed or timed out."""

    hook: str
    token: str
    started_at: float
    heartbeat_deadline: float


@dataclass
class GroupInstance:
    """One instance of a group, as Auto Scaling sees it."""

    instance_id: str
    zone: str
    instance_type: str
    launched_at: float
    lifecycle_state: str = "Pending"
    health_status: str = "Healthy"
    protected_from_scale_in: bool = False
    #: LaunchTemplateId, LaunchTemplateName and Version (the number it was launched from)
    launch_template: dict[str, str] | None = None
    #: the activity launching or terminating it, while that activity is in progress
    activity_id: str | None = None
    #: hook name -> its outstanding action, while the instance waits (Pending:Wait,
    #: Terminating:Wait)
    lifecycle_actions: dict[str, LifecycleAction] = field(default_factory=dict)
    #: True when a launching hook answered ABANDON (Auto Scaling then terminates it)
    abandoned: bool = False

    @property
    def counted(self) -> bool:
        return self.lifecycle_state in COUNTED


@dataclass
class ScalingActivity:
    """One launch or termination, with AWS's Description and Cause sentences."""

    activity_id: str
    group_name: str
    group_arn: str
    description: str
    cause: str
    start_time: float
    status_code: str = "InProgress"
    progress: int = 0
    end_time: float | None = None
    status_message: str | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass
class AutoScalingGroup:
    """One Auto Scaling group. ``settings`` keeps the request's members ecslearn stores and
    echoes back without acting on them (LoadBalancerNames, MaxInstanceLifetime, Context...)."""

    name: str
    arn: str
    created_at: float
    min_size: int
    max_size: int
    desired_capacity: int
    zones: list[str]
    #: VPCZoneIdentifier's subnets, in the order given (empty: each zone's default subnet)
    subnet_ids: list[str] = field(default_factory=list)
    #: the LaunchTemplate as given (LaunchTemplateId or LaunchTemplateName, and Version)
    launch_template: dict[str, str] | None = None
    mixed_instances_policy: dict[str, Any] | None = None
    default_cooldown: int = 300
    health_check_type: str = "EC2"
    health_check_grace_period: int = 0
    new_instances_protected: bool = False
    termination_policies: list[str] = field(default_factory=lambda: ["Default"])
    #: Key -> {"Value", "PropagateAtLaunch"}
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    instances: dict[str, GroupInstance] = field(default_factory=dict)
    #: hook name -> hook
    lifecycle_hooks: dict[str, LifecycleHook] = field(default_factory=dict)
    #: "Delete in progress" while a ForceDelete terminates its instances
    status: str | None = None
    #: the user request behind the next activities' Cause ("At ... a user request ...")
    cause: str | None = None
    #: why launching last failed (None while launches succeed)
    launch_problem: str | None = None
    #: when the last scaling activity ended (for HonorCooldown)
    last_activity_end: float | None = None

    def counted(self) -> list[GroupInstance]:
        """The instances that count towards the desired capacity (Pending and InService)."""
        return [i for i in self.instances.values() if i.counted]


@dataclass
class AutoScalingState:
    """One region's Auto Scaling: its groups, and their scaling activities (oldest first)."""

    groups: dict[str, AutoScalingGroup] = field(default_factory=dict)
    activities: list[ScalingActivity] = field(default_factory=list)
    #: whether the regular health check and reconcile tick is scheduled
    ticking: bool = False

    def group_of(self, instance_id: str) -> AutoScalingGroup | None:
        """The group an instance belongs to, if any."""
        for group in self.groups.values():
            if instance_id in group.instances:
                return group
        return None

    def unsettled(self) -> list[str]:
        """Groups the clock will still change without anyone asking: instances on their way in
        or out, fewer instances than desired, or more (with one Auto Scaling may terminate)."""
        reasons = []
        for group in self.groups.values():
            moving = [i for i in group.instances.values() if i.lifecycle_state != "InService"]
            counted = group.counted()
            excess = len(counted) > group.desired_capacity and any(
                not i.protected_from_scale_in for i in counted
            )
            if group.status:
                reasons.append(f"Auto Scaling group {group.name}: {group.status}")
            elif moving:
                reasons.append(
                    f"Auto Scaling group {group.name}: {len(moving)} instance(s) "
                    + ", ".join(sorted({i.lifecycle_state for i in moving}))
                )
            elif len(counted) < group.desired_capacity or excess:
                reasons.append(
                    f"Auto Scaling group {group.name} has {len(counted)} instance(s), desired "
                    f"{group.desired_capacity}"
                    + (
                        f" (launching fails: {group.launch_problem})"
                        if group.launch_problem
                        else ""
                    )
                )
        return reasons
