# Lesson 4 · Task definitions: the source of notebooks/{en,ko}/04-task-definitions.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 4 · Task definitions
#
# A **task definition** is the blueprint of a task: a JSON document that says which
# containers to run and how. ECS never runs anything that is not described in one. It
# says, for the whole task:
#
# - the **family** (its name) and the **network mode** (`bridge`, `host`, `awsvpc`, `none`),
# - two IAM **roles**: `taskRoleArn` and `executionRoleArn`,
#
# and for each container: the **image**, the **command**, **CPU and memory limits**,
# **ports**, whether it is **essential**, its **health check**, and what it **depends on**.
#
# A task definition is never edited: registering it again makes a new **revision**
# (`cart:1`, `cart:2`, ...). About 25 minutes.

# %% [markdown] ko
# # 4 · 태스크 디피니션
#
# **태스크 디피니션**(task definition)은 태스크의 설계도입니다. 어떤 컨테이너를
# 어떻게 실행할지 적은 JSON 문서입니다. ECS는 태스크 디피니션에 적히지 않은 것은
# 실행하지 않습니다. 태스크 전체에 대해서는:
#
# - **패밀리** (family, 이름)와 **네트워크 모드** (`bridge`, `host`, `awsvpc`, `none`),
# - IAM **역할** 두 개: `taskRoleArn`과 `executionRoleArn`,
#
# 각 컨테이너에 대해서는 **이미지**, **명령**(command), **CPU와 메모리 한도**,
# **포트**, **필수** 여부, **헬스 체크**, 그리고 무엇에 **의존** 하는지
# (dependsOn)을 적습니다.
#
# 태스크 디피니션은 수정하지 않습니다. 다시 등록하면 새 **리비전**(revision)이
# 생깁니다 (`cart:1`, `cart:2`, ...). 약 25분.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views.cluster import cluster_picture, snapshot
from ecslearn.views.task_definition import task_definition_picture

