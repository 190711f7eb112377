"""Placing tasks through capacity providers, and the tasks that wait for capacity.

A task for an Auto Scaling group capacity provider is placed only on the cluster's instances of
that provider's group (the EC2 instance's ``aws:autoscaling:groupName``); DescribeContainerInstances
names the provider as the instance's ``capacityProviderName``. With no room, the task is not a
failure: it waits in PROVISIONING, with no instance, until capacity appears (cluster auto
scaling exists to make it appear), and `place_waiting` places it then. Waiting is level-
triggered: whenever instances join or tasks stop a placing pass is queued, and managed
scaling's minute tick runs one too, so a saved simulation carries on placing after loading.

ECS's quota "Tasks in the PROVISIONING state per cluster" bounds the waiting: RunTask beyond it
is refused with ECS's ClientException text ("Tasks provisioning capacity limit exceeded.",
quoted by clients that retry on it); a service simply launches no more until some are placed.
The quota is 500 in today's Service Quotas (older listings say 300; ecslearn uses 500).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.asg_link import instance_group
from ecslearn.control.capacity_split import as_launched, items, split
from ecslearn.control.fargate import start_fargate_tasks
from ecslearn.control.placement.engine import place
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.control.task_factory import (
    TaskSpec,
    create_task,
    eni_attachment,
    new_task,
    start_on,
)
from ecslearn.model.capacity_provider import BUILT_IN
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task import Task
from ecslearn.model.task_definition import PlacementConstraint

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.services.handlers import RequestContext

PROVISIONING_LIMIT = 500
LIMIT_MESSAGE = "Tasks provisioning capacity limit exceeded."


def provider_of(state: RegionState, instance: ContainerInstance) -> str | None:
    """The capacity provider of the instance's cluster whose group the instance belongs to."""
    group = instance_group(state, instance)
    if group is None:
        return None
    cluster = state.clusters.get(instance.cluster_name)
    for name in (cluster.capacity_providers or []) if cluster else []:
        provider = state.capacity_providers.get(name)
        group_provider = provider.auto_scaling_group_provider if provider else None
        if group_provider is not None and group_provider.group_name == group:
            return name
    return None


def waiting(state: RegionState, cluster_name: str) -> list[Task]:
    """The cluster's tasks waiting for capacity, oldest first."""
    tasks = state.tasks
    return [
        tasks[arn]
        for arn in state.index.by_desired.get((cluster_name, "RUNNING"), {})
        if tasks[arn].waiting_for_capacity
    ]


def _facts_of(state: RegionState, facts: list[InstanceFacts], provider: str) -> list[InstanceFacts]:
    return [f for f in facts if provider_of(state, state.instances[f.arn]) == provider]


def launch(
    ctx: RequestContext,
    cluster_name: str,
    spec: TaskSpec,
    count: int,
    strategy: list[dict[str, Any]],
    request: PlacementRequest,
    facts: list[InstanceFacts],
    *,
    existing: dict[str, int] | None = None,
    over_limit: Callable[[int], None] | None = None,
) -> tuple[list[Task], list[dict[str, Any]], int]:
    """Launch `count` tasks split by `strategy`: placed where their provider has room, waiting
    in PROVISIONING where it has none (Fargate providers run them on Fargate). Returns the tasks,
    placement failures, and how many tasks were not launched for the PROVISIONING quota.
    `over_limit(n)` is told first when `n` tasks would go over the quota (RunTask raises)."""
    state = ctx.state
    shares = split(as_launched(items(strategy)), count, existing)
    plans: list[tuple[str, list[str], int]] = []
    failures: list[dict[str, Any]] = []
    for provider, n in shares.items():
        if n <= 0 or provider in BUILT_IN:
            continue
        result = place(_facts_of(state, facts, provider), request, n, ctx.rng)
        plans.append((provider, list(result.placements), n - len(result.placements)))
    room = max(0, PROVISIONING_LIMIT - len(waiting(state, cluster_name)))
    short = sum(unplaced for _, _, unplaced in plans)
    if short > room and over_limit is not None:
        over_limit(short - room)
    not_launched = max(0, short - room)
    tasks: list[Task] = []
    for provider, placements, unplaced in plans:
        for arn in placements:
            tasks.append(create_task(ctx, cluster_name, state.instances[arn], spec, provider))
        for _ in range(min(unplaced, room)):
            tasks.append(_wait(ctx, cluster_name, spec, provider, request))
            room -= 1
    for provider, n in shares.items():
        if n > 0 and provider in BUILT_IN:
            tasks += start_fargate_tasks(ctx.world, state, spec, n, capacity_provider=provider)
    return tasks, failures, not_launched


