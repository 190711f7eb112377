"""Tasks orphaned by DeregisterContainerInstance with force=True.

AWS's docs (DeregisterContainerInstance, `force`): "If you have tasks running on the container
instance when you deregister it with the force option, these tasks remain running until you
terminate the instance or the tasks stop through some other means, but they're orphaned (no
longer monitored or accounted for by Amazon ECS). If an orphaned task on your container instance
is part of an Amazon ECS service, then the service scheduler starts another copy of that task, on
a different container instance if possible. Any containers in orphaned service tasks that are
registered with a Classic Load Balancer or an Application Load Balancer target group are
deregistered."

So an orphaned task keeps its statuses (nothing will ever stop it: its agent is gone), leaves its
service (which no longer counts it and starts a replacement on its next tick) and its targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.control.load_balancing import alb
from ecslearn.control.services import events
from ecslearn.model.container_instance import ContainerInstance

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World


def orphan_tasks(world: World, state: RegionState, instance: ContainerInstance) -> None:
    """Detach the live tasks of a force-deregistered instance from their services."""
    for task in state.tasks_on(instance.container_instance_arn or ""):
        if task.is_stopped or task.service_arn is None:
            continue
        service = state.services.get(task.service_arn)
        for group, target in alb.targets_of(state, task):
            if target.state != "draining":
                alb.deregister(world, state, group, target)
        state.remove_task(task)
        task.service_arn = task.service_name = None
        state.add_task(task)
        task.version = (task.version or 0) + 1
        world.record(
            "task",
            f"task {task.id} is orphaned: its instance was deregistered with force, so "
            "ECS no longer tracks it",
            cluster=task.cluster_name,
            task=task.id,
            service=service.service_name if service else None,
        )
        if service is not None:
            service.steady = False
            events.add_event(
                world,
                None,
                service,
                f"(service {service.service_name}) no longer tracks (task {task.id}): its "
                "container instance was deregistered with force.",  # ecslearn's wording
            )
