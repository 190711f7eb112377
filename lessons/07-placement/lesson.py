# Lesson 7 · Placement: the source of notebooks/{en,ko}/07-placement.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 7 · Placement
#
# When a task must start (RunTask, or a service that needs one more), ECS's scheduler
# picks a container instance for it in a **pipeline**:
#
# 1. **Filters** (binding): an instance is ruled out if its agent is disconnected, if it
#    lacks the CPU or memory the task reserves, if a static host port the task needs is
#    taken, or if it fails a **placement constraint** (`distinctInstance`, `memberOf`).
# 2. **Strategies** (best effort): the instances left are ranked by the strategy chain
#    (`binpack`, `spread`, `random`), applied in order, each breaking the ties of the one
#    before. The first wins; its resources are deducted and the next task starts over.
#
# In this lesson (about 25 minutes) you rank instances with strategies, restrict them with
# the cluster query language, and ask "why did my task land there?".

# %% [markdown] ko
# # 7 · 배치 (Placement)
#
# 태스크를 시작해야 할 때 (RunTask, 또는 태스크가 하나 더 필요한 서비스),
# ECS 스케줄러는 **파이프라인**으로 컨테이너 인스턴스를 고릅니다:
#
# 1. **필터** (반드시 지킴): 에이전트 연결이 끊겼거나, 태스크가 예약하는 CPU나
#    메모리가 모자라거나, 태스크에 필요한 고정 호스트 포트가 이미 쓰이고 있거나,
#    **배치 제약 조건** (`distinctInstance`, `memberOf`)을 만족하지 못하는
#    인스턴스는 제외됩니다.
# 2. **전략** (최선의 노력): 남은 인스턴스를 전략 체인 (`binpack`, `spread`,
#    `random`) 으로 순서대로 순위를 매기고, 뒤의 전략은 앞 전략의 동점을 가릅니다.
#    1위가 선택되고, 그 자원을 빼고 다음 태스크를 다시 배치합니다.
#
# 이번 레슨 (약 25분)에서는 전략으로 인스턴스 순위를 매기고, 클러스터 쿼리
# 언어로 인스턴스를 제한하고, "내 태스크는 왜 거기에 배치되었나?" 를 묻습니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.placement import placement_picture
from ecslearn.widgets import Dashboard

