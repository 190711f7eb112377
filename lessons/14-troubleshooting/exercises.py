"""Lesson 14 · Logs and troubleshooting: find the stoppedReason behind a failing service, tell
three broken services apart by the evidence ECS gives, and fix a target group's health check so
its targets become healthy.

Every message the learner reads comes from the simulation's answers (DescribeServices' events,
DescribeTasks' stopCode / stoppedReason / exitCode, GetLogEvents, DescribeTargetHealth, RunTask's
failures): the helpers below only print them, they never write ECS's words themselves."""

from __future__ import annotations

import re
from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "lab", "web")

SHOP = "shop"  # the walk-through's cluster; its service "web" is behind target group "web"
LAB = "lab"  # the exercises' cluster: open_mysteries() breaks four services there
MYSTERY = "billing"  # exercise 1
#: The five classic cases, in the order the lesson shows them: exercise 2's answers.
CASES: tuple[str, ...] = (
    "image-pull",
    "container-exit",
    "health-check",
    "no-room",
    "target-health",
)
#: Exercise 2: which case each broken service of `lab` is.
BROKEN = {"cart": "container-exit", "search": "no-room", "payments": "health-check"}


# -- helpers the narrative uses too ------------------------------------------------------------
def to_cloudwatch(group: str, region: str = "us-east-1") -> dict[str, Any]:
    """A container's logConfiguration: the awslogs driver, into `group` (created if missing),
    one stream per container named ecs/<container>/<task ID>."""
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": group,
            "awslogs-region": region,
            "awslogs-stream-prefix": "ecs",
            "awslogs-create-group": "true",
        },
    }


def service_events(ecs: Any, cluster: str, service: str, count: int = 4) -> None:
    """The service's newest events (DescribeServices lists them newest first), as ECS wrote
    them."""
    found = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    for event in found["events"][:count]:
        print(f"{event['createdAt']:%H:%M:%S}  {event['message']}")


def stopped_tasks(ecs: Any, cluster: str, service: str) -> list[dict[str, Any]]:
    """The service's stopped tasks as DescribeTasks shows them, the most recently stopped first
    (ECS keeps a stopped task visible for at least an hour)."""
    arns = ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus="STOPPED")["taskArns"]
    tasks = ecs.describe_tasks(cluster=cluster, tasks=arns[:100])["tasks"] if arns else []
    stopped = [t for t in tasks if t["lastStatus"] == "STOPPED"]
    return sorted(stopped, key=lambda t: t.get("stoppedAt") or t["createdAt"], reverse=True)


def why_stopped(task: dict[str, Any]) -> None:
    """What DescribeTasks says about why a task stopped: its stopCode and stoppedReason, then
    each container's exitCode, reason and health status (absent fields print as -)."""
    print("task        ", task["taskArn"].rsplit("/", 1)[-1])
    print("stopCode    ", task.get("stopCode", "-"))
    print("stoppedReason", task.get("stoppedReason", "-"))
    for container in task["containers"]:
        print(
            f"  container {container['name']}: exitCode {container.get('exitCode', '-')}, "
            f"healthStatus {container.get('healthStatus', '-')}, "
            f"reason {container.get('reason', '-')}"
        )


def target_health(elbv2: Any, group_arn: str) -> list[dict[str, Any]]:
    """The group's targets that are not draining, as DescribeTargetHealth answers: printed one
    a line (instance, port, state, reason, description) and returned."""
    found = elbv2.describe_target_health(TargetGroupArn=group_arn)["TargetHealthDescriptions"]
    live = [d for d in found if d["TargetHealth"]["State"] != "draining"]
    for d in live:
        health = d["TargetHealth"]
        print(
            f"{d['Target']['Id']}:{d['Target']['Port']}  {health['State']:9} "
            f"{health.get('Reason', '-')}  {health.get('Description', '')}"
        )
    return live


