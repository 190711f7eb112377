"""Every widget speaks the lesson's language (``lang="ko"`` for the Korean lessons), while what
ECS says and takes (field names, values, JSON, the command line, errors, events) stays ECS's."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pytest

from ecslearn import Simulation
from ecslearn.views.render import dot_available
from ecslearn.widgets import (
    Dashboard,
    FaultPanel,
    ServiceConfigurator,
    SimulationPlayer,
    TaskDefinitionEditor,
)
from ecslearn.words import Table
from ecslearn.words.render import RENDER
from ecslearn.words.service_launch import LAUNCH
from ecslearn.words.widgets import CONFIGURATOR, DASHBOARD, EDITOR, FAULTS, PLAYER

needs_dot = pytest.mark.skipif(not dot_available(), reason="needs Graphviz's dot")
HANGUL = re.compile("[\uac00-\ud7a3]")


def tree(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """`root` and every widget inside it."""
    yield root
    for child in getattr(root, "children", ()) or ():
        if child is not None:
            yield from tree(child)


def descriptions(root: widgets.Widget) -> list[str]:
    return [w.description for w in tree(root) if getattr(w, "description", "")]


def texts(root: widgets.Widget) -> str:
    """Every HTML widget's text, tags removed and entities decoded."""
    parts = [w.value for w in tree(root) if isinstance(w, widgets.HTML)]
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(parts)))


@pytest.fixture
def steady(cluster_sim: Simulation) -> Simulation:
    cluster_sim.client().create_service(
        cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=2
    )
    cluster_sim.run_until_stable()
    return cluster_sim


# -- the tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [DASHBOARD, FAULTS, PLAYER, CONFIGURATOR, EDITOR, RENDER, LAUNCH])
def test_every_table_has_both_languages_with_the_same_keys(table: Table) -> None:
    assert set(table) == {"en", "ko"}
    assert set(table["en"]) == set(table["ko"])
    for key, text in table["en"].items():
        # The same placeholders in both languages, so a Korean message is never missing a value.
        korean = table["ko"][key]
        # A Korean placeholder may name the particle after it ("{service:이/가}").
        assert sorted(re.findall(r"{(\w*)[:}]", text)) == sorted(
            re.findall(r"{(\w*)[:}]", korean)
        ), key


@pytest.mark.parametrize(
    "make",
    [
        lambda sim, lang: ServiceConfigurator(sim, "web", lang=lang),
        lambda sim, lang: TaskDefinitionEditor(sim, "web", lang=lang),
        lambda sim, lang: FaultPanel(sim, "web", lang=lang),
        lambda sim, lang: SimulationPlayer(sim, "web", lang=lang),
        lambda sim, lang: Dashboard(sim, "web", lang=lang),
    ],
    ids=["configurator", "editor", "faults", "player", "dashboard"],
)
def test_an_unknown_language_is_refused_when_the_widget_is_made(
    cluster_sim: Simulation, make: Any
) -> None:
    with pytest.raises(ValueError, match="en, ko"):
        make(cluster_sim, "fr")
    assert make(cluster_sim, "en").lang == "en"


def test_english_is_the_default(cluster_sim: Simulation) -> None:
    default, english = Dashboard(cluster_sim, "web"), Dashboard(cluster_sim, "web", lang="en")
    assert descriptions(default.app) == descriptions(english.app)
    assert default.tabs.titles == ("Service", "Task definition", "Faults")
    assert "ECS cluster 'web'" in default.app.header.value
    assert default.player.lang == default.editor.lang == "en"


# -- the service configurator ---------------------------------------------------------------------


