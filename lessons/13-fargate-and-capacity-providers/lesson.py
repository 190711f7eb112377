# Lesson 13 · Fargate and capacity providers: the source of
# notebooks/{en,ko}/13-fargate-and-capacity-providers.ipynb, written by `./dev lessons`. The
# format is explained in lessons/README.md.

# %% [markdown] en
# # 13 · Fargate and capacity providers
#
# Since lesson 2 your tasks have run on container instances that `sim.launch_instances`
# started in one call. In an AWS account, the capacity a task runs on comes from one of
# three places:
#
# 1. **EC2 instances from an Auto Scaling group.** You choose the instance type and the
#    AMI; an **Auto Scaling group** keeps as many instances as it is asked for. A
#    **capacity provider** links the group to a cluster, and ECS's **managed scaling**
#    grows and shrinks the group to fit the tasks.
# 2. **Fargate.** There is no instance for you to see: each task gets a machine of its
#    own, of the size its task definition asks for, with its own network interface.
# 3. **Fargate Spot.** Fargate on AWS's spare capacity, at a discount; AWS may take it
#    back with two minutes' warning.
#
# You run the same web service all three ways, and split one service between Fargate
# and Fargate Spot. About 30 minutes.

# %% [markdown] ko
# # 13 · Fargate와 용량 공급자
#
# 레슨 2부터 태스크는 `sim.launch_instances`가 호출 한 번으로 띄운 컨테이너
# 인스턴스에서 실행되었습니다. 실제 AWS 계정에서 태스크가 실행될 용량 (capacity)은
# 세 곳 중 하나에서 옵니다:
#
# 1. **Auto Scaling 그룹의 EC2 인스턴스.** 인스턴스 타입과 AMI를 직접 고르고,
#    **Auto Scaling 그룹**이 요청받은 수만큼 인스턴스를 유지합니다.
#    **용량 공급자**(capacity provider)가 그룹을 클러스터에 연결하고, ECS의
#    **관리형 스케일링**(managed scaling)이 태스크에 맞게 그룹을 늘리고 줄입니다.
# 2. **Fargate.** 눈에 보이는 인스턴스가 없습니다. 태스크마다 태스크 디피니션이
#    요청한 크기의 머신이 따로 주어지고, 네트워크 인터페이스도 따로 생깁니다.
# 3. **Fargate Spot.** AWS의 남는 용량에서 할인된 가격으로 실행하는 Fargate입니다.
#    AWS가 2분 전에 알리고 용량을 회수할 수 있습니다.
#
# 같은 웹 서비스를 세 가지 방법으로 모두 실행하고, 서비스 하나를 Fargate와
# Fargate Spot에 나눠 봅니다. 약 30분.

# %% setup
import base64
from io import BytesIO

from IPython.display import Image

from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.task_definition import task_definition_picture
from ecslearn.views.timelines import desired_vs_running

ex1, ex2, ex3 = from_lesson("13-fargate-and-capacity-providers", "ex1", "ex2", "ex3")
ecs_user_data, watch, fargate_tasks, tasks_by_provider = from_lesson(
    "13-fargate-and-capacity-providers",
    "ecs_user_data",
    "watch",
    "fargate_tasks",
    "tasks_by_provider",
)
q1, q2, q3 = from_lesson("13-fargate-and-capacity-providers", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# Three boto3 clients this time: ECS, EC2 (launch templates, subnets) and EC2 Auto
# Scaling (groups), all answered by the same simulated account.

# %% [markdown] ko
# 이번에는 boto3 클라이언트가 세 개입니다: ECS, EC2 (시작 템플릿, 서브넷), EC2 Auto
# Scaling (그룹). 모두 같은 시뮬레이션 계정이 응답합니다.

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ec2 = sim.client("ec2")
autoscaling = sim.client("autoscaling")
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "ec2_autoscaling", "fargate", "containers", "clock"),
    adds=("iam", "vpc", "cloudwatch", "bill"),
)

