# Lesson 9 · Load balancing and scaling: the source of
# notebooks/{en,ko}/09-load-balancing-and-scaling.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 9 · Load balancing and scaling
#
# A service keeps tasks running, but users outside the cluster need **one address** that
# reaches them, wherever the scheduler put them. That is an **Application Load Balancer**
# (ALB): it listens on the internet (or inside the VPC) and forwards each request to a
# **target group**, the list of places that can answer.
#
# ECS keeps that list up to date for you. When a service with `loadBalancers` starts a
# task, ECS *registers* the task as a target; when it stops one, ECS *deregisters* it and
# waits while the target **drains**. Then, with more tasks behind one address, the
# service can **scale**: by hand (`desiredCount`) or automatically (Application Auto
# Scaling). About 30 minutes.

# %% [markdown] ko
# # 9 · 로드 밸런싱과 스케일링
#
# 서비스는 태스크를 계속 실행되게 하지만, 클러스터 밖의 사용자에게는 스케줄러가
# 태스크를 어디에 두었든 닿을 수 있는 **하나의 주소** 가 필요합니다. 그것이
# **Application Load Balancer** (ALB) 입니다. 인터넷 (또는 VPC 안) 에서 요청을
# 받아 **대상 그룹** (target group), 즉 응답할 수 있는 곳들의 목록으로 보냅니다.
#
# 이 목록은 ECS가 관리합니다. `loadBalancers` 가 있는 서비스가 태스크를 시작하면
# ECS가 그 태스크를 대상으로 *등록* 하고, 태스크를 멈출 때는 *등록을 해제* 하고
# 대상이 **드레이닝** (draining) 되는 동안 기다립니다. 하나의 주소 뒤에 태스크가
# 여럿이면 서비스는 **스케일** 할 수 있습니다: 직접 (`desiredCount`), 또는 자동으로
# (Application Auto Scaling). 약 30분.

# %% setup
from io import BytesIO

from IPython.display import Image

from ecslearn import Simulation
from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views.cluster import cluster_picture
from ecslearn.views.timelines import desired_vs_running

ex1, ex2, ex3 = from_lesson("09-load-balancing-and-scaling", "ex1", "ex2", "ex3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "containers", "clock", "load_balancer", "autoscaling"),
    adds=("iam", "vpc", "cloudwatch", "bill"),
)

# %% [markdown] en
# ## A cluster, a task definition, a target group
#
# Three t3.small instances, and a web task whose container listens on port 80. The port
# mapping leaves `hostPort` out: in `bridge` mode Docker then picks a free **dynamic**
# host port (lesson 10), so several copies fit on one instance.
#
# `sim.create_target_group` stands for ELB's `CreateTargetGroup`. Its health check asks
# each target for `/` every `interval` seconds; `healthy_threshold` passes in a row make
# it healthy; a deregistered target drains for `deregistration_delay` seconds. ELB's
# defaults are 30 s, 5 and 300 s; we shorten them so the lesson needs little time.

# %% [markdown] ko
# ## 클러스터, 태스크 디피니션, 대상 그룹
#
# t3.small 인스턴스 세 대와, 컨테이너가 80번 포트에서 듣는 웹 태스크입니다. 포트
# 매핑에 `hostPort` 를 적지 않았습니다. `bridge` 모드에서는 Docker 가 비어 있는
# **동적** 호스트 포트를 고르므로 (레슨 10), 한 인스턴스에 여러 개가 들어갑니다.
#
# `sim.create_target_group` 은 ELB의 `CreateTargetGroup` 에 해당합니다. 헬스 체크는
# `interval` 초마다 각 대상에 `/` 를 요청하고, `healthy_threshold` 번 연속 통과하면
# healthy 가 됩니다. 등록 해제된 대상은 `deregistration_delay` 초 동안 드레이닝됩니다.
# ELB 기본값은 30초, 5번, 300초인데, 레슨 시간을 줄이려고 짧게 잡았습니다.

# %%
ecs.create_cluster(clusterName="shop")
sim.launch_instances("shop", count=3, instance_type="t3.small")


def web_task(family, port):
    """A one-container task definition listening on `port`, with a dynamic host port."""
    container = {
        "name": family,
        "image": "nginx:1.27",
        "cpu": 256,
        "memory": 256,
        "portMappings": [{"containerPort": port, "hostPort": 0}],
    }
    return ecs.register_task_definition(family=family, containerDefinitions=[container])


