"""Lesson 8 · Deployments and failure recovery: choose min/max percent so a rolling update on a
full cluster can move, turn on the circuit breaker with rollback, find the steady-state event,
look at green through the test listener rule while a blue/green deployment waits, and send a
canary's share of production traffic to a new revision."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ecslearn.lessons.blue_green_front import BlueGreenFront, blue_green_front, requests_by_group
from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.views.deployment_timeline import deployment_timeline_data

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "tight", "web", "api", "store")

#: A Lambda function's ARN the lesson's smoke test answers under (`sim.lifecycle_hooks`).
SMOKE_TEST = "arn:aws:lambda:us-east-1:123456789012:function:smoke-test"
HOOK_ROLE = "arn:aws:iam::123456789012:role/ecsLambdaHookRole"


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
            "`rolling`에는 "
            '`{"minimumHealthyPercent": 100, "maximumPercent": 200}` 같은 '
            "deploymentConfiguration dict가 들어가야 합니다.",
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
            f"api 서비스는 아직 minimumHealthyPercent {low}, maximumPercent {high}입니다. "
            '`rolling`의 값이 아닙니다: `ecs.update_service(cluster="tight", '
            'service="api", deploymentConfiguration=rolling)`으로 적용하세요.',
        )
    desired = service["desiredCount"]
    keep = math.ceil(desired * low / 100)
    if keep * 2 < desired:
        return T(
            f"minimumHealthyPercent {low} keeps only ceil({desired} × {low} / 100) = {keep} "
            f"task(s) RUNNING during the update: fewer than 2 of {desired} would serve. Keep "
            "it at 50 or more.",
            f"minimumHealthyPercent가 {low}이면 업데이트 중 ceil({desired} × {low} / 100) = "
            f"{keep}개의 태스크만 RUNNING으로 남습니다: {desired}개 중 2개 미만이 "
            "서비스하게 됩니다. 50 이상으로 두세요.",
        )
    primary = service["deployments"][0]
    if keep >= desired:
        return T(
            f"minimumHealthyPercent {low} means ceil({desired} × {low} / 100) = {keep}: all "
            f"{desired} old tasks must keep running, so ECS may only start new ones first, and "
            "the two instances have no memory left for a fifth 900 MiB task. Lower the "
            "minimum below 100 so ECS can stop some old tasks first.",
            f"minimumHealthyPercent가 {low}이면 ceil({desired} × {low} / 100) = {keep}: 이전 "
            f"태스크 {desired}개가 모두 계속 실행되어야 하므로 ECS는 새 태스크를 먼저 "
            "시작할 수밖에 없는데, 인스턴스 두 대에는 다섯 번째 900 MiB 태스크를 위한 "
            "메모리가 없습니다. minimum을 100 미만으로 낮춰 ECS가 이전 태스크 일부를 먼저 "
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
            f"PRIMARY 배포 ({_revision(primary['taskDefinition'])})의 상태는 "
            f"{primary['rolloutState']}, {desired}개 중 {primary['runningCount']}개가 "
            f"실행 중이며 배포가 {len(service['deployments'])}개 남았습니다: 가상 "
            "시계가 움직이도록 `sim.run_until_stable()`을 실행하세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Let the update roll", "롤링 업데이트가 끝까지 진행되게 하기"),
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
            T("Lower the minimum below 100", "minimum을 100 미만으로"),
        ),
        Wrong(
            'rolling = {"minimumHealthyPercent": 0, "maximumPercent": 100}\n'
            'ecs.update_service(cluster="tight", service="api", '
            "deploymentConfiguration=rolling)\n"
            "sim.run_until_stable()",
            T("fewer than 2 of 4 would serve", "2개 미만이 서비스하게"),
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
            "추가 태스크를 위한 자리가 없으니 maximumPercent를 올려도 소용없습니다. 새 "
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
        "메모리에 새 태스크 2개를 시작하고, 그것이 정상이 되면 반복합니다. 75도 됩니다 "
        "(하나씩, 더 느리게).",
    ),
)


def _judge_breaker(v: Values) -> T | None:
    breaker = v.breaker
    if not isinstance(breaker, dict):
        return T(
            "`breaker` should be the deploymentConfiguration dict you passed to update_service, "
            'with a `"deploymentCircuitBreaker"` entry.',
            "`breaker`에는 update_service에 넘긴 deploymentConfiguration dict가 "
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
            '"rollback": True}}`를 `ecs.update_service(cluster="shop", service="web", ...)`에 '
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
            "서킷 브레이커는 켜졌지만 rollback이 false입니다: 브레이커가 작동하면 ECS는 "
            "배포를 FAILED로 표시할 뿐, 서비스를 되돌리는 배포를 만들지 "
            '않습니다. `"rollback": True`로 하고 web:3을 다시 배포하세요.',
        )
    if not tripped:
        return T(
            "The breaker is on, but it has not acted yet: deploy the broken revision again "
            '(`ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")`) '
            "and run `sim.run_until_stable()`.",
            "서킷 브레이커는 켜졌지만 아직 작동하지 않았습니다: 망가진 리비전을 다시 배포하고 "
            '(`ecs.update_service(cluster="shop", service="web", taskDefinition="web:3")`) '
            "`sim.run_until_stable()`을 실행하세요.",
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
            f"브레이커가 작동했습니다. PRIMARY 배포는 "
            f"{_revision(primary['taskDefinition'])}, {primary['rolloutState']} 상태입니다. "
            "web:2로의 롤백이 완료될 때까지 `sim.run_until_stable()`을 실행하세요.",
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
            T("rollback is false", "rollback이 false"),
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
            '`"deploymentCircuitBreaker"`이며, 둘 다 필수인 불리언 두 개를 갖습니다.',
        ),
        T(
            '`breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}`; '
            "update the service with it, then update it to `web:3` and run until stable.",
            '`breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}`로 '
            "서비스를 업데이트하고, 그다음 `web:3`으로 업데이트한 뒤 안정될 때까지 "
            "실행하세요.",
        ),
    ),
    judge=_judge_breaker,
    explanation=T(
        "After 3 tasks of web:3 failed to start (threshold max(3, ceil(0.5 × 4))), ECS wrote "
        '"deployment failed: tasks failed to start" and "rolling back to deployment ...", '
        "and a new deployment of web:2 replaced everything.",
        "web:3 태스크 3개가 시작에 실패하자 (임계값 max(3, ceil(0.5 × 4))), ECS는 "
        '"deployment failed: tasks failed to start"와 "rolling back to deployment ..."를 '
        "기록하고, web:2의 새 배포가 모든 것을 대체했습니다.",
    ),
)


def _judge_steady(v: Values) -> T | None:
    steady = v.steady
    events = _service(v.ecs, "shop", "web")["events"]
    messages = [e["message"] for e in events]
    if isinstance(steady, dict):
        return T(
            'That is a whole event; keep only its `["message"]`.',
            '이벤트 전체입니다. `["message"]`만 담으세요.',
        )
    if not isinstance(steady, str) or steady not in messages:
        return T(
            "`steady` should be the message of one of web's events, copied exactly (a string "
            'from `events[i]["message"]`).',
            "`steady`에는 web 이벤트 하나의 메시지를 그대로 담아야 합니다 "
            '(`events[i]["message"]`의 문자열).',
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
            "각 이벤트는 `id`, `createdAt`, `message`를 가진 dict이고, 최신 이벤트가 먼저 "
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
        "서비스가 원하는 개수를 정상 상태로, 배포 하나로 실행하면 ECS가 이 이벤트를 "
        "기록하고, 변화가 없는 동안 주기적으로 반복합니다.",
    ),
)


# -- blue/green and canary --------------------------------------------------------------------
def store_front(sim: Any) -> BlueGreenFront:
    """Make the Application Load Balancer `store` with target groups ``store-a`` (production's
    at first) and ``store-b``, a production rule and a test rule (``X-Test: 1``), and wait until
    it is active (lesson 9 explains each call; `ecslearn.lessons.blue_green_front` makes it)."""
    return blue_green_front(sim, "store", ("store-a", "store-b"))


def where_requests_go(sim: Any, front: BlueGreenFront, n: int = 20) -> dict[str, Counter]:
    """Send `n` user requests and `n` test requests; print and return which target group
    answered them."""
    seen = requests_by_group(sim, front, n)
    shown = "  ".join(
        f"{kind} → " + ", ".join(f"{group} ×{count}" for group, count in sorted(found.items()))
        for kind, found in seen.items()
    )
    print(f"t={sim.now:5.0f}s  {shown}")
    return seen


def newest_deployment(ecs: Any, sim: Any, cluster: str, service: str) -> dict[str, Any]:
    """Print and return the service's newest service deployment (DescribeServiceDeployments)."""
    listed = ecs.list_service_deployments(cluster=cluster, service=service)
    arn = listed["serviceDeployments"][0]["serviceDeploymentArn"]
    found = ecs.describe_service_deployments(serviceDeploymentArns=[arn])
    deployment = found["serviceDeployments"][0]
    hooks = [f"{h['targetType']} {h['status']}" for h in deployment.get("lifecycleHookDetails", [])]
    target = deployment["targetServiceRevision"]
    print(
        f"t={sim.now:5.0f}s  {deployment['status']:20} {deployment.get('lifecycleStage', ''):30}"
        f" green running {target['runningTaskCount']}" + (f"  hooks: {hooks}" if hooks else "")
    )
    return deployment


