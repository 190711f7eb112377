"""Lesson 4 · Task definitions: register a definition with limits, a port and a health check,
and a two-container definition whose app waits for its database to be HEALTHY."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
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
