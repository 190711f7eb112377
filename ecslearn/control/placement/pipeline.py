"""The generic pipeline: every step on every instance, then every strategy, for each task.

This is the placement algorithm exactly as ECS documents it, written to be read. It is the
reference the indexed path (`indexed`) is proved against, the path for anything the index does
not cover (``random``, explanations), and the one that builds the explanation tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from ecslearn.control.placement.explain import Explanation, InstanceVerdict, StepVerdict
from ecslearn.control.placement.facts import PlacementRequest, RandomSource
from ecslearn.control.placement.steps import Step, passes_all
from ecslearn.control.placement.strategies import Strategy, scorers
from ecslearn.control.placement.working import Slot


class GenericPipeline:
    """Chooses one instance per task by scanning the whole cluster (cost grows with it)."""

    def __init__(
        self,
        slots: Sequence[Slot],
        steps: tuple[Step, ...],
        strategies: tuple[Strategy, ...],
        request: PlacementRequest,
        rng: RandomSource,
        *,
        explain: bool = False,
    ) -> None:
        self._slots = slots
        self._steps = steps
        self._strategies = strategies
        self._request = request
        self._rng = rng
        self._explain = explain

    def choose(self, task: int) -> tuple[Slot | None, Explanation | None]:
        """The instance for the next task (None if none is eligible), with its explanation."""
        if self._explain:
            verdicts = [self._verdicts(slot) for slot in self._slots]
            eligible = [
                slot
                for slot, steps in zip(self._slots, verdicts, strict=True)
                if all(v.passed for v in steps)
            ]
        else:
            eligible = [slot for slot in self._slots if passes_all(slot, self._steps)]
        score = scorers(self._strategies, self._slots, self._request, self._rng)
        # (scores in chain order, index, position): position is unique, so slots never compare
        ranked = sorted(
            (tuple(f(slot) for f in score), slot.index, slot.position, slot) for slot in eligible
        )
        chosen = ranked[0][3] if ranked else None
        if not self._explain:
            return chosen, None
        return chosen, self._explanation(task, verdicts, ranked, chosen)

    def placed(self, slot: Slot) -> None:
        """Nothing to update: the next `choose` looks at everything again."""

    def _verdicts(self, slot: Slot) -> tuple[StepVerdict, ...]:
        result = []
        for step in self._steps:
            if step.passes(slot):
                result.append(StepVerdict(step.name, True))
            else:
                result.append(StepVerdict(step.name, False, step.reason, step.detail(slot)))
        return tuple(result)

    def _explanation(
        self,
        task: int,
        verdicts: list[tuple[StepVerdict, ...]],
        ranked: list[tuple[tuple[float, ...], int, int, Slot]],
        chosen: Slot | None,
    ) -> Explanation:
        labels = tuple(strategy.label for strategy in self._strategies)
        rank_of = {entry[2]: (rank, entry[0]) for rank, entry in enumerate(ranked, start=1)}
        rows = []
        for slot, steps in zip(self._slots, verdicts, strict=True):
            rank, scores = rank_of.get(slot.position, (None, ()))
            rows.append(
                InstanceVerdict(
                    arn=slot.facts.arn,
                    id=slot.facts.id,
                    index=slot.index,
                    status=slot.facts.status,
                    zone=slot.facts.zone,
                    steps=steps,
                    # no scores (an empty tuple) for an instance a step ruled out
                    scores=tuple(zip(labels, scores, strict=False)),
                    rank=rank,
                    chosen=slot is chosen,
                )
            )
        return Explanation(
            task=task,
            steps=tuple(step.name for step in self._steps),
            strategies=labels,
            instances=tuple(rows),
            chosen_arn=chosen.facts.arn if chosen else None,
        )
