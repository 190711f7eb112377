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
# - you set **ECS next to Kubernetes**, concept by concept;
# - you walk **the road to production**: the two IAM roles of a task, secrets from Parameter
#   Store, logs, what costs money and how to clean up, and a CloudFormation template of what
#   you built.

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
# - **운영으로 가는 길**을 걷습니다: 태스크의 두 IAM 역할, Parameter Store에서 읽는 시크릿,
#   로그, 비용이 드는 것과 정리하는 순서, 만든 것의 CloudFormation 템플릿.

# %% setup
import json
import tempfile
from pathlib import Path

import boto3

from ecslearn import Simulation
from ecslearn.export import cloudformation, compose, ecs_json, kubernetes
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.lessons.text import T
from ecslearn.views import concepts

ex1, ex2, ex3, ex4, q1, q2, q3 = from_lesson(
    "12-to-real-aws", "ex1", "ex2", "ex3", "ex4", "q1", "q2", "q3"
)
model_of, start_server, stopped_why = from_lesson(
    "12-to-real-aws", "model_of", "start_server", "stopped_why"
)
EXECUTION_ROLE, TASK_ROLE = from_lesson("12-to-real-aws", "EXECUTION_ROLE", "TASK_ROLE")

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
# 클러스터 `checkout`을 만든 다음, ListClusters가 돌려주는 것 (`clusterArns`)을
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
# ## The road to production
#
# What you built runs on AWS with the same calls. Before it serves real users, five things
# need your attention: **who may call what** (two IAM roles per task), **secrets** kept out of
# the task definition, **logs**, **what it costs** and how to take it down, and a **template**
# to build it again.
#
# ### Two roles, two jobs
#
# - The **task role** (`taskRoleArn`) is your application's: the AWS SDK inside the
#   containers finds its credentials, and it says what your code may call (S3, DynamoDB,
#   SQS, ...). Write its policy yourself, as narrow as the code needs.
# - The **task execution role** (`executionRoleArn`) is the agent's (the ECS container agent,
#   or Fargate's): it pulls images from a private ECR repository, sends `awslogs` logs to
#   CloudWatch Logs and reads `secrets` from Parameter Store or Secrets Manager, before and
#   around your code. Its credentials never reach your containers. AWS's managed policy
#   `AmazonECSTaskExecutionRolePolicy` covers ECR and logs; add `ssm:GetParameters` (or
#   `secretsmanager:GetSecretValue`) on your secrets.
#
# Both roles trust `ecs-tasks.amazonaws.com`. (A third one, the container instance role, is
# the EC2 instance profile that lets the agent join the cluster, lesson 13.) ecslearn does not
# simulate IAM: it keeps the ARNs, and applies ECS's own rules about them.
#
# ### Secrets
#
# A password in `environment` is written in the task definition, readable by anyone who may
# call DescribeTaskDefinition. Instead a container lists **`secrets`**: each a `name` (the
# environment variable it gets) and a `valueFrom` (a Parameter Store parameter's name or ARN,
# or a Secrets Manager secret's ARN). The agent reads them with the **execution role** when
# the task starts, so ECS refuses secrets without one:

