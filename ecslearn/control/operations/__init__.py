"""ECS (and ECR, and Application Auto Scaling) operations, one module per kind of resource;
importing registers them."""

from ecslearn.control.operations import (  # noqa: F401
    attributes,
    autoscaling,
    clusters,
    container_instances,
    ecr,
    services,
    tags,
    task_definitions,
    tasks,
)