# %% [markdown] en
# ## 1 · EC2 instances from an Auto Scaling group
#
# An instance becomes a container instance of cluster `shop` when three things are right,
# and all three go in a **launch template**, the recipe the group launches from:
#
# - the **AMI**: the ECS-optimized Amazon Linux 2023 image, whose ID for the region AWS
#   publishes as an SSM parameter; it comes with Docker and the ECS agent;
# - the **user data**: a script run at boot that writes `ECS_CLUSTER=shop` into the
#   agent's `/etc/ecs/ecs.config` (without it, the agent joins `default`);
# - the **instance profile**: the IAM role the agent's calls to ECS are signed with
#   (`ecsInstanceRole`, with AWS's policy `AmazonEC2ContainerServiceforEC2Role`).
#
# `ecs_user_data("shop")` writes the script and encodes it in base64, as a launch template
# wants it.

# %% [markdown] ko
# ## 1 · Auto Scaling 그룹의 EC2 인스턴스
#
# 인스턴스가 `shop` 클러스터의 컨테이너 인스턴스가 되려면 세 가지가 맞아야 하고,
# 셋 다 그룹이 인스턴스를 띄울 때 쓰는 **시작 템플릿**(launch template)에 들어갑니다:
#
# - **AMI**: ECS 최적화 Amazon Linux 2023 이미지. 리전별 ID를 AWS가 SSM 파라미터로
#   공개합니다. Docker와 ECS 에이전트가 들어 있습니다.
# - **사용자 데이터**(user data): 부팅할 때 실행되어 에이전트의
#   `/etc/ecs/ecs.config`에 `ECS_CLUSTER=shop`을 적는 스크립트 (없으면 에이전트는
#   `default`에 합류합니다).
# - **인스턴스 프로파일**(instance profile): 에이전트가 ECS를 호출할 때 서명에 쓰는
#   IAM 역할 (`ecsInstanceRole`, AWS 정책 `AmazonEC2ContainerServiceforEC2Role` 포함).
#
# `ecs_user_data("shop")`은 이 스크립트를 만들어 시작 템플릿이 받는 형식인 base64로
# 인코딩합니다.

# %%
ssm = sim.client("ssm")
AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
ami = ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
print("AMI:", ami)
print(base64.b64decode(ecs_user_data("shop")).decode())

ecs.create_cluster(clusterName="shop")
ec2.create_launch_template(
    LaunchTemplateName="shop-ecs",
    LaunchTemplateData={
        "ImageId": ami,
        "InstanceType": "t3.small",
        "UserData": ecs_user_data("shop"),
        "IamInstanceProfile": {"Name": "ecsInstanceRole"},
    },
)["LaunchTemplate"]["LaunchTemplateName"]

# %% [markdown] en
# The group starts empty: `MinSize` 0, `DesiredCapacity` 0, and at most `MaxSize` 4
# instances. `NewInstancesProtectedFromScaleIn` lets ECS decide which instances the group
# may remove (only those without tasks), which **managed termination protection** needs.

# %% [markdown] ko
# 그룹은 비어 있는 상태로 시작합니다: `MinSize` 0, `DesiredCapacity` 0, 최대 `MaxSize`
# 4대. `NewInstancesProtectedFromScaleIn`을 켜면 그룹이 어떤 인스턴스를 없앨 수 있는지
# (태스크가 없는 것만) ECS가 정하게 되며, **관리형 종료 보호** (managed termination
# protection) 에 필요합니다.

# %%
autoscaling.create_auto_scaling_group(
    AutoScalingGroupName="shop-asg",
    LaunchTemplate={"LaunchTemplateName": "shop-ecs", "Version": "$Latest"},
    MinSize=0,
    MaxSize=4,
    DesiredCapacity=0,
    AvailabilityZones=["us-east-1a", "us-east-1b"],
    NewInstancesProtectedFromScaleIn=True,
)
shop_asg = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["shop-asg"])[
    "AutoScalingGroups"
][0]
shop_asg["AutoScalingGroupARN"]

