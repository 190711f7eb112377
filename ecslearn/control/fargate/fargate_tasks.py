"""A Fargate task's own agent, and what goes when the task stops (its agent, its ENI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.control.fargate.fargate_launch import eni_of
from ecslearn.control.state import RegionState
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.agents.interface import Agent
    from ecslearn.control.world import World


def task_agent(world: World, state: RegionState, agents: dict[str, Agent], task_arn: str) -> Agent:
    """The agent in the task's micro-VM, kept while the task lives. A step that arrives after
    the task stopped gets a throwaway agent (it finds nothing to do)."""
    from ecslearn.agents.fargate_agent import fargate_agent

    agent = fargate_agent(world, state.region, task_arn)
    if not state.tasks[task_arn].is_stopped:
        agents[task_arn] = agent
    return agent


def task_stopped(world: World, state: RegionState, agents: dict[str, Agent], task: Task) -> None:
    """The micro-VM is gone: its agent goes, its ENI is deleted and its address freed."""
    agents.pop(task.task_arn or "", None)
    eni = eni_of(task)
    if eni:
        state.ec2.remove_interface(eni)
    for attachment in task.attachments or []:
        attachment["status"] = "DELETED"
