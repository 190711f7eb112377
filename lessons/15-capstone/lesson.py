# Lesson 15 · Capstone: the source of notebooks/{en,ko}/15-capstone.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 15 · Capstone: a shop of two services
#
# Everything the course taught, in one small shop that **you build**. The lesson lays the
# foundation (the network, the load balancer, the names, the task definitions); you add
# the rest in five exercises:
#
# 1. **capacity**: Fargate, and an Auto Scaling group behind a capacity provider;
# 2. **two services**: `web` on Fargate behind the Application Load Balancer, and `api`
#    on EC2, found by name through Cloud Map;
# 3. **auto scaling**: target tracking that keeps `web` at 50 % CPU under load;
# 4. **a blue/green release** of `web:2`;
# 5. **a fault**: someone else's service keeps stopping; you find why.
#
# About 40 minutes. Each exercise builds on the one before; the cells between them never
# need your answers, so Run All goes through even when an exercise is not done yet.

# %% [markdown] ko
# # 15 · 종합 실습: 서비스 두 개짜리 가게
#
# 이 과정에서 배운 모든 것을 **직접 만드는** 작은 가게 하나에 담습니다. 레슨이 기초
# (네트워크, 로드 밸런서, 이름, 태스크 디피니션)를 깔고, 나머지는 연습 다섯 개에서
# 여러분이 더합니다:
#
# 1. **용량**: Fargate, 그리고 용량 공급자 뒤의 Auto Scaling 그룹
# 2. **서비스 두 개**: Application Load Balancer 뒤의 Fargate `web`, 그리고 Cloud Map으로
#    이름을 찾는 EC2의 `api`
# 3. **오토 스케일링**: 부하 속에서 `web`을 CPU 50 %로 유지하는 대상 추적
# 4. `web:2`의 **블루/그린 릴리스**
# 5. **장애**: 다른 사람의 서비스가 계속 멈춥니다. 이유를 찾으세요.
#
# 약 40분. 연습은 앞의 연습 위에 쌓이지만, 그 사이의 셀은 여러분의 답이 필요 없으므로
# 연습을 아직 풀지 않아도 Run All은 끝까지 갑니다.

# %% setup
from ecslearn import Simulation
from ecslearn.export import cloudformation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts, traffic
from ecslearn.views.cluster import cluster_picture

ex1, ex2, ex3, ex4, ex5, q1, q2, q3 = from_lesson(
    "15-capstone", "ex1", "ex2", "ex3", "ex4", "ex5", "q1", "q2", "q3"
)
(
    ecs_user_data,
    shop_front,
    where_things_run,
    newest_deployment,
    where_requests_go,
    stopped_tasks,
    why_stopped,
    task_log,
) = from_lesson(
    "15-capstone",
    "ecs_user_data",
    "shop_front",
    "where_things_run",
    "newest_deployment",
    "where_requests_go",
    "stopped_tasks",
    "why_stopped",
    "task_log",
)

LANG = "en"

# %% [markdown] en
# ## The plan
#
# What you will have at the end, in one picture: requests come in through the load
# balancer `shop`; its production rule sends them to `web`'s blue target group (and, after
# a release, to green), its test rule sends testers to green during a release. `web` runs
# on Fargate and finds `api`, on the Auto Scaling group's instances, by the DNS name Cloud
# Map keeps for it. `checkout` is someone else's service, broken on purpose. The live
# pictures at the end draw what you really built.

# %% [markdown] ko
# ## 계획
#
# 마지막에 갖게 될 것을 그림 하나로 보면: 요청은 로드 밸런서 `shop`으로 들어오고, 프로덕션
# 규칙이 요청을 `web`의 블루 대상 그룹으로(릴리스 뒤에는 그린으로) 보내며, 테스트 규칙은
# 릴리스 동안 테스터를 그린으로 보냅니다. `web`은 Fargate에서 실행되고, Auto Scaling
# 그룹의 인스턴스에서 실행되는 `api`를 Cloud Map이 유지하는 DNS 이름으로 찾습니다.
# `checkout`은 다른 사람의 서비스로, 일부러 고장 나 있습니다. 마지막의 그림들은 여러분이
# 실제로 만든 것을 그립니다.

# %%
concepts.shop_plan(LANG)

# %% [markdown] en
# Seven boto3 clients, all answered by the same simulated account: ECS, EC2, EC2 Auto
# Scaling, ELBv2, Cloud Map (`servicediscovery`), Application Auto Scaling and CloudWatch
# Logs.

