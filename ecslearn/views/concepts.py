"""Concept maps: the pictures a lesson shows before any simulation runs.

Each map is built like mingrammer/diagrams reads: nesting in the code (``with m.group(...)``)
is nesting in the picture (cluster → zone → instance → task → container). Every word comes
from one translation table, `TERMS`, so a map exists in English and in Korean, and every map
carries a legend built from the kinds it actually uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import networkx as nx

from ecslearn.views.render import Picture
from ecslearn.views.style import CHANGES, EDGES

LANGUAGES = ("en", "ko")

#: Every word on the maps: key -> {language: text}. Texts may hold ``{placeholders}``.
#: API literals (desiredCount, REPLICA, DAEMON) and product names (ECS, ECR, EC2, Docker) stay
#: as they are in every language: they are what the learner types and reads in AWS.
TERMS: dict[str, dict[str, str]] = {
    # Titles
    "title_overview": {"en": "Amazon ECS at a glance", "ko": "한눈에 보는 Amazon ECS"},
    "title_cluster": {
        "en": "A cluster and its container instances",
        "ko": "클러스터와 컨테이너 인스턴스",
    },
    "title_service_types": {
        "en": "Two kinds of service: REPLICA and DAEMON",
        "ko": "두 가지 서비스: 리플리카와 데몬",
    },
    "title_vs_kubernetes": {"en": "ECS beside Kubernetes", "ko": "ECS와 쿠버네티스 비교"},
    "legend": {"en": "Legend", "ko": "범례"},
    # ECS terms
    "cluster": {"en": "Cluster", "ko": "클러스터"},
    "logical_space": {"en": "a logical space", "ko": "논리적 공간"},
    "container_instance": {"en": "Container instance", "ko": "컨테이너 인스턴스"},
    "ec2_host": {"en": "EC2 host", "ko": "EC2 호스트"},
    "agent": {"en": "ECS agent", "ko": "ECS 에이전트"},
    "docker": {"en": "Docker engine", "ko": "Docker 엔진"},
    "zone": {"en": "Availability zone", "ko": "가용 영역"},
    "control_plane": {"en": "ECS control plane", "ko": "ECS 컨트롤 플레인"},
    "control_plane_role": {"en": "scheduler + API, run by AWS", "ko": "스케줄러 + API, AWS가 운영"},
    "task_definition": {"en": "Task definition", "ko": "태스크 디피니션"},
    "task": {"en": "Task", "ko": "태스크"},
    "container": {"en": "Container", "ko": "컨테이너"},
    "service": {"en": "Service", "ko": "서비스"},
    "replica_service": {"en": "REPLICA service", "ko": "리플리카 서비스"},
    "daemon_service": {"en": "DAEMON service", "ko": "데몬 서비스"},
    "image": {"en": "Image", "ko": "이미지"},
    "registry": {"en": "Registry", "ko": "레지스트리"},
    "attributes": {"en": "Attributes", "ko": "속성"},
    "images_line": {"en": "images: {images}", "ko": "이미지: {images}"},
    "settings_line": {
        "en": "CPU {cpu} · memory {memory} MiB",
        "ko": "CPU {cpu} · 메모리 {memory} MiB",
    },
    "port_line": {"en": "port {port}", "ko": "포트 {port}"},
    "desired": {"en": "desiredCount {count}", "ko": "desiredCount {count}"},
    "no_task": {"en": "(no task here)", "ko": "(태스크 없음)"},
    "newly_joined": {"en": "just joined", "ko": "새로 합류"},
    "replica_rule": {
        "en": "N copies; the placement strategy picks the hosts:\n"
        "2 + 1 + 0 is as valid as 1 + 1 + 1",
        "ko": "N개의 복제본, 호스트는 배치 전략이 고름:\n2 + 1 + 0 도 1 + 1 + 1 만큼 유효함",
    },
    "daemon_rule": {
        "en": "no desiredCount: exactly one task per instance,\n"
        "started on a new instance automatically",
        "ko": "desiredCount 없음: 인스턴스마다 정확히 태스크 1개,\n새 인스턴스에도 자동으로 시작",
    },
    # Kubernetes terms
    "kubernetes": {"en": "Kubernetes", "ko": "쿠버네티스"},
    "node": {"en": "Node", "ko": "노드"},
    "kubelet": {"en": "kubelet", "ko": "큐블릿"},
    "pod": {"en": "Pod", "ko": "파드"},
    "pod_spec": {"en": "Pod spec (template)", "ko": "파드 스펙 (템플릿)"},
    "deployment": {"en": "Deployment", "ko": "디플로이먼트"},
    "daemonset": {"en": "DaemonSet", "ko": "데몬셋"},
    "node_labels": {"en": "Node labels", "ko": "노드 레이블"},
    "container_registry": {"en": "Container registry", "ko": "컨테이너 레지스트리"},
    # What each ECS/Kubernetes pair shares (ecs-semantics §7)
    "alike_cluster": {"en": "top-level scheduling domain", "ko": "최상위 스케줄링 단위"},
    "alike_instance": {
        "en": "offers CPU and memory, runs work",
        "ko": "CPU와 메모리를 제공하고 작업을 실행",
    },
    "alike_agent": {
        "en": "on the host: starts containers, reports status",
        "ko": "호스트에서 컨테이너를 시작하고 상태를 보고",
    },
    "alike_task": {
        "en": "containers placed together on one host",
        "ko": "한 호스트에 함께 배치되는 컨테이너",
    },
    "alike_task_definition": {
        "en": "immutable, versioned by revision",
        "ko": "변경 불가, 리비전으로 버전 관리",
    },
    "alike_replica": {
        "en": "keeps N copies, rolling updates",
        "ko": "N개 복제본 유지, 롤링 업데이트",
    },
    "alike_daemon": {"en": "one copy on every host", "ko": "모든 호스트에 하나씩"},
    "alike_attributes": {
        "en": "matched by placement constraints / nodeSelector",
        "ko": "배치 제약 조건 / nodeSelector 로 선택",
    },
    "alike_registry": {"en": "stores and serves images", "ko": "이미지를 저장하고 제공"},
    "not_a_node": {"en": "✗ NOT the same", "ko": "✗ 같지 않음"},
    "misconception": {
        "en": "Common misconception: an ECS cluster is NOT a Kubernetes node.\n"
        "A cluster is a logical pool of many container instances;\n"
        "the container instance is what matches a node.",
        "ko": "흔한 오해: ECS 클러스터는 쿠버네티스 노드가 아닙니다.\n"
        "클러스터는 여러 컨테이너 인스턴스를 묶는 논리적 공간이고,\n"
        "노드에 해당하는 것은 컨테이너 인스턴스입니다.",
    },
    # Edge labels
    "uses": {"en": "uses", "ko": "사용"},
    "one_to_one": {"en": "uses (1 : 1)", "ko": "사용 (1 : 1)"},
    "pulls": {"en": "pulls images", "ko": "이미지 풀"},
    "runs": {"en": "runs", "ko": "실행"},
    "reports": {"en": "reports", "ko": "상태 보고"},
    "starts": {"en": "starts containers", "ko": "컨테이너 시작"},
    # Legend: one line per node kind and per edge kind
    "legend_cluster": {
        "en": "Cluster: a logical space for instances and services",
        "ko": "클러스터: 인스턴스와 서비스를 담는 논리적 공간",
    },
    "legend_zone": {"en": "Availability zone (dashed box)", "ko": "가용 영역 (점선 상자)"},
    "legend_instance": {
        "en": "Container instance: EC2 host + ECS agent + Docker",
        "ko": "컨테이너 인스턴스: EC2 호스트 + ECS 에이전트 + Docker",
    },
    "legend_task": {
        "en": "Task (green = running): containers placed together",
        "ko": "태스크 (초록 = 실행 중): 함께 배치되는 컨테이너 묶음",
    },
    "legend_container": {"en": "Container", "ko": "컨테이너"},
    "legend_agent": {
        "en": "ECS agent: starts tasks, reports their state",
        "ko": "ECS 에이전트: 태스크를 시작하고 상태를 보고",
    },
    "legend_docker": {
        "en": "Docker engine: runs the containers",
        "ko": "Docker 엔진: 컨테이너 실행",
    },
    "legend_control_plane": {
        "en": "ECS control plane: decides where tasks run",
        "ko": "ECS 컨트롤 플레인: 태스크가 실행될 위치를 결정",
    },
    "legend_service": {
        "en": "Service: keeps tasks of one task definition running",
        "ko": "서비스: 태스크 디피니션 하나의 태스크를 계속 실행",
    },
    "legend_task_definition": {
        "en": "Task definition: the recipe (images and settings)",
        "ko": "태스크 디피니션: 레시피 (이미지와 설정)",
    },
    "legend_registry": {
        "en": "Registry (ECR): stores images",
        "ko": "레지스트리 (ECR): 이미지 저장소",
    },
    "legend_image": {"en": "Image", "ko": "이미지"},
    "legend_attribute": {
        "en": "Attributes: name=value tags on an instance",
        "ko": "속성: 인스턴스에 붙는 name=value 표시",
    },
    "legend_kubernetes": {"en": "Kubernetes concept", "ko": "쿠버네티스 개념"},
    "legend_warning": {"en": "Misconception", "ko": "오해"},
    "legend_new": {"en": "Just joined the cluster", "ko": "클러스터에 새로 합류"},
    "legend_edge_uses": {"en": "uses", "ko": "사용"},
    "legend_edge_pulls": {"en": "pulls images", "ko": "이미지 풀"},
    "legend_edge_runs": {"en": "runs / keeps running", "ko": "실행 / 계속 실행"},
    "legend_edge_reports": {"en": "reports state (both ways)", "ko": "상태 보고 (양방향)"},
    "legend_edge_starts": {"en": "starts containers", "ko": "컨테이너 시작"},
    "legend_edge_maps_to": {"en": "same idea", "ko": "같은 개념"},
    "legend_edge_not_same": {"en": "NOT the same", "ko": "같지 않음"},
}

#: Order of the legend's lines (kinds not used in a map are left out).
_LEGEND_NODES = (
    "cluster",
    "zone",
    "instance",
    "agent",
    "docker",
    "task",
    "container",
    "service",
    "task_definition",
    "registry",
    "image",
    "attribute",
    "control_plane",
    "kubernetes",
    "warning",
)  # "panel" and "note" are left out: a titled box and plain text explain themselves.
_LEGEND_EDGES = ("uses", "pulls", "runs", "starts", "reports", "maps_to", "not_same")


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        choices = ", ".join(f'"{code}"' for code in LANGUAGES)
        raise ValueError(f"Unknown language {lang!r}: the concept maps exist in {choices}.")


def term(key: str, lang: str = "en", **values: Any) -> str:
    """The word (or sentence) `key` in `lang`, with ``{placeholders}`` filled from `values`."""
    _check_language(lang)
    return TERMS[key][lang].format(**values)


def _edge_sample(kind: str) -> str:
    """A short drawing of an edge kind in text: dashes, dots, arrow heads."""
    attrs = EDGES[kind]
    line = {"dashed": "- - -", "dotted": "· · ·"}.get(attrs.get("style", ""), "───")
    if kind == "not_same":
        return f"┤{line}├ ✗"
    if attrs.get("dir") == "both":
        heads = attrs.get("arrowhead") == "none"
        return line if heads else f"◀{line}▶"
    return f"{line}▶"


class _Map:
    """Builds one concept map's graph; ``with group(...)`` nests what is drawn inside it."""

    def __init__(self, title: str, lang: str, rankdir: str = "TB") -> None:
        _check_language(lang)
        self.lang = lang
        self.graph = nx.DiGraph(title=title, rankdir=rankdir)
        self._parents: list[str] = []

    def t(self, key: str, **values: Any) -> str:
        return term(key, self.lang, **values)

    def node(self, key: str, kind: str, label: str, *, group: bool = False, **attrs: Any) -> str:
        parent = self._parents[-1] if self._parents else None
        self.graph.add_node(key, kind=kind, label=label, parent=parent, group=group, attrs=attrs)
        return key

    @contextmanager
    def group(self, key: str, kind: str, label: str, **attrs: Any) -> Iterator[str]:
        self.node(key, kind, label, group=True, **attrs)
        self._parents.append(key)
        try:
            yield key
        finally:
            self._parents.pop()

    def edge(self, source: str, target: str, kind: str, label: str | None = None, **attrs: Any):
        self.graph.add_edge(source, target, kind=kind, label=label, attrs=attrs)

    def below(self, upper: str, *lowers: str, **attrs: Any) -> None:
        """Draw `lowers` under `upper` (an invisible edge: layout only, not a relation)."""
        for lower in lowers:
            self.edge(upper, lower, "layout", **attrs)

    def picture(self, extra: list[tuple] | None = None) -> Picture:
        """Finish the map: a legend line for every node and edge kind it uses."""
        kinds = {data["kind"] for _, data in self.graph.nodes(data=True)}
        edge_kinds = {data["kind"] for _, _, data in self.graph.edges(data=True)}
        legend: list[tuple] = [
            (self.t(f"legend_{kind}"), kind, {}) for kind in _LEGEND_NODES if kind in kinds
        ]
        legend += extra or []
        for kind in _LEGEND_EDGES:
            if kind in edge_kinds:
                text = f"{_edge_sample(kind)}  {self.t(f'legend_edge_{kind}')}"
                legend.append((text, "legend_edge", {"fontcolor": EDGES[kind]["color"]}))
        self.graph.graph["legend"] = legend
        self.graph.graph["legend_title"] = self.t("legend")
        return Picture(self.graph)


