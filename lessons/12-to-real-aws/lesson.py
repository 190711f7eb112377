# Lesson 12 · To real AWS: the source of notebooks/{en,ko}/12-to-real-aws.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 12 · To real AWS
#
# Everything so far used `sim.client()`, a boto3 client wired to a simulation inside the
# notebook. In this lesson (about 25 minutes):
#
# - you start **`ecslearn serve`**, an HTTP server that speaks ECS's own JSON protocol,
#   and drive it with a **stock boto3 client**, waiters included: the code you would run
#   against real ECS, where only the endpoint and the credentials differ;
# - you **export** what you built: ECS JSON for the AWS CLI, a Docker Compose file, and
#   Kubernetes manifests;
# - you set **ECS next to Kubernetes**, concept by concept.

# %% [markdown] ko
# # 12 · 실제 AWS로
#
# 지금까지는 `sim.client()`, 즉 노트북 안의 시뮬레이션에 연결된 boto3 클라이언트를
# 썼습니다. 이번 레슨 (약 25분)에서는:
#
# - ECS 고유의 JSON 프로토콜로 말하는 HTTP 서버 **`ecslearn serve`**를 시작하고,
#   **평범한 boto3 클라이언트** (waiter 포함)로 다룹니다: 실제 ECS에 실행할 바로 그
#   코드이고, 다른 것은 엔드포인트와 자격 증명뿐입니다.
# - 만든 것을 **내보냅니다**: AWS CLI 용 ECS JSON, Docker Compose 파일, 쿠버네티스
#   매니페스트.
# - **ECS와 쿠버네티스를** 개념별로 나란히 놓습니다.

# %% setup
import json
import tempfile
from pathlib import Path

import boto3

from ecslearn import Simulation
from ecslearn.export import compose, ecs_json, kubernetes
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.lessons.text import T
from ecslearn.views import concepts

ex1, ex2, ex3, model_of, start_server = from_lesson(
    "12-to-real-aws", "ex1", "ex2", "ex3", "model_of", "start_server"
)

LANG = "en"

# %% [markdown] en
# ## A world, then a server
#
# Build a small world in the notebook as before (a cluster `shop` with three container
# instances), save it to a file, and start `ecslearn serve` on it as a separate process:
# `--port 0` picks a free port on 127.0.0.1, `--speed 60` makes one wall second a
# simulated minute, so tasks start and services settle while a waiter polls.

# %% [markdown] ko
# ## 시뮬레이션 상태를 만들어 서버로
#
# 예전처럼 노트북에서 작은 시뮬레이션(컨테이너 인스턴스 세 대가 있는 클러스터 `shop`)을
# 만들고, 파일로 저장한 다음, 그 위에 `ecslearn serve`를 별도 프로세스로 시작합니다:
# `--port 0`은 127.0.0.1의 빈 포트를 고르고, `--speed 60`은 실제 1초를 시뮬레이션
# 1분으로 만들어서, waiter가 기다리는 동안 태스크가 시작되고 서비스가 안정됩니다.

# %%
world = Simulation(seed=0)
world.client().create_cluster(clusterName="shop")
world.launch_instances("shop", count=3, instance_type="t3.small")
state = Path(tempfile.mkdtemp()) / "world.json"
world.save(state)
server = start_server("--state", str(state), speed=60)
url = server.url
print(server.log.splitlines()[0])

# %% [markdown] en
# ## Stock boto3, pointed at the server
#
# This is a plain `boto3.client("ecs", ...)`, the same library you would use against AWS.
# `endpoint_url` sends its calls to the server; the server does not check signatures, so
# any credentials work.

# %% [markdown] ko
# ## 평범한 boto3을 서버로
#
# 이것은 AWS에 쓸 바로 그 라이브러리의 평범한 `boto3.client("ecs", ...)`입니다.
# `endpoint_url`이 호출을 서버로 보냅니다. 서버는 서명을 검사하지 않으므로 어떤
# 자격 증명이든 됩니다.

# %%
aws = boto3.client(
    "ecs",
    endpoint_url=url,
    region_name="us-east-1",
    aws_access_key_id="x",
    aws_secret_access_key="x",
)
simulated_vs_real(
    LANG,
    simulated=("instances", "containers"),
    real=("boto3", "json", "rules"),
    extra=(
        (
            "simulated",
            T(
                "the ECS control plane: API and scheduler, in the `ecslearn serve` process",
                "ECS 컨트롤 플레인: API와 스케줄러, `ecslearn serve` 프로세스 안에서",
            ),
        ),
        (
            "real",
            T(
                "HTTP: the ECS JSON protocol (X-Amz-Target, application/x-amz-json-1.1)",
                "HTTP: ECS JSON 프로토콜 (X-Amz-Target, application/x-amz-json-1.1)",
            ),
        ),
        ("simulated", T("time: 60 simulated seconds per wall second", "시간: 실제 1초에 60초")),
    ),
)

