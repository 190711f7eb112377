"""Lesson 7 · Placement: a memberOf expression that keeps tasks off t3 instances, the strategy
chain that spreads over zones and packs memory within, and reading why a task failed placement."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.words import particle

CLUSTER = "web"
ZONE_FIELD = "attribute:ecs.availability-zone"


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = (CLUSTER, "api", "edge")


def _instances(ecs: Any, cluster: str, expression: str | None = None) -> dict[str, str]:
    """ARN -> instance type of the container instances `expression` selects (all without)."""
    options = {"filter": expression} if expression is not None else {}
    arns = ecs.list_container_instances(cluster=cluster, **options)["containerInstanceArns"]
    if not arns:
        return {}
    described = ecs.describe_container_instances(cluster=cluster, containerInstances=arns)
    return {
        i["containerInstanceArn"]: next(
            a.get("value", "") for a in i["attributes"] if a["name"] == "ecs.instance-type"
        )
        for i in described["containerInstances"]
    }


def _judge_not_t3(v: Values) -> T | None:
    expression = v.not_t3
    if not isinstance(expression, str) or not expression.strip():
        return T(
            "`not_t3` should be a cluster query language expression in a string, such as "
            '`"attribute:ecs.instance-type == m5.large"`.',
            "`not_t3`에는 문자열로 쓴 클러스터 쿼리 언어 표현식이 들어가야 합니다. 예: "
            '`"attribute:ecs.instance-type == m5.large"`.',
        )
    everything = _instances(v.ecs, CLUSTER)
    chosen = _instances(v.ecs, CLUSTER, expression)  # ECS refuses a malformed expression
    t3 = [arn for arn, kind in chosen.items() if kind.startswith("t3.")]
    if t3:
        return T(
            f"Your expression selects {len(t3)} t3 instance(s) (of {len(chosen)} selected): a "
            "memberOf constraint keeps the instances that **satisfy** it, so this one keeps "
            "tasks on t3. Negate the match: `not(...)` or the operator `!~`.",
            f"표현식이 t3 인스턴스 {len(t3)}개를 고릅니다 (전체 {len(chosen)}개 중). memberOf "
            "제약 조건은 표현식을 **만족하는** 인스턴스를 남기므로, 이대로면 태스크가 t3에 "
            "배치됩니다. 일치를 뒤집으세요: `not(...)`이나 `!~` 연산자.",
        )
    others = {arn for arn, kind in everything.items() if not kind.startswith("t3.")}
    missing = others - set(chosen)
    if missing:
        kinds = ", ".join(sorted({everything[arn] for arn in missing}))
        return T(
            f"No t3 is selected, but neither are {len(missing)} other instance(s) ({kinds}): "
            "tasks could not use them. `==` compares whole strings (no wildcards); to match a "
            "pattern use the regular-expression operator `=~` (here, negated).",
            f"t3은 고르지 않았지만 다른 인스턴스 {len(missing)}개 ({kinds})도 고르지 "
            "않았습니다. 태스크가 그 인스턴스를 쓸 수 없습니다. `==`는 문자열 전체를 비교합니다 "
            "(와일드카드 없음). 패턴에는 정규 표현식 연산자 `=~`를 (여기서는 뒤집어서) 쓰세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Keep tasks off t3", "t3에는 배치하지 않기"),
    reads=("not_t3",),
    starter="not_t3 = ____",
    solution_code="""\
