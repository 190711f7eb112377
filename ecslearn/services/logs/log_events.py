"""Events in one stream: PutLogEvents and GetLogEvents.

PutLogEvents keeps AWS's rules from its API reference: the batch in chronological order, at
most 1,048,576 bytes (each message's UTF-8 bytes plus 26), no more than 24 hours between its
first and last event; events more than 2 hours ahead of the clock, more than 14 days back, or
older than the group's retention are left out and named in ``rejectedLogEventsInfo`` while the
rest are taken. The sequence token is ignored, as AWS now ignores it.

GetLogEvents pages as AWS does: without a token it answers the newest events (the oldest with
``startFromHead``); ``nextForwardToken``/``nextBackwardToken`` are ``f/<56 digits>/s`` and
``b/<56 digits>/s``, and at the end of the stream the forward token comes back unchanged (the
way a reader tails a stream). The digits are the key of the event the page ends (begins) at
(`ecslearn.model.logs.LogEvent.key`).
"""

from __future__ import annotations

import re
from typing import Any

from ecslearn.errors import InvalidParameterException
from ecslearn.model.logs import DAY_MS, TOO_NEW_MS, TOO_OLD_MS, LogEvent
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.logs.common import (
    SERVICE,
    group_name_of,
    logs_of,
    now_ms,
    require_group,
    require_stream,
)

MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_SPAN_MS = DAY_MS
TOKEN = re.compile(r"^([fb])/(\d{56})/s$")
DEFAULT_LIMIT = 10_000


@operation("PutLogEvents", SERVICE)
def put_log_events(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, request["logGroupName"])
    stream = require_stream(group, request["logStreamName"])
    events = request["logEvents"]
    stamps = [e["timestamp"] for e in events]
    if stamps != sorted(stamps):
        # AWS's text (quoted by the AWS SDKs' users, e.g. watchtower and serilog issues)
        raise InvalidParameterException(
            "Log events in a single PutLogEvents request must be in chronological order."
        )
    size = sum(len(e["message"].encode()) + EVENT_OVERHEAD for e in events)
    if size > MAX_BATCH_BYTES:
        # AWS's text (Docker's awslogs driver and fluentd plugins quote it)
        raise InvalidParameterException(
            f"Upload too large: {size} bytes exceeds limit of {MAX_BATCH_BYTES}"
        )
    now = now_ms(ctx)
    days = group.retention_in_days
    kept_from = now - days * DAY_MS if days is not None else None
    too_old = [i for i, t in enumerate(stamps) if t < now - TOO_OLD_MS]
    expired = [i for i, t in enumerate(stamps) if kept_from is not None and t < kept_from]
    too_new = [i for i, t in enumerate(stamps) if t > now + TOO_NEW_MS]
    rejected = set(too_old) | set(expired) | set(too_new)
    accepted = [i for i in range(len(events)) if i not in rejected]
    if accepted and stamps[accepted[-1]] - stamps[accepted[0]] > MAX_SPAN_MS:
        # AWS's text ("the time span in a single batch cannot exceed 24 hours")
        raise InvalidParameterException(
            "The batch of log events in a single PutLogEvents request cannot span more than "
            "24 hours."
        )
    logs = logs_of(ctx)
    for i in accepted:
        logs.append(stream, stamps[i], events[i]["message"], now)
    stream.uploads += 1
    response: dict[str, Any] = {"nextSequenceToken": f"{stream.uploads + 1:056d}"}
    info: dict[str, int] = {}
    if too_new:
        info["tooNewLogEventStartIndex"] = too_new[0]
    if too_old:
        info["tooOldLogEventEndIndex"] = too_old[-1]
    if expired:
        info["expiredLogEventEndIndex"] = expired[-1]
    if info:
        response["rejectedLogEventsInfo"] = info
    return response


def _token(token: str) -> tuple[str, int]:
    match = TOKEN.match(token)
    if match is None:
        # ecslearn's wording
        raise InvalidParameterException(f"The specified nextToken is invalid: {token}")
    return match.group(1), int(match.group(2))


def _events_json(events: list[LogEvent]) -> list[dict[str, Any]]:
    return [
        {"timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion_time}
        for e in events
    ]


@operation("GetLogEvents", SERVICE)
def get_log_events(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, group_name_of(request))
    stream = require_stream(group, request["logStreamName"])
    start, end = request.get("startTime"), request.get("endTime")
    events = [
        e
        for e in stream.events
        if (start is None or e.timestamp >= start) and (end is None or e.timestamp < end)
    ]
    limit = request.get("limit") or DEFAULT_LIMIT
    token = request.get("nextToken")
    if token is None:
        forward, key = bool(request.get("startFromHead")), None
        page = events[:limit] if forward else events[-limit:]
    else:
        direction, key = _token(token)
        forward = direction == "f"
        page = (
            [e for e in events if e.key > key][:limit]
            if forward
            else [e for e in events if e.key < key][-limit:]
        )
    if page:
        first, last = page[0].key, page[-1].key
    elif key is None:
        first, last = 0, 0
    elif forward:
        first, last = key + 1, key  # the end of the stream: the same forward token
    else:
        first, last = key, max(key - 1, 0)
    return {
        "events": _events_json(page),
        "nextForwardToken": f"f/{last:056d}/s",
        "nextBackwardToken": f"b/{first:056d}/s",
    }
