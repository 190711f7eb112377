"""``ecslearn.progress()``: every lesson's exercises and quizzes with the learner's verdict
(Correct / Incorrect / Not attempted), as an HTML table in Jupyter and plain text elsewhere, and
in the forms a teacher collects: JSON (`Progress.to_json`, ``ecslearn progress --json``), CSV
with one row per item (`Progress.to_csv`, ``ecslearn progress --csv``) that a gradebook imports
(a ``points`` column: 1 when correct, else 0), and Gradescope's autograder results
(`Progress.to_gradescope`, ``ecslearn progress --gradescope``): the ``results.json`` an
autograder writes to ``/autograder/results/``, the same file otter-grader produces when it grades
on Gradescope, so a course that collects notebooks there can grade the learners' progress files
with one line in its ``run_autograder`` script.

The items come from the course list (`course_index`), so items never attempted are there too;
the verdicts come from the progress file (`progress_store`). A record for an item the course no
longer lists (a renamed exercise) is still shown, after its lesson's items.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import ecslearn.lessons.course_index as course_index
import ecslearn.lessons.progress_store as progress_store
from ecslearn.lessons.text import Shown, box, markup
from ecslearn.words import resolve, words
from ecslearn.words.learner_progress import PROGRESS
from ecslearn.words.lessons import EXERCISES

#: The verdicts' colours, the exercise panels' own.
COLOURS = {"correct": "#2e7d32", "incorrect": "#c62828", "not_attempted": "#1565c0"}
CSV_COLUMNS = (
    "lesson",
    "item",
    "kind",
    "status",
    "points",
    "attempts",
    "first_attempt",
    "last_attempt",
    "first_correct",
    "lang",
    "title",
)


@dataclass(frozen=True)
class Row:
    """One exercise or quiz question and where the learner stands on it."""

    lesson: str
    item: str
    kind: str
    title: str
    status: str = "not_attempted"
    attempts: int = 0
    first_attempt: str | None = None
    last_attempt: str | None = None
    first_correct: str | None = None
    lang: str | None = None

    @property
    def points(self) -> int:
        return 1 if self.status == "correct" else 0


class Progress(Shown):
    """The learner's progress: `rows` (one per item, in the course's order), shown as a table."""

    def __init__(
        self,
        rows: list[Row],
        lang: str,
        path: Path | None,
        lesson_titles: dict[str, str],
        problem: str | None = None,
        no_lessons: bool = False,
    ) -> None:
        self.rows = rows
        self.lang = lang
        self.path = path
        self.lesson_titles = lesson_titles
        self.problem = problem
        self.no_lessons = no_lessons

    # -- the numbers ---------------------------------------------------------------------------
    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)

    def summary(self) -> str:
        return words(PROGRESS, self.lang)["summary"].format(
            correct=self.count("correct"),
            total=len(self.rows),
            incorrect=self.count("incorrect"),
            open=self.count("not_attempted"),
        )

    def notes(self) -> list[str]:
        said = words(PROGRESS, self.lang)
        notes = []
        if self.path is None:
            value = os.environ.get(progress_store.ENV, "")
            notes.append(said["disabled"].format(value=value))
        else:
            notes.append(said["kept_in"].format(path=self.path))
        if self.problem:
            notes.append(said["unreadable"].format(problem=self.problem))
        if self.no_lessons:
            notes.append(said["no_lessons"])
        return notes

    # -- for a teacher -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "ecslearn-progress-report",
            "version": 1,
            "generated": progress_store.now(),
            "file": str(self.path) if self.path else None,
            "summary": {
                "total": len(self.rows),
                **{status: self.count(status) for status in progress_store.STATUSES},
            },
            "items": [dict(asdict(row), points=row.points) for row in self.rows],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in self.rows:
            values = dict(asdict(row), points=row.points)
            writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
        return out.getvalue()

    def to_gradescope(self) -> dict[str, Any]:
        """Gradescope's autograder ``results.json``: one test per exercise or quiz, worth one
        point, ``passed`` when correct; its output says Correct/Incorrect/Not attempted and the
        attempts. The total score is the tests' sum (Gradescope adds them when ``score`` is
        left out; it is written here so the file reads alone). Every test is ``visible``: the
        learner has already seen each verdict in the notebook."""
        said = words(EXERCISES, self.lang)
        tests = [
            {
                "name": f"{row.lesson} {row.item} · {row.title}".rstrip(" ·"),
                "number": f"{row.lesson.split('-')[0]}.{row.item}",
                "score": float(row.points),
                "max_score": 1.0,
                "status": "passed" if row.status == "correct" else "failed",
                "output": f"{said[row.status]} ({row.attempts})",
                "tags": [row.lesson, row.kind],
                "visibility": "visible",
            }
            for row in self.rows
        ]
        return {
            "score": float(sum(row.points for row in self.rows)),
            "output": self.summary(),
            "tests": tests,
        }

    # -- for the learner -----------------------------------------------------------------------
    def _cells(self, row: Row) -> list[str]:
        said = words(PROGRESS, self.lang)
        return [
            f"{row.item} · {row.title}",
            said.get(row.kind, row.kind),
            words(EXERCISES, self.lang)[row.status],
            str(row.attempts),
            (row.last_attempt or "").replace("T", " ").rstrip("Z"),
        ]

    def _heading(self) -> list[str]:
        said = words(PROGRESS, self.lang)
        return [said[k] for k in ("item", "kind", "status", "attempts", "last_attempt")]

    def _by_lesson(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            grouped.setdefault(row.lesson, []).append(row)
        return grouped

    def text(self) -> str:
        lines = [f"{words(PROGRESS, self.lang)['title']}: {self.summary()}"]
        for lesson, rows in self._by_lesson().items():
            lines.append(f"\n{lesson} · {self.lesson_titles.get(lesson, lesson)}")
            for row in rows:
                lines.append("  " + " | ".join(c for c in self._cells(row) if c))
        lines.extend(["", *self.notes()])
        return "\n".join(lines)

    def html(self) -> str:
        cell = "padding:2px 8px;text-align:left;border-bottom:1px solid #ddd"
        head = "".join(f'<th style="{cell}">{html.escape(h)}</th>' for h in self._heading())
        body = []
        for lesson, rows in self._by_lesson().items():
            title = html.escape(f"{lesson} · {self.lesson_titles.get(lesson, lesson)}")
            body.append(
                f'<tr><td colspan="5" style="{cell};padding-top:8px"><b>{title}</b></td></tr>'
            )
            for row in rows:
                cells = self._cells(row)
                colour = COLOURS[row.status]
                tds = [
                    f'<td style="{cell}">{markup(cells[0])}</td>',
                    f'<td style="{cell}">{html.escape(cells[1])}</td>',
                    f'<td style="{cell};color:{colour}"><b>{html.escape(cells[2])}</b></td>',
                    f'<td style="{cell}">{cells[3]}</td>',
                    f'<td style="{cell}">{html.escape(cells[4])}</td>',
                ]
                body.append(f"<tr>{''.join(tds)}</tr>")
        table = (
            f'<table style="border-collapse:collapse;margin:4px 0"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )
        notes = "".join(f"<div><i>{markup(n)}</i></div>" for n in self.notes())
        title = f"{words(PROGRESS, self.lang)['title']}: {self.summary()}"
        return box("#455a64", title, table + notes)

    def __repr__(self) -> str:
        return self.text()


def progress(lang: str | None = None, path: str | Path | None = None) -> Progress:
    """Every lesson's exercises and quizzes, and where you stand on each: Correct, Incorrect or
    Not attempted, with the attempts and the last one's time. Shown as a table in Jupyter;
    `.to_json()` and `.to_csv()` give it to a teacher. `path` reads another progress file
    (default: ``ECSLEARN_PROGRESS`` or ``~/.ecslearn/progress.json``)."""
    lang = resolve(lang)
    where = Path(path).expanduser() if path is not None else progress_store.progress_path()
    loaded = progress_store.read(where) if where is not None else progress_store.Loaded()
    records = dict(loaded.records)
    lessons = course_index.course()
    rows: list[Row] = []
    titles: dict[str, str] = {}
    for entry in lessons or []:
        titles[entry.lesson] = entry.title.get(lang, entry.lesson)
        for item in entry.items:
            record = records.pop(f"{entry.lesson}/{item.item}", None)
            rows.append(_row(entry.lesson, item.item, item.kind, item.title.get(lang, ""), record))
    for record in sorted(records.values(), key=lambda r: (r["lesson"], r["item"])):
        rows.append(_row(record["lesson"], record["item"], record["kind"], "", record))
    rows.sort(key=lambda row: _lesson_order(row.lesson, lessons))
    return Progress(rows, lang, where, titles, loaded.problem, lessons is None)


def _lesson_order(lesson: str, lessons: list[course_index.LessonEntry] | None) -> int:
    names = [entry.lesson for entry in lessons or []]
    return names.index(lesson) if lesson in names else len(names)


def _row(lesson: str, item: str, kind: str, title: str, record: dict[str, Any] | None) -> Row:
    if record is None:
        return Row(lesson, item, kind, title)
    return Row(
        lesson,
        item,
        kind,
        title,
        record["status"],
        record["attempts"],
        record.get("first_attempt"),
        record.get("last_attempt"),
        record.get("first_correct"),
        record.get("lang"),
    )
