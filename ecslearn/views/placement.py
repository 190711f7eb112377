""" "Why did my task land there?" as a picture: every instance's verdict, step by step.

Read left to right it is the placement pipeline: each filter step (CPU, memory, ports, each
constraint, ...) has a box holding the instances it ruled out, with the numbers that ruled them
out; the instances that passed every step sit in the last box, ranked by the strategy chain
with each strategy's score; the winner is highlighted and linked to the task. When nothing
could take the task, the title says so and why, in ECS's words.

``placement_picture(sim.explain_placement("web", "api"))``; ``lang="ko"`` draws it in Korean
(without `lang`: in the session's language, `ecslearn.set_language`).
ECS's own words stay as ECS writes them in every language: step names (``cpu``, ``memory``,
``memberOf(...)``), reason codes (``RESOURCE:MEMORY``), strategies (``binpack(memory)``), zones
and statuses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

import networkx as nx

from ecslearn.control.placement.explain import Explanation, InstanceVerdict
from ecslearn.views.render import Picture
from ecslearn.words import fill, words
from ecslearn.words.placement import PLACEMENT

#: Instances shown per box; the rest are counted in one summary node.
DEFAULT_LIMIT = 12
ELIGIBLE = "eligible"


#: The placement engine's sentences (`InstanceVerdict.ruled_out_by.detail`), each with the
#: `PLACEMENT` entry that says it in the picture's language. A sentence none of them matches is
#: shown as the engine wrote it.
DETAILS = [
    (re.compile(r"status is (?P<status>\S+); only ACTIVE instances take tasks"), "detail_active"),
    (re.compile(r"the container agent is disconnected"), "detail_agent"),
    (re.compile(r"missing attribute (?P<names>.+)"), "detail_attribute"),
    (re.compile(r"needs (?P<need>\d+) CPU units, (?P<left>-?\d+) remaining"), "detail_cpu"),
    (re.compile(r"needs (?P<need>\d+) MiB, (?P<left>-?\d+) remaining"), "detail_memory"),
    (re.compile(r"host port already in use: (?P<ports>.+)"), "detail_ports"),
    (re.compile(r"no free elastic network interface for an awsvpc task"), "detail_eni"),
    (re.compile(r"already runs (?P<n>\d+) task\(s\) of group (?P<group>.*)"), "detail_distinct"),
    (re.compile(r"does not satisfy (?P<expression>.+)"), "detail_member_of"),
]


def _words(lang: str | None) -> dict[str, str]:
    return words(PLACEMENT, lang)


def placement_picture(
    explanation: Explanation,
    *,
    task: str | None = None,
    limit: int = DEFAULT_LIMIT,
    lang: str | None = None,
) -> Picture:
    """Draw an explanation; `task` names what was placed (``"web:3"``) in the picture, `lang`
    is the language of its words (``"en"`` or ``"ko"``; None: the session's)."""
    return Picture(placement_graph(explanation, task=task, limit=limit, lang=lang))


def placement_graph(
    explanation: Explanation,
    *,
    task: str | None = None,
    limit: int = DEFAULT_LIMIT,
    lang: str | None = None,
) -> nx.DiGraph:
    """The structure `placement_picture` draws: a ``task`` node, one ``step`` group per filter
    that ruled an instance out (in pipeline order) holding ``ruled_out`` instance nodes, and an
    ``eligible`` group of ``candidate`` nodes in rank order, the winner's kind ``chosen``."""
    words = _words(lang)
    what = words["what_task"].format(task=task) if task else words["what"]
    graph = nx.DiGraph(
        title=_title(explanation, what, words),
        rankdir="LR",
        legend_title=words["legend_title"],
        legend=[
            (words["legend_ruled_out"], "ruled_out", {}),
            (words["legend_candidate"], "candidate", {}),
            (words["legend_chosen"], "chosen", {}),
        ],
    )
    task_node = ("task", explanation.task)
    graph.add_node(
        task_node,
        kind="task",
        label=words["task"].format(what=what, n=explanation.task + 1),
        parent=None,
        group=False,
    )
    boxes: dict[str, list[InstanceVerdict]] = defaultdict(list)
    for verdict in explanation.instances:
        failed = verdict.ruled_out_by
        boxes[failed.step if failed else ELIGIBLE].append(verdict)
    boxes[ELIGIBLE].sort(key=lambda v: (v.rank is None, v.rank or 0, v.index))
    order = [step for step in explanation.steps if step in boxes] + [ELIGIBLE]
    columns = [[task_node]]
    for step in order:
        columns.append(_add_box(graph, explanation, step, boxes[step], limit, words))
    # Invisible edges keep each box a column, left to right in pipeline order.
    for left, right in pairwise(columns):
        for source in left:
            for target in right:
                graph.add_edge(source, target, kind="layout")
    if explanation.chosen_arn:
        graph.add_edge(
            task_node, ("instance", explanation.chosen_arn), kind="runs", label=words["placed_here"]
        )
    return graph


def _title(explanation: Explanation, what: str, words: dict[str, str]) -> str:
    chain = " → ".join(explanation.strategies) or words["none"]
    if explanation.chosen_arn:
        chosen = next(v for v in explanation.instances if v.chosen)
        head = words["title_chosen"].format(what=what, id=chosen.id[:8], zone=chosen.zone)
    elif not explanation.instances:
        head = words["title_empty"].format(what=what)
    else:
        reasons = Counter(
            (v.ruled_out_by.reason or v.ruled_out_by.step)
            for v in explanation.instances
            if v.ruled_out_by
        )
        why = ", ".join(
            words["reason_on"].format(reason=reason, n=n) for reason, n in reasons.most_common()
        )
        head = words["title_failed"].format(what=what, why=why)
    return f"{head}\n{words['strategies'].format(chain=chain)}"


def _add_box(
    graph: nx.DiGraph,
    explanation: Explanation,
    step: str,
    verdicts: list[InstanceVerdict],
    limit: int,
    words: dict[str, str],
) -> list[Any]:
    """Add one step's box and its instances; returns the box and the nodes inside it."""
    box = ("step", step)
    if step == ELIGIBLE:
        label = words["passed"].format(n=len(verdicts))
        if explanation.strategies:
            label += "\n" + words["ranked_by"].format(chain=" → ".join(explanation.strategies))
    else:
        reason = next((v.ruled_out_by.reason for v in verdicts if v.ruled_out_by), None)
        label = words["ruled_out_by"].format(step=step, n=len(verdicts))
        label += f"\n{reason}" if reason else ""
    graph.add_node(box, kind="step", label=label, parent=None, group=True, step=step)
    for verdict in verdicts[:limit]:
        graph.add_node(
            ("instance", verdict.arn),
            kind="chosen" if verdict.chosen else "candidate" if verdict.eligible else "ruled_out",
            label=_verdict_label(verdict, words),
            parent=box,
            group=False,
            step=step,
            rank=verdict.rank,
            scores=dict(verdict.scores),
            detail=verdict.ruled_out_by.detail if verdict.ruled_out_by else None,
        )
    hidden = len(verdicts) - limit
    if hidden > 0:
        graph.add_node(
            ("more", step),
            kind="summary",
            label=words["more"].format(n=hidden),
            parent=box,
            group=False,
            count=hidden,
        )
    if not verdicts:
        graph.add_node(("more", step), kind="note", label=words["none"], parent=box, group=False)
    return [box, *(node for node, data in graph.nodes(data=True) if data["parent"] == box)]


def verdict_label(verdict: InstanceVerdict, lang: str | None = None) -> str:
    """An instance's node: its id and zone, then why it was ruled out, or its rank and each
    strategy's score."""
    return _verdict_label(verdict, _words(lang))


def _verdict_label(verdict: InstanceVerdict, words: dict[str, str]) -> str:
    lines = [f"{verdict.id[:8]} · {verdict.zone or '?'}"]
    failed = verdict.ruled_out_by
    if failed is not None:
        lines.append(_detail(failed.detail, words) or failed.reason or failed.step)
        return "\n".join(lines)
    rank = words["rank"].format(rank=verdict.rank)
    head = rank if verdict.rank is not None else words["not_ranked"]
    if verdict.chosen:
        head += " " + words["chosen"]
    lines.append(head)
    lines.extend(f"{strategy} = {_score(score)}" for strategy, score in verdict.scores)
    return "\n".join(lines)


def _detail(detail: str | None, words: dict[str, str]) -> str | None:
    """The placement engine's sentence in the picture's language (as written if unknown)."""
    if not detail:
        return detail
    for pattern, key in DETAILS:
        match = pattern.fullmatch(detail)
        if match:
            return fill(words[key], **match.groupdict())
    return detail


def _score(value: Any) -> str:
    """Whole numbers as they are (``1396``), others to three significant digits (``0.153``)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.3g}"
    return str(value)
