"""The Amazon Machine Images every simulated region has, and the public Systems Manager
parameters that name them.

Two kinds: the Amazon ECS-optimized AMIs (Amazon Linux 2023 and Amazon Linux 2, x86_64 and
arm64), whose instances run the ECS container agent, and plain Amazon Linux images, which do not.
Their names follow AWS's (``al2023-ami-ecs-hvm-2023.0.<date>-kernel-6.1-x86_64``); one release
(`RELEASE`) stands for "the latest". Their IDs differ per region, as AWS's do: a digest of the
region and the name.

The parameters are the ones AWS documents under ``/aws/service/ecs/optimized-ami/...`` (the
``recommended`` JSON, and one parameter per member of it, such as ``recommended/image_id``) and
under ``/aws/service/ami-amazon-linux-latest/...`` for the plain images. The JSON's members are
AWS's: ``ecs_agent_version``, ``ecs_runtime_version``, ``image_id``, ``image_name``, ``os``,
``schema_version`` and, for Amazon Linux 2023, ``source_image_name``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

#: The release ecslearn's images stand for, and when it came out (epoch seconds).
RELEASE = "20241217"
RELEASED_AT = 1734393600.0  # 2024-12-17T00:00:00Z, before a simulation's clock starts
#: The agent and Docker versions on the ECS-optimized images (what their agents register).
ECS_AGENT_VERSION = "1.88.0"
DOCKER_VERSION = "25.0.8"
ECS_PARAMETERS = "/aws/service/ecs/optimized-ami"
PLAIN_PARAMETERS = "/aws/service/ami-amazon-linux-latest"


@dataclass(frozen=True)
class MachineImage:
    name: str
    description: str
    architecture: str
    os: str
    #: the public parameter that names it (for an ECS image, the folder of ``recommended``)
    parameter: str
    ecs_optimized: bool = False
    source_image: str | None = None

    def image_id(self, region: str) -> str:
        digest = hashlib.sha256(f"ecslearn/{region}/ami/{self.name}".encode()).hexdigest()
        return f"ami-{digest[:17]}"


def _ecs_2023(arch: str, folder: str) -> MachineImage:
    return MachineImage(
        name=f"al2023-ami-ecs-hvm-2023.0.{RELEASE}-kernel-6.1-{arch}",
        description=f"Amazon Linux AMI 2023.0.{RELEASE} {arch} ECS HVM EBS",
        architecture=arch,
        os="Amazon Linux 2023",
        parameter=f"{ECS_PARAMETERS}/{folder}",
        ecs_optimized=True,
        source_image=f"al2023-ami-minimal-2023.6.{RELEASE}.0-kernel-6.1-{arch}",
    )


def _ecs_2(arch: str, folder: str) -> MachineImage:
    return MachineImage(
        name=f"amzn2-ami-ecs-hvm-2.0.{RELEASE}-{arch}-ebs",
        description=f"Amazon Linux AMI 2.0.{RELEASE} {arch} ECS HVM GP2",
        architecture=arch,
        os="Amazon Linux 2",
        parameter=f"{ECS_PARAMETERS}/{folder}",
        ecs_optimized=True,
    )


def _plain_2023(arch: str) -> MachineImage:
    return MachineImage(
        name=f"al2023-ami-2023.6.{RELEASE}.0-kernel-6.1-{arch}",
        description=f"Amazon Linux 2023 AMI 2023.6.{RELEASE}.0 {arch} HVM kernel-6.1",
        architecture=arch,
        os="Amazon Linux 2023",
        parameter=f"{PLAIN_PARAMETERS}/al2023-ami-kernel-default-{arch}",
    )


IMAGES: tuple[MachineImage, ...] = (
    _ecs_2023("x86_64", "amazon-linux-2023"),
    _ecs_2023("arm64", "amazon-linux-2023/arm64"),
    _ecs_2("x86_64", "amazon-linux-2"),
    _ecs_2("arm64", "amazon-linux-2/arm64"),
    _plain_2023("x86_64"),
    _plain_2023("arm64"),
    MachineImage(
        name=f"amzn2-ami-kernel-5.10-hvm-2.0.{RELEASE}.0-x86_64-gp2",
        description=f"Amazon Linux 2 Kernel 5.10 AMI 2.0.{RELEASE}.0 x86_64 HVM gp2",
        architecture="x86_64",
        os="Amazon Linux 2",
        parameter=f"{PLAIN_PARAMETERS}/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
    ),
)


@functools.lru_cache(maxsize=64)
def images_in(region: str) -> dict[str, MachineImage]:
    """The region's images by ID (do not change the answer: it is shared)."""
    return {image.image_id(region): image for image in IMAGES}


def recommended_ecs_image(region: str, architecture: str = "x86_64") -> str:
    """The ID of the recommended ECS-optimized Amazon Linux 2023 AMI (what
    ``/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id`` answers)."""
    for image in IMAGES:
        if image.ecs_optimized and image.architecture == architecture:
            return image.image_id(region)
    raise KeyError(architecture)


def recommended(image: MachineImage, region: str) -> dict[str, object]:
    """The ``recommended`` parameter's JSON for an ECS-optimized image (keys in AWS's order)."""
    value: dict[str, object] = {
        "ecs_agent_version": ECS_AGENT_VERSION,
        "ecs_runtime_version": f"Docker version {DOCKER_VERSION}",
        "image_id": image.image_id(region),
        "image_name": image.name,
        "os": image.os,
        "schema_version": 1,
    }
    if image.source_image:
        value["source_image_name"] = image.source_image
    return value


@functools.lru_cache(maxsize=64)
def public_parameters(region: str) -> dict[str, str]:
    """Every public parameter about the region's images, by name, with its value (do not
    change the answer: it is shared)."""
    parameters: dict[str, str] = {}
    for image in IMAGES:
        if not image.ecs_optimized:
            parameters[image.parameter] = image.image_id(region)
            continue
        folder = f"{image.parameter}/recommended"
        value = recommended(image, region)
        parameters[folder] = json.dumps(value, separators=(",", ":"))
        for key, member in value.items():
            parameters[f"{folder}/{key}"] = str(member)
    return parameters
