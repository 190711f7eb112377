"""What a failed test is shown about its simulation: the services that did not reach their goal.

A deploy script's test usually fails far from the cause: a waiter gives up, an assertion on a
running count is off. ECS's own answer is in the service's events ("unable to place a task
because no container instance met all of its requirements...", "deployment failed: tasks
failed to start") and in why placement chose nothing, so the pytest plugin adds this text to
the failure's report. It reads the simulation and changes nothing (the placement explanation
copies the random source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.control.why import explain_placement

if TYPE_CHECKING:
    from ecslearn.model.service import Service
    from ecslearn.simulation import Simulation

#: The newest service events shown for each service, as ECS lists them (newest first).
EVENTS_SHOWN = 10


#: running and pending tasks by deployment ID, as DescribeServices counts them
Counts = dict[str, tuple[int, int]]


def task_counts(sim: Simulation, region: str, service: Service) -> Counts:
    """The service's running and pending tasks by deployment, counted from its tasks (the
    model's own count fields are not kept up to date: DescribeServices derives them too)."""
    return sim.region_state(region).index.counts(service.service_arn or "")


def short_of_goal(service: Service, counts: Counts) -> bool:
    """Whether an ACTIVE service is not where it was asked to be: fewer (or more) tasks running
    than desired, or a deployment still under way or failed."""
    if service.status != "ACTIVE":
        return False
    deployments = service.deployments or []
    running = sum(r for r, _ in counts.values())
    if len(deployments) > 1 or running != (service.desired_count or 0):
        return True
    return any(d.rollout_state == "FAILED" for d in deployments)


def describe_service(sim: Simulation, region: str, service: Service, counts: Counts) -> list[str]:
    """A few lines on one service: counts, deployments, newest events, and the placement
    explanation for its newest task definition when it runs on EC2 instances."""
    lines = [
        f"service {service.service_name} in cluster {service.cluster_name} ({region}): "
        f"desired {service.desired_count}, running {sum(r for r, _ in counts.values())}, "
        f"pending {sum(p for _, p in counts.values())}",
    ]
    for deployment in service.deployments or []:
        running, _pending = counts.get(deployment.id or "", (0, 0))
        rollout = f", rollout {deployment.rollout_state}" if deployment.rollout_state else ""
        reason = f" ({deployment.rollout_state_reason})" if deployment.rollout_state_reason else ""
        revision = (deployment.task_definition or "?").rsplit("/", 1)[-1]
        lines.append(
            f"  deployment {deployment.id} {deployment.status}: {revision}"
            f", running {running}/{deployment.desired_count}, "
            f"failed tasks {deployment.failed_tasks or 0}{rollout}{reason}"
        )
    events = (service.events or [])[:EVENTS_SHOWN]
    if events:
        lines.append("  newest service events:")
        start = sim.world.clock.epoch_start
        lines += [f"    t={(e.created_at or start) - start:.0f}s {e.message}" for e in events]
    lines += _placement_why(sim, region, service)
    return lines


def _placement_why(sim: Simulation, region: str, service: Service) -> list[str]:
    if service.launch_type == "FARGATE" or service.capacity_provider_strategy:
        return []
    deployments = service.deployments or []
    if not deployments or not deployments[0].task_definition:
        return []
    try:
        explanation = explain_placement(
            sim.world,
            service.cluster_name,
            deployments[0].task_definition,
            strategies=[s.to_json() for s in service.placement_strategy or []] or None,
            constraints=[c.to_json() for c in service.placement_constraints or []] or None,
            service=True,
            region=region,
        )
    except Exception as error:  # the report must never hide the test's own failure
        return [f"  (no placement explanation: {type(error).__name__}: {error})"]
    table = str(explanation).splitlines() or ["(no container instances in the cluster)"]
    return ["  where one more task would go, and why (sim.explain_placement):"] + [
        f"    {line}" for line in table
    ]


def failure_report(sim: Simulation) -> str | None:
    """The report for every service short of its goal in `sim`, or None when all are there."""
    lines: list[str] = []
    for state in sim.regions():
        for service in state.services.values():
            counts = task_counts(sim, state.region, service)
            if short_of_goal(service, counts):
                lines += [*describe_service(sim, state.region, service, counts), ""]
    if not lines:
        return None
    head = f"simulated time t={sim.now:g}s (seed {sim.seed}); services short of their goal:"
    return "\n".join([head, "", *lines]).rstrip() + "\n"
