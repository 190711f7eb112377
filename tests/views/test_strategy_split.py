"""The strategy split view says how a capacity provider strategy splits N tasks: AWS's documented
examples (weights 1 and 1 split evenly; weight 1 and 4 put four tasks on B for every one on A;
base 2 and weights 1:3 put the first two on CP-OD and the rest 1:3), each task's provider and
whether its base or the weights sent it there, the same numbers the scheduler launches by, in
English and Korean, as tables and as a picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

import ecslearn.views
from ecslearn.control.capacity_split import StrategyItem, as_launched, items, split
from ecslearn.views.strategy_split import strategy_split
from tests.views import require_dot

SPOT_WORKSHOP = [
    {"capacityProvider": "CP-OD", "base": 2, "weight": 1},
    {"capacityProvider": "CP-SPOT", "weight": 3},
]
FARGATE_STRATEGY = [
    {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
    {"capacityProvider": "FARGATE_SPOT", "weight": 3},
]


def shares(view: Any) -> dict[str, tuple[int, int]]:
    """Provider -> (tasks from its base, tasks by weight)."""
    return {s.provider: (s.from_base, s.by_weight) for s in view.shares}


def test_two_providers_of_weight_1_split_tasks_evenly() -> None:
    view = strategy_split(
        [{"capacityProvider": "A", "weight": 1}, {"capacityProvider": "B", "weight": 1}], 10
    )
    assert view.split() == {"A": 5, "B": 5}
    assert [s.provider for s in view.steps[:4]] == ["A", "B", "A", "B"]
    assert view.sentences()[0] == "The 10 tasks go by weight (1 : 1): 5 tasks on A, 5 tasks on B."


def test_weight_1_and_4_put_four_tasks_on_b_for_every_one_on_a() -> None:
    strategy = [{"capacityProvider": "A", "weight": 1}, {"capacityProvider": "B", "weight": 4}]
    assert strategy_split(strategy, 5).split() == {"A": 1, "B": 4}
    view = strategy_split(strategy, 50)
    assert shares(view) == {"A": (0, 10), "B": (0, 40)}
    assert "<td>A</td><td>0</td><td>1</td><td>20%</td><td>0</td><td>10</td>" in view.html()


def test_base_2_goes_first_then_the_rest_splits_1_to_3() -> None:
    view = strategy_split(SPOT_WORKSHOP, 10)
    assert shares(view) == {"CP-OD": (2, 2), "CP-SPOT": (0, 6)}
    assert [(s.provider, s.source) for s in view.steps[:3]] == [
        ("CP-OD", "base"),
        ("CP-OD", "base"),
        ("CP-SPOT", "weight"),
    ]
    assert view.steps[-1].so_far == {"CP-OD": 4, "CP-SPOT": 6}
    assert view.sentences()[:2] == [
        "First the base: 2 tasks on CP-OD.",
        "The other 8 tasks go by weight (1 : 3): 2 tasks on CP-OD, 6 tasks on CP-SPOT.",
    ]
    page = view.html()
    assert "<h4>How a capacity provider strategy splits 10 tasks</h4>" in page
    assert (
        "<tr><td>1</td><td>CP-OD</td><td>base (1 of 2)</td><td>CP-OD 1 · CP-SPOT 0</td></tr>"
        in page
    )
    assert (
        "<td><b>total</b></td><td></td><td></td><td></td><td>2</td><td>8</td><td><b>10</b></td>"
        in page
    )


@pytest.mark.parametrize("count", [0, 1, 2, 3, 6, 7, 14, 101, 402])
@pytest.mark.parametrize(
    "strategy",
    [
        SPOT_WORKSHOP,
        FARGATE_STRATEGY,
        [
            {"capacityProvider": "A", "weight": 2},
            {"capacityProvider": "B", "weight": 3},
            {"capacityProvider": "C", "base": 5},
        ],
        [{"capacityProvider": "solo"}],
    ],
)
def test_the_view_answers_the_schedulers_own_split(strategy, count) -> None:
    view = strategy_split(strategy, count)
    assert view.split() == split(as_launched(items(strategy)), count)
    assert sum(s.tasks for s in view.shares) == len(view.steps) == count - view.unplaced


def test_a_service_launched_by_the_strategy_runs_exactly_the_split_shown(sim) -> None:
    ecs = sim.client()
    ecs.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx"}],
    )
    ecs.create_cluster(clusterName="spot", capacityProviders=["FARGATE", "FARGATE_SPOT"])
    subnets = [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]]
    ecs.create_service(
        cluster="spot",
        serviceName="web",
        taskDefinition="web",
        desiredCount=14,
        capacityProviderStrategy=FARGATE_STRATEGY,
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
    )
    sim.advance(5)
    launched = Counter(t.capacity_provider_name for t in sim.region_state().tasks.values())
    assert (
        dict(launched)
        == strategy_split(FARGATE_STRATEGY, 14).split()
        == {
            "FARGATE": 5,
            "FARGATE_SPOT": 9,
        }
    )


def test_tasks_already_running_count_toward_the_weights() -> None:
    view = strategy_split(FARGATE_STRATEGY, 6, existing={"FARGATE": 3, "FARGATE_SPOT": 3})
    assert view.split() == split(items(FARGATE_STRATEGY), 6, {"FARGATE": 3, "FARGATE_SPOT": 3})
    assert shares(view) == {"FARGATE": (0, 1), "FARGATE_SPOT": (0, 5)}
    assert view.title == "How a capacity provider strategy splits 6 tasks more"
    assert "<th>already running</th>" in view.html()
    assert view.sentences()[-1].startswith("The tasks already running count too")


def test_a_lone_provider_of_weight_0_takes_every_task() -> None:
    view = strategy_split([StrategyItem("solo")], 3)
    assert view.split() == {"solo": 3}
    assert (
        view.sentences()[-1]
        == "A lone provider of weight 0 takes every task (it splits as weight 1)."
    )


def test_with_every_weight_0_nothing_goes_beyond_the_base() -> None:
    view = strategy_split([{"capacityProvider": "A", "base": 1}, {"capacityProvider": "B"}], 3)
    assert view.split() == {"A": 1, "B": 0} and view.unplaced == 2
    assert (
        "2 tasks cannot be placed: every base is met and no provider has a weight above 0."
        in view.sentences()
    )


def test_the_launch_order_is_cut_after_the_first_tasks() -> None:
    page = strategy_split(SPOT_WORKSHOP, 30).html(steps=24)
    assert page.count("</tr>") == 1 + 3 + 1 + 24  # heads, providers, total; heads, 24 tasks
    assert "<p>… and 6 more tasks</p>" in page


def test_the_split_speaks_korean() -> None:
    view = strategy_split(SPOT_WORKSHOP, 10, lang="ko")
    assert view.title == "용량 공급자 전략이 태스크 10개를 나누는 방법"
    assert view.sentences()[:2] == [
        "먼저 base를 채웁니다: CP-OD에 태스크 2개.",
        "나머지 태스크 8개는 weight 비율(1 : 3)대로 나눕니다: "
        "CP-OD에 태스크 2개, CP-SPOT에 태스크 6개.",
    ]
    page = view.html()
    assert "<th>용량 공급자</th>" in page and "<h4>시작 순서</h4>" in page
    assert "<td>base (2개 중 1번째)</td>" in page


def test_the_picture_sends_the_tasks_to_each_provider_with_base_and_weight() -> None:
    graph = strategy_split(SPOT_WORKSHOP, 10).graph()
    edges = {t[1]: d["label"] for _, t, d in graph.edges(data=True)}
    assert edges == {"CP-OD": "2 from base + 2 by weight", "CP-SPOT": "6 by weight"}
    assert (
        graph.nodes[("capacity_provider", "CP-OD")]["label"] == "CP-OD\nbase 2 · weight 1\n4 tasks"
    )
    korean = strategy_split(SPOT_WORKSHOP, 10, lang="ko").graph()
    labels = {t[1]: d["label"] for _, t, d in korean.edges(data=True)}
    assert labels["CP-OD"] == "base로 2개 + weight로 2개"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_picture_draws_as_svg(lang) -> None:
    require_dot()
    svg = strategy_split(SPOT_WORKSHOP, 10, lang=lang).picture().svg()
    assert ET.fromstring(svg).tag.endswith("svg")


def test_it_is_one_import_away_and_jupyter_shows_it_as_html() -> None:
    view = ecslearn.views.strategy_split(SPOT_WORKSHOP, 4)
    assert view._repr_html_() == view.html()
    assert repr(view) == "<StrategySplit of 4 tasks: CP-OD=2, CP-SPOT=2>"


@pytest.mark.parametrize(
    ("strategy", "count", "message"),
    [
        ([], 1, "at least one capacity provider"),
        ([{"capacityProvider": "A", "weight": 1}] * 2, 1, "may stand once"),
        (SPOT_WORKSHOP, -1, "count must be 0 or more"),
    ],
)
def test_a_strategy_that_cannot_split_is_refused(strategy, count, message) -> None:
    with pytest.raises(ValueError, match=message):
        strategy_split(strategy, count)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        strategy_split(SPOT_WORKSHOP, 1, lang="fr")


def test_the_session_language_is_the_default() -> None:
    ecslearn.set_language("ko")
    assert strategy_split(SPOT_WORKSHOP, 1).title.startswith("용량 공급자 전략")
