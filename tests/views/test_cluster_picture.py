"""The cluster picture, checked as a graph: what sits inside what, what links to what, and what
each label says, for scenarios run through the ECS API. Drawing only has to give valid SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest

from ecslearn import EcsError, Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views.cluster import (
    ClusterSnapshot,
    cluster_graph,
    cluster_picture,
    snapshot,
)
from ecslearn.views.cluster_labels import bar
from ecslearn.views.style import CHANGES, DIMMED, STATUS_COLOURS
from tests.views import require_dot


def web(image: str = "nginx:1.25") -> TaskDefinition:
    return task_definition(
        "web",
        container("web", image, cpu=256, memory=256, ports=[80]),
        container("log", "fluent-bit:3", memory=64, essential=False),
    )


def web_cluster(*, daemon: bool = True, instances: int = 3) -> Simulation:
    """`instances` t3.medium in us-east-1a/b/c, service web (4 tasks of web:1, at most 150% and at
    least 50% during deployments) and, with `daemon`, a DAEMON service agent."""
    sim = Simulation(seed=0, strict=True)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=instances)
    sim.register(web())
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="web",
        desiredCount=4,
        deploymentConfiguration={"maximumPercent": 150, "minimumHealthyPercent": 50},
    )
    if daemon:
        agent = container("agent", "datadog/agent:7", cpu=128, memory=128, ports=["8125:8125/udp"])
        sim.register(task_definition("agent", agent))
        ecs.create_service(
            cluster="web", serviceName="agent", taskDefinition="agent", schedulingStrategy="DAEMON"
        )
    assert sim.run_until_stable()
    return sim


def deploy_web_2(sim: Simulation) -> ClusterSnapshot:
    """Start a rolling deployment to web:2; returns the snapshot taken just before it."""
    before = snapshot(sim, "web")
    sim.register(web("nginx:1.27"))
    sim.client().update_service(cluster="web", service="web", taskDefinition="web:2")
    return before


def nodes(graph: nx.DiGraph, kind: str) -> dict[Any, dict[str, Any]]:
    return {n: d for n, d in graph.nodes(data=True) if d["kind"] == kind}


def edges(graph: nx.DiGraph, kind: str) -> list[tuple[Any, Any, dict[str, Any]]]:
    return [(s, t, d) for s, t, d in graph.edges(data=True) if d["kind"] == kind]


def tasks_of(sim: Simulation, service: str) -> list[Any]:
    return [t for t in sim.region_state().tasks.values() if t.service_name == service]


def assert_valid_svg(picture: Any) -> None:
    require_dot()
    root = ET.fromstring(picture.svg())
    assert root.tag.endswith("svg")


@pytest.fixture(scope="module")
def steady() -> Simulation:
    return web_cluster()


def test_three_instances_sit_in_three_zones_inside_the_cluster(steady: Simulation) -> None:
    graph = cluster_graph(steady, "web")
    zones = nodes(graph, "zone")
    assert set(zones) == {("zone", f"us-east-1{z}") for z in "abc"}
    assert all(d["parent"] == ("cluster", "web") for d in zones.values())
    for instance in steady.region_state().instances_in("web"):
        data = graph.nodes[("instance", instance.container_instance_arn)]
        assert data["parent"] == ("zone", instance.zone)
        assert data["label"].startswith(f"{instance.id[:8]} · t3.medium")


def test_an_instance_label_shows_cpu_and_memory_used_of_registered(steady: Simulation) -> None:
    instance = steady.region_state().instances_in("web")[0]
    cpu_used = instance.registered("CPU") - instance.remaining("CPU")
    memory_used = instance.registered("MEMORY") - instance.remaining("MEMORY")
    label = cluster_graph(steady, "web").nodes[("instance", instance.container_instance_arn)][
        "label"
    ]
    assert f"cpu {bar(cpu_used, 2048)} {cpu_used}/2048" in label
    assert f"mem {bar(memory_used, 3992)} {memory_used}/3992 MiB" in label


def test_text_bars_fill_in_proportion_and_show_any_use() -> None:
    assert bar(1024, 2048) == "▇▇▇▇▁▁▁▁"
    assert bar(0, 2048) == "▁" * 8
    assert bar(1, 2048) == "▇▁▁▁▁▁▁▁"
    assert bar(4096, 2048) == "▇" * 8


def test_a_service_of_four_tasks_draws_four_tasks_inside_their_instances(
    steady: Simulation,
) -> None:
    graph = cluster_graph(steady, "web")
    web_tasks = tasks_of(steady, "web")
    assert len(web_tasks) == 4
    for task in web_tasks:
        data = graph.nodes[("task", task.task_arn)]
        assert data["parent"] == ("instance", task.container_instance_arn)
        assert data["label"].splitlines() == [
            f"task {task.id[:8]} · web:1",
            "service web",
            "RUNNING",
        ]
        assert data["attrs"]["fillcolor"] == STATUS_COLOURS["RUNNING"]


def test_containers_sit_inside_their_task_with_their_host_ports(steady: Simulation) -> None:
    graph = cluster_graph(steady, "web")
    for task in tasks_of(steady, "web"):
        assert graph.nodes[("task", task.task_arn)]["group"]
        web_container = graph.nodes[("container", task.task_arn, "web")]
        log_container = graph.nodes[("container", task.task_arn, "log")]
        assert web_container["parent"] == log_container["parent"] == ("task", task.task_arn)
        host_port = task.container("web").network_bindings[0].host_port
        assert host_port >= 32768
        assert web_container["label"] == f"web\n:{host_port}→80"
        assert log_container["label"] == "log"


def test_the_daemon_service_runs_one_task_on_every_instance(steady: Simulation) -> None:
    graph = cluster_graph(steady, "web")
    agents = tasks_of(steady, "agent")
    hosts = {graph.nodes[("task", t.task_arn)]["parent"] for t in agents}
    assert hosts == {
        ("instance", i.container_instance_arn) for i in steady.region_state().instances.values()
    }
    label = graph.nodes[("container", agents[0].task_arn, "agent")]["label"]
    assert label == "agent\n:8125→8125/udp"


def test_services_run_their_tasks_and_use_their_task_definition(steady: Simulation) -> None:
    graph = cluster_graph(steady, "web")
    state = steady.region_state()
    for svc in state.services.values():
        key = ("service", svc.service_arn)
        assert graph.nodes[key]["parent"] == ("cluster", "web")
        runs = {t for s, t, _ in edges(graph, "runs") if s == key}
        assert runs == {("task", t.task_arn) for t in tasks_of(steady, svc.service_name)}
        uses = [t for s, t, _ in edges(graph, "uses") if s == key]
        assert uses == [("task_definition", svc.task_definition)]
        counts = "REPLICA · desired 4\n4 running" if svc.service_name == "web" else "DAEMON"
        assert counts in graph.nodes[key]["label"]


def test_every_picture_has_a_legend_of_what_it_shows(steady: Simulation) -> None:
    legend = cluster_graph(steady, "web").graph["legend"]
    labels = [entry[0] for entry in legend]
    assert "task RUNNING" in labels
    assert "border: revision web:1" in labels and "border: revision agent:1" in labels
    assert {"service", "task definition"} <= set(labels)
    assert "task PENDING" not in labels  # only what the picture shows


def test_focus_dims_the_other_services_and_can_hide_them(steady: Simulation) -> None:
    graph = cluster_graph(steady, "web", service="web")
    for task in tasks_of(steady, "agent"):
        data = graph.nodes[("task", task.task_arn)]
        assert data["attrs"]["fontcolor"] == DIMMED["fontcolor"]
        assert not data["group"] and ("container", task.task_arn, "agent") not in graph
    for task in tasks_of(steady, "web"):
        assert "fontcolor" not in graph.nodes[("task", task.task_arn)]["attrs"]
    assert "focus: service web" in graph.graph["title"]
    hidden = cluster_graph(steady, "web", service="web", others="hide")
    assert {d["label"].split("\n")[0] for d in nodes(hidden, "service").values()} == {"service web"}
    assert all("agent" not in d["label"] for d in nodes(hidden, "task").values())


def test_focus_on_a_service_the_cluster_does_not_have_says_which_it_has(
    steady: Simulation,
) -> None:
    with pytest.raises(ValueError, match=r"no service 'api'\. Its services: agent, web"):
        cluster_graph(steady, "web", service="api")


def test_a_rolling_update_highlights_new_and_stopping_tasks() -> None:
    sim = web_cluster()
    before = deploy_web_2(sim)
    sim.advance(0.5)
    graph = cluster_graph(sim, "web", previous=before)
    changes = {n: d["change"] for n, d in nodes(graph, "task").items() if d["change"] is not None}
    new = [t for t in tasks_of(sim, "web") if t.task_definition_arn.endswith("web:2")]
    stopping = [t for t in tasks_of(sim, "web") if t.desired_status == "STOPPED"]
    assert len(new) == 4 and len(stopping) == 2  # 150% of 4 = 6 tasks at most
    assert changes == {("task", t.task_arn): "new" for t in new} | {
        ("task", t.task_arn): "stopping" for t in stopping
    }
    for task in new:
        data = graph.nodes[("task", task.task_arn)]
        assert data["attrs"]["penwidth"] == CHANGES["new"]["penwidth"]
        assert data["label"].endswith("PENDING → RUNNING (new)")
    for task in stopping:
        assert (
            graph.nodes[("task", task.task_arn)]["attrs"]["style"] == CHANGES["stopping"]["style"]
        )
    web_1, web_2 = (
        graph.nodes[("task_definition", t.task_definition_arn)] for t in (stopping[0], new[0])
    )
    assert web_1["attrs"]["color"] != web_2["attrs"]["color"]
    assert graph.nodes[("task", new[0].task_arn)]["attrs"]["color"] == web_2["attrs"]["color"]
    assert "changes since t=" in graph.graph["title"]
    assert any(label.startswith("thick border: new since") for label, *_ in graph.graph["legend"])


def test_tasks_that_stopped_since_the_snapshot_are_drawn_dotted_and_others_left_out() -> None:
    sim = web_cluster(daemon=False)
    before = deploy_web_2(sim)
    sim.run_until_stable()
    graph = cluster_graph(sim, "web", previous=before)
    stopped = [t for t in tasks_of(sim, "web") if t.is_stopped]
    assert len(stopped) == 4
    for task in stopped:
        data = graph.nodes[("task", task.task_arn)]
        assert data["change"] == "stopped"
        assert data["attrs"]["style"] == CHANGES["stopped"]["style"]
    assert all(("task", t.task_arn) not in cluster_graph(sim, "web") for t in stopped)


def test_drawing_changes_nothing_in_the_simulation(steady: Simulation) -> None:
    random_state, events, regions = (
        steady.world.rng.getstate(),
        len(steady.events),
        steady.regions(),
    )
    cluster_graph(steady, "web", service="web", previous=snapshot(steady, "web"))
    cluster_graph(steady, "web", group_above=1)
    with pytest.raises(EcsError):
        cluster_graph(steady, "web", region="eu-west-1")
    assert steady.world.rng.getstate() == random_state and len(steady.events) == events
    assert steady.regions() == regions


def test_above_the_threshold_instances_are_summarised_per_zone_and_type() -> None:
    sim = web_cluster(instances=6)
    sim.launch_instances("web", count=1, instance_type="m5.large", zones=["us-east-1a"])
    sim.run_until_stable()
    graph = cluster_graph(sim, "web", group_above=5)
    assert not nodes(graph, "instance") and not nodes(graph, "task")
    summaries = nodes(graph, "summary")
    assert set(summaries) == {("summary", f"us-east-1{z}", "t3.medium") for z in "abc"} | {
        ("summary", "us-east-1a", "m5.large")
    }
    state = sim.region_state()
    for (_, zone, kind), data in summaries.items():
        members = [i for i in state.instances.values() if (i.zone, i.instance_type) == (zone, kind)]
        tasks = [
            t
            for t in state.tasks.values()
            if state.instances[t.container_instance_arn] in members and not t.is_stopped
        ]
        assert data["instances"] == len(members)
        assert data["tasks"] == ({"RUNNING": len(tasks)} if tasks else {})
        assert data["parent"] == ("zone", zone)
        assert data["label"].startswith(f"{len(members)} × {kind}")
    web_arn = next(s.service_arn for s in state.services.values() if s.service_name == "web")
    runs = {t: d["tasks"] for s, t, d in edges(graph, "runs") if s == ("service", web_arn)}
    assert sum(runs.values()) == 4 and set(runs) <= set(summaries)
    assert ("instances of one type, summarised", "summary", {}) in graph.graph["legend"]


def test_a_target_group_routes_to_the_tasks_it_names(steady: Simulation) -> None:
    state = steady.region_state()
    task = tasks_of(steady, "web")[0]
    instance = state.instances[task.container_instance_arn]
    port = task.container("web").network_bindings[0].host_port
    group = SimpleNamespace(
        target_group_arn="arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1",
        targets=[{"id": instance.ec2_instance_id, "port": port, "health": "healthy"}],
    )
    state.target_groups = {group.target_group_arn: group}  # as load balancing will add them
    try:
        graph = cluster_graph(steady, "web")
    finally:
        del state.target_groups
    routes = edges(graph, "routes")
    assert [(s, t, d["label"]) for s, t, d in routes] == [
        (("target_group", group.target_group_arn), ("task", task.task_arn), f":{port} healthy")
    ]
    assert graph.nodes[("target_group", group.target_group_arn)]["label"].startswith(
        "target group web\n1 targets, 1 healthy"
    )


def test_pictures_draw_as_well_formed_svg(steady: Simulation) -> None:
    assert_valid_svg(cluster_picture(steady, "web"))
    assert_valid_svg(cluster_picture(steady, "web", service="agent"))
    assert_valid_svg(cluster_picture(steady, "web", group_above=1))


def test_the_picture_speaks_korean_but_ecs_values_stay_ecs() -> None:
    from ecslearn.model.builders import container, task_definition

    sim = Simulation(seed=0)
    ecs = sim.client()
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2)
    sim.register(task_definition("web", container("web", "nginx", memory=64, ports=[80])))
    ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web", desiredCount=2)
    sim.run_until_stable()
    graph = cluster_graph(sim, "shop", lang="ko")
    assert graph.graph["title"].startswith(
        "클러스터 shop: 가용 영역 2개에 인스턴스 2대, 태스크 2개"
    )
    assert graph.graph["legend_title"] == "범례"
    labels = [data["label"] for _, data in graph.nodes(data=True)]
    service = next(label for label in labels if label.startswith("서비스 web"))
    assert "REPLICA · 원하는 수 2" in service and "실행 중 2" in service
    task = next(label for label in labels if label.startswith("태스크 "))
    assert task.endswith("RUNNING")  # ECS's value, as DescribeTasks says it
    legend = [entry[0] for entry in graph.graph["legend"]]
    assert "태스크 RUNNING" in legend and "서비스" in legend
    english = cluster_graph(sim, "shop")
    assert english.graph["title"].startswith("Cluster shop: 2 instances in 2 zones, 2 tasks")
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        cluster_graph(sim, "shop", lang="jp")
