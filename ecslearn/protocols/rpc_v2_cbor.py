"""Smithy RPC v2 CBOR: ``POST /service/<ServiceName>/operation/<Operation>``, a CBOR map in, a
CBOR map out (CloudWatch and Cloud Map speak it in botocore 1.40 and later).

The request carries ``smithy-protocol: rpc-v2-cbor``; ``<ServiceName>`` is the model's
``targetPrefix`` (the same name a JSON client would put in ``X-Amz-Target``). Answers carry the
same ``smithy-protocol`` header and ``Content-Type: application/cbor``.

The handlers take and give JSON-typed dicts (timestamps as epoch seconds, blobs as base64
text), the same as the JSON codec's, so one set of handlers serves either protocol; this codec
walks the operation's input and output shapes to convert the two CBOR-specific types:
timestamps travel as tag 1 (epoch seconds) and blobs as byte strings. CBOR itself is read and
written by `cbor2`.

Errors are a map ``{"__type": ..., "message": ...}`` with the error's HTTP status. A service
that was a query service before (``awsQueryCompatible`` in its model: CloudWatch) also sends
``x-amzn-query-error: <code>;Sender|Receiver``; botocore takes the error code from that header,
so a CloudWatch client sees the query protocol's code (``InvalidParameterValue``) that its
``client.exceptions`` are keyed by, while ``__type`` names the error's shape.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from typing import Any

import cbor2
from botocore.model import OperationModel, ServiceModel, Shape

from ecslearn.errors import EcsError, SerializationException
from ecslearn.protocols.wire import WireRequest, WireResponse

CBOR_TYPE = "application/cbor"
PROTOCOL_HEADER = "rpc-v2-cbor"
#: Deeper than any AWS shape nests; a body nested past it is refused, not recursed into.
MAX_DEPTH = 64


def _read(value: Any, shape: Shape | None, depth: int = 0) -> Any:
    """A decoded CBOR value as the handlers read it (JSON-typed; None members dropped)."""
    if depth > MAX_DEPTH:
        raise SerializationException("Request body is nested too deeply.")
    kind = shape.type_name if shape is not None else None
    if isinstance(value, dict):
        members = getattr(shape, "members", {}) if kind == "structure" else {}
        inner = getattr(shape, "value", None) if kind == "map" else None
        return {
            key: _read(item, members.get(key) if kind == "structure" else inner, depth + 1)
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        member = getattr(shape, "member", None) if kind == "list" else None
        return [_read(item, member, depth + 1) for item in value]
    if isinstance(value, cbor2.CBORTag):  # a tag cbor2 does not decode itself
        return _read(value.value, shape, depth + 1)
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode()
    return value


def _write(value: Any, shape: Shape | None) -> Any:
    """A handler's JSON-typed value as CBOR carries it, by its shape."""
    kind = shape.type_name if shape is not None else None
    if isinstance(value, dict):
        if kind == "structure":
            members = shape.members  # type: ignore[union-attr]
            return {k: _write(v, members.get(k)) for k, v in value.items() if v is not None}
        inner = shape.value if kind == "map" else None  # type: ignore[union-attr]
        return {k: _write(v, inner) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        member = shape.member if kind == "list" else None  # type: ignore[union-attr]
        return [_write(item, member) for item in value]
    if kind == "timestamp":
        if isinstance(value, dt.datetime):
            value = value.timestamp()
        if isinstance(value, (int, float)) and math.isfinite(value):
            return cbor2.CBORTag(1, value)
        return value
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            return value.encode()
    if kind in ("double", "float") and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def query_error_code(error: EcsError) -> str:
    """The ``x-amzn-query-error`` value: the query code and whose fault it was."""
    fault = "Receiver" if error.http_status >= 500 else "Sender"
    return f"{error.code};{fault}"


def shape_name(code: str, service: ServiceModel | None) -> str:
    """The name of the error shape whose code is `code` (CloudWatch's ``ResourceNotFound``
    shape for ``ResourceNotFound``, its ``InvalidParameterValueException`` for
    ``InvalidParameterValue``), or the code itself."""
    if service is not None:
        for shape in service.error_shapes:
            if shape.error_code == code:
                return shape.name
    return code


class RpcV2CborCodec:
    protocol = "smithy-rpc-v2-cbor"

    def parse(self, request: WireRequest, model: OperationModel) -> dict[str, Any]:
        if not request.body:
            return {}
        try:
            decoded = cbor2.loads(request.body)
        except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError) as error:
            raise SerializationException(f"Request body is not valid CBOR: {error}.") from None
        except RecursionError:
            raise SerializationException("Request body is nested too deeply.") from None
        if not isinstance(decoded, dict):
            raise SerializationException("Request body must be a CBOR map.")
        return _read(decoded, model.input_shape)

    def answer(
        self, response: dict[str, Any], model: OperationModel, request_id: str
    ) -> WireResponse:
        body = cbor2.dumps(_write(response, model.output_shape))
        return WireResponse(200, self._headers(request_id), body, model.name)

    def error(self, error: EcsError, service: ServiceModel | None, request_id: str) -> WireResponse:
        headers = self._headers(request_id)
        if service is not None and "awsQueryCompatible" in service.metadata:
            headers["x-amzn-query-error"] = query_error_code(error)
        said = dict(error.to_json())
        said["__type"] = shape_name(error.code, service)
        return WireResponse(
            error.http_status,
            headers,
            cbor2.dumps(said),
            error_code=error.code,
            hint=error.hint,
        )

    @staticmethod
    def _headers(request_id: str) -> dict[str, str]:
        return {
            "Content-Type": CBOR_TYPE,
            "smithy-protocol": PROTOCOL_HEADER,
            "x-amzn-RequestId": request_id,
        }
