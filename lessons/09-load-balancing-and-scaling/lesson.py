# Lesson 9 · Load balancing and scaling: the source of
# notebooks/{en,ko}/09-load-balancing-and-scaling.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 9 · Load balancing and scaling
#
# A service keeps tasks running, but users outside the cluster need **one address** that
# reaches them, wherever the scheduler put them. That is an **Application Load Balancer**
# (ALB): it listens on the internet (or inside the VPC), and its **listener** sends each
# request, by its **rules**, to a **target group**, the list of places that can answer.
#
# Everything in this lesson is a boto3 call that runs unchanged on AWS: `elbv2` makes the
# load balancer, its target groups and its listener; `ecs` puts a service behind them;
# `application-autoscaling` scales it. ECS keeps the target group's list up to date for
# you: when a service with `loadBalancers` starts a task, ECS *registers* the task as a
# target; when it stops one, ECS *deregisters* it and waits while the target **drains**.
# With more tasks behind one address, the service can **scale**: by hand (`desiredCount`)
# or automatically (Service Auto Scaling). About 30 minutes.

# %% [markdown] ko
# # 9 · 로드 밸런싱과 스케일링
#
# 서비스는 태스크를 계속 실행되게 하지만, 클러스터 밖의 사용자에게는 스케줄러가
# 태스크를 어디에 두었든 닿을 수 있는 **하나의 주소**가 필요합니다. 그것이
# **Application Load Balancer**(ALB)입니다. 인터넷(또는 VPC 안)에서 요청을 받으면
# **리스너**(listener)가 **규칙**(rule)에 따라 요청을 **대상 그룹**(target group),
# 즉 응답할 수 있는 곳들의 목록으로 보냅니다.
#
# 이 레슨의 호출은 모두 AWS에서도 그대로 실행되는 boto3 호출입니다. `elbv2`로 로드
# 밸런서, 대상 그룹, 리스너를 만들고, `ecs`로 서비스를 그 뒤에 두고,
# `application-autoscaling`으로 스케일합니다. 대상 그룹의 목록은 ECS가 관리합니다.
# `loadBalancers`가 있는 서비스가 태스크를 시작하면 ECS가 그 태스크를 대상으로
# *등록*하고, 태스크를 멈출 때는 *등록을 해제*한 뒤 대상이 **드레이닝**(draining)되는
# 동안 기다립니다. 하나의 주소 뒤에 태스크가 여럿이면 서비스는 **스케일**할 수
# 있습니다. 직접(`desiredCount`) 하거나 자동으로(Service Auto Scaling) 합니다. 약 30분.

# %% setup
from io import BytesIO

from IPython.display import Image

from ecslearn import Simulation
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import traffic
from ecslearn.views.timelines import desired_vs_running

ex1, ex2, ex3 = from_lesson("09-load-balancing-and-scaling", "ex1", "ex2", "ex3")
q1, q2, q3 = from_lesson("09-load-balancing-and-scaling", "q1", "q2", "q3")

LANG = "en"

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ec2 = sim.client("ec2")
elbv2 = sim.client("elbv2")
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "containers", "clock", "load_balancer", "autoscaling"),
    adds=("iam", "vpc", "cloudwatch", "bill"),
)

# %% [markdown] en
# ## A cluster and a task definition
#
# Three t3.small instances, one in each Availability Zone, started by EC2's `run_instances`
# from the ECS-optimized AMI: their user data names the cluster their ECS agent joins and
# the instance profile lets the agent call ECS (lesson 13 takes this apart). Then a web task
# whose container listens on port 80. The port mapping sets `hostPort` to 0: in `bridge`
# mode each task then gets a free **dynamic** host port from the instance's ephemeral range
# (lesson 10), so several copies fit on one instance.

