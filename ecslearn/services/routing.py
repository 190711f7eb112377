"""Which simulated service and operation a request is for, from the request itself.

- A JSON request names both in its ``X-Amz-Target`` header (``<targetPrefix>.<Operation>``);
  the prefix is unique to a service.
- An RPC v2 CBOR request names both in its path (``/service/<targetPrefix>/operation/<Op>``)
  and says its protocol in a ``smithy-protocol: rpc-v2-cbor`` header.
- A query or ec2 request names its operation in the form body's ``Action``. Its service is the
  one the caller says (an in-process client knows its own); else the service in the SigV4
  credential scope of the ``Authorization`` header (``.../us-east-1/sts/aws4_request``), which
  is the model's signing name; else, for an unsigned request, the form's ``Version``, which is
  the API version of exactly one simulated service. When the signing name is shared (classic
  ELB and ELBv2 both sign as ``elasticloadbalancing``) the ``Version`` decides between them.
  The ``Host`` header is not used: with ``--endpoint-url`` it names ecslearn, not the service.

A request that cannot be routed raises `Unroutable`, carrying the error and the service (if any
is known) whose protocol and dialect should answer it; with none known, a JSON body that is not
a form is answered in ECS's JSON, and a form in the query protocol's XML (which both XML
parsers of botocore read).

A request refused before it is routed at all (by the HTTP server: too large, a foreign Host,
no Content-Length, a bad request line...) is answered by `refusal` in the protocol its client
speaks, read from what arrived (`speaker`): an ``X-Amz-Target`` is JSON, a form (by its
Content-Type, or a body that is one) is XML: EC2's envelope for EC2, the query protocol's for
the rest. Those clients' parsers read only their own shape, so the code botocore reports is
the code ecslearn meant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ecslearn.errors import EcsError, UnknownOperationException
from ecslearn.protocols import codec_for
from ecslearn.protocols.form import decode_form
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.services import ServiceSpec, simulated_services

XML_PROTOCOLS = ("query", "ec2")


@dataclass
class Route:
    service: ServiceSpec
    operation: str
    protocol: str = ""  # the protocol the request speaks ("" : the service's own)


class Unroutable(Exception):
    """No service (or no operation) for a request; answer `error` in `protocol`, in the words
    of `service` when it is known."""

    def __init__(self, error: EcsError, service: ServiceSpec | None, protocol: str) -> None:
        super().__init__(error.message)
        self.error = error
        self.service = service
        self.protocol = protocol


def _form(request: WireRequest) -> dict[str, str]:
    if request.form is None:
        try:
            request.form = decode_form(request.body)
        except EcsError:
            request.form = {}
    return request.form


def route(
    request: WireRequest, *, service: str | None = None, signing_name: str | None = None
) -> Route:
    """The service and operation of `request`; `service` is a botocore name the caller already
    knows (in-process), `signing_name` the credential scope's service (over HTTP)."""
    services = simulated_services()
    known = services[service] if service is not None else None
    if request.path.startswith(RPC_PATH) or "smithy-protocol" in request.headers:
        return _rpc_route(request, known)
    target = request.headers.get("x-amz-target")
    if target is not None:
        prefix, _, operation = target.partition(".")
        found = _by_prefix().get(prefix)
        matching = [found] if found is not None and (known is None or found is known) else []
        if not matching or not operation:
            served = ", ".join(f"{s.target_prefix}.<Operation>" for s in json_services())
            raise Unroutable(
                UnknownOperationException(
                    f"Unknown X-Amz-Target '{target[:200]}'. ecslearn serves {served}."
                ),
                known,
                known.protocol if known is not None else "json",
            )
        return Route(matching[0], operation)

    action = _form(request).get("Action")
    if known is not None:
        if known.protocol not in XML_PROTOCOLS or not action:
            how = "an X-Amz-Target header" if known.protocol == "json" else "an Action"
            raise Unroutable(
                UnknownOperationException(f"A {known.display} request needs {how}."),
                known,
                known.protocol,
            )
        return Route(known, action)
    if not action:
        raise Unroutable(
            UnknownOperationException(
                "The request has no X-Amz-Target header (JSON services: "
                + ", ".join(s.name for s in json_services())
                + ") and no Action in a form body (query services: "
                + ", ".join(s.name for s in xml_services())
                + ")."
            ),
            None,
            "json",
        )
    candidates = xml_services()
    if signing_name is not None:
        candidates = [s for s in candidates if s.signing_name == signing_name]
    version = request.form.get("Version") if request.form else None
    if version and (len(candidates) > 1 or signing_name is None):
        candidates = [s for s in candidates if s.api_version == version]
    if len(candidates) != 1:
        said = f"signed for {signing_name!r}" if signing_name else f"Version {version!r}"
        raise Unroutable(
            UnknownOperationException(
                f"No simulated service answers Action {action[:100]!r} {said}. ecslearn's "
                "query services: "
                + ", ".join(f"{s.name} (Version {s.api_version})" for s in xml_services())
                + "."
            ),
            None,
            "query",
        )
    return Route(candidates[0], action)


