"""Sending the fuzzer's requests, and judging the answers.

Valid-shaped requests go through stock boto3 clients (`ecslearn.client.make_client`, what
``sim.client()`` returns), so botocore serialises them and parses the answers exactly as it does
against AWS. Mutated ones go on the wire as the service's protocol writes it (a JSON body with
its ``X-Amz-Target``, or a query form with its ``Action``) through `Dispatcher.serve`, the path
both those clients and the HTTP server take, past botocore's parameter validation.

The clients are made once per process (a boto3 client costs ~0.2 s to build) and answered by
whichever simulation is current: `Wire.dispatcher`.

Every answer must be a success or an error the operation models in botocore (or one of the
protocol's errors every client parses): never a 5xx (ServerException and its kin) and never an
exception out of ecslearn.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import botocore
from botocore.exceptions import ClientError, ParamValidationError

from ecslearn.client import make_client
from ecslearn.control.shapes import service_model
from ecslearn.errors import COMMON_QUERY_ERRORS
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.services import service_spec

#: Errors that mean ecslearn itself failed: the fuzzer must never see one.
INTERNAL = frozenset(
    {"ServerException", "InternalServiceException", "InternalFailure", "InternalError"}
)
#: Errors a JSON service answers for a body it cannot read, whatever the operation.
JSON_PROTOCOL_ERRORS = frozenset({"SerializationException"})


class Wire:
    """The dispatcher the shared clients hand their requests to: the current simulation's."""

    dispatcher: Any = None

    def serve(self, request: WireRequest, region: str, **options: Any) -> WireResponse:
        return self.dispatcher.serve(request, region, **options)


WIRE = Wire()
_CLIENTS: dict[tuple[str, str], Any] = {}


def client(service: str, region: str) -> Any:
    if (service, region) not in _CLIENTS:
        _CLIENTS[(service, region)] = make_client(WIRE, region, service)
    return _CLIENTS[(service, region)]


@dataclass
class Answer:
    """One call's outcome: ``"accepted"`` or the error code, and whether it broke a rule."""

    outcome: str
    problem: str | None = None


def allowed_errors(service: str, operation: str, implemented: bool) -> frozenset[str]:
    """The error codes `operation` may answer with."""
    model = service_model(service)
    if implemented:
        codes = {shape.error_code for shape in model.operation_model(operation).error_shapes}
    else:
        codes = {service_spec(service).not_simulated(operation, "").code}
    protocol = model.protocol
    codes |= COMMON_QUERY_ERRORS if protocol in ("query", "ec2") else JSON_PROTOCOL_ERRORS
    return frozenset(codes - INTERNAL)


def judge(status: int, code: str | None, message: str, allowed: frozenset[str]) -> Answer:
    if status < 300:
        return Answer("accepted")
    outcome = code or f"HTTP {status}"
    if status >= 500 or code not in allowed:
        return Answer(outcome, f"answered HTTP {status} {code}: {message[:300]}")
    if not message:
        return Answer(outcome, f"{code} without a message")
    return Answer(outcome)


def through_boto3(
    service: str, region: str, operation: str, request: dict[str, Any], allowed: frozenset[str]
) -> Answer:
    method = getattr(client(service, region), botocore.xform_name(operation))
    try:
        method(**request)
    except ClientError as error:
        body = error.response
        status = body.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return judge(status, body["Error"].get("Code"), body["Error"].get("Message") or "", allowed)
    except ParamValidationError:
        return Answer("refused by botocore")  # a generator slip: never reached the server
    return Answer("accepted")


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


def _form(value: Any, prefix: str, out: dict[str, str]) -> None:
    """A JSON value as the flat fields of a query form (``Filter.1.Name=...``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _form(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            _form(item, f"{prefix}.{index}", out)
    else:
        out[prefix or "Value"] = str(value)


def on_the_wire(
    service: str, region: str, operation: str, request: Any, allowed: frozenset[str]
) -> Answer:
    """`request` (any JSON value, however wrong) sent as the service's protocol carries it."""
    model = service_model(service)
    if model.protocol in ("query", "ec2"):
        fields: dict[str, str] = {}
        _form(request, "", fields)
        fields.update(Action=operation, Version=model.api_version)
        headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
        body = urlencode(fields).encode()
    else:
        prefix = model.metadata["targetPrefix"]
        headers = {
            "x-amz-target": f"{prefix}.{operation}",
            "content-type": f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.1')}",
        }
        body = (
            request
            if isinstance(request, bytes)
            else json.dumps(request, default=_json_default).encode()
        )
    answer = WIRE.serve(WireRequest(headers, body), region, service=service)
    message = ""
    if answer.status >= 300:
        message = answer.body.decode(errors="replace")
    return judge(answer.status, answer.error_code, message, allowed)
