"""CloudWatch Logs' records: log groups, their streams and the events in them, as plain data.

One region's logs are a `LogsState` (`RegionState.logs`), saved with the world. Timestamps are
milliseconds since the epoch on the virtual clock, as CloudWatch Logs writes them.

What AWS leaves unsaid and ecslearn chose:

- Events in a stream are kept in the order GetLogEvents answers them: by timestamp, and by
  arrival among equal timestamps. Each event has a number unique in the region (`seq`), so
  ``timestamp * 10**20 + seq`` is a total order (`LogEvent.key`): GetLogEvents' tokens and
  FilterLogEvents' eventIds are that key written as AWS writes them (56 digits).
- Retention is applied when the group is next read or written (`expire`): events older than
  ``retentionInDays`` on the virtual clock are gone. AWS deletes them "within 72 hours"; a
  learner who advances the clock past the retention sees them gone at once, which is what the
  setting promises.
- ``storedBytes`` counts the UTF-8 bytes of the messages kept (AWS counts compressed bytes and
  updates the figure lazily).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

#: The retentions PutRetentionPolicy accepts (botocore's model of ``Days``).
RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
    2922, 3288, 3653,
)  # fmt: skip
DAY_MS = 86_400_000
#: PutLogEvents: events more than 2 hours ahead are too new, more than 14 days back too old.
TOO_NEW_MS = 2 * 3_600_000
TOO_OLD_MS = 14 * DAY_MS
SEQ_SPAN = 10**20


@dataclass
class LogEvent:
    """One event: when it happened, what it says, when CloudWatch Logs took it in."""

    timestamp: int
    message: str
    ingestion_time: int
    seq: int

    @property
    def key(self) -> int:
        """Its place in the total order of events (see the module)."""
        return self.timestamp * SEQ_SPAN + self.seq


@dataclass
class LogStream:
    """A sequence of events from one source (a container, for the awslogs driver)."""

    name: str
    arn: str
    creation_time: int
    events: list[LogEvent] = field(default_factory=list)
    last_ingestion_time: int | None = None
    uploads: int = 0  # how many PutLogEvents calls it took: its uploadSequenceToken

    def add(self, event: LogEvent) -> None:
        """Keep the events in key order (a late batch can hold earlier timestamps)."""
        if not self.events or self.events[-1].key <= event.key:
            self.events.append(event)
        else:
            bisect.insort(self.events, event, key=lambda e: e.key)
        self.last_ingestion_time = event.ingestion_time

    @property
    def stored_bytes(self) -> int:
        return sum(len(e.message.encode()) for e in self.events)

    def to_json(self) -> dict[str, object]:
        """DescribeLogStreams' view of it."""
        shown: dict[str, object] = {
            "logStreamName": self.name,
            "creationTime": self.creation_time,
            "arn": self.arn,
            "storedBytes": self.stored_bytes,
            "uploadSequenceToken": f"{self.uploads + 1:056d}",
        }
        if self.events:
            shown["firstEventTimestamp"] = self.events[0].timestamp
            shown["lastEventTimestamp"] = self.events[-1].timestamp
        if self.last_ingestion_time is not None:
            shown["lastIngestionTime"] = self.last_ingestion_time
        return shown


@dataclass
class LogGroup:
    """A log group: its streams by name, its retention and tags."""

    name: str
    #: without the ``:*`` DescribeLogGroups' ``arn`` member ends with: the one tagging takes
    #: (``logGroupArn``)
    arn: str
    creation_time: int
    retention_in_days: int | None = None
    tags: dict[str, str] = field(default_factory=dict)
    streams: dict[str, LogStream] = field(default_factory=dict)
    log_group_class: str = "STANDARD"

    def stream_arn(self, stream: str) -> str:
        return f"{self.arn}:log-stream:{stream}"

    def expire(self, now_ms: int) -> None:
        """Drop the events the retention no longer keeps (see the module)."""
        if self.retention_in_days is None:
            return
        cutoff = now_ms - self.retention_in_days * DAY_MS
        for stream in self.streams.values():
            if stream.events and stream.events[0].timestamp < cutoff:
                stream.events = [e for e in stream.events if e.timestamp >= cutoff]

    def to_json(self) -> dict[str, object]:
        """DescribeLogGroups' view of it."""
        shown: dict[str, object] = {
            "logGroupName": self.name,
            "creationTime": self.creation_time,
            "metricFilterCount": 0,
            "arn": f"{self.arn}:*",
            "logGroupArn": self.arn,
            "storedBytes": sum(s.stored_bytes for s in self.streams.values()),
            "logGroupClass": self.log_group_class,
            "deletionProtectionEnabled": False,
        }
        if self.retention_in_days is not None:
            shown["retentionInDays"] = self.retention_in_days
        return shown


@dataclass
class LogsState:
    """One region's CloudWatch Logs: its log groups by name."""

    groups: dict[str, LogGroup] = field(default_factory=dict)
    last_seq: int = 0

    def create_group(self, arn: str, name: str, now_ms: int) -> LogGroup:
        group = LogGroup(name=name, arn=arn, creation_time=now_ms)
        self.groups[name] = group
        return group

    def log_group_named(self, name: str, now_ms: int) -> LogGroup | None:
        """The group, its expired events dropped; None when there is none."""
        group = self.groups.get(name)
        if group is not None:
            group.expire(now_ms)
        return group

    def append(self, stream: LogStream, timestamp: int, message: str, now_ms: int) -> LogEvent:
        """One event into `stream`, taken in now."""
        self.last_seq += 1
        event = LogEvent(timestamp, message, now_ms, self.last_seq)
        stream.add(event)
        return event