def overview(lang: str = "en") -> Picture:
    """ECS on one page: registry, task definition, service, cluster, instances, tasks."""
    m = _Map(term("title_overview", lang), lang, rankdir="TB")
    t = m.t
    images = {"web": "web:1.4", "log": "log-router:2.1"}
    with m.group("registry", "registry", f"{t('registry')} (ECR)"):
        for key, image in images.items():
            m.node(f"image:{key}", "image", f"{t('image')}\n{image}")
    settings = (
        f"{t('task_definition')} web:3",
        t("images_line", images=", ".join(images.values())),
        t("settings_line", cpu=256, memory=512),
        t("port_line", port="80/tcp"),
    )
    m.node("task_definition", "task_definition", "\n".join(settings))
    m.node("control_plane", "control_plane", f"{t('control_plane')}\n({t('control_plane_role')})")
    for key in images:
        m.edge("task_definition", f"image:{key}", "uses", t("uses"), minlen="0")
    with m.group("cluster", "cluster", f"{t('cluster')} demo: {t('logical_space')}"):
        m.node("service", "service", f"{t('service')} web\n{t('desired', count=2)}", ordering="out")
        for zone, instance in (("a", "i-0a1"), ("b", "i-0b2")):
            with (
                m.group(f"zone:{zone}", "zone", f"{t('zone')} us-east-1{zone}"),
                m.group(
                    f"instance:{instance}",
                    "instance",
                    f"{t('container_instance')} {instance} ({t('ec2_host')})",
                ),
            ):
                agent = m.node(f"agent:{instance}", "agent", t("agent"))
                docker = m.node(f"docker:{instance}", "docker", t("docker"))
                with m.group(f"task:{instance}", "task", f"{t('task')} web:3") as task:
                    for key in images:
                        container = m.node(
                            f"container:{instance}:{key}", "container", f"{t('container')} {key}"
                        )
                        m.below(agent, container)
            m.below("service", f"zone:{zone}", f"instance:{instance}", agent, docker)
            m.below(agent, task)
            m.edge("service", task, "runs", t("runs"))
            m.edge("registry", f"instance:{instance}", "pulls", t("pulls"), constraint="false")
            m.edge(agent, "control_plane", "reports", t("reports"), constraint="false")
    m.edge("service", "task_definition", "uses", t("one_to_one"), constraint="false")
    m.below("task_definition", "service", "cluster")
    return m.picture()


