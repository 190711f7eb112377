"""The traffic picture: load balancer -> listener -> rules -> target groups -> targets -> tasks.

``traffic(sim, "web-alb", answers=sim.send_requests(url, 20))`` draws what a request meets on
its way in, read from ELBv2's own records (`ecslearn.model.elbv2` for load balancers, listeners
and rules; `ecslearn.model.load_balancing` for target groups and their targets):

- each listener's rules in evaluation order, with their path and host conditions; a forward to
  several target groups shows each group's weight and share, a fixed response or redirect is
  drawn as the load balancer's own answer;
- each target group with how many of its targets are healthy, each target (instance ID or IP and
  port) filled by its ELB health, with the reason code when it is not healthy;
- the task behind each target (ELB remembers which task answered at the address) inside the EC2
  instance that runs it; a Fargate task stands alone;
- how many of `answers` (what `sim.send_requests` returned) each target, target group and
  fixed response got. The picture counts the answers it is given; it never sends a request
  or moves the clock, so drawing changes nothing.

It stays cheap: every lookup is by key (a target's task, a task's instance), never a walk over
the region's tasks or instances.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ecslearn.control.state import RegionState
from ecslearn.model.elbv2 import ElbLoadBalancer, Listener, ListenerRule, forward_weights
from ecslearn.model.load_balancing import ServedRequest, Target, TargetGroup
from ecslearn.views.render import Picture
from ecslearn.views.style import STATUS_COLOURS, TARGET_COLOURS
from ecslearn.words import words
from ecslearn.words.traffic import TRAFFIC_PICTURE

Counts = dict[str, Counter]

#: A target group shows at most this many targets (serving ones first); the rest are counted
#: by state in one line, so a group that churned through many tasks stays readable and cheap.
TARGETS_SHOWN = 12
#: The order targets are shown in: the ones that get requests first, the leaving ones last.
STATE_ORDER = ("healthy", "unhealthy", "initial", "unused", "draining")


def _say(lang: str | None, key: str, **values: object) -> str:
    return words(TRAFFIC_PICTURE, lang)[key].format(**values)


def _served(lang: str | None, n: int) -> str:
    if n == 0:
        return _say(lang, "not_served")
    return _say(lang, "served_one") if n == 1 else _say(lang, "served", n=f"{n:,}")


def count_answers(answers: Iterable[Any] | None) -> Counts:
    """What `send_requests` answered, counted: per target ``(group, id, port)``, per target
    group, per rule's own answer ``(priority, status)``, and the group's answers no target
    gave (``(group, status)``: ELB's 503 with nothing routable). Lists of answers may be nested
    (several calls' answers in one list). An answer names its target group and its rule's
    priority, not its listener: two listeners whose rules of the same priority answer the same
    fixed status share one count."""
    counts: Counts = {
        "target": Counter(),
        "group": Counter(),
        "rule": Counter(),
        "unanswered": Counter(),
    }
    pending = list(answers or [])
    while pending:
        answer = pending.pop()
        if isinstance(answer, (list, tuple)):
            pending.extend(answer)
            continue
        if not isinstance(answer, ServedRequest):
            continue
        if answer.target_group is not None:
            counts["group"][answer.target_group] += 1
            if answer.target is not None:
                counts["target"][(answer.target_group, answer.target, answer.port)] += 1
            else:
                counts["unanswered"][(answer.target_group, answer.status)] += 1
        elif answer.rule is not None:
            counts["rule"][(answer.rule, answer.status)] += 1
    return counts


def _balancers(state: RegionState, wanted: str | None) -> list[ElbLoadBalancer]:
    """The region's load balancers, or the one `wanted` names (name, ARN, DNS name or URL)."""
    found = sorted(state.elbv2.load_balancers.values(), key=lambda b: b.name)
    if wanted is None:
        return found
    host = wanted.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    chosen = [b for b in found if wanted in (b.name, b.arn) or b.dns_name.lower() == host]
    if not chosen:
        names = ", ".join(b.name for b in found) or "none"
        raise ValueError(f"No load balancer {wanted!r} in {state.region} (there are: {names}).")
    return chosen


def _conditions(lang: str | None, rule: ListenerRule) -> list[str]:
    lines = []
    for condition in rule.conditions:
        field, values = condition.get("Field", ""), ", ".join(condition.get("Values") or [])
        key = {"path-pattern": "path", "host-header": "host"}.get(field)
        lines.append(
            _say(lang, key, values=values)
            if key
            else _say(lang, "other_condition", field=field, values=values)
        )
    return lines


class _Drawing:
    """One picture being built: the graph, the region's state and the counted answers."""

    def __init__(self, state: RegionState, counts: Counts, lang: str | None) -> None:
        self.state, self.counts, self.lang = state, counts, lang
        self.graph = nx.DiGraph(rankdir="LR")
        #: whether answers were given: then every target says how many it got, none included
        self.counted = any(sum(c.values()) for c in counts.values())

    def node(self, key: tuple, kind: str, label: str, **extra: Any) -> tuple:
        if key not in self.graph:
            self.graph.add_node(key, kind=kind, label=label, parent=None, group=False, **extra)
        return key

    # -- in front: load balancer, listeners, rules ---------------------------------------------
    def balancer(self, balancer: ElbLoadBalancer) -> None:
        key = self.node(
            ("load_balancer", balancer.arn),
            "load_balancer",
            _say(
                self.lang,
                "balancer",
                name=balancer.name,
                type=balancer.type,
                scheme=balancer.scheme,
                state=balancer.state,
                dns=balancer.dns_name,
            ),
            attrs={"shape": "box", "style": "rounded,filled,bold"},
        )
        for listener in self.state.elbv2.listeners_of(balancer.arn):
            self.graph.add_edge(key, self.listener(listener), kind="routes")

    def listener(self, listener: Listener) -> tuple:
        key = self.node(
            ("listener", listener.arn),
            "listener",
            _say(self.lang, "listener", protocol=listener.protocol, port=listener.port),
        )
        for rule in self.state.elbv2.rules_of(listener.arn):
            self.graph.add_edge(key, self.rule(rule), kind="routes")
        return key

    def rule(self, rule: ListenerRule) -> tuple:
        title = (
            _say(self.lang, "rule_default")
            if rule.is_default
            else _say(self.lang, "rule", priority=rule.priority)
        )
        key = self.node(
            ("rule", rule.arn), "rule", "\n".join([title, *_conditions(self.lang, rule)])
        )
        action = next(
            (a for a in rule.actions if a.get("Type") in ("forward", "fixed-response", "redirect")),
            None,
        )
        if action is None:
            return key
        if action["Type"] != "forward":
            self.graph.add_edge(key, self.own_answer(rule, action), kind="routes")
            return key
        weights = forward_weights(action)
        total = sum(w for _, w in weights)
        for arn, weight in weights:
            group = self.state.target_groups.get(arn)
            if group is None:
                continue
            label = None
            if len(weights) > 1:
                share = f"{100 * weight / total:.0f}%" if total else "0%"
                label = _say(self.lang, "weight", weight=weight, share=share)
            attrs = {} if weight or len(weights) == 1 else {"style": "dashed"}
            self.graph.add_edge(
                key, self.target_group(group), kind="routes", label=label, attrs=attrs
            )
        return key

    def own_answer(self, rule: ListenerRule, action: dict[str, Any]) -> tuple:
        """A fixed response or redirect: the load balancer answers without a target."""
        if action["Type"] == "fixed-response":
            config = action.get("FixedResponseConfig") or {}
            status = int(config.get("StatusCode", 200))
            body = str(config.get("MessageBody", ""))[:40]
            label = _say(self.lang, "fixed", status=status, body=body)
        else:
            config = action.get("RedirectConfig") or {}
            status = 301 if config.get("StatusCode") == "HTTP_301" else 302
            where = (
                f"{config.get('Protocol', '#{protocol}').lower()}://"
                f"{config.get('Host', '#{host}')}:{config.get('Port', '#{port}')}"
                f"{config.get('Path', '/#{path}')}"
            )
            label = _say(self.lang, "redirect", status=status, location=where)
        n = self.counts["rule"][(rule.priority, status)]
        if n:
            label += "\n" + _served(self.lang, n)
        return self.node(("response", rule.arn), "fixed_response", label)

    # -- behind: target groups, targets, tasks, instances ------------------------------------
    def target_group(self, group: TargetGroup, alone: bool = False) -> tuple:
        key = ("target_group", group.target_group_arn)
        if key in self.graph:
            return key
        healthy = sum(1 for t in group.targets if t.state == "healthy")
        lines = [
            _say(
                self.lang,
                "group",
                name=group.name,
                protocol=group.protocol,
                port=group.port,
                target_type=group.target_type,
                healthy=healthy,
                n=len(group.targets),
            )
        ]
        if self.counts["group"][group.name]:
            lines.append(_say(self.lang, "group_served", n=f"{self.counts['group'][group.name]:,}"))
        for (name, status), n in sorted(self.counts["unanswered"].items()):
            if name == group.name:
                lines.append(_say(self.lang, "unanswered", n=n, status=status))
        if alone:
            lines.append(_say(self.lang, "no_listener"))
        self.node(key, "target_group", "\n".join(lines))
        ordered = sorted(group.targets, key=_state_rank)
        for target in ordered[:TARGETS_SHOWN]:
            self.target(group, target, key)
        hidden = Counter(t.state for t in ordered[TARGETS_SHOWN:])
        if hidden:
            states = ", ".join(f"{n} {state}" for state, n in sorted(hidden.items()))
            more = _say(self.lang, "more_targets", n=sum(hidden.values()), states=states)
            self.graph.add_edge(key, self.node(("more", key), "summary", more), kind="routes")
        return key

    def target(self, group: TargetGroup, target: Target, group_key: tuple) -> None:
        health = target.health
        lines = [_say(self.lang, "target", address=target.address, state=target.state)]
        if health.reason and target.state != "healthy":
            lines.append(health.reason)
            if health.description and target.state in ("unhealthy", "unused"):
                lines.append(health.description)
        n = self.counts["target"][(group.name, target.id, target.port)]
        if self.counted:
            lines.append(_served(self.lang, n))
        key = self.node(
            ("target", group.target_group_arn, target.id, target.port),
            "target",
            "\n".join(lines),
            attrs=dict(TARGET_COLOURS.get(target.state, {})),
        )
        width = {"penwidth": "2.5"} if n else {}
        self.graph.add_edge(group_key, key, kind="routes", attrs=width)
        task = self.state.tasks.get(target.task_arn) if target.task_arn else None
        if task is None:
            note = self.node(("no_task", key), "note", _say(self.lang, "no_task"))
            self.graph.add_edge(key, note, kind="routes", attrs={"style": "dotted"})
            return
        task_key = ("task", task.task_arn)
        if task_key not in self.graph:
            family = (task.task_definition_arn or "").rsplit("/", 1)[-1]
            status = task.last_status or "?"
            self.node(
                task_key,
                "task",
                _say(self.lang, "task", id=task.id[:8], family=family, status=status),
                attrs={"fillcolor": _task_fill(status)},
            )
            self.graph.nodes[task_key]["parent"] = self.instance(task.container_instance_arn)
        self.graph.add_edge(key, task_key, kind="runs")

    def instance(self, arn: str | None) -> tuple | None:
        """The box of the EC2 instance that runs a task (None for Fargate)."""
        instance = self.state.instances.get(arn or "")
        if instance is None:
            return None
        key = ("instance", instance.container_instance_arn)
        if key not in self.graph:
            label = _say(
                self.lang,
                "instance",
                id=instance.ec2_instance_id or instance.id[:8],
                zone=" · ".join(x for x in (instance.instance_type, instance.zone) if x),
            )
            self.graph.add_node(key, kind="instance", label=label, parent=None, group=True)
        return key


def _state_rank(target: Target) -> int:
    state = target.state
    return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)


def _task_fill(status: str) -> str:
    return STATUS_COLOURS.get(status, STATUS_COLOURS["RUNNING"])


def _legend(lang: str | None) -> list[tuple]:
    entries: list[tuple] = [
        (_say(lang, "legend_balancer"), "load_balancer", {"shape": "box"}),
        (_say(lang, "legend_listener"), "listener"),
        (_say(lang, "legend_rule"), "rule"),
        (_say(lang, "legend_fixed"), "fixed_response"),
        (_say(lang, "legend_group"), "target_group"),
    ]
    for state in ("healthy", "initial", "unhealthy", "draining", "unused"):
        entries.append((_say(lang, f"legend_{state}"), "target", TARGET_COLOURS[state]))
    entries += [(_say(lang, "legend_task"), "task"), (_say(lang, "legend_instance"), "instance")]
    return entries


def traffic_graph(
    sim: Any,
    load_balancer: str | None = None,
    *,
    answers: Iterable[Any] | None = None,
    region: str | None = None,
    lang: str | None = None,
) -> nx.DiGraph:
    """The traffic picture's structure (see the module). `load_balancer`: a name, ARN, DNS name
    or URL (None: every load balancer of the region, and the target groups no listener
    forwards to)."""
    world = sim.world
    state = world.region_state(region or world.region)
    counts = count_answers(answers)
    drawing = _Drawing(state, counts, lang)
    balancers = _balancers(state, load_balancer)
    for balancer in balancers:
        drawing.balancer(balancer)
    if load_balancer is None:
        for group in sorted(state.target_groups.values(), key=lambda g: g.name):
            if ("target_group", group.target_group_arn) not in drawing.graph:
                drawing.target_group(group, alone=True)
    graph = drawing.graph
    if balancers:
        title = _say(lang, "title", balancers=", ".join(b.name for b in balancers))
    else:
        title = _say(lang, "title_none", region=state.region)
    sent = sum(counts["group"].values()) + sum(counts["rule"].values())
    if sent:
        title += " · " + _say(lang, "requests", n=f"{sent:,}")
    graph.graph.update(title=title, legend=_legend(lang), legend_title=_say(lang, "legend"))
    return graph


def traffic(
    sim: Any,
    load_balancer: str | None = None,
    *,
    answers: Iterable[Any] | None = None,
    region: str | None = None,
    lang: str | None = None,
) -> Picture:
    """The traffic picture of `sim`'s load balancers (or the one `load_balancer` names), with
    the requests in `answers` (what ``sim.send_requests`` returned) counted per target, target
    group and fixed response. ``lang="ko"``: in Korean. Make it a cell's last expression."""
    return Picture(traffic_graph(sim, load_balancer, answers=answers, region=region, lang=lang))