def wait_for_hook(ecs: Any, sim: Any, cluster: str, service: str) -> tuple[str, str]:
    """Advance the clock 5 s at a time (at most an hour) until the newest deployment waits for
    a PAUSE hook; its ARN and the hook's ID, what ContinueServiceDeployment takes."""
    for _ in range(720):
        listed = ecs.list_service_deployments(cluster=cluster, service=service)
        arn = listed["serviceDeployments"][0]["serviceDeploymentArn"]
        found = ecs.describe_service_deployments(serviceDeploymentArns=[arn])
        for hook in found["serviceDeployments"][0].get("lifecycleHookDetails", []):
            if hook["status"] == "AWAITING_ACTION":
                return arn, hook["hookId"]
        sim.advance(5)
    raise RuntimeError(f"No deployment of {service} waited for a PAUSE hook within an hour.")


def _group_names(value: Any) -> set[str] | None:
    """A learner's "which target groups answered": a set, list or Counter of names."""
    if isinstance(value, (set, frozenset, list, tuple, dict)):
        names = set(value)
        if all(isinstance(n, str) for n in names):
            return names
    return None


def _newest(ecs: Any, cluster: str, service: str) -> dict[str, Any]:
    listed = ecs.list_service_deployments(cluster=cluster, service=service)
    arn = listed["serviceDeployments"][0]["serviceDeploymentArn"]
    return ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0]


