"""What a picture of a blue/green, linear or canary deployment needs, as plain data: blue's and
green's running tasks and the share of production traffic on green over virtual time, with the
moments that matter marked (each lifecycle stage entered, each traffic shift, each hook that
answered, the outcome). No I/O and no drawing: views read these samples.

The samples are recorded by the rollout as it goes (`shift_rollback.sample`), one each time a
shown quantity changes, so the track of a finished deployment is its whole history and saves
with the simulation. A ROLLING deployment has no track (an empty list).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.control.state import RegionState


@dataclass(frozen=True)
class TrackSample:
    """One moment of a deployment: simulated seconds since the world began, the lifecycle stage,
    running tasks of blue and of green, the percentage of production and of test traffic on
    green, the service deployment's status, and what happened then (None: a count changed)."""

    time: float
    stage: str | None
    blue_running: int
    green_running: int
    production_weight_to_green: float
    test_weight_to_green: float
    status: str
    mark: str | None = None


def deployment_track(state: RegionState, service_deployment_arn: str) -> list[TrackSample]:
    """The samples of one service deployment, oldest first ([] for an unknown ARN or a
    deployment that shifted no traffic)."""
    record = state.service_deployments.get(service_deployment_arn) or {}
    return [
        TrackSample(
            time=point["time"],
            stage=point["stage"],
            blue_running=point["blue"],
            green_running=point["green"],
            production_weight_to_green=point["weight"],
            test_weight_to_green=point["test"],
            status=point["status"],
            mark=point["mark"],
        )
        for point in record.get("_track") or []
    ]


def marks(track: list[TrackSample]) -> list[tuple[float, str]]:
    """(time, mark) of the marked samples: where a picture draws its vertical lines."""
    return [(s.time, s.mark) for s in track if s.mark is not None]
