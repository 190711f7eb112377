"""A small cluster to drive widgets against, and a spy on the ECS calls a widget makes."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition


@pytest.fixture
def cluster_sim() -> Simulation:
    """Cluster "web": three t3.medium instances in three zones, and task definition web:1."""
    sim = Simulation(seed=0, strict=True)
    sim.client().create_cluster(clusterName="web")
    sim.launch_instances("web", count=3)
    sim.register(task_definition("web", container("web", "nginx:1.27", memory=256, ports=[80])))
    return sim


class CallSpy:
    """Records (operation, parameters) of every call a boto3 client makes."""

    def __init__(self, client: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        client.meta.events.register("before-parameter-build.ecs.*", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, dict(params)))

    @property
    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
def spy() -> type[CallSpy]:
    return CallSpy
