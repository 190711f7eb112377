"""Lesson 0 · Welcome: the exercise that teaches how exercises work."""

from __future__ import annotations

from ecslearn.lessons.exercise import Exercise, Values, Wrong
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
