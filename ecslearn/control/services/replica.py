"""One reconcile step of a REPLICA service: ECS's rolling update (semantics §5.3).

With D = desiredCount, ``minHealthy = ceil(D x minimumHealthyPercent / 100)`` tasks must stay
healthy and at most ``maxTasks = floor(D x maximumPercent / 100)`` may exist. Each step:

1. replace tasks that failed their container or load balancer health checks (after the grace
   period), and tasks on instances that are draining or whose agent is gone (start first, stop
   within the limits);
2. start PRIMARY tasks while the PRIMARY has fewer than D and the total is under maxTasks;
3. stop older tasks while the healthy count stays at least minHealthy (pending ones first);
4. scale in extra PRIMARY tasks, mirroring the placement strategy (tasks under scale-in
   protection are left running in 3 and 4: `protection`);
5. when the PRIMARY runs D healthy tasks and nothing else is left, the deployment COMPLETES.

Nothing is remembered between steps but the state itself: the same step on the same state does
the same thing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ecslearn.control.capacity_split import items, targets
from ecslearn.control.load_balancing import service_tasks
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import common, deployments, events, protection, rolling_bake
from ecslearn.control.state import RegionState
from ecslearn.model.service import Service
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World


def limits(service: Service) -> tuple[int, int]:
    """(minHealthy, maxTasks) for the service's desired count and deployment configuration."""
    config = service.deployment_configuration
    minimum = config.minimum_healthy_percent if config else 100
    maximum = config.maximum_percent if config else 200
    desired = service.desired_count or 0
    return math.ceil(desired * (minimum or 0) / 100), math.floor(desired * (maximum or 0) / 100)


def displaced(state: RegionState, task: Task) -> bool:
    """A task the service must move: its instance is draining, gone or unreachable (a Fargate
    task has none: AWS keeps its micro-VM; a task waiting for capacity has none yet)."""
    if task.is_fargate or task.waiting_for_capacity:
        return False
    instance = state.instances.get(task.container_instance_arn or "")
    return instance is None or instance.status != "ACTIVE" or not instance.agent_connected


def reconcile(
    world: World, state: RegionState, service: Service, facts: list[InstanceFacts]
) -> None:
    name = service.service_name or ""
    rolling_bake.check(world, state, service)
    primary = service.primary
    desired = service.desired_count or 0
    tasks = common.live(common.service_tasks(state, service))

    unhealthy = [
        t
        for t in tasks
        if t.health_status == "UNHEALTHY" and not common.in_grace_period(world, service, t)
    ]
    for task in unhealthy:
        events.add_event(world, None, service, events.failed_health_checks(name, task.id))
        deployments.record_failure(world, service, task)
    common.stop(world, state, service, unhealthy, "Task failed container health checks")
    failed = {id(t) for t in unhealthy}
    tasks = [t for t in tasks if id(t) not in failed]
    for task, group, target in service_tasks.failed_targets(state, tasks):
        if common.in_grace_period(world, service, task):
            continue
        events.add_event(world, None, service, service_tasks.unhealthy(name, task, group, target))
        deployments.record_failure(world, service, task)
        common.stop(world, state, service, [task], service_tasks.failed_reason(group))
        unhealthy.append(task)
    failed = {id(t) for t in unhealthy}
    tasks = [t for t in tasks if id(t) not in failed]

    min_healthy, max_tasks = limits(service)
    current = [t for t in tasks if t.started_by == primary.id and not displaced(state, t)]
    in_current = {id(t) for t in current}
    others = [t for t in tasks if id(t) not in in_current]
    health: dict[int, bool] = {}

    def is_healthy(task: Task) -> bool:
        """`common.is_healthy`, once per task: nothing below changes a kept task's health."""
        if id(task) not in health:
            health[id(task)] = common.is_healthy(world, state, service, task)
        return health[id(task)]

    healthy = sum(is_healthy(t) for t in tasks)

    def guarded(task: Task) -> bool:
        """Scale-in protection holds it (a displaced task is replaced regardless)."""
        return protection.is_protected(task, world.now) and not displaced(state, task)

    def serving(task: Task) -> bool:
        """Healthy, or RUNNING and not yet proven either way: an old task that is merely young
        still serves, so minimumHealthyPercent keeps it as it keeps a healthy one (a deployment
        that starts before the previous one completed must not stop its running tasks first)."""
        return is_healthy(task) or (
            task.last_status == "RUNNING" and task.desired_status == "RUNNING"
        )

    # Pending tasks first, then running ones not yet proven, then healthy ones.
    stoppable = sorted(
        (t for t in others if not guarded(t)), key=lambda t: (serving(t), is_healthy(t))
    )
    kept = healthy + sum(1 for t in others if serving(t) and not is_healthy(t))
    to_stop = []
    for task in stoppable:
        if serving(task):
            if kept - 1 < min_healthy or (is_healthy(task) and healthy - 1 < min_healthy):
                break
            kept -= 1
            healthy -= is_healthy(task)
        to_stop.append(task)
    excess = len(current) - desired
    held = sum(guarded(t) for t in others)  # old tasks a deployment must leave for now
    if excess > 0:
        free = [t for t in current if not guarded(t)]
        to_stop += choose_victims(state, service, free, min(excess, len(free)), is_healthy)
        held += max(0, excess - len(free))  # extra tasks scale-in must leave for now
    said = protection.held_back(world, service, held)
    if said is not None:
        events.add_event(world, None, service, said)
    common.stop(
        world, state, service, to_stop, f"Scaling activity initiated by (deployment {primary.id})"
    )

    started: list[Task] = []
    room = max_tasks - (len(tasks) - len(to_stop))
    wanted = desired - (len(current) - max(excess, 0))
    can_start = primary.rollout_state != "FAILED" and world.now >= service.throttle_until
    if wanted > 0 and room > 0 and can_start:
        started = common.launch(
            world,
            state,
            service,
            primary,
            min(wanted, room),
            facts,
            replaced_unhealthy=len(unhealthy),
        )

    stopping = {id(t) for t in to_stop}
    remaining = [t for t in tasks if id(t) not in stopping] + started
    primary_healthy = sum(is_healthy(t) for t in remaining if t.started_by == primary.id)
    if not others and primary_healthy >= desired and len(remaining) == desired:
        if rolling_bake.baked(world, state, service):
            deployments.complete(world, service)
    elif not started and not to_stop and others and room <= 0 and not held:
        settled = all(is_healthy(t) for t in tasks)
        if settled and not service.stuck_reported and healthy - 1 < min_healthy:
            events.add_event(world, None, service, events.cannot_progress(name))
            service.stuck_reported = True