def cluster_and_instances(lang: str = "en") -> Picture:
    """A cluster's container instances across two zones, each agent reporting to ECS."""
    m = _Map(term("title_cluster", lang), lang, rankdir="TB")
    t = m.t
    role = f"{t('control_plane')}\n({t('control_plane_role')})"
    m.node("control_plane", "control_plane", role, ordering="out")
    placement = {"a": ("i-0a1", "i-0a2"), "b": ("i-0b1", "i-0b2")}
    with m.group("cluster", "cluster", f"{t('cluster')} demo: {t('logical_space')}"):
        for zone, instances in placement.items():
            with m.group(f"zone:{zone}", "zone", f"{t('zone')} us-east-1{zone}"):
                for instance in instances:
                    label = f"{t('container_instance')} {instance}\n({t('ec2_host')} m5.large)"
                    with m.group(f"instance:{instance}", "instance", label):
                        agent = m.node(f"agent:{instance}", "agent", t("agent"))
                        docker = m.node(f"docker:{instance}", "docker", t("docker"))
                    m.edge(agent, docker, "starts", t("starts"))
                    m.edge("control_plane", agent, "reports", t("reports"))
                    m.below("control_plane", f"instance:{instance}")
            m.below("control_plane", f"zone:{zone}")
    m.below("control_plane", "cluster")
    return m.picture()


