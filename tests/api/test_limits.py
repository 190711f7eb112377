"""Issue 15: nothing a client sends can break the world. Each test drives a real server process."""

from __future__ import annotations

import contextlib
import json
import re
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_serve import ECS, Server, launch, read_all


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    """Starts servers for one test; kills every one of them afterwards."""
    started: list[Server] = []

    def _start(*args: str, name: str = "server") -> Server:
        started.append(launch(tmp_path, *args, name=name))
        return started[-1]

    yield _start
    for server in started:
        server.stop()


def send(server: Server, request: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        return read_all(sock)


def status_of(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


def json_error(answer: bytes) -> str:
    return json.loads(answer.partition(b"\r\n\r\n")[2])["__type"]


def post(body: bytes, *headers: str, host: str = "127.0.0.1") -> bytes:
    head = ["POST / HTTP/1.1", f"Host: {host}", f"X-Amz-Target: {ECS}.ListClusters", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_conflicting_lengths_and_a_body_without_a_length_are_refused(start: Any) -> None:
    server = start()
    answer = send(server, post(b"{}", "Content-Length: 2", "Content-Length: 5"))
    assert status_of(answer) == 400 and json_error(answer) == "SerializationException"
    assert b"Conflicting Content-Length" in answer
    chunked = post(b"2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding: chunked")
    answer = send(server, chunked)
    assert status_of(answer) == 400 and b"Content-Length" in answer
    # The server carries on.
    assert status_of(send(server, post(b"{}", "Content-Length: 2", "Connection: close"))) == 200


def test_a_trickling_client_is_cut_off_at_the_request_deadline(start: Any) -> None:
    server = start("--request-timeout", "2")
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        for _ in range(10):  # one header byte every 0.5 s: never idle, never finished
            try:
                sock.sendall(b"X")
            except OSError:
                closed = True
                break
            time.sleep(0.5)
            sock.setblocking(False)
            try:
                closed = sock.recv(1) == b""
            except BlockingIOError:
                pass
            except OSError:
                closed = True
            sock.setblocking(True)
            if closed:
                break
    assert closed, "the server kept a trickling request open past its deadline"
    assert time.monotonic() - started < 5.5


def test_connections_past_the_cap_wait_until_one_closes(start: Any) -> None:
    server = start("--max-connections", "2")
    held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(2)]
    time.sleep(0.5)  # both accepted
    extra = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    extra.sendall(post(b"{}", "Content-Length: 2", "Connection: close"))
    extra.settimeout(1.0)
    with contextlib.suppress(TimeoutError):  # not accepted: waiting in the backlog
        assert extra.recv(100) == b"", "a connection past the cap was served"
    held[0].close()
    extra.settimeout(10)
    assert status_of(read_all(extra)) == 200
    extra.close()
    held[1].close()


def test_a_foreign_host_header_is_refused_unless_allow_remote(start: Any) -> None:
    server = start()
    for host in ("127.0.0.1", f"127.0.0.1:{server.port}", "localhost", "[::1]:80", "127.9.9.9"):
        answer = send(server, post(b"{}", "Content-Length: 2", "Connection: close", host=host))
        assert status_of(answer) == 200, host
    answer = send(server, post(b"{}", "Content-Length: 2", host=f"evil.example:{server.port}"))
    assert status_of(answer) == 403 and json_error(answer) == "AccessDeniedException"
    assert b"evil.example" in answer
    assert "--allow-remote" in server.err.read_text()  # ecslearn's advice, in its log
    allowing = start("--allow-remote", name="remote")
    answer = send(allowing, post(b"{}", "Content-Length: 2", "Connection: close", host="evil"))
    assert status_of(answer) == 200


def test_deep_json_is_a_serialization_error_not_a_crash(start: Any) -> None:
    server = start()
    deep = b"[" * 100_000 + b"]" * 100_000
    answer = send(server, post(deep, f"Content-Length: {len(deep)}", "Connection: close"))
    assert status_of(answer) == 400 and json_error(answer) == "SerializationException"
    assert "Traceback" not in server.err.read_text()


def test_a_long_url_and_large_headers_keep_their_statuses(start: Any) -> None:
    server = start()
    assert status_of(send(server, b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n")) == 414
    big = "".join(f"X-Pad-{i}: {'p' * 1000}\r\n" for i in range(80))
    answer = send(server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{big}\r\n".encode())
    assert status_of(answer) == 431 and json_error(answer) == "SerializationException"


def test_a_change_that_cannot_be_saved_is_refused_and_never_made(tmp_path: Path) -> None:
    """Disk full, simulated with RLIMIT_FSIZE: the journal write fails with EFBIG."""
    state = tmp_path / "world.json"
    server = launch(tmp_path, "--state", str(state), "--speed", "0")
    ecs = server.client()
    ecs.create_cluster(clusterName="seed")
    server.stop()
    size = state.stat().st_size + (state.with_name("world.json.journal")).stat().st_size
    limited = launch(tmp_path, "--state", str(state), "--speed", "0", name="limited")
    # Lower the limit of the running server, so its next writes past `size + 3 KB` fail.
    resource.prlimit(limited.proc.pid, resource.RLIMIT_FSIZE, (size + 3000, size + 3000))
    ecs = limited.client()
    made, refused = [], []
    for index in range(40):
        name = f"c{index}"
        try:
            ecs.create_cluster(clusterName=name)
            made.append(name)
        except ecs.exceptions.ServerException as error:
            assert "could not be saved" in str(error)
            refused.append(name)
    assert made and refused
    listed = {arn.rsplit("/", 1)[1] for arn in ecs.list_clusters()["clusterArns"]}
    assert listed == {"seed", *made}
    limited.stop()  # kill -9
    again = launch(tmp_path, "--state", str(state), "--speed", "0", name="again")
    try:
        listed = {arn.rsplit("/", 1)[1] for arn in again.client().list_clusters()["clusterArns"]}
        assert listed == {"seed", *made}
    finally:
        again.stop()
