"""Every exercise: its worked solution answers Correct, every typical wrong answer answers
Incorrect with its hint, the untouched starter answers Not attempted, and a check never raises.

These run the lessons' code in a plain namespace (no kernel) and read every message in both
languages; the notebooks themselves run under nbval in test_nbval.py."""

from __future__ import annotations

import pytest

from ecslearn.lessons import T, ____
from ecslearn.lessons.exercise import Exercise
from tests.lessons.helpers import run_lesson
from tools.lessons import lessons

LESSONS = lessons()
EXERCISES = [(lesson, ex) for lesson in LESSONS for ex in lesson.exercises()]
WRONG = [(lesson, ex, index) for lesson, ex in EXERCISES for index in range(len(ex.wrong))]
LANGS = ("en", "ko")


def ident(value) -> str:
    if isinstance(value, Exercise):
        return value.name
    return getattr(value, "name", str(value))


@pytest.mark.parametrize(("lesson", "ex"), EXERCISES, ids=ident)
def test_every_exercise_has_a_solution_a_wrong_answer_and_hints(lesson, ex) -> None:
    assert ex.reads, "an exercise reads at least one learner variable"
    assert str(ex.solution_code).strip() and ex.solution_code != ex.starter
    assert ex.wrong, f"{lesson.name} {ex.name}: keep at least one typical wrong answer"
    for wrong in ex.wrong:
        assert wrong.code.strip() and wrong.code != ex.solution_code
        assert wrong.expect.en and wrong.expect.ko
    assert ex.hints and all(h.en and h.ko for h in ex.hints)
    assert ex.title.en and ex.title.ko


# The lessons' code is the same in both languages (only LANG differs, and only what is shown
# depends on it), and a check's message carries both languages: each lesson runs once here and
# the messages are read in English and Korean. nbval runs each language's notebook for real.
@pytest.mark.parametrize("lesson", LESSONS, ids=ident)
def test_worked_solutions_are_correct(lesson) -> None:
    _, results = run_lesson(lesson, "en", "solved")
    assert results, f"{lesson.name} has no exercise"
    for name, result in results.items():
        assert result.correct, f"{lesson.name} {name}: {result.text()}"


@pytest.mark.parametrize("lesson", LESSONS, ids=ident)
def test_untouched_starters_are_not_attempted(lesson) -> None:
    _, results = learner_run(lesson)
    for name, result in results.items():
        assert result.status == "not_attempted", f"{lesson.name} {name}: {result.text()}"
        for lang in LANGS:
            assert "____" not in result.message(lang)


@pytest.mark.parametrize(("lesson", "ex", "index"), WRONG, ids=ident)
def test_a_typical_wrong_answer_is_incorrect_with_its_hint(lesson, ex, index) -> None:
    wrong = ex.wrong[index]
    # earlier exercises solved, this one answered wrongly, then its check
    answers = {e.name: str(e.solution_code) for e in lesson.exercises()}
    answers[ex.name] = wrong.code
    _, results = run_lesson(lesson, "en", "solved", answers, stop_after=ex.name)
    result = results[ex.name]
    assert result.status == "incorrect", f"{lesson.name} {ex.name}: accepted {wrong.code!r}"
    for lang in LANGS:
        assert wrong.expect(lang) in result.message(lang), result.message(lang)
        assert "AssertionError" not in result.message(lang)


# -- a check never raises, and shows itself as plain text outside Jupyter ----------------------
_LEARNER_RUNS: dict[str, tuple[dict, dict]] = {}


def learner_run(lesson) -> tuple[dict, dict]:
    """The lesson run as the learner gets it (blanks left), once per lesson: the tests below
    only read its namespace."""
    if lesson.name not in _LEARNER_RUNS:
        _LEARNER_RUNS[lesson.name] = run_lesson(lesson, "en", "learner")
    return _LEARNER_RUNS[lesson.name]


@pytest.mark.parametrize(("lesson", "ex"), EXERCISES, ids=ident)
def test_a_check_never_raises_whatever_it_is_given(lesson, ex) -> None:
    namespace, _ = learner_run(lesson)
    for junk in (42, None, "", [], {}, {"clusterName": 3}, object()):
        values = dict(namespace, **dict.fromkeys(ex.reads, junk))
        for lang in LANGS:
            result = ex.evaluate(values, lang)
            assert result.status in ("incorrect", "not_attempted"), junk
            assert result.message(lang)


def test_a_judge_that_fails_becomes_an_incorrect_answer_not_an_exception() -> None:
    def judge(v):
        raise KeyError("containerInstances")

    ex = Exercise("ex1", T("t", "t"), ("x",), "x = ____", "x = 1", (), (T("h", "h"),), judge, ())
    result = ex.evaluate({"x": 1})
    assert result.status == "incorrect"
    assert "KeyError" in result.message("en")


def test_an_ecs_error_in_a_judge_is_reported_in_ecs_words() -> None:
    from ecslearn import Simulation

    ecs = Simulation(seed=0).client()

    def judge(v):
        v.ecs.describe_services(cluster="nope", services=["web"])

    ex = Exercise("ex1", T("t", "t"), ("x",), "x = ____", "x = 1", (), (T("h", "h"),), judge)
    result = ex.evaluate({"x": 1, "ecs": ecs, "sim": None}, "ko")
    assert result.status == "incorrect"
    assert "ClusterNotFoundException" in result.message("ko")
    assert result.message("ko").startswith("ECS가")


def test_check_hint_and_solution_print_in_plain_python(capsys) -> None:
    lesson = LESSONS[1]
    namespace, _ = run_lesson(lesson, "ko", "learner")
    namespace["kubernetes_equivalent"] = "node"
    exec("r = ex3.check()\nex3.hint()\nex3.hint(99)\nex3.solution()", namespace)
    out = capsys.readouterr().out
    assert "ex3 · 오답 ✗" in out and "흔한 오해" in out
    assert "힌트 2/2" in out  # hint(99) is the last hint
    assert 'kubernetes_equivalent = "cluster"' in out
    assert not namespace["r"] and namespace["r"].status == "incorrect"
    namespace["kubernetes_equivalent"] = ____
    exec("r = ex3.check()", namespace)
    assert namespace["r"].status == "not_attempted"


def test_keyword_arguments_override_the_callers_variables() -> None:
    lesson = LESSONS[1]
    namespace, _ = run_lesson(lesson, "en", "learner")
    result = namespace["ex3"].check(kubernetes_equivalent="cluster")
    assert result.correct