def service_types(lang: str = "en") -> Picture:
    """REPLICA (N copies, anywhere) beside DAEMON (one per instance, new ones included)."""
    m = _Map(term("title_service_types", lang), lang, rankdir="TB")
    t = m.t
    with m.group("replica", "panel", t("replica_service")):
        label = f"{t('service')} web\nschedulingStrategy REPLICA\n{t('desired', count=3)}"
        service = m.node("replica:service", "service", label, ordering="out")
        with m.group("replica:cluster", "cluster", t("cluster")):
            # Binpack-like: 2 + 1 + 0. REPLICA promises a count, not one task per host.
            for instance, count in {"i-01": 2, "i-02": 1, "i-03": 0}.items():
                host = f"replica:{instance}"
                with m.group(host, "instance", f"{t('container_instance')}\n{instance}"):
                    for n in range(count):
                        task = m.node(f"{host}:task{n}", "task", f"{t('task')} web")
                        m.edge(service, task, "runs", t("runs") if n == 0 else None)
                    if not count:
                        m.below(service, m.node(f"{host}:empty", "note", t("no_task")))
                m.below(service, host)
        m.below(service, "replica:cluster")
        m.below("replica:i-01:task0", m.node("replica:rule", "note", t("replica_rule")))
    with m.group("daemon", "panel", t("daemon_service")):
        label = f"{t('service')} log-agent\nschedulingStrategy DAEMON"
        service = m.node("daemon:service", "service", label, ordering="out")
        with m.group("daemon:cluster", "cluster", t("cluster")):
            for instance in ("i-01", "i-02", "i-03", "i-04"):
                host = f"daemon:{instance}"
                joined = instance == "i-04"
                new = CHANGES["new"] if joined else {}
                label = f"{t('container_instance')}\n{instance}"
                label += f" ({t('newly_joined')})" if joined else ""
                with m.group(host, "instance", label, **new):
                    task = m.node(f"{host}:task", "task", f"{t('task')} log-agent", **new)
                m.edge(service, task, "runs", t("runs") if instance == "i-01" else None)
                m.below(service, host)
        m.below(service, "daemon:cluster")
        m.below("daemon:i-01:task", m.node("daemon:rule", "note", t("daemon_rule")))
    return m.picture(extra=[(t("legend_new"), "instance", dict(CHANGES["new"]))])


