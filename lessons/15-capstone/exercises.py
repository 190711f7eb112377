"""Lesson 15 · Capstone: the learner builds a two-service shop on the foundation the narrative
lays (cluster `shop`, launch template `shop-ecs`, the load balancer `shop` with its blue and green
target groups, the Cloud Map namespace `shop.local` and its service `api`, task definitions `web`
and `api`): the capacity (Fargate and an Auto Scaling group's capacity provider), the two
services (`web` on Fargate behind the load balancer, `api` on EC2 found by name), target tracking
for `web` under load, a blue/green release of `web:2`, and the diagnosis of a service the
narrative breaks (`checkout`).

Every judge reads the world through the public API (DescribeClusters, DescribeCapacityProviders,
DescribeServices, DescribeTasks, DescribeTargetHealth, DescribeRules, DiscoverInstances,
DescribeScalableTargets / DescribeScalingPolicies, DescribeServiceDeployments)."""

from __future__ import annotations

import base64
import math
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from ecslearn.lessons.blue_green_front import BlueGreenFront, blue_green_front, requests_by_group
from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.words import particle

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "web", "api", "checkout")

CLUSTER = "shop"
NAMESPACE = "shop.local"  # the Cloud Map private DNS namespace; its service "api"
API_PORT = 8080
PLAN_MAX_INSTANCES = 3  # the Auto Scaling group's MaxSize in the plan
WEB_TASKS = 2
API_TASKS = 2
CPU_TARGET = 50.0  # web's target tracking: average CPU
MAX_WEB = 6
LOAD = 90  # the CPU load exercise 3 puts on web
EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"


# -- helpers the narrative uses too ------------------------------------------------------------
def ecs_user_data(cluster: str) -> str:
    """The user data of an ECS container instance, base64-encoded as a launch template wants it:
    a shell script that names the cluster in the agent's /etc/ecs/ecs.config."""
    script = f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"
    return base64.b64encode(script.encode()).decode()


def shop_front(sim: Any) -> BlueGreenFront:
    """Make the load balancer `shop`, its target groups ``web-blue`` and ``web-green`` of type
    ``ip`` (Fargate tasks are registered by their own address) and its production and test
    rules (lessons 8 and 9 explain each call), and wait until it is active."""
    return blue_green_front(sim, "shop", ("web-blue", "web-green"), target_type="ip")


def _tasks(ecs: Any, cluster: str, service: str, status: str = "RUNNING") -> list[dict[str, Any]]:
    arns = ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus=status)["taskArns"]
    return ecs.describe_tasks(cluster=cluster, tasks=arns[:100])["tasks"] if arns else []


def _address(task: dict[str, Any]) -> str | None:
    for attachment in task.get("attachments") or []:
        for detail in attachment.get("details") or []:
            if detail["name"] == "privateIPv4Address":
                return detail["value"]
    return None


def where_things_run(ecs: Any, cluster: str = CLUSTER) -> dict[str, dict[str, int]]:
    """For each ACTIVE service of the cluster: how many RUNNING tasks each capacity provider
    (or launch type) has, as DescribeTasks says. Printed one service a line, and returned."""
    arns = ecs.list_services(cluster=cluster)["serviceArns"]
    services = ecs.describe_services(cluster=cluster, services=arns)["services"] if arns else []
    found: dict[str, dict[str, int]] = {}
    for service in sorted(services, key=lambda s: s["serviceName"]):
        name = service["serviceName"]
        running = [t for t in _tasks(ecs, cluster, name) if t["lastStatus"] == "RUNNING"]
        where = Counter(t.get("capacityProviderName") or t.get("launchType", "-") for t in running)
        found[name] = dict(sorted(where.items()))
        print(f"{name:9} desired {service['desiredCount']}  running {len(running)}  {found[name]}")
    return found


def newest_deployment(ecs: Any, cluster: str, service: str) -> dict[str, Any] | None:
    """The service's newest service deployment, as DescribeServiceDeployments shows it."""
    listed = ecs.list_service_deployments(cluster=cluster, service=service)["serviceDeployments"]
    if not listed:
        return None
    arn = listed[0]["serviceDeploymentArn"]
    return ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0]


def stopped_tasks(ecs: Any, cluster: str, service: str) -> list[dict[str, Any]]:
    """The service's stopped tasks as DescribeTasks shows them, the most recently stopped first."""
    stopped = [t for t in _tasks(ecs, cluster, service, "STOPPED") if t["lastStatus"] == "STOPPED"]
    return sorted(stopped, key=lambda t: t.get("stoppedAt") or t["createdAt"], reverse=True)


def why_stopped(task: dict[str, Any]) -> None:
    """What DescribeTasks says about why a task stopped: its stopCode and stoppedReason, then
    each container's exitCode and reason (absent fields print as -)."""
    print("task         ", task["taskArn"].rsplit("/", 1)[-1])
    print("stopCode     ", task.get("stopCode", "-"))
    print("stoppedReason", task.get("stoppedReason", "-"))
    for container in task["containers"]:
        print(
            f"  container {container['name']}: exitCode {container.get('exitCode', '-')}, "
            f"reason {container.get('reason', '-')}"
        )


def task_log(logs: Any, task: dict[str, Any], container: str, group: str = "/ecs/shop") -> None:
    """Print the container's log lines (GetLogEvents, stream ecs/<container>/<task ID>)."""
    stream = f"ecs/{container}/{task['taskArn'].rsplit('/', 1)[-1]}"
    for event in logs.get_log_events(logGroupName=group, logStreamName=stream)["events"]:
        print(event["message"])


def _service(ecs: Any, name: str, cluster: str = CLUSTER) -> dict[str, Any] | None:
    """The service as DescribeServices shows it, or None if it is not ACTIVE there."""
    try:
        found = ecs.describe_services(cluster=cluster, services=[name])["services"]
    except Exception:  # the cluster itself may be gone
        return None
    return found[0] if found and found[0]["status"] == "ACTIVE" else None


# -- ex1: capacity ------------------------------------------------------------------------------
def _group_of(v: Values, provider: dict[str, Any]) -> dict[str, Any] | None:
    arn = provider["autoScalingGroupProvider"]["autoScalingGroupArn"]
    name = arn.rsplit("autoScalingGroupName/", 1)[-1]
    groups = v.autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    return (groups["AutoScalingGroups"] or [None])[0]


