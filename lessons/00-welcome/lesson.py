# Lesson 0 · Welcome: the source of notebooks/{en,ko}/00-welcome.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 0 · Welcome to ecslearn
#
# **Amazon ECS** (Elastic Container Service) is AWS's managed *container orchestration*
# service. It builds on **container virtualization**: you package an application as
# container images (with **Docker**), describe how to run them in a **task definition**,
# and ECS decides *where* in a **cluster** of machines the containers run, keeps them
# running, and replaces them when they fail. AWS runs the control plane for you:
# that is what *managed* means.
#
# In these lessons you drive a simulated ECS with the **real boto3 client**. The boto3
# calls you type (`ecs.create_cluster(...)`, `ecs.run_task(...)`) are the calls you would
# make on AWS: there the client comes from `boto3.client("ecs")` instead of
# `sim.client()`. What does not carry over is the simulation's own handles (`sim.advance`,
# `sim.launch_instances`, `sim.set_load`). Real AWS also needs credentials for an IAM
# identity allowed to make the calls, a VPC with subnets, EC2 instances running the ECS
# agent (or Fargate), IAM roles for the instances and tasks, and it bills what runs
# (lesson 12).

# %% [markdown] ko
# # 0 · ecslearn에 오신 것을 환영합니다
#
# **Amazon ECS** (Elastic Container Service)는 AWS의 관리형
# *컨테이너 오케스트레이션* 서비스입니다. **컨테이너 가상화** 위에서
# 동작합니다. 애플리케이션을 (**Docker**로) 컨테이너 이미지로 만들고,
# 실행 방법을 **태스크 디피니션**(task definition)에 적으면, ECS가
# 여러 머신으로 이루어진 **클러스터**(cluster)의 *어디에서* 컨테이너를
# 실행할지 정하고, 계속 실행되게 하고, 실패하면 교체합니다.
# 컨트롤 플레인은 AWS가 운영합니다. 이것이 *관리형* 의 뜻입니다.
#
# 이 레슨에서는 **진짜 boto3 클라이언트**로 시뮬레이션된 ECS를 다룹니다. 여기서
# 입력하는 boto3 호출(`ecs.create_cluster(...)`, `ecs.run_task(...)`)은 AWS에서
# 하는 호출과 같습니다. AWS에서는 클라이언트를 `sim.client()` 대신
# `boto3.client("ecs")`로 만듭니다. 시뮬레이션 전용 함수(`sim.advance`,
# `sim.launch_instances`, `sim.set_load`)는 그대로 옮겨 가지 않습니다. 실제 AWS에는
# 그 밖에도 호출 권한이 있는 IAM 자격 증명, 서브넷이 있는 VPC, ECS 에이전트가 도는
# EC2 인스턴스(또는 Fargate), 인스턴스와 태스크의 IAM 역할이 필요하고, 실행한 만큼
# 요금이 나갑니다(레슨 12).

# %% [markdown] en
# ## How these notebooks work
#
# - Run the cells from top to bottom (**Run ▸ Run All Cells** works too). The first cell
#   is folded: it imports what the lesson needs.
# - **Exercises** have a cell with a blank `____` for you to fill, and a cell below it:
#   - `ex1.check()` answers **Correct ✓**, **Incorrect** with the reason in ECS's words,
#     or **Not attempted** while the blank is still there;
#   - `ex1.hint()` gives a nudge, `ex1.hint(2)` says more;
#   - `ex1.solution()` shows the worked solution. It stays hidden until you ask.
# - **Quizzes** ask a question about the lesson's ideas: choose an answer and press
#   **Check** to read why it is right or wrong. `ecslearn.progress()` shows your answers
#   and checks so far.
# - Nothing here costs money or can break: to start again, restart the kernel.

