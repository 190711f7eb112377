# Lesson 8 · Deployments and failure recovery: the source of
# notebooks/{en,ko}/08-deployments.ipynb, written by `./dev lessons`.
# The format is explained in lessons/README.md.

# %% [markdown] en
# # 8 · Deployments and failure recovery
#
# A service does not only keep `desiredCount` tasks running: it also **deploys** new
# versions. Each configuration of a service (its task definition revision, mainly) is a
# **deployment**. The newest is the `PRIMARY`; an older one that still has tasks is
# `ACTIVE`. A **rolling update** replaces the ACTIVE deployment's tasks with PRIMARY ones,
# within two bounds of the service's `deploymentConfiguration`, with D = desiredCount:
#
# - `minimumHealthyPercent`: at least `ceil(D × min / 100)` tasks stay RUNNING and healthy;
# - `maximumPercent`: at most `floor(D × max / 100)` tasks exist across all deployments.
#
# The defaults are 100 and 200: start all new tasks first, then stop the old ones. In this
# lesson (about 40 minutes) you step through a rolling update, unstick one that cannot
# move, let the **circuit breaker** roll back a broken version, and watch the service
# replace tasks that die. Then you deploy the other ways ECS knows: **blue/green** behind a
# load balancer, with a **lifecycle hook** that can stop it, and a **canary**.

# %% [markdown] ko
# # 8 · 배포와 장애 복구
#
# 서비스는 태스크 `desiredCount`개를 계속 실행할 뿐 아니라 새 버전을 **배포**합니다.
# 서비스의 구성 하나하나 (주로 태스크 디피니션 리비전)가 하나의 **배포** (deployment)
# 입니다. 가장 새로운 배포가 `PRIMARY`이고, 아직 태스크가 남은 이전 배포는
# `ACTIVE`입니다. **롤링 업데이트**는 ACTIVE 배포의 태스크를 PRIMARY 배포의 태스크로
# 바꾸는데, D = desiredCount라고 할 때 서비스 `deploymentConfiguration`의 두 한계 안에서
# 바꿉니다:
#
# - `minimumHealthyPercent`: 태스크 최소 `ceil(D × min / 100)`개가 RUNNING이고 정상인
#   상태로 남아 있어야 합니다.
# - `maximumPercent`: 모든 배포를 합쳐 태스크가 최대 `floor(D × max / 100)`개까지 있을
#   수 있습니다.
#
# 기본값은 100과 200입니다. 새 태스크를 먼저 모두 시작하고, 그다음 이전 태스크를
# 멈춘다는 뜻입니다. 이번 레슨 (약 40분)에서는 롤링 업데이트를 한 단계씩 따라가고,
# 움직이지 못하는 배포를 풀고, 망가진 버전을 **서킷 브레이커**가 롤백하게 하고, 죽은
# 태스크를 서비스가 대체하는 모습을 봅니다. 그다음 ECS가 아는 다른 배포 방식으로
# 배포해 봅니다. 로드 밸런서 뒤의 **블루/그린** 배포와 그것을 멈출 수 있는 **수명 주기
# 훅**, 그리고 **카나리** 배포입니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.deployment_timeline import deployment_timeline
from ecslearn.views.timelines import desired_vs_running, tasks_per_revision
from ecslearn.widgets import Dashboard

ex1, ex2, ex3, ex4, ex5 = from_lesson("08-deployments", "ex1", "ex2", "ex3", "ex4", "ex5")
deployments, newest_deployment, store_front, wait_for_hook, where_requests_go = from_lesson(
    "08-deployments",
    "deployments",
    "newest_deployment",
    "store_front",
    "wait_for_hook",
    "where_requests_go",
)
SMOKE_TEST, HOOK_ROLE = from_lesson("08-deployments", "SMOKE_TEST", "HOOK_ROLE")
q1, q2, q3 = from_lesson("08-deployments", "q1", "q2", "q3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock"))

# %% [markdown] en
# ## A rolling update, step by step
#
# Cluster `shop` has four t3.small instances; service `web` runs four tasks of 900 MiB
# (two fit on an instance, so there is room for eight). We register revision 2 (a new
# image) and point the service at it.

