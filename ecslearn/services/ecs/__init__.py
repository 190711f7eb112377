"""Amazon ECS (botocore ``ecs``, JSON 1.1)."""

from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec("ecs", "ECS")

import ecslearn.control.operations  # noqa: E402,F401  (registers the handlers)
