"""Lesson 13 · Fargate and capacity providers: give a cluster EC2 capacity that an Auto Scaling
group brings through a capacity provider, register a task definition Fargate accepts, and split a
service between FARGATE and FARGATE_SPOT with a capacity provider strategy."""

from __future__ import annotations

import base64
from collections import Counter
from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.model.units import FARGATE_SIZES
from ecslearn.words import particle

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("orders", "fleet", "web-fargate")

ORDERS = "orders"  # the cluster, task definition and service of exercise 1
ORDERS_TASKS = 3
FLEET = "fleet"  # the Fargate cluster of exercise 3
REPORTS_TASKS = 7
WANTED_SPLIT = {"FARGATE": 3, "FARGATE_SPOT": 4}


# -- helpers the narrative uses too ------------------------------------------------------------
def ecs_user_data(cluster: str) -> str:
    """The user data of an ECS container instance, base64-encoded as a launch template wants it:
    a shell script that names the cluster in the agent's /etc/ecs/ecs.config."""
    script = f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"
    return base64.b64encode(script.encode()).decode()


def _tasks(ecs: Any, cluster: str, service: str | None = None) -> list[dict[str, Any]]:
    ask: dict[str, Any] = {"cluster": cluster}
    if service:
        ask["serviceName"] = service
    arns = ecs.list_tasks(**ask)["taskArns"]
    return ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []


def watch(sim: Any, ecs: Any, autoscaling: Any, cluster: str, group: str) -> None:
    """One line: the time, the Auto Scaling group's desired capacity and instances, the cluster's
    container instances and its tasks' statuses."""
    found = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[group])
    asg = found["AutoScalingGroups"][0]
    states = Counter(i["LifecycleState"] for i in asg["Instances"])
    joined = len(ecs.list_container_instances(cluster=cluster)["containerInstanceArns"])
    tasks = Counter(t["lastStatus"] for t in _tasks(ecs, cluster))
    print(
        f"t={sim.now:5.0f}s  group: desired {asg['DesiredCapacity']}, "
        f"instances {dict(states) or 0}  ·  container instances {joined}  ·  "
        f"tasks {dict(tasks) or 0}"
    )


def fargate_tasks(ecs: Any, cluster: str, service: str) -> None:
    """A table of a service's tasks: where each runs, on what, and with which address."""
    print(f"{'task':10} {'status':9} {'launch':7} {'provider':13} {'zone':11} {'ENI':22} IP")
    for task in sorted(_tasks(ecs, cluster, service), key=lambda t: t["taskArn"]):
        eni = next(
            (a for a in task.get("attachments", []) if a["type"] == "ElasticNetworkInterface"), None
        )
        details = {d["name"]: d["value"] for d in (eni or {}).get("details", [])}
        print(
            f"{task['taskArn'][-8:]:10} {task['lastStatus']:9} {task.get('launchType', '-'):7} "
            f"{task.get('capacityProviderName', '-'):13} {task.get('availabilityZone', '-'):11} "
            f"{details.get('networkInterfaceId', '-'):22} {details.get('privateIPv4Address', '-')}"
        )


def tasks_by_provider(ecs: Any, cluster: str, service: str) -> dict[str, int]:
    """How many RUNNING tasks of `service` each capacity provider has."""
    running = [t for t in _tasks(ecs, cluster, service) if t["lastStatus"] == "RUNNING"]
    return dict(sorted(Counter(t.get("capacityProviderName", "-") for t in running).items()))


def _service(ecs: Any, cluster: str, name: str) -> dict[str, Any] | None:
    """The service as DescribeServices shows it, or None if it is not ACTIVE there."""
    try:
        found = ecs.describe_services(cluster=cluster, services=[name])["services"]
    except Exception:  # the cluster itself may be gone
        return None
    return found[0] if found and found[0]["status"] == "ACTIVE" else None


# -- ex1: EC2 capacity from an Auto Scaling group -----------------------------------------------
def _group_of(v: Values, provider: dict[str, Any]) -> dict[str, Any] | None:
    arn = provider["autoScalingGroupProvider"]["autoScalingGroupArn"]
    name = arn.rsplit("autoScalingGroupName/", 1)[-1]
    autoscaling = v.sim.client("autoscaling")
    groups = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    return (groups["AutoScalingGroups"] or [None])[0]


def _registered_memory(ecs: Any) -> int | None:
    arns = ecs.list_container_instances(cluster=ORDERS)["containerInstanceArns"]
    if not arns:
        return None
    found = ecs.describe_container_instances(cluster=ORDERS, containerInstances=arns[:1])
    resources = found["containerInstances"][0]["registeredResources"]
    return next((r["integerValue"] for r in resources if r["name"] == "MEMORY"), None)


