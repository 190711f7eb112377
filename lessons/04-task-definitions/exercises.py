"""Lesson 4 · Task definitions: register a definition with limits, a port and a health check,
and a two-container definition whose app waits for its database to be HEALTHY."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T
from ecslearn.words import particle

# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop",)


def _latest(ecs: Any, family: str) -> dict[str, Any] | None:
    """The latest ACTIVE revision of `family` as DescribeTaskDefinition shows it, or None."""
    arns = ecs.list_task_definitions(familyPrefix=family, sort="DESC")["taskDefinitionArns"]
    arns = [a for a in arns if a.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family]
    if not arns:
        return None
    return ecs.describe_task_definition(taskDefinition=arns[0])["taskDefinition"]


def _not_registered(family: str) -> T:
    return T(
        f"ECS has no ACTIVE task definition in the family '{family}': register it with "
        f'`ecs.register_task_definition(family="{family}", containerDefinitions=[...])`.',
        f"ECS에 '{family}' 패밀리의 ACTIVE 태스크 디피니션이 없습니다. "
        f'`ecs.register_task_definition(family="{family}", containerDefinitions=[...])`로 '
        "등록하세요.",
    )


def _kept(value: object, family: str, name: str) -> T | None:
    """None when `value` is a registered task definition of `family` (the answer's
    ``["taskDefinition"]``); otherwise what to keep instead."""
    if isinstance(value, dict) and value.get("family") == family and "revision" in value:
        return None
    return T(
        f"The definition is right; keep it in `{name}`: RegisterTaskDefinition answers "
        '`{"taskDefinition": {...}}`, keep `answer["taskDefinition"]` (with its family and '
        "revision).",
        f"태스크 디피니션은 맞습니다. `{name}`에 담으세요: RegisterTaskDefinition은 "
        '`{"taskDefinition": {...}}`로 답하니 `answer["taskDefinition"]` (패밀리와 리비전 '
        "포함) 을 담으세요.",
    )


# -- ex1: limits, a port, a health check --------------------------------------------------------
def _judge_cart(v: Values) -> T | None:
    td = _latest(v.ecs, "cart")
    if td is None:
        return _not_registered("cart")
    containers = {c["name"]: c for c in td["containerDefinitions"]}
    cart = containers.get("cart")
    if cart is None:
        return T(
            f"'{td['family']}:{td['revision']}' has the containers {sorted(containers)}; name "
            "the container 'cart'.",
            f"'{td['family']}:{td['revision']}'의 컨테이너는 {sorted(containers)} 입니다. "
            "컨테이너 이름을 'cart'로 하세요.",
        )
    if cart.get("image") != "shop/cart:1.4":
        return T(
            f"Container 'cart' runs the image {cart.get('image')!r}; it should be 'shop/cart:1.4'.",
            f"'cart' 컨테이너의 이미지가 {cart.get('image')!r} 입니다. 'shop/cart:1.4'여야 합니다.",
        )
    if cart.get("cpu") != 256:
        return T(
            f"Container 'cart' has cpu {cart.get('cpu')!r}; give it 256 CPU units (a quarter "
            "of a vCPU).",
            f"'cart' 컨테이너의 cpu가 {cart.get('cpu')!r} 입니다. 256 CPU 유닛 (vCPU의 "
            "4분의 1) 을 주세요.",
        )
    memory, reservation = cart.get("memory"), cart.get("memoryReservation")
    if reservation is None:
        return T(
            f"Container 'cart' has memory {memory!r} but no memoryReservation: the scheduler "
            "would reserve the whole hard limit on the instance. Add "
            '`"memoryReservation": 256` (the soft limit) beside `"memory": 512` (the hard '
            "limit).",
            f"'cart' 컨테이너에 memory {memory!r} 만 있고 memoryReservation이 없습니다. "
            '스케줄러가 인스턴스에서 하드 한도 전체를 예약합니다. `"memory": 512` (하드 '
            '한도) 옆에 `"memoryReservation": 256` (소프트 한도)을 더하세요.',
        )
    if (memory, reservation) != (512, 256):
        return T(
            f"Container 'cart' has memory {memory!r} and memoryReservation {reservation!r}; "
            "the hard limit `memory` should be 512 MiB and the soft limit `memoryReservation` "
            "256 MiB.",
            f"'cart' 컨테이너의 memory는 {memory!r}, memoryReservation은 {reservation!r} "
            "입니다. 하드 한도 `memory`는 512 MiB, 소프트 한도 `memoryReservation`은 256 MiB "
            "여야 합니다.",
        )
    ports = cart.get("portMappings") or []
    mapping = next((p for p in ports if p.get("containerPort") == 8080), None)
    if mapping is None:
        return T(
            f"Container 'cart' maps the ports {[p.get('containerPort') for p in ports]}; it "
            'listens on 8080: `"portMappings": [{"containerPort": 8080, "hostPort": 0}]`.',
            f"'cart' 컨테이너의 포트 매핑은 {[p.get('containerPort') for p in ports]} 입니다. "
            '8080에서 받습니다: `"portMappings": [{"containerPort": 8080, "hostPort": 0}]`.',
        )
    if mapping.get("hostPort"):
        return T(
            f"Port 8080 is mapped to the static host port {mapping['hostPort']}: then only one "
            "'cart' task fits on each instance. In bridge mode, `hostPort` 0 (or none) asks "
            "for a dynamic host port.",
            f"8080 포트가 고정 호스트 포트 {mapping['hostPort']} 에 매핑되어 있습니다. 그러면 "
            "인스턴스마다 'cart' 태스크가 하나만 들어갑니다. bridge 모드에서 `hostPort` 0 "
            "(또는 생략)은 동적 호스트 포트를 뜻합니다.",
        )
    check = cart.get("healthCheck")
    if not check or "/health" not in " ".join(check.get("command", [])):
        return T(
            "Container 'cart' has no health check on /health. Add "
            '`"healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health '
            '|| exit 1"]}`.',
            "'cart' 컨테이너에 /health 헬스 체크가 없습니다. "
            '`"healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health '
            '|| exit 1"]}`을 더하세요.',
        )
    return _kept(v.cart, "cart", "cart")


CART_SOLUTION = """\
answer = ecs.register_task_definition(
    family="cart",
    containerDefinitions=[
        {
            "name": "cart",
            "image": "shop/cart:1.4",
            "cpu": 256,
            "memory": 512,
            "memoryReservation": 256,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}],
            "healthCheck": {
                "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                "interval": 10,
            },
        }
    ],
)
cart = answer["taskDefinition"]
cart["taskDefinitionArn"]"""

ex1 = Exercise(
    name="ex1",
    title=T("Limits, a port, a health check", "한도, 포트, 헬스 체크"),
    reads=("cart",),
    starter="cart = ____",
    solution_code=CART_SOLUTION,
    wrong=(
        Wrong(
            CART_SOLUTION.replace('            "memoryReservation": 256,\n', ""),
            T("no memoryReservation", "memoryReservation이 없습니다"),
        ),
        Wrong(
            CART_SOLUTION.replace('"hostPort": 0', '"hostPort": 8080'),
            T("static host port 8080", "고정 호스트 포트 8080"),
        ),
        Wrong(
            CART_SOLUTION.replace(
                'cart = answer["taskDefinition"]\ncart["taskDefinitionArn"]', "cart = answer"
            ),
            T('answer["taskDefinition"]', 'answer["taskDefinition"]'),
        ),
    ),
    hints=(
        T(
            "One call to "
            '`ecs.register_task_definition(family="cart", containerDefinitions=[{...}])` '
            "with one container dict. The soft limit is `memoryReservation`, the hard limit "
            "`memory`.",
            '`ecs.register_task_definition(family="cart", containerDefinitions=[{...}])`를 '
            "컨테이너 dict 하나로 한 번 호출합니다. 소프트 한도는 `memoryReservation`, 하드 "
            "한도는 `memory`입니다.",
        ),
        T(
            'The container: `"name": "cart"`, `"image": "shop/cart:1.4"`, `"cpu": 256`, '
            '`"memory": 512`, `"memoryReservation": 256`, `"portMappings": [{"containerPort": '
            '8080, "hostPort": 0}]`, `"healthCheck": {"command": ["CMD-SHELL", "curl -f '
            'http://localhost:8080/health || exit 1"]}`.',
            '컨테이너: `"name": "cart"`, `"image": "shop/cart:1.4"`, `"cpu": 256`, '
            '`"memory": 512`, `"memoryReservation": 256`, `"portMappings": [{"containerPort": '
            '8080, "hostPort": 0}]`, `"healthCheck": {"command": ["CMD-SHELL", "curl -f '
            'http://localhost:8080/health || exit 1"]}`.',
        ),
    ),
    judge=_judge_cart,
    explanation=T(
        "The scheduler reserves 256 MiB for 'cart' (its memoryReservation); the container may "
        "use up to 512 MiB, and is killed above that. A dynamic host port lets several 'cart' "
        "tasks share an instance.",
        "스케줄러는 'cart'에 256 MiB (memoryReservation)를 예약합니다. 컨테이너는 512 MiB "
        "까지 쓸 수 있고, 그보다 많이 쓰면 강제 종료됩니다. 동적 호스트 포트 덕분에 여러 "
        "'cart' 태스크가 한 인스턴스를 나눠 쓸 수 있습니다.",
    ),
)


# -- ex2: dependsOn HEALTHY ----------------------------------------------------------------------
def _judge_blog(v: Values) -> T | None:
    td = _latest(v.ecs, "blog")
    if td is None:
        return _not_registered("blog")
    containers = {c["name"]: c for c in td["containerDefinitions"]}
    if set(containers) != {"db", "app"}:
        return T(
            f"'blog:{td['revision']}' has the containers {sorted(containers)}; it needs two, "
            "'db' and 'app'.",
            f"'blog:{td['revision']}'의 컨테이너는 {sorted(containers)} 입니다. 'db'와 "
            "'app' 두 개가 필요합니다.",
        )
    db, app = containers["db"], containers["app"]
    if not db.get("healthCheck"):
        return T(
            "Container 'db' has no healthCheck: nothing could ever say it is HEALTHY.",
            "'db' 컨테이너에 healthCheck가 없습니다. HEALTHY라고 알려 줄 방법이 없습니다.",
        )
    waits = {d["containerName"]: d["condition"] for d in app.get("dependsOn") or []}
    if "db" not in waits:
        return T(
            "Container 'app' does not depend on 'db': both would start together, and the app "
            'would connect to a database that is not ready. Add `"dependsOn": '
            '[{"containerName": "db", "condition": "HEALTHY"}]` to \'app\'.',
            "'app' 컨테이너가 'db'에 의존하지 않습니다. 둘이 함께 시작해 앱이 준비되지 않은 "
            'DB에 접속합니다. \'app\'에 `"dependsOn": [{"containerName": "db", '
            '"condition": "HEALTHY"}]`를 더하세요.',
        )
    if waits["db"] != "HEALTHY":
        return T(
            f"'app' waits for 'db' with the condition {waits['db']}: "
            + (
                "START only waits until the db process has started, not until it accepts "
                "connections. "
                if waits["db"] == "START"
                else ""
            )
            + "Use HEALTHY: 'app' starts once the db's health check passes.",
            f"'app'이 조건 {particle(waits['db'], '(으)로')} 'db'를 기다립니다. "
            + (
                "START는 db 프로세스가 시작할 때까지만 기다리고, 접속을 받을 수 있을 때까지 "
                "기다리지 않습니다. "
                if waits["db"] == "START"
                else ""
            )
            + "HEALTHY를 쓰세요: 'app'은 db의 헬스 체크가 통과하면 시작합니다.",
        )
    if "db" in {d["containerName"] for d in db.get("dependsOn") or []}:
        return T("'db' cannot depend on itself.", "'db'는 자기 자신에 의존할 수 없습니다.")
    return _kept(v.blog, "blog", "blog")


BLOG_SOLUTION = """\
answer = ecs.register_task_definition(
    family="blog",
    containerDefinitions=[
        {
            "name": "db",
            "image": "postgres:16",
            "memory": 512,
            "healthCheck": {"command": ["CMD-SHELL", "pg_isready -U postgres"], "interval": 5},
        },
        {
            "name": "app",
            "image": "ghost:5",
            "memory": 256,
            "portMappings": [{"containerPort": 2368}],
            "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
        },
    ],
)
blog = answer["taskDefinition"]
TaskDefinition.from_json(blog)"""

ex2 = Exercise(
    name="ex2",
    title=T("The app waits for its database", "앱이 데이터베이스를 기다리게"),
    reads=("blog",),
    starter="blog = ____",
    uses=("sim", "ecs", "TaskDefinition"),  # the setup cell imports TaskDefinition
    solution_code=BLOG_SOLUTION,
    wrong=(
        Wrong(
            BLOG_SOLUTION.replace('"condition": "HEALTHY"', '"condition": "START"'),
            T("START only waits", "START는 db 프로세스가 시작할 때까지만"),
        ),
        Wrong(
            BLOG_SOLUTION.replace(
                '            "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],\n',
                "",
            ),
            T("does not depend on 'db'", "'db'에 의존하지 않습니다"),
        ),
    ),
    hints=(
        T(
            "'db' needs a `healthCheck` (ECS refuses HEALTHY without one), and 'app' a "
            "`dependsOn` list naming 'db' with the condition HEALTHY.",
            "'db'에는 `healthCheck`가 (없으면 ECS가 HEALTHY를 거부), 'app'에는 'db'와 조건 "
            "HEALTHY를 적은 `dependsOn` 목록이 필요합니다.",
        ),
        T(
            '\'db\': `"healthCheck": {"command": ["CMD-SHELL", "pg_isready -U postgres"]}`; '
            '\'app\': `"dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]`. Keep '
            '`answer["taskDefinition"]` in `blog`.',
            '\'db\': `"healthCheck": {"command": ["CMD-SHELL", "pg_isready -U postgres"]}`, '
            '\'app\': `"dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]`. '
            '`answer["taskDefinition"]`을 `blog`에 담으세요.',
        ),
    ),
    judge=_judge_blog,
    explanation=T(
        "The agent starts 'db' first, waits until its health check passes, then starts 'app'; "
        "when the task stops, 'app' stops before 'db'. HEALTHY is checked only at startup.",
        "에이전트는 'db'를 먼저 시작하고, 헬스 체크가 통과하면 'app'을 시작합니다. 태스크가 "
        "멈출 때는 'app'이 'db'보다 먼저 멈춥니다. HEALTHY는 시작할 때만 확인합니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("Hard and soft memory limits", "메모리 하드 한도와 소프트 한도"),
    question=T(
        "A container definition says `memory: 512` and `memoryReservation: 256`. What does "
        "placing its task take from the instance, and when is the container killed?",
        "컨테이너 정의에 `memory: 512`와 `memoryReservation: 256`이 있습니다. 태스크를 "
        "배치하면 인스턴스에서 얼마가 빠지고, 컨테이너는 언제 강제 종료될까요?",
    ),
    choices=(
        Choice(
            T(
                "512 MiB is reserved; the container may use more than that",
                "512 MiB를 예약하고, 컨테이너는 그보다 더 쓸 수 있다",
            ),
            T(
                "It is the other way round: `memory` is the hard limit, which the container "
                "can never exceed, and the scheduler reserves `memoryReservation`.",
                "반대입니다. `memory`는 컨테이너가 절대 넘을 수 없는 하드 한도이고, "
                "스케줄러가 예약하는 것은 `memoryReservation`입니다.",
            ),
        ),
        Choice(
            T(
                "768 MiB is reserved (both added up); the container is killed above 768 MiB",
                "둘을 더한 768 MiB를 예약하고, 768 MiB를 넘으면 강제 종료된다",
            ),
            T(
                "The two are not added: they are two limits on the same memory. The soft one "
                "is what is reserved, the hard one where the container is stopped.",
                "두 값은 더하지 않습니다. 같은 메모리에 대한 한도 두 개입니다. 소프트 한도만큼 "
                "예약하고, 하드 한도에서 컨테이너가 멈춥니다.",
            ),
        ),
        Choice(
            T(
                "256 MiB is reserved; the container is killed if it goes over 512 MiB",
                "256 MiB를 예약하고, 512 MiB를 넘으면 강제 종료된다",
            ),
            T(
                "Right: `memoryReservation` (the soft limit) is what the scheduler deducts from "
                "the instance; the container may use more when the host has it free, up to "
                "`memory` (the hard limit), above which it is killed.",
                "맞습니다. 스케줄러가 인스턴스에서 빼는 것은 소프트 한도인 "
                "`memoryReservation`입니다. 호스트에 여유가 있으면 컨테이너는 더 쓸 수 "
                "있지만, 하드 한도인 `memory`를 넘으면 강제 종료됩니다.",
            ),
            correct=True,
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Task role or execution role", "태스크 역할과 태스크 실행 역할"),
    question=T(
        "Before the app starts, the agent must pull the task's private image from ECR and "
        "later send its logs to CloudWatch Logs. Which IAM role in the task definition is "
        "meant for that?",
        "앱이 시작되기 전에 에이전트가 ECR에서 태스크의 프라이빗 이미지를 받고, 나중에는 "
        "로그를 CloudWatch Logs로 보내야 합니다. 태스크 디피니션의 IAM 역할 가운데 "
        "무엇이 이 일을 위한 것일까요?",
    ),
    choices=(
        Choice(
            T(
                "The task execution role (`executionRoleArn`)",
                "태스크 실행 역할(`executionRoleArn`)",
            ),
            T(
                "Right: the execution role is used by ECS and the agent on the task's behalf: "
                "pulling private images, sending logs, reading secrets for the containers.",
                "맞습니다. 태스크 실행 역할은 ECS와 에이전트가 태스크를 대신해 쓰는 "
                "역할입니다. 프라이빗 이미지를 받고, 로그를 보내고, 컨테이너에 줄 시크릿을 "
                "읽을 때 씁니다.",
            ),
            correct=True,
        ),
        Choice(
            T("The task role (`taskRoleArn`)", "태스크 역할(`taskRoleArn`)"),
            T(
                "The task role is for your application's own calls to AWS (read S3, write "
                "DynamoDB). What the agent does before and around the app uses the execution "
                "role.",
                "태스크 역할은 애플리케이션 코드가 직접 AWS를 호출할 때 씁니다(S3 읽기, "
                "DynamoDB 쓰기). 앱이 시작되기 전이나 앱 바깥에서 에이전트가 하는 일에는 "
                "태스크 실행 역할을 씁니다.",
            ),
        ),
        Choice(
            T(
                "Neither: the caller of RunTask lends its own permissions",
                "둘 다 아니다. RunTask를 호출한 쪽의 권한을 빌려 쓴다",
            ),
            T(
                "The caller's permissions are checked only for the RunTask call itself. The "
                "task runs later, on its own, with the roles its definition names.",
                "호출한 쪽의 권한은 RunTask 호출 자체를 검사할 때만 씁니다. 태스크는 그 "
                "뒤에 따로 실행되며, 태스크 디피니션에 적힌 역할을 씁니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Deregistering a revision", "리비전 등록 해제"),
    question=T(
        "A service runs three tasks of `cart:1`, and you deregister `cart:1`. What happens?",
        "서비스가 `cart:1` 태스크 세 개를 실행하고 있는데, `cart:1`을 등록 해제했습니다. "
        "어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "The three tasks stop, since their blueprint is gone",
                "설계도가 사라졌으므로 태스크 세 개가 중지된다",
            ),
            T(
                "Deregistering stops nothing: the running tasks keep running, and the service "
                "may even scale them.",
                "등록 해제는 아무것도 중지하지 않습니다. 실행 중인 태스크는 계속 실행되고, "
                "서비스는 이 태스크 수를 늘리거나 줄일 수도 있습니다.",
            ),
        ),
        Choice(
            T(
                "`cart:1` becomes INACTIVE: its tasks keep running, but new RunTask or "
                "CreateService calls cannot use it",
                "`cart:1`이 INACTIVE가 된다. 태스크는 계속 실행되지만, 새 RunTask나 "
                "CreateService에서는 쓸 수 없다",
            ),
            T(
                "Right: INACTIVE only keeps the revision out of new work. The running tasks, "
                "and the service already using it, go on.",
                "맞습니다. INACTIVE는 그 리비전을 새 작업에 쓰지 못하게 할 뿐입니다. 실행 "
                "중인 태스크와 이미 그 리비전을 쓰는 서비스는 그대로 갑니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "`cart:1` is deleted, and the next registration of `cart` gets number 1 again",
                "`cart:1`이 삭제되고, 다음에 `cart`를 등록하면 다시 1번을 받는다",
            ),
            T(
                "Revision numbers are never reused: the next registration of `cart` gets the "
                "next number after the highest one so far.",
                "리비전 번호는 다시 쓰지 않습니다. 다음에 `cart`를 등록하면 지금까지 가장 큰 "
                "번호의 다음 번호를 받습니다.",
            ),
        ),
    ),
)
