"""Lesson 8 · Deployments and failure recovery: choose min/max percent so a rolling update on a
full cluster can move, turn on the circuit breaker with rollback, and find the steady-state
event."""

from __future__ import annotations

import math
from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.text import T

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "tight", "web", "api")


def deployments(ecs: Any, sim: Any, cluster: str, service: str) -> None:
    """Print the service's deployments as DescribeServices shows them, newest first."""
    found = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    print(f"t={sim.now:5.0f}s", service, "running", found["runningCount"])
    for d in found["deployments"]:
        revision = d["taskDefinition"].rsplit("/", 1)[-1]
        print(
            f"   {d['status']:8} {revision:6}"
            f"  running {d['runningCount']}  pending {d['pendingCount']}"
            f"  failed {d['failedTasks']}  {d['rolloutState']}"
        )


def _service(ecs: Any, cluster: str, name: str) -> dict[str, Any]:
    return ecs.describe_services(cluster=cluster, services=[name])["services"][0]


def _revision(arn: str | None) -> str:
    return (arn or "").rsplit("/", 1)[-1]


def _judge_rolling(v: Values) -> T | None:
    rolling = v.rolling
    if not isinstance(rolling, dict):
        return T(
            "`rolling` should be a deploymentConfiguration dict such as "
            '`{"minimumHealthyPercent": 100, "maximumPercent": 200}`.',
            "`rolling` 에는 "
            '`{"minimumHealthyPercent": 100, "maximumPercent": 200}` 같은 '
            "deploymentConfiguration dict 가 들어가야 합니다.",
        )
    service = _service(v.ecs, "tight", "api")
    config = service["deploymentConfiguration"]
    low, high = config.get("minimumHealthyPercent"), config.get("maximumPercent")
    wanted = (rolling.get("minimumHealthyPercent"), rolling.get("maximumPercent"))
    if wanted != (low, high):
        return T(
            f"Service api still has minimumHealthyPercent {low} and maximumPercent {high}, not "
            f'the values in `rolling`: apply them with `ecs.update_service(cluster="tight", '
            'service="api", deploymentConfiguration=rolling)`.',
            f"api 서비스는 아직 minimumHealthyPercent {low}, maximumPercent {high} 입니다. "
            '`rolling` 의 값이 아닙니다: `ecs.update_service(cluster="tight", '
            'service="api", deploymentConfiguration=rolling)` 로 적용하세요.',
        )
    desired = service["desiredCount"]
    keep = math.ceil(desired * low / 100)
    if keep * 2 < desired:
        return T(
            f"minimumHealthyPercent {low} keeps only ceil({desired} × {low} / 100) = {keep} "
            f"task(s) RUNNING during the update: fewer than 2 of {desired} would serve. Keep "
            "it at 50 or more.",
            f"minimumHealthyPercent {low} 는 업데이트 중 ceil({desired} × {low} / 100) = "
            f"{keep} 개의 태스크만 RUNNING 으로 남깁니다: {desired} 개 중 2 개 미만이 "
            "서비스하게 됩니다. 50 이상으로 두세요.",
        )
    primary = service["deployments"][0]
    if keep >= desired:
        return T(
            f"minimumHealthyPercent {low} means ceil({desired} × {low} / 100) = {keep}: all "
            f"{desired} old tasks must keep running, so ECS may only start new ones first, and "
            "the two instances have no memory left for a fifth 900 MiB task. Lower the "
            "minimum below 100 so ECS can stop some old tasks first.",
            f"minimumHealthyPercent {low} 은 ceil({desired} × {low} / 100) = {keep}: 이전 "
            f"태스크 {desired} 개가 모두 계속 실행되어야 하므로 ECS는 새 태스크를 먼저 "
            "시작할 수밖에 없는데, 인스턴스 두 대에는 다섯 번째 900 MiB 태스크를 위한 "
            "메모리가 없습니다. minimum 을 100 미만으로 낮춰 ECS가 이전 태스크 일부를 먼저 "
            "멈출 수 있게 하세요.",
        )
    done = (
        len(service["deployments"]) == 1
        and primary["rolloutState"] == "COMPLETED"
        and _revision(primary["taskDefinition"]) == "api:2"
        and primary["runningCount"] == desired
    )
    if not done:
        return T(
            f"The PRIMARY deployment ({_revision(primary['taskDefinition'])}) is "
            f"{primary['rolloutState']} with {primary['runningCount']} of {desired} running "
            f"and {len(service['deployments'])} deployment(s) left: run "
            "`sim.run_until_stable()` so the virtual clock moves.",
            f"PRIMARY 디플로이먼트 ({_revision(primary['taskDefinition'])}) 가 "
            f"{primary['rolloutState']} 이고 {desired} 개 중 {primary['runningCount']} 개가 "
            f"실행 중이며 디플로이먼트가 {len(service['deployments'])} 개 남았습니다: 가상 "
            "시계가 움직이도록 `sim.run_until_stable()` 을 실행하세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Let the update roll", "업데이트가 굴러가게 하기"),
    reads=("rolling",),
    uses=("sim", "ecs", "tasks_per_revision"),  # the setup cell imports tasks_per_revision
    starter="""\
# rolling = {"minimumHealthyPercent": ..., "maximumPercent": ...}
# ecs.update_service(cluster="tight", service="api", deploymentConfiguration=rolling)
# sim.run_until_stable()
rolling = ____""",
    solution_code="""\
rolling = {"minimumHealthyPercent": 50, "maximumPercent": 100}
ecs.update_service(cluster="tight", service="api", deploymentConfiguration=rolling)
sim.run_until_stable()
deployments(ecs, sim, "tight", "api")
tasks_per_revision(sim, "api", "tight", lang=LANG)""",
    wrong=(
        Wrong(
            'rolling = {"minimumHealthyPercent": 100, "maximumPercent": 300}\n'
            'ecs.update_service(cluster="tight", service="api", '
            "deploymentConfiguration=rolling)\n"
            "sim.run_until_stable(timeout=120)",
            T("Lower the minimum below 100", "minimum 을 100 미만으로"),
        ),
        Wrong(
            'rolling = {"minimumHealthyPercent": 0, "maximumPercent": 100}\n'
            'ecs.update_service(cluster="tight", service="api", '
            "deploymentConfiguration=rolling)\n"
            "sim.run_until_stable()",
            T("fewer than 2 of 4 would serve", "2 개 미만이 서비스하게"),
        ),
        Wrong(
            'rolling = {"minimumHealthyPercent": 50, "maximumPercent": 100}',
            T("apply them with", "적용하세요"),
        ),
    ),
    hints=(
        T(
            "There is no room for an extra task, so raising maximumPercent cannot help. What "
            "must ECS be allowed to do before it starts a new task?",
            "추가 태스크를 위한 자리가 없으니 maximumPercent 를 올려도 소용없습니다. 새 "
            "태스크를 시작하기 전에 ECS가 무엇을 할 수 있어야 할까요?",
        ),
        T(
            '`{"minimumHealthyPercent": 50, "maximumPercent": 100}`: ECS stops two old tasks, '
            "starts two new ones in their room, and repeats.",
            '`{"minimumHealthyPercent": 50, "maximumPercent": 100}`: ECS가 이전 태스크 두 '
            "개를 멈추고, 그 자리에 새 태스크 두 개를 시작하고, 이를 반복합니다.",
        ),
    ),
    judge=_judge_rolling,
    explanation=T(
        "With min 50 / max 100, ECS may stop 4 − ceil(4 × 0.5) = 2 old tasks, start 2 new "
        "ones in the freed memory, and repeat once they are healthy. 75 works too (one at a "
        "time, slower).",
        "min 50 / max 100 이면 ECS는 이전 태스크 4 − ceil(4 × 0.5) = 2 개를 멈추고, 비워진 "
        "메모리에 새 태스크 2 개를 시작하고, 그것이 정상이 되면 반복합니다. 75 도 됩니다 "
        "(하나씩, 더 느리게).",
    ),
)


