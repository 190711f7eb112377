"""The single path every call takes: a request in some AWS protocol -> a handler -> an answer in
that protocol, or an error in the service's words.

The in-process boto3 clients and the HTTP endpoint both come through `serve` (with the raw
headers and body); Python code that wants the answer without a wire format calls `call`.
`ecslearn.services.routing` finds the service and operation, a codec of `ecslearn.protocols`
decodes the body by botocore's input shape, the handler runs on a plain dict, and the codec
writes its answer by the output shape. Requests are checked against botocore's model before a
handler runs, always: they are the learner's input. Responses are checked after, so that nothing
leaves ecslearn that real AWS would not send, whenever that check is on (`checks_responses`):
in strict mode and wherever ``ECSLEARN_CHECK_RESPONSES`` is set, which ecslearn's own test
suite sets for every test, notebook and server it starts. A learner's session skips it: it is
ecslearn's assertion about its own code (like an ``assert``), and it cost about a sixth of what
serving a RunTask of ten tasks costs. Each
service names its errors in its own words (ECS's InvalidParameterException is Application Auto
Scaling's ValidationException, EC2's InvalidParameterValue): `ServiceSpec.in_dialect`.
"""

from __future__ import annotations

import json
import logging
import os
from typing import TYPE_CHECKING, Any

from ecslearn.control.shapes import operation_model, shape_problems
from ecslearn.errors import (
    EcsError,
    InvalidParameterException,
    RequestEntityTooLargeException,
    ServerException,
    UnknownOperationException,
)
from ecslearn.protocols import codec_for
from ecslearn.protocols.aws_json import without_nulls
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.services import ServiceSpec, service_spec, simulated_services
from ecslearn.services.handlers import OPERATIONS, Handler, RequestContext
from ecslearn.services.routing import Unroutable, route

if TYPE_CHECKING:
    from ecslearn.control.world import World

log = logging.getLogger(__name__)

#: A request body larger than this is refused before it is parsed (ECS's own limit is lower).
MAX_BODY_BYTES = 1024 * 1024
#: The request ID of in-process answers (over HTTP each answer gets a fresh UUID).
IN_PROCESS_REQUEST_ID = "ecslearn"
#: Set (to anything but "" or "0") to check every response against its output shape.
CHECK_RESPONSES_VARIABLE = "ECSLEARN_CHECK_RESPONSES"


def checks_responses(strict: bool) -> bool:
    """Whether a dispatcher checks its answers: in strict mode, or when the environment asks."""
    return strict or os.environ.get(CHECK_RESPONSES_VARIABLE, "") not in ("", "0")


def in_dialect(service: str, error: EcsError) -> EcsError:
    """`error` as `service` names it: the same error, or its equivalent with the same message."""
    return service_spec(service).in_dialect(error)


def display_name(service: str) -> str:
    """How messages name a service ("Application Auto Scaling" for application-autoscaling)."""
    try:
        return service_spec(service).display
    except ValueError:
        return service


class ResponseShapeError(AssertionError):
    """ecslearn built a response that does not match botocore's output shape: a bug in ecslearn."""


