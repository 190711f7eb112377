"""Lesson 5 · Services: scale a REPLICA service, spread one across zones, and run a DAEMON
service on every instance."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

ZONE_FIELD = "attribute:ecs.availability-zone"


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "lab", "web")


def counts(ecs: Any) -> None:
    """Each service of `shop`: its scheduling strategy and its desired / running counts."""
    for s in ecs.describe_services(cluster="shop", services=["web", "log-agent"])["services"]:
        print(f"{s['serviceName']:10} {s['schedulingStrategy']:8}", end=" ")
        print(f"desired {s['desiredCount']}  running {s['runningCount']}")


def tasks_per_zone(ecs: Any, cluster: str, service: str) -> dict[str, int]:
    """How many RUNNING tasks of `service` each zone has."""
    arns = ecs.list_tasks(cluster=cluster, serviceName=service)["taskArns"]
    tasks = ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
    per_zone: dict[str, int] = {}
    for task in tasks:
        if task["lastStatus"] == "RUNNING":
            per_zone[task["availabilityZone"]] = per_zone.get(task["availabilityZone"], 0) + 1
    return dict(sorted(per_zone.items()))


def _service(ecs: Any, cluster: str, name: str) -> dict[str, Any] | None:
    """The service as DescribeServices shows it, or None if it is not ACTIVE there."""
    found = ecs.describe_services(cluster=cluster, services=[name])["services"]
    return found[0] if found and found[0]["status"] == "ACTIVE" else None


def _running(ecs: Any, cluster: str, service: str) -> list[dict[str, Any]]:
    arns = ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus="RUNNING")["taskArns"]
    tasks = ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
    return [t for t in tasks if t["lastStatus"] == "RUNNING"]


def _is_service(value: Any, name: str) -> bool:
    return isinstance(value, dict) and value.get("serviceName") == name


# -- ex1: scale --------------------------------------------------------------------------------
def _judge_scale(v: Values) -> T | None:
    web = _service(v.ecs, "shop", "web")
    if web is None:
        return T(
            "Service 'web' of cluster 'shop' is gone. Scale it with "
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`.',
            "'shop' 클러스터의 'web' 서비스가 없습니다. "
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`로 '
            "규모를 조정하세요.",
        )
    if web["desiredCount"] != 5:
        return T(
            f"Service 'web' has desiredCount {web['desiredCount']}; it should be 5. UpdateService "
            "changes the count of the existing service: "
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`.',
            f"'web' 서비스의 desiredCount가 {web['desiredCount']} 입니다. 5여야 합니다. "
            "UpdateService는 기존 서비스의 개수를 바꿉니다: "
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`.',
        )
    if web["runningCount"] != 5:
        return T(
            f"desiredCount is 5 but runningCount is {web['runningCount']}: the service scheduler "
            "has not had time to start the tasks. Run `sim.run_until_stable()`, then read "
            "runningCount again.",
            f"desiredCount는 5인데 runningCount가 {web['runningCount']} 입니다: 서비스 "
            "스케줄러가 태스크를 시작할 시간이 없었습니다. `sim.run_until_stable()`을 실행한 "
            "다음 runningCount를 다시 읽으세요.",
        )
    answer = v.web_running
    if answer != 5:
        return T(
            f"`web_running` is {answer!r}, but DescribeServices now says runningCount 5. Did "
            "you read it before running the simulation? Read "
            '`ecs.describe_services(cluster="shop", services=["web"])["services"][0]'
            '["runningCount"]` after `sim.run_until_stable()`.',
            f"`web_running`이 {answer!r} 인데, DescribeServices는 지금 runningCount 5라고 "
            "합니다. 시뮬레이션을 실행하기 전에 읽었나요? `sim.run_until_stable()` 다음에 "
            '`ecs.describe_services(cluster="shop", services=["web"])["services"][0]'
            '["runningCount"]`를 읽으세요.',
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Scale a service", "서비스 규모 조정"),
    reads=("web_running",),
    starter="web_running = ____",
    solution_code="""\