# %% [markdown] ko
# ## 클러스터와 태스크 디피니션
#
# 가용 영역마다 한 대씩 t3.small 인스턴스 세 대를 EC2의 `run_instances`로 ECS 최적화
# AMI에서 시작합니다. 사용자 데이터에는 ECS 에이전트가 합류할 클러스터 이름을 적고,
# 인스턴스 프로파일은 에이전트가 ECS를 호출할 수 있게 해 줍니다(자세한 내용은 레슨 13).
# 그다음은 컨테이너가 80번 포트에서 듣는 웹 태스크입니다. 포트 매핑의 `hostPort`를
# 0으로 두었습니다. `bridge` 모드에서는 태스크마다 인스턴스의 임시 포트 범위에서 비어
# 있는 **동적** 호스트 포트를 받으므로(레슨 10) 한 인스턴스에 여러 개가 들어갑니다.

# %%
ecs.create_cluster(clusterName="shop")
ami = sim.client("ssm").get_parameter(
    Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
)["Parameter"]["Value"]
boot = "#!/bin/bash\necho ECS_CLUSTER=shop >> /etc/ecs/ecs.config\n"  # boto3 base64-encodes it
subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
for subnet in sorted(subnets, key=lambda s: s["AvailabilityZone"]):
    ec2.run_instances(
        ImageId=ami,
        InstanceType="t3.small",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet["SubnetId"],
        UserData=boot,
        IamInstanceProfile={"Name": "ecsInstanceRole"},
    )
sim.run_until_stable()  # the instances boot and their agents register with the cluster


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


web_task("web", 80)["taskDefinition"]["taskDefinitionArn"]

# %% [markdown] en
# ## A load balancer
#
# An ALB lives in a VPC, in subnets of at least two Availability Zones; we use the default
# VPC and its subnets, one in each zone. Its security group lets anyone in on port 80 (on
# AWS the instances' group must also let the load balancer's group in on the dynamic host
# ports; ecslearn does not check security group rules). A new load balancer is
# `provisioning` for a few minutes before its DNS name answers.

# %% [markdown] ko
# ## 로드 밸런서
#
# ALB는 VPC 안, 적어도 두 가용 영역의 서브넷에 놓입니다. 여기서는 기본 VPC와 가용
# 영역마다 하나씩 있는 기본 서브넷을 씁니다. 로드 밸런서의 보안 그룹은 80번 포트로
# 누구든 들어오게 합니다(AWS에서는 인스턴스의 보안 그룹도 동적 호스트 포트로 로드
# 밸런서의 보안 그룹을 들여보내야 합니다. ecslearn은 보안 그룹 규칙을 검사하지
# 않습니다). 새 로드 밸런서는 몇 분 동안 `provisioning`이고, 그다음에야 DNS 이름이
# 응답합니다.

# %%
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
alb_sg = ec2.create_security_group(
    GroupName="shop-alb", Description="HTTP from anywhere", VpcId=vpc_id
)["GroupId"]
ec2.authorize_security_group_ingress(
    GroupId=alb_sg,
    IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    ],
)
alb = elbv2.create_load_balancer(
    Name="shop",
    Type="application",
    Scheme="internet-facing",
    Subnets=[subnet["SubnetId"] for subnet in subnets],
    SecurityGroups=[alb_sg],
)["LoadBalancers"][0]
print(alb["DNSName"], alb["State"]["Code"])

# %% [markdown] en
# ## A target group and a listener
#
# The **target group** says how to reach and check the targets: HTTP on port 80 (each
# target brings its own port: the host port its task got), `TargetType="instance"` (a
# target is an EC2 instance ID and a port, which suits bridge mode), and a health check that
# asks each target for `/` every `HealthCheckIntervalSeconds`.
#
# A newly registered target needs **one** passing check to become `healthy`. Later, a
# healthy target that fails `UnhealthyThresholdCount` checks in a row turns `unhealthy`,
# and it needs `HealthyThresholdCount` passes in a row to come back. A deregistered target
# drains for the `deregistration_delay.timeout_seconds` attribute, which
# `ModifyTargetGroupAttributes` sets. ELB's defaults are a check every 30 s, 5 passes,
# 2 failures and 300 s of draining; we shorten the interval and the delay so that the
# lesson needs little time.
#
# The **listener** takes HTTP on port 80; its default action forwards every request to the
# target group.