# %% [markdown] ko
# ## 롤링 업데이트를 한 단계씩
#
# `shop` 클러스터에는 t3.small 인스턴스 네 대가 있고, `web` 서비스는 900 MiB 태스크 네
# 개를 실행합니다 (인스턴스 하나에 두 개가 들어가므로 여덟 개까지 자리가 있습니다).
# 리비전 2 (새 이미지)를 등록하고 서비스가 그 리비전을 쓰게 합니다.

# %%
ecs.create_cluster(clusterName="shop")
hosts = sim.launch_instances("shop", count=4, instance_type="t3.small")
for image in ("nginx:1.26", "nginx:1.27"):
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[{"name": "web", "image": image, "memory": 900}],
    )
ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web:1", desiredCount=4)
sim.run_until_stable()
deployments(ecs, sim, "shop", "web")

# %%
ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
for _ in range(2):
    sim.advance(15)
    deployments(ecs, sim, "shop", "web")

# %% [markdown] en
# Mid-way, both revisions run side by side (the picture tells revisions apart by border
# colour, and task states by fill colour; see the legend):

# %% [markdown] ko
# 중간에는 두 리비전이 나란히 실행됩니다 (그림은 리비전을 테두리 색으로, 태스크 상태를
# 채움 색으로 구분합니다. 범례를 보세요):

# %%
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# New tasks count as healthy after 40 s RUNNING (there is no load balancer or health
# check here); only then may old ones stop. Two more steps of 15 s: the old tasks stop,
# the ACTIVE deployment leaves, and the PRIMARY's rollout is COMPLETED.

# %% [markdown] ko
# 새 태스크는 RUNNING 상태로 40초가 지나야 정상으로 칩니다 (여기에는 로드 밸런서도
# 상태 확인도 없습니다). 그 뒤에야 이전 태스크를 멈출 수 있습니다. 15초씩 두 단계 더
# 가면 이전 태스크가 멈추고, ACTIVE 배포가 사라지고, PRIMARY 배포의 롤아웃이
# COMPLETED가 됩니다.

# %%
for _ in range(2):
    sim.advance(15)
    deployments(ecs, sim, "shop", "web")
print(sim.run_until_stable())

# %% [markdown] en
# The timeline, rebuilt from the simulation's events: one revision's line climbs while
# the other's falls.

# %% [markdown] ko
# 시뮬레이션 이벤트로 다시 그린 타임라인입니다. 한 리비전의 선이 올라가는 동안 다른
# 리비전의 선이 내려갑니다.

# %%
tasks_per_revision(sim, "web", "shop", lang=LANG)

# %% [markdown] en
# ## A rolling update that cannot move
#
# Cluster `tight` has only two t3.small instances: room for exactly four 900 MiB tasks,
# and service `api` runs four. With the defaults (100/200), ECS may start four new tasks
# but there is no room for them, and it may not stop an old one first. The deployment
# waits, and the service's events say why.

# %% [markdown] ko
# ## 움직이지 못하는 롤링 업데이트
#
# `tight` 클러스터에는 t3.small 인스턴스가 두 대뿐입니다. 900 MiB 태스크가 딱 네 개
# 들어가고, `api` 서비스가 네 개를 실행합니다. 기본값 (100/200)에서는 ECS가 새 태스크
# 네 개를 시작해도 되지만 자리가 없고, 이전 태스크를 먼저 멈춰서도 안 됩니다. 배포는
# 기다리고, 서비스 이벤트가 그 이유를 알려 줍니다.

# %%
ecs.create_cluster(clusterName="tight")
sim.launch_instances("tight", count=2, instance_type="t3.small")
for image in ("httpd:2.4.61", "httpd:2.4.62"):
    ecs.register_task_definition(
        family="api",
        containerDefinitions=[{"name": "api", "image": image, "memory": 900}],
    )
