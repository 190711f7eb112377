"""Service auto scaling (semantics §5.8): scalable targets, target tracking policies, the load
they track, and what Application Auto Scaling does to a service's desiredCount when a policy's
CloudWatch alarm invokes it.

The load model. A service's demand is kept in *task-equivalents*: 1.0 is the work of one task
using all of its CPU (or memory) reservation. A service's average utilisation is then
demand / runningCount x 100, so scaling out lowers it and scaling in raises it, as on AWS.
``sim.set_load("web", cpu_percent=80)`` means "80 % on average across the tasks running now":
0.8 x runningCount task-equivalents, which stay put while the task count changes. Requests per
minute (for ALBRequestCountPerTarget) are kept as a total the same way. More demand (say, a
load balancer's traffic times what each request costs, see `request_cost`) can be added by
registering a function with `load_source`.

The evaluation. CloudWatch publishes the service's metrics once a minute
(`ecslearn.services.cloudwatch.aws_metrics`, from this load model) and evaluates the two alarms
each policy has there (`policy_alarms`: AlarmHigh, 3 of 3 one-minute datapoints above the
target; AlarmLow, 15 of 15 below 90 % of it). An alarm in ALARM invokes its policy every
minute it stays there, and Application Auto Scaling then does this:

- scale out if any policy's AlarmHigh fires, to ceil(running x metric / target) (the largest
  such proposal), clamped to [MinCapacity, MaxCapacity]; within ScaleOutCooldown of the last
  scale-out, only to more than that scale-out set (the capacity it added counts towards it);
- scale in only if every policy that may (DisableScaleIn false) has AlarmLow firing, to the
  largest of their proposals; never while a deployment is IN_PROGRESS, nor within
  ScaleInCooldown of the last scale-in (a scale-out ends that cooldown).

Proposals start from the *running* count, so tasks still starting are not counted twice. Each
change is an UpdateService call through the dispatcher, a scaling activity and a timeline event.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import ACCOUNT_ID, ecs_arn, name_from
from ecslearn.control.metrics_clock import wake_metrics
from ecslearn.control.queue import action_handler
from ecslearn.errors import EcsError, InvalidParameterException, ServiceNotFoundException
from ecslearn.model.scaling import (
    DIMENSION,
    NAMESPACE,
    ScalableTarget,
    ScalingPolicy,
    ServiceLoad,
)

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World
    from ecslearn.model.service import Service

#: The role Application Auto Scaling uses for ECS when RegisterScalableTarget names none.
SERVICE_LINKED_ROLE = (
    f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
    "AWSServiceRoleForApplicationAutoScaling_ECSService"
)
CPU = "ECSServiceAverageCPUUtilization"
MEMORY = "ECSServiceAverageMemoryUtilization"
REQUESTS = "ALBRequestCountPerTarget"
METRICS = (CPU, MEMORY, REQUESTS)
MAX_ACTIVITIES = 1000  # AWS keeps six weeks of activities; ecslearn keeps the newest 1000


def new_uuid(world: World) -> str:
    """A version-4 UUID from the seeded random source."""
    return str(uuid.UUID(int=world.rng.getrandbits(128), version=4))


# -- the load model -----------------------------------------------------------------------------
LoadSource = Callable[["World", "RegionState", "Service"], "ServiceLoad | None"]
#: Functions asked at every evaluation for demand on top of `set_load`'s.
LOAD_SOURCES: list[LoadSource] = []


def load_source(fn: LoadSource) -> LoadSource:
    """Register `fn(world, state, service) -> ServiceLoad | None` as a further source of demand,
    for example a load balancer's requests times their cost (see `request_cost`)."""
    LOAD_SOURCES.append(fn)
    return fn


def request_cost(
    requests_per_minute: float, vcpu_ms_per_request: float, task_cpu_units: int
) -> ServiceLoad:
    """The demand of `requests_per_minute` requests that each take `vcpu_ms_per_request`
    milliseconds of one vCPU, for tasks that reserve `task_cpu_units` (1024 units = 1 vCPU)."""
    busy_vcpus = requests_per_minute / 60.0 * vcpu_ms_per_request / 1000.0
    return ServiceLoad(cpu=busy_vcpus * 1024.0 / task_cpu_units, requests=requests_per_minute)


