"""CloudWatch Logs through a stock boto3 client: log groups and streams with AWS's errors,
PutLogEvents' ordering and rejection rules, GetLogEvents' tokens as AWS forms them,
FilterLogEvents' patterns, retention over the virtual clock, tags, and a save/load round trip."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation

DAY_MS = 86_400_000


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def logs(sim: Simulation) -> Any:
    return sim.client("logs")


def now_ms(sim: Simulation) -> int:
    return round(sim.world.clock.timestamp * 1000)


def stream(logs: Any, group: str = "/app", name: str = "web", create_group: bool = True) -> None:
    if create_group:
        logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=name)


def put(logs: Any, *events: tuple[int, str], group: str = "/app", name: str = "web") -> dict:
    return logs.put_log_events(
        logGroupName=group,
        logStreamName=name,
        logEvents=[{"timestamp": t, "message": m} for t, m in events],
    )


def messages(answer: dict) -> list[str]:
    return [e["message"] for e in answer["events"]]


# -- log groups -----------------------------------------------------------------------------------
def test_a_log_group_is_created_once_and_described_with_its_arns(sim, logs) -> None:
    logs.create_log_group(logGroupName="/ecs/web", tags={"team": "a"})
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException) as again:
        logs.create_log_group(logGroupName="/ecs/web")
    assert error(again) == (
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
    )
    [group] = logs.describe_log_groups()["logGroups"]
    assert group["logGroupName"] == "/ecs/web"
    assert group["creationTime"] == now_ms(sim)
    assert group["arn"] == "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"
    assert group["logGroupArn"] == "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web"
    assert "retentionInDays" not in group


def test_deleting_a_missing_log_group_is_resource_not_found(logs) -> None:
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as missing:
        logs.delete_log_group(logGroupName="/nope")
    assert error(missing) == (
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )


def test_describe_log_groups_filters_by_prefix_or_pattern_and_pages(logs) -> None:
    for name in ("/ecs/api", "/ecs/web", "/lambda/web", "/ecs/worker"):
        logs.create_log_group(logGroupName=name)
    by_prefix = logs.describe_log_groups(logGroupNamePrefix="/ecs/")["logGroups"]
    assert [g["logGroupName"] for g in by_prefix] == ["/ecs/api", "/ecs/web", "/ecs/worker"]
    by_pattern = logs.describe_log_groups(logGroupNamePattern="web")["logGroups"]
    assert [g["logGroupName"] for g in by_pattern] == ["/ecs/web", "/lambda/web"]
    assert logs.describe_log_groups(logGroupNamePattern="WEB")["logGroups"] == []
    first = logs.describe_log_groups(limit=3)
    second = logs.describe_log_groups(limit=3, nextToken=first["nextToken"])
    assert len(first["logGroups"]) == 3 and "nextToken" not in second
    assert [g["logGroupName"] for g in second["logGroups"]] == ["/lambda/web"]
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.describe_log_groups(logGroupNamePrefix="/ecs", logGroupNamePattern="web")


# -- log streams ----------------------------------------------------------------------------------
def test_a_stream_needs_its_group_and_a_name_of_its_own(logs) -> None:
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as no_group:
        logs.create_log_stream(logGroupName="/app", logStreamName="web")
    assert error(no_group)[1] == "The specified log group does not exist."
    stream(logs)
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_stream(logGroupName="/app", logStreamName="web")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as no_stream:
        put(logs, (0, "x"), name="other")
    assert error(no_stream) == (
        "ResourceNotFoundException",
        "The specified log stream does not exist.",
    )


def test_describe_log_streams_orders_by_name_or_last_event_and_pages(sim, logs) -> None:
    logs.create_log_group(logGroupName="/app")
    for name in ("b", "a", "c"):
        logs.create_log_stream(logGroupName="/app", logStreamName=name)
    now = now_ms(sim)
    put(logs, (now + 1, "early"), name="a")
    put(logs, (now + 5, "late"), name="b")
    put(logs, (now + 3, "middle"), name="c")
    named = logs.describe_log_streams(logGroupName="/app")["logStreams"]
    assert [s["logStreamName"] for s in named] == ["a", "b", "c"]
    newest_first = logs.describe_log_streams(
        logGroupName="/app", orderBy="LastEventTime", descending=True
    )["logStreams"]
    assert [s["logStreamName"] for s in newest_first] == ["b", "c", "a"]
    assert [s["lastEventTimestamp"] for s in newest_first] == [now + 5, now + 3, now + 1]
    page = logs.describe_log_streams(logGroupName="/app", limit=2)
    rest = logs.describe_log_streams(logGroupName="/app", limit=2, nextToken=page["nextToken"])
    assert [s["logStreamName"] for s in rest["logStreams"]] == ["c"]
    with pytest.raises(logs.exceptions.InvalidParameterException) as both:
        logs.describe_log_streams(
            logGroupName="/app", orderBy="LastEventTime", logStreamNamePrefix="a"
        )
    assert error(both)[1] == "Cannot order by LastEventTime with a logStreamNamePrefix."


# -- PutLogEvents ---------------------------------------------------------------------------------
def test_a_batch_out_of_chronological_order_is_refused_whole(sim, logs) -> None:
    stream(logs)
    now = now_ms(sim)
    with pytest.raises(logs.exceptions.InvalidParameterException) as unordered:
        put(logs, (now, "second"), (now - 1, "first"))
    assert "chronological order" in error(unordered)[1]
    assert messages(logs.get_log_events(logGroupName="/app", logStreamName="web")) == []


def test_too_old_and_too_new_events_are_rejected_and_the_rest_taken(sim, logs) -> None:
    stream(logs)
    now = now_ms(sim)
    answer = put(
        logs,
        (now - 15 * DAY_MS, "two weeks ago"),
        (now, "now"),
        (now + 3 * 3_600_000, "three hours ahead"),
    )
    assert answer["rejectedLogEventsInfo"] == {
        "tooOldLogEventEndIndex": 0,
        "tooNewLogEventStartIndex": 2,
    }
    assert messages(logs.get_log_events(logGroupName="/app", logStreamName="web")) == ["now"]


def test_a_batch_spanning_more_than_a_day_is_refused(sim, logs) -> None:
    stream(logs)
    now = now_ms(sim)
    with pytest.raises(logs.exceptions.InvalidParameterException) as span:
        put(logs, (now - 2 * DAY_MS, "then"), (now, "now"))
    assert "24 hours" in error(span)[1]


# -- GetLogEvents ---------------------------------------------------------------------------------
def test_get_log_events_pages_with_tokens_as_aws_forms_them(sim, logs) -> None:
    stream(logs)
    now = now_ms(sim)
    put(logs, *[(now + i, f"line {i}") for i in range(5)])
    newest = logs.get_log_events(logGroupName="/app", logStreamName="web", limit=2)
    assert messages(newest) == ["line 3", "line 4"]
    for token in (newest["nextForwardToken"], newest["nextBackwardToken"]):
        assert token[:2] in ("f/", "b/") and token.endswith("/s") and len(token) == 60
    older = logs.get_log_events(
        logGroupName="/app", logStreamName="web", limit=2, nextToken=newest["nextBackwardToken"]
    )
    assert messages(older) == ["line 1", "line 2"]
    head = logs.get_log_events(
        logGroupName="/app", logStreamName="web", limit=2, startFromHead=True
    )
    assert messages(head) == ["line 0", "line 1"]
    following = logs.get_log_events(
        logGroupName="/app", logStreamName="web", nextToken=head["nextForwardToken"]
    )
    assert messages(following) == ["line 2", "line 3", "line 4"]
    end = logs.get_log_events(
        logGroupName="/app", logStreamName="web", nextToken=following["nextForwardToken"]
    )
    assert messages(end) == [] and end["nextForwardToken"] == following["nextForwardToken"]
    put(logs, (now + 10, "tailed"))
    tail = logs.get_log_events(
        logGroupName="/app", logStreamName="web", nextToken=end["nextForwardToken"]
    )
    assert messages(tail) == ["tailed"]


def test_get_log_events_keeps_to_the_time_range(sim, logs) -> None:
    stream(logs)
    now = now_ms(sim)
    put(logs, (now, "a"), (now + 1000, "b"), (now + 2000, "c"))
    ranged = logs.get_log_events(
        logGroupName="/app", logStreamName="web", startTime=now + 1000, endTime=now + 2000
    )
    assert messages(ranged) == ["b"]


# -- FilterLogEvents ------------------------------------------------------------------------------
@pytest.fixture
def chatty(sim, logs) -> int:
    """Group /app: stream "web" and stream "worker", interleaved in time."""
    stream(logs)
    logs.create_log_stream(logGroupName="/app", logStreamName="worker")
    now = now_ms(sim)
    put(logs, (now, "ERROR disk full"), (now + 2, "WARN slow request"), (now + 4, "INFO ok"))
    put(logs, (now + 1, "ERROR Out of memory"), (now + 3, "DEBUG retry 1"), name="worker")
    return now


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", ["ERROR disk full", "ERROR Out of memory", "WARN slow request", "DEBUG retry 1",
              "INFO ok"]),
        ("ERROR", ["ERROR disk full", "ERROR Out of memory"]),
        ("ERROR memory", ["ERROR Out of memory"]),
        ('"Out of memory"', ["ERROR Out of memory"]),
        ("?WARN ?DEBUG", ["WARN slow request", "DEBUG retry 1"]),
        ("ERROR -disk", ["ERROR Out of memory"]),
        ("error", []),
    ],
)  # fmt: skip
def test_filter_patterns_match_terms_phrases_alternatives_and_exclusions(
    logs, chatty, pattern, expected
) -> None:
    answer = logs.filter_log_events(logGroupName="/app", filterPattern=pattern)
    assert messages(answer) == expected


def test_filter_log_events_names_each_events_stream_and_pages(logs, chatty) -> None:
    first = logs.filter_log_events(logGroupName="/app", limit=2)
    assert [(e["logStreamName"], e["message"]) for e in first["events"]] == [
        ("web", "ERROR disk full"),
        ("worker", "ERROR Out of memory"),
    ]
    rest = logs.filter_log_events(logGroupName="/app", nextToken=first["nextToken"])
    assert messages(rest) == ["WARN slow request", "DEBUG retry 1", "INFO ok"]
    assert "nextToken" not in rest
    only = logs.filter_log_events(logGroupName="/app", logStreamNames=["worker"])
    assert messages(only) == ["ERROR Out of memory", "DEBUG retry 1"]
    ranged = logs.filter_log_events(logGroupName="/app", startTime=chatty + 1, endTime=chatty + 3)
    assert messages(ranged) == ["ERROR Out of memory", "WARN slow request"]


@pytest.mark.parametrize("pattern", ['{ $.level = "ERROR" }', "[ip, user]", "%ERR.*%", "a.b"])
def test_filter_patterns_ecslearn_does_not_read_are_invalid_parameters(logs, chatty, pattern):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName="/app", filterPattern=pattern)


# -- retention ------------------------------------------------------------------------------------
def test_retention_takes_aws_values_and_drops_events_as_the_clock_passes_it(sim, logs) -> None:
    stream(logs)
    with pytest.raises(logs.exceptions.InvalidParameterException) as odd:
        logs.put_retention_policy(logGroupName="/app", retentionInDays=2)
    assert "retentionInDays" in error(odd)[1]
    put(logs, (now_ms(sim), "kept a day"))
    logs.put_retention_policy(logGroupName="/app", retentionInDays=1)
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 1
    sim.advance(3600)
    put(logs, (now_ms(sim), "an hour later"))
    sim.advance(86_400 - 1800)
    assert messages(logs.get_log_events(logGroupName="/app", logStreamName="web")) == [
        "an hour later"
    ]
    logs.delete_retention_policy(logGroupName="/app")
    assert "retentionInDays" not in logs.describe_log_groups()["logGroups"][0]


def test_events_older_than_the_retention_are_rejected_as_expired(sim, logs) -> None:
    stream(logs)
    logs.put_retention_policy(logGroupName="/app", retentionInDays=1)
    now = now_ms(sim)
    answer = put(logs, (now - 2 * DAY_MS, "stale"), (now, "fresh"))
    assert answer["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 0}


# -- tags -----------------------------------------------------------------------------------------
def test_tags_of_a_log_group_by_its_arn(logs) -> None:
    logs.create_log_group(logGroupName="/app", tags={"team": "a"})
    arn = logs.describe_log_groups()["logGroups"][0]["logGroupArn"]
    logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
    logs.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "dev"}
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.list_tags_for_resource(resourceArn=arn.replace("/app", "/gone"))


# -- saved with the world -------------------------------------------------------------------------
def test_log_groups_streams_and_events_survive_save_and_load(sim, logs, tmp_path) -> None:
    stream(logs)
    logs.put_retention_policy(logGroupName="/app", retentionInDays=7)
    now = now_ms(sim)
    put(logs, (now, "before the save"))
    path = tmp_path / "world.json"
    sim.save(path)
    loaded = Simulation.load(path)
    again = loaded.client("logs")
    assert messages(again.get_log_events(logGroupName="/app", logStreamName="web")) == [
        "before the save"
    ]
    put(again, (now + 1, "after the load"))
    assert messages(
        again.get_log_events(logGroupName="/app", logStreamName="web", startFromHead=True)
    ) == ["before the save", "after the load"]
    assert again.describe_log_groups()["logGroups"][0]["retentionInDays"] == 7
