"""ECS's per-task rules belong to the task runner, whatever container runtime is under it.

A scripted runtime (no time passes, no randomness, nothing real) is plugged into an instance's
agent: dependsOn order, essential containers, stop order, stopTimeout, awsvpc and failures come
out as ECS says, so the rules cannot be hiding in the simulated or the Docker runtime. The
agent's own bookkeeping saves and loads with the world.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.agents.agent import EcsAgent
from ecslearn.agents.agent_state import AgentState, ContainerState
from ecslearn.agents.agent_steps import schedule
from ecslearn.agents.runtime import (
    Attached,
    ContainerRuntime,
    ContainerRuntimeError,
    Exit,
    Health,
    Started,
)
from ecslearn.control import snapshot
from ecslearn.model.builders import container, health_check, task_definition
from ecslearn.model.task import Container, Task
from ecslearn.model.task_definition import ContainerDefinition


class ScriptedRuntime:
    """A runtime whose containers do what the test says: instantly started, healthy one second
    after starting when they have a health check, ignoring the stop signal unless listed in
    `obeys_sigterm`; `refuse` names containers whose start fails."""

    action_kind = "agent"
    pull_source = " (scripted)"

    def __init__(self, world: Any, region: str, instance_arn: str) -> None:
        self.world, self.region, self.instance_arn = world, region, instance_arn
        self.calls: list[tuple[str, str]] = []
        self.refuse: set[str] = set()
        self.missing: set[str] = set()
        self.obeys_sigterm: set[str] = set()
        self.address: str | None = None

    def duration(self, seconds: float) -> float:
        return seconds

    def pull_seconds(self, images: Iterable[str | None], cached: set[str]) -> float:
        return 2.0

    def attach_eni(self, task: Task) -> Attached | None:
        self.calls.append(("attach_eni", task.id))
        return Attached(self.address, "scripted ENI attached") if self.address else None

    def pull(self, task: Task, container: Container) -> str | None:
        self.calls.append(("pull", container.name or ""))
        if container.image in self.missing:
            raise ContainerRuntimeError(f"CannotPullContainerError: no {container.image}")
        return "sha256:" + "0" * 64

    def start(self, task: Task, container: Container, spec: ContainerDefinition) -> Started:
        self.calls.append(("start", container.name or ""))
        if container.name in self.refuse:
            raise ContainerRuntimeError("the scripted engine refuses")
        if spec.health_check is not None:
            schedule(
                self.world,
                self.action_kind,
                self.region,
                self.instance_arn,
                1.0,
                "health_check",
                task,
                container=container.name,
                run=self.world.now,
            )
        return Started(runtime_id=f"scripted-{container.name}", network_bindings=[])

    def on_event(
        self, task: Task, container: Container, progress: ContainerState, args: dict[str, Any]
    ) -> Exit | Health | None:
        return Health("HEALTHY")

    def stop(
        self, task: Task, container: Container, spec: ContainerDefinition
    ) -> tuple[str, float | None]:
        self.calls.append(("stop", container.name or ""))
        return "SIGQUIT", 0.5 if container.name in self.obeys_sigterm else None

    def exited(self, task: Task, container: Container) -> Exit | None:
        return None

    def kill(self, task: Task, container: Container, exit_code: int) -> Exit | None:
        self.calls.append(("kill", container.name or ""))
        return Exit(exit_code)

    def observe(
        self, watched: list[tuple[Task, Container]]
    ) -> Iterator[tuple[Task, Container, Exit | Health]]:
        return iter(())

    def release(self, task: Task) -> None:
        self.calls.append(("release", task.id))


@pytest.fixture
def world() -> Simulation:
    sim = Simulation(seed=1, strict=True)
    sim.client().create_cluster(clusterName="lab")
    sim.launch_instances("lab")
    return sim


@pytest.fixture
def runtime(world: Simulation) -> ScriptedRuntime:
    """The only instance's agent runs on the scripted runtime."""
    [instance] = world.region_state().instances.values()
    arn = instance.container_instance_arn or ""
    scripted = ScriptedRuntime(world.world, world.world.region, arn)
    agent: ContainerRuntime = scripted
    world.world.plane.agents[arn] = EcsAgent(world.world, world.world.region, arn, agent)
    return scripted


