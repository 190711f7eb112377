# Lesson 2 · Container instances: the source of notebooks/{en,ko}/02-container-instances.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 2 · Container instances
#
# A cluster is only a name until machines join it. A **container instance** is an EC2
# host that runs the **ECS agent**. When the agent starts, it *registers* the host in a
# cluster (the API call `RegisterContainerInstance`), telling ECS how much CPU and memory
# the host has. From then on the agent:
#
# - **watches** the host's resources and reports what is free,
# - **runs what the cluster asks**: when the scheduler places a task on the host, the
#   agent pulls the images and starts the containers with Docker,
# - **reports** every change of state back to ECS.
#
# A cluster spans many container instances, and they can sit in different
# **availability zones**, so losing one zone does not stop everything. About 20 minutes.

# %% [markdown] ko
# # 2 · 컨테이너 인스턴스
#
# 클러스터는 머신이 합류하기 전에는 이름일 뿐입니다. **컨테이너 인스턴스**
# (container instance)는 **ECS 에이전트**가 실행되는 EC2 호스트입니다.
# 에이전트는 시작할 때 호스트를 클러스터에 *등록* 하고
# (API 호출 `RegisterContainerInstance`), 호스트의 CPU와 메모리를 ECS에
# 알립니다. 그 뒤로 에이전트는:
#
# - 호스트의 자원을 **지켜보며** 남은 양을 보고하고,
# - **클러스터가 요청한 것을 실행**합니다: 스케줄러가 태스크를 호스트에
#   배치하면, 에이전트가 이미지를 받아 Docker로 컨테이너를 시작합니다.
# - 모든 상태 변화를 ECS에 **보고**합니다.
#
# 클러스터는 여러 컨테이너 인스턴스에 걸쳐 있고, 인스턴스들은 서로 다른
# **가용 영역**에 있을 수 있어서, 한 영역을 잃어도 전체가 멈추지 않습니다.
# 약 20분.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.model.instance_types import instance_type
from ecslearn.views.cluster import cluster_picture

ex1, ex2 = from_lesson("02-container-instances", "ex1", "ex2")
q1, q2, q3 = from_lesson("02-container-instances", "q1", "q2", "q3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock", "zones"))

# %% [markdown] en
# ## What an instance type offers
#
# The agent registers the CPU and memory the host really has. CPU is counted in
# **CPU units** (1024 per vCPU). Memory is a bit less than the advertised size: the
# operating system keeps some. A t3.small "has" 2 GiB, but registers this much:

# %% [markdown] ko
# ## 인스턴스 타입이 제공하는 것
#
# 에이전트는 호스트에 실제로 있는 CPU와 메모리를 등록합니다. CPU는
# **CPU 유닛** (vCPU 하나에 1024)으로 셉니다. 메모리는 광고된 크기보다
# 조금 적습니다: 운영체제가 일부를 씁니다. t3.small은 2 GiB라고 하지만
# 등록하는 양은 다음과 같습니다:

# %%
for name in ("t3.micro", "t3.small", "t3.medium", "t3.large"):
    kind = instance_type(name)
    units = T("CPU units", "CPU 유닛")(LANG)
    print(f"{name:10} {kind.cpu_units:5} {units} {kind.registered_memory():6} MiB")

# %% [markdown] en
# ## Hosts join a cluster
#
# `sim.launch_instances` starts EC2 hosts whose agents register in the cluster, spread
# over the zones us-east-1a, b and c in turn. (In AWS you would launch EC2 instances
# with the ECS-optimized image and `ECS_CLUSTER=shop` in the agent's configuration.)

# %% [markdown] ko
# ## 호스트가 클러스터에 합류
#
# `sim.launch_instances`는 EC2 호스트를 띄우고, 각 호스트의 에이전트가
# 클러스터에 등록합니다. 가용 영역 us-east-1a, b, c에 차례로 나뉩니다.
# (AWS에서는 ECS 최적화 이미지로 EC2 인스턴스를 띄우고 에이전트 설정에
# `ECS_CLUSTER=shop`을 적습니다.)

# %%
ecs.create_cluster(clusterName="shop")
hosts = sim.launch_instances("shop", count=6, instance_type="t3.small")
arns = ecs.list_container_instances(cluster="shop")["containerInstanceArns"]
described = ecs.describe_container_instances(cluster="shop", containerInstances=arns)


def memory(instance, which="registeredResources"):
    """MiB of memory in a DescribeContainerInstances answer (registered or remaining)."""
    return next(r["integerValue"] for r in instance[which] if r["name"] == "MEMORY")


for instance in described["containerInstances"]:
    attributes = {a["name"]: a.get("value") for a in instance["attributes"]}
    zone = attributes["ecs.availability-zone"]
    connected = instance["agentConnected"]
    said = T("MiB, agent connected:", "MiB, 에이전트 연결:")(LANG)
    print(instance["ec2InstanceId"], zone, memory(instance), said, connected)

# %% [markdown] en
# The agent also registers **attributes**: facts about the host that placement can use
# later (lesson 7), such as its zone, its instance type, and what the agent can do.

# %% [markdown] ko
# 에이전트는 **속성**(attribute)도 등록합니다. 나중에 배치 (레슨 7)에
# 쓸 수 있는 호스트 정보로, 가용 영역, 인스턴스 타입, 에이전트가 할 수 있는
# 일 등이 있습니다.

# %%
first = described["containerInstances"][0]
sorted(a["name"] + ("=" + a["value"] if a.get("value") else "") for a in first["attributes"])[:8]

# %% [markdown] en
# ## The agent runs what the cluster asks
#
# Register a small task definition (one container, 512 MiB) and ask ECS to run four
# copies. The scheduler picks instances; each chosen agent starts the container and
# reports it RUNNING. The virtual clock only moves when you ask: `run_until_stable()`
# runs until every task has reached the state it should have.

