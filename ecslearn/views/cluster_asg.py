"""Auto Scaling groups and capacity providers in the cluster picture, and the tasks that wait
for capacity.

- Each Auto Scaling group the cluster uses is a box inside the cluster: the group behind one of
  the cluster's capacity providers (even while it has no instance), and the group any of the
  cluster's instances was launched by (read from the EC2 instance's
  ``aws:autoscaling:groupName`` tag, as ECS reads it). The box holds one zone box per zone its
  registered instances are in, and says the group's MinSize, DesiredCapacity and MaxSize, its
  instances' lifecycle states (and how many registered with this cluster, when not all did)
  and, when a capacity provider of the cluster uses the group, the provider's name, managed
  scaling's status and target capacity, and CapacityProviderReservation.
- A task waiting in PROVISIONING for its capacity provider to find room has no instance and no
  zone: the waiting tasks sit in one "waiting for capacity" box per provider, inside the box of
  the provider's group (in the cluster when the group is not drawn), with their count and,
  below the picture's grouping threshold, their ids. Services link to the box with their count,
  as they link to summaries. Before these boxes the picture left such tasks out: only the
  title's task count showed them.
- A note lists the cluster's capacity providers (FARGATE and FARGATE_SPOT too, when associated)
  and its default capacity provider strategy.

CapacityProviderReservation is shown as managed scaling last computed it, at its once-a-minute
evaluation (what the CloudWatch metric would show), not recomputed for the picture: pictures
never change state, and an evaluation does (it counts the minutes below target).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from ecslearn.control.asg_link import instance_group
from ecslearn.control.state import RegionState
from ecslearn.model.capacity_provider import BUILT_IN, CapacityProvider
from ecslearn.model.cluster import Cluster
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.task import Task
from ecslearn.views.cluster_labels import say, tasks_text
from ecslearn.views.cluster_view import ClusterView
from ecslearn.views.style import DIMMED

Key = tuple[str, ...]
#: Waiting tasks' ids shown in a box (more are counted), and how many to a line.
IDS_SHOWN = 12
IDS_PER_LINE = 4
#: Auto Scaling's lifecycle states in the order an instance goes through them.
LIFECYCLE = ("Pending", "Pending:Wait", "Pending:Proceed", "InService", "Standby")


class ClusterCapacity:
    """The cluster's Auto Scaling groups and capacity providers, as the picture draws them."""

    def __init__(
        self,
        state: RegionState,
        cluster: Cluster,
        instances: list[ContainerInstance],
        lang: str,
    ) -> None:
        self.state = state
        self.lang = lang
        self.providers = list(cluster.capacity_providers or [])
        self.strategy = list(cluster.default_capacity_provider_strategy or [])
        #: group name -> the cluster's capacity provider over it
        self.provider_of_group: dict[str, CapacityProvider] = {}
        for name in self.providers:
            provider = state.capacity_providers.get(name)
            group_provider = provider.auto_scaling_group_provider if provider else None
            if provider is not None and group_provider is not None:
                self.provider_of_group[group_provider.group_name] = provider
        #: container instance ARN -> its Auto Scaling group
        self.group_of: dict[str, str] = {}
        for instance in instances:
            group = instance_group(state, instance)
            if group:
                self.group_of[instance.container_instance_arn or ""] = group
        self.groups = list(
            dict.fromkeys([*self.provider_of_group, *sorted(set(self.group_of.values()))])
        )

    def zone_key(self, instance: ContainerInstance) -> Key:
        """The zone box an instance sits in: the cluster's, or its group's."""
        zone = instance.zone or "?"
        group = self.group_of.get(instance.container_instance_arn or "")
        return ("zone", zone) if group is None else ("zone", zone, group)

    def outside_groups(self, instances: list[ContainerInstance]) -> set[str]:
        """Zones of the instances that belong to no group (their boxes are the cluster's)."""
        return {i.zone or "?" for i in instances if len(self.zone_key(i)) == 2}

    def group_box(self, provider: str) -> Key | None:
        for group, record in self.provider_of_group.items():
            if record.name == provider:
                return ("asg", group)
        return None

    # -- drawing ---------------------------------------------------------------------------------
    def add_groups(self, graph: nx.DiGraph, root: Key, instances: list[ContainerInstance]) -> None:
        """A box per group, holding a box per zone of its instances; and the note."""
        self._add_note(graph, root)
        zones: dict[str, set[str]] = defaultdict(set)
        for instance in instances:
            key = self.zone_key(instance)
            if len(key) == 3:
                zones[key[2]].add(key[1])
        for group in self.groups:
            record = self.state.autoscaling.groups.get(group)
            provider = self.provider_of_group.get(group)
            graph.add_node(
                ("asg", group),
                kind="asg",
                label=self._group_label(group),
                parent=root,
                group=True,
                sizes=None
                if record is None
                else (record.min_size, record.desired_capacity, record.max_size),
                provider=provider.name if provider else None,
            )
            for zone in sorted(zones.get(group, ())):
                key = ("zone", zone, group)
                graph.add_node(key, kind="zone", label=zone, parent=("asg", group), group=True)

    def _group_label(self, group: str) -> str:
        lang = self.lang
        record = self.state.autoscaling.groups.get(group)
        if record is None:
            lines = [say(lang, "asg_missing", name=group)]
        else:
            lines = [
                say(lang, "asg", name=group),
                say(
                    lang,
                    "asg_sizes",
                    min=record.min_size,
                    desired=record.desired_capacity,
                    max=record.max_size,
                ),
            ]
            states = Counter(i.lifecycle_state for i in record.instances.values())
            order = {s: i for i, s in enumerate(LIFECYCLE)}
            ordered = sorted(states, key=lambda s: (order.get(s, len(order)), s))
            text = ", ".join(say(lang, "asg_state", n=f"{states[s]:,}", state=s) for s in ordered)
            lines.append(
                say(lang, "asg_instances", states=text) if states else say(lang, "asg_no_instances")
            )
            registered = sum(1 for g in self.group_of.values() if g == group)
            if registered != len(record.instances):
                lines[-1] += " · " + say(lang, "asg_registered", n=registered)
        provider = self.provider_of_group.get(group)
        if provider is not None:
            lines.extend(self._provider_lines(provider))
        return "\n".join(lines)

    def _provider_lines(self, provider: CapacityProvider) -> list[str]:
        lang = self.lang
        head = say(lang, "provider", name=provider.name)
        if provider.status and provider.status != "ACTIVE":
            head += f" ({provider.status})"
        scaling = provider.scaling
        lines = [
            head,
            say(lang, "managed_scaling", status=scaling.status, target=scaling.target_capacity),
        ]
        if scaling.enabled:
            metric = provider.last_metric
            lines.append(
                say(lang, "reservation_none")
                if metric is None
                else say(lang, "reservation", value=f"{round(metric, 1):g}")
            )
        return lines

    def _add_note(self, graph: nx.DiGraph, root: Key) -> None:
        """The cluster's capacity providers and default strategy, when it has either."""
        if not self.providers and not self.strategy:
            return
        lang = self.lang
        lines = [say(lang, "capacity_title")]
        by_name = {p.name: group for group, p in self.provider_of_group.items()}
        for name in self.providers:
            if name in by_name:
                lines.append("· " + say(lang, "capacity_asg", name=name, group=by_name[name]))
            elif name in BUILT_IN:
                lines.append("· " + say(lang, "capacity_fargate", name=name))
            else:
                lines.append(f"· {name}")
        if not self.providers:
            lines.append("· " + say(lang, "capacity_none"))
        if self.strategy:
            lines.append(say(lang, "default_strategy"))
            lines.extend(
                f"· {item.get('capacityProvider')}: base {item.get('base') or 0}, "
                f"weight {item.get('weight') or 0}"
                for item in self.strategy
            )
        else:
            lines.append(say(lang, "default_none"))
        graph.add_node(
            ("capacity", root[1]),
            kind="capacity",
            label="\n".join(lines),
            parent=root,
            group=False,
            providers=list(self.providers),
            strategy=[dict(item) for item in self.strategy],
        )


