"""Exercises with `check()`, `hint()` / `hint(2)` and `solution()` (the Kaggle Learn pattern).

An `Exercise` is data plus one function, `judge`:

- ``reads``: the learner's variables it looks at (``check()`` takes them from the caller's
  globals, so ``ex1.check()`` works in a kernel and under plain ``exec``; keyword arguments
  override them). A variable that is missing or still the blank ``____`` means *not attempted*.
- ``uses``: what the lesson defined earlier and the judge needs too (``sim``, ``ecs``).
- ``starter``: the code the learner notebook's exercise cell starts with;
  ``solution_code``: the worked solution; ``wrong``: typical wrong answers, each with the text
  its *Incorrect* message must contain (tests run every one of them).
- ``hints``: tiered hints, ``hint()`` is the first, ``hint(2)`` the second.
- ``judge(v)``: gets the values (``v.shop``, ``v.sim`` ...) and returns None when the answer
  is right, or a `T` saying, in ECS's words, what is wrong.

``check()`` never raises: it shows Correct ✓, Incorrect (with the reason) or Not attempted, and
returns the `Result`; a Correct or Incorrect verdict is also recorded in the learner's progress
(`ecslearn.lessons.progress_store`, shown by ``ecslearn.progress()``). The language comes from
the caller's ``LANG`` variable ("en" or "ko") when it has one, and otherwise is the session's
(`ecslearn.set_language`).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ecslearn.lessons.progress_store import record as record_progress
from ecslearn.lessons.text import Shown, T, box, markup, pick
from ecslearn.words import LANGUAGES, particle, resolve, words
from ecslearn.words.lessons import EXERCISES


class _Blank:
    """``____``: the blank in a starter cell. Any variable still holding it is not attempted."""

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Blank()


class Values(dict):
    """The values a judge sees: ``v.shop`` or ``v["shop"]``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Wrong:
    """A typical wrong answer and the words its Incorrect message must contain."""

    code: str
    expect: T


Status = Literal["correct", "incorrect", "not_attempted"]

#: Each verdict's colour (its title is the `EXERCISES` entry of the same name).
_COLOURS = {"correct": "#2e7d32", "incorrect": "#c62828", "not_attempted": "#1565c0"}


class Result(Shown):
    """What ``check()`` answers. ``bool(result)`` is True only when correct."""

    def __init__(self, exercise: str, status: Status, message: T, lang: str | None = None) -> None:
        self.exercise = exercise
        self.status = status
        self.message = message
        self.lang = resolve(lang)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"<Result {self.exercise}: {self.status}: {self.message('en')}>"

    def text(self) -> str:
        title = self.title()
        body = self.message(self.lang)
        return f"{self.exercise} · {title}" + (f"\n{body}" if body else "")

    def title(self) -> str:
        """The verdict in the result's language: Correct ✓, Incorrect ✗ or Not attempted yet."""
        return words(EXERCISES, self.lang)[self.status]

    def html(self) -> str:
        colour = _COLOURS[self.status]
        return box(colour, f"{self.exercise} · {self.title()}", markup(self.message(self.lang)))

    def assert_correct(self) -> Result:
        """For the solved notebooks the tests run: fail loudly unless the check said Correct."""
        if not self.correct:
            raise AssertionError(self.text())
        return self

    def assert_incorrect(self, expect: T) -> Result:
        """For the wrong-answer notebooks the tests run: fail loudly unless the check said
        Incorrect, with the words `expect` says its reason must contain."""
        if self.status != "incorrect" or expect(self.lang) not in self.message(self.lang):
            raise AssertionError(
                f"expected Incorrect mentioning {expect(self.lang)!r}: {self.text()}"
            )
        return self


class _Message(Shown):
    def __init__(self, colour: str, title: str, body_text: str, body_html: str) -> None:
        self.colour, self.title, self.body_text, self.body_html = (
            colour,
            title,
            body_text,
            body_html,
        )

    def text(self) -> str:
        return f"{self.title}\n{self.body_text}"

    def html(self) -> str:
        return box(self.colour, self.title, self.body_html)

    def __repr__(self) -> str:
        return self.text()


