"""Lesson 1 · The cluster: create one with a setting, read what DescribeClusters says about a
cluster that does not exist, and place the cluster beside Kubernetes."""

from __future__ import annotations

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.text import T
from ecslearn.words import particle

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ()


def _judge_shop(v: Values) -> T | None:
    answer = v.ecs.describe_clusters(clusters=["shop"], include=["SETTINGS"])
    if not answer["clusters"]:
        return T(
            "ECS has no cluster named 'shop': DescribeClusters lists it under `failures` with "
            'reason MISSING. Create it with `ecs.create_cluster(clusterName="shop", ...)`.',
            "ECS에 'shop' 클러스터가 없습니다. DescribeClusters가 `failures`에 MISSING으로 "
            '보여 줍니다. `ecs.create_cluster(clusterName="shop", ...)`으로 만드세요.',
        )
    cluster = answer["clusters"][0]
    settings = {s["name"]: s["value"] for s in cluster.get("settings", [])}
    insights = settings.get("containerInsights", "disabled")
    if insights != "enabled":
        return T(
            f"Cluster 'shop' has containerInsights {insights!r}. Pass "
            '`settings=[{"name": "containerInsights", "value": "enabled"}]`. A second '
            "create_cluster of an existing cluster only returns it unchanged: use "
            '`ecs.update_cluster(cluster="shop", settings=[...])` now.',
            f"'shop' 클러스터의 containerInsights가 {insights!r} 입니다. "
            '`settings=[{"name": "containerInsights", "value": "enabled"}]`를 넘기세요. '
            "이미 있는 클러스터에 create_cluster를 다시 호출하면 그대로 돌려줄 뿐이니, 이제는 "
            '`ecs.update_cluster(cluster="shop", settings=[...])`를 쓰세요.',
        )
    shop = v.shop
    if not isinstance(shop, dict) or shop.get("clusterName") != "shop":
        return T(
            "`shop` should be the cluster DescribeClusters answered with: "
            "`ecs.describe_clusters(...)[\"clusters\"][0]`, a dict whose clusterName is 'shop'.",
            "`shop`에는 DescribeClusters가 돌려준 클러스터, 즉 "
            "`ecs.describe_clusters(...)[\"clusters\"][0]` (clusterName이 'shop'인 dict) "
            "가 들어가야 합니다.",
        )
    if "settings" not in shop:
        return T(
            "The cluster is right, but `shop` has no `settings`: DescribeClusters leaves them "
            'out unless you ask with `include=["SETTINGS"]`.',
            "클러스터는 맞지만 `shop`에 `settings`가 없습니다. DescribeClusters는 "
            '`include=["SETTINGS"]`로 요청해야 설정을 보여 줍니다.',
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("A cluster with Container Insights", "Container Insights를 켠 클러스터"),
    reads=("shop",),
    starter="shop = ____",
    solution_code="""\
ecs.create_cluster(
    clusterName="shop",
    settings=[{"name": "containerInsights", "value": "enabled"}],
)
shop = ecs.describe_clusters(clusters=["shop"], include=["SETTINGS"])["clusters"][0]
shop["settings"]""",
    wrong=(
        Wrong(
            'ecs.create_cluster(clusterName="shop")\n'
            'shop = ecs.describe_clusters(clusters=["shop"], include=["SETTINGS"])'
            '["clusters"][0]',
            T("containerInsights 'disabled'", "containerInsights가 'disabled'"),
        ),
        Wrong(
            'ecs.create_cluster(clusterName="shop", settings=[{"name": "containerInsights", '
            '"value": "enabled"}])\n'
            'shop = ecs.describe_clusters(clusters=["shop"])["clusters"][0]',
            T('include=["SETTINGS"]', 'include=["SETTINGS"]'),
        ),
    ),
    hints=(
        T(
            "Two calls: `ecs.create_cluster(...)` with a `settings` list, then "
            '`ecs.describe_clusters(clusters=["shop"], include=["SETTINGS"])`.',
            "두 번 호출합니다: `settings` 목록을 넣은 `ecs.create_cluster(...)`, 그다음 "
            '`ecs.describe_clusters(clusters=["shop"], include=["SETTINGS"])`.',
        ),
        T(
            'The setting is `{"name": "containerInsights", "value": "enabled"}`, and '
            'DescribeClusters answers `{"clusters": [...], "failures": [...]}`: keep '
            '`["clusters"][0]`.',
            '설정은 `{"name": "containerInsights", "value": "enabled"}`이고, '
            'DescribeClusters는 `{"clusters": [...], "failures": [...]}`로 답합니다: '
            '`["clusters"][0]`을 담으세요.',
        ),
    ),
    judge=_judge_shop,
    explanation=T(
        "A cluster's settings are chosen when it is created (or changed with UpdateCluster); "
        "DescribeClusters only shows them when asked with include.",
        "클러스터 설정은 만들 때 정하고 (UpdateCluster로 바꿀 수 있음), DescribeClusters는 "
        "include로 요청해야 보여 줍니다.",
    ),
)