def run(world: Simulation, *containers: ContainerDefinition, **definition: Any) -> Task:
    world.register(task_definition("app", *containers, **definition))
    extra: dict[str, Any] = {}
    if definition.get("network_mode") == "awsvpc":
        extra["networkConfiguration"] = {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}
    arn = world.client().run_task(cluster="lab", taskDefinition="app", **extra)["tasks"][0]
    return world.region_state().tasks[arn["taskArn"]]


def test_depends_on_order_and_the_reverse_stop_order_are_the_runners(world, runtime) -> None:
    runtime.obeys_sigterm = {"web", "sidecar"}
    task = run(
        world,
        container("db", "postgres", memory=64, health=health_check("true", interval=5)),
        container("web", "nginx", memory=64, depends_on={"db": "HEALTHY"}),
        container("sidecar", "busybox", memory=16, depends_on={"web": "START"}),
    )
    world.run_until_stable(60)
    assert task.last_status == "RUNNING"
    starts = [name for call, name in runtime.calls if call == "start"]
    assert starts == ["db", "web", "sidecar"]
    assert task.container("web").runtime_id == "scripted-web"
    assert task.container("db").image_digest == "sha256:" + "0" * 64
    world.client().stop_task(cluster="lab", task=task.task_arn)
    world.run_until_stable(120)
    stops = [name for call, name in runtime.calls if call in ("stop", "kill")]
    assert stops == ["sidecar", "web", "db", "db"]  # db ignored its signal: SIGKILL at stopTimeout
    assert task.container("db").exit_code == 137 and task.container("web").exit_code == 0
    assert task.last_status == "STOPPED"
    messages = [e.message for e in world.events if e.task == task.id]
    assert any("sent SIGQUIT" in m for m in messages)
    assert any("(scripted)" in m for m in messages)


def test_an_essential_container_that_cannot_start_fails_the_task(world, runtime) -> None:
    runtime.refuse = {"web"}
    task = run(world, container("web", "nginx", memory=64))
    world.run_until_stable(60)
    assert task.last_status == "STOPPED" and task.stop_code == "TaskFailedToStart"
    assert task.container("web").reason == (
        "CannotStartContainerError: the scripted engine refuses"
    )


def test_a_missing_image_stops_every_container_with_the_runtimes_reason(world, runtime) -> None:
    runtime.missing = {"busybox"}
    task = run(
        world,
        container("web", "nginx", memory=64),
        container("side", "busybox", memory=16, essential=False),
    )
    world.run_until_stable(60)
    assert task.stop_code == "TaskFailedToStart"
    assert {c.reason for c in task.containers or []} == {"CannotPullContainerError: no busybox"}
    assert not [call for call in runtime.calls if call[0] == "start"]


def test_awsvpc_attaches_before_pulling_and_releases_after_stopping(world, runtime) -> None:
    runtime.address = "10.9.8.7"
    task = run(world, container("web", "nginx", memory=64), network_mode="awsvpc")
    world.run_until_stable(60)
    [eni] = task.attachments or []
    assert {"name": "privateIPv4Address", "value": "10.9.8.7"} in eni["details"]
    world.client().stop_task(cluster="lab", task=task.task_arn)
    world.run_until_stable(120)
    kinds = [call for call, _ in runtime.calls]
    assert kinds.index("attach_eni") < kinds.index("pull") and kinds[-1] == "release"
    statuses = [e.details.get("status") for e in world.events if e.task == task.id]
    assert statuses.index("DEPROVISIONING") < statuses.index("STOPPED")


def test_the_agents_bookkeeping_is_its_own_and_saves_with_the_world(tmp_path) -> None:
    sim = Simulation(seed=4)
    sim.client().create_cluster(clusterName="lab")
    [instance] = sim.launch_instances("lab")
    sim.register(task_definition("app", container("web", "nginx", memory=64)))
    sim.client().run_task(cluster="lab", taskDefinition="app", count=2)
    sim.advance(4.5)  # pulled, not all started
    agent = sim.world.plane.agents[instance.container_instance_arn or ""]
    assert isinstance(agent, EcsAgent) and agent.state.tasks and agent.state.images == {"nginx"}
    assert not hasattr(Container(), "starting")  # not ECS's: the agent's own
    loaded = Simulation.from_world(snapshot.load(snapshot.save(sim.world, tmp_path / "w.json")))
    twin = loaded.world.plane.agents[instance.container_instance_arn or ""]
    assert isinstance(twin, EcsAgent) and twin.state == agent.state
    assert isinstance(twin.state, AgentState)
    for each in (sim, loaded):
        each.advance(30)
    assert list(loaded.events) == list(sim.events)
