"""Lesson 10 · Networking and ports: dynamic host ports in bridge mode, a host-mode task
definition whose ports must match, and awsvpc tasks within the instances' ENI limits."""

from __future__ import annotations

from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

#: Dynamic host ports: the instance's ip_local_port_range (32768-60999 on the ECS-optimized
#: Amazon Linux AMIs) or, where that is missing, AWS's fallback 49153-65535.
EPHEMERAL = range(32768, 65536)


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("net", "vpc", "api", "metrics")


def _tasks(ecs: Any, cluster: str, family: str) -> list[dict[str, Any]]:
    """The tasks of `family` in `cluster` that ECS wants RUNNING."""
    arns = ecs.list_tasks(cluster=cluster, family=family)["taskArns"]
    return ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []


def _reasons(answer: Any) -> list[str]:
    if not isinstance(answer, dict):
        return []
    return [f.get("reason", "") for f in answer.get("failures", []) if isinstance(f, dict)]


def _judge_three(v: Values) -> T | None:
    answer = v.three
    if not isinstance(answer, dict) or "tasks" not in answer:
        return T(
            "`three` should be the answer of `ecs.run_task(...)`: a dict with `tasks` and "
            "`failures`.",
            "`three`에는 `ecs.run_task(...)`의 응답 (`tasks`와 `failures`가 있는 dict)이 "
            "들어가야 합니다.",
        )
    if "RESOURCE:PORTS" in _reasons(answer):
        placed = len(answer["tasks"])
        return T(
            f"ECS placed {placed} task(s) and answered RESOURCE:PORTS for the others: your "
            "task definition reserves a fixed host port, and the instance has only one of each. "
            'Register a new revision whose port mapping leaves out hostPort (or sets "hostPort": '
            "0), so Docker picks a dynamic port for each task.",
            f"ECS가 태스크 {placed}개만 배치하고 나머지는 RESOURCE:PORTS로 응답했습니다. "
            "태스크 디피니션이 고정 호스트 포트를 예약하는데, 인스턴스에는 포트마다 하나뿐입니다. "
            'hostPort를 생략한 (또는 "hostPort": 0 인) 포트 매핑으로 새 리비전을 등록해 '
            "Docker가 태스크마다 동적 포트를 고르게 하세요.",
        )
    tasks = _tasks(v.ecs, "net", "web-dynamic")
    if not tasks:
        return T(
            "Cluster 'net' has no task of family 'web-dynamic': register the task definition "
            'with family="web-dynamic", then `ecs.run_task(cluster="net", '
            'taskDefinition="web-dynamic", count=3)`.',
            "'net' 클러스터에 'web-dynamic' 패밀리의 태스크가 없습니다: "
            'family="web-dynamic" 으로 태스크 디피니션을 등록한 다음 '
            '`ecs.run_task(cluster="net", taskDefinition="web-dynamic", count=3)`.',
        )
    running = [t for t in tasks if t["lastStatus"] == "RUNNING"]
    if len(running) < 3:
        statuses = sorted(t["lastStatus"] for t in tasks)
        return T(
            f"{len(running)} 'web-dynamic' task(s) are RUNNING in 'net' (statuses: {statuses}). "
            "Three must run: ask for `count=3`, then move the clock with "
            "`sim.run_until_stable()`.",
            f"'net'에서 RUNNING인 'web-dynamic' 태스크는 {len(running)}개입니다 (상태: "
            f"{statuses}). 세 개가 실행되어야 합니다: `count=3`으로 요청하고 "
            "`sim.run_until_stable()`로 시계를 움직이세요.",
        )
    ports = [b["hostPort"] for t in running for c in t["containers"] for b in c["networkBindings"]]
    if len(ports) < 3 or not all(p in EPHEMERAL for p in ports):
        return T(
            f"The tasks run, but their host ports are {ports}: the exercise asks for dynamic "
            "ports from the ephemeral range, with containerPort 80 mapped.",
            f"태스크는 실행되지만 호스트 포트가 {ports} 입니다. 컨테이너 포트 80을 매핑하고 "
            "임시 포트 범위의 동적 포트를 써야 합니다.",
        )
    return None


