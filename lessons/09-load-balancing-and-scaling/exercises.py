"""Lesson 9 · Load balancing and scaling: put a second service behind the load balancer with a
path rule (ELBv2 through boto3), let Application Auto Scaling track a service's memory, and
predict a target tracking scale-out (with ecslearn's approximation of its alarms)."""

from __future__ import annotations

import math
from typing import Any

from ecslearn.lessons.exercise import Exercise, Values, Wrong
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

DIMENSION = "ecs:service:DesiredCount"
MEMORY = "ECSServiceAverageMemoryUtilization"


# What the narrative (lesson.py) creates and these checks and solutions rely on: each is a
# string literal in the narrative's code (tests/lessons/test_exercises.py fails on a rename).
FROM_THE_NARRATIVE: tuple[str, ...] = ("shop", "cart")


def _service(ecs: Any, name: str) -> dict[str, Any] | None:
    found = ecs.describe_services(cluster="shop", services=[name])["services"]
    return found[0] if found and found[0]["status"] == "ACTIVE" else None


def _forwards_to(action: dict[str, Any]) -> list[str]:
    """The target group ARNs a rule's action forwards to (either of ELB's two spellings)."""
    if action.get("Type") != "forward":
        return []
    groups = (action.get("ForwardConfig") or {}).get("TargetGroups") or []
    return [g["TargetGroupArn"] for g in groups] or [action.get("TargetGroupArn", "")]


def _paths(rule: dict[str, Any]) -> list[str]:
    return [
        value
        for condition in rule.get("Conditions") or []
        if condition.get("Field") == "path-pattern"
        for value in condition.get("Values")
        or (condition.get("PathPatternConfig") or {}).get("Values")
        or []
    ]


def _judge_rule(v: Values, group: str) -> T | None:
    rules = v.elbv2.describe_rules(ListenerArn=v.http_listener)["Rules"]
    mine = [r for r in rules if any(group in _forwards_to(a) for a in r["Actions"])]
    if not mine:
        return T(
            "No rule of `http_listener` forwards to your target group yet, so no request can "
            "reach it: `elbv2.create_rule(ListenerArn=http_listener, Priority=10, "
            'Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}], '
            'Actions=[{"Type": "forward", "TargetGroupArn": api_group}])`.',
            "`http_listener`에 대상 그룹으로 보내는 규칙이 아직 없어서 어떤 요청도 닿을 수 "
            "없습니다: `elbv2.create_rule(ListenerArn=http_listener, Priority=10, "
            'Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}], '
            'Actions=[{"Type": "forward", "TargetGroupArn": api_group}])`을 호출하세요.',
        )
    if all(r["IsDefault"] for r in mine):
        return T(
            "You changed the listener's default action: now every path goes to `api`. Leave "
            "the default with `web` and add a rule with the condition path-pattern '/api/*'.",
            "리스너의 기본 동작을 바꿨습니다. 이제 모든 경로가 `api`로 갑니다. 기본 동작은 "
            "`web`으로 두고 path-pattern '/api/*' 조건의 규칙을 추가하세요.",
        )
    paths = [p for r in mine for p in _paths(r)]
    if "/api/*" not in paths:
        return T(
            f"Your rule forwards to `api` for the paths {paths or 'of any request'}; the "
            "exercise asks for the condition path-pattern '/api/*'.",
            f"규칙이 {paths or '모든 요청의'} 경로를 `api`로 보냅니다. path-pattern "
            "'/api/*' 조건이어야 합니다.",
        )
    return None