def open_mysteries(sim: Any, ecs: Any, cluster: str = LAB) -> None:
    """The exercises' broken services in `cluster` (which must have container instances):
    `billing` for exercise 1 and `cart`, `search`, `payments` for exercise 2. Each breaks the
    way a real service does; what their containers do is told to the simulated runtime by
    ``ecslearn.*`` docker labels, the rest is plain ECS."""
    definitions = [
        {
            "family": "billing",
            "name": "billing",
            "memory": 256,
            # a log group nobody created, and no awslogs-create-group
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/billing",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "ecs",
                },
            },
        },
        {
            "family": "cart",
            "name": "cart",
            "memory": 256,
            "logConfiguration": to_cloudwatch("/ecs/lab"),
            "dockerLabels": {
                "ecslearn.exit-after": "3",
                "ecslearn.exit-code": "1",
                "ecslearn.log": "node:internal/modules/cjs/loader:1228\n"
                "Error: Cannot find module '/app/server.js'",
            },
        },
        {"family": "search", "name": "search", "memory": 3072},
        {
            "family": "payments",
            "name": "payments",
            "memory": 256,
            "logConfiguration": to_cloudwatch("/ecs/lab"),
            "healthCheck": {
                "command": ["CMD-SHELL", "curl -f http://localhost:9000/ping || exit 1"],
                "interval": 10,
                "retries": 3,
                "startPeriod": 10,
            },
            "dockerLabels": {"ecslearn.unhealthy-after": "0"},
        },
    ]
    for spec in definitions:
        family = spec.pop("family")
        container = {"image": f"example/{family}:1.4", **spec}
        ecs.register_task_definition(family=family, containerDefinitions=[container])
        ecs.create_service(
            cluster=cluster, serviceName=family, taskDefinition=family, desiredCount=1
        )
    sim.advance(90)


def _service(ecs: Any, cluster: str, name: str) -> dict[str, Any] | None:
    """The service as DescribeServices shows it, or None if it is not ACTIVE there."""
    try:
        found = ecs.describe_services(cluster=cluster, services=[name])["services"]
    except Exception:  # the cluster itself may be gone
        return None
    return found[0] if found and found[0]["status"] == "ACTIVE" else None


_RERUN = T(
    "Service '{name}' of cluster 'lab' is missing: run the lesson's cells from the top, "
    "including `open_mysteries(sim, ecs)`.",
    "'lab' 클러스터에 '{name}' 서비스가 없습니다: `open_mysteries(sim, ecs)`를 포함해 레슨의 "
    "셀을 처음부터 다시 실행하세요.",
)


def _missing(v: Values, name: str) -> T | None:
    if _service(v.ecs, LAB, name) is None:
        return T(_RERUN.en.format(name=name), _RERUN.ko.format(name=name))
    return None


# -- ex1: the stoppedReason of a mystery service ----------------------------------------------
def _judge_reason(v: Values) -> T | None:
    missing = _missing(v, MYSTERY)
    if missing:
        return missing
    tasks = stopped_tasks(v.ecs, LAB, MYSTERY)
    reasons = {t.get("stoppedReason") for t in tasks}
    reasons |= {c.get("reason") for t in tasks for c in t["containers"]}
    reasons.discard(None)
    answer = v.reason
    if not isinstance(answer, str):
        return T(
            f"`reason` holds a value of type {type(answer).__name__}; keep the text itself, "
            'a str: the `["stoppedReason"]` of one task.',
            f"`reason`의 타입: {type(answer).__name__}. 문자열(str) 그 자체, 즉 태스크 "
            '하나의 `["stoppedReason"]`을 담으세요.',
        )
    if answer in reasons:
        return None
    if answer.startswith("(service"):
        return T(
            "That is a service event: it says what the scheduler did (started tasks, found it "
            "cannot start them consistently), not why a task stopped. The reason is on the "
            'stopped tasks: `ecs.list_tasks(cluster="lab", serviceName="billing", '
            'desiredStatus="STOPPED")`, then DescribeTasks.',
            "그것은 서비스 이벤트입니다: 스케줄러가 한 일(태스크 시작, 태스크를 꾸준히 시작하지 "
            "못함)을 말할 뿐, 태스크가 왜 멈췄는지는 말하지 않습니다. 이유는 멈춘 태스크에 "
            '있습니다: `ecs.list_tasks(cluster="lab", serviceName="billing", '
            'desiredStatus="STOPPED")` 다음에 DescribeTasks.',
        )
    codes = {t.get("stopCode") for t in tasks}
    if answer in codes:
        return T(
            f"{answer} is the task's stopCode: the kind of stop, the same for many different "
            "causes. The stoppedReason next to it says what happened; keep that.",
            f"그 값({answer})은 태스크의 stopCode입니다: 멈춘 종류일 뿐이라 서로 다른 여러 원인에 "
            "똑같이 붙습니다. 바로 옆의 stoppedReason이 무슨 일이 있었는지 말해 줍니다. 그것을 "
            "담으세요.",
        )
    return T(
        "That text is not the stoppedReason of any stopped task of 'billing'. Read one: "
        '`stopped_tasks(ecs, "lab", "billing")[0]["stoppedReason"]` (copy it whole, '
        "without changing a character).",
        "그 문장은 'billing'의 멈춘 태스크 어느 것의 stoppedReason도 아닙니다. 하나를 읽어 "
        '보세요: `stopped_tasks(ecs, "lab", "billing")[0]["stoppedReason"]` (한 글자도 바꾸지 '
        "말고 통째로 담으세요).",
    )


