"""Which instances pass a request's filter steps, kept across calls instead of redone per call.

An instance's verdict under the filter steps (active, agent, attributes, CPU, memory, ports,
ENIs, distinctInstance, memberOf) depends on that instance's facts and on the request alone. So
the control plane keeps, per cluster, the passing instances of the last few distinct requests
(`Eligibility`), and when it rebuilds the facts of an instance it says which (`changed`); the
next call with the same request re-checks those instances only, instead of every instance of the
cluster. Requests that differ only in strategy, or only in task group when no constraint reads
the group, share an entry.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.placement.steps import Step, passes_all
from ecslearn.control.placement.working import Slot

#: Distinct requests remembered per cluster (the least recently used goes first).
MAX_REQUESTS = 32


def request_key(request: PlacementRequest) -> Hashable:
    """What the filter steps of `request` depend on."""
    constraints = tuple((c.type, c.expression) for c in request.constraints)
    return (
        request.cpu,
        request.memory,
        request.tcp_ports,
        request.udp_ports,
        request.uses_eni,
        request.required_attributes,
        constraints,
        request.group if constraints else None,  # only constraints read the task group
    )


@dataclass
class _Entry:
    passing: list[int]  # places (in the cluster's listing) that pass, ascending
    stale: set[int] = field(default_factory=set)  # places to check again


@dataclass
class Eligibility:
    """The passing instances of recent requests, for one cluster's listing of facts."""

    entries: dict[Hashable, _Entry] = field(default_factory=dict)

    def reset(self) -> None:
        """The listing itself changed (an instance joined or left it): forget everything."""
        self.entries.clear()

    def changed(self, place: int) -> None:
        """The facts at `place` were rebuilt."""
        for entry in self.entries.values():
            entry.stale.add(place)

    def passing(
        self, instances: Sequence[InstanceFacts], request: PlacementRequest, steps: tuple[Step, ...]
    ) -> list[int]:
        """The places in `instances` (the listing this object is kept for) whose instance passes
        every step, ascending. The list is shared: read it, never change it."""
        key = request_key(request)
        group = request.group
        entry = self.entries.pop(key, None)
        if entry is None:
            passing = [
                place
                for place, facts in enumerate(instances)
                if passes_all(Slot(facts, group, place), steps)
            ]
            entry = _Entry(passing)
            if len(self.entries) >= MAX_REQUESTS:
                del self.entries[next(iter(self.entries))]
        elif entry.stale:
            passing = entry.passing
            for place in entry.stale:
                ok = place < len(instances) and passes_all(
                    Slot(instances[place], group, place), steps
                )
                at = bisect.bisect_left(passing, place)
                present = at < len(passing) and passing[at] == place
                if ok and not present:
                    passing.insert(at, place)
                elif present and not ok:
                    del passing[at]
            entry.stale.clear()
        self.entries[key] = entry  # the most recently used last
        return entry.passing