def _judge_api(v: Values) -> T | None:
    group = v.api_group
    if not isinstance(group, str) or ":targetgroup/api/" not in group:
        return T(
            "`api_group` should be the ARN of the target group `api`: "
            '`elbv2.create_target_group(Name="api", ...)["TargetGroups"][0]["TargetGroupArn"]` '
            "(it contains ':targetgroup/api/').",
            "`api_group`에는 대상 그룹 `api`의 ARN, 즉 "
            '`elbv2.create_target_group(Name="api", ...)["TargetGroups"][0]["TargetGroupArn"]`'
            "(':targetgroup/api/'가 들어 있음)가 들어가야 합니다.",
        )
    wrong_rule = _judge_rule(v, group)
    if wrong_rule is not None:
        return wrong_rule
    service = _service(v.ecs, "api")
    if service is None:
        return T(
            "Cluster 'shop' has no ACTIVE service 'api' yet: create it with "
            '`ecs.create_service(cluster="shop", serviceName="api", taskDefinition="api", '
            "desiredCount=2, loadBalancers=[...])`.",
            "'shop' 클러스터에 ACTIVE 상태의 'api' 서비스가 아직 없습니다: "
            '`ecs.create_service(cluster="shop", serviceName="api", taskDefinition="api", '
            "desiredCount=2, loadBalancers=[...])`로 만드세요.",
        )
    balancers = service.get("loadBalancers") or []
    if not [b for b in balancers if b.get("targetGroupArn") == group]:
        return T(
            "Service 'api' has no load balancer with your target group: its `loadBalancers` "
            f"is {balancers!r}. ECS registers tasks only in the target groups a service names: "
            'pass `loadBalancers=[{"targetGroupArn": api_group, "containerName": "api", '
            '"containerPort": 8080}]`.',
            "'api' 서비스에 여러분의 대상 그룹이 연결되어 있지 않습니다: `loadBalancers`가 "
            f"{balancers!r}입니다. ECS는 서비스가 지정한 대상 그룹에만 태스크를 등록합니다: "
            '`loadBalancers=[{"targetGroupArn": api_group, "containerName": "api", '
            '"containerPort": 8080}]`을 넘기세요.',
        )
    if service["desiredCount"] != 2:
        return T(
            f"Service 'api' wants {service['desiredCount']} task(s); the exercise asks for 2.",
            f"'api' 서비스의 desiredCount가 {service['desiredCount']}입니다. 2개여야 합니다.",
        )
    found = v.elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    states = [d["TargetHealth"]["State"] for d in found]
    healthy = states.count("healthy")
    if healthy < 2:
        return T(
            f"The target group 'api' has {healthy} healthy target(s) ({states or 'none'}). "
            "Targets start 'initial' and turn healthy after a health check passes: move the "
            "clock with `sim.run_until_stable()`.",
            f"대상 그룹 'api'의 healthy 대상이 {healthy}개입니다({states or '없음'}). "
            "대상은 'initial'로 시작해 헬스 체크를 통과해야 healthy가 됩니다: "
            "`sim.run_until_stable()`로 시계를 움직이세요.",
        )
    return None


_API_GROUP = """\
api_group = elbv2.create_target_group(
    Name="api",
    Protocol="HTTP",
    Port=8080,
    VpcId=vpc_id,
    TargetType="instance",
    HealthCheckPath="/",
    HealthCheckIntervalSeconds=10,
    HealthyThresholdCount=2,
)["TargetGroups"][0]["TargetGroupArn"]
"""
_API_RULE = """\
elbv2.create_rule(
    ListenerArn=http_listener,
    Priority=10,
    Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
    Actions=[{"Type": "forward", "TargetGroupArn": api_group}],
)
"""
_API_SERVICE = """\
ecs.create_service(
    cluster="shop",
    serviceName="api",
    taskDefinition="api",
    desiredCount=2,
    loadBalancers=[{"targetGroupArn": api_group, "containerName": "api", "containerPort": 8080}],
)
"""

