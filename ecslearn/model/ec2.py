"""EC2's records as plain data: a region's default network, its security groups, launch
templates and instances, and the ECS agent each instance runs.

What a region starts with is AWS's default network: a default VPC (172.31.0.0/16), one default
subnet per availability zone (a /20 each, 172.31.0.0/20 for zone a, 172.31.16.0/20 for b, ...,
as AWS carves them) and the VPC's ``default`` security group (all traffic from itself, all
traffic out). AWS pairs subnets with zones in no documented order; ecslearn pairs them
alphabetically.

IDs are EC2's form (``vpc-`` and 17 hex digits). Those of the default network, security groups,
launch templates, reservations and network interfaces are counted, not drawn: a digest of the
region and a counter, so making them never moves the seeded random source the rest of the
simulation reads. Instance IDs and private addresses are drawn from that source, as
``sim.launch_instances`` always drew them, so a seed gives the same instances as before.

The records hold what EC2 keeps; the EC2 handlers (`ecslearn.services.ec2`) write EC2's shapes
from them. Times are epoch seconds on the simulated clock.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import random
import re
from dataclasses import dataclass, field
from typing import Any

#: Every simulated region has three zones, ``<region>a`` to ``<region>c``.
ZONE_LETTERS = "abc"
DEFAULT_VPC_CIDR = "172.31.0.0/16"
#: EC2's instance states and their codes (the low byte of ``InstanceState.Code``).
STATE_CODES = {
    "pending": 0,
    "running": 16,
    "shutting-down": 32,
    "terminated": 48,
    "stopping": 64,
    "stopped": 80,
}
#: States an instance passes through on its way somewhere (the clock moves it on).
TRANSITIONAL = ("pending", "stopping", "shutting-down")
#: Addresses AWS keeps in every subnet: the network, the next three, and the broadcast.
RESERVED_ADDRESSES = 5

_COMPASS = (("north", "n"), ("south", "s"), ("east", "e"), ("west", "w"), ("central", "c"))


def zone_id_prefix(region: str) -> str:
    """``use1`` for us-east-1, ``apne2`` for ap-northeast-2: AWS's short region code."""
    match = re.fullmatch(r"([a-z]+)-([a-z]+)-(\d+)", region)
    if match is None:
        return region.replace("-", "")
    area, direction, number = match.groups()
    for word, letter in _COMPASS:
        direction = direction.replace(word, letter)
    return f"{area}{direction}{number}"


def zone_names(region: str) -> list[str]:
    return [f"{region}{letter}" for letter in ZONE_LETTERS]


def zone_id(zone: str) -> str:
    """``use1-az1`` for us-east-1a (ecslearn pairs a with az1, b with az2, c with az3)."""
    region, letter = zone[:-1], zone[-1]
    return f"{zone_id_prefix(region)}-az{ZONE_LETTERS.index(letter) + 1}"