ex1 = Exercise(
    name="ex1",
    title=T("Why does billing never run?", "billing은 왜 실행되지 않을까?"),
    reads=("reason",),
    uses=("sim", "ecs"),
    starter="reason = ____",
    solution_code="""\
service_events(ecs, "lab", "billing")
task = stopped_tasks(ecs, "lab", "billing")[0]
why_stopped(task)
reason = task["stoppedReason"]
reason""",
    wrong=(
        Wrong(
            'reason = ecs.describe_services(cluster="lab", services=["billing"])'
            '["services"][0]["events"][0]["message"]',
            T("That is a service event", "그것은 서비스 이벤트입니다"),
        ),
        Wrong(
            'reason = stopped_tasks(ecs, "lab", "billing")[0]["stopCode"]',
            T("is the task's stopCode", "태스크의 stopCode입니다"),
        ),
    ),
    hints=(
        T(
            "The service's events only say that it keeps starting tasks. Look at the tasks it "
            "started: they stopped, and a stopped task says why.",
            "서비스 이벤트는 태스크를 계속 시작한다는 말뿐입니다. 서비스가 시작한 태스크를 "
            "보세요: 태스크는 멈췄고, 멈춘 태스크는 그 이유를 말해 줍니다.",
        ),
        T(
            '`stopped_tasks(ecs, "lab", "billing")` lists them, newest first; '
            '`why_stopped(...)` prints one. Keep its `["stoppedReason"]` in `reason`.',
            '`stopped_tasks(ecs, "lab", "billing")`이 최근 것부터 나열하고, '
            '`why_stopped(...)`가 하나를 출력합니다. 그 `["stoppedReason"]`을 `reason`에 '
            "담으세요.",
        ),
    ),
    judge=_judge_reason,
    explanation=T(
        "The task never got to run its code: Docker's awslogs driver could not create the "
        "container's log stream, because log group /ecs/billing does not exist and the task "
        "definition does not ask the driver to create it. Fix: create the group "
        '(`logs.create_log_group(logGroupName="/ecs/billing")`) or add '
        '`"awslogs-create-group": "true"` (with logs:CreateLogGroup in the execution role).',
        "태스크는 코드를 실행하지도 못했습니다: 로그 그룹 /ecs/billing이 없고, 태스크 "
        "디피니션이 드라이버에게 그룹을 만들라고 하지 않아서 Docker의 awslogs 드라이버가 "
        "컨테이너의 로그 스트림을 만들지 못했습니다. 고치는 법: 그룹을 만들거나 "
        '(`logs.create_log_group(logGroupName="/ecs/billing")`), '
        '`"awslogs-create-group": "true"`를 넣습니다 (실행 역할에 logs:CreateLogGroup '
        "권한도 필요합니다).",
    ),
)