# %% [markdown] ko
# boto3 클라이언트 일곱 개, 모두 같은 시뮬레이션 계정이 응답합니다: ECS, EC2, EC2 Auto
# Scaling, ELBv2, Cloud Map(`servicediscovery`), Application Auto Scaling, CloudWatch
# Logs.

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ec2 = sim.client("ec2")
autoscaling = sim.client("autoscaling")
elbv2 = sim.client("elbv2")
servicediscovery = sim.client("servicediscovery")
aas = sim.client("application-autoscaling")
logs = sim.client("logs")
simulated_vs_real(
    LANG,
    simulated=(
        "control_plane",
        "instances",
        "ec2_autoscaling",
        "fargate",
        "load_balancer",
        "autoscaling",
        "clock",
    ),
    adds=("iam", "vpc", "cloudwatch", "bill"),
    extra=[
        (
            "real",
            T(
                "Cloud Map's API (namespaces, services, DiscoverInstances) and the records ECS "
                "keeps there for a service's tasks",
                "Cloud Map API(네임스페이스, 서비스, DiscoverInstances)와 ECS가 서비스의 "
                "태스크를 위해 그곳에 유지하는 레코드",
            ),
        ),
    ],
)

# %% [markdown] en
# ## The foundation
#
# The cluster starts with FARGATE only. The launch template `shop-ecs` is lesson 13's:
# the ECS-optimized AMI, user data naming `shop`, and the instance profile. Both services
# use `awsvpc`, so `network` names the default VPC's subnets for their tasks' ENIs.

# %% [markdown] ko
# ## 기초
#
# 클러스터는 FARGATE만 가지고 시작합니다. 시작 템플릿 `shop-ecs`는 레슨 13의 것입니다:
# ECS 최적화 AMI, `shop`을 적은 사용자 데이터, 인스턴스 프로파일. 두 서비스 모두
# `awsvpc`를 쓰므로, `network`는 태스크의 ENI가 놓일 기본 VPC의 서브넷을 적습니다.

# %%
ecs.create_cluster(clusterName="shop", capacityProviders=["FARGATE"])
ami = sim.client("ssm").get_parameter(
    Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
)["Parameter"]["Value"]
ec2.create_launch_template(
    LaunchTemplateName="shop-ecs",
    LaunchTemplateData={
        "ImageId": ami,
        "InstanceType": "t3.small",
        "UserData": ecs_user_data("shop"),
        "IamInstanceProfile": {"Name": "ecsInstanceRole"},
    },
)
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
network = {"awsvpcConfiguration": {"subnets": subnets, "assignPublicIp": "DISABLED"}}
print(vpc_id, subnets)

# %% [markdown] en
# **The load balancer.** `shop_front` makes lesson 8's blue/green front door: the ALB
# `shop`, two target groups of type `ip` (a Fargate task is registered by its own
# address), `web-blue` and `web-green`, a **production rule** every request matches and a
# **test rule** for requests with the header `X-Test: 1`. Both rules forward 100 % to
# blue for now. `front.load_balancers()` is what CreateService needs for a blue/green
# service.

# %% [markdown] ko
# **로드 밸런서.** `shop_front`는 레슨 8의 블루/그린 현관을 만듭니다: ALB `shop`, 타입
# `ip`(Fargate 태스크는 자기 주소로 등록됩니다)의 대상 그룹 `web-blue`와 `web-green`,
# 모든 요청이 맞는 **프로덕션 규칙**, 헤더 `X-Test: 1`이 있는 요청을 위한 **테스트
# 규칙**. 지금은 두 규칙 모두 blue로 100 % 보냅니다. `front.load_balancers()`는 블루/그린
# 서비스를 만들 때 CreateService에 줄 값입니다.

# %%
front = shop_front(sim)
print(front.url)
traffic(sim, lang=LANG)

# %% [markdown] en
# **The name.** Service discovery needs a Cloud Map **namespace** and, in it, a Cloud Map
# **service** for `api`. A private DNS namespace `shop.local` in the VPC makes the name
# `api.shop.local`; an `A` record per task, with a TTL of 10 seconds, is what ECS will
# write for each `api` task (`awsvpc`: each task has its own address). Creating a
# namespace is asynchronous: Cloud Map answers with an operation, which succeeds a little
# later.

