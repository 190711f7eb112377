"""Launching EC2 instances: what RunInstances does, and what EC2 Auto Scaling will call.

`plan` reads a RunInstances request into a `LaunchPlan`: a launch template's data first (when
the request names one), then the request's own members on top (the request wins, member by
member; TagSpecifications from both apply). It refuses what EC2 refuses, in EC2's words, before
anything changes. `launch` then makes the instances: pending, each with a private address from
its subnet, booting on the clock (or, for ``sim.launch_instances``, running and registered at
once). `launch_from_template` is the same path for a caller holding a launch template and a
few overrides, as EC2 Auto Scaling does.

What ecslearn chose where AWS leaves it open:

- With no subnet and no zone, EC2 picks a default subnet; ecslearn picks the zone with the
  fewest live instances (then the first in name order), so instances spread.
- Without an InstanceType EC2 launches an m1.small (its documented default).
- ``ImageId`` may be ``resolve:ssm:<public parameter>`` (as on AWS); a parameter ecslearn does
  not know is InvalidParameterValue in ecslearn's words.
- There is no vCPU quota: a request is limited by the free addresses of its subnet only.
- IAM is not simulated: any instance profile name or ARN is taken to exist and to carry the
  ECS instance role's permissions (the agent registers with it). Key pairs are not simulated
  either: KeyName is kept as given.
"""

from __future__ import annotations

import ipaddress
import random
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecslearn.errors import (
    InsufficientFreeAddressesInSubnet,
    InvalidAMIIDMalformed,
    InvalidAMIIDNotFound,
    InvalidParameter,
    InvalidParameterCombination,
    InvalidParameterValue,
    MissingParameter,
)
from ecslearn.model.amis import MachineImage, images_in, public_parameters
from ecslearn.model.ec2 import (
    RESERVED_ADDRESSES,
    Ec2Instance,
    Ec2State,
    Subnet,
    allocate_address,
    zone_names,
)
from ecslearn.model.ecs_config import UserDataError, decode_user_data
from ecslearn.model.instance_types import INSTANCE_TYPES, InstanceType
from ecslearn.services.ec2 import launch_templates, transitions
from ecslearn.services.ec2.common import profile_arn, tags_for
from ecslearn.services.ec2.network import find_subnet
from ecslearn.services.ec2.security_groups import find_group, group_in_default_vpc

if TYPE_CHECKING:
    from ecslearn.control.world import World

AMI_ID = re.compile(r"^ami-([0-9a-f]{8}|[0-9a-f]{17})$")
DEFAULT_INSTANCE_TYPE = "m1.small"
USER_DATA_LIMIT = 16 * 1024
#: The RunInstances members a launch template's data can also give.
FROM_TEMPLATE = (
    "ImageId",
    "InstanceType",
    "KeyName",
    "UserData",
    "SecurityGroupIds",
    "SecurityGroups",
    "IamInstanceProfile",
    "Placement",
    "NetworkInterfaces",
)


@dataclass
class LaunchPlan:
    """Everything RunInstances needs to make its instances, checked."""

    image_id: str
    image: MachineImage
    kind: InstanceType
    subnet: Subnet | None  # None: each instance goes to the least used default subnet
    group_ids: list[str]
    profile: str | None
    user_data: str | None
    key_name: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    template: dict[str, str] | None = None
    private_ip: str | None = None


def _merged(ec2: Ec2State, request: dict[str, Any]) -> tuple[dict[str, Any], dict | None]:
    """The request over its launch template's data, and the template it came from."""
    spec = request.get("LaunchTemplate")
    if not spec:
        return dict(request), None
    template, version = launch_templates.resolve(ec2, spec)
    merged = {k: v for k, v in version.data.items() if k in FROM_TEMPLATE}
    merged.update({k: v for k, v in request.items() if k != "TagSpecifications"})
    merged["TagSpecifications"] = list(version.data.get("TagSpecifications") or []) + list(
        request.get("TagSpecifications") or []
    )
    source = {
        "LaunchTemplateId": template.template_id,
        "LaunchTemplateName": template.name,
        "Version": str(version.number),
    }
    return merged, source


def _image(region: str, wanted: str | None) -> tuple[str, MachineImage]:
    if not wanted:
        raise MissingParameter("The request must contain the parameter ImageId")
    if wanted.startswith("resolve:ssm:"):
        name = wanted[len("resolve:ssm:") :]
        resolved = public_parameters(region).get(name)
        if resolved is None or not resolved.startswith("ami-"):
            # ecslearn's wording: it resolves the public AMI parameters only.
            raise InvalidParameterValue(
                f"Unable to resolve the Systems Manager parameter '{name}' to an image ID."
            )
        wanted = resolved
    if not AMI_ID.match(wanted):
        raise InvalidAMIIDMalformed(f'Invalid id: "{wanted}" (expecting "ami-...")')
    image = images_in(region).get(wanted)
    if image is None:
        raise InvalidAMIIDNotFound(f"The image id '[{wanted}]' does not exist")
    return wanted, image


