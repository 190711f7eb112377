"""A container's ``logConfiguration`` with the ``awslogs`` driver: what RegisterTaskDefinition
checks, and where the container's output goes (its log group, region and stream).

RegisterTaskDefinition checks only what ECS checks when it registers (AWS's texts, quoted in
terraform-aws-modules/terraform-aws-ecs#206, terraform-linters/tflint-ruleset-aws#348,
aws-samples/amazon-ecs-firelens-examples#83 and virtual-kubelet#193): ``awslogs-group`` present
and not empty, ``awslogs-create-group`` only ``"true"``, no option the driver does not know, an
execution role on Fargate. Whether the group exists is found out only when the task starts on
its agent (`ecslearn.agents.awslogs_driver`), as on AWS.

Stream names follow ECS's developer guide: with ``awslogs-stream-prefix`` a stream is
``prefix/container-name/task-id``; without one (allowed on EC2) Docker's awslogs driver names it
after the Docker container ID. A missing ``awslogs-region`` is the task's own region (Docker's
driver uses the instance's region when none is set).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.errors import ClientException
from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition

#: The options Docker's awslogs driver and ECS know (ECS's developer guide, "awslogs").
AWSLOGS_OPTIONS = frozenset(
    {
        "awslogs-group",
        "awslogs-region",
        "awslogs-stream-prefix",
        "awslogs-create-group",
        "awslogs-datetime-format",
        "awslogs-multiline-pattern",
        "awslogs-endpoint",
        "awslogs-credentials-endpoint",
        "awslogs-format",
        "mode",
        "max-buffer-size",
        "tag",
    }
)
AWSLOGS_CAPABILITY = "com.amazonaws.ecs.capability.logging-driver.awslogs"


@dataclass(frozen=True)
class AwsLogs:
    """Where one container's output goes."""

    group: str
    region: str | None
    prefix: str | None
    create_group: bool

    def stream_name(self, container_name: str, task_id: str, docker_id: str) -> str:
        """ECS's ``prefix/container-name/task-id``, or Docker's container ID without a prefix."""
        if self.prefix:
            return f"{self.prefix}/{container_name}/{task_id}"
        return docker_id


def log_configuration(container: ContainerDefinition) -> dict | None:
    """The container's ``logConfiguration`` as registered (kept in ``extra``)."""
    configuration = container.extra.get("logConfiguration")
    return configuration if isinstance(configuration, dict) else None


def awslogs_of(container: ContainerDefinition) -> AwsLogs | None:
    """The awslogs settings of a container, or None when it logs elsewhere (or nowhere)."""
    configuration = log_configuration(container)
    if configuration is None or configuration.get("logDriver") != "awslogs":
        return None
    options = configuration.get("options") or {}
    return AwsLogs(
        group=str(options.get("awslogs-group") or ""),
        region=options.get("awslogs-region") or None,
        prefix=options.get("awslogs-stream-prefix") or None,
        create_group=options.get("awslogs-create-group") == "true",
    )


def check_log_configurations(td: TaskDefinition, fargate: bool) -> None:
    """RegisterTaskDefinition's checks of awslogs options (see the module)."""
    for container in td.container_definitions:
        configuration = log_configuration(container)
        if configuration is None or configuration.get("logDriver") != "awslogs":
            continue
        options = configuration.get("options") or {}
        unknown = sorted(k for k in options if k not in AWSLOGS_OPTIONS)
        if unknown:
            raise ClientException(f"Log driver awslogs disallows options: {', '.join(unknown)}")
        if not options.get("awslogs-group"):
            raise ClientException(
                "Log driver awslogs option 'awslogs-group' should not be null or empty.",
                hint='Name the log group, e.g. "awslogs-group": "/ecs/my-app".',
            )
        if options.get("awslogs-create-group") not in (None, "true"):
            raise ClientException(
                "Log driver awslogs option 'awslogs-create-group' should only be set to 'true', "
                "else omit option."
            )
        if fargate and not td.execution_role_arn:
            raise ClientException(
                "Fargate requires task definition to have execution role ARN to support log "
                "driver awslogs.",
                hint="Give the task definition an executionRoleArn (the role the agent uses to "
                "write to CloudWatch Logs).",
            )


def uses_awslogs(td: TaskDefinition) -> bool:
    return any(awslogs_of(c) is not None for c in td.container_definitions)
