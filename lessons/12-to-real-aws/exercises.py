"""Lesson 12 · To real AWS: the same boto3 code against `ecslearn serve`, exports to ECS JSON,
Docker Compose and Kubernetes, ECS next to Kubernetes, and the road to production (the two
roles, secrets from Parameter Store, logs, cost and cleanup, a CloudFormation template)."""

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
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.model.service import Service
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.words import particle

REGION = "us-east-1"
_URL = re.compile(r"ECS endpoint at (http://127\.0\.0\.1:\d+)")


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "web", "collector", "prod")

#: The road to production: its cluster, and the roles its task definitions name (IAM is not
#: simulated: ECS stores the ARNs; on AWS they must exist and trust ecs-tasks.amazonaws.com).
PROD_CLUSTER = "prod"
EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
TASK_ROLE = "arn:aws:iam::123456789012:role/shop-api"
API_KEY_PARAMETER = "/orders/api-key"


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
            '`remote.create_cluster(clusterName="checkout")`과 '
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


# -- the road to production -----------------------------------------------------------------
def stopped_why(ecs: Any, cluster: str, task_arn: str) -> str:
    """One line about a task: its status, and for a stopped one its stopCode and stoppedReason
    (what the console's "Stopped reason" shows)."""
    [task] = ecs.describe_tasks(cluster=cluster, tasks=[task_arn])["tasks"]
    if task["lastStatus"] != "STOPPED":
        return task["lastStatus"]
    return f"STOPPED {task.get('stopCode')}: {task.get('stoppedReason')}"


def _secret_entries(definition: dict[str, Any]) -> dict[str, str]:
    return {
        s.get("name"): s.get("valueFrom")
        for c in definition.get("containerDefinitions", [])
        if c.get("name") == "app"
        for s in c.get("secrets") or []
    }


def _names_api_key(value_from: str | None) -> bool:
    return bool(value_from) and (
        value_from == API_KEY_PARAMETER
        or str(value_from).endswith(":parameter" + API_KEY_PARAMETER)
    )


