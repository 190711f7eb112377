"""What CloudWatch Logs' handlers share: the clock in milliseconds, finding a group or a
stream with AWS's errors, and ``limit``/``nextToken`` paging."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import offset_page
from ecslearn.errors import InvalidParameterException, ResourceNotFoundException
from ecslearn.model.logs import LogGroup, LogsState, LogStream
from ecslearn.services.handlers import RequestContext

SERVICE = "logs"
T = TypeVar("T")

# AWS's texts (quoted in AWS CLI and SDK output: getmoto/moto#3382, localstack#9226,
# epsagon/list-lambdas#5, mentum/lawgs#11)
NO_GROUP = "The specified log group does not exist."
NO_STREAM = "The specified log stream does not exist."


def now_ms(ctx: RequestContext) -> int:
    """The virtual clock in CloudWatch Logs' unit: milliseconds since the epoch."""
    return round(ctx.now * 1000)


def logs_of(ctx: RequestContext) -> LogsState:
    return ctx.state.logs


def group_arn(region: str, name: str) -> str:
    return f"arn:aws:logs:{region}:{ACCOUNT_ID}:log-group:{name}"


def group_name_of(request: dict) -> str:
    """The group a request names: ``logGroupName``, or ``logGroupIdentifier`` (a name or an
    ARN, with or without the ``:*``), not both."""
    name, identifier = request.get("logGroupName"), request.get("logGroupIdentifier")
    if name and identifier:
        # ecslearn's wording: AWS refuses the pair, its text is not known
        raise InvalidParameterException(
            "LogGroup name and LogGroup ARN are mutually exclusive parameters."
        )
    reference = name or identifier
    if not reference:
        raise InvalidParameterException("Either logGroupName or logGroupIdentifier is required.")
    if reference.startswith("arn:"):
        _, _, rest = reference.partition(":log-group:")
        reference = rest.removesuffix(":*")
    return reference


def require_group(ctx: RequestContext, name: str) -> LogGroup:
    group = logs_of(ctx).log_group_named(name, now_ms(ctx))
    if group is None:
        raise ResourceNotFoundException(
            NO_GROUP, hint=f"Create it with create_log_group(logGroupName={name!r}) first."
        )
    return group


def require_stream(group: LogGroup, name: str) -> LogStream:
    stream = group.streams.get(name)
    if stream is None:
        raise ResourceNotFoundException(
            NO_STREAM,
            hint=f"Log group {group.name!r} has no stream {name!r}; describe_log_streams lists "
            "its streams.",
        )
    return stream


def limited_page(
    items: Sequence[T], request: dict, default: int, maximum: int
) -> tuple[list[T], str | None]:
    """One page of at most ``limit`` items (botocore's model bounds it) and the next token."""
    size = min(request.get("limit") or default, maximum)
    return offset_page(
        items,
        size,
        request.get("nextToken"),
        # ecslearn's wording
        lambda token: InvalidParameterException(f"The specified nextToken is invalid: {token}"),
    )