def waiting_tasks(tasks: list[Task]) -> dict[str, list[Task]]:
    """Tasks on EC2 capacity with no instance (waiting for capacity, or stopped while they
    waited), per capacity provider ("" for none)."""
    boxes: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        if not task.container_instance_arn and not task.is_fargate:
            boxes[task.capacity_provider_name or ""].append(task)
    return boxes


def add_waiting(
    graph: nx.DiGraph, view: ClusterView, capacity: ClusterCapacity, grouped: bool, root: Key
) -> None:
    """One "waiting for capacity" box per capacity provider with tasks waiting for it."""
    lang = view.lang
    for provider, tasks in sorted(waiting_tasks(view.tasks).items()):
        live = [t for t in tasks if not t.is_stopped]
        shown = [t for t in live if not view.dimmed(t)]
        head = say(lang, "waiting", provider=provider) if provider else say(lang, "waiting_any")
        lines = [head, say(lang, "waiting_count", tasks=tasks_text(len(shown), lang))]
        if not grouped and shown:
            ids = [t.id[:8] for t in shown[:IDS_SHOWN]]
            lines += [" ".join(ids[i : i + IDS_PER_LINE]) for i in range(0, len(ids), IDS_PER_LINE)]
            if len(shown) > IDS_SHOWN:
                lines.append(say(lang, "waiting_more", n=len(shown) - IDS_SHOWN))
        label = "\n".join(lines)
        if len(live) > len(shown):
            label += say(lang, "of_other_services", tasks=tasks_text(len(live) - len(shown), lang))
        if len(tasks) > len(live):
            stopped = tasks_text(len(tasks) - len(live), lang)
            label += "\n" + say(lang, "stopped_waiting", tasks=stopped)
        box = capacity.group_box(provider)
        attrs: dict[str, Any] = dict(DIMMED) if live and not shown else {}
        graph.add_node(
            ("waiting", provider),
            kind="waiting",
            label=label,
            parent=box if box in graph else root,
            group=False,
            attrs=attrs,
            tasks=[t.task_arn for t in shown],
            services=dict(Counter(t.service_arn for t in shown if t.service_arn)),
        )