# -- ex2: three broken services, five cases ----------------------------------------------------
_WHERE = {
    "cart": T(
        "look at its stopped task: the stopCode and each container's exitCode, then its "
        "logs (`sim.logs(task)`)",
        "멈춘 태스크를 보세요: stopCode와 컨테이너마다의 exitCode, 그다음 로그 (`sim.logs(task)`)",
    ),
    "search": T(
        'did it ever start a task? Read its service events (`service_events(ecs, "lab", '
        '"search")`)',
        '태스크를 시작한 적이라도 있나요? 서비스 이벤트를 읽어 보세요 (`service_events(ecs, "lab", '
        '"search")`)',
    ),
    "payments": T(
        "its tasks did run; read its service events and its stopped task's stoppedReason "
        "and healthStatus",
        "태스크는 실행되었습니다. 서비스 이벤트와, 멈춘 태스크의 stoppedReason과 healthStatus를 "
        "읽어 보세요",
    ),
}


def _case_of(value: Any) -> str | None:
    """One of CASES, from its name (any case, _ or -) or its number 1–5."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(CASES):
        return CASES[value - 1]
    if isinstance(value, str):
        name = value.strip().lower().replace("_", "-").replace(" ", "-")
        return name if name in CASES else None
    return None


def _judge_diagnosis(v: Values) -> T | None:
    for name in BROKEN:
        missing = _missing(v, name)
        if missing:
            return missing
    answer = v.diagnosis
    if not isinstance(answer, dict):
        return T(
            '`diagnosis` must be a dict: {"cart": ..., "search": ..., "payments": ...}.',
            '`diagnosis`는 dict여야 합니다: {"cart": ..., "search": ..., "payments": ...}.',
        )
    absent = [name for name in BROKEN if name not in answer]
    if absent:
        return T(
            f"`diagnosis` has no answer for {', '.join(absent)}: give one case to each of "
            "cart, search and payments.",
            f"`diagnosis`에 답이 없는 서비스: {', '.join(absent)}. cart, search, payments 각각에 "
            "경우 하나씩을 주세요.",
        )
    choices = ", ".join(repr(c) for c in CASES)
    for name in BROKEN:
        if _case_of(answer[name]) is None:
            return T(
                f"{answer[name]!r} (for {name}) is not one of the five cases: {choices}.",
                f"{name} 서비스의 답 {answer[name]!r}: 다섯 경우 중 하나가 아닙니다 ({choices}).",
            )
    wrong = [name for name, case in BROKEN.items() if _case_of(answer[name]) != case]
    if not wrong:
        return None
    said_en = "; ".join(
        f"{name} is not {_case_of(answer[name])}: {_WHERE[name].en}" for name in wrong
    )
    said_ko = "; ".join(
        f"{name}: {_case_of(answer[name])} 경우가 아닙니다. {_WHERE[name].ko}" for name in wrong
    )
    return T(
        f"{len(wrong)} of 3 wrong. {said_en}.",
        f"3개 중 {len(wrong)}개가 틀렸습니다. {said_ko}.",
    )


ex2 = Exercise(
    name="ex2",
    title=T("Three broken services", "고장 난 서비스 셋"),
    reads=("diagnosis",),
    uses=("sim", "ecs"),
    starter="diagnosis = ____",
    solution_code="""\
for name in ["cart", "search", "payments"]:
    print("==", name)
    service_events(ecs, "lab", name, count=2)
    for task in stopped_tasks(ecs, "lab", name)[:1]:
        why_stopped(task)
        print(sim.logs(task))
