"""EC2's RunInstances and DescribeInstances, and an instance as EC2 shows it.

RunInstances launches through `ecslearn.services.ec2.launch` (the path ``sim.launch_instances``
and, later, Auto Scaling take too): instances start pending and run some 20 simulated seconds
later; an ECS-optimized one then starts its agent (`ecs_agent`).

DescribeInstances groups instances by reservation, as EC2 does, and honours EC2's filter names
(`FILTERS`). A terminated instance stays visible for an hour after it terminated, then leaves
the answer (AWS: "up to an hour"); it loses its network details when it terminates. Public
addresses: the default subnets give instances one while they run (a stable address derived
from the instance and its launch, in 3.0.0.0/8; a stop and start gives a new one, as on AWS).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ecslearn.errors import (
    InvalidInstanceIDMalformed,
    InvalidInstanceIDNotFound,
    InvalidParameterCombination,
)
from ecslearn.model.ec2 import Ec2Instance, Ec2State, zone_id
from ecslearn.model.instance_types import INSTANCE_TYPES
from ecslearn.services.ec2 import launch
from ecslearn.services.ec2.common import (
    OWNER_ID,
    Values,
    check_filters,
    dry_run,
    ec2_state,
    matches,
    page,
    profile_id,
    tag_list,
)
from ecslearn.services.handlers import RequestContext, operation

INSTANCE_ID = re.compile(r"^i-([0-9a-f]{8}|[0-9a-f]{17})$")
#: How long a terminated instance stays in DescribeInstances (seconds).
VISIBLE_AFTER_TERMINATION = 3600.0
FILTERS = (
    "instance-id",
    "instance-state-name",
    "instance-state-code",
    "instance-type",
    "image-id",
    "vpc-id",
    "subnet-id",
    "availability-zone",
    "private-ip-address",
    "ip-address",
    "reservation-id",
    "iam-instance-profile.arn",
    "instance.group-id",
    "instance.group-name",
    "group-id",
    "group-name",
    "architecture",
    "key-name",
    "launch-time",
    "owner-id",
)


def find_instances(ec2: Ec2State, ids: list[str]) -> list[Ec2Instance]:
    """The instances named, in order; EC2's errors for a malformed or unknown ID."""
    for instance_id in ids:
        if not INSTANCE_ID.match(instance_id):
            raise InvalidInstanceIDMalformed(f'Invalid id: "{instance_id}"')
    missing = [i for i in ids if i not in ec2.instances]
    if len(missing) == 1:
        raise InvalidInstanceIDNotFound(f"The instance ID '{missing[0]}' does not exist")
    if missing:
        raise InvalidInstanceIDNotFound(f"The instance IDs '{', '.join(missing)}' do not exist")
    return [ec2.instances[i] for i in dict.fromkeys(ids)]


def dns_name(region: str, address: str, public: bool = False) -> str:
    dashed = address.replace(".", "-")
    if public:
        where = "compute-1" if region == "us-east-1" else f"{region}.compute"
        return f"ec2-{dashed}.{where}.amazonaws.com"
    where = "ec2.internal" if region == "us-east-1" else f"{region}.compute.internal"
    return f"ip-{dashed}.{where}"


def public_ip(ec2: Ec2State, instance: Ec2Instance) -> str | None:
    subnet = ec2.subnets.get(instance.subnet_id)
    if instance.state not in ("pending", "running") or subnet is None:
        return None
    if not subnet.map_public_ip_on_launch:
        return None
    digest = hashlib.sha256(f"{instance.instance_id}/{instance.launched_at}".encode()).digest()
    return f"3.{digest[0]}.{digest[1]}.{max(1, digest[2])}"


def _mac(eni_id: str) -> str:
    digest = hashlib.sha256(eni_id.encode()).hexdigest()
    return "0a:" + ":".join(digest[i : i + 2] for i in range(0, 10, 2))


