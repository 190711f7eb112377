"""One reconcile step of a DAEMON service: exactly one task on every eligible instance.

An instance is eligible while it is ACTIVE, its agent is connected and it meets the service's
constraints. Daemon tasks go first on a new instance (services are reconciled daemons first)
and leave a draining instance last, once its other tasks are gone. A new revision rolls out
instance by instance: with minimumHealthyPercent 0 and maximumPercent 100 the old task stops
before the new one starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.control.placement import cql
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import common, deployments
from ecslearn.control.state import RegionState
from ecslearn.model.service import Service
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World


def eligible(service: Service, facts: list[InstanceFacts]) -> list[InstanceFacts]:
    expressions = [
        cql.parse(c.expression)
        for c in service.placement_constraints or []
        if c.type == "memberOf" and c.expression
    ]
    return [
        f
        for f in facts
        if f.status == "ACTIVE" and f.agent_connected and all(e.matches(f) for e in expressions)
    ]


def _is_daemon_task(state: RegionState, task: Task) -> bool:
    service = state.services.get(task.service_arn or "")
    return service is not None and service.is_daemon


def reconcile(
    world: World, state: RegionState, service: Service, facts: list[InstanceFacts]
) -> None:
    primary = service.primary
    targets = eligible(service, facts)
    target_arns = {f.arn for f in targets}
    service.desired_count = len(targets)
    primary.desired_count = len(targets)
    tasks = common.live(common.service_tasks(state, service))
    by_instance: dict[str, list] = {}
    for task in tasks:
        by_instance.setdefault(task.container_instance_arn or "", []).append(task)

    to_stop = []
    for arn, on_instance in by_instance.items():
        instance = state.instances.get(arn)
        if arn not in target_arns:
            # Only non-daemon tasks hold a daemon back: counting other daemons' tasks would
            # leave two daemons on a draining instance each waiting for the other, forever.
            others = [
                t for t in state.tasks_on(arn) if not t.is_stopped and not _is_daemon_task(state, t)
            ]
            draining = instance is not None and instance.status == "DRAINING"
            if not (draining and others):  # a daemon leaves a draining instance last
                to_stop += on_instance
            continue
        current = [t for t in on_instance if t.started_by == primary.id]
        to_stop += [t for t in on_instance if t.started_by != primary.id] + current[1:]
    common.stop(
        world, state, service, to_stop, f"Scaling activity initiated by (deployment {primary.id})"
    )

    stopping = {id(t) for t in to_stop}
    missing = [
        f for f in targets if not any(id(t) not in stopping for t in by_instance.get(f.arn, []))
    ]
    if primary.rollout_state != "FAILED" and world.now >= service.throttle_until:
        for instance in missing:
            common.launch(world, state, service, primary, 1, [instance])

    settled = (
        all(
            len(by_instance.get(f.arn, [])) == 1
            and by_instance[f.arn][0].started_by == primary.id
            and common.is_healthy(world, state, service, by_instance[f.arn][0])
            for f in targets
        )
        and not to_stop
        and set(by_instance) <= target_arns
    )
    if settled:
        deployments.complete(world, service)
