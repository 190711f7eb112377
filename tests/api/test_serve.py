"""`ecslearn serve` as a learner runs it: a real process, driven by stock boto3 and the AWS CLI.

Every server here is started as a subprocess on 127.0.0.1 with ``--port 0`` and killed by a
fixture finalizer; every loop is bounded in count and in time.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import HeadersDict
from botocore.config import Config
from botocore.parsers import create_parser

from ecslearn.agents.capabilities import AGENT_CAPABILITIES
from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.model.container_instance import DEFAULT_RESERVED_PORTS

ECS = "AmazonEC2ContainerServiceV20141113"
STARTUP_SECONDS = 30
FAST = {"Delay": 1, "MaxAttempts": 30}  # waiters poll every wall second, for at most 30 s


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    port: int
    out: Path
    err: Path

    def client(self, region: str = "us-east-1") -> Any:
        return ecs_client(self.url, region)

    def stop(self, sig: int = signal.SIGKILL) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=10)


def ecs_client(url: str, region: str = "us-east-1") -> Any:
    """A stock boto3 ECS client pointed at `url`, with no retries (each call happens once)."""
    return boto3.client(
        "ecs",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=15),
    )


def _command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("ecslearn")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "ecslearn.cli"]
    return [*base, "serve", *args]


def launch(folder: Path, *args: str, name: str = "server") -> Server:
    """Start `ecslearn serve --port 0 ARGS` and wait for the URL it prints."""
    out, err = folder / f"{name}.out", folder / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            _command("--port", "0", *args), stdout=stdout, stderr=stderr, cwd=folder
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        match = re.search(r"ECS endpoint at (http://127\.0\.0\.1:(\d+))", out.read_text())
        if match:
            return Server(proc, match.group(1), int(match.group(2)), out, err)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    raise AssertionError(f"the server did not start:\n{out.read_text()}\n{err.read_text()}")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    """Starts servers for one test; kills every one of them afterwards."""
    started: list[Server] = []

    def _start(*args: str, name: str = "server") -> Server:
        server = launch(tmp_path, *args, name=name)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One fast server (50 simulated seconds a wall second) shared by the module's tests."""
    running = launch(tmp_path_factory.mktemp("serve"), "--speed", "50")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def register_instance(ecs: Any, cluster: str, index: int) -> str:
    """What the ECS agent does on boot: RegisterContainerInstance with its identity document."""
    identity = {
        "instanceId": f"i-0{index:016x}",
        "instanceType": "m5.large",
        "availabilityZone": f"us-east-1{'abc'[index % 3]}",
        "region": "us-east-1",
        "accountId": "123456789012",
        "imageId": "ami-0ecs1earn0a1b2c3d",
        "architecture": "x86_64",
        "privateIp": f"10.0.0.{10 + index}",
    }
    response = ecs.register_container_instance(
        cluster=cluster,
        instanceIdentityDocument=json.dumps(identity),
        totalResources=[
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 7680},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": list(DEFAULT_RESERVED_PORTS)},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
        ],
        attributes=[{"name": name} for name in AGENT_CAPABILITIES],
    )
    return response["containerInstance"]["containerInstanceArn"]


def web_definition(family: str = "web", **labels: str) -> dict[str, Any]:
    return {
        "family": family,
        "containerDefinitions": [
            {
                "name": family,
                "image": "nginx:1.27",
                "memory": 128,
                "essential": True,
                **({"dockerLabels": labels} if labels else {}),
            }
        ],
    }


