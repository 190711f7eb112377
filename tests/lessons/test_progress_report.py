"""``ecslearn.progress()``: every lesson's exercises and quizzes from the course list, each
Correct, Incorrect or Not attempted, as a table for the learner and as JSON and CSV for a
teacher (also ``ecslearn progress --json`` / ``--csv``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import ecslearn
from ecslearn.cli import main
from ecslearn.lessons import course_index, exercises_of
from ecslearn.lessons.progress_store import update
from tests.lessons.helpers import run_lesson
from tools.lessons import course_entries, lessons


def every_item() -> list[tuple[str, str]]:
    return [(e.lesson, i.item) for e in course_index.course() or [] for i in e.items]


def test_the_course_list_names_every_lessons_exercises_and_quizzes_in_notebook_order() -> None:
    listed = course_index.course()
    assert listed is not None
    assert [e.lesson for e in listed] == [lesson.name for lesson in lessons()]
    cluster = next(e for e in listed if e.lesson == "01-cluster")
    assert [(i.item, i.kind) for i in cluster.items] == [
        ("ex1", "exercise"),
        ("ex2", "exercise"),
        ("ex3", "exercise"),
        ("q1", "quiz"),
        ("q2", "quiz"),
        ("q3", "quiz"),
    ]
    assert cluster.title == {"en": "The cluster", "ko": "클러스터"}
    assert (
        course_entries(lessons(only=["01"]))[0]["items"][3]["title"]["ko"] == "클러스터란 무엇인가"
    )


def test_before_anything_is_checked_every_item_is_not_attempted(progress_file: Path) -> None:
    report = ecslearn.progress()
    assert [(r.lesson, r.item) for r in report.rows] == every_item()
    assert {r.status for r in report.rows} == {"not_attempted"}
    assert report.summary() == f"0 of {len(report.rows)} correct, 0 incorrect, " + (
        f"{len(report.rows)} not attempted"
    )
    assert f"Kept in {progress_file}" in report.text()
    assert not progress_file.exists(), "showing progress writes nothing"


def test_running_lesson_1_solved_makes_its_exercises_and_quizzes_correct(
    progress_file: Path,
) -> None:
    """The solved notebook checks every exercise and answers every quiz right: each check and
    answer lands in the progress file, and the table says Correct for all six."""
    lesson = lessons(only=["01"])[0]
    run_lesson(lesson, "ko", "solved")
    rows = [r for r in ecslearn.progress("ko").rows if r.lesson == "01-cluster"]
    assert [(r.item, r.status, r.attempts, r.lang) for r in rows] == [
        (name, "correct", 1, "ko") for name in ("ex1", "ex2", "ex3", "q1", "q2", "q3")
    ]
    assert "01-cluster · 클러스터" in ecslearn.progress("ko").text()


def test_a_learners_run_all_records_nothing(progress_file: Path) -> None:
    """The learner notebook's checks answer Not attempted and its quizzes are only asked."""
    run_lesson(lessons(only=["01"])[0], "en", "learner")
    assert not progress_file.exists()


def test_the_table_shows_each_verdict_in_the_exercise_panels_colours(progress_file: Path) -> None:
    update(progress_file, "01-cluster", "ex1", "exercise", "correct", "en")
    update(progress_file, "01-cluster", "q2", "quiz", "incorrect", "en")
    report = ecslearn.progress("en")
    page = report.html()
    assert "<table" in page and "Your progress: 1 of" in page
    assert '#2e7d32"><b>Correct ✓</b>' in page and '#c62828"><b>Incorrect ✗</b>' in page
    assert "01-cluster · The cluster" in page
    assert "q2 · The default cluster | Quiz | Incorrect ✗ | 1" in report.text()
    assert report._repr_html_() == page
    korean = ecslearn.progress("ko")
    assert "학습 진행 상황" in korean.html() and "오답 ✗" in korean.text()


def test_a_teacher_collects_it_as_json(progress_file: Path) -> None:
    update(progress_file, "01-cluster", "ex2", "exercise", "incorrect", "ko")
    update(progress_file, "01-cluster", "ex2", "exercise", "correct", "ko")
    data = json.loads(ecslearn.progress().to_json())
    assert data["format"] == "ecslearn-progress-report" and data["file"] == str(progress_file)
    assert data["summary"]["correct"] == 1
    assert data["summary"]["total"] == len(every_item())
    ex2 = next(i for i in data["items"] if (i["lesson"], i["item"]) == ("01-cluster", "ex2"))
    assert ex2["status"] == "correct" and ex2["attempts"] == 2 and ex2["points"] == 1
    assert ex2["lang"] == "ko" and ex2["last_attempt"].endswith("Z")


