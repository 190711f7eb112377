"""Lesson 11 · Real containers: the same task definitions on a Docker engine, and ECR on a local
registry. Without a Docker engine (or without the registry) the lesson still runs: the Docker
cells skip, and the exercises answer *not attempted* with the one-line how-to."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecslearn import images
from ecslearn import local_registry as registry
from ecslearn.agents import docker as docker_agent
from ecslearn.lessons.exercise import Exercise, Result, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.words import particle, resolve

CLUSTER = "lab"
REPOSITORY = "lesson11/web"
MIB = 1024 * 1024


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = (CLUSTER, REPOSITORY, "web")


# -- what the notebook uses -----------------------------------------------------------------
def docker_engine() -> tuple[Any, str]:
    """(a client of the local Docker engine with the demo images built, "") or, without one,
    (None, the one-line hint saying how to get one)."""
    try:
        engine = docker_agent.docker_client()
        images.build(engine)
    except (docker_agent.DockerUnavailable, images.ImageBuildError) as missing:
        return None, str(missing)
    return engine, ""


def registry_running() -> tuple[bool, str]:
    """(True, "") when the local registry answers, else (False, how to start it)."""
    if registry.is_running():
        return True, ""
    return False, f"ecslearn's ECR {registry.HINT}"


def fetch(port: int, host: str = "127.0.0.1", path: str = "/") -> str:
    """GET http://host:port/path and return the body (the server may need a moment after its
    container started, so this tries for up to three seconds)."""
    error: OSError | None = None
    for _ in range(30):
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=2) as response:
                return response.read().decode().strip()
        except OSError as failed:
            error = failed
            time.sleep(0.1)
    raise OSError(f"nothing answers HTTP on {host}:{port}: {error}")


def wait_until(sim: Any, ready: Callable[[], Any], timeout: float = 20) -> Any:
    """Advance the simulation (at wall-clock speed, with Docker instances) until `ready()`."""
    deadline = sim.now + timeout
    while not (result := ready()) and sim.now < deadline:
        sim.advance(docker_agent.POLL_SECONDS)
    return result


def ecslearn_containers(engine: Any, sim: Any) -> int:
    """How many containers of this simulation the engine still has (`docker ps -a`, filtered
    by the label every container of this simulation carries)."""
    token = docker_agent.runtime(sim.world).token
    label = f"{docker_agent.LABEL_SIMULATION}={token}"
    return len(engine.api.containers(all=True, filters={"label": label}))


# -- exercises that need Docker -------------------------------------------------------------
@dataclass
class DockerExercise(Exercise):
    """An exercise that runs real containers: without Docker (or the registry it needs) it is
    *not attempted*, and says how to get them."""

    needs: str = "docker"  # or "registry"

    @property
    def context(self) -> tuple[str, ...]:
        """The narrative's variables this check reads besides `uses`: whether the first cells
        found a Docker engine and a registry, and why not (tests check the narrative sets them
        before the exercise)."""
        found = ("DOCKER", "WHY")
        return (*found, "REGISTRY", "REGISTRY_WHY") if self.needs == "registry" else found

    def evaluate(self, found: dict[str, Any], lang: str | None = None) -> Result:
        lang = resolve(lang)
        if not found.get("DOCKER"):
            why = found.get("WHY") or docker_agent.HINT
            message = T(
                f"This exercise runs real containers, and there is no Docker engine here: {why}",
                f"이 연습은 실제 컨테이너를 실행하는데, 여기에는 Docker 엔진이 없습니다: {why}",
            )
            return Result(self.name, "not_attempted", message, lang)
        if self.needs == "registry" and not found.get("REGISTRY"):
            why = found.get("REGISTRY_WHY") or registry.HINT
            message = T(
                f"This exercise pushes to a real registry, and none answers here: {why}",
                f"이 연습은 실제 레지스트리에 푸시하는데, 응답하는 레지스트리가 없습니다: {why}",
            )
            return Result(self.name, "not_attempted", message, lang)
        return super().evaluate(found, lang)


def _tasks(ecs: Any, status: str = "RUNNING", family: str | None = None) -> list[dict[str, Any]]:
    extra = {"family": family} if family else {}
    arns = ecs.list_tasks(cluster=CLUSTER, desiredStatus=status, **extra)["taskArns"]
    if not arns:
        return []
    tasks = ecs.describe_tasks(cluster=CLUSTER, tasks=arns)["tasks"]
    return [t for t in tasks if t["lastStatus"] == status]


def _task_id(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def _judge_answer(v: Values) -> T | None:
    answer = v.answer
    running = {_task_id(t["taskArn"]): t for t in _tasks(v.ecs)}
    if not isinstance(answer, str):
        return T(
            "`answer` should be the text the web server sent back, a string: "
            "`answer = fetch(port)`.",
            "`answer`는 웹 서버가 돌려준 텍스트 (문자열)여야 합니다: `answer = fetch(port)`.",
        )
    answer = answer.strip()
    if answer in running:
        return None
    if answer.startswith("arn:aws:ecs:") and _task_id(answer) in running:
        return T(
            "That is the task's ARN, as ECS names it in DescribeTasks. Ask the container "
            "itself: fetch its host port over HTTP; ecslearn/web:1 answers with its task ID only.",
            "그것은 DescribeTasks에 나오는 태스크의 ARN입니다. 컨테이너에게 직접 물어보세요: "
            "호스트 포트로 HTTP 요청을 보내면 ecslearn/web:1은 태스크 ID만 답합니다.",
        )
    return T(
        f"`answer` is {answer[:60]!r}, but no RUNNING task in '{CLUSTER}' has that ID. Read the "
        "host port from the task's `networkBindings` and `fetch(port)`.",
        f"`answer`는 {answer[:60]!r} 인데, '{CLUSTER}'에서 실행 중인 태스크 중 그 ID를 가진 "
        "것이 없습니다. 태스크의 `networkBindings`에서 호스트 포트를 읽고 `fetch(port)` 하세요.",
    )


ex1 = DockerExercise(
    name="ex1",
    title=T("Ask the container who it is", "컨테이너에게 누구인지 묻기"),
    reads=("answer",),
    uses=("sim", "ecs", "task"),
    starter="answer = ____",
    solution_code="""\