def _judge_secret(v: Values) -> T | None:
    arn = v.task_arn
    if not isinstance(arn, str) or ":task/" not in arn:
        return T(
            "`task_arn` should be the ARN of the task you ran: "
            '`pecs.run_task(...)["tasks"][0]["taskArn"]`.',
            "`task_arn`에는 실행한 태스크의 ARN을 담아야 합니다: "
            '`pecs.run_task(...)["tasks"][0]["taskArn"]`.',
        )
    ssm = v.prod.client("ssm")
    try:
        parameter = ssm.get_parameter(Name=API_KEY_PARAMETER, WithDecryption=True)["Parameter"]
    except ssm.exceptions.ParameterNotFound:
        return T(
            f"Parameter Store has no parameter '{API_KEY_PARAMETER}': create it first, "
            f'`ssm.put_parameter(Name="{API_KEY_PARAMETER}", Value="...", '
            'Type="SecureString")`.',
            f"Parameter Store에 '{API_KEY_PARAMETER}' 파라미터가 없습니다. 먼저 만드세요: "
            f'`ssm.put_parameter(Name="{API_KEY_PARAMETER}", Value="...", '
            'Type="SecureString")`.',
        )
    tasks = v.pecs.describe_tasks(cluster=PROD_CLUSTER, tasks=[arn])["tasks"]
    if not tasks:
        return T(
            f"No task {arn.rsplit('/', 1)[-1]} in the cluster '{PROD_CLUSTER}': run it there "
            f'(`cluster="{PROD_CLUSTER}"`).',
            f"'{PROD_CLUSTER}' 클러스터에 태스크 {particle(arn.rsplit('/', 1)[-1], '이/가')} "
            "없습니다. 그 "
            f'클러스터에서 실행하세요(`cluster="{PROD_CLUSTER}"`).',
        )
    task = tasks[0]
    definition = v.pecs.describe_task_definition(taskDefinition=task["taskDefinitionArn"])[
        "taskDefinition"
    ]
    secrets = _secret_entries(definition)
    if not _names_api_key(secrets.get("API_KEY")):
        plain = any(
            e.get("name") == "API_KEY"
            for c in definition["containerDefinitions"]
            for e in c.get("environment") or []
        )
        if plain:
            return T(
                "API_KEY is in the container's `environment`: its value is written in clear text "
                "in the task definition, for anyone who may call DescribeTaskDefinition. Read it "
                f'from the parameter with `secrets`: `{{"name": "API_KEY", "valueFrom": '
                f'"{API_KEY_PARAMETER}"}}`.',
                "API_KEY가 컨테이너의 `environment`에 있습니다. 값이 태스크 디피니션에 평문으로 "
                "적혀 DescribeTaskDefinition을 호출할 수 있는 누구에게나 보입니다. `secrets`로 "
                f'파라미터에서 읽으세요: `{{"name": "API_KEY", "valueFrom": '
                f'"{API_KEY_PARAMETER}"}}`.',
            )
        if task["lastStatus"] == "STOPPED":
            return T(
                f"The task stopped before its container ran: {task.get('stoppedReason')}. The "
                f"container 'app' reads API_KEY from {secrets.get('API_KEY')!r}; the parameter "
                f"you created is '{API_KEY_PARAMETER}' (names are exact, leading slash included).",
                f"태스크가 컨테이너가 실행되기 전에 멈췄습니다: {task.get('stoppedReason')}. "
                f"'app' 컨테이너는 API_KEY를 {secrets.get('API_KEY')!r}에서 읽는데, 만든 "
                f"파라미터는 '{API_KEY_PARAMETER}'입니다(앞의 슬래시까지 이름이 정확해야 "
                "합니다).",
            )
        return T(
            "The container 'app' of this task's definition has no secret API_KEY read from "
            f"'{API_KEY_PARAMETER}': add "
            f'`"secrets": [{{"name": "API_KEY", "valueFrom": "{API_KEY_PARAMETER}"}}]`.',
            f"이 태스크 디피니션의 'app' 컨테이너에는 '{API_KEY_PARAMETER}'에서 읽는 API_KEY "
            f'시크릿이 없습니다. `"secrets": [{{"name": "API_KEY", "valueFrom": '
            f'"{API_KEY_PARAMETER}"}}]`를 더하세요.',
        )
    if task["lastStatus"] == "STOPPED":
        return T(
            f"The task stopped: {task.get('stopCode')}, {task.get('stoppedReason')}. Did it "
            "start before the parameter existed? Run a new task now that it does.",
            f"태스크가 멈췄습니다: {task.get('stopCode')}, {task.get('stoppedReason')}. "
            "파라미터가 생기기 전에 시작했나요? 파라미터가 있는 지금 태스크를 새로 실행하세요.",
        )
    if task["lastStatus"] != "RUNNING":
        return T(
            f"The task is {task['lastStatus']}: let the clock run (`prod.advance(30)`), then "
            "check again.",
            f"태스크가 {task['lastStatus']} 상태입니다. 시계를 돌린 뒤(`prod.advance(30)`) "
            "다시 확인하세요.",
        )
    got = v.prod.container_environment(arn, "app").get("API_KEY")
    if got != parameter["Value"]:
        return T(
            f"The container's API_KEY is {got!r}, not the parameter's value: an `environment` "
            "entry does not win over a secret, so look for another container or task.",
            f"컨테이너의 API_KEY가 파라미터 값이 아니라 {got!r}입니다.",
        )
    return None


_ORDERS = """pecs.register_task_definition(
    family="orders",
    executionRoleArn=EXECUTION_ROLE,
    containerDefinitions=[
        {
            "name": "app",
            "image": "nginx:1.27",
            "memory": 128,
            "secrets": [{"name": "API_KEY", "valueFrom": "%s"}],
        }
    ],
)
task_arn = pecs.run_task(cluster="prod", taskDefinition="orders")["tasks"][0]["taskArn"]
prod.advance(30)
"""
_PUT = 'ssm.put_parameter(Name="/orders/api-key", Value="k-12345", Type="SecureString")\n'

