"""The lesson generator, a development tool (not part of the ecslearn package): one folder per
lesson (``lessons/NN-slug/``: the narrative ``lesson.py`` and its ``exercises.py``) -> notebooks
in English and Korean (``notebooks/en/NN-slug.ipynb``, ``notebooks/ko/NN-slug.ipynb``).

    ./dev lessons            # write the learner notebooks (committed)
    ./dev lessons --check    # exit 1 if a committed notebook is out of date
    ./dev lessons --variant solved --out /tmp/solved   # for tests

(``./dev lessons ARGS`` runs ``python -m tools.lessons ARGS`` from the clone's root.)

The source format (``lessons/README.md`` has the full guide) is jupytext's percent format
with a few markers:

    # %% [markdown] en        a markdown cell in English; the next cell must be
    # %% [markdown] ko        ... the same cell in Korean
    # %% [markdown]           a markdown cell shared by both languages (rare)
    # %% setup                the first code cell: imports and ``LANG = "en"`` ("ko" in Korean)
    # %%                      a code cell, the same in both languages (use ``LANG`` if needed)
    # %% exercise ex1         an exercise: its code cell (starter, solution or wrong answer,
                              from ``ex1`` in the folder's ``exercises.py``) and its check cell
    # %% quiz q1              a quiz question (``q1``, a `Quiz` in ``exercises.py``): the learner
                              notebook asks it (``q1.ask()``), the solved one answers it right

Variants: ``learner`` (starters; committed), ``solved`` (worked solutions and right quiz
answers; every check must say Correct, and hints and solutions are shown) and ``wrong`` (each
exercise's first wrong answer and each quiz's first wrong answer; every check must say
Incorrect). The output is deterministic: same source, same bytes.

Writing the learner notebooks also writes ``ecslearn/data/course.json``, the list of every
lesson's exercises and quizzes that ``ecslearn.progress()`` shows (``--check`` checks it too).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ecslearn.lessons.course_index import COURSE_FILE, course_text
from ecslearn.lessons.exercise import Exercise
from ecslearn.lessons.loader import EXERCISES, load_exercises
from ecslearn.lessons.quiz import Quiz
from ecslearn.lessons.text import LANGUAGES, pick

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "lessons"
NOTEBOOKS_DIR = ROOT / "notebooks"
VARIANTS = ("learner", "solved", "wrong")

_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
_FOLDER_NAME = re.compile(r"^(?P<number>\d\d)-(?P<slug>[a-z0-9-]+)$")
NARRATIVE = "lesson.py"
_LANG_LINE = 'LANG = "en"'
_NOQA = re.compile(r"\s+# noqa\b.*$")


class LessonSourceError(ValueError):
    """A lesson source breaks the format; the message names the file and line."""


@dataclass
class Cell:
    kind: str  # "markdown", "setup", "code", "exercise", "quiz"
    lang: str | None = None  # markdown only: "en", "ko" or None (both)
    lines: list[str] = field(default_factory=list)
    exercise: str | None = None
    quiz: str | None = None
    line: int = 0

    @property
    def text(self) -> str:
        """The cell's source; ``# noqa`` comments (for ruff on the source) are left out."""
        return "\n".join(_NOQA.sub("", line) for line in self.lines).strip("\n")


@dataclass
class Lesson:
    number: int
    slug: str
    path: Path
    cells: list[Cell]

    @property
    def name(self) -> str:
        return f"{self.number:02d}-{self.slug}"

    @property
    def label(self) -> str:
        """The narrative as messages name it: ``05-services/lesson.py``."""
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def exercises_path(self) -> Path:
        return self.path.parent / EXERCISES

    @property
    def module(self):
        if not self.exercises_path.is_file():
            raise LessonSourceError(
                f"{self.label} has exercises, so it needs their module "
                f"{self.path.parent.name}/{EXERCISES} beside it"
            )
        return load_exercises(self.exercises_path)

    def exercises(self) -> list[Exercise]:
        return [self.exercise(cell.exercise) for cell in self.cells if cell.exercise]

    def exercise(self, name: str) -> Exercise:
        found = getattr(self.module, name, None)
        if not isinstance(found, Exercise) or found.name != name:
            raise LessonSourceError(
                f"{self.label}: 'exercise {name}' needs an Exercise named {name!r} in "
                f"{self.path.parent.name}/{EXERCISES}"
            )
        return found

    def quizzes(self) -> list[Quiz]:
        return [self.quiz(cell.quiz) for cell in self.cells if cell.quiz]

    def quiz(self, name: str) -> Quiz:
        found = getattr(self.module, name, None)
        if not isinstance(found, Quiz) or found.name != name:
            raise LessonSourceError(
                f"{self.label}: 'quiz {name}' needs a Quiz named {name!r} in "
                f"{self.path.parent.name}/{EXERCISES}"
            )
        return found


