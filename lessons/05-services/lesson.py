# Lesson 5 · Services: the source of notebooks/{en,ko}/05-services.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 5 · Services
#
# A task started with `RunTask` is on its own: if it stops, nothing starts it again. A
# **service** is ECS's promise to keep tasks running. You give it one **task definition**
# (a family and revision) and a rule for how many copies, and the service scheduler
# starts tasks, replaces the ones that stop, and writes down what it did in **events**.
#
# There are two rules, the **scheduling strategies**:
#
# - **REPLICA** (the default): keep `desiredCount` copies running in the cluster, spread
#   across Availability Zones by default (a `placementStrategy` replaces that default).
# - **DAEMON**: exactly one copy on *every* container instance, including instances that
#   join later.
#
# In this lesson (about 25 minutes) you run both side by side on one cluster, watch an
# instance join, spread a service across zones, and read a service's events.

# %% [markdown] ko
# # 5 · 서비스
#
# `RunTask`로 시작한 태스크는 혼자입니다. 멈추면 아무도 다시 시작하지 않습니다.
# **서비스**(service)는 태스크를 계속 실행되게 하겠다는 ECS의 약속입니다.
# 서비스에 **태스크 디피니션** (패밀리와 리비전) 하나와 몇 개를 실행할지에 대한
# 규칙을 주면, 서비스 스케줄러가 태스크를 시작하고, 멈춘 태스크를 대체하고,
# 한 일을 **이벤트**(events)로 기록합니다.
#
# 규칙, 즉 **스케줄링 전략**은 두 가지입니다:
#
# - **리플리카 타입**(REPLICA, 기본값): `desiredCount`개를 클러스터에서 계속
#   실행합니다. 기본으로 가용 영역에 고르게 분산합니다(`placementStrategy`를 주면 이
#   기본값을 대신합니다).
# - **데몬 타입**(DAEMON): *모든* 컨테이너 인스턴스에 정확히 하나씩,
#   나중에 합류하는 인스턴스에도 실행합니다.
#
# 이번 레슨 (약 25분)에서는 한 클러스터에서 두 타입을 나란히 실행하고,
# 인스턴스가 합류하는 것을 보고, 서비스를 가용 영역에 분산하고, 서비스
# 이벤트를 읽습니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts
from ecslearn.views.cluster import cluster_picture, snapshot
from ecslearn.widgets import Dashboard