ex4 = Exercise(
    name="ex4",
    title=T("A secret from Parameter Store", "Parameter Store에서 읽는 시크릿"),
    reads=("task_arn",),
    uses=("prod", "pecs", "ssm", "EXECUTION_ROLE"),
    starter="task_arn = ____",
    solution_code=_PUT
    + _ORDERS % API_KEY_PARAMETER
    + 'prod.container_environment(task_arn, "app")["API_KEY"]',
    wrong=(
        Wrong(
            _PUT + _ORDERS % "/orders/apikey",
            T("invalid parameters", "invalid parameters"),
        ),
        Wrong(
            _PUT
            + (_ORDERS % API_KEY_PARAMETER).replace(
                '"secrets": [{"name": "API_KEY", "valueFrom": "/orders/api-key"}]',
                '"environment": [{"name": "API_KEY", "value": "k-12345"}]',
            ),
            T("clear text", "평문"),
        ),
    ),
    hints=(
        T(
            "Three steps: put the parameter '/orders/api-key' (a SecureString), register a task "
            "definition whose container lists it under `secrets` (with the execution role, or "
            "RegisterTaskDefinition refuses it), then run a task in 'prod' and let the clock run.",
            "세 단계입니다: '/orders/api-key' 파라미터(SecureString)를 만들고, 컨테이너의 "
            "`secrets`에 그것을 적은 태스크 디피니션을 등록하고(태스크 실행 역할이 없으면 "
            "RegisterTaskDefinition이 거부합니다), 'prod'에서 태스크를 실행한 뒤 시계를 "
            "돌리세요.",
        ),
        T(
            '`ssm.put_parameter(Name="/orders/api-key", Value="k-12345", '
            'Type="SecureString")`; in the container `"secrets": [{"name": "API_KEY", '
            '"valueFrom": "/orders/api-key"}]` and `executionRoleArn=EXECUTION_ROLE` on the task '
            'definition; `task_arn = pecs.run_task(cluster="prod", taskDefinition="orders")'
            '["tasks"][0]["taskArn"]`, then `prod.advance(30)`.',
            '`ssm.put_parameter(Name="/orders/api-key", Value="k-12345", '
            'Type="SecureString")`, 컨테이너에 `"secrets": [{"name": "API_KEY", '
            '"valueFrom": "/orders/api-key"}]`, 태스크 디피니션에 '
            "`executionRoleArn=EXECUTION_ROLE`, 그리고 "
            '`task_arn = pecs.run_task(cluster="prod", taskDefinition="orders")'
            '["tasks"][0]["taskArn"]` 다음 `prod.advance(30)`.',
        ),
    ),
    judge=_judge_secret,
    explanation=T(
        "The task definition holds only the parameter's name; the agent reads the value with "
        "the execution role when the task starts and gives it to the container as API_KEY. On "
        "AWS the execution role also needs ssm:GetParameters on the parameter (and kms:Decrypt "
        "for a SecureString under your own KMS key).",
        "태스크 디피니션에는 파라미터 이름만 있습니다. 태스크가 시작될 때 에이전트가 태스크 "
        "실행 역할로 값을 읽어 컨테이너에 API_KEY로 넘깁니다. AWS에서는 태스크 실행 역할에 그 "
        "파라미터에 대한 ssm:GetParameters 권한도 있어야 합니다(직접 만든 KMS 키로 암호화한 "
        "SecureString이면 kms:Decrypt도).",
    ),
)


