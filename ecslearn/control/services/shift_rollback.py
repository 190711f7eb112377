"""Rolling a blue/green, linear or canary deployment back, and what the rollout records as it
goes (`traffic_shift` runs the stages).

A rollback returns every production and test listener rule to blue (weights 100 and 0), makes
blue the PRIMARY deployment again (its tasks never stopped), marks green FAILED and stops its
tasks. The service deployment is ROLLBACK_IN_PROGRESS with its ``rollback`` (reason, start, the
revision rolled back to) until green's last task has stopped, then ROLLBACK_SUCCESSFUL. A rule
ECS can no longer change while rolling back (deleted meanwhile) is said on the timeline and
skipped: nothing in the clock fails for it.

The rollout's samples (`sample`) are plain data in the service deployment's bookkeeping, read by
`deployment_track`: blue's and green's running tasks and the production weight on green, each
time one changes, with marks for stages, shifts, hooks and the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import parse_arn
from ecslearn.control.load_balancing import traffic_weights
from ecslearn.control.services import common, deployment_alarms, events, service_history
from ecslearn.control.state import RegionState
from ecslearn.model.service import Deployment, Service

if TYPE_CHECKING:
    from ecslearn.control.world import World

ROLLED_BACK_REASON = "Service deployment rolled back"


def state_of(world: World, service: Service) -> RegionState:
    return world.region_state((parse_arn(service.service_arn or "") or {})["region"])


def deployment_by_id(service: Service, deployment_id: str | None) -> Deployment | None:
    return next((d for d in service.deployments or [] if d.id == deployment_id), None)


def sample(
    world: World,
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    mark: str | None = None,
) -> None:
    """Add a sample to the rollout's track when something a picture shows changed (or a mark)."""
    shift = record.get("_shift")
    if shift is None:
        return
    counts = state.index.counts(service.service_arn or "")
    point = {
        "time": world.now,
        "stage": record.get("lifecycleStage"),
        "blue": counts.get(shift["blue"], (0, 0))[0],
        "green": counts.get(shift["green"], (0, 0))[0],
        "weight": shift["weight"],
        "test": 100.0 if shift["testShifted"] else 0.0,
        "status": record["status"],
        "mark": mark,
    }
    track = record.setdefault("_track", [])
    keys = ("stage", "blue", "green", "weight", "test", "status")
    if mark is None and track and all(track[-1][k] == point[k] for k in keys):
        return
    track.append(point)


def hook_payload(
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    detail: dict[str, Any],
    hooks: list[dict[str, Any]],
) -> dict[str, Any]:
    """What ECS passes a Lambda hook: the stage, the service deployment, and the traffic weights
    of each revision (the developer guide's "Lifecycle payloads")."""
    shift = record["_shift"]
    blue = _revision(service, shift["blue"])
    green = _revision(service, shift["green"])
    weight = shift["weight"]
    test = 100.0 if shift["testShifted"] else 0.0
    hook = hooks[detail["_index"]] if detail["_index"] < len(hooks) else {}
    return {
        "executionDetails": {
            "serviceArn": service.service_arn,
            "targetServiceRevisionArn": green,
            "testTrafficWeights": {blue: 100.0 - test, green: test},
            "productionTrafficWeights": {blue: 100.0 - weight, green: weight},
        },
        "executionId": detail["hookId"],
        "lifecycleStage": record.get("lifecycleStage"),
        "resourceArn": record["serviceDeploymentArn"],
        "hookDetails": hook.get("hookDetails"),
    }


def _revision(service: Service, deployment_id: str) -> str:
    deployment = deployment_by_id(service, deployment_id)
    return (deployment.service_revision_arn if deployment else None) or deployment_id


def _traffic_back(world: World, state: RegionState, service: Service, shift: dict) -> None:
    for pair in shift["pairs"]:
        rules = [pair["production"]] + ([pair["test"]] if pair["test"] else [])
        for arn in rules:
            said = traffic_weights.forward_to(world, state, arn, pair["blue"], pair["green"], 0.0)
            if said is not None:
                world.record(
                    "service",
                    f"(service {service.service_name}) rollback left {arn} as it is: {said}",
                    cluster=service.cluster_name,
                    service=service.service_name,
                )
    shift["weight"], shift["testShifted"] = 0.0, False


