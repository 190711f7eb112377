"""One source per lesson: the committed notebooks are exactly what the generator writes, and
the English and Korean notebooks run the same code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecslearn.lessons import build
from ecslearn.lessons.build import LessonSourceError, lessons, out_of_date, parse, render

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
    assert not problems, (
        "Notebooks drifted from lessons/*.py; run `python -m ecslearn.lessons.build`:\n"
        + "\n".join(problems)
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
GOOD_SETUP = '# %% setup\nfrom ecslearn.lessons.lesson01 import ex1\n\nLANG = "en"\n'


def write(tmp_path: Path, text: str, name: str = "01-demo.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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
        ("x = 1\n" + GOOD_SETUP, "code before the first"),
    ],
)
def test_a_broken_source_is_refused_with_what_to_fix(tmp_path, text, message) -> None:
    with pytest.raises(LessonSourceError) as excinfo:
        parse(write(tmp_path, text))
    assert message in str(excinfo.value)


def test_a_source_must_be_named_nn_slug(tmp_path) -> None:
    with pytest.raises(LessonSourceError, match=r"NN-slug\.py"):
        parse(write(tmp_path, GOOD_SETUP, name="demo.py"))


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
