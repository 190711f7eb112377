"""What every codec offers, and the answer it builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.model import OperationModel, ServiceModel

from ecslearn.errors import EcsError


@dataclass
class WireResponse:
    """An HTTP answer: status, headers, body; `operation` names the call (for logs), when known."""

    status: int
    headers: dict[str, str]
    body: bytes
    operation: str = ""
    #: The error code, when the answer is an error (for logs and tests).
    error_code: str | None = None
    #: ecslearn's advice about that error (`EcsError.hint`), for the server's log; never sent.
    hint: str | None = None


@dataclass
class WireRequest:
    """One HTTP request as a codec sees it: lower-cased header names, the raw body, the form
    fields when the body is a form (query and ec2), and the URL's path."""

    headers: dict[str, str]
    body: bytes
    form: dict[str, str] | None = field(default=None)
    #: The URL's path: ``/`` for JSON and query requests; RPC v2 names service and operation
    #: in it (``/service/<ServiceName>/operation/<Operation>``).
    path: str = "/"


class Codec(Protocol):
    """A botocore protocol: the request's members in, the response (or an error) out."""

    protocol: str

    def parse(self, request: WireRequest, model: OperationModel) -> dict[str, Any]:
        """The request's members as a dict of botocore member names, with no member None (an
        absent member is left out, as AWS reads a null; the dispatcher relies on it); raises
        `EcsError`."""
        ...

    def answer(
        self, response: dict[str, Any], model: OperationModel, request_id: str
    ) -> WireResponse:
        """A successful answer carrying `response` (already checked against the output shape)."""
        ...

    def error(self, error: EcsError, service: ServiceModel | None, request_id: str) -> WireResponse:
        """`error` as this protocol's clients read it; `service` may be unknown (None)."""
        ...
