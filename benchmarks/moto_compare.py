"""ecslearn against moto, the best-known ECS mock: one boto3 workload over HTTP, both servers.

The workload is what a learner's script or a test suite does: register 200 task definitions,
register 50 container instances the way the ECS agent does (RegisterContainerInstance with an
instance identity document), run 1,000 tasks (RunTask, 10 at a time), then list and describe
them all. The same stock boto3 client code runs against ``ecslearn serve`` and ``moto_server``,
each started as its own process on a free loopback port, in the same run.

The two do different amounts of work, which the ratio should be read with: moto stores what it
is told (it does check that the instance exists in its EC2 and subtracts resources), ecslearn
validates against ECS's rules, places every task through the placement pipeline and runs its
simulated agents on a clock (``--speed 1``). Moto insists that a container instance is an EC2
instance it launched, so its 50 instances are started with its EC2 RunInstances first; that
setup is not timed.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from benchmarks import Table

CLUSTER = "bench"
REGION = "us-east-1"
STARTUP_SECONDS = 30
RUN_TASK_BATCH = 10  # RunTask's most tasks per call
PAGE = 100  # ListTasks' page size and DescribeTasks' most tasks per call
#: What the ECS agent reports for an m5.large (2 vCPUs, 8 GiB less what the OS keeps).
INSTANCE_RESOURCES = [
    {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
    {"name": "MEMORY", "type": "INTEGER", "integerValue": 7680},
    {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678"]},
    {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
]


@dataclass(frozen=True)
class Workload:
    """The sizes of the workload; the benchmark's are the issue's, tests use small ones."""

    task_definitions: int = 200
    tasks: int = 1_000
    instances: int = 50
    families: int = 20  # task definitions are revisions of this many families


PHASES = ("register task definitions", "register instances", "run tasks", "describe tasks")


@dataclass
class Result:
    """Wall seconds per phase, and what the server answered (to check the run did its work)."""

    seconds: dict[str, float]
    registered: int  # task definition revisions
    instances: int  # ACTIVE container instances listed
    started: int  # tasks RunTask returned
    failures: int  # RunTask failures
    described: int  # tasks DescribeTasks returned

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


# -- the workload ------------------------------------------------------------------------------
def ecs_client(url: str) -> Any:
    """A stock boto3 ECS client for `url`; no retries, so every call is made exactly once."""
    return boto3.client(
        "ecs",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1}, read_timeout=120),
    )


def identity_document(instance_id: str, index: int) -> str:
    """The EC2 instance identity document the ECS agent sends when it registers."""
    return json.dumps(
        {
            "instanceId": instance_id,
            "instanceType": "m5.large",
            "availabilityZone": f"{REGION}{'abc'[index % 3]}",
            "region": REGION,
            "accountId": "123456789012",
            "imageId": "ami-0ecs1earn0a1b2c3d",
            "architecture": "x86_64",
            "privateIp": f"10.0.{index // 250}.{index % 250 + 1}",
        }
    )


def run_workload(ecs: Any, instance_ids: list[str], workload: Workload) -> Result:
    """Run the workload through `ecs`, timing each phase; `instance_ids` are EC2 instance IDs,
    one per container instance to register."""
    seconds: dict[str, float] = {}
    ecs.create_cluster(clusterName=CLUSTER)

    start = time.perf_counter()
    arns = []
    for index in range(workload.task_definitions):
        family = f"bench-{index % workload.families:02d}"
        response = ecs.register_task_definition(
            family=family,
            containerDefinitions=[
                {
                    "name": "app",
                    "image": f"busybox:1.{index}",
                    "cpu": 64,
                    "memory": 128,
                    "essential": True,
                    "environment": [{"name": "INDEX", "value": str(index)}],
                }
            ],
        )
        arns.append(response["taskDefinition"]["taskDefinitionArn"])
    seconds[PHASES[0]] = time.perf_counter() - start

    start = time.perf_counter()
    for index, instance_id in enumerate(instance_ids[: workload.instances]):
        ecs.register_container_instance(
            cluster=CLUSTER,
            instanceIdentityDocument=identity_document(instance_id, index),
            totalResources=INSTANCE_RESOURCES,
        )
    seconds[PHASES[1]] = time.perf_counter() - start
    listed = ecs.list_container_instances(cluster=CLUSTER, status="ACTIVE")
    instances = len(listed["containerInstanceArns"])

    start = time.perf_counter()
    started = failures = 0
    remaining, call = workload.tasks, 0
    while remaining > 0:
        count = min(RUN_TASK_BATCH, remaining)
        response = ecs.run_task(cluster=CLUSTER, taskDefinition=arns[call % len(arns)], count=count)
        started += len(response["tasks"])
        failures += len(response["failures"])
        remaining -= count
        call += 1
    seconds[PHASES[2]] = time.perf_counter() - start

    start = time.perf_counter()
    described = 0
    for page in ecs.get_paginator("list_tasks").paginate(
        cluster=CLUSTER, PaginationConfig={"PageSize": PAGE}
    ):
        if page["taskArns"]:
            described += len(ecs.describe_tasks(cluster=CLUSTER, tasks=page["taskArns"])["tasks"])
    seconds[PHASES[3]] = time.perf_counter() - start
    return Result(seconds, len(arns), instances, started, failures, described)


# -- the servers -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _executable(name: str) -> str | None:
    """A console script of this Python's environment (the venv's, when run from it)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


