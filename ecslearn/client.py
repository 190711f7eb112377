"""Real boto3 clients whose requests are answered in-process by a simulation.

botocore builds and signs the HTTP request as it would for AWS; a ``before-send`` hook hands
it to the dispatcher instead of the network and returns the answer as an HTTP response, which
botocore then parses. So parameter validation, paginators, waiters and modelled exceptions
(``client.exceptions.ClusterNotFoundException``) all behave as they do against real ECS.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.config import Config

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


class _Body:
    """The raw-stream object AWSResponse reads its content from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any):
        yield self._data


def _header(request: AWSPreparedRequest, name: str) -> str:
    value = request.headers.get(name, b"")
    return value.decode() if isinstance(value, bytes) else str(value)


def make_client(sim: Simulation, service: str = "ecs", region_name: str | None = None) -> Any:
    """A boto3 client for `service` ("ecs", "ecr" or "application-autoscaling") served by `sim`,
    with no socket opened."""
    region = region_name or sim.region
    session = boto3.session.Session(
        aws_access_key_id="ecslearn",
        aws_secret_access_key="ecslearn",
        region_name=region,
    )
    client = session.client(
        service,
        config=Config(parameter_validation=True),
    )

    def answer(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        status, payload = sim.world.dispatcher.handle_http(
            _header(request, "X-Amz-Target"), bytes(body), region
        )
        data = json.dumps(payload).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "ecslearn"}
        return AWSResponse(request.url, status, headers, _Body(data))

    client.meta.events.register("before-send", answer)
    # Never retry: every answer comes from one deterministic call, and a retried call that
    # changed state would change it twice.
    event_name = client.meta.service_model.service_id.hyphenize()
    client.meta.events.unregister(
        f"needs-retry.{event_name}", unique_id=f"retry-config-{event_name}"
    )
    return client
