"""The words of `Simulation.logs`, the lessons' one-line reader of a task's container logs, in
the lessons' two languages. The log lines themselves are the containers' own output and are
never translated."""

from __future__ import annotations

from ecslearn.words.language import Table

CONTAINER_LOGS: Table = {
    "en": {
        "no_task": "No task {task} in this simulation (give its ARN or its ID).",
        "no_container": "Task {task} has no container {container}; it has {names}.",
        "no_awslogs": (
            "No container of task {task} ({names}) logs to CloudWatch Logs: give it a "
            'logConfiguration with "logDriver": "awslogs".'
        ),
        "not_awslogs": (
            "Container {container} of task {task} does not log to CloudWatch Logs: give it a "
            'logConfiguration with "logDriver": "awslogs".'
        ),
    },
    "ko": {
        "no_task": "이 시뮬레이션에 없는 태스크입니다: {task} (ARN이나 ID를 주세요).",
        "no_container": "태스크 {task}에 없는 컨테이너입니다: {container}. 있는 컨테이너: {names}.",
        "no_awslogs": (
            "태스크 {task}의 컨테이너({names}) 중 CloudWatch Logs로 로그를 보내는 것이 없습니다. "
            '"logDriver": "awslogs"인 logConfiguration을 넣으세요.'
        ),
        "not_awslogs": (
            "태스크 {task}의 컨테이너 {container}: CloudWatch Logs로 로그를 보내지 않습니다. "
            '"logDriver": "awslogs"인 logConfiguration을 넣으세요.'
        ),
    },
}
