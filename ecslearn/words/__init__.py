"""The word catalogue: every word ecslearn shows a learner, in every language it speaks.

- `language`: `LANGUAGES`, the session's language (`set_language`, `get_language`), and
  `resolve`, which every ``lang`` goes through (None: the session's language; an unknown one: a
  ValueError naming the languages there are), and `words`, which picks a table's language.
- One module of tables per area, each table ``{language: {key: text}}`` with the same keys in
  every language: `cluster`, `placement`, `task_definition`, `timelines`, `concepts`,
  `strategy_split` and `render` (the pictures and tables), `widgets`, `lessons` (the lesson
  panels and exercises), and `learner_progress` (the quizzes and the progress table).
- `sentence`: `T`, one sentence in both languages, for messages built with values in them.
- `particles`: Korean particles that agree with the value before them (`particle("ECR",
  "이/가")` is "ECR이"); a Korean table entry names its particle in the placeholder
  (``"{service:이/가}"``) and is filled with `fill`. Never glue a fixed particle after a value.

The Korean follows the course material's terms (클러스터, 컨테이너 인스턴스, 태스크, 태스크
디피니션, 서비스, 리플리카 타입, 데몬 타입). ECS's own values (RUNNING, REPLICA, binpack, ...),
its JSON and its errors are not here: they stay as ECS writes them in every language, because
they are what the API answers.
"""

from ecslearn.words.language import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Table,
    get_language,
    resolve,
    set_language,
    words,
)
from ecslearn.words.particles import fill, josa, particle
from ecslearn.words.sentence import T, pick

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "T",
    "Table",
    "fill",
    "get_language",
    "josa",
    "particle",
    "pick",
    "resolve",
    "set_language",
    "words",
]
