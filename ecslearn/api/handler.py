"""The HTTP side of the endpoint: every simulated service's protocol in front of the dispatcher.

A call is ``POST /``. A JSON service's (ECS, ECR, Application Auto Scaling) carries
``X-Amz-Target: <service prefix>.<Operation>`` and a JSON object, and is answered in JSON
(``application/x-amz-json-1.1``; an error is ``{"__type": "ClusterNotFoundException",
"message": "..."}`` with a 4xx status, a bug in ecslearn a ``ServerException``, 500). A query or
EC2 service's (STS, EC2) carries a form body ``Action=<Operation>&Version=...`` and is answered
in XML. `ecslearn.services.routing` says how a request finds its service: the target prefix, or
the Action with the credential scope's service name (or, unsigned, the API Version).

The region (and, for the query protocols, the service) is read from the SigV4 ``Authorization``
header's credential scope (``Credential=AKID/20250101/us-west-2/ecs/aws4_request``). Signatures
are NOT verified: any key works, and so does an unsigned request (it gets the simulation's own
region). That is why the server listens on loopback only unless told otherwise, and why the
``Host`` header must name this machine (localhost, 127.0.0.0/8, ::1 or the bound address, any
port) unless ``--allow-remote``: a web page on another site cannot drive the simulation by
pointing a name it controls at 127.0.0.1 (DNS rebinding), since its requests carry that name.

`EcsApp` is a WSGI application; `ecslearn.api.server` runs it on its own httptools connections
(`ecslearn.api.http_connection`), which parse HTTP and enforce the size, time and connection
limits before a request reaches it. Here: a body sent
without a ``Content-Length`` (chunked) is refused (400), a foreign Host (403), a body over
the limit (413), a method other than POST (405; GET / answers a status page). Each refusal is
answered in the protocol of the client that sent it (`ecslearn.services.routing.refusal`):
JSON for an ``X-Amz-Target``, the query protocol's or EC2's XML for a form, so every stock client
reads the code. A missing or unknown target, malformed JSON or a wrong type is the dispatcher's
to answer, in the service's own words once the service is known. Each call is logged, with the
error's code and ecslearn's hint for it (`ecslearn.explain`) when it was refused.
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from ecslearn.api import harness
from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.errors import (
    AccessDeniedException,
    EcsError,
    RequestEntityTooLargeException,
    SerializationException,
    UnknownOperationException,
)
from ecslearn.protocols.signing_scope import region_from, signing_service_from
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.services.routing import refusal

JSON_TYPE = "application/x-amz-json-1.1"
_STATUS_PAGES = ("/", "/status", "/index.html")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without the port (``[::1]:8014`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    name, _, port = header.rpartition(":")
    return name if name and port.isdigit() and ":" not in name else header


def request_headers(environ: dict[str, Any]) -> dict[str, str]:
    """A WSGI request's headers by lower-cased name (``x-amz-target``, ``content-type``...)."""
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def is_local_name(name: str, bound: str) -> bool:
    """Whether `name` (from a Host header) names this machine as the server is bound."""
    if name.rstrip(".") in ("localhost", bound.lower()):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class EcsApp:
    """The WSGI application: POST / is the API, GET / a status page, every call logged."""

    def __init__(self, server: Any, *, allow_remote: bool = False) -> None:
        """`server`: the `ecslearn.api.server.EcsHttpServer` it answers for (its host, url,
        bound address and log)."""
        self.server = server
        self.allow_remote = allow_remote

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        status, headers, body, operation, refused = self._route(environ, method)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        if operation and not self.server.quiet:
            millis = (time.perf_counter() - started) * 1000
            clock = self.server.host.sim.now
            said = f" {refused.error_code}" if refused is not None else ""
            hint = f" (ecslearn: {refused.hint})" if refused is not None and refused.hint else ""
            self.server.log(f"t={clock:.1f}s {operation} -> {status}{said} ({millis:.1f} ms){hint}")
        return [b"" if method == "HEAD" else body]

    def _route(self, environ: dict[str, Any], method: str) -> Answer:
        host = environ.get("HTTP_HOST")
        if host and not self.allow_remote:
            name = host_name(host)
            if not is_local_name(name, self.server.server_address[0]):
                return self._error(
                    environ,
                    AccessDeniedException(
                        f"This server answers requests addressed to this machine (localhost, "
                        f"127.0.0.1, ::1), not to {name[:100]!r}.",
                        hint="A web page elsewhere could reach it through a DNS name it controls. "
                        "Use http://127.0.0.1 or http://localhost, or start the server with "
                        "--allow-remote.",
                    ),
                    operation=f"(refused Host {name[:60]!r})",
                )
        harnessed = harness.answer(self.server.host, environ, method)
        if harnessed is not None:
            status, headers, body, what = harnessed
            return status, headers, body, what, None
        if method == "POST":
            return self._post(environ)
        if method in ("GET", "HEAD"):
            return self._get(environ, method)
        return self._error(
            environ,
            UnknownOperationException(
                f"The API takes POST requests, not {method[:20]}.",
                hint="Send POST / (boto3 and the AWS CLI do); GET / shows this server's status.",
            ),
            status=405,
            extra=[("Allow", "POST, GET, HEAD")],
            operation=method[:20],
        )

    def _post(self, environ: dict[str, Any]) -> Answer:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        path = environ.get("PATH_INFO") or "/"
        # JSON names the operation in X-Amz-Target; RPC v2 at the end of its path.
        rpc_operation = path.rpartition("/operation/")[2] if "/operation/" in path else ""
        operation = (target.partition(".")[2] or rpc_operation)[:100] or "(no operation)"
        if environ.get("ecslearn.chunked"):
            return self._error(
                environ,
                SerializationException(
                    "A request body needs a Content-Length header.",
                    hint="Send the body with a Content-Length, not Transfer-Encoding: chunked.",
                ),
                operation=operation,
            )
        length = int(environ.get("CONTENT_LENGTH") or 0)  # the parser checked it is digits
        if length > MAX_BODY_BYTES:  # read (bounded) so the client sees this answer
            return self._error(
                environ,
                RequestEntityTooLargeException(
                    f"Request body is {length} bytes; ecslearn accepts at most {MAX_BODY_BYTES}."
                ),
                operation=operation,
            )
        body = environ["wsgi.input"].read(length) if length else b""
        headers = request_headers(environ)
        authorization = environ.get("HTTP_AUTHORIZATION")
        host = self.server.host
        answer = host.handle(
            WireRequest(headers, body, path=path),
            region_from(authorization, host.sim.region),
            signing_service_from(authorization),
        )
        return _answer(answer, answer.operation or operation)

    def _get(self, environ: dict[str, Any], method: str) -> Answer:
        path = environ.get("PATH_INFO", "/")
        if path not in _STATUS_PAGES:
            return self._error(
                environ,
                UnknownOperationException(
                    f"Nothing at {path[:200]!r}.",
                    hint="API calls are POST /; GET / shows this server's status.",
                ),
                status=404,
                operation=f"{method} {path[:60]}",
            )
        if method == "HEAD":
            return 200, [("Content-Type", "text/plain; charset=utf-8")], b"", "HEAD", None
        from ecslearn.api.status import status_page

        url = self.server.url
        page = self.server.host.read(lambda sim: status_page(sim, url, self.server.host))
        body = page.encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
        ]
        return 200, headers, body, f"GET {path[:60]}", None

    @staticmethod
    def _error(
        environ: dict[str, Any],
        error: EcsError,
        *,
        status: int | None = None,
        extra: list[tuple[str, str]] | None = None,
        operation: str = "",
    ) -> Answer:
        """`error` refused before the request reached the dispatcher, in its client's protocol
        (what has arrived of the body is not read: the refusal must not wait for it, and the
        connection closes after it)."""
        answer = refusal(
            error,
            status or error.http_status,
            request_headers(environ),
            signing_name=signing_service_from(environ.get("HTTP_AUTHORIZATION")),
            request_id=str(uuid.uuid4()),
        )
        status_, headers, body, operation_, refused = _answer(answer, operation)
        headers = [*headers, *(extra or []), ("Connection", "close")]
        return status_, headers, body, operation_, refused


#: status, headers, body, the operation (for the log) and, for an error, the wire answer (its
#: code and hint are logged)
Answer = tuple[int, list[tuple[str, str]], bytes, str, WireResponse | None]


def _answer(answer: WireResponse, operation: str) -> Answer:
    content_type = answer.headers.get("Content-Type", JSON_TYPE)
    out = [("Content-Type", content_type), ("Content-Length", str(len(answer.body)))]
    out += [(k, v) for k, v in answer.headers.items() if k.lower() != "content-type"]
    refused = answer if answer.error_code is not None else None
    return answer.status, out, answer.body, operation, refused
