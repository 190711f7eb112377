""" "Why did my task land there?" for a placement already made, worked out only when asked.

RunTask records the explanation table of each of its placements in the timeline (on clusters
small enough for a table to be read). Building those tables costs a verdict per instance per
step per task, many times the placement itself, and almost nobody reads most of them. Placement
is a pure function of its inputs (the instances' facts, the request, the count) and of the
numbers it draws, so the call records its draws on a `Tape` and `Explanations` runs the same
placement again with ``explain=True`` the first time a table is read, replaying those draws: the
same verdicts, scores and choices as a table built while placing, at no cost to calls whose
tables nobody reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecslearn.control.placement.engine import place
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.placement.random_path import Tape


class Replay:
    """A random source that gives back recorded draws, in order."""

    __slots__ = ("_draws",)

    def __init__(self, draws: Sequence[float]) -> None:
        self._draws = iter(draws)

    def random(self) -> float:
        return next(self._draws)


class Explanations:
    """The explanation rows of every task of one `place` call, built on first read."""

    def __init__(
        self,
        instances: Sequence[InstanceFacts],
        request: PlacementRequest,
        count: int,
        tape: Tape,
        chosen: Sequence[str | None],
    ) -> None:
        """`instances` must not change afterwards (the control plane's listings never do);
        `chosen`: the instance each task went to, which the replay must choose again."""
        self._inputs: tuple[Sequence[InstanceFacts], PlacementRequest, int, list[float]] | None
        self._inputs = (instances, request, count, tape.draws)
        self._chosen = list(chosen)
        self._rows: list[list[dict[str, Any]]] = []

    def rows(self, task: int) -> list[dict[str, Any]]:
        """Task `task`'s table (`Explanation.to_rows`)."""
        if self._inputs is not None:
            instances, request, count, draws = self._inputs
            result = place(instances, request, count, Replay(draws), explain=True)
            again = [decision.instance_arn for decision in result.decisions]
            assert again == self._chosen, "a replayed placement chose differently"
            self._rows = [decision.to_rows() for decision in result.decisions]
            self._inputs = None
        return self._rows[task]


__all__ = ["Explanations", "Replay", "Tape"]