def _judge_breaker(v: Values) -> T | None:
    breaker = v.breaker
    if not isinstance(breaker, dict):
        return T(
            "`breaker` should be the deploymentConfiguration dict you passed to update_service, "
            'with a `"deploymentCircuitBreaker"` entry.',
            "`breaker` 에는 update_service 에 넘긴 deploymentConfiguration dict 가 "
            '`"deploymentCircuitBreaker"` 항목과 함께 들어가야 합니다.',
        )
    service = _service(v.ecs, "shop", "web")
    circuit = service["deploymentConfiguration"].get("deploymentCircuitBreaker") or {}
    if not circuit.get("enable"):
        return T(
            "Service web's circuit breaker is off: pass "
            '`deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, '
            '"rollback": True}}` to `ecs.update_service(cluster="shop", service="web", ...)`.',
            "web 서비스의 서킷 브레이커가 꺼져 있습니다: "
            '`deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, '
            '"rollback": True}}` 를 `ecs.update_service(cluster="shop", service="web", ...)` '
            "에 넘기세요.",
        )
    messages = [e["message"] for e in service["events"]]
    tripped = any("deployment failed: tasks failed to start" in m for m in messages)
    primary = service["deployments"][0]
    if not circuit.get("rollback"):
        return T(
            "The breaker is on but rollback is false: when it trips, ECS only marks the "
            "deployment FAILED and leaves the service as it is, with no deployment to bring "
            'the service back. Set `"rollback": True`, then deploy web:3 again.',
            "서킷 브레이커는 켜졌지만 rollback 이 false 입니다: 브레이커가 작동하면 ECS는 "
            "디플로이먼트를 FAILED 로 표시할 뿐, 서비스를 되돌리는 디플로이먼트를 만들지 "
            '않습니다. `"rollback": True` 로 하고 web:3 을 다시 배포하세요.',
        )
    if not tripped:
        return T(
            "The breaker is on, but it has not acted yet: deploy the broken revision again "
            '(`ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")`) '
            "and run `sim.run_until_stable()`.",
            "서킷 브레이커는 켜졌지만 아직 작동하지 않았습니다: 망가진 리비전을 다시 배포하고 "
            '(`ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")`) '
            "`sim.run_until_stable()` 을 실행하세요.",
        )
    if not (
        len(service["deployments"]) == 1
        and _revision(primary["taskDefinition"]) == "web:2"
        and primary["rolloutState"] == "COMPLETED"
    ):
        return T(
            f"The breaker tripped; the PRIMARY deployment is "
            f"{_revision(primary['taskDefinition'])}, {primary['rolloutState']}. Run "
            "`sim.run_until_stable()` until the rollback to web:2 completes.",
            f"브레이커가 작동했습니다. PRIMARY 디플로이먼트는 "
            f"{_revision(primary['taskDefinition'])}, {primary['rolloutState']} 입니다. web:2 "
            "로의 롤백이 완료될 때까지 `sim.run_until_stable()` 을 실행하세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("The circuit breaker rolls back", "서킷 브레이커가 롤백한다"),
    reads=("breaker",),
    starter="breaker = ____",
    solution_code="""\
breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
ecs.update_service(cluster="shop", service="web", deploymentConfiguration=breaker)
ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")
sim.run_until_stable()
deployments(ecs, sim, "shop", "web")
for event in ecs.describe_services(cluster="shop", services=["web"])["services"][0]["events"][:6]:
    print(event["message"])""",
    wrong=(
        Wrong(
            'breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": False}}\n'
            'ecs.update_service(cluster="shop", service="web", '
            "deploymentConfiguration=breaker)\n"
            'ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")\n'
            "sim.run_until_stable(timeout=300)",
            T("rollback is false", "rollback 이 false"),
        ),
        Wrong(
            'breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}\n'
            'ecs.update_service(cluster="shop", service="web", '
            "deploymentConfiguration=breaker)",
            T("it has not acted yet", "아직 작동하지 않았습니다"),
        ),
    ),
    hints=(
        T(
            "The circuit breaker is part of the service's `deploymentConfiguration`, under "
            '`"deploymentCircuitBreaker"`, with two booleans, both required.',
            "서킷 브레이커는 서비스의 `deploymentConfiguration` 안의 "
            '`"deploymentCircuitBreaker"` 이며, 둘 다 필수인 불리언 두 개를 갖습니다.',
        ),
        T(
            '`breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}`; '
            "update the service with it, then update it to `web:3` and run until stable.",
            '`breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}` 로 '
            "서비스를 업데이트하고, 그다음 `web:3` 으로 업데이트한 뒤 안정될 때까지 "
            "실행하세요.",
        ),
    ),
    judge=_judge_breaker,
    explanation=T(
        "After 3 tasks of web:3 failed to start (threshold max(3, ceil(0.5 × 4))), ECS wrote "
        '"deployment failed: tasks failed to start" and "rolling back to deployment ...", '
        "and a new deployment of web:2 replaced everything.",
        "web:3 태스크 3 개가 시작에 실패하자 (임계값 max(3, ceil(0.5 × 4))), ECS는 "
        '"deployment failed: tasks failed to start" 와 "rolling back to deployment ..." 을 '
        "기록하고, web:2 의 새 디플로이먼트가 모든 것을 대체했습니다.",
    ),
)


