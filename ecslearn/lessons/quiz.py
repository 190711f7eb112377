"""Concept quizzes: one multiple-choice question, three or four answers, and for each answer the
reason it is right or wrong, in English and Korean.

A quiz lives in the lesson's ``exercises.py`` beside the exercises, and its notebook cell (the
generator's ``# %% quiz q1`` marker) is ``q1.ask()``: in Jupyter, a small widget (the question,
the answers as radio buttons, a Check button, and the verdict in the exercise panels' colours);
in plain Python, the question and its answers as text. ``q1.answer("b")`` answers in code (the
tests, nbval and the solved notebooks use it) and returns the same `Result` an exercise's
``check()`` does, its message the chosen answer's reason. Each answer, from the widget or in
code, is recorded in the learner's progress like an exercise check.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from ecslearn.lessons.exercise import Result, _caller_globals, _lang
from ecslearn.lessons.progress_store import record as record_progress
from ecslearn.lessons.text import Shown, T, box, in_kernel, markup
from ecslearn.words import resolve, words
from ecslearn.words.learner_progress import QUIZ

LETTERS = string.ascii_lowercase


@dataclass(frozen=True)
class Choice:
    """One answer: its text, whether it is right, and why (shown once it is chosen)."""

    text: T
    why: T
    correct: bool = False


@dataclass
class Quiz:
    """One multiple-choice question. Exactly one of its 3-4 `choices` is correct."""

    name: str
    question: T
    choices: tuple[Choice, ...]
    title: T | None = None  # a short name for the progress table (default: the question)
    lesson: str = ""  # set by the loader: the lesson folder that defines it
    #: The widgets `ask()` showed (the latest few): an answer given in code shows on them too.
    _widgets: list[Any] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 3 <= len(self.choices) <= 4:
            raise ValueError(f"{self.name}: a quiz has 3 or 4 answers")
        if sum(choice.correct for choice in self.choices) != 1:
            raise ValueError(f"{self.name}: exactly one answer is correct")

    # -- the answers ----------------------------------------------------------------------------
    @property
    def letters(self) -> str:
        return LETTERS[: len(self.choices)]

    @property
    def correct_choice(self) -> str:
        """The letter of the right answer (what the solved notebooks answer)."""
        return next(self.letters[i] for i, c in enumerate(self.choices) if c.correct)

    def feedback(self, choice: str) -> T:
        """Why answer `choice` ("a", "b", ...) is right or wrong."""
        return self.choices[self.letters.index(choice.strip().lower())].why

    def label(self) -> T:
        return self.title or self.question

    # -- the learner's calls --------------------------------------------------------------------
    def ask(self) -> None:
        """Show the question: a widget in Jupyter, text in plain Python."""
        lang = _lang(_caller_globals())
        if in_kernel():
            from IPython.display import display

            display(self.widget(lang))
        else:
            print(_Question(self, lang).text())

    def answer(self, choice: str) -> Result:
        """Answer with a letter ("a", "b", ...): Correct or Incorrect and why; shown, recorded
        in your progress, and returned."""
        lang = _lang(_caller_globals())
        result = self.evaluate(choice, lang)
        if result.status != "not_attempted":
            record_progress(self.lesson, self.name, "quiz", result.status, lang)
        for shown in self._widgets:
            shown.show_result(result, choice)
        return result.show()

    # -- the judging, without display or recording (tests call this) -----------------------------
    def evaluate(self, choice: Any, lang: str | None = None) -> Result:
        lang = resolve(lang)
        letter = choice.strip().lower() if isinstance(choice, str) else None
        if letter is None or len(letter) != 1 or letter not in self.letters:
            letters = ", ".join(self.letters)
            message = T(
                *(
                    words(QUIZ, each)["unknown_choice"].format(choice=repr(choice), letters=letters)
                    for each in ("en", "ko")
                )
            )
            return Result(self.name, "not_attempted", message, lang)
        picked = self.choices[self.letters.index(letter)]
        status = "correct" if picked.correct else "incorrect"
        return Result(self.name, status, picked.why, lang)

    def widget(self, lang: str | None = None) -> Any:
        """The question as an ipywidgets box (in the language `lang`)."""
        shown = QuizWidget(self, resolve(lang))
        self._widgets[:] = [*self._widgets[-7:], shown]  # a cell run again makes a new one
        return shown.box


class _Question(Shown):
    """The question and its answers as text (and as the widget's heading)."""

    def __init__(self, quiz: Quiz, lang: str) -> None:
        self.quiz, self.lang = quiz, lang

    def title(self) -> str:
        return f"{self.quiz.name} · {words(QUIZ, self.lang)['question']}"

    def text(self) -> str:
        answers = [
            f"  {letter}) {choice.text(self.lang)}"
            for letter, choice in zip(self.quiz.letters, self.quiz.choices, strict=True)
        ]
        call = f'{self.quiz.name}.answer("a")'
        how = words(QUIZ, self.lang)["in_code"].format(call=call)
        return "\n".join([self.title(), self.quiz.question(self.lang), *answers, how])

    def html(self) -> str:
        return box("#455a64", self.title(), markup(self.quiz.question(self.lang)))


class QuizWidget:
    """The question, its answers as radio buttons, a Check button and the verdict. Check with
    no answer chosen only says to choose one (not an attempt)."""

    def __init__(self, quiz: Quiz, lang: str) -> None:
        import ipywidgets as w

        self.quiz, self.lang = quiz, lang
        options = [  # radio labels are plain text: no `code` marks
            (f"{letter}) {choice.text(lang).replace('`', '')}", letter)
            for letter, choice in zip(quiz.letters, quiz.choices, strict=True)
        ]
        self.heading = w.HTML(_Question(quiz, lang).html())
        self.choices = w.RadioButtons(options=options, value=None, layout=w.Layout(width="auto"))
        self.check = w.Button(description=words(QUIZ, lang)["check"], button_style="info")
        self.verdict = w.HTML("")
        self.check.on_click(self._on_check)
        self.box = w.VBox([self.heading, self.choices, self.check, self.verdict])

    def _on_check(self, _: Any = None) -> None:
        letter = self.choices.value
        if letter is None:
            body = markup(words(QUIZ, self.lang)["choose_first"])
            self.verdict.value = box("#1565c0", self.quiz.name, body)
            return
        result = self.quiz.evaluate(letter, self.lang)
        record_progress(self.quiz.lesson, self.quiz.name, "quiz", result.status, self.lang)
        self.show_result(result, letter)

    def show_result(self, result: Result, letter: str) -> None:
        """Show `result` under the question (and select the answer it is about)."""
        if isinstance(letter, str) and letter.strip().lower() in self.quiz.letters:
            letter = letter.strip().lower()
            self.choices.value = letter
            result = self.quiz.evaluate(letter, self.lang)  # in the widget's own language
        self.verdict.value = result.html()
