"""Building a `World` with its control plane and dispatcher wired in.

`World` sits at the bottom so that everything can depend on it; the plane and the dispatcher
sit above it and depend on it. This module is where the two meet: it is the one place that
imports both, so no module below the learner's `Simulation` has to import upwards. It also
registers the rules AWS's services keep on the event bus (`RULES`), so a world loaded from a
file delivers their events before any call has loaded the service that keeps them.
"""

from __future__ import annotations

from ecslearn.agents.interface import AgentTimings
from ecslearn.control import managed_draining
from ecslearn.control.dispatch import Dispatcher
from ecslearn.control.plane import ControlPlane
from ecslearn.control.world import DEFAULT_REGION, World

#: AWS's own EventBridge rules, registered once: ECS's managed draining rule.
RULES = (managed_draining,)


def build_world(
    seed: int = 0,
    region: str = DEFAULT_REGION,
    *,
    strict: bool = False,
    timings: AgentTimings | None = None,
) -> World:
    """A new world: empty regions, the clock at zero, the random source seeded with `seed`.
    `strict` lets ecslearn's own bugs propagate instead of answering ServerException."""
    world = World(seed, region, timings=timings)
    world.plane = ControlPlane(world)
    world.dispatcher = Dispatcher(world, strict=strict)
    return world
