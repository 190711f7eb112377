"""Scaling activities: one per launch or termination, in AWS's words, and
DescribeScalingActivities.

The sentences are AWS's, as ``aws autoscaling describe-scaling-activities`` prints them
(https://gist.github.com/watchamcb/fc686c70e8c2660ee7ef and the user guide's "Verify a scaling
activity" examples)::

    Description: Launching a new EC2 instance: i-751c4edf
    Cause: At 2015-06-16T14:59:31Z an instance was started in response to a difference
           between desired and actual capacity, increasing the capacity from 2 to 3.

    Description: Terminating EC2 instance: i-74194bde
    Cause: At 2015-06-16T14:59:01Z an instance was taken out of service in response to a EC2
           health check indicating it has been terminated or stopped.

A user request that changed the desired capacity leads the Cause ("At ... a user request
explicitly set group desired capacity changing the desired capacity from 1 to 2. At ... an
instance was started ..."). A launch is InProgress until its instance is InService, a
termination until EC2 says terminated; then Successful, Progress 100. A launch EC2 refused is
Failed with EC2's message. ecslearn keeps the newest `MAX_ACTIVITIES` of a region.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ecslearn.model.autoscaling import AutoScalingGroup, AutoScalingState, ScalingActivity
from ecslearn.services.autoscaling.common import asg_state, iso, page
from ecslearn.services.handlers import RequestContext, operation

if TYPE_CHECKING:
    from ecslearn.control.world import World

MAX_ACTIVITIES = 1000


def start(
    world: World,
    state: AutoScalingState,
    group: AutoScalingGroup,
    description: str,
    cause: str,
    **details: str,
) -> ScalingActivity:
    """A new activity of `group`, in progress."""
    activity = ScalingActivity(
        activity_id=str(uuid.UUID(int=world.rng.getrandbits(128), version=4)),
        group_name=group.name,
        group_arn=group.arn,
        description=description,
        cause=cause,
        start_time=world.clock.timestamp,
        details=dict(details),
    )
    state.activities.append(activity)
    del state.activities[:-MAX_ACTIVITIES]
    return activity


def find(state: AutoScalingState, activity_id: str | None) -> ScalingActivity | None:
    if activity_id is None:
        return None
    return next((a for a in reversed(state.activities) if a.activity_id == activity_id), None)


def finish(
    world: World,
    state: AutoScalingState,
    group: AutoScalingGroup,
    activity_id: str | None,
    *,
    failed: str | None = None,
) -> None:
    """The activity is over: Successful, or Failed with `failed` as its StatusMessage."""
    activity = find(state, activity_id)
    if activity is None or activity.end_time is not None:
        return
    activity.end_time = world.clock.timestamp
    activity.progress = 100
    activity.status_code = "Failed" if failed else "Successful"
    activity.status_message = failed
    group.last_activity_end = activity.end_time


def in_progress(state: AutoScalingState, group_name: str) -> ScalingActivity | None:
    """The group's oldest activity still in progress, if any."""
    return next(
        (a for a in state.activities if a.group_name == group_name and a.end_time is None), None
    )


def cause(world: World, group: AutoScalingGroup, sentence: str) -> str:
    """`sentence` ("an instance was started ...") stamped now, after the user request that led
    to it, if any."""
    said = f"At {iso(world.clock.timestamp)} {sentence}"
    return f"{group.cause} {said}" if group.cause else said


def activity_json(activity: ScalingActivity) -> dict[str, Any]:
    details = ", ".join(f'"{k}":"{v}"' for k, v in activity.details.items())
    data: dict[str, Any] = {
        "ActivityId": activity.activity_id,
        "AutoScalingGroupName": activity.group_name,
        "AutoScalingGroupARN": activity.group_arn,
        "Description": activity.description,
        "Cause": activity.cause,
        "StartTime": activity.start_time,
        "StatusCode": activity.status_code,
        "Progress": activity.progress,
        "Details": "{" + details + "}",
    }
    if activity.end_time is not None:
        data["EndTime"] = activity.end_time
    if activity.status_message:
        data["StatusMessage"] = activity.status_message
    return data


@operation("DescribeScalingActivities", service="autoscaling")
def describe_scaling_activities(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Newest first. A group's activities are kept after it is deleted, and shown for it only
    with IncludeDeletedGroups (as AWS does)."""
    state = asg_state(ctx)
    wanted_ids = set(request.get("ActivityIds") or [])
    name = request.get("AutoScalingGroupName")
    live = set(state.groups)
    chosen = [
        a
        for a in reversed(state.activities)
        if (not wanted_ids or a.activity_id in wanted_ids)
        and (name is None or a.group_name == name)
        and (request.get("IncludeDeletedGroups") or a.group_name in live)
    ]
    shown, token = page(chosen, request, default=100, high=100)
    answer: dict[str, Any] = {"Activities": [activity_json(a) for a in shown]}
    if token:
        answer["NextToken"] = token
    return answer
