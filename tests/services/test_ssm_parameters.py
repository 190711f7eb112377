"""Systems Manager's public parameters name the region's ECS-optimized AMIs, and the IDs they
answer are images RunInstances accepts."""

from __future__ import annotations

import copy
import json

import pytest

from ecslearn import explain

AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended"


def test_the_image_id_parameter_answers_an_ami_that_run_instances_accepts(sim) -> None:
    parameter = sim.client("ssm").get_parameter(Name=f"{AL2023}/image_id")["Parameter"]
    assert parameter["Value"].startswith("ami-") and parameter["Type"] == "String"
    assert parameter["ARN"] == f"arn:aws:ssm:us-east-1::parameter{AL2023}/image_id"
    [launched] = sim.client("ec2").run_instances(
        ImageId=parameter["Value"], MinCount=1, MaxCount=1
    )["Instances"]
    assert launched["ImageId"] == parameter["Value"]


def test_the_recommended_parameter_is_the_json_aws_documents(sim) -> None:
    value = json.loads(sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"])
    assert set(value) == {
        "ecs_agent_version",
        "ecs_runtime_version",
        "image_id",
        "image_name",
        "os",
        "schema_version",
        "source_image_name",
    }
    assert value["os"] == "Amazon Linux 2023" and value["schema_version"] == 1
    assert value["image_name"].startswith("al2023-ami-ecs-hvm-2023.0.")
    [image] = sim.client("ec2").describe_images(ImageIds=[value["image_id"]])["Images"]
    assert image["Name"] == value["image_name"] and image["Architecture"] == "x86_64"


def test_each_member_of_the_json_is_a_parameter_too(sim) -> None:
    ssm = sim.client("ssm")
    value = json.loads(ssm.get_parameter(Name=AL2023)["Parameter"]["Value"])
    answer = ssm.get_parameters(Names=[f"{AL2023}/{key}" for key in ("image_id", "os")])
    assert [p["Value"] for p in answer["Parameters"]] == [value["image_id"], value["os"]]


def test_amazon_linux_2_and_arm64_have_their_own_images(sim) -> None:
    ssm = sim.client("ssm")
    names = [
        f"{AL2023}/image_id",
        "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
        "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
        "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id",
    ]
    values = [p["Value"] for p in ssm.get_parameters(Names=names)["Parameters"]]
    assert len(set(values)) == 4
    images = sim.client("ec2").describe_images(ImageIds=values)["Images"]
    assert sorted(i["Architecture"] for i in images) == ["arm64", "arm64", "x86_64", "x86_64"]


def test_image_ids_differ_between_regions_as_on_aws(sim) -> None:
    east = sim.client("ssm").get_parameter(Name=f"{AL2023}/image_id")["Parameter"]["Value"]
    west = sim.client("ssm", region_name="eu-west-1").get_parameter(Name=f"{AL2023}/image_id")
    assert west["Parameter"]["Value"] != east
    with pytest.raises(sim.client("ec2").exceptions.ClientError) as err:
        sim.client("ec2", region_name="eu-west-1").run_instances(
            ImageId=east, MinCount=1, MaxCount=1
        )
    assert err.value.response["Error"]["Code"] == "InvalidAMIID.NotFound"


def test_an_unknown_parameter_is_parameter_not_found_with_aws_empty_message(sim) -> None:
    ssm = sim.client("ssm")
    with pytest.raises(ssm.exceptions.ParameterNotFound) as err:
        ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2024/recommended")
    assert err.value.response["Error"]["Message"] == ""
    assert "amazon-linux-2023/recommended/image_id" in explain(err.value)
    answer = ssm.get_parameters(Names=[f"{AL2023}/image_id", "/nope"])
    assert answer["InvalidParameters"] == ["/nope"] and len(answer["Parameters"]) == 1


def test_a_version_selector_must_name_the_parameters_version(sim) -> None:
    ssm = sim.client("ssm")
    found = ssm.get_parameter(Name=f"{AL2023}/image_id:1")["Parameter"]
    assert found["Selector"] == ":1"
    with pytest.raises(ssm.exceptions.ParameterVersionNotFound):
        ssm.get_parameter(Name=f"{AL2023}/image_id:7")


def test_parameters_by_path_list_one_level_or_all(sim) -> None:
    ssm = sim.client("ssm")
    top = ssm.get_parameters_by_path(Path="/aws/service/ecs/optimized-ami/amazon-linux-2023")
    assert [p["Name"] for p in top["Parameters"]] == [AL2023]
    pages = ssm.get_paginator("get_parameters_by_path").paginate(
        Path="/aws/service/ecs/optimized-ami", Recursive=True
    )
    names = [p["Name"] for page in pages for p in page["Parameters"]]
    assert f"{AL2023}/image_id" in names and len(names) == len(set(names)) > 10


def test_plain_amazon_linux_has_a_parameter_and_no_agent(sim) -> None:
    plain = sim.client("ssm").get_parameter(
        Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    )["Parameter"]["Value"]
    [image] = sim.client("ec2").describe_images(ImageIds=[plain])["Images"]
    assert "ecs" not in image["Name"]


def test_put_parameter_creates_overwrites_and_get_parameter_reads_back(sim) -> None:
    ssm = sim.client("ssm")
    assert ssm.put_parameter(Name="/shop/db", Value="one", Type="SecureString")["Version"] == 1
    hidden = ssm.get_parameter(Name="/shop/db")["Parameter"]
    assert hidden["Type"] == "SecureString" and hidden["Value"] != "one"
    shown = ssm.get_parameter(Name="/shop/db", WithDecryption=True)["Parameter"]
    assert shown["Value"] == "one"
    assert shown["ARN"] == "arn:aws:ssm:us-east-1:123456789012:parameter/shop/db"
    assert ssm.put_parameter(Name="/shop/db", Value="two", Overwrite=True)["Version"] == 2
    again = ssm.get_parameter(Name="/shop/db:2", WithDecryption=True)["Parameter"]
    assert again["Value"] == "two" and again["Type"] == "SecureString"
    with pytest.raises(ssm.exceptions.ParameterVersionNotFound):
        ssm.get_parameter(Name="/shop/db:1")
    ssm.put_parameter(Name="plain", Value="p", Type="String")
    by_arn = ssm.get_parameter(Name="arn:aws:ssm:us-east-1:123456789012:parameter/plain")
    assert by_arn["Parameter"]["Value"] == "p"
    listed = ssm.get_parameters_by_path(Path="/shop", WithDecryption=True)["Parameters"]
    assert [(p["Name"], p["Value"]) for p in listed] == [("/shop/db", "two")]


@pytest.mark.parametrize(
    ("request_", "code", "message"),
    [
        (
            {"Name": "/shop/db", "Value": "x", "Type": "String"},
            "ParameterAlreadyExists",
            "The parameter already exists. To overwrite this value, set the overwrite option "
            "in the request to true.",
        ),
        (
            {"Name": "/aws/mine", "Value": "x", "Type": "String"},
            "AccessDeniedException",
            "No access to reserved parameter name",
        ),
        (
            {"Name": "ssm-mine", "Value": "x", "Type": "String"},
            "ValidationException",
            'Parameter name: can\'t be prefixed with "ssm" (case-insensitive).',
        ),
        ({"Name": "/new", "Value": "x"}, "ValidationException", "parameter type is required"),
        ({"Name": "bad name", "Value": "x", "Type": "String"}, "ValidationException", "not valid"),
    ],
)
def test_put_parameter_refusals_change_nothing(sim, request_, code, message) -> None:
    ssm = sim.client("ssm")
    ssm.put_parameter(Name="/shop/db", Value="one", Type="String")
    before = copy.deepcopy(sim.world._regions)
    with pytest.raises(ssm.exceptions.ClientError) as err:
        ssm.put_parameter(**request_)
    assert err.value.response["Error"]["Code"] == code
    assert message in err.value.response["Error"]["Message"]
    assert sim.world._regions == before


def test_delete_parameter_and_delete_parameters(sim) -> None:
    ssm = sim.client("ssm")
    for name in ("/a", "/b", "/c"):
        ssm.put_parameter(Name=name, Value="v", Type="String")
    ssm.delete_parameter(Name="/a")
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.delete_parameter(Name="/a")
    answer = ssm.delete_parameters(Names=["/b", "/nope", "/c"])
    assert answer["DeletedParameters"] == ["/b", "/c"] and answer["InvalidParameters"] == ["/nope"]
    assert ssm.get_parameters(Names=["/a", "/b"])["InvalidParameters"] == ["/a", "/b"]
