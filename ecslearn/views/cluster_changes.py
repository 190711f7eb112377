"""What a cluster's tasks looked like at one moment, and what changed since: the
``previous=`` of `ecslearn.views.cluster.cluster_picture` (and the player's frames).

A snapshot is plain data (task ARN -> statuses), so it is safe to keep while the simulation
moves on; `change` compares one task with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecslearn.control.state import region_of
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


@dataclass(frozen=True)
class ClusterSnapshot:
    """What a cluster's tasks looked like at one moment: plain data, safe to keep."""

    cluster: str
    time: float  # simulated seconds
    last_status: Mapping[str, str]  # task ARN -> lastStatus
    desired_status: Mapping[str, str]  # task ARN -> desiredStatus


def snapshot(
    sim: Simulation, cluster: str = "default", *, region: str | None = None
) -> ClusterSnapshot:
    """Remember the cluster's tasks now, to pass later as ``cluster_picture(previous=...)``."""
    state = region_of(sim, region)
    name = state.cluster(cluster, active_only=False).cluster_name or cluster
    tasks = [t for t in state.tasks.values() if t.cluster_name == name]
    return ClusterSnapshot(
        cluster=name,
        time=sim.now,
        last_status={t.task_arn or "": t.last_status or "" for t in tasks},
        desired_status={t.task_arn or "": t.desired_status or "" for t in tasks},
    )


def change(task: Task, previous: ClusterSnapshot | None) -> str | None:
    """``"new"``, ``"stopping"``, ``"stopped"`` (keys of `style.CHANGES`) or None."""
    if previous is None:
        return None
    arn = task.task_arn or ""
    before = previous.last_status.get(arn)
    if task.is_stopped:
        return None if before in ("STOPPED", "DELETED") else "stopped"
    if before is None:
        return "new"
    if task.desired_status == "STOPPED" and previous.desired_status.get(arn) != "STOPPED":
        return "stopping"
    return None
