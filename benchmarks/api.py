"""What one API call costs as the world grows (issue 14: "every call costs what it touches").

In-process, through ``sim.client()``: 100 m5.4xlarge instances, one task definition (one
container, 16 MiB, 8 CPU units) and two REPLICA services holding 0, 1,000 or 10,000 tasks.
Each cell is the median of repeated calls (the first call of each kind is a warm-up and not
counted). Then RunTask on emptier and fuller clusters of 10 to 1,000 instances, and every call
next to its *boto3 floor*: a stock boto3 client answered by a ``before-send`` hook with the
very body ecslearn returned, so the floor is boto3's own serialising and parsing, and
"ecslearn / floor" is what the simulation adds. Last, moto_compare's workload over HTTP against
``ecslearn serve`` (with and without ``--state``) and moto's server, in the same run: five
rounds in which the three servers take turns, each server's fastest run reported.

The machines are shared and noisy: compare the ratios within one run, not times across runs.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse

from benchmarks import Table
from benchmarks._api_goals import goals_table
from benchmarks._http_runs import CPU_ROW, MOTO, PLAIN, STATE, http_table, interleaved, ratio
from benchmarks.moto_compare import Workload
from ecslearn import Simulation

__all__ = ["CPU_ROW", "FLOORED", "ROWS", "Sizes", "tables"]

CLUSTER = "bench"
FAMILY = "app"
SERVICES = ("svc-a", "svc-b")
INSTANCE_TYPE = "m5.4xlarge"
RUN_TASK = "RunTask (one task)"
LIST_TASKS = "ListTasks(serviceName)"
QUIET = "advance(1) with nothing due"
TICK = "advance over the next scheduled action"
DESCRIBE_SERVICES = "DescribeServices (one)"
DESCRIBE_TASKS = "DescribeTasks (one)"
ROWS = (RUN_TASK, LIST_TASKS, QUIET, DESCRIBE_SERVICES, DESCRIBE_TASKS, TICK)
FLOORED = (RUN_TASK, DESCRIBE_SERVICES, DESCRIBE_TASKS, LIST_TASKS)  # the calls with a floor


@dataclass(frozen=True)
class Sizes:
    """The benchmark's sizes are the issue's; the test runs tiny ones."""

    tasks: tuple[int, ...] = (0, 1_000, 10_000)
    instances: int = 100
    run_task_instances: tuple[int, ...] = (10, 100, 1_000)
    workload: Workload | None = field(default_factory=Workload)  # None: skip the HTTP part
    budget: float = 0.5  # wall seconds of repeats per cell (at least `least` repeats)
    least: int = 10
    most_run_tasks: int = 30  # each RunTask adds a task: keep the world near its size
    #: rounds of the HTTP workload, each server once a round, interleaved: five, because one
    #: run in three was often slowed by other jobs on the shared machine
    rounds: int = 5


@dataclass
class Cell:
    """The median of `count` timed calls, in milliseconds."""

    ms: float
    count: int


# -- the boto3 floor ---------------------------------------------------------------------------
class Floor:
    """A stock boto3 ECS client whose every call is answered with `body`, untouched."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.client = boto3.client(
            "ecs", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        self.client.meta.events.register("before-send.ecs", self._answer)

    def _answer(self, request: Any, **_: Any) -> AWSResponse:
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "floor"}
        raw = SimpleNamespace(stream=lambda **_: iter([self.body]))  # what AWSResponse reads
        return AWSResponse(request.url, 200, headers, raw)

    def answering(self, body: bytes, call: Callable[[Any], object]) -> Callable[[], object]:
        """`call` on the floor's client, answered with `body`."""

        def action() -> object:
            self.body = body
            return call(self.client)

        return action


