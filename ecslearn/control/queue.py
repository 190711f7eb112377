"""The event queue: what is scheduled to happen next, SimPy-style, kept as plain data.

An `Action` is (time, sequence number, kind, arguments). Nothing in it is a closure, so the
queue can be saved with the rest of the state; the kind names the handler that carries it out.
Handlers re-check the state when they run (level-triggered), so an action made stale by
something that happened in between (a container already stopped, say) simply does nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A handler gets the `World` (not named here: the world holds this queue, so naming it would
#: make the two modules import each other) and the action's arguments.
ActionHandler = Callable[[Any, dict[str, Any]], None]
ACTION_HANDLERS: dict[str, ActionHandler] = {}


def action_handler(kind: str) -> Callable[[ActionHandler], ActionHandler]:
    """Register the function that carries out actions of `kind`."""

    def register(fn: ActionHandler) -> ActionHandler:
        ACTION_HANDLERS[kind] = fn
        return fn

    return register


@dataclass(order=True, frozen=True)
class Action:
    time: float
    seq: int
    kind: str = field(compare=False)
    args: dict[str, Any] = field(compare=False, default_factory=dict)

    def __str__(self) -> str:
        what = ", ".join(f"{k}={v}" for k, v in self.args.items() if k != "region")
        return f"t={self.time:g}s {self.kind}({what})"


class ActionQueue:
    """A heap of actions ordered by time, then by the order they were scheduled.

    The heap holds ``(time, seq, action)`` tuples rather than the actions themselves: a push or
    a pop compares entries log(n) times, and tuples of floats and ints compare in C, where the
    dataclass's generated ``__lt__`` built two tuples in Python for each comparison (every task
    a RunTask creates pushes its agent's first step)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Action]] = []
        self._seq = 0

    def push(self, time: float, kind: str, **args: Any) -> Action:
        if kind not in ACTION_HANDLERS:
            raise KeyError(f"no handler for action kind {kind!r}")
        action = Action(time, self._seq, kind, args)
        self._seq += 1
        heapq.heappush(self._heap, (time, action.seq, action))
        return action

    def peek(self) -> Action | None:
        return self._heap[0][2] if self._heap else None

    def pop(self) -> Action:
        return heapq.heappop(self._heap)[2]

    def __len__(self) -> int:
        return len(self._heap)

    def scheduled(self, kind: str) -> list[Action]:
        """Every queued action of `kind`, in no particular order."""
        return [entry[2] for entry in self._heap if entry[2].kind == kind]

    def upcoming(self, limit: int = 10) -> list[Action]:
        """The next actions in order, for showing "what happens next"."""
        return [entry[2] for entry in heapq.nsmallest(limit, self._heap)]

    def actions(self) -> list[Action]:
        """Every queued action, in the order they will run (what a saved world keeps)."""
        return [entry[2] for entry in sorted(self._heap)]

    @property
    def sequence(self) -> int:
        """The number the next action scheduled will get."""
        return self._seq

    def restore(self, sequence: int, actions: list[Action]) -> None:
        """Replace the queue with `actions` (a saved world's), numbering on from `sequence`."""
        self._seq = sequence
        self._heap = [(a.time, a.seq, a) for a in actions]
        heapq.heapify(self._heap)
