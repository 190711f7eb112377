"""The simulated ECS agent: runs tasks in virtual time, as the real agent runs them on a host.

It pulls images, starts containers in dependsOn order (START, COMPLETE, SUCCESS, HEALTHY, with
the target's startTimeout), runs health checks (interval, retries, startPeriod), enforces the
essential-container rule through the control plane, and stops containers in reverse
dependency order: SIGTERM, then SIGKILL after stopTimeout.

What a container "does" is read from its definition, so task definitions stay valid ECS JSON:

- ``dockerLabels["ecslearn.exit-after"]``: seconds after starting when the process exits
  (absent: it runs until stopped), with ``ecslearn.exit-code`` (default 0);
- ``ecslearn.unhealthy-after``: seconds after starting when its health check starts failing;
- ``ecslearn.stop-delay``: seconds it takes to exit after SIGTERM (default: the agent timings);
- ``ecslearn.http-status``: the HTTP status it answers load balancer health checks and requests
  with (default 200; anything the target group's matcher does not accept fails the check).

While the agent is disconnected its work is held back and happens when it reconnects, so the
control plane only ever sees what a connected agent reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control import lifecycle
from ecslearn.control.queue import action_handler
from ecslearn.model.task import Container, NetworkBinding, Task
from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition
from ecslearn.services.ecr.rules import pinned_reference

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

EPHEMERAL_PORTS = range(49153, 65536)
EXIT_CODE_SIGKILL = 137


def label(definition: ContainerDefinition, name: str) -> float | None:
    """A numeric ``ecslearn.*`` docker label, or None when absent or not a number."""
    raw = (definition.docker_labels or {}).get(f"ecslearn.{name}")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


class SimulatedAgent:
    """The agent of one simulated container instance."""

    def __init__(self, world: World, region: str, instance_arn: str) -> None:
        self.world = world
        self.region = region
        self.instance_arn = instance_arn
        self.deferred: list[dict[str, Any]] = []

    # -- helpers -----------------------------------------------------------------------------
    @property
    def state(self) -> RegionState:
        return self.world.region_state(self.region)

    @property
    def connected(self) -> bool:
        instance = self.state.instances.get(self.instance_arn)
        return bool(instance and instance.agent_connected)

    def _jittered(self, seconds: float) -> float:
        spread = self.world.timings.jitter
        return seconds * (1 + self.world.rng.uniform(-spread, spread)) if seconds > 0 else 0.0

    #: The queue action kind whose handler runs this agent's steps.
    ACTION_KIND = "agent"

    def _later(self, delay: float, step: str, task: Task, **args: Any) -> None:
        self.world.queue.push(
            self.world.now + delay,
            self.ACTION_KIND,
            region=self.region,
            instance=self.instance_arn,
            task=task.task_arn,
            step=step,
            **args,
        )

    def _definition(self, task: Task) -> TaskDefinition:
        return self.state.task_definition_by_arn(task.task_definition_arn or "")

    def _record(self, task: Task, message: str, container: Container | None = None, **d: Any):
        """Timeline entry; messages name the task by its first 8 ID characters, as consoles do."""
        name = container.name if container else None
        lifecycle.record(
            self.world,
            task,
            "container" if container else "task",
            f"{task.id[:8]} {message}",
            container=name,
            **d,
        )

    # -- the protocol ------------------------------------------------------------------------
    def start_task(self, task: Task) -> None:
        if task.uses_eni:
            self._later(self._jittered(self.world.timings.eni_attach_seconds), "eni_attached", task)
        else:
            self._begin_pull(task)

    def stop_task(self, task: Task) -> None:
        if not self.connected:
            self.deferred.append({"step": "stop", "task": task.task_arn})
            return
        self._stop(task)

    def kill_container(self, task: Task, container: str, exit_code: int) -> None:
        target = task.container(container)
        if target.last_status != "RUNNING":
            return
        self._container_stopped(task, target, exit_code, reason=None)

    def reconnect(self) -> None:
        deferred, self.deferred = self.deferred, []
        for args in deferred:
            self.run(args)

    # -- actions -----------------------------------------------------------------------------
    def run(self, args: dict[str, Any]) -> None:
        """Carry out one scheduled step (or hold it back while disconnected)."""
        if not self.connected:
            self.deferred.append(args)
            return
        task = self.state.tasks.get(args["task"])
        if task is None or task.is_stopped:
            return
        if args["step"] == "stop":
            self._stop(task)
            return
        getattr(self, "_on_" + args["step"])(task, args)

    def _on_eni_attached(self, task: Task, args: dict[str, Any]) -> None:
        if task.desired_status == "STOPPED":
            return
        lifecycle.set_status(self.world, task, "PENDING")
        self._begin_pull(task)

    def _begin_pull(self, task: Task) -> None:
        instance = self.state.instances[self.instance_arn]
        task.pull_started_at = self.world.clock.timestamp
        images = {c.image for c in task.containers or []}
        slowest = max(
            self.world.timings.cached_pull_seconds
            if image in instance.pulled_images
            else self.world.timings.pull_seconds
            for image in images
        )
        self._record(task, f"pulling {', '.join(sorted(str(i) for i in images))}")
        self._later(self._jittered(slowest), "pulled", task)

    def _on_pulled(self, task: Task, args: dict[str, Any]) -> None:
        task.pull_stopped_at = self.world.clock.timestamp
        if task.desired_status == "STOPPED":
            self._stop(task)
            return
        for container in task.containers or []:
            reason = self._pull_image(task, container)
            if reason is not None:
                for each in task.containers or []:
                    each.last_status, each.reason = "STOPPED", reason
                lifecycle.request_stop(self.world, self.state, task, "TaskFailedToStart", reason)
                return
        self.state.instances[self.instance_arn].pulled_images.update(
            c.image or "" for c in task.containers or []
        )
        self._start_ready(task)

    def _pull_image(self, task: Task, container: Container) -> str | None:
        """Pull one container's image; None when it is there, else ECS's reason it is not.
        (The Docker agent pulls for real; the rest of a pull is the same for both.)"""
        pulled, digest = self.world.plane.pull(self.state, container)
        container.image_digest = digest or container.image_digest
        return None if pulled else cannot_pull_reason(container)

    # -- starting, in dependsOn order ----------------------------------------------------------
    def _dependency(self, task: Task, target: Container, condition: str) -> str:
        """ "ready", "wait" or "never" for one dependsOn entry."""
        definition = self._definition(task).container(target.name or "")
        if condition == "START":
            met = target.has_started
        elif condition == "COMPLETE":
            met = target.has_started and target.last_status == "STOPPED"
        elif condition == "SUCCESS":
            if target.has_started and target.last_status == "STOPPED" and target.exit_code != 0:
                return "never"
            met = target.last_status == "STOPPED" and target.exit_code == 0
        else:  # HEALTHY
            met = target.health_status == "HEALTHY"
        if met:
            return "ready"
        if target.last_status == "STOPPED":
            return "never"
        timeout = definition.start_timeout
        if (
            timeout
            and target.started_time is not None
            and (self.world.now >= target.started_time + timeout)
        ):
            return "never"
        return "wait"

    def _start_ready(self, task: Task) -> None:
        if task.desired_status == "STOPPED":
            return
        definition = self._definition(task)
        for container in task.containers or []:
            if container.has_started or container.starting or container.last_status == "STOPPED":
                continue
            spec = definition.container(container.name or "")
            verdicts = {
                dep.container_name: self._dependency(
                    task, task.container(dep.container_name), dep.condition
                )
                for dep in spec.depends_on or []
            }
            blocked = [name for name, verdict in verdicts.items() if verdict == "never"]
            if blocked:
                reason = (
                    f"CannotStartContainerError: dependsOn condition on {', '.join(blocked)} "
                    "can no longer be met"
                )
                if self._cannot_start(task, container, reason):
                    return
                continue
            if all(verdict == "ready" for verdict in verdicts.values()):
                container.starting = True
                self._later(
                    self._jittered(self.world.timings.start_seconds),
                    "started",
                    task,
                    container=container.name,
                )
        self._maybe_running(task)

    def _cannot_start(self, task: Task, container: Container, reason: str) -> bool:
        """Mark a container that will never start; an essential one fails the whole task.
        Returns True when the task is now stopping."""
        container.last_status = "STOPPED"
        container.reason = reason
        self._record(task, f"{container.name} cannot start: {reason}", container)
        if not container.essential:
            return False
        lifecycle.request_stop(
            self.world,
            self.state,
            task,
            "TaskFailedToStart",
            f"TaskFailedToStart: essential container {container.name} could not start ({reason})",
        )
        return True

    def _maybe_running(self, task: Task) -> None:
        containers = task.containers or []
        settled = all(c.has_started or c.last_status == "STOPPED" for c in containers)
        essentials_up = all(c.last_status == "RUNNING" for c in containers if c.essential)
        if settled and essentials_up and task.last_status in ("PROVISIONING", "PENDING"):
            task.started_at = self.world.clock.timestamp
            task.connectivity, task.connectivity_at = "CONNECTED", task.started_at
            self.world.plane.task_running(self.state, task)

    def _claim_start(self, task: Task, args: dict[str, Any]) -> Container | None:
        """The container whose start is due, or None when the start no longer applies (it was
        cancelled, or the task is being stopped: then the container counts as stopped)."""
        container = task.container(args["container"])
        if not container.starting:
            return None
        container.starting = False
        if task.desired_status == "STOPPED":
            container.last_status = "STOPPED"
            self._stop_step(task)
            return None
        return container

    def _on_started(self, task: Task, args: dict[str, Any]) -> None:
        container = self._claim_start(task, args)
        if container is None:
            return
        spec = self._definition(task).container(container.name or "")
        container.last_status = "RUNNING"
        container.started_time = self.world.now
        container.runtime_id = f"{self.world.rng.getrandbits(256):064x}"
        container.health_status = "UNKNOWN" if spec.health_check else container.health_status
        self._bind_ports(task, container, spec)
        self._record(task, f"{container.name} is RUNNING", container)
        exit_after = label(spec, "exit-after")
        if exit_after is not None:
            code = int(label(spec, "exit-code") or 0)
            self._later(
                exit_after,
                "exited",
                task,
                container=container.name,
                run=container.started_time,
                exit_code=code,
            )
        if spec.health_check is not None:
            self._later(
                spec.health_check.interval or 30,
                "health_check",
                task,
                container=container.name,
                run=container.started_time,
            )
        for other in self._definition(task).container_definitions:
            target = task.container(other.name or "")
            if other.start_timeout and target is container:
                self._later(other.start_timeout, "recheck", task)
        self._start_ready(task)

    def _on_recheck(self, task: Task, args: dict[str, Any]) -> None:
        self._start_ready(task)

    def _bind_ports(self, task: Task, container: Container, spec: ContainerDefinition) -> None:
        if task.network_mode in ("awsvpc", "none"):
            return
        bindings = []
        used = self.world.plane.used_host_ports(self.state, self.instance_arn)
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
        container.network_bindings = bindings

    # -- running containers --------------------------------------------------------------------
    def _on_exited(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status == "RUNNING" and container.started_time == args["run"]:
            self._container_stopped(task, container, args["exit_code"], reason=None)

    def _on_health_check(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status != "RUNNING" or container.started_time != args["run"]:
            return
        spec = self._definition(task).container(container.name or "")
        check = spec.health_check
        assert check is not None
        elapsed = self.world.now - (container.started_time or 0)
        unhealthy_after = label(spec, "unhealthy-after")
        failing = unhealthy_after is not None and elapsed >= unhealthy_after
        if not failing:
            container.health_failures = 0
            lifecycle.update_health(self.world, task, container, "HEALTHY")
        elif elapsed >= (check.start_period or 0):
            container.health_failures += 1
            if container.health_failures >= (check.retries or 3):
                lifecycle.update_health(self.world, task, container, "UNHEALTHY")
        self.world.plane.task_health_changed(self.state, task)
        self._later(
            check.interval or 30,
            "health_check",
            task,
            container=container.name,
            run=container.started_time,
        )
        self._start_ready(task)

    def _container_stopped(
        self, task: Task, container: Container, exit_code: int | None, reason: str | None
    ) -> None:
        container.last_status = "STOPPED"
        container.exit_code = exit_code
        if reason:
            container.reason = reason
        self._record(
            task, f"{container.name} exited with code {exit_code}", container, exit_code=exit_code
        )
        if task.desired_status == "STOPPED":
            self._stop_step(task)
        elif container.essential:
            lifecycle.request_stop(
                self.world,
                self.state,
                task,
                "EssentialContainerExited",
                "Essential container in task exited",
            )
        else:
            self._start_ready(task)

    # -- stopping, in reverse dependsOn order ----------------------------------------------------
    def _stop(self, task: Task) -> None:
        if task.last_status in ("RUNNING", "ACTIVATING", "DEACTIVATING") or any(
            c.has_started for c in task.containers or []
        ):
            lifecycle.set_status(self.world, task, "STOPPING")
        self._stop_step(task)

    def _stop_step(self, task: Task) -> None:
        """Signal every container none of whose dependents is still up; repeat while a
        container that never ran stops at once and so unblocks the ones it depended on."""
        definition = self._definition(task)
        dependents: dict[str, set[str]] = {}
        for spec in definition.container_definitions:
            for dep in spec.depends_on or []:
                dependents.setdefault(dep.container_name, set()).add(spec.name or "")
        changed = True
        while changed:
            changed = False
            for container in task.containers or []:
                if container.last_status == "STOPPED" or container.stop_signalled:
                    continue
                if any(
                    task.container(name).last_status != "STOPPED"
                    for name in dependents.get(container.name or "", ())
                ):
                    continue
                if container.last_status != "RUNNING":
                    container.starting = False
                    container.last_status = "STOPPED"
                    changed = True
                    continue
                self._signal(task, container, definition.container(container.name or ""))
        if all(c.last_status == "STOPPED" for c in task.containers or []):
            self._all_stopped(task)

    def _signal(self, task: Task, container: Container, spec: ContainerDefinition) -> None:
        """SIGTERM now; the container exits after its stop delay, or SIGKILL at stopTimeout."""
        container.stop_signalled = True
        timeout = spec.stop_timeout or self.world.timings.default_stop_timeout
        delay = label(spec, "stop-delay")
        delay = self._jittered(self.world.timings.stop_seconds) if delay is None else delay
        self._record(task, f"{container.name} sent SIGTERM", container)
        if delay < timeout:
            self._later(delay, "terminated", task, container=container.name)
        else:
            self._later(timeout, "killed", task, container=container.name)

    def _on_terminated(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status == "RUNNING":
            self._container_stopped(task, container, 0, reason=None)

    def _on_killed(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status == "RUNNING":
            self._record(
                task, f"{container.name} did not stop within its stopTimeout: SIGKILL", container
            )
            self._container_stopped(task, container, EXIT_CODE_SIGKILL, reason=None)

    def _all_stopped(self, task: Task) -> None:
        if task.last_status == "DEPROVISIONING":
            return
        task.execution_stopped_at = self.world.clock.timestamp
        if task.uses_eni:
            lifecycle.set_status(self.world, task, "DEPROVISIONING")
            self._later(
                self._jittered(self.world.timings.eni_detach_seconds), "deprovisioned", task
            )
        else:
            lifecycle.finish(self.world, self.state, task)

    def _on_deprovisioned(self, task: Task, args: dict[str, Any]) -> None:
        lifecycle.finish(self.world, self.state, task)


def cannot_pull_reason(container: Container) -> str:
    """ECS's reason for a task whose image is not in its registry."""
    reference = container.image or ""
    if container.pinned_digest:
        reference = pinned_reference(reference, container.pinned_digest)
    return (
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
        f"failed to resolve ref {reference}: not found"
    )


@action_handler("agent")
def _agent_step(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    agent = world.plane.agent_for(state, args["instance"])
    if isinstance(agent, SimulatedAgent):
        agent.run(args)
