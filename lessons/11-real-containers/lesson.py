# Lesson 11 · Real containers: the source of notebooks/{en,ko}/11-real-containers.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 11 · Real containers
#
# Until now nothing really ran: the simulated agent only *reported* container states. In
# this lesson the same task definitions run as **real Docker containers** on this
# machine's Docker engine. The control plane (API, scheduler, services) is the same
# simulation; only the agent changes. It does what the real ECS agent does:
#
# - turns each container definition into `docker create` + `docker start` (image, command,
#   memory limit, port mappings, labels),
# - reports the real state and exit code of each container back to ECS,
# - notices a container that dies behind its back, so a service replaces the task.
#
# You will also push an image to **ECR** (here: a real Docker registry on 127.0.0.1:5000)
# and run a task from its ECR URI. About 20 minutes.
#
# **No Docker on your machine?** The lesson still runs: the Docker cells say so and skip,
# and the exercises answer "not attempted" with how to get Docker.

# %% [markdown] ko
# # 11 · 실제 컨테이너
#
# 지금까지는 실제로 실행되는 것이 없었습니다: 시뮬레이션 에이전트가 컨테이너 상태를
# *보고* 만 했습니다. 이번 레슨에서는 같은 태스크 디피니션이 이 머신의 Docker 엔진에서
# **실제 Docker 컨테이너**로 실행됩니다. 컨트롤 플레인 (API, 스케줄러, 서비스)은 같은
# 시뮬레이션이고, 에이전트만 바뀝니다. 실제 ECS 에이전트가 하는 일을 합니다:
#
# - 각 컨테이너 정의를 `docker create` + `docker start`로 바꾸고 (이미지, 명령,
#   메모리 한도, 포트 매핑, 레이블),
# - 각 컨테이너의 실제 상태와 종료 코드를 ECS에 보고하고,
# - ECS 모르게 종료된 컨테이너를 감지해 서비스가 태스크를 교체하게 합니다.
#
# 이미지를 **ECR** (여기서는 127.0.0.1:5000 의 실제 Docker 레지스트리)에 푸시하고,
# ECR URI로 태스크를 실행하기도 합니다. 약 20분.
#
# **내 컴퓨터에 Docker가 없다면?** 레슨은 그래도 실행됩니다: Docker 셀은 그렇다고
# 알리고 건너뛰며, 연습은 Docker를 설치하는 방법과 함께 "아직 풀지 않음" 으로 답합니다.

# %% setup
from IPython.display import display

from ecslearn import Simulation
from ecslearn.image_push import push
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.lessons.text import T
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.task_definition import task_definition_picture

