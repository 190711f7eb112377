"""The control plane's reactions to what agents report, and what agents may ask of it.

Agents call into this object; services (REPLICA and DAEMON schedulers) hook in here to react
to tasks that start, turn unhealthy or stop. Keeping these in one place keeps the agent ignorant
of services, as the real ECS agent is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.agents.base import Agent
from ecslearn.control import lifecycle
from ecslearn.control.load_balancing import service_tasks
from ecslearn.control.services import reconcile
from ecslearn.control.state import RegionState
from ecslearn.model.task import Container, Task
from ecslearn.services.ecr import rules as ecr

if TYPE_CHECKING:
    from ecslearn.control.world import World


class ControlPlane:
    """What the ECS backend does between API calls."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.agents: dict[str, Agent] = {}

    def agent_for(self, state: RegionState, instance_arn: str) -> Agent:
        """The instance's agent; instances registered through the API get a simulated one."""
        agent = self.agents.get(instance_arn)
        if agent is None:
            from ecslearn.agents.simulated import SimulatedAgent

            agent = SimulatedAgent(self.world, state.region, instance_arn)
            self.agents[instance_arn] = agent
        return agent

    def pull(self, state: RegionState, container: Container) -> tuple[bool, str | None]:
        """What pulling the container's image from the simulated registries gives: (pulled?,
        digest). Public images always pull (ecslearn does not know their digests); an ECR image
        must be in its repository, by the digest ECS pinned or else by its tag."""
        image = container.image or ""
        if not ecr.is_ecr_reference(image):
            return True, None
        reference = (
            ecr.pinned_reference(image, container.pinned_digest)
            if container.pinned_digest
            else image
        )
        resolved = ecr.resolve(state, reference)
        return (resolved is not None), (resolved[1] if resolved else None)

    def used_host_ports(self, state: RegionState, instance_arn: str) -> set[tuple[int, str]]:
        """Every (port, protocol) taken on the instance: reserved, static and dynamic."""
        instance = state.instances[instance_arn]
        used = {(int(p), "tcp") for p in instance.registered("PORTS") or []}
        used |= {(int(p), "udp") for p in instance.registered("PORTS_UDP") or []}
        for task in state.tasks_on(instance_arn):
            if task.is_stopped:
                continue
            used |= {(p, "tcp") for p in task.static_tcp_ports}
            used |= {(p, "udp") for p in task.static_udp_ports}
            for container in task.containers or []:
                for binding in container.network_bindings or []:
                    used.add((binding.host_port or 0, binding.protocol or "tcp"))
        return used

    # -- reactions -------------------------------------------------------------------------------
    def task_running(self, state: RegionState, task: Task) -> None:
        """Its essential containers are up: register its load balancer targets (ACTIVATING),
        then RUNNING."""
        service_tasks.register_targets(self.world, state, task)
        lifecycle.set_status(self.world, task, "RUNNING")
        reconcile.task_started(self.world, state, task)

    def task_deactivating(self, state: RegionState, task: Task) -> bool:
        """The task is to stop: deregister its targets first (DEACTIVATING). True when its
        agent must wait until they have drained."""
        return service_tasks.deregister_targets(self.world, state, task)

    def target_drained(self, state: RegionState, task: Task) -> None:
        """A target of the task finished draining; the last one lets its agent stop it."""
        service_tasks.targets_drained(self.world, state, task)

    def task_health_changed(self, state: RegionState, task: Task) -> None:
        """Standalone tasks keep running when unhealthy; services replace theirs on their
        next reconcile."""

    def task_stopped(self, state: RegionState, task: Task) -> None:
        service_tasks.deregister_targets(self.world, state, task)  # one that stopped unannounced
        reconcile.task_stopped(self.world, state, task)

    def target_healthy(self, state: RegionState, task: Task) -> bool:
        """Whether every load balancer target of the task (if it has any) is healthy."""
        return service_tasks.targets_healthy(state, task)

    def unsettled(self, state: RegionState) -> list[str]:
        """Services that have not reached a steady state."""
        return reconcile.unsettled(self.world, state)