# -- boto3: a service's whole life -------------------------------------------------------------
def test_boto3_drives_a_cluster_through_waiters(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="life")
    instances = [register_instance(ecs, "life", i) for i in range(2)]
    listed = ecs.list_container_instances(cluster="life")["containerInstanceArns"]
    assert sorted(listed) == sorted(instances)

    ecs.register_task_definition(**web_definition())
    tasks = [
        t["taskArn"] for t in ecs.run_task(cluster="life", taskDefinition="web", count=2)["tasks"]
    ]
    ecs.get_waiter("tasks_running").wait(cluster="life", tasks=tasks, WaiterConfig=FAST)
    described = ecs.describe_tasks(cluster="life", tasks=tasks)["tasks"]
    assert {t["lastStatus"] for t in described} == {"RUNNING"}

    ecs.stop_task(cluster="life", task=tasks[0], reason="lesson over")
    ecs.get_waiter("tasks_stopped").wait(cluster="life", tasks=tasks[:1], WaiterConfig=FAST)
    [stopped] = ecs.describe_tasks(cluster="life", tasks=tasks[:1])["tasks"]
    assert stopped["stoppedReason"] == "lesson over"

    # A task whose container exits by itself after 5 simulated seconds stops on its own.
    ecs.register_task_definition(**web_definition("job", **{"ecslearn.exit-after": "5"}))
    [job] = ecs.run_task(cluster="life", taskDefinition="job")["tasks"]
    ecs.get_waiter("tasks_stopped").wait(cluster="life", tasks=[job["taskArn"]], WaiterConfig=FAST)

    ecs.create_service(cluster="life", serviceName="api", taskDefinition="web", desiredCount=2)
    ecs.get_waiter("services_stable").wait(cluster="life", services=["api"], WaiterConfig=FAST)
    ecs.update_service(cluster="life", service="api", desiredCount=3)
    ecs.get_waiter("services_stable").wait(cluster="life", services=["api"], WaiterConfig=FAST)
    [api] = ecs.describe_services(cluster="life", services=["api"])["services"]
    assert (api["desiredCount"], api["runningCount"]) == (3, 3)

    ecs.update_service(cluster="life", service="api", desiredCount=0)
    ecs.delete_service(cluster="life", service="api")
    ecs.get_waiter("services_inactive").wait(cluster="life", services=["api"], WaiterConfig=FAST)

    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.list_services(cluster="no-such-cluster")


def test_task_protection_round_trips_through_boto3_and_the_aws_cli(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="kept")
    register_instance(ecs, "kept", 0)
    ecs.register_task_definition(**web_definition())
    ecs.create_service(cluster="kept", serviceName="jobs", taskDefinition="web", desiredCount=2)
    ecs.get_waiter("services_stable").wait(cluster="kept", services=["jobs"], WaiterConfig=FAST)
    tasks = sorted(ecs.list_tasks(cluster="kept", serviceName="jobs")["taskArns"])
    answer = ecs.update_task_protection(
        cluster="kept", tasks=tasks[:1], protectionEnabled=True, expiresInMinutes=60
    )
    assert answer["protectedTasks"][0]["protectionEnabled"] is True
    read = aws(server, "get-task-protection", "--cluster", "kept", "--tasks", *tasks)
    assert read.returncode == 0, read.stderr
    said = json.loads(read.stdout)["protectedTasks"]
    assert [t["protectionEnabled"] for t in said] == [True, False]
    ecs.update_service(cluster="kept", service="jobs", desiredCount=1)
    ecs.get_waiter("services_stable").wait(cluster="kept", services=["jobs"], WaiterConfig=FAST)
    assert ecs.list_tasks(cluster="kept", serviceName="jobs")["taskArns"] == tasks[:1]
    off = aws(
        server,
        "update-task-protection",
        "--cluster",
        "kept",
        "--tasks",
        tasks[0],
        "--no-protection-enabled",
    )
    assert off.returncode == 0, off.stderr
    assert json.loads(off.stdout)["protectedTasks"][0]["protectionEnabled"] is False


