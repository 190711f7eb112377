"""Application Auto Scaling (botocore ``application-autoscaling``, JSON 1.1).

An operation ecslearn does not simulate answers ValidationException where the operation models
it, else JSON's common UnknownOperationException (ListTagsForResource models only
ResourceNotFoundException)."""

from ecslearn.errors import (
    InternalServiceException,
    InvalidParameterException,
    ServerException,
    UnsupportedFeatureException,
    ValidationException,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "application-autoscaling",
    "Application Auto Scaling",
    {
        InvalidParameterException: ValidationException,
        UnsupportedFeatureException: ValidationException,
        ServerException: InternalServiceException,
    },
    unsimulated=(ValidationException,),
)

#: The modules whose import registers this service's handlers.
HANDLERS = ("operations",)
