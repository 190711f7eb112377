"""Running a lesson's code without a kernel: exec its cells in one namespace, in order."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from ecslearn.lessons.exercise import Result
from tools.lessons import Lesson, code_cells


def run_lesson(
    lesson: Lesson,
    lang: str,
    variant: str = "learner",
    answers: dict[str, str] | None = None,
    stop_after: str | None = None,
    defined_before: dict[str, set[str]] | None = None,
) -> tuple[dict[str, Any], dict[str, Result]]:
    """Exec the lesson's code cells (the exercise cells filled per `variant`, or from
    `answers`), calling each exercise's check() right after its cell, as the notebook does.
    Stops after exercise `stop_after` if given. Returns the namespace and the check results;
    `defined_before`, if given, gets the names defined just before each exercise's cell."""
    namespace: dict[str, Any] = {"__name__": "__lesson__"}
    results: dict[str, Result] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for source, exercise in code_cells(lesson, lang, variant, answers):
            if exercise and defined_before is not None:
                defined_before[exercise] = set(namespace)
            exec(compile(source, f"<{lesson.name} {lang}>", "exec"), namespace)
            if exercise:
                exec(f"__result__ = {exercise}.check()", namespace)
                results[exercise] = namespace.pop("__result__")
                if exercise == stop_after:
                    break
    return namespace, results
