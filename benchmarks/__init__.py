"""Benchmarks: how long the parts of ecslearn that must scale take, as plain-text tables.

Run them all with ``python -m benchmarks`` (or some: ``python -m benchmarks placement``). Each
module here exposes ``tables() -> list[Table]``. Timings never appear in pass/fail tests: they
depend on the machine, so they are reported here for people to read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """A titled table of rows, rendered as aligned plain text."""

    title: str
    columns: Sequence[str]
    rows: list[Sequence[Any]] = field(default_factory=list)
    note: str = ""

    def add(self, *cells: Any) -> None:
        self.rows.append(cells)

    def render(self) -> str:
        text = [[_format(cell) for cell in row] for row in self.rows]
        widths = [
            max([len(column)] + [len(row[i]) for row in text])
            for i, column in enumerate(self.columns)
        ]
        lines = [self.title, "=" * len(self.title)]
        lines.append("  ".join(c.rjust(w) for c, w in zip(self.columns, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(
            "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in text
        )
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def _format(cell: Any) -> str:
    if isinstance(cell, float):
        if cell >= 100:
            return f"{cell:,.0f}"
        if cell >= 10:
            return f"{cell:.1f}"
        return f"{cell:.3g}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The fastest of `repeats` runs, in seconds: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best