def _judge_orders(v: Values) -> T | None:
    ecs = v.ecs
    service = _service(ecs, ORDERS, ORDERS)
    if service is None:
        return T(
            "Cluster 'orders' has no ACTIVE service 'orders' yet. Once the capacity provider is "
            'the cluster\'s default, create it: `ecs.create_service(cluster="orders", '
            'serviceName="orders", taskDefinition="orders", desiredCount=3)`.',
            "'orders' 클러스터에 ACTIVE 상태의 'orders' 서비스가 아직 없습니다. 용량 공급자를 "
            '클러스터 기본값으로 정한 다음 만드세요: `ecs.create_service(cluster="orders", '
            'serviceName="orders", taskDefinition="orders", desiredCount=3)`.',
        )
    strategy = service.get("capacityProviderStrategy") or []
    if not strategy:
        launch = service.get("launchType", "EC2")
        return T(
            f"Service 'orders' has launchType {launch} and no capacityProviderStrategy, so no "
            "capacity provider works for it: its tasks wait for instances nobody launches. "
            "Make the provider the cluster's default (`ecs.put_cluster_capacity_providers(..., "
            "defaultCapacityProviderStrategy=[...])`) and create the service without a "
            "launchType.",
            f"'orders' 서비스는 launchType가 {launch} 이고 capacityProviderStrategy가 없어서, "
            "어떤 용량 공급자도 이 서비스를 위해 일하지 않습니다: 태스크가 아무도 띄우지 않는 "
            "인스턴스를 기다립니다. 공급자를 클러스터 기본값으로 정하고 "
            "(`ecs.put_cluster_capacity_providers(..., defaultCapacityProviderStrategy=[...])`), "
            "launchType 없이 서비스를 만드세요.",
        )
    names = [item["capacityProvider"] for item in strategy]
    providers = ecs.describe_capacity_providers(capacityProviders=names)["capacityProviders"]
    groups = [p for p in providers if p.get("autoScalingGroupProvider")]
    if not groups:
        return T(
            f"Service 'orders' uses {', '.join(names)}, which is not a capacity provider of an "
            "Auto Scaling group. Create one with `ecs.create_capacity_provider(name=..., "
            "autoScalingGroupProvider={...})`.",
            f"'orders' 서비스가 {particle(', '.join(names), '을/를')} 쓰는데, 이것은 Auto Scaling "
            "그룹의 용량 공급자가 아닙니다. `ecs.create_capacity_provider(name=..., "
            "autoScalingGroupProvider={...})`로 만드세요.",
        )
    provider = groups[0]
    scaling = provider["autoScalingGroupProvider"].get("managedScaling") or {}
    if scaling.get("status") != "ENABLED":
        return T(
            f"Capacity provider {provider['name']} has managed scaling "
            f"{scaling.get('status', 'DISABLED')}: nobody changes the group's desired capacity "
            "for the waiting tasks. Pass "
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}`.',
            f"용량 공급자 {provider['name']} 의 관리형 스케일링이 "
            f"{scaling.get('status', 'DISABLED')} 입니다: 기다리는 태스크를 위해 그룹의 원하는 "
            "용량을 바꾸는 이가 없습니다. "
            '`"managedScaling": {"status": "ENABLED", "targetCapacity": 100}`을 넘기세요.',
        )
    group = _group_of(v, provider)
    if group is None:
        return T(
            f"The Auto Scaling group of {provider['name']} does not exist any more.",
            f"{provider['name']} 의 Auto Scaling 그룹이 더 이상 없습니다.",
        )
    name = group["AutoScalingGroupName"]
    in_service = [i["InstanceId"] for i in group["Instances"]]
    joined = ecs.list_container_instances(cluster=ORDERS)["containerInstanceArns"]
    if in_service and not joined:
        log = v.sim.agent_log(in_service[0])
        said = next((line for line in reversed(log) if "level=error" in line), "")
        if "Credential" in said:
            return T(
                f"Group {name} launched {len(in_service)} instance(s), but none registered in "
                f"'orders'. The agent on {in_service[0]} says: {said} The instances have no "
                "**instance profile**, so the agent has no credentials to call ECS. Put "
                '`"IamInstanceProfile": {"Name": "ecsInstanceRole"}` in the launch template, and '
                "give the instances already running one with "
                "`ec2.associate_iam_instance_profile(...)`.",
                f"{name} 그룹이 인스턴스 {len(in_service)}대를 띄웠지만 'orders'에 등록된 것이 "
                f"없습니다. {in_service[0]} 의 에이전트 로그: {said} 인스턴스에 **인스턴스 "
                "프로파일**이 없어서 에이전트가 ECS를 호출할 자격 증명이 없습니다. 시작 템플릿에 "
                '`"IamInstanceProfile": {"Name": "ecsInstanceRole"}`을 넣고, 이미 실행 중인 '
                "인스턴스에는 `ec2.associate_iam_instance_profile(...)`로 붙이세요.",
            )
        return T(
            f"Group {name} launched {len(in_service)} instance(s), but none registered in "
            f"'orders'. Read why with `sim.agent_log(\"{in_service[0]}\")`: the user data must "
            'name the cluster (`ecs_user_data("orders")`).',
            f"{name} 그룹이 인스턴스 {len(in_service)}대를 띄웠지만 'orders'에 등록된 것이 "
            f'없습니다. `sim.agent_log("{in_service[0]}")`으로 이유를 읽으세요: 사용자 데이터가 '
            '클러스터 이름을 적어야 합니다 (`ecs_user_data("orders")`).',
        )
    waiting = [t for t in _tasks(ecs, ORDERS, ORDERS) if t["lastStatus"] == "PROVISIONING"]
    if waiting and group["DesiredCapacity"] >= group["MaxSize"]:
        memory = _registered_memory(ecs)
        fits = (
            f"Each instance registers {memory} MiB of memory, so one 1024 MiB task fits on it"
            if memory
            else "One 1024 MiB task fits on each t3.small"
        )
        fits_ko = (
            f"인스턴스마다 메모리 {memory} MiB를 등록하므로 1024 MiB 태스크는 하나만 들어갑니다"
            if memory
            else "t3.small 하나에 1024 MiB 태스크는 하나만 들어갑니다"
        )
        return T(
            f"{len(waiting)} task(s) still wait in PROVISIONING, and group {name} is at its "
            f"MaxSize {group['MaxSize']}: managed scaling never goes above it. {fits}; "
            f"{ORDERS_TASKS} tasks need {ORDERS_TASKS} instances. Raise MaxSize: "
            f'`autoscaling.update_auto_scaling_group(AutoScalingGroupName="{name}", '
            f"MaxSize={ORDERS_TASKS})`, then run the clock.",
            f"태스크 {len(waiting)}개가 아직 PROVISIONING에서 기다리고, {name} 그룹은 MaxSize "
            f"{group['MaxSize']} 에 닿았습니다: 관리형 스케일링은 이 값을 넘지 않습니다. "
            f"{fits_ko}. 태스크 {ORDERS_TASKS}개에는 인스턴스 {ORDERS_TASKS}대가 필요합니다. "
            "MaxSize를 올리세요: "
            f'`autoscaling.update_auto_scaling_group(AutoScalingGroupName="{name}", '
            f"MaxSize={ORDERS_TASKS})`, 그다음 시계를 돌리세요.",
        )
    if service["runningCount"] != ORDERS_TASKS:
        return T(
            f"Service 'orders' runs {service['runningCount']} of {service['desiredCount']} "
            "task(s). Managed scaling acts once a minute and instances take a while to boot: "
            "run `sim.run_until_stable()`.",
            f"'orders' 서비스가 태스크 {service['desiredCount']}개 중 "
            f"{service['runningCount']}개를 실행 중입니다. 관리형 스케일링은 1분마다 움직이고 "
            "인스턴스는 부팅에 시간이 걸립니다: "
            "`sim.run_until_stable()`을 실행하세요.",
        )
    answer = v.orders_service
    if not isinstance(answer, dict) or answer.get("serviceName") != ORDERS:
        return T(
            "The service runs; keep it, as DescribeServices shows it, in `orders_service`.",
            "서비스는 실행 중입니다. DescribeServices가 보여 주는 서비스를 `orders_service`에 "
            "담으세요.",
        )
    if answer.get("runningCount") != ORDERS_TASKS:
        return T(
            f"`orders_service` says runningCount {answer.get('runningCount')}: you read it before "
            "the tasks ran. Describe the service again after `sim.run_until_stable()`.",
            f"`orders_service`의 runningCount가 {answer.get('runningCount')} 입니다: 태스크가 "
            "실행되기 전에 읽었습니다. `sim.run_until_stable()` 다음에 다시 describe 하세요.",
        )
    return None