def choose_victims(
    state: RegionState,
    service: Service,
    tasks: list[Task],
    count: int,
    is_healthy: Callable[[Task], bool],
) -> list:
    """Scale-in mirrors placement: pending tasks first, then tasks not yet healthy, then the most
    loaded zone, then the most loaded instance (or, under binpack, the instance that would have
    the most left). Stopping a healthy task while one that has not proven itself stays could
    take the service below minimumHealthyPercent for nothing."""
    binpack = next((s.field for s in service.placement_strategy or [] if s.type == "binpack"), None)
    chosen: list[Task] = []
    pool = list(tasks)
    for _ in range(count):
        zones = Counter(t.availability_zone for t in pool)
        hosts = Counter(t.container_instance_arn for t in pool)
        candidates = _over_share(service, pool)
        victim = max(
            candidates, key=lambda t: _victim_rank(state, t, binpack, zones, hosts, is_healthy(t))
        )
        chosen.append(victim)
        pool = [t for t in pool if t is not victim]
    return chosen


def _over_share(service: Service, pool: list[Task]) -> list[Task]:
    """With a capacity provider strategy, scale-in takes from the providers holding more than
    their share of what stays (the base/weight split of one task fewer), so the split holds."""
    if not service.capacity_provider_strategy:
        return pool
    wanted = targets(items(service.capacity_provider_strategy), len(pool) - 1)
    have = Counter(t.capacity_provider_name for t in pool)
    over = [
        t
        for t in pool
        if have[t.capacity_provider_name] > wanted.get(t.capacity_provider_name or "", 0)
    ]
    return over or pool


def _victim_rank(
    state: RegionState,
    task: Task,
    binpack: str | None,
    zones: Counter,
    hosts: Counter,
    healthy: bool,
) -> tuple:
    pending = task.last_status != "RUNNING"
    if binpack:
        instance = state.instances.get(task.container_instance_arn or "")
        spare = instance.remaining(binpack.upper()) if instance else 0
        return (pending, not healthy, spare or 0, task.created_at or 0)
    return (
        pending,
        not healthy,
        zones[task.availability_zone],
        hosts[task.container_instance_arn],
        task.created_at or 0,
    )
