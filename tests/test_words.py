"""The word catalogue: one list of languages, one session language, one resolver, and tables that
say the same things in every language. Pictures, widgets and lesson panels follow the session's
language unless a call says otherwise."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path
from typing import Any

import pytest

import ecslearn
import ecslearn.words
from ecslearn import Simulation, get_language, set_language
from ecslearn.lessons import Exercise, T, Values, ecs_error, simulated_vs_real
from ecslearn.model.builders import container, task_definition
from ecslearn.views import concepts
from ecslearn.views.cluster import cluster_graph
from ecslearn.views.placement import placement_graph
from ecslearn.views.task_definition import task_definition_graph
from ecslearn.views.timelines import desired_vs_running_series
from ecslearn.widgets import Dashboard, ServiceConfigurator
from ecslearn.words import LANGUAGES, resolve, words
from ecslearn.words.lessons import EXERCISES

HANGUL = re.compile("[\uac00-\ud7a3]")
REFUSED = "lang must be one of en, ko; it was 'fr'"


def catalogue_tables() -> dict[str, dict[str, dict[str, str]]]:
    """Every word table of the catalogue, by ``module.NAME``: each module's upper-case dicts."""
    found = {}
    for info in pkgutil.iter_modules(ecslearn.words.__path__):
        module = importlib.import_module(f"ecslearn.words.{info.name}")
        for name, value in vars(module).items():
            if name.isupper() and not name.startswith("_") and isinstance(value, dict):
                found[f"{info.name}.{name}"] = value
    return found


TABLES = catalogue_tables()