# %% [markdown] en
# ## A capacity provider with managed scaling
#
# The **capacity provider** `shop-ec2` names the group. With managed scaling ENABLED, ECS
# computes a metric for it every minute, **CapacityProviderReservation**:
#
# - `M / N × 100`, where N is the group's instances running in the cluster and M the
#   instances the tasks need (with tasks waiting for room, more than N);
# - no instance and no task: 100; tasks waiting and no instance at all: 200.
#
# ECS keeps the metric at `targetCapacity` by setting the group's desired capacity. At
# 100 the instances are filled; a lower target, say 80, keeps spare room so that new
# tasks do not wait for an instance to boot. Then `PutClusterCapacityProviders` attaches
# the provider to the cluster and makes it the **default strategy**: a service created
# without a `launchType` uses it.

# %% [markdown] ko
# ## 관리형 스케일링을 켠 용량 공급자
#
# **용량 공급자** `shop-ec2`가 그룹을 가리킵니다. 관리형 스케일링을 ENABLED로 하면
# ECS가 1분마다 이 공급자의 지표 **CapacityProviderReservation**을 계산합니다:
#
# - `M / N × 100`. N은 클러스터에서 실행 중인 그룹의 인스턴스 수, M은 태스크에
#   필요한 인스턴스 수입니다 (자리를 기다리는 태스크가 있으면 N보다 큽니다).
# - 인스턴스도 태스크도 없으면 100, 기다리는 태스크가 있는데 인스턴스가 하나도
#   없으면 200.
#
# ECS는 그룹의 원하는 용량을 조정해 이 지표를 `targetCapacity`로 유지합니다. 100이면
# 인스턴스를 꽉 채우고, 80처럼 더 낮으면 여유 공간을 남겨 새 태스크가 인스턴스
# 부팅을 기다리지 않게 합니다. 그다음 `PutClusterCapacityProviders`로 공급자를
# 클러스터에 붙이고 **기본 전략**(default strategy)으로 정합니다: `launchType` 없이
# 만든 서비스는 이 전략을 씁니다.

# %%
ecs.create_capacity_provider(
    name="shop-ec2",
    autoScalingGroupProvider={
        "autoScalingGroupArn": shop_asg["AutoScalingGroupARN"],
        "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
        "managedTerminationProtection": "ENABLED",
    },
)
ecs.put_cluster_capacity_providers(
    cluster="shop",
    capacityProviders=["shop-ec2"],
    defaultCapacityProviderStrategy=[{"capacityProvider": "shop-ec2", "weight": 1}],
)
ecs.describe_capacity_providers(capacityProviders=["shop-ec2"])["capacityProviders"][0][
    "autoScalingGroupProvider"
]

# %% [markdown] en
# ## Tasks wait, the group grows
#
# A service of 4 web tasks (0.5 vCPU and 512 MiB each), and not one instance in the
# cluster. Instead of failing to place them, ECS keeps the tasks in **PROVISIONING**:
# they wait for capacity. Watch one line every 30 seconds: the group's desired capacity,
# its instances, the cluster's container instances and the tasks.

# %% [markdown] ko
# ## 태스크는 기다리고, 그룹은 늘어납니다
#
# 웹 태스크 4개 (각각 vCPU 0.5, 512 MiB)의 서비스를 만드는데, 클러스터에는
# 인스턴스가 하나도 없습니다. ECS는 배치에 실패하는 대신 태스크를
# **PROVISIONING**에 두고 용량을 기다리게 합니다. 30초마다 한 줄씩 보세요: 그룹의
# 원하는 용량, 그룹의 인스턴스, 클러스터의 컨테이너 인스턴스, 태스크.

# %%
web = {
    "name": "web",
    "image": "nginx:1.27",
    "cpu": 512,
    "memory": 512,
    "portMappings": [{"containerPort": 80, "hostPort": 0}],
}
ecs.register_task_definition(family="web", containerDefinitions=[web])
ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web", desiredCount=4)
for _ in range(5):
    sim.advance(30)
    watch(sim, ecs, autoscaling, "shop", "shop-asg")

# %% [markdown] en
# At the first minute the metric was 200 (tasks waiting, no instance): ECS estimated that
# two t3.small fit the four tasks and set the group's desired capacity to 2. The group
# launched them, their agents registered in `shop`, and the waiting tasks were placed.
# Each decision is on the timeline, with its numbers:

# %% [markdown] ko
# 첫 1분에 지표는 200이었습니다 (기다리는 태스크, 인스턴스 없음). ECS는 t3.small
# 두 대면 태스크 네 개가 들어간다고 추정해 그룹의 원하는 용량을 2로 정했습니다.
# 그룹이 인스턴스를 띄우고, 에이전트가 `shop`에 등록하자 기다리던 태스크가
# 배치되었습니다. 각 결정은 숫자와 함께 타임라인에 있습니다:

# %%
print(sim.events.filter(kind="capacity"))
print(sim.events.filter(kind="autoscaling"))

# %%
sim.run_until_stable()
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# ## Scaling in
#
# Scale the service to 0. The instances are empty now, so managed termination protection
# lifts their protection, and the metric falls to 0 %. ECS scales in carefully: only
# after 15 minutes below the target does it lower the group's desired capacity, and the
# group terminates the empty instances.

# %% [markdown] ko
# ## 축소 (scale in)
#
# 서비스를 0개로 줄입니다. 이제 인스턴스가 비었으므로 관리형 종료 보호가 보호를
# 풀고, 지표는 0 %로 떨어집니다. ECS는 신중하게 축소합니다: 15분 동안 목표보다 낮아야
# 그룹의 원하는 용량을 내리고, 그룹이 빈 인스턴스를 종료합니다.

# %%
ecs.update_service(cluster="shop", service="web", desiredCount=0)
scaled_in_from = sim.now
for _ in range(4):
    sim.advance(6 * 60)
    watch(sim, ecs, autoscaling, "shop", "shop-asg")
print(sim.events.filter(kind="capacity", since=scaled_in_from))

# %% [markdown] en
# ## Exercise 1 · Capacity that grows on its own
#
# Cluster `orders` has no instances yet, and task definition `orders` needs 1024 MiB.
# Give the cluster capacity the way `shop` got it: a launch template `orders-ecs`
# (t3.small, the same `ami`, user data for `orders`), an Auto Scaling group `orders-asg`
# (empty at first) and a capacity provider `orders-ec2` with managed scaling, made the
# cluster's default strategy. Then create a service `orders` with **3** tasks, run the
# clock, and keep the service, as DescribeServices shows it afterwards, in
# `orders_service`. Its `runningCount` must be 3.

# %% [markdown] ko
# ## 연습 1 · 스스로 늘어나는 용량
#
# `orders` 클러스터에는 아직 인스턴스가 없고, 태스크 디피니션 `orders`는 1024 MiB가
# 필요합니다. `shop`과 같은 방법으로 클러스터에 용량을 주세요: 시작 템플릿
# `orders-ecs` (t3.small, 같은 `ami`, `orders` 용 사용자 데이터), Auto Scaling 그룹
# `orders-asg` (처음에는 비어 있음), 관리형 스케일링을 켠 용량 공급자 `orders-ec2`
# 를 만들어 클러스터의 기본 전략으로 정합니다. 그다음 태스크 **3개**의 `orders`
# 서비스를 만들고, 시계를 돌리고, DescribeServices가 보여 주는 서비스를
# `orders_service`에 담으세요. `runningCount`가 3이어야 합니다.

# %%
ecs.create_cluster(clusterName="orders")
ecs.register_task_definition(
    family="orders",
    containerDefinitions=[{"name": "orders", "image": "nginx:1.27", "memory": 1024}],
)["taskDefinition"]["taskDefinitionArn"]

# %% exercise ex1

# %% [markdown] en
# ## 2 · Fargate
#
# On Fargate you never see an instance: AWS starts a machine for each task, exactly as
# big as the task definition says. So a task definition for Fargate must say three
# things:
#
# - `requiresCompatibilities=["FARGATE"]`: ECS checks the rest when you register it;
# - `networkMode="awsvpc"`, the only mode Fargate has: every task gets its own **ENI**
#   (elastic network interface) and private IP address in your subnets (lesson 10);
# - `cpu` and `memory` **at the task's level**, as one of the pairs Fargate offers:

# %% [markdown] ko
# ## 2 · Fargate
#
# Fargate에서는 인스턴스를 볼 일이 없습니다: AWS가 태스크마다 태스크 디피니션이
# 말한 만큼의 머신을 띄웁니다. 그래서 Fargate 용 태스크 디피니션은 세 가지를 적어야
# 합니다:
#
# - `requiresCompatibilities=["FARGATE"]`: 등록할 때 ECS가 나머지를 검사합니다.
# - `networkMode="awsvpc"`: Fargate의 유일한 모드입니다. 태스크마다 서브넷 안에 자기
#   **ENI** (탄력적 네트워크 인터페이스)와 프라이빗 IP 주소가 생깁니다 (레슨 10).
# - **태스크 수준**의 `cpu`와 `memory`: Fargate가 제공하는 조합 중 하나여야 합니다:

# %% [markdown]
# | `cpu` (CPU units) | vCPU | `memory` (MiB) |
# |---|---|---|
# | 256 | 0.25 | 512, 1024, 2048 |
# | 512 | 0.5 | 1024 – 4096, every 1024 |
# | 1024 | 1 | 2048 – 8192, every 1024 |
# | 2048 | 2 | 4096 – 16384, every 1024 |
# | 4096 | 4 | 8192 – 30720, every 1024 |
# | 8192 | 8 | 16384 – 61440, every 4096 |
# | 16384 | 16 | 32768 – 122880, every 8192 |

# %% [markdown] en
# A size that is not in the table is refused when you register:

# %% [markdown] ko
# 표에 없는 크기는 등록할 때 거부됩니다:

# %%
web_container = {"name": "web", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}
with ecs_error(LANG):
    ecs.register_task_definition(
        family="web-fargate",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="4096",
        containerDefinitions=[web_container],
    )

# %% [markdown] en
# The same web container, at 0.25 vCPU and 512 MiB. (In `awsvpc` mode a port mapping has
# no host port to choose: the container port is reached on the task's own address.)

# %% [markdown] ko
# 같은 웹 컨테이너를 vCPU 0.25, 512 MiB로 등록합니다. (`awsvpc` 모드의 포트 매핑에는
# 고를 호스트 포트가 없습니다: 태스크 자신의 주소로 컨테이너 포트에 닿습니다.)

# %%
web_fargate = ecs.register_task_definition(
    family="web-fargate",
    requiresCompatibilities=["FARGATE"],
    networkMode="awsvpc",
    cpu="256",
    memory="512",
    containerDefinitions=[web_container],
)["taskDefinition"]
print("compatibilities:", web_fargate["compatibilities"])
task_definition_picture(TaskDefinition.from_json(web_fargate), LANG)

# %% [markdown] en
# ## Exercise 2 · A task definition for Fargate
#
# Register a task definition `checkout` that Fargate accepts: one container `checkout`
# (image `nginx:1.27`, container port 80), **half a vCPU**, and the **least memory**
# Fargate allows with it. Keep the registered task definition (the `["taskDefinition"]`
# of the answer) in `checkout`.

# %% [markdown] ko
# ## 연습 2 · Fargate 용 태스크 디피니션
#
# Fargate가 받아들이는 태스크 디피니션 `checkout`을 등록하세요: 컨테이너 하나
# `checkout` (이미지 `nginx:1.27`, 컨테이너 포트 80), **vCPU 0.5**, 그리고 그와 함께
# Fargate가 허용하는 **가장 작은 메모리**. 등록된 태스크 디피니션 (응답의
# `["taskDefinition"]`) 을 `checkout`에 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## A service on Fargate
#
# Cluster `fleet` has no instance and never will. The service says
# `launchType="FARGATE"`, and a `networkConfiguration` with the subnets where its tasks'
# ENIs may go (here the default VPC's three, one per zone). Each task is PROVISIONING
# while Fargate finds it a machine and attaches its ENI, then PENDING while the image is
# pulled, then RUNNING.

# %% [markdown] ko
# ## Fargate의 서비스
#
# `fleet` 클러스터에는 인스턴스가 없고 앞으로도 없습니다. 서비스에
# `launchType="FARGATE"`를 적고, 태스크의 ENI가 놓일 서브넷을 `networkConfiguration`
# 으로 줍니다 (여기서는 기본 VPC의 서브넷 세 개, 가용 영역마다 하나). 태스크는
# Fargate가 머신을 찾고 ENI를 붙이는 동안 PROVISIONING, 이미지를 받는 동안 PENDING,
# 그다음 RUNNING입니다.

