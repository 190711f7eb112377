"""Amazon CloudWatch Logs (botocore ``logs``, JSON 1.1): log groups, log streams, their events,
retention and tags; what the awslogs log driver of ECS containers writes into
(`ecslearn.agents.awslogs_driver`).

Its records are `ecslearn.model.logs` (``RegionState.logs``). An operation ecslearn does not
simulate answers JSON's common UnknownOperationException, naming itself."""

from ecslearn.errors import (
    InvalidParameterException,
    ServerException,
    ServiceUnavailableException,
    UnsupportedFeatureException,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "logs",
    "CloudWatch Logs",
    {
        UnsupportedFeatureException: InvalidParameterException,
        ServerException: ServiceUnavailableException,
    },
)

#: The modules whose import registers this service's handlers.
HANDLERS = ("log_groups", "log_streams", "log_events", "log_filter")
