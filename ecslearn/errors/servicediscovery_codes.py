"""AWS Cloud Map's own error codes (botocore ``servicediscovery``; re-exported by
`ecslearn.errors`).

Cloud Map's model names its errors plainly (``NamespaceNotFound``, ``InvalidInput``); the HTTP
statuses are the model's. Codes it shares with services already simulated keep their one class:
``ResourceInUse`` is Auto Scaling's `ResourceInUseFault`, ``ResourceNotFoundException`` is
ECS's, ``TooManyTagsException`` CloudWatch Logs'. ``ServiceNotFound`` is not ECS's
``ServiceNotFoundException``, so its class is named after Cloud Map.
"""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class InvalidInput(EcsError):
    """One or more values of a Cloud Map request are not valid."""

    code = "InvalidInput"


class NamespaceNotFound(EcsError):
    """No namespace by that ID (or it is still being created)."""

    code = "NamespaceNotFound"
    http_status = 404


class NamespaceAlreadyExists(EcsError):
    """A namespace by that name exists already."""

    code = "NamespaceAlreadyExists"


class CloudMapServiceNotFound(EcsError):
    """No Cloud Map service by that ID."""

    code = "ServiceNotFound"
    http_status = 404


class ServiceAlreadyExists(EcsError):
    """The namespace has a service by that name already."""

    code = "ServiceAlreadyExists"


class InstanceNotFound(EcsError):
    """No instance by that ID in the service."""

    code = "InstanceNotFound"
    http_status = 404


class OperationNotFound(EcsError):
    """No operation by that ID."""

    code = "OperationNotFound"
    http_status = 404


class CustomHealthNotFound(EcsError):
    """The service has no custom health check (HealthCheckCustomConfig)."""

    code = "CustomHealthNotFound"
    http_status = 404


class DuplicateRequest(EcsError):
    """An operation on the same resource is still in progress."""

    code = "DuplicateRequest"
    http_status = 409


class ResourceLimitExceeded(EcsError):
    """A Cloud Map quota (namespaces, services, instances) is reached."""

    code = "ResourceLimitExceeded"