ex1 = Exercise(
    name="ex1",
    title=T(
        "A second service behind the same load balancer, at /api/*",
        "같은 로드 밸런서의 /api/* 뒤에 두 번째 서비스 두기",
    ),
    reads=("api_group",),
    uses=("sim", "ecs", "elbv2", "vpc_id", "http_listener", "alb"),
    starter="api_group = ____\n",
    solution_code=_API_GROUP
    + _API_RULE
    + _API_SERVICE
    + """\
sim.run_until_stable()
for served in sim.send_requests(f"http://{alb['DNSName']}/api/orders", 2):
    print(served)
elbv2.describe_target_health(TargetGroupArn=api_group)["TargetHealthDescriptions"]""",
    wrong=(
        Wrong(
            _API_GROUP + _API_SERVICE + "sim.run_until_stable()",
            T("No rule of `http_listener` forwards", "대상 그룹으로 보내는 규칙이 아직 없어서"),
        ),
        Wrong(
            _API_GROUP
            + _API_RULE
            + 'ecs.create_service(cluster="shop", serviceName="api", taskDefinition="api", '
            "desiredCount=2)\n"
            "sim.run_until_stable()",
            T("no load balancer with your target group", "대상 그룹이 연결되어 있지 않습니다"),
        ),
        Wrong(
            _API_GROUP + _API_RULE + _API_SERVICE,
            T("sim.run_until_stable()", "sim.run_until_stable()"),
        ),
    ),
    hints=(
        T(
            "Four calls: `elbv2.create_target_group(...)` (the ARN is in "
            '`["TargetGroups"][0]["TargetGroupArn"]`), `elbv2.create_rule(...)` on '
            "`http_listener`, `ecs.create_service(...)` with `loadBalancers`, and "
            "`sim.run_until_stable()`.",
            "네 번 호출합니다: `elbv2.create_target_group(...)`(ARN은 "
            '`["TargetGroups"][0]["TargetGroupArn"]`에 있음), `http_listener`에 '
            "`elbv2.create_rule(...)`, `loadBalancers`를 넣은 `ecs.create_service(...)`, "
            "그리고 `sim.run_until_stable()`.",
        ),
        T(
            'The rule: `Priority=10, Conditions=[{"Field": "path-pattern", "Values": '
            '["/api/*"]}], Actions=[{"Type": "forward", "TargetGroupArn": api_group}]`. The '
            'service: `loadBalancers=[{"targetGroupArn": api_group, "containerName": "api", '
            '"containerPort": 8080}]`: the container and the *container* port, not a host port.',
            '규칙: `Priority=10, Conditions=[{"Field": "path-pattern", "Values": '
            '["/api/*"]}], Actions=[{"Type": "forward", "TargetGroupArn": api_group}]`. '
            '서비스: `loadBalancers=[{"targetGroupArn": api_group, "containerName": "api", '
            '"containerPort": 8080}]`. 호스트 포트가 아니라 컨테이너와 *컨테이너* 포트입니다.',
        ),
    ),
    judge=_judge_api,
    explanation=T(
        "The listener's rules pick a target group by path (priority 10 is checked before the "
        "default action); the service names the target group, the container and its container "
        "port, and ECS registers each task's instance ID + the host port Docker bound.",
        "리스너의 규칙이 경로로 대상 그룹을 고릅니다(우선순위 10이 기본 동작보다 먼저 "
        "검사됩니다). 서비스는 대상 그룹, 컨테이너, 컨테이너 포트를 지정하고, ECS는 태스크마다 "
        "인스턴스 ID + Docker가 바인딩한 호스트 포트를 등록합니다.",
    ),
)


