"""ECS's BLUE_GREEN, LINEAR and CANARY deployments (ECS's developer guide: "Amazon ECS
blue/green deployments", "... linear deployments", "... canary deployments", "Lifecycle hooks
for Amazon ECS service deployments").

The running revision is *blue*, the new one *green*. A deployment goes through ECS's lifecycle
stages, each recorded as the service deployment's ``lifecycleStage`` and on the timeline:

RECONCILE_SERVICE (only when more than one revision is running) -> PRE_SCALE_UP -> SCALE_UP
(green starts at the full desired count, registered in the *alternate* target group; blue keeps
100% of production traffic) -> POST_SCALE_UP -> TEST_TRAFFIC_SHIFT (each test listener rule
forwards to green) -> POST_TEST_TRAFFIC_SHIFT -> (the hooks named PRE_PRODUCTION_TRAFFIC_SHIFT)
-> PRODUCTION_TRAFFIC_SHIFT (the production
listener rule's weights move to green: BLUE_GREEN all at once; LINEAR ``stepPercent`` a step
with ``stepBakeTimeInMinutes`` between steps; CANARY ``canaryPercent``, then
``canaryBakeTimeInMinutes``, then the rest) -> POST_PRODUCTION_TRAFFIC_SHIFT -> BAKE_TIME (both
run for ``bakeTimeInMinutes``) -> CLEAN_UP (blue's tasks stop; the deployment is SUCCESSFUL).

A stage ends when its own work is done and then every lifecycle hook of that stage has
succeeded (`deployment_hooks`). The green target group of one deployment is the blue one of the
next: the roles swap after success, as AWS documents. Watched alarms in ALARM, a failed or timed
out hook, ContinueServiceDeployment's ROLLBACK, StopServiceDeployment, the circuit breaker, or a
listener rule ECS can no longer change (deleted mid-deployment) roll the deployment back
(`shift_rollback`): production and test traffic return to blue, which was never touched, and
green's tasks stop.

What AWS leaves unsaid and ecslearn chose: hooks of the two shift stages run once that stage's
shift is complete (ECS may invoke them per step); a failed blue/green deployment always rolls
back to blue when there is one, even with ``alarms.rollback`` false (leaving production split
between two revisions is no state ECS documents); a new deployment that arrives mid-rollout
first returns traffic to blue and stops the unfinished green. Tasks of either revision that stop
mid-rollout are replaced (`rollout_upkeep`). Headless services (no advancedConfiguration) go through
the same stages without rules to change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.load_balancing import traffic_weights
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.services import (
    common,
    deployment_alarms,
    deployment_hooks,
    deployments,
    hook_gate,
    rollout_upkeep,
    service_history,
    shift_rollback,
)
from ecslearn.control.services.shift_rollback import deployment_by_id, sample
from ecslearn.control.state import RegionState
from ecslearn.model.service import Deployment, LoadBalancer, Service

if TYPE_CHECKING:
    from ecslearn.control.world import World

SHIFTING = ("BLUE_GREEN", "LINEAR", "CANARY")
#: A moment hooks may name (botocore's hook stages list it) that is no lifecycleStage of a
#: service deployment: its hooks run after POST_TEST_TRAFFIC_SHIFT's, before production shifts,
#: while the deployment still shows POST_TEST_TRAFFIC_SHIFT.
HOOK_ONLY = ("PRE_PRODUCTION_TRAFFIC_SHIFT",)
#: linearConfiguration's and canaryConfiguration's defaults (botocore's ECS model)
LINEAR_DEFAULTS = {"stepPercent": 10.0, "stepBakeTimeInMinutes": 6}
CANARY_DEFAULTS = {"canaryPercent": 5.0, "canaryBakeTimeInMinutes": 10}
STAGES = (
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
)


def strategy(service: Service) -> str:
    config = service.deployment_configuration
    return (config.strategy if config else None) or "ROLLING"


def started(
    world: World, state: RegionState, service: Service, balancers: list[LoadBalancer]
) -> None:
    """A new deployment was made (CreateService, UpdateService): give it its load balancers and,
    for a traffic-shifting strategy with a revision to shift from, begin its stages."""
    if service.shifting:
        shift_rollback.abandon(world, state, service)
    green = service.primary
    blue = _blue(state, service)
    pairs = []
    chosen = []
    for index, balancer in enumerate(balancers):
        advanced = balancer.advanced_configuration
        if not advanced or strategy(service) not in SHIFTING:
            chosen.append(balancer)
            continue
        primary, alternate = balancer.target_group_arn, advanced["alternateTargetGroupArn"]
        blue_group = _group_of(state, blue.id if blue else None, index) or primary
        green_group = alternate if blue is not None and blue_group == primary else primary
        if blue is None:
            blue_group = green_group
        chosen.append(LoadBalancer.from_json({**balancer.to_json(), "targetGroupArn": green_group}))
        pairs.append(
            {
                "production": advanced["productionListenerRule"],
                "test": advanced.get("testListenerRule"),
                "blue": blue_group,
                "green": green_group,
            }
        )
    state.deployment_load_balancers[green.id or ""] = chosen
    _resolved(state, green.service_revision_arn, balancers, chosen)
    record = state.service_deployments.get(green.service_deployment_arn or "")
    if record is None:
        return
    deployment_alarms.remember_start(state, service, record)
    if strategy(service) not in SHIFTING or blue is None:
        return
    sources = [d for d in service.deployments or [] if d is not green]
    record["_shift"] = {
        "strategy": strategy(service),
        "blue": blue.id,
        "green": green.id,
        "pairs": pairs,
        "weight": 0.0,
        "testShifted": False,
        "waitUntil": None,
        "hooked": None,
        "stage": None,
    }
    service.shifting = record["serviceDeploymentArn"]
    first = "RECONCILE_SERVICE" if len(sources) > 1 else "PRE_SCALE_UP"
    _enter(world, state, service, record, first)


def _blue(state: RegionState, service: Service) -> Deployment | None:
    """The revision production runs on: the last deployment that completed or, when the service
    was updated before its previous deployment completed, that deployment if it has tasks."""
    done = deployments.last_completed(service)
    if done is not None:
        return done
    counts = state.index.counts(service.service_arn or "")
    return next(
        (
            d
            for d in (service.deployments or [])[1:]
            if d.rollout_state != "FAILED" and sum(counts.get(d.id or "", (0, 0)))
        ),
        None,
    )


def _resolved(
    state: RegionState,
    revision_arn: str | None,
    balancers: list[LoadBalancer],
    chosen: list[LoadBalancer],
) -> None:
    """The revision's resolvedConfiguration: the target group each of its load balancers
    registers in, with the production listener rule (DescribeServiceRevisions)."""
    revision = state.service_revisions.get(revision_arn or "")
    advanced = [(b, c) for b, c in zip(balancers, chosen, strict=True) if b.advanced_configuration]
    if revision is None or not advanced:
        return
    revision["resolvedConfiguration"] = {
        "loadBalancers": [
            {
                "targetGroupArn": used.target_group_arn,
                "productionListenerRule": given.advanced_configuration["productionListenerRule"],
            }
            for given, used in advanced
        ]
    }


def _group_of(state: RegionState, deployment_id: str | None, index: int) -> str | None:
    balancers = state.deployment_load_balancers.get(deployment_id or "") or []
    return balancers[index].target_group_arn if index < len(balancers) else None


def reconcile(
    world: World, state: RegionState, service: Service, facts: list[InstanceFacts]
) -> bool:
    """One tick of the service's rollout; False when no rollout holds the service (the rolling
    scheduler reconciles it then, as during a rollback's clean-up)."""
    record = state.service_deployments.get(service.shifting or "")
    if record is None or "_shift" not in record:
        service.shifting = None
        return False
    shift = record["_shift"]
    if record["status"] == "ROLLBACK_IN_PROGRESS":
        shift_rollback.settle(world, state, service, record)
        return False
    green = deployment_by_id(service, shift["green"])
    if record["status"] != "IN_PROGRESS" or green is None:
        service.shifting = None
        return False
    failure = record.pop("_pendingFailure", None)
    if failure is not None:  # the circuit breaker tripped on green's tasks
        shift_rollback.roll_back(world, state, service, record, failure)
        return True
    if record.get("lifecycleStage") != "CLEAN_UP":
        alarms = deployment_alarms.triggered(state, service, record)
        if alarms:
            shift_rollback.alarm_failed(world, state, service, record, alarms)
            return True
    kept = rollout_upkeep.revisions_to_keep(shift["stage"], STAGES, _blue(state, service), green)
    rollout_upkeep.keep(world, state, service, kept, facts)
    _progress(world, state, service, record, facts)
    if service.shifting:
        sample(world, state, service, record)
    return True


