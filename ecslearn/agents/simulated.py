"""The simulated container runtime: containers that run in virtual time.

It plays the Docker engine under a simulated instance's agent: pulls and starts take the agent
timings with a seeded random jitter (so tasks started together do not move in lockstep, yet the
same seed replays the same way), and what a container "does" is read from its definition, so
task definitions stay valid ECS JSON:

- ``dockerLabels["ecslearn.exit-after"]``: seconds after starting when the process exits
  (absent: it runs until stopped), with ``ecslearn.exit-code`` (default 0);
- ``ecslearn.unhealthy-after``: seconds after starting when its health check starts failing;
- ``ecslearn.stop-delay``: seconds it takes to exit after SIGTERM (default: the agent timings);
- ``ecslearn.http-status``: the HTTP status it answers load balancer health checks and requests
  with (default 200; anything the target group's matcher does not accept fails the check);
- ``ecslearn.log``: what it prints when it starts, one log event per line (absent: one line
  saying it started).

With the awslogs log driver (`ecslearn.agents.awslogs_driver`) its output goes to its
CloudWatch Logs stream: the ``ecslearn.log`` lines when it starts, ``received SIGTERM, shutting
down`` when it is asked to stop, ``exiting with code N`` when it exits by itself, ``health check
failed: <command>`` when its health check first fails. These are the process's own output (what
GetLogEvents answers), so they are English, as a real program's would be.

Like Docker, it runs each container's ``healthCheck`` (interval, retries, startPeriod) itself and
tells the agent the health it sees. ECS's rules on top (dependsOn, essential containers, stop
order, stopTimeout) are the task runner's (`ecslearn.agents.task_runner`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ecslearn.agents.agent import EcsAgent
from ecslearn.agents.agent_steps import schedule
from ecslearn.agents.awslogs_driver import start_logging, write
from ecslearn.agents.runtime import Attached, ContainerRuntimeError, Exit, Health, Started
from ecslearn.model.ecr import pinned_reference
from ecslearn.model.task import Container, NetworkBinding, Task
from ecslearn.model.task_definition import ContainerDefinition

if TYPE_CHECKING:
    from ecslearn.agents.agent_state import ContainerState
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

#: Where a simulated instance's dynamic host ports come from: the instance's ephemeral port range
#: (``/proc/sys/net/ipv4/ip_local_port_range``), 32768-60999 on the ECS-optimized Amazon Linux
#: AMIs. AWS documents 49153-65535 only as the fallback for an instance where that kernel
#: parameter is unavailable (PortMapping.hostPort), so a learner on AWS sees ports like 32768.
#: The lowest free port is taken first; AWS does not say in which order the agent picks them.
#: (Tasks on ecslearn's Docker agent get the port Docker itself publishes instead.)
EPHEMERAL_PORTS = range(32768, 61000)


def label(definition: ContainerDefinition, name: str) -> float | None:
    """A numeric ``ecslearn.*`` docker label, or None when absent or not a number."""
    raw = (definition.docker_labels or {}).get(f"ecslearn.{name}")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def simulated_agent(world: World, region: str, instance_arn: str) -> EcsAgent:
    """The agent of a simulated container instance."""
    return EcsAgent(world, region, instance_arn, SimulatedRuntime(world, region, instance_arn))


class SimulatedRuntime:
    """Containers in virtual time, for one instance."""

    action_kind = "agent"
    pull_source = ""

    def __init__(self, world: World, region: str, instance_arn: str) -> None:
        self.world = world
        self.region = region
        self.instance_arn = instance_arn

    @property
    def ecs(self) -> RegionState:
        return self.world.region_state(self.region)

    def duration(self, seconds: float) -> float:
        return self.world.jittered(seconds)

    def pull_seconds(self, images: Iterable[str | None], cached: set[str]) -> float:
        timings = self.world.timings
        return self.duration(
            max(
                timings.cached_pull_seconds if image in cached else timings.pull_seconds
                for image in images
            )
        )

    def attach_eni(self, task: Task) -> Attached | None:
        return None  # the simulated interface keeps the address ECS gave it

    def pull(self, task: Task, container: Container) -> str | None:
        """The simulated registries (ECR through the control plane) decide what pulls."""
        pulled, digest = self.world.plane.pull(self.ecs, container)
        if not pulled:
            raise ContainerRuntimeError(cannot_pull_reason(container))
        return digest

    def start(self, task: Task, container: Container, spec: ContainerDefinition) -> Started:
        """A container ID, its port bindings, and the exit and health checks its labels ask
        for, scheduled for this run (named by the second it started)."""
        runtime_id = f"{self.world.rng.getrandbits(256):064x}"
        start_logging(self.world, self.region, task, spec, runtime_id)
        self._print(task, spec, runtime_id, *startup_lines(spec))
        bindings = self._bind_ports(task, spec)
        run = self.world.now
        exit_after = label(spec, "exit-after")
        if exit_after is not None:
            code = int(label(spec, "exit-code") or 0)
            self._later(
                exit_after, "exited", task, container=container.name, run=run, exit_code=code
            )
        if spec.health_check is not None:
            self._later(
                spec.health_check.interval or 30,
                "health_check",
                task,
                container=container.name,
                run=run,
            )
        return Started(runtime_id=runtime_id, network_bindings=bindings)

    def _print(self, task: Task, spec: ContainerDefinition, runtime_id: str, *lines: str) -> None:
        """The container's output, now, into its awslogs stream (if it has one)."""
        now = round(self.world.clock.timestamp * 1000)
        write(self.world, self.region, task, spec, runtime_id, [(now, line) for line in lines])

    def _spec(self, task: Task, container: Container) -> ContainerDefinition:
        definition = self.ecs.task_definition_by_arn(task.task_definition_arn or "")
        return definition.container(container.name or "")

    def _later(self, delay: float, step: str, task: Task, **args: Any) -> None:
        schedule(
            self.world,
            self.action_kind,
            self.region,
            self.instance_arn,
            delay,
            step,
            task,
            **args,
        )

    def _bind_ports(self, task: Task, spec: ContainerDefinition) -> list[NetworkBinding] | None:
        if task.network_mode in ("awsvpc", "none"):
            return None
        if not spec.port_mappings:
            return []  # nothing to bind: no need to gather the ports the host has in use
        bindings = []
        used = self.world.plane.used_host_ports(self.ecs, self.instance_arn)
        for mapping in spec.port_mappings or []:
            protocol = mapping.effective_protocol
            host = mapping.container_port if task.network_mode == "host" else mapping.host_port
            if not host:
                host = next(p for p in EPHEMERAL_PORTS if (p, protocol) not in used)
                used.add((host, protocol))
            bindings.append(
                NetworkBinding(
                    bind_ip="0.0.0.0",
                    container_port=mapping.container_port,
                    host_port=host,
                    protocol=protocol,
                )
            )
        return bindings

    def on_event(
        self, task: Task, container: Container, progress: ContainerState, args: dict[str, Any]
    ) -> Exit | Health | None:
        if args["step"] == "exited":
            spec = self._spec(task, container)
            self._print(
                task, spec, container.runtime_id or "", f"exiting with code {args['exit_code']}"
            )
            return Exit(args["exit_code"])
        return self._health_check(task, container, progress)

    def _health_check(self, task: Task, container: Container, progress: ContainerState) -> Health:
        """Docker's HEALTHCHECK: failures in startPeriod do not count; `retries` in a row
        make it UNHEALTHY; one pass makes it HEALTHY. The next check is scheduled first."""
        spec = self._spec(task, container)
        check = spec.health_check
        assert check is not None
        elapsed = self.world.now - (progress.started_time or 0)
        unhealthy_after = label(spec, "unhealthy-after")
        failing = unhealthy_after is not None and elapsed >= unhealthy_after
        status = None
        if not failing:
            progress.health_failures = 0
            status = "HEALTHY"
        elif elapsed >= (check.start_period or 0):
            progress.health_failures += 1
            if progress.health_failures == 1:
                command = " ".join(check.command or [])
                self._print(
                    task, spec, container.runtime_id or "", f"health check failed: {command}"
                )
            if progress.health_failures >= (check.retries or 3):
                status = "UNHEALTHY"
        self._later(
            check.interval or 30,
            "health_check",
            task,
            container=container.name,
            run=progress.started_time,
        )
        return Health(status)

    def stop(
        self, task: Task, container: Container, spec: ContainerDefinition
    ) -> tuple[str, float | None]:
        delay = label(spec, "stop-delay")
        self._print(task, spec, container.runtime_id or "", "received SIGTERM, shutting down")
        return "SIGTERM", self.duration(self.world.timings.stop_seconds) if delay is None else delay

    def exited(self, task: Task, container: Container) -> Exit | None:
        return None  # a simulated process only exits through a scheduled event

    def kill(self, task: Task, container: Container, exit_code: int) -> Exit | None:
        return Exit(exit_code)

    def observe(
        self, watched: list[tuple[Task, Container]]
    ) -> Iterator[tuple[Task, Container, Exit | Health]]:
        return iter(())  # everything it does is a scheduled event

    def release(self, task: Task) -> None:
        """Nothing to give back: the simulated interface detaches in eni_detach_seconds."""


def startup_lines(spec: ContainerDefinition) -> list[str]:
    """What a simulated container prints when it starts: its ``ecslearn.log`` label's lines."""
    text = (spec.docker_labels or {}).get("ecslearn.log")
    if text is None:
        return [f"{spec.name} started ({spec.image})"]
    return text.splitlines()


def cannot_pull_reason(container: Container) -> str:
    """ECS's reason for a task whose image is not in its registry."""
    reference = container.image or ""
    if container.pinned_digest:
        reference = pinned_reference(reference, container.pinned_digest)
    return (
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
        f"failed to resolve ref {reference}: not found"
    )
