"""The account's default event bus, as much of Amazon EventBridge as AWS's own services use to
talk to each other here: one service puts an event, the rules another service registered for
its source and detail-type receive it.

On AWS, EC2 Auto Scaling sends an event to EventBridge when a lifecycle hook is invoked
("EC2 Instance-terminate Lifecycle Action", source ``aws.autoscaling``), and Amazon ECS keeps a
managed rule in the account's default bus to receive the one its managed instance draining
hook sends ("How managed instance draining works with EventBridge", ECS developer guide). Here
the rules are functions registered by (source, detail-type) with `rule`, and `put_event` queues
the delivery on the virtual clock (plain data, so a saved world delivers it after loading). It
is delivered at once (the same instant, after the caller's step): EventBridge's latency is not
simulated. Learners' own rules and targets (PutRule, PutTargets) are not simulated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: A rule's function: the World, the region, and the event's ``detail``.
Receiver = Callable[["World", str, dict[str, Any]], None]
RULES: dict[tuple[str, str], list[Receiver]] = {}


def rule(source: str, detail_type: str) -> Callable[[Receiver], Receiver]:
    """Register a function to receive every event of `source` and `detail_type`."""

    def register(fn: Receiver) -> Receiver:
        RULES.setdefault((source, detail_type), []).append(fn)
        return fn

    return register


def put_event(
    world: World, region: str, source: str, detail_type: str, detail: dict[str, Any]
) -> None:
    """Put an event on the region's default bus; its rules receive it in this instant."""
    world.queue.push(
        world.now,
        "events.deliver",
        region=region,
        source=source,
        detail_type=detail_type,
        detail=detail,
    )


@action_handler("events.deliver")
def _deliver(world: World, args: dict[str, Any]) -> None:
    for receiver in RULES.get((args["source"], args["detail_type"]), []):
        receiver(world, args["region"], args["detail"])