port = task["containers"][0]["networkBindings"][0]["hostPort"]
answer = fetch(port)
answer""",
    wrong=(Wrong('answer = task["taskArn"]', T("ARN", "ARN")),),
    hints=(
        T(
            "Docker picked the host port (the task definition left `hostPort` out); ECS reports "
            "it in the container's `networkBindings`.",
            "호스트 포트는 Docker가 골랐습니다 (태스크 디피니션에 `hostPort`가 없음). ECS는 "
            "그것을 컨테이너의 `networkBindings`에 알려 줍니다.",
        ),
        T(
            '`port = task["containers"][0]["networkBindings"][0]["hostPort"]`, then '
            "`answer = fetch(port)`.",
            '`port = task["containers"][0]["networkBindings"][0]["hostPort"]` 다음 '
            "`answer = fetch(port)`.",
        ),
    ),
    judge=_judge_answer,
    explanation=T(
        "With a dynamic host port (bridge mode, no hostPort) Docker picks a free port, and ECS "
        "reports it in networkBindings: that is how a load balancer finds each task (lesson 9).",
        "동적 호스트 포트 (bridge 모드, hostPort 없음)에서는 Docker가 빈 포트를 고르고, ECS가 "
        "그것을 networkBindings에 알립니다. 로드 밸런서도 그렇게 각 태스크를 찾습니다 (레슨 9).",
    ),
)


def _judge_memory(v: Values) -> T | None:
    tasks = _tasks(v.ecs, family="capped")
    if not tasks:
        return T(
            f"No task of the family 'capped' is RUNNING in '{CLUSTER}': register the task "
            f'definition, then `ecs.run_task(cluster="{CLUSTER}", taskDefinition="capped")` and '
            "`sim.run_until_stable(20)`.",
            f"'{CLUSTER}'에서 실행 중인 'capped' 패밀리의 태스크가 없습니다: 태스크 디피니션을 "
            f'등록하고 `ecs.run_task(cluster="{CLUSTER}", taskDefinition="capped")`와 '
            "`sim.run_until_stable(20)`을 실행하세요.",
        )
    task = tasks[-1]
    definition = v.ecs.describe_task_definition(taskDefinition=task["taskDefinitionArn"])
    spec = definition["taskDefinition"]["containerDefinitions"][0]
    if spec.get("memory") != 48:
        if spec.get("memoryReservation") and not spec.get("memory"):
            return T(
                "`memoryReservation` is the soft limit: Docker lets the container use more. "
                "The hard limit, where Docker stops the container, is `memory`: set "
                "`memory=48`.",
                "`memoryReservation`은 소프트 한도라서 Docker는 컨테이너가 더 쓰도록 "
                "둡니다. Docker가 컨테이너를 멈추는 하드 한도는 `memory`입니다: "
                "`memory=48`로 하세요.",
            )
        return T(
            f"The container of 'capped' has `memory` {spec.get('memory')}; the exercise asks "
            "for a hard limit of 48 MiB.",
            f"'capped'의 컨테이너 `memory`는 {spec.get('memory')} 입니다. 연습은 48 MiB "
            "하드 한도를 요구합니다.",
        )
    runtime_id = task["containers"][0].get("runtimeId")
    real = v.engine.api.inspect_container(runtime_id)["HostConfig"]["Memory"]
    answer = v.docker_memory
    if answer == real:
        return None
    if answer == 48:
        return T(
            f"48 is the task definition's number, in MiB. Docker counts bytes: read "
            f'`engine.api.inspect_container(runtimeId)["HostConfig"]["Memory"]` ({real} here).',
            f"48은 태스크 디피니션의 숫자 (MiB)입니다. Docker는 바이트로 셉니다: "
            f'`engine.api.inspect_container(runtimeId)["HostConfig"]["Memory"]`를 읽으세요 '
            f"(여기서는 {real}).",
        )
    return T(
        f"`docker_memory` is {answer!r}, but Docker reports `HostConfig.Memory` = {real} "
        "bytes for the container of 'capped'.",
        f"`docker_memory`는 {answer!r} 인데, Docker는 'capped' 컨테이너의 "
        f"`HostConfig.Memory`를 {real} 바이트로 알려 줍니다.",
    )


ex2 = DockerExercise(
    name="ex2",
    title=T("A memory limit Docker enforces", "Docker가 지키는 메모리 한도"),
    reads=("docker_memory",),
    uses=("sim", "ecs", "engine"),
    starter="docker_memory = ____",
    solution_code="""\