def _judge_capacity(v: Values) -> T | None:
    ecs = v.ecs
    cluster = ecs.describe_clusters(clusters=[CLUSTER])["clusters"][0]
    attached = cluster.get("capacityProviders") or []
    providers = (
        ecs.describe_capacity_providers(capacityProviders=attached)["capacityProviders"]
        if attached
        else []
    )
    mine = [p for p in providers if p.get("autoScalingGroupProvider")]
    if not mine:
        made = [
            p["name"]
            for p in ecs.describe_capacity_providers()["capacityProviders"]
            if p.get("autoScalingGroupProvider") and p["status"] == "ACTIVE"
        ]
        if made:
            return T(
                f"Capacity provider {made[0]} exists, but cluster 'shop' does not have it: its "
                f"capacity providers are {attached}. Attach it with "
                '`ecs.put_cluster_capacity_providers(cluster="shop", capacityProviders=[...], '
                "defaultCapacityProviderStrategy=[...])`.",
                f"용량 공급자 {particle(made[0], '은/는')} 있지만 'shop' 클러스터에 붙어 있지 "
                "않습니다: 클러스터의 "
                f"용량 공급자는 {attached}입니다. "
                '`ecs.put_cluster_capacity_providers(cluster="shop", capacityProviders=[...], '
                "defaultCapacityProviderStrategy=[...])`로 붙이세요.",
            )
        return T(
            "Cluster 'shop' has no capacity provider of an Auto Scaling group yet. Make the "
            "group `shop-asg` from launch template `shop-ecs`, then "
            '`ecs.create_capacity_provider(name="shop-ec2", autoScalingGroupProvider={...})` '
            "and attach it to the cluster.",
            "'shop' 클러스터에 Auto Scaling 그룹의 용량 공급자가 아직 없습니다. 시작 템플릿 "
            "`shop-ecs`로 `shop-asg` 그룹을 만들고, "
            '`ecs.create_capacity_provider(name="shop-ec2", autoScalingGroupProvider={...})`로 '
            "만든 다음 클러스터에 붙이세요.",
        )
    if "FARGATE" not in attached:
        return T(
            f"Cluster 'shop' now has only {attached}: FARGATE is gone. "
            "PutClusterCapacityProviders replaces the cluster's whole list, so the providers you "
            "keep must be in it too, and `web` will run on FARGATE. Pass "
            '`capacityProviders=["FARGATE", "shop-ec2"]`.',
            f"'shop' 클러스터에는 이제 {attached}만 있습니다: FARGATE가 빠졌습니다. "
            "PutClusterCapacityProviders는 클러스터의 목록 전체를 바꾸므로, 남길 공급자도 "
            "목록에 있어야 합니다. `web`은 FARGATE에서 실행됩니다. "
            '`capacityProviders=["FARGATE", "shop-ec2"]`를 넘기세요.',
        )
    provider = mine[0]
    scaling = provider["autoScalingGroupProvider"].get("managedScaling") or {}
    if scaling.get("status") != "ENABLED":
        return T(
            f"Capacity provider {provider['name']} has managed scaling "
            f"{scaling.get('status', 'DISABLED')}: the group starts empty and nobody would "
            "raise its desired capacity for `api`'s tasks. Create the provider with "
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}`.',
            f"용량 공급자 {provider['name']}의 관리형 스케일링이 "
            f"{scaling.get('status', 'DISABLED')}입니다: 그룹은 비어 있는 상태로 시작하고, "
            "`api`의 태스크를 위해 원하는 용량을 올려 줄 이가 없습니다. "
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}`으로 만드세요.',
        )
    group = _group_of(v, provider)
    if group is None:
        return T(
            f"The Auto Scaling group of {provider['name']} does not exist any more.",
            f"{provider['name']}의 Auto Scaling 그룹이 더 이상 없습니다.",
        )
    template = (group.get("LaunchTemplate") or {}).get("LaunchTemplateName")
    if template != "shop-ecs":
        return T(
            f"Group {group['AutoScalingGroupName']} launches from {template or 'no template'}; "
            "the plan's instances come from launch template `shop-ecs` (the ECS-optimized AMI, "
            "user data for 'shop' and the instance profile).",
            f"{group['AutoScalingGroupName']} 그룹의 시작 템플릿은 {template or '없음'}입니다. "
            "계획의 인스턴스는 시작 템플릿 `shop-ecs`(ECS 최적화 AMI, 'shop' 용 사용자 "
            "데이터, 인스턴스 프로파일)에서 나옵니다.",
        )
    if group["MaxSize"] != PLAN_MAX_INSTANCES:
        return T(
            f"Group {group['AutoScalingGroupName']} has MaxSize {group['MaxSize']}; the plan "
            f"caps the shop at {PLAN_MAX_INSTANCES} instances (room for `api` to grow, and a "
            "bill with a ceiling). Set MaxSize 3.",
            f"{group['AutoScalingGroupName']} 그룹의 MaxSize가 {group['MaxSize']}입니다. "
            f"계획은 인스턴스를 최대 {PLAN_MAX_INSTANCES}대로 정했습니다(`api`가 늘어날 자리와 "
            "상한이 있는 요금). MaxSize를 3으로 하세요.",
        )
    answer = v.capacity
    if not isinstance(answer, dict) or answer.get("clusterName") != CLUSTER:
        return T(
            "The capacity is right; keep cluster 'shop' as DescribeClusters shows it in "
            "`capacity`.",
            "용량은 맞습니다. DescribeClusters가 보여 주는 'shop' 클러스터를 `capacity`에 "
            "담으세요.",
        )
    if sorted(answer.get("capacityProviders") or []) != sorted(attached):
        return T(
            f"`capacity` lists the providers {answer.get('capacityProviders')}, but the cluster "
            f"has {attached} now: describe the cluster again after PutClusterCapacityProviders.",
            f"`capacity`의 공급자는 {answer.get('capacityProviders')}인데 클러스터에는 지금 "
            f"{attached} 공급자가 있습니다. PutClusterCapacityProviders 다음에 다시 "
            "describe 하세요.",
        )
    return None


_CAPACITY = """\
autoscaling.create_auto_scaling_group(
    AutoScalingGroupName="shop-asg",
    LaunchTemplate={"LaunchTemplateName": "shop-ecs", "Version": "$Latest"},
    MinSize=0,
    MaxSize=3,
    DesiredCapacity=0,
    AvailabilityZones=["us-east-1a", "us-east-1b"],
    NewInstancesProtectedFromScaleIn=True,
)
shop_asg = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["shop-asg"])[
    "AutoScalingGroups"
][0]
ecs.create_capacity_provider(
    name="shop-ec2",
    autoScalingGroupProvider={
        "autoScalingGroupArn": shop_asg["AutoScalingGroupARN"],
        "managedScaling": {"status": "%(scaling)s", "targetCapacity": 100},
        "managedTerminationProtection": "%(scaling)s",
    },
)
ecs.put_cluster_capacity_providers(
    cluster="shop",
    capacityProviders=[%(providers)s],
    defaultCapacityProviderStrategy=[{"capacityProvider": "shop-ec2", "weight": 1}],
)
"""
_READ_CAPACITY = 'capacity = ecs.describe_clusters(clusters=["shop"])["clusters"][0]\n'