ex1, ex2, ex3 = from_lesson("11-real-containers", "ex1", "ex2", "ex3")
docker_engine, ecslearn_containers, fetch, registry_running, wait_until = from_lesson(
    "11-real-containers",
    "docker_engine",
    "ecslearn_containers",
    "fetch",
    "registry_running",
    "wait_until",
)
q1, q2, q3 = from_lesson("11-real-containers", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## Is there a Docker engine?
#
# The Docker agent needs a running Docker engine; ECR needs the local registry. This cell
# finds out (and builds ecslearn's three tiny demo images from a static busybox, once).
# Every Docker cell below starts with `if DOCKER:`.

# %% [markdown] ko
# ## Docker 엔진이 있는가?
#
# Docker 에이전트에는 실행 중인 Docker 엔진이, ECR에는 로컬 레지스트리가 필요합니다.
# 이 셀이 그것을 확인합니다 (그리고 정적 busybox로 ecslearn의 작은 데모 이미지 세 개를
# 한 번 빌드합니다). 아래의 모든 Docker 셀은 `if DOCKER:`로 시작합니다.

# %%
engine, WHY = docker_engine()
DOCKER = engine is not None
REGISTRY, REGISTRY_WHY = registry_running() if DOCKER else (False, WHY)
yes, no = T("yes", "있음")(LANG), T("no", "없음")(LANG)
print(T("Docker engine:", "Docker 엔진:")(LANG), yes if DOCKER else f"{no} - {WHY}")
print(
    T("Local registry (ECR):", "로컬 레지스트리(ECR):")(LANG),
    yes if REGISTRY else f"{no} - {REGISTRY_WHY}",
)

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ecs.create_cluster(clusterName="lab")
real_containers = T(
    "containers: real Docker containers on this machine's engine (when there is one)",
    "컨테이너: 이 머신의 엔진에서 도는 실제 Docker 컨테이너 (엔진이 있을 때)",
)
wall_clock = T(
    "time: the wall clock (with a Docker instance, the simulation waits for real containers)",
    "시간: 실제 시계 (Docker 인스턴스가 있으면 시뮬레이션이 실제 컨테이너를 기다림)",
)
real_registry = T(
    "ECR's images: a real Docker registry on 127.0.0.1:5000",
    "ECR 의 이미지: 127.0.0.1:5000 의 실제 Docker 레지스트리",
)
simulated_vs_real(
    LANG,
    simulated=("control_plane",),
    extra=(("real", real_containers), ("real", wall_clock), ("real", real_registry)),
    adds=("iam", "vpc", "cloudwatch", "ec2"),
)

# %% [markdown] en
# ## A Docker host joins the cluster
#
# `agent="docker"` launches one container instance whose agent is the Docker agent. It
# registers the CPU and memory of the machine the engine runs on, as the ECS agent
# registers its EC2 host's. From now on the simulation follows the **wall clock**:
# `sim.advance(5)` takes five real seconds, because real containers take real time.

# %% [markdown] ko
# ## Docker 호스트가 클러스터에 합류
#
# `agent="docker"`는 Docker 에이전트를 가진 컨테이너 인스턴스 하나를 띄웁니다.
# ECS 에이전트가 EC2 호스트의 자원을 등록하듯, 엔진이 도는 머신의 CPU와 메모리를
# 등록합니다. 이제부터 시뮬레이션은 **실제 시계**를 따릅니다: 실제 컨테이너는 실제
# 시간이 걸리므로 `sim.advance(5)`는 실제로 5초가 걸립니다.

# %%
if DOCKER:
    [host] = sim.launch_instances("lab", agent="docker")
    [described] = ecs.describe_container_instances(
        cluster="lab", containerInstances=[host.container_instance_arn]
    )["containerInstances"]
    for resource in described["registeredResources"][:2]:
        print(resource["name"], resource["integerValue"])
else:
    print(T("(skipped: no Docker engine)", "(건너뜀: Docker 엔진 없음)")(LANG), WHY)

# %% [markdown] en
# ## The same task definition as before
#
# `ecslearn/web:1` is a tiny web server that answers HTTP with the ID of the task it runs
# in. The task definition is ordinary ECS JSON: bridge network mode (the default on EC2),
# 64 MiB hard memory limit, container port 80 and **no host port**, so the task gets a free
# one (a *dynamic* host port: on AWS from the instance's ephemeral range, lesson 10; here
# Docker publishes it from its own range). The picture shows the definition; see its legend.

# %% [markdown] ko
# ## 예전과 같은 태스크 디피니션
#
# `ecslearn/web:1`은 자신이 속한 태스크의 ID로 HTTP에 답하는 작은 웹 서버입니다.
# 태스크 디피니션은 평범한 ECS JSON입니다: bridge 네트워크 모드 (EC2의 기본값),
# 64 MiB 하드 메모리 한도, 컨테이너 포트 80이고 **호스트 포트는 없어서** 태스크가 빈
# 포트를 받습니다(*동적* 호스트 포트: AWS에서는 인스턴스의 임시 포트 범위에서, 레슨 10.
# 여기서는 Docker가 자기 범위에서 게시합니다). 그림은 이 정의를 보여 줍니다. 범례를 보세요.

# %%
registered = ecs.register_task_definition(
    family="web",
    containerDefinitions=[
        {
            "name": "web",
            "image": "ecslearn/web:1",
            "memory": 64,
            "portMappings": [{"containerPort": 80}],
        }
    ],
)["taskDefinition"]
task_definition_picture(TaskDefinition.from_json(registered), LANG)

# %% [markdown] en
# ## Step through a real task start
#
# Run one task and advance the clock half a second at a time: the agent creates the
# container (its Docker ID becomes the container's `runtimeId`), starts it, and reports
# RUNNING with the host port Docker picked in `networkBindings`.

# %% [markdown] ko
# ## 실제 태스크 시작을 한 단계씩
#
# 태스크 하나를 실행하고 시계를 0.5초씩 움직입니다: 에이전트가 컨테이너를 만들고
# (Docker ID가 컨테이너의 `runtimeId`가 됨), 시작하고, Docker가 고른 호스트 포트를
# `networkBindings`에 담아 RUNNING으로 보고합니다.

# %%
if DOCKER:
    arn = ecs.run_task(cluster="lab", taskDefinition="web")["tasks"][0]["taskArn"]
    for _ in range(40):
        task = ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]
        web = task["containers"][0]
        print(f"t={sim.now:4.1f}s", task["lastStatus"], (web.get("runtimeId") or "-")[:12])
        if task["lastStatus"] == "RUNNING":
            break
        sim.advance(0.5)
    print("networkBindings:", web["networkBindings"])
    display(cluster_picture(sim, "lab", lang=LANG))

