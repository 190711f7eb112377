"""Where `mock_aws` takes botocore's calls away from the network: two patches, inside it only.

**Client creation** (`botocore.session.Session.create_client`). Every botocore client is made
there, whichever way the code under test asks for one: ``boto3.client``, a ``boto3.Session``
of its own, ``boto3.resource`` (whose client is made the same way), a bare botocore session. At
that moment the service's name and the client's region are known, so a client for a service
ecslearn does not simulate is refused at once, naming the service, before any request exists;
a simulated one gets the same ``before-send`` hook `sim.client` uses
(`ecslearn.client.answer_in_process`), so botocore still validates, serializes, signs and
parses as it does for AWS, and only the socket is skipped.

**The last step before the socket** (`botocore.endpoint.Endpoint._send`). A client made before
the context was entered (a module-level ``ecs = boto3.client("ecs")`` in the code under test)
has no hook; its request reaches this method, which answers it in-process too (its service and
region read from the SigV4 credential scope, as ``ecslearn serve`` reads them), or refuses it,
naming the service and host, when no simulated service takes it. Nothing that botocore sends
inside the context reaches the network.

The patches are process-wide, as botocore's classes are: while a mock is active, a client made
in any thread is answered by the innermost active mock (nested mocks: the inner one; mocks
entered by two threads at once share that rule, so give concurrent tests one each in separate
processes, as pytest-xdist does).

Why these and not others: botocore has no global event that fires for every session (events
are per session, and the code under test makes its own), ``BaseClient._make_api_call`` would
skip botocore's own serializing and parsing (which is what a test must exercise), and patching
sockets or urllib3 would catch far more than botocore. Both methods are patched on their class
while at least one `mock_aws` is active, and restored to exactly what was there when the last
one leaves (unless something else has patched them since, which is then left alone).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any, Protocol

import botocore.endpoint
import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ecslearn.client import _Body, answer_in_process, wire_request
from ecslearn.protocols.signing_scope import region_from, signing_service_from
from ecslearn.services import SIMULATED, UnknownServiceError
from ecslearn.services.routing import Unroutable, route

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation

_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$")


class UnsimulatedServiceError(UnknownServiceError):
    """Inside `mock_aws`, a client or a request for an AWS service ecslearn does not simulate:
    refused so that it never reaches the real AWS."""


class Active(Protocol):
    """What the patches need of an active `mock_aws`."""

    sim: Simulation
    lock: threading.RLock


#: The active mocks, innermost last: the innermost answers.
_STACK: list[Active] = []
_GUARD = threading.Lock()
#: The methods replaced while a mock is active: (owner, attribute) -> what was there.
_SAVED: dict[tuple[type, str], Any] = {}


def refusal(service: str, where: str) -> UnsimulatedServiceError:
    return UnsimulatedServiceError(
        f"mock_aws: ecslearn does not simulate the AWS service {service!r} ({where}), and "
        f"inside mock_aws nothing goes to the real AWS. It simulates {', '.join(SIMULATED)}."
    )


def current() -> Active | None:
    """The innermost active mock, or None."""
    return _STACK[-1] if _STACK else None


def push(mock: Active) -> None:
    with _GUARD:
        if not _STACK:
            _install()
        _STACK.append(mock)


def pop(mock: Active) -> None:
    with _GUARD:
        if mock in _STACK:
            _STACK.remove(mock)
        if not _STACK:
            _uninstall()


def _install() -> None:
    for owner, name, replacement in _PATCHES:
        _SAVED[(owner, name)] = owner.__dict__[name]
        setattr(owner, name, replacement)


def _uninstall() -> None:
    for owner, name, replacement in _PATCHES:
        original = _SAVED.pop((owner, name), None)
        if original is not None and owner.__dict__.get(name) is replacement:
            setattr(owner, name, original)


def _original(owner: type, name: str) -> Any:
    return _SAVED.get((owner, name)) or owner.__dict__[name]


def _create_client(self: botocore.session.Session, service_name: str, *args: Any, **kwargs: Any):
    """`Session.create_client` inside `mock_aws`: simulated services only, answered in-process."""
    create = _original(botocore.session.Session, "create_client")
    active = current()
    if active is None:  # the last mock left while this thread was on its way in
        return create(self, service_name, *args, **kwargs)
    if service_name not in SIMULATED:
        raise refusal(service_name, f"a client was created for {service_name!r}")
    client = create(self, service_name, *args, **kwargs)
    region = client.meta.region_name
    if not isinstance(region, str) or not _REGION.match(region):
        region = active.sim.region  # a global endpoint's pseudo-region ("aws-global")
    return answer_in_process(client, active.sim.world.dispatcher, service_name, region, active.lock)


def _send(self: botocore.endpoint.Endpoint, request: AWSPreparedRequest) -> AWSResponse:
    """`Endpoint._send` inside `mock_aws`: a request from a client made before the mock was
    entered, answered in-process when a simulated service takes it, refused otherwise."""
    active = current()
    if active is None:
        return _original(botocore.endpoint.Endpoint, "_send")(self, request)
    wire = wire_request(request)
    authorization = wire.headers.get("authorization")
    signing_name = signing_service_from(authorization)
    try:
        route(wire, signing_name=signing_name)
    except Unroutable as unroutable:
        if unroutable.service is None:  # a simulated service's bad request is its to answer
            where = f"a request to {getattr(self, 'host', '?')}"
            raise refusal(signing_name or "(unsigned)", where) from None
    region = region_from(authorization, active.sim.region)
    with active.lock:
        reply = active.sim.world.dispatcher.serve(wire, region, signing_name=signing_name)
    return AWSResponse(request.url, reply.status, reply.headers, _Body(reply.body))


_PATCHES: tuple[tuple[type, str, Any], ...] = (
    (botocore.session.Session, "create_client", _create_client),
    (botocore.endpoint.Endpoint, "_send", _send),
)