def _groups(ec2: Ec2State, instance: Ec2Instance) -> list[dict[str, str]]:
    return [
        {"GroupId": group_id, "GroupName": ec2.security_groups[group_id].group_name}
        if group_id in ec2.security_groups
        else {"GroupId": group_id}
        for group_id in instance.security_group_ids
    ]


def _interface(ctx: RequestContext, ec2: Ec2State, instance: Ec2Instance) -> dict[str, Any]:
    private_dns = dns_name(ctx.region, instance.private_ip)
    interface: dict[str, Any] = {
        "Attachment": {
            "AttachTime": instance.launched_at,
            "AttachmentId": instance.eni_id.replace("eni-", "eni-attach-", 1),
            "DeleteOnTermination": True,
            "DeviceIndex": 0,
            "Status": "attached",
            "NetworkCardIndex": 0,
        },
        "Description": "",
        "Groups": _groups(ec2, instance),
        "Ipv6Addresses": [],
        "MacAddress": _mac(instance.eni_id),
        "NetworkInterfaceId": instance.eni_id,
        "OwnerId": OWNER_ID,
        "PrivateDnsName": private_dns,
        "PrivateIpAddress": instance.private_ip,
        "PrivateIpAddresses": [
            {
                "Primary": True,
                "PrivateDnsName": private_dns,
                "PrivateIpAddress": instance.private_ip,
            }
        ],
        "SourceDestCheck": True,
        "Status": "in-use",
        "SubnetId": instance.subnet_id,
        "VpcId": instance.vpc_id,
        "InterfaceType": "interface",
    }
    address = public_ip(ec2, instance)
    if address:
        association = {
            "IpOwnerId": "amazon",
            "PublicDnsName": dns_name(ctx.region, address, public=True),
            "PublicIp": address,
        }
        interface["Association"] = association
        interface["PrivateIpAddresses"][0]["Association"] = association
    return interface


