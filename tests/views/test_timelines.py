"""Timelines rebuilt from ``sim.events``: the plotted series are checked, never the pixels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from ecslearn import Simulation
from ecslearn.control.timeline import Event
from ecslearn.views import timelines
from ecslearn.views.timelines import (
    REVISION_UNKNOWN,
    desired_vs_running,
    desired_vs_running_series,
    hangul_font,
    tasks_per_revision,
    tasks_per_revision_series,
    to_png,
)
from ecslearn.words.timelines import TIMELINES as WORDS
from tests.views.test_cluster_picture import deploy_web_2, web_cluster


@pytest.fixture(scope="module")
def deployed() -> tuple[Simulation, float]:
    """Service web rolled from web:1 to web:2 (at most 6 tasks, at least 2 running); returns
    the simulation and the second the deployment started."""
    sim = web_cluster(daemon=False)
    started = sim.now
    deploy_web_2(sim)
    assert sim.run_until_stable()
    return sim, started


def test_a_rolling_deployment_hands_running_tasks_from_one_revision_to_the_next(
    deployed: tuple[Simulation, float],
) -> None:
    sim, started = deployed
    series = tasks_per_revision_series(sim, "web", "web")
    assert list(series) == ["web:1", "web:2"]
    old, new = series["web:1"], series["web:2"]
    assert (old.at(started - 1), new.at(started - 1)) == (4, 0)
    assert (old.values[-1], new.values[-1]) == (0, 4)
    assert max(old.values) == max(new.values) == 4
    for time in old.times + new.times:  # maximumPercent 150: never more than 6 running
        assert old.at(time) + new.at(time) <= 6
    assert min(old.times) < started <= min(new.times)
    assert old.times[-1] == new.times[-1] == sim.now


def test_the_figure_plots_one_line_per_revision(deployed: tuple[Simulation, float]) -> None:
    sim, _ = deployed
    figure = tasks_per_revision(sim, "web")
    assert isinstance(figure, Figure)
    series = tasks_per_revision_series(sim, "web")
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    for label, expected in series.items():
        assert list(lines[label].get_xdata()) == expected.times
        assert list(lines[label].get_ydata()) == expected.values


def test_desired_running_and_pending_follow_the_deployment(
    deployed: tuple[Simulation, float],
) -> None:
    sim, started = deployed
    series = desired_vs_running_series(sim, "web")
    running, pending, desired = series["running"], series["pending"], series["desired"]
    assert running.at(started - 1) == 4 and running.values[-1] == 4
    assert max(running.values) == 6  # 150% of 4 while both revisions run
    assert max(pending.values) == 4 and pending.values[-1] == 0
    assert pending.at(started + 0.1) == 4  # the four web:2 tasks start PENDING
    assert desired.values == [4, 4]  # CreateService recorded 4, and nothing changed it since
    assert desired.label == "desired"
    assert "load" not in series


def test_a_given_desired_series_and_a_load_series_are_plotted(
    deployed: tuple[Simulation, float],
) -> None:
    sim, _ = deployed
    figure = desired_vs_running(sim, "web", desired=[(0, 4), (30, 6)], load=[(0, 10), (60, 55)])
    main, twin = figure.axes
    lines = {line.get_label(): line for line in main.get_lines()}
    assert list(lines["desired"].get_ydata()) == [4, 6, 6]
    assert list(lines["desired"].get_xdata()) == [0, 30, sim.now]
    assert list(twin.get_lines()[0].get_ydata()) == [10, 55, 55]


def test_events_carrying_a_desired_count_or_a_load_feed_the_series() -> None:
    """The hook auto scaling will use: events whose details carry desiredCount or load."""
    sim = web_cluster(daemon=False)
    sim.events.append(Event(sim.now, "scaling", "scale out", cluster="web", service="web",
                            details={"desiredCount": 6, "load": 80.0}))  # fmt: skip
    series = desired_vs_running_series(sim, "web")
    assert series["desired"].values[-1] == 6 and series["desired"].label == "desired"
    assert series["load"].values[0] == 80.0


def test_tasks_forgotten_by_ecs_keep_their_counts_under_an_unknown_revision() -> None:
    sim = web_cluster(daemon=False)
    deploy_web_2(sim)
    sim.run_until_stable()
    sim.advance(3700)  # ECS forgets stopped tasks an hour after they stop
    assert all(t.task_definition_arn.endswith("web:2") for t in sim.region_state().tasks.values())
    series = tasks_per_revision_series(sim, "web")
    assert list(series) == ["web:2", REVISION_UNKNOWN]
    assert max(series[REVISION_UNKNOWN].values) == 4 and series[REVISION_UNKNOWN].values[-1] == 0


def test_an_unknown_service_is_named_with_the_ones_there_are(
    deployed: tuple[Simulation, float],
) -> None:
    with pytest.raises(ValueError, match=r"No service 'api'.*Services: web"):
        tasks_per_revision(deployed[0], "api")


def test_to_png_writes_a_png(deployed: tuple[Simulation, float], tmp_path: Path) -> None:
    path = to_png(tasks_per_revision(deployed[0], "web"), tmp_path / "revisions.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def texts(figure: Figure) -> list[str]:
    """Every text the figure shows (titles, axis labels, legend entries, marker labels)."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


def marker_labels(figure: Figure) -> list[Annotation]:
    return [a for a in figure.axes[0].texts if isinstance(a, Annotation)]