ecs.register_task_definition(
    family="capped",
    containerDefinitions=[{"name": "web", "image": "ecslearn/web:1", "memory": 48}],
)
arn = ecs.run_task(cluster="lab", taskDefinition="capped")["tasks"][0]["taskArn"]
sim.run_until_stable(20)
capped = ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]
runtime_id = capped["containers"][0]["runtimeId"]
docker_memory = engine.api.inspect_container(runtime_id)["HostConfig"]["Memory"]
docker_memory""",
    wrong=(
        Wrong(
            """\
ecs.register_task_definition(
    family="capped",
    containerDefinitions=[{"name": "web", "image": "ecslearn/web:1", "memory": 48}],
)
arn = ecs.run_task(cluster="lab", taskDefinition="capped")["tasks"][0]["taskArn"]
sim.run_until_stable(20)
docker_memory = 48""",
            T("Docker counts bytes", "Docker는 바이트로"),
        ),
        Wrong(
            """\
ecs.register_task_definition(
    family="capped",
    containerDefinitions=[{"name": "web", "image": "ecslearn/web:1", "memoryReservation": 48}],
)
arn = ecs.run_task(cluster="lab", taskDefinition="capped")["tasks"][0]["taskArn"]
sim.run_until_stable(20)
capped = ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]
runtime_id = capped["containers"][0]["runtimeId"]
docker_memory = engine.api.inspect_container(runtime_id)["HostConfig"]["Memory"]""",
            T("soft limit", "소프트 한도"),
        ),
    ),
    hints=(
        T(
            "The hard limit is the container definition's `memory` (MiB). After the task runs, "
            "its container's `runtimeId` is the Docker container ID.",
            "하드 한도는 컨테이너 정의의 `memory` (MiB)입니다. 태스크가 실행되면 컨테이너의 "
            "`runtimeId`가 Docker 컨테이너 ID입니다.",
        ),
        T(
            'Register `{"name": "web", "image": "ecslearn/web:1", "memory": 48}` as family '
            "'capped', run it, then "
            '`engine.api.inspect_container(runtime_id)["HostConfig"]["Memory"]`.',
            '`{"name": "web", "image": "ecslearn/web:1", "memory": 48}`을 패밀리 '
            "'capped'로 등록하고 실행한 다음 "
            '`engine.api.inspect_container(runtime_id)["HostConfig"]["Memory"]`.',
        ),
    ),
    judge=_judge_memory,
    explanation=T(
        "48 MiB is 50331648 bytes: the agent passes `memory` to Docker as the hard limit, and a "
        "container that goes over it is killed (ECS reports OutOfMemoryError).",
        "48 MiB는 50331648 바이트입니다. 에이전트는 `memory`를 Docker의 하드 한도로 넘기고, "
        "그것을 넘는 컨테이너는 종료됩니다 (ECS는 OutOfMemoryError로 보고).",
    ),
)


def _judge_digest(v: Values) -> T | None:
    ecr = v.sim.client("ecr")
    pushed = ecr.describe_images(repositoryName=REPOSITORY)["imageDetails"]
    if not pushed:
        return T(
            f"ECR has no image in '{REPOSITORY}' yet: push one first, "
            '`push(sim, "ecslearn/web:1", uri + ":v1")`.',
            f"ECR의 '{REPOSITORY}'에 아직 이미지가 없습니다: 먼저 푸시하세요, "
            '`push(sim, "ecslearn/web:1", uri + ":v1")`.',
        )
    uri = ecr.describe_repositories(repositoryNames=[REPOSITORY])["repositories"][0][
        "repositoryUri"
    ]
    from_ecr = [
        c for t in _tasks(v.ecs) for c in t["containers"] if str(c.get("image", "")).startswith(uri)
    ]
    if not from_ecr:
        return T(
            f"No RUNNING task in '{CLUSTER}' runs an image from {uri}. Register a task "
            f'definition whose image is `uri + ":v1"` and run it.',
            f"'{CLUSTER}'에서 {uri} 의 이미지를 실행하는 태스크가 없습니다. 이미지가 "
            '`uri + ":v1"`인 태스크 디피니션을 등록하고 실행하세요.',
        )
    digests = {c.get("imageDigest") for c in from_ecr}
    answer = v.digest
    if isinstance(answer, str) and answer in digests:
        return None
    if isinstance(answer, str) and not answer.startswith("sha256:"):
        return T(
            f"{answer[:80]!r} is a name or a tag, which can move. A digest is "
            "`sha256:` and 64 hex digits: the container's `imageDigest` in DescribeTasks.",
            f"{particle(repr(answer[:80]), '은/는')} 이름이나 태그라서 바뀔 수 있습니다. "
            "다이제스트는 `sha256:`과 16진수 64자리입니다. DescribeTasks의 컨테이너 "
            "`imageDigest`를 쓰세요.",
        )
    return T(
        f"`digest` should be the `imageDigest` of the container running from ECR "
        f"({sorted(d for d in digests if d)[0] if any(digests) else '?'}).",
        f"`digest`는 ECR 이미지로 실행 중인 컨테이너의 `imageDigest`여야 합니다 "
        f"({sorted(d for d in digests if d)[0] if any(digests) else '?'}).",
    )


ex3 = DockerExercise(
    name="ex3",
    title=T("From ECR to a running task", "ECR에서 실행 중인 태스크까지"),
    reads=("digest",),
    uses=("sim", "ecs", "push", "uri"),
    needs="registry",
    starter="digest = ____",
    solution_code="""\