# %% [markdown] ko
# ## 대상 그룹과 리스너
#
# **대상 그룹**은 대상에 닿고 대상을 검사하는 방법을 정합니다. 80번 포트의 HTTP(대상은
# 각자 자기 포트, 즉 태스크가 받은 호스트 포트를 가져옵니다), `TargetType="instance"`
# (대상이 EC2 인스턴스 ID와 포트이므로 bridge 모드에 맞습니다), 그리고
# `HealthCheckIntervalSeconds`마다 각 대상에 `/`를 요청하는 헬스 체크입니다.
#
# 새로 등록된 대상은 체크를 **한 번** 통과하면 `healthy`가 됩니다. 그 뒤에는 healthy
# 대상이 `UnhealthyThresholdCount`번 연속 실패하면 `unhealthy`가 되고, 돌아오려면
# `HealthyThresholdCount`번 연속 통과해야 합니다. 등록 해제된 대상은
# `deregistration_delay.timeout_seconds` 속성만큼 드레이닝되고, 이 속성은
# `ModifyTargetGroupAttributes`로 정합니다. ELB 기본값은 30초마다 체크, 5번 통과, 2번
# 실패, 300초 드레이닝인데, 레슨 시간을 줄이려고 간격과 지연을 짧게 잡았습니다.
#
# **리스너**는 80번 포트로 HTTP를 받고, 기본 동작(default action)으로 모든 요청을 대상
# 그룹에 보냅니다.

# %%
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
)["TargetGroups"][0]["TargetGroupArn"]
elbv2.modify_target_group_attributes(
    TargetGroupArn=web_group,
    Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
)
http_listener = elbv2.create_listener(
    LoadBalancerArn=alb["LoadBalancerArn"],
    Protocol="HTTP",
    Port=80,
    DefaultActions=[{"Type": "forward", "TargetGroupArn": web_group}],
)["Listeners"][0]["ListenerArn"]
print(web_group)

# %% [markdown] en
# ## A service behind the target group, step by step
#
# `loadBalancers` says which target group, and which container and container port receive
# its traffic. Watch the two tasks start, one simulation step at a time (each step prints
# what happened): when a container is RUNNING, the task passes through **ACTIVATING**
# (ECS registers its target: the EC2 instance ID and the task's host port) and
# becomes RUNNING. The target is `initial` until the load balancer's first health check
# passes; only then is it `healthy` and gets requests.

# %% [markdown] ko
# ## 대상 그룹 뒤의 서비스, 한 단계씩
#
# `loadBalancers`는 어떤 대상 그룹의 트래픽을 어떤 컨테이너의 어떤 컨테이너 포트가
# 받을지 정합니다. 태스크 두 개가 시뮬레이션 단계 하나씩 시작하는 것을 보세요(각 단계가
# 일어난 일을 출력합니다). 컨테이너가 RUNNING이 되면 태스크는 **ACTIVATING**을
# 거쳐(ECS가 대상을 등록합니다: EC2 인스턴스 ID와 태스크의 호스트 포트) RUNNING이
# 됩니다. 대상은 로드 밸런서의 첫 헬스 체크를 통과할 때까지 `initial`이고, 그다음에야
# `healthy`가 되어 요청을 받습니다.

# %%
ecs.create_service(
    cluster="shop",
    serviceName="web",
    taskDefinition="web",
    desiredCount=2,
    loadBalancers=[{"targetGroupArn": web_group, "containerName": "web", "containerPort": 80}],
)


def show(group):
    """Each service task's status, and each target's health in `group` (ELB's answer)."""
    arns = ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="RUNNING")["taskArns"]
    arns += ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="STOPPED")["taskArns"]
    tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"] if arns else []
    statuses = sorted(t["lastStatus"] for t in tasks)
    print(f"t={sim.now:6.1f}s", T("tasks:", "태스크:")(LANG), statuses)
    for target in elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]:
        where = f"{target['Target']['Id']}:{target['Target']['Port']}"
        health = target["TargetHealth"]
        label = T("target", "대상")(LANG)
        print(f"{'':10}{label} {where:26} {health['State']:10} {health.get('Reason', '')}")