def service_deleted(world: World, state: RegionState, service: Service) -> None:
    """DeleteService during a rollout: the service deployment stops where it is."""
    record = state.service_deployments.get(service.shifting or "")
    service.shifting = None
    if record is not None and record["status"] == "IN_PROGRESS":
        service_history.stopped(
            record, "Service deployment stopped: the service was deleted.", world.clock.timestamp
        )


def _progress(
    world: World,
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    facts: list[InstanceFacts],
) -> None:
    """Move through as many stages as are done now (most take no time)."""
    shift = record["_shift"]
    for _ in range(len(STAGES) + 1):
        stage = shift["stage"]
        if not _work_done(world, state, service, record, stage, facts):
            return
        if shift["hooked"] != stage:
            deployment_hooks.start(world, record, _hooks(service), stage)
            shift["hooked"] = stage
        verdict = hook_gate.verdict(world, state, service, record, stage, _hooks(service))
        if verdict == "WAIT" or not service.shifting:
            return
        if verdict != "GO":
            shift_rollback.roll_back(world, state, service, record, verdict)
            return
        if stage == "CLEAN_UP":
            _succeeded(world, service, record)
            return
        _enter(world, state, service, record, STAGES[STAGES.index(stage) + 1])
        if not service.shifting:  # entering the stage failed and rolled back
            return


def _hooks(service: Service) -> list[dict[str, Any]]:
    config = service.deployment_configuration
    return list((config.lifecycle_hooks if config else None) or [])