# -- reading a source --------------------------------------------------------------------------
def parse(path: Path) -> Lesson:
    """The narrative `path` (``lessons/NN-slug/lesson.py``), read and checked."""
    match = _FOLDER_NAME.match(path.parent.name)
    if not match or path.name != NARRATIVE:
        raise LessonSourceError(f"{path}: a lesson's narrative is NN-slug/{NARRATIVE}")
    cells: list[Cell] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        marker = _MARKER.match(raw)
        if marker:
            cells.append(_cell_from_marker(marker["rest"].strip(), path, number))
        elif cells:
            cells[-1].lines.append(raw)
        elif raw.strip() and not raw.startswith("#"):
            raise LessonSourceError(f"{_label(path)}:{number}: code before the first '# %%' marker")
    for cell in cells:
        if cell.kind == "markdown":
            cell.lines = [_uncomment(line, path, cell) for line in cell.lines]
        elif cell.kind == "exercise" and cell.text.strip():
            raise LessonSourceError(
                f"{_label(path)}:{cell.line}: an exercise cell stays empty; its code comes from "
                f"the Exercise's starter / solution_code / wrong"
            )
        elif cell.kind == "quiz" and cell.text.strip():
            raise LessonSourceError(
                f"{_label(path)}:{cell.line}: a quiz cell stays empty; the generator writes "
                "its code (q1.ask(), or its answer in the solved notebooks)"
            )
    lesson = Lesson(int(match["number"]), match["slug"], path, cells)
    _validate(lesson)
    return lesson


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _cell_from_marker(rest: str, path: Path, line: int) -> Cell:
    if rest.startswith("[markdown]"):
        lang = rest.removeprefix("[markdown]").strip() or None
        if lang not in (None, *LANGUAGES):
            raise LessonSourceError(f"{_label(path)}:{line}: markdown language must be en or ko")
        return Cell("markdown", lang=lang, line=line)
    if rest == "setup":
        return Cell("setup", line=line)
    if rest.startswith("exercise"):
        name = rest.removeprefix("exercise").strip()
        if not name.isidentifier():
            raise LessonSourceError(f"{_label(path)}:{line}: write '# %% exercise ex1'")
        return Cell("exercise", exercise=name, line=line)
    if rest.startswith("quiz"):
        name = rest.removeprefix("quiz").strip()
        if not name.isidentifier():
            raise LessonSourceError(f"{_label(path)}:{line}: write '# %% quiz q1'")
        return Cell("quiz", quiz=name, line=line)
    if rest == "":
        return Cell("code", line=line)
    raise LessonSourceError(f"{_label(path)}:{line}: unknown cell marker '# %% {rest}'")


def _uncomment(line: str, path: Path, cell: Cell) -> str:
    if line == "#":
        return ""
    if line.startswith("# "):
        return line[2:]
    if not line.strip():
        return ""
    raise LessonSourceError(
        f"{_label(path)}: markdown cell at line {cell.line}: every line starts with '# '"
    )