ex1 = Exercise(
    name="ex1",
    title=T("Capacity: Fargate and an Auto Scaling group", "용량: Fargate와 Auto Scaling 그룹"),
    reads=("capacity",),
    uses=("sim", "ecs", "autoscaling"),
    starter="capacity = ____\n",
    solution_code=_CAPACITY % {"scaling": "ENABLED", "providers": '"FARGATE", "shop-ec2"'}
    + _READ_CAPACITY
    + 'capacity["capacityProviders"]',
    wrong=(
        # first: a world that is right (the "wrong" notebook chains every first wrong answer)
        Wrong(
            # read before PutClusterCapacityProviders: `capacity` keeps the list from before
            _READ_CAPACITY
            + _CAPACITY % {"scaling": "ENABLED", "providers": '"FARGATE", "shop-ec2"'},
            T("describe the cluster again", "다시 describe 하세요"),
        ),
        Wrong(
            _CAPACITY % {"scaling": "ENABLED", "providers": '"shop-ec2"'} + _READ_CAPACITY,
            T("FARGATE is gone", "FARGATE가 빠졌습니다"),
        ),
        Wrong(
            _CAPACITY % {"scaling": "DISABLED", "providers": '"FARGATE", "shop-ec2"'}
            + _READ_CAPACITY,
            T("managed scaling DISABLED", "관리형 스케일링이 DISABLED"),
        ),
    ),
    hints=(
        T(
            "Lesson 13 did the same for cluster `shop`: CreateAutoScalingGroup (from launch "
            "template `shop-ecs`, MinSize 0, MaxSize 3, DesiredCapacity 0), "
            "CreateCapacityProvider with managed scaling, then PutClusterCapacityProviders.",
            "레슨 13이 `shop` 클러스터에 같은 일을 했습니다: CreateAutoScalingGroup(시작 템플릿 "
            "`shop-ecs`, MinSize 0, MaxSize 3, DesiredCapacity 0), 관리형 스케일링을 켠 "
            "CreateCapacityProvider, 그다음 PutClusterCapacityProviders.",
        ),
        T(
            "PutClusterCapacityProviders replaces the list: pass "
            '`capacityProviders=["FARGATE", "shop-ec2"]`, and '
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}` on the provider.',
            "PutClusterCapacityProviders는 목록을 바꿉니다: "
            '`capacityProviders=["FARGATE", "shop-ec2"]`를 넘기고, 공급자에는 '
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}`을 주세요.',
        ),
    ),
    judge=_judge_capacity,
    explanation=T(
        "The cluster now has two kinds of capacity: FARGATE, where each task gets a machine of "
        "its own, and shop-ec2, whose group ECS grows from 0 when tasks wait for room. A "
        "service picks one with its capacity provider strategy.",
        "이제 클러스터에는 두 종류의 용량이 있습니다: 태스크마다 머신이 따로 주어지는 "
        "FARGATE, 그리고 자리를 기다리는 태스크가 있으면 ECS가 0대에서부터 그룹을 늘리는 "
        "shop-ec2. 서비스는 용량 공급자 전략으로 둘 중 하나를 고릅니다.",
    ),
)


# -- ex2: the two services ---------------------------------------------------------------------
def _judge_web(v: Values) -> T | None:
    ecs, elbv2 = v.ecs, v.sim.client("elbv2")
    web = _service(ecs, "web")
    if web is None:
        return T(
            "Cluster 'shop' has no ACTIVE service 'web' yet: create it on FARGATE with "
            "`loadBalancers=front.load_balancers()`, `networkConfiguration=network` and "
            '`deploymentConfiguration={"strategy": "BLUE_GREEN", ...}`.',
            "'shop' 클러스터에 ACTIVE 상태의 'web' 서비스가 아직 없습니다. FARGATE에 "
            "`loadBalancers=front.load_balancers()`, `networkConfiguration=network`, "
            '`deploymentConfiguration={"strategy": "BLUE_GREEN", ...}`으로 만드세요.',
        )
    strategy = (web.get("deploymentConfiguration") or {}).get("strategy", "ROLLING")
    advanced = [b for b in web.get("loadBalancers") or [] if b.get("advancedConfiguration")]
    if strategy != "BLUE_GREEN" or not advanced:
        return T(
            f"Service 'web' deploys with strategy {strategy}"
            + ("" if advanced else ", and its load balancer has no advancedConfiguration")
            + ". The plan's release is blue/green: create `web` with "
            '`deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 2}` and '
            "`loadBalancers=front.load_balancers()` (the green group and both rules).",
            f"'web' 서비스의 배포 전략이 {strategy}입니다"
            + ("" if advanced else ". 로드 밸런서에 advancedConfiguration도 없습니다")
            + ". 계획의 릴리스는 블루/그린입니다: "
            '`deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 2}`와 '
            "`loadBalancers=front.load_balancers()`(green 그룹과 두 규칙)로 `web`을 만드세요.",
        )
    running = [t for t in _tasks(ecs, CLUSTER, "web") if t["lastStatus"] == "RUNNING"]
    elsewhere = [t for t in running if t.get("launchType") != "FARGATE"]
    if elsewhere:
        where = elsewhere[0].get("capacityProviderName") or elsewhere[0].get("launchType")
        return T(
            f"{len(elsewhere)} of web's tasks run on {where}, not on Fargate. Without a launch "
            "type or strategy a service takes the cluster's default strategy (shop-ec2). Pass "
            '`capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}]`.',
            f"web의 태스크 {len(elsewhere)}개가 Fargate가 아니라 {where}에서 실행됩니다. "
            "launch type도 전략도 없으면 서비스는 클러스터의 기본 전략(shop-ec2)을 씁니다. "
            '`capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}]`을 '
            "넘기세요.",
        )
    # blue/green: after a release the tasks are in the other group, so count both
    groups = [
        advanced[0]["targetGroupArn"],
        advanced[0]["advancedConfiguration"].get("alternateTargetGroupArn"),
    ]
    healthy = [
        d
        for group in filter(None, groups)
        for d in elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
        if d["TargetHealth"]["State"] == "healthy"
    ]
    if len(healthy) < web["desiredCount"] or not running:
        return T(
            f"Service 'web' runs {len(running)} of {web['desiredCount']} task(s), and "
            f"{len(healthy)} target(s) of its target groups are healthy: run "
            "`sim.run_until_stable()`.",
            f"'web' 서비스가 태스크 {web['desiredCount']}개 중 {len(running)}개를 실행 중이고, "
            f"대상 그룹의 대상 중 {len(healthy)}개가 healthy입니다: "
            "`sim.run_until_stable()`을 실행하세요.",
        )
    return None