# %%
subnets = [subnet["SubnetId"] for subnet in ec2.describe_subnets()["Subnets"]]
network = {"awsvpcConfiguration": {"subnets": subnets, "assignPublicIp": "DISABLED"}}
ecs.create_cluster(clusterName="fleet", capacityProviders=["FARGATE", "FARGATE_SPOT"])
ecs.create_service(
    cluster="fleet",
    serviceName="web",
    taskDefinition="web-fargate",
    desiredCount=3,
    launchType="FARGATE",
    networkConfiguration=network,
)
for _ in range(4):
    sim.advance(10)
    arns = ecs.list_tasks(cluster="fleet", serviceName="web")["taskArns"]
    statuses = [t["lastStatus"] for t in ecs.describe_tasks(cluster="fleet", tasks=arns)["tasks"]]
    print(f"t={sim.now:5.0f}s", sorted(statuses))

# %% [markdown] en
# Every task has its own ENI and address, in the zone of its subnet, and no container
# instance at all: `fleet` has none to list.

# %% [markdown] ko
# 태스크마다 자기 ENI와 주소가 있고, 서브넷의 가용 영역에 있으며, 컨테이너
# 인스턴스는 전혀 없습니다: `fleet`에는 나열할 인스턴스가 없습니다.

# %%
sim.run_until_stable()
fargate_tasks(ecs, "fleet", "web")
instances = ecs.list_container_instances(cluster="fleet")["containerInstanceArns"]
print(T("container instances:", "컨테이너 인스턴스:")(LANG), instances)

# %% [markdown] en
# ## 3 · Fargate and Fargate Spot in one service
#
# `fleet` was created with two capacity providers that every account already has,
# `FARGATE` and `FARGATE_SPOT` (you do not create them, you only attach them to a
# cluster). Instead of a launch type, a service can take a **capacity provider
# strategy**, a list of providers, each with:
#
# - `base`: how many tasks go to this provider first (only one provider may have a
#   base);
# - `weight`: how the tasks *after the base* are shared out. Weights 1 and 3 mean: for
#   every task on the first, three on the second.
#
# Base 2 on FARGATE with weight 1, and weight 3 on FARGATE_SPOT: of 6 tasks, the first 2
# go to FARGATE (the base); the other 4 are shared 1 : 3, one more on FARGATE and three
# on FARGATE_SPOT. So 3 and 3. With 10 tasks: 2, then 8 shared 2 : 6, so 4 and 6. The
# base keeps a few tasks on capacity that is never taken back; the weights send the rest
# to the cheaper Spot.

# %% [markdown] ko
# ## 3 · 서비스 하나에 Fargate와 Fargate Spot
#
# `fleet`는 AWS가 모든 계정에 미리 만들어 둔 용량 공급자 두 개, `FARGATE`와
# `FARGATE_SPOT`을 붙여서 만들었습니다 (직접 만들 필요 없이 클러스터에 붙이기만
# 하면 됩니다). 서비스는 launch type 대신 **용량 공급자 전략** (capacity provider
# strategy) 을 받을 수 있습니다. 공급자의 목록이며, 각 공급자에는 두 값이 있습니다:
#
# - `base`: 이 공급자에 먼저 갈 태스크 수 (base는 공급자 하나에만 줄 수 있습니다).
# - `weight`: *base 다음의* 태스크를 나누는 비율. weight 1과 3이면 첫 번째에
#   태스크 하나가 갈 때마다 두 번째에 세 개가 갑니다.
#
# FARGATE에 base 2, weight 1, FARGATE_SPOT에 weight 3이면: 태스크 6개 중 처음
# 2개는 FARGATE (base)로 가고, 나머지 4개는 1 : 3으로 나뉘어 FARGATE에 하나 더,
# FARGATE_SPOT에 셋. 그래서 3개와 3개입니다. 태스크가 10개면: 2개, 그다음 8개를
# 2 : 6으로 나눠 4개와 6개. base는 회수되지 않는 용량에 태스크 몇 개를 남겨 두고,
# weight는 나머지를 더 싼 Spot으로 보냅니다.

