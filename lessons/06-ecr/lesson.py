# Lesson 6 · ECR: the source of notebooks/{en,ko}/06-ecr.ipynb, written by
# `./dev lessons`. The format is explained in lessons/README.md.

# %% [markdown] en
# # 6 · ECR: where the images live
#
# A task definition names container **images**; the agent on an instance pulls them
# before it starts the containers. **Amazon ECR** (Elastic Container Registry) is AWS's
# private registry for those images: one registry per account and region, holding
# **repositories**, usually one per application (`shop/web`, `shop/payments`).
#
# An image in ECR has two kinds of name:
#
# - a **digest**, `sha256:...`: the SHA-256 of the image's manifest. It *is* the content:
#   the same image always has the same digest, and a digest never changes meaning.
# - **tags**, such as `v1` or `latest`: movable pointers to a digest. An image can have
#   several tags, or none.
#
# In this lesson (about 25 minutes) you create repositories, push images (simulated, no
# Docker needed; lesson 11 pushes real ones), and see what digest ECS really runs.

# %% [markdown] ko
# # 6 · ECR: 이미지가 있는 곳
#
# 태스크 디피니션은 컨테이너 **이미지**를 지정하고, 인스턴스의 에이전트는
# 컨테이너를 시작하기 전에 이미지를 받습니다 (pull). **Amazon ECR** (Elastic
# Container Registry) 은 이런 이미지를 위한 AWS의 비공개 레지스트리입니다.
# 계정과 리전마다 레지스트리가 하나 있고, 그 안에 보통 애플리케이션마다 하나씩
# **리포지토리** (`shop/web`, `shop/payments`)가 있습니다.
#
# ECR의 이미지에는 두 종류의 이름이 있습니다:
#
# - **다이제스트**(digest), `sha256:...`: 이미지 매니페스트의 SHA-256입니다.
#   다이제스트가 곧 내용입니다: 같은 이미지는 항상 같은 다이제스트를 갖고,
#   다이제스트의 의미는 절대 바뀌지 않습니다.
# - **태그**(tag), 예를 들어 `v1`, `latest`: 다이제스트를 가리키는, 옮길 수 있는
#   포인터입니다. 이미지 하나에 태그가 여러 개 있을 수도, 없을 수도 있습니다.
#
# 이번 레슨 (약 25분)에서는 리포지토리를 만들고, 이미지를 푸시하고 (시뮬레이션,
# Docker 불필요. 실제 푸시는 레슨 11), ECS가 실제로 실행하는 다이제스트를 봅니다.

# %% setup
import hashlib

from ecslearn import Simulation
from ecslearn.image_push import push_simulated
from ecslearn.lessons import T, ____, ecs_error, from_lesson, simulated_vs_real  # noqa: F401
from ecslearn.views import concepts
from ecslearn.views.cluster import cluster_picture

ex1, ex2, ex3 = from_lesson("06-ecr", "ex1", "ex2", "ex3")
repository_picture, task_digests = from_lesson("06-ecr", "repository_picture", "task_digests")
q1, q2, q3 = from_lesson("06-ecr", "q1", "q2", "q3")

LANG = "en"

# %% [markdown] en
# ## Where the registry sits
#
# The task definition *uses* images; the instances *pull* them from the registry (ECR).

# %% [markdown] ko
# ## 레지스트리의 위치
#
# 태스크 디피니션은 이미지를 *사용* 하고, 인스턴스는 레지스트리 (ECR)에서 이미지를
# *풀* 합니다.

# %%
concepts.overview(LANG)

# %%
sim = Simulation(seed=0)
ecs = sim.client()
ecr = sim.client("ecr")
simulated_vs_real(
    LANG,
    simulated=("control_plane", "instances", "containers", "clock"),
    extra=[
        (
            "simulated",
            T(
                "ECR: repositories and image manifests are kept in the simulation; a simulated "
                "push stores a manifest, no image layers",
                "ECR: 리포지토리와 이미지 매니페스트는 시뮬레이션 안에 저장되고, 시뮬레이션 "
                "푸시는 이미지 레이어 없이 매니페스트만 저장",
            ),
        ),
        ("real", T("the boto3 ECR client", "boto3 ECR 클라이언트")),
    ],
)

# %% [markdown] en
# ## A repository
#
# `sim.client("ecr")` is a real boto3 ECR client. A repository name is lowercase and may
# have `/` namespaces. Its **repositoryUri** is what you put in a task definition (plus
# `:tag` or `@digest`):
# `<account>.dkr.ecr.<region>.amazonaws.com/<repository>`.

