"""Lesson 12 · To real AWS: the same boto3 code against `ecslearn serve`, exports to ECS JSON,
Docker Compose and Kubernetes, and ECS next to Kubernetes."""

from __future__ import annotations

import atexit
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.text import T
from ecslearn.model.service import Service
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.words import particle

REGION = "us-east-1"
_URL = re.compile(r"ECS endpoint at (http://127\.0\.0\.1:\d+)")


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "web", "collector")


# -- what the notebook uses -----------------------------------------------------------------
@dataclass
class Server:
    """An `ecslearn serve` process on 127.0.0.1 and the URL it answers on."""

    proc: subprocess.Popen
    url: str
    folder: Path

    def stop(self) -> int | None:
        """Stop the server (SIGTERM, as Ctrl-C would) and return its exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode

    @property
    def log(self) -> str:
        return (self.folder / "serve.out").read_text()


def start_server(*args: str, speed: float = 60, timeout: float = 30) -> Server:
    """Start ``python -m ecslearn.cli serve --port 0 --speed SPEED ARGS`` (port 0: a free
    loopback port, which the server prints) and wait until it answers. The server is also
    stopped when Python exits."""
    folder = Path(tempfile.mkdtemp(prefix="ecslearn-serve-"))
    out = folder / "serve.out"
    command = [sys.executable, "-m", "ecslearn.cli", "serve", "--port", "0"]
    command += ["--speed", f"{speed:g}", "--quiet", *args]
    with out.open("wb") as stdout:
        proc = subprocess.Popen(command, stdout=stdout, stderr=subprocess.STDOUT, cwd=folder)
    server = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = _URL.search(out.read_text())
        if match:
            server = Server(proc, match.group(1), folder)
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if server is None:
        proc.kill()
        proc.wait(timeout=10)
        raise RuntimeError(f"ecslearn serve did not start:\n{out.read_text()[-2000:]}")
    atexit.register(server.stop)
    return server


def model_of(ecs: Any, cluster: str, service: str) -> tuple[TaskDefinition, Service]:
    """The task definition and the service, as DescribeTaskDefinition and DescribeServices
    answer (from any ECS endpoint), turned into the objects the exporters take."""
    described = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    definition = ecs.describe_task_definition(taskDefinition=described["taskDefinition"])
    return TaskDefinition.from_json(definition["taskDefinition"]), Service.from_json(described)


def _server_client(url: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "ecs",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="ecslearn",
        aws_secret_access_key="ecslearn",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=3, read_timeout=10),
    )


# -- exercise 1: the same boto3 code, another endpoint ---------------------------------------
def _judge_clusters(v: Values) -> T | None:
    remote = v.get("remote")
    endpoint = getattr(getattr(remote, "meta", None), "endpoint_url", None)
    if endpoint is None:
        return T(
            "Make `remote` a boto3 ECS client: "
            '`boto3.client("ecs", endpoint_url=url, region_name="us-east-1", '
            'aws_access_key_id="x", aws_secret_access_key="x")`.',
            "`remote`를 boto3 ECS 클라이언트로 만드세요: "
            '`boto3.client("ecs", endpoint_url=url, region_name="us-east-1", '
            'aws_access_key_id="x", aws_secret_access_key="x")`.',
        )
    if endpoint.rstrip("/") != str(v.url).rstrip("/"):
        return T(
            f"`remote` talks to {endpoint}, not to the server at {v.url}: pass "
            "`endpoint_url=url`. (Without it, boto3 would call real AWS.)",
            f"`remote`는 {v.url}의 서버가 아니라 {particle(endpoint, '와/과')} 통신합니다. "
            "`endpoint_url=url`을 주세요. (없으면 boto3는 실제 AWS를 호출합니다.)",
        )
    truth = _server_client(v.url).list_clusters()["clusterArns"]
    if not any(arn.endswith(":cluster/checkout") for arn in truth):
        return T(
            "The server has no cluster 'checkout': create it with your client, "
            '`remote.create_cluster(clusterName="checkout")`.',
            "서버에 'checkout' 클러스터가 없습니다: 여러분의 클라이언트로 만드세요, "
            '`remote.create_cluster(clusterName="checkout")`.',
        )
    answer = v.clusters
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return T(
            "`clusters` should be the list ListClusters answers: `remote.list_clusters()"
            '["clusterArns"]`.',
            "`clusters`는 ListClusters가 돌려주는 목록이어야 합니다: `remote.list_clusters()"
            '["clusterArns"]`.',
        )
    if sorted(answer) == sorted(truth):
        return None
    if sorted(answer) == sorted(a.rsplit("/", 1)[-1] for a in truth):
        return T(
            "Those are the clusters' names; ListClusters answers their ARNs "
            '(arn:aws:ecs:us-east-1:...:cluster/NAME). Keep `["clusterArns"]` as it is.',
            "그것은 클러스터 이름입니다. ListClusters는 ARN "
            '(arn:aws:ecs:us-east-1:...:cluster/NAME)을 돌려줍니다. `["clusterArns"]`를 '
            "그대로 담으세요.",
        )
    return T(
        f"`clusters` has {len(answer)} entries, but the server lists {len(truth)} clusters: "
        'ask the server, `remote.list_clusters()["clusterArns"]`.',
        f"`clusters`에는 {len(answer)}개가 있지만, 서버에는 클러스터가 {len(truth)}개 "
        '있습니다: 서버에 물어보세요, `remote.list_clusters()["clusterArns"]`.',
    )


_CLIENT = (
    'remote = boto3.client(\n    "ecs",\n    endpoint_url=url,\n    region_name="us-east-1",\n'
    '    aws_access_key_id="x",\n    aws_secret_access_key="x",\n)\n'
)

ex1 = Exercise(
    name="ex1",
    title=T("The same boto3, another endpoint", "같은 boto3, 다른 엔드포인트"),
    reads=("clusters",),
    uses=("url", "boto3"),
    starter="remote = ____\nclusters = ____",
    solution_code=_CLIENT
    + 'remote.create_cluster(clusterName="checkout")\n'
    + 'clusters = remote.list_clusters()["clusterArns"]\nclusters',
    wrong=(
        Wrong(
            _CLIENT + 'clusters = remote.list_clusters()["clusterArns"]',
            T("no cluster 'checkout'", "'checkout' 클러스터가 없습니다"),
        ),
        Wrong(
            _CLIENT + 'remote.create_cluster(clusterName="checkout")\n'
            'clusters = ["shop", "checkout"]',
            T("names", "이름"),
        ),
    ),
    hints=(
        T(
            "A boto3 client needs a region and credentials; `endpoint_url` sends its calls to "
            "the server instead of AWS. Then create the cluster and list the clusters.",
            "boto3 클라이언트에는 리전과 자격 증명이 필요하고, `endpoint_url`은 호출을 AWS "
            "대신 서버로 보냅니다. 그다음 클러스터를 만들고 목록을 받으세요.",
        ),
        T(
            '`remote = boto3.client("ecs", endpoint_url=url, region_name="us-east-1", '
            'aws_access_key_id="x", aws_secret_access_key="x")`, then '
            '`remote.create_cluster(clusterName="checkout")` and '
            '`clusters = remote.list_clusters()["clusterArns"]`.',
            '`remote = boto3.client("ecs", endpoint_url=url, region_name="us-east-1", '
            'aws_access_key_id="x", aws_secret_access_key="x")` 다음 '
            '`remote.create_cluster(clusterName="checkout")`와 '
            '`clusters = remote.list_clusters()["clusterArns"]`.',
        ),
    ),
    judge=_judge_clusters,
    explanation=T(
        "Against real ECS the same code runs without `endpoint_url` and with real credentials "
        "(from `aws configure`, environment variables or an IAM role).",
        "실제 ECS에서는 같은 코드가 `endpoint_url` 없이, 실제 자격 증명 (`aws configure`, "
        "환경 변수, IAM 역할) 으로 실행됩니다.",
    ),
)


# -- exercise 2: export a DAEMON service to Kubernetes --------------------------------------
def _judge_workload(v: Values) -> T | None:
    workload = v.workload
    if not isinstance(workload, dict) or "kind" not in workload:
        return T(
            "`workload` should be one Kubernetes manifest (a dict with `kind`): the first "
            "document `kubernetes.manifests(...)` returns.",
            "`workload`는 쿠버네티스 매니페스트 하나 (`kind`가 있는 dict)여야 합니다: "
            "`kubernetes.manifests(...)`가 돌려주는 첫 문서.",
        )
    kind = workload.get("kind")
    name = (workload.get("metadata") or {}).get("name")
    if kind == "Deployment":
        return T(
            "That is a Deployment: the export did not know the service. 'collector' is a "
            "DAEMON service (one task on each container instance): pass the service too, "
            "`kubernetes.manifests(td, service=svc)`.",
            "그것은 Deployment입니다: 내보내기가 서비스를 몰랐습니다. 'collector'는 데몬 "
            "타입 서비스 (컨테이너 인스턴스마다 태스크 하나)입니다: 서비스도 주세요, "
            "`kubernetes.manifests(td, service=svc)`.",
        )
    if kind != "DaemonSet":
        return T(
            f"`workload` is a {kind}; the workload of a service is the first manifest "
            "(the Service object, if any, comes second).",
            f"`workload`는 {kind} 입니다. 서비스의 워크로드는 첫 번째 매니페스트입니다 "
            "(Service 객체가 있다면 두 번째).",
        )
    if name != "collector":
        return T(
            f"This DaemonSet is named {name!r}: export the service 'collector' of the cluster "
            "'shop'.",
            f"이 DaemonSet의 이름은 {name!r} 입니다: 'shop' 클러스터의 'collector' 서비스를 "
            "내보내세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("A DAEMON service in Kubernetes", "데몬 타입 서비스를 쿠버네티스로"),
    reads=("workload",),
    uses=("aws", "kubernetes"),
    starter="workload = ____",
    solution_code="""\
