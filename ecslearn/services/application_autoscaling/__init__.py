"""Application Auto Scaling (botocore ``application-autoscaling``, JSON 1.1)."""

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
)

import ecslearn.control.operations  # noqa: E402,F401  (registers the handlers)