ex1, ex2 = from_lesson("04-task-definitions", "ex1", "ex2")
q1, q2, q3 = from_lesson("04-task-definitions", "q1", "q2", "q3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ecs.create_cluster(clusterName="shop")
sim.launch_instances("shop", count=2, instance_type="t3.small")
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock"))

# %% [markdown] en
# ## A complete definition
#
# Here is a definition with every field this lesson is about:
#
# - `networkMode`: how containers reach the network; `bridge` (the Linux default) puts the
#   containers on Docker's built-in virtual network inside the instance, reached from
#   outside through host ports (lesson 10).
# - `taskRoleArn`: the IAM role **your application code** uses to call AWS (read S3,
#   write DynamoDB).
# - `executionRoleArn`: the IAM role **the ECS agent** uses on the task's behalf: pull
#   private ECR images, send logs, read secrets.
# - `image`, `command`: what Docker runs, the image and its arguments (one per item).
# - `cpu`: CPU units (1024 = 1 vCPU); a *weight* when the host is busy, not a cap.
# - `memory`: the **hard** limit in MiB; above it the container is killed.
# - `memoryReservation`: the **soft** limit, what the scheduler reserves on the
#   instance; the container may use more, up to `memory`.
# - `portMappings`: the `containerPort` the app listens on; `hostPort` 0 (in bridge
#   mode) asks for a dynamic port on the host.
# - `healthCheck`: a command run inside the container; exit code 0 = healthy.

# %% [markdown] ko
# ## 완전한 태스크 디피니션
#
# 이번 레슨에서 다루는 필드가 모두 들어간 태스크 디피니션입니다:
#
# - `networkMode`: 컨테이너가 네트워크에 닿는 방식. `bridge`(Linux 기본값)는
#   컨테이너를 인스턴스 안의 Docker 기본 가상 네트워크에 두고, 밖에서는 호스트 포트로
#   접근합니다(레슨 10).
# - `taskRoleArn`: **애플리케이션 코드**가 AWS를 호출할 때 쓰는 IAM 역할
#   (S3 읽기, DynamoDB 쓰기).
# - `executionRoleArn`: **ECS 에이전트**가 태스크 대신 쓰는 IAM 역할: 비공개
#   ECR 이미지 받기, 로그 보내기, 시크릿 읽기.
# - `image`, `command`: Docker가 실행하는 것, 이미지와 인자 (항목 하나에 인자 하나).
# - `cpu`: CPU 유닛 (1024 = vCPU 1개). 호스트가 바쁠 때의 *가중치* 이며 상한이
#   아닙니다.
# - `memory`: MiB 단위 **하드** 한도. 넘으면 컨테이너가 강제 종료됩니다.
# - `memoryReservation`: **소프트** 한도, 스케줄러가 인스턴스에 예약하는 양.
#   컨테이너는 `memory`까지 더 쓸 수 있습니다.
# - `portMappings`: 앱이 받는 `containerPort`. `hostPort` 0 (bridge 모드)은
#   호스트의 동적 포트를 뜻합니다.
# - `healthCheck`: 컨테이너 안에서 실행하는 명령. 종료 코드 0 = 정상.

# %%
answer = ecs.register_task_definition(
    family="shop-api",
    networkMode="bridge",
    taskRoleArn="arn:aws:iam::123456789012:role/shop-api",
    executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    containerDefinitions=[
        {
            "name": "api",
            "image": "shop/api:1.0",
            "command": ["gunicorn", "app:server", "--bind", "0.0.0.0:8000"],
            "cpu": 256,
            "memory": 512,
            "memoryReservation": 256,
            "portMappings": [{"containerPort": 8000, "hostPort": 0}],
            "healthCheck": {
                "command": ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"],
                "interval": 10,
                "retries": 3,
            },
        }
    ],
)
api_v1 = answer["taskDefinition"]
print(api_v1["taskDefinitionArn"], api_v1["status"])
[attribute["name"] for attribute in api_v1["requiresAttributes"]]

# %% [markdown] en
# ECS answered with revision 1 and, in `requiresAttributes`, what an instance's agent
# must support to run it (task IAM roles, health checks, ...): deduced from the fields.
#
# Run one task of it in the cluster `shop` (two t3.small instances). The instance's
# memory goes down by the **reservation** (256 MiB), not by the hard limit, and port 8000
# is bound to a dynamic host port.

# %% [markdown] ko
# ECS는 리비전 1로 답했고, `requiresAttributes`에는 이것을 실행하려면 인스턴스의
# 에이전트가 지원해야 하는 것 (태스크 IAM 역할, 헬스 체크 등)이 있습니다. 필드에서
# 추론한 것입니다.
#
# `shop` 클러스터 (t3.small 인스턴스 두 대)에서 태스크 하나를 실행해 보세요.
# 인스턴스의 메모리는 하드 한도가 아니라 **예약량** (256 MiB)만큼 줄고, 8000
# 포트는 동적 호스트 포트에 연결됩니다.

# %%
api_task = ecs.run_task(cluster="shop", taskDefinition="shop-api")["tasks"][0]
sim.run_until_stable()
api_task = ecs.describe_tasks(cluster="shop", tasks=[api_task["taskArn"]])["tasks"][0]
host = ecs.describe_container_instances(
    cluster="shop", containerInstances=[api_task["containerInstanceArn"]]
)["containerInstances"][0]
memory = {
    which: next(r["integerValue"] for r in host[which] if r["name"] == "MEMORY")
    for which in ("registeredResources", "remainingResources")
}
reserved = memory["registeredResources"] - memory["remainingResources"]
print(T("memory reserved on the instance:", "인스턴스에 예약된 메모리:")(LANG), reserved, "MiB")
print(T("port bindings:", "포트 바인딩:")(LANG), api_task["containers"][0]["networkBindings"])

# %% [markdown] en
# ## Exercise 1 · Limits, a port, a health check
#
# Register a task definition `cart` with one container `cart`: image `shop/cart:1.4`,
# **256** CPU units, a **hard** memory limit of 512 MiB and a **soft** limit of 256 MiB,
# listening on port **8080** with a *dynamic* host port, and a health check running
# `curl -f http://localhost:8080/health || exit 1` in a shell. Keep the registered task
# definition (`answer["taskDefinition"]`) in `cart`.

# %% [markdown] ko
# ## 연습 1 · 한도, 포트, 헬스 체크
#
# 컨테이너 `cart` 하나로 태스크 디피니션 `cart`를 등록하세요: 이미지
# `shop/cart:1.4`, CPU **256** 유닛, **하드** 메모리 한도 512 MiB, **소프트** 한도
# 256 MiB, **8080** 포트에서 받고 호스트 포트는 *동적*, 그리고 셸에서
# `curl -f http://localhost:8080/health || exit 1`을 실행하는 헬스 체크. 등록된
# 태스크 디피니션 (`answer["taskDefinition"]`)을 `cart`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## dependsOn: the order containers start in
#
# A container can wait for another. Each `dependsOn` entry names a container and a
# condition:
#
# | condition | the dependent starts once the other container... |
# |---|---|
# | `START` | has started |
# | `COMPLETE` | has exited, with any code (it must not be essential) |
# | `SUCCESS` | has exited with code 0 (it must not be essential) |
# | `HEALTHY` | passes its health check (it needs a `healthCheck`) |
#
# Here `api` waits for a non-essential `migrate` container (a database migration that
# runs for 3 seconds) to exit successfully. The picture shows each container (★ =
# essential, dashed = not essential), the dependency arrows with their conditions, and the
# start and stop order the agent follows.

# %% [markdown] ko
# ## dependsOn: 컨테이너가 시작하는 순서
#
# 컨테이너는 다른 컨테이너를 기다릴 수 있습니다. `dependsOn` 항목마다 컨테이너와
# 조건을 적습니다:
#
# | 조건 | 의존하는 컨테이너가 시작하는 때: 다른 컨테이너가... |
# |---|---|
# | `START` | 시작했을 때 |
# | `COMPLETE` | 종료했을 때, 종료 코드 무관 (필수가 아니어야 함) |
# | `SUCCESS` | 코드 0으로 종료했을 때 (필수가 아니어야 함) |
# | `HEALTHY` | 헬스 체크를 통과할 때 (`healthCheck`가 필요) |
#
# 여기서 `api`는 필수가 아닌 `migrate` 컨테이너 (3초 동안 실행되는 DB
# 마이그레이션) 가 성공적으로 종료하기를 기다립니다. 그림은 각 컨테이너
# (★ = 필수, 점선 = 필수 아님), 조건이 적힌 의존 화살표, 에이전트가
# 따르는 시작 순서와 중지 순서를 보여 줍니다.

# %%
migrating = ecs.register_task_definition(
    family="shop-api-migrate",
    containerDefinitions=[
        {
            "name": "migrate",
            "image": "shop/api:1.0",
            "command": ["flask", "db", "upgrade"],
            "memory": 128,
            "essential": False,
            "dockerLabels": {"ecslearn.exit-after": "3"},
        },
        {
            "name": "api",
            "image": "shop/api:1.0",
            "memory": 256,
            "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}],
        },
    ],
)["taskDefinition"]
task_definition_picture(TaskDefinition.from_json(migrating), LANG)

# %% [markdown] en
# Step through one task of it: `api` stays PENDING until `migrate` has exited with 0.

# %% [markdown] ko
# 태스크 하나를 한 단계씩 따라가 보세요: `migrate`가 0으로 종료할 때까지 `api`는
# PENDING에 머뭅니다.

# %%
arn = ecs.run_task(cluster="shop", taskDefinition="shop-api-migrate")["tasks"][0]["taskArn"]
status = "PENDING"
while status != "RUNNING":
    sim.step()
    task = ecs.describe_tasks(cluster="shop", tasks=[arn])["tasks"][0]
    status = task["lastStatus"]
    containers = ", ".join(
        f"{c['name']}={c['lastStatus']}" + (f"(exit {c['exitCode']})" if "exitCode" in c else "")
        for c in task["containers"]
    )
    print(f"t={sim.now:5.1f}s  {T('task', '태스크')(LANG)} {status:8} {containers}")

# %% [markdown] en
# ## What ECS refuses
#
# RegisterTaskDefinition checks the document. HEALTHY needs a health check on the
# container waited for; and on EC2 every container needs `memory` or
# `memoryReservation` (or the task a `memory`), or the scheduler could not know what to
# reserve.

# %% [markdown] ko
# ## ECS가 거부하는 것
#
# RegisterTaskDefinition은 문서를 검사합니다. HEALTHY는 기다리는 컨테이너에 헬스
# 체크가 있어야 합니다. 그리고 EC2에서는 모든 컨테이너에 `memory`나
# `memoryReservation`이 (또는 태스크에 `memory`가) 있어야 합니다. 그렇지 않으면
# 스케줄러가 무엇을 예약할지 알 수 없습니다.

# %%
with ecs_error(LANG):
    ecs.register_task_definition(
        family="broken",
        containerDefinitions=[
            {"name": "db", "image": "postgres:16", "memory": 512},
            {
                "name": "app",
                "image": "ghost:5",
                "memory": 256,
                "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
            },
        ],
    )

# %%
with ecs_error(LANG):
    ecs.register_task_definition(
        family="broken", containerDefinitions=[{"name": "app", "image": "ghost:5"}]
    )

# %% [markdown] en
# ## Exercise 2 · The app waits for its database
#
# Register a task definition `blog` with two containers:
#
# - `db`: image `postgres:16`, 512 MiB, with a health check running
#   `pg_isready -U postgres` in a shell;
# - `app`: image `ghost:5`, 256 MiB, port 2368, which must not start before `db` is
#   **ready to accept connections**.
#
# Keep the registered task definition in `blog`. (Displaying
# `TaskDefinition.from_json(blog)` draws your definition.)

# %% [markdown] ko
# ## 연습 2 · 앱이 데이터베이스를 기다리게
#
# 컨테이너 두 개로 태스크 디피니션 `blog`를 등록하세요:
#
# - `db`: 이미지 `postgres:16`, 512 MiB, 셸에서 `pg_isready -U postgres`를 실행하는
#   헬스 체크;
# - `app`: 이미지 `ghost:5`, 256 MiB, 포트 2368. `db`가 **접속을 받을 준비가
#   되기** 전에는 시작하면 안 됩니다.
#
# 등록된 태스크 디피니션을 `blog`에 담으세요. (`TaskDefinition.from_json(blog)`를
# 표시하면 그림이 그려집니다.)

# %% exercise ex2

# %% [markdown] en
# ## Revisions
#
# A new image means a new revision: register the family again. The bare family name
# (`shop-api`) now means the latest ACTIVE revision, `shop-api:2`. Deregistering
# `shop-api:1` makes it INACTIVE: RunTask and CreateService can no longer use it (nor
# can UpdateService switch a service to it), but the task already running from it keeps
# running, and a service already using it can still scale it up or down.

# %% [markdown] ko
# ## 리비전
#
# 새 이미지는 새 리비전입니다: 같은 패밀리로 다시 등록하세요. 패밀리 이름만
# (`shop-api`) 쓰면 이제 최신 ACTIVE 리비전인 `shop-api:2`를 뜻합니다.
# `shop-api:1`을 등록 해제하면 INACTIVE가 됩니다. 그 리비전으로 RunTask나
# CreateService를 할 수 없고 UpdateService로 서비스를 그 리비전으로 바꿀 수도 없지만,
# 이미 실행 중인 태스크는 계속 실행되고, 이미 그 리비전을 쓰는 서비스는 태스크 수를
# 늘리거나 줄일 수 있습니다.

# %%
v2 = dict(api_v1["containerDefinitions"][0], image="shop/api:1.1")
ecs.register_task_definition(
    family="shop-api",
    networkMode="bridge",
    taskRoleArn=api_v1["taskRoleArn"],
    executionRoleArn=api_v1["executionRoleArn"],
    containerDefinitions=[v2],
)
print(ecs.describe_task_definition(taskDefinition="shop-api")["taskDefinition"]["revision"])
print(ecs.deregister_task_definition(taskDefinition="shop-api:1")["taskDefinition"]["status"])
print(ecs.list_task_definitions(familyPrefix="shop-api", status="ACTIVE")["taskDefinitionArns"])

# %%
with ecs_error(LANG):
    ecs.run_task(cluster="shop", taskDefinition="shop-api:1")
still = ecs.describe_tasks(cluster="shop", tasks=[api_task["taskArn"]])["tasks"][0]
print(T("the task of shop-api:1 is", "shop-api:1의 태스크:")(LANG), still["lastStatus"])

# %% [markdown] en
# ## Nobody looks after a task you run yourself
#
# RunTask starts tasks and forgets them. Kill the `api` container of the task of
# `shop-api:1`: the task stops (its essential container exited), and nothing starts a
# replacement, however long you wait. The picture, compared with a snapshot from before,
# shows the task stopped (dotted) and no new one. Keeping tasks running is what a
# **service** does: the next lesson.

# %% [markdown] ko
# ## 직접 실행한 태스크는 아무도 돌보지 않습니다
#
# RunTask는 태스크를 시작하고 잊습니다. `shop-api:1` 태스크의 `api` 컨테이너를
# 죽여 보세요. 태스크는 멈추고 (필수 컨테이너가 종료), 아무리 기다려도
# 대신할 태스크는 시작되지 않습니다. 이전 스냅숏과 비교한 그림은 멈춘 태스크
# (점선)을 보여 주고, 새 태스크는 없습니다. 태스크를 계속 실행되게 하는 것은
# **서비스**의 일입니다: 다음 레슨.

# %%
before = snapshot(sim, "shop")
sim.kill_container(api_task["taskArn"], "api")
sim.run_until_stable()
sim.advance(300)
running = ecs.list_tasks(cluster="shop", family="shop-api")["taskArns"]
print(
    T("running tasks of shop-api after 5 minutes:", "5분 뒤 실행 중인 shop-api 태스크:")(LANG),
    len(running),
)
cluster_picture(sim, "shop", previous=before, lang=LANG)

# %% [markdown] en
# ## Quiz
#
# Three questions on this lesson. Choose an answer and press **Check**: whichever you
# choose, you read why it is right or wrong. (In code: `q1.answer("a")`.)

# %% [markdown] ko
# ## 퀴즈
#
# 이번 레슨에 대한 질문 세 개입니다. 답을 고르고 **확인**을 누르면, 고른 답이
# 왜 맞는지 또는 왜 틀렸는지 알려 줍니다. (코드로는 `q1.answer("a")`.)

# %% quiz q1

# %% quiz q2

# %% quiz q3

# %% [markdown] en
# ## Summary
#
# - A task definition is the JSON blueprint of a task: network mode, task role (for your
#   code) and execution role (for the agent), and per container image, command, cpu,
#   memory (hard) and memoryReservation (soft, what is reserved), ports, health check,
#   essential and dependsOn.
# - dependsOn orders the start (START, COMPLETE, SUCCESS, HEALTHY) and, reversed, the stop.
# - Registering again makes a new revision; deregistering makes one INACTIVE: no new
#   RunTask or CreateService with it; running tasks go on and services already using it
#   still scale.
# - RunTask starts tasks nobody replaces. Next: **services**, which do.

# %% [markdown] ko
# ## 정리
#
# - 태스크 디피니션은 태스크의 JSON 설계도입니다: 네트워크 모드, 태스크 역할 (코드용)
#   과 실행 역할 (에이전트용), 컨테이너마다 이미지, 명령, cpu, memory (하드),
#   memoryReservation (소프트, 예약량), 포트, 헬스 체크, 필수 여부(essential), dependsOn.
# - dependsOn은 시작 순서 (START, COMPLETE, SUCCESS, HEALTHY)를, 거꾸로 하면 중지
#   순서를 정합니다.
# - 다시 등록하면 새 리비전이 생기고, 등록 해제하면 INACTIVE가 됩니다. 그 리비전으로
#   새 RunTask나 CreateService는 안 되지만, 실행 중인 태스크는 계속되고 이미 쓰는
#   서비스는 계속 스케일링됩니다.
# - RunTask로 시작한 태스크는 아무도 대신하지 않습니다. 다음: 그 일을 하는
#   **서비스**.