def _judge_cart(v: Values) -> T | None:
    aas = v.sim.client("application-autoscaling")
    resource = "service/shop/cart"
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])[
        "ScalableTargets"
    ]
    if not targets:
        return T(
            "Service 'cart' is not a scalable target: call `aas.register_scalable_target(...)` "
            f'with ServiceNamespace="ecs", ResourceId="{resource}", ScalableDimension='
            f'"{DIMENSION}", MinCapacity and MaxCapacity.',
            "'cart' 서비스가 스케일링 대상이 아닙니다: ServiceNamespace=\"ecs\", "
            f'ResourceId="{resource}", ScalableDimension="{DIMENSION}", MinCapacity, '
            "MaxCapacity로 `aas.register_scalable_target(...)`를 호출하세요.",
        )
    target = targets[0]
    low, high = target["MinCapacity"], target["MaxCapacity"]
    if (low, high) != (1, 8):
        return T(
            f"The scalable target lets 'cart' move between {low} and {high} tasks; the "
            "exercise asks for MinCapacity 1 and MaxCapacity 8. Registering again changes it.",
            f"스케일링 대상이 'cart'를 {low}~{high}개 사이로 움직이게 합니다. MinCapacity "
            "1, MaxCapacity 8이어야 합니다. 다시 등록하면 바뀝니다.",
        )
    policies = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)[
        "ScalingPolicies"
    ]
    if not policies:
        return T(
            "The scalable target is right, but it has no scaling policy, so nothing will ever "
            "scale it. Add one with `aas.put_scaling_policy(..., "
            'PolicyType="TargetTrackingScaling", '
            "TargetTrackingScalingPolicyConfiguration={...})`.",
            "스케일링 대상은 맞지만 정책이 없어서 아무것도 스케일하지 않습니다. "
            '`aas.put_scaling_policy(..., PolicyType="TargetTrackingScaling", '
            "TargetTrackingScalingPolicyConfiguration={...})`로 추가하세요.",
        )
    configs = [p["TargetTrackingScalingPolicyConfiguration"] for p in policies]
    metrics = [c["PredefinedMetricSpecification"]["PredefinedMetricType"] for c in configs]
    if MEMORY not in metrics:
        return T(
            f"The policy tracks {', '.join(metrics)}; the exercise asks for the average "
            f"memory utilisation: PredefinedMetricType {MEMORY!r}.",
            f"정책이 추적하는 지표: {', '.join(metrics)}. 연습 문제는 평균 메모리 사용률을 "
            f"추적하라고 합니다: PredefinedMetricType {MEMORY!r}.",
        )
    config = configs[metrics.index(MEMORY)]
    if float(config["TargetValue"]) != 70.0:
        return T(
            f"The memory policy's TargetValue is {config['TargetValue']}; the exercise asks "
            "for 70 (percent).",
            f"메모리 정책의 TargetValue가 {config['TargetValue']}입니다. 70(퍼센트)이어야 합니다.",
        )
    answer = v.cart_policy
    if not isinstance(answer, dict) or "PolicyARN" not in answer:
        return T(
            "The scaling is set up; keep the answer of `aas.put_scaling_policy(...)` (with its "
            "PolicyARN and Alarms) in `cart_policy`.",
            "스케일링 설정은 맞습니다. `aas.put_scaling_policy(...)`의 응답(PolicyARN과 "
            "Alarms 포함)을 `cart_policy`에 담으세요.",
        )
    return None


ex2 = Exercise(
    name="ex2",
    title=T("A scalable target and a policy", "스케일링 대상과 정책"),
    reads=("cart_policy",),
    starter="cart_policy = ____\n",
    solution_code="""\
CART = {
    "ServiceNamespace": "ecs",
    "ResourceId": "service/shop/cart",
    "ScalableDimension": "ecs:service:DesiredCount",
}
aas.register_scalable_target(**CART, MinCapacity=1, MaxCapacity=8)
cart_policy = aas.put_scaling_policy(
    PolicyName="cart-memory-70",
    **CART,
    PolicyType="TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration={
        "TargetValue": 70.0,
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ECSServiceAverageMemoryUtilization"
        },
    },
)
cart_policy["PolicyARN"]""",
    wrong=(
        Wrong(
            'CART = {"ServiceNamespace": "ecs", "ResourceId": "service/shop/cart", '
            '"ScalableDimension": "ecs:service:DesiredCount"}\n'
            "aas.register_scalable_target(**CART, MinCapacity=1, MaxCapacity=8)\n"
            'cart_policy = aas.put_scaling_policy(PolicyName="cart-cpu-70", **CART, '
            'PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration='
            '{"TargetValue": 70.0, "PredefinedMetricSpecification": '
            '{"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})',
            T("ECSServiceAverageMemoryUtilization", "ECSServiceAverageMemoryUtilization"),
        ),
        Wrong(
            'CART = {"ServiceNamespace": "ecs", "ResourceId": "service/shop/cart", '
            '"ScalableDimension": "ecs:service:DesiredCount"}\n'
            "cart_policy = aas.register_scalable_target(**CART, MinCapacity=1, MaxCapacity=8)",
            T("no scaling policy", "정책이 없어서"),
        ),
    ),
    hints=(
        T(
            "Two calls on `aas`, both with ServiceNamespace, ResourceId "
            '("service/shop/cart") and ScalableDimension: `register_scalable_target` (the '
            "range), then `put_scaling_policy` (the target tracking).",
            "`aas`로 두 번 호출합니다. 둘 다 ServiceNamespace, ResourceId "
            '("service/shop/cart"), ScalableDimension을 넘깁니다: `register_scalable_target` '
            "(범위), 그다음 `put_scaling_policy`(대상 추적).",
        ),
        T(
            'Copy the lesson\'s `web-cpu-50` policy, change "TargetValue" to 70.0 and the '
            'metric to "ECSServiceAverageMemoryUtilization"; MinCapacity=1, MaxCapacity=8.',
            '레슨의 `web-cpu-50` 정책을 복사해 "TargetValue"를 70.0, 지표를 '
            '"ECSServiceAverageMemoryUtilization"으로 바꾸세요. MinCapacity=1, MaxCapacity=8.',
        ),
    ),
    judge=_judge_cart,
    uses=("sim", "ecs", "aas"),
    explanation=T(
        "The scalable target is the range, the policy is the rule: without a policy nothing "
        "scales, and a policy cannot exist without a registered target.",
        "스케일링 대상은 범위이고 정책은 규칙입니다. 정책이 없으면 아무것도 스케일되지 않고, "
        "등록된 대상 없이는 정책을 만들 수 없습니다.",
    ),
)

