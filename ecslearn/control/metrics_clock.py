"""CloudWatch's minute: when the region's metrics are published and its alarms evaluated.

CloudWatch publishes AWS's own metrics (ECS services', ALB target groups') once a minute and
evaluates alarms once a minute, whether or not anyone asks. ecslearn does it on one queued
action per region, ``cloudwatch.minute``, on the whole minutes of the clock, while the region
has something to publish or evaluate (`ecslearn.services.cloudwatch.minute` handles it and
stops it when nothing is left). The engine wakes it where things start to happen: a service
changes, a load balancer serves requests, load is set, an alarm or policy is put. This module
only queues it, so the engine does not import the CloudWatch service.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

MINUTE = 60.0


def next_minute(now: float) -> float:
    """The next whole minute strictly after `now` (simulated seconds; the clock's epoch starts
    on a whole minute)."""
    return (math.floor(now / MINUTE) + 1) * MINUTE


def wake_metrics(world: World, state: RegionState) -> None:
    """Make sure the region's CloudWatch minute is queued."""
    if not state.cloudwatch.ticking:
        state.cloudwatch.ticking = True
        world.queue.push(next_minute(world.now), "cloudwatch.minute", region=state.region)