RPC_PATH = "/service/"


def _rpc_route(request: WireRequest, known: ServiceSpec | None) -> Route:
    """The service and operation named by an RPC v2 request's path."""
    parts = request.path.split("/")
    # "/service/<Name>/operation/<Op>" splits as ["", "service", Name, "operation", Op].
    named = len(parts) == 5 and parts[1] == "service" and parts[3] == "operation" and parts[4]
    found = _by_rpc_name().get(parts[2]) if named else None
    protocol = "smithy-rpc-v2-cbor"
    if found is None or (known is not None and found is not known):
        served = ", ".join(f"/service/{s.target_prefix}/operation/<Operation>" for s in _rpc())
        raise Unroutable(
            UnknownOperationException(
                f"Unknown RPC v2 path '{request.path[:200]}'. ecslearn serves {served}."
            ),
            known if known is not None and protocol in known.protocols else None,
            protocol,
        )
    return Route(found, parts[4], protocol)


def _rpc() -> list[ServiceSpec]:
    return [s for s in simulated_services().values() if "smithy-rpc-v2-cbor" in s.protocols]


@functools.cache
def _by_rpc_name() -> dict[str, ServiceSpec]:
    """Each RPC v2 service by the name its paths use (the model's ``targetPrefix``)."""
    return {spec.target_prefix: spec for spec in _rpc() if spec.target_prefix}


def prepare() -> None:
    """Load every simulated service's model (and the table of target prefixes) now: botocore
    reads each from a large JSON file on first use, which would make a server's first calls
    take a second more than the rest."""
    for spec in simulated_services().values():
        spec.model.operation_names  # noqa: B018 (loaded for its side effect)
    _by_prefix()
    _by_rpc_name()


@functools.cache
def _by_prefix() -> dict[str, ServiceSpec]:
    """Each JSON service by its X-Amz-Target prefix (unique to a service); built once, since
    every JSON call looks its service up here."""
    return {spec.target_prefix: spec for spec in json_services() if spec.target_prefix}


def json_services() -> list[ServiceSpec]:
    return [s for s in simulated_services().values() if s.protocol == "json"]


def xml_services() -> list[ServiceSpec]:
    return [s for s in simulated_services().values() if s.protocol in XML_PROTOCOLS]


FORM_TYPE = "application/x-www-form-urlencoded"


def speaker(
    headers: dict[str, str], body: bytes = b"", signing_name: str | None = None
) -> tuple[ServiceSpec | None, str]:
    """The service (if it can be told) and the protocol of a request's client, from its
    lower-cased headers, what has arrived of its body, and its credential scope's service."""
    services = simulated_services()
    if "smithy-protocol" in headers:
        rpc = [s for s in _rpc() if signing_name is None or s.signing_name == signing_name]
        return (rpc[0] if len(rpc) == 1 else None), "smithy-rpc-v2-cbor"
    target = headers.get("x-amz-target")
    if target is not None:
        prefix = target.partition(".")[0]
        found = [s for s in services.values() if s.target_prefix == prefix]
        return (found[0] if found else None), "json"
    form: dict[str, str] = {}
    if body:
        try:
            form = decode_form(body)
        except EcsError:
            form = {}
    signed = [s for s in services.values() if s.signing_name == signing_name]
    if FORM_TYPE not in headers.get("content-type", "").lower() and "Action" not in form:
        json_signed = [s for s in signed if s.protocol == "json"]
        return (json_signed[0] if len(json_signed) == 1 else None), "json"
    candidates = [s for s in xml_services() if signing_name is None or s in signed]
    version = form.get("Version")
    if version and len(candidates) > 1:
        candidates = [s for s in candidates if s.api_version == version]
    if len(candidates) == 1:
        return candidates[0], candidates[0].protocol
    # Not to be told: the query protocol, in the words of a service that speaks it (its common
    # errors are every query API's), which EC2's parser reads as well.
    query = [s for s in xml_services() if s.protocol == "query"]
    return (query[0] if query else None), "query"


def refusal(
    error: EcsError,
    status: int,
    headers: dict[str, str],
    *,
    body: bytes = b"",
    signing_name: str | None = None,
    request_id: str,
) -> WireResponse:
    """`error` (ECS's name for it) with HTTP `status`, in the words and the protocol of the
    client that sent the refused request (see the module)."""
    spec, protocol = speaker(headers, body, signing_name)
    said = spec.in_dialect(error) if spec is not None else error
    answer = codec_for(protocol).error(said, spec.model if spec is not None else None, request_id)
    answer.status = status
    return answer