_ORDERS_TEMPLATE = """\
ec2.create_launch_template(
    LaunchTemplateName="orders-ecs",
    LaunchTemplateData={
        "ImageId": ami,
        "InstanceType": "t3.small",
        "UserData": ecs_user_data("orders"),%(profile)s
    },
)
autoscaling.create_auto_scaling_group(
    AutoScalingGroupName="orders-asg",
    LaunchTemplate={"LaunchTemplateName": "orders-ecs", "Version": "$Latest"},
    MinSize=0,
    MaxSize=%(max)d,
    DesiredCapacity=0,
    AvailabilityZones=["us-east-1a", "us-east-1b"],
    NewInstancesProtectedFromScaleIn=True,
)
orders_asg = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["orders-asg"])[
    "AutoScalingGroups"
][0]
ecs.create_capacity_provider(
    name="orders-ec2",
    autoScalingGroupProvider={
        "autoScalingGroupArn": orders_asg["AutoScalingGroupARN"],
        "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
        "managedTerminationProtection": "ENABLED",
    },
)
ecs.put_cluster_capacity_providers(
    cluster="orders",
    capacityProviders=["orders-ec2"],
    defaultCapacityProviderStrategy=[{"capacityProvider": "orders-ec2", "weight": 1}],
)
ecs.create_service(cluster="orders", serviceName="orders", taskDefinition="orders", desiredCount=3)
sim.run_until_stable()
orders_service = ecs.describe_services(cluster="orders", services=["orders"])["services"][0]
"""

