"""`ecslearn serve` answers every simulated service in its own protocol: EC2 (ec2) and STS
(query) next to ECS (JSON), from stock boto3 clients and from raw requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.parsers import create_parser

from tests.api.test_serve import Server, launch, raw


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = launch(tmp_path_factory.mktemp("serve-protocols"))
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def client(server: Server, service: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=15),
    )


def test_ec2_sts_and_ecs_share_one_endpoint(server: Server) -> None:
    zones = client(server, "ec2", "us-west-2").describe_availability_zones()
    assert [z["ZoneName"] for z in zones["AvailabilityZones"]] == [
        "us-west-2a",
        "us-west-2b",
        "us-west-2c",
    ]
    assert client(server, "sts").get_caller_identity()["Account"] == "123456789012"
    assert client(server, "ecs").list_clusters()["clusterArns"] == []
    filtered = client(server, "ec2").describe_availability_zones(
        Filters=[{"Name": "zone-name", "Values": ["us-east-1b"]}]
    )
    assert [z["ZoneId"] for z in filtered["AvailabilityZones"]] == ["use1-az2"]


def test_operations_not_simulated_answer_in_each_protocol(server: Server) -> None:
    ec2 = client(server, "ec2")
    with pytest.raises(ec2.exceptions.ClientError) as err:
        ec2.create_vpc(CidrBlock="10.0.0.0/16")
    assert err.value.response["Error"]["Code"] == "UnsupportedOperation"
    assert "CreateVpc is part of the EC2 API" in err.value.response["Error"]["Message"]
    sts = client(server, "sts")
    with pytest.raises(sts.exceptions.ClientError) as err:
        sts.get_session_token()
    assert err.value.response["Error"]["Code"] == "InvalidAction"  # STS's common errors
    assert "GetSessionToken is part of the STS API" in err.value.response["Error"]["Message"]


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def test_an_unsigned_form_is_routed_by_its_version(server: Server) -> None:
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    status, headers, answer = raw(server, "POST", body, FORM)
    assert status == 200 and headers["Content-Type"] == "text/xml"
    assert b"<GetCallerIdentityResult>" in answer and b"<Account>123456789012</Account>" in answer


def test_a_form_no_service_takes_is_a_query_error(server: Server) -> None:
    status, headers, answer = raw(server, "POST", b"Action=ListQueues&Version=2012-11-05", FORM)
    parsed = create_parser("query").parse(
        {"status_code": status, "headers": headers, "body": answer}, None
    )
    assert status == 400 and parsed["Error"]["Code"] == "UnknownOperationException"
    assert "sts (Version 2011-06-15)" in parsed["Error"]["Message"]


def test_an_unknown_action_of_a_simulated_service_is_invalid_action(server: Server) -> None:
    signed = {**FORM, "Authorization": _scope("ec2")}
    status, headers, answer = raw(server, "POST", b"Action=MakeCoffee&Version=2016-11-15", signed)
    parsed = create_parser("ec2").parse(
        {"status_code": status, "headers": headers, "body": answer}, None
    )
    assert status == 400 and parsed["Error"]["Code"] == "InvalidAction"
    assert b"<RequestID>" in answer


def _scope(service: str) -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential=AKID/20250106/us-east-1/{service}/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )


def test_the_status_page_lists_the_query_services(server: Server) -> None:
    page = raw(server, "GET")[2].decode()
    assert "ec2 (Version 2016-11-15)" in page and "sts (Version 2011-06-15)" in page