def _target_revision(ecs: Any, deployment: dict[str, Any]) -> str:
    arn = deployment["targetServiceRevision"]["arn"]
    [revision] = ecs.describe_service_revisions(serviceRevisionArns=[arn])["serviceRevisions"]
    return _revision(revision["taskDefinition"])


def _judge_paused(v: Values) -> T | None:
    production, test = _group_names(v.production_sees), _group_names(v.test_sees)
    if production is None or test is None:
        return T(
            "`production_sees` and `test_sees` should hold the names of the target groups that "
            'answered, e.g. `set(seen["production"])` after `seen = where_requests_go(sim, '
            "front)`.",
            "`production_sees`와 `test_sees`에는 응답한 대상 그룹의 이름이 들어가야 합니다. "
            '예: `seen = where_requests_go(sim, front)` 다음의 `set(seen["production"])`.',
        )
    deployment = _newest(v.ecs, "store", "store")
    if _target_revision(v.ecs, deployment) != "store:3":
        return T(
            "The newest deployment of service store is not to store:3: update the service "
            'with `taskDefinition="store:3"` and `deploymentConfiguration=paused`.',
            "store 서비스의 가장 최근 배포가 store:3으로 가는 배포가 아닙니다. "
            '`taskDefinition="store:3"`과 `deploymentConfiguration=paused`로 서비스를 '
            "업데이트하세요.",
        )
    hooks = deployment["deploymentConfiguration"].get("lifecycleHooks") or []
    pauses = [h for h in hooks if h.get("targetType") == "PAUSE"]
    if not any("POST_TEST_TRAFFIC_SHIFT" in h.get("lifecycleStages", []) for h in pauses):
        return T(
            "The deployment has no PAUSE hook at POST_TEST_TRAFFIC_SHIFT, so it does not wait "
            "for you after test traffic reaches green: use "
            '`[{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]`.',
            "배포에 POST_TEST_TRAFFIC_SHIFT 단계의 PAUSE 훅이 없어서, 테스트 트래픽이 green에 "
            "닿은 뒤 기다려 주지 않습니다. "
            '`[{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]`를 '
            "쓰세요.",
        )
    waiting = any(h["status"] == "AWAITING_ACTION" for h in deployment["lifecycleHookDetails"])
    if deployment["status"] == "IN_PROGRESS" and waiting:
        return T(
            "The deployment still waits for you: call `ecs.continue_service_deployment("
            "serviceDeploymentArn=deployment_arn, hookId=hook_id)`, then "
            "`sim.run_until_stable()`.",
            "배포가 아직 기다리고 있습니다: `ecs.continue_service_deployment("
            "serviceDeploymentArn=deployment_arn, hookId=hook_id)`를 호출한 다음 "
            "`sim.run_until_stable()`을 실행하세요.",
        )
    if deployment["status"] != "SUCCESSFUL":
        return T(
            f"The deployment to store:3 is {deployment['status']} "
            f"({deployment.get('statusReason', '')}). Continue it and run "
            "`sim.run_until_stable()` until it is SUCCESSFUL.",
            f"store:3으로 가는 배포가 {deployment['status']} 상태입니다 "
            f"({deployment.get('statusReason', '')}). 배포를 계속 진행시키고 SUCCESSFUL이 될 "
            "때까지 `sim.run_until_stable()`을 실행하세요.",
        )
    green = set(sim_groups(v.sim, v.front))
    old = {name for name in v.front.groups if name not in green}
    if (production, test) != (old, green):
        return T(
            f"While the deployment waited, users (production) should have reached only "
            f"{sorted(old)} and testers (X-Test: 1) only {sorted(green)}; you have "
            f"{sorted(production)} and {sorted(test)}. Look with `where_requests_go` after "
            "`wait_for_hook` and before continuing.",
            f"배포가 기다리는 동안 사용자 요청 (production)은 {sorted(old)}에만, 테스터 요청 "
            f"(X-Test: 1)은 {sorted(green)}에만 닿았어야 합니다. 지금 값은 "
            f"production_sees = {sorted(production)}, test_sees = {sorted(test)}입니다. "
            "`wait_for_hook` 다음, 계속 진행하기 전에 `where_requests_go`로 확인하세요.",
        )
    return None


