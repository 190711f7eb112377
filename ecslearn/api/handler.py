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
region). That is why the server listens on loopback only unless told otherwise.

Nothing a client sends can crash the server or hang a connection: a body larger than the
dispatcher's limit is refused by its ``Content-Length`` before a byte of it is read; a missing
or unknown target, malformed JSON, a wrong type, a method other than POST (GET / answers a
status page) all get an ECS-style 4xx error (or the service's own, once the service is known);
idle and stalled connections time out.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import time
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from ecslearn import __version__
from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.protocols.wire import WireRequest, WireResponse

if TYPE_CHECKING:
    from ecslearn.api.host import SimulationHost

JSON_TYPE = "application/x-amz-json-1.1"
#: ``Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request``
_SCOPE = re.compile(
    r"Credential=[^/,\s]+/\d{8}/([a-z]{2}(?:-[a-z]+)+-\d{1,2})/([^/,\s]+)/aws4_request"
)
#: How long a connection may sit idle, or stall while sending a request, in seconds.
CONNECTION_TIMEOUT = 60
#: After refusing an oversized body that the client is still sending, how much of it to read
#: and throw away (so the client can read the refusal instead of a connection reset).
DISCARD_LIMIT_BYTES = 16 * MAX_BODY_BYTES
DISCARD_LIMIT_SECONDS = 2.0

_STATUS_ERRORS = {
    400: "SerializationException",
    404: "UnknownOperationException",
    405: "UnknownOperationException",
    408: "RequestTimeoutException",
    411: "SerializationException",
    413: "SerializationException",
    414: "SerializationException",
    431: "SerializationException",
}


def region_from(authorization: str | None, default: str) -> str:
    """The region a SigV4 ``Authorization`` header is scoped to, or `default`."""
    match = _SCOPE.search(authorization or "")
    return match.group(1) if match else default


def signing_service_from(authorization: str | None) -> str | None:
    """The service a SigV4 ``Authorization`` header is scoped to (``ecs``, ``sts``, ``ec2``)."""
    match = _SCOPE.search(authorization or "")
    return match.group(2) if match else None


class EcsHttpServer(ThreadingHTTPServer):
    """One thread per connection, every call through one `SimulationHost`."""

    daemon_threads = True
    # Rebinding the port right after a restart (the state-file lesson) must work.
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], host: SimulationHost, *, quiet: bool = False
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.host = host
        self.quiet = quiet
        self.origin = ""  # where the world came from, for the banner
        super().__init__(address, EcsRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}"

    def start_in_thread(self) -> EcsHttpServer:
        """Serve from a daemon thread (a notebook keeps its kernel); `close` stops it."""
        import threading

        self.host.start_ticker()
        thread = threading.Thread(target=self.serve_forever, name="ecslearn-serve", daemon=True)
        thread.start()
        return self

    def close(self) -> None:
        """Stop serving, stop the clock, write what is not written yet."""
        self.shutdown()
        self.server_close()
        self.host.stop()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is not worth a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class EcsRequestHandler(BaseHTTPRequestHandler):
    """AWS JSON 1.1 over HTTP/1.1 with keep-alive, as botocore speaks it."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK (~40 ms a response on Linux). TCP_NODELAY sends it at once.
    disable_nagle_algorithm = True
    server_version = f"ecslearn/{__version__}"
    timeout = CONNECTION_TIMEOUT
    server: EcsHttpServer

    def version_string(self) -> str:
        return self.server_version

    # -- POST: the API --------------------------------------------------------------------------
    def do_POST(self) -> None:
        started = time.perf_counter()
        target = self.headers.get("X-Amz-Target", "")
        self._operation = target.partition(".")[2] or "(no operation)"
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._error(
                411,
                "SerializationException",
                "Send the request body with a Content-Length header, not Transfer-Encoding.",
            )
            return
        length = self._content_length()
        if length is None:
            return
        try:
            body = self.rfile.read(length) if length else b""
        except OSError:  # including a timeout: the client stalled mid-body
            self._operation += " (the client stalled mid-body)"
            self.close_connection = True
            return
        if len(body) < length:  # the client hung up mid-body
            self._operation += " (the client hung up mid-body)"
            self.close_connection = True
            return
        authorization = self.headers.get("Authorization")
        region = region_from(authorization, self.server.host.sim.region)
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.host.handle(
            WireRequest(headers, body), region, signing_service_from(authorization)
        )
        if answer.operation:
            self._operation = answer.operation
        self._answer(answer)
        self._elapsed = time.perf_counter() - started

    def _content_length(self) -> int | None:
        """The declared body length, or None after answering with an error."""
        raw = self.headers.get("Content-Length")
        if raw is None:
            return 0
        try:
            if not raw.strip().isdigit():
                raise ValueError
            length = int(raw)
        except ValueError:
            self.close_connection = True
            self._error(400, "SerializationException", f"Invalid Content-Length {raw[:40]!r}.")
            return None
        if length > MAX_BODY_BYTES:
            self._refuse_oversized(length)
            return None
        return length

    def _refuse_oversized(self, length: int) -> None:
        self.close_connection = True
        self._error(
            413,
            "SerializationException",
            f"Request body is {length} bytes; ecslearn accepts at most {MAX_BODY_BYTES}.",
        )
        self._discard_unread(length)

    def _discard_unread(self, length: int) -> None:
        """Read and drop (a bounded amount of) what the client is still sending, so it sees the
        refusal instead of a connection reset; the body itself is never kept."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.25)
        except OSError:
            return
        deadline = time.monotonic() + DISCARD_LIMIT_SECONDS
        remaining = min(length, DISCARD_LIMIT_BYTES)
        while remaining > 0 and time.monotonic() < deadline:
            try:
                chunk = self.connection.recv(min(remaining, 65536))
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            remaining -= len(chunk)

    def handle_expect_100(self) -> bool:
        """``Expect: 100-continue``: an oversized body is refused before the client sends it."""
        raw = self.headers.get("Content-Length", "")
        if raw.isdigit() and int(raw) > MAX_BODY_BYTES:
            self._operation = "(body too large)"
            self.close_connection = True
            self._error(
                413,
                "SerializationException",
                f"Request body is {raw} bytes; ecslearn accepts at most {MAX_BODY_BYTES}.",
            )
            return False
        return super().handle_expect_100()

    # -- GET / HEAD: a status page for people ---------------------------------------------------
    def do_GET(self) -> None:
        self._operation = f"GET {self.path[:60]}"
        self._discard_small_body()
        if self.path.split("?", 1)[0] not in ("/", "/status", "/index.html"):
            self._error(
                404,
                "UnknownOperationException",
                f"Nothing at {self.path[:200]!r}. ECS calls are POST / with an X-Amz-Target "
                "header; GET / shows this server's status.",
            )
            return
        from ecslearn.api.status import status_page

        page = self.server.host.read(
            lambda sim: status_page(sim, self.server.url, self.server.host)
        )
        self._send(200, page.encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        self._operation = "HEAD"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # Every other method: ECS answers POST only.
    def _not_allowed(self) -> None:
        self._operation = self.command
        self._discard_small_body()
        self._error(
            405,
            "UnknownOperationException",
            f"ECS's API takes POST requests, not {self.command}. Send POST / with an "
            "X-Amz-Target header (boto3 and the AWS CLI do); GET / shows this server's status.",
            allow=True,
        )

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _discard_small_body(self) -> None:
        """Keep a keep-alive connection usable after a request we do not serve."""
        raw = self.headers.get("Content-Length", "0")
        if self.headers.get("Transfer-Encoding") or not raw.isdigit() or int(raw) > MAX_BODY_BYTES:
            self.close_connection = True
        elif int(raw):
            try:
                self.rfile.read(int(raw))
            except OSError:
                self.close_connection = True

    # -- answers --------------------------------------------------------------------------------
    def _answer(self, answer: WireResponse) -> None:
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-type"}
        content_type = answer.headers.get("Content-Type", JSON_TYPE)
        self._send(answer.status, answer.body, content_type, headers)

    def _json(self, status: int, payload: dict[str, Any], *, allow: bool = False) -> None:
        body = json.dumps(payload).encode()
        headers = {"x-amzn-RequestId": str(uuid.uuid4())}
        if "__type" in payload:
            headers["x-amzn-ErrorType"] = str(payload["__type"])
        if allow:
            headers["Allow"] = "POST, GET, HEAD"
        self._status = status
        self._send(status, body, JSON_TYPE, headers)

    def _error(self, status: int, code: str, message: str, *, allow: bool = False) -> None:
        self._json(status, {"__type": code, "message": message}, allow=allow)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a garbled request line, an unknown method, headers too
        long) as ECS-style JSON instead of an HTML page."""
        self.close_connection = True
        if code == HTTPStatus.NOT_IMPLEMENTED:  # an unknown method
            code = HTTPStatus.METHOD_NOT_ALLOWED
            message = f"ECS's API takes POST requests, not {self.command!r}."
        if not hasattr(self, "command") or self.command is None:
            self.command = "POST"
        if getattr(self, "request_version", None) not in ("HTTP/1.0", "HTTP/1.1"):
            self.request_version = "HTTP/1.1"  # no HTTP/0.9 answers without a status line
        self._operation = f"(refused: {code})"
        text = message or HTTPStatus(code).phrase
        if explain:
            text = f"{text}: {explain}"
        code_name = _STATUS_ERRORS.get(code, "SerializationException" if code < 500 else "")
        self._error(code, code_name or "ServerException", text)

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass  # one line per call is written after the answer, in handle_one_request

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"ecslearn serve: {format % args}\n")

    def handle_one_request(self) -> None:
        self._operation = ""
        self._status = 0
        self._elapsed = 0.0
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
            return
        if self._operation and not self.server.quiet:
            millis = self._elapsed * 1000
            clock = self.server.host.sim.now
            self.log_message(
                "t=%.1fs %s -> %s (%.1f ms)", clock, self._operation, self._status, millis
            )
