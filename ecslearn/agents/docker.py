"""The Docker agent: an instance whose tasks run as real containers on the local Docker engine.

``sim.launch_instances("web", agent="docker")`` registers a container instance with the host's
CPUs and memory (or an instance type's) and gives it a `DockerAgent`. The control plane cannot
tell it from a simulated agent: it receives task assignments and reports container state changes
through the same lifecycle calls. Only the containers are real.

How a container definition becomes a container (as the ECS agent does it):

- ``image``: an image of the account's ECR (``<account>.dkr.ecr.<region>.amazonaws.com/...``)
  is pulled from the local registry (`ecslearn.local_registry`) by the digest ECS resolved for the
  task (pinned per service deployment); any other image must already be in the local engine
  (``ecslearn images build``), since ecslearn never reaches the internet. Either way a missing
  image fails the task like a failed pull: ``CannotPullContainerError``;
- ``command``/``entryPoint``/``environment`` (with the task's containerOverrides), ``cpu`` as CPU
  shares (at least 2, as the agent does), ``memory`` as the hard limit, ``memoryReservation``
  as the soft one, ``hostname``, ``dockerLabels``, ``healthCheck`` as a Docker health check,
  ``stopTimeout`` as the Docker stop timeout;
- network modes: ``bridge`` publishes ``portMappings`` (``hostPort`` 0 or absent: Docker picks
  a port, read back into ``networkBindings``), and with ``links`` the task gets its own bridge
  network where each container answers to its name and link aliases; ``host`` and ``none`` are
  Docker's; ``awsvpc`` gives the task its own network and address (a pause container holds it,
  as on ECS, and the task's containers share its network namespace);
- ``dependsOn`` (START, COMPLETE, SUCCESS, HEALTHY), essential containers and stop order follow
  the same rules as the simulated agent, from the containers' real state and Docker's health;
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

from ecslearn.agents.simulated import SimulatedAgent, cannot_pull_reason
from ecslearn.control import lifecycle
from ecslearn.control.queue import action_handler
from ecslearn.model.ecr import parse_image_reference
from ecslearn.model.task import Container, NetworkBinding, Task
from ecslearn.model.task_definition import ContainerDefinition
from ecslearn.services.ecr.rules import is_ecr_reference

if TYPE_CHECKING:
    from ecslearn.control.world import World

HINT = "needs a running Docker engine: sudo apt-get install docker.io && sudo dockerd"
POLL_SECONDS = 0.5
OOM_REASON = "OutOfMemoryError: Container killed due to memory usage"
MIN_CPU_SHARES = 2  # Docker refuses 0 and 1; the ECS agent raises them to 2
PAUSE_IMAGE = "ecslearn/busybox:1"

LABEL_CLUSTER = "ecslearn.cluster"
LABEL_TASK = "ecslearn.task"
LABEL_CONTAINER = "ecslearn.container"
LABEL_INSTANCE = "ecslearn.instance"
LABEL_SESSION = "ecslearn.session"  # the Python process that created it
LABEL_SIMULATION = "ecslearn.simulation"  # one world (two with one seed share instance IDs)

#: Identifies this process's containers, for the clean-up when the interpreter exits.
SESSION = secrets.token_hex(6)

#: Docker's health, as `docker ps` shows it, in ECS's words.
_HEALTH = {"(health: starting)": "UNKNOWN", "(healthy)": "HEALTHY", "(unhealthy)": "UNHEALTHY"}


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


def attach(world: World, region: str, instance_arn: str) -> DockerAgent:
    """Give a registered instance a Docker agent (``launch_instances(agent="docker")``)."""
    rt = runtime(world)
    agent = DockerAgent(world, region, instance_arn, rt.client, rt.token)
    world.plane.agents[instance_arn] = agent
    rt.instances[instance_arn] = agent.instance_id
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
        if not isinstance(agent, DockerAgent):  # the instance was terminated: so are its tasks
            remove(rt.client, {LABEL_SIMULATION: rt.token, LABEL_INSTANCE: instance_id})
            del rt.instances[arn]
        elif agent.connected:
            agent.poll()
    if rt.instances:
        world.queue.push(world.now + POLL_SECONDS, "docker.tick")
    else:
        rt.ticking = False


@action_handler("docker.agent")
def _agent_step(world: World, args: dict[str, Any]) -> None:
    rt = _RUNTIMES.get(world)
    agent = world.plane.agents.get(args["instance"])
    if rt is not None and isinstance(agent, DockerAgent):
        rt.pace(world)
        agent.run(args)


# -- the agent -------------------------------------------------------------------------------
@dataclass
class _Run:
    """What the agent created on the engine for one task besides its containers."""

    network: str | None = None
    pause: str | None = None
    stop_signals: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # container -> local image pulled


class DockerAgent(SimulatedAgent):
    """The agent of one container instance whose tasks run on the local Docker engine.

    It shares the simulated agent's rules (dependsOn verdicts, essential containers, stop order)
    and replaces what the simulated agent pretends: pulling, starting, health, exits, signals.
    """

    def __init__(
        self, world: World, region: str, instance_arn: str, client: Any, token: str
    ) -> None:
        super().__init__(world, region, instance_arn)
        self.client = client
        self.token = token
        self.api = client.api
        self.runs: dict[str, _Run] = {}

    @property
    def instance_id(self) -> str:
        return self.instance_arn.rsplit("/", 1)[-1]

    @property
    def _mine(self) -> dict[str, str]:
        """The labels that pick out this agent's containers and networks on the engine."""
        return {LABEL_SIMULATION: self.token, LABEL_INSTANCE: self.instance_id}

    def _jittered(self, seconds: float) -> float:
        return 0.0  # real work takes the time it takes

    ACTION_KIND = "docker.agent"

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
        return labels

    # -- the protocol ------------------------------------------------------------------------
    def start_task(self, task: Task) -> None:
        self.runs[task.task_arn or ""] = _Run()
        self._later(0, "eni_attached" if task.uses_eni else "pull", task)

    def kill_container(self, task: Task, container: str, exit_code: int) -> None:
        """`docker kill`: a real process killed with SIGKILL exits with 137, whatever
        `exit_code` asked for; the next poll reports it like any exit."""
        target = task.container(container)
        if target.last_status == "RUNNING" and target.runtime_id:
            self._signal_container(target.runtime_id, "SIGKILL")

    # -- provisioning and pulling --------------------------------------------------------------
    def _on_eni_attached(self, task: Task, args: dict[str, Any]) -> None:
        """awsvpc: the task's own network (its "ENI") and the pause container that holds it."""
        if task.desired_status == "STOPPED":
            self._stop(task)
            return
        run = self.runs.setdefault(task.task_arn or "", _Run())
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
            reason = f"ResourceInitializationError: {_message(error)}"
            for container in task.containers or []:
                container.last_status, container.reason = "STOPPED", reason
            lifecycle.request_stop(self.world, self.state, task, "TaskFailedToStart", reason)
            return
        for attachment in task.attachments or []:
            for detail in attachment.get("details", []):
                if detail.get("name") == "privateIPv4Address":
                    detail["value"] = address
        for container in task.containers or []:
            for interface in container.network_interfaces or []:
                interface["privateIpv4Address"] = address
        self._record(task, f"network {run.network} attached, address {address}")
        lifecycle.set_status(self.world, task, "PENDING")
        self._begin_pull(task)

    def _begin_pull(self, task: Task) -> None:
        self._on_pull(task, {})

    def _on_pull(self, task: Task, args: dict[str, Any]) -> None:
        task.pull_started_at = self.world.clock.timestamp
        images = sorted({c.image or "" for c in task.containers or []})
        self._record(task, f"pulling {', '.join(images)} (local engine or local registry)")
        self._on_pulled(task, {})

    def _pull_image(self, task: Task, container: Container) -> str | None:
        try:
            self._pull(task, container)
        except LookupError as missing:
            return str(missing)
        return None

    def _pull(self, task: Task, container: Container) -> None:
        """Make the container's image local: an ECR image comes from the local registry by the
        digest ECS resolved (pinned per deployment); any other must already be in the engine."""
        image = container.image or ""
        if not is_ecr_reference(image):
            self._require_image(image)
            return
        pulled, digest = self.world.plane.pull(self.state, container)
        if not pulled or digest is None:
            raise LookupError(cannot_pull_reason(container))
        from ecslearn import local_registry as registry
        from ecslearn.image_push import local_name

        _, repository, _, _ = parse_image_reference(image)
        local = f"{local_name(repository)}@{digest}"
        try:
            self.client.images.get(local)
        except Exception:
            try:
                self.api.pull(local_name(repository), tag=digest)
            except Exception as error:
                raise LookupError(
                    f"CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                    f"{image}@{digest} from the local registry ({registry.address()}): "
                    f"{_message(error)}"
                ) from None
        container.image_digest = digest
        self.runs.setdefault(task.task_arn or "", _Run()).images[container.name or ""] = local

    def _require_image(self, image: str) -> None:
        """The image must be in the local engine: ecslearn never pulls from a registry."""
        import docker.errors

        try:
            self.client.images.get(image)
        except (docker.errors.ImageNotFound, docker.errors.NullResource):
            raise LookupError(
                "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                f"failed to resolve ref {image}: not found (ecslearn never pulls: the image must "
                "be in the local engine; see `ecslearn images build`)"
            ) from None
        except docker.errors.APIError as error:
            raise LookupError(f"CannotPullContainerError: {_message(error)}") from None

    # -- starting ------------------------------------------------------------------------------
    def _on_started(self, task: Task, args: dict[str, Any]) -> None:
        container = self._claim_start(task, args)
        if container is None:
            return
        spec = self._effective(task, container.name or "")
        try:
            docker_id = self._create(task, container, spec)
            self.api.start(docker_id)
            details = self.api.inspect_container(docker_id)
        except Exception as error:
            reason = f"CannotStartContainerError: {_message(error)}"
            if not self._cannot_start(task, container, reason):
                self._start_ready(task)
            return
        run = self.runs.setdefault(task.task_arn or "", _Run())
        run.stop_signals[container.name or ""] = details["Config"].get("StopSignal") or "SIGTERM"
        container.last_status = "RUNNING"
        container.started_time = self.world.now
        container.runtime_id = docker_id
        container.image_digest = container.image_digest or _digest(details.get("Image", ""))
        container.health_status = "UNKNOWN" if spec.health_check else container.health_status
        container.network_bindings = self._bindings(task, spec, details)
        self._record(task, f"{container.name} is RUNNING (docker {docker_id[:12]})", container)
        for other in self._definition(task).container_definitions:
            if other.start_timeout and other.name == container.name:
                self._later(other.start_timeout, "recheck", task)
        if details["State"].get("Status") != "running":  # exited at once
            self._observe(task, container, details)
            return
        self._start_ready(task)

    def _effective(self, task: Task, name: str) -> ContainerDefinition:
        """The container definition with the task's containerOverrides applied."""
        spec = self._definition(task).container(name).copy()
        overrides = {o.get("name"): o for o in (task.overrides or {}).get("containerOverrides", [])}
        override = overrides.get(name) or {}
        for member, key in (
            ("command", "command"),
            ("cpu", "cpu"),
            ("memory", "memory"),
            ("memory_reservation", "memoryReservation"),
        ):
            if key in override:
                setattr(spec, member, override[key])
        if override.get("environment"):
            from ecslearn.model.task_definition import KeyValuePair

            merged = {e.name: e.value for e in spec.environment or []}
            merged.update({e["name"]: e.get("value") for e in override["environment"]})
            spec.environment = [KeyValuePair(name=k, value=v) for k, v in merged.items()]
        return spec

    def _create(self, task: Task, container: Container, spec: ContainerDefinition) -> str:
        definition = self._definition(task)
        run = self.runs.setdefault(task.task_arn or "", _Run())
        environment = {e.name: e.value or "" for e in spec.environment or [] if e.name}
        environment.update(
            {
                "AWS_EXECUTION_ENV": "AWS_ECS_EC2",
                "ECSLEARN_TASK_ID": task.id,
                "ECSLEARN_TASK_ARN": task.task_arn or "",
                "ECSLEARN_CLUSTER": task.cluster_name,
                "ECSLEARN_CONTAINER_NAME": container.name or "",
            }
        )
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
            if self._needs_task_network(task):
                if run.network is None:
                    run.network = self._create_network(task)
                network_mode = run.network
                networking = self.api.create_networking_config(
                    {
                        run.network: self.api.create_endpoint_config(
                            aliases=self._aliases(task, spec)
                        )
                    }
                )
            else:
                network_mode = "bridge"
        elif mode == "awsvpc":
            network_mode = f"container:{run.pause}"
        health = None
        if spec.health_check is not None:
            check = spec.health_check
            health = {
                "Test": list(check.command),
                "Interval": int((check.interval or 30) * 1e9),
                "Timeout": int((check.timeout or 5) * 1e9),
                "Retries": int(check.retries or 3),
                "StartPeriod": int((check.start_period or 0) * 1e9),
            }
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
            environment=environment,
            hostname=hostname,
            name=_name(definition.family or "task", definition.revision, container.name or ""),
            labels={**(spec.docker_labels or {}), **self._labels(task, container.name)},
            ports=ports or None,
            host_config=host_config,
            networking_config=networking,
            healthcheck=health,
            stop_timeout=int(spec.stop_timeout or self.world.timings.default_stop_timeout),
            use_config_proxy=False,
        )
        return created["Id"]

    def _needs_task_network(self, task: Task) -> bool:
        return any(spec.links for spec in self._definition(task).container_definitions)

    def _aliases(self, task: Task, spec: ContainerDefinition) -> list[str]:
        """A container answers to its name and to every alias another container links it by."""
        aliases = [spec.name or ""]
        for other in self._definition(task).container_definitions:
            for link in other.links or []:
                target, _, alias = link.partition(":")
                if target == spec.name and alias and alias not in aliases:
                    aliases.append(alias)
        return aliases

    def _create_network(self, task: Task) -> str:
        name = f"ecs-{task.cluster_name[:20]}-{task.id[:12]}-{secrets.token_hex(3)}"
        self.api.create_network(name, driver="bridge", labels=self._labels(task))
        return name

    def _address(self, docker_id: str, network: str) -> str:
        details = self.api.inspect_container(docker_id)
        return details["NetworkSettings"]["Networks"][network]["IPAddress"]

    def _bindings(
        self, task: Task, spec: ContainerDefinition, details: dict[str, Any]
    ) -> list[NetworkBinding]:
        """What the engine really bound: dynamic host ports are read back, not guessed."""
        if task.network_mode == "host":
            return [
                NetworkBinding(
                    bind_ip="0.0.0.0",
                    container_port=m.container_port,
                    host_port=m.container_port,
                    protocol=m.effective_protocol,
                )
                for m in spec.port_mappings or []
            ]
        if task.network_mode != "bridge":
            return []
        published = (details.get("NetworkSettings") or {}).get("Ports") or {}
        result = []
        for mapping in spec.port_mappings or []:
            for bound in (
                published.get(f"{mapping.container_port}/{mapping.effective_protocol}") or []
            ):
                if ":" in (bound.get("HostIp") or ""):
                    continue  # the IPv6 twin of the same binding
                result.append(
                    NetworkBinding(
                        bind_ip=bound.get("HostIp") or "0.0.0.0",
                        container_port=mapping.container_port,
                        host_port=int(bound["HostPort"]),
                        protocol=mapping.effective_protocol,
                    )
                )
        return result

    # -- watching running containers -------------------------------------------------------------
    def poll(self) -> None:
        """Report what changed on the engine since the last look: exits, kills, health."""
        watched = [
            (task, container)
            for task in self.state.tasks_on(self.instance_arn)
            if not task.is_stopped
            for container in task.containers or []
            if container.last_status == "RUNNING" and container.runtime_id
        ]
        if not watched:
            return
        listing = self.api.containers(
            all=True, filters={"label": [f"{k}={v}" for k, v in self._mine.items()]}
        )
        by_id = {entry["Id"]: entry for entry in listing}
        for task, container in watched:
            if container.last_status != "RUNNING" or task.is_stopped:
                continue  # an earlier report in this poll already settled it
            entry = by_id.get(container.runtime_id or "")
            if entry is None:
                self._record(task, f"{container.name} vanished from the engine", container)
                self._container_stopped(
                    task, container, None, "DockerStateError: the container was removed"
                )
            elif entry.get("State") in ("exited", "dead"):
                self._observe(task, container, self.api.inspect_container(container.runtime_id))
            else:
                status = str(entry.get("Status", ""))
                health = next((h for word, h in _HEALTH.items() if word in status), None)
                if health and health != container.health_status:
                    lifecycle.update_health(self.world, task, container, health)
                    self.world.plane.task_health_changed(self.state, task)
                    self._start_ready(task)

    def _observe(self, task: Task, container: Container, details: dict[str, Any]) -> None:
        """Report an exited container with its exit code (and OOM as ECS says it)."""
        state = details.get("State") or {}
        if state.get("Status") not in ("exited", "dead"):
            return
        reason = OOM_REASON if state.get("OOMKilled") else None
        self._container_stopped(task, container, int(state.get("ExitCode", 0)), reason)

    # -- stopping --------------------------------------------------------------------------------
    def _signal(self, task: Task, container: Container, spec: ContainerDefinition) -> None:
        """`docker stop`: the stop signal now, SIGKILL once stopTimeout has passed."""
        container.stop_signalled = True
        timeout = spec.stop_timeout or self.world.timings.default_stop_timeout
        run = self.runs.get(task.task_arn or "") or _Run()
        sig = run.stop_signals.get(container.name or "", "SIGTERM")
        self._record(task, f"{container.name} sent {sig}", container)
        self._signal_container(container.runtime_id or "", sig)
        self._later(timeout, "killed", task, container=container.name)

    def _signal_container(self, docker_id: str, sig: str) -> None:
        import docker.errors

        with contextlib.suppress(docker.errors.APIError):  # it has exited already
            self.api.kill(docker_id, signal=sig)

    def _on_killed(self, task: Task, args: dict[str, Any]) -> None:
        container = task.container(args["container"])
        if container.last_status != "RUNNING" or not container.runtime_id:
            return
        details = self.api.inspect_container(container.runtime_id)
        if details["State"].get("Status") in ("exited", "dead"):
            self._observe(task, container, details)
            return
        self._record(
            task, f"{container.name} did not stop within its stopTimeout: SIGKILL", container
        )
        self._signal_container(container.runtime_id, "SIGKILL")
        for _ in range(50):  # the kernel reaps it within milliseconds
            details = self.api.inspect_container(container.runtime_id)
            if details["State"].get("Status") in ("exited", "dead"):
                self._observe(task, container, details)
                return
            time.sleep(0.02)

    def _all_stopped(self, task: Task) -> None:
        if task.last_status == "DEPROVISIONING":
            return
        task.execution_stopped_at = self.world.clock.timestamp
        if task.uses_eni:
            lifecycle.set_status(self.world, task, "DEPROVISIONING")
        self._release(task)
        lifecycle.finish(self.world, self.state, task)

    def _release(self, task: Task) -> None:
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
def _name(family: str, revision: int | None, container: str) -> str:
    """ECS's container naming: ecs-<family>-<revision>-<container>-<random>."""
    return f"ecs-{family}-{revision or 0}-{container}-{secrets.token_hex(8)}"


def _digest(image_id: str) -> str | None:
    return image_id if image_id.startswith("sha256:") else None


def _message(error: Exception) -> str:
    explanation = getattr(error, "explanation", None)
    return str(explanation or error).strip()


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