diagnosis = {"cart": "container-exit", "search": "no-room", "payments": "health-check"}
diagnosis""",
    wrong=(
        Wrong(
            'diagnosis = {"cart": "image-pull", "search": "no-room", "payments": "container-exit"}',
            T("2 of 3 wrong", "3개 중 2개가 틀렸습니다"),
        ),
        Wrong(
            'diagnosis = {"cart": "container-exit", "search": "no-room"}',
            T("no answer for payments", "답이 없는 서비스: payments"),
        ),
    ),
    hints=(
        T(
            "Go in the lesson's order for each service: its events first (did ECS place a "
            "task at all?), then its newest stopped task (stopCode, stoppedReason, exitCode, "
            "healthStatus), then its logs.",
            "서비스마다 레슨의 순서대로 보세요: 먼저 이벤트 (ECS가 태스크를 배치하기는 "
            "했나?), 그다음 가장 최근에 멈춘 태스크 (stopCode, stoppedReason, exitCode, "
            "healthStatus), 그다음 로그.",
        ),
        T(
            "'was unable to place a task' means no-room; stopCode EssentialContainerExited "
            "with a non-zero exitCode means container-exit; 'Task failed container health "
            "checks' means health-check.",
            "'was unable to place a task'는 no-room, stopCode EssentialContainerExited에 0이 "
            "아닌 exitCode는 container-exit, 'Task failed container health checks'는 "
            "health-check입니다.",
        ),
    ),
    judge=_judge_diagnosis,
    explanation=T(
        "cart's process exits with code 1 a few seconds after it starts, and its log says why "
        "(a file missing from the image): a bug to fix in the image. search asks for 3072 MiB, "
        "more than a t3.small has: ECS never places it, so it has no stopped task at all. "
        "payments runs, but its health check command keeps failing, so ECS replaces it again "
        "and again.",
        "cart의 프로세스는 시작하고 몇 초 뒤 코드 1로 종료하고, 로그가 그 이유(이미지에 없는 "
        "파일)를 말해 줍니다: 이미지에서 고칠 버그입니다. search는 t3.small이 가진 것보다 많은 "
        "3072 MiB를 요청합니다: ECS가 한 번도 배치하지 못하므로 멈춘 태스크조차 없습니다. "
        "payments는 실행되지만 헬스 체크 명령이 계속 실패해서 ECS가 거듭 교체합니다.",
    ),
)


# -- ex3: a health check the app can pass ------------------------------------------------------
def _group_arn(v: Values) -> str | None:
    groups = v.elbv2.describe_target_groups(Names=["web"])["TargetGroups"]
    return groups[0]["TargetGroupArn"] if groups else None


def _accepts(http_code: str, code: int) -> bool:
    """Whether a target group's Matcher HttpCode ("200", "200,302", "200-399") takes `code`."""
    for part in http_code.split(","):
        low, _, high = part.strip().partition("-")
        if low.isdigit() and int(low) <= code <= int(high or low):
            return True
    return False


def _codes_in(description: str) -> list[int]:
    """The codes in ELB's "Health checks failed with these codes: [302]"."""
    found = re.search(r"\[([\d, ]+)\]", description)
    return [int(c) for c in found.group(1).split(",")] if found else []


