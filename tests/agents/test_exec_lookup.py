"""How `ecslearn exec` finds a task's container among the engine's: by the task ID ECS labels it
with, and, when two simulations with one seed run the same task ID, by the simulation named."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ecslearn.agents.docker_exec import ExecRefused, find_container


@dataclass
class FakeContainer:
    labels: dict[str, str] = field(default_factory=dict)


class FakeEngine:
    def __init__(self, *containers: FakeContainer) -> None:
        self.containers = self
        self.found = list(containers)

    def list(self, filters: dict) -> list[FakeContainer]:
        return [c for c in self.found if filters["label"] in c.labels]


def container(task: str, name: str, simulation: str) -> FakeContainer:
    return FakeContainer(
        {
            "com.amazonaws.ecs.task-arn": f"arn:aws:ecs:us-east-1:123456789012:task/lab/{task}",
            "com.amazonaws.ecs.container-name": name,
            "ecslearn.simulation": simulation,
            "ecslearn.exec": "true",
        }
    )


def test_two_simulations_running_one_task_id_must_be_told_apart() -> None:
    engine = FakeEngine(container("abc", "app", "one"), container("abc", "app", "two"))
    with pytest.raises(ExecRefused) as refused:
        find_container(engine, "abc", "app")
    assert "2 simulations on this machine run a task abc" in str(refused.value)
    assert "--simulation" in str(refused.value)
    chosen = find_container(engine, "abc", "app", simulation="two")
    assert chosen.labels["ecslearn.simulation"] == "two"


def test_a_task_of_one_simulation_is_found_by_its_id_alone() -> None:
    engine = FakeEngine(container("abc", "app", "one"), container("xyz", "app", "two"))
    assert find_container(engine, "abc", None).labels["ecslearn.simulation"] == "one"
