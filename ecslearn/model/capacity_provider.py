"""Capacity providers: what runs a cluster's tasks (an Auto Scaling group, or Fargate).

A capacity provider is ECS's own record, in ECS's JSON shape (`CreateCapacityProvider`,
`DescribeCapacityProviders`). The built-in ``FARGATE`` and ``FARGATE_SPOT`` are never stored:
every account has them (`BUILT_IN`). What managed scaling remembers between its once-a-minute
evaluations (how long the metric has been low) is kept here too, off the wire, so a saved
simulation carries on exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal

#: Every account's Fargate capacity providers (AWS: "available to all accounts").
BUILT_IN = ("FARGATE", "FARGATE_SPOT")
#: Managed scaling's defaults when a field is left out (the CreateCapacityProvider reference).
DEFAULT_TARGET_CAPACITY = 100
DEFAULT_MINIMUM_STEP = 1
DEFAULT_MAXIMUM_STEP = 10000
DEFAULT_WARMUP_SECONDS = 300


@dataclass(kw_only=True)
class ManagedScaling(EcsObject):
    """``managedScaling``: whether ECS scales the group, to what utilization, by what steps."""

    status: str | None = None
    target_capacity: int | None = None
    minimum_scaling_step_size: int | None = None
    maximum_scaling_step_size: int | None = None
    instance_warmup_period: int | None = None

    @property
    def enabled(self) -> bool:
        return self.status == "ENABLED"

    def with_defaults(self) -> ManagedScaling:
        """The settings as ECS answers them: every member present, defaults filled in."""
        return ManagedScaling(
            status=self.status or "DISABLED",
            target_capacity=self.target_capacity or DEFAULT_TARGET_CAPACITY,
            minimum_scaling_step_size=self.minimum_scaling_step_size or DEFAULT_MINIMUM_STEP,
            maximum_scaling_step_size=self.maximum_scaling_step_size or DEFAULT_MAXIMUM_STEP,
            instance_warmup_period=DEFAULT_WARMUP_SECONDS
            if self.instance_warmup_period is None
            else self.instance_warmup_period,
            extra=dict(self.extra),
        )


@dataclass(kw_only=True)
class AutoScalingGroupProvider(EcsObject):
    """``autoScalingGroupProvider``: the group, and what ECS manages about it."""

    auto_scaling_group_arn: str | None = None
    managed_scaling: ManagedScaling | None = None
    managed_termination_protection: str | None = None
    managed_draining: str | None = None

    @property
    def group_name(self) -> str:
        """The group's name, the last part of its ARN (``...:autoScalingGroupName/<name>``);
        a bare name is accepted as itself."""
        arn = self.auto_scaling_group_arn or ""
        return arn.rsplit("autoScalingGroupName/", 1)[-1]


@dataclass(kw_only=True)
class CapacityProvider(EcsObject):
    """An Auto Scaling group capacity provider, as DescribeCapacityProviders shows it."""

    capacity_provider_arn: str | None = None
    name: str | None = None
    status: str | None = None
    auto_scaling_group_provider: AutoScalingGroupProvider | None = None
    update_status: str | None = None
    update_status_reason: str | None = None
    type: str | None = None
    # Managed scaling's memory (never on the wire): consecutive minutes the reservation metric
    # was below the target (scale-in waits for 15 of them, as ECS's low alarm does), and when
    # the last scale-out was asked for (new instances warm up before the metric counts them).
    low_minutes: int = internal(0)
    last_scale_out_at: float | None = internal(None)
    last_metric: float | None = internal(None)

    @property
    def scaling(self) -> ManagedScaling:
        provider = self.auto_scaling_group_provider
        raw = provider.managed_scaling if provider else None
        return (raw or ManagedScaling()).with_defaults()

    @property
    def termination_protection(self) -> bool:
        provider = self.auto_scaling_group_provider
        return bool(provider and provider.managed_termination_protection == "ENABLED")

    @property
    def draining(self) -> bool:
        provider = self.auto_scaling_group_provider
        return bool(provider and provider.managed_draining != "DISABLED")

    def answer(self) -> dict[str, Any]:
        """The provider as ECS answers it (managed scaling with its defaults filled in)."""
        data = self.to_json()
        group = data.get("autoScalingGroupProvider")
        if group is not None:
            group["managedScaling"] = self.scaling.to_json()
        return data


@dataclass
class ManagedDrain:
    """A container instance ECS is draining for its capacity provider's managed draining
    lifecycle hook: which hook action to complete once the instance has no task left."""

    ec2_instance_id: str
    container_instance_arn: str
    cluster_name: str
    capacity_provider: str
    group_name: str
    hook_name: str
    token: str
    started_at: float
    last_heartbeat: float