def _judge_health(v: Values) -> T | None:
    service = _service(v.ecs, SHOP, "web")
    arn = _group_arn(v)
    if service is None or arn is None:
        return T(
            "Service 'web' of cluster 'shop' or target group 'web' is gone: run the lesson's "
            "cells from the top.",
            "'shop' 클러스터의 'web' 서비스나 대상 그룹 'web'이 없습니다: 레슨의 셀을 처음부터 "
            "다시 실행하세요.",
        )
    group = v.elbv2.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    found = v.elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    live = [d for d in found if d["TargetHealth"]["State"] != "draining"]
    healthy = [d for d in live if d["TargetHealth"]["State"] == "healthy"]
    codes = group.get("Matcher", {}).get("HttpCode", "200")
    failing = [d for d in live if d["TargetHealth"].get("Reason") == "Target.ResponseCodeMismatch"]
    if len(healthy) < service["desiredCount"]:
        said = failing[0]["TargetHealth"]["Description"] if failing else ""
        if failing and not all(_accepts(codes, c) for c in _codes_in(said)):
            return T(
                f"{len(healthy)} of {service['desiredCount']} targets are healthy; ELB says: "
                f'"{said}". The group\'s matcher accepts only {codes}, and the path '
                f"{group['HealthCheckPath']} answers a code outside it. Change what the check "
                'accepts (`elbv2.modify_target_group(..., Matcher={"HttpCode": ...})`), then '
                "run the clock.",
                f"대상 {service['desiredCount']}개 중 {len(healthy)}개가 healthy입니다. ELB의 "
                f'설명: "{said}". 대상 그룹의 matcher가 받아들이는 코드: {codes}. '
                f"헬스 체크 경로({group['HealthCheckPath']})의 응답 코드는 그 밖에 있습니다. "
                "체크가 받아들이는 "
                '코드를 바꾸고 (`elbv2.modify_target_group(..., Matcher={"HttpCode": ...})`), '
                "시계를 돌리세요.",
            )
        return T(
            f"{len(healthy)} of {service['desiredCount']} targets are healthy so far. Run the "
            f"clock: ELB needs "
            f"{group['HealthyThresholdCount']} passing checks, one every "
            f"{group['HealthCheckIntervalSeconds']} s, to call an unhealthy target healthy "
            "again, and ECS replaces tasks that failed: `sim.advance(120)`.",
            f"지금까지 대상 {service['desiredCount']}개 중 {len(healthy)}개가 healthy입니다: "
            f"ELB가 unhealthy 대상을 다시 healthy로 보려면 {group['HealthCheckIntervalSeconds']}초"
            f"마다 한 번씩 {group['HealthyThresholdCount']}번 통과해야 하고, ECS는 실패한 "
            "태스크를 교체합니다. 시계를 돌리세요: `sim.advance(120)`.",
        )
    answer = v.web_health
    states = (
        [d.get("TargetHealth", {}).get("State") for d in answer if isinstance(d, dict)]
        if isinstance(answer, list)
        else []
    )
    if not states or "healthy" not in states:
        return T(
            "The targets are healthy now; keep what DescribeTargetHealth says in `web_health`: "
            'its `["TargetHealthDescriptions"]`, read after the clock ran.',
            "이제 대상이 healthy입니다. DescribeTargetHealth의 답을 `web_health`에 담으세요: "
            '시계를 돌린 다음에 읽은 `["TargetHealthDescriptions"]`.',
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("Make the targets healthy", "대상을 healthy로"),
    reads=("web_health",),
    uses=("sim", "ecs", "elbv2", "web_group"),
    starter="web_health = ____",
    solution_code="""\
elbv2.modify_target_group(TargetGroupArn=web_group, Matcher={"HttpCode": "200-399"})
sim.advance(120)
web_health = elbv2.describe_target_health(TargetGroupArn=web_group)["TargetHealthDescriptions"]
target_health(elbv2, web_group)""",
    wrong=(
        Wrong(
            'elbv2.modify_target_group(TargetGroupArn=web_group, HealthCheckPath="/health")\n'
            "sim.advance(120)\n"
            "web_health = elbv2.describe_target_health(TargetGroupArn=web_group)"
            '["TargetHealthDescriptions"]',
            T("Health checks failed with these codes", "Health checks failed with these codes"),
        ),
        Wrong(
            'elbv2.modify_target_group(TargetGroupArn=web_group, Matcher={"HttpCode": "200,302"})\n'
            "web_health = elbv2.describe_target_health(TargetGroupArn=web_group)"
            '["TargetHealthDescriptions"]',
            T("Run the clock", "시계를 돌리세요"),
        ),
    ),
    hints=(
        T(
            "Read the Description of an unhealthy target: it names the code the app answered. "
            "The app cannot change today, so the health check must accept what it answers.",
            "unhealthy 대상의 Description을 읽으세요: 앱이 답한 코드가 적혀 있습니다. 앱은 "
            "오늘 바꿀 수 없으니, 헬스 체크가 앱의 답을 받아들여야 합니다.",
        ),
        T(
            '`elbv2.modify_target_group(TargetGroupArn=web_group, Matcher={"HttpCode": '
            '"200-399"})` (or "200,302"), then `sim.advance(120)` and DescribeTargetHealth '
            "again.",
            '`elbv2.modify_target_group(TargetGroupArn=web_group, Matcher={"HttpCode": '
            '"200-399"})` (또는 "200,302"), 그다음 `sim.advance(120)` 하고 DescribeTargetHealth를 '
            "다시 호출하세요.",
        ),
    ),
    judge=_judge_health,
    explanation=T(
        "The app redirects every anonymous request, the health check's too, to /login with a "
        "302, and the group's matcher accepted only 200. Accepting 200-399 makes the redirect a "
        "pass. The lasting fix is in the app: a health endpoint that answers 200 without "
        "logging in, and the group's HealthCheckPath pointed at it.",
        "앱은 로그인하지 않은 모든 요청을, 헬스 체크도 포함해, 302로 /login에 보내는데, 대상 "
        "그룹의 matcher는 200만 받아들였습니다. 200-399를 받아들이면 리다이렉트도 통과입니다. "
        "오래 갈 해결책은 앱에 있습니다: 로그인 없이 200으로 답하는 헬스 엔드포인트를 만들고 "
        "대상 그룹의 HealthCheckPath가 그것을 가리키게 하는 것입니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("Exit code 137", "종료 코드 137"),
    question=T(
        "A task stopped with `EssentialContainerExited`, and its essential container's "
        "`exitCode` is 137. What does that tell you?",
        "태스크가 `EssentialContainerExited`로 중지되었고, 필수 컨테이너의 `exitCode`는 "
        "137입니다. 이것은 무엇을 알려 줄까요?",
    ),
    choices=(
        Choice(
            T(
                "The program finished normally",
                "프로그램이 정상적으로 끝났다",
            ),
            T(
                "A normal end is exit code 0. 137 is 128 + 9: the process was killed by a "
                "signal, SIGKILL.",
                "정상 종료는 종료 코드 0입니다. 137은 128 + 9로, 프로세스가 SIGKILL 신호로 "
                "강제 종료되었다는 뜻입니다.",
            ),
        ),
        Choice(
            T(
                "ECS stopped it with SIGTERM, during a StopTask or a scale-in, and the program "
                "exited as asked",
                "StopTask나 규모 축소 중에 ECS가 SIGTERM으로 중지했고, 프로그램이 그대로 "
                "종료되었다",
            ),
            T(
                "A process that ends on SIGTERM exits with 143 (128 + 15). 137 means SIGKILL.",
                "SIGTERM으로 끝난 프로세스의 종료 코드는 143(128 + 15)입니다. 137은 "
                "SIGKILL을 뜻합니다.",
            ),
        ),
        Choice(
            T(
                "It was killed with SIGKILL: out of memory, or it did not stop within "
                "`stopTimeout`",
                "SIGKILL로 강제 종료되었다. 메모리가 부족했거나, `stopTimeout` 안에 멈추지 않았다",
            ),
            T(
                "Right: 137 is 128 + 9 (SIGKILL). If the container's `reason` says "
                "OutOfMemoryError, it went over its hard memory limit; otherwise it may have "
                "ignored SIGTERM until the stop timeout.",
                "맞습니다. 137은 128 + 9(SIGKILL)입니다. 컨테이너의 `reason`에 "
                "OutOfMemoryError가 있으면 메모리 하드 한도를 넘은 것이고, 아니라면 중지 "
                "시간 제한까지 SIGTERM을 무시했을 수 있습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Its image could not be pulled",
                "이미지를 받지 못했다",
            ),
            T(
                "A task whose image cannot be pulled never runs: it stops with "
                "`TaskFailedToStart` and `CannotPullContainerError`, and has no exit code.",
                "이미지를 받지 못한 태스크는 실행되지 않습니다. `TaskFailedToStart`와 "
                "`CannotPullContainerError`로 중지되며, 종료 코드가 없습니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("A task that is never placed", "배치되지 않는 태스크"),
    question=T(
        'A service\'s `runningCount` stays 0, and ListTasks with `desiredStatus="STOPPED"` '
        "finds no task. Where is the evidence?",
        '서비스의 `runningCount`가 계속 0이고, `desiredStatus="STOPPED"`로 ListTasks를 '
        "호출해도 태스크가 없습니다. 증거는 어디에 있을까요?",
    ),
    choices=(
        Choice(
            T(
                "In the service's events, and in RunTask's `failures` for the same task",
                "서비스 이벤트, 그리고 같은 태스크를 RunTask로 실행했을 때의 `failures`",
            ),
            T(
                "Right: no stopped task means no task was ever placed. The service event says "
                '"was unable to place a task" and why; RunTask answers the same in '
                "`failures` (`RESOURCE:MEMORY`, `RESOURCE:PORTS`, ...).",
                "맞습니다. 중지된 태스크가 없다는 것은 태스크가 한 번도 배치되지 않았다는 "
                '뜻입니다. 서비스 이벤트가 "was unable to place a task"와 그 이유를 '
                "알려 주고, RunTask도 `failures`(`RESOURCE:MEMORY`, `RESOURCE:PORTS` 등)로 "
                "같은 것을 알려 줍니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "In the containers' logs, in the CloudWatch Logs group the task definition names",
                "태스크 디피니션이 지정한 CloudWatch Logs 로그 그룹의 컨테이너 로그",
            ),
            T(
                "No container ever started, so none wrote a line: there is no log stream to read.",
                "시작된 컨테이너가 없으므로 로그를 쓴 컨테이너도 없습니다. 읽을 로그 "
                "스트림이 없습니다.",
            ),
        ),
        Choice(
            T(
                "In the target group's health (DescribeTargetHealth)",
                "대상 그룹의 상태(DescribeTargetHealth)",
            ),
            T(
                "ECS registers a target only for a task that starts; with no task placed, "
                "the target group has nothing to say about it.",
                "ECS는 시작되는 태스크만 대상으로 등록합니다. 배치된 태스크가 없으니 대상 "
                "그룹에는 이에 대한 정보가 없습니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("A health check that gets a redirect", "리디렉션을 받는 헬스 체크"),
    question=T(
        "A target group checks `/` and accepts only 200. The app answers every visitor who "
        "is not logged in, the health checker too, with a 302 redirect to `/login`. What do "
        "you see, and what fixes it?",
        "대상 그룹이 `/`를 검사하고 200만 받아들입니다. 앱은 로그인하지 않은 방문자에게, "
        "헬스 체커에게도, `/login`으로 가는 302 리디렉션으로 응답합니다. 무엇이 보이고, "
        "어떻게 고칠까요?",
    ),
    choices=(
        Choice(
            T(
                "`Target.Timeout`; open the security group to the load balancer",
                "`Target.Timeout`. 보안 그룹에서 로드 밸런서를 허용한다",
            ),
            T(
                "The target answers, and at once: a timeout would mean no answer at all. "
                "Here the answer is the wrong code.",
                "대상은 곧바로 응답하고 있습니다. 시간 초과라면 응답이 아예 없어야 합니다. "
                "여기서는 응답 코드가 틀렸습니다.",
            ),
        ),
        Choice(
            T(
                "`Target.ResponseCodeMismatch`; accept 302 in the `Matcher`, or check a path "
                "that answers 200",
                "`Target.ResponseCodeMismatch`. `Matcher`에서 302를 받아들이거나, 200으로 "
                "응답하는 경로를 검사한다",
            ),
            T(
                "Right: the target answered with a code the `Matcher` does not accept. Change "
                "the target group's health check (`ModifyTargetGroup`) to accept the code, or "
                "point `HealthCheckPath` at a page that answers 200.",
                "맞습니다. 대상이 `Matcher`가 받아들이지 않는 코드로 응답했습니다. 대상 "
                "그룹의 헬스 체크를 `ModifyTargetGroup`으로 바꿔 그 코드를 받아들이게 하거나, "
                "`HealthCheckPath`를 200으로 응답하는 페이지로 바꾸세요.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "`Target.FailedHealthChecks`; a longer `healthCheckGracePeriodSeconds`",
                "`Target.FailedHealthChecks`. `healthCheckGracePeriodSeconds`를 늘린다",
            ),
            T(
                "The app answers HTTP, so the connection works. And a grace period only delays "
                "ECS's reaction: the check would fail after it as before.",
                "앱이 HTTP로 응답하므로 연결에는 문제가 없습니다. 또 유예 기간은 ECS의 "
                "대응을 늦출 뿐이어서, 유예 기간이 지나면 헬스 체크는 전처럼 실패합니다.",
            ),
        ),
    ),
)