# %% [markdown] ko
# ## 운영으로 가는 길
#
# 만든 것은 같은 호출로 AWS에서 실행됩니다. 실제 사용자를 받기 전에 다섯 가지를 챙겨야
# 합니다: **누가 무엇을 호출할 수 있는지**(태스크마다 IAM 역할 두 개), 태스크 디피니션
# 밖에 두는 **시크릿**, **로그**, **비용**과 내리는 순서, 그리고 다시 만들 수 있는
# **템플릿**입니다.
#
# ### 두 역할, 두 가지 일
#
# - **태스크 역할**(`taskRoleArn`)은 애플리케이션의 것입니다. 컨테이너 안의 AWS SDK가 그
#   자격 증명을 찾고, 코드가 무엇을 호출할 수 있는지(S3, DynamoDB, SQS 등)를 정합니다.
#   정책은 직접, 코드에 필요한 만큼만 씁니다.
# - **태스크 실행 역할**(`executionRoleArn`)은 에이전트(ECS 컨테이너 에이전트나 Fargate
#   에이전트)의 것입니다. 코드 전후에 비공개 ECR 리포지토리에서 이미지를 받고, `awslogs`
#   로그를 CloudWatch Logs로 보내고, Parameter Store나 Secrets Manager에서 `secrets`를
#   읽습니다. 그 자격 증명은 컨테이너에 닿지 않습니다. AWS 관리형 정책
#   `AmazonECSTaskExecutionRolePolicy`가 ECR과 로그를 다루고, 시크릿에 대한
#   `ssm:GetParameters`(또는 `secretsmanager:GetSecretValue`)를 더합니다.
#
# 두 역할 모두 `ecs-tasks.amazonaws.com`을 신뢰합니다. (세 번째인 컨테이너 인스턴스 역할은
# 에이전트가 클러스터에 합류하게 하는 EC2 인스턴스 프로파일입니다. 레슨 13.) ecslearn은
# IAM을 시뮬레이션하지 않습니다. ARN을 저장하고, 그에 관한 ECS의 규칙을 적용합니다.
#
# ### 시크릿
#
# `environment`에 둔 비밀번호는 태스크 디피니션에 적혀 DescribeTaskDefinition을 호출할 수
# 있는 누구에게나 보입니다. 대신 컨테이너에 **`secrets`**를 적습니다. 각 항목은 `name`
# (컨테이너가 받을 환경 변수)과 `valueFrom`(Parameter Store 파라미터의 이름이나 ARN, 또는
# Secrets Manager 시크릿의 ARN)입니다. 태스크가 시작될 때 에이전트가 **태스크 실행 역할**로
# 읽으므로, 그 역할이 없으면 ECS가 거부합니다:

# %%
prod = Simulation(seed=1)
pecs, ssm = prod.client(), prod.client("ssm")
pecs.create_cluster(clusterName="prod")
prod.launch_instances("prod", count=2, instance_type="t3.small")
api = {
    "name": "api",
    "image": "nginx:1.27",
    "memory": 256,
    "environment": [{"name": "STAGE", "value": "prod"}],
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "/shop/db-password"}],
    "logConfiguration": {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": "/ecs/api",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "api",
            "awslogs-create-group": "true",
        },
    },
}
with ecs_error(LANG):
    pecs.register_task_definition(family="api", containerDefinitions=[api])

# %% [markdown] en
# With both roles the definition registers. The parameter does not exist yet: the task is
# accepted, and stops when its agent cannot read the secret, before any container starts
# (stopCode `TaskFailedToStart`). This is the EC2 agent's reason; on Fargate it reads
# `ResourceInitializationError: unable to pull secrets or registry auth: ... invalid ssm
# parameters: /shop/db-password`.

# %% [markdown] ko
# 두 역할을 주면 등록됩니다. 파라미터는 아직 없습니다. 태스크는 받아들여지지만, 에이전트가
# 시크릿을 읽지 못하면 컨테이너가 하나도 시작되기 전에 멈춥니다(stopCode
# `TaskFailedToStart`). 아래는 EC2 에이전트의 이유이고, Fargate에서는 `ResourceInitializationError:
# unable to pull secrets or registry auth: ... invalid ssm parameters: /shop/db-password`로
# 나옵니다.

# %%
pecs.register_task_definition(
    family="api",
    taskRoleArn=TASK_ROLE,
    executionRoleArn=EXECUTION_ROLE,
    containerDefinitions=[api],
)
early = pecs.run_task(cluster="prod", taskDefinition="api")["tasks"][0]["taskArn"]
prod.advance(30)
print(stopped_why(pecs, "prod", early))

# %% [markdown] en
# Put the parameter (a `SecureString`, encrypted at rest) and start a service: its tasks read
# it, and the container gets it as `DB_PASSWORD`. ECS's API never shows the value;
# `prod.container_environment(...)` looks inside the container, as `docker exec ... env`
# would.

# %% [markdown] ko
# 파라미터를 만들고(저장 시 암호화되는 `SecureString`) 서비스를 시작합니다. 태스크가 그
# 값을 읽고, 컨테이너는 `DB_PASSWORD`로 받습니다. ECS API는 값을 보여 주지 않습니다.
# `prod.container_environment(...)`는 `docker exec ... env`처럼 컨테이너 안을 들여다봅니다.