not_t3 = "not(attribute:ecs.instance-type =~ t3.*)"
ecs.list_container_instances(cluster="web", filter=not_t3)["containerInstanceArns"]""",
    wrong=(
        Wrong(
            'not_t3 = "attribute:ecs.instance-type =~ t3.*"',
            T("selects 3 t3 instance(s)", "t3 인스턴스 3개를 고릅니다"),
        ),
        Wrong(
            'not_t3 = "attribute:ecs.instance-type == t3.*"',
            T("`==` compares whole strings", "`==`는 문자열 전체를 비교합니다"),
        ),
    ),
    hints=(
        T(
            "Every instance carries the attribute `ecs.instance-type` (t3.small, m5.large ...). "
            "`=~` matches a regular expression; how do you turn a match around?",
            "모든 인스턴스에는 `ecs.instance-type` 속성 (t3.small, m5.large ...)이 있습니다. "
            "`=~`는 정규 표현식과 비교합니다. 일치를 어떻게 뒤집을까요?",
        ),
        T(
            '`"not(attribute:ecs.instance-type =~ t3.*)"`, or equally '
            '`"attribute:ecs.instance-type !~ t3.*"`.',
            '`"not(attribute:ecs.instance-type =~ t3.*)"`, 또는 같은 뜻으로 '
            '`"attribute:ecs.instance-type !~ t3.*"`.',
        ),
    ),
    judge=_judge_not_t3,
    explanation=T(
        "A memberOf constraint is binding: an instance that does not satisfy the expression is "
        'ruled out with "MemberOf placement constraint unsatisfied.", whatever the strategies.',
        "memberOf 제약 조건은 반드시 지켜집니다: 표현식을 만족하지 않는 인스턴스는 전략과 "
        '상관없이 "MemberOf placement constraint unsatisfied." 로 제외됩니다.',
    ),
)


def _label(strategy: Any) -> str:
    if not isinstance(strategy, dict):
        return repr(strategy)
    field = strategy.get("field")
    return f"{strategy.get('type')}({field})" if field else str(strategy.get("type"))


def _judge_chain(v: Values) -> T | None:
    chain = v.chain
    if not isinstance(chain, list) or not chain or not all(isinstance(s, dict) for s in chain):
        return T(
            "`chain` should be a list of strategies, each a dict such as "
            '`{"type": "binpack", "field": "memory"}`, in the order ECS applies them.',
            "`chain`은 ECS가 적용하는 순서대로 쓴 전략 목록이어야 합니다. 각 전략은 "
            '`{"type": "binpack", "field": "memory"}` 같은 dict입니다.',
        )
    # ECS's own checks (type, field) answer first, through the dry run.
    explained = v.sim.explain_placement(CLUSTER, "api", strategies=chain)
    labels = [_label(s) for s in chain]
    spread_zone = f"spread({ZONE_FIELD})"
    binpack_memory = "binpack(memory)"
    if spread_zone not in labels:
        return T(
            f"Your chain is {' → '.join(labels)}: nothing balances tasks across zones. Add "
            f'`{{"type": "spread", "field": "{ZONE_FIELD}"}}`.',
            f"체인이 {' → '.join(labels)} 입니다. 태스크를 가용 영역에 고르게 나누는 전략이 "
            f'없습니다. `{{"type": "spread", "field": "{ZONE_FIELD}"}}`를 넣으세요.',
        )
    if binpack_memory not in labels:
        return T(
            f"Your chain is {' → '.join(labels)}: nothing packs memory within a zone. Add "
            '`{"type": "binpack", "field": "memory"}`.',
            f"체인이 {' → '.join(labels)} 입니다. 가용 영역 안에서 메모리를 채우는 전략이 "
            '없습니다. `{"type": "binpack", "field": "memory"}`를 넣으세요.',
        )
    if labels.index(binpack_memory) < labels.index(spread_zone):
        return T(
            "binpack(memory) comes first, so it decides almost alone: it picks the one instance "
            "with the least memory left, and spread only breaks exact ties. The zones stay "
            "unbalanced. Put the spread first: strategies apply in order.",
            "binpack(memory)이 먼저라서 거의 혼자 결정합니다: 남은 메모리가 가장 적은 "
            "인스턴스 하나를 고르고, spread는 완전한 동점만 가립니다. 가용 영역이 고르게 "
            "나뉘지 않습니다. spread를 먼저 두세요: 전략은 순서대로 적용됩니다.",
        )
    if tuple(explained.strategies[:2]) != (spread_zone, binpack_memory):
        return T(
            f"Your chain is {' → '.join(labels)}: put the zone spread and the memory binpack "
            "first, one right after the other.",
            f"체인이 {' → '.join(labels)} 입니다. 가용 영역 spread와 메모리 binpack을 "
            "맨 앞에 차례로 두세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("Spread over zones, pack memory within", "가용 영역에 나누고, 그 안에서 메모리 채우기"),
    reads=("chain",),
    starter="chain = ____",
    solution_code="""\
