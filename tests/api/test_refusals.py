"""Requests refused before they reach a service (a foreign Host, a body too large, no
Content-Length, headers or a URL too long, a wrong method) are answered in the protocol of the
client that sent them: JSON with ``__type`` for ECS and Application Auto Scaling, the query
protocol's ``<ErrorResponse>`` for STS, EC2's ``<Response><Errors>`` for EC2. A stock boto3
client of each reads the code ecslearn meant, and the code is one of its service's common
errors. Driven against a real ``ecslearn serve`` process.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.parsers import create_parser

from ecslearn.control.dispatch import MAX_BODY_BYTES
from tests.api.test_limits import send, status_of
from tests.api.test_serve import Server, launch, read_all
from tests.api.test_serve_protocols import client
from tests.services.modelled import COMMON

FORM = "application/x-www-form-urlencoded; charset=utf-8"
BIG = "x" * (MAX_BODY_BYTES + 10)
#: One call per client, with a parameter that can be made too large; and its protocol.
CALLS: dict[str, tuple[str, Any]] = {
    "ecs": ("json", lambda c, v: c.create_cluster(clusterName=v)),
    "application-autoscaling": (
        "json",
        lambda c, v: c.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[v]),
    ),
    "sts": (
        "query",
        lambda c, v: c.assume_role(
            RoleArn="arn:aws:iam::1:role/r", RoleSessionName="session", Policy=v
        ),
    ),
    "ec2": ("ec2", lambda c, v: c.describe_availability_zones(ZoneNames=[v])),
}
#: What each refusal is called, in each protocol's words.
CODES = {
    "host": {
        "json": "AccessDeniedException",
        "query": "AccessDeniedException",
        "ec2": "UnauthorizedOperation",
    },
    "large": {
        "json": "RequestEntityTooLargeException",
        "query": "ValidationError",
        "ec2": "InvalidParameterValue",
    },
    "malformed": {
        "json": "SerializationException",
        "query": "ValidationError",
        "ec2": "InvalidParameterValue",
    },
    "method": {
        "json": "UnknownOperationException",
        "query": "InvalidAction",
        "ec2": "InvalidAction",
    },
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = launch(tmp_path_factory.mktemp("refusals"))
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def with_header(boto_client: Any, name: str, value: str) -> Any:
    """`boto_client` sending header `name` (after signing, as a proxy might add it)."""

    def add(request: Any, **_: Any) -> None:
        request.headers[name] = value

    boto_client.meta.events.register("before-send", add)
    return boto_client


def refused(call: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as err:
        call()
    response = err.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"].get("Message", ""),
    )


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_foreign_host_is_refused_in_the_clients_protocol(server: Server, service: str) -> None:
    protocol, call = CALLS[service]
    boto = with_header(client(server, service), "Host", f"evil.example:{server.port}")
    status, code, message = refused(lambda: call(boto, "x"))
    assert (status, code) == (403, CODES["host"][protocol])
    assert "evil.example" in message
    assert code in COMMON[protocol]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_body_too_large_is_refused_in_the_clients_protocol(server: Server, service: str) -> None:
    protocol, call = CALLS[service]
    status, code, message = refused(lambda: call(client(server, service), BIG))
    assert (status, code) == (413, CODES["large"][protocol])
    assert str(MAX_BODY_BYTES) in message
    assert code in COMMON[protocol]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_headers_too_large_are_refused_in_the_clients_protocol(
    server: Server, service: str
) -> None:
    """Refused by the HTTP parser before it parsed the headers (431): the protocol is read from
    the header lines that had arrived."""
    protocol, call = CALLS[service]
    boto = with_header(client(server, service), "X-Pad", "p" * 80_000)
    status, code, _ = refused(lambda: call(boto, "x"))
    assert (status, code) == (431, CODES["malformed"][protocol])
    assert code in COMMON[protocol]


# -- raw requests: what a stock client would not send --------------------------------------------
def scope(service: str) -> str:
    credential = f"AKID/20250101/us-east-1/{service}/aws4_request"
    return (
        f"Authorization: AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=0"
    )


def head(method: str, *lines: str, path: str = "/") -> bytes:
    return (
        "\r\n".join([f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *lines]) + "\r\n\r\n"
    ).encode()


def parsed(answer: bytes, protocol: str, envelope: str | None = None) -> dict[str, Any]:
    """The answer as `protocol`'s botocore parser reads it, after a check that it is in the
    `envelope` protocol's shape (by default, `protocol`'s own)."""
    header_block, _, body = answer.partition(b"\r\n\r\n")
    headers = {}
    for line in header_block.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip()] = value.strip()
    envelope = envelope or protocol
    if envelope == "ec2":
        assert (
            body.lstrip().startswith((b"<?xml", b"<Response"))
            and b"<Response><Errors><Error>" in body
        )
    elif envelope == "query":
        assert b"<ErrorResponse" in body, body[:300]
    else:
        assert body.startswith(b"{"), body[:300]
    return create_parser(protocol).parse(
        {"status_code": status_of(answer), "headers": headers, "body": body}, None
    )


FORMS = {
    "query": ("sts", b"Action=GetCallerIdentity&Version=2011-06-15"),
    "ec2": ("ec2", b"Action=DescribeAvailabilityZones&Version=2016-11-15"),
}


@pytest.mark.parametrize("protocol", ["query", "ec2"])
def test_a_chunked_form_is_refused_in_xml(server: Server, protocol: str) -> None:
    service, form = FORMS[protocol]
    chunk = f"{len(form):x}\r\n".encode() + form + b"\r\n0\r\n\r\n"
    request = (
        head("POST", f"Content-Type: {FORM}", scope(service), "Transfer-Encoding: chunked") + chunk
    )
    answer = send(server, request)
    assert status_of(answer) == 400
    assert parsed(answer, protocol)["Error"]["Code"] == CODES["malformed"][protocol]


@pytest.mark.parametrize("protocol", ["query", "ec2"])
def test_a_declared_terabyte_form_is_refused_in_xml_before_its_body(
    server: Server, protocol: str
) -> None:
    service, _ = FORMS[protocol]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            head("POST", f"Content-Type: {FORM}", scope(service), f"Content-Length: {10**12}")
        )
        answer = read_all(sock)
    assert status_of(answer) == 413
    assert parsed(answer, protocol)["Error"]["Code"] == CODES["large"][protocol]


@pytest.mark.parametrize("protocol", ["query", "ec2"])
def test_a_url_too_long_is_refused_in_xml(server: Server, protocol: str) -> None:
    service, form = FORMS[protocol]
    request = (
        head(
            "POST",
            f"Content-Type: {FORM}",
            scope(service),
            f"Content-Length: {len(form)}",
            path="/" + "a" * 20_000,
        )
        + form
    )
    answer = send(server, request)
    assert status_of(answer) == 414
    assert parsed(answer, protocol)["Error"]["Code"] == CODES["malformed"][protocol]


@pytest.mark.parametrize("protocol", ["query", "ec2"])
def test_a_wrong_method_is_refused_in_xml(server: Server, protocol: str) -> None:
    service, form = FORMS[protocol]
    answer = send(
        server,
        head(
            "PUT",
            f"Content-Type: {FORM}",
            scope(service),
            f"Content-Length: {len(form)}",
            "Connection: close",
        )
        + form,
    )
    assert status_of(answer) == 405
    assert parsed(answer, protocol)["Error"]["Code"] == CODES["method"][protocol]


def test_an_unsigned_forms_refusal_is_the_query_protocols(server: Server) -> None:
    form = FORMS["ec2"][1]
    answer = send(
        server,
        head("PUT", f"Content-Type: {FORM}", f"Content-Length: {len(form)}", "Connection: close")
        + form,
    )
    # The body is not read for a refusal, so an unsigned form's API version is unknown: the
    # query protocol's envelope, which EC2's parser reads too.
    assert parsed(answer, "query")["Error"]["Code"] == "InvalidAction"
    assert parsed(answer, "ec2", envelope="query")["Error"]["Code"] == "InvalidAction"


def test_json_refusals_stay_json(server: Server) -> None:
    target = "X-Amz-Target: AnyScaleFrontendService.DescribeScalableTargets"
    answer = send(
        server,
        head(
            "POST", target, "Content-Type: application/x-amz-json-1.1", "Transfer-Encoding: chunked"
        )
        + b"2\r\n{}\r\n0\r\n\r\n",
    )
    assert status_of(answer) == 400
    assert parsed(answer, "json")["Error"]["Code"] == "SerializationException"


# -- refused by the dispatcher once the request is read: the same protocols ---------------------
@pytest.mark.parametrize("protocol", ["query", "ec2"])
def test_an_unknown_action_is_refused_in_xml(server: Server, protocol: str) -> None:
    service, _ = FORMS[protocol]
    form = b"Action=NoSuchThing&Version=2016-11-15"
    lines = (f"Content-Type: {FORM}", scope(service), f"Content-Length: {len(form)}")
    answer = send(server, head("POST", *lines, "Connection: close") + form)
    assert status_of(answer) == 400
    assert parsed(answer, protocol)["Error"]["Code"] == "InvalidAction"


def test_an_unknown_target_and_deep_json_are_refused_in_json(server: Server) -> None:
    body = b"{}"
    lines = ("Content-Type: application/x-amz-json-1.1", f"Content-Length: {len(body)}")
    unknown = head("POST", "X-Amz-Target: NoSuchService.Thing", *lines, "Connection: close")
    answer = send(server, unknown + body)
    assert parsed(answer, "json")["Error"]["Code"] == "UnknownOperationException"
    deep = b"[" * 100_000 + b"]" * 100_000
    target = "X-Amz-Target: AnyScaleFrontendService.DescribeScalableTargets"
    request = head("POST", target, f"Content-Length: {len(deep)}", "Connection: close") + deep
    answer = send(server, request)
    assert status_of(answer) == 400
    assert parsed(answer, "json")["Error"]["Code"] == "SerializationException"