# %% [markdown] ko
# ## 리포지토리
#
# `sim.client("ecr")`은 실제 boto3 ECR 클라이언트입니다. 리포지토리 이름은
# 소문자이고 `/`로 네임스페이스를 둘 수 있습니다. **repositoryUri**가 태스크
# 디피니션에 적는 것입니다 (뒤에 `:태그` 또는 `@다이제스트`):
# `<계정>.dkr.ecr.<리전>.amazonaws.com/<리포지토리>`.

# %%
repo = ecr.create_repository(repositoryName="shop/web")["repository"]
uri = repo["repositoryUri"]
{key: repo[key] for key in ("repositoryName", "repositoryUri", "imageTagMutability")}

# %% [markdown] en
# ## Pushing: tags and digests
#
# `push_simulated(sim, uri + ":v1", content=...)` records a push as ECR's `PutImage`
# does: a manifest, whose SHA-256 becomes the digest. The same content pushed as
# `latest` is the *same image*: one digest, two tags.

# %% [markdown] ko
# ## 푸시: 태그와 다이제스트
#
# `push_simulated(sim, uri + ":v1", content=...)`는 ECR의 `PutImage`처럼 푸시를
# 기록합니다: 매니페스트 하나, 그 SHA-256이 다이제스트가 됩니다. 같은 내용을
# `latest`로 푸시하면 *같은 이미지* 입니다: 다이제스트 하나에 태그 두 개.

# %%
v1 = push_simulated(sim, uri + ":v1", content="web 1.0")
push_simulated(sim, uri + ":latest", content="web 1.0")
for image in ecr.describe_images(repositoryName="shop/web")["imageDetails"]:
    print(image["imageDigest"], image["imageTags"])

# %% [markdown] en
# The digest is not a random ID: it is the SHA-256 of the manifest, which you can fetch
# with `BatchGetImage` and hash yourself.

# %% [markdown] ko
# 다이제스트는 임의의 ID가 아닙니다: 매니페스트의 SHA-256이며, `BatchGetImage`로
# 매니페스트를 받아 직접 해시해 볼 수 있습니다.

# %%
got = ecr.batch_get_image(repositoryName="shop/web", imageIds=[{"imageTag": "v1"}])
manifest = got["images"][0]["imageManifest"]
computed = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
print(computed)
print(v1["imageDigest"], T("(v1's digest)", "(v1의 다이제스트)")(LANG))

# %% [markdown] en
# ## A MUTABLE tag moves
#
# Repositories are MUTABLE by default: pushing new content to an existing tag moves the
# tag. Push `web 1.1` and then `web 1.2` as `latest`. `v1` still names the first image;
# the `web 1.1` image lost its only tag and is now **untagged** (still stored, reachable
# by digest). The picture shows tags pointing at digests.

# %% [markdown] ko
# ## MUTABLE 태그는 옮겨집니다
#
# 리포지토리는 기본적으로 MUTABLE입니다: 기존 태그에 새 내용을 푸시하면 태그가
# 옮겨집니다. `web 1.1`, 그다음 `web 1.2`를 `latest`로 푸시합니다. `v1`은 여전히
# 첫 이미지를 가리킵니다. `web 1.1` 이미지는 하나뿐인 태그를 잃고 **태그 없음**
# (untagged)가 되었습니다 (여전히 저장되어 있고, 다이제스트로 찾을 수 있습니다).
# 그림은 태그가 다이제스트를 가리키는 모습을 보여 줍니다.

# %%
push_simulated(sim, uri + ":latest", content="web 1.1")
push_simulated(sim, uri + ":latest", content="web 1.2")
untagged = ecr.describe_images(repositoryName="shop/web", filter={"tagStatus": "UNTAGGED"})
print(T("untagged:", "태그 없음:")(LANG), [i["imageDigest"][:19] for i in untagged["imageDetails"]])
repository_picture(ecr, "shop/web", LANG)

# %% [markdown] en
# ## IMMUTABLE tags
#
# A repository created with `imageTagMutability="IMMUTABLE"` never lets a tag move: once
# `v1` names a digest, it names it forever. Someone pushing other content as `v1` gets
# `ImageTagAlreadyExistsException` (the panel's heading says ECS; this refusal comes from
# ECR), and nothing changes.

# %% [markdown] ko
# ## IMMUTABLE 태그
#
# `imageTagMutability="IMMUTABLE"`로 만든 리포지토리에서는 태그가 절대 옮겨지지
# 않습니다: `v1`이 한 다이제스트를 가리키면 영원히 그것을 가리킵니다. 누군가 다른
# 내용을 `v1`로 푸시하면 `ImageTagAlreadyExistsException`을 받고 (패널 제목에는
# ECS라고 나오지만 이 거부는 ECR의 것입니다), 아무것도 바뀌지 않습니다.

