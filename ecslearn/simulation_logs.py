"""The container-log reader of `Simulation`: a task's CloudWatch Logs lines in one call, for
lessons (``sim.logs(task)``), instead of DescribeLogStreams and GetLogEvents by hand.

It reads what the awslogs log driver wrote (`ecslearn.agents.awslogs_driver`): the same events
``sim.client("logs").get_log_events(...)`` answers, from the stream ECS names for the container.
"""

from __future__ import annotations

from typing import Any

from ecslearn.agents.awslogs_driver import stream_of
from ecslearn.control.world import World
from ecslearn.model.log_configuration import awslogs_of
from ecslearn.model.logs import LogEvent
from ecslearn.model.task import Task
from ecslearn.words.container_logs import CONTAINER_LOGS
from ecslearn.words.language import words


class LogHandles:
    """`logs`: a task's container log lines (mixed into `Simulation`)."""

    world: World

    def logs(
        self, task: str | dict[str, Any], container: str | None = None, lang: str | None = None
    ) -> list[str]:
        """The lines a task's containers wrote to CloudWatch Logs, oldest first: one
        container's (`container`, by name) or every awslogs container's, interleaved in time.
        `task` is a task's ARN, its ID, or a task as DescribeTasks/RunTask answers it. A
        container that has not started yet has no lines; one that does not use the awslogs
        driver is a ValueError saying so (in `lang`, the session's language by default)."""
        said = words(CONTAINER_LOGS, lang)
        reference = task.get("taskArn", "") if isinstance(task, dict) else task
        found = self._task_for_logs(reference)
        if found is None:
            raise ValueError(said["no_task"].format(task=reference))
        region, ecs_task = found
        definition = self.world.region_state(region).task_definition_by_arn(
            ecs_task.task_definition_arn or ""
        )
        names = [c.name or "" for c in ecs_task.containers or []]
        if container is not None and container not in names:
            raise ValueError(
                said["no_container"].format(
                    task=ecs_task.id, container=container, names=", ".join(names)
                )
            )
        chosen = [container] if container is not None else names
        logging = [n for n in chosen if awslogs_of(definition.container(n)) is not None]
        if not logging:
            key = "not_awslogs" if container is not None else "no_awslogs"
            raise ValueError(
                said[key].format(task=ecs_task.id, container=container, names=", ".join(names))
            )
        events: list[LogEvent] = []
        for name in logging:
            stream = stream_of(
                self.world,
                region,
                ecs_task,
                definition.container(name),
                ecs_task.container(name).runtime_id or "",
            )
            if stream is not None:
                events.extend(stream.events)
        return [e.message for e in sorted(events, key=lambda e: e.key)]

    def _task_for_logs(self, reference: str) -> tuple[str, Task] | None:
        """The task by ARN or ID, in whichever region holds it."""
        for state in self.world.regions():
            for task in state.tasks.values():
                if reference in (task.task_arn, task.id):
                    return state.region, task
        return None
