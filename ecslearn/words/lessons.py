"""The lesson panels' words (`ecslearn.lessons.panels`, `ecslearn.lessons.exercise`): what is
simulated and what is real, who refused a request, and an exercise's verdicts and titles.

A lesson names the `SIMULATED`, `REAL` and `ADDS` lines it shows by their keys
(``simulated_vs_real(simulated=("control_plane", "clock"))``); lines of its own are `T`s.
"""

from __future__ import annotations

from ecslearn.words.language import Table

#: What ecslearn simulates. A lesson names the ones it uses.
SIMULATED: Table = {
    "en": {
        "control_plane": "the ECS control plane: API and scheduler, answered inside this notebook",
        "instances": (
            "EC2 instances and their ECS agents (CPU and memory from real instance types)"
        ),
        "containers": "containers: nothing really runs; the simulated agent reports their states",
        "clock": (
            "time: a virtual clock that moves only when you ask, seeded so every run is the same"
        ),
        "zones": ("availability zones: names only (us-east-1a, b, c), no data centres behind them"),
        "load_balancer": (
            "the Application Load Balancer: target groups, health checks, draining and requests"
        ),
        "autoscaling": (
            "Application Auto Scaling and its CloudWatch alarms; "
            "the load is what `sim.set_load` says"
        ),
        "network": (
            "networking: host ports, ENIs and private IP addresses are bookkeeping, no packets move"
        ),
        "ec2_autoscaling": (
            "EC2 Auto Scaling groups, launch templates and the AMI's SSM parameter; the instances "
            "they launch boot on the virtual clock"
        ),
        "fargate": (
            "Fargate and Fargate Spot: no machine behind a task, its ENI and private IP are "
            "bookkeeping, and Spot is interrupted only when `sim.interrupt_spot` says so"
        ),
    },
    "ko": {
        "control_plane": "ECS 컨트롤 플레인: API와 스케줄러를 이 노트북 안에서 응답",
        "instances": "EC2 인스턴스와 ECS 에이전트 (CPU와 메모리는 실제 인스턴스 타입 값)",
        "containers": "컨테이너: 실제로 실행되지는 않고, 시뮬레이션 에이전트가 상태를 보고",
        "clock": "시간: 요청할 때만 움직이는 가상 시계, 시드 덕분에 매번 같은 결과",
        "zones": "가용 영역: 이름만 있음 (us-east-1a, b, c), 실제 데이터 센터는 없음",
        "load_balancer": "Application Load Balancer: 대상 그룹, 헬스 체크, 드레이닝, 요청",
        "autoscaling": (
            "Application Auto Scaling과 CloudWatch 경보; 부하는 `sim.set_load`로 정한 값"
        ),
        "network": "네트워킹: 호스트 포트, ENI, 프라이빗 IP 주소는 기록일 뿐, 패킷은 오가지 않음",
        "ec2_autoscaling": (
            "EC2 Auto Scaling 그룹, 시작 템플릿, AMI의 SSM 파라미터; 그룹이 띄운 인스턴스는 "
            "가상 시계에 따라 부팅"
        ),
        "fargate": (
            "Fargate와 Fargate Spot: 태스크 뒤에 머신은 없고, ENI와 프라이빗 IP는 기록일 뿐이며, "
            "Spot 중단은 `sim.interrupt_spot`을 호출할 때만 일어남"
        ),
    },
}

#: What is the real thing.
REAL: Table = {
    "en": {
        "boto3": "the boto3 ECS client, with its parameter checks and exceptions",
        "json": "the ECS JSON of every request and answer",
        "rules": "ECS's rules, error names and messages",
    },
    "ko": {
        "boto3": "boto3 ECS 클라이언트 (파라미터 검사와 예외 포함)",
        "json": "모든 요청과 응답의 ECS JSON",
        "rules": "ECS의 규칙, 오류 이름과 메시지",
    },
}

#: What real ECS adds that a laptop cannot.
ADDS: Table = {
    "en": {
        "iam": "IAM permissions",
        "vpc": "VPC networking",
        "cloudwatch": "CloudWatch logs and metrics",
        "ec2": "real EC2 machines you launch (and pay for)",
        "bill": "a bill",
    },
    "ko": {
        "iam": "IAM 권한",
        "vpc": "VPC 네트워킹",
        "cloudwatch": "CloudWatch 로그와 지표",
        "ec2": "직접 띄우는 실제 EC2 머신 (요금 발생)",
        "bill": "요금 청구서",
    },
}

#: The panels' headings, and who refused a request (`ecs_error`; ``{service}`` is ECS, ECR...).
PANELS: Table = {
    "en": {
        "title": "What is simulated, what is real",
        "simulated": "Simulated",
        "real": "Real",
        "adds": "Real ECS adds",
        "boto3_refused": "boto3 refused the request before sending it (its parameter check)",
        "refused": "{service} refused the request",
    },
    "ko": {
        "title": "무엇이 시뮬레이션이고 무엇이 실제인가",
        "simulated": "시뮬레이션",
        "real": "실제",
        "adds": "실제 ECS에는 더해지는 것",
        "boto3_refused": "boto3가 요청을 보내기 전에 거부했습니다 (파라미터 검사)",
        "refused": "{service:이/가} 요청을 거부했습니다",
    },
}

#: An exercise's verdicts (`Result`) and the titles of its hints and solution.
EXERCISES: Table = {
    "en": {
        "correct": "Correct ✓",
        "incorrect": "Incorrect ✗",
        "not_attempted": "Not attempted yet",
        "hint": "Hint",
        "hint_numbered": "Hint {index} of {count}",
        "solution": "Solution",
    },
    "ko": {
        "correct": "정답 ✓",
        "incorrect": "오답 ✗",
        "not_attempted": "아직 풀지 않음",
        "hint": "힌트",
        "hint_numbered": "힌트 {index}/{count}",
        "solution": "풀이",
    },
}
