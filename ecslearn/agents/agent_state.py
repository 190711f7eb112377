"""The agent's own bookkeeping, kept off the ECS model.

What ECS reports about a task and its containers lives on `ecslearn.model.task`; what only the
agent needs in order to run them (a start under way, a stop signal sent, when a container's
current run began, the images on the instance, work held back while disconnected) lives here.
It is plain data so that it saves and loads with the world (`ecslearn.control.snapshot`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ContainerState:
    """One container as its agent tracks it."""

    started_time: float | None = None  # simulated second it reached RUNNING (names its run)
    starting: bool = False  # a start is scheduled
    stop_signalled: bool = False  # the stop signal was sent
    health_failures: int = 0  # the runtime's consecutive failed checks (Docker's FailingStreak)
    #: the environment the current run was started with (`Simulation.container_environment`)
    environment: dict[str, str] | None = None

    @property
    def has_started(self) -> bool:
        return self.started_time is not None


@dataclass
class TaskState:
    """One task on the instance, as its agent tracks it."""

    containers: dict[str, ContainerState] = field(default_factory=dict)
    #: the secrets the agent read when the task started: container -> {env name: value}
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)

    def container(self, name: str | None) -> ContainerState:
        return self.containers.setdefault(name or "", ContainerState())


@dataclass
class AgentState:
    """Everything an agent keeps between steps."""

    deferred: list[dict[str, Any]] = field(default_factory=list)  # held back while disconnected
    images: set[str] = field(default_factory=set)  # pulled onto the instance (the image cache)
    tasks: dict[str, TaskState] = field(default_factory=dict)  # by task ARN, while it runs

    def task(self, arn: str | None) -> TaskState:
        return self.tasks.setdefault(arn or "", TaskState())

    @property
    def empty(self) -> bool:
        return not (self.deferred or self.images or self.tasks)
