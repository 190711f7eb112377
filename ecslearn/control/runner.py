"""Moving virtual time: `step` to the next event, `advance` by some seconds, or run until stable.

SimPy's loop in miniature: pop the earliest action, move the clock to it, run its handler.
"Stable" is a property of the state, not of the queue (health checks recur forever): every task
is where its desired status says it should be, and every service is steady.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecslearn.control.queue import ACTION_HANDLERS, Action
from ecslearn.control.timeline import Event

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


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


def step(sim: Simulation) -> StepResult:
    if not len(sim.queue):
        return StepResult(None)
    before = len(sim.events)
    action = sim.queue.pop()
    sim.clock.advance_to(action.time)
    ACTION_HANDLERS[action.kind](sim, action.args)
    return StepResult(action, list(sim.events[before:]))


def advance(sim: Simulation, seconds: float) -> list[Event]:
    if seconds < 0:
        raise ValueError("advance() takes a number of seconds >= 0")
    deadline = sim.now + seconds
    before = len(sim.events)
    while (upcoming := sim.queue.peek()) is not None and upcoming.time <= deadline:
        step(sim)
    sim.clock.advance_to(deadline)
    return list(sim.events[before:])


def _unsettled(sim: Simulation) -> Iterator[str]:
    """Why the world is not stable yet, one reason at a time, newest tasks first: the newest
    are the likeliest to be on their way somewhere, so a caller that only needs to know
    *whether* (`settled`) usually stops after a task or two."""
    for state in sim.regions():
        for task in reversed(state.tasks.values()):
            target = "STOPPED" if task.desired_status == "STOPPED" else "RUNNING"
            if task.last_status != target:
                yield f"task {task.id} is {task.last_status}, desired {target}"
        yield from sim.plane.unsettled(state)


def unsettled(sim: Simulation) -> list[str]:
    """Why the world is not stable yet, one reason a line."""
    return list(_unsettled(sim))


def settled(sim: Simulation) -> bool:
    """Whether nothing is unsettled. run_until_stable asks after every instant, so this is its
    hot path: it stops at the first reason, and looks at everything only when the world is
    stable (or nearly so)."""
    return next(_unsettled(sim), None) is None


def run_until_stable(sim: Simulation, timeout: float) -> Stability:
    deadline = sim.now + timeout
    while True:
        upcoming = sim.queue.peek()
        if upcoming is not None and upcoming.time <= sim.now:
            step(sim)  # finish this instant first: stability is judged between instants
            continue
        if settled(sim):
            return Stability(True, sim.now, [])
        upcoming = sim.queue.peek()
        if upcoming is None or upcoming.time > deadline:
            sim.clock.advance_to(deadline)
            return Stability(False, sim.now, unsettled(sim))
        step(sim)
