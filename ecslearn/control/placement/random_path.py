"""The ``random`` strategy without a pass over every instance per task.

The generic pipeline places a task under ``random`` by checking every instance against every
step, drawing one number per eligible instance (in index order) from the call's generator and
taking the smallest draw (the index breaks ties). Given the eligible instances already (the
control plane keeps them: `candidates.Eligibility`), this path makes exactly the same draws in
the same order and picks the same instance, so the random source ends in the same state and a
seeded history is unchanged; what it skips is building a working copy of every instance and
running the steps and the scoring on each. Only the instances this call places tasks on get a
working copy (`Slot`), and only they are checked again for the next task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat

from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest, RandomSource
from ecslearn.control.placement.steps import Step, passes_all
from ecslearn.control.placement.strategies import RANDOM, Strategy
from ecslearn.control.placement.working import Slot


class Tape:
    """A random source that passes on another's draws and remembers them (for an explanation
    built later: `ecslearn.control.placement.replay`)."""

    __slots__ = ("draws", "source")

    def __init__(self, source: RandomSource) -> None:
        self.source = source
        self.draws: list[float] = []

    def random(self) -> float:
        value = self.source.random()
        self.draws.append(value)
        return value


def covers(strategies: Sequence[Strategy]) -> bool:
    """Whether this path places for this chain: ``random`` alone (RunTask's default)."""
    return len(strategies) == 1 and strategies[0].kind == RANDOM


def place_random(
    instances: Sequence[InstanceFacts],
    request: PlacementRequest,
    count: int,
    rng: RandomSource,
    steps: tuple[Step, ...],
    eligible: list[int],
    failed: Callable[[list[Slot]], list[dict[str, str]]],
) -> tuple[list[str], list[dict[str, str]], int]:
    """Place `count` tasks on `instances` (in index order), `eligible` being the places whose
    instance passes every step. Returns the chosen ARNs, the failures (from `failed`, given a
    working copy of every instance, once a task finds no instance) and how many were placed."""
    group = request.group
    taken: dict[int, Slot] = {}
    placements: list[str] = []
    tape = rng if isinstance(rng, Tape) else None
    draw = tape.source.random if tape is not None else rng.random  # a Tape's, in bulk
    for _ in range(count):
        if not eligible:
            slots = [taken.get(p) or Slot(f, group, p) for p, f in enumerate(instances)]
            return placements, failed(slots), len(placements)
        draws = [draw() for _ in repeat(None, len(eligible))]
        if tape is not None:
            tape.draws += draws
        at = draws.index(min(draws))  # the first smallest: the lowest index wins a tie
        place = eligible[at]
        slot = taken.get(place)
        if slot is None:
            slot = taken[place] = Slot(instances[place], group, place)
        slot.take(request)
        placements.append(slot.facts.arn)
        if not passes_all(slot, steps):
            eligible = eligible[:at] + eligible[at + 1 :]  # a copy: the caller's list is shared
    return placements, [], len(placements)
