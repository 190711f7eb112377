"""The README's "Testing your own ECS code" example does what it says: its test passes against
the simulation, and the rollback it asserts is what happened."""

from __future__ import annotations

import re
from pathlib import Path

import boto3

from ecslearn import mock_aws

README = Path(__file__).resolve().parents[2] / "README.md"


def example() -> dict:
    [block] = [
        b
        for b in re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
        if "def test_a_release_too_big" in b
    ]
    namespace: dict = {}
    exec(compile(block, str(README), "exec"), namespace)
    return namespace


def test_the_readme_example_test_passes_and_the_service_runs_the_first_revision() -> None:
    namespace = example()
    with mock_aws() as sim:
        namespace["test_a_release_too_big_for_the_instances_is_rolled_back"](
            sim, boto3.client("ecs")
        )
        sim.advance(120)
        [service] = sim.region_state().services.values()
        assert service.task_definition.endswith("web:1")
        running = [t for t in sim.region_state().tasks.values() if t.last_status == "RUNNING"]
        assert [t.task_definition_arn.rsplit("/", 1)[-1] for t in running] == ["web:1", "web:1"]
