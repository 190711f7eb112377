"""The metrics AWS publishes for what runs in the region, one datapoint a minute.

Each whole minute ecslearn publishes, for the minute that just ended (its timestamp is the
minute's start, as CloudWatch stamps one-minute data), what it knows then:

- ``AWS/ECS`` ``CPUUtilization`` and ``MemoryUtilization`` of each ACTIVE or DRAINING service
  with running tasks (dimensions ClusterName, ServiceName; percent of the tasks' reservation;
  one sample a minute: the service's average). The demand is Application Auto
  Scaling's load model (`sim.set_load` and the registered load sources; see
  `ecslearn.services.application_autoscaling.target_tracking`). A service with no running task
  publishes nothing, as on AWS.
- ``AWS/ECS`` ``CPUReservation`` and ``MemoryReservation`` of each cluster with registered
  container instances (dimension ClusterName): reserved over registered, in percent.
- ``AWS/ApplicationELB`` for each target group, from the requests `sim.send_requests` served this
  minute plus the requests per minute the load model gives the services registered in it:
  ``RequestCountPerTarget`` (dimension TargetGroup, and TargetGroup with LoadBalancer):
  requests over healthy targets (over all targets when none is healthy); ``RequestCount``,
  ``HTTPCode_Target_5XX_Count``, ``HTTPCode_ELB_5XX_Count`` and ``TargetResponseTime`` (by
  LoadBalancer and by TargetGroup with LoadBalancer); ``HealthyHostCount`` and
  ``UnHealthyHostCount`` (TargetGroup with LoadBalancer). Dimension values are AWS's:
  ``app/<name>/<id>`` and ``targetgroup/<name>/<id>``. As ELB documents, request metrics are
  reported only for minutes with requests (a count that is zero is not reported); host counts
  every minute the group is behind a load balancer. Requests that come from the load model are
  counted on the first load balancer that forwards to the group.

``TargetResponseTime`` is ecslearn's model, not a measurement: 10 ms per request, times one plus
the serving service's CPU utilisation (a busier service answers more slowly).

Work per minute is proportional to the region's live services, instances and target groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.model.cloudwatch import MINUTE, Traffic
from ecslearn.services.application_autoscaling.target_tracking import demand, running_count

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

ECS, ELB = "AWS/ECS", "AWS/ApplicationELB"
BASE_RESPONSE_SECONDS = 0.010


def _dim(name: str, value: str) -> dict[str, str]:
    return {"Name": name, "Value": value}


def publish(world: World, state: RegionState, now: float) -> bool:
    """Publish the minute that ends at `now`; whether anything is live to publish next minute."""
    at = now - MINUTE
    cw = state.cloudwatch
    group_requests: dict[str, float] = {}  # target group ARN -> requests from the load model
    group_cpu: dict[str, float] = {}  # target group ARN -> its service's CPU utilisation
    live = False
    for service in state.services.values():
        if service.status not in ("ACTIVE", "DRAINING"):
            continue
        live = True
        running = running_count(state, service)
        if not running:
            continue
        load = demand(world, state, service)
        cluster = (service.cluster_arn or "").rsplit("/", 1)[-1]
        dims = [_dim("ClusterName", cluster), _dim("ServiceName", service.service_name or "")]
        cpu, memory = load.cpu / running * 100.0, load.memory / running * 100.0
        for name, value in (("CPUUtilization", cpu), ("MemoryUtilization", memory)):
            cw.put(ECS, name, dims, at, [1, value, value, value], now, "Percent")
        for balancer in service.load_balancers or []:
            arn = balancer.target_group_arn or ""
            group_requests[arn] = group_requests.get(arn, 0.0) + load.requests
            group_cpu[arn] = cpu
    live |= _reservations(state, at, now)
    for arn, group in state.target_groups.items():
        traffic = cw.traffic.pop(arn, None) or Traffic()
        if group.targets:
            live = True
        _target_group(
            state, arn, traffic, group_requests.get(arn, 0.0), group_cpu.get(arn, 0.0), at, now
        )
    cw.traffic.clear()  # traffic of groups deleted during the minute
    for balancer_arn, errors in cw.balancer_5xx.items():
        balancer = state.elbv2.load_balancers.get(balancer_arn)
        if balancer is not None and errors:
            dims = [_dim("LoadBalancer", balancer.id_path)]
            cw.put(ELB, "HTTPCode_ELB_5XX_Count", dims, at, [errors, errors, 1, 1], now, "Count")
    cw.balancer_5xx.clear()
    return live


def _reservations(state: RegionState, at: float, now: float) -> bool:
    """CPUReservation and MemoryReservation per cluster with registered instances."""
    totals: dict[str, list[float]] = {}  # cluster -> [cpu registered, cpu free, mem reg, mem free]
    for arn, instance in state.instances.items():
        if instance.status not in ("ACTIVE", "DRAINING"):
            continue
        cluster = arn.split("/")[-2] if arn.count("/") >= 2 else "default"
        sums = totals.setdefault(cluster, [0.0, 0.0, 0.0, 0.0])
        sums[0] += instance.registered("CPU") or 0
        sums[1] += instance.remaining("CPU") or 0
        sums[2] += instance.registered("MEMORY") or 0
        sums[3] += instance.remaining("MEMORY") or 0
    for cluster, (cpu, cpu_free, memory, memory_free) in totals.items():
        dims = [_dim("ClusterName", cluster)]
        for name, total, free in (
            ("CPUReservation", cpu, cpu_free),
            ("MemoryReservation", memory, memory_free),
        ):
            if total > 0:
                value = (total - free) / total * 100.0
                state.cloudwatch.put(ECS, name, dims, at, [1, value, value, value], now, "Percent")
    return bool(totals)


def _target_group(
    state: RegionState,
    arn: str,
    traffic: Traffic,
    from_load: float,
    cpu: float,
    at: float,
    now: float,
) -> None:
    group = state.target_groups[arn]
    cw = state.cloudwatch
    group_dim = _dim("TargetGroup", arn.rsplit(":", 1)[-1])
    balancers = [
        state.elbv2.load_balancers[b]
        for b in state.elbv2.balancers_forwarding_to(arn)
        if b in state.elbv2.load_balancers
    ]
    healthy = sum(1 for t in group.targets if t.state == "healthy")
    unhealthy = sum(1 for t in group.targets if t.state == "unhealthy")
    by_balancer = dict(traffic.by_balancer)
    if from_load and balancers:
        first = balancers[0].arn
        by_balancer[first] = by_balancer.get(first, 0) + from_load
    requests = traffic.requests + from_load
    serving = healthy or len(group.targets)
    if requests > 0 and serving:
        per_target = requests / serving
        cw.put(
            ELB,
            "RequestCountPerTarget",
            [group_dim],
            at,
            [1, per_target, per_target, per_target],
            now,
            "Count",
        )
    response = BASE_RESPONSE_SECONDS * (1.0 + cpu / 100.0)
    for balancer in balancers:
        both = [group_dim, _dim("LoadBalancer", balancer.id_path)]
        alone = [_dim("LoadBalancer", balancer.id_path)]
        cw.put(ELB, "HealthyHostCount", both, at, [1, healthy, healthy, healthy], now, "Count")
        cw.put(
            ELB, "UnHealthyHostCount", both, at, [1, unhealthy, unhealthy, unhealthy], now, "Count"
        )
        count = by_balancer.get(balancer.arn, 0)
        if not count:
            continue
        if serving:
            per_target = count / serving
            cw.put(
                ELB,
                "RequestCountPerTarget",
                both,
                at,
                [1, per_target, per_target, per_target],
                now,
                "Count",
            )
        for dims in (both, alone):
            cw.put(ELB, "RequestCount", dims, at, [1, count, count, count], now, "Count")
            cw.put(
                ELB,
                "TargetResponseTime",
                dims,
                at,
                [count, response * count, response, response],
                now,
                "Seconds",
            )
            errors = [("HTTPCode_Target_5XX_Count", traffic.target_5xx)]
            if dims is alone:  # ELB's own 5XX are the load balancer's, not a group's
                errors.append(("HTTPCode_ELB_5XX_Count", traffic.elb_5xx))
            for name, n in errors:
                if n:
                    cw.put(ELB, name, dims, at, [1, n, n, n], now, "Count")
