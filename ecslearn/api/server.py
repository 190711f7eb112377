"""The HTTP server under `ecslearn serve`: waitress, with ecslearn's limits and error shapes.

Why waitress: it is maintained (Pylons), pure Python (installs from PyPI without a compiler, on
Python 3.10+ and every OS), and its HTTP/1.1 parser enforces most of what a hostile client can
try, before our code runs:

- two ``Content-Length`` headers (joined into ``"5, 6"``), a negative or non-numeric one, a bare
  CR or LF, a malformed request line or header: 400;
- headers (request line included) past ``max_request_header_size``: 431; a declared body past
  ``max_request_body_size``: 413 from the header alone, before a byte of the body is read (and
  ``Expect: 100-continue`` is refused before the client sends it);
- ``connection_limit``: past it the server stops accepting (new clients wait in the listen
  backlog until a connection closes); ``channel_timeout``: idle connections are closed.

uvicorn+h11 and hypercorn enforce the same parsing rules but are asyncio servers whose own
refusals are fixed plain-text pages (no JSON error shape without patching them), and neither
bounds a whole request in time either. What waitress lacks, this module adds with small
subclasses of its documented extension points (``channel_class``, ``parser_class``,
``error_task_class``):

- a **deadline for the whole request** (`Limits.request_timeout`): a request whose head and
  body have not all arrived this long after its first byte is cut off, so a client that
  trickles a byte every 2 s cannot hold a connection (``channel_timeout`` alone resets on
  every byte);
- a **request line limit** (`Limits.max_request_line`): 414 URI Too Long;
- waitress's refusals rendered as AWS errors instead of its text pages, in the protocol of the
  client that sent the request (`ecslearn.services.routing.refusal`: JSON's ``__type``, the
  query protocol's ``<ErrorResponse>`` or EC2's ``<Response><Errors>``), so botocore reads
  the code. The client is told from the headers that were parsed, or, when the request was
  refused before its headers were (431, 414), from the header lines that had arrived.
- each whole request **served in the loop thread** that read it, its answer sent in one piece
  (`EcsChannel`): the simulation answers one call at a time behind one lock anyway, and handing
  each call to a worker thread and back cost two thread switches a call (milliseconds on a busy
  machine: more than most calls take to answer).
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import BadRequest, RequestEntityTooLarge

from ecslearn import __version__
from ecslearn.api.handler import EcsApp, signing_service_from
from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.errors import EcsError, RequestEntityTooLargeException, SerializationException
from ecslearn.services.routing import refusal

if TYPE_CHECKING:
    from ecslearn.api.host import SimulationHost

#: At most this much of a refused request is read (and dropped) before its connection closes.
DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES
#: The header lines that tell which protocol a client speaks (read from raw bytes when waitress
#: refused a request before parsing its headers).
_TELLING = re.compile(
    rb"^(x-amz-target|content-type|authorization):[ \t]*([^\r\n]{0,2000})", re.I | re.M
)
UNLIMITED = 2**62


@dataclass(frozen=True)
class Limits:
    """What one client may take of the server."""

    #: Seconds from a request's first byte to its last (head and body) before it is cut off.
    request_timeout: float = 30.0
    #: Seconds an idle keep-alive connection is kept.
    idle_timeout: int = 60
    #: Connections served at once; more wait to be accepted.
    max_connections: int = 100
    #: Bytes of the request line (method, URL, version); longer is 414.
    max_request_line: int = 16 * 1024
    #: Bytes of the request line and headers together; more is 431.
    max_header_bytes: int = 64 * 1024


class UriTooLong(BadRequest):
    code = 414
    reason = "URI Too Long"


class EcsParser(HTTPRequestParser):
    """waitress's parser, plus a limit on the request line alone."""

    #: what has arrived of the request's head (bounded by the header limit), for `EcsErrorTask`
    seen_head = b""

    def received(self, data: bytes) -> int:
        if not self.headers_finished and not self.completed:
            head = self.header_plus + data
            self.seen_head = head[: self.adj.max_request_header_size + 4096]
            end = head.lstrip().find(b"\n")
            limit = self.adj.ecslearn_limits.max_request_line
            if end > limit or (end < 0 and len(head) > limit):
                self.parse_header(b"GET / HTTP/1.0\r\n")
                self.error = UriTooLong(f"the request line is over {limit} bytes")
                self.completed = True
                return len(data)
        consumed = super().received(data)
        if (
            self.headers_finished
            and self.error is None
            and self.expect_continue
            and self.content_length > MAX_BODY_BYTES
        ):  # it asked first: refuse before it sends the body
            self.error = RequestEntityTooLarge(f"over {MAX_BODY_BYTES} bytes")
            self.completed = True
        if self.error is not None:
            self.expect_continue = False  # refused: no 100 Continue, the refusal instead
        return consumed