# %% [markdown] ko
# **이름.** 서비스 검색(service discovery)에는 Cloud Map **네임스페이스**와, 그 안에
# `api`를 위한 Cloud Map **서비스**가 필요합니다. VPC의 프라이빗 DNS 네임스페이스
# `shop.local`이 `api.shop.local`이라는 이름을 만들고, ECS는 `api` 태스크마다 TTL 10초의
# `A` 레코드를 하나씩 씁니다(`awsvpc`: 태스크마다 자기 주소가 있습니다). 네임스페이스
# 생성은 비동기입니다: Cloud Map은 작업(operation)으로 답하고, 작업은 조금 뒤에
# 성공합니다.

# %%
operation = servicediscovery.create_private_dns_namespace(Name="shop.local", Vpc=vpc_id)
sim.advance(60)
done = servicediscovery.get_operation(OperationId=operation["OperationId"])["Operation"]
print(done["Status"], done["Targets"])
api_registry = servicediscovery.create_service(
    Name="api",
    NamespaceId=done["Targets"]["NAMESPACE"],
    DnsConfig={"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]},
    HealthCheckCustomConfig={"FailureThreshold": 1},
)["Service"]["Arn"]
api_registry  # noqa: B018

# %% [markdown] en
# **The task definitions.** `web` has two revisions, `web:1` (nginx 1.27) and `web:2`
# (nginx 1.28, the release of exercise 4), both sized for Fargate. `api` runs on EC2, in
# `awsvpc` mode too, on port 8080.

# %% [markdown] ko
# **태스크 디피니션.** `web`에는 리비전이 두 개 있습니다: `web:1`(nginx 1.27)과
# `web:2`(nginx 1.28, 연습 4의 릴리스). 둘 다 Fargate 크기입니다. `api`는 EC2에서,
# 역시 `awsvpc` 모드로 포트 8080에서 실행됩니다.

# %%
for image in ("nginx:1.27", "nginx:1.28"):
    ecs.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[
            {"name": "web", "image": image, "portMappings": [{"containerPort": 80}]}
        ],
    )
ecs.register_task_definition(
    family="api",
    networkMode="awsvpc",
    containerDefinitions=[
        {
            "name": "api",
            "image": "example/api:1.0",
            "cpu": 256,
            "memory": 256,
            "portMappings": [{"containerPort": 8080}],
        }
    ],
)["taskDefinition"]["taskDefinitionArn"]

# %% [markdown] en
# ## Exercise 1 · Capacity
#
# Give cluster `shop` its EC2 capacity, as lesson 13 did: an Auto Scaling group
# `shop-asg` from launch template `shop-ecs` (MinSize 0, **MaxSize 3**, DesiredCapacity 0,
# zones `us-east-1a` and `us-east-1b`, protected from scale-in), a capacity provider
# `shop-ec2` with **managed scaling** (target 100) and managed termination protection,
# and attach it to the cluster **next to FARGATE**, as the default strategy. Keep the
# cluster, as DescribeClusters shows it afterwards, in `capacity`.

# %% [markdown] ko
# ## 연습 1 · 용량
#
# 레슨 13처럼 `shop` 클러스터에 EC2 용량을 주세요: 시작 템플릿 `shop-ecs`로 만든 Auto
# Scaling 그룹 `shop-asg`(MinSize 0, **MaxSize 3**, DesiredCapacity 0, 가용 영역
# `us-east-1a`와 `us-east-1b`, 축소 보호), **관리형 스케일링**(목표 100)과 관리형 종료
# 보호를 켠 용량 공급자 `shop-ec2`. 이 공급자를 **FARGATE와 함께** 클러스터에 붙이고
# 기본 전략으로 정하세요. 그다음 DescribeClusters가 보여 주는 클러스터를 `capacity`에
# 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## Exercise 2 · Two services
#
# - `web`: task definition `web:1`, **2** tasks on **FARGATE** (a capacity provider
#   strategy with FARGATE alone), `networkConfiguration=network`,
#   `loadBalancers=front.load_balancers()`, and the deployment strategy **BLUE_GREEN**
#   with a bake time of 2 minutes.
# - `api`: task definition `api`, **2** tasks on **shop-ec2**,
#   `networkConfiguration=network`, registered in Cloud Map:
#   `serviceRegistries=[{"registryArn": api_registry}]`.
#
# Run the clock until both are stable (managed scaling has to launch instances for `api`
# first), then ask Cloud Map who answers for `api`: keep the `["Instances"]` of
# `servicediscovery.discover_instances(NamespaceName="shop.local", ServiceName="api")` in
# `api_found`.

