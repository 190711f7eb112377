"""Amazon ECS (botocore ``ecs``, JSON 1.1): its handlers, one module per kind of resource.

ECS's engine (the schedulers, placement, task lifecycle) lives in `ecslearn.control`: the agents
and the clock drive it too, not only these handlers."""

from ecslearn.errors import ClientException, UnsupportedFeatureException
from ecslearn.services.spec import ServiceSpec

#: An operation not simulated: UnsupportedFeatureException where the operation models it, else
#: ClientException, which every ECS operation models.
SERVICE = ServiceSpec(
    "ecs",
    "ECS",
    unsimulated=(UnsupportedFeatureException,),
    unsimulated_otherwise=ClientException,
)

#: The modules whose import registers this service's handlers.
HANDLERS = (
    "account_settings",
    "attributes",
    "capacity_providers",
    "clusters",
    "execute_command",
    "container_instances",
    "continue_deployment",
    "services",
    "service_deployments",
    "services_by_namespace",
    "tags",
    "task_definitions",
    "tasks",
    "task_sets",
    "task_protection",
)
