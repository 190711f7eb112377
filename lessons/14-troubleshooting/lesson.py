# Lesson 14 · Logs and troubleshooting: the source of notebooks/{en,ko}/14-troubleshooting.ipynb,
# written by `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 14 · Logs and troubleshooting
#
# Sooner or later a service does not run: `runningCount` stays below `desiredCount`, or the
# load balancer answers 502 and 503. ECS does not hide why: every cause leaves evidence
# somewhere in its answers. Look in this order, from the most general to the most specific:
#
# 1. **Service events** (DescribeServices, `events`): what the scheduler did and could not
#    do: "has started 2 tasks", "was unable to place a task", "failed container health
#    checks", "is unhealthy in (target-group ...)".
# 2. **Stopped tasks** (ListTasks with `desiredStatus="STOPPED"`, then DescribeTasks): the
#    task's `stopCode` (the kind of stop) and `stoppedReason` (what happened), and each
#    container's `exitCode`, `reason` and `healthStatus`.
# 3. **Container logs** (CloudWatch Logs, the `logs` client): what the program itself
#    printed before it died.
# 4. **Target health** (ELBv2's DescribeTargetHealth): why the load balancer will not send
#    traffic to a task.
# 5. **Placement** (RunTask's `failures`, and the service event above): why no container
#    instance could take the task.
#
# You break a service in each of five classic ways, read the evidence with boto3, and fix
# it. Then you diagnose services someone else broke. About 30 minutes.

# %% [markdown] ko
# # 14 · 로그와 문제 해결
#
# 언젠가는 서비스가 제대로 돌지 않는 날이 옵니다. `runningCount`가 `desiredCount`에 못
# 미치거나, 로드 밸런서가 502, 503으로 답합니다. ECS는 이유를 숨기지 않습니다: 어떤
# 원인이든 ECS의 응답 어딘가에 증거를 남깁니다. 넓은 곳에서 좁은 곳으로, 이 순서로
# 보세요:
#
# 1. **서비스 이벤트** (DescribeServices의 `events`): 스케줄러가 한 일과 하지 못한 일.
#    "has started 2 tasks", "was unable to place a task", "failed container health
#    checks", "is unhealthy in (target-group ...)".
# 2. **멈춘 태스크** (`desiredStatus="STOPPED"`로 ListTasks, 그다음 DescribeTasks):
#    태스크의 `stopCode`(멈춘 종류)와 `stoppedReason`(무슨 일이 있었는지), 그리고
#    컨테이너마다의 `exitCode`, `reason`, `healthStatus`.
# 3. **컨테이너 로그** (CloudWatch Logs, `logs` 클라이언트): 프로그램이 죽기 전에 직접
#    출력한 내용.
# 4. **대상 상태** (ELBv2의 DescribeTargetHealth): 로드 밸런서가 태스크에 트래픽을 보내지
#    않는 이유.
# 5. **배치** (RunTask의 `failures`와 위의 서비스 이벤트): 어떤 컨테이너 인스턴스도
#    태스크를 받지 못한 이유.
#
# 다섯 가지 대표적인 방식으로 서비스를 하나씩 고장 내고, boto3로 증거를 읽고, 고칩니다.
# 그다음 다른 사람이 고장 낸 서비스를 진단합니다. 약 30분.

# %% setup
from ecslearn import Simulation
from ecslearn.image_push import push_simulated
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401

ex1, ex2, ex3 = from_lesson("14-troubleshooting", "ex1", "ex2", "ex3")
to_cloudwatch, service_events, stopped_tasks, why_stopped, target_health, open_mysteries = (
    from_lesson(
        "14-troubleshooting",
        "to_cloudwatch",
        "service_events",
        "stopped_tasks",
        "why_stopped",
        "target_health",
        "open_mysteries",
    )
)
q1, q2, q3 = from_lesson("14-troubleshooting", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# Five boto3 clients, one simulated account: ECS, ECR (images), CloudWatch Logs, ELBv2 (the
# load balancer) and EC2 (the VPC). Cluster `shop` gets two t3.small instances (2 vCPU and
# about 1.9 GiB of memory each).

# %% [markdown] ko
# boto3 클라이언트 다섯 개가 시뮬레이션 계정 하나를 씁니다: ECS, ECR(이미지), CloudWatch
# Logs, ELBv2(로드 밸런서), EC2(VPC). `shop` 클러스터에는 t3.small 인스턴스 두 대(각각
# vCPU 2개, 메모리 약 1.9 GiB)를 띄웁니다.

# %%
sim = Simulation(seed=0)
ecs = sim.client("ecs")
ecr = sim.client("ecr")
logs = sim.client("logs")
elbv2 = sim.client("elbv2")
ec2 = sim.client("ec2")
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "containers", "clock", "load_balancer"),
    adds=("iam", "vpc", "bill"),
    extra=[
        (
            "simulated",
            T(
                "what a container does (exits, fails its health check, answers ELB with a "
                "status, prints log lines) is told to the simulated runtime by `ecslearn.*` "
                "docker labels; the reasons, codes and events ECS shows for it are AWS's own",
                "컨테이너가 하는 일(종료, 헬스 체크 실패, ELB에 보내는 상태 코드, 로그 출력)은 "
                "`ecslearn.*` docker label로 시뮬레이션 런타임에 알려 줍니다. 그에 대해 ECS가 "
                "보여 주는 이유, 코드, 이벤트는 AWS의 것 그대로입니다",
            ),
        ),
        (
            "real",
            T(
                "CloudWatch Logs' API: the awslogs driver's log groups, streams and events",
                "CloudWatch Logs API: awslogs 드라이버의 로그 그룹, 스트림, 이벤트",
            ),
        ),
    ],
)