def placeholders(text: str) -> list[str]:
    """The names of `text`'s ``{placeholders}``, whatever format spec or particle follows them."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@pytest.fixture
def sim() -> Simulation:
    """Cluster "web" with two instances, task definition web:1, and a steady service web."""
    sim = Simulation(seed=0, strict=True)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=2)
    sim.register(task_definition("web", container("web", "nginx:1.27", memory=256, ports=[80])))
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=1)
    sim.run_until_stable()
    return sim


# -- the tables -----------------------------------------------------------------------------------


def test_the_catalogue_holds_every_views_and_widgets_table() -> None:
    expected = {
        "cluster.CLUSTER",
        "concepts.CONCEPTS",
        "placement.PLACEMENT",
        "task_definition.TASK_DEFINITION",
        "timelines.TIMELINES",
        "render.RENDER",
        "strategy_split.STRATEGY_SPLIT",
        "widgets.CONFIGURATOR",
        "widgets.EDITOR",
        "widgets.FAULTS",
        "widgets.PLAYER",
        "widgets.DASHBOARD",
        "lessons.SIMULATED",
        "lessons.REAL",
        "lessons.ADDS",
        "lessons.PANELS",
        "lessons.EXERCISES",
    }
    assert expected <= set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_has_the_same_keys_in_every_language_and_no_empty_words(name: str) -> None:
    table = TABLES[name]
    assert tuple(table) == LANGUAGES
    for lang in LANGUAGES:
        assert set(table[lang]) == set(table["en"]), (name, lang)
        for key, text in table[lang].items():
            assert isinstance(text, str) and text.strip(), (name, lang, key)
            # The same placeholders in every language: no translation is missing a value. (A
            # Korean placeholder may name its particle, "{service:이/가}": the name counts.)
            assert placeholders(text) == placeholders(table["en"][key]), (name, lang, key)


def test_languages_are_defined_once() -> None:
    source = Path(ecslearn.__file__).parent
    defined = [
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if re.search(r"^LANGUAGES\b.*=", path.read_text(encoding="utf-8"), re.M)
    ]
    assert defined == ["words/language.py"]
    from ecslearn.lessons import text

    assert text.LANGUAGES is LANGUAGES
    assert text.T is T is ecslearn.words.T


# -- the session's language and the resolver -----------------------------------------------------


def test_english_is_the_default_and_the_resolver_follows_the_session() -> None:
    assert get_language() == "en" and resolve(None) == "en"
    set_language("ko")
    assert get_language() == "ko" and resolve(None) == "ko"
    assert resolve("en") == "en"


def test_an_unknown_language_is_refused_naming_the_languages() -> None:
    with pytest.raises(ValueError, match=REFUSED):
        set_language("fr")
    assert get_language() == "en"  # unchanged
    with pytest.raises(ValueError, match=REFUSED):
        resolve("fr")
    with pytest.raises(ValueError, match=REFUSED):
        T("yes", "네")("fr")


def test_a_sentence_follows_the_session_unless_told() -> None:
    sentence = T("Correct", "정답")
    assert sentence() == "Correct"
    set_language("ko")
    assert sentence() == "정답" and sentence("en") == "Correct"
    assert words(EXERCISES)["hint"] == "힌트"


def test_the_session_language_is_set_in_one_test(sim: Simulation) -> None:
    set_language("ko")
    assert "클러스터" in cluster_graph(sim, "web").graph["title"]


def test_and_is_english_again_in_the_next(sim: Simulation) -> None:
    """The autouse fixture in tests/conftest.py put the default back after the test above."""
    assert get_language() == "en"
    assert cluster_graph(sim, "web").graph["title"].startswith("Cluster web")


# -- pictures -------------------------------------------------------------------------------------


def test_pictures_follow_the_session_language(sim: Simulation) -> None:
    td = task_definition("web", container("web", "nginx:1.27", memory=256))
    explanation = sim.explain_placement("web", "web")
    set_language("ko")
    assert cluster_graph(sim, "web").graph["legend_title"] == "범례"
    assert task_definition_graph(td).graph["title"].startswith("태스크 디피니션")
    assert HANGUL.search(placement_graph(explanation).graph["title"])
    assert concepts.overview().graph.graph["title"] == "한눈에 보는 Amazon ECS"
    assert all(HANGUL.search(m.graph.graph["title"]) for m in concepts.all_maps())
    assert desired_vs_running_series(sim, "web", "web")["running"].label == "실행 중"


def test_lang_overrides_the_session_language_in_pictures(sim: Simulation) -> None:
    set_language("ko")
    assert cluster_graph(sim, "web", lang="en").graph["legend_title"] == "Legend"
    assert concepts.overview("en").graph.graph["title"] == "Amazon ECS at a glance"
    assert desired_vs_running_series(sim, "web", "web", lang="en")["running"].label == "running"
    with pytest.raises(ValueError, match=REFUSED):
        cluster_graph(sim, "web", lang="fr")


# -- widgets --------------------------------------------------------------------------------------


def test_widgets_follow_the_session_language(sim: Simulation) -> None:
    set_language("ko")
    page = Dashboard(sim, "web")
    assert page.lang == "ko"
    assert page.tabs.titles == ("서비스", "태스크 디피니션", "장애 주입")
    for part in (page.configurator, page.editor, page.faults, page.player):
        assert part.lang == "ko"
    assert page.configurator.apply_button.description == "적용"
    assert ServiceConfigurator(sim, "web", lang="en").apply_button.description == "Apply"


def test_a_widget_keeps_the_language_it_was_made_in(sim: Simulation) -> None:
    form = ServiceConfigurator(sim, "web")
    set_language("ko")
    form.refresh_request()
    assert form.lang == "en" and form.apply_button.description == "Apply"


# -- lesson panels and exercises ------------------------------------------------------------------


def test_panels_follow_the_session_language() -> None:
    set_language("ko")
    assert simulated_vs_real().text().startswith("무엇이 시뮬레이션이고 무엇이 실제인가")
    assert simulated_vs_real("en").text().startswith("What is simulated, what is real")
    with ecs_error() as caught:
        Simulation(seed=0).client().delete_cluster(cluster="nope")
    assert caught[0].text().startswith("ECS가 요청을 거부했습니다")
    with ecs_error("en") as caught:
        Simulation(seed=0).client().delete_cluster(cluster="nope")
    assert caught[0].text().startswith("ECS refused the request")


def exercise() -> Exercise:
    return Exercise(
        name="ex",
        title=T("Count", "개수"),
        reads=("answer",),
        starter="answer = ____",
        solution_code="answer = 2",
        wrong=(),
        hints=(T("Two", "둘"), T("It is 2", "2입니다")),
        judge=lambda v: None if v.answer == 2 else T("Not 2", "2가 아닙니다"),
        uses=(),
    )


def run_as_notebook(code: str, names: dict[str, Any]) -> None:
    """Run `code` the way a notebook cell runs: check()/hint() read its globals."""
    exec(code, names)


def test_exercises_follow_the_session_language(capsys: pytest.CaptureFixture[str]) -> None:
    ex = exercise()
    set_language("ko")
    assert ex.evaluate(Values(answer=2)).text() == "ex · 정답 ✓"
    assert ex.evaluate(Values(answer=3), "en").text() == "ex · Incorrect ✗\nNot 2"
    run_as_notebook("ex.check(); ex.hint(2)", {"ex": ex, "answer": 3})
    shown = capsys.readouterr().out
    assert "오답 ✗" in shown and "2가 아닙니다" in shown and "힌트 2/2" in shown
    # A notebook's own LANG still decides for the cells of that notebook.
    run_as_notebook("ex.check(); ex.solution()", {"ex": ex, "answer": 2, "LANG": "en"})
    shown = capsys.readouterr().out
    assert "Correct ✓" in shown and "ex · Solution" in shown