# %%
aws.list_container_instances(cluster="shop")["containerInstanceArns"]

# %% [markdown] en
# ## A service's life, with a waiter
#
# Register a task definition, create a service of the replica type with three tasks, and
# let boto3's own **waiter** `services_stable` poll DescribeServices until the service has
# reached a steady state, exactly as it would against AWS.

# %% [markdown] ko
# ## 서비스의 일생, waiter와 함께
#
# 태스크 디피니션을 등록하고, 태스크 세 개의 리플리카 타입 서비스를 만들고, boto3의
# **waiter** `services_stable`이 서비스가 안정 상태에 이를 때까지 DescribeServices를
# 반복 호출하게 합니다. AWS에서와 똑같습니다.

# %%
aws.register_task_definition(
    family="web",
    containerDefinitions=[
        {
            "name": "web",
            "image": "nginx:1.27",
            "memory": 256,
            "portMappings": [{"containerPort": 80}],
        }
    ],
)
aws.create_service(cluster="shop", serviceName="web", taskDefinition="web", desiredCount=3)
aws.get_waiter("services_stable").wait(
    cluster="shop", services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 30}
)
web = aws.describe_services(cluster="shop", services=["web"])["services"][0]
running = T(
    f"running {web['runningCount']} of {web['desiredCount']}",
    f"{web['desiredCount']}개 중 {web['runningCount']}개 실행 중",
)
print(web["status"], running(LANG))
for event in reversed(web["events"][:3]):
    print("-", event["message"])

# %% [markdown] en
# A service of the **daemon type** runs one task on each container instance; it takes no
# `desiredCount`. Giving it one is refused, over HTTP as in AWS, with the same error:

# %% [markdown] ko
# **데몬 타입** 서비스는 컨테이너 인스턴스마다 태스크 하나를 실행하며 `desiredCount`를
# 받지 않습니다. 주면 AWS에서처럼 HTTP로도 같은 오류로 거부됩니다:

# %%
aws.register_task_definition(
    family="collector",
    containerDefinitions=[{"name": "collector", "image": "fluent/fluent-bit:3.0", "memory": 64}],
)
with ecs_error(LANG):
    aws.create_service(
        cluster="shop",
        serviceName="collector",
        taskDefinition="collector",
        schedulingStrategy="DAEMON",
        desiredCount=3,
    )

# %%
aws.create_service(
    cluster="shop", serviceName="collector", taskDefinition="collector", schedulingStrategy="DAEMON"
)
aws.get_waiter("services_stable").wait(
    cluster="shop", services=["collector"], WaiterConfig={"Delay": 1, "MaxAttempts": 30}
)
collector = aws.describe_services(cluster="shop", services=["collector"])["services"][0]
count = collector["runningCount"]
running = T(f"running {count} (one per instance)", f"{count}개 실행 중(인스턴스마다 하나)")
print(collector["schedulingStrategy"], running(LANG))

# %% [markdown] en
# ## Exercise 1 · The same boto3, another endpoint
#
# Make your own boto3 ECS client `remote` pointed at the server (`url`), create the cluster
# `checkout` with it, and keep in `clusters` what ListClusters answers (its
# `clusterArns`).

# %% [markdown] ko
# ## 연습 1 · 같은 boto3, 다른 엔드포인트
#
# 서버 (`url`)를 가리키는 boto3 ECS 클라이언트 `remote`를 직접 만들고, 그것으로
# 클러스터 `checkout`를 만든 다음, ListClusters가 돌려주는 것 (`clusterArns`)을
# `clusters`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## What changes against real ECS
#
# Only two things in the code: no `endpoint_url`, and real credentials, which boto3 finds
# by itself (`aws configure`, environment variables, or the IAM role of the machine):
#
# ```python
# aws = boto3.client("ecs", region_name="us-east-1")
# ```
#
# Around the code, real ECS adds what a laptop cannot: **IAM** decides who may call what
# (and which roles tasks get), a **VPC** with subnets and security groups carries the
# network, **CloudWatch** keeps logs and metrics, and **EC2** instances must be launched
# (with the ECS-optimized AMI and `ECS_CLUSTER=shop`) before any task can run. And they
# cost money: delete services and terminate instances when you are done.

