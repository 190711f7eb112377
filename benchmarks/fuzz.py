"""``./dev bench fuzz``: the whole-world fuzzer's long run (issue 15).

Runs `tests.fuzz.machine.WorldMachine` (random and mutated requests for every simulated
operation, clock advances, faults, save/load, every invariant checked after every step) until at
least ``ECSLEARN_FUZZ_STEPS`` steps (default 20,000) have run, in runs of 100 steps from a fresh
world each. A broken invariant stops it with the failing program, unshrunk (shrinking a
100-step program can take many minutes; the assertion names the request or fault at fault).
The tables say how many steps ran, how the calls were answered, and how long it took.
"""

from __future__ import annotations

import os
import sys
import time

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.stateful import run_state_machine_as_test

from benchmarks import Table
from tests.fuzz import machine

STEPS_PER_RUN = 100


def run(steps: int) -> float:
    """Run the machine until `steps` steps have run; the wall time in seconds."""
    per_run = min(STEPS_PER_RUN, steps)
    start = time.perf_counter()
    while machine.STATS.steps < steps:
        left = steps - machine.STATS.steps
        run_state_machine_as_test(
            machine.WorldMachine,
            settings=settings(
                max_examples=max(1, min(20, left // per_run)),
                stateful_step_count=per_run,
                deadline=None,
                database=None,
                verbosity=Verbosity.normal,
                # no shrinking: a failure is reported at once, with its whole program (the
                # assertion names the request or the fault that broke the rule)
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            ),
        )
        elapsed = time.perf_counter() - start
        print(f"fuzz: {machine.STATS.steps:,} steps in {elapsed:.0f} s", file=sys.stderr)
    return time.perf_counter() - start


def tables(steps: int | None = None) -> list[Table]:
    steps = steps or int(os.environ.get("ECSLEARN_FUZZ_STEPS", "20000"))
    machine.STATS = stats = machine.Stats()
    seconds = run(steps)
    summary = Table(
        "Whole-world fuzzer (tests/fuzz): random and mutated requests, faults, clock, save/load",
        ["steps", "worlds", "invariant checks", "invariant failures", "wall s", "steps/s"],
        note="Invariant failures stop the run with the failing program; 0 means every check held.",
    )
    summary.add(stats.steps, stats.examples, stats.checks, 0, seconds, stats.steps / seconds)
    steps_table = Table("Fuzzer steps by rule", ["rule", "steps"])
    for name, count in stats.rules.most_common():
        steps_table.add(name, count)
    for outcome, count in stats.replacements.most_common():
        steps_table.add(f"  killed service task: {outcome}", count)
    answers = Table(
        "Fuzzer calls by answer (accepted, or the modelled AWS error code)", ["answer", "calls"]
    )
    total = sum(stats.outcomes.values())
    for outcome, count in stats.outcomes.most_common():
        answers.add(outcome, count)
    answers.add("total", total)
    return [summary, steps_table, answers]
