"""ECS (and ECR) operations, one module per kind of resource; importing registers them."""

from ecslearn.control.operations import (  # noqa: F401
    attributes,
    clusters,
    container_instances,
    services,
    tags,
    task_definitions,
    tasks,
)
