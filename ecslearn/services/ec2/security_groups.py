"""EC2's security groups: DescribeSecurityGroups, CreateSecurityGroup,
AuthorizeSecurityGroupIngress, DeleteSecurityGroup.

Each VPC has its ``default`` group (all traffic from members of the group, all traffic out),
which cannot be deleted. A new group allows all traffic out and nothing in, as on AWS. Rules are
kept as EC2 shows them (one IpPermission per protocol and port range, listing its sources);
adding a rule that is already there is InvalidPermission.Duplicate.

The simulated network does not enforce the rules (yet): a load balancer reaches its targets
whatever their groups say. What the groups teach here is their shape and their lifecycle.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ecslearn.errors import (
    CannotDelete,
    DependencyViolation,
    InvalidGroupDuplicate,
    InvalidGroupNotFound,
    InvalidParameterValue,
    InvalidPermissionDuplicate,
    MissingParameter,
)
from ecslearn.model.ec2 import Ec2State, SecurityGroup
from ecslearn.services.ec2.common import (
    OWNER_ID,
    Values,
    check_filters,
    dry_run,
    ec2_state,
    filtered,
    page,
    tag_list,
    tags_for,
)
from ecslearn.services.ec2.network import find_vpc
from ecslearn.services.handlers import RequestContext, operation

FILTERS = ("group-id", "group-name", "vpc-id", "description", "owner-id")
PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp"}
PROTOCOLS |= {"-1": "-1", "all": "-1"}
ALL_OUT = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def group_arn(region: str, group: SecurityGroup) -> str:
    return f"arn:aws:ec2:{region}:{OWNER_ID}:security-group/{group.group_id}"


def find_group(ec2: Ec2State, group_id: str) -> SecurityGroup:
    group = ec2.security_groups.get(group_id)
    if group is None:
        raise InvalidGroupNotFound(f"The security group '{group_id}' does not exist")
    return group


def group_in_default_vpc(ec2: Ec2State, name: str) -> SecurityGroup:
    """A group named in the default VPC (the only place EC2 looks groups up by name)."""
    vpc = ec2.default_vpc
    group = ec2.group_named(vpc.vpc_id, name) if vpc is not None else None
    if group is None:
        vpc_id = vpc.vpc_id if vpc is not None else ""
        raise InvalidGroupNotFound(
            f"The security group '{name}' does not exist in default VPC '{vpc_id}'"
        )
    return group


def _permission_json(permission: dict[str, Any]) -> dict[str, Any]:
    """An IpPermission with the lists EC2 always writes, and the owner on group pairs."""
    shown = {
        "IpProtocol": permission["IpProtocol"],
        "IpRanges": permission.get("IpRanges", []),
        "Ipv6Ranges": permission.get("Ipv6Ranges", []),
        "PrefixListIds": permission.get("PrefixListIds", []),
        "UserIdGroupPairs": [
            {**pair, "UserId": OWNER_ID} for pair in permission.get("UserIdGroupPairs", [])
        ],
    }
    for member in ("FromPort", "ToPort"):
        if member in permission:
            shown[member] = permission[member]
    return shown


def group_json(region: str, group: SecurityGroup) -> dict[str, Any]:
    data: dict[str, Any] = {
        "GroupId": group.group_id,
        "IpPermissionsEgress": [_permission_json(p) for p in group.egress],
        "VpcId": group.vpc_id,
        "SecurityGroupArn": group_arn(region, group),
        "OwnerId": OWNER_ID,
        "GroupName": group.group_name,
        "Description": group.description,
        "IpPermissions": [_permission_json(p) for p in group.ingress],
    }
    if group.tags:
        data["Tags"] = tag_list(group.tags)
    return data


def _values(group: SecurityGroup) -> Values:
    return {
        "group-id": [group.group_id],
        "group-name": [group.group_name],
        "vpc-id": [group.vpc_id],
        "description": [group.description],
        "owner-id": [OWNER_ID],
    }


@operation("DescribeSecurityGroups", service="ec2")
def describe_security_groups(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    ec2 = ec2_state(ctx)
    check_filters(request.get("Filters") or [], FILTERS)
    groups = list(ec2.security_groups.values())
    if request.get("GroupIds"):
        groups = [find_group(ec2, group_id) for group_id in request["GroupIds"]]
    if request.get("GroupNames"):
        named = [group_in_default_vpc(ec2, name) for name in request["GroupNames"]]
        groups = [g for g in groups if g in named]
    found = filtered(groups, request, _values, lambda g: g.tags)
    shown, token = page(found, request)
    answer: dict[str, Any] = {"SecurityGroups": [group_json(ctx.region, g) for g in shown]}
    if token:
        answer["NextToken"] = token
    return answer


@operation("CreateSecurityGroup", service="ec2")
def create_security_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    name, description = request["GroupName"], request["Description"]
    if not name.strip():
        raise MissingParameter("The request must contain the parameter groupName")
    if name.lower().startswith("sg-"):
        raise InvalidParameterValue("Group names may not be in the format sg-*.")
    if len(name) > 255 or len(description) > 255:
        raise InvalidParameterValue("Group names and descriptions are at most 255 characters.")
    default = ec2.default_vpc
    vpc = find_vpc(ec2, request["VpcId"]) if request.get("VpcId") else default
    if vpc is None:
        raise MissingParameter("The request must contain the parameter vpcId")
    if ec2.group_named(vpc.vpc_id, name) is not None:
        raise InvalidGroupDuplicate(
            f"The security group '{name}' already exists for VPC '{vpc.vpc_id}'"
        )
    tags = tags_for(request, "security-group")
    dry_run(request)
    group = SecurityGroup(
        group_id=ec2.next_id("sg", ctx.region),
        group_name=name,
        description=description,
        vpc_id=vpc.vpc_id,
        egress=[dict(ALL_OUT)],
        tags=tags,
    )
    ec2.security_groups[group.group_id] = group
    answer: dict[str, Any] = {
        "GroupId": group.group_id,
        "SecurityGroupArn": group_arn(ctx.region, group),
    }
    if tags:
        answer["Tags"] = tag_list(tags)
    return answer


def _target(ec2: Ec2State, request: dict[str, Any]) -> SecurityGroup:
    if request.get("GroupId"):
        return find_group(ec2, request["GroupId"])
    if request.get("GroupName"):
        return group_in_default_vpc(ec2, request["GroupName"])
    raise MissingParameter("The request must contain the parameter groupName or groupId")


def _requested_permissions(request: dict[str, Any]) -> list[dict[str, Any]]:
    """IpPermissions, or the older flat form (IpProtocol, FromPort, ToPort, CidrIp,
    SourceSecurityGroupName) as one permission."""
    if request.get("IpPermissions"):
        return request["IpPermissions"]
    if not request.get("IpProtocol"):
        raise MissingParameter("The request must contain the parameter ipPermissions")
    permission: dict[str, Any] = {"IpProtocol": request["IpProtocol"]}
    for member in ("FromPort", "ToPort"):
        if member in request:
            permission[member] = request[member]
    if request.get("CidrIp"):
        permission["IpRanges"] = [{"CidrIp": request["CidrIp"]}]
    if request.get("SourceSecurityGroupName"):
        permission["UserIdGroupPairs"] = [{"GroupName": request["SourceSecurityGroupName"]}]
    return [permission]


def _rules(ec2: Ec2State, permission: dict[str, Any]) -> list[tuple[tuple, dict[str, Any]]]:
    """One permission as single rules: ((protocol, from, to), one source)."""
    raw = str(permission.get("IpProtocol", "")).lower()
    protocol = PROTOCOLS.get(raw)
    if protocol is None:
        raise InvalidParameterValue(f"Invalid value '{raw}' for IP protocol. Unknown protocol.")
    ports: tuple = (protocol,)
    if protocol in ("tcp", "udp"):
        low, high = permission.get("FromPort"), permission.get("ToPort")
        if low is None or high is None:
            raise InvalidParameterValue(
                "Invalid value for portRange. Must specify both from and to ports with TCP/UDP."
            )
        if not (0 <= low <= 65535 and 0 <= high <= 65535) or low > high:
            raise InvalidParameterValue(
                f"Invalid value for portRange. The port range {low}-{high} is not valid: ports "
                "go from 0 to 65535, and the first cannot be above the last."
            )
        ports = (protocol, low, high)
    elif protocol == "icmp":
        ports = (protocol, permission.get("FromPort", -1), permission.get("ToPort", -1))
    rules = []
    for cidr in permission.get("IpRanges") or []:
        try:
            block = str(ipaddress.ip_network(cidr.get("CidrIp", ""), strict=False))
        except ValueError:
            raise InvalidParameterValue(f"CIDR block {cidr.get('CidrIp')} is malformed") from None
        rules.append((ports, {"CidrIp": block, **_described(cidr)}))
    for pair in permission.get("UserIdGroupPairs") or []:
        if pair.get("GroupId"):
            source = find_group(ec2, pair["GroupId"])
        else:
            source = group_in_default_vpc(ec2, pair.get("GroupName", ""))
        rules.append((ports, {"GroupId": source.group_id, **_described(pair)}))
    if not rules:
        raise MissingParameter(
            "The request must contain a source: IpRanges (CidrIp) or UserIdGroupPairs (GroupId)."
        )
    return rules


def _described(source: dict[str, Any]) -> dict[str, str]:
    return {"Description": source["Description"]} if source.get("Description") else {}


def _has(group: SecurityGroup, ports: tuple, source: dict[str, Any]) -> bool:
    for permission in group.ingress:
        if _ports_of(permission) != ports:
            continue
        kind = "IpRanges" if "CidrIp" in source else "UserIdGroupPairs"
        key = "CidrIp" if kind == "IpRanges" else "GroupId"
        if any(existing.get(key) == source[key] for existing in permission.get(kind, [])):
            return True
    return False


def _ports_of(permission: dict[str, Any]) -> tuple:
    protocol = permission["IpProtocol"]
    if protocol == "-1":
        return (protocol,)
    return (protocol, permission.get("FromPort", -1), permission.get("ToPort", -1))


def _add(group: SecurityGroup, ports: tuple, source: dict[str, Any]) -> None:
    kind = "IpRanges" if "CidrIp" in source else "UserIdGroupPairs"
    for permission in group.ingress:
        if _ports_of(permission) == ports:
            permission.setdefault(kind, []).append(source)
            return
    permission = {"IpProtocol": ports[0], kind: [source]}
    if len(ports) == 3:
        permission["FromPort"], permission["ToPort"] = ports[1], ports[2]
    group.ingress.append(permission)


def _rule_json(
    ec2: Ec2State, region: str, group: SecurityGroup, ports: tuple, source: dict
) -> dict:
    rule: dict[str, Any] = {
        "SecurityGroupRuleId": ec2.next_id("sgr", region),
        "GroupId": group.group_id,
        "GroupOwnerId": OWNER_ID,
        "IsEgress": False,
        "IpProtocol": ports[0],
        "FromPort": ports[1] if len(ports) == 3 else -1,
        "ToPort": ports[2] if len(ports) == 3 else -1,
    }
    if "CidrIp" in source:
        rule["CidrIpv4"] = source["CidrIp"]
    else:
        rule["ReferencedGroupInfo"] = {"GroupId": source["GroupId"], "UserId": OWNER_ID}
    if source.get("Description"):
        rule["Description"] = source["Description"]
    return rule


@operation("AuthorizeSecurityGroupIngress", service="ec2")
def authorize_security_group_ingress(
    ctx: RequestContext, request: dict[str, Any]
) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    group = _target(ec2, request)
    rules = [r for p in _requested_permissions(request) for r in _rules(ec2, p)]
    for ports, source in rules:
        if _has(group, ports, source):
            peer = source.get("CidrIp") or source.get("GroupId")
            span = f", from port: {ports[1]}, to port: {ports[2]}" if len(ports) == 3 else ""
            raise InvalidPermissionDuplicate(
                f'the specified rule "peer: {peer}, {ports[0].upper()}{span}, ALLOW" already exists'
            )
    dry_run(request)
    added = []
    for ports, source in rules:
        _add(group, ports, source)
        added.append(_rule_json(ec2, ctx.region, group, ports, source))
    return {"Return": True, "SecurityGroupRules": added}


@operation("DeleteSecurityGroup", service="ec2")
def delete_security_group(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    group = _target(ec2, request)
    if group.group_name == "default":
        raise CannotDelete(
            f'the specified group: "{group.group_id}" name: "default" cannot be deleted by a user'
        )
    used = any(
        group.group_id in i.security_group_ids and i.state != "terminated"
        for i in ec2.instances.values()
    )
    referenced = any(
        pair.get("GroupId") == group.group_id
        for other in ec2.security_groups.values()
        if other is not group
        for permission in other.ingress
        for pair in permission.get("UserIdGroupPairs", [])
    )
    if used or referenced:
        raise DependencyViolation(f"resource {group.group_id} has a dependent object")
    dry_run(request)
    del ec2.security_groups[group.group_id]
    return {"Return": True, "GroupId": group.group_id}