# %% [markdown] ko
# ## 에이전트는 클러스터가 요청한 것을 실행
#
# 작은 태스크 디피니션 (컨테이너 하나, 512 MiB)을 등록하고 ECS에 네 개를
# 실행하라고 요청합니다. 스케줄러가 인스턴스를 고르고, 선택된 에이전트가
# 컨테이너를 시작해 RUNNING으로 보고합니다. 가상 시계는 요청할 때만
# 움직입니다: `run_until_stable()`은 모든 태스크가 있어야 할 상태에
# 도달할 때까지 실행합니다.

# %%
ecs.register_task_definition(
    family="api",
    containerDefinitions=[{"name": "api", "image": "nginx:1.27", "memory": 512}],
)
ecs.run_task(cluster="shop", taskDefinition="api", count=4)
sim.run_until_stable()

# %% [markdown] en
# The picture shows what `describe_*` now says: the zones, each instance with its memory
# in use, and the tasks coloured by status (see the legend). Without a placement strategy
# RunTask spreads tasks at random (seeded, so always the same here); lesson 7 shows how to
# choose.

# %% [markdown] ko
# 그림은 지금 `describe_*`가 알려 주는 것을 보여 줍니다: 가용 영역, 메모리
# 사용량이 표시된 각 인스턴스, 상태별 색으로 칠한 태스크 (범례 참고).
# 배치 전략이 없으면 RunTask는 태스크를 무작위로 (시드 덕분에 여기서는
# 항상 같게) 배치합니다. 고르는 방법은 레슨 7에서 봅니다.

# %%
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# Each agent reported its resources: where a task runs, 512 MiB less memory remains.

# %% [markdown] ko
# 각 에이전트가 자원을 보고했습니다: 태스크가 실행되는 곳은 남은 메모리가
# 512 MiB 줄었습니다.

# %%
described = ecs.describe_container_instances(cluster="shop", containerInstances=arns)
for instance in described["containerInstances"]:
    free = memory(instance, "remainingResources")
    count = instance["runningTasksCount"]
    said = T(f"{count} task(s), {free} MiB free", f"태스크 {count}개, 남은 메모리 {free} MiB")
    print(instance["ec2InstanceId"], said(LANG))

# %% [markdown] en
# ## When the agent loses contact
#
# If the agent stops talking to ECS (a network problem, a crashed agent), ECS marks the
# instance `agentConnected: false` and places no new task there, even though the host
# may still be running its containers.

# %% [markdown] ko
# ## 에이전트 연결이 끊기면
#
# 에이전트가 ECS와 통신하지 못하면 (네트워크 문제, 에이전트 장애), ECS는
# 인스턴스를 `agentConnected: false`로 표시하고, 호스트가 컨테이너를 계속
# 실행하고 있더라도 새 태스크를 배치하지 않습니다.

# %%
sim.disconnect_agent(hosts[0])
lost = ecs.describe_container_instances(cluster="shop", containerInstances=[arns[0]])
lost = lost["containerInstances"][0]
print(lost["ec2InstanceId"], T("agent connected:", "에이전트 연결:")(LANG), lost["agentConnected"])
sim.reconnect_agent(hosts[0])

# %% [markdown] en
# ## Exercise 1 · Instances in every zone
#
# A team needs a new cluster `orders` where a task of **1536 MiB** can run in *every*
# availability zone (us-east-1a, us-east-1b and us-east-1c). Create the cluster and
# launch container instances into it, keeping the list `sim.launch_instances` returns in
# `instances`.

# %% [markdown] ko
# ## 연습 1 · 모든 가용 영역에 인스턴스
#
# 한 팀이 새 클러스터 `orders`를 원합니다. **1536 MiB** 태스크가 *모든*
# 가용 영역 (us-east-1a, us-east-1b, us-east-1c)에서 실행될 수 있어야
# 합니다. 클러스터를 만들고 컨테이너 인스턴스를 띄우고,
# `sim.launch_instances`가 돌려주는 목록을 `instances`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## Exercise 2 · The instances of one zone
#
# `ListContainerInstances` takes a `filter` in the **cluster query language**, for
# example `attribute:ecs.instance-type == t3.small`. Keep in `zone_b` the ARNs of the
# container instances of `shop` that are in **us-east-1b**, asking ECS to do the
# filtering.

# %% [markdown] ko
# ## 연습 2 · 한 가용 영역의 인스턴스
#
# `ListContainerInstances`는 **클러스터 쿼리 언어**로 쓴 `filter`를 받습니다.
# 예: `attribute:ecs.instance-type == t3.small`. `shop`의 컨테이너 인스턴스 중
# **us-east-1b**에 있는 것의 ARN을, ECS에 필터를 맡겨서, `zone_b`에
# 담으세요.

# %% exercise ex2

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
# - A container instance is an EC2 host whose ECS agent registered it in a cluster.
# - The agent reports CPU, memory, ports and attributes, runs the tasks the scheduler
#   places on it, and reports their state; without it, ECS places nothing there.
# - A cluster spans many instances across availability zones. Next: **tasks**.

# %% [markdown] ko
# ## 정리
#
# - 컨테이너 인스턴스는 ECS 에이전트가 클러스터에 등록한 EC2 호스트입니다.
# - 에이전트는 CPU, 메모리, 포트, 속성을 보고하고, 스케줄러가 배치한 태스크를
#   실행하고, 상태를 보고합니다. 연결이 끊기면 ECS는 그곳에 배치하지 않습니다.
# - 클러스터는 여러 가용 영역의 여러 인스턴스에 걸쳐 있습니다. 다음: **태스크**.
