"""CloudWatch Logs' own error codes (re-exported by `ecslearn.errors`).

Its other errors are ones ECS shares: InvalidParameterException, ResourceNotFoundException,
LimitExceededException."""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class ResourceAlreadyExistsException(EcsError):
    """A log group or log stream by that name already exists."""

    code = "ResourceAlreadyExistsException"


class ServiceUnavailableException(EcsError):
    """CloudWatch Logs' name for a failure inside ecslearn itself."""

    code = "ServiceUnavailableException"
    http_status = 500


class TooManyTagsException(EcsError):
    """A log group may carry at most 50 tags."""

    code = "TooManyTagsException"