# %% [markdown] en
# ## Exercise 1 · Ask the container who it is
#
# The task above (`task`) serves HTTP on the host port Docker picked. Read that port from
# the task's `networkBindings`, fetch the page with `fetch(port)` (a small `urllib` GET),
# and keep the text the server answers in `answer`.

# %% [markdown] ko
# ## 연습 1 · 컨테이너에게 누구인지 묻기
#
# 위의 태스크 (`task`)는 Docker가 고른 호스트 포트로 HTTP를 제공합니다. 태스크의
# `networkBindings`에서 그 포트를 읽고, `fetch(port)` (작은 `urllib` GET)로 페이지를
# 가져와서, 서버가 답한 텍스트를 `answer`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## The memory limit, as Docker sees it
#
# The container definition's `memory` is the **hard limit**: the agent hands it to Docker,
# which kills a container that goes over it (ECS then reports `OutOfMemoryError`).
# `memoryReservation` would be the soft limit. Ask Docker itself, through `docker inspect`
# of the container whose ID ECS reported as `runtimeId`:

# %% [markdown] ko
# ## Docker가 보는 메모리 한도
#
# 컨테이너 정의의 `memory`는 **하드 한도**입니다: 에이전트가 Docker에 넘기고,
# Docker는 그것을 넘는 컨테이너를 종료합니다 (그러면 ECS는 `OutOfMemoryError`로
# 보고합니다). `memoryReservation`은 소프트 한도입니다. ECS가 `runtimeId`로 알려 준
# 컨테이너를 `docker inspect` 해서 Docker에게 직접 물어봅니다:

# %%
if DOCKER:
    inspected = engine.api.inspect_container(web["runtimeId"])
    print(T("Docker name:", "Docker 이름:")(LANG), inspected["Name"])
    print("HostConfig.Memory:", inspected["HostConfig"]["Memory"], "bytes")
    print("= 64 MiB:", inspected["HostConfig"]["Memory"] == 64 * 1024 * 1024)

# %% [markdown] en
# ## Exercise 2 · A memory limit Docker enforces
#
# Register a task definition of the family `capped` with one container `web` running
# `ecslearn/web:1` with a **hard** memory limit of **48 MiB**, run one task of it in `lab`,
# and keep in `docker_memory` the limit Docker reports for its container
# (`engine.api.inspect_container(...)["HostConfig"]["Memory"]`).

# %% [markdown] ko
# ## 연습 2 · Docker가 지키는 메모리 한도
#
# 패밀리 `capped`의 태스크 디피니션을 등록하세요. 컨테이너 `web` 하나가
# `ecslearn/web:1`을 **하드** 메모리 한도 **48 MiB**로 실행합니다. `lab`에서 태스크
# 하나를 실행하고, Docker가 그 컨테이너에 대해 알려 주는 한도
# (`engine.api.inspect_container(...)["HostConfig"]["Memory"]`) 를 `docker_memory`에
# 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## ECR: a private registry of images
#
# On AWS you would `docker push` to `123456789012.dkr.ecr.us-east-1.amazonaws.com/...`.
# Here the repository lives in the simulation's ECR, and its images in a real registry
# on 127.0.0.1:5000: `push(sim, local_image, uri + ":tag")` is `docker tag` + `docker push`,
# and records the image (with the digest the registry computed) in ECR. A Docker instance
# then pulls an ECR image from that registry, by the **digest** ECS resolved for the task.