# -- quizzes ---------------------------------------------------------------------------------
q1 = Quiz(
    name="q1",
    title=T("Task role or execution role", "태스크 역할과 태스크 실행 역할"),
    question=T(
        "Your application's code, inside the container, uploads files to S3. Which role must "
        "allow s3:PutObject?",
        "컨테이너 안의 애플리케이션 코드가 S3에 파일을 올립니다. s3:PutObject를 허용해야 하는 "
        "역할은?",
    ),
    choices=(
        Choice(
            T(
                "The task execution role (`executionRoleArn`)",
                "태스크 실행 역할(`executionRoleArn`)",
            ),
            T(
                "The execution role is the agent's: it pulls images from ECR, writes awslogs "
                "logs and reads secrets before your code runs. Its credentials are not given to "
                "your containers.",
                "태스크 실행 역할은 에이전트의 것입니다. 코드가 실행되기 전에 ECR에서 이미지를 "
                "받고, awslogs 로그를 쓰고, 시크릿을 읽습니다. 그 자격 증명은 컨테이너에 "
                "주어지지 않습니다.",
            ),
        ),
        Choice(
            T("The task role (`taskRoleArn`)", "태스크 역할(`taskRoleArn`)"),
            T(
                "Right: the task role's credentials are what the AWS SDK inside your containers "
                "finds; it says what your code may call.",
                "맞습니다. 컨테이너 안의 AWS SDK가 찾는 자격 증명이 태스크 역할의 것이고, 코드가 "
                "무엇을 호출할 수 있는지를 정합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "The container instance role (the EC2 instance profile)",
                "컨테이너 인스턴스 역할(EC2 인스턴스 프로파일)",
            ),
            T(
                "That role lets the instance's agent register with the cluster. Giving your "
                "application its permissions would give them to every task on the instance.",
                "그 역할은 인스턴스의 에이전트가 클러스터에 등록하게 해 줍니다. 애플리케이션 "
                "권한을 여기에 주면 그 인스턴스의 모든 태스크가 그 권한을 갖게 됩니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("A task that never ran", "실행되지 못한 태스크"),
    question=T(
        'A task stopped with stopCode TaskFailedToStart and the reason "Fetching secret data '
        'from SSM Parameter Store in us-east-1: invalid parameters: /shop/db-pasword". What do '
        "you fix?",
        '태스크가 stopCode TaskFailedToStart, 이유 "Fetching secret data from SSM Parameter '
        'Store in us-east-1: invalid parameters: /shop/db-pasword"로 멈췄습니다. 무엇을 '
        "고치나요?",
    ),
    choices=(
        Choice(
            T(
                "The application: it crashed reading its password",
                "애플리케이션: 비밀번호를 읽다가 죽었다",
            ),
            T(
                "The container never started (it has no exit code): the agent stopped the task "
                "before, when it read the secrets.",
                "컨테이너는 시작되지도 않았습니다(종료 코드가 없습니다). 에이전트가 그 전에, "
                "시크릿을 읽을 때 태스크를 멈췄습니다.",
            ),
        ),
        Choice(
            T(
                "The secret's valueFrom, or the parameter: no parameter by that name exists in "
                "us-east-1",
                "시크릿의 valueFrom이나 파라미터: us-east-1에 그 이름의 파라미터가 없다",
            ),
            T(
                'Right: "invalid parameters" lists the names Parameter Store did not have '
                "(here a typo). Fix valueFrom in a new revision, or create the parameter, and "
                "start a new task.",
                '맞습니다. "invalid parameters"는 Parameter Store에 없는 이름을 나열합니다'
                "(여기서는 오타). 새 리비전에서 valueFrom을 고치거나 파라미터를 만든 다음 "
                "태스크를 새로 시작하세요.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "The task role: it may not read the parameter",
                "태스크 역할: 파라미터를 읽을 수 없다",
            ),
            T(
                "Secrets are read by the execution role, not the task role; and a permission "
                "problem says AccessDeniedException, not invalid parameters.",
                "시크릿은 태스크 역할이 아니라 태스크 실행 역할이 읽습니다. 그리고 권한 문제라면 "
                "invalid parameters가 아니라 AccessDeniedException이라고 나옵니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Cleaning up", "정리하기"),
    question=T(
        "You are done with the cluster you built on AWS: a service behind a load balancer, on "
        "EC2 instances of an Auto Scaling group. What comes first?",
        "AWS에 만든 클러스터를 다 썼습니다: 로드 밸런서 뒤의 서비스가 Auto Scaling 그룹의 "
        "EC2 인스턴스에서 실행 중입니다. 무엇을 먼저 하나요?",
    ),
    choices=(
        Choice(
            T("Delete the cluster", "클러스터 삭제"),
            T(
                "ECS refuses it while services are active or instances are registered, and an "
                "empty cluster costs nothing anyway: the bill is the instances, the load "
                "balancer, NAT gateways and logs.",
                "서비스가 활성 상태이거나 인스턴스가 등록되어 있으면 ECS가 거부합니다. 게다가 빈 "
                "클러스터는 비용이 없습니다. 요금은 인스턴스, 로드 밸런서, NAT 게이트웨이, "
                "로그에서 나옵니다.",
            ),
        ),
        Choice(
            T(
                "Scale the service to 0 and delete it",
                "서비스를 0으로 줄이고 삭제",
            ),
            T(
                "Right: first what runs (services, then standalone tasks), then task definitions, "
                "then the capacity (the Auto Scaling group, which terminates the instances), "
                "then the cluster, then the load balancer and what else bills by the hour.",
                "맞습니다. 먼저 실행 중인 것(서비스, 그다음 단독 태스크), 그다음 태스크 디피니션, "
                "그다음 용량(Auto Scaling 그룹, 인스턴스가 함께 종료됩니다), 그다음 클러스터, "
                "마지막으로 로드 밸런서와 시간 단위로 과금되는 나머지입니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Terminate the instances by hand in the EC2 console",
                "EC2 콘솔에서 인스턴스를 직접 종료",
            ),
            T(
                "The Auto Scaling group launches new ones to keep its desired capacity, and the "
                "service starts its tasks again on them: stop the service and delete the group "
                "instead.",
                "Auto Scaling 그룹이 원하는 용량을 지키려고 새 인스턴스를 띄우고, 서비스가 그 "
                "위에 태스크를 다시 시작합니다. 서비스를 멈추고 그룹을 삭제하세요.",
            ),
        ),
    ),
)
