"""The ECS container agent on an EC2 instance: it starts when an ECS-optimized instance is
running, reads /etc/ecs/ecs.config from the user data (`ecslearn.model.ecs_config`), and
registers the instance through ECS's RegisterContainerInstance, the same call (and the same
identity document, resources and attributes) ``sim.launch_instances`` always made.

Why an agent does not register, as on AWS:

- the image is not ECS-optimized: there is no agent at all (the instance runs, and never
  joins a cluster);
- the instance has no instance profile: the agent has no credentials, and every call to ECS
  fails with "NoCredentialProviders: no valid providers in chain" (AWS's agent log line);
- ``ECS_CLUSTER`` names a cluster that does not exist (only ``default`` is created by the
  agent itself): ClusterNotFoundException;
- an ecs.config value the agent cannot read.

A failed agent writes the reason to its log (``sim.agent_log(instance)``; AWS's
/var/log/ecs/ecs-agent.log), puts it on the timeline (kind ``agent``) the first time, and tries
again every `AgentTimings.agent_retry_seconds` (ecs-init restarts the real agent): associate an
instance profile (AssociateIamInstanceProfile) or create the cluster, and the instance joins on
the next try. The retry interval is ecslearn's choice; AWS documents none.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ecslearn.agents.capabilities import AGENT_CAPABILITIES
from ecslearn.control import faults
from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.queue import action_handler
from ecslearn.errors import EcsError
from ecslearn.model.amis import DOCKER_VERSION, ECS_AGENT_VERSION, images_in
from ecslearn.model.container_instance import Resource
from ecslearn.model.ec2 import Ec2Instance
from ecslearn.model.ecs_config import AgentConfig, UserDataError, ecs_config
from ecslearn.model.instance_types import instance_type

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: The agent log keeps this many lines (the newest).
LOG_LINES = 200
NO_CREDENTIALS = "NoCredentialProviders: no valid providers in chain. Deprecated."


class AgentFailed(Exception):
    """Raised instead of retrying when the caller wants to know at once (the shortcut)."""


def runs_agent(region: str, instance: Ec2Instance) -> bool:
    image = images_in(region).get(instance.image_id)
    return image is not None and image.ecs_optimized


def log(world: World, instance: Ec2Instance, level: str, text: str) -> None:
    """A line of the agent's log, stamped like the real one."""
    when = world.clock.timestamp
    stamp = dt.datetime.fromtimestamp(when, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    instance.agent_log.append(f"level={level} time={stamp} msg={json.dumps(text)}")
    del instance.agent_log[:-LOG_LINES]


def start(world: World, region: str, instance: Ec2Instance) -> None:
    """The instance is running: its agent (if its image has one) starts, and registers after
    `AgentTimings.agent_start_seconds`."""
    if not runs_agent(region, instance):
        instance.agent = "none"
        return
    instance.agent = "starting"
    _schedule(world, region, instance, world.timings.agent_start_seconds)


def _schedule(world: World, region: str, instance: Ec2Instance, seconds: float) -> None:
    world.queue.push(
        world.now + world.jittered(seconds),
        "ec2.agent",
        region=region,
        instance=instance.instance_id,
        boot=instance.changed_at,
    )


@action_handler("ec2.agent")
def _agent_runs(world: World, args: dict[str, Any]) -> None:
    instance = world.region_state(args["region"]).ec2.instances.get(args["instance"])
    if (
        instance is None
        or instance.state != "running"
        or instance.changed_at != args["boot"]
        or instance.agent not in ("starting", "failed")
    ):
        return  # stale: the instance stopped, or the agent got there another way
    register(world, args["region"], instance)


def _fail(
    world: World, region: str, instance: Ec2Instance, problem: str, why: str, *, quiet: bool
) -> None:
    log(world, instance, "error", f"Unable to register as a container instance with ECS: {problem}")
    if quiet:
        raise AgentFailed(f"{problem} ({why})")
    if instance.agent_problem != problem:
        world.record(
            "agent",
            f"the ECS agent on {instance.instance_id} cannot register: {problem} ({why}); it "
            "tries again every minute",
            details={"ec2_instance": instance.instance_id, "problem": problem},
        )
    instance.agent = "failed"
    instance.agent_problem = problem
    _schedule(world, region, instance, world.timings.agent_retry_seconds)


def register(
    world: World,
    region: str,
    instance: Ec2Instance,
    *,
    quiet: bool = False,
    resources: tuple[int, int] | None = None,
) -> str | None:
    """One attempt of the agent to register; the container instance's ARN, or None when it
    failed (and will try again). `quiet` (the shortcut) raises `AgentFailed` instead, records
    nothing on the timeline, and `resources` (CPU units, MiB) replaces what the instance type
    registers (Docker-backed instances register the host's)."""
    log(world, instance, "info", f"Amazon ECS agent Version: {ECS_AGENT_VERSION}, Commit: ecslearn")
    try:
        config = AgentConfig.from_settings(ecs_config(instance.user_data))
    except (ValueError, UserDataError) as error:
        _fail(
            world,
            region,
            instance,
            f"Error loading config: {error}",
            "fix the user data's ecs.config and launch a new instance",
            quiet=quiet,
        )
        return None
    log(world, instance, "info", f"Loading configuration: cluster {config.cluster}")
    if instance.iam_instance_profile is None:
        log(world, instance, "warn", f"Error getting valid credentials (AKID ): {NO_CREDENTIALS}")
        _fail(
            world,
            region,
            instance,
            NO_CREDENTIALS,
            "the instance has no instance profile (IamInstanceProfile), so its agent has no "
            "credentials to call ECS; associate one with associate_iam_instance_profile",
            quiet=quiet,
        )
        return None
    state = world.region_state(region)
    cluster = config.cluster.rsplit("/", 1)[-1]
    known = state.instances.get(instance.container_instance_arn or "")
    if known is not None and known.status != "INACTIVE":
        return _reconnect(world, region, instance, config, resources, quiet=quiet)
    try:
        if cluster == "default" and "default" not in state.clusters:
            world.dispatcher.call("ecs", "CreateCluster", {"clusterName": "default"}, region)
            log(world, instance, "info", "Created cluster 'default'")
        log(world, instance, "info", "Registering Instance with ECS")
        response = world.dispatcher.call(
            "ecs",
            "RegisterContainerInstance",
            _request(region, instance, config, resources),
            region,
        )
    except EcsError as error:
        if quiet:
            raise
        why = (
            f"there is no cluster '{cluster}' in {region}; create it and the instance joins "
            "on the agent's next try"
            if error.code == "ClusterNotFoundException"
            else "ECS refused the registration"
        )
        _fail(world, region, instance, f"{error.code}: {error.message}", why, quiet=quiet)
        return None
    arn = response["containerInstance"]["containerInstanceArn"]
    instance.container_instance_arn = arn
    instance.agent = "registered"
    instance.agent_problem = None
    log(
        world,
        instance,
        "info",
        f"Registration completed successfully. I am running as '{arn}' in cluster '{cluster}'",
    )
    if not quiet:
        world.record(
            "agent",
            f"the ECS agent on {instance.instance_id} registered in cluster {cluster}",
            cluster=cluster,
            instance=arn.rsplit("/", 1)[-1],
            details={"ec2_instance": instance.instance_id},
        )
    return arn


def _reconnect(
    world: World,
    region: str,
    instance: Ec2Instance,
    config: AgentConfig,
    resources: tuple[int, int] | None,
    *,
    quiet: bool,
) -> str:
    """The instance was stopped and started: its agent comes back as the same container
    instance (the real agent keeps its registration on the instance's disk)."""
    arn = instance.container_instance_arn or ""
    state = world.region_state(region)
    faults.agent_connection(world, state, state.instances[arn], True)
    request = _request(region, instance, config, resources)
    request["containerInstanceArn"] = arn
    request["cluster"] = state.instances[arn].cluster_name
    world.dispatcher.call("ecs", "RegisterContainerInstance", request, region)
    instance.agent = "registered"
    instance.agent_problem = None
    log(world, instance, "info", f"Restored from checkpoint file: I am running as '{arn}'")
    return arn


def _request(
    region: str, instance: Ec2Instance, config: AgentConfig, resources: tuple[int, int] | None
) -> dict[str, Any]:
    """RegisterContainerInstance as the agent calls it."""
    state_kind = instance_type(instance.instance_type)
    cpu, memory = resources or (
        state_kind.cpu_units,
        state_kind.registered_memory(config.reserved_memory),
    )
    identity = {
        "instanceId": instance.instance_id,
        "instanceType": instance.instance_type,
        "availabilityZone": instance.zone,
        "region": region,
        "accountId": ACCOUNT_ID,
        "imageId": instance.image_id,
        "architecture": instance.architecture,
        "privateIp": instance.private_ip,
        "version": "2017-09-30",
    }
    totals = [
        Resource.integer("CPU", cpu),
        Resource.integer("MEMORY", memory),
        Resource.string_set("PORTS", config.reserved_ports),
        Resource.string_set("PORTS_UDP", config.reserved_udp_ports),
    ]
    attributes = [{"name": name} for name in AGENT_CAPABILITIES]
    for name, value in config.attributes.items():
        attributes.append({"name": name, **({"value": value} if value else {})})
    tags = dict(config.tags)
    if config.propagate_tags_from == "ec2_instance":
        tags = {k: v for k, v in instance.tags.items() if not k.startswith("aws:")} | tags
    request: dict[str, Any] = {
        "cluster": config.cluster,
        "instanceIdentityDocument": json.dumps(identity),
        "totalResources": [r.to_json() for r in totals],
        "attributes": attributes,
        "versionInfo": {
            "agentVersion": ECS_AGENT_VERSION,
            "agentHash": "ecslearn",
            "dockerVersion": f"DockerVersion: {DOCKER_VERSION}",
        },
    }
    if tags:
        request["tags"] = [{"key": k, "value": v} for k, v in tags.items()]
    return request
