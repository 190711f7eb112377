"""Lesson 2 · Container instances: launch instances across zones with room for a task, and
find the instances of one zone with the cluster query language."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
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
