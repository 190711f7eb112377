"""AWS Systems Manager (botocore ``ssm``, JSON 1.1): the Parameter Store's public parameters
that name the Amazon ECS-optimized AMIs (`parameters`)."""

from ecslearn.errors import (
    InternalServerError,
    InvalidParameterException,
    ServerException,
    UnsupportedFeatureException,
    UnsupportedOperationException,
    ValidationException,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "ssm",
    "Systems Manager",
    {
        InvalidParameterException: ValidationException,
        UnsupportedFeatureException: UnsupportedOperationException,
        ServerException: InternalServerError,
    },
)

#: The modules whose import registers this service's handlers.
HANDLERS = ("parameters",)