web_task("web", 80)
web_group = sim.create_target_group(
    "web", port=80, interval=10, healthy_threshold=2, deregistration_delay=30
)
print(web_group)

# %% [markdown] en
# ## A service behind the target group, step by step
#
# `loadBalancers` says which container and container port receive the traffic. Watch the
# two tasks start, one simulation step at a time (each step prints what happened): when a
# container is RUNNING, the task passes through **ACTIVATING**
# (ECS registers its target: the EC2 instance ID and the host port Docker chose) and
# becomes RUNNING. The target is `initial` until the load balancer's first health check
# passes; only then is it `healthy` and gets requests.

# %% [markdown] ko
# ## 대상 그룹 뒤의 서비스, 한 단계씩
#
# `loadBalancers` 는 어떤 컨테이너의 어떤 컨테이너 포트가 트래픽을 받을지 정합니다.
# 태스크 두 개가 시뮬레이션 단계 하나씩 시작하는 것을 보세요 (각 단계가 일어난 일을
# 출력합니다). 컨테이너가 RUNNING 이 되면 태스크는 **ACTIVATING** 을 거쳐 (ECS가
# 대상을 등록합니다: EC2 인스턴스 ID와 Docker 가 고른 호스트 포트) RUNNING 이 됩니다.
# 대상은 로드 밸런서의 첫 헬스 체크를 통과할 때까지 `initial` 이고, 그다음에야
# `healthy` 가 되어 요청을 받습니다.

# %%
ecs.create_service(
    cluster="shop",
    serviceName="web",
    taskDefinition="web",
    desiredCount=2,
    loadBalancers=[{"targetGroupArn": web_group, "containerName": "web", "containerPort": 80}],
)


def show(group):
    """Each service task's status, and each target's health in `group`."""
    arns = ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="RUNNING")["taskArns"]
    arns += ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="STOPPED")["taskArns"]
    tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"] if arns else []
    print(f"t={sim.now:6.1f}s tasks:", sorted(t["lastStatus"] for t in tasks))
    for target in sim.describe_target_health(group)["TargetHealthDescriptions"]:
        where = f"{target['Target']['Id']}:{target['Target']['Port']}"
        print(f"{'':10}target {where:26} {target['TargetHealth']['State']}")


for _ in range(5):
    print(sim.step())
show(web_group)

# %% [markdown] en
# Both tasks are RUNNING and registered, but their targets are still `initial`. Run the
# clock until nothing is left to happen:

# %% [markdown] ko
# 두 태스크 모두 RUNNING 이고 등록되었지만, 대상은 아직 `initial` 입니다. 더 일어날
# 일이 없을 때까지 시계를 돌립니다:

# %%
sim.run_until_stable()
show(web_group)

# %% [markdown] en
# The picture shows the target group beside the tasks it sends traffic to (see the
# legend for the shapes and colours).

# %% [markdown] ko
# 그림은 대상 그룹과 그 그룹이 트래픽을 보내는 태스크를 함께 보여 줍니다 (모양과
# 색은 범례를 보세요).

# %%
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# ## Requests are spread over the healthy targets
#
# `sim.send_requests` sends requests through the load balancer: each goes to the next
# healthy target in turn (round robin). Nobody outside needs to know the instances or
# ports.

# %% [markdown] ko
# ## 요청은 healthy 대상들에 나뉩니다
#
# `sim.send_requests` 는 로드 밸런서를 통해 요청을 보냅니다. 요청은 healthy 대상에
# 차례로 (라운드 로빈) 갑니다. 밖에서는 인스턴스도 포트도 알 필요가 없습니다.

# %%
for served in sim.send_requests(web_group, 4):
    print(served)

# %% [markdown] en
# ## Exercise 1 · Put a service behind a load balancer
#
# The lesson registered a second task definition, `api`, whose container `api` listens
# on port **8080**. Create a target group named `api` (HTTP on port 8080, with the same
# short settings as above), keep its ARN in `api_group`, and create a service `api` in
# `shop` with **2** tasks whose container `api` receives the group's traffic. Then run
# the clock until both targets are healthy.

