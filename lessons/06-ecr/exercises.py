"""Lesson 6 · ECR: make a repository IMMUTABLE, the digest a service's tasks run, and rolling a
service onto a re-pushed tag. Also `repository_picture`, the lesson's picture of a repository's
tags and digests (read through the ECR client; it changes nothing)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.views.render import Picture
from ecslearn.words import particle

URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "web", "shop/web", "shop/payments")


# -- the picture -------------------------------------------------------------------------------
def repository_picture(ecr: Any, name: str, lang: str | None = None) -> Picture:
    """A repository as DescribeImages shows it: each image (its short digest) and the tags that
    point at it; an image with no tag is drawn as untagged."""
    details = ecr.describe_images(repositoryName=name)["imageDetails"]
    details = sorted(details, key=lambda d: (str(d.get("imagePushedAt")), d["imageDigest"]))
    mutability = ecr.describe_repositories(repositoryNames=[name])["repositories"][0][
        "imageTagMutability"
    ]
    title = T(f"Repository {name} ({mutability})", f"리포지토리 {name} ({mutability})")(lang)
    graph = nx.DiGraph(title=title, rankdir="LR", legend_title=T("Legend", "범례")(lang))
    repo = ("repo", name)
    graph.add_node(repo, kind="registry", label=f"ECR · {name}", group=True)
    for detail in details:
        digest = detail["imageDigest"]
        short = digest[:19] + "…"
        image = ("image", digest)
        graph.add_node(image, kind="image", label=f"{short}\n{detail['imageSizeInBytes']} B")
        tags = detail.get("imageTags") or []
        if not tags:
            graph.nodes[image]["attrs"] = {"style": "filled,dashed", "fillcolor": "#f1f5f9"}
            graph.nodes[image]["label"] += "\n" + T("(untagged)", "(태그 없음)")(lang)
        for tag in tags:
            node = ("tag", tag)
            graph.add_node(node, kind="attribute", label=f":{tag}", parent=repo)
            graph.add_edge(node, image, kind="uses")
        graph.nodes[image]["parent"] = repo
    graph.graph["legend"] = [
        (T("ECR repository", "ECR 리포지토리")(lang), "registry"),
        (T("tag: a movable name", "태그: 옮길 수 있는 이름")(lang), "attribute"),
        (T("image, named by its digest", "이미지, 다이제스트로 식별")(lang), "image"),
        (
            T("untagged image", "태그 없는 이미지")(lang),
            "image",
            {"style": "filled,dashed", "fillcolor": "#f1f5f9"},
        ),
        (
            T("- - → the tag points at this digest", "- - → 태그가 가리키는 다이제스트")(lang),
            "legend_edge",
            {"fontcolor": "#854d0e"},
        ),
    ]
    return Picture(graph)


# -- helpers the judges share ------------------------------------------------------------------
def _web_tasks(ecs: Any) -> list[dict[str, Any]]:
    """The RUNNING tasks of service 'web' in cluster 'shop'."""
    arns = ecs.list_tasks(cluster="shop", serviceName="web", desiredStatus="RUNNING")["taskArns"]
    tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"] if arns else []
    return [t for t in tasks if t["lastStatus"] == "RUNNING"]


def _digest_of(ecr: Any, repository: str, tag: str) -> str | None:
    try:
        found = ecr.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}])
    except ecr.exceptions.ImageNotFoundException:
        return None
    return found["imageDetails"][0]["imageDigest"]


def task_digests(ecs: Any) -> list[str]:
    """The imageDigest each RUNNING task of service web reports."""
    arns = ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"]
    tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"] if arns else []
    return [t["containers"][0]["imageDigest"] for t in tasks if t["lastStatus"] == "RUNNING"]


# -- ex1: make a repository IMMUTABLE ---------------------------------------------------------
def _judge_payments(v: Values) -> T | None:
    ecr = v.ecr
    try:
        repo = ecr.describe_repositories(repositoryNames=["shop/payments"])["repositories"][0]
    except ecr.exceptions.RepositoryNotFoundException:
        return T(
            "ECR has no repository 'shop/payments' any more: the exercise keeps it and its "
            "images. Run the cell above the exercise again to recreate it, then change only its "
            "tag mutability.",
            "ECR에 'shop/payments' 리포지토리가 더 이상 없습니다: 이 연습은 리포지토리와 "
            "이미지를 유지합니다. 연습 위의 셀을 다시 실행해 만든 다음, 태그 변경 가능성만 "
            "바꾸세요.",
        )
    if repo["imageTagMutability"] != "IMMUTABLE":
        return T(
            f"Repository 'shop/payments' has imageTagMutability {repo['imageTagMutability']}: "
            "the next push of an existing tag would silently move it. Change the setting of "
            "the existing repository: "
            '`ecr.put_image_tag_mutability(repositoryName="shop/payments", '
            'imageTagMutability="IMMUTABLE")`.',
            f"'shop/payments' 리포지토리의 imageTagMutability가 {repo['imageTagMutability']} "
            "입니다: 다음에 기존 태그를 푸시하면 태그가 조용히 옮겨집니다. 기존 리포지토리의 "
            "설정을 바꾸세요: "
            '`ecr.put_image_tag_mutability(repositoryName="shop/payments", '
            'imageTagMutability="IMMUTABLE")`.',
        )
    digest = _digest_of(ecr, "shop/payments", "v2")
    if digest is None:
        tags = sorted(
            tag
            for d in ecr.describe_images(repositoryName="shop/payments")["imageDetails"]
            for tag in d.get("imageTags", [])
        )
        return T(
            "The repository is IMMUTABLE now, but it has no image tagged v2 (its tags: "
            f"{', '.join(tags) or 'none'}). Push to the repositoryUri plus `:v2`: "
            '`push_simulated(sim, payments["repositoryUri"] + ":v2", content="...")`.',
            "리포지토리는 이제 IMMUTABLE이지만 v2 태그 이미지가 없습니다 (태그: "
            f"{', '.join(tags) or '없음'}). repositoryUri 뒤에 `:v2`를 붙여 푸시하세요: "
            '`push_simulated(sim, payments["repositoryUri"] + ":v2", content="...")`.',
        )
    answer = v.payments_v2
    if not isinstance(answer, dict) or answer.get("imageDigest") != digest:
        return T(
            "The repository is right; keep in `payments_v2` what `push_simulated` returned for "
            f"v2 (an ImageDetail whose imageDigest is {digest[:19]}…).",
            "리포지토리는 맞습니다. v2를 푸시할 때 `push_simulated`가 돌려준 것 "
            f"(imageDigest가 {digest[:19]}…인 ImageDetail)을 `payments_v2`에 담으세요.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Make a repository immutable", "리포지토리를 IMMUTABLE로"),
    reads=("payments_v2",),
    uses=("sim", "ecr", "payments", "push_simulated"),
    starter="payments_v2 = ____",
    solution_code="""\
