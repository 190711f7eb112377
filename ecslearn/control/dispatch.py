"""The single path every call takes: (service, operation, request JSON) -> response JSON or error.

The in-process boto3 clients and the HTTP endpoint all come through `handle_http`; Python code
that wants the answer without HTTP calls `call`. Requests are checked against botocore's model
before a handler runs, and responses after, so nothing leaves ecslearn that real AWS would not
send. Each service names its errors in its own words (ECS's InvalidParameterException is
Application Auto Scaling's ValidationException); `in_dialect` translates the shared ones.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

# Importing the operations package fills the registry.
import ecslearn.control.operations  # noqa: F401
from ecslearn.control.registry import OPERATIONS, RequestContext
from ecslearn.control.shapes import SERVICES, operation_model, service_model, shape_problems
from ecslearn.errors import (
    EcsError,
    InternalServiceException,
    InvalidParameterException,
    SerializationException,
    ServerException,
    UnknownOperationException,
    UnsupportedFeatureException,
    ValidationException,
)

if TYPE_CHECKING:
    from ecslearn.control.world import World

log = logging.getLogger(__name__)

#: A request body larger than this is refused before it is parsed (ECS's own limit is lower).
MAX_BODY_BYTES = 1024 * 1024

#: The errors every service has (a bad parameter, an operation ecslearn does not simulate, a bug
#: in ecslearn) under the names a service without ECS's names gives them. ECS and ECR use ECS's.
DIALECTS: dict[str, dict[type[EcsError], type[EcsError]]] = {
    "application-autoscaling": {
        InvalidParameterException: ValidationException,
        UnsupportedFeatureException: ValidationException,
        ServerException: InternalServiceException,
    },
}
#: How messages name a service.
DISPLAY_NAMES = {"ecs": "ECS", "ecr": "ECR", "application-autoscaling": "Application Auto Scaling"}


def in_dialect(service: str, error: EcsError) -> EcsError:
    """`error` as `service` names it: the same error, or its equivalent with the same message."""
    renamed = DIALECTS.get(service, {}).get(type(error))
    return error if renamed is None else renamed(error.message)


def display_name(service: str) -> str:
    return DISPLAY_NAMES.get(service, service)


def _without_nulls(value: Any) -> Any:
    """JSON ``null`` for a member means the member is absent, as AWS reads it."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


class ResponseShapeError(AssertionError):
    """ecslearn built a response that does not match botocore's output shape: a bug in ecslearn."""


class Dispatcher:
    """Routes calls to handlers; `strict` lets internal errors propagate, unwrapped."""

    def __init__(self, world: World, *, strict: bool = False) -> None:
        self.world = world
        self.strict = strict

    def implemented(self, service: str = "ecs") -> list[str]:
        return sorted(name for (svc, name) in OPERATIONS if svc == service)

    def call(self, service: str, operation: str, request: dict[str, Any], region: str) -> dict:
        """Carry out one operation; raises `EcsError` (named as `service` names it) for anything
        the service would refuse."""
        try:
            return self._call(service, operation, request, region)
        except EcsError as error:
            translated = in_dialect(service, error)
            if translated is error:
                raise
            raise translated from error

    def _call(self, service: str, operation: str, request: dict[str, Any], region: str) -> dict:
        handler = OPERATIONS.get((service, operation))
        name = display_name(service)
        if handler is None:
            if operation in service_model(service).operation_names:
                raise UnsupportedFeatureException(
                    f"{operation} is part of the {name} API but ecslearn does not "
                    "simulate it yet. Operations available: "
                    f"{', '.join(self.implemented(service))}."
                )
            raise UnknownOperationException(f"{name} has no operation '{operation}'.")
        model = operation_model(service, operation)
        problems = shape_problems(request, model.input_shape, "request")
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise InvalidParameterException(
                f"Invalid parameter in {operation}: {problems[0]}{more}."
            )
        response = handler(RequestContext(self.world, region), _without_nulls(request))
        problems = shape_problems(response, model.output_shape, "response")
        if problems:
            raise ResponseShapeError(f"{operation} answered outside {name}'s shape: {problems}")
        return response

    def handle_http(self, target: str, body: bytes, region: str) -> tuple[int, dict[str, Any]]:
        """Serve one JSON-1.1 request: `target` is the X-Amz-Target header's value."""
        service = "ecs"
        try:
            service, operation = self._route(target)
            request = self._parse(body)
            return 200, self.call(service, operation, request, region)
        except EcsError as error:
            return error.http_status, error.to_json()
        except Exception as error:
            if self.strict:
                raise
            log.exception("internal error serving %s", target)
            wrapped = in_dialect(
                service,
                ServerException(
                    f"ecslearn hit an internal error ({type(error).__name__}: {error}). This is a "
                    "bug in ecslearn, not your mistake: please report it with the request that "
                    "caused it."
                ),
            )
            return wrapped.http_status, wrapped.to_json()

    @staticmethod
    def _route(target: str) -> tuple[str, str]:
        prefix, _, operation = target.partition(".")
        service = SERVICES.get(prefix)
        if service is None or not operation:
            raise UnknownOperationException(
                f"Unknown X-Amz-Target '{target}'. ecslearn serves "
                + ", ".join(f"{p}.<Operation>" for p in SERVICES)
                + "."
            )
        return service, operation

    @staticmethod
    def _parse(body: bytes) -> dict[str, Any]:
        if len(body) > MAX_BODY_BYTES:
            raise SerializationException(
                f"Request body is {len(body)} bytes; ecslearn accepts at most {MAX_BODY_BYTES}."
            )
        if not body.strip():
            return {}
        try:
            request = json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise SerializationException(f"Request body is not valid JSON: {error}.") from None
        if not isinstance(request, dict):
            raise SerializationException("Request body must be a JSON object.")
        return request