def running_count(state: RegionState, service: Service) -> int:
    """The service's runningCount: its tasks whose last status is RUNNING."""
    arns = state.tasks_of(service.service_arn or "")
    return sum(1 for arn in arns if state.tasks[arn].last_status == "RUNNING")


def demand(world: World, state: RegionState, service: Service) -> ServiceLoad:
    """What `set_load` said, plus what every load source adds."""
    total = state.service_loads.get(service.service_arn or "") or ServiceLoad()
    for source in LOAD_SOURCES:
        extra = source(world, state, service)
        if extra:
            total = ServiceLoad(
                cpu=total.cpu + extra.cpu,
                memory=total.memory + extra.memory,
                requests=total.requests + extra.requests,
            )
    return total


def metric_value(metric_type: str, load: ServiceLoad, running: int) -> float:
    """The service's average utilisation (percent), or requests per target per minute."""
    if metric_type == CPU:
        return load.cpu / running * 100.0
    if metric_type == MEMORY:
        return load.memory / running * 100.0
    return load.requests / running


def find_service(state: RegionState, reference: str, cluster: str | None = None) -> Service:
    """A service by ARN, or by name in `cluster` (``default`` when omitted)."""
    if reference.startswith("arn:"):
        name_from(reference, "service")
        service = state.services.get(reference)
    else:
        cluster_name = name_from(cluster or "default", "cluster")
        service = state.services.get(ecs_arn(state.region, f"service/{cluster_name}/{reference}"))
    if service is None or service.status != "ACTIVE":
        raise ServiceNotFoundException(
            f"No ACTIVE service '{reference}' in cluster '{cluster or 'default'}'. Pass the "
            "service's name and its cluster, or its ARN."
        )
    return service


def set_load(
    world: World,
    service: str,
    *,
    cluster: str | None = None,
    region: str | None = None,
    cpu_percent: float | None = None,
    memory_percent: float | None = None,
    requests_per_target: float | None = None,
) -> ServiceLoad:
    """Set what the service's users ask of it, as the average per task *now* (see the module's
    docstring); with no task running yet, per desired task. Unnamed metrics keep their load."""
    state = world.region_state(region)
    found = find_service(state, service, cluster)
    tasks = running_count(state, found) or found.desired_count or 1
    given = {"cpu": cpu_percent, "memory": memory_percent, "requests": requests_per_target}
    given = {name: value for name, value in given.items() if value is not None}
    for name, value in given.items():
        if not math.isfinite(value) or value < 0:
            raise InvalidParameterException(f"The {name} load must be >= 0, not {value}.")
    load = state.service_loads.setdefault(found.service_arn or "", ServiceLoad())
    for name, value in given.items():
        setattr(load, name, value * tasks / (1.0 if name == "requests" else 100.0))
    wake_metrics(world, state)  # CloudWatch publishes the service's metrics each minute
    return load


# -- what is left of the old evaluation loop ------------------------------------------------
@action_handler("autoscaling.evaluate")
def _evaluate_all(world: World, args: dict[str, Any]) -> None:
    """A world saved while Application Auto Scaling evaluated its own alarms (before its
    policies' alarms lived in CloudWatch) queued this; CloudWatch's minute does it now."""
    state = world.region_state(args["region"])
    state.autoscaling_ticks = False
    wake_metrics(world, state)


