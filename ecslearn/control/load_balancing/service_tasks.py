"""How ECS puts a service's tasks behind its target groups (semantics §2.1, §5.7).

- On the way to RUNNING a task with load balancers is ACTIVATING while ECS registers its
  targets: the EC2 instance ID and the host port Docker bound (target type ``instance``, so
  dynamic host ports work), or the task's own IP address and the container port (``ip``, awsvpc).
- On the way out it is DEACTIVATING while its targets drain for the deregistration delay; only
  then does ECS tell its agent to stop the containers.
- A task counts as healthy for deployments only when all its targets are healthy, and one whose
  target turned unhealthy (after the grace period) is stopped and replaced.

Each deployment keeps the load balancers it was made with, so tasks of an older deployment
keep their own target groups when an update changes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.load_balancing import alb
from ecslearn.control.services import events
from ecslearn.control.state import RegionState
from ecslearn.errors import EcsError, InvalidParameterException, UnsupportedFeatureException
from ecslearn.model.elbv2 import subnet_of
from ecslearn.model.load_balancing import Target, TargetGroup
from ecslearn.model.service import LoadBalancer
from ecslearn.model.task import Task
from ecslearn.model.task_definition import TaskDefinition

if TYPE_CHECKING:
    from ecslearn.control.world import World

MAX_LOAD_BALANCERS_PER_SERVICE = 5


def load_balancers_of(state: RegionState, task: Task) -> list[LoadBalancer]:
    """The load balancers of the task's deployment (none for a standalone task)."""
    if not task.service_arn:
        return []
    balancers = state.deployment_load_balancers.get(task.started_by or "")
    if balancers is None:
        service = state.services.get(task.service_arn)
        balancers = (service.load_balancers if service else None) or []
    return balancers


def targets_healthy(state: RegionState, task: Task) -> bool:
    """Whether every target of the task is healthy (true for a task without targets)."""
    return all(target.state == "healthy" for _, target in alb.targets_of(state, task))


def _private_ip(task: Task) -> str | None:
    for attachment in task.attachments or []:
        for detail in attachment.get("details", []):
            if detail.get("name") == "privateIPv4Address":
                return detail.get("value")
    return None


def _target(
    state: RegionState, task: Task, group: TargetGroup, balancer: LoadBalancer
) -> Target | None:
    name, port = balancer.container_name or "", balancer.container_port
    if group.target_type == "ip":
        address = _private_ip(task)
    else:
        instance = state.instances.get(task.container_instance_arn or "")
        address = instance.ec2_instance_id if instance else None
        container = next((c for c in task.containers or [] if c.name == name), None)
        bindings = (container.network_bindings if container else None) or []
        port = next(
            (b.host_port for b in bindings if b.container_port == port and b.protocol != "udp"),
            None,
        )
    if address is None or port is None:
        return None
    return Target(
        id=address,
        port=port,
        availability_zone=task.availability_zone,
        task_arn=task.task_arn or "",
        container_name=name,
    )


def _targets_call(
    world: World, state: RegionState, operation: str, group: TargetGroup, target: Target
) -> bool:
    """ELBv2's RegisterTargets or DeregisterTargets for one target, as ECS calls them; False
    when ELB refused (the target group was deleted meanwhile, say)."""
    described: dict[str, Any] = {"Id": target.id, "Port": target.port}
    if group.target_type == "ip" and subnet_of(state.ec2, group.vpc_id, target.id or "") is None:
        described["AvailabilityZone"] = "all"  # a task in a subnet outside the group's VPC
    request = {"TargetGroupArn": group.target_group_arn, "Targets": [described]}
    try:
        world.dispatcher.call("elbv2", operation, request, state.region)
    except EcsError:
        return False
    return True


def register_targets(world: World, state: RegionState, task: Task) -> None:
    """The task's containers are up: ACTIVATING, register a target in each of its deployment's
    target groups through ELB's RegisterTargets, and say so in the service's events (the
    caller then makes it RUNNING)."""
    service = state.services.get(task.service_arn or "")
    balancers = load_balancers_of(state, task)
    if service is None or not balancers:
        return
    lifecycle.set_status(world, state, task, "ACTIVATING")
    for balancer in balancers:
        group = state.target_groups.get(balancer.target_group_arn or "")
        target = _target(state, task, group, balancer) if group else None
        if group is None or target is None:
            continue
        if not _targets_call(world, state, "RegisterTargets", group, target):
            continue
        registered_target = group.find(target.id or "", target.port or 0)
        if registered_target is not None:  # the task ECS registered it for
            registered_target.task_arn = target.task_arn
            registered_target.container_name = target.container_name
            registered_target.availability_zone = target.availability_zone
        events.add_event(world, None, service, registered(service.service_name or "", group))