ex1 = Exercise(
    name="ex1",
    title=T("Three copies on one instance", "한 인스턴스에 세 개"),
    reads=("three",),
    starter="three = ____\n",
    solution_code="""\
ecs.register_task_definition(
    family="web-dynamic",
    networkMode="bridge",
    containerDefinitions=[
        {
            "name": "web",
            "image": "nginx:1.27",
            "memory": 128,
            "portMappings": [{"containerPort": 80, "hostPort": 0}],
        }
    ],
)
three = ecs.run_task(cluster="net", taskDefinition="web-dynamic", count=3)
sim.run_until_stable()
len(three["tasks"]), three["failures"]""",
    wrong=(
        Wrong(
            'ecs.register_task_definition(family="web-dynamic", networkMode="bridge", '
            'containerDefinitions=[{"name": "web", "image": "nginx:1.27", "memory": 128, '
            '"portMappings": [{"containerPort": 80, "hostPort": 80}]}])\n'
            'three = ecs.run_task(cluster="net", taskDefinition="web-dynamic", count=3)\n'
            "sim.run_until_stable()",
            T("RESOURCE:PORTS", "RESOURCE:PORTS"),
        ),
        Wrong(
            'ecs.register_task_definition(family="web-dynamic", networkMode="bridge", '
            'containerDefinitions=[{"name": "web", "image": "nginx:1.27", "memory": 128, '
            '"portMappings": [{"containerPort": 80}]}])\n'
            'three = ecs.run_task(cluster="net", taskDefinition="web-dynamic", count=3)',
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
    ),
    hints=(
        T(
            "Copy `web-static` from above, change the family to `web-dynamic`, and think about "
            "what `hostPort` should be when three tasks share one instance.",
            "위의 `web-static`을 복사해 패밀리를 `web-dynamic`으로 바꾸고, 세 태스크가 한 "
            "인스턴스를 함께 쓸 때 `hostPort`가 무엇이어야 할지 생각해 보세요.",
        ),
        T(
            '`"portMappings": [{"containerPort": 80, "hostPort": 0}]` (or no hostPort), then '
            '`three = ecs.run_task(cluster="net", taskDefinition="web-dynamic", count=3)` and '
            "`sim.run_until_stable()`.",
            '`"portMappings": [{"containerPort": 80, "hostPort": 0}]` (또는 hostPort 생략), '
            '그다음 `three = ecs.run_task(cluster="net", taskDefinition="web-dynamic", '
            "count=3)`과 `sim.run_until_stable()`.",
        ),
    ),
    judge=_judge_three,
    explanation=T(
        "With hostPort 0 each task gets its own host port from the ephemeral range, so the "
        "only limits left are CPU and memory; a load balancer finds each task by instance ID "
        "and that port.",
        "hostPort가 0이면 태스크마다 임시 포트 범위의 호스트 포트를 따로 받으므로, 남는 "
        "제한은 CPU와 메모리뿐입니다. 로드 밸런서는 인스턴스 ID와 그 포트로 각 태스크를 "
        "찾습니다.",
    ),
)


def _judge_metrics(v: Values) -> T | None:
    answer = v.metrics
    if not isinstance(answer, dict) or "taskDefinitionArn" not in answer:
        return T(
            "`metrics` should be the registered task definition: "
            '`ecs.register_task_definition(...)["taskDefinition"]`. If registering failed, read '
            "ECS's message: it says which ports do not match.",
            "`metrics`에는 등록된 태스크 디피니션, 즉 "
            '`ecs.register_task_definition(...)["taskDefinition"]`이 들어가야 합니다. 등록이 '
            "실패했다면 ECS의 메시지를 읽으세요: 어떤 포트가 맞지 않는지 알려 줍니다.",
        )
    latest = v.ecs.describe_task_definition(taskDefinition="metrics")["taskDefinition"]
    if answer["taskDefinitionArn"] != latest["taskDefinitionArn"]:
        return T(
            f"`metrics` is {answer['taskDefinitionArn']}, but the latest 'metrics' revision is "
            f"{latest['taskDefinitionArn']}: keep the one you registered last.",
            f"`metrics`는 {answer['taskDefinitionArn']} 인데, 'metrics'의 최신 리비전은 "
            f"{latest['taskDefinitionArn']} 입니다. 마지막에 등록한 것을 담으세요.",
        )
    mode = latest.get("networkMode", "bridge")
    if mode != "host":
        return T(
            f"The definition registers, but in {mode!r} mode. The exporter must see the "
            'host\'s network: keep networkMode="host" and fix the port mapping instead.',
            f"등록은 되지만 {mode!r} 모드입니다. exporter는 호스트의 네트워크를 봐야 합니다: "
            'networkMode="host" 는 그대로 두고 포트 매핑을 고치세요.',
        )
    mappings = [m for c in latest["containerDefinitions"] for m in c.get("portMappings", [])]
    if not any(m.get("containerPort") == 9100 for m in mappings):
        ports = [m.get("containerPort") for m in mappings]
        return T(
            f"The container ports are {ports}, but the exporter listens on 9100: changing "
            "containerPort does not change the port the program opens. Map containerPort 9100.",
            f"컨테이너 포트가 {ports} 인데, exporter는 9100번에서 요청을 받습니다. "
            "containerPort를 바꿔도 프로그램이 여는 포트는 바뀌지 않습니다. containerPort "
            "9100을 매핑하세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("Fix the host-mode definition", "host 모드 태스크 디피니션 고치기"),
    reads=("metrics",),
    starter="metrics = ____\n",
    solution_code="""\
fixed = {
    "family": "metrics",
    "networkMode": "host",
    "containerDefinitions": [
        {
            "name": "node-exporter",
            "image": "prom/node-exporter:v1.8.2",
            "memory": 64,
            "portMappings": [{"containerPort": 9100, "hostPort": 9100}],
        }
    ],
}
metrics = ecs.register_task_definition(**fixed)["taskDefinition"]
metrics["networkMode"], metrics["containerDefinitions"][0]["portMappings"]""",
    wrong=(
        Wrong(
            'metrics = ecs.register_task_definition(family="metrics", networkMode="bridge", '
            'containerDefinitions=[{"name": "node-exporter", "image": '
            '"prom/node-exporter:v1.8.2", "memory": 64, "portMappings": '
            '[{"containerPort": 9100, "hostPort": 19100}]}])["taskDefinition"]',
            T('networkMode="host"', 'networkMode="host"'),
        ),
        Wrong(
            'metrics = ecs.register_task_definition(family="metrics", networkMode="host", '
            'containerDefinitions=[{"name": "node-exporter", "image": '
            '"prom/node-exporter:v1.8.2", "memory": 64, "portMappings": '
            '[{"containerPort": 19100, "hostPort": 19100}]}])["taskDefinition"]',
            T("listens on 9100", "9100번에서 요청을 받습니다"),
        ),
    ),
    hints=(
        T(
            "Read ECS's refusal above: in host mode, which two numbers must be equal?",
            "위에서 ECS가 거부한 이유를 읽으세요: host 모드에서 어떤 두 숫자가 같아야 하나요?",
        ),
        T(
            '`"portMappings": [{"containerPort": 9100, "hostPort": 9100}]` (or leave hostPort '
            "out), in a copy of `broken`; then "
            '`metrics = ecs.register_task_definition(**fixed)["taskDefinition"]`.',
            '`broken`을 복사해 `"portMappings": [{"containerPort": 9100, "hostPort": 9100}]` '
            "(또는 hostPort 생략)으로 고친 다음 "
            '`metrics = ecs.register_task_definition(**fixed)["taskDefinition"]`.',
        ),
    ),
    judge=_judge_metrics,
    explanation=T(
        "Host mode maps nothing: the container opens the host's port 9100 itself. Exposing it "
        "on another port would need bridge mode, which the exporter cannot use.",
        "host 모드는 아무것도 매핑하지 않습니다: 컨테이너가 호스트의 9100번 포트를 직접 "
        "엽니다. 다른 포트로 노출하려면 bridge 모드가 필요한데, exporter는 그 모드를 쓸 수 "
        "없습니다.",
    ),
)


def _ip(task: dict[str, Any]) -> str | None:
    for attachment in task.get("attachments", []):
        for detail in attachment.get("details", []):
            if detail.get("name") == "privateIPv4Address":
                return detail.get("value")
    return None


def _judge_vpc(v: Values) -> T | None:
    answer = v.vpc_run
    if not isinstance(answer, dict) or "tasks" not in answer:
        return T(
            "`vpc_run` should be the answer of `ecs.run_task(...)`: a dict with `tasks` and "
            "`failures`.",
            "`vpc_run`에는 `ecs.run_task(...)`의 응답 (`tasks`와 `failures`가 있는 dict) "
            "이 들어가야 합니다.",
        )
    if "RESOURCE:ENI" in _reasons(answer):
        placed = len(answer["tasks"])
        return T(
            f"ECS placed {placed} task(s) and answered RESOURCE:ENI for the others: every "
            "instance has used up its network interfaces (a t3.small has 3, one is its own, so "
            "2 awsvpc tasks). Add capacity first: "
            '`sim.launch_instances("vpc", count=1, instance_type="t3.small")`.',
            f"ECS가 태스크 {placed}개만 배치하고 나머지는 RESOURCE:ENI로 응답했습니다. 모든 "
            "인스턴스의 네트워크 인터페이스가 다 찼습니다 (t3.small은 3개, 하나는 자신의 것이라 "
            "awsvpc 태스크 2개). 먼저 용량을 늘리세요: "
            '`sim.launch_instances("vpc", count=1, instance_type="t3.small")`.',
        )
    running = [t for t in _tasks(v.ecs, "vpc", "api") if t["lastStatus"] == "RUNNING"]
    if len(running) < 4:
        return T(
            f"{len(running)} 'api' task(s) are RUNNING in cluster 'vpc'; the exercise asks for "
            "4 (one was there already). Run the missing ones with the lesson's "
            "`networkConfiguration=NETWORK`, then `sim.run_until_stable()`.",
            f"'vpc' 클러스터에서 RUNNING인 'api' 태스크는 {len(running)}개입니다. 4개여야 "
            "합니다 (하나는 이미 있음). 레슨의 `networkConfiguration=NETWORK`로 모자란 만큼 "
            "실행한 다음 `sim.run_until_stable()`.",
        )
    addresses = [_ip(t) for t in running]
    if None in addresses or len(set(addresses)) != len(addresses):
        return T(
            f"The running tasks' addresses are {addresses}: each awsvpc task should have its "
            "own ENI with a private IP address.",
            f"실행 중인 태스크의 주소가 {addresses} 입니다. awsvpc 태스크는 각자 프라이빗 IP "
            "주소가 있는 ENI를 가져야 합니다.",
        )
    return None


ex3 = Exercise(
    name="ex3",
    title=T("Four tasks, four addresses", "태스크 네 개, 주소 네 개"),
    reads=("vpc_run",),
    uses=("sim", "ecs", "NETWORK"),
    starter="vpc_run = ____\n",
    solution_code="""\
sim.launch_instances("vpc", count=1, instance_type="t3.small")
vpc_run = ecs.run_task(
    cluster="vpc", taskDefinition="api", count=3, networkConfiguration=NETWORK
)
sim.run_until_stable()
arns = [t["taskArn"] for t in vpc_run["tasks"]]
for task in ecs.describe_tasks(cluster="vpc", tasks=arns)["tasks"]:
    print(task["lastStatus"], task["attachments"][0]["details"])""",
    wrong=(
        Wrong(
            'vpc_run = ecs.run_task(cluster="vpc", taskDefinition="api", count=3, '
            "networkConfiguration=NETWORK)\n"
            "sim.run_until_stable()",
            T("RESOURCE:ENI", "RESOURCE:ENI"),
        ),
        Wrong(
            'sim.launch_instances("vpc", count=1, instance_type="t3.small")\n'
            'vpc_run = ecs.run_task(cluster="vpc", taskDefinition="api", count=2, '
            "networkConfiguration=NETWORK)\n"
            "sim.run_until_stable()",
            T("the exercise asks for 4", "4개여야"),
        ),
    ),
    hints=(
        T(
            "How many awsvpc tasks fit on one t3.small, and how many are needed? Add capacity "
            "with `sim.launch_instances(...)` before you run tasks.",
            "t3.small 하나에 awsvpc 태스크가 몇 개 들어가고, 몇 개가 필요한가요? 태스크를 "
            "실행하기 전에 `sim.launch_instances(...)`로 용량을 늘리세요.",
        ),
        T(
            'One more t3.small (`sim.launch_instances("vpc", count=1, instance_type='
            '"t3.small")`), then `vpc_run = ecs.run_task(cluster="vpc", taskDefinition="api", '
            "count=3, networkConfiguration=NETWORK)` and `sim.run_until_stable()`.",
            't3.small 하나를 더 띄우고 (`sim.launch_instances("vpc", count=1, instance_type='
            '"t3.small")`), `vpc_run = ecs.run_task(cluster="vpc", taskDefinition="api", '
            "count=3, networkConfiguration=NETWORK)`와 `sim.run_until_stable()`.",
        ),
    ),
    judge=_judge_vpc,
    explanation=T(
        "Each awsvpc task takes one ENI of its instance; without ENI trunking a t3.small "
        "holds 2. Real ECS can raise that limit with the awsvpcTrunking account setting on "
        "supported instance types.",
        "awsvpc 태스크는 인스턴스의 ENI를 하나씩 씁니다. ENI 트렁킹 없이 t3.small은 2개를 "
        "받습니다. 실제 ECS에서는 지원되는 인스턴스 타입에서 awsvpcTrunking 계정 설정으로 이 "
        "한도를 늘릴 수 있습니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("A static host port", "고정 호스트 포트"),
    question=T(
        "A `bridge` task definition maps container port 80 to `hostPort` 8080. You run two "
        "tasks of it in a cluster of one instance. What happens?",
        "컨테이너 포트 80을 `hostPort` 8080에 매핑한 `bridge` 태스크 디피니션이 있습니다. "
        "인스턴스가 한 대인 클러스터에서 이 태스크를 두 개 실행하면 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "One runs; the other is not placed (`RESOURCE:PORTS`)",
                "하나는 실행되고, 다른 하나는 배치되지 않는다(`RESOURCE:PORTS`)",
            ),
            T(
                "Right: a host port can be bound once per instance. Leave `hostPort` out (or "
                "0) to get a dynamic port, and any number of copies fit.",
                "맞습니다. 호스트 포트는 인스턴스마다 한 번만 바인딩할 수 있습니다. "
                "`hostPort`를 빼거나 0으로 두면 동적 포트를 받으므로 몇 개든 들어갑니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "Both run; Docker moves the second one to the next free host port, 8081",
                "둘 다 실행되고, Docker가 두 번째를 다음 빈 호스트 포트인 8081로 옮긴다",
            ),
            T(
                "A static host port is never changed for you: the task asked for 8080 "
                "exactly. Only `hostPort` 0 or none picks a free port.",
                "고정 호스트 포트는 알아서 바뀌지 않습니다. 태스크는 정확히 8080을 "
                "요청했습니다. 빈 포트를 고르는 것은 `hostPort`가 0이거나 없을 때뿐입니다.",
            ),
        ),
        Choice(
            T(
                "Both run and share port 8080",
                "둘 다 실행되고 8080 포트를 나눠 쓴다",
            ),
            T(
                "Two processes cannot bind the same port of one host: the scheduler knows "
                "8080 is taken and places only one task.",
                "한 호스트의 같은 포트에 두 프로세스가 바인딩할 수는 없습니다. 스케줄러는 "
                "8080이 사용 중임을 알고 태스크를 하나만 배치합니다.",
            ),
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("awsvpc mode", "awsvpc 모드"),
    question=T(
        "What does a task in `awsvpc` mode get, and what must `RunTask` be given for it?",
        "`awsvpc` 모드의 태스크는 무엇을 받고, 이를 위해 `RunTask`에 무엇을 주어야 할까요?",
    ),
    choices=(
        Choice(
            T(
                "The host's own network stack; nothing more",
                "호스트의 네트워크 스택. 더 줄 것은 없다",
            ),
            T(
                "That is `host` mode. In `awsvpc` mode the task has a network interface of "
                "its own, not the host's.",
                "그것은 `host` 모드입니다. `awsvpc` 모드의 태스크는 호스트의 것이 아닌 자기 "
                "네트워크 인터페이스를 갖습니다.",
            ),
        ),
        Choice(
            T(
                "An address on Docker's bridge network, inside the instance; nothing more",
                "인스턴스 안 Docker 브리지 네트워크의 주소. 더 줄 것은 없다",
            ),
            T(
                "That is `bridge` mode, reached through host ports. An `awsvpc` task has an "
                "address in your VPC.",
                "그것은 호스트 포트로 닿는 `bridge` 모드입니다. `awsvpc` 태스크는 VPC 안에 "
                "주소를 갖습니다.",
            ),
        ),
        Choice(
            T(
                "Its own ENI and private IP address; a `networkConfiguration` with subnets",
                "자기 ENI와 프라이빗 IP 주소. 서브넷을 담은 `networkConfiguration`",
            ),
            T(
                "Right: ECS creates an elastic network interface for each task in one of the "
                "subnets you give, so security groups apply to the task itself. Each ENI "
                "counts against the instance type's limit.",
                "맞습니다. ECS는 주어진 서브넷 가운데 하나에 태스크마다 탄력적 네트워크 "
                "인터페이스를 만들므로, 보안 그룹이 태스크 자체에 적용됩니다. ENI 하나하나가 "
                "인스턴스 유형의 한도에 들어갑니다.",
            ),
            correct=True,
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("Ports in host mode", "host 모드의 포트"),
    question=T(
        "A Prometheus exporter in `host` mode listens on port 9100. Which port mapping does "
        "ECS accept?",
        "`host` 모드의 Prometheus 익스포터가 9100 포트에서 요청을 받습니다. ECS는 어떤 포트 "
        "매핑을 받아들일까요?",
    ),
    choices=(
        Choice(
            T(
                "`containerPort` 9100 with `hostPort` 8080",
                "`containerPort` 9100과 `hostPort` 8080",
            ),
            T(
                "Nothing is mapped in `host` mode: the container uses the host's network "
                "directly, so the port it listens on *is* the host port.",
                "`host` 모드에서는 아무것도 매핑되지 않습니다. 컨테이너가 호스트의 "
                "네트워크를 직접 쓰므로, 컨테이너가 듣는 포트가 곧 호스트 포트입니다.",
            ),
        ),
        Choice(
            T(
                "`containerPort` 9100, with `hostPort` 9100 or left out",
                "`containerPort` 9100, `hostPort`는 9100이거나 생략",
            ),
            T(
                "Right: in `host` mode `hostPort` must equal `containerPort` or be left out. "
                "Two tasks using port 9100 therefore never share an instance.",
                "맞습니다. `host` 모드에서 `hostPort`는 `containerPort`와 같거나 생략해야 "
                "합니다. 그래서 9100 포트를 쓰는 태스크 두 개는 한 인스턴스에 함께 있을 수 "
                "없습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "None: in `host` mode a task definition may have no port mappings at all",
                "없음: `host` 모드의 태스크 디피니션에는 포트 매핑을 아예 쓸 수 없다",
            ),
            T(
                "That is `none` mode, which has no external network. `host` mode takes port "
                "mappings, as long as the host port is the container port.",
                "그것은 외부 네트워크가 없는 `none` 모드입니다. `host` 모드는 호스트 포트가 "
                "컨테이너 포트와 같기만 하면 포트 매핑을 받습니다.",
            ),
        ),
    ),
)
