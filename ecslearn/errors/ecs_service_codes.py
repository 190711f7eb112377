"""ECS's error codes of its service deployments and Service Connect operations (re-exported by
`ecslearn.errors`)."""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class ServiceDeploymentNotFoundException(EcsError):
    """No service deployment by that ARN."""

    code = "ServiceDeploymentNotFoundException"


class NamespaceNotFoundException(EcsError):
    """ECS's name for a Cloud Map namespace it cannot find (Cloud Map says NamespaceNotFound)."""

    code = "NamespaceNotFoundException"


class ConflictException(EcsError):
    """The resource is not in a state that allows the request (a finished deployment)."""

    code = "ConflictException"
