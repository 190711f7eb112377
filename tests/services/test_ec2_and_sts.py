"""EC2's DescribeAvailabilityZones and STS's GetCallerIdentity through stock boto3 clients,
in-process; an operation ecslearn does not simulate names itself in every protocol; a service it
does not simulate is refused when the client is made."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.services import SIMULATED, UnknownServiceError


@pytest.fixture
def sim() -> Simulation:
    return Simulation(region="us-east-1")


def test_describe_availability_zones_lists_the_regions_zones(sim: Simulation) -> None:
    zones = sim.client("ec2").describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert [z["ZoneId"] for z in zones] == ["use1-az1", "use1-az2", "use1-az3"]
    assert {(z["State"], z["RegionName"], z["ZoneType"]) for z in zones} == {
        ("available", "us-east-1", "availability-zone")
    }


def test_zones_follow_the_clients_region(sim: Simulation) -> None:
    zones = sim.client("ec2", region_name="ap-northeast-2").describe_availability_zones()
    first = zones["AvailabilityZones"][0]
    assert (first["ZoneName"], first["ZoneId"]) == ("ap-northeast-2a", "apne2-az1")


def test_zone_names_and_filters_narrow_the_answer(sim: Simulation) -> None:
    ec2 = sim.client("ec2")
    named = ec2.describe_availability_zones(ZoneNames=["us-east-1b"])["AvailabilityZones"]
    assert [z["ZoneName"] for z in named] == ["us-east-1b"]
    filtered = ec2.describe_availability_zones(
        Filters=[
            {"Name": "zone-name", "Values": ["*a", "us-east-1c"]},
            {"Name": "state", "Values": ["available"]},
        ]
    )["AvailabilityZones"]
    assert [z["ZoneName"] for z in filtered] == ["us-east-1a", "us-east-1c"]
    none = ec2.describe_availability_zones(Filters=[{"Name": "state", "Values": ["impaired"]}])
    assert none["AvailabilityZones"] == []


def test_ec2_refusals_use_ec2s_codes(sim: Simulation) -> None:
    ec2 = sim.client("ec2")
    with pytest.raises(ec2.exceptions.ClientError) as unknown_zone:
        ec2.describe_availability_zones(ZoneNames=["us-east-1z"])
    assert unknown_zone.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "us-east-1z" in unknown_zone.value.response["Error"]["Message"]
    with pytest.raises(ec2.exceptions.ClientError) as bad_filter:
        ec2.describe_availability_zones(Filters=[{"Name": "colour", "Values": ["x"]}])
    assert "'colour' is invalid" in bad_filter.value.response["Error"]["Message"]
    with pytest.raises(ec2.exceptions.ClientError) as dry_run:
        ec2.describe_availability_zones(DryRun=True)
    assert dry_run.value.response["Error"]["Code"] == "DryRunOperation"
    assert dry_run.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_get_caller_identity_is_the_simulated_account(sim: Simulation) -> None:
    from ecslearn.control.arns import ACCOUNT_ID

    identity = sim.client("sts").get_caller_identity()
    assert identity["Account"] == ACCOUNT_ID
    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/ecslearn"
    assert identity["UserId"].startswith("AIDA") and len(identity["UserId"]) == 21


@pytest.mark.parametrize(
    ("service", "call", "operation", "code", "name"),
    [
        (
            "ec2",
            lambda c: c.create_vpc(CidrBlock="10.0.0.0/16"),
            "CreateVpc",
            "UnsupportedOperation",
            "EC2",
        ),
        (
            "ssm",
            lambda c: c.label_parameter_version(Name="/app/mode", Labels=["live"]),
            "LabelParameterVersion",
            # it models no "unsupported" error: JSON's common UnknownOperationException
            "UnknownOperationException",
            "Systems Manager",
        ),
        # Nor have Auto Scaling's: the query protocol's InvalidAction, naming the operation.
        (
            "autoscaling",
            lambda c: c.attach_instances(AutoScalingGroupName="web"),
            "AttachInstances",
            "InvalidAction",
            "Auto Scaling",
        ),
        # STS's common errors have no "unsupported"; its operations model none that fits.
        ("sts", lambda c: c.get_session_token(), "GetSessionToken", "InvalidAction", "STS"),
        (
            "ecs",
            lambda c: c.list_gateways(),
            "ListGateways",
            "UnsupportedFeatureException",
            "ECS",
        ),
        # SubmitTaskStateChange models no UnsupportedFeatureException; every ECS operation
        # models ClientException.
        (
            "ecs",
            lambda c: c.submit_task_state_change(cluster="default"),
            "SubmitTaskStateChange",
            "ClientException",
            "ECS",
        ),
        (
            "application-autoscaling",
            lambda c: c.list_tags_for_resource(ResourceARN="arn:aws:x"),
            "ListTagsForResource",
            "UnknownOperationException",  # it models only ResourceNotFoundException
            "Application Auto Scaling",
        ),
        (
            "ecr",
            lambda c: c.list_tags_for_resource(resourceArn="arn:aws:x"),
            "ListTagsForResource",
            "UnknownOperationException",
            "ECR",
        ),
    ],
)
def test_an_operation_not_simulated_names_itself_and_its_service(
    sim: Simulation, service: str, call, operation: str, code: str, name: str
) -> None:
    client = sim.client(service)
    with pytest.raises(client.exceptions.ClientError) as err:
        call(client)
    error = err.value.response["Error"]
    assert error["Code"] == code
    assert error["Message"].startswith(f"{operation} is part of the {name} API but ecslearn")


def test_a_service_not_simulated_is_refused_when_its_client_is_made(sim: Simulation) -> None:
    with pytest.raises(UnknownServiceError) as err:
        sim.client("s3")
    assert "'s3'" in str(err.value)
    assert all(name in str(err.value) for name in SIMULATED)
