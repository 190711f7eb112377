""" "Why would my task land there?" — a placement dry run that changes nothing.

It builds the same request RunTask (or a service) would, runs the placement pipeline with the
explanation switched on, and returns the table: every instance, the step that ruled it out or
its score under each strategy, and the winner. The simulation's random source is copied, not
used, so asking never changes what happens next.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ecslearn.control.placement.engine import place
from ecslearn.control.placement.explain import Explanation
from ecslearn.control.services.common import DEFAULT_SERVICE_STRATEGY
from ecslearn.control.task_factory import TaskSpec, instance_facts
from ecslearn.services.ecs.task_definitions import resolve
from ecslearn.services.ecs.tasks import checked_constraints, checked_strategies

if TYPE_CHECKING:
    from ecslearn.control.world import World


def explain_placement(
    world: World,
    cluster: str,
    task_definition: str,
    *,
    strategies: list[dict[str, Any]] | None = None,
    constraints: list[dict[str, Any]] | None = None,
    group: str | None = None,
    service: bool = False,
    region: str | None = None,
) -> Explanation:
    """Explain where one more task of `task_definition` would go in `cluster`.

    `strategies` and `constraints` take ECS's JSON (``{"type": "binpack", "field": "memory"}``);
    with none given, RunTask's default (random) applies, or a service's (spread by zone, then
    by instance) when `service` is true.
    """
    state = world.region_state(region)
    name = state.cluster(cluster).cluster_name or ""
    definition = resolve(state, task_definition, for_new_tasks=True)
    chosen_strategies = checked_strategies(strategies)
    if not chosen_strategies:
        chosen_strategies = list(DEFAULT_SERVICE_STRATEGY) if service else []
    spec = TaskSpec(definition=definition, group=group or f"family:{definition.family}")
    request = spec.placement_request(
        checked_constraints(constraints, definition),
        chosen_strategies or checked_strategies([{"type": "random"}]),
    )
    rng = random.Random()
    rng.setstate(world.rng.getstate())
    return place(instance_facts(state, name), request, 1, rng, explain=True).explanation(0)