RUNNING, TARGET, LOAD, LOW, HIGH = 3, 50.0, 80.0, 2, 10


def _judge_prediction(v: Values) -> T | None:
    guess = v.prediction
    if isinstance(guess, bool) or not isinstance(guess, (int, float)):
        return T(
            f"`prediction` should be a number of tasks, not {guess!r}.",
            f"`prediction`은 태스크 개수(숫자)여야 합니다. 지금은 {guess!r}입니다.",
        )
    truth = max(LOW, min(HIGH, math.ceil(RUNNING * LOAD / TARGET)))
    if guess == truth:
        return None
    exact = RUNNING * LOAD / TARGET
    if guess == math.floor(exact):
        return T(
            f"{RUNNING} × {LOAD:g} ÷ {TARGET:g} = {exact:g} tasks' worth of work, and target "
            "tracking rounds **up**: rounding down would leave the average above the target.",
            f"{RUNNING} × {LOAD:g} ÷ {TARGET:g} = {exact:g} 태스크 분량이고, 대상 추적은 "
            "**올림**합니다. 내림하면 평균이 목표보다 높게 남습니다.",
        )
    if guess == RUNNING:
        return T(
            "In ecslearn's approximation of AWS's alarms, the high alarm needs 3 one-minute "
            "datapoints above the target; after 4 minutes it has fired and the service has "
            "scaled out.",
            "ecslearn이 AWS의 경보를 근사한 방식에서는 상한 경보에 목표를 넘는 1분 데이터 "
            "포인트 3개가 필요합니다. 4분 뒤에는 경보가 울려 서비스가 확장되었습니다.",
        )
    if guess == HIGH:
        return T(
            "Target tracking does not jump to MaxCapacity: it asks for just enough tasks to "
            "bring the metric back to the target, ceil(running × metric ÷ target).",
            "대상 추적은 MaxCapacity로 뛰지 않습니다: 지표를 목표로 되돌릴 만큼만, "
            "ceil(실행 중 × 지표 ÷ 목표)개를 요청합니다.",
        )
    return T(
        f"{guess!r} is not it. Use ceil(running tasks × metric ÷ target), then keep it "
        "between MinCapacity and MaxCapacity.",
        f"{guess!r}: 아닙니다. ceil(실행 중 태스크 수 × 지표 ÷ 목표)를 계산하고 "
        "MinCapacity와 MaxCapacity 사이로 맞추세요.",
    )


