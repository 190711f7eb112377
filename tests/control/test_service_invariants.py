"""Property-based (stateful) tests of the service scheduler's invariants.

Hypothesis drives random sequences of: launching instances; creating REPLICA services (desired
count 0-8, realistic minimumHealthyPercent/maximumPercent pairs, sometimes a circuit breaker)
and DAEMON services (sometimes with a memberOf constraint); UpdateService (new revision, desired
count, forceNewDeployment); DeleteService; draining and re-activating instances; terminating
instances; killing containers; disconnecting and reconnecting agents; registering revisions
whose image cannot be pulled; and clock advances. The clock is driven one `sim.step()` at a
time so that the checks below run between any two things the simulation does.

Invariants, and why they are stated the way they are
----------------------------------------------------

With D the service's desiredCount, ``maxTasks = floor(D x maximumPercent / 100)`` and
``minHealthy = ceil(D x minimumHealthyPercent / 100)`` (semantics §5.3). "Live" means desired
RUNNING and not yet STOPPED; "healthy" is ECS's deployment notion (RUNNING and desired RUNNING;
HEALTHY when an essential container has a health check, else RUNNING for 40 s), computed here
independently of the scheduler's own code.

(a) At every step, for every ACTIVE REPLICA service (during deployments and in steady state
    alike, since replacing a killed task is the same loop):

    - *maxPercent*: the scheduler never starts a task that takes the live count above maxTasks
      (if a step created any task of the service, live <= maxTasks afterwards), and a step never
      raises the live count while it is above maxTasks. The live count alone may exceed
      maxTasks: lowering desiredCount lowers maxTasks before the next tick stops the extras.
    - *minimumHealthyPercent*: if the scheduler stopped a task that was healthy at that moment
      (stop code ``ServiceSchedulerInitiated``, in a step in which the service stayed ACTIVE),
      the healthy count after that step is still >= minHealthy. Losses the scheduler did not
      choose are exempt and may leave the service below minHealthy: killed containers,
      terminated instances (both happen between steps, so no step ever sees them as scheduler
      stops), tasks that fail to start (never healthy) and tasks that fail health checks
      (unhealthy before they are stopped). Once below minHealthy for such a reason, the
      scheduler may not stop another healthy task until it is back at minHealthy. Deleting a
      service stops everything and is exempt (the service is no longer ACTIVE).

(b) After the faults stop (every agent reconnected) and ``sim.run_until_stable``:

    - every ACTIVE REPLICA service has exactly desiredCount RUNNING tasks, unless it cannot:
      its PRIMARY revision cannot start (unpullable image) or its rollout FAILED, or no ACTIVE
      instance has room for one more of its tasks; it never has more than desiredCount;
    - every ACTIVE DAEMON service has exactly one RUNNING task on each eligible instance
      (ACTIVE, agent connected, matching its memberOf constraint, with room for the task) and no
      live task anywhere else, except on a DRAINING instance that still runs non-daemon tasks
      (daemon tasks leave a draining instance last).

(c) After every rule and every step: an instance's remaining CPU and memory are what it
    registered minus what its live tasks reserve, never negative, and its remaining ports are
    its reserved ports plus its live tasks' static ports.
"""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from ecslearn import EcsError, Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.service import Service
from ecslearn.model.task import Task
from ecslearn.model.task_definition import TaskDefinition

CLUSTER = "c"
BROKEN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:missing"
HEALTHY_AFTER = 40.0
REPLICA_NAMES = ["r0", "r1", "r2", "r3"]
DAEMON_NAMES = ["d0", "d1"]
DEFINITIONS = {
    "app": lambda image: container("app", image, memory=256, cpu=128, ports=[80]),
    "api": lambda image: container("api", image, memory=384, health="curl -f localhost/"),
    "static": lambda image: container("static", image, memory=128, ports=["8080:8080"]),
    "agent": lambda image: container("agent", image, memory=64, cpu=32),
}
IMAGES = {"app": "nginx", "api": "api", "static": "static", "agent": "datadog/agent"}
#: (minimumHealthyPercent, maximumPercent)
CONFIGS = [(0, 100), (50, 100), (50, 200), (100, 200), (100, 150)]
DAEMON_CONSTRAINTS = [
    None,
    "attribute:ecs.instance-type == m5.large",
    "attribute:ecs.availability-zone != us-east-1c",
]
MAX_INSTANCES = 7