# %%
ecs.create_cluster(clusterName="shop")
hosts = sim.launch_instances("shop", count=2, instance_type="t3.small")
[host.ec2_instance_id for host in hosts]

# %% [markdown] en
# ## 1 · The image cannot be pulled
#
# The `catalog` team pushed version `1.0` to ECR. The task definition, though, asks for
# `1.1`, which nobody pushed. Each container logs to CloudWatch Logs through the awslogs
# driver: `to_cloudwatch("/ecs/shop")` writes the `logConfiguration`.

# %% [markdown] ko
# ## 1 · 이미지를 받지 못함
#
# `catalog` 팀은 ECR에 `1.0` 버전을 푸시했습니다. 그런데 태스크 디피니션은 아무도
# 푸시하지 않은 `1.1`을 요청합니다. 컨테이너는 모두 awslogs 드라이버로 CloudWatch
# Logs에 로그를 보냅니다: `to_cloudwatch("/ecs/shop")`이 `logConfiguration`을 만들어
# 줍니다.

# %%
catalog_repo = ecr.create_repository(repositoryName="shop/catalog")["repository"]
push_simulated(sim, catalog_repo["repositoryUri"] + ":1.0", content="catalog 1.0")
catalog = {
    "name": "catalog",
    "image": catalog_repo["repositoryUri"] + ":1.1",
    "memory": 256,
    "logConfiguration": to_cloudwatch("/ecs/shop"),
}
ecs.register_task_definition(family="catalog", containerDefinitions=[catalog])
ecs.create_service(cluster="shop", serviceName="catalog", taskDefinition="catalog", desiredCount=2)
sim.advance(60)
service_events(ecs, "shop", "catalog")

# %% [markdown] en
# The events only say that the scheduler keeps starting tasks, and after a few rounds that
# it "is unable to consistently start tasks successfully". The tasks it started stopped:
# the second place to look.

# %% [markdown] ko
# 이벤트는 스케줄러가 태스크를 계속 시작한다는 말과, 몇 번 뒤에는 "is unable to
# consistently start tasks successfully"라는 말뿐입니다. 시작한 태스크는 멈췄습니다:
# 두 번째로 볼 곳입니다.

# %%
catalog_stopped = stopped_tasks(ecs, "shop", "catalog")
print(len(catalog_stopped), "stopped tasks; the newest:")
why_stopped(catalog_stopped[0])

# %% [markdown] en
# `stopCode` **TaskFailedToStart**: the task never ran. The `stoppedReason` starts with
# **CannotPullContainerError**, and the end of it tells which of three things went wrong:
#
# - `not found`: the repository or the tag does not exist (a typo, or CI never pushed it);
# - `AccessDeniedException` / `403 Forbidden`: the **task execution role** (on Fargate) or
#   the instance role (on EC2) may not read from ECR;
# - `i/o timeout` / `context deadline exceeded`: there is no network path to the registry
#   (a private subnet without a NAT gateway or ECR's VPC endpoints).
#
# Here it is `not found`. ECR lists the tags that do exist:

# %% [markdown] ko
# `stopCode`가 **TaskFailedToStart**입니다: 태스크는 실행된 적이 없습니다.
# `stoppedReason`은 **CannotPullContainerError**로 시작하고, 끝부분을 보면 세 가지 중
# 무엇이 잘못됐는지 알 수 있습니다:
#
# - `not found`: 리포지토리나 태그가 없습니다(오타, 또는 CI가 푸시하지 않음).
# - `AccessDeniedException` / `403 Forbidden`: **태스크 실행 역할**(Fargate) 또는
#   인스턴스 역할(EC2)에 ECR을 읽을 권한이 없습니다.
# - `i/o timeout` / `context deadline exceeded`: 레지스트리로 가는 네트워크 경로가
#   없습니다(NAT 게이트웨이나 ECR VPC 엔드포인트가 없는 프라이빗 서브넷).
#
# 여기서는 `not found`입니다. ECR에서 실제로 있는 태그를 확인합니다:

# %%
ecr.describe_images(repositoryName="shop/catalog")["imageDetails"][0]["imageTags"]

