"""Smithy RPC v2 requests are routed by their path and refused in CBOR when nothing serves
them, so a botocore client reads the refusal's code as it would read AWS's."""

from __future__ import annotations

import cbor2
from botocore.parsers import create_parser

from ecslearn import Simulation
from ecslearn.errors import SerializationException
from ecslearn.protocols.wire import WireRequest
from ecslearn.services.routing import refusal

CBOR_HEADERS = {"smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor"}


def parsed(answer) -> dict:
    headers = {name.lower(): value for name, value in answer.headers.items()}
    return create_parser("smithy-rpc-v2-cbor").parse(
        {"status_code": answer.status, "headers": headers, "body": answer.body}, None
    )


def test_a_path_naming_no_simulated_service_is_refused_in_cbor_naming_the_path() -> None:
    sim = Simulation(seed=0)
    request = WireRequest(
        dict(CBOR_HEADERS),
        cbor2.dumps({}),
        path="/service/NoSuchService_v1/operation/DoThing",
    )
    answer = sim.world.dispatcher.serve(request, "us-east-1")
    assert answer.headers["smithy-protocol"] == "rpc-v2-cbor"
    assert answer.headers["Content-Type"] == "application/cbor"
    error = parsed(answer)["Error"]
    assert error["Code"] == "UnknownOperationException"
    assert "/service/NoSuchService_v1/operation/DoThing" in error["Message"]


def test_a_malformed_rpc_path_is_refused_not_guessed() -> None:
    sim = Simulation(seed=0)
    request = WireRequest(dict(CBOR_HEADERS), b"", path="/service/x")
    error = parsed(sim.world.dispatcher.serve(request, "us-east-1"))["Error"]
    assert error["Code"] == "UnknownOperationException"


def test_a_request_refused_before_routing_is_answered_in_cbor_when_its_client_speaks_it() -> None:
    answer = refusal(
        SerializationException("A request body needs a Content-Length header."),
        400,
        dict(CBOR_HEADERS),
        request_id="r-1",
    )
    assert answer.status == 400
    assert answer.headers["Content-Type"] == "application/cbor"
    said = parsed(answer)
    assert said["Error"]["Code"] == "SerializationException"
    assert said["ResponseMetadata"]["RequestId"] == "r-1"
