"""A simulated day of a steady region: ``python -m benchmarks long_run``.

Fifty REPLICA services of two tasks each on ten instances, steady, and the clock advanced 24
simulated hours. What that costs is mostly CloudWatch's minute (AWS/ECS metrics for every
service and cluster, published each simulated minute) and the service scheduler's 5-second tick
(which skips a region whose services are all quiet). The table gives the wall time of the day,
its cost per simulated hour, and the size and time of saving the world afterwards (metrics are
saved as runs of equal minutes, so a steady day is small), each next to the same for one
simulated hour, so growth reads as a ratio within one run.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import Table
from ecslearn import Simulation

SERVICES = 50
INSTANCES = 10


def steady_region() -> Simulation:
    sim = Simulation(seed=0)
    ecs = sim.client("ecs")
    ecs.create_cluster(clusterName="day")
    sim.launch_instances("day", count=INSTANCES, instance_type="m5.large")
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[{"name": "web", "image": "nginx", "memory": 16, "cpu": 8}],
    )
    for i in range(SERVICES):
        ecs.create_service(
            cluster="day", serviceName=f"svc-{i}", taskDefinition="web", desiredCount=2
        )
    sim.run_until_stable()
    return sim


def measure(hours: int) -> tuple[float, float, int]:
    """Wall seconds to advance `hours`, wall seconds to save, bytes saved."""
    sim = steady_region()
    start = time.perf_counter()
    sim.advance(hours * 3600)
    advanced = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "world.json"
        start = time.perf_counter()
        sim.save(path)
        saved = time.perf_counter() - start
        size = path.stat().st_size
    return advanced, saved, size


def tables() -> list[Table]:
    table = Table(
        f"A steady region over simulated time ({SERVICES} services, {INSTANCES} instances)",
        ["simulated", "advance (s)", "s per sim hour", "save (s)", "saved (KB)"],
        note="Ratios between the rows come from one run; absolute times move with the machine.",
    )
    for hours in (1, 24):
        advanced, saved, size = measure(hours)
        table.add(f"{hours} h", advanced, advanced / hours, saved, size / 1024)
    return [table]
