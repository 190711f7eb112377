"""FilterLogEvents: the events of a group's streams that match a filter pattern
(`ecslearn.services.logs.filter_pattern`), interleaved by timestamp.

``logStreamNames`` and ``logStreamNamePrefix`` cannot go together (AWS's reference says so).
The ``nextToken`` names the last event returned (its key, `ecslearn.model.logs.LogEvent.key`,
unique in the region), so a page that follows starts after it even when events arrive between
calls. Every stream searched is searched completely (``searchedLogStreams``, which AWS has
deprecated, says so for each).
"""

from __future__ import annotations

import base64
import binascii
import heapq
from typing import Any

from ecslearn.errors import InvalidParameterException
from ecslearn.model.logs import LogEvent
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.logs.common import SERVICE, group_name_of, require_group
from ecslearn.services.logs.filter_pattern import parse_filter_pattern

DEFAULT_LIMIT = 10_000


def _after(token: str | None) -> int | None:
    if token is None:
        return None
    try:
        prefix, _, key = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix == "logs" and key.isdigit():
            return int(key)
    except (binascii.Error, UnicodeError, ValueError):
        pass
    # ecslearn's wording
    raise InvalidParameterException(f"The specified nextToken is invalid: {token}")


@operation("FilterLogEvents", SERVICE)
def filter_log_events(ctx: RequestContext, request: dict) -> dict[str, Any]:
    group = require_group(ctx, group_name_of(request))
    names, prefix = request.get("logStreamNames"), request.get("logStreamNamePrefix")
    if names and prefix:
        # ecslearn's wording (AWS: "If you specify a value for both logStreamNamePrefix and
        # logStreamNames, the action returns an InvalidParameterException error")
        raise InvalidParameterException(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters."
        )
    pattern = parse_filter_pattern(request.get("filterPattern"))
    after = _after(request.get("nextToken"))
    start, end = request.get("startTime"), request.get("endTime")
    streams = sorted(
        (
            s
            for s in group.streams.values()
            if (not names or s.name in names) and s.name.startswith(prefix or "")
        ),
        key=lambda s: s.name,
    )
    limit = request.get("limit") or DEFAULT_LIMIT
    found: list[tuple[str, LogEvent]] = []
    merged = heapq.merge(
        *([(e.key, s.name, e) for e in s.events] for s in streams), key=lambda t: t[0]
    )
    more = False
    for key, stream, event in merged:
        if after is not None and key <= after:
            continue
        if (start is not None and event.timestamp < start) or (
            end is not None and event.timestamp >= end
        ):
            continue
        if not pattern.matches(event.message):
            continue
        if len(found) == limit:
            more = True
            break
        found.append((stream, event))
    response: dict[str, Any] = {
        "events": [
            {
                "logStreamName": stream,
                "timestamp": e.timestamp,
                "message": e.message,
                "ingestionTime": e.ingestion_time,
                "eventId": f"{e.key:056d}",
            }
            for stream, e in found
        ],
        "searchedLogStreams": [
            {"logStreamName": s.name, "searchedCompletely": True} for s in streams
        ],
    }
    if more:
        last = found[-1][1].key
        response["nextToken"] = base64.urlsafe_b64encode(f"logs:{last}".encode()).decode()
    return response