ecs.update_service(cluster="shop", service="web", desiredCount=5)
sim.run_until_stable()
web = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
web_running = web["runningCount"]
counts(ecs)""",
    wrong=(
        Wrong(
            'ecs.update_service(cluster="shop", service="web", desiredCount=5)\n'
            'web = ecs.describe_services(cluster="shop", services=["web"])["services"][0]\n'
            'web_running = web["runningCount"]',
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
        Wrong(
            'web = ecs.describe_services(cluster="shop", services=["web"])["services"][0]\n'
            'web_running = web["runningCount"]',
            T("desiredCount 2", "desiredCount가 2"),
        ),
    ),
    hints=(
        T(
            "A service's count is changed with UpdateService; CreateService would try to make a "
            "second service. Then the clock has to move for the scheduler to act.",
            "서비스의 개수는 UpdateService로 바꿉니다. CreateService는 서비스를 하나 더 "
            "만들려고 합니다. 그다음 스케줄러가 움직이려면 시계가 흘러야 합니다.",
        ),
        T(
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`, '
            "`sim.run_until_stable()`, then read `runningCount` from `ecs.describe_services`.",
            '`ecs.update_service(cluster="shop", service="web", desiredCount=5)`, '
            "`sim.run_until_stable()`, 그다음 `ecs.describe_services`에서 `runningCount`를 "
            "읽으세요.",
        ),
    ),
    judge=_judge_scale,
    explanation=T(
        "Changing only desiredCount scales the service's current (PRIMARY) deployment: the new "
        "tasks are copies of the same task definition revision, and no deployment starts.",
        "desiredCount만 바꾸면 서비스의 현재 (PRIMARY) 배포의 규모가 바뀝니다: 새 태스크는 "
        "같은 태스크 디피니션 리비전의 복사본이고, 새 배포는 시작되지 않습니다.",
    ),
)


# -- ex2: spread across zones -----------------------------------------------------------------
def _judge_by_zone(v: Values) -> T | None:
    service = _service(v.ecs, "lab", "by-zone")
    if service is None:
        return T(
            "Cluster 'lab' has no ACTIVE service 'by-zone'. Create it with "
            '`ecs.create_service(cluster="lab", serviceName="by-zone", taskDefinition="web:1", '
            "desiredCount=4, placementStrategy=[...])`.",
            "'lab' 클러스터에 ACTIVE인 'by-zone' 서비스가 없습니다. "
            '`ecs.create_service(cluster="lab", serviceName="by-zone", taskDefinition="web:1", '
            "desiredCount=4, placementStrategy=[...])`로 만드세요.",
        )
    if service["schedulingStrategy"] != "REPLICA":
        return T(
            f"'by-zone' is a {service['schedulingStrategy']} service; a spread needs a REPLICA "
            "service with a desiredCount.",
            f"'by-zone'이 {service['schedulingStrategy']} 서비스입니다. 분산하려면 "
            "desiredCount가 있는 리플리카 타입 서비스여야 합니다.",
        )
    if service["desiredCount"] != 4:
        return T(
            f"'by-zone' has desiredCount {service['desiredCount']}; the exercise asks for 4.",
            f"'by-zone'의 desiredCount가 {service['desiredCount']} 입니다. 4여야 합니다.",
        )
    strategies = service.get("placementStrategy") or []
    spread = [s for s in strategies if s.get("type") == "spread"]
    if not spread or spread[0].get("field") != ZONE_FIELD:
        used = ", ".join(f"{s.get('type')}({s.get('field', '')})" for s in strategies) or "none"
        return T(
            f"'by-zone' has placement strategies: {used}. Spreading by instance balances hosts, "
            "not zones: with 3 instances in us-east-1a and 1 in us-east-1b it puts 3 tasks in "
            'one zone. Use `{"type": "spread", "field": "attribute:ecs.availability-zone"}`.',
            f"'by-zone'의 배치 전략: {used}. 인스턴스별 분산은 가용 영역이 아니라 호스트를 "
            "고르게 합니다: us-east-1a에 3개, us-east-1b에 1개인 인스턴스에서 한 영역에 "
            "태스크 3개를 놓습니다. "
            '`{"type": "spread", "field": "attribute:ecs.availability-zone"}`을 쓰세요.',
        )
    per_zone: dict[str, int] = {}
    for task in _running(v.ecs, "lab", "by-zone"):
        per_zone[task["availabilityZone"]] = per_zone.get(task["availabilityZone"], 0) + 1
    if sum(per_zone.values()) != 4:
        return T(
            f"{sum(per_zone.values())} of the 4 tasks of 'by-zone' are RUNNING: run "
            "`sim.run_until_stable()`.",
            f"'by-zone'의 태스크 4개 중 {sum(per_zone.values())}개가 RUNNING입니다: "
            "`sim.run_until_stable()`을 실행하세요.",
        )
    if not _is_service(v.by_zone, "by-zone"):
        return T(
            "The service is right; keep it in `by_zone`, as "
            '`ecs.describe_services(cluster="lab", services=["by-zone"])["services"][0]`.',
            "서비스는 맞습니다. "
            '`ecs.describe_services(cluster="lab", services=["by-zone"])["services"][0]`'
            "을 `by_zone`에 담으세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("Spread across zones", "가용 영역에 분산"),
    reads=("by_zone",),
    starter="by_zone = ____",
    solution_code="""\
