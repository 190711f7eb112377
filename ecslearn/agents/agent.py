"""`EcsAgent`: one instance's agent, the same for every container runtime.

It is what the control plane talks to (the `Agent` protocol): it hands task assignments to its
`TaskRunner`, carries out the steps the runner and the runtime scheduled, and while the instance
is disconnected holds its work back until it reconnects, so the control plane only ever sees
what a connected agent reported. Its bookkeeping is an `AgentState`, plain data that saves with
the world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.agents.agent_state import AgentState
from ecslearn.agents.target_calls import TargetCall, TargetReply
from ecslearn.agents.task_runner import RUNTIME_EVENTS, TaskRunner
from ecslearn.control.queue import action_handler

if TYPE_CHECKING:
    from ecslearn.agents.runtime import ContainerRuntime
    from ecslearn.control.world import World
    from ecslearn.model.task import Task


class EcsAgent:
    """The agent of one container instance, running its tasks on `runtime`."""

    def __init__(
        self,
        world: World,
        region: str,
        instance_arn: str,
        runtime: ContainerRuntime,
        state: AgentState | None = None,
    ) -> None:
        self.world = world
        self.region = region
        self.instance_arn = instance_arn
        self.runtime = runtime
        self.runner = TaskRunner(world, region, instance_arn, runtime, state or AgentState())

    @property
    def state(self) -> AgentState:
        return self.runner.state

    @state.setter
    def state(self, value: AgentState) -> None:
        self.runner.state = value

    @property
    def connected(self) -> bool:
        instance = self.world.region_state(self.region).instances.get(self.instance_arn)
        return bool(instance and instance.agent_connected)

    # -- the protocol ------------------------------------------------------------------------
    def start_task(self, task: Task) -> None:
        self.runner.start_task(task)

    def stop_task(self, task: Task) -> None:
        if not self.connected:
            self.state.deferred.append({"step": "stop", "task": task.task_arn})
            return
        self.runner.stop(task)

    def kill_container(self, task: Task, container: str, exit_code: int) -> None:
        self.runner.kill_container(task, container, exit_code)

    def reconnect(self) -> None:
        deferred, self.state.deferred = self.state.deferred, []
        for args in deferred:
            self.run(args)

    # -- steps -------------------------------------------------------------------------------
    def run(self, args: dict[str, Any]) -> None:
        """Carry out one scheduled step (or hold it back while disconnected)."""
        if not self.connected:
            self.state.deferred.append(args)
            return
        task = self.world.region_state(self.region).tasks.get(args["task"])
        if task is None or task.is_stopped:
            return
        step = args["step"]
        if step == "stop":
            self.runner.stop(task)
        elif step in RUNTIME_EVENTS:
            self.runner.on_runtime_event(task, args)
        else:
            getattr(self.runner, "on_" + step)(task, args)

    def call_container(self, task: Task, port: int, call: TargetCall) -> TargetReply | None:
        """ELB's call to one of this instance's tasks (`ReachesContainers`): sent over the
        network when the runtime's containers are real; None when they are simulated."""
        send = getattr(self.runtime, "call_container", None)  # a runtime that reaches them
        return send(task, port, call) if send is not None else None

    def poll(self) -> None:
        """Report what the runtime saw change (a runtime that watches real containers)."""
        self.runner.poll()


@action_handler("agent")
def _agent_step(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    agent = world.plane.agent_for(state, args["instance"])
    if isinstance(agent, EcsAgent):
        agent.run(args)