_PROFILE = '\n        "IamInstanceProfile": {"Name": "ecsInstanceRole"},'

ex1 = Exercise(
    name="ex1",
    title=T("Capacity that grows on its own", "스스로 늘어나는 용량"),
    reads=("orders_service",),
    uses=("sim", "ecs", "ec2", "autoscaling", "ami", "ecs_user_data"),
    starter="orders_service = ____\n",
    solution_code=_ORDERS_TEMPLATE % {"profile": _PROFILE, "max": 3}
    + 'orders_service["runningCount"]',
    wrong=(
        Wrong(
            _ORDERS_TEMPLATE % {"profile": "", "max": 3},
            T("instance profile", "인스턴스 프로파일"),
        ),
        Wrong(
            _ORDERS_TEMPLATE % {"profile": _PROFILE, "max": 2},
            T("MaxSize 2", "MaxSize 2"),
        ),
    ),
    hints=(
        T(
            "Copy the lesson's `shop` cells and change every `shop` to `orders`: a launch "
            "template, a group (MinSize 0, DesiredCapacity 0), a capacity provider with managed "
            "scaling, the cluster's default strategy, then the service and the clock.",
            "레슨의 `shop` 셀들을 복사해 `shop`을 모두 `orders`로 바꾸세요: 시작 템플릿, 그룹 "
            "(MinSize 0, DesiredCapacity 0), 관리형 스케일링을 켠 용량 공급자, 클러스터의 기본 "
            "전략, 그다음 서비스와 시계.",
        ),
        T(
            "Two things make or break it: the launch template's "
            '`"IamInstanceProfile": {"Name": "ecsInstanceRole"}` (without it no instance '
            "registers), and a MaxSize that leaves room: a 1024 MiB task fits once on a "
            "t3.small, so 3 tasks need MaxSize 3 or more.",
            "성패를 가르는 것은 두 가지입니다: 시작 템플릿의 "
            '`"IamInstanceProfile": {"Name": "ecsInstanceRole"}` (없으면 어떤 인스턴스도 등록되지 '
            "않습니다), 그리고 여유 있는 MaxSize: 1024 MiB 태스크는 t3.small에 하나만 들어가므로 "
            "태스크 3개에는 MaxSize 3 이상이 필요합니다.",
        ),
    ),
    judge=_judge_orders,
    explanation=T(
        "The service's tasks wait in PROVISIONING; managed scaling sees them (reservation 200 % "
        "while the group has no instance), sets the group's desired capacity to the instances "
        "they need, within MaxSize; the instances boot, their agents register with the "
        "instance profile's credentials in the cluster the user data names, and the tasks are "
        "placed.",
        "서비스의 태스크가 PROVISIONING에서 기다립니다. 관리형 스케일링이 이를 보고 (그룹에 "
        "인스턴스가 없는 동안 reservation 200 %), MaxSize 안에서 필요한 인스턴스 수로 그룹의 "
        "원하는 용량을 정합니다. 인스턴스가 부팅하고, 에이전트가 인스턴스 프로파일의 자격 "
        "증명으로 사용자 데이터가 적은 클러스터에 등록하고, 태스크가 배치됩니다.",
    ),
)


# -- ex2: a task definition Fargate accepts ------------------------------------------------------
def _sizes(cpu: int) -> str:
    memory = FARGATE_SIZES.get(cpu)
    if not memory:
        return "cpu must be one of " + ", ".join(map(str, FARGATE_SIZES))
    return f"with cpu {cpu}, memory is one of {', '.join(map(str, memory))}"


def _sizes_ko(cpu: int) -> str:
    memory = FARGATE_SIZES.get(cpu)
    if not memory:
        return "cpu는 " + ", ".join(map(str, FARGATE_SIZES)) + " 중 하나여야 합니다"
    return f"cpu {cpu}이면 memory는 {', '.join(map(str, memory))} 중 하나입니다"