def instance_json(ctx: RequestContext, instance: Ec2Instance) -> dict[str, Any]:
    """An instance as DescribeInstances (and RunInstances) shows it."""
    ec2 = ec2_state(ctx)
    kind = INSTANCE_TYPES[instance.instance_type]
    threads = 1 if kind.vcpus == 1 or kind.architecture == "arm64" else 2
    data: dict[str, Any] = {
        "Architecture": instance.architecture,
        "BlockDeviceMappings": [],
        "ClientToken": "",
        "EbsOptimized": False,
        "EnaSupport": True,
        "Hypervisor": "xen",
        "RootDeviceName": "/dev/xvda",
        "RootDeviceType": "ebs",
        "SecurityGroups": _groups(ec2, instance),
        "SourceDestCheck": True,
        "VirtualizationType": "hvm",
        "CpuOptions": {"CoreCount": max(1, kind.vcpus // threads), "ThreadsPerCore": threads},
        "MetadataOptions": {
            "State": "applied",
            "HttpTokens": "required",
            "HttpPutResponseHopLimit": 2,
            "HttpEndpoint": "enabled",
            "HttpProtocolIpv6": "disabled",
            "InstanceMetadataTags": "disabled",
        },
        "PlatformDetails": "Linux/UNIX",
        "UsageOperation": "RunInstances",
        "InstanceId": instance.instance_id,
        "ImageId": instance.image_id,
        "State": {"Code": instance.state_code, "Name": instance.state},
        "PrivateDnsName": "",
        "PublicDnsName": "",
        "StateTransitionReason": instance.transition_reason,
        "AmiLaunchIndex": instance.launch_index,
        "ProductCodes": [],
        "InstanceType": instance.instance_type,
        "LaunchTime": instance.launched_at,
        "Placement": {
            "AvailabilityZoneId": zone_id(instance.zone),
            "GroupName": "",
            "Tenancy": "default",
            "AvailabilityZone": instance.zone,
        },
        "Monitoring": {"State": "disabled"},
    }
    if instance.key_name:
        data["KeyName"] = instance.key_name
    if instance.iam_instance_profile:
        data["IamInstanceProfile"] = {
            "Arn": instance.iam_instance_profile,
            "Id": profile_id(instance.iam_instance_profile),
        }
    if instance.state_reason:
        data["StateReason"] = dict(instance.state_reason)
    if instance.tags:
        data["Tags"] = tag_list(instance.tags)
    if instance.state != "terminated":
        data["PrivateDnsName"] = dns_name(ctx.region, instance.private_ip)
        data["SubnetId"] = instance.subnet_id
        data["VpcId"] = instance.vpc_id
        data["PrivateIpAddress"] = instance.private_ip
        data["NetworkInterfaces"] = [_interface(ctx, ec2, instance)]
        address = public_ip(ec2, instance)
        if address:
            data["PublicIpAddress"] = address
            data["PublicDnsName"] = dns_name(ctx.region, address, public=True)
    return data


def reservation_json(
    ctx: RequestContext, reservation: str, instances: list[Ec2Instance]
) -> dict[str, Any]:
    return {
        "ReservationId": reservation,
        "OwnerId": OWNER_ID,
        "Groups": [],
        "Instances": [instance_json(ctx, i) for i in instances],
    }


def _values(ctx: RequestContext, instance: Ec2Instance) -> Values:
    ec2 = ec2_state(ctx)
    groups = _groups(ec2, instance)
    return {
        "instance-id": [instance.instance_id],
        "instance-state-name": [instance.state],
        "instance-state-code": [str(instance.state_code)],
        "instance-type": [instance.instance_type],
        "image-id": [instance.image_id],
        "vpc-id": [instance.vpc_id] if instance.state != "terminated" else [],
        "subnet-id": [instance.subnet_id] if instance.state != "terminated" else [],
        "availability-zone": [instance.zone],
        "private-ip-address": [instance.private_ip] if instance.state != "terminated" else [],
        "ip-address": [a for a in [public_ip(ec2, instance)] if a],
        "reservation-id": [instance.reservation_id],
        "iam-instance-profile.arn": [p for p in [instance.iam_instance_profile] if p],
        "instance.group-id": [g["GroupId"] for g in groups],
        "instance.group-name": [g.get("GroupName", "") for g in groups],
        "group-id": [g["GroupId"] for g in groups],
        "group-name": [g.get("GroupName", "") for g in groups],
        "architecture": [instance.architecture],
        "key-name": [k for k in [instance.key_name] if k],
        "launch-time": [str(instance.launched_at)],
        "owner-id": [OWNER_ID],
    }


def visible(ctx: RequestContext, instance: Ec2Instance) -> bool:
    return not (
        instance.state == "terminated" and ctx.now - instance.changed_at > VISIBLE_AFTER_TERMINATION
    )


@operation("RunInstances", service="ec2")
def run_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    checked = launch.plan(ec2, ctx.region, request)
    how_many = launch.count(ec2, checked, request["MinCount"], request["MaxCount"])
    dry_run(request)
    reservation, made = launch.launch(ctx.world, ctx.region, checked, how_many)
    return reservation_json(ctx, reservation, made)


@operation("DescribeInstances", service="ec2")
def describe_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    ec2 = ec2_state(ctx)
    filters = request.get("Filters") or []
    check_filters(filters, FILTERS)
    ids = request.get("InstanceIds") or []
    if ids and "MaxResults" in request:
        raise InvalidParameterCombination(
            "The parameter instancesSet cannot be used with the parameter maxResults"
        )
    if ids:
        candidates = find_instances(ec2, ids)
    else:
        candidates = [i for i in ec2.instances.values() if visible(ctx, i)]
    found = [i for i in candidates if matches(_values(ctx, i), i.tags, filters)]
    shown, token = page(found, request)
    reservations: dict[str, list[Ec2Instance]] = {}
    for instance in shown:
        reservations.setdefault(instance.reservation_id, []).append(instance)
    answer: dict[str, Any] = {
        "Reservations": [reservation_json(ctx, r, i) for r, i in reservations.items()]
    }
    if token:
        answer["NextToken"] = token
    return answer
