"""How an agent schedules its steps and tells the timeline what happens on its host.

Both the task runner and a runtime that schedules its own events (the simulated one: exits,
health checks) queue steps the same way, so a step is one shape whoever queued it, and a saved
world's queue loads back whichever agent runs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.model.task import Container, Task


def schedule(
    world: World,
    kind: str,
    region: str,
    instance: str,
    delay: float,
    step: str,
    task: Task,
    **args: Any,
) -> None:
    """Queue one agent step `delay` seconds from now."""
    world.queue.push(
        world.now + delay,
        kind,
        region=region,
        instance=instance,
        task=task.task_arn,
        step=step,
        **args,
    )


def narrate(
    world: World, task: Task, message: str, container: Container | None = None, **details: Any
) -> None:
    """A timeline entry about what happens on the host; messages name the task by its first 8
    ID characters, as consoles do."""
    instance = (task.container_instance_arn or "").rsplit("/", 1)[-1] or None
    world.record(
        "container" if container else "task",
        f"{task.id[:8]} {message}",
        cluster=task.cluster_name,
        task=task.id,
        instance=instance,
        service=task.service_name,
        container=container.name if container else None,
        details=details,
    )
