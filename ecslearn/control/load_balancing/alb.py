"""The simulated Application Load Balancer: target groups, health checks, draining, requests.

Targets start ``initial``; health checks on the virtual clock make them ``healthy`` or
``unhealthy``; a deregistered target is ``draining`` for the deregistration delay and then
leaves its group. Requests go round-robin to the healthy targets and, when none is healthy, to
the unhealthy ones (ALB fails open); with neither, the answer is HTTP 503.

What a target answers is read from its container: nothing when the container is not running,
a timeout when its task is UNHEALTHY, else the status in its ``ecslearn.http-status`` docker
label (200 by default).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.arns import ACCOUNT_ID, parse_arn
from ecslearn.control.queue import action_handler
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.load_balancing import ServedRequest, Target, TargetGroup, TargetHealth
from ecslearn.model.task import Container, Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: How long ELB takes to register a target before its first health check (ELB does not document
#: it; an estimate, long enough that a task is RUNNING a while before its target is healthy).
REGISTRATION_SECONDS = 10.0
#: The docker label that sets the HTTP status a container answers with (default 200).
HTTP_STATUS_LABEL = "ecslearn.http-status"
_NAME = re.compile(r"^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$")


# -- target groups (ELB's API, as lessons call it) -------------------------------------------------
def create_target_group(
    world: World,
    region: str,
    name: str,
    *,
    port: int,
    protocol: str,
    target_type: str,
    health_check_path: str,
    interval: int,
    healthy_threshold: int,
    unhealthy_threshold: int,
    deregistration_delay: int,
    matcher: str,
) -> TargetGroup:
    """A new target group, as ELBv2's CreateTargetGroup makes it (ALB protocols only)."""
    state = world.region_state(region)
    if not _NAME.match(name):
        raise InvalidParameterException(
            f"Target group name '{name}' is invalid: use 1-32 letters, digits and hyphens, not "
            "starting or ending with a hyphen."
        )
    problems = [
        (
            protocol not in ("HTTP", "HTTPS"),
            "protocol HTTP or HTTPS (an Application Load Balancer)",
        ),
        (
            target_type not in ("instance", "ip"),
            "target type instance (bridge/host) or ip (awsvpc)",
        ),
        (not 1 <= port <= 65535, "a port from 1 to 65535"),
        (not 5 <= interval <= 300, "a health check interval of 5-300 seconds"),
        (not 2 <= healthy_threshold <= 10, "a healthy threshold of 2-10 checks"),
        (not 2 <= unhealthy_threshold <= 10, "an unhealthy threshold of 2-10 checks"),
        (not 0 <= deregistration_delay <= 3600, "a deregistration delay of 0-3600 seconds"),
        (not health_check_path.startswith("/"), "a health check path starting with '/'"),
    ]
    wanted = [text for failed, text in problems if failed]
    if wanted:
        raise InvalidParameterException(f"Target group '{name}' needs " + "; ".join(wanted) + ".")
    if any(g.target_group_name == name for g in state.target_groups.values()):
        raise InvalidParameterException(
            f"A target group named '{name}' already exists in {region}; choose another name."
        )
    arn = (
        f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT_ID}:targetgroup/{name}/"
        f"{world.rng.getrandbits(64):016x}"
    )
    group = TargetGroup(
        target_group_arn=arn,
        target_group_name=name,
        protocol=protocol,
        port=port,
        vpc_id=state.ec2.default_vpc.vpc_id if state.ec2.default_vpc else None,
        health_check_protocol=protocol,
        health_check_interval_seconds=interval,
        healthy_threshold_count=healthy_threshold,
        unhealthy_threshold_count=unhealthy_threshold,
        health_check_path=health_check_path,
        matcher={"HttpCode": matcher},
        target_type=target_type,
        deregistration_delay=deregistration_delay,
    )
    state.target_groups[arn] = group
    return group


def find_target_group(world: World, arn: str) -> tuple[RegionState, TargetGroup]:
    """The target group with this ARN, in the region the ARN names."""
    state = world.region_state((parse_arn(arn) or {}).get("region") or world.region)
    group = state.target_groups.get(arn)
    if group is None:
        raise InvalidParameterException(
            f"Target group not found: '{arn}'. Use the ARN create_target_group returned."
        )
    return state, group