# %% [markdown] ko
# ## 연습 1 · 서비스를 로드 밸런서 뒤에 두기
#
# 레슨이 두 번째 태스크 디피니션 `api` 를 등록했습니다. 컨테이너 `api` 는
# **8080** 번 포트에서 듣습니다. `api` 라는 대상 그룹 (HTTP, 8080번 포트, 위와 같은
# 짧은 설정) 을 만들어 ARN 을 `api_group` 에 담고, `shop` 에 태스크 **2개** 의
# `api` 서비스를 만들어 컨테이너 `api` 가 그룹의 트래픽을 받게 하세요. 그다음 두
# 대상이 healthy 가 될 때까지 시계를 돌리세요.

# %%
web_task("api", 8080)["taskDefinition"]["taskDefinitionArn"]

# %% exercise ex1

# %% [markdown] en
# ## Manual scaling, and draining
#
# Scaling by hand is one call: `UpdateService` with a new `desiredCount`. Scale `web`
# out to 4: two more tasks start and register, as before.

# %% [markdown] ko
# ## 직접 스케일링, 그리고 드레이닝
#
# 직접 스케일링은 호출 하나입니다: 새 `desiredCount` 로 `UpdateService`. `web` 을
# 4개로 늘리면 태스크 두 개가 더 시작하고 앞에서처럼 등록됩니다.

# %%
ecs.update_service(cluster="shop", service="web", desiredCount=4)
sim.run_until_stable()
show(web_group)

# %% [markdown] en
# Now scale in to 2. ECS does not kill the two tasks it picks at once: it deregisters
# their targets, the tasks are **DEACTIVATING**, and the targets are **draining**:
# requests in flight may finish, new requests go elsewhere. Only after the deregistration
# delay (30 s here, 300 s by default) does ECS stop the containers.

# %% [markdown] ko
# 이제 2개로 줄입니다. ECS는 고른 태스크 두 개를 바로 죽이지 않습니다. 대상의 등록을
# 해제하고, 태스크는 **DEACTIVATING**, 대상은 **draining** 이 됩니다: 처리 중인 요청은
# 끝낼 수 있고, 새 요청은 다른 곳으로 갑니다. 등록 해제 지연 (여기서는 30초, 기본값
# 300초) 이 지나야 ECS가 컨테이너를 멈춥니다.

# %%
ecs.update_service(cluster="shop", service="web", desiredCount=2)
sim.advance(5)
show(web_group)
print(
    "requests go to:",
    sorted({r.target + ":" + str(r.port) for r in sim.send_requests(web_group, 6)}),
)

# %%
sim.advance(30)
show(web_group)

# %% [markdown] en
# ## Automatic scaling: Application Auto Scaling
#
# ECS itself never changes `desiredCount`. **Application Auto Scaling**, another AWS
# service with its own client, does it for you:
#
# 1. `RegisterScalableTarget`: the service's desired count (`ecs:service:DesiredCount`,
#    resource `service/<cluster>/<service>`) may move between `MinCapacity` and
#    `MaxCapacity`.
# 2. `PutScalingPolicy` with **target tracking**: keep a metric, such as the service's
#    average CPU utilisation, near a target value. It creates two CloudWatch alarms.
# 3. Every minute the metric gets a datapoint. Three minutes in a row above the target
#    fire the high alarm: desiredCount becomes
#    `ceil(running tasks × metric ÷ target)`, within min and max. Scaling in is
#    cautious: fifteen minutes below 90 % of the target, and cooldowns in between.
#
# In the simulation, `sim.set_load` says how busy the service's users make it.

# %% [markdown] ko
# ## 자동 스케일링: Application Auto Scaling
#
# ECS 자체는 `desiredCount` 를 바꾸지 않습니다. 자체 클라이언트가 있는 다른 AWS
# 서비스인 **Application Auto Scaling** 이 대신 바꿉니다:
#
# 1. `RegisterScalableTarget`: 서비스의 원하는 개수 (`ecs:service:DesiredCount`,
#    리소스 `service/<클러스터>/<서비스>`) 가 `MinCapacity` 와 `MaxCapacity` 사이에서
#    움직일 수 있습니다.
# 2. **대상 추적** (target tracking) `PutScalingPolicy`: 서비스의 평균 CPU 사용률 같은
#    지표를 목표값 근처로 유지합니다. CloudWatch 경보 두 개를 만듭니다.
# 3. 지표는 1분마다 데이터 포인트를 얻습니다. 3분 연속 목표를 넘으면 상한 경보가
#    울리고, desiredCount 는 min 과 max 안에서 `ceil(실행 중 태스크 수 × 지표 ÷ 목표)`
#    가 됩니다. 축소 (scale in) 는 신중합니다: 15분 동안 목표의 90 % 미만이어야 하고,
#    그 사이에 쿨다운이 있습니다.
#
# 시뮬레이션에서는 `sim.set_load` 로 사용자가 서비스를 얼마나 바쁘게 하는지 정합니다.

