"""CloudWatch's minute (queued by `ecslearn.control.metrics_clock`): publish the minute's AWS
metrics, evaluate every alarm, run the actions they call for; then queue the next minute while
the region has live services, targets or alarms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.metrics_clock import MINUTE
from ecslearn.control.queue import action_handler
from ecslearn.services.cloudwatch.alarm_actions import (
    Invocation,
    change_state,
    due_actions,
    run_actions,
)
from ecslearn.services.cloudwatch.aws_metrics import publish
from ecslearn.services.cloudwatch.evaluation import evaluate

if TYPE_CHECKING:
    from ecslearn.control.world import World


@action_handler("cloudwatch.minute")
def _minute(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"])
    now = world.clock.timestamp
    live = publish(world, state, now)
    invocations: list[Invocation] = []
    for alarm in list(state.cloudwatch.alarms.values()):
        verdict = evaluate(alarm, state.cloudwatch, now)
        changed = verdict is not None and change_state(world, state, alarm, verdict, now)
        invocations += due_actions(alarm, changed)
    if invocations:
        run_actions(world, state, invocations, now)
    if live or state.cloudwatch.alarms or state.cloudwatch.traffic:
        world.queue.push(world.now + MINUTE, "cloudwatch.minute", region=state.region)
    else:
        state.cloudwatch.ticking = False
