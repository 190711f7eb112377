"""`ecslearn serve` for test harnesses: a fresh world per test without a restart (at ecslearn's
path and at the one moto's harnesses call), a clock to fast-forward, the state as JSON, and
all of it for this machine only."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecslearn.api import ServeOptions, harness, journal, start_server
from ecslearn.api.server import EcsHttpServer
from tests.api.test_serve import ecs_client


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    started: list[EcsHttpServer] = []

    def _start(**options: Any) -> EcsHttpServer:
        server = start_server(ServeOptions(port=0, speed=0, quiet=True, **options))
        started.append(server.start_in_thread())
        return server

    yield _start
    for server in started:
        if not server._stopped.is_set():  # not closed by the test itself
            server.close()


def http(server: EcsHttpServer, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_reset_gives_a_fresh_world_without_a_restart(serve: Any) -> None:
    server = serve(seed=3)
    ecs = ecs_client(server.url)
    ecs.create_cluster(clusterName="left-over")
    assert http(server, "POST", "/ecslearn/reset") == (
        200,
        {"reset": True, "seed": 3, "region": "us-east-1", "now": 0.0},
    )
    assert ecs.list_clusters()["clusterArns"] == []
    status, answer = http(server, "POST", "/ecslearn/reset", {"seed": 9, "region": "eu-west-1"})
    assert (status, answer["seed"], answer["region"]) == (200, 9, "eu-west-1")


def test_motos_reset_path_resets_too_and_answers_as_moto_does(serve: Any) -> None:
    server = serve()
    ecs = ecs_client(server.url)
    ecs.create_cluster(clusterName="left-over")
    assert http(server, "POST", "/moto-api/reset") == (200, {"status": "ok"})
    assert ecs.list_clusters()["clusterArns"] == []
    status, _ = http(server, "GET", "/moto-api/reset")
    assert status == 405


def test_the_clock_endpoint_fast_forwards_a_stopped_clock(serve: Any) -> None:
    server = serve()  # speed 0: time moves only when told
    ecs = ecs_client(server.url)
    ecs.create_cluster(clusterName="c")
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}]
    )
    server.host.sim.launch_instances("c", count=1)
    [task] = ecs.run_task(cluster="c", taskDefinition="web")["tasks"]
    assert task["lastStatus"] != "RUNNING"
    status, clock = http(server, "POST", "/ecslearn/clock", {"advance": 120})
    assert status == 200
    assert clock["now"] == 120.0
    assert clock["speed"] == 0
    [now] = ecs.describe_tasks(cluster="c", tasks=[task["taskArn"]])["tasks"]
    assert now["lastStatus"] == "RUNNING"
    assert http(server, "GET", "/ecslearn/clock")[1]["now"] == 120.0


def test_the_clock_refuses_what_is_not_a_forward_move(serve: Any) -> None:
    server = serve()
    for body in ({"advance": -1}, {"advance": "60"}, {"advance": True}, {}, [60]):
        status, answer = http(server, "POST", "/ecslearn/clock", body)
        assert status == 400, body
        assert "Bad request to /ecslearn/clock" in answer["message"]
    assert http(server, "GET", "/ecslearn/clock")[1]["now"] == 0.0


def test_the_state_endpoint_says_what_the_world_holds(serve: Any) -> None:
    server = serve()
    ecs = ecs_client(server.url)
    ecs.create_cluster(clusterName="c")
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}]
    )
    server.host.sim.launch_instances("c", count=1)
    ecs.create_service(cluster="c", serviceName="web", taskDefinition="web", desiredCount=2)
    http(server, "POST", "/ecslearn/clock", {"advance": 60})
    status, state = http(server, "GET", "/ecslearn/state")
    assert status == 200
    region = state["regions"]["us-east-1"]
    assert region["clusters"] == ["c"]
    assert region["containerInstances"] == 1
    [service] = region["services"]
    assert (service["serviceName"], service["desiredCount"], service["runningCount"]) == (
        "web",
        2,
        2,
    )
    assert region["tasks"] == {"RUNNING": 2}
    status, document = http(server, "GET", "/ecslearn/state?full=1")
    assert status == 200
    assert "regions" in json.dumps(document)


def test_a_reset_with_a_state_file_is_what_a_restart_loads(serve: Any, tmp_path: Path) -> None:
    path = tmp_path / "world.json"
    server = serve(state=str(path))
    ecs_client(server.url).create_cluster(clusterName="before")
    http(server, "POST", "/ecslearn/reset")
    ecs_client(server.url).create_cluster(clusterName="after")
    server.close()
    loaded, _ = journal.load(path)
    names = [c.cluster_name for c in loaded.region_state().clusters.values()]
    assert names == ["after"]


def test_the_harness_endpoints_answer_this_machine_only() -> None:
    environ = {
        "PATH_INFO": "/ecslearn/reset",
        "REMOTE_ADDR": "203.0.113.7",
        "wsgi.input": io.BytesIO(b""),
    }
    status, _headers, body, _what = harness.answer(None, environ, "POST")  # type: ignore[arg-type]
    assert status == 403
    assert json.loads(body)["message"] == "/ecslearn/reset answers requests from this machine only."
    assert harness.is_loopback("127.0.0.1")
    assert harness.is_loopback("::1")
    assert harness.is_loopback("::ffff:127.0.0.1")
    assert not harness.is_loopback("10.0.0.2")
    assert not harness.is_loopback("")