def _judge_checkout(v: Values) -> T | None:
    try:
        td = v.ecs.describe_task_definition(taskDefinition="checkout")["taskDefinition"]
    except Exception:
        td = None
    if td is None:
        return T(
            "No task definition 'checkout' is registered yet: "
            '`ecs.register_task_definition(family="checkout", ...)`.',
            "'checkout' 태스크 디피니션이 아직 등록되지 않았습니다: "
            '`ecs.register_task_definition(family="checkout", ...)`.',
        )
    cpu, memory = int(td.get("cpu") or 0), int(td.get("memory") or 0)
    mode = td.get("networkMode", "bridge")
    revision = f"{td['family']}:{td['revision']}"
    if "FARGATE" not in (td.get("compatibilities") or []):
        why, why_ko = [], []
        if mode != "awsvpc":
            why.append(f'its networkMode is {mode} (Fargate needs "awsvpc")')
            why_ko.append(f'networkMode가 {mode} 입니다 (Fargate는 "awsvpc" 가 필요)')
        if memory not in FARGATE_SIZES.get(cpu, ()):
            why.append(f"cpu {cpu} with memory {memory} is not a Fargate size ({_sizes(cpu)})")
            why_ko.append(
                f"cpu {cpu}에 {particle(f'memory {memory}', '은/는')} Fargate 크기가 아닙니다 "
                f"({_sizes_ko(cpu)})"
            )
        return T(
            f"{td['family']}:{td['revision']} cannot run on Fargate: its compatibilities are "
            f"{td.get('compatibilities')}, because " + "; ".join(why or ["of its settings"]) + ". "
            'Say requiresCompatibilities=["FARGATE"], and ECS checks all of it when you register.',
            f"{particle(revision, '은/는')} Fargate에서 실행할 수 "
            f"없습니다. compatibilities가 {td.get('compatibilities')}입니다. 이유: "
            + "; ".join(why_ko or ["설정"])
            + ". "
            'requiresCompatibilities=["FARGATE"] 를 적으면 ECS가 등록할 때 모두 검사합니다.',
        )
    if "FARGATE" not in (td.get("requiresCompatibilities") or []):
        return T(
            f"{td['family']}:{td['revision']} happens to fit Fargate, but it does not say so: add "
            'requiresCompatibilities=["FARGATE"], so ECS refuses a revision that would not fit.',
            f"{particle(revision, '은/는')} 우연히 Fargate에 맞지만 "
            "그렇다고 적지 "
            '않았습니다: requiresCompatibilities=["FARGATE"] 를 넣으면 맞지 않는 리비전을 '
            "ECS가 거부합니다.",
        )
    if cpu != 512:
        return T(
            f"The task asks for cpu {cpu}; half a vCPU is 512 CPU units.",
            f"태스크의 cpu가 {cpu} 입니다. vCPU 0.5개는 512 CPU 유닛입니다.",
        )
    if memory != FARGATE_SIZES[512][0]:
        return T(
            f"memory {memory} fits, but it is not the least: {_sizes(512)} MiB. Fargate bills "
            "the task's size, so take the smallest.",
            f"memory {memory} 도 되지만 가장 작은 값이 아닙니다: {_sizes_ko(512)} (MiB). "
            "Fargate는 태스크 크기로 요금을 매기므로 가장 작은 값을 고르세요.",
        )
    answer = v.checkout
    if not isinstance(answer, dict) or answer.get("family") != "checkout":
        return T(
            "The task definition is right; keep what RegisterTaskDefinition answered "
            '(its `["taskDefinition"]`) in `checkout`.',
            "태스크 디피니션은 맞습니다. RegisterTaskDefinition의 응답 "
            '(`["taskDefinition"]`)을 `checkout`에 담으세요.',
        )
    return None


_CHECKOUT = """\
checkout = ecs.register_task_definition(
    family="checkout",%(more)s
    cpu="%(cpu)s",
    memory="%(memory)s",
    containerDefinitions=[
        {"name": "checkout", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}
    ],
)["taskDefinition"]
"""
_FARGATE = '\n    requiresCompatibilities=["FARGATE"],\n    networkMode="awsvpc",'

ex2 = Exercise(
    name="ex2",
    title=T("A task definition for Fargate", "Fargate 용 태스크 디피니션"),
    reads=("checkout",),
    starter="checkout = ____\n",
    solution_code=_CHECKOUT % {"more": _FARGATE, "cpu": 512, "memory": 1024}
    + 'checkout["compatibilities"], checkout["cpu"], checkout["memory"]',
    wrong=(
        Wrong(
            _CHECKOUT % {"more": '\n    networkMode="awsvpc",', "cpu": 512, "memory": 512},
            T("with cpu 512, memory is one of 1024", "cpu 512이면 memory는 1024"),
        ),
        Wrong(
            _CHECKOUT % {"more": _FARGATE, "cpu": 512, "memory": 2048},
            T("not the least", "가장 작은 값이 아닙니다"),
        ),
        Wrong(
            _CHECKOUT % {"more": "", "cpu": 512, "memory": 1024},
            T('Fargate needs "awsvpc"', 'Fargate는 "awsvpc" 가 필요'),
        ),
    ),
    hints=(
        T(
            "Like `web-fargate` above: requiresCompatibilities, networkMode, and the size at the "
            "task's level (cpu and memory as strings). Look up 512 in the table of sizes.",
            "위의 `web-fargate`처럼: requiresCompatibilities, networkMode, 그리고 태스크 수준의 "
            "크기 (문자열로 쓴 cpu와 memory). 크기 표에서 512를 찾아보세요.",
        ),
        T(
            'requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="512" and '
            'memory="1024": with 512 CPU units Fargate offers 1024 to 4096 MiB.',
            'requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="512", '
            'memory="1024": 512 CPU 유닛이면 Fargate는 1024 ~ 4096 MiB를 제공합니다.',
        ),
    ),
    judge=_judge_checkout,
    explanation=T(
        "Fargate sizes the machine from the task definition, so cpu and memory are set at the "
        "task's level and must be one of Fargate's pairs; every Fargate task has its own ENI, "
        "so awsvpc is the only network mode.",
        "Fargate는 태스크 디피니션으로 머신 크기를 정하므로 cpu와 memory를 태스크 수준에 "
        "적고, Fargate의 조합 중 하나여야 합니다. Fargate 태스크는 모두 자기 ENI를 가지므로 "
        "네트워크 모드는 awsvpc 뿐입니다.",
    ),
)