def _judge_services(v: Values) -> T | None:
    wrong_web = _judge_web(v)
    if wrong_web is not None:
        return wrong_web
    ecs = v.ecs
    api = _service(ecs, "api")
    if api is None:
        return T(
            "Cluster 'shop' has no ACTIVE service 'api' yet: create it with the strategy "
            '`[{"capacityProvider": "shop-ec2", "weight": 1}]`, '
            "`networkConfiguration=network` and "
            '`serviceRegistries=[{"registryArn": api_registry}]`.',
            "'shop' 클러스터에 ACTIVE 상태의 'api' 서비스가 아직 없습니다. 전략 "
            '`[{"capacityProvider": "shop-ec2", "weight": 1}]`, '
            "`networkConfiguration=network`, "
            '`serviceRegistries=[{"registryArn": api_registry}]`로 만드세요.',
        )
    running = [t for t in _tasks(ecs, CLUSTER, "api") if t["lastStatus"] == "RUNNING"]
    on = Counter(t.get("capacityProviderName") or t.get("launchType") for t in running)
    if set(on) - {"shop-ec2"}:
        return T(
            f"api's tasks run on {dict(on)}; the plan puts `api` on the Auto Scaling group's "
            'instances: `capacityProviderStrategy=[{"capacityProvider": "shop-ec2", '
            '"weight": 1}]`.',
            f"api의 태스크가 {dict(on)}에서 실행됩니다. 계획은 `api`를 Auto Scaling 그룹의 "
            '인스턴스에 둡니다: `capacityProviderStrategy=[{"capacityProvider": "shop-ec2", '
            '"weight": 1}]`.',
        )
    if len(running) != API_TASKS or api["desiredCount"] != API_TASKS:
        return T(
            f"Service 'api' runs {len(running)} of {api['desiredCount']} task(s); the plan "
            f"has {API_TASKS}. The group's instances take a few minutes to boot: run "
            "`sim.run_until_stable()`.",
            f"'api' 서비스가 태스크 {api['desiredCount']}개 중 {len(running)}개를 실행 "
            f"중입니다. 계획은 {API_TASKS}개입니다. 그룹의 인스턴스가 부팅하는 데 몇 분이 "
            "걸립니다: `sim.run_until_stable()`을 실행하세요.",
        )
    servicediscovery = v.sim.client("servicediscovery")
    instances = servicediscovery.discover_instances(NamespaceName=NAMESPACE, ServiceName="api")[
        "Instances"
    ]
    if not api.get("serviceRegistries"):
        return T(
            f"Service 'api' runs, but nobody can find it by name: Cloud Map's service api in "
            f"{NAMESPACE} has {len(instances)} instance(s), because the ECS service has no "
            "serviceRegistries. Create it with "
            '`serviceRegistries=[{"registryArn": api_registry}]`, and ECS registers each task '
            "as it starts.",
            f"'api' 서비스는 실행되지만 아무도 이름으로 찾을 수 없습니다: {NAMESPACE}의 Cloud "
            f"Map 서비스 api에 인스턴스가 {len(instances)}개입니다. ECS 서비스에 "
            "serviceRegistries가 없기 때문입니다. "
            '`serviceRegistries=[{"registryArn": api_registry}]`로 만들면 ECS가 태스크가 '
            "시작될 때마다 등록합니다.",
        )
    addresses = sorted(filter(None, (_address(t) for t in running)))
    found = sorted(i["Attributes"].get("AWS_INSTANCE_IPV4", "") for i in instances)
    if found != addresses:
        return T(
            f"Cloud Map answers {found} for api, but its tasks run at {addresses}: run the "
            "clock until the service is stable.",
            f"Cloud Map이 api에 대해 답하는 주소는 {found}, 태스크의 주소는 {addresses}입니다: "
            "서비스가 안정될 때까지 시계를 돌리세요.",
        )
    answer = v.api_found
    if not isinstance(answer, list) or sorted(
        i.get("Attributes", {}).get("AWS_INSTANCE_IPV4", "") for i in answer if isinstance(i, dict)
    ) != sorted(found):
        return T(
            "Both services run. Keep what DiscoverInstances answers for api (its "
            f'`["Instances"]`, namespace {NAMESPACE}) in `api_found`, after the clock has run.',
            "두 서비스가 모두 실행됩니다. 시계를 돌린 다음 api에 대한 DiscoverInstances의 답"
            f'(`["Instances"]`, 네임스페이스 {NAMESPACE})을 `api_found`에 담으세요.',
        )
    return None


_SERVICES = """\
ecs.create_service(
    cluster="shop",
    serviceName="web",
    taskDefinition="web:1",
    desiredCount=2,
    capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
    networkConfiguration=network,
    loadBalancers=%(balancers)s,
    deploymentConfiguration=%(deployment)s,
)
ecs.create_service(
    cluster="shop",
    serviceName="api",
    taskDefinition="api",
    desiredCount=2,
    capacityProviderStrategy=[{"capacityProvider": "shop-ec2", "weight": 1}],
    networkConfiguration=network,%(registries)s
)
sim.run_until_stable()
api_found = servicediscovery.discover_instances(NamespaceName="shop.local", ServiceName="api")[
    "Instances"
]
"""
_BLUE_GREEN = '{"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 2}'
_REGISTRIES = '\n    serviceRegistries=[{"registryArn": api_registry}],'
_PLAIN_BALANCER = (
    '[{"targetGroupArn": front.groups["web-blue"], "containerName": "web", "containerPort": 80}]'
)

ex2 = Exercise(
    name="ex2",
    title=T(
        "web behind the load balancer, api found by name", "로드 밸런서 뒤의 web, 이름으로 찾는 api"
    ),
    reads=("api_found",),
    uses=(
        "sim",
        "ecs",
        "servicediscovery",
        "network",
        "front",
        "api_registry",
        "where_things_run",
    ),
    starter="api_found = ____\n",
    solution_code=_SERVICES
    % {
        "balancers": "front.load_balancers()",
        "deployment": _BLUE_GREEN,
        "registries": _REGISTRIES,
    }
    + 'where_things_run(ecs, "shop")\n'
    + '[i["Attributes"]["AWS_INSTANCE_IPV4"] for i in api_found]',
    wrong=(
        Wrong(
            _SERVICES
            % {"balancers": "front.load_balancers()", "deployment": _BLUE_GREEN, "registries": ""},
            T("no serviceRegistries", "serviceRegistries가 없기"),
        ),
        Wrong(
            _SERVICES
            % {"balancers": _PLAIN_BALANCER, "deployment": "{}", "registries": _REGISTRIES},
            T("strategy ROLLING", "배포 전략이 ROLLING"),
        ),
    ),
    hints=(
        T(
            "Two CreateService calls. `web`: task definition `web:1`, 2 tasks, FARGATE by "
            "strategy, `networkConfiguration=network`, `loadBalancers=front.load_balancers()`, "
            "strategy BLUE_GREEN. `api`: 2 tasks on `shop-ec2`, `networkConfiguration=network`, "
            "and its Cloud Map service in serviceRegistries. Then run the clock and ask Cloud "
            "Map.",
            "CreateService 두 번. `web`: 태스크 디피니션 `web:1`, 태스크 2개, 전략으로 FARGATE, "
            "`networkConfiguration=network`, `loadBalancers=front.load_balancers()`, 전략 "
            "BLUE_GREEN. `api`: `shop-ec2`에 태스크 2개, `networkConfiguration=network`, "
            "serviceRegistries에 Cloud Map 서비스. 그다음 시계를 돌리고 Cloud Map에 물어보세요.",
        ),
        T(
            '`deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 2}` for '
            'web; `serviceRegistries=[{"registryArn": api_registry}]` for api; then '
            '`servicediscovery.discover_instances(NamespaceName="shop.local", '
            'ServiceName="api")["Instances"]`.',
            'web에는 `deploymentConfiguration={"strategy": "BLUE_GREEN", '
            '"bakeTimeInMinutes": 2}`, api에는 `serviceRegistries=[{"registryArn": '
            "api_registry}]`, 그다음 `servicediscovery.discover_instances(NamespaceName="
            '"shop.local", ServiceName="api")["Instances"]`.',
        ),
    ),
    judge=_judge_services,
    explanation=T(
        "web's tasks get their own address on Fargate and ECS registers them in the blue "
        "target group (type ip); api's tasks wait until managed scaling has launched "
        "instances, and as each starts ECS registers its address in Cloud Map, so "
        "api.shop.local resolves to the tasks that run now.",
        "web의 태스크는 Fargate에서 자기 주소를 받고 ECS가 blue 대상 그룹(타입 ip)에 "
        "등록합니다. api의 태스크는 관리형 스케일링이 인스턴스를 띄울 때까지 기다리고, "
        "시작될 때마다 ECS가 주소를 Cloud Map에 등록하므로 api.shop.local은 지금 실행 중인 "
        "태스크로 풀립니다.",
    ),
)