def sim_groups(sim: Any, front: BlueGreenFront) -> list[str]:
    """The target groups the production rule forwards to now (green after a success), read
    from ELB's DescribeRules: a check looks without sending traffic."""
    elbv2 = sim.client("elbv2")
    [rule] = elbv2.describe_rules(RuleArns=[front.production])["Rules"]
    names = {arn: name for name, arn in front.groups.items()}
    return sorted(
        names[group["TargetGroupArn"]]
        for action in rule["Actions"]
        if action["Type"] == "forward"
        for group in action["ForwardConfig"]["TargetGroups"]
        if group.get("Weight", 1) > 0
    )


ex4 = Exercise(
    name="ex4",
    title=T("Look at green before your users do", "사용자보다 먼저 green을 보기"),
    reads=("production_sees", "test_sees"),
    uses=("sim", "ecs", "front"),
    starter="""\
paused = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, "lifecycleHooks": ____}
# ecs.update_service(cluster="store", service="store", taskDefinition="store:3",
#                    deploymentConfiguration=paused)
# deployment_arn, hook_id = wait_for_hook(ecs, sim, "store", "store")
# seen = where_requests_go(sim, front)
production_sees = ____
test_sees = ____
# ecs.continue_service_deployment(...)
# sim.run_until_stable()""",
    solution_code="""\
pause = {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}
paused = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, "lifecycleHooks": [pause]}
ecs.update_service(
    cluster="store", service="store", taskDefinition="store:3", deploymentConfiguration=paused
)
deployment_arn, hook_id = wait_for_hook(ecs, sim, "store", "store")
seen = where_requests_go(sim, front)
production_sees = set(seen["production"])
test_sees = set(seen["test"])
ecs.continue_service_deployment(serviceDeploymentArn=deployment_arn, hookId=hook_id)
sim.run_until_stable()
newest_deployment(ecs, sim, "store", "store")""",
    wrong=(
        Wrong(
            'paused = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, "lifecycleHooks": []}\n'
            'ecs.update_service(cluster="store", service="store", taskDefinition="store:3", '
            "deploymentConfiguration=paused)\n"
            "sim.run_until_stable()\n"
            "seen = where_requests_go(sim, front)\n"
            'production_sees, test_sees = set(seen["production"]), set(seen["test"])',
            T("no PAUSE hook at POST_TEST_TRAFFIC_SHIFT", "PAUSE 훅이 없어서"),
        ),
        Wrong(
            'pause = {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}\n'
            'paused = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, '
            '"lifecycleHooks": [pause]}\n'
            'ecs.update_service(cluster="store", service="store", taskDefinition="store:3", '
            "deploymentConfiguration=paused)\n"
            'deployment_arn, hook_id = wait_for_hook(ecs, sim, "store", "store")\n'
            "seen = where_requests_go(sim, front)\n"
            'production_sees, test_sees = set(seen["production"]), set(seen["test"])',
            T("still waits for you", "아직 기다리고"),
        ),
        Wrong(
            'pause = {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}\n'
            'paused = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, '
            '"lifecycleHooks": [pause]}\n'
            'ecs.update_service(cluster="store", service="store", taskDefinition="store:3", '
            "deploymentConfiguration=paused)\n"
            'deployment_arn, hook_id = wait_for_hook(ecs, sim, "store", "store")\n'
            "ecs.continue_service_deployment(serviceDeploymentArn=deployment_arn, "
            "hookId=hook_id)\n"
            "sim.run_until_stable()\n"
            "seen = where_requests_go(sim, front)\n"
            'production_sees, test_sees = set(seen["production"]), set(seen["test"])',
            T("Look with `where_requests_go` after", "진행하기 전에"),
        ),
    ),
    hints=(
        T(
            "A lifecycle hook of `targetType` PAUSE makes the deployment wait at its stage "
            "until you call ContinueServiceDeployment. Which stage comes right after test "
            "traffic reaches green?",
            "`targetType` 값이 PAUSE인 수명 주기 훅은 그 단계에서 ContinueServiceDeployment를 "
            "호출할 때까지 배포를 멈춰 둡니다. 테스트 트래픽이 green에 닿은 바로 다음 단계는 "
            "무엇일까요?",
        ),
        T(
            '`[{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]`; after '
            "`wait_for_hook`, `seen = where_requests_go(sim, front)`, keep "
            '`set(seen["production"])` and `set(seen["test"])`, then continue with the hook\'s ID.',
            '`[{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]`를 쓰고, '
            "`wait_for_hook` 다음에 `seen = where_requests_go(sim, front)`로 "
            '`set(seen["production"])`과 `set(seen["test"])`를 담은 뒤, 훅 ID로 계속 '
            "진행하세요.",
        ),
    ),
    judge=_judge_paused,
    explanation=T(
        "While the deployment waited at POST_TEST_TRAFFIC_SHIFT, the production rule still "
        "forwarded 100% to blue and the test rule 100% to green: testers could try store:3 "
        "with real requests before a single user did. ContinueServiceDeployment let ECS shift "
        "production, bake, and stop blue.",
        "배포가 POST_TEST_TRAFFIC_SHIFT에서 기다리는 동안 프로덕션 규칙은 여전히 100%를 "
        "blue로, 테스트 규칙은 100%를 green으로 보냈습니다. 사용자가 한 명도 닿기 전에 "
        "테스터가 실제 요청으로 store:3을 확인할 수 있었습니다. ContinueServiceDeployment로 "
        "ECS가 프로덕션 트래픽을 옮기고, 베이크 시간을 기다리고, blue를 멈췄습니다.",
    ),
)


