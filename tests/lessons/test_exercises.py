"""Every exercise: its worked solution answers Correct, every typical wrong answer answers
Incorrect with its hint, the untouched starter answers Not attempted, and a check never raises.

These run the lessons' code in a plain namespace (no kernel) and read every message in both
languages; the notebooks themselves run under nbval in test_nbval.py."""

from __future__ import annotations

import ast
import builtins

import pytest

from ecslearn.lessons import T, ____
from ecslearn.lessons.exercise import Exercise
from tests.lessons.helpers import run_lesson
from tools.lessons import code_cells, lessons

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
    _, results, _ = learner_run(lesson)
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


# -- what an exercise needs from the notebook, it says ----------------------------------------
# The setup cell gives every lesson `____` and `LANG`; anything else an exercise's code (starter,
# solution, wrong answers) reads without defining or importing it must be in its `uses`, so
# that check() says "run the lesson from the top" instead of failing, and so that the narrative
# cannot rename it silently. Helpers both sides need live in the lesson's exercises.py.
SETUP_NAMES = {"____", "LANG"}


def free_names(code: str) -> set[str]:
    """The names `code` reads that it neither assigns, defines, imports nor gets as builtins."""
    tree = ast.parse(code)
    bound = set(SETUP_NAMES) | set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    loads = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return loads - bound


def needs(ex) -> set[str]:
    """Every name the exercise's code (starter, solution, wrong answers) reads from outside."""
    found: set[str] = set()
    for code in (ex.starter, ex.solution_code, *(w.code for w in ex.wrong)):
        for lang in LANGS:
            found |= free_names(code if isinstance(code, str) else code(lang))
    return found


def shared(lesson) -> set[str]:
    """The public names the lesson's exercises.py defines (helpers the narrative imports)."""
    return {name for name in vars(lesson.module) if not name.startswith("_")}


@pytest.mark.parametrize(("lesson", "ex"), EXERCISES, ids=ident)
def test_an_exercise_reads_from_the_notebook_only_what_its_uses_declares(lesson, ex) -> None:
    undeclared = needs(ex) - set(ex.uses) - shared(lesson)
    assert not undeclared, (
        f"{lesson.name} {ex.name} reads {sorted(undeclared)} from the notebook without declaring "
        "it in `uses` (or importing it, or defining it in the lesson's exercises.py)"
    )


@pytest.mark.parametrize(("lesson", "ex"), EXERCISES, ids=ident)
def test_the_narrative_defines_what_each_exercise_uses_before_it(lesson, ex) -> None:
    namespace, _, defined_before = learner_run(lesson)
    context = set(ex.uses) | set(getattr(ex, "context", ()))
    missing = context - defined_before[ex.name]
    assert not missing, f"{lesson.name}: no cell before {ex.name} defines {sorted(missing)}"
    # a helper from exercises.py reaches the notebook through the setup cell's from_lesson
    for name in needs(ex) & shared(lesson):
        assert namespace.get(name) is getattr(lesson.module, name), (
            f"{lesson.name} {ex.name} uses {name} from exercises.py: import it in the setup "
            f'cell, `{name} = from_lesson("{lesson.name}", "{name}")`'
        )


CREATING_KEYWORDS = {"clusterName", "serviceName", "family", "repositoryName"}
CREATING_KEYS = {"name", "image", "family"}


def narrative_creates(lesson) -> set[str]:
    """The names the narrative's code gives what it creates: `clusterName=`, `serviceName=`,
    `family=`, `repositoryName=` arguments, and a container's "name" / "image" (or a request's
    "family") in a dict."""
    found: set[str] = set()
    for cell in lesson.cells:
        if cell.kind not in ("setup", "code"):
            continue
        for node in ast.walk(ast.parse(cell.text)):
            if isinstance(node, ast.keyword) and node.arg in CREATING_KEYWORDS:
                found.add(getattr(node.value, "value", None))
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if getattr(key, "value", None) in CREATING_KEYS:
                        found.add(getattr(value, "value", None))
    return {name for name in found if isinstance(name, str)}


@pytest.mark.parametrize("lesson", LESSONS, ids=ident)
def test_the_names_the_checks_rely_on_are_the_ones_the_narrative_creates(lesson) -> None:
    names = getattr(lesson.module, "FROM_THE_NARRATIVE", None)
    assert names is not None, (
        f"{lesson.name}/exercises.py: list in FROM_THE_NARRATIVE the names (clusters, services, "
        "families, repositories...) its checks and solutions expect the narrative to create"
    )
    drifted = sorted(set(names) - narrative_creates(lesson))
    assert not drifted, f"{lesson.name}/lesson.py no longer creates {drifted}"


# -- a check never raises, and shows itself as plain text outside Jupyter ----------------------
_LEARNER_RUNS: dict[str, tuple[dict, dict, dict]] = {}


def learner_run(lesson) -> tuple[dict, dict, dict]:
    """The lesson run as the learner gets it (blanks left), once per lesson: the tests below
    only read its namespace (and the names defined before each exercise)."""
    if lesson.name not in _LEARNER_RUNS:
        defined_before: dict[str, set[str]] = {}
        namespace, results = run_lesson(lesson, "en", "learner", defined_before=defined_before)
        _LEARNER_RUNS[lesson.name] = namespace, results, defined_before
    return _LEARNER_RUNS[lesson.name]


@pytest.mark.parametrize(("lesson", "ex"), EXERCISES, ids=ident)
def test_a_check_never_raises_whatever_it_is_given(lesson, ex) -> None:
    namespace, _, _ = learner_run(lesson)
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


# -- quizzes: every answer says why, in both languages; the solved run answers right ------------
QUIZZES = [(lesson, quiz) for lesson in LESSONS for quiz in lesson.quizzes()]


def test_lesson_1_has_its_quiz() -> None:
    assert [quiz.name for lesson, quiz in QUIZZES if lesson.name == "01-cluster"] == [
        "q1",
        "q2",
        "q3",
    ]


@pytest.mark.parametrize(("lesson", "quiz"), QUIZZES, ids=ident)
def test_every_quiz_answer_is_judged_and_says_why_in_both_languages(lesson, quiz) -> None:
    assert quiz.question.en and quiz.question.ko and quiz.label().ko
    assert quiz.lesson == lesson.name
    for letter, choice in zip(quiz.letters, quiz.choices, strict=True):
        assert choice.text.en and choice.text.ko and choice.why.en and choice.why.ko
        for lang in LANGS:
            result = quiz.evaluate(letter, lang)
            assert result.correct == choice.correct, f"{lesson.name} {quiz.name} {letter}"
            assert result.message(lang) == choice.why(lang)
            if not choice.correct:
                result.assert_incorrect(quiz.feedback(letter))


@pytest.mark.parametrize(("lesson", "quiz"), QUIZZES, ids=ident)
def test_the_learner_notebook_asks_each_quiz_and_the_solved_one_answers_it_right(
    lesson, quiz, capsys
) -> None:
    namespace, _, _ = learner_run(lesson)
    assert namespace[quiz.name] is quiz, "the setup cell loads the quiz with from_lesson"
    cells = dict(
        (source, name) for source, name in code_cells(lesson, "ko", "solved") if name is None
    )
    assert f'{quiz.name}.answer("{quiz.correct_choice}").assert_correct()' in cells
    exec(f"{quiz.name}.ask()", dict(namespace, LANG="ko"))
    assert quiz.question("ko") in capsys.readouterr().out