ex3 = Exercise(
    name="ex3",
    title=T("Predict the scale-out", "확장 예측"),
    reads=("prediction",),
    uses=(),
    starter="prediction = ____  # a number of tasks\n",
    solution_code="prediction = 5  # ceil(3 x 80 / 50) = ceil(4.8)",
    wrong=(
        Wrong("prediction = 4", T("rounds **up**", "**올림**")),
        Wrong("prediction = 10", T("does not jump to MaxCapacity", "MaxCapacity로 뛰지 않습니다")),
    ),
    hints=(
        T(
            "After 4 minutes the high alarm (in ecslearn: 3 datapoints above 50 %) has fired "
            "once. How many tasks bring 3 tasks' worth of 80 % back to 50 %?",
            "4분 뒤에는 상한 경보(ecslearn에서는 50 % 초과 데이터 포인트 3개)가 한 번 "
            "울렸습니다. 80 %인 태스크 3개 분량을 50 %로 되돌리려면 태스크가 몇 개 필요할까요?",
        ),
        T(
            "ceil(3 × 80 ÷ 50) = ceil(4.8), within MinCapacity 2 and MaxCapacity 10.",
            "ceil(3 × 80 ÷ 50) = ceil(4.8), MinCapacity 2와 MaxCapacity 10 사이.",
        ),
    ),
    judge=_judge_prediction,
    explanation=T(
        "3 tasks at 80 % are 2.4 tasks of work; at 50 % each that needs 4.8 tasks, so 5. With "
        "5 tasks the average settles at 48 %.",
        "80 %인 태스크 3개는 2.4 태스크 분량입니다. 각 50 %로는 4.8개가 필요하므로 5개. "
        "5개면 평균이 48 %가 됩니다.",
    ),
)

# -- the quiz: concept questions (the generator's `# %% quiz q1` cells) ---------------------------
q1 = Quiz(
    name="q1",
    title=T("Scaling in behind a load balancer", "로드 밸런서 뒤에서 규모 줄이기"),
    question=T(
        "Service `web`, behind a target group, is scaled in from 4 tasks to 2. What happens to "
        "the two tasks ECS picks to stop?",
        "대상 그룹 뒤에 있는 서비스 `web`의 태스크를 4개에서 2개로 줄입니다. ECS가 중지하려고 "
        "고른 태스크 두 개는 어떻게 될까요?",
    ),
    choices=(
        Choice(
            T(
                "They stop at once; requests in flight to them fail",
                "즉시 중지되고, 그 태스크로 가던 요청은 실패한다",
            ),
            T(
                "ECS does not cut them off: it first takes them out of the target group and "
                "lets requests in flight finish.",
                "ECS는 태스크를 바로 끊지 않습니다. 먼저 대상 그룹에서 빼고, 처리 중인 요청이 "
                "끝나도록 둡니다.",
            ),
        ),
        Choice(
            T(
                "They leave the target group but keep running, without traffic, until you stop "
                "them "
                "yourself with StopTask",
                "대상 그룹에서 빠지지만, 직접 StopTask로 중지할 때까지 트래픽 없이 계속 실행된다",
            ),
            T(
                "You do not have to stop anything: ECS stops them itself once the "
                "deregistration delay is over.",
                "직접 중지할 필요가 없습니다. 등록 해제 지연이 지나면 ECS가 스스로 중지합니다.",
            ),
        ),
        Choice(
            T(
                "ECS deregisters their targets, which drain; after the deregistration delay it "
                "stops the tasks",
                "ECS가 대상을 등록 해제하고 대상은 드레이닝된다. 등록 해제 지연이 지나면 "
                "태스크를 중지한다",
            ),
            T(
                "Right: the tasks are DEACTIVATING while their targets are `draining`: new "
                "requests go to the tasks that stay, requests in flight may finish. Then ECS "
                "stops the containers.",
                "맞습니다. 대상이 `draining`인 동안 태스크는 DEACTIVATING입니다. 새 요청은 "
                "남는 태스크로 가고, 처리 중인 요청은 끝날 수 있습니다. 그다음 ECS가 "
                "컨테이너를 중지합니다.",
            ),
            correct=True,
        ),
    ),
)