# -- ex3: target tracking under load -------------------------------------------------------------
WEB_TARGET = {
    "ServiceNamespace": "ecs",
    "ResourceId": "service/shop/web",
    "ScalableDimension": "ecs:service:DesiredCount",
}


def _judge_scaling(v: Values) -> T | None:
    aas = v.sim.client("application-autoscaling")
    targets = aas.describe_scalable_targets(
        ServiceNamespace="ecs", ResourceIds=[WEB_TARGET["ResourceId"]]
    )["ScalableTargets"]
    if not targets:
        return T(
            "Service web is not a scalable target yet: "
            "`aas.register_scalable_target(**WEB, MinCapacity=2, MaxCapacity=6)`.",
            "web 서비스가 아직 스케일 대상(scalable target)이 아닙니다: "
            "`aas.register_scalable_target(**WEB, MinCapacity=2, MaxCapacity=6)`.",
        )
    target = targets[0]
    policies = aas.describe_scaling_policies(
        ServiceNamespace="ecs", ResourceId=WEB_TARGET["ResourceId"]
    )["ScalingPolicies"]
    tracking = [p for p in policies if p["PolicyType"] == "TargetTrackingScaling"]
    if not tracking:
        return T(
            "web has no target tracking policy: put one on ECSServiceAverageCPUUtilization "
            'with `aas.put_scaling_policy(..., PolicyType="TargetTrackingScaling", ...)`.',
            "web에 대상 추적 정책이 없습니다: ECSServiceAverageCPUUtilization에 "
            '`aas.put_scaling_policy(..., PolicyType="TargetTrackingScaling", ...)`으로 '
            "정책을 만드세요.",
        )
    config = tracking[0]["TargetTrackingScalingPolicyConfiguration"]
    metric = (config.get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType")
    if metric != "ECSServiceAverageCPUUtilization" or config["TargetValue"] != CPU_TARGET:
        return T(
            f"web's policy tracks {metric} at {config['TargetValue']}; the plan keeps web's "
            f"average CPU at {CPU_TARGET:.0f} %: ECSServiceAverageCPUUtilization, TargetValue "
            "50.",
            f"web의 정책이 {particle(str(metric), '을/를')} "
            f"{particle(config['TargetValue'], '(으)로')} 추적합니다. "
            "계획은 web의 평균 "
            f"CPU를 {CPU_TARGET:.0f} %로 유지합니다: ECSServiceAverageCPUUtilization, "
            "TargetValue 50.",
        )
    web = _service(v.ecs, "web")
    if web is None:
        return T(
            "Service web is gone: solve exercise 2 first.",
            "web 서비스가 없습니다: 먼저 연습 2를 푸세요.",
        )
    needed = math.ceil(WEB_TASKS * LOAD / CPU_TARGET)
    if target["MaxCapacity"] < needed:
        return T(
            f"web's MaxCapacity is {target['MaxCapacity']}. At {LOAD} % CPU on {WEB_TASKS} "
            f"tasks, {CPU_TARGET:.0f} % needs {WEB_TASKS} × {LOAD} / {CPU_TARGET:.0f} = "
            f"{WEB_TASKS * LOAD / CPU_TARGET:.1f}, so {needed} tasks, and Application Auto "
            f"Scaling never goes above MaxCapacity: web stays at "
            f"{WEB_TASKS * LOAD / target['MaxCapacity']:.0f} % CPU. Register it with "
            f"MaxCapacity {MAX_WEB}.",
            f"web의 MaxCapacity가 {target['MaxCapacity']}입니다. 태스크 {WEB_TASKS}개에 CPU "
            f"{LOAD} %이면, {CPU_TARGET:.0f} %에는 {WEB_TASKS} × {LOAD} / {CPU_TARGET:.0f} = "
            f"{WEB_TASKS * LOAD / CPU_TARGET:.1f}, 즉 태스크 {needed}개가 필요한데, Application "
            "Auto Scaling은 MaxCapacity를 넘지 않습니다: web은 CPU "
            f"{WEB_TASKS * LOAD / target['MaxCapacity']:.0f} %에 머뭅니다. MaxCapacity "
            f"{particle(MAX_WEB, '(으)로')} 등록하세요.",
        )
    if web["desiredCount"] < needed:
        return T(
            f"web still wants {web['desiredCount']} task(s); at {LOAD} % CPU it needs {needed}. "
            f'Put the load on (`sim.set_load("web", cluster="shop", cpu_percent={LOAD})`) '
            "and run the clock for 5 minutes (`sim.advance(300)`): the alarm wants 3 minutes "
            "above the target first.",
            f"web이 아직 태스크 {web['desiredCount']}개를 원합니다. CPU {LOAD} %에는 "
            f'{needed}개가 필요합니다. 부하를 주고(`sim.set_load("web", cluster="shop", '
            f"cpu_percent={LOAD})`) 시계를 5분 돌리세요(`sim.advance(300)`): 경보는 먼저 3분 "
            "동안 목표를 넘어야 합니다.",
        )
    if web["runningCount"] != web["desiredCount"]:
        return T(
            f"web wants {web['desiredCount']} tasks and runs {web['runningCount']}: run the "
            "clock a little more (`sim.run_until_stable()`).",
            f"web이 태스크 {web['desiredCount']}개를 원하고 {web['runningCount']}개를 실행 "
            "중입니다: 시계를 조금 더 돌리세요(`sim.run_until_stable()`).",
        )
    answer = v.web_service
    if not isinstance(answer, dict) or answer.get("serviceName") != "web":
        return T(
            "web scaled out; keep it, as DescribeServices shows it now, in `web_service`.",
            "web이 늘어났습니다. 지금 DescribeServices가 보여 주는 web을 `web_service`에 담으세요.",
        )
    if answer.get("desiredCount") != web["desiredCount"]:
        return T(
            f"`web_service` says desiredCount {answer.get('desiredCount')}, the service has "
            f"{web['desiredCount']} now: describe it again after the clock has run.",
            f"`web_service`의 desiredCount는 {answer.get('desiredCount')}인데 서비스는 지금 "
            f"{web['desiredCount']}입니다. 시계를 돌린 다음 다시 describe 하세요.",
        )
    return None


_SCALING = """\
aas.register_scalable_target(**WEB, MinCapacity=2, MaxCapacity=%(max)d)
aas.put_scaling_policy(
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
sim.set_load("web", cluster="shop", cpu_percent=90)
sim.advance(%(seconds)d)
sim.run_until_stable()
web_service = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
"""

ex3 = Exercise(
    name="ex3",
    title=T("Auto scaling that holds under load", "부하를 견디는 오토 스케일링"),
    reads=("web_service",),
    uses=("sim", "ecs", "aas", "WEB"),
    starter="web_service = ____\n",
    solution_code=_SCALING % {"max": 6, "seconds": 300}
    + 'web_service["desiredCount"], web_service["runningCount"]',
    wrong=(
        Wrong(_SCALING % {"max": 3, "seconds": 300}, T("MaxCapacity is 3", "MaxCapacity가 3")),
        Wrong(
            _SCALING % {"max": 6, "seconds": 60},
            T("run the clock for 5 minutes", "시계를 5분 돌리세요"),
        ),
    ),
    hints=(
        T(
            "Lesson 9: RegisterScalableTarget (MinCapacity 2, MaxCapacity 6), then "
            "PutScalingPolicy with TargetTrackingScaling on ECSServiceAverageCPUUtilization at "
            '50. Then `sim.set_load("web", cluster="shop", cpu_percent=90)` and run the clock.',
            "레슨 9: RegisterScalableTarget(MinCapacity 2, MaxCapacity 6), 그다음 "
            "ECSServiceAverageCPUUtilization 50의 TargetTrackingScaling으로 "
            'PutScalingPolicy. 그리고 `sim.set_load("web", cluster="shop", cpu_percent=90)`, '
            "시계를 돌리세요.",
        ),
        T(
            "90 % on 2 tasks is the work of 1.8 tasks at 100 %; at 50 % that needs 3.6, so 4 "
            "tasks. The scale-out alarm needs 3 minutes above the target: `sim.advance(300)`, "
            "then `sim.run_until_stable()` and describe web.",
            "태스크 2개에 90 %는 100 %로 일하는 태스크 1.8개의 일입니다. 50 %이면 3.6개, 즉 "
            "태스크 4개가 필요합니다. 확장 경보는 목표를 3분 동안 넘어야 합니다: "
            "`sim.advance(300)`, 그다음 `sim.run_until_stable()`을 실행하고 web을 describe "
            "하세요.",
        ),
    ),
    judge=_judge_scaling,
    explanation=T(
        "Target tracking computes the tasks that bring the average back to the target: "
        "2 × 90 / 50 = 3.6, rounded up to 4, within MaxCapacity. On Fargate the new tasks need "
        "no instance, so they run within a minute.",
        "대상 추적은 평균을 목표로 되돌릴 태스크 수를 계산합니다: 2 × 90 / 50 = 3.6, "
        "올림해서 4, MaxCapacity 안에서. Fargate에서는 새 태스크에 인스턴스가 필요 없으므로 "
        "1분 안에 실행됩니다.",
    ),
)


# -- ex4: a blue/green release ------------------------------------------------------------------
def _revision(ecs: Any, deployment: dict[str, Any]) -> str:
    arn = (deployment.get("targetServiceRevision") or {}).get("arn")
    if not arn:
        return "?"
    found = ecs.describe_service_revisions(serviceRevisionArns=[arn])["serviceRevisions"]
    return found[0]["taskDefinition"].rsplit("/", 1)[-1] if found else "?"


def _judge_release(v: Values) -> T | None:
    ecs = v.ecs
    if _service(ecs, "web") is None:
        return T(
            "Service web is gone: solve exercise 2 first.",
            "web 서비스가 없습니다: 먼저 연습 2를 푸세요.",
        )
    deployment = newest_deployment(ecs, CLUSTER, "web")
    revision = _revision(ecs, deployment) if deployment else "?"
    if deployment is None or revision != "web:2":
        return T(
            f"web's newest deployment runs {revision}: release web:2 with "
            '`ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")`.',
            f"web의 최신 배포는 {particle(revision, '을/를')} 실행합니다: "
            '`ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")`로 '
            "web:2를 릴리스하세요.",
        )
    status = deployment["status"]
    if status in ("PENDING", "IN_PROGRESS"):
        stage = deployment.get("lifecycleStage", "")
        return T(
            f"The release of web:2 is {status} (stage {stage}): green must start, take test "
            "traffic, take production traffic and bake before blue goes. Run "
            "`sim.run_until_stable()`, then read the deployment again.",
            f"web:2 릴리스가 {status}입니다(단계 {stage}): green이 시작되고, 테스트 트래픽과 "
            "프로덕션 트래픽을 받고, 베이크를 마쳐야 blue가 내려갑니다. "
            "`sim.run_until_stable()`을 실행한 다음 배포를 다시 읽으세요.",
        )
    if status != "SUCCESSFUL":
        reason = (deployment.get("rollback") or {}).get("reason", "")
        return T(
            f"The release of web:2 ended {status}. {reason}",
            f"web:2 릴리스가 {particle(status, '으로/로')} 끝났습니다. {reason}",
        )
    answer = v.release
    if (
        not isinstance(answer, dict)
        or answer.get("serviceDeploymentArn") != (deployment["serviceDeploymentArn"])
    ):
        return T(
            "web:2 is out. Keep its service deployment, as DescribeServiceDeployments shows it "
            '(`newest_deployment(ecs, "shop", "web")`), in `release`.',
            "web:2가 나갔습니다. DescribeServiceDeployments가 보여 주는 서비스 배포"
            '(`newest_deployment(ecs, "shop", "web")`)를 `release`에 담으세요.',
        )
    if answer.get("status") != "SUCCESSFUL":
        return T(
            f"`release` says {answer.get('status')}: you read it before the release was over. "
            "Read it again now.",
            f"`release`가 {answer.get('status')}입니다: 릴리스가 끝나기 전에 읽었습니다. "
            "지금 다시 읽으세요.",
        )
    return None


_RELEASE = """\
ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
%(clock)s
release = newest_deployment(ecs, "shop", "web")
"""

ex4 = Exercise(
    name="ex4",
    title=T("A blue/green release of web:2", "web:2의 블루/그린 릴리스"),
    reads=("release",),
    uses=("sim", "ecs", "front", "newest_deployment", "where_requests_go"),
    starter="release = ____\n",
    solution_code=_RELEASE % {"clock": "sim.run_until_stable()"}
    + 'release["status"], where_requests_go(sim, front)',
    wrong=(Wrong(_RELEASE % {"clock": "sim.advance(20)"}, T("IN_PROGRESS", "IN_PROGRESS")),),
    hints=(
        T(
            "web was created with strategy BLUE_GREEN, so a plain UpdateService with "
            '`taskDefinition="web:2"` starts the blue/green deployment. It takes a few '
            "simulated minutes (bake time included).",
            'web은 BLUE_GREEN 전략으로 만들었으므로, `taskDefinition="web:2"`로 '
            "UpdateService만 하면 블루/그린 배포가 시작됩니다. 시뮬레이션 시간으로 몇 분(베이크 "
            "시간 포함)이 걸립니다.",
        ),
        T(
            "UpdateService, then `sim.run_until_stable()`, then `release = newest_deployment(ecs, "
            '"shop", "web")`; its status is SUCCESSFUL when blue is gone.',
            "UpdateService, 그다음 `sim.run_until_stable()`, 그다음 `release = "
            'newest_deployment(ecs, "shop", "web")`. blue가 사라지면 status가 SUCCESSFUL입니다.',
        ),
    ),
    judge=_judge_release,
    explanation=T(
        "ECS started green (web:2) at full size in the other target group, let the test rule "
        "reach it, moved the production rule's weights to it at once, baked, then stopped "
        "blue. Auto scaling's count carried over: green started as many tasks as web wanted.",
        "ECS가 다른 대상 그룹에 green(web:2)을 전체 개수로 띄우고, 테스트 규칙이 닿게 한 뒤, "
        "프로덕션 규칙의 가중치를 한 번에 옮기고, 베이크한 다음 blue를 멈췄습니다. 오토 "
        "스케일링이 정한 개수도 이어집니다: green은 web이 원하던 만큼 태스크를 띄웠습니다.",
    ),
)


def where_requests_go(sim: Any, front: BlueGreenFront, n: int = 10) -> dict[str, dict[str, int]]:
    """Send `n` user requests and `n` test requests (header X-Test: 1); return which target
    group answered them."""
    return {kind: dict(found) for kind, found in requests_by_group(sim, front, n).items()}


# -- ex5: the fault -------------------------------------------------------------------------------
def _judge_diagnosis(v: Values) -> T | None:
    ecs = v.ecs
    stopped = stopped_tasks(ecs, CLUSTER, "checkout")
    reasons = {t.get("stoppedReason") for t in stopped}
    codes = {t.get("stopCode") for t in stopped}
    reason = v.reason
    if not isinstance(reason, str):
        return T(
            "`reason` should be a text: the stoppedReason of a stopped checkout task.",
            "`reason`은 텍스트여야 합니다: 멈춘 checkout 태스크의 stoppedReason.",
        )
    if reason not in reasons:
        if reason in codes:
            return T(
                f"{reason} is the task's stopCode, a category. The exercise asks for its "
                "stoppedReason, the sentence ECS wrote: `why_stopped(task)` prints both.",
                f"{particle(reason, '은/는')} 태스크의 stopCode, 즉 분류입니다. 연습은 ECS가 쓴 "
                "문장인 "
                "stoppedReason을 묻습니다: `why_stopped(task)`가 둘 다 보여 줍니다.",
            )
        if "(service checkout)" in reason:
            return T(
                "That is a service event: it says tasks were started, not why they stopped. "
                'Read a stopped task (`stopped_tasks(ecs, "shop", "checkout")`) and take '
                "its stoppedReason.",
                "그것은 서비스 이벤트입니다: 태스크를 시작했다는 말이지, 왜 멈췄는지가 "
                '아닙니다. 멈춘 태스크(`stopped_tasks(ecs, "shop", "checkout")`)를 읽고 '
                "stoppedReason을 가져오세요.",
            )
        return T(
            f"No stopped checkout task says {reason!r}; they say {sorted(map(str, reasons))}. "
            "Copy the stoppedReason exactly as DescribeTasks gives it.",
            f"{reason!r}라고 말하는 멈춘 checkout 태스크는 없습니다. 태스크들은 "
            f"{sorted(map(str, reasons))}라고 말합니다. DescribeTasks가 준 stoppedReason을 그대로 "
            "옮기세요.",
        )
    url = v.api_url
    parts = urlsplit(url) if isinstance(url, str) and "://" in url else None
    try:
        host, port = (parts.hostname, parts.port) if parts else (None, None)
    except ValueError:
        host, port = None, None
    wanted = f"api.{NAMESPACE}"
    if host == "api.shop":
        return T(
            "http://api.shop:8080 is what checkout has now, and its log says "
            "`getaddrinfo ENOTFOUND api.shop`: no such name exists. Which namespace did ECS "
            "register api's tasks in?",
            "http://api.shop:8080은 checkout 태스크가 지금 가진 값이고, 로그가 "
            "`getaddrinfo ENOTFOUND api.shop`이라고 말합니다: 그런 이름은 없습니다. ECS가 api의 "
            "태스크를 어느 네임스페이스에 등록했나요?",
        )
    if host == "api":
        return T(
            "A short name such as `api` works only through Service Connect's proxy, and no "
            "service here has Service Connect. serviceRegistries put api's tasks in Cloud Map's "
            f"DNS, as `api.{NAMESPACE}`.",
            "`api` 같은 짧은 이름은 Service Connect의 프록시를 통해서만 동작하는데, 여기에는 "
            "Service Connect를 켠 서비스가 없습니다. serviceRegistries는 api의 태스크를 Cloud "
            f"Map의 DNS에 {particle(f'`api.{NAMESPACE}`', '(으)로')} 넣습니다.",
        )
    if host != wanted or port != API_PORT:
        return T(
            f"`api_url` is {url!r}: host {host}, port {port}. The api tasks are registered as "
            f"the service `api` of namespace {NAMESPACE}, and listen on {API_PORT}.",
            f"`api_url`이 {url!r}입니다: 호스트 {host}, 포트 {port}. api 태스크는 네임스페이스 "
            f"{NAMESPACE}의 서비스 `api`로 등록되고 {API_PORT}에서 듣습니다.",
        )
    return None


_DIAGNOSIS = """\
task = stopped_tasks(ecs, "shop", "checkout")[0]
why_stopped(task)
task_log(logs, task, "checkout")
reason = task["%(field)s"]
api_url = "%(url)s"
"""

ex5 = Exercise(
    name="ex5",
    title=T("Why checkout keeps stopping", "checkout 서비스가 계속 멈추는 이유"),
    reads=("reason", "api_url"),
    uses=("sim", "ecs", "logs", "stopped_tasks", "why_stopped", "task_log"),
    starter="reason = ____\napi_url = ____\n",
    solution_code=_DIAGNOSIS % {"field": "stoppedReason", "url": "http://api.shop.local:8080"}
    + "reason, api_url",
    wrong=(
        Wrong(
            _DIAGNOSIS % {"field": "stopCode", "url": "http://api.shop.local:8080"},
            T("stopCode", "stopCode"),
        ),
        Wrong(
            _DIAGNOSIS % {"field": "stoppedReason", "url": "http://api:8080"},
            T("Service Connect", "Service Connect"),
        ),
    ),
    hints=(
        T(
            "Lesson 14's order: the service events, then a stopped task (`stopped_tasks`, "
            '`why_stopped`), then its log (`task_log(logs, task, "checkout")`). The log names '
            "a host; compare it with the namespace api is registered in.",
            "레슨 14의 순서: 서비스 이벤트, 멈춘 태스크(`stopped_tasks`, `why_stopped`), 그다음 "
            '로그(`task_log(logs, task, "checkout")`). 로그가 호스트 이름을 말합니다. api가 '
            "등록된 네임스페이스와 비교해 보세요.",
        ),
        T(
            '`reason = task["stoppedReason"]` (the sentence, not the stopCode); the host '
            "checkout looks for is `api.shop`, but Cloud Map's name is `api.shop.local`, port "
            "8080.",
            '`reason = task["stoppedReason"]`(stopCode가 아니라 문장). checkout 서비스가 찾는 '
            "호스트는 "
            "`api.shop`이지만 Cloud Map의 이름은 `api.shop.local`, 포트 8080입니다.",
        ),
    ),
    judge=_judge_diagnosis,
    explanation=T(
        "checkout started, could not resolve the host in its API_URL, and exited with code 1; "
        "ECS stopped the task (EssentialContainerExited) and the service started another. The "
        "fix is a new revision with API_URL=http://api.shop.local:8080, the name ECS keeps up "
        "to date in Cloud Map.",
        "checkout 태스크는 시작한 뒤 API_URL의 호스트를 찾지 못하고 코드 1로 종료했습니다. ECS가 "
        "태스크를 멈추고(EssentialContainerExited) 서비스가 다른 태스크를 시작했습니다. "
        "해결책은 API_URL=http://api.shop.local:8080, 즉 ECS가 Cloud Map에서 최신으로 유지하는 "
        "이름을 담은 새 리비전입니다.",
    ),
)


# -- quizzes ----------------------------------------------------------------------------------
q1 = Quiz(
    name="q1",
    title=T("Finding api by name", "이름으로 api 찾기"),
    question=T(
        "`api` has no load balancer. How does a program in another task reach it?",
        "`api`에는 로드 밸런서가 없습니다. 다른 태스크의 프로그램은 어떻게 api에 닿을까요?",
    ),
    choices=(
        Choice(
            T(
                "By the DNS name api.shop.local, which ECS keeps pointing at api's running tasks",
                "ECS가 api의 실행 중인 태스크를 가리키도록 유지하는 DNS 이름 api.shop.local로",
            ),
            T(
                "Right: with serviceRegistries ECS registers each task's address in Cloud Map "
                "when it starts and removes it when it stops; the namespace's DNS answers with "
                "the tasks that run now.",
                "맞습니다. serviceRegistries가 있으면 ECS가 태스크가 시작될 때 주소를 Cloud "
                "Map에 등록하고 멈출 때 지웁니다. 네임스페이스의 DNS는 지금 실행 중인 태스크로 "
                "답합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "By the private IP addresses of api's tasks, written in its configuration",
                "설정에 적어 둔 api 태스크의 프라이빗 IP 주소로",
            ),
            T(
                "Each new task gets a new address (a deployment, a scale-out, a replacement), "
                "so a written address goes stale; a name that ECS keeps up to date does not.",
                "새 태스크는 새 주소를 받으므로(배포, 확장, 교체) 적어 둔 주소는 곧 낡습니다. "
                "ECS가 최신으로 유지하는 이름은 그렇지 않습니다.",
            ),
        ),
        Choice(
            T(
                "ECS sets an environment variable API_URL in every task of the cluster",
                "ECS가 클러스터의 모든 태스크에 환경 변수 API_URL을 넣어 준다",
            ),
            T(
                "ECS sets no such variable: the task definition's `environment` holds what you "
                "write there, which is how checkout got a wrong API_URL.",
                "ECS는 그런 변수를 넣지 않습니다: 태스크 디피니션의 `environment`에는 여러분이 "
                "적은 것만 있고, 그래서 checkout 서비스가 잘못된 API_URL을 갖게 되었습니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Test traffic in a blue/green release", "블루/그린 릴리스의 테스트 트래픽"),
    question=T(
        "web:2 (green) runs and test traffic has shifted, but production traffic has not yet. "
        "Which requests reach green?",
        "web:2(green)가 실행 중이고 테스트 트래픽은 옮겨졌지만 프로덕션 트래픽은 아직입니다. "
        "어떤 요청이 green에 닿을까요?",
    ),
    choices=(
        Choice(
            T(
                "None: green gets requests only after the production shift",
                "없다: green은 프로덕션 전환 뒤에야 요청을 받는다",
            ),
            T(
                "The test listener rule already forwards to green: testers can try it before "
                "any user does.",
                "테스트 리스너 규칙은 이미 green으로 보냅니다: 사용자보다 먼저 테스터가 "
                "시험해 볼 수 있습니다.",
            ),
        ),
        Choice(
            T(
                "Only the requests the test rule matches (here, with the header X-Test: 1)",
                "테스트 규칙에 맞는 요청만(여기서는 헤더 X-Test: 1이 있는 요청)",
            ),
            T(
                "Right: the test rule's weights move first; users, matched by the production "
                "rule, stay on blue until the production shift.",
                "맞습니다. 테스트 규칙의 가중치가 먼저 옮겨지고, 프로덕션 규칙에 맞는 사용자는 "
                "프로덕션 전환까지 blue에 남습니다.",
            ),
            correct=True,
        ),
        Choice(
            T("A small share of users, like a canary", "카나리처럼 사용자의 작은 몫"),
            T(
                "That is the CANARY strategy. BLUE_GREEN moves all production traffic at once, "
                "after the test traffic.",
                "그것은 CANARY 전략입니다. BLUE_GREEN은 테스트 트래픽 다음에 프로덕션 트래픽을 "
                "한 번에 모두 옮깁니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Load on Fargate and on EC2", "Fargate와 EC2의 부하"),
    question=T(
        "Target tracking raises web's desired count from 2 to 4. What has to happen before "
        "the two new tasks run?",
        "대상 추적이 web의 원하는 수를 2에서 4로 올립니다. 새 태스크 두 개가 실행되기 전에 "
        "무엇이 일어나야 할까요?",
    ),
    choices=(
        Choice(
            T(
                "Managed scaling must first launch instances in shop-asg",
                "관리형 스케일링이 먼저 shop-asg에 인스턴스를 띄워야 한다",
            ),
            T(
                "Only for tasks on shop-ec2. web runs on FARGATE, where each task gets its own "
                "machine: no instance to wait for.",
                "shop-ec2의 태스크만 그렇습니다. web은 FARGATE에서 실행되고, 태스크마다 머신이 "
                "따로 주어지므로 기다릴 인스턴스가 없습니다.",
            ),
        ),
        Choice(
            T(
                "Nothing more than Fargate starting them: no instance is needed",
                "Fargate가 태스크를 시작하는 것뿐: 인스턴스는 필요 없다",
            ),
            T(
                "Right: on Fargate a task is provisioned, pulls its image and runs; it joins "
                "the target group as soon as its health checks pass.",
                "맞습니다. Fargate에서 태스크는 프로비저닝되고, 이미지를 받고, 실행됩니다. "
                "헬스 체크를 통과하면 바로 대상 그룹에 들어갑니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "A new blue/green deployment must finish",
                "새 블루/그린 배포가 끝나야 한다",
            ),
            T(
                "A change of desiredCount is not a deployment: the running revision just gets "
                "more tasks. Only a new revision (or configuration) starts a deployment.",
                "desiredCount를 바꾸는 것은 배포가 아닙니다: 실행 중인 리비전에 태스크가 "
                "늘어날 뿐입니다. 새 리비전(또는 설정)만 배포를 시작합니다.",
            ),
        ),
    ),
)