ecr.put_image_tag_mutability(repositoryName="shop/payments", imageTagMutability="IMMUTABLE")
payments_v2 = push_simulated(sim, payments["repositoryUri"] + ":v2", content="payments 2.0")
repository_picture(ecr, "shop/payments", LANG)""",
    wrong=(
        Wrong(
            'payments_v2 = push_simulated(sim, payments["repositoryUri"] + ":v2", '
            'content="payments 2.0")',
            T("imageTagMutability MUTABLE", "imageTagMutability가 MUTABLE"),
        ),
        Wrong(
            'ecr.put_image_tag_mutability(repositoryName="shop/payments", '
            'imageTagMutability="IMMUTABLE")\n'
            'payments_v2 = push_simulated(sim, payments["repositoryUri"] + ":latest", '
            'content="payments 2.0")',
            T("no image tagged v2", "v2 태그 이미지가 없습니다"),
        ),
    ),
    hints=(
        T(
            "Creating the repository again is refused (RepositoryAlreadyExistsException), and "
            "deleting it would lose v1. ECR has an operation that changes only the tag "
            "mutability of an existing repository.",
            "리포지토리를 다시 만들면 거부되고 (RepositoryAlreadyExistsException), 삭제하면 "
            "v1을 잃습니다. ECR에는 기존 리포지토리의 태그 변경 가능성만 바꾸는 작업이 "
            "있습니다.",
        ),
        T(
            '`ecr.put_image_tag_mutability(repositoryName="shop/payments", '
            'imageTagMutability="IMMUTABLE")`, then '
            '`push_simulated(sim, payments["repositoryUri"] + ":v2", content="payments 2.0")`.',
            '`ecr.put_image_tag_mutability(repositoryName="shop/payments", '
            'imageTagMutability="IMMUTABLE")`, 그다음 '
            '`push_simulated(sim, payments["repositoryUri"] + ":v2", content="payments 2.0")`.',
        ),
    ),
    judge=_judge_payments,
    explanation=T(
        "The setting applies to every later push, including to tags pushed before the change: "
        "v1 cannot be moved now either. With immutable tags, a task definition that says "
        "`shop/payments:v2` always gets the same image, and each release gets a new tag.",
        "이 설정은 이후의 모든 푸시에 적용되고, 설정 전에 푸시한 태그에도 적용됩니다: 이제 "
        "v1도 옮길 수 없습니다. 태그가 변경 불가이면 `shop/payments:v2`를 쓰는 태스크 "
        "디피니션은 항상 같은 이미지를 받고, 릴리스마다 새 태그를 붙입니다.",
    ),
)


# -- ex2: the digest the running tasks use -----------------------------------------------------
def _judge_running_digest(v: Values) -> T | None:
    tasks = _web_tasks(v.ecs)
    digests = {t["containers"][0].get("imageDigest") for t in tasks}
    if len(digests) != 1:
        return T(
            f"Service 'web' should have its tasks RUNNING on one digest, but it has {len(tasks)} "
            "RUNNING task(s): run the lesson's cells from the top.",
            f"'web' 서비스의 태스크가 한 다이제스트로 RUNNING이어야 하는데, RUNNING 태스크가 "
            f"{len(tasks)}개입니다: 레슨의 셀을 처음부터 실행하세요.",
        )
    truth = digests.pop()
    answer = v.running_digest
    if answer == truth:
        return None
    if isinstance(answer, str) and answer.startswith(URI):
        return T(
            f"`running_digest` is {answer!r}: the image *reference* of the container, with its "
            "tag. The tag may point elsewhere tomorrow; the digest the agent pulled is the "
            "container's `imageDigest` in DescribeTasks.",
            f"`running_digest`가 {answer!r} 입니다: 태그가 붙은 컨테이너의 이미지 *참조* "
            "입니다. 태그는 내일 다른 곳을 가리킬 수 있습니다. 에이전트가 받은 다이제스트는 "
            "DescribeTasks에서 컨테이너의 `imageDigest`입니다.",
        )
    if isinstance(answer, str) and answer.startswith("sha256:"):
        tags = [
            tag
            for d in v.ecr.describe_images(repositoryName="shop/web")["imageDetails"]
            if d["imageDigest"] == answer
            for tag in d.get("imageTags", [])
        ]
        named = f" (tag {', '.join(tags)})" if tags else ""
        return T(
            f"{answer[:19]}…{named} is an image of the repository, but not the one the tasks of "
            "'web' run. Read it from the tasks themselves: "
            '`ecs.describe_tasks(...)["tasks"][0]["containers"][0]["imageDigest"]`.',
            f"{particle(f'{answer[:19]}…{named}', '은/는')} 리포지토리의 이미지이지만, 'web'의 "
            "태스크가 실행하는 "
            "이미지가 아닙니다. 태스크에서 직접 읽으세요: "
            '`ecs.describe_tasks(...)["tasks"][0]["containers"][0]["imageDigest"]`.',
        )
    return T(
        f"`running_digest` is {answer!r}; it should be a digest, `sha256:` and 64 hex digits, "
        "as a task's container reports it in `imageDigest`.",
        f"`running_digest`가 {answer!r} 입니다. 태스크의 컨테이너가 `imageDigest`로 알려 주는 "
        "다이제스트 (`sha256:`과 16진수 64자리)여야 합니다.",
    )


ex2 = Exercise(
    name="ex2",
    title=T("The digest the tasks run", "태스크가 실행하는 다이제스트"),
    reads=("running_digest",),
    uses=("ecs", "ecr"),
    starter="running_digest = ____",
    solution_code="""\
