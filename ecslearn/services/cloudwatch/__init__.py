"""Amazon CloudWatch (botocore ``cloudwatch``): metrics and metric alarms.

What a learner of ECS reads in CloudWatch: the metrics AWS publishes for ECS services and
clusters and for Application Load Balancers (`aws_metrics`, once a simulated minute, `minute`),
the learner's own (`metrics`: PutMetricData, GetMetricStatistics, ListMetrics; `metric_data`:
GetMetricData and metric math), and metric alarms (`alarms`, evaluated each minute by
`evaluation`, their actions run by `alarm_actions`, their history in `alarm_history`), which
Application Auto Scaling's target tracking creates and follows.

CloudWatch is AWS-query-compatible whichever protocol its client speaks: its errors are the
query protocol's codes (its API reference's "Common Errors": ValidationError for a request that
breaks a shape's constraint, InvalidParameterValue, MissingParameter,
InvalidParameterCombination, InvalidAction, InternalFailure) and those its model lists. Every
other CloudWatch operation (dashboards, composite alarms, anomaly detectors, metric streams,
Insights rules) answers ``InvalidAction`` naming itself.
"""

from ecslearn.services.spec import query_service

SERVICE = query_service("cloudwatch", "CloudWatch")

#: The modules whose import registers this service's handlers.
HANDLERS = ("metrics", "metric_data", "alarms", "alarm_history", "minute")