# %% [markdown] en
# The fix is a new revision with a tag that exists, and UpdateService to deploy it. The
# service reaches a steady state:

# %% [markdown] ko
# 해결책은 있는 태그로 새 리비전을 등록하고 UpdateService로 배포하는 것입니다. 서비스가
# 안정 상태(steady state)에 이릅니다:

# %%
catalog["image"] = catalog_repo["repositoryUri"] + ":1.0"
fixed = ecs.register_task_definition(family="catalog", containerDefinitions=[catalog])
ecs.update_service(
    cluster="shop", service="catalog", taskDefinition=fixed["taskDefinition"]["taskDefinitionArn"]
)
sim.advance(90)
service_events(ecs, "shop", "catalog", count=2)

# %% [markdown] en
# ## 2 · The essential container exits
#
# The `api` container starts, then its program dies a few seconds later. (The docker labels
# tell the simulated container to print those lines and exit with code 1 after 4 s.)

# %% [markdown] ko
# ## 2 · 필수 컨테이너가 종료됨
#
# `api` 컨테이너는 시작하지만 몇 초 뒤에 프로그램이 죽습니다. (docker label이
# 시뮬레이션 컨테이너에게 이 줄들을 출력하고 4초 뒤 코드 1로 종료하라고 알려 줍니다.)

# %%
api = {
    "name": "api",
    "image": "example/api:2.3",
    "memory": 256,
    "logConfiguration": to_cloudwatch("/ecs/shop"),
    "dockerLabels": {
        "ecslearn.exit-after": "4",
        "ecslearn.exit-code": "1",
        "ecslearn.log": "Starting api 2.3\n"
        "Traceback (most recent call last):\n"
        '  File "/app/main.py", line 8, in <module>\n'
        "KeyError: 'DATABASE_URL'",
    },
}
ecs.register_task_definition(family="api", containerDefinitions=[api])
ecs.create_service(cluster="shop", serviceName="api", taskDefinition="api", desiredCount=1)
sim.advance(60)
api_task = stopped_tasks(ecs, "shop", "api")[0]
why_stopped(api_task)

# %% [markdown] en
# `stopCode` **EssentialContainerExited**, `stoppedReason` "Essential container in task
# exited": the container is `essential` (the default), so when it stops the whole task
# stops. Its `exitCode` says how it ended:
#
# - **0**: the program finished. A service's task must not finish: that is a job, not a
#   server.
# - **1** (or another small number): the program failed: read its logs.
# - **137**: killed by SIGKILL (128 + 9): out of memory (the container's `reason` says
#   "OutOfMemoryError"), or it did not stop within `stopTimeout` after SIGTERM.
# - **139**: segmentation fault (128 + 11).
# - **143**: ended by SIGTERM (128 + 15): ECS stopped it.
#
# Code 1: the logs, then. The awslogs driver names a container's stream
# `<prefix>/<container>/<task ID>`, so GetLogEvents can read it:

# %% [markdown] ko
# `stopCode`가 **EssentialContainerExited**, `stoppedReason`이 "Essential container in
# task exited"입니다: 이 컨테이너는 `essential`(기본값)이라서, 컨테이너가 멈추면 태스크
# 전체가 멈춥니다. 어떻게 끝났는지는 `exitCode`가 말해 줍니다:
#
# - **0**: 프로그램이 정상 종료. 서비스의 태스크는 끝나면 안 됩니다: 끝나는 것은
#   서버가 아니라 배치 작업입니다.
# - **1**(또는 다른 작은 수): 프로그램이 실패했습니다: 로그를 읽으세요.
# - **137**: SIGKILL로 종료(128 + 9): 메모리 부족(컨테이너의 `reason`에
#   "OutOfMemoryError"), 또는 SIGTERM 뒤 `stopTimeout` 안에 멈추지 않음.
# - **139**: 세그멘테이션 오류(128 + 11).
# - **143**: SIGTERM으로 종료(128 + 15): ECS가 멈춘 것.
#
# 코드 1이니 로그를 봅니다. awslogs 드라이버는 컨테이너의 스트림 이름을
# `<prefix>/<container>/<task ID>`로 정하므로, GetLogEvents로 읽을 수 있습니다:

# %%
api_stream = "ecs/api/" + api_task["taskArn"].rsplit("/", 1)[-1]
answer = logs.get_log_events(logGroupName="/ecs/shop", logStreamName=api_stream)
for event in answer["events"]:
    print(event["message"])

# %% [markdown] en
# The program needs an environment variable `DATABASE_URL` that the task definition does not
# give it: the fix is a new revision with `environment` (or `secrets`, from Secrets
# Manager). `sim.logs(task)` reads the same lines in one call. Until the fix is built, scale
# the service to 0, so that ECS stops starting tasks that die.