ex1, ex2, ex3 = from_lesson("05-services", "ex1", "ex2", "ex3")
counts, tasks_per_zone = from_lesson("05-services", "counts", "tasks_per_zone")
q1, q2, q3 = from_lesson("05-services", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## The picture
#
# On the left a REPLICA service keeps 3 tasks, spread across the Availability Zones by
# default: one per zone, so an instance may have none. On the right a DAEMON service has
# one task per instance, and an instance that just joined gets its own.

# %% [markdown] ko
# ## 그림으로 보기
#
# 왼쪽의 리플리카 타입 서비스는 태스크 3개를 유지하고, 기본으로 가용 영역에 고르게
# 나눕니다. 영역마다 하나씩이므로 태스크가 없는 인스턴스도 있을 수 있습니다. 오른쪽의
# 데몬 타입 서비스는 인스턴스마다 태스크가 하나 있고, 방금 합류한 인스턴스도 자기
# 태스크를 받습니다.

# %%
concepts.service_types(LANG)

# %% [markdown] en
# ## A cluster and two task definitions
#
# A cluster `shop` with three instances, one per zone, and two task definitions: `web`
# (the shop's web server) and `log-agent` (a log shipper every host needs).

# %% [markdown] ko
# ## 클러스터와 태스크 디피니션 두 개
#
# 가용 영역마다 하나씩 인스턴스 3개가 있는 `shop` 클러스터와, 태스크 디피니션
# 두 개: `web` (쇼핑몰 웹 서버)과 `log-agent` (모든 호스트에 필요한 로그 전송기).

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock", "zones"))

# %%
ecs.create_cluster(clusterName="shop")
sim.launch_instances("shop", count=3, instance_type="t3.small")
ecs.register_task_definition(
    family="web",
    containerDefinitions=[{"name": "web", "image": "nginx:1.27", "memory": 256}],
)
ecs.register_task_definition(
    family="log-agent",
    containerDefinitions=[{"name": "log", "image": "fluent/fluent-bit:3.0", "memory": 64}],
)
ecs.list_task_definitions()["taskDefinitionArns"]

# %% [markdown] en
# ## One service per task definition
#
# A service names exactly **one** task definition revision (`web:1`): every task it
# starts is a copy of it. To run two kinds of task, you make two services. (Several
# services may use the same task definition; and changing a service's task definition
# starts a *deployment*, lesson 8.)
#
# `web` is a REPLICA service of 2 tasks. `log-agent` is a DAEMON service: it takes no
# `desiredCount`, ECS computes it from the instances once the scheduler runs. Nothing
# runs yet: both say `running 0`.

# %% [markdown] ko
# ## 서비스 하나에 태스크 디피니션 하나
#
# 서비스는 태스크 디피니션 리비전 **하나** (`web:1`)를 가리킵니다. 서비스가
# 시작하는 모든 태스크는 그 복사본입니다. 두 종류의 태스크를 실행하려면 서비스를
# 두 개 만듭니다. (여러 서비스가 같은 태스크 디피니션을 쓸 수는 있습니다. 서비스의
# 태스크 디피니션을 바꾸면 *배포* 가 시작됩니다. 레슨 8.)
#
# `web`은 태스크 2개의 리플리카 타입 서비스입니다. `log-agent`는 데몬 타입
# 서비스입니다. `desiredCount`를 받지 않고, 스케줄러가 실행되면 ECS가 인스턴스
# 수로 계산합니다. 아직 아무것도 실행되지 않았습니다: 둘 다 `running 0`입니다.

# %%
ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web:1", desiredCount=2)
ecs.create_service(
    cluster="shop",
    serviceName="log-agent",
    taskDefinition="log-agent:1",
    schedulingStrategy="DAEMON",
)


counts(ecs)

# %% [markdown] en
# ## Step through
#
# The virtual clock waits. One `sim.step()` runs the next scheduled thing, here the
# service scheduler. It places the tasks, which start PENDING (the agents are pulling
# images); the printout lists what happened.

# %% [markdown] ko
# ## 한 단계씩
#
# 가상 시계는 기다립니다. `sim.step()` 한 번이 예정된 다음 일, 여기서는 서비스
# 스케줄러를 실행합니다. 스케줄러가 태스크를 배치하고, 태스크는 PENDING으로
# 시작합니다 (에이전트가 이미지를 받는 중). 출력은 일어난 일의 목록입니다.

# %%
print(sim.step())
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# `run_until_stable()` runs the clock until every task is RUNNING and both services have
# reached a steady state. Look at the counts ECS reports: the DAEMON service's
# `desiredCount` is the number of instances.

# %% [markdown] ko
# `run_until_stable()`은 모든 태스크가 RUNNING이 되고 두 서비스가 안정 상태에
# 도달할 때까지 시계를 돌립니다. ECS가 알려 주는 개수를 보세요: 데몬 타입
# 서비스의 `desiredCount`는 인스턴스 수입니다.

# %%
sim.run_until_stable()
counts(ecs)

# %% [markdown] en
# ## An instance joins
#
# Launch a fourth instance. `snapshot` remembers the cluster now, so the next picture can
# mark what is new (thick border, see the legend).

# %% [markdown] ko
# ## 인스턴스가 합류
#
# 네 번째 인스턴스를 띄웁니다. `snapshot`이 지금의 클러스터를 기억해 두므로, 다음
# 그림이 새로 생긴 것을 표시할 수 있습니다 (굵은 테두리, 범례 참고).

# %%
before = snapshot(sim, "shop")
sim.launch_instances("shop", count=1, instance_type="t3.small")
sim.run_until_stable()
counts(ecs)
cluster_picture(sim, "shop", previous=before, lang=LANG)

# %% [markdown] en
# The DAEMON service put a `log-agent` task on the new instance by itself; `web` still has
# 2 tasks, because 2 is what it was asked for: a REPLICA service starts tasks only to
# reach its count, not because an instance joined.

# %% [markdown] ko
# 데몬 타입 서비스는 새 인스턴스에 `log-agent` 태스크를 스스로 배치했습니다. `web`
# 은 여전히 2개입니다. 요청받은 수가 2이기 때문입니다: 리플리카 타입 서비스는
# 개수를 맞추기 위해서만 태스크를 시작하고, 인스턴스가 합류했다고 시작하지는 않습니다.

# %% [markdown] en
# A DAEMON service has no count to give, and no placement strategy to follow: ECS refuses
# both.

# %% [markdown] ko
# 데몬 타입 서비스에는 줄 개수도, 따를 배치 전략도 없습니다: ECS는 둘 다 거부합니다.

# %%
with ecs_error(LANG):
    ecs.create_service(
        cluster="shop",
        serviceName="log-agent-2",
        taskDefinition="log-agent:1",
        schedulingStrategy="DAEMON",
        desiredCount=4,
    )

# %% [markdown] en
# ## Service events
#
# Every service keeps its newest 100 **events**, newest first: what the scheduler
# started and stopped, and when the service reached a steady state. When something goes
# wrong (no room for a task, tasks failing to start), the reason is here first.

# %% [markdown] ko
# ## 서비스 이벤트
#
# 모든 서비스는 가장 최근 이벤트 100개를 최신순으로 보관합니다: 스케줄러가 시작하고
# 멈춘 것, 서비스가 안정 상태에 도달한 때. 무언가 잘못되면 (태스크 자리가 없거나,
# 태스크가 시작에 실패하면) 이유가 가장 먼저 여기 나옵니다.

# %%
log_agent = ecs.describe_services(cluster="shop", services=["log-agent"])["services"][0]
for event in log_agent["events"][:5]:
    print(event["createdAt"].strftime("%H:%M:%S"), event["message"])

# %% [markdown] en
# ## Exercise 1 · Scale a service
#
# The shop expects more visitors: `web` must run **5** tasks. Change the service (do not
# create a new one), let the simulation run, then keep in `web_running` the
# `runningCount` that DescribeServices reports afterwards.

# %% [markdown] ko
# ## 연습 1 · 서비스 규모 조정
#
# 방문자가 늘어날 예정입니다: `web`은 태스크 **5개**를 실행해야 합니다. 새
# 서비스를 만들지 말고 서비스를 변경하고, 시뮬레이션을 실행한 다음,
# DescribeServices가 알려 주는 `runningCount`를 `web_running`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## Spreading: by instance or by zone
#
# A REPLICA service can take **placement strategies**. `spread` balances the service's
# tasks over the values of a field:
#
# - `instanceId`: the same number of tasks on each instance,
# - `attribute:ecs.availability-zone`: the same number in each zone.
#
# They are not the same when zones have different numbers of instances. Cluster `lab` has
# three instances in us-east-1a and one in us-east-1b. Spread by instance, 4 tasks land
# 3 in one zone and 1 in the other: if us-east-1a fails, 3 of the 4 go with it.

# %% [markdown] ko
# ## 분산: 인스턴스별 또는 가용 영역별
#
# 리플리카 타입 서비스는 **배치 전략**(placement strategy)을 받을 수 있습니다.
# `spread`는 서비스의 태스크를 어떤 필드의 값들에 고르게 나눕니다:
#
# - `instanceId`: 인스턴스마다 같은 수의 태스크,
# - `attribute:ecs.availability-zone`: 가용 영역마다 같은 수.
#
# 가용 영역마다 인스턴스 수가 다르면 둘은 같지 않습니다. `lab` 클러스터에는
# us-east-1a에 인스턴스 3개, us-east-1b에 1개가 있습니다. 인스턴스별로 분산하면
# 태스크 4개가 한 영역에 3개, 다른 영역에 1개 놓입니다: us-east-1a에 장애가 나면
# 4개 중 3개가 함께 멈춥니다.

# %%
ecs.create_cluster(clusterName="lab")
zones = ["us-east-1a", "us-east-1a", "us-east-1a", "us-east-1b"]
sim.launch_instances("lab", count=4, instance_type="t3.small", zones=zones)
ecs.create_service(
    cluster="lab",
    serviceName="by-host",
    taskDefinition="web:1",
    desiredCount=4,
    placementStrategy=[{"type": "spread", "field": "instanceId"}],
)
sim.run_until_stable()


tasks_per_zone(ecs, "lab", "by-host")

# %%
cluster_picture(sim, "lab", service="by-host", lang=LANG)

# %% [markdown] en
# ## Exercise 2 · Spread across zones
#
# Create a REPLICA service `by-zone` in cluster `lab`, from task definition `web:1`, with
# **4** tasks **spread across availability zones**. Run the simulation until it is
# stable, and keep the service, as DescribeServices shows it, in `by_zone`.
# `tasks_per_zone(ecs, "lab", "by-zone")` should then say 2 and 2.

# %% [markdown] ko
# ## 연습 2 · 가용 영역에 분산
#
# `lab` 클러스터에 태스크 디피니션 `web:1`로 리플리카 타입 서비스 `by-zone`을
# 만드세요. 태스크 **4개**를 **가용 영역에 고르게 분산**합니다. 시뮬레이션을
# 안정될 때까지 실행하고, DescribeServices가 보여 주는 서비스를 `by_zone`에
# 담으세요. 그러면 `tasks_per_zone(ecs, "lab", "by-zone")`이 2와 2를 보여 줄 것입니다.

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · A daemon on every host
#
# Every instance of `shop` needs a metrics exporter. Register a task definition
# `node-exporter` (one container named `exporter`, image `prom/node-exporter:v1.8.1`,
# 64 MiB), create a service `node-exporter` in `shop` that runs it on **every** instance,
# now and in the future, run until stable, and keep the service in `exporter`.

# %% [markdown] ko
# ## 연습 3 · 모든 호스트에 데몬
#
# `shop`의 모든 인스턴스에 지표 수집기가 필요합니다. 태스크 디피니션
# `node-exporter` (컨테이너 하나, 이름 `exporter`, 이미지
# `prom/node-exporter:v1.8.1`, 64 MiB) 를 등록하고, 지금과 앞으로의 **모든**
# 인스턴스에서 실행하는 서비스 `node-exporter`를 `shop`에 만들고, 안정될 때까지
# 실행한 다음, 서비스를 `exporter`에 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## Try it: a service dashboard
#
# The dashboard below runs on a playground simulation of its own (three instances, a task
# definition `web`, no service yet). On the **Service** tab choose REPLICA or DAEMON, set
# **Desired**, and press **Apply**: it sends CreateService (then UpdateService) — the exact
# request is shown as ECS JSON and as an `aws ecs` command. Then **Step** or **Advance** the
# player and watch the tasks start. Try REPLICA → DAEMON on an existing service: a service's
# scheduling strategy cannot change (UpdateService has no `schedulingStrategy`), and the
# dashboard says so. The **Faults** tab kills a container or terminates an instance.

# %% [markdown] ko
# ## 해 보기: 서비스 대시보드
#
# 아래 대시보드는 별도의 연습용 시뮬레이션에서 동작합니다(인스턴스 3대, 태스크
# 디피니션 `web`, 아직 서비스 없음). **서비스** 탭에서 리플리카 타입(REPLICA) 또는 데몬
# 타입(DAEMON)을 고르고 **원하는 수**를 정한 뒤 **적용**을 누르세요. 대시보드가
# CreateService(그다음에는 UpdateService)를 보내고, 보낸 요청을 ECS JSON과 `aws ecs`
# 명령으로 보여 줍니다. 그리고 플레이어에서 **스텝**이나 **진행**을 눌러 태스크가
# 시작되는 것을 보세요. 이미 있는 서비스를 REPLICA에서 DAEMON으로 바꿔 보세요. 서비스의
# 스케줄링 전략은 바꿀 수 없고(UpdateService에는 `schedulingStrategy`가 없습니다),
# 대시보드도 그렇게 알려 줍니다. **장애 주입** 탭에서는 컨테이너를 강제 종료하거나
# 인스턴스를 종료할 수 있습니다.

# %%
playground = Simulation(seed=5)
play = playground.client()
play.create_cluster(clusterName="playground")
playground.launch_instances("playground", count=3)
play.register_task_definition(
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
Dashboard(playground, "playground", service="web", lang=LANG)

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
# - A service keeps copies of one task definition revision running and replaces those
#   that stop; a task from RunTask is not managed that way.
# - REPLICA keeps `desiredCount` tasks; change the count with `UpdateService` (scaling is
#   not a new deployment).
# - DAEMON runs one task per instance, and starts one on every instance that joins; it
#   takes neither `desiredCount` nor placement strategies.
# - `spread` on `instanceId` balances hosts; on `attribute:ecs.availability-zone` it
#   balances zones. With uneven zones they differ.
# - A service's `events` tell what its scheduler did. Next: **ECR**, where images live.

# %% [markdown] ko
# ## 정리
#
# - 서비스는 태스크 디피니션 리비전 하나의 복사본을 계속 실행하고, 멈춘 것을
#   대체합니다. RunTask로 시작한 태스크는 이렇게 관리되지 않습니다.
# - 리플리카 타입은 `desiredCount` 개를 유지합니다. 개수는 `UpdateService`로
#   바꿉니다 (규모 조정은 새 배포가 아닙니다).
# - 데몬 타입은 인스턴스마다 태스크 하나를 실행하고, 합류하는 모든 인스턴스에서
#   하나를 시작합니다. `desiredCount`도 배치 전략도 받지 않습니다.
# - `instanceId`로 `spread` 하면 호스트에, `attribute:ecs.availability-zone`으로
#   하면 가용 영역에 고르게 나눕니다. 영역마다 인스턴스 수가 다르면 결과가 다릅니다.
# - 서비스의 `events`가 스케줄러가 한 일을 알려 줍니다. 다음: 이미지가 있는 곳,
#   **ECR**.