def _kind(name: str | None, image: MachineImage) -> InstanceType:
    name = name or DEFAULT_INSTANCE_TYPE
    kind = INSTANCE_TYPES.get(name)
    if kind is None:
        raise InvalidParameterValue(f"Invalid value '{name}' for InstanceType.")
    if kind.architecture != image.architecture:
        raise InvalidParameterValue(
            f"The architecture '{kind.architecture}' of the specified instance type does not "
            f"match the architecture '{image.architecture}' of the specified AMI. Specify an "
            "instance type and an AMI that have matching architectures, and try again. You can "
            "use 'describe-instance-types' or 'describe-images' to discover the architecture "
            "of the instance type or AMI."
        )
    return kind


def _placement(ec2: Ec2State, region: str, merged: dict[str, Any]) -> tuple[Subnet | None, dict]:
    """The subnet (None: pick per instance) and the primary network interface asked for."""
    interfaces = merged.get("NetworkInterfaces") or []
    primary = next((n for n in interfaces if n.get("DeviceIndex", 0) == 0), {})
    if primary and merged.get("SubnetId"):
        raise InvalidParameterCombination(
            "Network interfaces and an instance-level subnet ID may not be specified on the "
            "same request"
        )
    if primary and (merged.get("SecurityGroupIds") or merged.get("SecurityGroups")):
        raise InvalidParameterCombination(
            "Network interfaces and an instance-level security groups may not be specified on "
            "the same request"
        )
    subnet_id = merged.get("SubnetId") or primary.get("SubnetId")
    zone = (merged.get("Placement") or {}).get("AvailabilityZone")
    if zone and zone not in zone_names(region):
        raise InvalidParameterValue(f"Invalid availability zone: [{zone}]")
    if subnet_id:
        subnet = find_subnet(ec2, subnet_id)
        if zone and zone != subnet.zone:
            raise InvalidParameterValue(
                f"Value ({zone}) for parameter availabilityZone is invalid. Subnet "
                f"'{subnet.subnet_id}' is in the availability zone {subnet.zone}"
            )
        return subnet, primary
    if zone:
        return ec2.default_subnet(zone), primary
    return None, primary


def _groups(ec2: Ec2State, merged: dict, primary: dict, vpc_id: str) -> list[str]:
    ids = list(merged.get("SecurityGroupIds") or primary.get("Groups") or [])
    groups = [find_group(ec2, group_id) for group_id in ids]
    groups += [group_in_default_vpc(ec2, name) for name in merged.get("SecurityGroups") or []]
    if not groups:
        default = ec2.group_named(vpc_id, "default")
        groups = [default] if default is not None else []
    for group in groups:
        if group.vpc_id != vpc_id:
            raise InvalidParameter(
                f"Security group {group.group_id} and subnet belong to different networks."
            )
    return list(dict.fromkeys(g.group_id for g in groups))


def plan(ec2: Ec2State, region: str, request: dict[str, Any]) -> LaunchPlan:
    """A RunInstances request (with or without a launch template), checked."""
    merged, source = _merged(ec2, request)
    image_id, image = _image(region, merged.get("ImageId"))
    kind = _kind(merged.get("InstanceType"), image)
    subnet, primary = _placement(ec2, region, merged)
    private_ip = merged.get("PrivateIpAddress") or primary.get("PrivateIpAddress")
    if private_ip:
        subnet = _address_subnet(ec2, subnet, private_ip)
    vpc = ec2.default_vpc
    vpc_id = subnet.vpc_id if subnet is not None else (vpc.vpc_id if vpc else "")
    user_data = merged.get("UserData")
    if user_data:
        try:
            raw = decode_user_data(user_data)
        except UserDataError as error:
            raise InvalidParameterValue(str(error)) from None
        if len(raw.encode()) > USER_DATA_LIMIT:
            raise InvalidParameterValue(f"User data is limited to {USER_DATA_LIMIT} bytes")
    tags = tags_for(merged, "instance")
    if any(key.startswith("aws:") for key in tags):
        raise InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")
    if source is not None:
        tags["aws:ec2launchtemplate:id"] = source["LaunchTemplateId"]
        tags["aws:ec2launchtemplate:version"] = source["Version"]
    return LaunchPlan(
        image_id=image_id,
        image=image,
        kind=kind,
        subnet=subnet,
        group_ids=_groups(ec2, merged, primary, vpc_id),
        profile=profile_arn(merged.get("IamInstanceProfile")),
        user_data=user_data or None,
        key_name=merged.get("KeyName"),
        tags=tags,
        template=source,
        private_ip=private_ip,
    )


