"""One HTTP/1.1 connection to `ecslearn serve`: httptools parses, this module enforces the limits.

Why httptools and not a whole server: httptools (MagicStack, the parser under uvicorn) wraps
llhttp, Node.js's C parser, which refuses what request smuggling needs (two ``Content-Length``
headers, a ``Content-Length`` beside ``Transfer-Encoding``, a bare CR or LF, a malformed request
line or header) before our code runs, in C (a bare answer costs less than half of waitress's
pure-Python handling: docs/performance.md). The servers
built on it (uvicorn, hypercorn) answer their own refusals with fixed plain-text pages, and a
stock boto3 client must read every refusal as an AWS error. So the connection is ours, small,
and on asyncio's documented `Protocol` interface; what it adds to the parser:

- **limits**: the request line (`Limits.max_request_line`, 414), the request line and headers
  together (`Limits.max_header_bytes`, 431, bounded even while one header is still arriving),
  a declared body past what is ever read (413 from the header alone, before a byte of the body;
  ``Expect: 100-continue`` past the API's limit is refused before the client sends the body);
- **refusals as AWS errors**, in the protocol of the client that sent the request (JSON's
  ``__type``, the query protocol's ``<ErrorResponse>`` or EC2's ``<Response><Errors>``:
  `ecslearn.api.http_refusals`);
- **a lingering close**: a connection that ends (a refusal, ``Connection: close``) sends its
  last answer, shuts its side, and reads and drops what the client still sends (up to
  `DRAIN_LIMIT_BYTES`, for at most `LINGER_SECONDS`), so the client reads the answer rather
  than a reset;
- **each request served as soon as it has arrived whole**, in the event loop's thread, through
  the WSGI application (`ecslearn.api.handler.EcsApp`), its answer written in one piece. The
  simulation serves one call at a time behind one lock anyway.

The server (`ecslearn.api.server`) enforces the rest: the connection cap, idle connections and
the deadline for a whole request (`HttpConnection.expired`).
"""

from __future__ import annotations

import asyncio
import io
import sys
import time
import traceback
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any, Protocol
from urllib.parse import unquote_to_bytes

import httptools

from ecslearn import __version__
from ecslearn.api.http_refusals import (
    Answer,
    Refused,
    answer_refusal,
    headers_too_large,
    malformed,
    telling_headers,
    too_large,
    url_too_long,
)
from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.errors import ServerException

#: At most this much of a request's body is read (and dropped) when the answer is a refusal,
#: and at most this much is drained from a closing connection.
DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES
#: How long a closing connection waits for its client to read the answer and close.
LINGER_SECONDS = 2.0
_SERVER = f"ecslearn/{__version__}"


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


class ConnectionOwner(Protocol):
    """What a connection needs of its server (`ecslearn.api.server.EcsHttpServer`)."""

    limits: Limits
    #: the WSGI application that answers each request
    app: Any
    #: the open connections: a connection adds itself when made
    connections: set[HttpConnection]

    def released(self, connection: HttpConnection) -> None:
        """`connection` closed."""


class _Date:
    """The ``Date`` header's value, formatted once a second."""

    second = -1
    value = ""

    @classmethod
    def now(cls) -> str:
        second = int(time.time())
        if second != cls.second:
            cls.second, cls.value = second, formatdate(second, usegmt=True)
        return cls.value


