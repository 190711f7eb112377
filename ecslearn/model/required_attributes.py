"""The agent capabilities a task definition implies (its ``requiresAttributes``), which
placement demands of the instances that run it, as ECS fills them in on registration."""

from __future__ import annotations

from ecslearn.model.common import Attribute
from ecslearn.model.log_configuration import AWSLOGS_CAPABILITY, uses_awslogs
from ecslearn.model.secrets import secrets_of, source
from ecslearn.model.task_definition import TaskDefinition


def required_attributes(td: TaskDefinition) -> list[Attribute]:
    """The agent capabilities a definition implies, which placement will demand of instances."""
    names: list[str] = []

    def need(name: str) -> None:
        if name not in names:
            names.append(name)

    containers = td.container_definitions
    if any(c.docker_labels for c in containers):
        need("com.amazonaws.ecs.capability.docker-remote-api.1.18")
    if any(c.memory_reservation for c in containers):
        need("com.amazonaws.ecs.capability.docker-remote-api.1.21")
    if td.task_role_arn:
        need("com.amazonaws.ecs.capability.task-iam-role")
    if any(c.health_check for c in containers):
        need("ecs.capability.container-health-check")
    if any(c.depends_on for c in containers):
        need("ecs.capability.container-ordering")
    if td.effective_network_mode == "awsvpc":
        need("ecs.capability.task-eni")
    if td.execution_role_arn:
        need("ecs.capability.execution-role-ecr-pull")
    stores = {source(s).store for c in containers for s in secrets_of(c)}
    if "ssm" in stores:  # as DescribeTaskDefinition shows for secrets read from Parameter Store
        need("ecs.capability.secrets.ssm.environment-variables")
    if "secretsmanager" in stores:
        need("ecs.capability.secrets.asm.environment-variables")
    if uses_awslogs(td):
        need(AWSLOGS_CAPABILITY)
        if td.execution_role_arn:
            need("ecs.capability.execution-role-awslogs")
    return [Attribute(name=name) for name in names]
