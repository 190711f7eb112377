"""The write-latency benchmark runs end to end on a small world (no timing is asserted)."""

from __future__ import annotations

from benchmarks.writes import MODES, tables


def test_the_write_benchmark_runs_on_a_small_world() -> None:
    (table,) = tables(tasks=10, calls=5, instances=2)
    assert [row[0] for row in table.rows] == list(MODES)
    assert all(value > 0 for row in table.rows for value in row[1:])