for _ in range(5):
    print(sim.step())
show(web_group)

# %% [markdown] en
# Both tasks are RUNNING and registered, but their targets are still `initial`. Run the
# clock until the service is steady, then two more minutes, so that the load balancer
# has finished provisioning (on AWS, `elbv2.get_waiter("load_balancer_available")` waits
# for it):

# %% [markdown] ko
# 두 태스크 모두 RUNNING이고 등록되었지만, 대상은 아직 `initial`입니다. 서비스가
# 안정될 때까지 시계를 돌리고, 로드 밸런서의 프로비저닝이 끝나도록 2분을 더
# 돌립니다(AWS에서는 `elbv2.get_waiter("load_balancer_available")`로 기다립니다):

# %%
sim.run_until_stable()
sim.advance(120)
show(web_group)
elbv2.describe_load_balancers(Names=["shop"])["LoadBalancers"][0]["State"]

# %% [markdown] en
# ## The traffic picture
#
# `traffic(sim)` draws what a request meets on its way in: the load balancer, its
# listener and rules, the target group with each target's health, and the task behind
# each target on its instance (the legend names the shapes and colours).
#
# `sim.send_requests` is the simulated client: it sends requests to the load balancer's
# DNS name, as `curl` would. The listener's rule forwards each one to the next healthy
# target in turn (round robin). Nobody outside needs to know the instances or ports. Pass
# the answers to the picture and it counts the requests each target got.

# %% [markdown] ko
# ## 트래픽 그림
#
# `traffic(sim)`은 요청이 들어오며 거치는 것을 그립니다. 로드 밸런서, 리스너와 규칙,
# 대상마다 헬스 상태가 표시된 대상 그룹, 그리고 각 대상 뒤에서 인스턴스 위에 있는
# 태스크입니다(모양과 색은 범례를 보세요).
#
# `sim.send_requests`는 시뮬레이션의 클라이언트입니다. `curl`처럼 로드 밸런서의 DNS
# 이름으로 요청을 보냅니다. 리스너의 규칙은 요청을 healthy 대상에 차례로(라운드 로빈)
# 보냅니다. 밖에서는 인스턴스도 포트도 알 필요가 없습니다. 응답을 그림에 넘기면 대상마다
# 받은 요청 수를 셉니다.

# %%
answers = sim.send_requests(f"http://{alb['DNSName']}/", 4)
for served in answers:
    print(served)
traffic(sim, answers=answers, lang=LANG)

# %% [markdown] en
# ## Exercise 1 · A second service behind the same load balancer, at `/api/*`
#
# The lesson registered a second task definition, `api`, whose container `api` listens
# on port **8080**. Put it behind the same address, under the path `/api/*`:
#
# 1. a target group named `api` (HTTP on port 8080 in `vpc_id`, with the same short
#    health check as `web`), its ARN kept in `api_group`;
# 2. a **rule** on `http_listener` with priority 10: the condition `path-pattern`
#    `/api/*`, the action forward to `api_group` (other paths keep going to `web`, the
#    listener's default action);
# 3. a service `api` in `shop` with **2** tasks whose container `api` receives the group's
#    traffic. Then run the clock until both targets are healthy.