def describe_target_health(
    world: World, arn: str, targets: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """ELBv2's DescribeTargetHealth: every registered target, or the ones asked about (those
    not registered are ``unused``)."""
    _, group = find_target_group(world, arn)
    if targets is None:
        return {"TargetHealthDescriptions": [t.description() for t in group.targets]}
    descriptions = []
    for wanted in targets:
        target = group.find(wanted["Id"], wanted.get("Port", group.port))
        if target is None:
            target = Target(id=wanted["Id"], port=wanted.get("Port", group.port))
            target.health = TargetHealth.of("unused", "Target.NotRegistered")
        descriptions.append(target.description())
    return {"TargetHealthDescriptions": descriptions}


# -- what a target answers ----------------------------------------------------------------------
def _container(task: Task | None, name: str) -> Container | None:
    return next((c for c in (task.containers or []) if c.name == name), None) if task else None


def answer(state: RegionState, target: Target) -> tuple[int | None, str | None]:
    """What the target's container answers: (HTTP status, None), or (None, ELB's reason) when
    nothing answers (connection refused when it is not running, a timeout when it is hung)."""
    task = state.tasks.get(target.task_arn)
    container = _container(task, target.container_name)
    if task is None or container is None or container.last_status != "RUNNING":
        return None, "Target.FailedHealthChecks"
    if task.health_status == "UNHEALTHY":
        return None, "Target.Timeout"
    spec = state.task_definition_by_arn(task.task_definition_arn or "").container(
        target.container_name
    )
    raw = (spec.docker_labels or {}).get(HTTP_STATUS_LABEL, "200")
    return (int(raw) if raw.isdigit() else 200), None


def _check(state: RegionState, group: TargetGroup, target: Target) -> tuple[int | None, str | None]:
    code, reason = answer(state, target)
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
    )


@action_handler("elb.health_check")
def _health_check(world: World, args: dict[str, Any]) -> None:
    """One health check of one target: a new target is healthy after one pass; after that it
    takes UnhealthyThresholdCount failures to turn unhealthy and HealthyThresholdCount passes
    to turn healthy again."""
    state = world.region_state(args["region"])
    group = state.target_groups.get(args["group"])
    target = group.find(args["target"], args["port"]) if group else None
    if group is None or target is None or target.task_arn != args["task"]:
        return
    if target.state == "draining":
        return
    before = target.state
    code, reason = _check(state, group, target)
    if reason is None:
        target.passes, target.failures = target.passes + 1, 0
        needed = 1 if before == "initial" else group.healthy_threshold_count or 5
        if before != "healthy" and target.passes >= needed:
            target.health = TargetHealth.of("healthy")
    else:
        target.passes, target.failures = 0, target.failures + 1
        if before == "unhealthy" or target.failures >= (group.unhealthy_threshold_count or 2):
            target.health = TargetHealth.of("unhealthy", reason, code)
        elif before == "initial":
            target.health = TargetHealth.of("initial", "Elb.InitialHealthChecking")
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
    )


@action_handler("elb.drained")
def _drained(world: World, args: dict[str, Any]) -> None:
    """The deregistration delay is over: the target leaves its group, and ECS hears of it."""
    state = world.region_state(args["region"])
    group = state.target_groups.get(args["group"])
    if group is not None:
        address = f"{args['target']}:{args['port']}"
        group.targets = [
            t for t in group.targets if not (t.task_arn == args["task"] and t.address == address)
        ]
    task = state.tasks.get(args["task"])
    if task is not None:
        world.plane.target_drained(state, task)


# -- traffic ---------------------------------------------------------------------------------
def _serving(state: RegionState, target: Target) -> bool:
    task = state.tasks.get(target.task_arn)
    container = _container(task, target.container_name)
    return (
        task is not None
        and task.last_status == "RUNNING"
        and container is not None
        and container.last_status == "RUNNING"
    )


def send_requests(world: World, arn: str, count: int) -> list[ServedRequest]:
    """`count` requests through the load balancer, round-robin over the healthy targets; with
    none healthy, over the unhealthy ones (ALB fails open); with neither, HTTP 503. Draining
    targets, targets still in their initial checks and stopped tasks never get a request."""
    state, group = find_target_group(world, arn)
    if count < 0:
        raise InvalidParameterException("send_requests needs a number of requests >= 0.")
    routable = [
        t for t in group.targets if t.state in ("healthy", "unhealthy") and _serving(state, t)
    ]
    healthy = [t for t in routable if t.state == "healthy"]
    pool = healthy or routable
    served = []
    for _ in range(count):
        if not pool:
            served.append(
                ServedRequest(world.now, 503, error="503 Service Temporarily Unavailable")
            )
            continue
        target = pool[group.requests_served % len(pool)]
        group.requests_served += 1
        task = state.tasks[target.task_arn]
        code, _ = answer(state, target)
        served.append(
            ServedRequest(
                time=world.now,
                status=504 if code is None else code,
                task=task.id,
                target=target.id,
                port=target.port,
                container_instance=(task.container_instance_arn or "").rsplit("/", 1)[-1],
            )
        )
    statuses = ", ".join(
        f"{n} x {code}" for code, n in sorted(Counter(r.status for r in served).items())
    )
    note = " (failing open: no target is healthy)" if pool and not healthy else ""
    world.record(
        "elb",
        f"{group.name}: {count} requests to {len(pool)} targets: {statuses or 'none'}{note}",
        details={"target_group": group.target_group_arn},
    )
    return served
