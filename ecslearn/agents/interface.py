"""The agent protocol: what the control plane asks of the thing running on each instance.

Like the real ECS agent (and Kubernetes' kubelet), an agent receives task assignments, runs the
containers, and reports every change back. The control plane never knows whether an agent is
simulated or drives real Docker containers; tests can plug in their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ecslearn.model.task import Task


class Agent(Protocol):
    """One instance's agent."""

    instance_arn: str

    def start_task(self, task: Task) -> None:
        """A task was placed on this instance: pull, create and start its containers."""

    def stop_task(self, task: Task) -> None:
        """The task's desired status became STOPPED: stop its containers in reverse order."""

    def kill_container(self, task: Task, container: str, exit_code: int) -> None:
        """A fault for lessons: the container's process dies with `exit_code`."""

    def reconnect(self) -> None:
        """The agent's connection to the control plane came back: report what it missed."""


@dataclass
class AgentTimings:
    """How long the simulated agent's work takes, in simulated seconds.

    Each duration gets a seeded random jitter of +/- `jitter` (a fraction), so tasks started
    together do not move in lockstep, yet the same seed replays the same way.
    """

    pull_seconds: float = 4.0  # an image not yet on the instance
    cached_pull_seconds: float = 0.5  # an image the instance already pulled
    start_seconds: float = 1.0  # docker create + start
    stop_seconds: float = 1.0  # a container's graceful exit after SIGTERM
    eni_attach_seconds: float = 5.0  # awsvpc: PROVISIONING
    eni_detach_seconds: float = 3.0  # awsvpc: DEPROVISIONING
    default_stop_timeout: float = 30.0  # ECS_CONTAINER_STOP_TIMEOUT
    # EC2 instances launched through the EC2 API (sim.launch_instances skips these waits):
    boot_seconds: float = 20.0  # RunInstances/StartInstances: pending -> running
    agent_start_seconds: float = 15.0  # running -> the ECS agent calls RegisterContainerInstance
    agent_retry_seconds: float = 60.0  # an agent that could not register tries again
    instance_stop_seconds: float = 15.0  # StopInstances: stopping -> stopped
    shutdown_seconds: float = 10.0  # TerminateInstances: shutting-down -> terminated
    # Fargate (each task its own micro-VM, no image cache): AWS finds capacity and attaches the
    # task's ENI (PROVISIONING), pulls every image afresh (PENDING), and after the containers
    # stop detaches and deletes the ENI (DEPROVISIONING). ecslearn's choice of typical values.
    fargate_provision_seconds: float = 15.0
    fargate_pull_seconds: float = 12.0
    fargate_deprovision_seconds: float = 20.0
    jitter: float = 0.2