@pytest.fixture
def hangul() -> str:
    font = hangul_font()
    if font is None:
        reason = "no installed font has Hangul: sudo apt-get install fonts-nanum"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason} (.ci/run installs it)")
        pytest.skip(reason)
    return font


def test_the_korean_revision_figure_uses_the_course_words(
    deployed: tuple[Simulation, float], hangul: str
) -> None:
    figure = tasks_per_revision(deployed[0], "web", lang="ko")
    axes = figure.axes[0]
    assert axes.get_title(loc="left") == "서비스 web: 리비전별 RUNNING 태스크"
    assert (axes.get_xlabel(), axes.get_ylabel()) == ("시뮬레이션 시간 (초)", "RUNNING 태스크")
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["web:1", "web:2"]
    assert [a.get_text() for a in marker_labels(figure)] == ["배포 완료", "배포 완료"]
    title = [t for t in figure.findobj(Text) if t.get_text() == axes.get_title(loc="left")]
    for text in (*title, axes.xaxis.label, axes.yaxis.label, *marker_labels(figure)):
        assert text.get_fontfamily()[0] == hangul
    assert not any(word in " ".join(texts(figure)) for word in ("Service", "simulated", "deploy"))


def test_the_korean_desired_figure_names_its_lines_in_korean(
    deployed: tuple[Simulation, float], hangul: str
) -> None:
    figure = desired_vs_running(deployed[0], "web", load=[(0, 10), (60, 55)], lang="ko")
    main, twin = figure.axes
    assert main.get_title(loc="left") == "서비스 web: 원하는 태스크 수와 실행 중인 태스크"
    assert main.get_ylabel() == "태스크" and twin.get_ylabel() == "부하"
    legend = figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "원하는 태스크 수",
        "실행 중",
        "시작 대기 중",
        "부하",
    ]
    assert legend.get_texts()[0].get_fontfamily()[0] == hangul


def test_korean_series_keep_their_keys_and_label_their_lines_in_korean(
    deployed: tuple[Simulation, float],
) -> None:
    sim = deployed[0]
    series = desired_vs_running_series(sim, "web", desired=[(0, 4)], lang="ko")
    assert {key: line.label for key, line in series.items()} == {
        "desired": "원하는 태스크 수",
        "running": "실행 중",
        "pending": "시작 대기 중",
    }
    english = desired_vs_running_series(sim, "web", desired=[(0, 4)])
    assert [line.values for line in series.values()] == [line.values for line in english.values()]


def test_a_forgotten_revision_is_labelled_in_korean_under_the_same_key() -> None:
    sim = web_cluster(daemon=False)
    deploy_web_2(sim)
    sim.run_until_stable()
    sim.advance(3700)
    series = tasks_per_revision_series(sim, "web", lang="ko")
    assert list(series) == ["web:2", REVISION_UNKNOWN]
    assert series[REVISION_UNKNOWN].label == "리비전 알 수 없음 (ECS가 잊은 태스크)"


def test_without_a_hangul_font_a_korean_figure_keeps_english_words(
    deployed: tuple[Simulation, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timelines, "hangul_font", lambda: None)
    figure = tasks_per_revision(deployed[0], "web", lang="ko")
    assert figure.axes[0].get_title(loc="left") == "Service web: RUNNING tasks per revision"
    assert {a.get_text() for a in marker_labels(figure)} == {"deployment completed"}


def test_both_languages_have_the_same_words() -> None:
    assert set(WORDS["en"]) == set(WORDS["ko"])


def test_an_unknown_language_is_refused(deployed: tuple[Simulation, float]) -> None:
    sim = deployed[0]
    for draw in (
        tasks_per_revision,
        tasks_per_revision_series,
        desired_vs_running,
        desired_vs_running_series,
    ):
        with pytest.raises(ValueError, match="lang must be one of en, ko; it was 'fr'"):
            draw(sim, "web", lang="fr")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_marker_labels_close_together_are_staggered_not_overlapping(
    deployed: tuple[Simulation, float], lang: str
) -> None:
    """A deployment fails and rolls back in the two seconds before the rollback completes:
    each of the three labels gets its own row, none overlaps another, all stay in the plot."""
    sim = deployed[0]
    done = max(e.time for e in sim.events if "deployment completed" in e.message)
    for offset, message in (
        (-2, "(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start."),
        (-1, "(service web) (deployment ecs-svc/2) rolling back to deployment ecs-svc/1."),
    ):
        sim.events.append(Event(done + offset, "service", message, cluster="web", service="web"))
    try:
        figure = tasks_per_revision(sim, "web", lang=lang)
    finally:
        del sim.events[-2:]
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels = marker_labels(figure)
    words = WORDS[lang]
    close = [label for label in labels if label.xy[0] >= done - 2]
    assert [label.get_text() for label in close] == [
        words["deployment_failed"],
        words["rolling_back"],
        words["deployment_completed"],
    ]
    assert labels[0].xyann[1] == 0  # the first label sits on the top row
    assert len({label.xyann[1] for label in close}) == 3  # a row for each of the three
    boxes = [label.get_window_extent(renderer) for label in labels]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other)
    plot = figure.axes[0].get_window_extent(renderer)
    assert all(plot.y0 <= box.y0 and box.y1 <= plot.y1 for box in boxes)