def test_a_gradebook_imports_one_csv_row_per_item(progress_file: Path) -> None:
    update(progress_file, "01-cluster", "q3", "quiz", "incorrect", "en")
    rows = list(csv.DictReader(io.StringIO(ecslearn.progress().to_csv())))
    assert len(rows) == len(every_item())
    assert list(rows[0]) == [
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
    ]
    q3 = next(r for r in rows if (r["lesson"], r["item"]) == ("01-cluster", "q3"))
    assert (q3["status"], q3["points"], q3["attempts"], q3["kind"]) == (
        "incorrect",
        "0",
        "1",
        "quiz",
    )
    untouched = next(r for r in rows if (r["lesson"], r["item"]) == ("01-cluster", "ex1"))
    assert untouched["status"] == "not_attempted" and untouched["last_attempt"] == ""


def test_gradescope_reads_one_one_point_test_per_item(progress_file: Path, capsys) -> None:
    """Gradescope's autograder results.json (the file otter-grader writes there): each exercise
    and quiz a test worth one point, passed only when correct; the score is their sum."""
    update(progress_file, "01-cluster", "ex1", "exercise", "correct", "en")
    update(progress_file, "01-cluster", "q2", "quiz", "incorrect", "en")
    update(progress_file, "01-cluster", "q2", "quiz", "incorrect", "en")
    assert main(["progress", "--gradescope"]) == 0
    results = json.loads(capsys.readouterr().out)
    tests = {t["number"]: t for t in results["tests"]}
    assert len(results["tests"]) == len(every_item()) and results["score"] == 1.0
    assert tests["01.ex1"]["score"] == 1.0 and tests["01.ex1"]["status"] == "passed"
    assert (tests["01.q2"]["score"], tests["01.q2"]["status"]) == (0.0, "failed")
    assert tests["01.q2"]["output"] == "Incorrect ✗ (2)" and tests["01.q2"]["tags"] == [
        "01-cluster",
        "quiz",
    ]
    assert {t["max_score"] for t in results["tests"]} == {1.0}
    assert results["output"].startswith("1 of ")


def test_a_record_the_course_no_longer_lists_is_still_shown_after_its_lesson(
    progress_file: Path,
) -> None:
    update(progress_file, "01-cluster", "ex9", "exercise", "correct", "en")
    rows = [(r.lesson, r.item) for r in ecslearn.progress().rows]
    assert rows.index(("01-cluster", "ex9")) == rows.index(("01-cluster", "q3")) + 1


def test_an_unreadable_file_is_reported_not_raised(progress_file: Path) -> None:
    progress_file.write_text("{broken", encoding="utf-8")
    report = ecslearn.progress()
    assert report.count("correct") == 0
    assert "could not be read (not JSON" in report.text()
    assert progress_file.read_text(encoding="utf-8") == "{broken"


def test_with_recording_off_the_table_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECSLEARN_PROGRESS", "off")
    assert "not recorded in this session (ECSLEARN_PROGRESS=off)" in ecslearn.progress().text()


def test_the_loader_tells_each_exercise_and_quiz_its_lesson() -> None:
    module = exercises_of("01")
    assert module.ex1.lesson == "01-cluster" and module.q1.lesson == "01-cluster"


# -- the command line --------------------------------------------------------------------------
def test_ecslearn_progress_prints_the_table_json_or_csv(progress_file: Path, capsys) -> None:
    update(progress_file, "01-cluster", "q1", "quiz", "correct", "en")
    assert main(["progress"]) == 0
    assert "q1 · What a cluster is | Quiz | Correct ✓ | 1" in capsys.readouterr().out
    assert main(["progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["correct"] == 1
    assert main(["progress", "--csv", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("lesson,item,kind,status,points")
    assert "01-cluster,q1,quiz,correct,1,1," in out and "클러스터란 무엇인가" in out


def test_ecslearn_progress_reads_another_learners_file(tmp_path: Path, capsys) -> None:
    theirs = tmp_path / "alice.json"
    update(theirs, "01-cluster", "ex3", "exercise", "incorrect", "ko")
    assert main(["progress", "--json", "--file", str(theirs)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(theirs) and data["summary"]["incorrect"] == 1


def test_json_and_csv_are_one_or_the_other() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["progress", "--json", "--csv"])
    assert exit_info.value.code == 2
