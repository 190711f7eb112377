"""Deployment alarms (``deploymentConfiguration.alarms``; ECS's developer guide, "How CloudWatch
alarms detect Amazon ECS deployment failures"): while a deployment is under way, and through
its bake time, ECS watches the named CloudWatch alarms; one in ALARM fails the deployment and,
with ``rollback``, rolls the service back to its last completed deployment.

- ROLLING: the deployment does not complete when the new tasks run everything; it bakes first,
  IN_PROGRESS. AWS "computes this time period based on the alarm configuration"; ecslearn's
  choice: ``bakeTimeInMinutes`` when the service gives one, else the longest of the alarms'
  evaluation windows (Period x EvaluationPeriods), at least a minute.
- BLUE_GREEN, LINEAR, CANARY: watched from the first stage to the end of BAKE_TIME
  (`traffic_shift`).
- The service's first deployment (CreateService) is not watched: there is no earlier revision to
  roll back to, and AWS applies alarm-based rollback to updates.
- An alarm already in ALARM when the deployment starts is not held against it (the behaviour
  AWS Copilot's documentation describes for ECS); one that goes to ALARM later is.
- The service deployment's ``alarms`` block turns TRIGGERED with ``triggeredAlarmNames``, the
  deployment's rolloutState FAILED, and the service says "deployment failed: alarm detected."
  (AWS's wording, from ECS service events quoted in public post-mortems).

Alarm states are read from CloudWatch's records as its evaluation left them (never evaluated
here), so the engine never changes what CloudWatch publishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.model.cloudwatch import ALARM

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.model.service import Service

MIN_ROLLING_BAKE_SECONDS = 60.0


def watched(service: Service) -> list[str]:
    """The alarm names the service's deployments watch (none when alarms are not enabled)."""
    config = service.deployment_configuration
    alarms = (config.alarms if config else None) or {}
    return list(alarms.get("alarmNames") or []) if alarms.get("enable") else []


def rolls_back(service: Service) -> bool:
    config = service.deployment_configuration
    return bool(((config.alarms if config else None) or {}).get("rollback"))


def in_alarm(state: RegionState, names: list[str]) -> list[str]:
    alarms = state.cloudwatch.alarms
    return [n for n in names if n in alarms and alarms[n].state == ALARM]


def remember_start(state: RegionState, service: Service, record: dict[str, Any]) -> None:
    """Note the alarms already in ALARM as the deployment starts (they are not held against it)."""
    record["_alarmsAtStart"] = in_alarm(state, watched(service))


def triggered(state: RegionState, service: Service, record: dict[str, Any]) -> list[str]:
    """The watched alarms in ALARM now that were not already when the deployment started; an
    alarm that was, but has left ALARM since, counts again from then on."""
    names = watched(service)
    if not names:
        return []
    earlier = record.get("_alarmsAtStart") or []
    now = in_alarm(state, names)
    record["_alarmsAtStart"] = [n for n in earlier if n in now]
    return [n for n in now if n not in record["_alarmsAtStart"]]


def mark_triggered(record: dict[str, Any], names: list[str]) -> None:
    record["alarms"] = {
        **record.get("alarms", {}),
        "status": "TRIGGERED",
        "triggeredAlarmNames": list(names),
    }


def rolling_bake_seconds(state: RegionState, service: Service) -> float:
    config = service.deployment_configuration
    if config is not None and config.bake_time_in_minutes is not None:
        return config.bake_time_in_minutes * 60.0
    windows = [
        float(alarm.period) * int(alarm.config.get("EvaluationPeriods") or 1)
        for name in watched(service)
        if (alarm := state.cloudwatch.alarms.get(name)) is not None
    ]
    return max([MIN_ROLLING_BAKE_SECONDS, *windows])


def failed_event(name: str, deployment_id: str) -> str:
    return f"(service {name}) (deployment {deployment_id}) deployment failed: alarm detected."
