"""Write latency over HTTP: ``python -m benchmarks writes``.

A world of 1,000 running tasks (built in-process, as `benchmarks.api` builds it) is served by a
server process on the same stack as ``ecslearn serve`` (`EcsHttpServer`, `SimulationHost`) in three
ways: no state file, ``--state`` (a journal line written per changing call, before the call is
applied) and ``--state --fsync`` (plus an fsync per call). A stock boto3 client then makes a few
hundred RunTask (count=1) and UpdateService calls against each, and the table gives the p50 and
p99 of each call's wall time as the client sees it. The clock is stopped (speed 0) so that only
the calls themselves are timed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import Table
from benchmarks.api import CLUSTER, FAMILY, SERVICES, world
from benchmarks.moto_compare import ecs_client

MODES = {"no --state": (), "--state": ("state",), "--state --fsync": ("state", "fsync")}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def serve(snapshot: str, *flags: str) -> None:
    """The server side (run as ``python -m benchmarks.writes SNAPSHOT [state] [fsync]``)."""
    from ecslearn.api.host import SimulationHost
    from ecslearn.api.journal import load
    from ecslearn.api.server import EcsHttpServer

    sim, sequence = load(Path(snapshot))
    state = snapshot if "state" in flags else None
    host = SimulationHost(sim, speed=0, state_path=state, sequence=sequence, fsync="fsync" in flags)
    server = EcsHttpServer(("127.0.0.1", 0), host, quiet=True)
    print(server.url, flush=True)
    server.serve_forever()


def timed(ecs: Any, calls: int, tasks: int) -> tuple[list[float], list[float]]:
    run, update = [], []
    share = tasks // len(SERVICES)
    for index in range(calls):
        start = time.perf_counter()
        ecs.run_task(cluster=CLUSTER, taskDefinition=FAMILY, count=1)
        run.append(time.perf_counter() - start)
        start = time.perf_counter()
        ecs.update_service(cluster=CLUSTER, service=SERVICES[0], desiredCount=share + index % 2)
        update.append(time.perf_counter() - start)
    return run, update


def measure(snapshot: Path, flags: tuple[str, ...], calls: int, tasks: int) -> tuple[list, list]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "world.json"
        copy.write_bytes(snapshot.read_bytes())
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.writes", str(copy), *flags],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            ecs = ecs_client(url)
            ecs.list_clusters()  # warm the connection
            return timed(ecs, calls, tasks)
        finally:
            proc.kill()
            proc.wait(timeout=10)


def tables(tasks: int = 1000, calls: int = 300, instances: int = 20) -> list[Table]:
    from ecslearn.api.journal import write_snapshot

    sim, _, _ = world(instances, tasks)
    table = Table(
        f"Write latency over HTTP, {tasks:,} tasks, {calls} calls each (ms)",
        ["server", "RunTask p50", "RunTask p99", "UpdateService p50", "UpdateService p99"],
        note="The goal: p50 under 5 ms. Client and server on one machine, clock stopped.",
    )
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Path(folder) / "world.json"
        write_snapshot(sim, snapshot, 0)
        sim.close()
        for name, flags in MODES.items():
            run, update = measure(snapshot, flags, calls, tasks)
            table.add(
                name,
                *(
                    round(1000 * value, 2)
                    for samples in (run, update)
                    for value in (statistics.median(samples), percentile(samples, 0.99))
                ),
            )
    return [table]


if __name__ == "__main__":
    serve(*sys.argv[1:])
