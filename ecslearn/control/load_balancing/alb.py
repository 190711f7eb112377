"""ELB's side of its targets: health checks, draining, and requests spread over a target group.

The records are ELBv2's (`ecslearn.model.load_balancing`); the API that makes and changes them
is `ecslearn.services.elbv2`, which ECS's service scheduler calls too (RegisterTargets and
DeregisterTargets), so there is one implementation of a target's life:

- A registered target is ``initial`` (Elb.RegistrationInProgress) until its first health check;
  one pass makes it ``healthy`` (the user guide: "After your target is registered, it must pass
  one health check to be considered healthy"); after that UnhealthyThresholdCount failures turn
  it ``unhealthy`` and HealthyThresholdCount passes turn it back. A target in a zone none of its
  load balancers is enabled in is ``unused`` (Target.NotInUse) and gets no checks.
- A deregistered target is ``draining`` for the deregistration delay, then leaves its group.
- Requests go to the healthy targets by weighted round robin (equal weights: plain round robin;
  a target in slow start ramps up linearly over ``slow_start.duration_seconds`` as ELB's guide
  describes); with none healthy, to the unhealthy ones (ELB "fails open"); with neither, 503.

What a target answers is `target_address`'s (who listens at its address, and a simulated
container's answer, on the health check's port) or, for a real container (the Docker agent's),
the container's own over the network (`target_answers`).

ecslearn's choice where AWS differs: a target group no listener uses is health-checked anyway
(AWS would call its targets ``unused``, Target.NotInUse), so `sim.send_requests(group_arn)` can
stand for the load balancer in front of it, as lessons written before ELBv2 existed do.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.arns import parse_arn
from ecslearn.control.load_balancing import target_answers
from ecslearn.control.load_balancing.target_address import (
    answer,
    container_named,
    resolve,
    simulated_check,
)
from ecslearn.control.metrics_clock import wake_metrics
from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException, TargetGroupNotFound
from ecslearn.model.load_balancing import ServedRequest, Target, TargetGroup, TargetHealth
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: How long ELB takes to register a target before its first health check (ELB does not document
#: it; an estimate, long enough that a task is RUNNING a while before its target is healthy).
REGISTRATION_SECONDS = 10.0
#: The smallest share of a full weight a target in slow start gets (ELB ramps up from zero;
#: ecslearn lets the first request through at once rather than after an arbitrary wait).
SLOW_START_FLOOR = 0.1


def find_target_group(world: World, arn: str) -> tuple[RegionState, TargetGroup]:
    """The target group with this ARN, in the region the ARN names."""
    state = world.region_state((parse_arn(arn) or {}).get("region") or world.region)
    group = state.target_groups.get(arn)
    if group is None:
        raise TargetGroupNotFound(
            "One or more target groups not found",
            hint="elbv2.describe_target_groups() lists the target groups of this region.",
        )
    return state, group


# -- health checks ------------------------------------------------------------------------------
def _check(
    world: World, state: RegionState, group: TargetGroup, target: Target
) -> tuple[int | None, str | None]:
    """One check: a real probe when the target's container is real, else the simulated answer."""
    resolve(state, group, target)
    probed = target_answers.probe(world, state, group, target)
    code, reason = probed if probed is not None else simulated_check(state, group, target)
    if group.health_check_protocol == "TCP":
        return code, reason  # a TCP check only opens a connection: any answer passes
    if reason is None and code is not None and not group.accepts(code):
        reason = "Target.ResponseCodeMismatch"
    return code, reason


def _schedule_check(
    world: World, state: RegionState, group: TargetGroup, target: Target, delay: float
) -> None:
    world.queue.push(
        world.now + delay,
        "elb.health_check",
        region=state.region,
        group=group.target_group_arn,
        target=target.id,
        port=target.port,
        task=target.task_arn,
        since=target.registered_at,
    )


def _outside_zones(state: RegionState, group: TargetGroup, target: Target) -> bool:
    """Whether the group's load balancers are all enabled only in zones other than the target's
    (a group no load balancer uses has no zones to be outside of)."""
    arns = state.elbv2.balancers_forwarding_to(group.target_group_arn or "")
    zones = {z for arn in arns for z in state.elbv2.load_balancers[arn].zone_names}
    zone = target.availability_zone
    return bool(zones) and zone not in (None, "all") and zone not in zones


