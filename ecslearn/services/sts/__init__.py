"""AWS STS (botocore ``sts``, the query protocol): who the caller is.

Errors are the query APIs' common ones ("Common Errors" in the STS API reference:
ValidationError, InvalidAction, InternalFailure, ...). STS has no code for "a real operation this
endpoint does not perform" and STS's operations model none that fits, so ecslearn answers those
with ``InvalidAction`` too, its message naming the operation and saying it is not simulated.
"""

from ecslearn.services.spec import query_service

SERVICE = query_service("sts", "STS")

#: The modules whose import registers this service's handlers.
HANDLERS = ("identity",)