td, svc = model_of(aws, "shop", "collector")
workload = kubernetes.manifests(td, service=svc)[0]
print(kubernetes.to_yaml([workload]))""",
    wrong=(
        Wrong(
            'td, svc = model_of(aws, "shop", "collector")\nworkload = kubernetes.manifests(td)[0]',
            T("DAEMON service", "데몬"),
        ),
    ),
    hints=(
        T(
            "`model_of(aws, cluster, service)` gives the task definition and the service; "
            "`kubernetes.manifests(...)` needs both to know the scheduling strategy.",
            "`model_of(aws, cluster, service)`는 태스크 디피니션과 서비스를 돌려줍니다. "
            "`kubernetes.manifests(...)`가 스케줄링 전략을 알려면 둘 다 필요합니다.",
        ),
        T(
            '`td, svc = model_of(aws, "shop", "collector")`, then '
            "`workload = kubernetes.manifests(td, service=svc)[0]`.",
            '`td, svc = model_of(aws, "shop", "collector")` 다음 '
            "`workload = kubernetes.manifests(td, service=svc)[0]`.",
        ),
    ),
    judge=_judge_workload,
    explanation=T(
        "A DaemonSet has no `replicas`: like a DAEMON service, it runs one copy on every node "
        "(container instance), and one more when a node joins.",
        "DaemonSet에는 `replicas`가 없습니다: 데몬 타입 서비스처럼 모든 노드 (컨테이너 "
        "인스턴스) 에 하나씩 실행하고, 노드가 합류하면 하나 더 실행합니다.",
    ),
)


# -- exercise 3: which Kubernetes object matches a DAEMON service ----------------------------
_WRONG_KINDS = {
    "deployment": T(
        "A Deployment keeps a number of replicas wherever they fit: that is a service of the "
        "REPLICA type (desiredCount tasks).",
        "Deployment는 정해진 수의 레플리카를 들어갈 수 있는 곳에 유지합니다: 그것은 리플리카 "
        "타입 서비스 (desiredCount 개의 태스크)입니다.",
    ),
    "pod": T(
        "A Pod is one running group of containers: a task, not a service.",
        "Pod는 실행 중인 컨테이너 묶음 하나입니다: 서비스가 아니라 태스크입니다.",
    ),
    "node": T(
        "A node is a machine that runs Pods: a container instance, not a service.",
        "노드는 Pod를 실행하는 머신입니다: 서비스가 아니라 컨테이너 인스턴스입니다.",
    ),
    "statefulset": T(
        "A StatefulSet gives replicas stable names and storage; ECS has no such service type. "
        "Think of a service that runs one task per instance.",
        "StatefulSet는 레플리카에 고정된 이름과 저장소를 줍니다. ECS에는 그런 서비스 타입이 "
        "없습니다. 인스턴스마다 태스크 하나를 실행하는 서비스를 생각해 보세요.",
    ),
}


def _judge_daemon(v: Values) -> T | None:
    answer = v.daemon_equivalent
    if not isinstance(answer, str):
        return T(
            "`daemon_equivalent` should be the name of a Kubernetes object, as a string, "
            'e.g. `"Pod"`.',
            '`daemon_equivalent`는 쿠버네티스 객체의 이름 (문자열)이어야 합니다. 예: `"Pod"`.',
        )
    key = answer.replace(" ", "").lower()
    if key == "daemonset":
        return None
    return _WRONG_KINDS.get(
        key,
        T(
            f"{answer!r} is not the one. Which Kubernetes workload runs one Pod on every node?",
            f"{answer!r}: 아닙니다. 모든 노드에 Pod를 하나씩 실행하는 쿠버네티스 워크로드는?",
        ),
    )


ex3 = Exercise(
    name="ex3",
    title=T("DAEMON in Kubernetes' words", "쿠버네티스 말로 데몬 타입"),
    reads=("daemon_equivalent",),
    uses=(),
    starter='daemon_equivalent = ____  # "Deployment", "DaemonSet", "StatefulSet", "Pod" or "Node"',
    solution_code='daemon_equivalent = "DaemonSet"',
    wrong=(Wrong('daemon_equivalent = "Deployment"', T("REPLICA", "리플리카")),),
    hints=(
        T(
            "A DAEMON service has no desiredCount: ECS runs one task on each container "
            "instance. Which Kubernetes object has no replica count either?",
            "데몬 타입 서비스에는 desiredCount가 없습니다: ECS가 컨테이너 인스턴스마다 "
            "태스크 하나를 실행합니다. 레플리카 수가 없는 쿠버네티스 객체는?",
        ),
        T(
            "Its name says it: a set of daemons, one per node.",
            "이름에 답이 있습니다: 노드마다 하나씩 도는 데몬들의 집합.",
        ),
    ),
    judge=_judge_daemon,
    explanation=T(
        "REPLICA ↔ Deployment, DAEMON ↔ DaemonSet, task ↔ Pod, container instance ↔ node, "
        "cluster ↔ cluster.",
        "리플리카 타입 ↔ Deployment, 데몬 타입 ↔ DaemonSet, 태스크 ↔ Pod, 컨테이너 인스턴스 ↔ "
        "노드, 클러스터 ↔ 클러스터.",
    ),
)
