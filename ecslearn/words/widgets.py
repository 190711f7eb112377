"""The widgets' words (`ecslearn.widgets`): labels, headings and their own messages.

What ECS says and takes (field names, values, JSON, the ``aws ecs`` command, errors, events)
is not here: it stays ECS's in every language."""

from __future__ import annotations

from ecslearn.words.language import Table

#: What the learner reads, in the lessons' two languages. ECS's field names and values
#: (REPLICA, distinctInstance, memberOf, binpack...), the JSON and the command line stay ECS's.
CONFIGURATOR: Table = {
    "en": {
        "field": "field",
        "earlier": "earlier in the chain",
        "later": "later in the chain",
        "remove": "remove this strategy",
        "scheduling": "Scheduling",
        "service_name": "Service name",
        "task_definition": "Task def.",
        "desired": "Desired",
        "add_strategy": "Add strategy",
        "minimum": "Min healthy %",
        "maximum": "Maximum %",
        "breaker": "Circuit breaker",
        "rollback": "Rollback on failure",
        "apply": "Apply",
        "strategies": "Placement strategies (in order)",
        "constraints": "Placement constraints",
        "deployment": "Deployment",
        "request": "Request (ECS JSON)",
        "cli": "AWS CLI",
        "applied": "{operation}: {service} runs {revision} (desired {desired})",
        "strategy_fixed": (
            "Service '{service}' is {current}, and a service's schedulingStrategy cannot change: "
            "UpdateService has no schedulingStrategy. Delete the service and create it again as "
            "{wanted}, or give the new one another name."
        ),
    },
    "ko": {
        "field": "필드",
        "earlier": "체인에서 앞으로",
        "later": "체인에서 뒤로",
        "remove": "이 배치 전략 삭제",
        "scheduling": "스케줄링",
        "service_name": "서비스 이름",
        "task_definition": "태스크 디피니션",
        "desired": "원하는 수",
        "add_strategy": "배치 전략 추가",
        "minimum": "최소 정상 %",
        "maximum": "최대 %",
        "breaker": "서킷 브레이커",
        "rollback": "실패 시 롤백",
        "apply": "적용",
        "strategies": "배치 전략 (순서대로)",
        "constraints": "배치 제약",
        "deployment": "배포",
        "request": "요청 (ECS JSON)",
        "cli": "AWS CLI",
        "applied": "{operation}: 서비스 {service:이/가} {revision} 실행(원하는 수 {desired})",
        "strategy_fixed": (
            "서비스 '{service}'의 schedulingStrategy는 {current}입니다. UpdateService에는 "
            "schedulingStrategy가 없으므로 바꿀 수 없습니다. 서비스를 삭제하고 "
            "{wanted:(으)로} 다시 만들거나, 새 서비스에 다른 이름을 주세요."
        ),
    },
}


#: What the learner reads, in the lessons' two languages. ECS's member names (dependsOn), its
#: values (HEALTHY, bridge...), the JSON and ECS's own errors stay as ECS writes them.
EDITOR: Table = {
    "en": {
        "name": "Name",
        "image": "Image",
        "cpu": "CPU units",
        "memory": "Memory MiB",
        "reservation": "Reserve MiB",
        "essential": "Essential",
        "ports": "Ports",
        "environment": "Env",
        "environment_hint": "KEY=value per line",
        "depends_on": "dependsOn",
        "health": "Health cmd",
        "remove": "Remove container",
        "family": "Family",
        "network": "Network",
        "add": "Add container",
        "register": "Register",
        "json_heading": "RegisterTaskDefinition (ECS JSON)",
        "bad_ports": "Container '{name}': ports '{ports}' are not like 80, 8080:80 or 53/udp.",
        "bad_environment": "Container '{name}': environment line '{line}' needs KEY=value.",
        "bad_health": "Container '{name}': the health check command is not a JSON list.",
        "bad_json": "The JSON cannot be read: {error}",
        "not_object": "the JSON must be an object",
        "registered": "Registered {name}",
    },
    "ko": {
        "name": "이름",
        "image": "이미지",
        "cpu": "CPU 유닛",
        "memory": "메모리 MiB",
        "reservation": "예약 MiB",
        "essential": "필수(essential)",
        "ports": "포트",
        "environment": "환경 변수",
        "environment_hint": "한 줄에 KEY=value 하나씩",
        "depends_on": "dependsOn",
        "health": "헬스 체크",
        "remove": "컨테이너 삭제",
        "family": "패밀리",
        "network": "네트워크 모드",
        "add": "컨테이너 추가",
        "register": "등록",
        "json_heading": "RegisterTaskDefinition (ECS JSON)",
        "bad_ports": (
            "컨테이너 '{name}': 포트 '{ports}': 80, 8080:80, 53/udp 같은 형식이어야 합니다."
        ),
        "bad_environment": (
            "컨테이너 '{name}': 환경 변수 줄 '{line}': KEY=value 형식이어야 합니다."
        ),
        "bad_health": "컨테이너 '{name}': 헬스 체크 명령이 JSON 리스트가 아닙니다.",
        "bad_json": "JSON을 읽을 수 없습니다: {error}",
        "not_object": "JSON은 객체여야 합니다",
        "registered": "{name} 등록됨",
    },
}