# %%
ecs.create_service(
    cluster="fleet",
    serviceName="web-spot",
    taskDefinition="web-fargate",
    desiredCount=6,
    capacityProviderStrategy=[
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ],
    networkConfiguration=network,
)
sim.run_until_stable()
fargate_tasks(ecs, "fleet", "web-spot")
tasks_by_provider(ecs, "fleet", "web-spot")

# %% [markdown] en
# The picture of `fleet`, focused on `web-spot` (the tasks of `web` are dimmed): no
# instance anywhere, but in each zone a box of AWS-managed capacity for the subnet where
# Fargate runs the tasks, each task with its ENI's address, and "Spot" after the address
# of a FARGATE_SPOT task. The legend explains the shapes.

# %% [markdown] ko
# `web-spot`에 초점을 맞춘 `fleet`의 그림입니다 (`web`의 태스크는 흐리게
# 보입니다). 인스턴스는 어디에도 없고, 가용 영역마다 Fargate가 태스크를 실행하는
# 서브넷의 AWS 관리 용량 상자가 있습니다. 태스크마다 ENI 주소가 있고, FARGATE_SPOT
# 태스크는 주소 뒤에 "Spot" 이 붙습니다. 모양은 범례가 설명합니다.

# %%
cluster_picture(sim, "fleet", service="web-spot", lang=LANG)

# %% [markdown] en
# ## A Spot interruption
#
# When AWS needs its spare capacity back, a FARGATE_SPOT task gets two minutes' warning
# (its containers get SIGTERM) and then stops with the reason
# "Your Spot Task was interrupted." `sim.interrupt_spot` makes AWS do that now to one of
# the service's Spot tasks. The service notices a task missing and starts a replacement,
# by the same strategy, so the split stays as it was.

# %% [markdown] ko
# ## Spot 중단
#
# AWS가 남는 용량을 되찾아야 할 때, FARGATE_SPOT 태스크는 2분 전에 알림을 받고
# (컨테이너가 SIGTERM을 받습니다) "Your Spot Task was interrupted." 라는 이유로
# 멈춥니다. `sim.interrupt_spot`은 서비스의 Spot 태스크 하나에 AWS가 지금 그렇게
# 하게 합니다. 서비스는 태스크가 모자란 것을 알아채고 같은 전략으로 대체 태스크를
# 시작하므로, 나뉜 비율은 그대로입니다.

# %%
victim = sim.interrupt_spot("web-spot", count=1)[0].task_arn
sim.run_until_stable()
stopped = ecs.describe_tasks(cluster="fleet", tasks=[victim])["tasks"][0]
print(stopped["lastStatus"], "·", stopped["stopCode"], "·", stopped["stoppedReason"])
for event in ecs.describe_services(cluster="fleet", services=["web-spot"])["services"][0]["events"][
    :3
]:
    print(event["message"])
tasks_by_provider(ecs, "fleet", "web-spot")

# %% [markdown] en
# The timeline of `web-spot`: desired tasks (dashed) and running tasks over simulated
# time. Running dips by one at the interruption and comes back when the replacement
# runs; the legend names the lines.

# %% [markdown] ko
# `web-spot`의 타임라인: 시뮬레이션 시간에 따른 원하는 태스크 수 (점선)와 실행 중인
# 태스크 수입니다. 중단될 때 실행 중인 수가 하나 줄었다가 대체 태스크가 실행되면
# 돌아옵니다. 범례가 각 선의 이름입니다.

# %%
png = BytesIO()
desired_vs_running(sim, "web-spot", "fleet", lang=LANG).savefig(png, format="png", dpi=90)
Image(png.getvalue())

# %% [markdown] en
# ## Exercise 3 · Three on demand, four on Spot
#
# Create a service `reports` in `fleet`, from `web-fargate`, with **7** tasks: **1** of
# them always on FARGATE, whatever the count (a base), and the tasks split so that
# **3** run on FARGATE and **4** on FARGATE_SPOT. Pass `networkConfiguration=network`,
# run the clock, and keep the service, as DescribeServices shows it, in `reports`.