@action_handler("elb.health_check")
def _health_check(world: World, args: dict[str, Any]) -> None:
    """One health check of one target (see the module for the thresholds)."""
    state = world.region_state(args["region"])
    group = state.target_groups.get(args["group"])
    target = group.find(args["target"], args["port"]) if group else None
    if group is None or target is None or target.registered_at != args.get("since"):
        return  # deregistered (or registered again) since
    if target.state == "draining":
        return
    before = target.state
    if _outside_zones(state, group, target):
        target.health = TargetHealth.of("unused", "Target.NotInUse.Zone")
        target.passes = target.failures = 0
    else:
        _judge(world, group, target, *_check(world, state, group, target))
    task = state.tasks.get(target.task_arn)
    if task is not None and target.state != before:
        why = f" ({target.health.description})" if target.health.description else ""
        lifecycle.record(
            world,
            task,
            "elb",
            f"{task.id[:8]} target {target.address} in {group.name} is {target.state}{why}",
            target_group=group.target_group_arn,
            state=target.state,
        )
    _schedule_check(world, state, group, target, group.health_check_interval_seconds or 30)


def _judge(
    world: World, group: TargetGroup, target: Target, code: int | None, reason: str | None
) -> None:
    before = target.state
    if reason is None:
        target.passes, target.failures = target.passes + 1, 0
        needed = 1 if before in ("initial", "unused") else group.healthy_threshold_count or 5
        if before != "healthy" and target.passes >= needed:
            target.health = TargetHealth.of("healthy")
            target.healthy_since = world.now
    else:
        target.passes, target.failures = 0, target.failures + 1
        if before == "unhealthy" or target.failures >= (group.unhealthy_threshold_count or 2):
            target.health = TargetHealth.of("unhealthy", reason, code)
        elif before in ("initial", "unused"):
            target.health = TargetHealth.of("initial", "Elb.InitialHealthChecking")


# -- registration -----------------------------------------------------------------------------
def targets_of(state: RegionState, task: Task) -> list[tuple[TargetGroup, Target]]:
    """Every target of the task, in every target group (draining ones included)."""
    if not state.target_groups:
        return []
    return [
        (group, target)
        for group in state.target_groups.values()
        for target in group.targets
        if target.task_arn == task.task_arn
    ]


def register(world: World, state: RegionState, group: TargetGroup, target: Target) -> None:
    """RegisterTargets: the target is ``initial`` until its first health check. A draining
    target at the same address (a host port used again) is replaced."""
    group.targets = [t for t in group.targets if t.address != target.address]
    target.health = TargetHealth.of("initial", "Elb.RegistrationInProgress")
    target.registered_at = world.now
    group.targets.append(target)
    resolve(state, group, target)
    _schedule_check(world, state, group, target, REGISTRATION_SECONDS)


def deregister(world: World, state: RegionState, group: TargetGroup, target: Target) -> None:
    """DeregisterTargets: the target drains (no new requests) for the deregistration delay."""
    target.health = TargetHealth.of("draining", "Target.DeregistrationInProgress")
    target.passes = target.failures = 0
    world.queue.push(
        world.now + group.deregistration_delay,
        "elb.drained",
        region=state.region,
        group=group.target_group_arn,
        target=target.id,
        port=target.port,
        task=target.task_arn,
        since=target.registered_at,
    )


@action_handler("elb.drained")
def _drained(world: World, args: dict[str, Any]) -> None:
    """The deregistration delay is over: the target leaves its group, and ECS hears of it."""
    state = world.region_state(args["region"])
    group = state.target_groups.get(args["group"])
    if group is not None:
        address = f"{args['target']}:{args['port']}"
        group.targets = [
            t
            for t in group.targets
            if not (
                t.address == address
                and t.state == "draining"
                and t.registered_at == args.get("since", t.registered_at)
            )
        ]
    task = state.tasks.get(args["task"] or "")
    if task is not None:
        world.plane.target_drained(state, task)


