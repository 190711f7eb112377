"""Indexes over a region's tasks, kept up to date as tasks change (issue 14).

Every call should cost what it touches: ListTasks reads the tasks of one cluster, service or
instance, in the order they were created, and placement reads each instance's live task groups
and counts, without walking every task of the region. These indexes are derived data: the
region's `tasks` dict is the truth, a saved document leaves the indexes out, and loading
rebuilds them (`RegionState.reindex`).

They change only through `RegionState.add_task`, `RegionState.remove_task` and
`RegionState.task_changed` (called by the lifecycle whenever a task's status or desired status
moves); tests/control/test_indexes.py checks them against a full recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecslearn.model.task import Task

#: what the index last saw of a task: desired status, live (not stopped), and whether it
#: counts as running (0) or pending (1) for its service (None: neither)
Seen = tuple[str, bool, int | None]
_PENDING = ("PROVISIONING", "PENDING", "ACTIVATING")


def _seen(task: Task) -> Seen:
    status = task.last_status
    phase = 0 if status == "RUNNING" else 1 if status in _PENDING else None
    return task.desired_status or "", not task.is_stopped, phase


def _drop(buckets: dict, key: object, arn: str) -> None:
    bucket = buckets.get(key)
    if bucket is not None:
        bucket.pop(arn, None)
        if not bucket:
            del buckets[key]


def _count(counts: dict[str, int], key: str, step: int) -> None:
    value = counts.get(key, 0) + step
    if value:
        counts[key] = value
    else:
        counts.pop(key, None)


@dataclass
class TaskIndex:
    """Tasks by cluster, by instance, by service, by (cluster, service name) and by (cluster,
    desired status), each in creation order; and per instance, its live tasks' groups and how
    many are RUNNING or hold an ENI."""

    #: task ARN -> creation order (the order of the region's `tasks` dict)
    order: dict[str, int] = field(default_factory=dict)
    next_order: int = 0
    seen: dict[str, Seen] = field(default_factory=dict)
    by_cluster: dict[str, dict[str, None]] = field(default_factory=dict)
    #: instance ARN -> its tasks (stopped ones too, until they are purged)
    by_instance: dict[str, dict[str, None]] = field(default_factory=dict)
    #: service ARN -> its tasks
    by_service: dict[str, dict[str, None]] = field(default_factory=dict)
    by_service_name: dict[tuple[str, str], dict[str, None]] = field(default_factory=dict)
    by_desired: dict[tuple[str, str], dict[str, None]] = field(default_factory=dict)
    #: desired-status buckets that took a task out of creation order (sorted when next read)
    unsorted: set[tuple[str, str]] = field(default_factory=set)
    #: instance ARN -> task group -> live tasks in it
    live_groups: dict[str, dict[str, int]] = field(default_factory=dict)
    running: dict[str, int] = field(default_factory=dict)
    eni_tasks: dict[str, int] = field(default_factory=dict)
    #: instances whose live tasks changed since placement last looked (shared with the
    #: region's `InstanceIndex`, which rebuilds their placement facts)
    touched: set[str] = field(default_factory=set)
    #: service ARN -> deployment ID (startedBy) -> [running, pending] tasks
    service_counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def add(self, task: Task) -> None:
        arn, cluster = task.task_arn or "", task.cluster_name or ""
        self.order[arn] = self.next_order
        self.next_order += 1
        self.by_cluster.setdefault(cluster, {})[arn] = None
        if task.container_instance_arn:
            self.by_instance.setdefault(task.container_instance_arn, {})[arn] = None
        if task.service_arn:
            self.by_service.setdefault(task.service_arn, {})[arn] = None
        if task.service_name:
            self.by_service_name.setdefault((cluster, task.service_name), {})[arn] = None
        self.seen[arn] = seen = _seen(task)
        self._enter(task, seen, 1)

    def remove(self, task: Task) -> None:
        arn, cluster = task.task_arn or "", task.cluster_name or ""
        seen = self.seen.pop(arn, None)
        if seen is None:
            return
        self._enter(task, seen, -1)
        self.order.pop(arn, None)
        _drop(self.by_cluster, cluster, arn)
        _drop(self.by_instance, task.container_instance_arn or "", arn)
        _drop(self.by_service, task.service_arn or "", arn)
        _drop(self.by_service_name, (cluster, task.service_name or ""), arn)

    def changed(self, task: Task) -> None:
        """The task's status or desired status may have moved: re-file it."""
        arn = task.task_arn or ""
        old = self.seen.get(arn)
        new = _seen(task)
        if old is None or old == new:
            return
        self._enter(task, old, -1)
        self.seen[arn] = new
        self._enter(task, new, 1)

    def _enter(self, task: Task, seen: Seen, step: int) -> None:
        """File (step 1) or unfile (step -1) the parts of `task` that depend on `seen`."""
        arn, cluster = task.task_arn or "", task.cluster_name or ""
        desired, live, phase = seen
        key = (cluster, desired)
        if step > 0:
            bucket = self.by_desired.setdefault(key, {})
            if bucket and self.order[next(reversed(bucket))] > self.order[arn]:
                self.unsorted.add(key)
            bucket[arn] = None
        else:
            _drop(self.by_desired, key, arn)
        if task.service_arn and phase is not None:
            deployments = self.service_counts.setdefault(task.service_arn, {})
            pair = deployments.setdefault(task.started_by or "", [0, 0])
            pair[phase] += step
            if pair == [0, 0]:
                del deployments[task.started_by or ""]
                if not deployments:
                    del self.service_counts[task.service_arn]
        instance = task.container_instance_arn
        if not instance or not live:
            return
        self.touched.add(instance)
        groups = self.live_groups.setdefault(instance, {})
        _count(groups, task.group or "", step)
        if not groups:
            del self.live_groups[instance]
        if phase == 0:
            _count(self.running, instance, step)
        if task.uses_eni:
            _count(self.eni_tasks, instance, step)

    def counts(self, service_arn: str) -> dict[str, tuple[int, int]]:
        """(running, pending) tasks of the service per deployment ID."""
        return {d: (r, p) for d, (r, p) in self.service_counts.get(service_arn, {}).items()}

    def desired(self, cluster: str, status: str) -> dict[str, None]:
        """The cluster's tasks with this desired status, in creation order."""
        key = (cluster, status)
        bucket = self.by_desired.get(key, {})
        if key in self.unsorted:
            self.unsorted.discard(key)
            if bucket:
                bucket = dict.fromkeys(sorted(bucket, key=self.order.__getitem__))
                self.by_desired[key] = bucket
        return bucket