# %% [markdown] ko
# ## 연습 1 · 같은 로드 밸런서의 `/api/*` 뒤에 두 번째 서비스 두기
#
# 레슨이 두 번째 태스크 디피니션 `api`를 등록했습니다. 컨테이너 `api`는 **8080**번
# 포트에서 듣습니다. 같은 주소의 `/api/*` 경로 뒤에 두세요:
#
# 1. `api`라는 대상 그룹(`vpc_id` 안, 8080번 포트의 HTTP, `web`과 같은 짧은 헬스
#    체크). ARN은 `api_group`에 담습니다.
# 2. `http_listener`에 우선순위 10인 **규칙**. 조건은 `path-pattern` `/api/*`,
#    동작은 `api_group`으로 forward입니다(다른 경로는 리스너의 기본 동작대로 계속
#    `web`으로 갑니다).
# 3. `shop`에 태스크 **2개**의 `api` 서비스를 만들어 컨테이너 `api`가 그룹의 트래픽을
#    받게 합니다. 그다음 두 대상이 healthy가 될 때까지 시계를 돌리세요.

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
# 직접 스케일링은 호출 하나입니다. 새 `desiredCount`로 `UpdateService`를 호출합니다.
# `web`을 4개로 늘리면 태스크 두 개가 더 시작하고 앞에서처럼 등록됩니다.

# %%
ecs.update_service(cluster="shop", service="web", desiredCount=4)
sim.run_until_stable()
show(web_group)

# %% [markdown] en
# Now scale in to 2. ECS does not kill the two tasks it picks at once: it deregisters
# their targets, the tasks are **DEACTIVATING**, and the targets are **draining**:
# requests in flight may finish, new requests go elsewhere. Only after the deregistration
# delay (30 s here, 300 s by default) does ECS stop the containers. The picture shows the
# draining targets, and that the new requests all went to the two that stay.

# %% [markdown] ko
# 이제 2개로 줄입니다. ECS는 고른 태스크 두 개를 바로 죽이지 않습니다. 대상의 등록을
# 해제하고, 태스크는 **DEACTIVATING**, 대상은 **draining**이 됩니다. 처리 중인 요청은
# 끝낼 수 있고, 새 요청은 다른 곳으로 갑니다. 등록 해제 지연(여기서는 30초, 기본값
# 300초)이 지나야 ECS가 컨테이너를 멈춥니다. 그림에서 드레이닝되는 대상과, 새 요청이
# 모두 남는 두 대상으로 간 것을 볼 수 있습니다.

# %%
ecs.update_service(cluster="shop", service="web", desiredCount=2)
sim.advance(5)
show(web_group)
answers = sim.send_requests(f"http://{alb['DNSName']}/", 6)
traffic(sim, answers=answers, lang=LANG)

# %%
sim.advance(30)
show(web_group)

# %% [markdown] en
# ## Automatic scaling: Service Auto Scaling
#
# For a REPLICA service the ECS service scheduler never changes `desiredCount` on its own
# (only a DAEMON service's count follows its instances, lesson 5): it keeps that many
# tasks running. **Service Auto Scaling** changes it for you; it is **Application Auto
# Scaling**, another AWS service with its own client, acting on the service:
#
# 1. `RegisterScalableTarget`: the service's desired count (`ecs:service:DesiredCount`,
#    resource `service/<cluster>/<service>`) may move between `MinCapacity` and
#    `MaxCapacity`.
# 2. `PutScalingPolicy` with **target tracking**: keep a metric, such as the service's
#    average CPU utilisation, near a target value. Application Auto Scaling creates and
#    manages the CloudWatch alarms behind the policy.
# 3. AWS documents the behaviour in outline: ECS sends the service's metrics to
#    CloudWatch every minute; the policy scales out in proportion to the metric, as fast
#    as it can, and scales in more gradually; it rounds the number of tasks so that it
#    never adds too few or removes too many.
#
# The numbers below are ecslearn's approximation of those alarms (AWS does not document
# their exact settings, and may change them): **3** one-minute datapoints in a row above
# the target fire the high alarm, and desiredCount becomes
# `ceil(running tasks × metric ÷ target)`, within min and max; scaling in waits for **15**
# datapoints in a row below 90 % of the target, with cooldowns in between.
#
# In the simulation, `sim.set_load` says how busy the service's users make it.

