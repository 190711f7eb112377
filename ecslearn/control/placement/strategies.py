"""Placement strategies as scores: lower is better, and a chain compares them in order.

ECS chains strategies so that each later one only breaks the ties of the earlier ones; that is
exactly a lexicographic comparison of per-strategy scores, with the instance's registration
index as the final, deterministic tie-break. Each strategy here says how to score one instance.

- ``binpack(cpu|memory)``: what would remain of the resource after placing (least wins).
- ``spread(instanceId|host)``: tasks of the request's group already on the instance.
- ``spread(attribute:<name>)``: tasks of the group across all ACTIVE instances sharing the
  instance's value of the attribute; instances without the attribute share one value of their
  own. Tasks on instances that are not ACTIVE (draining ones) are leaving, so they don't count.
- ``random``: a draw from the call's seeded generator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ecslearn.control.placement.facts import PlacementRequest, RandomSource
from ecslearn.control.placement.working import Slot
from ecslearn.errors import InvalidParameterException
from ecslearn.model.service import PlacementStrategy

BINPACK_CPU = "binpack-cpu"
BINPACK_MEMORY = "binpack-memory"
SPREAD_INSTANCE = "spread-instance"
SPREAD_ATTRIBUTE = "spread-attribute"
RANDOM = "random"


class _Missing:
    """The value shared by instances that lack a spread attribute (distinct from ``None``,
    the value of a name-only attribute)."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Strategy:
    """One parsed strategy: `kind` says how it scores, `label` is how tables name it."""

    kind: str
    label: str
    attribute: str | None = None  # for spread(attribute:<name>)

    @property
    def local(self) -> bool:
        """True when an instance's score changes only when a task lands on that instance."""
        return self.kind in (BINPACK_CPU, BINPACK_MEMORY, SPREAD_INSTANCE)


def parse_strategies(strategies: Iterable[PlacementStrategy]) -> tuple[Strategy, ...]:
    return tuple(parse_strategy(strategy) for strategy in strategies)


def parse_strategy(strategy: PlacementStrategy) -> Strategy:
    kind, field = strategy.type, strategy.field or ""
    if kind == "random":
        return Strategy(RANDOM, "random")
    label = f"{kind}({field})"
    if kind == "binpack":
        if field.lower() == "cpu":
            return Strategy(BINPACK_CPU, label)
        if field.lower() == "memory":
            return Strategy(BINPACK_MEMORY, label)
        raise InvalidParameterException(
            f"Invalid binpack field '{field}'. The binpack strategy takes cpu or memory."
        )
    if kind == "spread":
        if field.lower() in ("instanceid", "host"):
            return Strategy(SPREAD_INSTANCE, label)
        if field.lower().startswith("attribute:") and len(field) > len("attribute:"):
            return Strategy(SPREAD_ATTRIBUTE, label, field[len("attribute:") :])
        raise InvalidParameterException(
            f"Invalid spread field '{field}'. "
            "The spread strategy takes instanceId, host or attribute:<name>."
        )
    raise InvalidParameterException(
        f"Invalid placement strategy type '{kind}'. Use random, spread or binpack."
    )


def attribute_value(slot: Slot, name: str) -> Any:
    return slot.facts.attributes.get(name, MISSING)


def attribute_counts(slots: Sequence[Slot], name: str) -> dict[Any, int]:
    """Tasks of the request's group per value of the attribute, over ACTIVE instances."""
    counts: dict[Any, int] = {}
    for slot in slots:
        value = attribute_value(slot, name)
        counts[value] = counts.get(value, 0) + (slot.group_count if slot.active else 0)
    return counts


def local_score(strategy: Strategy, slot: Slot, request: PlacementRequest) -> int:
    """The score of a strategy that depends on this instance alone."""
    if strategy.kind == BINPACK_MEMORY:
        return slot.memory - request.memory
    if strategy.kind == BINPACK_CPU:
        return slot.cpu - request.cpu
    return slot.group_count  # SPREAD_INSTANCE


Score = int | float


def scorers(
    strategies: Sequence[Strategy],
    slots: Sequence[Slot],
    request: PlacementRequest,
    rng: RandomSource,
) -> list[Callable[[Slot], Score]]:
    """One scoring function per strategy for the current state (the generic pipeline's view).

    Spread counts are recounted from scratch: this is the reference the indexed path is proved
    against, so it favours being obviously right over being fast.
    """
    result: list[Callable[[Slot], Score]] = []
    for strategy in strategies:
        if strategy.kind == RANDOM:
            result.append(lambda _slot: rng.random())
        elif strategy.kind == SPREAD_ATTRIBUTE:
            name = strategy.attribute or ""
            counts = attribute_counts(slots, name)
            result.append(lambda slot, c=counts, n=name: c[attribute_value(slot, n)])
        else:
            result.append(lambda slot, s=strategy: local_score(s, slot, request))
    return result
