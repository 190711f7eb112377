"""Every region has AWS's default network: a default VPC, a default subnet per zone and the
VPC's default security group; security groups are made, opened and deleted as EC2 allows."""

from __future__ import annotations

import pytest


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_a_region_has_a_default_vpc_with_a_default_subnet_per_zone(ec2) -> None:
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    assert vpc["IsDefault"] and vpc["CidrBlock"] == "172.31.0.0/16" and vpc["State"] == "available"
    subnets = ec2.describe_subnets()["Subnets"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    assert sorted(s["AvailabilityZone"] for s in subnets) == zones
    assert sorted(s["CidrBlock"] for s in subnets) == [
        "172.31.0.0/20",
        "172.31.16.0/20",
        "172.31.32.0/20",
    ]
    assert all(s["DefaultForAz"] and s["MapPublicIpOnLaunch"] for s in subnets)
    assert {s["VpcId"] for s in subnets} == {vpc["VpcId"]}
    assert {s["AvailableIpAddressCount"] for s in subnets} == {4096 - 5}


def test_each_region_has_its_own_default_network(sim) -> None:
    east = sim.client("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]
    west = sim.client("ec2", region_name="us-west-2").describe_subnets()["Subnets"]
    assert {s["AvailabilityZone"] for s in west} == {"us-west-2a", "us-west-2b", "us-west-2c"}
    assert {s["VpcId"] for s in west} != {east}


def test_vpcs_and_subnets_filter_by_ec2s_names(ec2) -> None:
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"
    ]
    assert ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["false"]}])["Vpcs"] == []
    in_b = ec2.describe_subnets(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "availability-zone", "Values": ["us-east-1b"]},
        ]
    )["Subnets"]
    assert [s["AvailabilityZoneId"] for s in in_b] == ["use1-az2"]
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.describe_subnets(SubnetIds=["subnet-0123456789abcdef0"])
    assert error(err) == (
        "InvalidSubnetID.NotFound",
        "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    )
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.describe_vpcs(VpcIds=["vpc-0123456789abcdef0"])
    assert error(err)[0] == "InvalidVpcID.NotFound"


def test_the_default_security_group_lets_its_members_in_and_everything_out(ec2) -> None:
    [group] = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"
    ]
    [inbound] = group["IpPermissions"]
    assert inbound["IpProtocol"] == "-1"
    assert [p["GroupId"] for p in inbound["UserIdGroupPairs"]] == [group["GroupId"]]
    [outbound] = group["IpPermissionsEgress"]
    assert outbound["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]


def test_a_new_group_is_opened_rule_by_rule(ec2) -> None:
    made = ec2.create_security_group(GroupName="web", Description="web servers")
    group_id = made["GroupId"]
    added = ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 80,
                "ToPort": 80,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    assert added["Return"] is True
    [rule] = added["SecurityGroupRules"]
    assert (rule["IpProtocol"], rule["FromPort"], rule["CidrIpv4"]) == ("tcp", 80, "0.0.0.0/0")
    ec2.authorize_security_group_ingress(
        GroupName="web", IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="10.0.0.0/8"
    )
    [group] = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    assert sorted(p["FromPort"] for p in group["IpPermissions"]) == [80, 443]
    assert group["IpPermissionsEgress"][0]["IpProtocol"] == "-1"
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.authorize_security_group_ingress(
            GroupId=group_id, IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0"
        )
    assert error(err)[0] == "InvalidPermission.Duplicate"


def test_group_names_are_unique_in_a_vpc(ec2) -> None:
    ec2.create_security_group(GroupName="web", Description="web")
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.create_security_group(GroupName="web", Description="again")
    code, message = error(err)
    assert code == "InvalidGroup.Duplicate" and "'web' already exists for VPC 'vpc-" in message


def test_a_group_in_use_or_the_default_group_cannot_be_deleted(sim, ec2) -> None:
    default = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.delete_security_group(GroupId=default["GroupId"])
    assert error(err)[0] == "CannotDelete"
    group_id = ec2.create_security_group(GroupName="app", Description="app")["GroupId"]
    ami = sim.client("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    )["Parameter"]["Value"]
    [instance] = ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, SecurityGroupIds=[group_id]
    )["Instances"]
    assert instance["SecurityGroups"] == [{"GroupId": group_id, "GroupName": "app"}]
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.delete_security_group(GroupId=group_id)
    assert error(err) == ("DependencyViolation", f"resource {group_id} has a dependent object")
    ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])
    sim.advance(30)
    assert ec2.delete_security_group(GroupId=group_id)["Return"] is True
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.delete_security_group(GroupId=group_id)
    assert error(err) == (
        "InvalidGroup.NotFound",
        f"The security group '{group_id}' does not exist",
    )


def test_an_instance_without_groups_gets_its_vpcs_default_group(sim, ec2) -> None:
    ami = sim.client("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    )["Parameter"]["Value"]
    [instance] = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1)["Instances"]
    assert [g["GroupName"] for g in instance["SecurityGroups"]] == ["default"]
