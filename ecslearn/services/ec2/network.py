"""EC2's DescribeVpcs and DescribeSubnets: the region's default network.

Every region has AWS's default VPC (172.31.0.0/16) with a default /20 subnet in each zone
(`ecslearn.model.ec2.default_network`). ecslearn does not create other VPCs or subnets yet
(CreateVpc and CreateSubnet answer UnsupportedOperation). A subnet's AvailableIpAddressCount is
its size less AWS's five reserved addresses and the instances in it.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidSubnetIDNotFound, InvalidVpcIDNotFound
from ecslearn.model.ec2 import RESERVED_ADDRESSES, Ec2State, Subnet, Vpc, zone_id
from ecslearn.services.ec2.common import (
    OWNER_ID,
    Values,
    check_filters,
    dry_run,
    ec2_state,
    filtered,
    page,
    tag_list,
)
from ecslearn.services.handlers import RequestContext, operation

VPC_FILTERS = ("vpc-id", "cidr", "cidr-block-association.cidr-block", "is-default", "state")
VPC_FILTERS += ("owner-id", "dhcp-options-id")
SUBNET_FILTERS = ("subnet-id", "vpc-id", "availability-zone", "availability-zone-id")
SUBNET_FILTERS += ("cidr-block", "cidr", "default-for-az", "state", "owner-id")
SUBNET_FILTERS += ("map-public-ip-on-launch", "subnet-arn")


def find_vpc(ec2: Ec2State, vpc_id: str) -> Vpc:
    vpc = ec2.vpcs.get(vpc_id)
    if vpc is None:
        raise InvalidVpcIDNotFound(f"The vpc ID '{vpc_id}' does not exist")
    return vpc


def find_subnet(ec2: Ec2State, subnet_id: str) -> Subnet:
    subnet = ec2.subnets.get(subnet_id)
    if subnet is None:
        raise InvalidSubnetIDNotFound(f"The subnet ID '{subnet_id}' does not exist")
    return subnet


def _flag(value: bool) -> str:
    return "true" if value else "false"


def vpc_json(vpc: Vpc) -> dict[str, Any]:
    data: dict[str, Any] = {
        "OwnerId": OWNER_ID,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [
            {
                "AssociationId": vpc.vpc_id.replace("vpc-", "vpc-cidr-assoc-", 1),
                "CidrBlock": vpc.cidr_block,
                "CidrBlockState": {"State": "associated"},
            }
        ],
        "IsDefault": vpc.is_default,
        "VpcId": vpc.vpc_id,
        "State": "available",
        "CidrBlock": vpc.cidr_block,
        "DhcpOptionsId": vpc.dhcp_options_id,
    }
    if vpc.tags:
        data["Tags"] = tag_list(vpc.tags)
    return data


def _vpc_values(vpc: Vpc) -> Values:
    return {
        "vpc-id": [vpc.vpc_id],
        "cidr": [vpc.cidr_block],
        "cidr-block-association.cidr-block": [vpc.cidr_block],
        "is-default": [_flag(vpc.is_default)],
        "state": ["available"],
        "owner-id": [OWNER_ID],
        "dhcp-options-id": [vpc.dhcp_options_id],
    }


def available_addresses(ec2: Ec2State, subnet: Subnet) -> int:
    return subnet.size - RESERVED_ADDRESSES - len(ec2.addresses_in(subnet.subnet_id))


def subnet_json(ctx: RequestContext, subnet: Subnet) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    data: dict[str, Any] = {
        "AvailabilityZoneId": zone_id(subnet.zone),
        "MapCustomerOwnedIpOnLaunch": False,
        "OwnerId": OWNER_ID,
        "AssignIpv6AddressOnCreation": False,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": subnet_arn(ctx.region, subnet),
        "EnableDns64": False,
        "Ipv6Native": False,
        "PrivateDnsNameOptionsOnLaunch": {
            "HostnameType": "ip-name",
            "EnableResourceNameDnsARecord": False,
            "EnableResourceNameDnsAAAARecord": False,
        },
        "SubnetId": subnet.subnet_id,
        "State": "available",
        "VpcId": subnet.vpc_id,
        "CidrBlock": subnet.cidr_block,
        "AvailableIpAddressCount": available_addresses(ec2, subnet),
        "AvailabilityZone": subnet.zone,
        "DefaultForAz": subnet.default_for_az,
        "MapPublicIpOnLaunch": subnet.map_public_ip_on_launch,
    }
    if subnet.tags:
        data["Tags"] = tag_list(subnet.tags)
    return data


def subnet_arn(region: str, subnet: Subnet) -> str:
    return f"arn:aws:ec2:{region}:{OWNER_ID}:subnet/{subnet.subnet_id}"


def _subnet_values(region: str, subnet: Subnet) -> Values:
    return {
        "subnet-id": [subnet.subnet_id],
        "vpc-id": [subnet.vpc_id],
        "availability-zone": [subnet.zone],
        "availability-zone-id": [zone_id(subnet.zone)],
        "cidr-block": [subnet.cidr_block],
        "cidr": [subnet.cidr_block],
        "default-for-az": [_flag(subnet.default_for_az)],
        "state": ["available"],
        "owner-id": [OWNER_ID],
        "map-public-ip-on-launch": [_flag(subnet.map_public_ip_on_launch)],
        "subnet-arn": [subnet_arn(region, subnet)],
    }


@operation("DescribeVpcs", service="ec2")
def describe_vpcs(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    ec2 = ec2_state(ctx)
    check_filters(request.get("Filters") or [], VPC_FILTERS)
    ids = request.get("VpcIds") or []
    vpcs = [find_vpc(ec2, i) for i in ids] if ids else list(ec2.vpcs.values())
    found = filtered(vpcs, request, _vpc_values, lambda v: v.tags)
    shown, token = page(found, request)
    return {"Vpcs": [vpc_json(v) for v in shown], **({"NextToken": token} if token else {})}


@operation("DescribeSubnets", service="ec2")
def describe_subnets(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    ec2 = ec2_state(ctx)
    check_filters(request.get("Filters") or [], SUBNET_FILTERS)
    ids = request.get("SubnetIds") or []
    subnets = [find_subnet(ec2, i) for i in ids] if ids else list(ec2.subnets.values())
    found = filtered(subnets, request, lambda s: _subnet_values(ctx.region, s), lambda s: s.tags)
    shown, token = page(found, request)
    answer: dict[str, Any] = {"Subnets": [subnet_json(ctx, s) for s in shown]}
    if token:
        answer["NextToken"] = token
    return answer
