"""One folder per lesson: the committed notebooks are exactly what the generator writes, and
the English and Korean notebooks run the same code."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tools import lessons as build
from tools.lessons import LessonSourceError, lessons, out_of_date, parse, render

LESSONS = lessons()


def test_there_are_lessons_and_each_has_both_notebooks() -> None:
    assert [lesson.name for lesson in LESSONS][:3] == [
        "00-welcome",
        "01-cluster",
        "02-container-instances",
    ]
    for lesson in LESSONS:
        for lang in ("en", "ko"):
            assert build.target(build.NOTEBOOKS_DIR, lesson, lang).exists()


def test_committed_notebooks_equal_the_generators_output() -> None:
    problems = out_of_date()
    assert not problems, "Notebooks drifted from lessons/*/; run `./dev lessons`:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_output_is_deterministic_and_has_no_outputs(lesson) -> None:
    for lang in ("en", "ko"):
        text = render(lesson, lang)
        assert text == render(parse(lesson.path), lang)
        nb = json.loads(text)
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_english_and_korean_run_the_same_code(lesson) -> None:
    def code(lang: str) -> list[str]:
        nb = json.loads(render(lesson, lang, "solved"))
        sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        return [s.replace(f'LANG = "{lang}"', "LANG = ?") for s in sources]

    assert code("en") == code("ko")
    kinds = {
        lang: [c["cell_type"] for c in json.loads(render(lesson, lang))["cells"]]
        for lang in ("en", "ko")
    }
    assert kinds["en"] == kinds["ko"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_korean_notebooks_use_the_course_terms(lesson) -> None:
    nb = json.loads(render(lesson, "ko"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "클러스터" in text
    for wrong in ("클러스타", "테스크", "태스크 정의", "컨테이너 인스턴쓰"):
        assert wrong not in text


# -- the format's rules, each refused with a message that says what to write -----------------
GOOD_SETUP = (
    "# %% setup\nfrom ecslearn.lessons import from_lesson\n\n"
    '(ex1,) = from_lesson("01-demo", "ex1")\n\nLANG = "en"\n'
)


def write(
    tmp_path: Path, text: str, folder: str = "01-demo", exercises: str | None = "", name="lesson.py"
) -> Path:
    """A lesson folder in `tmp_path`: its narrative `text` and (unless None) its exercises."""
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if exercises is not None:
        (path.parent / "exercises.py").write_text(exercises, encoding="utf-8")
    return path


EX1 = """\
from ecslearn.lessons import T, Exercise, Wrong

ex1 = Exercise(
    "ex1", T("t", "t"), ("x",), "x = ____", "x = 1", (Wrong("x = 2", T("w", "w")),),
    (T("h", "h"),), lambda v: None if v.x == 1 else T("w", "w"), (),
)
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# %% [markdown] en\n# Hello\n" + GOOD_SETUP, "Korean twin"),
        (GOOD_SETUP + "# %% [markdown] ko\n# 안녕\n", "follows its English"),
        ("# %%\nx = 1\n" + GOOD_SETUP, "first code cell is '# %% setup'"),
        ("# %% setup\nimport os\n", 'LANG = "en"'),
        (GOOD_SETUP + "# %% exercise ex1\nx = 1\n", "stays empty"),
        (GOOD_SETUP + "# %% exercise ex9\n", "needs an Exercise named 'ex9'"),
        (GOOD_SETUP + "# %% [markdown] en\nnot a comment\n# %% [markdown] ko\n# 네\n", "'# '"),
        (GOOD_SETUP + "# %% sideways\n", "unknown cell marker"),
        (GOOD_SETUP + "# %% quiz q1\nq1.ask()\n", "a quiz cell stays empty"),
        (GOOD_SETUP + "# %% quiz q9\n", "needs a Quiz named 'q9'"),
        (GOOD_SETUP + "# %% quiz 1q\n", "write '# %% quiz q1'"),
        (GOOD_SETUP + "# %% quiz ex1\n", "needs a Quiz named 'ex1'"),
        ("x = 1\n" + GOOD_SETUP, "code before the first"),
        (
            GOOD_SETUP.replace('"01-demo"', '"02-other"') + "# %% exercise ex1\n",
            'loads the exercises with from_lesson("01-demo", "ex1", ...)',
        ),
    ],
)
def test_a_broken_source_is_refused_with_what_to_fix(tmp_path, text, message) -> None:
    with pytest.raises(LessonSourceError) as excinfo:
        parse(write(tmp_path, text, exercises=EX1))
    assert message in str(excinfo.value)
    assert "01-demo/lesson.py" in str(excinfo.value)