# -- ex3: a capacity provider strategy -----------------------------------------------------------
def _strategy_text(strategy: list[dict[str, Any]]) -> str:
    return ", ".join(
        f"{s['capacityProvider']} (base {s.get('base', 0)}, weight {s.get('weight', 0)})"
        for s in strategy
    )


def _judge_reports(v: Values) -> T | None:
    service = _service(v.ecs, FLEET, "reports")
    if service is None:
        return T(
            "Cluster 'fleet' has no ACTIVE service 'reports' yet: create it with "
            '`ecs.create_service(cluster="fleet", serviceName="reports", '
            'taskDefinition="web-fargate", desiredCount=7, capacityProviderStrategy=[...], '
            "networkConfiguration=network)`.",
            "'fleet' 클러스터에 ACTIVE 상태의 'reports' 서비스가 아직 없습니다: "
            '`ecs.create_service(cluster="fleet", serviceName="reports", '
            'taskDefinition="web-fargate", desiredCount=7, capacityProviderStrategy=[...], '
            "networkConfiguration=network)`로 만드세요.",
        )
    strategy = service.get("capacityProviderStrategy") or []
    if not strategy:
        return T(
            f"Service 'reports' has launchType {service.get('launchType')} and no "
            "capacityProviderStrategy: all its tasks are on-demand Fargate. Give it a "
            "capacityProviderStrategy (and no launchType).",
            f"'reports' 서비스는 launchType가 {service.get('launchType')} 이고 "
            "capacityProviderStrategy가 없습니다: 태스크가 모두 온디맨드 Fargate입니다. "
            "capacityProviderStrategy를 주세요 (launchType 없이).",
        )
    if service["desiredCount"] != REPORTS_TASKS:
        return T(
            f"Service 'reports' wants {service['desiredCount']} task(s); the exercise asks for "
            f"{REPORTS_TASKS}.",
            f"'reports' 서비스의 desiredCount가 {service['desiredCount']} 입니다. "
            f"{REPORTS_TASKS}개여야 합니다.",
        )
    split = tasks_by_provider(v.ecs, FLEET, "reports")
    if sum(split.values()) != REPORTS_TASKS:
        return T(
            f"Only {sum(split.values())} of {REPORTS_TASKS} tasks are RUNNING ({split}): run "
            "`sim.run_until_stable()`.",
            f"태스크 {REPORTS_TASKS}개 중 {sum(split.values())}개만 RUNNING입니다 ({split}): "
            "`sim.run_until_stable()`을 실행하세요.",
        )
    said = _strategy_text(strategy)
    if split != WANTED_SPLIT:
        return T(
            f"Your strategy, {said}, put {split.get('FARGATE', 0)} task(s) on FARGATE and "
            f"{split.get('FARGATE_SPOT', 0)} on FARGATE_SPOT; the exercise wants 3 and 4. The "
            "base is placed first; the weights share out only the tasks after it: 7 − base "
            "tasks, in the ratio of the weights.",
            f"여러분의 전략 {particle(said, '은/는')} FARGATE에 {split.get('FARGATE', 0)}개, "
            f"FARGATE_SPOT에 {split.get('FARGATE_SPOT', 0)}개를 놓았습니다. 3개와 4개여야 "
            "합니다. base가 먼저 채워지고, weight는 그 뒤의 태스크(7 − base개)만 비율대로 "
            "나눕니다.",
        )
    base = sum(s.get("base", 0) for s in strategy if s["capacityProvider"] == "FARGATE")
    if base < 1:
        return T(
            f"7 tasks split 3 and 4, but your strategy, {said}, has no base on FARGATE: scaled "
            "down to one task, that task could run on FARGATE_SPOT and be interrupted. Put "
            'base 1 on FARGATE: `{"capacityProvider": "FARGATE", "base": 1, "weight": ...}`.',
            f"7개가 3개와 4개로 나뉘었지만, 여러분의 전략 {said} 에는 FARGATE의 base가 "
            "없습니다: 태스크 하나로 줄면 그 태스크가 FARGATE_SPOT에서 실행되다 중단될 수 "
            '있습니다. FARGATE에 base 1을 주세요: `{"capacityProvider": "FARGATE", '
            '"base": 1, "weight": ...}`.',
        )
    answer = v.reports
    if not isinstance(answer, dict) or answer.get("serviceName") != "reports":
        return T(
            "The split is right; keep the service, as DescribeServices shows it, in `reports`.",
            "나뉜 결과는 맞습니다. DescribeServices가 보여 주는 서비스를 `reports`에 담으세요.",
        )
    return None


