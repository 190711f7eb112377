"""ECS's error codes of its service deployments and Service Connect operations (re-exported by
`ecslearn.errors`)."""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError

#: ExecuteCommand's refusal of a task not started with enableExecuteCommand (AWS's text, quoted
#: in aws/copilot-cli and keidarcy/e1s issues; "isn’t" with a typographic apostrophe). ECS's API
#: and `ecslearn exec` on the Docker agent both answer it.
EXEC_NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run "
    "or the execute command agent isn’t running. Wait and try again or run a new task with "
    "execute command enabled and try again."
)


class ServiceDeploymentNotFoundException(EcsError):
    """No service deployment by that ARN."""

    code = "ServiceDeploymentNotFoundException"


class NamespaceNotFoundException(EcsError):
    """ECS's name for a Cloud Map namespace it cannot find (Cloud Map says NamespaceNotFound)."""

    code = "NamespaceNotFoundException"


class ConflictException(EcsError):
    """The resource is not in a state that allows the request (a finished deployment)."""

    code = "ConflictException"
