"""The words of the capacity provider strategy split (`ecslearn.views.strategy_split`): its
table, its launch order and its picture. ``base`` and ``weight`` stay as ECS writes them."""

from __future__ import annotations

from ecslearn.words.language import Table

#: The split's words in the lessons' two languages.
STRATEGY_SPLIT: Table = {
    "en": {
        "title": "How a capacity provider strategy splits {tasks}",
        "title_more": "How a capacity provider strategy splits {tasks} more",
        "tasks_one": "{n} task",
        "tasks_many": "{n} tasks",
        "provider": "capacity provider",
        "share": "share of the weight",
        "already": "already running",
        "from_base": "from base",
        "by_weight": "by weight",
        "tasks": "new tasks",
        "total": "total",
        "on": "{tasks} on {provider}",
        "base_first": "First the base: {parts}.",
        "by_ratio": "The other {tasks} go by weight ({ratio}): {parts}.",
        "all_by_ratio": "The {tasks} go by weight ({ratio}): {parts}.",
        "none_by_weight": "No task is left for the weights.",
        "unplaced": (
            "{tasks} cannot be placed: every base is met and no provider has a weight above 0."
        ),
        "rule": (
            "After the base, each task goes to the provider furthest below its share of the "
            "weight; a tie goes to the provider listed first."
        ),
        "existing": (
            "The tasks already running count too: the weights share every task beyond the base, "
            "old and new."
        ),
        "lone_zero": "A lone provider of weight 0 takes every task (it splits as weight 1).",
        "order": "Launch order",
        "task": "task",
        "why": "why",
        "so_far": "so far",
        "why_base": "base ({n} of {base})",
        "why_weight": "weight",
        "more": "… and {n:,} more tasks",
        "node_provider": "{name}\nbase {base} · weight {weight}\n{tasks}",
        "node_tasks": "{tasks}",
        "edge_base": "{n} from base",
        "edge_weight": "{n} by weight",
    },
    "ko": {
        "title": "용량 공급자 전략이 {tasks:을/를} 나누는 방법",
        "title_more": "용량 공급자 전략이 {tasks:을/를} 더 나누는 방법",
        "tasks_one": "태스크 {n}개",
        "tasks_many": "태스크 {n}개",
        "provider": "용량 공급자",
        "share": "weight 비율",
        "already": "이미 실행 중",
        "from_base": "base로",
        "by_weight": "weight로",
        "tasks": "새 태스크",
        "total": "합계",
        "on": "{provider}에 {tasks}",
        "base_first": "먼저 base를 채웁니다: {parts}.",
        "by_ratio": "나머지 {tasks:은/는} weight 비율({ratio})대로 나눕니다: {parts}.",
        "all_by_ratio": "{tasks:을/를} weight 비율({ratio})대로 나눕니다: {parts}.",
        "none_by_weight": "weight로 나눌 태스크가 남지 않았습니다.",
        "unplaced": (
            "{tasks:은/는} 배치할 수 없습니다: base가 모두 채워졌고 weight가 0보다 큰 공급자가 "
            "없습니다."
        ),
        "rule": (
            "base를 채운 뒤에는 태스크마다 weight 비율에 가장 못 미친 공급자에게 갑니다. "
            "똑같으면 전략에 먼저 적힌 공급자가 받습니다."
        ),
        "existing": (
            "이미 실행 중인 태스크도 셉니다: weight 비율은 base를 넘는 태스크 전체(기존과 새 "
            "태스크)에 적용됩니다."
        ),
        "lone_zero": "weight가 0인 공급자 하나뿐이면 그 공급자가 모든 태스크를 받습니다 "
        "(weight 1처럼 나눔).",
        "order": "시작 순서",
        "task": "태스크",
        "why": "이유",
        "so_far": "지금까지",
        "why_base": "base ({base}개 중 {n}번째)",
        "why_weight": "weight",
        "more": "… 외 태스크 {n:,}개",
        "node_provider": "{name}\nbase {base} · weight {weight}\n{tasks}",
        "node_tasks": "{tasks}",
        "edge_base": "base로 {n}개",
        "edge_weight": "weight로 {n}개",
    },
}
