""" "Why did my task land there?" as a picture: every instance's verdict, step by step.

Read left to right it is the placement pipeline: each filter step (CPU, memory, ports, each
constraint, ...) has a box holding the instances it ruled out, with the numbers that ruled them
out; the instances that passed every step sit in the last box, ranked by the strategy chain
with each strategy's score; the winner is highlighted and linked to the task. When nothing
could take the task, the title says so and why, in ECS's words.

``placement_picture(sim.explain_placement("web", "api"))``
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

import networkx as nx

from ecslearn.control.placement.explain import Explanation, InstanceVerdict
from ecslearn.views.render import Picture

#: Instances shown per box; the rest are counted in one summary node.
DEFAULT_LIMIT = 12
ELIGIBLE = "eligible"


def placement_picture(
    explanation: Explanation, *, task: str | None = None, limit: int = DEFAULT_LIMIT
) -> Picture:
    """Draw an explanation; `task` names what was placed (``"web:3"``) in the picture."""
    return Picture(placement_graph(explanation, task=task, limit=limit))


def placement_graph(
    explanation: Explanation, *, task: str | None = None, limit: int = DEFAULT_LIMIT
) -> nx.DiGraph:
    """The structure `placement_picture` draws: a ``task`` node, one ``step`` group per filter
    that ruled an instance out (in pipeline order) holding ``ruled_out`` instance nodes, and an
    ``eligible`` group of ``candidate`` nodes in rank order, the winner's kind ``chosen``."""
    what = f"a task of {task}" if task else "the task"
    graph = nx.DiGraph(
        title=_title(explanation, what),
        rankdir="LR",
        legend=[
            ("ruled out: the step and its numbers", "ruled_out", {}),
            ("passed every step: score and rank", "candidate", {}),
            ("chosen", "chosen", {}),
        ],
    )
    task_node = ("task", explanation.task)
    graph.add_node(
        task_node,
        kind="task",
        label=f"{what}\n(task {explanation.task + 1} of the call)",
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
        columns.append(_add_box(graph, explanation, step, boxes[step], limit))
    # Invisible edges keep each box a column, left to right in pipeline order.
    for left, right in pairwise(columns):
        for source in left:
            for target in right:
                graph.add_edge(source, target, kind="layout")
    if explanation.chosen_arn:
        graph.add_edge(
            task_node, ("instance", explanation.chosen_arn), kind="runs", label="placed here"
        )
    return graph


def _title(explanation: Explanation, what: str) -> str:
    chain = " → ".join(explanation.strategies) or "none"
    if explanation.chosen_arn:
        chosen = next(v for v in explanation.instances if v.chosen)
        head = f"Placing {what}: instance {chosen.id[:8]} ({chosen.zone}) was chosen"
    elif not explanation.instances:
        head = f"Placing {what} failed: no container instances were found in the cluster"
    else:
        reasons = Counter(
            (v.ruled_out_by.reason or v.ruled_out_by.step)
            for v in explanation.instances
            if v.ruled_out_by
        )
        why = ", ".join(f"{reason} on {n}" for reason, n in reasons.most_common())
        head = f"Placing {what} failed: no instance met every requirement ({why})"
    return f"{head}\nstrategies, in order: {chain}"


def _add_box(
    graph: nx.DiGraph,
    explanation: Explanation,
    step: str,
    verdicts: list[InstanceVerdict],
    limit: int,
) -> list[Any]:
    """Add one step's box and its instances; returns the box and the nodes inside it."""
    box = ("step", step)
    if step == ELIGIBLE:
        label = f"passed every step ({len(verdicts)})"
        if explanation.strategies:
            label += "\nranked by " + " → ".join(explanation.strategies)
    else:
        reason = next((v.ruled_out_by.reason for v in verdicts if v.ruled_out_by), None)
        label = f"ruled out by {step} ({len(verdicts)})" + (f"\n{reason}" if reason else "")
    graph.add_node(box, kind="step", label=label, parent=None, group=True, step=step)
    for verdict in verdicts[:limit]:
        graph.add_node(
            ("instance", verdict.arn),
            kind="chosen" if verdict.chosen else "candidate" if verdict.eligible else "ruled_out",
            label=verdict_label(verdict),
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
            label=f"… and {hidden:,} more",
            parent=box,
            group=False,
            count=hidden,
        )
    if not verdicts:
        graph.add_node(("more", step), kind="note", label="none", parent=box, group=False)
    return [box, *(node for node, data in graph.nodes(data=True) if data["parent"] == box)]


def verdict_label(verdict: InstanceVerdict) -> str:
    lines = [f"{verdict.id[:8]} · {verdict.zone or '?'}"]
    failed = verdict.ruled_out_by
    if failed is not None:
        lines.append(failed.detail or failed.reason or failed.step)
        return "\n".join(lines)
    head = f"rank {verdict.rank}" if verdict.rank is not None else "not ranked"
    if verdict.chosen:
        head += " ✔ chosen"
    lines.append(head)
    lines.extend(f"{strategy} = {_score(score)}" for strategy, score in verdict.scores)
    return "\n".join(lines)


def _score(value: Any) -> str:
    """Whole numbers as they are (``1396``), others to three significant digits (``0.153``)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.3g}"
    return str(value)
