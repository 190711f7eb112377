"""Lesson 2 · Container instances: launch instances across zones with room for a task, and
find the instances of one zone with the cluster query language."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
TASK_MEMORY = 1536  # MiB the exercise's task needs on every instance


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop",)


def _instances(ecs: Any, cluster: str) -> list[dict[str, Any]]:
    """Every ACTIVE container instance of `cluster`, as DescribeContainerInstances shows it."""
    arns = ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
    if not arns:
        return []
    return ecs.describe_container_instances(cluster=cluster, containerInstances=arns)[
        "containerInstances"
    ]


def _attribute(instance: dict[str, Any], name: str) -> str | None:
    return next((a.get("value") for a in instance["attributes"] if a["name"] == name), None)


def _resource(instance: dict[str, Any], which: str, name: str) -> int:
    return next(r["integerValue"] for r in instance[which] if r["name"] == name)


def _judge_orders(v: Values) -> T | None:
    clusters = v.ecs.describe_clusters(clusters=["orders"])["clusters"]
    if not clusters:
        return T(
            "ECS has no cluster 'orders'. An agent can only join a cluster that exists: "
            '`ecs.create_cluster(clusterName="orders")` first.',
            "ECS에 'orders' 클러스터가 없습니다. 에이전트는 있는 클러스터에만 합류할 수 "
            '있습니다: 먼저 `ecs.create_cluster(clusterName="orders")`.',
        )
    instances = _instances(v.ecs, "orders")
    if not instances:
        return T(
            "Cluster 'orders' has no container instance yet: launch some with "
            '`sim.launch_instances("orders", ...)`.',
            "'orders' 클러스터에 컨테이너 인스턴스가 아직 없습니다: "
            '`sim.launch_instances("orders", ...)`로 띄우세요.',
        )
    for instance in instances:
        free = _resource(instance, "remainingResources", "MEMORY")
        if free < TASK_MEMORY:
            kind = _attribute(instance, "ecs.instance-type")
            return T(
                f"Instance {instance['ec2InstanceId']} ({kind}) has {free} MiB of memory free; "
                f"a {TASK_MEMORY} MiB task cannot fit on it. Choose an instance type that "
                "registers more, such as t3.small (1996 MiB).",
                f"인스턴스 {instance['ec2InstanceId']} ({kind})의 남은 메모리는 {free} MiB"
                f"입니다. {TASK_MEMORY} MiB 태스크가 들어가지 않습니다. t3.small(1996 MiB)"
                "처럼 더 큰 인스턴스 타입을 고르세요.",
            )
    zones = {_attribute(i, "ecs.availability-zone") for i in instances}
    missing = [zone for zone in ZONES if zone not in zones]
    if missing:
        names = ", ".join(missing)
        return T(
            f"Zone {names} has no container instance in 'orders' ({len(instances)} "
            "instance(s) so far). launch_instances uses the zones round-robin: launch more, "
            "or pass `zones=[...]`.",
            f"'orders'에 {names} 가용 영역의 컨테이너 인스턴스가 없습니다 (지금 "
            f"{len(instances)}개). launch_instances는 가용 영역을 차례로 돌아가며 씁니다: "
            "더 띄우거나 `zones=[...]`를 주세요.",
        )
    instances_var = v.instances
    if not isinstance(instances_var, list) or not instances_var:
        return T(
            "The cluster is right; keep the list that `sim.launch_instances(...)` returns in "
            "`instances`.",
            "클러스터는 맞습니다. `sim.launch_instances(...)`가 돌려주는 목록을 `instances`에 "
            "담으세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Instances in every zone", "모든 가용 영역에 인스턴스"),
    reads=("instances",),
    starter="instances = ____",
    solution_code="""\
