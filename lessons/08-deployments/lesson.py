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
# lesson (about 25 minutes) you step through a rolling update, unstick one that cannot
# move, let the **circuit breaker** roll back a broken version, and watch the service
# replace tasks that die.

# %% [markdown] ko
# # 8 · 배포와 장애 복구
#
# 서비스는 `desiredCount` 개의 태스크를 계속 실행할 뿐 아니라 새 버전을
# **배포** 합니다. 서비스의 각 구성 (주로 태스크 디피니션 리비전) 이 하나의
# **디플로이먼트** (deployment) 입니다. 가장 새로운 것이 `PRIMARY` 이고, 아직
# 태스크가 남은 이전 것은 `ACTIVE` 입니다. **롤링 업데이트** 는 ACTIVE 의
# 태스크를 PRIMARY 의 태스크로 바꾸는데, D = desiredCount 일 때 서비스의
# `deploymentConfiguration` 두 한계 안에서 바꿉니다:
#
# - `minimumHealthyPercent`: 최소 `ceil(D × min / 100)` 개의 태스크가 RUNNING 이고
#   정상 상태로 남아 있어야 합니다.
# - `maximumPercent`: 모든 디플로이먼트를 합쳐 태스크가 최대 `floor(D × max / 100)`
#   개까지 있을 수 있습니다.
#
# 기본값은 100 과 200 입니다: 새 태스크를 먼저 모두 시작하고, 그다음 이전
# 태스크를 멈춥니다. 이번 레슨 (약 25분) 에서는 롤링 업데이트를 한 단계씩 보고,
# 움직이지 못하는 배포를 풀고, 망가진 버전을 **서킷 브레이커** 가 롤백하게 하고,
# 죽은 태스크를 서비스가 대체하는 것을 봅니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.timelines import desired_vs_running, tasks_per_revision
from ecslearn.widgets import Dashboard

ex1, ex2, ex3, deployments = from_lesson("08-deployments", "ex1", "ex2", "ex3", "deployments")

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
# `shop` 클러스터에는 t3.small 인스턴스 네 대가 있고, `web` 서비스는 900 MiB
# 태스크 네 개를 실행합니다 (인스턴스 하나에 두 개가 들어가므로 여덟 개까지 자리가
# 있습니다). 리비전 2 (새 이미지) 를 등록하고 서비스가 그것을 쓰게 합니다.

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
# 중간에는 두 리비전이 나란히 실행됩니다 (그림은 리비전을 테두리 색으로, 태스크
# 상태를 채움 색으로 구분합니다. 범례 참고):

# %%
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# New tasks count as healthy after 40 s RUNNING (there is no load balancer or health
# check here); only then may old ones stop. Two more steps of 15 s: the old tasks stop,
# the ACTIVE deployment leaves, and the PRIMARY's rollout is COMPLETED.

# %% [markdown] ko
# 새 태스크는 RUNNING 으로 40초가 지나야 정상으로 칩니다 (여기에는 로드 밸런서도
# 헬스 체크도 없습니다). 그 뒤에야 이전 태스크를 멈출 수 있습니다. 15초씩 두 단계 더
# 가면: 이전 태스크가 멈추고, ACTIVE 디플로이먼트가 사라지고, PRIMARY 의 롤아웃이
# COMPLETED 가 됩니다.

# %%
for _ in range(2):
    sim.advance(15)
    deployments(ecs, sim, "shop", "web")
print(sim.run_until_stable())

# %% [markdown] en
# The timeline, rebuilt from the simulation's events: one revision's line climbs while
# the other's falls.

# %% [markdown] ko
# 시뮬레이션 이벤트로 다시 그린 타임라인: 한 리비전의 선이 올라가는 동안 다른
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
# `tight` 클러스터에는 t3.small 인스턴스가 두 대뿐입니다: 900 MiB 태스크가 딱
# 네 개 들어가고, `api` 서비스가 네 개를 실행합니다. 기본값 (100/200) 으로는 ECS가
# 새 태스크 네 개를 시작해도 되지만 자리가 없고, 이전 태스크를 먼저 멈춰서도 안
# 됩니다. 배포는 기다리고, 서비스 이벤트가 그 이유를 알려 줍니다.

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
# ## 연습 1 · 업데이트가 굴러가게 하기
#
# 같은 인스턴스 두 대에서 `api:2` 배포가 완료되면서, 언제나 네 태스크 중
# **절반 이상** 이 계속 서비스하도록 하는 `deploymentConfiguration`
# (`minimumHealthyPercent` 와 `maximumPercent`) 을 `rolling` 에 정하세요.
# `ecs.update_service(..., deploymentConfiguration=rolling)` 로 적용하고
# `sim.run_until_stable()` 을 실행하세요.

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
# `web` 의 리비전 3 은 ECR 리포지토리에 푸시된 적 없는 이미지 태그를 씁니다.
# 새 태스크는 모두 RUNNING 전에 `CannotPullContainerError` 로 멈춥니다. 서킷
# 브레이커가 없으면 ECS는 (점점 느리게) 계속 시도하고 배포는 `IN_PROGRESS` 로
# 남습니다. min 100% 라서 이전 태스크를 멈출 수 없으므로, 이전 태스크가 계속
# 서비스합니다.

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
# 손으로 한다면 서비스를 리비전 2 로 되돌립니다:

# %%
ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
sim.run_until_stable()
deployments(ecs, sim, "shop", "web")

