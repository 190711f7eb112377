"""`place`: where ECS puts each of `count` tasks, and why the rest could not go anywhere.

The pipeline, as ECS documents it (semantics §4.2):

1. candidates: ACTIVE instances; a disconnected agent fails with ``AGENT``;
2. filters: ``requiresAttributes`` (``ATTRIBUTE``), CPU, memory, static host ports, ENIs;
3. constraints: ``distinctInstance``, ``memberOf`` (binding);
4. strategies, chained in order, each breaking the previous one's ties; the registration index
   breaks the last tie, so the same cluster and seed always give the same answer;
5. reserve the chosen instance's resources and repeat for the next task.

Placement is pure: it reads snapshots (`InstanceFacts`, `PlacementRequest`) and returns a
`PlacementResult`; the control plane reserves the resources and creates the tasks. The default
strategy is the caller's business (services: spread by zone then instance; RunTask: random).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ecslearn.control.placement import indexed, random_path
from ecslearn.control.placement.candidates import Eligibility
from ecslearn.control.placement.explain import Explanation
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest, RandomSource
from ecslearn.control.placement.indexed import IndexedPipeline
from ecslearn.control.placement.pipeline import GenericPipeline
from ecslearn.control.placement.steps import NO_CONTAINER_INSTANCES, Step, build_steps
from ecslearn.control.placement.strategies import parse_strategies
from ecslearn.control.placement.working import Slot, working_copies


@dataclass(frozen=True)
class Decision:
    """What happened to one task of the call."""

    task: int  # 0-based position of the task within the call
    instance_arn: str | None  # None when the task could not be placed
    explanation: Explanation | None = None  # with ``place(..., explain=True)``

    @property
    def placed(self) -> bool:
        return self.instance_arn is not None

    def to_rows(self) -> list[dict[str, Any]]:
        """The explanation table as plain dicts (see `Explanation.to_rows`)."""
        if self.explanation is None:
            raise ValueError("No explanation was recorded: call place(..., explain=True).")
        return self.explanation.to_rows()


@dataclass(frozen=True)
class PlacementResult:
    """RunTask's answer in the engine's terms.

    `placements` holds the chosen instance ARN of each placed task, in order; `failures` is
    RunTask's ``failures[]`` for the tasks that found no instance: ``{"arn", "reason"}`` per
    instance (its first failing step, once per instance and reason), or ``{"reason"}`` alone
    when the cluster has no ACTIVE instance at all.
    """

    placements: list[str]
    failures: list[dict[str, str]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def unplaced(self) -> int:
        return sum(1 for decision in self.decisions if not decision.placed)

    def explanation(self, task: int = 0) -> Explanation:
        """The explanation table for one task (requires ``explain=True``)."""
        explanation = self.decisions[task].explanation
        if explanation is None:
            raise ValueError("No explanation was recorded: call place(..., explain=True).")
        return explanation


def place(
    instances: Sequence[InstanceFacts],
    request: PlacementRequest,
    count: int,
    rng: RandomSource,
    *,
    explain: bool = False,
    indexed_path: bool | None = None,
    known: Eligibility | None = None,
) -> PlacementResult:
    """Place `count` tasks one after another, each seeing the resources the previous ones took.

    `explain=True` records, for every task, every instance's verdict under every step and
    every strategy's score (the generic pipeline builds it). `indexed_path` is for tests and
    benchmarks: None picks automatically, False forces the generic pipeline, True insists on
    the index (ValueError when the strategy chain has none). `known`: the control plane's
    record of which of `instances` (its listing of a cluster, in index order) pass which
    requests' steps; with it, ``random`` skips the pass over every instance (`random_path`).
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    steps = build_steps(request)
    strategies = parse_strategies(request.strategies)
    quick = known is not None and not explain and indexed_path is None
    if quick and random_path.covers(strategies):
        assert known is not None
        eligible = known.passing(instances, request, steps)
        placements, failures, placed = random_path.place_random(
            instances, request, count, rng, steps, eligible, lambda s: _failures(s, steps)
        )
        decisions = [Decision(task, arn, None) for task, arn in enumerate(placements)]
        decisions += [Decision(task, None, None) for task in range(placed, count)]
        return PlacementResult(placements, failures, decisions)
    slots = working_copies(list(instances), request.group)
    can_index = not explain and indexed.supports(strategies)
    if indexed_path and not can_index:
        raise ValueError("The indexed path covers binpack and spread chains without explain.")
    pipeline: IndexedPipeline | GenericPipeline
    if can_index and indexed_path is not False:
        pipeline = IndexedPipeline(slots, steps, strategies, request)
    else:
        pipeline = GenericPipeline(slots, steps, strategies, request, rng, explain=explain)

    placements: list[str] = []
    decisions: list[Decision] = []
    failures: list[dict[str, str]] = []
    for task in range(count):
        slot, explanation = pipeline.choose(task)
        if slot is None:
            # Nothing changed since this task failed, so every later task fails the same way.
            failures = _failures(slots, steps)
            decisions.append(Decision(task, None, explanation))
            for later in range(task + 1, count):
                _, again = pipeline.choose(later) if explain else (None, None)
                decisions.append(Decision(later, None, again))
            break
        slot.take(request)
        pipeline.placed(slot)
        placements.append(slot.facts.arn)
        decisions.append(Decision(task, slot.facts.arn, explanation))
    return PlacementResult(placements, failures, decisions)


def _failures(slots: Sequence[Slot], steps: tuple[Step, ...]) -> list[dict[str, str]]:
    """RunTask's ``failures[]``: each ACTIVE instance with its first failing step's reason."""
    failures: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for slot in slots:
        if not slot.active:
            continue
        for step in steps:
            if not step.passes(slot):
                if step.reported and (slot.facts.arn, step.reason) not in seen:
                    seen.add((slot.facts.arn, step.reason))
                    failures.append({"arn": slot.facts.arn, "reason": step.reason})
                break
    if not any(slot.active for slot in slots):
        failures.append({"reason": NO_CONTAINER_INSTANCES})
    return failures
