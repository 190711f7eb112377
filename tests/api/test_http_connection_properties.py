"""Properties of `ecslearn.api.http_connection.HttpConnection`, fed bytes directly (no sockets):
TCP delivers a stream in whatever pieces it likes, so a stream of requests split anywhere must be
answered exactly as when it arrives whole; and no stream of bytes, however broken, makes the
connection raise instead of answering (or closing)."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ecslearn.api.http_connection import HttpConnection, Limits

ECS = "AmazonEC2ContainerServiceV20141113"


class Transport(asyncio.Transport):
    """What the connection writes and whether it closed, in place of asyncio's transport."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = self.shut = self.paused = False

    def write(self, data: bytes) -> None:
        assert not self.closed and not self.shut, "written after the connection ended"
        self.written += data

    def is_closing(self) -> bool:
        return self.closed

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        self.shut = True

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        self.paused = True

    def resume_reading(self) -> None:
        self.paused = False

    def get_extra_info(self, name: str) -> Any:
        return ("127.0.0.1", 5555) if name == "peername" else None


def echo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A WSGI application that answers with what it was asked: method, path, the telling
    headers and a digest of the body."""
    body = environ["wsgi.input"].read()
    said = "|".join(
        [
            environ["REQUEST_METHOD"],
            environ["PATH_INFO"],
            environ["QUERY_STRING"],
            environ.get("HTTP_X_AMZ_TARGET", ""),
            environ["CONTENT_TYPE"],
            hashlib.sha256(body).hexdigest()[:16],
        ]
    ).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(said)))])
    return [said]


class Owner:
    """The server side a connection needs (`ConnectionOwner`)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.app = echo
        self.connections: set[HttpConnection] = set()

    def released(self, connection: HttpConnection) -> None:
        self.connections.discard(connection)


def fed(pieces: list[bytes], limits: Limits | None = None) -> tuple[bytes, Transport]:
    """What a fresh connection answers to `pieces`, in order (without its Date headers)."""
    transport = Transport()
    connection = HttpConnection(Owner(limits or Limits()))
    connection.connection_made(transport)  # type: ignore[arg-type]
    for piece in pieces:
        if transport.closed:
            break
        connection.data_received(piece)
    return re.sub(rb"\r\nDate: [^\r]*", b"", transport.written), transport


def request(method: str, path: str, body: bytes, *extra: str) -> bytes:
    head = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"X-Amz-Target: {ECS}.ListClusters",
        "Content-Type: application/x-amz-json-1.1",
        f"Content-Length: {len(body)}",
        *extra,
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


REQUESTS = st.lists(
    st.tuples(
        st.sampled_from(["POST", "GET", "PUT"]),
        st.sampled_from(["/", "/status", "/a%20b?x=1&full=1"]),
        st.binary(max_size=300),
        st.sampled_from([(), ("X-Pad: " + "p" * 200,), ("Expect: 100-continue",)]),
    ).map(lambda parts: request(parts[0], parts[1], parts[2], *parts[3])),
    min_size=1,
    max_size=4,
)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


@settings(max_examples=150, deadline=None)
@given(requests=REQUESTS, cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_a_stream_split_anywhere_is_answered_as_when_it_arrives_whole(
    requests: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(requests)
    whole, _ = fed([stream])
    assert whole.count(b"HTTP/1.1 200 OK") == len(requests)
    assert fed(split(stream, cuts))[0] == whole


@settings(max_examples=150, deadline=None)
@given(
    head=st.sampled_from([b"", b"POST / HTTP/1.1\r\n", b"GET /x HTTP/1.0\r\nHost: a\r\n"]),
    noise=st.binary(max_size=2000),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=8),
)
def test_no_stream_of_bytes_makes_the_connection_raise(
    head: bytes, noise: bytes, cuts: list[int]
) -> None:
    """Whatever arrives, each answer is a whole HTTP answer, and a refused stream ends the
    connection (nothing is written after it)."""
    written, transport = fed(split(head + noise, cuts), Limits(max_header_bytes=1024))
    answers = re.findall(rb"HTTP/1\.1 (\d{3}) ", written)
    assert all(code in (b"100", b"200", b"400", b"413", b"414", b"431") for code in answers)
    if any(code != b"200" and code != b"100" for code in answers):
        assert transport.shut or transport.closed


def test_a_header_split_byte_by_byte_past_the_limit_is_refused_before_it_ends() -> None:
    stream = request("POST", "/", b"{}", "X-Pad: " + "p" * 5000)
    written, transport = fed(
        [stream[i : i + 1] for i in range(len(stream))], Limits(max_header_bytes=1024)
    )
    assert written.startswith(b"HTTP/1.1 431 ") and transport.shut
