"""Lesson 3 · Tasks: run a task and keep its ARN, let a non-essential sidecar exit without
stopping its task, and read why a task stopped."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.words import particle

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "web", "report", "worker")


def look(ecs: Any, sim: Any, arn: str) -> dict[str, Any]:
    """One line per task: the clock, lastStatus / desiredStatus, then each container."""
    task = ecs.describe_tasks(cluster="shop", tasks=[arn])["tasks"][0]
    containers = ", ".join(
        f"{c['name']}={c['lastStatus']}" + (f"(exit {c['exitCode']})" if "exitCode" in c else "")
        for c in task["containers"]
    )
    statuses = f"last={task['lastStatus']:8} desired={task['desiredStatus']:8}"
    print(f"t={sim.now:5.1f}s  {statuses}  containers: {containers}")
    return task


def _task(ecs: Any, cluster: str, arn: object) -> dict[str, Any] | None:
    """The task `arn` of `cluster` as DescribeTasks shows it, or None when ECS does not know it."""
    if not isinstance(arn, str) or not arn:
        return None
    return next(iter(ecs.describe_tasks(cluster=cluster, tasks=[arn])["tasks"]), None)


def _family(task: dict[str, Any]) -> str:
    """`web` from ``arn:aws:ecs:...:task-definition/web:1``."""
    return task["taskDefinitionArn"].rsplit("/", 1)[-1].rsplit(":", 1)[0]


def _containers(task: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in task["containers"]}


# -- ex1: run a task -----------------------------------------------------------------------------
def _judge_run(v: Values) -> T | None:
    arn = v.task_arn
    if isinstance(arn, dict):
        return T(
            '`task_arn` holds a whole dict. RunTask answers `{"tasks": [...], "failures": '
            '[...]}` and each task has a `taskArn`: keep `answer["tasks"][0]["taskArn"]`, '
            "a string.",
            '`task_arn`에 dict 전체가 들어 있습니다. RunTask는 `{"tasks": [...], '
            '"failures": [...]}`로 답하고 각 태스크에 `taskArn`이 있습니다: '
            '`answer["tasks"][0]["taskArn"]` (문자열)을 담으세요.',
        )
    if not isinstance(arn, str) or not arn.startswith("arn:aws:ecs:"):
        return T(
            f"`task_arn` is {arn!r}: it should be a task ARN, a string starting with "
            "`arn:aws:ecs:` and containing `:task/shop/`.",
            f"`task_arn`이 {arn!r} 입니다. `arn:aws:ecs:`로 시작하고 `:task/shop/`을 포함하는 "
            "태스크 ARN 문자열이어야 합니다.",
        )
    task = _task(v.ecs, "shop", arn)
    if task is None:
        return T(
            f"DescribeTasks in cluster 'shop' does not know {arn}. Run the task in 'shop': "
            '`ecs.run_task(cluster="shop", taskDefinition="web")`.',
            f"'shop' 클러스터의 DescribeTasks가 {particle(arn, '을/를')} 모릅니다. "
            "태스크를 'shop'에서 "
            '실행하세요: `ecs.run_task(cluster="shop", taskDefinition="web")`.',
        )
    family = _family(task)
    if family != "web":
        return T(
            f"That task runs the task definition '{family}', not 'web'.",
            f"그 태스크는 태스크 디피니션 {particle(repr(family), '을/를')} 실행합니다. "
            "'web'이어야 합니다.",
        )
    if task["lastStatus"] != "RUNNING":
        return T(
            f"The task exists, but its lastStatus is {task['lastStatus']} (desiredStatus "
            f"{task['desiredStatus']}): ECS has asked for it, the agent has not started it yet. "
            "The virtual clock only moves when you ask: call `sim.run_until_stable()`.",
            f"태스크는 있지만 lastStatus가 {task['lastStatus']} 입니다 (desiredStatus "
            f"{task['desiredStatus']}). ECS는 요청했지만 에이전트가 아직 시작하지 않았습니다. "
            "가상 시계는 요청할 때만 움직입니다: `sim.run_until_stable()`을 호출하세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Run a task and keep its ARN", "태스크를 실행하고 ARN 담기"),
    reads=("task_arn",),
    starter="task_arn = ____",
    solution_code="""\