@functools.lru_cache(maxsize=256)
def _network(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(cidr)


def counted_id(prefix: str, region: str, what: str, number: int = 0) -> str:
    """A deterministic EC2 ID: ``prefix-`` and 17 hex digits of a digest."""
    digest = hashlib.sha256(f"ecslearn/{region}/{what}/{number}".encode()).hexdigest()
    return f"{prefix}-{digest[:17]}"


@dataclass
class Vpc:
    vpc_id: str
    cidr_block: str
    is_default: bool = False
    dhcp_options_id: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Subnet:
    subnet_id: str
    vpc_id: str
    cidr_block: str
    zone: str
    default_for_az: bool = False
    map_public_ip_on_launch: bool = False
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return _network(self.cidr_block).num_addresses

    def address(self, host: int) -> str:
        """The subnet's `host`-th address (0 is the network address)."""
        return str(_network(self.cidr_block)[host])


@dataclass
class SecurityGroup:
    group_id: str
    group_name: str
    description: str
    vpc_id: str
    #: IpPermissions as EC2 writes them (IpProtocol, FromPort, ToPort, IpRanges, ...)
    ingress: list[dict[str, Any]] = field(default_factory=list)
    egress: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class LaunchTemplateVersion:
    number: int
    #: the LaunchTemplateData as CreateLaunchTemplate(Version) was given it
    data: dict[str, Any]
    created_at: float
    description: str | None = None


@dataclass
class LaunchTemplate:
    template_id: str
    name: str
    created_at: float
    default_version: int = 1
    latest_version: int = 1
    versions: dict[int, LaunchTemplateVersion] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Ec2Instance:
    """One EC2 instance and the ECS agent on it (when its image has one).

    ``agent`` says where the agent is: ``none`` (an image without the agent, or an instance that
    is not running), ``starting`` (it will try to register), ``registered``, ``failed`` (it
    tried and could not; it tries again, as ecs-init restarts it), ``disconnected`` (the
    instance stopped; its registration stays). ``agent_log`` is what
    /var/log/ecs/ecs-agent.log would say.
    """

    instance_id: str
    image_id: str
    instance_type: str
    zone: str
    subnet_id: str
    vpc_id: str
    private_ip: str
    reservation_id: str
    eni_id: str
    launched_at: float
    state: str = "pending"
    changed_at: float = 0.0  # when the state last changed
    launch_index: int = 0
    architecture: str = "x86_64"
    security_group_ids: list[str] = field(default_factory=list)
    iam_instance_profile: str | None = None  # the profile's ARN
    profile_association: str | None = None  # its association ID (iip-assoc-...)
    user_data: str | None = None  # base64, as RunInstances takes it
    key_name: str | None = None
    launch_template: dict[str, str] | None = None  # LaunchTemplateId, Name, Version
    transition_reason: str = ""
    state_reason: dict[str, str] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    agent: str = "none"
    container_instance_arn: str | None = None
    agent_log: list[str] = field(default_factory=list)
    #: what the agent last failed on, in a sentence (None while all is well)
    agent_problem: str | None = None

    @property
    def state_code(self) -> int:
        return STATE_CODES[self.state]


@dataclass
class TaskInterface:
    """A network interface ECS made for a Fargate task (requester-managed, as AWS's are): it
    holds one private address of its subnet, and a public one when the task asked for it."""

    eni_id: str
    subnet_id: str
    private_ip: str
    mac_address: str
    task_arn: str
    security_group_ids: list[str] = field(default_factory=list)
    public_ip: str | None = None


@dataclass
class Ec2State:
    """One region's EC2: the default network, what learners created, and instances."""

    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    security_groups: dict[str, SecurityGroup] = field(default_factory=dict)
    launch_templates: dict[str, LaunchTemplate] = field(default_factory=dict)
    instances: dict[str, Ec2Instance] = field(default_factory=dict)
    #: Fargate tasks' network interfaces, by ENI ID, while their tasks hold them
    task_interfaces: dict[str, TaskInterface] = field(default_factory=dict)
    #: how many counted IDs (`counted_id`) this region has issued
    issued: int = 0

    def next_id(self, prefix: str, region: str) -> str:
        self.issued += 1
        return counted_id(prefix, region, prefix, self.issued)

    @property
    def default_vpc(self) -> Vpc | None:
        return next((v for v in self.vpcs.values() if v.is_default), None)

    def default_subnet(self, zone: str) -> Subnet | None:
        return next((s for s in self.subnets.values() if s.zone == zone and s.default_for_az), None)

    def group_named(self, vpc_id: str, name: str) -> SecurityGroup | None:
        return next(
            (
                g
                for g in self.security_groups.values()
                if g.vpc_id == vpc_id and g.group_name == name
            ),
            None,
        )

    def addresses_in(self, subnet_id: str) -> set[str]:
        """The private addresses taken in a subnet (by instances not yet terminated). An index
        kept beside the fields (never saved, never compared), rebuilt from the instances when
        missing; `add_instance` and `release_address` keep it current."""
        taken = self.__dict__.get("_taken")
        if taken is None:
            taken = {}
            for instance in self.instances.values():
                if instance.state != "terminated":
                    taken.setdefault(instance.subnet_id, set()).add(instance.private_ip)
            for interface in self.task_interfaces.values():
                taken.setdefault(interface.subnet_id, set()).add(interface.private_ip)
            self.__dict__["_taken"] = taken
        return taken.setdefault(subnet_id, set())

    def add_instance(self, instance: Ec2Instance) -> None:
        self.instances[instance.instance_id] = instance
        self.addresses_in(instance.subnet_id).add(instance.private_ip)

    def release_address(self, instance: Ec2Instance) -> None:
        """A terminated instance's address is free again."""
        self.addresses_in(instance.subnet_id).discard(instance.private_ip)

    def add_interface(self, interface: TaskInterface) -> None:
        self.task_interfaces[interface.eni_id] = interface
        self.addresses_in(interface.subnet_id).add(interface.private_ip)

    def remove_interface(self, eni_id: str) -> TaskInterface | None:
        """The task's interface is deleted: its address is free again."""
        interface = self.task_interfaces.pop(eni_id, None)
        if interface is not None:
            self.addresses_in(interface.subnet_id).discard(interface.private_ip)
        return interface

    def unsettled(self) -> list[str]:
        """Instances on their way somewhere, and agents about to start: what the clock will
        still change without anyone asking."""
        reasons = []
        for instance in self.instances.values():
            if instance.state in TRANSITIONAL:
                reasons.append(f"EC2 instance {instance.instance_id} is {instance.state}")
            elif instance.agent == "starting":
                reasons.append(f"the ECS agent on {instance.instance_id} is starting")
        return reasons


def allocate_address(ec2: Ec2State, subnet: Subnet, rng: random.Random) -> str:
    """A free private address of the subnet, drawn from the seeded random source (two draws,
    as sim.launch_instances drew its 10.0.x.y addresses; more only on a collision). Instances
    and Fargate tasks' interfaces draw from the one pool, so no two hold the same address."""
    taken = ec2.addresses_in(subnet.subnet_id)
    usable = subnet.size - RESERVED_ADDRESSES
    while True:
        high, low = rng.randrange(256), rng.randrange(1, 255)
        address = subnet.address(((high << 8) | low) % usable + 4)
        if address not in taken:
            return address


def default_network(region: str) -> Ec2State:
    """A region's EC2 as AWS creates it for a new account: the default VPC, one default
    subnet per zone and the VPC's default security group."""
    state = Ec2State()
    vpc = Vpc(
        vpc_id=counted_id("vpc", region, "default-vpc"),
        cidr_block=DEFAULT_VPC_CIDR,
        is_default=True,
        dhcp_options_id=counted_id("dopt", region, "default-dhcp-options"),
    )
    state.vpcs[vpc.vpc_id] = vpc
    blocks = ipaddress.ip_network(DEFAULT_VPC_CIDR).subnets(new_prefix=20)
    for zone, block in zip(zone_names(region), blocks, strict=False):
        subnet = Subnet(
            subnet_id=counted_id("subnet", region, f"default-subnet-{zone}"),
            vpc_id=vpc.vpc_id,
            cidr_block=str(block),
            zone=zone,
            default_for_az=True,
            map_public_ip_on_launch=True,
        )
        state.subnets[subnet.subnet_id] = subnet
    group = SecurityGroup(
        group_id=counted_id("sg", region, "default-security-group"),
        group_name="default",
        description="default VPC security group",
        vpc_id=vpc.vpc_id,
    )
    group.ingress = [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group.group_id}]}]
    group.egress = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    state.security_groups[group.group_id] = group
    return state
