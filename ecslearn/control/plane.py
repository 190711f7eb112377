"""The control plane's side of the agent boundary: what agents may ask, and what they report.

Agents report through a narrow interface named after the real agent's calls
(SubmitTaskStateChange, SubmitContainerStateChange): they never write the ECS model or call the
lifecycle themselves. Here the reports become model changes and the lifecycle's transitions, and
services (REPLICA and DAEMON schedulers, load balancers) react to tasks that start, turn
unhealthy or stop. Keeping these in one place keeps the agent ignorant of services, as the real
ECS agent is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.agents.interface import Agent
from ecslearn.control import fargate, lifecycle
from ecslearn.control.cloud_map import registries as cloud_map
from ecslearn.control.load_balancing import service_tasks
from ecslearn.control.services import reconcile
from ecslearn.control.state import RegionState
from ecslearn.model.ecr import is_ecr_reference, pinned_reference
from ecslearn.model.task import Container, NetworkBinding, Task
from ecslearn.services.ecr import rules as ecr

if TYPE_CHECKING:
    from ecslearn.control.world import World


class ControlPlane:
    """What the ECS backend does between API calls."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.agents: dict[str, Agent] = {}

    def agent_for(self, state: RegionState, instance_arn: str) -> Agent:
        """The instance's agent; instances registered through the API get a simulated one. A
        Fargate task's own agent is named by the task's ARN (`Task.agent_key`)."""
        agent = self.agents.get(instance_arn)
        if agent is None:
            if instance_arn not in state.instances and instance_arn in state.tasks:
                return fargate.task_agent(self.world, state, self.agents, instance_arn)
            from ecslearn.agents.simulated import simulated_agent

            agent = simulated_agent(self.world, state.region, instance_arn)
            self.agents[instance_arn] = agent
        return agent

    def pull(self, state: RegionState, container: Container) -> tuple[bool, str | None]:
        """What pulling the container's image from the simulated registries gives: (pulled?,
        digest). Public images always pull (ecslearn does not know their digests); an ECR image
        must be in its repository, by the digest ECS pinned or else by its tag."""
        image = container.image or ""
        if not is_ecr_reference(image):
            return True, None
        reference = (
            pinned_reference(image, container.pinned_digest) if container.pinned_digest else image
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

    # -- what agents report ---------------------------------------------------------------------
    def submit_task_state_change(
        self,
        state: RegionState,
        task: Task,
        status: str | None = None,
        *,
        pull_started_at: float | None = None,
        pull_stopped_at: float | None = None,
        execution_stopped_at: float | None = None,
        private_ipv4_address: str | None = None,
    ) -> None:
        """The task moved to `status` (None: only the given timestamps or address changed).
        RUNNING registers its load balancer targets first (ACTIVATING); STOPPED releases its
        resources and lets services react."""
        if pull_started_at is not None:
            task.pull_started_at = pull_started_at
        if pull_stopped_at is not None:
            task.pull_stopped_at = pull_stopped_at
        if execution_stopped_at is not None:
            task.execution_stopped_at = execution_stopped_at
        if private_ipv4_address is not None:
            _set_address(task, private_ipv4_address)
        if status == "RUNNING":
            task.started_at = self.world.clock.timestamp
            task.connectivity, task.connectivity_at = "CONNECTED", task.started_at
            service_tasks.register_targets(self.world, state, task)
            lifecycle.set_status(self.world, state, task, "RUNNING")
            cloud_map.task_running(self.world, state, task)
            reconcile.task_started(self.world, state, task)
        elif status == "STOPPED":
            lifecycle.finish(self.world, state, task)
        elif status is not None:
            lifecycle.set_status(self.world, state, task, status)

    def submit_container_state_change(
        self,
        state: RegionState,
        task: Task,
        container: str,
        status: str | None = None,
        *,
        exit_code: int | None = None,
        reason: str | None = None,
        runtime_id: str | None = None,
        image_digest: str | None = None,
        network_bindings: list[NetworkBinding] | None = None,
        health_status: str | None = None,
    ) -> None:
        """A container moved to `status` (None: only what is given changed). Values left None
        are unchanged; a `health_status` given here is the container's first (UNKNOWN while
        its health check has not passed yet), not a change worth a timeline entry."""
        target = task.container(container)
        if status is not None:
            target.last_status = status
        if exit_code is not None:
            target.exit_code = exit_code
        if reason is not None:
            target.reason = reason
        if runtime_id is not None:
            target.runtime_id = runtime_id
        if image_digest is not None:
            target.image_digest = image_digest
        if network_bindings is not None:
            target.network_bindings = network_bindings
        if health_status is not None:
            target.health_status = health_status

    def container_health_changed(
        self, state: RegionState, task: Task, container: str, health_status: str
    ) -> None:
        """A container's health check result changed; the task's health follows its essential
        containers. Standalone tasks keep running when unhealthy; services replace theirs on
        their next reconcile."""
        was = task.health_status
        lifecycle.update_health(self.world, task, task.container(container), health_status)
        if task.health_status != was:
            cloud_map.health_changed(self.world, state, task)

    def submit_task_stop(
        self, state: RegionState, task: Task, stop_code: str, stopped_reason: str
    ) -> None:
        """The agent stops a task on its own: an essential container exited, or the task
        could not start (TaskFailedToStart)."""
        lifecycle.request_stop(self.world, state, task, stop_code, stopped_reason)

    # -- what the rest of the control plane asks ---------------------------------------------------
    def task_deactivating(self, state: RegionState, task: Task) -> bool:
        """The task is to stop: deregister its targets first (DEACTIVATING). True when its
        agent must wait until they have drained. Its Cloud Map registrations go at once."""
        cloud_map.task_leaving(self.world, state, task)
        return service_tasks.deregister_targets(self.world, state, task)

    def target_drained(self, state: RegionState, task: Task) -> None:
        """A target of the task finished draining; the last one lets its agent stop it."""
        service_tasks.targets_drained(self.world, state, task)

    def task_stopped(self, state: RegionState, task: Task) -> None:
        """The task is STOPPED (reported by its agent, or its instance went away)."""
        service_tasks.deregister_targets(self.world, state, task)  # one that stopped unannounced
        cloud_map.task_leaving(self.world, state, task)
        if task.is_fargate:
            fargate.task_stopped(self.world, state, self.agents, task)
        reconcile.task_stopped(self.world, state, task)

    def target_healthy(self, state: RegionState, task: Task) -> bool:
        """Whether every load balancer target of the task (if it has any) is healthy."""
        return service_tasks.targets_healthy(state, task)

    def unsettled(self, state: RegionState) -> list[str]:
        """Services that have not reached a steady state; EC2 instances on their way to a state,
        ECS agents about to start; Auto Scaling groups on their way to their desired capacity."""
        return (
            reconcile.unsettled(self.world, state)
            + state.ec2.unsettled()
            + state.autoscaling.unsettled()
            + state.service_discovery.unsettled()
        )


def _set_address(task: Task, address: str) -> None:
    """awsvpc: the address of the task's network interface, on the task and its containers."""
    for attachment in task.attachments or []:
        attachment["status"] = "ATTACHED"
        for detail in attachment.get("details", []):
            if detail.get("name") == "privateIPv4Address":
                detail["value"] = address
    for container in task.containers or []:
        for interface in container.network_interfaces or []:
            interface["privateIpv4Address"] = address
