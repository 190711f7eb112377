"""Lifecycle hooks of a blue/green, linear or canary deployment (ECS's developer guide,
"Lifecycle hooks for Amazon ECS service deployments", "Lambda hooks ...", "Pause hooks ...").

At a stage that has hooks, ECS runs them once the stage's own work is done, and moves on only
when every one of them has succeeded:

- an ``AWS_LAMBDA`` hook invokes its function with the stage's payload; the function answers a
  ``hookStatus``: SUCCEEDED (go on), FAILED (roll back) or IN_PROGRESS (ECS invokes it again
  after 30 seconds, or the ``callBackDelay`` it returned). There is no Lambda in ecslearn: the
  answer comes from what the simulation registered under the function's ARN
  (``sim.lifecycle_hooks.register(arn, answer)``): a Python callable given the payload, which
  returns a status string or a dict like a Lambda's (``{"hookStatus": ..., "callBackDelay":
  ...}``), or a list of statuses answered in turn (the last one repeats). A scripted list is
  saved with the simulation; a callable is not (register it again after ``Simulation.load``).
  A callable that raises, an answer that is not a valid hookStatus, or an ARN nothing was
  registered under is a failed invocation, and "if it fails, Amazon ECS rolls back the
  deployment" (ecslearn's choice for an unregistered ARN: the invocation error a missing
  function gives on AWS).
- a ``PAUSE`` hook waits, AWAITING_ACTION, for ContinueServiceDeployment (CONTINUE or ROLLBACK).
- either times out at ``timeoutConfiguration.timeoutInMinutes`` (1440 by default) and then
  takes its ``action`` (ROLLBACK by default): TIMED_OUT.

The hooks under way are the service deployment's ``lifecycleHookDetails`` (hookId, targetType,
targetArn, status, expiresAt, timeoutAction), with ecslearn's bookkeeping beside them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecslearn.control.arns import parse_arn

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

DEFAULT_CALLBACK_SECONDS = 30.0
DEFAULT_TIMEOUT_MINUTES = 1440
HOOK_STATUSES = ("SUCCEEDED", "FAILED", "IN_PROGRESS")
_CALLABLES = "lifecycle_hook_callables"

Answer = Callable[[dict[str, Any]], Any] | list[str] | str


def register(world: World, state: RegionState, arn: str, answer: Answer) -> None:
    """Answer the Lambda hook `arn` with `answer` (a callable, a list of statuses, or one)."""
    callables: dict[str, Callable] = world.derived.setdefault(_CALLABLES, {})
    if callable(answer):
        callables[arn] = answer
        state.lifecycle_hook_answers.pop(arn, None)
        return
    statuses = [answer] if isinstance(answer, str) else list(answer)
    for status in statuses:
        if status not in HOOK_STATUSES:
            raise ValueError(f"A hook answers one of {', '.join(HOOK_STATUSES)}, not {status!r}.")
    if not statuses:
        raise ValueError("Give at least one answer.")
    callables.pop(arn, None)
    state.lifecycle_hook_answers[arn] = statuses


def unregister(world: World, state: RegionState, arn: str) -> None:
    world.derived.get(_CALLABLES, {}).pop(arn, None)
    state.lifecycle_hook_answers.pop(arn, None)


def _hook_id(record: dict[str, Any], stage: str, index: int) -> str:
    seed = f"{record['serviceDeploymentArn']}/{stage}/{index}/{len(record.get('_hooksRun', []))}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def start(world: World, record: dict[str, Any], hooks: list[dict[str, Any]], stage: str) -> None:
    """Put the hooks of `stage` under way (in the record's lifecycleHookDetails, in place of
    the previous stage's, which stay in view until then)."""
    details = []
    for index, hook in enumerate(hooks):
        if stage not in (hook.get("lifecycleStages") or []):
            continue
        kind = hook.get("targetType") or "AWS_LAMBDA"
        timeout = hook.get("timeoutConfiguration") or {}
        minutes = timeout.get("timeoutInMinutes") or DEFAULT_TIMEOUT_MINUTES
        detail: dict[str, Any] = {
            "hookId": _hook_id(record, stage, index),
            "targetType": kind,
            "status": "AWAITING_ACTION" if kind == "PAUSE" else "IN_PROGRESS",
            "expiresAt": world.clock.timestamp + minutes * 60,
            "timeoutAction": timeout.get("action") or "ROLLBACK",
            "_nextAt": world.now,
            "_invocations": 0,
            "_index": index,
            "_deadline": world.now + minutes * 60,
        }
        if kind == "AWS_LAMBDA":
            detail["targetArn"] = hook.get("hookTargetArn")
        details.append(detail)
    if details:  # a stage without hooks leaves the last hooks' outcome in view
        record["lifecycleHookDetails"] = details
    record.setdefault("_hooksRun", []).append(stage)


def _answer(world: World, state: RegionState, arn: str, payload: dict, calls: int) -> Any:
    function = world.derived.get(_CALLABLES, {}).get(arn)
    if function is not None:
        return function(payload)
    scripted = _home(world, state, arn).lifecycle_hook_answers.get(arn)
    if scripted is None:
        return None
    return scripted[min(calls, len(scripted) - 1)]


def _home(world: World, state: RegionState, arn: str) -> RegionState:
    """The region whose registry answers `arn` (the function's own region)."""
    region = (parse_arn(arn) or {}).get("region")
    return world.region_state(region) if region else state


def invoke(
    world: World, state: RegionState, detail: dict[str, Any], payload: dict[str, Any]
) -> tuple[str, str]:
    """Invoke one Lambda hook: (its status now, what happened in words)."""
    arn = detail.get("targetArn") or ""
    calls = detail["_invocations"]
    detail["_invocations"] = calls + 1
    try:
        raw = _answer(world, state, arn, payload, calls)
    except Exception as error:  # the learner's function failed: a failed invocation
        return "FAILED", f"the function raised {type(error).__name__}: {error}"
    if raw is None and arn not in _home(world, state, arn).lifecycle_hook_answers:
        return "FAILED", f"no function answers {arn} (register one with sim.lifecycle_hooks)"
    delay = DEFAULT_CALLBACK_SECONDS
    if isinstance(raw, dict):
        try:
            delay = float(raw.get("callBackDelay") or DEFAULT_CALLBACK_SECONDS)
        except (TypeError, ValueError):
            return "FAILED", f"the function returned callBackDelay {raw.get('callBackDelay')!r}"
        raw = raw.get("hookStatus")
    if raw not in HOOK_STATUSES:
        return "FAILED", f"the function returned no valid hookStatus ({raw!r})"
    if raw == "IN_PROGRESS":
        detail["_nextAt"] = world.now + max(1.0, delay)
    return raw, f"the function answered {raw}"


def shown(detail: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in detail.items() if not k.startswith("_")}
