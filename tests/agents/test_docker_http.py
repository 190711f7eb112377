"""The Docker agent's side of ELB's calls sends real HTTP over loopback and says how a call
failed: the headers ELB adds arrive, the answer's status, body and latency come back, and a
refused, silent or non-HTTP peer is a reply, never an exception. (Local servers stand in for
containers; no Docker needed.)"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from ecslearn.agents import docker_http
from ecslearn.agents.target_calls import MALFORMED, REFUSED, TIMEOUT, TargetCall
from ecslearn.model.task import Task


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        Recorder.seen.append((self.path, dict(self.headers)))
        body = ("x" * 500).encode() if self.path == "/long" else b"served /\n"
        self.send_response(500 if self.path == "/broken" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Recorder.seen = []
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_request_arrives_with_its_path_and_headers_and_the_answer_comes_back(
    server: int,
) -> None:
    headers = {"Host": "web-1.us-east-1.elb.amazonaws.com", "X-Forwarded-For": "127.0.0.1"}
    reply = docker_http.send("127.0.0.1", server, TargetCall(path="/?a=1", headers=headers))
    [(path, seen)] = Recorder.seen
    assert path == "/?a=1"
    assert seen["Host"] == "web-1.us-east-1.elb.amazonaws.com"
    assert seen["X-Forwarded-For"] == "127.0.0.1"
    assert (reply.status, reply.body, reply.failure) == (200, "served /\n", None)
    assert reply.address == f"127.0.0.1:{server}" and 0 < reply.latency < 5


def test_an_error_status_is_an_answer_and_a_long_body_is_cut_to_an_excerpt(server: int) -> None:
    assert docker_http.send("127.0.0.1", server, TargetCall(path="/broken")).status == 500
    long = docker_http.send("127.0.0.1", server, TargetCall(path="/long"))
    assert long.body == "x" * docker_http.BODY_EXCERPT


def test_nothing_listening_is_a_refused_connection() -> None:
    reply = docker_http.send("127.0.0.1", free_port(), TargetCall())
    assert (reply.status, reply.failure) == (None, REFUSED)


def test_a_peer_that_never_answers_times_out_and_one_that_speaks_no_http_is_malformed() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel accepts the connection; nobody ever answers
        port = silent.getsockname()[1]
        reply = docker_http.send("127.0.0.1", port, TargetCall(read_timeout=0.2))
        assert reply.failure == TIMEOUT and reply.latency >= 0.2
        opened = docker_http.send("127.0.0.1", port, TargetCall(connect_only=True))
        assert (opened.status, opened.failure) == (None, None)  # a TCP check: connected

    with socket.socket() as chatty:
        chatty.bind(("127.0.0.1", 0))
        chatty.listen()

        def babble() -> None:
            peer, _ = chatty.accept()
            peer.recv(1024)
            peer.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            peer.close()

        thread = threading.Thread(target=babble, daemon=True)
        thread.start()
        reply = docker_http.send("127.0.0.1", chatty.getsockname()[1], TargetCall())
        thread.join(2)
    assert reply.failure == MALFORMED


def test_the_docker_host_is_loopback_for_a_socket_and_the_tcp_host_otherwise() -> None:
    assert docker_http.docker_host("http+docker://localhost") == "127.0.0.1"
    assert docker_http.docker_host("http://10.0.0.5:2375") == "10.0.0.5"


def test_an_awsvpc_task_is_reached_on_its_own_address_a_bridge_task_on_the_host() -> None:
    details = [{"name": "privateIPv4Address", "value": "172.18.0.2"}]
    awsvpc = Task(network_mode="awsvpc", attachments=[{"type": "eni", "details": details}])
    assert docker_http.address_of(awsvpc, 80, "127.0.0.1") == ("172.18.0.2", 80)
    assert docker_http.address_of(Task(network_mode="bridge"), 32768, "127.0.0.1") == (
        "127.0.0.1",
        32768,
    )
