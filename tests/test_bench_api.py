"""The API-cost benchmark runs end to end on tiny sizes and prints the tables it promises.
No timing is checked: timings belong to the benchmark's readers, not to pass/fail tests."""

from __future__ import annotations

import importlib.util

from benchmarks.api import CPU_ROW, FLOORED, ROWS, Sizes, tables
from benchmarks.moto_compare import PHASES, Workload

TINY = Sizes(
    tasks=(0, 10, 20),
    instances=2,
    run_task_instances=(1, 2),
    workload=Workload(task_definitions=2, tasks=4, instances=1, families=1),
    budget=0.0,
    least=2,
    most_run_tasks=2,
    rounds=2,
)


def test_the_api_benchmark_prints_every_row_and_ratio() -> None:
    cost, floors, scaling, http, goals = tables(TINY)

    assert cost.columns == ["call", "0 tasks", "10 tasks", "20 tasks", "growth 0->20"]
    assert [row[0] for row in cost.rows] == list(ROWS)
    assert all(isinstance(cell, float) and cell > 0 for row in cost.rows for cell in row[1:])
    assert "returned 0 events in all" in cost.note  # nothing was due in 'advance(1)'

    assert [(row[0], row[1]) for row in floors.rows] == [
        (name, tasks) for name in FLOORED for tasks in TINY.tasks
    ]
    assert floors.columns[-1] == "ecslearn / floor"
    assert floors.columns[-2] == "ecslearn - floor"
    assert all(isinstance(row[-1], float) and isinstance(row[-2], float) for row in floors.rows)

    assert scaling.columns == ["instances", "RunTask", "boto3 floor", "ecslearn / floor", "growth"]
    assert [row[0] for row in scaling.rows] == [1, 2]

    assert http.columns == [
        "phase",
        "ecslearn",
        "ecslearn --state",
        "moto",
        "moto / ecslearn",
        "moto / ecslearn --state",
        "ecslearn --state / ecslearn",
    ]
    assert [row[0] for row in http.rows] == [*PHASES, "total", CPU_ROW]
    assert all(isinstance(row[6], float) for row in http.rows)  # CPU too (Linux's /proc)
    has_moto = importlib.util.find_spec("moto") is not None
    assert all(isinstance(row[c], float) == has_moto for row in http.rows for c in (4, 5))
    assert ("moto skipped" in http.note) != has_moto
    assert "round 1: ecslearn " in http.note and "round 2: ecslearn " in http.note
    floored = ("RunTask (one task)", "DescribeServices (one)", "DescribeTasks (one)")
    assert [row[0] for row in goals.rows] == [
        *(f"growth of {name}" for name in ROWS),
        *(f"{name} / boto3 floor" for name in floored),
        *(f"growth of {name} / boto3 floor" for name in floored),
        "moto / ecslearn, wall s",
        "moto / ecslearn --state, wall s",
    ]
    assert all(row[3] in ("yes", "no") for row in goals.rows[:-2])
    assert all(row[3] in (("yes", "no") if has_moto else ("-",)) for row in goals.rows[-2:])
    for table in (cost, floors, scaling, http, goals):
        assert table.title in table.render()
