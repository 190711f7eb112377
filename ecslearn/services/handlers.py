"""The table from (service, operation name) to the function that carries it out.

Handlers are plain functions ``(ctx, request) -> response``: request and response are dicts of
botocore member names with JSON-typed values (timestamps as epoch seconds), already checked
against botocore's model, whatever protocol carried them (`ecslearn.protocols` decodes and
encodes). One table, one dispatch path, so the in-process boto3 client and the HTTP endpoint
cannot drift apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import ACCOUNT_ID, ecs_arn
from ecslearn.control.state import RegionState

if TYPE_CHECKING:
    from ecslearn.control.world import World

Handler = Callable[["RequestContext", dict[str, Any]], dict[str, Any]]
OPERATIONS: dict[tuple[str, str], Handler] = {}


def operation(name: str, service: str = "ecs") -> Callable[[Handler], Handler]:
    """Register `fn` as the handler of `service`'s operation `name` (e.g. ``"CreateCluster"``);
    `service` is botocore's name for it."""

    def register(fn: Handler) -> Handler:
        OPERATIONS[(service, name)] = fn
        return fn

    return register


@dataclass
class RequestContext:
    """What a handler may use: the region's state, the clock and the seeded random source."""

    world: World
    region: str

    @property
    def state(self) -> RegionState:
        return self.world.region_state(self.region)

    @property
    def now(self) -> float:
        """The current simulated instant in epoch seconds (what ECS timestamps hold)."""
        return self.world.clock.timestamp

    @property
    def rng(self) -> random.Random:
        return self.world.rng

    @property
    def account(self) -> str:
        return ACCOUNT_ID

    def arn(self, resource: str) -> str:
        return ecs_arn(self.region, resource)

    def new_id(self) -> str:
        """A 32-hex-digit ID as ECS uses for tasks and container instances; seeded."""
        return f"{self.rng.getrandbits(128):032x}"
