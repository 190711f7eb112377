"""Amazon ECR (botocore ``ecr``, JSON 1.1); its errors for every service's failures are ECS's."""

from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec("ecr", "ECR")

#: The modules whose import registers this service's handlers.
HANDLERS = ("operations",)
