"""Amazon ECR (botocore ``ecr``, JSON 1.1); its errors for every service's failures are ECS's.

An operation ecslearn does not simulate answers JSON's common UnknownOperationException: ECR
models no error that means "not supported here"."""

from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec("ecr", "ECR")

#: The modules whose import registers this service's handlers.
HANDLERS = ("operations",)
