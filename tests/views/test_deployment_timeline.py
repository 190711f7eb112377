"""The deployment timeline: blue's and green's running tasks and the traffic on green over
simulated time, read through the API and the rollout's track, in both languages."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.views.cluster import cluster_graph
from ecslearn.views.deployment_timeline import (
    deployment_timeline,
    deployment_timeline_data,
    draw,
)
from ecslearn.views.timelines import hangul_font
from tests.services.bluegreen_fixtures import pause_at, shop


@pytest.fixture
def canary() -> Simulation:
    sim = Simulation(seed=3)
    store = shop(sim)
    store.create(
        {
            "strategy": "CANARY",
            "bakeTimeInMinutes": 2,
            "canaryConfiguration": {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 3},
        }
    )
    store.finished(store.deploy("web:2"))
    return sim


def test_a_canary_timeline_shows_green_taking_ten_percent_then_all_production_traffic(
    canary: Simulation,
) -> None:
    timeline = deployment_timeline_data(canary, "web", "shop")
    assert timeline.strategy == "CANARY" and timeline.status == "SUCCESSFUL"
    assert (timeline.blue_revision, timeline.green_revision) == ("web:1", "web:2")
    assert timeline.production[0] == 0.0 and timeline.production[-1] == 100.0
    assert 10.0 in timeline.production  # the canary step, held...
    first, last = timeline.production.index(10.0), timeline.production.index(100.0)
    assert timeline.times[last] - timeline.times[first] >= 3 * 60  # ...for its bake time
    assert max(timeline.green) == 2 and timeline.blue[0] == 2 and timeline.blue[-1] == 0
    labels = [mark for _, mark in timeline.marks]
    assert "10% to green" in labels and labels[-1] == "SUCCESSFUL"
    [(since, until)] = timeline.bake_spans
    assert until - since >= 2 * 60  # the deployment's bake time after the last shift


def test_the_timeline_draws_in_english_and_korean(canary: Simulation) -> None:
    english = deployment_timeline(canary, "web", "shop", lang="en")
    title = english.axes[0].get_title(loc="left")
    assert title.startswith("web: CANARY deployment, SUCCESSFUL")
    korean = deployment_timeline(canary, "web", "shop", lang="ko")
    marks = [t.get_text() for t in korean.axes[0].texts]
    if hangul_font() is None:  # no font to draw Hangul with: the figure falls back to English
        assert "10% to green" in marks
    else:
        assert korean.axes[0].get_title(loc="left").startswith("web: CANARY 배포, SUCCESSFUL")
        assert "green으로 10%" in marks


def test_a_service_that_only_rolled_draws_an_empty_timeline_saying_so() -> None:
    sim = Simulation(seed=0)
    store = shop(sim)
    store.create({"strategy": "ROLLING"})
    store.deploy("web:2")
    sim.run_until_stable()
    timeline = deployment_timeline_data(sim, "web", "shop")
    assert timeline.times == [] and timeline.deployment_arn is None
    figure = draw(timeline, "en")
    assert "no blue/green, linear or canary deployment" in figure.axes[0].get_title(loc="left")


def test_the_cluster_picture_names_blue_and_green_and_the_traffic_on_green() -> None:
    sim = Simulation(seed=1)
    store = shop(sim)
    store.create(
        {
            "strategy": "BLUE_GREEN",
            "bakeTimeInMinutes": 1,
            "lifecycleHooks": [pause_at("POST_TEST_TRAFFIC_SHIFT")],
        }
    )
    arn = store.deploy("web:2")
    store.until(arn, lambda d: d.get("lifecycleStage") == "POST_TEST_TRAFFIC_SHIFT")
    graph = cluster_graph(sim, "shop", lang="en")
    [label] = [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "service"]
    assert "BLUE_GREEN: blue web:1 → green web:2" in label
    assert "POST_TEST_TRAFFIC_SHIFT · production on green 0%" in label