# %% [markdown] ko
# ## 실제 ECS에서 바뀌는 것
#
# 코드에서는 두 가지뿐입니다: `endpoint_url`이 없고, 실제 자격 증명을 쓰는데 boto3이
# 스스로 찾습니다 (`aws configure`, 환경 변수, 또는 머신의 IAM 역할):
#
# ```python
# aws = boto3.client("ecs", region_name="us-east-1")
# ```
#
# 코드 밖에서 실제 ECS는 노트북이 할 수 없는 것을 더합니다: **IAM**이 누가 무엇을
# 호출할 수 있는지 (그리고 태스크가 받을 역할)를 정하고, 서브넷과 보안 그룹이 있는
# **VPC**가 네트워크를 맡고, **CloudWatch**가 로그와 지표를 보관하며, 태스크를
# 실행하기 전에 **EC2** 인스턴스를 (ECS 최적화 AMI와 `ECS_CLUSTER=shop`으로) 띄워야
# 합니다. 그리고 비용이 듭니다: 끝나면 서비스를 지우고 인스턴스를 종료하세요.

# %% [markdown] en
# ## Export 1 · ECS JSON for the AWS CLI
#
# `ecs_json` turns a task definition or a service into the request that recreates it in a
# real account: `aws ecs create-service --cli-input-json file://web-service.json`. Counts,
# events and ARNs are the scheduler's, so they are left out.

# %% [markdown] ko
# ## 내보내기 1 · AWS CLI 용 ECS JSON
#
# `ecs_json`은 태스크 디피니션이나 서비스를 실제 계정에서 다시 만드는 요청으로
# 바꿉니다: `aws ecs create-service --cli-input-json file://web-service.json`. 개수,
# 이벤트, ARN은 스케줄러의 것이므로 빠집니다.

# %%
td, svc = model_of(aws, "shop", "web")
print(json.dumps(ecs_json.task_definition(td), indent=2))
print(json.dumps(ecs_json.service(svc), indent=2))

# %% [markdown] en
# ## Export 2 · Docker Compose
#
# One task on one Docker host: each container becomes a Compose service (`memory` is
# `mem_limit`; what Compose has no word for stays under `x-ecs`).

# %% [markdown] ko
# ## 내보내기 2 · Docker Compose
#
# 한 Docker 호스트의 태스크 하나: 각 컨테이너가 Compose 서비스가 됩니다 (`memory`는
# `mem_limit`; Compose에 없는 것은 `x-ecs` 아래에 남습니다).

# %%
print(compose.from_task_definition_yaml(td))

# %% [markdown] en
# ## Export 3 · Kubernetes, and ECS next to Kubernetes
#
# The two systems have the same ideas under other names. The map pairs them; note the one
# learners get wrong: an ECS cluster is a Kubernetes **cluster**, not a node.
#
# | ECS | Kubernetes |
# |---|---|
# | cluster | cluster |
# | container instance (+ ECS agent) | node (+ kubelet) |
# | task | Pod |
# | task definition | Pod spec (the Pod template) |
# | service, REPLICA type | Deployment |
# | service, DAEMON type | DaemonSet |
# | ECR | a container registry |

# %% [markdown] ko
# ## 내보내기 3 · 쿠버네티스, 그리고 ECS와 쿠버네티스
#
# 두 시스템은 같은 생각을 다른 이름으로 부릅니다. 지도가 둘을 짝지어 줍니다. 많이
# 틀리는 하나에 주의하세요: ECS 클러스터는 쿠버네티스 노드가 아니라 **클러스터**입니다.
#
# | ECS | 쿠버네티스 |
# |---|---|
# | 클러스터 | 클러스터 (cluster) |
# | 컨테이너 인스턴스 (+ ECS 에이전트) | 노드 (+ kubelet) |
# | 태스크 | Pod |
# | 태스크 디피니션 | Pod spec (Pod 템플릿) |
# | 서비스, 리플리카 타입 | Deployment |
# | 서비스, 데몬 타입 | DaemonSet |
# | ECR | 컨테이너 레지스트리 |

# %%
concepts.ecs_vs_kubernetes(LANG)

# %% [markdown] en
# The service `web` (REPLICA, three tasks) becomes a **Deployment** with `replicas: 3`, and
# its port a ClusterIP **Service**. The rolling-update numbers come from the service's
# minimum healthy and maximum percent.