# %% [markdown] ko
# ## 자동 스케일링: Service Auto Scaling
#
# REPLICA 서비스라면 ECS 서비스 스케줄러는 스스로 `desiredCount`를 바꾸지 않습니다(DAEMON
# 서비스의 개수만 인스턴스 수를 따라갑니다, 레슨 5). 그 수만큼 태스크를 실행되게
# 유지할 뿐입니다. 이 값을 대신 바꾸는 것이 **Service Auto Scaling**이고,
# 그 실체는 자체 클라이언트가 있는 다른 AWS 서비스인 **Application Auto Scaling**입니다:
#
# 1. `RegisterScalableTarget`: 서비스의 원하는 개수(`ecs:service:DesiredCount`,
#    리소스 `service/<클러스터>/<서비스>`)가 `MinCapacity`와 `MaxCapacity` 사이에서
#    움직일 수 있게 합니다.
# 2. **대상 추적**(target tracking) `PutScalingPolicy`: 서비스의 평균 CPU 사용률 같은
#    지표를 목표값 근처로 유지합니다. 정책 뒤의 CloudWatch 경보는 Application Auto
#    Scaling이 만들고 관리합니다.
# 3. AWS 문서는 동작을 큰 틀에서만 설명합니다. ECS는 서비스 지표를 1분마다
#    CloudWatch로 보냅니다. 정책은 지표에 비례해 가능한 한 빠르게 확장하고, 축소는 더
#    천천히 합니다. 태스크 수는 너무 적게 추가하거나 너무 많이 제거하지 않게 맞춥니다.
#
# 아래 숫자는 그 경보를 ecslearn이 근사한 것입니다(AWS는 정확한 설정을 문서로 밝히지
# 않고, 바꿀 수도 있습니다). 목표를 넘는 1분 데이터 포인트가 **3**개 연속이면 상한
# 경보가 울리고, desiredCount는 min과 max 안에서 `ceil(실행 중 태스크 수 × 지표 ÷ 목표)`가
# 됩니다. 축소는 목표의 90 % 미만인 데이터 포인트가 **15**개 연속이어야 하고, 그 사이에
# 쿨다운이 있습니다.
#
# 시뮬레이션에서는 `sim.set_load`로 사용자가 서비스를 얼마나 바쁘게 하는지 정합니다.

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
# 사용자가 몰립니다. 두 태스크의 평균 CPU가 90 %입니다. 시계를 1분씩 움직이며
# `desiredCount`를 보세요.

# %%
sim.set_load("web", cluster="shop", cpu_percent=90)
for minute in range(1, 6):
    sim.advance(60)
    web = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
    said = T("minute {m}: desired {d}, running {r}", "{m}분: 원하는 수 {d}, 실행 중 {r}")(LANG)
    print(said.format(m=minute, d=web["desiredCount"], r=web["runningCount"]))

# %% [markdown] en
# At the third minute the high alarm fired: `ceil(2 × 90 ÷ 50) = 4`. The demand stays
# the same, so with 4 tasks the average is 45 %, near the target, and nothing more
# happens. Application Auto Scaling records each decision as a **scaling activity**:

# %% [markdown] ko
# 3분째에 상한 경보가 울렸습니다: `ceil(2 × 90 ÷ 50) = 4`. 수요는 그대로이므로 태스크
# 4개의 평균은 45 %로 목표에 가깝고, 더 이상 아무 일도 없습니다. Application Auto
# Scaling은 각 결정을 **스케일링 활동**(scaling activity)으로 기록합니다:

# %%
for activity in aas.describe_scaling_activities(ServiceNamespace="ecs")["ScalingActivities"]:
    print(activity["StatusCode"], "·", activity["Description"], "·", activity["Cause"][:60])

# %% [markdown] en
# The rush ends (10 % CPU). Scaling in waits for fifteen low minutes, then goes down to
# what the load needs, but never under `MinCapacity`. The timeline shows desired (dashed)
# and running tasks over simulated time; the legend names the lines.

