"""Real boto3 clients whose requests are answered in-process by a simulation.

botocore builds and signs the HTTP request as it would for AWS; a ``before-send`` hook hands
its headers and body to the dispatcher instead of the network and returns the answer as an HTTP
response, which botocore then parses. The dispatcher reads the request as the service's protocol
writes it (JSON with an X-Amz-Target header, or a query/EC2 form with an Action) and answers in
the same protocol, so parameter validation, paginators, waiters and modelled exceptions
(``client.exceptions.ClusterNotFoundException``) all behave as they do against real AWS.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
import botocore.loaders
import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.config import Config

from ecslearn.protocols.wire import WireRequest
from ecslearn.services import service_spec

#: botocore's model loader, shared by every simulated client (see make_client).
_LOADER = botocore.loaders.create_loader()

if TYPE_CHECKING:
    from ecslearn.control.world import Caller


class _Body:
    """The raw-stream object AWSResponse reads its content from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any):
        yield self._data


def wire_request(request: AWSPreparedRequest) -> WireRequest:
    """botocore's prepared request as the dispatcher reads it."""
    headers = {
        str(name).lower(): value.decode() if isinstance(value, bytes) else str(value)
        for name, value in request.headers.items()
    }
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, bytes):
        body = body.read()  # a file-like body (botocore streams large uploads)
    return WireRequest(headers, bytes(body), path=urlsplit(request.url).path or "/")


def make_client(dispatcher: Caller, region: str, service: str = "ecs") -> Any:
    """A boto3 client for a simulated `service` (a botocore name: "ecs", "ecr",
    "application-autoscaling", "ec2", "sts", "ssm", "autoscaling") in `region`, answered by
    `dispatcher` with no socket opened. Any other service raises `UnknownServiceError` naming
    the simulated ones."""
    spec = service_spec(service)
    core = botocore.session.get_session()
    # One loader for every client: botocore caches the service models it has parsed per loader,
    # and a fresh session would parse EC2's multi-megabyte model again for each client.
    core.register_component("data_loader", _LOADER)
    session = boto3.session.Session(
        aws_access_key_id="ecslearn",
        aws_secret_access_key="ecslearn",
        region_name=region,
        botocore_session=core,
    )
    client = session.client(service, config=Config(parameter_validation=True))
    return answer_in_process(client, dispatcher, spec.name, region)


def answer_in_process(
    client: Any,
    dispatcher: Caller,
    service: str,
    region: str,
    lock: AbstractContextManager[Any] | None = None,
) -> Any:
    """Make `client` (any botocore client for the simulated `service`) answered by `dispatcher`
    in `region` instead of the network, with botocore's retries off; returns the client.

    The one hook both `sim.client` and `ecslearn.testing.mock_aws` use: a ``before-send``
    handler on the client's own event emitter, so botocore still validates, serializes, signs
    and parses exactly as it would for AWS. `lock`, when given, is held for each answer (the
    simulation answers one call at a time; a test's code may call from several threads)."""
    guard = lock if lock is not None else nullcontext()

    def answer(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        with guard:
            reply = dispatcher.serve(wire_request(request), region, service=service)
        return AWSResponse(request.url, reply.status, reply.headers, _Body(reply.body))

    client.meta.events.register("before-send", answer)
    # Never retry: every answer comes from one deterministic call, and a retried call that
    # changed state would change it twice.
    event_name = client.meta.service_model.service_id.hyphenize()
    client.meta.events.unregister(
        f"needs-retry.{event_name}", unique_id=f"retry-config-{event_name}"
    )
    return client