# %% [markdown] ko
# ## 연습 2 · 서비스 두 개
#
# - `web`: 태스크 디피니션 `web:1`, **FARGATE**(FARGATE 하나만 있는 용량 공급자 전략)에
#   태스크 **2개**, `networkConfiguration=network`, `loadBalancers=front.load_balancers()`,
#   배포 전략 **BLUE_GREEN**, 베이크 시간 2분.
# - `api`: 태스크 디피니션 `api`, **shop-ec2**에 태스크 **2개**,
#   `networkConfiguration=network`, Cloud Map에 등록:
#   `serviceRegistries=[{"registryArn": api_registry}]`.
#
# 둘 다 안정될 때까지 시계를 돌리고(`api`를 위해 관리형 스케일링이 먼저 인스턴스를
# 띄워야 합니다), `api`에 누가 답하는지 Cloud Map에 물어보세요:
# `servicediscovery.discover_instances(NamespaceName="shop.local", ServiceName="api")`의
# `["Instances"]`를 `api_found`에 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## Exercise 3 · Auto scaling that holds under load
#
# `WEB` names `web`'s desired count as Application Auto Scaling sees it. Register it as a
# scalable target (**MinCapacity 2, MaxCapacity 6**) and give it a target tracking policy
# that keeps **ECSServiceAverageCPUUtilization at 50**, as in lesson 9. Then the morning
# rush: `sim.set_load("web", cluster="shop", cpu_percent=90)`. Run the clock for 5
# minutes and until stable, and keep `web`, as DescribeServices shows it, in
# `web_service`. How many tasks does 90 % on 2 tasks need at 50 %?

# %% [markdown] ko
# ## 연습 3 · 부하를 견디는 오토 스케일링
#
# `WEB`는 Application Auto Scaling이 보는 `web`의 원하는 수를 가리킵니다. 이것을 스케일
# 대상으로 등록하고(**MinCapacity 2, MaxCapacity 6**), 레슨 9처럼
# **ECSServiceAverageCPUUtilization을 50**으로 유지하는 대상 추적 정책을 주세요.
# 그다음 아침이 되어 손님이 몰립니다:
# `sim.set_load("web", cluster="shop", cpu_percent=90)`. 시계를 5분, 그리고 안정될 때까지
# 돌리고, DescribeServices가 보여 주는 `web`을 `web_service`에 담으세요. 태스크 2개에
# 90 %면, 50 %로 맞추려면 태스크가 몇 개 필요할까요?

# %%
WEB = {
    "ServiceNamespace": "ecs",
    "ResourceId": "service/shop/web",
    "ScalableDimension": "ecs:service:DesiredCount",
}

# %% exercise ex3

# %% [markdown] en
# ## Exercise 4 · A blue/green release
#
# Release `web:2`: one UpdateService. ECS starts green in `web-green`, lets the test rule
# reach it, moves the production rule's weights, bakes 2 minutes and stops blue. Run the
# clock until it is over and keep the service deployment, as
# `newest_deployment(ecs, "shop", "web")` reads it (DescribeServiceDeployments), in
# `release`. Its `status` should be `SUCCESSFUL`; `where_requests_go(sim, front)` shows
# which group users and testers reach now.

# %% [markdown] ko
# ## 연습 4 · 블루/그린 릴리스
#
# `web:2`를 릴리스하세요: UpdateService 한 번입니다. ECS가 `web-green`에 green을 띄우고,
# 테스트 규칙이 닿게 하고, 프로덕션 규칙의 가중치를 옮기고, 2분 베이크한 뒤 blue를
# 멈춥니다. 끝날 때까지 시계를 돌리고, `newest_deployment(ecs, "shop", "web")`
# (DescribeServiceDeployments)가 읽은 서비스 배포를 `release`에 담으세요. `status`가
# `SUCCESSFUL`이어야 합니다. `where_requests_go(sim, front)`는 사용자와 테스터가 지금
# 어느 그룹에 닿는지 보여 줍니다.

# %% exercise ex4

# %% [markdown] en
# ## A fault in the night
#
# While you released `web:2`, a colleague shipped a third service, `checkout`, on Fargate.
# It needs `api`, and its task definition tells it where `api` is with an environment
# variable. Its tasks keep stopping and starting again. The service's events:

# %% [markdown] ko
# ## 밤사이의 장애
#
# 여러분이 `web:2`를 릴리스하는 동안 동료가 세 번째 서비스 `checkout`도 Fargate에
# 올렸습니다. `api`가 필요하고, 태스크 디피니션의 환경 변수가 `api`의 위치를 알려
# 줍니다. 그런데 태스크가 자꾸 멈추고 다시 시작됩니다. 서비스 이벤트입니다:

# %%
ecs.register_task_definition(
    family="checkout",
    requiresCompatibilities=["FARGATE"],
    networkMode="awsvpc",
    cpu="256",
    memory="512",
    executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    containerDefinitions=[
        {
            "name": "checkout",
            "image": "example/checkout:3.1",
            "portMappings": [{"containerPort": 8080}],
            "environment": [{"name": "API_URL", "value": "http://api.shop:8080"}],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/shop",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "ecs",
                    "awslogs-create-group": "true",
                },
            },
            # what the simulated program does (lesson 14): it exits with code 1 after 3
            # seconds, having printed these lines
            "dockerLabels": {
                "ecslearn.exit-after": "3",
                "ecslearn.exit-code": "1",
                "ecslearn.log": "checkout 3.1 starting, API_URL=http://api.shop:8080\n"
                "Error: getaddrinfo ENOTFOUND api.shop\n"
                "    at GetAddrInfoReqWrap.onlookup (node:dns:107:26)",
            },
        }
    ],
)
ecs.create_service(
    cluster="shop",
    serviceName="checkout",
    taskDefinition="checkout",
    desiredCount=1,
    launchType="FARGATE",
    networkConfiguration=network,
)
sim.advance(120)
for event in ecs.describe_services(cluster="shop", services=["checkout"])["services"][0]["events"][
    :3
]:
    print(event["message"])

# %% [markdown] en
# ## Exercise 5 · Why does checkout keep stopping?
#
# Investigate as lesson 14 taught: a stopped task (`stopped_tasks(ecs, "shop",
# "checkout")`, `why_stopped(task)`), then its log (`task_log(logs, task, "checkout")`).
# Keep the task's `stoppedReason`, exactly as ECS gives it, in `reason`, and the value
# `API_URL` should have had, the URL of `api` by the name Cloud Map keeps for it, in
# `api_url`.

# %% [markdown] ko
# ## 연습 5 · checkout 서비스는 왜 계속 멈출까?
#
# 레슨 14에서 배운 대로 조사하세요: 멈춘 태스크(`stopped_tasks(ecs, "shop",
# "checkout")`, `why_stopped(task)`), 그다음 로그(`task_log(logs, task, "checkout")`).
# 태스크의 `stoppedReason`을 ECS가 준 그대로 `reason`에, 그리고 `API_URL`이 가졌어야 할
# 값, 즉 Cloud Map이 `api`를 위해 유지하는 이름으로 쓴 `api`의 URL을 `api_url`에
# 담으세요.

# %% exercise ex5

# %% [markdown] en
# ## What you built
#
# Where each service's tasks run, by capacity provider, and the cluster drawn live: the
# Fargate boxes per zone with `web`'s and `checkout`'s tasks, the Auto Scaling group's
# instances with `api`'s. The legend under the picture explains the shapes. (With the
# exercises not done yet, only `checkout` is there.)

# %% [markdown] ko
# ## 만든 것
#
# 서비스마다 태스크가 어느 용량 공급자에서 실행되는지, 그리고 지금의 클러스터 그림입니다:
# 가용 영역마다 `web`과 `checkout`의 태스크가 있는 Fargate 상자, `api`의 태스크가 있는
# Auto Scaling 그룹의 인스턴스. 모양은 그림 아래의 범례가 설명합니다. (연습을 아직 풀지
# 않았다면 `checkout`만 보입니다.)

# %%
where_things_run(ecs, "shop")
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# And the traffic: six user requests through the ALB, drawn with the listener, its
# rules, both target groups, each target's health and the requests it got (the legend
# is under the picture). After your release, users reach `web-green`.

# %% [markdown] ko
# 그리고 트래픽: ALB를 거치는 사용자 요청 여섯 개를 리스너, 규칙, 두 대상 그룹, 대상마다의
# 상태, 받은 요청과 함께 그립니다(범례는 그림 아래에 있습니다). 릴리스 뒤에는 사용자가
# `web-green`에 닿습니다.

# %%
traffic(sim, answers=sim.send_requests(front.url, 6), lang=LANG)

# %% [markdown] en
# ## Three questions

# %% [markdown] ko
# ## 질문 세 개

# %% quiz q1

# %% quiz q2

# %% quiz q3