# %% [markdown] ko
# ## ECR: 이미지 전용 레지스트리
#
# AWS에서는 `123456789012.dkr.ecr.us-east-1.amazonaws.com/...`로 `docker push` 합니다.
# 여기서는 리포지토리가 시뮬레이션의 ECR에 있고, 이미지는 127.0.0.1:5000의 실제
# 레지스트리에 있습니다: `push(sim, local_image, uri + ":tag")`는 `docker tag` +
# `docker push`이고, 레지스트리가 계산한 다이제스트와 함께 이미지를 ECR에 기록합니다.
# Docker 인스턴스는 ECS가 태스크에 정한 **다이제스트**로 그 레지스트리에서 ECR 이미지를
# 받습니다.

# %%
ecr = sim.client("ecr")
uri = ecr.create_repository(repositoryName="lesson11/web")["repository"]["repositoryUri"]
print(uri)

# %% [markdown] en
# Pushing to a repository that does not exist is refused by ECR before any byte moves
# (ECR is an AWS service of its own; its errors show in the same panel as ECS's):

# %% [markdown] ko
# 없는 리포지토리로 푸시하면 바이트가 움직이기 전에 ECR이 거부합니다
# (ECR은 별도의 AWS 서비스이고, 그 오류도 ECS 오류와 같은 패널에 보입니다):

# %%
if REGISTRY:
    with ecs_error(LANG):
        push(sim, "ecslearn/web:1", uri.replace("lesson11/web", "lesson11/nope") + ":v1")
else:
    print(T("(skipped: no registry)", "(건너뜀: 레지스트리 없음)")(LANG), REGISTRY_WHY)

# %% [markdown] en
# ## Exercise 3 · From ECR to a running task
#
# Push `ecslearn/web:1` to the repository (`uri`) with the tag `v1`, register a task
# definition `from-ecr` whose container (`web`, 32 MiB) runs the image `uri + ":v1"`, run
# one task in `lab`, and keep in `digest` the `imageDigest` DescribeTasks reports for its
# container: the exact image the agent pulled.

# %% [markdown] ko
# ## 연습 3 · ECR에서 실행 중인 태스크까지
#
# `ecslearn/web:1`을 태그 `v1`로 리포지토리 (`uri`)에 푸시하고, 컨테이너 (`web`,
# 32 MiB) 가 이미지 `uri + ":v1"`을 실행하는 태스크 디피니션 `from-ecr`을 등록하고,
# `lab`에서 태스크 하나를 실행한 다음, DescribeTasks가 그 컨테이너에 대해 알려 주는
# `imageDigest` (에이전트가 받은 바로 그 이미지)를 `digest`에 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## `docker kill`, and a service replaces the task
#
# A **service** of the replica type keeps `desiredCount` tasks running. Kill one of its
# containers behind ECS's back (as `docker kill` would): the agent notices the exit
# (code 137, SIGKILL), reports the essential container stopped, ECS stops the task, and
# the service scheduler starts a new one.

# %% [markdown] ko
# ## `docker kill`, 그리고 서비스가 태스크를 교체
#
# 리플리카 타입 **서비스**는 `desiredCount`개의 태스크를 계속 실행합니다. ECS를 거치지
# 않고 컨테이너 하나를 종료하면(`docker kill`처럼) 에이전트가 종료(코드 137, SIGKILL)를
# 감지해 필수 컨테이너가 멈췄다고 보고하고, ECS는 태스크를 멈추고, 서비스 스케줄러가
# 새 태스크를 시작합니다.

