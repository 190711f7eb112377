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

`EcsApp` is a WSGI application; `ecslearn.api.server` runs it on waitress, which parses HTTP and
enforces the size, time and connection limits before a request reaches it. Here: a body sent
without a ``Content-Length`` (chunked) is refused (400), and a missing or unknown target,
malformed JSON, a wrong type, a method other than POST (GET / answers a status page) all get an
ECS-style 4xx error (or the service's own, once the service is known).
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.protocols.wire import WireRequest

JSON_TYPE = "application/x-amz-json-1.1"
#: ``Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request``
_SCOPE = re.compile(
    r"Credential=[^/,\s]+/\d{8}/([a-z]{2}(?:-[a-z]+)+-\d{1,2})/([^/,\s]+)/aws4_request"
)
_STATUS_PAGES = ("/", "/status", "/index.html")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def region_from(authorization: str | None, default: str) -> str:
    """The region a SigV4 ``Authorization`` header is scoped to, or `default`."""
    match = _SCOPE.search(authorization or "")
    return match.group(1) if match else default


def signing_service_from(authorization: str | None) -> str | None:
    """The service a SigV4 ``Authorization`` header is scoped to (``ecs``, ``sts``, ``ec2``)."""
    match = _SCOPE.search(authorization or "")
    return match.group(2) if match else None


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without the port (``[::1]:8014`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    name, _, port = header.rpartition(":")
    return name if name and port.isdigit() and ":" not in name else header


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
        status, headers, body, operation = self._route(environ, method)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        if operation and not self.server.quiet:
            millis = (time.perf_counter() - started) * 1000
            clock = self.server.host.sim.now
            self.server.log(f"t={clock:.1f}s {operation} -> {status} ({millis:.1f} ms)")
        return [b"" if method == "HEAD" else body]

    def _route(self, environ: dict[str, Any], method: str) -> tuple[int, list, bytes, str]:
        host = environ.get("HTTP_HOST")
        if host and not self.allow_remote:
            name = host_name(host)
            if not is_local_name(name, self.server.server_address[0]):
                return self._error(
                    403,
                    "AccessDeniedException",
                    f"This server answers requests addressed to this machine (localhost, "
                    f"127.0.0.1, ::1), not to {name[:100]!r}: a web page elsewhere could reach "
                    "it through a DNS name it controls. Use http://127.0.0.1 or "
                    "http://localhost, or start the server with --allow-remote.",
                    operation=f"(refused Host {name[:60]!r})",
                )
        if method == "POST":
            return self._post(environ)
        if method in ("GET", "HEAD"):
            return self._get(environ, method)
        return self._error(
            405,
            "UnknownOperationException",
            f"ECS's API takes POST requests, not {method[:20]}. Send POST / with an "
            "X-Amz-Target header (boto3 and the AWS CLI do); GET / shows this server's status.",
            extra=[("Allow", "POST, GET, HEAD")],
            operation=method[:20],
        )

    def _post(self, environ: dict[str, Any]) -> tuple[int, list, bytes, str]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.partition(".")[2][:100] or "(no operation)"
        if environ.get("ecslearn.chunked"):
            return self._error(
                400,
                "SerializationException",
                "Send the request body with a Content-Length header, not Transfer-Encoding.",
                operation=operation,
            )
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress checked it is digits
        if length > MAX_BODY_BYTES:  # read by waitress (bounded) so the client sees this answer
            return self._error(
                413,
                "SerializationException",
                f"Request body is {length} bytes; ecslearn accepts at most {MAX_BODY_BYTES}.",
                operation=operation,
            )
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = environ[key]
        authorization = environ.get("HTTP_AUTHORIZATION")
        host = self.server.host
        answer = host.handle(
            WireRequest(headers, body),
            region_from(authorization, host.sim.region),
            signing_service_from(authorization),
        )
        content_type = answer.headers.get("Content-Type", JSON_TYPE)
        out = [("Content-Type", content_type), ("Content-Length", str(len(answer.body)))]
        out += [(k, v) for k, v in answer.headers.items() if k.lower() != "content-type"]
        return answer.status, out, answer.body, answer.operation or operation

    def _get(self, environ: dict[str, Any], method: str) -> tuple[int, list, bytes, str]:
        path = environ.get("PATH_INFO", "/")
        if path not in _STATUS_PAGES:
            return self._error(
                404,
                "UnknownOperationException",
                f"Nothing at {path[:200]!r}. ECS calls are POST / with an X-Amz-Target "
                "header; GET / shows this server's status.",
                operation=f"{method} {path[:60]}",
            )
        if method == "HEAD":
            return 200, [("Content-Type", "text/plain; charset=utf-8")], b"", "HEAD"
        from ecslearn.api.status import status_page

        url = self.server.url
        page = self.server.host.read(lambda sim: status_page(sim, url, self.server.host))
        body = page.encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
        ]
        return 200, headers, body, f"GET {path[:60]}"

    @staticmethod
    def _error(
        status: int,
        code: str,
        message: str,
        *,
        extra: list[tuple[str, str]] | None = None,
        operation: str = "",
    ) -> tuple[int, list, bytes, str]:
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [
            ("Content-Type", JSON_TYPE),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
            ("x-amzn-ErrorType", code),
            *(extra or []),
        ]
        return status, headers, body, operation
