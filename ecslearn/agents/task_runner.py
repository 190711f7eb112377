"""The task runner: ECS's per-task rules, written once for every container runtime.

It pulls, then creates and starts containers in dependsOn order (START, COMPLETE, SUCCESS,
HEALTHY, with the target's startTimeout), applies the essential-container rule, attaches and
detaches awsvpc network interfaces, and stops containers in reverse dependency order: the stop
signal, then SIGKILL once stopTimeout has passed. The runtime under it (`ContainerRuntime`) does
the work; the control plane hears of every change through its report interface
(``submit_task_state_change``, ``submit_container_state_change``, ...), never by the runner
writing the ECS model itself. Steps that take time are queue actions of the runtime's
`action_kind`; the dependsOn verdicts and the stop order are pure functions in
`agents.dependencies`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.agents.agent_state import AgentState, ContainerState
from ecslearn.agents.agent_steps import narrate, schedule
from ecslearn.agents.dependencies import dependency, dependents
from ecslearn.agents.runtime import (
    EXIT_CODE_SIGKILL,
    ContainerRuntime,
    ContainerRuntimeError,
    Exit,
    Health,
)
from ecslearn.agents.task_secrets import SecretSteps

if TYPE_CHECKING:
    from ecslearn.agents.interface import AgentTimings
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World
    from ecslearn.model.task import Container, Task
    from ecslearn.model.task_definition import TaskDefinition

#: Steps the runtime schedules and answers itself (`ContainerRuntime.on_event`).
RUNTIME_EVENTS = frozenset({"exited", "health_check"})


class TaskRunner(SecretSteps):
    """Runs the tasks of one instance on `runtime`, keeping its bookkeeping in `state`."""

    def __init__(
        self,
        world: World,
        region: str,
        instance_arn: str,
        runtime: ContainerRuntime,
        state: AgentState,
    ) -> None:
        self.world = world
        self.region = region
        self.instance_arn = instance_arn
        self.runtime = runtime
        self.state = state

    # -- helpers -------------------------------------------------------------------------------
    @property
    def ecs(self) -> RegionState:
        return self.world.region_state(self.region)

    @property
    def timings(self) -> AgentTimings:
        """The world's timings, or the runtime's own (Fargate's micro-VMs take longer)."""
        return getattr(self.runtime, "timings", None) or self.world.timings

    def _later(self, delay: float, step: str, task: Task, **args: Any) -> None:
        kind, where = self.runtime.action_kind, self.instance_arn
        schedule(self.world, kind, self.region, where, delay, step, task, **args)

    def _definition(self, task: Task) -> TaskDefinition:
        return self.ecs.task_definition_by_arn(task.task_definition_arn or "")

    def _progress(self, task: Task, container: Container) -> ContainerState:
        return self.state.task(task.task_arn).container(container.name)

    def _task_change(self, task: Task, status: str | None = None, **fields: Any) -> None:
        self.world.plane.submit_task_state_change(self.ecs, task, status, **fields)

    def _container_change(
        self, task: Task, container: Container, status: str | None = None, **fields: Any
    ) -> None:
        self.world.plane.submit_container_state_change(
            self.ecs, task, container.name or "", status, **fields
        )

    def _fail(self, task: Task, stop_code: str, reason: str) -> None:
        self.world.plane.submit_task_stop(self.ecs, task, stop_code, reason)

    # -- starting ------------------------------------------------------------------------------
    def start_task(self, task: Task) -> None:
        """awsvpc tasks first get their network interface (PROVISIONING); then the pull."""
        if task.uses_eni:
            self._later(
                self.runtime.duration(self.timings.eni_attach_seconds), "eni_attached", task
            )
        else:
            self._begin_pull(task)

    def on_eni_attached(self, task: Task, args: dict[str, Any]) -> None:
        if task.desired_status == "STOPPED":
            return  # the stop already runs its course (DEPROVISIONING)
        try:
            attached = self.runtime.attach_eni(task)
        except ContainerRuntimeError as error:  # the ENI never attached
            self._all_fail(task, f"ResourceInitializationError: {error}")
            return
        if attached is not None:
            narrate(self.world, task, attached.note)
        self._task_change(
            task, "PENDING", private_ipv4_address=attached.address if attached else None
        )
        self._begin_pull(task)

    def _all_fail(self, task: Task, reason: str) -> None:
        """Nothing of the task can run: every container is STOPPED with `reason`."""
        for container in task.containers or []:
            self._container_change(task, container, "STOPPED", reason=reason)
        self._fail(task, "TaskFailedToStart", reason)

    def _begin_pull(self, task: Task) -> None:
        self._task_change(task, pull_started_at=self.world.clock.timestamp)
        images = {c.image for c in task.containers or []}
        delay = self.runtime.pull_seconds(images, self.state.images)
        listed = ", ".join(sorted(str(i) for i in images))
        narrate(self.world, task, f"pulling {listed}{self.runtime.pull_source}")
        self._later(delay, "pulled", task)

    def on_pulled(self, task: Task, args: dict[str, Any]) -> None:
        self._task_change(task, pull_stopped_at=self.world.clock.timestamp)
        if task.desired_status == "STOPPED":
            self.stop(task)
            return
        for container in task.containers or []:
            try:
                digest = self.runtime.pull(task, container)
            except ContainerRuntimeError as error:
                self._all_fail(task, str(error))
                return
            if digest:
                self._container_change(task, container, image_digest=digest)
        self.state.images.update(c.image or "" for c in task.containers or [])
        if self.secrets_read(task):  # the agent reads them once the images are in
            self._start_ready(task)

    # -- dependsOn -------------------------------------------------------------------------------
    def _dependency(self, task: Task, target: Container, condition: str) -> str:
        definition = self._definition(task).container(target.name or "")
        started_time = self._progress(task, target).started_time
        return dependency(condition, target, started_time, definition.start_timeout, self.world.now)

    def _start_ready(self, task: Task) -> None:
        """Start every container whose dependencies are met; fail those whose never will be."""
        if task.desired_status == "STOPPED":
            return
        definition = self._definition(task)
        for container in task.containers or []:
            progress = self._progress(task, container)
            if progress.has_started or progress.starting or container.last_status == "STOPPED":
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
                progress.starting = True
                self._later(
                    self.runtime.duration(self.timings.start_seconds),
                    "started",
                    task,
                    container=container.name,
                )
        self._maybe_running(task)

    def _cannot_start(self, task: Task, container: Container, reason: str) -> bool:
        """A container that will never start; an essential one fails the whole task.
        Returns True when the task is now stopping."""
        self._container_change(task, container, "STOPPED", reason=reason)
        narrate(self.world, task, f"{container.name} cannot start: {reason}", container)
        if not container.essential:
            return False
        self._fail(
            task,
            "TaskFailedToStart",
            f"TaskFailedToStart: essential container {container.name} could not start ({reason})",
        )
        return True

    def _maybe_running(self, task: Task) -> None:
        containers = task.containers or []
        settled = all(
            self._progress(task, c).has_started or c.last_status == "STOPPED" for c in containers
        )
        essentials_up = all(c.last_status == "RUNNING" for c in containers if c.essential)
        if settled and essentials_up and task.last_status in ("PROVISIONING", "PENDING"):
            self._task_change(task, "RUNNING")

    def on_started(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        progress = self._progress(task, container)
        if not progress.starting:
            return  # the start was cancelled
        progress.starting = False
        if task.desired_status == "STOPPED":  # the task is being stopped: it counts as stopped
            self._container_change(task, container, "STOPPED")
            self._stop_step(task)
            return
        spec = self.launch_spec(task, container.name or "")  # with overrides and secrets
        try:
            started = self.runtime.start(task, container, spec)
        except ContainerRuntimeError as error:
            if not self._cannot_start(task, container, f"CannotStartContainerError: {error}"):
                self._start_ready(task)
            return
        progress.started_time = self.world.now
        self._container_change(
            task,
            container,
            "RUNNING",
            runtime_id=started.runtime_id,
            image_digest=started.image_digest,
            network_bindings=started.network_bindings,
            health_status="UNKNOWN" if spec.health_check else None,
        )
        narrate(self.world, task, f"{container.name} is RUNNING{started.note}", container)
        for other in self._definition(task).container_definitions:
            if other.start_timeout and other.name == container.name:
                self._later(other.start_timeout, "recheck", task)
        if started.exited is not None:
            self._container_stopped(task, container, started.exited)
            return
        self._start_ready(task)

    def on_recheck(self, task: Task, args: dict[str, Any]) -> None:
        self._start_ready(task)

    # -- running containers ----------------------------------------------------------------------
    def on_runtime_event(self, task: Task, args: dict[str, Any]) -> None:
        """An event the runtime scheduled for one run of a container (its exit, a check)."""
        container = task.container(args["container"])
        progress = self._progress(task, container)
        if container.last_status != "RUNNING" or progress.started_time != args["run"]:
            return  # meant for a run that is over
        self.observed(task, container, self.runtime.on_event(task, container, progress, args))

    def observed(self, task: Task, container: Container, what: Exit | Health | None) -> None:
        """Report what the runtime saw happen to a running container."""
        if isinstance(what, Exit):
            self._container_stopped(task, container, what)
        elif isinstance(what, Health):
            if what.status and what.status != container.health_status:
                self.world.plane.container_health_changed(
                    self.ecs, task, container.name or "", what.status
                )
            self._start_ready(task)

    def poll(self) -> None:
        """Ask the runtime what changed for every running container of this instance."""
        watched = [
            (task, container)
            for task in self.ecs.tasks_on(self.instance_arn)
            if not task.is_stopped
            for container in task.containers or []
            if container.last_status == "RUNNING" and container.runtime_id
        ]
        if not watched:
            return
        for task, container, what in self.runtime.observe(watched):
            if container.last_status == "RUNNING" and not task.is_stopped:
                self.observed(task, container, what)

    def kill_container(self, task: Task, name: str, exit_code: int) -> None:
        container = task.container(name)
        if container.last_status != "RUNNING":
            return
        exit = self.runtime.kill(task, container, exit_code)
        if exit is not None:
            self._container_stopped(task, container, exit)

    def _container_stopped(self, task: Task, container: Container, exit: Exit) -> None:
        """A container's process ended: report it; an essential one stops the task."""
        if exit.note:
            narrate(self.world, task, f"{container.name} {exit.note}", container)
        self._container_change(
            task, container, "STOPPED", exit_code=exit.exit_code, reason=exit.reason
        )
        narrate(
            self.world,
            task,
            f"{container.name} exited with code {exit.exit_code}",
            container,
            exit_code=exit.exit_code,
        )
        if task.desired_status == "STOPPED":
            self._stop_step(task)
        elif container.essential:
            self._fail(task, "EssentialContainerExited", "Essential container in task exited")
        else:
            self._start_ready(task)

    # -- stopping, in reverse dependsOn order ------------------------------------------------------
    def stop(self, task: Task) -> None:
        if task.last_status in ("RUNNING", "ACTIVATING", "DEACTIVATING") or any(
            self._progress(task, c).has_started for c in task.containers or []
        ):
            self._task_change(task, "STOPPING")
        self._stop_step(task)

    def _stop_step(self, task: Task) -> None:
        """Signal every container none of whose dependents is still up; repeat while a
        container that never ran stops at once and so unblocks the ones it depended on."""
        waiting_on = dependents(self._definition(task))
        changed = True
        while changed:
            changed = False
            for container in task.containers or []:
                progress = self._progress(task, container)
                if container.last_status == "STOPPED" or progress.stop_signalled:
                    continue
                if any(
                    task.container(name).last_status != "STOPPED"
                    for name in waiting_on.get(container.name or "", ())
                ):
                    continue
                if container.last_status != "RUNNING":
                    progress.starting = False
                    self._container_change(task, container, "STOPPED")
                    changed = True
                    continue
                self._signal(task, container, progress)
        if all(c.last_status == "STOPPED" for c in task.containers or []):
            self._all_stopped(task)

    def _signal(self, task: Task, container: Container, progress: ContainerState) -> None:
        """The stop signal now; SIGKILL at stopTimeout unless the process exits before."""
        spec = self._definition(task).container(container.name or "")
        progress.stop_signalled = True
        timeout = spec.stop_timeout or self.timings.default_stop_timeout
        signal, exits_in = self.runtime.stop(task, container, spec)
        narrate(self.world, task, f"{container.name} sent {signal}", container)
        if exits_in is not None and exits_in < timeout:
            self._later(exits_in, "terminated", task, container=container.name)
        else:
            self._later(timeout, "killed", task, container=container.name)

    def on_terminated(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status == "RUNNING":
            self._container_stopped(task, container, Exit(0))

    def on_killed(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status != "RUNNING":
            return
        exit = self.runtime.exited(task, container)
        if exit is None:
            narrate(
                self.world,
                task,
                f"{container.name} did not stop within its stopTimeout: SIGKILL",
                container,
            )
            exit = self.runtime.kill(task, container, EXIT_CODE_SIGKILL)
        if exit is not None:
            self._container_stopped(task, container, exit)

    def _all_stopped(self, task: Task) -> None:
        if task.last_status == "DEPROVISIONING":
            return
        now = self.world.clock.timestamp
        if task.uses_eni:
            self._task_change(task, "DEPROVISIONING", execution_stopped_at=now)
            self.runtime.release(task)
            self._later(
                self.runtime.duration(self.timings.eni_detach_seconds), "deprovisioned", task
            )
        else:
            self._task_change(task, execution_stopped_at=now)
            self.runtime.release(task)
            self._stopped(task)

    def on_deprovisioned(self, task: Task, args: dict[str, Any]) -> None:
        self._stopped(task)

    def _stopped(self, task: Task) -> None:
        self.state.tasks.pop(task.task_arn or "", None)
        self._task_change(task, "STOPPED")