# %%
api = ecr.create_repository(repositoryName="shop/api", imageTagMutability="IMMUTABLE")
api_uri = api["repository"]["repositoryUri"]
push_simulated(sim, api_uri + ":v1", content="api 1.0")
with ecs_error(LANG):
    push_simulated(sim, api_uri + ":v1", content="api 1.0, patched")

# %% [markdown] en
# ## Exercise 1 · Make a repository immutable
#
# The payments team started with a MUTABLE repository, `shop/payments`, and has pushed
# `v1` (the cell below). From now on no tag of theirs may ever move. Make the
# repository's tags immutable **without deleting it** (its images stay), then push `v2`
# (any content) and keep what `push_simulated` returns in `payments_v2`.

# %% [markdown] ko
# ## 연습 1 · 리포지토리를 IMMUTABLE로
#
# 결제 팀은 MUTABLE 리포지토리 `shop/payments`로 시작해서 `v1`을 푸시했습니다
# (아래 셀). 이제부터는 어떤 태그도 옮겨지면 안 됩니다. 리포지토리를 **삭제하지
# 않고** (이미지는 그대로) 태그를 변경 불가로 만든 다음, `v2`를 푸시하고 (내용은
# 자유) `push_simulated`가 돌려주는 것을 `payments_v2`에 담으세요.

# %%
payments = ecr.create_repository(repositoryName="shop/payments")["repository"]
payments_v1 = push_simulated(sim, payments["repositoryUri"] + ":v1", content="payments 1.0")
payments["imageTagMutability"]

# %% exercise ex1

# %% [markdown] en
# ## ECS runs a digest
#
# Now the ECS side. A cluster `shop` with two instances, a task definition whose image is
# `shop/web:latest`, and a service of 2 tasks. One `sim.step()` places the tasks: they
# are PENDING while the agents pull the image.

# %% [markdown] ko
# ## ECS는 다이제스트를 실행합니다
#
# 이제 ECS 쪽입니다. 인스턴스 2개의 `shop` 클러스터, 이미지가 `shop/web:latest`인
# 태스크 디피니션, 태스크 2개의 서비스. `sim.step()` 한 번이 태스크를 배치합니다:
# 에이전트가 이미지를 받는 동안 태스크는 PENDING입니다.

# %%
ecs.create_cluster(clusterName="shop")
sim.launch_instances("shop", count=2, instance_type="t3.small")
ecs.register_task_definition(
    family="web",
    containerDefinitions=[{"name": "web", "image": uri + ":latest", "memory": 256}],
)
ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web", desiredCount=2)
print(sim.step())
cluster_picture(sim, "shop", lang=LANG)

# %%
sim.run_until_stable()
cluster_picture(sim, "shop", lang=LANG)

# %% [markdown] en
# ## Exercise 2 · The digest the tasks run
#
# The task definition says `:latest`, but a tag can move. Which image do the tasks of
# service `web` *really* run? Keep the digest they report in `running_digest`.

# %% [markdown] ko
# ## 연습 2 · 태스크가 실행하는 다이제스트
#
# 태스크 디피니션에는 `:latest`라고 적혀 있지만 태그는 옮겨질 수 있습니다. `web`
# 서비스의 태스크가 *실제로* 실행하는 이미지는 무엇일까요? 태스크가 알려 주는
# 다이제스트를 `running_digest`에 담으세요.

# %% exercise ex2

# %% [markdown] en
# ## A deployment pins the digest
#
# When a service deployment begins, ECS resolves each tag to a digest once, and every
# task of that deployment runs that digest (the container setting `versionConsistency`,
# `enabled` by default). So after a new push of `latest`, scaling the service up starts
# a task that runs the **old** digest, the same as its siblings.

# %% [markdown] ko
# ## 배포는 다이제스트를 고정합니다
#
# 서비스 배포가 시작될 때 ECS는 각 태그를 다이제스트로 한 번 해석하고, 그 배포의
# 모든 태스크가 그 다이제스트를 실행합니다 (컨테이너 설정 `versionConsistency`,
# 기본값 `enabled`). 그래서 `latest`를 새로 푸시한 뒤 서비스 규모를 늘리면, 새
# 태스크는 형제 태스크들과 같은 **옛** 다이제스트를 실행합니다.


# %%

