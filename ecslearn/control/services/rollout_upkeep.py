"""Both revisions kept at full size while a BLUE_GREEN, LINEAR or CANARY deployment runs.

Blue serves production until CLEAN_UP, and green runs at the full desired count from SCALE_UP
on (ECS's developer guide: green is scaled up to the same size as blue, and both run until the
bake time ends). A task of either that stops in the meantime (its essential container exited,
its target failed health checks, StopTask) is replaced with a task of the same revision, as the
service scheduler keeps any running revision at its count; green's replacements register in the
alternate target group, blue's in production's, since each deployment keeps its own. Green's
tasks during SCALE_UP are `traffic_shift._scale_up`'s; blue's stop in CLEAN_UP and are not
replaced then. What AWS leaves unsaid and ecslearn chose: a replacement waits for the service's
launch throttle like any other, and a blue that never existed (the first deployment) is nothing
to keep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import common
from ecslearn.control.state import RegionState
from ecslearn.model.service import Deployment, Service

if TYPE_CHECKING:
    from ecslearn.control.world import World


def keep(
    world: World,
    state: RegionState,
    service: Service,
    revisions: list[Deployment],
    facts: list[InstanceFacts],
) -> None:
    """Start what each of `revisions` lacks of the service's desired count."""
    if world.now < service.throttle_until:
        return
    live = common.live(common.service_tasks(state, service))
    for deployment in revisions:
        running = sum(1 for t in live if t.started_by == deployment.id)
        missing = (service.desired_count or 0) - running
        if missing > 0 and deployment.rollout_state != "FAILED":
            common.launch(world, state, service, deployment, missing, facts)


def revisions_to_keep(
    stage: str, stages: tuple[str, ...], blue: Deployment | None, green: Deployment | None
) -> list[Deployment]:
    """Blue before CLEAN_UP, green after SCALE_UP: the revisions whose count a stage holds."""
    kept: list[Any] = []
    if blue is not None and blue is not green and stage != "CLEAN_UP":
        kept.append(blue)
    if green is not None and stages.index(stage) > stages.index("SCALE_UP"):
        kept.append(green)
    return kept
