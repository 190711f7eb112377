"""The EC2 side of the learner's shortcuts: ``sim.launch_instances``, ``sim.terminate_instance``
and ``sim.agent_log`` (`ecslearn.simulation`).

``sim.launch_instances("web", count=3)`` is RunInstances as a learner would write it, once per
instance: the region's recommended ECS-optimized AMI (from the same catalog SSM's public
parameter reads), the instance type, a zone's default subnet (round-robin over the zones), the
conventional ``ecsInstanceRole`` instance profile, and user data that writes ``ECS_CLUSTER``
(plus ``ECS_RESERVED_MEMORY`` and ``ECS_INSTANCE_ATTRIBUTES`` when given) to ecs.config. The
one difference is time: the shortcut does not wait for the boot and the agent's start, so the
instances are running and registered when it returns, and it puts nothing on the timeline (as
it never did).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.amis import recommended_ecs_image
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.ec2 import Ec2Instance, zone_names
from ecslearn.model.ecs_config import ecs_user_data
from ecslearn.model.instance_types import InstanceType
from ecslearn.services.ec2 import ecs_agent, launch
from ecslearn.services.ecs.attributes import check_attribute

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: The instance profile the shortcut gives its instances (AWS's conventional name for it).
INSTANCE_PROFILE = "ecsInstanceRole"


def launch_registered(
    world: World,
    region: str,
    cluster: str,
    count: int,
    kind: InstanceType,
    *,
    zones: list[str] | None = None,
    attributes: dict[str, str | None] | None = None,
    reserved_memory: int = 0,
    resources: tuple[int, int] | None = None,
) -> list[str]:
    """Launch `count` ECS-optimized instances registered in `cluster`; their container instance
    ARNs. `resources` (CPU units, MiB) replaces what the type registers (Docker instances)."""
    state = world.region_state(region)
    if cluster == "default" and "default" not in state.clusters:
        world.dispatcher.call("ecs", "CreateCluster", {"clusterName": "default"}, region)
    name = state.cluster(cluster).cluster_name or ""
    for key, value in (attributes or {}).items():
        check_attribute(key, value)
    zones = zones or zone_names(region)
    unknown = [zone for zone in zones if zone not in zone_names(region)]
    if unknown:
        raise InvalidParameterException(
            f"Invalid availability zone: [{', '.join(unknown)}]. The zones of {region} are "
            f"{', '.join(zone_names(region))}."
        )
    settings = {"ECS_CLUSTER": cluster}
    if reserved_memory:
        settings["ECS_RESERVED_MEMORY"] = str(reserved_memory)
    if attributes:
        settings["ECS_INSTANCE_ATTRIBUTES"] = json.dumps(
            {key: value or "" for key, value in attributes.items()}
        )
    request: dict[str, Any] = {
        "ImageId": recommended_ecs_image(region, kind.architecture),
        "InstanceType": kind.name,
        "IamInstanceProfile": {"Name": INSTANCE_PROFILE},
        "UserData": ecs_user_data(settings),
    }
    already = len(state.instances_in(name))
    arns = []
    for index in range(count):
        zone = zones[(already + index) % len(zones)]
        plan = launch.plan(state.ec2, region, {**request, "Placement": {"AvailabilityZone": zone}})
        _, [instance] = launch.launch(world, region, plan, 1, ready=True)
        # registered here, not inside launch(): RunInstances' agents register on the clock
        if ecs_agent.runs_agent(region, instance):
            ecs_agent.register(world, region, instance, quiet=True, resources=resources)
        arns.append(instance.container_instance_arn or "")
    return arns


def find_ec2(world: World, reference: Any) -> tuple[str, Ec2Instance] | None:
    """The EC2 instance a learner names: by its ID, or as the container instance it runs
    (object, ARN or short ID); None when it is not an EC2 instance of this simulation (an
    instance registered by hand through RegisterContainerInstance)."""
    wanted = (
        reference.container_instance_arn
        if isinstance(reference, ContainerInstance)
        else str(reference)
    )
    for state in world.regions():
        found = state.ec2.instances.get(wanted)
        if found is not None:
            return state.region, found
        for registered in state.instances.values():
            if wanted in (registered.container_instance_arn, registered.id):
                if registered.status == "INACTIVE":
                    raise ClientException(
                        f"Container instance {registered.id} is already gone (INACTIVE)."
                    )
                found = state.ec2.instances.get(registered.ec2_instance_id or "")
                return (state.region, found) if found is not None else None
    return None