push(sim, "ecslearn/web:1", uri + ":v1")
ecs.register_task_definition(
    family="from-ecr",
    containerDefinitions=[
        {"name": "web", "image": uri + ":v1", "memory": 32, "portMappings": [{"containerPort": 80}]}
    ],
)
arn = ecs.run_task(cluster="lab", taskDefinition="from-ecr")["tasks"][0]["taskArn"]
sim.run_until_stable(30)
from_ecr = ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]
digest = from_ecr["containers"][0]["imageDigest"]
digest""",
    wrong=(
        Wrong(
            'pushed = push(sim, "ecslearn/web:1", uri + ":v1")\ndigest = pushed["imageDigest"]',
            T("No RUNNING task", "실행하는 태스크가 없습니다"),
        ),
    ),
    hints=(
        T(
            'Three steps: `push(...)` the local image to `uri + ":v1"`, register a task '
            "definition whose `image` is that URI, run it; then read the container's "
            "`imageDigest` from DescribeTasks.",
            '세 단계: 로컬 이미지를 `uri + ":v1"`로 `push(...)` 하고, `image`가 그 URI인 '
            "태스크 디피니션을 등록해 실행한 다음, DescribeTasks에서 컨테이너의 "
            "`imageDigest`를 읽으세요.",
        ),
        T(
            'Family "from-ecr", container `{"name": "web", "image": uri + ":v1", "memory": 32}`;'
            ' `digest = task["containers"][0]["imageDigest"]`.',
            '패밀리 "from-ecr", 컨테이너 `{"name": "web", "image": uri + ":v1", "memory": 32}`; '
            '`digest = task["containers"][0]["imageDigest"]`.',
        ),
    ),
    judge=_judge_digest,
    explanation=T(
        "ECS resolved the tag v1 to a digest when the task started, and the agent pulled exactly "
        "that digest: pushing a new image under v1 later does not change what this task runs.",
        "ECS는 태스크가 시작될 때 태그 v1을 다이제스트로 바꿨고, 에이전트는 바로 그 "
        "다이제스트를 받았습니다. 나중에 v1로 새 이미지를 푸시해도 이 태스크가 실행하는 "
        "것은 바뀌지 않습니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("A hard limit Docker enforces", "Docker가 지키는 하드 한도"),
    question=T(
        "A container's definition says `memory: 48`, and its process grows to 60 MiB. What "
        "happens?",
        "컨테이너 정의에 `memory: 48`이 있는데, 프로세스가 60 MiB까지 커졌습니다. 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "Nothing: `memory` is only what the scheduler reserves",
                "아무 일도 없다. `memory`는 스케줄러가 예약하는 양일 뿐이다",
            ),
            T(
                "That is `memoryReservation`, the soft limit. `memory` is the hard limit the "
                "agent hands to Docker, which enforces it.",
                "그것은 소프트 한도인 `memoryReservation`입니다. `memory`는 에이전트가 "
                "Docker에 넘기는 하드 한도이고, Docker가 이를 강제합니다.",
            ),
        ),
        Choice(
            T(
                "The container is killed; ECS reports `OutOfMemoryError`, exit code 137",
                "컨테이너가 강제 종료되고, ECS는 `OutOfMemoryError`와 종료 코드 137을 알린다",
            ),
            T(
                "Right: Docker's memory limit (`HostConfig.Memory`) is the hard limit: the "
                "kernel kills the process (SIGKILL, 128 + 9). If the container is essential, "
                "the task stops.",
                "맞습니다. Docker의 메모리 한도(`HostConfig.Memory`)가 곧 하드 한도이므로, "
                "커널이 프로세스를 강제 종료합니다(SIGKILL, 128 + 9). 필수 컨테이너라면 "
                "태스크가 중지됩니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "ECS moves the task to a container instance with more free memory before it runs "
                "out",
                "메모리가 바닥나기 전에 ECS가 남은 메모리가 더 많은 컨테이너 인스턴스로 태스크를 "
                "옮긴다",
            ),
            T(
                "ECS never moves a running task: the limit is the task definition's, not the "
                "instance's, and a bigger host would enforce the same 48 MiB.",
                "ECS는 실행 중인 태스크를 옮기지 않습니다. 한도는 인스턴스가 아니라 태스크 "
                "디피니션의 것이므로, 더 큰 호스트에서도 똑같이 48 MiB가 적용됩니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("A container killed behind ECS's back", "ECS를 거치지 않고 종료된 컨테이너"),
    question=T(
        "Someone runs `docker kill` on the essential container of a task that a REPLICA "
        "service started. What happens?",
        "누군가 REPLICA 서비스가 시작한 태스크의 필수 컨테이너에 `docker kill`을 "
        "실행했습니다. 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "The agent reports the exit (137), ECS stops the task, and the service starts "
                "a new one",
                "에이전트가 종료(137)를 보고하고, ECS는 태스크를 중지하며, 서비스가 새 "
                "태스크를 시작한다",
            ),
            T(
                "Right: the agent watches Docker, so the exit does not go unnoticed. The task "
                "stops (its essential container exited), and the service scheduler replaces "
                "it with a *new* task to keep `desiredCount`.",
                "맞습니다. 에이전트가 Docker를 지켜보므로 종료를 놓치지 않습니다. 필수 "
                "컨테이너가 종료되어 태스크가 중지되고, 서비스 스케줄러가 `desiredCount`를 "
                "지키려고 *새* 태스크로 대체합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Nothing: ECS sees only what goes through its API, so the task stays RUNNING",
                "아무 일도 없다. ECS는 API로 들어온 것만 보므로 태스크는 RUNNING으로 남는다",
            ),
            T(
                "The agent on the instance reports every container's real state to ECS, "
                "including exits nobody asked for.",
                "인스턴스의 에이전트는 아무도 요청하지 않은 종료까지 포함해 모든 컨테이너의 "
                "실제 상태를 ECS에 보고합니다.",
            ),
        ),
        Choice(
            T(
                "The same task restarts its container, keeping its task ARN",
                "같은 태스크가 컨테이너를 다시 시작하고, 태스크 ARN은 그대로다",
            ),
            T(
                "By default a container is not restarted inside its task: a stopped task never "
                "starts again, and the service's replacement is a new task with a new ARN.",
                "기본적으로 컨테이너는 태스크 안에서 다시 시작되지 않습니다. 중지된 태스크는 "
                "다시 시작되지 않으며, 서비스가 대체하는 것은 새 ARN을 가진 새 태스크입니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("The image a task runs", "태스크가 실행하는 이미지"),
    question=T(
        "A task definition's image is `<ECR repository URI>:v1`. Which image does the agent "
        "pull for a task of it?",
        "태스크 디피니션의 이미지가 `<ECR 리포지토리 URI>:v1`입니다. 에이전트는 이 태스크를 "
        "위해 어떤 이미지를 받을까요?",
    ),
    choices=(
        Choice(
            T(
                "The most recently pushed image in the repository, whatever tag that image carries",
                "어떤 태그가 붙어 있든, 리포지토리에 가장 최근에 푸시된 이미지",
            ),
            T(
                "The tag matters: `v1` names one image. Another push with another tag does not "
                "change what `v1` names.",
                "태그가 중요합니다. `v1`은 이미지 하나를 가리킵니다. 다른 태그로 푸시해도 "
                "`v1`이 가리키는 이미지는 바뀌지 않습니다.",
            ),
        ),
        Choice(
            T(
                "Nothing: an ECR image must be named by its digest in a task definition",
                "없음: 태스크 디피니션에서는 ECR 이미지를 다이제스트로만 지정해야 한다",
            ),
            T(
                "A tag is allowed (and usual) in a task definition; ECS resolves it to a "
                "digest for you.",
                "태스크 디피니션에 태그를 써도 되고, 흔히 그렇게 씁니다. ECS가 이를 "
                "다이제스트로 바꿔 줍니다.",
            ),
        ),
        Choice(
            T(
                "The digest ECS resolved `v1` to, which DescribeTasks reports as `imageDigest`",
                "ECS가 `v1`에서 확인한 다이제스트. DescribeTasks는 이를 `imageDigest`로 보여 준다",
            ),
            T(
                "Right: ECS resolves the tag to a digest, the agent pulls that exact image, "
                "and the container reports it in `imageDigest`.",
                "맞습니다. ECS가 태그를 다이제스트로 바꾸고, 에이전트는 정확히 그 이미지를 "
                "받으며, 컨테이너는 그것을 `imageDigest`로 보고합니다.",
            ),
            correct=True,
        ),
    ),
)
