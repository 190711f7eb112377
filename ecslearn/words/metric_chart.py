"""The metric chart's words (`ecslearn.views.metric_chart`): title, axes, and what it marks.

Metric names, statistics and alarm states stay as CloudWatch writes them (CPUUtilization,
Average, ALARM): they are what the API answers and what a learner searches for.
"""

from __future__ import annotations

from ecslearn.words.language import Table

METRIC_CHART: Table = {
    "en": {
        "title": "{metric} ({stat}, every {period} s) and what it set off",
        "seconds": "simulated seconds",
        "threshold": "{alarm}: {comparison} {threshold}",
        "alarm_on": "{alarm} in ALARM",
        "scaled": "desired count {before} to {after}",
        "no_data": "no datapoints yet: CloudWatch publishes once a simulated minute",
        "above": "above",
        "below": "below",
    },
    "ko": {
        "title": "{metric} ({stat}, {period}초마다), 그리고 그에 따라 일어난 일",
        "seconds": "시뮬레이션 시간 (초)",
        "threshold": "{alarm}: {threshold} {comparison}",
        "alarm_on": "{alarm} ALARM 상태",
        "scaled": "원하는 태스크 수 {before}개에서 {after}개로",
        "no_data": "아직 데이터 포인트가 없습니다: CloudWatch는 시뮬레이션 시간 1분마다 게시합니다",
        "above": "초과",
        "below": "미만",
    },
}
