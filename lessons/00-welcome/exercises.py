"""Lesson 0 · Welcome: the exercise that teaches how exercises work."""

from __future__ import annotations

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("bad", "x", "busybox")


def _judge_fixed(v: Values) -> T | None:
    fixed = v.fixed
    if not isinstance(fixed, dict):
        return T(
            f"`fixed` should be the task definition ECS answered with (a dict), not "
            f"{type(fixed).__name__}.",
            f"`fixed`에는 ECS가 돌려준 태스크 디피니션 (dict)이 들어가야 합니다. 지금은 "
            f"{type(fixed).__name__} 입니다.",
        )
    if "taskDefinition" in fixed:
        return T(
            '`fixed` holds the whole response. Keep only its `["taskDefinition"]`: that is the '
            "task definition as ECS stored it.",
            '`fixed`에 응답 전체가 들어 있습니다. `["taskDefinition"]`만 담으세요: ECS가 저장한 '
            "태스크 디피니션입니다.",
        )
    if "taskDefinitionArn" not in fixed:
        return T(
            "`fixed` has no `taskDefinitionArn`: it is only a request you wrote, ECS has not seen "
            "it. Pass it to `ecs.register_task_definition(...)` and keep "
            '`response["taskDefinition"]`.',
            "`fixed`에 `taskDefinitionArn`이 없습니다. 직접 쓴 요청일 뿐 ECS는 아직 모릅니다. "
            '`ecs.register_task_definition(...)`에 넘기고 `response["taskDefinition"]`을 '
            "담으세요.",
        )
    if fixed.get("family") != "bad":
        return T(
            f"You registered the family {fixed.get('family')!r}; the exercise fixes the family "
            "'bad' (the one ECS refused above).",
            f"{fixed.get('family')!r} 패밀리를 등록했습니다. 이 연습은 위에서 ECS가 거부한 'bad' "
            "패밀리를 고치는 것입니다.",
        )
    containers = {c.get("name"): c for c in fixed.get("containerDefinitions", [])}
    x = containers.get("x")
    if x is None or x.get("image") != "busybox":
        return T(
            "Keep the container as it was: name 'x', image 'busybox'. Only add what was missing.",
            "컨테이너는 그대로 두세요: 이름 'x', 이미지 'busybox'. 빠진 것만 더하면 됩니다.",
        )
    if x.get("memory") != 128:
        return T(
            f"Container 'x' has memory {x.get('memory')!r} MiB; the exercise asks for a hard "
            "limit of 128 MiB (`memory: 128`).",
            f"컨테이너 'x'의 memory가 {x.get('memory')!r} MiB입니다. 이 연습은 128 MiB의 "
            "하드 리밋 (`memory: 128`)을 요구합니다.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Fix the refused task definition", "거부된 태스크 디피니션 고치기"),
    reads=("fixed",),
    uses=("ecs",),
    starter="fixed = ____",
    solution_code="""\
response = ecs.register_task_definition(
    family="bad",
    containerDefinitions=[{"name": "x", "image": "busybox", "memory": 128}],
)
fixed = response["taskDefinition"]
fixed["revision"]""",
    wrong=(
        Wrong(
            'fixed = {"family": "bad", "containerDefinitions": '
            '[{"name": "x", "image": "busybox", "memory": 128}]}',
            T("only a request", "요청일 뿐"),
        ),
        Wrong(
            'fixed = ecs.register_task_definition(family="bad", containerDefinitions='
            '[{"name": "x", "image": "busybox", "memory": 128}])',
            T("whole response", "응답 전체"),
        ),
    ),
    hints=(
        T(
            "ECS's message said what was missing: at least one of 'memory' or "
            "'memoryReservation'. Add `\"memory\": 128` to the container.",
            "ECS 메시지에 빠진 것이 나와 있습니다: 'memory' 또는 'memoryReservation' 중 하나. "
            'container에 `"memory": 128`을 더하세요.',
        ),
        T(
            'Call `ecs.register_task_definition(family="bad", containerDefinitions=[...])` and '
            'keep `response["taskDefinition"]` in `fixed`.',
            '`ecs.register_task_definition(family="bad", containerDefinitions=[...])`를 호출하고 '
            '`response["taskDefinition"]`을 `fixed`에 담으세요.',
        ),
    ),
    judge=_judge_fixed,
    explanation=T(
        "`memory` is the container's hard limit: the agent stops the container if it uses "
        "more, and the scheduler reserves that much on the instance. Registering the family "
        "again would give revision 2.",
        "`memory`는 컨테이너의 하드 리밋입니다. 넘게 쓰면 에이전트가 컨테이너를 멈추고, "
        "스케줄러는 인스턴스에서 그만큼을 예약합니다. 같은 패밀리를 다시 등록하면 리비전 2가 "
        "됩니다.",
    ),
    praise=T(
        "ECS accepted it: revision 1 of the family 'bad'.",
        "ECS가 받아들였습니다: 'bad' 패밀리의 리비전 1.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("What managed means", "관리형이라는 뜻"),
    question=T(
        "Amazon ECS is a *managed* container orchestration service. What does AWS manage for you?",
        "Amazon ECS는 *관리형* 컨테이너 오케스트레이션 서비스입니다. AWS가 대신 관리해 주는 "
        "것은 무엇일까요?",
    ),
    choices=(
        Choice(
            T(
                "Your container images: AWS builds them from your code",
                "컨테이너 이미지: AWS가 내 코드로 이미지를 빌드한다",
            ),
            T(
                "You build your images yourself (with Docker) and push them to a registry "
                "such as ECR. ECS runs them.",
                "이미지는 직접(Docker로) 빌드해서 ECR 같은 레지스트리에 푸시합니다. ECS는 "
                "그 이미지를 실행합니다.",
            ),
        ),
        Choice(
            T(
                "The control plane: the API and scheduler that place containers and keep them "
                "running",
                "컨트롤 플레인: 컨테이너를 어디서 실행할지 정하고 계속 실행되게 하는 API와 "
                "스케줄러",
            ),
            T(
                "Right: AWS runs ECS's control plane. You describe what to run (task "
                "definitions, services); ECS decides where, watches, and replaces what fails.",
                "맞습니다. AWS가 ECS의 컨트롤 플레인을 운영합니다. 무엇을 실행할지(태스크 "
                "디피니션, 서비스)는 내가 정하고, 어디서 실행할지, 지켜보기와 실패한 것의 "
                "대체는 ECS가 맡습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Everything: with ECS there are never any machines, instances or capacity to "
                "think about",
                "전부: ECS에서는 머신도, 인스턴스도, 용량도 신경 쓸 일이 전혀 없다",
            ),
            T(
                "Containers still run on machines: EC2 container instances that you launch "
                "(lesson 2), or Fargate, where AWS provides them (lesson 13).",
                "컨테이너는 여전히 머신에서 실행됩니다. 직접 띄우는 EC2 컨테이너 "
                "인스턴스(레슨 2)이거나, AWS가 머신을 대 주는 Fargate(레슨 13)입니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("What carries over to AWS", "AWS로 그대로 가져가는 것"),
    question=T(
        "Which line of a lesson runs unchanged on AWS, once `ecs` comes from "
        '`boto3.client("ecs")` instead of `sim.client()`?',
        '`ecs`를 `sim.client()` 대신 `boto3.client("ecs")`로 만들면, 레슨의 어느 줄이 '
        "AWS에서 그대로 실행될까요?",
    ),
    choices=(
        Choice(
            T("`sim.advance(60)`", "`sim.advance(60)`"),
            T(
                "`sim.advance` moves the simulation's virtual clock. On AWS time passes on its "
                "own: there is no such call.",
                "`sim.advance`는 시뮬레이션의 가상 시계를 움직입니다. AWS에서는 시간이 "
                "저절로 흐르므로 이런 호출이 없습니다.",
            ),
        ),
        Choice(
            T('`sim.launch_instances("shop", count=2)`', '`sim.launch_instances("shop", count=2)`'),
            T(
                "That is the simulation's shortcut. On AWS you launch EC2 instances (with the "
                "ECS-optimized AMI and `ECS_CLUSTER` in their user data) or use Fargate.",
                "그것은 시뮬레이션의 지름길입니다. AWS에서는 EC2 인스턴스를 직접 띄우거나"
                "(ECS 최적화 AMI, 사용자 데이터에 `ECS_CLUSTER`) Fargate를 씁니다.",
            ),
        ),
        Choice(
            T(
                '`ecs.run_task(cluster="shop", taskDefinition="web")`',
                '`ecs.run_task(cluster="shop", taskDefinition="web")`',
            ),
            T(
                "Right: the `ecs` calls are boto3's own, with ECS's parameters and answers. "
                "Only the client changes; the `sim.` handles stay behind.",
                "맞습니다. `ecs` 호출은 boto3 그대로이며, ECS의 파라미터와 응답을 씁니다. "
                "클라이언트만 바뀌고, `sim.`으로 시작하는 것은 가져가지 않습니다.",
            ),
            correct=True,
        ),
    ),
)
