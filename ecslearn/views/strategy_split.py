"""How a capacity provider strategy splits N tasks by base and weight, as a table and a picture.

``strategy_split(strategy, 10)`` answers a `StrategySplit`: per capacity provider, how many of the
tasks it gets, how many of them came from its ``base`` and how many from the weight ratio, and the
launch order task by task, with why each went where. Jupyter shows it as HTML tables;
``.picture()`` draws it with Graphviz.

The split is the scheduler's own: `ecslearn.control.capacity_split.sequence` over the strategy as
launched (`as_launched`), the code RunTask and services launch by, so the table can never
disagree with what a service does. Which tasks "came from base" is read off that sequence: the
scheduler fills a provider's base before anything goes by weight, so a provider's first tasks up
to its base are its base.

The strategy is written as RunTask and CreateService take it (``capacityProvider``, ``base``,
``weight``; `StrategyItem`s work too); ``existing`` counts the tasks each provider already runs,
for a service that scales out by some tasks.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ecslearn.control.capacity_split import StrategyItem, as_launched, sequence
from ecslearn.views.render import Picture
from ecslearn.words import fill, resolve, words
from ecslearn.words.strategy_split import STRATEGY_SPLIT

#: The launch order lists this many tasks (the rest are counted).
STEPS_SHOWN = 24


@dataclass(frozen=True)
class Step:
    """One task of the launch, in order: its provider, and whether its base or weight sent it."""

    number: int
    provider: str
    source: str  # "base" or "weight"
    so_far: dict[str, int]


@dataclass(frozen=True)
class Share:
    """What one provider of the strategy gets."""

    item: StrategyItem
    already: int = 0
    from_base: int = 0
    by_weight: int = 0

    @property
    def provider(self) -> str:
        return self.item.capacity_provider

    @property
    def tasks(self) -> int:
        """The new tasks it gets."""
        return self.from_base + self.by_weight


@dataclass
class StrategySplit:
    """The split of `count` tasks by `strategy`: `shares` per provider (in the strategy's order),
    `steps` in launch order, and `unplaced`, the tasks no provider can take."""

    strategy: list[StrategyItem]
    #: the strategy as launched (a lone provider of weight 0 splits as weight 1)
    launched: list[StrategyItem]
    count: int
    existing: dict[str, int]
    lang: str
    shares: list[Share] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    unplaced: int = 0

    def weights(self) -> dict[str, int]:
        """Provider -> the weight the split goes by (`launched`'s)."""
        return {i.capacity_provider: i.weight for i in self.launched}

    def split(self) -> dict[str, int]:
        """Provider -> the new tasks it gets (what `capacity_split.split` answers)."""
        return {s.provider: s.tasks for s in self.shares}

    # -- words -----------------------------------------------------------------------------------
    def _say(self, key: str, **values: object) -> str:
        return fill(words(STRATEGY_SPLIT, self.lang)[key], **values)

    def _tasks(self, n: int) -> str:
        return self._say("tasks_one" if n == 1 else "tasks_many", n=f"{n:,}")

    @property
    def title(self) -> str:
        key = "title_more" if any(self.existing.values()) else "title"
        return self._say(key, tasks=self._tasks(self.count))

    def sentences(self, rule: bool = True) -> list[str]:
        """The split said in words: the base first, then the weights, then what is left (and,
        with `rule`, the rule the weights follow)."""
        out = []
        based = [s for s in self.shares if s.from_base]
        if based:
            parts = ", ".join(
                self._say("on", tasks=self._tasks(s.from_base), provider=s.provider) for s in based
            )
            out.append(self._say("base_first", parts=parts))
        weighted = sum(s.by_weight for s in self.shares)
        if weighted:
            weights = self.weights()
            ratio = " : ".join(str(w) for w in weights.values() if w > 0)
            parts = ", ".join(
                self._say("on", tasks=self._tasks(s.by_weight), provider=s.provider)
                for s in self.shares
                if weights[s.provider] > 0
            )
            key = "by_ratio" if based else "all_by_ratio"
            out.append(self._say(key, tasks=self._tasks(weighted), ratio=ratio, parts=parts))
        elif self.count and not self.unplaced:
            out.append(self._say("none_by_weight"))
        if self.unplaced:
            out.append(self._say("unplaced", tasks=self._tasks(self.unplaced)))
        if rule:
            out.append(self._say("rule"))
            if any(self.existing.values()):
                out.append(self._say("existing"))
        if len(self.strategy) == 1 and self.strategy[0].weight == 0:
            out.append(self._say("lone_zero"))
        return out

    # -- HTML ------------------------------------------------------------------------------------
    def html(self, steps: int = STEPS_SHOWN) -> str:
        """The summary table, the split in words, and the first `steps` tasks' launch order."""
        say, esc = self._say, html.escape
        with_existing = any(self.existing.values())
        heads = [say("provider"), "base", "weight", say("share")]
        heads += [say("already")] if with_existing else []
        heads += [say("from_base"), say("by_weight"), say("tasks")]
        weights = self.weights()
        total_weight = sum(weights.values())
        rows = []
        for share in self.shares:
            weight = weights[share.provider]
            percent = f"{100 * weight / total_weight:.0f}%" if total_weight and weight else "0%"
            cells = [esc(share.provider), share.item.base, share.item.weight, percent]
            cells += [share.already] if with_existing else []
            cells += [share.from_base, share.by_weight, f"<b>{share.tasks}</b>"]
            rows.append(_row(cells))
        totals = [f"<b>{esc(say('total'))}</b>", "", "", ""]
        totals += [sum(s.already for s in self.shares)] if with_existing else []
        totals += [
            sum(s.from_base for s in self.shares),
            sum(s.by_weight for s in self.shares),
            f"<b>{sum(s.tasks for s in self.shares)}</b>",
        ]
        rows.append(_row(totals))
        parts = [
            f'<div class="ecslearn-strategy-split"><h4>{esc(self.title)}</h4>',
            _table([esc(h) for h in heads], rows),
            "".join(f"<p>{esc(line)}</p>" for line in self.sentences()),
        ]
        if self.steps and steps > 0:
            order = []
            for step in self.steps[:steps]:
                share = next(s for s in self.shares if s.provider == step.provider)
                n = step.so_far[step.provider] - share.already
                why = (
                    say("why_base", n=n, base=share.item.base)
                    if step.source == "base"
                    else say("why_weight")
                )
                so_far = " · ".join(f"{esc(p)} {c}" for p, c in step.so_far.items())
                order.append(_row([step.number, esc(step.provider), esc(why), so_far]))
            heads = [say("task"), say("provider"), say("why"), say("so_far")]
            parts.append(f"<h4>{esc(say('order'))}</h4>")
            parts.append(_table([esc(h) for h in heads], order))
            if len(self.steps) > steps:
                parts.append(f"<p>{esc(say('more', n=len(self.steps) - steps))}</p>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        split = ", ".join(f"{p}={n}" for p, n in self.split().items())
        return f"<StrategySplit of {self.count} tasks: {split}>"

    # -- picture ---------------------------------------------------------------------------------
    def graph(self) -> nx.DiGraph:
        """The tasks on the left, an edge to each provider saying how many from base and how
        many by weight, each provider with its base, weight and total."""
        graph = nx.DiGraph(rankdir="LR", title="\n".join([self.title, *self.sentences(rule=False)]))
        source = ("tasks", self.count)
        graph.add_node(
            source,
            kind="summary",
            label=self._say("node_tasks", tasks=self._tasks(self.count)),
            parent=None,
            group=False,
        )
        for share in self.shares:
            key = ("capacity_provider", share.provider)
            total = self._tasks(share.tasks + share.already)
            graph.add_node(
                key,
                kind="capacity_provider",
                label=self._say(
                    "node_provider",
                    name=share.provider,
                    base=share.item.base,
                    weight=share.item.weight,
                    tasks=total,
                ),
                parent=None,
                group=False,
                share=share,
            )
            label = " + ".join(
                self._say(k, n=n)
                for k, n in (("edge_base", share.from_base), ("edge_weight", share.by_weight))
                if n
            )
            attrs = {} if share.tasks else {"style": "dashed", "color": "#94a3b8"}
            graph.add_edge(source, key, kind="runs", label=label or "0", attrs=attrs)
        return graph

    def picture(self) -> Picture:
        return Picture(self.graph())


def _row(cells: Iterable[object]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _table(heads: list[str], rows: list[str]) -> str:
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>"
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _items(strategy: Iterable[Mapping[str, Any] | StrategyItem]) -> list[StrategyItem]:
    out = [e if isinstance(e, StrategyItem) else StrategyItem.from_json(e) for e in strategy]
    if not out:
        raise ValueError("A capacity provider strategy needs at least one capacity provider.")
    names = [i.capacity_provider for i in out]
    if len(set(names)) < len(names):
        raise ValueError(f"A capacity provider may stand once in a strategy: {names}.")
    return out


def strategy_split(
    strategy: Iterable[Mapping[str, Any] | StrategyItem],
    count: int,
    *,
    existing: Mapping[str, int] | None = None,
    lang: str | None = None,
) -> StrategySplit:
    """How `strategy` (as RunTask and CreateService take it) splits `count` new tasks, given the
    tasks each provider already runs (`existing`). Jupyter shows the answer as tables; its
    ``picture()`` is a Graphviz picture. ``lang="ko"``: in Korean."""
    lang = resolve(lang)
    if count < 0:
        raise ValueError(f"count must be 0 or more; it was {count}.")
    items = _items(strategy)
    have = {i.capacity_provider: int((existing or {}).get(i.capacity_provider, 0)) for i in items}
    launched = as_launched(items)
    order = sequence(launched, count, have)
    so_far = dict(have)
    steps, base_counts, weight_counts = [], dict.fromkeys(have, 0), dict.fromkeys(have, 0)
    bases = {i.capacity_provider: i.base for i in items}
    for number, provider in enumerate(order, 1):
        source = "base" if so_far[provider] < bases[provider] else "weight"
        (base_counts if source == "base" else weight_counts)[provider] += 1
        so_far[provider] += 1
        steps.append(Step(number, provider, source, dict(so_far)))
    shares = [
        Share(
            item,
            already=have[item.capacity_provider],
            from_base=base_counts[item.capacity_provider],
            by_weight=weight_counts[item.capacity_provider],
        )
        for item in items
    ]
    return StrategySplit(
        items, launched, count, have, lang, shares=shares, steps=steps, unplaced=count - len(order)
    )
