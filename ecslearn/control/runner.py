"""Moving virtual time: `step` to the next event, `advance` by some seconds, or run until stable.

SimPy's loop in miniature: pop the earliest action, move the clock to it, run its handler.
"Stable" is a property of the state, not of the queue (health checks recur forever): every task
is where its desired status says it should be, and every service is steady.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecslearn.control.queue import ACTION_HANDLERS, Action
from ecslearn.control.timeline import Event

if TYPE_CHECKING:
    from ecslearn.control.world import World

log = logging.getLogger(__name__)


@dataclass
class StepResult:
    """What one step did: the action it ran and the events that came of it."""

    action: Action | None
    events: list[Event] = field(default_factory=list)

    def __str__(self) -> str:
        if self.action is None:
            return "nothing is scheduled"
        return "\n".join([f"ran {self.action}", *map(str, self.events)])


@dataclass
class Stability:
    """The answer of `run_until_stable`: whether it got there, when, and what is unsettled."""

    stable: bool
    time: float
    unsettled: list[str]

    def __bool__(self) -> bool:
        return self.stable

    def __str__(self) -> str:
        if self.stable:
            return f"stable at t={self.time:g}s"
        return f"not stable at t={self.time:g}s: " + "; ".join(self.unsettled)


def step(world: World) -> StepResult:
    if not len(world.queue):
        return StepResult(None)
    before = len(world.events)
    action = world.queue.pop()
    world.clock.advance_to(action.time)
    try:
        ACTION_HANDLERS[action.kind](world, action.args)
    except Exception as error:
        if getattr(world.dispatcher, "strict", False):
            raise  # strict simulations (tests) let ecslearn's own bugs propagate
        _contain(world, action, error)
    return StepResult(action, list(world.events[before:]))


def _contain(world: World, action: Action, error: Exception) -> None:
    """An action whose handler failed: logged, and recorded on the timeline with the task or
    instance it was about; the clock carries on with the next action. (A service's reconcile
    has its own boundary, per service, in `services.containment`.)"""
    log.error("action %s failed", action, exc_info=error)
    args = action.args
    world.record(
        "error",
        f"ecslearn could not carry out {action.kind} ({type(error).__name__}: {error}); "
        "the simulation carries on without it",
        task=_short(args.get("task")),
        instance=_short(args.get("instance")),
        details={"action": action.kind},
    )


def _short(arn: object) -> str | None:
    return arn.rsplit("/", 1)[-1] if isinstance(arn, str) else None


def advance(world: World, seconds: float) -> list[Event]:
    if seconds < 0:
        raise ValueError("advance() takes a number of seconds >= 0")
    deadline = world.now + seconds
    before = len(world.events)
    while (upcoming := world.queue.peek()) is not None and upcoming.time <= deadline:
        step(world)
    world.clock.advance_to(deadline)
    return list(world.events[before:])


def _unsettled(world: World) -> Iterator[str]:
    """Why the world is not stable yet, one reason at a time, newest tasks first: the newest
    are the likeliest to be on their way somewhere, so a caller that only needs to know
    *whether* (`settled`) usually stops after a task or two."""
    for state in world.regions():
        for task in reversed(state.tasks.values()):
            target = "STOPPED" if task.desired_status == "STOPPED" else "RUNNING"
            if task.last_status != target:
                yield f"task {task.id} is {task.last_status}, desired {target}"
        yield from world.plane.unsettled(state)


def unsettled(world: World) -> list[str]:
    """Why the world is not stable yet, one reason a line."""
    return list(_unsettled(world))


def settled(world: World) -> bool:
    """Whether nothing is unsettled. run_until_stable asks after every instant, so this is its
    hot path: it stops at the first reason, and looks at everything only when the world is
    stable (or nearly so)."""
    return next(_unsettled(world), None) is None


def run_until_stable(world: World, timeout: float) -> Stability:
    deadline = world.now + timeout
    while True:
        upcoming = world.queue.peek()
        if upcoming is not None and upcoming.time <= world.now:
            step(world)  # finish this instant first: stability is judged between instants
            continue
        if settled(world):
            return Stability(True, world.now, [])
        upcoming = world.queue.peek()
        if upcoming is None or upcoming.time > deadline:
            world.clock.advance_to(deadline)
            return Stability(False, world.now, unsettled(world))
        step(world)
