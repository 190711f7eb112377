"""A world with Docker instances, saved and loaded, and a simulation closed by its owner.

Real containers do not travel in a file: after loading, a Docker instance's tasks carry on with
a simulated agent, and the timeline says so. Closing a simulation removes its containers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ecslearn import Simulation
from tests.agents.helpers import web, worker

pytestmark = pytest.mark.docker


def test_a_saved_docker_world_loads_in_a_fresh_python_and_carries_on_simulated(
    sim, ecs, engine, tmp_path: Path
) -> None:
    ecs.register_task_definition(family="web", containerDefinitions=[web()])
    ecs.register_task_definition(family="job", containerDefinitions=[worker("job", sleep=30)])
    ecs.run_task(cluster="lab", taskDefinition="web")
    ecs.run_task(cluster="lab", taskDefinition="job")  # still pulling or starting when saved
    sim.step()
    sim.save(tmp_path / "world.json")
    # A fresh interpreter has never imported the Docker agent: loading must not need it.
    script = (
        "from ecslearn import Simulation\n"
        f"sim = Simulation.load({str(tmp_path / 'world.json')!r})\n"
        "sim.run_until_stable()\n"
        "ecs = sim.client()\n"
        "arns = ecs.list_tasks(cluster='lab')['taskArns']\n"
        "tasks = ecs.describe_tasks(cluster='lab', tasks=arns)['tasks']\n"
        "print(sorted(t['lastStatus'] for t in tasks))\n"
        "print(any('carries on with a simulated agent' in e.message for e in sim.events))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    statuses, said_so = done.stdout.splitlines()
    assert statuses == "['RUNNING', 'RUNNING']"
    assert said_so == "True"


def test_closing_a_simulation_removes_its_containers(engine: Any) -> None:
    with Simulation(seed=3) as world:
        world.call("CreateCluster", clusterName="lab")
        world.launch_instances("lab", agent="docker")
        world.call("RegisterTaskDefinition", family="web", containerDefinitions=[web()])
        world.call("RunTask", cluster="lab", taskDefinition="web")
        world.run_until_stable(20)
        from ecslearn.agents import docker as docker_agent

        label = f"ecslearn.simulation={docker_agent.runtime(world.world).token}"
        assert len(engine.api.containers(filters={"label": label})) == 1
    assert not engine.api.containers(all=True, filters={"label": label})
