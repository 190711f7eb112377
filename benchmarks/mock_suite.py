"""A user's test suite under ecslearn: what a fresh simulation costs each test, and what a
suite of 200 deploy-script tests takes (``./dev bench mock_suite``).

Two measurements:

- **Per-test overhead, in-process**: entering and leaving ``mock_aws`` (a fresh `Simulation`,
  the patches, the fake environment) and making the clients a test makes
  (``boto3.client("ecs")``, and ECS, EC2 and ELB together). The goal is under 20 ms a test.
- **The suite under pytest**: 200 generated tests, each a deploy script run through the plugin's
  ``ecs_sim`` fixture (a cluster, two instances, the script: register, create or update, wait
  with ``services_stable``, roll back on failure), in rotation: a deploy that fits, an update
  with no room for its tasks (the script rolls back after its waiter gives up), and an image
  that never pulls (the circuit breaker rolls back). Next to it, the same 200 tests doing
  nothing, with and without the fixture, so the fixture's own cost per test is the difference.
  Each run is a fresh ``python -m pytest`` process; the times include pytest's startup.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

from benchmarks import Table
from ecslearn.testing import mock_aws

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 20.0

SUITE = """
import pytest
from tests.testing.deploy_script import deploy

MISSING = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:does-not-exist"


@pytest.mark.parametrize("case", range({count}))
def test_deploy(case, ecs_sim, ecs_client):
    ecs_client.create_cluster(clusterName="prod")
    ecs_sim.launch_instances("prod", count=2)
    deploy("prod", "web", "nginx:1")
    ecs_sim.advance(60)
    kind = case % 3
    if kind == 0:
        assert deploy("prod", "web", "nginx:2").result == "deployed"
    elif kind == 1:
        assert deploy("prod", "web", "nginx:2", memory=6144, max_wait=300).result == "rolled back"
    else:
        assert deploy("prod", "web", MISSING, max_wait=1800).result == "rolled back by ECS"
"""
EMPTY_WITH_FIXTURES = """
import pytest

@pytest.mark.parametrize("case", range({count}))
def test_nothing(case, ecs_sim, ecs_client):
    pass
"""
EMPTY = """
import pytest

@pytest.mark.parametrize("case", range({count}))
def test_nothing(case):
    pass
"""


def per_test_overhead(rounds: int = 200) -> Table:
    """Milliseconds a test spends on a fresh simulation and its clients, in-process."""

    def enter_and_leave() -> None:
        with mock_aws():
            pass

    def with_ecs_client() -> None:
        with mock_aws():
            boto3.client("ecs")

    def with_three_clients() -> None:
        with mock_aws():
            for service in ("ecs", "ec2", "elbv2"):
                boto3.client(service)

    def plain_ecs_client() -> None:
        boto3.client("ecs", region_name="us-east-1")

    def plain_three_clients() -> None:
        for service in ("ecs", "ec2", "elbv2"):
            boto3.client(service, region_name="us-east-1")

    table = Table(
        "Per-test overhead of a fresh simulation and clients (mock_aws, in-process)",
        ["what each test does", "mean ms", "median ms", "p95 ms", f"under {GOAL_MS:g} ms"],
        note=f"{rounds} rounds each, after one warm-up (botocore's models loaded once a process). "
        "A client costs what botocore takes to build it (EC2's has some 700 methods); the "
        "simulation itself is well under a millisecond.",
    )
    for label, action in (
        ("enter and leave mock_aws (fresh Simulation)", enter_and_leave),
        ("... and boto3.client('ecs')", with_ecs_client),
        ("... and ecs, ec2 and elbv2 clients", with_three_clients),
        ("for scale, no mock: boto3.client('ecs')", plain_ecs_client),
        ("for scale, no mock: ecs, ec2 and elbv2 clients", plain_three_clients),
    ):
        action()
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        mean = statistics.fmean(samples)
        p95 = samples[int(0.95 * (len(samples) - 1))]
        table.add(label, mean, statistics.median(samples), p95, "yes" if mean < GOAL_MS else "NO")
    return table


def _run_suite(source: str, count: int, folder: Path, name: str) -> tuple[float, str]:
    test_file = folder / f"test_{name}.py"
    test_file.write_text(source.format(count=count))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "ecslearn.testing.pytest_plugin",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--rootdir",
        str(folder),
        str(test_file),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=folder, env=env)
    elapsed = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    if done.returncode != 0:
        raise RuntimeError(
            f"the {name} suite failed:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
        )
    return elapsed, summary


def suite(count: int = 200) -> Table:
    """The generated suites under pytest, each in a fresh process."""
    table = Table(
        f"A {count}-test suite under pytest with ecslearn's plugin (one fresh process each)",
        ["suite", "tests", "wall s", "ms per test", "pytest says"],
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "conftest.py").write_text("")
        runs = {}
        for name, source in (
            ("empty", EMPTY),
            ("empty_with_fixtures", EMPTY_WITH_FIXTURES),
            ("deploy_scripts", SUITE),
        ):
            runs[name] = _run_suite(source, count, folder, name)
            elapsed, summary = runs[name]
            table.add(name.replace("_", " "), count, elapsed, elapsed / count * 1000, summary)
    fixture_cost = (runs["empty_with_fixtures"][0] - runs["empty"][0]) / count * 1000
    table.note = (
        f"ecs_sim + ecs_client cost {fixture_cost:.1f} ms a test over a bare test, ecslearn's "
        f"one-time import (about 1.5 s) included (goal: under {GOAL_MS:g} ms); the deploy-script "
        "tests wait minutes of simulated time each (15 s waiter polls, the script's 300 s "
        "give-up, the circuit breaker's retries)."
    )
    return table


def tables(count: int = 200, rounds: int = 200) -> list[Table]:
    return [per_test_overhead(rounds), suite(count)]
