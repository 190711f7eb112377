"""The service scheduler at scale: a cluster reaching steady state, idling, and rolling out.

A 1,000-instance cluster runs a DAEMON service and REPLICA services totalling 10,000 tasks:
how long (wall clock) it takes to reach steady state, what a simulated minute of steady state
costs (the scheduler's 5-second tick with nothing to do), and what a simulated minute costs
while every REPLICA service rolls out a new revision. The same scenario on smaller clusters,
with tasks scaled in proportion, shows how the cost per simulated minute grows with size.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from benchmarks import Table, best_of
from ecslearn import Simulation
from ecslearn.control.services.reconcile import TICK_SECONDS
from ecslearn.model.builders import container, task_definition

CLUSTER = "bench"
TASKS_PER_INSTANCE = 10
REPLICA_SERVICES = 20
STEADY_MINUTES = 2
SIZES = (50, 200, 1_000)


@dataclass
class Run:
    """The measurements of one scenario."""

    instances: int
    tasks: int
    to_steady: float  # wall seconds from the CreateService calls to steady state
    simulated_to_steady: float  # simulated seconds for the same
    steady_per_minute: float  # wall seconds per simulated minute, nothing changing
    rollout: float  # wall seconds from the UpdateService calls to steady state again
    simulated_rollout: float
    rollout_events: int
    events: int  # timeline events in total
    stability_check: float  # wall seconds of one run_until_stable check in steady state

    @property
    def rollout_per_minute(self) -> float:
        return self.rollout / (self.simulated_rollout / 60)


def launch(sim: Simulation, count: int) -> None:
    """`count` instances, at most 1,000 per `launch_instances` call."""
    while count > 0:
        batch = min(count, 1000)
        sim.launch_instances(CLUSTER, count=batch, instance_type="m5.large")
        count -= batch


def settle(sim: Simulation) -> float:
    """Advance a scheduler tick at a time until everything is stable; the simulated seconds.

    Not `run_until_stable`: that checks stability after every single step (a pull finishing, a
    container starting), and each check looks at every task, which at 10,000 tasks would
    measure the check rather than the scheduler. Its cost is reported on its own.
    """
    start = sim.now
    while not sim.run_until_stable(timeout=0):  # timeout=0: one check, no time passes
        assert sim.now - start < 3600, "no steady state within an hour"
        sim.advance(TICK_SECONDS)
    return sim.now - start


def scenario(instances: int) -> Run:
    tasks = instances * TASKS_PER_INSTANCE
    sim = Simulation(seed=1)
    sim.call("CreateCluster", clusterName=CLUSTER)
    launch(sim, instances)
    sim.register(task_definition("agent", container("agent", "datadog/agent", memory=64, cpu=32)))
    for index in range(REPLICA_SERVICES):
        sim.register(
            task_definition(f"app{index}", container("app", "nginx:1", memory=128, cpu=64))
        )

    start = time.perf_counter()
    sim.call(
        "CreateService", cluster=CLUSTER, serviceName="agent", taskDefinition="agent",
        schedulingStrategy="DAEMON",
    )  # fmt: skip
    per_service, extra = divmod(tasks, REPLICA_SERVICES)
    for index in range(REPLICA_SERVICES):
        sim.call(
            "CreateService",
            cluster=CLUSTER,
            serviceName=f"app{index}",
            taskDefinition=f"app{index}",
            desiredCount=per_service + (index < extra),
        )
    simulated_to_steady = settle(sim)
    to_steady = time.perf_counter() - start

    start = time.perf_counter()
    sim.advance(STEADY_MINUTES * 60)
    steady_per_minute = (time.perf_counter() - start) / STEADY_MINUTES
    stability_check = best_of(3, lambda: sim.run_until_stable(timeout=0))

    for index in range(REPLICA_SERVICES):
        sim.register(
            task_definition(f"app{index}", container("app", "nginx:2", memory=128, cpu=64))
        )
    before = len(sim.events)
    start = time.perf_counter()
    for index in range(REPLICA_SERVICES):
        sim.call(
            "UpdateService", cluster=CLUSTER, service=f"app{index}", taskDefinition=f"app{index}"
        )
    simulated_rollout = settle(sim)
    rollout = time.perf_counter() - start
    return Run(
        instances=instances,
        tasks=tasks,
        to_steady=to_steady,
        simulated_to_steady=simulated_to_steady,
        steady_per_minute=steady_per_minute,
        rollout=rollout,
        simulated_rollout=simulated_rollout,
        rollout_events=len(sim.events) - before,
        events=len(sim.events),
        stability_check=stability_check,
    )


def tables() -> list[Table]:
    runs = [scenario(size) for size in SIZES]
    headline = runs[-1]
    first = Table(
        f"Services: {headline.instances:,} instances, 1 DAEMON + {REPLICA_SERVICES} REPLICA "
        f"services, {headline.tasks:,} replica tasks",
        ["phase", "wall s", "simulated s", "wall s / simulated min", "events"],
    )
    first.add(
        "create -> steady state",
        headline.to_steady,
        headline.simulated_to_steady,
        headline.to_steady / (headline.simulated_to_steady / 60),
        headline.events - headline.rollout_events,
    )
    first.add(
        "steady state (idle ticks)",
        headline.steady_per_minute * STEADY_MINUTES,
        STEADY_MINUTES * 60.0,
        headline.steady_per_minute,
        "-",
    )
    first.add(
        "roll out a new revision of every REPLICA service",
        headline.rollout,
        headline.simulated_rollout,
        headline.rollout_per_minute,
        headline.rollout_events,
    )
    first.note = (
        f"m5.large instances; {TASKS_PER_INSTANCE} replica tasks (128 MiB, 64 CPU units) and one "
        "daemon task per instance; default deployment configuration (100% / 200%).\n"
        f"Total timeline events: {headline.events:,}."
    )
    growth = Table(
        f"Services: cost as the cluster grows ({TASKS_PER_INSTANCE} replica tasks per instance)",
        [
            "instances",
            "tasks",
            "to steady s",
            "steady s/sim-min",
            "roll-out s",
            "roll-out s/sim-min",
            "events",
            "stability check ms",
        ],
    )
    for run in runs:
        growth.add(
            run.instances,
            run.tasks,
            run.to_steady,
            run.steady_per_minute,
            run.rollout,
            run.rollout_per_minute,
            run.events,
            run.stability_check * 1e3,
        )
    smallest = runs[0]
    growth.note = (
        f"x{headline.instances / smallest.instances:g} instances: steady s/sim-min "
        f"x{headline.steady_per_minute / smallest.steady_per_minute:.1f}, roll-out s/sim-min "
        f"x{headline.rollout_per_minute / smallest.rollout_per_minute:.1f} (linear would be "
        f"x{headline.instances / smallest.instances:g}).\n'stability check' is one "
        "full stability check (every task, every service): run_until_stable does it only once the "
        "world is stable; between instants it stops at the first unsettled thing."
    )
    return [first, growth, stability_table()]


def _until_stable(full_check: bool) -> float:
    """Seconds for run_until_stable to take a 300-instance, 3,000-task service to steady state,
    with its short-circuiting check (`settled`) or with the full list of reasons each time."""
    from ecslearn.control import runner

    fast = runner.settled
    if full_check:
        runner.settled = lambda sim: not runner.unsettled(sim)  # type: ignore[assignment]
    try:
        sim = Simulation(seed=1)
        sim.call("CreateCluster", clusterName=CLUSTER)
        launch(sim, 300)
        sim.register(task_definition("app", container("app", "nginx:1", memory=128, cpu=64)))
        start = time.perf_counter()
        sim.call(
            "CreateService", cluster=CLUSTER, serviceName="app", taskDefinition="app",
            desiredCount=3000,
        )  # fmt: skip
        assert sim.run_until_stable()
        return time.perf_counter() - start
    finally:
        runner.settled = fast


def stability_table() -> Table:
    table = Table(
        "run_until_stable: 300 instances, a 3,000-task service created -> steady state",
        ["stability check between instants", "wall s"],
    )
    full, fast = _until_stable(full_check=True), _until_stable(full_check=False)
    table.add("full: every task and service, every time", full)
    table.add("short-circuit at the first unsettled (what ships)", fast)
    table.note = f"ratio full / short-circuit: x{full / fast:.1f}"
    return table