# %% [markdown] ko
# ## 연습 3 · 온디맨드 셋, Spot 넷
#
# `fleet`에 `web-fargate`로 태스크 **7개**의 `reports` 서비스를 만드세요: 개수와
# 상관없이 **1개**는 항상 FARGATE에 (base), 그리고 **3개**는 FARGATE, **4개**는
# FARGATE_SPOT에서 실행되게 나눕니다. `networkConfiguration=network`를 넘기고, 시계를
# 돌리고, DescribeServices가 보여 주는 서비스를 `reports`에 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## What a strategy refuses
#
# A service has a launch type *or* a capacity provider strategy, never both:

# %% [markdown] ko
# ## 전략이 거부하는 것
#
# 서비스에는 launch type *또는* 용량 공급자 전략 중 하나만 줄 수 있습니다:

# %%
with ecs_error(LANG):
    ecs.create_service(
        cluster="fleet",
        serviceName="both",
        taskDefinition="web-fargate",
        desiredCount=1,
        launchType="FARGATE",
        capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        networkConfiguration=network,
    )

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
# - On EC2, instances come from an **Auto Scaling group** whose **launch template** has
#   the ECS-optimized AMI (from SSM), user data with `ECS_CLUSTER`, and an **instance
#   profile**; without the profile the agent cannot register.
# - A **capacity provider** links the group to a cluster. With **managed scaling**, tasks
#   without room wait in PROVISIONING, CapacityProviderReservation (M / N × 100) rises
#   above `targetCapacity`, and ECS sets the group's desired capacity, within MaxSize;
#   after 15 minutes below the target it scales in, empty instances first.
# - On **Fargate** there are no instances: the task definition says
#   `requiresCompatibilities=["FARGATE"]`, `awsvpc` and a valid cpu/memory pair, the
#   service says `launchType="FARGATE"` and its subnets, and each task gets its own ENI.
# - A **capacity provider strategy** places the `base` first, then shares the rest by
#   `weight`. FARGATE_SPOT tasks can be interrupted; a service replaces them.
# - Lesson 12 showed how the same boto3 code meets real AWS; there, these calls would launch
#   (and bill) real instances and Fargate tasks. Next, lesson 14: **logs and
#   troubleshooting**, reading what AWS shows when something goes wrong.

# %% [markdown] ko
# ## 정리
#
# - EC2에서는 인스턴스가 **Auto Scaling 그룹**에서 옵니다. 그룹의 **시작 템플릿**에는
#   ECS 최적화 AMI (SSM에서), `ECS_CLUSTER`를 적은 사용자 데이터, **인스턴스
#   프로파일** 이 있습니다. 프로파일이 없으면 에이전트가 등록하지 못합니다.
# - **용량 공급자**가 그룹을 클러스터에 연결합니다. **관리형 스케일링**을 켜면 자리가
#   없는 태스크는 PROVISIONING에서 기다리고, CapacityProviderReservation
#   (M / N × 100)이 `targetCapacity`를 넘고, ECS가 MaxSize 안에서 그룹의 원하는
#   용량을 정합니다. 15분 동안 목표보다 낮으면 빈 인스턴스부터 축소합니다.
# - **Fargate**에는 인스턴스가 없습니다. 태스크 디피니션에
#   `requiresCompatibilities=["FARGATE"]`, `awsvpc`, 유효한 cpu/memory 조합을 적고,
#   서비스에 `launchType="FARGATE"`와 서브넷을 주면, 태스크마다 자기 ENI가 생깁니다.
# - **용량 공급자 전략**은 `base`를 먼저 채우고 나머지를 `weight`로 나눕니다.
#   FARGATE_SPOT 태스크는 중단될 수 있고, 서비스가 대체합니다.
# - 레슨 12에서 본 것처럼 같은 boto3 코드가 실제 AWS에서도 동작합니다. 거기서는 이
#   호출들이 실제 인스턴스와 Fargate 태스크를 띄우고 요금이 청구됩니다. 다음은 레슨
#   14, **로그와 문제 해결**입니다. 무언가 잘못되었을 때 AWS가 보여 주는 것을 읽는
#   법을 배웁니다.
