"""`sim.lifecycle_hooks`: what answers an ECS deployment's AWS_LAMBDA lifecycle hooks, in place
of the Lambda functions ecslearn does not run (`ecslearn.control.services.deployment_hooks`
says how ECS invokes them and what an answer may be).

    sim.lifecycle_hooks.register(arn, "SUCCEEDED")                 # always succeeds
    sim.lifecycle_hooks.register(arn, ["IN_PROGRESS", "FAILED"])   # asked again, then fails
    sim.lifecycle_hooks.register(arn, lambda payload: "SUCCEEDED")  # a Python function

A scripted answer is saved with the simulation; a function is not (register it again after
``Simulation.load``). A hook whose ARN nothing answers fails, as an invocation of a missing
function does.
"""

from __future__ import annotations

from ecslearn.control.arns import parse_arn
from ecslearn.control.services import deployment_hooks
from ecslearn.control.state import RegionState
from ecslearn.control.world import World


class LifecycleHookAnswers:
    """The registry behind `sim.lifecycle_hooks` (one per simulation)."""

    def __init__(self, world: World) -> None:
        self._world = world

    def _state(self, arn: str) -> RegionState:
        region = (parse_arn(arn) or {}).get("region") or self._world.region
        return self._world.region_state(region)

    def register(self, arn: str, answer: deployment_hooks.Answer) -> None:
        """Answer the Lambda hook `arn` with a status, a list of statuses answered in turn (the
        last repeats), or a function given ECS's payload (returning a status or a dict with
        ``hookStatus`` and, optionally, ``callBackDelay``)."""
        deployment_hooks.register(self._world, self._state(arn), arn, answer)

    def unregister(self, arn: str) -> None:
        deployment_hooks.unregister(self._world, self._state(arn), arn)


class HookHandles:
    """`lifecycle_hooks` (mixed into `Simulation`)."""

    world: World

    @property
    def lifecycle_hooks(self) -> LifecycleHookAnswers:
        return LifecycleHookAnswers(self.world)
