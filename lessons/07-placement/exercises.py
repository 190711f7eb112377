"""Lesson 7 · Placement: a memberOf expression that keeps tasks off t3 instances, the strategy
chain that spreads over zones and packs memory within, and reading why a task failed placement."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
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
