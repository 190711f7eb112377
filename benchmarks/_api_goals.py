"""The API benchmark's figures set beside the goals the project holds them to ("every call costs
what it touches", docs/performance.md), so a reader of one run sees at once
which hold. A summary of the run, not a test: timings never pass or fail anything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks import Table
from benchmarks._http_runs import MOTO, PLAIN, STATE, ratio

#: The calls whose growth from the smallest to the largest world is held to GROWTH_GOAL.
GROWTH_GOAL = 1.5
#: (call, most times its boto3 floor) on the issue's 100 instances.
FLOOR_GOALS = (
    ("RunTask (one task)", 2.0),
    ("DescribeServices (one)", 1.5),
    ("DescribeTasks (one)", 1.5),
)
HTTP_GOAL = 3.0  # moto's wall seconds over ecslearn's, at least


def goals_table(rows: Sequence[str], columns: Sequence[Any], http: dict[str, Any] | None) -> Table:
    """`columns` are the benchmark's in-process columns (smallest world first), `http` the
    fastest run of each server (None when the HTTP part did not run)."""
    table = Table(
        "The API's performance goals against this run",
        ["goal", "wanted", "this run", "held"],
        note=(
            "Growth is the largest world's median over the smallest's; a ratio to the floor is "
            "the worst of the columns. DescribeServices' growth is its answer's: the service's "
            "newest events (up to 100), which boto3 parses whoever answers; its growth over "
            "the floor's ('growth of ... / boto3 floor') is what ecslearn adds as the world grows."
        ),
    )
    first, last = columns[0], columns[-1]
    for row in rows:
        growth = last.cells[row].ms / first.cells[row].ms
        table.add(f"growth of {row}", f"<= {GROWTH_GOAL:g}", growth, _yes(growth <= GROWTH_GOAL))
    for row, most in FLOOR_GOALS:
        worst = max(c.over_floor(row) for c in columns)
        table.add(f"{row} / boto3 floor", f"<= {most:g}", worst, _yes(worst <= most))
    for row, _ in FLOOR_GOALS:  # what ecslearn adds, as the world grows, whatever the answer
        growth = last.over_floor(row) / first.over_floor(row)
        held = _yes(growth <= GROWTH_GOAL)
        table.add(f"growth of {row} / boto3 floor", f"<= {GROWTH_GOAL:g}", growth, held)
    if http is not None:
        for name in (PLAIN, STATE):
            faster = ratio(_total(http[MOTO]), _total(http[name]))
            held = "-" if isinstance(faster, str) else _yes(faster >= HTTP_GOAL)
            table.add(f"moto / {name}, wall s", f">= {HTTP_GOAL:g}", faster, held)
    return table


def _total(run: Any) -> float | str:
    """A run's wall seconds, or its reason for not running (moto not installed)."""
    return run if isinstance(run, str) else run.total


def _yes(held: bool) -> str:
    return "yes" if held else "no"
