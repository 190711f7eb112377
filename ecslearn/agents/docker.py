"""The Docker agent: an instance whose tasks run as real containers on the local Docker engine.

``sim.launch_instances("web", agent="docker")`` registers a container instance with the host's
CPUs and memory (or an instance type's) and gives it an agent (`EcsAgent`) on the Docker
runtime (`ecslearn.agents.docker_runtime.DockerRuntime`). The control plane cannot tell it from
a simulated instance's agent: the same task runner applies ECS's rules and reports through the
same interface. Only the containers are real.

How a container definition becomes a container (as the ECS agent does it):

- ``image``: an image of the account's ECR (``<account>.dkr.ecr.<region>.amazonaws.com/...``)
  is pulled from the local registry (`ecslearn.local_registry`) by the digest ECS resolved for the
  task (pinned per service deployment); any other image must already be in the local engine
  (``ecslearn images build``), since ecslearn never reaches the internet. Either way a missing
  image fails the task like a failed pull: ``CannotPullContainerError``;
- ``command``/``entryPoint``/``environment`` (with the task's containerOverrides, and the
  ``secrets`` the agent read from the simulated Parameter Store as environment variables, as
  on ECS: `ecslearn.agents.task_secrets`), ``cpu`` as CPU
  shares (at least 2, as the agent does), ``memory`` as the hard limit, ``memoryReservation``
  as the soft one, ``hostname``, ``dockerLabels``, ``healthCheck`` as a Docker health check,
  ``stopTimeout`` as the Docker stop timeout;
- network modes: ``bridge`` publishes ``portMappings`` (``hostPort`` 0 or absent: Docker picks
  a port, read back into ``networkBindings``), and with ``links`` the task gets its own bridge
  network where each container answers to its name and link aliases; ``host`` and ``none`` are
  Docker's; ``awsvpc`` gives the task its own network and address (a pause container holds it,
  as on ECS, and the task's containers share its network namespace);
- ``dependsOn`` (START, COMPLETE, SUCCESS, HEALTHY), essential containers and stop order are
  the task runner's, the same as for simulated instances (`ecslearn.agents.task_runner`), applied to
  the containers' real state and Docker's health (`ecslearn.agents.docker_runtime`);
- an exit is reported with its real exit code; an OOM kill with the reason
  ``OutOfMemoryError: Container killed due to memory usage``; a container killed from outside
  (``docker kill``) is noticed and reported like any exit, so a service replaces the task.

Every container and network carries the labels ``ecslearn.cluster``, ``ecslearn.task`` and
``ecslearn.container`` (plus the ECS agent's ``com.amazonaws.ecs.*`` ones); nothing runs
privileged and nothing mounts a host path. `cleanup()` (``ecslearn cleanup``) removes them all.

Time: while a Docker instance is present the simulation follows the wall clock. The agents poll
their containers every `POLL_SECONDS` of virtual time, and each poll first waits until that much
real time has passed, so ``sim.advance(10)`` takes about ten real seconds and
``sim.run_until_stable()`` waits for real containers. Virtual time never runs ahead of the wall
clock; when a program idles it lags, and catches up no faster than real time.
"""

from __future__ import annotations

import contextlib
import secrets
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecslearn.agents.agent import EcsAgent
from ecslearn.agents.docker_exits import OOM_REASON
from ecslearn.agents.docker_runtime import (
    LABEL_CLUSTER,
    LABEL_INSTANCE,
    LABEL_SIMULATION,
    DockerRuntime,
)
from ecslearn.control.queue import action_handler

if TYPE_CHECKING:
    from ecslearn.control.world import World

HINT = "needs a running Docker engine: sudo apt-get install docker.io && sudo dockerd"
POLL_SECONDS = 0.5


class DockerUnavailable(RuntimeError):
    """No Docker engine (or no Docker SDK) here; the message says how to get one."""


def docker_client() -> Any:
    """A client of the local engine, or `DockerUnavailable` with a one-line how-to."""
    try:
        import docker
        import docker.errors
    except ImportError:
        raise DockerUnavailable(
            "The Docker SDK is missing: pip install 'ecslearn[docker]' (and ecslearn " + HINT + ")"
        ) from None
    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except docker.errors.DockerException:
        raise DockerUnavailable("ecslearn's Docker agent " + HINT) from None
    return client


def host_resources(client: Any) -> tuple[int, int]:
    """The engine host's (CPU units, memory MiB), as the ECS agent registers them."""
    info = client.info()
    return int(info["NCPU"]) * 1024, int(info["MemTotal"]) // (1024 * 1024)


