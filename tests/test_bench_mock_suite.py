"""The mock_aws benchmark runs end to end on a tiny suite and prints the tables it promises.
No timing is checked: timings belong to the benchmark's readers, not to pass/fail tests."""

from __future__ import annotations

from benchmarks.mock_suite import tables


def test_the_mock_suite_benchmark_runs_its_suites_and_prints_both_tables() -> None:
    overhead, suite = tables(count=3, rounds=2)
    assert overhead.columns[0] == "what each test does"
    assert len(overhead.rows) == 5
    assert all(isinstance(row[1], float) and row[1] > 0 for row in overhead.rows)
    assert [row[0] for row in suite.rows] == ["empty", "empty with fixtures", "deploy scripts"]
    assert all(row[4] == "3 passed" or row[4].startswith("3 passed in") for row in suite.rows)
    assert "ecs_sim + ecs_client cost" in suite.note