ecs.create_cluster(clusterName="orders")
instances = sim.launch_instances("orders", count=3, instance_type="t3.small")
[(i.ec2_instance_id, i.zone) for i in instances]""",
    wrong=(
        Wrong(
            'ecs.create_cluster(clusterName="orders")\n'
            'instances = sim.launch_instances("orders", count=2, instance_type="t3.small")',
            T("Zone us-east-1c", "us-east-1c 가용 영역"),
        ),
        Wrong(
            'ecs.create_cluster(clusterName="orders")\n'
            'instances = sim.launch_instances("orders", count=3, instance_type="t3.micro")',
            T("998 MiB", "998 MiB"),
        ),
    ),
    hints=(
        T(
            "First create the cluster 'orders'; then launch instances into it. Which instance "
            "type registers at least 1536 MiB? The table earlier in the lesson tells you.",
            "먼저 'orders' 클러스터를 만들고, 그 안에 인스턴스를 띄우세요. 1536 MiB 이상을 "
            "등록하는 인스턴스 타입은? 앞의 표를 보세요.",
        ),
        T(
            '`sim.launch_instances("orders", count=3, instance_type="t3.small")` puts one '
            "instance in each of us-east-1a, b and c.",
            '`sim.launch_instances("orders", count=3, instance_type="t3.small")`은 '
            "us-east-1a, b, c에 하나씩 띄웁니다.",
        ),
    ),
    judge=_judge_orders,
    explanation=T(
        "Spreading instances over zones means a zone's outage leaves the others running; "
        "the instance type decides how much CPU and memory each agent registers.",
        "인스턴스를 여러 가용 영역에 나누면 한 영역이 멈춰도 나머지가 계속 실행됩니다. "
        "인스턴스 타입이 에이전트가 등록하는 CPU와 메모리를 정합니다.",
    ),
)


def _judge_zone_b(v: Values) -> T | None:
    answer = v.zone_b
    instances = _instances(v.ecs, "shop")
    truth = {
        i["containerInstanceArn"]
        for i in instances
        if _attribute(i, "ecs.availability-zone") == "us-east-1b"
    }
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return T(
            "`zone_b` should be a list of container instance ARNs, as "
            '`ecs.list_container_instances(...)["containerInstanceArns"]` returns.',
            "`zone_b`는 컨테이너 인스턴스 ARN 목록이어야 합니다. "
            '`ecs.list_container_instances(...)["containerInstanceArns"]`가 돌려주는 것처럼.',
        )
    if set(answer) == truth:
        return None
    if len(answer) > len(truth) and truth <= set(answer):
        return T(
            f"You listed {len(answer)} instances, but only {len(truth)} are in us-east-1b. "
            "Ask ECS to filter: "
            '`filter="attribute:ecs.availability-zone == us-east-1b"`.',
            f"인스턴스 {len(answer)}개를 골랐지만 us-east-1b에 있는 것은 {len(truth)}개 "
            "뿐입니다. ECS에 필터를 주세요: "
            '`filter="attribute:ecs.availability-zone == us-east-1b"`.',
        )
    return T(
        f"`zone_b` has {len(answer)} ARN(s), but the instances of 'shop' in us-east-1b are "
        f"{len(truth)}: check the cluster name and the zone in your filter.",
        f"`zone_b`에 ARN이 {len(answer)}개 있지만, 'shop'의 us-east-1b 인스턴스는 "
        f"{len(truth)}개입니다. 필터의 클러스터 이름과 가용 영역을 확인하세요.",
    )


ex2 = Exercise(
    name="ex2",
    title=T("The instances of one zone", "한 가용 영역의 인스턴스"),
    reads=("zone_b",),
    starter="zone_b = ____",
    solution_code="""\