def paired(
    ours: Callable[[], object],
    floor: Callable[[], object],
    budget: float,
    least: int,
    most: int,
) -> tuple[Cell, Cell]:
    """`ours` and `floor` timed in turns, one call of each again and again (each called once
    untimed first), the median of each: on a shared machine whose speed drifts from one
    second to the next, a cell and its floor measured minutes apart gave ratios that swung by
    a factor of two; measured in turns, both see the same machine."""
    ours()
    floor()
    samples: tuple[list[float], list[float]] = ([], [])
    spent = time.perf_counter()
    while len(samples[0]) < most and (
        len(samples[0]) < least or time.perf_counter() - spent < budget
    ):
        for action, taken in ((ours, samples[0]), (floor, samples[1])):
            start = time.perf_counter()
            action()
            taken.append(time.perf_counter() - start)
    mine, its = (Cell(statistics.median(taken) * 1e3, len(taken)) for taken in samples)
    return mine, its


def body_of(ecs: Any, call: Callable[[Any], object]) -> bytes:
    """The raw JSON body ecslearn answers `call` with (one more call, untimed)."""
    seen: list[bytes] = []
    keep = lambda response_dict, **_: seen.append(response_dict["body"])  # noqa: E731
    ecs.meta.events.register("before-parse.ecs", keep, unique_id="bench-body")
    try:
        call(ecs)
    finally:
        ecs.meta.events.unregister("before-parse.ecs", unique_id="bench-body")
    return seen[-1]


# -- the world ---------------------------------------------------------------------------------
def world(instances: int, tasks: int) -> tuple[Simulation, Any, float]:
    """The issue's cluster with `tasks` tasks in two services, settled; and the wall seconds
    it took to build."""
    start = time.perf_counter()
    sim = Simulation(seed=0)
    ecs = sim.client()
    ecs.create_cluster(clusterName=CLUSTER)
    sim.launch_instances(CLUSTER, count=instances, instance_type=INSTANCE_TYPE)  # at most 1,000
    ecs.register_task_definition(
        family=FAMILY,
        containerDefinitions=[
            {"name": "app", "image": "nginx:1", "memory": 16, "cpu": 8, "essential": True}
        ],
    )
    for index, name in enumerate(SERVICES):
        share = tasks // len(SERVICES) + (index < tasks % len(SERVICES))
        ecs.create_service(
            cluster=CLUSTER, serviceName=name, taskDefinition=FAMILY, desiredCount=share
        )
    stability = sim.run_until_stable(timeout=3600)
    assert stability, stability
    running = sum(
        s["runningCount"]
        for s in ecs.describe_services(cluster=CLUSTER, services=list(SERVICES))["services"]
    )
    assert running == tasks, f"{running} of {tasks} tasks running"
    return sim, ecs, time.perf_counter() - start


def run_one(ecs: Any) -> dict[str, Any]:
    response = ecs.run_task(cluster=CLUSTER, taskDefinition=FAMILY, count=1)
    assert not response["failures"] and len(response["tasks"]) == 1, response["failures"]
    return response


_DUE = re.compile(r"t=([0-9.e+-]+)s (\S+?)\(")


def next_due(sim: Simulation) -> tuple[float, str] | None:
    """When the next scheduled action is due, and what it is (from `sim.upcoming`)."""
    upcoming = sim.upcoming(1)
    if not upcoming:
        return None
    match = _DUE.match(upcoming[0])
    assert match, f"cannot read {upcoming[0]!r}"
    return float(match.group(1)), match.group(2)


@dataclass
class Quiet:
    """`advance(1)` only when `sim.upcoming` says nothing is due within that second (`quiet`,
    which returned `events`), and advancing over the next scheduled action (`over`, `kinds`)."""

    quiet: Cell
    events: int
    over: Cell
    kinds: set[str]


