"""Concept maps: the pictures a lesson shows before any simulation runs.

Each map is built like mingrammer/diagrams reads: nesting in the code (``with m.group(...)``)
is nesting in the picture (cluster → zone → instance → task → container). Every word comes
from one table of the word catalogue, `ecslearn.words.concepts.CONCEPTS`, so a map exists in
English and in Korean (without ``lang``: the session's language, `ecslearn.set_language`), and
every map carries a legend built from the kinds it actually uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import networkx as nx

from ecslearn.views.render import Picture
from ecslearn.views.style import CHANGES, EDGES
from ecslearn.words import resolve, words
from ecslearn.words.concepts import CONCEPTS

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
    "load_balancer",
    "listener",
    "rule",
    "target_group",
    "capacity_provider",
    "asg",
    "namespace",
)  # "panel" and "note" are left out: a titled box and plain text explain themselves.
_LEGEND_EDGES = (
    "uses",
    "pulls",
    "runs",
    "starts",
    "reports",
    "maps_to",
    "not_same",
    "routes",
    "connects",
)


def term(key: str, lang: str | None = None, **values: Any) -> str:
    """The word (or sentence) `key` in `lang`, with ``{placeholders}`` filled from `values`."""
    return words(CONCEPTS, lang)[key].format(**values)


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

    def __init__(self, title: str, lang: str | None, rankdir: str = "TB") -> None:
        self.lang = resolve(lang)
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


def overview(lang: str | None = None) -> Picture:
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


def cluster_and_instances(lang: str | None = None) -> Picture:
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


def service_types(lang: str | None = None) -> Picture:
    """REPLICA (N copies, spread across zones by default) beside DAEMON (one per instance, new
    ones included)."""
    m = _Map(term("title_service_types", lang), lang, rankdir="TB")
    t = m.t
    with m.group("replica", "panel", t("replica_service")):
        label = f"{t('service')} web\nschedulingStrategy REPLICA\n{t('desired', count=3)}"
        service = m.node("replica:service", "service", label, ordering="out")
        with m.group("replica:cluster", "cluster", t("cluster")):
            # AWS: "By default, the service scheduler spreads tasks across Availability
            # Zones" (a placementStrategy replaces that default). One task per zone, and
            # the second instance of us-east-1a has none: a count, not one task per host.
            replica_hosts = {
                "i-01": ("us-east-1a", 1),
                "i-02": ("us-east-1a", 0),
                "i-03": ("us-east-1b", 1),
                "i-04": ("us-east-1c", 1),
            }
            for instance, (zone, count) in replica_hosts.items():
                host = f"replica:{instance}"
                label = f"{t('container_instance')}\n{instance} · {zone}"
                with m.group(host, "instance", label):
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


def ecs_vs_kubernetes(lang: str | None = None) -> Picture:
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


def shop_plan(lang: str | None = None) -> Picture:
    """The capstone's shop before it is built (lesson 15): requests through the load balancer's
    production and test rules to web's blue and green target groups; web on Fargate, api on an
    Auto Scaling group's capacity provider, found by its Cloud Map name; the broken checkout."""
    m = _Map(term("title_shop_plan", lang), lang, rankdir="TB")
    t = m.t
    users = m.node("users", "note", t("users"))
    testers = m.node("testers", "note", t("testers"))
    balancer = m.node("alb", "load_balancer", t("shop_balancer", name="shop"))
    listener = m.node("listener", "listener", t("shop_listener"))
    production = m.node("rule:production", "rule", t("production_rule"))
    test = m.node("rule:test", "rule", t("test_rule"))
    blue = m.node("group:blue", "target_group", t("blue_group", name="web-blue"))
    green = m.node("group:green", "target_group", t("green_group", name="web-green"))
    for source in (users, testers):
        m.edge(source, balancer, "routes", t("requests") if source == users else None)
    m.edge(balancer, listener, "routes")
    m.edge(listener, production, "routes")
    m.edge(listener, test, "routes")
    m.edge(production, blue, "routes", t("weight_now"))
    m.edge(production, green, "routes", t("weight_release"))
    m.edge(test, green, "routes", t("during_release"))
    with m.group("cluster", "cluster", f"{t('cluster')} shop"):
        with m.group("fargate", "capacity_provider", t("fargate_provider")):
            web = m.node("web", "service", t("web_service", low=2, high=6, cpu=50))
            m.node("checkout", "service", t("checkout_service"))
        with (
            m.group("ec2", "capacity_provider", t("ec2_provider", name="shop-ec2")),
            m.group("asg", "asg", t("shop_asg", name="shop-asg", low=0, high=3)),
        ):
            api = m.node("api", "service", t("api_service", count=2))
    names = m.node("cloud_map", "namespace", t("cloud_map_name", name="api.shop.local"))
    m.edge(blue, web, "routes")
    m.edge(green, web, "routes")
    m.edge(web, names, "connects", t("finds_by_name"))
    m.edge(names, api, "connects")
    m.below("web", "checkout")
    m.below(blue, "cluster", "fargate", "ec2", "asg")  # the cluster under the front door
    m.below(green, "cluster")
    return m.picture()


def all_maps(lang: str | None = None) -> list[Picture]:
    """Every concept map, in the order a first lesson shows them."""
    lang = resolve(lang)
    return [
        overview(lang),
        cluster_and_instances(lang),
        service_types(lang),
        ecs_vs_kubernetes(lang),
        shop_plan(lang),
    ]
