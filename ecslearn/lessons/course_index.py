"""The course's list of lessons and their exercises and quizzes: ``ecslearn/data/course.json``.

The progress table shows every item of every lesson, including those never attempted, so it
needs the whole list without running (or even having) the lesson folders, which live in a
clone, not in the package. The lesson generator (``./dev lessons``, ``tools/lessons.py``)
writes this file from the lesson sources, in the order the notebooks show the items, and
``./dev lessons --check`` (and tests/lessons/test_sources.py) fails when it is stale::

    {"lessons": [{"lesson": "01-cluster", "number": 1,
                  "title": {"en": "The cluster", "ko": "클러스터"},
                  "items": [{"item": "ex1", "kind": "exercise",
                             "title": {"en": "...", "ko": "..."}}, ...]}, ...]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COURSE_FILE = Path(__file__).resolve().parents[1] / "data" / "course.json"


@dataclass(frozen=True)
class Item:
    """An exercise or a quiz question of a lesson."""

    item: str
    kind: str
    title: dict[str, str]


@dataclass(frozen=True)
class LessonEntry:
    lesson: str
    number: int
    title: dict[str, str]
    items: tuple[Item, ...]


def course_text(entries: list[dict[str, Any]]) -> str:
    """The file's exact text for `entries` (deterministic: the generator compares bytes)."""
    return json.dumps({"lessons": entries}, ensure_ascii=False, indent=1) + "\n"


def course(path: Path = COURSE_FILE) -> list[LessonEntry] | None:
    """Every lesson in order with its items, or None when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            LessonEntry(
                entry["lesson"],
                int(entry["number"]),
                dict(entry["title"]),
                tuple(Item(i["item"], i["kind"], dict(i["title"])) for i in entry["items"]),
            )
            for entry in data["lessons"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None