def deregister_targets(world: World, state: RegionState, task: Task) -> bool:
    """The task is to stop: DEACTIVATING, and its targets start draining. True when the task
    was serving, so its agent must wait for the targets to drain; False when there is nothing
    to wait for (no targets, or its essential containers have already stopped)."""
    registered_targets = [(g, t) for g, t in alb.targets_of(state, task) if t.state != "draining"]
    if not registered_targets:
        return False
    essentials = [c for c in task.containers or [] if c.essential]
    serving = task.last_status == "RUNNING" and all(c.last_status == "RUNNING" for c in essentials)
    if task.last_status in ("ACTIVATING", "RUNNING"):
        lifecycle.set_status(world, state, task, "DEACTIVATING")
    service = state.services.get(task.service_arn or "")
    name = (service.service_name if service else None) or ""
    for group, target in registered_targets:
        if not _targets_call(world, state, "DeregisterTargets", group, target):
            continue
        if service is not None:
            events.add_event(world, None, service, deregistered(name, group))
    if service is not None:
        events.add_event(world, None, service, draining(name, task.started_by or ""))
    return serving


def targets_drained(world: World, state: RegionState, task: Task) -> None:
    """A target of the task left its group. Once none is left, a DEACTIVATING task's agent is
    told to stop it."""
    if task.last_status != "DEACTIVATING" or alb.targets_of(state, task):
        return
    lifecycle.record(world, task, "elb", f"{task.id[:8]} targets drained")
    world.plane.agent_for(state, task.agent_key).stop_task(task)


def failed_targets(state: RegionState, tasks: list[Task]) -> list[tuple[Task, TargetGroup, Target]]:
    """Those of `tasks` that have an unhealthy target, each with its first such target."""
    wanted = {t.task_arn: t for t in tasks}
    found: dict[str, tuple[Task, TargetGroup, Target]] = {}
    for group in state.target_groups.values():
        for target in group.targets:
            task = wanted.get(target.task_arn)
            if task is not None and target.state == "unhealthy":
                found.setdefault(target.task_arn, (task, group, target))
    return list(found.values())


# -- ECS's words (semantics §5.6) --------------------------------------------------------------
def registered(name: str, group: TargetGroup, count: int = 1) -> str:
    arn = group.target_group_arn
    return f"(service {name}) registered {count} targets in (target-group {arn})"


def deregistered(name: str, group: TargetGroup, count: int = 1) -> str:
    arn = group.target_group_arn
    return f"(service {name}) deregistered {count} targets in (target-group {arn})"


def draining(name: str, deployment_id: str, count: int = 1) -> str:
    return (
        f"(service {name}, taskSet {deployment_id}) has begun draining connections on "
        f"{count} tasks."
    )


def unhealthy(name: str, task: Task, group: TargetGroup, target: Target) -> str:
    """awsvpc targets are named by their task, others by their instance."""
    where = f"(task {task.id})" if group.target_type == "ip" else f"(instance {target.id})"
    return (
        f"(service {name}) {where} (port {target.port}) is unhealthy in (target-group "
        f"{group.target_group_arn}) due to (reason {target.health.description})."
    )


def failed_reason(group: TargetGroup) -> str:
    return f"Task failed ELB health checks in (target-group {group.target_group_arn})"


# -- CreateService / UpdateService ---------------------------------------------------------------
def checked_load_balancers(
    state: RegionState, raw: list[dict[str, Any]], definition: TaskDefinition
) -> list[LoadBalancer]:
    """A service's loadBalancers, checked as ECS checks them against its task definition."""
    if len(raw) > MAX_LOAD_BALANCERS_PER_SERVICE:
        raise InvalidParameterException(
            f"A service can use at most {MAX_LOAD_BALANCERS_PER_SERVICE} target groups; "
            f"loadBalancers lists {len(raw)}."
        )
    mode = definition.effective_network_mode
    balancers = [LoadBalancer.from_json(entry) for entry in raw]
    for balancer in balancers:
        arn = balancer.target_group_arn
        if not arn:
            raise UnsupportedFeatureException(
                "ecslearn simulates Application Load Balancer target groups, not Classic Load "
                "Balancers.",
                hint="Give a targetGroupArn instead of a loadBalancerName.",
            )
        group = state.target_groups.get(arn)
        if group is None:
            raise InvalidParameterException(  # ecslearn's wording
                f"The target group {arn} was not found in {state.region}.",
                hint="Create it first (elbv2.create_target_group) and pass the ARN it returns.",
            )
        name = balancer.container_name or ""
        try:
            container = definition.container(name)
        except KeyError:
            raise InvalidParameterException(
                f"The container {name} does not exist in the task definition."
            ) from None
        if balancer.container_port not in [m.container_port for m in container.port_mappings or []]:
            # AWS's text, as Terraform's and CloudFormation's errors quote it
            raise InvalidParameterException(
                f"The container {name} did not have a container port "
                f"{balancer.container_port} defined."
            )
        if (group.target_type == "ip") != (mode == "awsvpc"):
            # AWS's text, as Terraform's and CloudFormation's errors quote it
            raise InvalidParameterException(
                f"The provided target group {arn} has target type {group.target_type}, which is "
                f"incompatible with the {mode} network mode specified in the task definition."
            )
    return balancers