# %% [markdown] ko
# ## 노트북 사용법
#
# - 셀을 위에서 아래로 실행하세요 (**Run ▸ Run All Cells**도 됩니다).
#   첫 셀은 접혀 있으며, 레슨에 필요한 것을 import 합니다.
# - **연습 문제**에는 빈칸 `____`을 채우는 셀과 그 아래 셀이 있습니다.
#   - `ex1.check()`는 **정답 ✓**, 이유를 ECS 용어로 설명하는 **오답**,
#     빈칸이 남아 있으면 **아직 풀지 않음**으로 답합니다.
#   - `ex1.hint()`는 힌트를, `ex1.hint(2)`는 더 자세한 힌트를 줍니다.
#   - `ex1.solution()`은 풀이를 보여 줍니다. 요청하기 전에는 숨겨져 있습니다.
# - **퀴즈**는 레슨의 개념을 묻습니다. 답을 고르고 **확인**을 누르면 그 답이
#   왜 맞는지 또는 왜 틀렸는지 알려 줍니다. 지금까지의 답과 채점 결과는
#   `ecslearn.progress()`로 볼 수 있습니다.
# - 여기서는 요금도 들지 않고 망가질 것도 없습니다. 처음부터 다시 하려면
#   커널을 재시작하세요.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts

(ex1,) = from_lesson("00-welcome", "ex1")
q1, q2 = from_lesson("00-welcome", "q1", "q2")

LANG = "en"

# %% [markdown] en
# ## ECS at a glance
#
# The map below is the whole course on one page. Images live in a **registry** (ECR).
# A **task definition** names the images and their settings. A **service** keeps a number
# of **tasks** (running copies of a task definition) alive. They run on **container
# instances**: EC2 hosts whose **ECS agent** joined a **cluster**, spread over
# **availability zones**. The legend says what each shape and line means; the same
# colours are used in every lesson.

# %% [markdown] ko
# ## 한눈에 보는 ECS
#
# 아래 그림이 이 과정 전체입니다. 이미지는 **레지스트리**(ECR)에 있습니다.
# **태스크 디피니션**은 이미지와 설정을 적은 것입니다. **서비스**는
# 정해진 수의 **태스크** (태스크 디피니션을 실행한 것)를 계속 살려 둡니다.
# 태스크는 **컨테이너 인스턴스**에서 실행됩니다. 컨테이너 인스턴스는
# **ECS 에이전트**가 **클러스터**에 합류시킨 EC2 호스트이며, 여러
# **가용 영역**에 퍼져 있습니다. 범례가 각 모양과 선의 뜻을 알려 줍니다.
# 모든 레슨에서 같은 색을 씁니다.

# %%
concepts.overview(LANG)

# %% [markdown] en
# ## A simulated account and a boto3 client
#
# `Simulation(seed=0)` is one simulated AWS account. `sim.client()` is a real boto3 ECS
# client whose requests are answered inside this notebook instead of over the network.

# %% [markdown] ko
# ## 시뮬레이션 계정과 boto3 클라이언트
#
# `Simulation(seed=0)`은 시뮬레이션된 AWS 계정 하나입니다.
# `sim.client()`는 진짜 boto3 ECS 클라이언트이며, 요청은 네트워크 대신
# 이 노트북 안에서 응답됩니다.

# %%
sim = Simulation(seed=0)  # the seed makes every run the same
ecs = sim.client()  # a real boto3 ECS client, answered in-process
simulated_vs_real(LANG)

# %% [markdown] en
# A **cluster** is a logical space where containers run. **Container instances** are EC2
# hosts whose ECS agent registered them in the cluster. Lessons 1 and 2 look at both.

# %% [markdown] ko
# **클러스터**는 컨테이너가 실행되는 논리적 공간입니다.
# **컨테이너 인스턴스**는 ECS 에이전트가 클러스터에 등록한 EC2 호스트입니다.
# 레슨 1과 2에서 자세히 봅니다.

# %%
ecs.create_cluster(clusterName="web")
sim.launch_instances("web", count=3, instance_type="t3.medium")
arns = ecs.list_container_instances(cluster="web")["containerInstanceArns"]
described = ecs.describe_container_instances(cluster="web", containerInstances=arns)
for instance in described["containerInstances"]:
    attributes = {a["name"]: a.get("value") for a in instance["attributes"]}
    cpu, memory = (r["integerValue"] for r in instance["registeredResources"][:2])
    zone = attributes["ecs.availability-zone"]
    print(
        instance["ec2InstanceId"], zone, f"{cpu} {T('CPU units', 'CPU 유닛')(LANG)}, {memory} MiB"
    )

# %% [markdown] en
# ## A task definition
#
# A **task definition** says which containers to run together, with which image, how
# much CPU and memory, and which ports. Registering one gives **revision** 1; registering
# the same family again gives 2.