def test_account_settings_and_cluster_settings_round_trip_over_http(server: Server) -> None:
    ecs = server.client()
    ecs.put_account_setting(name="awsvpcTrunking", value="enabled")
    ecs.delete_account_setting(name="awsvpcTrunking")
    made = aws(
        server, "put-account-setting-default", "--name", "containerInsights", "--value", "enhanced"
    )
    assert made.returncode == 0, made.stderr
    listed = aws(
        server, "list-account-settings", "--name", "containerInsights", "--effective-settings"
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["settings"][0]["value"] == "enhanced"
    assert (
        ecs.create_cluster(clusterName="insights")["cluster"]["settings"][0]["value"] == "enhanced"
    )
    ecs.update_cluster_settings(
        cluster="insights", settings=[{"name": "containerInsights", "value": "disabled"}]
    )
    polled = aws(server, "discover-poll-endpoint", "--cluster", "insights")
    assert polled.returncode == 0, polled.stderr
    assert json.loads(polled.stdout)["endpoint"].startswith("https://ecs-a-1.us-east-1.")
    ecs.put_account_setting_default(name="containerInsights", value="disabled")


def test_service_deployments_round_trip_through_boto3_and_the_aws_cli(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="history")
    register_instance(ecs, "history", 1)
    ecs.register_task_definition(**web_definition())
    ecs.create_service(cluster="history", serviceName="web", taskDefinition="web", desiredCount=1)
    deadline = time.monotonic() + 20  # the first rollout completes once its task is healthy
    while not [
        d
        for d in ecs.list_service_deployments(cluster="history", service="web")[
            "serviceDeployments"
        ]
        if d["status"] == "SUCCESSFUL"
    ]:
        assert time.monotonic() < deadline, "the first deployment did not complete"
        time.sleep(0.1)
    too_big = web_definition()
    too_big["containerDefinitions"][0]["memory"] = 100_000  # no instance has room: it waits
    revision = ecs.register_task_definition(**too_big)["taskDefinition"]["revision"]
    ecs.update_service(cluster="history", service="web", taskDefinition=f"web:{revision}")
    listed = aws(server, "list-service-deployments", "--cluster", "history", "--service", "web")
    assert listed.returncode == 0, listed.stderr
    newest, first = json.loads(listed.stdout)["serviceDeployments"]
    assert (newest["status"], first["status"]) == ("IN_PROGRESS", "SUCCESSFUL")
    ecs.stop_service_deployment(serviceDeploymentArn=newest["serviceDeploymentArn"])
    [stopped] = ecs.describe_service_deployments(
        serviceDeploymentArns=[newest["serviceDeploymentArn"]]
    )["serviceDeployments"]
    assert stopped["status"] in ("ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL")
    [rolled_to] = ecs.describe_service_revisions(
        serviceRevisionArns=[stopped["rollback"]["serviceRevisionArn"]]
    )["serviceRevisions"]
    [before] = ecs.describe_service_revisions(
        serviceRevisionArns=[first["targetServiceRevisionArn"]]
    )["serviceRevisions"]
    assert rolled_to["taskDefinition"] == before["taskDefinition"]


def test_execute_command_answers_a_session_over_http(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="exec")
    register_instance(ecs, "exec", 2)
    ecs.register_task_definition(**web_definition())
    [task] = ecs.run_task(cluster="exec", taskDefinition="web", enableExecuteCommand=True)["tasks"]
    ecs.get_waiter("tasks_running").wait(cluster="exec", tasks=[task["taskArn"]], WaiterConfig=FAST)
    answer = ecs.execute_command(
        cluster="exec", task=task["taskArn"], command="/bin/sh", interactive=True
    )
    assert answer["session"]["streamUrl"].startswith("wss://ssmmessages.us-east-1.amazonaws.com/")


def test_the_region_comes_from_the_signature(server: Server) -> None:
    east, west = server.client("us-east-1"), server.client("eu-west-1")
    west.create_cluster(clusterName="only-in-eu")
    [arn] = west.list_clusters()["clusterArns"]
    assert arn.startswith("arn:aws:ecs:eu-west-1:")
    assert not any("only-in-eu" in a for a in east.list_clusters()["clusterArns"])


def test_application_auto_scaling_is_served_on_the_same_endpoint(server: Server) -> None:
    scaling = boto3.client(
        "application-autoscaling",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1}),
    )
    answer = scaling.describe_scalable_targets(ServiceNamespace="ecs")
    assert answer["ScalableTargets"] == []