def quiet_advances(sim: Simulation, sizes: Sizes) -> Quiet:
    quiet: list[float] = []
    over: list[float] = []
    kinds: set[str] = set()
    events = 0
    spent = time.perf_counter()
    while (
        len(quiet) < 2 * sizes.least
        or len(over) < 3
        or (time.perf_counter() - spent < sizes.budget and len(quiet) < 500)
    ):
        due = next_due(sim)
        start = time.perf_counter()
        if due is not None and due[0] <= sim.now + 1:
            sim.advance(max(due[0] - sim.now, 0.0))
            over.append(time.perf_counter() - start)
            kinds.add(due[1])
        else:
            events += len(sim.advance(1))
            quiet.append(time.perf_counter() - start)
    return Quiet(
        Cell(statistics.median(quiet) * 1e3, len(quiet)),
        events,
        Cell(statistics.median(over) * 1e3, len(over)),
        kinds,
    )


@dataclass
class Column:
    """One world size: each row's cell, the boto3 floors, and how the world was built."""

    tasks: int
    cells: dict[str, Cell]
    floors: dict[str, tuple[Cell, int]]  # the floor, and the response's size in bytes
    built: float
    quiet: Quiet

    def over_floor(self, row: str) -> float:
        """The row's median over its boto3 floor's: what the call costs beyond boto3's work."""
        return self.cells[row].ms / self.floors[row][0].ms


def measure(tasks: int, sizes: Sizes, floor: Floor) -> Column:
    """Every row on a world of `tasks` tasks; RunTask first, then the rest once settled."""
    sim, ecs, built = world(sizes.instances, tasks)
    cells: dict[str, Cell] = {}
    floors: dict[str, tuple[Cell, int]] = {}

    def with_floor(row: str, call: Callable[[Any], object], least: int, most: int) -> None:
        body = body_of(ecs, call)
        answered = floor.answering(body, call)
        ours, its = paired(lambda: call(ecs), answered, sizes.budget, least, most)
        cells[row], floors[row] = ours, (its, len(body))

    with_floor(RUN_TASK, run_one, 3, sizes.most_run_tasks)
    assert sim.run_until_stable(timeout=3600)  # the RunTask tasks start: nothing left due
    one = ecs.list_tasks(cluster=CLUSTER, maxResults=1)["taskArns"]
    quiet = quiet_advances(sim, sizes)
    cells[QUIET], cells[TICK] = quiet.quiet, quiet.over
    calls: dict[str, Callable[[Any], object]] = {
        LIST_TASKS: lambda c: c.list_tasks(cluster=CLUSTER, serviceName=SERVICES[0]),
        DESCRIBE_SERVICES: lambda c: c.describe_services(cluster=CLUSTER, services=SERVICES[:1]),
        DESCRIBE_TASKS: lambda c: c.describe_tasks(cluster=CLUSTER, tasks=one),
    }
    for row, call in calls.items():
        with_floor(row, call, sizes.least, 500)
    sim.close()
    return Column(tasks, cells, floors, built, quiet)


def run_task_growth(instances: int, sizes: Sizes, floor: Floor) -> tuple[Cell, Cell]:
    """RunTask on a cluster of `instances` and no tasks, and its boto3 floor, in turns."""
    sim, ecs, _ = world(instances, 0)
    body = body_of(ecs, run_one)
    cells = paired(
        lambda: run_one(ecs), floor.answering(body, run_one), sizes.budget, 3, sizes.most_run_tasks
    )
    sim.close()
    return cells


# -- over HTTP: benchmarks._http_runs ---------------------------------------------------------
def _short(count: int) -> str:
    return f"{count // 1_000}k" if count >= 1_000 and count % 1_000 == 0 else str(count)


