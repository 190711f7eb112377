"""The container runtime: what an agent's task runner asks of the engine under it.

Like httpx's transports under one client, a runtime does the work (pull an image, create and
start a container, signal it, kill it, watch it) and the task runner (`ecslearn.agents.task_runner`)
keeps ECS's rules on top: dependsOn, essential containers, stop order, stopTimeout. Two runtimes
ship: `ecslearn.agents.simulated.SimulatedRuntime` (virtual time, seeded jitter, behaviour read
from docker labels) and `ecslearn.agents.docker_runtime.DockerRuntime` (real containers); tests
plug in their own.

A runtime plays Docker's part, so it also runs a container's ``healthCheck`` (interval, retries,
startPeriod), as Docker does for the real ECS agent, and reports the health it sees.

Failures are raised as `ContainerRuntimeError` whose message is ECS's reason
(``CannotPullContainerError: ...``), so the runner can report it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ecslearn.agents.agent_state import ContainerState
    from ecslearn.model.task import Container, NetworkBinding, Task
    from ecslearn.model.task_definition import ContainerDefinition

#: What a container killed with SIGKILL exits with (128 + 9).
EXIT_CODE_SIGKILL = 137


class ContainerRuntimeError(Exception):
    """The engine could not do what was asked; the message is ECS's reason for it."""


@dataclass(frozen=True)
class Exit:
    """A container's process ended: its exit code (None when unknown) and ECS's reason."""

    exit_code: int | None
    reason: str | None = None
    note: str | None = None  # what the timeline says first ("vanished from the engine")


@dataclass(frozen=True)
class Health:
    """What a container's health check says now (None: nothing to say yet, as in startPeriod)."""

    status: str | None


@dataclass(frozen=True)
class Started:
    """A container that was created and started: what the agent reports about it."""

    runtime_id: str
    network_bindings: list[NetworkBinding] | None = None  # None: the network mode has none
    image_digest: str | None = None
    note: str = ""  # appended to "<name> is RUNNING" on the timeline
    exited: Exit | None = None  # it exited at once


@dataclass(frozen=True)
class Attached:
    """awsvpc: the task's network interface is attached, with this address."""

    address: str
    note: str


class ContainerRuntime(Protocol):
    """The engine under one instance's agent."""

    #: The queue action kind the agent's steps use (the Docker runtime's are wall-clock paced).
    action_kind: str
    #: Appended to the timeline's "pulling ..." line (where the images come from).
    pull_source: str

    def duration(self, seconds: float) -> float:
        """How long a step that nominally takes `seconds` takes here."""

    def pull_seconds(self, images: Iterable[str | None], cached: set[str]) -> float:
        """How long pulling `images` takes, given the images already on the instance."""

    def attach_eni(self, task: Task) -> Attached | None:
        """awsvpc: give the task its network; None when there is no address to tell."""

    def pull(self, task: Task, container: Container) -> str | None:
        """Make the container's image local: its digest when known."""

    def start(self, task: Task, container: Container, spec: ContainerDefinition) -> Started:
        """Create and start the container (``docker create`` + ``docker start``)."""

    def on_event(
        self, task: Task, container: Container, progress: ContainerState, args: dict[str, Any]
    ) -> Exit | Health | None:
        """One of the runtime's own scheduled events (``exited``, ``health_check``) is due."""

    def stop(
        self, task: Task, container: Container, spec: ContainerDefinition
    ) -> tuple[str, float | None]:
        """Send the stop signal: (the signal sent, seconds until the process exits if known)."""

    def exited(self, task: Task, container: Container) -> Exit | None:
        """The container's exit, if it has exited without being reported yet."""

    def kill(self, task: Task, container: Container, exit_code: int) -> Exit | None:
        """SIGKILL: the exit, when already known (a simulated process dies with `exit_code`)."""

    def observe(
        self, watched: list[tuple[Task, Container]]
    ) -> Iterator[tuple[Task, Container, Exit | Health]]:
        """What changed on the engine since the last look (exits, health): the runtime's poll."""

    def release(self, task: Task) -> None:
        """Everything the task used besides its containers is given back (its network)."""
