"""A container definition's ``secrets``: environment variables whose values the agent reads, when
the task starts, from Systems Manager Parameter Store or Secrets Manager.

Each entry is ``{"name": "DB_PASSWORD", "valueFrom": ...}`` (botocore's ``Secret``, both
required). ``valueFrom`` is a parameter's name (same region as the task), a parameter's ARN
(``arn:aws:ssm:REGION:ACCOUNT:parameter/NAME``, any region) or a secret's ARN
(``arn:aws:secretsmanager:...:secret:NAME``). They ride along in the container definition's
``extra`` and are returned exactly as registered (DescribeTaskDefinition shows the references,
never the values).

RegisterTaskDefinition refuses secrets without an execution role, on every launch type, with
AWS's text "When you are specifying container secrets, you must also specify a value for
'executionRoleArn'." (a ClientException, quoted in fabfuel/ecs-deploy#87 and
hashicorp/terraform-provider-aws#6503): the role is what the agent reads them with. Whether the
parameter exists is found out only when a task starts (`ecslearn.agents.task_secrets`), as on
AWS. An empty ``name`` or ``valueFrom`` is refused in ecslearn's words (botocore checks only
that both are there).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.errors import ClientException
from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition

NO_EXECUTION_ROLE = (
    "When you are specifying container secrets, you must also specify a value for "
    "'executionRoleArn'."
)


@dataclass(frozen=True)
class SecretSource:
    """Where one secret's value comes from."""

    env_name: str  # the environment variable the container gets
    store: str  # "ssm" or "secretsmanager"
    region: str | None  # from an ARN; None: the task's own region
    name: str  # the parameter's name (an ARN's name part starts with "/"), or the secret's ARN
    value_from: str  # as registered


def secrets_of(container: ContainerDefinition) -> list[dict]:
    """The container's ``secrets`` as registered (kept in ``extra``); [] when it has none."""
    found = container.extra.get("secrets")
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []


def source(secret: dict) -> SecretSource:
    """Where a ``{"name", "valueFrom"}`` entry reads from."""
    value_from = str(secret.get("valueFrom") or "")
    env_name = str(secret.get("name") or "")
    parts = value_from.split(":")
    if value_from.startswith("arn:") and len(parts) >= 6 and parts[2] == "secretsmanager":
        return SecretSource(env_name, "secretsmanager", parts[3] or None, value_from, value_from)
    if value_from.startswith("arn:") and len(parts) >= 6 and parts[2] == "ssm":
        name = "/" + value_from.split(":parameter/", 1)[-1]
        return SecretSource(env_name, "ssm", parts[3] or None, name, value_from)
    return SecretSource(env_name, "ssm", None, value_from, value_from)


def uses_secrets(td: TaskDefinition) -> bool:
    return any(secrets_of(c) for c in td.container_definitions)


def check_secrets(td: TaskDefinition) -> None:
    """RegisterTaskDefinition's checks of ``secrets`` (see the module)."""
    for container in td.container_definitions:
        for secret in secrets_of(container):
            if not secret.get("name") or not secret.get("valueFrom"):
                raise ClientException(  # ecslearn's wording
                    f"Container '{container.name}': every secret needs a 'name' (the "
                    "environment variable) and a 'valueFrom' (the parameter or secret).",
                    hint='e.g. {"name": "DB_PASSWORD", "valueFrom": "/shop/db-password"}',
                )
    if uses_secrets(td) and not td.execution_role_arn:
        raise ClientException(
            NO_EXECUTION_ROLE,
            hint="Give the task definition an executionRoleArn: the role ECS's agent reads the "
            "parameters with (on AWS it needs ssm:GetParameters on them; "
            "secretsmanager:GetSecretValue for Secrets Manager).",
        )
