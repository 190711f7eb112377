"""The task definition picture's words (`ecslearn.views.task_definition`)."""

from __future__ import annotations

from ecslearn.words.language import Table

#: The picture's words in the lessons' two languages (the Korean follows the course material).
TASK_DEFINITION: Table = {
    "en": {
        "legend_title": "Legend",
        "title": "Task definition {name}",
        "essential": "essential container",
        "not_essential": "container (not essential)",
        "waits": "A → B: A waits for B's condition",
        "start": "start order",
        "stop": "stop order",
        "header": "task definition {name}",
        "network": "network mode {mode}",
    },
    "ko": {
        "legend_title": "범례",
        "title": "태스크 디피니션 {name}",
        "essential": "필수(essential) 컨테이너",
        "not_essential": "컨테이너 (필수 아님)",
        "waits": "A → B: A는 B의 조건을 기다림",
        "start": "시작 순서",
        "stop": "중지 순서",
        "header": "태스크 디피니션 {name}",
        "network": "네트워크 모드 {mode}",
    },
}