answer = ecs.run_task(cluster="shop", taskDefinition="web")
task_arn = answer["tasks"][0]["taskArn"]
sim.run_until_stable()
task_arn""",
    wrong=(
        Wrong(
            'task_arn = ecs.run_task(cluster="shop", taskDefinition="web")["tasks"][0]["taskArn"]',
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
        Wrong(
            'task_arn = ecs.run_task(cluster="shop", taskDefinition="web")\nsim.run_until_stable()',
            T('answer["tasks"][0]["taskArn"]', 'answer["tasks"][0]["taskArn"]'),
        ),
    ),
    hints=(
        T(
            "RunTask needs the cluster and the task definition. Then let the virtual clock run "
            "so the agent can start the containers.",
            "RunTask에는 클러스터와 태스크 디피니션이 필요합니다. 그다음 에이전트가 컨테이너를 "
            "시작할 수 있게 가상 시계를 움직이세요.",
        ),
        T(
            '`answer = ecs.run_task(cluster="shop", taskDefinition="web")`, '
            '`task_arn = answer["tasks"][0]["taskArn"]`, then `sim.run_until_stable()`.',
            '`answer = ecs.run_task(cluster="shop", taskDefinition="web")`, '
            '`task_arn = answer["tasks"][0]["taskArn"]`, 그다음 `sim.run_until_stable()`.',
        ),
    ),
    judge=_judge_run,
    explanation=T(
        "RunTask answers at once, with the task PENDING: ECS has decided where it goes, and the "
        "agent on that instance still has to pull the images and start the containers. The ARN "
        "is how you find the task again.",
        "RunTask는 태스크가 PENDING인 채로 바로 답합니다. ECS는 배치할 곳을 정했고, 그 "
        "인스턴스의 에이전트가 이미지를 받고 컨테이너를 시작해야 합니다. ARN으로 태스크를 다시 "
        "찾습니다.",
    ),
)


# -- ex2: a sidecar that exits -------------------------------------------------------------------
def _judge_warmup(v: Values) -> T | None:
    answer = v.ecs.describe_task_definition(taskDefinition="web-warm")["taskDefinition"]
    containers = {c["name"]: c for c in answer["containerDefinitions"]}
    if set(containers) != {"web", "warmup"}:
        return T(
            f"Task definition 'web-warm' has the containers {sorted(containers)}; it needs "
            "exactly 'web' and 'warmup'.",
            f"태스크 디피니션 'web-warm'의 컨테이너는 {sorted(containers)} 입니다. 'web'과 "
            "'warmup' 두 개여야 합니다.",
        )
    if not containers["web"].get("essential", True):
        return T(
            "In 'web-warm', 'web' is not essential: then nothing would stop the task when the "
            "web server dies. Keep 'web' essential (the default).",
            "'web-warm'에서 'web'이 필수가 아닙니다. 그러면 웹 서버가 죽어도 태스크가 "
            "멈추지 않습니다. 'web'은 필수로 두세요 (기본값).",
        )
    task = _task(v.ecs, "shop", v.warm_arn)
    if task is None:
        return T(
            "`warm_arn` should be the ARN of a task of 'web-warm' in 'shop': "
            '`ecs.run_task(cluster="shop", taskDefinition="web-warm")["tasks"][0]["taskArn"]`.',
            "`warm_arn`에는 'shop'에서 실행한 'web-warm' 태스크의 ARN이 들어가야 합니다: "
            '`ecs.run_task(cluster="shop", taskDefinition="web-warm")["tasks"][0]["taskArn"]`.',
        )
    if _family(task) != "web-warm":
        return T(
            f"`warm_arn` is a task of '{_family(task)}', not of 'web-warm'.",
            f"`warm_arn`은 'web-warm'이 아니라 '{_family(task)}'의 태스크입니다.",
        )
    warmup = _containers(task).get("warmup", {})
    if task["lastStatus"] == "STOPPED":
        return T(
            f"The task stopped: stopCode {task.get('stopCode')}, stoppedReason "
            f"{task.get('stoppedReason')!r}. 'warmup' is essential (`essential` defaults to "
            "true), so its exit stopped the whole task. Register a new revision with "
            "`\"essential\": False` on 'warmup' and run that.",
            f"태스크가 멈췄습니다: stopCode {task.get('stopCode')}, stoppedReason "
            f"{task.get('stoppedReason')!r}. 'warmup'이 필수라서 (`essential` 기본값은 "
            "true) 그 종료가 태스크 전체를 멈췄습니다. 'warmup'에 `\"essential\": False`를 준 "
            "새 리비전을 등록해 실행하세요.",
        )
    if warmup.get("lastStatus") != "STOPPED":
        return T(
            f"The task is {task['lastStatus']} and 'warmup' is {warmup.get('lastStatus')}: it "
            "has not exited yet. Give it the label `ecslearn.exit-after` and let the clock run "
            "long enough: `sim.advance(15)`.",
            f"태스크는 {task['lastStatus']}, 'warmup'은 {warmup.get('lastStatus')} 입니다. "
            "아직 종료하지 않았습니다. 레이블 `ecslearn.exit-after`를 주고 "
            "`sim.advance(15)`로 시계를 충분히 움직이세요.",
        )
    if task["lastStatus"] != "RUNNING":
        return T(
            f"The task is {task['lastStatus']}; run the clock (`sim.advance(15)`) until it is "
            "RUNNING.",
            f"태스크가 {task['lastStatus']} 입니다. RUNNING이 될 때까지 시계를 움직이세요 "
            "(`sim.advance(15)`).",
        )
    return None


WARM_SOLUTION = """\
ecs.register_task_definition(
    family="web-warm",
    containerDefinitions=[
        {"name": "web", "image": "nginx:1.27", "memory": 256},
        {
            "name": "warmup",
            "image": "busybox:1.36",
            "memory": 64,
            "essential": False,
            "dockerLabels": {"ecslearn.exit-after": "5"},
        },
    ],
)
warm_arn = ecs.run_task(cluster="shop", taskDefinition="web-warm")["tasks"][0]["taskArn"]
sim.advance(15)
look(ecs, sim, warm_arn)"""

ex2 = Exercise(
    name="ex2",
    title=T("A sidecar that finishes", "끝나는 사이드카"),
    reads=("warm_arn",),
    starter="warm_arn = ____",
    solution_code=WARM_SOLUTION,
    wrong=(
        Wrong(
            WARM_SOLUTION.replace('            "essential": False,\n', ""),
            T("EssentialContainerExited", "EssentialContainerExited"),
        ),
        Wrong(
            WARM_SOLUTION.replace(
                '            "dockerLabels": {"ecslearn.exit-after": "5"},\n', ""
            ),
            T("has not exited yet", "아직 종료하지 않았습니다"),
        ),
    ),
    hints=(
        T(
            'A container is essential unless its definition says `"essential": False`. Only '
            "an essential container's exit stops the task.",
            '컨테이너 정의에 `"essential": False`가 없으면 필수입니다. essential '
            "컨테이너가 종료할 때만 태스크가 멈춥니다.",
        ),
        T(
            "Register 'web-warm' with the 'web' container and the 'warmup' container given above "
            'plus `"essential": False`; run it in \'shop\', keep `["tasks"][0]["taskArn"]`, '
            "then `sim.advance(15)`.",
            "'web' 컨테이너와 위에 주어진 'warmup' 컨테이너에 `\"essential\": False`를 더해 "
            "'web-warm'을 등록하고, 'shop'에서 실행해 `[\"tasks\"][0][\"taskArn\"]`을 담은 "
            "다음 `sim.advance(15)`.",
        ),
    ),
    judge=_judge_warmup,
    explanation=T(
        "A non-essential container may finish (a warm-up, a migration, a one-off download) and "
        "the task goes on. The task stops when an essential container stops.",
        "필수가 아닌 컨테이너는 끝나도 (워밍업, 마이그레이션, 한 번 받는 다운로드) 태스크가 "
        "계속됩니다. 태스크는 필수 컨테이너가 멈출 때 멈춥니다.",
    ),
)


# -- ex3: why did it stop? -----------------------------------------------------------------------
def _judge_why(v: Values) -> T | None:
    task = _task(v.ecs, "shop", v.mystery_arn)
    if task is None:
        return T(
            "`mystery_arn` is gone: run the lesson's cells from the top (Run All) again.",
            "`mystery_arn`이 없습니다. 레슨의 셀을 처음부터 다시 실행하세요 (Run All).",
        )
    stop_code, exit_code = v.stop_code, v.exit_code
    if stop_code != task.get("stopCode"):
        if stop_code == "UserInitiated":
            return T(
                "Nobody called StopTask for this task: UserInitiated would mean someone did. "
                'Read `["stopCode"]` from DescribeTasks.',
                "이 태스크에 StopTask를 호출한 사람은 없습니다. UserInitiated는 누군가 "
                'StopTask를 불렀다는 뜻입니다. DescribeTasks의 `["stopCode"]`를 읽으세요.',
            )
        return T(
            f"`stop_code` is {stop_code!r}. Read it from the task: "
            '`ecs.describe_tasks(cluster="shop", tasks=[mystery_arn])["tasks"][0]["stopCode"]`.',
            f"`stop_code`가 {stop_code!r} 입니다. 태스크에서 읽으세요: "
            '`ecs.describe_tasks(cluster="shop", tasks=[mystery_arn])["tasks"][0]["stopCode"]`.',
        )
    essential = _containers(task)["worker"]
    if exit_code != essential.get("exitCode"):
        if exit_code == 0:
            return T(
                "Exit code 0 is a clean exit: that is 'shipper', which the agent stopped "
                "(SIGTERM) after the task was told to stop. Which container's exit stopped the "
                "task? Look at the essential one, 'worker'.",
                "종료 코드 0은 정상 종료입니다. 그건 태스크가 멈추라는 지시를 받은 뒤 에이전트가 "
                "(SIGTERM으로) 멈춘 'shipper'입니다. 어느 컨테이너의 종료가 태스크를 "
                "멈췄을까요? 필수인 'worker'를 보세요.",
            )
        return T(
            f'`exit_code` is {exit_code!r}. Each container in `task["containers"]` has a '
            "`name` and, once stopped, an `exitCode`: take the one of 'worker'.",
            f'`exit_code`가 {exit_code!r} 입니다. `task["containers"]`의 각 컨테이너에는 '
            "`name`과 (멈춘 뒤에는) `exitCode`가 있습니다: 'worker'의 것을 담으세요.",
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("Why did it stop?", "왜 멈췄을까?"),
    reads=("stop_code", "exit_code"),
    uses=("sim", "ecs", "mystery_arn"),
    starter="stop_code = ____\nexit_code = ____",
    solution_code="""\
