"""Amazon EC2 (botocore ``ec2``, EC2's own query protocol).

What ECS on EC2 leans on: the region's default network (`network`) and its security groups
(`security_groups`), launch templates (`launch_templates`), instances (`instances`,
`instance_actions`; launched through `launch`, moved on the clock by `transitions`), the ECS
agent an ECS-optimized instance runs (`ecs_agent`), the images and instance types on offer
(`catalog`) and tags (`resource_tags`). Every other EC2 operation answers
``UnsupportedOperation`` naming itself. EC2's errors are its common ones and its resources'
``*.NotFound`` codes (its model lists none; `ecslearn.errors`).
"""

from ecslearn.errors import (
    AccessDeniedException,
    InternalError,
    InvalidAction,
    InvalidParameterException,
    InvalidParameterValue,
    RequestEntityTooLargeException,
    SerializationException,
    ServerException,
    UnauthorizedOperation,
    UnknownOperationException,
    UnsupportedFeatureException,
    UnsupportedOperation,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "ec2",
    "EC2",
    {
        InvalidParameterException: InvalidParameterValue,
        SerializationException: InvalidParameterValue,
        RequestEntityTooLargeException: InvalidParameterValue,
        AccessDeniedException: UnauthorizedOperation,
        UnsupportedFeatureException: UnsupportedOperation,
        UnknownOperationException: InvalidAction,
        ServerException: InternalError,
    },
    unsimulated_otherwise=UnsupportedOperation,
)


#: The modules whose import registers this service's handlers.
HANDLERS = (
    "availability_zones",
    "network",
    "security_groups",
    "launch_templates",
    "instances",
    "instance_actions",
    "catalog",
    "resource_tags",
)
