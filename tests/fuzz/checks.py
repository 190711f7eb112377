"""What must hold after every step of the fuzzer, whatever was sent: `Watch.check`.

- the clock never goes back, and nothing the clock ran failed (a contained failure, recorded on
  the timeline or as a service event, is a bug in ecslearn just the same);
- every region with live services has the service scheduler's regular tick queued;
- no resource goes negative or above what was registered: an instance's remaining CPU and memory
  are what it registered minus what its live tasks reserve, its remaining ports are the reserved
  ones plus its live tasks' static ports, each once; counts are never negative;
- no host port is held twice on an instance by running containers; no instance runs more awsvpc
  tasks than its type has network interfaces for (one is its own);
- placement's promises hold: a DAEMON service runs at most one task per instance, a service
  with a distinctInstance constraint at most one per instance; a live task's instance exists;
- states only move forward: a task's lastStatus along PROVISIONING..STOPPED, its desiredStatus
  never back from STOPPED, a container's PENDING..STOPPED, a service's ACTIVE..INACTIVE, a
  deployment's PRIMARY..INACTIVE and IN_PROGRESS..COMPLETED/FAILED, an INACTIVE instance for good.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ecslearn import Simulation
from ecslearn.control.services import reconcile
from ecslearn.model.instance_types import INSTANCE_TYPES
from ecslearn.model.task import TASK_STATES

CONTAINER_STATES = ("PENDING", "RUNNING", "STOPPED")
SERVICE_STATES = ("ACTIVE", "DRAINING", "INACTIVE")
DEPLOYMENT_STATES = ("PRIMARY", "ACTIVE", "INACTIVE")
ROLLOUT_STATES = {"IN_PROGRESS": 0, "COMPLETED": 1, "FAILED": 1}
#: What every contained reconcile failure says (`containment.failure_message`).
CONTAINED = "was unable to be reconciled by the scheduler"


def _order(states: Any, value: str | None) -> int:
    if isinstance(states, dict):
        return states.get(value or "", -1)
    return states.index(value) if value in states else -1


class Watch:
    """The fuzzer's memory of what it has seen, to tell forward from backward."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timeline_read = 0
        self.timeline: Any = None
        self.seen: dict[tuple[str, str], int] = {}
        self.stopped_wanted: set[str] = set()
        self.gone: set[str] = set()

    def forward(self, kind: str, key: str, states: Any, value: str | None, what: str) -> None:
        order = _order(states, value)
        if order < 0:
            return
        before = self.seen.get((kind, key), -1)
        assert order >= before, f"{what} went back to {value}"
        self.seen[(kind, key)] = order

    def check(self, sim: Simulation) -> None:
        world = sim.world
        assert world.now >= self.now, f"the clock went back from {self.now} to {world.now}"
        self.now = world.now
        self._timeline(sim)
        for state in world.regions():
            self._scheduled(world, state)
            for instance in state.instances.values():
                self._instance(state, instance)
            for task in state.tasks.values():
                self._task(state, task)
            for interface in state.ec2.task_interfaces.values():  # no ENI outlives its task
                task = state.tasks.get(interface.task_arn)
                assert task is not None and not task.is_stopped, f"{interface.eni_id} leaked"
            for service in state.services.values():
                self._service(state, service)

    def _timeline(self, sim: Simulation) -> None:
        events = sim.world.events
        if events is not self.timeline:  # a loaded world brings its own timeline
            self.timeline, self.timeline_read = events, min(self.timeline_read, len(events))
        for event in list(events)[self.timeline_read :]:
            text = str(event)
            assert event.kind != "error", f"the clock contained a failure: {text}"
            assert CONTAINED not in text, f"a service's reconcile failed: {text}"
        self.timeline_read = len(events)

    def _scheduled(self, world: Any, state: Any) -> None:
        if not reconcile.live_services(state):
            return
        ticks = [
            a
            for a in world.queue.scheduled("services.tick")
            if a.args.get("recurring") and a.args.get("region") == state.region
        ]
        assert ticks, f"{state.region} has live services but no service scheduler tick"

    def _instance(self, state: Any, instance: Any) -> None:
        name = instance.id
        arn = instance.container_instance_arn or ""
        if instance.status == "INACTIVE":
            self.gone.add(arn)
        else:
            assert arn not in self.gone, f"instance {name} came back from INACTIVE"
        for count in (instance.running_tasks_count, instance.pending_tasks_count):
            assert (count or 0) >= 0, f"instance {name} counts {count} tasks"
        live = [t for t in state.tasks_on(arn) if not t.is_stopped]
        for resource in ("CPU", "MEMORY"):
            registered, remaining = instance.registered(resource), instance.remaining(resource)
            assert isinstance(registered, int) and registered >= 0, (name, resource, registered)
            assert 0 <= remaining <= registered, (
                f"instance {name} has {remaining} of {registered} {resource} remaining"
            )
            if instance.status != "INACTIVE":
                used = sum(t.reserved_cpu if resource == "CPU" else t.reserved_memory for t in live)
                assert remaining == registered - used, (
                    f"instance {name}: {remaining} {resource} remaining, registered {registered}, "
                    f"its live tasks reserve {used}"
                )
        for resource, attr in (("PORTS", "static_tcp_ports"), ("PORTS_UDP", "static_udp_ports")):
            remaining = Counter(instance.remaining(resource) or [])
            assert max(remaining.values(), default=1) == 1, f"{name} holds a {resource} twice"
            if instance.status != "INACTIVE":
                expected = Counter(instance.registered(resource) or [])
                for task in live:
                    expected.update(str(port) for port in getattr(task, attr))
                assert remaining == expected, (name, resource, remaining, expected)
        held: Counter = Counter()
        for task in live:
            for container in task.containers or []:
                if container.last_status == "RUNNING" and task.network_mode != "awsvpc":
                    held.update((b.host_port, b.protocol) for b in container.network_bindings or [])
        twice = [port for port, count in held.items() if count > 1]
        assert not twice, f"instance {name}: host ports {twice} held twice"
        kind = INSTANCE_TYPES.get(instance.instance_type)
        if kind is not None:
            enis = sum(t.network_mode == "awsvpc" for t in live)
            assert enis <= kind.enis - 1, f"instance {name} ({kind.name}) runs {enis} awsvpc tasks"

    def _task(self, state: Any, task: Any) -> None:
        arn = task.task_arn or ""
        if not task.is_stopped and task.launch_type == "FARGATE":
            # no instance: its own micro-VM, and its ENI held in EC2's address pool
            assert task.container_instance_arn is None, f"Fargate task {task.id} has a host"
            details = {d["name"]: d["value"] for d in task.attachments[0]["details"]}
            interface = state.ec2.task_interfaces.get(details["networkInterfaceId"])
            assert interface is not None, f"Fargate task {task.id} lost its ENI"
            assert interface.private_ip == details["privateIPv4Address"], task.id
        elif not task.is_stopped:
            assert task.container_instance_arn in state.instances, f"task {task.id} has no host"
        self.forward("task", arn, TASK_STATES, task.last_status, f"task {task.id}")
        if task.desired_status == "STOPPED":
            self.stopped_wanted.add(arn)
        else:
            assert arn not in self.stopped_wanted, f"task {task.id} wanted RUNNING again"
        for container in task.containers or []:
            self.forward(
                "container",
                f"{arn}/{container.name}",
                CONTAINER_STATES,
                container.last_status,
                f"container {container.name} of task {task.id}",
            )

    def _service(self, state: Any, service: Any) -> None:
        key = f"{service.service_arn}@{service.created_at}"
        name = f"service {service.service_name}"
        distinct = any(c.type == "distinctInstance" for c in service.placement_constraints or [])
        if service.is_daemon or distinct:
            hosts = Counter(
                task.container_instance_arn
                for arn in state.index.by_service.get(service.service_arn or "", {})
                if not (task := state.tasks[arn]).is_stopped and task.desired_status == "RUNNING"
            )
            crowded = [host for host, count in hosts.items() if count > 1]
            assert not crowded, f"{name} runs {max(hosts.values())} tasks on {crowded[0]}"
        self.forward("service", key, SERVICE_STATES, service.status, name)
        for count in (service.desired_count, service.running_count, service.pending_count):
            assert (count or 0) >= 0, f"{name} counts {count}"
        for deployment in service.deployments or []:
            what = f"deployment {deployment.id} of {name}"
            self.forward(
                "deployment", deployment.id or "", DEPLOYMENT_STATES, deployment.status, what
            )
            self.forward(
                "rollout", deployment.id or "", ROLLOUT_STATES, deployment.rollout_state, what
            )
            for count in (
                deployment.running_count,
                deployment.pending_count,
                deployment.failed_tasks,
            ):
                assert (count or 0) >= 0, f"{what} counts {count}"
