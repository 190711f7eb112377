"""EC2 instances through a stock boto3 client: RunInstances on the virtual clock, the instance
types' real sizes, addresses from the subnet, DescribeInstances' filters, stop/start/terminate
with EC2's state codes, and EC2's errors."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from botocore.handlers import base64_encode_user_data

from ecslearn import explain

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48}
CODES |= {"stopping": 64, "stopped": 80}


def run(ec2: Any, ami: str, count: int = 1, **more: Any) -> list[dict[str, Any]]:
    return ec2.run_instances(ImageId=ami, MinCount=count, MaxCount=count, **more)["Instances"]


def describe(ec2: Any, **request: Any) -> list[dict[str, Any]]:
    answer = ec2.describe_instances(**request)
    return [i for r in answer["Reservations"] for i in r["Instances"]]


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_an_instance_is_pending_then_running_on_the_clock(sim, ec2, ami) -> None:
    [instance] = run(ec2, ami, InstanceType="t3.small")
    assert instance["State"] == {"Code": 0, "Name": "pending"}
    sim.advance(5)
    assert describe(ec2)[0]["State"]["Name"] == "pending"
    sim.advance(30)
    [running] = describe(ec2)
    assert running["State"] == {"Code": 16, "Name": "running"}
    assert running["PublicIpAddress"] and running["PublicDnsName"].endswith(".amazonaws.com")


def test_a_waiter_sees_the_instance_running(sim, ec2, ami) -> None:
    [instance] = run(ec2, ami)
    sim.advance(60)
    ec2.get_waiter("instance_running").wait(
        InstanceIds=[instance["InstanceId"]], WaiterConfig={"Delay": 0, "MaxAttempts": 2}
    )


def test_private_addresses_come_from_the_subnet(sim, ec2, ami) -> None:
    subnets = {s["SubnetId"]: s for s in ec2.describe_subnets()["Subnets"]}
    launched = run(ec2, ami, count=5)
    assert len({i["PrivateIpAddress"] for i in launched}) == 5
    for instance in launched:
        subnet = subnets[instance["SubnetId"]]
        block = ipaddress.ip_network(subnet["CidrBlock"])
        assert ipaddress.ip_address(instance["PrivateIpAddress"]) in block
        assert instance["Placement"]["AvailabilityZone"] == subnet["AvailabilityZone"]
    after = {s["SubnetId"]: s for s in ec2.describe_subnets()["Subnets"]}
    used = sum(
        subnets[s]["AvailableIpAddressCount"] - after[s]["AvailableIpAddressCount"] for s in subnets
    )
    assert used == 5


def test_one_run_goes_to_one_subnet_and_runs_without_one_spread_over_zones(sim, ec2, ami) -> None:
    subnet = ec2.describe_subnets(
        Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]}]
    )["Subnets"][0]["SubnetId"]
    assert {i["SubnetId"] for i in run(ec2, ami, count=3, SubnetId=subnet)} == {subnet}
    zones = [run(ec2, ami)[0]["Placement"]["AvailabilityZone"] for _ in range(2)]
    assert sorted(zones) == ["us-east-1a", "us-east-1c"]


def test_instance_types_register_their_real_vcpus_and_memory(sim, ec2, ami) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="default")
    run(ec2, ami, InstanceType="m5.xlarge", IamInstanceProfile={"Name": "ecsInstanceRole"})
    sim.run_until_stable()
    [arn] = ecs.list_container_instances()["containerInstanceArns"]
    [instance] = ecs.describe_container_instances(containerInstances=[arn])["containerInstances"]
    registered = {r["name"]: r.get("integerValue") for r in instance["registeredResources"]}
    assert registered["CPU"] == 4 * 1024
    assert registered["MEMORY"] == int(16 * 1024 * 7985 / 8192)
    [kind] = ec2.describe_instance_types(InstanceTypes=["m5.xlarge"])["InstanceTypes"]
    assert kind["VCpuInfo"]["DefaultVCpus"] == 4 and kind["MemoryInfo"]["SizeInMiB"] == 16384
    assert kind["NetworkInfo"]["MaximumNetworkInterfaces"] == 4


def test_an_arm64_type_needs_an_arm64_image(sim, ec2, ami) -> None:
    with pytest.raises(ec2.exceptions.ClientError) as err:
        run(ec2, ami, InstanceType="m6g.large")
    code, message = error(err)
    assert code == "InvalidParameterValue"
    assert "architecture 'arm64' of the specified instance type does not match" in message
    arm = sim.client("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    )["Parameter"]["Value"]
    assert run(ec2, arm, InstanceType="m6g.large")[0]["Architecture"] == "arm64"


def test_an_image_id_may_be_resolved_from_ssm(sim, ec2, ami) -> None:
    [instance] = run(ec2, f"resolve:ssm:{AL2023.rsplit('/image_id', 1)[0]}/image_id")
    assert instance["ImageId"] == ami


@pytest.mark.parametrize(
    ("request_", "code", "message"),
    [
        (
            {"ImageId": "ami-0123456789abcdef0"},
            "InvalidAMIID.NotFound",
            "The image id '[ami-0123456789abcdef0]' does not exist",
        ),
        ({"ImageId": "ubuntu"}, "InvalidAMIID.Malformed", 'Invalid id: "ubuntu"'),
        ({"ImageId": None}, "MissingParameter", "The request must contain the parameter ImageId"),
        (
            {"SubnetId": "subnet-0123456789abcdef0"},
            "InvalidSubnetID.NotFound",
            "The subnet ID 'subnet-0123456789abcdef0' does not exist",
        ),
        (
            {"SecurityGroupIds": ["sg-0123456789abcdef0"]},
            "InvalidGroup.NotFound",
            "The security group 'sg-0123456789abcdef0' does not exist",
        ),
        (
            {"SecurityGroups": ["web"]},
            "InvalidGroup.NotFound",
            "The security group 'web' does not exist in default VPC 'vpc-",
        ),
        (
            {"InstanceType": "p5.48xlarge"},
            "InvalidParameterValue",
            "Invalid value 'p5.48xlarge' for InstanceType.",
        ),
        (
            {"Placement": {"AvailabilityZone": "us-west-2a"}},
            "InvalidParameterValue",
            "Invalid availability zone: [us-west-2a]",
        ),
        (
            {"MinCount": 3, "MaxCount": 2},
            "InvalidParameterValue",
            "maxCount must be greater than or equal to minCount",
        ),
        ({"UserData": "not base64 !"}, "InvalidParameterValue", "Invalid BASE64"),
    ],
)
def test_ec2_refuses_a_bad_launch_in_its_own_words_and_launches_nothing(
    sim, ec2, ami, request_, code, message
) -> None:
    request = {"ImageId": ami, "MinCount": 1, "MaxCount": 1, **request_}
    request = {k: v for k, v in request.items() if v is not None}
    if "UserData" in request:  # boto3 base64-encodes user data; send it as it is
        ec2.meta.events.unregister(
            "before-parameter-build.ec2.RunInstances", handler=base64_encode_user_data
        )
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.run_instances(**request)
    assert error(err)[0] == code and message in error(err)[1]
    assert sim.region_state().ec2.instances == {}


def test_unknown_instances_are_named_as_ec2_names_them(sim, ec2) -> None:
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error(err) == (
        "InvalidInstanceID.NotFound",
        "The instance ID 'i-0123456789abcdef0' does not exist",
    )
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.terminate_instances(InstanceIds=["i-0123456789abcdef0", "i-0123456789abcdef1"])
    assert (
        "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist" in error(err)[1]
    )
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.stop_instances(InstanceIds=["web-1"])
    assert error(err)[0] == "InvalidInstanceID.Malformed"


def test_describe_instances_filters_by_ec2s_names(sim, ec2, ami) -> None:
    subnet_b = ec2.describe_subnets(
        Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]}]
    )["Subnets"][0]["SubnetId"]
    tagged = [{"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "web"}]}]
    [web] = run(ec2, ami, InstanceType="t3.small", SubnetId=subnet_b, TagSpecifications=tagged)
    [other] = run(ec2, ami, InstanceType="m5.large")
    sim.advance(60)
    ec2.stop_instances(InstanceIds=[other["InstanceId"]])

    def ids(*filters: tuple[str, list[str]]) -> set[str]:
        request = [{"Name": name, "Values": values} for name, values in filters]
        return {i["InstanceId"] for i in describe(ec2, Filters=request)}

    both = {web["InstanceId"], other["InstanceId"]}
    assert ids(("instance-id", [web["InstanceId"]])) == {web["InstanceId"]}
    assert ids(("instance-state-name", ["running"])) == {web["InstanceId"]}
    assert ids(("instance-state-name", ["stopping", "stopped"])) == {other["InstanceId"]}
    assert ids(("tag:team", ["web"])) == {web["InstanceId"]}
    assert ids(("tag:team", ["w*"]), ("instance-type", ["t3.*"])) == {web["InstanceId"]}
    assert ids(("tag-key", ["team"])) == {web["InstanceId"]}
    assert ids(("subnet-id", [subnet_b])) == {web["InstanceId"]}
    assert ids(("availability-zone", ["us-east-1b"])) == {web["InstanceId"]}
    assert ids(("vpc-id", [web["VpcId"]])) == both
    assert ids(("image-id", [ami])) == both
    assert ids(("instance-type", ["m5.large"])) == {other["InstanceId"]}
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ids(("colour", ["red"]))
    assert error(err) == ("InvalidParameterValue", "The filter 'colour' is invalid")


def test_describe_instances_pages_with_max_results(sim, ec2, ami) -> None:
    run(ec2, ami, count=7)
    pages = list(ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5}))
    counts = [sum(len(r["Instances"]) for r in p["Reservations"]) for p in pages]
    assert counts == [5, 2]


def test_stop_and_start_walk_through_ec2s_states_and_codes(sim, ec2, ami) -> None:
    [instance] = run(ec2, ami)
    ids = [instance["InstanceId"]]
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.stop_instances(InstanceIds=ids)
    assert error(err)[0] == "IncorrectInstanceState"
    sim.advance(60)
    [change] = ec2.stop_instances(InstanceIds=ids)["StoppingInstances"]
    assert change["PreviousState"] == {"Code": 16, "Name": "running"}
    assert change["CurrentState"] == {"Code": 64, "Name": "stopping"}
    sim.advance(60)
    [stopped] = describe(ec2)
    assert stopped["State"] == {"Code": CODES["stopped"], "Name": "stopped"}
    assert stopped["StateReason"]["Code"] == "Client.UserInitiatedShutdown"
    assert "PublicIpAddress" not in stopped
    [change] = ec2.start_instances(InstanceIds=ids)["StartingInstances"]
    assert change["CurrentState"]["Name"] == "pending"
    sim.advance(60)
    assert describe(ec2)[0]["State"]["Name"] == "running"


def test_terminate_goes_through_shutting_down_and_leaves_after_an_hour(sim, ec2, ami) -> None:
    [instance] = run(ec2, ami)
    sim.advance(60)
    [change] = ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])["TerminatingInstances"]
    assert change["CurrentState"] == {"Code": 32, "Name": "shutting-down"}
    sim.advance(30)
    [gone] = describe(ec2)
    assert gone["State"] == {"Code": 48, "Name": "terminated"}
    assert "PrivateIpAddress" not in gone and "SubnetId" not in gone
    with pytest.raises(ec2.exceptions.ClientError):
        ec2.start_instances(InstanceIds=[instance["InstanceId"]])
    sim.advance(3700)
    assert describe(ec2) == []


def test_dry_run_answers_dry_run_operation_and_launches_nothing(sim, ec2, ami) -> None:
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, DryRun=True)
    assert error(err)[0] == "DryRunOperation"
    assert describe(ec2) == []


def test_tags_can_be_added_and_removed_later(sim, ec2, ami) -> None:
    [instance] = run(ec2, ami)
    ec2.create_tags(Resources=[instance["InstanceId"]], Tags=[{"Key": "Name", "Value": "web-1"}])
    assert describe(ec2)[0]["Tags"] == [{"Key": "Name", "Value": "web-1"}]
    ec2.delete_tags(Resources=[instance["InstanceId"]], Tags=[{"Key": "Name"}])
    assert "Tags" not in describe(ec2)[0]


def test_an_unknown_instance_type_gets_guidance_from_explain(sim, ec2, ami) -> None:
    with pytest.raises(ec2.exceptions.ClientError) as err:
        run(ec2, ami, InstanceType="x1e.32xlarge")
    assert "describe_instance_types" in explain(err.value)
