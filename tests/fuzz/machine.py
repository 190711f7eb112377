"""`WorldMachine`: random and mutated requests for every simulated operation, clock advances,
faults and save/load, interleaved by hypothesis, with `checks.Watch` after every step.

Each request is drawn as (service, operation, mode, seed); the seed drives a plain
`random.Random` that builds the request, so a failing step prints the request that broke the rule
and replays exactly. Modes: ``sensible`` (a template or the required members, naming what
exists), ``sensible+`` (the same with random optional members), ``shaped`` (any valid shape) go
through stock boto3 clients; ``mutated`` (one of those, broken) and ``garbage`` (a body that is
not a request) go on the wire. `STATS` counts what happened, for the long run's table.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ecslearn import EcsError, Simulation
from ecslearn.control.services.reconcile import TICK_SECONDS
from ecslearn.control.shapes import service_model
from tests.fuzz import calls, musts, observe, shapes
from tests.fuzz.checks import Watch
from tests.fuzz.names import Names
from tests.fuzz.templates import TEMPLATES
from tests.fuzz.world import MAX_INSTANCES, REGIONS, build, steady_services

#: Operations by service, with weights (how often each service's operations come up).
SERVICES = {"ecs": 14, "ecr": 2, "application-autoscaling": 2, "ec2": 1, "sts": 1}


def _operations() -> list[tuple[str, str, bool]]:
    found = []
    simulation = Simulation()
    for service, weight in SERVICES.items():
        implemented = simulation.world.dispatcher.implemented(service)
        found += [(service, name, True) for name in implemented] * weight
        if service == "ecs":  # ECS's operations ecslearn does not simulate answer too
            others = sorted(set(service_model(service).operation_names) - set(implemented))
            found += [(service, name, False) for name in others]
    return found


OPERATIONS = _operations()
#: Save and load at most once every this many steps (it costs as much as ~20 other steps).
SAVE_EVERY = 8
SEED = st.integers(0, 2**32 - 1)
#: A call: the operation, the seed its request is made from, and 0 for the second region.
Call = tuple[tuple[str, str, bool], int, int]
CALL = st.tuples(st.sampled_from(OPERATIONS), SEED, st.integers(0, 9))
GARBAGE = (
    b"",
    b"{",
    b"[]",
    b'"ecs"',
    b"null",
    b"{}}",
    b"\xff\xfe",
    b'{"a":' * 20000 + b"1" + b"}" * 20000,
)


@dataclass
class Stats:
    """What the machine did: steps, and the answers by outcome (accepted, or the error code)."""

    steps: int = 0
    examples: int = 0
    checks: int = 0
    outcomes: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    replacements: Counter = field(default_factory=Counter)


STATS = Stats()


def make_request(service: str, operation: str, mode: str, rng: random.Random, names: Names) -> Any:
    shape = service_model(service).operation_model(operation).input_shape
    if mode == "garbage":
        return rng.choice(GARBAGE)
    if mode == "shaped" or (mode == "mutated" and rng.random() < 0.3):
        request = shapes.shaped(shape, rng, names, optional=0.3)
    else:
        request = sensible(service, operation, shape, rng, names)
        if mode == "sensible+":
            request = {**shapes.shaped(shape, rng, names, optional=0.15), **request}
    return shapes.mutate(request, rng, shape) if mode == "mutated" else request


def sensible(service: str, operation: str, shape: Any, rng: random.Random, names: Names) -> dict:
    template = TEMPLATES.get((service, operation))
    if template is not None:
        return template(rng, names)
    request = shapes.shaped(shape, rng, names, optional=0.0)
    for member, inner in shape.members.items() if shape is not None else []:
        if member not in request and names.for_member(member) and rng.random() < 0.8:
            request[member] = shapes.shaped(inner, rng, names, optional=0.0, member=member)
    return request


class WorldMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sim: Simulation | None = None
        self.watch = Watch()
        self.since_save = 0
        self.folder = Path(tempfile.mkdtemp(prefix="ecslearn-fuzz-"))
        STATS.examples += 1

    # -- the world ---------------------------------------------------------------------------
    @initialize(seed=st.integers(0, 2**16))
    def start(self, seed: int) -> None:
        self.use(build(seed))

    def use(self, sim: Simulation) -> None:
        self.sim = sim
        calls.WIRE.dispatcher = sim.world.dispatcher

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def step(self, name: str) -> None:
        self.since_save += 1
        STATS.steps += 1
        STATS.rules[name] += 1

    # -- requests ----------------------------------------------------------------------------
    def send(self, operation: tuple[str, str, bool], seed: int, far: int, mode: str) -> None:
        service, name, implemented = operation
        region = REGIONS[far == 0]
        rng = random.Random(seed)
        request = make_request(service, name, mode, rng, Names.of(self.sim, region))
        allowed = calls.allowed_errors(service, name, implemented)
        if mode in ("mutated", "garbage"):
            answer = calls.on_the_wire(service, region, name, request, allowed)
        else:
            answer = calls.through_boto3(service, region, name, request, allowed)
        STATS.outcomes[answer.outcome] += 1
        assert answer.problem is None, (
            f"{service} {name} ({mode}, {region}) {answer.problem}\nrequest: {str(request)[:2000]}"
        )

    # Each rule takes one argument, the call: hypothesis tries rules with fewer arguments first,
    # so that calls, not the clock, are what a simple program is made of.
    @rule(call=CALL)
    def call(self, call: Call) -> None:
        """A sensible request: a template, or the required members naming what exists."""
        self.step("sensible request")
        self.send(*call, "sensible")

    @rule(call=CALL)
    def call_with_extras(self, call: Call) -> None:
        self.step("sensible request + random members")
        self.send(*call, "sensible+")

    @rule(call=CALL)
    def call_with_a_shape(self, call: Call) -> None:
        self.step("valid-shaped request")
        self.send(*call, "shaped")

    @rule(call=CALL)
    def call_with_a_mutant(self, call: Call) -> None:
        garbage = call[1] % 6 == 0
        self.step("garbage body" if garbage else "mutated request")
        self.send(*call, "garbage" if garbage else "mutated")

    @rule(call=CALL)
    def call_that_must_succeed(self, call: Call) -> None:
        """A call ECS accepts in any state of the world (`musts`): no error at all."""
        self.step("call that must succeed")
        _, seed, far = call
        region = REGIONS[far == 0]
        chosen = musts.pick_must(self.sim, region, seed)
        if chosen is None:
            return
        service, name, request = chosen
        answer = calls.through_boto3(service, region, name, request, frozenset())
        STATS.outcomes[answer.outcome] += 1
        assert answer.outcome == "accepted", (
            f"{service} {name} refused: {answer.problem}\n{request}"
        )

    # -- time --------------------------------------------------------------------------------
    @rule(seconds=st.sampled_from([0.5, 1, 5, 10, 31, 60, 300, 1800]))
    def time_passes(self, seconds: float) -> None:
        self.step("advance")
        self.sim.advance(seconds)

    # -- faults ------------------------------------------------------------------------------
    def _live_containers(self) -> list[tuple[Any, str]]:
        return [
            (task, container.name)
            for state in self.sim.regions()
            for task in state.tasks.values()
            if not task.is_stopped
            for container in task.containers or []
            if container.last_status == "RUNNING"
        ]

    @precondition(lambda self: self._live_containers())
    @rule(seed=SEED, code=st.sampled_from([0, 1, 137]))
    def kill(self, seed: int, code: int) -> None:
        self.step("kill")
        task, container = random.Random(seed).choice(self._live_containers())
        self.sim.kill_container(task, container, code)

    def _instances(self, *statuses: str) -> list[Any]:
        return [
            instance
            for state in self.sim.regions()
            for instance in state.instances.values()
            if instance.status in statuses
        ]

    @precondition(lambda self: self._instances("ACTIVE", "DRAINING"))
    @rule(
        seed=SEED,
        fault=st.sampled_from(["terminate", "disconnect", "reconnect", "force deregister"]),
    )
    def fault(self, seed: int, fault: str) -> None:
        self.step(fault)
        instance = random.Random(seed).choice(self._instances("ACTIVE", "DRAINING"))
        if fault == "terminate":
            self.sim.terminate_instance(instance)
        elif fault == "disconnect":
            self.sim.disconnect_agent(instance)
        elif fault == "reconnect":
            self.sim.reconnect_agent(instance)
        else:
            region = next(s.region for s in self.sim.regions() if instance in s.instances.values())
            request = {
                "cluster": instance.cluster_name,
                "containerInstance": instance.container_instance_arn,
                "force": True,
            }
            allowed = calls.allowed_errors("ecs", "DeregisterContainerInstance", True)
            answer = calls.through_boto3(
                "ecs", region, "DeregisterContainerInstance", request, allowed
            )
            STATS.outcomes[answer.outcome] += 1
            assert answer.problem is None, answer.problem

    @precondition(lambda self: len(self._instances("ACTIVE", "DRAINING")) < MAX_INSTANCES)
    @rule(
        count=st.integers(1, 3),
        cluster=st.sampled_from(["web", "web", "batch", "default"]),
        kind=st.sampled_from(["t3.small", "t3.medium", "m5.large"]),
    )
    def launch(self, count: int, cluster: str, kind: str) -> None:
        self.step("launch")
        with contextlib.suppress(EcsError):  # the cluster was deleted: agents cannot register
            self.sim.launch_instances(cluster, count, instance_type=kind)

    @precondition(lambda self: steady_services(self.sim))
    @rule(seed=SEED)
    def kill_a_service_task(self, seed: int) -> None:
        """A steady service whose task dies starts a replacement on its next scheduling pass."""
        self.step("kill a service task")
        service, task = random.Random(seed).choice(steady_services(self.sim))
        killed_at = self.sim.world.clock.timestamp
        essential = next(c for c in task.containers or [] if c.essential)
        self.sim.kill_container(task, essential.name or "", 137)
        for _ in range(120):
            if task.is_stopped:
                break
            self.sim.advance(1)
        assert task.is_stopped, f"task {task.id} of {service.service_name} never stopped"
        self.sim.advance(TICK_SECONDS + 0.5)
        state = self.sim.region_state(service.service_arn.split(":")[3])
        replacements = [
            t
            for t in state.tasks.values()
            if t.service_arn == service.service_arn
            and (t.created_at or 0) >= killed_at
            and t.desired_status == "RUNNING"
        ]
        if replacements:
            STATS.replacements["replaced"] += 1
            return
        live = [
            t
            for t in state.tasks.values()
            if t.service_arn == service.service_arn and t.desired_status == "RUNNING"
        ]
        if len(live) >= (service.desired_count or 0):  # scaled in meanwhile (auto scaling)
            STATS.replacements["desired count lowered"] += 1
            return
        unplaced = [
            e
            for e in service.events or []
            if (e.created_at or 0) >= killed_at and "unable to place" in (e.message or "")
        ]
        assert unplaced, (
            f"service {service.service_name} did not replace task {task.id} within its next "
            f"scheduling pass ({len(live)} of {service.desired_count} tasks), nor say why: "
            f"{[e.message for e in (service.events or [])[:3]]}"
        )
        STATS.replacements["no capacity"] += 1

    @rule(
        seed=SEED,
        cpu=st.sampled_from([None, 5.0, 45.0, 95.0]),
        memory=st.sampled_from([None, 10.0, 90.0]),
    )
    def load(self, seed: int, cpu: float | None, memory: float | None) -> None:
        """Demand on a service, for Application Auto Scaling's policies to act on."""
        self.step("load")
        services = [s for state in self.sim.regions() for s in state.services.values()]
        service = random.Random(seed).choice(services)
        region = service.service_arn.split(":")[3]
        with contextlib.suppress(EcsError):  # a deleted service has no load
            self.sim.set_load(
                service.service_arn,
                cluster=service.cluster_name,
                region=region,
                cpu_percent=cpu,
                memory_percent=memory,
            )

    # -- save and load -----------------------------------------------------------------------
    @precondition(lambda self: self.since_save >= SAVE_EVERY)
    @rule(seconds=st.sampled_from([0, 0, 7, 61]))
    def save_and_load(self, seconds: float) -> None:
        self.step("save and load")
        self.since_save = 0
        before = observe.answers(self.sim)
        path = self.folder / "world.json"
        self.sim.save(path)
        loaded = Simulation.load(path, strict=True)
        assert observe.answers(loaded) == before, "the loaded world answers differently"
        if seconds:  # and both carry on the same way
            self.sim.advance(seconds)
            loaded.advance(seconds)
            assert observe.answers(loaded) == observe.answers(self.sim), (
                f"the loaded world carries on differently over {seconds} s"
            )
        self.use(loaded)

    # -- after every step ----------------------------------------------------------------------
    @invariant()
    def the_world_holds(self) -> None:
        if self.sim is not None:
            STATS.checks += 1
            self.watch.check(self.sim)