# %%
aas = sim.client("application-autoscaling")
WEB = {
    "ServiceNamespace": "ecs",
    "ResourceId": "service/shop/web",
    "ScalableDimension": "ecs:service:DesiredCount",
}
aas.register_scalable_target(**WEB, MinCapacity=2, MaxCapacity=6)
policy = aas.put_scaling_policy(
    PolicyName="web-cpu-50",
    **WEB,
    PolicyType="TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration={
        "TargetValue": 50.0,
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
        },
    },
)
[alarm["AlarmName"] for alarm in policy["Alarms"]]

# %% [markdown] en
# A rush: the two tasks are at 90 % CPU on average. Advance the clock one minute at a
# time and watch `desiredCount`.

# %% [markdown] ko
# 사용자가 몰립니다: 두 태스크의 평균 CPU가 90 % 입니다. 시계를 1분씩 움직이며
# `desiredCount` 를 보세요.

# %%
sim.set_load("web", cluster="shop", cpu_percent=90)
for minute in range(1, 6):
    sim.advance(60)
    web = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
    print(f"minute {minute}: desired {web['desiredCount']}, running {web['runningCount']}")

# %% [markdown] en
# At the third minute the high alarm fired: `ceil(2 × 90 ÷ 50) = 4`. The demand stays
# the same, so with 4 tasks the average is 45 %, near the target, and nothing more
# happens. Application Auto Scaling records each decision as a **scaling activity**:

# %% [markdown] ko
# 3분째에 상한 경보가 울렸습니다: `ceil(2 × 90 ÷ 50) = 4`. 수요는 그대로이므로 태스크
# 4개의 평균은 45 % 로 목표에 가깝고, 더 이상 아무 일도 없습니다. Application Auto
# Scaling 은 각 결정을 **스케일링 활동** (scaling activity) 으로 기록합니다:

# %%
for activity in aas.describe_scaling_activities(ServiceNamespace="ecs")["ScalingActivities"]:
    print(activity["StatusCode"], "·", activity["Description"], "·", activity["Cause"][:60])

# %% [markdown] en
# The rush ends (10 % CPU). Scaling in waits for fifteen low minutes, then goes down to
# what the load needs, but never under `MinCapacity`. The timeline shows desired (dashed)
# and running tasks over simulated time; the legend names the lines.

# %% [markdown] ko
# 사용자가 빠집니다 (CPU 10 %). 축소는 낮은 상태가 15분 이어지기를 기다린 다음,
# 부하에 필요한 만큼 줄이지만 `MinCapacity` 아래로는 내려가지 않습니다. 타임라인은
# 시뮬레이션 시간에 따른 원하는 태스크 수 (점선) 와 실행 중인 태스크 수를 보여
# 줍니다. 범례가 각 선의 이름입니다.

# %%
sim.set_load("web", cluster="shop", cpu_percent=10)
sim.advance(20 * 60)
sim.run_until_stable()
print(
    "desired:",
    ecs.describe_services(cluster="shop", services=["web"])["services"][0]["desiredCount"],
)
png = BytesIO()
desired_vs_running(sim, "web", "shop", lang=LANG).savefig(png, format="png", dpi=90)
Image(png.getvalue())

# %% [markdown] en
# ## Exercise 2 · A scalable target and a policy
#
# The lesson created a service `cart` (2 tasks, no load balancer). Let Application Auto
# Scaling keep its **average memory utilisation** near **70 %**, with between **1** and
# **8** tasks. Keep the answer of `put_scaling_policy` in `cart_policy`.

# %% [markdown] ko
# ## 연습 2 · 스케일링 대상과 정책
#
# 레슨이 `cart` 서비스 (태스크 2개, 로드 밸런서 없음) 를 만들었습니다. Application
# Auto Scaling 이 **평균 메모리 사용률** 을 **70 %** 근처로, 태스크 **1** ~ **8** 개
# 사이에서 유지하게 하세요. `put_scaling_policy` 의 응답을 `cart_policy` 에 담으세요.