# -- keeping virtual time with the wall clock --------------------------------------------------
@dataclass
class _Runtime:
    """One simulation's Docker side: its client, its Docker instances and the pacing anchor.

    It holds no reference to the simulation, so a simulation nobody uses any more is collected,
    and its finalizer removes its containers (as it does when the interpreter exits).
    """

    client: Any
    token: str = field(default_factory=lambda: secrets.token_hex(6))
    instances: dict[str, str] = field(default_factory=dict)  # ARN -> the agent's instance ID
    finalizer: Any = None
    ticking: bool = False
    wall: float | None = None
    virtual: float = 0.0

    def pace(self, world: World) -> None:
        """Sleep until the wall clock has caught up with the virtual clock."""
        now = time.monotonic()
        if self.wall is not None:
            due = self.wall + (world.now - self.virtual)
            if due > now:
                time.sleep(due - now)
                return
        self.wall, self.virtual = now, world.now


_RUNTIMES: weakref.WeakKeyDictionary[World, _Runtime] = weakref.WeakKeyDictionary()


def runtime(world: World) -> _Runtime:
    found = _RUNTIMES.get(world)
    if found is None:
        found = _Runtime(client=docker_client())
        found.finalizer = weakref.finalize(
            world, _remove_quietly, found.client, {LABEL_SIMULATION: found.token}
        )
        _RUNTIMES[world] = found
    return found


def _remove_quietly(client: Any, labels: dict[str, str]) -> None:
    with contextlib.suppress(Exception):  # an engine gone away has nothing left to remove
        remove(client, labels)


def attach(world: World, region: str, instance_arn: str) -> EcsAgent:
    """Give a registered instance an agent on the Docker runtime
    (``launch_instances(agent="docker")``)."""
    rt = runtime(world)
    engine = DockerRuntime(world, region, instance_arn, rt.client, rt.token)
    agent = EcsAgent(world, region, instance_arn, engine)
    world.plane.agents[instance_arn] = agent
    rt.instances[instance_arn] = engine.instance_id
    if not rt.ticking:
        rt.ticking = True
        world.queue.push(world.now, "docker.tick")
    return agent


@action_handler("docker.tick")
def _tick(world: World, args: dict[str, Any]) -> None:
    """Every POLL_SECONDS: wait for the wall clock, then let each agent look at its containers."""
    rt = _RUNTIMES.get(world)
    if rt is None:
        return
    rt.pace(world)
    for arn, instance_id in list(rt.instances.items()):
        agent = world.plane.agents.get(arn)
        if not _on_docker(agent):  # the instance was terminated: so are its tasks
            remove(rt.client, {LABEL_SIMULATION: rt.token, LABEL_INSTANCE: instance_id})
            del rt.instances[arn]
        elif agent.connected:  # type: ignore[union-attr]
            agent.poll()  # type: ignore[union-attr]
    if rt.instances:
        world.queue.push(world.now + POLL_SECONDS, "docker.tick")
    else:
        rt.ticking = False


@action_handler("docker.agent")
def _agent_step(world: World, args: dict[str, Any]) -> None:
    rt = _RUNTIMES.get(world)
    agent = world.plane.agents.get(args["instance"])
    if rt is not None and _on_docker(agent):
        rt.pace(world)
        agent.run(args)  # type: ignore[union-attr]


def _on_docker(agent: object) -> bool:
    return isinstance(agent, EcsAgent) and isinstance(agent.runtime, DockerRuntime)


# -- cleaning up -----------------------------------------------------------------------------
def remove(client: Any, labels: dict[str, str] | None = None) -> dict[str, int]:
    """Remove every ecslearn container and network (those labelled ``ecslearn.cluster``),
    or only those that also carry `labels`. Returns how many of each went."""
    import docker.errors

    filters = [LABEL_CLUSTER, *(f"{k}={v}" for k, v in (labels or {}).items())]
    removed = {"containers": 0, "networks": 0}
    for entry in client.api.containers(all=True, filters={"label": filters}):
        with contextlib.suppress(docker.errors.NotFound):
            client.api.remove_container(entry["Id"], force=True)
            removed["containers"] += 1
    for entry in client.api.networks(filters={"label": filters}):
        with contextlib.suppress(docker.errors.NotFound):
            client.api.remove_network(entry["Id"])
            removed["networks"] += 1
    return removed


def cleanup(client: Any = None) -> dict[str, int]:
    """Remove every container and network ecslearn created, in any session (``ecslearn
    cleanup``). Demo images stay: ``ecslearn cleanup --images`` removes those too."""
    return remove(client or docker_client())


def close(world: World) -> None:
    """Remove the containers and networks of `world`'s Docker instances; its Docker agents stop
    watching. (A simulation that is garbage-collected, or alive when Python exits, is closed
    too.)"""
    rt = _RUNTIMES.pop(world, None)
    if rt is not None:
        rt.finalizer()


__all__ = ["OOM_REASON", "DockerUnavailable", "attach", "cleanup", "close", "runtime"]
