"""The capability attributes an ECS agent advertises when it registers an instance.

Task definitions list the capabilities they need (``requiresAttributes``); placement only picks
instances that advertise all of them, so a simulated agent must advertise what a real one does.
"""

from __future__ import annotations

DOCKER_REMOTE_API_VERSIONS = tuple(f"1.{minor}" for minor in range(17, 33))

AGENT_CAPABILITIES: tuple[str, ...] = (
    *(f"com.amazonaws.ecs.capability.docker-remote-api.{v}" for v in DOCKER_REMOTE_API_VERSIONS),
    "com.amazonaws.ecs.capability.logging-driver.json-file",
    "com.amazonaws.ecs.capability.logging-driver.awslogs",
    "com.amazonaws.ecs.capability.logging-driver.none",
    "com.amazonaws.ecs.capability.ecr-auth",
    "com.amazonaws.ecs.capability.task-iam-role",
    "com.amazonaws.ecs.capability.task-iam-role-network-host",
    "ecs.capability.task-eni",
    "ecs.capability.container-health-check",
    "ecs.capability.container-ordering",
    "ecs.capability.execution-role-ecr-pull",
    "ecs.capability.execution-role-awslogs",
    "ecs.capability.secrets.ssm.environment-variables",
    "ecs.capability.secrets.asm.environment-variables",
    "ecs.capability.docker-plugin.local",
)