def telling_headers(request: HTTPRequestParser) -> dict[str, str]:
    """The request's headers that tell its protocol, by lower-cased name: as waitress parsed
    them, else as they arrived (a request refused before its headers were parsed)."""
    parsed = {
        key.replace("_", "-").lower(): value
        for key, value in request.headers.items()
        if key in ("X_AMZ_TARGET", "CONTENT_TYPE", "AUTHORIZATION")
    }
    if parsed:
        return parsed
    head = getattr(request, "seen_head", b"")
    return {
        name.decode("latin-1").lower(): value.decode("latin-1").strip()
        for name, value in _TELLING.findall(head)
    }


class EcsErrorTask(ErrorTask):
    """waitress's refusals (400, 413, 414, 431, ...) as AWS errors in the client's protocol."""

    def execute(self) -> None:
        error = self.request.error
        length = self.request.headers.get("CONTENT_LENGTH", "")
        refused: EcsError = SerializationException(f"{error.reason}: {error.body}.")
        if error.code == 400 and "," in length:
            refused = SerializationException(
                f"Conflicting Content-Length headers ({length[:60]!r})."
            )
        elif error.code == 413:
            refused = RequestEntityTooLargeException(
                f"Request body is too large; ecslearn accepts at most {MAX_BODY_BYTES} bytes."
            )
        headers = telling_headers(self.request)
        answer = refusal(
            refused,
            error.code,
            headers,
            signing_name=signing_service_from(headers.get("authorization")),
            request_id=str(uuid.uuid4()),
        )
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend(
            [(k, v) for k, v in answer.headers.items() if k.lower() != "content-length"]
        )
        self.set_close_on_finish()
        self.content_length = len(answer.body)
        self.write(answer.body)


class EcsTask(WSGITask):
    """Tells the application whether the body came chunked (waitress hides it otherwise)."""

    def get_environment(self) -> dict:
        environ = super().get_environment()
        environ["ecslearn.chunked"] = bool(self.request.chunked)
        return environ


class EcsChannel(HTTPChannel):
    """A connection; remembers when the request it is reading began, and serves each request
    in the loop thread as soon as it has arrived whole.

    Waitress hands a complete request to a worker thread, which answers and wakes the loop
    thread to send the answer: two thread switches per call, each a wait for the scheduler
    (milliseconds on a busy machine, more than ecslearn takes to answer most calls). The
    simulation serves one call at a time behind one lock anyway, so the loop thread serves it
    itself and sends the answer at once. (Waitress reads every request whole, body included,
    before it is served, so a slow client still holds up no one.)
    """

    parser_class = EcsParser
    task_class = EcsTask
    error_task_class = EcsErrorTask
    request_started = 0.0
    #: a request is ready to be served (set by the server's `add_task`, in `received`)
    ready = False

    def received(self, data: bytes) -> bool:
        if data and self.request is None:
            self.request_started = time.monotonic()
        result = super().received(data)
        # Served here, not in `add_task`: `received` holds the requests lock that `service`
        # takes when it is done.
        while self.ready:
            self.ready = False
            self.service()  # a pipelined request after this one sets `ready` again
        if self.total_outbufs_len:
            self.handle_write()  # the answer, now, in one send (closing if it must)
        return result

    def handle_close(self) -> None:
        """Before closing, read what the client already sent and we will not use (a refused
        body): closing with unread data would reset the connection, and the client would see
        the reset instead of the answer. Only what has arrived is read; the loop never waits."""
        try:
            self.socket.shutdown(socket.SHUT_WR)
            drained = 0
            while drained < DRAIN_LIMIT_BYTES:
                chunk = self.socket.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:  # including BlockingIOError: nothing more has arrived
            pass
        super().handle_close()


