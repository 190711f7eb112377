# Lesson 3 · Tasks: the source of notebooks/{en,ko}/03-tasks.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 3 · Tasks
#
# A **task** is the smallest unit ECS runs: one or more containers, started together from
# a **task definition** (the blueprint; lesson 4 is about it). Three rules make a task:
#
# - it has at least one **essential** container (every container is essential unless its
#   definition says `"essential": false`); when an essential container stops, the task
#   stops;
# - the other containers are optional helpers (*sidecars*): a log shipper, a proxy, a
#   warm-up job;
# - **all the containers of a task run on the same container instance**: ECS places the
#   task as a whole, never half here and half there.
#
# A task is what Kubernetes calls a *pod*. In this lesson (about 25 minutes) you run a
# task, step through its lifecycle one event at a time, stop it, and read why a task
# stopped.

# %% [markdown] ko
# # 3 · 태스크
#
# **태스크**(task)는 ECS가 실행하는 가장 작은 단위입니다. **태스크 디피니션**
# (설계도, 레슨 4에서 다룹니다) 으로부터 함께 시작되는 하나 이상의 컨테이너입니다.
# 태스크에는 세 가지 규칙이 있습니다:
#
# - **필수 컨테이너**(essential container)가 적어도 하나 있습니다 (정의에 `"essential": false`가
#   없으면 모든 컨테이너가 필수입니다). 필수 컨테이너가 멈추면 태스크가
#   멈춥니다.
# - 나머지 컨테이너는 선택적인 도우미 (*사이드카*)입니다: 로그 전송, 프록시,
#   워밍업 작업 등.
# - **한 태스크의 모든 컨테이너는 같은 컨테이너 인스턴스에서 실행됩니다.** ECS는
#   태스크를 통째로 배치하며, 절반은 여기, 절반은 저기에 두지 않습니다.
#
# 태스크는 쿠버네티스의 *파드* (pod)에 해당합니다. 이번 레슨 (약 25분)에서는
# 태스크를 실행하고, 수명 주기를 이벤트 하나씩 따라가고, 태스크를 멈추고, 태스크가
# 왜 멈췄는지 읽습니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts
from ecslearn.views.cluster import cluster_picture, snapshot
from ecslearn.widgets import SimulationPlayer

