"""AWS STS (botocore ``sts``, the query protocol): who the caller is.

Errors are the query APIs' common ones. STS has no code for "a real operation this endpoint
does not perform", so ecslearn answers those with EC2's ``UnsupportedOperation`` (the message
names the operation and the service); an Action STS does not have is ``InvalidAction``.
"""

from ecslearn.errors import (
    InternalFailure,
    InvalidAction,
    InvalidParameterException,
    SerializationException,
    ServerException,
    UnknownOperationException,
    UnsupportedFeatureException,
    UnsupportedOperation,
    ValidationError,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "sts",
    "STS",
    {
        InvalidParameterException: ValidationError,
        SerializationException: ValidationError,
        UnsupportedFeatureException: UnsupportedOperation,
        UnknownOperationException: InvalidAction,
        ServerException: InternalFailure,
    },
)

#: The modules whose import registers this service's handlers.
HANDLERS = ("identity",)
