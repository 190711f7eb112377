"""A concept quiz: one question, three or four answers, and for whichever answer the learner picks
the reason it is right or wrong, in English and Korean; answered with the widget or in code
(``q1.answer("b")``), each answer counted in the learner's progress like an exercise check."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslearn.lessons import Choice, Quiz, T
from ecslearn.lessons.progress_store import read


def capital_quiz(right: int = 0, lesson: str = "01-demo") -> Quiz:
    """Where a cluster lives, with its `right`-th answer the correct one."""
    answers = [
        (T("In one Region", "한 리전"), T("Right: a cluster is regional.", "맞습니다.")),
        (
            T("In every Region", "모든 리전"),
            T("No: each Region has its own clusters.", "아닙니다. 리전마다 따로 있습니다."),
        ),
        (T("In one zone", "한 가용 영역"), T("No: it spans zones.", "아닙니다.")),
    ]
    return Quiz(
        name="q1",
        title=T("Where ECS answers", "ECS가 응답하는 곳"),
        question=T("Where does a cluster live?", "클러스터는 어디에 있나요?"),
        choices=tuple(Choice(text, why, i == right) for i, (text, why) in enumerate(answers)),
        lesson=lesson,
    )


def test_a_quiz_has_three_or_four_answers_and_exactly_one_is_right() -> None:
    quiz = capital_quiz(0)
    assert quiz.correct_choice == "a" and quiz.letters == "abc"
    with pytest.raises(ValueError, match="3 or 4 answers"):
        Quiz("q1", quiz.question, quiz.choices[:2])
    with pytest.raises(ValueError, match="exactly one answer is correct"):
        Quiz("q1", quiz.question, tuple(Choice(c.text, c.why) for c in quiz.choices))


def test_the_right_answer_is_correct_and_says_why_in_the_notebooks_language(
    progress_file: Path,
) -> None:
    quiz = capital_quiz(0)
    notebook = {"q1": quiz, "LANG": "ko"}  # answer() reads the notebook's LANG, as check() does
    exec('result = q1.answer("a")', notebook)
    result = notebook["result"]
    assert result.correct and result.message("ko") == "맞습니다."
    assert result.text() == "q1 · 정답 ✓\n맞습니다."
    assert read(progress_file).records["01-demo/q1"]["status"] == "correct"
    assert read(progress_file).records["01-demo/q1"]["lang"] == "ko"


def test_a_wrong_answer_is_incorrect_with_its_own_reason_and_counts_as_an_attempt(
    progress_file: Path,
) -> None:
    quiz = capital_quiz(0)
    result = quiz.answer(" B ")
    assert result.status == "incorrect"
    assert result.assert_incorrect(quiz.feedback("b")) is result
    assert "each Region has its own clusters" in result.text()
    quiz.answer("c")
    quiz.answer("a")
    record = read(progress_file).records["01-demo/q1"]
    assert record["attempts"] == 3 and record["status"] == "correct"


@pytest.mark.parametrize("junk", ["z", "", "ab", 1, None])
def test_an_answer_that_is_not_one_of_the_letters_is_not_an_attempt(
    junk: object, progress_file: Path
) -> None:
    result = capital_quiz(0).answer(junk)  # type: ignore[arg-type]
    assert result.status == "not_attempted"
    assert "choose one of a, b, c" in result.message("en")
    assert "a, b, c 가운데 하나를 고르세요" in result.message("ko")
    assert not progress_file.exists()


def test_outside_jupyter_ask_prints_the_question_its_answers_and_how_to_answer(capsys) -> None:
    quiz = capital_quiz(1)
    exec("q1.ask()", {"q1": quiz, "LANG": "en"})
    out = capsys.readouterr().out
    assert out.splitlines()[:5] == [
        "q1 · Question",
        "Where does a cluster live?",
        "  a) In one Region",
        "  b) In every Region",
        "  c) In one zone",
    ]
    assert 'Answer in code with q1.answer("a").' in out


def test_the_widget_checks_the_chosen_answer_and_shows_the_verdict_in_the_panels_colours(
    progress_file: Path,
) -> None:
    quiz = capital_quiz(0)
    box = quiz.widget("ko")
    shown = quiz._widgets[-1]
    assert shown.check.description == "확인"
    assert "클러스터는 어디에 있나요?" in shown.heading.value
    assert shown.choices.options[0] == ("a) 한 리전", "a")
    shown.check.click()  # nothing chosen: only asks to choose, records nothing
    assert "먼저 답을 하나 고른 다음 확인을 누르세요" in shown.verdict.value
    assert not progress_file.exists()
    shown.choices.value = "b"
    shown.check.click()
    assert "오답 ✗" in shown.verdict.value and "#c62828" in shown.verdict.value
    assert "리전마다 따로 있습니다" in shown.verdict.value
    shown.choices.value = "a"
    shown.check.click()
    assert "정답 ✓" in shown.verdict.value and "#2e7d32" in shown.verdict.value
    assert read(progress_file).records["01-demo/q1"]["attempts"] == 2
    assert box.children[0] is shown.heading


def test_answering_in_code_also_shows_on_the_widget_in_the_widgets_language() -> None:
    quiz = capital_quiz(0)
    quiz.widget("ko")
    shown = quiz._widgets[-1]
    quiz.answer("c")
    assert shown.choices.value == "c"
    assert "오답 ✗" in shown.verdict.value


def test_a_quiz_of_no_lesson_is_answered_but_not_recorded(progress_file: Path) -> None:
    assert capital_quiz(lesson="").answer("a").correct
    assert not progress_file.exists()


def test_ask_speaks_the_notebooks_language(capsys) -> None:
    exec("q1.ask()", {"q1": capital_quiz(), "LANG": "ko"})
    out = capsys.readouterr().out
    assert out.startswith("q1 · 질문\n클러스터는 어디에 있나요?\n  a) 한 리전")
    assert '코드로 답하기: q1.answer("a")' in out


def test_the_widgets_answers_are_plain_text_without_code_marks() -> None:
    quiz = Quiz(
        "q1",
        T("Which cluster?", "어느 클러스터?"),
        (
            Choice(T("`default`", "`default`"), T("yes", "예"), correct=True),
            Choice(T("`web`", "`web`"), T("no", "아니요")),
            Choice(T("none", "없음"), T("no", "아니요")),
        ),
    )
    quiz.widget("en")
    assert quiz._widgets[-1].choices.options[0] == ("a) default", "a")
