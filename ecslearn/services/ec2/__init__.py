"""Amazon EC2 (botocore ``ec2``, EC2's own query protocol).

Only what ECS lessons lean on is simulated; every other EC2 operation answers
``UnsupportedOperation`` naming itself. EC2's errors are its common ones (its model lists none).
"""

from ecslearn.errors import (
    AccessDeniedException,
    InternalError,
    InvalidAction,
    InvalidParameterException,
    InvalidParameterValue,
    RequestEntityTooLargeException,
    SerializationException,
    ServerException,
    UnauthorizedOperation,
    UnknownOperationException,
    UnsupportedFeatureException,
    UnsupportedOperation,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "ec2",
    "EC2",
    {
        InvalidParameterException: InvalidParameterValue,
        SerializationException: InvalidParameterValue,
        RequestEntityTooLargeException: InvalidParameterValue,
        AccessDeniedException: UnauthorizedOperation,
        UnsupportedFeatureException: UnsupportedOperation,
        UnknownOperationException: InvalidAction,
        ServerException: InternalError,
    },
    unsimulated_otherwise=UnsupportedOperation,
)


#: The modules whose import registers this service's handlers.
HANDLERS = ("availability_zones",)