arns = ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"]
tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"]
running_digest = tasks[0]["containers"][0]["imageDigest"]
running_digest""",
    wrong=(
        Wrong(
            'arns = ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"]\n'
            'tasks = ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"]\n'
            'running_digest = tasks[0]["containers"][0]["image"]',
            T("with its tag", "태그가 붙은"),
        ),
        Wrong(
            'running_digest = ecr.describe_images(repositoryName="shop/web", '
            'imageIds=[{"imageTag": "v1"}])["imageDetails"][0]["imageDigest"]',
            T("not the one the tasks of 'web' run", "태스크가 실행하는 이미지가 아닙니다"),
        ),
    ),
    hints=(
        T(
            "ECR knows which digest each tag names *now*; only the task knows what its agent "
            "pulled. ListTasks for service 'web', then DescribeTasks.",
            "ECR은 각 태그가 *지금* 가리키는 다이제스트를 압니다. 에이전트가 무엇을 받았는지는 "
            "태스크만 압니다. 'web' 서비스로 ListTasks, 그다음 DescribeTasks.",
        ),
        T(
            "Each task has `containers`; each container has `image` (what was asked) and "
            '`imageDigest` (what was pulled): `tasks[0]["containers"][0]["imageDigest"]`.',
            "각 태스크에는 `containers`가 있고, 각 컨테이너에는 `image` (요청한 것)와 "
            '`imageDigest` (받은 것)가 있습니다: `tasks[0]["containers"][0]["imageDigest"]`.',
        ),
    ),
    judge=_judge_running_digest,
    explanation=T(
        "`image` is what the task definition asked for; `imageDigest` is the content the agent "
        "pulled. When someone asks 'what exactly is running?', the digest is the answer.",
        "`image`는 태스크 디피니션이 요청한 것이고, `imageDigest`는 에이전트가 받은 "
        "내용입니다. '정확히 무엇이 실행 중인가?'에 대한 답은 다이제스트입니다.",
    ),
)


# -- ex3: roll the service onto the re-pushed tag ----------------------------------------------
def _judge_rolled(v: Values) -> T | None:
    latest = _digest_of(v.ecr, "shop/web", "latest")
    web = v.ecs.describe_services(cluster="shop", services=["web"])["services"][0]
    tasks = _web_tasks(v.ecs)
    digests = sorted(t["containers"][0].get("imageDigest", "") for t in tasks)
    if len(web["deployments"]) > 1 or web["runningCount"] != web["desiredCount"]:
        return T(
            f"Service 'web' is still deploying ({len(web['deployments'])} deployments, "
            f"{web['runningCount']} of {web['desiredCount']} tasks RUNNING): the clock has to "
            "move. Run `sim.run_until_stable()`.",
            f"'web' 서비스가 아직 배포 중입니다 (배포 {len(web['deployments'])}개, 태스크 "
            f"{web['desiredCount']}개 중 {web['runningCount']}개 RUNNING): 시계가 흘러야 "
            "합니다. `sim.run_until_stable()`을 실행하세요.",
        )
    old = [d for d in digests if d != latest]
    if old:
        return T(
            f"{len(old)} of the {len(digests)} tasks of 'web' still run {old[0][:19]}…, the "
            f"digest their deployment pinned; :latest is now {str(latest)[:19]}…. Scaling or "
            "waiting keeps the pinned digest: only a new deployment resolves the tag again. "
            '`ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)`.',
            f"'web'의 태스크 {len(digests)}개 중 {len(old)}개가 아직 배포가 고정한 다이제스트 "
            f"{old[0][:19]}… 를 실행합니다. :latest는 이제 {str(latest)[:19]}… 입니다. "
            "규모를 바꾸거나 기다려도 고정된 다이제스트는 그대로입니다: 새 배포만 태그를 다시 "
            "해석합니다. "
            '`ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)`.',
        )
    answer = v.web_digests
    if not isinstance(answer, list) or sorted(answer) != digests:
        return T(
            "The service is rolled; keep in `web_digests` the list of the `imageDigest` of "
            "each RUNNING task of 'web', read from DescribeTasks after the rollout.",
            "서비스는 새 다이제스트로 바뀌었습니다. 배포가 끝난 뒤 DescribeTasks에서 읽은 "
            "'web'의 RUNNING 태스크마다의 `imageDigest` 목록을 `web_digests`에 담으세요.",
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("Roll onto the re-pushed tag", "다시 푸시한 태그로 배포"),
    reads=("web_digests",),
    uses=("sim", "ecs", "ecr"),
    starter="web_digests = ____",
    solution_code="""\
ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)
sim.run_until_stable()
web_digests = task_digests(ecs)
web_digests""",
    wrong=(
        Wrong(
            'ecs.update_service(cluster="shop", service="web", desiredCount=4)\n'
            "sim.run_until_stable()\n"
            "web_digests = task_digests(ecs)",
            T("only a new deployment", "새 배포만"),
        ),
        Wrong(
            'ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)\n'
            "web_digests = task_digests(ecs)",
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
    ),
    hints=(
        T(
            "The tasks keep the digest their deployment resolved when it began. What makes a "
            "service start a new deployment without changing its task definition?",
            "태스크는 배포가 시작될 때 해석한 다이제스트를 유지합니다. 태스크 디피니션을 "
            "바꾸지 않고 서비스가 새 배포를 시작하게 하려면?",
        ),
        T(
            '`ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)`, '
            "`sim.run_until_stable()`, then `web_digests = task_digests(ecs)`.",
            '`ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)`, '
            "`sim.run_until_stable()`, 그다음 `web_digests = task_digests(ecs)`.",
        ),
    ),
    judge=_judge_rolled,
    explanation=T(
        "forceNewDeployment starts a deployment of the same task definition; it resolves "
        ":latest again, and the rolling update replaces every task. Pinning is what makes a "
        "deployment consistent: all its tasks run the same bytes, whatever is pushed meanwhile.",
        "forceNewDeployment는 같은 태스크 디피니션으로 배포를 시작합니다. 이 배포가 :latest를 "
        "다시 해석하고, 롤링 업데이트가 모든 태스크를 교체합니다. 고정 덕분에 배포가 "
        "일관됩니다: 그 사이 무엇이 푸시되든 배포의 모든 태스크가 같은 내용을 실행합니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("What a digest is", "다이제스트란 무엇인가"),
    question=T(
        "What is the digest (`sha256:...`) of an image in ECR?",
        "ECR에 있는 이미지의 다이제스트(`sha256:...`)는 무엇인가요?",
    ),
    choices=(
        Choice(
            T(
                "A random ID ECR gives each push",
                "ECR이 푸시할 때마다 붙이는 무작위 ID",
            ),
            T(
                "It is not random: push the same content twice and you get the same digest. "
                "It is computed from the content.",
                "무작위가 아닙니다. 같은 내용을 두 번 푸시하면 같은 다이제스트가 나옵니다. "
                "다이제스트는 내용에서 계산됩니다.",
            ),
        ),
        Choice(
            T(
                "A tag that ECR adds by itself on every push, and that moves on to the newest push",
                "푸시할 때마다 ECR이 스스로 붙이고, 가장 최근 푸시로 옮겨 가는 태그",
            ),
            T(
                "That describes a tag such as `latest` in a MUTABLE repository. A digest never "
                "moves: it always names the same content.",
                "그것은 MUTABLE 리포지토리의 `latest` 같은 태그에 대한 설명입니다. "
                "다이제스트는 움직이지 않고, 언제나 같은 내용을 가리킵니다.",
            ),
        ),
        Choice(
            T(
                "The SHA-256 of the image's manifest: the same content always has the same digest",
                "이미지 매니페스트의 SHA-256: 같은 내용은 언제나 같은 다이제스트를 가진다",
            ),
            T(
                "Right: the digest is a hash of the manifest, so it *is* the content. A tag is "
                "a movable pointer to a digest; `image@sha256:...` names one image forever.",
                "맞습니다. 다이제스트는 매니페스트의 해시이므로 내용 그 자체를 가리킵니다. "
                "태그는 다이제스트를 가리키는 움직일 수 있는 포인터이고, "
                "`image@sha256:...`은 언제까지나 한 이미지를 가리킵니다.",
            ),
            correct=True,
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("An immutable tag", "변경할 수 없는 태그"),
    question=T(
        "Repository `shop/payments` has `imageTagMutability` IMMUTABLE and an image tagged "
        "`v1`. Someone pushes *different* content as `v1`. What happens?",
        "`shop/payments` 리포지토리는 `imageTagMutability`가 IMMUTABLE이고, `v1` 태그가 "
        "붙은 이미지가 있습니다. 누군가 *다른* 내용을 `v1`로 푸시하면 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "ECR refuses with `ImageTagAlreadyExistsException`; `v1` still names the first "
                "image",
                "ECR이 `ImageTagAlreadyExistsException`으로 거부하고, `v1`은 여전히 첫 "
                "이미지를 가리킨다",
            ),
            T(
                "Right: in an IMMUTABLE repository a tag, once it names a digest, names it "
                "forever. Push the new content under a new tag (`v2`).",
                "맞습니다. IMMUTABLE 리포지토리에서는 태그가 한번 다이제스트를 가리키면 "
                "영원히 그 다이제스트를 가리킵니다. 새 내용은 새 태그(`v2`)로 푸시하세요.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "`v1` moves to the new image; the old one becomes untagged",
                "`v1`이 새 이미지로 옮겨 가고, 이전 이미지는 태그 없는 이미지가 된다",
            ),
            T(
                "That is what a MUTABLE repository (the default) does. IMMUTABLE exists "
                "precisely to stop it.",
                "그것은 기본값인 MUTABLE 리포지토리의 동작입니다. IMMUTABLE은 바로 그것을 "
                "막으려고 있습니다.",
            ),
        ),
        Choice(
            T(
                "ECR keeps both and renames the new one `v1-2`",
                "ECR이 둘 다 보관하고, 새 이미지의 태그를 `v1-2`로 바꾼다",
            ),
            T(
                "ECR never invents tags. The push is refused and nothing changes in the "
                "repository.",
                "ECR은 태그를 지어내지 않습니다. 푸시는 거부되고 리포지토리에는 아무 변화도 "
                "없습니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("The digest a deployment runs", "배포가 실행하는 다이제스트"),
    question=T(
        "Service `web` runs 2 tasks of a task definition whose image is `shop/web:latest`. "
        "Someone pushes new content as `latest`, then you scale the service to 3. Which image "
        "does the third task run?",
        "서비스 `web`은 이미지가 `shop/web:latest`인 태스크 디피니션으로 태스크 2개를 "
        "실행 중입니다. 누군가 새 내용을 `latest`로 푸시한 뒤, 서비스를 3개로 늘렸습니다. "
        "세 번째 태스크는 어떤 이미지를 실행할까요?",
    ),
    choices=(
        Choice(
            T(
                "The new image, since `latest` now names it",
                "새 이미지. 이제 `latest`가 그것을 가리키므로",
            ),
            T(
                "ECS resolved `latest` to a digest once, when the deployment began, and every "
                "task of that deployment runs that digest. Scaling is not a new deployment.",
                "ECS는 배포가 시작될 때 `latest`를 다이제스트로 한 번 바꿔 두고, 그 배포의 "
                "모든 태스크가 그 다이제스트를 실행합니다. 규모를 바꾸는 것은 새 배포가 "
                "아닙니다.",
            ),
        ),
        Choice(
            T(
                "The old image, the same digest as the other two",
                "이전 이미지. 다른 두 태스크와 같은 다이제스트",
            ),
            T(
                "Right: a deployment pins the digest its tags named when it began "
                "(`versionConsistency`, enabled by default). To pick up the re-pushed tag, "
                "start a new deployment (`forceNewDeployment=True`).",
                "맞습니다. 배포는 시작할 때 태그가 가리키던 다이제스트로 고정됩니다"
                "(`versionConsistency`, 기본값 enabled). 다시 푸시된 태그를 쓰려면 새 "
                "배포를 시작하세요(`forceNewDeployment=True`).",
            ),
            correct=True,
        ),
        Choice(
            T(
                "None: the task fails to start because the tag moved",
                "없음: 태그가 옮겨 갔으므로 태스크가 시작되지 못한다",
            ),
            T(
                "The old image is still in the repository (untagged images stay, reachable by "
                "digest), so the task starts normally.",
                "이전 이미지는 리포지토리에 그대로 있으므로(태그 없는 이미지도 다이제스트로 "
                "받을 수 있습니다) 태스크는 정상적으로 시작됩니다.",
            ),
        ),
    ),
)
