# Lesson 10 · Networking and ports: the source of notebooks/{en,ko}/10-networking.ipynb, written
# by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 10 · Networking and ports
#
# A container listens on a port *inside* its own network namespace. How the outside
# world reaches that port is the task definition's **network mode**, one of four:
#
# | mode | what a task gets | ports |
# |---|---|---|
# | `bridge` (Linux default) | Docker's bridge network | a static `hostPort`, or a dynamic one (0) |
# | `host` | the host's own network stack | the container port *is* the host port |
# | `awsvpc` | its own ENI and private IP address | the container port, on the task's IP |
# | `none` | no external network at all | no port mappings |
#
# In this lesson (about 25 minutes) you hit each mode's rules, read what ECS says, and see
# why a load balancer registers *instance + port* for bridge tasks.

# %% [markdown] ko
# # 10 · 네트워킹과 포트
#
# 컨테이너는 자신의 네트워크 네임스페이스 *안* 의 포트에서 요청을 받습니다. 바깥에서
# 그 포트에 어떻게 닿는지는 태스크 디피니션의 **네트워크 모드**가 정하며, 네 가지가
# 있습니다:
#
# | 모드 | 태스크가 받는 것 | 포트 |
# |---|---|---|
# | `bridge` (Linux 기본값) | Docker 브리지 네트워크 | 정적 `hostPort`, 또는 동적 포트 (0) |
# | `host` | 호스트 자신의 네트워크 스택 | 컨테이너 포트가 곧 호스트 포트 |
# | `awsvpc` | 자신만의 ENI와 프라이빗 IP 주소 | 태스크 자신의 IP에서 컨테이너 포트 |
# | `none` | 외부 네트워크 없음 | 포트 매핑 없음 |
#
# 이번 레슨 (약 25분)에서는 각 모드의 규칙에 부딪혀 보고, ECS가 하는 말을 읽고,
# 로드 밸런서가 bridge 태스크에 대해 왜 *인스턴스 + 포트* 를 등록하는지 봅니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views.cluster import cluster_picture

ex1, ex2, ex3 = from_lesson("10-networking", "ex1", "ex2", "ex3")
q1, q2, q3 = from_lesson("10-networking", "q1", "q2", "q3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "containers", "clock", "network"),
    adds=("iam", "vpc", "cloudwatch", "bill"),
)

# %% [markdown] en
# ## Bridge mode with a static host port
#
# One instance, `net`. The task definition `web-static` maps container port 80 to host
# port **8080**. A host port can be bound only once per instance, so ask for two copies:

# %% [markdown] ko
# ## 정적 호스트 포트를 쓰는 bridge 모드
#
# 인스턴스 하나짜리 `net` 클러스터입니다. 태스크 디피니션 `web-static`은 컨테이너
# 포트 80을 호스트 포트 **8080**에 연결합니다. 호스트 포트는 인스턴스마다 한 번만
# 바인딩할 수 있습니다. 두 개를 요청해 봅니다:

# %%
ecs.create_cluster(clusterName="net")
sim.launch_instances("net", count=1, instance_type="t3.small")
ecs.register_task_definition(
    family="web-static",
    networkMode="bridge",
    containerDefinitions=[
        {
            "name": "web",
            "image": "nginx:1.27",
            "memory": 128,
            "portMappings": [{"containerPort": 80, "hostPort": 8080}],
        }
    ],
)
answer = ecs.run_task(cluster="net", taskDefinition="web-static", count=2)
placed = T("task(s) placed; failures:", "개 배치됨, 실패:")(LANG)
print(len(answer["tasks"]), placed, answer["failures"])

# %% [markdown] en
# One task was placed; the second failed with **RESOURCE:PORTS**: the only instance
# already has 8080 taken. The placement explanation says so instance by instance:

# %% [markdown] ko
# 태스크 하나만 배치되고, 두 번째는 **RESOURCE:PORTS**로 실패했습니다. 하나뿐인
# 인스턴스의 8080번이 이미 쓰이고 있기 때문입니다. 배치 설명이 인스턴스마다 그
# 이유를 보여 줍니다:

# %%
sim.run_until_stable()
sim.explain_placement("net", "web-static")

# %% [markdown] en
# ## Dynamic host ports
#
# Leave `hostPort` out (or set it to `0`) in bridge mode, and each task gets a free port
# from the instance's **ephemeral range**: the kernel's `ip_local_port_range`, 32768–60999
# on the ECS-optimized Amazon Linux AMIs (only where that setting is missing does ECS fall
# back to 49153–65535). ECS reports the choice in each container's `networkBindings`.
# Then any number of copies fit on one instance, as far as CPU and memory allow.
#
# ## Exercise 1 · Three copies on one instance
#
# Register a task definition `web-dynamic` (bridge mode, one container `web`,
# `nginx:1.27`, 128 MiB, listening on port 80) so that **three** copies can run on `net`'s
# one instance. Run three, keep `run_task`'s answer in `three`, and run the clock until
# they are RUNNING.