def _judge_steady(v: Values) -> T | None:
    steady = v.steady
    events = _service(v.ecs, "shop", "web")["events"]
    messages = [e["message"] for e in events]
    if isinstance(steady, dict):
        return T(
            'That is a whole event; keep only its `["message"]`.',
            '이벤트 전체입니다. `["message"]` 만 담으세요.',
        )
    if not isinstance(steady, str) or steady not in messages:
        return T(
            "`steady` should be the message of one of web's events, copied exactly (a string "
            'from `events[i]["message"]`).',
            "`steady` 에는 web 이벤트 하나의 메시지를 그대로 담아야 합니다 "
            '(`events[i]["message"]` 의 문자열).',
        )
    if "has reached a steady state" not in steady:
        what = steady.split(") ", 1)[-1]
        return T(
            f"That event says the service {what!r}. Steady state is its own event: "
            '"(service web) has reached a steady state."',
            f"그 이벤트는 서비스가 {what!r} 라고 말합니다. 안정 상태는 별도의 이벤트입니다: "
            '"(service web) has reached a steady state."',
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("Steady state", "안정 상태 (steady state)"),
    reads=("steady",),
    uses=("sim", "ecs", "web_events"),
    starter="steady = ____",
    solution_code="""\
steady = next(e["message"] for e in web_events if "steady state" in e["message"])
steady""",
    wrong=(
        Wrong(
            'steady = next(e["message"] for e in web_events if "completed" in e["message"])',
            T("Steady state is its own event", "안정 상태는 별도의 이벤트"),
        ),
        Wrong(
            "steady = web_events[0]",
            T("keep only its", "만 담으세요"),
        ),
    ),
    hints=(
        T(
            "Each event is a dict with `id`, `createdAt` and `message`; the newest comes first. "
            'Look for the words "steady state".',
            "각 이벤트는 `id`, `createdAt`, `message` 를 가진 dict 이고, 최신 이벤트가 먼저 "
            '옵니다. "steady state" 라는 말을 찾으세요.',
        ),
        T(
            '`next(e["message"] for e in web_events if "steady state" in e["message"])`.',
            '`next(e["message"] for e in web_events if "steady state" in e["message"])`.',
        ),
    ),
    judge=_judge_steady,
    explanation=T(
        "ECS writes this event when the service runs its desired count, healthy, with one "
        "deployment, and repeats it periodically while nothing changes.",
        "서비스가 원하는 개수를 정상 상태로, 디플로이먼트 하나로 실행하면 ECS가 이 이벤트를 "
        "기록하고, 변화가 없는 동안 주기적으로 반복합니다.",
    ),
)