def _judge_reason(v: Values) -> T | None:
    reason = v.reason
    if reason == "MISSING":
        return None
    if isinstance(reason, list):
        return T(
            f"`reason` is a list ({reason!r}). DescribeClusters does not raise for a cluster it "
            "does not know: it answers normally and lists it under `failures`, each failure "
            "with an `arn` and a `reason`.",
            f"`reason`이 목록입니다 ({reason!r}). DescribeClusters는 모르는 클러스터에 대해 "
            "오류를 내지 않고 정상 응답하며, `failures`에 `arn`과 `reason`으로 보여 줍니다.",
        )
    return T(
        f"`reason` is {reason!r}. Read it from the answer: "
        '`ecs.describe_clusters(clusters=["payments"])["failures"][0]["reason"]`.',
        f"`reason`이 {reason!r} 입니다. 응답에서 읽으세요: "
        '`ecs.describe_clusters(clusters=["payments"])["failures"][0]["reason"]`.',
    )


ex2 = Exercise(
    name="ex2",
    title=T("A cluster that is not there", "없는 클러스터"),
    reads=("reason",),
    uses=("ecs",),
    starter="reason = ____",
    solution_code="""\
answer = ecs.describe_clusters(clusters=["payments"])
reason = answer["failures"][0]["reason"]
reason""",
    wrong=(
        Wrong(
            'reason = ecs.describe_clusters(clusters=["payments"])["clusters"]',
            T("failures", "failures"),
        ),
    ),
    hints=(
        T(
            "Call DescribeClusters for 'payments' and print the whole answer: where does the "
            "cluster appear?",
            "'payments'로 DescribeClusters를 호출하고 응답 전체를 출력해 보세요. 클러스터가 "
            "어디에 나오나요?",
        ),
        T(
            'It is in `answer["failures"]`: a list of `{"arn": ..., "reason": ...}`.',
            '`answer["failures"]`에 있습니다: `{"arn": ..., "reason": ...}`의 목록입니다.',
        ),
    ),
    judge=_judge_reason,
    explanation=T(
        "Describe* operations answer in bulk: what they found under the resource's name, what "
        "they did not under `failures`. Always look at both.",
        "Describe* 작업은 여러 개를 한 번에 답합니다: 찾은 것은 리소스 이름 아래에, 못 찾은 "
        "것은 `failures`에. 항상 둘 다 보세요.",
    ),
)


def _judge_kubernetes(v: Values) -> T | None:
    answer = v.kubernetes_equivalent
    if not isinstance(answer, str):
        return T(
            'Write one word as a string: "node" or "cluster".',
            '문자열로 한 단어를 쓰세요: "node" 또는 "cluster".',
        )
    word = answer.strip().lower()
    if word == "cluster":
        return None
    if word == "node":
        return T(
            "A common misconception. A Kubernetes node is one machine; an ECS cluster holds "
            "many container instances across zones. The ECS container instance is what "
            "matches a node.",
            "흔한 오해입니다. 쿠버네티스 노드는 머신 한 대입니다. ECS 클러스터는 여러 가용 "
            "영역의 여러 컨테이너 인스턴스를 담습니다. 노드에 해당하는 것은 컨테이너 "
            "인스턴스입니다.",
        )
    return T(
        f'{answer!r} is not one of the choices: answer "node" or "cluster".',
        f'{particle(repr(answer), "은/는")} 보기에 없습니다. "node" 또는 "cluster"로 답하세요.',
    )


ex3 = Exercise(
    name="ex3",
    title=T("ECS beside Kubernetes", "ECS와 쿠버네티스"),
    reads=("kubernetes_equivalent",),
    uses=(),
    starter='kubernetes_equivalent = ____  # "node" or "cluster"',
    solution_code='kubernetes_equivalent = "cluster"',
    wrong=(Wrong('kubernetes_equivalent = "node"', T("misconception", "흔한 오해")),),
    hints=(
        T(
            "How many machines can one ECS cluster hold? How many does a Kubernetes node have?",
            "ECS 클러스터 하나에 머신이 몇 대 들어갈 수 있나요? 쿠버네티스 노드는요?",
        ),
        T(
            "Look at the map above: which ECS box is joined to Kubernetes' node by the "
            "'same idea' line?",
            "위 그림에서 쿠버네티스 노드와 '같은 개념' 선으로 이어진 ECS 상자는 무엇인가요?",
        ),
    ),
    judge=_judge_kubernetes,
    explanation=T(
        "Both an ECS cluster and a Kubernetes cluster are the top-level scheduling domain: a "
        "logical pool of machines. A container instance matches a node.",
        "ECS 클러스터와 쿠버네티스 클러스터는 둘 다 최상위 스케줄링 단위, 즉 머신들의 논리적 "
        "묶음입니다. 컨테이너 인스턴스가 노드에 해당합니다.",
    ),
)
