"""EC2 Auto Scaling's own error codes (re-exported by `ecslearn.errors`).

Auto Scaling speaks the query protocol, whose error shapes carry a code of their own: the shape
``AlreadyExistsFault`` is sent as ``<Code>AlreadyExists</Code>`` (botocore's model, each shape's
``error.code``), and botocore raises ``client.exceptions.AlreadyExistsFault`` for it. Its bad
requests are the query protocol's common ``ValidationError`` (`ecslearn.errors.ValidationError`).
"""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class AlreadyExistsFault(EcsError):
    """A group (or a tag) by that name already exists."""

    code = "AlreadyExists"


class LimitExceededFault(EcsError):
    """A quota of the account (groups per region, instances in one protection call...)."""

    code = "LimitExceeded"


class ResourceContentionFault(EcsError):
    """Another request is changing the same resource (AWS sends it with status 500)."""

    code = "ResourceContention"
    http_status = 500


class ResourceInUseFault(EcsError):
    """The group still has instances (DeleteAutoScalingGroup without ForceDelete)."""

    code = "ResourceInUse"


class ScalingActivityInProgressFault(EcsError):
    """A scaling activity (or the cooldown after one) blocks the request."""

    code = "ScalingActivityInProgress"


class InvalidNextToken(EcsError):
    """A NextToken that no earlier answer gave."""

    code = "InvalidNextToken"
