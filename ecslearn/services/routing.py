"""Which simulated service and operation a request is for, from the request itself.

- A JSON request names both in its ``X-Amz-Target`` header (``<targetPrefix>.<Operation>``);
  the prefix is unique to a service.
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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ecslearn.errors import EcsError, UnknownOperationException
from ecslearn.protocols.form import decode_form
from ecslearn.protocols.wire import WireRequest
from ecslearn.services import ServiceSpec, simulated_services

XML_PROTOCOLS = ("query", "ec2")


@dataclass
class Route:
    service: ServiceSpec
    operation: str


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


def prepare() -> None:
    """Load every simulated service's model (and the table of target prefixes) now: botocore
    reads each from a large JSON file on first use, which would make a server's first calls
    take a second more than the rest."""
    for spec in simulated_services().values():
        spec.model.operation_names  # noqa: B018 (loaded for its side effect)
    _by_prefix()


@functools.cache
def _by_prefix() -> dict[str, ServiceSpec]:
    """Each JSON service by its X-Amz-Target prefix (unique to a service); built once, since
    every JSON call looks its service up here."""
    return {spec.target_prefix: spec for spec in json_services() if spec.target_prefix}


def json_services() -> list[ServiceSpec]:
    return [s for s in simulated_services().values() if s.protocol == "json"]


def xml_services() -> list[ServiceSpec]:
    return [s for s in simulated_services().values() if s.protocol in XML_PROTOCOLS]
