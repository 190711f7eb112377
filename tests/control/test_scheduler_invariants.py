"""Property-based (stateful) tests of the scheduler's invariants.

Hypothesis drives random sequences of operations, faults and clock advances; after every step:

- an instance's remaining CPU and memory equal what it registered minus what its live tasks
  reserve, and are never negative;
- its remaining PORTS are the reserved ports plus the static ports of its live tasks, and no
  host port (static or dynamic) is held twice;
- every task's lastStatus only ever moves forward;
- replaying the same calls with the same seed gives the same history.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ecslearn import EcsError, Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task import TASK_STATES

DEFINITIONS = {
    "web": task_definition("web", container("web", "nginx", memory=300, cpu=256, ports=[80])),
    "static": task_definition("static", container("api", "api", memory=200, ports=["8080:8080"])),
    "host": task_definition(
        "host", container("dns", "dns", memory=64, ports=["53/udp"]), network_mode="host"
    ),
    "job": task_definition(
        "job", container("job", "busybox", memory=128, labels={"ecslearn.exit-after": "30"})
    ),
    "pair": task_definition(
        "pair",
        container("db", "postgres", memory=256, health="pg_isready"),
        container(
            "app",
            "app",
            memory=128,
            depends_on={"db": "HEALTHY"},
            labels={"ecslearn.stop-delay": "40"},
            stop_timeout=20,
        ),
    ),
    "vpc": task_definition("vpc", container("svc", "svc", memory=128), network_mode="awsvpc"),
}
STRATEGIES = [
    [],
    [{"type": "binpack", "field": "memory"}],
    [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "cpu"},
    ],
    [{"type": "spread", "field": "instanceId"}],
]


def apply(sim: Simulation, name: str, args: tuple) -> Any:
    """One step of a scenario; ECS errors are answers, not failures."""
    try:
        if name == "launch":
            return sim.launch_instances("c", count=args[0], instance_type=args[1])
        if name == "run":
            family, count, strategy, constraint = args
            extra: dict[str, Any] = {"placementStrategy": strategy}
            if constraint:
                extra["placementConstraints"] = [{"type": "distinctInstance"}]
            if family == "vpc":
                extra["networkConfiguration"] = {"awsvpcConfiguration": {"subnets": ["s-1"]}}
            return sim.call("RunTask", cluster="c", taskDefinition=family, count=count, **extra)
        state = sim.region_state()
        tasks = sorted(state.tasks)
        instances = sorted(state.instances)
        if name == "stop" and tasks:
            return sim.call("StopTask", cluster="c", task=tasks[args[0] % len(tasks)])
        if name == "kill" and tasks:
            task = state.tasks[tasks[args[0] % len(tasks)]]
            running = [c.name for c in task.containers or [] if c.last_status == "RUNNING"]
            if running:
                sim.kill_container(task, running[0], exit_code=args[1])
        if name in ("terminate", "disconnect", "reconnect", "drain") and instances:
            instance = state.instances[instances[args[0] % len(instances)]]
            if name == "terminate":
                sim.terminate_instance(instance)
            elif name == "disconnect":
                sim.disconnect_agent(instance)
            elif name == "reconnect":
                sim.reconnect_agent(instance)
            else:
                sim.call(
                    "UpdateContainerInstancesState",
                    cluster="c",
                    containerInstances=[instance.id],
                    status="DRAINING",
                )
        if name == "advance":
            sim.advance(args[0])
    except EcsError:
        return None
    return None


class SchedulerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.seed = 11
        self.sim = Simulation(seed=self.seed, strict=True)
        self.calls: list[tuple[str, tuple]] = []
        self.seen: dict[str, int] = {}
        self.do("setup", ())

    def do(self, name: str, args: tuple) -> None:
        if name == "setup":
            self.sim.call("CreateCluster", clusterName="c")
            for definition in DEFINITIONS.values():
                self.sim.register(definition)
            self.calls.append(("setup-replay", ()))
            return
        self.calls.append((name, args))
        apply(self.sim, name, args)

    @rule(count=st.integers(1, 3), kind=st.sampled_from(["t3.small", "t3.medium", "m5.large"]))
    def launch(self, count: int, kind: str) -> None:
        self.do("launch", (count, kind))

    @precondition(lambda self: self.sim.region_state().instances)
    @rule(
        family=st.sampled_from(sorted(DEFINITIONS)),
        count=st.integers(1, 10),
        strategy=st.sampled_from(range(len(STRATEGIES))),
        distinct=st.booleans(),
    )
    def run_task(self, family: str, count: int, strategy: int, distinct: bool) -> None:
        self.do("run", (family, count, STRATEGIES[strategy], distinct))

    @rule(which=st.integers(0, 1000))
    def stop(self, which: int) -> None:
        self.do("stop", (which,))

    @rule(which=st.integers(0, 1000), code=st.sampled_from([0, 1, 137]))
    def kill(self, which: int, code: int) -> None:
        self.do("kill", (which, code))

    @rule(
        which=st.integers(0, 1000),
        fault=st.sampled_from(["terminate", "disconnect", "reconnect", "drain"]),
    )
    def fault(self, which: int, fault: str) -> None:
        self.do(fault, (which,))

    @rule(seconds=st.sampled_from([0.5, 3, 10, 45, 120, 4000]))
    def advance(self, seconds: float) -> None:
        self.do("advance", (seconds,))

    @invariant()
    def resources_add_up(self) -> None:
        state = self.sim.region_state()
        for instance in state.instances.values():
            live = [
                t for t in state.tasks_on(instance.container_instance_arn or "") if not t.is_stopped
            ]
            for name, used in (
                ("CPU", sum(t.reserved_cpu for t in live)),
                ("MEMORY", sum(t.reserved_memory for t in live)),
            ):
                assert instance.remaining(name) == instance.registered(name) - used
                assert instance.remaining(name) >= 0
            for name, attr in (("PORTS", "static_tcp_ports"), ("PORTS_UDP", "static_udp_ports")):
                expected = Counter(instance.registered(name) or [])
                for task in live:
                    expected.update(str(p) for p in getattr(task, attr))
                assert Counter(instance.remaining(name) or []) == expected
                assert max(expected.values(), default=1) == 1, f"{name} held twice"

    @invariant()
    def no_host_port_is_held_twice(self) -> None:
        state = self.sim.region_state()
        for arn in state.instances:
            held = Counter()
            for task in state.tasks_on(arn):
                if task.is_stopped:
                    continue
                for running in task.containers or []:
                    if running.last_status == "RUNNING":
                        held.update(
                            (b.host_port, b.protocol) for b in running.network_bindings or []
                        )
            assert all(count == 1 for count in held.values()), held

    @invariant()
    def task_states_only_move_forward(self) -> None:
        for arn, task in self.sim.region_state().tasks.items():
            order = TASK_STATES.index(task.last_status or "PROVISIONING")
            assert order >= self.seen.get(arn, 0)
            self.seen[arn] = order

    def teardown(self) -> None:
        calls = [c for c in self.calls if c[0] != "setup-replay"]
        first = replay_with_setup(self.seed, calls)
        assert first == replay_with_setup(self.seed, calls)
        assert first == [str(event) for event in self.sim.events]


def replay_with_setup(seed: int, calls: list[tuple[str, tuple]]) -> list[str]:
    sim = Simulation(seed=seed)
    sim.call("CreateCluster", clusterName="c")
    for definition in DEFINITIONS.values():
        sim.register(definition)
    for name, args in calls:
        apply(sim, name, args)
    return [str(event) for event in sim.events]


SchedulerMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestScheduler = SchedulerMachine.TestCase
