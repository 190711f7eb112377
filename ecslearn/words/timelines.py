"""The timeline figures' words (`ecslearn.views.timelines`): titles, axes, series, markers."""

from __future__ import annotations

from ecslearn.words.language import Table

#: The figures' words in the lessons' two languages (the Korean follows the course material).
TIMELINES: Table = {
    "en": {
        "revisions_title": "Service {service}: RUNNING tasks per revision",
        "running_tasks": "RUNNING tasks",
        "desired_title": "Service {service}: desired and running tasks",
        "tasks": "tasks",
        "seconds": "simulated seconds",
        "desired": "desired",
        "desired_flat": "desired (current value; changes not recorded)",
        "running": "running",
        "pending": "pending",
        "load": "load",
        "revision_unknown": "revision unknown (task forgotten)",
        "deployment_completed": "deployment completed",
        "rolling_back": "rolling back",
        "deployment_failed": "deployment failed",
    },
    "ko": {
        "revisions_title": "서비스 {service}: 리비전별 RUNNING 태스크",
        "running_tasks": "RUNNING 태스크",
        "desired_title": "서비스 {service}: 원하는 태스크 수와 실행 중인 태스크",
        "tasks": "태스크",
        "seconds": "시뮬레이션 시간 (초)",
        "desired": "원하는 태스크 수",
        "desired_flat": "원하는 태스크 수 (현재 값, 변경은 기록되지 않음)",
        "running": "실행 중",
        "pending": "시작 대기 중",
        "load": "부하",
        "revision_unknown": "리비전 알 수 없음 (ECS가 잊은 태스크)",
        "deployment_completed": "배포 완료",
        "rolling_back": "롤백 중",
        "deployment_failed": "배포 실패",
    },
}
