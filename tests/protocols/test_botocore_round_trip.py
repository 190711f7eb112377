"""ecslearn's codecs read what botocore's serializers write and write what botocore's parsers
read, checked over every operation of the query and EC2 APIs ecslearn simulates or will
(requests through `botocore.serialize.create_serializer`, answers and errors through
`botocore.parsers.create_parser`)."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from ecslearn.control.shapes import service_model
from ecslearn.errors import InvalidParameterException, UnsupportedOperation, ValidationError
from ecslearn.protocols import codec_for
from ecslearn.protocols.wire import WireRequest
from tests.protocols.samples import WHEN, caller_value, handler_value

#: (botocore service, the protocol its operations are written in for this test). CloudWatch's
#: and SNS's models still carry their query serialization, which ELBv2 and EC2 Auto Scaling
#: share; SNS adds maps.
QUERY_APIS = [("sts", "query"), ("elbv2", "query"), ("autoscaling", "query"), ("sns", "query")]
#: CloudWatch and Cloud Map as botocore 1.40+ clients send them: Smithy RPC v2 in CBOR.
CBOR_APIS = [("cloudwatch", "smithy-rpc-v2-cbor"), ("servicediscovery", "smithy-rpc-v2-cbor")]
APIS = [("ec2", "ec2"), *QUERY_APIS, ("ecs", "json"), ("logs", "json"), *CBOR_APIS]


def operations(apis: list[tuple[str, str]]) -> list[Any]:
    return [
        pytest.param(service, protocol, name, id=f"{service}.{name}")
        for service, protocol in apis
        for name in service_model(service).operation_names
        # Event streams (CloudWatch Logs' live tail) are not request/response: out of scope.
        if not service_model(service).operation_model(name).has_event_stream_output
    ]


def botocore_request(protocol: str, model: Any, params: dict[str, Any]) -> WireRequest:
    """The request botocore would send: its headers and the body bytes."""
    serialized = create_serializer(protocol, include_validation=False).serialize_to_request(
        params, model
    )
    body = serialized["body"]
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body).encode()
    headers = {k.lower(): v for k, v in serialized["headers"].items()}
    return WireRequest(headers, body or b"", path=serialized["url_path"])


def http_headers(answer: Any) -> dict[str, str]:
    """The answer's headers as botocore's parsers get them from the HTTP layer (which matches
    names without regard to case): lower-cased."""
    return {name.lower(): value for name, value in answer.headers.items()}


@pytest.mark.parametrize(("service", "protocol", "operation"), operations(APIS))
def test_a_request_botocore_writes_reads_back_as_its_members(
    service: str, protocol: str, operation: str
) -> None:
    model = service_model(service).operation_model(operation)
    params = caller_value(model.input_shape) or {} if model.input_shape is not None else {}
    request = botocore_request(protocol, model, params)
    expected = handler_value(params, model.input_shape) if params else {}
    assert codec_for(protocol).parse(request, model) == expected


@pytest.mark.parametrize(("service", "protocol", "operation"), operations(APIS))
def test_an_answer_ecslearn_writes_parses_in_botocore_as_it_was(
    service: str, protocol: str, operation: str
) -> None:
    model = service_model(service).operation_model(operation)
    shape = model.output_shape
    caller = caller_value(shape) or {} if shape is not None else {}
    answer = codec_for(protocol).answer(
        handler_value(caller, shape) if shape is not None else {}, model, "req-1"
    )
    parsed = create_parser(protocol).parse(
        {"status_code": answer.status, "headers": http_headers(answer), "body": answer.body},
        shape,
    )
    metadata = parsed.pop("ResponseMetadata", {})
    assert parsed == caller
    if shape is not None or protocol in ("query", "ec2"):  # RPC v2 reads no metadata then
        assert metadata["RequestId"] == "req-1"


ERROR_SPEAKERS = {
    "json": "ecs",
    "query": "sts",
    "ec2": "ec2",
    "smithy-rpc-v2-cbor": "cloudwatch",
    "cbor (not query-compatible)": "servicediscovery",
}


@pytest.mark.parametrize("speaker", ERROR_SPEAKERS)
@pytest.mark.parametrize(
    "error", [UnsupportedOperation, ValidationError, InvalidParameterException]
)
def test_an_error_parses_in_botocore_with_its_code_message_and_status(
    speaker: str, error: type
) -> None:
    service = ERROR_SPEAKERS[speaker]
    protocol = service_model(service).protocol
    answer = codec_for(protocol).error(
        error("RunInstances <is> & not simulated"), service_model(service), "req-2"
    )
    parsed = create_parser(protocol).parse(
        {"status_code": answer.status, "headers": http_headers(answer), "body": answer.body},
        None,
    )
    assert answer.status == 400
    assert parsed["Error"]["Code"] == error.code
    assert parsed["Error"]["Message"] == "RunInstances <is> & not simulated"
    assert parsed["ResponseMetadata"]["RequestId"] == "req-2"
    if protocol == "query":
        assert parsed["Error"]["Type"] == "Sender"


def test_query_timestamps_are_iso8601_with_milliseconds() -> None:
    model = service_model("sts").operation_model("GetSessionToken")
    answer = codec_for("query").answer(
        {
            "Credentials": {
                "AccessKeyId": "AKID",
                "SecretAccessKey": "s",
                "SessionToken": "t",
                "Expiration": WHEN.timestamp(),
            }
        },
        model,
        "r",
    )
    assert b"<Expiration>2025-01-06T09:00:00.125Z</Expiration>" in answer.body
    assert answer.body.startswith(b"<?xml")
    assert b'<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' in (
        answer.body
    )


def test_an_ec2_answer_is_ec2_shaped() -> None:
    model = service_model("ec2").operation_model("DescribeAvailabilityZones")
    answer = codec_for("ec2").answer(
        {"AvailabilityZones": [{"ZoneName": "us-east-1a"}]}, model, "r"
    )
    assert b"<requestId>r</requestId>" in answer.body
    assert b"<availabilityZoneInfo><item><zoneName>us-east-1a</zoneName></item>" in answer.body


@pytest.mark.parametrize(
    ("protocol", "service", "operation", "body", "key"),
    [
        ("ec2", "ec2", "DescribeAvailabilityZones", "ZoneNames.1=x", "ZoneNames.1"),
        ("query", "sts", "GetCallerIdentity", "Extra=1", "Extra"),
    ],
)
def test_a_key_no_member_accounts_for_is_a_parameter_error(
    protocol: str, service: str, operation: str, body: str, key: str
) -> None:
    model = service_model(service).operation_model(operation)
    request = WireRequest({}, f"Action={operation}&Version=1&{body}".encode())
    with pytest.raises(InvalidParameterException, match=key):
        codec_for(protocol).parse(request, model)


@pytest.mark.parametrize(
    ("body", "message"),
    [("DryRun=maybe", "true or false"), ("ZoneName.1=a&ZoneName.x=b", "ZoneName.x")],
)
def test_badly_typed_or_misnumbered_values_are_parameter_errors(body: str, message: str) -> None:
    model = service_model("ec2").operation_model("DescribeAvailabilityZones")
    with pytest.raises(InvalidParameterException, match=message):
        codec_for("ec2").parse(WireRequest({}, body.encode()), model)