ex1, ex2, ex3 = from_lesson("07-placement", "ex1", "ex2", "ex3")
q1, q2, q3 = from_lesson("07-placement", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## A mixed cluster
#
# Cluster `web` gets three small t3.small instances and three larger m5.large ones, one of
# each kind per availability zone, and a task definition `api` that reserves 512 MiB.

# %% [markdown] ko
# ## 여러 종류가 섞인 클러스터
#
# `web` 클러스터에 작은 t3.small 인스턴스 세 대와 더 큰 m5.large 인스턴스 세 대를
# 가용 영역마다 종류별로 하나씩 띄우고, 512 MiB를 예약하는 태스크 디피니션
# `api`를 등록합니다.

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock", "zones"))

# %%
ecs.create_cluster(clusterName="web")
small = sim.launch_instances("web", count=3, instance_type="t3.small")
large = sim.launch_instances("web", count=3, instance_type="m5.large")
ecs.register_task_definition(
    family="api",
    containerDefinitions=[{"name": "api", "image": "nginx:1.27", "memory": 512}],
)


def short(arn):
    """The first 8 characters of the ID at the end of an ARN, as the pictures show it."""
    return arn.rsplit("/", 1)[-1][:8]


for host in small + large:
    print(host.ec2_instance_id, host.zone, short(host.container_instance_arn))

# %% [markdown] en
# ## Why would a task land there?
#
# `sim.explain_placement(cluster, task_definition, strategies=..., constraints=...)` is a
# dry run of the pipeline: it places nothing. Its table has one row per instance: each
# filter's verdict (`pass` or ECS's reason), the score under each strategy, and the rank.
# With `binpack` on memory, the instance with the **least** memory left that still fits
# wins, so tasks fill one instance before the next is used.

# %% [markdown] ko
# ## 태스크는 왜 거기에 배치될까?
#
# `sim.explain_placement(cluster, task_definition, strategies=..., constraints=...)`는
# 파이프라인을 시험 삼아 돌려 볼 뿐, 아무것도 배치하지 않습니다. 표에는
# 인스턴스마다 한 줄씩, 각 필터의 판정 (`pass` 또는 ECS의 사유), 전략별 점수,
# 순위가 있습니다. 메모리 기준 `binpack`에서는 태스크가 들어가는 인스턴스 중
# 남은 메모리가 **가장 적은** 인스턴스가 이기므로, 한 인스턴스를 채운 뒤에야 다음
# 인스턴스를 씁니다.

# %%
packed = sim.explain_placement("web", "api", strategies=[{"type": "binpack", "field": "memory"}])
print(packed)

# %% [markdown] en
# The same explanation as a picture, read left to right like the pipeline (the legend
# tells ruled-out, eligible and chosen instances apart):

# %% [markdown] ko
# 같은 설명을 그림으로 보면, 파이프라인처럼 왼쪽에서 오른쪽으로 읽습니다
# (범례가 제외된 인스턴스, 후보, 선택된 인스턴스를 구분합니다):

# %%
placement_picture(packed, task="api:1", lang=LANG)

# %% [markdown] en
# `spread` balances the tasks of the same group (a service, or the task definition's
# family for RunTask) over the values of a field, such as the zone. **Chained**, spread by
# zone then binpack by memory means: the zone with the fewest `api` tasks, packed within.
# Let us run four tasks that way and step through what the agents do.

# %% [markdown] ko
# `spread`는 같은 그룹 (서비스, 또는 RunTask에서는 태스크 디피니션의 패밀리)
# 의 태스크를 어떤 필드 (예: 가용 영역)의 값들에 고르게 나눕니다. **체인**으로
# 가용 영역 spread 다음에 메모리 binpack을 두면: `api` 태스크가 가장 적은 가용
# 영역을 고르고, 그 안에서는 채워 넣습니다. 이렇게 태스크 네 개를 실행하고
# 에이전트가 하는 일을 한 단계씩 봅니다.

# %%
zone_then_pack = [
    {"type": "spread", "field": "attribute:ecs.availability-zone"},
    {"type": "binpack", "field": "memory"},
]
started = ecs.run_task(
    cluster="web", taskDefinition="api", count=4, placementStrategy=zone_then_pack
)
for task in started["tasks"]:
    on = T("on", "→")(LANG)
    print(short(task["taskArn"]), on, short(task["containerInstanceArn"]), task["lastStatus"])

# %%
for _ in range(3):
    print(sim.step())

# %%
sim.run_until_stable()
cluster_picture(sim, "web", lang=LANG)

# %% [markdown] en
# ## Constraints and the cluster query language
#
# A `memberOf` constraint keeps only the instances that satisfy an expression of the
# **cluster query language**: `attribute:ecs.instance-type =~ t3.*` (a regular
# expression), `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`, combined
# with `and`, `or`, `not(...)`. Besides the attributes the agent registers, you can add
# your own with `PutAttributes`, and `distinctInstance` puts each task of the group on a
# different instance. ListContainerInstances takes the same expressions as `filter`.

# %% [markdown] ko
# ## 제약 조건과 클러스터 쿼리 언어
#
# `memberOf` 제약 조건은 **클러스터 쿼리 언어** 표현식을 만족하는 인스턴스만
# 남깁니다: `attribute:ecs.instance-type =~ t3.*` (정규 표현식),
# `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`이며, `and`, `or`,
# `not(...)`으로 조합합니다. 에이전트가 등록하는 속성 외에 `PutAttributes`로
# 직접 속성을 붙일 수 있고, `distinctInstance`는 그룹의 태스크를 서로 다른
# 인스턴스에 하나씩 둡니다. ListContainerInstances의 `filter`도 같은 표현식을
# 받습니다.

# %%
ecs.put_attributes(
    cluster="web",
    attributes=[
        {"name": "stack", "value": "prod", "targetId": host.container_instance_arn}
        for host in large[:2]
    ],
)
prod_only = [{"type": "memberOf", "expression": "attribute:stack == prod"}]
print(sim.explain_placement("web", "api", constraints=prod_only))

# %% [markdown] en
# `distinctInstance` looks at the tasks already running in the same group: the four `api`
# tasks run on three instances, so one more `api` task may only go to the other three.

# %% [markdown] ko
# `distinctInstance`는 같은 그룹에서 이미 실행 중인 태스크를 봅니다: `api` 태스크
# 네 개가 인스턴스 세 대에서 실행 중이므로, `api` 태스크 하나를 더 배치하면 나머지
# 세 대에만 갈 수 있습니다.

# %%
one_each = sim.explain_placement("web", "api", constraints=[{"type": "distinctInstance"}])
for row in one_each.to_rows():
    rank = T(f"rank {row['rank']}", f"순위 {row['rank']}")(LANG)
    print(row["instance"][:8], row["zone"], row["ruled out by"] or rank)

# %% [markdown] en
# ECS checks the expression when you send it; a typo is refused with
# `InvalidParameterException`:

# %% [markdown] ko
# ECS는 표현식을 받을 때 검사합니다. 오타가 있으면 `InvalidParameterException`
# 으로 거부합니다:

# %%
with ecs_error(LANG):
    ecs.run_task(
        cluster="web",
        taskDefinition="api",
        placementConstraints=[{"type": "memberOf", "expression": "attribute:stack = prod"}],
    )

# %% [markdown] en
# ## When nothing fits
#
# A task no instance can take is not an error: RunTask answers with `failures`, one per
# instance, each with ECS's reason. Here a 9000 MiB task meets instances of at most
# 7985 MiB:

# %% [markdown] ko
# ## 아무 데도 들어가지 않을 때
#
# 어느 인스턴스도 받을 수 없는 태스크는 오류가 아닙니다. RunTask는 인스턴스마다
# ECS의 사유를 담은 `failures`로 답합니다. 9000 MiB 태스크는 많아야 7985 MiB인
# 인스턴스에 들어가지 않습니다:

# %%
ecs.register_task_definition(
    family="report",
    containerDefinitions=[{"name": "report", "image": "python:3.12", "memory": 9000}],
)
answer = ecs.run_task(cluster="web", taskDefinition="report")
print(T("tasks started:", "시작된 태스크:")(LANG), len(answer["tasks"]))
for failure in answer["failures"]:
    print(short(failure["arn"]), failure["reason"])

# %%
placement_picture(sim.explain_placement("web", "report"), task="report:1", lang=LANG)

# %% [markdown] en
# ## Exercise 1 · Keep tasks off t3
#
# The t3 instances are burstable and the `api` team wants steady CPU. Write in `not_t3` a
# cluster query language expression that a `memberOf` constraint can use to keep tasks
# **off every t3 instance** (and on every other one).

# %% [markdown] ko
# ## 연습 1 · t3에는 배치하지 않기
#
# t3 인스턴스는 버스트형이라 `api` 팀은 일정한 CPU를 원합니다. `memberOf` 제약
# 조건에 쓸 수 있는, **모든 t3 인스턴스를 피하고** (그 밖의 인스턴스는 모두
# 허용하는) 클러스터 쿼리 언어 표현식을 `not_t3`에 쓰세요.

# %% exercise ex1

# %% [markdown] en
# ## Exercise 2 · Spread over zones, pack memory within
#
# Keep in `chain` the `placementStrategy` list that first balances tasks across
# availability zones and then, inside a zone, fills the instance with the least memory
# left.

# %% [markdown] ko
# ## 연습 2 · 가용 영역에 나누고, 그 안에서 메모리 채우기
#
# 먼저 태스크를 가용 영역에 고르게 나누고, 그다음 한 가용 영역 안에서는 남은
# 메모리가 가장 적은 인스턴스를 채우는 `placementStrategy` 목록을 `chain`에
# 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · Why did it fail?
#
# Task definition `edge` maps container port 80 to the **static host port 8080**. The team
# runs three copies, allowed only in us-east-1a. Read the answer, and keep in `blocked_by`
# the reason ECS gives for the **instances of us-east-1a** (the ones the constraint allows).

# %% [markdown] ko
# ## 연습 3 · 왜 실패했을까?
#
# 태스크 디피니션 `edge`는 컨테이너 포트 80을 **고정 호스트 포트 8080**에
# 연결합니다. 팀은 us-east-1a에서만 허용해서 세 개를 실행합니다. 응답을 읽고,
# **us-east-1a의 인스턴스** (제약 조건이 허용하는 인스턴스)에 대해 ECS가 준
# 사유를 `blocked_by`에 담으세요.

# %%
ecs.register_task_definition(
    family="edge",
    containerDefinitions=[
        {
            "name": "edge",
            "image": "nginx:1.27",
            "memory": 256,
            "portMappings": [{"containerPort": 80, "hostPort": 8080}],
        }
    ],
)
edge = ecs.run_task(
    cluster="web",
    taskDefinition="edge",
    count=3,
    placementConstraints=[
        {"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1a"}
    ],
)
print(T("tasks started:", "시작된 태스크:")(LANG), len(edge["tasks"]))
edge["failures"]

# %% exercise ex3

# %% [markdown] en
# ## Try it: build a placement request
#
# On its own playground (six instances of two types over three zones), the **Service** tab of
# the dashboard below builds a CreateService request: **Add strategy** adds a step to the chain
# (the order matters: the first strategy decides, the next ones break its ties), the arrows
# move a step, and the constraints take `distinctInstance` and a `memberOf` expression in the
# cluster query language, checked as you type. Press **Apply**, then **Advance**, and see where
# the tasks landed.

# %% [markdown] ko
# ## 해 보기: 배치 요청 만들기
#
# 별도의 연습용 시뮬레이션(가용 영역 3곳에 두 종류의 인스턴스 6대)에서, 아래 대시보드의
# **서비스** 탭이 CreateService 요청을 만듭니다. **배치 전략 추가**를 누르면 배치 전략
# 체인에 단계가 하나 붙고(순서가 중요합니다. 첫 전략이 정하고, 다음 전략은 동점을
# 가릅니다), 화살표로 단계의 순서를 바꿉니다. 배치 제약에는 `distinctInstance`와 클러스터
# 쿼리 언어로 쓴 `memberOf` 식을 넣을 수 있고, 입력하는 동안 바로 검사됩니다. **적용**을
# 누른 다음 **진행**을 누르고, 태스크가 어디에 배치되었는지 보세요.

# %%
playground = Simulation(seed=7)
play = playground.client()
play.create_cluster(clusterName="playground")
playground.launch_instances("playground", count=3, instance_type="t3.small")
playground.launch_instances("playground", count=3, instance_type="m5.large")
play.register_task_definition(
    family="api",
    containerDefinitions=[{"name": "api", "image": "nginx:1.27", "memory": 512}],
)
Dashboard(playground, "playground", service="api", lang=LANG)

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
# - Placement filters first (agent, CPU, memory, ports, constraints: all binding), then
#   ranks what is left with the strategy chain, in order (best effort).
# - `binpack` fills instances (fewer in use), `spread` balances a group over a field's
#   values, `random` picks any; chained, later ones break earlier ties.
# - `memberOf` takes the cluster query language (`=~`, `in`, `not`, custom attributes from
#   PutAttributes); `distinctInstance` puts each task of a group on its own instance.
# - RunTask reports what could not be placed in `failures`, with reasons such as
#   `RESOURCE:MEMORY` or `RESOURCE:PORTS`; `sim.explain_placement` shows every verdict.
#   Next: **deployments**.

# %% [markdown] ko
# ## 정리
#
# - 배치는 먼저 필터 (에이전트, CPU, 메모리, 포트, 제약 조건: 모두 반드시 지킴)로
#   거르고, 남은 인스턴스에 전략 체인으로 순서대로 순위를 매깁니다 (최선의 노력).
# - `binpack`은 인스턴스를 채우고 (사용하는 인스턴스 수를 줄임), `spread`는
#   그룹을 필드 값들에 고르게 나누고, `random`은 아무 곳이나 고릅니다. 체인에서는
#   뒤의 전략이 앞 전략의 동점을 가릅니다.
# - `memberOf`는 클러스터 쿼리 언어 (`=~`, `in`, `not`, PutAttributes로 붙인 속성)
#   를 받고, `distinctInstance`는 그룹의 태스크를 인스턴스마다 하나씩 둡니다.
# - RunTask는 배치하지 못한 것을 `RESOURCE:MEMORY`, `RESOURCE:PORTS` 같은 사유와
#   함께 `failures`로 알려 주고, `sim.explain_placement`는 모든 판정을 보여 줍니다.
#   다음: **배포**.
