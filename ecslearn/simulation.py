"""`Simulation`: one simulated AWS account, its ECS control plane, and the handles a lesson needs.

``sim = Simulation(seed=0)``, ``ecs = sim.client()``, ``sim.launch_instances("web", count=3)``:
the client is a real boto3 client; everything it does lands in this object's state, and the
seed makes every ID (and, later, every scheduling decision) the same on every run.
"""

from __future__ import annotations

import weakref
from typing import Any

from ecslearn.agents.interface import AgentTimings
from ecslearn.client import make_client
from ecslearn.control import fargate, faults, runner
from ecslearn.control.assemble import build_world
from ecslearn.control.state import RegionState
from ecslearn.control.timeline import Event, Timeline
from ecslearn.control.world import DEFAULT_REGION, World
from ecslearn.errors import InvalidParameterException
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.instance_types import instance_type as lookup_instance_type
from ecslearn.model.task import Task
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.simulation_hooks import HookHandles
from ecslearn.simulation_logs import LogHandles
from ecslearn.simulation_traffic import TrafficHandles

_LIVE: weakref.WeakSet[Simulation] = weakref.WeakSet()


def live_simulations() -> list[Simulation]:
    """Simulations still in use, so a view can find the one holding a model object."""
    return list(_LIVE)


class Simulation(TrafficHandles, LogHandles, HookHandles):
    """The learner's front door onto a `World` (regions of ECS state, a virtual clock, a seeded
    random source): clients, instances, faults, load, the clock's controls, save/load, pictures.
    Everything below it works on the world and never sees this object."""

    world: World

    def __init__(
        self,
        seed: int = 0,
        region: str = DEFAULT_REGION,
        *,
        strict: bool = False,
        timings: AgentTimings | None = None,
    ):
        self.world = build_world(seed, region, strict=strict, timings=timings)
        _LIVE.add(self)

    @classmethod
    def from_world(cls, world: World) -> Simulation:
        """The front door onto an existing world (one loaded from a file, say)."""
        sim = cls.__new__(cls)
        sim.world = world
        _LIVE.add(sim)
        return sim

    def __repr__(self) -> str:
        state = self.region_state(self.region)
        return (
            f"<Simulation seed={self.seed} t={self.now:g}s clusters={len(state.clusters)} "
            f"instances={len(state.instances)} tasks={len(state.tasks)}>"
        )

    @property
    def now(self) -> float:
        """Simulated seconds since the simulation started."""
        return self.world.now

    @property
    def seed(self) -> int:
        return self.world.seed

    @property
    def region(self) -> str:
        """The default region: where calls go when they name none."""
        return self.world.region

    @property
    def events(self) -> Timeline:
        """The timeline: every task change, placement, fault and service event, in order."""
        return self.world.events

    # -- time ---------------------------------------------------------------------------------
    def step(self) -> runner.StepResult:
        """Run the next scheduled thing (a pull finishing, a container exiting, ...)."""
        return runner.step(self.world)

    def advance(self, seconds: float) -> list[Event]:
        """Move the clock `seconds` forward, running everything due; returns what happened."""
        return runner.advance(self.world, seconds)

    def run_until_stable(self, timeout: float = 600.0) -> runner.Stability:
        """Run until every task is where its desired status says (and services are steady), or
        until `timeout` simulated seconds pass; the answer says which, and what is unsettled."""
        return runner.run_until_stable(self.world, timeout)

    def upcoming(self, limit: int = 10) -> list[str]:
        """What is scheduled next, in order."""
        return [str(a) for a in self.world.queue.upcoming(limit)]

    def record(self, kind: str, message: str, **about: object) -> None:
        """Add a line to the timeline (a lesson marking a moment, say)."""
        self.world.record(kind, message, **about)

    # -- explanations ----------------------------------------------------------------------------
    def explain_placement(self, cluster: str, task_definition: str, **options: Any) -> Any:
        """Where would one more task go, and why? A table of every instance's verdict; changes
        nothing. Options: strategies, constraints (ECS JSON), group, service=True."""
        from ecslearn.control.why import explain_placement

        return explain_placement(self.world, cluster, task_definition, **options)

    # -- faults, for lessons -------------------------------------------------------------------
    def kill_container(self, task: Task | str, container: str, exit_code: int = 137) -> None:
        """The container's process dies (as `docker kill` would), with `exit_code`."""
        faults.kill_container(self.world, task, container, exit_code)

    def container_environment(self, task: Task | str, container: str) -> dict[str, str]:
        """The environment a running container got (as ``docker exec ... env`` shows it):
        ``environment``, containerOverrides and the ``secrets`` the agent read."""
        return faults.container_environment(self.world, task, container)

    def interrupt_spot(self, task_or_service: object = None, **options: Any) -> list[Task]:
        """Fargate Spot takes capacity back: the FARGATE_SPOT tasks named (a task, a service,
        or None for all; ``count=`` picks some) get the two-minute warning and stop with
        SpotInterruption (see `ecslearn.control.fargate.spot_interruptions`)."""
        return fargate.interrupt_spot(self.world, task_or_service, **options)

    def spot_interruption_rate(self, per_hour: float, region: str | None = None) -> None:
        """Interrupt running FARGATE_SPOT tasks at random, `per_hour` per task-hour (seeded)."""
        fargate.set_rate(self.world, per_hour, region)

    def terminate_instance(self, instance: object) -> None:
        """The EC2 instance is gone (EC2's TerminateInstances): its tasks stop at once and it
        deregisters. `instance` is its container instance (object, ARN or ID) or its EC2 ID."""
        from ecslearn.services.ec2 import quick_launch

        found = quick_launch.find_ec2(self.world, instance)
        if found is None or found[1].state in ("shutting-down", "terminated"):
            faults.terminate_instance(self.world, instance)  # registered by hand: no EC2 side
            return
        region, ec2_instance = found
        registered = self.region_state(region).instances.get(
            ec2_instance.container_instance_arn or ""
        )
        self.world.record(
            "fault",
            f"EC2 instance {ec2_instance.instance_id} terminated",
            cluster=registered.cluster_name if registered else None,
            instance=registered.id if registered else None,
        )
        self.world.dispatcher.call(
            "ec2", "TerminateInstances", {"InstanceIds": [ec2_instance.instance_id]}, region
        )

    def disconnect_agent(self, instance: object) -> None:
        """The instance's agent loses its connection: no new tasks, no reports until reconnect."""
        faults.set_agent_connected(self.world, instance, False)

    def reconnect_agent(self, instance: object) -> None:
        faults.set_agent_connected(self.world, instance, True)

    # -- state ---------------------------------------------------------------------------------
    def regions(self) -> list[RegionState]:
        return self.world.regions()

    def region_state(self, region: str | None = None) -> RegionState:
        """The ECS state of `region` (the default region when None)."""
        return self.world.region_state(region)

    def client(self, service: str = "ecs", region_name: str | None = None) -> Any:
        """A real boto3 client answered by this simulation, with no network: ``"ecs"``, or any
        service ecslearn simulates (``"ecr"``, ``"application-autoscaling"``, ``"ec2"``,
        ``"sts"``, ``"ssm"``, ``"autoscaling"``, ``"elbv2"``); another name raises
        `UnknownServiceError` naming those."""
        return make_client(self.world.dispatcher, region_name or self.region, service)

    def call(self, operation: str, region: str | None = None, **params: Any) -> dict[str, Any]:
        """Run an ECS operation straight through the dispatcher (no boto3); raises `EcsError`."""
        return self.world.dispatcher.call("ecs", operation, params, region or self.region)

    def launch_instances(
        self,
        cluster: str = "default",
        count: int = 1,
        instance_type: str | None = None,
        zones: list[str] | None = None,
        attributes: dict[str, str | None] | None = None,
        reserved_memory: int = 0,
        region: str | None = None,
        agent: str = "simulated",
    ) -> list[ContainerInstance]:
        """Start `count` EC2 instances whose agents register in `cluster`.

        A shortcut over EC2's RunInstances (`ecslearn.services.ec2.quick_launch`): the region's
        ECS-optimized AMI, an instance profile, and user data whose ecs.config names `cluster`
        (``ECS_RESERVED_MEMORY`` is `reserved_memory`, ``ECS_INSTANCE_ATTRIBUTES`` your
        `attributes`). Each agent then calls RegisterContainerInstance exactly as the ECS agent
        does: an identity document, the instance type's CPU and memory, the reserved ports, the
        agent's capabilities plus your attributes. Zones are used round-robin. Like the agent,
        it creates the ``default`` cluster if it does not exist yet. Unlike RunInstances it
        does not wait: the instances are running and registered when it returns.

        `instance_type` defaults to t3.medium. ``agent="docker"`` runs the instances' tasks as
        real containers on the local Docker engine (see `ecslearn.agents.docker`); they register
        the host's CPUs and memory unless `instance_type` is given, and while they exist the
        simulation follows the wall clock.
        """
        from ecslearn.services.ec2 import quick_launch

        if not 1 <= count <= 1000:
            raise InvalidParameterException("count must be between 1 and 1000 instances.")
        region = region or self.region
        kind = lookup_instance_type(instance_type or "t3.medium")
        resources = None
        if agent == "docker":
            from ecslearn.agents import docker as docker_agent

            if instance_type is None:
                cpu_units, memory = docker_agent.host_resources(
                    docker_agent.runtime(self.world).client
                )
                resources = (cpu_units, memory - reserved_memory)
        elif agent != "simulated":
            raise InvalidParameterException("agent must be 'simulated' or 'docker'.")
        arns = quick_launch.launch_registered(
            self.world,
            region,
            cluster,
            count,
            kind,
            zones=zones,
            attributes=attributes,
            reserved_memory=reserved_memory,
            resources=resources,
        )
        state = self.region_state(region)
        if agent == "docker":
            for arn in arns:
                docker_agent.attach(self.world, region, arn)
        return [state.instances[arn] for arn in arns]

    def agent_log(self, instance: object) -> list[str]:
        """What the ECS agent on an EC2 instance (its ID, or its container instance) has logged:
        AWS's /var/log/ecs/ecs-agent.log, where an instance that never joins its cluster says
        why (no instance profile, a cluster that does not exist, ...)."""
        from ecslearn.services.ec2 import quick_launch

        found = quick_launch.find_ec2(self.world, instance)
        if found is None:
            raise InvalidParameterException(f"No EC2 instance '{instance}' in this simulation.")
        return list(found[1].agent_log)

    def close(self) -> None:
        """Remove what this simulation made outside Python: its Docker instances' containers and
        networks. (Also done when the simulation is garbage-collected or Python exits.)"""
        import sys

        docker_agent = sys.modules.get("ecslearn.agents.docker")
        if docker_agent is not None:
            docker_agent.close(self.world)

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def save(self, path: Any) -> Any:
        """Write the whole world (state, clock, queue, timeline) to one JSON file, atomically."""
        from ecslearn.control import snapshot

        return snapshot.save(self.world, path)

    @classmethod
    def load(cls, path: Any, *, strict: bool = False) -> Simulation:
        """A simulation that carries on exactly where the saved one was."""
        from ecslearn.control import snapshot

        return cls.from_world(snapshot.load(path, strict=strict))

    def register(self, definition: TaskDefinition, region: str | None = None) -> TaskDefinition:
        """Register a task definition built in Python; returns the new revision as ECS holds it."""
        response = self.call("RegisterTaskDefinition", region=region, **definition.to_request())
        arn = response["taskDefinition"]["taskDefinitionArn"]
        family, revision = arn.rsplit("/", 1)[1].rsplit(":", 1)
        return self.region_state(region).task_definitions[family][int(revision)]