class HttpConnection(asyncio.Protocol):
    """One client's connection: parses its requests, serves each whole one, refuses the rest."""

    def __init__(self, server: ConnectionOwner) -> None:
        self.server = server
        self.limits: Limits = server.limits
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.peer = ""
        #: monotonic time of the current request's first byte (None between requests)
        self.started: float | None = None
        self.last_active = time.monotonic()
        #: set once the connection is ending: what is still sent is dropped until this time
        self.linger_until: float | None = None
        self.drained = 0
        self._new_request()

    # -- asyncio.Protocol --------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if isinstance(peer, tuple) else ""
        self.server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.released(self)

    def pause_writing(self) -> None:
        """The client is not reading its answers: read no more requests until it does."""
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.transport is not None and self.linger_until is None:
            self.transport.resume_reading()

    def eof_received(self) -> bool:
        return False  # the client is done: close

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.last_active = now
        if self.linger_until is not None:
            self.drained += len(data)
            if self.drained > DRAIN_LIMIT_BYTES and self.transport is not None:
                self.transport.abort()
            return
        if self.started is None:
            self.started = now
        if not self.headers_done:
            self.head += data[: max(0, self.limits.max_header_bytes + 4096 - len(self.head))]
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._end()  # served as a plain request; no protocol switch here
        except httptools.HttpParserCallbackError as error:
            refused = error.__context__
            if isinstance(refused, Refused):
                self._refuse(refused)
            elif not isinstance(refused, _Ended):  # a bug in ecslearn: logged, answered
                traceback.print_exception(refused, file=sys.stderr)
                self._refuse(Refused(500, ServerException("ecslearn could not serve the call.")))
        except httptools.HttpParserError as error:
            self._refuse(malformed(str(error), self.head))
        else:
            if not self.headers_done and self.head_bytes > self.limits.max_header_bytes:
                self._refuse(headers_too_large(self.limits.max_header_bytes))

    # -- httptools callbacks -----------------------------------------------------------------
    def on_message_begin(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def on_url(self, url: bytes) -> None:
        self.url += url
        if len(self.url) + 16 > self.limits.max_request_line:
            raise url_too_long(self.limits.max_request_line)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_bytes += len(name) + len(value) + 4
        if len(self.url) + self.header_bytes > self.limits.max_header_bytes:
            raise headers_too_large(self.limits.max_header_bytes)
        if b"_" in name:
            return  # ambiguous with its dashed twin once in the environment: dropped
        key = name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if key in self.headers:
            self.headers[key] += ", " + text
        else:
            self.headers[key] = text

    def on_headers_complete(self) -> None:
        self.headers_done = True
        self.method = self.parser.get_method().decode("latin-1")
        self.chunked = "chunked" in self.headers.get("TRANSFER_ENCODING", "").lower()
        length = self.headers.get("CONTENT_LENGTH", "")
        declared = int(length) if length.isdigit() else 0
        if declared > DRAIN_LIMIT_BYTES:
            raise too_large()
        expects = self.headers.get("EXPECT", "").lower() == "100-continue"
        if expects and declared > MAX_BODY_BYTES:
            raise too_large()  # it asked first: refused before it sends the body
        if expects and self.transport is not None:
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self.body_bytes += len(body)
        if self.body_bytes > DRAIN_LIMIT_BYTES:  # chunked, so not refused from the header
            raise too_large()
        if self.body_bytes <= MAX_BODY_BYTES:  # a larger one is refused unread by the app
            self.body.append(body)

    def on_message_complete(self) -> None:
        status, headers, body = self._serve()
        # The application closes a connection whose request it refused unread.
        keep_alive = self.parser.should_keep_alive() and ("Connection", "close") not in headers
        headers = [header for header in headers if header[0] != "Connection"]
        self._write(status, headers, body, keep_alive)
        self._new_request()
        self.started = None
        if not keep_alive:
            self._end()
            raise _Ended  # stops the parser: what follows is not read

    # -- serving -----------------------------------------------------------------------------
    def _new_request(self) -> None:
        self.url = b""
        self.headers: dict[str, str] = {}
        self.head = b""
        self.head_bytes = self.header_bytes = self.body_bytes = 0
        self.headers_done = self.chunked = False
        self.body: list[bytes] = []
        self.method = ""

    def _environ(self) -> dict[str, Any]:
        """The request as a WSGI environment (PEP 3333)."""
        path, _, query = self.url.partition(b"?")
        environ: dict[str, Any] = {
            f"HTTP_{key}": value
            for key, value in self.headers.items()
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH")
        }
        environ.update(
            REQUEST_METHOD=self.method,
            SCRIPT_NAME="",
            PATH_INFO=unquote_to_bytes(path).decode("latin-1"),
            QUERY_STRING=query.decode("latin-1"),
            SERVER_PROTOCOL=f"HTTP/{self.parser.get_http_version()}",
            REMOTE_ADDR=self.peer,
            CONTENT_TYPE=self.headers.get("CONTENT_TYPE", ""),
            CONTENT_LENGTH=self.headers.get("CONTENT_LENGTH", ""),
        )
        environ["wsgi.input"] = io.BytesIO(b"".join(self.body))
        environ["wsgi.url_scheme"] = "http"
        environ["ecslearn.chunked"] = self.chunked
        return environ

    def _serve(self) -> Answer:
        said: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            said[:] = [status, headers]

        try:
            body = b"".join(self.server.app(self._environ(), start_response))
            return said[0], said[1], body
        except Exception:  # a bug in ecslearn: logged, answered as AWS answers its own
            sys.stderr.write(traceback.format_exc())
            status, headers, body = self._answer_refusal(
                Refused(500, ServerException("Internal error."))
            )
            return status, [*headers, ("Connection", "close")], body

    def _answer_refusal(self, refused: Refused) -> Answer:
        """`refused` in the protocol of the client that sent the request."""
        return answer_refusal(
            refused, telling_headers(self.headers, self.head, parsed_all=self.headers_done)
        )

    def _write(
        self, status: str, headers: list[tuple[str, str]], body: bytes, keep_alive: bool
    ) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        lines = [f"HTTP/1.1 {status}"]
        lines += [f"{name}: {value}" for name, value in headers]
        if not any(name.lower() == "content-length" for name, _ in headers):
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"Server: {_SERVER}", f"Date: {_Date.now()}"]
        if not keep_alive:
            lines.append("Connection: close")
        elif self.parser.get_http_version() == "1.0":
            lines.append("Connection: Keep-Alive")
        self.transport.write("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body)

    # -- refusing and closing ----------------------------------------------------------------
    def _refuse(self, refused: Refused) -> None:
        status, headers, body = self._answer_refusal(refused)
        self._write(status, headers, body, keep_alive=False)
        self._end()

    def _end(self) -> None:
        """Stop reading requests: shut our side once the answer is sent, then drop what the
        client still sends until it closes (or `LINGER_SECONDS` pass)."""
        if self.linger_until is not None or self.transport is None:
            return
        self.linger_until = time.monotonic() + LINGER_SECONDS
        self.started = None
        if self.transport.can_write_eof():
            self.transport.write_eof()
        else:
            self.transport.close()

    def expired(self, now: float) -> bool:
        """Whether the connection is past a deadline: lingering too long, a request arriving for
        longer than `Limits.request_timeout`, or idle for `Limits.idle_timeout`."""
        if self.linger_until is not None:
            return now > self.linger_until
        if self.started is not None:
            return now - self.started > self.limits.request_timeout
        return now - self.last_active > self.limits.idle_timeout


class _Ended(Exception):
    """Raised in `HttpConnection.on_message_complete` to stop parsing a closing connection."""