ecs.create_service(
    cluster="lab",
    serviceName="by-zone",
    taskDefinition="web:1",
    desiredCount=4,
    placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}],
)
sim.run_until_stable()
by_zone = ecs.describe_services(cluster="lab", services=["by-zone"])["services"][0]
tasks_per_zone(ecs, "lab", "by-zone")""",
    wrong=(
        Wrong(
            'ecs.create_service(cluster="lab", serviceName="by-zone", taskDefinition="web:1", '
            'desiredCount=4, placementStrategy=[{"type": "spread", "field": "instanceId"}])\n'
            "sim.run_until_stable()\n"
            'by_zone = ecs.describe_services(cluster="lab", services=["by-zone"])'
            '["services"][0]',
            T("balances hosts, not zones", "가용 영역이 아니라 호스트를"),
        ),
        Wrong(
            'ecs.create_service(cluster="lab", serviceName="by-zone", taskDefinition="web:1", '
            'desiredCount=4, placementStrategy=[{"type": "spread", '
            '"field": "attribute:ecs.availability-zone"}])\n'
            'by_zone = ecs.describe_services(cluster="lab", services=["by-zone"])'
            '["services"][0]',
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
    ),
    hints=(
        T(
            "CreateService takes `placementStrategy`, a list of `{type, field}`. Which attribute "
            "names an instance's zone? Lesson 2 listed the instances' attributes.",
            "CreateService는 `{type, field}` 목록인 `placementStrategy`를 받습니다. "
            "인스턴스의 가용 영역을 나타내는 속성은? 레슨 2에서 인스턴스 속성을 봤습니다.",
        ),
        T(
            '`placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}]`, '
            "then `sim.run_until_stable()` and `ecs.describe_services(...)`.",
            '`placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}]`'
            ", 그다음 `sim.run_until_stable()`과 `ecs.describe_services(...)`.",
        ),
    ),
    judge=_judge_by_zone,
    explanation=T(
        "spread(attribute:ecs.availability-zone) counts this service's tasks per zone and picks "
        "the zone with the fewest; within a zone the tie is broken among its instances. Two "
        "tasks share the single us-east-1b instance, but losing a zone now costs only half.",
        "spread(attribute:ecs.availability-zone)는 이 서비스의 태스크를 가용 영역별로 세어 가장 "
        "적은 영역을 고릅니다. 영역 안에서는 인스턴스 중에서 고릅니다. us-east-1b의 유일한 "
        "인스턴스에 태스크 2개가 함께 있지만, 이제 영역 하나를 잃어도 절반만 잃습니다.",
    ),
)


# -- ex3: a daemon -----------------------------------------------------------------------------
def _judge_exporter(v: Values) -> T | None:
    families = v.ecs.list_task_definitions(familyPrefix="node-exporter")["taskDefinitionArns"]
    if not families:
        return T(
            "There is no task definition 'node-exporter' yet: register it with "
            '`ecs.register_task_definition(family="node-exporter", containerDefinitions=[...])`.',
            "태스크 디피니션 'node-exporter'가 아직 없습니다: "
            '`ecs.register_task_definition(family="node-exporter", containerDefinitions=[...])`'
            "로 등록하세요.",
        )
    service = _service(v.ecs, "shop", "node-exporter")
    if service is None:
        return T(
            "Cluster 'shop' has no ACTIVE service 'node-exporter': create it with "
            '`ecs.create_service(cluster="shop", serviceName="node-exporter", ...)`.',
            "'shop' 클러스터에 ACTIVE인 'node-exporter' 서비스가 없습니다: "
            '`ecs.create_service(cluster="shop", serviceName="node-exporter", ...)`로 '
            "만드세요.",
        )
    if service["schedulingStrategy"] != "DAEMON":
        return T(
            f"'node-exporter' is a {service['schedulingStrategy']} service of desiredCount "
            f"{service['desiredCount']}. That may match today's instances, but an instance that "
            'joins tomorrow would get no exporter. Use `schedulingStrategy="DAEMON"` (and no '
            "desiredCount). A service's scheduling strategy cannot be changed: delete it "
            '(`ecs.delete_service(cluster="shop", service="node-exporter", force=True)`) and '
            "create it again.",
            f"'node-exporter'가 desiredCount {service['desiredCount']} 의 "
            f"{service['schedulingStrategy']} 서비스입니다. 지금 인스턴스 수와는 맞을 수 "
            "있지만, 내일 합류하는 인스턴스에는 수집기가 없습니다. "
            '`schedulingStrategy="DAEMON"`을 쓰세요 (desiredCount 없이). 서비스의 스케줄링 '
            "전략은 바꿀 수 없으니, 삭제하고 "
            '(`ecs.delete_service(cluster="shop", service="node-exporter", force=True)`) '
            "다시 만드세요.",
        )
    arns = v.ecs.list_container_instances(cluster="shop", status="ACTIVE")["containerInstanceArns"]
    hosts = {t["containerInstanceArn"] for t in _running(v.ecs, "shop", "node-exporter")}
    if hosts != set(arns):
        return T(
            f"{len(hosts)} of the {len(arns)} instances of 'shop' run a node-exporter task: run "
            "`sim.run_until_stable()`.",
            f"'shop'의 인스턴스 {len(arns)}개 중 {len(hosts)}개에서 node-exporter 태스크가 "
            "실행 중입니다: `sim.run_until_stable()`을 실행하세요.",
        )
    if not _is_service(v.exporter, "node-exporter"):
        return T(
            "The service is right; keep it in `exporter`, as "
            '`ecs.describe_services(cluster="shop", services=["node-exporter"])["services"][0]`.',
            "서비스는 맞습니다. "
            '`ecs.describe_services(cluster="shop", services=["node-exporter"])["services"][0]`'
            "을 `exporter`에 담으세요.",
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("A daemon on every host", "모든 호스트에 데몬"),
    reads=("exporter",),
    starter="exporter = ____",
    solution_code="""\