# %%
web_task("cart", 8000)
ecs.create_service(cluster="shop", serviceName="cart", taskDefinition="cart", desiredCount=2)
sim.run_until_stable()

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · Predict the scale-out
#
# A service runs **3** tasks under a target tracking policy on CPU at **50 %**, with
# MinCapacity 2 and MaxCapacity 10. Its average CPU jumps to **80 %** and stays there.
# What is its `desiredCount` four minutes later? Keep your number in `prediction`; the
# cell after the check runs exactly this in the simulation.

# %% [markdown] ko
# ## 연습 3 · 확장 예측
#
# 어떤 서비스가 CPU **50 %** 대상 추적 정책 (MinCapacity 2, MaxCapacity 10) 으로 태스크
# **3개** 를 실행합니다. 평균 CPU가 **80 %** 로 뛰어올라 그대로 유지됩니다. 4분 뒤
# `desiredCount` 는 얼마일까요? 답을 `prediction` 에 담으세요. 확인 셀 다음 셀이
# 시뮬레이션에서 똑같이 실행해 봅니다.

# %% exercise ex3

# %%
web_task("search", 9000)
ecs.create_service(cluster="shop", serviceName="search", taskDefinition="search", desiredCount=3)
sim.run_until_stable()
SEARCH = {**WEB, "ResourceId": "service/shop/search"}
aas.register_scalable_target(**SEARCH, MinCapacity=2, MaxCapacity=10)
aas.put_scaling_policy(
    PolicyName="search-cpu-50",
    **SEARCH,
    PolicyType="TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration={
        "TargetValue": 50.0,
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
        },
    },
)
sim.set_load("search", cluster="shop", cpu_percent=80)
sim.advance(4 * 60)
ecs.describe_services(cluster="shop", services=["search"])["services"][0]["desiredCount"]

# %% [markdown] en
# ## What else a load balancer refuses
#
# ECS checks a service's `loadBalancers` against its task definition: the container port
# must be one the container maps.

# %% [markdown] ko
# ## 로드 밸런서가 거부하는 것
#
# ECS는 서비스의 `loadBalancers` 를 태스크 디피니션과 맞춰 봅니다. 컨테이너 포트는
# 컨테이너가 매핑한 포트여야 합니다.

# %%
with ecs_error(LANG):
    ecs.create_service(
        cluster="shop",
        serviceName="web-wrong-port",
        taskDefinition="web",
        desiredCount=1,
        loadBalancers=[
            {"targetGroupArn": web_group, "containerName": "web", "containerPort": 8080}
        ],
    )

# %% [markdown] en
# ## Summary
#
# - An Application Load Balancer gives a service one address; its **target group** lists
#   where requests may go, and ECS keeps it up to date.
# - A starting task is ACTIVATING while ECS registers its target (instance ID and host
#   port in bridge mode); the target is `initial`, then `healthy`, and only healthy
#   targets get requests.
# - A stopping task is DEACTIVATING while its target **drains** for the deregistration
#   delay; then ECS stops it.
# - Manual scaling is `UpdateService(desiredCount=...)`. Application Auto Scaling does it
#   for you between min and max: target tracking scales out after 3 high minutes to
#   `ceil(running × metric ÷ target)`, and in slowly, after 15 low minutes.
# - Next: **networking**, and why dynamic host ports matter to load balancers.

# %% [markdown] ko
# ## 정리
#
# - Application Load Balancer 는 서비스에 하나의 주소를 줍니다. **대상 그룹** 은 요청을
#   보낼 곳의 목록이고, ECS가 최신으로 유지합니다.
# - 시작하는 태스크는 ECS가 대상을 등록하는 동안 ACTIVATING 입니다 (bridge 모드에서는
#   인스턴스 ID와 호스트 포트). 대상은 `initial` 다음 `healthy` 가 되고, healthy 대상만
#   요청을 받습니다.
# - 멈추는 태스크는 대상이 등록 해제 지연 동안 **드레이닝** 되는 사이 DEACTIVATING
#   이고, 그다음 ECS가 멈춥니다.
# - 직접 스케일링은 `UpdateService(desiredCount=...)` 입니다. Application Auto Scaling
#   은 min 과 max 사이에서 대신 해 줍니다: 대상 추적은 3분 동안 높으면
#   `ceil(실행 중 × 지표 ÷ 목표)` 로 확장하고, 15분 동안 낮으면 천천히 축소합니다.
# - 다음: **네트워킹**, 그리고 동적 호스트 포트가 로드 밸런서에 왜 중요한지.