# %% [markdown] ko
# 서비스 `web` (리플리카 타입, 태스크 세 개)은 `replicas: 3`인 **Deployment**가 되고,
# 포트는 ClusterIP **Service**가 됩니다. 롤링 업데이트 수치는 서비스의 최소 정상
# 비율과 최대 비율에서 옵니다.

# %%
print(kubernetes.to_yaml(kubernetes.manifests(td, service=svc)))

# %% [markdown] en
# ## Exercise 2 · A DAEMON service in Kubernetes
#
# Export the service `collector` of the cluster `shop` (read it from the server with
# `model_of(aws, "shop", "collector")`) to Kubernetes, and keep its workload manifest (the
# first document) in `workload`.

# %% [markdown] ko
# ## 연습 2 · 데몬 타입 서비스를 쿠버네티스로
#
# 클러스터 `shop`의 서비스 `collector`를 (서버에서 `model_of(aws, "shop",
# "collector")` 로 읽어서) 쿠버네티스로 내보내고, 워크로드 매니페스트 (첫 문서)를
# `workload`에 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · DAEMON in Kubernetes' words
#
# Without looking back: which Kubernetes object matches a service of the **DAEMON** type?
# Keep its name in `daemon_equivalent`.

# %% [markdown] ko
# ## 연습 3 · 쿠버네티스 말로 데몬 타입
#
# 위를 보지 말고: **데몬 타입** 서비스에 해당하는 쿠버네티스 객체는 무엇일까요?
# 그 이름을 `daemon_equivalent`에 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## Stop the server
#
# Delete the services (a DAEMON service needs no scale-down first), then stop the
# server: it saves its world and says where.

# %% [markdown] ko
# ## 서버 멈추기
#
# 서비스를 지우고 (데몬 타입 서비스는 먼저 줄일 필요가 없습니다), 서버를 멈춥니다:
# 서버는 시뮬레이션 상태를 저장하고 어디에 저장했는지 알려 줍니다.

# %%
aws.update_service(cluster="shop", service="web", desiredCount=0)
for name in ("web", "collector"):
    aws.delete_service(cluster="shop", service=name)
aws.get_waiter("services_inactive").wait(
    cluster="shop", services=["web", "collector"], WaiterConfig={"Delay": 1, "MaxAttempts": 30}
)
print(T("exit status:", "종료 상태:")(LANG), server.stop())
print(server.log.splitlines()[-1])

# %% [markdown] en
# ## Summary
#
# - `ecslearn serve` speaks ECS's JSON protocol: stock boto3 (and the AWS CLI), waiters
#   included, run unchanged. Against AWS only the endpoint and the credentials change;
#   IAM, VPC networking, CloudWatch and the EC2 bill are real ECS's.
# - `ecslearn.export` (or `ecslearn export` on the command line) turns what you built into
#   ECS JSON for the AWS CLI, a Docker Compose file, or Kubernetes manifests.
# - cluster ↔ cluster, container instance ↔ node, task ↔ Pod, task definition ↔ Pod spec,
#   REPLICA ↔ Deployment, DAEMON ↔ DaemonSet.
# - Next, and last: **Fargate and capacity providers**, where the instances come from an
#   Auto Scaling group, or from no instance you can see at all.

# %% [markdown] ko
# ## 정리
#
# - `ecslearn serve`는 ECS의 JSON 프로토콜로 말합니다: 평범한 boto3 (와 AWS CLI)이
#   waiter까지 그대로 동작합니다. AWS에서는 엔드포인트와 자격 증명만 바뀌고, IAM, VPC
#   네트워킹, CloudWatch, EC2 요금은 실제 ECS의 몫입니다.
# - `ecslearn.export` (명령줄에서는 `ecslearn export`)는 만든 것을 AWS CLI 용 ECS
#   JSON, Docker Compose 파일, 쿠버네티스 매니페스트로 바꿉니다.
# - 클러스터 ↔ 클러스터, 컨테이너 인스턴스 ↔ 노드, 태스크 ↔ Pod, 태스크 디피니션 ↔ Pod
#   spec, 리플리카 타입 ↔ Deployment, 데몬 타입 ↔ DaemonSet.
# - 다음, 그리고 마지막: **Fargate와 용량 공급자**. 인스턴스가 Auto Scaling 그룹에서
#   오거나, 눈에 보이는 인스턴스가 아예 없는 경우입니다.
