"""Which instance a scale-in terminates: zone balance first, then the group's termination
policies, as AWS documents them ("Configure termination policies for Amazon EC2 Auto Scaling",
https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-termination-policies.html).

1. Never an instance protected from scale in.
2. Zone balance takes precedence over the policies: only the zones with the most (counted)
   instances and at least one unprotected instance are considered.
3. The group's TerminationPolicies then narrow the candidates in the order given; ``Default``
   (always last, added if absent) is:
   - *instances that use an outdated configuration*: first those launched from a different
     launch template than the group's current one, then those launched from the oldest
     version of the current template (ecslearn has no launch configurations);
   - then the instances *closest to the next billing hour*;
   - if several are equally close, one at random (from the seeded random source).
   ``OldestInstance`` / ``NewestInstance`` pick by launch time, ``OldestLaunchTemplate`` is the
   outdated-configuration step alone, ``ClosestToNextInstanceHour`` the billing-hour step
   alone; ``AllocationStrategy`` (Spot vs On-Demand) changes nothing here, as ecslearn
   launches On-Demand instances only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from ecslearn.model.autoscaling import AutoScalingGroup, GroupInstance

POLICIES = (
    "Default",
    "AllocationStrategy",
    "OldestInstance",
    "NewestInstance",
    "OldestLaunchConfiguration",
    "OldestLaunchTemplate",
    "ClosestToNextInstanceHour",
)
HOUR = 3600.0

Step = Callable[[list[GroupInstance]], list[GroupInstance]]


def _best(candidates: list[GroupInstance], key: Callable[[GroupInstance], float]) -> list:
    """The candidates with the highest `key`."""
    top = max(key(c) for c in candidates)
    return [c for c in candidates if key(c) == top]


def _outdated(template_id: str | None, version: int | None) -> Step:
    """Instances of another launch template first, then of the current one's oldest version."""

    def other(instance: GroupInstance) -> float:
        used = instance.launch_template or {}
        return 1.0 if used.get("LaunchTemplateId") != template_id else 0.0

    def age(instance: GroupInstance) -> float:
        used = (instance.launch_template or {}).get("Version", "0")
        return -float(used) if used.isdigit() else 0.0

    def step(candidates: list[GroupInstance]) -> list[GroupInstance]:
        narrowed = _best(candidates, other)
        if other(narrowed[0]) or version is None:
            return narrowed
        return _best(narrowed, age)

    return step


def _billing_hour(now: float) -> Step:
    return lambda candidates: _best(candidates, lambda i: (now - i.launched_at) % HOUR)


def _steps(policy: str, now: float, current: tuple[str | None, int | None]) -> list[Step]:
    outdated, hourly = _outdated(*current), _billing_hour(now)
    if policy == "OldestInstance":
        return [lambda c: _best(c, lambda i: -i.launched_at)]
    if policy == "NewestInstance":
        return [lambda c: _best(c, lambda i: i.launched_at)]
    if policy in ("OldestLaunchTemplate", "OldestLaunchConfiguration"):
        return [outdated]
    if policy == "ClosestToNextInstanceHour":
        return [hourly]
    if policy == "Default":
        return [outdated, hourly]
    return []  # AllocationStrategy: every instance is On-Demand


def choose(
    group: AutoScalingGroup,
    now: float,
    current: tuple[str | None, int | None],
    rng: random.Random,
) -> GroupInstance | None:
    """The instance a scale-in of `group` terminates next, or None when every counted instance
    is protected. `current` is the group's launch template ID and the version it resolves to."""
    counted = group.counted()
    unprotected = [i for i in counted if not i.protected_from_scale_in]
    if not unprotected:
        return None
    per_zone = Counter(i.zone for i in counted)
    most = max(per_zone[i.zone] for i in unprotected)
    candidates = [i for i in unprotected if per_zone[i.zone] == most]
    policies = [p for p in group.termination_policies if p != "Default"] + ["Default"]
    for policy in policies:
        for step in _steps(policy, now, current):
            if len(candidates) == 1:
                return candidates[0]
            candidates = step(candidates)
    candidates.sort(key=lambda i: i.instance_id)
    return candidates[0] if len(candidates) == 1 else rng.choice(candidates)