def _wait(
    ctx: RequestContext,
    cluster_name: str,
    spec: TaskSpec,
    provider: str,
    request: PlacementRequest,
) -> Task:
    attachments, address = eni_attachment(ctx, spec)
    task = new_task(
        ctx,
        cluster_name,
        spec,
        attachments,
        address,
        container_instance_arn=None,
        launch_type="EC2",
        capacity_provider_name=provider,
        availability_zone=None,
    )
    task.last_status = "PROVISIONING"  # no instance yet, whatever its network mode
    task.waiting_placement = {
        "constraints": [c.to_json() for c in request.constraints],
        "strategies": [s.to_json() for s in request.strategies],
    }
    ctx.state.add_task(task)
    ctx.state.tags[task.task_arn or ""] = dict(spec.tags)
    lifecycle.record(
        ctx.world,
        task,
        "task",
        f"{task.id[:8]} PROVISIONING: waiting for capacity provider {provider} to find room",
        capacityProvider=provider,
    )
    return task


def request_placing(world: World, state: RegionState) -> None:
    """Queue one placing pass for the region's waiting tasks (at most one is queued)."""
    queued = {a.args.get("region") for a in world.queue.scheduled("capacity.place")}
    if state.region not in queued:
        world.queue.push(world.now, "capacity.place", region=state.region)


@action_handler("capacity.place")
def _place_action(world: World, args: dict[str, Any]) -> None:
    place_waiting(world, world.region_state(args["region"]))


def place_waiting(world: World, state: RegionState) -> int:
    """Place every waiting task that now fits on its provider's instances, oldest first.
    Tasks that ask for the same placement (same provider, definition, resources, constraints
    and strategies) are placed together, as one RunTask of several tasks would be."""
    placed = 0
    for cluster_name in list(state.clusters):
        tasks = waiting(state, cluster_name)
        if not tasks:
            continue
        batches: dict[str, list[Task]] = {}
        for task in tasks:
            batches.setdefault(_batch_key(task), []).append(task)
        facts = state.placement_view(cluster_name).facts()
        by_provider: dict[str, list[InstanceFacts]] = {}
        for batch in batches.values():
            provider = batch[0].capacity_provider_name or ""
            if provider not in by_provider:
                by_provider[provider] = _facts_of(state, facts, provider)
            candidates = by_provider[provider]
            if not candidates:
                continue
            result = place(candidates, _request_of(state, batch[0]), len(batch), world.rng)
            if not result.placements:
                continue
            for task, arn in zip(batch, result.placements, strict=False):
                _bind(world, state, task, state.instances[arn])
                placed += 1
            changed = set(result.placements)
            fresh = {f.arn: f for f in state.placement_facts(cluster_name, changed)}
            by_provider[provider] = [fresh.get(f.arn, f) for f in candidates]
    return placed


def _batch_key(task: Task) -> str:
    return json.dumps(
        [
            task.capacity_provider_name,
            task.task_definition_arn,
            task.group,
            task.reserved_cpu,
            task.reserved_memory,
            task.waiting_placement,
        ],
        sort_keys=True,
    )


def _request_of(state: RegionState, task: Task) -> PlacementRequest:
    definition = state.task_definition_by_arn(task.task_definition_arn or "")
    wanted = task.waiting_placement or {}
    return PlacementRequest(
        cpu=task.reserved_cpu,
        memory=task.reserved_memory,
        tcp_ports=frozenset(task.static_tcp_ports),
        udp_ports=frozenset(task.static_udp_ports),
        uses_eni=task.uses_eni,
        required_attributes=tuple(a.name for a in definition.requires_attributes or []),
        constraints=tuple(PlacementConstraint.from_json(c) for c in wanted.get("constraints", [])),
        strategies=tuple(PlacementStrategy.from_json(s) for s in wanted.get("strategies", [])),
        group=task.group or "",
    )


def _bind(world: World, state: RegionState, task: Task, instance: ContainerInstance) -> None:
    """The waiting task found room: it moves onto `instance` and its agent starts it."""
    state.remove_task(task)
    task.container_instance_arn = instance.container_instance_arn
    task.availability_zone = instance.attribute("ecs.availability-zone")
    task.waiting_placement = None
    task.version = (task.version or 0) + 1
    if not task.uses_eni:
        task.last_status = "PENDING"
    state.add_task(task)
    start_on(world, state, task, instance)
