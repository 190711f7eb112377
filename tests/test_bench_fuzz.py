"""The fuzzer's long run (`./dev bench fuzz`) runs end to end on a few steps and prints its
tables. How many bugs it finds is the fuzzer's business (tests/fuzz), not this test's."""

from __future__ import annotations

from benchmarks.fuzz import tables


def test_the_fuzz_benchmark_prints_steps_rules_and_answers() -> None:
    summary, rules, answers = tables(steps=30)
    [row] = summary.rows
    assert row[0] >= 30 and row[3] == 0
    assert sum(count for name, count in rules.rows if not name.startswith(" ")) == row[0]
    assert answers.rows[-1][0] == "total"
    assert "steps/s" in summary.render()
