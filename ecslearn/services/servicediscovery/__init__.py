"""AWS Cloud Map (botocore ``servicediscovery``): namespaces, services, instances, and the
asynchronous operations that make them; what ECS's service discovery (``serviceRegistries``)
and Service Connect stand on. Its records are `ecslearn.model.service_discovery`.

Cloud Map answers a bad request with ``InvalidInput`` and a failure of its own with the common
``InternalFailure``."""

from ecslearn.errors import (
    InternalFailure,
    InvalidInput,
    InvalidParameterException,
    RequestEntityTooLargeException,
    SerializationException,
    ServerException,
    UnsupportedFeatureException,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "servicediscovery",
    "Cloud Map",
    {
        InvalidParameterException: InvalidInput,
        SerializationException: InvalidInput,
        RequestEntityTooLargeException: InvalidInput,
        UnsupportedFeatureException: InvalidInput,
        ServerException: InternalFailure,
    },
)

#: The modules whose import registers this service's handlers.
HANDLERS = (
    "operations",
    "namespaces",
    "cloud_map_services",
    "registrations",
    "discovery",
    "cloud_map_tags",
)