ecs.create_service(cluster="tight", serviceName="api", taskDefinition="api:1", desiredCount=4)
sim.run_until_stable()
ecs.update_service(cluster="tight", service="api", taskDefinition="api:2")
print(sim.run_until_stable(timeout=120))
deployments(ecs, sim, "tight", "api")
events = ecs.describe_services(cluster="tight", services=["api"])["services"][0]["events"]
print(events[0]["message"])

# %% [markdown] en
# ## Exercise 1 · Let the update roll
#
# Choose in `rolling` a `deploymentConfiguration` (`minimumHealthyPercent` and
# `maximumPercent`) with which the deployment of `api:2` completes on the same two
# instances, while **at least half** of the four tasks keep serving at every moment.
# Apply it with `ecs.update_service(..., deploymentConfiguration=rolling)` and run
# `sim.run_until_stable()`.

# %% [markdown] ko
# ## 연습 1 · 멈춘 업데이트를 다시 움직이기
#
# 같은 인스턴스 두 대에서 `api:2` 배포가 완료되면서도, 어느 순간에나 태스크 네 개 중
# **절반 이상**이 계속 서비스하게 하는 `deploymentConfiguration`
# (`minimumHealthyPercent`와 `maximumPercent`)을 `rolling`에 정하세요.
# `ecs.update_service(..., deploymentConfiguration=rolling)`으로 적용하고
# `sim.run_until_stable()`을 실행하세요.

# %% exercise ex1

# %% [markdown] en
# ## A version that fails to start
#
# Revision 3 of `web` names an image tag that was never pushed to the ECR repository.
# Every new task stops before RUNNING with `CannotPullContainerError`. Without the circuit
# breaker, ECS keeps trying (ever more slowly) and the deployment stays `IN_PROGRESS`; the
# old tasks keep serving, since min 100% forbids stopping them.

# %% [markdown] ko
# ## 시작하지 못하는 버전
#
# `web`의 리비전 3은 ECR 리포지토리에 푸시된 적 없는 이미지 태그를 씁니다. 새 태스크는
# 모두 RUNNING이 되기 전에 `CannotPullContainerError`로 멈춥니다. 서킷 브레이커가
# 없으면 ECS는 (점점 느리게) 계속 시도하고 배포는 `IN_PROGRESS`로 남습니다. min이
# 100%라서 이전 태스크를 멈출 수 없으므로 이전 태스크가 계속 서비스합니다.

# %%
ecr = sim.client("ecr")
ecr.create_repository(repositoryName="web")
ecs.register_task_definition(
    family="web",
    containerDefinitions=[
        {
            "name": "web",
            "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3.0",
            "memory": 900,
        }
    ],
)
ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")
sim.advance(180)
deployments(ecs, sim, "shop", "web")
stopped = ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="STOPPED")
failed = ecs.describe_tasks(cluster="shop", tasks=stopped["taskArns"])["tasks"]
print(next(t["containers"][0]["reason"] for t in failed if t["taskDefinitionArn"].endswith(":3")))

# %% [markdown] en
# By hand, you would point the service back at revision 2:

# %% [markdown] ko
# 손으로 한다면 서비스를 리비전 2로 되돌립니다:

# %%
ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
sim.run_until_stable()
deployments(ecs, sim, "shop", "web")

# %% [markdown] en
# The circuit breaker is a setting of the service: `deploymentCircuitBreaker` in its
# `deploymentConfiguration`, with two booleans, `enable` and `rollback`. Both are
# required; the client refuses the request before it reaches ECS if one is missing:

# %% [markdown] ko
# 서킷 브레이커는 서비스의 설정입니다. `deploymentConfiguration` 안의
# `deploymentCircuitBreaker`이며, 불리언 두 개 `enable`과 `rollback`을 갖습니다. 둘 다
# 필수라서, 하나가 빠지면 요청이 ECS에 닿기 전에 클라이언트가 거부합니다:

# %%
with ecs_error(LANG):
    ecs.update_service(
        cluster="shop",
        service="web",
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True}},
    )

# %% [markdown] en
# ## Exercise 2 · The circuit breaker rolls back
#
# The **deployment circuit breaker** does this for you: once enough tasks of a deployment
# fail to start (half of desiredCount, at least 3), it marks the deployment `FAILED`, and
# with `rollback` it starts a new deployment of the last one that completed. Turn it on
# (with rollback) for service `web`, keeping the configuration in `breaker`, then deploy
# `web:3` again and run until stable.

