"""Lesson 1 · The cluster: create one with a setting, read what DescribeClusters says about a
cluster that does not exist, and place the cluster beside Kubernetes."""

from __future__ import annotations

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
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


# -- the quiz: three concept questions (the generator's `# %% quiz q1` cells) ------------------
q1 = Quiz(
    name="q1",
    title=T("What a cluster is", "클러스터란 무엇인가"),
    question=T("What is an ECS cluster?", "ECS 클러스터는 무엇인가요?"),
    choices=(
        Choice(
            T("One EC2 machine that runs your containers", "컨테이너를 실행하는 EC2 머신 한 대"),
            T(
                "That is a container instance. A cluster is not a machine: it groups many "
                "instances, across availability zones, and the tasks and services on them.",
                "그것은 컨테이너 인스턴스입니다. 클러스터는 머신이 아니라, 여러 가용 영역에 걸친 "
                "여러 인스턴스와 그 위의 태스크, 서비스를 묶는 단위입니다.",
            ),
        ),
        Choice(
            T(
                "A named, logical grouping, in one Region, of container instances, tasks and "
                "services",
                "한 리전 안에서 컨테이너 인스턴스, 태스크, 서비스를 묶는 이름 있는 논리적 단위",
            ),
            T(
                "Right: a cluster is a name in one Region that groups the capacity (container "
                "instances) and what runs on it (tasks and services). An empty cluster runs "
                "nothing and costs nothing.",
                "맞습니다. 클러스터는 한 리전 안의 이름 하나로, 용량을 내는 컨테이너 인스턴스와 "
                "그 위에서 실행되는 태스크, 서비스를 묶습니다. 빈 클러스터는 아무것도 실행하지 "
                "않고 비용도 들지 않습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "A container image, like the ones stored in ECR",
                "ECR에 저장되는 것과 같은 컨테이너 이미지",
            ),
            T(
                "An image is what a container starts from, kept in a registry such as ECR "
                "(lesson 6). A cluster is where tasks run, not what they run.",
                "이미지는 컨테이너가 시작할 때 쓰는 것으로, ECR 같은 레지스트리에 저장됩니다 "
                "(레슨 6). 클러스터는 태스크가 실행되는 곳이지, 실행되는 내용물이 아닙니다.",
            ),
        ),
        Choice(
            T("A Kubernetes node that AWS manages", "AWS가 관리하는 쿠버네티스 노드"),
            T(
                "ECS is not Kubernetes, and a node is one machine. In Kubernetes' terms an ECS "
                "cluster matches a cluster, and a container instance matches a node.",
                "ECS는 쿠버네티스가 아니고, 노드는 머신 한 대입니다. 쿠버네티스 용어로 보면 ECS "
                "클러스터는 클러스터에, 컨테이너 인스턴스는 노드에 해당합니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("The default cluster", "default 클러스터"),
    question=T(
        "An EC2 instance's ECS agent starts with no cluster named in its configuration "
        "(`ECS_CLUSTER` is not set). Which cluster does the instance join?",
        "EC2 인스턴스의 ECS 에이전트가 설정에 클러스터 이름 없이 (`ECS_CLUSTER`를 지정하지 "
        "않고) 시작했습니다. 이 인스턴스는 어느 클러스터에 합류할까요?",
    ),
    choices=(
        Choice(
            T(
                "None: the agent does not start until a cluster is named",
                "없음: 클러스터 이름을 줄 때까지 에이전트가 시작하지 않는다",
            ),
            T(
                "The agent starts: without `ECS_CLUSTER` it uses the cluster named `default`, "
                "as you saw when `default` appeared in this lesson.",
                "에이전트는 그대로 시작합니다. `ECS_CLUSTER`가 없으면 `default` 클러스터를 "
                "씁니다. 이 레슨에서 `default`가 생기는 것을 보았습니다.",
            ),
        ),
        Choice(
            T(
                "`default`, which ECS creates if it does not exist yet",
                "`default`: 아직 없으면 ECS가 만든다",
            ),
            T(
                "Right: `default` is what `ECS_CLUSTER` means when it is not set, and your "
                "account gets a `default` cluster when you launch your first container instance.",
                "맞습니다. `ECS_CLUSTER`를 지정하지 않으면 `default`를 뜻하고, 첫 컨테이너 "
                "인스턴스를 띄울 때 계정에 `default` 클러스터가 생깁니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "The cluster created most recently in the Region",
                "그 리전에서 가장 최근에 만든 클러스터",
            ),
            T(
                "ECS never guesses from the clusters that exist: without a name the agent uses "
                "`default`. To join another cluster, name it in `ECS_CLUSTER` (in the "
                "instance's user data).",
                "ECS는 있는 클러스터를 보고 추측하지 않습니다. 이름이 없으면 에이전트는 "
                "`default`를 씁니다. 다른 클러스터에 합류하려면 인스턴스의 사용자 데이터에서 "
                "`ECS_CLUSTER`로 이름을 지정하세요.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Deleting a cluster", "클러스터 삭제"),
    question=T(
        "Cluster `default` still has one container instance registered. What does "
        "`DeleteCluster` do?",
        "`default` 클러스터에 컨테이너 인스턴스가 아직 하나 등록되어 있습니다. "
        "`DeleteCluster`를 호출하면 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "It deletes the cluster and terminates the instance",
                "클러스터를 삭제하고 인스턴스를 종료한다",
            ),
            T(
                "ECS never terminates your instances for you. It refuses: deregister the "
                "instance (or terminate it yourself) first.",
                "ECS는 인스턴스를 대신 종료하지 않습니다. 요청을 거부하므로, 먼저 인스턴스를 "
                "등록 해제하거나 직접 종료해야 합니다.",
            ),
        ),
        Choice(
            T(
                "It deletes the cluster; the instance keeps running in no cluster",
                "클러스터를 삭제하고, 인스턴스는 클러스터 없이 계속 실행된다",
            ),
            T(
                "A container instance is always registered in a cluster, so ECS does not leave "
                "one behind: it refuses to delete the cluster.",
                "컨테이너 인스턴스는 항상 어떤 클러스터에 등록되어 있으므로, ECS는 인스턴스만 "
                "남겨 두고 클러스터를 지우지 않습니다. 삭제를 거부합니다.",
            ),
        ),
        Choice(
            T(
                "ECS refuses with `ClusterContainsContainerInstancesException`",
                "ECS가 `ClusterContainsContainerInstancesException`으로 거부한다",
            ),
            T(
                "Right: a cluster can be deleted only when it is empty. Deregister its container "
                "instances (and delete its services) first; then `DeleteCluster` makes it "
                "`INACTIVE`.",
                "맞습니다. 클러스터는 비어 있을 때만 삭제할 수 있습니다. 먼저 컨테이너 "
                "인스턴스를 등록 해제하고 서비스를 삭제하면, `DeleteCluster`가 클러스터를 "
                "`INACTIVE`로 바꿉니다.",
            ),
            correct=True,
        ),
    ),
)
