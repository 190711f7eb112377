""" "Why did my task land there?": every instance's verdict under every step, as data.

The Kubernetes scheduler simulator shows each plugin's verdict for each node; this is the same
table for ECS. It is plain data built while placing (never reconstructed afterwards), and
`to_rows()` flattens it to dicts a notebook, a DataFrame or a diagram can show directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASS = "pass"


@dataclass(frozen=True)
class StepVerdict:
    """One filter step's answer for one instance."""

    step: str
    passed: bool
    reason: str | None = None  # ECS's reason when the step failed
    detail: str | None = None  # the same in words, with the numbers


@dataclass(frozen=True)
class InstanceVerdict:
    """One instance, for one task: each step's verdict, each strategy's score, its rank."""

    arn: str
    id: str
    index: int
    status: str
    zone: str | None
    steps: tuple[StepVerdict, ...]
    #: (strategy label, score) in chain order; empty when a step ruled the instance out
    scores: tuple[tuple[str, float], ...] = ()
    rank: int | None = None  # 1 = chosen; None when ruled out
    chosen: bool = False

    @property
    def eligible(self) -> bool:
        return all(verdict.passed for verdict in self.steps)

    @property
    def ruled_out_by(self) -> StepVerdict | None:
        """The first failing step: the one ECS names in ``failures[]``."""
        return next((verdict for verdict in self.steps if not verdict.passed), None)

    def to_row(self, strategies: tuple[str, ...] = ()) -> dict[str, Any]:
        first = self.ruled_out_by
        row: dict[str, Any] = {
            "instance": self.id,
            "index": self.index,
            "status": self.status,
            "zone": self.zone,
        }
        for verdict in self.steps:
            row[verdict.step] = PASS if verdict.passed else verdict.reason
        row["ruled out by"] = first.step if first else None
        row["why"] = first.detail if first else None
        scores = dict(self.scores)
        for label in strategies:
            row[label] = scores.get(label)
        row["rank"] = self.rank
        row["chosen"] = self.chosen
        return row


@dataclass(frozen=True)
class Explanation:
    """The whole table for one task of a `place` call."""

    task: int  # 0-based position of the task within the call
    steps: tuple[str, ...]  # step names, in pipeline order
    strategies: tuple[str, ...]  # strategy labels, in chain order
    instances: tuple[InstanceVerdict, ...]  # every instance given, in index order
    chosen_arn: str | None

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per instance, with the same keys in every row (columns of a table):
        instance, index, status, zone, one column per step ("pass" or ECS's reason),
        "ruled out by", "why", one column per strategy score, "rank", "chosen"."""
        return [instance.to_row(self.strategies) for instance in self.instances]

    def for_instance(self, arn_or_id: str) -> InstanceVerdict:
        for instance in self.instances:
            if arn_or_id in (instance.arn, instance.id):
                return instance
        raise KeyError(arn_or_id)

    def __str__(self) -> str:
        return format_table(self.to_rows())


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table of rows with the same keys (for doctests, terminals and benchmarks)."""
    if not rows:
        return ""
    columns = list(rows[0])
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)
    ]
    lines = ["  ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in cells
    )
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
