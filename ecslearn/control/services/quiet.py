"""Which services a tick may skip: those left steady by their last reconcile, untouched since.

The scheduler stays level-triggered: a service that is not steady is reconciled on every tick,
exactly as before, so timers (the 40 s a task must run to count as healthy, health check grace
periods, launch throttling) keep working by looking at the clock. A steady service is one whose
reconcile is a no-op: every task is RUNNING and healthy on an ACTIVE instance with a connected
agent, at the desired count, one COMPLETED deployment. Nothing but a change can make that
reconcile do anything (health by time only ever becomes true; grace periods and throttling
matter only to a service with unhealthy tasks or tasks to start), so until one of its inputs
changes, reconciling it again would change nothing, and the tick skips it.

What marks a service as changed ("dirty"):

- the timeline: every change to a task (status, desired status, container and load balancer
  health), to an instance or agent (faults) and every service event is recorded there with its
  cluster and service. Each tick reads only the entries added since the last one: an entry naming
  a service dirties that service; one about a task of no service changes nothing a steady service
  looks at (it matters to placement, and only services that are not steady place tasks); any other
  entry dirties its cluster's services, or every service when it names no cluster;
- `mark_region`: API calls that change a service (`request_tick`), instances joining, draining
  or leaving (`instances_changed`) and attribute changes (daemons' memberOf constraints).

The memo is a cache of the state, never saved: a loaded world (a new timeline) starts with every
service dirty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.model.service import Service

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.timeline import Timeline
    from ecslearn.control.world import World

#: Timeline kinds of entries about one task: with no service named, only placement cares.
_TASK_KINDS = frozenset({"task", "container", "elb", "placement"})


class QuietServices:
    """(region, cluster, service name) of the services a tick may skip, and how much of the
    timeline has been read."""

    def __init__(self, events: Timeline) -> None:
        self.events = events
        self.seen = len(events)
        self.quiet: set[tuple[str, str, str]] = set()

    def catch_up(self, events: Timeline) -> None:
        """Read the timeline entries added since the last call; a new timeline forgets all."""
        if events is not self.events or len(events) < self.seen:
            self.events, self.seen = events, len(events)
            self.quiet.clear()
            return
        if not self.quiet:
            self.seen = len(events)
            return
        for index in range(self.seen, len(events)):
            event = events[index]
            if event.service:
                self.quiet = {q for q in self.quiet if q[1:] != (event.cluster, event.service)}
            elif event.task and event.kind in _TASK_KINDS:
                continue
            elif event.cluster:
                self.quiet = {q for q in self.quiet if q[1] != event.cluster}
            else:
                self.quiet.clear()
            if not self.quiet:
                break
        self.seen = len(events)


def _memo(world: World) -> QuietServices:
    memo = world.derived.get("quiet_services")
    if not isinstance(memo, QuietServices):
        memo = world.derived["quiet_services"] = QuietServices(world.events)
    return memo


def _key(state: RegionState, service: Service) -> tuple[str, str, str]:
    return (state.region, service.cluster_name or "", service.service_name or "")


def is_quiet(world: World, state: RegionState, service: Service) -> bool:
    """Whether the service was steady after its last reconcile and nothing touched it since."""
    memo = _memo(world)
    memo.catch_up(world.events)
    return _key(state, service) in memo.quiet


def all_quiet(world: World, state: RegionState, services: list[Service]) -> bool:
    """Whether every one of `services` may be skipped (one catch-up for them all)."""
    memo = _memo(world)
    memo.catch_up(world.events)
    quiet, region = memo.quiet, state.region
    return all((region, s.cluster_name or "", s.service_name or "") in quiet for s in services)


def settle(world: World, state: RegionState, service: Service) -> None:
    """After a reconcile: the service is quiet if it is steady (what the reconcile itself
    recorded is read first, so it does not count as a change)."""
    memo = _memo(world)
    memo.catch_up(world.events)
    key = _key(state, service)
    if service.steady and service.status == "ACTIVE":
        memo.quiet.add(key)
    else:
        memo.quiet.discard(key)


def mark_region(world: World, state: RegionState, service: Service | None = None) -> None:
    """Something the timeline does not say changed: the service (or, with None, every service
    of the region) must be reconciled on the next tick."""
    memo = _memo(world)
    if service is not None:
        memo.quiet.discard(_key(state, service))
    else:
        memo.quiet = {q for q in memo.quiet if q[0] != state.region}
