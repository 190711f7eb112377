"""The concept maps: what each picture shows, what sits inside what, and its legend, in English
and in Korean. Structure is checked on the networkx graph; drawing only has to give valid SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import networkx as nx
import pytest

from ecslearn.views import Picture, concepts
from ecslearn.views.concepts import term
from ecslearn.views.style import CHANGES, EDGES, KINDS
from ecslearn.words.concepts import CONCEPTS
from tests.views import require_dot

LANGS = ("en", "ko")
MAPS: dict[str, Callable[[str], Picture]] = {
    "overview": concepts.overview,
    "cluster_and_instances": concepts.cluster_and_instances,
    "service_types": concepts.service_types,
    "ecs_vs_kubernetes": concepts.ecs_vs_kubernetes,
    "shop_plan": concepts.shop_plan,
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: Words that stay as they are in Korean: AWS names, API fields and values, example names.
KEPT_IN_KOREAN = {
    "Amazon", "AWS", "API", "ECS", "ECR", "EC2", "Docker", "CPU", "MiB", "tcp",
    "desiredCount", "schedulingStrategy", "REPLICA", "DAEMON", "nodeSelector", "name", "value",
    "demo", "us", "east", "web", "log", "router", "agent", "m5", "large",
    "shop", "blue", "green", "api", "checkout", "local", "ec2", "asg", "ALB", "HTTP", "X",
    "Test", "FARGATE", "BLUE_GREEN", "Auto", "Scaling", "Cloud", "Map", "IP", "DNS",
}  # fmt: skip


def graph_of(name: str, lang: str) -> nx.DiGraph:
    return MAPS[name](lang).graph


def labelled(graph: nx.DiGraph, kind: str, *parts: str) -> list[str]:
    """Nodes of `kind` whose label contains every one of `parts`."""
    return [
        node
        for node, data in graph.nodes(data=True)
        if data["kind"] == kind and all(part in data["label"] for part in parts)
    ]


def exactly(graph: nx.DiGraph, kind: str, label: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["kind"] == kind and d["label"] == label]
    return node


def one(graph: nx.DiGraph, kind: str, *parts: str) -> str:
    found = labelled(graph, kind, *parts)
    assert len(found) == 1, f"expected one {kind} labelled {parts}, found {found}"
    return found[0]


def chain(graph: nx.DiGraph, node: str) -> list[str]:
    """The kinds of the boxes `node` sits in, innermost first."""
    kinds = []
    parent = graph.nodes[node]["parent"]
    while parent is not None:
        assert graph.nodes[parent]["group"], f"{parent} holds {node} but is not drawn as a box"
        kinds.append(graph.nodes[parent]["kind"])
        parent = graph.nodes[parent]["parent"]
    return kinds


def edges(graph: nx.DiGraph, kind: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b, data in graph.edges(data=True) if data["kind"] == kind}


def children(graph: nx.DiGraph, parent: str, kind: str) -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d["parent"] == parent and d["kind"] == kind]


def texts(graph: nx.DiGraph) -> list[str]:
    """Every word a reader sees: title, node and edge labels, legend lines."""
    found = [graph.graph["title"], graph.graph["legend_title"]]
    found += [data["label"] for _, data in graph.nodes(data=True)]
    found += [data["label"] for _, _, data in graph.edges(data=True) if data.get("label")]
    found += [entry[0] for entry in graph.graph["legend"]]
    return found


# --- Every map, every language ----------------------------------------------------------------

every_map = pytest.mark.parametrize("name", list(MAPS))
every_lang = pytest.mark.parametrize("lang", LANGS)


@every_map
def test_an_unknown_language_is_refused_with_the_languages_there_are(name: str) -> None:
    with pytest.raises(ValueError, match="lang must be one of en, ko; it was 'fr'"):
        MAPS[name]("fr")


def test_all_maps_come_in_lesson_order_and_refuse_an_unknown_language() -> None:
    titles = [picture.graph.graph["title"] for picture in concepts.all_maps("ko")]
    assert titles == [graph_of(name, "ko").graph["title"] for name in MAPS]
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        concepts.all_maps("de")
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        term("cluster", "jp")


def test_every_term_exists_in_every_language() -> None:
    assert set(CONCEPTS) == set(LANGS)
    for lang in LANGS:
        assert set(CONCEPTS[lang]) == set(CONCEPTS["en"]), lang


def test_the_korean_words_are_the_courses() -> None:
    course = {
        "cluster": "클러스터",
        "container_instance": "컨테이너 인스턴스",
        "task_definition": "태스크 디피니션",
        "task": "태스크",
        "service": "서비스",
        "container": "컨테이너",
        "image": "이미지",
        "registry": "레지스트리",
        "agent": "ECS 에이전트",
        "zone": "가용 영역",
        "control_plane": "ECS 컨트롤 플레인",
        "node": "노드",
        "pod": "파드",
        "deployment": "디플로이먼트",
        "daemonset": "데몬셋",
        "kubelet": "큐블릿",
    }
    for key, korean in course.items():
        assert term(key, "ko") == korean
    assert "리플리카" in term("replica_service", "ko")
    assert "데몬" in term("daemon_service", "ko")


@every_map
@every_lang
def test_the_legend_explains_every_shape_and_every_line(name: str, lang: str) -> None:
    graph = graph_of(name, lang)
    legend = graph.graph["legend"]
    assert legend, "every picture with colours and shapes has a legend"
    assert graph.graph["legend_title"] == term("legend", lang)
    explained = {kind for _, kind, *_ in legend}
    assert explained <= set(KINDS), "the legend draws only kinds of the one style table"
    used = {data["kind"] for _, data in graph.nodes(data=True)} - {"panel", "note"}
    assert used <= explained, f"shapes without a legend line: {used - explained}"
    lines = [entry for entry in legend if entry[1] == "legend_edge"]
    drawn = {data["kind"] for _, _, data in graph.edges(data=True)} - {"layout"}
    for kind in drawn:
        colour = EDGES[kind]["color"]
        described = [e for e in lines if e[2]["fontcolor"] == colour]
        assert described, f"no legend line for {kind} edges"
        assert any(term(f"legend_edge_{kind}", lang) in e[0] for e in described)
    assert len(lines) == len(drawn)


@every_map
@every_lang
def test_layout_edges_are_invisible_and_every_other_edge_has_a_known_kind(
    name: str, lang: str
) -> None:
    graph = graph_of(name, lang)
    for _, _, data in graph.edges(data=True):
        assert data["kind"] in EDGES
    assert EDGES["layout"]["style"] == "invis"


@every_map
def test_korean_maps_speak_korean_with_no_english_leftovers(name: str) -> None:
    graph = graph_of(name, "ko")
    seen = "\n".join(texts(graph))
    for key, english in CONCEPTS["en"].items():
        if english == CONCEPTS["ko"][key] or "{" in english:
            continue
        for line in english.splitlines():
            assert line not in seen, f"English {line!r} ({key}) left in the Korean map"
    leftovers = set(re.findall(r"\b[A-Za-z][A-Za-z0-9]+\b", seen)) - KEPT_IN_KOREAN
    assert not leftovers, f"untranslated words: {sorted(leftovers)}"
    for node, data in graph.nodes(data=True):
        if data["label"] != "Amazon ECS":
            assert HANGUL.search(data["label"]), f"{node}: {data['label']!r} is not Korean"
    for text in [graph.graph["title"]] + [entry[0] for entry in graph.graph["legend"]]:
        assert HANGUL.search(text), text


@every_map
def test_english_maps_have_no_korean(name: str) -> None:
    assert not any(HANGUL.search(text) for text in texts(graph_of(name, "en")))


@every_map
@every_lang
@pytest.mark.graphviz
def test_the_drawing_is_well_formed_svg(name: str, lang: str) -> None:
    require_dot()
    picture = MAPS[name](lang)
    root = ET.fromstring(picture.svg())
    assert root.tag.endswith("svg")
    drawn = "".join(root.itertext())
    assert term("legend" if lang == "en" else "cluster", lang) in drawn
    bundle = picture._repr_mimebundle_()
    assert ET.fromstring(bundle["image/svg+xml"]).tag.endswith("svg")


# --- 1. The overview -------------------------------------------------------------------------


@every_lang
def test_overview_shows_registry_images_task_definition_service_and_cluster(lang: str) -> None:
    g = graph_of("overview", lang)
    t = lambda key, **v: term(key, lang, **v)  # noqa: E731
    registry = one(g, "registry", t("registry"), "ECR")
    images = labelled(g, "image", t("image"))
    assert len(images) == 2
    assert all(g.nodes[image]["parent"] == registry for image in images)
    definition = one(g, "task_definition", t("task_definition"))
    label = g.nodes[definition]["label"]
    for setting in ("web:1.4", "log-router:2.1", "CPU 256", "512 MiB", "80/tcp"):
        assert setting in label
    assert t("settings_line", cpu=256, memory=512) in label
    service = one(g, "service", t("service"), "desiredCount 2")
    cluster = one(g, "cluster", t("cluster"), t("logical_space"))
    assert g.nodes[service]["parent"] == cluster
    assert g.nodes[definition]["parent"] is None, "task definitions live outside any cluster"
    assert g.nodes[registry]["parent"] is None

    assert edges(g, "uses") >= {(definition, image) for image in images}
    one_to_one = [e for e in edges(g, "uses") if e == (service, definition)]
    assert one_to_one and "1 : 1" in g.edges[service, definition]["label"]


@every_lang
def test_overview_nests_containers_in_tasks_in_instances_in_zones_in_the_cluster(
    lang: str,
) -> None:
    g = graph_of("overview", lang)
    zones = labelled(g, "zone", term("zone", lang))
    assert len(zones) == 2, "instances span two availability zones"
    instances = labelled(g, "instance", term("container_instance", lang), term("ec2_host", lang))
    assert len(instances) == 2
    assert {g.nodes[i]["parent"] for i in instances} == set(zones)
    for instance in instances:
        assert len(children(g, instance, "agent")) == 1
        assert len(children(g, instance, "docker")) == 1
        (task,) = children(g, instance, "task")
        assert g.nodes[task]["group"]
        containers = children(g, task, "container")
        assert len(containers) == 2
        for container in containers:
            assert chain(g, container) == ["task", "instance", "zone", "cluster"]


@every_lang
def test_overview_edges_pull_run_and_report(lang: str) -> None:
    g = graph_of("overview", lang)
    registry = one(g, "registry", term("registry", lang))
    service = one(g, "service", term("service", lang))
    plane = one(g, "control_plane", term("control_plane", lang))
    assert g.nodes[plane]["parent"] is None, "the control plane is AWS's, outside the cluster"
    instances = labelled(g, "instance", term("container_instance", lang))
    tasks = labelled(g, "task", term("task", lang))
    agents = labelled(g, "agent", term("agent", lang))
    assert edges(g, "pulls") == {(registry, instance) for instance in instances}
    assert edges(g, "runs") == {(service, task) for task in tasks}
    assert edges(g, "reports") == {(agent, plane) for agent in agents}
    assert EDGES["reports"]["dir"] == "both", "agent and control plane talk both ways"
    assert g.edges[registry, instances[0]]["label"] == term("pulls", lang)


# --- 2. A cluster and its container instances -------------------------------------------------


@every_lang
def test_each_instance_has_an_agent_reporting_to_the_control_plane_and_docker(lang: str) -> None:
    g = graph_of("cluster_and_instances", lang)
    plane = one(g, "control_plane", term("control_plane", lang))
    assert g.nodes[plane]["parent"] is None, "the control plane is outside the cluster"
    cluster = one(g, "cluster", term("cluster", lang))
    zones = children(g, cluster, "zone")
    assert len(zones) == 2
    instances = labelled(g, "instance", term("container_instance", lang), term("ec2_host", lang))
    assert len(instances) == 4
    assert {g.nodes[i]["parent"] for i in instances} == set(zones)
    for instance in instances:
        assert chain(g, instance) == ["zone", "cluster"]
        (agent,) = children(g, instance, "agent")
        (docker,) = children(g, instance, "docker")
        assert g.nodes[agent]["label"] == term("agent", lang)
        assert g.nodes[docker]["label"] == term("docker", lang)
        assert (plane, agent) in edges(g, "reports")
        assert (agent, docker) in edges(g, "starts")
    assert len(edges(g, "reports")) == 4


# --- 3. REPLICA and DAEMON --------------------------------------------------------------------


def tasks_per_instance(g: nx.DiGraph, cluster: str) -> dict[str, int]:
    return {
        g.nodes[instance]["label"].split("\n")[1].split()[0]: len(children(g, instance, "task"))
        for instance in children(g, cluster, "instance")
    }


@every_lang
def test_replica_keeps_desired_count_tasks_spread_across_zones_by_default(lang: str) -> None:
    """AWS: by default the service scheduler spreads a REPLICA service's tasks across
    Availability Zones; an instance may still have none."""
    g = graph_of("service_types", lang)
    panel = one(g, "panel", term("replica_service", lang))
    service = one(g, "service", "schedulingStrategy REPLICA", "desiredCount 3")
    assert g.nodes[service]["parent"] == panel
    (cluster,) = children(g, panel, "cluster")
    counts = tasks_per_instance(g, cluster)
    assert sum(counts.values()) == 3
    assert sorted(counts.values()) == [0, 1, 1, 1], "one task per zone, and one host has none"
    zones = [
        g.nodes[instance]["label"].split("\n")[1].split()[-1]
        for instance in children(g, cluster, "instance")
        if children(g, instance, "task")
    ]
    assert sorted(zones) == ["us-east-1a", "us-east-1b", "us-east-1c"]
    placed = {task for i in children(g, cluster, "instance") for task in children(g, i, "task")}
    assert {(service, task) for task in placed} == {e for e in edges(g, "runs") if e[0] == service}


@every_lang
def test_daemon_runs_exactly_one_task_on_every_instance_even_a_new_one(lang: str) -> None:
    g = graph_of("service_types", lang)
    panel = one(g, "panel", term("daemon_service", lang))
    service = one(g, "service", "schedulingStrategy DAEMON")
    assert "desiredCount" not in g.nodes[service]["label"]
    (cluster,) = children(g, panel, "cluster")
    counts = tasks_per_instance(g, cluster)
    assert len(counts) == 4 and set(counts.values()) == {1}
    (joined,) = labelled(g, "instance", term("newly_joined", lang))
    assert g.nodes[joined]["attrs"] == CHANGES["new"], "drawn like everything new"
    (task,) = children(g, joined, "task")
    assert (service, task) in edges(g, "runs")
    assert len([e for e in edges(g, "runs") if e[0] == service]) == 4
    assert any(entry[2] == CHANGES["new"] for entry in g.graph["legend"])


@every_lang
def test_replica_and_daemon_stand_side_by_side(lang: str) -> None:
    g = graph_of("service_types", lang)
    panels = [one(g, "panel", term(key, lang)) for key in ("replica_service", "daemon_service")]
    assert all(g.nodes[p]["parent"] is None for p in panels)


# --- 4. ECS beside Kubernetes -----------------------------------------------------------------

PAIRS = [
    ("cluster", "cluster", "cluster"),
    ("instance", "container_instance", "node"),
    ("agent", "agent", "kubelet"),
    ("task", "task", "pod"),
    ("task_definition", "task_definition", "pod_spec"),
    ("service", "replica_service", "deployment"),
    ("service", "daemon_service", "daemonset"),
    ("attribute", "attributes", "node_labels"),
    ("registry", "registry", "container_registry"),
]


@every_lang
def test_each_ecs_concept_maps_to_its_kubernetes_counterpart(lang: str) -> None:
    g = graph_of("ecs_vs_kubernetes", lang)
    ecs = one(g, "panel", "Amazon ECS")
    k8s = one(g, "panel", term("kubernetes", lang))
    mapped = edges(g, "maps_to")
    for kind, ecs_term, k8s_term in PAIRS:
        extra = " (ECR)" if ecs_term == "registry" else ""
        left = exactly(g, kind, term(ecs_term, lang) + extra)
        right = exactly(g, "kubernetes", term(k8s_term, lang))
        assert g.nodes[left]["parent"] == ecs and g.nodes[right]["parent"] == k8s
        assert (left, right) in mapped
        assert g.edges[left, right]["label"], "each pair says what it shares"
    assert len(mapped) == len(PAIRS)
    assert "ECR" in g.nodes[one(g, "registry", term("registry", lang))]["label"]


@every_lang
def test_an_ecs_cluster_is_marked_as_not_a_kubernetes_node(lang: str) -> None:
    g = graph_of("ecs_vs_kubernetes", lang)
    cluster = exactly(g, "cluster", term("cluster", lang))
    node = exactly(g, "kubernetes", term("node", lang))
    (wrong,) = edges(g, "not_same")
    assert wrong == (cluster, node)
    assert "✗" in g.edges[wrong]["label"]
    assert EDGES["not_same"]["color"] == "#dc2626", "the misconception is drawn in red"
    (warning,) = [n for n, d in g.nodes(data=True) if d["kind"] == "warning"]
    label = g.nodes[warning]["label"]
    said = {
        "en": ("ECS cluster is NOT a Kubernetes node", "container instance"),
        "ko": ("ECS 클러스터는 쿠버네티스 노드가 아닙니다", "컨테이너 인스턴스"),
    }
    assert all(words in label for words in said[lang])