# %% [markdown] ko
# ## 동적 호스트 포트
#
# bridge 모드에서 `hostPort`를 생략하면(또는 `0`으로 두면) 태스크마다 인스턴스의
# **임시 포트 범위**(ephemeral range)에서 빈 포트를 받습니다. 이 범위는 커널의
# `ip_local_port_range`로, ECS 최적화 Amazon Linux AMI에서는 32768–60999입니다(이
# 설정이 없을 때만 ECS가 49153–65535를 씁니다). ECS는 각 컨테이너의
# `networkBindings`에 고른 포트를 알려 줍니다. 그러면 CPU와 메모리가 허락하는 만큼
# 한 인스턴스에 몇 개든 들어갑니다.
#
# ## 연습 1 · 한 인스턴스에 세 개
#
# 태스크 디피니션 `web-dynamic` (bridge 모드, 컨테이너 `web` 하나, `nginx:1.27`,
# 128 MiB, 80번 포트에서 요청을 받음) 을 등록해 `net`의 인스턴스 하나에서 **세 개**
# 가 실행될 수 있게 하세요. 세 개를 실행하고, `run_task`의 응답을 `three`에 담고,
# RUNNING이 될 때까지 시계를 돌리세요.

# %% exercise ex1

# %% [markdown] en
# What Docker bound for each task on `net` (your three, if exercise 1 is solved, next to
# the static one):

# %% [markdown] ko
# `net`의 각 태스크에 Docker가 바인딩한 포트입니다 (연습 1을 풀었다면 정적 태스크
# 옆에 여러분의 세 태스크가 보입니다):

# %%
arns = ecs.list_tasks(cluster="net")["taskArns"]
for task in ecs.describe_tasks(cluster="net", tasks=arns)["tasks"]:
    family = task["taskDefinitionArn"].split("/")[-1]
    for binding in task["containers"][0]["networkBindings"]:
        host, container = (
            T("host port", "호스트 포트")(LANG),
            T("container port", "컨테이너 포트")(LANG),
        )
        print(f"{family:14} {host} {binding['hostPort']:5} -> {container} 80")
cluster_picture(sim, "net", lang=LANG)

# %% [markdown] en
# ## Host mode: the container port is the host port
#
# In `host` mode a container uses the instance's network stack directly: nothing is
# mapped, so `hostPort` must be left out or equal `containerPort`. A Prometheus node
# exporter, which must see the host's network, is a typical host-mode task. Someone wrote
# this definition:

# %% [markdown] ko
# ## host 모드: 컨테이너 포트가 곧 호스트 포트
#
# `host` 모드에서는 컨테이너가 인스턴스의 네트워크 스택을 직접 씁니다. 연결 (매핑)
# 이 없으므로 `hostPort`는 생략하거나 `containerPort`와 같아야 합니다. 호스트의
# 네트워크를 봐야 하는 Prometheus node exporter가 대표적인 host 모드 태스크입니다.
# 누군가 이렇게 썼습니다:

# %%
broken = {
    "family": "metrics",
    "networkMode": "host",
    "containerDefinitions": [
        {
            "name": "node-exporter",
            "image": "prom/node-exporter:v1.8.2",
            "memory": 64,
            "portMappings": [{"containerPort": 9100, "hostPort": 19100}],
        }
    ],
}
with ecs_error(LANG):
    ecs.register_task_definition(**broken)

# %% [markdown] en
# ## Exercise 2 · Fix the host-mode definition
#
# Register a working `metrics` task definition: still in **host** mode (the exporter
# must see the host's network), and the exporter still listens on **9100**. Keep the
# registered task definition (`["taskDefinition"]` of the answer) in `metrics`.

# %% [markdown] ko
# ## 연습 2 · host 모드 태스크 디피니션 고치기
#
# 동작하는 `metrics` 태스크 디피니션을 등록하세요. 여전히 **host** 모드이고
# (exporter가 호스트의 네트워크를 봐야 함), exporter는 여전히 **9100** 번에서
# 요청을 받습니다. 등록된 태스크 디피니션 (응답의 `["taskDefinition"]`)을 `metrics`
# 에 담으세요.

# %% exercise ex2

# %% [markdown] en
# Because the port is the host's own, two host-mode tasks that use the same port can
# never share an instance, exactly like a static bridge port:

# %% [markdown] ko
# 포트가 호스트 자신의 것이므로, 같은 포트를 쓰는 host 모드 태스크 두 개는 정적
# bridge 포트와 똑같이 한 인스턴스를 함께 쓸 수 없습니다:

# %%
ecs.register_task_definition(
    family="proxy",
    networkMode="host",
    containerDefinitions=[
        {
            "name": "proxy",
            "image": "haproxy:3.0",
            "memory": 64,
            "portMappings": [{"containerPort": 443}],
        }
    ],
)
answer = ecs.run_task(cluster="net", taskDefinition="proxy", count=2)
placed = T("task(s) placed; failures:", "개 배치됨, 실패:")(LANG)
print(len(answer["tasks"]), placed, [f["reason"] for f in answer["failures"]])

# %% [markdown] en
# ## awsvpc mode: a network interface per task
#
# In `awsvpc` mode ECS creates an **elastic network interface** (ENI) in your VPC for
# each task and attaches it to the instance: the task gets its own private IP address,
# and security groups apply to the task itself. Since ECS must know *where* in the VPC
# to create the ENI, `RunTask` and `CreateService` need a `networkConfiguration`:

# %% [markdown] ko
# ## awsvpc 모드: 태스크마다 네트워크 인터페이스
#
# `awsvpc` 모드에서는 ECS가 태스크마다 VPC 안에 **탄력적 네트워크 인터페이스**(ENI)
# 를 만들어 인스턴스에 붙입니다. 태스크는 자신만의 프라이빗 IP 주소를 얻고, 보안
# 그룹이 태스크 자체에 적용됩니다. ECS가 ENI를 VPC의 *어디에* 만들지 알아야 하므로,
# `RunTask`와 `CreateService`에는 `networkConfiguration`이 필요합니다:

# %%
ecs.create_cluster(clusterName="vpc")
sim.launch_instances("vpc", count=1, instance_type="t3.small")
ecs.register_task_definition(
    family="api",
    networkMode="awsvpc",
    containerDefinitions=[
        {
            "name": "api",
            "image": "nginx:1.27",
            "memory": 128,
            "portMappings": [{"containerPort": 80}],
        }
    ],
)
with ecs_error(LANG):
    ecs.run_task(cluster="vpc", taskDefinition="api")

# %% [markdown] en
# With a subnet (and optionally security groups), step through the start: an awsvpc task
# is **PROVISIONING** while ECS creates and attaches its ENI, then PENDING, then RUNNING.

# %% [markdown] ko
# 서브넷 (그리고 선택적으로 보안 그룹)을 주고 시작 과정을 한 단계씩 봅니다. awsvpc
# 태스크는 ECS가 ENI를 만들어 붙이는 동안 **PROVISIONING**, 그다음 PENDING, 그다음
# RUNNING입니다.

# %%
NETWORK = {
    "awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0123abcd"]}
}
first = ecs.run_task(cluster="vpc", taskDefinition="api", networkConfiguration=NETWORK)
first_arn = first["tasks"][0]["taskArn"]
for _ in range(3):
    sim.step()
    print(
        f"t={sim.now:4.1f}s",
        ecs.describe_tasks(cluster="vpc", tasks=[first_arn])["tasks"][0]["lastStatus"],
    )
sim.run_until_stable()
task = ecs.describe_tasks(cluster="vpc", tasks=[first_arn])["tasks"][0]
print(task["lastStatus"])
task["attachments"]

# %% [markdown] en
# ## Exercise 3 · Four tasks, four addresses
#
# Every ENI counts against the instance type's limit, and the instance's own primary
# ENI takes one: a t3.small has 3, so it runs at most **2** awsvpc tasks. Get **4**
# `api` tasks RUNNING in cluster `vpc` (one is running already), each with its own
# address. Keep the answer of your `run_task` in `vpc_run`.

# %% [markdown] ko
# ## 연습 3 · 태스크 네 개, 주소 네 개
#
# ENI 하나하나가 인스턴스 타입의 한도에 포함되고, 인스턴스 자신의 기본 ENI가 하나를
# 씁니다. t3.small은 3개이므로 awsvpc 태스크는 최대 **2개**입니다. `vpc` 클러스터에서
# `api` 태스크 **4개**가 RUNNING이 되게 하세요 (하나는 이미 실행 중). 각각 자신만의
# 주소를 가집니다. `run_task`의 응답을 `vpc_run`에 담으세요.

# %% exercise ex3

# %%
cluster_picture(sim, "vpc", lang=LANG)

# %% [markdown] en
# ## `none` mode, and links
#
# A task in `none` mode has no external network (a batch job that only reads its
# input). It cannot map ports:

# %% [markdown] ko
# ## `none` 모드와 links
#
# `none` 모드 태스크는 외부 네트워크가 없습니다 (입력만 읽는 배치 작업 등). 포트를
# 매핑할 수 없습니다:

# %%
with ecs_error(LANG):
    ecs.register_task_definition(
        family="report",
        networkMode="none",
        containerDefinitions=[
            {
                "name": "report",
                "image": "busybox",
                "memory": 64,
                "portMappings": [{"containerPort": 80}],
            }
        ],
    )

# %% [markdown] en
# In `bridge` mode, containers of one task can reach each other by name with **links**
# (`"db:database"`: container `db` is reachable as host `database`). Links exist only in
# bridge mode. In `awsvpc` mode the containers of a task share the task's own network
# namespace, and in `host` mode they use the host's network namespace: either way they
# talk over `localhost`.

# %% [markdown] ko
# `bridge` 모드에서는 한 태스크의 컨테이너끼리 **links**로 이름을 써서 서로 닿을 수
# 있습니다 (`"db:database"`: 컨테이너 `db`를 호스트 이름 `database`로 접근). links는
# bridge 모드에만 있습니다. `awsvpc` 모드에서는 태스크의 컨테이너들이 태스크의
# 네트워크 네임스페이스를 공유하고, `host` 모드에서는 호스트의 네트워크 네임스페이스를
# 씁니다. 어느 쪽이든 `localhost`로 통신합니다.

# %%
blog = [
    {"name": "app", "image": "ghost:5", "memory": 256, "links": ["db:database"]},
    {"name": "db", "image": "mysql:8.4", "memory": 512},
]
linked = ecs.register_task_definition(family="blog", containerDefinitions=blog)["taskDefinition"]
print(linked["family"], linked["revision"], linked.get("networkMode", "bridge"))
with ecs_error(LANG):
    ecs.register_task_definition(family="blog-vpc", networkMode="awsvpc", containerDefinitions=blog)

# %% [markdown] en
# ## Why a target group registers instance + port
#
# Back to lesson 9: with dynamic ports, the three `web-dynamic` tasks share one instance
# ID and differ only by host port. So for bridge (and host) tasks a target group's
# targets are **instance ID + host port** (target type `instance`), and ECS registers the
# port Docker chose. For awsvpc tasks each task has its own IP address, so the targets
# are **IP + container port** (target type `ip`).

# %% [markdown] ko
# ## 대상 그룹이 인스턴스 + 포트를 등록하는 이유
#
# 레슨 9로 돌아가 봅시다. 동적 포트를 쓰면 `web-dynamic` 태스크 세 개는 인스턴스 ID가
# 같고 호스트 포트만 다릅니다. 그래서 bridge (와 host) 태스크의 대상 그룹 대상은
# **인스턴스 ID + 호스트 포트** (대상 유형 `instance`)이고, ECS는 Docker가 고른
# 포트를 등록합니다. awsvpc 태스크는 각자 IP 주소가 있으므로 대상은 **IP + 컨테이너
# 포트** (대상 유형 `ip`)입니다.

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
# - `bridge` maps host ports to container ports: a static `hostPort` allows one task per
#   instance (`RESOURCE:PORTS`), `hostPort` 0 or omitted takes a dynamic port from the
#   ephemeral range, reported in `networkBindings`.
# - `host` uses the host's stack: `hostPort` must equal `containerPort` (or be left out),
#   and tasks using the same port cannot share an instance.
# - `awsvpc` gives each task an ENI and a private IP; it needs `networkConfiguration`
#   with subnets, and the instance's ENI limit caps its tasks (`RESOURCE:ENI`).
# - `none` has no external network and no port mappings; `links` exist only in bridge.
# - Load balancers target instance + host port (bridge/host) or IP + port (awsvpc).
# - Next: the same task definitions on **real containers**.

# %% [markdown] ko
# ## 정리
#
# - `bridge`는 호스트 포트를 컨테이너 포트에 연결합니다. 정적 `hostPort`는 인스턴스당
#   태스크 하나만 허용하고 (`RESOURCE:PORTS`), `hostPort`가 0이거나 없으면 임시 포트
#   범위의 동적 포트를 받아 `networkBindings`에 보고됩니다.
# - `host`는 호스트의 네트워크 스택을 씁니다. `hostPort`는 `containerPort`와 같거나
#   생략해야 하고, 같은 포트를 쓰는 태스크는 한 인스턴스를 함께 쓸 수 없습니다.
# - `awsvpc`는 태스크마다 ENI와 프라이빗 IP를 줍니다. 서브넷이 있는
#   `networkConfiguration`이 필요하고, 인스턴스의 ENI 한도가 태스크 수를 제한합니다
#   (`RESOURCE:ENI`).
# - `none`은 외부 네트워크도 포트 매핑도 없습니다. `links`는 bridge에만 있습니다.
# - 로드 밸런서의 대상은 인스턴스 + 호스트 포트 (bridge/host) 또는 IP + 포트
#   (awsvpc)입니다.
# - 다음: 같은 태스크 디피니션을 **실제 컨테이너**로.
