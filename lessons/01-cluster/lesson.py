# Lesson 1 · The cluster: the source of notebooks/{en,ko}/01-cluster.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 1 · The cluster
#
# The **cluster** is ECS's basic unit: a *logical space* for running containers. It is
# not a machine. It is a name, in one AWS region, that groups:
#
# - the **container instances** (EC2 hosts) that offer CPU and memory,
# - the **tasks** (running containers) placed on them,
# - the **services** that keep tasks running.
#
# An empty cluster costs nothing and runs nothing. Everything in the next lessons happens
# *inside* a cluster. In this lesson (about 15 minutes) you create clusters, read what ECS
# says about them, and see why a cluster is what Kubernetes also calls a *cluster*, not a
# node.

# %% [markdown] ko
# # 1 · 클러스터
#
# **클러스터**(cluster)는 ECS의 기본 단위이며, 컨테이너를 실행하기 위한
# *논리적 공간* 입니다. 머신이 아닙니다. 한 AWS 리전 안의 이름 하나로
# 다음을 묶습니다:
#
# - CPU와 메모리를 제공하는 **컨테이너 인스턴스** (EC2 호스트),
# - 그 위에 배치되는 **태스크** (실행 중인 컨테이너),
# - 태스크를 계속 실행되게 하는 **서비스**.
#
# 빈 클러스터는 비용도 없고 아무것도 실행하지 않습니다. 다음 레슨의
# 모든 일은 클러스터 *안에서* 일어납니다. 이번 레슨 (약 15분)에서는
# 클러스터를 만들고, ECS가 클러스터에 대해 알려 주는 것을 읽고,
# 클러스터가 쿠버네티스의 노드가 아니라 *클러스터* 에 해당하는 이유를 봅니다.

# %% setup
from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts

ex1, ex2, ex3, q1, q2, q3 = from_lesson("01-cluster", "ex1", "ex2", "ex3", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## The picture
#
# A cluster (the outer box) spans availability zones (dashed boxes); each zone has
# container instances, and each instance runs tasks. The legend explains every shape.

# %% [markdown] ko
# ## 그림으로 보기
#
# 클러스터 (바깥 상자)는 여러 가용 영역 (점선 상자)에 걸쳐 있고,
# 각 영역에 컨테이너 인스턴스가, 각 인스턴스에 태스크가 있습니다.
# 범례가 모든 모양을 설명합니다.

# %%
concepts.cluster_and_instances(LANG)

# %% [markdown] en
# ## Creating a cluster
#
# `CreateCluster` needs only a name (letters, digits, `-` and `_`). The answer is the
# cluster in ECS JSON: its ARN (Amazon Resource Name), its status, and counts that are
# still zero.

# %% [markdown] ko
# ## 클러스터 만들기
#
# `CreateCluster`에는 이름만 있으면 됩니다 (영문자, 숫자, `-`, `_`).
# 응답은 ECS JSON 형식의 클러스터입니다: ARN (Amazon Resource Name),
# 상태, 그리고 아직 0인 개수들.

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(LANG, simulated=("control_plane", "clock"))

# %%
created = ecs.create_cluster(clusterName="web")["cluster"]
{key: created[key] for key in ("clusterArn", "clusterName", "status")}

# %% [markdown] en
# ECS answers a second `CreateCluster` with the same name with the cluster that already
# exists: creating is *idempotent*. `ListClusters` gives ARNs; `DescribeClusters` gives
# the details, including how many instances, tasks and services the cluster holds.

# %% [markdown] ko
# 같은 이름으로 `CreateCluster`를 다시 호출하면 ECS는 이미 있는 클러스터를
# 돌려줍니다. 생성은 *멱등* (idempotent)입니다. `ListClusters`는 ARN 목록을,
# `DescribeClusters`는 클러스터가 가진 인스턴스, 태스크, 서비스 수를
# 포함한 자세한 정보를 줍니다.

# %%
ecs.create_cluster(clusterName="web")
print(ecs.list_clusters()["clusterArns"])
web = ecs.describe_clusters(clusters=["web"])["clusters"][0]
counts = (
    "registeredContainerInstancesCount",
    "runningTasksCount",
    "pendingTasksCount",
    "activeServicesCount",
)
{key: web[key] for key in counts}

# %% [markdown] en
# ## The `default` cluster
#
# If you never name a cluster, ECS uses one called `default`. The ECS agent on an EC2
# host joins `default` unless told otherwise, and creates it if needed. Here one
# instance is launched without a cluster name: watch `default` appear.

# %% [markdown] ko
# ## `default` 클러스터
#
# 클러스터 이름을 주지 않으면 ECS는 `default`라는 클러스터를 씁니다.
# EC2 호스트의 ECS 에이전트는 따로 지정하지 않으면 `default`에 합류하고,
# 없으면 만듭니다. 여기서는 클러스터 이름 없이 인스턴스 하나를 띄웁니다.
# `default`가 생기는 것을 보세요.

# %%
sim.launch_instances(count=1)
for cluster in ecs.describe_clusters(clusters=["web", "default"])["clusters"]:
    count = cluster["registeredContainerInstancesCount"]
    print(cluster["clusterName"], T(f"{count} instance(s)", f"인스턴스 {count}대")(LANG))

# %% [markdown] en
# ## Exercise 1 · A cluster with Container Insights
#
# Clusters have **settings**. Create a cluster named `shop` whose setting
# `containerInsights` is `enabled` (in real AWS that sends metrics to CloudWatch). Then
# describe it *with its settings* and keep the cluster (not the whole answer) in `shop`.

# %% [markdown] ko
# ## 연습 1 · Container Insights를 켠 클러스터
#
# 클러스터에는 **설정**(settings)이 있습니다. `containerInsights` 설정이
# `enabled`인 `shop` 클러스터를 만드세요 (실제 AWS에서는 CloudWatch로
# 지표를 보냅니다). 그다음 *설정을 포함해* 조회하고, 응답 전체가 아니라
# 클러스터를 `shop`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## Exercise 2 · A cluster that is not there
#
# What does ECS say when you describe a cluster that does not exist? Describe the cluster
# `payments` (nobody created it) and keep the **reason** ECS gives in `reason`.

# %% [markdown] ko
# ## 연습 2 · 없는 클러스터
#
# 존재하지 않는 클러스터를 조회하면 ECS는 뭐라고 할까요? 아무도 만들지
# 않은 `payments` 클러스터를 조회하고, ECS가 알려 주는 **이유**(reason)를
# `reason`에 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## A cluster is not a node
#
# People who know Kubernetes often map an ECS cluster to a Kubernetes *node*. It is not:
# a node is one machine, while a cluster pools many machines, across zones. The map
# shows which ECS idea matches which Kubernetes idea.

# %% [markdown] ko
# ## 클러스터는 노드가 아닙니다
#
# 쿠버네티스를 아는 사람은 ECS 클러스터를 쿠버네티스 *노드* 로 생각하곤 합니다.
# 그렇지 않습니다. 노드는 머신 한 대이고, 클러스터는 여러 가용 영역의
# 여러 머신을 묶습니다. 아래 그림은 어떤 ECS 개념이 어떤 쿠버네티스 개념에
# 해당하는지 보여 줍니다.

# %%
concepts.ecs_vs_kubernetes(LANG)

# %% [markdown] en
# ## Exercise 3 · ECS beside Kubernetes
#
# Which Kubernetes concept does an **ECS cluster** match: `"node"` or `"cluster"`?

# %% [markdown] ko
# ## 연습 3 · ECS와 쿠버네티스
#
# **ECS 클러스터**는 쿠버네티스의 어떤 개념에 해당할까요:
# `"node"` 또는 `"cluster"`?

# %% exercise ex3

# %% [markdown] en
# ## Deleting a cluster
#
# A cluster can only be deleted when it is empty. `default` still has its instance, so
# ECS refuses, and says why. `web` is empty: it becomes `INACTIVE`.

# %% [markdown] ko
# ## 클러스터 삭제
#
# 클러스터는 비어 있을 때만 삭제할 수 있습니다. `default`에는 아직
# 인스턴스가 있으므로 ECS가 이유와 함께 거부합니다. `web`은 비어 있으므로
# `INACTIVE`가 됩니다.

# %%
with ecs_error(LANG):
    ecs.delete_cluster(cluster="default")

# %%
ecs.delete_cluster(cluster="web")["cluster"]["status"]

# %% [markdown] en
# ## Quiz
#
# Three questions on this lesson. Choose an answer and press **Check**: whichever you
# choose, you read why it is right or wrong. (In code: `q1.answer("a")`.) Your answers and
# your exercise checks are kept on your computer: `ecslearn.progress()` shows them.

# %% [markdown] ko
# ## 퀴즈
#
# 이번 레슨에 대한 질문 세 개입니다. 답을 고르고 **확인**을 누르면, 고른 답이
# 왜 맞는지 또는 왜 틀렸는지 알려 줍니다. (코드로는 `q1.answer("a")`.)
# 퀴즈 답과 연습 문제 채점 결과는 내 컴퓨터에 저장되며,
# `ecslearn.progress()`로 볼 수 있습니다.

# %% quiz q1

# %% quiz q2

# %% quiz q3

# %% [markdown] en
# ## Summary
#
# - A cluster is a named, regional, logical space: it holds instances, tasks and services.
# - `CreateCluster` is idempotent; settings are given when creating or with `UpdateCluster`.
# - `DescribeClusters` reports unknown clusters under `failures`, and shows settings only
#   with `include=["SETTINGS"]`.
# - An ECS cluster matches a Kubernetes cluster; a container instance matches a node. The
#   next lesson is about container instances.

# %% [markdown] ko
# ## 정리
#
# - 클러스터는 리전 안의 이름 있는 논리적 공간이며, 인스턴스, 태스크, 서비스를 담습니다.
# - `CreateCluster`는 멱등입니다. 설정은 만들 때 또는 `UpdateCluster`로 줍니다.
# - `DescribeClusters`는 없는 클러스터를 `failures`로 알려 주고, 설정은
#   `include=["SETTINGS"]` 일 때만 보여 줍니다.
# - ECS 클러스터는 쿠버네티스 클러스터에, 컨테이너 인스턴스는 노드에 해당합니다.
#   다음 레슨은 컨테이너 인스턴스입니다.
