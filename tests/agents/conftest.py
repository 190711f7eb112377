"""Fixtures of the Docker tests: the real engine (never faked; skipped with a one-line reason
without one, except in CI), a simulation with one Docker instance, and a task runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.agents import docker as docker_agent
from ecslearn.agents.docker import HINT, DockerUnavailable
from tests.agents.helpers import Run, describe, wait_until


@pytest.fixture(scope="session")
def engine() -> Any:
    """The local engine, with the demo images built."""
    try:
        client = docker_agent.docker_client()
    except DockerUnavailable:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Docker engine is reachable: ecslearn {HINT}")
        pytest.skip(HINT)
    from ecslearn import images

    images.build(client)
    return client


@pytest.fixture
def sim(engine: Any) -> Iterator[Simulation]:
    """A simulation with one Docker instance in cluster "lab"; removes its containers after."""
    world = Simulation(seed=0, strict=True)
    world.call("CreateCluster", clusterName="lab")
    world.launch_instances("lab", agent="docker")
    yield world
    token = docker_agent.runtime(world.world).token
    docker_agent.close(world.world)
    label = f"ecslearn.simulation={token}"
    assert not engine.api.containers(all=True, filters={"label": label})
    assert not engine.api.networks(filters={"label": label})


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    return sim.client()


@pytest.fixture
def run(sim: Simulation, ecs: Any) -> Run:
    """Register `containers` as a task definition, run one task, wait until it settles (or
    until it reaches the status `until`)."""

    def run(
        *containers: dict[str, Any], timeout: float = 20, until: str = "", **definition: Any
    ) -> dict:
        family = definition.pop("family", "lesson")
        ecs.register_task_definition(
            family=family, containerDefinitions=list(containers), **definition
        )
        network = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}
        extra = (
            {"networkConfiguration": network} if definition.get("networkMode") == "awsvpc" else {}
        )
        task = ecs.run_task(cluster="lab", taskDefinition=family, **extra)["tasks"][0]
        sim.run_until_stable(timeout)
        if until:
            wait_until(sim, lambda: describe(ecs, task["taskArn"])["lastStatus"] == until, timeout)
        return describe(ecs, task["taskArn"])

    return run
