"""An alarm's state changes, their history, and the actions they run.

CloudWatch runs an alarm's actions for the state it enters, and only when it changes state;
except Auto Scaling actions, which it runs again every minute the alarm stays in the state
(CloudWatch's documentation of alarm actions: "the alarm continues to invoke the action once per
minute"). Actions run only while ActionsEnabled is true. Services that take an alarm action
register a receiver for their ARNs (`alarm_action`), as Application Auto Scaling does for its
scaling policies; the receiver gets every invocation of one minute at once, so it can weigh one
resource's policies together. An action nobody receives (an SNS topic: ecslearn does not
simulate SNS) is recorded as failed, with the reason, in the alarm's history.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecslearn.model.cloudwatch import ALARM, MetricAlarm
from ecslearn.services.cloudwatch.evaluation import Verdict

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

#: One invocation: the alarm and the action ARN it runs.
Invocation = tuple[MetricAlarm, str]
#: A receiver answers each invocation with None (done) or why it failed.
Receiver = Callable[["World", "RegionState", list[Invocation]], list["str | None"]]
RECEIVERS: dict[str, Receiver] = {}
REPEATING_PREFIXES = ("arn:aws:autoscaling:",)


def alarm_action(prefix: str) -> Callable[[Receiver], Receiver]:
    """Register `fn(world, state, invocations)` for the action ARNs that start with `prefix`."""

    def register(fn: Receiver) -> Receiver:
        RECEIVERS[prefix] = fn
        return fn

    return register


def history_item(
    alarm: MetricAlarm, kind: str, summary: str, data: dict[str, Any], now: float
) -> dict[str, Any]:
    return {
        "AlarmName": alarm.name,
        "AlarmType": "MetricAlarm",
        "Timestamp": now,
        "HistoryItemType": kind,
        "HistorySummary": summary,
        "HistoryData": json.dumps(data, separators=(",", ":")),
    }


def change_state(
    world: World, state: RegionState, alarm: MetricAlarm, verdict: Verdict, now: float
) -> bool:
    """Put the alarm in the verdict's state; a history item and a timeline event when the state
    changes. Whether it changed."""
    alarm.latest = verdict.latest
    if verdict.state == alarm.state:
        return False
    old_state, old_reason = alarm.state, alarm.reason
    alarm.state, alarm.reason, alarm.reason_data = (
        verdict.state,
        verdict.reason,
        verdict.reason_data,
    )
    alarm.state_updated = alarm.state_transitioned = now
    data = {
        "version": "1.0",
        "oldState": {"stateValue": old_state, "stateReason": old_reason},
        "newState": {
            "stateValue": verdict.state,
            "stateReason": verdict.reason,
            "stateReasonData": verdict.reason_data,
        },
    }
    summary = f"Alarm updated from {old_state} to {verdict.state}"
    state.cloudwatch.remember(history_item(alarm, "StateUpdate", summary, data, now))
    world.record(
        "cloudwatch",
        f"CloudWatch alarm {alarm.name} went from {old_state} to {verdict.state}: {verdict.reason}",
        details={"alarm": alarm.name, "from": old_state, "to": verdict.state},
    )
    return True


def due_actions(alarm: MetricAlarm, changed: bool) -> list[Invocation]:
    """The actions the alarm runs this minute: all of its state's when it just changed to it,
    else only its Auto Scaling ones (which repeat every minute it stays there)."""
    if not alarm.actions_enabled:
        return []
    actions = alarm.actions_for(alarm.state)
    if not changed:
        actions = [a for a in actions if a.startswith(REPEATING_PREFIXES)]
    return [(alarm, arn) for arn in actions]


def run_actions(
    world: World, state: RegionState, invocations: list[Invocation], now: float
) -> None:
    """Hand every invocation to its receiver (all of one receiver's at once) and record the
    outcome in each alarm's history (a repeated Auto Scaling action only when it fails)."""
    by_receiver: dict[str, list[Invocation]] = {}
    for invocation in invocations:
        prefix = next((p for p in RECEIVERS if invocation[1].startswith(p)), "")
        by_receiver.setdefault(prefix, []).append(invocation)
    for prefix, batch in by_receiver.items():
        receiver = RECEIVERS.get(prefix)
        if receiver is None:
            outcomes: list[str | None] = [
                "ecslearn does not simulate the service this action notifies" for _ in batch
            ]
        else:
            outcomes = receiver(world, state, batch)
        for (alarm, arn), failure in zip(batch, outcomes, strict=True):
            if alarm.state_updated == now or failure:  # repeats of a success are not recorded
                _record_action(state, alarm, arn, failure, now)
            if failure and alarm.state_updated == now:
                world.record(
                    "cloudwatch",
                    f"CloudWatch alarm {alarm.name} could not run its action {arn}: {failure}",
                    details={"alarm": alarm.name, "action": arn},
                )


def _record_action(
    state: RegionState, alarm: MetricAlarm, arn: str, failure: str | None, now: float
) -> None:
    data: dict[str, Any] = {
        "actionState": "Failed" if failure else "Succeeded",
        "stateUpdateTimestamp": int(alarm.state_updated * 1000),
        "notificationResource": arn,
    }
    if failure:
        data["error"] = failure
        summary = f'Failed to execute action {arn}. Received error: "{failure}"'
    else:
        summary = f"Successfully executed action {arn}"
    state.cloudwatch.remember(history_item(alarm, "Action", summary, data, now))


def in_alarm(state: RegionState, name: str) -> bool:
    """Whether the region's alarm `name` is in ALARM (for receivers weighing several alarms)."""
    alarm = state.cloudwatch.alarms.get(name)
    return alarm is not None and alarm.state == ALARM
