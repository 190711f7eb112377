"""EC2 instance states on the virtual clock: pending -> running, stopping -> stopped,
shutting-down -> terminated, and what each change means for ECS.

The waits are the world's timings (`AgentTimings.boot_seconds`, ``instance_stop_seconds``,
``shutdown_seconds``), each with the seeded jitter; AWS documents none of them, so they are
ecslearn's choice (an instance is running some 20 s after RunInstances).

What ECS sees:

- **terminate** (shutting-down): the instance's tasks stop at once with ECS's reason "Host EC2
  (instance i-...) terminated." and its container instance goes INACTIVE: exactly what
  ``sim.terminate_instance`` always did (`ecslearn.control.faults.instance_gone`).
- **stop** (stopping): the tasks stop the same way ("... stopped."), and the agent disconnects;
  the container instance stays registered (ACTIVE, agentConnected false), so ECS places nothing
  there. On StartInstances the instance boots again and its agent reconnects as the same
  container instance, with no tasks. This is what a stop teaches: the registration survives,
  the tasks do not.

Every change is on the timeline (kind ``instance``) unless the instances were launched quietly
by ``sim.launch_instances``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ecslearn.control import faults
from ecslearn.control.queue import action_handler
from ecslearn.model.ec2 import Ec2Instance
from ecslearn.services.ec2 import ecs_agent

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: The state each transitional state settles into when its wait is over.
SETTLES = {"pending": "running", "stopping": "stopped", "shutting-down": "terminated"}
USER_SHUTDOWN = {
    "Code": "Client.UserInitiatedShutdown",
    "Message": "Client.UserInitiatedShutdown: User initiated shutdown",
}


def set_state(
    world: World, region: str, instance: Ec2Instance, new: str, *, quiet: bool = False
) -> None:
    instance.state = new
    instance.changed_at = world.clock.timestamp
    if not quiet:
        world.record(
            "instance",
            f"EC2 instance {instance.instance_id} is {new}",
            details={"ec2_instance": instance.instance_id, "state": new, "region": region},
        )


def _after(world: World, region: str, instance: Ec2Instance, seconds: float) -> None:
    """Schedule the end of the instance's current transitional state."""
    world.queue.push(
        world.now + world.jittered(seconds),
        "ec2.state",
        region=region,
        instance=instance.instance_id,
        state=instance.state,
        since=instance.changed_at,
    )


@action_handler("ec2.state")
def _settle(world: World, args: dict[str, Any]) -> None:
    ec2 = world.region_state(args["region"]).ec2
    instance = ec2.instances.get(args["instance"])
    if instance is None or instance.state != args["state"] or instance.changed_at != args["since"]:
        return  # stale: the instance moved on in between
    set_state(world, args["region"], instance, SETTLES[instance.state])
    if instance.state == "terminated":
        ec2.release_address(instance)
    if instance.state == "running":
        ecs_agent.start(world, args["region"], instance)


def boot(world: World, region: str, instance: Ec2Instance) -> None:
    """A pending instance becomes running after the boot wait (then its agent starts)."""
    _after(world, region, instance, world.timings.boot_seconds)


def stamp(world: World) -> str:
    """EC2's time in a StateTransitionReason: ``2025-01-06 12:00:00 GMT``."""
    when = dt.datetime.fromtimestamp(world.clock.timestamp, dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M:%S GMT")


def _container_instance(world: World, region: str, instance: Ec2Instance) -> Any:
    state = world.region_state(region)
    registered = state.instances.get(instance.container_instance_arn or "")
    if registered is None or registered.status == "INACTIVE":
        return None
    return registered


def terminate(world: World, region: str, instance: Ec2Instance) -> None:
    """TerminateInstances for one instance (already shutting down or terminated: nothing)."""
    if instance.state in ("shutting-down", "terminated"):
        return
    registered = _container_instance(world, region, instance)
    if registered is not None:
        faults.instance_gone(
            world,
            world.region_state(region),
            registered,
            f"Host EC2 (instance {instance.instance_id}) terminated.",
        )
    instance.agent = "none"
    instance.transition_reason = f"User initiated ({stamp(world)})"
    instance.state_reason = dict(USER_SHUTDOWN)
    set_state(world, region, instance, "shutting-down")
    _after(world, region, instance, world.timings.shutdown_seconds)


def stop(world: World, region: str, instance: Ec2Instance) -> None:
    """StopInstances for one running instance."""
    registered = _container_instance(world, region, instance)
    if registered is not None:
        state = world.region_state(region)
        faults.stop_tasks_on(
            world, state, registered, f"Host EC2 (instance {instance.instance_id}) stopped."
        )
        faults.agent_connection(world, state, registered, False)
    instance.agent = "disconnected" if registered is not None else "none"
    instance.transition_reason = f"User initiated ({stamp(world)})"
    instance.state_reason = dict(USER_SHUTDOWN)
    set_state(world, region, instance, "stopping")
    _after(world, region, instance, world.timings.instance_stop_seconds)


def start(world: World, region: str, instance: Ec2Instance) -> None:
    """StartInstances for one stopped instance: it boots again (a new LaunchTime)."""
    instance.transition_reason = ""
    instance.state_reason = None
    instance.launched_at = world.clock.timestamp
    set_state(world, region, instance, "pending")
    boot(world, region, instance)
