"""Pictures for model objects shown on their own in Jupyter: a cluster, a service, a task, an
instance. A model object does not know its simulation, so the view finds the live simulation
that holds this very object (by identity) and draws it in context.
"""

from __future__ import annotations

from typing import Any

from ecslearn.views.render import Picture


def _holder(obj: Any, collection: str) -> tuple[Any, Any] | None:
    """(simulation, region state) whose `collection` holds `obj` itself."""
    from ecslearn.simulation import live_simulations

    for sim in live_simulations():
        for state in sim.regions():
            if any(item is obj for item in getattr(state, collection).values()):
                return sim, state
    return None


def _cluster_in_context(obj: Any, collection: str, **focus: Any) -> Picture | None:
    from ecslearn.views.cluster import cluster_picture

    found = _holder(obj, collection)
    if found is None:
        return None
    sim, state = found
    return cluster_picture(sim, obj.cluster_name, region=state.region, **focus)


def simulation_picture(sim: Any) -> Picture | None:
    """A simulation shows its busiest ACTIVE cluster (the most instances); none: no picture."""
    from ecslearn.views.cluster import cluster_picture

    state = sim.region_state()
    clusters = [c for c in state.clusters.values() if c.status == "ACTIVE"]
    if not clusters:
        return None
    busiest = max(clusters, key=lambda c: len(state.instances_in(c.cluster_name or "")))
    return cluster_picture(sim, busiest.cluster_name or "")


def cluster_object_picture(cluster: Any) -> Picture | None:
    return _cluster_in_context(cluster, "clusters")


def service_object_picture(service: Any) -> Picture | None:
    return _cluster_in_context(service, "services", service=service.service_name)


def instance_object_picture(instance: Any) -> Picture | None:
    return _cluster_in_context(instance, "instances")


def task_object_picture(task: Any) -> Picture | None:
    """A task shows its task definition: containers, ports and dependsOn order."""
    from ecslearn.views.task_definition import task_definition_picture

    found = _holder(task, "tasks")
    if found is None:
        return None
    _, state = found
    return task_definition_picture(state.task_definition_by_arn(task.task_definition_arn or ""))
