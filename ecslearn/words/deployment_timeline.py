"""The deployment timeline's words (`ecslearn.views.deployment_timeline`).

Strategy names, lifecycle stages and statuses stay as ECS writes them (BLUE_GREEN,
BAKE_TIME, SUCCESSFUL): they are what the API answers and what a learner searches for.
"""

from __future__ import annotations

from ecslearn.words.language import Table

DEPLOYMENT_TIMELINE: Table = {
    "en": {
        "title": "{service}: {strategy} deployment, {status}",
        "stage": "stage {stage}",
        "seconds": "simulated seconds",
        "tasks": "running tasks",
        "percent": "% of traffic on green",
        "blue": "blue {revision} running",
        "green": "green {revision} running",
        "production": "production traffic on green",
        "test": "test traffic on green",
        "bake": "bake time",
        "shifted": "{percent}% to green",
        "none": "{service} has had no blue/green, linear or canary deployment yet",
    },
    "ko": {
        "title": "{service}: {strategy} 배포, {status}",
        "stage": "단계 {stage}",
        "seconds": "시뮬레이션 시간 (초)",
        "tasks": "실행 중인 태스크",
        "percent": "green으로 가는 트래픽 (%)",
        "blue": "blue {revision} 실행 중",
        "green": "green {revision} 실행 중",
        "production": "green으로 가는 프로덕션 트래픽",
        "test": "green으로 가는 테스트 트래픽",
        "bake": "베이크 시간",
        "shifted": "green으로 {percent}%",
        "none": "{service} 서비스에는 아직 블루/그린, 선형, 카나리 배포가 없습니다",
    },
}