QUIZ = """
from ecslearn.lessons import Choice, Quiz

q1 = Quiz(
    "q1",
    T("Where?", "어디?"),
    (
        Choice(T("a", "a"), T("no, not a", "a 아님")),
        Choice(T("b", "b"), T("yes, b", "b 맞음"), correct=True),
        Choice(T("c", "c"), T("no, not c", "c 아님")),
    ),
)
"""


def test_a_quiz_cell_is_asked_answered_right_or_answered_wrong_by_variant(tmp_path) -> None:
    lesson = parse(write(tmp_path, GOOD_SETUP + "# %% quiz q1\n", exercises=EX1 + QUIZ))
    assert [quiz.name for quiz in lesson.quizzes()] == ["q1"]
    cells = {
        variant: json.loads(build.render(lesson, "en", variant))["cells"][-1]
        for variant in build.VARIANTS
    }
    assert "".join(cells["learner"]["source"]) == "q1.ask()"
    assert "".join(cells["solved"]["source"]) == 'q1.answer("b").assert_correct()'
    assert "".join(cells["wrong"]["source"]) == (
        'q1.answer("a").assert_incorrect(q1.feedback("a"))'
    )
    assert cells["learner"]["metadata"] == {"ecslearn": {"quiz": "q1"}, "tags": ["quiz"]}
    items = build.course_entries([lesson])[0]["items"]
    assert items == [{"item": "q1", "kind": "quiz", "title": {"en": "Where?", "ko": "어디?"}}]


def test_a_stale_course_list_is_reported_with_the_notebooks(tmp_path, monkeypatch) -> None:
    stale = tmp_path / "course.json"
    stale.write_text('{"lessons": []}\n', encoding="utf-8")
    monkeypatch.setattr(build, "COURSE_FILE", stale)
    assert "ecslearn/data/course.json (the lessons' exercises and quizzes) is stale" in (
        out_of_date()
    )
    assert build.write_course(stale) == stale
    assert out_of_date() == []


def test_a_lesson_with_exercises_needs_its_exercises_module_beside_it(tmp_path) -> None:
    path = write(tmp_path, GOOD_SETUP + "# %% exercise ex1\n", exercises=None)
    with pytest.raises(LessonSourceError, match=r"needs their module 01-demo/exercises\.py"):
        parse(path)
    (path.parent / "exercises.py").write_text(EX1, encoding="utf-8")
    lesson = parse(path)
    assert [ex.name for ex in lesson.exercises()] == ["ex1"]
    assert lesson.module.__name__ == "ecslearn_lessons.lesson_01_demo"
    assert sys.modules["ecslearn_lessons.lesson_01_demo"] is lesson.module


def test_a_lesson_is_a_folder_nn_slug_with_its_narrative_lesson_py(tmp_path) -> None:
    with pytest.raises(LessonSourceError, match=r"NN-slug/lesson\.py"):
        parse(write(tmp_path, GOOD_SETUP, folder="demo"))
    with pytest.raises(LessonSourceError, match=r"NN-slug/lesson\.py"):
        parse(write(tmp_path, GOOD_SETUP, name="narrative.py"))


def test_noqa_comments_stay_in_the_source_only(tmp_path) -> None:
    lesson = parse(write(tmp_path, '# %% setup\nfrom x import y  # noqa: F401\n\nLANG = "en"\n'))
    nb = json.loads(render(lesson, "ko"))
    assert "".join(nb["cells"][0]["source"]) == 'from x import y\n\nLANG = "ko"'
    assert nb["cells"][0]["metadata"]["tags"] == ["setup"]


def test_the_cli_checks_and_writes_variants(tmp_path, capsys) -> None:
    assert build.main(["--check"]) == 0
    assert build.main(["--variant", "solved", "--out", str(tmp_path), "--lesson", "01"]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb"))
    assert written == ["en/01-cluster.ipynb", "ko/01-cluster.ipynb"]
    assert "assert_correct()" in (tmp_path / "en/01-cluster.ipynb").read_text()