zone_b = ecs.list_container_instances(
    cluster="shop",
    filter="attribute:ecs.availability-zone == us-east-1b",
)["containerInstanceArns"]
len(zone_b)""",
    wrong=(
        Wrong(
            'zone_b = ecs.list_container_instances(cluster="shop")["containerInstanceArns"]',
            T("filter", "필터"),
        ),
    ),
    hints=(
        T(
            "ListContainerInstances takes a `filter` written in the cluster query language, "
            "and every instance carries the attribute `ecs.availability-zone`.",
            "ListContainerInstances는 클러스터 쿼리 언어로 쓴 `filter`를 받고, 모든 "
            "인스턴스에는 `ecs.availability-zone` 속성이 있습니다.",
        ),
        T(
            '`filter="attribute:ecs.availability-zone == us-east-1b"`, then keep '
            '`["containerInstanceArns"]`.',
            '`filter="attribute:ecs.availability-zone == us-east-1b"`를 주고 '
            '`["containerInstanceArns"]`를 담으세요.',
        ),
    ),
    judge=_judge_zone_b,
    explanation=T(
        "The same expressions (`attribute:name == value`, `in`, `and`, `or`) select instances "
        "in placement constraints of type memberOf (lesson 7).",
        "같은 표현식 (`attribute:name == value`, `in`, `and`, `or`)이 memberOf 배치 제약 "
        "조건에서도 인스턴스를 고릅니다 (레슨 7).",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("CPU units", "CPU 유닛"),
    question=T(
        "A container instance has 2 vCPUs. How much CPU does its ECS agent register?",
        "vCPU가 2개인 컨테이너 인스턴스가 있습니다. ECS 에이전트는 CPU를 얼마로 등록할까요?",
    ),
    choices=(
        Choice(
            T("2 CPU units, one per vCPU", "vCPU 하나에 1 유닛씩, 2 CPU 유닛"),
            T(
                "ECS counts finer than whole vCPUs: one vCPU is 1024 CPU units, so that a task "
                "can reserve a quarter of one (256).",
                "ECS는 vCPU 단위보다 잘게 셉니다. vCPU 하나가 1024 CPU 유닛이므로, 태스크가 "
                "vCPU의 4분의 1(256)만 예약할 수도 있습니다.",
            ),
        ),
        Choice(
            T("2048 CPU units", "2048 CPU 유닛"),
            T(
                "Right: ECS counts 1024 CPU units per vCPU, and the agent registers them all. "
                "Tasks then reserve CPU units out of that total.",
                "맞습니다. ECS는 vCPU 하나를 1024 CPU 유닛으로 세고, 에이전트는 전부를 "
                "등록합니다. 태스크는 이 합계에서 CPU 유닛을 예약합니다.",
            ),
            correct=True,
        ),
        Choice(
            T("2000m (millicores)", "2000m(밀리코어)"),
            T(
                "Millicores are Kubernetes' unit (1000m = one CPU). ECS counts CPU units: "
                "1024 per vCPU.",
                "밀리코어는 쿠버네티스의 단위입니다(1000m = CPU 하나). ECS는 CPU 유닛으로 "
                "세며, vCPU 하나가 1024 유닛입니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("An agent that lost contact", "연결이 끊긴 에이전트"),
    question=T(
        "The ECS agent of one container instance stops talking to ECS, and DescribeContainer"
        "Instances shows `agentConnected: false`. What follows?",
        "컨테이너 인스턴스 하나의 ECS 에이전트가 ECS와 통신을 멈춰서, "
        "DescribeContainerInstances에 `agentConnected: false`가 보입니다. 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "ECS terminates the EC2 instance and launches a new one",
                "ECS가 EC2 인스턴스를 종료하고 새 인스턴스를 띄운다",
            ),
            T(
                "ECS does not launch or terminate your EC2 instances for you here. It only "
                "stops choosing that instance for new tasks.",
                "ECS는 이런 경우에 EC2 인스턴스를 대신 종료하거나 띄우지 않습니다. 그 "
                "인스턴스를 새 태스크의 자리로 고르지 않을 뿐입니다.",
            ),
        ),
        Choice(
            T(
                "ECS keeps placing tasks there, and the agent starts them as soon as it reconnects",
                "ECS는 계속 그곳에 태스크를 배치하고, 에이전트가 다시 연결되는 대로 시작한다",
            ),
            T(
                "Only instances whose agent is connected can accept task placement: ECS "
                "places new tasks on the other instances.",
                "에이전트가 연결된 인스턴스만 태스크 배치를 받을 수 있습니다. ECS는 새 "
                "태스크를 다른 인스턴스에 배치합니다.",
            ),
        ),
        Choice(
            T(
                "No new task is placed there; the containers already on the host may keep running",
                "그곳에는 새 태스크를 배치하지 않는다. 호스트에 이미 있는 컨테이너는 계속 "
                "실행될 수 있다",
            ),
            T(
                "Right: ECS cannot reach an agent that is not connected, so it places nothing "
                "there. The host and Docker may be fine and still run the containers; ECS only "
                "knows what the agent last reported.",
                "맞습니다. 연결되지 않은 에이전트에는 ECS가 닿을 수 없으므로 아무것도 배치하지 "
                "않습니다. 호스트와 Docker는 멀쩡해서 컨테이너를 계속 실행하고 있을 수 "
                "있습니다. ECS는 에이전트가 마지막으로 보고한 것만 압니다.",
            ),
            correct=True,
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Registered memory", "등록된 메모리"),
    question=T(
        "A t3.small is sold with 2 GiB of memory, yet its container instance registers less. Why?",
        "t3.small은 메모리가 2 GiB인데, 컨테이너 인스턴스로 등록된 메모리는 그보다 "
        "적습니다. 왜 그럴까요?",
    ),
    choices=(
        Choice(
            T(
                "The operating system and its services use some; the agent registers what "
                "is left for tasks",
                "운영 체제와 그 위의 서비스가 일부를 쓰고, 에이전트는 태스크에 쓸 수 있는 "
                "나머지를 등록한다",
            ),
            T(
                "Right: the agent registers the memory the host really has free for "
                "containers, a bit less than the size EC2 advertises. Placement counts with "
                "the registered number, so plan task sizes against it.",
                "맞습니다. 에이전트는 호스트가 컨테이너에 실제로 내줄 수 있는 메모리를 "
                "등록하며, EC2가 광고하는 크기보다 조금 적습니다. 배치는 등록된 값으로 "
                "계산하므로, 태스크 크기도 이 값에 맞춰 정해야 합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "ECS keeps half of every instance in reserve for its own use",
                "ECS가 모든 인스턴스의 절반을 자기 몫으로 남겨 둔다",
            ),
            T(
                "ECS keeps no such share: the difference is small (what the operating system "
                "uses), not half.",
                "ECS는 그런 몫을 남겨 두지 않습니다. 차이는 운영 체제가 쓰는 만큼으로 "
                "작으며, 절반이 아닙니다.",
            ),
        ),
        Choice(
            T(
                "The tasks already running on it are subtracted from the registered total",
                "이미 실행 중인 태스크의 메모리가 등록된 합계에서 빠진다",
            ),
            T(
                "Running tasks lower the *remaining* memory, not the registered total: "
                "DescribeContainerInstances shows both, `registeredResources` and "
                "`remainingResources`.",
                "실행 중인 태스크는 등록된 합계가 아니라 *남은* 메모리를 줄입니다. "
                "DescribeContainerInstances는 `registeredResources`와 "
                "`remainingResources`를 둘 다 보여 줍니다.",
            ),
        ),
    ),
)
