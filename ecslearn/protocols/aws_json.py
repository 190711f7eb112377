"""AWS JSON 1.0 / 1.1: ``POST /`` with ``X-Amz-Target: <targetPrefix>.<Operation>``, a JSON
object in, a JSON object out; errors are ``{"__type": code, "message": text}``.

The handlers' dicts are already JSON-shaped (timestamps as epoch seconds, blobs as base64), so
this codec only reads and writes JSON. ``null`` for a member means the member is absent, as AWS
reads it: nulls are dropped before a handler sees the request.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from botocore.model import OperationModel, ServiceModel

from ecslearn.errors import EcsError, SerializationException
from ecslearn.protocols.wire import WireRequest, WireResponse


def content_type(service: ServiceModel | None) -> str:
    """``application/x-amz-json-1.0`` or ``-1.1``, as the model's ``jsonVersion`` says (ECS's
    1.1 when the service is unknown)."""
    version = (service.metadata.get("jsonVersion") if service is not None else None) or "1.1"
    return f"application/x-amz-json-{version}"


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def compact_json(value: Any) -> bytes:
    """JSON as AWS sends it: UTF-8, no spaces after separators. orjson writes it ten times
    faster than the standard library (a 100-task DescribeTasks answer is 125 KB: 1 ms with
    `json`, 0.08 ms with orjson), and every answer is written. Non-string keys are written as
    strings, as `json` would."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


class JsonCodec:
    protocol = "json"

    def parse(self, request: WireRequest, model: OperationModel) -> dict[str, Any]:
        body = request.body
        if not body.strip():
            return {}
        try:
            parsed = json.loads(body)
            if not isinstance(parsed, dict):
                raise SerializationException("Request body must be a JSON object.")
            return without_nulls(parsed)
        except (ValueError, UnicodeDecodeError) as error:
            raise SerializationException(f"Request body is not valid JSON: {error}.") from None
        except RecursionError:  # json and without_nulls recurse once per level of nesting
            raise SerializationException("Request body is nested too deeply.") from None

    def answer(
        self, response: dict[str, Any], model: OperationModel, request_id: str
    ) -> WireResponse:
        headers = {
            "Content-Type": content_type(model.service_model),
            "x-amzn-RequestId": request_id,
        }
        return WireResponse(200, headers, compact_json(response), model.name)

    def error(self, error: EcsError, service: ServiceModel | None, request_id: str) -> WireResponse:
        headers = {
            "Content-Type": content_type(service),
            "x-amzn-RequestId": request_id,
            "x-amzn-ErrorType": error.code,
        }
        body = compact_json(error.to_json())
        return WireResponse(
            error.http_status, headers, body, error_code=error.code, hint=error.hint
        )