def _validate(lesson: Lesson) -> None:
    name = lesson.label
    code = [c for c in lesson.cells if c.kind != "markdown"]
    if not code or code[0].kind != "setup":
        raise LessonSourceError(f"{name}: the first code cell is '# %% setup'")
    if sum(c.kind == "setup" for c in lesson.cells) != 1:
        raise LessonSourceError(f"{name}: exactly one '# %% setup' cell")
    if code[0].lines.count(_LANG_LINE) != 1:
        raise LessonSourceError(f"{name}: the setup cell has the line {_LANG_LINE}")
    cells = lesson.cells
    for index, cell in enumerate(cells):
        if cell.kind != "markdown" or cell.lang is None:
            continue
        if cell.lang == "en":
            after = cells[index + 1] if index + 1 < len(cells) else None
            if after is None or after.kind != "markdown" or after.lang != "ko":
                raise LessonSourceError(
                    f"{name}:{cell.line}: an English markdown cell is followed by its Korean "
                    "twin ('# %% [markdown] ko')"
                )
        elif index == 0 or cells[index - 1].lang != "en":
            raise LessonSourceError(f"{name}:{cell.line}: a Korean cell follows its English one")
    seen = [c.exercise for c in cells if c.exercise] + [c.quiz for c in cells if c.quiz]
    if len(seen) != len(set(seen)):
        raise LessonSourceError(f"{name}: each exercise and quiz appears once")
    lesson.exercises()  # every marker has its Exercise
    lesson.quizzes()  # ... and its Quiz
    folder = lesson.path.parent.name
    if seen and not re.search(rf'\bfrom_lesson\(\s*"{re.escape(folder)}"', code[0].text):
        raise LessonSourceError(
            f'{name}: the setup cell loads the exercises with from_lesson("{folder}", "ex1", ...)'
        )


def lessons(directory: Path = LESSONS_DIR, only: Iterable[str] = ()) -> list[Lesson]:
    """Every lesson folder's narrative, parsed; `only` keeps the folders whose names start
    with one of its prefixes (``["03"]``, ``["03-tasks"]``) and leaves the others unread."""
    prefixes = tuple(only)
    paths = sorted(directory.glob(f"[0-9][0-9]-*/{NARRATIVE}"))
    return [parse(p) for p in paths if not prefixes or p.parent.name.startswith(prefixes)]


# -- writing notebooks -------------------------------------------------------------------------
def exercise_code(exercise: Exercise, lang: str, variant: str) -> str:
    if variant == "learner":
        return pick(exercise.starter, lang).strip("\n")
    if variant == "solved":
        return pick(exercise.solution_code, lang).strip("\n")
    if variant == "wrong":
        return exercise.wrong[0].code.strip("\n")
    raise ValueError(f"variant is one of {VARIANTS}")


def quiz_code(quiz: Quiz, variant: str) -> str:
    """The quiz cell: asked in the learner notebook, answered right (solved) or with its first
    wrong answer (wrong), the verdict asserted as the exercises' checks are."""
    if variant == "learner":
        return f"{quiz.name}.ask()"
    if variant == "solved":
        return f'{quiz.name}.answer("{quiz.correct_choice}").assert_correct()'
    if variant == "wrong":
        letter = next(letter for letter in quiz.letters if letter != quiz.correct_choice)
        return f'{quiz.name}.answer("{letter}").assert_incorrect({quiz.name}.feedback("{letter}"))'
    raise ValueError(f"variant is one of {VARIANTS}")


def check_code(name: str, lang: str, variant: str) -> str:
    if variant == "solved":
        return f"{name}.check().assert_correct()\n{name}.hint()\n{name}.hint(2)\n{name}.solution()"
    if variant == "wrong":
        return f"{name}.check().assert_incorrect({name}.wrong[0].expect)"
    hint, solution = {
        "en": ("a hint; hint(2) says more", "the worked solution"),
        "ko": ("힌트; hint(2) 는 더 자세히", "풀이 보기"),
    }[lang]
    return f"{name}.check()\n# {name}.hint()  # {hint}\n# {name}.solution()  # {solution}"


