"""The Docker container runtime: a Docker instance's containers are real, on the local engine.

`DockerRuntime` does what `ecslearn.agents.docker` describes (images from the local engine or
the local registry, ``docker create`` with the definition's limits, networks for ``links`` and
``awsvpc``, Docker's own health checks, real exit codes); the task runner above it keeps ECS's
rules. Real work takes the time it takes, so no step is jittered or delayed: the Docker agent's
steps are paced to the wall clock instead (``docker.agent`` actions).
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecslearn.agents import docker_config as config
from ecslearn.agents.awslogs_driver import start_logging
from ecslearn.agents.docker_exits import exit_of, read_exit
from ecslearn.agents.docker_http import DockerTargetCalls
from ecslearn.agents.docker_logs import DockerLogShipper
from ecslearn.agents.runtime import Attached, ContainerRuntimeError, Exit, Health, Started
from ecslearn.agents.simulated import cannot_pull_reason
from ecslearn.model.ecr import is_ecr_reference, parse_image_reference
from ecslearn.model.task import Container, Task
from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition

if TYPE_CHECKING:
    from ecslearn.agents.agent_state import ContainerState
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

MIN_CPU_SHARES = 2  # Docker refuses 0 and 1; the ECS agent raises them to 2
PAUSE_IMAGE = "ecslearn/busybox:1"

LABEL_CLUSTER = "ecslearn.cluster"
LABEL_TASK = "ecslearn.task"
LABEL_CONTAINER = "ecslearn.container"
LABEL_INSTANCE = "ecslearn.instance"
LABEL_SESSION = "ecslearn.session"  # the Python process that created it
LABEL_SIMULATION = "ecslearn.simulation"  # one world (two with one seed share instance IDs)
LABEL_EXEC = "ecslearn.exec"  # the task was started with enableExecuteCommand

#: Identifies this process's containers, for the clean-up when the interpreter exits.
SESSION = secrets.token_hex(6)

#: Docker's health, as `docker ps` shows it, in ECS's words.
_HEALTH = {"(health: starting)": "UNKNOWN", "(healthy)": "HEALTHY", "(unhealthy)": "UNHEALTHY"}


@dataclass
class _Run:
    """What the runtime created on the engine for one task besides its containers."""

    network: str | None = None
    pause: str | None = None
    stop_signals: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # container -> local image pulled


class DockerRuntime(DockerTargetCalls):
    """The local Docker engine under one container instance's agent."""

    action_kind = "docker.agent"
    pull_source = " (local engine or local registry)"

    def __init__(
        self, world: World, region: str, instance_arn: str, client: Any, token: str
    ) -> None:
        self.world = world
        self.region = region
        self.instance_arn = instance_arn
        self.client = client
        self.token = token
        self.api = client.api
        self.runs: dict[str, _Run] = {}
        self.shipper = DockerLogShipper()

    @property
    def instance_id(self) -> str:
        return self.instance_arn.rsplit("/", 1)[-1]

    @property
    def ecs(self) -> RegionState:
        return self.world.region_state(self.region)

    @property
    def _mine(self) -> dict[str, str]:
        """The labels that pick out this instance's containers and networks on the engine."""
        return {LABEL_SIMULATION: self.token, LABEL_INSTANCE: self.instance_id}

    def _definition(self, task: Task) -> TaskDefinition:
        return self.ecs.task_definition_by_arn(task.task_definition_arn or "")

    def _run(self, task: Task) -> _Run:
        return self.runs.setdefault(task.task_arn or "", _Run())

    def _labels(self, task: Task, container: str | None = None) -> dict[str, str]:
        definition = self._definition(task)
        labels = {
            LABEL_CLUSTER: task.cluster_name,
            LABEL_TASK: task.id,
            LABEL_INSTANCE: self.instance_id,
            LABEL_SESSION: SESSION,
            LABEL_SIMULATION: self.token,
            "com.amazonaws.ecs.cluster": task.cluster_name,
            "com.amazonaws.ecs.task-arn": task.task_arn or "",
            "com.amazonaws.ecs.task-definition-family": definition.family or "",
            "com.amazonaws.ecs.task-definition-version": str(definition.revision or ""),
        }
        if container is not None:
            labels[LABEL_CONTAINER] = container
            labels["com.amazonaws.ecs.container-name"] = container
        if task.enable_execute_command:
            labels[LABEL_EXEC] = "true"  # `ecslearn exec` reaches only these (ECS Exec's rule)
        return labels

    # -- time ------------------------------------------------------------------------------------
    def duration(self, seconds: float) -> float:
        return 0.0  # real work takes the time it takes

    def pull_seconds(self, images: Iterable[str | None], cached: set[str]) -> float:
        return 0.0

    # -- provisioning and pulling --------------------------------------------------------------
    def attach_eni(self, task: Task) -> Attached | None:
        """awsvpc: the task's own network (its "ENI") and the pause container that holds it."""
        run = self._run(task)
        try:
            self._require_image(PAUSE_IMAGE)
            run.network = self._create_network(task)
            created = self.api.create_container(
                PAUSE_IMAGE,
                command=["sleep", "2147483647"],
                name=f"ecs-{task.id[:12]}-internalecspause-{secrets.token_hex(4)}",
                labels={**self._labels(task, "~internal~ecs~pause"), "ecslearn.pause": "true"},
                host_config=self.api.create_host_config(network_mode=run.network),
                use_config_proxy=False,
            )
            run.pause = created["Id"]
            self.api.start(run.pause)
            address = self._address(run.pause, run.network)
        except Exception as error:  # any engine failure: the ENI never attached
            raise ContainerRuntimeError(_message(error)) from None
        return Attached(address, f"network {run.network} attached, address {address}")

    def pull(self, task: Task, container: Container) -> str | None:
        """Make the container's image local: an ECR image comes from the local registry by the
        digest ECS resolved (pinned per deployment); any other must already be in the engine."""
        image = container.image or ""
        if not is_ecr_reference(image):
            self._require_image(image)
            return None
        pulled, digest = self.world.plane.pull(self.ecs, container)
        if not pulled or digest is None:
            raise ContainerRuntimeError(cannot_pull_reason(container))
        from ecslearn import local_registry as registry

        _, repository, _, _ = parse_image_reference(image)
        local = f"{registry.local_name(repository)}@{digest}"
        try:
            self.client.images.get(local)
        except Exception:
            try:
                self.api.pull(registry.local_name(repository), tag=digest)
            except Exception as error:
                raise ContainerRuntimeError(
                    f"CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                    f"{image}@{digest} from the local registry ({registry.address()}): "
                    f"{_message(error)}"
                ) from None
        self._run(task).images[container.name or ""] = local
        return digest

    def _require_image(self, image: str) -> None:
        """The image must be in the local engine: ecslearn never pulls from a registry."""
        import docker.errors

        try:
            self.client.images.get(image)
        except (docker.errors.ImageNotFound, docker.errors.NullResource):
            raise ContainerRuntimeError(
                "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                f"failed to resolve ref {image}: not found (ecslearn never pulls: the image must "
                "be in the local engine; see `ecslearn images build`)"
            ) from None
        except docker.errors.APIError as error:
            raise ContainerRuntimeError(f"CannotPullContainerError: {_message(error)}") from None

    # -- starting ------------------------------------------------------------------------------
    def start(self, task: Task, container: Container, spec: ContainerDefinition) -> Started:
        """`spec` is what the task runner starts it with: containerOverrides applied, the
        secrets it read in the environment (`SecretSteps.launch_spec`)."""
        start_logging(self.world, self.region, task, spec, None)  # the awslogs group first
        try:
            docker_id = self._create(task, container, spec)
            self.api.start(docker_id)
            details = self.api.inspect_container(docker_id)
        except Exception as error:
            raise ContainerRuntimeError(_message(error)) from None
        if start_logging(self.world, self.region, task, spec, docker_id):
            self.shipper.started(self.world, docker_id, details)  # only awslogs output ships
        run = self._run(task)
        run.stop_signals[container.name or ""] = details["Config"].get("StopSignal") or "SIGTERM"
        exited = None
        if details["State"].get("Status") != "running":  # exited at once
            self._ship(task, container, docker_id)
            exited = exit_of(self.api, docker_id, details)
        return Started(
            runtime_id=docker_id,
            network_bindings=config.bindings(task, spec, details),
            image_digest=container.image_digest or _digest(details.get("Image", "")),
            note=f" (docker {docker_id[:12]})",
            exited=exited,
        )

    def _create(self, task: Task, container: Container, spec: ContainerDefinition) -> str:
        definition = self._definition(task)
        run = self._run(task)
        mode = task.network_mode
        ports: list[Any] = []
        bindings: dict[str, Any] = {}
        network_mode: str = mode
        networking = None
        if mode == "bridge":
            for mapping in spec.port_mappings or []:
                key = f"{mapping.container_port}/{mapping.effective_protocol}"
                ports.append((mapping.container_port, mapping.effective_protocol))
                bindings[key] = mapping.host_port or None
            if any(other.links for other in definition.container_definitions):
                if run.network is None:
                    run.network = self._create_network(task)
                network_mode = run.network
                networking = self.api.create_networking_config(
                    {
                        run.network: self.api.create_endpoint_config(
                            aliases=config.aliases(definition, spec)
                        )
                    }
                )
            else:
                network_mode = "bridge"
        elif mode == "awsvpc":
            network_mode = f"container:{run.pause}"
        host_config = self.api.create_host_config(
            network_mode=network_mode,
            port_bindings=bindings or None,
            cpu_shares=max(int(spec.cpu or 0), MIN_CPU_SHARES),
            mem_limit=f"{spec.memory}m" if spec.memory else None,
            mem_reservation=f"{spec.memory_reservation}m" if spec.memory_reservation else None,
            privileged=False,
            init=False,
        )
        hostname = spec.hostname if mode == "bridge" else None
        created = self.api.create_container(
            run.images.get(container.name or "", container.image),
            command=spec.command,
            entrypoint=spec.entry_point,
            environment=config.environment(task, container.name or "", spec),
            hostname=hostname,
            name=config.name(
                definition.family or "task", definition.revision, container.name or ""
            ),
            labels={**(spec.docker_labels or {}), **self._labels(task, container.name)},
            ports=ports or None,
            host_config=host_config,
            networking_config=networking,
            healthcheck=config.health_check(spec),
            stop_timeout=int(spec.stop_timeout or self.world.timings.default_stop_timeout),
            use_config_proxy=False,
        )
        return created["Id"]

    def _create_network(self, task: Task) -> str:
        name = f"ecs-{task.cluster_name[:20]}-{task.id[:12]}-{secrets.token_hex(3)}"
        self.api.create_network(name, driver="bridge", labels=self._labels(task))
        return name

    def _address(self, docker_id: str, network: str) -> str:
        details = self.api.inspect_container(docker_id)
        return details["NetworkSettings"]["Networks"][network]["IPAddress"]

    # -- watching running containers -------------------------------------------------------------
    def on_event(
        self, task: Task, container: Container, progress: ContainerState, args: dict[str, Any]
    ) -> Exit | Health | None:
        return None  # the engine's containers are watched by `observe`, not scheduled

    def observe(
        self, watched: list[tuple[Task, Container]]
    ) -> Iterator[tuple[Task, Container, Exit | Health]]:
        """What changed on the engine since the last look: exits, kills, health. Each report
        is made before the next container is looked at, so one already settled is skipped."""
        listing = self.api.containers(
            all=True, filters={"label": [f"{k}={v}" for k, v in self._mine.items()]}
        )
        by_id = {entry["Id"]: entry for entry in listing}
        for task, container in watched:
            if container.last_status != "RUNNING" or task.is_stopped:
                continue  # an earlier report in this poll already settled it
            entry = by_id.get(container.runtime_id or "")
            if entry is not None:
                self._ship(task, container, container.runtime_id or "")
            if entry is None:
                yield (
                    task,
                    container,
                    Exit(
                        None,
                        "DockerStateError: the container was removed",
                        note="vanished from the engine",
                    ),
                )
            elif entry.get("State") in ("exited", "dead"):
                exit = exit_of(self.api, container.runtime_id)
                if exit is not None:
                    yield task, container, exit
            else:
                status = str(entry.get("Status", ""))
                health = next((h for word, h in _HEALTH.items() if word in status), None)
                if health and health != container.health_status:
                    yield task, container, Health(health)

    def _ship(self, task: Task, container: Container, docker_id: str) -> None:
        """The container's new output into its awslogs stream (`ecslearn.agents.docker_logs`)."""
        spec = self._definition(task).container(container.name or "")
        self.shipper.ship(self.api, self.world, self.region, task, spec, docker_id)

    # -- stopping --------------------------------------------------------------------------------
    def stop(
        self, task: Task, container: Container, spec: ContainerDefinition
    ) -> tuple[str, float | None]:
        """`docker stop`'s first half: the image's stop signal (SIGTERM unless it says)."""
        run = self.runs.get(task.task_arn or "") or _Run()
        signal = run.stop_signals.get(container.name or "", "SIGTERM")
        self._signal(container.runtime_id or "", signal)
        return signal, None  # a real process exits when it exits

    def exited(self, task: Task, container: Container) -> Exit | None:
        if not container.runtime_id:
            return None
        self._ship(task, container, container.runtime_id)
        return exit_of(self.api, container.runtime_id)

    def kill(self, task: Task, container: Container, exit_code: int) -> Exit | None:
        """`docker kill`: a real process killed with SIGKILL exits with 137, whatever
        `exit_code` asked for; waits the moment the kernel takes to reap it."""
        if not container.runtime_id:
            return None
        self._signal(container.runtime_id, "SIGKILL")
        for _ in range(50):  # the kernel reaps it within milliseconds
            exit = read_exit(self.api.inspect_container(container.runtime_id))
            if exit is not None:
                self._ship(task, container, container.runtime_id)
                return exit
            time.sleep(0.02)
        return None  # the next poll reports it

    def _signal(self, docker_id: str, signal: str) -> None:
        import docker.errors

        with contextlib.suppress(docker.errors.APIError):  # it has exited already
            self.api.kill(docker_id, signal=signal)

    def release(self, task: Task) -> None:
        """Remove the task's pause container and network; its stopped containers stay for
        `docker logs` and `docker inspect`, as the ECS agent keeps them for a while."""
        import docker.errors

        run = self.runs.pop(task.task_arn or "", None)
        if run is None:
            return
        with contextlib.suppress(docker.errors.APIError):
            if run.pause:
                self.api.remove_container(run.pause, force=True)
            if run.network:
                self.api.remove_network(run.network)


# -- helpers ---------------------------------------------------------------------------------
def _digest(image_id: str) -> str | None:
    return image_id if image_id.startswith("sha256:") else None


def _message(error: Exception) -> str:
    explanation = getattr(error, "explanation", None)
    return str(explanation or error).strip()
