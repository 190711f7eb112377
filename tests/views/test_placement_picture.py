""" "Why did my task land there?" as a picture: one box per step that ruled instances out, the
instances that passed ranked by the strategies, the winner linked to the task."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from ecslearn import Simulation
from ecslearn.control.placement.explain import Explanation
from ecslearn.model.builders import container, task_definition
from ecslearn.views.placement import (
    DETAILS,
    placement_graph,
    placement_picture,
    verdict_label,
)
from ecslearn.words.placement import PLACEMENT as WORDS
from tests.views import require_dot

ZONE_THEN_MEMORY = [
    {"type": "spread", "field": "attribute:ecs.availability-zone"},
    {"type": "binpack", "field": "memory"},
]


def pin(sim: Simulation, family: str, instance: Any) -> None:
    """Run one task of `family` on exactly `instance`."""
    where = f"ec2InstanceId == {instance.ec2_instance_id}"
    sim.client().run_task(
        cluster="web",
        taskDefinition=family,
        placementConstraints=[{"type": "memberOf", "expression": where}],
    )


@pytest.fixture(scope="module")
def crowded() -> Simulation:
    """Three t3.small (1996 MiB): the first holds a 1500 MiB task, the second uses port 8080."""
    sim = Simulation(seed=0, strict=True)
    sim.client().create_cluster(clusterName="web")
    first, second, _ = sim.launch_instances("web", count=3, instance_type="t3.small")
    sim.register(task_definition("big", container("big", "big:1", memory=1500)))
    sim.register(task_definition("edge", container("edge", "edge:1", memory=128,
                                                   ports=["8080:8080"])))  # fmt: skip
    pin(sim, "big", first)
    pin(sim, "edge", second)
    sim.register(task_definition("api", container("api", "api:1", memory=600,
                                                  ports=["8080:8080"])))  # fmt: skip
    sim.register(task_definition("huge", container("huge", "huge:1", memory=3000)))
    assert sim.run_until_stable()
    return sim


@pytest.fixture(scope="module")
def explained(crowded: Simulation) -> Explanation:
    return crowded.explain_placement("web", "api", strategies=ZONE_THEN_MEMORY)


def of_kind(graph: nx.DiGraph, kind: str) -> dict[Any, dict[str, Any]]:
    return {n: d for n, d in graph.nodes(data=True) if d["kind"] == kind}


def test_each_instance_sits_in_the_box_of_the_step_that_ruled_it_out(
    explained: Explanation,
) -> None:
    graph = placement_graph(explained, task="api:1")
    first, second, _ = explained.instances
    memory = graph.nodes[("instance", first.arn)]
    assert (memory["kind"], memory["parent"]) == ("ruled_out", ("step", "memory"))
    assert memory["label"] == f"{first.id[:8]} · us-east-1a\nneeds 600 MiB, 496 remaining"
    ports = graph.nodes[("instance", second.arn)]
    assert (ports["kind"], ports["parent"]) == ("ruled_out", ("step", "ports"))
    assert "host port already in use: tcp 8080" in ports["label"]
    assert graph.nodes[("step", "memory")]["label"] == "ruled out by memory (1)\nRESOURCE:MEMORY"
    assert graph.nodes[("step", "ports")]["label"] == "ruled out by ports (1)\nRESOURCE:PORTS"


def test_the_winner_is_highlighted_with_its_scores_and_linked_to_the_task(
    explained: Explanation,
) -> None:
    graph = placement_graph(explained, task="api:1")
    winner = explained.instances[2]
    data = graph.nodes[("instance", winner.arn)]
    assert (data["kind"], data["parent"], data["rank"]) == ("chosen", ("step", "eligible"), 1)
    assert data["label"].splitlines() == [
        f"{winner.id[:8]} · us-east-1c",
        "rank 1 ✔ chosen",
        "spread(attribute:ecs.availability-zone) = 0",
        "binpack(memory) = 1396",
    ]
    runs = [(s, t) for s, t, d in graph.edges(data=True) if d["kind"] == "runs"]
    assert runs == [(("task", 0), ("instance", winner.arn))]
    assert graph.graph["title"].startswith(f"Placing a task of api:1: instance {winner.id[:8]}")
    assert "spread(attribute:ecs.availability-zone) → binpack(memory)" in graph.graph["title"]


def test_the_boxes_follow_the_rows_of_the_explanation_table(explained: Explanation) -> None:
    graph = placement_graph(explained)
    for row, verdict in zip(explained.to_rows(), explained.instances, strict=True):
        data = graph.nodes[("instance", verdict.arn)]
        assert data["step"] == (row["ruled out by"] or "eligible")
        assert data["detail"] == row["why"]
        assert data["rank"] == row["rank"]


def test_a_failed_placement_says_so_in_the_title(crowded: Simulation) -> None:
    graph = placement_graph(crowded.explain_placement("web", "huge"), task="huge:1")
    assert graph.graph["title"].startswith(
        "Placing a task of huge:1 failed: no instance met every requirement (RESOURCE:MEMORY on 3)"
    )
    assert not of_kind(graph, "chosen") and not of_kind(graph, "candidate")
    assert len(of_kind(graph, "ruled_out")) == 3
    assert not [d for *_, d in graph.edges(data=True) if d["kind"] == "runs"]
    assert graph.nodes[("step", "eligible")]["label"].startswith("passed every step (0)")


def test_large_boxes_show_the_first_instances_and_count_the_rest() -> None:
    sim = Simulation(seed=0)
    sim.client().create_cluster(clusterName="web")
    sim.launch_instances("web", count=10, instance_type="t3.micro")
    sim.register(task_definition("huge", container("huge", "huge:1", memory=3000)))
    graph = placement_graph(sim.explain_placement("web", "huge"), limit=3)
    assert len(of_kind(graph, "ruled_out")) == 3
    more = graph.nodes[("more", "memory")]
    assert (more["label"], more["count"], more["parent"]) == ("… and 7 more", 7, ("step", "memory"))


def test_every_picture_has_a_legend(explained: Explanation) -> None:
    kinds = {kind for _, kind, *_ in placement_graph(explained).graph["legend"]}
    assert kinds == {"ruled_out", "candidate", "chosen"}


def test_the_picture_draws_as_well_formed_svg(crowded: Simulation, explained: Explanation) -> None:
    require_dot()
    assert ET.fromstring(placement_picture(explained).svg()).tag.endswith("svg")
    failed = placement_picture(crowded.explain_placement("web", "huge"))
    assert ET.fromstring(failed.svg()).tag.endswith("svg")


def test_the_korean_picture_uses_the_course_words_and_keeps_ecs_words(
    explained: Explanation,
) -> None:
    graph = placement_graph(explained, task="api:1", lang="ko")
    first, second, winner = explained.instances
    assert graph.graph["title"].splitlines() == [
        f"api:1 태스크 배치: 인스턴스 {winner.id[:8]} (us-east-1c) 선택",
        "전략 (순서대로): spread(attribute:ecs.availability-zone) → binpack(memory)",
    ]
    assert graph.graph["legend_title"] == "범례"
    assert [label for label, *_ in graph.graph["legend"]] == [
        "제외됨: 걸린 단계와 그 수치",
        "모든 단계 통과: 점수와 순위",
        "선택됨",
    ]
    assert graph.nodes[("task", 0)]["label"] == "api:1 태스크\n(이 호출의 1번째 태스크)"
    assert graph.nodes[("step", "memory")]["label"] == "memory 단계에서 제외 (1)\nRESOURCE:MEMORY"
    assert graph.nodes[("step", "ports")]["label"] == "ports 단계에서 제외 (1)\nRESOURCE:PORTS"
    assert graph.nodes[("step", "eligible")]["label"] == (
        "모든 단계 통과 (1)\n순위 기준: spread(attribute:ecs.availability-zone) → binpack(memory)"
    )
    assert graph.nodes[("instance", first.arn)]["label"] == (
        f"{first.id[:8]} · us-east-1a\n600 MiB 필요, 496 남음"
    )
    assert graph.nodes[("instance", second.arn)]["label"].endswith("호스트 포트 사용 중: tcp 8080")
    assert graph.nodes[("instance", winner.arn)]["label"].splitlines()[1:] == [
        "순위 1 ✔ 선택됨",
        "spread(attribute:ecs.availability-zone) = 0",
        "binpack(memory) = 1396",
    ]
    runs = [d["label"] for *_, d in graph.edges(data=True) if d["kind"] == "runs"]
    assert runs == ["여기에 배치"]
    # The data stays the same in every language: only the words differ.
    english = placement_graph(explained, task="api:1")
    assert set(graph.nodes) == set(english.nodes) and set(graph.edges) == set(english.edges)


def test_a_failed_korean_placement_says_so_with_ecs_reasons(crowded: Simulation) -> None:
    graph = placement_graph(crowded.explain_placement("web", "huge"), task="huge:1", lang="ko")
    assert graph.graph["title"].splitlines()[0] == (
        "huge:1 태스크 배치 실패: 모든 요구 사항을 충족한 인스턴스가 없습니다 "
        "(인스턴스 3대에서 RESOURCE:MEMORY)"
    )
    assert graph.nodes[("step", "eligible")]["label"].startswith("모든 단계 통과 (0)")
    assert graph.nodes[("more", "eligible")]["label"] == "없음"


def test_korean_counts_the_instances_not_shown() -> None:
    sim = Simulation(seed=0)
    sim.client().create_cluster(clusterName="web")
    sim.launch_instances("web", count=10, instance_type="t3.micro")
    sim.register(task_definition("huge", container("huge", "huge:1", memory=3000)))
    graph = placement_graph(sim.explain_placement("web", "huge"), limit=3, lang="ko")
    assert graph.nodes[("more", "memory")]["label"] == "… 외 7대"
    assert graph.nodes[("task", 0)]["label"].startswith("태스크\n")


def test_both_languages_have_the_same_words() -> None:
    assert set(WORDS["en"]) == set(WORDS["ko"])
    assert {key for _, key in DETAILS} <= set(WORDS["en"])


def test_an_unknown_language_is_refused(explained: Explanation) -> None:
    with pytest.raises(ValueError, match="lang must be one of en, ko; it was 'fr'"):
        placement_graph(explained, lang="fr")
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        placement_picture(explained, lang="jp")
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        verdict_label(explained.instances[0], lang="kr")


def test_the_korean_picture_draws_its_words_into_the_svg(explained: Explanation) -> None:
    require_dot()
    svg = placement_picture(explained, task="api:1", lang="ko").svg()
    assert ET.fromstring(svg).tag.endswith("svg")
    texts = "".join(ET.fromstring(svg).itertext())
    assert "모든 단계 통과" in texts and "선택됨" in texts and "RESOURCE:MEMORY" in texts
