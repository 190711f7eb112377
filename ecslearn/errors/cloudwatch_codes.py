"""CloudWatch's own error codes (re-exported by `ecslearn.errors`).

CloudWatch is AWS-query-compatible: its model's shapes carry the query protocol's codes
(``ResourceNotFound`` for the shape ``ResourceNotFound``, ``InvalidFormat`` for
``InvalidFormatFault``), which botocore reports whichever protocol the client speaks. Its bad
parameters are the query protocol's common ``InvalidParameterValue``, ``MissingParameter``,
``InvalidParameterCombination`` and ``ValidationError``; ``LimitExceeded`` and
``InvalidNextToken`` are the codes Auto Scaling's classes already carry.
"""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class ResourceNotFound(EcsError):
    """No alarm by that name (DeleteAlarms, SetAlarmState)."""

    code = "ResourceNotFound"


class InvalidFormat(EcsError):
    """SetAlarmState's StateReasonData is not JSON."""

    code = "InvalidFormat"
