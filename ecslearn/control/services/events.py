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


def started(name: str, task_ids: list[str], replaced_unhealthy: int = 0) -> str:
    """ECS's "has started N tasks" event, naming every task started together.

    Real ECS names each task of the batch it started, as here; whether it caps how many a
    single event names, for very large batches, is not documented anywhere we could find, so
    every task is named. The scheduler here starts all the tasks a service is short of in one
    pass, so one event can name thousands (a 5,000-task service answers DescribeServices with
    ~200 KB); if AWS turns out to bound the list, this is the place to follow it."""
    tasks = " ".join(f"(task {t})" for t in task_ids)
    text = f"(service {name}) has started {len(task_ids)} tasks: {tasks}."
    if replaced_unhealthy:
        text += f" Amazon ECS replaced {replaced_unhealthy} tasks due to an unhealthy status."
    return text


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