ex1, ex2, ex3, look = from_lesson("03-tasks", "ex1", "ex2", "ex3", "look")
q1, q2, q3 = from_lesson("03-tasks", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## The picture
#
# Each task (the box inside an instance) holds its containers, here `web` and a log
# router, and all of them sit on one container instance. The legend explains every shape.

# %% [markdown] ko
# ## 그림으로 보기
#
# 각 태스크 (인스턴스 안의 상자)는 컨테이너들, 여기서는 `web`과 로그 라우터를
# 담고 있으며, 모두 한 컨테이너 인스턴스 위에 있습니다. 범례가 모든 모양을
# 설명합니다.

# %%
concepts.overview(LANG)

# %% [markdown] en
# ## A cluster to run tasks in
#
# Two small instances in the cluster `shop`, and a task definition `web`: an essential
# `web` container (nginx) and a non-essential `metrics` sidecar.

# %% [markdown] ko
# ## 태스크를 실행할 클러스터
#
# `shop` 클러스터에 작은 인스턴스 두 대, 그리고 태스크 디피니션 `web`: 필수인
# `web` 컨테이너 (nginx)와 필수가 아닌 `metrics` 사이드카.

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ecs.create_cluster(clusterName="shop")
sim.launch_instances("shop", count=2, instance_type="t3.small")
ecs.register_task_definition(
    family="web",
    containerDefinitions=[
        {"name": "web", "image": "nginx:1.27", "memory": 256},
        {"name": "metrics", "image": "busybox:1.36", "memory": 64, "essential": False},
    ],
)
simulated_vs_real(LANG, simulated=("control_plane", "instances", "containers", "clock"))

# %% [markdown] en
# ## Two statuses: what ECS wants, what the agent reports
#
# Every task has two statuses:
#
# - `desiredStatus`: what ECS *wants* (`RUNNING` or `STOPPED`);
# - `lastStatus`: what the agent on the instance last *reported*.
#
# `RunTask` answers at once: the task is placed on an instance and wanted `RUNNING`, but
# it is still `PENDING` (its images are not pulled, its containers not started). The
# small helper `look` prints both statuses and each container's.

# %% [markdown] ko
# ## 두 가지 상태: ECS가 원하는 것, 에이전트가 보고한 것
#
# 모든 태스크에는 상태가 두 개 있습니다:
#
# - `desiredStatus`: ECS가 *원하는* 상태 (`RUNNING` 또는 `STOPPED`),
# - `lastStatus`: 인스턴스의 에이전트가 마지막으로 *보고한* 상태.
#
# `RunTask`는 바로 답합니다. 태스크는 인스턴스에 배치되었고 `RUNNING`이
# 되기를 원하지만, 아직 `PENDING`입니다 (이미지를 받지 않았고 컨테이너도
# 시작하지 않았습니다). 작은 도우미 `look`은 두 상태와 각 컨테이너의 상태를
# 출력합니다.


# %%

arn = ecs.run_task(cluster="shop", taskDefinition="web")["tasks"][0]["taskArn"]
first = look(ecs, sim, arn)

# %% [markdown] en
# ## Step by step
#
# The virtual clock moves only when you ask. `sim.step()` runs the *next* scheduled
# thing and nothing more: the agent finishing a pull, a container starting. The cell
# below steps in a loop, printing the task after every step, until it is RUNNING.
# Watch `lastStatus` catch up with `desiredStatus`.

# %% [markdown] ko
# ## 한 단계씩
#
# 가상 시계는 요청할 때만 움직입니다. `sim.step()`은 예약된 *다음* 일 하나만
# 실행합니다: 에이전트의 이미지 받기 완료, 컨테이너 하나의 시작 등. 여기서는
# 태스크가 RUNNING이 될 때까지 단계를 밟습니다. `lastStatus`가
# `desiredStatus`를 따라잡는 것을 보세요.

# %%
task = first
while task["lastStatus"] != "RUNNING":
    result = sim.step()
    print("   step:", result.action.args.get("step"), result.action.args.get("container", ""))
    for event in result.events:
        print("     ", event)
    task = look(ecs, sim, arn)

# %% [markdown] en
# The task is RUNNING once its containers have started: the agent moves the task when
# every container has moved (a container that is not essential may already have exited).
# The picture shows where
# it landed: both containers on the *same* instance, with the memory they reserve
# (256 + 64 MiB).

# %% [markdown] ko
# 태스크는 컨테이너들이 모두 시작되면 RUNNING이 됩니다. 에이전트는 모든 컨테이너가
# 움직인 뒤에 태스크를 옮깁니다(필수가 아닌 컨테이너는 이미 끝났을 수도 있습니다).
# 그림은 태스크가 놓인
# 곳을 보여 줍니다: 두 컨테이너가 *같은* 인스턴스에 있고, 예약한 메모리
# (256 + 64 MiB)도 보입니다.

# %%
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# ## One task, one instance
#
# Because a task is placed as a whole, its containers together must fit on *one*
# instance. Two containers of 1200 MiB need 2400 MiB on the same host: the two t3.small
# instances have about 3.9 GiB free between them, but neither has 2400 MiB, so RunTask
# starts nothing and says why, per instance, under `failures`.

# %% [markdown] ko
# ## 태스크 하나, 인스턴스 하나
#
# 태스크는 통째로 배치되므로, 컨테이너들이 합쳐서 *한* 인스턴스에 들어가야 합니다.
# 1200 MiB 컨테이너 두 개는 같은 호스트에 2400 MiB가 필요합니다. t3.small 두 대를
# 합치면 약 3.9 GiB가 남지만 어느 한 대에도 2400 MiB는 없으므로, RunTask는
# 아무것도 시작하지 않고 그 이유를 인스턴스별로 `failures`에 알려 줍니다.

# %%
ecs.register_task_definition(
    family="big",
    containerDefinitions=[
        {"name": "app", "image": "shop/app:2.0", "memory": 1200},
        {"name": "cache", "image": "redis:7", "memory": 1200},
    ],
)
answer = ecs.run_task(cluster="shop", taskDefinition="big")
print(T("tasks started:", "시작된 태스크:")(LANG), len(answer["tasks"]))
[failure["reason"] for failure in answer["failures"]]

# %% [markdown] en
# ## The whole lifecycle
#
# A task only moves forward through these states; the ones in *italics* are skipped when
# there is nothing to do (on EC2 in `bridge` mode without a load balancer you see
# PENDING → RUNNING → STOPPED, sometimes STOPPING):
#
# | lastStatus | what happens |
# |---|---|
# | *PROVISIONING* | ECS prepares, e.g. attaches a network interface (`awsvpc`, lesson 10) |
# | PENDING | the agent pulls the images and creates the containers |
# | *ACTIVATING* | ECS registers it with its target groups (lesson 9) and service discovery |
# | RUNNING | the containers have started (and the essential ones run) |
# | *DEACTIVATING* | deregistration from load balancers |
# | STOPPING | the agent sends SIGTERM, then SIGKILL after the stop timeout |
# | *DEPROVISIONING* | the network interface is detached |
# | STOPPED | the end: a task never starts again; a restart is always a *new* task |

# %% [markdown] ko
# ## 수명 주기 전체
#
# 태스크는 다음 상태를 앞으로만 지나갑니다. *기울임꼴* 상태는 할 일이 없으면
# 건너뜁니다 (EC2의 `bridge` 모드에서 로드 밸런서가 없으면 PENDING → RUNNING →
# STOPPED, 때로는 STOPPING이 보입니다):
#
# | lastStatus | 일어나는 일 |
# |---|---|
# | *PROVISIONING* | ECS가 준비: 예를 들어 네트워크 인터페이스 연결 (`awsvpc` 모드, 레슨 10) |
# | PENDING | 에이전트가 이미지를 받고 컨테이너를 만듦 |
# | *ACTIVATING* | ECS가 대상 그룹(레슨 9)과 서비스 디스커버리에 등록 |
# | RUNNING | 컨테이너들이 시작됨(필수 컨테이너는 실행 중) |
# | *DEACTIVATING* | 로드 밸런서에서 등록 해제 |
# | STOPPING | 에이전트가 SIGTERM, 중지 제한 시간 뒤에는 SIGKILL을 보냄 |
# | *DEPROVISIONING* | 네트워크 인터페이스 분리 |
# | STOPPED | 끝: 태스크는 다시 시작하지 않습니다. 재시작은 언제나 *새* 태스크입니다 |

# %% [markdown] en
# ## Exercise 1 · Run a task and keep its ARN
#
# Run one task of the task definition `web` in the cluster `shop`, keep its **task ARN**
# (a string) in `task_arn`, and let the clock run until the task is RUNNING.

# %% [markdown] ko
# ## 연습 1 · 태스크를 실행하고 ARN 담기
#
# `shop` 클러스터에서 태스크 디피니션 `web`의 태스크 하나를 실행하고,
# **태스크 ARN** (문자열)을 `task_arn`에 담고, 태스크가 RUNNING이 될 때까지
# 시계를 움직이세요.

# %% exercise ex1

# %% [markdown] en
# ## Stopping a task
#
# `StopTask` changes what ECS *wants*: `desiredStatus` becomes STOPPED at once, and the
# agent follows: SIGTERM to the containers, then STOPPED. The task keeps a `stopCode`
# (who stopped it) and a `stoppedReason`. In the picture, compared with a snapshot taken
# before, the stopped task is drawn dotted (see the legend).

# %% [markdown] ko
# ## 태스크 멈추기
#
# `StopTask`는 ECS가 *원하는* 것을 바꿉니다. `desiredStatus`가 바로 STOPPED가
# 되고, 에이전트가 따라갑니다: 컨테이너에 SIGTERM, 그다음 STOPPED. 태스크에는
# `stopCode` (누가 멈췄나)와 `stoppedReason`이 남습니다. 그림에서는 멈추기 전에
# 찍어 둔 스냅숏과 비교해, 멈춘 태스크가 점선으로 그려집니다 (범례 참고).

# %%
before = snapshot(sim, "shop")
ecs.stop_task(cluster="shop", task=arn, reason="Done for today")
look(ecs, sim, arn)
sim.run_until_stable()
stopped = look(ecs, sim, arn)
print("stopCode:", stopped["stopCode"], "| stoppedReason:", stopped["stoppedReason"])
cluster_picture(sim, "shop", previous=before, lang=LANG)

# %% [markdown] en
# ## When an essential container exits
#
# Nobody has to call StopTask: if an **essential** container's process ends, for any
# reason, the agent stops the whole task. Here the `web` process of a new task is
# killed (as `docker kill` would, exit code 137).

# %% [markdown] ko
# ## 필수 컨테이너가 종료하면
#
# 누가 StopTask를 부르지 않아도, **필수** 컨테이너의 프로세스가 어떤
# 이유로든 끝나면 에이전트가 태스크 전체를 멈춥니다. 여기서는 새 태스크의 `web`
# 프로세스를 (`docker kill` 처럼, 종료 코드 137 로) 죽입니다.

# %%
crashed = ecs.run_task(cluster="shop", taskDefinition="web")["tasks"][0]["taskArn"]
sim.run_until_stable()
look(ecs, sim, crashed)
sim.kill_container(crashed, "web")
sim.run_until_stable()
task = look(ecs, sim, crashed)
print("stopCode:", task["stopCode"], "| stoppedReason:", task["stoppedReason"])

# %% [markdown] en
# Nothing starts a replacement: a task you run yourself is on its own. Keeping a number of
# tasks running is the job of a **service** (lesson 5).
#
# ## Exercise 2 · A sidecar that finishes
#
# Some helpers have a job to do and then exit, for example warming a cache. In ecslearn a
# container's definition says what its simulated process does: the docker label
# `ecslearn.exit-after` makes it exit (code 0) that many seconds after it starts. This
# container does its job for 5 seconds:
#
# ```python
# {"name": "warmup", "image": "busybox:1.36", "memory": 64,
#  "dockerLabels": {"ecslearn.exit-after": "5"}}
# ```
#
# Register a task definition `web-warm` with the `web` container
# (`{"name": "web", "image": "nginx:1.27", "memory": 256}`) and this `warmup` container,
# such that `warmup` can exit **without stopping the task**. Run one task of it in `shop`,
# keep its ARN in `warm_arn`, and move the clock 15 seconds with `sim.advance(15)`
# (`run_until_stable()` would stop as soon as the task is RUNNING, before `warmup` is
# done).

# %% [markdown] ko
# 대신 시작되는 태스크는 없습니다. 직접 실행한 태스크는 스스로 버텨야 합니다.
# 태스크 수를 유지하는 것은 **서비스**의 일입니다 (레슨 5).
#
# ## 연습 2 · 끝나는 사이드카
#
# 어떤 도우미는 할 일을 하고 종료합니다. 예를 들어 캐시 워밍업. ecslearn에서는
# 컨테이너 정의가 시뮬레이션 프로세스가 할 일을 정합니다: docker 레이블
# `ecslearn.exit-after`는 컨테이너가 시작하고 그만큼의 초가 지나면 (코드 0으로)
# 종료하게 합니다. 이 컨테이너는 5초 동안 일합니다:
#
# ```python
# {"name": "warmup", "image": "busybox:1.36", "memory": 64,
#  "dockerLabels": {"ecslearn.exit-after": "5"}}
# ```
#
# `web` 컨테이너 (`{"name": "web", "image": "nginx:1.27", "memory": 256}`)와 이
# `warmup` 컨테이너로 태스크 디피니션 `web-warm`을 등록하되, `warmup`이 **태스크를
# 멈추지 않고** 종료할 수 있게 하세요. `shop`에서 태스크 하나를 실행하고, ARN을
# `warm_arn`에 담고, `sim.advance(15)`로 시계를 15초 움직이세요
# (`run_until_stable()`은 태스크가 RUNNING이 되자마자, `warmup`이 끝나기 전에
# 멈춥니다).

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · Why did it stop?
#
# A batch task, `report`, ran for a while and then stopped by itself. It has two
# containers: `worker` (essential) and `shipper` (a non-essential log shipper). Find out
# from ECS **who** stopped it and **how** its process ended: keep the task's `stopCode`
# in `stop_code`, and the exit code of the container whose exit stopped the task in
# `exit_code`. Its ARN is in `mystery_arn`.

# %% [markdown] ko
# ## 연습 3 · 왜 멈췄을까?
#
# 배치 태스크 `report`가 한동안 실행되다가 스스로 멈췄습니다. 컨테이너는 두 개:
# `worker` (필수)와 `shipper` (필수가 아닌 로그 전송기). ECS에서 **누가**
# 멈췄는지, 프로세스가 **어떻게** 끝났는지 알아내세요: 태스크의 `stopCode`를
# `stop_code`에, 태스크를 멈추게 한 컨테이너의 종료 코드를 `exit_code`에 담으세요.
# ARN은 `mystery_arn`에 있습니다.

# %%
ecs.register_task_definition(
    family="report",
    containerDefinitions=[
        {
            "name": "worker",
            "image": "python:3.12",
            "memory": 128,
            "dockerLabels": {"ecslearn.exit-after": "40", "ecslearn.exit-code": "3"},
        },
        {"name": "shipper", "image": "fluent-bit:3.0", "memory": 64, "essential": False},
    ],
)
mystery_arn = ecs.run_task(cluster="shop", taskDefinition="report")["tasks"][0]["taskArn"]
sim.advance(60)
print(mystery_arn)

# %% exercise ex3

# %% [markdown] en
# ## Step through it yourself
#
# The player below has a small simulation of its own: one instance, and one task just asked
# for. Press **Step** to move to the next thing ECS or the agent does (the task's colour
# follows its status, the log says what happened), **Advance** to jump some seconds, and drag
# **History** back to see an earlier moment. Nothing you do here changes the cluster above.

# %% [markdown] ko
# ## 직접 한 단계씩
#
# 아래 플레이어는 별도의 작은 시뮬레이션에서 동작합니다. 인스턴스 한 대와 방금 요청한
# 태스크 하나가 있습니다. **스텝**을 누르면 ECS나 에이전트가 하는 다음 일로 넘어가고(태스크
# 색은 상태를 따르고, 로그에 무슨 일이 있었는지 나옵니다), **진행**을 누르면 몇 초를
# 건너뜁니다. **기록** 슬라이더를 뒤로 끌면 이전 순간을 볼 수 있습니다. 여기서 무엇을
# 해도 위의 클러스터는 바뀌지 않습니다.

# %%
playground = Simulation(seed=3)
play = playground.client()
play.create_cluster(clusterName="playground")
playground.launch_instances("playground", count=1)
play.register_task_definition(
    family="hello",
    containerDefinitions=[{"name": "web", "image": "nginx:1.27", "memory": 128}],
)
play.run_task(cluster="playground", taskDefinition="hello")
SimulationPlayer(playground, "playground", lang=LANG)

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
# - A task is the smallest unit ECS runs: the containers of one task definition, all on
#   one container instance (a Kubernetes pod).
# - At least one container is essential; when an essential container stops, the task
#   stops (`stopCode` EssentialContainerExited). A non-essential sidecar may exit alone.
# - `desiredStatus` is what ECS wants, `lastStatus` what the agent reported; the task moves
#   forward only, PENDING → RUNNING → STOPPING → STOPPED, and never restarts.
# - DescribeTasks keeps stopped tasks for a while, with `stopCode`, `stoppedReason` and
#   each container's `exitCode`. Next: the task definition, the blueprint of a task.

# %% [markdown] ko
# ## 정리
#
# - 태스크는 ECS가 실행하는 가장 작은 단위입니다: 한 태스크 디피니션의 컨테이너들이
#   모두 한 컨테이너 인스턴스에서 실행됩니다 (쿠버네티스의 파드).
# - 적어도 하나의 컨테이너는 필수입니다. 필수 컨테이너가 멈추면 태스크가
#   멈춥니다 (`stopCode` EssentialContainerExited). 필수가 아닌 사이드카는 혼자
#   종료할 수 있습니다.
# - `desiredStatus`는 ECS가 원하는 것, `lastStatus`는 에이전트가 보고한 것입니다.
#   태스크는 PENDING → RUNNING → STOPPING → STOPPED로 앞으로만 가고, 다시 시작하지
#   않습니다.
# - DescribeTasks는 멈춘 태스크를 한동안 `stopCode`, `stoppedReason`, 각 컨테이너의
#   `exitCode`와 함께 보여 줍니다. 다음: 태스크의 설계도인 태스크 디피니션.