# %%
if DOCKER:
    ecs.create_service(cluster="lab", serviceName="site", taskDefinition="web", desiredCount=2)

    def site_tasks(status="RUNNING"):
        arns = ecs.list_tasks(cluster="lab", serviceName="site", desiredStatus="RUNNING")
        arns = arns["taskArns"]
        found = ecs.describe_tasks(cluster="lab", tasks=arns)["tasks"] if arns else []
        return [t for t in found if t["lastStatus"] == status]

    wait_until(sim, lambda: len(site_tasks()) == 2, 15)
    victim = site_tasks()[0]
    print(
        T("killing the container of", "컨테이너를 강제 종료할 태스크:")(LANG),
        victim["taskArn"].rsplit("/", 1)[1],
    )
    engine.containers.get(victim["containers"][0]["runtimeId"]).kill()  # docker kill

# %%
if DOCKER:

    def victim_now():
        return ecs.describe_tasks(cluster="lab", tasks=[victim["taskArn"]])["tasks"][0]

    wait_until(sim, lambda: victim_now()["lastStatus"] == "STOPPED", 10)
    stopped = victim_now()
    print(
        stopped["lastStatus"],
        stopped["stopCode"],
        T("exit code", "종료 코드")(LANG),
        stopped["containers"][0]["exitCode"],
    )
    wait_until(sim, lambda: len(site_tasks()) == 2, 20)
    service = ecs.describe_services(cluster="lab", services=["site"])["services"][0]
    print("runningCount:", service["runningCount"])
    for event in reversed(service["events"][:3]):
        print("-", event["message"])
    display(cluster_picture(sim, "lab", service="site", lang=LANG))

# %% [markdown] en
# ## Clean up
#
# Real containers outlive a notebook unless someone removes them. `sim.close()` removes
# every container and network this simulation created (`with Simulation(...) as sim:`
# does it at the end of the block). Afterwards Docker has none of them left:

# %% [markdown] ko
# ## 정리하기
#
# 실제 컨테이너는 누군가 지우지 않으면 노트북보다 오래 남습니다. `sim.close()`는 이
# 시뮬레이션이 만든 모든 컨테이너와 네트워크를 지웁니다 (`with Simulation(...) as sim:`
# 은 블록이 끝날 때 그렇게 합니다). 그 뒤에 Docker에는 하나도 남지 않습니다:

# %%
if DOCKER:
    print(
        T("containers before close:", "close 전 컨테이너:")(LANG), ecslearn_containers(engine, sim)
    )
    sim.close()
    print(
        T("containers after close:", "close 뒤 컨테이너:")(LANG), ecslearn_containers(engine, sim)
    )
else:
    sim.close()
    print(T("(nothing to clean up: no Docker engine)", "(정리할 것 없음: Docker 엔진 없음)")(LANG))

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
# - The Docker agent runs the **same task definitions** as real containers: `memory` is
#   Docker's hard limit, a missing `hostPort` is a port Docker picks, and ECS reports the
#   container's ID (`runtimeId`), port (`networkBindings`) and exit code.
# - A container that dies is noticed; a **service** replaces its task, a task run on its own
#   is not replaced.
# - **ECR** stores images by tag and **digest**; a task runs the digest ECS resolved.
# - Clean up what you run. Next: the same boto3 code against a server, and real AWS.

# %% [markdown] ko
# ## 정리
#
# - Docker 에이전트는 **같은 태스크 디피니션**을 실제 컨테이너로 실행합니다: `memory`는
#   Docker의 하드 한도, 없는 `hostPort`는 Docker가 고르는 포트이고, ECS는 컨테이너의
#   ID (`runtimeId`), 포트 (`networkBindings`), 종료 코드를 알려 줍니다.
# - 죽은 컨테이너는 감지됩니다. **서비스**는 그 태스크를 교체하지만, 혼자 실행한
#   태스크는 교체되지 않습니다.
# - **ECR**은 이미지를 태그와 **다이제스트**로 저장합니다. 태스크는 ECS가 정한
#   다이제스트를 실행합니다.
# - 실행한 것은 정리하세요. 다음: 같은 boto3 코드를 서버와 실제 AWS에.