stopped = ecs.describe_tasks(cluster="shop", tasks=[mystery_arn])["tasks"][0]
print(stopped["stoppedReason"])
stop_code = stopped["stopCode"]
worker = next(c for c in stopped["containers"] if c["name"] == "worker")
exit_code = worker["exitCode"]
stop_code, exit_code""",
    wrong=(
        Wrong(
            'stop_code = "UserInitiated"\nexit_code = 3',
            T("Nobody called StopTask", "StopTask를 호출한 사람은 없습니다"),
        ),
        Wrong(
            'stop_code = "EssentialContainerExited"\nexit_code = 0',
            T("'worker'", "'worker'"),
        ),
    ),
    hints=(
        T(
            "DescribeTasks keeps a stopped task (for at least an hour) with `stopCode`, "
            "`stoppedReason`, and each container's `exitCode`.",
            "DescribeTasks는 멈춘 태스크를 (적어도 한 시간) 보여 주며 `stopCode`, "
            "`stoppedReason`, 각 컨테이너의 `exitCode`가 있습니다.",
        ),
        T(
            '`stopped = ecs.describe_tasks(cluster="shop", tasks=[mystery_arn])["tasks"][0]`; '
            '`stopped["stopCode"]`; the container named \'worker\' in `stopped["containers"]`.',
            '`stopped = ecs.describe_tasks(cluster="shop", tasks=[mystery_arn])["tasks"][0]`; '
            '`stopped["stopCode"]`; `stopped["containers"]`에서 이름이 \'worker\'인 컨테이너.',
        ),
    ),
    judge=_judge_why,
    explanation=T(
        "stopCode says who stopped the task (EssentialContainerExited: an essential container "
        "exited; UserInitiated: StopTask; TaskFailedToStart: it never ran); the exit codes of "
        "the containers say what the process did: 0 a clean exit, another number a failure, "
        "137 (128 + 9) a process killed with SIGKILL, for example for using more than its "
        "memory limit.",
        "stopCode는 누가 태스크를 멈췄는지 알려 줍니다 (EssentialContainerExited: 필수 "
        "컨테이너 종료, UserInitiated: StopTask, TaskFailedToStart: 시작하지 못함). 컨테이너의 "
        "종료 코드는 프로세스가 한 일을 알려 줍니다: 0은 정상 종료, 다른 숫자는 실패, "
        "137 (128 + 9)은 SIGKILL로 강제 종료된 프로세스 (예: 메모리 한도 초과)입니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("A sidecar that exits", "종료되는 사이드카"),
    question=T(
        "A task runs an essential `web` container and a `metrics` sidecar with "
        '`"essential": false`. The `metrics` process ends with exit code 0. What happens?',
        '필수 컨테이너 `web`과 `"essential": false`인 사이드카 `metrics`를 실행하는 '
        "태스크가 있습니다. `metrics` 프로세스가 종료 코드 0으로 끝나면 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "The whole task stops with `EssentialContainerExited`",
                "태스크 전체가 `EssentialContainerExited`로 중지된다",
            ),
            T(
                "Only an essential container's exit stops the task. `metrics` is not "
                "essential, so its exit stops only itself.",
                "태스크를 중지시키는 것은 필수 컨테이너의 종료뿐입니다. `metrics`는 필수 "
                "컨테이너가 아니므로 자기만 멈춥니다.",
            ),
        ),
        Choice(
            T(
                "ECS starts a new task in its place, because one of the task's containers stopped",
                "태스크의 컨테이너 하나가 멈췄으므로, ECS가 그 자리에 새 태스크를 시작한다",
            ),
            T(
                "Nothing is replaced: the task has not stopped. (And a task you started with "
                "RunTask is never replaced; that is a service's job.)",
                "대신할 것이 없습니다. 태스크는 중지되지 않았습니다. (게다가 RunTask로 "
                "시작한 태스크는 중지되어도 대체되지 않습니다. 그것은 서비스의 일입니다.)",
            ),
        ),
        Choice(
            T(
                "`metrics` is STOPPED with exit code 0; the task keeps running with `web`",
                "`metrics`는 종료 코드 0으로 STOPPED가 되고, 태스크는 `web`과 함께 계속 실행된다",
            ),
            T(
                "Right: a container that is not essential may exit on its own, like a warm-up "
                "job or a helper that has done its work. The task runs as long as its "
                "essential containers do.",
                "맞습니다. 필수가 아닌 컨테이너는 혼자 종료될 수 있습니다. 준비 작업이나 할 "
                "일을 마친 보조 컨테이너가 그렇습니다. 태스크는 필수 컨테이너가 실행되는 "
                "동안 계속 실행됩니다.",
            ),
            correct=True,
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Two statuses", "두 가지 상태"),
    question=T(
        "`RunTask` has just answered: the task is placed, but its images are still being "
        "pulled. What do its two statuses say?",
        "`RunTask`가 방금 응답했습니다. 태스크는 배치되었지만 이미지는 아직 받는 "
        "중입니다. 두 상태는 무엇을 보여 줄까요?",
    ),
    choices=(
        Choice(
            T(
                "`desiredStatus` RUNNING, `lastStatus` PENDING",
                "`desiredStatus`는 RUNNING, `lastStatus`는 PENDING",
            ),
            T(
                "Right: `desiredStatus` is what ECS wants (RUNNING, from the moment you ask), "
                "`lastStatus` what the agent last reported (PENDING while it pulls and creates "
                "the containers). `lastStatus` catches up when the containers start.",
                "맞습니다. `desiredStatus`는 ECS가 원하는 상태로, 요청한 순간부터 "
                "RUNNING입니다. `lastStatus`는 에이전트가 마지막으로 보고한 상태로, "
                "이미지를 받고 컨테이너를 만드는 동안 PENDING입니다. 컨테이너가 시작되면 "
                "`lastStatus`가 따라잡습니다.",
            ),
            correct=True,
        ),
        Choice(
            T("Both RUNNING", "둘 다 RUNNING"),
            T(
                "`lastStatus` is what the agent reported, and no container has started yet: "
                "it is still PENDING. Only `desiredStatus` is RUNNING.",
                "`lastStatus`는 에이전트가 보고한 상태인데, 아직 시작된 컨테이너가 "
                "없으므로 PENDING입니다. RUNNING인 것은 `desiredStatus`뿐입니다.",
            ),
        ),
        Choice(
            T("Both PENDING", "둘 다 PENDING"),
            T(
                "`desiredStatus` is only ever RUNNING or STOPPED: what ECS wants. It is "
                "RUNNING from the start; `lastStatus` is the one that says PENDING.",
                "`desiredStatus`는 ECS가 원하는 상태라서 RUNNING 아니면 STOPPED뿐입니다. "
                "처음부터 RUNNING이고, PENDING을 보여 주는 것은 `lastStatus`입니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("One task, one instance", "태스크 하나, 인스턴스 하나"),
    question=T(
        "A task has two containers of 1200 MiB each. The cluster has two instances with about "
        "1900 MiB free on each. What does `RunTask` do?",
        "컨테이너 두 개가 각각 1200 MiB인 태스크가 있습니다. 클러스터에는 남은 메모리가 "
        "각각 약 1900 MiB인 인스턴스 두 대가 있습니다. `RunTask`는 어떻게 할까요?",
    ),
    choices=(
        Choice(
            T(
                "It runs one container on each instance",
                "인스턴스마다 컨테이너를 하나씩 실행한다",
            ),
            T(
                "A task is never split: all its containers run on one container instance, "
                "so together they must fit on one.",
                "태스크는 나뉘지 않습니다. 태스크의 컨테이너는 모두 한 컨테이너 인스턴스에서 "
                "실행되므로, 합쳐서 한 대에 들어가야 합니다.",
            ),
        ),
        Choice(
            T(
                "It starts nothing and answers with `failures`, one per instance, for memory",
                "아무것도 시작하지 않고, 인스턴스마다 메모리 때문이라는 `failures`로 응답한다",
            ),
            T(
                "Right: the task needs 2400 MiB on one host, and neither has it. Not fitting is "
                "not an error: RunTask answers with `failures` (`RESOURCE:MEMORY`).",
                "맞습니다. 태스크는 한 호스트에 2400 MiB가 필요한데, 그만큼 남은 인스턴스가 "
                "없습니다. 자리가 없는 것은 오류가 아니므로, RunTask는 "
                "`failures`(`RESOURCE:MEMORY`)로 응답합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "It starts the first container now and the second when memory frees up",
                "첫 번째 컨테이너를 지금 시작하고, 두 번째는 메모리가 생기면 시작한다",
            ),
            T(
                "ECS places a task as a whole or not at all: it never starts part of a task.",
                "ECS는 태스크를 통째로 배치하거나 아예 배치하지 않습니다. 태스크의 일부만 "
                "시작하는 일은 없습니다.",
            ),
        ),
    ),
)
