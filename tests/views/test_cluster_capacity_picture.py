"""Auto Scaling groups and capacity providers in the cluster picture: the group is a box around
its instances that says its sizes and its capacity provider (managed scaling, target capacity,
CapacityProviderReservation); tasks waiting in PROVISIONING for capacity sit in a box of their
own instead of vanishing; the cluster's providers and default strategy are listed; in English
and Korean; and it all draws as SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from ecslearn import Simulation
from ecslearn.views.cluster import cluster_graph, cluster_picture, snapshot
from tests.services.capacity_fixtures import auto_scaled_cluster, desired_capacity, register_app
from tests.views import require_dot

SERVICE_TASKS = 20


def nodes(graph: nx.DiGraph, kind: str) -> dict[Any, dict[str, Any]]:
    return {n: d for n, d in graph.nodes(data=True) if d["kind"] == kind}


def scaling_cluster() -> Simulation:
    """Cluster web over an empty group web-asg (t3.small, at most 10) behind provider web-cp, with
    FARGATE and FARGATE_SPOT associated too; a service of 20 tasks was just created on it."""
    sim = Simulation(seed=0, strict=True)
    auto_scaled_cluster(sim)
    register_app(sim)
    sim.client().put_cluster_capacity_providers(
        cluster="web",
        capacityProviders=["web-cp", "FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "web-cp", "base": 2, "weight": 1}],
    )
    sim.client().create_service(
        cluster="web", serviceName="app", taskDefinition="app", desiredCount=SERVICE_TASKS
    )
    sim.advance(5)
    return sim


@pytest.fixture(scope="module")
def waiting() -> Simulation:
    return scaling_cluster()


@pytest.fixture(scope="module")
def scaled() -> Simulation:
    sim = scaling_cluster()
    assert sim.run_until_stable(1800)
    return sim


def test_tasks_waiting_for_capacity_sit_in_a_box_inside_their_providers_group(waiting) -> None:
    graph = cluster_graph(waiting, "web")
    tasks = [t for t in waiting.region_state().tasks.values() if t.waiting_for_capacity]
    assert len(tasks) == SERVICE_TASKS
    assert not any(("task", t.task_arn) in graph for t in tasks)
    box = graph.nodes[("waiting", "web-cp")]
    assert box["parent"] == ("asg", "web-asg")
    assert box["tasks"] == [t.task_arn for t in tasks]
    lines = box["label"].splitlines()
    assert lines[:2] == ["waiting for capacity · web-cp", "20 tasks PROVISIONING"]
    assert lines[2] == " ".join(t.id[:8] for t in tasks[:4])
    assert lines[-1] == "… and 8 more"
    [(service, _, runs)] = [(s, t, d) for s, t, d in graph.in_edges(("waiting", "web-cp"), True)]
    assert service[0] == "service" and runs["kind"] == "runs"
    assert runs["attrs"]["headlabel"] == "20 tasks"
    legend = [label for label, _, _ in graph.graph["legend"]]
    assert "tasks waiting in PROVISIONING for capacity" in legend


def test_an_empty_group_still_shows_its_sizes_and_its_provider(waiting) -> None:
    group = cluster_graph(waiting, "web").nodes[("asg", "web-asg")]
    assert group["parent"] == ("cluster", "web") and group["group"]
    assert group["sizes"] == (0, 0, 10) and group["provider"] == "web-cp"
    assert group["label"].splitlines() == [
        "Auto Scaling group web-asg",
        "min 0 · desired 0 · max 10",
        "no instances",
        "capacity provider web-cp",
        "managed scaling ENABLED · target capacity 100%",
        "CapacityProviderReservation: not computed yet (once a minute)",
    ]


def test_while_the_group_launches_its_instances_are_not_registered_yet() -> None:
    sim = scaling_cluster()
    sim.advance(60)  # managed scaling's first minute: M > 0 and N = 0 gives 200
    wanted = desired_capacity(sim)
    label = cluster_graph(sim, "web").nodes[("asg", "web-asg")]["label"].splitlines()
    assert label[1] == f"min 0 · desired {wanted} · max 10"
    assert label[2] == f"instances: {wanted} Pending · 0 registered with this cluster"
    assert label[-1] == "CapacityProviderReservation 200%"


def test_once_scaled_out_every_instance_sits_in_its_groups_zone_and_nothing_waits(
    scaled,
) -> None:
    graph = cluster_graph(scaled, "web")
    instances = scaled.region_state().instances_in("web")
    assert len(instances) == desired_capacity(scaled) > 0
    for instance in instances:
        zone = graph.nodes[("instance", instance.container_instance_arn)]["parent"]
        assert zone == ("zone", instance.zone, "web-asg")
        assert graph.nodes[zone]["parent"] == ("asg", "web-asg")
    assert not nodes(graph, "waiting")
    label = graph.nodes[("asg", "web-asg")]["label"].splitlines()
    assert label[2] == f"instances: {len(instances)} InService"
    assert label[-1] == "CapacityProviderReservation 100%"
    running = [t for t in scaled.region_state().tasks.values() if t.last_status == "RUNNING"]
    assert len(running) == SERVICE_TASKS
    assert all(("task", t.task_arn) in graph for t in running)


def test_the_note_lists_the_clusters_providers_and_its_default_strategy(scaled) -> None:
    note = cluster_graph(scaled, "web").nodes[("capacity", "web")]
    assert note["parent"] == ("cluster", "web")
    assert note["label"].splitlines() == [
        "capacity providers",
        "· web-cp → Auto Scaling group web-asg",
        "· FARGATE (AWS-managed)",
        "· FARGATE_SPOT (AWS-managed)",
        "default strategy:",
        "· web-cp: base 2, weight 1",
    ]


def test_above_the_threshold_summaries_sit_in_the_group_and_the_waiting_box_only_counts(
    waiting, scaled
) -> None:
    grouped = cluster_graph(scaled, "web", group_above=0)
    summaries = nodes(grouped, "summary")
    assert summaries and all(key[3] == "web-asg" for key in summaries)
    assert all(d["parent"] == ("zone", key[1], "web-asg") for key, d in summaries.items())
    assert sum(sum(d["tasks"].values()) for d in summaries.values()) == SERVICE_TASKS
    box = cluster_graph(waiting, "web", group_above=-1).nodes[("waiting", "web-cp")]
    assert box["label"] == "waiting for capacity · web-cp\n20 tasks PROVISIONING"


def test_tasks_stopped_while_they_waited_are_counted_as_such() -> None:
    sim = scaling_cluster()
    before = snapshot(sim, "web")
    sim.client().update_service(cluster="web", service="app", desiredCount=0)
    sim.advance(1)
    label = cluster_graph(sim, "web", previous=before).nodes[("waiting", "web-cp")]["label"]
    assert label.splitlines()[1] == "0 tasks PROVISIONING"
    assert label.splitlines()[-1] == "20 tasks stopped while waiting"


def test_an_instance_of_a_group_no_provider_uses_still_sits_in_its_group(sim) -> None:
    auto_scaled_cluster(sim)
    sim.client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="plain-asg",
        LaunchTemplate={"LaunchTemplateName": "web-asg-lt", "Version": "$Latest"},
        MinSize=1,
        MaxSize=1,
        AvailabilityZones=["us-east-1b"],
    )
    sim.advance(120)
    graph = cluster_graph(sim, "web")
    [instance] = sim.region_state().instances_in("web")
    parent = graph.nodes[("instance", instance.container_instance_arn)]["parent"]
    assert parent == ("zone", "us-east-1b", "plain-asg")
    group = graph.nodes[("asg", "plain-asg")]
    assert group["provider"] is None
    assert group["label"].splitlines() == [
        "Auto Scaling group plain-asg",
        "min 1 · desired 1 · max 1",
        "instances: 1 InService",
    ]


def test_a_cluster_without_groups_or_providers_draws_none_of_it(sim) -> None:
    sim.client().create_cluster(clusterName="plain")
    sim.launch_instances("plain", count=2)
    graph = cluster_graph(sim, "plain")
    assert not nodes(graph, "asg") and not nodes(graph, "capacity")
    assert not nodes(graph, "waiting")
    assert all(len(key) == 2 for key in nodes(graph, "zone"))


def test_the_capacity_picture_speaks_korean(waiting) -> None:
    graph = cluster_graph(waiting, "web", lang="ko")
    assert graph.nodes[("asg", "web-asg")]["label"].splitlines() == [
        "Auto Scaling 그룹 web-asg",
        "최소 0 · 원하는 용량 0 · 최대 10",
        "인스턴스 없음",
        "용량 공급자 web-cp",
        "관리형 스케일링 ENABLED · 목표 용량 100%",
        "CapacityProviderReservation: 아직 계산 전 (1분마다 계산)",
    ]
    waiting_box = graph.nodes[("waiting", "web-cp")]["label"].splitlines()
    assert waiting_box[:2] == ["용량 대기 중 · web-cp", "태스크 20개 PROVISIONING"]
    assert waiting_box[-1] == "… 외 8개"
    note = graph.nodes[("capacity", "web")]["label"].splitlines()
    assert note[:2] == ["용량 공급자", "· web-cp → Auto Scaling 그룹 web-asg"]
    assert "기본 전략:" in note
    legend = [label for label, _, _ in graph.graph["legend"]]
    assert "용량을 기다리는 PROVISIONING 태스크" in legend


def test_in_korean_an_instance_count_reads_as_korean_counts_it() -> None:
    sim = scaling_cluster()
    sim.advance(60)
    label = cluster_graph(sim, "web", lang="ko").nodes[("asg", "web-asg")]["label"]
    wanted = desired_capacity(sim)
    assert f"인스턴스: Pending {wanted}대 · 이 클러스터에 등록된 인스턴스 0대" in label


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_capacity_pictures_draw_as_svg(waiting, scaled, lang) -> None:
    require_dot()
    for sim in (waiting, scaled):
        for group_above in (40, 0):
            picture = cluster_picture(sim, "web", group_above=group_above, lang=lang)
            assert ET.fromstring(picture.svg()).tag.endswith("svg")


def test_a_simulation_saved_while_tasks_wait_draws_the_same_picture_once_loaded(tmp_path) -> None:
    sim = scaling_cluster()
    sim.advance(60)
    before = cluster_graph(sim, "web")
    loaded = Simulation.load(sim.save(tmp_path / "world.json"))
    after = cluster_graph(loaded, "web")
    for key in (("asg", "web-asg"), ("waiting", "web-cp"), ("capacity", "web")):
        assert after.nodes[key]["label"] == before.nodes[key]["label"]
    assert "CapacityProviderReservation 200%" in after.nodes[("asg", "web-asg")]["label"]


def test_focused_on_one_service_the_others_waiting_tasks_are_only_counted() -> None:
    sim = scaling_cluster()
    sim.client().create_service(
        cluster="web", serviceName="batch", taskDefinition="app", desiredCount=3
    )
    sim.advance(1)
    box = cluster_graph(sim, "web", service="batch").nodes[("waiting", "web-cp")]
    assert box["label"].splitlines()[1] == "3 tasks PROVISIONING"
    assert box["label"].splitlines()[-1] == "+20 tasks of other services"
    assert len(box["tasks"]) == 3 and list(box["services"].values()) == [3]
    hidden = cluster_graph(sim, "web", service="batch", others="hide")
    assert "other services" not in hidden.nodes[("waiting", "web-cp")]["label"]