def test_the_configurator_in_korean(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web", lang="ko")
    english = ServiceConfigurator(cluster_sim, "web")
    labels = descriptions(form.app)
    for word in ("서비스 이름", "태스크 디피니션", "원하는 수", "배치 전략 추가", "적용"):
        assert word in labels
    for heading in ("배치 전략 (순서대로)", "배치 제약", "배포", "요청 (ECS JSON)"):
        assert heading in texts(form.app)
    # ECS's names and values stay ECS's.
    assert form.scheduling.options == ("REPLICA", "DAEMON")
    assert form.distinct.description == "distinctInstance"
    assert form.member_of.description == "memberOf"
    row = form.add_strategy("binpack", "memory")
    english.add_strategy("binpack", "memory")
    assert row.kind.options == ("spread", "binpack", "random")
    assert row.remove.tooltip == "이 배치 전략 삭제"
    # The request, its JSON and the command line are the same in every language.
    assert form.request() == english.request()
    assert form.request_view.value == english.request_view.value
    assert form.cli_view.value == english.cli_view.value
    assert "aws ecs create-service" in form.cli_view.value


def test_apply_works_in_korean(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web", lang="ko")
    assert form.apply() is True
    assert form.error.value == ""
    assert "CreateService" in form.status.value and "원하는 수 2" in form.status.value
    assert cluster_sim.client().describe_services(cluster="web", services=["web"])["services"]


def test_ecs_errors_stay_ecs_words_in_korean(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "agent", lang="ko")
    form.scheduling.value = "DAEMON"
    form.add_strategy("spread", "instanceId")
    assert form.apply() is False
    assert "InvalidParameterException" in form.error.value
    assert "does not support placement strategies" in form.error.value


# -- the task definition editor -------------------------------------------------------------------


def test_the_editor_in_korean(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, "web", lang="ko")
    labels = descriptions(editor.app)
    for word in ("패밀리", "네트워크 모드", "이름", "이미지", "포트", "컨테이너 삭제", "등록"):
        assert word in labels
    assert "컨테이너 추가" in labels
    assert "dependsOn" in labels  # ECS's member name
    assert editor.network_mode.options == ("bridge", "host", "awsvpc", "none")
    assert editor.json.value == TaskDefinitionEditor(cluster_sim, "web").json.value


def test_the_editors_own_messages_are_korean_and_ecs_errors_ecs(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, "web", lang="ko")
    editor.containers[0].ports.value = "eighty"
    assert "형식이어야 합니다" in html.unescape(editor.error.value)
    editor.containers[0].ports.value = "80"
    editor.json.value = "[1]"
    assert "JSON을 읽을 수 없습니다" in editor.error.value
    editor.containers[0].ports.value = "81"
    editor.containers[0].memory.value = 0
    assert "ClientException" in editor.error.value and "memoryReservation" in editor.error.value


def test_register_works_in_korean(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, "web", lang="ko")
    editor.containers[0].image.value = "nginx:1.28"
    assert editor.register() == "web:2"
    assert "web:2 등록됨" in editor.status.value


# -- the fault panel ------------------------------------------------------------------------------


def test_the_fault_panel_in_korean(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web", lang="ko")
    labels = descriptions(panel.app)
    for word in ("태스크", "컨테이너", "컨테이너 강제 종료", "컨테이너 인스턴스", "서비스"):
        assert word in labels
    assert "시작할 수 없는 배포" in texts(panel.app)
    assert panel.service.options == ("web",)
    assert all("ACTIVE" in o for o, _ in panel.instance.options)  # ECS's status


def test_faults_work_in_korean(steady: Simulation) -> None:
    panel = FaultPanel(steady, "web", lang="ko")
    assert panel.kill_container() is True
    assert "강제 종료했습니다" in panel.status.value and "137" in panel.status.value
    assert panel.set_instance_state("DRAINING") is True
    assert "DRAINING 상태" in panel.status.value
    panel.service.options = []
    assert panel.deploy_broken() is None
    assert "먼저 서비스를 고르세요." in panel.error.value


# -- the player -----------------------------------------------------------------------------------


def test_the_player_in_korean(steady: Simulation) -> None:
    korean = SimulationPlayer(steady, "web", lang="ko")
    labels = descriptions(korean.app)
    for word in ("스텝", "진행", "초", "기록", "서비스", "태스크", "컨테이너 인스턴스"):
        assert word in labels
    assert "실행 중인 태스크 <b>2</b>" in korean.counters.value
    assert "안정된 서비스 <b>1/1</b>" in korean.counters.value
    assert "현재" in korean.time_label.value
    assert korean.service_filter.options[0] == "(전체)"
    assert "web" in korean.service_filter.options  # the service's name, as ECS has it


@needs_dot
def test_the_players_picture_is_the_korean_one(steady: Simulation) -> None:
    korean, english = SimulationPlayer(steady, "web", lang="ko"), SimulationPlayer(steady, "web")
    assert "클러스터 web" in korean.diagram.value and "클러스터" not in english.diagram.value
    assert "Cluster web" in english.diagram.value
    assert "범례" in korean.diagram.value  # the legend's title


def test_step_and_the_filters_work_in_korean(cluster_sim: Simulation) -> None:
    korean = SimulationPlayer(cluster_sim, "web", lang="ko")
    assert "(아직 이벤트 없음)" in korean.log.value
    cluster_sim.client().create_service(
        cluster="web", serviceName="web", taskDefinition="web:1", desiredCount=2
    )
    korean.record()
    korean.step_button.click()
    assert len(korean.frames) == 3
    log = html.unescape(korean.log.value)
    assert "has started 2 tasks" in log  # ECS's event message stays ECS's
    task = next(o for o in korean.task_filter.options if o != "(전체)")
    korean.task_filter.value = task
    assert korean.events() and all(e.task == task for e in korean.events())
    korean.task_filter.value = "(전체)"
    assert len(korean.events()) > 1
    korean.time.value = 0
    assert "과거 (읽기 전용)" in korean.time_label.value


def test_korean_labels_get_room_and_english_ones_keep_the_default(steady: Simulation) -> None:
    def widths(root: widgets.Widget) -> set[str]:
        return {
            w.style.description_width
            for w in tree(root)
            if isinstance(w, widgets.Text | widgets.Dropdown | widgets.IntSlider) and w.description
        }

    assert widths(Dashboard(steady, "web", lang="ko").app) == {"120px"}
    assert widths(Dashboard(steady, "web").app) == {""}
    editor = TaskDefinitionEditor(steady, "web", lang="ko")
    editor.add_container()  # a container added later fits too
    assert editor.containers[-1].image.style.description_width == "120px"


# -- the dashboard --------------------------------------------------------------------------------


def test_the_dashboard_in_korean_passes_its_language_on(cluster_sim: Simulation) -> None:
    page = Dashboard(cluster_sim, "web", lang="ko")
    assert page.tabs.titles == ("서비스", "태스크 디피니션", "장애 주입")
    assert "ECS 클러스터 'web'" in page.app.header.value
    assert "시뮬레이션" in page.app.header.value and "CloudWatch" in page.app.header.value
    for part in (page.configurator, page.editor, page.faults, page.player):
        assert part.lang == "ko"
    assert page.configurator.apply_button.description == "적용"
    assert page.editor.register_button.description == "등록"
    assert page.player.step_button.description == "스텝"


@needs_dot
def test_apply_then_step_in_korean(cluster_sim: Simulation) -> None:
    page = Dashboard(cluster_sim, "web", lang="ko")
    diagram = page.player.diagram.value
    page.configurator.apply_button.click()
    assert "desired count set to 2" in page.player.log.value
    page.player.step_button.click()
    assert page.player.diagram.value != diagram
    assert "클러스터 web" in page.player.diagram.value
    assert "has started 2 tasks" in page.player.log.value
    assert HANGUL.search(page.player.counters.value)