# -- the tables --------------------------------------------------------------------------------
def cost_table(columns: list[Column], sizes: Sizes) -> Table:
    growth = f"{_short(columns[0].tasks)}->{_short(columns[-1].tasks)}"
    table = Table(
        f"API calls in-process: {sizes.instances} {INSTANCE_TYPE} instances, tasks in "
        f"{len(SERVICES)} services, median ms per call",
        ["call", *(f"{c.tasks:,} tasks" for c in columns), f"growth {growth}"],
    )
    for name in ROWS:
        ms = [c.cells[name].ms for c in columns]
        table.add(name, *ms, ratio(ms[-1], ms[0]))
    kinds = ", ".join(sorted(set().union(*(c.quiet.kinds for c in columns))))
    counts = "; ".join(
        f"{c.tasks:,} tasks: " + ", ".join(str(c.cells[r].count) for r in ROWS) for c in columns
    )
    built = ", ".join(f"{c.built:.1f} s ({c.tasks:,} tasks)" for c in columns)
    table.note = (
        f"'{QUIET}': sim.upcoming() said nothing was due within the second; those advances "
        f"returned {sum(c.quiet.events for c in columns)} events in all. '{TICK}': what was "
        f"next ({kinds or 'nothing'}).\nEach RunTask adds a task (at most {sizes.most_run_tasks} "
        "per column, before the other rows); a task is one container, 16 MiB, 8 CPU units.\n"
        f"Calls per cell (row order): {counts}.\nWorld built and settled in {built}."
    )
    return table


def floor_table(columns: list[Column]) -> Table:
    table = Table(
        "ecslearn against the boto3 floor (a stock client answered with the same body by a "
        "before-send hook), median ms",
        [
            "call",
            "tasks",
            "response bytes",
            "ecslearn",
            "boto3 floor",
            "ecslearn - floor",
            "ecslearn / floor",
        ],
        note="The floor is boto3's own work (validate, serialise, sign, parse): no client "
        "calling through boto3 can be cheaper. ecslearn's in-process client pays it too. "
        "'ecslearn - floor' is what ecslearn itself spends. A call whose answer grows with the "
        "world grows with it whoever answers: DescribeServices returns the service's newest "
        "events (up to 100, as AWS does), so its floor grows as much as ecslearn does.",
    )
    for name in FLOORED:
        for c in columns:
            cell, (floor, size) = c.cells[name], c.floors[name]
            own = cell.ms - floor.ms
            table.add(name, c.tasks, size, cell.ms, floor.ms, own, c.over_floor(name))
    return table


def scaling_table(sizes: Sizes, floor: Floor) -> Table:
    table = Table(
        "RunTask (one task) on a cluster with no tasks, by instances, median ms",
        ["instances", "RunTask", "boto3 floor", "ecslearn / floor", "growth"],
        note=f"growth: against {sizes.run_task_instances[0]:,} instances.",
    )
    measured = [(n, *run_task_growth(n, sizes, floor)) for n in sizes.run_task_instances]
    for instances, cell, floor_cell in measured:
        ratio = cell.ms / floor_cell.ms
        table.add(instances, cell.ms, floor_cell.ms, ratio, cell.ms / measured[0][1].ms)
    return table


def tables(sizes: Sizes | None = None) -> list[Table]:
    sizes = sizes or Sizes()
    floor = Floor()
    columns = [measure(tasks, sizes, floor) for tasks in sizes.tasks]
    result = [cost_table(columns, sizes), floor_table(columns), scaling_table(sizes, floor)]
    results = None
    if sizes.workload is not None:
        full = sizes.workload
        results, rounds = interleaved(full, sizes.rounds)
        pairs = [(MOTO, PLAIN), (MOTO, STATE), (STATE, PLAIN)]
        table = http_table(
            f", --state off and on, fastest of {sizes.rounds} interleaved rounds",
            full,
            results,
            pairs,
        )
        table.note += (
            "\n--state journals every changing call before answering it and compacts the "
            "journal into the state file every 1,000 calls (ecslearn.api.journal).\n"
            "Wall s of each round's runs (ecslearn, ecslearn --state, moto took turns):\n  "
            + "\n  ".join(rounds)
        )
        result.append(table)
    result.append(goals_table(ROWS, columns, results))
    return result