class Dispatcher:
    """Routes calls to handlers; `strict` lets internal errors propagate, unwrapped, and checks
    every answer's shape (`checks_responses`)."""

    def __init__(self, world: World, *, strict: bool = False) -> None:
        self.world = world
        self.strict = strict
        self.check_responses = checks_responses(strict)
        simulated_services()  # registers every handler

    def implemented(self, service: str = "ecs") -> list[str]:
        return sorted(name for (svc, name) in OPERATIONS if svc == service)

    # -- Python calls ---------------------------------------------------------------------------
    def call(self, service: str, operation: str, request: dict[str, Any], region: str) -> dict:
        """Carry out one operation; raises `EcsError` (named as `service` names it) for anything
        the service would refuse."""
        return self._translated(service, operation, without_nulls(request), region)

    def _translated(
        self, service: str, operation: str, request: dict[str, Any], region: str
    ) -> dict:
        """`call` for a request with no nulls left (the codecs drop them as they parse)."""
        try:
            return self._call(service, operation, request, region)
        except EcsError as error:
            translated = in_dialect(service, error)
            if translated is error:
                raise
            raise translated from error

    def _call(self, service: str, operation: str, request: dict[str, Any], region: str) -> dict:
        handler = OPERATIONS.get((service, operation))
        if handler is None:
            raise self._missing(service, operation)
        return self._run(handler, service, operation, request, region)

    def _missing(self, service: str, operation: str) -> EcsError:
        """The refusal of an operation without a handler: one of the API that ecslearn does not
        simulate (in the service's words, `ServiceSpec.not_simulated`), or none at all."""
        spec = service_spec(service)
        if operation in spec.model.operation_names:
            return spec.not_simulated(
                operation,
                f"{operation} is part of the {spec.display} API but ecslearn does not "
                f"simulate it yet. Operations available: {', '.join(self.implemented(service))}.",
            )
        return UnknownOperationException(f"{spec.display} has no operation '{operation[:100]}'.")

    def _run(
        self, handler: Handler, service: str, operation: str, request: dict[str, Any], region: str
    ) -> dict:
        """Check `request` against the operation's input shape, run `handler`, and check its
        answer against the output shape. Everything an implemented operation can answer besides
        its handler's own errors comes from here (tests/services read it to know). The answer
        is checked only when `check_responses` is on."""
        model = operation_model(service, operation)
        problems = shape_problems(request, model.input_shape, "request")
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise InvalidParameterException(
                f"Invalid parameter in {operation}: {problems[0]}{more}."
            )
        response = handler(RequestContext(self.world, region), request)
        if not self.check_responses:
            return response
        problems = shape_problems(response, model.output_shape, "response")
        if problems:
            raise ResponseShapeError(
                f"{operation} answered outside {display_name(service)}'s shape: {problems}"
            )
        return response

    # -- the wire -------------------------------------------------------------------------------
    def serve(
        self,
        request: WireRequest,
        region: str,
        *,
        service: str | None = None,
        signing_name: str | None = None,
        request_id: str = IN_PROCESS_REQUEST_ID,
    ) -> WireResponse:
        """Answer one HTTP request (headers with lower-case names, and the body) in its own
        protocol. `service` is the botocore name when the caller knows it (an in-process
        client); `signing_name` the service of the SigV4 credential scope (over HTTP)."""
        known = service_spec(service) if service is not None else None
        try:
            if len(request.body) > MAX_BODY_BYTES:
                raise Unroutable(
                    RequestEntityTooLargeException(
                        f"Request body is {len(request.body)} bytes; ecslearn accepts at most "
                        f"{MAX_BODY_BYTES}."
                    ),
                    known,
                    known.protocol if known is not None else "json",
                )
            found = route(request, service=service, signing_name=signing_name)
        except Unroutable as refusal:
            spec = refusal.service
            error = spec.in_dialect(refusal.error) if spec is not None else refusal.error
            model = spec.model if spec is not None else None
            return codec_for(refusal.protocol).error(error, model, request_id)
        return self._serve(
            found.service, found.operation, request, region, request_id, found.protocol
        )

    def _serve(
        self,
        spec: ServiceSpec,
        operation: str,
        request: WireRequest,
        region: str,
        rid: str,
        protocol: str = "",
    ) -> WireResponse:
        """Answer in the protocol the request speaks (`protocol`; "" for the service's own)."""
        codec = codec_for(protocol or spec.protocol)
        model = spec.model
        try:
            known = operation in model.operation_names
            op_model = model.operation_model(operation) if known else None
            params = codec.parse(request, op_model) if op_model is not None else {}
            response = self._translated(spec.name, operation, params, region)
            assert op_model is not None  # call() refuses operations the model lacks
            return codec.answer(response, op_model, rid)
        except EcsError as error:
            answer = codec.error(spec.in_dialect(error), model, rid)
        except Exception as error:
            if self.strict:
                raise
            log.exception("internal error serving %s.%s", spec.name, operation)
            wrapped = spec.in_dialect(
                ServerException(
                    f"ecslearn hit an internal error ({type(error).__name__}: {error}). This is a "
                    "bug in ecslearn, not your mistake: please report it with the request that "
                    "caused it."
                )
            )
            answer = codec.error(wrapped, model, rid)
        answer.operation = operation[:100]
        return answer

    def handle_http(self, target: str, body: bytes, region: str) -> tuple[int, dict[str, Any]]:
        """Serve one JSON request (`target` is its X-Amz-Target): the status and the JSON
        answer. A shortcut over `serve` for Python code and tests."""
        answer = self.serve(WireRequest({"x-amz-target": target}, body), region)
        return answer.status, json.loads(answer.body)
