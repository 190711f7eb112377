"""How a capacity provider strategy splits tasks between its providers: a pure function.

AWS's rule (CapacityProviderStrategyItem, and the cluster auto scaling guide): the provider
with a ``base`` gets that many tasks first; the rest go by ``weight``, "for every one task that
is run using capacityProviderA [weight 1], four tasks would use capacityProviderB [weight 4]";
a provider with weight 0 gets no task beyond its base. AWS's documented examples, which
tests/control/test_capacity_split.py reproduces:

- weights 1 and 1: once the base is met, tasks are split evenly;
- weight 1 for A and 4 for B: one task on A for every four on B;
- base 2 and weight 1 on CP-OD, weight 3 on CP-SPOT (the EC2 Spot workshop's default strategy):
  the first 2 tasks on CP-OD, then the rest 1:3 (10 tasks: 4 on CP-OD, 6 on CP-SPOT).

What AWS leaves unsaid, and ecslearn's choice: tasks are handed out one at a time, each to the
provider furthest below its share of the tasks beyond the base (the smallest
``(tasks beyond base + 1) / weight``), so every prefix of a launch is as close to the ratio as
whole tasks allow and a service that grows a few tasks at a time converges on the same split as
one launched at once; ties go to the provider listed first in the strategy. A service's split
counts the tasks it already has (`existing`), so scaling out and replacing tasks keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class StrategyItem:
    """One entry of a capacityProviderStrategy."""

    capacity_provider: str
    weight: int = 0
    base: int = 0

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> StrategyItem:
        return cls(
            capacity_provider=str(raw["capacityProvider"]),
            weight=int(raw.get("weight") or 0),
            base=int(raw.get("base") or 0),
        )


def items(raw: Iterable[Mapping[str, Any]] | None) -> list[StrategyItem]:
    return [StrategyItem.from_json(entry) for entry in raw or []]


def as_launched(strategy: list[StrategyItem]) -> list[StrategyItem]:
    """The strategy as tasks are launched by it: a lone provider of weight 0 takes every task
    (ECS's rule about weights is for "multiple capacity providers"), so it splits as weight 1.
    RunTask, services and the split view (`ecslearn.views.strategy_split`) all go through it."""
    if len(strategy) == 1 and strategy[0].weight == 0:
        return [replace(strategy[0], weight=1)]
    return strategy


def sequence(
    strategy: list[StrategyItem], count: int, existing: Mapping[str, int] | None = None
) -> list[str]:
    """The provider of each of `count` new tasks, in launch order, given the tasks each
    provider already has (`existing`)."""
    have = {
        item.capacity_provider: (existing or {}).get(item.capacity_provider, 0) for item in strategy
    }
    weighted = [item for item in strategy if item.weight > 0]
    chosen: list[str] = []
    for _ in range(count):
        name = _next(strategy, weighted, have)
        if name is None:
            break  # every weight is 0 and the base is met: nothing can take the task
        have[name] += 1
        chosen.append(name)
    return chosen


def _next(
    strategy: list[StrategyItem], weighted: list[StrategyItem], have: dict[str, int]
) -> str | None:
    for item in strategy:
        if item.base and have[item.capacity_provider] < item.base:
            return item.capacity_provider
    best, best_share = None, 0.0
    for item in weighted:
        beyond = max(0, have[item.capacity_provider] - item.base)
        share = (beyond + 1) / item.weight
        if best is None or share < best_share:
            best, best_share = item.capacity_provider, share
    return best


def split(
    strategy: list[StrategyItem], count: int, existing: Mapping[str, int] | None = None
) -> dict[str, int]:
    """How many of `count` new tasks each provider gets (every provider of the strategy is a
    key, in the strategy's order)."""
    result = {item.capacity_provider: 0 for item in strategy}
    for name in sequence(strategy, count, existing):
        result[name] += 1
    return result


def targets(strategy: list[StrategyItem], total: int) -> dict[str, int]:
    """The split of `total` tasks from nothing: what each provider should hold (scale-in stops
    tasks of the providers above their target first)."""
    return split(strategy, total)