def code_cells(
    lesson: Lesson, lang: str, variant: str = "learner", answers: dict[str, str] | None = None
) -> list[tuple[str, str | None]]:
    """The code the notebook runs, in order, as (source, exercise name or None); `answers`
    replaces chosen exercises' code (tests put a wrong answer in one exercise)."""
    out: list[tuple[str, str | None]] = []
    for cell in lesson.cells:
        if cell.kind == "setup":
            out.append((_setup_source(cell, lang), None))
        elif cell.kind == "code":
            out.append((cell.text, None))
        elif cell.kind == "exercise" and cell.exercise:
            exercise = lesson.exercise(cell.exercise)
            code = (answers or {}).get(cell.exercise) or exercise_code(exercise, lang, variant)
            out.append((code, cell.exercise))
        elif cell.kind == "quiz" and cell.quiz:
            out.append((quiz_code(lesson.quiz(cell.quiz), variant), None))
    return out


def _setup_source(cell: Cell, lang: str) -> str:
    lines = cell.text.split("\n")
    return "\n".join(f'LANG = "{lang}"' if line == _LANG_LINE else line for line in lines)


def notebook(lesson: Lesson, lang: str, variant: str = "learner") -> nbformat.NotebookNode:
    cells = []
    for cell in lesson.cells:
        if cell.kind == "markdown":
            if cell.lang in (None, lang):
                cells.append(new_markdown_cell(cell.text))
        elif cell.kind == "setup":
            meta = {"jupyter": {"source_hidden": True}, "tags": ["setup"]}
            cells.append(new_code_cell(_setup_source(cell, lang), metadata=meta))
        elif cell.kind == "code":
            cells.append(new_code_cell(cell.text))
        elif cell.kind == "exercise" and cell.exercise:
            exercise = lesson.exercise(cell.exercise)
            meta = {"tags": ["exercise"], "ecslearn": {"exercise": cell.exercise}}
            cells.append(new_code_cell(exercise_code(exercise, lang, variant), metadata=meta))
            meta = {"tags": ["check"], "ecslearn": {"check": cell.exercise}}
            cells.append(new_code_cell(check_code(cell.exercise, lang, variant), metadata=meta))
        elif cell.kind == "quiz" and cell.quiz:
            meta = {"tags": ["quiz"], "ecslearn": {"quiz": cell.quiz}}
            code = quiz_code(lesson.quiz(cell.quiz), variant)
            cells.append(new_code_cell(code, metadata=meta))
    for index, cell in enumerate(cells):
        cell["id"] = f"{lesson.name}-{index:03d}"[:64]
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "ecslearn": {
                "lesson": lesson.number,
                "lang": lang,
                "variant": variant,
                "source": f"lessons/{lesson.label}",
                "note": "Generated by `./dev lessons`: edit the source.",
            },
        },
    )
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def render(lesson: Lesson, lang: str, variant: str = "learner") -> str:
    """The notebook's exact bytes (as text): what is committed for the learner variant."""
    nb = notebook(lesson, lang, variant)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def target(root: Path, lesson: Lesson, lang: str) -> Path:
    return root / lang / f"{lesson.name}.ipynb"