# %% [markdown] ko
# ## 연습 2 · 서킷 브레이커의 롤백
#
# **배포 서킷 브레이커**가 이 일을 대신합니다. 한 배포에서 시작에 실패한 태스크가 충분히
# 많아지면 (desiredCount의 절반, 최소 3개) 그 배포를 `FAILED`로 표시하고, `rollback`이
# 켜져 있으면 마지막으로 완료된 배포를 새 배포로 시작합니다. `web` 서비스에 서킷
# 브레이커를 롤백과 함께 켜고 그 구성을 `breaker`에 담은 다음, `web:3`을 다시 배포하고
# 안정될 때까지 실행하세요.

# %% exercise ex2

# %% [markdown] en
# The timeline of `web` shows the whole story: revision 2 replacing 1, revision 3 never
# running (it has no line), and the rollback (the marks are the service's events). Going
# back to web:2, by hand or by rollback, is a *new* deployment: it starts fresh web:2
# tasks before stopping the old ones, hence the two bumps to 8.

# %% [markdown] ko
# `web`의 타임라인이 전체 이야기를 보여 줍니다. 리비전 2가 1을 대체하고, 리비전 3은 한
# 번도 실행되지 못하고 (선이 없습니다), 롤백합니다 (세로 표시는 서비스 이벤트입니다).
# 손으로든 롤백으로든 web:2로 돌아가는 것은 *새* 배포라서, 이전 태스크를 멈추기 전에 새
# web:2 태스크를 시작합니다. 그래서 8까지 두 번 올라갑니다.

# %%
tasks_per_revision(sim, "web", "shop", lang=LANG)

# %% [markdown] en
# ## Killed containers and lost instances
#
# A service replaces tasks that stop. When the essential container of a task dies (here
# killed, exit code 137), ECS stops the whole task:

# %% [markdown] ko
# ## 강제로 종료된 컨테이너와 사라진 인스턴스
#
# 서비스는 멈춘 태스크를 대체합니다. 태스크의 필수 컨테이너 (`essential`)가 죽으면
# (여기서는 kill, 종료 코드 137) ECS가 태스크 전체를 멈춥니다:

# %%
victim = ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"][0]
sim.kill_container(victim, "web")
sim.step()
task = ecs.describe_tasks(cluster="shop", tasks=[victim])["tasks"][0]
print(task["lastStatus"], "·", task["stoppedReason"], "· exit", task["containers"][0]["exitCode"])
sim.run_until_stable()
deployments(ecs, sim, "shop", "web")

# %% [markdown] en
# When a whole EC2 instance is terminated, its tasks stop with it and the instance leaves
# the cluster (INACTIVE: the picture still shows it, marked); the service starts
# replacements on the instances left.

# %% [markdown] ko
# EC2 인스턴스 전체가 종료되면 그 위의 태스크도 함께 멈추고 인스턴스는 클러스터를
# 떠납니다 (INACTIVE: 그림에는 표시된 채로 남습니다). 서비스는 남은 인스턴스에 대체
# 태스크를 시작합니다.

# %%
sim.terminate_instance(hosts[0])
print(sim.run_until_stable())
deployments(ecs, sim, "shop", "web")
cluster_picture(sim, "shop", lang=LANG)

# %%
desired_vs_running(sim, "web", "shop", lang=LANG)

# %% [markdown] en
# ## Exercise 3 · Steady state
#
# Everything above was written in the service's **events** (newest first, in
# `describe_services(...)["services"][0]["events"]`). Keep in `steady` the message of the
# newest event of `web` saying that the service reached a steady state.

# %% [markdown] ko
# ## 연습 3 · 안정 상태 (steady state)
#
# 위에서 일어난 일은 모두 서비스의 **이벤트** (최신 순,
# `describe_services(...)["services"][0]["events"]`)에 적혀 있습니다. `web`의 이벤트
# 중에서 서비스가 안정 상태에 도달했다고 말하는 가장 최근 이벤트의 메시지를 `steady`에
# 담으세요.

