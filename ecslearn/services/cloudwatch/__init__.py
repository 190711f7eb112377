"""Amazon CloudWatch (botocore ``cloudwatch``): metrics and metric alarms.

What a learner of ECS reads in CloudWatch: the metrics AWS publishes for ECS services and
clusters and for Application Load Balancers (`aws_metrics`, once a simulated minute, `minute`),
the learner's own (`metrics`: PutMetricData, GetMetricStatistics, ListMetrics; `metric_data`:
GetMetricData and metric math), and metric alarms (`alarms`, evaluated each minute by
`evaluation`, their actions run by `alarm_actions`, their history in `alarm_history`), which
Application Auto Scaling's target tracking creates and follows.

CloudWatch is AWS-query-compatible whichever protocol its client speaks (botocore 1.44 sends
JSON 1.0; other SDKs Smithy RPC v2 CBOR; both are served): its errors are the query protocol's
codes (its API reference's "Common Errors": ValidationError for a request that
breaks a shape's constraint, InvalidParameterValue, MissingParameter,
InvalidParameterCombination, InvalidAction, InternalFailure) and those its model lists. Every
other CloudWatch operation (dashboards, composite alarms, anomaly detectors, metric streams,
Insights rules) answers ``InvalidAction`` naming itself. A body that does not parse keeps the
wire protocol's SerializationException.
"""

from ecslearn.errors import (
    InternalFailure,
    InvalidAction,
    InvalidParameterException,
    RequestEntityTooLargeException,
    ServerException,
    UnknownOperationException,
    UnsupportedFeatureException,
    ValidationError,
)
from ecslearn.services.spec import ServiceSpec

SERVICE = ServiceSpec(
    "cloudwatch",
    "CloudWatch",
    {
        InvalidParameterException: ValidationError,
        RequestEntityTooLargeException: ValidationError,
        UnsupportedFeatureException: ValidationError,
        UnknownOperationException: InvalidAction,
        ServerException: InternalFailure,
    },
    unsimulated_otherwise=InvalidAction,
)

#: The modules whose import registers this service's handlers.
HANDLERS = ("metrics", "metric_data", "alarms", "alarm_history", "minute")