def _judge_canary(v: Values) -> T | None:
    canary = v.canary
    if not isinstance(canary, dict) or canary.get("strategy") != "CANARY":
        return T(
            '`canary` should be a deploymentConfiguration dict with `"strategy": "CANARY"`.',
            '`canary`에는 `"strategy": "CANARY"`인 deploymentConfiguration dict가 들어가야 합니다.',
        )
    deployment = _newest(v.ecs, "store", "store")
    config = deployment["deploymentConfiguration"]
    if _target_revision(v.ecs, deployment) != "store:4" or config.get("strategy") != "CANARY":
        return T(
            "The newest deployment of service store is not a CANARY deployment to store:4: "
            'update the service with `taskDefinition="store:4"` and '
            "`deploymentConfiguration=canary`.",
            "store 서비스의 가장 최근 배포가 store:4로 가는 CANARY 배포가 아닙니다. "
            '`taskDefinition="store:4"`와 `deploymentConfiguration=canary`로 서비스를 '
            "업데이트하세요.",
        )
    step = config.get("canaryConfiguration") or {}
    percent, minutes = step.get("canaryPercent"), step.get("canaryBakeTimeInMinutes")
    if (percent, minutes) != (20.0, 3):
        return T(
            f"The canary sends {percent}% for {minutes} minute(s); the task asks for 20% of "
            'users for 3 minutes: `"canaryConfiguration": {"canaryPercent": 20, '
            '"canaryBakeTimeInMinutes": 3}`.',
            f"지금 카나리는 green에 {percent}%, {minutes}분입니다. 과제는 사용자의 20%를 "
            '3분 동안입니다: `"canaryConfiguration": {"canaryPercent": 20, '
            '"canaryBakeTimeInMinutes": 3}`.',
        )
    if config.get("bakeTimeInMinutes") != 2:
        return T(
            f"bakeTimeInMinutes is {config.get('bakeTimeInMinutes')}: keep both revisions "
            "running for 2 minutes after all traffic has moved.",
            f"bakeTimeInMinutes 값이 {config.get('bakeTimeInMinutes')}입니다. 모든 트래픽이 "
            "옮겨진 뒤 두 리비전을 2분 동안 함께 실행하세요.",
        )
    if any(h.get("targetType") == "PAUSE" for h in config.get("lifecycleHooks") or []):
        return T(
            "The deployment still carries the PAUSE hook of exercise 4, so it waits for you at "
            'POST_TEST_TRAFFIC_SHIFT: put `"lifecycleHooks": []` in `canary`.',
            "배포에 연습 4의 PAUSE 훅이 아직 남아 있어서 POST_TEST_TRAFFIC_SHIFT에서 "
            '기다립니다: `canary`에 `"lifecycleHooks": []`를 넣으세요.',
        )
    if deployment["status"] != "SUCCESSFUL":
        return T(
            f"The canary deployment is {deployment['status']}: run `sim.run_until_stable()`.",
            f"카나리 배포가 {deployment['status']} 상태입니다: `sim.run_until_stable()`을 "
            "실행하세요.",
        )
    timeline = deployment_timeline_data(
        v.sim, "store", "store", deployment_arn=deployment["serviceDeploymentArn"]
    )
    held = [t for t, p in zip(timeline.times, timeline.production, strict=True) if p == 20.0]
    after = [t for t, p in zip(timeline.times, timeline.production, strict=True) if p == 100.0]
    if not held or not after or after[0] - held[0] < 180:
        return T(
            "The deployment did not hold 20% of production traffic on green for 3 minutes.",
            "배포가 프로덕션 트래픽의 20%를 3분 동안 green에 두지 않았습니다.",
        )
    return None