# %%
web_events = ecs.describe_services(cluster="shop", services=["web"])["services"][0]["events"]
for event in web_events[:6]:
    print(event["message"])

# %% exercise ex3

# %% [markdown] en
# ## Blue/green: a whole second copy, then one switch
#
# A rolling update mixes old and new tasks behind one target group: for a while, some users
# get the old version and some the new. Set `deploymentConfiguration.strategy` to
# `BLUE_GREEN` and ECS deploys differently. The running revision is **blue**. ECS starts the
# new revision, **green**, at full size in a *second* target group (the load balancer's
# `advancedConfiguration.alternateTargetGroupArn`), while the **production listener rule**
# keeps sending every user to blue. A **test listener rule** sends testers (here: requests
# with the header `X-Test: 1`) to green. Then ECS moves all production traffic at once, by
# rewriting the production rule's weights, keeps blue running for `bakeTimeInMinutes` (a
# rollback then is just moving the weights back), and stops blue.
#
# `store_front(sim)` builds the Application Load Balancer for cluster `store`: target groups
# `store-a` and `store-b`, a production rule and a test rule, both forwarding 100 / 0 to
# `store-a` / `store-b` (lesson 9 explains each call; the code is in this lesson's
# `exercises.py`). Service `store` starts on `store-a`.

# %% [markdown] ko
# ## 블루/그린: 두 번째 사본을 통째로 띄우고, 한 번에 전환
#
# 롤링 업데이트는 하나의 대상 그룹 뒤에서 이전 태스크와 새 태스크를 섞습니다. 그동안
# 어떤 사용자는 이전 버전을, 어떤 사용자는 새 버전을 받습니다.
# `deploymentConfiguration.strategy`를 `BLUE_GREEN`으로 하면 ECS는 다르게 배포합니다.
# 지금 실행 중인 리비전이 **blue**입니다. ECS는 새 리비전인 **green**을 *두 번째* 대상
# 그룹 (로드 밸런서 설정의 `advancedConfiguration.alternateTargetGroupArn`)에 전체
# 개수로 시작하고, 그동안 **프로덕션 리스너 규칙**은 모든 사용자를 계속 blue로
# 보냅니다. **테스트 리스너 규칙**은 테스터 (여기서는 `X-Test: 1` 헤더가 있는 요청)를
# green으로 보냅니다. 그다음 ECS는 프로덕션 규칙의 가중치를 바꿔 모든 프로덕션
# 트래픽을 한 번에 옮기고, `bakeTimeInMinutes` 동안 blue를 계속 실행해 두었다가 (그동안
# 롤백은 가중치를 되돌리기만 하면 됩니다) blue를 멈춥니다.
#
# `store_front(sim)`은 `store` 클러스터용 Application Load Balancer를 만듭니다. 대상
# 그룹 `store-a`와 `store-b`, 프로덕션 규칙과 테스트 규칙이 있고, 두 규칙 모두
# `store-a` / `store-b`로 100 / 0을 보냅니다 (각 호출은 9강에서 설명합니다. 코드는 이
# 레슨의 `exercises.py`에 있습니다). `store` 서비스는 `store-a`에서 시작합니다.

# %%
ecs.create_cluster(clusterName="store")
sim.launch_instances("store", count=3, instance_type="t3.small")
for image in ("nginx:1.26", "nginx:1.27", "nginx:1.28", "nginx:1.29"):
    ecs.register_task_definition(
        family="store",
        containerDefinitions=[
            {"name": "web", "image": image, "memory": 256, "portMappings": [{"containerPort": 80}]}
        ],
    )
front = store_front(sim)
ecs.create_service(
    cluster="store",
    serviceName="store",
    taskDefinition="store:1",
    desiredCount=2,
    loadBalancers=front.load_balancers(),
    deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5},
)
sim.run_until_stable()
where_requests_go(sim, front)

# %% [markdown] en
# Deploy `store:2` and watch, every 10 simulated seconds, the service deployment's
# `lifecycleStage` (DescribeServiceDeployments) and where 20 user requests and 20 test
# requests land:

# %% [markdown] ko
# `store:2`를 배포하고, 시뮬레이션 시간 10초마다 서비스 배포의 `lifecycleStage`
# (DescribeServiceDeployments)와 사용자 요청 20개, 테스트 요청 20개가 어디에 닿는지
# 봅니다:

# %%
ecs.update_service(cluster="store", service="store", taskDefinition="store:2")
for _ in range(4):
    sim.advance(10)
    newest_deployment(ecs, sim, "store", "store")
    where_requests_go(sim, front)
sim.run_until_stable()
newest_deployment(ecs, sim, "store", "store")

# %% [markdown] en
# Users moved from `store-a` to `store-b` in one step, never half and half. The deployment
# timeline draws the same story: green (store:2) at full size before any traffic, the
# production line jumping from 0 to 100%, the bake time shaded, then blue leaving.

# %% [markdown] ko
# 사용자는 `store-a`에서 `store-b`로 한 번에 옮겨 갔고, 반반인 순간은 없었습니다. 배포
# 타임라인도 같은 이야기를 그립니다. 트래픽을 받기 전에 green (store:2)이 전체 개수로
# 뜨고, 프로덕션 선이 0에서 100%로 뛰고, 베이크 시간이 칠해져 있고, 그다음 blue가
# 사라집니다.

# %%
deployment_timeline(sim, "store", "store", lang=LANG)

# %% [markdown] en
# ## Lifecycle hooks: a check that can say no
#
# A **lifecycle hook** runs at the stages you name (`PRE_SCALE_UP`, `POST_SCALE_UP`,
# `TEST_TRAFFIC_SHIFT`, `POST_TEST_TRAFFIC_SHIFT`, `PRODUCTION_TRAFFIC_SHIFT`,
# `POST_PRODUCTION_TRAFFIC_SHIFT`...). On AWS it is a Lambda function; ECS calls it and
# waits for `SUCCEEDED`, `FAILED` or `IN_PROGRESS` (call me again). In the simulation, the
# function's ARN answers whatever you register for it with `sim.lifecycle_hooks.register`:
# a word, a list of words, or a Python function. Here the smoke test finds a bug in
# `store:3` after test traffic reaches it. A failing hook rolls back, and blue was never
# touched: the same tasks keep serving.

# %% [markdown] ko
# ## 수명 주기 훅: 거절할 수 있는 검사
#
# **수명 주기 훅** (lifecycle hook)은 지정한 단계 (`PRE_SCALE_UP`, `POST_SCALE_UP`,
# `TEST_TRAFFIC_SHIFT`, `POST_TEST_TRAFFIC_SHIFT`, `PRODUCTION_TRAFFIC_SHIFT`,
# `POST_PRODUCTION_TRAFFIC_SHIFT` 등)에서 실행됩니다. AWS에서는 Lambda 함수이고, ECS가
# 함수를 호출해 `SUCCEEDED`, `FAILED`, `IN_PROGRESS` (다시 호출해 달라는 뜻) 중 하나의
# 답을 기다립니다. 시뮬레이션에서는 `sim.lifecycle_hooks.register`로 함수 ARN에 등록한
# 것이 답합니다. 단어 하나, 단어 목록, 또는 Python 함수를 등록할 수 있습니다. 여기서는
# 테스트 트래픽이 `store:3`에 닿은 뒤 스모크 테스트가 버그를 찾아냅니다. 훅이 실패하면
# 롤백하는데, blue는 한 번도 건드리지 않았으므로 같은 태스크가 계속 서비스합니다.

# %%
sim.lifecycle_hooks.register(SMOKE_TEST, "FAILED")
smoke_test = {
    "hookTargetArn": SMOKE_TEST,
    "roleArn": HOOK_ROLE,
    "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
}
blue_tasks = set(ecs.list_tasks(cluster="store", serviceName="store")["taskArns"])
ecs.update_service(
    cluster="store",
    service="store",
    taskDefinition="store:3",
    deploymentConfiguration={
        "strategy": "BLUE_GREEN",
        "bakeTimeInMinutes": 5,
        "lifecycleHooks": [smoke_test],
    },
)
sim.run_until_stable()
failed = newest_deployment(ecs, sim, "store", "store")
print(failed["rollback"]["reason"])
print("the same blue tasks:", blue_tasks == set(ecs.list_tasks(cluster="store")["taskArns"]))
where_requests_go(sim, front)