# %% [markdown] ko
# 프로그램에는 `DATABASE_URL` 환경 변수가 필요한데 태스크 디피니션이 주지 않았습니다:
# `environment`(또는 Secrets Manager에서 가져오는 `secrets`)를 넣은 새 리비전이
# 해결책입니다. `sim.logs(task)`는 같은 줄을 호출 한 번으로 읽습니다. 수정본이
# 준비될 때까지 서비스를 0으로 줄여서, ECS가 죽을 태스크를 계속 시작하지 않게 합니다.

# %%
print(sim.logs(api_task))
ecs.update_service(cluster="shop", service="api", desiredCount=0)["service"]["desiredCount"]

# %% [markdown] en
# ## 3 · The container health check fails
#
# The `worker` container has a `healthCheck`: every 10 s, Docker runs `curl` inside the
# container; after 3 failures in a row the container is UNHEALTHY. Its program runs, but
# nothing answers on port 8080 (the label tells the simulated check to fail from the start).

# %% [markdown] ko
# `worker` 컨테이너에는 `healthCheck`가 있습니다: 10초마다 Docker가 컨테이너 안에서
# `curl`을 실행하고, 연속 3번 실패하면 컨테이너가 UNHEALTHY가 됩니다. 프로그램은
# 실행되지만 8080번 포트에서 답하는 것이 없습니다(시뮬레이션의 헬스 체크가 처음부터
# 실패하도록 label로 정해 두었습니다).

# %%
worker = {
    "name": "worker",
    "image": "example/worker:5.0",
    "memory": 256,
    "logConfiguration": to_cloudwatch("/ecs/shop"),
    "healthCheck": {
        "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
        "interval": 10,
        "retries": 3,
        "startPeriod": 10,
    },
    "dockerLabels": {"ecslearn.unhealthy-after": "0"},
}
ecs.register_task_definition(family="worker", containerDefinitions=[worker])
ecs.create_service(cluster="shop", serviceName="worker", taskDefinition="worker", desiredCount=1)
sim.advance(90)
service_events(ecs, "shop", "worker")
why_stopped(stopped_tasks(ecs, "shop", "worker")[0])

# %% [markdown] en
# This time the events speak: "(task ...) failed container health checks", and "Amazon ECS
# replaced 1 tasks due to an unhealthy status". The stopped task's `stoppedReason` is "Task
# failed container health checks" and its container's `healthStatus` UNHEALTHY. The usual
# causes, all inside the container:
#
# - the command is not in the image (`curl` is missing from slim and distroless images);
# - the port or path in the command is not where the program listens;
# - the program needs longer to start than `startPeriod` (failures inside it do not count).
#
# Run the command yourself inside a running task (`aws ecs execute-command`, lesson 11) to
# see which. The fix is a revision with a command that works, or a longer `startPeriod`.

# %% [markdown] ko
# 이번에는 이벤트가 말해 줍니다: "(task ...) failed container health checks", 그리고
# "Amazon ECS replaced 1 tasks due to an unhealthy status". 멈춘 태스크의
# `stoppedReason`은 "Task failed container health checks"이고 컨테이너의
# `healthStatus`는 UNHEALTHY입니다. 흔한 원인은 모두 컨테이너 안에 있습니다:
#
# - 명령이 이미지에 없습니다(slim, distroless 이미지에는 `curl`이 없습니다).
# - 명령의 포트나 경로가 프로그램이 듣는 곳이 아닙니다.
# - 프로그램이 시작하는 데 `startPeriod`보다 오래 걸립니다(그 안의 실패는 세지 않습니다).
#
# 어느 쪽인지는 실행 중인 태스크 안에서 명령을 직접 실행해 보면 압니다(`aws ecs
# execute-command`, 레슨 11). 동작하는 명령이나 더 긴 `startPeriod`를 넣은 리비전이
# 해결책입니다.

# %%
ecs.update_service(cluster="shop", service="worker", desiredCount=0)["service"]["desiredCount"]

# %% [markdown] en
# ## 4 · No room on any instance
#
# The `reports` task asks for 4096 MiB of memory. A t3.small registers about 1.9 GiB.

# %% [markdown] ko
# ## 4 · 어느 인스턴스에도 자리가 없음
#
# `reports` 태스크는 메모리 4096 MiB를 요청합니다. t3.small이 등록하는 메모리는 약
# 1.9 GiB입니다.

# %%
reports = {"name": "reports", "image": "example/reports:1.0", "memory": 4096}
ecs.register_task_definition(family="reports", containerDefinitions=[reports])
ecs.create_service(cluster="shop", serviceName="reports", taskDefinition="reports", desiredCount=1)
sim.advance(30)
service_events(ecs, "shop", "reports", count=1)
print(ecs.list_tasks(cluster="shop", serviceName="reports", desiredStatus="STOPPED")["taskArns"])