ex5 = Exercise(
    name="ex5",
    title=T("A canary", "카나리 배포"),
    reads=("canary",),
    uses=("sim", "ecs", "deployment_timeline"),  # the setup cell imports deployment_timeline
    starter="""\
canary = ____
# ecs.update_service(cluster="store", service="store", taskDefinition="store:4",
#                    deploymentConfiguration=canary)
# sim.run_until_stable()""",
    solution_code="""\
canary = {
    "strategy": "CANARY",
    "canaryConfiguration": {"canaryPercent": 20, "canaryBakeTimeInMinutes": 3},
    "bakeTimeInMinutes": 2,
    "lifecycleHooks": [],
}
ecs.update_service(
    cluster="store", service="store", taskDefinition="store:4", deploymentConfiguration=canary
)
sim.run_until_stable()
deployment_timeline(sim, "store", "store", lang=LANG)""",
    wrong=(
        Wrong(
            'canary = {"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 10, '
            '"canaryBakeTimeInMinutes": 3}, "bakeTimeInMinutes": 2, "lifecycleHooks": []}\n'
            'ecs.update_service(cluster="store", service="store", taskDefinition="store:4", '
            "deploymentConfiguration=canary)\n"
            "sim.run_until_stable()",
            T("the task asks for 20% of users", "과제는 사용자의 20%"),
        ),
        Wrong(
            'canary = {"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 20, '
            '"canaryBakeTimeInMinutes": 3}, "bakeTimeInMinutes": 2}\n'
            'ecs.update_service(cluster="store", service="store", taskDefinition="store:4", '
            "deploymentConfiguration=canary)\n"
            "sim.run_until_stable(timeout=120)",
            T("still carries the PAUSE hook", "PAUSE 훅이 아직"),
        ),
    ),
    hints=(
        T(
            "A CANARY deployment takes `canaryConfiguration` (`canaryPercent`, "
            "`canaryBakeTimeInMinutes`) and, like every traffic-shifting strategy, "
            "`bakeTimeInMinutes` for after the last shift.",
            "CANARY 배포는 `canaryConfiguration` (`canaryPercent`, "
            "`canaryBakeTimeInMinutes`)을 받고, 트래픽을 옮기는 다른 전략처럼 마지막 이동 "
            "뒤를 위한 `bakeTimeInMinutes`도 받습니다.",
        ),
        T(
            '`{"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 20, '
            '"canaryBakeTimeInMinutes": 3}, "bakeTimeInMinutes": 2, "lifecycleHooks": []}`.',
            '`{"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 20, '
            '"canaryBakeTimeInMinutes": 3}, "bakeTimeInMinutes": 2, "lifecycleHooks": []}`.',
        ),
    ),
    judge=_judge_canary,
    explanation=T(
        "ECS started store:4 at full size, moved 20% of production to it by rewriting the "
        "production rule's weights (80/20), waited 3 minutes, moved the rest, baked 2 minutes "
        "with both revisions up, then stopped store:3. Had an alarm gone off or a hook failed "
        "during those minutes, only a fifth of the users would have met the bad version.",
        "ECS는 store:4를 전체 개수로 시작하고, 프로덕션 규칙의 가중치를 80/20으로 바꿔 "
        "프로덕션 트래픽의 20%를 옮기고, 3분을 기다린 뒤 나머지를 옮기고, 두 리비전을 함께 "
        "띄운 채 2분 베이크한 다음 store:3을 멈췄습니다. 그동안 경보가 울리거나 훅이 "
        "실패했다면 나쁜 버전을 만난 사용자는 5분의 1 뿐이었을 것입니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("The bounds of a rolling update", "롤링 업데이트의 한계"),
    question=T(
        "Service `api` has `desiredCount` 4, `minimumHealthyPercent` 50 and `maximumPercent` "
        "100. What does a rolling update to a new revision respect?",
        "서비스 `api`는 `desiredCount` 4, `minimumHealthyPercent` 50, `maximumPercent` "
        "100입니다. 새 리비전으로 롤링 업데이트할 때 무엇을 지킬까요?",
    ),
    choices=(
        Choice(
            T(
                "At least 4 tasks RUNNING and at most 8 in all, because new tasks always start "
                "first",
                "RUNNING 태스크 최소 4개, 전체 최대 8개: 새 태스크가 언제나 먼저 시작되므로",
            ),
            T(
                "Those are the bounds of the defaults, 100 and 200. With 50 and 100: "
                "ceil(4 × 50 / 100) = 2 and floor(4 × 100 / 100) = 4.",
                "그것은 기본값 100과 200일 때의 한계입니다. 50과 100이면 "
                "ceil(4 × 50 / 100) = 2, floor(4 × 100 / 100) = 4입니다.",
            ),
        ),
        Choice(
            T(
                "At least 2 healthy tasks, at most 4 in all: old ones stop before new ones start",
                "정상 태스크 최소 2개, 전체 최대 4개: 새 태스크보다 이전 태스크를 먼저 중지한다",
            ),
            T(
                "Right: with no room above 4, ECS first stops up to 2 old tasks (keeping 2 "
                "serving), starts new ones in their place, and repeats. This is how an update "
                "moves on a cluster with no spare room.",
                "맞습니다. 4개를 넘을 수 없으므로 ECS는 먼저 이전 태스크를 최대 2개 중지하고"
                "(2개는 계속 서비스), 그 자리에 새 태스크를 시작하기를 되풀이합니다. 여유 "
                "공간이 없는 클러스터에서도 업데이트가 진행되는 방법입니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Exactly 2 old and 2 new tasks until the end",
                "끝날 때까지 정확히 이전 태스크 2개와 새 태스크 2개",
            ),
            T(
                "The two numbers are bounds, not a fixed split: the update goes on until all "
                "4 tasks run the new revision.",
                "두 값은 한계일 뿐, 고정된 비율이 아닙니다. 업데이트는 태스크 4개가 모두 새 "
                "리비전을 실행할 때까지 계속됩니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("The circuit breaker", "배포 서킷 브레이커"),
    question=T(
        "A service has `deploymentCircuitBreaker` with `enable` and `rollback` both true. Its "
        "new revision names an image that cannot be pulled. What happens?",
        "서비스의 `deploymentCircuitBreaker`에서 `enable`과 `rollback`이 모두 true입니다. "
        "새 리비전이 받을 수 없는 이미지를 지정했다면 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "ECS keeps retrying, ever more slowly, and the deployment stays `IN_PROGRESS`",
                "ECS가 점점 느리게 계속 재시도하고, 배포는 `IN_PROGRESS`에 머문다",
            ),
            T(
                "That is what happens *without* the circuit breaker. With it, enough failed "
                "starts end the deployment.",
                "그것은 서킷 브레이커가 *없을* 때의 동작입니다. 서킷 브레이커가 있으면, 시작에 "
                "실패한 태스크가 충분히 쌓일 때 배포가 끝납니다.",
            ),
        ),
        Choice(
            T(
                "ECS stops the old tasks too, so that nothing runs a broken mix",
                "이전 태스크도 중지해서, 깨진 버전이 섞여 실행되지 않게 한다",
            ),
            T(
                "The old tasks keep serving the whole time (with the default minimum of 100%, "
                "ECS may not stop them first): they are what the rollback returns to.",
                "이전 태스크는 그동안 계속 서비스합니다(최소 정상 비율이 기본값 100%이면 먼저 "
                "중지할 수 없습니다). 롤백이 돌아가는 곳이 바로 그 태스크입니다.",
            ),
        ),
        Choice(
            T(
                "The deployment is marked `FAILED` and ECS rolls back to the last completed one",
                "배포가 `FAILED`로 표시되고, ECS가 마지막으로 완료된 배포로 롤백한다",
            ),
            T(
                "Right: once enough tasks fail to start, the circuit breaker marks the "
                "deployment FAILED; with `rollback` it starts a new deployment of the last one "
                "that completed.",
                "맞습니다. 시작에 실패한 태스크가 충분히 쌓이면 서킷 브레이커가 배포를 "
                "FAILED로 표시하고, `rollback`이 켜져 있으면 마지막으로 완료된 배포를 새 "
                "배포로 다시 시작합니다.",
            ),
            correct=True,
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Blue/green traffic", "블루/그린 트래픽"),
    question=T(
        "In a `BLUE_GREEN` deployment, how does production traffic reach the new revision (green)?",
        "`BLUE_GREEN` 배포에서 프로덕션 트래픽은 새 리비전(green)에 어떻게 도달할까요?",
    ),
    choices=(
        Choice(
            T(
                "All at once, once green runs at full size; blue stays up through the bake time",
                "green이 전체 규모로 실행된 뒤 한 번에. blue는 베이크 시간 동안 유지된다",
            ),
            T(
                "Right: ECS rewrites the production rule's weights in one step. Blue keeps "
                "running for `bakeTimeInMinutes`, so a rollback is moving the weights back.",
                "맞습니다. ECS가 프로덕션 규칙의 가중치를 한 번에 바꿉니다. blue는 "
                "`bakeTimeInMinutes` 동안 계속 실행되므로, 롤백은 가중치를 되돌리는 것으로 "
                "끝납니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Task by task, as each green task starts, like a rolling update behind one "
                "target group",
                "green 태스크가 시작될 때마다 하나씩, 대상 그룹 하나 뒤에서 하는 롤링 업데이트처럼",
            ),
            T(
                "That mix of old and new is what blue/green avoids: green runs in a second "
                "target group and gets no user until the switch.",
                "블루/그린은 바로 그렇게 이전 버전과 새 버전이 섞이는 것을 피합니다. green은 "
                "두 번째 대상 그룹에서 실행되고, 전환 전까지 사용자 요청을 받지 않습니다.",
            ),
        ),
        Choice(
            T(
                "Before green starts, so that its tasks warm up under real load",
                "실제 부하로 예열되도록, green이 시작되기 전에",
            ),
            T(
                "Traffic cannot go to tasks that do not exist: green first starts at full "
                "size, gets test traffic, and only then production traffic.",
                "존재하지 않는 태스크로는 트래픽이 갈 수 없습니다. green은 먼저 전체 규모로 "
                "시작되고, 테스트 트래픽을 받은 다음에야 프로덕션 트래픽을 받습니다.",
            ),
        ),
    ),
)
