"""The indexed path: the generic pipeline's choices at O(log n) per task instead of O(n).

Two facts about one `place` call make an index pay off:

1. Placing a task changes only the chosen instance. Every other instance keeps its verdict, so
   eligibility is computed once per instance, and afterwards only for the instance just used.
2. Scores are either *local* (binpack, spread(instanceId): they change only on the chosen
   instance) or *shared* (spread(attribute:X): equal for every instance with the same value
   of X, and changed for all of them when one of them takes a task).

So eligible instances are grouped into *cells*, one per combination of the spread attributes'
values. Inside a cell the shared scores are all equal, so a heap ordered by the local scores
(then index) has the cell's best instance on top. A second heap orders the cells by the full
chained key of their best instance; after each placement only the chosen cell, and any cell
sharing one of its spread values, gets a fresh entry (stale entries are skipped by version).
`random` has no such structure and stays on the generic pipeline.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from ecslearn.control.placement.facts import PlacementRequest
from ecslearn.control.placement.steps import Step, passes_all
from ecslearn.control.placement.strategies import (
    RANDOM,
    SPREAD_ATTRIBUTE,
    Strategy,
    attribute_counts,
    attribute_value,
    local_score,
)
from ecslearn.control.placement.working import Slot


def supports(strategies: Sequence[Strategy]) -> bool:
    """Whether the index covers this chain (every chain of binpack and spread does)."""
    return all(strategy.kind != RANDOM for strategy in strategies)


class _Cell:
    """Eligible instances sharing one value per spread attribute."""

    __slots__ = ("heap", "id", "values", "version")

    def __init__(self, cell_id: int, values: tuple[Any, ...]) -> None:
        self.id = cell_id
        self.values = values
        self.heap: list[tuple[tuple[int, ...], int]] = []  # (local key, slot position)
        self.version = 0


class IndexedPipeline:
    """Chooses the same instance as `GenericPipeline` for chains of binpack and spread."""

    def __init__(
        self,
        slots: Sequence[Slot],
        steps: tuple[Step, ...],
        strategies: tuple[Strategy, ...],
        request: PlacementRequest,
    ) -> None:
        self._slots = slots
        self._steps = steps
        self._request = request
        self._local = [s for s in strategies if s.local]
        names = list(dict.fromkeys(s.attribute for s in strategies if s.kind == SPREAD_ATTRIBUTE))
        self._names: list[str] = [name or "" for name in names]
        self._counts = [attribute_counts(slots, name) for name in self._names]
        # How to build the full chained key: ("local", i) or ("shared", attribute number).
        local_i = iter(range(len(self._local)))
        self._plan = [
            (False, self._names.index(s.attribute or "")) if not s.local else (True, next(local_i))
            for s in strategies
        ]
        self._cells: dict[tuple[Any, ...], _Cell] = {}
        self._cell_of: dict[int, _Cell] = {}
        # cells by (attribute number, value): the cells whose key a placement can change
        self._sharing: dict[tuple[int, Any], list[_Cell]] = {}
        for slot in slots:
            if passes_all(slot, steps):
                cell = self._cell(tuple(attribute_value(slot, name) for name in self._names))
                cell.heap.append((self._local_key(slot), slot.position))
                self._cell_of[slot.position] = cell
        self._top: list[tuple[tuple[int, ...], int, int]] = []  # (full key, version, cell id)
        self._by_id = {cell.id: cell for cell in self._cells.values()}
        for cell in self._cells.values():
            heapq.heapify(cell.heap)
            self._top.append((self._full_key(cell), cell.version, cell.id))
        heapq.heapify(self._top)

    def choose(self, task: int) -> tuple[Slot | None, None]:
        top = self._top
        while top:
            _key, version, cell_id = top[0]
            cell = self._by_id[cell_id]
            if version == cell.version and cell.heap:
                return self._slots[cell.heap[0][1]], None
            heapq.heappop(top)
        return None, None

    def placed(self, slot: Slot) -> None:
        """Re-index after `slot.take()`: only the chosen instance and its shared values moved."""
        cell = self._cell_of[slot.position]
        if passes_all(slot, self._steps):
            heapq.heapreplace(cell.heap, (self._local_key(slot), slot.position))
        else:
            heapq.heappop(cell.heap)
        for number, value in enumerate(cell.values):
            self._counts[number][value] += 1
        if len(cell.values) <= 1:
            affected: Sequence[_Cell] = (cell,)
        else:
            ids: dict[int, _Cell] = {}
            for number, value in enumerate(cell.values):
                ids.update((c.id, c) for c in self._sharing[(number, value)])
            affected = list(ids.values())
        for other in affected:
            other.version += 1
            if other.heap:
                heapq.heappush(self._top, (self._full_key(other), other.version, other.id))

    def _cell(self, values: tuple[Any, ...]) -> _Cell:
        cell = self._cells.get(values)
        if cell is None:
            cell = self._cells[values] = _Cell(len(self._cells), values)
            for number, value in enumerate(values):
                self._sharing.setdefault((number, value), []).append(cell)
        return cell

    def _local_key(self, slot: Slot) -> tuple[int, ...]:
        request = self._request
        return (
            *(local_score(strategy, slot, request) for strategy in self._local),
            slot.index,
            slot.position,
        )

    def _full_key(self, cell: _Cell) -> tuple[int, ...]:
        local = cell.heap[0][0]
        key = [
            local[i] if is_local else self._counts[i][cell.values[i]] for is_local, i in self._plan
        ]
        key.extend(local[-2:])
        return tuple(key)