def _enter(
    world: World, state: RegionState, service: Service, record: dict[str, Any], stage: str
) -> None:
    shift = record["_shift"]
    shift["stage"] = stage
    if stage not in HOOK_ONLY:
        record["lifecycleStage"] = stage
    record["updatedAt"] = world.clock.timestamp
    shift["waitUntil"] = None
    world.record(
        "service",
        f"(service {service.service_name}) (deployment {shift['green']}) lifecycle stage {stage}",
        cluster=service.cluster_name,
        service=service.service_name,
        details={"lifecycleStage": stage, "serviceDeployment": record["serviceDeploymentArn"]},
    )
    sample(world, state, service, record, mark=stage)
    failure = None
    if stage == "TEST_TRAFFIC_SHIFT":
        for pair in shift["pairs"]:
            if pair["test"]:
                failure = failure or traffic_weights.forward_to(
                    world, state, pair["test"], pair["blue"], pair["green"], 100.0
                )
        shift["testShifted"] = True
    elif stage == "PRODUCTION_TRAFFIC_SHIFT":
        failure = _shift_step(world, state, service, record)
    elif stage == "BAKE_TIME":
        config = service.deployment_configuration
        minutes = (config.bake_time_in_minutes if config else None) or 0
        shift["waitUntil"] = world.now + minutes * 60.0
    elif stage == "CLEAN_UP":
        blue = [t for t in _live(state, service) if t.started_by != shift["green"]]
        common.stop(world, state, service, blue, "Service deployment completed: blue revision")
    if failure is not None:
        shift_rollback.roll_back(world, state, service, record, failure)


def _shift_step(
    world: World, state: RegionState, service: Service, record: dict[str, Any]
) -> str | None:
    """Move production traffic one step towards green; why it could not, or None."""
    shift = record["_shift"]
    config = service.deployment_configuration
    kind = shift["strategy"]
    if kind == "LINEAR":
        linear = {**LINEAR_DEFAULTS, **((config.linear_configuration if config else None) or {})}
        weight = min(100.0, round(shift["weight"] + float(linear["stepPercent"]), 1))
        wait = float(linear["stepBakeTimeInMinutes"]) * 60.0
    elif kind == "CANARY" and shift["weight"] == 0.0:
        canary = {**CANARY_DEFAULTS, **((config.canary_configuration if config else None) or {})}
        weight = float(canary["canaryPercent"])
        wait = float(canary["canaryBakeTimeInMinutes"]) * 60.0
    else:
        weight, wait = 100.0, 0.0
    for pair in shift["pairs"]:
        failure = traffic_weights.forward_to(
            world, state, pair["production"], pair["blue"], pair["green"], weight
        )
        if failure is not None:
            return failure
    shift["weight"] = weight
    shift["waitUntil"] = world.now + wait if weight < 100.0 else None
    world.record(
        "service",
        f"(service {service.service_name}) production traffic {weight:g}% on green "
        f"(deployment {shift['green']})",
        cluster=service.cluster_name,
        service=service.service_name,
        details={"productionWeightToGreen": weight},
    )
    sample(world, state, service, record, mark=f"{weight:g}% to green")
    return None


def _live(state: RegionState, service: Service) -> list:
    return common.live(common.service_tasks(state, service))


def _work_done(
    world: World,
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    stage: str,
    facts: list[InstanceFacts],
) -> bool:
    shift = record["_shift"]
    if stage == "SCALE_UP":
        return _scale_up(world, state, service, record, facts)
    if stage == "PRODUCTION_TRAFFIC_SHIFT":
        if shift["weight"] >= 100.0:
            return True
        if shift["waitUntil"] is not None and world.now >= shift["waitUntil"]:
            failure = _shift_step(world, state, service, record)
            if failure is not None:
                shift_rollback.roll_back(world, state, service, record, failure)
                return False
        return shift["weight"] >= 100.0
    if stage == "BAKE_TIME":
        return world.now >= (shift["waitUntil"] or 0.0)
    if stage == "CLEAN_UP":
        return not [
            t for t in common.service_tasks(state, service) if t.started_by != shift["green"]
        ]
    return True


def _scale_up(
    world: World,
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    facts: list[InstanceFacts],
) -> bool:
    """Start green's tasks up to the desired count; done when all of them are healthy."""
    green = deployment_by_id(service, record["_shift"]["green"])
    if green is None:
        return False
    desired = service.desired_count or 0
    tasks = [t for t in _live(state, service) if t.started_by == green.id]
    wanted = desired - len(tasks)
    if wanted > 0 and green.rollout_state != "FAILED" and world.now >= service.throttle_until:
        common.launch(world, state, service, green, wanted, facts)
        return False
    healthy = [t for t in tasks if common.is_healthy(world, state, service, t)]
    return len(healthy) >= desired


def _succeeded(world: World, service: Service, record: dict[str, Any]) -> None:
    """Blue is gone: green is the production revision, the deployment SUCCESSFUL."""
    service.shifting = None
    deployments.complete(world, service)
    state = shift_rollback.state_of(world, service)
    sample(world, state, service, record, mark="SUCCESSFUL")