# %% [markdown] ko
# ## 태스크 디피니션
#
# **태스크 디피니션**은 어떤 컨테이너를 함께, 어떤 이미지로, CPU와 메모리를
# 얼마나 써서, 어떤 포트로 실행할지 적은 것입니다. 처음 등록하면
# **리비전** 1, 같은 패밀리를 다시 등록하면 2가 됩니다.

# %%
response = ecs.register_task_definition(
    family="hello",
    containerDefinitions=[
        {
            "name": "web",
            "image": "nginx:1.27",
            "memory": 256,
            "portMappings": [{"containerPort": 80}],
        }
    ],
)
td = response["taskDefinition"]
print(td["taskDefinitionArn"])
td["containerDefinitions"][0]

# %% [markdown] en
# ECS filled in its defaults: the container is `essential`, its port is `tcp`, it
# reserves `cpu: 0`.
#
# ECS also refuses what breaks its rules, and so does ecslearn, with the same error.
# `with ecs_error(LANG):` shows the refusal the way you should read it: the error's
# name, then ECS's message (in real code you would write `try: ... except`).

# %% [markdown] ko
# ECS가 기본값을 채웠습니다: 컨테이너는 `essential`, 포트는 `tcp`,
# 예약 CPU는 `cpu: 0`입니다.
#
# ECS는 규칙에 어긋나는 요청을 거부하고, ecslearn도 같은 오류로 거부합니다.
# `with ecs_error(LANG):`은 거부를 읽어야 하는 방식대로 보여 줍니다:
# 오류 이름, 그리고 ECS의 메시지 (실제 코드에서는 `try: ... except`).

# %%
with ecs_error(LANG):
    ecs.register_task_definition(
        family="bad", containerDefinitions=[{"name": "x", "image": "busybox"}]
    )

# %% [markdown] en
# ## Exercise 1 · Fix the refused task definition
#
# Register the family `bad` again, with its container `x` (image `busybox`) and what ECS
# said was missing: a hard memory limit of **128 MiB**. Keep the task definition ECS
# answers with (`response["taskDefinition"]`) in the variable `fixed`.
#
# Then run the cell below it. Try `ex1.hint()` if you are stuck.

# %% [markdown] ko
# ## 연습 1 · 거부된 태스크 디피니션 고치기
#
# `bad` 패밀리를 다시 등록하세요. 컨테이너 `x` (이미지 `busybox`)에
# ECS가 빠졌다고 한 것, 즉 **128 MiB**의 메모리 하드 리밋을 더합니다.
# ECS가 돌려준 태스크 디피니션 (`response["taskDefinition"]`)을
# 변수 `fixed`에 담으세요.
#
# 그리고 아래 셀을 실행하세요. 막히면 `ex1.hint()`를 써 보세요.

# %% exercise ex1

# %% [markdown] en
# ## Quiz
#
# Two questions on this lesson. Choose an answer and press **Check**: whichever you
# choose, you read why it is right or wrong. (In code: `q1.answer("a")`.)

# %% [markdown] ko
# ## 퀴즈
#
# 이번 레슨에 대한 질문 두 개입니다. 답을 고르고 **확인**을 누르면, 고른 답이
# 왜 맞는지 또는 왜 틀렸는지 알려 줍니다. (코드로는 `q1.answer("a")`.)

# %% quiz q1

# %% quiz q2

# %% [markdown] en
# ## What comes next
#
# 1. **The cluster**: the logical space where everything runs.
# 2. **Container instances**: how an EC2 host joins a cluster through its agent.
# 3. and on: tasks, task definitions, services, ECR, placement, deployments, load
#    balancing and scaling, networking, real Docker containers, and finally real AWS.

# %% [markdown] ko
# ## 다음 내용
#
# 1. **클러스터**: 모든 것이 실행되는 논리적 공간.
# 2. **컨테이너 인스턴스**: EC2 호스트가 에이전트를 통해 클러스터에 합류하는 방법.
# 3. 이어서: 태스크, 태스크 디피니션, 서비스, ECR, 배치, 배포, 로드 밸런싱과
#    스케일링, 네트워킹, 실제 Docker 컨테이너, 그리고 실제 AWS.