_REPORTS = """\
ecs.create_service(
    cluster="fleet",
    serviceName="reports",
    taskDefinition="web-fargate",
    desiredCount=7,
    capacityProviderStrategy=[
        {"capacityProvider": "FARGATE", %(fargate)s},
        {"capacityProvider": "FARGATE_SPOT", %(spot)s},
    ],
    networkConfiguration=network,
)
sim.run_until_stable()
reports = ecs.describe_services(cluster="fleet", services=["reports"])["services"][0]
"""

ex3 = Exercise(
    name="ex3",
    title=T("Three on demand, four on Spot", "온디맨드 셋, Spot 넷"),
    reads=("reports",),
    uses=("sim", "ecs", "network"),
    starter="reports = ____\n",
    solution_code=_REPORTS % {"fargate": '"base": 1, "weight": 1', "spot": '"weight": 2'}
    + 'tasks_by_provider(ecs, "fleet", "reports")',
    wrong=(
        Wrong(
            _REPORTS % {"fargate": '"base": 1, "weight": 3', "spot": '"weight": 4'},
            T("4 task(s) on FARGATE and 3 on FARGATE_SPOT", "FARGATE에 4개, FARGATE_SPOT에 3개"),
        ),
        Wrong(
            _REPORTS % {"fargate": '"weight": 3', "spot": '"weight": 4'},
            T("no base on FARGATE", "FARGATE의 base가"),
        ),
    ),
    hints=(
        T(
            "The base comes first: 1 task on FARGATE. That leaves 6 tasks to share out by weight, "
            "and you want 2 more on FARGATE and 4 on FARGATE_SPOT. Which weights give 2 : 4?",
            "base가 먼저입니다: FARGATE에 1개. 그러면 weight로 나눌 태스크가 6개 남고, "
            "FARGATE에 2개 더, FARGATE_SPOT에 4개를 원합니다. 어떤 weight가 2 : 4를 만들까요?",
        ),
        T(
            'FARGATE: `"base": 1, "weight": 1`; FARGATE_SPOT: `"weight": 2`. Pass them as '
            "capacityProviderStrategy, with `networkConfiguration=network` and no launchType.",
            'FARGATE: `"base": 1, "weight": 1`, FARGATE_SPOT: `"weight": 2`. 이것을 '
            "capacityProviderStrategy로 넘기고, `networkConfiguration=network`를 주고 "
            "launchType는 빼세요.",
        ),
    ),
    judge=_judge_reports,
    explanation=T(
        "Base 1 puts the first task on FARGATE, whatever the count; the 6 others go 1 : 2, so 2 "
        "more on FARGATE and 4 on FARGATE_SPOT: 3 and 4. Weights 2 and 4 would give the same.",
        "base 1은 개수와 상관없이 첫 태스크를 FARGATE에 둡니다. 나머지 6개는 1 : 2로 나뉘어 "
        "FARGATE에 2개 더, FARGATE_SPOT에 4개: 3개와 4개입니다. weight 2와 4도 같습니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("Base and weight", "base와 weight"),
    question=T(
        "A service of 5 tasks has the capacity provider strategy FARGATE (`base` 1, `weight` "
        "1) and FARGATE_SPOT (`weight` 1). How many tasks run on each?",
        "태스크 5개인 서비스의 용량 공급자 전략이 FARGATE(`base` 1, `weight` 1)와 "
        "FARGATE_SPOT(`weight` 1)입니다. 각각 몇 개의 태스크가 실행될까요?",
    ),
    choices=(
        Choice(
            T("1 on FARGATE, 4 on FARGATE_SPOT", "FARGATE 1개, FARGATE_SPOT 4개"),
            T(
                "The base is not all FARGATE gets: after the base, the other tasks are still "
                "shared by weight, and FARGATE has weight 1 too.",
                "base가 FARGATE 몫의 전부는 아닙니다. base를 채운 뒤 나머지 태스크도 weight에 "
                "따라 나누며, FARGATE의 weight도 1입니다.",
            ),
        ),
        Choice(
            T("3 on FARGATE, 2 on FARGATE_SPOT", "FARGATE 3개, FARGATE_SPOT 2개"),
            T(
                "Right: the base comes first (1 on FARGATE), then the other 4 are shared 1 : 1, "
                "2 and 2. So 3 on FARGATE and 2 on FARGATE_SPOT.",
                "맞습니다. base가 먼저(FARGATE에 1개)이고, 나머지 4개를 1 : 1로 2개씩 "
                "나눕니다. 그래서 FARGATE 3개, FARGATE_SPOT 2개입니다.",
            ),
            correct=True,
        ),
        Choice(
            T("2 on FARGATE, 3 on FARGATE_SPOT", "FARGATE 2개, FARGATE_SPOT 3개"),
            T(
                "That forgets the base: 1 task goes to FARGATE *before* the weights share the "
                "other 4 (2 and 2).",
                "base를 빠뜨렸습니다. weight로 나머지 4개를 나누기(2개와 2개) *전에* 태스크 "
                "1개가 FARGATE로 갑니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Fargate's network mode", "Fargate의 네트워크 모드"),
    question=T(
        "Which `networkMode` can a task definition for Fargate use?",
        "Fargate용 태스크 디피니션은 어떤 `networkMode`를 쓸 수 있을까요?",
    ),
    choices=(
        Choice(
            T("`bridge`, the default on EC2", "EC2의 기본값인 `bridge`"),
            T(
                "On Fargate there is no instance of yours with a Docker bridge to share; "
                "registering for Fargate in `bridge` mode is refused.",
                "Fargate에는 Docker 브리지를 함께 쓸 내 인스턴스가 없습니다. `bridge` 모드로 "
                "Fargate용 등록을 하면 거부됩니다.",
            ),
        ),
        Choice(
            T(
                "`host`, since each task has a machine of its own",
                "태스크마다 머신이 따로 있으므로 `host`",
            ),
            T(
                "The machine is AWS's, not yours, and Fargate does not offer `host` mode. "
                "Each task gets its own ENI instead.",
                "그 머신은 내 것이 아니라 AWS의 것이고, Fargate는 `host` 모드를 제공하지 "
                "않습니다. 대신 태스크마다 자기 ENI를 받습니다.",
            ),
        ),
        Choice(
            T("Only `awsvpc`", "`awsvpc`만"),
            T(
                "Right: `awsvpc` is the only mode Fargate has. Every task gets its own ENI and "
                "private IP address in your subnets, so a service on Fargate needs a "
                "`networkConfiguration`.",
                "맞습니다. Fargate의 네트워크 모드는 `awsvpc` 하나뿐입니다. 태스크마다 "
                "서브넷 안에 자기 ENI와 프라이빗 IP 주소를 받으므로, Fargate 서비스에는 "
                "`networkConfiguration`이 필요합니다.",
            ),
            correct=True,
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Tasks waiting for capacity", "용량을 기다리는 태스크"),
    question=T(
        "A cluster's default strategy is a capacity provider with managed scaling, whose Auto "
        "Scaling group has no instance yet. A service of 4 tasks is created. What happens to "
        "the tasks?",
        "클러스터의 기본 용량 공급자 전략은 관리형 스케일링이 켜진 용량 공급자이고, 그 "
        "Auto Scaling 그룹에는 아직 인스턴스가 없습니다. 태스크 4개인 서비스를 만들면 "
        "태스크는 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "They wait in PROVISIONING while ECS raises the group's desired capacity",
                "ECS가 그룹의 원하는 용량을 올리는 동안 PROVISIONING으로 기다린다",
            ),
            T(
                "Right: with tasks waiting and no instance, CapacityProviderReservation is "
                "200, above the target, so ECS sets a desired capacity for the group. The "
                "instances boot, their agents register, and the tasks are placed.",
                "맞습니다. 태스크가 기다리는데 인스턴스가 없으면 CapacityProviderReservation이 "
                "200으로 목표보다 높아지므로, ECS가 그룹의 원하는 용량을 정합니다. "
                "인스턴스가 부팅되고 에이전트가 등록되면 태스크가 배치됩니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "They fail at once: there is no container instance to place them on",
                "배치할 컨테이너 인스턴스가 없으므로 즉시 실패한다",
            ),
            T(
                "That is what happens without a capacity provider. With one, tasks without "
                "room wait for capacity instead of failing.",
                "그것은 용량 공급자가 없을 때의 동작입니다. 용량 공급자가 있으면 자리가 없는 "
                "태스크는 실패하지 않고 용량을 기다립니다.",
            ),
        ),
        Choice(
            T(
                "ECS runs them on Fargate until instances exist",
                "인스턴스가 생길 때까지 ECS가 Fargate에서 실행한다",
            ),
            T(
                "ECS places tasks only by the strategy they were given, and this one names "
                "only the EC2 capacity provider: no task moves to Fargate by itself.",
                "ECS는 주어진 전략대로만 태스크를 배치하는데, 이 전략에는 EC2 용량 공급자뿐입니다. "
                "태스크가 저절로 Fargate로 가지는 않습니다.",
            ),
        ),
    ),
)
