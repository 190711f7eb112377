"""The moto comparison benchmark's workload does its work on both servers, at a small scale:
a benchmark that quietly ran nothing (or failed half its calls) would report a false ratio."""

from __future__ import annotations

import importlib.util
import os

import pytest

from benchmarks.moto_compare import (
    Workload,
    ecs_client,
    ecslearn_server,
    made_up_instances,
    moto_instances,
    moto_server,
    run_workload,
)

SMALL = Workload(task_definitions=5, tasks=20, instances=3, families=2)


def _require_moto() -> None:
    """Skip without moto, except on CI, where the dev extra installs it."""
    if importlib.util.find_spec("moto") is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have moto for the comparison (pip install -e '.[dev]')")
    pytest.skip("moto is not installed: .venv/bin/pip install 'moto[server]>=5'")


def _assert_did_the_work(result) -> None:
    assert result.registered == SMALL.task_definitions
    assert result.instances == SMALL.instances
    assert (result.started, result.failures) == (SMALL.tasks, 0)
    assert result.described == SMALL.tasks


def test_the_workload_runs_on_ecslearn_serve_and_places_every_task() -> None:
    with ecslearn_server() as url:
        ecs = ecs_client(url)
        _assert_did_the_work(run_workload(ecs, made_up_instances(3), SMALL))
        instances = set(ecs.list_container_instances(cluster="bench")["containerInstanceArns"])
        arns = ecs.list_tasks(cluster="bench")["taskArns"]
        tasks = ecs.describe_tasks(cluster="bench", tasks=arns)["tasks"]
    assert {t["containerInstanceArn"] for t in tasks} <= instances


def test_the_workload_runs_on_moto_server() -> None:
    _require_moto()
    with moto_server() as url:
        _assert_did_the_work(run_workload(ecs_client(url), moto_instances(url, 3), SMALL))