new = push_simulated(sim, uri + ":latest", content="web 2.0")
print(T("latest is now:", "지금의 latest:")(LANG), new["imageDigest"][:19])
ecs.update_service(cluster="shop", service="web", desiredCount=3)
sim.run_until_stable()
print(T("tasks run:", "태스크가 실행하는 것:")(LANG), [digest[:19] for digest in task_digests(ecs)])

# %% [markdown] en
# ## Exercise 3 · Roll onto the re-pushed tag
#
# Get every task of `web` onto the image `latest` names now, without changing the task
# definition. Run until stable and keep `task_digests(ecs)` in `web_digests`.

# %% [markdown] ko
# ## 연습 3 · 다시 푸시한 태그로 배포
#
# 태스크 디피니션을 바꾸지 않고, `web`의 모든 태스크가 지금 `latest`가 가리키는
# 이미지를 실행하게 하세요. 안정될 때까지 실행하고 `task_digests(ecs)`를
# `web_digests`에 담으세요.

# %% exercise ex3

# %% [markdown] en
# ## An image that is not there
#
# A task definition that names a tag nobody pushed: the agent cannot pull it, and the
# task goes from PENDING to STOPPED without ever running (`TaskFailedToStart`). The
# container's `reason` starts with `CannotPullContainerError`.

# %% [markdown] ko
# ## 없는 이미지
#
# 아무도 푸시하지 않은 태그를 지정한 태스크 디피니션: 에이전트가 이미지를 받을 수
# 없고, 태스크는 한 번도 실행되지 못한 채 PENDING에서 STOPPED가 됩니다
# (`TaskFailedToStart`). 컨테이너의 `reason`은 `CannotPullContainerError`로
# 시작합니다.

# %%
ecs.register_task_definition(
    family="web-typo",
    containerDefinitions=[{"name": "web", "image": uri + ":v9", "memory": 256}],
)
arn = ecs.run_task(cluster="shop", taskDefinition="web-typo")["tasks"][0]["taskArn"]
sim.run_until_stable()
task = ecs.describe_tasks(cluster="shop", tasks=[arn])["tasks"][0]
print(task["lastStatus"], task["stopCode"])
print(task["containers"][0]["reason"])

# %% [markdown] en
# ## Quiz
#
# Three questions on this lesson. Choose an answer and press **Check**: whichever you
# choose, you read why it is right or wrong. (In code: `q1.answer("a")`.)

# %% [markdown] ko
# ## 퀴즈
#
# 이번 레슨에 대한 질문 세 개입니다. 답을 고르고 **확인**을 누르면, 고른 답이
# 왜 맞는지 또는 왜 틀렸는지 알려 줍니다. (코드로는 `q1.answer("a")`.)

# %% quiz q1

# %% quiz q2

# %% quiz q3

# %% [markdown] en
# ## Summary
#
# - ECR holds private images in repositories; an image is referenced as
#   `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or `@sha256:<digest>`.
# - A digest is the SHA-256 of the manifest: it names content, forever. A tag is a
#   pointer; in a MUTABLE repository a push moves it (the old image may become untagged),
#   in an IMMUTABLE one ECR refuses with `ImageTagAlreadyExistsException`.
# - A task's container reports the `imageDigest` it runs. A service deployment pins the
#   digest its tags named when it began; `forceNewDeployment=True` picks up a re-pushed
#   tag.
# - An image ECR does not have stops the task with `CannotPullContainerError`. Next:
#   **placement**.

# %% [markdown] ko
# ## 정리
#
# - ECR은 비공개 이미지를 리포지토리에 보관합니다. 이미지는
#   `<계정>.dkr.ecr.<리전>.amazonaws.com/<리포지토리>:<태그>` 또는
#   `@sha256:<다이제스트>`로 가리킵니다.
# - 다이제스트는 매니페스트의 SHA-256이며, 내용을 영원히 가리킵니다. 태그는
#   포인터입니다. MUTABLE 리포지토리에서는 푸시가 태그를 옮기고 (옛 이미지는 태그
#   없음이 될 수 있음), IMMUTABLE 리포지토리에서는 ECR이
#   `ImageTagAlreadyExistsException`으로 거부합니다.
# - 태스크의 컨테이너는 실행 중인 `imageDigest`를 알려 줍니다. 서비스 배포는 시작할
#   때 태그가 가리키던 다이제스트를 고정합니다. 다시 푸시한 태그를 쓰려면
#   `forceNewDeployment=True`.
# - ECR에 없는 이미지는 `CannotPullContainerError`로 태스크를 멈춥니다. 다음:
#   **배치**(placement).