@dataclass
class Scaler:
    """What Application Auto Scaling does to one scalable target's service."""

    world: World
    state: RegionState
    target: ScalableTarget
    service: Service

    @property
    def desired(self) -> int:
        return self.service.desired_count or 0

    def scale_out(self, high: list[tuple[ScalingPolicy, float]], running: int) -> None:
        """Scale out to the largest proposal of the policies whose AlarmHigh fired (each with
        its alarm's newest datapoint)."""
        target, now = self.target, self.world.now
        trigger, metric = max(high, key=lambda pm: pm[0].proposal(running, pm[1]))
        wanted = trigger.proposal(running, metric)
        cooling = target.scaled_out_at is not None and (
            now < target.scaled_out_at + trigger.cooldown("ScaleOutCooldown")
        )
        # Within the cooldown, what the last scale-out added counts towards this one.
        if target.clamp(wanted) <= max(self.desired, target.scaled_out_to if cooling else 0):
            if wanted > self.desired >= target.max_capacity:
                self.not_scaled(trigger.cause(0), "AlreadyAtMaxCapacity")
            return
        if self.set_desired_count(target.clamp(wanted), trigger.cause(0)):
            target.scaled_out_at, target.scaled_out_to = now, target.clamp(wanted)
            target.scaled_in_at = None  # a scale-out ends the scale-in cooldown

    def scale_in(self, voters: list[tuple[ScalingPolicy, float]], running: int) -> None:
        """Scale in to the largest proposal of the policies that may scale in, all of whose
        AlarmLow fired (each with its alarm's newest datapoint)."""
        target, now = self.target, self.world.now
        rollouts = [d for d in self.service.deployments or [] if d.rollout_state == "IN_PROGRESS"]
        if rollouts:
            if target.held_for_deployment != rollouts[0].id:
                target.held_for_deployment = rollouts[0].id
                self.note(
                    f"holds scale-in of service {target.service_name} while deployment "
                    f"{rollouts[0].id} is in progress (scale-out continues)."
                )
            return
        trigger, metric = max(voters, key=lambda pm: pm[0].proposal(running, pm[1]))
        if target.scaled_in_at is not None and now < target.scaled_in_at + trigger.cooldown(
            "ScaleInCooldown"
        ):
            return
        wanted = trigger.proposal(running, metric)
        if target.clamp(wanted) >= self.desired:
            if wanted < self.desired <= target.min_capacity:
                self.not_scaled(trigger.cause(1), "AlreadyAtMinCapacity")
            return
        if self.set_desired_count(target.clamp(wanted), trigger.cause(1)):
            target.scaled_in_at = now

    def set_desired_count(self, count: int, cause: str) -> bool:
        """UpdateService desiredCount=`count` through the dispatcher, as Application Auto Scaling
        calls it; a scaling activity and a timeline event. Whether ECS accepted it."""
        before, target = self.desired, self.target
        request = {"cluster": target.cluster_name, "service": target.service_name}
        try:
            self.world.dispatcher.call(
                "ecs", "UpdateService", {**request, "desiredCount": count}, self.state.region
            )
        except EcsError as error:
            status, message = "Failed", f"Failed to set desired count to {count}. {error.message}"
        else:
            status = "Successful"
            message = (
                f"Successfully set desired count to {count}. Change successfully fulfilled by ecs."
            )
        self.record_activity(f"Setting desired count to {count}.", cause, status, message)
        target.not_scaled = None
        self.note(
            f"set the desired count of service {target.service_name} from {before} to {count} "
            f"({status}): {cause}.",
            {"from": before, "to": count, "status": status},
        )
        return status == "Successful"

    def not_scaled(self, cause: str, code: str) -> None:
        """A scaling the alarms ask for but the range forbids: recorded once until it changes."""
        if self.target.not_scaled == code:
            return
        self.target.not_scaled = code
        at_max = code == "AlreadyAtMaxCapacity"
        limit = self.target.max_capacity if at_max else self.target.min_capacity
        reason = {"Code": code, "CurrentCapacity": self.desired}
        reason["MaxCapacity" if at_max else "MinCapacity"] = limit
        what = f"{'maximum' if at_max else 'minimum'} capacity ({limit})"
        message = f"Not scaled: the desired count {self.desired} is already at the {what}."
        self.record_activity(
            "Attempting to scale due to alarm triggered", cause, "Failed", message, [reason]
        )
        self.note(
            f"did not scale service {self.target.service_name} {'out' if at_max else 'in'}: "
            f"its desired count {self.desired} is at the {what}."
        )

    def note(self, what: str, details: dict[str, Any] | None = None) -> None:
        self.world.record(
            "autoscaling",
            f"Application Auto Scaling {what}",
            cluster=self.target.cluster_name,
            service=self.target.service_name,
            details=details or {},
        )

    def record_activity(
        self,
        description: str,
        cause: str,
        status: str,
        message: str,
        not_scaled: list[dict[str, Any]] | None = None,
    ) -> None:
        now = self.world.clock.timestamp
        activity: dict[str, Any] = {
            "ActivityId": new_uuid(self.world),
            "ServiceNamespace": NAMESPACE,
            "ResourceId": self.target.resource_id,
            "ScalableDimension": DIMENSION,
            "Description": description,
            "Cause": cause,
            "StartTime": now,
            "EndTime": now,
            "StatusCode": status,
            "StatusMessage": message,
        }
        if not_scaled:
            activity["NotScaledReasons"] = not_scaled
        self.state.scaling_activities.insert(0, activity)
        del self.state.scaling_activities[MAX_ACTIVITIES:]
