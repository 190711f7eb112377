"""The pictures' words in the lessons' two languages.

Each view keeps its own table (``{"en": {...}, "ko": {...}}``, the same keys in both), next to
the code that uses it; `words` picks one language and says clearly when there is no such one.
The Korean follows the course material's terms (클러스터, 컨테이너 인스턴스, 태스크, 태스크
디피니션, 서비스, 리플리카 타입, 데몬 타입). ECS's own values (RUNNING, REPLICA, binpack, ...)
stay as ECS writes them, in every language: they are what the API answers.
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")


def words(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """`table`'s words in `lang`, or a ValueError naming the languages there are."""
    if lang not in table:
        raise ValueError(f"lang must be one of {', '.join(table)}; it was {lang!r}.")
    return table[lang]