def count(ec2: Ec2State, plan_: LaunchPlan, minimum: int, maximum: int) -> int:
    """How many instances RunInstances makes: MaxCount if the subnet has room, else as many as
    it has (at least MinCount)."""
    if minimum < 1:
        raise InvalidParameterValue(
            f"Value ({minimum}) for parameter minCount is invalid. Expected a positive integer."
        )
    if maximum < minimum:
        raise InvalidParameterValue(
            f"Value ({maximum}) for parameter maxCount is invalid. maxCount must be greater "
            "than or equal to minCount."
        )
    if plan_.private_ip and maximum > 1:
        raise InvalidParameterCombination(
            "Cannot specify a private IP address when launching more than one instance."
        )
    subnets = (
        [plan_.subnet] if plan_.subnet else [s for s in ec2.subnets.values() if s.default_for_az]
    )
    free = sum(s.size - RESERVED_ADDRESSES - len(ec2.addresses_in(s.subnet_id)) for s in subnets)
    if free < minimum:
        where = plan_.subnet.subnet_id if plan_.subnet else "the default subnets"
        raise InsufficientFreeAddressesInSubnet(
            f"There are not enough free addresses in subnet '{where}' to satisfy the requested "
            "number of instances."
        )
    return min(maximum, free)


def _inside(address: str, subnet: Subnet) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(subnet.cidr_block)
    except ValueError:
        return False


def _address_subnet(ec2: Ec2State, subnet: Subnet | None, address: str) -> Subnet:
    """The subnet a requested private address is in (it must be free)."""
    if subnet is None:
        subnet = next(
            (s for s in ec2.subnets.values() if s.default_for_az and _inside(address, s)), None
        )
    if subnet is None or not _inside(address, subnet):
        raise InvalidParameterValue(
            f"Address {address} does not fall within the subnet's address range"
        )
    if address in ec2.addresses_in(subnet.subnet_id):
        raise InvalidParameterValue(f"Address {address} is in use.")
    return subnet


def _least_used(ec2: Ec2State) -> Subnet:
    """The default subnet with the fewest live instances (then the first zone). Each live
    instance holds one address of its subnet, so the address index counts them without a
    walk over every instance the region ever launched."""
    subnets = sorted((s for s in ec2.subnets.values() if s.default_for_az), key=lambda s: s.zone)
    return min(subnets, key=lambda s: len(ec2.addresses_in(s.subnet_id)))


def new_instance_id(ec2: Ec2State, rng: random.Random) -> str:
    """``i-`` and 17 hex digits, from the seeded random source (as sim.launch_instances drew)."""
    while True:
        candidate = f"i-{rng.getrandbits(68):017x}"
        if candidate not in ec2.instances:
            return candidate


def launch(
    world: World,
    region: str,
    plan_: LaunchPlan,
    how_many: int,
    *,
    ready: bool = False,
) -> tuple[str, list[Ec2Instance]]:
    """Make `how_many` instances of the plan: pending and booting on the clock, or, `ready`
    (``sim.launch_instances``), running now (the caller registers their agents) and nothing on the
    timeline. Returns the reservation ID and the instances."""
    ec2 = world.region_state(region).ec2
    reservation = ec2.next_id("r", region)
    made = []
    for index in range(how_many):
        subnet = plan_.subnet or _least_used(ec2)
        instance_id = new_instance_id(ec2, world.rng)
        now = world.clock.timestamp
        instance = Ec2Instance(
            instance_id=instance_id,
            image_id=plan_.image_id,
            instance_type=plan_.kind.name,
            zone=subnet.zone,
            subnet_id=subnet.subnet_id,
            vpc_id=subnet.vpc_id,
            private_ip=plan_.private_ip or allocate_address(ec2, subnet, world.rng),
            reservation_id=reservation,
            eni_id=ec2.next_id("eni", region),
            launched_at=now,
            changed_at=now,
            launch_index=index,
            architecture=plan_.image.architecture,
            security_group_ids=list(plan_.group_ids),
            iam_instance_profile=plan_.profile,
            user_data=plan_.user_data,
            key_name=plan_.key_name,
            launch_template=dict(plan_.template) if plan_.template else None,
            tags=dict(plan_.tags),
            state_reason={"Code": "pending", "Message": "pending"},
        )
        ec2.add_instance(instance)
        made.append(instance)
        if ready:
            transitions.set_state(world, region, instance, "running", quiet=True)
            instance.state_reason = None
    if not ready:
        for instance in made:
            transitions.set_state(world, region, instance, "pending")
            transitions.boot(world, region, instance)
    return reservation, made


def launch_from_template(
    world: World,
    region: str,
    template: dict[str, str],
    *,
    count_: int = 1,
    overrides: dict[str, Any] | None = None,
) -> tuple[str, list[Ec2Instance]]:
    """Launch `count_` instances from a launch template (``{"LaunchTemplateId" or
    "LaunchTemplateName": ..., "Version": ...}``), with RunInstances members in `overrides`
    (``SubnetId``, ``InstanceType``, ``TagSpecifications``...): what EC2 Auto Scaling does when
    it launches into a group. Raises EC2's errors as RunInstances would."""
    ec2 = world.region_state(region).ec2
    request = {"LaunchTemplate": template, **(overrides or {})}
    checked = plan(ec2, region, request)
    return launch(world, region, checked, count(ec2, checked, count_, count_))