def roll_back(
    world: World, state: RegionState, service: Service, record: dict[str, Any], reason: str
) -> None:
    """Return traffic to blue and stop green (see the module)."""
    shift = record["_shift"]
    name = service.service_name or ""
    green = deployment_by_id(service, shift["green"])
    blue = deployment_by_id(service, shift["blue"])
    now = world.clock.timestamp
    if green is not None and green.rollout_state != "FAILED":
        green.rollout_state = "FAILED"
        green.rollout_state_reason = f"ECS deployment {green.id} failed: {reason}"
        green.updated_at = now
    if blue is None:  # nothing to return to: the deployment stops where it is
        service_history.stopped(record, f"Service deployment failed: {reason}", now)
        service.shifting = None
        sample(world, state, service, record, mark="STOPPED")
        return
    _traffic_back(world, state, service, shift)
    green_id = green.id if green is not None else shift["green"]
    blue.status, blue.updated_at = "PRIMARY", now
    if green is not None:
        green.status = "ACTIVE"
    service.deployments = [blue, *[d for d in service.deployments or [] if d is not blue]]
    service.task_definition = blue.task_definition
    service.steady = False
    tasks = [
        t for t in common.live(common.service_tasks(state, service)) if t.started_by == green_id
    ]
    events.add_event(world, None, service, events.rolling_back(name, blue.id or ""))
    common.stop(world, state, service, tasks, ROLLED_BACK_REASON)
    record.update(status="ROLLBACK_IN_PROGRESS", statusReason=reason, updatedAt=now)
    record["rollback"] = {
        "reason": reason,
        "startedAt": now,
        "serviceRevisionArn": blue.service_revision_arn,
    }
    sample(world, state, service, record, mark="ROLLBACK")
    settle(world, state, service, record)


def settle(world: World, state: RegionState, service: Service, record: dict[str, Any]) -> None:
    """A rollback is over once green's last task has stopped."""
    green = record["_shift"]["green"]
    if any(t.started_by == green for t in common.service_tasks(state, service)):
        sample(world, state, service, record)
        return
    service_history.rolled_back(record, world.clock.timestamp)
    service.shifting = None
    sample(world, state, service, record, mark="ROLLBACK_SUCCESSFUL")


def alarm_failed(
    world: World, state: RegionState, service: Service, record: dict[str, Any], alarms: list[str]
) -> None:
    """A watched alarm went to ALARM: the deployment failed, and rolls back."""
    deployment_alarms.mark_triggered(record, alarms)
    green = record["_shift"]["green"]
    events.add_event(
        world, None, service, deployment_alarms.failed_event(service.service_name or "", green)
    )
    roll_back(world, state, service, record, f"CloudWatch alarm(s) in ALARM: {', '.join(alarms)}.")


def abandon(world: World, state: RegionState, service: Service) -> None:
    """A newer deployment replaces a rollout under way: traffic back to blue, green stopped (the
    newer deployment starts from blue)."""
    record = state.service_deployments.get(service.shifting or "")
    service.shifting = None
    if record is None or "_shift" not in record:
        return
    shift = record["_shift"]
    _traffic_back(world, state, service, shift)
    blue = deployment_by_id(service, shift["blue"])
    green = deployment_by_id(service, shift["green"])
    if blue is not None and green is not None and record["status"] != "ROLLBACK_IN_PROGRESS":
        green.rollout_state = "FAILED"
        green.rollout_state_reason = f"ECS deployment {green.id} replaced by a newer deployment."
    tasks = [
        t
        for t in common.live(common.service_tasks(state, service))
        if t.started_by == shift["green"]
    ]
    common.stop(world, state, service, tasks, "Service deployment replaced by a newer deployment")
    sample(world, state, service, record, mark="STOPPED")