ecs.register_task_definition(
    family="node-exporter",
    containerDefinitions=[
        {"name": "exporter", "image": "prom/node-exporter:v1.8.1", "memory": 64}
    ],
)
ecs.create_service(
    cluster="shop",
    serviceName="node-exporter",
    taskDefinition="node-exporter",
    schedulingStrategy="DAEMON",
)
sim.run_until_stable()
exporter = ecs.describe_services(cluster="shop", services=["node-exporter"])["services"][0]
exporter["desiredCount"], exporter["runningCount"]""",
    wrong=(
        Wrong(
            'ecs.register_task_definition(family="node-exporter", containerDefinitions=['
            '{"name": "exporter", "image": "prom/node-exporter:v1.8.1", "memory": 64}])\n'
            'ecs.create_service(cluster="shop", serviceName="node-exporter", '
            'taskDefinition="node-exporter", desiredCount=4)\n'
            "sim.run_until_stable()\n"
            'exporter = ecs.describe_services(cluster="shop", services=["node-exporter"])'
            '["services"][0]',
            T("would get no exporter", "수집기가 없습니다"),
        ),
    ),
    hints=(
        T(
            "Two calls and a run: RegisterTaskDefinition, CreateService with the scheduling "
            "strategy that means 'one task on every instance', then `sim.run_until_stable()`.",
            "호출 두 번과 실행 한 번: RegisterTaskDefinition, '모든 인스턴스에 태스크 하나'를 "
            "뜻하는 스케줄링 전략으로 CreateService, 그다음 `sim.run_until_stable()`.",
        ),
        T(
            '`schedulingStrategy="DAEMON"`, and no `desiredCount` (ECS refuses one for a DAEMON '
            "service).",
            '`schedulingStrategy="DAEMON"`을 주고 `desiredCount`는 주지 마세요 (데몬 타입 '
            "서비스에는 ECS가 거부합니다).",
        ),
    ),
    judge=_judge_exporter,
    explanation=T(
        "A DAEMON service's desiredCount is the number of ACTIVE instances that meet its "
        "constraints; ECS starts daemon tasks first on a new instance and stops them last on a "
        "draining one. It is what Kubernetes calls a DaemonSet.",
        "데몬 타입 서비스의 desiredCount는 제약 조건을 만족하는 ACTIVE 인스턴스의 수입니다. "
        "ECS는 새 인스턴스에서 데몬 태스크를 가장 먼저 시작하고, 드레이닝 중인 인스턴스에서 "
        "가장 나중에 멈춥니다. 쿠버네티스의 DaemonSet에 해당합니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("An instance joins", "인스턴스가 합류할 때"),
    question=T(
        "A cluster runs a REPLICA service `web` (`desiredCount` 2) and a DAEMON service "
        "`log-agent`. A new container instance joins. What starts on it?",
        "클러스터에서 REPLICA 서비스 `web`(`desiredCount` 2)과 DAEMON 서비스 "
        "`log-agent`가 실행 중입니다. 새 컨테이너 인스턴스가 합류하면 그 위에서 무엇이 "
        "시작될까요?",
    ),
    choices=(
        Choice(
            T("A `web` task and a `log-agent` task", "`web` 태스크와 `log-agent` 태스크"),
            T(
                "A REPLICA service starts tasks only to reach its `desiredCount`; it already "
                "runs 2, so the new instance gets none of them.",
                "REPLICA 서비스는 `desiredCount`를 채울 때만 태스크를 시작합니다. 이미 2개가 "
                "실행 중이므로 새 인스턴스에는 `web` 태스크가 가지 않습니다.",
            ),
        ),
        Choice(
            T("Only a `log-agent` task", "`log-agent` 태스크만"),
            T(
                "Right: a DAEMON service runs one task on every container instance, including "
                "the ones that join later. The REPLICA service already has its 2 tasks.",
                "맞습니다. DAEMON 서비스는 나중에 합류하는 인스턴스를 포함해 모든 컨테이너 "
                "인스턴스에 태스크를 하나씩 실행합니다. REPLICA 서비스는 이미 태스크 2개를 "
                "갖고 있습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Nothing, until you call UpdateService",
                "UpdateService를 호출할 때까지 아무것도 시작되지 않는다",
            ),
            T(
                "The DAEMON service does not wait for you: its scheduler starts a task on the "
                "new instance by itself.",
                "DAEMON 서비스는 기다리지 않습니다. 서비스 스케줄러가 새 인스턴스에 스스로 "
                "태스크를 시작합니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Spread over zones", "가용 영역에 고르게 분산"),
    question=T(
        "A cluster has three instances in us-east-1a and one in us-east-1b. Which placement "
        "strategy puts a service's 4 tasks 2 in each zone?",
        "클러스터에 us-east-1a 인스턴스 세 대와 us-east-1b 인스턴스 한 대가 있습니다. 어떤 "
        "배치 전략이어야 서비스의 태스크 4개가 영역마다 2개씩 놓일까요?",
    ),
    choices=(
        Choice(
            T("`spread` on `instanceId`", "`instanceId` 기준 `spread`"),
            T(
                "That balances instances: one task on each of the four, so 3 in us-east-1a and "
                "1 in us-east-1b. With uneven zones, balancing hosts is not balancing zones.",
                "이것은 인스턴스를 고르게 맞춥니다. 네 대에 하나씩 놓이므로 us-east-1a에 3개, "
                "us-east-1b에 1개가 됩니다. 영역마다 인스턴스 수가 다르면 호스트를 고르게 "
                "맞춰도 영역은 고르지 않습니다.",
            ),
        ),
        Choice(
            T("`binpack` on `memory`", "`memory` 기준 `binpack`"),
            T(
                "`binpack` does the opposite of balancing: it fills the instance with the "
                "least memory left before using another, so the tasks crowd together.",
                "`binpack`은 분산과 반대입니다. 남은 메모리가 가장 적은 인스턴스부터 채우므로 "
                "태스크가 한곳에 몰립니다.",
            ),
        ),
        Choice(
            T(
                "`spread` on `attribute:ecs.availability-zone`",
                "`attribute:ecs.availability-zone` 기준 `spread`",
            ),
            T(
                "Right: spreading on the zone attribute balances the service's tasks over the "
                "zones' values, 2 and 2, however many instances each zone has.",
                "맞습니다. 가용 영역 속성을 기준으로 분산하면, 영역마다 인스턴스가 몇 대든 "
                "서비스의 태스크가 영역별로 2개씩 고르게 놓입니다.",
            ),
            correct=True,
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Scaling a service", "서비스 규모 바꾸기"),
    question=T(
        "Service `web` runs 2 tasks and must now run 5. What do you do?",
        "서비스 `web`은 태스크 2개를 실행 중인데, 이제 5개를 실행해야 합니다. 어떻게 할까요?",
    ),
    choices=(
        Choice(
            T("`UpdateService` with `desiredCount=5`", "`desiredCount=5`로 `UpdateService`"),
            T(
                "Right: the service keeps whatever count you give it; the scheduler starts 3 "
                "more tasks. Changing only the count is not a new deployment.",
                "맞습니다. 서비스는 주어진 개수를 유지하므로, 스케줄러가 태스크 3개를 더 "
                "시작합니다. 개수만 바꾸는 것은 새 배포가 아닙니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "`CreateService` again with the same name and `desiredCount=5`",
                "같은 이름, `desiredCount=5`로 `CreateService`를 다시 호출",
            ),
            T(
                "A service with that name already exists: ECS refuses to create it again with "
                "other settings. A service is changed with UpdateService.",
                "그 이름의 서비스가 이미 있으므로, ECS는 다른 설정으로 다시 만드는 것을 "
                "거부합니다. 서비스는 UpdateService로 바꿉니다.",
            ),
        ),
        Choice(
            T(
                "`RunTask` with `count=3` from the same task definition",
                "같은 태스크 디피니션으로 `count=3`을 주어 `RunTask`",
            ),
            T(
                "Tasks from RunTask do not belong to the service: it neither counts nor "
                "replaces them, and its `desiredCount` stays 2.",
                "RunTask로 시작한 태스크는 서비스에 속하지 않습니다. 서비스는 이 태스크를 "
                "세지도, 대체하지도 않으며, `desiredCount`도 2 그대로입니다.",
            ),
        ),
    ),
)