@dataclass(frozen=True)
class View:
    """What a task looked like just before a step."""

    desired: str | None
    last: str | None
    started_at: float | None
    health: str | None

    @classmethod
    def of(cls, task: Task) -> View:
        return cls(task.desired_status, task.last_status, task.started_at, task.health_status)


def definition_of(sim: Simulation, task: Task) -> TaskDefinition:
    family, revision = (task.task_definition_arn or "").rsplit("/", 1)[-1].rsplit(":", 1)
    return sim.region_state().task_definitions[family][int(revision)]


def healthy(sim: Simulation, task: Task, view: View | None = None) -> bool:
    """ECS's deployment health, at the current simulated instant."""
    view = view or View.of(task)
    if view.last != "RUNNING" or view.desired != "RUNNING":
        return False
    definition = definition_of(sim, task)
    if any(c.health_check and c.is_essential for c in definition.container_definitions):
        return view.health == "HEALTHY"
    return sim.world.clock.timestamp - (view.started_at or 0) >= HEALTHY_AFTER


def is_live(task: Task) -> bool:
    return task.desired_status == "RUNNING" and not task.is_stopped


def limits(service: Service) -> tuple[int, int]:
    """(minHealthy, maxTasks), straight from semantics §5.3."""
    config = service.deployment_configuration
    assert config is not None
    desired = service.desired_count or 0
    minimum = config.minimum_healthy_percent or 0
    maximum = config.maximum_percent or 0
    return math.ceil(desired * minimum / 100), math.floor(desired * maximum / 100)


def tasks_of(sim: Simulation, service: Service) -> list[Task]:
    return [t for t in sim.region_state().tasks.values() if t.service_arn == service.service_arn]


def primary_definition(sim: Simulation, service: Service) -> TaskDefinition:
    arn = service.primary.task_definition or ""
    family, revision = arn.rsplit("/", 1)[-1].rsplit(":", 1)
    return sim.region_state().task_definitions[family][int(revision)]


def cannot_start(sim: Simulation, service: Service) -> bool:
    """The PRIMARY revision's image cannot be pulled, or its rollout failed."""
    definition = primary_definition(sim, service)
    broken = any(c.image == BROKEN_IMAGE for c in definition.container_definitions)
    return broken or service.primary.rollout_state == "FAILED"


def fits(sim: Simulation, instance: ContainerInstance, definition: TaskDefinition) -> bool:
    """Whether one more task of `definition` fits on the instance (CPU, memory, static ports)."""
    cpu = sum(c.cpu or 0 for c in definition.container_definitions)
    memory = sum(c.memory or 0 for c in definition.container_definitions)
    ports = {
        str(m.host_port)
        for c in definition.container_definitions
        for m in c.port_mappings or []
        if m.host_port
    }
    return (
        (instance.remaining("CPU") or 0) >= cpu
        and (instance.remaining("MEMORY") or 0) >= memory
        and not ports & set(instance.remaining("PORTS") or [])
    )


def usable(instance: ContainerInstance) -> bool:
    return instance.status == "ACTIVE" and bool(instance.agent_connected)


def matches(instance: ContainerInstance, expression: str | None) -> bool:
    if expression is None:
        return True
    name, op, value = expression.split()
    actual = instance.attribute(name.removeprefix("attribute:"))
    return actual == value if op == "==" else actual != value


class ServiceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sim = Simulation(seed=5, strict=True)
        self.sim.call("CreateCluster", clusterName=CLUSTER)
        self.revisions = 0
        for family in DEFINITIONS:
            self.register(family, broken=False)
        self.constraints: dict[str, str | None] = {}
        self.steps = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def state(self) -> Any:
        return self.sim.region_state()

    def register(self, family: str, broken: bool) -> None:
        self.revisions += 1
        image = BROKEN_IMAGE if broken else f"{IMAGES[family]}:{self.revisions}"
        self.sim.register(task_definition(family, DEFINITIONS[family](image)))

    def call(self, operation: str, **params: Any) -> None:
        with contextlib.suppress(EcsError):  # an answer, not a failure
            self.sim.call(operation, cluster=CLUSTER, **params)

    def instance(self, which: int) -> ContainerInstance | None:
        instances = [i for i in self.state.instances.values() if i.status != "INACTIVE"]
        return instances[which % len(instances)] if instances else None

    def live_instances(self) -> int:
        return sum(i.status != "INACTIVE" for i in self.state.instances.values())

    def service(self, name: str) -> Service | None:
        return self.state.services.get(
            f"arn:aws:ecs:us-east-1:123456789012:service/{CLUSTER}/{name}"
        )

    # -- rules -------------------------------------------------------------------------------
    @initialize(
        kinds=st.lists(st.sampled_from(["t3.medium", "m5.large"]), min_size=2, max_size=5),
        desired=st.integers(1, 8),
        config=st.sampled_from(CONFIGS),
    )
    def start(self, kinds: list[str], desired: int, config: tuple[int, int]) -> None:
        for kind in kinds:
            self.sim.launch_instances(CLUSTER, count=1, instance_type=kind)
        self.create_replica("r0", "app", desired, config, None)
        self.run_checked(60)

    @precondition(lambda self: self.live_instances() < MAX_INSTANCES)
    @rule(count=st.integers(1, 3), kind=st.sampled_from(["t3.medium", "m5.large"]))
    def launch(self, count: int, kind: str) -> None:
        self.sim.launch_instances(CLUSTER, count=count, instance_type=kind)

    @rule(
        name=st.sampled_from(REPLICA_NAMES),
        family=st.sampled_from(["app", "api", "static"]),
        desired=st.integers(0, 8),
        config=st.sampled_from(CONFIGS),
        breaker=st.sampled_from([None, (True, True), (True, False)]),
    )
    def create_replica(
        self,
        name: str,
        family: str,
        desired: int,
        config: tuple[int, int],
        breaker: tuple[bool, bool] | None,
    ) -> None:
        deployment: dict[str, Any] = {
            "minimumHealthyPercent": config[0],
            "maximumPercent": config[1],
        }
        if breaker:
            deployment["deploymentCircuitBreaker"] = {"enable": breaker[0], "rollback": breaker[1]}
        self.call(
            "CreateService",
            serviceName=name,
            taskDefinition=family,
            desiredCount=desired,
            deploymentConfiguration=deployment,
        )

    @rule(name=st.sampled_from(DAEMON_NAMES), constraint=st.sampled_from(DAEMON_CONSTRAINTS))
    def create_daemon(self, name: str, constraint: str | None) -> None:
        service = self.service(name)
        if service is not None and service.status != "INACTIVE":
            return
        extra: dict[str, Any] = {}
        if constraint:
            extra["placementConstraints"] = [{"type": "memberOf", "expression": constraint}]
        self.constraints[name] = constraint
        self.call(
            "CreateService",
            serviceName=name,
            taskDefinition="agent",
            schedulingStrategy="DAEMON",
            **extra,
        )

    @rule(family=st.sampled_from(sorted(DEFINITIONS)), broken=st.booleans())
    def register_revision(self, family: str, broken: bool) -> None:
        self.register(family, broken)

    @rule(
        name=st.sampled_from(REPLICA_NAMES + DAEMON_NAMES),
        new_revision=st.booleans(),
        desired=st.none() | st.integers(0, 8),
        force=st.booleans(),
    )
    def update_service(
        self, name: str, new_revision: bool, desired: int | None, force: bool
    ) -> None:
        service = self.service(name)
        if service is None:
            return
        params: dict[str, Any] = {"service": name, "forceNewDeployment": force}
        if new_revision:
            params["taskDefinition"] = primary_definition(self.sim, service).family
        if desired is not None and not service.is_daemon:
            params["desiredCount"] = desired
        self.call("UpdateService", **params)

    @rule(name=st.sampled_from(REPLICA_NAMES), desired=st.integers(0, 8))
    def scale(self, name: str, desired: int) -> None:
        self.call("UpdateService", service=name, desiredCount=desired)

    @rule(name=st.sampled_from(REPLICA_NAMES + DAEMON_NAMES), force=st.booleans())
    def delete_service(self, name: str, force: bool) -> None:
        self.call("DeleteService", service=name, force=force)

    @rule(
        fault=st.sampled_from(
            ["drain", "activate", "terminate", "disconnect", "reconnect", "kill", "kill"]
        ),
        which=st.integers(0, 1000),
    )
    def fault(self, fault: str, which: int) -> None:
        if fault == "kill":
            self.kill(which)
            return
        instance = self.instance(which)
        if instance is None:
            return
        if fault in ("drain", "activate"):
            self.call(
                "UpdateContainerInstancesState",
                containerInstances=[instance.id],
                status="DRAINING" if fault == "drain" else "ACTIVE",
            )
        elif fault == "terminate":
            self.sim.terminate_instance(instance)
        elif fault == "disconnect":
            self.sim.disconnect_agent(instance)
        else:
            self.sim.reconnect_agent(instance)

    def kill(self, which: int) -> None:
        running = [
            t
            for t in self.state.tasks.values()
            if is_live(t) and any(c.last_status == "RUNNING" for c in t.containers or [])
        ]
        if running:
            task = running[which % len(running)]
            name = next(c.name for c in task.containers or [] if c.last_status == "RUNNING")
            self.sim.kill_container(task, name or "", exit_code=137)

    @rule(seconds=st.sampled_from([1, 5, 12, 30, 45]))
    def advance(self, seconds: float) -> None:
        self.run_checked(seconds)

    @rule(seconds=st.sampled_from([60, 90, 300]))
    def advance_more(self, seconds: float) -> None:
        self.run_checked(seconds)

    # -- the step-by-step checks ---------------------------------------------------------------
    def run_checked(self, seconds: float) -> None:
        """`sim.advance`, one step at a time, checking (a) and (c) after each."""
        sim = self.sim
        deadline = sim.now + seconds
        while (upcoming := sim.world.queue.peek()) is not None and upcoming.time <= deadline:
            self.checked_step()
        sim.world.clock.advance_to(deadline)

    def checked_step(self) -> None:
        before = {arn: View.of(t) for arn, t in self.state.tasks.items()}
        services = {arn: (s.status, s.desired_count) for arn, s in self.state.services.items()}
        self.sim.step()
        self.steps += 1
        for service in self.state.services.values():
            if service.is_daemon or service.status != "ACTIVE":
                continue
            if services.get(service.service_arn) != ("ACTIVE", service.desired_count):
                continue
            self.check_rolling_limits(service, before)
        self.resources_add_up()

    def check_rolling_limits(self, service: Service, before: dict[str, View]) -> None:
        sim = self.sim
        min_healthy, max_tasks = limits(service)
        tasks = tasks_of(sim, service)
        live = [t for t in tasks if is_live(t)]
        live_before = [
            t
            for t in tasks
            if t.task_arn in before
            and before[t.task_arn].desired == "RUNNING"
            and before[t.task_arn].last != "STOPPED"
        ]
        started = [t for t in live if t.task_arn not in before]
        name = service.service_name
        if started:
            assert len(live) <= max_tasks, (
                f"{name}: started {len(started)} tasks to reach {len(live)} live tasks, "
                f"above maxTasks {max_tasks} (t={sim.now:g})"
            )
        assert len(live) <= max(max_tasks, len(live_before)), (
            f"{name}: live tasks grew from {len(live_before)} to {len(live)} above {max_tasks}"
        )
        stopped_healthy = [
            t
            for t in tasks
            if t.task_arn in before
            and t.desired_status == "STOPPED"
            and t.stop_code == "ServiceSchedulerInitiated"
            and healthy(sim, t, before[t.task_arn])
        ]
        if stopped_healthy:
            now_healthy = sum(healthy(sim, t) for t in tasks)
            assert now_healthy >= min_healthy, (
                f"{name}: the scheduler stopped {len(stopped_healthy)} healthy tasks "
                f"({stopped_healthy[0].stopped_reason}) leaving {now_healthy} healthy, below "
                f"minHealthy {min_healthy} (D={service.desired_count}, t={sim.now:g})"
            )

    @invariant()
    def resources_add_up(self) -> None:
        state = self.state
        for instance in state.instances.values():
            live = [
                t for t in state.tasks_on(instance.container_instance_arn or "") if not t.is_stopped
            ]
            for resource, used in (
                ("CPU", sum(t.reserved_cpu for t in live)),
                ("MEMORY", sum(t.reserved_memory for t in live)),
            ):
                assert instance.remaining(resource) == instance.registered(resource) - used
                assert instance.remaining(resource) >= 0
            expected = Counter(instance.registered("PORTS") or [])
            for task in live:
                expected.update(str(p) for p in task.static_tcp_ports)
            assert Counter(instance.remaining("PORTS") or []) == expected
            assert max(expected.values(), default=1) == 1, "a static port is held twice"

    # -- the end state -----------------------------------------------------------------------
    def teardown(self) -> None:
        sim = self.sim
        for instance in list(self.state.instances.values()):
            if instance.status != "INACTIVE" and not instance.agent_connected:
                sim.reconnect_agent(instance)
        self.run_checked(120)
        sim.run_until_stable(timeout=1800)
        for service in self.state.services.values():
            if service.status != "ACTIVE":
                continue
            if service.is_daemon:
                self.check_daemon(service)
            else:
                self.check_replica(service)
        self.resources_add_up()

    def check_replica(self, service: Service) -> None:
        sim = self.sim
        running = [t for t in tasks_of(sim, service) if t.last_status == "RUNNING" and is_live(t)]
        desired = service.desired_count or 0
        assert len(running) <= desired, f"{service.service_name}: {len(running)} > {desired}"
        if len(running) == desired or cannot_start(sim, service):
            return
        definition = primary_definition(sim, service)
        room = [i for i in self.state.instances.values() if usable(i) and fits(sim, i, definition)]
        assert not room, (
            f"{service.service_name} runs {len(running)} of {desired} tasks although "
            f"{len(room)} instances have room (t={sim.now:g}): {service.events[:3]}"
        )

    def check_daemon(self, service: Service) -> None:
        sim = self.sim
        constraint = self.constraints.get(service.service_name or "")
        definition = primary_definition(sim, service)
        by_instance: dict[str, list[Task]] = {}
        for task in tasks_of(sim, service):
            if is_live(task):
                by_instance.setdefault(task.container_instance_arn or "", []).append(task)
        for instance in self.state.instances.values():
            arn = instance.container_instance_arn or ""
            here = by_instance.get(arn, [])
            eligible = usable(instance) and matches(instance, constraint)
            if eligible and (here or fits(sim, instance, definition)):
                if cannot_start(sim, service):
                    assert len(here) <= 1
                    continue
                assert len(here) == 1 and here[0].last_status == "RUNNING", (
                    f"{service.service_name} has {len(here)} tasks on eligible {instance.id} "
                    f"({[t.last_status for t in here]}, t={sim.now:g})"
                )
            elif not eligible:
                others = [
                    t
                    for t in self.state.tasks_on(arn)
                    if not t.is_stopped
                    and not (t.service_arn and self.state.services[t.service_arn].is_daemon)
                ]
                if instance.status == "DRAINING" and others:
                    continue  # a daemon leaves a draining instance last
                assert not here, (
                    f"{service.service_name} still has {len(here)} tasks on ineligible "
                    f"{instance.id} ({instance.status}, t={sim.now:g})"
                )


ServiceMachine.TestCase.settings = settings(
    max_examples=250,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestServiceInvariants = ServiceMachine.TestCase