def write_all(
    out: Path = NOTEBOOKS_DIR, variant: str = "learner", selected: Iterable[Lesson] | None = None
) -> list[Path]:
    written = []
    for lesson in selected if selected is not None else lessons():
        for lang in LANGUAGES:
            path = target(out, lesson, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = render(lesson, lang, variant)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


INDEX = "README.md"


def title(lesson: Lesson, lang: str) -> str:
    """The lesson's title in `lang`: the first heading of its first markdown cell, without
    the lesson's number."""
    for cell in lesson.cells:
        if cell.kind == "markdown" and cell.lang in (lang, None):
            for line in cell.text.splitlines():
                if line.startswith("# "):
                    return re.sub(r"^\d+ · ", "", line[2:].strip())
    return lesson.name


def index_text(all_lessons: Iterable[Lesson]) -> str:
    """notebooks/README.md: where to start, and every lesson in both languages."""
    rows = [
        f"| {lesson.number} | [{title(lesson, 'en')}](en/{lesson.name}.ipynb) "
        f"| [{title(lesson, 'ko')}](ko/{lesson.name}.ipynb) |"
        for lesson in all_lessons
    ]
    return "\n".join(
        [
            "# ecslearn: the lessons · 레슨",
            "",
            "Start with [en/00-welcome.ipynb](en/00-welcome.ipynb), or in Korean with",
            "[ko/00-welcome.ipynb](ko/00-welcome.ipynb) (한국어는 여기서 시작하세요). Run each",
            "lesson from the top (Run → Run All Cells), then try the exercises: `ex1.check()`,",
            "`ex1.hint()`, `ex1.solution()`.",
            "",
            "| # | English | 한국어 |",
            "|---|---|---|",
            *rows,
            "",
            "`widgets-demo.ipynb` is the dashboard on its own. These notebooks are generated",
            "from `lessons/NN-slug/` (`lesson.py` and `exercises.py`) by `./dev lessons`: edit",
            "the sources, not these files.",
            "",
        ]
    )


def course_entries(all_lessons: Iterable[Lesson]) -> list[dict]:
    """Every lesson's exercises and quizzes in notebook order, for ``ecslearn/data/course.json``
    (`ecslearn.lessons.course_index`): what ``ecslearn.progress()`` lists."""
    entries = []
    for lesson in all_lessons:
        items = []
        for cell in lesson.cells:
            if cell.exercise:
                found = lesson.exercise(cell.exercise)
                kind, label = "exercise", found.title
            elif cell.quiz:
                found = lesson.quiz(cell.quiz)
                kind, label = "quiz", found.label()
            else:
                continue
            items.append(
                {"item": found.name, "kind": kind, "title": {"en": label.en, "ko": label.ko}}
            )
        entries.append(
            {
                "lesson": lesson.name,
                "number": lesson.number,
                "title": {lang: title(lesson, lang) for lang in LANGUAGES},
                "items": items,
            }
        )
    return entries


def write_course(path: Path = COURSE_FILE) -> Path:
    text = course_text(course_entries(lessons()))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def write_index(out: Path = NOTEBOOKS_DIR) -> Path:
    path = out / INDEX
    text = index_text(lessons())
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def out_of_date(out: Path = NOTEBOOKS_DIR) -> list[str]:
    """Committed learner notebooks that differ from the generator's output (or are missing,
    or are left over from a lesson that no longer exists)."""
    problems = []
    expected = set()
    for lesson in lessons():
        for lang in LANGUAGES:
            path = target(out, lesson, lang)
            expected.add(path)
            if not path.exists():
                problems.append(f"{path.relative_to(out)} is missing")
            elif path.read_text(encoding="utf-8") != render(lesson, lang):
                problems.append(f"{path.relative_to(out)} differs from lessons/{lesson.label}")
    for lang in LANGUAGES:
        for path in sorted((out / lang).glob("*.ipynb")):
            if path not in expected:
                problems.append(f"{path.relative_to(out)} has no lesson folder in lessons/")
    index = out / INDEX
    if not index.exists() or index.read_text(encoding="utf-8") != index_text(lessons()):
        problems.append(f"{INDEX} (the list of lessons) is out of date")
    course = course_text(course_entries(lessons()))
    if not COURSE_FILE.exists() or COURSE_FILE.read_text(encoding="utf-8") != course:
        problems.append("ecslearn/data/course.json (the lessons' exercises and quizzes) is stale")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev lessons",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    parser.add_argument("--variant", choices=VARIANTS, default="learner")
    parser.add_argument("--out", type=Path, default=None, help="default: notebooks/")
    parser.add_argument("--lesson", action="append", help="only lessons starting with this")
    args = parser.parse_args(argv)
    if args.check:
        problems = out_of_date()
        for problem in problems:
            print(problem)
        if problems:
            print("Run: ./dev lessons")
        return 1 if problems else 0
    if args.variant != "learner" and args.out is None:
        parser.error("--variant solved/wrong needs --out (only learner notebooks are committed)")
    selected = lessons(only=args.lesson or ())
    for path in write_all(args.out or NOTEBOOKS_DIR, args.variant, selected):
        print(path)
    if args.variant == "learner":
        print(write_index(args.out or NOTEBOOKS_DIR))
        if args.out is None:
            print(write_course())
    return 0


def _cli() -> int:
    try:
        return main()
    except LessonSourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(_cli())