# -- the AWS CLI -------------------------------------------------------------------------------
def aws(
    server: Server,
    *args: str,
    service: str = "ecs",
    endpoint_env: bool = False,
    more_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`aws <service> <args>` against the server, with throwaway credentials and no config
    (`more_env`: further environment variables, such as AWS_DISABLE_HOST_PREFIX_INJECTION)."""
    executable = Path(sys.executable).with_name("aws")
    command = str(executable) if executable.exists() else shutil.which("aws")
    if command is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the AWS CLI must be installed in CI (it is in the dev extras)")
        pytest.skip("the AWS CLI is not installed (pip install -e '.[dev]' brings it)")
    home = Path(server.out).parent
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    env.update(more_env or {})
    where = ["--endpoint-url", server.url]
    if endpoint_env:
        env[f"AWS_ENDPOINT_URL_{service.upper()}"] = server.url
        where = []
    return subprocess.run(
        [command, service, *args, *where, "--region", "us-east-1", "--output", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_the_aws_cli_works_against_the_server(server: Server) -> None:
    made = aws(server, "create-cluster", "--cluster-name", "from-the-cli")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["cluster"]["clusterName"] == "from-the-cli"

    listed = aws(server, "list-clusters")
    assert listed.returncode == 0, listed.stderr
    assert any(
        a.endswith(":cluster/from-the-cli") for a in json.loads(listed.stdout)["clusterArns"]
    )

    described = aws(server, "describe-clusters", "--clusters", "from-the-cli", endpoint_env=True)
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["clusters"][0]["status"] == "ACTIVE"

    refused = aws(server, "describe-services", "--cluster", "nope", "--services", "x")
    assert refused.returncode != 0
    assert "ClusterNotFoundException" in refused.stderr


# -- hostile and malformed requests ------------------------------------------------------------
def raw(
    server: Server,
    method: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    path: str = "/",
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        # Header names are case-insensitive, as in botocore.
        return response.status, HeadersDict(response.getheaders()), response.read()
    finally:
        connection.close()


def ecs_error(status: int, headers: dict[str, str], body: bytes) -> str:
    """The error code botocore reads from an answer (and a check that it is ECS-shaped)."""
    assert 400 <= status < 500, (status, body)
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-RequestId"]
    document = json.loads(body)
    assert set(document) == {"__type", "message"} and document["message"]
    parsed = create_parser("json").parse(
        {"status_code": status, "headers": headers, "body": body}, None
    )
    assert parsed["Error"]["Code"] == document["__type"]
    return document["__type"]


def call(server: Server, operation: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    headers = {"X-Amz-Target": f"{ECS}.{operation}", "Content-Type": "application/x-amz-json-1.1"}
    return raw(server, "POST", body, headers)


@pytest.mark.parametrize(
    ("operation", "body", "code"),
    [
        ("ListClusters", b"{not json", "SerializationException"),
        ("ListClusters", b"[1, 2]", "SerializationException"),
        ("ListClusters", b"\xff\xfe\x00garbage", "SerializationException"),
        ("CreateCluster", b'{"clusterName": 5}', "InvalidParameterException"),
        ("RunTask", b'{"taskDefinition": ["x"], "count": "two"}', "InvalidParameterException"),
        ("CreateCluster", b'{"noSuchMember": true}', "InvalidParameterException"),
        ("NoSuchOperation", b"{}", "UnknownOperationException"),
    ],
)
def test_malformed_requests_get_ecs_errors(
    server: Server, operation: str, body: bytes, code: str
) -> None:
    assert ecs_error(*call(server, operation, body)) == code


def test_missing_and_foreign_targets_are_refused(server: Server) -> None:
    assert ecs_error(*raw(server, "POST", b"{}")) == "UnknownOperationException"
    wrong = {"X-Amz-Target": "DynamoDB_20120810.ListTables"}
    assert ecs_error(*raw(server, "POST", b"{}", wrong)) == "UnknownOperationException"


def test_a_huge_body_is_refused_and_the_server_carries_on(server: Server) -> None:
    big = b'{"clusterName": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    status, headers, body = call(server, "CreateCluster", big)
    # AWS's common JSON error for it ("Common Error Types": RequestEntityTooLargeException, 413)
    assert status == 413 and ecs_error(status, headers, body) == "RequestEntityTooLargeException"

    # A Content-Length of a terabyte is refused from the header alone: nothing is sent after it.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {ECS}.ListClusters\r\n"
            f"Content-Length: {10**12}\r\n\r\n".encode()
        )
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413") and b"RequestEntityTooLargeException" in answer

    # So is one that asks first (Expect: 100-continue), as curl does for large bodies.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {ECS}.ListClusters\r\n"
            f"Expect: 100-continue\r\nContent-Length: {2 * MAX_BODY_BYTES}\r\n\r\n".encode()
        )
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413") and b"RequestEntityTooLargeException" in answer
    assert server.client().list_clusters()["clusterArns"] is not None


def read_all(sock: socket.socket, limit: int = 1 << 20) -> bytes:
    """Read until the server closes the connection (bounded in bytes and time)."""
    data = b""
    deadline = time.monotonic() + 10
    while len(data) < limit and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_broken_http_gets_json_errors_not_hangs(server: Server) -> None:
    for request in (
        b"HELLO\r\n\r\n",
        b"FROB / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    ):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(request)
            answer = read_all(sock)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert re.match(rb"HTTP/1\.[01] 4\d\d ", head), (request[:40], answer[:200])
        assert "__type" in json.loads(body), answer[:200]

    # A client that promises a body and hangs up halfway costs nothing.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {ECS}.ListClusters\r\n"
            'Content-Length: 100\r\n\r\n{"a'.encode()
        )
    assert server.client().list_clusters()["clusterArns"] is not None


def test_other_methods_are_refused_and_get_shows_a_status_page(server: Server) -> None:
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, body = raw(server, method, b"{}")
        assert status == 405 and ecs_error(status, headers, body) == "UnknownOperationException"
        assert "POST" in headers["Allow"]
    status, headers, body = raw(server, "GET", path="/nowhere")
    assert status == 404 and ecs_error(status, headers, body) == "UnknownOperationException"

    status, headers, body = raw(server, "GET")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Simulated time: t=" in page
    assert f"export AWS_ENDPOINT_URL_ECS={server.url}" in page
    assert "boto3.client(" in page


def test_the_clock_follows_the_wall_at_the_given_speed(server: Server) -> None:
    def simulated_now() -> float:
        page = raw(server, "GET")[2].decode()
        return float(re.search(r"Simulated time: t=([\d.]+)s", page).group(1))

    before = simulated_now()
    wall = time.monotonic()
    time.sleep(0.5)
    moved = simulated_now() - before
    elapsed = time.monotonic() - wall
    # --speed 50: 50 simulated seconds a wall second (the page shows one decimal)
    assert 50 * 0.5 - 0.2 <= moved <= 50 * (elapsed + 0.5), (moved, elapsed)


# -- concurrency -------------------------------------------------------------------------------
def test_concurrent_clients_see_one_consistent_world(server: Server) -> None:
    threads, calls = 8, 25  # per thread: 5 clusters, 5 registrations, 15 reads

    def work(worker: int) -> list[int]:
        ecs = server.client()
        revisions = []
        for i in range(calls // 5):
            ecs.create_cluster(clusterName=f"crowd-{worker}-{i}")
            made = ecs.register_task_definition(**web_definition("crowd"))
            revisions.append(made["taskDefinition"]["revision"])
            ecs.describe_clusters(clusters=[f"crowd-{worker}-{i}"])
            ecs.list_task_definitions(familyPrefix="crowd")
            ecs.describe_task_definition(taskDefinition=f"crowd:{revisions[-1]}")
        return revisions

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(work, w) for w in range(threads)]
        results = [f.result(timeout=60) for f in futures]
    revisions = sorted(r for result in results for r in result)
    # Every registration got its own revision: no two threads interleaved inside a call.
    assert revisions == list(range(1, threads * calls // 5 + 1))
    ecs = server.client()
    names = {
        arn.rsplit("/", 1)[1]
        for page in ecs.get_paginator("list_clusters").paginate()
        for arn in page["clusterArns"]
    }
    assert {f"crowd-{w}-{i}" for w in range(threads) for i in range(calls // 5)} <= names


# -- state across a kill -9 ----------------------------------------------------------------------
def test_a_killed_server_restarts_from_its_state_file(start: Any, tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    first = start("--speed", "50", "--state", str(state), "--seed", "7", name="first")
    ecs = first.client()
    ecs.create_cluster(clusterName="kept")
    register_instance(ecs, "kept", 0)
    ecs.register_task_definition(**web_definition("kept"))
    [task] = ecs.run_task(cluster="kept", taskDefinition="kept")["tasks"]
    ecs.get_waiter("tasks_running").wait(cluster="kept", tasks=[task["taskArn"]], WaiterConfig=FAST)
    ecs.create_cluster(clusterName="last-call")  # answered, so on disk before the kill
    first.stop(signal.SIGKILL)

    second = start("--speed", "50", "--state", str(state), name="second")
    assert "world saved in" in second.out.read_text()
    ecs = second.client()
    names = {a.rsplit("/", 1)[1] for a in ecs.list_clusters()["clusterArns"]}
    assert {"kept", "last-call"} <= names
    assert ecs.describe_task_definition(taskDefinition="kept")["taskDefinition"]["revision"] == 1
    [again] = ecs.describe_tasks(cluster="kept", tasks=[task["taskArn"]])["tasks"]
    assert again["lastStatus"] == "RUNNING"
    assert len(ecs.list_container_instances(cluster="kept")["containerInstanceArns"]) == 1

    # A polite stop (SIGTERM) saves and exits 0.
    assert second.stop(signal.SIGTERM) == 0
    assert "stopped at" in second.out.read_text()


def test_a_broken_state_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    state = tmp_path / "broken.json"
    state.write_text("{ not a world")
    done = subprocess.run(
        _command("--port", "0", "--state", str(state)), capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1
    assert "Cannot load the state file" in done.stderr
    assert state.read_text() == "{ not a world"


def test_an_answered_call_is_already_on_disk(tmp_path: Path) -> None:
    from ecslearn.api import ServeOptions, journal, start_server

    state = tmp_path / "world.json"
    server = start_server(ServeOptions(port=0, state=str(state), quiet=True)).start_in_thread()
    try:
        ecs = ecs_client(server.url)
        for name in ("one", "two", "three"):
            ecs.create_cluster(clusterName=name)
            saved, _ = journal.load(state)  # the state file and its journal
            assert name in saved.region_state("us-east-1").clusters
        ecs.list_clusters()  # a read, which need not write
        assert not state.with_suffix(".json.partial").exists()
    finally:
        server.close()


# -- listening beyond loopback -----------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_non_loopback_host_is_refused_with_the_reason(host: str) -> None:
    done = subprocess.run(
        _command("--port", "0", "--host", host), capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1
    assert "--allow-remote" in done.stderr
    assert "no authentication" in done.stderr
    assert "ECS endpoint at" not in done.stdout


def test_the_region_is_read_from_the_credential_scope() -> None:
    from ecslearn.api import region_from

    scope = "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-west-2/ecs/aws4_request, Signed"
    assert region_from(scope, "us-east-1") == "us-west-2"
    assert region_from(None, "us-east-1") == "us-east-1"
    assert region_from("Credential=AKID/20250101/../ecs/aws4_request", "eu-west-1") == "eu-west-1"


def test_serve_help_teaches_how_to_point_tools_at_it(capsys: pytest.CaptureFixture) -> None:
    from ecslearn.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for needle in ("--speed", "--state", "--allow-remote", "AWS_ENDPOINT_URL_ECS", "waiter"):
        assert needle in text