@dataclass
class Exercise:
    name: str
    title: T
    reads: tuple[str, ...]
    starter: str | T
    solution_code: str | T
    wrong: tuple[Wrong, ...]
    hints: tuple[T, ...]
    judge: Callable[[Values], T | None]
    uses: tuple[str, ...] = ("sim", "ecs")
    explanation: T | None = None
    praise: T | None = None
    #: The lesson folder that defines it ("01-cluster"), set by the loader: where progress goes.
    lesson: str = ""

    # -- the learner's three calls ---------------------------------------------------------
    def check(self, **values: Any) -> Result:
        """Correct ✓, Incorrect (and why) or Not attempted; shown, and returned."""
        found = Values(_caller_globals())
        found.update(values)
        lang = _lang(found)
        result = self.evaluate(found, lang)
        record_progress(self.lesson, self.name, "exercise", result.status, lang)
        return result.show()

    def hint(self, n: int = 1) -> None:
        """The n-th hint (1 = a nudge; higher numbers say more)."""
        lang = _lang(_caller_globals())
        index = max(1, min(n, len(self.hints)))
        count = len(self.hints)
        said = words(EXERCISES, lang)
        title = (
            said["hint_numbered"].format(index=index, count=count) if count > 1 else said["hint"]
        )
        body = self.hints[index - 1](lang)
        _Message("#f9a825", f"{self.name} · {title}", body, markup(body)).show()

    def solution(self) -> None:
        """The worked solution (hidden until you ask for it)."""
        lang = _lang(_caller_globals())
        code = pick(self.solution_code, lang).strip()
        note = self.explanation(lang) if self.explanation else ""
        title = f"{self.name} · " + words(EXERCISES, lang)["solution"]
        text = code + (f"\n\n{note}" if note else "")
        body = f"<pre><code>{html.escape(code)}</code></pre>" + (markup(note) if note else "")
        _Message("#6a1b9a", title, text, body).show()

    # -- the judging, without display (tests call this) --------------------------------------
    def evaluate(self, found: dict[str, Any], lang: str | None = None) -> Result:
        lang = resolve(lang)
        values = Values(found)
        missing = [n for n in self.reads if n not in values or values[n] is ____]
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            message = T(
                f"Fill in {names} in the exercise cell above, run it, then run this cell again.",
                f"위 연습 셀에서 {particle(names, '을/를')} 채우고 실행한 다음, 이 셀을 다시 "
                "실행하세요.",
            )
            return Result(self.name, "not_attempted", message, lang)
        absent = [n for n in self.uses if n not in values]
        if absent:
            names = ", ".join(f"`{n}`" for n in absent)
            message = T(
                f"{names} is not defined: run the lesson's cells from the top (Run All) first.",
                f"{particle(names, '이/가')} 정의되지 않았습니다. "
                "먼저 레슨의 셀을 처음부터 실행하세요(Run All).",
            )
            return Result(self.name, "not_attempted", message, lang)
        try:
            reason = self.judge(values)
        except Exception as error:  # a check never raises: it says what it could not read
            reason = _reason_from(error)
        if reason is None:
            return Result(self.name, "correct", self.praise or T("", ""), lang)
        return Result(self.name, "incorrect", reason, lang)


def _reason_from(error: Exception) -> T:
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        code = response["Error"].get("Code", "")
        message = response["Error"].get("Message", "")
        return T(
            f"ECS answered {code}: {message}",
            f"ECS가 {code} 오류로 응답했습니다: {message}",
        )
    return T(
        f"Your answer could not be read: {type(error).__name__}: {error}",
        f"답을 읽을 수 없습니다: {type(error).__name__}: {error}",
    )


def _caller_globals() -> dict[str, Any]:
    """The globals of the code that called check()/hint()/solution() (the notebook's)."""
    frame = sys._getframe(2)
    return dict(frame.f_globals)


def _lang(found: dict[str, Any]) -> str:
    """The notebook's ``LANG`` when it names a language, else the session's language."""
    lang = found.get("LANG")
    return lang if lang in LANGUAGES else resolve(None)