# %% [markdown] en
# No task ever started, so there is no stopped task to read: the service event says it all.
# "was unable to place a task because no container instance met all of its requirements",
# and the closest instance "has insufficient memory available". RunTask answers the same
# at once, in its `failures`: one entry per instance with its reason (`RESOURCE:MEMORY`,
# `RESOURCE:CPU`, `RESOURCE:PORTS` for a taken host port, `MemberOf` for a placement
# constraint no instance meets).

# %% [markdown] ko
# 태스크가 한 번도 시작되지 않았으니 읽을 멈춘 태스크도 없습니다: 서비스 이벤트가 전부
# 말해 줍니다. "was unable to place a task because no container instance met all of its
# requirements", 그리고 가장 가까운 인스턴스가 "has insufficient memory available".
# RunTask는 같은 내용을 즉시 `failures`로 답합니다: 인스턴스마다 이유가 하나씩
# 있습니다(`RESOURCE:MEMORY`, `RESOURCE:CPU`, 이미 쓰인 호스트 포트는 `RESOURCE:PORTS`,
# 어떤 인스턴스도 맞지 않는 배치 제약 조건은 `MemberOf`).

# %%
ecs.run_task(cluster="shop", taskDefinition="reports")["failures"]

# %% [markdown] en
# `sim.explain_placement` shows the numbers behind it: each instance, what it has left, and
# why it was ruled out.

# %% [markdown] ko
# `sim.explain_placement`는 그 뒤의 숫자를 보여 줍니다: 인스턴스마다 남은 자원과 제외된
# 이유.

# %%
print(sim.explain_placement("shop", "reports"))

# %% [markdown] en
# Three ways out: ask for less (if the program does not need 4 GiB), add bigger instances
# (or let a capacity provider do it, lesson 13), or stop something else. Here the report
# needs 1 GiB:

# %% [markdown] ko
# 빠져나갈 길은 세 가지입니다: 덜 요청하거나(프로그램에 4 GiB가 필요 없다면), 더 큰
# 인스턴스를 추가하거나(또는 용량 공급자에게 맡기거나, 레슨 13), 다른 것을 멈추는
# 것입니다. 여기서 보고서 작업에는 1 GiB면 됩니다:

# %%
reports["memory"] = 1024
smaller = ecs.register_task_definition(family="reports", containerDefinitions=[reports])
ecs.update_service(
    cluster="shop",
    service="reports",
    taskDefinition=smaller["taskDefinition"]["taskDefinitionArn"],
)
sim.advance(60)
service_events(ecs, "shop", "reports", count=2)

# %% [markdown] en
# ## 5 · The target group says unhealthy
#
# Now a `web` service behind an Application Load Balancer. The target group checks `/`
# every 10 s and, like ELB's default, accepts only `200`. The app, though, sends every
# visitor who is not logged in to `/login` with a **302** redirect, the health checker too.
# (The `ecslearn.http-status` label is what the simulated app answers.) The service gets a
# `healthCheckGracePeriodSeconds` of 60: for its tasks' first minute, ECS ignores what ELB
# says about them, so that a slow program has time to start.

# %% [markdown] ko
# 이번에는 Application Load Balancer 뒤의 `web` 서비스입니다. 대상 그룹은 10초마다 `/`를
# 검사하고, ELB의 기본값처럼 `200`만 받아들입니다. 그런데 앱은 로그인하지 않은 방문자를
# 모두 **302** 리다이렉트로 `/login`에 보내고, 헬스 체커도 예외가 아닙니다.
# (`ecslearn.http-status` label이 시뮬레이션 앱의 응답 코드입니다.) 서비스에는
# `healthCheckGracePeriodSeconds`를 60으로 줍니다: 태스크가 시작하고 처음 1분 동안은
# ELB가 뭐라고 하든 ECS가 무시해서, 느린 프로그램도 뜰 시간을 얻습니다.

# %%
vpc_id = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
subnets = [subnet["SubnetId"] for subnet in ec2.describe_subnets()["Subnets"]]
alb = elbv2.create_load_balancer(Name="shop", Type="application", Subnets=subnets)
web_group = elbv2.create_target_group(
    Name="web",
    Protocol="HTTP",
    Port=80,
    VpcId=vpc_id,
    TargetType="instance",
    HealthCheckPath="/",
    HealthCheckIntervalSeconds=10,
    HealthyThresholdCount=2,
    UnhealthyThresholdCount=2,
    Matcher={"HttpCode": "200"},
)["TargetGroups"][0]["TargetGroupArn"]
elbv2.modify_target_group_attributes(
    TargetGroupArn=web_group,
    Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "10"}],
)
elbv2.create_listener(
    LoadBalancerArn=alb["LoadBalancers"][0]["LoadBalancerArn"],
    Protocol="HTTP",
    Port=80,
    DefaultActions=[{"Type": "forward", "TargetGroupArn": web_group}],
)
web = {
    "name": "web",
    "image": "example/web:3.1",
    "memory": 256,
    "portMappings": [{"containerPort": 80, "hostPort": 0}],
    "dockerLabels": {"ecslearn.http-status": "302"},
}
ecs.register_task_definition(family="web", containerDefinitions=[web])
ecs.create_service(
    cluster="shop",
    serviceName="web",
    taskDefinition="web",
    desiredCount=2,
    loadBalancers=[{"targetGroupArn": web_group, "containerName": "web", "containerPort": 80}],
    healthCheckGracePeriodSeconds=60,
)
sim.advance(40)
web_targets = target_health(elbv2, web_group)

