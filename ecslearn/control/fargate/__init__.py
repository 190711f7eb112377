"""Fargate: tasks without container instances, each in its own micro-VM with its own ENI.

`start_fargate_tasks` is the one function other code calls to start Fargate tasks (RunTask's
launchType FARGATE, FARGATE services, the FARGATE and FARGATE_SPOT capacity providers);
`fargate_rules` holds ECS's checks, `spot_interruptions` Fargate Spot's two-minute warning.
"""

from ecslearn.control.fargate.fargate_launch import start_fargate_tasks
from ecslearn.control.fargate.fargate_rules import check_launch, platform_version
from ecslearn.control.fargate.fargate_tasks import task_agent, task_stopped
from ecslearn.control.fargate.spot_interruptions import interrupt_spot, set_rate

__all__ = [
    "check_launch",
    "interrupt_spot",
    "platform_version",
    "set_rate",
    "start_fargate_tasks",
    "task_agent",
    "task_stopped",
]