# -- traffic ---------------------------------------------------------------------------------
def _serving(state: RegionState, target: Target) -> bool:
    task = state.tasks.get(target.task_arn)
    container = container_named(task, target.container_name)
    return (
        task is not None
        and task.last_status == "RUNNING"
        and container is not None
        and container.last_status == "RUNNING"
    )


def routable(state: RegionState, group: TargetGroup) -> tuple[list[Target], bool]:
    """The targets a request may go to, and whether they are healthy ones (False: failing
    open over unhealthy targets). Draining, initial and unused targets get nothing."""
    live = [t for t in group.targets if t.state in ("healthy", "unhealthy") and _serving(state, t)]
    healthy = [t for t in live if t.state == "healthy"]
    return (healthy, True) if healthy else (live, False)


def _weight(world: World, group: TargetGroup, target: Target, pool: list[Target]) -> float:
    """A target's share: 1, or less while it is in slow start. ELB's guide: a new target
    enters slow start only when another healthy target is not in slow start."""
    ramp = group.slow_start
    if not ramp or target.healthy_since < 0 or world.now - target.healthy_since >= ramp:
        return 1.0
    settled = [t for t in pool if t is not target and world.now - t.healthy_since >= ramp]
    if not settled:
        return 1.0
    return max((world.now - target.healthy_since) / ramp, SLOW_START_FLOOR)


def pick(world: World, pool: list[Target], group: TargetGroup) -> Target:
    """Smooth weighted round robin over `pool` (plain round robin when the weights match)."""
    weights = [_weight(world, group, t, pool) for t in pool]
    for target, weight in zip(pool, weights, strict=True):
        target.credit += weight
    chosen = max(pool, key=lambda t: t.credit)
    chosen.credit -= sum(weights)
    return chosen


def forward(
    world: World,
    state: RegionState,
    group: TargetGroup,
    request: target_answers.ClientRequest | None = None,
    balancer_arn: str | None = None,
) -> ServedRequest:
    """One request forwarded to the target group (by the load balancer `balancer_arn`, if one):
    who served it, or ELB's 503. A target whose container is real gets the request over the
    network (`target_answers.deliver`). CloudWatch counts it for the minute's ALB metrics."""
    wake_metrics(world, state)
    pool, _ = routable(state, group)
    if not pool:
        state.cloudwatch.tally(group.target_group_arn or "", balancer_arn, 503, by_target=False)
        return ServedRequest(
            world.now,
            503,
            target_group=group.name,
            error="503 Service Temporarily Unavailable",
        )
    target = pick(world, pool, group)
    group.requests_served += 1
    task = state.tasks[target.task_arn]
    reply = target_answers.deliver(world, state, target, request or target_answers.ClientRequest())
    real: dict[str, Any] = {}
    if reply is None:
        code, _ = answer(state, target)
        status = 504 if code is None else code
    else:
        status, error = target_answers.gateway_answer(reply)
        real = {"body": reply.body or None, "latency": reply.latency, "error": error}
    state.cloudwatch.tally(group.target_group_arn or "", balancer_arn, status, by_target=True)
    return ServedRequest(
        time=world.now,
        status=status,
        task=task.id,
        target_group=group.name,
        target=target.id,
        port=target.port,
        container_instance=(task.container_instance_arn or "").rsplit("/", 1)[-1] or None,
        **real,
    )


def summary(served: list[ServedRequest]) -> str:
    """``4 x 200, 1 x 503``."""
    counted = sorted(Counter(r.status for r in served).items())
    return ", ".join(f"{n} x {code}" for code, n in counted) or "none"


def send_requests(world: World, arn: str, count: int) -> list[ServedRequest]:
    """`count` requests straight to a target group, as its load balancer would forward them
    (the form lessons used before load balancers existed; see the module)."""
    state, group = find_target_group(world, arn)
    if count < 0:
        raise InvalidParameterException("send_requests needs a number of requests >= 0.")
    pool, healthy = routable(state, group)
    served = [forward(world, state, group) for _ in range(count)]
    note = " (failing open: no target is healthy)" if pool and not healthy else ""
    world.record(
        "elb",
        f"{group.name}: {count} requests to {len(pool)} targets: {summary(served)}{note}",
        details={"target_group": group.target_group_arn},
    )
    return served
