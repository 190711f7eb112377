"""The HTTP connection under `ecslearn serve` (`ecslearn.api.http_connection`), driven in-process
with raw sockets: what HTTP/1.1 promises a client beyond one request and one answer (pipelining,
HTTP/1.0, ``Expect: 100-continue``, an upgrade asked for), and the limits that keep a connection
from holding the server (idle connections, a header that never ends, a bug while serving)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ecslearn.api import SimulationHost
from ecslearn.api.server import EcsHttpServer, Limits
from ecslearn.simulation import Simulation
from tests.api.test_serve import read_all

ECS = "AmazonEC2ContainerServiceV20141113"


@pytest.fixture
def serve() -> Iterator[Any]:
    started: list[EcsHttpServer] = []

    def _start(limits: Limits | None = None) -> EcsHttpServer:
        host = SimulationHost(Simulation(seed=1), speed=0)
        server = EcsHttpServer(("127.0.0.1", 0), host, quiet=True, limits=limits)
        started.append(server.start_in_thread())
        return server

    yield _start
    for server in started:
        server.close()


def call(operation: str, body: bytes = b"{}", *lines: str, version: str = "1.1") -> bytes:
    head = [
        f"POST / HTTP/{version}",
        "Host: 127.0.0.1",
        f"X-Amz-Target: {ECS}.{operation}",
        "Content-Type: application/x-amz-json-1.1",
        f"Content-Length: {len(body)}",
        *lines,
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def answers(data: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Each answer in `data` (status, headers by lower-cased name, body), in order."""
    found = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
        }
        length = int(headers.get("content-length", 0))
        found.append((status, headers, rest[:length]))
        data = rest[length:]
    return found


def connect(server: EcsHttpServer) -> socket.socket:
    return socket.create_connection(server.server_address, timeout=10)


def test_pipelined_requests_are_answered_in_order(serve: Any) -> None:
    server = serve()
    with connect(server) as sock:
        sock.sendall(
            call("CreateCluster", b'{"clusterName": "first"}')
            + call("ListClusters")
            + call("DescribeClusters", b'{"clusters": ["first"]}', "Connection: close")
        )
        got = answers(read_all(sock))  # read to the close the last one asked for
    assert [status for status, _, _ in got] == [200, 200, 200]
    assert json.loads(got[0][2])["cluster"]["clusterName"] == "first"
    assert [a.rsplit("/", 1)[1] for a in json.loads(got[1][2])["clusterArns"]] == ["first"]
    assert got[2][1]["connection"] == "close"


def test_http_1_0_closes_unless_it_asks_to_keep_alive(serve: Any) -> None:
    server = serve()
    with connect(server) as sock:
        sock.sendall(call("ListClusters", version="1.0"))
        [(status, headers, _)] = answers(read_all(sock))
    assert (status, headers["connection"]) == (200, "close")
    with connect(server) as sock:
        sock.sendall(call("ListClusters", b"{}", "Connection: keep-alive", version="1.0"))
        first = sock.recv(65536)
        assert answers(first)[0][1]["connection"] == "Keep-Alive"
        sock.sendall(call("ListClusters", version="1.0"))  # the same connection, still open
        assert answers(read_all(sock))[0][0] == 200


def test_a_client_that_expects_100_continue_is_told_to_go_on(serve: Any) -> None:
    server = serve()
    body = b'{"clusterName": "asked"}'
    with connect(server) as sock:
        request = call("CreateCluster", body, "Expect: 100-continue", "Connection: close")
        sock.sendall(request[: -len(body)])  # the head only; the body once told to go on
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        [(status, _, answer)] = answers(read_all(sock))
    assert status == 200 and json.loads(answer)["cluster"]["clusterName"] == "asked"


def test_an_upgrade_is_answered_as_a_plain_request_and_the_connection_closed(serve: Any) -> None:
    server = serve()
    with connect(server) as sock:
        sock.sendall(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
        )
        [(status, _, page)] = answers(read_all(sock))
    assert status == 200 and b"ecslearn" in page


def test_a_header_that_never_ends_is_refused_before_it_ends(serve: Any) -> None:
    """One header arriving in pieces, past the limit: refused (431) while it is still coming,
    so what the server holds of it stays bounded."""
    server = serve(Limits(max_header_bytes=8 * 1024))
    with connect(server) as sock:
        sock.sendall(
            f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {ECS}.ListClusters\r\n".encode()
        )
        sock.sendall(b"X-Pad: ")
        refused = b""
        for _ in range(100):  # at most 100 KiB, twelve times the limit
            try:
                sock.sendall(b"p" * 1024)
            except OSError:  # closed after the refusal
                break
            sock.settimeout(0.05)
            try:
                refused += sock.recv(65536)
            except TimeoutError:
                continue
            if refused:
                break
        sock.settimeout(10)
        refused += read_all(sock)
    [(status, _, body)] = answers(refused)
    assert status == 431 and json.loads(body)["__type"] == "SerializationException"


def test_an_idle_connection_is_closed_after_the_idle_timeout(serve: Any) -> None:
    server = serve(Limits(idle_timeout=1))
    with connect(server) as sock:
        sock.sendall(call("ListClusters"))
        assert answers(sock.recv(65536))[0][0] == 200
        started = time.monotonic()
        assert read_all(sock) == b""  # nothing more, then the server closes
    assert time.monotonic() - started < 5


def test_a_bug_while_serving_is_a_server_exception_and_the_server_carries_on(
    serve: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve()
    app = server.app

    def broken(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        raise RuntimeError("a bug in ecslearn")

    server.app = broken  # type: ignore[assignment]
    with connect(server) as sock:
        sock.sendall(call("ListClusters"))
        [(status, _, body)] = answers(read_all(sock))
    assert status == 500 and json.loads(body)["__type"] == "ServerException"
    assert "a bug in ecslearn" in capsys.readouterr().err  # the traceback, in the server's log
    server.app = app
    with connect(server) as sock:
        sock.sendall(call("ListClusters", b"{}", "Connection: close"))
        assert answers(read_all(sock))[0][0] == 200


def test_closing_the_server_closes_its_connections_and_stops_listening(serve: Any) -> None:
    server = serve()
    sock = connect(server)
    sock.sendall(call("ListClusters"))
    assert answers(sock.recv(65536))[0][0] == 200
    address = server.server_address
    server.close()
    assert read_all(sock) == b""  # closed by the server
    sock.close()
    with pytest.raises(OSError):
        socket.create_connection(address, timeout=2).close()
