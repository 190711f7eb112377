"""What EC2 offers: DescribeImages (the region's Amazon images, `ecslearn.model.amis`) and
DescribeInstanceTypes (the types ecslearn simulates, with AWS's vCPUs, memory, network
interfaces and architecture).

The images are Amazon's (``ImageOwnerAlias`` amazon; the ECS-optimized ones under the owner
ID AWS publishes them from). ``Owners=["self"]`` finds none: ecslearn has no image building.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecslearn.errors import InvalidAMIIDMalformed, InvalidAMIIDNotFound, InvalidParameterValue
from ecslearn.model.amis import RELEASED_AT, MachineImage, images_in
from ecslearn.model.ec2 import counted_id
from ecslearn.model.instance_types import INSTANCE_TYPES, InstanceType
from ecslearn.services.ec2.common import Values, check_filters, dry_run, matches, page
from ecslearn.services.ec2.launch import AMI_ID
from ecslearn.services.handlers import RequestContext, operation

#: Who publishes the images: the ECS-optimized AMIs' owner, and Amazon Linux's.
ECS_OWNER, AMAZON_LINUX_OWNER = "591542846629", "137112412989"
IMAGE_FILTERS = ("image-id", "name", "architecture", "owner-alias", "owner-id", "state")
IMAGE_FILTERS += ("is-public", "virtualization-type", "root-device-type", "description")
TYPE_FILTERS = ("instance-type", "processor-info.supported-architecture")
TYPE_FILTERS += ("vcpu-info.default-vcpus", "memory-info.size-in-mib", "current-generation")
TYPE_FILTERS += ("free-tier-eligible", "network-info.maximum-network-interfaces")
PREVIOUS_GENERATION = ("m1.small", "m4.large")
FREE_TIER = ("t2.micro", "t3.micro")


def _iso(epoch: float) -> str:
    when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _owner(image: MachineImage) -> str:
    return ECS_OWNER if image.ecs_optimized else AMAZON_LINUX_OWNER


def image_json(region: str, image_id: str, image: MachineImage) -> dict[str, Any]:
    size = 30 if image.ecs_optimized else 8
    return {
        "PlatformDetails": "Linux/UNIX",
        "UsageOperation": "RunInstances",
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {
                    "DeleteOnTermination": True,
                    "SnapshotId": counted_id("snap", region, image.name),
                    "VolumeSize": size,
                    "VolumeType": "gp3",
                    "Encrypted": False,
                },
            }
        ],
        "Description": image.description,
        "EnaSupport": True,
        "Hypervisor": "xen",
        "ImageOwnerAlias": "amazon",
        "Name": image.name,
        "RootDeviceName": "/dev/xvda",
        "RootDeviceType": "ebs",
        "SriovNetSupport": "simple",
        "VirtualizationType": "hvm",
        "BootMode": "uefi-preferred" if image.os == "Amazon Linux 2023" else "legacy-bios",
        "DeprecationTime": _iso(RELEASED_AT + 2 * 365 * 86400),
        "ImdsSupport": "v2.0",
        "ImageId": image_id,
        "ImageLocation": f"amazon/{image.name}",
        "State": "available",
        "OwnerId": _owner(image),
        "CreationDate": _iso(RELEASED_AT),
        "Public": True,
        "Architecture": image.architecture,
        "ImageType": "machine",
    }


def _image_values(image_id: str, image: MachineImage) -> Values:
    return {
        "image-id": [image_id],
        "name": [image.name],
        "architecture": [image.architecture],
        "owner-alias": ["amazon"],
        "owner-id": [_owner(image)],
        "state": ["available"],
        "is-public": ["true"],
        "virtualization-type": ["hvm"],
        "root-device-type": ["ebs"],
        "description": [image.description],
    }


@operation("DescribeImages", service="ec2")
def describe_images(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    filters = request.get("Filters") or []
    check_filters(filters, IMAGE_FILTERS)
    images = images_in(ctx.region)
    wanted = request.get("ImageIds") or []
    for image_id in wanted:
        if not AMI_ID.match(image_id):
            raise InvalidAMIIDMalformed(f'Invalid id: "{image_id}" (expecting "ami-...")')
        if image_id not in images:
            raise InvalidAMIIDNotFound(f"The image id '[{image_id}]' does not exist")
    owners = request.get("Owners") or []
    found = [
        (image_id, image)
        for image_id, image in images.items()
        if (not wanted or image_id in wanted)
        and (not owners or {"amazon", _owner(image)} & set(owners))
        and matches(_image_values(image_id, image), {}, filters)
    ]
    shown, token = page(found, request)
    answer: dict[str, Any] = {"Images": [image_json(ctx.region, i, m) for i, m in shown]}
    if token:
        answer["NextToken"] = token
    return answer


def type_json(kind: InstanceType) -> dict[str, Any]:
    threads = 1 if kind.vcpus == 1 or kind.architecture == "arm64" else 2
    nitro = kind.name not in ("m1.small", "m4.large", "t2.micro")
    return {
        "InstanceType": kind.name,
        "CurrentGeneration": kind.name not in PREVIOUS_GENERATION,
        "FreeTierEligible": kind.name in FREE_TIER,
        "SupportedUsageClasses": ["on-demand", "spot"],
        "SupportedRootDeviceTypes": ["ebs"],
        "SupportedVirtualizationTypes": ["hvm"],
        "BareMetal": False,
        "Hypervisor": "nitro" if nitro else "xen",
        "ProcessorInfo": {"SupportedArchitectures": [kind.architecture]},
        "VCpuInfo": {
            "DefaultVCpus": kind.vcpus,
            "DefaultCores": max(1, kind.vcpus // threads),
            "DefaultThreadsPerCore": threads,
        },
        "MemoryInfo": {"SizeInMiB": int(kind.memory_gib * 1024)},
        "InstanceStorageSupported": False,
        "NetworkInfo": {"MaximumNetworkInterfaces": kind.enis},
        "BurstablePerformanceSupported": kind.name.startswith("t"),
    }


def _type_values(kind: InstanceType) -> Values:
    return {
        "instance-type": [kind.name],
        "processor-info.supported-architecture": [kind.architecture],
        "vcpu-info.default-vcpus": [str(kind.vcpus)],
        "memory-info.size-in-mib": [str(int(kind.memory_gib * 1024))],
        "current-generation": ["false" if kind.name in PREVIOUS_GENERATION else "true"],
        "free-tier-eligible": ["true" if kind.name in FREE_TIER else "false"],
        "network-info.maximum-network-interfaces": [str(kind.enis)],
    }


@operation("DescribeInstanceTypes", service="ec2")
def describe_instance_types(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    filters = request.get("Filters") or []
    check_filters(filters, TYPE_FILTERS)
    wanted = request.get("InstanceTypes") or []
    unknown = [name for name in wanted if name not in INSTANCE_TYPES]
    if unknown:
        raise InvalidParameterValue(
            f"The following supplied instance types do not exist in ecslearn: "
            f"[{', '.join(unknown)}]. It simulates {', '.join(INSTANCE_TYPES)}."
        )
    kinds = [INSTANCE_TYPES[n] for n in wanted] if wanted else list(INSTANCE_TYPES.values())
    found = [k for k in kinds if matches(_type_values(k), {}, filters)]
    shown, token = page(found, request, low=5, high=100)
    answer: dict[str, Any] = {"InstanceTypes": [type_json(k) for k in shown]}
    if token:
        answer["NextToken"] = token
    return answer
