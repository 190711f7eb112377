"""`World`: the engine under a simulation, like SimPy's ``Environment``.

It holds what every part of the control plane and every agent shares — the virtual clock, the
queue of what is scheduled, the seeded random source, the agents' timings, the timeline, the
regions' ECS state — and two doors into the layers above it: ``plane`` (what the ECS backend
does between API calls) and ``dispatcher`` (one AWS API call). Both are set by whoever builds the
world (`ecslearn.control.assemble.build_world`), so this module imports nothing above it: control
code and agents depend on the world, never on the learner's `Simulation`.

The two doors are typed as protocols here, naming only what the layers below call on them.
"""

from __future__ import annotations

import random
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

from ecslearn.agents.interface import Agent, AgentTimings
from ecslearn.control.clock import Clock
from ecslearn.control.queue import ActionQueue
from ecslearn.control.state import RegionState
from ecslearn.control.timeline import Event, Timeline
from ecslearn.model.task import Container, NetworkBinding, Task

if TYPE_CHECKING:
    from ecslearn.protocols.wire import WireRequest, WireResponse

DEFAULT_REGION = "us-east-1"


class AgentReports(Protocol):
    """What an agent may ask of the control plane and report to it, and nothing else: the
    real agent's SubmitTaskStateChange and SubmitContainerStateChange, a health change, a task it
    stops on its own. Agents never write the ECS model or call the lifecycle themselves."""

    def pull(self, state: RegionState, container: Container) -> tuple[bool, str | None]: ...

    def used_host_ports(self, state: RegionState, instance_arn: str) -> set[tuple[int, str]]: ...

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
    ) -> None: ...

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
    ) -> None: ...

    def container_health_changed(
        self, state: RegionState, task: Task, container: str, health_status: str
    ) -> None: ...

    def submit_task_stop(
        self, state: RegionState, task: Task, stop_code: str, stopped_reason: str
    ) -> None: ...


class Plane(AgentReports, Protocol):
    """The control plane as the layers below it see it: where agents live, the agents' report
    interface, and what the lifecycle and the schedulers ask of it."""

    agents: MutableMapping[str, Agent]

    def agent_for(self, state: RegionState, instance_arn: str) -> Agent: ...

    def task_deactivating(self, state: RegionState, task: Task) -> bool: ...

    def target_drained(self, state: RegionState, task: Task) -> None: ...

    def task_stopped(self, state: RegionState, task: Task) -> None: ...

    def target_healthy(self, state: RegionState, task: Task) -> bool: ...

    def unsettled(self, state: RegionState) -> list[str]: ...


class Caller(Protocol):
    """One AWS API call by name, as control code makes it (Application Auto Scaling calling
    ECS's UpdateService, say): the same path a client's call takes."""

    def call(self, service: str, operation: str, request: dict[str, Any], region: str) -> dict: ...

    def serve(
        self,
        request: WireRequest,
        region: str,
        *,
        service: str | None = None,
        signing_name: str | None = None,
        request_id: str = ...,
    ) -> WireResponse:
        """One HTTP request in its own protocol (the in-process client's and `ecslearn serve`'s
        path)."""
        ...


class World:
    """Clock, queue, seeded randomness, timings, timeline and regions; plus the plane and the
    dispatcher once `build_world` has wired them."""

    plane: Plane
    dispatcher: Caller

    def __init__(
        self,
        seed: int = 0,
        region: str = DEFAULT_REGION,
        *,
        timings: AgentTimings | None = None,
    ) -> None:
        self.seed = seed
        self.region = region
        self.clock = Clock()
        self.rng = random.Random(seed)
        self.timings = timings or AgentTimings()
        self.queue = ActionQueue()
        self.events = Timeline()
        self._regions: dict[str, RegionState] = {}
        #: caches derived from the state by the layers above (never saved: a loaded world
        #: starts without them and derives them again)
        self.derived: dict[str, Any] = {}

    @property
    def now(self) -> float:
        """Simulated seconds since the world began."""
        return self.clock.now

    def jittered(self, seconds: float) -> float:
        """`seconds` spread by the timings' jitter, drawn from the seeded random source, so that
        instances, agents and containers started together do not all finish together (and a
        replay draws the same). Zero stays zero and draws nothing."""
        spread = self.timings.jitter
        return seconds * (1 + self.rng.uniform(-spread, spread)) if seconds > 0 else 0.0

    def regions(self) -> list[RegionState]:
        return list(self._regions.values())

    def region_state(self, region: str | None = None) -> RegionState:
        """The ECS state of `region` (the world's default region when None), made on first use."""
        name = region or self.region
        if name not in self._regions:
            self._regions[name] = RegionState(region=name)
        return self._regions[name]

    def record(self, kind: str, message: str, **about: object) -> None:
        """Add an entry to the timeline, stamped with the current instant."""
        self.events.append(Event(self.now, kind, message, **about))  # type: ignore[arg-type]