# %% [markdown] en
# ## To real AWS
#
# The same boto3 calls build this shop in an AWS account (lesson 12), where they start
# real instances and Fargate tasks, and bill them. `cloudformation.template(sim)` writes
# what you built as one CloudFormation template (on the command line,
# `ecslearn export cloudformation`). What only a real account has (the VPC, subnets,
# security groups, AMI, IAM roles) becomes the template's parameters, which you fill in when
# you deploy it (lesson 12). The resources it holds, by type:

# %% [markdown] ko
# ## 실제 AWS로
#
# 같은 boto3 호출이 AWS 계정에서도 이 가게를 만듭니다(레슨 12). 거기서는 실제 인스턴스와
# Fargate 태스크가 뜨고 요금이 청구됩니다. `cloudformation.template(sim)`은 만든 것을
# CloudFormation 템플릿 하나로 씁니다(명령줄에서는 `ecslearn export cloudformation`).
# 실제 계정에만 있는 것(VPC, 서브넷, 보안 그룹, AMI, IAM 역할)은 템플릿의 파라미터가
# 되어, 배포할 때 채웁니다(레슨 12). 템플릿에 담긴 리소스를 타입별로 세면:

# %%
template = cloudformation.template(sim)
kinds = sorted({r["Type"] for r in template["Resources"].values()})
{kind: sum(r["Type"] == kind for r in template["Resources"].values()) for kind in kinds}

# %% [markdown] en
# ## Summary
#
# - **Capacity** comes from two places in one cluster: FARGATE (a machine per task) and a
#   capacity provider over an Auto Scaling group, which managed scaling grows from 0 when
#   tasks wait. PutClusterCapacityProviders replaces the whole list.
# - A service **behind an ALB** is registered by ECS in its target group; on Fargate the
#   group's type is `ip`. A service **found by name** is registered by ECS in Cloud Map
#   (`serviceRegistries`), and its DNS name always answers with the running tasks.
# - **Target tracking** sets the desired count that brings the metric back to its target,
#   within MinCapacity and MaxCapacity; on Fargate, new tasks need no instance.
# - **Blue/green** starts green at full size, lets test traffic reach it, then moves all
#   production traffic at once; a failing hook rolls back with blue untouched.
# - **A fault** is read in order: service events, the stopped task's `stopCode` and
#   `stoppedReason`, the container's exit code and logs, target health.
#
# **Where to go next.** Build the shop in a real account with lesson 12's route
# (`ecslearn serve`, then the same code with a real boto3 session), or start from the
# exported CloudFormation template. Add what this course left out: HTTPS listeners with
# ACM certificates, Service Connect, secrets from Secrets Manager, and CloudWatch alarms
# that roll a deployment back.

# %% [markdown] ko
# ## 정리
#
# - **용량**은 한 클러스터 안의 두 곳에서 옵니다: FARGATE(태스크마다 머신 하나), 그리고
#   Auto Scaling 그룹 위의 용량 공급자(태스크가 기다리면 관리형 스케일링이 0대에서부터
#   늘림). PutClusterCapacityProviders는 목록 전체를 바꿉니다.
# - **ALB 뒤의** 서비스는 ECS가 대상 그룹에 등록합니다. Fargate에서는 그룹의 타입이
#   `ip`입니다. **이름으로 찾는** 서비스는 ECS가 Cloud Map에 등록하고
#   (`serviceRegistries`), 그 DNS 이름은 언제나 실행 중인 태스크로 답합니다.
# - **대상 추적**은 지표를 목표로 되돌리는 원하는 수를 MinCapacity와 MaxCapacity 안에서
#   정합니다. Fargate에서는 새 태스크에 인스턴스가 필요 없습니다.
# - **블루/그린**은 green을 전체 개수로 띄우고, 테스트 트래픽이 닿게 한 뒤, 프로덕션
#   트래픽을 한 번에 옮깁니다. 훅이 실패하면 blue는 그대로 두고 롤백합니다.
# - **장애**는 순서대로 읽습니다: 서비스 이벤트, 멈춘 태스크의 `stopCode`와
#   `stoppedReason`, 컨테이너의 종료 코드와 로그, 대상 상태.
#
# **다음 단계.** 레슨 12의 방법(`ecslearn serve`, 그다음 실제 boto3 세션으로 같은 코드)로
# 실제 계정에 가게를 만들거나, 내보낸 CloudFormation 템플릿에서 시작하세요. 이 과정이
# 다루지 않은 것도 더해 보세요: ACM 인증서를 쓰는 HTTPS 리스너, Service Connect, Secrets
# Manager의 시크릿, 배포를 롤백하는 CloudWatch 경보.