# %%
ssm.put_parameter(Name="/shop/db-password", Value="correct-horse", Type="SecureString")
pecs.create_service(cluster="prod", serviceName="api", taskDefinition="api", desiredCount=2)
prod.run_until_stable()
[first, *_] = pecs.list_tasks(cluster="prod", serviceName="api")["taskArns"]
environment = prod.container_environment(first, "api")
print({name: environment[name] for name in ("STAGE", "DB_PASSWORD")})
secrets = pecs.describe_task_definition(taskDefinition="api")["taskDefinition"]
print(secrets["containerDefinitions"][0]["secrets"])

# %% [markdown] en
# ## Exercise 4 · A secret from Parameter Store
#
# In the cluster `prod`: create the parameter `/orders/api-key` (a `SecureString`, any value),
# register a task definition `orders` whose container `app` (`nginx:1.27`, 128 MiB) gets it
# as the environment variable `API_KEY`, run one task of it, let the clock run, and keep the
# task's ARN in `task_arn`. The roles' ARNs are in `EXECUTION_ROLE` and `TASK_ROLE`.

# %% [markdown] ko
# ## 연습 4 · Parameter Store에서 읽는 시크릿
#
# 클러스터 `prod`에서: `/orders/api-key` 파라미터(`SecureString`, 값은 아무것이나)를
# 만들고, `app` 컨테이너(`nginx:1.27`, 128 MiB)가 그것을 환경 변수 `API_KEY`로 받는 태스크
# 디피니션 `orders`를 등록하고, 태스크 하나를 실행해 시계를 돌린 다음, 그 태스크의 ARN을
# `task_arn`에 담으세요. 역할의 ARN은 `EXECUTION_ROLE`과 `TASK_ROLE`에 있습니다.

# %% exercise ex4

# %% [markdown] en
# ### Logs
#
# The container `api` logs with the `awslogs` driver. Sending its output to CloudWatch Logs
# is the agent's work: on Fargate the **execution role** needs `logs:CreateLogStream` and
# `logs:PutLogEvents` (RegisterTaskDefinition refuses awslogs on Fargate without an execution
# role), on EC2 the container instance role does it unless you give an execution role. Read
# the lines with `prod.logs(task)` here, `aws logs tail /ecs/api --follow` on AWS, or the
# console's task page; **lesson 14** reads logs, stopped tasks and service events to find
# what went wrong.

# %% [markdown] ko
# ### 로그
#
# `api` 컨테이너는 `awslogs` 드라이버로 로그를 씁니다. 출력을 CloudWatch Logs로 보내는 것은
# 에이전트의 일입니다. Fargate에서는 **태스크 실행 역할**에 `logs:CreateLogStream`과
# `logs:PutLogEvents` 권한이 있어야 하고(태스크 실행 역할 없이 awslogs를 쓰는 Fargate 태스크
# 디피니션은 RegisterTaskDefinition이 거부합니다), EC2에서는 태스크 실행 역할을 주지 않으면
# 컨테이너 인스턴스 역할이 그 일을 합니다. 로그 줄은 여기서는 `prod.logs(task)`로, AWS에서는
# `aws logs tail /ecs/api --follow`나 콘솔의 태스크 페이지에서 읽습니다. **레슨 14**에서는
# 로그, 멈춘 태스크, 서비스 이벤트를 읽어 무엇이 잘못됐는지 찾습니다.

# %%
prod.logs(first)

# %% [markdown] en
# ### A template of what you built
#
# `ecslearn export cloudformation` writes everything in a saved world (or a running
# `ecslearn serve`) as one CloudFormation template: cluster, task definitions (secrets as
# references), services, load balancers, Auto Scaling groups, scaling, log groups. In Python it
# is `cloudformation.template(prod)`:

# %% [markdown] ko
# ### 만든 것의 템플릿
#
# `ecslearn export cloudformation`은 저장한 시뮬레이션(또는 실행 중인 `ecslearn serve`)의
# 모든 것을 CloudFormation 템플릿 하나로 씁니다: 클러스터, 태스크 디피니션(시크릿은 참조로),
# 서비스, 로드 밸런서, Auto Scaling 그룹, 스케일링, 로그 그룹. Python에서는
# `cloudformation.template(prod)`입니다:

# %%
template = cloudformation.template(prod)
for name, resource in template["Resources"].items():
    print(f"{resource['Type']:<28} {name}")