# %% [markdown] en
# `unhealthy`, reason **Target.ResponseCodeMismatch**, and the description names the code
# the target answered. ECS hears it from ELB too: once the grace period is over, its events
# say which target "is unhealthy in (target-group ...)" and why, and it replaces the task,
# whose `stoppedReason` is "Task failed ELB health checks in (target-group ...)". The new
# task fails the same way, and so on.

# %% [markdown] ko
# `unhealthy`이고, 이유는 **Target.ResponseCodeMismatch**, 설명에는 대상이 답한 코드가
# 있습니다. ECS도 이를 ELB에게서 전해 듣습니다: 유예 기간이 끝나면 이벤트에 어느 대상이
# "is unhealthy in (target-group ...)"인지와 그 이유가 나오고, ECS는 태스크를 교체합니다.
# 교체된 태스크의 `stoppedReason`은 "Task failed ELB health checks in (target-group
# ...)"입니다. 새 태스크도 똑같이 실패하고, 이것이 되풀이됩니다.

# %%
sim.advance(60)
service_events(ecs, "shop", "web", count=6)
print(stopped_tasks(ecs, "shop", "web")[0]["stoppedReason"])

# %% [markdown] en
# ELB's reason codes point at the cause:
#
# - **Target.ResponseCodeMismatch**: the target answered, with a code the `Matcher` does
#   not accept (a redirect, a 404 on a wrong `HealthCheckPath`, a 500);
# - **Target.Timeout**: no answer in time: a security group that does not let the load
#   balancer reach the instance's ports (with dynamic host ports, the whole ephemeral
#   range), or a program that hangs;
# - **Target.FailedHealthChecks**: the connection was refused or the answer was not HTTP:
#   nothing listens on that port (a wrong `HealthCheckPort`, or the program is not up yet:
#   give the service a `healthCheckGracePeriodSeconds`).
#
# ## Exercise 3 · Make the targets healthy
#
# The app cannot change before tomorrow. Change the health check of target group `web`
# (its ARN is in `web_group`) so that the app's answer passes, run the clock until both
# targets are `healthy`, and keep DescribeTargetHealth's `TargetHealthDescriptions` in
# `web_health`.

# %% [markdown] ko
# ELB의 이유 코드가 원인을 가리킵니다:
#
# - **Target.ResponseCodeMismatch**: 대상이 답했지만 `Matcher`가 받아들이지 않는
#   코드였습니다(리다이렉트, 잘못된 `HealthCheckPath`에 대한 404, 500).
# - **Target.Timeout**: 시간 안에 답이 없었습니다: 로드 밸런서가 인스턴스의 포트에 닿지
#   못하게 막는 보안 그룹(동적 호스트 포트라면 임시 포트 범위 전체), 또는 멈춰 버린
#   프로그램.
# - **Target.FailedHealthChecks**: 연결이 거부되었거나 답이 HTTP가 아니었습니다: 그
#   포트에서 듣는 것이 없습니다(잘못된 `HealthCheckPort`, 또는 아직 프로그램이 뜨지
#   않음: 서비스에 `healthCheckGracePeriodSeconds`를 주세요).
#
# ## 연습 3 · 대상을 healthy로
#
# 앱은 내일 전에는 바꿀 수 없습니다. 앱의 응답이 통과하도록 대상 그룹 `web`(ARN은
# `web_group`에 있습니다)의 헬스 체크를 바꾸고, 두 대상이 모두 `healthy`가 될 때까지
# 시계를 돌리고, DescribeTargetHealth의 `TargetHealthDescriptions`를 `web_health`에
# 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## Services someone else broke
#
# Cluster `lab` has two instances and four services that do not run. `open_mysteries`
# (in this lesson's `exercises.py`) creates them; read them as you would on AWS, through
# the API, not its code.

# %% [markdown] ko
# ## 다른 사람이 고장 낸 서비스
#
# `lab` 클러스터에는 인스턴스 두 대와, 실행되지 않는 서비스 네 개가 있습니다.
# `open_mysteries`(이 레슨의 `exercises.py`)가 만듭니다. 코드가 아니라 AWS에서처럼
# API로 읽어 보세요.

# %%
ecs.create_cluster(clusterName="lab")
sim.launch_instances("lab", count=2, instance_type="t3.small")
open_mysteries(sim, ecs, "lab")
for service in ecs.describe_services(
    cluster="lab", services=["billing", "cart", "search", "payments"]
)["services"]:
    print(f"{service['serviceName']:9} desired {service['desiredCount']}", end="  ")
    print(f"running {service['runningCount']}")

