"""Service events in ECS's API wording (semantics §5.6): newest first, at most 100."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.model.service import Service, ServiceEvent

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.services.handlers import RequestContext

MAX_EVENTS = 100
MORE_INFO = (
    "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
)
#: How a placement failure reason reads at the end of "The closest matching ..." sentences.
CLOSEST_MATCH_ENDINGS = {
    "RESOURCE:MEMORY": "has insufficient memory available.",
    "RESOURCE:CPU": "has insufficient CPU units available.",
    "RESOURCE:PORTS": "is already using a port required by your task.",
    "RESOURCE:ENI": 'encountered error "RESOURCE:ENI".',
    "AGENT": 'encountered error "AGENT".',
    "ATTRIBUTE": 'encountered error "ATTRIBUTE".',
}


def add_event(world: World, ctx: RequestContext | None, service: Service, message: str) -> None:
    """Prepend an event to the service and to the simulation's timeline."""
    events = service.events or []
    raw = f"{world.rng.getrandbits(128):032x}"
    event = ServiceEvent(
        id=f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}",
        created_at=world.clock.timestamp,
        message=message,
    )
    service.events = [event, *events][:MAX_EVENTS]
    world.record("service", message, cluster=service.cluster_name, service=service.service_name)


#: The most tasks one "has started" event names. ECS's service scheduler launches a service's
#: tasks in batches and writes one event per launch, naming that launch's tasks; how big its
#: batches are is not documented. RunTask's documented most tasks per call (10, the
#: "Tasks launched (count) per run-task" quota) is the batch chosen here, so a service short of
#: 5,000 tasks writes 500 events of 10 tasks, of which DescribeServices shows the newest 100 —
#: its answer stays bounded however many tasks the service starts at once.
LAUNCH_BATCH = 10


def started_batches(name: str, task_ids: list[str], replaced_unhealthy: int = 0) -> list[str]:
    """ECS's "has started N tasks" events for tasks started together, one per launch batch of
    at most `LAUNCH_BATCH` tasks, oldest first. The note on unhealthy tasks replaced goes with
    the first batch (the launch that replaced them)."""
    return [
        started(name, task_ids[at : at + LAUNCH_BATCH], replaced_unhealthy if at == 0 else 0)
        for at in range(0, len(task_ids), LAUNCH_BATCH)
    ]


def started(name: str, task_ids: list[str], replaced_unhealthy: int = 0) -> str:
    """ECS's "has started N tasks" event for one launch batch, naming each task of it (see
    `LAUNCH_BATCH`; call `started_batches` for more tasks than one batch)."""
    tasks = " ".join(f"(task {t})" for t in task_ids)
    text = f"(service {name}) has started {len(task_ids)} tasks: {tasks}."
    if replaced_unhealthy:
        text += f" Amazon ECS replaced {replaced_unhealthy} tasks due to an unhealthy status."
    return text


def add_started(
    world: World,
    ctx: RequestContext | None,
    service: Service,
    task_ids: list[str],
    replaced_unhealthy: int = 0,
    name: str | None = None,
) -> None:
    """Record the "has started" events of tasks started together, one per launch batch;
    `name` is how the events name the service (a task set's label), its name by default."""
    label = name or service.service_name or ""
    for message in started_batches(label, task_ids, replaced_unhealthy):
        add_event(world, ctx, service, message)


def stopped_running(name: str, task_ids: list[str]) -> str:
    tasks = " ".join(f"(task {t})" for t in task_ids)
    return f"(service {name}) has stopped {len(task_ids)} running tasks: {tasks}."


def stopped_pending(name: str, count: int) -> str:
    return f"(service {name}) stopped {count} pending tasks."


def unable_to_place(name: str, failures: list[dict[str, str]]) -> str:
    head = (
        f"(service {name}) was unable to place a task because no container instance met all of "
        "its requirements."
    )
    with_instance = [f for f in failures if "arn" in f]
    if not with_instance:
        reason = failures[0]["reason"] if failures else "No Container Instances were found"
        return f"{head} Reason: {reason.rstrip('.')}. {MORE_INFO}"
    closest = with_instance[-1]
    instance_id = closest["arn"].rsplit("/", 1)[-1]
    ending = CLOSEST_MATCH_ENDINGS.get(
        closest["reason"], f'encountered error "{closest["reason"].rstrip(".")}.".'
    )
    return f"{head} The closest matching (container-instance {instance_id}) {ending} {MORE_INFO}"


def deployment_completed(name: str, deployment_id: str) -> str:
    return f"(service {name}) (deployment {deployment_id}) deployment completed."


def steady_state(name: str) -> str:
    return f"(service {name}) has reached a steady state."


def deployment_failed(name: str, deployment_id: str) -> str:
    return (
        f"(service {name}) (deployment {deployment_id}) deployment failed: tasks failed to start."
    )


def rolling_back(name: str, deployment_id: str) -> str:
    return f"(service {name}) rolling back to deployment {deployment_id}."


def failed_health_checks(name: str, task_id: str) -> str:
    return f"(service {name}) (task {task_id}) failed container health checks."


def cannot_progress(name: str) -> str:
    return (
        f"(service {name}) was unable to stop or start tasks during a deployment because of the "
        "service deployment configuration. Update the minimumHealthyPercent or maximumPercent "
        "value and try again."
    )


def throttled(name: str) -> str:
    return f"(service {name}) is unable to consistently start tasks successfully."