chain = [
    {"type": "spread", "field": "attribute:ecs.availability-zone"},
    {"type": "binpack", "field": "memory"},
]
sim.explain_placement("web", "api", strategies=chain).strategies""",
    wrong=(
        Wrong(
            'chain = [{"type": "binpack", "field": "memory"}, '
            '{"type": "spread", "field": "attribute:ecs.availability-zone"}]',
            T("Put the spread first", "spread를 먼저 두세요"),
        ),
        Wrong(
            'chain = [{"type": "spread", "field": "attribute:ecs.availability-zone"}, '
            '{"type": "binpack", "field": "cpu"}]',
            T("nothing packs memory", "메모리를 채우는 전략이"),
        ),
    ),
    hints=(
        T(
            "Two strategies; the order matters: the first decides, the second only breaks its "
            "ties. Which one must decide the zone?",
            "전략 두 개이고 순서가 중요합니다: 첫 번째가 결정하고, 두 번째는 그 동점만 "
            "가립니다. 가용 영역은 어느 쪽이 정해야 할까요?",
        ),
        T(
            f'`[{{"type": "spread", "field": "{ZONE_FIELD}"}}, '
            '{"type": "binpack", "field": "memory"}]`.',
            f'`[{{"type": "spread", "field": "{ZONE_FIELD}"}}, '
            '{"type": "binpack", "field": "memory"}]`.',
        ),
    ),
    judge=_judge_chain,
    explanation=T(
        "This chain keeps a zone's outage from taking most tasks with it, while using as few "
        "instances per zone as it can.",
        "이 체인은 한 가용 영역이 멈춰도 태스크 대부분을 잃지 않게 하면서, 가용 영역마다 "
        "인스턴스를 되도록 적게 씁니다.",
    ),
)


def _judge_blocked_by(v: Values) -> T | None:
    answer = v.blocked_by
    edge = v.edge
    zone_a = set(
        v.ecs.list_container_instances(
            cluster=CLUSTER, filter="attribute:ecs.availability-zone == us-east-1a"
        )["containerInstanceArns"]
    )
    reasons = {f["reason"] for f in edge["failures"] if f["arn"] in zone_a}
    others = {f["reason"] for f in edge["failures"] if f["arn"] not in zone_a}
    if not isinstance(answer, str) or not answer.strip():
        return T(
            "`blocked_by` should be a reason as ECS writes it, a string copied from "
            '`edge["failures"]`.',
            '`blocked_by`에는 ECS가 쓴 그대로의 사유, 즉 `edge["failures"]`에서 복사한 '
            "문자열이 들어가야 합니다.",
        )
    if answer.strip() in reasons:
        return None
    if answer.strip() in others:
        return T(
            f"{answer.strip()!r} is what ECS says for the instances **outside** us-east-1a: the "
            "constraint ruled those out. The failures whose ARN is an instance of us-east-1a "
            "give another reason.",
            f"{particle(repr(answer.strip()), '은/는')} us-east-1a **밖의** 인스턴스에 대한 "
            "사유입니다. 제약 조건이 그 인스턴스들을 제외했습니다. ARN이 us-east-1a "
            "인스턴스인 실패에는 다른 사유가 있습니다.",
        )
    return T(
        f"ECS gave no failure with reason {answer.strip()!r}. The reasons in `edge` are: "
        + ", ".join(sorted(reasons | others))
        + ". Which one names the instances of us-east-1a?",
        f"ECS는 {particle(repr(answer.strip()), '(이)라는')} 사유를 주지 않았습니다. "
        "`edge`의 사유는: "
        + ", ".join(sorted(reasons | others))
        + ". 어느 것이 us-east-1a 인스턴스에 대한 사유일까요?",
    )


ex3 = Exercise(
    name="ex3",
    title=T("Why did it fail?", "왜 실패했을까?"),
    reads=("blocked_by",),
    uses=("sim", "ecs", "edge"),
    starter="blocked_by = ____",
    solution_code="""\
