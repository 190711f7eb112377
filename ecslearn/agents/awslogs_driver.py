"""The awslogs log driver: a container's output into its CloudWatch Logs stream.

What the driver does on AWS, done by the runtimes (`SimulatedRuntime`, `FargateRuntime`,
`DockerRuntime`) when a container starts:

- it needs the log group (``awslogs-group``, in ``awslogs-region`` or the task's region); with
  ``awslogs-create-group: "true"`` it creates a missing one, otherwise the container cannot
  start. On EC2, Docker's driver fails the container with ``CannotStartContainerError: Error
  response from daemon: failed to initialize logging driver: failed to create Cloudwatch log
  stream: ResourceNotFoundException: The specified log group does not exist.`` (the reason AWS
  shows; quoted in cn-terraform/terraform-aws-nexus#35 and others); on Fargate the task fails
  before any container with ``ResourceInitializationError: failed to validate logger args:
  create stream has been retried 1 times: failed to create Cloudwatch log stream:
  ResourceNotFoundException: The specified log group does not exist. : exit status 1``
  (stopCode TaskFailedToStart; quoted in doctorray117/minecraft-ondemand#12 and others);
- it creates the container's stream (`ecslearn.model.log_configuration.AwsLogs.stream_name`)
  and writes each line of output as one event.

The checks run when the task starts on its agent, never at RunTask: an accepted RunTask never
fails; the task stops with the reason instead. Writing goes straight into the region's
`LogsState` (plain data), as the driver's PutLogEvents would; a group or stream deleted while
the container runs loses the lines written after (Docker's driver reports the failure in the
agent's log, which a learner does not see).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ecslearn.agents.runtime import ContainerRuntimeError
from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.model.log_configuration import AwsLogs, awslogs_of
from ecslearn.model.logs import LogGroup, LogStream

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.model.task import Task
    from ecslearn.model.task_definition import ContainerDefinition

NO_GROUP = (
    "failed to create Cloudwatch log stream: ResourceNotFoundException: "
    "The specified log group does not exist."
)
#: Docker's reason on EC2 (the task runner puts "CannotStartContainerError: " before it).
EC2_REASON = f"Error response from daemon: failed to initialize logging driver: {NO_GROUP}"
#: The Fargate agent's (the task runner puts "ResourceInitializationError: " before it).
FARGATE_REASON = (
    f"failed to validate logger args: create stream has been retried 1 times: {NO_GROUP} "
    ": exit status 1"
)


def _now_ms(world: World) -> int:
    return round(world.clock.timestamp * 1000)


def _group(world: World, region: str, options: AwsLogs, *, create: bool) -> LogGroup | None:
    """The container's log group; created when missing if the driver may (and `create`)."""
    where = options.region or region
    logs = world.region_state(where).logs
    now = _now_ms(world)
    group = logs.log_group_named(options.group, now)
    if group is None and create and options.create_group:
        arn = f"arn:aws:logs:{where}:{ACCOUNT_ID}:log-group:{options.group}"
        group = logs.create_group(arn, options.group, now)
        world.record("logs", f"log group {options.group} created by the awslogs driver")
    return group


def require_groups(world: World, region: str, specs: Iterable[ContainerDefinition]) -> None:
    """Fargate's check before anything starts: every awslogs group there (or created)."""
    for spec in specs:
        options = awslogs_of(spec)
        if options is not None and _group(world, region, options, create=True) is None:
            raise ContainerRuntimeError(FARGATE_REASON)


def start_logging(
    world: World, region: str, task: Task, spec: ContainerDefinition, docker_id: str | None
) -> bool:
    """The driver starting with a container: its group must be there (or is created); its
    stream is created once the container's ID is known (`docker_id`; None: check only).
    Returns whether the container logs to CloudWatch Logs at all."""
    options = awslogs_of(spec)
    if options is None:
        return False
    group = _group(world, region, options, create=True)
    if group is None:
        raise ContainerRuntimeError(EC2_REASON)
    if docker_id is not None:
        _stream(world, group, options, task, spec.name or "", docker_id)
    return True


def _stream(
    world: World, group: LogGroup, options: AwsLogs, task: Task, name: str, docker_id: str
) -> LogStream:
    stream_name = options.stream_name(name, task.id, docker_id)
    stream = group.streams.get(stream_name)
    if stream is None:
        now = _now_ms(world)
        stream = LogStream(stream_name, group.stream_arn(stream_name), now)
        group.streams[stream_name] = stream
    return stream


def stream_of(
    world: World, region: str, task: Task, spec: ContainerDefinition, docker_id: str
) -> LogStream | None:
    """The container's stream (None: not awslogs, or its group or stream is gone)."""
    options = awslogs_of(spec)
    if options is None:
        return None
    group = _group(world, region, options, create=False)
    if group is None:
        return None
    return group.streams.get(options.stream_name(spec.name or "", task.id, docker_id))


def write(
    world: World,
    region: str,
    task: Task,
    spec: ContainerDefinition,
    docker_id: str,
    lines: Iterable[tuple[int, str]],
) -> None:
    """Lines of output (timestamp in ms, text) into the container's stream, in order; empty
    lines are skipped (CloudWatch Logs refuses empty messages)."""
    stream = stream_of(world, region, task, spec, docker_id)
    if stream is None:
        return
    options = awslogs_of(spec)
    logs = world.region_state((options.region if options else None) or region).logs
    now = _now_ms(world)
    for timestamp, text in lines:
        if text:
            logs.append(stream, timestamp, text, now)