q2 = Quiz(
    name="q2",
    title=T("Who changes desiredCount", "desiredCount를 바꾸는 주체"),
    question=T(
        "A REPLICA service's tasks run at 90 % CPU for an hour. Who raises its `desiredCount`?",
        "REPLICA 서비스의 태스크가 한 시간 동안 CPU 90%로 실행됩니다. 누가 이 서비스의 "
        "`desiredCount`를 올릴까요?",
    ),
    choices=(
        Choice(
            T(
                "Application Auto Scaling, if a scaling policy was put on the service's "
                "scalable target",
                "서비스의 확장 가능한 대상에 스케일링 정책을 두었다면, Application Auto "
                "Scaling이 올린다",
            ),
            T(
                "Right: Service Auto Scaling is Application Auto Scaling acting on "
                "`ecs:service:DesiredCount`, between `MinCapacity` and `MaxCapacity`. Without "
                "a policy, nothing changes the count.",
                "맞습니다. Service Auto Scaling은 Application Auto Scaling이 "
                "`ecs:service:DesiredCount`를 `MinCapacity`와 `MaxCapacity` 사이에서 바꾸는 "
                "것입니다. 정책이 없으면 개수를 바꾸는 것은 아무것도 없습니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "The ECS service scheduler, on its own",
                "ECS 서비스 스케줄러가 스스로 올린다",
            ),
            T(
                "The service scheduler keeps `desiredCount` tasks running; it never changes "
                "that number of a REPLICA service by itself.",
                "서비스 스케줄러는 `desiredCount`만큼의 태스크를 유지할 뿐, REPLICA 서비스의 "
                "그 숫자를 스스로 바꾸지 않습니다.",
            ),
        ),
        Choice(
            T(
                "The Application Load Balancer, which sees the requests pile up",
                "요청이 쌓이는 것을 보는 Application Load Balancer가 올린다",
            ),
            T(
                "A load balancer only sends each request to a healthy target; it starts no "
                "tasks and changes no service.",
                "로드 밸런서는 요청을 정상 대상으로 보낼 뿐, 태스크를 시작하거나 서비스를 "
                "바꾸지 않습니다.",
            ),
        ),
    ),
)

q3 = Quiz(
    name="q3",
    title=T("A bridge task's target", "bridge 태스크의 대상"),
    question=T(
        "A task in `bridge` mode with `hostPort` 0 starts in a service with `loadBalancers`, "
        "and its target group has target type `instance`. What does ECS register as its "
        "target?",
        "`hostPort`가 0인 `bridge` 모드 태스크가 `loadBalancers`가 있는 서비스에서 "
        "시작됩니다. 대상 그룹의 대상 유형은 `instance`입니다. ECS는 무엇을 대상으로 "
        "등록할까요?",
    ),
    choices=(
        Choice(
            T(
                "The instance ID and port 80, the container port",
                "인스턴스 ID와 컨테이너 포트인 80번 포트",
            ),
            T(
                "Port 80 is the container's port inside Docker's network. From outside, the "
                "task is reached on the host port Docker chose for it.",
                "80번은 Docker 네트워크 안에서 쓰는 컨테이너 포트입니다. 밖에서는 Docker가 "
                "골라 준 호스트 포트로 태스크에 닿습니다.",
            ),
        ),
        Choice(
            T(
                "The instance ID and the dynamic host port the task got",
                "인스턴스 ID와 태스크가 받은 동적 호스트 포트",
            ),
            T(
                "Right: several tasks can share one instance, each on its own host port, so a "
                "target is instance + port. ECS registers it while the task is ACTIVATING.",
                "맞습니다. 한 인스턴스에 태스크 여러 개가 각자의 호스트 포트로 있을 수 "
                "있으므로, 대상은 인스턴스 + 포트입니다. ECS는 태스크가 ACTIVATING인 동안 "
                "대상을 등록합니다.",
            ),
            correct=True,
        ),
        Choice(
            T(
                "The task's own private IP address in the VPC, with the container port",
                "VPC 안에 있는 태스크 자신의 프라이빗 IP 주소와 컨테이너 포트",
            ),
            T(
                "A bridge task has no address of its own in the VPC: only an `awsvpc` task "
                "does (its own ENI), and then the target type is `ip`.",
                "bridge 태스크에는 VPC 안의 자기 주소가 없습니다. 자기 ENI를 갖는 `awsvpc` "
                "태스크만 그렇고, 그때 대상 유형은 `ip`입니다.",
            ),
        ),
    ),
)
