"""The agent of one Fargate task: AWS runs each Fargate task in its own micro-VM.

There is no container instance to register, drain or disconnect, so the agent is keyed by the
task's ARN (`Task.agent_key`) and is always connected. It is the same `EcsAgent` and `TaskRunner`
as on EC2 (pull, dependsOn order, essential containers, stop order, stopTimeout), over a
`SimulatedRuntime` with Fargate's timings: longer PROVISIONING (AWS finds capacity and attaches
the task's ENI), no image cache (every task pulls afresh), longer DEPROVISIONING.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ecslearn.agents.agent import EcsAgent
from ecslearn.agents.awslogs_driver import require_groups
from ecslearn.agents.runtime import Attached
from ecslearn.agents.simulated import SimulatedRuntime
from ecslearn.agents.task_secrets import resolve

if TYPE_CHECKING:
    from ecslearn.agents.interface import AgentTimings
    from ecslearn.control.world import World
    from ecslearn.model.task import Task


class FargateRuntime(SimulatedRuntime):
    """Simulated containers in one task's micro-VM."""

    pull_source = " (Fargate)"
    #: the task runner reads secrets with Fargate's reasons
    platform = "FARGATE"

    @property
    def timings(self) -> AgentTimings:
        world = self.world.timings
        return dataclasses.replace(
            world,
            eni_attach_seconds=world.fargate_provision_seconds,
            eni_detach_seconds=world.fargate_deprovision_seconds,
        )

    def attach_eni(self, task: Task) -> Attached | None:
        """AWS attached the ENI ECS created for the task: the address it was given. The Fargate
        agent then checks the awslogs log groups before anything starts
        (`ecslearn.agents.awslogs_driver`) and the task's secrets
        (`ecslearn.agents.task_secrets`): a missing one fails the task with
        ResourceInitializationError."""
        definition = self.ecs.task_definition_by_arn(task.task_definition_arn or "")
        require_groups(self.world, self.region, definition.container_definitions)
        resolve(self.world, self.region, definition, fargate=True)  # secrets, before the pull
        details = {
            d["name"]: d["value"] for a in task.attachments or [] for d in a.get("details", [])
        }
        address = details.get("privateIPv4Address", "")
        note = f"ENI {details.get('networkInterfaceId')} attached ({address})"
        return Attached(address=address, note=note)

    def pull_seconds(self, images: Iterable[str | None], cached: set[str]) -> float:
        return self.duration(self.world.timings.fargate_pull_seconds)


class FargateAgent(EcsAgent):
    """The agent inside one Fargate task's micro-VM: AWS's own, never disconnected."""

    @property
    def connected(self) -> bool:
        return True


def fargate_agent(world: World, region: str, task_arn: str) -> FargateAgent:
    return FargateAgent(world, region, task_arn, FargateRuntime(world, region, task_arn))