print("Parameters:", ", ".join(template["Parameters"]))
saved = Path(tempfile.mkdtemp()) / "template.yaml"
saved.write_text(cloudformation.to_yaml(template))
print(saved.name, len(saved.read_text().splitlines()), T("lines", "줄")(LANG))

# %% [markdown] en
# On the command line, from a saved world, then into a real account with the AWS CLI
# (`--parameter-overrides` gives the template's parameters, printed above, your account's
# subnets, security groups and role names; the roles' names default to the ones you used):
#
# ```bash
# ecslearn export cloudformation --state world.json -o template.yaml
# aws cloudformation deploy --template-file template.yaml --stack-name shop \
#     --parameter-overrides Subnets=subnet-a,subnet-b SecurityGroups=sg-...
# aws cloudformation delete-stack --stack-name shop   # everything the stack made, in order
# ```
#
# `deploy` creates (or updates) the stack through a change set. The template **refers** to IAM
# roles and creates none, so it needs no `--capabilities`; add IAM roles to it and `deploy`
# wants `--capabilities CAPABILITY_IAM` (`CAPABILITY_NAMED_IAM` when they have names). What the
# template does **not** carry, and must exist first: the IAM roles, the VPC, its subnets and
# security groups, the images in ECR, and the parameters and secrets themselves (only their
# names travel). What ECS writes (tasks, container instances, events) is never in a template.

# %% [markdown] ko
# 명령줄에서는 저장한 시뮬레이션에서 내보낸 다음, AWS CLI로 실제 계정에 올립니다
# (`--parameter-overrides`가 위에 출력된 템플릿 파라미터에 계정의 서브넷, 보안 그룹, 역할
# 이름을 줍니다. 역할 이름의 기본값은 여기서 쓴 이름입니다):
#
# ```bash
# ecslearn export cloudformation --state world.json -o template.yaml
# aws cloudformation deploy --template-file template.yaml --stack-name shop \
#     --parameter-overrides Subnets=subnet-a,subnet-b SecurityGroups=sg-...
# aws cloudformation delete-stack --stack-name shop   # 스택이 만든 것 전부, 순서대로
# ```
#
# `deploy`는 변경 세트로 스택을 만들거나 갱신합니다. 템플릿은 IAM 역할을 **참조**만 하고
# 만들지 않으므로 `--capabilities`가 필요 없습니다. 템플릿에 IAM 역할을 넣으면 `deploy`가
# `--capabilities CAPABILITY_IAM`(이름 있는 역할이면 `CAPABILITY_NAMED_IAM`)을 요구합니다.
# 템플릿에 **담기지 않아** 먼저 있어야 하는 것: IAM 역할, VPC와 서브넷, 보안 그룹, ECR의
# 이미지, 그리고 파라미터와 시크릿 자체(이름만 옮겨 갑니다). ECS가 쓰는 것(태스크, 컨테이너
# 인스턴스, 이벤트)은 템플릿에 들어가지 않습니다.

# %% [markdown] en
# ### What costs money, and cleaning up
#
# On AWS, for what this course built:
#
# - **EC2 container instances**: per second while running (Linux, one-minute minimum), and
#   their EBS volumes per GB-month, whether tasks run on them or not. ECS itself adds no charge.
# - **Fargate**: per second for the vCPU and memory each task asks for, from the image pull
#   until the task stops (one-minute minimum); Fargate Spot costs less.
# - **Load balancers**: per hour while they exist, plus capacity units for traffic.
# - **NAT gateways**: per hour plus per GB through them; **public IPv4 addresses** per hour.
# - **CloudWatch Logs**: per GB ingested and per GB-month stored (set a retention);
#   **ECR**: per GB-month of images.
#
# Prices differ by region and change: read them on each service's pricing page and in the
# **AWS Pricing Calculator** (calculator.aws), watch **Cost Explorer** in the Billing console,
# and set an **AWS Budgets** alert before you start.
#
# Cleaning up goes from what runs to what holds it: **services** (scale to 0, then delete),
# standalone **tasks**, **task definitions** (deregister), the **capacity** (Auto Scaling
# groups and capacity providers, or the instances), the **cluster**, then the **load
# balancer** and target groups, NAT gateways and Elastic IPs, log groups, ECR repositories and
# parameters. ECS refuses to delete a cluster that still has instances:

# %% [markdown] ko
# ### 비용이 드는 것, 그리고 정리
#
# 이 과정에서 만든 것 가운데 AWS에서 비용이 드는 것:
#
# - **EC2 컨테이너 인스턴스**: 실행 중인 동안 초 단위(Linux, 최소 1분), 그리고 EBS 볼륨이
#   GB-월 단위로, 태스크가 있든 없든 과금됩니다. ECS 자체의 추가 요금은 없습니다.
# - **Fargate**: 태스크가 요청한 vCPU와 메모리에 대해 이미지를 받기 시작할 때부터 태스크가
#   멈출 때까지 초 단위(최소 1분). Fargate Spot은 더 쌉니다.
# - **로드 밸런서**: 있는 동안 시간 단위, 그리고 트래픽에 따른 용량 단위.
# - **NAT 게이트웨이**: 시간 단위 + 지나간 GB 단위. **퍼블릭 IPv4 주소**도 시간 단위.
# - **CloudWatch Logs**: 수집 GB와 저장 GB-월 단위(보존 기간을 정하세요). **ECR**: 이미지
#   GB-월 단위.
#
# 가격은 리전마다 다르고 바뀝니다. 각 서비스의 요금 페이지와 **AWS Pricing Calculator**
# (calculator.aws)에서 확인하고, Billing 콘솔의 **Cost Explorer**를 보고, 시작하기 전에
# **AWS Budgets** 알림을 걸어 두세요.
#
# 정리는 실행 중인 것에서 그것을 받치는 것 순서입니다: **서비스**(0으로 줄인 뒤 삭제), 단독
# **태스크**, **태스크 디피니션**(등록 해제), **용량**(Auto Scaling 그룹과 용량 공급자, 또는
# 인스턴스), **클러스터**, 그다음 **로드 밸런서**와 대상 그룹, NAT 게이트웨이와 Elastic IP,
# 로그 그룹, ECR 리포지토리, 파라미터. 인스턴스가 남은 클러스터는 ECS가 삭제를 거부합니다:

# %%
pecs.update_service(cluster="prod", service="api", desiredCount=0)
pecs.delete_service(cluster="prod", service="api")
for arn in pecs.list_tasks(cluster="prod")["taskArns"]:
    pecs.stop_task(cluster="prod", task=arn)
for arn in pecs.list_task_definitions()["taskDefinitionArns"]:
    pecs.deregister_task_definition(taskDefinition=arn)
prod.run_until_stable()
with ecs_error(LANG):
    pecs.delete_cluster(cluster="prod")

# %%
for arn in pecs.list_container_instances(cluster="prod")["containerInstanceArns"]:
    prod.terminate_instance(arn)
prod.run_until_stable()
pecs.delete_cluster(cluster="prod")["cluster"]["status"]

# %% [markdown] en
# ## Quiz

# %% [markdown] ko
# ## 퀴즈

# %% quiz q1

# %% quiz q2

# %% quiz q3

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
# - The task role is your code's, the task execution role the agent's (images, awslogs,
#   secrets). `secrets` keep values out of the task definition; a missing parameter stops the
#   task with TaskFailedToStart before any container runs.
# - Instances or Fargate bill per second, load balancers and NAT gateways per hour, logs per
#   GB: clean up from services down to the cluster and the load balancer.
#   `ecslearn export cloudformation` gives a template to build it all again.
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
# - 태스크 역할은 코드의 것이고, 태스크 실행 역할은 에이전트의 것입니다(이미지, awslogs,
#   시크릿). `secrets`는 값을 태스크 디피니션 밖에 둡니다. 파라미터가 없으면 태스크는
#   컨테이너가 실행되기 전에 TaskFailedToStart로 멈춥니다.
# - 인스턴스와 Fargate는 초 단위, 로드 밸런서와 NAT 게이트웨이는 시간 단위, 로그는 GB
#   단위로 과금됩니다. 서비스부터 클러스터, 로드 밸런서까지 정리하세요.
#   `ecslearn export cloudformation`이 모두 다시 만들 템플릿을 줍니다.
# - 다음, 그리고 마지막: **Fargate와 용량 공급자**. 인스턴스가 Auto Scaling 그룹에서
#   오거나, 눈에 보이는 인스턴스가 아예 없는 경우입니다.
