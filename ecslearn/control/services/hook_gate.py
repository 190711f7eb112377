"""The gate at the end of each stage of a blue/green, linear or canary rollout: the stage's
lifecycle hooks (`deployment_hooks`) must all have succeeded before the rollout moves on. Lambda
hooks are invoked when due, PAUSE hooks wait for ContinueServiceDeployment, and a hook past its
timeout takes its timeout action; each answer is said on the timeline and marked on the
rollout's track."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.services import deployment_hooks, shift_rollback
from ecslearn.control.services.shift_rollback import sample
from ecslearn.control.state import RegionState
from ecslearn.model.service import Service

if TYPE_CHECKING:
    from ecslearn.control.world import World


def verdict(
    world: World,
    state: RegionState,
    service: Service,
    record: dict[str, Any],
    stage: str,
    hooks: list[dict[str, Any]],
) -> str:
    """GO when every hook of the stage succeeded, WAIT while one is under way, or why the
    deployment must roll back."""
    answer = "GO"
    for detail in record.get("lifecycleHookDetails") or []:
        status = detail["status"]
        if status in ("AWAITING_ACTION", "IN_PROGRESS") and world.now >= detail["_deadline"]:
            detail["status"] = status = "TIMED_OUT"
            _said(world, service, detail, stage, "timed out")
            sample(world, state, service, record, mark=f"hook {stage} TIMED_OUT")
            if detail["timeoutAction"] == "ROLLBACK":
                return f"The lifecycle hook {detail['hookId']} timed out at {stage}."
        if status == "IN_PROGRESS" and world.now >= detail["_nextAt"]:
            payload = shift_rollback.hook_payload(state, service, record, detail, hooks)
            status, said = deployment_hooks.invoke(world, state, detail, payload)
            detail["status"] = status
            _said(world, service, detail, stage, said)
            if status != "IN_PROGRESS":
                sample(world, state, service, record, mark=f"hook {stage} {status}")
            if status == "FAILED":
                return f"The lifecycle hook {detail['hookId']} failed at {stage}: {said}."
        if status == "FAILED":
            return f"The lifecycle hook {detail['hookId']} failed at {stage}."
        if status in ("AWAITING_ACTION", "IN_PROGRESS"):
            answer = "WAIT"
    return answer


def _said(world: World, service: Service, detail: dict[str, Any], stage: str, said: str) -> None:
    target = detail.get("targetArn") or "PAUSE"
    world.record(
        "service",
        f"(service {service.service_name}) lifecycle hook {target} at {stage}: {said}",
        cluster=service.cluster_name,
        service=service.service_name,
        details={"hookId": detail["hookId"], "status": detail["status"]},
    )
