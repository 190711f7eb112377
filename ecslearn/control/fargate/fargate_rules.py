"""What ECS checks before it runs tasks on Fargate (RunTask, CreateService, UpdateService).

AWS's texts where known: "Task definition does not support launch_type FARGATE." (quoted in
sil-org/ecs-deploy#134 and others), "Placement constraints are not supported with FARGATE
launch type." (GetSimpl/cloudlift#138), "Error retrieving subnet information for [...]: The
subnet ID '...' does not exist (ErrorCode: InvalidSubnetID.NotFound)" (eddmann/serverless-
fargate#20), "One or more of the requested capabilities are not supported." (the
PlatformTaskDefinitionIncompatibilityException of ansible-collections/community.aws#136), and
"No Fargate configuration exists for given values." (RegisterTaskDefinition's, reused for a
task-size override). The strategies' text and the security-group text follow those by analogy;
PlatformUnknownException's text is botocore's documentation of the error.

Platform versions: the Linux ones AWS still runs (1.3.0 and 1.4.0); LATEST is 1.4.0 (AWS's
platform-version page). Ephemeral storage is 20 GiB unless the task definition or the overrides
ask for 21-200 GiB, which needs platform 1.4.0.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import (
    InvalidParameterException,
    PlatformTaskDefinitionIncompatibilityException,
    PlatformUnknownException,
)
from ecslearn.model.ec2 import Ec2State
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.model.units import FARGATE_SIZES

LINUX_PLATFORM_VERSIONS = ("1.3.0", "1.4.0")
LATEST_PLATFORM_VERSION = "1.4.0"
PLATFORM_FAMILY = "Linux"
DEFAULT_EPHEMERAL_GIB = 20
EPHEMERAL_GIB_RANGE = (21, 200)
CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def platform_version(requested: str | None) -> str:
    """The version a task runs on: LATEST (or none asked for) is the current one."""
    return LATEST_PLATFORM_VERSION if requested in (None, "", "LATEST") else str(requested)


def ephemeral_gib(definition: TaskDefinition, overrides: dict[str, Any] | None) -> int:
    """The task's storage: the overrides', else the definition's, else Fargate's 20 GiB."""
    raw = (overrides or {}).get("ephemeralStorage") or definition.extra.get("ephemeralStorage")
    return int((raw or {}).get("sizeInGiB") or DEFAULT_EPHEMERAL_GIB)


def check_launch(request: dict[str, Any], td: TaskDefinition, ec2: Ec2State | None) -> None:
    """Refuse what ECS refuses for a FARGATE launch (and a platform version on EC2)."""
    launch_type = request.get("launchType") or "EC2"
    if launch_type != "FARGATE":
        raise InvalidParameterException(  # AWS's text: aws/amazon-ecs-cli#1040
            "The platform version must be null when specifying an EC2 launch type.",
            hint="platformVersion is Fargate's; drop it, or pass launchType='FARGATE'.",
        )
    if "FARGATE" not in (td.compatibilities or []):
        raise InvalidParameterException(
            "Task definition does not support launch_type FARGATE.",
            hint=f"{td.family_revision} is not Fargate-compatible: register it with "
            "requiresCompatibilities ['FARGATE'], networkMode awsvpc and a Fargate cpu/memory "
            "pair at task level.",
        )
    if request.get("placementConstraints"):
        raise InvalidParameterException(
            "Placement constraints are not supported with FARGATE launch type.",
            hint="AWS chooses where a Fargate task runs; only the subnets steer it.",
        )
    if request.get("placementStrategy"):
        raise InvalidParameterException(
            "Placement strategies are not supported with FARGATE launch type.",
            hint="Fargate services spread over the zones of their subnets by themselves.",
        )
    if request.get("schedulingStrategy") == "DAEMON":
        raise InvalidParameterException(  # ecslearn's wording
            "The daemon scheduling strategy is not supported with FARGATE launch type.",
            hint="Fargate has no instances to run one task on each of; use REPLICA.",
        )
    version = platform_version(request.get("platformVersion"))
    if version not in LINUX_PLATFORM_VERSIONS:
        raise PlatformUnknownException(
            "The specified platform version doesn't exist.",
            hint=f"Fargate's Linux versions: {', '.join(LINUX_PLATFORM_VERSIONS)} or LATEST "
            f"(= {LATEST_PLATFORM_VERSION}).",
        )
    _check_size(request.get("overrides") or {}, td, version)
    config = (request.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    if ec2 is not None:
        check_network(ec2, config)


def _check_size(overrides: dict[str, Any], td: TaskDefinition, version: str) -> None:
    if overrides.get("cpu") or overrides.get("memory"):
        cpu = int(overrides.get("cpu") or td.cpu or 0)
        memory = int(overrides.get("memory") or td.memory or 0)
        if memory not in FARGATE_SIZES.get(cpu, ()):
            raise InvalidParameterException(
                "No Fargate configuration exists for given values.",
                hint=f"cpu {cpu} with memory {memory} is not a Fargate size; cpu 256 takes 512, "
                "1024 or 2048, cpu 1024 takes 2048-8192 (see the Fargate task sizes).",
            )
    storage = overrides.get("ephemeralStorage")
    if storage is not None:
        low, high = EPHEMERAL_GIB_RANGE
        size = storage.get("sizeInGiB")
        if not isinstance(size, int) or not low <= size <= high:
            raise InvalidParameterException(  # ecslearn's wording
                f"ephemeralStorage sizeInGiB must be between {low} and {high}; it was {size}.",
                hint="Leave it out for Fargate's default 20 GiB.",
            )
    if ephemeral_gib(td, overrides) != DEFAULT_EPHEMERAL_GIB and version != "1.4.0":
        raise PlatformTaskDefinitionIncompatibilityException(
            "One or more of the requested capabilities are not supported.",
            hint="More than 20 GiB of ephemeral storage needs platform version 1.4.0.",
        )


def check_network(ec2: Ec2State, config: dict[str, Any]) -> None:
    """The subnets and security groups must exist in EC2 (AWS's ErrorCode in the text)."""
    for subnet in config.get("subnets") or []:
        if subnet not in ec2.subnets:
            raise InvalidParameterException(
                f"Error retrieving subnet information for [{subnet}]: The subnet ID '{subnet}' "
                "does not exist (ErrorCode: InvalidSubnetID.NotFound)",
                hint="List the region's subnets with ec2.describe_subnets().",
            )
    for group in config.get("securityGroups") or []:
        if group not in ec2.security_groups:
            raise InvalidParameterException(
                f"Error retrieving security group information for [{group}]: The security "
                f"group '{group}' does not exist (ErrorCode: InvalidGroup.NotFound)",
                hint="List them with ec2.describe_security_groups(), or leave securityGroups "
                "out for the VPC's default group.",
            )