@contextmanager
def ecslearn_server(*options: str, pids: list[int] | None = None) -> Iterator[str]:
    """``ecslearn serve --port 0`` as a process, with any further `options` (``--state FILE``);
    yields its URL once it is listening (and adds its process ID to `pids`)."""
    script = _executable("ecslearn")
    command = [script] if script else [sys.executable, "-m", "ecslearn.cli"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "serve.out"
        with out.open("wb") as stdout:
            proc = subprocess.Popen(
                [*command, "serve", "--port", "0", "--quiet", "--speed", "1", *options],
                stdout=stdout,
                stderr=subprocess.STDOUT,
            )
        if pids is not None:
            pids.append(proc.pid)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while time.monotonic() < deadline and proc.poll() is None:
                match = re.search(r"ECS endpoint at (http://127\.0\.0\.1:\d+)", out.read_text())
                if match:
                    yield match.group(1)
                    return
                time.sleep(0.05)
            raise RuntimeError(f"ecslearn serve did not start:\n{out.read_text()}")
        finally:
            _stop(proc)


class MotoMissing(RuntimeError):
    """moto is not installed: the comparison needs ``pip install 'moto[server]>=5'``."""


@contextmanager
def moto_server(pids: list[int] | None = None) -> Iterator[str]:
    """moto's standalone server on a free loopback port; yields its URL once it answers (and
    adds its process ID to `pids`)."""
    script = _executable("moto_server")
    if script is None:
        raise MotoMissing("moto_server is not installed: pip install 'moto[server]>=5'")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [script, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if pids is not None:
        pids.append(proc.pid)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
                    yield url
                    return
            except OSError:
                time.sleep(0.1)
        error = proc.stderr.read().decode() if proc.poll() is not None and proc.stderr else ""
        raise RuntimeError(f"moto_server did not start on {url}: {error[-2000:]}")
    finally:
        _stop(proc)


def moto_instances(url: str, count: int) -> list[str]:
    """Launch `count` EC2 instances in moto (it registers only instances its EC2 knows)."""
    ec2 = boto3.client(
        "ec2",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )
    image = ec2.describe_images()["Images"][0]["ImageId"]
    response = ec2.run_instances(
        ImageId=image, MinCount=count, MaxCount=count, InstanceType="m5.large"
    )
    return [instance["InstanceId"] for instance in response["Instances"]]


def made_up_instances(count: int) -> list[str]:
    """EC2 instance IDs for ecslearn, which takes the agent's identity document at its word."""
    return [f"i-0{index:016x}" for index in range(count)]


def compare(workload: Workload) -> tuple[Result, Result]:
    """Run the workload against a fresh ecslearn server, then a fresh moto server."""
    with ecslearn_server() as url:
        ours = run_workload(ecs_client(url), made_up_instances(workload.instances), workload)
    with moto_server() as url:
        theirs = run_workload(ecs_client(url), moto_instances(url, workload.instances), workload)
    return ours, theirs


def tables() -> list[Table]:
    workload = Workload()
    try:
        ours, theirs = compare(workload)
    except MotoMissing as missing:
        return [Table("ecslearn serve vs moto_server", ["skipped"], [[str(missing)]])]
    table = Table(
        f"ecslearn serve vs moto_server: {workload.task_definitions} task definitions, "
        f"{workload.tasks:,} tasks on {workload.instances} instances (boto3 over HTTP)",
        ["phase", "ecslearn (s)", "moto (s)", "moto / ecslearn"],
        note="A ratio above 1: ecslearn is faster. ecslearn also validates every request "
        "against ECS's rules, places each task and runs its simulated agents; moto stores "
        f"them. Tasks described: ecslearn {ours.described:,}, moto {theirs.described:,}.",
    )
    for phase in PHASES:
        table.add(phase, ours.seconds[phase], theirs.seconds[phase], _ratio(theirs, ours, phase))
    table.add("total", ours.total, theirs.total, theirs.total / ours.total)
    return [table]


def _ratio(theirs: Result, ours: Result, phase: str) -> float:
    return theirs.seconds[phase] / ours.seconds[phase] if ours.seconds[phase] else float("nan")
