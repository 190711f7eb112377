"""Log streams: CreateLogStream, DeleteLogStream and DescribeLogStreams."""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidParameterException, ResourceAlreadyExistsException
from ecslearn.model.logs import LogStream
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.logs.common import (
    SERVICE,
    group_name_of,
    limited_page,
    now_ms,
    require_group,
    require_stream,
)


@operation("CreateLogStream", SERVICE)
def create_log_stream(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, request["logGroupName"])
    name = request["logStreamName"]
    if name in group.streams:
        # AWS's text, as for a log group (moto and localstack answer the same)
        raise ResourceAlreadyExistsException("The specified log stream already exists")
    group.streams[name] = LogStream(name, group.stream_arn(name), now_ms(ctx))
    return {}


@operation("DeleteLogStream", SERVICE)
def delete_log_stream(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, request["logGroupName"])
    stream = require_stream(group, request["logStreamName"])
    del group.streams[stream.name]
    return {}


def _last_event(stream: LogStream) -> int:
    return stream.events[-1].timestamp if stream.events else 0


@operation("DescribeLogStreams", SERVICE)
def describe_log_streams(ctx: RequestContext, request: dict) -> dict[str, Any]:
    """Streams by name (or by their last event's timestamp), ascending unless ``descending``;
    a name prefix cannot go with ordering by LastEventTime, as AWS's reference says."""
    group = require_group(ctx, group_name_of(request))
    order = request.get("orderBy") or "LogStreamName"
    prefix = request.get("logStreamNamePrefix")
    if prefix and order == "LastEventTime":
        # AWS's text (its API reference: "If you order the results by event time, you cannot
        # specify the logStreamNamePrefix parameter")
        raise InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.")
    streams = [s for s in group.streams.values() if s.name.startswith(prefix or "")]
    if order == "LastEventTime":
        streams.sort(key=lambda s: (_last_event(s), s.name))
    else:
        streams.sort(key=lambda s: s.name)
    if request.get("descending"):
        streams.reverse()
    page, token = limited_page(streams, request, 50, 50)
    response: dict[str, Any] = {"logStreams": [s.to_json() for s in page]}
    if token:
        response["nextToken"] = token
    return response
