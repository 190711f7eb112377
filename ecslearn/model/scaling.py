"""Application Auto Scaling's records: scalable targets, their target tracking policies, and the
load a service is under; plain data (EcsObjects, so snapshots save them like ECS's own) that the
region state holds. What they do over time is
`ecslearn.services.application_autoscaling.target_tracking`.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

from ecslearn.model.base import EcsObject

#: ecslearn scales ECS services' desired counts only.
NAMESPACE = "ecs"
DIMENSION = "ecs:service:DesiredCount"
DEFAULT_COOLDOWN = 300  # ECS services' default ScaleOutCooldown and ScaleInCooldown


@dataclass(kw_only=True)
class ServiceLoad(EcsObject):
    """A service's demand: CPU and memory in task-equivalents, requests per minute in total."""

    cpu: float = 0.0
    memory: float = 0.0
    requests: float = 0.0


# The records are plain dataclasses (EcsObjects, so snapshots save them like ECS's own);
# `describe` gives each in Application Auto Scaling's shape.
@dataclass(kw_only=True)
class ScalingPolicy(EcsObject):
    """A target tracking policy and the names of its two CloudWatch alarms (CloudWatch holds
    the alarms themselves and what they have seen), or a step scaling policy (no alarms of its
    own: a learner's alarm invokes it)."""

    name: str = ""
    resource_id: str = ""
    arn: str = ""
    policy_type: str = "TargetTrackingScaling"  # or StepScaling
    configuration: dict[str, Any] = field(default_factory=dict)  # as PutScalingPolicy gave it
    alarms: list[dict[str, str]] = field(default_factory=list)  # AlarmHigh, then AlarmLow
    created_at: float = 0.0

    @property
    def metric_type(self) -> str:
        return self.configuration["PredefinedMetricSpecification"]["PredefinedMetricType"]

    @property
    def target_value(self) -> float:
        return float(self.configuration["TargetValue"])

    def cooldown(self, member: str) -> int:
        """``ScaleOutCooldown`` or ``ScaleInCooldown``, in seconds."""
        return self.configuration.get(member, DEFAULT_COOLDOWN)

    @property
    def tracks(self) -> bool:
        """Whether it is a target tracking policy (else a step scaling one)."""
        return self.policy_type == "TargetTrackingScaling"

    @property
    def scales_in(self) -> bool:
        """Whether this target tracking policy may scale in (its vote on scale-in)."""
        return self.tracks and not self.configuration.get("DisableScaleIn", False)

    def proposal(self, running: int, metric: float) -> int:
        """ceil(running x metric / target): the capacity that brings the metric to the target."""
        return math.ceil(round(running * metric / self.target_value, 9))

    def cause(self, alarm: int) -> str:
        name = self.alarms[alarm]["AlarmName"]
        return f"monitor alarm {name} in state ALARM triggered policy {self.name}"

    def describe(self) -> dict[str, Any]:
        return {
            "PolicyARN": self.arn,
            "PolicyName": self.name,
            "ServiceNamespace": NAMESPACE,
            "ResourceId": self.resource_id,
            "ScalableDimension": DIMENSION,
            "PolicyType": self.policy_type,
            f"{self.policy_type}PolicyConfiguration": copy.deepcopy(self.configuration),
            "Alarms": copy.deepcopy(self.alarms),
            "CreationTime": self.created_at,
        }


@dataclass(kw_only=True)
class ScalableTarget(EcsObject):
    """An ECS service's desiredCount registered for scaling, between its min and max."""

    resource_id: str = ""  # service/<cluster>/<service>
    arn: str = ""
    min_capacity: int = 0
    max_capacity: int = 0
    role_arn: str = ""
    created_at: float = 0.0
    suspended: dict[str, bool] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    policies: dict[str, ScalingPolicy] = field(default_factory=dict)
    # The evaluator's memory (simulated seconds), for cooldowns and saying things once.
    scaled_out_at: float | None = None
    scaled_out_to: int = 0
    scaled_in_at: float | None = None
    not_scaled: str | None = None
    held_for_deployment: str | None = None

    @property
    def cluster_name(self) -> str:
        return self.resource_id.split("/")[1]

    @property
    def service_name(self) -> str:
        return self.resource_id.split("/")[2]

    def clamp(self, capacity: int) -> int:
        return max(self.min_capacity, min(self.max_capacity, capacity))

    def describe(self) -> dict[str, Any]:
        return {
            "ServiceNamespace": NAMESPACE,
            "ResourceId": self.resource_id,
            "ScalableDimension": DIMENSION,
            "MinCapacity": self.min_capacity,
            "MaxCapacity": self.max_capacity,
            "RoleARN": self.role_arn,
            "CreationTime": self.created_at,
            "SuspendedState": dict(self.suspended),
            "ScalableTargetARN": self.arn,
        }