# %% [markdown] en
# ## Exercise 1 · Why does billing never run?
#
# Find why the tasks of service `billing` (cluster `lab`) stop, and keep the
# `stoppedReason` that explains it, the text exactly as ECS gives it, in `reason`.

# %% [markdown] ko
# ## 연습 1 · billing은 왜 실행되지 않을까?
#
# `lab` 클러스터의 `billing` 서비스의 태스크가 왜 멈추는지 찾고, 그것을 설명하는
# `stoppedReason`을 ECS가 준 그대로 `reason`에 담으세요.

# %% exercise ex1

# %% [markdown] en
# ## Exercise 2 · Three broken services
#
# Services `cart`, `search` and `payments` of `lab` are each broken in one of the five
# ways of this lesson. Read their evidence and name the case of each in a dict, with the
# names below (or their numbers, 1 to 5):
# `diagnosis = {"cart": ..., "search": ..., "payments": ...}`.
#
# | # | Case |
# |---|---|
# | 1 | `"image-pull"` |
# | 2 | `"container-exit"` |
# | 3 | `"health-check"` |
# | 4 | `"no-room"` |
# | 5 | `"target-health"` |

# %% [markdown] ko
# ## 연습 2 · 고장 난 서비스 셋
#
# `lab`의 `cart`, `search`, `payments` 서비스는 각각 이 레슨의 다섯 가지 중 한 가지로
# 고장 났습니다. 증거를 읽고 서비스마다 어느 경우인지 아래 이름(또는 1부터 5까지의
# 번호)으로 dict에 담으세요:
# `diagnosis = {"cart": ..., "search": ..., "payments": ...}`.
#
# | # | 경우 |
# |---|---|
# | 1 | `"image-pull"` |
# | 2 | `"container-exit"` |
# | 3 | `"health-check"` |
# | 4 | `"no-room"` |
# | 5 | `"target-health"` |

# %% exercise ex2

# %% [markdown] en
# ## The diagnosis table
#
# | Symptom | Where AWS shows it | Usual fix |
# |---|---|---|
# | Image not pulled | `stoppedReason` CannotPullContainerError | tag; ECR access; a route |
# | Container exits | EssentialContainerExited, `exitCode`, logs | the program or its config |
# | Health check fails | "failed container health checks", `healthStatus` | command, `startPeriod` |
# | No room | "was unable to place a task", RunTask `failures` | ask less, more instances |
# | Target unhealthy | target's reason code, "is unhealthy in" | path, port, `Matcher`, SG |
# | No log group | `stoppedReason` CannotStartContainerError | create it |
#
# In words: a **TaskFailedToStart** task never ran (its image, its log group, its
# network); an **EssentialContainerExited** task ran and its program died (its exit code
# and its logs say how); a task **ECS stopped** for failing health checks ran too, and its
# `stoppedReason` says which check (the container's or the target group's); a task that
# was **never placed** leaves no stopped task, only the service event and RunTask's
# `failures`.

# %% [markdown] ko
# ## 진단표
#
# | 증상 | AWS가 보여 주는 곳 | 흔한 해결책 |
# |---|---|---|
# | 이미지를 못 받음 | `stoppedReason` CannotPullContainerError | 태그, ECR 권한, 경로 |
# | 컨테이너 종료 | EssentialContainerExited, `exitCode`, 로그 | 프로그램이나 설정 |
# | 헬스 체크 실패 | "failed container health checks", `healthStatus` | 명령, `startPeriod` |
# | 자리가 없음 | "was unable to place a task", RunTask `failures` | 덜 요청, 인스턴스 추가 |
# | 대상 unhealthy | 대상의 이유 코드, "is unhealthy in" | 경로, 포트, `Matcher`, 보안 그룹 |
# | 로그 그룹 없음 | `stoppedReason` CannotStartContainerError | 그룹 생성 |
#
# 말로 하면: **TaskFailedToStart** 태스크는 실행된 적이 없습니다(이미지, 로그 그룹,
# 네트워크). **EssentialContainerExited** 태스크는 실행되었고 프로그램이 죽었습니다
# (어떻게 죽었는지는 종료 코드와 로그가 말해 줍니다). 헬스 체크 실패로 **ECS가 멈춘**
# 태스크도 실행은 되었고, 어느 체크(컨테이너의 것인지 대상 그룹의 것인지)인지는
# `stoppedReason`이 말해 줍니다. **배치되지 못한** 태스크는 멈춘 태스크를 남기지 않고,
# 서비스 이벤트와 RunTask의 `failures`만 남깁니다.