# %% [markdown] en
# ## Exercise 4 · Look at green before your users do
#
# A hook of `targetType` `PAUSE` calls no function: the deployment waits at its stage until
# someone calls **ContinueServiceDeployment** (or until the hook times out, which rolls
# back). Deploy `store:3` again with a PAUSE hook at `POST_TEST_TRAFFIC_SHIFT` (and no
# Lambda hook). When it waits (`wait_for_hook` returns the deployment's ARN and the hook's
# ID), keep in `production_sees` and `test_sees` the names of the target groups that
# answered user requests and test requests, then continue the deployment and run until
# stable.

# %% [markdown] ko
# ## 연습 4 · 사용자보다 먼저 green을 보기
#
# `targetType` 값이 `PAUSE`인 훅은 함수를 호출하지 않습니다. 누군가
# **ContinueServiceDeployment**를 호출할 때까지 (또는 훅의 시간이 다 되어 롤백할
# 때까지) 배포가 그 단계에서 기다립니다. `POST_TEST_TRAFFIC_SHIFT`에 PAUSE 훅을 두고
# (Lambda 훅은 빼고) `store:3`을 다시 배포하세요. 배포가 기다리면 (`wait_for_hook`이
# 배포의 ARN과 훅 ID를 돌려줍니다) 사용자 요청과 테스트 요청에 응답한 대상 그룹의
# 이름을 `production_sees`와 `test_sees`에 담고, 배포를 계속 진행시킨 뒤 안정될 때까지
# 실행하세요.

# %% exercise ex4

# %% [markdown] en
# ## Canary and linear: a little traffic first
#
# Blue/green moves every user at once. **CANARY** moves a small share first
# (`canaryConfiguration.canaryPercent`), waits `canaryBakeTimeInMinutes` with that share on
# green, then moves the rest. **LINEAR** moves `linearConfiguration.stepPercent` at a time,
# waiting `stepBakeTimeInMinutes` between steps. Both start green at full size first, like
# blue/green, and both watch the deployment's alarms (`deploymentConfiguration.alarms`) and
# hooks at every step: a bad version meets only the share of users it has reached so far.
#
# ## Exercise 5 · A canary
#
# Deploy `store:4` as a canary: 20% of production traffic for 3 minutes, then everyone, and
# both revisions kept 2 minutes after the last shift. Keep the `deploymentConfiguration` in
# `canary` (without exercise 4's PAUSE hook: `"lifecycleHooks": []`), update the service and
# run until stable.

# %% [markdown] ko
# ## 카나리와 선형: 트래픽을 조금 먼저
#
# 블루/그린은 모든 사용자를 한 번에 옮깁니다. **CANARY**는 작은 몫을 먼저 옮기고
# (`canaryConfiguration.canaryPercent`), 그 몫을 green에 둔 채
# `canaryBakeTimeInMinutes`만큼 기다린 다음 나머지를 옮깁니다. **LINEAR**는
# `linearConfiguration.stepPercent`씩 옮기고, 단계 사이마다 `stepBakeTimeInMinutes`만큼
# 기다립니다. 둘 다 블루/그린처럼 green을 먼저 전체 개수로 띄우고, 단계마다 배포의
# 경보 (`deploymentConfiguration.alarms`)와 훅을 살핍니다. 나쁜 버전은 그때까지 옮겨 간
# 몫의 사용자만 만납니다.
#
# ## 연습 5 · 카나리 배포
#
# `store:4`를 카나리로 배포하세요. 프로덕션 트래픽의 20%를 3분 동안 보낸 다음 모두를
# 보내고, 마지막 이동 뒤 2분 동안 두 리비전을 함께 유지합니다.
# `deploymentConfiguration`을 `canary`에 담고 (연습 4의 PAUSE 훅은 빼고:
# `"lifecycleHooks": []`), 서비스를 업데이트한 뒤 안정될 때까지 실행하세요.