#: ECS concept -> its Kubernetes counterpart: (ECS term, ECS kind, Kubernetes term, alike).
_PAIRS = (
    ("cluster", "cluster", "cluster", "alike_cluster"),
    ("container_instance", "instance", "node", "alike_instance"),
    ("agent", "agent", "kubelet", "alike_agent"),
    ("task", "task", "pod", "alike_task"),
    ("task_definition", "task_definition", "pod_spec", "alike_task_definition"),
    ("replica_service", "service", "deployment", "alike_replica"),
    ("daemon_service", "service", "daemonset", "alike_daemon"),
    ("attributes", "attribute", "node_labels", "alike_attributes"),
    ("registry", "registry", "container_registry", "alike_registry"),
)


def ecs_vs_kubernetes(lang: str = "en") -> Picture:
    """ECS's words beside Kubernetes's, row by row, and the one pairing learners get wrong."""
    m = _Map(term("title_vs_kubernetes", lang), lang, rankdir="TB")
    t = m.t
    ecs = [f"ecs:{ecs_term}" for ecs_term, *_ in _PAIRS]
    k8s = [f"k8s:{k8s_term}" for _, _, k8s_term, _ in _PAIRS]
    with m.group("ecs", "panel", "Amazon ECS"):
        for key, (ecs_term, kind, _, _) in zip(ecs, _PAIRS, strict=True):
            label = t(ecs_term) + (" (ECR)" if ecs_term == "registry" else "")
            m.node(key, kind, label, width="2.1")
    with m.group("k8s", "panel", t("kubernetes")):
        for key, (_, _, k8s_term, _) in zip(k8s, _PAIRS, strict=True):
            m.node(key, "kubernetes", t(k8s_term), width="2.1")
    for column in (ecs, k8s):
        for upper, lower in pairwise(column):
            m.below(upper, lower)
    for left, right, (*_, alike) in zip(ecs, k8s, _PAIRS, strict=True):
        m.edge(left, right, "maps_to", t(alike), minlen="0")
    m.edge("ecs:cluster", "k8s:node", "not_same", t("not_a_node"), constraint="false")
    m.node("misconception", "warning", t("misconception"))
    # Above the table, which also keeps each panel's top clear of the first row's edge.
    m.below("misconception", "ecs:cluster", "k8s:cluster")
    return m.picture()


def all_maps(lang: str = "en") -> list[Picture]:
    """Every concept map, in the order a first lesson shows them."""
    _check_language(lang)
    return [
        overview(lang),
        cluster_and_instances(lang),
        service_types(lang),
        ecs_vs_kubernetes(lang),
    ]
