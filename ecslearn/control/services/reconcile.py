"""The service scheduler's loop: every few simulated seconds, compare desired with actual and act.

Level-triggered, as ECS's and Kubernetes' controllers are: each tick looks only at the state, so
a saved and reloaded simulation carries on exactly. An API call that changes a service asks for
an extra tick at once; agents' reports are picked up on the next tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import capacity_placement
from ecslearn.control.metrics_clock import wake_metrics
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.queue import action_handler
from ecslearn.control.services import (
    common,
    containment,
    daemon,
    deployments,
    events,
    quiet,
    replica,
    task_set_scheduling,
    traffic_shift,
)
from ecslearn.control.state import RegionState
from ecslearn.control.task_factory import instance_facts
from ecslearn.model.service import Service
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

TICK_SECONDS = 5.0
#: Launch back-off for a service whose tasks keep failing to start: doubles up to 15 minutes.
THROTTLE_AFTER_FAILURES = 3
THROTTLE_FIRST_SECONDS = 10.0
THROTTLE_MAX_SECONDS = 900.0


def live_services(state: RegionState) -> list[Service]:
    """ACTIVE and DRAINING services, daemons first (they are placed first)."""
    services = [s for s in state.services.values() if s.status in ("ACTIVE", "DRAINING")]
    daemons = [s for s in services if s.is_daemon]
    return daemons + [s for s in services if not s.is_daemon] if daemons else services


def request_tick(world: World, state: RegionState, service: Service | None = None) -> None:
    """Reconcile now (one extra tick), and keep the regular ticks going. `service` is the one
    an API call changed (None: any of the region's)."""
    quiet.mark_region(world, state, service)
    world.queue.push(world.now, "services.tick", region=state.region, recurring=False)
    wake_metrics(world, state)  # CloudWatch publishes the services' metrics each minute
    if not state.service_ticks:
        state.service_ticks = True
        world.queue.push(
            world.now + TICK_SECONDS, "services.tick", region=state.region, recurring=True
        )


def instances_changed(world: World, state: RegionState) -> None:
    """An instance joined, drained or left: services react at once, as ECS does."""
    quiet.mark_region(world, state)
    if live_services(state):
        request_tick(world, state)
    if state.capacity_providers:
        capacity_placement.request_placing(world, state)


class TickFacts:
    """The instance facts (placement's view of each instance) the services of one tick share.

    Building a cluster's facts visits every task on every instance, so building them for each
    service made a tick cost services x tasks. Within a tick only the scheduler changes things,
    and only through the tasks of the service it is reconciling: after each service, the facts
    of the instances where one of its tasks appeared or changed are rebuilt, and the rest are
    still exactly what `instance_facts` would return.
    """

    def __init__(self, state: RegionState) -> None:
        self.state = state
        self.clusters: dict[str, list[InstanceFacts]] = {}

    def get(self, cluster_name: str) -> list[InstanceFacts]:
        if cluster_name not in self.clusters:
            self.clusters[cluster_name] = instance_facts(self.state, cluster_name)
        return self.clusters[cluster_name]

    def versions(self, service: Service) -> dict[str, int | None]:
        """The version of each of the service's tasks (stopped ones included), to diff later."""
        tasks = self.state.tasks
        return {arn: tasks[arn].version for arn in self.state.tasks_of(service.service_arn or "")}

    def refresh(self, service: Service, before: dict[str, int | None]) -> None:
        """Rebuild the facts of the instances where the service's tasks changed since `before`."""
        facts = self.clusters.get(service.cluster_name)
        if facts is None:
            return
        tasks = self.state.tasks
        changed = {
            tasks[arn].container_instance_arn or ""
            for arn, version in self.versions(service).items()
            if arn not in before or before[arn] != version
        }
        if not changed:
            return
        fresh = {f.arn: f for f in instance_facts(self.state, service.cluster_name, changed)}
        self.clusters[service.cluster_name] = [
            fresh.get(f.arn, f) for f in facts if f.arn not in changed or f.arn in fresh
        ]


@action_handler("services.tick")
def _tick(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    try:
        services = live_services(state)
        if quiet.all_quiet(world, state, services):
            return  # the usual tick of a steady region: nothing to look at
        shared = TickFacts(state)
        for service in services:
            if quiet.is_quiet(world, state, service):
                continue  # steady, and nothing it looks at changed: reconciling would do nothing
            with containment.service_boundary(world, state, service, shared):
                reconcile(world, state, service, shared)
                quiet.settle(world, state, service)
    finally:  # the next regular tick is scheduled whatever happened in this one
        _next_tick(world, state, args)


def _next_tick(world: World, state: RegionState, args: dict[str, Any]) -> None:
    if args["recurring"]:
        if live_services(state):
            world.queue.push(
                world.now + TICK_SECONDS, "services.tick", region=state.region, recurring=True
            )
        else:
            state.service_ticks = False


def restore_ticks(world: World) -> None:
    """Make sure every region with live services has its regular tick queued. A simulation saved
    by an ecslearn whose tick could be lost (issue 15) loads with its scheduler running again."""
    queued = {
        a.args.get("region")
        for a in world.queue.scheduled("services.tick")
        if a.args.get("recurring")
    }
    for state in world.regions():
        if state.region not in queued and live_services(state):
            state.service_ticks = True
            world.queue.push(
                world.now + TICK_SECONDS, "services.tick", region=state.region, recurring=True
            )


def attributes_changed(world: World, state: RegionState) -> None:
    """Instance attributes changed (PutAttributes, DeleteAttributes): daemons' memberOf
    constraints may now choose other instances. Nothing more is scheduled: the next tick looks."""
    quiet.mark_region(world, state)


def reconcile(
    world: World, state: RegionState, service: Service, shared: TickFacts | None = None
) -> None:
    shared = shared or TickFacts(state)
    before = shared.versions(service)
    if service.status == "DRAINING":
        traffic_shift.service_deleted(world, state, service)
        tasks = common.live(common.service_tasks(state, service))
        common.stop(world, state, service, tasks, "Service is being deleted")
        if not common.service_tasks(state, service):
            service.status = "INACTIVE"
        shared.refresh(service, before)
        return
    facts = shared.get(service.cluster_name)
    if service.is_daemon:
        daemon.reconcile(world, state, service, facts)
    elif task_set_scheduling.has_task_sets(service):
        task_set_scheduling.reconcile(world, state, service, facts)
    elif not traffic_shift.reconcile(world, state, service, facts):
        replica.reconcile(world, state, service, facts)
    shared.refresh(service, before)
    _update_steady_state(world, state, service, shared)


def counts(state: RegionState, service: Service) -> dict[str, tuple[int, int]]:
    """(running, pending) per deployment ID."""
    result: dict[str, tuple[int, int]] = {}
    for task in common.service_tasks(state, service):
        running, pending = result.get(task.started_by or "", (0, 0))
        if task.last_status == "RUNNING":
            running += 1
        elif task.last_status in ("PROVISIONING", "PENDING", "ACTIVATING"):
            pending += 1
        result[task.started_by or ""] = (running, pending)
    return result


def is_steady(
    world: World, state: RegionState, service: Service, shared: TickFacts | None = None
) -> bool:
    """Healthy at the desired count, on instances that can keep the tasks, one deployment."""
    if task_set_scheduling.has_task_sets(service):
        return task_set_scheduling.is_steady(world, state, service)
    if service.status != "ACTIVE" or not service.deployments:
        return service.status == "INACTIVE"
    # The cheap tests first: run_until_stable asks this after every step.
    if len(service.deployments) != 1 or service.primary.rollout_state != "COMPLETED":
        return False
    tasks = common.service_tasks(state, service)
    if service.is_daemon:
        wanted = (
            {f.arn for f in daemon.eligible(service, shared.get(service.cluster_name))}
            if shared is not None
            else _daemon_targets(state, service)
        )
        placed = [t.container_instance_arn for t in tasks]
        in_place = sorted(placed) == sorted(wanted)
    else:
        in_place = len(tasks) == (service.desired_count or 0) and not any(
            replica.displaced(state, t) for t in tasks
        )
    return in_place and all(common.is_healthy(world, state, service, t) for t in tasks)


def _daemon_targets(state: RegionState, service: Service) -> set[str]:
    """The instances `daemon.eligible` would choose, without a whole cluster's facts: only ACTIVE
    instances with a connected agent can be, and only memberOf expressions need their facts."""
    candidates = {
        i.container_instance_arn or ""
        for i in state.instances_in(service.cluster_name)
        if i.status == "ACTIVE" and i.agent_connected
    }
    if not any(c.type == "memberOf" and c.expression for c in service.placement_constraints or []):
        return candidates
    facts = instance_facts(state, service.cluster_name, candidates)
    return {f.arn for f in daemon.eligible(service, facts)}


def _update_steady_state(
    world: World, state: RegionState, service: Service, shared: TickFacts | None = None
) -> None:
    steady = is_steady(world, state, service, shared)
    if steady and not service.steady:
        events.add_event(world, None, service, events.steady_state(service.service_name or ""))
    service.steady = steady


def unsettled(world: World, state: RegionState) -> list[str]:
    """Services that have not reached their steady state yet."""
    reasons = []
    for service in live_services(state):
        if not is_steady(world, state, service):
            running = sum(r for r, _ in counts(state, service).values())
            reasons.append(
                f"service {service.service_name} has {running} of {service.desired_count} "
                f"tasks running and healthy, deployment {service.primary.rollout_state}"
                if service.deployments
                else f"service {service.service_name} is {service.status}"
            )
    return reasons


def task_started(world: World, state: RegionState, task: Task) -> None:
    """A service task reached RUNNING: the start-failure streak is over."""
    service = state.services.get(task.service_arn or "")
    if service is None:
        return
    service.start_failures = 0
    service.throttle_until = 0.0
    for deployment in service.deployments or []:
        if deployment.id == task.started_by:
            deployment.consecutive_failures = 0


def task_stopped(world: World, state: RegionState, task: Task) -> None:
    """A service task stopped. One that never ran counts against the circuit breaker and, in a
    streak, throttles the service's launches."""
    if state.capacity_providers and task.container_instance_arn:
        capacity_placement.request_placing(world, state)  # room freed for waiting tasks
    service = state.services.get(task.service_arn or "")
    if service is None:
        return
    service.steady = False if task.stop_code != "ServiceSchedulerInitiated" else service.steady
    if task.reached_running:
        return
    deployments.record_failure(world, service, task)
    service.start_failures += 1
    if service.start_failures >= THROTTLE_AFTER_FAILURES:
        if (
            service.throttle_until <= world.now
            and service.start_failures == THROTTLE_AFTER_FAILURES
        ):
            events.add_event(world, None, service, events.throttled(service.service_name or ""))
        exponent = service.start_failures - THROTTLE_AFTER_FAILURES
        delay = min(THROTTLE_MAX_SECONDS, THROTTLE_FIRST_SECONDS * 2**exponent)
        service.throttle_until = world.now + delay