# %% [markdown] en
# The circuit breaker is a setting of the service: `deploymentCircuitBreaker` in its
# `deploymentConfiguration`, with two booleans, `enable` and `rollback`. Both are
# required; the client refuses the request before it reaches ECS if one is missing:

# %% [markdown] ko
# 서킷 브레이커는 서비스의 설정입니다: `deploymentConfiguration` 안의
# `deploymentCircuitBreaker` 이며, 불리언 두 개 `enable` 과 `rollback` 을 갖습니다.
# 둘 다 필수라서, 하나가 빠지면 요청이 ECS에 닿기 전에 클라이언트가 거부합니다:

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
# ## 연습 2 · 서킷 브레이커가 롤백한다
#
# **디플로이먼트 서킷 브레이커** 가 이 일을 대신합니다: 한 디플로이먼트에서 시작에
# 실패한 태스크가 충분히 많아지면 (desiredCount 의 절반, 최소 3), 그 배포를
# `FAILED` 로 표시하고, `rollback` 이 켜져 있으면 마지막으로 완료된 배포를 새
# 디플로이먼트로 시작합니다. `web` 서비스에 롤백과 함께 켜고 그 구성을 `breaker`
# 에 담은 다음, `web:3` 을 다시 배포하고 안정될 때까지 실행하세요.

# %% exercise ex2

# %% [markdown] en
# The timeline of `web` shows the whole story: revision 2 replacing 1, revision 3 never
# running (it has no line), and the rollback (the marks are the service's events). Going
# back to web:2, by hand or by rollback, is a *new* deployment: it starts fresh web:2
# tasks before stopping the old ones, hence the two bumps to 8.

# %% [markdown] ko
# `web` 의 타임라인이 전체 이야기를 보여 줍니다: 리비전 2 가 1 을 대체하고,
# 리비전 3 은 한 번도 실행되지 못하고 (선이 없습니다), 롤백합니다 (표시는 서비스
# 이벤트입니다). 손으로든 롤백으로든 web:2 로 돌아가는 것은 *새* 디플로이먼트라서,
# 이전 태스크를 멈추기 전에 새 web:2 태스크를 시작합니다. 그래서 8 까지 두 번
# 올라갑니다.

# %%
tasks_per_revision(sim, "web", "shop", lang=LANG)

# %% [markdown] en
# ## Killed containers and lost instances
#
# A service replaces tasks that stop. When the essential container of a task dies (here
# killed, exit code 137), ECS stops the whole task:

# %% [markdown] ko
# ## 죽은 컨테이너와 잃어버린 인스턴스
#
# 서비스는 멈춘 태스크를 대체합니다. 태스크의 필수 (essential) 컨테이너가
# 죽으면 (여기서는 kill, 종료 코드 137), ECS가 태스크 전체를 멈춥니다:

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
# EC2 인스턴스 전체가 종료되면 그 태스크도 함께 멈추고 인스턴스는 클러스터를
# 떠납니다 (INACTIVE: 그림에는 표시된 채로 남습니다). 서비스는 남은 인스턴스에
# 대체 태스크를 시작합니다.

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
# `describe_services(...)["services"][0]["events"]`) 에 적혀 있습니다. `web` 의
# 이벤트 중 서비스가 안정 상태에 도달했다고 말하는 가장 최근 이벤트의 메시지를
# `steady` 에 담으세요.

# %%
web_events = ecs.describe_services(cluster="shop", services=["web"])["services"][0]["events"]
for event in web_events[:6]:
    print(event["message"])

# %% exercise ex3

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
# 아래 대시보드는 따로 놀이터에서 태스크 4개짜리 서비스 `web` 을 실행합니다. **Service**
# 탭에서 최소 정상 비율과 최대 비율을 바꾸고 **Task definition** 탭에서 새 리비전을
# 등록한 뒤, Apply 하고 롤링 업데이트를 한 단계씩 보세요. **Faults** 탭에서는 이미지를 받을
# 수 없는 리비전을 배포하거나 (먼저 서킷 브레이커와 롤백을 켜고 ECS가 롤백하는 것을
# 보세요), 컨테이너를 죽이거나, 인스턴스를 종료할 수 있습니다.

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
#   the story. Next: **load balancing and scaling**.

# %% [markdown] ko
# ## 정리
#
# - 서비스의 각 구성은 디플로이먼트입니다: 가장 새로운 것이 PRIMARY, 태스크가 남은
#   이전 것은 ACTIVE 이며, 롤링 업데이트는 태스크를 ACTIVE 에서 PRIMARY 로 옮깁니다.
# - `minimumHealthyPercent` 와 `maximumPercent` 가 그 한계입니다. 여유 자리가 없으면
#   100 미만의 minimum 만이 (이전 태스크를 먼저 멈춰서) 배포를 움직이게 합니다.
# - 서킷 브레이커는 태스크가 계속 시작에 실패하는 디플로이먼트를 FAILED 로 표시하고,
#   rollback 이 켜져 있으면 마지막으로 완료된 디플로이먼트로 돌아갑니다.
# - 서비스는 컨테이너가 죽든 인스턴스를 잃든 멈춘 태스크를 대체합니다. 서비스
#   이벤트 ("has started", "deployment completed", "has reached a steady state")
#   가 그 과정을 알려 줍니다. 다음: **로드 밸런싱과 스케일링**.