zone_a = ecs.list_container_instances(
    cluster="web", filter="attribute:ecs.availability-zone == us-east-1a"
)["containerInstanceArns"]
blocked_by = next(f["reason"] for f in edge["failures"] if f["arn"] in zone_a)
blocked_by""",
    wrong=(
        Wrong(
            'blocked_by = "MemberOf placement constraint unsatisfied."',
            T("**outside** us-east-1a", "us-east-1a **밖의**"),
        ),
        Wrong(
            'blocked_by = "RESOURCE:MEMORY"',
            T("ECS gave no failure with reason 'RESOURCE:MEMORY'", "'RESOURCE:MEMORY'라는 사유"),
        ),
    ),
    hints=(
        T(
            "Two tasks started, on the two instances of us-east-1a. What does the third task "
            "need that those two instances no longer have free?",
            "태스크 두 개가 us-east-1a의 인스턴스 두 대에서 시작했습니다. 세 번째 태스크에 "
            "필요한데 그 두 인스턴스에 더 이상 남아 있지 않은 것은?",
        ),
        T(
            'Keep the instances of us-east-1a with `ecs.list_container_instances(cluster="web", '
            'filter="attribute:ecs.availability-zone == us-east-1a")`, then read the reason '
            "of a failure whose `arn` is one of them.",
            '`ecs.list_container_instances(cluster="web", '
            'filter="attribute:ecs.availability-zone == us-east-1a")`로 us-east-1a 인스턴스를 '
            "구한 다음, `arn`이 그중 하나인 실패의 사유를 읽으세요.",
        ),
    ),
    judge=_judge_blocked_by,
    explanation=T(
        "A static hostPort can be used once per instance: RESOURCE:PORTS. Use dynamic host "
        "ports (hostPort 0, lesson 10) or more instances to run more copies.",
        "고정 hostPort는 인스턴스마다 한 번만 쓸 수 있습니다: RESOURCE:PORTS. 더 많이 "
        "실행하려면 동적 호스트 포트 (hostPort 0, 레슨 10)나 인스턴스를 더 쓰세요.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("What binpack picks", "binpack이 고르는 인스턴스"),
    question=T(
        "A task reserves 1000 MiB. Three instances have 600, 3000 and 1200 MiB of memory "
        "left. With the strategy `binpack` on `memory`, where does the task go?",
        "1000 MiB를 예약하는 태스크가 있습니다. 인스턴스 세 대에 남은 메모리가 각각 600, "
        "3000, 1200 MiB입니다. `memory` 기준 `binpack` 전략이라면 태스크는 어디로 갈까요?",
    ),
    choices=(
        Choice(
            T("The one with 600 MiB left", "600 MiB가 남은 인스턴스"),
            T(
                "It does not fit there: the filters rule out an instance without the memory "
                "the task reserves, before any strategy ranks what is left.",
                "그곳에는 들어가지 않습니다. 태스크가 예약할 메모리가 없는 인스턴스는 배치 "
                "전략이 순위를 매기기 전에 필터에서 제외됩니다.",
            ),
        ),
        Choice(
            T("The one with 3000 MiB left", "3000 MiB가 남은 인스턴스"),
            T(
                "That is the most room, the opposite of `binpack`, which fills instances so "
                "that fewer are in use.",
                "그것은 여유가 가장 많은 곳으로, `binpack`과 반대입니다. `binpack`은 사용하는 "
                "인스턴스 수가 줄도록 인스턴스를 채웁니다.",
            ),
        ),
        Choice(
            T("The one with 1200 MiB left", "1200 MiB가 남은 인스턴스"),
            T(
                "Right: `binpack` picks the instance with the *least* memory left that still "
                "fits the task. 600 MiB is too little, so 1200 MiB wins.",
                "맞습니다. `binpack`은 태스크가 들어가는 인스턴스 가운데 남은 메모리가 "
                "*가장 적은* 곳을 고릅니다. 600 MiB는 모자라므로 1200 MiB가 선택됩니다.",
            ),
            correct=True,
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("A constraint nobody meets", "아무도 만족하지 못하는 배치 제약"),
    question=T(
        "A task's `memberOf` constraint says `attribute:ecs.instance-type =~ m5.*`, and the "
        "cluster has only t3 instances. What does RunTask do?",
        "태스크의 `memberOf` 배치 제약이 `attribute:ecs.instance-type =~ m5.*`인데, "
        "클러스터에는 t3 인스턴스만 있습니다. RunTask는 어떻게 할까요?",
    ),
    choices=(
        Choice(
            T(
                "It places nothing and reports each instance in `failures`",
                "아무것도 배치하지 않고, 인스턴스마다 `failures`로 알려 준다",
            ),
            T(
                "Right: constraints are binding filters. An instance that fails one is out, "
                "and with no instance left the task is not placed; `failures` says why, "
                "instance by instance.",
                "맞습니다. 배치 제약은 반드시 지켜야 하는 필터입니다. 제약을 통과하지 못한 "
                "인스턴스는 제외되고, 남은 인스턴스가 없으면 태스크는 배치되지 않습니다. "
                "`failures`가 인스턴스마다 이유를 알려 줍니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "It places the task on the best t3 instance anyway",
                "그래도 가장 알맞은 t3 인스턴스에 배치한다",
            ),
            T(
                "That is how strategies behave (best effort), not constraints. A constraint is "
                "never relaxed.",
                "그것은 배치 전략(최선을 다할 뿐)의 동작이지 배치 제약의 동작이 아닙니다. "
                "배치 제약은 느슨해지지 않습니다.",
            ),
        ),
        Choice(
            T(
                "It refuses the request with `InvalidParameterException`",
                "`InvalidParameterException`으로 요청을 거부한다",
            ),
            T(
                "The expression is valid, so the request is accepted. That an instance does "
                "not match is not an error: it shows in `failures`.",
                "식은 올바르므로 요청은 받아들여집니다. 맞는 인스턴스가 없는 것은 오류가 "
                "아니며, `failures`에 나타납니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("A strategy chain", "배치 전략 체인"),
    question=T(
        "A service's placement strategy is `[spread on attribute:ecs.availability-zone, "
        "binpack on memory]`. What does the `binpack` step do?",
        "서비스의 배치 전략이 `[spread on attribute:ecs.availability-zone, binpack on "
        "memory]`입니다. `binpack` 단계는 무슨 일을 할까요?",
    ),
    choices=(
        Choice(
            T(
                "Nothing: only the first strategy of a chain counts",
                "아무것도 하지 않는다. 체인에서는 첫 번째 배치 전략만 쓰인다",
            ),
            T(
                "Every step counts: each one after the first breaks the ties of the one before.",
                "모든 단계가 쓰입니다. 첫 번째 다음의 각 단계는 앞 단계에서 동점인 것을 가릅니다.",
            ),
        ),
        Choice(
            T(
                "Among the instances of the zone `spread` chose, it picks the one with the "
                "least memory left",
                "`spread`가 고른 가용 영역의 인스턴스 가운데 남은 메모리가 가장 적은 것을 고른다",
            ),
            T(
                "Right: the chain applies in order. `spread` makes every instance of the "
                "zone with the fewest tasks equally good; `binpack` breaks that tie by "
                "memory, so tasks balance over zones and pack within each.",
                "맞습니다. 체인은 순서대로 적용됩니다. `spread`는 태스크가 가장 적은 가용 "
                "영역의 인스턴스들을 똑같이 좋다고 보고, `binpack`이 그 동점을 메모리로 "
                "가립니다. 그래서 태스크는 영역 사이에서는 고르게, 영역 안에서는 채워지게 "
                "놓입니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "It runs first, and `spread` then rebalances what it packed",
                "먼저 실행되고, 그 결과를 `spread`가 다시 고르게 나눈다",
            ),
            T(
                "The order of the list is the order of the steps: `spread` decides first, and "
                "nothing is moved afterwards.",
                "목록의 순서가 곧 단계의 순서입니다. `spread`가 먼저 결정하며, 나중에 "
                "태스크를 옮기는 일은 없습니다.",
            ),
        ),
    ),
)