# %% [markdown] en
# ## What is simulated, what is real
#
# - **Real**: the calls, fields and values (`events`, `stopCode`, `stoppedReason`,
#   `exitCode`, `healthStatus`, RunTask's `failures`, GetLogEvents, DescribeTargetHealth's
#   states and reason codes) and the texts ECS and ELB write, taken from AWS's
#   documentation and from what AWS shows. The same boto3 code reads them on AWS.
# - **Simulated**: the failures themselves. A simulated container does what its
#   `ecslearn.*` docker labels say; on AWS the program decides. Its log lines are the
#   label's lines plus a few the simulated runtime writes ("exiting with code 1", "received
#   SIGTERM"); a real container's log has only what the program prints, and a health
#   check's output stays with Docker on the instance. A simulated app answers every path
#   with the same status, where a real one answers a wrong path differently; a health check
#   sent to a port where nothing listens is refused in both, and the target turns unhealthy.
# - **On AWS**, the console shows the same evidence: the service's *Events* tab, the
#   stopped task's *Stopped reason* and container exit codes, the *Logs* tab (CloudWatch),
#   and the target group's *Targets* tab. ECS shows a stopped task for a limited time only
#   (at least an hour): read it soon, or keep ECS's task state change events (EventBridge).

# %% [markdown] ko
# ## 무엇이 시뮬레이션이고 무엇이 실제인가
#
# - **실제**: 호출, 필드, 값(`events`, `stopCode`, `stoppedReason`, `exitCode`,
#   `healthStatus`, RunTask의 `failures`, GetLogEvents, DescribeTargetHealth의 상태와 이유
#   코드), 그리고 ECS와 ELB가 쓰는 문장. AWS 문서와 AWS가 실제로 보여 주는 것에서
#   가져왔습니다. 같은 boto3 코드가 AWS에서도 그대로 읽습니다.
# - **시뮬레이션**: 고장 자체. 시뮬레이션 컨테이너는 `ecslearn.*` docker label이 말하는
#   대로 움직이지만, AWS에서는 프로그램이 정합니다. 로그에는 label의 줄과 시뮬레이션
#   런타임이 쓰는 몇 줄("exiting with code 1", "received SIGTERM")이 있습니다. 실제
#   컨테이너의 로그에는 프로그램이 출력한 것만 있고, 헬스 체크의 출력은 인스턴스의
#   Docker에 남습니다. 시뮬레이션 앱은 모든 경로에 같은 상태 코드로 답하지만, 실제
#   앱은 잘못된 경로에 다르게 답합니다. 아무것도 듣고 있지 않은 포트로 간 헬스 체크는
#   둘 다 연결이 거부되어 대상이 unhealthy가 됩니다.
# - **AWS에서는** 콘솔도 같은 증거를 보여 줍니다: 서비스의 *이벤트* 탭, 멈춘 태스크의
#   *중지 이유*와 컨테이너 종료 코드, *로그* 탭(CloudWatch), 대상 그룹의 *대상* 탭. ECS는
#   멈춘 태스크를 잠시(최소 한 시간)만 보여 줍니다: 빨리 읽거나, ECS의 태스크 상태 변경
#   이벤트를 EventBridge로 보내 보관하세요.

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
# - Look in order: **service events**, **stopped tasks** (`stopCode`, `stoppedReason`,
#   `exitCode`, `healthStatus`), **logs**, **target health**, **placement**.
# - A task that never ran says TaskFailedToStart (image, log group); one whose program died
#   says EssentialContainerExited with an exit code, and its logs say why.
# - Health checks come in two kinds: the container's own (Docker runs the command inside
#   it) and the load balancer's (ELB calls the port and path from outside). Each has its
#   own words in the events and its own fix.
# - A task that is never placed leaves no stopped task: the service event and RunTask's
#   `failures` are the evidence.
# - Next, the last lesson: the **capstone**, a shop of two services that you build from
#   everything the course taught, with one more fault to diagnose.

# %% [markdown] ko
# ## 정리
#
# - 순서대로 보세요: **서비스 이벤트**, **멈춘 태스크**(`stopCode`, `stoppedReason`,
#   `exitCode`, `healthStatus`), **로그**, **대상 상태**, **배치**.
# - 실행된 적이 없는 태스크는 TaskFailedToStart(이미지, 로그 그룹)를, 프로그램이 죽은
#   태스크는 종료 코드와 함께 EssentialContainerExited를 말하고, 그 이유는 로그가
#   말해 줍니다.
# - 헬스 체크는 두 종류입니다: 컨테이너 자신의 것(Docker가 컨테이너 안에서 명령을
#   실행)과 로드 밸런서의 것(ELB가 밖에서 포트와 경로를 호출). 이벤트에 나오는 말도,
#   해결책도 서로 다릅니다.
# - 배치되지 못한 태스크는 멈춘 태스크를 남기지 않습니다: 서비스 이벤트와 RunTask의
#   `failures`가 증거입니다.
# - 다음은 마지막 레슨인 **종합 실습**입니다. 과정에서 배운 모든 것으로 서비스 두 개짜리
#   가게를 직접 만들고, 장애도 하나 더 진단합니다.