# %% exercise ex5

# %% [markdown] en
# ## Try it: break a deployment
#
# The dashboard below runs a service `web` of four tasks on a playground of its own. Change
# **Min healthy** and **Maximum** on the **Service** tab and register a new revision on the
# **Task definition** tab, then Apply and Step through the rolling update. On the **Faults**
# tab, deploy a revision whose image cannot be pulled (turn the **Circuit breaker** and
# **Rollback** on first, and watch ECS roll back), kill a container, or terminate an instance.

# %% [markdown] ko
# ## 해 보기: 배포를 망가뜨리기
#
# 아래 대시보드는 별도의 연습용 시뮬레이션에서 태스크 네 개짜리 `web` 서비스를
# 실행합니다. **서비스** 탭에서 **최소 정상 %**와 **최대 %**를 바꾸고 **태스크 디피니션**
# 탭에서 새 리비전을 등록한 뒤, **적용**을 누르고 **스텝**으로 롤링 업데이트를 한 단계씩
# 따라가 보세요. **장애 주입** 탭에서는 이미지를 받을 수 없는 리비전을 배포하거나 (먼저
# **서킷 브레이커**와 **실패 시 롤백**을 켜고 ECS가 롤백하는 모습을 보세요), 컨테이너를
# 죽이거나, 인스턴스를 종료할 수 있습니다.

# %%
playground = Simulation(seed=8)
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
play.create_service(cluster="playground", serviceName="web", taskDefinition="web", desiredCount=4)
playground.run_until_stable()
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
# - Each configuration of a service is a deployment: the newest is PRIMARY, older ones
#   with tasks left are ACTIVE; a rolling update moves tasks from ACTIVE to PRIMARY.
# - `minimumHealthyPercent` and `maximumPercent` bound it; with no spare room, only a
#   minimum below 100 lets it move (stop some old tasks first).
# - The circuit breaker marks a deployment whose tasks keep failing to start FAILED and,
#   with rollback, returns to the last completed deployment.
# - A service replaces tasks that stop, whether a container died or an instance was lost;
#   its events ("has started", "deployment completed", "has reached a steady state") tell
#   the story.
# - `BLUE_GREEN` starts green at full size, then moves production traffic at once; `CANARY`
#   and `LINEAR` move it in parts. Either way blue stays up through the bake time, so a
#   failed hook or an alarm rolls back by moving the weights back. Next: **load balancing
#   and scaling**.

# %% [markdown] ko
# ## 정리
#
# - 서비스의 구성 하나하나가 배포입니다. 가장 새로운 배포가 PRIMARY, 태스크가 남은 이전
#   배포는 ACTIVE이며, 롤링 업데이트는 태스크를 ACTIVE에서 PRIMARY로 옮깁니다.
# - `minimumHealthyPercent`와 `maximumPercent`가 그 한계입니다. 여유 자리가 없으면
#   100 미만의 minimum만이 (이전 태스크를 먼저 멈춰서) 배포를 움직이게 합니다.
# - 서킷 브레이커는 태스크가 계속 시작에 실패하는 배포를 FAILED로 표시하고, rollback이
#   켜져 있으면 마지막으로 완료된 배포로 돌아갑니다.
# - 서비스는 컨테이너가 죽든 인스턴스를 잃든 멈춘 태스크를 대체합니다. 서비스 이벤트
#   ("has started", "deployment completed", "has reached a steady state")가 그 과정을
#   알려 줍니다.
# - `BLUE_GREEN`은 green을 전체 개수로 띄운 뒤 프로덕션 트래픽을 한 번에 옮기고,
#   `CANARY`와 `LINEAR`는 나누어 옮깁니다. 어느 쪽이든 베이크 시간 동안 blue가 남아
#   있으므로, 실패한 훅이나 울린 경보는 가중치를 되돌리는 것만으로 롤백합니다. 다음:
#   **로드 밸런싱과 스케일링**.