#: What the learner reads, in the lessons' two languages. ECS's values (DRAINING, ACTIVE...),
#: the choices' ids and ECS's errors stay as ECS writes them.
FAULTS: Table = {
    "en": {
        "task": "Task",
        "container": "Container",
        "kill": "Kill container",
        "instance": "Instance",
        "terminate": "Terminate",
        "disconnect": "Disconnect agent",
        "reconnect": "Reconnect agent",
        "drain": "Drain",
        "activate": "Activate",
        "service": "Service",
        "image": "Image",
        "deploy": "Deploy broken revision",
        "refresh": "Refresh lists",
        "container_dies": "A container dies",
        "instance_fails": "An instance fails or is taken out",
        "cannot_start": "A deployment that cannot start",
        "need_task": "Choose a running task first.",
        "need_container": "Choose a container first.",
        "need_instance": "Choose an instance first.",
        "need_service": "Choose a service first.",
        "killed": "Killed container {name} of task {task} (exit code 137)",
        "terminated": "Terminated the instance",
        "disconnected": "The agent disconnected",
        "reconnected": "The agent reconnected",
        "instance_now": "The instance is now {status}",
        "deploying": "Service {name} is deploying a revision with image {image}",
    },
    "ko": {
        "task": "태스크",
        "container": "컨테이너",
        "kill": "컨테이너 강제 종료",
        "instance": "컨테이너 인스턴스",
        "terminate": "인스턴스 종료",
        "disconnect": "에이전트 연결 끊기",
        "reconnect": "에이전트 다시 연결",
        "drain": "드레이닝",
        "activate": "활성화",
        "service": "서비스",
        "image": "이미지",
        "deploy": "시작할 수 없는 리비전 배포",
        "refresh": "목록 새로 고침",
        "container_dies": "컨테이너가 죽는다",
        "instance_fails": "컨테이너 인스턴스가 고장 나거나 빠진다",
        "cannot_start": "시작할 수 없는 배포",
        "need_task": "먼저 실행 중인 태스크를 고르세요.",
        "need_container": "먼저 컨테이너를 고르세요.",
        "need_instance": "먼저 컨테이너 인스턴스를 고르세요.",
        "need_service": "먼저 서비스를 고르세요.",
        "killed": "태스크 {task}의 컨테이너 {name:을/를} 강제 종료했습니다(종료 코드 137)",
        "terminated": "컨테이너 인스턴스를 종료했습니다",
        "disconnected": "에이전트 연결이 끊겼습니다",
        "reconnected": "에이전트가 다시 연결되었습니다",
        "instance_now": "컨테이너 인스턴스는 이제 {status} 상태입니다",
        "deploying": "서비스 {name:이/가} 이미지 {image}의 리비전을 배포하고 있습니다",
    },
}


#: What the learner reads, in the lessons' two languages. ECS's event messages (the log) and
#: the ids in the filters stay as ECS writes them. ``all`` is the filters' "everything" choice.
PLAYER: Table = {
    "en": {
        "speed": "Steps/tick",
        "step": "Step",
        "seconds": "Seconds",
        "advance": "Advance",
        "history": "History",
        "service": "Service",
        "task": "Task",
        "instance": "Instance",
        "all": "(all)",
        "time": "t={t}s · {state} · frame {frame}/{frames}",
        "live": "live",
        "past": "past (read-only)",
        "no_events": "(no events yet)",
        "counters": (
            "t={t}s · tasks running <b>{running}</b> · pending <b>{pending}</b> · "
            "services steady <b>{steady}/{services}</b>"
        ),
    },
    "ko": {
        "speed": "틱당 스텝",
        "step": "스텝",
        "seconds": "초",
        "advance": "진행",
        "history": "기록",
        "service": "서비스",
        "task": "태스크",
        "instance": "컨테이너 인스턴스",
        "all": "(전체)",
        "time": "t={t}s · {state} · 프레임 {frame}/{frames}",
        "live": "현재",
        "past": "과거 (읽기 전용)",
        "no_events": "(아직 이벤트 없음)",
        "counters": (
            "t={t}s · 실행 중인 태스크 <b>{running}</b> · 대기 중 <b>{pending}</b> · "
            "안정된 서비스 <b>{steady}/{services}</b>"
        ),
    },
}


#: The page's own words (tab titles, heading, what is simulated) in the lessons' two languages.
DASHBOARD: Table = {
    "en": {
        "service": "Service",
        "task_definition": "Task definition",
        "faults": "Faults",
        "heading": "ECS cluster '{cluster}'",
        "simulated": (
            "<small><b>Simulated:</b> the virtual clock, the EC2 instances and their agents. "
            "<b>Real:</b> the boto3 client, the ECS JSON and ECS's rules and errors. "
            "<b>Real ECS adds:</b> IAM, VPC networking, CloudWatch.</small>"
        ),
    },
    "ko": {
        "service": "서비스",
        "task_definition": "태스크 디피니션",
        "faults": "장애 주입",
        "heading": "ECS 클러스터 '{cluster}'",
        "simulated": (
            "<small><b>시뮬레이션:</b> 가상 시계, EC2 인스턴스와 그 에이전트. "
            "<b>실제 그대로:</b> boto3 클라이언트, ECS JSON, ECS의 규칙과 오류. "
            "<b>실제 ECS에는 더 있는 것:</b> IAM, VPC 네트워킹, CloudWatch.</small>"
        ),
    },
}