# %% [markdown] ko
# 사용자가 빠집니다(CPU 10 %). 축소는 낮은 상태가 15분 이어지기를 기다린 다음,
# 부하에 필요한 만큼 줄이지만 `MinCapacity` 아래로는 내려가지 않습니다. 타임라인은
# 시뮬레이션 시간에 따른 원하는 태스크 수(점선)와 실행 중인 태스크 수를 보여 줍니다.
# 범례가 각 선의 이름입니다.

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
# 레슨이 `cart` 서비스(태스크 2개, 로드 밸런서 없음)를 만들었습니다. Application Auto
# Scaling이 **평균 메모리 사용률**을 **70 %** 근처로, 태스크 **1**~**8**개 사이에서
# 유지하게 하세요. `put_scaling_policy`의 응답을 `cart_policy`에 담으세요.

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
# With ecslearn's alarms (3 datapoints above the target, as above), what is its
# `desiredCount` four minutes later? Keep your number in `prediction`; the cell after the
# check runs exactly this in the simulation.

# %% [markdown] ko
# ## 연습 3 · 확장 예측
#
# 어떤 서비스가 CPU **50 %** 대상 추적 정책(MinCapacity 2, MaxCapacity 10)으로 태스크
# **3개**를 실행합니다. 평균 CPU가 **80 %로** 뛰어올라 그대로 유지됩니다. ecslearn의
# 경보(위처럼 목표를 넘는 데이터 포인트 3개)로는 4분 뒤 `desiredCount`가 얼마일까요?
# 답을 `prediction`에 담으세요. 확인 셀 다음 셀이 시뮬레이션에서 똑같이 실행해 봅니다.

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
# ECS는 서비스의 `loadBalancers`를 태스크 디피니션과 맞춰 봅니다. 컨테이너 포트는
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
# - An Application Load Balancer gives services one address (its DNS name). Its
#   **listener** applies **rules** (conditions such as `path-pattern`) in priority order
#   and forwards to **target groups**; ECS keeps each group's targets up to date. All of
#   it is `elbv2` calls that run on AWS as they are.
# - A starting task is ACTIVATING while ECS registers its target (instance ID and host
#   port in bridge mode); the target is `initial` until it passes one health check, then
#   `healthy`, and only healthy targets get requests.
# - A stopping task is DEACTIVATING while its target **drains** for the deregistration
#   delay; then ECS stops it.
# - Manual scaling is `UpdateService(desiredCount=...)`. Service Auto Scaling (Application
#   Auto Scaling) changes it for you between min and max: target tracking scales out fast
#   and in slowly; the 3 and 15 minutes here are ecslearn's approximation of its alarms.
# - Next: **networking**, and why dynamic host ports matter to load balancers.

# %% [markdown] ko
# ## 정리
#
# - Application Load Balancer는 서비스에 하나의 주소(DNS 이름)를 줍니다. **리스너**는
#   **규칙**(`path-pattern` 같은 조건)을 우선순위대로 적용해 **대상 그룹**으로 보내고,
#   각 그룹의 대상은 ECS가 최신으로 유지합니다. 모두 AWS에서 그대로 실행되는 `elbv2`
#   호출입니다.
# - 시작하는 태스크는 ECS가 대상을 등록하는 동안 ACTIVATING입니다(bridge 모드에서는
#   인스턴스 ID와 호스트 포트). 대상은 헬스 체크를 한 번 통과할 때까지 `initial`이고
#   그다음 `healthy`가 되며, healthy 대상만 요청을 받습니다.
# - 멈추는 태스크는 대상이 등록 해제 지연 동안 **드레이닝**되는 사이 DEACTIVATING이고,
#   그다음 ECS가 멈춥니다.
# - 직접 스케일링은 `UpdateService(desiredCount=...)`입니다. Service Auto
#   Scaling(Application Auto Scaling)은 min과 max 사이에서 대신 바꿔 줍니다. 대상 추적은
#   빠르게 확장하고 천천히 축소합니다. 여기의 3분과 15분은 ecslearn이 그 경보를 근사한
#   값입니다.
# - 다음: **네트워킹**, 그리고 동적 호스트 포트가 로드 밸런서에 왜 중요한지.