class _Server(TcpWSGIServer):
    channel_class = EcsChannel

    #: the thread running the loop (set when serving starts)
    loop_thread: int | None = None

    def add_task(self, task: HTTPChannel) -> None:
        """A channel has a whole request: it serves it itself (`EcsChannel.received`)."""
        task.ready = True  # type: ignore[attr-defined]

    def pull_trigger(self) -> None:
        """Wake the loop, unless this is the loop (which waking would only send round again)."""
        if threading.get_ident() != self.loop_thread:
            super().pull_trigger()

    def maintenance(self, now: float) -> None:
        """Close idle connections (waitress) and requests past their deadline (ecslearn)."""
        super().maintenance(now)
        cutoff = time.monotonic() - self.adj.ecslearn_limits.request_timeout
        for channel in list(self.active_channels.values()):
            if channel.request is not None and channel.request_started < cutoff:
                channel.will_close = True


class EcsHttpServer:
    """The endpoint: a waitress server answering with `EcsApp` through one `SimulationHost`."""

    def __init__(
        self,
        address: tuple[str, int],
        host: SimulationHost,
        *,
        quiet: bool = False,
        limits: Limits | None = None,
        allow_remote: bool = False,
    ) -> None:
        self.host = host
        self.quiet = quiet
        self.limits = limits or Limits()
        self.origin = ""  # where the world came from, for the banner
        self.app = EcsApp(self, allow_remote=allow_remote)
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._server = _Server(
            self.app,
            map={},
            host=address[0],
            port=address[1],
            ident=f"ecslearn/{__version__}",
            threads=1,  # idle: requests are served in the loop thread (`EcsChannel`)
            # waitress counts its own listening socket and wake-up pipe among the connections.
            connection_limit=self.limits.max_connections + 2,
            channel_timeout=self.limits.idle_timeout,
            cleanup_interval=1,
            asyncore_loop_timeout=1,
            max_request_header_size=self.limits.max_header_bytes,
            # Bodies up to this are read (to disk past 512 KiB) and refused with 413 by the
            # application, so a client that sends before it reads sees the answer, not a reset;
            # a larger Content-Length is refused from the header alone.
            max_request_body_size=DRAIN_LIMIT_BYTES,
            expose_tracebacks=False,
        )
        self._server.adj.ecslearn_limits = self.limits
        # Requests are served in the loop thread, which sends each answer whole once it is
        # written (`EcsChannel.received`): writing buffers only (waitress would send the head
        # and the body as two packets), and never waits for the buffer to drain, which only
        # the loop thread itself could do.
        self._server.adj.send_bytes = UNLIMITED
        self._server.adj.outbuf_high_watermark = UNLIMITED

    @property
    def server_address(self) -> tuple[str, int]:
        return self._server.effective_host, int(self._server.effective_port)

    @property
    def url(self) -> str:
        host, port = self.server_address
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}"

    def serve_forever(self, poll_interval: float = 0.2) -> None:
        """Serve until `shutdown` (from another thread)."""
        self._server.loop_thread = threading.get_ident()
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._server._map, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self._stopping.set()
        self._server.pull_trigger()
        self._stopped.wait(timeout=5)

    def server_close(self) -> None:
        """Close the listening socket and every connection; stop waitress's (idle) worker."""
        for dispatcher in list(self._server._map.values()):
            with contextlib.suppress(OSError):
                dispatcher.close()
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)

    def start_in_thread(self) -> EcsHttpServer:
        """Serve from a daemon thread (a notebook keeps its kernel); `close` stops it."""
        self.host.start_ticker()
        thread = threading.Thread(target=self.serve_forever, name="ecslearn-serve", daemon=True)
        thread.start()
        return self

    def close(self) -> None:
        """Stop serving, stop the clock, write what is not written yet."""
        self.shutdown()
        self.server_close()
        self.host.stop()

    def log(self, line: str) -> None:
        if not self.quiet:
            sys.stderr.write(f"ecslearn serve: {line}\n")
